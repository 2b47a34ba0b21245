"""Invitations: "X has invited the leaders of A and B to the Summit", and the other
ways news reports them: "A and B have been invited to attend the summit", "the
partners invited to the summit", "accepted the invitation to the summit".

A partner attending a summit ("the summit was attended by the leaders of A and
B", "A will take part in the summit", "the leaders of A joined the summit") was
invited to it: Allies attend by right, partners by invitation, so attendance is
read as an invitation for partners only, with a lower confidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from spacy.tokens import Span, Token

from natokg.extraction.context import Context
from natokg.extraction.parse import asserted, child_of, prep_objects
from natokg.extraction.registry import Trigger, relation
from natokg.extraction.triggers import Found
from natokg.model import Entity, Invitation, Kind

_ATTEND_VERBS = {"attend", "join", "participate", "take"}
_EVENT_KINDS = (Kind.SUMMIT, Kind.MEETING)
_INVITEE_KINDS = (Kind.COUNTRY, Kind.ORGANISATION, Kind.PERSON, Kind.FRAMEWORK)
_ATTENDED_CONFIDENCE = 0.7  # attendance implies, but does not state, the invitation


@relation(
    "invitations",
    triggers=Trigger(lemmas=frozenset({"invite", "invitation"} | _ATTEND_VERBS)),
    confidence=0.9,
)
def invitations(ctx: Context, triggered: Found, sent: Span) -> Iterator[Invitation]:
    seen: set[tuple[str, str]] = set()
    for token in triggered(sent):
        if not asserted(token):
            continue
        for invitee, event, inviter, rule, confidence in _invitations(ctx, token, triggered):
            if (invitee.id, event.id) in seen:
                continue
            seen.add((invitee.id, event.id))
            yield Invitation(
                invitee=invitee,
                event=event,
                inviter=inviter,
                evidence=ctx.evidence(sent, rule, confidence),
            )


_Found = tuple[Entity, Entity, Entity | None, str, float]


def _invitations(ctx: Context, token: Token, triggered: Found) -> Iterator[_Found]:
    if token.lemma_ == "invite" and token.pos_ == "VERB":
        yield from _invited(ctx, token, triggered.confidence)
    elif token.lemma_ == "invitation" and token.pos_ == "NOUN":
        yield from _accepted_invitation(ctx, token, triggered.confidence)
    elif token.lemma_ in _ATTEND_VERBS and token.pos_ == "VERB":
        yield from _attended(ctx, token)


def _invited(ctx: Context, verb: Token, confidence: float) -> Iterator[_Found]:
    """ "invited A to the summit", "A were invited to attend the summit", "the partners
    invited to the summit" (whoever "were among" them)."""
    events = _events(ctx, verb, ("to", "for"))
    invitees = [t for dep in ("dobj", "nsubjpass") if (t := child_of(verb, (dep,)))]
    if verb.dep_ == "acl":  # "A and B were among the partners invited to …"
        invitees.append(verb.head)
        if verb.head.dep_ == "pobj" and verb.head.head.lower_ == "among":
            invitees += [s for s in (child_of(verb.head.head.head, ("nsubj",)),) if s]
    inviter = ctx.speaker_of(verb) if child_of(verb, ("nsubj",)) else None
    for event in events:
        for invitee in _invitees(ctx, invitees):
            yield invitee, event, inviter, "invite-to", confidence


def _accepted_invitation(ctx: Context, noun: Token, confidence: float) -> Iterator[_Found]:
    """ "A accepted the invitation to the summit", "accepted NATO's invitation to attend
    the summit": the one who accepts was invited."""
    if noun.dep_ != "dobj" or noun.head.lemma_ not in ("accept", "receive"):
        return
    events = _events(ctx, noun, ("to", "for"))
    owners = [c for c in noun.children if c.dep_ == "poss"] + prep_objects(noun, ("from",))
    inviter = next((e for t in owners if (e := ctx.linked.entity_at(t))), None)
    for event in events:
        for invitee in _invitees(ctx, _subjects(noun.head)):
            yield invitee, event, inviter, "invitation-accepted", confidence


