"""The commands beyond reading and writing the graph: serve it, draw it, ask it, the ontology."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from natokg.cli.shell import quiet_flag, reported, results_format_option, store_option


@click.command()
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

    if not quiet_flag():
        click.echo(f"natokg: serving on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    with reported():
        run_server(host, port, store, endpoint, quiet=quiet_flag())


@click.command()
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
    if not quiet_flag():
        click.echo(
            f"drew {len(drawn.nodes)} entities and {len(drawn.edges)} relations into {output}",
            err=True,
        )


@click.command()
@click.argument("question", nargs=-1, required=True)
@results_format_option
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
        if not quiet_flag():
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



@click.command()
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
    from natokg.ontology_docs import packaged_document

    if shapes and context:
        raise click.UsageError("give --shapes or --context, not both")
    with reported():
        text = packaged_document("shapes" if shapes else "context" if context else "ontology", fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
