"""Sanctions: the rule on short texts, and `natokg` end to end on an article of our own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import column, invoke, query_json
from natokg.extraction import extract
from natokg.facts import Sanction
from natokg.gazetteer import load_gazetteer
from natokg.ingest import document_from_text
from natokg.link import Linker
from natokg.nlp import load_pipeline

Found = list[tuple[str | None, str]]
Run = Callable[[str], list[Sanction]]


@pytest.fixture(scope="module")
def sanctions_in() -> Run:
    nlp, linker = load_pipeline(), Linker(load_gazetteer())

    def run(text: str) -> list[Sanction]:
        document = document_from_text(text, source="test", date=date(2024, 2, 7))
        facts = extract(linker.link(nlp(document.text), document)).facts
        return [fact for fact in facts if isinstance(fact, Sanction)]

    return run


def _pairs(sanctions: list[Sanction]) -> Found:
    return [(s.imposer.id if s.imposer else None, s.target.id) for s in sanctions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The EU imposed sanctions on Russia.", [("european-union", "russia")]),
        ("Washington sanctioned three Iranian companies on Tuesday.",
         [("united-states", "iran")]),
        ("The United States announced new sanctions against Iran's drone programme.",
         [("united-states", "iran")]),
        ("Sanctions were imposed on Russian banks by the European Union.",
         [("european-union", "russia")]),
        ("Russian banks were sanctioned by the United Kingdom.", [("united-kingdom", "russia")]),
        ("The EU agreed to impose an arms embargo on Belarus.", [("european-union", "belarus")]),
        ("Canada and the United Kingdom have sanctioned Russian oligarchs.",
         [("canada", "russia"), ("united-kingdom", "russia")]),
        ("The UK announced sanctions on Hamas leaders and Iranian officials.",
         [("united-kingdom", "hamas"), ("united-kingdom", "iran")]),
    ],
)
def test_imposed_sanctions_name_imposer_and_target(sanctions_in: Run, text: str,
                                                   expected: Found) -> None:
    assert _pairs(sanctions_in(text)) == expected


def test_a_headline_names_the_target_without_an_imposer(sanctions_in: Run) -> None:
    (sanction,) = sanctions_in("New sanctions against Iran's drone programme\n\nText follows.")
    assert (sanction.imposer, sanction.target.id) == (None, "iran")
    assert sanction.description == "New sanctions against Iran's drone programme"
    assert sanction.evidence.rule == "headline"


def test_the_description_keeps_the_text_words(sanctions_in: Run) -> None:
    (sanction,) = sanctions_in("The EU imposed sanctions on Russia.")
    assert sanction.description == "sanctions on Russia"
    assert sanction.evidence.sentence == "The EU imposed sanctions on Russia."
    assert 0 < sanction.evidence.confidence <= 1


@pytest.mark.parametrize(
    "text",
    [
        "The EU threatened to impose sanctions on Belarus.",  # a threat
        "The EU plans to impose sanctions on Belarus.",  # a plan
        "Allies could impose further sanctions on Russia if it escalates.",  # a possibility
        "The United States will impose sanctions on Iran.",  # not yet done
        "The EU imposed sanctions on Russia if it attacked.",  # a condition
        "If Russia escalates, the EU imposes sanctions on Belarus.",
        "The European Union did not sanction China.",  # a denial
        "No sanctions were imposed on China.",
        "Ministers called for sanctions on Russia.",  # a demand, not a deed
        "The EU threatened Belarus with sanctions.",
        "Russia sanctioned NATO officials.",  # NATO itself is never the target
        "Russia imposed sanctions on NATO.",
        "The EU imposed sanctions on the oil trade.",  # no entity named as target
    ],
)
def test_nothing_is_imposed_by_threats_plans_conditions_denials_or_on_nato(
    sanctions_in: Run, text: str
) -> None:
    assert sanctions_in(text) == []


IMPOSERS = {"The EU": "european-union", "Canada": "canada", "The United States": "united-states"}
TARGETS = {"Russia": "russia", "Iran": "iran", "Belarus": "belarus", "NATO": None}
DEEDS = ("imposed", "announced", "adopted", "have imposed", "agreed to impose")
HEDGES = ("threatened to impose", "could impose", "may impose", "will impose", "plans to impose",
          "did not impose", "would impose", "wants to impose")
MEASURES = ("sanctions", "new sanctions", "further sanctions", "an arms embargo")


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(IMPOSERS)), st.sampled_from(DEEDS + HEDGES),
       st.sampled_from(MEASURES), st.sampled_from(sorted(TARGETS)))
def test_a_deed_on_a_named_target_is_one_sanction_and_a_hedge_is_none(
    sanctions_in: Run, imposer: str, verb: str, measure: str, target: str
) -> None:
    found = _pairs(sanctions_in(f"{imposer} {verb} {measure} on {target}."))
    done = verb in DEEDS and TARGETS[target] is not None
    assert found == ([(IMPOSERS[imposer], TARGETS[target])] if done else [])


# -- natokg end to end -------------------------------------------------------------
ARTICLE = "\n\n".join((
    "Allies weigh response as EU widens sanctions",
    "On Monday (12 February 2024), the European Union imposed new sanctions on Russia over "
    "its war against Ukraine. The United Kingdom sanctioned four Iranian officials the same day.",
    "The EU also threatened to impose sanctions on Belarus, and ministers said Allies could "
    "impose more sanctions on Russia if the attacks continue.",
)) + "\n"


@pytest.fixture(scope="module")
def sanctions_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sanctions")
    (folder / "sanctions.txt").write_text(ARTICLE, encoding="utf-8")
    store = folder / "store"
    result = invoke("build", folder / "sanctions.txt", "--store", store, "--quiet")
    assert result.exit_code == 0, result.output
    return store


def test_the_sanctions_query_answers_from_a_built_store(sanctions_store: Path) -> None:
    results = query_json(sanctions_store, "sanctions")
    rows = list(zip(column(results, "imposerLabel"), column(results, "targetLabel"),
                    strict=True))
    assert rows == [("European Union", "Russia"), ("United Kingdom", "Iran")]
    assert column(results, "date") == ["2024-02-12", "2024-02-12"]
    assert all(fact and "/fact/" in fact for fact in column(results, "fact"))


def test_the_target_and_confidence_parameters_filter(sanctions_store: Path) -> None:
    on_iran = query_json(sanctions_store, "sanctions", "target=iran")
    assert column(on_iran, "targetLabel") == ["Iran"]
    assert column(on_iran, "description") == ["four Iranian officials"]
    assert column(query_json(sanctions_store, "sanctions", "min_confidence=0.99"),
                  "targetLabel") == []
    assert column(query_json(sanctions_store, "sanctions", "target=zzzz-no-such-label"),
                  "targetLabel") == []


def test_the_graph_of_sanctions_conforms_and_explains(sanctions_store: Path) -> None:
    validated = invoke("validate", "--store", sanctions_store)
    assert validated.exit_code == 0, validated.output
    fact = column(query_json(sanctions_store, "sanctions", "target=Russia"), "fact")[0]
    assert fact is not None
    explained = invoke("explain", fact, "--store", sanctions_store)
    assert explained.exit_code == 0 and "nkg:Sanction" in explained.stdout
    assert "imposed new sanctions on Russia" in explained.stdout


def test_sanctions_are_listed_counted_and_asked_for(sanctions_store: Path) -> None:
    listed = invoke("queries")
    assert listed.exit_code == 0 and "sanctions" in listed.stdout
    assert "Who imposed sanctions on whom" in listed.stdout
    stats = invoke("stats", "--store", sanctions_store)
    assert stats.exit_code == 0 and "Sanction" in stats.stdout
    asked = invoke("ask", "which sanctions were imposed?", "--store", sanctions_store,
                   "--format", "csv")
    assert asked.exit_code == 0, asked.output
    assert "query: sanctions" in asked.stderr and "Iran" in asked.stdout
