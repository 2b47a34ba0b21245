"""Where each rule's trigger words occur in a document, found at once in spaCy's arrays.

Every rule fires only on a few words (the lemma "invite", a verb under
"must", a number for money); walking every token of every sentence in Python
for each rule cost more than the rules themselves. The index reads the
registry's declared triggers and lists, in text order, every token on which
each rule *can* fire.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import reduce

import numpy as np
from spacy.attrs import LEMMA, LIKE_NUM, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from natokg.extraction.registry import RULES, Registry, Rule, Trigger

Positions = np.ndarray


class Found:
    """One rule's trigger tokens in a document, by trigger name."""

    def __init__(self, doc: Doc, rule: Rule, positions: dict[str, Positions]) -> None:
        self.doc = doc
        self.confidence = rule.confidence
        self._positions = positions

    def positions(self, name: str = "") -> Positions:
        """Sorted token indices of trigger `name` (the rule's only one by default)."""
        return self._positions[name]

    def __call__(self, sent: Span, name: str = "") -> Iterator[Token]:
        """The tokens of `sent` trigger `name` found, in text order."""
        positions = self._positions[name]
        first, last = np.searchsorted(positions, (sent.start, sent.end))
        for i in positions[first:last].tolist():
            yield self.doc[i]


class TriggerIndex:
    """Every registered rule's trigger tokens in one document."""

    def __init__(self, doc: Doc, registry: Registry = RULES) -> None:
        self._doc = doc
        columns = doc.to_array([LEMMA, LOWER, LIKE_NUM]).reshape(-1, 3)
        self._lemmas, self._lowers, self._numbers = columns[:, 0], columns[:, 1], columns[:, 2]
        self._found = {
            rule.id: Found(doc, rule, {name: self._where(t) for name, t in rule.triggers.items()})
            for rule in registry
        }

    def of(self, rule_id: str) -> Found:
        return self._found[rule_id]

    def _where(self, trigger: Trigger) -> Positions:
        parts = []
        if trigger.lemmas:
            parts.append(_isin(self._lemmas, trigger.lemmas))
        if trigger.folded_lemmas:
            parts.append(_folded(self._doc, self._lemmas, trigger.folded_lemmas))
        if trigger.words:
            parts.append(_isin(self._lowers, trigger.words))
        if trigger.modal_heads:
            parts.append(_modal_heads(self._doc, _isin(self._lowers, trigger.modal_heads)))
        if trigger.numbers:
            parts.append(np.flatnonzero(self._numbers))
        return reduce(np.union1d, parts) if parts else np.array([], dtype=np.intp)


def _isin(column: Positions, words: Iterable[str]) -> Positions:
    hashes = np.array(sorted(get_string_id(word) for word in words), dtype=np.uint64)
    return np.flatnonzero(np.isin(column, hashes))


def _folded(doc: Doc, lemmas: Positions, words: frozenset[str]) -> Positions:
    """Tokens whose lower-cased lemma is one of `words`."""
    distinct, inverse = np.unique(lemmas, return_inverse=True)
    strings = doc.vocab.strings
    keep = np.array([strings[int(h)].lower() in words for h in distinct.tolist()], dtype=bool)
    return np.flatnonzero(keep[inverse]) if len(distinct) else distinct.astype(np.intp)


def _modal_heads(doc: Doc, modals: Positions) -> Positions:
    """The verbs a "must"/"should" is the auxiliary of: the candidates of obligation rules."""
    heads = {doc[i].head.i for i in modals.tolist() if doc[i].dep_ == "aux"}
    return np.array(sorted(heads), dtype=np.intp)
