"""Meetings held, named as the press names them: "Foreign Ministers met in Brussels",
"a meeting of defence ministers", "the defence ministers' meeting", "a session of the
North Atlantic Council", "the NATO-Ukraine Council convened", "a foreign ministerial".

A document rule: each report names a meeting format (a curated one: a body's own, or
one the gazetteer lists; else one named after its participants), and `meeting_on`
mints one dated meeting of it. A report without a date of its own takes, in turn, the
date another report of the same meeting in the article gives, a day the sentence
before names ("On Thursday, … He spoke at a meeting of …"), or the article's own day.
A summit is never a meeting: leaders meeting at one name no format (two named sides'
summit is: "the Japan-NATO Summit Meeting"). A transcript's speech reports meetings as
the article's own text does ("Tomorrow, ministers will meet here"); quotations do not.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from spacy.tokens import Span, Token

from natokg.extraction.context import Context
from natokg.extraction.parse import child_of, has_modal, phrase, prep_objects
from natokg.extraction.registry import Trigger, document_relation
from natokg.extraction.triggers import Found
from natokg.link import meeting_on
from natokg.model import Entity, EventHeld, Kind, PartialDate
from natokg.nlp import surface_key

# Verbs whose subject meets ("the NAC met", "the NATO-Ukraine Council convened").
_GATHERING_VERBS = {"meet", "convene", "gather"}
# Verbs whose object is a body in session ("he chaired the NATO-Ukraine Commission").
_SESSION_VERBS = {"chair", "attend", "address", "brief"}
# Nouns that name a meeting ("a meeting of", "a session of", "a foreign ministerial",
# "the gathering of defence ministers").
_MEETING_NOUNS = {"meeting", "ministerial", "session", "talks", "gathering", "briefing",
                  "consultations", "meetings"}
# Nouns that end the proper name of a recurring event ("the Munich Security Conference",
# "the NATO Public Forum"): the name is the meeting's.
_EVENT_NAMES = {"conference", "forum", "dialogue"}
# Words that set one session apart from the body's routine ones ("an emergency session").
_SESSION_KINDS = {"emergency", "extraordinary", "special"}
# Verbs whose object is a meeting asked for, not held ("Estonia requested consultations").
_ASKING_VERBS = {"request", "seek", "call", "demand", "invoke", "want", "propose"}
# What ministers do together only when they meet: "NATO defence ministers on Thursday
# agreed to ...", "the ministers also discussed ..." report the meeting they held.
_COLLECTIVE_VERBS = {"agree", "decide", "endorse", "approve", "adopt", "discuss", "review"}
# "The ministers": whichever ministers the article last reported meeting.
_THE_MINISTERS = Entity(id="format-the-ministers", label="the ministers", kind=Kind.MEETING,
                        from_gazetteer=False)


@dataclass(frozen=True)
class _Report:
    """One sentence's report of a meeting, before its date is settled."""

    format: Entity
    place: Entity | None
    when: PartialDate | None
    sentence: Span
    tense: str | None
    shift: int | None = None  # "a day earlier": so many days from the meeting before

    @property
    def key(self) -> str:
        return surface_key(self.format.label)


@document_relation(
    "meetings",
    triggers=Trigger(lemmas=frozenset(_GATHERING_VERBS | _SESSION_VERBS | _COLLECTIVE_VERBS
                                      | {"take"}),
                     words=frozenset(_MEETING_NOUNS | _EVENT_NAMES | {"summit"})),
    confidence=0.8,
)
def meetings(ctx: Context, triggered: Found) -> Iterator[EventHeld]:
    reports = _in_the_session(_named_ministers(
        [r for sent in ctx.sentences for r in _meeting_reports(ctx, triggered, sent)]))
    dates = _stated_dates(reports)
    events: dict[str, Entity] = {}
    held: list[tuple[_Report, str]] = []
    last: date | None = None  # the day of the meeting reported last
    for report in reports:
        when = _settled_date(ctx, report, dates) if report.shift is None else _shifted(
            last or ctx.anchor, report.shift)
        last = when.as_date() if when is not None and when.precision == "day" else last
        if when is None and report.format.label.split()[-1].lower() in _EVENT_NAMES:
            continue  # "Next: Remarks at the NATO Public Forum": a name, no event reported
        event = meeting_on(report.format, report.place, when, ctx.document.id)
        known = events.get(event.id)
        events[event.id] = known if known is not None and known.place else event
        held.append((report, event.id))
        if report.place is not None:
            ctx.linked.context.setdefault(report.place.id, report.place)
    for report, event_id in held:
        yield EventHeld(event=events[event_id],
                        evidence=ctx.evidence(report.sentence, "meeting", triggered.confidence))


def _named_ministers(reports: list[_Report]) -> list[_Report]:
    """ "The ministers" are those of the last ministers' meeting reported before; with
    none before, they name no meeting."""
    named: list[_Report] = []
    last: Entity | None = None
    for report in reports:
        if report.format is _THE_MINISTERS:
            if last is not None:
                named.append(replace(report, format=last))
            continue
        if report.format.label.endswith("Ministers meeting"):
            last = report.format
        named.append(report)
    return named


def _in_the_session(reports: list[_Report]) -> list[_Report]:
    """A body's meeting, where the article names the session it met in ("the Military
    Committee met in Chiefs of Defence Session … the Military Committee meeting"), is
    that session."""
    sessions = [r.format for r in reports if r.format.label.endswith(" Session")]
    named: list[_Report] = []
    for report in reports:
        body = _body_name(report.format)
        session = next((f for f in sessions if f.label.startswith(f"{body} in ")), None)
        named.append(replace(report, format=session) if session is not None else report)
    return named


