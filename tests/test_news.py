"""Linking on news as other outlets write it: four short articles of our own in
`tests/news/linking/` (wire, newspaper, government release, NATO release), each with what
a careful reader links in `tests/news/linking/expected.yaml`; and the same articles built
end to end, so that what linking decides reaches the canned queries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from spacy.language import Language

from conftest import column, invoke, query_json
from natokg.gazetteer import load_gazetteer
from natokg.ingest import read_documents
from natokg.link import Linker
from natokg.linked import LinkedDoc
from natokg.model import Kind
from natokg.nlp import load_pipeline

NEWS = Path(__file__).resolve().parent / "news" / "linking"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((NEWS / "expected.yaml").read_text())


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


@pytest.fixture(scope="module")
def linked(nlp: Language) -> dict[str, LinkedDoc]:
    linker = Linker(load_gazetteer())
    documents = read_documents(sorted(NEWS.glob("*.txt")))
    return {Path(d.source).name: linker.link(nlp(d.text), d) for d in documents}


def test_every_article_has_expectations() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in NEWS.glob("*.txt"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_article_date_and_links(linked: dict[str, LinkedDoc], name: str) -> None:
    doc, expected = linked[name], EXPECTED[name]
    assert doc.document.date == expected["date"]
    found = {(doc.doc[lk.start : lk.end].text, lk.entity.id) for lk in doc.links}
    assert {tuple(pair) for pair in expected["links"]} <= found


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_leaders_and_groups_stand_for_countries(linked: dict[str, LinkedDoc], name: str) -> None:
    doc = linked[name]
    entities = {lk.entity.id: lk.entity for lk in doc.links}
    for actor, countries in EXPECTED[name]["stands_for"].items():
        expanded = [e.id for e in doc.expand(entities[actor])]
        if isinstance(countries, int):
            assert len(expanded) == countries
        else:
            assert expanded == countries


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_partners_as_they_stood_on_the_date(linked: dict[str, LinkedDoc], name: str) -> None:
    countries = {lk.entity.id: lk.entity for lk in linked[name].links
                 if lk.entity.kind is Kind.COUNTRY}
    assert all(countries[c].partner for c in EXPECTED[name]["partners"])
    assert not any(countries[c].partner for c in EXPECTED[name]["not_partners"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_summits_and_meeting_formats(linked: dict[str, LinkedDoc], name: str) -> None:
    doc = linked[name]
    summits = [lk.entity.id for lk in doc.links if lk.entity.kind is Kind.SUMMIT]
    assert summits == EXPECTED[name]["summits"]
    formats = {body: f.id for body, f in doc.meeting_formats.items()}
    assert formats == EXPECTED[name].get("meeting_formats", {})


@pytest.fixture(scope="module")
def news_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("news") / "store"
    result = invoke("build", NEWS, "--store", store, "--quiet")
    assert result.exit_code == 0, result.output
    return store


def test_built_news_answers_summits_partners_and_allies(news_store: Path) -> None:
    summits = query_json(news_store, "summits")
    assert "Tirana Summit" in column(summits, "summitLabel")  # minted, with its city
    assert "G7" not in " ".join(filter(None, column(summits, "summitLabel")))
    partners = set(column(query_json(news_store, "partners"), "partnerLabel"))
    assert {"Finland", "Sweden", "Japan"} <= partners  # the 2021 release
    allies = set(column(query_json(news_store, "allies"), "allyLabel"))
    assert "Finland" in allies and "Sweden" not in allies  # an Ally in July 2023; an invitee
    validated = invoke("validate", "--store", news_store)
    assert validated.exit_code == 0, validated.output


def test_an_ally_invited_to_join_at_a_summit_before_it_joined_was_invited_there(
        tmp_path: Path) -> None:
    article = tmp_path / "look-back.txt"
    article.write_text("Looking back at Madrid\n\n25 June 2025\n\nAt the Madrid Summit in "
                       "2022, Allies invited Finland and Sweden to join the Alliance. Both "
                       "have since become members.\n")
    store = tmp_path / "store"
    assert invoke("build", article, "--store", store, "--quiet").exit_code == 0
    invited = query_json(store, "partners-invited")
    pairs = zip(column(invited, "partnerLabel"), column(invited, "summitYear"), strict=True)
    assert sorted(pairs) == [("Finland", "2022"), ("Sweden", "2022")]
    assert "Finland" not in column(query_json(store, "partners"), "partnerLabel")  # an Ally
