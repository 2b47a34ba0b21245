"""The library API for building: articles in, knowledge graph out.

This is what `natokg build` runs and what a notebook calls:

    >>> from natokg.pipeline import build
    >>> report = build(["articles/"], store="my-store")      # doctest: +SKIP

Data flows one way through the stages, one module each: ingest → nlp → link
→ extraction → rdf → store. Extraction is the whole cost, so it runs where
the cores are — in this process, in a pool of worker processes, or on a Dask
cluster — in chunks, and each chunk comes back as compact N-Quads that this
process streams into the store. Memory stays flat whatever the corpus size,
and results are the same whatever the number of workers: chunks are written
in input order.

The store commits all documents of a build at once, or none (see
`store/local.py`): with `keep_going`, documents that fail are listed and the others
committed; without it the first failure cancels the build.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby
from multiprocessing.pool import AsyncResult

from spacy.tokens import Doc

from natokg import __version__
from natokg.errors import InputError, NatokgError
from natokg.gazetteer import load_gazetteer
from natokg.ingest import read_documents
from natokg.iris import document_iri
from natokg.link import Linker
from natokg.model import Document
from natokg.nlp import (
    DEFAULT_MODEL,
    Part,
    load_pipeline,
    model_name,
    parse_parts,
    part_limit,
    split_text,
)
from natokg.parts import extract_parts
from natokg.rdf import extraction_nquads
from natokg.store import GraphStore, open_store

CHUNK_SIZE = 16  # documents per unit of work: enough for nlp.pipe batching, small for balance
CHUNK_CHARS = 400_000  # and characters: a chunk of long articles is not one worker's hour


@dataclass(frozen=True)
class DocumentResult:
    """One extracted document, its graph serialized as N-Quads (compact and picklable)."""

    document: Document
    data: bytes
    facts: int


@dataclass(frozen=True)
class DocumentFailure:
    """A document (or file, or JSONL line) that could not be read or extracted."""

    source: str
    reason: str


Outcome = DocumentResult | DocumentFailure
Progress = Callable[[Outcome], None]
Extractor = Callable[[Iterable[Document], str], Iterator[Outcome]]


@dataclass
class BuildReport:
    """What a build did: documents written, skipped as unchanged, and failed."""

    store: str
    documents: int = 0
    unchanged: int = 0
    failures: list[DocumentFailure] = field(default_factory=list)
    facts: int = 0
    quads: int = 0


# -- extraction ---------------------------------------------------------------------
@cache
def _linker() -> Linker:
    return Linker(load_gazetteer())


def extract_chunk(documents: list[Document], model: str = DEFAULT_MODEL) -> list[Outcome]:
    """The unit of work for worker processes and Dask: documents in, serialized graphs out.

    Articles longer than spaCy takes at once are parsed in parts (see `parts.py`);
    all parts of the chunk stream through spaCy in bounded batches. A document
    whose parsing or extraction raises becomes a `DocumentFailure` naming it, so
    one odd article cannot take down a build of thousands (`--keep-going`).
    """
    nlp, linker = load_pipeline(model), _linker()
    recorded, limit = model_name(nlp), part_limit(nlp)
    texts = ((part.text, (number, part)) for number, document in enumerate(documents)
             for part in split_text(document.text, limit))
    outcomes: list[Outcome] = []
    for number, parsed in groupby(parse_parts(nlp, texts), key=lambda item: item[1][0]):
        parts = ((doc, part) for doc, (_, part) in parsed)
        outcomes.append(_extract_document(linker, documents[number], parts, recorded))
    return outcomes


def _extract_document(linker: Linker, document: Document,
                      parts: Iterable[tuple[Doc | Exception, Part]], recorded: str) -> Outcome:
    try:
        extraction = extract_parts(linker, document, parts)
        data = extraction_nquads(extraction, recorded)
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [""])[0]
        return DocumentFailure(document.source,
                               f"extraction failed ({type(exc).__name__}: {first})")
    return DocumentResult(document, data, len(extraction.facts))


def chunks(documents: Iterable[Document], size: int = CHUNK_SIZE,
           characters: int = CHUNK_CHARS) -> Iterator[list[Document]]:
    """Documents in units of work of at most `size` documents, and no more characters than
    `characters` unless one document alone has more (each worker holds its chunk whole)."""
    chunk: list[Document] = []
    length = 0
    for document in documents:
        if chunk and (len(chunk) == size or length + len(document.text) > characters):
            yield chunk
            chunk, length = [], 0
        chunk.append(document)
        length += len(document.text)
    if chunk:
        yield chunk


@contextmanager
def extraction_pool(workers: int, model: str) -> Iterator[Extractor]:
    """Extraction in `workers` processes: a bounded window of chunks in flight, in order.

    The pool is forked before the store is opened for writing, after the
    pipeline is loaded: workers share the loaded model and inherit no
    database handle. Even one worker runs in its own process, so that this
    process's reading and bulk loading overlap extraction on another core.
    """
    load_pipeline(model)
    _linker()
    with multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker) as pool:

        def run(documents: Iterable[Document], model: str) -> Iterator[Outcome]:
            window: deque[AsyncResult[list[Outcome]]] = deque()
            for chunk in chunks(documents):
                window.append(pool.apply_async(extract_chunk, (chunk, model)))
                if len(window) > 2 * workers:
                    yield from window.popleft().get()
            while window:
                yield from window.popleft().get()

        yield run


def _start_worker() -> None:
    """Ctrl-C is the build's to handle: a terminal sends SIGINT to every process of the
    build, and a worker's own KeyboardInterrupt would only print its traceback (the pool
    ends the workers when the build stops)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()


