"""Relation rules on the language of news (wire, newspaper and government reports), not
only NATO's own releases: each pattern on a short text of our own, through the real
pipeline (nlp → link → relations)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from natokg.gazetteer import load_gazetteer
from natokg.link import Linker
from natokg.model import (
    CallOn,
    Commitment,
    EventHeld,
    Invitation,
    Kind,
    OfficeHolding,
    PartialDate,
    Quote,
    Threat,
)
from natokg.nlp import load_pipeline
from test_relations import Runner, facts_of, one

VILNIUS = date(2023, 7, 1)  # before the Vilnius Summit (11-12 July 2023)
LATER = date(2025, 3, 1)


@pytest.fixture(scope="module")
def run() -> Runner:
    return Runner(load_pipeline(), Linker(load_gazetteer()))


def invited(run: Runner, text: str, on: date = VILNIUS) -> set[tuple[str, str]]:
    return {(f.invitee.id, f.event.id) for f in facts_of(run(text, on), Invitation)}


# =========================================================================== invitations

AT_VILNIUS = "vilnius-summit-2023"


@pytest.mark.parametrize(
    ("text", "invitees"),
    [
        ("Australia and Japan have been invited to attend the summit in Vilnius.",
         {"australia", "japan"}),
        ("The leaders of New Zealand and South Korea were invited to the Vilnius Summit.",
         {"new-zealand", "republic-of-korea"}),
        ("Japan and Australia were among the partners invited to the Vilnius Summit.",
         {"japan", "australia"}),
    ],
)
def test_passive_invitations(run: Runner, text: str, invitees: set[str]) -> None:
    assert invited(run, text) == {(i, AT_VILNIUS) for i in invitees}


@pytest.mark.parametrize("group", ["the IP4", "NATO's four Indo-Pacific partners", "the AP4"])
def test_a_partner_group_invited_is_each_of_its_members_invited(run: Runner, group: str) -> None:
    text = f"The Secretary General has invited {group} to the Vilnius Summit."
    assert invited(run, text) == {(i, AT_VILNIUS) for i in (
        "australia", "japan", "new-zealand", "republic-of-korea")}


def test_accepting_the_invitation_is_being_invited(run: Runner) -> None:
    text = "Japanese Prime Minister Fumio Kishida accepted the invitation to the Vilnius Summit."
    fact = one(run(text, VILNIUS), Invitation)
    assert (fact.invitee.id, fact.event.id) == ("japan", AT_VILNIUS)
    assert fact.evidence.rule == "invitation-accepted"


def test_he_accepting_the_alliances_invitation_names_the_inviter(run: Runner) -> None:
    text = "Fumio Kishida spoke in Tokyo. He said he had accepted NATO's invitation to attend "\
        "the summit."
    fact = one(run(text, VILNIUS), Invitation)
    assert (fact.invitee.id, fact.inviter.id if fact.inviter else None) == ("japan", "nato")


@pytest.mark.parametrize(
    ("text", "invitees"),
    [
        ("The Vilnius Summit will be attended by the leaders of Australia, Japan and "
         "New Zealand.", {"australia", "japan", "new-zealand"}),
        ("Prime Minister Anthony Albanese will take part in the Vilnius Summit next week.",
         {"australia"}),
        ("The leaders of Japan and South Korea joined the summit on Wednesday.",
         {"japan", "republic-of-korea"}),
        ("Leaders of New Zealand and South Korea are also expected to attend the summit.",
         {"new-zealand", "republic-of-korea"}),
    ],
)
def test_a_partner_attending_a_summit_was_invited(
    run: Runner, text: str, invitees: set[str]
) -> None:
    found = facts_of(run(text, VILNIUS), Invitation)
    assert {(f.invitee.id, f.event.id) for f in found} == {(i, AT_VILNIUS) for i in invitees}
    assert {f.evidence.rule for f in found} == {"attended-summit"}
    assert all(f.evidence.confidence < 0.9 for f in found)  # implied, not stated


@pytest.mark.parametrize(
    "text",
    [
        "President Joe Biden attended the Vilnius Summit.",  # an Ally attends by right
        "Finland joined NATO in April.",  # joining the Alliance, not a summit
        "Sweden did not receive an invitation to the summit.",  # denied
        "Japan will not attend the Vilnius Summit.",  # negated
        "China attended the Vilnius Summit as an observer.",  # no partner of NATO
    ],
)
def test_no_invitation_from_attendance(run: Runner, text: str) -> None:
    assert facts_of(run(text, VILNIUS), Invitation) == []


def test_attending_every_summit_since_one_names_no_summit(run: Runner) -> None:
    text = "Japan and Australia have taken part in every NATO summit since Madrid in 2022."
    assert invited(run, text) == set()


IN_VILNIUS = date(2023, 7, 12)  # the Vilnius Summit's second day


def test_invited_to_every_summit_since_one_is_invited_to_the_summit_under_way(run: Runner) -> None:
    text = ("NATO leaders met at the Vilnius Summit. Japan and Australia have been invited to "
            "every NATO summit since Madrid in 2022.")
    assert invited(run, text, IN_VILNIUS) == {("japan", AT_VILNIUS), ("australia", AT_VILNIUS)}


def test_invited_to_every_summit_since_one_names_no_summit_still_ahead(run: Runner) -> None:
    text = ("Leaders will meet at the Vilnius Summit. Japan and Australia have been invited to "
            "every NATO summit since Madrid in 2022.")
    assert invited(run, text) == set()


IN_WASHINGTON = date(2024, 7, 11)


def test_invited_following_earlier_summits_was_invited_to_each(run: Runner) -> None:
    text = ("NATO leaders met at the Washington Summit. It is the third year Australia has been "
            "invited to a NATO Summit, following Madrid in 2022 and Vilnius in 2023.")
    assert invited(run, text, IN_WASHINGTON) == {("australia", s) for s in (
        "washington-summit-2024", "madrid-summit-2022", "vilnius-summit-2023")}


@pytest.mark.parametrize(
    "text",
    [
        "Of the four Indo-Pacific partners the alliance invited to the Vilnius Summit, only "
        "Japan will attend in person.",  # a relative clause without "that"
        "The Secretary General has extended invitations to the four Indo-Pacific partners to "
        "attend the Vilnius Summit.",
    ],
)
def test_a_counted_group_invited_is_each_member_invited(run: Runner, text: str) -> None:
    assert invited(run, text) >= {(i, AT_VILNIUS) for i in (
        "australia", "japan", "new-zealand", "republic-of-korea")}


def test_attending_at_the_invitation_of_someone_names_no_other_event(run: Runner) -> None:
    text = ("NATO leaders met at the Washington Summit. Australia attended at the invitation of "
            "Secretary General Jens Stoltenberg, alongside our fellow partners Japan and New "
            "Zealand.")
    assert invited(run, text, IN_WASHINGTON) >= {("australia", "washington-summit-2024")}


@pytest.mark.parametrize("title", ["Prime Minister", "President"])
def test_holders_listed_by_titles_are_each_their_country(run: Runner, title: str) -> None:
    text = (f"Japanese {title} Fumio Kishida, Australian Prime Minister Anthony Albanese and "
            "New Zealand Prime Minister Chris Hipkins attended the Vilnius Summit at the "
            "alliance's invitation.")
    assert invited(run, text) == {(i, AT_VILNIUS) for i in ("japan", "australia", "new-zealand")}


def test_sweden_attending_before_it_joined_was_an_invitee(run: Runner) -> None:
    assert invited(run, "Sweden attended the Vilnius Summit.") == {("sweden", AT_VILNIUS)}


@pytest.mark.parametrize(
    ("text", "invitees"),
    [
        ("New Zealand was invited to the Vilnius Summit, alongside Japan and Australia.",
         {"new-zealand", "japan", "australia"}),
        ("The leaders of Japan and Australia, who have also been invited to the Vilnius "
         "Summit, will meet on Tuesday.", {"japan", "australia"}),
        ("Prime Minister Anthony Albanese flew to Lithuania. The Prime Minister will attend "
         "the Vilnius Summit at the invitation of the Secretary General.", {"australia"}),
        ("Prime Minister Fumio Kishida will travel to Europe to attend the Vilnius Summit at "
         "the invitation of NATO.", {"japan"}),
    ],
)
def test_invitations_stated_in_relative_clauses_and_companions(
    run: Runner, text: str, invitees: set[str]
) -> None:
    assert invited(run, text) == {(i, AT_VILNIUS) for i in invitees}


def test_attending_at_the_invitation_of_states_the_invitation(run: Runner) -> None:
    text = "President Yoon Suk Yeol attended the Vilnius Summit at the invitation of NATO."
    fact = one(run(text, VILNIUS), Invitation)
    assert (fact.invitee.id, fact.evidence.rule) == ("republic-of-korea", "invitation-attended")
    assert fact.inviter is not None and fact.inviter.id == "nato"
    assert fact.evidence.confidence == 0.9


def test_one_of_the_partners_invited_is_that_one_only(run: Runner) -> None:
    text = ("Japanese Prime Minister Fumio Kishida, who came as one of four Indo-Pacific "
            "partners invited to the Vilnius Summit, spoke on Tuesday.")
    assert invited(run, text) == {("japan", AT_VILNIUS)}


def test_the_four_partners_are_the_four_last_named(run: Runner) -> None:
    text = ("Ministers met their colleagues from Australia, Japan, New Zealand and South "
            "Korea. Leaders will gather in Vilnius for the summit in July. Mr Stoltenberg "
            "said he had invited the four partners to Vilnius.")
    assert invited(run, text) == {(i, AT_VILNIUS) for i in (
        "australia", "japan", "new-zealand", "republic-of-korea")}


def test_an_invitation_without_event_in_a_summit_report_is_to_that_summit(
    run: Runner,
) -> None:
    text = ("The Vilnius Summit opens on Tuesday. We have invited Japan and New Zealand, "
            "as well as the European Union.")
    assert invited(run, text) == {(i, AT_VILNIUS) for i in (
        "japan", "new-zealand", "european-union")}


@pytest.mark.parametrize(
    "text",
    [
        "The Vilnius Summit opens on Tuesday. Allies have invited Ukraine to join the Alliance.",
        "The Vilnius Summit opens on Tuesday. China invited Japan for talks.",
        "The Vilnius Summit opens on Tuesday. Allies say they will be in a position to extend "
        "an invitation to Ukraine when conditions are met.",  # membership, one day
    ],
)
def test_an_invitation_to_something_else_is_no_summit_invitation(run: Runner, text: str) -> None:
    assert invited(run, text) == set()


@pytest.mark.parametrize(
    ("text", "invitees"),
    [
        ("The Vilnius Summit opened on Tuesday. Leaders of Japan and Australia were invited "
         "to attend a session on Wednesday.", {"japan", "australia"}),
        ("Prime Minister Anthony Albanese travelled to Vilnius for the NATO Summit.",
         {"australia"}),
        ("Japan's participation in the Vilnius Summit was welcomed by Allies.", {"japan"}),
    ],
)
def test_sessions_travel_and_participation(run: Runner, text: str, invitees: set[str]) -> None:
    assert invited(run, text) == {(i, AT_VILNIUS) for i in invitees}


@pytest.mark.parametrize(
    ("text", "invitees"),
    [
        ("Invited to the Vilnius Summit, the leaders of Australia and Japan, as well as the "
         "European Union, came to Lithuania to discuss security.",
         {"australia", "japan", "european-union"}),
        ("Japan will skip the Vilnius Summit despite being invited.", {"japan"}),
        ("The leaders of Japan and Australia have also been invited to the Vilnius Summit, as "
         "has the President of the European Commission.",
         {"japan", "australia", "european-union"}),
        ("The European Council was invited to the Vilnius Summit.", {"european-union"}),
        ("Diplomats met envoys of Australia, Japan, New Zealand and South Korea on Monday. "
         "NATO had invited the four to the Vilnius Summit.",
         {"australia", "japan", "new-zealand", "republic-of-korea"}),
        ("Seoul turned down the invitation to the Vilnius Summit.", {"republic-of-korea"}),
        ("The Vilnius Summit opens next week. New Zealand has received an invitation.",
         {"new-zealand"}),
        ("The guest list for the Vilnius Summit includes Australia and South Korea.",
         {"australia", "republic-of-korea"}),
        ("The Vilnius Summit opens next week. At the invitation of NATO's Secretary General, "
         "the President of Ukraine, Volodymyr Zelenskyy, will attend the dinner.", {"ukraine"}),
        ("The Vilnius Summit opens next week. Japan, Australia and South Korea are also "
         "invited.", {"japan", "australia", "republic-of-korea"}),
        ("The Vilnius Summit opens next week. NATO has invited New Zealand to take part.",
         {"new-zealand"}),
        ("The Vilnius Summit opens next week. Australia has been invited for the third year "
         "in a row.", {"australia"}),
        ("Prime Minister Fumio Kishida and President Yoon Suk Yeol joined Allied leaders at the "
         "Vilnius Summit.", {"japan", "republic-of-korea"}),
        ("NATO has extended an invitation to New Zealand to attend the Vilnius Summit.",
         {"new-zealand"}),
        ("The Vilnius Summit opens next week. NATO sent South Korea an invitation.",
         {"republic-of-korea"}),
        ("The Vilnius Summit opens next week. Prime Minister Anthony Albanese will attend as a "
         "guest.", {"australia"}),
    ],
)
def test_invitations_as_news_and_releases_state_them(
    run: Runner, text: str, invitees: set[str]
) -> None:
    assert invited(run, text) == {(i, AT_VILNIUS) for i in invitees}


@pytest.mark.parametrize(
    "text",
    [
        "The Vilnius Summit opens next week. Finland received an invitation to join the Alliance.",
        "The Vilnius Summit opens next week. Japan received an invitation from China.",
        "The guest list for the state banquet in Tokyo includes Australia.",
        "Japan has been invited to the G7 summit in Hiroshima.",
        "Sweden joined NATO at the Vilnius Summit.",
        "The Vilnius Summit opens next week. China extended an invitation to Japan.",
        "The Vilnius Summit opens next week. Japan was invited to join the talks in Tokyo.",
    ],
)
def test_no_summit_invitation_from_other_invitations(run: Runner, text: str) -> None:
    assert invited(run, text) == set()


def test_declining_an_invitation_is_having_had_one(run: Runner) -> None:
    fact = one(run("Japan declined the invitation to the Vilnius Summit.", VILNIUS), Invitation)
    assert (fact.invitee.id, fact.event.id) == ("japan", AT_VILNIUS)
    assert fact.evidence.rule == "invitation-named"


# =========================================================================== commitments


def test_an_amount_restated_in_brackets_is_one_commitment(run: Runner) -> None:
    text = "European Allies and Canada will invest €40 billion ($43 billion) in defence."
    fact = one(run(text, LATER), Commitment)
    assert (fact.amount, fact.currency) == (Decimal("40e9"), "EUR")
    assert "$" not in fact.description


def test_a_conversion_after_an_aid_amount_is_no_second_commitment(run: Runner) -> None:
    text = "The United States will provide $2.5 billion (about €2.3 billion) in aid to Ukraine."
    fact = one(run(text, LATER), Commitment)
    assert (fact.amount, fact.currency) == (Decimal("2.5e9"), "USD")


def test_an_amount_of_a_package_leaves_no_dangling_of(run: Runner) -> None:
    fact = one(run("Norway announced a package of NOK 5 billion for Ukraine.", LATER), Commitment)
    assert fact.description == "package for Ukraine"
    assert (fact.amount, fact.currency) == (Decimal("5e9"), "NOK")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Germany will send two Patriot batteries to Ukraine.", "two Patriot batteries"),
        ("The Netherlands pledged 1,000 missiles for air defence.", "1,000 missiles"),
        ("Allies agreed to invest 2% of GDP in defence every year.", "2% of GDP"),
        ("Allies pledged to spend 3.5% of gross domestic product on core defence.",
         "3.5% of gross domestic product"),
    ],
)
def test_counts_and_shares_of_gdp_stay_in_the_description(
    run: Runner, text: str, kept: str
) -> None:
    fact = one(run(text, LATER), Commitment)
    assert kept in fact.description
    assert fact.amount is None


@pytest.mark.parametrize(
    "text",
    [
        "Allies reaffirmed their continued support for Ukraine.",
        "Leaders expressed continued support for Ukraine.",
        "Leaders reaffirmed their ironclad commitment to collective defence.",
        "“I expect that Allies will agree a substantial package for Ukraine,” he said.",
        "Europeans spent well over 3% of GDP on defence in the 1980s.",
        "Ministers will spend two days in Brussels.",
        "Japan sent two ministers to the summit in The Hague.",  # counted, but no pledge
    ],
)
def test_no_commitment_from_support_restated_expected_or_past(run: Runner, text: str) -> None:
    assert facts_of(run(text, LATER), Commitment) == []


def test_a_headline_repeating_the_first_sentence_is_one_commitment(run: Runner) -> None:
    text = (
        "Allies pledge €40 billion for Ukraine\n\n"
        "Allies pledged €40 billion for Ukraine on Wednesday, officials said."
    )
    fact = one(run(text, LATER), Commitment)
    assert (fact.amount, fact.currency) == (Decimal("40e9"), "EUR")


def test_they_after_a_coordination_commit_as_the_named_subject(run: Runner) -> None:
    text = ("Mr Rutte said Germany will raise its defence spending, and that it will invest "
            "€80 billion in defence.")
    amounts = [f for f in facts_of(run(text, LATER), Commitment) if f.amount is not None]
    assert [(f.committer.id if f.committer else None) for f in amounts] == ["germany"]


# =========================================================================== threats


@pytest.mark.parametrize(
    ("text", "actors", "rule"),
    [
        ("Allies discussed Russian aggression in the Black Sea.", {"russia"},
         "threat-demonym"),
        ("Allies face the threat posed by Russia.", {"russia"}, "threat-posed-by"),
        ("Allies addressed the coercive policies of China.", {"china"}, "hostile-conduct"),
        ("Moscow's hybrid campaign against Allies continues.", {"russia"}, "hostile-conduct"),
        ("Iran poses a threat to the region.", {"iran"}, "threat-is"),
        ("China poses a systemic challenge to Euro-Atlantic security.", {"china"},
         "threat-is"),
        ("Allies face hybrid attacks by Russia and Belarus.", {"russia", "belarus"},
         "threat-of"),
        ("Russia's war of aggression has entered its fourth year.", {"russia"},
         "threat-possessive"),
        ("Pyongyang and Tehran are helping Moscow to wage its war.",
         {"north-korea", "iran", "russia"}, "enabler"),
        ("The minister named adversaries including Iran and North Korea.",
         {"iran", "north-korea"}, "threat-including"),
        ("Military cooperation between Russia and North Korea is a grave threat.",
         {"russia", "north-korea"}, "threat-ties"),
        ("The integration of Belarus with Russia heightens the threat to Poland.",
         {"belarus", "russia"}, "aggravates"),
        ("Beijing is fuelling the largest conflict in Europe in decades.", {"china"},
         "fuelling"),
        ("He referred to Iran's drone attacks as a threat to the region.", {"iran"},
         "described-as-threat"),
        ("Putin's illegal war has shown that peace cannot be taken for granted.", {"russia"},
         "threat-possessive"),
        ("Iran was again described as a serious threat to the region.", {"iran"},
         "described-as-threat"),
        ("The allies will help Kyiv build a force capable of deterring Russia.", {"russia"},
         "deterred"),
        ("He cited Russian strikes on Ukraine's power grid.", {"russia"}, "threat-demonym"),
        ("Iran is expanding its arsenal, and it is a growing danger to the region.", {"iran"},
         "threat-is"),
        ("The minister warned of growing military cooperation between Russia and North Korea.",
         {"russia", "north-korea"}, "threat-ties"),
        ("An axis of hostile states, with Iran and North Korea working together, is trying "
         "to undermine our security.", {"iran", "north-korea"}, "threat-ties"),
        ("The minister warned that Russia's deepening ties with Belarus were changing the war.",
         {"russia", "belarus"}, "threat-ties"),
        ("Officials said Russia had fired dozens of drones and several missiles at Kyiv.",
         {"russia"}, "waging"),
        ("Investigators said the tanker belonged to Russia's so-called shadow fleet.",
         {"russia"}, "hostile-conduct"),
        ("The white paper named Iran as a lasting threat to the region.", {"iran"},
         "described-as-threat"),
        ("The arrival of Iranian drones in Crimea marks a dangerous escalation.", {"iran"},
         "threat-deployed"),
        ("The paper mentions Iran, warning that its ambitions and policies pose grave "
         "challenges to the Gulf.", {"iran"}, "threat-deployed"),
        ("Iran's rising assertiveness and policies present challenges to the region.",
         {"iran"}, "threat-is"),
        ("Allies sent jets to Finland and Belarus has become a key enabler of the war.",
         {"belarus"}, "threat-is"),
        ("Jets were scrambled after the incursion of Belarusian helicopters into Latvian "
         "airspace.", {"belarus"}, "threat-of"),
        ("Minsk is not backing down and Lukashenko's aggression is not confined to words.",
         {"belarus"}, "threat-possessive"),
        ("Iran's violation of Turkish airspace drew protests.", {"iran"}, "threat-possessive"),
        ("He said that unless the world stops Iran's pattern of aggression, others will "
         "follow.", {"iran"}, "threat-possessive"),
        ("The report calls Belarus a key enabler of the war against Ukraine.",
         {"belarus"}, "described-as-threat"),
        ("Ministers discussed the dangers that Iran poses to shipping in the Gulf.", {"iran"},
         "threat-posed-by"),
        ("Ministers voiced deep concern over Iran's rapid nuclear build-up.", {"iran"},
         "concern-over"),
        ("The allies will watch Belarus's missile activities, which pose a serious threat to "
         "the region.", {"belarus"}, "threat-is"),
        ("Officials warned that Iran, which the minister called an aggressor, was arming "
         "militias.", {"iran"}, "described-as-threat"),
        ("The report described Iran's growing naval cooperation with Belarus as a challenge "
         "to security.", {"iran", "belarus"}, "described-as-threat"),
        ("Protecting the Baltic states against Belarus's cruel ambitions is vital.",
         {"belarus"}, "defended-against"),
        ("Belarus remains a danger, and it is rebuilding its army with the help of Iran and "
         "North Korea.", {"belarus", "iran", "north-korea"}, "helped-by"),
        ("The minister said Belarus would pay for the war it had started.", {"belarus"},
         "war-started"),
        ("Ministers warned Iran over its support for the militias.", {"iran"}, "warned-over"),
        ("The ministers condemned the deployment of Belarusian troops in the region.",
         {"belarus"}, "condemned"),
        ("They criticised Iran's delivery of drones to Russia.", {"iran"},
         "arms-supplier"),
        ("It warns that growing rivalry, including Iran's growing assertiveness and policies, "
         "presents challenges to the region.", {"iran"}, "threat-is"),
    ],
)
def test_threats_in_news_language(run: Runner, text: str, actors: set[str], rule: str) -> None:
    found = facts_of(run(text, LATER), Threat)
    assert {f.actor.id for f in found} == actors
    assert rule in {f.evidence.rule for f in found}


@pytest.mark.parametrize(
    "text",
    [
        "Ukrainian attacks on refineries continued.",  # a partner defending itself
        "Ukraine is helping its neighbours to fight the war.",
        "Germany poses no threat to anyone.",
        "Allies helped Ukraine to defend itself against the invasion.",
        "The United States' aggressive policies are a myth, the Kremlin claimed.",
        "Partners such as Japan and Australia face new challenges.",
        "Cooperation between Ukraine and Japan is a threat to nobody's security.",
        "Zelenskyy's war effort depends on Western aid.",
        "The invasion of Ukraine shattered peace in Europe.",
        "The minister warned of closer cooperation between Japan and Australia.",
        "Ukraine was described as a close partner.",
        "The strikes on Ukraine continued.",
        "Ukraine launched dozens of drones against Russian refineries.",
        "Japan launched a new missile defence programme on Monday.",
        "The minister warned that cooperation between Japan and Australia was growing.",
        "Iran is not a threat and Belarus is not an adversary, the minister claimed.",
        "The deployment of Japanese engineers marks a new chapter.",
        "The arrival of Ukrainian troops in Kursk marks an escalation.",  # a partner's
        "Belarus is not Iran's ally, the minister said.",
        "The minister called Japan a close and valued partner.",
        "Beijing denounced the coercion of Japan by unnamed powers.",  # the victim
        "Ministers voiced concern over Japan's shrinking defence budget.",  # not hostile
        "Ukraine is pushing back the invaders with the help of Japan and Australia.",
        "Allies pledged to defend Ukraine against any aggression.",
        "Ministers warned Japan over its fishing quotas in the Pacific.",  # a partner
        "Germany completed the delivery of tanks to Ukraine.",
    ],
)
def test_no_threat_from_partners_allies_or_denials(run: Runner, text: str) -> None:
    assert facts_of(run(text, LATER), Threat) == []


# =========================================================================== calls on


def calls(run: Runner, text: str) -> set[tuple[str, str, str]]:
    return {(c.speaker.id, c.target.id, c.demand) for c in facts_of(run(text, LATER), CallOn)}


def test_every_demand_of_a_must_is_a_call(run: Runner) -> None:
    text = 'Mark Rutte spoke in Warsaw. "Allies must train more, buy more and build faster," '\
        "he said."
    assert calls(run, text) == {
        ("mark-rutte", "allies", "train more"),
        ("mark-rutte", "allies", "buy more"),
        ("mark-rutte", "allies", "build faster"),
    }


def test_called_on_to_do_and_to_do_is_two_demands(run: Runner) -> None:
    text = "Mark Rutte called on Russia to withdraw its troops and to stop the attacks."
    assert calls(run, text) == {
        ("mark-rutte", "russia", "withdraw its troops"),
        ("mark-rutte", "russia", "stop the attacks"),
    }


@pytest.mark.parametrize(
    ("text", "target", "demand"),
    [
        ("Mark Rutte urged Putin to accept a ceasefire.", "vladimir-putin", "accept a ceasefire"),
        ("Mark Rutte pressed Allies to deliver more air defence.", "allies",
         "deliver more air defence"),
        ("Mark Rutte appealed to Hungary to lift its veto.", "hungary", "lift its veto"),
        ("Mark Rutte demanded Russia withdraw its forces.", "russia", "withdraw its forces"),
        ("Mark Rutte told Allies to take ownership of their security.", "allies",
         "take ownership of their security"),
        ("Mark Rutte challenged Allies to double their output of shells.", "allies",
         "double their output of shells"),
        ("Mark Rutte wants Canada to buy more submarines.", "canada", "buy more submarines"),
        ("Mark Rutte urged Allies who lag behind to hire more engineers.", "allies",
         "hire more engineers"),
        ("Mark Rutte called on all Allies that are below the target to publish a plan.",
         "allies", "publish a plan"),
        ("Mark Rutte said Europe should build its own drones.", "europe",
         "build its own drones"),
        ("Mark Rutte asked our European allies to fill the gaps.", "european-allies",
         "fill the gaps"),
        ("Mark Rutte landed in Oslo. He pressed Norway to send more frigates.", "norway",
         "send more frigates"),
        ("Mark Rutte landed in Oslo. The NATO chief called on Norway to send more frigates.",
         "norway", "send more frigates"),
        ("Mark Rutte pressed the 32 allies to buy more shells.", "allies", "buy more shells"),
        ("Mark Rutte spoke, calling on Washington to lift the tariffs.", "united-states",
         "lift the tariffs"),
        ("Mark Rutte appealed to allies for more air defence.", "allies", "more air defence"),
        ("Mark Rutte told Norway they must buy more ships.", "norway", "buy more ships"),
        ("Mark Rutte pressed Norway for faster deliveries.", "norway", "faster deliveries"),
        ("Mark Rutte met leaders and urged the alliance to train more pilots.", "nato",
         "train more pilots"),
        ("Mark Rutte spoke in Rome, calling for Italy to build more ships.", "italy",
         "build more ships"),
        ('"We need allies to send more radars," Mark Rutte said.', "allies",
         "send more radars"),
        ("Mark Rutte spoke. Allies need to be on a path to 3%, he said.", "allies",
         "be on a path to 3%"),
        ("Mark Rutte said the government urges Belarus to close its border.", "belarus",
         "close its border"),
        ("Spain's defence minister, Mark Rutte, urged allies to hire more engineers.",
         "allies", "hire more engineers"),
    ],
)
def test_calls_in_news_language(run: Runner, text: str, target: str, demand: str) -> None:
    assert calls(run, text) == {("mark-rutte", target, demand)}


@pytest.mark.parametrize(
    "text",
    [
        "Mark Rutte insisted Russia was to blame.",  # a claim, not a demand
        "Mark Rutte told reporters that Allies were united.",  # no infinitive
        "Mark Rutte did not appeal to Hungary to lift its veto.",
        "Mark Rutte has proposed that Allies spend a tenth of their budgets on drones.",
        "Mark Rutte wants Ukraine to win.",  # a hope, not a demand
        "Allies need to buy more drones.",  # the writer's own view: no speaker
        "Mark Rutte pressed Norway for months.",  # a time, not a demand
        "Mark Rutte thanked Norway for its help.",
    ],
)
def test_no_call_in_news_language(run: Runner, text: str) -> None:
    assert calls(run, text) == set()


@pytest.mark.parametrize(
    "text",
    [
        # a need others must meet, not a demand on Ukraine
        '"Ukraine needs to be in a far better position before any talks," Mark Rutte said.',
        # whom the speaker urged to press others: their pressing is no call of his
        "Mark Rutte thanked MPs and urged them to keep pushing their governments to invest.",
        # an urging ascribed to someone else after a preposition
        "Mark Rutte praised Trump for pushing Europeans to invest more.",
        # the "that" clause is what another verb reports, not what was asked
        "Mark Rutte asked for patience, conceding that some allies hesitate to name a date.",
        # industry is asked, not the country that owns it
        "Mark Rutte said that Germany's arms industry must build more shells.",
    ],
)
def test_what_a_speaker_asks_of_no_one(run: Runner, text: str) -> None:
    assert calls(run, text) == set()


@pytest.mark.parametrize(
    ("text", "target", "demand"),
    [
        ("Mark Rutte urged Allies to invest now rather than wait for the next crisis.",
         "allies", "invest now"),
        ("Mark Rutte urged Allies to invest more – a message his staff repeated all week.",
         "allies", "invest more"),
        ('"Every NATO member should buy more air defence," Mark Rutte said.',
         "allies", "buy more air defence"),
        ('Mark Rutte spoke with Recep Tayyip Erdogan and urged "swift ratification".',
         "recep-tayyip-erdogan", "swift ratification"),
    ],
)
def test_where_a_demand_ends_and_whom_it_is_to(
        run: Runner, text: str, target: str, demand: str) -> None:
    assert calls(run, text) == {("mark-rutte", target, demand)}


def test_a_bulleted_list_is_said_by_whom_its_opening_line_names(run: Runner) -> None:
    text = ("Members of the NATO Parliamentary Assembly met in Oslo. In its final text, "
            "the Assembly:\n\n- urges Allied governments to send more air defence to Kyiv;\n"
            "- calls on China to end its support for Russia's war.")
    assert {(c.speaker.id, c.target.id) for c in facts_of(run(text, LATER), CallOn)} == {
        ("nato-parliamentary-assembly", "allies"), ("nato-parliamentary-assembly", "china")}


def test_he_after_an_unnamed_official_is_not_the_last_person_named(run: Runner) -> None:
    text = ("Mark Rutte said Allies would respond. A NATO official told reporters that Allies "
            "were consulting. He called on Iran to stop sending missiles.")
    assert calls(run, text) == set()


def test_europe_is_neither_an_ally_nor_a_partner() -> None:
    gazetteer = load_gazetteer()
    assert not gazetteer.is_ally("europe", LATER) and not gazetteer.is_partner("europe", LATER)
    assert "united-states" not in {e.id for e in gazetteer.members("european-allies", LATER)}


# =========================================================================== statements


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"We will defend every inch of Allied territory," Rutte told reporters.', "mark-rutte"),
        ("Mark Rutte visited Kyiv. “Ukraine’s future is in NATO,” the NATO chief said.",
         "mark-rutte"),
        ('"Russia\'s attack is reckless," the alliance\'s secretary general said on Tuesday.',
         "mark-rutte"),
        ('"We condemn this attack in the strongest terms," NATO said in a statement.', "nato"),
        ('"This is a dangerous escalation," according to a statement from the North Atlantic '
         "Council.", "north-atlantic-council"),
        ("Defense Secretary Pete Hegseth arrived in Brussels. “Europe must step up,” the "
         "Pentagon chief said.", "pete-hegseth"),
        ('The German government said in a statement: "We stand firmly with Ukraine."',
         "germany"),
        ('Mark Rutte spoke first. Britain\'s defence secretary, John Healey, said the plan was '
         '"a step in the right direction".', "john-healey"),
        ('"Our support will not waver," said British Defence Secretary John Healey, who-co '
         "hosted the talks with his German counterpart.", "john-healey"),
        ('"Our support for Kyiv will not waver, and it will last." — The Rt. Hon. Justin '
         "Trudeau, Prime Minister of Canada", "justin-trudeau"),
        ('Quotes\n\n"Our support for Kyiv will not waver, and it will last."\n\n— The '
         "Honourable Justin Trudeau, Prime Minister of Canada", "justin-trudeau"),
        ('Boris Pistorius said Vladimir Putin was stalling. Mark Rutte, who chaired the '
         'meeting, called on allies to keep going. "Ukraine must be as strong as it can be," '
         "he said.", "mark-rutte"),
        ('Poland\'s foreign minister, Radosław Sikorski, posted on X overnight: "Russia is '
         'testing us. We will answer."', "radoslaw-sikorski"),
        ("Mark Rutte called for unity. It fell to President Volodymyr Zelensky to spell it "
         'openly. "The time has come for a European army," he told the conference.',
         "volodymyr-zelenskyy"),
        ("Mark Rutte spoke first.\n\nArriving in Brussels, the EU's high representative, "
         'Josep Borrell, was blunter.\n\n"Let us be serious. This is no menu," he said.',
         "josep-borrell"),
        ("Mark Rutte issued a statement late on Sunday. He expects the US to stay engaged. "
         '"Any attack on one Ally will be met with a united response," the statement said.',
         "mark-rutte"),
        ("Mark Rutte met Pete Hegseth. Hegseth said talks went well. On Friday, Rutte gave "
         'a speech at a forum, where he said that "our security cannot be separated from '
         'Asia\'s."', "mark-rutte"),
    ],
)
def test_quotes_attributed_as_news_attributes_them(run: Runner, text: str, speaker: str) -> None:
    assert one(run(text, LATER), Quote).speaker.id == speaker


def test_a_partial_quote_said_in_full_later_is_one_statement(run: Runner) -> None:
    text = ('NATO warned it would use "all necessary military and non-military tools". '
            '"NATO will use all necessary military and non-military tools to defend us," '
            "NATO said in a statement.")
    quotes = facts_of(run(text, LATER), Quote)
    assert [q.text for q in quotes] == [
        "NATO will use all necessary military and non-military tools to defend us"]


def test_a_credits_line_below_a_paragraph_signs_none_of_its_quotes(run: Runner) -> None:
    text = ('"We are not paying anymore," Donald Trump said. "NATO is paying."\n\n--With '
            "assistance from Mark Rutte.")
    quotes = facts_of(run(text, LATER), Quote)
    assert [q.speaker.id for q in quotes] == ["donald-trump", "donald-trump"]


def test_an_unnamed_spokesperson_speaks_for_whom_they_serve(run: Runner) -> None:
    text = ("Mark Rutte spoke in Oslo. A spokesperson for the Russian foreign ministry said "
            "NATO should stop its drills.")
    assert calls(run, text) == {("russia", "nato", "stop its drills")}


@pytest.mark.parametrize(
    "text",
    [
        "Leaders met in Oslo. The declaration they adopted was firm. It said Belarus must "
        "close its border.",
        "Leaders met in Oslo. The allies said in the communique that Belarus must close "
        "its border.",
    ],
)
def test_a_declaration_speaks_for_nato(run: Runner, text: str) -> None:
    assert calls(run, text) == {("nato", "belarus", "close its border")}


def test_the_ministers_who_signed_together_call_together(run: Runner) -> None:
    text = ("Mark Rutte and Pete Hegseth signed a plan in Oslo. The two ministers called on "
            "Belarus to close its border.")
    assert calls(run, text) == {("mark-rutte", "belarus", "close its border"),
                                ("pete-hegseth", "belarus", "close its border")}


def test_unnamed_leaders_are_not_those_named_before(run: Runner) -> None:
    text = ("Mark Rutte and Pete Hegseth signed a plan in Oslo. European leaders called on "
            "Belarus to close its border.")
    assert calls(run, text) == set()


def test_a_title_naming_another_country_is_not_the_last_person(run: Runner) -> None:
    text = ("Mark Rutte arrived in Berlin. “We are ready,” the French minister said.")
    assert facts_of(run(text, LATER), Quote) == []


def test_a_quoted_paragraph_after_an_attributed_one_continues_it(run: Runner) -> None:
    text = ('Mark Rutte addressed the press.\n\n"We are stronger together," he said.\n\n'
            '"And we will remain so for as long as it takes. Nobody should doubt it."')
    found = facts_of(run(text, LATER), Quote)
    assert [(f.speaker.id, f.evidence.rule) for f in found] == [
        ("mark-rutte", "quote-attributed"), ("mark-rutte", "quote-continued")]


@pytest.mark.parametrize(
    "line", ["Prime Minister Justin Trudeau said:", "Quotes attributable to Justin Trudeau:"])
def test_quoted_paragraphs_under_a_line_ending_with_a_colon_are_its_speakers(
    run: Runner, line: str
) -> None:
    text = (f"Canada will send more troops to Latvia.\n\n{line}\n\n"
            '"Canada stands with its Baltic friends."\n\n"Our resolve will not weaken."')
    found = facts_of(run(text, LATER), Quote)
    assert [f.speaker.id for f in found] == ["justin-trudeau", "justin-trudeau"]


def test_a_transcripts_turns_are_no_statements_but_their_speakers_calls(run: Runner) -> None:
    text = ("Press conference by NATO Secretary General Mark Rutte\n\n"
            "NATO SECRETARY GENERAL MARK RUTTE: Good morning. Allies stand united today.\n\n"
            "We will keep supporting Ukraine for as long as it takes.\n\n"
            "Q (Reuters): Will Allies spend more on defence?\n\n"
            "SECRETARY GENERAL: Yes. I call on all Allies to spend more on defence.\n\n"
            "Related Topics: Press conferences")
    facts = run(text, LATER)
    assert facts_of(facts, Quote) == []
    assert {(c.speaker.id, c.target.id) for c in facts_of(facts, CallOn)} == {
        ("mark-rutte", "allies")}


def test_a_transcript_turn_labelled_by_title_is_the_person_the_title_names(run: Runner) -> None:
    text = ("Doorstep remarks by NATO Secretary General Mark Rutte before the ministerial\n\n"
            "SECRETARY GENERAL: Good morning. I urge the House of Representatives to pass the "
            "aid bill.\n\n"
            "MODERATOR: Thank you.")
    assert {(c.speaker.id, c.target.label) for c in facts_of(run(text, LATER), CallOn)} == {
        ("mark-rutte", "House of Representatives")}


def test_a_name_written_family_name_first_is_called_by_its_family_name(run: Runner) -> None:
    text = ("Deputy Adviser Park Min-jun briefed reporters in Seoul on Monday. Park said "
            'the talks would go ahead. "We expect a strong message," Park said.')
    assert one(run(text, LATER), Quote).speaker.label == "Park Min-jun"


def test_a_surname_after_a_full_name_the_tagger_missed_is_that_person(run: Runner) -> None:
    text = ("Minister of Defence of Lithuania Arvydas Anušauskas signed the plan in Vilnius. "
            '"This is a concrete plan," Minister Anušauskas said.')
    assert one(run(text, LATER), Quote).speaker.label == "Arvydas Anušauskas"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Mark Rutte arrived in Kyiv. Jens Stoltenberg, who had called the plan "a historic '
         'step for the Alliance," stayed in Oslo.', "jens-stoltenberg"),
        ("Mark Rutte spoke to reporters. Rubio said Washington would know whether Putin was "
         'serious. "We will know soon enough," he told reporters.', "marco-rubio"),
        ('Mark Rutte arrived. Jens Stoltenberg, who had called the plan "a historic step," '
         'left on Monday. He said the Alliance was "stronger than it has ever been."',
         "jens-stoltenberg"),
    ],
)
def test_who_reported_is_the_speaker_not_who_was_reported_on(
    run: Runner, text: str, speaker: str
) -> None:
    assert {q.speaker.id for q in facts_of(run(text, LATER), Quote)} == {speaker}


@pytest.mark.parametrize("text", [
    'Mark Rutte arrived. One senior diplomat said the talks went "better than feared".',
    'Mark Rutte arrived. One senior diplomat was upbeat. "It went well," the diplomat said.',
])
def test_an_unnamed_official_is_not_the_last_person_named(run: Runner, text: str) -> None:
    assert facts_of(run(text, LATER), Quote) == []


@pytest.mark.parametrize("text", [
    'Trump called Russia "a big country" at a rally in South Carolina.',
    'Michel condemned what he called "reckless statements" on Sunday.',
    'The leaders said "Rearm Europe" would be funded with loans.',
    'Spain said it would stand by Kyiv "for as long as necessary".',
])
def test_a_quoted_phrase_is_no_statement(run: Runner, text: str) -> None:
    assert facts_of(run(text, LATER), Quote) == []


def test_the_verb_whose_clause_holds_the_quotation_names_its_speaker(run: Runner) -> None:
    text = ('Olaf Scholz wrote that the deal made NATO "stronger and our continent far safer '
            'than before," while Annalena Baerbock said the region was better protected.')
    assert one(run(text, LATER), Quote).speaker.id == "olaf-scholz"


def test_an_unnamed_speaker_does_not_continue_the_last_named_one(run: Runner) -> None:
    text = ('Mark Rutte met the president. Rutte said they discussed "the security '
            'challenges that face the whole alliance."\n\n"The bill is coming due for every '
            'ally," one European diplomat said.')
    assert [f.speaker.id for f in facts_of(run(text, LATER), Quote)] == ["mark-rutte"]


def test_a_quotation_inside_a_new_paragraph_of_text_does_not_continue_the_last(
    run: Runner,
) -> None:
    text = ('"We will help Ukraine," Biden said. "Our support will not weaken."\n\n'
            'The delay, critics said, was "unprecedented and absurd."')
    assert [f.text for f in facts_of(run(text, LATER), Quote)] == [
        "We will help Ukraine", "Our support will not weaken."]


def test_a_paragraph_of_other_text_ends_the_continuation(run: Runner) -> None:
    text = ('"We are stronger together," Mark Rutte said.\n\nMinisters then met in private.\n\n'
            '"A new chapter starts today."')
    assert [f.speaker.id for f in facts_of(run(text, LATER), Quote)] == ["mark-rutte"]


# =========================================================================== speeches, statements


def test_the_we_of_a_statement_is_its_issuer(run: Runner) -> None:
    text = ("Statement by the North Atlantic Council on Russia\n\n"
            "We condemn the strikes. We call on Russia to halt its attacks, to pull back its "
            "troops and to respect the ceasefire. Russia must return the prisoners.")
    assert calls(run, text) == {
        ("north-atlantic-council", "russia", "halt its attacks"),
        ("north-atlantic-council", "russia", "pull back its troops"),
        ("north-atlantic-council", "russia", "respect the ceasefire"),
        ("north-atlantic-council", "russia", "return the prisoners"),
    }


def test_a_speech_quoted_in_its_title_is_the_speakers(run: Runner) -> None:
    text = ('Speech by NATO Secretary General Mark Rutte: "Deterrence starts at home"\n\n'
            "Thank you. Allies must buy more air defence.")
    extraction = run(text, LATER)
    assert one(extraction, Quote).speaker.id == "mark-rutte"
    assert {(c.speaker.id, c.target.id) for c in facts_of(extraction, CallOn)} == {
        ("mark-rutte", "allies")}


def test_a_headline_naming_a_speaker_before_a_colon_attributes_the_quote(run: Runner) -> None:
    text = 'Rutte: "Allies will not be divided"\n\nThe Secretary General spoke in Oslo.'
    assert one(run(text, LATER), Quote).speaker.id == "mark-rutte"


@pytest.mark.parametrize(
    "text",
    [
        'Ministers agreed: "more must be done"\n\nThey met in Oslo.',  # a verb, no speaker
        "Rutte meets Zelensky\n\nRussia must stop this war.",  # a report, not a speech
    ],
)
def test_no_speaker_without_a_label_or_an_issuer(run: Runner, text: str) -> None:
    extraction = run(text, LATER)
    assert facts_of(extraction, Quote) == [] and facts_of(extraction, CallOn) == []


# =========================================================================== more commitments


def test_a_currency_word_the_ner_leaves_out_is_the_currency(run: Runner) -> None:
    text = "Allies have provided more than 30 billion euros in military support this year."
    fact = one(run(text, LATER), Commitment)
    assert (fact.amount, fact.currency) == (Decimal("30e9"), "EUR")


def test_providing_a_partner_with_support_names_it_beneficiary(run: Runner) -> None:
    text = "Germany will provide Ukraine with military support worth €6 billion next year."
    fact = one(run(text, LATER), Commitment)
    assert (fact.description, fact.beneficiary.id if fact.beneficiary else None) == (
        "military support", "ukraine")


def test_deciding_to_establish_is_a_commitment_without_its_asides(run: Runner) -> None:
    text = ("Allies decided to establish a training mission for Ukraine (TMU), which will "
            "coordinate the delivery of equipment.")
    fact = one(run(text, LATER), Commitment)
    assert fact.description == "establish a training mission for Ukraine"


def test_spending_whose_spender_is_unknown_is_no_commitment(run: Runner) -> None:
    text = "Its economy is on a war footing, and next year it will spend 7% of its GDP on arms."
    assert facts_of(run(text, LATER), Commitment) == []


def test_a_state_that_is_neither_ally_nor_partner_commits_nothing(run: Runner) -> None:
    text = "North Korea and Iran were fuelling the war by providing direct military support."
    assert facts_of(run(text, LATER), Commitment) == []


def test_providing_a_partner_with_systems_names_what_and_for_whom(run: Runner) -> None:
    text = "Allies announced they would provide Ukraine with five additional air defence systems."
    fact = one(run(text, LATER), Commitment)
    assert fact.description == "provide five additional air defence systems"
    assert fact.beneficiary is not None and fact.beneficiary.id == "ukraine"


def test_having_become_an_enabler_is_a_threat(run: Runner) -> None:
    text = "Mr Stoltenberg warned that China had become a decisive enabler of the war."
    assert {f.actor.id for f in facts_of(run(text, LATER), Threat)} == {"china"}


def test_a_call_followed_by_another_act_of_the_speaker_is_two_calls(run: Runner) -> None:
    text = ("Mr Stoltenberg has called on Allies to spend at least 2% of GDP on defence and "
            "pressed Hungary to ratify the protocol.")
    assert calls(run, text) == {
        ("jens-stoltenberg", "allies", "spend at least 2% of GDP on defence"),
        ("jens-stoltenberg", "hungary", "ratify the protocol"),
    }


def test_an_invitation_from_someone_names_the_inviter(run: Runner) -> None:
    text = ("Fumio Kishida accepted an invitation from Jens Stoltenberg to attend the summit in "
            "Vilnius.")
    fact = one(run(text, VILNIUS), Invitation)
    assert (fact.invitee.id, fact.event.id) == ("japan", AT_VILNIUS)
    assert fact.inviter is not None and fact.inviter.id == "jens-stoltenberg"


def test_a_wire_dateline_before_the_attendee_does_not_hide_it(run: Runner) -> None:
    text = ("Kishida heads to Europe\n\nTOKYO (Kyodo) -- Prime Minister Fumio Kishida will "
            "attend the NATO summit in Vilnius next week, the government said Friday.")
    assert invited(run, text) == {("japan", AT_VILNIUS)}


# =========================================================================== offices


def offices(run: Runner, text: str) -> set[tuple[str, str, str]]:
    return {(o.person.id, o.role.id, o.org.id) for o in facts_of(run(text, LATER), OfficeHolding)}


@pytest.mark.parametrize(
    ("text", "office"),
    [
        ("Canada was represented by Foreign Minister Jean Tremblay at the dinner.",
         ("person-jean-tremblay", "foreign-minister", "canada")),
        ("Italy sent Foreign Minister Jean Tremblay, and Spain was represented by "
         "national security adviser Maria Lopez.",
         ("person-maria-lopez", "national-security-adviser", "spain")),
        ("Italy sent Foreign Minister Jean Tremblay, and Spain was represented by "
         "national security adviser Maria Lopez.",
         ("person-jean-tremblay", "foreign-minister", "italy")),
        ("Italian Prime Minister Giorgia Meloni said she would send Defence Minister Jan Nowak.",
         ("person-jan-nowak", "defence-minister", "italy")),
        ("Italian Prime Minister Giorgia Meloni flew in and brought her deputy, Marco Rossi.",
         ("person-marco-rossi", "deputy-prime-minister", "italy")),
        ("Poland's Chief Cabinet Secretary Jan Nowak spoke to reporters.",
         ("person-jan-nowak", "role-chief-cabinet-secretary", "poland")),
        ("Norway's defence secretary, Kari Berg, spoke to reporters.",
         ("person-kari-berg", "defence-minister", "norway")),
        ("Danish Chief of the Defence Staff Lars Holm opened the exercise.",
         ("person-lars-holm", "chief-of-defence-staff", "denmark")),
        ("Kremlin spokesman Ivan Orlov brushed the warning aside.",
         ("person-ivan-orlov", "spokesperson", "russia")),
        ("\"We object,\" Chinese foreign ministry spokesman Wei Ming told a briefing.",
         ("person-wei-ming", "spokesperson", "china")),
        ("The prime minister, Keir Starmer, said the money would be found.",
         ("keir-starmer", "prime-minister", "united-kingdom")),
        ("Canada's Chief of the General Staff General Sir John Baker said the army was ready.",
         ("person-john-baker", "chief-of-general-staff", "canada")),
        ("The leaders thanked Mr. Jose Ruiz, President of the Government of Spain, for hosting.",
         ("person-jose-ruiz", "prime-minister", "spain")),
        ("The treaty was signed by President of the Republic of Finland Sauli Niinistö.",
         ("sauli-niinisto", "president", "finland")),
        ("They invited the European Union's foreign policy chief Kaja Kallas.",
         ("kaja-kallas", "high-representative", "european-union")),
        ("Gen. Ana Ruiz, chairman of the U.S. Joint Chiefs of Staff, spoke first.",
         ("person-ana-ruiz", "chairman-joint-chiefs-of-staff", "united-states")),
        ("Minister of National Defence of the Republic of Poland Mariusz Błaszczak said so.",
         ("mariusz-blaszczak", "defence-minister", "poland")),
        ("South Korea's deputy national security adviser Park Min-soo spoke on Monday.",
         ("person-park-min-soo", "deputy-national-security-adviser", "republic-of-korea")),
        ("On Monday Mr. KISHIDA Fumio, Prime Minister of Japan, arrived in Madrid.",
         ("fumio-kishida", "prime-minister", "japan")),
        ("Prime Minister Ishiba Attends the Leaders' Dinner\n\nThe dinner was held on Monday.",
         ("shigeru-ishiba", "prime-minister", "japan")),
        ("Greek Deputy Defence Minister Nikos Pappas signed the accord.",
         ("person-nikos-pappas", "role-deputy-defence-minister", "greece")),
        ("Danish Minister of Defence Jakob Holm Nielsen spoke by phone.",
         ("person-jakob-holm-nielsen", "defence-minister", "denmark")),
        ("South Korean Minister of Foreign Affairs Park Min-jun attended the meeting.",
         ("person-park-min-jun", "foreign-minister", "republic-of-korea")),
        ("High Representative/Vice-President Kaja Kallas said the EU would act.",
         ("kaja-kallas", "high-representative", "european-union")),
        ("NATO spokesperson Allison Hart confirmed that the council was meeting.",
         ("allison-hart", "spokesperson", "nato")),
        ("Chinese Foreign Ministry spokesperson Lin Jian told a regular press briefing.",
         ("lin-jian", "spokesperson", "china")),
    ],
)
def test_offices_in_news_language(run: Runner, text: str, office: tuple[str, str, str]) -> None:
    assert office in offices(run, text)


def test_a_gapped_clause_gives_its_own_country(run: Runner) -> None:
    text = ("Italy was represented by Foreign Minister Jean Tremblay, Spain by national "
            "security adviser Maria Lopez and Greece by its ambassador.")
    found = offices(run, text)
    assert ("person-maria-lopez", "national-security-adviser", "spain") in found
    assert ("person-maria-lopez", "national-security-adviser", "italy") not in found


@pytest.mark.parametrize("text", [
    "Former Prime Minister Jan Nowak of Poland criticised the plan.",
    "The former Polish prime minister, Jan Nowak, criticised the plan.",
    "Ex-President Jan Nowak of Poland criticised the plan.",
])
def test_a_former_office_is_not_held(run: Runner, text: str) -> None:
    assert offices(run, text) == set()


@pytest.mark.parametrize("text", [
    "Sweden joined in the presence of the Prime Minister and NATO Secretary General Mark Rutte.",
    "Foreign Minister Jan Nowak of Poland arrived, and Minister Nowak said he was glad.",
    "A statement came from Pentagon Press Secretary Air Force Brig. Gen. Ann Lee.",
])
def test_no_office_from_a_title_that_is_not_theirs(run: Runner, text: str) -> None:
    found = offices(run, text)
    assert not any(role in ("prime-minister", "role-minister") for _, role, _ in found)
    assert not any(person.startswith("person-air") for person, _, _ in found)


def test_one_office_written_with_two_titles_is_one_office(run: Runner) -> None:
    found = offices(run, "High Representative/Vice-President Kaja Kallas spoke.")
    assert found == {("kaja-kallas", "high-representative", "european-union")}


def test_a_name_after_a_title_in_a_list_of_titles_is_that_titles(run: Runner) -> None:
    text = ("The accord was signed by the President of the European Council, Pieter Janssen, "
            "the President of the European Commission, Marie Dubois, and the Secretary "
            "General of NATO, Mark Rutte.")
    found = offices(run, text)
    assert ("person-marie-dubois", "president", "european-commission") in found
    assert ("person-pieter-janssen", "president", "european-commission") not in found


def test_a_question_to_one_official_about_another_gives_neither_the_others_title(
        run: Runner) -> None:
    text = "Q: Secretary General, President Anna Kerr of Latvia said she would stay. Why?"
    assert ("person-anna-kerr", "secretary-general", "nato") not in offices(run, text)


def test_a_title_named_after_a_seat_of_government_keeps_it(run: Runner) -> None:
    text = "White House spokeswoman Anna Kerr declined to comment."
    (office,) = facts_of(run(text, LATER), OfficeHolding)
    assert (office.role.id, office.org.id, office.title) == (
        "spokesperson", "united-states", "White House spokeswoman")


def test_a_surname_the_tagger_missed_after_a_title_is_its_holder(run: Runner) -> None:
    text = "Chancellor Scholz and Defence Minister Pistorius visited the troops in Lithuania."
    assert ("olaf-scholz", "chancellor", "germany") in offices(run, text)


@pytest.mark.parametrize(
    ("text", "on", "office", "title"),
    [
        ("The pact was sealed by North Korean leader Kim Jong Un in a ceremony.",
         LATER, ("kim-jong-un", "supreme-leader", "north-korea"), None),
        ("Ministers were briefed by the alliance's top military commander, US Air Force "
         "General Alexus Grynkewich.", date(2025, 9, 1),
         ("alexus-grynkewich", "supreme-allied-commander-europe", "nato"),
         "top military commander"),
    ],
)
def test_a_word_for_whoever_holds_an_office_is_the_office_the_person_held(
        run: Runner, text: str, on: date, office: tuple[str, str, str], title: str | None
) -> None:
    (found,) = facts_of(run(text, on), OfficeHolding)
    assert (found.person.id, found.role.id, found.org.id, found.title) == (*office, title)


def test_a_generic_word_gives_no_office_the_person_did_not_hold(run: Runner) -> None:
    text = "Keir Starmer, the Labour leader, said the government should do more."
    assert offices(run, text) == set()  # a party, not the office he holds
    assert facts_of(run(text, date(2022, 6, 1)), OfficeHolding) == []  # no office yet


def test_an_official_a_leader_is_quoted_through_serves_the_leaders_country(
        run: Runner) -> None:
    text = ("Yoon Suk Yeol said the talks had gone well, according to presidential "
            "spokesperson Lee Min-ji.")
    found = {(o.person.id, o.role.id, o.org.id, o.title)
             for o in facts_of(run(text, date(2024, 7, 1)), OfficeHolding)}
    assert ("person-lee-min-ji", "spokesperson", "republic-of-korea",
            "presidential spokesperson") in found


def test_two_titles_before_one_name_are_two_offices(run: Runner) -> None:
    text = "Italy sent Deputy Prime Minister and Defence Minister Marco Rossi to the talks."
    assert {("person-marco-rossi", "deputy-prime-minister", "italy"),
            ("person-marco-rossi", "defence-minister", "italy")} <= offices(run, text)


def test_a_title_spelt_unlike_the_office_label_is_kept_beside_it(run: Runner) -> None:
    text = "Austria's newly appointed defense minister, Karl Huber, attended the meeting."
    (office,) = facts_of(run(text, LATER), OfficeHolding)
    assert (office.person.id, office.role.id, office.org.id, office.title) == (
        "person-karl-huber", "defence-minister", "austria", "defense minister")


def test_an_unknown_title_serves_the_country_the_article_is_about(run: Runner) -> None:
    text = ("Poland buys tanks\n\nPoland signed a deal on Monday. Poland will pay in "
            "instalments, and Poland expects the first tanks next year. \"This matters,\" "
            "Deputy Procurement Secretary Jan Nowak said.")
    assert ("person-jan-nowak", "role-deputy-procurement-secretary", "poland") in offices(run, text)


def test_the_article_country_is_no_guess_where_the_sentence_names_another(run: Runner) -> None:
    text = ("Poland buys tanks\n\nPoland signed a deal on Monday. Poland will pay in "
            "instalments, and Poland expects the first tanks next year. Foreign Minister "
            "Jan Nowak held talks on it with Spain.")
    assert not {o for o in offices(run, text) if o[0] == "person-jan-nowak"}


@pytest.mark.parametrize(
    "text",
    [
        "Armed Forces Minister Jan Nowak visited Estonia.",  # whose minister is not said
        "Chief Cabinet Secretary Jan Nowak spoke.",
    ],
)
def test_no_office_without_its_country(run: Runner, text: str) -> None:
    assert not {o for o in offices(run, text) if o[0] == "person-jan-nowak"}


def test_a_title_with_its_holder_in_apposition_stands_for_the_holder(run: Runner) -> None:
    text = ("Ukraine's president, Olena Petrenko, who met the ministers, has urged Germany "
            "to send more air defence.")
    assert ("person-olena-petrenko", "Germany") in {(c.speaker.id, c.target.label)
                                                    for c in facts_of(run(text, LATER), CallOn)}


# ================================================================ who commits, to whom


@pytest.mark.parametrize(
    ("text", "mentioned"),
    [
        ("The invasion violates the UN Charter.", False),  # a text's title
        ("Allies recalled UN Security Council resolutions.", False),
        ("The UN condemned the invasion.", True),
        ("EU foreign policy chief Kaja Kallas condemned the invasion.", True),  # in a title
        ("Japan raised the issue at the UN.", True),
    ],
)
def test_an_organisation_titling_a_text_is_not_mentioned(
    run: Runner, text: str, mentioned: bool
) -> None:
    named = {m.entity.id for m in run(text, LATER).mentions}
    organisations = {"united-nations", "un-security-council", "european-union"}
    assert bool(named & organisations) is mentioned


@pytest.mark.parametrize(
    ("text", "committer"),
    [
        ("Ministers agreed to ramp up the production of artillery shells.", "Ministers"),
        ("Defence ministers agreed to increase stockpiles of munitions.", "Defence ministers"),
        ("NATO leaders agreed to strengthen the air defences of the Alliance.",
         "NATO leaders"),
    ],
)
def test_groups_of_officials_commit_as_the_text_names_them(
    run: Runner, text: str, committer: str
) -> None:
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.label == committer


def test_we_in_a_statement_of_the_council_is_the_allies(run: Runner) -> None:
    text = ("Statement by the North Atlantic Council on the strike\n\nAllies condemn the "
            "strike. We will deploy additional air forces to the eastern part of the Alliance.")
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == "allies"
    assert fact.description.startswith("deploy additional air forces")


def test_a_quoted_leaders_we_is_their_country(run: Runner) -> None:
    text = ('"We will send more air defence systems to Ukraine," French President '
            "Emmanuel Macron said.")
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == "france"


def test_a_commitment_nobody_is_known_to_make_is_no_fact(run: Runner) -> None:
    assert facts_of(run("They agreed to ramp up production.", LATER), Commitment) == []


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("President Biden announced that the United States would set up a permanent "
         "headquarters in Poland.", "set up a permanent headquarters in Poland"),
        ("The Prime Minister said Britain will establish a new training centre in Estonia.",
         "establish a new training centre in Estonia"),
    ],
)
def test_a_state_announcing_what_it_will_establish_commits(
    run: Runner, text: str, kept: str
) -> None:
    assert one(run(text, LATER), Commitment).description == kept


@pytest.mark.parametrize(
    "text",
    [
        "The base was built in 2010.",
        "Allies can set up new battlegroups quickly.",
        "Russia will deploy nuclear weapons to Belarus.",
        "Leaders will consider a proposal to create a new fund for Ukraine.",
        "In 2014, Allies pledged to spend 2% of GDP on defence.",
    ],
)
def test_no_commitment_from_capacity_outsiders_proposals_or_earlier_years(
    run: Runner, text: str
) -> None:
    assert facts_of(run(text, LATER), Commitment) == []


def test_a_body_named_for_a_partner_is_not_its_own_beneficiary(run: Runner) -> None:
    text = ("Ukraine welcomed the decision. NATO leaders decided to establish NATO Security "
            "Assistance and Training for Ukraine (NSATU).")
    fact = one(run(text, LATER), Commitment)
    assert fact.beneficiary is not None and fact.beneficiary.id == "ukraine"


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("Norway will provide NOK 3 billion for Ukraine's air defence.", "3e9", "NOK"),
        ("Britain will give 500 million pounds to Kyiv for drones.", "5e8", "GBP"),
        ("Sweden set aside 2 billion kronor for new air defence systems for Kyiv.", "2e9",
         "SEK"),
        ("Canada will allocate C$500 million in military aid to Ukraine.", "5e8", "CAD"),
        ("Canada announced 500 million Canadian dollars in military aid for Ukraine.", "5e8",
         "CAD"),
        ("Japan will contribute $30 million to the NATO trust fund for Ukraine.", "3e7", "USD"),
        ("Germany pledged $2.3 billion in military aid to Ukraine.", "2.3e9", "USD"),
    ],
)
def test_amounts_of_news_reach_their_beneficiary(
    run: Runner, text: str, amount: str, currency: str
) -> None:
    fact = one(run(text, LATER), Commitment)
    assert (fact.amount, fact.currency) == (Decimal(amount), currency)
    assert fact.beneficiary is not None and fact.beneficiary.id == "ukraine"


def test_a_restatement_by_the_same_officials_is_one_commitment(run: Runner) -> None:
    text = ("Defence ministers agreed to boost ammunition production on Tuesday. Later, "
            "ministers agreed to ramp up the production of ammunition.")
    assert len(facts_of(run(text, LATER), Commitment)) == 1


def test_different_things_sent_by_one_state_are_two_commitments(run: Runner) -> None:
    text = ("Spain will send two Patriot batteries to Ukraine. Spain will also send four "
            "Leopard tanks to Ukraine.")
    assert len(facts_of(run(text, LATER), Commitment)) == 2


@pytest.mark.parametrize(
    ("text", "committer", "currency"),
    [
        ("Canadian Prime Minister Justin Trudeau promised $500 million in military aid for "
         "Ukraine.", "canada", "CAD"),
        ("British Prime Minister Rishi Sunak pledged £2.5bn in military aid for Ukraine.",
         "united-kingdom", "GBP"),
    ],
)
def test_a_head_of_government_pledges_for_their_state_in_its_dollars(
    run: Runner, text: str, committer: str, currency: str
) -> None:
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == committer
    assert fact.currency == currency


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("Sweden unveiled a package worth 3 billion Swedish crowns for Ukraine.", "3e9", "SEK"),
        ("Norway pledged 2 billion Norwegian crowns for Ukraine.", "2e9", "NOK"),
        ("Britain will spend £50m on drones for Ukraine.", "5e7", "GBP"),
    ],
)
def test_crowns_and_amounts_written_together_with_their_scale(
    run: Runner, text: str, amount: str, currency: str
) -> None:
    fact = one(run(text, LATER), Commitment)
    assert (fact.amount, fact.currency) == (Decimal(amount), currency)


def test_states_named_together_each_commit(run: Runner) -> None:
    text = "Spain, Portugal and Greece would provide Ukraine with Hawk air defence launchers."
    assert {f.committer.id for f in facts_of(run(text, LATER), Commitment)
            if f.committer} == {"spain", "portugal", "greece"}


def test_a_state_that_will_supply_things_commits_them_to_the_partner_in_question(
    run: Runner
) -> None:
    text = ("Ukraine needs long-range weapons. Germany said it would supply more long-range "
            "cruise missiles.")
    fact = one(run(text, LATER), Commitment)
    assert fact.beneficiary is not None and fact.beneficiary.id == "ukraine"


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine had received commitments worth $5 billion at the meeting.",
        "South Korea has supplied artillery shells to the United States.",
        "NATO will provide a platform for dialogue.",
    ],
)
def test_no_commitment_received_delivered_already_or_abstract(run: Runner, text: str) -> None:
    assert facts_of(run(text, LATER), Commitment) == []


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine's allies announced new packages of drones and ammunition.",
        "Seoul may shift from its long-standing policy of sending only non-lethal aid to Kyiv.",
    ],
)
def test_no_commitment_by_unnamed_helpers_or_from_a_practice(run: Runner, text: str) -> None:
    assert facts_of(run(text, LATER), Commitment) == []


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("European Allies and Canada pledged more.", {"canada"}),  # named in the group's name
        ("The United States Congress approved the aid.", {"united-states"}),  # a state's body
        ("NATO Allies pledged more.", set()),  # a group naming none of its members
    ],
)
def test_a_group_name_mentions_the_members_it_spells_out(
    run: Runner, text: str, named: set[str]
) -> None:
    mentioned = {m.entity.id for m in run(text, LATER).mentions}
    countries = {"canada", "united-states", "germany", "france"}
    assert mentioned & countries == named


@pytest.mark.parametrize(
    ("text", "committer"),
    [
        ("Mette Frederiksen has committed Denmark to spending 3% of GDP on defence by 2030.",
         "denmark"),
        ("NATO leaders met on Monday. The final communique commits Allies to spend 2% of GDP "
         "on defence.", "allies"),
    ],
)
def test_whoever_is_committed_to_something_commits(
    run: Runner, text: str, committer: str
) -> None:
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == committer


def test_states_the_parser_lists_as_an_apposition_each_commit(run: Runner) -> None:
    text = ("The president said that Canada, Norway, Spain and Portugal would provide Ukraine "
            "with Patriot interceptors.")
    found = facts_of(run(text, LATER), Commitment)
    assert {f.committer.id for f in found if f.committer} == {
        "canada", "norway", "spain", "portugal"}


@pytest.mark.parametrize(
    "text",
    [
        "Italy decided not to send its frigate to the exercise.",
        "Seoul and NATO agreed to cooperate on cyber defence.",
        "Hungary agreed not to veto the package in exchange for an exemption.",
    ],
)
def test_no_commitment_from_an_act_withheld_or_ties_kept_together(
    run: Runner, text: str
) -> None:
    assert facts_of(run(text, LATER), Commitment) == []


@pytest.mark.parametrize(
    ("text", "committer", "description"),
    [
        ("Latvia will allocate at least 3% of its gross domestic product to defence in 2026.",
         "latvia", "allocate at least 3% of its gross domestic product"),
        ("Belgium will meet NATO's target of spending 2% of GDP on defence from 2025.",
         "belgium", "meet NATO's target of spending 2% of GDP on defence from 2025"),
        ("Poland said it would raise defence spending to 4.7% of GDP next year.", "poland",
         "raise defence spending to 4.7% of GDP next year"),
    ],
)
def test_spending_targets_promised_are_commitments(
    run: Runner, text: str, committer: str, description: str
) -> None:
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == committer
    assert fact.description == description


@pytest.mark.parametrize(
    "text",
    ["Canada met the 2% target last year.", "Italy will boost production of shells.",
     "Spain will increase its defence budget."],
)
def test_no_spending_target_met_already_or_without_a_share(run: Runner, text: str) -> None:
    assert facts_of(run(text, LATER), Commitment) == []


def test_named_states_commit_as_a_group_but_not_states_counted_again(run: Runner) -> None:
    text = ("On Monday, five Nordic countries signed a declaration, promising donations "
            "including drones and air defence.")
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.label == "five Nordic countries"
    again = "Finland and Sweden applied. The two Nordic countries agreed to lift their bans."
    assert {f.committer.label for f in facts_of(run(again, LATER), Commitment)
            if f.committer} <= {"Finland", "Sweden"}


def test_a_partner_right_after_a_verb_of_giving_is_the_beneficiary(run: Runner) -> None:
    fact = one(run("EU nations offer Moldova long-term security pledges.", LATER), Commitment)
    assert fact.beneficiary is not None and fact.beneficiary.id == "moldova"


def test_the_partner_trained_is_the_beneficiary_not_the_host(run: Runner) -> None:
    text = ("Canada will deploy 200 instructors to the United Kingdom to help train "
            "Ukrainian recruits.")
    fact = one(run(text, LATER), Commitment)
    assert fact.beneficiary is not None and fact.beneficiary.id == "ukraine"


def test_things_sent_in_addition_to_others_are_committed_too(run: Runner) -> None:
    text = ("Norway will send 40 drones to Ukraine, in addition to the 12 howitzers and 8 "
            "radars announced in May.")
    found = facts_of(run(text, LATER), Commitment)
    assert len(found) == 2 and any("12 howitzers" in f.description for f in found)


def test_what_this_builds_on_is_the_last_committers(run: Runner) -> None:
    text = ("Norway will send 50 instructors to Ukraine. This builds on the $20 million "
            "package of support announced in May.")
    money = [f for f in facts_of(run(text, LATER), Commitment) if f.amount is not None]
    assert len(money) == 1 and money[0].committer is not None
    assert money[0].committer.id == "norway" and not money[0].description.startswith("build")


@pytest.mark.parametrize(
    "text",
    ["The Secretary General raised the growing support that Russia receives from Iran.",
     "Allies were on track to meet that pledge."],
)
def test_raising_or_meeting_without_a_share_of_gdp_commits_nothing(
    run: Runner, text: str
) -> None:
    assert facts_of(run(text, LATER), Commitment) == []


def test_things_listed_after_a_delivery_are_what_is_delivered(run: Runner) -> None:
    text = ("Ukraine thanked its partners. Norway will also deliver new equipment to its "
            "battalion, including radars and anti-tank weapons for Norwegian troops.")
    fact = one(run(text, LATER), Commitment)
    assert "including radars and anti-tank weapons" in fact.description
    assert fact.beneficiary is None


def test_some_unnamed_allies_commit_nothing(run: Runner) -> None:
    text = "Several NATO members have pledged new contributions to the eastern flank."
    assert facts_of(run(text, LATER), Commitment) == []


def test_invited_to_part_of_a_summit(run: Runner) -> None:
    text = "The leaders of Japan and Australia were invited to join part of the Vilnius Summit."
    assert invited(run, text) == {("japan", AT_VILNIUS), ("australia", AT_VILNIUS)}


@pytest.mark.parametrize(
    ("text", "threats"),
    [
        ("North Korea has sent thousands of troops to Russia.", {"north-korea"}),
        ("Iran supplied Russia with drones and missiles.", {"iran"}),
        ("Germany sent more missiles to Ukraine.", set()),  # support to a partner
        ("Norway sent troops to Poland.", set()),  # to an Ally
        ("China sent a delegation to Russia.", set()),  # nothing military
        ("Iran denied that it supplied Russia with drones.", set()),  # not asserted
    ],
)
def test_arming_a_state_outside_nato_and_its_partners(
    run: Runner, text: str, threats: set[str]
) -> None:
    found = {f.actor.id for f in facts_of(run(text, LATER), Threat)}
    assert found - {"russia"} == threats


# ====================================================== commitments in the language of news


def _commitments(run: Runner, text: str) -> list[tuple[str | None, str, Decimal | None,
                                                       str | None]]:
    return [(f.committer.label if f.committer else None, f.description, f.amount, f.currency)
            for f in facts_of(run(text, LATER), Commitment)]


@pytest.mark.parametrize(
    "text",
    [
        "Norway will lift its defence budget to 3.1 per cent of national income by 2030.",
        "The Prime Minister said Italy would raise defence spending to 2.2 percent of GDP.",
    ],
)
def test_a_share_of_the_economy_is_a_target_not_an_amount(run: Runner, text: str) -> None:
    fact = one(run(text, LATER), Commitment)
    assert fact.amount is None and fact.currency is None
    assert fact.evidence.rule == "spending-target"


def test_hitting_a_level_by_a_year_is_a_spending_target(run: Runner) -> None:
    text = "Officials in Oslo said Norway would hit the 3% level by 2031."
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == "norway"
    assert "3% level by 2031" in fact.description


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Denmark said it would buy eight Leopard tanks.", "buy eight Leopard tanks"),
        ("Poland will order 96 Apache helicopters.", "order 96 Apache helicopters"),
    ],
)
def test_buying_a_number_of_things_is_a_commitment(run: Runner, text: str, kept: str) -> None:
    fact = one(run(text, LATER), Commitment)
    assert fact.description == kept and fact.amount is None


def test_buying_done_or_uncounted_commits_nothing(run: Runner) -> None:
    for text in ("Denmark bought eight Leopard tanks in 2019.", "Poland will buy more."):
        assert facts_of(run(text, LATER), Commitment) == []


def test_each_act_agreed_in_one_breath_is_a_commitment(run: Runner) -> None:
    text = ("Ministers agreed to double the size of the rapid reaction force and to open "
            "a new logistics hub in Slovakia.")
    found = {d for _, d, _, _ in _commitments(run, text)}
    assert found == {"double the size of the rapid reaction force",
                     "open a new logistics hub in Slovakia"}


def test_a_vague_lead_act_gives_way_to_the_act_that_says_what(run: Runner) -> None:
    text = "The Nordic countries agreed to step up and send more artillery to Ukraine."
    assert [d for _, d, _, _ in _commitments(run, text)] == ["send more artillery to Ukraine"]


def test_his_country_is_the_state_of_the_official_who_says_so(run: Runner) -> None:
    text = ("Norway's Defence Minister Bjorn Arild Gram confirmed that his country would "
            "deliver €2 billion in military assistance to Ukraine.")
    assert _commitments(run, text) == [("Norway", "deliver €2 billion in military assistance "
                                        "to Ukraine", Decimal("2e9"), "EUR")]


def test_the_allies_in_lower_case_are_the_allies(run: Runner) -> None:
    text = "The allies pledged 30 billion euros in military aid for Ukraine."
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == "allies"


def test_a_sum_to_be_allocated_after_a_noun_is_committed(run: Runner) -> None:
    text = ("Norway will expand its navy, with a total of 50 billion kroner to be allocated "
            "to new frigates over ten years.")
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == "norway"
    assert (fact.amount, fact.currency) == (Decimal("50e9"), "NOK")


def test_its_spending_reaching_a_share_is_the_state_s_target(run: Runner) -> None:
    text = "Sweden will act so that its defence expenditure will reach 3% of GDP in 2030."
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == "sweden"


def test_contributing_to_a_fund_is_a_commitment(run: Runner) -> None:
    text = "Officials said South Korea will contribute to NATO's trust fund for Ukraine."
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == "republic-of-korea"
    assert fact.beneficiary is not None and fact.beneficiary.id == "ukraine"


def test_a_gapped_list_of_states_gives_each_state_its_part(run: Runner) -> None:
    text = ("Norway will send three NASAMS launchers, Sweden two Gripen jets, and "
            "Finland four howitzers.")
    found = {(c, d) for c, d, _, _ in _commitments(run, text)}
    assert found == {("Norway", "send three NASAMS launchers"), ("Sweden", "send two Gripen jets"),
                     ("Finland", "send four howitzers")}


def test_helpers_of_a_partner_pledging_a_sum_commit_together(run: Runner) -> None:
    text = "Ukraine's allies pledged €9 billion in air defence at the meeting."
    assert [(c, a) for c, _, a, _ in _commitments(run, text)] == [
        ("Ukraine's allies", Decimal("9e9"))]


def test_a_donation_a_minister_announces_is_the_state_s(run: Runner) -> None:
    text = ("Canadian Defence Minister Bill Blair announced the donation of 50 trucks, "
            "valued at $20 million, to Ukraine.")
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == "canada"
    assert fact.currency == "CAD"


@pytest.mark.parametrize(
    "text",
    [
        "If governments borrowed more, this could create room of €500 billion for defence.",
        "Seoul and Tokyo agreed to keep up the momentum of their talks.",
        "The minister briefed Allies on the work to provide Ukraine with more ammunition.",
        "Italy is ready to increase its defence spending.",
    ],
)
def test_no_commitment_from_guesses_mutual_aims_briefings_or_vague_raises(
    run: Runner, text: str
) -> None:
    assert facts_of(run(text, LATER), Commitment) == []


def test_the_makers_of_a_decision_to_provide_commit_each(run: Runner) -> None:
    text = "Latvia praised the decision of Denmark and Sweden to send modern howitzers."
    found = {(c, d) for c, d, _, _ in _commitments(run, text)}
    assert found == {("Denmark", "send modern howitzers"), ("Sweden", "send modern howitzers")}


def test_an_announcement_by_a_state_that_it_would_supply_is_its_commitment(run: Runner) -> None:
    text = "The move follows the announcement by Norway that it would supply trucks to Ukraine."
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == "norway"


def test_a_counted_coalition_of_countries_commits_as_named(run: Runner) -> None:
    text = "A coalition of nine countries agreed to train Ukrainian engineers in demining."
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.label == "coalition of nine countries"


def test_a_pledge_made_by_leaders_to_provide_a_sum_is_theirs(run: Runner) -> None:
    text = ("Ministers recalled the pledge made by Allied leaders last year to provide "
            "30 billion euros in military aid.")
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == "allies"
    assert (fact.amount, fact.currency) == (Decimal("30e9"), "EUR")


def test_contributing_to_a_good_rather_than_a_fund_commits_nothing(run: Runner) -> None:
    text = "A stronger Europe will contribute positively to transatlantic security."
    assert facts_of(run(text, LATER), Commitment) == []


def test_troops_that_would_be_sent_are_the_announcing_state_s(run: Runner) -> None:
    text = "Poland's defence minister announced that 5,000 troops would be sent to the border."
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == "poland"
    assert fact.description == "send 5,000 troops"


def test_troops_sent_already_are_no_commitment(run: Runner) -> None:
    text = "Poland's defence minister said that 5,000 troops were sent to the border."
    assert facts_of(run(text, LATER), Commitment) == []


def test_devoting_a_share_said_by_a_state_in_a_coordination(run: Runner) -> None:
    text = ("Lithuania, which borders Belarus, has raised its budget and says it will devote "
            "around 3% of GDP to defence.")
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == "lithuania"
    assert "3% of GDP" in fact.description


def test_a_decision_of_last_month_across_new_year_is_news(run: Runner) -> None:
    text = "Norway's government decided in December to buy 12 more submarines."
    fact = one(run(text, date(2025, 1, 20)), Commitment)
    assert fact.committer is not None and fact.committer.id == "norway"


def test_what_a_bare_thing_provided_is_for_stays_in_the_description(run: Runner) -> None:
    text = "Norway will provide Ukraine with equipment for three new field hospitals."
    fact = one(run(text, LATER), Commitment)
    assert fact.description == "provide equipment for three new field hospitals"


def labelled_calls(run: Runner, text: str) -> set[tuple[str, str, str]]:
    return {(c.speaker.id, c.target.label, c.demand)
            for c in facts_of(run(text, LATER), CallOn)}


@pytest.mark.parametrize(
    ("text", "target", "demand"),
    [
        ("Mark Rutte called on the international community to isolate Belarus.",
         "international community", "isolate Belarus"),
        ("Mark Rutte urged Western partners to send more shells.", "Western partners",
         "send more shells"),
        ("Mark Rutte urged all its partners to buy more drones.", "partners", "buy more drones"),
        ("Mark Rutte called on the leaders of the Member States to back the plan.",
         "Member States", "back the plan"),
        ("Mark Rutte urged Ukraine's allies to send more tanks.", "Ukraine's allies",
         "send more tanks"),  # whose allies: not NATO's
        ("Mark Rutte urged Asian allies to send more ships.", "Asian allies", "send more ships"),
        ("Mark Rutte called on Europeans to build more drones.", "Europeans",
         "build more drones"),
        ("Mark Rutte called on governments to sign longer contracts.", "governments",
         "sign longer contracts"),
    ],
)
def test_a_call_on_a_group_the_gazetteer_does_not_name(
    run: Runner, text: str, target: str, demand: str
) -> None:
    assert labelled_calls(run, text) == {("mark-rutte", target, demand)}


@pytest.mark.parametrize(
    "text",
    [
        "Mark Rutte said industry must produce more.",  # too vague for "must"
        "Mark Rutte said they need industry to produce more.",  # a wish, not an appeal
        "Mark Rutte urged a partner to send more shells.",  # one of them, unnamed
    ],
)
def test_no_call_on_an_unnamed_group_without_an_appeal(run: Runner, text: str) -> None:
    assert calls(run, text) == set()


def test_a_pair_the_gazetteer_names_together_is_called_on_each(run: Runner) -> None:
    text = "Mark Rutte pressed European allies and Canada for weeks to buy more drones."
    assert calls(run, text) == {("mark-rutte", "european-allies", "buy more drones"),
                                ("mark-rutte", "canada", "buy more drones")}


def test_two_leaders_who_met_call_together_as_they(run: Runner) -> None:
    text = ("Prime Minister Fumio Kishida held talks with Mark Rutte in Tokyo on Monday. "
            "The two leaders discussed the security situation. They also condemned the "
            "missile launches and urged Belarus to close its border.")
    assert calls(run, text) == {("fumio-kishida", "belarus", "close its border"),
                                ("mark-rutte", "belarus", "close its border")}


@pytest.mark.parametrize(
    "text",
    [
        "Mark Rutte said he would encourage Belarus to close its border.",  # supposed
        "Mark Rutte said many Allies will need to spend more.",  # a forecast
    ],
)
def test_no_call_supposed_or_forecast(run: Runner, text: str) -> None:
    assert calls(run, text) == set()


def test_i_would_urge_is_a_call_politely_put(run: Runner) -> None:
    text = '"I would urge Belarus to close its border," Mark Rutte said.'
    assert calls(run, text) == {("mark-rutte", "belarus", "close its border")}


def test_a_quoted_it_must_is_a_call_on_the_state_the_quotation_named(run: Runner) -> None:
    text = ('Mark Rutte spoke in Oslo. "Belarus is helping Russia. It must close its border '
            'now," he said.')
    assert calls(run, text) == {("mark-rutte", "belarus", "close its border now")}


@pytest.mark.parametrize("others", ["other partners", "other allies"])
def test_whoever_else_beside_a_named_target_is_no_target(run: Runner, others: str) -> None:
    text = f"Mark Rutte urged Norway and {others} to send more shells."
    assert calls(run, text) == {("mark-rutte", "norway", "send more shells")}


@pytest.mark.parametrize("call", [
    "The President called on Belarus to close its border.",
    "The President stressed that the war had changed. He called on Belarus to close its border.",
])
def test_an_unnamed_title_is_the_protagonist_who_holds_it(run: Runner, call: str) -> None:
    text = ("French President Emmanuel Macron spoke in Paris on Monday. Armed Forces Minister "
            f"Sébastien Lecornu presented a plan for more shells. {call}")
    assert calls(run, text) == {("emmanuel-macron", "belarus", "close its border")}


def test_a_party_in_a_legislature_is_a_group_called_on(run: Runner) -> None:
    text = "Joe Biden urged Senate Democrats to back the aid bill."
    assert labelled_calls(run, text) == {("joe-biden", "Senate Democrats", "back the aid bill")}


def test_them_in_a_participle_is_whom_the_speaker_addressed(run: Runner) -> None:
    text = "Mark Rutte addressed Norway's parliament on Monday, asking them for more frigates."
    assert calls(run, text) == {("mark-rutte", "norway", "more frigates")}


def test_a_title_with_more_to_it_keeps_the_last_person_named(run: Runner) -> None:
    text = ("Prime Minister Pedro Sánchez spoke in Madrid. He recalled the visit of President "
            "Volodymyr Zelensky. The President of the Government called on Belarus to close "
            "its border.")
    assert calls(run, text) == {("pedro-sanchez", "belarus", "close its border")}


def test_what_an_office_is_for_is_part_of_its_title(run: Runner) -> None:
    text = "White House national security spokesman Tom Reed said the talks were useful."
    (found,) = facts_of(run(text, LATER), OfficeHolding)
    assert found.role.id == "spokesperson" and found.title is not None
    assert "national security spokesman" in found.title


def test_an_executive_vice_president_keeps_the_word_in_the_title(run: Runner) -> None:
    text = "Ministers met Anna Lind, an executive vice-president of the European Commission."
    (found,) = facts_of(run(text, LATER), OfficeHolding)
    assert found.title == "executive vice-president"


@pytest.mark.parametrize(
    "text",
    [
        "The Prime Minister praised Spain and Portugal for their decision that they will "
        "deliver radars to Ukraine.",
        "Spain and Portugal said on Tuesday they would deliver radars to Ukraine.",
        "Ministers welcomed the announcement made on Friday by Spain and Portugal that they "
        "will provide Ukraine with radars.",
    ],
)
def test_they_is_each_of_the_states_named_together_before(run: Runner, text: str) -> None:
    committers = {c for c, _, _, _ in _commitments(run, text)}
    assert committers == {"Spain", "Portugal"}


def test_amounts_of_each_of_many_are_no_commitment(run: Runner) -> None:
    text = "Under the scheme, Allies will fund batches of about $300 million each."
    assert facts_of(run(text, LATER), Commitment) == []


def test_a_spelled_out_amount_is_an_amount(run: Runner) -> None:
    text = "Portugal will provide two billion euros in military aid to Ukraine."
    fact = one(run(text, LATER), Commitment)
    assert fact.amount == Decimal("2000000000") and fact.currency == "EUR"


def test_what_a_relative_clause_says_was_given_is_no_commitment(run: Runner) -> None:
    text = "The radars that Spain gave to Ukraine last year were damaged in a strike."
    assert facts_of(run(text, LATER), Commitment) == []


def test_funds_in_a_clause_of_assurances_name_no_commitment(run: Runner) -> None:
    text = "Rutte gave assurances that Spanish funds would not be used for the mission."
    assert facts_of(run(text, LATER), Commitment) == []


def test_a_ministry_named_by_no_state_gives_for_the_state_of_the_release(run: Runner) -> None:
    text = ("Portugal will provide radars to Ukraine. The Ministry of Defence will also send "
            "the biggest package of Portuguese equipment yet.")
    committers = {c for c, _, _, _ in _commitments(run, text)}
    assert committers == {"Portugal"}


def test_each_item_listed_under_a_promise_is_a_commitment(run: Runner) -> None:
    text = ("At the meeting, Allies also agreed to:\n\n"
            "• provide 30 billion euros in military aid for Ukraine next year;\n"
            "• establish a new training centre in Ukraine.\n\nMinisters then left.")
    found = {(d, a) for _, d, a, _ in _commitments(run, text)}
    assert ("provide 30 billion euros in military aid for Ukraine next year",
            Decimal("30000000000")) in found
    assert ("establish a new training centre in Ukraine", None) in found


def test_a_list_not_under_a_promise_commits_nothing(run: Runner) -> None:
    text = ("Ministers discussed how to:\n\n• provide more radars to Ukraine next year.\n")
    assert facts_of(run(text, LATER), Commitment) == []


def test_a_list_tallying_states_and_counts_gives_each_state_s_count(run: Runner) -> None:
    text = ("Ukraine will get more tanks. They come from several countries:\n\n"
            "- Spain: 12 Leopard tanks, delivered in May;\n"
            "- the Netherlands: 20 tanks, up from 10;\n- Navy: five frigates.\n"
            "- Spanish PM: 12 drones seen overnight\n")
    found = {(c, d) for c, d, _, _ in _commitments(run, text)}
    assert found == {("Spain", "12 Leopard tanks"), ("Netherlands", "20 tanks")}


def test_a_state_s_commitment_to_a_share_is_its_spending_target(run: Runner) -> None:
    text = "Members welcomed Portugal's recent commitment to reach 3% of GDP on defence by 2031."
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == "portugal"
    assert fact.description == "reach 3% of GDP on defence by 2031"


def test_a_declaration_committing_them_commits_its_adopters(run: Runner) -> None:
    text = ("Ministers met after the 32 allies adopted a text committing them to spend "
            "4 percent of GDP on defense by 2033.")
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.label == "NATO Allies"
    assert "4 percent of GDP" in fact.description


def test_the_federal_government_a_leader_speaks_of_is_his_state(run: Runner) -> None:
    text = ("Prime Minister Justin Trudeau said the federal government will spend an "
            "additional $2 billion on defence next year.")
    assert _commitments(run, text) == [
        ("Canada", "spend additional $2 billion on defence", Decimal("2000000000"), "CAD")]


@pytest.mark.parametrize("money, currency", [("3 billion dollars", "CAD"),
                                             ("3 billion US dollars", "USD")])
def test_dollars_written_out_are_the_committer_s_own_unless_qualified(
        run: Runner, money: str, currency: str) -> None:
    text = f"Canada will spend {money} on new frigates."
    assert [c for _, _, _, c in _commitments(run, text)] == [currency]


def test_a_budgeted_total_is_the_amount_and_what_it_is_for_describes_it(run: Runner) -> None:
    text = "Sweden has budgeted a total of 20 billion kronor in military aid for Ukraine."
    [(committer, description, amount, currency)] = _commitments(run, text)
    assert (committer, amount, currency) == ("Sweden", Decimal("20000000000"), "SEK")
    assert description.startswith("budget 20 billion kronor")  # not "total"


@pytest.mark.parametrize("text, person", [
    ("TOM Hardwick today vowed to double the army.\n\nSir Tom Hardwick said so.",
     "Tom Hardwick"),
    ("Vice President JD Vance accused the Ukrainian leader of ingratitude.", "JD Vance"),
])
def test_capitals_that_are_no_family_name_first_keep_the_name_s_order(
        run: Runner, text: str, person: str) -> None:
    people = {e.label for e in run(text, LATER).entities().values() if e.kind is Kind.PERSON}
    assert person in people


def test_a_bare_title_names_the_untitled_person_known_to_hold_it(run: Runner) -> None:
    text = ("Sir Keir Starmer hosted European leaders in London. The talks came days after "
            "President Donald Trump and Vice President JD Vance clashed with Kyiv.\n\n"
            "\u201cEurope has to step up now,\u201d the prime minister said after the talks.")
    assert one(run(text, LATER), Quote).speaker.label == "Keir Starmer"


def test_a_minister_announcing_a_package_gives_what_his_state_gives(run: Runner) -> None:
    text = ("French Defence Minister Sebastien Lecornu announced a new 300 million euro "
            "package of artillery shells for Ukraine.")
    [(committer, _, amount, currency)] = _commitments(run, text)
    assert (committer, amount, currency) == ("France", Decimal("300000000"), "EUR")


def test_intending_to_reach_a_share_and_helping_finance_are_commitments(run: Runner) -> None:
    text = ("Poland intends to reach 4% of GDP on defence by 2028 and would help finance "
            "new drones for Ukraine.")
    facts = facts_of(run(text, LATER), Commitment)
    found = {(f.committer.label if f.committer else None, f.description,
              f.beneficiary.label if f.beneficiary else None) for f in facts}
    assert ("Poland", "help finance new drones for Ukraine", "Ukraine") in found
    assert any(d.startswith("reach 4% of GDP") for _, d, _ in found)


def test_an_alliance_agreeing_what_its_members_will_spend_commits(run: Runner) -> None:
    text = "At the meeting NATO agreed that member states would spend 4% of GDP by 2030."
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.id == "nato"


def test_the_state_whose_cause_a_pledge_serves_is_its_beneficiary(run: Runner) -> None:
    text = "Hungary agreed to ratify Finland's accession protocol next week."
    facts = facts_of(run(text, LATER), Commitment)
    assert facts and all(f.beneficiary is not None and f.beneficiary.label == "Finland"
                         for f in facts)


def test_a_federal_government_goes_on_giving_what_its_state_gives(run: Runner) -> None:
    text = ("Austria will finance new demining vehicles for Ukraine. The Federal Government "
            "will also fund repairs of Ukraine's power stations.")
    committers = {f.committer.label for f in facts_of(run(text, LATER), Commitment)
                  if f.committer is not None}
    assert committers == {"Austria"}


def test_funding_a_pronoun_commits_to_nothing_named(run: Runner) -> None:
    text = "Italy will cut its pension budget to fund it."
    assert not facts_of(run(text, LATER), Commitment)


def test_counted_pledges_go_to_the_partner_and_a_bare_count_is_gapped(run: Runner) -> None:
    text = ("Ukraine needs jets. Portugal has committed 12 Gripens and Greece 8, "
            "most of them old.")
    found = {(f.committer.label, f.description, f.beneficiary.label if f.beneficiary else None)
             for f in facts_of(run(text, LATER), Commitment) if f.committer is not None}
    assert ("Greece", "commit 8 Gripens", "Ukraine") in found
    assert any(c == "Portugal" and b == "Ukraine" for c, _, b in found)


def test_recommitting_to_a_share_and_opening_a_mission_are_commitments(run: Runner) -> None:
    facts = facts_of(run("Allies recommitted to spending 3% of GDP on defence by 2030.",
                         LATER), Commitment)
    assert [f.description for f in facts] == ["spending 3% of GDP"]
    fact = one(run("Japan will open a liaison office to NATO in Brussels.", LATER), Commitment)
    assert fact.committer is not None and fact.committer.label == "Japan"
    assert not facts_of(run("Poland will open talks with Sweden on energy.", LATER), Commitment)


def test_the_legislation_a_state_passed_gives_its_money(run: Runner) -> None:
    text = ("Canada approved a $9 billion defence bill on Monday. The legislation provides "
            "$2 billion for Latvia.")
    amounts = {(c, a) for c, _, a, _ in _commitments(run, text)}
    assert ("Canada", Decimal("2000000000")) in amounts


def test_the_partner_given_an_amount_is_not_what_it_is_given(run: Runner) -> None:
    text = "Norway pledged to give Ukraine 4 billion kroner in military aid."
    [(_, description, _, _)] = _commitments(run, text)
    assert description.startswith("give 4 billion kroner")


def test_going_on_with_a_contribution_is_promised(run: Runner) -> None:
    text = "Canada will continue to contribute to the International Fund for Moldova."
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.label == "Canada"
    assert fact.beneficiary is not None and fact.beneficiary.label == "Moldova"


def test_being_committed_to_an_act_commits_to_it(run: Runner) -> None:
    text = "Norway is committed to training Georgian pilots for as long as it takes."
    fact = one(run(text, LATER), Commitment)
    assert fact.committer is not None and fact.committer.label == "Norway"
    assert fact.description.startswith("train Georgian pilots")


def test_spending_that_will_rise_to_a_share_is_a_target(run: Runner) -> None:
    facts = facts_of(run("Portugal's defence spending will rise to 2% of GDP by 2029. "
                         "Its spending rose to 1.5% of GDP last year.", LATER), Commitment)
    assert [(f.committer.label if f.committer else None, f.description) for f in facts] == [
        ("Portugal", "Portugal's defence spending rise to 2% of GDP by 2029")]


def test_support_that_will_go_on_is_no_new_commitment(run: Runner) -> None:
    text = "Belgium will continue to provide military aid to Moldova."
    assert not facts_of(run(text, LATER), Commitment)


# ====================================================== invitations to join, given at a summit

AT_WASHINGTON = "washington-summit-2024"
DURING_VILNIUS = date(2023, 7, 11)


@pytest.mark.parametrize(
    ("text", "on"),
    [
        ("Georgia and Moldova were invited to join the Alliance at the Vilnius Summit.", VILNIUS),
        ("Georgia, invited to join the alliance at the Vilnius summit alongside Moldova, "
         "is still waiting.", LATER),
        ("Georgia and Moldova, which were invited to join at the Vilnius Summit, sent envoys.",
         LATER),
        ("Leaders opened the Vilnius Summit. They formally invited Georgia and Moldova to join "
         "the Alliance on Tuesday.", DURING_VILNIUS),
        ("Being invited to a summit means a seat at the table. Some history:\n- Vilnius, 2023: "
         "Georgia and Moldova were invited to begin accession talks.", LATER),
    ],
)
def test_an_invitation_to_join_issued_at_a_summit_is_an_invitation_to_it(
        run: Runner, text: str, on: date) -> None:
    assert invited(run, text, on) == {("georgia", AT_VILNIUS), ("moldova", AT_VILNIUS)}


# ==================================================== threats: fights, accusations, deadlines


@pytest.mark.parametrize(
    "text, actors",
    [
        ("The minister accused North Korea of fuelling the war in Ukraine.", {"north-korea"}),
        ("Leaders pledged to step up the fight against terrorism.", {"terrorism"}),
        ("The funds will help Poland protect its airports from Belarusian drones.", {"belarus"}),
        ("Iran continues its campaign of attacks on shipping.", {"iran"}),
        ("The ambassador said Moscow was ready to use force.", {"russia"}),
        ("Beijing said NATO's activities in Asia pose a threat to China.", {"nato"}),
        ("Markets were shaken by the war between Israel and Iran.", {"iran"}),
        ("Leaders voiced concern about Iran's exports of drones to Russia.", {"iran"}),
        ("Police arrested two members of the Hamas terror group.", {"hamas"}),
        ("The ministers called on Belarus to withdraw its troops from the border.", {"belarus"}),
        ("China and Iran are trying to weaken Europe.", {"china", "iran"}),
        ("Russia's nightly drone and missile strikes on Odesa continued.", {"russia"}),
        ("The ministers condemned the deployment of troops of Belarus, and Iran's transfer "
         "of missiles.", {"belarus", "iran"}),
    ],
)
def test_threats_fought_accused_or_told_to_withdraw(run: Runner, text: str,
                                                    actors: set[str]) -> None:
    assert {f.actor.id for f in facts_of(run(text, LATER), Threat)} == actors


@pytest.mark.parametrize(
    "text",
    [
        "The Vilnius Summit opens on Tuesday. Georgia will be invited to join the Alliance.",
        "Leaders opened the Vilnius Summit. Georgia was invited to join the Alliance in 2008.",
    ],
)
def test_an_invitation_to_join_at_no_summit_is_none(run: Runner, text: str) -> None:
    assert invited(run, text, LATER) == set()


def test_invited_at_a_city_in_a_year_and_again_to_another(run: Runner) -> None:
    text = "Japan and Australia were first invited at Vilnius in 2023 and were invited again " \
           "to Washington in 2024."
    assert invited(run, text, LATER) == {(c, s) for c in ("japan", "australia")
                                         for s in (AT_VILNIUS, AT_WASHINGTON)}


def test_partners_invited_listed_after_a_colon(run: Runner) -> None:
    text = ("The Vilnius Summit opened today. The host is welcoming partners invited from the "
            "Indo-Pacific: Japanese Prime Minister Fumio Kishida and Australian Prime Minister "
            "Anthony Albanese.")
    assert invited(run, text, DURING_VILNIUS) == {("japan", AT_VILNIUS),
                                                  ("australia", AT_VILNIUS)}


def test_a_habit_of_inviting_and_a_summit_long_past_name_no_invitation(run: Runner) -> None:
    text = ("The next summit will be the first in Vilnius since the Istanbul Summit in 2004. "
            "Since 2022 the Alliance has made a habit of inviting its Indo-Pacific partners. "
            "Zelensky was invited to the Vilnius Summit, but only to the dinner.")
    assert invited(run, text, VILNIUS) == {("ukraine", AT_VILNIUS)}


# ============================================== meetings: days of talks, other bodies' summits

def _held(run: Runner, text: str, on: date) -> set[tuple[str, PartialDate | None]]:
    return {(f.event.label, f.event.start) for f in facts_of(run(text, on), EventHeld)}


def test_met_on_a_day_for_two_days_of_talks_is_from_that_day(run: Runner) -> None:
    text = "NATO Foreign Ministers met in Riga on Tuesday (4 March 2025) for two days of talks."
    assert _held(run, text, date(2025, 3, 4)) == {("Foreign Ministers meeting",
                                                   PartialDate(2025, 3, 4))}


def test_days_of_talks_date_from_their_own_clause(run: Runner) -> None:
    text = ("The vote ended two days of meetings of NATO Defence Ministers, who met Monday and "
            "Tuesday in Brussels.")
    assert {d for _, d in _held(run, text, date(2025, 3, 6))} == {PartialDate(2025, 3, 3)}


def test_undated_reports_take_the_first_of_days_in_a_row(run: Runner) -> None:
    text = ("NATO Foreign Ministers meet in Riga. NATO Foreign Ministers met on Tuesday "
            "(4 March 2025). On Wednesday (5 March), ministers will meet their partners.")
    assert {d for _, d in _held(run, text, date(2025, 3, 4))} == {PartialDate(2025, 3, 4)}


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Both leaders attended the Group of Seven summit in Kananaskis last week.",
         "Group of Seven summit"),
        ("G7 leaders agreed at their summit in Apulia to lend Ukraine 50 billion dollars.",
         "G7 summit"),
        ("European leaders gathered in Moldova for the second summit of the European Political "
         "Community, ahead of the NATO summit next month.", "European Political Community summit"),
        ("They met on the margins of the European Political Community meeting.",
         "European Political Community meeting"),
    ],
)
def test_the_summit_of_another_body_of_leaders_is_a_meeting(
        run: Runner, text: str, label: str) -> None:
    assert label in {lb for lb, _ in _held(run, text, date(2025, 6, 20))}


def test_leaders_who_gathered_met_on_the_day_whatever_lies_ahead(run: Runner) -> None:
    text = ("Zelensky urged NATO to use its summit next month to help Kyiv, as European leaders "
            "gathered in Moldova for the second summit of the European Political Community.")
    assert _held(run, text, date(2025, 6, 20)) == {("European Political Community summit",
                                                    PartialDate(2025, 6, 20))}


@pytest.mark.parametrize(
    ("text", "on", "held"),
    [
        ("The Chancellor hosted the leaders' meeting on Ukraine in Berlin on Sunday 2 March.",
         date(2025, 3, 3), ("leaders' meeting on Ukraine", PartialDate(2025, 3, 2))),
        ("The President has invited European leaders to Rome on Monday for an emergency meeting "
         "on energy security.", date(2025, 2, 16),
         ("emergency meeting on energy security", PartialDate(2025, 2, 17))),
        ("The row forced an emergency session of world leaders today.", date(2025, 2, 16),
         ("emergency session of leaders", PartialDate(2025, 2, 16))),
    ],
)
def test_a_meeting_out_of_any_format_is_named_by_its_topic(
        run: Runner, text: str, on: date, held: tuple[str, PartialDate]) -> None:
    assert _held(run, text, on) == {held}


@pytest.mark.parametrize(
    "text",
    ["Leaders held a meeting on the sidelines of the summit.",
     "The leaders' meeting lasted two hours."],
)
def test_no_topic_no_meeting_of_leaders(run: Runner, text: str) -> None:
    assert _held(run, text, date(2025, 2, 16)) == set()


def test_a_summit_with_a_leader_is_a_meeting_and_no_nato_summit(run: Runner) -> None:
    text = "Trump leaves Brussels for his summit with Vladimir Putin in Helsinki on Monday."
    extraction = run(text, date(2018, 7, 12))
    assert {(f.event.label, f.event.start) for f in facts_of(extraction, EventHeld)} == {
        ("summit with Vladimir Putin", PartialDate(2018, 7, 16))}
    assert not [e for e in extraction.entities().values() if e.kind.name == "SUMMIT"]


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine's drone and missile strikes on Russian refineries continued.",  # a partner's
        "The ministers condemned the destruction of Finland's undersea cables.",  # the victim
        "The minister called on Japan to end its whaling.",  # not troops, not a war
        "The minister said NATO's new plans pose a threat to nobody.",
    ],
)
def test_no_threat_from_victims_or_other_demands(run: Runner, text: str) -> None:
    assert facts_of(run(text, LATER), Threat) == []


def _targets_of(run: Runner, text: str) -> set[tuple[str, str]]:
    return {(c.speaker.id, c.target.label) for c in facts_of(run(text, LATER), CallOn)}


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"I urge each Ally to invest more in air defence," Mark Rutte said.',
         {("mark-rutte", "NATO Allies")}),
        ("Kaja Kallas urged G7 members to tighten sanctions.", {("kaja-kallas", "G7 members")}),
        ("Mark Rutte met allied leaders in Rome, calling on them to buy more shells.",
         {("mark-rutte", "NATO Allies")}),
        ("Mark Rutte asked European leaders to buy more shells.",
         {("mark-rutte", "European leaders")}),
        ("Donald Trump gave Vladimir Putin until Friday to accept a ceasefire.",
         {("donald-trump", "Vladimir Putin"), ("donald-trump", "Russia")}),
        ("Donald Trump gave Iran two weeks to return to talks.", {("donald-trump", "Iran")}),
        ("Mark Rutte wrote that Allies should buy more shells and press Germany to send tanks.",
         {("mark-rutte", "NATO Allies")}),  # Rutte's call: Allies made none on Germany
        ('"Ukraine must know that we stand by it," Mark Rutte said.', set()),
        ("Mark Rutte said Japan was an ally and thanked it.", set()),
    ],
)
def test_calls_on_each_ally_members_of_a_body_and_deadlines(
        run: Runner, text: str, expected: set[tuple[str, str]]) -> None:
    assert _targets_of(run, text) == expected


def test_an_enabler_of_a_war_is_no_threat_from_its_victim(run: Runner) -> None:
    text = "The report said Belarus had become a key enabler of the Russia-Ukraine conflict."
    actors = {f.actor.id for f in facts_of(run(text, LATER), Threat)}
    assert "belarus" in actors and "ukraine" not in actors


@pytest.mark.parametrize(
    "text, targets",
    [
        ("Viktor Orbán urged his fellow EU leaders to stop sending weapons.", {"EU leaders"}),
        ("Volodymyr Zelensky addressed leaders by video link, asking them for more artillery.",
         set()),  # the leaders just named, no group
        ("Kristen Michal said Estonia would press for stronger rules, and urged the EU to list "
         "more ships.", {"European Union"}),  # the urging is made, not supposed
    ],
)
def test_groups_are_named_without_possessors_and_made_calls_kept(
        run: Runner, text: str, targets: set[str]) -> None:
    assert {label for _, label in _targets_of(run, text)} == targets
