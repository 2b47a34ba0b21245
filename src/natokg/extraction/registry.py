"""Relation rules registered by name, each with the trigger words it fires on.

A rule is a function decorated with `@relation(...)` (one sentence at a time)
or `@document_relation(...)` (the whole document at once). The decorator
records the rule's id, its triggers and its confidence in `RULES`, and
everything else follows from that record: the per-document trigger index
(`triggers.py`) finds the declared words, and `extract` runs every
registered rule. Adding a relation is one new module with one decorated
function, imported in `natokg/extraction/__init__.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Span

from natokg.model import Fact

if TYPE_CHECKING:
    from natokg.extraction.context import Context
    from natokg.extraction.triggers import Found


@dataclass(frozen=True)
class Trigger:
    """Tokens a rule can fire on (a superset: the rule still checks its full conditions).

    `lemmas` match spaCy's lemma exactly, `folded_lemmas` the lower-cased lemma
    (a proper noun in a headline keeps its case: "The Main Threat"), `words` the
    lower-cased form, `modal_heads` the verbs one of these words is the
    auxiliary of ("must spend"), and `numbers` every number-like token.
    """

    lemmas: frozenset[str] = frozenset()
    folded_lemmas: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    modal_heads: frozenset[str] = frozenset()
    numbers: bool = False


SentenceRule = Callable[["Context", "Found", Span], Iterable[Fact]]
DocumentRule = Callable[["Context", "Found"], Iterable[Fact]]


@dataclass(frozen=True)
class Rule:
    """One registered relation rule: its id, what it fires on, how sure it is."""

    id: str
    triggers: Mapping[str, Trigger]
    confidence: float
    per_sentence: SentenceRule | None = None
    per_document: DocumentRule | None = None


@dataclass
class Registry:
    """Rules in the order they run (and their facts come out)."""

    rules: dict[str, Rule] = field(default_factory=dict)

    def add(self, rule: Rule) -> None:
        if rule.id in self.rules:
            raise ValueError(f"a relation rule named {rule.id!r} is already registered")
        self.rules[rule.id] = rule

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules.values())

    def relation(
        self, rule_id: str, *, triggers: Trigger | Mapping[str, Trigger], confidence: float
    ) -> Callable[[SentenceRule], SentenceRule]:
        """Register a rule run on each sentence, given the tokens its triggers found."""

        def register(function: SentenceRule) -> SentenceRule:
            self.add(Rule(rule_id, _named(triggers), confidence, per_sentence=function))
            return function

        return register

    def document_relation(
        self, rule_id: str, *, triggers: Trigger | Mapping[str, Trigger], confidence: float
    ) -> Callable[[DocumentRule], DocumentRule]:
        """Register a rule run once on the whole document (quotations, offices, meetings)."""

        def register(function: DocumentRule) -> DocumentRule:
            self.add(Rule(rule_id, _named(triggers), confidence, per_document=function))
            return function

        return register


def _named(triggers: Trigger | Mapping[str, Trigger]) -> dict[str, Trigger]:
    """A rule with one trigger has it under the name ""."""
    return {"": triggers} if isinstance(triggers, Trigger) else dict(triggers)


RULES = Registry()
relation = RULES.relation
document_relation = RULES.document_relation
