"""Relation rules on the language of news (wire, newspaper and government reports), not
only NATO's own releases: each pattern on a short text of our own, through the real
pipeline (nlp → link → relations)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from natokg.gazetteer import load_gazetteer
from natokg.link import Linker
from natokg.model import CallOn, Commitment, Invitation, Quote, Threat
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
        "Sweden declined the invitation to the summit.",  # declined, not accepted
        "Japan will not attend the Vilnius Summit.",  # negated
        "China attended the Vilnius Summit as an observer.",  # no partner of NATO
    ],
)
def test_no_invitation_from_attendance(run: Runner, text: str) -> None:
    assert facts_of(run(text, VILNIUS), Invitation) == []


def test_attending_every_summit_since_one_names_no_summit(run: Runner) -> None:
    text = "Japan and Australia have taken part in every NATO summit since Madrid in 2022."
    assert invited(run, text) == set()


def test_sweden_attending_before_it_joined_was_an_invitee(run: Runner) -> None:
    assert invited(run, "Sweden attended the Vilnius Summit.") == {("sweden", AT_VILNIUS)}


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
    ],
)
def test_no_call_in_news_language(run: Runner, text: str) -> None:
    assert calls(run, text) == set()


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
    ],
)
def test_quotes_attributed_as_news_attributes_them(run: Runner, text: str, speaker: str) -> None:
    assert one(run(text, LATER), Quote).speaker.id == speaker


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


def test_a_transcripts_turns_are_the_labelled_speakers_words(run: Runner) -> None:
    text = ("Press conference by NATO Secretary General Mark Rutte\n\n"
            "NATO SECRETARY GENERAL MARK RUTTE: Good morning. Allies stand united today.\n\n"
            "We will keep supporting Ukraine for as long as it takes.\n\n"
            "Q (Reuters): Will Allies spend more on defence?\n\n"
            "SECRETARY GENERAL: Yes, every Ally will spend more.\n\n"
            "Related Topics: Press conferences")
    found = facts_of(run(text, LATER), Quote)
    assert [(f.speaker.id, f.text[:12]) for f in found] == [
        ("mark-rutte", "Good morning"), ("mark-rutte", "We will keep"),
        ("mark-rutte", "Yes, every A")]


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
         'left on Monday. He said the Alliance was "stronger than ever."', "jens-stoltenberg"),
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
