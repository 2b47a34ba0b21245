"""`natokg serve` over real HTTP: the SPARQL protocol, result formats, the page and browser."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from live_server import running_server
from natokg.queries import canned_queries
from natokg.serve import ProtocolError, choose_type, standalone_text
from tests_support import invoke_ok

SUMMITS = "SELECT DISTINCT ?label WHERE { ?s a nkg:Summit ; rdfs:label ?label }"
PARTNERS = (
    "SELECT DISTINCT ?label WHERE { ?f a nkg:Invitation ; nkg:invitee ?p . ?p rdfs:label ?label }"
    " ORDER BY ?label"
)
WASHINGTON_PARTNERS = ["Australia", "Japan", "New Zealand", "Republic of Korea"]


@pytest.fixture(scope="module")
def server(seeds_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    copy = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(seeds_store, copy, symlinks=True)
    with running_server(copy) as url:
        yield url


def get(server: str, query: str, accept: str) -> httpx.Response:
    return httpx.get(f"{server}/sparql", params={"query": query}, headers={"Accept": accept})


def test_json_results_see_every_document_graph(server: str) -> None:
    response = get(server, PARTNERS, "application/sparql-results+json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    labels = [b["label"]["value"] for b in response.json()["results"]["bindings"]]
    assert labels == WASHINGTON_PARTNERS


def test_xml_results(server: str) -> None:
    response = get(server, SUMMITS, "application/sparql-results+xml")
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    literals = [e.text for e in ET.fromstring(response.content).iter() if e.tag.endswith("literal")]
    assert literals == ["Washington Summit"]


def test_csv_and_tsv_results(server: str) -> None:
    rows = list(csv.reader(io.StringIO(get(server, PARTNERS, "text/csv").text)))
    assert rows == [["label"], *([p] for p in WASHINGTON_PARTNERS)]
    tsv = get(server, SUMMITS, "text/tab-separated-values").text.splitlines()
    assert tsv == ["?label", '"Washington Summit"']


def test_ask_query_answers_a_boolean(server: str) -> None:
    response = get(server, "ASK { ?s a nkg:Summit }", "application/sparql-results+json")
    assert response.json()["boolean"] is True


@pytest.mark.parametrize(
    ("accept", "marker"),
    [
        ("text/turtle", "Washington Summit"),
        ("application/n-triples", '"Washington Summit"'),
        ("application/rdf+xml", "<rdf:RDF"),
        ("application/ld+json", '"@id"'),
    ],
)
def test_construct_in_rdf_formats(server: str, accept: str, marker: str) -> None:
    query = "CONSTRUCT WHERE { ?s a nkg:Summit ; rdfs:label ?l }"
    response = get(server, query, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    assert marker in response.text
    if accept == "application/ld+json":
        assert any("washington-summit" in node["@id"] for node in json.loads(response.text))


def test_post_forms_and_query_bodies(server: str) -> None:
    form = httpx.post(f"{server}/sparql", data={"query": SUMMITS}, headers={"Accept": "text/csv"})
    body = httpx.post(
        f"{server}/sparql",
        content=SUMMITS,
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert form.text == body.text == "label\r\nWashington Summit\r\n"


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"data": {"update": "DROP ALL"}},
        {"content": "DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
        {"content": "CLEAR ALL", "headers": {"Content-Type": "application/sparql-query"}},
        {
            "content": "PREFIX x: <http://x/>\nINSERT DATA { x:a x:b x:c }",
            "headers": {"Content-Type": "application/sparql-query"},
        },
    ],
)
def test_updates_are_refused_and_change_nothing(server: str, request_kwargs: dict) -> None:
    response = httpx.post(f"{server}/sparql", **request_kwargs)
    assert response.status_code == 403
    assert "read-only" in response.text
    assert get(server, "ASK { ?s a nkg:Summit }", "application/json").json()["boolean"] is True


def test_bad_requests_say_what_is_wrong(server: str) -> None:
    malformed = get(server, "SELEC ?x", "text/csv")
    assert malformed.status_code == 400 and "malformed query" in malformed.text
    assert httpx.get(f"{server}/sparql").status_code == 400
    unacceptable = get(server, SUMMITS, "image/png")
    assert unacceptable.status_code == 406 and "text/csv" in unacceptable.text


def test_every_canned_query_runs_on_the_page_as_on_the_command_line(
    server: str, seeds_store: Path
) -> None:
    for canned in canned_queries().values():
        response = httpx.post(
            f"{server}/sparql",
            content=standalone_text(canned),
            headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
        )
        assert response.status_code == 200, (canned.name, response.text)
        cli = invoke_ok("query", canned.name, "--format", "json", "--store", seeds_store)
        assert len(response.json()["results"]["bindings"]) == len(
            json.loads(cli)["results"]["bindings"]
        ), canned.name


def test_page_lists_every_canned_query_and_loads_only_from_the_package(server: str) -> None:
    page = httpx.get(f"{server}/").text
    assert 'id="yasgui"' in page and 'id="examples"' in page
    for name in canned_queries():
        assert f'"name": "{name}"' in page
    assets = [a for a in re.findall(r'(?:src|href)="([^"]*)"', page) if a != "data:,"]
    assert "/static/yasgui.min.js" in assets and "/static/chart.umd.min.js" in assets
    assert all(asset.startswith("/static/") for asset in assets)  # no CDN
    for asset in assets:
        response = httpx.get(server + asset)
        assert response.status_code == 200 and response.content, asset


def test_entity_page_shows_facts_neighbours_and_sentences(server: str) -> None:
    page = httpx.get(f"{server}/entity", params={"iri": "nkr:entity/japan"})
    assert page.status_code == 200
    text = page.text
    assert "Washington Summit" in text and "invited to" in text
    assert "/entity?iri=https%3A%2F%2Fw3id.org%2Fnatokg%2Fresource%2Fentity%2Fwashington" in text
    assert "has invited the leaders of Australia, Japan" in text
    missing = httpx.get(f"{server}/entity", params={"iri": "nkr:entity/atlantis"})
    assert missing.status_code == 404 and "holds nothing" in missing.text


def test_accept_negotiation_prefers_quality() -> None:
    offered = {"application/json": 1, "text/csv": 2, "text/turtle": 3}
    assert choose_type("", offered) == "application/json"
    assert choose_type("text/csv;q=0.5, text/turtle", offered) == "text/turtle"
    assert choose_type("text/*", offered) == "text/csv"
    assert choose_type("image/png, */*;q=0.1", offered) == "application/json"
    with pytest.raises(ProtocolError):
        choose_type("image/png", offered)


def test_serve_refuses_a_missing_store_and_a_busy_port(tmp_path: Path, seeds_store: Path) -> None:
    import socket

    from conftest import invoke

    result = invoke("serve", "--store", tmp_path / "none")
    assert result.exit_code == 1 and "build one first" in result.output
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        result = invoke("serve", "--store", seeds_store, "--port", port)
    assert result.exit_code == 1 and "choose another port with --port" in result.output
