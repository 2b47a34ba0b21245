"""Relation rules: short NATO news texts → the facts a reader would take from them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from natokg.extraction import extract
from natokg.extraction.money import parse_money
from natokg.extraction.quotes import QuoteSpan, find_quotes
from natokg.extraction.triggers import TriggerIndex
from natokg.gazetteer import load_gazetteer
from natokg.ingest import document_from_text
from natokg.link import Linker
from natokg.model import (
    CallOn,
    Commitment,
    EventHeld,
    Extraction,
    Fact,
    Invitation,
    OfficeHolding,
    PartialDate,
    Quote,
    Threat,
)
from natokg.nlp import load_pipeline

F = TypeVar("F", bound=Fact)

D2024 = date(2024, 2, 7)  # a Wednesday


class Runner:
    """Runs one short article, dated `on`, through nlp → link → relations."""

    def __init__(self, nlp: Language, linker: Linker) -> None:
        self.nlp = nlp
        self.linker = linker

    def __call__(self, text: str, on: date | None = D2024) -> Extraction:
        document = document_from_text(text, source="test", date=on)
        linked = self.linker.link(self.nlp(document.text), document)
        return extract(linked)


@pytest.fixture(scope="module")
def run() -> Runner:
    return Runner(load_pipeline(), Linker(load_gazetteer()))


def facts_of(extraction: Extraction, kind: type[F]) -> list[F]:
    return [fact for fact in extraction.facts if isinstance(fact, kind)]


def one(extraction: Extraction, kind: type[F]) -> F:
    found = facts_of(extraction, kind)
    assert len(found) == 1, found
    return found[0]


# =========================================================================== office holding


@pytest.mark.parametrize(
    ("text", "person", "role", "org"),
    [
        (
            "US Secretary of State Antony Blinken arrived in Brussels.",
            "antony-blinken",
            "secretary-of-state",
            "united-states",
        ),
        (
            "Ukrainian Foreign Minister Dmytro Kuleba addressed the Allies.",
            "dmytro-kuleba",
            "foreign-minister",
            "ukraine",
        ),
        (
            "NATO Secretary General Jens Stoltenberg opened the meeting.",
            "jens-stoltenberg",
            "secretary-general",
            "nato",
        ),
    ],
)
def test_office_title_before_name(run: Runner, text: str, person: str, role: str, org: str) -> None:
    fact = one(run(text), OfficeHolding)
    assert (fact.person.id, fact.role.id, fact.org.id) == (person, role, org)
    assert fact.evidence.rule == "office-title"


def test_office_in_apposition(run: Runner) -> None:
    fact = one(
        run("Antony Blinken, the US Secretary of State, met his counterparts."), OfficeHolding
    )
    assert (fact.person.id, fact.role.id, fact.org.id) == (
        "antony-blinken",
        "secretary-of-state",
        "united-states",
    )
    assert fact.evidence.rule == "office-apposition"


@pytest.mark.parametrize(
    ("on", "person"), [(date(2023, 5, 10), "jens-stoltenberg"), (date(2025, 5, 10), "mark-rutte")]
)
def test_bare_office_is_held_by_holder_on_article_date(run: Runner, on: date, person: str) -> None:
    fact = one(run("The Secretary General welcomed the decision.", on), OfficeHolding)
    assert fact.person.id == person
    assert fact.org.id == "nato"


def test_office_fact_is_given_once_per_article(run: Runner) -> None:
    text = (
        "NATO Secretary General Jens Stoltenberg opened the meeting. "
        "Later, the Secretary General met the press."
    )
    assert len(facts_of(run(text), OfficeHolding)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "He served as Foreign Minister until 2019.",  # which country's?
        "The next Secretary General will be chosen by Allies.",  # not today's holder
        "Allies discussed the weather in the region.",
    ],
)
def test_no_office_holding(run: Runner, text: str) -> None:
    assert facts_of(run(text), OfficeHolding) == []


# =========================================================================== invitations


def test_invited_leaders_of_countries_to_summit(run: Runner) -> None:
    extraction = run(
        "Jens Stoltenberg has invited the leaders of Australia, Japan, New Zealand and "
        "South Korea to the Vilnius Summit.",
        date(2023, 6, 1),
    )
    found = facts_of(extraction, Invitation)
    assert {f.invitee.id for f in found} == {
        "australia",
        "japan",
        "new-zealand",
        "republic-of-korea",
    }
    assert {f.event.id for f in found} == {"vilnius-summit-2023"}
    assert {f.inviter.id if f.inviter else None for f in found} == {"jens-stoltenberg"}


def test_passive_invitation_to_bare_summit(run: Runner) -> None:
    found = facts_of(
        run("Finland and Sweden were invited to the summit.", date(2022, 6, 1)), Invitation
    )
    assert {(f.invitee.id, f.event.id) for f in found} == {
        ("finland", "madrid-summit-2022"),
        ("sweden", "madrid-summit-2022"),
    }
    assert all(f.inviter is None for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "Leaders welcomed invitee Sweden to the table.",  # no event, no verb
        "Sweden was invited to speak at the ceremony.",  # invited to do, not to an event
        "NATO has not invited Georgia to the Summit.",  # negated
        "If Allies invite Ukraine to the summit, Russia will object.",  # condition
    ],
)
def test_no_invitation(run: Runner, text: str) -> None:
    assert facts_of(run(text, date(2023, 6, 1)), Invitation) == []


# =========================================================================== calls on


@pytest.mark.parametrize(
    ("text", "speaker", "targets", "demand"),
    [
        (
            "Mr Stoltenberg called on Türkiye and Hungary to ratify Sweden's accession.",
            "jens-stoltenberg",
            {"turkiye", "hungary"},
            "ratify",
        ),
        (
            "Mr Stoltenberg urged Russia to withdraw its forces from Ukraine.",
            "jens-stoltenberg",
            {"russia"},
            "withdraw its forces from Ukraine",
        ),
        (
            "Jens Stoltenberg spoke to reporters. “Iran must rein in its proxies,” he said.",
            "jens-stoltenberg",
            {"iran"},
            "rein in its proxies",
        ),
        (
            "Jens Stoltenberg spoke to reporters. “It is vital that Congress agrees on support "
            "for Ukraine,” he said.",
            "jens-stoltenberg",
            {"united-states-congress"},
            "agree",
        ),
        (
            "Jens Stoltenberg called on Allies to invest more in defence.",
            "jens-stoltenberg",
            {"allies"},
            "invest more in defence",
        ),
    ],
)
def test_call_on(run: Runner, text: str, speaker: str, targets: set[str], demand: str) -> None:
    found = facts_of(run(text), CallOn)
    assert {f.target.id for f in found} == targets
    assert {f.speaker.id for f in found} == {speaker}
    assert all(f.demand.startswith(demand) for f in found)


def test_call_on_demand_keeps_its_object(run: Runner) -> None:
    found = facts_of(run("Mr Stoltenberg called on Hungary to ratify Sweden's accession."), CallOn)
    assert [f.demand for f in found] == ["ratify Sweden's accession"]


@pytest.mark.parametrize(
    "text",
    [
        "Jens Stoltenberg spoke to reporters. “Ukraine must prevail,” he said.",  # a hope
        "Russia must end its war of aggression.",  # the journalist's own words
        "NATO Secretary General Jens Stoltenberg called on NATO to boost production.",  # own org
        "Mr Stoltenberg did not call on Hungary to lift its veto.",  # negated
    ],
)
def test_no_call_on(run: Runner, text: str) -> None:
    assert facts_of(run(text), CallOn) == []


# =========================================================================== threats


@pytest.mark.parametrize(
    ("text", "actor", "rule"),
    [
        (
            "Russia remains the most significant and direct threat to Allies' security.",
            "russia",
            "threat-is",
        ),
        ("Allies discussed the challenges posed by China.", "china", "threat-posed-by"),
        ("Russia's war against Ukraine continues.", "russia", "threat-possessive"),
        ("The Alliance faces growing competition with China.", "china", "rivalry-with"),
        ("Allies remain united against the threat of terrorism.", "terrorism", "threat-of"),
        ("Moscow seeks to destabilise the Western Balkans.", "russia", "threat-verb"),
        ("Moscow is waging a campaign of sabotage against Allies.", "russia", "waging"),
        ("Iran launched a barrage of drones at Israel.", "iran", "waging"),
        ("Overnight, Russia carried out a massive attack on Kyiv.", "russia", "waging"),
    ],
)
def test_threat(run: Runner, text: str, actor: str, rule: str) -> None:
    fact = one(run(text), Threat)
    assert fact.actor.id == actor
    assert fact.evidence.rule == rule


def test_victim_of_a_war_is_not_a_threat(run: Runner) -> None:
    actors = {f.actor.id for f in facts_of(run("Russia's war against Ukraine continues."), Threat)}
    assert "ukraine" not in actors


@pytest.mark.parametrize(
    "text",
    [
        "China is not an adversary of NATO.",
        "If Russia attacks an Ally, NATO will respond.",
        "Allies discussed the weather in the region.",
    ],
)
def test_no_threat(run: Runner, text: str) -> None:
    assert facts_of(run(text), Threat) == []


# =========================================================================== commitments


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("Allies signed deals worth 10 billion dollars for ammunition.", "10e9", "USD"),
        ("The United States announced a $2.5 billion package for Ukraine.", "2.5e9", "USD"),
        ("Germany pledged €40 billion in military aid.", "40e9", "EUR"),
        ("Spain will contribute 400 million euros to the fund.", "400e6", "EUR"),
        (
            "European Allies agreed to purchase 120 billion dollars' worth of American weapons.",
            "120e9",
            "USD",
        ),
    ],
)
def test_commitment_amount_and_currency(run: Runner, text: str, amount: str, currency: str) -> None:
    fact = one(run(text), Commitment)
    assert fact.amount == Decimal(amount)
    assert fact.currency == currency


def test_commitment_in_pounds_with_bn(run: Runner) -> None:
    fact = one(run("Britain pledged £1.5bn for new drones."), Commitment)
    assert (fact.amount, fact.currency) == (Decimal("1.5e9"), "GBP")


def test_commitment_in_euros_after_pledged(run: Runner) -> None:
    fact = one(run("Spain pledged 400 million euros in support for Ukraine."), Commitment)
    assert (fact.amount, fact.currency) == (Decimal("400e6"), "EUR")


@pytest.mark.parametrize(
    ("text", "committer"),
    [
        ("Allies signed deals worth 10 billion dollars for ammunition.", "allies"),
        ("Germany pledged €40 billion in military aid.", "germany"),
        (
            "European Allies agreed to purchase 120 billion dollars' worth of American weapons.",
            "european-allies",
        ),
    ],
)
def test_commitment_committer(run: Runner, text: str, committer: str) -> None:
    fact = one(run(text), Commitment)
    assert fact.committer is not None and fact.committer.id == committer


def test_announced_package_committer_is_the_subject(run: Runner) -> None:
    fact = one(run("Germany announced a €40 billion package."), Commitment)
    assert fact.committer is not None and fact.committer.id == "germany"


def test_package_for_country_has_beneficiary(run: Runner) -> None:
    fact = one(run("The United States announced a $2.5 billion package for Ukraine."), Commitment)
    assert fact.beneficiary is not None and fact.beneficiary.id == "ukraine"


def test_package_worth_amount_for_country_has_beneficiary(run: Runner) -> None:
    fact = one(run("Canada announced a package worth $2.5 billion for Ukraine."), Commitment)
    assert fact.beneficiary is not None and fact.beneficiary.id == "ukraine"


def test_pledge_without_amount(run: Runner) -> None:
    fact = one(run("Allies will agree a financial pledge for Ukraine."), Commitment)
    assert fact.amount is None and fact.currency is None
    assert fact.beneficiary is not None and fact.beneficiary.id == "ukraine"
    assert fact.committer is not None and fact.committer.id == "allies"


@pytest.mark.parametrize(
    "text",
    [
        # A cost suffered is not a pledge: the code finds no commitment word, and that
        # is what a reader expects.
        "The war has cost Russia $200 billion.",
        # A demand, not a commitment.
        "It is vital that Congress agrees on support for Ukraine.",
        # A condition, not a commitment.
        "If Allies agreed a package worth $5 billion, Ukraine would benefit.",
    ],
)
def test_no_commitment(run: Runner, text: str) -> None:
    assert facts_of(run(text), Commitment) == []


# =========================================================================== quotes


@pytest.mark.parametrize(
    ("text", "speaker", "quoted", "on"),
    [
        (
            "Jens Stoltenberg addressed the press. “We will not be intimidated,” he said.",
            "jens-stoltenberg",
            "We will not be intimidated",
            D2024,
        ),
        (
            "“Allies stand together in this,” said Mr Stoltenberg after the meeting.",
            "jens-stoltenberg",
            "Allies stand together in this",
            D2024,
        ),
        (
            "Mark Rutte said: “Our deterrence is strong and credible.”",
            "mark-rutte",
            "Our deterrence is strong and credible.",
            date(2025, 3, 1),
        ),
        (
            "Mark Rutte stressed that “no Ally will stand alone.”",
            "mark-rutte",
            "no Ally will stand alone.",
            date(2025, 3, 1),
        ),
        (
            'Mark Rutte spoke to reporters. “Iran must rein in its proxies," he said.',
            "mark-rutte",
            "Iran must rein in its proxies",
            date(2025, 3, 1),
        ),
    ],
)
def test_attributed_quote(run: Runner, text: str, speaker: str, quoted: str, on: date) -> None:
    extraction = run(text, on)
    fact = one(extraction, Quote)
    assert fact.speaker.id == speaker
    assert fact.text == quoted
    assert fact.evidence.rule == "quote-attributed"


def test_quote_offsets_point_into_the_text(run: Runner) -> None:
    extraction = run("Jens Stoltenberg addressed the press. “We will not be intimidated,” he said.")
    fact = one(extraction, Quote)
    assert extraction.document.text[fact.start : fact.end].startswith(fact.text)


def test_continuation_quote_has_the_same_speaker(run: Runner) -> None:
    extraction = run(
        "Mark Rutte spoke to reporters. “We are united,” he said. "
        "“And we will stay united for as long as it takes.”",
        date(2025, 3, 1),
    )
    found = facts_of(extraction, Quote)
    assert [f.speaker.id for f in found] == ["mark-rutte", "mark-rutte"]
    assert [f.evidence.rule for f in found] == ["quote-attributed", "quote-continued"]


@pytest.mark.parametrize(
    "text",
    [
        "“This is a turning point for European security.” The statement closed the session.",
        "Critics called the plan “a step too far” for the Alliance.",
        "“Deterrence.” The single word hung over the room.",
    ],
)
def test_quote_without_speaker_gives_nothing(run: Runner, text: str) -> None:
    assert facts_of(run(text), Quote) == []


# =========================================================================== meetings


def test_ministers_met_in_city_on_date(run: Runner) -> None:
    extraction = run(
        "NATO Defence Ministers met in Brussels on Thursday (15 February 2024).", date(2024, 2, 16)
    )
    event = one(extraction, EventHeld).event
    assert "Defence Ministers" in event.label
    assert event.place == "brussels"
    assert event.start == PartialDate(2024, 2, 15)
    assert not event.from_gazetteer


def test_council_will_meet_on_weekday_after_article_date(run: Runner) -> None:
    extraction = run("The NATO-Ukraine Council will meet on Wednesday.", date(2024, 2, 5))
    event = one(extraction, EventHeld).event
    assert "NATO-Ukraine Council" in event.label
    assert event.start == PartialDate(2024, 2, 7)


def test_undated_mention_merges_with_dated_one(run: Runner) -> None:
    extraction = run(
        "NATO Foreign Ministers met in Brussels on Tuesday (4 April 2023). "
        "The Foreign Ministers meeting also addressed China.",
        date(2023, 4, 5),
    )
    found = facts_of(extraction, EventHeld)
    assert len(found) == 2
    assert len({f.event.id for f in found}) == 1
    assert {f.event.start for f in found} == {PartialDate(2023, 4, 4)}


@pytest.mark.parametrize(
    "text",
    [
        "Speaking ahead of the meeting, the Secretary General praised Finland.",
        "Allies discussed the weather in the region.",
    ],
)
def test_no_meeting(run: Runner, text: str) -> None:
    assert facts_of(run(text, date(2023, 4, 5)), EventHeld) == []


# =========================================================================== parse_money


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("10 billion dollars", "10e9", "USD"),
        ("$2.5 billion", "2.5e9", "USD"),
        ("€40 billion", "40e9", "EUR"),
        ("€40bn", "40e9", "EUR"),
        ("400 million euros", "400e6", "EUR"),
        ("£1.5bn", "1.5e9", "GBP"),
        ("120 billion dollars' worth", "120e9", "USD"),
        ("1,200 million", "1.2e9", None),
        ("500 million Canadian dollars", "500e6", "CAD"),
        ("A$300 million", "300e6", "AUD"),
    ],
)
def test_parse_money(text: str, amount: str, currency: str | None) -> None:
    assert parse_money(text) == (Decimal(amount), currency)


def test_parse_money_reads_currency_from_context() -> None:
    assert parse_money("2 billion", "US$ 2 billion") == (Decimal("2e9"), "USD")


@pytest.mark.parametrize("text", ["", "no amount here", "billion", "$", "the Alliance"])
def test_parse_money_without_amount(text: str) -> None:
    assert parse_money(text) == (None, None)


@given(st.text(), st.text())
def test_parse_money_never_raises(text: str, context: str) -> None:
    amount, currency = parse_money(text, context)
    assert amount is None or isinstance(amount, Decimal)
    assert currency is None or len(currency) == 3


# =========================================================================== find_quotes


def _quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We are ready,” he said.", ["We are ready,"]),
        ('"We are ready," he said.', ["We are ready,"]),
        ('“Rein in its proxies" he said.', ["Rein in its proxies"]),  # mixed marks
        ("„Wir sind bereit“, sagte er.", ["Wir sind bereit"]),
        ("«Nous sommes prêts», a-t-il dit.", ["Nous sommes prêts"]),
        ("“One,” he said, “two.”", ["One,", "two."]),
        ("No quotation here.", []),
        ("“”", []),  # empty quotation
        ("”stray closing mark", []),
        ("“opened in one paragraph\nand closed in the next”", []),
        ("– We are ready. Ready today – said the minister.", ["We are ready. Ready today"]),
        ("— Poland is ready — the minister added.", ["Poland is ready"]),
        ("Talks – long ones – went on.", []),  # a dash aside, not a quotation
        ("– Bullet point – Two more.", []),  # a list item
    ],
)
def test_find_quotes(text: str, expected: list[str]) -> None:
    assert _quoted(text) == expected


def test_find_quotes_offsets_in_later_paragraphs() -> None:
    text = "Headline\n\nHe said: “Allies are united.”"
    assert find_quotes(text) == [QuoteSpan(text.index("Allies"), text.index("”"))]


@given(st.text(alphabet=st.sampled_from(list("ab \n“”\"„«»'’")) | st.characters()))
def test_find_quotes_spans_are_ordered_disjoint_and_inside(text: str) -> None:
    spans = find_quotes(text)
    previous_end = -1
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= previous_end
        previous_end = span.end


# =========================================================================== wire-service language


def test_office_title_keeps_the_article_wording_when_it_differs(run):
    extraction = run(
        "U.S. Defense Secretary Lloyd Austin met his counterparts.", date(2024, 10, 17)
    )
    holding = one(extraction, OfficeHolding)
    assert (holding.person.id, holding.role.id, holding.org.id) == (
        "lloyd-austin",
        "defence-minister",
        "united-states",
    )
    assert holding.title == "Defense Secretary"


def test_office_title_is_omitted_when_it_is_the_role_itself(run):
    holding = one(run("Ukrainian Foreign Minister Dmytro Kuleba spoke."), OfficeHolding)
    assert holding.title is None


def test_adjective_between_country_and_office_keeps_the_country(run):
    text = "South Korea's new President Lee Jae-myung will attend."
    holding = one(run(text, date(2025, 6, 20)), OfficeHolding)
    assert (holding.role.id, holding.org.id) == ("president", "republic-of-korea")


def test_money_the_ner_misses_is_still_an_amount(run):
    text = "Berlin would provide an additional 1.4 billion euros in military aid."
    commitment = one(run(text, date(2024, 10, 17)), Commitment)
    assert (commitment.amount, commitment.currency) == (Decimal("1400000000"), "EUR")
    assert commitment.committer is not None and commitment.committer.id == "germany"


def test_money_far_below_the_committing_verb_keeps_verb_and_object(run):
    text = "Washington would announce a new package of security assistance worth $425 million."
    commitment = one(run(text, date(2024, 10, 17)), Commitment)
    assert commitment.amount == Decimal("425000000")
    assert commitment.description == "new package of security assistance"


def test_pledging_an_organisations_support_makes_it_the_committer(run):
    text = "Mr Rutte pledged NATO's support for Georgia's sovereignty."
    commitment = one(run(text, date(2025, 2, 1)), Commitment)
    assert commitment.committer is not None and commitment.committer.id == "nato"


def test_a_lower_case_ministerial_meeting_is_a_meeting(run):
    text = "Ministers gathered for a meeting of NATO defence ministers in Brussels on Thursday."
    event = one(run(text, date(2024, 10, 17)), EventHeld).event
    assert event.label == "Defence Ministers meeting"
    assert (event.place, event.start) == ("brussels", PartialDate(2024, 10, 17))


def test_some_ministers_meeting_is_not_a_named_meeting(run):
    assert not facts_of(run("Several ministers met in Brussels on Thursday."), EventHeld)


def test_a_surname_tagged_as_organisation_is_still_the_speaker(run):
    text = (
        "Officials said Foreign Minister Takeshi Iwaya would represent Japan. "
        '"We attach great importance to our partnership with NATO," Iwaya said.'
    )
    quote = one(run(text, date(2025, 6, 20)), Quote)
    assert quote.speaker.label == "Takeshi Iwaya"


def test_he_is_the_last_subject_not_a_person_named_in_passing(run):
    text = (
        "Mr Stoltenberg thanked Hungary. He stressed that President Putin's war had united "
        'the Allies. "President Putin wanted less NATO. He has got more NATO," he said.'
    )
    quote = one(run(text, date(2024, 3, 7)), Quote)
    assert quote.speaker.id == "jens-stoltenberg"


def test_a_country_saying_it_will_provide_money_is_the_committer(run):
    text = (
        "The United Kingdom said it would provide an additional £300 million in military support."
    )
    commitment = one(run(text, date(2024, 6, 13)), Commitment)
    assert commitment.committer is not None and commitment.committer.id == "united-kingdom"
    assert (commitment.amount, commitment.currency) == (Decimal("300000000"), "GBP")


def test_delivering_to_a_partner_is_a_commitment_but_to_russia_is_not(run):
    ours = one(run("Germany will deliver a third Patriot system to Ukraine."), Commitment)
    assert (ours.committer.id, ours.beneficiary.id) == ("germany", "ukraine")  # type: ignore[union-attr]
    assert not facts_of(run("Iran continues to deliver drones to Russia."), Commitment)


def test_urging_someone_to_deliver_is_not_their_commitment(run):
    extraction = run("The Secretary General urged Allies to deliver more ammunition to Ukraine.")
    assert not facts_of(extraction, Commitment)
    assert one(extraction, CallOn).target.id == "allies"


def test_pledging_to_invest_is_a_commitment(run):
    commitment = one(
        run("NATO Allies have pledged to invest at least 2% of GDP in defence."), Commitment
    )
    assert commitment.description.startswith("invest at least 2% of GDP")


def test_an_alignment_of_states_posing_a_challenge_names_them_all(run):
    text = (
        "The growing alignment of authoritarian powers, including Russia, China, Iran and "
        "North Korea, posed a serious challenge."
    )
    actors = {fact.actor.id for fact in facts_of(run(text), Threat)}
    assert actors == {"russia", "china", "iran", "north-korea"}


def test_office_held_is_read_from_the_gazetteer_when_the_text_names_no_country(run):
    extraction = run(
        "The Secretary General said President Putin wanted less NATO.", date(2024, 3, 7)
    )
    orgs = {(f.person.id, f.org.id) for f in facts_of(extraction, OfficeHolding)}
    assert ("vladimir-putin", "russia") in orgs


def test_a_meeting_at_headquarters_in_a_city_is_placed_in_the_city(run):
    event = one(
        run(
            "Defence Ministers met at NATO Headquarters in Brussels on Thursday (13 June 2024).",
            date(2024, 6, 13),
        ),
        EventHeld,
    ).event
    assert (event.place, event.start) == ("brussels", PartialDate(2024, 6, 13))


def test_single_curly_quotes_are_quotations_and_apostrophes_are_not(run):
    text = "‘We are not at war, but NATO’s Allies are not at peace either,’ Mr Rutte said."
    quote = one(run(text, date(2024, 12, 2)), Quote)
    assert quote.text == "We are not at war, but NATO’s Allies are not at peace either"
    assert quote.speaker.id == "mark-rutte"


def test_according_to_attributes_a_quote(run):
    quote = one(
        run('Mark Rutte spoke. "It is time to shift," according to Rutte.', date(2024, 12, 2)),
        Quote,
    )
    assert (quote.text, quote.speaker.id) == ("It is time to shift", "mark-rutte")


def test_demanding_that_a_state_act_is_a_call_on_it(run):
    call = one(run("Jens Stoltenberg spoke. He demanded that Russia withdraw its troops."), CallOn)
    assert (call.speaker.id, call.target.id) == ("jens-stoltenberg", "russia")
    assert call.demand == "withdraw its troops"


def test_describing_a_state_as_a_threat_is_a_threat(run):
    text = (
        'Leaders agreed a communiqué that describes Russia as "the most significant and '
        "direct threat to Allies' security\"."
    )
    assert {f.actor.id for f in facts_of(run(text), Threat)} == {"russia"}


def test_states_working_together_to_undermine_security_are_threats(run):
    text = (
        "Mr Rutte warned that Russia, China and Iran were working together to undermine "
        "Euro-Atlantic security."
    )
    assert {f.actor.id for f in facts_of(run(text), Threat)} == {"russia", "china", "iran"}


def test_a_leader_invited_to_attend_a_summit_is_their_country_invited(run):
    text = "Ukrainian President Volodymyr Zelenskyy has been invited to attend the Vilnius Summit."
    invitation = one(run(text, date(2023, 7, 11)), Invitation)
    assert (invitation.invitee.id, invitation.event.id) == ("ukraine", "vilnius-summit-2023")


def test_an_obligation_to_spend_is_not_a_commitment(run):
    assert not facts_of(run("Allies must spend $1 billion more on air defence."), Commitment)


def test_a_meeting_over_a_range_of_days_starts_on_the_first(run):
    text = "NATO foreign ministers will next meet in Prague on 30-31 May 2024."
    event = one(run(text, date(2023, 7, 11)), EventHeld).event
    assert (event.place, event.start) == ("prague", PartialDate(2024, 5, 30))


def test_a_body_holding_its_meeting_is_a_meeting_of_that_body(run):
    text = "The NATO-Ukraine Council will hold its inaugural meeting on Wednesday."
    event = one(run(text, date(2023, 7, 11)), EventHeld).event
    assert (event.label, event.start) == ("NATO-Ukraine Council meeting", PartialDate(2023, 7, 12))


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine's war effort depends on Western aid.",
        "Hungary threatened to block the decision.",
        "The Alliance's aggression is a myth spread by Moscow's media.",
        "Ukraine launched a counteroffensive and an attack on the bridge.",  # self-defence
        "Allies conducted strikes on the militants' camps.",
        "Russia did not launch an attack on Finland.",  # negated
    ],
)
def test_allies_partners_at_war_and_nato_itself_are_not_threats(run, text):
    assert not {f.actor.id for f in facts_of(run(text), Threat)} - {"russia"}


def test_we_and_i_inside_a_quotation_are_its_speaker(run):
    text = (
        '"We call on Russia to withdraw all its forces," Mr Rutte said. '
        '"I urge Allies to do more," he added.'
    )
    calls = {(c.speaker.id, c.target.id) for c in facts_of(run(text, date(2025, 3, 10)), CallOn)}
    assert calls == {("mark-rutte", "russia"), ("mark-rutte", "allies")}


def test_a_quotation_running_over_paragraphs_keeps_its_speaker(run):
    text = ('NATO Secretary General Mark Rutte said: "We must do more to keep Ukraine in the '
            'fight and to change the course of this war.\n\n"That means more air defence, more '
            'ammunition and more investment in our industry."\n\nMinisters met.')
    quotes = facts_of(run(text, date(2025, 2, 12)), Quote)
    assert [q.speaker.id for q in quotes] == ["mark-rutte", "mark-rutte"]
    assert quotes[1].text.startswith("That means more air defence")


def test_a_meeting_reported_without_a_date_happened_on_the_articles_day(run):
    text = ("At the Defence Ministers' Meeting in Brussels, Mr Stoltenberg stressed that "
            "Allies stand together.")
    event = one(run(text, date(2024, 6, 13)), EventHeld).event
    assert (event.label, event.place, event.start) == (
        "Defence Ministers meeting", "brussels", PartialDate(2024, 6, 13))


def test_a_meeting_ahead_is_not_given_the_articles_day(run):
    text = "Defence Ministers will hold a meeting in Brussels."
    assert all(f.event.start is None for f in facts_of(run(text, date(2024, 6, 13)), EventHeld))


def test_urging_a_state_not_to_act_keeps_the_negation(run):
    call = one(run("The Secretary General urged Hungary not to block the decision."), CallOn)
    assert (call.target.id, call.demand) == ("hungary", "not block the decision")


# =========================================================================== trigger words
def test_trigger_words_are_found_in_headlines_and_under_modals() -> None:
    doc = load_pipeline()("Russia Remains The Main Threat\n"
                          "Allies must spend 2 billion euros more, NATO said.")
    index = TriggerIndex(doc)
    position = {t.text: t.i for t in doc}
    assert position["Threat"] in index.of("threats").positions().tolist()  # keeps its case
    assert position["spend"] in index.of("calls-on").positions().tolist()  # under "must"
    assert position["said"] in index.of("statements").positions().tolist()
    assert position["2"] in index.of("commitments").positions("money").tolist()
    assert not index.of("invitations").positions().size
