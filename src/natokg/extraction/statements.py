"""Statements: who said each quotation, from the reporting verb nearest it.

Runs first: later rules read the speakers it finds ("we must …" inside a
quotation is its speaker's demand). A transcript's turns get their speaker for those
rules but are no statements: a statement is what an article quotes, in quote marks (the
sample articles' convention), and a transcript quotes nothing. Nor is a scare-quoted
phrase ("“reckless statements”", a plan's name "“ReArm Europe”"): a statement is a
sentence or a clause of some length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Span, Token

from natokg.extraction.context import REPORTING_VERBS, SPEAKER_KINDS, Context
from natokg.extraction.parse import child_of, prep_objects
from natokg.extraction.quotes import QUOTE_MARKS, QuoteSpan
from natokg.extraction.registry import Trigger, document_relation
from natokg.extraction.triggers import Found
from natokg.model import Entity, Kind, Quote

_CONTINUED_CONFIDENCE = 0.75  # a quotation right after one of the same speaker's


# Verbs that report words only beside a quotation ("posted on X: “…”", "appealed").
_QUOTING_VERBS = REPORTING_VERBS | {"post", "tweet", "appeal"}


@document_relation(
    "statements", triggers=Trigger(lemmas=frozenset(_QUOTING_VERBS)), confidence=0.9
)
def statements(ctx: Context, triggered: Found) -> Iterator[Quote]:
    quotes = list(_quotes(ctx, triggered))
    yield from (q for q in quotes if not _restated(q, quotes))


def _restated(quote: Quote, quotes: list[Quote]) -> bool:
    """A lead's partial quote its speaker is quoted saying in full elsewhere ("would use
    “all necessary tools”" … "“We will use all necessary tools to defend ourselves”")."""
    words = _normalised(quote.text)
    return any(other is not quote and other.speaker.id == quote.speaker.id
               and len(_normalised(other.text)) > len(words) and words in _normalised(other.text)
               for other in quotes)


def _normalised(text: str) -> str:
    """The words of a quotation, spaced, so one can be looked for inside another."""
    return " " + " ".join(re.findall(r"\w+(?:[-’']\w+)*", text.lower())) + " "


def _quotes(ctx: Context, triggered: Found) -> Iterator[Quote]:
    previous: tuple[Entity, int] | None = None
    speakers: dict[str, Entity] = {}  # each transcript label read so far → its speaker
    for quote in ctx.quotes:
        text = ctx.text[quote.start : quote.end].strip().rstrip(",").strip()
        if len(text.split()) < 2:
            continue
        sents = ctx.sentences_between(quote.start, quote.end)
        if not sents:
            continue
        if quote in ctx.turns:  # a transcript's turn: its label says who, or nobody knows
            found = _turn_speaker(ctx, ctx.turns[quote], speakers)
            rule, confidence, previous = "transcript-turn", triggered.confidence, None
        else:
            verbs = _reporting_verbs(ctx, triggered, quote, sents)
            found = _attribution(ctx, verbs, quote, sents)
            rule, confidence = "quote-attributed", triggered.confidence
            if found is None and _unnamed(ctx, verbs):
                previous = None  # "“…,” one European diplomat said": someone new, unnamed
        if found is None and previous and _near(ctx.text, previous[1], quote.start):
            found, rule, confidence = previous[0], "quote-continued", _CONTINUED_CONFIDENCE
        if found is None:
            continue
        ctx.quote_speakers[quote] = found
        previous = (found, quote.end)
        if rule == "transcript-turn" or _phrase(ctx, quote, text):
            continue
        span = ctx.doc[sents[0].start : sents[-1].end]
        yield Quote(
            speaker=found,
            text=text,
            start=quote.start,
            end=quote.end,
            evidence=ctx.evidence(span, rule, confidence),
        )


