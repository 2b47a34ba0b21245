"""Offices: who holds which role in which organisation ("NATO Secretary General Mark Rutte").

Read from the role references `link.py` found, so no trigger words. Runs
before the rules that need to know whom an official speaks for.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Span, Token

from natokg.extraction.context import Context
from natokg.extraction.registry import document_relation
from natokg.extraction.triggers import Found
from natokg.linked import RoleRef
from natokg.model import Entity, OfficeHolding
from natokg.nlp import surface_key

_APPOSITION_CONFIDENCE = 0.9  # "Mark Rutte, NATO's Secretary General"
_HOLDER_CONFIDENCE = 0.85  # the holder the gazetteer knows for the role


@document_relation("offices", triggers={}, confidence=0.95)
def offices(ctx: Context, triggered: Found) -> Iterator[OfficeHolding]:
    """One fact per office named; an official speaking for their own organisation is
    then not "calling on" it."""
    found = list(unique_offices(_office_holdings(ctx, triggered.confidence)))
    ctx.affiliations = {(o.person.id, o.org.id) for o in found}
    ctx.offices_held = {(o.person.id, o.role.id, o.org.id) for o in found}
    yield from found


def _office_holdings(ctx: Context, title_confidence: float) -> Iterator[OfficeHolding]:
    for ref in ctx.linked.roles:
        if ref.org is None or _former(ctx, ref):
            continue
        person, rule, confidence = _office_person(ctx, ref, title_confidence)
        if person is None:
            continue
        sent = ctx.sentence_of(ref.start)
        yield OfficeHolding(
            person=person,
            role=ref.role,
            org=ref.org,
            evidence=ctx.evidence(sent, rule, confidence),
            title=_title(ctx.doc[_written_start(ctx, ref) : ref.end], ref.role),
        )


_PAST = {"former", "ex", "late"}


def _former(ctx: Context, ref: RoleRef) -> bool:
    """ "former President Trump", "the ex-prime minister", "former Polish Prime Minister
    X": an office no longer held."""
    i = ref.start - 1
    while i >= 0 and (ctx.doc[i].text == "-" or ctx.doc[i].dep_ in ("amod", "compound")):
        if ctx.doc[i].lower_ in _PAST:
            return True
        i -= 1
    return False


def _office_person(
    ctx: Context, ref: RoleRef, title_confidence: float
) -> tuple[Entity | None, str, float]:
    if ref.named is not None:  # a name beside the title, else one in apposition
        beside = ref.end < len(ctx.doc) and not ctx.doc[ref.end].is_punct
        if beside:
            return ref.named, "office-title", title_confidence
        return ref.named, "office-apposition", _APPOSITION_CONFIDENCE
    if ref.holder is not None:
        return ref.holder, "office-holder", _HOLDER_CONFIDENCE
    return None, "", 0.0


# Adjectives that say whose office a title is ("presidential spokesperson").
_OFFICE_ADJECTIVES = {"presidential", "ministerial", "royal", "parliamentary", "military",
                      "governmental", "executive", "senior"}  # "an executive vice-president"


def _written_start(ctx: Context, ref: RoleRef) -> int:
    """Where a title as written starts: at an adjective saying whose office it is
    ("presidential spokesperson") or at the place its organisation is named by ("Kremlin
    spokesman", "White House spokesperson"), which are part of the title, unlike the
    organisation's own name or demonym ("NATO Secretary General", "Russian president")."""
    start = ref.start
    while start > 0 and (ctx.doc[start - 1].lower_ in _OFFICE_ADJECTIVES
                         or _title_modifier(ctx, ctx.doc[start - 1], start, ref.end)):
        start -= 1
    before = ctx.linked.link_at(ctx.doc[start - 1]) if start > 0 else None
    if before is None or before.end != start or ref.org is None:
        return start
    written = ctx.doc[before.start : before.end]
    metonym = (written.root.pos_ == "PROPN" and written.root.ent_type_ != "NORP"
               and not written.text.isupper()
               and surface_key(written.text) != surface_key(ref.org.label))
    return before.start if metonym else start


def _title_modifier(ctx: Context, token: Token, start: int, end: int) -> bool:
    """ "national security spokesman", "foreign ministry spokesman": lower-case nouns (and
    the adjectives on them) that say what an office is for, part of its title."""
    inside = start <= token.head.i < end
    noun = token.dep_ == "compound" and token.pos_ == "NOUN"
    adjective = token.dep_ == "amod" and token.head.dep_ == "compound" and token.i + 1 == start
    return (inside and token.is_lower and (noun or adjective)
            and ctx.linked.link_at(token) is None)


def _title(span: Span, role: Entity) -> str | None:
    """The title as written, without an organisation inside it ("US Secretary of State")."""
    words = [t for t in span if not t.is_upper and t.lower_ not in ("'s", "’s")]  # US, NATO
    title = " ".join("".join(t.text_with_ws for t in words).split())  # "vice-president"
    if not title or set(surface_key(title).split()) <= set(surface_key(role.label).split()):
        return None  # the label says it all ("Chair of the Military Committee")
    return title


def unique_offices(holdings: Iterable[OfficeHolding]) -> Iterator[OfficeHolding]:
    """One fact per person, role and organisation in an article: the best-evidenced one."""
    best: dict[tuple[str, str, str], OfficeHolding] = {}
    for fact in holdings:
        key = (fact.person.id, fact.role.id, fact.org.id)
        if key not in best or fact.evidence.confidence > best[key].evidence.confidence:
            best[key] = fact
    yield from best.values()
