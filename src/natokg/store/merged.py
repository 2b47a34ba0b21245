"""The merged view: a local store's default graph holds every document's triples once.

A custom query's plain patterns (`natokg query -e`, `natokg serve`'s /sparql)
should see the knowledge graph, not how it is stored. Oxigraph's union default
graph is the *bag* of all named graphs: a triple four documents state (an
entity's label) comes back four times, the summary graph's tallies come back
too, and COUNT counts copies; naming the document graphs as the default graph
(`default_graph=[…]`) keeps the copies as well. So a local store keeps its
default graph equal to the RDF merge of its document graphs, the derived
graphs left out, and `LocalStore.query` lets plain patterns read it.

It is kept by a commit hook (`MERGED_VIEW_HOOK`), local stores only: a remote
endpoint keeps its own union. At commit, the triples of every document graph
written are added (read back from the database, a batch of graphs per bulk
load); those of a replaced document's old graph leave the view only when no
document graph states them any more. A store written before the view existed,
or RDF loaded as is, has the view rebuilt from every document graph instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, Triple

from natokg.errors import StoreError
from natokg.store.protocol import GraphName, GraphWriter

VIEW = DefaultGraph()
_BATCH_BYTES = 8 << 20  # N-Triples bytes per bulk load


def has_view(database: Store) -> bool:
    """Whether the database keeps the merged view (an empty default graph: it does not)."""
    return next(database.quads_for_pattern(None, None, None, VIEW), None) is not None


class MergedViewHook:
    """The commit hook keeping the merged view (see `natokg.store.protocol.CommitHook`)."""

    graph = VIEW

    def start(self, writer: GraphWriter) -> MergedViewRun:
        return MergedViewRun(writer)


class MergedViewRun:
    """One transaction's view bookkeeping: the graphs written, the triples they held.

    It holds the writer, never its database: the database must close with the
    writer (see `natokg.store.local`), before readers open the generation.
    """

    def __init__(self, writer: GraphWriter) -> None:
        self.writer = writer
        self.existing = set(writer.document_graphs())
        self.rebuild = bool(self.existing) and not has_view(self.database())
        self.written: set[NamedNode] = set()
        self.held: set[Triple] = set()  # what replaced graphs stated before this transaction

    def replaced(self, graph: NamedNode, data: bytes) -> None:
        if graph in self.writer.derived_graphs or self.rebuild:
            return
        if graph in self.existing and graph not in self.written:
            self.held.update(q.triple for q in self.writer.graph_quads(graph))
        self.written.add(graph)

    def loaded(self) -> None:
        self.rebuild = True

    def commit(self) -> None:
        if not (self.rebuild or self.written):
            return
        database = self.database(writing=True)  # the view changes: the transaction is published
        if self.rebuild:
            database.clear_graph(VIEW)
            _add(database, self.writer.document_graphs())
        else:
            _add(database, sorted(self.written, key=str))
            _forget(database, self.held, self.writer.derived_graphs)

    def database(self, writing: bool = False) -> Store:
        database = self.writer.database(writing)
        if database is None:
            raise StoreError("the merged view is kept by embedded stores only")
        return database


def _add(database: Store, graphs: Iterable[NamedNode]) -> None:
    """Put the triples of `graphs` into the view, in bulk loads of a batch of graphs."""
    batch: list[bytes] = []
    size = 0
    for graph in graphs:
        batch.append(database.dump(format=RdfFormat.N_TRIPLES, from_graph=graph) or b"")
        size += len(batch[-1])
        if size >= _BATCH_BYTES:
            _load(database, batch)
            batch, size = [], 0
    _load(database, batch)


def _load(database: Store, batch: list[bytes]) -> None:
    # lenient: the triples were just read from the database, so their IRIs are valid.
    if any(batch):
        database.bulk_load(b"".join(batch), format=RdfFormat.N_TRIPLES, to_graph=VIEW,
                           lenient=True)


def _forget(database: Store, held: Iterable[Triple], derived: Iterable[GraphName]) -> None:
    """Take out of the view the triples no document graph states any more."""
    not_documents = {VIEW, *derived}
    for triple in held:
        stated = database.quads_for_pattern(triple.subject, triple.predicate, triple.object)
        if not any(q.graph_name not in not_documents for q in stated):
            database.remove(Quad(triple.subject, triple.predicate, triple.object, VIEW))


MERGED_VIEW_HOOK = MergedViewHook()
