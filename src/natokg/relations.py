"""Relations read from sentence structure: who did what to whom, and who said it.

Each rule reads the dependency parse of one sentence (or one quotation), with
the links `link.py` found, and yields plain facts (`model.py`). Rules look for
the grammar of news ("X called on Y to Z", "X has invited the leaders of A and
B to the Summit", "deals worth 10 billion dollars for ammunition", "“…,” he
said"), never for words anywhere in the document, and skip what the text does
not assert: negated clauses ("China is not an adversary") and conditions ("if
we cannot stop Russia …").

Every fact carries its `Evidence`: the sentence, its character offsets, the
rule that produced it and a confidence (the rule's own, times the linking
confidence of the entities it relies on).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import numpy as np
from spacy.attrs import LEMMA, LIKE_NUM, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from natokg.dates import resolve
from natokg.link import LinkedDoc, RoleRef
from natokg.model import (
    CallOn,
    Commitment,
    Entity,
    EventHeld,
    Evidence,
    Extraction,
    Fact,
    Invitation,
    Kind,
    Mention,
    OfficeHolding,
    PartialDate,
    Quote,
    Threat,
)
from natokg.nlp import surface_key

REPORTING_VERBS = {
    "say",
    "add",
    "stress",
    "note",
    "underline",
    "underscore",
    "emphasise",
    "emphasize",
    "warn",
    "highlight",
    "reiterate",
    "tell",
    "state",
    "declare",
    "explain",
    "insist",
    "argue",
    "conclude",
    "remark",
    "affirm",
    "observe",
    "comment",
    "acknowledge",
    "recall",
    "write",
    "point",
    "welcome",
    "urge",
    "call",
    "ask",
    "continue",
    "assure",
}
SPEAKER_KINDS = (Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY)
ACTOR_KINDS = (Kind.COUNTRY, Kind.ORGANISATION, Kind.GROUP, Kind.CONCEPT)

# Verbs of an outcome rather than an action: "Ukraine must prevail" is a hope, not a demand.
_OUTCOME_VERBS = {"prevail", "win", "succeed", "be", "have", "lose", "fail", "survive", "get"}
_DEMAND_VERBS = {"demand", "insist", "urge", "ask", "call", "request", "propose"}
_URGE_VERBS = {"urge", "press", "ask", "encourage", "implore", "exhort", "request", "invite"}
_NECESSITY_ADJECTIVES = {
    "vital",
    "important",
    "essential",
    "crucial",
    "imperative",
    "necessary",
    "critical",
    "urgent",
}
_CONDITION_MARKERS = {"if", "unless", "whether", "should"}

THREAT_NOUNS = {
    "threat",
    "challenge",
    "aggression",
    "aggressor",
    "adversary",
    "competitor",
    "war",
    "attack",
    "invasion",
    "menace",
    "danger",
    "rival",
    "provocation",
    "enabler",
}
THREAT_VERBS = {
    "threaten",
    "destabilise",
    "destabilize",
    "attack",
    "invade",
    "undermine",
    "intimidate",
    "coerce",
    "challenge",
    "menace",
    "strike",
    "bomb",
    "violate",
}
# "describes Russia as the most significant and direct threat", "sees China as a challenge".
_DESCRIBING_VERBS = {"describe", "call", "label", "name", "designate", "see", "regard", "view",
                     "consider", "identify", "brand", "characterise", "characterize"}
RIVALRY_NOUNS = {"competition", "rivalry", "confrontation", "conflict"}
_CONCERN_NOUNS = {"concern", "concerns", "alarm", "fear"}

COMMITMENT_NOUNS = {
    "pledge",
    "deal",
    "package",
    "commitment",
    "contract",
    "spending",
    "investment",
    "purchase",
    "support",
    "assistance",
    "aid",
    "funding",
    "contribution",
    "loan",
    "grant",
    "donation",
    "fund",
    "provision",
}
COMMIT_VERBS = {
    "pledge",
    "commit",
    "agree",
    "announce",
    "approve",
    "provide",
    "give",
    "allocate",
    "spend",
    "purchase",
    "buy",
    "invest",
    "sign",
    "endorse",
    "deliver",
    "donate",
    "contribute",
    "earmark",
    "finance",
    "fund",
    "offer",
    "reaffirm",
    "take",
    "add",
    "increase",
    "boost",
    "adopt",
    "launch",
    "unveil",
    "send",
}
_SUPPORT_WORDS = {"support", "assistance", "aid", "training", "help"}
# Verbs whose infinitive is a commitment: "agreed to purchase", "pledged to invest".
_PROMISE_VERBS = {"agree", "pledge", "commit", "promise", "decide", "undertake", "vow"}
# Verbs that commit when something goes "to" a recipient: "will deliver a Patriot system to
# Ukraine".
_DELIVERY_VERBS = {"deliver", "send", "provide", "donate", "supply", "transfer", "give"}

CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "¥": "JPY",
    "yen": "JPY",
    "jpy": "JPY",
    "cad": "CAD",
    "aud": "AUD",
    "nok": "NOK",
    "sek": "SEK",
    "dkk": "DKK",
    "pln": "PLN",
    "zloty": "PLN",
    "zlotys": "PLN",
    "chf": "CHF",
    "francs": "CHF",
    "hryvnias": "UAH",
    "uah": "UAH",
    "won": "KRW",
    "lira": "TRY",
    "liras": "TRY",
    "rubles": "RUB",
    "roubles": "RUB",
}
_DOLLAR_COUNTRY = {
    "australian": "AUD",
    "canadian": "CAD",
    "new zealand": "NZD",
    "nz": "NZD",
    "us": "USD",
    "u.s.": "USD",
    "american": "USD",
    "a$": "AUD",
    "c$": "CAD",
}
SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}
_AMOUNT = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion|mn|bn|tn|m|b)?\b", re.IGNORECASE
)
_QUOTE_MARKS = '“”"„«»'


@dataclass(frozen=True)
class QuoteSpan:
    """A quotation's character offsets, without its quote marks."""

    start: int
    end: int


