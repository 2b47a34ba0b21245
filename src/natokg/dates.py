"""Time expressions in news: the article's own date, and dates relative to it.

News rarely writes full dates. An article says "on Monday (27 November)",
"in July" or "last week", and only the article's own date (its *dateline*)
tells which day, month or year that is. This module finds the dateline and
resolves spaCy DATE-entity texts against it.

It never invents precision: "in July" resolves to a month, "last year" to a
year, and anything vague ("in recent weeks", "the past decade") to `None`.
The module is pure (no spaCy, no I/O) so it is cheap to test exhaustively.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Literal

from natokg.model import PartialDate

Tense = Literal["past", "future"] | None

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

# How far into an article the dateline may sit (after title and page furniture).
DATELINE_WINDOW = 600

_NUMBERS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


def _alternation(words: dict[str, int]) -> str:
    # Longest first, so "sept" wins over "sep" and "march" over "mar".
    return "|".join(sorted(words, key=len, reverse=True))


_WD = _alternation(WEEKDAYS)
_MON = _alternation(MONTHS)
_NUM = r"[0-9]+|" + _alternation(_NUMBERS)
_DAY = r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?"
_MONTH = rf"(?P<m>{_MON})\b\.?"
_YEAR = r"(?P<y>[0-9]{4})(?![0-9])"
_WEEKDAY_PREFIX = rf"(?:(?P<wd>{_WD})\b\s*,?\s*\(?\s*)?"

# Full dates, optionally preceded by a weekday: "Wednesday (31 January 2024)",
# "31 Jan. 2024", "January 31, 2024", "2024-01-31".
_FULL_DATES = (
    re.compile(rf"{_WEEKDAY_PREFIX}\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}", re.I),
    re.compile(rf"{_WEEKDAY_PREFIX}\b{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.I),
    re.compile(r"(?<![0-9])(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})(?![0-9])"),
    # The European numeric form of government sites: "25.06.2025" (day first).
    re.compile(r"(?<![0-9.])(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?P<y>[0-9]{4})(?![0-9])"),
    # A news item's "20-06-2025", and the year-first "2022.03.24" of Baltic sites.
    re.compile(r"(?<![0-9-])(?P<d>[0-9]{1,2})-(?P<m>[0-9]{1,2})-(?P<y>[0-9]{4})(?![0-9])"),
    re.compile(r"(?<![0-9.])(?P<y>[0-9]{4})\.(?P<m>[0-9]{2})\.(?P<d>[0-9]{2})(?![0-9.])"),
)
# Day and month without a year: "Monday (27 November)", "27 November".
_NO_YEAR = r"(?!\.?,?\s*\(?[0-9])"
_DAY_MONTHS = (
    re.compile(rf"{_WEEKDAY_PREFIX}\b{_DAY}\s+(?:of\s+)?{_MONTH}{_NO_YEAR}", re.I),
    re.compile(rf"{_WEEKDAY_PREFIX}\b{_MONTH}\s+{_DAY}\b{_NO_YEAR}", re.I),
)


# --------------------------------------------------------------------------- datelines


def find_dateline(text: str, today: date | None = None) -> date | None:
    """The article's own date, read from its first few hundred characters.

    Ranking (earliest match wins within a rank): a full date confirmed by its
    weekday ("Wednesday (31 January 2024)") is the NATO dateline idiom; then any
    full date; then a weekday with day and month but no year ("on Monday
    (27 November)"); then a wire-service dateline ("BRUSSELS, Oct 17 (Reuters)
    -"). A date without its year is placed in the latest year up to `today` that
    fits the weekday the lead gives ("NATO leaders on Tuesday ...") and, among
    those, preferably a year the article names: an archive's story of June 2025
    is not dated June 2026. Dates after `today` cannot be a dateline and are
    used only as a last resort. With nothing in the head, a line that says when
    the page was published or updated ("Published: 13 Feb 2025"), wherever
    scraping left it, gives the date.
    """
    today = today or date.today()
    years = _years_named(text, today)
    return (_dateline_in(text[:DATELINE_WINDOW], today, years)
            or _dateline_in(_publication_lines(text), today, years))


def _dateline_in(head: str, today: date, years: frozenset[int]) -> date | None:
    confirmed: list[date] = []
    plain: list[date] = []
    future: list[date] = []
    for found, weekday in _full_dates_in(head):
        if found > today:
            future.append(found)
        elif weekday is not None and weekday == found.weekday():
            confirmed.append(found)
        else:
            plain.append(found)
    for candidates in (confirmed, plain):
        if candidates:
            return candidates[0]
    no_year = _weekday_dateline(head, today, years) or _wire_dateline(head, today, years)
    if no_year is not None:
        return no_year
    return future[0] if future else None


_PUBLICATION_LINE = re.compile(
    r"(?im)^[^\w\n]*(?:first\s+|last\s+)?(?:published|updated|posted|issued|released|date)\b[^\n]*")


def _publication_lines(text: str) -> str:
    return "\n".join(match.group(0) for match in _PUBLICATION_LINE.finditer(text))


_YEAR_NAMED = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")


def _years_named(text: str, today: date) -> frozenset[int]:
    """The years an article names, up to today's: a hint for a dateline without one."""
    return frozenset(year for year in map(int, _YEAR_NAMED.findall(text)) if year <= today.year)


# A wire-service dateline: "BRUSSELS, Oct 17 (Reuters) -", "TOKYO, June 20 (AP) —".
_WIRE = re.compile(
    rf"(?m)^\s*[A-Z][A-Z .'-]+(?:,\s*[A-Za-z .]+)?,\s+(?i:{_MONTH})\s+{_DAY}\b\s*[(—–-]")


# The weekday a wire story's lead gives its day: "NATO leaders on Tuesday", "said Thursday".
_LEAD_WEEKDAY = re.compile(rf"\b(?P<wd>{_WD})\b", re.I)


def _wire_dateline(text: str, today: date, years: frozenset[int]) -> date | None:
    """A wire dateline gives no year; the weekday of its lead sentence, if any, narrows it."""
    match = _WIRE.search(text)
    if match is None:
        return None
    lead = _LEAD_WEEKDAY.search(text, match.end(), match.end() + 300)
    weekday = _weekday_of(lead) if lead else None
    return _without_year(_month_of(match), int(match["d"]), weekday, today, years)


def _full_dates_in(text: str) -> Iterator[tuple[date, int | None]]:
    """Every valid full date in `text`, in reading order, with its stated weekday."""
    hits: list[tuple[int, date, int | None]] = []
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text):
            found = _date_from(match)
            if found is not None:
                hits.append((match.start("d"), found, _weekday_of(match)))
    for match in _SLASHED.finditer(text):
        if (found := _slashed_date(match, text)) is not None:
            hits.append((match.start(), found, None))
    for _, found, weekday in sorted(hits, key=lambda hit: hit[0]):
        yield found, weekday


