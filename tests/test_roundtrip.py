"""Every export format imports back to the same graph; bad imports change nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import Store

from conftest import invoke
from natokg.api import export_graph
from natokg.importer import file_graph
from natokg.store import open_store

DATASET_FORMATS = {"trig": ".trig", "nquads": ".nq", "jsonld": ".jsonld"}
TRIPLE_FORMATS = {"turtle": ".ttl", "ntriples": ".nt", "rdfxml": ".rdf"}


def _quad_lines(store: Path) -> list[str]:
    graph_store = open_store(store, read_only=True)
    return sorted(str(q) for g in graph_store.graphs() for q in graph_store.graph_quads(g))


def _distinct_triples(store: Path) -> set[str]:
    graph_store = open_store(store, read_only=True)
    return {str(q.triple) for g in graph_store.graphs() for q in graph_store.graph_quads(g)}


def _export(seeds_store: Path, fmt: str, path: Path) -> Path:
    path.write_bytes(export_graph(fmt, [], seeds_store))
    return path


@pytest.mark.parametrize("fmt", sorted(DATASET_FORMATS))
def test_dataset_formats_round_trip_graph_by_graph(
    seeds_store: Path, tmp_path: Path, fmt: str
) -> None:
    exported = _export(seeds_store, fmt, tmp_path / f"natokg{DATASET_FORMATS[fmt]}")
    fresh = tmp_path / "fresh"
    result = invoke("import", exported, "--store", fresh)
    assert result.exit_code == 0, result.output
    # natokg writes no blank nodes, so equal sorted N-Quads means isomorphic datasets.
    assert _quad_lines(fresh) == _quad_lines(seeds_store)
    assert "imported" in result.stderr and "in 5 graphs" in result.stderr


@pytest.mark.parametrize("fmt", sorted(TRIPLE_FORMATS))
def test_triple_formats_round_trip_into_one_graph(
    seeds_store: Path, tmp_path: Path, fmt: str
) -> None:
    exported = _export(seeds_store, fmt, tmp_path / f"natokg{TRIPLE_FORMATS[fmt]}")
    fresh = tmp_path / "fresh"
    result = invoke("import", exported, "--store", fresh)
    assert result.exit_code == 0, result.output
    graph_store = open_store(fresh, read_only=True)
    assert graph_store.graphs() == [file_graph(exported)]
    assert _distinct_triples(fresh) == _distinct_triples(seeds_store)


def test_a_triple_format_goes_into_the_graph_given(seeds_store: Path, tmp_path: Path) -> None:
    exported = _export(seeds_store, "turtle", tmp_path / "export.data")
    fresh = tmp_path / "fresh"
    result = invoke(
        "import", exported, "--format", "turtle", "--graph", "nkr:graph/all", "--store", fresh
    )
    assert result.exit_code == 0, result.output
    graphs = open_store(fresh, read_only=True).graphs()
    assert [g.value for g in graphs] == ["https://w3id.org/natokg/resource/graph/all"]


def test_importing_replaces_the_graphs_it_holds(store_copy: Path, tmp_path: Path) -> None:
    exported = _export(store_copy, "nquads", tmp_path / "natokg.nq")
    before = _quad_lines(store_copy)
    for _ in range(2):
        result = invoke("import", exported, "--store", store_copy)
        assert result.exit_code == 0, result.output
    assert _quad_lines(store_copy) == before


def _unchanged(
    fingerprint: Callable[[str | Path], tuple[int, str]], store: Path, *args: str | Path
) -> str:
    """Run `natokg import ARGS` on `store`; check it failed, changed nothing; return stderr."""
    before = fingerprint(store)
    result = invoke("import", *args, "--store", store)
    assert result.exit_code == 1
    assert fingerprint(store) == before
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    return lines[0]


def test_an_unknown_suffix_is_refused(
    store_copy: Path, tmp_path: Path, fingerprint: Callable[[str | Path], tuple[int, str]]
) -> None:
    data = tmp_path / "natokg.data"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n")
    assert "cannot tell the RDF format" in _unchanged(fingerprint, store_copy, data)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("broken.ttl", "@prefix nkg: <https://w3id.org/natokg/ontology#> .\nnkg:a nkg:b ."),
        ("broken.nq", "<urn:a> <urn:b> <urn:c> <urn:g> .\n<urn:a> <urn:b> .\n"),
        ("broken.jsonld", '{"@id": "urn:a", "urn:b": '),
        (
            "broken.rdf",
            "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
            "<rdf:Description rdf:about='urn:a'><x></rdf:Description></rdf:RDF>",
        ),
    ],
)
def test_an_unparsable_file_changes_nothing(
    store_copy: Path,
    tmp_path: Path,
    fingerprint: Callable[[str | Path], tuple[int, str]],
    name: str,
    text: str,
) -> None:
    data = tmp_path / name
    data.write_text(text)
    assert "not valid" in _unchanged(fingerprint, store_copy, data)


def test_a_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    result = invoke("import", tmp_path / "missing.ttl", "--store", tmp_path / "store")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot read")


def test_an_empty_file_imports_nothing(tmp_path: Path) -> None:
    data = tmp_path / "empty.nt"
    data.write_text("")
    result = invoke("import", data, "--store", tmp_path / "store")
    assert result.exit_code == 1
    assert "holds no RDF statements" in result.stderr


def test_the_export_loads_in_plain_oxigraph_too(seeds_store: Path, tmp_path: Path) -> None:
    """The import path agrees with Oxigraph's own loader (a tool other than natokg)."""
    exported = _export(seeds_store, "trig", tmp_path / "natokg.trig")
    store = Store()
    store.load(path=str(exported))
    assert sorted(str(q) for q in store) == _quad_lines(seeds_store)