class Extractor:
    """Runs every relation rule over one linked document."""

    def __init__(self, linked: LinkedDoc) -> None:
        self.linked = linked
        self.doc = linked.doc
        self.document = linked.document
        self.anchor = linked.document.date
        # The text the doc was parsed from (spaCy's tokenizer loses nothing): `Doc.text`
        # would rebuild it from the tokens, and the graph's offsets are into this text.
        self.text = linked.document.text
        self.quotes = find_quotes(self.text)
        self._quote_starts = [q.start for q in self.quotes]
        # spaCy recomputes `doc.sents` and `token.sent` by walking the document on every
        # call; the rules ask thousands of times, so sentences are indexed once here.
        self.sentences = list(self.doc.sents)
        self._entity_at = {i: ent for ent in self.doc.ents for i in range(ent.start, ent.end)}
        self._sentence_ends = [s.end for s in self.sentences]
        self._sentence_end_chars = [s.end_char for s in self.sentences]
        self._quote_speakers: dict[QuoteSpan, Entity] = {}
        self.affiliations: set[tuple[str, str]] = set()
        self.words = Words(self.doc)

    def _candidates(self, sent: Span, positions: np.ndarray) -> Iterator[Token]:
        """The tokens of `sent` at `positions` (sorted token indices), in text order."""
        first, last = np.searchsorted(positions, (sent.start, sent.end))
        for i in positions[first:last].tolist():
            yield self.doc[i]

    # -- the whole document -------------------------------------------------
    def extract(self) -> Extraction:
        extraction = Extraction(document=self.document)
        extraction.mentions = list(self.mentions())
        extraction.facts = list(self.facts())
        extraction.context = list(self.linked.context.values())
        return extraction

    def facts(self) -> Iterator[Fact]:
        yield from self.statements()
        offices = list(_unique_offices(self.office_holdings()))
        # An official speaking for their own organisation is not "calling on" it.
        self.affiliations = {(o.person.id, o.org.id) for o in offices}
        yield from offices
        yield from self.meetings()
        for sent in self.sentences:
            yield from self.invitations(sent)
            yield from self.calls_on(sent)
            yield from self.threats(sent)
            yield from self.commitments(sent)

    def _sentence_ents(self, sent: Span) -> list[Span]:
        return list(dict.fromkeys(
            self._entity_at[i] for i in range(sent.start, sent.end) if i in self._entity_at))

    def _date_ents(self, tokens: Iterable[Token]) -> list[Span]:
        """The DATE/TIME entities the tokens belong to, each once, in text order."""
        found = (self._entity_at.get(t.i) for t in tokens if t.ent_type_ in ("DATE", "TIME"))
        return list(dict.fromkeys(ent for ent in found if ent is not None))

    def sentence_of(self, token_index: int) -> Span:
        return self.sentences[bisect_right(self._sentence_ends, token_index)]

    def sentences_between(self, start: int, end: int) -> list[Span]:
        """The sentences overlapping the characters `start`..`end`."""
        first = bisect_right(self._sentence_end_chars, start)
        found = []
        for sent in self.sentences[first:]:
            if sent.start_char >= end:
                break
            found.append(sent)
        return found

    def evidence(self, sent: Span, rule: str, confidence: float) -> Evidence:
        # Sliced from the text: `Span.text` joins the span's tokens one by one.
        return Evidence(
            sentence=self.text[sent.start_char : sent.end_char].strip(),
            start=sent.start_char,
            end=sent.end_char,
            rule=rule,
            confidence=round(confidence, 3),
        )

    def mentions(self) -> Iterator[Mention]:
        for link in self.linked.links:
            span = self.doc[link.start : link.end]
            yield Mention(
                entity=link.entity,
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                evidence=self.evidence(
                    self.sentence_of(link.start), f"link:{link.rule}", link.confidence
                ),
            )

    # -- helpers shared by the rules ------------------------------------------
    def entities(
        self, token: Token, kinds: tuple[Kind, ...] = ACTOR_KINDS, modifiers: bool = True
    ) -> list[Entity]:
        """The entities a noun phrase names, its conjuncts and "the leaders of X" included
        (and, with `modifiers`, a named modifier of an unnamed head: "Iranian-backed militias")."""
        found: dict[str, Entity] = {}
        for item in (token, *token.conjuncts):
            entity = self.linked.entity_at(item)
            if entity is None and modifiers:
                entity = self._compound_entity(item)
            if entity is not None and entity.kind in kinds:
                found.setdefault(entity.id, entity)
            elif entity is None and item.lemma_.lower() in _PROXY_NOUNS:
                for obj in _prep_objects(item, ("of",)):
                    for inner in self.entities(obj, kinds):
                        found.setdefault(inner.id, inner)
        return list(found.values())

    def _compound_entity(self, token: Token) -> Entity | None:
        """ "Iranian-backed militias", "Iran's support": a named modifier of an unnamed head."""
        for child in token.children:
            if child.dep_ in ("compound", "amod", "nmod", "poss") and (
                e := self.linked.entity_at(child)
            ):
                return e
        return None

    def speaker_of(self, verb: Token) -> Entity | None:
        """Who performs a (reporting) verb: its subject, "he" resolved, or a subject above."""
        for candidate in (verb, *list(verb.ancestors)[:3]):
            if candidate is not verb and candidate.dep_ == "ccomp":
                continue  # "said Russia remains … and called on": the reported clause's subject
            subject = _child(candidate, ("nsubj", "nsubjpass"))
            if subject is None:
                continue
            quote = self.quote_at(subject.idx)
            if subject.lower_ in ("i", "we") and quote is not None:  # the quoted speaker's "we"
                return self._quote_speakers.get(quote)
            if subject.lower_ in ("he", "she", "i"):
                return self.linked.last_person(subject.idx, lambda c: self.quote_at(c) is not None)
            entity = self.linked.entity_at(subject)
            if entity is not None and entity.kind in SPEAKER_KINDS:
                return entity
            return None
        for token in verb.rights:  # "…,” said Mr Stoltenberg
            entity = self.linked.entity_at(token)
            if entity is not None and entity.kind is Kind.PERSON:
                return entity
        return None

    def quote_at(self, char: int) -> QuoteSpan | None:
        """The quotation containing a character offset (quotations never overlap)."""
        i = bisect_right(self._quote_starts, char) - 1
        return self.quotes[i] if i >= 0 and char < self.quotes[i].end else None

    def claimant(self, token: Token) -> Entity | None:
        """Who asserts a clause: the quoted speaker, or the subject of a reporting verb above."""
        quote = self.quote_at(token.idx)
        if quote is not None:
            return self._quote_speakers.get(quote)
        for ancestor in token.ancestors:
            if ancestor.lemma_ in REPORTING_VERBS and ancestor.pos_ == "VERB":
                return self.speaker_of(ancestor)
        return None

    def date_of(self, tokens: Iterable[Token], tense: str | None) -> PartialDate | None:
        """The most precise date among the DATE entities of a clause, read against the dateline."""
        best: PartialDate | None = None
        for ent in self._date_ents(tokens):
            before = self.doc[ent.start - 1].lower_ if ent.start else ""
            text = f"{before} {ent.text}" if before in ("over", "in", "last", "next") else ent.text
            value = resolve(text, self.anchor, tense)  # type: ignore[arg-type]
            if value is not None and (best is None or _finer(value, best)):
                best = value
        return best

    # -- statements -----------------------------------------------------------
    def statements(self) -> Iterator[Quote]:
        previous: tuple[Entity, int] | None = None
        for quote in self.quotes:
            text = self.text[quote.start : quote.end].strip().rstrip(",").strip()
            if len(text.split()) < 2:
                continue
            sents = self.sentences_between(quote.start, quote.end)
            if not sents:
                continue
            found = self._attribution(quote, sents)
            rule, confidence = "quote-attributed", 0.9
            if found is None and previous and _near(self.text, previous[1], quote.start):
                found, rule, confidence = previous[0], "quote-continued", 0.75
            if found is None:
                continue
            self._quote_speakers[quote] = found
            previous = (found, quote.end)
            span = self.doc[sents[0].start : sents[-1].end]
            yield Quote(
                speaker=found,
                text=text,
                start=quote.start,
                end=quote.end,
                evidence=self.evidence(span, rule, confidence),
            )

    def _attribution(self, quote: QuoteSpan, sents: list[Span]) -> Entity | None:
        """The reporting verb nearest the quotation, outside it, in its first or last sentence."""
        verbs: list[tuple[int, Token]] = []
        for sent in {sents[0].start: sents[0], sents[-1].start: sents[-1]}.values():
            for token in self._candidates(sent, self.words.reporting):
                inside = quote.start <= token.idx < quote.end or self.quote_at(token.idx)
                if not inside and token.lemma_ in REPORTING_VERBS and token.pos_ in ("VERB", "AUX"):
                    distance = (
                        quote.start - token.idx
                        if token.idx < quote.start
                        else (token.idx - quote.end)
                    )
                    verbs.append((distance, token))
        for _, verb in sorted(verbs, key=lambda pair: pair[0]):
            speaker = self.speaker_of(verb)
            if speaker is not None:
                return speaker
        return self._according_to(quote, sents)

    def _according_to(self, quote: QuoteSpan, sents: list[Span]) -> Entity | None:
        """“…,” according to Mr Rutte."""
        for token in (t for sent in sents for t in sent):
            if token.lower_ == "according" and not self.quote_at(token.idx):
                for obj in _prep_objects(token, ("to",)) or _prep_objects(token.head, ("to",)):
                    entity = self.linked.entity_at(obj)
                    if entity is not None and entity.kind in SPEAKER_KINDS:
                        return entity
        return None

    # -- officials ------------------------------------------------------------
    def office_holdings(self) -> Iterator[OfficeHolding]:
        for ref in self.linked.roles:
            if ref.org is None:
                continue
            person, rule, confidence = self._office_person(ref)
            if person is None:
                continue
            sent = self.sentence_of(ref.start)
            yield OfficeHolding(
                person=person,
                role=ref.role,
                org=ref.org,
                evidence=self.evidence(sent, rule, confidence),
                title=_title(self.doc[ref.start : ref.end], ref.role),
            )

    def _office_person(self, ref: RoleRef) -> tuple[Entity | None, str, float]:
        after = self.linked.link_at(self.doc[ref.end]) if ref.end < len(self.doc) else None
        if after is not None and after.entity.kind is Kind.PERSON:
            return after.entity, "office-title", 0.95
        root = self.doc[ref.start : ref.end].root
        if root.dep_ == "appos" and (head := self.linked.entity_at(root.head)):
            if head.kind is Kind.PERSON:
                return head, "office-apposition", 0.9
        if ref.holder is not None:
            return ref.holder, "office-holder", 0.85
        return None, "", 0.0

    # -- invitations ----------------------------------------------------------
    def invitations(self, sent: Span) -> Iterator[Invitation]:
        for verb in self._candidates(sent, self.words.invite):
            if verb.lemma_ != "invite" or verb.pos_ != "VERB" or not _asserted(verb):
                continue
            # "invited to the summit", "invited to attend the summit"
            attend = [x for x in verb.children if x.dep_ == "xcomp"]
            places = [o for x in attend for o in (_child(x, ("dobj",)),) if o is not None]
            events = [
                e
                for obj in _prep_objects(verb, ("to", "for")) + places
                for e in self.entities(obj, (Kind.SUMMIT, Kind.MEETING))
            ]
            invitees = [
                self._represented(e)
                for dep in ("dobj", "nsubjpass")
                if (t := _child(verb, (dep,)))
                for e in self.entities(t, (Kind.COUNTRY, Kind.ORGANISATION, Kind.PERSON))
            ]
            invitees = [e for e in invitees if e is not None]
            inviter = self.speaker_of(verb) if _child(verb, ("nsubj",)) else None
            for event in events:
                for invitee in invitees:
                    yield Invitation(
                        invitee=invitee,
                        event=event,
                        inviter=inviter,
                        evidence=self.evidence(sent, "invite-to", 0.9),
                    )

    def _represented(self, entity: Entity) -> Entity | None:
        """The country a leader stands for when invited ("President Zelenskyy" → Ukraine)."""
        if entity.kind is not Kind.PERSON:
            return entity
        for ref in self.linked.roles:
            if ref.holder is None and ref.org is not None and ref.org.kind is Kind.COUNTRY:
                after = self.linked.link_at(self.doc[ref.end]) if ref.end < len(self.doc) else None
                if after is not None and after.entity.id == entity.id:
                    return ref.org
        return self.linked.context.get(entity.country or "") if entity.country else None

    # -- calls on -------------------------------------------------------------
    def calls_on(self, sent: Span) -> Iterator[CallOn]:
        for token in self._candidates(sent, self.words.call):
            found = self._call(token)
            if found is None:
                continue
            speaker, targets, demand, rule = found
            if speaker is None or not demand:
                continue
            for target in targets:
                if target.id != speaker.id and (speaker.id, target.id) not in self.affiliations:
                    yield CallOn(
                        speaker=speaker,
                        target=target,
                        demand=demand,
                        evidence=self.evidence(sent, rule, 0.85),
                    )

    def _call(self, token: Token) -> tuple[Entity | None, list[Entity], str, str] | None:
        lemma = token.lemma_
        if token.pos_ == "VERB" and lemma in ("call", "count") and _asserted(token):
            targets = [
                e for obj in _prep_objects(token, ("on", "upon")) for e in self.entities(obj)
            ]
            demand = _infinitive(token)
            if targets and demand:
                return self.speaker_of(token), targets, demand, f"{lemma}-on"
        if token.pos_ == "VERB" and lemma in _URGE_VERBS and (obj := _child(token, ("dobj",))):
            demand = _infinitive(token)
            targets = self.entities(obj)
            if targets and demand and lemma != "invite":
                return self.speaker_of(token), targets, demand, "urge"
        if token.pos_ == "VERB" and lemma in _DEMAND_VERBS and _asserted(token):
            clause = _child(token, ("ccomp",))  # "demanded that Russia withdraw its troops"
            subject = _child(clause, ("nsubj",)) if clause is not None else None
            if clause is not None and subject is not None and _mark(clause) == "that":
                targets = self.entities(subject)
                if targets:
                    return self.speaker_of(token), targets, _clause_text(clause), "demand-that"
        if token.pos_ in ("VERB", "AUX") and _has_modal(token, ("must", "should")):
            return self._must(token)
        if token.lemma_ in _NECESSITY_ADJECTIVES and (clause := _that_clause(token)):
            if (subject := _child(clause, ("nsubj",))) is not None:
                targets = self.entities(subject)
                return self.claimant(token), targets, _clause_text(clause), "vital-that"
        return None

    def _must(self, verb: Token) -> tuple[Entity | None, list[Entity], str, str] | None:
        subject = _child(verb, ("nsubj",))
        if subject is None or verb.lemma_ in _OUTCOME_VERBS or not _asserted(verb):
            return None
        targets = self.entities(subject)
        if not targets:
            return None
        return self.claimant(verb), targets, _clause_text(verb), "must"

    # -- threats --------------------------------------------------------------
    def threats(self, sent: Span) -> Iterator[Threat]:
        found: dict[str, tuple[Entity, str]] = {}
        for token in self._candidates(sent, self.words.threat):
            for actor, rule in self._threat(token):
                if not _one_of_us(actor) and not (rule == "threat-possessive" and actor.partner):
                    found.setdefault(actor.id, (actor, rule))  # not "Ukraine's war effort"
        for actor, rule in found.values():
            yield Threat(actor=actor, evidence=self.evidence(sent, rule, 0.8))

    def _threat(self, token: Token) -> Iterator[tuple[Entity, str]]:
        lemma = token.lemma_.lower()
        if lemma in THREAT_NOUNS and token.pos_ in ("NOUN", "PROPN") and _asserted(token):
            for child in token.children:
                if child.dep_ == "poss":
                    yield from _tagged(self.entities(child), "threat-possessive")
            for obj in _prep_objects(token, ("of", "from", "by")):
                yield from _tagged(self.entities(obj), "threat-of")
            for acl in token.children:  # "challenges posed by China"
                if acl.dep_ == "acl":
                    for obj in _prep_objects(acl, ("by",)):
                        yield from _tagged(self.entities(obj), "threat-posed-by")
            if token.dep_ in ("attr", "dobj") and token.head.lemma_ in ("be", "remain", "pose"):
                if (subject := _child(token.head, ("nsubj",))) is not None:
                    named = self.entities(subject)
                    if not named and token.head.lemma_ == "pose":  # "the alignment of A, B
                        named = self.entities_with_conjuncts(subject)  # and C poses a threat"
                    yield from _tagged(named, "threat-is")
        if lemma in _DESCRIBING_VERBS and (obj := _child(token, ("dobj",))) is not None:
            for noun in _prep_objects(token, ("as",)) + _prep_objects(obj, ("as",)):
                if noun.lemma_.lower() in THREAT_NOUNS and _asserted(token):
                    yield from _tagged(self.entities(obj), "described-as-threat")
        if lemma in RIVALRY_NOUNS and _asserted(token):
            for obj in _prep_objects(token, ("with",)):
                yield from _tagged(self.entities(obj), "rivalry-with")
        if lemma in THREAT_VERBS and token.pos_ == "VERB" and _asserted(token):
            subject = _child(token, ("nsubj",)) or _subject_above(token)
            if subject is not None:
                yield from _tagged(self.entities(subject), "threat-verb")
        if lemma == "condemn" and (obj := _child(token, ("dobj",))) is not None:
            targets = self.entities(obj) or [
                e for c in obj.children if c.dep_ == "poss" for e in self.entities(c)
            ]
            yield from _tagged(targets, "condemned")
        if lemma == "embolden" and (obj := _child(token, ("dobj",))) is not None:
            yield from _tagged(self.entities_with_conjuncts(obj), "emboldened")
        if lemma in ("raise", "cause") and (obj := _child(token, ("dobj",))) is not None:
            if obj.lemma_ in _CONCERN_NOUNS and (subject := _child(token, ("nsubj",))):
                named = [e for t in subject.subtree for e in [self.linked.entity_at(t)] if e]
                yield from _tagged([e for e in named if e.kind in ACTOR_KINDS], "raises-concern")

    def entities_with_conjuncts(self, token: Token) -> list[Entity]:
        """ "not just Moscow, but also China, Iran, and North Korea": every conjunct."""
        found = self.entities(token)
        for child in token.subtree:
            entity = self.linked.entity_at(child)
            if entity is not None and entity.kind in ACTOR_KINDS and entity not in found:
                found.append(entity)
        return found

    # -- commitments ----------------------------------------------------------
    def commitments(self, sent: Span) -> Iterator[Commitment]:
        anchored: set[int] = set()
        numbers = self._candidates(sent, self.words.numbers)
        for ent in money_spans(sent, self._sentence_ents(sent), numbers):
            if ent is not None:
                commitment = self._money_commitment(sent, ent)
                if commitment is not None:
                    anchored.update(_governing_verbs(ent.root))
                    yield commitment
        for verb in self._candidates(sent, self.words.commit_verbs):
            if verb.lemma_ in COMMIT_VERBS and verb.pos_ == "VERB" and verb.i not in anchored:
                commitment = self._verb_commitment(sent, verb)
                if commitment is not None:
                    yield commitment

    def _money_commitment(self, sent: Span, money: Span) -> Commitment | None:
        before = self.doc[max(money.start - 1, 0) : money.start].text  # "£" left out of "1.5bn"
        amount, currency = parse_money(money.text, before)
        if amount is None:
            return None
        heads = [money.root, *money.root.ancestors]
        if not any(
            h.lemma_ in COMMITMENT_NOUNS | COMMIT_VERBS | {"worth", "include"} for h in heads
        ) or not _asserted(money.root):
            return None
        verb = next((h for h in heads if h.pos_ == "VERB" and h.lemma_ in COMMIT_VERBS), None)
        if verb is not None and (_demanded(verb) or _obliged(verb)):
            return None  # "Allies must spend $1 billion more" is a demand
        noun = next((h for h in heads if h.lemma_ in COMMITMENT_NOUNS), None)
        description = _money_description(money, verb)
        committer = self._committer(verb or money.root.head, sent)
        obj = _child(verb, ("dobj",)) if verb is not None else None
        beneficiary = self._beneficiary([t for t in (noun, obj, money.root) if t is not None])
        if beneficiary is None and verb is not None and verb.lemma_ in _DELIVERY_VERBS:
            beneficiary = self._recipient(verb)  # "provide €40 billion … to Ukraine"
        return Commitment(
            committer=committer,
            description=description,
            amount=amount,
            currency=currency,
            beneficiary=beneficiary,
            evidence=self.evidence(sent, "money-commitment", 0.85),
        )

    def _verb_commitment(self, sent: Span, verb: Token) -> Commitment | None:
        if not _asserted(verb) or _under_necessity(verb) or _demanded(verb) or _obliged(verb):
            return None
        if verb.lemma_ == "take" and not any(
            c.dep_ == "prt" and c.lower_ == "over" for c in verb.children
        ):
            return None
        obj = _child(verb, ("dobj",))
        xcomp = _child(verb, ("xcomp",))
        if obj is not None and _names_commitment(obj):
            description, rule = _phrase(obj), "commit-object"
        elif verb.lemma_ == "spend" and obj is not None:
            description, rule = f"spending {_phrase(obj)}", "spend"
        elif verb.lemma_ in _PROMISE_VERBS and xcomp is not None and xcomp.pos_ == "VERB":
            description, rule = _clause_text(xcomp), f"{verb.lemma_}-to"
        elif verb.lemma_ in _DELIVERY_VERBS and obj is not None and self._recipient(verb):
            description, rule = f"{verb.lemma_} {_phrase(obj)}", "deliver-to"
        else:
            return None
        committer = self._committer(verb, sent)
        beneficiary = self._beneficiary([t for t in (obj, xcomp, verb) if t is not None])
        confidence = 0.8
        if beneficiary is None and _SUPPORT_WORDS & set(description.lower().split()):
            beneficiary, confidence = self._main_partner(), 0.65
        return Commitment(
            committer=committer,
            description=description,
            amount=None,
            currency=None,
            beneficiary=beneficiary,
            evidence=self.evidence(sent, rule, confidence),
        )

    def _recipient(self, verb: Token) -> Entity | None:
        """A country or organisation something is sent "to" ("deliver … to Ukraine")."""
        for obj in _prep_objects(verb, ("to",)):
            found = self.entities(obj, (Kind.COUNTRY, Kind.ORGANISATION), False)
            friends = [e for e in found if e.partner or e.ally_since]  # not "drones to Russia"
            if friends:
                return friends[0]
        return None

    def _committer(self, verb: Token, sent: Span) -> Entity | None:
        """Who commits: "spending from all Allies", the verb's subject, or "NATO's support"."""
        for token in self._candidates(sent, self.words.commitment_nouns):
            if token.lemma_ in COMMITMENT_NOUNS:
                for obj in _prep_objects(token, ("from", "by")):
                    if found := self.entities(obj):
                        return found[0]
        obj = _child(verb, ("dobj",))
        owner = _child(obj, ("poss",)) if obj is not None else None
        if owner is not None and (found := self.entities(owner)):
            return found[0]  # "reaffirmed NATO's support": NATO commits, not the speaker
        for candidate in (verb, *verb.ancestors):
            if candidate.lemma_ in REPORTING_VERBS:
                break  # the reporter is not the committer
            subject = _child(candidate, ("nsubj", "nsubjpass"))
            if subject is not None:
                found = self.entities(subject, (*ACTOR_KINDS, Kind.PERSON))
                if found:
                    return found[0]
                if subject.lower_ in ("it", "they"):  # "the UK said it would provide"
                    return self._reporter(candidate)
                break
        return None

    def _reporter(self, verb: Token) -> Entity | None:
        """The state or organisation that "said"/"announced" the clause `verb` is in."""
        for ancestor in verb.ancestors:
            if ancestor.lemma_ in REPORTING_VERBS | {"announce"}:
                subject = _child(ancestor, ("nsubj",))
                found = self.entities(subject) if subject is not None else []
                return found[0] if found else None
        return None

    def _beneficiary(self, heads: list[Token]) -> Entity | None:
        """The country or organisation a commitment is "for" or "to", within its phrase."""
        for head in heads:
            for prep in head.subtree:
                if prep.dep_ == "prep" and prep.lower_ in ("for", "to"):
                    for obj in (c for c in prep.children if c.dep_ == "pobj"):
                        found = self.entities(obj, (Kind.COUNTRY, Kind.ORGANISATION), False)
                        if found:
                            return found[0]
        return None

    def _main_partner(self) -> Entity | None:
        """The partner country an article talks about most: whom unspecified support is for."""
        counts = Counter(
            link.entity.id
            for link in self.linked.links
            if link.entity.kind is Kind.COUNTRY
            and link.entity.partnerships
            and not link.entity.ally_since
        )
        if not counts:
            return None
        best = counts.most_common(1)[0][0]
        return next(link.entity for link in self.linked.links if link.entity.id == best)

    # -- meetings -------------------------------------------------------------
    def meetings(self) -> Iterator[EventHeld]:
        reports = [r for sent in self.sentences for r in self._meeting_reports(sent)]
        dated: dict[str, list[PartialDate]] = {}
        for label, _place, when, _sent in reports:
            if when is not None:
                dated.setdefault(surface_key(label), []).append(when)
        for label, _place, _when, sent in reports:  # reported, never dated, not ahead:
            key = surface_key(label)  # "At the Defence Ministers' Meeting, he stressed"
            if key not in dated and self.anchor and not _looks_ahead(sent):
                dated[key] = [PartialDate.of(self.anchor)]
        events: dict[str, Entity] = {}
        evidence: dict[str, list[Evidence]] = {}
        for label, place, when, sent in reports:
            key = surface_key(label)
            if when is None and len(set(dated.get(key, []))) == 1:
                when = dated[key][0]
            event_id = _meeting_id(label, when, self.document.id)
            known = events.get(event_id)
            events[event_id] = Entity(
                id=event_id,
                label=label,
                kind=Kind.MEETING,
                from_gazetteer=False,
                place=(known.place if known and known.place else place.id if place else None),
                start=when,
            )
            if place is not None:
                self.linked.context.setdefault(place.id, place)
            evidence.setdefault(event_id, []).append(self.evidence(sent, "meeting", 0.8))
        for event_id, event in events.items():
            for item in evidence[event_id]:
                yield EventHeld(event=event, evidence=item)

    def _meeting_reports(
        self, sent: Span
    ) -> Iterator[tuple[str, Entity | None, PartialDate | None, Span]]:
        for token in self._candidates(sent, self.words.meeting):
            if self.quote_at(token.idx):
                continue
            if token.lemma_ == "meet" and token.pos_ == "VERB":
                subject = _child(token, ("nsubj",)) or (token.head if token.dep_ == "acl" else None)
                label = self._participants(subject) if subject is not None else None
                if label:
                    label = f"{label} meeting{_with_phrase(token)}"
                    yield label, self._place(token), self._when(token), sent
            elif token.lower_ in ("meeting", "ministerial") and token.pos_ in (
                "NOUN", "PROPN", "VERB"):
                label = self._meeting_noun_label(token)
                if label:
                    yield (
                        label,
                        self._place(token) or self._place(token.head),
                        self._when(token),
                        sent,
                    )

    def _meeting_noun_label(self, noun: Token) -> str | None:
        for obj in _prep_objects(noun, ("of",)):
            if label := self._participants(obj):
                return f"{label} meeting"
        compounds = [c for c in noun.children if c.dep_ in ("compound", "poss")]
        if compounds and (label := self._participants(compounds[-1])):
            return f"{label} meeting"
        if noun.dep_ == "dobj" and noun.head.lemma_ in ("hold", "convene", "have"):
            subject = _child(noun.head, ("nsubj",))  # "the Council will hold its meeting"
            if subject is not None and (label := self._participants(subject)):
                return f"{label} meeting"
        return None

    def _participants(self, token: Token) -> str | None:
        """ "(NATO) Foreign Ministers", "National Security Advisers", "the NATO-Ukraine Council"."""
        entity = self.linked.entity_at(token)
        if entity is not None and entity.kind is Kind.ORGANISATION and _is_body(entity.label):
            return entity.label
        if _singular(token) not in _PARTICIPANT_NOUNS or token.tag_ not in ("NNS", "NNPS"):
            return None
        words = [
            t
            for t in token.subtree
            if t.i < token.i
            and t.dep_ in ("compound", "amod")
            and t.head.i >= t.i
            and not (t.ent_type_ == "ORG" and t.lower_ == "nato")
        ]
        if not words or not all(t.pos_ == "PROPN" or t.lower_ in _PORTFOLIOS for t in words):
            return None  # "Foreign Ministers", "defence ministers"; not "several ministers"
        return " ".join(t.text[:1].upper() + t.text[1:] for t in [*words, token])

    def _place(self, token: Token) -> Entity | None:
        """The city "in"/"at" which a meeting is held, wherever the parser hung the phrase
        ("a meeting of defence ministers in Brussels" attaches it to "ministers")."""
        if token.pos_ == "NOUN":
            scope = list(token.subtree)
        else:  # a verb's own phrases: "met in Brussels", "met at NATO Headquarters in Brussels"
            at = [o for o in _prep_objects(token, ("at",))]
            scope = [*token.children, *(t for o in at for t in o.children)]
        for prep in (t for t in scope if t.dep_ == "prep" and t.lower_ in ("in", "at")):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                entity = self.linked.entity_at(obj)
                if entity is not None and entity.kind is Kind.CITY:
                    return entity
        return None

    def _when(self, token: Token) -> PartialDate | None:
        verb = (
            token
            if token.pos_ == "VERB"
            else next((a for a in token.ancestors if a.pos_ == "VERB"), token)
        )
        tense = (
            "future"
            if _has_modal(verb, ("will", "shall"))
            else ("past" if verb.tag_ in ("VBD", "VBN") else None)
        )
        own = self.date_of(token.subtree, tense)
        if own is not None:
            return own
        clause = [t for t in verb.subtree if not self.quote_at(t.idx)]
        return self.date_of(clause, tense)