# "Published on 11/07/2024": day first on the European sites that write dates so, month
# first in American copy; a day over 12 or the lead's weekday settles which.
_SLASHED = re.compile(r"(?<![0-9/])(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<y>[0-9]{4})(?![0-9/])")


def _slashed_date(match: re.Match[str], text: str) -> date | None:
    first, second, year = int(match["a"]), int(match["b"]), int(match["y"])
    day_first, month_first = _safe_date(year, second, first), _safe_date(year, first, second)
    readings = [found for found in (day_first, month_first) if found is not None]
    if len(set(readings)) == 2:
        lead = _LEAD_WEEKDAY.search(text, match.end(), match.end() + 400)
        if lead is not None:
            fitting = [found for found in readings if found.weekday() == _weekday_of(lead)]
            readings = fitting or readings
    return readings[0] if readings else None


def _weekday_dateline(text: str, today: date, years: frozenset[int]) -> date | None:
    """The first "Weekday (D Month)" in `text`, in the latest fitting year up to today."""
    hits: list[tuple[int, int, int, int]] = []
    for pattern in _DAY_MONTHS:
        for match in pattern.finditer(text):
            weekday = _weekday_of(match)
            if weekday is not None:
                hits.append((match.start(), weekday, _month_of(match), int(match["d"])))
    for _, weekday, month, day in sorted(hits):
        found = _without_year(month, day, weekday, today, years)
        if found is not None:
            return found
    return None


