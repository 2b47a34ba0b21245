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
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from natokg.dates import resolve
from natokg.gazetteer import Alias, Gazetteer
from natokg.linked import Earlier, Link, LinkedDoc, RoleRef
from natokg.model import Document, Entity, Kind, PartialDate
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
_SUMMITS = get_string_id("summits")
# "the upcoming summit" is the next one even after another was named; "the last summit" the
# latest one held before the article.
_AHEAD = {"upcoming", "next", "forthcoming", "coming", "future"}
_BEHIND = {"last", "previous", "past", "latest"}
# How long after a summit the press still calls it "the summit".
_AFTERMATH = timedelta(days=7)
# Prepositions that date some other event than the one a phrase names.
_OTHER_TIMES = {"after", "before", "following", "since", "unlike", "like"}
_A_YEAR = timedelta(days=366)
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



def under_way(event: Entity, on: date) -> bool:
    """Whether an event is held around `on`: under way, or ended within the week the
    press still speaks of it as "the summit"."""
    start = event.start.as_date() if event.start else None
    end = (event.end.as_date() if event.end else None) or start
    return start is not None and end is not None and start <= on <= end + _AFTERMATH

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
                    people.update((key, link.entity) for key in _surnames(link.entity.label))
        self._link_roles(linked)
        self._link_seats(linked)
        self._link_summit_cities(linked)  # first: "the summit" may mean one they name
        self._link_bare_summits(linked)
        self._add_countries(linked)
        self._add_members(linked)
        self._add_context(linked)
        self._as_of_date(linked)
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
        if after is not None and after.text == "," and span.end + 1 < len(span.doc) and _is_year(
                span.doc[span.end + 1]):
            return entity, "gazetteer"  # "Vilnius, 2023: …": a place and time, no government
        possessive = after is not None and after.tag_ == "POS"
        dep = root.head.dep_ if root.dep_ == "conj" else root.dep_
        acting = dep in ("nsubj", "nsubjpass", "poss") or possessive
        if dep == "dobj":  # "support Kyiv" is the government; "visit Oslo" the city
            acting = root.head.lemma_ not in _PLACE_VERBS
        acting = acting or _among_capitals(root)
        if acting:
            return self.gazetteer.entities[country_id], "metonymy"
        return entity, "gazetteer"

    # -- people --------------------------------------------------------------
    def _link_person(
        self, span: Span, on: date | None, people: dict[str, Entity]
    ) -> tuple[Entity, str, float] | None:
        words = [t for t in span if t.lower_.rstrip(".") not in TITLES and not t.is_punct]
        if words and _interview_marker(words[0]):
            words = words[1:]
        while len(words) > 1 and _acts(words[-1], words[:-1]):
            words.pop()  # a headline's verb taken into the name ("Kishida Attends")
        if all(t.lower_.rstrip(".") in _RANKS for t in words):
            return None  # a rank the tagger took for a name ("Air Force Brig.")
        name = _given_name_first(span.doc[words[0].i : words[-1].i + 1])
        for alias in self.by_key.get(surface_key(name.text), []):
            entity = self.gazetteer.entities[alias.entity_id]
            if entity.kind is Kind.PERSON:
                return entity, "gazetteer", 0.95
        surname = surface_key(name[-1].text)
        if surname in people:
            return people[surname], "same-surname", 0.9
        if len(words) == 1 and (knight := _knight(words[0], people)) is not None:
            return knight, "sir-given-name", 0.85
        known = self.people_by_surname.get(surname, [])
        current = [p for p in known if on is None or self.gazetteer.offices_of(p.id, on)]
        if len(words) == 1 and len(current) == 1:
            return current[0], "surname-in-office", 0.8
        if len(words) >= 2 and name.text[:1].isupper():
            return _minted(name, Kind.PERSON, "person"), "ner-person", 0.7
        if len(words) == 1 and (full := _full_name_before(words[0])) is not None:
            return _minted(full, Kind.PERSON, "person"), "ner-person", 0.7
        return None

    # -- offices -------------------------------------------------------------
    def _link_roles(self, linked: LinkedDoc) -> None:
        """Read each office mention, its organisation, and who holds it if nobody is named."""
        doc, on = linked.doc, linked.document.date
        by_token = {i: link for link in linked.links for i in range(link.start, link.end)}
        spans = {span.start: span for span in doc.ents if span.label_ == "ROLE"}
        for span in spans.values():
            role = self._by_gazetteer(span, on)
            if role is None or _second_half(span, spans):
                continue
            span, role = self._deputy(span, role)
            org = self._role_org(span, by_token, role)
            person = _named_person(span, by_token, spans) or self._untagged_holder(
                linked, span, role, by_token)
            if person is not None and self._coordinated_elsewhere(span, role, person, on):
                person = None  # "the Prime Minister and NATO Secretary General X"
            if org is None and person is not None:  # "President Putin": where he holds it
                org = self._office_org(person, role, on) or (
                    self.gazetteer.entities.get(person.country) if person.country
                    else self._source_country(linked, span) or _context_country(linked, span))
            holder = None
            apposed = span.end == len(doc) or doc[span.end].is_punct
            if person is not None and apposed and _is_reference(span):
                holder = person  # "Ukraine's president, X, … has pressed": the title is X
            elif person is None and org is not None and _is_reference(span):
                holders = self.gazetteer.holders(role.id, org.id, on)
                holder = holders[0] if len(holders) == 1 else None
            linked.roles.append(RoleRef(span.start, span.end, role, org, holder, person))
            linked.titled.extend(self._named_in_title(span))
            if holder is not None:
                linked.links.append(Link(span.start, span.end, holder, "office-holder", 0.9))
        linked.roles.extend(self._deputies(linked))
        linked.roles.extend(list(self._generic_titles(linked)))
        linked.roles.extend(_unknown_titles(linked))

    def _deputy(self, span: Span, role: Entity) -> tuple[Span, Entity]:
        """ "Bulgarian Deputy Defence Minister X": the deputy of an office is not that
        office, but its deputy role (the gazetteer's, else one named as written)."""
        doc = span.doc
        if span.start == 0 or doc[span.start - 1].lower_ not in ("deputy", "vice"):
            return span, role
        whole = doc[span.start - 1 : span.end]
        known = self.gazetteer.entities.get(f"deputy-{role.id}")
        if known is not None and known.kind is Kind.ROLE:
            return whole, known
        return whole, replace(_minted(whole, Kind.ROLE, "role"), org=role.org)

    def _coordinated_elsewhere(
        self, span: Span, role: Entity, person: Entity, on: date | None
    ) -> bool:
        """ "in the presence of the Prime Minister and NATO Secretary General X": a title
        coordinated with the one before a name is not that person's when the gazetteer
        knows what they held then and it is not this office (one person may hold both:
        "Deputy Prime Minister and Defence Minister X")."""
        doc = span.doc
        if span.end >= len(doc) or doc[span.end].lower_ != "and" or not person.from_gazetteer:
            return False
        terms = self.gazetteer.offices_of(person.id, on)
        return bool(terms) and all(t.role != role.id for t in terms)

    def _untagged_holder(
        self, linked: LinkedDoc, span: Span, role: Entity, by_token: dict[int, Link]
    ) -> Entity | None:
        """ "Chancellor Scholz and Defence Minister Pistorius": a surname after a title
        that the tagger missed, when it is the surname of the one person the gazetteer
        says held that office then (the link is added)."""
        doc, on = linked.doc, linked.document.date
        if span.end >= len(doc) or span.end in by_token:
            return None
        name = doc[span.end]
        if name.pos_ != "PROPN" or not name.is_title:
            return None
        holders = [p for p in self.people_by_surname.get(surface_key(name.text), [])
                   if any(t.role == role.id for t in self.gazetteer.offices_of(p.id, on))]
        if len(holders) != 1:
            return self._untagged_name(linked, span, by_token)
        link = Link(name.i, name.i + 1, holders[0], "office-surname", 0.85)
        linked.links.append(link)
        by_token[name.i] = link
        return holders[0]

    def _untagged_name(
        self, linked: LinkedDoc, span: Span, by_token: dict[int, Link]
    ) -> Entity | None:
        """ "Danish Minister of Defence Jakob Holm Nielsen spoke": a full name right after
        a title that the tagger missed (two or more capitalised words, a Korean given
        name's "Min-jun" included) is that person (the link is added)."""
        doc, end = span.doc, span.end
        while end < len(doc) and end not in by_token and (
                (doc[end].pos_ == "PROPN" and doc[end].is_title
                 and doc[end].lower_.rstrip(".") not in _RANKS | TITLES)
                or (doc[end].text == "-" and end > span.end and end + 1 < len(doc)
                    and doc[end + 1].is_alpha)):
            end += 2 if doc[end].text == "-" else 1
        words = [t for t in doc[span.end : end] if t.is_alpha]
        if len(words) < 2:
            return None
        found = self._link_person(doc[span.end : end], linked.document.date, {})
        if found is None:
            return None
        link = Link(span.end, end, found[0], "office-name", 0.75)
        linked.links.append(link)
        for i in range(span.end, end):
            by_token[i] = link
        return found[0]

    def _source_country(self, linked: LinkedDoc, span: Span) -> Entity | None:
        """ "Yoon said, according to presidential spokesperson X": an official a leader's
        words or deeds are reported through speaks for the leader's country."""
        according = next((t for t in span.root.ancestors if t.lower_ == "according"), None)
        clauses = [according.head, *according.head.ancestors] if according is not None else []
        for verb in (t for t in clauses if t.pos_ in ("VERB", "AUX")):
            for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
                for token in (subject, *subject.conjuncts):
                    link = _link_over(linked, token)
                    if link is not None and link.entity.kind is Kind.PERSON and (
                            link.entity.country):
                        return self.gazetteer.entities.get(link.entity.country)
        return None

    def _generic_titles(self, linked: LinkedDoc) -> Iterator[RoleRef]:
        """ "North Korean leader Kim Jong Un", "the alliance's top military commander,
        General X": a word that names no office of its own, beside a person the gazetteer
        says held an office then (in the organisation it names, if it names one), is that
        office, written as the text words it."""
        doc, on = linked.doc, linked.document.date
        for link in list(linked.links):
            person = link.entity
            if person.kind is not Kind.PERSON or not person.from_gazetteer:
                continue
            root = doc[link.start : link.end].root
            nouns = [c for c in root.children if c.dep_ in ("compound", "appos")]
            nouns += [root.head] if root.dep_ == "appos" else []
            for noun in (n for n in nouns if n.lower_ in _GENERIC_TITLES):
                named = [c for c in noun.children if c.dep_ in ("poss", "amod", "compound")
                         and (c.pos_ == "PROPN" or _link_over(linked, c) is not None)]
                owners = {lk.entity.id for c in named if (lk := _link_over(linked, c))}
                if len(owners) < len(named):
                    continue  # "the Labour leader": of something the gazetteer lacks
                terms = [t for t in self.gazetteer.offices_of(person.id, on)
                         if not owners or t.org in owners]
                if terms and terms[0].org in self.gazetteer.entities:
                    yield RoleRef(_modifiers_start(linked, noun), noun.i + 1,
                                  self.gazetteer.entities[terms[0].role],
                                  self.gazetteer.entities[terms[0].org], None, person)

    def _deputies(self, linked: LinkedDoc) -> Iterator[RoleRef]:
        """ "Albanese … sent his deputy, Richard Marles": the deputy of an office named
        with its holder is that office's deputy role ("Deputy Prime Minister"), in the
        same organisation, when the gazetteer knows the deputy role."""
        by_token = {i: link for link in linked.links for i in range(link.start, link.end)}
        for token in linked.doc:
            owner = _deputy_of(linked, token) if token.lower_ == "deputy" else None
            ref = next((r for r in linked.roles if owner is not None and _holds(linked, r, owner)),
                       None)
            deputy = self.gazetteer.entities.get(f"deputy-{ref.role.id}") if ref else None
            if ref is not None and deputy is not None and deputy.kind is Kind.ROLE:
                named = _named_person(linked.doc[token.i : token.i + 1], by_token, {})
                yield RoleRef(token.i, token.i + 1, deputy, ref.org, None, named)

    def _office_org(self, person: Entity, role: Entity, on: date | None) -> Entity | None:
        """The organisation in which the gazetteer says `person` holds `role` on `on`."""
        for term in self.gazetteer.offices_of(person.id, on):
            if term.role == role.id:
                return self.gazetteer.entities.get(term.org)
        return None

    def _named_in_title(self, span: Span) -> Iterator[Link]:
        """ "EU foreign policy chief", "NATO Secretary General": a title the gazetteer
        knows whole still names the organisation it opens with."""
        for end in range(span.end - 1, span.start, -1):
            aliases = self.gazetteer.lookup(span.doc[span.start : end].text)
            named = [a for a in aliases if self.gazetteer.entities[a.entity_id].kind in (
                Kind.COUNTRY, Kind.ORGANISATION)]
            if named:
                yield Link(span.start, end, self.gazetteer.entities[named[0].entity_id],
                           "title-org", 0.85)
                return

    def _role_org(self, span: Span, by_token: dict[int, Link], role: Entity) -> Entity | None:
        """The organisation of an office: "US Secretary of State", "NATO's Secretary General"."""
        i = span.start - 1
        while i >= 0 and i not in by_token and span.doc[i].dep_ in ("amod", "compound"):
            i -= 1  # "South Korea's new President", "Chinese foreign ministry spokesman"
        if i >= 0 and span.doc[i].tag_ == "POS":
            i -= 1
        before = by_token.get(i) if i >= 0 else None
        if before is not None and _ministry(before.entity):
            before = _state_before(span.doc, before.start, by_token) or before
        if before is not None and before.entity.kind in (Kind.COUNTRY, Kind.ORGANISATION):
            return before.entity
        for link in _of_links(span, by_token):
            if link.entity.kind in (Kind.COUNTRY, Kind.ORGANISATION):
                return link.entity
        return self.gazetteer.entities.get(role.org) if role.org else None

    # -- "NATO headquarters" ----------------------------------------------------
    def _link_seats(self, linked: LinkedDoc) -> None:
        """ "met at NATO headquarters", "the alliance's HQ": the headquarters of an
        organisation whose seat the gazetteer knows is that city, as a meeting's place."""
        for token in linked.doc:
            if token.lower_ not in _HEADQUARTERS or _link_over(linked, token) is not None:
                continue
            owners = [c for c in token.children if c.dep_ in ("compound", "poss", "nmod")]
            owners += [o for o in (_of_phrase(token),) if o is not None]
            for owner in owners:
                link = _link_over(linked, owner)
                seat = self.gazetteer.seats.get(link.entity.id) if link is not None else None
                if seat is not None:
                    city = self.gazetteer.entities[seat]
                    linked.links.append(Link(token.i, token.i + 1, city, "seat", 0.85))
                    break

    # -- "the Summit" --------------------------------------------------------
    def _link_bare_summits(self, linked: LinkedDoc) -> None:
        """ "the Summit" / "the Summit in Washington": the summit this article is about."""
        taken = {i for link in linked.links for i in range(link.start, link.end)}
        lowers = linked.doc.to_array(LOWER)  # a lookup in spaCy's array, not a walk over tokens
        for i in np.flatnonzero((lowers == _SUMMIT) | (lowers == _SUMMITS)).tolist():
            token = linked.doc[i]
            if token.i in taken:
                continue
            summits = (self._summits_in(token, linked) if token.lower_ == "summits"
                       else [s for s in (self._summit_for(token, linked),) if s is not None])
            for summit in summits:
                linked.links.append(Link(token.i, token.i + 1, summit, "summit-context", 0.8))

    def _summits_in(self, token: Token, linked: LinkedDoc) -> list[Entity]:
        """ "the NATO Summits in Madrid and Vilnius": the last summit held in each city by
        the article's date. Plural summits with no city name no summit in particular."""
        city = self._summit_city(token, linked)
        if city is None or _of_others(token, linked) or linked.document.date is None:
            return []
        on = linked.document.date
        found = []
        for place in (city, *self._conjoined_cities(token, linked)):
            held = [s for s in self.summits if s.place == place.id and s.start.as_date()  # type: ignore[union-attr]
                    and s.start.as_date() <= on]  # type: ignore[union-attr,operator]
            found += held[-1:]
        return found

    def _conjoined_cities(self, token: Token, linked: LinkedDoc) -> list[Entity]:
        place = _of_phrase(token, ("in", "at"))
        if place is None:
            return []
        links = (_link_over(linked, t) for t in place.conjuncts)
        return [lk.entity for lk in links if lk is not None and lk.entity.kind is Kind.CITY]

    def _link_summit_cities(self, linked: LinkedDoc) -> None:
        """A summit named by its city and year alone, where the sentence (or the one
        before) speaks of summits: "a third summit, following Madrid in 2022 and Vilnius
        in 2023", "invited since the 2022 gathering in Madrid"; also leaders meeting in a
        summit's city within the year ("before alliance leaders meet in The Hague"). Only
        a summit the gazetteer holds in that city then counts; the city's name then names
        the summit, not the city."""
        doc, on = linked.doc, linked.document.date
        for index, city in enumerate(linked.links):
            if city.entity.kind is not Kind.CITY:
                continue
            held = [s for s in self.summits if s.place == city.entity.id and s.start]
            year = _year_beside(doc, city.start, city.end) if _speaks_of_summits(
                doc[city.start]) else _heading_year(doc, city.start, city.end)
            if year is not None:
                held = [s for s in held if s.start.year == int(year.text)]  # type: ignore[union-attr]
            elif on is not None and _leaders_meet_in(doc[city.start]):
                held = [s for s in held if _soon(s, on)]
            else:
                continue
            if held:
                linked.links[index] = Link(city.start, city.end, held[0], "summit-city-year",
                                           0.8)

    def _summit_for(self, token: Token, linked: LinkedDoc) -> Entity | None:
        """Which summit a "summit" word means, the way a reader of the press decides: by
        its city ("the summit in Vilnius", "the Tirana summit") and year ("next year's
        summit", "in 2027"), then "the upcoming"/"last" summit by the article's date,
        then the summit under way around that date (a report from it may name others
        in passing: "last year's summit in Washington"), then the summit named before.
        One in a known city or year the gazetteer lacks is minted; a summit of others
        ("the G7 summit") is no NATO summit."""
        if _of_others(token, linked):
            return None
        on = linked.document.date
        year = self._summit_year(token, on)
        city = self._summit_city(token, linked)
        if city is not None:
            held = [s for s in self.summits if s.place == city.id]
            if year is not None:  # "last year's summit in Washington": a year out is loose talk
                held = [s for s in held if abs(s.start.year - year) <= 1]  # type: ignore[union-attr]
            if held:
                return min(held, key=lambda s: self._rank(s, on))
            return _minted_summit(city, year)
        if year is not None:
            that_year = [s for s in self.summits if s.start.year == year]  # type: ignore[union-attr]
            return min(that_year, key=lambda s: self._rank(s, on)) if that_year else (
                _minted_summit(None, year))
        words = {child.lower_ for child in token.children if child.dep_ == "amod"}
        if on is not None and words & _AHEAD:
            return self._upcoming(on)
        if on is not None and words & _BEHIND:
            held = [s for s in self.summits if s.start.as_date() and s.start.as_date() < on]  # type: ignore[union-attr,operator]
            return held[-1] if held else None
        if on is not None and (current := self._under_way(on)) is not None:
            return current  # a report from a summit: "the summit" is that one
        named = sorted(  # "following Madrid in 2022" names a summit in passing, for its sentence
            (link for link in linked.links if link.entity.kind is Kind.SUMMIT and (
                link.rule != "summit-city-year" or token.doc[link.start].sent == token.sent)),
            key=lambda link: link.start,
        )
        before = [link.entity for link in named if link.start < token.i]
        if before or linked.earlier.summit:
            return before[-1] if before else linked.earlier.summit
        if named:
            return named[0].entity
        return (self._under_way(on) or self._upcoming(on)) if on is not None else None

    def _upcoming(self, on: date) -> Entity | None:
        upcoming = [s for s in self.summits if s.start and (day := s.start.as_date()) and day >= on]
        return upcoming[0] if upcoming else None

    def _under_way(self, on: date) -> Entity | None:
        """The summit held around the article's date: a report from its second day, or
        the week after, says "the summit" of the one it covers, not of the next."""
        return next((summit for summit in self.summits if under_way(summit, on)), None)

    def _summit_city(self, token: Token, linked: LinkedDoc) -> Entity | None:
        """The city of "the summit in/at X", "the summit will be held in X", "the X summit"."""
        places = [child for child in token.children if child.dep_ in ("compound", "nmod")]
        place = _of_phrase(token, ("in", "at"))
        if place is None and token.dep_ in ("nsubj", "nsubjpass"):
            place = _of_phrase(token.head, ("in", "at"))
        for candidate in [*places, *([place] if place is not None else [])]:
            link = _link_over(linked, candidate)
            if link is not None and link.entity.kind is Kind.CITY:
                return link.entity
        return None

    def _summit_year(self, token: Token, on: date | None) -> int | None:
        """The year a summit phrase gives: "next year's summit", "the 2027 summit", "the
        summit in 2027", "will meet at the summit in Tirana in 2027"."""
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is not None and (found := resolve(_text_of(owner), on)) is not None:
            return found.year  # "this year's summit": spaCy's DATE is only "year"
        head = token.head.head if token.dep_ == "pobj" else token.head
        scope = list(token.children)
        if token.dep_ in ("nsubj", "nsubjpass", "pobj"):  # not "… following Madrid in 2022"
            other = min((t.i for t in head.children if t.lower_ in _OTHER_TIMES),
                        default=len(token.doc))
            scope += [t for t in head.children if t.dep_ == "prep" and t is not token.head
                      and t.i < other]
        inside = {t.i for item in scope for t in item.subtree}
        for ent in token.doc.ents:
            if ent.label_ == "DATE" and ent.start in inside:
                found = resolve(ent.text, on)
                if found is not None:
                    return found.year
        return None

    # -- whom people and groups stand for -----------------------------------------
    def _add_countries(self, linked: LinkedDoc) -> None:
        """The country each person named speaks for: the office the text gives them
        ("Japanese Prime Minister Fumio Kishida", "Kishida, Japan's prime minister",
        "Japan's Kishida"), else a state office the gazetteer says they hold that day,
        else the country the gazetteer gives them, unless they then hold an office of
        an international body (the Secretary General speaks for NATO, not Norway)."""
        on = linked.document.date
        for link in linked.links:
            person = link.entity
            if person.kind is not Kind.PERSON or person.id in linked.countries:
                continue
            country = self._stated_country(link, linked) or self._country_in_office(person, on)
            if country is not None:
                linked.countries[person.id] = country

    def _stated_country(self, link: Link, linked: LinkedDoc) -> Entity | None:
        for ref in linked.roles:
            if ref.org is None or ref.org.kind is not Kind.COUNTRY:
                continue
            between = (linked.doc[link.end : ref.start].text.strip()
                       if ref.start >= link.end else None)
            titled = ref.end == link.start or ref.start == link.start  # "President Yoon"
            if (titled or between in ("", ",")) and ref.holder in (None, link.entity):
                return ref.org
        before = link.start - 1
        if before >= 0 and linked.doc[before].tag_ == "POS":
            before -= 1  # "Japan's Kishida"
        owner = _link_over(linked, linked.doc[before]) if before >= 0 else None
        if owner is not None and owner.entity.kind is Kind.COUNTRY:
            return owner.entity
        return None

    def _country_in_office(self, person: Entity, on: date | None) -> Entity | None:
        offices = [self.gazetteer.entities.get(term.org)
                   for term in self.gazetteer.offices_of(person.id, on)]
        if offices and offices[0] is not None and offices[0].kind is not Kind.COUNTRY:
            return None
        if offices:
            return offices[0]
        return self.gazetteer.entities.get(person.country) if person.country else None

    def _add_members(self, linked: LinkedDoc) -> None:
        """What each group named stands for, and each body's meeting format."""
        for link in linked.links:
            meeting_format = self.gazetteer.meeting_format(link.entity.id)
            if meeting_format is not None:
                linked.meeting_formats[link.entity.id] = meeting_format
            group = link.entity
            if group.id not in linked.members and self.gazetteer.is_group(group.id):
                members = self.gazetteer.members(group.id, linked.document.date)
                linked.members[group.id] = members  # described by the facts that name them

    def _as_of_date(self, linked: LinkedDoc) -> None:
        """Describe each country as it stood on the article's date: Sweden is a partner
        in an article of 2021 and not in one of 2023, when it was an invitee (its
        accession date, kept either way, tells when it became an Ally)."""
        on = linked.document.date
        if on is None:
            return

        def as_of(entity: Entity) -> Entity:
            if entity.kind is not Kind.COUNTRY or not entity.partner:
                return entity
            return entity if self.gazetteer.is_partner(entity.id, on) else replace(
                entity, partner=False)

        linked.links = [replace(link, entity=as_of(link.entity)) for link in linked.links]
        linked.roles = [replace(ref, org=as_of(ref.org) if ref.org else None)
                        for ref in linked.roles]
        for table in (linked.context, linked.countries):
            for key, entity in table.items():
                table[key] = as_of(entity)
        for key, members in linked.members.items():
            linked.members[key] = [as_of(member) for member in members]

    # -- entities referred to by id ------------------------------------------
    def _add_context(self, linked: LinkedDoc) -> None:
        """Describe what linked entities point at, however deep (a summit's city, that
        city's country, a partnership), so each document graph is self-contained. A
        group's members are described by the facts that name them; what they point at
        (the IP4's partnership) is described here."""
        for role_ref in linked.roles:
            for entity in (role_ref.role, role_ref.org):
                if entity is not None:
                    linked.context.setdefault(entity.id, entity)
        members = [member for group in linked.members.values() for member in group]
        todo = [link.entity for link in linked.links] + list(linked.context.values()) + members
        while todo:
            entity = todo.pop()
            for ref in (entity.place, entity.country, entity.org, *entity.partnerships):
                if ref and ref not in linked.context and ref in self.gazetteer.entities:
                    linked.context[ref] = self.gazetteer.entities[ref]
                    todo.append(linked.context[ref])


