"""Meetings as the press names them: short news texts → the meetings a reader would list."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import column, invoke, query_json
from natokg.gazetteer import load_gazetteer
from natokg.link import Linker
from natokg.model import EventHeld, PartialDate
from natokg.nlp import load_pipeline
from test_relations import Runner, facts_of, one

WED = date(2025, 2, 12)  # a Wednesday


@pytest.fixture(scope="module")
def run() -> Runner:
    return Runner(load_pipeline(), Linker(load_gazetteer()))


def held(run: Runner, text: str, on: date = WED) -> set[tuple[str, str | None, str | None]]:
    """(label, place, start) of every meeting the text reports."""
    return {
        (f.event.label, f.event.place, f.event.start.isoformat() if f.event.start else None)
        for f in facts_of(run(text, on), EventHeld)
    }


@pytest.mark.parametrize(
    ("text", "label", "place", "start"),
    [
        ("Allies discussed the attack during a session of the North Atlantic Council on Tuesday.",
         "North Atlantic Council meeting", None, "2025-02-11"),
        ("The NAC met on Monday to review the situation.",
         "North Atlantic Council meeting", None, "2025-02-10"),
        ("The Ukraine Defense Contact Group (Ramstein format) met at NATO headquarters in "
         "Brussels on Wednesday.", "Ukraine Defense Contact Group meeting", "brussels",
         "2025-02-12"),
        ("The NATO-Ukraine Council convened in Brussels on Tuesday at Kyiv's request.",
         "NATO-Ukraine Council meeting", "brussels", "2025-02-11"),
        ("At a foreign ministerial in Bucharest on Tuesday, Allies agreed more winter aid.",
         "Foreign Ministers meeting", "bucharest", "2025-02-11"),
        ("The Ramstein meeting on Wednesday was chaired by Britain for the first time.",
         "Ukraine Defense Contact Group meeting", None, "2025-02-12"),
        ("Healey chaired a meeting of the Ukraine Defence Contact Group on Wednesday.",
         "Ukraine Defense Contact Group meeting", None, "2025-02-12"),
        ("NATO's foreign ministers gathered in Brussels on Tuesday.",
         "Foreign Ministers meeting", "brussels", "2025-02-11"),
        ("Ministers of Foreign Affairs met in Brussels on Tuesday.",
         "Foreign Ministers meeting", "brussels", "2025-02-11"),
        ("Austin spoke at a meeting of NATO defence ministers in Brussels on Tuesday.",
         "Defence Ministers meeting", "brussels", "2025-02-11"),
        ("The two-day gathering of NATO defence ministers began on Tuesday.",
         "Defence Ministers meeting", None, "2025-02-11"),
        ("EU foreign ministers met in Brussels on Monday.",  # not NATO's ministerial
         "EU Foreign Ministers meeting", "brussels", "2025-02-10"),
    ],
)
def test_a_meeting_named_as_the_press_names_it(run, text, label, place, start):
    assert held(run, text) == {(label, place, start)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NATO defence ministers on Thursday agreed to buy more air defence.",
         {("Defence Ministers meeting", None, "2025-02-13")}),
        ("Foreign Ministers met in Oslo on Tuesday. The ministers also discussed the attack "
         "of 7 February on Kyiv.", {("Foreign Ministers meeting", "oslo", "2025-02-11")}),
        ("NATO defence ministers agreed to act.", {("Defence Ministers meeting", None,
                                                   "2025-02-14")}),  # the article's day
        ("NATO defence ministers agreed on Thursday to act. The ministers, meeting at NATO "
         "headquarters in Brussels, also discussed drones.",
         {("Defence Ministers meeting", "brussels", "2025-02-13")}),
    ],
)
def test_ministers_deciding_together_report_their_meeting(run, text, expected):
    assert held(run, text, date(2025, 2, 14)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Defence ministers agreed in 2023 to buy more air defence.",  # background
        "NATO defence ministers will agree on Thursday to buy more.",  # not yet held
        "NATO leaders agreed on Wednesday to spend more.",  # leaders meet at summits
        "The ministers discussed drones on Tuesday.",  # no ministers reported before
        "The North Atlantic Council approved the plan on Tuesday.",  # a body's decision
    ],
)
def test_decisions_that_report_no_meeting(run, text):
    assert held(run, text) == set()


def test_a_body_in_session_is_a_meeting_of_its_format(run):
    event = one(run("He then chaired the NATO-Ukraine Commission, which discussed winter "
                    "support.", date(2022, 9, 6)), EventHeld).event
    assert (event.label, event.org, event.start) == (
        "NATO-Ukraine Commission meeting", "nato-ukraine-commission", PartialDate(2022, 9, 6))


def test_a_meeting_of_a_curated_format_keeps_its_body(run):
    event = one(run("The Ukraine Defence Contact Group met on Wednesday.", WED), EventHeld).event
    assert (event.org, event.id) == (
        "ukraine-defense-contact-group", "meeting-ukraine-defense-contact-group-meeting-2025-02-12")


def test_a_day_named_in_the_sentence_before_dates_the_meeting(run):
    text = ("On Thursday, Hegseth travelled to Brussels. He spoke at a meeting of the Ukraine "
            "Defence Contact Group at NATO headquarters.")
    assert held(run, text, date(2025, 2, 14)) == {
        ("Ukraine Defense Contact Group meeting", "brussels", "2025-02-13")}


def test_a_date_the_meeting_is_given_elsewhere_wins_over_the_sentence_before(run):
    text = ("NATO defence ministers met in Brussels on Tuesday. On Wednesday, Russia struck "
            "Kharkiv. At the defence ministers' meeting, Allies pledged more air defence.")
    assert held(run, text) == {("Defence Ministers meeting", "brussels", "2025-02-11")}


def test_days_in_a_row_are_one_meeting_from_the_first(run):
    text = ("NATO foreign ministers met in Brussels on Tuesday and Wednesday. On Wednesday, "
            "the foreign ministers' meeting turned to China.")
    found = facts_of(run(text, WED), EventHeld)
    assert len(found) == 2 and len({f.event.id for f in found}) == 1
    assert found[0].event.start == PartialDate(2025, 2, 11)


def test_a_meeting_in_a_city_keeps_it_when_mentioned_again_without_one(run):
    text = ("NATO defence ministers met in Brussels on Tuesday. "
            "The defence ministers' meeting on Tuesday also discussed industry.")
    assert {f.event.place for f in facts_of(run(text, WED), EventHeld)} == {"brussels"}


def test_a_dateline_neither_dates_nor_names_the_meeting(run):
    text = ("BRUSSELS, Feb 12, 2025 - The Ukraine Defence Contact Group met on Monday, "
            "with Britain in the chair.")
    assert held(run, text) == {("Ukraine Defense Contact Group meeting", None, "2025-02-10")}
    text = "On Monday, the NATO-Ukraine Council met."
    assert held(run, text) == {("NATO-Ukraine Council meeting", None, "2025-02-10")}


def test_those_met_with_are_part_of_the_meeting(run):
    text = "NATO foreign ministers met with their Indo-Pacific partners on Tuesday."
    assert held(run, text) == {
        ("Foreign Ministers meeting with their Indo-Pacific partners", None, "2025-02-11")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On Tuesday the allies' defence ministers met in the Nuclear Planning Group.",
         {("Nuclear Planning Group meeting", None, "2025-02-11")}),
        ("Ministers of Defence also held a meeting of the NPG on Tuesday.",
         {("Nuclear Planning Group meeting", None, "2025-02-11")}),
        ("Hegseth convened the Ukraine Defense Contact Group in Brussels on Monday.",
         {("Ukraine Defense Contact Group meeting", "brussels", "2025-02-10")}),
        ("Officials from Seoul then held a meeting with the Military Committee on Tuesday.",
         {("NATO Military Committee meeting", None, "2025-02-11")}),
    ],
)
def test_a_body_met_in_convened_or_met_with_is_its_meeting(run, text, expected):
    assert held(run, text) == expected


def test_ministers_who_have_agreed_report_their_meeting_and_where_it_was_agreed(run):
    text = ("NATO foreign ministers have endorsed a new cyber plan. The plan, approved at a "
            "meeting in Oslo on Thursday, sets up a centre.")
    assert held(run, text, date(2025, 2, 14)) == {("Foreign Ministers meeting", "oslo",
                                                   "2025-02-13")}


def test_plain_ministers_are_those_of_the_meeting_reported(run):
    text = ("NATO foreign ministers met in Oslo. On Monday evening ministers held a session "
            "with partners from Asia.")
    assert held(run, text, date(2025, 2, 11)) == {("Foreign Ministers meeting", "oslo",
                                                   "2025-02-10")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Ramstein talks came two days after defence ministers of the Nordic states met "
         "in Oslo.", {("Ukraine Defense Contact Group meeting", None, "2025-02-12"),
                      ("Defence Ministers meeting", "oslo", "2025-02-10")}),
        ("The Ukraine Defense Contact Group, which has met every month since May 2022, met "
         "again in Brussels.", {("Ukraine Defense Contact Group meeting", "brussels",
                                 "2025-02-12")}),
        ("Meeting of NATO Ministers of Defence, 10-11 February 2025",
         {("Defence Ministers meeting", None, "2025-02-10")}),
    ],
)
def test_a_meeting_is_dated_by_its_own_day_not_by_what_surrounds_it(run, text, expected):
    assert held(run, text) == expected


def test_leaders_of_a_body_meet_in_its_format_on_the_day_planned(run):
    text = ("The envoys reviewed the planning of the meeting of the heads of the "
            "NATO-Ukraine Council, scheduled for March 3.")
    assert held(run, text) == {("NATO-Ukraine Council meeting", None, "2025-03-03")}


def test_hyphenated_names_all_name_the_meeting(run):
    text = "On Tuesday, Canada-Mexico-United States Leaders' Meeting took place in Ottawa."
    assert {label for label, _, _ in held(run, text)} == {
        "Canada-Mexico-United States Leaders meeting"}


def test_a_session_of_leaders_with_guests_is_a_meeting(run):
    text = "The prime minister will join a session of Allied leaders with the Gulf partners."
    assert held(run, text) == {("Leaders session with Gulf partners", None, None)}


@pytest.mark.parametrize(
    "text",
    [
        "A session of NATO leaders opened the summit on Wednesday.",
        "NATO leaders met at the Washington Summit on Wednesday.",
        "Leaders gathered for the summit meeting in Washington on Wednesday.",
        "U.S. President Donald Trump arrived for the main session of the NATO summit.",
        "Kishida is expected to meet NATO Secretary General Jens Stoltenberg on Wednesday.",
        "Several ministers met in Brussels on Thursday.",
        "Ukraine's Foreign Minister joined the ministers for a session on the war.",
        "The Secretary General addressed the threat posed by drones.",
        '"The North Atlantic Council met today," he said.',
    ],
)
def test_summits_people_and_unnamed_gatherings_are_no_meetings(run, text):
    assert held(run, text) == set()


ARTICLE = """Ramstein group and NATO ministers meet in Brussels as Allies look for more air defence

