"""rdf.py writes N-Quads itself: every line must be what Oxigraph would write."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pyoxigraph import Literal, RdfFormat, parse, serialize

from natokg.model import (
    Commitment,
    Document,
    Entity,
    Evidence,
    Extraction,
    Kind,
    Mention,
    PartialDate,
    Quote,
)
from natokg.rdf import extraction_nquads, extraction_quads, text

AWKWARD = ['plain', 'say "no"', "back\\slash", "line\nbreak\r\ttab", "\x00\x07\x08\x0b\x0c\x1f\x7f",
           "\ufffe\uffff\ufeff", "NATO’s “Allies” – café ✓ 😀", "\u2028\u0085", ""]


@pytest.mark.parametrize("value", AWKWARD)
def test_literals_are_escaped_as_oxigraph_escapes_them(value: str) -> None:
    assert text(value) == str(Literal(value))


def test_every_control_character_is_escaped_as_oxigraph_escapes_it() -> None:
    for code in range(0x80):
        assert text(chr(code)) == str(Literal(chr(code))), hex(code)


def _extraction(value: str) -> Extraction:
    document = Document(id="d1 odd/id", text="x" * 80, title=value, date=date(2024, 7, 10),
                        source=value, url="https://www.nato.int/")
    person = Entity(id="person-é x", label=value, kind=Kind.PERSON, from_gazetteer=False)
    summit = Entity(id="washington-summit", label="Washington Summit", kind=Kind.SUMMIT,
                    wikidata="Q1", start=PartialDate(2024, 7), end=PartialDate(2024))
    evidence = Evidence(sentence=value, start=0, end=40, rule=value, confidence=0.8999)
    return Extraction(
        document=document,
        mentions=[Mention(person, value, 0, 5, evidence)],
        facts=[Quote(person, value, 1, 9, evidence),
               Commitment(person, value, Decimal("5.5E+9"), "EUR", None, evidence)],
        context=[summit],
    )


@pytest.mark.parametrize("value", AWKWARD)
def test_graph_bytes_are_what_oxigraph_writes(value: str) -> None:
    data = extraction_nquads(_extraction(value), f"model {value}")
    quads = list(parse(data, format=RdfFormat.N_QUADS))
    assert serialize(quads, format=RdfFormat.N_QUADS) == data
    assert {value} <= {q.object.value for q in quads if isinstance(q.object, Literal)}


def test_quads_are_the_parsed_bytes() -> None:
    extraction = _extraction("x")
    data = extraction_nquads(extraction, "m")
    assert extraction_quads(extraction, "m") == list(parse(data, format=RdfFormat.N_QUADS))
    assert len(extraction_quads(extraction, "m")) == data.count(b"\n")
