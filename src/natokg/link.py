"""Entity linking: every mention in a parsed article → one canonical entity.

The rules are those a careful reader applies: a name found by the gazetteer
ruler means the entity with that name (the one current at the article's date
when several share it: two Washington Summits, two Secretaries General); a
surname with or without a title ("Mr Stoltenberg") means the person of that
name already named in the article, or the gazetteer person holding an office
then; an office on its own ("the Secretary General") means its holder on the
article's date; a capital as the subject or owner of an action ("Moscow
seeks", "Beijing's actions") means its country's government; a bare "the
Summit" means the summit the article is about. People and organisations the
statistical NER finds and the gazetteer does not know become entities of
their own, with no Wikidata link.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from natokg.gazetteer import Alias, Gazetteer
from natokg.model import Document, Entity, Kind
from natokg.nlp import DEMONYM_LABEL, surface_key

TITLES = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "dame",
    "madam",
    "president",
    "minister",
    "general",
    "admiral",
    "prime",
    "chancellor",
    "secretary",
    "ambassador",
    "prof",
    "professor",
}
# Verbs whose object is a place, not a government: "visit Oslo", "leave Kyiv".
_PLACE_VERBS = {"visit", "travel", "reach", "leave", "enter", "tour", "host", "fly", "arrive",
                "return", "evacuate", "shell", "bomb", "capture", "liberate", "defend"}
_SUMMIT = get_string_id("summit")
_KIND_PRIORITY = {
    Kind.COUNTRY: 0,
    Kind.ORGANISATION: 1,
    Kind.PERSON: 2,
    Kind.SUMMIT: 3,
    Kind.GROUP: 4,
    Kind.CITY: 5,
    Kind.ROLE: 6,
    Kind.CONCEPT: 7,
    Kind.MEETING: 8,
    Kind.FRAMEWORK: 9,
}


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
    context: dict[str, Entity] = field(default_factory=dict)
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
        summits = [link.entity for link in self.links if link.entity.kind is Kind.SUMMIT]
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


class Linker:
    """Links the mentions of one article at a time against a gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.by_key: dict[str, list[Alias]] = {}
        for alias in gazetteer.aliases:
            self.by_key.setdefault(surface_key(alias.text), []).append(alias)
        self.capitals = {
            a.text.lower(): a.entity_id for a in gazetteer.aliases if a.form == "capital"
        }
        self.people_by_surname: dict[str, list[Entity]] = {}
        for entity in gazetteer.entities.values():
            if entity.kind is Kind.PERSON:
                surname = surface_key(entity.label).split()[-1]
                self.people_by_surname.setdefault(surname, []).append(entity)
        self.summits = sorted(
            (e for e in gazetteer.entities.values() if e.kind is Kind.SUMMIT and e.start),
            key=lambda e: e.start,  # type: ignore[arg-type,return-value]
        )

    # -- the whole document -------------------------------------------------
    def link(self, doc: Doc, document: Document, earlier: Earlier | None = None) -> LinkedDoc:
        """Link one article, or one part of a long one given what the parts before it named."""
        earlier = earlier or Earlier()
        people = dict(earlier.people)
        linked = LinkedDoc(doc=doc, document=document, earlier=earlier, people=people)
        for span in doc.ents:
            if span.label_ == "ROLE":
                continue
            link = self._link_span(span, document.date, people)
            if link is not None:
                linked.links.append(link)
                if link.entity.kind is Kind.PERSON:
                    people[surface_key(link.entity.label).split()[-1]] = link.entity
        self._link_roles(linked)
        self._link_bare_summits(linked)
        self._add_context(linked)
        linked.index()
        return linked

    # -- one named span ------------------------------------------------------
    def _link_span(self, span: Span, on: date | None, people: dict[str, Entity]) -> Link | None:
        start, end = span.start, span.end
        named_before = surface_key(span.text) in people  # "Iwaya said", tagged ORG
        if span.label_ == "PERSON" or (
            span.label_ in ("ORG", "GPE", "NORP") and (_looks_like_person(span) or named_before)
        ):
            person = self._link_person(span, on, people)
            return Link(start, end, person[0], person[1], person[2]) if person else None
        entity = self._by_gazetteer(span, on)
        if entity is not None:
            entity, rule = self._metonymy(span, entity)
            confidence = 0.95 if span.ent_id_ else 0.85
            return Link(start, end, entity, rule, confidence)
        if span.label_ == "ORG" and _looks_like_name(span) and not _names_summit(span):
            return Link(start, end, _minted(span, Kind.ORGANISATION, "org"), "ner-org", 0.6)
        return None

    def _by_gazetteer(self, span: Span, on: date | None) -> Entity | None:
        aliases = self._aliases(span)
        if span.label_ == DEMONYM_LABEL:
            aliases = [a for a in aliases if a.form == "demonym"] or aliases
        else:
            aliases = [a for a in aliases if a.form != "capital"] or aliases
        candidates = {a.entity_id: self.gazetteer.entities[a.entity_id] for a in aliases}
        if not candidates:
            return None
        return min(candidates.values(), key=lambda e: self._rank(e, on))

    def _aliases(self, span: Span) -> list[Alias]:
        key = span.ent_id_ or surface_key(span.text)
        found = self.by_key.get(key)
        if found is None and key.startswith("the "):
            found = self.by_key.get(key[4:])
        return found or []

    def _rank(self, entity: Entity, on: date | None) -> tuple[int, int]:
        """Prefer countries over cities of the same name, and what was current `on`."""
        distance = 0
        if on is not None and entity.start is not None:
            distance = abs(
                (entity.start.year - on.year) * 12 + (entity.start.month or 6) - on.month
            )
        if (
            entity.kind is Kind.PERSON
            and on is not None
            and self.gazetteer.offices_of(entity.id, on)
        ):
            distance = -1
        return (_KIND_PRIORITY[entity.kind], distance)

    def _metonymy(self, span: Span, entity: Entity) -> tuple[Entity, str]:
        """A capital that acts ("Moscow seeks", "Beijing's actions") is its government."""
        country_id = self.capitals.get(span.text.lower())
        if entity.kind is not Kind.CITY or country_id is None or span.text.isupper():
            return entity, "gazetteer"  # "VILNIUS, July 11 —" is a dateline, not a government
        root = span.root
        after = span.doc[span.end] if span.end < len(span.doc) else None
        possessive = after is not None and after.tag_ == "POS"
        dep = root.head.dep_ if root.dep_ == "conj" else root.dep_
        acting = dep in ("nsubj", "nsubjpass", "poss") or possessive
        if dep == "dobj":  # "support Kyiv" is the government; "visit Oslo" the city
            acting = root.head.lemma_ not in _PLACE_VERBS
        if acting:
            return self.gazetteer.entities[country_id], "metonymy"
        return entity, "gazetteer"

    # -- people --------------------------------------------------------------
    def _link_person(
        self, span: Span, on: date | None, people: dict[str, Entity]
    ) -> tuple[Entity, str, float] | None:
        words = [t for t in span if t.lower_.rstrip(".") not in TITLES and not t.is_punct]
        if not words:
            return None
        name = span.doc[words[0].i : words[-1].i + 1]
        for alias in self.by_key.get(surface_key(name.text), []):
            entity = self.gazetteer.entities[alias.entity_id]
            if entity.kind is Kind.PERSON:
                return entity, "gazetteer", 0.95
        surname = surface_key(words[-1].text)
        if surname in people:
            return people[surname], "same-surname", 0.9
        known = self.people_by_surname.get(surname, [])
        current = [p for p in known if on is None or self.gazetteer.offices_of(p.id, on)]
        if len(words) == 1 and len(current) == 1:
            return current[0], "surname-in-office", 0.8
        if len(words) >= 2 and name.text[:1].isupper():
            return _minted(name, Kind.PERSON, "person"), "ner-person", 0.7
        return None

    # -- offices -------------------------------------------------------------
    def _link_roles(self, linked: LinkedDoc) -> None:
        """Read each office mention, its organisation, and who holds it if nobody is named."""
        doc, on = linked.doc, linked.document.date
        by_token = {i: link for link in linked.links for i in range(link.start, link.end)}
        for span in doc.ents:
            if span.label_ != "ROLE":
                continue
            role = self._by_gazetteer(span, on)
            if role is None:
                continue
            org = self._role_org(span, by_token, role)
            named = span.end < len(doc) and by_token.get(span.end)
            named_person = named and named.entity.kind is Kind.PERSON
            if org is None and named_person:  # "President Putin": where he holds that office
                org = self._office_org(named.entity, role, on)  # type: ignore[union-attr]
            holder = None
            if not named_person and org is not None and _is_reference(span):
                holders = self.gazetteer.holders(role.id, org.id, on)
                holder = holders[0] if len(holders) == 1 else None
            linked.roles.append(RoleRef(span.start, span.end, role, org, holder))
            if holder is not None:
                linked.links.append(Link(span.start, span.end, holder, "office-holder", 0.9))

    def _office_org(self, person: Entity, role: Entity, on: date | None) -> Entity | None:
        """The organisation in which the gazetteer says `person` holds `role` on `on`."""
        for term in self.gazetteer.offices_of(person.id, on):
            if term.role == role.id:
                return self.gazetteer.entities.get(term.org)
        return None

    def _role_org(self, span: Span, by_token: dict[int, Link], role: Entity) -> Entity | None:
        """The organisation of an office: "US Secretary of State", "NATO's Secretary General"."""
        i = span.start - 1
        while i >= 0 and i not in by_token and span.doc[i].dep_ == "amod":
            i -= 1  # "South Korea's new President"
        if i >= 0 and span.doc[i].tag_ == "POS":
            i -= 1
        before = by_token.get(i) if i >= 0 else None
        if before is not None and before.entity.kind in (Kind.COUNTRY, Kind.ORGANISATION):
            return before.entity
        after = _of_phrase(span)
        if after is not None and (link := by_token.get(after.i)) is not None:
            if link.entity.kind in (Kind.COUNTRY, Kind.ORGANISATION):
                return link.entity
        return self.gazetteer.entities.get(role.org) if role.org else None

    # -- "the Summit" --------------------------------------------------------
    def _link_bare_summits(self, linked: LinkedDoc) -> None:
        """ "the Summit" / "the Summit in Washington": the summit this article is about."""
        taken = {i for link in linked.links for i in range(link.start, link.end)}
        lowers = linked.doc.to_array(LOWER)  # a lookup in spaCy's array, not a walk over tokens
        for i in np.flatnonzero(lowers == _SUMMIT).tolist():
            token = linked.doc[i]
            if token.i in taken:
                continue
            summit = self._summit_for(token, linked)
            if summit is not None:
                linked.links.append(Link(token.i, token.i + 1, summit, "summit-context", 0.8))

    def _summit_for(self, token: Token, linked: LinkedDoc) -> Entity | None:
        on = linked.document.date
        place = _of_phrase(token, ("in", "at"))
        if place is None and token.dep_ in ("nsubj", "nsubjpass"):  # "the summit will be held in"
            place = _of_phrase(token.head, ("in", "at"))
        if place is not None:
            city = next(
                (
                    link.entity
                    for link in linked.links
                    if link.start <= place.i < link.end and link.entity.kind is Kind.CITY
                ),
                None,
            )
            if city is not None:
                held = [s for s in self.summits if s.place == city.id]
                return min(held, key=lambda s: self._rank(s, on)) if held else None
        named = sorted(
            (link for link in linked.links if link.entity.kind is Kind.SUMMIT),
            key=lambda link: link.start,
        )
        before = [link.entity for link in named if link.start < token.i]
        if before or linked.earlier.summit:
            return before[-1] if before else linked.earlier.summit
        if named:
            return named[0].entity
        if on is None:
            return None
        upcoming = [
            s for s in self.summits if s.start and s.start.as_date() and s.start.as_date() >= on
        ]  # type: ignore[operator]
        return upcoming[0] if upcoming else None

    # -- entities referred to by id ------------------------------------------
    def _add_context(self, linked: LinkedDoc) -> None:
        """Describe what linked entities point at, however deep (a summit's city, that
        city's country, a partnership), so each document graph is self-contained."""
        for ref in linked.roles:
            for entity in (ref.role, ref.org):
                if entity is not None:
                    linked.context.setdefault(entity.id, entity)
        todo = [link.entity for link in linked.links] + list(linked.context.values())
        while todo:
            entity = todo.pop()
            for ref in (entity.place, entity.country, entity.org, *entity.partnerships):
                if ref and ref not in linked.context and ref in self.gazetteer.entities:
                    linked.context[ref] = self.gazetteer.entities[ref]
                    todo.append(linked.context[ref])


