"""The rule registry: ids are unique, and a rule's declared triggers alone put it in the index."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from natokg.extraction.registry import RULES, Registry, Rule, Trigger
from natokg.extraction.triggers import TriggerIndex


def test_every_relation_is_registered_once_in_run_order() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    first = ["statements", "offices", "meetings", "invitations", "calls-on", "threats",
             "commitments"]
    assert ids[: len(first)] == first  # the order of RUN_ORDER; new modules come after


def test_every_module_of_the_package_is_imported() -> None:
    import pkgutil
    import sys

    import natokg.extraction as package

    for module in pkgutil.iter_modules(package.__path__):
        assert f"natokg.extraction.{module.name}" in sys.modules


def test_a_second_rule_with_a_taken_id_is_refused() -> None:
    registry = Registry()
    registry.relation("rule", triggers=Trigger(), confidence=0.5)(lambda ctx, found, sent: [])
    with pytest.raises(ValueError, match="already registered"):
        registry.relation("rule", triggers=Trigger(), confidence=0.5)(lambda ctx, found, sent: [])


def _docs_for(trigger: Trigger) -> list[tuple[Doc, int]]:
    """Tiny parsed docs, one per declared trigger word, with the token it must find."""
    vocab = spacy.blank("en").vocab  # English lexical attributes: lower case, like_num
    docs = [(Doc(vocab, words=[w], lemmas=[w]), 0) for w in sorted(trigger.lemmas)]
    docs += [(Doc(vocab, words=[w.title()], lemmas=[w.title()]), 0)
             for w in sorted(trigger.folded_lemmas)]
    docs += [(Doc(vocab, words=[w.title()]), 0) for w in sorted(trigger.words)]
    docs += [(Doc(vocab, words=["they", m, "go"], heads=[2, 2, 2], deps=["nsubj", "aux", "ROOT"]),
              2) for m in sorted(trigger.modal_heads)]
    docs += [(Doc(vocab, words=["2"]), 0)] if trigger.numbers else []
    return docs


@pytest.mark.parametrize("rule", list(RULES), ids=lambda rule: rule.id)
def test_every_declared_trigger_reaches_the_index(rule: Rule) -> None:
    for name, trigger in rule.triggers.items():
        for doc, expected in _docs_for(trigger):
            assert expected in TriggerIndex(doc).of(rule.id).positions(name).tolist(), (
                name, doc.text)


def test_a_new_rule_fires_from_its_registration_alone() -> None:
    registry = Registry()
    registry.relation(
        "sightings", triggers={"animals": Trigger(lemmas=frozenset({"zebra"}))}, confidence=0.5
    )(lambda ctx, found, sent: [])
    doc = Doc(spacy.blank("en").vocab, words=["a", "zebra", "ran"], lemmas=["a", "zebra", "run"])
    found = TriggerIndex(doc, registry).of("sightings")
    assert [t.text for t in found(doc[0:3], "animals")] == ["zebra"]
    assert found.confidence == 0.5
