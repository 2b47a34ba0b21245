"""The library API beyond building: query, export, count and explain a store.

`natokg` commands are one call each into this module (and `pipeline.build`),
so a notebook gets the same results as the command line:

    >>> from natokg.api import run_query
    >>> from natokg.queries import load_query
    >>> rows = run_query(load_query("partners-invited"), {}, "natokg-store")  # doctest: +SKIP
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from multiprocessing.connection import Connection

from pyoxigraph import (
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    Variable,
    parse,
    parse_query_results,
    serialize,
)

from natokg.errors import InputError, NatokgError, QueryError
from natokg.pipeline import build
from natokg.queries import CannedQuery, check_query
from natokg.store import FORMATS, GraphStore, LocalStore, Results, Term, open_store
from natokg.summary import HAS_DOCUMENTS, HAS_SUMMARY, SUMMARY_GRAPH, document_summary
from natokg.vocab import NKG, PREFIXES, expand

__all__ = ["build", "expand", "explain", "export_graph", "run_query", "store_stats"]

StorePath = str | os.PathLike[str] | None

_MERGED = ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
           f"FILTER (?g != {SUMMARY_GRAPH}) }}")


def run_query(
    canned: CannedQuery,
    params: Mapping[str, str],
    store: StorePath,
    endpoint: str | None = None,
    *,
    timeout: float | None = None,
    allow_service: bool = False,
) -> Results:
    """Run a read-only query with typed parameter bindings.

    With `timeout`, a local query runs in a forked child that is killed when
    time runs out (Oxigraph cannot interrupt a query in-process); a remote
    query is bounded by its HTTP timeout.
    """
    check_query(canned.text, allow_service)
    bindings = canned.bindings(params)
    graph_store = open_store(store, endpoint=endpoint, read_only=True)
    if timeout is not None and isinstance(graph_store, LocalStore):
        return _query_with_deadline(canned, bindings, graph_store, timeout)
    return _query(canned, bindings, graph_store)


def _query(canned: CannedQuery, bindings: Mapping[Variable, Term], graph_store: GraphStore
           ) -> Results:
    try:
        document = bindings.get(DOCUMENT)
        if isinstance(document, NamedNode):
            graph_store = one_document(graph_store, document)
        elif "nkr:summary" in canned.text:
            _check_summary(graph_store)
        return graph_store.query(canned.text, bindings)
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL in {canned.name!r}: "
                         f"{canned.in_own_lines(_first_line(exc))}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query {canned.name!r} failed: {_first_line(exc)}") from exc


DOCUMENT = Variable("document")


def one_document(graph_store: GraphStore, document: NamedNode) -> LocalStore:
    """A store of one document graph and the summary graph counted from it alone.

    A question about one article is then answered by the very query text (and
    the same tally rules) as about the whole store, exactly for that article:
    each answer it supports counted once, its own fact as the example. The
    whole store's tallies cannot say this quickly: they list their supporting
    facts, and Oxigraph joins those with a document only by reading them all.
    """
    quads = graph_store.graph_quads(document)
    if not quads:
        raise QueryError(f"the store has no document {document.value}; list them with "
                         "`natokg query documents`")
    alone = LocalStore(Store())
    alone.store.extend(quads)
    alone.store.extend(document_summary(quads).quads())
    return alone


def _check_summary(graph_store: GraphStore) -> None:
    """A store built before natokg kept a summary graph would answer with nothing: say so."""
    if not graph_store.query(HAS_SUMMARY) and graph_store.query(HAS_DOCUMENTS):
        raise QueryError(f"{graph_store.location} has no summary graph (it was built by an "
                         "older natokg): run `natokg build` on any of its articles once to "
                         "count it")


def _query_with_deadline(canned: CannedQuery, bindings: Mapping[Variable, Term],
                         graph_store: LocalStore, timeout: float) -> Results:
    """Run the query in a child process, results coming back in a W3C/RDF format."""
    receiver, sender = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=_answer_into, args=(canned, bindings, graph_store, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryError(f"query {canned.name!r} ran past {timeout:g} s and was cancelled; "
                             "raise --timeout or narrow the query")
        kind, payload = receiver.recv()
    except EOFError:
        raise QueryError(f"query {canned.name!r} failed: its process ended early") from None
    finally:
        child.kill()
        child.join()
    if kind == "error":
        raise QueryError(payload)
    if kind == "triples":
        return [q.triple if isinstance(q, Quad) else q  # type: ignore[return-value]
                for q in parse(payload, format=RdfFormat.N_TRIPLES)]
    return parse_query_results(payload, format=QueryResultsFormat.JSON)  # type: ignore[return-value]


def _answer_into(canned: CannedQuery, bindings: Mapping[Variable, Term],
                 graph_store: LocalStore, sender: Connection) -> None:
    try:
        results = _query(canned, bindings, graph_store)
        if isinstance(results, QuerySolutions | QueryBoolean):
            sender.send(("results", results.serialize(format=QueryResultsFormat.JSON)))
        else:
            sender.send(("triples", serialize(results, format=RdfFormat.N_TRIPLES)))
    except NatokgError as exc:
        sender.send(("error", str(exc)))


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def export_graph(
    fmt: str, graphs: list[str], store: StorePath, endpoint: str | None = None
) -> bytes:
    """Serialize the document graphs (all, or those chosen) in an RDF format.

    The summary graph is left out: it is derived from the documents, and a
    store that imports the export counts it afresh.
    """
    graph_store = open_store(store, endpoint=endpoint, read_only=True)
    nodes = [document_graph(g, graph_store) for g in graphs]
    if fmt == "jsonld":
        return _jsonld(graph_store, nodes)
    rdf_format = FORMATS[fmt]
    if rdf_format.supports_datasets:
        if not nodes:
            return graph_store.dump(rdf_format, prefixes=PREFIXES)
        quads = [q for node in nodes for q in graph_store.graph_quads(node)]
        return serialize(quads, format=rdf_format, prefixes=PREFIXES)
    return serialize(
        _triples(graph_store, nodes),
        format=rdf_format,
        prefixes=PREFIXES if rdf_format is RdfFormat.TURTLE else None,
    )


def _triples(graph_store: GraphStore, nodes: list[NamedNode]) -> list:
    """The distinct triples of the chosen graphs (all when none), merged."""
    if not nodes:
        return list(graph_store.query(_MERGED))  # type: ignore[arg-type]
    return list(dict.fromkeys(q.triple for node in nodes for q in graph_store.graph_quads(node)))


def document_graph(iri: str, graph_store: GraphStore) -> NamedNode:
    """The named graph `iri` (full or `nkr:…`) names; an error saying how to list them."""
    node = iri_node(iri)
    if node not in graph_store.graphs():
        raise NatokgError(
            f"the store has no graph {node.value}; list the document graphs with "
            "`natokg query -e 'SELECT ?g WHERE { ?g a nkg:Document }'`"
        )
    return node


def _jsonld(graph_store: GraphStore, nodes: list[NamedNode]) -> bytes:
    """JSON-LD through rdflib (pyoxigraph writes none), compacted with natokg's context."""
    import rdflib

    data = (
        graph_store.dump(RdfFormat.N_QUADS)
        if not nodes
        else serialize([q for n in nodes for q in graph_store.graph_quads(n)], RdfFormat.N_QUADS)
    )
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format="nquads")
    context = json.loads((files("natokg") / "ontology" / "context.jsonld").read_text("utf-8"))
    return dataset.serialize(
        format="json-ld", context=context.get("@context", context), auto_compact=True
    ).encode()