def _die_with_parent() -> None:
    """Let the kernel end a worker when its build is killed (Linux), not orphan it."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: workers end when their queue closes
        pass


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1)


# -- building -----------------------------------------------------------------------
def build(
    paths: Iterable[str | os.PathLike[str]],
    store: GraphStore | str | os.PathLike[str] | None = None,
    *,
    model: str = DEFAULT_MODEL,
    progress: Progress | None = None,
    endpoint: str | None = None,
    workers: int | None = 1,
    extractor: Extractor | None = None,
    keep_going: bool = False,
    force: bool = False,
    wait: bool = False,
) -> BuildReport:
    """Read articles from files and folders and replace their graphs in the store.

    `workers` processes extract in parallel (None: one per core); `extractor`
    overrides where extraction runs (e.g. `natokg.distributed.extract_with_dask`).
    Unless `force`, documents whose graph was built from the same text by the
    same natokg version and spaCy model are skipped.
    """
    failures: list[DocumentFailure] = []
    documents = read_documents(paths, _recorder(failures) if keep_going else None)
    processes = workers or default_workers()
    with (nullcontext(extractor) if extractor else
          extraction_pool(processes, model)) as run:
        return _build(documents, store, endpoint, model, run, failures, keep_going, force,
                      wait, progress)


def _build(
    documents: Iterable[Document],
    store: GraphStore | str | os.PathLike[str] | None,
    endpoint: str | None,
    model: str,
    run: Extractor,
    failures: list[DocumentFailure],
    keep_going: bool,
    force: bool,
    wait: bool,
    progress: Progress | None,
) -> BuildReport:
    target = store if isinstance(store, GraphStore) else open_store(store, endpoint=endpoint)
    report = BuildReport(store=target.location, failures=failures)
    current = (__version__, model_name(load_pipeline(model)))
    built = {} if force else target.document_versions()
    fresh = _skipping(documents, lambda d: built.get(document_iri(d.id).value) == current,
                      report)
    written: dict[str, tuple[int, int]] = {}  # document id → (facts, quads)
    with target.transaction(wait=wait) as writer:
        for outcome in run(fresh, model):
            if progress is not None:
                progress(outcome)
            if isinstance(outcome, DocumentFailure):
                failures.append(outcome)
                continue
            writer.replace(document_iri(outcome.document.id), outcome.data)
            written[outcome.document.id] = (outcome.facts, outcome.data.count(b"\n"))
        if failures and not keep_going:
            first = failures[0]
            raise InputError(f"{first.source}: {first.reason} (nothing was written; "
                             "use --keep-going to build the other documents)")
        if failures and not written and not report.unchanged:
            first = failures[0]
            raise InputError(f"no article could be read or built, nothing was written: all "
                             f"{len(failures)} failed, the first {first.source}: {first.reason}")
    report.documents = len(written)
    report.facts = sum(facts for facts, _ in written.values())
    report.quads = sum(quads for _, quads in written.values())
    return report


def _recorder(failures: list[DocumentFailure]) -> Callable[[NatokgError], None]:
    def record(error: NatokgError) -> None:
        source, _, reason = str(error).partition(": ")
        failures.append(DocumentFailure(source, reason or str(error)))

    return record


def _skipping(documents: Iterable[Document], unchanged: Callable[[Document], bool],
              report: BuildReport) -> Iterator[Document]:
    for document in documents:
        if unchanged(document):
            report.unchanged += 1
        else:
            yield document
