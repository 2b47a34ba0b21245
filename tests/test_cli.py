"""End-to-end tests of the `natokg` command on the five seed articles."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from conftest import column, invoke, query_json, read_store, store_fingerprint
from natokg import __version__
from natokg.cli import main
from natokg.queries import canned_queries
from natokg.store import LocalStore

XSD = "http://www.w3.org/2001/XMLSchema#"
PROJECT = Path(__file__).resolve().parents[1]

CONTRACT = {
    "partners-invited": ["partnerLabel", "summitLabel", "summitYear"],
    "summits": ["summitLabel", "cityLabel", "startDate"],
    "meetings": ["meetingLabel", "placeLabel", "startDate"],
    "officials": ["personLabel", "roleLabel", "orgLabel"],
    "allies": ["allyLabel", "wikidata"],
    "partners": ["partnerLabel", "wikidata"],
    "commitments": ["committerLabel", "description", "amount", "currency", "beneficiaryLabel"],
    "calls-on": ["speakerLabel", "targetLabel", "demand"],
    "statements": ["speakerLabel", "quote", "date", "document"],
    "threats": ["actorLabel", "wikidata"],
}

INVITED = {"Australia", "Japan", "New Zealand", "Republic of Korea"}
ALIASES = {"South Korea": "Republic of Korea", "Korea": "Republic of Korea"}


def stats_json(store: Path) -> dict:
    result = invoke("stats", "--format", "json", "--store", store)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_one_line_error(result) -> None:
    """Non-zero exit, one line on stderr starting with "Error:", and no traceback."""
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"uncaught {type(result.exception).__name__}: {result.exception}")
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error:"), result.stderr


# -- the headline question -------------------------------------------------------------
def test_partners_invited_lists_exactly_the_four_indo_pacific_partners(seeds_store):
    results = query_json(seeds_store, "partners-invited")
    rows = results["results"]["bindings"]
    partners = [ALIASES.get(p, p) for p in column(results, "partnerLabel")]
    assert sorted(partners) == sorted(INVITED)
    assert len(rows) == 4
    for row in rows:
        assert "Washington" in row["summitLabel"]["value"]
        assert row["summitYear"]["value"] == "2024"


def test_console_script_builds_and_queries_in_a_subprocess(seeds_dir, tmp_path):
    """The installed `natokg` script, run as a user would from the project folder."""
    script = Path(sys.executable).parent / "natokg"
    if not script.exists():
        pytest.skip("natokg console script not installed next to the interpreter")
    env = {**os.environ, "NATOKG_STORE": str(tmp_path / "store")}
    seeds = os.path.relpath(seeds_dir, PROJECT)  # ../shared/seeds
    built = subprocess.run([str(script), "build", seeds], cwd=PROJECT, env=env,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert "built 5 documents" in built.stderr
    assert (tmp_path / "store").is_dir()
    queried = subprocess.run([str(script), "query", "partners-invited", "--format", "json"],
                             cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
    assert queried.returncode == 0, queried.stderr
    assert "Traceback" not in queried.stderr
    results = json.loads(queried.stdout)
    partners = {ALIASES.get(p, p) for p in column(results, "partnerLabel")}
    assert partners == INVITED
    assert set(column(results, "summitYear")) == {"2024"}


# -- the contract of every competency question ------------------------------------------
@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_every_contracted_column_is_in_the_json_head(seeds_store, name):
    results = query_json(seeds_store, name)
    assert set(results) >= {"head", "results"}
    assert isinstance(results["results"]["bindings"], list)
    missing = [v for v in CONTRACT[name] if v not in results["head"]["vars"]]
    assert not missing, f"{name} lacks {missing}"


def test_every_competency_question_is_a_canned_query():
    assert set(CONTRACT) <= set(canned_queries())


def test_commitment_amounts_are_xsd_decimal(seeds_store):
    rows = query_json(seeds_store, "commitments")["results"]["bindings"]
    amounts = [row["amount"] for row in rows if "amount" in row]
    assert amounts, "the seeds announce amounts (e.g. 5.5 billion)"
    for amount in amounts:
        assert amount["type"] == "literal"
        assert amount["datatype"] == XSD + "decimal"
        assert re.fullmatch(r"-?\d+(\.\d+)?", amount["value"]), amount
    for row in rows:
        if "currency" in row:
            assert re.fullmatch(r"[A-Z]{3}", row["currency"]["value"])


@pytest.mark.parametrize("name", ["summits", "meetings"])
def test_start_dates_are_xsd_date_when_present(seeds_store, name):
    rows = query_json(seeds_store, name)["results"]["bindings"]
    for row in rows:
        if "startDate" in row:
            assert row["startDate"]["datatype"] == XSD + "date"
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["startDate"]["value"])


def test_washington_summit_starts_on_9_july_2024(seeds_store):
    results = query_json(seeds_store, "summits")
    washington = [b for b in results["results"]["bindings"]
                  if "Washington" in b["summitLabel"]["value"]]
    assert washington
    assert washington[0]["startDate"]["value"] == "2024-07-09"


def test_allies_link_to_wikidata_entities(seeds_store):
    results = query_json(seeds_store, "allies")
    wikidata = column(results, "wikidata")
    assert wikidata
    for iri in wikidata:
        assert iri is not None
        assert re.fullmatch(r"http://www\.wikidata\.org/entity/Q\d+", iri), iri


# -- time-aware membership --------------------------------------------------------------
def test_sweden_is_an_ally_in_the_april_2024_article(seeds_store):
    results = query_json(seeds_store, "allies")
    rows = {b["allyLabel"]["value"]: b for b in results["results"]["bindings"]}
    assert "Sweden" in rows
    assert rows["Sweden"]["wikidata"]["value"] == "http://www.wikidata.org/entity/Q34"


def test_sweden_is_not_an_ally_in_the_february_2024_article(seeds_dir, tmp_path):
    february = sorted(seeds_dir.glob("000_*.txt"))
    assert february
    store = tmp_path / "store"
    result = invoke("build", february[0], "--store", store, "-q")
    assert result.exit_code == 0, result.output
    allies = column(query_json(store, "allies"), "allyLabel")
    assert allies, "the February article still names Allies"
    assert "Sweden" not in allies


# -- rebuilding ------------------------------------------------------------------------
def test_rebuilding_the_same_folder_leaves_the_store_identical(seeds_dir, seeds_store,
                                                               store_copy):
    before = store_fingerprint(store_copy)
    assert before == store_fingerprint(seeds_store)
    result = invoke("build", seeds_dir, "--store", store_copy, "-q")
    assert result.exit_code == 0, result.output
    assert store_fingerprint(store_copy) == before


def test_rebuilding_one_article_leaves_the_store_identical(seeds_dir, store_copy):
    before = store_fingerprint(store_copy)
    article = sorted(seeds_dir.glob("*.txt"))[1]
    result = invoke("build", article, "--store", store_copy, "-q")
    assert result.exit_code == 0, result.output
    assert store_fingerprint(store_copy) == before


def _txt_and_jsonl(seeds_dir: Path, folder: Path) -> None:
    text = sorted(seeds_dir.glob("*.txt"))[1].read_text(encoding="utf-8")
    folder.mkdir()
    (folder / "article.txt").write_text(text, encoding="utf-8")
    title = text.strip().split("\n", 1)[0]
    (folder / "article.jsonl").write_text(json.dumps({"text": text, "title": title}) + "\n",
                                          encoding="utf-8")


def test_same_article_as_txt_and_jsonl_is_one_document(seeds_dir, tmp_path):
    _txt_and_jsonl(seeds_dir, tmp_path / "articles")
    store = tmp_path / "store"
    result = invoke("build", tmp_path / "articles", "--store", store, "-q")
    assert result.exit_code == 0, result.output
    assert len(LocalStore.open(store, read_only=True).graphs()) == 1
    assert stats_json(store)["documents"] == 1


def test_build_summary_counts_a_duplicated_article_once(seeds_dir, tmp_path):
    _txt_and_jsonl(seeds_dir, tmp_path / "articles")
    result = invoke("build", tmp_path / "articles", "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert "built 1 documents" in result.stderr


# -- export ----------------------------------------------------------------------------
def test_export_turtle_to_stdout_has_the_distinct_triples_stats_counts(seeds_store):
    result = invoke("export", "--store", seeds_store)
    assert result.exit_code == 0, result.output
    data = result.stdout_bytes
    graph = rdflib.Graph()
    graph.parse(data=data.decode("utf-8"), format="turtle")
    store = pyoxigraph.Store()
    store.load(data, format=pyoxigraph.RdfFormat.TURTLE)
    stats = stats_json(seeds_store)
    assert len(store) == stats["triples"]
    assert len(graph) == stats["triples"]
    assert stats["quads"] >= stats["triples"] > 0


# format -> (parser, counts quads rather than distinct triples)
EXPORTS = {
    "turtle": (pyoxigraph.RdfFormat.TURTLE, False),
    "trig": (pyoxigraph.RdfFormat.TRIG, True),
    "nquads": (pyoxigraph.RdfFormat.N_QUADS, True),
    "ntriples": (pyoxigraph.RdfFormat.N_TRIPLES, False),
    "rdfxml": (pyoxigraph.RdfFormat.RDF_XML, False),
    "jsonld": ("json-ld", True),
}


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_export_format_to_file_parses_with_every_statement(seeds_store, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    result = invoke("export", "--format", fmt, "-o", out, "--store", seeds_store)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.is_file() and out.stat().st_size > 0
    parser, dataset = EXPORTS[fmt]
    if isinstance(parser, str):
        parsed = rdflib.Dataset()
        parsed.parse(out, format=parser)
        count = sum(1 for _ in parsed.quads((None, None, None, None)))
    else:
        store = pyoxigraph.Store()
        store.load(out.read_bytes(), format=parser)
        count = len(store)
    stats = stats_json(seeds_store)
    assert count == (stats["quads"] if dataset else stats["triples"])


def test_export_one_graph_holds_only_that_document_under_its_name(seeds_store):
    ro = read_store(seeds_store)
    graph = sorted(ro.named_graphs(), key=lambda g: g.value)[0]
    expected = sum(1 for _ in ro.quads_for_pattern(None, None, None, graph))
    del ro
    result = invoke("export", "--format", "nquads", "--graph", graph.value,
                    "--store", seeds_store)
    assert result.exit_code == 0, result.output
    quads = list(pyoxigraph.parse(io.BytesIO(result.stdout_bytes),
                                  format=pyoxigraph.RdfFormat.N_QUADS))
    assert len(quads) == expected
    assert {q.graph_name for q in quads} == {graph}


# -- bad input -------------------------------------------------------------------------
def _binary(tmp: Path) -> Path:
    path = tmp / "x.txt"
    path.write_bytes(b"\x00\x01\x02binary\x00\xff\xfe" * 64)
    return path


BUILD_ERRORS = {
    "missing-path": lambda tmp: [tmp / "no-such-folder"],
    "binary-file": lambda tmp: [_binary(tmp)],
    "missing-among-good": lambda tmp: [_binary(tmp).parent, tmp / "absent.txt"],
}


@pytest.mark.parametrize("case", sorted(BUILD_ERRORS))
def test_failed_build_is_a_one_line_error_and_leaves_the_store_unchanged(
        store_copy, tmp_path, case):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    before = store_fingerprint(store_copy)
    result = invoke("build", *BUILD_ERRORS[case](inputs), "--store", store_copy)
    assert_one_line_error(result)
    assert store_fingerprint(store_copy) == before


def test_binary_file_error_names_the_file(store_copy, tmp_path):
    result = invoke("build", _binary(tmp_path), "--store", store_copy)
    assert_one_line_error(result)
    assert "x.txt" in result.stderr
    assert "binary" in result.stderr


QUERY_ERRORS = {
    "unknown-query": ["query", "no-such-query"],
    "malformed-sparql": ["query", "-e", "SELECT WHERE {"],
    "update-as-query": ["query", "-e", "DROP ALL"],
    "unknown-param": ["query", "partners-invited", "--param", "colour=red"],
    "bad-param-value": ["query", "partners-invited", "--param", "min_confidence=abc"],
    "missing-rq-file": ["query", "no/such/file.rq"],
    "unknown-export-graph": ["export", "--graph", "nkr:document/0000000000000000"],
}


@pytest.mark.parametrize("case", sorted(QUERY_ERRORS))
def test_bad_query_is_a_one_line_error_and_changes_nothing(store_copy, case):
    before = store_fingerprint(store_copy)
    result = invoke(*QUERY_ERRORS[case], "--store", store_copy)
    assert_one_line_error(result)
    assert store_fingerprint(store_copy) == before


def test_unknown_query_error_lists_the_canned_queries(seeds_store):
    result = invoke("query", "no-such-query", "--store", seeds_store)
    assert_one_line_error(result)
    assert "partners-invited" in result.stderr


@pytest.mark.parametrize("command", [["build", "SEEDS"], ["query", "allies"], ["stats"],
                                     ["export"]])
def test_store_path_that_is_a_regular_file_is_a_one_line_error(seeds_dir, tmp_path, command):
    store = tmp_path / "not-a-store"
    store.write_bytes(b"just a file\n")
    args = [seeds_dir if a == "SEEDS" else a for a in command]
    result = invoke(*args, "--store", store)
    assert_one_line_error(result)
    assert store.read_bytes() == b"just a file\n"


@pytest.mark.parametrize("command", [["query", "allies"], ["stats"], ["export"],
                                     ["query", "-e", "SELECT * WHERE { ?s ?p ?o }"]])
def test_reading_a_store_that_does_not_exist_is_a_one_line_error(tmp_path, command):
    store = tmp_path / "absent"
    result = invoke(*command, "--store", store)
    assert_one_line_error(result)
    assert not store.exists(), "reading must not create a store"


def test_explain_on_a_missing_store_is_a_one_line_error(tmp_path):
    result = invoke("explain", "nkr:entity/japan", "--store", tmp_path / "absent")
    assert_one_line_error(result)


def test_rq_file_with_unprojected_parameter_is_a_one_line_error(seeds_store, tmp_path):
    rq = tmp_path / "mine.rq"
    rq.write_text("# My question?\n# @param label string - A label.\n"
                  "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n", encoding="utf-8")
    result = invoke("query", rq, "--param", "label=x", "--store", seeds_store)
    assert_one_line_error(result)


# -- parameters ------------------------------------------------------------------------
MIN_CONFIDENCE = sorted(name for name, q in canned_queries().items()
                        if any(p.name == "min_confidence" for p in q.params))
# The competency questions the seeds answer (other queries test their filters themselves).
STRING_PARAMS = sorted((name, p.name) for name, q in canned_queries().items()
                       for p in q.params if p.type == "string" and name in CONTRACT)


@pytest.mark.parametrize("name", MIN_CONFIDENCE)
def test_high_min_confidence_returns_no_more_rows_than_the_default(seeds_store, name):
    default = query_json(seeds_store, name)["results"]["bindings"]
    strict = query_json(seeds_store, name, "min_confidence=0.99")["results"]["bindings"]
    assert len(strict) <= len(default)
    zero = query_json(seeds_store, name, "min_confidence=0")["results"]["bindings"]
    assert len(zero) == len(default)


def test_speaker_parameter_keeps_only_that_speakers_statements(seeds_store):
    results = query_json(seeds_store, "statements", "speaker=Stoltenberg")
    speakers = column(results, "speakerLabel")
    assert speakers
    assert all("Stoltenberg" in s for s in speakers)


def test_query_from_an_rq_file_runs(seeds_store, tmp_path):
    rq = tmp_path / "summit-count.rq"
    rq.write_text("# How many summits?\nPREFIX nkg: <https://w3id.org/natokg/ontology#>\n"
                  "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a nkg:Summit }\n",
                  encoding="utf-8")
    result = invoke("query", rq, "--format", "json", "--store", seeds_store)
    assert result.exit_code == 0, result.output
    assert int(column(json.loads(result.stdout), "n")[0]) >= 1


@pytest.mark.parametrize(("name", "param"), STRING_PARAMS)
def test_text_parameter_matching_nothing_returns_no_rows(seeds_store, name, param):
    assert query_json(seeds_store, name)["results"]["bindings"], "needs rows to filter"
    rows = query_json(seeds_store, name, f"{param}=zzzz-no-such-label")["results"]["bindings"]
    assert rows == []


# -- listing, stats, explain -----------------------------------------------------------
def test_queries_lists_every_rq_with_its_question():
    result = invoke("queries")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    canned = canned_queries()
    packaged = sorted(p.stem for p in (PROJECT / "queries").glob("*.rq"))
    assert packaged and set(packaged) <= set(canned)
    for name, query in canned.items():
        assert name in lines, name
        assert lines[lines.index(name) + 1].strip() == query.question


def test_stats_counts_the_five_seed_documents(seeds_store):
    assert stats_json(seeds_store)["documents"] == 5
    table = invoke("stats", "--store", seeds_store)
    assert table.exit_code == 0, table.output
    assert re.search(r"^\s*documents\s+5\s*$", table.stdout, re.M), table.stdout


def test_explain_shows_the_invitation_sentence_document_and_offsets(seeds_store):
    results = query_json(seeds_store, "partners-invited")
    row = next(b for b in results["results"]["bindings"]
               if b["partnerLabel"]["value"] == "Australia")
    fact = row["example"]["value"]
    result = invoke("explain", fact, "--store", seeds_store)
    assert result.exit_code == 0, result.output
    assert "invited the leaders of Australia" in result.stdout
    document_id = fact.rsplit("/", 2)[-2]
    assert f"nkr:document\\/{document_id}" in result.stdout
    assert re.search(r"characters \d+–\d+", result.stdout)


def test_explain_unknown_iri_is_a_one_line_error(seeds_store):
    result = invoke("explain", "nkr:entity/atlantis", "--store", seeds_store)
    assert_one_line_error(result)


def test_explain_something_that_is_not_an_iri_is_a_one_line_error(seeds_store):
    result = invoke("explain", "0", "--store", seeds_store)
    assert_one_line_error(result)
    assert "is not an IRI" in result.stderr


def test_explain_shows_each_link_of_an_entity_once_with_its_label(seeds_store):
    result = invoke("explain", "nkr:entity/republic-of-korea", "--store", seeds_store)
    assert result.exit_code == 0, result.output
    links = [line.split(None, 1)[1] for line in result.stdout.splitlines()
             if line.strip().startswith("nkg:partnership")]
    assert links == ["Indo-Pacific partners", "Partners across the globe"]


# -- help and version ------------------------------------------------------------------
def test_the_documented_commands_are_registered():
    assert {"build", "query", "queries", "export", "stats", "explain"} <= set(main.commands)


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_help_has_an_example(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout


def test_main_help_has_an_example():
    result = invoke("--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout


def test_version_prints_the_package_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout
    assert "natokg" in result.stdout


def test_summit_parameter_filters_invitations_by_summit_label(seeds_store):
    washington = query_json(seeds_store, "partners-invited", "summit=washington")
    assert len(washington["results"]["bindings"]) == 4
    brussels = query_json(seeds_store, "partners-invited", "summit=Brussels")
    assert brussels["results"]["bindings"] == []


def test_an_unexpected_failure_is_still_one_line_and_leaves_the_store(
    store_copy, seeds_dir, monkeypatch
):
    import natokg.pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug\nwith a second line")

    monkeypatch.setattr(natokg.pipeline, "document_iri", broken)  # used while writing
    before = store_fingerprint(store_copy)
    result = invoke("build", seeds_dir, "--store", store_copy, "--force", "--workers", "1")
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.startswith("Error: unexpected RuntimeError: simulated bug")
    assert len(message.splitlines()) == 1 and "Traceback" not in result.output
    assert store_fingerprint(store_copy) == before


def test_an_iri_as_the_table_prints_it_can_be_pasted_back(seeds_store):
    table = invoke("query", "allies", "--store", seeds_store)
    printed = re.search(r"nkr:entity\S+", table.stdout).group()
    assert "\\/" in printed
    explained = invoke("explain", printed, "--store", seeds_store)
    assert explained.exit_code == 0 and explained.stdout.startswith(printed)
    asked = invoke("query", "-e", f"SELECT ?l WHERE {{ {printed} rdfs:label ?l }}",
                   "--format", "csv", "--store", seeds_store)
    assert asked.exit_code == 0, asked.output
    assert len(asked.stdout.splitlines()) >= 2
