"""Relations read from sentence structure: who did what to whom, and who said it.

Each rule reads the dependency parse of one sentence (or one quotation), with
the links `link.py` found, and yields plain facts (`model.py`). Rules look for
the grammar of news ("X called on Y to Z", "X has invited the leaders of A and
B to the Summit", "deals worth 10 billion dollars for ammunition", "“…,” he
said"), never for words anywhere in the document, and skip what the text does
not assert: negated clauses ("China is not an adversary") and conditions ("if
we cannot stop Russia …").

Every fact carries its `Evidence`: the sentence, its character offsets, the
rule that produced it and a confidence (the rule's own, times the linking
confidence of the entities it relies on).

One module per relation registers its rule (`registry.py`); importing them
is what runs them. Every module of this package is imported: those in
`RUN_ORDER` first, in that order (statements first and offices second, since
later rules read who is quoted and whom an official speaks for), then any
other, in name order, so a new relation is one new module here.
"""

from __future__ import annotations

import pkgutil
import re
from collections.abc import Iterator
from importlib import import_module

from spacy.tokens import Span

from natokg.extraction.context import Context
from natokg.extraction.registry import RULES
from natokg.extraction.triggers import TriggerIndex
from natokg.gazetteer import load_gazetteer
from natokg.linked import LinkedDoc
from natokg.model import Entity, Extraction, Fact, Kind, Mention

__all__ = ["RUN_ORDER", "extract"]

RUN_ORDER = ("statements", "offices", "meetings", "invitations", "calls_on", "threats",
             "commitments")
for _module in (*RUN_ORDER, *sorted({m.name for m in pkgutil.iter_modules(__path__)}
                                    - set(RUN_ORDER))):
    import_module(f"{__name__}.{_module}")


def extract(linked: LinkedDoc) -> Extraction:
    """All mentions and facts of one linked document."""
    ctx = Context(linked)
    extraction = Extraction(document=linked.document)
    extraction.mentions = list(_mentions(ctx))
    extraction.facts = list(_facts(ctx, TriggerIndex(linked.doc)))
    extraction.context = list(linked.context.values())
    return extraction


def _facts(ctx: Context, index: TriggerIndex) -> Iterator[Fact]:
    """Document rules in registry order, then each sentence through the sentence rules."""
    for rule in RULES:
        if rule.per_document is not None:
            yield from rule.per_document(ctx, index.of(rule.id))
    sentence_rules = [(r.per_sentence, index.of(r.id)) for r in RULES if r.per_sentence]
    for sent in ctx.sentences:
        for run, triggered in sentence_rules:
            yield from run(ctx, triggered, sent)


def _mentions(ctx: Context) -> Iterator[Mention]:
    """Every linked span, and the members a group's own name spells out ("European
    Allies and Canada" names Canada) or the state a body's name does ("the United
    States Congress"), but not a name inside a text's title ("the UN
    Charter" cites a text, it does not bring the UN into the story)."""
    for link in (*ctx.linked.links, *ctx.linked.titled):
        span = ctx.doc[link.start : link.end]
        if _names_a_text(span):
            continue
        evidence = ctx.evidence(ctx.sentence_of(link.start), f"link:{link.rule}",
                                link.confidence)
        spelled = [*ctx.linked.members.get(link.entity.id, []), *_country_of(link.entity)]
        named = [link.entity, *(member for member in spelled
                                if re.search(rf"\b{re.escape(member.label)}\b", span.text))]
        for entity in named:
            yield Mention(entity=entity, text=span.text, start=span.start_char,
                          end=span.end_char, evidence=evidence)


def _country_of(entity: Entity) -> list[Entity]:
    """The state a national body belongs to ("the United States Congress")."""
    country = load_gazetteer().entities.get(entity.country) if (
        entity.country and entity.kind is Kind.ORGANISATION) else None
    return [country] if country is not None else []


# Texts an organisation's name may title: "the UN Charter", "UN Security Council resolutions".
_TEXT_NOUNS = {"charter", "convention", "resolution", "treaty"}


def _names_a_text(span: Span) -> bool:
    last = span[-1]  # "the UN": the article may be the span's root
    head = last.head
    return last.dep_ == "compound" and head.i == span.end and (
        head.lemma_.lower() in _TEXT_NOUNS)
