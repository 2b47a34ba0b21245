"""A `GraphStore` over any SPARQL 1.1 server: Oxigraph, Fuseki, GraphDB, QLever, ….

Reads use the SPARQL 1.1 Protocol (the query POSTed as
`application/sparql-query`, results asked for as SPARQL JSON or N-Triples and
parsed by pyoxigraph, so callers get the same result types as from the local
store). Writes use the Graph Store Protocol: each document graph is replaced
by ONE `PUT <store>?graph=<iri>` carrying its whole content.

A remote build is atomic per document, not per build: the protocols have no
transaction spanning several requests, and sending a whole build as one
request would hold the corpus in memory and run into servers' request-size
limits. Each PUT replaces its graph in one step on the server, so a reader
never sees half a document; a build that fails midway leaves the documents
written before the failure in place (rebuilding skips them, being unchanged).

Endpoint URLs. `--endpoint URL` (or $NATOKG_ENDPOINT) names the server's base;
the three services are found beside it, Oxigraph's way: `URL/query`,
`URL/update` and `URL/store`. Other servers name them differently: give the
paths as `query=`, `update=`, `store=` parameters of the URL (relative to it,
or absolute; `.` means the URL itself), or in $NATOKG_ENDPOINT_QUERY,
$NATOKG_ENDPOINT_UPDATE and $NATOKG_ENDPOINT_STORE (URL parameters win):

    Oxigraph  http://127.0.0.1:7878
    Fuseki    http://127.0.0.1:3030/ds?query=sparql&update=update&store=data
    GraphDB   http://127.0.0.1:7200/repositories/ID?query=.&update=statements&store=rdf-graphs/service
    QLever    http://127.0.0.1:7001?query=.&update=.&store=-

`store=-` says the server has no Graph Store Protocol: graphs are then
replaced by one SPARQL UPDATE each (`DROP SILENT GRAPH` then `INSERT DATA`),
still one request, so still atomic per document.

Query parameters are bound by a `VALUES` block injected at the start of the
query's outermost WHERE group, its terms written by pyoxigraph (which escapes
literals), never by pasting user text into the query. Plain patterns see every
document graph only where the server offers a union default graph: natokg asks
Oxigraph for it with the `union-default-graph` request parameter; Fuseki
(`tdb2:unionDefaultGraph`), GraphDB and QLever need their own setting. The
canned queries name `GRAPH ?document` explicitly and do not depend on it.
"""

from __future__ import annotations

import contextlib
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from pyoxigraph import (
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    Triple,
    Variable,
    parse,
    parse_query_results,
    serialize,
)

from natokg.errors import StoreError
from natokg.store.derived import STANDARD_HOOKS
from natokg.store.protocol import (
    CommitHook,
    DerivedGraph,
    GraphStore,
    GraphWriter,
    Results,
    Term,
    solutions,
    triples,
)

ENDPOINT_ENV = "NATOKG_ENDPOINT"
ROLES = ("query", "update", "store")
NO_SERVICE = "-"
DEFAULT_TIMEOUT = 60.0  # seconds per request; a canned query on a large store takes far less

_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_CONTENT_TYPES = {
    RdfFormat.TURTLE: "text/turtle",
    RdfFormat.TRIG: "application/trig",
    RdfFormat.N_QUADS: "application/n-quads",
    RdfFormat.N_TRIPLES: _NTRIPLES,
    RdfFormat.RDF_XML: "application/rdf+xml",
}
# Tokens that can hide braces or keywords: long and short strings, IRIs, comments.
_TOKEN = re.compile(
    r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*|[{}]|\b(?:WHERE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
    re.I | re.S,
)

_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_GRAPH_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
_DEFAULT_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@dataclass(frozen=True)
class Services:
    """The three URLs of a SPARQL server; `store` is None when it has no Graph Store Protocol."""

    query: str
    update: str
    store: str | None


def services(endpoint: str, environ: Mapping[str, str] | None = None) -> Services:
    """Resolve an `--endpoint` URL (with its `query=`/`update=`/`store=` parameters)."""
    environ = os.environ if environ is None else environ
    parts = urllib.parse.urlsplit(endpoint.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"endpoint {endpoint!r} is not an http(s) URL, e.g. http://127.0.0.1:7878")
    given = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted(set(given) - set(ROLES))
    if unknown:
        raise StoreError(f"endpoint {endpoint!r}: unknown parameter {unknown[0]!r} "
                         "(allowed: query, update, store)")
    base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))
    urls = {
        role: _resolve(base, given.get(role) or environ.get(f"NATOKG_ENDPOINT_{role.upper()}")
                       or role)
        for role in ROLES
    }
    if urls["query"] is None or urls["update"] is None:
        raise StoreError(f"endpoint {endpoint!r}: query and update services cannot be '-'")
    return Services(urls["query"], urls["update"], urls["store"])


def _resolve(base: str, path: str) -> str | None:
    if path == NO_SERVICE:
        return None
    if path == ".":
        return base
    return urllib.parse.urljoin(base + "/", path)