def _without_year(month: int, day: int, weekday: int | None, today: date,
                  years: frozenset[int]) -> date | None:
    """The latest day up to `today` with this month, day and (if given) weekday, in a
    year the article names if one fits. Failing that, weekdays repeat every 28
    years (29 February included), so two cycles hold one; without a weekday, only
    this year and last are plausible for a story read today."""
    fitting = [candidate for year in range(today.year, max(today.year - 57, 0), -1)
               if (candidate := _safe_date(year, month, day)) is not None and candidate <= today
               and (weekday is None or candidate.weekday() == weekday)]
    named = [candidate for candidate in fitting if candidate.year in years]
    recent = [candidate for candidate in fitting
              if weekday is not None or candidate.year >= today.year - 1]
    chosen = named or recent
    return chosen[0] if chosen else None


# --------------------------------------------------------------------------- resolve


def resolve(expression: str, anchor: date | None, tense: Tense = None) -> PartialDate | None:
    """Resolve a DATE-entity text against the article date `anchor`.

    `tense` breaks ties that only the verb can: "in July" is the coming July in
    "will meet in July" and the past one in "met in July". Returns `None`
    rather than a guess; with no anchor, only absolute dates resolve.
    """
    try:
        result = _resolve(_normalise(expression), anchor, tense)
    except (ValueError, OverflowError):
        # Calendar arithmetic next to date.min/date.max: nothing sensible to say.
        return None
    if result is None or not 1 <= result.year <= 9999:
        return None
    return result


_FILLERS = re.compile(
    r"^(?:on|in|at|during|of|the|by|from|since|until|till|as of|earlier|later|"
    r"early|mid|late|the end of|end of|the beginning of|beginning of|the start of|"
    r"start of)\b[\s-]*"
)
_DAY_RANGE = re.compile(r"(?<![-0-9])\b([0-9]{1,2})\s*(?:-|–|to|and)\s*[0-9]{1,2}\b(?![-0-9])")
_FIRST_OF_DAYS = re.compile(
    rf"^(.*?\b[0-9]{{1,2}}\s+(?:{_MON})|.*?\b(?:{_MON})\s+[0-9]{{1,2}})\s+(?:and|to|until)\s+"
    r".*?[0-9]{1,2}\D*?(?P<year>\s[0-9]{4})?$")


def _first_of_days(text: str) -> str:
    """ "monday 23 june and tuesday 24 june", "june 23 to june 25 2024": two days named in
    full, the first starts them (the year, if any, named after the last)."""
    match = _FIRST_OF_DAYS.match(text)
    if match is None:
        return text
    return match.group(1) + (match.group("year") or "")


_TIME_OF_DAY = re.compile(r"\s+(?:morning|afternoon|evening|night)$")
_CLOCK = re.compile(r"\s+[0-9]{1,2}[:.][0-9]{2}(?:\s*(?:am|pm|[a-z]{3,4}))?$")


def _normalise(expression: str) -> str:
    """Lower-case, drop brackets, commas, possessives and leading prepositions."""
    text = expression.lower().replace("\u2019", "'")
    text = re.sub(r"'s?\b", "", text)
    text = re.sub(r"[(),;!?\"]", " ", text)
    text = " ".join(text.split()).strip(" .:-")
    text = _DAY_RANGE.sub(r"\1", text)  # "30-31 may", "july 9-11": the first day starts it
    text = _first_of_days(re.sub(r"\s+(?:and|to|until)$", "", text))  # "17 may and" (cut short)
    previous = None
    while previous != text:
        previous = text
        text = _FILLERS.sub("", text).strip()
    return _CLOCK.sub("", text)


