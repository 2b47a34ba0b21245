"""Sanctions: who imposed sanctions (or an embargo) on whom, as a done thing.

"The EU imposed sanctions on Russia", "Washington sanctioned three Iranian
companies", "Sanctions were imposed on Russian banks by the EU" and a
headline's "New sanctions against Iran's drone programme". Only sanctions
the text says exist or were decided count: a threat, a plan or a condition
("threatened to impose", "could impose", "will impose", "if it escalates")
imposes nothing, nor does a denial ("did not sanction", "no sanctions").
The target must be an entity the text names (a state, an organisation, a
person, or the country of "Iranian companies"), and never NATO itself.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from natokg.extraction.context import ACTOR_KINDS, Context
from natokg.extraction.parse import asserted, child_of, has_modal, phrase, prep_objects
from natokg.extraction.registry import Trigger, relation
from natokg.extraction.triggers import Found
from natokg.facts import Sanction
from natokg.model import Entity, Kind

SANCTION_NOUNS = frozenset({"sanction", "embargo"})
# Verbs that put sanctions in place ("imposed", "adopted a package of sanctions").
IMPOSING_VERBS = frozenset({"impose", "announce", "adopt", "approve", "introduce", "levy",
                            "slap", "unveil", "extend", "expand", "tighten", "place", "put",
                            "enact", "apply", "renew", "agree"})
# Verbs an infinitive may hang from and still be done: "agreed to impose", not "threatened to".
_DECIDING_VERBS = frozenset({"agree", "decide", "vote", "move", "begin", "start", "continue"})
# Every modal leaves the sanctions undone: "could", "should", "will impose".
_MODALS = ("could", "would", "might", "may", "can", "should", "must", "will", "shall", "'ll")
_CONDITIONS = {"if", "unless", "should"}
_TARGET_KINDS = (*ACTOR_KINDS, Kind.PERSON)


@relation("sanctions", triggers=Trigger(folded_lemmas=SANCTION_NOUNS), confidence=0.85)
def sanctions(ctx: Context, triggered: Found, sent: Span) -> Iterator[Sanction]:
    seen: set[tuple[str | None, str]] = set()
    for token in triggered(sent):
        found = _imposed(ctx, token)
        if found is None:
            continue
        imposers, targets, description, rule = found
        named: list[Entity | None] = list(imposers)
        for imposer in named or [None]:
            for target in targets:
                key = (imposer.id if imposer else None, target.id)
                if _may_target(target, imposer) and key not in seen:
                    seen.add(key)
                    yield Sanction(imposer, target, description,
                                   ctx.evidence(sent, rule, triggered.confidence))


Imposed = tuple[list[Entity], list[Entity], str, str]


def _imposed(ctx: Context, token: Token) -> Imposed | None:
    """Who sanctioned whom, with what, and by which pattern; None when nothing was imposed."""
    if token.pos_ == "VERB":
        return _sanctioned(ctx, token) if _done(token) else None
    if token.pos_ not in ("NOUN", "PROPN") or any(
        c.dep_ == "det" and c.lower_ == "no" for c in token.children
    ):
        return None
    if token.dep_ == "ROOT":  # a headline: "New sanctions against Iran's drone programme"
        return _modifier_imposers(ctx, token), _targets(ctx, token), phrase(token), "headline"
    verb = token.head
    if token.dep_ in ("dobj", "nsubjpass") and verb.lemma_ in IMPOSING_VERBS and _done(verb):
        doers = _agents(ctx, verb) if token.dep_ == "nsubjpass" else _subjects(ctx, verb)
        imposers = doers or _modifier_imposers(ctx, token)
        targets, description = _targets(ctx, token), phrase(token)
        if not targets:  # "imposed sanctions on Russia": the target hangs from the verb
            targets = _targets(ctx, verb)
            description = " ".join((description, *_target_phrases(verb)))
        return imposers, targets, description, f"{verb.lemma_}-sanctions"
    return None


def _sanctioned(ctx: Context, verb: Token) -> Imposed:
    """ "Washington sanctioned three Iranian companies"; passive: "were sanctioned by the EU"."""
    obj = child_of(verb, ("dobj",))
    passive = child_of(verb, ("nsubjpass",))
    sanctioned = obj if obj is not None else passive
    if sanctioned is None:
        return [], [], "", ""
    imposers = _agents(ctx, verb) if passive is not None else _subjects(ctx, verb)
    return imposers, ctx.entities(sanctioned, _TARGET_KINDS), phrase(sanctioned), "sanctioned"


def _done(verb: Token) -> bool:
    """The verb states a deed, not a denial, a supposition, a plan or a threat."""
    if not asserted(verb) or has_modal(verb, _MODALS):
        return False
    for clause in verb.children:  # "… if it escalates"
        if clause.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in clause.children
        ):
            return False
    if verb.dep_ == "xcomp":  # "agreed to impose" is done, "threatened to impose" is not
        return verb.head.lemma_ in _DECIDING_VERBS and _done(verb.head)
    return True


def _subjects(ctx: Context, verb: Token) -> list[Entity]:
    subject = child_of(verb, ("nsubj",))
    if subject is None and verb.dep_ == "xcomp":
        subject = child_of(verb.head, ("nsubj",))
    return ctx.entities(subject, modifiers=False) if subject is not None else []


def _agents(ctx: Context, verb: Token) -> list[Entity]:
    """The doers of a passive verb: "were imposed by the European Union"."""
    return [e for agent in prep_objects(verb, ("by",)) for e in ctx.entities(agent)]


def _modifier_imposers(ctx: Context, noun: Token) -> list[Entity]:
    """ "EU sanctions", "the United States' sanctions": the named modifier of the noun."""
    named = (ctx.linked.entity_at(c) for c in noun.children if c.dep_ in ("compound", "poss"))
    return [e for e in named if e is not None and e.kind in ACTOR_KINDS]


def _targets(ctx: Context, head: Token) -> list[Entity]:
    """Whom sanctions "on"/"against" X hit: X, its conjuncts, the country of "Iranian banks"."""
    return [e for obj in prep_objects(head, ("on", "against")) for e in
            ctx.entities(obj, _TARGET_KINDS)]


def _target_phrases(head: Token) -> list[str]:
    return [f"{prep.lower_} {phrase(obj)}" for prep in head.children
            if prep.dep_ == "prep" and prep.lower_ in ("on", "against")
            for obj in prep.children if obj.dep_ == "pobj"]


def _may_target(target: Entity, imposer: Entity | None) -> bool:
    """Never NATO or one of its bodies, nor the imposer itself."""
    is_nato = target.id == "nato" or target.org == "nato"
    return not is_nato and (imposer is None or imposer.id != target.id)
