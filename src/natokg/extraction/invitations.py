"""Invitations: "X has invited the leaders of A and B to the Summit"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span

from natokg.extraction.context import Context
from natokg.extraction.parse import asserted, child_of, prep_objects
from natokg.extraction.registry import Trigger, relation
from natokg.extraction.triggers import Found
from natokg.model import Entity, Invitation, Kind


@relation("invitations", triggers=Trigger(lemmas=frozenset({"invite"})), confidence=0.9)
def invitations(ctx: Context, triggered: Found, sent: Span) -> Iterator[Invitation]:
    for verb in triggered(sent):
        if verb.lemma_ != "invite" or verb.pos_ != "VERB" or not asserted(verb):
            continue
        # "invited to the summit", "invited to attend the summit"
        attend = [x for x in verb.children if x.dep_ == "xcomp"]
        places = [o for x in attend for o in (child_of(x, ("dobj",)),) if o is not None]
        events = [
            e
            for obj in prep_objects(verb, ("to", "for")) + places
            for e in ctx.entities(obj, (Kind.SUMMIT, Kind.MEETING))
        ]
        represented = [
            _represented(ctx, e)
            for dep in ("dobj", "nsubjpass")
            if (t := child_of(verb, (dep,)))
            for e in ctx.entities(t, (Kind.COUNTRY, Kind.ORGANISATION, Kind.PERSON))
        ]
        invitees = [e for e in represented if e is not None]
        inviter = ctx.speaker_of(verb) if child_of(verb, ("nsubj",)) else None
        for event in events:
            for invitee in invitees:
                yield Invitation(
                    invitee=invitee,
                    event=event,
                    inviter=inviter,
                    evidence=ctx.evidence(sent, "invite-to", triggered.confidence),
                )


def _represented(ctx: Context, entity: Entity) -> Entity | None:
    """The country a leader stands for when invited ("President Zelenskyy" → Ukraine)."""
    if entity.kind is not Kind.PERSON:
        return entity
    for ref in ctx.linked.roles:
        if ref.holder is None and ref.org is not None and ref.org.kind is Kind.COUNTRY:
            after = ctx.linked.link_at(ctx.doc[ref.end]) if ref.end < len(ctx.doc) else None
            if after is not None and after.entity.id == entity.id:
                return ref.org
    return ctx.linked.context.get(entity.country or "") if entity.country else None
