"""natokg's benchmark: extraction against bare spaCy, parallel speed-up, memory, queries.

    .venv/bin/python bench/run.py                      # 1,000 articles, the full report
    .venv/bin/python bench/run.py --articles 10000 --phases build2 --json bench-10k.json

Every figure comes from one run on one machine, so ratios compare like with
like (absolute speeds drift between machines; see bench/README.md). Each
phase runs in its own process, whose process tree is sampled for memory.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
NATOKG = Path(sys.executable).with_name("natokg")
PHASES = ("spacy", "spacy2", "build1", "build2", "rebuild", "queries")
FIRST = ("Anna", "Piotr", "Ingrid", "Tomas", "Leila", "Marco", "Sofia", "Jonas", "Elif", "Kai")
LAST = ("Berg", "Novak", "Lund", "Costa", "Weber", "Moreau", "Kowalski", "Dahl", "Yilmaz", "Ruiz")
_AMOUNT = re.compile(r"\b(\d{2,3})(?= (?:billion|million|per ?cent|%|troops|countries|Allies))")
# Per-document IRIs (document, facts, evidence, extraction run); entities stay shared.
_PER_DOCUMENT = re.compile(rb"(/resource/(?:document|fact|evidence|extraction)/)")


# -- the corpus ---------------------------------------------------------------------
def seed_articles() -> list[str]:
    paths = sorted(SEEDS.glob("*.txt"))
    if not paths:
        sys.exit(f"no seed articles in {SEEDS}")
    return [p.read_text(encoding="utf-8") for p in paths]


def variant(text: str, copy: int) -> str:
    """A seed article changed a little, so every copy is a new document (ids hash the text):
    amounts shifted, and a byline naming a different correspondent per copy."""
    shifted = _AMOUNT.sub(lambda m: str(int(m.group(1)) + copy % 9), text) if copy else text
    name = f"{FIRST[copy % len(FIRST)]} {LAST[(copy // len(FIRST)) % len(LAST)]}"
    return f"{shifted.rstrip()}\n\nReported by {name} (dispatch {copy}).\n"


def write_corpus(articles: int, folder: Path) -> Path:
    seeds = seed_articles()
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(articles):
            text = variant(seeds[i % len(seeds)], i // len(seeds))
            out.write(json.dumps({"text": text}) + "\n")
    return path


# -- memory of a process tree -----------------------------------------------------
def _children(pid: int) -> list[int]:
    """Child pids from /proc/PID/task/*/children: cheap, so sampling steals little CPU."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                found.extend(int(c) for c in children.read().split())
    except OSError:
        pass
    return found


def _tree(pid: int) -> list[int]:
    tree, queue = [], [pid]
    while queue:
        current = queue.pop()
        tree.append(current)
        queue.extend(_children(current))
    return tree


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; PSS splits pages forked workers share."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    peak_pss_mb: float
    stdout: str


def measured(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run `command`, sampling its process tree's memory every 0.1 s."""
    peak = [0, 0]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})}, text=True)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            usage = [_memory_kb(p) for p in _tree(process.pid)]
            peak[0] = max(peak[0], sum(u[0] for u in usage))
            peak[1] = max(peak[1], sum(u[1] for u in usage))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-2000:]}")
    return Run(seconds, peak[0] / 1024, peak[1] / 1024, stdout)


# -- phases -------------------------------------------------------------------------
def spacy_only(corpus: Path, processes: int = 1) -> None:
    """Child process: the exact texts natokg parses, through natokg's full spaCy pipeline
    (model + line-break component + gazetteer rulers, NumpyOps as natokg sets it), in one
    process or with spaCy's own multiprocessing (`n_process`)."""
    from natokg.ingest import read_documents
    from natokg.nlp import DEFAULT_MODEL, load_pipeline
    from natokg.pipeline import CHUNK_SIZE

    texts = [d.text for d in read_documents([corpus])]
    nlp = load_pipeline(DEFAULT_MODEL)
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=CHUNK_SIZE, n_process=processes))
    seconds = time.perf_counter() - started
    print(json.dumps({"tokens": tokens, "pipe_seconds": seconds, "documents": len(texts),
                      "pipeline": nlp.pipe_names}))


def build(corpus: Path, store: Path, workers: int) -> Run:
    return measured([str(NATOKG), "build", str(corpus), "--store", str(store),
                     "--workers", str(workers), "-q"])


def store_size_mb(store: Path) -> float:
    """Bytes of the generation readers open (older ones share its files by hard link)."""
    current = (store / "current").resolve()
    return sum(p.stat().st_size for p in current.rglob("*") if p.is_file()) / 2**20


def grow(store: Path, target: int) -> int:
    """Add renamed copies of the store's document graphs until it holds `target` quads."""
    from natokg.store import LocalStore

    local = LocalStore.open(store)
    by_graph: dict[bytes, list[bytes]] = defaultdict(list)
    for line in local.dump(RdfFormat.N_QUADS).splitlines(keepends=True):  # document graphs
        by_graph[line[line.rindex(b" <", 0, -3):]].append(line)
    total, copy = local.quad_count(), 0
    with local.transaction() as writer:
        while total < target:
            copy += 1
            for lines in by_graph.values():
                data = _PER_DOCUMENT.sub(rb"\1g%d-" % copy, b"".join(lines))
                graph = data[data.rindex(b" <", 0, -3) + 2:-4].decode()
                writer.replace(NamedNode(graph), data)
                total += len(lines)
                if total >= target:
                    break
    return LocalStore.open(store, read_only=True).quad_count()


def query_latencies(store: Path, runs: int) -> dict[str, dict[str, float]]:
    """Time of the first run and p50/p95 of the next ones, in ms, of each canned query with
    its default parameters, results consumed. The first run computes the answer (and keeps
    it if it was slow, see natokg/store/cache.py); the next ones are what a user re-running
    the question, or a web page showing it, waits for."""
    from natokg.queries import canned_queries
    from natokg.store import LocalStore

    local = LocalStore.open(store, read_only=True)
    figures = {}
    for name, canned in canned_queries().items():
        bindings = canned.bindings({})
        started = time.perf_counter()
        rows = len(list(local.query(canned.text, bindings)))
        first = (time.perf_counter() - started) * 1000
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            for _row in local.query(canned.text, bindings):  # type: ignore[union-attr]
                pass
            times.append((time.perf_counter() - started) * 1000)
        figures[name] = {"first_ms": first, "p50_ms": statistics.median(times),
                         "p95_ms": _percentile(times, 0.95), "rows": rows}
    return figures


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# -- report -------------------------------------------------------------------------
def run(args: argparse.Namespace) -> dict[str, object]:
    phases = set(args.phases.split(","))
    work = Path(tempfile.mkdtemp(prefix="natokg-bench-"))
    result: dict[str, object] = {"articles": args.articles, "cores": os.cpu_count()}
    try:
        corpus = write_corpus(args.articles, work)
        tokens = None
        for processes, key in ((1, "spacy"), (2, "spacy2")):
            if key not in phases:
                continue
            child = measured([sys.executable, __file__, "--spacy-only", str(corpus),
                              "--spacy-processes", str(processes)])
            inner = json.loads(child.stdout)
            tokens = inner["tokens"]
            result[key] = {"pipe_seconds": inner["pipe_seconds"], "wall_seconds": child.seconds,
                           "tokens": tokens, "tokens_per_s": tokens / inner["pipe_seconds"],
                           "peak_rss_mb": child.peak_rss_mb, "pipeline": inner["pipeline"]}
        for workers in (1, 2):
            if f"build{workers}" not in phases:
                continue
            store = work / f"store-{workers}"
            done = build(corpus, store, workers)
            result[f"build_{workers}_workers"] = {
                "seconds": done.seconds, "docs_per_s": args.articles / done.seconds,
                "tokens_per_s": tokens / done.seconds if tokens else None,
                "peak_rss_mb": done.peak_rss_mb, "peak_pss_mb": done.peak_pss_mb,
                "store_mb": store_size_mb(store)}
        _ratios(result)
        if "rebuild" in phases and (work / "store-2").exists():
            again = build(corpus, work / "store-2", 2)
            result["rebuild_unchanged"] = {"seconds": again.seconds,
                                           "peak_rss_mb": again.peak_rss_mb}
        built = next((work / f"store-{w}" for w in (2, 1) if (work / f"store-{w}").exists()), None)
        if "queries" in phases and built is not None:
            from natokg.store import ANSWERS, LocalStore

            result["store_quads"] = LocalStore.open(built, read_only=True).quad_count()
            result["queries"] = query_latencies(built, args.runs)
            big = work / "big"
            # without the built store's kept answers: first runs on the copy compute afresh
            shutil.copytree(built, big, symlinks=True, ignore=shutil.ignore_patterns(ANSWERS))
            started = time.perf_counter()
            quads = grow(big, args.big_quads)
            result["big"] = {"quads": quads, "grow_seconds": time.perf_counter() - started,
                             "store_mb": store_size_mb(big),
                             "queries": query_latencies(big, args.runs)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def _ratios(result: dict[str, object]) -> None:
    spacy, one, two = (result.get(k) for k in ("spacy", "build_1_workers", "build_2_workers"))
    if isinstance(spacy, dict) and isinstance(one, dict):
        result["build_over_spacy"] = one["tokens_per_s"] / spacy["tokens_per_s"]
        # both processes end to end: interpreter, imports, model load, reading included
        result["build_over_spacy_wall"] = spacy["wall_seconds"] / one["seconds"]
    if isinstance(one, dict) and isinstance(two, dict):
        result["speedup_2_workers"] = one["seconds"] / two["seconds"]
    spacy2 = result.get("spacy2")
    if isinstance(spacy, dict) and isinstance(spacy2, dict):
        result["spacy_speedup_2_processes"] = spacy["pipe_seconds"] / spacy2["pipe_seconds"]
    if isinstance(spacy2, dict) and isinstance(two, dict) and two["tokens_per_s"]:
        result["build2_over_spacy2"] = two["tokens_per_s"] / spacy2["tokens_per_s"]


def table(result: dict[str, object]) -> Iterator[str]:
    yield f"natokg benchmark: {result['articles']} articles, {result['cores']} cores"
    for key, how in (("spacy", "1 process  "), ("spacy2", "n_process=2")):
        spacy = result.get(key)
        if isinstance(spacy, dict):
            yield (f"  spaCy alone, {how} ({len(spacy['pipeline'])} pipes)  "
                   f"{spacy['pipe_seconds']:8.1f} s  {spacy['tokens_per_s']:8,.0f} tokens/s  "
                   f"{spacy['tokens']:,} tokens  peak {spacy['peak_rss_mb']:,.0f} MB")
    for workers in (1, 2):
        b = result.get(f"build_{workers}_workers")
        if isinstance(b, dict):
            rate = f"{b['tokens_per_s']:8,.0f} tokens/s" if b["tokens_per_s"] else ""
            yield (f"  natokg build, {workers} worker{'s' if workers > 1 else ' '}           "
                   f"{b['seconds']:8.1f} s  {rate}  {b['docs_per_s']:.1f} docs/s  "
                   f"peak RSS {b['peak_rss_mb']:,.0f} MB (PSS {b['peak_pss_mb']:,.0f} MB)  "
                   f"store {b['store_mb']:,.1f} MB")
    again = result.get("rebuild_unchanged")
    if isinstance(again, dict):
        yield f"  rebuild, nothing changed      {again['seconds']:8.1f} s"
    for key, label in (("build_over_spacy", "build/spaCy throughput"),
                       ("build_over_spacy_wall", "same, both with start-up"),
                       ("speedup_2_workers", "2-worker speed-up"),
                       ("spacy_speedup_2_processes", "spaCy n_process=2 speed-up"),
                       ("build2_over_spacy2", "2-worker build/spaCy n_process=2")):
        if key in result:
            yield f"  {label:<24} {result[key]:.2f}"
    for title, queries in _query_tables(result):
        yield f"  {title}"
        yield f"    {'query':<18} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'rows':>6}"
        for name, q in queries.items():
            yield (f"    {name:<18} {q['first_ms']:9.2f} {q['p50_ms']:8.2f} {q['p95_ms']:8.2f} "
                   f"{q['rows']:6}")


def _query_tables(result: dict[str, object]) -> Iterator[tuple[str, dict]]:
    if isinstance(result.get("queries"), dict):
        yield f"queries on the built store ({result['store_quads']:,} quads)", result["queries"]
    big = result.get("big")
    if isinstance(big, dict):
        yield (f"queries on the grown store ({big['quads']:,} quads, "
               f"{big['store_mb']:,.0f} MB)", big["queries"])


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--big-quads", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query")
    parser.add_argument("--phases", default=",".join(PHASES),
                        help=f"comma-separated subset of {','.join(PHASES)}")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--spacy-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--spacy-processes", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.spacy_only:
        spacy_only(args.spacy_only, args.spacy_processes)
        return
    result = run(args)
    for line in table(result):
        out(line)
    text = json.dumps(result, indent=2)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    out(text)


if __name__ == "__main__":
    main()
