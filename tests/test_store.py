"""GraphStore: atomic graph replacement, reading, and where the store lives."""

from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph
import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat

from conftest import store_fingerprint
from natokg.errors import StoreError
from natokg.store import (
    DEFAULT_STORE,
    STORE_ENV,
    GraphStore,
    GraphWriter,
    HookRun,
    LocalStore,
    nquads,
    store_path,
)
from natokg.summary import SUMMARY_GRAPH
from natokg.vocab import RDFS

EX = "https://example.org/"
G1, G2 = NamedNode(EX + "graph/1"), NamedNode(EX + "graph/2")


def quads(graph: NamedNode, *labels: str) -> list[Quad]:
    return [Quad(NamedNode(EX + f"thing/{i}"), NamedNode(EX + "label"), Literal(label), graph)
            for i, label in enumerate(labels)]


def content(store: GraphStore, graph: NamedNode | None = None) -> set[str]:
    return {str(q) for q in store.graph_quads(graph)}


def document_quads(store: GraphStore) -> int:
    """Quads in document graphs (the store also holds the summary graph derived from them)."""
    return sum(len(store.graph_quads(graph)) for graph in store.graphs())


def test_replace_graphs_writes_each_graph_and_counts_quads():
    store = LocalStore.in_memory()
    count = store.replace_graphs({G1: quads(G1, "a", "b"), G2: quads(G2, "c")})
    assert count == 3
    assert document_quads(store) == 3 < store.quad_count()
    assert set(store.graphs()) == {G1, G2}
    assert content(store, G1) == {str(q) for q in quads(G1, "a", "b")}


def test_replacing_a_graph_removes_its_old_quads_and_keeps_others():
    store = LocalStore.in_memory()
    store.replace_graphs({G1: quads(G1, "old-1", "old-2"), G2: quads(G2, "other")})
    store.replace_graphs({G1: quads(G1, "new")})
    assert content(store, G1) == {str(q) for q in quads(G1, "new")}
    assert content(store, G2) == {str(q) for q in quads(G2, "other")}
    assert document_quads(store) == 2


def test_replacing_with_nothing_is_a_no_op():
    store = LocalStore.in_memory()
    store.replace_graphs({G1: quads(G1, "a")})
    before = store.quad_count()
    assert store.replace_graphs({}) == 0
    assert store.quad_count() == before and document_quads(store) == 1


def test_replace_graphs_keeps_literals_with_quotes_and_braces_intact():
    tricky = 'he said "x") } ; DROP ALL ; #\nnext line \\ end'
    store = LocalStore.in_memory()
    store.replace_graphs({G1: quads(G1, "keep"), G2: quads(G2, tricky)})
    assert set(store.graphs()) == {G1, G2}
    labels = {q.object.value for q in store.graph_quads(G2)}
    assert labels == {tricky}


def test_failed_write_on_disk_leaves_the_store_fingerprint(monkeypatch, store_copy):
    """A write that fails half-way is never seen: the old generation stays current."""
    store = LocalStore.open(store_copy)
    graph = store.graphs()[0]
    before = store_fingerprint(store_copy)
    generations = sorted(p.name for p in store_copy.iterdir())

    def failing_bulk_load(self, *args, **kwargs):
        raise OSError("simulated I/O failure")

    monkeypatch.setattr(pyoxigraph.Store, "bulk_load", failing_bulk_load)
    with pytest.raises(StoreError, match="simulated I/O failure"):
        store.replace_graphs({graph: quads(graph, "replacement")})
    monkeypatch.undo()
    assert store_fingerprint(store_copy) == before
    assert sorted(p.name for p in store_copy.iterdir()) == generations


def test_an_error_inside_a_transaction_discards_everything_written(store_copy):
    store = LocalStore.open(store_copy)
    before = store_fingerprint(store_copy)
    with pytest.raises(RuntimeError, match="stop"), store.transaction() as writer:
        writer.replace(G1, nquads(quads(G1, "never seen")))
        raise RuntimeError("stop")
    assert store_fingerprint(store_copy) == before
    assert G1 not in store.graphs()


def test_a_transaction_that_writes_nothing_makes_no_generation(store_copy):
    store = LocalStore.open(store_copy)
    current = (store_copy / "current").resolve()
    with store.transaction():
        pass
    assert (store_copy / "current").resolve() == current
    assert len([p for p in store_copy.iterdir() if p.name.startswith("gen-")]) == 1


def test_commits_keep_the_previous_generation_for_readers_and_drop_older_ones(tmp_path):
    store = LocalStore.open(tmp_path / "store")
    for label in ("one", "two", "three"):
        store.replace_graphs({G1: quads(G1, label)})
    generations = sorted(p.name for p in (tmp_path / "store").iterdir() if p.name[:4] == "gen-")
    assert generations == ["gen-000002", "gen-000003"]
    assert content(store, G1) == {str(q) for q in quads(G1, "three")}


def test_a_reader_opened_before_a_commit_keeps_reading_its_generation(tmp_path):
    writer = LocalStore.open(tmp_path / "store")
    writer.replace_graphs({G1: quads(G1, "before")})
    reader = LocalStore.open(tmp_path / "store", read_only=True)
    writer.replace_graphs({G1: quads(G1, "after")})
    assert content(reader, G1) == {str(q) for q in quads(G1, "before")}
    assert content(LocalStore.open(tmp_path / "store", read_only=True), G1) == {
        str(q) for q in quads(G1, "after")}


