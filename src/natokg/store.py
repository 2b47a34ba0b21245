"""The graph store: Oxigraph on disk (or any SPARQL 1.1 endpoint), one graph per document.

An analyst's store grows over months of builds, so a build must never cost
them what they have. pyoxigraph offers no transaction spanning a whole build,
so the on-disk store is a folder of *generations*:

    natokg-store/
      natokg-store.json   marks the folder as a natokg store
      .lock               held by the one process writing
      current -> gen-000007
      gen-000007/         the Oxigraph database readers open
      gen-000006/         the previous one, kept for readers still using it
      answers/gen-000007/ answers to slow queries on that generation (resultcache.py)

A build checkpoints `current` into a new generation (RocksDB hard-links its
files, so this is instant and costs no space), writes there at bulk-load
speed, and only when everything is written replaces the `current` link with
one atomic `rename`. An error, Ctrl-C or SIGKILL at any point before that
leaves `current` — the store as users see it — exactly as it was; the
abandoned generation is removed by the next build. Readers (`query`,
`export`, a server) open `current` read-only and never wait for a build.

Besides one named graph per document, every store holds the summary graph
(`summary.py`), which each writer brings up to date as it writes; so the
summary is committed, or abandoned, with the documents it counts.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import os
import re
import shutil
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

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
    serialize,
)

from natokg.errors import StoreError
from natokg.resultcache import ResultCache
from natokg.summary import SUMMARY_GRAPH, SUMMARY_MARKER, SummaryGraph, SummaryUpdate

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

MARKER = "natokg-store.json"
CURRENT = "current"
LOCK = ".lock"
ANSWERS = "answers"  # kept answers to slow queries, a folder per generation (resultcache.py)
_GENERATION = re.compile(r"^gen-(\d{6})$")
_BATCH_BYTES = 8 << 20  # N-Quads bytes per bulk load: large enough to amortise its cost

_VERSIONS = """
PREFIX nkg: <https://w3id.org/natokg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?doc ?version ?model WHERE {
  GRAPH ?doc { ?doc prov:wasGeneratedBy ?run . ?run nkg:natokgVersion ?version ;
                                                    nkg:spacyModel ?model }
}
"""


def store_path(path: str | os.PathLike[str] | None = None) -> Path:
    """`path`, else $NATOKG_STORE, else ./natokg-store."""
    return Path(path or os.environ.get(STORE_ENV) or DEFAULT_STORE)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def nquads(quads: Iterable[Quad]) -> bytes:
    """Quads as N-Quads bytes: the compact, picklable form graphs travel in."""
    return serialize(quads, format=RdfFormat.N_QUADS) or b""


class GraphWriter(ABC):
    """Where a build puts document graphs; nothing is visible until the build commits.

    Every writer also keeps the summary graph (see `summary.py`) up to date:
    it notes each graph written and rewrites the summary once, at commit.
    """

    summary: SummaryUpdate

    def replace(self, graph: NamedNode, data: bytes) -> None:
        """Make `data` (N-Quads, all in `graph`) the whole content of `graph`."""
        self.summary.replaced(graph, data, lambda: self._graph_quads(graph))
        if graph != SUMMARY_GRAPH:  # derived data: recounted at commit, never taken as given
            self._replace(graph, data)
        if self.summary.due:
            self.summary.apply(self._summary_graph())

    def load(self, data: bytes, rdf_format: RdfFormat, graph: NamedNode | None) -> None:
        """Add serialized RDF (for `natokg import`)."""
        self.summary.loaded()
        self._load(data, rdf_format, graph)

    def commit(self) -> None:
        """Write what is pending, then bring the summary graph up to date."""
        self._flush()
        if not self.summary.changed:
            return
        if self.summary.recount:
            documents = (self._graph_quads(graph) for graph in self._document_graphs())
            self._replace(SUMMARY_GRAPH, nquads(self.summary.recounted(documents)))
            self._flush()
        else:
            self.summary.apply(self._summary_graph())

    @abstractmethod
    def _replace(self, graph: NamedNode, data: bytes) -> None:
        """Replace one graph's content (no summary bookkeeping)."""

    @abstractmethod
    def _load(self, data: bytes, rdf_format: RdfFormat, graph: NamedNode | None) -> None:
        """Add serialized RDF (no summary bookkeeping)."""

    def _flush(self) -> None:  # noqa: B027 - writers that write at once have nothing pending
        """Write what is pending."""

    @abstractmethod
    def _graph_quads(self, graph: NamedNode) -> list[Quad]:
        """A graph's quads as the store holds them now."""

    @abstractmethod
    def _document_graphs(self) -> list[NamedNode]:
        """Every document graph the store holds now."""

    @abstractmethod
    def _summary_graph(self) -> SummaryGraph:
        """The summary graph, to be patched in place."""


