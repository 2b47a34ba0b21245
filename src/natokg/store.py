"""The graph store: an on-disk Oxigraph database, one named graph per document.

pyoxigraph has no transaction object, but one SPARQL UPDATE runs as one
transaction. A write therefore drops every graph it replaces and inserts the
new ones in a single update: a rebuild of a document can never leave both its
old and new facts, nor neither, and a failed write leaves the store as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from pyoxigraph import NamedNode, Quad, QuerySolutions, RdfFormat, Store

from natokg.errors import StoreError

DEFAULT_STORE = "natokg-store"
STORE_ENV = "NATOKG_STORE"

FORMATS: dict[str, RdfFormat] = {
    "turtle": RdfFormat.TURTLE,
    "trig": RdfFormat.TRIG,
    "nquads": RdfFormat.N_QUADS,
    "ntriples": RdfFormat.N_TRIPLES,
    "rdfxml": RdfFormat.RDF_XML,
}


def store_path(path: str | os.PathLike[str] | None = None) -> Path:
    """`path`, else $NATOKG_STORE, else ./natokg-store."""
    return Path(path or os.environ.get(STORE_ENV) or DEFAULT_STORE)


def _open(path: Path, read_only: bool) -> Store:
    if path.exists() and not path.is_dir():
        raise StoreError(f"store path {path} is a file, not a store directory")
    if read_only and not path.exists():
        raise StoreError(f"no store at {path}: build one first with `natokg build PATH`")
    try:
        return Store.read_only(str(path)) if read_only else Store(str(path))
    except OSError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "lock" in reason.lower():
            reason = "another natokg process is writing to it; try again when it has finished"
        raise StoreError(f"cannot open store {path}: {reason}") from exc


class GraphStore:
    """natokg's view of an Oxigraph store: replace document graphs, query, dump."""

    def __init__(self, store: Store, path: Path | None = None) -> None:
        self.store = store
        self.path = path

    @classmethod
    def open(
        cls, path: str | os.PathLike[str] | None = None, *, read_only: bool = False
    ) -> GraphStore:
        """Open (or create, when writable) the store at `store_path(path)`."""
        resolved = store_path(path)
        return cls(_open(resolved, read_only), resolved)

    @classmethod
    def in_memory(cls) -> GraphStore:
        return cls(Store())

    # -- writing --------------------------------------------------------------
    def replace_graphs(self, graphs: Mapping[NamedNode, Iterable[Quad]]) -> int:
        """Replace each named graph with its new quads, all in one transaction."""
        if not graphs:
            return 0
        operations = [f"DROP SILENT GRAPH {graph}" for graph in graphs]
        blocks, count = [], 0
        for graph, quads in graphs.items():
            triples = [f"{q.subject} {q.predicate} {q.object} ." for q in quads]
            count += len(triples)
            blocks.append(f"GRAPH {graph} {{\n" + "\n".join(triples) + "\n}")
        operations.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
        try:
            self.store.update(" ;\n".join(operations))
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"could not write to the store: {exc}") from exc
        return count

    def load(self, data: bytes, rdf_format: RdfFormat, graph: NamedNode | None = None) -> None:
        """Load serialized RDF in one transaction (for `natokg import`)."""
        try:
            self.store.load(data, format=rdf_format, to_graph=graph)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"could not load the data: {exc}") from exc

    # -- reading --------------------------------------------------------------
    def query(
        self, sparql: str, substitutions: Mapping[object, object] | None = None, union: bool = True
    ) -> QuerySolutions | object:
        """Run a SPARQL query; `union` lets plain patterns see every document graph."""
        return self.store.query(
            sparql, use_default_graph_as_union=union, substitutions=dict(substitutions or {})
        )

    def graphs(self) -> list[NamedNode]:
        return [g for g in self.store.named_graphs() if isinstance(g, NamedNode)]

    def __len__(self) -> int:
        return len(self.store)

    def quads(self, graph: NamedNode | None = None) -> Iterator[Quad]:
        return iter(self.store.quads_for_pattern(None, None, None, graph))

    def dump(
        self,
        rdf_format: RdfFormat,
        graph: NamedNode | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> bytes:
        """Serialize the store (or one graph); triple formats merge all graphs."""
        kwargs: dict[str, object] = {"format": rdf_format}
        if prefixes and rdf_format in (RdfFormat.TURTLE, RdfFormat.TRIG):
            kwargs["prefixes"] = dict(prefixes)
        if graph is not None:
            kwargs["from_graph"] = graph
        elif not rdf_format.supports_datasets:
            from pyoxigraph import serialize

            triples = (q.triple for q in self.store)
            return serialize(triples, **kwargs)  # type: ignore[arg-type]
        return self.store.dump(**kwargs)  # type: ignore[arg-type]

    def flush(self) -> None:
        self.store.flush()


@contextmanager
def opened(
    path: str | os.PathLike[str] | None = None, *, read_only: bool = False
) -> Iterator[GraphStore]:
    """Open a store for the duration of a block, releasing its lock afterwards."""
    store = GraphStore.open(path, read_only=read_only)
    try:
        yield store
    finally:
        del store
