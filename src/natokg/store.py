"""The graph store: an on-disk Oxigraph database, one named graph per document.

pyoxigraph has no transaction object, but one SPARQL UPDATE runs as one
transaction. A write therefore drops every graph it replaces and inserts the
new ones in a single update: a rebuild of a document can never leave both its
old and new facts, nor neither, and a failed write leaves the store as it was.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from pathlib import Path

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Variable,
)

from natokg.errors import StoreError

Term = NamedNode | BlankNode | Literal
Results = QuerySolutions | QueryBoolean | QueryTriples

DEFAULT_STORE = "natokg-store"
STORE_ENV = "NATOKG_STORE"
ENDPOINT_ENV = "NATOKG_ENDPOINT"

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


class GraphStore(ABC):
    """What natokg needs of a store: the embedded Oxigraph or a SPARQL endpoint."""

    location: str

    @abstractmethod
    def replace_graphs(self, graphs: Mapping[NamedNode, Iterable[Quad]]) -> int:
        """Replace each named graph with its new quads; return the number of quads written."""

    @abstractmethod
    def query(
        self,
        sparql: str,
        substitutions: Mapping[Variable, Term] | None = None,
        union: bool = True,
    ) -> Results:
        """Run a SPARQL query with bound variables; `union` lets plain patterns see all graphs."""

    @abstractmethod
    def graphs(self) -> list[NamedNode]:
        """The named graphs (one per document)."""

    @abstractmethod
    def graph_quads(self, graph: NamedNode) -> list[Quad]:
        """The quads of one named graph, graph name included."""

    @abstractmethod
    def quad_count(self) -> int:
        """How many quads the store holds."""

    @abstractmethod
    def dump(
        self,
        rdf_format: RdfFormat,
        graph: NamedNode | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> bytes:
        """Serialize the whole store (a dataset format) or one graph."""

    @abstractmethod
    def load(self, data: bytes, rdf_format: RdfFormat, graph: NamedNode | None = None) -> None:
        """Add serialized RDF in one transaction."""

    def flush(self) -> None:  # noqa: B027 - optional for stores that buffer nothing
        """Make written data durable."""

    def close(self) -> None:  # noqa: B027
        """Release what the store holds (locks, connections)."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LocalStore(GraphStore):
    """An Oxigraph store on this machine (or in memory, for tests and notebooks)."""

    def __init__(self, store: Store, path: Path | None = None, read_only: bool = False) -> None:
        self.store = store
        self.path = path
        self.read_only = read_only
        self.location = str(path) if path else "memory"

    @classmethod
    def open(
        cls, path: str | os.PathLike[str] | None = None, *, read_only: bool = False
    ) -> LocalStore:
        """Open (or create, when writable) the store at `store_path(path)`."""
        resolved = store_path(path)
        return cls(_open(resolved, read_only), resolved, read_only)

    @classmethod
    def in_memory(cls) -> LocalStore:
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
        self,
        sparql: str,
        substitutions: Mapping[Variable, Term] | None = None,
        union: bool = True,
    ) -> Results:
        return self.store.query(  # type: ignore[no-any-return]
            sparql, use_default_graph_as_union=union, substitutions=dict(substitutions or {})
        )

    def graphs(self) -> list[NamedNode]:
        return [g for g in self.store.named_graphs() if isinstance(g, NamedNode)]

    def quad_count(self) -> int:
        return len(self.store)

    def graph_quads(self, graph: NamedNode) -> list[Quad]:
        return list(self.store.quads_for_pattern(None, None, None, graph))

    def dump(
        self,
        rdf_format: RdfFormat,
        graph: NamedNode | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> bytes:
        kwargs: dict[str, object] = {"format": rdf_format}
        if prefixes and rdf_format in (RdfFormat.TURTLE, RdfFormat.TRIG):
            kwargs["prefixes"] = dict(prefixes)
        if graph is not None:
            kwargs["from_graph"] = graph
        return self.store.dump(**kwargs)  # type: ignore[arg-type,no-any-return]

    def flush(self) -> None:
        if not self.read_only:
            self.store.flush()

    def close(self) -> None:
        """Release the store (and its lock) now rather than at garbage collection."""
        self.flush()
        del self.store


def open_store(
    store: str | os.PathLike[str] | None = None,
    *,
    endpoint: str | None = None,
    read_only: bool = False,
) -> GraphStore:
    """The store natokg works on: `endpoint` (or $NATOKG_ENDPOINT) if given, else the
    on-disk store at `store` (else $NATOKG_STORE, else ./natokg-store)."""
    endpoint = endpoint or os.environ.get(ENDPOINT_ENV)
    if endpoint:
        from natokg.remote import RemoteStore

        return RemoteStore(endpoint, read_only=read_only)
    return LocalStore.open(store, read_only=read_only)
