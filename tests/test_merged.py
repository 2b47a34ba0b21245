"""The merged view: plain patterns see each document triple once, never the summary."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, QueryBoolean, Triple

from conftest import invoke
from natokg.api import run_query, store_stats
from natokg.queries import inline_query
from natokg.serve import answer
from natokg.store import LocalStore, nquads, solutions
from natokg.summary import SUMMARY_GRAPH

CHINA_LABEL = "SELECT ?l WHERE { <https://w3id.org/natokg/resource/entity/china> rdfs:label ?l }"
EX = "https://example.org/"
G1, G2 = NamedNode(EX + "graph/1"), NamedNode(EX + "graph/2")
SHARED = Triple(NamedNode(EX + "china"), NamedNode(EX + "label"), Literal("China"))
OWN = Triple(NamedNode(EX + "fact/1"), NamedNode(EX + "label"), Literal("only in graph 1"))


def ask(store: Path, sparql: str) -> list[pyoxigraph.QuerySolution]:
    return list(solutions(run_query(inline_query(sparql), {}, store)))


def holds(store: Path, sparql: str) -> bool:
    result = run_query(inline_query(sparql), {}, store)
    assert isinstance(result, QueryBoolean)
    return bool(result)


def document_triples(store: pyoxigraph.Store) -> set[Triple]:
    return {q.triple for q in store
            if isinstance(q.graph_name, NamedNode) and q.graph_name != SUMMARY_GRAPH}


def view(store: pyoxigraph.Store) -> set[Triple]:
    return {q.triple for q in store.quads_for_pattern(None, None, None, DefaultGraph())}


def stating(graph: NamedNode, *triples: Triple) -> bytes:
    return nquads(Quad(t.subject, t.predicate, t.object, graph) for t in triples)


def test_a_label_stated_by_several_documents_is_seen_once(seeds_store: Path) -> None:
    graphs = ask(seeds_store, "SELECT ?g WHERE { GRAPH ?g { nkr:entity\\/china rdfs:label ?l } }")
    assert len(graphs) > 1
    assert [row["l"].value for row in ask(seeds_store, CHINA_LABEL)] == ["China"]


def test_a_count_over_plain_patterns_counts_distinct_triples(seeds_store: Path) -> None:
    counted = ask(seeds_store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    stats = store_stats(seeds_store)
    assert int(counted[0]["n"].value) == stats.triples
    assert stats.triples < stats.quads  # the documents do repeat triples
    store = LocalStore.open(seeds_store, read_only=True).store
    assert stats.triples == len(document_triples(store))
    del store


def test_plain_patterns_never_see_the_summary_graph(seeds_store: Path) -> None:
    assert not holds(seeds_store, "ASK { ?tally a nkg:Tally }")
    assert holds(seeds_store, "ASK { GRAPH nkr:summary { ?tally a nkg:Tally } }")


def test_the_sparql_endpoint_sees_the_merged_view_too(seeds_store: Path) -> None:
    body, media = answer(CHINA_LABEL, "text/csv", seeds_store, None)
    assert media == "text/csv" and body.decode().split() == ["l", "China"]


def test_a_triple_two_documents_state_stays_until_both_drop_it(tmp_path: Path) -> None:
    local = LocalStore.open(tmp_path / "store")
    steps = [({G1: stating(G1, SHARED, OWN), G2: stating(G2, SHARED)}, {SHARED, OWN}),
             ({G1: stating(G1)}, {SHARED}),  # graph 1 drops both: graph 2 still states one
             ({G2: stating(G2, OWN)}, {OWN}),  # graph 2 drops it too
             ({G1: stating(G1, SHARED)}, {SHARED, OWN})]
    for written, seen in steps:
        with local.transaction() as writer:
            for graph, data in written.items():
                writer.replace(graph, data)
        assert view(local.store) == seen == document_triples(local.store)
        assert len(list(solutions(local.query("SELECT * WHERE { ?s ?p ?o }")))) == len(seen)


def test_the_view_follows_a_document_replaced_then_restored(store_copy: Path) -> None:
    local = LocalStore.open(store_copy)
    graph = local.graphs()[0]
    whole = local.graph_quads(graph)
    for quads in (whole[: len(whole) // 3], whole):
        with local.transaction() as writer:
            writer.replace(graph, nquads(quads))
        assert view(local.store) == document_triples(local.store)


def test_a_store_without_the_view_gets_one_at_its_next_build(store_copy: Path,
                                                             seeds_dir: Path) -> None:
    generation = (store_copy / "current").resolve()
    store = pyoxigraph.Store(str(generation))
    store.clear_graph(DefaultGraph())
    store.flush()
    del store
    assert len(ask(store_copy, CHINA_LABEL)) > 1  # the union of the graphs, as before
    result = invoke("build", seeds_dir, "--store", store_copy)
    assert result.exit_code == 0, result.output
    assert "5 unchanged" in result.output, result.output  # the view came all the same
    assert len(ask(store_copy, CHINA_LABEL)) == 1
    store = LocalStore.open(store_copy, read_only=True).store
    assert view(store) == document_triples(store)
    del store


def test_an_import_gets_the_view(tmp_path: Path, seeds_store: Path) -> None:
    exported = invoke("export", "--format", "nquads", "--store", seeds_store)
    (tmp_path / "all.nq").write_bytes(exported.stdout_bytes)
    result = invoke("import", tmp_path / "all.nq", "--store", tmp_path / "imported")
    assert result.exit_code == 0, result.output
    assert len(ask(tmp_path / "imported", CHINA_LABEL)) == 1
    store = LocalStore.open(tmp_path / "imported", read_only=True).store
    assert view(store) == document_triples(store)
    del store


@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_an_export_holds_the_documents_not_the_view(seeds_store: Path, fmt: str) -> None:
    result = invoke("export", "--format", fmt, "--store", seeds_store)
    quads = list(pyoxigraph.parse(result.stdout_bytes, format=pyoxigraph.RdfFormat.from_extension(
        "nq" if fmt == "nquads" else "trig")))
    assert quads and all(isinstance(q.graph_name, NamedNode) for q in quads)
    assert len(quads) == store_stats(seeds_store).quads