# -- trigger words ------------------------------------------------------------
def _hashes(words: Iterable[str]) -> np.ndarray:
    return np.array(sorted(get_string_id(word) for word in words), dtype=np.uint64)


_INVITE = _hashes({"invite"})
_CALL = _hashes({"call", "count"} | _URGE_VERBS | _DEMAND_VERBS | _NECESSITY_ADJECTIVES)
_MODALS = _hashes({"must", "should"})
_THREAT_WORDS = frozenset(THREAT_NOUNS | _DESCRIBING_VERBS | RIVALRY_NOUNS | THREAT_VERBS
                          | {"condemn", "embolden", "raise", "cause"})
_COMMIT_VERBS = _hashes(COMMIT_VERBS)
_COMMITMENT_NOUNS = _hashes(COMMITMENT_NOUNS)
_MEET = _hashes({"meet"})
_MEETING = _hashes({"meeting", "ministerial"})
_REPORTING = _hashes(REPORTING_VERBS)


class Words:
    """Where each rule's trigger words occur in a document, found at once in spaCy's arrays.

    Every rule fires only on a few words (the lemma "invite", a verb under
    "must", a number for money); walking every token of every sentence in
    Python for each rule cost more than the rules themselves. Each position
    array lists, in text order, every token on which a rule *can* fire (a
    superset: the rules still check their full conditions).
    """

    def __init__(self, doc: Doc) -> None:
        columns = doc.to_array([LEMMA, LOWER, LIKE_NUM]).reshape(-1, 3)
        lemmas, lowers = columns[:, 0], columns[:, 1]
        self.invite = _where(lemmas, _INVITE)
        self.call = np.union1d(_where(lemmas, _CALL), _modal_heads(doc, _where(lowers, _MODALS)))
        self.threat = _folded(doc, lemmas, _THREAT_WORDS)
        self.commit_verbs = _where(lemmas, _COMMIT_VERBS)
        self.commitment_nouns = _where(lemmas, _COMMITMENT_NOUNS)
        self.numbers = np.flatnonzero(columns[:, 2])
        self.meeting = np.union1d(_where(lemmas, _MEET), _where(lowers, _MEETING))
        self.reporting = _where(lemmas, _REPORTING)