def _attended(ctx: Context, verb: Token) -> Iterator[_Found]:
    """ "A attended the summit", "the summit was attended by the leaders of A", "A will
    take part in the summit", "the leaders of A joined the summit": partners only."""
    if verb.lemma_ == "take" and not any(c.lower_ == "part" for c in verb.children):
        return
    if verb.lemma_ in ("attend", "join"):
        events = [e for t in _objects(verb) if not _every(t)
                  for e in ctx.entities(t, (Kind.SUMMIT,))]
    else:  # "participate in", "take part in"
        events = _events(ctx, verb, ("in",), (Kind.SUMMIT,))
    attendees = prep_objects(verb, ("by",)) if _passive(verb) else _subjects(verb)
    for event in events:
        for invitee in _invitees(ctx, attendees):
            if _partner_at(invitee, event.start.as_date() if event.start else None):
                yield invitee, event, None, "attended-summit", _ATTENDED_CONFIDENCE


def _events(
    ctx: Context, head: Token, preps: tuple[str, ...], kinds: tuple[Kind, ...] = _EVENT_KINDS
) -> list[Entity]:
    """The event of "to the summit" or of "to attend the summit" under `head`."""
    places = [
        o
        for x in head.children
        if x.dep_ in ("xcomp", "acl", "advcl") and x.lemma_ in ("attend", "join")
        for o in _objects(x)
    ]
    found = {
        e.id: e for obj in prep_objects(head, preps) + places if not _every(obj)
        for e in ctx.entities(obj, kinds)
    }
    return list(found.values())


def _every(event: Token) -> bool:
    """A habit, not an event: "taken part in every summit since Madrid" names no summit
    anyone was invited to."""
    return any(c.dep_ in ("det", "predet") and c.lower_ in ("every", "each", "all", "any")
               for c in event.children)


def _objects(verb: Token) -> list[Token]:
    """What a verb of attending takes: "attend the summit", "was attended" (its subject)."""
    if _passive(verb):
        return [s for s in (child_of(verb, ("nsubjpass",)),) if s is not None]
    return [o for o in (child_of(verb, ("dobj",)),) if o is not None]


def _passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children) or (
        verb.tag_ == "VBN" and child_of(verb, ("agent",)) is not None
    )


def _subjects(verb: Token) -> list[Token]:
    """Who does `verb`, or the verb it completes: "A is expected to attend"."""
    for candidate in (verb, verb.head if verb.dep_ in ("xcomp", "conj") else None):
        subjects = [c for c in candidate.children if c.dep_ in ("nsubj", "nsubjpass")] if (
            candidate is not None) else []
        if subjects:  # a wire dateline ("TOKYO (Kyodo) --") can parse as a second subject
            return subjects
    return []


def _invitees(ctx: Context, tokens: list[Token]) -> Iterator[Entity]:
    """The countries and organisations the phrases name, a leader standing for their
    country ("President Zelenskyy" → Ukraine, "he" → the last person named), a
    group for its members ("the IP4" → Australia, Japan, New Zealand, Korea)."""
    for token in tokens:
        if token.lower_ in ("he", "she"):
            person = ctx.linked.last_person(token.idx, lambda c: ctx.quote_at(c) is not None)
            named = [person] if person is not None else []
        else:
            named = ctx.entities(token, _INVITEE_KINDS)
        for entity in named:
            yield from (e for e in ctx.linked.expand(entity) if e.kind is not Kind.FRAMEWORK)


def _partner_at(entity: Entity, on: date | None) -> bool:
    """A partner of NATO, or a future Ally before its accession (Sweden at Vilnius in
    2023, there as an invitee); never an Ally on the day."""
    if entity.ally_since is not None:
        return on is not None and on < entity.ally_since
    return entity.partner or bool(entity.partnerships)


