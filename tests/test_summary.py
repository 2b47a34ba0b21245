"""The summary graph: the aggregate questions answered from tallies must say exactly
what counting every document says, however the store got its documents."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad

from conftest import invoke
from natokg.queries import canned_queries
from natokg.store import LocalStore, nquads
from natokg.summary import SUMMARY_GRAPH, SummaryUpdate, document_summary, summary_of_nquads
from natokg.vocab import NKG, RDF, RDFS

REFERENCE = Path(__file__).with_name("reference_queries")
AGGREGATES = sorted(p.stem for p in REFERENCE.glob("*.rq"))
TEXT_PARAMETER = {"summits": ("summit", "washington"), "meetings": ("place", "brussels"),
                  "officials": ("name", "rutte"), "partners-invited": ("summit", "2024")}


def rows(store: LocalStore, text: str, bindings: dict, names: list[str]) -> list[tuple]:
    """A query's rows as comparable tuples of the named columns."""
    results = store.query(text, bindings)
    return sorted(tuple(str(row[n]) if row[n] is not None else "" for n in names)
                  for row in results)


def compared(store: LocalStore, reference: str) -> list[str]:
    """The reference query's columns but the (arbitrary) example: the canned queries
    also take parameters (a document, more filters) that the reference queries do not."""
    return [v.value for v in store.query(reference, {}).variables if v.value != "example"]


def thresholds(store: LocalStore) -> list[str]:
    found = {row["c"].value for row in store.query(
        f"SELECT DISTINCT ?c {{ GRAPH ?g {{ ?f <{NKG.confidence.value}> ?c }} }}")}
    return ["0", *sorted(found), "1"]


def summary_quads(store: LocalStore) -> set[str]:
    return {str(q) for q in store.store.quads_for_pattern(None, None, None, SUMMARY_GRAPH)}


def recounted(store: LocalStore) -> set[str]:
    """The summary graph counted afresh from every document graph."""
    update = SummaryUpdate([], has_summary=True)
    return {str(q) for q in update.recounted(store.graph_quads(g) for g in store.graphs())}


@pytest.fixture(scope="module")
def seeds(seeds_store: Path) -> LocalStore:
    return LocalStore.open(seeds_store, read_only=True)


class Graphs(dict):
    """Document graphs by name, shown briefly in hypothesis's reports."""

    def __repr__(self) -> str:
        return f"<{len(self)} seed graphs>"


@pytest.fixture(scope="module")
def seed_graphs(seeds: LocalStore) -> Graphs:
    return Graphs({graph: seeds.graph_quads(graph) for graph in seeds.graphs()})


@pytest.mark.parametrize("name", AGGREGATES)
def test_tallies_answer_as_counting_every_document_does(seeds: LocalStore, name: str) -> None:
    canned, reference = canned_queries()[name], (REFERENCE / f"{name}.rq").read_text()
    assert "nkr:summary" in canned.text and "nkr:summary" not in reference
    for threshold in thresholds(seeds):
        params = [{"min_confidence": threshold}]
        if name in TEXT_PARAMETER:
            key, value = TEXT_PARAMETER[name]
            params.append({"min_confidence": threshold, key: value})
        for param in params:
            bindings = canned.bindings(param)
            names = compared(seeds, reference)
            assert (rows(seeds, canned.text, bindings, names)
                    == rows(seeds, reference, bindings, names)), param


@pytest.mark.parametrize("name", AGGREGATES)
def test_every_example_is_a_fact_of_the_answer_above_the_threshold(seeds: LocalStore,
                                                                    name: str) -> None:
    canned = canned_queries()[name]
    for threshold in thresholds(seeds)[:-1]:
        for row in seeds.query(canned.text, canned.bindings({"min_confidence": threshold})):
            found = list(seeds.store.quads_for_pattern(row["example"], NKG.confidence, None))
            assert found, row["example"]
            assert float(found[0].object.value) >= float(threshold)
            assert found[0].graph_name != SUMMARY_GRAPH


def test_the_summary_graph_is_not_a_document(seeds: LocalStore) -> None:
    assert SUMMARY_GRAPH not in seeds.graphs()
    assert SUMMARY_GRAPH.value not in seeds.document_versions()
    result = invoke("validate", "--store", seeds.root)
    assert result.exit_code == 0, result.output


def test_builds_in_steps_count_as_one_build(seeds_dir: Path, tmp_path: Path) -> None:
    articles = sorted(seeds_dir.glob("*.txt"))
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, chosen in ((first, articles[:2]), (second, articles[2:])):
        folder.mkdir()
        for article in chosen:
            shutil.copy(article, folder)
    stepwise, whole = tmp_path / "stepwise", tmp_path / "whole"
    for folder in (first, second):
        assert invoke("build", folder, "--store", stepwise, "-q").exit_code == 0
    assert invoke("build", first, second, "--store", whole, "-q").exit_code == 0
    built = LocalStore.open(stepwise, read_only=True)
    assert summary_quads(built) == summary_quads(LocalStore.open(whole, read_only=True))
    assert summary_quads(built) == recounted(built)


