"""The embedded store: Oxigraph on disk (or in memory), one graph per document.

An analyst's store grows over months of builds, so a build must never cost
them what they have. pyoxigraph offers no transaction spanning a whole build,
so the on-disk store is a folder of *generations*:

    natokg-store/
      natokg-store.json   marks the folder as a natokg store
      .lock               held by the one process writing
      current -> gen-000007
      gen-000007/         the Oxigraph database readers open
      gen-000006/         the previous one, kept for readers still using it
      answers/gen-000007/ answers to slow queries on that generation (cache.py)

A build checkpoints `current` into a new generation (RocksDB hard-links its
files, so this is instant and costs no space), writes there at bulk-load
speed, and only when everything is written replaces the `current` link with
one atomic `rename`. An error, Ctrl-C or SIGKILL at any point before that
leaves `current` — the store as users see it — exactly as it was; the
abandoned generation is removed by the next build. Readers (`query`,
`export`, a server) open `current` read-only and never wait for a build.

Besides one named graph per document, every store holds the derived graphs
its commit hooks keep (the summary graph, `natokg.summary`, and the merged
view in the default graph, `natokg.store.merged`), brought up to date by each
writer as it writes; so they are committed, or abandoned, with the documents
they are derived from. Plain patterns of a query (outside GRAPH) read the
merged view once the store has one, else the union of the named graphs.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from pyoxigraph import NamedNode, Quad, RdfFormat, Store, Variable, serialize

from natokg.errors import StoreError
from natokg.store.cache import ResultCache
from natokg.store.derived import LOCAL_HOOKS
from natokg.store.merged import has_view
from natokg.store.protocol import (
    CommitHook,
    DerivedGraph,
    GraphStore,
    GraphWriter,
    Results,
    Term,
)

DEFAULT_STORE = "natokg-store"
STORE_ENV = "NATOKG_STORE"

MARKER = "natokg-store.json"
CURRENT = "current"
LOCK = ".lock"
ANSWERS = "answers"  # kept answers to slow queries, a folder per generation (cache.py)
_GENERATION = re.compile(r"^gen-(\d{6})$")
_BATCH_BYTES = 8 << 20  # N-Quads bytes per bulk load: large enough to amortise its cost


def store_path(path: str | os.PathLike[str] | None = None) -> Path:
    """`path`, else $NATOKG_STORE, else ./natokg-store."""
    return Path(path or os.environ.get(STORE_ENV) or DEFAULT_STORE)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# -- the embedded store -----------------------------------------------------------
class LocalStore(GraphStore):
    """An Oxigraph store on this machine (or in memory, for tests and notebooks)."""

    def __init__(self, store: Store | None, root: Path | None = None,
                 generation: Path | None = None,
                 hooks: Sequence[CommitHook] = LOCAL_HOOKS) -> None:
        self._store = store
        self.root = root
        self.hooks = hooks
        self.location = str(root) if root else "memory"
        self._answers = _answers(root, generation)

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, read_only: bool = False,
             hooks: Sequence[CommitHook] = LOCAL_HOOKS) -> LocalStore:
        """The store at `store_path(path)`; created on the first write when it does not exist."""
        root = store_path(path)
        _check_root(root)
        current = _current(root)
        if current is None and read_only:
            raise StoreError(f"no store at {root}: build one first with `natokg build PATH`")
        return cls(_open_read_only(root, current) if current else None, root, current, hooks)

    @classmethod
    def in_memory(cls, hooks: Sequence[CommitHook] = LOCAL_HOOKS) -> LocalStore:
        return cls(Store(), hooks=hooks)

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
            writer = _OxigraphWriter(self.store, self.hooks)
            yield writer
            writer.commit()
            return
        with _exclusive(self.root, wait):
            generation = _next_generation(self.root)
            previous = _current(self.root)
            started: _OxigraphWriter | None = None
            try:  # from the first file of the generation on, any failure removes it
                started = _OxigraphWriter(_start_generation(previous, generation), self.hooks)
                yield started
                started.commit()
                changed = started.close()
            except BaseException:
                if started is not None:
                    started.close()
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
        union = union and not has_view(self.store)  # the view is the documents' merge

        def evaluate() -> Results:
            return self.store.query(sparql, use_default_graph_as_union=union,
                                    substitutions=dict(bound))

        if self._answers is None:
            return evaluate()
        return self._answers.answer(sparql, bound, union, evaluate)

    def graphs(self) -> list[NamedNode]:
        derived = self.derived_graphs
        return [g for g in self.store.named_graphs()
                if isinstance(g, NamedNode) and g not in derived]

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
        chosen = dict(prefixes) if prefixes and rdf_format in (
            RdfFormat.TURTLE, RdfFormat.TRIG) else None
        if graph is None and rdf_format.supports_datasets:
            derived = self.derived_graphs
            documents = (q for q in self.store
                         if isinstance(q.graph_name, NamedNode) and q.graph_name not in derived)
            return serialize(documents, format=rdf_format, prefixes=chosen) or b""
        return self.store.dump(format=rdf_format, from_graph=graph, prefixes=chosen) or b""

    def close(self) -> None:
        self._store = None


class _OxigraphWriter(GraphWriter):
    """Writes document graphs into a generation in large bulk loads.

    Bulk loading is Oxigraph's fastest path but not transactional; that is
    safe here because the generation is invisible until the build commits.
    """

    def __init__(self, store: Store, hooks: Sequence[CommitHook]) -> None:
        self.store: Store | None = store
        self.existing = {g for g in store.named_graphs() if isinstance(g, NamedNode)}
        self.pending: dict[NamedNode, bytes] = {}
        self.pending_bytes = 0
        self.changed = False
        self._start_hooks(hooks)

    @property
    def _open(self) -> Store:
        if self.store is None:
            raise StoreError("the store was written to after its transaction ended")
        return self.store

    def close(self) -> bool:
        """Flush and close the database (stopping its background work); True if it changed.

        The generation must be closed before readers open it: a writer still
        compacting could delete files a new reader is about to open.
        """
        store, self.store = self.store, None
        self._runs = ()  # hook runs may hold what holds the database
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
            self._open.load(data, format=rdf_format, to_graph=graph)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"could not load the data: {_reason(exc)}") from exc

    def _flush(self) -> None:
        """Write what is pending: drop the graphs it replaces, then one bulk load."""
        if not self.pending:
            return
        self.changed = True
        store = self._open
        for graph in self.pending:
            if graph in self.existing:
                store.remove_graph(graph)
        try:
            # lenient: skip re-validating IRIs. Graphs reach a writer serialized by natokg
            # (IRIs percent-encoded) or by Oxigraph from parsed quads, so they are valid.
            store.bulk_load(b"".join(self.pending.values()), format=RdfFormat.N_QUADS,
                            lenient=True)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"could not write to the store: {_reason(exc)}") from exc
        self.existing.update(self.pending)
        self.pending.clear()
        self.pending_bytes = 0

    def graph_quads(self, graph: NamedNode) -> list[Quad]:
        return list(self._open.quads_for_pattern(None, None, None, graph))

    def database(self, writing: bool = False) -> Store:
        self.changed |= writing
        return self._open

    def _named_graphs(self) -> list[NamedNode]:
        return [g for g in self._open.named_graphs() if isinstance(g, NamedNode)]

    def derived(self, graph: NamedNode) -> DerivedGraph:
        return _LocalDerived(self._open, graph)


class _LocalDerived:
    """A derived graph of a generation being written (see `DerivedGraph`)."""

    def __init__(self, store: Store, graph: NamedNode) -> None:
        self.store = store
        self.graph = graph

    def read(self, subject: NamedNode, predicate: NamedNode | None = None) -> list[Quad]:
        return list(self.store.quads_for_pattern(subject, predicate, None, self.graph))

    def change(self, remove: list[Quad], add: list[Quad]) -> None:
        for quad in remove:
            self.store.remove(quad)
        self.store.extend(add)

    def refers_to(self, entity: NamedNode, predicates: Iterable[NamedNode]) -> bool:
        return any(next(self.store.quads_for_pattern(None, p, entity, self.graph), None)
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
