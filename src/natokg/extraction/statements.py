"""Statements: who said each quotation, from the reporting verb nearest it.

Runs first: later rules read the speakers it finds ("we must …" inside a
quotation is its speaker's demand).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from natokg.extraction.context import REPORTING_VERBS, SPEAKER_KINDS, Context
from natokg.extraction.parse import prep_objects
from natokg.extraction.quotes import QUOTE_MARKS, QuoteSpan
from natokg.extraction.registry import Trigger, document_relation
from natokg.extraction.triggers import Found
from natokg.model import Entity, Quote

_CONTINUED_CONFIDENCE = 0.75  # a quotation right after one of the same speaker's


@document_relation(
    "statements", triggers=Trigger(lemmas=frozenset(REPORTING_VERBS)), confidence=0.9
)
def statements(ctx: Context, triggered: Found) -> Iterator[Quote]:
    previous: tuple[Entity, int] | None = None
    for quote in ctx.quotes:
        text = ctx.text[quote.start : quote.end].strip().rstrip(",").strip()
        if len(text.split()) < 2:
            continue
        sents = ctx.sentences_between(quote.start, quote.end)
        if not sents:
            continue
        found = _attribution(ctx, triggered, quote, sents)
        rule, confidence = "quote-attributed", triggered.confidence
        if found is None and previous and _near(ctx.text, previous[1], quote.start):
            found, rule, confidence = previous[0], "quote-continued", _CONTINUED_CONFIDENCE
        if found is None:
            continue
        ctx.quote_speakers[quote] = found
        previous = (found, quote.end)
        span = ctx.doc[sents[0].start : sents[-1].end]
        yield Quote(
            speaker=found,
            text=text,
            start=quote.start,
            end=quote.end,
            evidence=ctx.evidence(span, rule, confidence),
        )


def _attribution(
    ctx: Context, triggered: Found, quote: QuoteSpan, sents: list[Span]
) -> Entity | None:
    """The reporting verb nearest the quotation, outside it, in its first or last sentence."""
    verbs: list[tuple[int, Token]] = []
    for sent in {sents[0].start: sents[0], sents[-1].start: sents[-1]}.values():
        for token in triggered(sent):
            inside = quote.start <= token.idx < quote.end or ctx.quote_at(token.idx)
            if not inside and token.lemma_ in REPORTING_VERBS and token.pos_ in ("VERB", "AUX"):
                distance = (
                    quote.start - token.idx
                    if token.idx < quote.start
                    else (token.idx - quote.end)
                )
                verbs.append((distance, token))
    for _, verb in sorted(verbs, key=lambda pair: pair[0]):
        speaker = ctx.speaker_of(verb)
        if speaker is not None:
            return speaker
    return _according_to(ctx, quote, sents) or _labelled(ctx, quote, sents[0])


def _labelled(ctx: Context, quote: QuoteSpan, sent: Span) -> Entity | None:
    """A headline's "Rutte: “…”" or "Speech by NATO Secretary General Mark Rutte: “…”":
    a speaker named before a colon, with no verb between, opens the quotation."""
    before = ctx.text[sent.start_char : quote.start].rstrip().rstrip(QUOTE_MARKS).rstrip()
    if not before.endswith(":"):
        return None
    label = [t for t in sent if t.idx < quote.start - 1]
    if any(t.pos_ in ("VERB", "AUX") for t in label):
        return None
    named = (ctx.linked.entity_at(t) for t in reversed(label))
    return next((e for e in named if e is not None and e.kind in SPEAKER_KINDS), None)


def _according_to(ctx: Context, quote: QuoteSpan, sents: list[Span]) -> Entity | None:
    """“…,” according to Mr Rutte."""
    for token in (t for sent in sents for t in sent):
        if token.lower_ == "according" and not ctx.quote_at(token.idx):
            for obj in prep_objects(token, ("to",)) or prep_objects(token.head, ("to",)):
                entity = ctx.linked.entity_at(obj) or _issuer(ctx, obj)
                if entity is not None and entity.kind in SPEAKER_KINDS:
                    return entity
    return None


def _issuer(ctx: Context, document: Token) -> Entity | None:
    """ "according to a statement from the Council", "… to NATO's statement": who issued it."""
    if document.lemma_ not in _ISSUED:
        return None
    owners = [c for c in document.children if c.dep_ == "poss"]
    owners += prep_objects(document, ("from", "by", "of"))
    found = [e for t in owners for e in ctx.entities(t, SPEAKER_KINDS)]
    return found[0] if found else None


_ISSUED = {"statement", "communiqué", "communique", "declaration", "release", "spokesperson",
           "spokesman", "spokeswoman", "readout", "transcript", "post"}


def _near(text: str, previous_end: int, start: int) -> bool:
    """A quotation right after another, with no new speaker between: the same speaker;
    across a paragraph break only when the previous one was left open (it goes on)."""
    between = text[previous_end:start]
    left_open = between.lstrip(" ").startswith("\n")
    inside = between.strip().strip(QUOTE_MARKS).strip()  # the new paragraph's opening mark
    return len(between) < 200 and ("\n\n" not in inside or left_open)