class GraphStore(ABC):
    """What natokg needs of a store: the embedded Oxigraph or a SPARQL endpoint."""

    location: str

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
        """The document graphs (every named graph but the summary)."""

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
        """Serialize every document graph (a dataset format; not the summary) or one graph."""

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
        rows = self.query(_VERSIONS, union=False)
        return {
            row["doc"].value: (row["version"].value, row["model"].value)  # type: ignore[index]
            for row in rows  # type: ignore[union-attr]
        }

    def close(self) -> None:  # noqa: B027 - stores holding nothing need not override
        """Release what the store holds (files, connections)."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- the embedded store -----------------------------------------------------------
class LocalStore(GraphStore):
    """An Oxigraph store on this machine (or in memory, for tests and notebooks)."""

    def __init__(self, store: Store | None, root: Path | None = None,
                 generation: Path | None = None) -> None:
        self._store = store
        self.root = root
        self.location = str(root) if root else "memory"
        self._answers = _answers(root, generation)

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, read_only: bool = False
             ) -> LocalStore:
        """The store at `store_path(path)`; created on the first write when it does not exist."""
        root = store_path(path)
        _check_root(root)
        current = _current(root)
        if current is None and read_only:
            raise StoreError(f"no store at {root}: build one first with `natokg build PATH`")
        return cls(_open_read_only(root, current) if current else None, root, current)

    @classmethod
    def in_memory(cls) -> LocalStore:
        return cls(Store())

    @property
    def store(self) -> Store:
        """The current generation, read-only (an empty store before the first build)."""
        if self._store is None:
            self._store = Store()
        return self._store

    # -- writing --------------------------------------------------------------
    @contextmanager
    def transaction(self, wait: bool = False) -> Iterator[GraphWriter]:
        if self.root is None:  # in memory: nothing to protect across processes
            writer = _OxigraphWriter(self.store)
            yield writer
            writer.commit()
            return
        with _exclusive(self.root, wait):
            generation = _next_generation(self.root)
            previous = _current(self.root)
            writer: _OxigraphWriter | None = None
            try:  # from the first file of the generation on, any failure removes it
                writer = _OxigraphWriter(_start_generation(previous, generation))
                yield writer
                writer.commit()
                changed = writer.close()
            except BaseException:
                if writer is not None:
                    writer.close()
                shutil.rmtree(generation, ignore_errors=True)
                raise
            if not changed:  # nothing written: keep the store exactly as it is
                shutil.rmtree(generation, ignore_errors=True)
                return
            _publish(self.root, generation)
            _collect_garbage(self.root, keep={generation.name, previous.name if previous else ""})
            self._store = _open_read_only(self.root, generation)
            self._answers = _answers(self.root, generation)

    # -- reading --------------------------------------------------------------
    def query(
        self,
        sparql: str,
        substitutions: Mapping[Variable, Term] | None = None,
        union: bool = True,
    ) -> Results:
        bound = dict(substitutions or {})

        def evaluate() -> Results:
            return self.store.query(  # type: ignore[no-any-return]
                sparql, use_default_graph_as_union=union, substitutions=bound)

        if self._answers is None:
            return evaluate()
        return self._answers.answer(sparql, bound, union, evaluate)

    def graphs(self) -> list[NamedNode]:
        return [g for g in self.store.named_graphs()
                if isinstance(g, NamedNode) and g != SUMMARY_GRAPH]

    def graph_quads(self, graph: NamedNode) -> list[Quad]:
        return list(self.store.quads_for_pattern(None, None, None, graph))

    def quad_count(self) -> int:
        return len(self.store)

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
        elif rdf_format.supports_datasets:
            documents = (q for q in self.store if q.graph_name != SUMMARY_GRAPH)
            return serialize(documents, **kwargs) or b""  # type: ignore[arg-type]
        return self.store.dump(**kwargs)  # type: ignore[arg-type,no-any-return]

    def close(self) -> None:
        self._store = None


class _OxigraphWriter(GraphWriter):
    """Writes document graphs into a generation in large bulk loads.

    Bulk loading is Oxigraph's fastest path but not transactional; that is
    safe here because the generation is invisible until the build commits.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.existing = {g for g in store.named_graphs() if isinstance(g, NamedNode)}
        self.summary = SummaryUpdate(self.existing, SUMMARY_MARKER in store)
        self.pending: dict[NamedNode, bytes] = {}
        self.pending_bytes = 0
        self.changed = False

    def close(self) -> bool:
        """Flush and close the database (stopping its background work); True if it changed.

        The generation must be closed before readers open it: a writer still
        compacting could delete files a new reader is about to open.
        """
        store, self.store = self.store, None  # type: ignore[assignment]
        if store is not None and self.changed:
            store.flush()
        del store
        gc.collect()
        return self.changed

    def _replace(self, graph: NamedNode, data: bytes) -> None:
        self.pending_bytes -= len(self.pending.pop(graph, b""))
        self.pending[graph] = data
        self.pending_bytes += len(data)
        if self.pending_bytes >= _BATCH_BYTES:
            self._flush()

    def _load(self, data: bytes, rdf_format: RdfFormat, graph: NamedNode | None) -> None:
        self._flush()
        self.changed = True
        try:
            self.store.load(data, format=rdf_format, to_graph=graph)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"could not load the data: {_reason(exc)}") from exc

    def _flush(self) -> None:
        """Write what is pending: drop the graphs it replaces, then one bulk load."""
        if not self.pending:
            return
        self.changed = True
        for graph in self.pending:
            if graph in self.existing:
                self.store.remove_graph(graph)
        try:
            # lenient: skip re-validating IRIs. Graphs reach a writer serialized by natokg
            # (IRIs percent-encoded) or by Oxigraph from parsed quads, so they are valid.
            self.store.bulk_load(b"".join(self.pending.values()), format=RdfFormat.N_QUADS,
                                 lenient=True)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"could not write to the store: {_reason(exc)}") from exc
        self.existing.update(self.pending)
        self.pending.clear()
        self.pending_bytes = 0

    def _graph_quads(self, graph: NamedNode) -> list[Quad]:
        return list(self.store.quads_for_pattern(None, None, None, graph))

    def _document_graphs(self) -> list[NamedNode]:
        return [g for g in self.store.named_graphs()
                if isinstance(g, NamedNode) and g != SUMMARY_GRAPH]

    def _summary_graph(self) -> SummaryGraph:
        return _LocalSummary(self.store)


