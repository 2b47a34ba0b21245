"""How a build stops: Ctrl-C while workers extract, and input with no article in it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import invoke, store_fingerprint
from tests_support import long_article


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _wait_for_working_workers(build: subprocess.Popen[str], count: int) -> list[int]:
    """The build's worker processes, once `count` of them have started extracting."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and build.poll() is None:
        workers = _children(build.pid)
        if len(workers) >= count and all(_cpu_ticks(w) > 0 for w in workers):
            return workers
        time.sleep(0.1)
    pytest.fail("the build's workers never started")


def _gone(pids: list[int]) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() for pid in pids):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_during_a_parallel_build_is_one_line_and_leaves_the_store(tmp_path: Path) -> None:
    store, corpus = tmp_path / "store", tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "first.txt").write_text(long_article(1_500, ["The first meeting ended."]))
    assert invoke("build", tmp_path / "first.txt", "--store", store).exit_code == 0
    before = store_fingerprint(store)
    for number in range(60):
        late = [f"Meeting number {number} of the series closed in the evening."]
        (corpus / f"{number:02d}.txt").write_text(long_article(5_000, late), encoding="utf-8")

    natokg = Path(sys.executable).with_name("natokg")
    build = subprocess.Popen(  # its own process group, as a shell's job is: Ctrl-C reaches all
        [natokg, "build", corpus, "--store", store, "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "NATOKG_STORE": ""},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        workers = _wait_for_working_workers(build, 2)
        os.killpg(build.pid, signal.SIGINT)
        _, stderr = build.communicate(timeout=120)
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode != 0, "the build ended before it was interrupted"
    assert build.returncode == 130
    assert stderr.splitlines() == [
        "Error: interrupted: nothing was written; the store is as it was"]
    assert store_fingerprint(store) == before
    assert _gone(workers)


def test_a_folder_without_articles_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    (folder / "sub").mkdir(parents=True)
    (folder / "slides.pdf").write_bytes(b"%PDF-1.4")
    (folder / ".hidden.txt").write_text("An article nobody is meant to read.")
    result = invoke("build", folder, "--store", tmp_path / "store")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: no articles found in {folder} (looked for .htm, .html, .jsonl, .md, .txt files)."]
    assert not (tmp_path / "store").exists()


def test_no_readable_article_is_an_error_even_with_keep_going(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / "b.md").write_text("")
    result = invoke("build", folder, "--store", tmp_path / "store", "--keep-going")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: no article could be read or built, nothing was written: all 2 failed, "
        f"the first {folder / 'a.txt'}: looks like a binary file, not text."]


def test_a_rebuild_with_every_article_unchanged_still_succeeds(tmp_path: Path) -> None:
    article = tmp_path / "one.txt"
    article.write_text(long_article(1_000, ["The meeting ended."]))
    assert invoke("build", article, "--store", tmp_path / "store").exit_code == 0
    again = invoke("build", article, "--store", tmp_path / "store")
    assert again.exit_code == 0
    assert "0 documents" in again.stderr and "1 unchanged" in again.stderr