def _stated_dates(reports: list[_Report]) -> dict[str, list[PartialDate]]:
    """Each meeting's own dates in the article, each once."""
    dates: dict[str, list[PartialDate]] = {}
    for report in reports:
        if report.when is not None and report.when not in dates.get(report.key, []):
            dates.setdefault(report.key, []).append(report.when)
    return dates


def _settled_date(
    ctx: Context, report: _Report, dates: dict[str, list[PartialDate]]
) -> PartialDate | None:
    """The report's own date, the one date the article gives the meeting elsewhere, the
    day the sentence before names, or the article's day when the sentence reports
    something already held; a meeting reported on its last day dated from its first."""
    settled = _date_reported(ctx, report, dates)
    held = _held_over(ctx)
    if settled is not None and held is not None and settled.as_date() == held[0]:
        return PartialDate.of(held[0] - timedelta(days=held[1] - 1))
    return settled


def _date_reported(
    ctx: Context, report: _Report, dates: dict[str, list[PartialDate]]
) -> PartialDate | None:
    stated = dates.get(report.key, [])
    if report.when is not None:
        return _first_day(report.when, stated)
    if len({_first_day(d, stated) for d in stated}) == 1:
        return _first_day(stated[0], stated)  # one date, or days in a row from the first
    before = _day_before(ctx, report)
    if before is not None:
        return before
    if ctx.anchor and not stated and (report.tense == "past" or not _looks_ahead(report.sentence)):
        # "leaders gathered in Moldova, … the summit in Vilnius next month": held, today
        return PartialDate.of(ctx.anchor)
    return None


def _held_over(ctx: Context) -> tuple[date, int] | None:
    """ "the question that dominated two days of talks here this week", "ministers
    concluded two days of meetings on Friday": the last day of a meeting held over so
    many days (the day the clause names, else the article's)."""
    for day in (t for t in ctx.doc if t.lemma_ == "day" and t.tag_ == "NNS"):
        count = _days(day)
        if _quoted(ctx, day.idx) or count is None or count < 2 or _opening(day) or not any(
                o.lower_ in _MEETING_NOUNS | {"discussions"} for o in prep_objects(day, ("of",))):
            continue
        when = ctx.date_of(_own_words(_clause_verb(day)), "past")
        last = when.as_date() if when is not None and when.precision == "day" else ctx.anchor
        return (last, count) if last is not None else None
    return None


def _own_words(verb: Token) -> list[Token]:
    """A clause's words without those of a relative clause inside it: "capped two days of
    talks among the chiefs, who met Wednesday and Thursday" names no day of its own."""
    inner = {t.i for t in verb.subtree if t.dep_ == "relcl" and t != verb
             for t in t.subtree}
    return [t for t in verb.subtree if t.i not in inner]


def _opening(days: Token) -> bool:
    """ "the first of two days of meetings", "at the start of two days of talks", "met
    on Tuesday for two days of talks": the day named is the first, not the last."""
    head = days.head
    if head.lower_ == "for" and head.head.lemma_ in _GATHERING_VERBS | {"arrive"}:
        return True  # "ministers met on Tuesday for two days of talks": from the day named
    return head.lower_ == "of" and head.head.lower_ in ("first", "start", "beginning", "opening")


def _first_day(when: PartialDate, stated: list[PartialDate]) -> PartialDate:
    """Days in a row are one meeting, held from the first ("ministers met on Thursday
    and Friday … On Friday, the meeting …")."""
    days = {d.as_date() for d in stated} - {None}
    day = when.as_date()
    while day is not None and day - timedelta(days=1) in days:
        day -= timedelta(days=1)
    return PartialDate.of(day) if day is not None else when


def _day_before(ctx: Context, report: _Report) -> PartialDate | None:
    """A day named in the sentence before: "On Thursday, Hegseth flew to Brussels. He
    spoke at a meeting of the Ukraine Defence Contact Group"; never, for a meeting held,
    a date weeks after the article's, which is another event's to come."""
    index = ctx.sentences.index(report.sentence)
    if index == 0:
        return None
    words = [t for t in ctx.sentences[index - 1] if not _quoted(ctx, t.idx)]
    untensed = ctx.date_of(words, None)
    ahead = untensed.as_date() if untensed is not None else None
    if report.tense == "past" and ctx.anchor and ahead is not None and (
            ahead > ctx.anchor + timedelta(days=7)):  # a weekday alone may be ahead
        return None  # "… leaders meet in Washington on July 9-11. Ministers endorsed …"
    when = ctx.date_of(words, report.tense)
    return when if when is not None and when.precision == "day" else None


def _meeting_reports(ctx: Context, triggered: Found, sent: Span) -> Iterator[_Report]:
    for token in triggered(sent):
        if _quoted(ctx, token.idx) or (ctx.quote_at(token.idx) and _asked(sent)):
            continue
        meeting_format = _format_reported(ctx, token)
        if meeting_format is None or _habitual(token) or _denied(token):
            continue
        tense = _report_tense(token)
        if token.lemma_ in _COLLECTIVE_VERBS:
            when = _day_of_decision(ctx, token, tense)
            if when is not None and when.precision != "day":
                continue  # "ministers agreed in 2023 to ...": background, not this meeting
        else:
            when = _when(ctx, token, tense)
        shift = _days_from_before(ctx, token) if when is None else None
        yield _Report(meeting_format, _place(ctx, token), when, sent, tense, shift)


def _habitual(token: Token) -> bool:
    """Meetings held again and again ("has regularly attended the ministers' meetings
    since 2022") are no one meeting held."""
    verb = _clause_verb(token)
    return token.lower_ == "meetings" and any(
        c.lower_ in _HABITS or (c.lower_ == "since" and c.dep_ == "prep") for c in verb.children)


def _denied(token: Token) -> bool:
    """A meeting said not to be held: "ministers did not meet", "there was no confirmation
    of a meeting between the leaders"."""
    for head in (token, *token.ancestors):
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") or c.lower_ == "nor"
               for c in head.children):  # "…, nor of a summit"
            return True
        if head.pos_ in ("VERB", "AUX"):
            return False
    return False


