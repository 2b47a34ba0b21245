"""The packaged SPARQL queries and their typed parameters."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Variable

from conftest import SEEDS, read_store, store_fingerprint
from natokg.api import run_query
from natokg.errors import QueryError
from natokg.iris import expand, pasteable
from natokg.queries import (
    CannedQuery,
    canned_queries,
    inline_query,
    load_query,
    parse_query_file,
)
from natokg.vocab import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
_CONTRACT = SEEDS.parent / "competency-questions.md"
COMPETENCY_QUESTIONS = set(re.findall(
    r"^\| `([a-z-]+)` \|", _CONTRACT.read_text("utf-8") if _CONTRACT.is_file() else "", re.M))
CANNED = canned_queries()
NAMES = sorted(CANNED)
INJECTION = 'x") } ; DROP ALL ; #'

TYPED = parse_query_file("typed", (
    "# A query with one parameter of each type?\n"
    "# Used to test parameter typing.\n"
    "# @param level decimal 0.5 A decimal with a default.\n"
    "# @param label string - A string without a default.\n"
    "# @param since date - A date.\n"
    "# @param count integer 3 An integer.\n"
    "# @param thing iri - An IRI.\n"
    "SELECT ?level ?label ?since ?count ?thing WHERE {}\n"))


def _run(store: pyoxigraph.Store, query: CannedQuery, values=None):
    return store.query(query.text, use_default_graph_as_union=True,
                       substitutions=query.bindings(values or {}))


def test_there_are_canned_queries():
    assert len(CANNED) >= 10


@pytest.mark.parametrize("name", NAMES)
def test_query_starts_with_a_comment_and_has_a_question(name):
    query = CANNED[name]
    assert query.name == name
    assert query.text.startswith("#")
    assert query.question.strip()
    assert query.question.endswith("?")


@pytest.mark.parametrize("name", NAMES)
def test_query_parses_and_runs_on_an_empty_store(name):
    results = _run(pyoxigraph.Store(), CANNED[name])
    assert isinstance(results, pyoxigraph.QuerySolutions)
    assert list(results) == []


@pytest.mark.parametrize("name", NAMES)
def test_query_runs_on_the_seeds_and_projects_its_parameters(seeds_store, name):
    query = CANNED[name]
    store = read_store(seeds_store)
    results = _run(store, query)
    projected = {v.value for v in results.variables}
    rows = list(results)
    del store
    assert {p.name for p in query.params} <= projected
    if name in COMPETENCY_QUESTIONS:  # the seeds answer these; other queries, their own tests
        assert rows, f"{name} finds nothing in the five seed articles"


@pytest.mark.parametrize("name", NAMES)
def test_declared_parameters_have_known_types(name):
    for param in CANNED[name].params:
        assert param.type in {"decimal", "string", "date", "integer", "iri"}
        assert param.description


def test_load_query_by_name_is_the_canned_query():
    assert load_query("partners-invited") == CANNED["partners-invited"]


def test_load_query_unknown_name_is_a_query_error():
    with pytest.raises(QueryError, match="unknown query"):
        load_query("no-such-query")


def test_inline_query_gets_natokgs_prefixes_unless_declared():
    text = inline_query("SELECT ?s WHERE { ?s a nkg:Summit }").text
    assert "PREFIX nkg:" in text
    declared = inline_query("PREFIX nkg: <http://example.org/>\nSELECT * {}").text
    assert declared.count("PREFIX nkg:") == 1


# -- bindings --------------------------------------------------------------------------
def test_bindings_use_declared_defaults():
    bound = TYPED.bindings({})
    assert bound == {Variable("level"): Literal("0.5", datatype=NamedNode(XSD + "decimal")),
                     Variable("count"): Literal("3", datatype=NamedNode(XSD + "integer"))}


def test_bindings_type_decimal_string_date_integer_and_iri():
    bound = TYPED.bindings({"level": "0.75", "label": "Washington", "since": "2024-07-09",
                            "count": "12", "thing": "https://example.org/x"})
    assert bound[Variable("level")] == Literal("0.75", datatype=NamedNode(XSD + "decimal"))
    assert bound[Variable("label")] == Literal("Washington")
    assert bound[Variable("label")].datatype == NamedNode(XSD + "string")
    assert bound[Variable("since")] == Literal("2024-07-09", datatype=NamedNode(XSD + "date"))
    assert bound[Variable("count")] == Literal("12", datatype=NamedNode(XSD + "integer"))
    assert bound[Variable("thing")] == NamedNode("https://example.org/x")


def test_decimal_binding_is_plain_lexical_form():
    value = TYPED.bindings({"level": "1E-1"})[Variable("level")]
    assert value.value == "0.1"
    assert Decimal(value.value) == Decimal("0.1")


def test_min_confidence_default_is_typed_decimal_zero():
    for name in NAMES:
        query = CANNED[name]
        if any(p.name == "min_confidence" for p in query.params):
            value = query.bindings({})[Variable("min_confidence")]
            assert value.datatype == NamedNode(XSD + "decimal")
            assert Decimal(value.value) == 0


def test_bindings_reject_an_unknown_name():
    with pytest.raises(QueryError, match="no parameter 'colour'"):
        CANNED["partners-invited"].bindings({"colour": "red"})


@pytest.mark.parametrize(("name", "value"), [
    ("level", "abc"), ("level", ""), ("since", "2024-13-01"), ("since", "yesterday"),
    ("count", "1.5"), ("count", "many"), ("thing", "not an iri"),
])
def test_bindings_reject_bad_values(name, value):
    with pytest.raises(QueryError, match=name):
        TYPED.bindings({name: value})


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", "sNaN"])
def test_bindings_reject_non_finite_decimals(value):
    with pytest.raises(QueryError):
        TYPED.bindings({"level": value})


# -- injection -------------------------------------------------------------------------
def test_sparql_in_a_parameter_is_bound_as_a_literal_and_changes_nothing(store_copy):
    before = store_fingerprint(store_copy)
    query = CANNED["statements"]
    bound = query.bindings({"speaker": INJECTION})
    assert bound[Variable("speaker")] == Literal(INJECTION)
    assert INJECTION not in query.text
    rows = list(run_query(query, {"speaker": INJECTION}, store_copy))
    assert all(row["speaker"] == Literal(INJECTION) for row in rows)
    assert store_fingerprint(store_copy) == before


def test_sparql_in_a_parameter_matches_no_speaker(seeds_store):
    rows = list(run_query(CANNED["statements"], {"speaker": INJECTION}, seeds_store))
    assert rows == []


# -- one document ----------------------------------------------------------------------
def _documents(seeds_store):
    return {row["document"].value: row for row in run_query(CANNED["documents"], {}, seeds_store)}


@pytest.mark.parametrize("name", NAMES)
def test_every_query_takes_a_document(name):
    assert "document" in {p.name for p in CANNED[name].params if p.type == "iri"}


def test_documents_lists_each_article_once_with_its_file_title_and_date(seeds_store, seeds_dir):
    documents = _documents(seeds_store)
    files = sorted(Path(row["source"].value).name for row in documents.values())
    assert files == sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert all(row["title"].value and row["date"].value for row in documents.values())


AGGREGATES = ["allies", "meetings", "officials", "partners", "partners-invited", "summits",
              "threats"]


@pytest.mark.parametrize("name", AGGREGATES)
@pytest.mark.parametrize("confidence", ["0", "0.9"])
def test_an_aggregate_answer_counts_the_documents_that_give_it(seeds_store, name, confidence):
    """Asked of each document, every answer counts 1, and the documents that give an
    answer are as many as the whole store's tally says."""
    per_document: Counter[tuple] = Counter()
    for document in _documents(seeds_store):
        rows = list(run_query(CANNED[name], {"document": document,
                                             "min_confidence": confidence}, seeds_store))
        assert all(row["documents"].value == "1" for row in rows)
        per_document.update(_key(row) for row in rows)
    whole = run_query(CANNED[name], {"min_confidence": confidence}, seeds_store)
    assert per_document == {_key(row): int(row["documents"].value) for row in whole}


