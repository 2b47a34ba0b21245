"""The edge where the plain data model becomes RDF.

Each document becomes one named graph (its IRI is the document's IRI) that is
self-contained: the document's metadata, every entity it mentions with that
entity's label, class and Wikidata link, and every fact with its evidence. A
graph can therefore be exported, replaced or dropped alone, and rebuilding a
document replaces exactly its own graph.

Graphs are written straight as N-Quads text, the form they travel and are
bulk-loaded in: building a pyoxigraph term and quad per triple (some 850 per
article) and serializing them cost more than the relation rules. Each term is
written exactly as Oxigraph writes it, so the bytes are the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from natokg import __version__
from natokg.facts import Field, Value, fact_type_of
from natokg.iris import document_iri, encoded, resource_iri
from natokg.model import Entity, Evidence, Extraction, Fact, Kind, PartialDate
from natokg.vocab import NKG, OWL, PROV, RDF, RDFS, RESOURCE_BASE, SCHEMA, WIKIDATA_ENTITY, XSD

_KIND_CLASS = {
    Kind.COUNTRY: NKG.Country,
    Kind.ORGANISATION: NKG.Organisation,
    Kind.PERSON: NKG.Person,
    Kind.CITY: NKG.City,
    Kind.SUMMIT: NKG.Summit,
    Kind.MEETING: NKG.Meeting,
    Kind.ROLE: NKG.Role,
    Kind.GROUP: NKG.ArmedGroup,
    Kind.CONCEPT: NKG.Concept,
    Kind.FRAMEWORK: NKG.PartnershipFramework,
}

Term = str  # an IRI or a literal in N-Triples syntax: `<…>`, `"…"`, `"…"^^<…>`

# The characters Oxigraph escapes in a literal, escaped as it does.
_ESCAPES = {
    **{code: f"\\u{code:04X}" for code in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)},
    **{ord(char): escape for char, escape in (
        ("\b", "\\b"), ("\t", "\\t"), ("\n", "\\n"), ("\f", "\\f"), ("\r", "\\r"),
        ('"', '\\"'), ("\\", "\\\\"))},
}


@cache
def iri(node: NamedNode) -> Term:
    """A vocabulary term (or any checked IRI) as written in N-Quads."""
    return str(node)


@cache
def entity_term(entity_id: str) -> Term:
    """An entity's IRI as written in N-Quads (ids recur across documents, hence the cache)."""
    return f"<{resource_iri(f'entity/{entity_id}')}>"


def text(value: str) -> Term:
    return f'"{value.translate(_ESCAPES)}"'


def _typed(lexical: str, datatype: NamedNode) -> Term:
    """A typed literal whose lexical form (digits, dashes, a point) needs no escaping."""
    return f'"{lexical}"^^{iri(datatype)}'


def decimal(value: Decimal | float) -> Term:
    """An xsd:decimal in plain notation ("5500000000", never "5.5E+9", which is not lexical)."""
    return _typed(format(Decimal(str(value)), "f"), XSD.decimal)


def integer(value: int) -> Term:
    return _typed(str(value), XSD.integer)


def day(value: date) -> Term:
    return _typed(value.isoformat(), XSD.date)


_DATE_TYPE = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def partial_date(value: PartialDate) -> Term:
    """A date at the precision the text gave: xsd:date, xsd:gYearMonth or xsd:gYear."""
    return _typed(value.isoformat(), _DATE_TYPE[value.precision])


