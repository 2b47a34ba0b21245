"""Meetings held: "Foreign Ministers met in Brussels", "a meeting of defence ministers".

A document rule: a meeting reported without a date takes the date another
report of it in the article gives, or the article's own day.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span, Token

from natokg.extraction.context import Context
from natokg.extraction.parse import child_of, has_modal, phrase, prep_objects
from natokg.extraction.registry import Trigger, document_relation
from natokg.extraction.triggers import Found
from natokg.model import Entity, EventHeld, Evidence, Kind, PartialDate
from natokg.nlp import surface_key

_Report = tuple[str, Entity | None, PartialDate | None, Span]  # label, place, date, sentence


@document_relation(
    "meetings",
    triggers=Trigger(lemmas=frozenset({"meet"}), words=frozenset({"meeting", "ministerial"})),
    confidence=0.8,
)
def meetings(ctx: Context, triggered: Found) -> Iterator[EventHeld]:
    reports = [r for sent in ctx.sentences for r in _meeting_reports(ctx, triggered, sent)]
    dated: dict[str, list[PartialDate]] = {}
    for label, _place, when, _sent in reports:
        if when is not None:
            dated.setdefault(surface_key(label), []).append(when)
    for label, _place, _when, sent in reports:  # reported, never dated, not ahead:
        key = surface_key(label)  # "At the Defence Ministers' Meeting, he stressed"
        if key not in dated and ctx.anchor and not _looks_ahead(sent):
            dated[key] = [PartialDate.of(ctx.anchor)]
    events: dict[str, Entity] = {}
    evidence: dict[str, list[Evidence]] = {}
    for label, place, when, sent in reports:
        key = surface_key(label)
        if when is None and len(set(dated.get(key, []))) == 1:
            when = dated[key][0]
        event_id = _meeting_id(label, when, ctx.document.id)
        known = events.get(event_id)
        events[event_id] = Entity(
            id=event_id,
            label=label,
            kind=Kind.MEETING,
            from_gazetteer=False,
            place=(known.place if known and known.place else place.id if place else None),
            start=when,
        )
        if place is not None:
            ctx.linked.context.setdefault(place.id, place)
        item = ctx.evidence(sent, "meeting", triggered.confidence)
        evidence.setdefault(event_id, []).append(item)
    for event_id, event in events.items():
        for item in evidence[event_id]:
            yield EventHeld(event=event, evidence=item)


def _meeting_reports(ctx: Context, triggered: Found, sent: Span) -> Iterator[_Report]:
    for token in triggered(sent):
        if ctx.quote_at(token.idx):
            continue
        if token.lemma_ == "meet" and token.pos_ == "VERB":
            subject = child_of(token, ("nsubj",)) or (token.head if token.dep_ == "acl" else None)
            label = _participants(ctx, subject) if subject is not None else None
            if label:
                label = f"{label} meeting{_withphrase(token)}"
                yield label, _place(ctx, token), _when(ctx, token), sent
        elif token.lower_ in ("meeting", "ministerial") and token.pos_ in (
            "NOUN", "PROPN", "VERB"):
            label = _meeting_noun_label(ctx, token)
            if label:
                yield (
                    label,
                    _place(ctx, token) or _place(ctx, token.head),
                    _when(ctx, token),
                    sent,
                )


def _meeting_noun_label(ctx: Context, noun: Token) -> str | None:
    for obj in prep_objects(noun, ("of",)):
        if label := _participants(ctx, obj):
            return f"{label} meeting"
    compounds = [c for c in noun.children if c.dep_ in ("compound", "poss")]
    if compounds and (label := _participants(ctx, compounds[-1])):
        return f"{label} meeting"
    if noun.dep_ == "dobj" and noun.head.lemma_ in ("hold", "convene", "have"):
        subject = child_of(noun.head, ("nsubj",))  # "the Council will hold its meeting"
        if subject is not None and (label := _participants(ctx, subject)):
            return f"{label} meeting"
    return None


def _participants(ctx: Context, token: Token) -> str | None:
    """ "(NATO) Foreign Ministers", "National Security Advisers", "the NATO-Ukraine Council"."""
    entity = ctx.linked.entity_at(token)
    if entity is not None and entity.kind is Kind.ORGANISATION and _is_body(entity.label):
        return entity.label
    if _singular(token) not in _PARTICIPANT_NOUNS or token.tag_ not in ("NNS", "NNPS"):
        return None
    words = [
        t
        for t in token.subtree
        if t.i < token.i
        and t.dep_ in ("compound", "amod")
        and t.head.i >= t.i
        and not (t.ent_type_ == "ORG" and t.lower_ == "nato")
    ]
    if not words or not all(t.pos_ == "PROPN" or t.lower_ in _PORTFOLIOS for t in words):
        return None  # "Foreign Ministers", "defence ministers"; not "several ministers"
    return " ".join(t.text[:1].upper() + t.text[1:] for t in [*words, token])


def _place(ctx: Context, token: Token) -> Entity | None:
    """The city "in"/"at" which a meeting is held, wherever the parser hung the phrase
    ("a meeting of defence ministers in Brussels" attaches it to "ministers")."""
    if token.pos_ == "NOUN":
        scope = list(token.subtree)
    else:  # a verb's own phrases: "met in Brussels", "met at NATO Headquarters in Brussels"
        at = [o for o in prep_objects(token, ("at",))]
        scope = [*token.children, *(t for o in at for t in o.children)]
    for prep in (t for t in scope if t.dep_ == "prep" and t.lower_ in ("in", "at")):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            entity = ctx.linked.entity_at(obj)
            if entity is not None and entity.kind is Kind.CITY:
                return entity
    return None


def _when(ctx: Context, token: Token) -> PartialDate | None:
    verb = (
        token
        if token.pos_ == "VERB"
        else next((a for a in token.ancestors if a.pos_ == "VERB"), token)
    )
    tense = (
        "future"
        if has_modal(verb, ("will", "shall"))
        else ("past" if verb.tag_ in ("VBD", "VBN") else None)
    )
    own = ctx.date_of(token.subtree, tense)
    if own is not None:
        return own
    clause = [t for t in verb.subtree if not ctx.quote_at(t.idx)]
    return ctx.date_of(clause, tense)


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
    return word[:-1] if token.tag_ in ("NNS", "NNPS") and word.endswith("s") else word


def _is_body(label: str) -> bool:
    return any(w in label for w in ("Council", "Commission", "Committee", "Assembly", "Board"))


def _withphrase(verb: Token) -> str:
    """ "… will meet with their Indo-Pacific partners": part of what the meeting is; a
    person met with ("with Minister Umerov") is not."""
    objects = [o for o in prep_objects(verb, ("with",)) if o.ent_type_ != "PERSON"]
    return f" with {phrase(objects[0])}" if objects else ""


def _meeting_id(label: str, when: PartialDate | None, doc_id: str) -> str:
    """Dated meetings are shared across articles; undated ones stay the article's own."""
    slug = re.sub(r"[^a-z0-9]+", "-", surface_key(label).replace("nato ", "")).strip("-")
    return f"meeting-{slug}-{when.isoformat() if when else doc_id}"


def _looks_ahead(sent: Span) -> bool:
    """A sentence about the future ("will meet", "next month"), where the article's own
    date cannot stand in for an event's."""
    return any(t.lower_ in ("will", "shall", "next", "upcoming", "ahead") or
               (t.lower_ == "to" and t.head.pos_ == "VERB" and t.dep_ == "aux"
                and t.head.lemma_ in ("meet", "hold", "convene")) for t in sent)