def _key(row) -> tuple:
    return tuple(term.value for term in list(row)[:3] if term is not None)


@pytest.mark.parametrize("name", AGGREGATES)
def test_a_documents_example_is_its_own_fact(seeds_store, name):
    store = read_store(seeds_store)
    for document in _documents(seeds_store):
        for row in run_query(CANNED[name], {"document": document}, seeds_store):
            quads = store.quads_for_pattern(row["example"], None, None)
            assert {q.graph_name for q in quads if isinstance(q.graph_name, NamedNode)} == {
                NamedNode(document)}  # the merged view holds it too, in the default graph
    del store


@pytest.mark.parametrize("name", ["statements", "commitments", "calls-on"])
def test_a_list_question_of_one_document_returns_its_rows_alone(seeds_store, name):
    whole = Counter(row["fact"].value for row in run_query(CANNED[name], {}, seeds_store))
    found: Counter[str] = Counter()
    for document in _documents(seeds_store):
        rows = list(run_query(CANNED[name], {"document": document}, seeds_store))
        assert {row["document"].value for row in rows} <= {document}
        found.update(row["fact"].value for row in rows)
    assert found == whole


def test_a_document_can_be_named_as_printed(seeds_store):
    document = next(iter(_documents(seeds_store)))
    printed = "nkr:" + document.removeprefix("https://w3id.org/natokg/resource/")
    rows = list(run_query(CANNED["allies"], {"document": printed}, seeds_store))
    assert rows and all(row["document"].value == document for row in rows)