def _quoted(ctx: Context, char: int) -> bool:
    """Within quotation marks: what a speaker asserts, not a report of the meeting. A
    transcript's speech is the speaker's own report ("Tomorrow, ministers will meet
    here"), and so counts, its questions aside."""
    quote = ctx.quote_at(char)
    return quote is not None and quote not in ctx.turns


def _asked(sent: Span) -> bool:
    """A question put in a transcript ("Did ministers meet on Monday?") reports nothing."""
    return sent.text.rstrip().endswith("?")


def _format_reported(ctx: Context, token: Token) -> Entity | None:
    """The meeting format a trigger word reports, if it reports one."""
    if token.pos_ == "VERB" and token.lemma_ in _GATHERING_VERBS:
        if any(_meeting_noun_format(ctx, o) for o in prep_objects(token, ("for",))
               if o.lower_ in _MEETING_NOUNS):
            return None  # "leaders met for a meeting of the European Council": the noun's
        if gathered := _body_gathered(ctx, token):
            return gathered
        subject = _subject_of(token)
        found = _subject_format(ctx, subject) if subject is not None else None
        return _in_session(_with_guests(found, token), token) if found is not None else None
    if token.pos_ == "VERB" and token.lemma_ == "take":
        return _taking_place(ctx, token)
    if token.pos_ == "VERB" and token.lemma_ in _SESSION_VERBS:
        body = child_of(token, ("dobj",))
        found = _body_format(ctx, body) if body is not None else None
        return _with_guests(found, body) if found is not None and body is not None else None
    if token.pos_ == "VERB" and token.lemma_ in _COLLECTIVE_VERBS:
        return _ministers_deciding(ctx, token)
    if token.lower_ == "summit" and token.pos_ in ("NOUN", "PROPN"):
        return (_group_summit(token) or _pair_meeting(ctx, token) or _body_summit(ctx, token)
                or _summit_with(ctx, token))
    if token.lower_ in _EVENT_NAMES and token.pos_ == "PROPN":
        return _named_event(token)
    if token.lower_ == "briefing" and token.pos_ == "NOUN":
        return _briefing(ctx, token)
    if token.lower_ == "consultations":
        return _consultations(ctx, token)
    if token.lower_ in _MEETING_NOUNS and token.pos_ in ("NOUN", "PROPN", "VERB"):
        found = _meeting_noun_format(ctx, token) or _pair_meeting(ctx, token)
        if found is None:
            return _topic_meeting(token)
        return _session_kind(found, token)
    return None


def _subject_of(verb: Token) -> Token | None:
    """Who meets: the verb's subject, the noun a participle or a relative clause hangs on
    ("the Contact Group, which met at Ramstein on 20 January")."""
    subject = child_of(verb, ("nsubj",))
    if subject is not None and subject.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        return verb.head
    if subject is None and verb.dep_ == "xcomp":  # "ministers are due to meet"
        ruling = verb.head.head if verb.head.dep_ == "acomp" else verb.head
        return child_of(ruling, ("nsubj", "nsubjpass"))
    return subject or (verb.head if verb.dep_ == "acl" else None)


def _body_name(meeting_format: Entity) -> str:
    return meeting_format.label.removesuffix(" meeting")


def _in_session(meeting_format: Entity, verb: Token) -> Entity:
    """ "The Military Committee met in Chiefs of Defence Session": the session named is
    the meeting, and its name says more than the body's alone."""
    for obj in prep_objects(verb, ("in",)):
        if obj.lower_ == "session":
            return _session_kind(meeting_format, obj)  # "met in emergency session"
        if any(t.lower_ == "session" and t.pos_ == "PROPN" for t in obj.subtree):
            return replace(meeting_format, label=f"{_body_name(meeting_format)} in {phrase(obj)}")
    return meeting_format


def _session_kind(meeting_format: Entity, noun: Token) -> Entity:
    """ "an emergency session", "a special meeting of the European Council": a session
    out of the body's routine is named as such."""
    kinds = [c.lower_ for c in noun.children
             if c.dep_ in ("amod", "compound") and c.lower_ in _SESSION_KINDS]
    if not kinds:
        return meeting_format
    return replace(meeting_format,
                   label=f"{_body_name(meeting_format)} {kinds[0]} {noun.lower_}")


def _taking_place(ctx: Context, verb: Token) -> Entity | None:
    """ "The next European Council will take place on 20 March": a body named for its
    meetings, held."""
    if not any(c.dep_ == "dobj" and c.lower_ == "place" for c in verb.children):
        return None
    subject = child_of(verb, ("nsubj", "nsubjpass"))
    return _body_format(ctx, subject) if subject is not None else None


def _pair_meeting(ctx: Context, noun: Token) -> Entity | None:
    """ "the Japan-NATO Summit Meeting", "a US-Russia summit": two named sides, joined by a
    hyphen, meeting each other (the name ends at its last noun: "Summit Meeting")."""
    doc = noun.doc
    if noun.i + 1 < len(doc) and doc[noun.i + 1].lower_ in _PAIRED:
        return None
    start = noun.i
    while start > 0 and (doc[start - 1].pos_ == "PROPN" or doc[start - 1].text in ("-", "–")):
        start -= 1
    while doc[start].text in ("-", "–"):
        start += 1
    hyphens = [t.i for t in doc[start:noun.i] if t.text in ("-", "–")]
    sides = [ctx.linked.entity_at(doc[i + step]) for i in hyphens for step in (-1, 1)]
    if not sides or not all(e is not None and e.kind in _SIDES for e in sides):
        return None
    return _named_format(doc[start:noun.i + 1].text)


