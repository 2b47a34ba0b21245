"""natokg against a real SPARQL server: `oxigraph serve` on a free local port.

The seeds are built into the server with `natokg build --endpoint` and every
canned query must answer there exactly as on a local store built from the
same articles.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, RdfFormat, Variable, parse

from conftest import invoke, read_store
from natokg.errors import StoreError
from natokg.queries import canned_queries
from natokg.store.remote import RemoteStore, bind_values, services
from natokg.summary import SUMMARY_GRAPH, SummaryUpdate
from natokg.vocab import NKG

# The columns each competency question promises (README, "Canned queries"); another
# canned query is compared on all its columns.
CONTRACT = {
    "partners-invited": ("partnerLabel", "summitLabel", "summitYear"),
    "summits": ("summitLabel", "cityLabel", "startDate"),
    "meetings": ("meetingLabel", "placeLabel", "startDate"),
    "officials": ("personLabel", "roleLabel", "orgLabel"),
    "allies": ("allyLabel", "wikidata"),
    "partners": ("partnerLabel", "wikidata"),
    "commitments": ("committerLabel", "description", "amount", "currency", "beneficiaryLabel"),
    "calls-on": ("speakerLabel", "targetLabel", "demand"),
    "threats": ("actorLabel", "wikidata"),
    "statements": ("speakerLabel", "quote", "date", "document"),
    "documents": ("document", "title", "source", "date"),
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _oxigraph() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    return found


def _wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"oxigraph serve exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"oxigraph serve did not answer at {url} within {seconds} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh `oxigraph serve` on a free port, killed at the end of the module."""
    binary = _oxigraph()
    url = f"http://127.0.0.1:{_free_port()}"
    location = tmp_path_factory.mktemp("oxigraph") / "db"
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", url.removeprefix("http://")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def endpoint(server: str, seeds_dir: Path) -> str:
    """The server with the seeds built into it through `natokg build --endpoint`."""
    result = invoke("build", seeds_dir, "--endpoint", server, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "built 5 documents" in result.stderr
    return server


def _rows(args: list[str | Path], name: str) -> Counter[tuple[str | None, ...]]:
    result = invoke("query", name, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    columns = CONTRACT.get(name, answer["head"]["vars"])
    return Counter(tuple(b[c]["value"] if c in b else None for c in columns)
                   for b in answer["results"]["bindings"])


def test_every_canned_query_answers_as_on_a_local_store(endpoint: str, seeds_store: Path) -> None:
    assert set(CONTRACT) <= set(canned_queries())
    answered = 0
    for name in canned_queries():
        remote = _rows(["--endpoint", endpoint], name)
        assert remote == _rows(["--store", seeds_store], name), name
        answered += bool(remote) and name in CONTRACT
    assert answered == len(CONTRACT)  # the seeds answer every competency question


def test_a_parameter_is_bound_on_the_server(endpoint: str, seeds_store: Path) -> None:
    args = ["--param", "summit=Washington"]
    remote = _rows(["--endpoint", endpoint, *args], "partners-invited")
    assert remote == _rows(["--store", seeds_store, *args], "partners-invited")
    assert remote and all(row[1] == "Washington Summit" for row in remote)


@pytest.mark.parametrize("name", ["allies", "officials", "statements"])
def test_a_question_about_one_document_is_answered_on_the_server(
        endpoint: str, seeds_store: Path, name: str) -> None:
    for document, *_ in _rows(["--store", seeds_store], "documents"):
        args = ["--param", f"document={document}"]
        remote = _rows(["--endpoint", endpoint, *args], name)
        assert remote == _rows(["--store", seeds_store, *args], name), document


def test_a_hostile_parameter_is_data_not_sparql(endpoint: str) -> None:
    hostile = 'x" ) } } DROP ALL ; #'
    assert not _rows(["--endpoint", endpoint, "--param", f"summit={hostile}"], "partners-invited")
    assert _rows(["--endpoint", endpoint], "partners-invited")  # the data is still there


def test_the_server_holds_exactly_the_local_build(endpoint: str, seeds_store: Path) -> None:
    exported = invoke("export", "--format", "nquads", "--endpoint", endpoint)
    assert exported.exit_code == 0, exported.output
    remote = set(parse(exported.stdout_bytes, format=RdfFormat.N_QUADS))
    local = set(read_store(seeds_store))
    assert remote == {q for q in local  # the document graphs; no merged view, no summary
                      if isinstance(q.graph_name, NamedNode) and q.graph_name != SUMMARY_GRAPH}
    summary = set(RemoteStore(endpoint).graph_quads(SUMMARY_GRAPH))
    assert summary and summary == {q for q in local if q.graph_name == SUMMARY_GRAPH}


def test_a_graph_replaced_on_the_server_leaves_its_summary_exact(endpoint: str) -> None:
    """Removing supports (and descriptions no tally needs) works through SPARQL Update too."""
    store = RemoteStore(endpoint)
    before = {graph: store.graph_quads(graph) for graph in store.graphs()}
    graph = sorted(before, key=lambda g: g.value)[0]
    mentions = {q.subject for q in before[graph] if q.object == NKG.Mention}
    try:
        store.replace_graphs({graph: [q for q in before[graph] if q.subject not in mentions]})
        counted = SummaryUpdate([], has_summary=True).recounted(
            store.graph_quads(g) for g in store.graphs())
        assert set(store.graph_quads(SUMMARY_GRAPH)) == set(counted)
    finally:
        store.replace_graphs({graph: before[graph]})
    assert {g: set(store.graph_quads(g)) for g in store.graphs()} == {
        g: set(quads) for g, quads in before.items()}


def test_a_rebuild_replaces_the_graphs(endpoint: str, seeds_dir: Path) -> None:
    store = RemoteStore(endpoint)
    before, graphs = store.quad_count(), store.graphs()
    again = invoke("build", seeds_dir, "--endpoint", endpoint, "--workers", "1")
    assert again.exit_code == 0, again.output
    assert "5 unchanged" in again.stderr
    forced = invoke("build", seeds_dir, "--endpoint", endpoint, "--workers", "1", "--force")
    assert forced.exit_code == 0, forced.output
    assert "built 5 documents" in forced.stderr
    assert (store.quad_count(), store.graphs()) == (before, graphs)


def test_an_unreachable_endpoint_is_a_one_line_error() -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    for args in (["query", "allies"], ["stats"]):
        result = invoke(*args, "--endpoint", url)
        assert result.exit_code == 1
        assert result.stderr.startswith("Error:") and url in result.stderr
        assert result.stderr.strip().count("\n") == 0


def test_a_read_only_endpoint_refuses_writes(server: str) -> None:
    with pytest.raises(StoreError, match="read-only"), RemoteStore(server, read_only=True
                                                                    ).transaction():
        pass


# -- without a server ---------------------------------------------------------------
def test_values_open_the_where_group_not_the_construct_template() -> None:
    query = 'CONSTRUCT { ?s ?p "}" } WHERE { # a } comment\n ?s ?p ?o }'
    bound = bind_values(query, {Variable("o"): Literal('a "quoted" } value')})
    assert bound.startswith('CONSTRUCT { ?s ?p "}" } WHERE { VALUES (?o) { ("a \\"quoted\\" } '
                            'value") }')


def test_values_bind_several_typed_terms_in_a_select() -> None:
    query = "PREFIX x: <http://x/#{}>\nSELECT * { ?s ?p ?o }"
    bound = bind_values(query, {Variable("s"): NamedNode("http://e/a"),
                                Variable("n"): Literal("1", datatype=NamedNode(
                                    "http://www.w3.org/2001/XMLSchema#integer"))})
    assert bound.endswith('SELECT * { VALUES (?s ?n) { (<http://e/a> "1"^^<http://www.w3.org/'
                          '2001/XMLSchema#integer>) } ?s ?p ?o }')


def test_endpoint_urls_for_other_servers() -> None:
    oxigraph = services("http://127.0.0.1:7878", {})
    assert (oxigraph.query, oxigraph.update, oxigraph.store) == (
        "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update",
        "http://127.0.0.1:7878/store")
    fuseki = services("http://h:3030/ds?query=sparql&update=update&store=data", {})
    assert (fuseki.query, fuseki.update, fuseki.store) == (
        "http://h:3030/ds/sparql", "http://h:3030/ds/update", "http://h:3030/ds/data")
    graphdb = services("http://h:7200/repositories/r?query=.&update=statements"
                       "&store=rdf-graphs/service", {})
    assert (graphdb.query, graphdb.store) == (
        "http://h:7200/repositories/r", "http://h:7200/repositories/r/rdf-graphs/service")
    qlever = services("http://h:7001", {"NATOKG_ENDPOINT_QUERY": ".",
                                        "NATOKG_ENDPOINT_UPDATE": ".",
                                        "NATOKG_ENDPOINT_STORE": "-"})
    assert (qlever.query, qlever.update, qlever.store) == ("http://h:7001", "http://h:7001", None)


@pytest.mark.parametrize("url", ["127.0.0.1:7878", "ftp://h/x", "http://h:1?graph=x"])
def test_a_bad_endpoint_url_is_refused(url: str) -> None:
    with pytest.raises(StoreError):
        services(url, {})
