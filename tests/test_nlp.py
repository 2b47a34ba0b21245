"""The spaCy stage: gazetteer ruler patterns, surface keys, sentence breaks, model errors."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.pipeline import AttributeRuler

from natokg.errors import ModelError
from natokg.gazetteer import Gazetteer, load_gazetteer
from natokg.nlp import load_pipeline, ruler_patterns, surface_key


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def _patterns(gazetteer: Gazetteer, cased: bool) -> set[str]:
    return {p["pattern"] for p in ruler_patterns(gazetteer, cased)}


# --------------------------------------------------------------------------- ruler_patterns


@pytest.mark.parametrize("form", ["US", "EU", "U.S.", "NATO"])
def test_short_forms_are_case_sensitive_patterns(gazetteer: Gazetteer, form: str) -> None:
    assert form in _patterns(gazetteer, cased=True)
    assert form.lower() not in _patterns(gazetteer, cased=False)


@pytest.mark.parametrize(
    "form",
    [
        "north atlantic treaty organization",
        "nato-ukraine council",
        "united kingdom",
        "washington summit",
        "secretary general",
    ],
)
def test_long_names_are_lowercase_patterns(gazetteer: Gazetteer, form: str) -> None:
    assert form in _patterns(gazetteer, cased=False)


def test_case_insensitive_patterns_all_have_their_lowercase_form(gazetteer: Gazetteer) -> None:
    patterns = _patterns(gazetteer, cased=False)
    assert all(p.lower() in patterns for p in patterns)


def test_a_lowercase_title_with_an_abbreviation_is_found(nlp: Language) -> None:
    doc = nlp("Gen. Ana Ruiz, chairman of the U.S. Joint Chiefs of Staff, spoke first.")
    assert ("chairman of the U.S. Joint Chiefs of Staff", "ROLE") in {
        (e.text, e.label_) for e in doc.ents}


def test_pronoun_us_is_never_a_pattern(gazetteer: Gazetteer) -> None:
    assert "us" not in _patterns(gazetteer, cased=False)
    assert "us" not in _patterns(gazetteer, cased=True)


@pytest.mark.parametrize("cased", [True, False])
def test_no_bare_surname_pattern(gazetteer: Gazetteer, cased: bool) -> None:
    people = [p for p in ruler_patterns(gazetteer, cased) if p["label"] == "PERSON"]
    assert all(len(p["pattern"].split()) >= 2 for p in people)


@pytest.mark.parametrize("surname", ["stoltenberg", "Stoltenberg", "rutte", "Rutte", "Blinken"])
def test_known_surnames_are_not_patterns(gazetteer: Gazetteer, surname: str) -> None:
    assert surname not in _patterns(gazetteer, cased=True) | _patterns(gazetteer, cased=False)


def test_full_name_of_person_is_a_pattern(gazetteer: Gazetteer) -> None:
    assert "jens stoltenberg" in _patterns(gazetteer, cased=False)


def test_leading_article_is_dropped_so_longer_names_win(gazetteer: Gazetteer) -> None:
    uncased = _patterns(gazetteer, cased=False)
    assert "united states" in uncased
    assert "the united states" not in uncased


def test_demonyms_are_norp_patterns(gazetteer: Gazetteer) -> None:
    labels = {p["pattern"]: p["label"] for p in ruler_patterns(gazetteer, cased=False)}
    assert labels.get("ukrainian") == "NORP"


def test_pattern_ids_are_surface_keys(gazetteer: Gazetteer) -> None:
    for cased in (True, False):
        for pattern in ruler_patterns(gazetteer, cased):
            assert pattern["id"] == surface_key(pattern["id"])


def test_ruler_labels_follow_entity_kinds(gazetteer: Gazetteer) -> None:
    expected = {"GPE", "ORG", "PERSON", "EVENT", "ROLE", "CONCEPT", "NORP"}
    labels = {p["label"] for c in (True, False) for p in ruler_patterns(gazetteer, c)}
    assert labels <= expected


# --------------------------------------------------------------------------- surface_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Türkiye", "turkiye"),
        ("TÜRKIYE", "Turkiye"),
        ("Reykjavík", "reykjavik"),
        ("NATO–Ukraine Council", "nato ukraine council"),
        ("NATO-Ukraine Council", "NATO Ukraine Council"),
        ("U.S.", "u s"),
        ("NATO's", "nato"),
        ("NATO’s", "NATO"),
        ("  Jens   Stoltenberg ", "jens stoltenberg"),
        ("Władysław Kosiniak-Kamysz", "Wladyslaw Kosiniak Kamysz"),
        ("Jonas Gahr Støre", "Jonas Gahr Store"),
        ("Lars Løkke Rasmussen", "Lars Lokke Rasmussen"),
    ],
)
def test_surface_key_folds_accents_case_and_punctuation(a: str, b: str) -> None:
    assert surface_key(a) == surface_key(b)


@pytest.mark.parametrize(("a", "b"), [("Austria", "Australia"), ("Iran", "Iraq")])
def test_surface_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert surface_key(a) != surface_key(b)


def test_surface_key_of_punctuation_only_is_empty() -> None:
    assert surface_key("“—”") == ""


# --------------------------------------------------------------------------- pipeline


def test_headline_without_full_stop_is_its_own_sentence(nlp: Language) -> None:
    headline = "Allies agree new plans for the defence of the eastern flank"
    doc = nlp(f"{headline}\nNATO Defence Ministers met in Brussels on Thursday.")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[0] == headline
    assert sentences[1].startswith("NATO Defence Ministers")


def test_dateline_line_is_its_own_sentence(nlp: Language) -> None:
    doc = nlp("07 Feb. 2024\n\nThe Secretary General welcomed the decision.")
    assert not any("07 Feb" in s.text and "Secretary" in s.text for s in doc.sents)


def test_line_break_component_runs_first(nlp: Language) -> None:
    assert nlp.pipe_names[0] == "natokg_line_breaks"


def test_rulers_run_before_ner(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index("natokg_ruler") < names.index("natokg_ruler_cased") < names.index("ner")


def test_ruler_finds_long_name_over_short_form(nlp: Language) -> None:
    doc = nlp("The NATO-Ukraine Council met at ambassadors' level.")
    assert next((e.text, e.label_) for e in doc.ents) == ("NATO-Ukraine Council", "ORG")


def test_ruler_ignores_pronoun_us(nlp: Language) -> None:
    doc = nlp("Let us be clear: the Allies told us they stand together.")
    assert not any(e.text.lower() == "us" for e in doc.ents)


def test_unknown_model_raises_model_error_in_one_line() -> None:
    with pytest.raises(ModelError) as raised:
        load_pipeline("no_such_model")
    message = str(raised.value)
    assert "no_such_model" in message
    assert "\n" not in message


# --------------------------------------------------------------------------- attribute ruler


ODD_TEXTS = [
    "",
    "   ",
    "Title\n\n\nThere are ships. I'd go, but it's late.",
    "They ai n't gon na let 's go; y' all got ta c'm on, doin' nothin' 'nuff.",
    "Allies must not, and will not, waver: he did, she had, we do.",
    "Whether or not that happens, those who said so were right.",
]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_indexed_attribute_ruler_finds_what_spacy_finds(nlp: Language, text: str) -> None:
    ruler = nlp.get_pipe("attribute_ruler")
    with nlp.select_pipes(disable=nlp.pipe_names[nlp.pipe_names.index("attribute_ruler"):]):
        doc = nlp(text)
    assert "match" in vars(ruler)  # the indexed matcher is in use
    assert ruler.match(doc) == AttributeRuler.match(ruler, doc)


def test_indexed_attribute_ruler_keeps_multi_token_rules(nlp: Language) -> None:
    doc = nlp("We are gon na win and they ai n't.")
    assert [t.lemma_ for t in doc if t.text in ("gon", "na", "ai")] == ["go", "to", "be"]


@pytest.mark.parametrize(
    ("dateline", "first"),
    [
        ("OSLO (NTB) --", "The"),
        ("WARSAW, March 3 (Reuters) -", "The"),
        ("RIGA, Latvia (AP) —", "The"),
        ("HELSINKI, Finland —", "The"),
        ("THE HAGUE, 4 June 2025 -", "The"),
    ],
)
def test_a_wire_dateline_is_a_sentence_of_its_own(
    nlp: Language, dateline: str, first: str
) -> None:
    text = f"Ministers meet\n\n{dateline} The ministers of three Allies met on Monday."
    doc = nlp(text)
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[1] == dateline
    assert sentences[2].startswith(first) and doc.text == text  # no offset moves


def test_a_dash_inside_a_headline_is_no_dateline(nlp: Language) -> None:
    doc = nlp("Allies - and partners - meet in Oslo on Monday.")
    assert len(list(doc.sents)) == 1
