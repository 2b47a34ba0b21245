"""The closed vocabulary in `natokg.vocab` and the ontology agree."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from natokg.facts import FACT_TYPES
from natokg.vocab import NKG, ONTOLOGY_IRI, PREFIXES, ClosedNamespace

TERM_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    source = files("natokg") / "ontology" / "natokg.ttl"
    return Graph().parse(data=source.read_text(encoding="utf-8"), format="turtle")


@pytest.fixture(scope="module")
def context() -> dict[str, object]:
    source = files("natokg") / "ontology" / "context.jsonld"
    return json.loads(source.read_text(encoding="utf-8"))["@context"]


def test_the_namespace_is_the_ontology_iri() -> None:
    assert NKG.base == ONTOLOGY_IRI + "#"
    assert PREFIXES["nkg"] == NKG.base


@pytest.mark.parametrize("term", sorted(NKG.terms))
def test_every_term_is_declared_labelled_and_explained(ontology: Graph, term: str) -> None:
    iri = URIRef(NKG[term].value)
    declared = set(ontology.objects(iri, RDF.type)) & TERM_TYPES
    assert len(declared) == 1, f"nkg:{term} must be exactly one of {sorted(TERM_TYPES)}"
    assert ontology.value(iri, RDFS.label) is not None, f"nkg:{term} has no rdfs:label"
    assert ontology.value(iri, RDFS.comment) is not None, f"nkg:{term} has no rdfs:comment"


def test_class_names_are_capitalised_and_properties_are_not(ontology: Graph) -> None:
    for term in NKG.terms:
        is_class = (URIRef(NKG[term].value), RDF.type, OWL.Class) in ontology
        assert is_class == term[0].isupper(), term


def test_the_ontology_declares_no_term_outside_the_vocabulary(ontology: Graph) -> None:
    declared = {
        str(node)[len(NKG.base) :]
        for node in ontology.all_nodes()
        if isinstance(node, URIRef) and str(node).startswith(NKG.base)
    }
    assert declared <= NKG.terms, sorted(declared - NKG.terms)


def test_an_unknown_term_raises() -> None:
    with pytest.raises(AttributeError, match="Nope"):
        _ = NKG.Nope
    with pytest.raises(AttributeError):
        _ = NKG["Nope"]
    assert "Nope" not in NKG
    assert "Summit" in NKG


def test_a_closed_namespace_builds_named_nodes() -> None:
    ns = ClosedNamespace("https://example.org/#", "a b")
    assert ns.a.value == "https://example.org/#a"
    assert ns.terms == frozenset({"a", "b"})


def test_the_json_ld_context_gives_every_term_a_short_name(context: dict[str, object]) -> None:
    prefixes = {key: value for key, value in context.items() if isinstance(value, str)}

    def expand(value: object) -> str:
        iri = value["@id"] if isinstance(value, dict) else value
        assert isinstance(iri, str)
        prefix, _, local = iri.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else iri

    assert context["@vocab"] == NKG.base  # a term listed nowhere still compacts to its name
    for term in NKG.terms & context.keys():
        assert expand(context[term]) == NKG.base + term


def test_the_context_writes_entity_fields_as_iris(context: dict[str, object]) -> None:
    """A declared entity field listed in the context must not read its IRI as a string."""
    for fact_type in FACT_TYPES:
        for field in fact_type.fields:
            entry = context.get(field.rdf_property)
            if entry is not None and field.is_entity:
                assert isinstance(entry, dict) and entry.get("@type") == "@id", entry