def _of_phrase(item: Span | Token, preps: tuple[str, ...] = ("of",)) -> Token | None:
    """The object of a following "of X" (or other preposition) phrase."""
    root = item.root if isinstance(item, Span) else item
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _is_reference(span: Span) -> bool:
    """An office used as a noun phrase ("the Secretary General said"), not a bare title."""
    first = span.doc[span.start - 1] if span.start > 0 else None
    if first is None:
        return True
    return (
        first.lower_ in ("the", "nato", "nato's", "'s", "’s")
        or first.ent_type_ in ("ORG", "GPE", "NORP")
        or first.is_sent_start
        or first.is_punct
        or span.start == 0
    )


def _is_subject(span: Span) -> bool:
    """A mention acting as a clause's subject ("Mr Stoltenberg said", "the Secretary
    General welcomed"), directly or as the head of a subject phrase."""
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass") or (
        root.dep_ in ("compound", "appos") and root.head.dep_ in ("nsubj", "nsubjpass"))


def _looks_like_name(span: Span) -> bool:
    """Worth minting as an organisation: a capitalised multi-word name or an acronym.

    A lone capitalised word is, in news, more often a noun with a capital
    ("an Ally", "the Summit") than an organisation the gazetteer lacks.
    """
    words = [t for t in span if not t.is_punct and t.lower_ != "the"]
    if len(words) == 1:
        return words[0].is_upper and len(words[0].text) >= 2
    return any(t.text[:1].isupper() for t in words)


def _names_summit(span: Span) -> bool:
    """ "the Summit" is left to summit linking, never minted as an organisation."""
    return any(t.lower_ == "summit" for t in span)


def _looks_like_person(span: Span) -> bool:
    """spaCy's small model sometimes tags "Mr Stoltenberg" as an ORG."""
    return span[0].lower_.rstrip(".") in ("mr", "mrs", "ms", "dr")


def _minted(span: Span, kind: Kind, prefix: str) -> Entity:
    """An entity the gazetteer does not know: typed, labelled, with no Wikidata link."""
    label = re.sub(r"^(the|The)\s+", "", span.text.strip())
    slug = re.sub(r"[^a-z0-9]+", "-", surface_key(label)).strip("-") or "unnamed"
    return Entity(id=f"{prefix}-{slug}", label=label, kind=kind, from_gazetteer=False)
