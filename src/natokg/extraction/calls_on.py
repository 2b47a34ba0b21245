"""Calls on: "X called on Y to Z", "X urged Y to Z", "Y must Z", "it is vital that Y Z"."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from natokg.extraction.context import Context
from natokg.extraction.parse import (
    asserted,
    child_of,
    clause_text,
    has_modal,
    marker_of,
    prep_objects,
)
from natokg.extraction.registry import Trigger, relation
from natokg.extraction.triggers import Found
from natokg.model import CallOn, Entity

# Verbs of an outcome rather than an action: "Ukraine must prevail" is a hope, not a demand.
_OUTCOME_VERBS = {"prevail", "win", "succeed", "be", "have", "lose", "fail", "survive", "get"}
_DEMAND_VERBS = {"demand", "insist", "urge", "ask", "call", "request", "propose"}
URGE_VERBS = {"urge", "press", "ask", "encourage", "implore", "exhort", "request", "invite"}
NECESSITY_ADJECTIVES = {
    "vital",
    "important",
    "essential",
    "crucial",
    "imperative",
    "necessary",
    "critical",
    "urgent",
}
_MODALS = ("must", "should")


@relation(
    "calls-on",
    triggers=Trigger(
        lemmas=frozenset({"call", "count"} | URGE_VERBS | _DEMAND_VERBS | NECESSITY_ADJECTIVES),
        modal_heads=frozenset(_MODALS),
    ),
    confidence=0.85,
)
def calls_on(ctx: Context, triggered: Found, sent: Span) -> Iterator[CallOn]:
    for token in triggered(sent):
        call = _call(ctx, token)
        if call is None:
            continue
        speaker, targets, demand, rule = call
        if speaker is None or not demand:
            continue
        for target in targets:
            if target.id != speaker.id and (speaker.id, target.id) not in ctx.affiliations:
                yield CallOn(
                    speaker=speaker,
                    target=target,
                    demand=demand,
                    evidence=ctx.evidence(sent, rule, triggered.confidence),
                )


def _call(ctx: Context, token: Token) -> tuple[Entity | None, list[Entity], str, str] | None:
    lemma = token.lemma_
    if token.pos_ == "VERB" and lemma in ("call", "count") and asserted(token):
        targets = [
            e for obj in prep_objects(token, ("on", "upon")) for e in ctx.entities(obj)
        ]
        demand = _infinitive(token)
        if targets and demand:
            return ctx.speaker_of(token), targets, demand, f"{lemma}-on"
    if token.pos_ == "VERB" and lemma in URGE_VERBS and (obj := child_of(token, ("dobj",))):
        demand = _infinitive(token)
        targets = ctx.entities(obj)
        if targets and demand and lemma != "invite":
            return ctx.speaker_of(token), targets, demand, "urge"
    if token.pos_ == "VERB" and lemma in _DEMAND_VERBS and asserted(token):
        clause = child_of(token, ("ccomp",))  # "demanded that Russia withdraw its troops"
        subject = child_of(clause, ("nsubj",)) if clause is not None else None
        if clause is not None and subject is not None and marker_of(clause) == "that":
            targets = ctx.entities(subject)
            if targets:
                return ctx.speaker_of(token), targets, clause_text(clause), "demand-that"
    if token.pos_ in ("VERB", "AUX") and has_modal(token, _MODALS):
        return _must(ctx, token)
    if token.lemma_ in NECESSITY_ADJECTIVES and (clause := _that_clause(token)):
        if (subject := child_of(clause, ("nsubj",))) is not None:
            targets = ctx.entities(subject)
            return ctx.claimant(token), targets, clause_text(clause), "vital-that"
    return None


def _must(ctx: Context, verb: Token) -> tuple[Entity | None, list[Entity], str, str] | None:
    subject = child_of(verb, ("nsubj",))
    if subject is None or verb.lemma_ in _OUTCOME_VERBS or not asserted(verb):
        return None
    targets = ctx.entities(subject)
    if not targets:
        return None
    return ctx.claimant(verb), targets, clause_text(verb), "must"


def _that_clause(adjective: Token) -> Token | None:
    """The clause of "it is vital that X does Y", attached to the adjective or to "is"."""
    clause = child_of(adjective, ("ccomp",))
    if clause is None and adjective.dep_ == "acomp":
        clause = child_of(adjective.head, ("ccomp",))
    return clause


def _infinitive(verb: Token) -> str:
    """The demand of "call on X to do Y" / "urge X to do Y": "do Y"."""
    for child in verb.children:
        if child.dep_ in ("xcomp", "advcl", "ccomp") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children
        ):
            return clause_text(child)
    for obj in prep_objects(verb, ("on", "upon")):
        for child in obj.children:
            if child.dep_ in ("acl", "relcl", "xcomp"):
                return clause_text(child)
    return ""
