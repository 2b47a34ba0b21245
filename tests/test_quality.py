"""Extraction quality: the shared scorer on each article set, each held to a floor.

The scorer (`../shared/eval/score.py`) runs `natokg query NAME --format json`
for every competency question and matches rows against gold answers.

- The five sample articles (`../shared/seeds/`, gold in
  `../shared/eval/seeds-gold.yaml`): the rules were written against them, so
  the target is F1 ≥ 0.90 and this fails under 0.85, so that a regression shows
  before it reaches users, without pinning the exact figure.
- The news development set (`tests/news/articles/`, gold in
  `tests/news/gold.yaml`): articles in the styles of wire services,
  newspapers, governments and NATO that the rules were not written for. It
  measures how extraction holds on news it has not seen; its floor sits just
  under today's score and is raised as extraction improves.
- The shared development set (`../shared/dev/`, when present): real articles
  from many outlets, with gold in the scorer's format in one or more `.yaml`
  files beside them. Every article under it is built and every gold file
  scored together; it is held to the level unseen news scored before natokg
  learnt the language of news, and its figures are printed at the end of the run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import QUALITY_SCORES, invoke

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
DEV = EVAL.parent / "dev"
NEWS = Path(__file__).resolve().parent / "news"
# The scorer asks each article's questions of that article alone (document level).
# Seeds: F1 0.983 today; news set: 0.943 over 111 articles (each blind batch stood at
# 0.72-0.89 when it joined). Each floor is today's figure minus about 0.03-0.04:
# raise it as extraction improves.
FLOOR = 0.94
NEWS_FLOOR = 0.91
# Real unseen articles scored 0.70-0.75 before the rules learnt the language of news.
DEV_FLOOR = 0.75


def run_scorer(store: Path, gold: Path) -> dict:
    """The scorer's JSON figures for `store` against `gold`, through the installed CLI."""
    if not (EVAL / "score.py").is_file():
        pytest.skip(f"scorer not found at {EVAL}")
    pytest.importorskip("yaml")
    cli = Path(sys.executable).with_name("natokg")
    command = f"{cli}" if cli.exists() else f"{sys.executable} -m natokg.cli"
    proc = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), str(gold), "--cmd", command, "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "NATOKG_STORE": str(store)},
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def scores(seeds_store: Path) -> dict:
    return run_scorer(seeds_store, EVAL / "seeds-gold.yaml")


@pytest.fixture(scope="module")
def news_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The news development articles built once for this module."""
    store = tmp_path_factory.mktemp("news") / "store"
    result = invoke("build", NEWS / "articles", "--store", store, "--quiet")
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture(scope="module")
def news_scores(news_store: Path, pytestconfig: pytest.Config) -> dict:
    """Kept on the config too, so that the run's summary can print the figures."""
    figures = run_scorer(news_store, NEWS / "gold.yaml")
    pytestconfig.stash.setdefault(QUALITY_SCORES, {})["news"] = figures
    return figures


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


def test_news_overall_f1_stays_above_its_floor(news_scores: dict) -> None:
    """Unseen news scores lower than the samples; this catches it getting worse still."""
    assert news_scores["overall"]["f1"] >= NEWS_FLOOR, news_scores


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> dict:
    """The shared development set, built whole and scored against all its gold files."""
    golds = sorted(DEV.rglob("*.yaml")) + sorted(DEV.rglob("*.yml")) if DEV.is_dir() else []
    if not golds:
        pytest.skip(f"no development set with gold at {DEV}")
    yaml = pytest.importorskip("yaml")
    folder = tmp_path_factory.mktemp("dev")
    entries = [entry for gold in golds for entry in yaml.safe_load(gold.read_text("utf-8")) or []]
    (folder / "gold.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True), "utf-8")
    result = invoke("build", DEV, "--store", folder / "store", "--quiet", "--keep-going")
    assert result.exit_code == 0, result.output
    figures = run_scorer(folder / "store", folder / "gold.yaml")
    pytestconfig.stash.setdefault(QUALITY_SCORES, {})["shared"] = figures
    return figures


def test_shared_dev_set_stays_above_its_floor(dev_scores: dict) -> None:
    assert dev_scores["overall"]["f1"] >= DEV_FLOOR, dev_scores["overall"]
