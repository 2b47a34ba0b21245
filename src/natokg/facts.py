"""Every kind of fact natokg writes, declared once: the one place a relation is described.

A declaration ties a model dataclass (what the extraction rules yield) to
what the rest of natokg needs to know about it, so that no module keeps a
table of its own: its RDF class, each field's property and kind of value
(`rdf.py` writes the fact from it), which fields make the fact's identity
(its IRI), how a picture draws it, and the words `natokg ask` recognises
for its canned query. `vocab.py` takes the terms named here into the closed
`nkg:` vocabulary, `natokg stats` counts these classes as facts, and tests
check that the ontology declares every term and that the SHACL shapes
target every class.

Terms are local names in the `nkg:` namespace (plain strings: this module
imports nothing of natokg but the model, so every other module can read
it). The first fact classes live in `model.py`, where their rules import
them from; a new one is defined here, above its declaration, so that adding
a relation leaves `model.py` alone (docs/adding-a-relation.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from enum import Enum
from typing import Literal

from natokg.model import (
    CallOn,
    Commitment,
    Entity,
    EventHeld,
    Evidence,
    Fact,
    Invitation,
    Mention,
    OfficeHolding,
    Quote,
    Threat,
)

__all__ = ["FACT_TYPES", "AskWords", "FactType", "Field", "Sanction", "Value", "fact_type_of"]


class Value(Enum):
    """What a field holds, hence how it is written: an entity's IRI or a typed literal."""

    ENTITY = "entity"
    TEXT = "xsd:string"
    DECIMAL = "xsd:decimal"
    INTEGER = "xsd:integer"
    DOCUMENT_DATE = "xsd:date"
    """Not a field of the fact: the date of the document it was read in."""


Side = Literal["subject", "object"]


@dataclass(frozen=True)
class Field:
    """One field of a fact written as one `nkg:` property (nothing when the value is missing).

    `draw` says which end of a picture's edge the entity is: edges run from
    each subject to each object of a fact.
    """

    name: str
    rdf_property: str
    value: Value
    draw: Side | None = None

    @property
    def is_entity(self) -> bool:
        return self.value is Value.ENTITY


Identity = Callable[[object], tuple[object, ...]]


@dataclass(frozen=True)
class AskWords:
    """Words (regular expressions on the lower-cased question) that point at a canned query,
    and a question they map to it (tests ask it)."""

    query: str
    example: str
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class FactType:
    """A kind of fact: its dataclass, its `nkg:` class and how each of its fields is written.

    The fact's IRI is a hash of its class, its evidence offsets and
    `identity` (by default the `identity_fields`, entities by id), so a
    rebuild mints the same IRI for the same fact.
    """

    model: type[Fact]
    rdf_class: str
    fields: tuple[Field, ...]
    identity_fields: tuple[str, ...]
    edge_label: str | None = None
    ask: AskWords | None = None
    identity_of: Identity | None = None

    def identity(self, fact: object) -> tuple[object, ...]:
        if self.identity_of is not None:
            return self.identity_of(fact)
        return tuple(_identity_part(getattr(fact, name)) for name in self.identity_fields)

    def properties(self) -> list[str]:
        return [f.rdf_property for f in self.fields]


def _identity_part(value: object) -> object:
    return value.id if isinstance(value, Entity) else value


def _commitment_identity(fact: object) -> tuple[object, ...]:
    """A commitment is told apart by what and how much (an amount of None hashes as "None")."""
    assert isinstance(fact, Commitment)
    return (fact.description, str(fact.amount))


@dataclass(frozen=True)
class Sanction:
    """Sanctions (or an embargo) imposed on a target, by whom when the text says, and what."""

    imposer: Entity | None
    target: Entity
    description: str
    evidence: Evidence


def _entity(name: str, prop: str | None = None, draw: Side | None = None) -> Field:
    return Field(name, prop or name, Value.ENTITY, draw)


def _text(name: str, prop: str | None = None) -> Field:
    return Field(name, prop or name, Value.TEXT)


_OFFSETS = (Field("start", "startOffset", Value.INTEGER), Field("end", "endOffset", Value.INTEGER))

