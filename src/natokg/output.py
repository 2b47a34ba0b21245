"""How results look: aligned tables for people, W3C result formats for pipes.

CSV, TSV and JSON are written by pyoxigraph's own serializers, so they are the
W3C SPARQL 1.1 result formats exactly; the table is for reading on a terminal
(colour only when the output is one).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING, TextIO

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions

from natokg.api import Explanation, StoreStats
from natokg.iris import pasteable, shown
from natokg.store import Results

if TYPE_CHECKING:
    from rich.console import Console

_W3C = {
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
    "json": QueryResultsFormat.JSON,
}


def _console(out: TextIO) -> Console:
    from rich.console import Console

    return Console(file=out, soft_wrap=False, width=None if out.isatty() else 200, highlight=False)


def cell(term: object) -> str:
    """A term as a reader wants it: labels and numbers plain, IRIs with short prefixes,
    written so that they can be pasted back into a query or `natokg explain`."""
    return "" if term is None else shown(term)


def write_results(results: Results, fmt: str, out: TextIO, hidden: Iterable[str] = ()) -> None:
    """Print query results as a table or in a W3C results format.

    `hidden` columns (a query's parameters, which SPARQL substitution requires
    in the projection) are left out of the table, where they would only repeat
    what the user typed.
    """
    if fmt in _W3C and isinstance(results, QuerySolutions | QueryBoolean):
        out.write((results.serialize(format=_W3C[fmt]) or b"").decode("utf-8"))
        if fmt == "json":
            out.write("\n")
        return
    if isinstance(results, QueryBoolean):
        out.write(f"{bool(results)}\n".lower())
        return
    if not isinstance(results, QuerySolutions):  # CONSTRUCT / DESCRIBE: N-Triples
        for triple in results:
            out.write(f"{triple} .\n")
        return
    names = [v.value for v in results.variables if v.value not in set(hidden)]
    rows = [[cell(solution[name]) for name in names] for solution in results]
    _table(names, rows, out)


def _table(header: list[str], rows: list[list[str]], out: TextIO) -> None:
    from rich import box
    from rich.table import Table

    table = Table(*header, box=box.SIMPLE_HEAD, header_style="bold" if out.isatty() else "")
    for row in rows:
        table.add_row(*row)
    console = _console(out)
    console.print(table)
    console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


def write_stats(stats: StoreStats, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(json.dumps(asdict(stats), indent=2) + "\n")
        return
    rows = [
        ["documents", f"{stats.documents:,}"],
        ["quads", f"{stats.quads:,}"],
        ["distinct triples", f"{stats.triples:,}"],
    ]
    rows += [[f"entities: {name}", f"{count:,}"] for name, count in stats.entities.items()]
    rows += [[f"facts: {name}", f"{count:,}"] for name, count in stats.facts.items()]
    _table(["what", "count"], rows, out)


def write_explanation(explanation: Explanation, out: TextIO) -> None:
    console = _console(out)
    console.print(f"[bold]{pasteable(explanation.iri)}[/bold]  <{explanation.iri}>",
                  markup=True, highlight=False)
    for prop, value in explanation.properties:
        console.print(f"  {prop:24} {value}", markup=False)
    if explanation.evidence:
        console.print(f"\n[bold]evidence[/bold] ({len(explanation.evidence)} facts)")
    for item in explanation.evidence:
        console.print(
            f"  {item['factClass']} {item['fact']}  [{item['rule']}, "
            f"confidence {item['confidence']}{_extracted_by(item)}]\n"
            f"    {item['document']} “{item['title']}” characters {item['start']}–{item['end']}\n"
            f"    “{item['sentence']}”",
            markup=False,
            highlight=False,
        )


def _extracted_by(item: dict[str, str]) -> str:
    """", natokg 0.1.0 with en_core_web_sm": which software drew the fact, when recorded."""
    if not item.get("version"):
        return ""
    model = f" with {item['model']}" if item.get("model") else ""
    return f", natokg {item['version']}{model}"