# -- binding parameters -----------------------------------------------------------
def bind_values(sparql: str, substitutions: Mapping[Variable, Term]) -> str:
    """The query with `VALUES (?a ?b) { (term term) }` opening its outermost WHERE group.

    The SPARQL protocol has no parameter binding; a VALUES block joined first
    in the group binds the variables for every pattern and FILTER in it, as
    pyoxigraph's substitutions do locally. Terms are written by pyoxigraph.
    """
    if not substitutions:
        return sparql
    at = _where_group(sparql)
    variables = " ".join(str(v) for v in substitutions)
    terms = " ".join(str(t) for t in substitutions.values())
    return f"{sparql[:at + 1]} VALUES ({variables}) {{ ({terms}) }}{sparql[at + 1:]}"


def _where_group(sparql: str) -> int:
    """The offset of the `{` opening the query's outermost WHERE group."""
    depth, after_where, first = 0, False, None
    for match in _TOKEN.finditer(sparql):
        token = match.group().upper()
        if token == "{":
            if depth == 0 and after_where:
                return match.start()
            if depth == 0 and first is None:
                first = match.start()
            depth += 1
        elif token == "}":
            depth -= 1
        elif token == "WHERE" and depth == 0:
            after_where = True
    if first is not None and query_form(sparql) != "CONSTRUCT":
        return first  # `SELECT * { … }`: WHERE is optional
    raise ValueError("the query has no WHERE group to bind its parameters in")


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: which result format to ask the server for."""
    for match in _TOKEN.finditer(sparql):
        token = match.group().upper()
        if token in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return token
    return "SELECT"


# -- the store --------------------------------------------------------------------
class RemoteStore(GraphStore):
    """A SPARQL 1.1 server holding natokg's document graphs (see the module docstring)."""

    def __init__(self, endpoint: str, read_only: bool = False,
                 timeout: float = DEFAULT_TIMEOUT,
                 hooks: Sequence[CommitHook] = STANDARD_HOOKS) -> None:
        self.location = endpoint
        self.services = services(endpoint)
        self.read_only = read_only
        self.timeout = timeout
        self.hooks = hooks

    # -- HTTP ---------------------------------------------------------------------
    def request(self, method: str, url: str, body: bytes | None, headers: Mapping[str, str]
                ) -> tuple[str, bytes]:
        """One HTTP exchange: (content type, body); every failure a one-line StoreError."""
        req = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as response:
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as exc:
            detail = _first_line(exc.read().decode("utf-8", "replace")) or exc.reason
            raise StoreError(f"SPARQL endpoint {self.location} answered {exc.code} "
                             f"to {method} {url}: {detail}") from exc
        except urllib.error.URLError as exc:
            raise StoreError(f"cannot reach SPARQL endpoint {self.location}: "
                             f"{_first_line(str(exc.reason))}") from exc
        except TimeoutError as exc:
            raise StoreError(f"SPARQL endpoint {self.location} did not answer within "
                             f"{self.timeout:g} s") from exc
        except OSError as exc:
            raise StoreError(f"SPARQL endpoint {self.location} failed: "
                             f"{_first_line(str(exc))}") from exc

    # -- reading ------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        substitutions: Mapping[Variable, Term] | None = None,
        union: bool = True,
    ) -> Results:
        text = bind_values(sparql, substitutions or {})
        graph_results = query_form(text) in ("CONSTRUCT", "DESCRIBE")
        url = _with_param(self.services.query, "union-default-graph") if union else (
            self.services.query)
        content_type, body = self.request(
            "POST", url, text.encode("utf-8"),
            {"Content-Type": "application/sparql-query",
             "Accept": _NTRIPLES if graph_results else _JSON},
        )
        if graph_results:
            return [q.triple for q in parse(body, format=_rdf_format(content_type))]
        return parse_query_results(body, format=QueryResultsFormat.JSON)

    def graphs(self) -> list[NamedNode]:
        return [g for g in self.named_graphs() if g not in self.derived_graphs]

    def named_graphs(self) -> list[NamedNode]:
        """Every named graph the endpoint holds, derived ones included."""
        rows = solutions(self.query(_GRAPHS, union=False))
        return [row["g"] for row in rows if isinstance(row["g"], NamedNode)]

    def graph_quads(self, graph: NamedNode) -> list[Quad]:
        found = triples(self.query(_GRAPH_TRIPLES, {Variable("g"): graph}, union=False))
        return [Quad(t.subject, t.predicate, t.object, graph) for t in found]

    def quad_count(self) -> int:
        """Quads in named graphs (natokg writes nothing to the default graph)."""
        row = next(iter(solutions(self.query(_COUNT, union=False))))
        return int(row["n"].value)

    def dump(
        self,
        rdf_format: RdfFormat,
        graph: NamedNode | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> bytes:
        quads: list[Quad] | list[Triple]
        if graph is not None:
            quads = self.graph_quads(graph)
            if not rdf_format.supports_datasets:
                quads = [q.triple for q in quads]
        elif rdf_format.supports_datasets:
            rows = solutions(self.query(self._all_quads(), union=False))
            quads = [Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]
        else:
            quads = triples(self.query(_DEFAULT_TRIPLES, union=False))
        chosen = dict(prefixes) if prefixes and rdf_format in (
            RdfFormat.TURTLE, RdfFormat.TRIG) else None
        return serialize(quads, format=rdf_format, prefixes=chosen) or b""

    def _all_quads(self) -> str:
        """Every quad of the document graphs (none of the derived ones)."""
        derived = ", ".join(str(g) for g in sorted(self.derived_graphs, key=str))
        excluded = f"FILTER (?g NOT IN ({derived})) " if derived else ""
        return f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {excluded}}}"

    # -- writing ------------------------------------------------------------------
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update on the endpoint's update service."""
        self.request("POST", self.services.update, sparql.encode("utf-8"),
                     {"Content-Type": "application/sparql-update"})

    @contextmanager
    def transaction(self, wait: bool = False) -> Iterator[GraphWriter]:
        """A writer sending each graph at once: atomic per document, not per build."""
        if self.read_only:
            raise StoreError(f"SPARQL endpoint {self.location} was opened read-only")
        writer = _RemoteWriter(self, self.hooks)
        yield writer
        writer.commit()


