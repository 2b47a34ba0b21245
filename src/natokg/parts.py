"""Long articles, extracted part by part as if they were one text.

spaCy is given at most `nlp.part_limit` characters at once (its working memory
grows with the text, and it refuses texts over `nlp.max_length`), so a longer
article is parsed in parts (`nlp.split_text`, at paragraph boundaries where it
can) and extracted one part at a time, never as one giant Doc. To read each part
as it reads within the whole article:

- a part is linked with what the parts before it named (`link.Earlier`): the
  people named so far ("Mr Doe" after "Jane Doe"), the last summit named (a bare
  "the Summit"), and who "he" is at its start;
- the facts' character offsets are moved from the part to the whole text, so
  evidence is always `document.text[start:end]`;
- the rules that look at the whole article are applied again over all parts: one
  office-holding fact per person, role and organisation (the best-evidenced), and
  an official speaking for their own organisation is not "calling on" it.

What stays local to a part: a commitment of unspecified "support" goes to the
partner the part names most, rather than the article; a meeting is dated from
the dates its part gives; a bare "the Summit" before any summit is named is not
linked to one named only in a later part.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, TypeVar

from spacy.tokens import Doc

from natokg.extraction import extract
from natokg.extraction.offices import unique_offices
from natokg.extraction.quotes import find_quotes
from natokg.link import Linker
from natokg.linked import Earlier
from natokg.model import CallOn, Document, Entity, Extraction, Fact, OfficeHolding
from natokg.nlp import Part

T = TypeVar("T")


def extract_parts(
    linker: Linker, document: Document, parsed: Iterable[tuple[Doc | Exception, Part]]
) -> Extraction:
    """Everything extracted from a document given its parsed parts, in order.

    A part spaCy failed on (an exception in place of its Doc) fails the document.
    """
    whole = Extraction(document=document)
    context: dict[str, Entity] = {}
    earlier = Earlier()
    for doc, part in parsed:
        if isinstance(doc, Exception):
            raise doc
        if len(part.text) == len(document.text):
            return extract(linker.link(doc, document))
        linked = linker.link(doc, replace(document, text=part.text), earlier)
        extraction = extract(linked)
        whole.mentions.extend(_moved(mention, part.start) for mention in extraction.mentions)
        whole.facts.extend(_moved(fact, part.start) for fact in extraction.facts)
        context.update((entity.id, entity) for entity in extraction.context
                       if entity.id not in context)
        if part.start + len(part.text) < len(document.text):
            earlier = linked.carried(_inside_quotation(part.text))
    whole.facts = _article_wide(whole.facts)
    whole.context = list(context.values())
    return whole


def _moved(item: T, offset: int) -> T:
    """`item` (a mention, fact or evidence) with its offsets counted `offset` further on."""
    fields: Any = item
    changes: dict[str, Any] = {name: getattr(fields, name) + offset
                               for name in ("start", "end") if hasattr(fields, name)}
    if hasattr(fields, "evidence"):
        changes["evidence"] = _moved(fields.evidence, offset)
    return replace(fields, **changes)  # type: ignore[no-any-return]


def _inside_quotation(text: str) -> Callable[[int], bool]:
    """Whether a character offset of `text` lies in a quotation (whose names are not "he")."""
    spans = find_quotes(text)
    starts = [span.start for span in spans]

    def inside(char: int) -> bool:
        i = bisect_right(starts, char) - 1
        return i >= 0 and char < spans[i].end

    return inside


def _article_wide(facts: list[Fact]) -> list[Fact]:
    """The facts of all parts under the rules `relations` applies to a whole article."""
    best = list(unique_offices(fact for fact in facts if isinstance(fact, OfficeHolding)))
    kept = {id(fact) for fact in best}
    affiliations = {(fact.person.id, fact.org.id) for fact in best}
    return [fact for fact in facts
            if (id(fact) in kept if isinstance(fact, OfficeHolding) else
                not (isinstance(fact, CallOn)
                     and (fact.speaker.id, fact.target.id) in affiliations))]
