"""The ontology's terms, as a closed vocabulary.

Like rdflib's `DefinedNamespace`, asking for a term that is not listed raises
`AttributeError`, so a typo in `rdf.py` fails at import or test time instead of
silently minting a property no query will ever find. A test checks that every
`NKG` term here is declared in `ontology/natokg.ttl`.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

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
            return self.__dict__["_nodes"][name]
        except KeyError:
            raise AttributeError(f"{name!r} is not a term of <{self.base}>") from None

    def __getitem__(self, name: str) -> NamedNode:
        return self.__getattr__(name)

    def __contains__(self, name: str) -> bool:
        return name in self.terms


NKG = ClosedNamespace(
    ONTOLOGY_IRI + "#",
    """
    Document Evidence Fact Extraction
    Country Organisation Person City Role ArmedGroup Concept
    Event Summit Meeting Ally Partner PartnershipFramework
    Mention OfficeHolding Invitation Commitment CallOn ThreatAssessment Statement EventReport
    entity surfaceText document evidence sentence startOffset endOffset
    extractor confidence
    accessionDate partnership country defaultOrganisation
    startDate endDate place
    person role organisation title
    invitee inviter event
    committer description amount currency beneficiary
    speaker target demand
    actor quote date
    source spacyModel natokgVersion
    Summary Tally question tallied talliedRole talliedOrganisation talliedTitle talliedEvent
    bestConfidence documentCount example support
    """,
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


def expand(iri: str) -> str:
    """`nkr:entity/ukraine` (or `<…>`) → the full IRI; full IRIs pass through."""
    iri = iri.strip().removeprefix("<").removesuffix(">")
    prefix, sep, rest = iri.partition(":")
    if sep and prefix in PREFIXES and not rest.startswith("//"):
        return PREFIXES[prefix] + rest.replace("\\", "")
    return iri
