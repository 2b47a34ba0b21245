"""Check a store against natokg's SHACL shapes, one document graph at a time.

Each document's named graph is self-contained (rdf.py describes every entity
a graph uses inside that graph), so the shapes are checked against each graph
on its own: a graph that only looks complete because another document
described its entities would break the moment that document is rebuilt or
dropped. Validating graph by graph also keeps memory flat however large the
store, and lets the report say which document, and so which article, to look
at.

The shapes are parsed once; the data of each graph is copied from pyoxigraph
into an rdflib graph keeping every literal's lexical form exactly as stored
(rdflib would otherwise normalise "5.5E+9"^^xsd:decimal and hide the very
error the shapes look for).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from importlib.resources import files
from typing import TextIO

from pyoxigraph import BlankNode, NamedNode, Quad
from pyoxigraph import Literal as OxLiteral
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from natokg.api import document_graph
from natokg.errors import NatokgError
from natokg.iris import compact
from natokg.store import GraphStore, open_store
from natokg.vocab import SCHEMA, XSD

__all__ = ["ValidationFailed", "ValidationReport", "Violation", "validate_store", "write_report"]

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES_BASE = "https://w3id.org/natokg/shapes#"
_XSD_STRING = XSD.string.value


class ValidationFailed(NatokgError):
    """Some document graph does not conform to the shapes (the report says where)."""


@dataclass(frozen=True)
class Violation:
    """One SHACL result, with the document it was found in."""

    document: str
    title: str
    focus: str
    path: str
    shape: str
    constraint: str
    message: str
    value: str
    severity: str


@dataclass
class ValidationReport:
    """What `natokg validate` found: how many graphs were checked and what failed."""

    documents: int
    violations: list[Violation] = field(default_factory=list)

    @property
    def failed_documents(self) -> list[str]:
        return list(dict.fromkeys(v.document for v in self.violations if _fails(v)))

    @property
    def conforms(self) -> bool:
        return not self.failed_documents

    def summary(self) -> str:
        if self.conforms:
            return f"{_count(self.documents, 'document')} checked: all conform to the natokg shapes"
        failing = sum(_fails(v) for v in self.violations)
        return (
            f"{len(self.failed_documents)} of {_count(self.documents, 'document')} "
            f"do not conform to the natokg shapes ({_count(failing, 'violation')})"
        )

    def check(self) -> None:
        """Raise `ValidationFailed` (its message is the summary) unless every graph conforms."""
        if not self.conforms:
            raise ValidationFailed(self.summary())


def _fails(violation: Violation) -> bool:
    """Only sh:Violation results fail a graph; warnings and infos are reported, not fatal."""
    return violation.severity == "sh:Violation"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# -- running the shapes ----------------------------------------------------------
def validate_store(
    store: str | os.PathLike[str] | None,
    graphs: Iterable[str] = (),
    endpoint: str | None = None,
) -> ValidationReport:
    """Validate every document graph of the store (or only `graphs`) against the shapes."""
    graph_store = open_store(store, endpoint=endpoint, read_only=True)
    nodes = _chosen_graphs(graph_store, list(graphs))
    report = ValidationReport(documents=len(nodes))
    for node in nodes:
        report.violations.extend(validate_quads(node, graph_store.graph_quads(node)))
    return report


def _chosen_graphs(graph_store: GraphStore, graphs: list[str]) -> list[NamedNode]:
    available = sorted(graph_store.graphs(), key=lambda node: node.value)
    if not graphs:
        return available
    return [document_graph(iri, graph_store) for iri in graphs]


def validate_quads(graph: NamedNode, quads: Iterable[Quad]) -> list[Violation]:
    """The SHACL results for one document graph (empty when it conforms)."""
    from pyshacl import validate

    data = Graph()
    for quad in quads:
        data.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
    shapes = _shapes()
    conforms, results, _text = validate(data, shacl_graph=shapes, inference="none")
    if conforms:
        return []
    assert isinstance(results, Graph)
    title = data.value(URIRef(graph.value), URIRef(SCHEMA.headline.value))
    return sorted(
        _results(results, shapes, graph.value, str(title or "")),
        key=lambda v: (v.focus, v.path, v.shape, v.constraint, v.value),
    )


def _results(report: Graph, shapes: Graph, document: str, title: str) -> Iterator[Violation]:
    """The top-level results of a pyshacl report (nested sh:detail results are implied)."""
    for result in report.objects(None, SH.result):
        yield Violation(
            document=document,
            title=title,
            focus=_show(report.value(result, SH.focusNode)),
            path=_show(report.value(result, SH.resultPath)),
            shape=_shape_name(shapes, report.value(result, SH.sourceShape)),
            constraint=_show(report.value(result, SH.sourceConstraintComponent)),
            message=str(report.value(result, SH.resultMessage) or ""),
            value=_show(report.value(result, SH.value)),
            severity=_show(report.value(result, SH.resultSeverity)),
        )


def _shape_name(shapes: Graph, shape: Node | None) -> str:
    """A named shape as `nkgsh:Name`; an anonymous property shape by its owner and path."""
    if shape is None:
        return ""
    if isinstance(shape, URIRef):
        return _show(shape)
    owner = shapes.value(None, SH.property, shape)
    path = shapes.value(shape, SH.path)
    named = _show(owner) if owner is not None else "[]"
    return f"{named} / {_show(path)}" if path is not None else named


def _show(term: Node | None) -> str:
    """A term as a reader wants it: IRIs compacted with natokg's prefixes, literals quoted."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        if text.startswith(SHAPES_BASE):
            return "nkgsh:" + text.removeprefix(SHAPES_BASE)
        if text.startswith(str(SH)):
            return "sh:" + text.removeprefix(str(SH))
        return compact(text)
    if isinstance(term, Literal):
        return json.dumps(str(term), ensure_ascii=False)
    return f"_:{term}"


@functools.cache
def _shapes() -> Graph:
    """The packaged SHACL shapes, parsed once per process."""
    text = (files("natokg") / "ontology" / "shapes.ttl").read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


def _term(term: object) -> Node:
    """An rdflib term for a pyoxigraph one, keeping literals' lexical forms as stored."""
    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return BNode(term.value)
    assert isinstance(term, OxLiteral), term
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)


# -- the report ------------------------------------------------------------------
def write_report(report: ValidationReport, fmt: str, out: TextIO) -> None:
    """Print the report for people ("text") or machines ("json")."""
    if fmt == "json":
        payload = {
            "conforms": report.conforms,
            "documents": report.documents,
            "failedDocuments": report.failed_documents,
            "summary": report.summary(),
            "violations": [asdict(v) for v in report.violations],
        }
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    document = None
    for violation in report.violations:
        if violation.document != document:
            document = violation.document
            out.write(f"{compact(document)}  “{violation.title}”\n")
        out.write(_text_lines(violation))
    out.write(report.summary() + "\n")


def _text_lines(v: Violation) -> str:
    value = f"  value {v.value}" if v.value else ""
    severity = "" if v.severity == "sh:Violation" else f"{v.severity.removeprefix('sh:')}: "
    return (
        f"  {severity}{v.focus}  path {v.path or '-'}{value}\n"
        f"    shape {v.shape}  ({v.constraint})\n"
        f"    {v.message}\n"
    )
