"""`natokg ask`: English questions mapped to canned queries and parameters, or refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from natokg.ask import EXAMPLES, AskError, interpret
from natokg.facts import FACT_TYPES, FactType
from natokg.queries import canned_queries

# (question, query, parameters, names it saw but could not use as a filter)
TABLE = [
    (
        "which partners were invited to the Vilnius summit?",
        "partners-invited",
        {"summit": "Vilnius"},
        (),
    ),
    (
        "Which partners did NATO invite to the Washington Summit?",
        "partners-invited",
        {"summit": "Washington"},
        (),
    ),
    ("who was invited to the summit in The Hague", "partners-invited", {"summit": "The Hague"}, ()),
    ("invitations to Vilnius", "partners-invited", {"summit": "Vilnius"}, ()),
    ("Were South Korea's leaders invited?", "partners-invited", {"invitee": "Republic of Korea"},
     ()),
    ("Who was invited to the 2025 summit?", "partners-invited", {"year": "2025"}, ()),
    ("which summits are mentioned, where and when?", "summits", {}, ()),
    ("When and where was the Washington summit held?", "summits", {"summit": "Washington"}, ()),
    ("list all summits", "summits", {}, ()),
    ("Which summits took place in 2024?", "summits", {"year": "2024"}, ()),
    ("which meetings took place in Brussels?", "meetings", {"place": "Brussels"}, ()),
    ("Which meetings were held in Brussels in 2024?", "meetings",
     {"place": "Brussels", "year": "2024"}, ()),
    ("Where did foreign ministers meet?", "meetings", {}, ()),
    ("Which ministerial meetings were held in Belgium?", "meetings", {"place": "Belgium"}, ()),
    ("who is Stoltenberg?", "officials", {"name": "Jens Stoltenberg"}, ()),
    ("Who holds which office?", "officials", {}, ()),
    ("What position does Blinken hold?", "officials", {"name": "Antony Blinken"}, ()),
    ("Who is the Secretary General of NATO?", "officials", {"office": "Secretary General"}, ()),
    ("who is the Secretary General?", "officials", {"office": "Secretary General"}, ()),
    ("Who is the foreign minister of Ukraine?", "officials",
     {"office": "Foreign Minister", "org": "Ukraine"}, ()),
    ("which NATO allies are mentioned?", "allies", {}, ()),
    ("Is Sweden an ally?", "allies", {"name": "Sweden"}, ()),
    ("Which countries are members of NATO?", "allies", {}, ()),
    (
        "Which allies are named with confidence at least 0.9?",
        "allies",
        {"min_confidence": "0.9"},
        (),
    ),
    ("which partner countries are mentioned?", "partners", {}, ()),
    ("Which partner countries does the Alliance work with?", "partners", {}, ()),
    ("what was pledged to Ukraine?", "commitments", {"beneficiary": "Ukraine"}, ()),
    (
        "How much did Germany pledge to Ukraine?",
        "commitments",
        {"by": "Germany", "beneficiary": "Ukraine"},
        (),
    ),
    (
        "What commitments were made for Ukraine with high confidence?",
        "commitments",
        {"beneficiary": "Ukraine", "min_confidence": "0.8"},
        (),
    ),
    ("What did Allies promise?", "commitments", {}, ()),
    ("whom did the Secretary General call on?", "calls-on", {}, ()),
    ("Whom did Stoltenberg urge to do more?", "calls-on", {"by": "Jens Stoltenberg"}, ()),
    ("What did NATO call on Iran to do?", "calls-on", {"target": "Iran"}, ()),
    ("Which demands were made of China?", "calls-on", {"target": "China"}, ()),
    ("What did Rutte call on the Allies to do?", "calls-on", {"by": "Mark Rutte"}, ()),
    ("who is described as a threat?", "threats", {}, ()),
    ("Which countries are seen as threats?", "threats", {}, ()),
    ("Who is described as an aggressor?", "threats", {}, ()),
    ("Is China a competitor?", "threats", {"name": "China"}, ()),
    ("is China a threat?", "threats", {"name": "China"}, ()),
    ("what did Rutte say?", "statements", {"speaker": "Mark Rutte"}, ()),
    ("What did Stoltenberg say?", "statements", {"speaker": "Jens Stoltenberg"}, ()),
    ("what did Stoltenberg say about Ukraine?", "statements",
     {"speaker": "Jens Stoltenberg", "about": "Ukraine"}, ()),
    ("What did Rutte say about the war in Ukraine?", "statements",
     {"speaker": "Mark Rutte", "about": "war in Ukraine"}, ()),
    ("Which quotes are about Russia?", "statements", {"about": "Russia"}, ()),
    ("Show me quotes by Kuleba", "statements", {"speaker": "Dmytro Kuleba"}, ()),
    (
        "What statements were made with confidence above 80%?",
        "statements",
        {"min_confidence": "0.8"},
        (),
    ),
    ("Which articles are in the store?", "documents", {}, ()),
    ("Who said what, in which document?", "statements", {}, ()),
]
REFUSED = [
    "What is the weather in Brussels?",
    "Tell me a joke",
    "",
    "How do I bake bread?",
    "Who won the 2022 World Cup?",
]


@pytest.mark.parametrize(("question", "query", "params", "ignored"), TABLE)
def test_question_maps_to_query_and_parameters(
    question: str, query: str, params: dict[str, str], ignored: tuple[str, ...]
) -> None:
    interpretation = interpret(question)
    assert (interpretation.query, interpretation.params, interpretation.ignored) == (
        query,
        params,
        ignored,
    )


def test_table_and_declared_examples_cover_every_canned_query() -> None:
    declared = {t.ask.query for t in FACT_TYPES if t.ask is not None}
    assert {row[1] for row in TABLE} | declared == set(canned_queries())


@pytest.mark.parametrize("fact_type", [t for t in FACT_TYPES if t.ask is not None],
                         ids=lambda t: t.rdf_class)
def test_each_declared_example_question_asks_for_its_query(fact_type: FactType) -> None:
    assert fact_type.ask is not None
    assert interpret(fact_type.ask.example).query == fact_type.ask.query


@pytest.mark.parametrize("question", REFUSED)
def test_unmappable_questions_are_refused_with_examples(question: str) -> None:
    with pytest.raises(AskError, match="cannot tell which") as caught:
        interpret(question)
    assert EXAMPLES[0] in str(caught.value)


def test_every_example_maps_and_parameters_are_valid() -> None:
    queries = canned_queries()
    for example in EXAMPLES:
        interpretation = interpret(example)
        queries[interpretation.query].bindings(interpretation.params)  # raises on a bad one


def test_ask_prints_what_it_ran_then_the_answer(seeds_store: Path) -> None:
    from conftest import invoke

    result = invoke(
        "ask",
        "--store",
        seeds_store,
        "--format",
        "json",
        "which partners were invited to the Washington summit?",
    )
    assert result.exit_code == 0, result.output
    assert "query: partners-invited" in result.stderr
    assert "parameters: summit=Washington" in result.stderr
    assert "same as: natokg query partners-invited --param summit=Washington" in result.stderr
    rows = json.loads(result.stdout)["results"]["bindings"]
    assert sorted(r["partnerLabel"]["value"] for r in rows) == [
        "Australia",
        "Japan",
        "New Zealand",
        "Republic of Korea",
    ]


def test_ask_refusal_is_one_line_and_exit_1(seeds_store: Path) -> None:
    from conftest import invoke

    result = invoke("ask", "--store", seeds_store, "how do I bake bread?")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_quiet_and_verbose(seeds_store: Path) -> None:
    from conftest import invoke

    quiet = invoke("-q", "ask", "--store", seeds_store, "--format", "csv", "who is Stoltenberg?")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert "Jens Stoltenberg" in quiet.stdout
    verbose = invoke("-v", "ask", "--store", seeds_store, "who is Stoltenberg?")
    assert "running officials" in verbose.stderr and "done in" in verbose.stderr


def _answer(store: Path, question: str) -> list[dict[str, str]]:
    from conftest import invoke

    result = invoke("ask", "--store", store, "--format", "json", question)
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.stdout)["results"]["bindings"]
    echoed = canned_queries()[interpret(question).query].echoed
    return [{k: v["value"] for k, v in row.items() if k not in echoed} for row in bindings]


# (question, the unfiltered question, what every row of the answer must satisfy)
NARROWED = [
    ("what did Stoltenberg say about Ukraine?", "what did Stoltenberg say?",
     lambda row: "ukraine" in row["quote"].lower()),
    ("who is the Secretary General?", "who holds which office?",
     lambda row: "Secretary General" in row["roleLabel"]),
    ("is China a threat?", "who is described as a threat?",
     lambda row: row["actorLabel"] == "China"),
    ("which meetings took place in 2024?", "which meetings took place?",
     lambda row: row["startDate"].startswith("2024")),
]


@pytest.mark.parametrize(("question", "broader", "holds"), NARROWED)
def test_the_rest_of_the_question_narrows_the_answer(seeds_store: Path, question: str,
                                                     broader: str, holds) -> None:
    rows, every = _answer(seeds_store, question), _answer(seeds_store, broader)
    assert rows and all(holds(row) for row in rows)
    assert [row for row in every if holds(row)] == rows
    assert len(rows) < len(every)
