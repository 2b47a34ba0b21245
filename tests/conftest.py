"""Shared fixtures: the five seed articles built once per session, and store helpers."""

from __future__ import annotations

import gc
import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner, Result

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
# The news development set's scores, kept by test_quality for the run's summary.
# Scorer figures per article set ("news", "shared"), printed at the end of the run.
QUALITY_SCORES = pytest.StashKey[dict[str, dict]]()


def store_fingerprint(path: str | Path) -> tuple[int, str]:
    """(quad count, sha256 of the sorted N-Quads lines) of the store at `path`, read-only."""
    gc.collect()  # release handles a failed in-process command may still hold
    store = read_store(path)
    try:
        lines = sorted(str(quad) for quad in store)
    finally:
        del store
        gc.collect()
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    return len(lines), digest


def read_store(path: str | Path) -> pyoxigraph.Store:
    """The pyoxigraph database a natokg store folder currently serves, read-only."""
    from natokg.store import LocalStore

    return LocalStore.open(path, read_only=True).store


def invoke(*args: str | Path) -> Result:
    """Run `natokg ARGS` in-process; stdout and stderr are kept apart."""
    from natokg.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    gc.collect()
    return result


def query_json(store: Path, name: str, *params: str) -> dict:
    """`natokg query NAME --format json` parsed; fails the test on a non-zero exit."""
    args: list[str | Path] = ["query", name, "--format", "json", "--store", store]
    for param in params:
        args += ["--param", param]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def column(results: dict, var: str) -> list[str | None]:
    """The values of one variable in W3C JSON results (None where unbound)."""
    return [b[var]["value"] if var in b else None for b in results["results"]["bindings"]]


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Print the development sets' figures: they guide rule work, and pass or fail hides
    them."""
    for name, scores in config.stash.get(QUALITY_SCORES, {}).items():
        terminalreporter.section(f"extraction quality on the {name} development set")
        for question, s in scores.items():
            terminalreporter.write_line(
                f"{question:18} P {s['precision']:.2f}  R {s['recall']:.2f}  F1 {s['f1']:.2f}"
                f"  tp {s['tp']} fp {s['fp']} fn {s['fn']}"
            )


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir() or not sorted(SEEDS.glob("*.txt")):
        pytest.skip(f"seed articles not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def seeds_store(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seed articles built once; tests must only read it (copy it to write)."""
    store = tmp_path_factory.mktemp("seeds") / "store"
    result = invoke("build", seeds_dir, "--store", store, "--quiet")
    if result.exit_code != 0:
        pytest.fail(f"building the seeds failed: {result.output}")
    return store


@pytest.fixture
def store_copy(seeds_store: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the seeds store."""
    copy = tmp_path / "store"
    shutil.copytree(seeds_store, copy, symlinks=True)
    return copy


@pytest.fixture
def fingerprint() -> Callable[[str | Path], tuple[int, str]]:
    return store_fingerprint