def _phrase(ctx: Context, quote: QuoteSpan, text: str) -> bool:
    """A quoted phrase, not a statement: a name or a scare quote of a word or two, or a
    few words without a verb of their own inside the writer's sentence ("called it “a big
    country”"; not "stressed that “no Ally will stand alone”")."""
    words = text.split()
    if len(words) < _MIN_WORDS:
        return True
    finite = any(t.tag_ in _FINITE for t in ctx.doc if quote.start <= t.idx < quote.end)
    return len(words) < _MIN_FRAGMENT_WORDS and text[0].islower() and not finite


_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_MIN_WORDS = 3  # "“ReArm Europe”", "“murderous regimes”"
_MIN_FRAGMENT_WORDS = 6  # "“a big country”", "“for as long as necessary”"


def _turn_speaker(ctx: Context, label: str, speakers: dict[str, Entity]) -> Entity | None:
    """Who a transcript label names: "NATO SECRETARY GENERAL MARK RUTTE" a person the
    article names by that surname; "SECRETARY GENERAL", the speaker of an earlier label
    holding the same words (a questioner's outlet, "Q (Reuters)", is not who speaks)."""
    if label not in speakers:
        words = _words(label)
        people = (link.entity for link in ctx.linked.links if link.entity.kind is Kind.PERSON)
        named = next((p for p in people if p.label.lower().split()[-1] in words), None)
        if named is None:
            named = next((e for known, e in speakers.items()
                          if words <= _words(known)), None)
        if named is None:
            named = _titled(ctx, words)
        if named is None:
            return None
        speakers[label] = named
    return speakers[label]


def _titled(ctx: Context, words: set[str]) -> Entity | None:
    """ "SECRETARY GENERAL:" in a transcript titled "Press conference by NATO Secretary
    General Jane Doe": the one person the title names, when it has the label's words."""
    title = ctx.document.title
    where = ctx.text.find(title)
    if not words or where < 0 or not words <= _words(title):
        return None
    people = {link.entity.id: link.entity for link in ctx.linked.links
              if link.entity.kind is Kind.PERSON
              and where <= ctx.doc[link.start].idx < where + len(title)}
    return next(iter(people.values())) if len(people) == 1 else None


def _words(label: str) -> set[str]:
    return set(re.findall(r"\w+", re.sub(r"\(.*?\)", "", label).lower()))


def _reporting_verbs(
    ctx: Context, triggered: Found, quote: QuoteSpan, sents: list[Span]
) -> list[Token]:
    """The reporting verbs outside the quotation, in its first or last sentence: first
    those that govern it ("Doe wrote that it made NATO “stronger…”, while Roe said …" is
    Doe's), each group nearest first."""
    verbs: list[tuple[bool, int, Token]] = []
    for sent in {sents[0].start: sents[0], sents[-1].start: sents[-1]}.values():
        for token in triggered(sent):
            inside = quote.start <= token.idx < quote.end or ctx.quote_at(token.idx)
            if not inside and token.lemma_ in _QUOTING_VERBS and token.pos_ in ("VERB", "AUX"):
                distance = (
                    quote.start - token.idx
                    if token.idx < quote.start
                    else (token.idx - quote.end)
                )
                governs = any(quote.start <= t.idx < quote.end for t in token.subtree)
                verbs.append((not governs, distance, token))
    return [verb for *_, verb in sorted(verbs, key=lambda found: found[:2])]


def _attribution(
    ctx: Context, verbs: list[Token], quote: QuoteSpan, sents: list[Span]
) -> Entity | None:
    """The speaker of the first reporting verb that names one, else who a line, a
    signature or an "according to" names."""
    for verb in verbs:
        speaker = ctx.speaker_of(verb)
        if speaker is not None:
            return speaker
    return (_according_to(ctx, quote, sents) or _labelled(ctx, quote, sents[0])
            or _signed(ctx, quote) or _introduced(ctx, quote))


def _unnamed(ctx: Context, verbs: list[Token]) -> bool:
    """Whether a reporting verb by the quotation has a subject that names nobody: "one
    European diplomat said", "officials said"."""
    return any(
        (subject := child_of(verb, ("nsubj",))) is not None and subject.pos_ == "NOUN"
        and ctx.speaker_of(verb) is None
        for verb in verbs
    )