def _context_country(linked: LinkedDoc, span: Span) -> Entity | None:
    """The state an official named without one serves: the subject of a clause the
    title sits in, nearest first ("Japan was represented by Foreign Minister Takeshi
    Iwaya", "Japan sent Foreign Minister X and South Korea was represented by Y",
    "Australian Prime Minister Albanese said he would send Defence Minister Marles";
    not a country they visit or talk about). Failing that, when the sentence names no
    other country, the country the article is about (named at least three times and
    twice as often as any other)."""
    gapped = _gapped_country(linked, span)
    if gapped is not None:
        return gapped
    for verb in (t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX")):
        for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
            countries = [lk.entity for t in subject.subtree
                         if (lk := _link_over(linked, t)) is not None
                         and lk.entity.kind is Kind.COUNTRY]
            if countries:
                return countries[0]
    sent = span.sent
    if any(lk.entity.kind is Kind.COUNTRY and sent.start <= lk.start < sent.end
           for lk in linked.links):
        return None  # "Iwaya's talks with Spain": a country, but not surely theirs
    counts = Counter(lk.entity for lk in linked.links if lk.entity.kind is Kind.COUNTRY)
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
        return ranked[0][0]
    return None


def _gapped_country(linked: LinkedDoc, span: Span) -> Entity | None:
    """ "Japan was represented by X, South Korea by adviser Y": the country a "by" phrase
    hangs from when the verb they share is left out."""
    phrase = span.root if span.root.dep_ == "pobj" else span.root.head  # "by adviser Y"
    prep = phrase.head
    if phrase.dep_ != "pobj" or prep.lower_ != "by" or prep.i == 0:
        return None
    before = prep.doc[prep.i - 1]
    link = _link_over(linked, before)
    if link is None or link.entity.kind is not Kind.COUNTRY or before.dep_.startswith("nsubj"):
        return None
    return link.entity


# Ranks and honorifics between a title and the name ("Chief of Defence General X").
_RANKS = {"gen", "general", "adm", "admiral", "lt", "lieutenant", "col", "colonel", "maj",
          "major", "sir", "dame", "air", "marshal", "vice", "rear", "hon", "rt", "mr", "mrs",
          "ms", "dr", "brig", "brigadier", "force", "navy", "army", "capt", "captain", "sgt",
          "cmdr"}


def _named_person(span: Span, by_token: dict[int, Link], roles: dict[int, Span]) -> Entity | None:
    """Who the text says holds the office it names: the name after the title, past a
    rank ("Chairman of the Joint Chiefs of Staff Gen. X") or a second title ("Deputy
    Prime Minister and Defence Minister X") or its state ("President of Finland X"),
    or the name in apposition ("the defence
    secretary, X", "X, the prime minister")."""
    doc = span.doc
    i = span.end
    if i + 1 < len(doc) and doc[i].lower_ in ("and", "/") and i + 1 in roles:
        i = roles[i + 1].end  # "… and Defence Minister X", "High Representative/Vice-President X"
    if i < len(doc) and doc[i].lower_ == "of":  # "President of the Republic of Finland X"
        i += 1
        while i < len(doc) and (doc[i].lower_ == "the" or _names_state(by_token.get(i))):
            i += 1
    while i < len(doc) and i not in by_token and doc[i].lower_.rstrip(".") in _RANKS:
        i += 1
    root = span.root
    apposed = [by_token.get(c.i) for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        apposed.insert(0, by_token.get(root.head.i))
    last = _phrase_end(root)  # "the President of the Commission, X, and …"
    after = by_token.get(last + 2) if last + 2 < len(doc) and doc[last + 1].text == "," else None
    if after is not None and (after.end == len(doc) or doc[after.end].is_punct):
        apposed.append(after)
    apposed = [lk for lk in apposed if lk is not None and not _titled_apart(lk, span, roles)]
    return next((lk.entity for lk in [by_token.get(i), *apposed]
                 if lk is not None and lk.entity.kind is Kind.PERSON), None)


def _phrase_end(root: Token) -> int:
    """Where a title's own phrase ends ("the President of the Council"), before what is
    in apposition or coordinated with it."""
    own = [t.i for c in root.children if c.dep_ not in ("appos", "conj", "cc", "punct")
           for t in c.subtree if not t.is_punct]
    return max([root.i, *own])


def _titled_apart(person: Link, span: Span, roles: dict[int, Span]) -> bool:
    """Whether another title names `person` right before them ("Secretary General, former
    President Trump said": a question put to the Secretary General about Trump; "the
    President of the Council, X, the President of the Commission, Y": X is the Council's),
    so that they are not the holder of a title in apposition with them."""
    doc = span.doc
    for other in roles.values():
        if other.start == span.start or other.start > person.start:
            continue
        last = _phrase_end(other.root)
        if other.end == person.start or (last + 2 == person.start and doc[last + 1].text == ","):
            return True
    return False


def _names_state(link: Link | None) -> bool:
    return link is not None and link.entity.kind in (Kind.COUNTRY, Kind.ORGANISATION)


def _of_links(span: Span, by_token: dict[int, Link]) -> Iterator[Link]:
    """What an office is "of": its own "of" phrase ("Secretary of State of X") or the one
    after it ("President of the Government of Spain", "President of the Republic of
    Finland"), nearest first."""
    after = _of_phrase(span)
    if after is not None and (link := by_token.get(after.i)) is not None:
        yield link
    if span.end < len(span.doc) and span.doc[span.end].lower_ == "of":
        for token in span.doc[span.end].subtree:
            if (link := by_token.get(token.i)) is not None:
                yield link


def _deputy_of(linked: LinkedDoc, token: Token) -> Entity | None:
    """Whose deputy "his deputy" / "Albanese's deputy" is: the person named as the
    possessor, or for "his"/"her" the last person named before it in the sentence."""
    poss = next((c for c in token.children if c.dep_ == "poss"), None)
    if poss is None:
        return None
    if poss.lower_ in ("his", "her"):
        before = [lk for lk in linked.links if lk.entity.kind is Kind.PERSON
                  and token.sent.start <= lk.start < token.i]
        return before[-1].entity if before else None
    link = _link_over(linked, poss)
    return link.entity if link is not None and link.entity.kind is Kind.PERSON else None


def _holds(linked: LinkedDoc, ref: RoleRef, person: Entity) -> bool:
    """Whether an office mention names `person` as its holder ("Prime Minister Albanese")."""
    after = _link_over(linked, linked.doc[ref.end]) if ref.end < len(linked.doc) else None
    return ref.org is not None and (
        ref.holder == person or (after is not None and after.entity == person))


_HEADQUARTERS = {"headquarters", "hq"}
# Words for whoever holds an office, naming none ("leader", "top commander").
_GENERIC_TITLES = {"leader", "commander", "chief", "head"}
# The last word of a title ("Chief Cabinet Secretary", "Armed Forces Minister").
_TITLE_HEADS = {"secretary", "minister", "adviser", "advisor", "commander", "chief",
                "director", "spokesperson", "spokesman", "spokeswoman", "ambassador", "envoy",
                "governor", "chancellor", "counsellor", "undersecretary"}


def _second_half(span: Span, roles: dict[int, Span]) -> bool:
    """ "High Representative/Vice-President X": one office written with two titles; the
    first one says whose it is."""
    i = span.start - 1
    return i > 0 and span.doc[i].text == "/" and any(
        r.start < i <= r.end for r in roles.values())


# Heads that name no office alone ("Minister X" after "Foreign Minister X").
_BARE_HEADS = {"minister", "secretary"}


def _unknown_titles(linked: LinkedDoc) -> Iterator[RoleRef]:
    """An office the gazetteer lacks, written as a capitalised title before a name
    ("Chief Cabinet Secretary Hirokazu Matsuno"): a role of its own, in the country a
    demonym or possessive before it names ("Japanese", "Japan's"), else the context's."""
    known = {i for ref in linked.roles for i in range(ref.start, ref.end)}
    for link in linked.links:
        if link.entity.kind is not Kind.PERSON or link.start in known:
            continue
        start = link.start
        while start > 0 and _title_word(linked, linked.doc[start - 1], known):
            start -= 1
        if start == link.start or linked.doc[link.start - 1].lower_ not in _TITLE_HEADS:
            continue
        title = linked.doc[start : link.start]
        if len(title) == 1 and title[0].lower_ in _BARE_HEADS:
            continue  # "Minister Fidan": a short reference, no office of its own
        before = _link_over(linked, linked.doc[start - 1]) if start > 0 else None
        if start > 1 and linked.doc[start - 1].tag_ == "POS":
            before = _link_over(linked, linked.doc[start - 2])
        org = before.entity if before is not None and before.entity.kind is Kind.COUNTRY else (
            _context_country(linked, title))
        if org is not None:
            yield RoleRef(start, link.start, _minted(title, Kind.ROLE, "role"), org, None,
                          link.entity)


def _modifiers_start(linked: LinkedDoc, noun: Token) -> int:
    """Where the words of a title before its noun start ("top military commander"), past
    what names its organisation ("the alliance's", "North Korean")."""
    start = noun.i
    while start > 0 and (before := linked.doc[start - 1]).head == noun and before.dep_ in (
            "amod", "compound") and _link_over(linked, before) is None:
        start -= 1
    return start


def _title_word(linked: LinkedDoc, token: Token, known: set[int]) -> bool:
    return (token.is_title and token.pos_ == "PROPN" and token.dep_ == "compound"
            and token.i not in known and _link_over(linked, token) is None)


def _of_phrase(item: Span | Token, preps: tuple[str, ...] = ("of",)) -> Token | None:
    """The object of a following "of X" (or other preposition) phrase."""
    root = item.root if isinstance(item, Span) else item
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _link_over(linked: LinkedDoc, token: Token) -> Link | None:
    """The link covering `token`, before the token index is built."""
    return next((lk for lk in linked.links if lk.start <= token.i < lk.end), None)


def _of_others(token: Token, linked: LinkedDoc) -> bool:
    """ "the G7 summit", "the EU-China summit", "a Trump-Putin summit", "the Élysée
    summit": named after someone other than NATO (or a body the NER sees and the
    gazetteer does not know), so not one of NATO's summits."""
    if _with_a_leader(token, linked):
        return True
    for child in token.children:
        if child.dep_ not in ("compound", "nmod", "amod", "poss"):
            continue
        for t in child.subtree:
            link = _link_over(linked, t)
            if link is not None and link.entity.id != "nato" and link.entity.kind in (
                    Kind.ORGANISATION, Kind.COUNTRY, Kind.PERSON):
                return True
            if link is None and t.ent_type_ in ("ORG", "PERSON", "NORP") and t.pos_ == "PROPN":
                return True
    return False


def _with_a_leader(summit: Token, linked: LinkedDoc) -> bool:
    """ "his summit with Vladimir Putin", "a summit with Xi": two leaders' meeting, which
    an Alliance summit (of all its leaders) never is."""
    for prep in summit.children:
        if prep.dep_ == "prep" and prep.lower_ == "with":
            for obj in prep.children:
                link = _link_over(linked, obj)
                if obj.dep_ == "pobj" and ((link is not None and link.entity.kind is Kind.PERSON)
                                           or (link is None and obj.ent_type_ == "PERSON")):
                    return True
    return False


def _among_capitals(token: Token) -> bool:
    """ "several capitals, including Berlin and Paris": capitals standing for governments."""
    head = token.head if token.dep_ == "conj" else token
    if head.dep_ == "pobj" and head.head.lower_ in ("including", "like", "as"):
        owner = head.head.head  # "capitals including X", "capitals such as X"
    elif head.dep_ == "appos":
        owner = head.head  # "two capitals, Berlin and Paris,"
    else:
        return False
    return owner.lemma_.lower() in ("capital", "government")


def _speaks_of_summits(token: Token) -> bool:
    """Whether the sentence, or the one before it, speaks of summits ("Korea first
    attended a summit in Madrid in 2022. Yoon also went to Vilnius in 2023")."""
    sent = token.sent
    before = token.doc[sent.start - 1].sent if sent.start > 0 else sent
    return any(t.lemma_.lower() == "summit" for t in (*before, *sent)) or _invited_at(token)


def _invited_at(city: Token) -> bool:
    """ "A were first invited at Madrid in 2022", "invited to Vilnius in 2023": partners
    are invited to a city in a year only to the summit held there."""
    prep = city.head
    return city.dep_ == "pobj" and prep.lower_ in ("at", "to") and prep.head.lemma_ in (
        "invite", "invitation")


def _heading_year(doc: Doc, start: int, end: int) -> Token | None:
    """The year of a list item's heading "Bucharest, 2008: A and B were invited …" in an
    article on summits: a history of summits, each named by its city and year."""
    after = doc[end:end + 3]
    line_start = _opens_paragraph(doc[start]) or doc[start - 1].text in ("-", "*", "•")
    if len(after) == 3 and after[0].text == "," and _is_year(after[1]) and after[2].text == ":" \
            and line_start and any(t.lemma_.lower() == "summit" for t in doc):
        return after[1]
    return None


def _leaders_meet_in(city: Token) -> bool:
    """ "before alliance leaders meet in The Hague", "when NATO leaders gather in
    Vilnius": the leaders' meeting in a city is the summit held there."""
    prep = city.head if city.head.lower_ in ("in", "at") else (
        city.head.head if city.head.head.lower_ in ("in", "at") else None)
    verb = prep.head if prep is not None else None
    if verb is None or verb.lemma_ not in ("meet", "gather", "convene"):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and subject.lemma_.lower() in ("leader", "head")


def _soon(summit: Entity, on: date) -> bool:
    """Held within a year of `on`, or under way: the summit the press looks towards."""
    start = summit.start.as_date() if summit.start else None
    return start is not None and (under_way(summit, on) or on <= start <= on + _A_YEAR)


def _year_beside(doc: Doc, start: int, end: int) -> Token | None:
    """The year of "Madrid in 2022" or "the 2022 gathering in Madrid" around a city."""
    after = doc[end:end + 2]
    if len(after) == 2 and after[0].lower_ == "in" and _is_year(after[1]):
        return after[1]
    before = doc[max(start - 3, 0):start]
    if (len(before) == 3 and before[2].lower_ == "in" and before[1].lower_ == "gathering"
            and _is_year(before[0])):
        return before[0]
    return None


def _is_year(token: Token) -> bool:
    return len(token.text) == 4 and token.text.isdigit() and token.text[:2] in ("19", "20")


def _minted_summit(city: Entity | None, year: int | None) -> Entity:
    """A summit the gazetteer does not list yet, named as NATO names its summits."""
    label = f"{city.label} Summit" if city is not None else f"NATO Summit {year}"
    where = surface_key(city.label if city is not None else "nato")
    slug = "-".join([*where.split(), *([str(year)] if year is not None else [])])
    return Entity(
        id=f"summit-{slug}",
        label=label,
        kind=Kind.SUMMIT,
        place=city.id if city is not None else None,
        start=PartialDate(year) if year is not None else None,
        from_gazetteer=False,
    )


def meeting_on(
    meeting_format: Entity, place: Entity | None, when: PartialDate | None, document_id: str
) -> Entity:
    """One meeting of a curated format ("the defence ministers' meeting" in Brussels on
    13 February): a new entity with the format's label and body, its city and day.
    Dated meetings are shared across articles (two reports of one ministerial are one
    meeting); undated ones stay the article's own."""
    slug = re.sub(r"[^a-z0-9]+", "-", surface_key(meeting_format.label).replace("nato ", ""))
    return Entity(
        id=f"meeting-{slug.strip('-')}-{when.isoformat() if when else document_id}",
        label=meeting_format.label,
        kind=Kind.MEETING,
        org=meeting_format.org,
        place=place.id if place is not None else None,
        start=when,
        from_gazetteer=False,
    )


def _text_of(token: Token) -> str:
    """The words a token heads, as written ("this year's")."""
    return token.doc[token.left_edge.i : token.right_edge.i + 1].text


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


def _acts(word: Token, before: list[Token]) -> bool:
    """A verb, or the word the name before it is the subject of: no part of a name."""
    return word.pos_ == "VERB" or any(t.dep_ == "nsubj" and t.head == word for t in before)


def _given_name_first(name: Span) -> Span:
    """ "KISHIDA Fumio" (the family name first, in capitals, as Japanese releases write
    it) is Fumio Kishida: the name in the order the gazetteer and surnames use. A
    tabloid's "KEIR Starmer today vowed …" opening a paragraph, or a name the text
    also writes in that order, is only set in capitals: Keir Starmer."""
    first, rest = name[0], name[1:]
    if len(rest) == 0 or len(first) < 3 or not first.is_upper or any(t.is_upper for t in rest):
        return name  # "JD Vance": initials, not a family name
    given, others = first.text.capitalize(), [t.text for t in rest]
    emphasis = _opens_paragraph(first) or _written_given_name_first(name)
    words = [given, *others] if emphasis else [*others, given]
    return Doc(name.doc.vocab, words=words)[:]


def _knight(given: Token, people: dict[str, Entity]) -> Entity | None:
    """ "Sir Keir said" after "Sir Keir Starmer": British news calls a knight or a dame
    by title and given name, so the one person named earlier with that given name."""
    if given.i == 0 or given.doc[given.i - 1].lower_ not in ("sir", "dame"):
        return None
    named = {e.id: e for e in people.values() if e.label.split()[0] == given.text}
    return next(iter(named.values())) if len(named) == 1 else None


def _opens_paragraph(token: Token) -> bool:
    return token.i == 0 or "\n" in token.doc[token.i - 1].text


def _written_given_name_first(name: Span) -> bool:
    """Whether the text also writes the name in this order, in plain capitals."""
    text = " ".join([name[0].text.capitalize(), *(t.text for t in name[1:])])
    return text in name.doc.text


_MINISTRIES = {"ministry", "department"}


def _ministry(entity: Entity) -> bool:
    """A ministry the gazetteer does not know ("Foreign Ministry"): part of a state."""
    return (entity.kind is Kind.ORGANISATION and not entity.from_gazetteer
            and entity.label.split()[-1].lower() in _MINISTRIES)


def _state_before(doc: Doc, start: int, by_token: dict[int, Link]) -> Link | None:
    """The state written just before a ministry: "Chinese Foreign Ministry spokesperson"
    is China's spokesperson, as other outlets write it."""
    i = start - 1
    if i >= 0 and doc[i].tag_ == "POS":
        i -= 1  # "China's Foreign Ministry"
    link = by_token.get(i) if i >= 0 else None
    return link if link is not None and link.entity.kind is Kind.COUNTRY else None


def _looks_like_person(span: Span) -> bool:
    """spaCy's small model sometimes tags "Mr Stoltenberg" or "NATO spokesperson Allison
    Hart" as an ORG."""
    return span[0].lower_.rstrip(".") in ("mr", "mrs", "ms", "dr") or _titled_name(span)


# Words that make a capitalised phrase after a title an organisation, not a name.
_ORGANISATION_WORDS = {"council", "ministry", "group", "forces", "command", "agency", "office",
                       "committee", "assembly", "party", "union", "army", "navy", "service"}


def _titled_name(span: Span) -> bool:
    """Two or three capitalised words that a title just before them qualifies, as in
    "spokesperson Allison Hart": a person's name, whatever the tagger thought."""
    if span.start == 0 or span.ent_id_ or not 2 <= len(span) <= 3:
        return False
    title = span.doc[span.start - 1]
    return (title.ent_type_ == "ROLE" and title.head in span
            and all(t.is_alpha and t.is_title for t in span)
            and not any(t.lower_ in _ORGANISATION_WORDS for t in span))


def _minted(span: Span, kind: Kind, prefix: str) -> Entity:
    """An entity the gazetteer does not know: typed, labelled, with no Wikidata link."""
    label = re.sub(r"^(the|The)\s+", "", span.text.strip())
    slug = re.sub(r"[^a-z0-9]+", "-", surface_key(label)).strip("-") or "unnamed"
    return Entity(id=f"{prefix}-{slug}", label=label, kind=kind, from_gazetteer=False)


def _interview_marker(token: Token) -> bool:
    """An interview's "Q." or "A." opening a paragraph ("A. Doe said …"): not an initial."""
    return token.text in ("Q.", "A.") and _opens_paragraph(token)


def _surnames(label: str) -> list[str]:
    """What a person is called by alone: the last name, and the first one too when the
    name is written family name first ("Kim Tae-hyo", "KISHIDA Fumio")."""
    words = label.split()
    keys = [surface_key(label).split()[-1]]
    if len(words) >= 2 and (
        _GIVEN_NAME_LAST.fullmatch(words[-1])
        or (len(words[0]) > 1 and words[0].isupper() and not words[1].isupper())
    ):
        keys.append(surface_key(words[0]))
    return keys


_GIVEN_NAME_LAST = re.compile(r"[A-Z][a-z]+-[a-z]+")  # Korean given names: "Tae-hyo"


def _full_name_before(surname: Token) -> Span | None:
    """ "Minister Doe said" after "Defence Minister Jane Doe" that the tagger missed: the
    earlier "Given Surname" of the text, capitalised, with no title for its given name."""
    doc = surname.doc
    for token in doc[: surname.i]:
        if token.text == surname.text and token.i > 0 and token.pos_ == "PROPN":
            given = doc[token.i - 1]
            if given.pos_ == "PROPN" and given.text.istitle() and given.lower_ not in TITLES:
                if not given.ent_type_ or given.ent_type_ == "PERSON":
                    return doc[token.i - 1 : token.i + 1]
    return None
