"""`natokg ask`: an English question mapped to a canned query and its parameters.

The mapping is rules, not a language model, so it is deterministic, offline,
instant, and can say exactly what it did: keywords (matched on word stems, so
"invited", "invitation" and "invite" are one rule) choose the query, and the
gazetteer recognises the names in the question ("Vilnius", "Korea",
"Stoltenberg") and turns them into the query's parameters. A question no rule
covers is refused with examples, never answered with a guess.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from natokg.errors import NatokgError
from natokg.facts import FACT_TYPES
from natokg.gazetteer import Gazetteer, load_gazetteer
from natokg.model import Kind
from natokg.store import Results

__all__ = ["EXAMPLES", "AskError", "Interpretation", "ask", "interpret"]

StorePath = str | os.PathLike[str] | None

log = logging.getLogger(__name__)


class AskError(NatokgError):
    """A question natokg cannot map to one of its canned queries."""


# Which words point at which query: each fact type's words (`facts.py`, in
# its order, which also breaks ties: "which partners were invited to the
# summit?" names partners and a summit too, but the invitation is what it asks
# about), then those of the queries about entities rather than facts.
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    *((t.ask.query, t.ask.patterns) for t in FACT_TYPES if t.ask is not None),
    ("summits", (r"\bsummits?\b",)),
    ("partners", (r"\bpartner\w*",)),
    ("allies", (r"\ball(?:y|ies)\b", r"\bmembers?\b", r"\bmembership\b")),
    ("documents", (r"\barticles?\b", r"\bdocuments?\b", r"\bsources?\b")),
)


@dataclass(frozen=True)
class Slot:
    """A parameter a name in the question can fill: of which kinds, after which words."""

    param: str
    kinds: frozenset[Kind]
    cues: frozenset[str] | None = None  # the word before the name must be one of these


_PLACES = frozenset({Kind.CITY, Kind.COUNTRY})
_STATES = frozenset({Kind.COUNTRY, Kind.ORGANISATION, Kind.GROUP})
_PERSON = frozenset({Kind.PERSON})
# The object of a call or a commitment follows one of these ("called on Iran",
# "pledged to Ukraine"); an uncued state is its speaker or donor.
_CALLED = frozenset({"on", "urge", "urged", "urges", "urging", "of", "demand", "demanded"})
_HELPED = frozenset({"to", "for", "towards", "support", "supporting", "help", "helping", "aid"})
# Which names fill which parameters of which query, tried in order: a name
# fills the first free slot it fits.
SLOTS: dict[str, tuple[Slot, ...]] = {
    "partners-invited": (Slot("summit", frozenset({Kind.SUMMIT, Kind.CITY})),
                         Slot("invitee", _STATES)),
    "summits": (Slot("summit", frozenset({Kind.SUMMIT, Kind.CITY})),),
    "meetings": (Slot("place", _PLACES),),
    "officials": (Slot("name", _PERSON), Slot("office", frozenset({Kind.ROLE})),
                  Slot("org", _STATES)),
    "statements": (Slot("speaker", _PERSON),),
    "calls-on": (Slot("target", _STATES, _CALLED), Slot("by", _PERSON | _STATES)),
    "commitments": (Slot("beneficiary", _STATES, _HELPED), Slot("by", _STATES)),
    "threats": (Slot("name", _STATES),),
    "allies": (Slot("name", frozenset({Kind.COUNTRY})),),
    "partners": (Slot("name", _STATES),),
    "sanctions": (Slot("target", _STATES, frozenset({"on", "against"})), Slot("by", _STATES)),
}
# Queries whose answers have a year, and the one whose quotes have a topic.
_YEARS = {"partners-invited", "summits", "meetings"}
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_TOPIC = re.compile(r"\b(?:about|regarding|concerning|on the subject of)\s+(?:the\s+)?"
                    r"(.+?)\s*[?.!]*$", re.I)
# Names that are the subject of every NATO question, not a filter on it.
_NOT_FILTERS = {"nato", "allies"}

EXAMPLES = (
    "which partners were invited to the Vilnius summit?",
    "which summits are mentioned, where and when?",
    "which meetings took place in Brussels?",
    "who is Stoltenberg?",
    "which NATO allies are mentioned?",
    "which partner countries are mentioned?",
    "what was pledged to Ukraine?",
    "whom did the Secretary General call on?",
    "who is described as a threat?",
    "what did Rutte say about Ukraine?",
    "which summits took place in 2024?",
)

_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*\.?", re.UNICODE)
_CONFIDENCE = re.compile(
    r"confiden\w*\s+(?:of\s+|at\s+least\s+|above\s+|over\s+|>=?\s*|≥\s*)*"
    r"(\d+(?:\.\d+)?|\.\d+)\s*(%|percent)?"
    r"|(\d+(?:\.\d+)?|\.\d+)\s*(%|percent)?\s+confiden",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Name:
    """A gazetteer entity named in the question, and the word before it."""

    entity_id: str
    label: str
    kind: Kind
    text: str
    before: str


@dataclass(frozen=True)
class Interpretation:
    """What a question was taken to ask: a canned query, its parameters, names left unused."""

    question: str
    query: str
    params: dict[str, str] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()

    def command(self) -> str:
        """The equivalent `natokg query` command, to learn from or to script."""
        args = "".join(f" --param {k}={_shell(v)}" for k, v in self.params.items())
        return f"natokg query {self.query}{args}"


def _shell(value: str) -> str:
    return value if re.fullmatch(r"[\w.,-]+", value) else "'" + value.replace("'", "'\\''") + "'"


def interpret(question: str, gazetteer: Gazetteer | None = None) -> Interpretation:
    """Map an English question to a canned query and parameters, or raise `AskError`."""
    text = " ".join(question.split())
    query = choose_query(text)
    if query is None:
        raise AskError(
            f"I cannot tell which of natokg's questions “{text}” asks; try one of: "
            + "; ".join(f"“{e}”" for e in EXAMPLES)
            + " (or `natokg queries` for the full list)"
        )
    topic = _TOPIC.search(text) if query == "statements" else None
    asked = text[: topic.start()] if topic else text
    params, ignored = _parameters(query, find_names(asked, gazetteer or load_gazetteer()))
    if topic:
        params["about"] = topic.group(1)
    year = _YEAR.search(text) if query in _YEARS else None
    if year:
        params["year"] = year.group()
    confidence = _min_confidence(text)
    if confidence is not None:
        params["min_confidence"] = confidence
    return Interpretation(text, query, params, tuple(ignored))


def choose_query(text: str) -> str | None:
    """The query whose keywords the question uses most (earlier rules win ties)."""
    lowered = text.lower()
    best, best_score = None, 0
    for name, patterns in RULES:
        score = sum(1 for p in patterns if re.search(p, lowered))
        if score > best_score:
            best, best_score = name, score
    return best


def find_names(text: str, gazetteer: Gazetteer) -> list[Name]:
    """Gazetteer names in the text, longest first ("Vilnius Summit" over "Vilnius")."""
    words = [w.rstrip(".").removesuffix("'s").removesuffix("’s") for w in _WORD.findall(text)]
    found, i = [], 0
    while i < len(words):
        for n in range(min(8, len(words) - i), 0, -1):
            name = _lookup(" ".join(words[i : i + n]), gazetteer, words[i - 1] if i else "")
            if name:
                found.append(name)
                i += n
                break
        else:
            i += 1
    return found


def _lookup(text: str, gazetteer: Gazetteer, before: str) -> Name | None:
    aliases = gazetteer.lookup(text) or gazetteer.lookup(text.removeprefix("the "))
    if not aliases:
        return None
    # A capital names its city before its country's government ("Vilnius" → Vilnius).
    alias = min(aliases, key=lambda a: a.form == "capital")
    entity = gazetteer.get(alias.entity_id)
    return Name(entity.id, entity.label, entity.kind, text, before.lower())


def _parameters(query: str, names: Iterable[Name]) -> tuple[dict[str, str], list[str]]:
    """Fill the query's slots from the names that fit them; report the names left over."""
    slots = SLOTS.get(query, ())
    params: dict[str, str] = {}
    ignored: list[str] = []
    for name in names:
        if name.entity_id in _NOT_FILTERS or name.kind == Kind.CONCEPT:
            continue
        slot = next((s for s in slots if s.param not in params and name.kind in s.kinds
                     and (s.cues is None or name.before in s.cues)), None)
        if slot is not None:
            params[slot.param] = _filter_value(name)
        elif name.kind != Kind.ROLE and name.label not in ignored:
            ignored.append(name.label)
    return params, ignored


def _filter_value(name: Name) -> str:
    """The text a label filter should contain: "Vilnius" for the Vilnius Summit."""
    if name.kind == Kind.SUMMIT:
        return name.label.removesuffix(" Summit")
    return name.label


def _min_confidence(text: str) -> str | None:
    """ "with confidence at least 0.8", "80% confident"; "high confidence" means 0.8."""
    match = _CONFIDENCE.search(text)
    if match:
        number, percent = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
        value = float(number)
        if percent or value > 1:
            value /= 100
        return f"{min(value, 1.0):g}"
    if re.search(r"\bhigh(?:ly)?\s+confiden", text, re.IGNORECASE):
        return "0.8"
    return None


def ask(
    question: str, store: StorePath = None, endpoint: str | None = None
) -> tuple[Interpretation, Results]:
    """Interpret the question and run the chosen query on the store."""
    from natokg.api import run_query
    from natokg.queries import load_query

    interpretation = interpret(question)
    log.info("asked %r: running %s with %s", question, interpretation.query, interpretation.params)
    results = run_query(load_query(interpretation.query), interpretation.params, store, endpoint)
    return interpretation, results