@pytest.mark.parametrize("document", ["nkr:document/0000000000000000", "not an iri"])
def test_an_unknown_document_is_a_query_error(seeds_store, document):
    with pytest.raises(QueryError, match=r"no document|needs a iri"):
        run_query(CANNED["allies"], {"document": document}, seeds_store)


# -- filters ---------------------------------------------------------------------------
# (query, parameter, value, the column it filters on): on the seeds each filter keeps
# the rows it names, and a value no row has keeps none.
FILTERS = [
    ("statements", "about", "UKRAINE", "quote"),
    ("officials", "office", "secretary general", "roleLabel"),
    ("officials", "org", "united states", "orgLabel"),
    ("threats", "name", "china", "actorLabel"),
    ("allies", "name", "sweden", "allyLabel"),
    ("partners", "name", "japan", "partnerLabel"),
    ("partners-invited", "invitee", "japan", "partnerLabel"),
    ("meetings", "year", "2024", "startDate"),
    ("calls-on", "by", "stoltenberg", "speakerLabel"),
    ("commitments", "by", "allies", "committerLabel"),
]


def _matches(value: str, row, column: str) -> bool:
    text = row[column].value.lower() if row[column] is not None else ""
    return text.startswith(value) if column == "startDate" else value.lower() in text


@pytest.mark.parametrize(("name", "param", "value", "column"), FILTERS)
def test_a_filter_keeps_exactly_the_rows_it_names(seeds_store, name, param, value, column):
    every = list(run_query(CANNED[name], {}, seeds_store))
    kept = list(run_query(CANNED[name], {param: value}, seeds_store))
    expected = [row for row in every if _matches(value, row, column)]
    assert kept and [row[0] for row in kept] == [row[0] for row in expected]
    assert not list(run_query(CANNED[name], {param: "1900" if param == "year" else "zzz"},
                              seeds_store))


def test_a_year_must_be_a_whole_number(seeds_store):
    with pytest.raises(QueryError, match="needs a integer"):
        run_query(CANNED["summits"], {"year": "twenty"}, seeds_store)


# -- custom queries ----------------------------------------------------------------------
def test_a_syntax_error_is_placed_in_the_users_own_lines(seeds_store):
    with pytest.raises(QueryError, match=r"error at 2:16: "):
        run_query(inline_query("SELECT ?x\nWHERE { ?x ?y }"), {}, seeds_store)
    with pytest.raises(QueryError, match=r"error at 1:43: "):
        run_query(inline_query("PREFIX nkg: <x:> SELECT ?x WHERE { ?x ?y }"), {}, seeds_store)


_LOCAL = st.text(alphabet=st.sampled_from("abz09-_.~!$&'()*+,;=/?#@:%AF"), min_size=1)


@given(base=st.sampled_from(sorted(PREFIXES.values())), local=_LOCAL)
@example(base=PREFIXES["rdf"], local="0.0.0")  # Oxigraph reads an unescaped one as numbers
def test_a_printed_iri_reads_back_as_the_same_iri(base, local):
    iri = base + local
    try:
        NamedNode(iri)
    except ValueError:
        return  # not an IRI (a stray %), so nothing natokg could print
    printed = pasteable(iri)
    assert expand(printed) == iri
    header = "".join(f"PREFIX {p}: <{b}>\n" for p, b in PREFIXES.items())
    row = next(iter(pyoxigraph.Store().query(f"{header}SELECT ?x {{ BIND({printed} AS ?x) }}")))
    assert row["x"] == NamedNode(iri)
