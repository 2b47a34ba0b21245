"""`natokg serve`: a read-only SPARQL 1.1 Protocol endpoint and a web page over the store.

Starlette handles HTTP, pyoxigraph answers the queries. The store is opened
read-only *per request*, so `natokg build` can keep writing to it while the
server runs and every request sees the latest completed build. Plain patterns
see the merged view of a local store (each document triple once, never the
summary; `natokg.store.merged`), as with `natokg query -e`, and natokg's
prefixes are predeclared.

Updates are refused: the server is for reading; the store changes only through
`natokg build`, which records where each fact came from.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from urllib.parse import parse_qs, quote

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, serialize
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from natokg.api import Explanation, explain
from natokg.errors import NatokgError, QueryError, StoreError
from natokg.iris import compact, expand
from natokg.queries import CannedQuery, canned_queries, inline_query, typed_value
from natokg.store import open_store
from natokg.vocab import PREFIXES

__all__ = ["create_app", "serve", "standalone_text"]

log = logging.getLogger(__name__)

StorePath = str | os.PathLike[str] | None

SOLUTION_TYPES: dict[str, QueryResultsFormat] = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
GRAPH_TYPES: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "text/plain": RdfFormat.N_TRIPLES,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/ld+json": RdfFormat.JSON_LD,
}
# `?format=csv` in a link picks a type without an Accept header.
SHORT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
_UPDATE = re.compile(
    r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE
)
_PROLOGUE = re.compile(r"^(\s*(#[^\n]*\n|PREFIX\s+\w*:\s*<[^>]*>|BASE\s+<[^>]*>))*", re.I)


class ProtocolError(NatokgError):
    """A request the SPARQL protocol says to refuse, with its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# -- the SPARQL protocol --------------------------------------------------------