def test_a_forced_rebuild_leaves_the_summary_as_it_was(store_copy: Path, seeds_dir: Path) -> None:
    before = summary_quads(LocalStore.open(store_copy, read_only=True))
    assert invoke("build", seeds_dir, "--store", store_copy, "--force", "-q").exit_code == 0
    assert summary_quads(LocalStore.open(store_copy, read_only=True)) == before


def test_a_store_from_before_summaries_is_recounted(store_copy: Path, seeds_dir: Path) -> None:
    local = LocalStore.open(store_copy)
    with local.transaction() as writer:  # strip the summary, as an older natokg left it
        writer.store.remove_graph(SUMMARY_GRAPH)
        writer.changed = True
    assert not summary_quads(LocalStore.open(store_copy, read_only=True))
    article = next(seeds_dir.glob("*.txt"))
    edited = store_copy.parent / "edited.txt"
    edited.write_text(article.read_text(encoding="utf-8") + "\nA closing line.\n", "utf-8")
    assert invoke("build", edited, "--store", store_copy, "-q").exit_code == 0
    rebuilt = LocalStore.open(store_copy, read_only=True)
    assert summary_quads(rebuilt) and summary_quads(rebuilt) == recounted(rebuilt)


def test_a_store_from_before_summaries_says_so_until_a_build_counts_it(
        store_copy: Path, seeds_store: Path, seeds_dir: Path) -> None:
    local = LocalStore.open(store_copy)
    with local.transaction() as writer:
        writer.store.remove_graph(SUMMARY_GRAPH)
        writer.changed = True
    refused = invoke("query", "allies", "--store", store_copy)
    assert refused.exit_code == 1
    assert "no summary graph" in refused.stderr and len(refused.stderr.splitlines()) == 1
    rebuilt = invoke("build", seeds_dir, "--store", store_copy, "-q")
    assert rebuilt.exit_code == 0, rebuilt.output  # every article unchanged, yet counted
    answered = invoke("query", "allies", "--store", store_copy, "--format", "csv")
    assert answered.exit_code == 0, answered.output
    assert answered.stdout == invoke("query", "allies", "--store", seeds_store,
                                     "--format", "csv").stdout


def test_importing_rdf_as_is_recounts(store_copy: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.nq"
    graph = NamedNode("https://example.org/mine")
    extra.write_bytes(nquads([Quad(NamedNode("https://example.org/x"), RDF.type,
                                   NKG.Document, graph)]))
    assert invoke("import", extra, "--store", store_copy).exit_code == 0
    imported = LocalStore.open(store_copy, read_only=True)
    assert summary_quads(imported) == recounted(imported)


def without_facts(quads: list[Quad], seed: int) -> list[Quad]:
    """A document graph that lost some of its facts (as a later extraction might)."""
    facts = sorted({q.subject.value for q in quads if q.predicate == NKG.confidence})
    dropped = set(random.Random(seed).sample(facts, len(facts) // 2))
    return [q for q in quads if q.subject.value not in dropped]


def with_confidence(quads: list[Quad], value: str) -> list[Quad]:
    """A document graph whose facts all carry another confidence."""
    return [Quad(q.subject, q.predicate, Literal(value, datatype=q.object.datatype), q.graph_name)
            if q.predicate == NKG.confidence else q for q in quads]


operations = st.lists(st.tuples(st.integers(0, 4), st.sampled_from(("add", "drop", "retune"))),
                      min_size=1, max_size=8)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=operations, batch=st.integers(1, 3))
def test_any_sequence_of_writes_keeps_the_summary_exact(
        seed_graphs: Graphs, steps: list[tuple[int, str]], batch: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SummaryUpdate, "BATCH", batch)
    graphs = sorted(seed_graphs, key=lambda g: g.value)
    store = LocalStore.in_memory()
    for step, (index, change) in enumerate(steps):
        graph = graphs[index]
        quads = seed_graphs[graph]
        if change == "drop":
            quads = without_facts(quads, step)
        elif change == "retune":
            quads = with_confidence(quads, "0.7" if step % 2 else "0.95")
        store.replace_graphs({graph: quads})
        assert summary_quads(store) == recounted(store)


def test_reading_n_quads_lines_agrees_with_the_parser(seed_graphs: Graphs) -> None:
    """The writer's string cutting and pyoxigraph's parser see the same document."""
    for graph, quads in seed_graphs.items():
        labelled = [Quad(q.subject, q.predicate, Literal('Odd "name" \\ with\nlines <x> .'),
                         graph) if q.predicate == RDFS.label else q for q in quads]
        for version in (quads, labelled):
            assert summary_of_nquads(nquads(version)) == document_summary(version)