def _group_summit(noun: Token) -> Entity | None:
    """ "a summit of NATO's Baltic Sea allies", "a summit of Nordic leaders": a group's
    own meeting, not the Alliance's summit (which names no group)."""
    for obj in prep_objects(noun, ("of",)):
        if obj.lemma_ in ("ally", "leader", "country", "state", "nation") and (
                words := _group_named(obj)):
            return _named_format(f"{words} {obj.text.title()} summit")
    return None


def _body_summit(ctx: Context, noun: Token) -> Entity | None:
    """ "the Group of Seven summit", "the second summit of the European Political
    Community", "G7 leaders agreed at their summit in Apulia": the summit of a body of
    leaders other than NATO is a meeting, named as the text names the body."""
    owners = [c for c in noun.children if c.dep_ in ("compound", "nmod")] + prep_objects(
        noun, ("of",))
    if any(c.dep_ == "poss" and c.lower_ == "their" for c in noun.children):
        verb = _governing_verb(noun)
        subject = _subject_of(verb) if verb is not None else None
        owners += [c for c in subject.children if c.dep_ == "compound"] if subject else []
    for owner in owners:
        entity = ctx.linked.entity_at(owner)
        if entity is not None and entity.kind is Kind.ORGANISATION and entity.id != "nato" and (
                _is_body(entity.label)):
            return _named_format(f"{_mention(ctx, owner)} summit", entity.id)
    return None


def _topic_meeting(noun: Token) -> Entity | None:
    """ "the leaders' meeting on Ukraine", "an emergency meeting on European security", "an
    emergency session of world leaders": a meeting out of any routine format, named by
    its topic (or by its leaders), as the press names it."""
    kinds = [c for c in noun.children if c.dep_ in ("amod", "compound") and (
        c.lower_ in _SESSION_KINDS)]
    leaders = [c for c in noun.children if c.dep_ in ("poss", "compound")
               and c.lemma_.lower() == "leader"] + [
        o for o in prep_objects(noun, ("of",)) if _singular(o) == "leader"]
    if not kinds and not leaders:
        return None
    topics = [o for o in prep_objects(noun, ("on",)) if o.ent_type_ not in ("DATE", "TIME")
              and o.lemma_ not in _NO_TOPICS]
    name = " ".join([*(k.lower_ for k in kinds), *(["leaders'"] if leaders and not kinds else []),
                     noun.lower_])
    if topics:
        return _named_format(f"{name} on {phrase(topics[0])}")
    return _named_format(f"{name} of leaders") if kinds and leaders else None


# "a meeting on the sidelines", "on the margins", "on Monday": not what it is about.
_NO_TOPICS = {"sideline", "margin", "side", "behalf", "occasion", "eve", "basis", "day",
              "morning", "evening", "afternoon", "night", "weekend"}


def _summit_with(ctx: Context, noun: Token) -> Entity | None:
    """ "his summit with Vladimir Putin in Helsinki", "a summit with Xi": a leaders' meeting
    named after the one met."""
    for obj in prep_objects(noun, ("with",)):
        entity = ctx.linked.entity_at(obj)
        if entity is not None and entity.kind is Kind.PERSON:
            return _named_format(f"summit with {_mention(ctx, obj)}")
    return None


def _mention(ctx: Context, token: Token) -> str:
    """The words that name the entity at `token`, as the text has them ("Group of Seven")."""
    link = next((lk for lk in ctx.linked.links if lk.start <= token.i < lk.end), None)
    words = token.doc[link.start:link.end] if link is not None else token.doc[token.i:token.i + 1]
    return " ".join(t.text for t in words if t.lower_ != "the")


def _group_named(noun: Token) -> str:
    """The group a plural is named for ("Nordic leaders", "NATO's Baltic Sea allies"),
    other than the Alliance itself, and never half a hyphenated name ("Indo-Pacific")."""
    words = [t for t in noun.subtree if t.i < noun.i and t.dep_ in ("compound", "amod")
             and (t.pos_ == "PROPN" or t.ent_type_ == "NORP") and t.lower_ != "nato"]
    if any(t.nbor(1).text in ("-", "–") or t.nbor(-1).text in ("-", "–") for t in words):
        return ""
    return " ".join(t.text for t in words)


def _countries_named(leaders: Token) -> str:
    """ "the leaders of Nato countries that border the sea", "of the Nordic states": some
    of the Allies, set apart by what is said of them (all the Allies' leaders meet at a
    summit)."""
    for obj in prep_objects(leaders, ("of",)):
        if obj.lemma_ not in ("country", "state", "nation", "ally"):
            continue
        marks = [c for c in obj.children if c.dep_ in ("relcl", "acl") or (
            c.dep_ in ("amod", "compound") and c.lower_ not in ("nato", "allied", "member"))]
        told = [c for c in leaders.children if c.dep_ in ("relcl", "acl")]  # parsed so
        where = {t.i for c in obj.children if c.dep_ == "prep" and c.lower_ in ("in", "at")
                 for t in c.subtree}  # "the Nordic countries in Oslo": the meeting's place
        if marks or told:
            return " ".join([phrase(obj, where), *(phrase(c) for c in told)])
    return ""


def _named_event(noun: Token) -> Entity | None:
    """ "the Munich Security Conference", "the NATO Public Forum": a proper name ending in
    an event's noun is the meeting's own (not a press conference)."""
    names = [c for c in noun.children if c.dep_ == "compound"]
    if noun.dep_ == "pobj" and noun.head.lower_ == "at" and _held_at(noun.head):
        return None  # "leaders meet at the World Forum": the venue
    if noun.dep_ == "compound" or (noun.dep_ == "pobj" and noun.head.lower_ in _AROUND) or any(
            t.dep_ == "appos" and t.lemma_ in _VENUES for t in noun.subtree):
        return None  # "outside the Forum", "the Forum venue", "the Forum, venue of the summit"
    if not names or not noun.text[:1].isupper() or any(
            (t.pos_ != "PROPN" and t.text not in ("-", "–")) or t.lower_ == "press"
            for c in names for t in c.subtree):  # "the Shangri-La Dialogue"
        return None
    start = min(c.left_edge.i for c in names)
    return _named_format(noun.doc[start:noun.i + 1].text)


