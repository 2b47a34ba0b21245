"""Entity linking: each mention in a short NATO news text → the entity a reader means."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from natokg.gazetteer import load_gazetteer
from natokg.ingest import document_from_text
from natokg.link import Linker, meeting_on
from natokg.linked import LinkedDoc
from natokg.model import Entity, Kind, PartialDate
from natokg.nlp import load_pipeline

D2023 = date(2023, 5, 10)
D2024 = date(2024, 2, 7)
D2025 = date(2025, 5, 10)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker(load_gazetteer())


class Runner:
    """Parses and links one short article dated `on`."""

    def __init__(self, nlp: Language, linker: Linker) -> None:
        self.nlp = nlp
        self.linker = linker

    def __call__(self, text: str, on: date | None = D2024) -> LinkedDoc:
        document = document_from_text(text, source="test", date=on)
        return self.linker.link(self.nlp(document.text), document)


@pytest.fixture(scope="module")
def link(nlp: Language, linker: Linker) -> Runner:
    return Runner(nlp, linker)


def mentions(linked: LinkedDoc) -> list[tuple[str, Entity]]:
    """(surface text, entity) for every link, in text order."""
    return [(linked.doc[lk.start : lk.end].text, lk.entity) for lk in linked.links]


def entity_of(linked: LinkedDoc, surface: str, occurrence: int = 0) -> Entity | None:
    """The entity linked to the `occurrence`-th mention whose text is `surface`."""
    found = [entity for text, entity in mentions(linked) if text == surface]
    return found[occurrence] if len(found) > occurrence else None


def linked_ids(linked: LinkedDoc) -> set[str]:
    return {entity.id for _, entity in mentions(linked)}


# --------------------------------------------------------------------------- people


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        (
            "Jens Stoltenberg met Allied ministers in Brussels.",
            "Jens Stoltenberg",
            "jens-stoltenberg",
        ),
        ("Antony Blinken arrived for the meeting.", "Antony Blinken", "antony-blinken"),
        ("Dmytro Kuleba addressed the Allies.", "Dmytro Kuleba", "dmytro-kuleba"),
    ],
)
def test_full_name_links_to_gazetteer_person(
    link: Runner, text: str, surface: str, expected: str
) -> None:
    entity = entity_of(link(text), surface)
    assert entity is not None and entity.id == expected
    assert entity.kind is Kind.PERSON and entity.from_gazetteer


def test_title_and_surname_after_full_name_is_same_person(link: Runner) -> None:
    linked = link("Jens Stoltenberg opened the meeting. Mr Stoltenberg said Allies stand united.")
    people = [e.id for _, e in mentions(linked) if e.kind is Kind.PERSON]
    assert people == ["jens-stoltenberg", "jens-stoltenberg"]


def test_surname_of_unknown_person_after_full_name_is_same_person(link: Runner) -> None:
    linked = link("Defence analyst Maria Kowalczyk spoke first. Ms Kowalczyk then left.")
    people = [e for _, e in mentions(linked) if e.kind is Kind.PERSON]
    assert len(people) == 2
    assert people[0] == people[1]


@pytest.mark.parametrize(
    ("on", "expected"),
    [(D2023, "jens-stoltenberg"), (D2025, "mark-rutte")],
)
def test_secretary_general_is_holder_on_article_date(link: Runner, on: date, expected: str) -> None:
    linked = link("The Secretary General said the Alliance would stand firm.", on)
    assert entity_of(linked, "Secretary General") == load_gazetteer().get(expected)


def test_unknown_person_is_minted_without_wikidata(link: Runner) -> None:
    entity = entity_of(
        link("Defence analyst Maria Kowalczyk said the plans were ambitious."), "Maria Kowalczyk"
    )
    assert entity is not None
    assert entity.kind is Kind.PERSON
    assert entity.from_gazetteer is False
    assert entity.wikidata is None
    assert entity.label == "Maria Kowalczyk"


# --------------------------------------------------------------------------- organisations


@pytest.mark.parametrize(
    "text",
    [
        "The Alliance will defend every inch of Allied territory.",
        "Leaders reaffirmed that the Alliance is defensive.",
    ],
)
def test_the_alliance_is_nato(link: Runner, text: str) -> None:
    assert entity_of(link(text), "Alliance") == load_gazetteer().get("nato")


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Allies agreed to step up support.", "Allies"),
        ("The Secretary General said that all Allies stand together.", "all Allies"),
    ],
)
def test_allies_is_the_collective_allies_entity(link: Runner, text: str, surface: str) -> None:
    entity = entity_of(link(text), surface)
    assert entity is not None and entity.id == "allies"
    assert entity.id != "nato"


def test_nato_ukraine_council_is_one_entity(link: Runner) -> None:
    linked = link("The NATO-Ukraine Council met at the level of ambassadors.")
    assert linked_ids(linked) == {"nato-ukraine-council"}


def test_united_states_congress_is_congress_not_country(link: Runner) -> None:
    linked = link("The United States Congress approved new funding.")
    assert linked_ids(linked) == {"united-states-congress"}


def test_bare_congress_is_us_congress(link: Runner) -> None:
    linked = link("It is vital that Congress agrees on support for Ukraine.")
    assert "united-states-congress" in linked_ids(linked)


def test_an_ally_is_not_a_new_organisation(link: Runner) -> None:
    linked = link("If Russia attacks an Ally, NATO will respond.")
    assert not any(e.id == "org-ally" or e.label == "Ally" for _, e in mentions(linked))


# --------------------------------------------------------------------------- countries


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("The U.S. will deploy more troops to Poland.", "U.S."),
        ("The US has pledged further support.", "US"),
        ("The United States is a founding member.", "United States"),
        ("America will lead by example.", "America"),
        ("Washington and its Allies stand together.", "Washington"),
    ],
)
def test_forms_of_the_united_states(link: Runner, text: str, surface: str) -> None:
    entity = entity_of(link(text), surface)
    assert entity is not None and entity.id == "united-states"


@pytest.mark.parametrize(
    "text",
    [
        "Let us be clear: the threat is real.",
        "He told us the Allies are united.",
        "Many of us remember the Madrid Summit.",
    ],
)
def test_pronoun_us_is_not_linked(link: Runner, text: str) -> None:
    linked = link(text)
    assert all(surface.lower() != "us" for surface, _ in mentions(linked))
    assert "united-states" not in linked_ids(linked)


def test_turkiye_and_turkey_are_one_entity(link: Runner) -> None:
    linked = link("Turkey ratified the protocol. Türkiye welcomed the decision.")
    assert entity_of(linked, "Turkey") == entity_of(linked, "Türkiye")
    assert entity_of(linked, "Turkey") == load_gazetteer().get("turkiye")


def test_demonym_links_to_country_as_norp(link: Runner) -> None:
    linked = link("The Ukrainian Foreign Minister joined the talks.")
    span = next(e for e in linked.doc.ents if e.text == "Ukrainian")
    assert span.label_ == "NORP"
    assert entity_of(linked, "Ukrainian") == load_gazetteer().get("ukraine")


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("Moscow seeks to destabilise the Western Balkans.", "Moscow", "russia"),
        ("Beijing's actions are a matter of concern.", "Beijing", "china"),
        ("Ankara has blocked the decision.", "Ankara", "turkiye"),
    ],
)
def test_capital_that_acts_is_its_country(
    link: Runner, text: str, surface: str, expected: str
) -> None:
    entity = entity_of(link(text), surface)
    assert entity is not None and entity.id == expected
    assert entity.kind is Kind.COUNTRY


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("Foreign ministers met in Brussels on Tuesday.", "Brussels", "brussels"),
        ("The Prime Minister made a visit to Washington last week.", "Washington", "washington"),
        ("Leaders arrived in Vilnius for the Summit.", "Vilnius", "vilnius"),
        ("Troops were deployed from Warsaw to the border.", "Warsaw", "warsaw"),
        ("The Secretary General will visit Vilnius next week.", "Vilnius", "vilnius"),
        ("Jens Stoltenberg visited Oslo on Monday.", "Oslo", "oslo"),
    ],
)
def test_capital_as_a_place_is_the_city(
    link: Runner, text: str, surface: str, expected: str
) -> None:
    entity = entity_of(link(text), surface)
    assert entity is not None and entity.id == expected
    assert entity.kind is Kind.CITY


# --------------------------------------------------------------------------- summits


@pytest.mark.parametrize(
    ("on", "expected"),
    [(date(2024, 2, 7), "washington-summit-2024"), (date(1999, 4, 24), "washington-summit-1999")],
)
def test_washington_summit_is_the_one_nearest_the_article_date(
    link: Runner, on: date, expected: str
) -> None:
    linked = link("Leaders will gather at the Washington Summit.", on)
    entity = entity_of(linked, "Washington Summit")
    assert entity is not None and entity.id == expected


def test_bare_summit_is_the_summit_named_earlier(link: Runner) -> None:
    linked = link(
        "Leaders gathered at the Vilnius Summit. At the Summit, Allies agreed new plans.",
        date(2023, 7, 12),
    )
    assert entity_of(linked, "Summit") == load_gazetteer().get("vilnius-summit-2023")


def test_bare_summit_named_earlier_wins_over_date(link: Runner) -> None:
    # An article of 2024 looking back on Vilnius: "the Summit" is still Vilnius.
    linked = link(
        "Leaders recalled the Vilnius Summit. The Summit opened the door to Sweden.",
        date(2024, 2, 7),
    )
    assert entity_of(linked, "Summit") == load_gazetteer().get("vilnius-summit-2023")


def test_bare_summit_with_no_summit_named_is_the_next_one(link: Runner) -> None:
    linked = link("Allies are preparing for the Summit.", date(2024, 2, 7))
    assert entity_of(linked, "Summit") == load_gazetteer().get("washington-summit-2024")


def test_summits_in_two_cities_are_both_summits(link: Runner) -> None:
    linked = link("Ministers stood by the decisions of the NATO Summits in Madrid and Vilnius.",
                  date(2024, 2, 1))
    summits = {lk.entity.id for lk in linked.links if lk.entity.kind is Kind.SUMMIT}
    assert summits == {"madrid-summit-2022", "vilnius-summit-2023"}


def test_plural_summits_without_a_city_are_none_in_particular(link: Runner) -> None:
    linked = link("Japan has attended NATO summits for years.", date(2024, 2, 1))
    assert not [lk for lk in linked.links if lk.entity.kind is Kind.SUMMIT]


def test_summit_in_city_is_that_citys_summit(link: Runner) -> None:
    linked = link("Allies prepared the summit in Vilnius.", date(2023, 6, 1))
    assert entity_of(linked, "summit") == load_gazetteer().get("vilnius-summit-2023")


def test_summit_word_is_never_minted_as_organisation(link: Runner) -> None:
    linked = link("The Summit Declaration was agreed by all Allies.", date(2023, 7, 12))
    assert not any(e.kind is Kind.ORGANISATION and "Summit" in e.label for _, e in mentions(linked))


# --------------------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    "text",
    [
        "The weather in the region was cold and wet.",
        "Officials said the talks would continue.",
    ],
)
def test_plain_text_links_nothing_from_gazetteer(link: Runner, text: str) -> None:
    assert all(not e.from_gazetteer for _, e in mentions(link(text)))


def test_a_capital_in_capitals_opening_a_dateline_is_the_city(link):
    linked = link("VILNIUS, July 11, 2023 — NATO leaders agreed a communiqué.", date(2023, 7, 11))
    assert "vilnius" in {link.entity.id for link in linked.links}
    assert "lithuania" not in {link.entity.id for link in linked.links}


def test_the_summit_held_in_a_city_is_that_citys_summit(link):
    linked = link("The next summit will be held in Washington in 2024.", date(2023, 7, 11))
    assert "washington-summit-2024" in {link.entity.id for link in linked.links}


# --------------------------------------------------------------------------- news phrasing
@pytest.mark.parametrize(
    "text",
    [
        "Leaders of the IP4 were invited.",
        "The AP4 countries sent delegations.",
        "NATO invited the four Asia-Pacific partners.",
        "Officials met our partners in the Indo-Pacific.",
    ],
)
def test_partner_groups_expand_to_their_four_members(link: Runner, text: str) -> None:
    linked = link(text, date(2024, 6, 1))
    group = next(lk.entity for lk in linked.links if lk.entity.id == "indo-pacific-partners")
    members = [e.id for e in linked.expand(group)]
    assert members == ["australia", "japan", "new-zealand", "republic-of-korea"]


def test_committing_groups_are_entities_with_members(link: Runner) -> None:
    linked = link("European Allies and Canada pledged more, and NATO leaders agreed.",
                  date(2024, 6, 1))
    assert entity_of(linked, "European Allies and Canada").id == "european-allies-and-canada"
    assert entity_of(linked, "NATO leaders").id == "allies"
    europe = linked.expand(entity_of(linked, "European Allies and Canada"))
    assert len(europe) == 31 and "united-states" not in {e.id for e in europe}
    later = link("Heads of state and government agreed.", date(2024, 6, 1))
    assert entity_of(later, "Heads of state and government").id == "allies"


@pytest.mark.parametrize(
    ("text", "person", "country"),
    [
        ("Japanese Prime Minister Fumio Kishida arrived.", "fumio-kishida", "japan"),
        ("South Korean President Yoon spoke to reporters.", "yoon-suk-yeol", "republic-of-korea"),
        ("Fumio Kishida, Japan's prime minister, arrived.", "fumio-kishida", "japan"),
        ("Japan's Kishida arrived.", "fumio-kishida", "japan"),
        ("New Zealand's Prime Minister arrived.", "christopher-luxon", "new-zealand"),
        ("US Defense Secretary Lloyd Austin arrived.", "lloyd-austin", "united-states"),
        ("Britain's defence secretary John Healey arrived.", "john-healey", "united-kingdom"),
    ],
)
def test_leaders_stand_for_their_country(
    link: Runner, text: str, person: str, country: str
) -> None:
    linked = link(text, date(2024, 6, 1))
    leader = load_gazetteer().get(person)
    assert person in linked_ids(linked)
    assert linked.represented(leader).id == country
    assert [e.id for e in linked.expand(leader)] == [country]


def test_a_leader_with_no_country_stands_for_none(link: Runner) -> None:
    linked = link("Jane Example Doe arrived.", date(2024, 6, 1))
    people = [lk.entity for lk in linked.links if lk.entity.kind is Kind.PERSON]
    assert people and linked.represented(people[0]) is None and linked.expand(people[0]) == []
    nato = load_gazetteer().get("nato")
    assert linked.represented(nato) == nato


@pytest.mark.parametrize(
    ("text", "on", "holder"),
    [
        ("The alliance chief said so.", date(2024, 6, 1), "jens-stoltenberg"),
        ("The alliance chief said so.", date(2025, 2, 1), "mark-rutte"),
        ("NATO's chief said so.", date(2025, 2, 1), "mark-rutte"),
    ],
)
def test_press_titles_for_the_secretary_general(
    link: Runner, text: str, on: date, holder: str
) -> None:
    assert holder in linked_ids(link(text, on))


def summit_ids(linked: LinkedDoc) -> list[str]:
    return [lk.entity.id for lk in linked.links if lk.entity.kind is Kind.SUMMIT]


@pytest.mark.parametrize(
    ("text", "on", "expected"),
    [
        ("Allies prepared for next year's summit.", date(2024, 9, 1), "the-hague-summit-2025"),
        ("Allies recalled last year's summit in Washington.", date(2025, 3, 1),
         "washington-summit-2024"),
        ("Allies recalled this year's summit.", date(2023, 9, 1), "vilnius-summit-2023"),
        ("They met at the Vilnius Summit. The upcoming summit is in 2024.", date(2023, 7, 12),
         "washington-summit-2024"),
        ("They met at the Vilnius Summit. The upcoming summit will matter.", date(2023, 7, 12),
         "washington-summit-2024"),
        ("They looked back on the last summit.", date(2023, 9, 1), "vilnius-summit-2023"),
        ("Leaders will gather for the 2022 summit in Madrid.", date(2022, 1, 10),
         "madrid-summit-2022"),
        # A report from the summit's second day, or the days after, covers that summit.
        ("Leaders left the summit early.", date(2025, 6, 25), "the-hague-summit-2025"),
        ("Leaders left the summit early.", date(2025, 6, 30), "the-hague-summit-2025"),
        ("Leaders prepared for the summit.", date(2025, 7, 10), "ankara-summit-2026"),
        ("Leaders prepared for the upcoming summit.", date(2025, 6, 25), "ankara-summit-2026"),
        # A report from a summit names an older one in passing; "the summit" is still its own.
        ("Unlike last year's summit in Washington, it was short. Japan skipped the summit.",
         date(2025, 6, 25), "the-hague-summit-2025"),
    ],
)
def test_summits_named_the_way_the_press_names_them(
    link: Runner, text: str, on: date, expected: str
) -> None:
    assert summit_ids(link(text, on))[-1] == expected


def test_capitals_listed_as_capitals_are_their_governments(link: Runner) -> None:
    for text in ("Several capitals, including Berlin and Paris, have balked.",
                 "European capitals such as Rome and Madrid objected."):
        linked = link(text, date(2024, 7, 1))
        assert {lk.entity.id for lk in linked.links} >= (
            {"germany", "france"} if "Berlin" in text else {"italy", "spain"})
    trip = link("He flew to Rome and Madrid.", date(2024, 7, 1))
    assert {lk.entity.id for lk in trip.links} == {"rome", "madrid"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It is his third summit, following Madrid in 2022 and Vilnius in 2023.",
         ["madrid-summit-2022", "vilnius-summit-2023"]),
        ("They have come to the summits since the 2022 gathering in Madrid.",
         ["madrid-summit-2022"]),
        ("He studied in Madrid in 2022.", []),  # no summit spoken of
        ("At the summit he recalled his visit to Madrid in 2019.", []),  # no summit there then
        ("Ministers meet again before alliance leaders meet in Washington next week.",
         ["washington-summit-2024"]),  # the leaders' meeting in a summit's city, soon
        ("Alliance leaders met in Madrid to mark the date.", []),  # that summit was long ago
        ("Defence ministers meet in Washington next week.", []),  # no leaders
        ("Korea first attended a NATO summit in 2022. Its leader also went to Vilnius in "
         "2023.", ["vilnius-summit-2023"]),  # summits spoken of in the sentence before
    ],
)
def test_a_summit_named_by_its_city_and_year_alone(
    link: Runner, text: str, expected: list[str]
) -> None:
    linked = link(text, date(2024, 7, 1))
    assert sorted(lk.entity.id for lk in linked.links
                  if lk.rule == "summit-city-year") == expected


def test_the_summit_after_a_city_and_year_is_the_summit_they_name(link: Runner) -> None:
    text = ("The declaration is the third, following one signed in Warsaw in 2016, on the "
            "margins of the NATO Summit.")
    linked = link(text, date(2023, 1, 10))
    assert {lk.entity.id for lk in linked.links if lk.entity.kind.value == "Summit"} == {
        "warsaw-summit-2016"}


def test_a_summit_the_gazetteer_lacks_is_minted_with_city_and_year(link: Runner) -> None:
    linked = link("Leaders will meet at the summit in Tirana in 2027.", date(2026, 7, 8))
    summit = next(lk.entity for lk in linked.links if lk.entity.kind is Kind.SUMMIT)
    assert (summit.id, summit.label, summit.place) == ("summit-tirana-2027", "Tirana Summit",
                                                       "tirana")
    assert summit.start == PartialDate(2027) and not summit.from_gazetteer
    undated = link("Leaders agreed at the 2031 summit.", date(2026, 7, 8))
    assert summit_ids(undated) == ["summit-nato-2031"]


@pytest.mark.parametrize(
    "text", ["The G7 summit in Hiroshima ended.", "The EU-China summit ended.",
             "A Trump-Putin summit is planned.", "The Élysée summit on Thursday ended."]
)
def test_summits_of_others_are_not_nato_summits(link: Runner, text: str) -> None:
    assert summit_ids(link(text, date(2023, 5, 21))) == []


def test_sweden_is_described_as_it_stood_on_the_article_date(link: Runner) -> None:
    def sweden(on: date) -> Entity | None:
        return entity_of(link("Sweden took part.", on), "Sweden")

    assert sweden(date(2021, 5, 1)).partner  # a partner
    assert not sweden(date(2023, 11, 27)).partner  # an invitee
    later = sweden(date(2024, 6, 1))
    assert not later.partner and later.ally_since == date(2024, 3, 7)


@pytest.mark.parametrize(
    ("text", "surface", "meeting_format"),
    [
        ("Allies held a defence ministers' meeting.", "defence ministers' meeting",
         "defence-ministers-meeting"),
        ("The defense ministerial ended.", "defense ministerial", "defence-ministers-meeting"),
        ("He spoke at a meeting of foreign ministers.", "meeting of foreign ministers",
         "foreign-ministers-meeting"),
        ("The Ramstein meeting ended.", "Ramstein meeting",
         "ukraine-defense-contact-group-meeting"),
    ],
)
def test_meeting_formats_as_the_press_names_them(
    link: Runner, text: str, surface: str, meeting_format: str
) -> None:
    assert entity_of(link(text), surface).id == meeting_format


def test_bodies_keep_their_mention_and_lead_to_their_meeting_format(link: Runner) -> None:
    linked = link("A session of the North Atlantic Council and the NATO-Ukraine Council met.")
    assert entity_of(linked, "North Atlantic Council").id == "north-atlantic-council"
    named = link("The NATO-Ukraine Council meeting ended.")  # a format's label is no pattern
    assert entity_of(named, "NATO-Ukraine Council").id == "nato-ukraine-council"
    assert {body: f.id for body, f in linked.meeting_formats.items()} == {
        "north-atlantic-council": "north-atlantic-council-meeting",
        "nato-ukraine-council": "nato-ukraine-council-meeting",
    }
    assert "nato" not in link("NATO foreign ministers agreed.").meeting_formats


def test_a_meeting_of_a_format_is_its_own_dated_entity(link: Runner) -> None:
    gaz = load_gazetteer()
    defence = gaz.get("defence-ministers-meeting")
    dated = meeting_on(defence, gaz.get("brussels"), PartialDate(2024, 2, 15), "doc1")
    assert (dated.id, dated.label, dated.place, dated.org) == (
        "meeting-defence-ministers-meeting-2024-02-15", "Defence Ministers meeting",
        "brussels", "nato")
    assert dated.kind is Kind.MEETING and not dated.from_gazetteer
    assert meeting_on(defence, None, None, "doc1").id.endswith("-doc1")


@pytest.mark.parametrize("later, expected", [
    ("Sir Ewan said the talks went well.", "person-ewan-pryce"),
    ("Sir Anton said the talks went well.", None),  # no Anton named earlier
])
def test_a_knight_called_by_title_and_given_name_is_the_one_named_earlier(
        link: Runner, later: str, expected: str | None) -> None:
    linked = link(f"Sir Ewan Pryce, the chief of defence, met Donald Trump.\n\n{later}")
    given = later.split()[1]
    entity = entity_of(linked, given)
    assert (entity.id if entity else None) == expected