def _resolve(text: str, anchor: date | None, tense: Tense) -> PartialDate | None:
    absolute = _absolute(text)
    if absolute is not None or anchor is None:
        return absolute
    for rule in _RELATIVE_RULES:
        result = rule(text, anchor, tense)
        if result is not None:
            return result
    return None


def _absolute(text: str) -> PartialDate | None:
    """Dates that need no anchor: a full date, a month and year, or a year."""
    for pattern in _FULL_DATES:
        match = pattern.fullmatch(text)
        if match:
            found = _date_from(match)
            return PartialDate.of(found) if found else None
    match = re.fullmatch(rf"{_MONTH}\s+(?:of\s+)?{_YEAR}", text)
    if match:
        return PartialDate(int(match["y"]), _month_of(match))
    match = re.fullmatch(r"(?:the\s+)?(?:year\s+)?([0-9]{4})", text)
    if match:
        return PartialDate(int(match[1]))
    return None


_DAY_OFFSETS: dict[str, int] = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "yesterday morning": -1,
    "yesterday afternoon": -1,
    "yesterday evening": -1,
    "last night": -1,
    "day before yesterday": -2,
    "tomorrow": 1,
    "tomorrow morning": 1,
    "day after tomorrow": 2,
}


def _named_day(text: str, anchor: date, tense: Tense) -> PartialDate | None:
    """Named days ("today", "yesterday", "tomorrow") and their times of day."""
    offset = _DAY_OFFSETS.get(text)
    return None if offset is None else PartialDate.of(anchor + timedelta(days=offset))


def _day_month(text: str, anchor: date, tense: Tense) -> PartialDate | None:
    """A day and month ("Monday (27 November)") in the fitting year nearest the anchor."""
    for pattern in _DAY_MONTHS:
        match = pattern.fullmatch(text)
        if match:
            month, day, weekday = _month_of(match), int(match["d"]), _weekday_of(match)
            found = _nearest_day_month(anchor, month, day, weekday, tense)
            return PartialDate.of(found) if found else None
    return None


def _nearest_day_month(
    anchor: date, month: int, day: int, weekday: int | None, tense: Tense
) -> date | None:
    # Four years each way so that 29 February always has candidates.
    candidates = [
        found
        for year in range(anchor.year - 4, anchor.year + 5)
        if (found := _safe_date(year, month, day)) is not None
        and (tense != "future" or found >= anchor)
        and (tense != "past" or found <= anchor)
    ]

    def rank(found: date) -> tuple[bool, bool, int]:
        distance = abs((found - anchor).days)
        # A stated weekday picks the year, but only among the nearby ones.
        mismatch = weekday is not None and found.weekday() != weekday
        return distance > 366, mismatch, distance

    return min(candidates, key=rank, default=None)


def _weekday(text: str, anchor: date, tense: Tense) -> PartialDate | None:
    """A weekday ("Thursday", "last Thursday", "next Thursday") relative to the anchor."""
    text = _TIME_OF_DAY.sub("", text)
    match = re.fullmatch(rf"(?:(last|next|this|coming|past|previous)\s+)?({_WD})", text)
    if not match:
        return None
    modifier, ahead = match[1], (WEEKDAYS[match[2]] - anchor.weekday()) % 7
    if modifier in ("last", "past", "previous"):
        offset = -((7 - ahead) % 7 or 7)
    elif modifier in ("next", "coming"):
        offset = ahead or 7
    elif ahead == 0:
        offset = 0
    else:
        offset = -((7 - ahead) % 7) if tense == "past" else ahead
    return PartialDate.of(anchor + timedelta(days=offset))