def _held_at(at: Token) -> bool:
    """Whether "at …" says where people meet, however far down the clause the parser hung
    it ("the Council meets at the level of heads of state and government at the World
    Forum"); one arrives at an event too ("arrived at the Halifax Security Forum")."""
    for head in at.ancestors:
        if head.lower_ in _MEETING_NOUNS | {"summit"}:
            return True
        if head.pos_ in ("VERB", "AUX"):
            return head.lemma_ in _GATHERING_VERBS | {"hold", "host"}
    return False


def _briefing(ctx: Context, noun: Token) -> Entity | None:
    """ "a briefing to the North Atlantic Council": the body's meeting, named a briefing."""
    for obj in prep_objects(noun, ("to", "of", "for")):
        if found := _body_format(ctx, obj):
            return replace(found, label=f"{_body_name(found)} briefing")
    return None


def _consultations(ctx: Context, noun: Token) -> Entity | None:
    """ "Article 4 consultations", "the Council held consultations under Article 4": the
    treaty's consultations held (by the body that held them), not asked for ("Estonia
    requested consultations")."""
    if noun.head.lemma_ in _ASKING_VERBS:
        return None
    held = noun.head if noun.dep_ == "dobj" else None
    subject = child_of(held, ("nsubj",)) if held is not None else None
    body = _body_format(ctx, subject) if subject is not None else None
    scope = list(noun.subtree)
    if held is not None and body is not None:
        scope += [t for o in prep_objects(held, ("under",)) for t in o.subtree]
    article = next((t for t in scope if t.text == "Article" and t.i + 1 < len(t.doc)
                    and t.nbor(1).like_num), None)
    if article is None:
        return None
    by = f"{_body_name(body)} " if body is not None else ""
    return _named_format(f"{by}Article {article.nbor(1).text} consultations")


def _body_gathered(ctx: Context, verb: Token) -> Entity | None:
    """A body met in or convened: "ministers met in the Nuclear Planning Group", "Austin
    convened the Contact Group": the body's meeting, whoever sat in it."""
    for named in (*prep_objects(verb, ("in",)), *(c for c in verb.children if c.dep_ == "dobj")):
        if found := _body_format(ctx, named):
            return found
    return None


def _ministers_deciding(ctx: Context, verb: Token) -> Entity | None:
    """Ministers who agreed or discussed something together, in the past and not in a
    quote: "NATO defence ministers on Thursday agreed to ...". Leaders agreeing meet at
    a summit, and a body deciding ("the Council approved") may have written it."""
    if not _reported_done(verb) or has_modal(verb, ("will", "shall", "would")):
        return None
    subject = child_of(verb, ("nsubj",))
    if subject is None:
        return None
    found = _subject_format(ctx, subject)
    return found if found is not None and (
        found is _THE_MINISTERS or found.label.endswith("Ministers meeting")) else None


def _reported_done(verb: Token) -> bool:
    """ "agreed", "have approved": done, not to be done ("to agree", "are expected to")."""
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children))


def _subject_format(ctx: Context, subject: Token) -> Entity | None:
    """Who meets, or what they are in apposition to: a dateline the parser takes for the
    subject ("BRUSSELS, Feb 14 - The Contact Group met") puts them in apposition."""
    for candidate in (subject, *(c for c in subject.children if c.dep_ == "appos")):
        if found := _participants(ctx, candidate):
            return found
    return None


def _meeting_noun_format(ctx: Context, noun: Token) -> Entity | None:
    linked = ctx.linked.entity_at(noun)
    if linked is not None and linked.kind is Kind.MEETING:
        return linked  # "the defence ministers' meeting", "a foreign ministerial"
    for obj in prep_objects(noun, ("of",)):
        if found := _participants(ctx, obj):
            return found
        if _singular(obj) == "leader" and (with_partners := _leaders_with_guests(noun, obj)):
            return with_partners
        if _singular(obj) == "leader" and (group := _group_named(obj)):
            return _named_format(f"{group} Leaders {noun.lower_}")  # "of Nordic leaders"
        if _singular(obj) == "leader" and (countries := _countries_named(obj)):
            return _named_format(f"{noun.lower_} of the leaders of {countries}")
    for obj in prep_objects(noun, ("between",)):
        if _singular(obj) == "leader" and obj.conjuncts:  # "between leaders and partners"
            guests = obj.conjuncts[0]
            guests_named = phrase(guests, {t.i for t in guests.subtree if t.i > guests.i})
            return _named_format(f"Leaders {noun.lower_} with {guests_named}")
    for obj in prep_objects(noun, ("with",)):  # "a meeting with the Political Committee"
        if found := _body_format(ctx, obj):
            return found
    compounds = [c for c in noun.children if c.dep_ in ("compound", "poss")]
    if compounds and (found := _participants(ctx, compounds[-1])):
        return found
    if noun.dep_ == "dobj" and noun.head.lemma_ in ("hold", "convene", "have", "open",
                                                     "conclude", "begin", "start"):
        subject = _subject_of(noun.head)  # "the Council will hold its meeting", "…, which held"
        if subject is not None and (found := _participants(ctx, subject)):
            return found
    verb = _governing_verb(noun)
    if verb is not None and verb.lemma_ in _COLLECTIVE_VERBS and not compounds:
        return _THE_MINISTERS  # "the plan, agreed at a meeting in Brussels on Friday"
    return None