def _where(column: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.isin(column, hashes))


def _folded(doc: Doc, lemmas: np.ndarray, words: frozenset[str]) -> np.ndarray:
    """Tokens whose lower-cased lemma is one of `words` (a proper noun keeps its case)."""
    distinct, inverse = np.unique(lemmas, return_inverse=True)
    strings = doc.vocab.strings
    keep = np.array([strings[int(h)].lower() in words for h in distinct.tolist()], dtype=bool)
    return np.flatnonzero(keep[inverse]) if len(distinct) else distinct.astype(np.intp)


def _modal_heads(doc: Doc, modals: np.ndarray) -> np.ndarray:
    """The verbs a "must"/"should" is the auxiliary of: the candidates of obligation rules."""
    heads = {doc[i].head.i for i in modals.tolist() if doc[i].dep_ == "aux"}
    return np.array(sorted(heads), dtype=np.intp)


# -- quotations ---------------------------------------------------------------
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
        reopened = following.lstrip()[:1] in _QUOTE_MARKS  # the quotation goes on
        doubles = list(_paired_double_quotes(paragraph, reopened))
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
        if char not in _QUOTE_MARKS:
            continue
        if opened is None and char != "”":
            opened = i + 1
        elif opened is not None:
            if i > opened:
                yield opened, i
            opened = None
    if opened is not None and reopened and len(paragraph.rstrip()) > opened:
        yield opened, len(paragraph.rstrip())


