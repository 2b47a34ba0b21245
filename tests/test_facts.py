"""The fact declarations (`facts.py`) agree with the ontology, the shapes and every writer.

These tests read the declarations, so a new fact type is checked by them
without being named here.
"""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef

from natokg import facts, model
from natokg.facts import FACT_TYPES, FactType, Value
from natokg.packaged import packaged_graph
from natokg.rdf import extraction_quads
from natokg.vocab import NKG, RESOURCE_BASE

SH = Namespace("http://www.w3.org/ns/shacl#")
NKGSH = Namespace("https://w3id.org/natokg/shapes#")
XSD_BASE = "http://www.w3.org/2001/XMLSchema#"
IDS = [t.rdf_class for t in FACT_TYPES]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return packaged_graph("ontology")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return packaged_graph("shapes")


def _nkg(name: str) -> URIRef:
    return URIRef(NKG[name].value)


@pytest.mark.parametrize("fact_type", FACT_TYPES, ids=IDS)
def test_the_ontology_declares_the_class_a_fact_and_its_properties(
    ontology: Graph, fact_type: FactType
) -> None:
    cls = _nkg(fact_type.rdf_class)
    assert (cls, RDF.type, OWL.Class) in ontology
    assert (cls, RDFS.subClassOf, _nkg("Fact")) in ontology
    for field in fact_type.fields:
        kind = OWL.ObjectProperty if field.is_entity else OWL.DatatypeProperty
        prop = _nkg(field.rdf_property)
        assert (prop, RDF.type, kind) in ontology, f"nkg:{field.rdf_property} must be a {kind}"
        if not field.is_entity:
            assert (prop, RDFS.range, URIRef(XSD_BASE + field.value.value[4:])) in ontology


def test_the_fact_shape_targets_exactly_the_declared_classes(shapes: Graph) -> None:
    targets = set(shapes.objects(NKGSH.FactShape, SH.targetClass))
    assert targets == {_nkg("Fact")} | {_nkg(t.rdf_class) for t in FACT_TYPES}


@pytest.mark.parametrize("fact_type", FACT_TYPES, ids=IDS)
def test_every_declared_class_has_a_shape_of_its_own(shapes: Graph, fact_type: FactType) -> None:
    own = [s for s in shapes.subjects(SH.targetClass, _nkg(fact_type.rdf_class))
           if s != NKGSH.FactShape]
    assert own, f"shapes.ttl has no shape for nkg:{fact_type.rdf_class}"


def test_declarations_are_one_per_class_and_per_dataclass() -> None:
    assert len({t.rdf_class for t in FACT_TYPES}) == len(FACT_TYPES)
    assert len({t.model for t in FACT_TYPES}) == len(FACT_TYPES)
    asked = [t.ask.query for t in FACT_TYPES if t.ask is not None]
    assert len(set(asked)) == len(asked)


def test_a_declaration_naming_a_missing_field_fails_at_once() -> None:
    bad = FactType(model.Threat, "ThreatAssessment", (facts._entity("culprit"),), ("actor",))
    with pytest.raises(TypeError, match="culprit"):
        facts._check(bad)


# -- every declared fact written by rdf.py -------------------------------------------
_DOC = model.Document("d1", "x" * 200, "A title", date(2024, 7, 5), "test")
_EVIDENCE = model.Evidence("A sentence.", 0, 11, "rule", 0.9)


def _entity(name: str) -> model.Entity:
    return model.Entity(name, name.title(), model.Kind.COUNTRY)


_SAMPLES: dict[object, Any] = {
    model.Entity: _entity("alpha"),
    str: "some words",
    Decimal: Decimal("12.5"),
    int: 3,
    model.Evidence: _EVIDENCE,
}


def _sample(fact_type: FactType) -> Any:
    """A fact of this type with every field filled (entities, text, numbers)."""
    hints = typing.get_type_hints(fact_type.model)
    values = {}
    for field in dataclasses.fields(fact_type.model):
        hint = hints[field.name]
        options = [a for a in typing.get_args(hint) if a is not type(None)] or [hint]
        values[field.name] = _SAMPLES[options[0]]
    return fact_type.model(**values)


@pytest.mark.parametrize("fact_type", FACT_TYPES, ids=IDS)
def test_rdf_writes_each_declared_field_as_its_property(fact_type: FactType) -> None:
    fact = _sample(fact_type)
    extraction = model.Extraction(document=_DOC, facts=[fact])
    quads = extraction_quads(extraction, "model")
    cls = NKG[fact_type.rdf_class]
    nodes = {q.subject for q in quads if q.predicate.value.endswith("#type") and q.object == cls}
    assert len(nodes) == 1
    written = {q.predicate.value for q in quads if q.subject in nodes}
    for field in fact_type.fields:
        assert NKG[field.rdf_property].value in written, field
    written_values = {str(q.object) for q in quads if q.subject in nodes}
    if any(f.value is Value.ENTITY for f in fact_type.fields):
        assert f"<{RESOURCE_BASE}entity/alpha>" in written_values
