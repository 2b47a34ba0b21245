"""The packaged ontology in the format a tool wants, and `docs/ontology.md`, its reference.

Other formats than Turtle are converted on demand with rdflib, so Protégé
(RDF/XML), a line-oriented pipeline (N-Triples) or a JSON tool (JSON-LD) can
read the same terms without a converter of their own; Markdown is the
reference page of every natokg class and property.

The page is generated from `ontology/natokg.ttl`, never edited by hand, so it
cannot drift from the ontology (a test regenerates it and compares). Each
term's example is a real triple from a build of the sample corpus
(`data/sample`), kept in `ontology/examples.nt` so that generating the page is
deterministic and needs no spaCy run. To refresh both after the ontology or
the extraction changes:

    natokg build data/sample --store /tmp/sample-store
    python -m natokg.ontology_docs --examples-from /tmp/sample-store
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TypeGuard

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Triple, parse, serialize
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import BNode, Node

from natokg.errors import InputError
from natokg.iris import compact
from natokg.packaged import Part, packaged_graph, packaged_part, packaged_text
from natokg.vocab import NKG, ONTOLOGY_IRI, XSD

__all__ = ["ONTOLOGY_FORMATS", "load_examples", "packaged_document", "render_markdown",
           "select_examples"]

ONTOLOGY_FORMATS = ("turtle", "rdfxml", "ntriples", "jsonld", "markdown")
_RDFLIB_FORMATS = {"rdfxml": "xml", "ntriples": "nt", "jsonld": "json-ld"}

EXAMPLES_FILE = "examples.nt"
_TYPE = RDF.type
_SECTIONS = (
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
)


# -- examples --------------------------------------------------------------------
def select_examples(quads: Iterable[Quad]) -> list[Triple]:
    """One triple per nkg class (an `rdf:type` triple) and per nkg property.

    The shortest triple wins (ties broken by text), so the pick is the same on
    every run and tends to be the most readable one.
    """
    best: dict[str, tuple[int, str, Triple]] = {}
    for quad in quads:
        triple = quad.triple
        term = triple.object if triple.predicate.value == str(_TYPE) else triple.predicate
        if not isinstance(term, NamedNode) or not term.value.startswith(NKG.base):
            continue
        line = str(triple)
        candidate = (len(line), line, triple)
        if term.value not in best or candidate[:2] < best[term.value][:2]:
            best[term.value] = candidate
    return sorted((item[2] for item in best.values()), key=str)


def write_examples(store: str | Path, directory: Path) -> Path:
    """Pick the examples from a built store and write them as sorted N-Triples."""
    from natokg.store import open_store
    from natokg.summary import SUMMARY_GRAPH

    graph_store = open_store(store, read_only=True)
    graphs = [*graph_store.graphs(), SUMMARY_GRAPH]
    quads = [q for graph in graphs for q in graph_store.graph_quads(graph)]
    path = directory / EXAMPLES_FILE
    path.write_bytes(serialize(select_examples(quads), format=RdfFormat.N_TRIPLES) or b"")
    return path


def load_examples(text: str | None = None) -> dict[str, Triple]:
    """The packaged examples by the IRI of the term each one illustrates."""
    data = packaged_text(EXAMPLES_FILE) if text is None else text
    examples: dict[str, Triple] = {}
    for quad in parse(data, format=RdfFormat.N_TRIPLES):
        triple = quad.triple
        term = triple.object if triple.predicate.value == str(_TYPE) else triple.predicate
        examples[term.value] = triple
    return examples


# -- rendering -------------------------------------------------------------------
def render_markdown(
    ontology: Graph | None = None, examples: dict[str, Triple] | None = None
) -> str:
    """The Markdown reference of the ontology, deterministic for given inputs."""
    graph = ontology if ontology is not None else packaged_graph("ontology")
    found = examples if examples is not None else load_examples()
    parts = [_header(graph)]
    for title, kind in _SECTIONS:
        terms = sorted(t for t in graph.subjects(_TYPE, kind) if _is_nkg(t))
        parts.append(f"## {title}\n")
        parts += [_term_section(graph, term, kind, found) for term in terms]
    return "\n".join(parts)


def _is_nkg(term: Node) -> TypeGuard[URIRef]:
    return isinstance(term, URIRef) and str(term).startswith(NKG.base)


def _header(graph: Graph) -> str:
    from rdflib import DCTERMS

    iri = URIRef(ONTOLOGY_IRI)
    version = graph.value(iri, OWL.versionInfo)
    description = _paragraph(graph.value(iri, DCTERMS.description))
    return (
        "# The natokg ontology\n\n"
        "<!-- Generated from ontology/natokg.ttl by `natokg ontology --format markdown`;"
        " do not edit by hand. -->\n\n"
        f"IRI `{ONTOLOGY_IRI}`, version {version}, prefix `nkg:` "
        f"(`{NKG.base}`). Resources natokg mints use `nkr:` "
        "(`https://w3id.org/natokg/resource/`). The SHACL shapes are in "
        "`ontology/shapes.ttl` (`natokg ontology --shapes`), the JSON-LD context in "
        "`ontology/context.jsonld` (`natokg ontology --context`).\n\n"
        f"{description}\n\n"
        "Each example is a triple from a build of the sample corpus (`data/sample`).\n"
    )


def _term_section(graph: Graph, term: URIRef, kind: URIRef, examples: dict[str, Triple]) -> str:
    label = graph.value(term, RDFS.label)
    lines = [f"### `{compact(str(term))}`" + (f" — {label}" if label else ""), ""]
    lines += [_paragraph(graph.value(term, RDFS.comment)), ""]
    lines += [f"- {name}: {value}" for name, value in _facts(graph, term, kind) if value]
    lines.append(f"- Example: {_example(graph, term, examples)}")
    return "\n".join(lines) + "\n"


def _facts(graph: Graph, term: URIRef, kind: URIRef) -> list[tuple[str, str]]:
    """The axioms worth a line: hierarchy for classes, domain/range for properties."""
    if kind == OWL.Class:
        subclasses = [s for s in graph.subjects(RDFS.subClassOf, term) if _is_nkg(s)]
        return [
            ("Subclass of", _terms(graph, graph.objects(term, RDFS.subClassOf))),
            ("Subclasses", _terms(graph, subclasses)),
        ]
    functional = (term, _TYPE, OWL.FunctionalProperty) in graph
    return [
        ("Domain", _terms(graph, graph.objects(term, RDFS.domain))),
        ("Range", _terms(graph, graph.objects(term, RDFS.range))),
        ("Subproperty of", _terms(graph, graph.objects(term, RDFS.subPropertyOf))),
        ("Characteristics", "functional (at most one value)" if functional else ""),
    ]


def _terms(graph: Graph, nodes: Iterable[Node]) -> str:
    return ", ".join(sorted(_class_expression(graph, node) for node in nodes))


def _class_expression(graph: Graph, node: Node) -> str:
    """A named term as `prefix:name`; an owl:unionOf as "A or B"."""
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        if members is not None:
            names = sorted(_class_expression(graph, m) for m in Collection(graph, members))
            return " or ".join(names)
        return "(an anonymous class)"
    short = compact(str(node))
    if short == str(node):  # a vocabulary natokg has no prefix for (FOAF, SEM, ...)
        short = graph.namespace_manager.normalizeUri(str(node))
    return f"`{short}`"


def _example(graph: Graph, term: URIRef, examples: dict[str, Triple]) -> str:
    triple = examples.get(str(term))
    if triple is not None:
        return f"`{_show(triple)}`"
    if any(_is_nkg(s) for s in graph.subjects(RDFS.subClassOf, term)):
        return "none (natokg asserts only its subclasses)"
    return "none in the sample corpus"


def _show(triple: Triple) -> str:
    """A triple in Turtle-like form with natokg's prefixes, for reading."""
    subject = _term(triple.subject)
    if triple.predicate.value == str(_TYPE):
        return f"{subject} a {_term(triple.object)} ."
    return f"{subject} {compact(triple.predicate.value)} {_term(triple.object)} ."