def choose_type(accept: str, offered: Mapping[str, object]) -> str:
    """The offered media type the client prefers most (the first offered on `*/*` or none)."""
    default = next(iter(offered))
    ranked = []
    for position, item in enumerate(accept.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        if media:
            q = next((_q(p) for p in params if p.startswith("q=")), 1.0)
            ranked.append((-q, position, media.lower()))
    if not ranked:
        return default
    for negative_q, _, media in sorted(ranked):
        match = _match(media, offered, default)
        if match and negative_q < 0:
            return match
    raise ProtocolError(406, f"cannot answer with {accept}; ask for one of: {', '.join(offered)}")


def _q(param: str) -> float:
    try:
        return float(param[2:])
    except ValueError:
        return 0.0


def _match(media: str, offered: Mapping[str, object], default: str) -> str | None:
    if media in offered:
        return media
    if media in ("*/*", "*"):
        return default
    if media.endswith("/*"):
        return next((t for t in offered if t.startswith(media[:-1])), None)
    return None


async def sparql_text(request: Request) -> str:
    """The query of a protocol request: `query=` (GET or form) or an sparql-query body."""
    if "update" in request.query_params:
        raise _refused()
    query = request.query_params.get("query")
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/sparql-update":
            raise _refused()
        if kind == "application/sparql-query":
            query = (await request.body()).decode("utf-8")
        elif kind == "application/x-www-form-urlencoded":
            form = parse_qs((await request.body()).decode("utf-8"))
            if "update" in form:
                raise _refused()
            query = form.get("query", [query or ""])[0]
        else:
            raise ProtocolError(
                415,
                "POST a query as application/sparql-query or as a form with query=...",
            )
    if not query:
        raise ProtocolError(400, "no query: give one as ?query=... (see the page at /)")
    if _UPDATE.match(_PROLOGUE.sub("", query, count=1)):
        raise _refused()
    if "default-graph-uri" in request.query_params or "named-graph-uri" in request.query_params:
        raise ProtocolError(
            400, "default-graph-uri/named-graph-uri are not supported; use GRAPH in the query"
        )
    return query


def _refused() -> ProtocolError:
    return ProtocolError(
        403,
        "this endpoint is read-only: SPARQL updates are refused; change the store with "
        "`natokg build`",
    )


def answer(query: str, accept: str, store: StorePath, endpoint: str | None) -> tuple[bytes, str]:
    """Run a query on a read-only store; the serialized results and their media type."""
    started = time.perf_counter()
    graph_store = open_store(store, endpoint=endpoint, read_only=True)
    results = None
    inline = inline_query(query)
    try:
        results = graph_store.query(inline.text)
        if isinstance(results, QuerySolutions | QueryBoolean):
            media = choose_type(accept, SOLUTION_TYPES)
            body = results.serialize(format=SOLUTION_TYPES[media])
        else:
            media = choose_type(accept, GRAPH_TYPES)
            body = serialize(results, format=GRAPH_TYPES[media])  # a remote store gives a list
    except SyntaxError as exc:
        raise ProtocolError(400, f"malformed query: {inline.in_own_lines(_first_line(exc))}"
                            ) from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise ProtocolError(500, f"the query failed: {_first_line(exc)}") from exc
    finally:
        results = None  # pyoxigraph results must be freed on the thread that made them
        graph_store.close()
    log.info("query answered in %.3f s as %s", time.perf_counter() - started, media)
    return body or b"", media


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# -- the canned queries, as the page shows them ---------------------------------
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def standalone_text(canned: CannedQuery) -> str:
    """The query with its parameters as a VALUES row of defaults, runnable anywhere.

    Canned queries read parameters as pre-bound variables; a plain SPARQL
    client has no such binding, so the page shows them as a VALUES row at the
    top of the WHERE clause the user can edit (UNDEF = no filter).
    """
    if not canned.params:
        return canned.text
    names = " ".join(f"?{p.name}" for p in canned.params)
    values = " ".join(
        "UNDEF" if p.default is None else str(typed_value(p, p.default)) for p in canned.params
    )
    row = f"\n  VALUES ({names}) {{ ({values}) }}  # parameters: edit, UNDEF = any"
    match = _WHERE.search(canned.text)
    if match is None:
        return canned.text
    return _unechoed(canned, canned.text[: match.end()]) + row + canned.text[match.end() :]


def _unechoed(canned: CannedQuery, head: str) -> str:
    """The query's head without the parameters it projects only for pyoxigraph's
    substitutions: in the page the VALUES row binds them, and as columns they
    would only repeat it."""
    for name in canned.echoed:
        head = re.sub(rf"[ \t]+\?{name}\b", "", head)
    return re.sub(r"\n[ \t]*\n(?=.*WHERE\s*\{\Z)", "\n", head, flags=re.S | re.I)


def examples() -> list[dict[str, str]]:
    """Every canned query as the page's example list."""
    return [
        {"name": c.name, "question": c.question, "query": standalone_text(c)}
        for c in canned_queries().values()
    ]


# -- the entity browser ----------------------------------------------------------
@dataclass
class Neighbour:
    """An entity linked to the browsed one, how, and from which sentence."""

    iri: str
    label: str
    relation: str
    sentence: str


def neighbours(iri: str, store: StorePath, endpoint: str | None) -> list[Neighbour]:
    """The entities the picture of `iri` connects it to (facts and curated links)."""
    from natokg.picture import entity_picture

    try:
        picture = entity_picture(iri, store, endpoint)
    except NatokgError:
        return []
    me = expand(iri)
    found = []
    for edge in picture.edges:
        if me not in (edge.source, edge.target):
            continue
        other = edge.target if edge.source == me else edge.source
        relation = edge.label if edge.source == me else f"{edge.label} (by)"
        found.append(Neighbour(other, picture.nodes[other].label, relation, edge.sentence))
    return found


def _link(iri: str, text: str | None = None) -> str:
    full = expand(iri)
    if not full.startswith(("http://", "https://")):
        return html.escape(text or iri)
    return f'<a href="/entity?iri={quote(full, safe="")}">{html.escape(text or compact(full))}</a>'


def entity_page(explanation: Explanation, near: list[Neighbour]) -> str:
    """The entity browser's HTML: facts, neighbours and evidence sentences."""
    facts = "".join(
        f"<tr><td>{html.escape(p)}</td><td>{_value(v)}</td></tr>" for p, v in explanation.properties
    )
    linked = "".join(
        f"<tr><td>{_link(n.iri, n.label)}</td><td>{html.escape(n.relation)}</td>"
        f"<td>{html.escape(n.sentence)}</td></tr>"
        for n in near
    )
    evidence = "".join(
        f"<li><b>{html.escape(e['factClass'])}</b> {_link(e['fact'])} "
        f"<small>({html.escape(e['rule'])}, confidence {html.escape(e['confidence'])}; "
        f"“{html.escape(e['title'])}”, characters {e['start']}–{e['end']})</small>"
        f"<blockquote>{html.escape(e['sentence'])}</blockquote></li>"
        for e in explanation.evidence
    )
    body = (
        f"<h1>{html.escape(compact(explanation.iri))}</h1><p><code>{html.escape(explanation.iri)}"
        f'</code></p><h2>Facts</h2><div class="scroll"><table>{facts}</table></div>'
        f'<h2>Neighbours ({len(near)})</h2><div class="scroll"><table id="neighbours">'
        f"<tr><th>entity</th><th>relation</th><th>sentence</th></tr>{linked}</table></div>"
        f"<h2>Evidence ({len(explanation.evidence)})</h2><ul>{evidence}</ul>"
    )
    return _page(compact(explanation.iri), body)


def _value(value: str) -> str:
    return _link(value) if re.match(r"^(nkr|wd):", value) else html.escape(value)


def _page(title: str, body: str) -> str:
    style = (files("natokg") / "web" / "style.css").read_text(encoding="utf-8")
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>natokg: {html.escape(title)}</title><style>{style}</style></head>"
        f'<body><nav><a href="/">natokg: query</a></nav>{body}</body></html>'
    )


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element (a `</script>` in a query must not end it)."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


