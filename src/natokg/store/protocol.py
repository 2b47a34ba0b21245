"""What natokg needs of a store, whichever holds the graph: the shared types and contracts.

A store holds one named graph per document, plus *derived* graphs computed
from them (the summary graph, `natokg.summary`; in a local store, the merged
view in the default graph, `natokg.store.merged`). The store does not
know how a derived graph is computed: each is kept by a `CommitHook` that
every writer runs, so a build, an import or a remote write all keep it in
step with the documents, and a new derived graph is one more hook, not a
change to each store.
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    Variable,
    serialize,
)

Term = NamedNode | BlankNode | Literal
GraphName = NamedNode | DefaultGraph  # a derived graph: a named one, or the merged view
Results = QuerySolutions | QueryBoolean | QueryTriples | list[Triple]

FORMATS: dict[str, RdfFormat] = {
    "turtle": RdfFormat.TURTLE,
    "trig": RdfFormat.TRIG,
    "nquads": RdfFormat.N_QUADS,
    "ntriples": RdfFormat.N_TRIPLES,
    "rdfxml": RdfFormat.RDF_XML,
}

_VERSIONS = """
PREFIX nkg: <https://w3id.org/natokg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?doc ?version ?model WHERE {
  GRAPH ?doc { ?doc prov:wasGeneratedBy ?run . ?run nkg:natokgVersion ?version ;
                                                    nkg:spacyModel ?model }
}
"""


def nquads(quads: Iterable[Quad]) -> bytes:
    """Quads as N-Quads bytes: the compact, picklable form graphs travel in."""
    return serialize(quads, format=RdfFormat.N_QUADS) or b""


def solutions(results: Results) -> QuerySolutions:
    """A SELECT query's rows; a one-line error when the query was of another form."""
    if not isinstance(results, QuerySolutions):
        raise TypeError(f"expected the rows of a SELECT query, got {type(results).__name__}")
    return results


def triples(results: Results) -> list[Triple]:
    """A CONSTRUCT or DESCRIBE query's triples; a one-line error for another form."""
    if isinstance(results, QuerySolutions | QueryBoolean):
        raise TypeError(f"expected the triples of a CONSTRUCT query, got {type(results).__name__}")
    return list(results)


# -- derived graphs -----------------------------------------------------------------
class DerivedGraph(Protocol):
    """A derived graph as a writer holds it: read by subject, changed quad by quad."""

    def read(self, subject: NamedNode, predicate: NamedNode | None = None) -> list[Quad]:
        """The graph's quads about `subject` (with `predicate`, when given)."""

    def change(self, remove: list[Quad], add: list[Quad]) -> None:
        """Remove, then add, quads of the graph."""

    def refers_to(self, entity: NamedNode, predicates: Iterable[NamedNode]) -> bool:
        """Whether some quad of the graph has `entity` as object of one of `predicates`."""


class HookRun(Protocol):
    """One transaction's run of a `CommitHook`."""

    def replaced(self, graph: NamedNode, data: bytes) -> None:
        """`graph` is about to hold `data` (N-Quads); the writer still holds its old content."""

    def loaded(self) -> None:
        """RDF of unknown shape was added as is."""

    def commit(self) -> None:
        """The documents are written: bring the derived graph up to date."""


class CommitHook(Protocol):
    """Keeps one derived graph in step with the document graphs every writer writes."""

    @property
    def graph(self) -> GraphName:
        """The derived graph: never a document graph, never exported."""

    def start(self, writer: GraphWriter) -> HookRun:
        """Begin a transaction of `writer` (which it may read and write through)."""


