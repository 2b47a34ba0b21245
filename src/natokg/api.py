"""The library API beyond building: query, export, count and explain a store.

`natokg` commands are one call each into this module (and `pipeline.build`,
kept apart so that reading a store never loads spaCy), so a notebook gets the
same results as the command line:

    >>> from natokg.api import run_query
    >>> from natokg.queries import load_query
    >>> rows = run_query(load_query("partners-invited"), {}, "natokg-store")  # doctest: +SKIP
"""

from __future__ import annotations

import json
import multiprocessing
import os
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
    Triple,
    Variable,
    parse,
    parse_query_results,
    serialize,
)

from natokg.errors import NatokgError, QueryError
from natokg.facts import FACT_TYPES
from natokg.iris import iri_node, shown
from natokg.queries import CannedQuery, check_query
from natokg.store import (
    FORMATS,
    GraphStore,
    LocalStore,
    Results,
    Term,
    nquads,
    open_store,
    solutions,
    triples,
)
from natokg.store.merged import has_view
from natokg.summary import HAS_DOCUMENTS, HAS_SUMMARY, SUMMARY_GRAPH, document_summary
from natokg.vocab import NKG, PREFIXES

__all__ = ["explain", "export_graph", "run_query", "store_stats"]

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
    alone.store.extend(Quad(q.subject, q.predicate, q.object) for q in quads)  # its view
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
        return [q.triple for q in parse(payload, format=RdfFormat.N_TRIPLES)]
    return parse_query_results(payload, format=QueryResultsFormat.JSON)


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
        return serialize(quads, format=rdf_format, prefixes=PREFIXES) or b""
    return serialize(
        _triples(graph_store, nodes),
        format=rdf_format,
        prefixes=PREFIXES if rdf_format is RdfFormat.TURTLE else None,
    ) or b""


def _triples(graph_store: GraphStore, nodes: list[NamedNode]) -> list[Triple]:
    """The distinct triples of the chosen graphs (all when none), merged."""
    if not nodes:
        return triples(graph_store.query(_MERGED))
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
        else nquads(q for n in nodes for q in graph_store.graph_quads(n))
    )
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format="nquads")
    context = json.loads((files("natokg") / "ontology" / "context.jsonld").read_text("utf-8"))
    return dataset.serialize(
        format="json-ld", context=context.get("@context", context), auto_compact=True
    ).encode()


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
_FACT_CLASSES = {fact_type.rdf_class for fact_type in FACT_TYPES}
_OTHER_CLASSES = {"Document", "Evidence", "Extraction", "Ally", "Partner"}


_SUMMARY_QUADS = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {SUMMARY_GRAPH} {{ ?s ?p ?o }} }}"
_DISTINCT_TRIPLES = ("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE "
                     f"{{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {SUMMARY_GRAPH}) }} }}")


_VIEW_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(graph_store: GraphStore, sparql: str, union: bool = True) -> int:
    row = next(iter(solutions(graph_store.query(sparql, union=union))))
    return int(row["n"].value)


def _triples_and_quads(graph_store: GraphStore) -> tuple[int, int]:
    """Distinct triples and quads of the document graphs. A local store's merged view (its
    default graph, see natokg.store.merged) holds the distinct triples already, and counts
    among the store's quads."""
    summary = _count(graph_store, _SUMMARY_QUADS)
    if isinstance(graph_store, LocalStore) and has_view(graph_store.store):
        triples = _count(graph_store, _VIEW_TRIPLES, union=False)
        return triples, graph_store.quad_count() - summary - triples
    return _count(graph_store, _DISTINCT_TRIPLES), graph_store.quad_count() - summary


def store_stats(store: StorePath, endpoint: str | None = None) -> StoreStats:
    """What the document graphs hold (the summary graph derived from them is not counted)."""
    graph_store = open_store(store, endpoint=endpoint, read_only=True)
    prefixes = f"PREFIX nkg: <{NKG.base}>\n"
    counts = {
        str(row["class"].value).removeprefix(NKG.base): int(row["n"].value)
        for row in solutions(graph_store.query(prefixes + _BY_CLASS))
    }
    triples, quads = _triples_and_quads(graph_store)
    return StoreStats(
        documents=counts.get("Document", 0),
        quads=quads,
        triples=triples,
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
    for row in solutions(graph_store.query(header + _DESCRIBE, bound)):
        value = row["oLabel"].value if row["oLabel"] is not None else shown(row["o"])
        explanation.properties.append((shown(row["p"]), value))
    rows = [
        row
        for query in (_OWN_EVIDENCE, _FACTS_ABOUT)
        for row in solutions(graph_store.query(header + query, bound))
    ]
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