# -- the application --------------------------------------------------------------
def create_app(store: StorePath = None, endpoint: str | None = None) -> Starlette:
    """The ASGI app: `/` (page), `/sparql` (protocol), `/entity` (browser), `/queries`."""

    async def sparql(request: Request) -> Response:
        try:
            query = await sparql_text(request)
            accept = request.query_params.get("format", "")
            accept = SHORT_NAMES.get(accept, accept) or request.headers.get("accept", "")
            body, media = await run_in_threadpool(answer, query, accept, store, endpoint)
        except ProtocolError as exc:
            return PlainTextResponse(str(exc) + "\n", status_code=exc.status)
        except (StoreError, QueryError) as exc:
            return PlainTextResponse(str(exc) + "\n", status_code=503)
        return Response(body, media_type=media, headers={"Vary": "Accept"})

    async def index(_: Request) -> Response:
        page = (files("natokg") / "web" / "index.html").read_text(encoding="utf-8")
        style = (files("natokg") / "web" / "style.css").read_text(encoding="utf-8")
        return HTMLResponse(
            page.replace("/*STYLE*/", style)
            .replace("/*EXAMPLES*/", _script_json(examples()))
            .replace("/*PREFIXES*/", _script_json(PREFIXES))
        )

    async def queries(_: Request) -> Response:
        return JSONResponse(examples())

    async def entity(request: Request) -> Response:
        iri = request.query_params.get("iri", "").strip()
        if not iri:
            return HTMLResponse(_page("entity", "<p>Give an entity: /entity?iri=…</p>"), 400)
        try:
            explanation = await run_in_threadpool(explain, iri, store, endpoint)
            near = await run_in_threadpool(neighbours, iri, store, endpoint)
        except NatokgError as exc:
            return HTMLResponse(_page("not found", f"<p>{html.escape(str(exc))}</p>"), 404)
        return HTMLResponse(entity_page(explanation, near))

    return Starlette(
        routes=[
            Route("/", index),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/queries", queries),
            Route("/entity", entity),
            # The vendored YASGUI and Chart.js: the page fetches nothing from the web.
            Mount("/static", StaticFiles(packages=[("natokg", "web")]), name="static"),
        ]
    )


def check_port(host: str, port: int) -> None:
    """Fail with advice before uvicorn does, with a log line a user may not read."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise NatokgError(
                f"cannot listen on {host}:{port} ({exc.strerror}); is another server running? "
                "choose another port with --port"
            ) from exc


def serve(
    host: str = "127.0.0.1",
    port: int = 7878,
    store: StorePath = None,
    endpoint: str | None = None,
    quiet: bool = False,
) -> None:
    """Run the server until Ctrl-C; the store must exist (it is checked up front)."""
    import uvicorn

    open_store(store, endpoint=endpoint, read_only=True).close()
    check_port(host, port)
    uvicorn.run(
        create_app(store, endpoint),
        host=host,
        port=port,
        log_level="warning" if quiet else "info",
    )