def _paired_single_quotes(paragraph: str) -> Iterator[tuple[int, int]]:
    """‘…’ where ‘ starts a word and the closing ’ is not an apostrophe inside one."""
    for match in _SINGLE_QUOTED.finditer(paragraph):
        yield match.start(1), match.end(1)


_SINGLE_QUOTED = re.compile(r"(?:^|(?<=[\s(\[—–-]))‘((?:[^’]|’(?=\w))+?)’(?!\w)")


# -- money --------------------------------------------------------------------
def money_spans(
    sent: Span, ents: Iterable[Span] | None = None, numbers: Iterable[Token] | None = None
) -> list[Span]:
    """Amounts of money in a sentence: the NER's MONEY entities, and the amounts it
    misses or calls CARDINAL ("1.4 billion euros", "400 million euros"), found as a
    number, an optional scale word and a currency word or symbol. A caller that has
    the sentence's number-like tokens indexed passes them as `numbers`."""
    found = [ent for ent in (sent.ents if ents is None else ents) if ent.label_ == "MONEY"]
    taken = {t.i for ent in found for t in ent}
    for token in sent if numbers is None else numbers:
        if not token.like_num or token.i in taken:
            continue
        start, end = token.i, token.i + 1
        while end < sent.end and sent.doc[end].lower_ in SCALES:
            end += 1
        before = sent.doc[start - 1] if start > sent.start else None
        after = sent.doc[end] if end < sent.end else None
        if after is not None and after.lower_ in CURRENCIES and after.text not in "$€£¥":
            end += 1
        elif before is not None and before.text in CURRENCIES:
            start -= 1
        else:
            continue
        if not taken & set(range(start, end)):
            found.append(sent.doc[start:end])
            taken.update(range(start, end))
    return found


