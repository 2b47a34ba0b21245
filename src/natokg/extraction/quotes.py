"""Quotations found in an article's text, whatever their quote marks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

QUOTE_MARKS = '“”"„«»'


@dataclass(frozen=True)
class QuoteSpan:
    """A quotation's character offsets, without its quote marks."""

    start: int
    end: int


def find_quotes(text: str) -> list[QuoteSpan]:
    """Pair quotation marks paragraph by paragraph, whatever their shape.

    Newsrooms mix curly and straight quotes in one sentence (“rein in its
    proxies"); pairing by position within a paragraph, not by shape, reads
    them as a reader would. Single quotes (‘…’, the British style) are paired
    apart, since the same ’ is also an apostrophe ("NATO’s").
    """
    quotes: list[QuoteSpan] = []
    offset = 0
    lines = text.split("\n")
    for number, paragraph in enumerate(lines):
        following = next((line for line in lines[number + 1 :] if line.strip()), "")
        reopened = following.lstrip()[:1] in QUOTE_MARKS  # the quotation goes on
        doubles = list(_paired_double_quotes(paragraph, reopened)) or list(
            _dash_quoted(paragraph))
        singles = [q for q in _paired_single_quotes(paragraph)
                   if not any(d[0] <= q[0] < d[1] for d in doubles)]
        quotes.extend(QuoteSpan(offset + a, offset + b) for a, b in sorted(doubles + singles))
        offset += len(paragraph) + 1
    return quotes


def _paired_double_quotes(paragraph: str, reopened: bool) -> Iterator[tuple[int, int]]:
    """Quoted stretches of one paragraph; a quotation still open at its end runs to it
    when the next paragraph opens a quotation again (news leaves the first paragraphs
    of a long quotation unclosed)."""
    opened: int | None = None
    for i, char in enumerate(paragraph):
        if char not in QUOTE_MARKS:
            continue
        if opened is None and char != "”":
            opened = i + 1
        elif opened is not None:
            if i > opened:
                yield opened, i
            opened = None
    if opened is not None and reopened and len(paragraph.rstrip()) > opened:
        yield opened, len(paragraph.rstrip())


def _dash_quoted(paragraph: str) -> Iterator[tuple[int, int]]:
    """The dash quotation of Polish, Ukrainian or Spanish releases: "– We are ready.
    Ready today – said the minister." (no quote marks: the dashes open and close it)."""
    match = _DASH_QUOTED.match(paragraph)
    if match is not None and not any(mark in paragraph for mark in QUOTE_MARKS):
        yield match.start("quote"), match.end("quote")


_DASH_QUOTED = re.compile(r"^\s*[–—]\s+(?P<quote>\S.*?)\s+[–—]\s+(?=[a-z])")


def _paired_single_quotes(paragraph: str) -> Iterator[tuple[int, int]]:
    """‘…’ where ‘ starts a word and the closing ’ is not an apostrophe inside one."""
    for match in _SINGLE_QUOTED.finditer(paragraph):
        yield match.start(1), match.end(1)


_SINGLE_QUOTED = re.compile(r"(?:^|(?<=[\s(\[—–-]))‘((?:[^’]|’(?=\w))+?)’(?!\w)")


@dataclass(frozen=True)
class Turn:
    """A paragraph of a transcript's speech, without quote marks, and the label of the
    turn it belongs to: "MARK RUTTE: Good afternoon…" and the paragraphs after it."""

    speech: QuoteSpan
    label: str


def find_turns(text: str) -> list[Turn]:
    """Transcripts label each turn in capitals ("SECRETARY GENERAL:", "Q (Reuters):");
    a turn's later paragraphs carry no label, and a line that is not prose (no closing
    full stop: "Related Topics: …") ends it. Paragraphs holding quote marks are left to
    `find_quotes`, so that the two never overlap."""
    turns: list[Turn] = []
    label: str | None = None
    offset = 0
    for paragraph in text.split("\n"):
        match = _TURN_LABEL.match(paragraph)
        start = offset + len(paragraph) - len(paragraph.lstrip())
        if match is not None:
            label, start = match.group("label"), offset + match.start("speech")
        elif not paragraph.strip():
            offset += len(paragraph) + 1
            continue
        elif paragraph.rstrip()[-1:] not in ".?!":
            label = None
        end = offset + len(paragraph.rstrip())
        speech = text[start:end]
        if label is not None and not any(mark in speech for mark in QUOTE_MARKS + "‘"):
            turns.append(Turn(QuoteSpan(start, end), label))
        offset += len(paragraph) + 1
    return turns


_TURN_LABEL = re.compile(
    r"^\s*(?P<label>[A-Z][A-Z.'’\- ]*[A-Z.](?:\s*\([^)]*\))?|[A-Z](?:\s*\([^)]*\))?)"
    r"\s*:\s+(?P<speech>\S)"
)
