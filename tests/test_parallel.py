"""Parallel builds: the same store whatever the number of workers, and incremental rebuilds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import Literal, Quad

from conftest import store_fingerprint
from natokg.iris import document_iri
from natokg.pipeline import build
from natokg.store import LocalStore
from natokg.vocab import NKG

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture(scope="module")
def corpus(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seeds and three sample articles (plain text, Markdown and JSONL)."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in [*sorted(seeds_dir.glob("*.txt")), SAMPLE / "2023-04-04-foreign-ministers-"
                 "brussels.txt", SAMPLE / "2023-06-13-vilnius-summit-partners.md",
                 SAMPLE / "briefs-2024-2025.jsonl"]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("one-worker") / "store"
    report = build([corpus], store, workers=1)
    assert report.documents == 9 and not report.failures
    return store


def _copy(store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(store, copy, symlinks=True)
    return copy


def test_two_workers_build_the_same_store_as_one(corpus: Path, built: Path,
                                                 tmp_path: Path) -> None:
    report = build([corpus], tmp_path / "two", workers=2)
    assert report.documents == 9
    assert store_fingerprint(tmp_path / "two") == store_fingerprint(built)


def test_an_unchanged_rebuild_skips_every_document(corpus: Path, built: Path,
                                                   tmp_path: Path) -> None:
    store = _copy(built, tmp_path)
    report = build([corpus], store, workers=2)
    assert (report.documents, report.unchanged, report.quads) == (0, 9, 0)
    assert store_fingerprint(store) == store_fingerprint(built)


def test_force_rebuilds_every_document_to_the_same_store(corpus: Path, built: Path,
                                                         tmp_path: Path) -> None:
    store = _copy(built, tmp_path)
    report = build([corpus], store, workers=2, force=True)
    assert (report.documents, report.unchanged) == (9, 0)
    graphs = LocalStore.open(built, read_only=True)
    assert report.quads == sum(len(graphs.graph_quads(g)) for g in graphs.graphs())
    assert store_fingerprint(store) == store_fingerprint(built)


def test_a_graph_from_another_natokg_version_is_replaced(corpus: Path, built: Path,
                                                         tmp_path: Path) -> None:
    store = _copy(built, tmp_path)
    local = LocalStore.open(store)
    graph = local.graphs()[0]
    stale = [Quad(q.subject, q.predicate, Literal("0.0.0"), graph)
             if q.predicate == NKG.natokgVersion else q for q in local.graph_quads(graph)]
    local.replace_graphs({graph: stale})
    assert store_fingerprint(store) != store_fingerprint(built)

    report = build([corpus], store, workers=2)
    assert (report.documents, report.unchanged) == (1, 8)
    assert store_fingerprint(store) == store_fingerprint(built)


def test_a_changed_article_gets_its_own_new_graph(corpus: Path, built: Path,
                                                  tmp_path: Path) -> None:
    store = _copy(built, tmp_path)
    edited = tmp_path / "corpus"
    shutil.copytree(corpus, edited)
    article = sorted(edited.glob("*.txt"))[0]
    article.write_text(article.read_text("utf-8") + "\nNATO Allies met in Oslo.\n", "utf-8")
    report = build([edited], store, workers=2)
    assert (report.documents, report.unchanged) == (1, 8)
    # The edited text is a new document (ids hash the text), written beside the old one.
    graphs = set(LocalStore.open(store, read_only=True).graphs())
    before = set(LocalStore.open(built, read_only=True).graphs())
    (new,) = graphs - before
    assert before < graphs and new.value.startswith(document_iri("").value)
    quads = LocalStore.open(store, read_only=True).graph_quads(new)
    assert any(q.predicate == NKG.sentence and "Oslo" in q.object.value for q in quads)