def parse_money(text: str, context: str = "") -> tuple[Decimal | None, str | None]:
    """ "10 billion dollars" → (10000000000, "USD"); "€40bn" → (40000000000, "EUR")."""
    match = _AMOUNT.search(text)
    if match is None:
        return None, None
    try:
        value = Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:
        return None, None
    scale = SCALES.get((match.group(2) or "").lower(), 1)
    return value * scale, _currency(text, context)


def _currency(text: str, context: str) -> str | None:
    lowered = f" {context.lower()} {text.lower()} "
    for code in ("a$", "c$", "us$"):
        if code in lowered:
            return {"a$": "AUD", "c$": "CAD", "us$": "USD"}[code]
    for word in re.findall(r"[a-z]+|[$€£¥]", f"{context} {text}".lower()):
        code = CURRENCIES.get(word)
        if code == "USD" and word in ("dollar", "dollars"):
            for prefix, other in _DOLLAR_COUNTRY.items():
                if f" {prefix} dollar" in lowered:
                    return other
        if code:
            return code
    return None


def _money_description(money: Span, verb: Token | None) -> str:
    """What the money is for: "industry deals for ammunition", "purchase of weapons …".

    Built from the committing verb's object and the "for …" purpose, leaving
    out the amount itself (it has columns of its own).
    """
    skip = {t.i for t in money} | {t.i for t in money.root.subtree}
    obj = _child(verb, ("dobj",)) if verb is not None else None
    purpose = _purpose(money)
    parts = []
    if obj is not None and obj.i in skip:  # "committed 400 million euros": money is the object
        obj = (
            None
            if purpose
            else next(
                (
                    t
                    for t in money.sent
                    if t.lemma_ in COMMITMENT_NOUNS and t.pos_ == "NOUN" and t.i not in skip
                ),
                None,
            )
        )
    if obj is not None and not _included(money):
        text = _phrase(obj, skip | {t.i for t in obj.subtree if t.lower_ == "worth"})
        parts.append(f"{verb.lemma_} {text}" if text.startswith("of ") and verb else text)
    if purpose and not any(purpose in part for part in parts):
        parts.append(f"for {purpose}" if parts else purpose)
    if not parts and verb is not None:  # "pledged 40 billion euros in military support"
        return f"{verb.lemma_} {_phrase(money.root)}"
    return " ".join(parts) or money.text


