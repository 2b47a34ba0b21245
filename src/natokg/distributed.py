"""Extraction on a Dask cluster: `natokg build PATH --dask tcp://scheduler:8786`.

Extraction is the whole cost of a build and parallelises by document, so a
cluster's workers run `pipeline.extract_chunk` on chunks of documents and send
back compact N-Quads; this process (the Dask client) alone reads the articles
and writes the store or endpoint, so workers need natokg and its spaCy model
installed but no access to the store.

Only a bounded window of chunks is in flight (twice the cluster's threads), so
the client's memory stays flat whatever the corpus size, and outcomes are
yielded in input order, so a Dask build writes exactly what a local one does.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from natokg.errors import NatokgError
from natokg.model import Document
from natokg.pipeline import Extractor, Outcome, chunks, extract_chunk

INSTALL_HINT = "pip install 'natokg[dask]'"
CONNECT_TIMEOUT = "30s"


def extract_with_dask(scheduler: str) -> Extractor:
    """An extractor running on the Dask scheduler at `scheduler` (e.g. tcp://host:8786).

    Dask is imported here, not at module level, so natokg works without it;
    a missing install is reported at once, before any article is read.
    """
    client_class = _client_class()

    def run(documents: Iterable[Document], model: str) -> Iterator[Outcome]:
        with _connect(client_class, scheduler) as client:
            yield from _in_order(client, documents, model, _window(client))

    return run


def _client_class() -> Any:
    try:
        from dask.distributed import Client
    except ImportError as exc:
        raise NatokgError(f"--dask needs Dask: {INSTALL_HINT}") from exc
    return Client


def _connect(client_class: Any, scheduler: str) -> Any:
    try:
        return client_class(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise NatokgError(f"cannot reach the Dask scheduler at {scheduler}: "
                          f"{str(exc).strip().splitlines()[0] if str(exc).strip() else exc!r}"
                          ) from exc


def _window(client: Any) -> int:
    """Chunks in flight: enough to keep every worker thread busy while one is collected."""
    threads: int = sum(client.nthreads().values())
    return max(2, 2 * threads)


def _in_order(client: Any, documents: Iterable[Document], model: str, window: int
              ) -> Iterator[Outcome]:
    pending: deque[Any] = deque()
    for chunk in chunks(documents):
        pending.append(client.submit(extract_chunk, chunk, model, pure=False))
        if len(pending) >= window:
            yield from _result(pending.popleft())
    while pending:
        yield from _result(pending.popleft())


def _result(future: Any) -> list[Outcome]:
    try:
        outcomes: list[Outcome] = future.result()
        return outcomes
    except Exception as exc:  # a worker died or could not run natokg
        raise NatokgError(f"a Dask worker failed to extract a chunk: {exc!r}") from exc
