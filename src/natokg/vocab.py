"""The ontology's terms, as a closed vocabulary.

Like rdflib's `DefinedNamespace`, asking for a term that is not listed raises
`AttributeError`, so a typo in `rdf.py` fails at import or test time instead of
silently minting a property no query will ever find. The classes and
properties of facts are those the fact declarations (`facts.py`) name; the
rest are listed here. A test checks that every `NKG` term is declared in
`ontology/natokg.ttl`.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from natokg.facts import FACT_TYPES

ONTOLOGY_IRI = "https://w3id.org/natokg/ontology"
RESOURCE_BASE = "https://w3id.org/natokg/resource/"


class ClosedNamespace:
    """A namespace whose terms are listed up front; unknown names raise."""

    def __init__(self, base: str, terms: str) -> None:
        self.base = base
        self.terms = frozenset(terms.split())
        self._nodes = {term: NamedNode(base + term) for term in self.terms}

    def __getattr__(self, name: str) -> NamedNode:
        try:
            nodes: dict[str, NamedNode] = self.__dict__["_nodes"]
            return nodes[name]
        except KeyError:
            raise AttributeError(f"{name!r} is not a term of <{self.base}>") from None

    def __getitem__(self, name: str) -> NamedNode:
        return self.__getattr__(name)

    def __contains__(self, name: str) -> bool:
        return name in self.terms


_FACT_TERMS = " ".join(
    term for fact_type in FACT_TYPES for term in (fact_type.rdf_class, *fact_type.properties())
)
NKG = ClosedNamespace(
    ONTOLOGY_IRI + "#",
    """
    Document Evidence Fact Extraction
    Country Organisation Person City Role ArmedGroup Concept
    Event Summit Meeting Ally Partner PartnershipFramework
    document evidence sentence startOffset endOffset
    extractor confidence
    accessionDate partnership country defaultOrganisation
    startDate endDate place
    source spacyModel natokgVersion
    Summary Tally question tallied talliedRole talliedOrganisation talliedTitle talliedEvent
    bestConfidence documentCount example support
    """
    + _FACT_TERMS,
)

SCHEMA = ClosedNamespace(
    "https://schema.org/",
    "headline datePublished url name NewsArticle Event Place Country City Person "
    "Organization Quotation MonetaryAmount location startDate endDate text",
)
PROV = ClosedNamespace(
    "http://www.w3.org/ns/prov#",
    "Entity Activity Agent SoftwareAgent wasDerivedFrom wasGeneratedBy wasAttributedTo "
    "wasAssociatedWith used startedAtTime endedAtTime value atLocation",
)
ORG = ClosedNamespace(
    "http://www.w3.org/ns/org#",
    "Organization FormalOrganization Membership Role Post member organization role "
    "hasMember memberOf",
)
RDF = ClosedNamespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "type")
RDFS = ClosedNamespace(
    "http://www.w3.org/2000/01/rdf-schema#",
    "label comment subClassOf subPropertyOf domain range",
)
OWL = ClosedNamespace(
    "http://www.w3.org/2002/07/owl#",
    "sameAs Class ObjectProperty DatatypeProperty Ontology versionInfo equivalentClass",
)
SKOS = ClosedNamespace("http://www.w3.org/2004/02/skos/core#", "Concept prefLabel altLabel")
XSD = ClosedNamespace(
    "http://www.w3.org/2001/XMLSchema#",
    "string integer decimal date gYear gYearMonth dateTime boolean",
)

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"

PREFIXES: dict[str, str] = {
    "nkg": NKG.base,
    "nkr": RESOURCE_BASE,
    "schema": SCHEMA.base,
    "prov": PROV.base,
    "org": ORG.base,
    "rdf": RDF.base,
    "rdfs": RDFS.base,
    "owl": OWL.base,
    "skos": SKOS.base,
    "xsd": XSD.base,
    "wd": WIKIDATA_ENTITY,
}

