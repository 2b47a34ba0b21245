"""Datelines and relative dates as NATO news writes them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from natokg.dates import MONTHS, WEEKDAYS, find_dateline, resolve
from natokg.model import PartialDate

TODAY = date(2026, 1, 15)
WEDNESDAY = date(2024, 4, 3)  # a Wednesday, the anchor of most cases below


def day(y: int, m: int, d: int) -> PartialDate:
    return PartialDate(y, m, d)


# --------------------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ministers met on Wednesday (31 January 2024) in Brussels.", date(2024, 1, 31)),
        ("Title\n\n31 Jan. 2024 -\nLast updated: 31 Jan. 2024 17:11\n", date(2024, 1, 31)),
        ("Last updated: 31 Jan. 2024 17:11\nBody.", date(2024, 1, 31)),
        ("WASHINGTON, January 31, 2024 - The Secretary General spoke.", date(2024, 1, 31)),
        ("Published 2024-01-31T09:00 by the press office.", date(2024, 1, 31)),
        ("On Friday (5 July 2024), the Secretary General previewed the Summit.", date(2024, 7, 5)),
        ("Sept. 12, 2023: leaders met.", date(2023, 9, 12)),
        ("The 4th of April 2023 saw Finland join.", date(2023, 4, 4)),
    ],
)
def test_find_dateline_full_dates(text: str, expected: date) -> None:
    assert find_dateline(text, today=TODAY) == expected


def test_no_year_weekday_dateline_uses_latest_fitting_year() -> None:
    text = "Ministers will meet, the Secretary General said on Monday (27 November)."
    assert find_dateline(text, today=TODAY) == date(2023, 11, 27)


def test_no_year_weekday_dateline_is_never_after_today() -> None:
    # 27 November 2023 was a Monday; "today" before it rules 2023 out.
    text = "He said on Monday (27 November)."
    found = find_dateline(text, today=date(2023, 11, 1))
    assert found is not None and found <= date(2023, 11, 1)
    assert found.weekday() == 0 and (found.month, found.day) == (11, 27)


def test_full_date_beats_no_year_weekday() -> None:
    text = "On Monday (27 November) ... Last updated: 28 Nov. 2023"
    assert find_dateline(text, today=TODAY) == date(2023, 11, 28)


def test_weekday_confirmed_date_beats_earlier_historic_date() -> None:
    text = "Seventy-five years after 4 April 1949, ministers met on Wednesday (3 April 2024)."
    assert find_dateline(text, today=TODAY) == date(2024, 4, 3)


def test_earliest_plain_date_wins() -> None:
    text = "5 July 2024\n\nLeaders will meet on 9 July 2024 in Washington."
    assert find_dateline(text, today=TODAY) == date(2024, 7, 5)


def test_future_dates_are_a_last_resort() -> None:
    text = "Leaders will meet on 9 July 2030. Reported 5 July 2024."
    assert find_dateline(text, today=TODAY) == date(2024, 7, 5)
    assert find_dateline("Leaders will meet on 9 July 2030.", today=TODAY) == date(2030, 7, 9)


def test_dateline_only_in_the_head_of_the_article() -> None:
    text = "x" * 700 + " On Wednesday (31 January 2024)."
    assert find_dateline(text, today=TODAY) is None


@pytest.mark.parametrize("text", ["", "No date here.", "31 February 2024", "Monday (31 June)"])
def test_find_dateline_none(text: str) -> None:
    assert find_dateline(text, today=TODAY) is None


def test_find_dateline_defaults_today() -> None:
    assert find_dateline("On Friday (5 July 2024) he spoke.") == date(2024, 7, 5)


# --------------------------------------------------------------------------- absolute dates


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("7 February 2024", day(2024, 2, 7)),
        ("Wednesday (7 February 2024)", day(2024, 2, 7)),
        ("on Wednesday, 7 February 2024", day(2024, 2, 7)),
        ("February 7, 2024", day(2024, 2, 7)),
        ("February 7th, 2024", day(2024, 2, 7)),
        ("7 Feb. 2024", day(2024, 2, 7)),
        ("2024-02-07", day(2024, 2, 7)),
        ("July 2024", PartialDate(2024, 7)),
        ("in July 2024", PartialDate(2024, 7)),
        ("mid-July 2024", PartialDate(2024, 7)),
        ("2024", PartialDate(2024)),
        ("in 2024", PartialDate(2024)),
        ("the end of 2024", PartialDate(2024)),
    ],
)
def test_absolute_dates_need_no_anchor(expression: str, expected: PartialDate) -> None:
    assert resolve(expression, None) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("Thursday 9 May and Friday 10 May 2024", day(2024, 5, 9)),
        ("May 9 to May 11, 2024", day(2024, 5, 9)),
        ("9 May and 10 May 2024", day(2024, 5, 9)),
    ],
)
def test_two_days_named_in_full_start_on_the_first(expression: str, expected: PartialDate) -> None:
    assert resolve(expression, None) == expected
    assert resolve(expression, WEDNESDAY, "past") == expected


@pytest.mark.parametrize("expression", ["31 February 2024", "2024-13-01", "0000"])
def test_impossible_absolute_dates(expression: str) -> None:
    assert resolve(expression, WEDNESDAY) is None


@pytest.mark.parametrize(
    "expression", ["July", "27 November", "Thursday", "today", "last year", "next week"]
)
def test_without_anchor_only_absolute_dates_resolve(expression: str) -> None:
    assert resolve(expression, None) is None


# --------------------------------------------------------------------------- day and month


def test_day_month_without_year_nearest_anchor() -> None:
    assert resolve("on Monday (27 November)", date(2023, 11, 27)) == day(2023, 11, 27)
    assert resolve("27 November", date(2023, 11, 20)) == day(2023, 11, 27)
    assert resolve("November 27", date(2024, 1, 31)) == day(2023, 11, 27)


def test_day_month_follows_tense() -> None:
    anchor = date(2024, 1, 31)
    assert resolve("27 November", anchor, "past") == day(2023, 11, 27)
    assert resolve("27 November", anchor, "future") == day(2024, 11, 27)


def test_day_month_weekday_picks_the_year() -> None:
    # From mid-2024, 27 November is nearer in 2024 (a Wednesday), but the
    # stated Monday fits 2023.
    assert resolve("Monday (27 November)", date(2024, 6, 1)) == day(2023, 11, 27)


def test_leap_day_without_year() -> None:
    assert resolve("29 February", date(2023, 6, 1), "past") == day(2020, 2, 29)
    assert resolve("29 February", date(2023, 6, 1), "future") == day(2024, 2, 29)


def test_impossible_day_month() -> None:
    assert resolve("31 June", WEDNESDAY) is None


# --------------------------------------------------------------------------- months


@pytest.mark.parametrize(
    ("expression", "tense", "expected"),
    [
        ("in July", None, PartialDate(2024, 7)),
        ("July", "future", PartialDate(2024, 7)),
        ("in July", "past", PartialDate(2023, 7)),
        ("April", "past", PartialDate(2024, 4)),
        ("April", "future", PartialDate(2024, 4)),
        ("last July", None, PartialDate(2023, 7)),
        ("last July", "future", PartialDate(2023, 7)),
        ("next July", "past", PartialDate(2024, 7)),
        ("last April", None, PartialDate(2023, 4)),
        ("next April", None, PartialDate(2025, 4)),
        ("last October", None, PartialDate(2023, 10)),
        ("this July", "past", PartialDate(2024, 7)),
        ("in November", None, PartialDate(2023, 11)),
        ("in October", None, PartialDate(2024, 10)),
        ("in September", None, PartialDate(2024, 9)),
    ],
)
def test_bare_months(expression: str, tense: str | None, expected: PartialDate) -> None:
    assert resolve(expression, WEDNESDAY, tense) == expected  # type: ignore[arg-type]


def test_month_year_rollover() -> None:
    december = date(2023, 12, 20)
    assert resolve("in January", december, "future") == PartialDate(2024, 1)
    assert resolve("in January", december) == PartialDate(2024, 1)
    assert resolve("in January", december, "past") == PartialDate(2023, 1)
    assert resolve("last December", date(2024, 1, 10)) == PartialDate(2023, 12)
    assert resolve("next January", december) == PartialDate(2024, 1)


def test_six_months_each_way_stays_in_anchor_year() -> None:
    assert resolve("July", date(2024, 1, 15)) == PartialDate(2024, 7)


# --------------------------------------------------------------------------- weekdays


@pytest.mark.parametrize(
    ("expression", "tense", "expected"),
    [
        ("Thursday", None, day(2024, 4, 4)),
        ("on Thursday", "future", day(2024, 4, 4)),
        ("on Thursday", "past", day(2024, 3, 28)),
        ("Monday", None, day(2024, 4, 8)),
        ("Monday", "past", day(2024, 4, 1)),
        ("Wednesday", "past", day(2024, 4, 3)),
        ("Earlier Wednesday", None, day(2024, 4, 3)),
        ("Wednesday evening", "future", day(2024, 4, 3)),
        ("last Thursday", None, day(2024, 3, 28)),
        ("last Wednesday", None, day(2024, 3, 27)),
        ("next Wednesday", None, day(2024, 4, 10)),
        ("next Friday", "past", day(2024, 4, 5)),
        ("Thursday morning", None, day(2024, 4, 4)),
    ],
)
def test_weekdays(expression: str, tense: str | None, expected: PartialDate) -> None:
    assert resolve(expression, WEDNESDAY, tense) == expected  # type: ignore[arg-type]


def test_weekday_crosses_year() -> None:
    assert resolve("Monday", date(2023, 12, 29), "future") == day(2024, 1, 1)
    assert resolve("Friday", date(2024, 1, 1), "past") == day(2023, 12, 29)


# --------------------------------------------------------------------------- relative words


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("today", day(2024, 4, 3)),
        ("Earlier today", day(2024, 4, 3)),
        ("this morning", day(2024, 4, 3)),
        ("tonight", day(2024, 4, 3)),
        ("yesterday", day(2024, 4, 2)),
        ("tomorrow", day(2024, 4, 4)),
        ("over the next two days", day(2024, 4, 4)),
        ("the next two days", day(2024, 4, 4)),
        ("in the coming days", day(2024, 4, 4)),
        ("the next few days", day(2024, 4, 4)),
        ("two days ago", day(2024, 4, 1)),
        ("last month", PartialDate(2024, 3)),
        ("this month", PartialDate(2024, 4)),
        ("earlier this month", PartialDate(2024, 4)),
        ("next month", PartialDate(2024, 5)),
        ("three months ago", PartialDate(2024, 1)),
        ("last year", PartialDate(2023)),
        ("this year", PartialDate(2024)),
        ("later this year", PartialDate(2024)),
        ("next year", PartialDate(2025)),
        ("a year ago", PartialDate(2023)),
        ("next week's", PartialDate(2024, 4)),
    ],
)
def test_relative_expressions(expression: str, expected: PartialDate) -> None:
    assert resolve(expression, WEDNESDAY) == expected


def test_month_offsets_roll_over_years() -> None:
    assert resolve("last month", date(2024, 1, 31)) == PartialDate(2023, 12)
    assert resolve("next month", date(2023, 12, 20)) == PartialDate(2024, 1)


def test_weeks_resolve_only_when_inside_one_month() -> None:
    # Week of Wednesday 3 April 2024 runs 1-7 April; the previous one 25-31 March.
    assert resolve("last week", WEDNESDAY) == PartialDate(2024, 3)
    assert resolve("next week", WEDNESDAY) == PartialDate(2024, 4)
    assert resolve("this week", WEDNESDAY) == PartialDate(2024, 4)
    # Week of Wednesday 31 January 2024 runs 29 January - 4 February.
    assert resolve("this week", date(2024, 1, 31)) is None
    assert resolve("last week", date(2024, 2, 7)) is None


@pytest.mark.parametrize(
    "expression",
    [
        "in recent weeks",
        "the past decade",
        "the weeks to come",
        "the coming weeks",
        "recently",
        "for a long haul",
        "the 1990s",
        "summer",
        "",
        "   ",
        "the next day",
        "decades",
    ],
)
def test_vague_expressions_are_none(expression: str) -> None:
    assert resolve(expression, WEDNESDAY) is None


def test_edges_of_the_calendar_are_none_not_errors() -> None:
    assert resolve("tomorrow", date.max) is None
    assert resolve("yesterday", date.min) is None
    assert resolve("next year", date(9999, 6, 1)) is None
    assert resolve("99999999999999999999 days ago", WEDNESDAY) is None


def test_exported_maps() -> None:
    assert WEEKDAYS["thursday"] == 3
    assert MONTHS["sept"] == MONTHS["september"] == 9


# --------------------------------------------------------------------------- properties

_words = st.sampled_from(
    [
        *WEEKDAYS,
        *MONTHS,
        "last",
        "next",
        "this",
        "on",
        "in",
        "the",
        "(",
        ")",
        ",",
        "ago",
        "days",
        "week",
        "month",
        "year",
        "today",
        "31",
        "29",
        "2024",
        "0000",
        "9999",
        "two",
    ]
)
_expressions = st.one_of(
    st.text(max_size=60),
    st.lists(_words, max_size=6).map(" ".join),
)
_tenses = st.sampled_from([None, "past", "future"])


@given(_expressions, st.one_of(st.none(), st.dates()), _tenses)
def test_resolve_never_raises_and_days_are_valid(
    expression: str, anchor: date | None, tense: str | None
) -> None:
    result = resolve(expression, anchor, tense)  # type: ignore[arg-type]
    if result is not None:
        assert 1 <= result.year <= 9999
        if result.precision == "day":
            assert result.as_date() is not None
        if result.month is not None:
            assert 1 <= result.month <= 12


@given(st.text(max_size=300), st.dates())
def test_find_dateline_never_raises(text: str, today: date) -> None:
    found = find_dateline(text, today=today)
    assert found is None or isinstance(found, date)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NATO chief urges allies\n\nBRUSSELS, Oct 17 (Reuters) - NATO", date(2026, 10, 17)),
        ("Leaders to attend\n\nTOKYO, June 20 (AP) — Japanese", date(2026, 6, 20)),
        ("x\n\nWASHINGTON, D.C., Dec 2 (AP) — the US", date(2025, 12, 2)),
        ("no dateline here, Oct 17 is mentioned - in passing", None),
    ],
)
def test_wire_service_dateline_takes_the_latest_year_up_to_today(text, expected):
    assert find_dateline(text, today=date(2026, 11, 23)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The lead's weekday: 24 June was a Tuesday in 2025, not in 2026.
        ("x\n\nBRUSSELS, June 24 (Reuters) - Leaders on Tuesday agreed", date(2025, 6, 24)),
        # No weekday: a year the story names that fits wins over this year.
        ("x\n\nOSLO, March 3 (Reuters) - Norway will, as in 2024, give", date(2024, 3, 3)),
        # A named year the weekday does not fit is no hint.
        ("x\n\nRIGA, May 5 (AP) — Latvia said on Monday it had, in 2024, bought", date(2025, 5, 5)),
    ],
)
def test_wire_dateline_year_from_lead_weekday_and_named_years(text: str, expected: date) -> None:
    assert find_dateline(text, today=date(2026, 11, 23)) == expected


def test_no_year_weekday_dateline_prefers_a_year_the_article_names() -> None:
    # 27 November was a Monday in 2023 and in 2017: the story names 2017.
    text = "He spoke on Monday (27 November) of the 2017 exercises."
    assert find_dateline(text, today=TODAY) == date(2017, 11, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pressemitteilung\n\n25.06.2025\n\nThe Chancellor met", date(2025, 6, 25)),
        ("Headline\n\nNews item | 09-05-2024 | 14:00\n\nThe minister met", date(2024, 5, 9)),
        ("Headline\n\nRadio newsroom\n2023.11.08 10:15\n\nLeaders met", date(2023, 11, 8)),
        ("Title\n\nPublished on 11/07/2024\n\nLeaders met", date(2024, 7, 11)),  # day first
        ("Title\n\n07/25/2024\n\nLeaders met", date(2024, 7, 25)),  # no month 25
        # 3 April 2024 was a Wednesday, 4 March 2024 a Monday: the lead's weekday decides.
        ("Title\n\n04/03/2024\n\nMinisters on Wednesday agreed", date(2024, 4, 3)),
        ("Title\n\n" + "Body words. " * 80 + "\nPublished: 13 Feb 2025\nShare", date(2025, 2, 13)),
        ("Title\n\n" + "Body words. " * 80 + "\nLast updated 4 March 2024 09:12", date(2024, 3, 4)),
    ],
)
def test_dotted_dates_and_publication_lines_anywhere(text: str, expected: date) -> None:
    assert find_dateline(text, today=TODAY) == expected


def test_a_full_date_deep_in_the_body_is_no_dateline() -> None:
    text = "Title\n\n" + "Body words. " * 80 + "\nThe treaty was signed on 4 April 1949."
    assert find_dateline(text, today=TODAY) is None
