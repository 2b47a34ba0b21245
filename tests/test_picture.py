"""`natokg graph`: self-contained HTML, Graphviz SVG/PNG, and pictures of queries and entities."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from natokg.errors import NatokgError
from natokg.picture import default_picture, entity_picture, query_picture, render_dot, to_dot
from tests_support import invoke_ok

PARTNERS = {"Australia", "Japan", "New Zealand", "Republic of Korea"}
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` not installed")


def test_default_picture_is_summits_partners_and_allies(seeds_store: Path) -> None:
    picture = default_picture(seeds_store)
    by_class: dict[str, set[str]] = {}
    for node in picture.nodes.values():
        by_class.setdefault(node.cls, set()).add(node.label)
    assert by_class["Summit"] == {"Washington Summit"}
    assert by_class["Partner"] == PARTNERS
    assert by_class["Ally"]
    invited = [e for e in picture.edges if e.label == "invited to"]
    assert {picture.nodes[e.source].label for e in invited} == PARTNERS
    assert all("invited the leaders" in e.sentence for e in invited)


def test_html_is_self_contained_with_partner_nodes(seeds_store: Path, tmp_path: Path) -> None:
    output = tmp_path / "graph.html"
    invoke_ok("graph", "--store", seeds_store, "-o", output)
    page = output.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=\s*[\"']?https?://", page)
    assert "vis.js is dual licensed" in page  # the vendored library keeps its licence header
    for partner in PARTNERS:
        assert f'"label": "{partner}"' in page
    assert page.count("</script>") == 2  # data cannot close the script early


@needs_dot
def test_svg_has_labelled_edges_and_sentences(seeds_store: Path, tmp_path: Path) -> None:
    output = tmp_path / "graph.svg"
    invoke_ok("graph", "--store", seeds_store, "-o", output)
    svg = output.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "Republic of Korea" in svg and "invited to" in svg
    assert "has invited the leaders of Australia" in svg  # edge tooltips


@needs_dot
def test_png_for_a_query_and_an_entity(seeds_store: Path, tmp_path: Path) -> None:
    officials = tmp_path / "officials.png"
    invoke_ok("graph", "--query", "officials", "--store", seeds_store, "-o", officials)
    assert officials.read_bytes().startswith(b"\x89PNG")
    japan = tmp_path / "japan.svg"
    invoke_ok("graph", "--entity", "nkr:entity/japan", "--store", seeds_store, "-o", japan)
    assert "Washington Summit" in japan.read_text(encoding="utf-8")


def test_query_picture_draws_the_facts_behind_rows(seeds_store: Path) -> None:
    officials = query_picture("officials", seeds_store)
    edges = {
        (officials.nodes[e.source].label, e.label, officials.nodes[e.target].label)
        for e in officials.edges
    }
    assert ("Jens Stoltenberg", "Secretary General", "NATO") in edges
    calls = query_picture("calls-on", seeds_store)
    assert {e.label for e in calls.edges} == {"calls on"}


def test_entity_picture_links_neighbours(seeds_store: Path) -> None:
    summit = entity_picture("nkr:entity/washington-summit-2024", seeds_store)
    labels = {n.label for n in summit.nodes.values()}
    assert labels >= PARTNERS and "Washington" in labels
    with pytest.raises(NatokgError, match="natokg explain"):
        entity_picture("nkr:entity/atlantis", seeds_store)


def test_dot_quotes_awkward_labels() -> None:
    from natokg.picture import Edge, Node, Picture

    picture = Picture('a "quoted" title')
    picture.nodes["x"] = Node("x", 'say "hi"\\', "Person")
    picture.nodes["y"] = Node("y", "y", "Country")
    picture.add_edge(Edge("x", "y", "calls on", 'He said "go".'))
    source = to_dot(picture)
    assert 'label="say \\"hi\\"\\\\"' in source
    if shutil.which("dot"):
        assert b"<svg" in render_dot(source, "svg")


def test_missing_dot_and_unknown_format_are_clear(
    seeds_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import invoke

    monkeypatch.setattr(shutil, "which", lambda _name: None)
    result = invoke("graph", "--store", seeds_store, "-o", tmp_path / "g.svg")
    assert result.exit_code == 1 and "apt-get install graphviz" in result.output
    assert "Traceback" not in result.output
    result = invoke("graph", "--store", seeds_store, "-o", tmp_path / "g.pdf")
    assert result.exit_code == 1 and ".html, .svg or .png" in result.output
