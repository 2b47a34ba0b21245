"""Extraction quality: the shared scorer on the five sample articles, as a floor.

The scorer (`../shared/eval/score.py`) runs `natokg query NAME --format json`
for every competency question and matches rows against the gold answers. The
target is F1 ≥ 0.90; this test fails under 0.85 so that a regression shows
before it reaches users, without pinning the exact figure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
FLOOR = 0.85


@pytest.fixture(scope="module")
def scores(seeds_store: Path) -> dict:
    if not (EVAL / "score.py").is_file():
        pytest.skip(f"scorer not found at {EVAL}")
    pytest.importorskip("yaml")
    cli = Path(sys.executable).with_name("natokg")
    command = f"{cli}" if cli.exists() else f"{sys.executable} -m natokg.cli"
    env = {**os.environ, "NATOKG_STORE": str(seeds_store)}
    proc = subprocess.run(
        [
            sys.executable,
            str(EVAL / "score.py"),
            str(EVAL / "seeds-gold.yaml"),
            "--cmd",
            command,
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_overall_f1_stays_above_the_floor(scores: dict) -> None:
    overall = scores["overall"]
    assert overall["f1"] >= FLOOR, overall


def test_every_question_is_answered(scores: dict) -> None:
    """A question scoring zero means its query broke, whatever the overall figure."""
    broken = {q: s for q, s in scores.items() if q != "overall" and s["tp"] == 0}
    assert not broken, broken


def test_precision_stays_above_the_floor(scores: dict) -> None:
    """Made-up facts cost an analyst more than missed ones."""
    assert scores["overall"]["precision"] >= FLOOR, scores["overall"]