def _participants(ctx: Context, token: Token) -> Entity | None:
    """The format of those who meet: a body ("the NAC", "the Ukraine Defense Contact
    Group"), a format linked as such, or ministers named by portfolio ("(NATO) Foreign
    Ministers", "Ministers of Foreign Affairs", "National Security Advisers")."""
    body = _body_format(ctx, token)
    if body is not None:
        return body
    if _singular(token) not in _PARTICIPANT_NOUNS or not _plural(token):
        return None
    if bodies := [f for o in prep_objects(token, ("of",)) if (f := _body_format(ctx, o))]:
        return bodies[0]  # "the leaders of the Ukraine Defense Contact Group"
    words = [
        t
        for t in token.subtree
        if t.i < token.i
        and t.dep_ in ("compound", "amod", "nmod")  # "EU foreign ministers": not NATO's
        and t.head.i >= t.i
        and not (t.ent_type_ == "ORG" and t.lower_ == "nato")
        and t.lower_ not in ("allied", "alliance")
        and t.ent_type_ not in ("DATE", "TIME")  # a dateline parsed into the phrase
    ] or _portfolio_after(token)
    if not words and _singular(token) == "minister" and (_definite(token) or _bare(token)):
        return _THE_MINISTERS  # settled by _named_ministers
    if not words or not all(t.pos_ == "PROPN" or t.lower_ in _PORTFOLIOS for t in words):
        return None  # "Foreign Ministers", "defence ministers"; not "several ministers"
    label = " ".join(t.text[:1].upper() + t.text[1:] for t in [*words, token])
    return _named_format(f"{_names_joined(words[0])}{label} meeting")


def _names_joined(first: Token) -> str:
    """The names hyphenated before the first word, which parsers break off: "Japan-
    Australia-New Zealand-Republic of Korea Leaders' Meeting" is all four's meeting."""
    doc = first.doc
    start = _name_start(first)
    while start >= 2 and doc[start - 1].text in ("-", "–") and doc[start - 2].pos_ == "PROPN":
        start = _name_start(doc[start - 2])
    return "".join(t.text_with_ws for t in doc[start:first.i])


def _name_start(token: Token) -> int:
    """Where the name a word is part of begins ("Korea" in "Republic of Korea")."""
    start = token.i
    while start > 0 and token.doc[start].ent_iob_ == "I":
        start -= 1
    return start


def _body_format(ctx: Context, token: Token) -> Entity | None:
    entity = ctx.linked.entity_at(token)
    if entity is None:
        return _body_named_before(ctx, token)
    if entity.id in ctx.linked.meeting_formats:
        return ctx.linked.meeting_formats[entity.id]
    if entity.kind is Kind.MEETING and entity.start is None:
        return entity  # "the Ramstein format met"
    if entity.kind is Kind.ORGANISATION and _is_body(entity.label):
        return _named_format(f"{entity.label} meeting", entity.id)
    return None


def _body_named_before(ctx: Context, token: Token) -> Entity | None:
    """ "He urged the UN Security Council to act, and the council held …": a body called
    by its last word alone is the one last named before."""
    if token.lower_ not in ("council", "committee", "commission") or token.text[:1].isupper():
        return None
    for before in reversed(token.doc[max(token.sent.start - 60, 0):token.i]):
        if before.text[:1].isupper() and before.lower_ == token.lower_:
            return _body_format(ctx, before)
    return None


def _portfolio_after(token: Token) -> list[Token]:
    """ "Ministers of Foreign Affairs", "Ministers of Defence": the portfolio after the noun."""
    for obj in prep_objects(token, ("of",)):
        portfolio = [t for t in obj.subtree if t.lower_ in _PORTFOLIOS and t.lower_ != "national"]
        if portfolio:
            return portfolio
    return []


def _definite(token: Token) -> bool:
    """ "the ministers", "NATO ministers": ministers the article has introduced."""
    return any(c.lower_ == "the" or c.lower_ == "nato" for c in token.children)


def _bare(token: Token) -> bool:
    """ "Ministers also discussed …": plain "ministers", the ones the article is about."""
    return all(c.ent_type_ in ("DATE", "TIME") or c.is_punct for c in token.children)


def _named_format(label: str, body: str | None = None) -> Entity:
    """A format the gazetteer does not list, named after who meets."""
    slug = re.sub(r"[^a-z0-9]+", "-", surface_key(label)).strip("-")
    return Entity(id=f"format-{slug}", label=label, kind=Kind.MEETING, org=body,
                  from_gazetteer=False)


def _leaders_with_guests(noun: Token, leaders: Token) -> Entity | None:
    """ "a session of NATO leaders with the Indo-Pacific partners": a meeting within a
    summit, held with guests; leaders among themselves meet at the summit itself."""
    alone = _named_format(f"Leaders {noun.lower_}")
    for head in (noun, leaders):
        if (found := _with_guests(alone, head)) is not alone:
            return found
    return None


def _with_guests(meeting_format: Entity, verb: Token) -> Entity:
    """ "… will meet with their Indo-Pacific partners", "a session with …": part of what
    the meeting is; a person met with ("with Minister Umerov") is not, nor an aside
    ("met on Wednesday, with Britain in the chair")."""
    guests = [o for o in prep_objects(verb, ("with",))
              if o.ent_type_ != "PERSON" and verb.doc[max(o.head.i - 1, 0)].text != ","]
    if not guests:
        return meeting_format
    named = phrase(guests[0], _bracketed(guests[0]))  # "Partners (IP4)": the name alone
    return replace(meeting_format, label=f"{meeting_format.label} with {named}")


def _bracketed(token: Token) -> set[int]:
    """The words in brackets in a phrase, brackets included."""
    inside, depth = set(), 0
    for t in token.subtree:
        depth += t.text == "("
        if depth:
            inside.add(t.i)
        depth -= t.text == ")" and depth > 0
    return inside