def iri_node(iri: str) -> NamedNode:
    """The node an IRI argument names (full, <IRI> or `nkr:…`); a one-line error if none."""
    try:
        return NamedNode(expand(iri))
    except ValueError as exc:
        raise InputError(f"{iri!r} is not an IRI: give it in full, as <IRI> or as nkr:…") from exc


# -- stats ---------------------------------------------------------------------
@dataclass
class StoreStats:
    """What a store holds, as `natokg stats` prints it."""

    documents: int
    quads: int
    triples: int
    entities: dict[str, int] = field(default_factory=dict)
    facts: dict[str, int] = field(default_factory=dict)


_BY_CLASS = f"""
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {{
  GRAPH ?g {{ ?x a ?class . FILTER(STRSTARTS(STR(?class), STR(nkg:))) }}
  FILTER (?g != {SUMMARY_GRAPH})
}} GROUP BY ?class ORDER BY DESC(?n)
"""
_FACT_CLASSES = {
    "Mention",
    "OfficeHolding",
    "Invitation",
    "Commitment",
    "CallOn",
    "ThreatAssessment",
    "Statement",
    "EventReport",
}
_OTHER_CLASSES = {"Document", "Evidence", "Extraction", "Ally", "Partner"}


_SUMMARY_QUADS = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {SUMMARY_GRAPH} {{ ?s ?p ?o }} }}"
_DISTINCT_TRIPLES = ("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE "
                     f"{{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {SUMMARY_GRAPH}) }} }}")


def _count(graph_store: GraphStore, sparql: str) -> int:
    row = next(iter(graph_store.query(sparql)))  # type: ignore[call-overload]
    return int(row["n"].value)


def store_stats(store: StorePath, endpoint: str | None = None) -> StoreStats:
    """What the document graphs hold (the summary graph derived from them is not counted)."""
    graph_store = open_store(store, endpoint=endpoint, read_only=True)
    prefixes = f"PREFIX nkg: <{NKG.base}>\n"
    counts = {
        str(row["class"].value).removeprefix(NKG.base): int(row["n"].value)
        for row in graph_store.query(prefixes + _BY_CLASS)
    }  # type: ignore[union-attr]
    return StoreStats(
        documents=counts.get("Document", 0),
        quads=graph_store.quad_count() - _count(graph_store, _SUMMARY_QUADS),
        triples=_count(graph_store, _DISTINCT_TRIPLES),
        entities={k: v for k, v in counts.items() if k not in _FACT_CLASSES | _OTHER_CLASSES},
        facts={k: v for k, v in counts.items() if k in _FACT_CLASSES},
    )