def _included(money: Span) -> bool:
    """ "…, including 5.5 billion dollars for …": a part of a larger commitment."""
    return money.root.head.lower_ == "including"


def _purpose(money: Span) -> str:
    """The "for X" after an amount, however the parser attached it."""
    objects = _prep_objects(money.root, ("for",))
    after = money.doc[money.end] if money.end < len(money.doc) else None
    if not objects and after is not None and after.lower_ == "for":
        objects = [c for c in after.children if c.dep_ == "pobj"]
    return " ".join(_phrase(o) for o in objects)


# -- meetings -----------------------------------------------------------------
_PARTICIPANT_NOUNS = {
    "minister",
    "adviser",
    "advisor",
    "leader",
    "chief",
    "ambassador",
    "representative",
    "director",
    "head",
    "commander",
    "secretary",
    "official",
    "envoy",
    "delegate",
    "counterpart",
    "parliamentarian",
}
_PROXY_NOUNS = {
    "leader",
    "head",
    "government",
    "representative",
    "delegation",
    "people",
    "president",
    "minister",
    "force",
    "authority",
    "militia",
    "proxy",
}


# Portfolios that name a ministerial meeting in lower case ("a meeting of defence ministers").
_PORTFOLIOS = {"defence", "defense", "foreign", "finance", "interior", "economy", "energy",
               "trade", "justice", "health", "national", "security", "chiefs", "military"}


def _singular(token: Token) -> str:
    """ "Advisers" → "adviser": spaCy leaves proper-noun plurals unlemmatised."""
    word = token.lower_
    return word[:-1] if token.tag_ in ("NNS", "NNPS") and word.endswith("s") else word


def _is_body(label: str) -> bool:
    return any(w in label for w in ("Council", "Commission", "Committee", "Assembly", "Board"))


def _with_phrase(verb: Token) -> str:
    """ "… will meet with their Indo-Pacific partners": part of what the meeting is; a
    person met with ("with Minister Umerov") is not."""
    objects = [o for o in _prep_objects(verb, ("with",)) if o.ent_type_ != "PERSON"]
    return f" with {_phrase(objects[0])}" if objects else ""


def _meeting_id(label: str, when: PartialDate | None, doc_id: str) -> str:
    """Dated meetings are shared across articles; undated ones stay the article's own."""
    slug = re.sub(r"[^a-z0-9]+", "-", surface_key(label).replace("nato ", "")).strip("-")
    return f"meeting-{slug}-{when.isoformat() if when else doc_id}"


# -- small parse helpers ------------------------------------------------------
def _child(token: Token, deps: tuple[str, ...]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _prep_objects(token: Token, preps: tuple[str, ...]) -> list[Token]:
    return [
        obj
        for prep in token.children
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]


def _subject_above(token: Token) -> Token | None:
    """ "Moscow seeks to destabilise", "they work together to undermine": the subject of
    the verb an infinitive depends on."""
    purpose = token.dep_ == "advcl" and any(c.lower_ == "to" for c in token.children)
    if token.dep_ == "xcomp" or purpose:
        return _child(token.head, ("nsubj",))
    return None


def _mark(clause: Token) -> str:
    marker = _child(clause, ("mark",))
    return marker.lower_ if marker is not None else ""


def _has_modal(verb: Token, modals: tuple[str, ...]) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in modals for c in verb.children)