def _place(ctx: Context, token: Token) -> Entity | None:
    """The city "in"/"at" which a meeting is held, wherever the parser hung the phrase:
    on the noun or its participants ("a meeting of defence ministers in Brussels"), on
    the verb ("met at NATO Headquarters in Brussels") or what it convened ("convened the
    Contact Group in Brussels"), or on the verb a meeting noun is the object of ("spoke at
    a meeting of the Contact Group in Brussels")."""
    scopes = [list(token.subtree)] if token.pos_ != "VERB" else []
    verb = token if token.pos_ == "VERB" else _governing_verb(token)
    if verb is not None:
        held = [*prep_objects(verb, ("at",)), *(c for c in verb.children if c.dep_ == "dobj")]
        scopes.append([*verb.children, *(t for o in held for t in o.children)])
    for scope in scopes:
        for prep in (t for t in scope if t.dep_ == "prep" and t.lower_ in ("in", "at")):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                entity = ctx.linked.entity_at(obj)
                if entity is not None and entity.kind is Kind.CITY:
                    return entity
    return None


def _governing_verb(noun: Token) -> Token | None:
    """The verb a meeting noun hangs from through one preposition ("spoke at a meeting")."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        return head.head
    return None


def _clause_verb(token: Token) -> Token:
    if token.pos_ == "VERB":
        return token
    return next((a for a in token.ancestors if a.pos_ == "VERB"), token)


def _report_tense(token: Token) -> str | None:
    """The tense of the clause, unless the meeting is one planned: "discussed preparing
    the meeting, scheduled for October 12" looks ahead to it."""
    nouns = [token, *itertools.takewhile(lambda a: a.pos_ != "VERB", token.ancestors)]
    if any(c.dep_ == "acl" and c.lemma_ in _PLANNED for n in nouns for c in n.children):
        return "future"
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ == "ahead":
        return "future"  # "sent a letter ahead of Thursday's meeting": still to come
    if token.dep_ == "pobj" and token.head.lower_ in ("for", "to") and token.head.head.lemma_ in (
            "invite", "summon"):
        return "future"  # "has invited leaders to Paris on Monday for an emergency meeting"
    return _tense(_clause_verb(token))


def _tense(verb: Token) -> str | None:
    if has_modal(verb, ("will", "shall")) or verb.lemma_ in _PLANNED:
        return "future"  # "the meeting, scheduled for October 12"
    return "past" if verb.tag_ in ("VBD", "VBN") else None


def _when(ctx: Context, token: Token, tense: str | None) -> PartialDate | None:
    """The date in the noun's phrase, else in its clause: never the dateline's, which
    the parser often hangs on the first sentence's verb ("BRUSSELS, Feb 14, 2025 - The
    Contact Group met on Wednesday")."""
    start = _dateline_end(token.sent)
    background = _background(token.sent) | _asides(token, token)
    own = ctx.date_of((t for t in token.subtree if t.i > start and t.i not in background), tense)
    if own is not None:
        return own
    aside = _asides(_clause_verb(token), token)
    clause = [t for t in _clause_verb(token).subtree if t.i > start and t.i not in background
              and t.i not in aside and not _quoted(ctx, t.idx)]
    return (ctx.date_of(clause, tense) or _relative_day(ctx, _clause_verb(token), tense)
            or ctx.date_of(_date_heading(token.sent), tense))


def _date_heading(sent: Span) -> list[Token]:
    """A programme's line: "Tuesday 24 June: the NATO Public Forum …" — the days before
    the colon, on its own line (the parser may join a heading above), date what follows."""
    colon = next((t for t in sent if t.text == ":"), None)
    if colon is None:
        return []
    line = max((t.i for t in sent if t.i < colon.i and "\n" in t.text), default=sent.start - 1)
    heading = [t for t in sent
               if line < t.i < colon.i and not t.is_punct and not t.is_space and t.dep_ != "cc"]
    return heading if heading and all(t.ent_type_ == "DATE" for t in heading) else []


def _asides(verb: Token, token: Token) -> set[int]:
    """Words of an apposition or a relative clause in the verb's clause, which date what
    they tell of ("met at the request of Riga, the third time that a member has triggered
    the procedure following the request on August 2"), not the meeting; one on the
    meeting's own noun ("the Forum, which opened on Tuesday") or a date in apposition
    ("the meeting in Antalya, 14-15 May") dates it."""
    return {t.i for d in verb.subtree if d.dep_ in ("appos", "relcl") and token.i not in (
            d.i, d.head.i) and d.ent_type_ != "DATE" and not d.left_edge.i <= token.i <= (
            d.right_edge.i) for t in d.subtree}


def _background(sent: Span) -> set[int]:
    """Words that date something else than the meeting: what has gone on "since April",
    "since he took office in October"."""
    skipped: set[int] = set()
    for since in (t for t in sent if t.lower_ == "since"):
        scope = since.head if since.dep_ == "mark" else since
        skipped.update(t.i for t in scope.subtree)
    return skipped


def _relative_day(ctx: Context, verb: Token, tense: str | None) -> PartialDate | None:
    """A meeting dated from another event: "The meeting came a day after defence ministers
    met", "ministers met two days before the summit opened" — the day the clause it hangs
    from gives, else the article's day, moved by as many days."""
    mark = next((c for c in verb.children if c.lower_ in ("after", "before")
                 and c.dep_ in ("mark", "prep")), None)
    count = None if mark is None else next(
        (_days(c) for c in mark.children if c.dep_ == "npadvmod"), None)
    if mark is None or count is None:
        return None
    main = verb.head if verb.dep_ == "advcl" else None
    when = None
    if main is not None:
        when = ctx.date_of((t for t in main.subtree if t.i not in set(
            u.i for u in verb.subtree)), _tense(main))
    if when is None and ctx.anchor is not None and tense == "past":
        when = PartialDate.of(ctx.anchor)
    day = when.as_date() if when is not None else None
    if day is None:
        return None
    return PartialDate.of(day - timedelta(days=count if mark.lower_ == "after" else -count))


