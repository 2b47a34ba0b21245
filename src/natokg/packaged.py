"""The ontology, shapes and JSON-LD context natokg ships, read from the package.

The Turtle files in `ontology/` are the source of truth (they carry comments
meant for people); `ontology_docs.packaged_document` converts them on demand.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Literal

from rdflib import Graph

__all__ = ["Part", "packaged_graph", "packaged_part", "packaged_text"]

Part = Literal["ontology", "shapes", "context"]
_FILES = {"ontology": "natokg.ttl", "shapes": "shapes.ttl", "context": "context.jsonld"}


def packaged_text(name: str) -> str:
    """A file of the packaged `ontology/` folder, as text."""
    return (files("natokg") / "ontology" / name).read_text("utf-8")


def packaged_part(part: Part) -> str:
    """The ontology, the shapes or the context, as shipped."""
    return packaged_text(_FILES[part])


def packaged_graph(part: Part = "ontology") -> Graph:
    """A packaged Turtle file parsed, knowing only the prefixes the file declares."""
    graph = Graph(bind_namespaces="none")
    return graph.parse(data=packaged_part(part), format="turtle")