class _RemoteWriter(GraphWriter):
    """Replaces each graph with one Graph Store Protocol PUT (or one SPARQL UPDATE)."""

    def __init__(self, store: RemoteStore, hooks: Sequence[CommitHook]) -> None:
        self.store = store
        self._start_hooks(hooks)

    def _replace(self, graph: NamedNode, data: bytes) -> None:
        triples = [q.triple for q in parse(data, format=RdfFormat.N_QUADS)]
        gsp = self.store.services.store
        if gsp is None:
            self.store.update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n"
                         + "".join(f"{t} .\n" for t in triples) + "} }")
            return
        body = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
        self.store.request("PUT", _graph_url(gsp, graph), body, {"Content-Type": _NTRIPLES})

    def _load(self, data: bytes, rdf_format: RdfFormat, graph: NamedNode | None) -> None:
        """Add RDF with one Graph Store Protocol POST (into `graph`, or the file's graphs)."""
        gsp = self.store.services.store
        if gsp is None:
            raise StoreError(f"SPARQL endpoint {self.store.location} has no Graph Store "
                             "Protocol service (store=-): cannot load a file into it")
        url = _graph_url(gsp, graph) if graph is not None else gsp
        self.store.request("POST", url, data, {"Content-Type": _CONTENT_TYPES[rdf_format]})

    def graph_quads(self, graph: NamedNode) -> list[Quad]:
        return self.store.graph_quads(graph)

    def _named_graphs(self) -> list[NamedNode]:
        return self.store.named_graphs()

    def derived(self, graph: NamedNode) -> DerivedGraph:
        return _RemoteDerived(self.store, graph)


class _RemoteDerived:
    """A derived graph on the endpoint (see `DerivedGraph`): read by query, changed by update."""

    def __init__(self, store: RemoteStore, graph: NamedNode) -> None:
        self.store = store
        self.graph = graph

    def read(self, subject: NamedNode, predicate: NamedNode | None = None) -> list[Quad]:
        bound: dict[Variable, Term] = {Variable("g"): self.graph, Variable("s"): subject}
        if predicate is not None:
            bound[Variable("p")] = predicate
        rows = solutions(self.store.query(_ABOUT, bound, union=False))
        return [Quad(subject, predicate or row["p"], row["o"], self.graph) for row in rows]

    def change(self, remove: list[Quad], add: list[Quad]) -> None:
        def lines(quads: list[Quad]) -> str:
            return "".join(f"{q.triple} .\n" for q in quads)

        self.store.update(f"DELETE DATA {{ GRAPH {self.graph} {{\n{lines(remove)}}} }} ;\n"
                          f"INSERT DATA {{ GRAPH {self.graph} {{\n{lines(add)}}} }}")

    def refers_to(self, entity: NamedNode, predicates: Iterable[NamedNode]) -> bool:
        values = " ".join(str(p) for p in predicates)
        return bool(self.store.query(
            f"ASK {{ GRAPH {self.graph} {{ VALUES ?p {{ {values} }} ?s ?p ?o }} }}",
            {Variable("o"): entity}, union=False))


_ABOUT = "SELECT ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def _graph_url(gsp: str, graph: NamedNode) -> str:
    return _with_param(gsp, f"graph={urllib.parse.quote(graph.value, safe='')}")


def _with_param(url: str, param: str) -> str:
    return f"{url}{'&' if urllib.parse.urlsplit(url).query else '?'}{param}"


def _rdf_format(content_type: str) -> RdfFormat:
    with contextlib.suppress(ValueError):
        found = RdfFormat.from_media_type(content_type)
        if found is not None:
            return found
    return RdfFormat.N_TRIPLES


def _first_line(text: str) -> str:
    text = text.strip()
    return text.splitlines()[0].strip() if text else ""


__all__ = ["RemoteStore", "Services", "bind_values", "query_form", "services"]