def _days_from_before(ctx: Context, token: Token) -> int | None:
    """ "A day earlier, defence ministers met …", "the following day", "two days later":
    a meeting dated from the one reported before it, so many days apart."""
    clause = {t.i for t in _clause_verb(token).subtree}
    for ent in ctx.sentence_ents(token.sent):
        match = _SHIFTED.fullmatch(ent.text.lower()) if ent.label_ == "DATE" else None
        if match is None or ent.start not in clause:
            continue
        count = _COUNTS.get(match.group("count") or "a", 1)
        direction = match.group("way") or match.group("which") or match.group("side")
        return -count if direction in ("earlier", "before", "previous") else count
    return None


def _shifted(day: date | None, shift: int) -> PartialDate | None:
    return PartialDate.of(day + timedelta(days=shift)) if day is not None else None


def _days(token: Token) -> int | None:
    """ "a day" → 1, "two days" → 2: how many days apart two events are."""
    if token.lemma_ != "day":
        return None
    number = next((c for c in token.children if c.dep_ in ("det", "nummod")), None)
    if number is None:
        return None
    return _COUNTS.get(number.lower_) or (int(number.text) if number.text.isdigit() else None)


def _day_of_decision(ctx: Context, verb: Token, tense: str | None) -> PartialDate | None:
    """When ministers agreed: "on Thursday agreed", "agreed in 2023", never a date
    inside what they discussed ("discussed the war after the Oct. 7 attack")."""
    start = _dateline_end(verb.sent)
    subject = child_of(verb, ("nsubj",))
    heads = [verb, *([subject] if subject is not None else [])]  # "ministers on Thursday"
    when = [t for head in heads for c in head.children
            if c.dep_ in ("npadvmod", "tmod")
            or (c.dep_ == "prep" and c.lower_ in ("on", "in", "during"))
            for t in c.subtree if t.i > start]
    return ctx.date_of(when, tense)


def _dateline_end(sent: Span) -> int:
    """The index of the dash closing a dateline that opens the sentence ("VILNIUS, July
    11, 2023 (Reuters) -"), or just before the sentence when it has none."""
    for token in sent[1:15]:
        if token.text in ("-", "–", "—", "--") and token.whitespace_ and (
                token.nbor(-1).whitespace_):  # a dash set apart, not "NATO-Ukraine"
            dated = any(t.ent_type_ == "DATE" for t in sent[: token.i - sent.start])
            return token.i if dated else sent.start - 1
    return sent.start - 1


# What a building is called when it is named as one: "the World Forum, venue of the summit".
_VENUES = {"venue", "site", "building", "hall", "centre", "center", "palace"}
# Prepositions of where one stands, not of what one attends: "protesters outside the
# Forum".
_AROUND = {"outside", "inside", "near", "around", "opposite", "beside"}
# Nouns that end the name of two sides' meeting ("the Japan-NATO Summit Meeting").
_PAIRED = {"summit", "meeting", "talks"}
# Who meets whom in such a name.
_SIDES = (Kind.COUNTRY, Kind.ORGANISATION, Kind.PERSON)
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
# A day named from the one before: "a day earlier", "two days later", "the next day",
# "the day before".
_SHIFTED = re.compile(
    r"(?:(?P<count>a|one|two|three|four|five) days? (?P<way>earlier|later|before|after)"
    r"|the (?P<which>previous|next|following) day|the day (?P<side>before|after))")

# Adverbs of what is done again and again: "has regularly attended the meetings".
_HABITS = {"regularly", "routinely", "usually", "often", "annually", "traditionally"}
# Verbs that put a meeting ahead: "the meeting, scheduled for October 12".
_PLANNED = {"schedule", "plan", "set", "due", "expect"}

_PARTICIPANT_NOUNS = {
    "minister",
    "adviser",
    "advisor",
    "leader",
    "chief",
    "ambassador",
    "representative",
    "director",
    "head",
    "commander",
    "secretary",
    "official",
    "envoy",
    "delegate",
    "counterpart",
    "parliamentarian",
}

# Portfolios that name a ministerial meeting in lower case ("a meeting of defence ministers").
_PORTFOLIOS = {"defence", "defense", "foreign", "finance", "interior", "economy", "energy",
               "trade", "justice", "health", "national", "security", "chiefs", "military"}


def _singular(token: Token) -> str:
    """ "Advisers" → "adviser": spaCy leaves proper-noun plurals unlemmatised."""
    word = token.lower_
    return word[:-1] if _plural(token) else word


def _plural(token: Token) -> bool:
    """A plural noun, also one the tagger took for a singular name ("NATO Defence
    Ministers will meet" tags "Ministers" NNP)."""
    if token.tag_ in ("NNS", "NNPS"):
        return token.lower_.endswith("s")
    return token.tag_ == "NNP" and token.lower_[:-1] in _PARTICIPANT_NOUNS and (
        token.lower_.endswith("s"))


def _is_body(label: str) -> bool:
    """A body that meets: a council, a commission, a community of states, a G7 or G20."""
    return any(w in label for w in ("Council", "Commission", "Committee", "Assembly", "Board",
                                    "Community")) or re.fullmatch(r"G\d+", label) is not None


def _looks_ahead(sent: Span) -> bool:
    """A sentence about the future ("will meet", "next month"), where the article's own
    date cannot stand in for an event's."""
    return any(t.lower_ in ("will", "shall", "next", "upcoming", "ahead") or
               (t.lower_ == "to" and t.head.pos_ == "VERB" and t.dep_ == "aux"
                and t.head.lemma_ in ("meet", "hold", "convene")) for t in sent)