class _LocalSummary:
    """The summary graph of a generation being written (see `SummaryGraph`)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def read(self, subject: NamedNode, predicate: NamedNode | None = None) -> list[Quad]:
        return list(self.store.quads_for_pattern(subject, predicate, None, SUMMARY_GRAPH))

    def change(self, remove: list[Quad], add: list[Quad]) -> None:
        for quad in remove:
            self.store.remove(quad)
        self.store.extend(add)

    def refers_to(self, entity: NamedNode, predicates: Iterable[NamedNode]) -> bool:
        return any(next(self.store.quads_for_pattern(None, p, entity, SUMMARY_GRAPH), None)
                   for p in predicates)


# -- the store folder -------------------------------------------------------------
def _check_root(root: Path) -> None:
    if root.exists() and not root.is_dir():
        raise StoreError(f"store path {root} is a file, not a store folder; choose another --store")
    if root.is_dir() and not (root / MARKER).exists() and any(root.iterdir()):
        raise StoreError(
            f"{root} is not a natokg store (it has no {MARKER}); choose an empty or new --store"
        )


def _current(root: Path) -> Path | None:
    link = root / CURRENT
    if not link.is_symlink():
        return None
    target = root / os.readlink(link)
    if not target.is_dir():
        raise StoreError(
            f"store {root} is damaged ({CURRENT} points at a missing {target.name}); "
            "restore it from an export with `natokg import`, or remove it to start over"
        )
    return target


def _open_read_only(root: Path, generation: Path) -> Store:
    try:
        return Store.read_only(str(generation))
    except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
        raise StoreError(
            f"store {root} cannot be read ({_reason(exc)}); it may be damaged: restore it "
            "from an export with `natokg import`, or remove it to start over"
        ) from exc


def _next_generation(root: Path) -> Path:
    numbers = [int(m.group(1)) for p in root.iterdir() if (m := _GENERATION.match(p.name))]
    return root / f"gen-{max(numbers, default=0) + 1:06d}"


def _start_generation(previous: Path | None, generation: Path) -> Store:
    """A writable copy of the current generation (hard links: instant, no extra space)."""
    try:
        if previous is not None:
            Store.read_only(str(previous)).backup(str(generation))
        return Store(str(generation))
    except (OSError, RuntimeError) as exc:
        shutil.rmtree(generation, ignore_errors=True)
        raise StoreError(f"cannot start writing to the store: {_reason(exc)}") from exc


def _publish(root: Path, generation: Path) -> None:
    """Point `current` at the new generation with one atomic rename, durably."""
    temporary = root / f".{CURRENT}.{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    temporary.symlink_to(generation.name)
    os.replace(temporary, root / CURRENT)
    _fsync_dir(root)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _collect_garbage(root: Path, keep: set[str]) -> None:
    """Remove generations nobody points at (abandoned builds and older ones), and the
    answers kept for them."""
    for folder in (root, root / ANSWERS):
        for path in folder.iterdir() if folder.is_dir() else ():
            if _GENERATION.match(path.name) and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)


def _answers(root: Path | None, generation: Path | None) -> ResultCache | None:
    """Where answers to slow queries on `generation` are kept (none for a store in memory)."""
    if root is None or generation is None:
        return None
    return ResultCache(root / ANSWERS / generation.name)


@contextmanager
def _exclusive(root: Path, wait: bool) -> Iterator[None]:
    """Hold the store's write lock: one build at a time, the second told why."""
    root.mkdir(parents=True, exist_ok=True)
    marker = root / MARKER
    if not marker.exists():
        marker.write_text(json.dumps({"natokg_store": 1}) + "\n", encoding="utf-8")
    with open(root / LOCK, "a+", encoding="utf-8") as handle:
        _lock(handle, root, wait)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _lock(handle: IO[str], root: Path, wait: bool) -> None:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        raise StoreError(
            f"store {root} is being written by another natokg process (pid {holder}); "
            "wait for it to finish, or run again with --wait"
        ) from None


# -- choosing a store -------------------------------------------------------------
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
