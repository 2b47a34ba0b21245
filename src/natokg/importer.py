"""Load an RDF file (a natokg export, or any RDF) back into a store.

`natokg export` and `natokg import` are inverses, so a store can be backed
up, moved to another machine or rebuilt from a colleague's export without
re-running spaCy. The whole file is parsed before anything is written, and
the graphs it holds replace the store's graphs of the same name in one
transaction, as `natokg build` does: importing a file twice, or importing an
older export of a document, leaves exactly the file's version of each graph,
never a mixture of two versions that no shape would accept.

Dataset formats (TriG, N-Quads, JSON-LD) keep their named graphs; triples in
their default graph, and every triple of a triple format (Turtle, N-Triples,
RDF/XML), go into one named graph: `--graph IRI`, else one named after the
file, since natokg queries see named graphs only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, parse

from natokg.errors import InputError
from natokg.iris import expand, resource
from natokg.store import open_store

__all__ = ["IMPORT_FORMATS", "ImportReport", "format_for", "import_file", "read_graphs"]

IMPORT_FORMATS: dict[str, RdfFormat] = {
    "turtle": RdfFormat.TURTLE,
    "trig": RdfFormat.TRIG,
    "nquads": RdfFormat.N_QUADS,
    "ntriples": RdfFormat.N_TRIPLES,
    "rdfxml": RdfFormat.RDF_XML,
    "jsonld": RdfFormat.JSON_LD,
}
SUFFIXES: dict[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nq": "nquads",
    ".nt": "ntriples",
    ".rdf": "rdfxml",
    ".xml": "rdfxml",
    ".owl": "rdfxml",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}


@dataclass(frozen=True)
class ImportReport:
    """What an import wrote: which graphs, how many quads, into which store."""

    source: str
    format: str
    graphs: list[str]
    quads: int
    store: str


def format_for(path: Path, fmt: str | None = None) -> str:
    """The format named by `fmt`, else the one the file's suffix implies."""
    name = fmt or SUFFIXES.get(path.suffix.lower())
    if name is None:
        known = ", ".join(sorted(SUFFIXES))
        raise InputError(
            f"cannot tell the RDF format of {path} from its suffix ({known}); give --format"
        )
    if name not in IMPORT_FORMATS:
        raise InputError(f"unknown RDF format {name!r} (one of {', '.join(IMPORT_FORMATS)})")
    return name


def file_graph(path: Path) -> NamedNode:
    """The graph a file's unnamed triples go into when no --graph is given."""
    return resource(f"import/{path.name}")


def read_graphs(data: bytes, fmt: str, target: NamedNode) -> dict[NamedNode, list[Quad]]:
    """Parse `data` completely into quads by named graph (unnamed triples into `target`).

    Raises `InputError` on any syntax error, before anything is written.
    """
    try:
        quads = list(parse(data, format=IMPORT_FORMATS[fmt]))
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"not valid {fmt}: {_first_line(exc)}") from exc
    return _by_graph(quads, target)


def _by_graph(quads: Iterable[Quad], target: NamedNode) -> dict[NamedNode, list[Quad]]:
    graphs: dict[NamedNode, list[Quad]] = {}
    for quad in quads:
        graph = quad.graph_name
        if isinstance(graph, DefaultGraph):
            graph = target
        elif not isinstance(graph, NamedNode):
            raise InputError("a graph named by a blank node cannot be imported: name it by an IRI")
        graphs.setdefault(graph, []).append(Quad(quad.subject, quad.predicate, quad.object, graph))
    return graphs


def _graph_iri(iri: str) -> NamedNode:
    try:
        return NamedNode(expand(iri))
    except ValueError as exc:
        raise InputError(f"--graph {iri!r} is not an IRI") from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def import_file(
    path: str | os.PathLike[str],
    fmt: str | None = None,
    graph: str | None = None,
    store: str | os.PathLike[str] | None = None,
    endpoint: str | None = None,
) -> ImportReport:
    """Load an RDF file into the store in one transaction, replacing the graphs it holds."""
    source = Path(path)
    name = format_for(source, fmt)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}") from exc
    target = _graph_iri(graph) if graph else file_graph(source)
    try:
        graphs = read_graphs(data, name, target)
    except InputError as exc:
        raise InputError(f"{source}: {exc}") from exc
    if not graphs:
        raise InputError(f"{source} holds no RDF statements; nothing was imported")
    graph_store = open_store(store, endpoint=endpoint)
    try:
        quads = graph_store.replace_graphs(graphs)
    finally:
        graph_store.close()
    return ImportReport(
        source=str(source),
        format=name,
        graphs=sorted(node.value for node in graphs),
        quads=quads,
        store=graph_store.location,
    )
