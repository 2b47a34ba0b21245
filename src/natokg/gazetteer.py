"""The gazetteer: curated facts about the things NATO news keeps naming.

spaCy finds *that* "Kyiv", "the Alliance" or "Mr Stoltenberg" are names; only a
curated list can say *who* they are, since when a country is an Ally, who held
an office on the day an article was written, and which city a summit was in.
Those facts live as YAML in `natokg/data/gazetteer/` (one file per kind of
thing) so they can be reviewed and corrected without touching code; this module
reads them once, checks them, and answers the questions the linker asks.

A broken record is a bug in shipped data, so loading fails loudly with a
one-line `GazetteerError` naming the file and the record, rather than quietly
linking mentions to the wrong thing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, TypeVar

import yaml

from natokg.errors import NatokgError
from natokg.model import Entity, Kind, PartialDate

_T = TypeVar("_T")

AliasForm = Literal["name", "alias", "demonym", "capital"]

# The kind of the records in each file, unless a record says `kind:` itself.
FILE_KINDS: Mapping[str, Kind] = MappingProxyType(
    {
        "countries": Kind.COUNTRY,
        "cities": Kind.CITY,
        "organisations": Kind.ORGANISATION,
        "people": Kind.PERSON,
        "roles": Kind.ROLE,
        "events": Kind.SUMMIT,
        "groups": Kind.GROUP,
        "meetings": Kind.MEETING,
    }
)

_COMMON_KEYS = frozenset({"id", "label", "kind", "wikidata", "aliases", "case_sensitive"})
# Groups that stand for several countries ("the IP4", "European Allies and Canada"):
# `members` lists country ids, or is the word `allies` (the Allies on the article's
# date), less the ids in `members_except`; a partnership framework's members are
# the countries in it, so it needs neither.
_MEMBER_KEYS = frozenset({"members", "members_except"})
ALL_ALLIES = "allies"
_EXTRA_KEYS: Mapping[Kind, frozenset[str]] = MappingProxyType(
    {
        Kind.COUNTRY: frozenset({"ally_since", "invited", "partnerships", "demonyms", "capital"}),
        Kind.CITY: frozenset({"country"}),
        Kind.ORGANISATION: frozenset({"partner", "country", "org", "seat"}) | _MEMBER_KEYS,
        Kind.PERSON: frozenset({"country", "offices"}),
        Kind.ROLE: frozenset({"org"}),
        Kind.SUMMIT: frozenset({"place", "start", "end"}),
        Kind.MEETING: frozenset({"place", "start", "end", "org"}),
        Kind.GROUP: frozenset({"country"}),
        Kind.CONCEPT: frozenset(),
        Kind.FRAMEWORK: frozenset({"org"}),
    }
)
_OFFICE_KEYS = frozenset({"role", "org", "start", "end"})
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WIKIDATA = re.compile(r"^Q\d+$")


class GazetteerError(NatokgError):
    """The packaged (or given) gazetteer data is malformed or inconsistent."""


@dataclass(frozen=True)
class Alias:
    """One surface form under which an entity appears in text.

    `form` tells the linker how much to trust the match: a "capital" form
    ("Moscow") points at the *country*, and the linker decides from context
    whether the text means the city or the government seated there (the
    city's own name is a separate "name" alias pointing at the city).
    """

    text: str
    entity_id: str
    form: AliasForm
    case_sensitive: bool


@dataclass(frozen=True)
class OfficeTerm:
    """A person holding a role in an organisation or a country, `start` to `end`.

    `end` is the day the successor took over, so it is exclusive: on the day
    of a handover only the new holder holds the office. `None` = still in office.
    """

    person: str
    role: str
    org: str
    start: date
    end: date | None

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """Every curated entity, its surface forms and the offices people held."""

    entities: Mapping[str, Entity]
    aliases: tuple[Alias, ...]
    terms: tuple[OfficeTerm, ...]
    capitals: Mapping[str, str] = field(default_factory=dict)  # country id -> city id
    # organisation id -> the city of its headquarters ("met at NATO headquarters": Brussels)
    seats: Mapping[str, str] = field(default_factory=dict)
    partner_organisations: frozenset[str] = frozenset()  # orgs with `partner: true`
    groups: Mapping[str, MemberRule] = field(default_factory=dict)  # group id -> its members
    invitations: Mapping[str, date] = field(default_factory=dict)  # country id -> invited to join
    _by_text: Mapping[str, tuple[Alias, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, list[Alias]] = {}
        for alias in self.aliases:
            index.setdefault(alias.text.casefold(), []).append(alias)
        object.__setattr__(self, "_by_text", {k: tuple(v) for k, v in index.items()})

    def get(self, entity_id: str) -> Entity:
        """The entity with this id; a `LookupError` names an id that is not curated."""
        try:
            return self.entities[entity_id]
        except KeyError:
            raise LookupError(f"no gazetteer entity with id {entity_id!r}") from None

    def lookup(self, text: str) -> tuple[Alias, ...]:
        """Every alias this exact surface form matches (honouring case sensitivity)."""
        candidates = self._by_text.get(text.casefold(), ())
        return tuple(a for a in candidates if not a.case_sensitive or a.text == text)

    def holders(self, role: str, org: str | None = None, on: date | None = None) -> list[Entity]:
        """People holding `role` (in `org`, if given) on `on`; everyone who ever held
        it if `on` is None. Most recent first; unknown roles simply have no holders."""
        terms = [
            t
            for t in self.terms
            if t.role == role and (org is None or t.org == org) and (on is None or t.active_on(on))
        ]
        people = dict.fromkeys(t.person for t in sorted(terms, key=_by_start, reverse=True))
        return [self.entities[p] for p in people]

    def offices_of(self, person: str, on: date | None = None) -> list[OfficeTerm]:
        """The offices `person` held on `on` (all of them if None), most recent first."""
        terms = [t for t in self.terms if t.person == person and (on is None or t.active_on(on))]
        return sorted(terms, key=_by_start, reverse=True)

    def is_ally(self, country_id: str, on: date | None = None) -> bool:
        """Whether the country had joined NATO by `on` (today if None).

        Unknown ids are not Allies: entities found only in text never are.
        """
        entity = self.entities.get(country_id)
        if entity is None or entity.ally_since is None:
            return False
        return entity.ally_since <= (on or date.today())

    def is_partner(self, entity_id: str, on: date | None = None) -> bool:
        """Whether NATO counts the entity as a partner: a country in a partnership
        framework, or an organisation marked `partner: true` (EU, UN, OSCE, AU).
        The frameworks themselves (PfP, ...) are not partners. With `on`, a
        partner that had been invited to join by then (Finland and Sweden once
        they signed their Accession Protocols) is an invitee, and then an Ally,
        instead: a partner in an article of June 2022, not in one of 2023."""
        entity = self.entities.get(entity_id)
        if entity is None:
            return False
        invited = self.invitations.get(entity_id) or entity.ally_since
        if on is not None and invited is not None and invited <= on:
            return False
        return entity_id in self.partner_organisations or bool(entity.partnerships)

    def is_group(self, entity_id: str) -> bool:
        """Whether the entity names several countries at once: a partnership
        framework with members ("the IP4") or a curated group ("European Allies
        and Canada", "NATO leaders")."""
        return entity_id in self.groups or any(
            entity_id in e.partnerships for e in self.entities.values())

    def meeting_format(self, body_id: str) -> Entity | None:
        """The curated meeting format of a body that meets ("North Atlantic Council" →
        "North Atlantic Council meeting"), if it has exactly one: NATO itself meets in
        many (foreign ministers, defence ministers), so naming NATO names none."""
        formats = [e for e in self.entities.values()
                   if e.kind is Kind.MEETING and e.org == body_id and e.start is None]
        return formats[0] if len(formats) == 1 else None

    def members(self, group_id: str, on: date | None = None) -> list[Entity]:
        """The countries a group stands for on `on` (today if None), so that an
        invitation to "the IP4" is one to Australia, Japan, New Zealand and the
        Republic of Korea. A framework's members are its countries that were not
        yet Allies then; anything that is not a group has no members."""
        rule = self.groups.get(group_id)
        if rule is None:
            found = [e for e in self.entities.values()
                     if group_id in e.partnerships and self.is_partner(e.id, on or date.today())]
        elif rule.members == ALL_ALLIES:
            found = self.allies(on)
        else:
            found = [self.entities[m] for m in rule.members]
        excluded = rule.excluded if rule else frozenset()
        return sorted((e for e in found if e.id not in excluded), key=lambda e: e.label)

    def allies(self, on: date | None = None) -> list[Entity]:
        """Every Ally on `on` (today if None), in accession order."""
        found = [e for e in self.entities.values() if self.is_ally(e.id, on)]
        return sorted(found, key=lambda e: (e.ally_since, e.id))


@dataclass(frozen=True)
class MemberRule:
    """Who a curated group stands for: listed countries, or every Ally (`ALL_ALLIES`),
    less `excluded` ("European Allies and Canada": every Ally but the United States)."""

    members: str | tuple[str, ...]
    excluded: frozenset[str] = frozenset()


def _by_start(term: OfficeTerm) -> date:
    return term.start


def load_gazetteer(directory: str | Path | None = None) -> Gazetteer:
    """Read and check the gazetteer: the packaged one (cached) or one in `directory`.

    The directory argument exists so tests and users can try other data without
    touching the package; it is read afresh on every call.
    """
    if directory is None:
        return _load_packaged()
    path = Path(directory)
    if not path.is_dir():
        raise GazetteerError(f"gazetteer directory not found: {path}")
    return _load(path)


@functools.cache
def _load_packaged() -> Gazetteer:
    return _load(resources.files("natokg") / "data" / "gazetteer")


def _load(directory: Traversable) -> Gazetteer:
    records = list(_read_records(directory))
    if not records:
        raise GazetteerError(f"no gazetteer records (*.yaml) in {directory}")
    builder = _Builder()
    for record in records:
        builder.add(record)
    return builder.finish()


@dataclass(frozen=True)
class _Record:
    """One YAML mapping and where it came from, for error messages."""

    file: str
    kind: Kind
    data: Mapping[str, Any]

    @property
    def id(self) -> str:
        return str(self.data.get("id", "?"))

    def error(self, problem: str) -> GazetteerError:
        return GazetteerError(f"gazetteer {self.file}: record {self.id!r}: {problem}")


def _read_records(directory: Traversable) -> Iterator[_Record]:
    files = sorted((f for f in directory.iterdir() if f.name.endswith(".yaml")), key=_name)
    for file in files:
        yield from _file_records(file)


def _name(file: Traversable) -> str:
    return file.name


def _file_records(file: Traversable) -> Iterator[_Record]:
    try:
        loaded = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        raise GazetteerError(f"gazetteer {file.name}: not valid YAML: {problem}") from None
    if loaded is None:
        return
    if not isinstance(loaded, list):
        raise GazetteerError(f"gazetteer {file.name}: expected a list of records")
    default_kind = FILE_KINDS.get(file.name.removesuffix(".yaml"))
    for index, data in enumerate(loaded, start=1):
        if not isinstance(data, dict):
            raise GazetteerError(f"gazetteer {file.name}: record #{index} is not a mapping")
        yield _Record(file.name, _record_kind(file.name, index, data, default_kind), data)


def _record_kind(file: str, index: int, data: Mapping[str, Any], default: Kind | None) -> Kind:
    value: Any = data.get("kind")  # whatever the YAML held: Kind() says if it is one
    if value is None and default is not None:
        return default
    try:
        return Kind(value)
    except ValueError:
        raise GazetteerError(
            f"gazetteer {file}: record #{index} ({data.get('id', '?')!r}): "
            f"unknown or missing kind {value!r} (one of {', '.join(Kind)})"
        ) from None


class _Builder:
    """Turns records into entities, aliases and terms, then checks references.

    References are checked only once every file is read, since a country's
    capital or a person's office may be defined in a later file.
    """

    def __init__(self) -> None:
        self.records: dict[str, _Record] = {}
        self.entities: dict[str, Entity] = {}
        self.terms: list[tuple[_Record, OfficeTerm]] = []
        self.capitals: dict[str, str] = {}
        self.seats: dict[str, str] = {}
        self.partners: set[str] = set()
        self.groups: dict[str, MemberRule] = {}
        self.invitations: dict[str, date] = {}

    def add(self, record: _Record) -> None:
        entity_id = _check_header(record)
        if entity_id in self.records:
            other = self.records[entity_id].file
            raise record.error(f"duplicate id (also in {other})")
        self.records[entity_id] = record
        self.entities[entity_id] = _entity(record)
        if record.kind is Kind.COUNTRY and record.data.get("capital") is not None:
            self.capitals[entity_id] = _text(record, "capital")
        if record.data.get("seat") is not None:
            self.seats[entity_id] = _text(record, "seat")
        if record.data.get("partner", False) is True:
            self.partners.add(entity_id)
        elif "partner" in record.data and record.data["partner"] is not False:
            raise record.error("partner must be true or false")
        self.terms.extend((record, term) for term in _terms(record))
        if record.data.get("invited") is not None:
            self.invitations[entity_id] = _day(record, "invited")
        if "members" in record.data:
            self.groups[entity_id] = _member_rule(record)
        elif "members_except" in record.data:
            raise record.error("members_except needs members")

    def finish(self) -> Gazetteer:
        for entity_id, record in self.records.items():
            self._check_references(record, self.entities[entity_id])
        for group_id, rule in self.groups.items():
            ids = (() if rule.members == ALL_ALLIES else rule.members, rule.excluded)
            for member in (m for listed in ids for m in listed):
                self._expect(self.records[group_id], member, "members", {Kind.COUNTRY})
        for record, term in self.terms:
            self._expect(record, term.role, "offices.role", {Kind.ROLE})
            self._expect(record, term.org, "offices.org", {Kind.ORGANISATION, Kind.COUNTRY})
        return Gazetteer(
            entities=MappingProxyType(dict(self.entities)),
            aliases=tuple(self._aliases()),
            terms=tuple(term for _, term in self.terms),
            capitals=MappingProxyType(dict(self.capitals)),
            seats=MappingProxyType(dict(self.seats)),
            partner_organisations=frozenset(self.partners),
            groups=MappingProxyType(dict(self.groups)),
            invitations=MappingProxyType(dict(self.invitations)),
        )

    def _check_references(self, record: _Record, entity: Entity) -> None:
        for partnership in entity.partnerships:
            self._expect(record, partnership, "partnerships", {Kind.FRAMEWORK})
        self._expect(record, entity.country, "country", {Kind.COUNTRY})
        self._expect(record, entity.place, "place", {Kind.CITY})
        self._expect(record, entity.org, "org", {Kind.ORGANISATION, Kind.COUNTRY})
        self._expect(record, self.capitals.get(entity.id), "capital", {Kind.CITY})
        self._expect(record, self.seats.get(entity.id), "seat", {Kind.CITY})

    def _expect(self, record: _Record, target: str | None, key: str, kinds: set[Kind]) -> None:
        if target is None:
            return
        found = self.entities.get(target)
        if found is None:
            raise record.error(f"{key} refers to unknown id {target!r}")
        if found.kind not in kinds:
            wanted = " or ".join(sorted(kinds))
            raise record.error(f"{key} {target!r} is a {found.kind}, expected {wanted}")

    def _aliases(self) -> Iterator[Alias]:
        """Every alias once: a case-insensitive form makes its case variants
        ("al-Qaeda" / "Al-Qaeda") redundant, so only the first one is kept."""
        kept: dict[tuple[str, str, str], list[Alias]] = {}
        for alias in self._all_aliases():
            group = kept.setdefault((alias.text.casefold(), alias.entity_id, alias.form), [])
            if any(not a.case_sensitive or a.text == alias.text for a in group):
                continue
            if not alias.case_sensitive:
                group.clear()
            group.append(alias)
        for group in kept.values():
            yield from group

    def _all_aliases(self) -> Iterator[Alias]:
        for entity_id, record in self.records.items():
            yield from _own_aliases(record, entity_id)
        for country_id, city_id in self.capitals.items():
            for city_alias in _own_aliases(self.records[city_id], city_id):
                yield Alias(city_alias.text, country_id, "capital", city_alias.case_sensitive)


def _check_header(record: _Record) -> str:
    """The record's id, after checking the keys every record shares."""
    data = record.data
    if not isinstance(data.get("id"), str) or not _ID.match(data["id"]):
        raise record.error("id must be a lowercase slug like 'united-states'")
    if not isinstance(data.get("label"), str) or not data["label"].strip():
        raise record.error("label must be a non-empty string")
    unknown = set(data) - _COMMON_KEYS - _EXTRA_KEYS[record.kind]
    if unknown:
        raise record.error(f"unknown field(s) for a {record.kind}: {', '.join(sorted(unknown))}")
    wikidata = data.get("wikidata")
    if wikidata is not None and not (isinstance(wikidata, str) and _WIKIDATA.match(wikidata)):
        raise record.error(f"wikidata must look like 'Q30', not {wikidata!r}")
    identifier: str = data["id"]
    return identifier


def _entity(record: _Record) -> Entity:
    data = record.data
    return Entity(
        id=data["id"],
        label=data["label"],
        kind=record.kind,
        wikidata=data.get("wikidata"),
        ally_since=_optional(record, "ally_since", _day),
        partnerships=tuple(_texts(record, "partnerships")),
        partner=data.get("partner") is True or bool(data.get("partnerships")),
        country=_optional(record, "country", _text),
        place=_optional(record, "place", _text),
        start=_optional(record, "start", _partial),
        end=_optional(record, "end", _partial),
        org=_optional(record, "org", _text),
        from_gazetteer=True,
    )


def _terms(record: _Record) -> Iterator[OfficeTerm]:
    offices = record.data.get("offices") or []
    if not isinstance(offices, list):
        raise record.error("offices must be a list")
    for office in offices:
        if not isinstance(office, dict) or not {"role", "org", "start"} <= set(office):
            raise record.error(f"each office needs role, org and start: {office!r}")
        if set(office) - _OFFICE_KEYS:
            raise record.error(f"unknown office field(s): {sorted(set(office) - _OFFICE_KEYS)}")
        office_record = _Record(record.file, record.kind, {**office, "id": record.id})
        term = OfficeTerm(
            person=record.id,
            role=_text(office_record, "role"),
            org=_text(office_record, "org"),
            start=_day(office_record, "start"),
            end=_optional(office_record, "end", _day),
        )
        if term.end is not None and term.end < term.start:
            raise record.error(f"office {term.role} ends before it starts")
        yield term


def _member_rule(record: _Record) -> MemberRule:
    members = record.data["members"]
    excluded = frozenset(_texts(record, "members_except"))
    if members == ALL_ALLIES:
        return MemberRule(ALL_ALLIES, excluded)
    listed = tuple(_texts(record, "members"))
    if not listed:
        raise record.error(f"members must be {ALL_ALLIES!r} or a list of country ids")
    return MemberRule(listed, excluded)


def _own_aliases(record: _Record, entity_id: str) -> Iterator[Alias]:
    """The record's label, aliases and demonyms as `Alias` objects."""
    overrides = set(_texts(record, "case_sensitive"))
    forms: list[tuple[str, AliasForm]] = [(record.data["label"], "name")]
    forms += [(text, "alias") for text in _texts(record, "aliases")]
    forms += [(text, "demonym") for text in _texts(record, "demonyms")]
    unused = overrides - {text for text, _ in forms}
    if unused:
        raise record.error(f"case_sensitive lists forms it does not have: {sorted(unused)}")
    for text, form in forms:
        yield Alias(text, entity_id, form, text in overrides or _looks_case_sensitive(text))


def _looks_case_sensitive(text: str) -> bool:
    """Short and all-capital forms ("US", "EU", "U.S.", "NATO", "the US") must match
    exactly, or the pronoun "us" and ordinary lowercase words would become entities."""
    core = text.removeprefix("the ").removeprefix("The ")
    return len(core) <= 3 or not any(char.islower() for char in core)


def _optional(record: _Record, key: str, read: Callable[[_Record, str], _T]) -> _T | None:
    return None if record.data.get(key) is None else read(record, key)


def _text(record: _Record, key: str) -> str:
    value = record.data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise record.error(f"{key} must be a non-empty string, not {value!r}")
    return value


def _texts(record: _Record, key: str) -> Iterable[str]:
    values = record.data.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise record.error(
            f"{key} must be a list of non-empty strings (quote YAML words "
            f"like yes/no/on and numbers), not {values!r}"
        )
    return values


def _day(record: _Record, key: str) -> date:
    value = record.data.get(key)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):  # PyYAML already read an unquoted ISO date
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise record.error(f"{key} must be an ISO date (YYYY-MM-DD), not {value!r}") from None


def _partial(record: _Record, key: str) -> PartialDate:
    value = record.data.get(key)
    if isinstance(value, date):  # PyYAML already read an unquoted ISO date
        return PartialDate.of(value)
    try:
        return PartialDate.parse(str(value))
    except (TypeError, ValueError):
        raise record.error(f"{key} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}") from None
