"""Extraction on a Dask cluster writes exactly what a local build writes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import invoke, store_fingerprint
from natokg.distributed import extract_with_dask
from natokg.errors import NatokgError


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """Two worker processes, one thread each: they import natokg and load spaCy themselves."""
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_a_dask_build_equals_a_local_build(scheduler: str, seeds_dir: Path,
                                           seeds_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = invoke("build", seeds_dir, "--store", store, "--dask", scheduler)
    assert result.exit_code == 0, result.output
    assert "built 5 documents" in result.stderr
    assert store_fingerprint(store) == store_fingerprint(seeds_store)


def test_the_dask_extractor_yields_in_input_order(scheduler: str, seeds_dir: Path) -> None:
    from natokg.ingest import read_documents
    from natokg.nlp import DEFAULT_MODEL
    from natokg.pipeline import DocumentResult

    documents = list(read_documents([seeds_dir])) * 7  # several chunks in flight
    outcomes = list(extract_with_dask(scheduler)(documents, DEFAULT_MODEL))
    assert [o.document.id for o in outcomes if isinstance(o, DocumentResult)] == [
        d.id for d in documents]


def test_without_dask_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                                     seeds_dir: Path, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(NatokgError, match=r"pip install 'natokg\[dask\]'"):
        extract_with_dask("tcp://127.0.0.1:1")
    result = invoke("build", seeds_dir, "--store", tmp_path / "s", "--dask", "tcp://127.0.0.1:1")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:") and "natokg[dask]" in result.stderr
    assert not (tmp_path / "s").exists()
