"""Long articles: split into parts spaCy accepts, extracted as if whole, built end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

import natokg.pipeline
from conftest import column, invoke, query_json
from natokg import nlp as nlp_module
from natokg.extraction import extract
from natokg.ingest import document_from_text
from natokg.link import Linker
from natokg.model import Document, Extraction
from natokg.nlp import DEFAULT_MODEL, Part, load_pipeline, parse_parts, split_text
from natokg.parts import extract_parts
from natokg.pipeline import _linker
from tests_support import filler, long_article

# --------------------------------------------------------------------------- the splitter

_TEXTS = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from(list("ab .!?,\n\n\t“”\"'‘’")), max_size=300),
)


def _word_starts(text: str, first: int, last: int) -> list[int]:
    """Positions in first..last where a word starts after whitespace."""
    return [i for i in range(max(first, 1), min(last, len(text) - 1) + 1)
            if text[i - 1].isspace() and not text[i].isspace()]


@given(_TEXTS, st.integers(min_value=1, max_value=60))
def test_parts_join_back_stay_under_the_limit_and_map_back(text: str, limit: int) -> None:
    parts = list(split_text(text, limit))
    assert "".join(part.text for part in parts) == text
    for part in parts:
        assert part.text == text[part.start : part.start + len(part.text)]
        assert 0 < len(part.text) <= limit or text == ""
    for before, after in pairwise(parts):
        assert after.start == before.start + len(before.text)


@given(_TEXTS, st.integers(min_value=1, max_value=60))
def test_a_part_ends_between_words_whenever_its_room_has_a_word_boundary(
    text: str, limit: int
) -> None:
    for part in list(split_text(text, limit))[:-1]:
        cut = part.start + len(part.text)
        between_words = text[cut - 1].isspace() and not text[cut].isspace()
        assert between_words or not _word_starts(text, part.start + 1, part.start + limit)


def test_a_blank_line_is_preferred_to_a_sentence_end() -> None:
    text = "First paragraph. It has two sentences.\n\nSecond one. Also two sentences here."
    first = next(split_text(text, 60))
    assert first.text == "First paragraph. It has two sentences.\n\n"


def test_a_paragraph_longer_than_the_limit_is_cut_after_a_sentence() -> None:
    text = "One sentence here. Another one follows it closely and then goes on for a while"
    first = next(split_text(text, 50))
    assert first.text == "One sentence here. "


def test_a_paragraph_opening_a_quotation_stays_with_the_paragraph_before() -> None:
    """A quotation left open at a paragraph's end is closed by the next paragraph's:
    both must be in one part for the quotation to be found."""
    text = ("A first paragraph of some forty characters.\n\nShort one.\n\n"
            "“Quoted words,” she said.")
    first = next(split_text(text, len(text) - 1))
    assert first.text == "A first paragraph of some forty characters.\n\n"


def test_a_text_without_spaces_is_cut_at_the_limit() -> None:
    assert [part.text for part in split_text("x" * 25, 10)] == ["x" * 10, "x" * 10, "x" * 5]


def test_the_part_limit_never_exceeds_spacys_max_length(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = spacy.blank("en")
    monkeypatch.setattr(nlp, "max_length", 1234)
    assert nlp_module.part_limit(nlp) == 1234


# --------------------------------------------------------------------------- parsing parts


def test_a_text_spacy_refuses_fails_alone_and_the_others_are_parsed() -> None:
    nlp = spacy.blank("en")
    nlp.max_length = 20
    texts = [("short text", 1), ("a text far longer than twenty characters", 2), ("also", 3)]
    parsed = list(parse_parts(nlp, texts))
    assert [context for _, context in parsed] == [1, 2, 3]
    assert parsed[0][0].text == "short text" and parsed[2][0].text == "also"
    assert isinstance(parsed[1][0], ValueError) and "E088" in str(parsed[1][0])


def test_spacy_is_given_a_bounded_number_of_characters_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    nlp = spacy.blank("en")
    batches: list[list[str]] = []
    pipe = nlp.pipe

    def recording(texts: list[str], **options: Any) -> Any:
        batches.append(list(texts))
        return pipe(texts, **options)

    monkeypatch.setattr(nlp, "pipe", recording)
    monkeypatch.setattr(nlp_module, "BATCH_CHARS", 100)
    texts = [("word " * n, n) for n in (5, 10, 3, 12, 30, 1)]
    assert [doc.text for doc, _ in parse_parts(nlp, texts)] == [text for text, _ in texts]
    assert all(sum(map(len, batch)) <= 100 or len(batch) == 1 for batch in batches)
    assert len(batches) > 1


# --------------------------------------------------------------------------- extraction

# Facts whose reading depends on earlier paragraphs: a surname named before, who "he"
# is, the summit the article is about (dated after the Washington Summit, so the next
# summit by date would be another one).
CARRIED = [
    "Jane Doe, who leads the rail planning cell at Allied headquarters, told reporters "
    "that many bridges in the east needed repair.",
    "“We have to move faster than anyone who would threaten us,” Ms Doe said.",
    "Mr Stoltenberg thanked the engineers for their work on the plan.",
    "He called on Allies to invest more in air defence before the winter.",
    "The Secretary General had invited the leaders of Japan and New Zealand to the Summit, "
    "officials recalled.",
    "Officials described Russia as the most direct threat to Allied security.",
]
OPENING = ("NATO Secretary General Jens Stoltenberg closed the Washington Summit on "
           "Thursday with a call for patience.",)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


@pytest.fixture(scope="module")
def linker() -> Linker:
    return _linker()


def _paragraph_parts(text: str) -> list[Part]:
    """Every paragraph its own part: as many boundaries as an article can have."""
    parts, start = [], 0
    for paragraph in text.split("\n\n"):
        end = min(start + len(paragraph) + 2, len(text))
        parts.append(Part(start, text[start:end]))
        start = end
    return parts


def _in_parts(nlp: Language, linker: Linker, document: Document, parts: list[Part]
              ) -> Extraction:
    return extract_parts(linker, document, ((nlp(part.text), part) for part in parts))


def _said(extraction: Extraction) -> set[tuple[str, tuple[tuple[str, object], ...]]]:
    """What each fact says, its evidence aside (spaCy may place a sentence start at
    a part's first word differently from mid-text)."""
    return {(type(fact).__name__,
             tuple(sorted((name, getattr(value, "id", value)) for name, value in vars(fact).items()
                          if name != "evidence")))
            for fact in extraction.facts}


@pytest.fixture(scope="module")
def article() -> Document:
    text = long_article(2_500, CARRIED, head=OPENING)
    return document_from_text(text, source="long.txt")


def test_an_article_in_parts_says_what_it_says_whole(nlp: Language, linker: Linker,
                                                     article: Document) -> None:
    whole = extract(linker.link(nlp(article.text), article))
    split = _in_parts(nlp, linker, article, _paragraph_parts(article.text))
    assert _said(split) == _said(whole)
    assert {m.entity.id for m in split.mentions} == {m.entity.id for m in whole.mentions}


def test_later_parts_know_what_earlier_parts_named(nlp: Language, linker: Linker,
                                                    article: Document) -> None:
    facts = _said(_in_parts(nlp, linker, article, _paragraph_parts(article.text)))
    kinds_and_fields = {(kind, dict(fields).get(key)) for kind, fields in facts
                        for key in ("speaker", "event")}
    assert ("Quote", "person-jane-doe") in kinds_and_fields  # "Ms Doe" after "Jane Doe"
    assert ("CallOn", "jens-stoltenberg") in kinds_and_fields  # "He" at a part's start
    assert ("Invitation", "washington-summit-2024") in kinds_and_fields  # "the Summit"


def test_offsets_index_the_whole_text_in_every_part(nlp: Language, linker: Linker,
                                                    article: Document) -> None:
    parts = _paragraph_parts(article.text)
    split = _in_parts(nlp, linker, article, parts)
    text, last_part = article.text, parts[-3].start
    assert any(fact.evidence.start >= last_part for fact in split.facts)
    for fact in split.facts:
        assert fact.evidence.sentence == text[fact.evidence.start : fact.evidence.end].strip()
    for mention in split.mentions:
        assert mention.text == text[mention.start : mention.end]
        assert mention.evidence.start <= mention.start < mention.evidence.end
    quotes = [fact for fact in split.facts if type(fact).__name__ == "Quote"]
    assert quotes and all(q.text in text[q.start : q.end] for q in quotes)


def test_an_office_stated_in_two_parts_is_one_fact(nlp: Language, linker: Linker) -> None:
    text = "\n\n".join(["NATO Secretary General Jens Stoltenberg spoke first.", *filler(400),
                       "NATO Secretary General Jens Stoltenberg spoke last."])
    document = document_from_text(text, source="offices.txt")
    split = _in_parts(nlp, linker, document, _paragraph_parts(document.text))
    offices = [f for f in split.facts if type(f).__name__ == "OfficeHolding"]
    assert [(f.person.id, f.role.id) for f in offices] == [("jens-stoltenberg",
                                                            "secretary-general")]


# --------------------------------------------------------------------------- end to end


def _evidence_rows(store: Path) -> list[tuple[int, int, str]]:
    result = invoke("query", "--store", store, "--format", "json", "-e",
                    "SELECT ?s ?e ?t WHERE { ?x a nkg:Evidence ; nkg:startOffset ?s ; "
                    "nkg:endOffset ?e ; nkg:sentence ?t }")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]
    return [(int(r["s"]["value"]), int(r["e"]["value"]), r["t"]["value"]) for r in rows]