def _asserted(token: Token) -> bool:
    """False when the text denies or only supposes it: "not an adversary", "if we cannot …"."""
    for node in (token, *list(token.ancestors)[:3]):
        if any(c.dep_ == "neg" for c in node.children):
            return False
        if any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKERS for c in node.children):
            return False
        if node.dep_ in ("ROOT", "ccomp") and node is not token:
            break
    return True


def _that_clause(adjective: Token) -> Token | None:
    """The clause of "it is vital that X does Y", attached to the adjective or to "is"."""
    clause = _child(adjective, ("ccomp",))
    if clause is None and adjective.dep_ == "acomp":
        clause = _child(adjective.head, ("ccomp",))
    return clause


def _demanded(verb: Token) -> bool:
    """ "urged Allies to deliver more": a demand, not yet anybody's commitment."""
    return any(a.lemma_ in _URGE_VERBS | {"call", "count", "want", "need"} for a in verb.ancestors)


def _one_of_us(entity: Entity) -> bool:
    """An Ally, NATO, its bodies or the EU: never what NATO news calls a threat."""
    return bool(entity.ally_since) or entity.id in ("nato", "allies", "european-union") or (
        entity.org == "nato")


def _governing_verbs(token: Token) -> Iterator[int]:
    """The verbs an amount belongs to ("agreed to purchase $120 billion of …"), up to a
    coordination: in "will send launchers and announced a €700 million package" the
    sending is a commitment of its own."""
    node = token
    while node.dep_ != "ROOT" and node.dep_ != "conj":
        node = node.head
        if node.pos_ == "VERB":
            yield node.i


def _looks_ahead(sent: Span) -> bool:
    """A sentence about the future ("will meet", "next month"), where the article's own
    date cannot stand in for an event's."""
    return any(t.lower_ in ("will", "shall", "next", "upcoming", "ahead") or
               (t.lower_ == "to" and t.head.pos_ == "VERB" and t.dep_ == "aux"
                and t.head.lemma_ in ("meet", "hold", "convene")) for t in sent)


def _obliged(verb: Token) -> bool:
    """ "Allies must spend more": an obligation stated, not a commitment made."""
    return _has_modal(verb, ("must", "should")) or any(
        _has_modal(a, ("must", "should")) for a in verb.ancestors if a.dep_ != "ccomp")


def _under_necessity(verb: Token) -> bool:
    """ "It is vital that Congress agrees …" is a demand, not a commitment."""
    return any(a.lemma_ in _NECESSITY_ADJECTIVES for a in verb.ancestors)


def _names_commitment(token: Token) -> bool:
    """A commitment noun, or one reached through "of" ("provision of … assistance")."""
    if token.lemma_ in COMMITMENT_NOUNS:
        return True
    return any(t.lemma_ in COMMITMENT_NOUNS for t in token.subtree if t.dep_ in ("pobj", "conj"))


def _infinitive(verb: Token) -> str:
    """The demand of "call on X to do Y" / "urge X to do Y": "do Y"."""
    for child in verb.children:
        if child.dep_ in ("xcomp", "advcl", "ccomp") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children
        ):
            return _clause_text(child)
    for obj in _prep_objects(verb, ("on", "upon")):
        for child in obj.children:
            if child.dep_ in ("acl", "relcl", "xcomp"):
                return _clause_text(child)
    return ""


def _clause_text(verb: Token) -> str:
    """A clause as a demand: the verb's base form and what follows it, no subject or modal."""
    skip = {
        t.i
        for c in verb.children
        if c.dep_
        in ("nsubj", "nsubjpass", "aux", "auxpass", "mark", "punct", "advcl", "cc", "conj")
        for t in c.subtree
    }
    words = [t for t in verb.subtree if t.i >= verb.i and t.i not in skip]
    if not words:
        return ""
    negated = any(c.dep_ == "neg" for c in verb.children)  # "urged Hungary not to block"
    return ("not " if negated else "") + _join(words, base=True)


def _phrase(token: Token, skip: set[int] | None = None) -> str:
    """A noun phrase's text without its leading article (and without `skip` tokens)."""
    words = [
        t
        for t in token.subtree
        if t.i not in (skip or set())
        and not (t.dep_ == "det" and t.i == token.left_edge.i)
        and t.text not in _QUOTE_MARKS
        and t.text not in ("’", "'")
    ]
    return re.sub(r"\s+", " ", _join(words)).strip(" ,.;:")


def _join(tokens: list[Token], base: bool = False) -> str:
    """Tokens as text, with a space wherever the original had one or a word was left out."""
    if not tokens:
        return ""
    parts = [tokens[0].lemma_ if base else tokens[0].text]
    for previous, token in itertools.pairwise(tokens):
        gap = previous.whitespace_ if token.i == previous.i + 1 else " "
        parts.append((gap or "") + token.text)
    return "".join(parts).strip().strip('“”"')


def _finer(a: PartialDate, b: PartialDate) -> bool:
    order = {"year": 0, "month": 1, "day": 2}
    return order[a.precision] > order[b.precision]


def _near(text: str, previous_end: int, start: int) -> bool:
    """A quotation right after another, with no new speaker between: the same speaker;
    across a paragraph break only when the previous one was left open (it goes on)."""
    between = text[previous_end:start]
    left_open = between.lstrip(" ").startswith("\n")
    return len(between) < 200 and ("\n\n" not in between.strip() or left_open)


def _tagged(entities: list[Entity], rule: str) -> Iterator[tuple[Entity, str]]:
    for entity in entities:
        yield entity, rule


def _title(span: Span, role: Entity) -> str | None:
    """The title as written, without an organisation inside it ("US Secretary of State")."""
    words = [t for t in span if not t.is_upper and t.lower_ not in ("'s", "’s")]  # US, NATO
    title = " ".join(t.text for t in words).strip()
    if not title or set(surface_key(title).split()) <= set(surface_key(role.label).split()):
        return None  # the label says it all ("Chair of the Military Committee")
    return title


def _unique_offices(holdings: Iterable[OfficeHolding]) -> Iterator[OfficeHolding]:
    """One fact per person, role and organisation in an article: the best-evidenced one."""
    best: dict[tuple[str, str, str], OfficeHolding] = {}
    for fact in holdings:
        key = (fact.person.id, fact.role.id, fact.org.id)
        if key not in best or fact.evidence.confidence > best[key].evidence.confidence:
            best[key] = fact
    yield from best.values()


def extract(linked: LinkedDoc) -> Extraction:
    """All mentions and facts of one linked document."""
    return Extractor(linked).extract()
