"""A linked article: the plain data that linking hands to the relation rules.

Kept apart from the linking rules (`link.py`) so that what the rules read is
one short, stable module: each mention's entity, each office named, and what
a mention stands for (a leader's country, a group's members).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from natokg.model import Document, Entity, Kind


@dataclass(frozen=True)
class Link:
    """A token span (`start`..`end`, token indices) that refers to `entity`."""

    start: int
    end: int
    entity: Entity
    rule: str
    confidence: float


@dataclass(frozen=True)
class RoleRef:
    """An office named in text ("Ukrainian Foreign Minister"), with its organisation."""

    start: int
    end: int
    role: Entity
    org: Entity | None
    holder: Entity | None
    named: Entity | None = None  # the person the text gives it to ("the prime minister, X")


@dataclass(frozen=True)
class Earlier:
    """What the parts of a long article before this one named (see `pipeline`), so that
    a part is linked as it would be within the whole text."""

    people: dict[str, Entity] = field(default_factory=dict)
    """Each surname named so far → its person ("Mr Doe" after "Jane Doe")."""
    summit: Entity | None = None
    """The last summit named: what a bare "the Summit" refers to."""
    subject: Entity | None = None
    """The last person named as a subject, outside quotations: who "he" is."""
    person: Entity | None = None
    """The last person named at all, outside quotations: "he" when no subject was named."""


@dataclass
class LinkedDoc:
    """A parsed article with its links: what relation rules read."""

    doc: Doc
    document: Document
    links: list[Link] = field(default_factory=list)
    roles: list[RoleRef] = field(default_factory=list)
    # Organisations and countries a known title opens with ("EU foreign policy chief"):
    # named in the article, but not links, so the title still reads as one office.
    titled: list[Link] = field(default_factory=list)
    context: dict[str, Entity] = field(default_factory=dict)
    countries: dict[str, Entity] = field(default_factory=dict)
    """person id -> the country the text (or the gazetteer, at the article's date) says
    that person leads or speaks for: "Japanese Prime Minister Fumio Kishida" → Japan."""
    members: dict[str, list[Entity]] = field(default_factory=dict)
    """group id -> the countries it stands for at the article's date ("the IP4")."""
    meeting_formats: dict[str, Entity] = field(default_factory=dict)
    """body id -> its curated meeting format, for each body named ("the NATO-Ukraine
    Council met" is a "NATO-Ukraine Council meeting"); see `meeting_on`."""
    earlier: Earlier = field(default_factory=Earlier)
    people: dict[str, Entity] = field(default_factory=dict)
    _by_token: dict[int, Link] = field(default_factory=dict)
    _person_starts: list[int] = field(default_factory=list)
    _people: list[tuple[Entity, bool]] = field(default_factory=list)

    def index(self) -> None:
        """Build the token and speaker indices once all links are known."""
        self.links.sort(key=lambda link: link.start)
        self._by_token = {i: link for link in self.links for i in range(link.start, link.end)}
        people = [link for link in self.links if link.entity.kind is Kind.PERSON]
        self._person_starts = [self.doc[link.start].idx for link in people]
        self._people = [(link.entity, _is_subject(self.doc[link.start : link.end]))
                        for link in people]

    def link_at(self, token: Token) -> Link | None:
        return self._by_token.get(token.i)

    def entity_at(self, token: Token) -> Entity | None:
        link = self._by_token.get(token.i)
        return link.entity if link else None

    def represented(self, entity: Entity) -> Entity | None:
        """What an actor stands for in a fact about states: a leader their country
        (None when the text and gazetteer give none), anything else itself."""
        if entity.kind is not Kind.PERSON:
            return entity
        return self.countries.get(entity.id)

    def expand(self, entity: Entity) -> list[Entity]:
        """The countries an actor stands for: a group's members ("invited the IP4" is
        four invitations), a leader's country, anything else itself."""
        if entity.id in self.members:
            return list(self.members[entity.id])
        represented = self.represented(entity)
        return [represented] if represented is not None else []

    def last_person(
        self, before_char: int, skip: Callable[[int], bool] = lambda _char: False
    ) -> Entity | None:
        """Who "he" is: the last person before `before_char` named as a subject (news
        keeps its protagonist in subject position), else the last person named at all;
        mentions at offsets `skip` rejects (inside quotations) do not count. Earlier
        parts of the article count as coming before."""
        candidates = self._people_before(before_char, skip)
        subject = next((entity for entity, subject in candidates if subject), None)
        if subject is not None or self.earlier.subject is not None:
            return subject or self.earlier.subject
        return candidates[0][0] if candidates else self.earlier.person

    def carried(self, skip: Callable[[int], bool] = lambda _char: False) -> Earlier:
        """What the next part of the article is linked with: this part and those before it."""
        candidates = self._people_before(len(self.document.text) + 1, skip)
        summits = [link.entity for link in self.links if link.entity.kind is Kind.SUMMIT
                   and link.rule != "summit-city-year"]  # not one named in passing
        return Earlier(
            people=dict(self.people),
            summit=summits[-1] if summits else self.earlier.summit,
            subject=next((entity for entity, subject in candidates if subject),
                         self.earlier.subject),
            person=candidates[0][0] if candidates else self.earlier.person,
        )

    def _people_before(self, before_char: int, skip: Callable[[int], bool]
                       ) -> list[tuple[Entity, bool]]:
        """(person, named as a subject) before `before_char`, latest first, unskipped."""
        end = bisect_right(self._person_starts, before_char - 1)
        return [self._people[i] for i in range(end - 1, -1, -1)
                if not skip(self._person_starts[i])]


def _is_subject(span: Span) -> bool:
    """A mention acting as a clause's subject ("Mr Stoltenberg said", "the Secretary
    General welcomed"), directly or as the head of a subject phrase, or as the root noun
    of a sentence the parser read as a reduced relative ("Mark Rutte, who …, called on
    Allies": "called" hung on "Rutte")."""
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass") or (
        root.dep_ in ("compound", "appos") and root.head.dep_ in ("nsubj", "nsubjpass")) or (
        root.dep_ == "ROOT" and any(c.dep_ == "acl" and c.tag_ == "VBD" for c in root.children))