def _assert_built_whole(store: Path, text: str) -> None:
    """The late facts are in the graph, with offsets into the article's whole text."""
    invited = query_json(store, "partners-invited")
    assert set(zip(column(invited, "partnerLabel"), column(invited, "summitLabel"),
                   strict=True)) == {("Japan", "Washington Summit"),
                                     ("New Zealand", "Washington Summit")}
    assert "Jane Doe" in column(query_json(store, "statements"), "speakerLabel")
    assert "Jens Stoltenberg" in column(query_json(store, "calls-on"), "speakerLabel")
    rows = _evidence_rows(store)
    assert max(start for start, _, _ in rows) > len(text) - 1_000
    for start, end, sentence in rows:
        assert text[start:end].strip() == sentence


def test_an_article_longer_than_spacy_takes_builds(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """spaCy is made to refuse anything over 3,000 characters: a 40,000-character article
    with its facts at the end still builds, in parts."""
    monkeypatch.setattr(load_pipeline(DEFAULT_MODEL), "max_length", 3_000)
    text = long_article(40_000, CARRIED, head=OPENING)
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    result = invoke("build", tmp_path / "long.txt", "--store", tmp_path / "store",
                    "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "built 1 documents" in result.stderr
    _assert_built_whole(tmp_path / "store", document_from_text(text, source="x").text)


def test_an_article_spacy_fails_on_is_named_and_skipped_with_keep_going(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(load_pipeline(DEFAULT_MODEL), "max_length", 3_000)
    monkeypatch.setattr(natokg.pipeline, "part_limit", lambda nlp: 10**9)  # as before parts
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-long.txt").write_text(long_article(5_000, CARRIED), encoding="utf-8")
    (corpus / "b-short.txt").write_text(long_article(1_000, CARRIED), encoding="utf-8")
    store = tmp_path / "store"

    failed = invoke("build", corpus, "--store", store, "--workers", "1")
    assert failed.exit_code == 1
    assert failed.stderr.startswith(f"Error: {corpus / 'a-long.txt'}: extraction failed")
    assert "E088" in failed.stderr and len(failed.stderr.splitlines()) == 1

    kept = invoke("build", corpus, "--store", store, "--workers", "1", "--keep-going")
    assert kept.exit_code == 0, kept.output
    assert f"skipped {corpus / 'a-long.txt'}: extraction failed" in kept.stderr
    assert "built 1 documents" in kept.stderr


@pytest.mark.slow
def test_an_article_over_a_million_characters_builds(tmp_path: Path) -> None:
    """What spaCy refuses outright (its max_length): the real limits, the real CLI."""
    text = long_article(1_100_000, CARRIED, head=OPENING)
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    natokg = Path(sys.executable).with_name("natokg")
    done = subprocess.run([natokg, "build", tmp_path / "long.txt", "--store",
                           tmp_path / "store"], capture_output=True, text=True,
                          env={**os.environ, "NATOKG_STORE": ""}, check=False)
    assert done.returncode == 0, done.stderr
    _assert_built_whole(tmp_path / "store", document_from_text(text, source="x").text)
