"""`natokg validate`: real builds conform; broken graphs are named, node and document."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Variable

from conftest import invoke
from natokg.store import open_store
from natokg.validate import ValidationFailed, validate_store
from natokg.vocab import NKG, PREFIXES, RDFS


def _header() -> str:
    return "".join(f"PREFIX {p}: <{base}>\n" for p, base in PREFIXES.items())


def _first(store: Path, pattern: str) -> tuple[NamedNode, NamedNode]:
    """(graph, node) of the first match of `pattern` (binding ?x) in any document graph."""
    graph_store = open_store(store, read_only=True)
    query = f"{_header()}SELECT ?g ?x WHERE {{ GRAPH ?g {{ {pattern} }} }} ORDER BY ?g ?x LIMIT 1"
    rows = list(graph_store.query(query, union=False))  # type: ignore[call-overload]
    assert rows, f"the seeds have no {pattern}"
    return rows[0][Variable("g")], rows[0][Variable("x")]


def _mutate(
    store: Path, pattern: str, change: Callable[[list[Quad], NamedNode], list[Quad]]
) -> tuple[NamedNode, NamedNode]:
    """Rewrite the graph holding the first match of `pattern`; return (graph, node)."""
    graph, node = _first(store, pattern)
    graph_store = open_store(store)
    quads = change(graph_store.graph_quads(graph), node)
    graph_store.replace_graphs({graph: quads})
    graph_store.close()
    return graph, node


def _set(prop: NamedNode, value: Literal) -> Callable[[list[Quad], NamedNode], list[Quad]]:
    def change(quads: list[Quad], node: NamedNode) -> list[Quad]:
        kept = [q for q in quads if not (q.subject == node and q.predicate == prop)]
        return [*kept, Quad(node, prop, value, quads[0].graph_name)]

    return change


def _drop(prop: NamedNode) -> Callable[[list[Quad], NamedNode], list[Quad]]:
    def change(quads: list[Quad], node: NamedNode) -> list[Quad]:
        return [q for q in quads if not (q.subject == node and q.predicate == prop)]

    return change


def _add(prop: NamedNode, value: Literal) -> Callable[[list[Quad], NamedNode], list[Quad]]:
    def change(quads: list[Quad], node: NamedNode) -> list[Quad]:
        return [*quads, Quad(node, prop, value, quads[0].graph_name)]

    return change


BROKEN = {
    "currency-dollars": (
        "?x a nkg:Commitment ; nkg:currency ?c .",
        _set(NKG.currency, Literal("dollars")),
        "ISO 4217",
    ),
    "fact-without-evidence": (
        "?x a nkg:ThreatAssessment .",
        _drop(NKG.evidence),
        "exactly one nkg:evidence",
    ),
    "summit-with-two-labels": (
        "?x a nkg:Summit .",
        _add(RDFS.label, Literal("Another Summit")),
        "exactly one rdfs:label",
    ),
    "statement-empty-quote": (
        "?x a nkg:Statement .",
        _set(NKG.quote, Literal("")),
        "non-blank string nkg:quote",
    ),
}


def test_a_store_built_from_the_seeds_conforms(seeds_store: Path) -> None:
    result = invoke("validate", "--store", seeds_store)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "5 documents checked: all conform to the natokg shapes"


def test_the_json_report_of_a_conforming_store(seeds_store: Path) -> None:
    result = invoke("validate", "--format", "json", "--store", seeds_store)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["conforms"] is True
    assert report["documents"] == 5
    assert report["violations"] == []


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_graph_fails_and_is_named(store_copy: Path, case: str) -> None:
    pattern, change, message = BROKEN[case]
    graph, node = _mutate(store_copy, pattern, change)
    result = invoke("validate", "--store", store_copy)
    assert result.exit_code == 1
    short = node.value.replace(PREFIXES["nkr"], "nkr:")
    assert short in result.stdout
    assert graph.value.replace(PREFIXES["nkr"], "nkr:") in result.stdout
    assert message in result.stdout
    assert "1 of 5 documents do not conform" in result.stdout
    error = result.stderr.strip().splitlines()
    assert error == [error[0]] and error[0].startswith("Error: 1 of 5 documents do not conform")
    assert "Traceback" not in result.output


def test_the_json_report_names_node_path_shape_and_document(store_copy: Path) -> None:
    pattern, change, _ = BROKEN["currency-dollars"]
    graph, node = _mutate(store_copy, pattern, change)
    result = invoke("validate", "--format", "json", "--store", store_copy)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    assert report["failedDocuments"] == [graph.value]
    [violation] = report["violations"]
    assert violation["focus"] == node.value.replace(PREFIXES["nkr"], "nkr:")
    assert violation["path"] == "nkg:currency"
    assert violation["shape"] == "nkgsh:CommitmentShape / nkg:currency"
    assert violation["constraint"] == "sh:PatternConstraintComponent"
    assert violation["value"] == '"dollars"'
    assert violation["document"] == graph.value
    assert violation["title"]


def test_only_the_chosen_graphs_are_validated(store_copy: Path) -> None:
    pattern, change, _ = BROKEN["fact-without-evidence"]
    broken, _node = _mutate(store_copy, pattern, change)
    others = [g.value for g in open_store(store_copy, read_only=True).graphs() if g != broken]
    assert validate_store(store_copy, others[:2]).conforms
    report = validate_store(store_copy, [broken.value])
    assert report.documents == 1
    with pytest.raises(ValidationFailed, match="1 of 1 document do not conform"):
        report.check()


def test_an_unknown_graph_is_a_one_line_error(seeds_store: Path) -> None:
    result = invoke("validate", "--graph", "nkr:document/nope", "--store", seeds_store)
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.startswith(
        "Error: the store has no graph https://w3id.org/natokg/resource/document/nope;"
    )
    assert len(message.splitlines()) == 1