def test_a_damaged_store_is_a_store_error_saying_what_to_do(store_copy):
    (store_copy / "current").unlink()
    (store_copy / "current").symlink_to("gen-999999")
    with pytest.raises(StoreError, match=r"damaged.*natokg import"):
        LocalStore.open(store_copy, read_only=True)


def test_a_folder_that_is_not_a_store_is_refused(tmp_path):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "thesis.txt").write_text("precious")
    with pytest.raises(StoreError, match="not a natokg store"):
        LocalStore.open(tmp_path / "documents")


def test_opening_a_file_as_a_store_is_a_store_error(tmp_path):
    path = tmp_path / "file"
    path.write_text("not a store")
    with pytest.raises(StoreError, match="is a file"):
        LocalStore.open(path)
    with pytest.raises(StoreError, match="is a file"):
        LocalStore.open(path, read_only=True)


def test_opening_a_missing_store_read_only_does_not_create_it(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        LocalStore.open(tmp_path / "absent", read_only=True)
    assert not (tmp_path / "absent").exists()


def test_second_writer_gets_a_store_error_not_an_os_error(tmp_path):
    first, second = LocalStore.open(tmp_path / "store"), LocalStore.open(tmp_path / "store")
    with first.transaction() as writer:
        writer.replace(G1, nquads(quads(G1, "first")))
        with pytest.raises(StoreError, match=r"another natokg process.*--wait"), \
                second.transaction():
            pass
    assert content(LocalStore.open(tmp_path / "store", read_only=True), G1) == {
        str(q) for q in quads(G1, "first")}


def test_written_store_reopens_with_its_content(tmp_path):
    with LocalStore.open(tmp_path / "store") as store:
        store.replace_graphs({G1: quads(G1, "a", "b")})
    gc.collect()
    with LocalStore.open(tmp_path / "store", read_only=True) as store:
        assert content(store, G1) == {str(q) for q in quads(G1, "a", "b")}
        assert document_quads(store) == 2
    # and the summary graph's marker, and the two triples again in the merged view
    assert store_fingerprint(tmp_path / "store")[0] == 5


def test_read_only_store_sees_the_seeds(seeds_store):
    store = LocalStore.open(seeds_store, read_only=True)
    assert len(store.graphs()) == 5
    assert store.quad_count() == store_fingerprint(seeds_store)[0]


# -- store_path ------------------------------------------------------------------------
def test_store_path_prefers_the_argument(monkeypatch, tmp_path):
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "from-env"))
    assert store_path(tmp_path / "given") == tmp_path / "given"
    assert store_path("relative/store") == Path("relative/store")


def test_store_path_falls_back_to_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "from-env"))
    assert store_path() == tmp_path / "from-env"
    assert store_path(None) == tmp_path / "from-env"


def test_store_path_defaults_to_natokg_store_in_the_working_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(STORE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert store_path() == Path(DEFAULT_STORE) == Path("natokg-store")
    assert store_path().resolve() == tmp_path / "natokg-store"


def test_graph_store_open_uses_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "env-store"))
    store = LocalStore.open()
    assert store.root == tmp_path / "env-store"
    store.replace_graphs({G1: quads(G1, "a")})
    assert (tmp_path / "env-store" / "current").is_symlink()


# -- commit hooks ------------------------------------------------------------------
COUNT = NamedNode(EX + "count")


class DocumentCount:
    """A derived graph holding how many document graphs the store has, and what changed."""

    graph = COUNT

    def start(self, writer: GraphWriter) -> HookRun:
        return CountRun(writer)


class CountRun:
    def __init__(self, writer: GraphWriter) -> None:
        self.writer = writer
        self.replaced_graphs: list[str] = []

    def replaced(self, graph: NamedNode, data: bytes) -> None:
        self.replaced_graphs.append(graph.value)

    def loaded(self) -> None:
        self.replaced_graphs.append("loaded")

    def commit(self) -> None:
        count = Literal(str(len(self.writer.document_graphs())))
        changed = Literal(" ".join(self.replaced_graphs))
        self.writer.overwrite(COUNT, nquads([Quad(COUNT, RDFS.label, count, COUNT),
                                             Quad(COUNT, RDFS.comment, changed, COUNT)]))


def counted(store: GraphStore) -> dict[str, str]:
    return {q.predicate.value: q.object.value for q in store.graph_quads(COUNT)}


@pytest.mark.parametrize("on_disk", [False, True])
def test_a_commit_hook_keeps_its_derived_graph(tmp_path: Path, on_disk: bool) -> None:
    hooks = [DocumentCount()]
    store = (LocalStore.open(tmp_path / "s", hooks=hooks) if on_disk
             else LocalStore.in_memory(hooks=hooks))
    store.replace_graphs({G1: quads(G1, "one"), G2: quads(G2, "two")})
    assert counted(store) == {RDFS.label.value: "2", RDFS.comment.value: f"{G1.value} {G2.value}"}
    store.replace_graphs({COUNT: quads(COUNT, "taken as given?")})  # derived: never written
    assert counted(store)[RDFS.label.value] == "2"
    assert COUNT not in store.graphs()
    assert b"count" not in store.dump(RdfFormat.N_QUADS)


def test_every_store_keeps_the_summary_graph_unless_told_otherwise() -> None:
    assert SUMMARY_GRAPH in LocalStore.in_memory().derived_graphs
    bare = LocalStore.in_memory(hooks=[])
    bare.replace_graphs({G1: quads(G1, "one")})
    assert bare.graphs() == [G1] and not bare.graph_quads(SUMMARY_GRAPH)
