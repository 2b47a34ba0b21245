"""The ontology, shapes and JSON-LD context natokg ships, in the format a tool wants.

The Turtle files in `ontology/` are the source of truth (they carry comments
meant for people); other formats are converted on demand with rdflib, so
Protégé (RDF/XML), a line-oriented pipeline (N-Triples) or a JSON tool
(JSON-LD) can read the same terms without a converter of their own.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Literal

from rdflib import Graph

from natokg.errors import InputError

__all__ = ["ONTOLOGY_FORMATS", "Part", "packaged_document", "packaged_text"]

Part = Literal["ontology", "shapes", "context"]
ONTOLOGY_FORMATS = ("turtle", "rdfxml", "ntriples", "jsonld", "markdown")
_FILES = {"ontology": "natokg.ttl", "shapes": "shapes.ttl", "context": "context.jsonld"}
_RDFLIB_FORMATS = {"rdfxml": "xml", "ntriples": "nt", "jsonld": "json-ld"}


def packaged_text(name: str) -> str:
    """A file of the packaged `ontology/` folder, as text."""
    return (files("natokg") / "ontology" / name).read_text("utf-8")


def packaged_graph(part: Part = "ontology") -> Graph:
    """A packaged Turtle file parsed, knowing only the prefixes the file declares."""
    graph = Graph(bind_namespaces="none")
    return graph.parse(data=packaged_text(_FILES[part]), format="turtle")


def packaged_document(part: Part = "ontology", fmt: str | None = None) -> str:
    """The ontology, the shapes or the context in `fmt` (Turtle, or JSON-LD for the context)."""
    if part == "context":
        if fmt not in (None, "jsonld"):
            raise InputError("the JSON-LD context exists only as JSON-LD (--format jsonld)")
        return packaged_text(_FILES["context"])
    fmt = fmt or "turtle"
    if fmt == "turtle":
        return packaged_text(_FILES[part])
    if fmt == "markdown":
        if part != "ontology":
            raise InputError("--format markdown documents the ontology, not the shapes")
        from natokg.ontology_docs import render_markdown

        return render_markdown()
    if fmt not in _RDFLIB_FORMATS:
        raise InputError(f"unknown format {fmt!r} (one of {', '.join(ONTOLOGY_FORMATS)})")
    return _convert(packaged_graph(part), fmt)


def _convert(graph: Graph, fmt: str) -> str:
    """Serialize deterministically: sorted lines for N-Triples, prefixes as the JSON-LD context."""
    if fmt == "ntriples":
        lines = graph.serialize(format="nt").splitlines()
        return "\n".join(sorted(line for line in lines if line.strip())) + "\n"
    if fmt == "jsonld":
        context = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
        data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return graph.serialize(format=_RDFLIB_FORMATS[fmt])