BRUSSELS, Feb 14, 2025 - The Ukraine Defense Contact Group (Ramstein format) met at NATO \
headquarters in Brussels on Wednesday, with Britain in the chair for the first time.

NATO defence ministers met in Brussels on Thursday, and Norway's defence minister arrived \
early. He spoke at a session of the North Atlantic Council about drones and promised more help.

The NATO-Ukraine Council convened on Friday morning. Leaders will gather at the summit in \
The Hague in June.
"""


def test_built_news_answers_the_meetings_question(tmp_path):
    (tmp_path / "ramstein-wire.txt").write_text(ARTICLE, encoding="utf-8")
    store = tmp_path / "store"
    built = invoke("build", tmp_path / "ramstein-wire.txt", "--store", store, "--quiet")
    assert built.exit_code == 0, built.output
    results = query_json(store, "meetings")
    rows = set(zip(column(results, "meetingLabel"), column(results, "placeLabel"),
                   column(results, "startDate"), strict=True))
    assert rows == {
        ("Ukraine Defense Contact Group meeting", "Brussels", "2025-02-12"),
        ("Defence Ministers meeting", "Brussels", "2025-02-13"),
        ("North Atlantic Council meeting", None, "2025-02-13"),  # the day the sentence before
        ("NATO-Ukraine Council meeting", None, "2025-02-14"),
    }
    validated = invoke("validate", "--store", store)
    assert validated.exit_code == 0, validated.output


@pytest.mark.parametrize("where", ["NATO headquarters", "NATO Headquarters", "NATO HQ"])
def test_nato_headquarters_is_a_meeting_in_brussels(run, where):
    text = f"The North Atlantic Council met at {where} on Monday."
    assert held(run, text) == {("North Atlantic Council meeting", "brussels", "2025-02-10")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The foreign minister appealed to the UN Security Council, and the council met in an "
         "emergency session in Geneva on Monday.",
         {("United Nations Security Council emergency session", None, "2025-02-10")}),
        ("Nordic premiers met on Monday for a special meeting of the European Council.",
         {("European Council special meeting", None, "2025-02-10")}),
        ("The next European Council will take place on 20 March 2025.",
         {("European Council meeting", None, "2025-03-20")}),
        ("The chancellor spoke at a summit of NATO's Nordic allies on Tuesday.",
         {("Nordic Allies summit", None, "2025-02-11")}),
        ("The minister arrived at the Halifax Security Forum, which opened on Tuesday.",
         {("Halifax Security Forum", None, "2025-02-11")}),
        ("Leaders will meet at the Grand Forum on 3 March 2025.", set()),  # the venue
        ("After a briefing by Finnish officials to the North Atlantic Council on Monday, "
         "the envoy spoke.", {("North Atlantic Council briefing", None, "2025-02-10")}),
        ("The drones led to Article 4 consultations on 3 February 2025.",
         {("Article 4 consultations", None, "2025-02-03")}),
        ("Latvia requested consultations under Article 4 on Tuesday.", set()),
        ("The Military Committee met in Chiefs of Staff Session on Monday.",
         {("NATO Military Committee in Chiefs of Staff Session", None, "2025-02-10")}),
    ],
)
def test_meetings_named_by_the_body_session_or_event(run, text, expected):
    assert held(run, text) == expected


def test_a_meeting_reported_on_its_last_day_is_dated_from_its_first(run):
    text = ("It was the first gathering of NATO foreign ministers for the new chief. Three "
            "days of talks here this week turned on Ukraine.")
    assert held(run, text) == {("Foreign Ministers meeting", None, "2025-02-10")}


def test_the_first_of_several_days_of_meetings_dates_them_from_that_day(run):
    text = ("On Wednesday, Foreign Ministers met in Oslo for the first of two days of "
            "meetings on the war.")
    assert held(run, text, date(2025, 2, 12)) == {("Foreign Ministers meeting", "oslo",
                                                   "2025-02-12")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Allies will coordinate through the Nuclear Planning Group, which met in Brussels "
         "on Monday.", {("Nuclear Planning Group meeting", "brussels", "2025-02-10")}),
        ("Envoys prepared a letter ahead of Friday's special meeting of European Union "
         "leaders in Brussels.",
         {("European Union Leaders special meeting", "brussels", "2025-02-14")}),
        ("At Vilnius's request, the North Atlantic Council held consultations under "
         "Article 4 on Monday.",
         {("North Atlantic Council Article 4 consultations", None, "2025-02-10")}),
        ("Reporters waited outside the Grand Security Forum venue on Monday.", set()),
        ("Photo: the Grand Forum in Oslo, venue of the conference on Monday.", set()),
        ("The North Atlantic Council meets at the level of heads of government at the "
         "Grand Forum on Monday.", {("North Atlantic Council meeting", None, "2025-02-17")}),
        ("The premier opened the Norway-NATO Summit Meeting in Oslo on Monday.",
         {("Norway-NATO Summit Meeting", "oslo", "2025-02-10")}),
        ("Envoys attended a gathering of Nordic leaders in Oslo on Monday.",
         {("Nordic Leaders gathering", "oslo", "2025-02-10")}),
        ("A meeting of NATO leaders began on Monday.", set()),  # the summit
        ("Envoys attended a meeting of Indo-Pacific leaders on Monday.", set()),
        ("Rutte spoke at a meeting between NATO leaders and their Gulf partners on Tuesday.",
         {("Leaders meeting with their Gulf partners", None, "2025-02-11")}),
    ],
)
def test_meetings_reported_in_passing_or_named_by_their_sides(run, text, expected):
    assert held(run, text) == expected


def test_a_meeting_dated_a_day_from_the_one_before(run):
    text = ("Defence ministers met in Brussels on Tuesday to discuss air defence. Two days "
            "earlier, foreign ministers of the Nordic states met in Oslo.")
    assert held(run, text) == {("Defence Ministers meeting", "brussels", "2025-02-11"),
                               ("Foreign Ministers meeting", "oslo", "2025-02-09")}


def test_a_transcript_speaker_reports_meetings_but_questions_do_not(run):
    text = ("Press conference by the Secretary General\n\n"
            "SECRETARY GENERAL: Good morning. Tomorrow, NATO Foreign Ministers will meet "
            "here in Brussels.\n\n"
            "Q: Thank you. Did NATO Defence Ministers meet in Oslo on Monday?\n\n"
            "SECRETARY GENERAL: We will see.\n")
    assert held(run, text) == {("Foreign Ministers meeting", "brussels", "2025-02-13")}


def test_a_programme_line_is_dated_by_its_own_days(run):
    text = ("Programme\n\n- Monday 17 February and Tuesday 18 February: the Oslo Security "
            "Forum gathers experts in Oslo.")
    assert held(run, text) == {("Oslo Security Forum", None, "2025-02-17")}


def test_a_body_meeting_in_a_named_session_is_that_session(run):
    text = ("Generals attend the Military Committee meeting. The Military Committee met in "
            "Chiefs of Staff Session in Brussels on Monday.")
    assert held(run, text) == {("NATO Military Committee in Chiefs of Staff Session", "brussels",
                                "2025-02-10")}


# WED is 2025-02-12.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Portugal raised the strikes at the UN Security Council, which held an emergency "
         "meeting in New York on Monday.",
         {("United Nations Security Council emergency meeting", "new-york", "2025-02-10")}),
        ("NATO defence ministers are due to meet in Oslo on Friday.",
         {("Defence Ministers meeting", "oslo", "2025-02-14")}),
        ("Rutte spoke on Tuesday at a meeting of the leaders of the Nordic countries in Oslo.",
         {("meeting of the leaders of Nordic countries", "oslo", "2025-02-11")}),
        ("At the Aspen-Ross Dialogue in Rome on Monday, the minister urged allies to spend "
         "more.", {("Aspen-Ross Dialogue", "rome", "2025-02-10")}),
    ],
)
def test_meetings_held_by_bodies_groups_and_guests(run, text, expected):
    assert held(run, text) == expected


def test_the_day_another_event_of_the_sentence_before_has_dates_no_meeting(run):
    text = ("The talks come weeks before NATO leaders meet in Ottawa on 20-21 March. At the "
            "same time, NATO defence ministers in Brussels endorsed a plan for drones.")
    assert held(run, text) == {("Defence Ministers meeting", None, "2025-02-12")}


def test_a_date_told_of_in_an_aside_dates_no_meeting(run):
    text = ("Envoys met for Article 4 consultations at the request of Riga, the third time "
            "this year that an ally has triggered the procedure following a request on 2 "
            "January.")
    assert held(run, text) == {("Article 4 consultations", None, "2025-02-12")}


def test_meetings_attended_again_and_again_are_no_one_meeting(run):
    text = "Canada has regularly attended NATO Defence Ministers' meetings since 2019."
    assert held(run, text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "NATO defence ministers did not meet on Monday.",
        "Aides said there was no confirmation of a meeting between the partners and NATO "
        "leaders, nor of a Japan-Canada summit in the margins.",
    ],
)
def test_meetings_said_not_to_be_held(run, text):
    assert held(run, text) == set()

