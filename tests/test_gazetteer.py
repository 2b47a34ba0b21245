"""The curated gazetteer: its facts are right and its loader rejects bad data."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from natokg.errors import NatokgError
from natokg.gazetteer import Gazetteer, load_gazetteer
from natokg.model import Kind, PartialDate

WIKIDATA = re.compile(r"^Q\d+$")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_packaged_gazetteer_is_cached() -> None:
    assert load_gazetteer() is load_gazetteer()


def test_thirty_two_allies_today(gaz: Gazetteer) -> None:
    assert len(gaz.allies()) == 32
    assert sum(gaz.is_ally(i) for i in gaz.entities) == 32


def test_allies_before_the_last_accessions(gaz: Gazetteer) -> None:
    assert len(gaz.allies(date(2024, 3, 6))) == 31
    assert not gaz.is_ally("sweden", date(2024, 3, 6))
    assert gaz.is_ally("sweden", date(2024, 3, 7))
    assert len(gaz.allies(date(2023, 4, 3))) == 30
    assert len(gaz.allies(date(1949, 8, 24))) == 12


def test_allies_and_partners_have_wikidata_ids(gaz: Gazetteer) -> None:
    checked = [e for e in gaz.entities.values() if gaz.is_ally(e.id) or gaz.is_partner(e.id)]
    assert len(checked) >= 32 + 40
    missing = [e.id for e in checked if not (e.wikidata and WIKIDATA.match(e.wikidata))]
    assert missing == []


def test_ids_are_unique_slugs_and_wikidata_ids_unique(gaz: Gazetteer) -> None:
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in gaz.entities)
    qids = [e.wikidata for e in gaz.entities.values() if e.wikidata]
    assert len(qids) == len(set(qids))
    assert all(e.from_gazetteer for e in gaz.entities.values())


def test_secretary_general_by_date(gaz: Gazetteer) -> None:
    assert [p.id for p in gaz.holders("secretary-general", "nato", date(2024, 2, 7))] == [
        "jens-stoltenberg"
    ]
    assert [p.id for p in gaz.holders("secretary-general", "nato", date(2025, 1, 1))] == [
        "mark-rutte"
    ]
    # The handover day belongs to the successor (end dates are exclusive).
    assert [p.id for p in gaz.holders("secretary-general", "nato", date(2024, 10, 1))] == [
        "mark-rutte"
    ]
    everyone = gaz.holders("secretary-general", "nato", None)
    assert everyone[0].id == "mark-rutte"
    assert everyone[-1].id == "hastings-ismay"
    assert len(everyone) == 14


def test_holders_without_org_spans_organisations(gaz: Gazetteer) -> None:
    ids = {p.id for p in gaz.holders("secretary-general", None, date(2025, 1, 1))}
    assert ids == {"mark-rutte", "antonio-guterres"}
    assert gaz.holders("no-such-role", None, None) == []


def test_offices_of(gaz: Gazetteer) -> None:
    [kuleba] = gaz.offices_of("dmytro-kuleba", date(2023, 1, 1))
    assert (kuleba.role, kuleba.org) == ("foreign-minister", "ukraine")
    assert gaz.offices_of("dmytro-kuleba", date(2024, 9, 5)) == []
    rubio = gaz.offices_of("marco-rubio", None)
    assert {t.role for t in rubio} == {"secretary-of-state", "national-security-adviser"}
    latest, *_ = gaz.offices_of("jens-stoltenberg", None)
    assert latest.role == "finance-minister"


def test_every_current_us_and_ukraine_leader_is_known(gaz: Gazetteer) -> None:
    on = date(2024, 6, 1)
    assert [p.id for p in gaz.holders("president", "united-states", on)] == ["joe-biden"]
    assert [p.id for p in gaz.holders("secretary-of-state", "united-states", on)] == [
        "antony-blinken"
    ]
    assert [p.id for p in gaz.holders("president", "ukraine", on)] == ["volodymyr-zelenskyy"]
    assert [p.id for p in gaz.holders("president", "russia", on)] == ["vladimir-putin"]


def _ids_for(gaz: Gazetteer, text: str) -> set[str]:
    return {a.entity_id for a in gaz.lookup(text) if a.form != "capital"}


def test_turkey_and_turkiye_are_one_country(gaz: Gazetteer) -> None:
    assert _ids_for(gaz, "Turkey") == _ids_for(gaz, "Türkiye") == {"turkiye"}
    assert _ids_for(gaz, "turkey") == set()  # the bird


def test_case_sensitivity(gaz: Gazetteer) -> None:
    forms = {(a.text, a.entity_id): a for a in gaz.aliases}
    assert forms["US", "united-states"].case_sensitive
    assert forms["U.S.", "united-states"].case_sensitive
    assert not forms["United States", "united-states"].case_sensitive
    assert gaz.lookup("us") == ()
    assert _ids_for(gaz, "united states") == {"united-states"}


def test_alias_forms(gaz: Gazetteer) -> None:
    forms = {(a.text, a.entity_id, a.form) for a in gaz.aliases}
    assert ("NATO", "nato", "name") in forms
    assert ("the Alliance", "nato", "alias") in forms
    assert ("Ukrainians", "ukraine", "demonym") in forms
    assert ("Moscow", "russia", "capital") in forms
    assert ("Moscow", "moscow", "name") in forms
    assert ("Kiev", "ukraine", "capital") in forms
    assert ("Washington, D.C.", "washington", "alias") in forms
    assert not any(a.text.casefold() == "summit" for a in gaz.aliases)


def test_partners(gaz: Gazetteer) -> None:
    for country in ("australia", "japan", "new-zealand", "republic-of-korea"):
        assert gaz.is_partner(country)
        assert "indo-pacific-partners" in gaz.get(country).partnerships
    for org in ("european-union", "united-nations", "osce", "african-union"):
        assert gaz.is_partner(org)
    assert gaz.is_partner("ukraine")
    assert not gaz.is_partner("partnership-for-peace")
    assert not gaz.is_partner("nato")
    assert not gaz.is_partner("not-in-the-gazetteer")


def test_partnership_frameworks_are_complete(gaz: Gazetteer) -> None:
    def members(framework: str) -> int:
        return sum(framework in e.partnerships for e in gaz.entities.values())

    assert members("partnership-for-peace") == 18  # with Finland and Sweden; no Belarus
    assert members("mediterranean-dialogue") == 7
    assert members("istanbul-cooperation-initiative") == 4
    assert members("partners-across-the-globe") == 9
    assert members("indo-pacific-partners") == 4


def test_group_members_today_and_on_a_date(gaz: Gazetteer) -> None:
    ip4 = ["australia", "japan", "new-zealand", "republic-of-korea"]
    assert [e.id for e in gaz.members("indo-pacific-partners")] == ip4
    assert len(gaz.members("partnership-for-peace")) == 16
    before_madrid = {e.id for e in gaz.members("partnership-for-peace", date(2022, 6, 1))}
    assert {"finland", "sweden"} <= before_madrid
    assert len(gaz.members("allies", date(2023, 5, 1))) == 31
    europe_and_canada = gaz.members("european-allies-and-canada", date(2024, 6, 1))
    assert len(europe_and_canada) == 31
    assert "united-states" not in {e.id for e in europe_and_canada}
    assert gaz.is_group("indo-pacific-partners") and gaz.is_group("allies")
    assert not gaz.is_group("japan") and gaz.members("japan") == []


def test_sweden_and_finland_partners_then_invitees_then_allies(gaz: Gazetteer) -> None:
    for country, joined in (("finland", date(2023, 4, 4)), ("sweden", date(2024, 3, 7))):
        assert gaz.is_partner(country, date(2022, 6, 29))  # invited at Madrid, not yet signed
        assert not gaz.is_partner(country, date(2022, 7, 5))  # an invitee
        assert not gaz.is_ally(country, joined - timedelta(days=1))
        assert gaz.is_ally(country, joined) and not gaz.is_partner(country, joined)
    assert all(gaz.is_partner(p, date(2024, 1, 1)) for p in ("japan", "european-union"))


@pytest.mark.parametrize(
    ("organisations", "problem"),
    [
        ("- {id: nordics, label: Nordics, members: [atlantis]}\n", "atlantis"),
        ("- {id: nordics, label: Nordics, members: []}\n", "members"),
        ("- {id: nordics, label: Nordics, members_except: [norway]}\n", "members_except"),
        ("- {id: nordics, label: Nordics, members: [oslo]}\n", "expected Country"),
    ],
)
def test_broken_group_names_the_record(tmp_path: Path, organisations: str, problem: str) -> None:
    _write(tmp_path, "cities.yaml", GOOD_CITY)
    _write(tmp_path, "countries.yaml", "- {id: norway, label: Norway, capital: oslo}\n")
    _write(tmp_path, "organisations.yaml", organisations)
    with pytest.raises(NatokgError, match=r"organisations\.yaml: record 'nordics'") as raised:
        load_gazetteer(tmp_path)
    assert problem in str(raised.value)


def test_listed_group_members(tmp_path: Path) -> None:
    _write(tmp_path, "cities.yaml", GOOD_CITY)
    _write(tmp_path, "countries.yaml", "- {id: norway, label: Norway, capital: oslo}\n")
    _write(tmp_path, "organisations.yaml", "- {id: nordics, label: Nordics, members: [norway]}\n")
    assert [e.id for e in load_gazetteer(tmp_path).members("nordics")] == ["norway"]


def test_rivals_are_neither_allies_nor_partners(gaz: Gazetteer) -> None:
    for country in ("russia", "china", "iran", "north-korea"):
        assert not gaz.is_ally(country)
        assert not gaz.is_partner(country)


def test_every_country_has_a_capital_city(gaz: Gazetteer) -> None:
    countries = [e for e in gaz.entities.values() if e.kind is Kind.COUNTRY]
    assert all(gaz.get(gaz.capitals[c.id]).kind is Kind.CITY for c in countries)
    assert gaz.capitals["ukraine"] == "kyiv"


def test_summits_have_a_city_and_dates(gaz: Gazetteer) -> None:
    summits = [e for e in gaz.entities.values() if e.kind is Kind.SUMMIT]
    assert len(summits) >= 20
    for summit in summits:
        assert summit.place is not None and gaz.get(summit.place).kind is Kind.CITY
        assert summit.start is not None and summit.start.precision == "day"
    washington = gaz.get("washington-summit-2024")
    assert (washington.start, washington.end) == (
        PartialDate(2024, 7, 9),
        PartialDate(2024, 7, 11),
    )


def test_roles_and_groups(gaz: Gazetteer) -> None:
    assert gaz.get("secretary-general").org == "nato"
    assert gaz.get("secretary-general").kind is Kind.ROLE
    assert gaz.get("terrorism").kind is Kind.CONCEPT
    assert gaz.get("hamas").kind is Kind.GROUP
    assert _ids_for(gaz, "Daesh") == {"isis"}


def test_get_unknown_id_raises_lookup_error(gaz: Gazetteer) -> None:
    with pytest.raises(LookupError, match="atlantis"):
        gaz.get("atlantis")


def _write(directory: Path, name: str, text: str) -> Path:
    (directory / name).write_text(text, encoding="utf-8")
    return directory


GOOD_CITY = "- {id: oslo, label: Oslo, country: norway}\n"


def test_loads_a_small_directory(tmp_path: Path) -> None:
    _write(tmp_path, "cities.yaml", GOOD_CITY)
    _write(tmp_path, "countries.yaml", "- {id: norway, label: Norway, capital: oslo}\n")
    gaz = load_gazetteer(tmp_path)
    assert set(gaz.entities) == {"oslo", "norway"}
    assert load_gazetteer(tmp_path) is not gaz  # only the packaged data is cached


@pytest.mark.parametrize(
    ("countries", "problem"),
    [
        ("- {id: norway, label: Norway, ally_since: not-a-date}\n", "ally_since"),
        ("- {id: norway, label: Norway, capital: bergen}\n", "bergen"),
        ("- {id: norway, label: Norway, wikidata: 20}\n", "wikidata"),
        ("- {id: Norway, label: Norway}\n", "id"),
        ("- {id: norway, label: Norway, colour: red}\n", "colour"),
        ("- {id: oslo, label: Oslo}\n", "duplicate"),
        ("- {id: norway, label: Norway, capital: oslo, case_sensitive: [NO]}\n", "case_sensitive"),
        ("- {id: norway, label: Norway\n", "YAML"),
    ],
)
def test_broken_record_names_the_file(tmp_path: Path, countries: str, problem: str) -> None:
    _write(tmp_path, "cities.yaml", "- {id: oslo, label: Oslo}\n")
    _write(tmp_path, "countries.yaml", countries)
    with pytest.raises(NatokgError, match=r"countries\.yaml") as raised:
        load_gazetteer(tmp_path)
    assert problem in str(raised.value)
    assert "\n" not in str(raised.value)


def test_broken_office_names_the_person(tmp_path: Path) -> None:
    _write(tmp_path, "roles.yaml", "- {id: president, label: President}\n")
    _write(
        tmp_path,
        "people.yaml",
        "- id: someone\n  label: Someone\n"
        "  offices: [{role: president, org: atlantis, start: 2020-01-01}]\n",
    )
    with pytest.raises(NatokgError, match=r"people.yaml: record 'someone'.*atlantis"):
        load_gazetteer(tmp_path)


def test_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(NatokgError, match="not found"):
        load_gazetteer(tmp_path / "nope")


def test_case_variants_are_not_repeated(gaz: Gazetteer) -> None:
    insensitive = [
        (a.text.casefold(), a.entity_id, a.form) for a in gaz.aliases if not a.case_sensitive
    ]
    assert len(insensitive) == len(set(insensitive))
    assert ("the US", "united-states", "alias", True) in {
        (a.text, a.entity_id, a.form, a.case_sensitive) for a in gaz.aliases
    }


def test_meeting_formats_of_bodies(gaz: Gazetteer) -> None:
    assert gaz.meeting_format("north-atlantic-council").id == "north-atlantic-council-meeting"
    udcg = gaz.meeting_format("ukraine-defense-contact-group")
    assert udcg is not None and udcg.kind is Kind.MEETING and udcg.start is None
    assert gaz.meeting_format("japan") is None


def test_every_ally_has_one_head_of_government(gaz: Gazetteer) -> None:
    on = date(2025, 7, 1)
    for ally in gaz.allies(on):
        roles = ("president",) if ally.id in ("united-states", "turkiye") else (
            "prime-minister", "chancellor")
        holders = [p.id for r in roles for p in gaz.holders(r, ally.id, on)]
        assert len(holders) == 1, (ally.id, holders)


def test_ministers_and_spokespeople_found_by_plain_spelling(gaz: Gazetteer) -> None:
    assert _ids_for(gaz, "Wladyslaw Kosiniak-Kamysz") == {"wladyslaw-kosiniak-kamysz"}
    [term] = [t for t in gaz.offices_of("wladyslaw-kosiniak-kamysz", date(2025, 3, 1))
              if t.role == "defence-minister"]
    assert term.org == "poland"
    assert [p.id for p in gaz.holders("spokesperson", "russia", date(2024, 1, 1))] == [
        "maria-zakharova", "dmitry-peskov"]
    assert [p.id for p in gaz.holders("foreign-minister", "japan", date(2016, 1, 1))] == [
        "fumio-kishida"]