def _month_name(text: str, anchor: date, tense: Tense) -> PartialDate | None:
    """A month name ("July", "last July", "next July") as a month near the anchor."""
    match = re.fullmatch(rf"(?:(last|next|this|coming|past)\s+)?{_MONTH}", text)
    if not match:
        return None
    modifier, month = match[1], _month_of(match)
    here = anchor.year * 12 + anchor.month - 1
    options = [(year, month) for year in (anchor.year - 1, anchor.year, anchor.year + 1)]

    def delta(option: tuple[int, int]) -> int:
        return option[0] * 12 + option[1] - 1 - here

    if modifier in ("last", "past"):
        pick = max((o for o in options if delta(o) < 0), key=delta)
    elif modifier in ("next", "coming"):
        pick = min((o for o in options if delta(o) > 0), key=delta)
    elif modifier == "this":
        pick = (anchor.year, month)
    elif tense == "future":
        pick = min((o for o in options if delta(o) >= 0), key=delta)
    elif tense == "past":
        pick = max((o for o in options if delta(o) <= 0), key=delta)
    else:
        # Nearest month; an exact tie (six months each way) stays in the anchor's year.
        pick = min(options, key=lambda o: (abs(delta(o)), o[0] != anchor.year))
    return PartialDate(*pick)


_OFFSETS = {"last": -1, "previous": -1, "next": 1, "coming": 1, "this": 0, "current": 0}


def _calendar_unit(text: str, anchor: date, tense: Tense) -> PartialDate | None:
    """The calendar unit of "last week", "next month", "this year", if it is precise."""
    match = re.fullmatch(r"(last|previous|next|coming|this|current)\s+(week|month|year)", text)
    if not match:
        return None
    step, unit = _OFFSETS[match[1]], match[2]
    if unit == "year":
        return PartialDate(anchor.year + step)
    if unit == "month":
        return PartialDate(*_add_months(anchor.year, anchor.month, step))
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
    sunday = monday + timedelta(days=6)
    if (monday.year, monday.month) != (sunday.year, sunday.month):
        return None  # the week straddles two months; a month would be a guess
    return PartialDate(monday.year, monday.month)


def _coming_days(text: str, anchor: date, tense: Tense) -> PartialDate | None:
    """A period of coming days ("over the next two days") starts the day after the anchor."""
    pattern = rf"(?:over\s+)?(?:the\s+)?(?:next|coming)\s+(?:(?:{_NUM}|few|couple of)\s+)?days"
    if re.fullmatch(pattern, text) or text in ("days ahead", "the days ahead"):
        return PartialDate.of(anchor + timedelta(days=1))
    return None


def _ago(text: str, anchor: date, tense: Tense) -> PartialDate | None:
    """Counted back ("two days ago", "a year ago"), at the precision of the unit."""
    match = re.fullmatch(rf"({_NUM})\s+(day|month|year)s?\s+ago", text)
    if not match:
        return None
    count = int(match[1]) if match[1].isdigit() else _NUMBERS[match[1]]
    if match[2] == "day":
        return PartialDate.of(anchor - timedelta(days=count))
    if match[2] == "month":
        return PartialDate(*_add_months(anchor.year, anchor.month, -count))
    return PartialDate(anchor.year - count)


_RELATIVE_RULES: tuple[Callable[[str, date, Tense], PartialDate | None], ...] = (
    _named_day,
    _day_month,
    _weekday,
    _month_name,
    _calendar_unit,
    _coming_days,
    _ago,
)


# --------------------------------------------------------------------------- helpers


def _date_from(match: re.Match[str]) -> date | None:
    return _safe_date(int(match["y"]), _month_of(match), int(match["d"]))


def _month_of(match: re.Match[str]) -> int:
    month = match["m"]
    return int(month) if month.isdigit() else MONTHS[month.lower()]


def _weekday_of(match: re.Match[str]) -> int | None:
    weekday = match.groupdict().get("wd")
    return WEEKDAYS[weekday.lower()] if weekday else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1
