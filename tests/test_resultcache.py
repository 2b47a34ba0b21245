"""Kept answers: read back exactly as computed, and only for the generation they came from."""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Store

from conftest import invoke
from natokg.queries import canned_queries
from natokg.store import ANSWERS, LocalStore
from natokg.store import cache as resultcache
from natokg.store.cache import ResultCache

PARAMS = {"statements": {"speaker": "Stoltenberg"}, "calls-on": {"min_confidence": "0.8"},
          "allies": {"min_confidence": "0.9"}}


def rows(results) -> tuple[list[str], list[tuple]]:
    """Variables and rows, terms compared as values (order kept: ORDER BY matters)."""
    names = [v.value for v in results.variables]
    return names, [tuple(row[name] for name in names) for row in results]


def fresh(store: LocalStore, sparql: str, bindings) -> tuple[list[str], list[tuple]]:
    """The answer computed by Oxigraph, bypassing every kept answer."""
    return rows(store.store.query(sparql, use_default_graph_as_union=True,
                                  substitutions=dict(bindings)))


def kept_files(root: Path) -> list[Path]:
    return sorted((root / ANSWERS).rglob("*.tsv"))


@pytest.fixture
def keep_every_answer(monkeypatch):
    monkeypatch.setattr(resultcache, "SLOW", 0)


@pytest.fixture
def store_copy(store_copy: Path) -> Path:
    """The seeds store without the answers the suite's other queries on it may have kept."""
    shutil.rmtree(store_copy / ANSWERS, ignore_errors=True)
    return store_copy


@pytest.mark.parametrize("name", sorted(canned_queries()))
@pytest.mark.usefixtures("keep_every_answer")
def test_a_kept_answer_reads_back_as_computed_for_every_canned_query(name, store_copy):
    canned = canned_queries()[name]
    store = LocalStore.open(store_copy, read_only=True)
    for values in ({}, PARAMS.get(name, {})):
        bindings = canned.bindings(values)
        expected = fresh(store, canned.text, bindings)
        computed = rows(store.query(canned.text, bindings))
        read_back = rows(store.query(canned.text, bindings))
        assert computed == expected
        assert read_back == expected
    assert len(kept_files(store_copy)) == (2 if name in PARAMS else 1)


@pytest.mark.usefixtures("keep_every_answer")
@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "table"])
def test_the_command_prints_the_same_from_a_kept_answer(fmt, store_copy):
    args = ["query", "statements", "--format", fmt, "--store", store_copy]
    computed = invoke(*args)
    assert kept_files(store_copy)
    read_back = invoke(*args)
    with_deadline = invoke(*args, "--timeout", "30")
    assert computed.exit_code == read_back.exit_code == with_deadline.exit_code == 0
    assert read_back.stdout == computed.stdout == with_deadline.stdout
    assert "Stoltenberg" in computed.stdout


def test_fast_answers_are_not_kept(store_copy, monkeypatch):
    monkeypatch.setattr(resultcache, "SLOW", 3600)
    store = LocalStore.open(store_copy, read_only=True)
    for canned in canned_queries().values():
        assert list(store.query(canned.text, canned.bindings({}))) is not None
    assert kept_files(store_copy) == []


@pytest.mark.usefixtures("keep_every_answer")
def test_each_build_answers_afresh_and_drops_answers_of_generations_it_removes(store_copy,
                                                                               tmp_path):
    canned = canned_queries()["statements"]
    before = rows(LocalStore.open(store_copy, read_only=True).query(canned.text,
                                                                   canned.bindings({})))
    first = kept_files(store_copy)
    article = tmp_path / "new.txt"
    article.write_text("NATO Secretary General Mark Rutte said on 3 March 2025: "
                       "\u201cWe will keep our deterrence credible and our defence strong.\u201d\n",
                       encoding="utf-8")
    assert invoke("build", article, "--store", store_copy, "-q").exit_code == 0

    after = rows(LocalStore.open(store_copy, read_only=True).query(canned.text,
                                                                  canned.bindings({})))
    assert len(after[1]) == len(before[1]) + 1
    assert any("deterrence credible" in row[1].value for row in after[1])
    assert first[0].exists()  # the previous generation is kept for readers still on it

    second = tmp_path / "second.txt"
    second.write_text("NATO Allies met in Brussels on 4 March 2025.\n", encoding="utf-8")
    assert invoke("build", second, "--store", store_copy, "-q").exit_code == 0
    assert not first[0].parent.exists()


