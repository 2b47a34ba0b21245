"""Reading spaCy's dependency parse: a token's children, a clause's text, what is asserted."""

from __future__ import annotations

import itertools
import re

from spacy.tokens import Token

from natokg.extraction.quotes import QUOTE_MARKS

_CONDITION_MARKERS = {"if", "unless", "whether", "should"}


def child_of(token: Token, deps: tuple[str, ...]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def prep_objects(token: Token, preps: tuple[str, ...]) -> list[Token]:
    return [
        obj
        for prep in token.children
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]


def subject_above(token: Token) -> Token | None:
    """ "Moscow seeks to destabilise", "they work together to undermine": the subject of
    the verb an infinitive depends on."""
    purpose = token.dep_ == "advcl" and any(c.lower_ == "to" for c in token.children)
    if token.dep_ == "xcomp" or purpose:
        return child_of(token.head, ("nsubj",))
    return None


def marker_of(clause: Token) -> str:
    marker = child_of(clause, ("mark",))
    return marker.lower_ if marker is not None else ""


def has_modal(verb: Token, modals: tuple[str, ...]) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in modals for c in verb.children)


def is_infinitive(verb: Token) -> bool:
    """ "to spend", "to help train": a verb with its infinitive marker."""
    return has_modal(verb, ("to",))


def asserted(token: Token) -> bool:
    """False when the text denies or only supposes it: "not an adversary", "if we cannot …".
    A subject's verb denies what is said of it, not that it exists: "Putin's aggression is
    not limited to Ukraine" asserts the aggression."""
    own_verb = _own_verb(token) if token.pos_ in ("NOUN", "PROPN") else None
    for node in (token, *list(token.ancestors)[:3]):
        if node != own_verb and any(c.dep_ == "neg" for c in node.children):
            return False
        if any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKERS for c in node.children):
            return False
        if node.dep_ in ("ROOT", "ccomp") and node is not token:
            break
        if node == own_verb and node.dep_ == "conj" and _has_subject(node):
            break  # "Russia is not going away and its aggression is growing": a clause of its own
    return True


def _has_subject(verb: Token) -> bool:
    """Whether a verb has a subject of its own (spaCy hangs some on its auxiliary)."""
    return any(c.dep_ in ("nsubj", "nsubjpass") for v in (verb, *verb.children)
               if v == verb or v.dep_ in ("aux", "auxpass") for c in v.children)


def _own_verb(subject: Token) -> Token | None:
    """The verb a subject noun is the subject of (past an auxiliary it hangs from)."""
    if subject.dep_ not in ("nsubj", "nsubjpass"):
        return None
    head = subject.head
    return head.head if head.dep_ in ("aux", "auxpass") else head


def clause_text(verb: Token, aside: bool = True) -> str:
    """A clause as a demand: the verb's base form and what follows it, no subject or modal
    (without `aside`, nor what follows a dash: "spend more – a point his aides repeat")."""
    skip = {
        t.i
        for c in verb.children
        if c.dep_
        in ("nsubj", "nsubjpass", "aux", "auxpass", "mark", "punct", "advcl", "cc", "conj")
        for t in c.subtree
    }
    words = [t for t in verb.subtree if t.i >= verb.i and t.i not in skip]
    dash = next((t.i for t in verb.subtree if t.i > verb.i and t.text in ("–", "—")), None)
    if not aside and dash is not None:
        words = [t for t in words if t.i < dash]
    if not words:
        return ""
    negated = any(c.dep_ == "neg" for c in verb.children)  # "urged Hungary not to block"
    return ("not " if negated else "") + _join_tokens(words, base=True)


def phrase(token: Token, skip: set[int] | None = None) -> str:
    """A noun phrase's text without its leading article (and without `skip` tokens)."""
    words = [
        t
        for t in token.subtree
        if t.i not in (skip or set())
        and not (t.dep_ == "det" and t.i == token.left_edge.i)
        and t.text not in QUOTE_MARKS
        and t.text not in ("’", "'")
    ]
    return re.sub(r"\s+", " ", _join_tokens(words)).strip(" ,.;:")


def _join_tokens(tokens: list[Token], base: bool = False) -> str:
    """Tokens as text, with a space wherever the original had one or a word was left out."""
    if not tokens:
        return ""
    parts = [tokens[0].lemma_ if base else tokens[0].text]
    for previous, token in itertools.pairwise(tokens):
        gap = previous.whitespace_ if token.i == previous.i + 1 else " "
        parts.append((gap or "") + token.text)
    return "".join(parts).strip().strip('“”"')