# In this order `natokg ask` tries their words (earlier wins a tie: "which partners
# were invited to the summit?" asks about the invitation; "where did ministers
# meet?" about a meeting, not an office).
FACT_TYPES: tuple[FactType, ...] = (
    FactType(
        Invitation, "Invitation",
        (_entity("invitee", draw="subject"), _entity("event", draw="object"), _entity("inviter")),
        identity_fields=("invitee", "event", "inviter"),
        edge_label="invited to",
        ask=AskWords("partners-invited", "which partners were invited to the Vilnius summit?",
                     (r"\binvit\w*", r"\bguests?\b")),
    ),
    FactType(
        CallOn, "CallOn",
        (_entity("speaker", draw="subject"), _entity("target", draw="object"), _text("demand")),
        identity_fields=("speaker", "target", "demand"),
        edge_label="calls on",
        ask=AskWords("calls-on", "whom did the Secretary General call on?",
                     (r"\bcall(?:s|ed|ing)?\s+(?:up)?on\b", r"\burg\w*", r"\bdemand\w*")),
    ),
    FactType(
        Commitment, "Commitment",
        (_entity("committer", draw="subject"), _text("description"),
         Field("amount", "amount", Value.DECIMAL), _text("currency"),
         _entity("beneficiary", draw="object")),
        identity_fields=("description", "amount"),
        identity_of=_commitment_identity,
        edge_label="commits to",
        ask=AskWords("commitments", "what was pledged to Ukraine?", (
            r"\bcommit\w*", r"\bpledg\w*", r"\bpromis\w*", r"\bdeals?\b", r"\bpackages?\b",
            r"\bspen[dt]\w*", r"\bfund\w*", r"\bhow much\b", r"\bmoney\b", r"\baid\b",
            r"\bdonat\w*", r"\b(?:b|m)illions?\b")),
    ),
    FactType(
        Quote, "Statement",
        (_entity("speaker", draw="subject"), _text("text", "quote"), *_OFFSETS,
         Field("date", "date", Value.DOCUMENT_DATE)),
        identity_fields=("speaker", "start", "end"),
        ask=AskWords("statements", "what did Rutte say?", (
            r"\bsa(?:y|ys|id)\b", r"\bquot\w*", r"\bstatements?\b", r"\btold\b", r"\bspo?ke\w*",
            r"\bremarks?\b", r"\bdeclar\w*")),
    ),
    FactType(
        Threat, "ThreatAssessment",
        (_entity("actor", draw="subject"),),
        identity_fields=("actor",),
        ask=AskWords("threats", "who is described as a threat?", (
            r"\bthreat\w*", r"\bcompetitors?\b", r"\baggress\w*", r"\badversar\w*",
            r"\benem(?:y|ies)\b", r"\bdanger\w*", r"\brival\w*", r"\bchallenges?\b")),
    ),
    FactType(
        EventHeld, "EventReport",
        (_entity("event", draw="object"),),
        identity_fields=("event",),
        edge_label="reported",
        ask=AskWords("meetings", "which meetings took place in Brussels?", (
            r"\bmeetings?\b", r"\bme(?:e|)t\b", r"\bministerials?\b", r"\bcouncils?\b",
            r"\bgatherings?\b", r"\bconferences?\b")),
    ),
    FactType(
        OfficeHolding, "OfficeHolding",
        (_entity("person", draw="subject"), _entity("role"),
         _entity("org", "organisation", draw="object"), _text("title")),
        identity_fields=("person", "role", "org"),
        ask=AskWords("officials", "who is Stoltenberg?", (
            r"\boffic(?:e|es|ials?)\b", r"\bholds?\b", r"\broles?\b", r"\bpositions?\b",
            r"\bsecretar(?:y|ies)\b", r"\bministers?\b", r"\bwho is\b", r"\bjobs?\b",
            r"\btitles?\b")),
    ),
    FactType(
        Sanction, "Sanction",
        (_entity("imposer", draw="subject"), _entity("target", draw="object"),
         _text("description")),
        identity_fields=("imposer", "target", "description"),
        edge_label="sanctions",
        ask=AskWords("sanctions", "which sanctions were imposed on Russia?",
                     (r"\bsanction\w*", r"\bembargo\w*")),
    ),
    FactType(
        Mention, "Mention",
        (_entity("entity", draw="subject"), _text("text", "surfaceText"), *_OFFSETS),
        identity_fields=("entity", "start"),
        edge_label="named with",
    ),
)

_BY_MODEL = {fact_type.model: fact_type for fact_type in FACT_TYPES}


def fact_type_of(fact: Fact) -> FactType:
    """The declaration of a fact's class (a fact of an undeclared class is a bug: KeyError)."""
    return _BY_MODEL[type(fact)]


def _check(fact_type: FactType) -> None:
    """A declaration names only fields its dataclass has (caught at import, not in a graph)."""
    names = {f.name for f in dataclass_fields(fact_type.model)}
    named = {f.name for f in fact_type.fields if f.value is not Value.DOCUMENT_DATE}
    unknown = (named | set(fact_type.identity_fields)) - names
    if unknown or "evidence" not in names:
        raise TypeError(f"{fact_type.rdf_class}: {fact_type.model.__name__} has no "
                        f"field {sorted(unknown or {'evidence'})}")


for _fact_type in FACT_TYPES:
    _check(_fact_type)