@pytest.mark.usefixtures("keep_every_answer")
def test_a_store_that_cannot_keep_answers_still_answers(store_copy):
    (store_copy / ANSWERS).write_text("not a folder")
    canned = canned_queries()["statements"]
    store = LocalStore.open(store_copy, read_only=True)
    bindings = canned.bindings({})
    assert rows(store.query(canned.text, bindings)) == fresh(store, canned.text, bindings)
    assert (store_copy / ANSWERS).read_text() == "not a folder"


@pytest.mark.usefixtures("keep_every_answer")
def test_answers_over_the_size_limit_are_computed_and_not_kept(store_copy, monkeypatch):
    monkeypatch.setattr(resultcache, "MAX_BYTES", 100)
    canned = canned_queries()["statements"]
    store = LocalStore.open(store_copy, read_only=True)
    bindings = canned.bindings({})
    assert rows(store.query(canned.text, bindings)) == fresh(store, canned.text, bindings)
    assert kept_files(store_copy) == []


@pytest.mark.usefixtures("keep_every_answer")
def test_an_answer_that_cannot_be_written_whole_leaves_no_file(store_copy, monkeypatch):
    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(resultcache.os, "replace", disk_full)
    canned = canned_queries()["statements"]
    store = LocalStore.open(store_copy, read_only=True)
    bindings = canned.bindings({})
    assert rows(store.query(canned.text, bindings)) == fresh(store, canned.text, bindings)
    assert [p.name for p in (store_copy / ANSWERS).rglob("*") if p.is_file()] == []


@pytest.mark.usefixtures("keep_every_answer")
def test_threads_keeping_the_same_answer_at_once_all_read_it_whole(store_copy):
    canned = canned_queries()["statements"]
    bindings = canned.bindings({})
    expected = fresh(LocalStore.open(store_copy, read_only=True), canned.text, bindings)

    def ask(_: int) -> tuple[list[str], list[tuple]]:
        return rows(LocalStore.open(store_copy, read_only=True).query(canned.text, bindings))

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(ask, range(16)))
    assert all(answer == expected for answer in answers)
    assert len(kept_files(store_copy)) == 1
    assert [p for p in (store_copy / ANSWERS).rglob("*") if p.is_file()] == kept_files(store_copy)


def test_a_store_in_memory_keeps_nothing():
    assert LocalStore.in_memory()._answers is None


# -- any term survives being kept --------------------------------------------------
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
languages = st.from_regex(r"[a-z]{2,3}(-[A-Z]{2})?", fullmatch=True)
datatypes = st.sampled_from(["integer", "decimal", "double", "boolean", "date", "string",
                             "dateTime", "gYear"]).map(
    lambda name: NamedNode(f"http://www.w3.org/2001/XMLSchema#{name}"))
values = st.one_of(
    texts.map(Literal),
    st.tuples(texts, languages).map(lambda pair: Literal(pair[0], language=pair[1])),
    st.tuples(texts, datatypes).map(lambda pair: Literal(pair[0], datatype=pair[1])),
    st.integers().map(Literal),
    st.floats(allow_nan=False).map(Literal),
    st.from_regex(r"https://example\.org/([a-z0-9/-]|%[0-9A-F]{2}){0,20}(#[a-z0-9]{0,5})?",
                  fullmatch=True).map(NamedNode),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(values, max_size=12))
def test_any_literal_or_iri_reads_back_as_it_was(objects):
    store = Store()
    subject, graph = NamedNode("https://example.org/s"), NamedNode("https://example.org/g")
    for i, value in enumerate(objects):
        store.add(Quad(subject, NamedNode(f"https://example.org/p{i:02d}"), value, graph))
    store.add(Quad(BlankNode(), NamedNode("https://example.org/p"), BlankNode(), graph))
    sparql = ("SELECT ?p ?o ?unbound WHERE { GRAPH ?g { ?s ?p ?o } "
              "OPTIONAL { ?s <https://example.org/none> ?unbound } } ORDER BY ?p")

    def evaluate():
        return store.query(sparql)

    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(resultcache, "SLOW", 0)
        cache = ResultCache(Path(folder))
        computed = rows(cache.answer(sparql, {}, True, evaluate))
        assert len(list(Path(folder).iterdir())) == 1
        read_back = rows(cache.answer(sparql, {}, True, evaluate))
    assert computed == read_back == rows(evaluate())