def _term(term: NamedNode | BlankNode | Literal | Triple) -> str:
    if isinstance(term, Literal):
        return _literal(term)
    if isinstance(term, Triple):  # a quoted triple: the sample corpus has none
        return str(term)
    return compact(term.value)


def _literal(literal: Literal) -> str:
    quoted = json.dumps(literal.value, ensure_ascii=False)
    if literal.language:
        return f"{quoted}@{literal.language}"
    if literal.datatype.value == XSD.string.value:
        return quoted
    return f"{quoted}^^{compact(literal.datatype.value)}"


def _paragraph(text: Node | None) -> str:
    """A comment as one Markdown paragraph (the Turtle source wraps lines)."""
    return " ".join(str(text).split()) if text is not None else ""


# -- other formats ----------------------------------------------------------------
def packaged_document(part: Part = "ontology", fmt: str | None = None) -> str:
    """The ontology, the shapes or the context in `fmt` (Turtle, or JSON-LD for the context)."""
    if part == "context":
        if fmt not in (None, "jsonld"):
            raise InputError("the JSON-LD context exists only as JSON-LD (--format jsonld)")
        return packaged_part("context")
    fmt = fmt or "turtle"
    if fmt == "turtle":
        return packaged_part(part)
    if fmt == "markdown":
        if part != "ontology":
            raise InputError("--format markdown documents the ontology, not the shapes")
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


# -- command line for maintainers ------------------------------------------------
def main(argv: list[str] | None = None) -> None:
    """Refresh `ontology/examples.nt` from a built store, then `docs/ontology.md`."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--examples-from", metavar="STORE", help="a store built from data/sample")
    parser.add_argument("--root", default=".", help="the project folder (default: .)")
    args = parser.parse_args(argv)
    root = Path(args.root)
    if args.examples_from:
        write_examples(args.examples_from, root / "ontology")
    target = root / "docs" / "ontology.md"
    target.parent.mkdir(exist_ok=True)
    target.write_text(render_markdown(), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    main()