class _GraphWriter:
    """Collects the quads of one document graph, describing each entity once."""

    def __init__(self, extraction: Extraction, model_name: str) -> None:
        self.document = extraction.document
        self.graph = iri(document_iri(self.document.id))
        self._id = encoded(self.document.id)  # percent-encoded once per document
        self.activity = f"<{RESOURCE_BASE}extraction/{self._id}>"
        self.entities = extraction.entities()
        self.model_name = model_name
        self.lines: list[str] = []
        self._described: set[str] = set()
        self._evidence: dict[tuple[int, int], Term] = {}

    def add(self, subject: Term, predicate: NamedNode, obj: Term | NamedNode | None) -> None:
        """Add one triple to the document graph; a missing (None) object adds nothing."""
        if obj is not None:
            value = obj if isinstance(obj, str) else iri(obj)
            self.lines.append(f"{subject} {iri(predicate)} {value} {self.graph} .\n")

    def describe_document(self) -> None:
        doc, node, activity = self.document, self.graph, self.activity
        self.add(node, RDF.type, NKG.Document)
        self.add(node, SCHEMA.headline, text(doc.title))
        self.add(node, NKG.source, text(doc.source))
        self.add(node, SCHEMA.datePublished, day(doc.date) if doc.date else None)
        self.add(node, SCHEMA.url, text(doc.url) if doc.url else None)
        self.add(node, PROV.wasGeneratedBy, activity)
        self.add(activity, RDF.type, NKG.Extraction)
        self.add(activity, PROV.used, node)
        self.add(activity, NKG.natokgVersion, text(__version__))
        self.add(activity, NKG.spacyModel, text(self.model_name))

    def entity(self, entity: Entity) -> Term:
        """The entity's IRI, describing it in this graph the first time it is used."""
        node = entity_term(entity.id)
        if entity.id not in self._described:
            self._described.add(entity.id)
            self._describe_entity(node, entity)
        return node

    def entity_by_id(self, entity_id: str | None) -> Term | None:
        """An entity referred to by id, described here too (linking put every entity
        the document refers to, however indirectly, in its context)."""
        if entity_id is None:
            return None
        known = self.entities.get(entity_id)
        return self.entity(known) if known else entity_term(entity_id)

    def _describe_entity(self, node: Term, entity: Entity) -> None:
        self.add(node, RDF.type, _KIND_CLASS[entity.kind])
        self.add(node, RDFS.label, text(entity.label))
        if entity.wikidata:
            self.add(node, OWL.sameAs, NamedNode(WIKIDATA_ENTITY + entity.wikidata))
        if entity.ally_since:
            self.add(node, RDF.type, NKG.Ally)
            self.add(node, NKG.accessionDate, day(entity.ally_since))
        if entity.partner:
            self.add(node, RDF.type, NKG.Partner)
        for framework in entity.partnerships:
            self.add(node, NKG.partnership, self.entity_by_id(framework))
        self.add(node, NKG.place, self.entity_by_id(entity.place))
        self.add(node, NKG.country, self.entity_by_id(entity.country))
        self.add(node, NKG.defaultOrganisation, self.entity_by_id(entity.org))
        self.add(node, NKG.startDate, partial_date(entity.start) if entity.start else None)
        self.add(node, NKG.endDate, partial_date(entity.end) if entity.end else None)

    def evidence(self, evidence: Evidence) -> Term:
        """The node of the sentence a fact came from, shared by all its facts."""
        key = (evidence.start, evidence.end)
        node = self._evidence.get(key)
        if node is None:
            node = f"<{RESOURCE_BASE}evidence/{self._id}/{evidence.start}-{evidence.end}>"
            self._evidence[key] = node
            self.add(node, RDF.type, NKG.Evidence)
            self.add(node, NKG.document, self.graph)
            self.add(node, NKG.sentence, text(evidence.sentence))
            self.add(node, NKG.startOffset, integer(evidence.start))
            self.add(node, NKG.endOffset, integer(evidence.end))
        return node

    def fact(self, cls: NamedNode, evidence: Evidence, *identity: object) -> Term:
        """A fact node whose IRI depends only on what it says and where, so rebuilds agree."""
        digest = hashlib.sha256(repr((iri(cls), evidence.start, evidence.end, identity)).encode())
        node = f"<{RESOURCE_BASE}fact/{self._id}/{digest.hexdigest()[:16]}>"
        self.add(node, RDF.type, cls)
        self.add(node, NKG.document, self.graph)
        self.add(node, PROV.wasGeneratedBy, self.activity)
        self.add(node, NKG.evidence, self.evidence(evidence))
        self.add(node, NKG.extractor, text(evidence.rule))
        self.add(node, NKG.confidence, decimal(round(evidence.confidence, 3)))
        return node

    def write_fact(self, fact: Fact) -> None:
        """A fact as its declaration (`facts.py`) says: its class, then one property per field."""
        declared = fact_type_of(fact)
        node = self.fact(NKG[declared.rdf_class], fact.evidence, *declared.identity(fact))
        for field in declared.fields:
            value = self._value(field, getattr(fact, field.name, None))
            self.add(node, NKG[field.rdf_property], value)

    def _value(self, field: Field, value: object) -> Term | None:
        """A field's value as a term; a missing one (None, empty text) is not written."""
        if field.value is Value.DOCUMENT_DATE:
            return day(self.document.date) if self.document.date else None
        if value is None or value == "":
            return None
        if isinstance(value, Entity):
            return self.entity(value)
        return _LITERALS[field.value](value)


_LITERALS: dict[Value, Callable[[Any], Term]] = {
    Value.TEXT: text,
    Value.DECIMAL: decimal,
    Value.INTEGER: integer,
}


def extraction_nquads(extraction: Extraction, model_name: str) -> bytes:
    """The named graph of one document as N-Quads: metadata, entities, facts and evidence."""
    writer = _GraphWriter(extraction, model_name)
    writer.describe_document()
    for fact in (*extraction.mentions, *extraction.facts):
        writer.write_fact(fact)
    for entity in extraction.context:
        writer.entity(entity)
    return "".join(writer.lines).encode()


def extraction_quads(extraction: Extraction, model_name: str) -> list[Quad]:
    """The same graph as pyoxigraph quads, for callers that want terms rather than bytes."""
    return list(parse(extraction_nquads(extraction, model_name), format=RdfFormat.N_QUADS))
