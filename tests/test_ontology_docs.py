"""docs/ontology.md stays in sync, and `natokg ontology` prints what ships, in any format."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, parse
from rdflib import OWL, RDF, Graph, URIRef
from rdflib.compare import isomorphic

from conftest import invoke
from natokg.ontology_docs import load_examples, render_markdown, select_examples
from natokg.packaged import packaged_text
from natokg.store import open_store
from natokg.vocab import NKG

DOCS = Path(__file__).resolve().parents[1] / "docs" / "ontology.md"
RDFLIB = {"rdfxml": "xml", "ntriples": "nt", "jsonld": "json-ld", "turtle": "turtle"}


def _ontology() -> Graph:
    return Graph().parse(data=packaged_text("natokg.ttl"), format="turtle")


def _nkg_terms(graph: Graph) -> set[str]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {
        str(term)
        for kind in kinds
        for term in graph.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and str(term).startswith(NKG.base)
    }


def test_the_committed_docs_are_what_the_generator_writes() -> None:
    expected = render_markdown()
    assert DOCS.read_text("utf-8") == expected, (
        "docs/ontology.md is stale: run `python -m natokg.ontology_docs`"
    )


def test_the_cli_writes_the_same_markdown(tmp_path: Path) -> None:
    target = tmp_path / "ontology.md"
    result = invoke("ontology", "--format", "markdown", "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_text("utf-8") == DOCS.read_text("utf-8")


def test_every_class_and_property_is_documented() -> None:
    text = DOCS.read_text("utf-8")
    for term in _nkg_terms(_ontology()):
        assert f"### `nkg:{term.removeprefix(NKG.base)}`" in text


def test_the_examples_illustrate_declared_terms() -> None:
    examples = load_examples()
    assert set(examples) <= _nkg_terms(_ontology())
    # Every class natokg asserts and every property it writes has one.
    for name in ("Summit", "Statement", "PartnershipFramework", "partnership", "quote"):
        assert NKG.base + name in examples


def test_example_selection_is_deterministic_and_real(seeds_store: Path) -> None:
    graph_store = open_store(seeds_store, read_only=True)
    quads = [q for g in graph_store.graphs() for q in graph_store.graph_quads(g)]
    chosen = select_examples(quads)
    shuffled = list(quads)
    random.Random(7).shuffle(shuffled)
    assert select_examples(shuffled) == chosen
    assert {str(t) for t in chosen} <= {str(q.triple) for q in quads}
    assert len({t.predicate.value for t in chosen if "#type" not in t.predicate.value}) > 20


def test_the_examples_file_is_sorted_n_triples() -> None:
    text = packaged_text("examples.nt")
    lines = text.splitlines()
    assert lines == sorted(lines)
    assert len(list(parse(text, format=RdfFormat.N_TRIPLES))) == len(lines)


@pytest.mark.parametrize("fmt", sorted(RDFLIB))
def test_the_ontology_prints_in_every_format(fmt: str) -> None:
    result = invoke("ontology", "--format", fmt)
    assert result.exit_code == 0, result.output
    printed = Graph().parse(data=result.stdout, format=RDFLIB[fmt])
    assert isomorphic(printed, _ontology())


def test_the_shapes_and_the_context_print_as_shipped() -> None:
    shapes = invoke("ontology", "--shapes")
    assert shapes.exit_code == 0 and shapes.stdout == packaged_text("shapes.ttl")
    context = invoke("ontology", "--context")
    assert context.exit_code == 0 and json.loads(context.stdout)["@context"]["nkg"] == NKG.base


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--context", "--format", "turtle"), "only as JSON-LD"),
        (("--shapes", "--format", "markdown"), "documents the ontology"),
    ],
)
def test_impossible_combinations_are_one_line_errors(args: tuple[str, ...], message: str) -> None:
    result = invoke("ontology", *args)
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_every_new_command_has_an_example() -> None:
    for command in ("validate", "import", "ontology"):
        result = invoke(command, "--help")
        assert result.exit_code == 0 and "Example" in result.stdout
