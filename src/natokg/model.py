"""The plain data that flows between pipeline stages.

Every stage (ingest → nlp → link → extraction → rdf → store) takes and returns
these dataclasses, so each stage can be tested, replaced or called from a
notebook without knowing about RDF; only `rdf.py` turns them into triples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar, Literal, Protocol

Precision = Literal["day", "month", "year"]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the day, the month or only the year.

    News often says "in July" or "last year"; keeping the precision lets the
    graph say exactly what the text said instead of inventing a day.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def isoformat(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def as_date(self) -> date | None:
        """The exact day, when the precision allows it."""
        if self.day is None or self.month is None:
            return None
        return date(self.year, self.month, self.day)

    @classmethod
    def of(cls, day: date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (the forms `isoformat` writes)."""
        parts = [int(p) for p in str(text).split("-")]
        if not 1 <= len(parts) <= 3:
            raise ValueError(f"not an ISO date: {text!r}")
        partial = cls(*parts)
        if partial.day is not None:
            date(partial.year, partial.month or 1, partial.day)  # validates the day
        return partial


@dataclass(frozen=True)
class Document:
    """One article, as read from a file or a JSONL line.

    `id` is derived from the text alone, so the same article read from a .txt
    file, an HTML page or a JSONL line is the same document (and replaces,
    rather than duplicates, its graph on rebuild). All character offsets in the
    graph are offsets into `text`.
    """

    id: str
    text: str
    title: str
    date: date | None
    source: str
    url: str | None = None


class Kind(StrEnum):
    """What sort of thing an entity is; each maps to one ontology class."""

    COUNTRY = "Country"
    ORGANISATION = "Organisation"
    PERSON = "Person"
    CITY = "City"
    SUMMIT = "Summit"
    MEETING = "Meeting"
    ROLE = "Role"
    GROUP = "ArmedGroup"
    CONCEPT = "Concept"
    FRAMEWORK = "PartnershipFramework"


@dataclass(frozen=True)
class Entity:
    """One real-world thing, the same across all documents.

    Gazetteer entities carry curated facts (Wikidata id, accession date,
    partnerships, host city and dates of a summit); entities discovered in text
    (unknown people, meetings) carry only what the text said.
    """

    id: str
    label: str
    kind: Kind
    wikidata: str | None = None
    ally_since: date | None = None
    partnerships: tuple[str, ...] = ()
    partner: bool = False
    country: str | None = None
    place: str | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    org: str | None = None
    from_gazetteer: bool = True


@dataclass(frozen=True)
class Evidence:
    """Where a fact came from: the sentence, its offsets, and who extracted it."""

    sentence: str
    start: int
    end: int
    rule: str
    confidence: float


@dataclass(frozen=True)
class Mention:
    """An entity named in a document, at character offsets `start`..`end`."""

    entity: Entity
    text: str
    start: int
    end: int
    evidence: Evidence


@dataclass(frozen=True)
class OfficeHolding:
    """A person holding a role in an organisation or a country's government."""

    person: Entity
    role: Entity
    org: Entity
    evidence: Evidence
    title: str | None = None
    """The title as written ("Defense Secretary"), when it differs from the role's label."""


@dataclass(frozen=True)
class Invitation:
    """Someone invited to an event (a partner invited to a summit)."""

    invitee: Entity
    event: Entity
    inviter: Entity | None
    evidence: Evidence


@dataclass(frozen=True)
class Commitment:
    """A pledge, deal, package or spending, with its amount when the text gives one."""

    committer: Entity | None
    description: str
    amount: Decimal | None
    currency: str | None
    beneficiary: Entity | None
    evidence: Evidence


@dataclass(frozen=True)
class CallOn:
    """A speaker calling on, urging or demanding something of a target."""

    speaker: Entity
    target: Entity
    demand: str
    evidence: Evidence


@dataclass(frozen=True)
class Threat:
    """An actor described as a threat, competitor or aggressor."""

    actor: Entity
    evidence: Evidence


@dataclass(frozen=True)
class Quote:
    """Words in quotation marks, attributed to the person who said them."""

    speaker: Entity
    text: str
    start: int
    end: int
    evidence: Evidence


@dataclass(frozen=True)
class EventHeld:
    """A summit or meeting the text places at a location and/or a date."""

    event: Entity
    evidence: Evidence


class Fact(Protocol):
    """Any fact a rule yields: a frozen dataclass with its evidence, declared in `facts.py`.

    A protocol rather than a union of the classes, so a new kind of fact is
    declared in one place (`facts.py`) and this module need not list it.
    """

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def evidence(self) -> Evidence: ...


@dataclass
class Extraction:
    """Everything extracted from one document, ready for `rdf.py`."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    context: list[Entity] = field(default_factory=list)
    """Entities referred to only by id (a summit's city, a partnership framework)."""

    def entities(self) -> dict[str, Entity]:
        """Every entity the document refers to, by id."""
        found: dict[str, Entity] = {entity.id: entity for entity in self.context}
        for mention in self.mentions:
            found[mention.entity.id] = mention.entity
        for fact in self.facts:
            for value in vars(fact).values():
                if isinstance(value, Entity):
                    found[value.id] = value
        return found
