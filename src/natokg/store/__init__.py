"""The graph store: Oxigraph on disk (`local`) or any SPARQL 1.1 endpoint (`remote`).

`protocol` says what natokg needs of a store, `cache` keeps answers to slow
queries beside a local store's generations, `derived` lists the commit hooks
that keep derived graphs (the summary; locally, the merged view of `merged`)
in step with the documents.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from natokg.store.derived import LOCAL_HOOKS, STANDARD_HOOKS
from natokg.store.local import ANSWERS, DEFAULT_STORE, STORE_ENV, LocalStore, store_path
from natokg.store.protocol import (
    FORMATS,
    CommitHook,
    DerivedGraph,
    GraphStore,
    GraphWriter,
    HookRun,
    Results,
    Term,
    nquads,
    solutions,
    triples,
)
from natokg.store.remote import ENDPOINT_ENV, RemoteStore

__all__ = [
    "ANSWERS",
    "DEFAULT_STORE",
    "ENDPOINT_ENV",
    "FORMATS",
    "LOCAL_HOOKS",
    "STANDARD_HOOKS",
    "STORE_ENV",
    "CommitHook",
    "DerivedGraph",
    "GraphStore",
    "GraphWriter",
    "HookRun",
    "LocalStore",
    "RemoteStore",
    "Results",
    "Term",
    "nquads",
    "open_store",
    "solutions",
    "store_path",
    "triples",
]


def open_store(
    store: str | os.PathLike[str] | None = None,
    *,
    endpoint: str | None = None,
    read_only: bool = False,
    hooks: Sequence[CommitHook] | None = None,
) -> GraphStore:
    """The store natokg works on: `endpoint` (or $NATOKG_ENDPOINT) if given, else the
    on-disk store at `store` (else $NATOKG_STORE, else ./natokg-store). Each kind keeps
    its own `hooks` unless told otherwise: a local store also keeps the merged view."""
    endpoint = endpoint or os.environ.get(ENDPOINT_ENV)
    if endpoint:
        return RemoteStore(endpoint, read_only=read_only, hooks=STANDARD_HOOKS
                           if hooks is None else hooks)
    return LocalStore.open(store, read_only=read_only, hooks=LOCAL_HOOKS
                           if hooks is None else hooks)