# -- writing ------------------------------------------------------------------------
class GraphWriter(ABC):
    """Where a build puts document graphs; nothing is visible until the build commits.

    Every writer runs the store's commit hooks: each is told of every graph
    written (before it is overwritten, so it can read the old content) and
    brings its derived graph up to date at commit. Subclasses call
    `_start_hooks` once they can be read.
    """

    derived_graphs: frozenset[GraphName] = frozenset()
    _runs: Sequence[HookRun] = ()

    def _start_hooks(self, hooks: Sequence[CommitHook]) -> None:
        self.derived_graphs = frozenset(hook.graph for hook in hooks)
        self._runs = [hook.start(self) for hook in hooks]

    def replace(self, graph: NamedNode, data: bytes) -> None:
        """Make `data` (N-Quads, all in `graph`) the whole content of `graph`."""
        for run in self._runs:
            run.replaced(graph, data)
        if graph not in self.derived_graphs:  # derived data: recounted, never taken as given
            self._replace(graph, data)

    def load(self, data: bytes, rdf_format: RdfFormat, graph: NamedNode | None) -> None:
        """Add serialized RDF (for `natokg import`)."""
        for run in self._runs:
            run.loaded()
        self._load(data, rdf_format, graph)

    def commit(self) -> None:
        """Write what is pending, then let every hook bring its derived graph up to date."""
        self._flush()
        for run in self._runs:
            run.commit()

    def overwrite(self, graph: NamedNode, data: bytes) -> None:
        """Replace a derived graph's whole content at once (for hooks that recount)."""
        self._replace(graph, data)
        self._flush()

    def document_graphs(self) -> list[NamedNode]:
        """Every document graph the store holds now."""
        return [g for g in self._named_graphs() if g not in self.derived_graphs]

    @abstractmethod
    def graph_quads(self, graph: NamedNode) -> list[Quad]:
        """A graph's quads as the store holds them now."""

    def database(self, writing: bool = False) -> Store | None:
        """The embedded Oxigraph database being written, for a hook keeping what only it can
        hold (the merged view, in its default graph); None for a remote store. A hook about
        to write through it says `writing`, so the transaction is published."""
        return None

    @abstractmethod
    def derived(self, graph: NamedNode) -> DerivedGraph:
        """A derived graph, to be patched in place."""

    @abstractmethod
    def _replace(self, graph: NamedNode, data: bytes) -> None:
        """Replace one graph's content (no hooks run)."""

    @abstractmethod
    def _load(self, data: bytes, rdf_format: RdfFormat, graph: NamedNode | None) -> None:
        """Add serialized RDF (no hooks run)."""

    def _flush(self) -> None:  # noqa: B027 - writers that write at once have nothing pending
        """Write what is pending."""

    @abstractmethod
    def _named_graphs(self) -> list[NamedNode]:
        """Every named graph the store holds now, derived ones included."""


# -- reading ------------------------------------------------------------------------
class GraphStore(ABC):
    """What natokg needs of a store: the embedded Oxigraph or a SPARQL endpoint."""

    location: str
    hooks: Sequence[CommitHook] = ()

    @property
    def derived_graphs(self) -> frozenset[GraphName]:
        """The graphs the hooks keep: not documents, so never listed nor exported as such."""
        return frozenset(hook.graph for hook in self.hooks)

    @abstractmethod
    def transaction(self, wait: bool = False) -> contextlib.AbstractContextManager[GraphWriter]:
        """A writer whose changes all become visible at the end of the block, or none do."""

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
        """The document graphs (every named graph but the derived ones)."""

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
        """Serialize every document graph (a dataset format; not the derived ones) or one graph."""

    def replace_graphs(self, graphs: Mapping[NamedNode, Iterable[Quad]]) -> int:
        """Replace each named graph with its new quads, atomically; return the quads written."""
        count = 0
        with self.transaction() as writer:
            for graph, quads in graphs.items():
                data = nquads(quads)
                count += data.count(b"\n")
                writer.replace(graph, data)
        return count

    def load(self, data: bytes, rdf_format: RdfFormat, graph: NamedNode | None = None) -> None:
        """Add serialized RDF, atomically."""
        with self.transaction() as writer:
            writer.load(data, rdf_format, graph)

    def document_versions(self) -> dict[str, tuple[str, str]]:
        """Each document graph's natokg version and spaCy model: what a rebuild may skip."""
        rows = solutions(self.query(_VERSIONS, union=False))
        return {
            row["doc"].value: (row["version"].value, row["model"].value)
            for row in rows
        }

    def close(self) -> None:  # noqa: B027 - stores holding nothing need not override
        """Release what the store holds (files, connections)."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