# -- explain -------------------------------------------------------------------
@dataclass
class Explanation:
    """An entity's or fact's description and the evidence sentences behind it."""

    iri: str
    properties: list[tuple[str, str]] = field(default_factory=list)
    evidence: list[dict[str, str]] = field(default_factory=list)


# Labels come from any graph: the summary graph repeats an entity's links
# (e.g. its partnership frameworks) without describing what they point to.
_DESCRIBE = """
SELECT DISTINCT ?p ?o ?oLabel ?x WHERE {
  GRAPH ?g { ?x ?p ?o }
  OPTIONAL { GRAPH ?labelled { ?o rdfs:label ?oLabel } }
} ORDER BY ?p ?o
"""
_EVIDENCE = """
SELECT DISTINCT ?fact ?factClass ?sentence ?start ?end ?document ?title ?rule ?confidence
  ?version ?model ?x
WHERE {
  GRAPH ?document {
    %s
    ?fact nkg:evidence ?ev ; a ?factClass ; nkg:extractor ?rule ; nkg:confidence ?confidence .
    ?ev nkg:sentence ?sentence ; nkg:startOffset ?start ; nkg:endOffset ?end .
    OPTIONAL { ?document schema:headline ?title }
    OPTIONAL { ?document prov:wasGeneratedBy ?run . ?run nkg:natokgVersion ?version .
               OPTIONAL { ?run nkg:spacyModel ?model } }
  }
} ORDER BY ?document ?start LIMIT 50
"""
# A fact's own evidence, and the facts that name an entity. (A substituted ?x is
# seen by patterns and FILTER, not by BIND, hence the explicit equality.)
_OWN_EVIDENCE = _EVIDENCE % "?x nkg:evidence ?ev . FILTER(?fact = ?x)"
_FACTS_ABOUT = _EVIDENCE % "?fact ?role ?x ."


def explain(iri: str, store: StorePath, endpoint: str | None = None) -> Explanation:
    """What the graph says about `iri`, and the sentences (with offsets) it came from."""
    from pyoxigraph import Variable

    graph_store = open_store(store, endpoint=endpoint, read_only=True)
    node = iri_node(iri)
    header = "".join(f"PREFIX {p}: <{base}>\n" for p, base in PREFIXES.items())
    bound = {Variable("x"): node}
    explanation = Explanation(iri=node.value)
    for row in graph_store.query(header + _DESCRIBE, bound):  # type: ignore[union-attr]
        value = row["oLabel"].value if row["oLabel"] is not None else shown(row["o"])
        explanation.properties.append((shown(row["p"]), value))
    rows = [
        row
        for query in (_OWN_EVIDENCE, _FACTS_ABOUT)
        for row in graph_store.query(header + query, bound)
    ]  # type: ignore[union-attr]
    for row in rows:
        explanation.evidence.append(
            {key: shown(row[key]) for key in ("fact", "factClass", "sentence", "start", "end",
                                              "document", "rule", "confidence")}
            | {k: row[k].value if row[k] is not None else "" for k in ("title", "version", "model")}
        )
    if not explanation.properties and not explanation.evidence:
        raise NatokgError(
            f"the store holds nothing on {node.value}; take an IRI from the entity, `fact` "
            "or `example` columns of `natokg query NAME`"
        )
    return explanation


def compact(value: str) -> str:
    """An IRI written with natokg's prefixes when one fits (other values unchanged)."""
    for prefix, base in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if value.startswith(base):
            return f"{prefix}:{value[len(base) :]}"
    return value


# Characters a prefixed name's local part must escape with `\\` (SPARQL's
# PN_LOCAL_ESC; `-` only first and `.` only last), and what it may hold as is.
_ESCAPED = frozenset("~!$&'()*+,;=/?#@")
_PLAIN = re.compile(r"(?:[\w\-.:\u00b7\u0300-\u036f\u203f-\u2040]|%[0-9A-Fa-f]{2})*")


def pasteable(iri: str) -> str:
    """An IRI as a prefixed name that a query and `natokg explain` accept back
    (`nkr:entity\\/china`: a local name may not hold a bare `/`), else `<IRI>`."""
    short = compact(iri)
    prefix, _, local = short.partition(":")
    if short == iri or not _PLAIN.fullmatch("".join(c for c in local if c not in _ESCAPED)):
        return f"<{iri}>"
    escaped = "".join("\\" + c if c in _ESCAPED else c for c in local)
    if escaped[:1] in ("-", "."):
        escaped = "\\" + escaped
    if escaped.endswith(".") and not escaped.endswith("\\."):
        escaped = escaped[:-1] + "\\."
    return f"{prefix}:{escaped}"


def shown(term: object) -> str:
    """A term as natokg prints it: an IRI as `pasteable` writes it, a literal's value."""
    if isinstance(term, NamedNode):
        return pasteable(term.value)
    return str(getattr(term, "value", term))
