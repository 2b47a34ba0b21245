"""The `natokg` command: a thin shell over the library.

Every command parses its options, calls the library, and prints; errors go
through `shell.reported`, so a user never sees a traceback. The commands that
read or write the graph live here, `build` in `building` (the only one that
loads spaCy, and only when it runs), the others in `tools`.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import TextIO

import click

from natokg import __version__
from natokg.cli.building import build
from natokg.cli.shell import (
    EXPORT_FORMATS,
    quiet_flag,
    reported,
    results_format_option,
    store_option,
)
from natokg.cli.tools import ask, graph, ontology, serve


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


class _StderrHandler(logging.StreamHandler[TextIO]):
    """The command's own log handler: a second `main()` in one process replaces it."""


def _log_to_stderr(level: int) -> None:
    """natokg's library logs what it does; -v shows it on stderr, with seconds elapsed."""
    logger = logging.getLogger("natokg")
    for old in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
        logger.removeHandler(old)
    handler = _StderrHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("natokg [%(relativeCreated)6.0f ms] %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)



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
@results_format_option
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
    if not quiet_flag():
        click.echo(
            f"imported {report.quads:,} quads in {len(report.graphs)} graphs "
            f"from {report.source} into {report.store}",
            err=True,
        )


for command in (build, serve, graph, ask, ontology):
    main.add_command(command)