def _signed(ctx: Context, quote: QuoteSpan) -> Entity | None:
    """A press release's “…” — The Hon. Jane Doe, Minister of Defence: the person
    named after a dash that follows the quotation, in its paragraph or, when the
    quotation is a paragraph of its own, on the line below (a release's "Quotes")."""
    rest = ctx.text[quote.end :]
    after = rest.lstrip(QUOTE_MARKS + " ,.\n")
    if after[:1] not in _DASHES:
        return None
    start = quote.end + len(rest) - len(after)
    if "\n" in ctx.text[quote.end : start] and not _opens_paragraph(ctx, quote):
        return None
    end = ctx.text.find("\n", start)
    return _first_named(ctx, start, len(ctx.text) if end < 0 else end, (Kind.PERSON,))


def _introduced(ctx: Context, quote: QuoteSpan) -> Entity | None:
    """Quoted paragraphs under a line that ends with a colon and names who speaks:
    "Defence Secretary Jane Doe said:", "Quotes attributable to Prime Minister Jane Doe:"
    (the quoted paragraphs between count as the same speaker's)."""
    start = ctx.text.rfind("\n", 0, quote.start) + 1
    if not _opens_paragraph(ctx, quote):
        return None
    for begin, end in _paragraphs_before(ctx.text, start):
        paragraph = ctx.text[begin:end].strip()
        if paragraph[:1] in QUOTE_MARKS:
            continue  # an earlier quoted paragraph under the same line
        return _label_speaker(ctx, begin, end) if paragraph.endswith(":") else None
    return None


def _opens_paragraph(ctx: Context, quote: QuoteSpan) -> bool:
    start = ctx.text.rfind("\n", 0, quote.start) + 1
    return not ctx.text[start : quote.start].strip(QUOTE_MARKS + " ")


def _paragraphs_before(text: str, start: int) -> Iterator[tuple[int, int]]:
    """The non-empty paragraphs before offset `start`, nearest first, a few at most."""
    end, found = start - 1, 0
    while end > 0 and found < _MAX_QUOTED_PARAGRAPHS:
        begin = text.rfind("\n", 0, end) + 1
        if text[begin:end].strip():
            found += 1
            yield begin, end
        end = begin - 1


def _label_speaker(ctx: Context, start: int, end: int) -> Entity | None:
    """Who a line introducing quotations names: the subject of its reporting verb,
    else the last speaker it names ("Quotes attributable to … Jane Doe:")."""
    for sent in ctx.sentences_between(start, end):
        for token in sent:
            if token.lemma_ in REPORTING_VERBS and token.pos_ in ("VERB", "AUX"):
                if (speaker := ctx.speaker_of(token)) is not None:
                    return speaker
    return _first_named(ctx, start, end, (Kind.PERSON,), last=True) or _first_named(
        ctx, start, end, SPEAKER_KINDS, last=True)


def _first_named(
    ctx: Context, start: int, end: int, kinds: tuple[Kind, ...], last: bool = False
) -> Entity | None:
    """The first (or last) entity of `kinds` named between two character offsets."""
    named = [link.entity for link in ctx.linked.links
             if start <= ctx.doc[link.start].idx < end and link.entity.kind in kinds]
    if not named:
        return None
    return named[-1] if last else named[0]


_DASHES = "—–―-"
_MAX_QUOTED_PARAGRAPHS = 8  # how far back a line introducing quotations is looked for


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
    across a paragraph break only when the new paragraph opens with it and no paragraph
    of other text comes between."""
    lines = text[previous_end:start].split("\n")
    opens_paragraph = not lines[-1].strip(QUOTE_MARKS + " ")
    nothing_between = all(not line.strip() for line in lines[1:-1])
    return start - previous_end < 200 and (
        len(lines) == 1 or (opens_paragraph and nothing_between))
