"""What every rule reads of one document: its sentences, entities, quotations and dates.

Indexes are built once per document (spaCy recomputes `doc.sents` and
`token.sent` by walking the document on every call, and the rules ask
thousands of times), and so are the helpers every rule shares: the
entities a phrase names, who speaks a verb or asserts a clause, when, and
the `Evidence` a fact carries.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from spacy.tokens import Span, Token

from natokg.dates import resolve
from natokg.extraction.parse import child_of, prep_objects
from natokg.extraction.quotes import QuoteSpan, find_quotes, find_turns
from natokg.gazetteer import load_gazetteer
from natokg.linked import LinkedDoc
from natokg.model import Entity, Evidence, Kind, PartialDate
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
# A title that names whose words the article is: "Speech by …", "Opening remarks by …".
_ISSUED_BY = re.compile(
    r"(?:(?:joint|opening|closing|keynote|introductory|press|video)\s+)?"
    r"(?:speech|remarks|statement|address|declaration|lecture|message)\s+(?:\w+\s+)?by\b",
    re.IGNORECASE,
)
# Titles a speaker is referred to by once named: "the NATO chief", "the Pentagon chief".
TITLE_NOUNS = {"chief", "minister", "secretary", "president", "spokesperson", "spokesman",
               "spokeswoman", "chancellor", "premier", "ambassador", "envoy", "commander",
               "general", "admiral", "official", "diplomat", "leader", "head", "boss"}
_INDEFINITE = {"a", "an", "one", "another", "some"}
# What an organisation's leaders adopt and speak through: "the declaration said".
_DECLARATIONS = {"declaration", "communique", "communiqué"}
SPEAKER_KINDS = (Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY)
ACTOR_KINDS = (Kind.COUNTRY, Kind.ORGANISATION, Kind.GROUP, Kind.CONCEPT)
# Nouns that stand for whom they lead or belong to: "the leaders of Ukraine and Japan".
PROXY_NOUNS = {
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


class Context:
    """One linked document as the rules read it."""

    def __init__(self, linked: LinkedDoc) -> None:
        self.linked = linked
        self.doc = linked.doc
        self.document = linked.document
        self.anchor = linked.document.date
        # The text the doc was parsed from (spaCy's tokenizer loses nothing): `Doc.text`
        # would rebuild it from the tokens, and the graph's offsets are into this text.
        self.text = linked.document.text
        # A transcript's unquoted speech counts as quoted, its turn's label as who says it.
        self.turns = {turn.speech: turn.label for turn in find_turns(self.text)}
        self.quotes = sorted([*find_quotes(self.text), *self.turns], key=lambda q: q.start)
        self._quote_starts = [q.start for q in self.quotes]
        self.sentences = list(self.doc.sents)
        self._entity_at = {i: ent for ent in self.doc.ents for i in range(ent.start, ent.end)}
        self._sentence_ends = [s.end for s in self.sentences]
        self._sentence_end_chars = [s.end_char for s in self.sentences]
        # Filled by the rules that run first (statements, offices) for those after them:
        # who said each quotation, and which officials speak for which organisation.
        self.quote_speakers: dict[QuoteSpan, Entity] = {}
        self.affiliations: set[tuple[str, str]] = set()
        self.offices_held: set[tuple[str, str, str]] = set()  # person, role, organisation
        # What a rule has already stated in this document, so a headline that repeats
        # the first sentence gives one fact, not two (keys are each rule's own).
        self.stated: set[tuple[object, ...]] = set()
        # The state or body whose commitment was stated last: whom "This builds on …"
        # and a government release's "the Government" go on speaking of.
        self.last_committer: Entity | None = None
        self.issuer = self._issuer()

    def _issuer(self) -> Entity | None:
        """Whose words a whole article is, when its title says so: "Speech by NATO
        Secretary General Mark Rutte", "Statement by the North Atlantic Council on …".
        Its unquoted "we must" and "we call on" are then the issuer's."""
        title = self.document.title
        match = _ISSUED_BY.match(title)
        where = self.text.find(title)
        if match is None or where < 0:
            return None
        start, end = where + match.end(), where + len(title)
        for link in self.linked.links:
            span = self.doc[link.start : link.end]
            if start <= span.start_char < end and link.entity.kind in SPEAKER_KINDS:
                return link.entity
        return None

    def sentence_ents(self, sent: Span) -> list[Span]:
        """The named entities of a sentence, each once, in text order."""
        return list(dict.fromkeys(
            self._entity_at[i] for i in range(sent.start, sent.end) if i in self._entity_at))

    def _date_ents(self, tokens: Iterable[Token]) -> list[Span]:
        """The DATE/TIME entities the tokens belong to, each once, in text order."""
        found = (self._entity_at.get(t.i) for t in tokens if t.ent_type_ in ("DATE", "TIME"))
        return list(dict.fromkeys(ent for ent in found if ent is not None))

    def sentence_of(self, token_index: int) -> Span:
        return self.sentences[bisect_right(self._sentence_ends, token_index)]

    def sentence_before(self, sent: Span, count: int = 1) -> Span:
        """The sentence `count` before `sent`, or the first one: how far back "he", "it"
        or "the statement" may reach."""
        index = max(bisect_right(self._sentence_ends, sent.start) - count, 0)
        return self.sentences[index]

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
        """The evidence of a fact read from `sent` by `rule`."""
        # Sliced from the text: `Span.text` joins the span's tokens one by one.
        return Evidence(
            sentence=self.text[sent.start_char : sent.end_char].strip(),
            start=sent.start_char,
            end=sent.end_char,
            rule=rule,
            confidence=round(confidence, 3),
        )

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
            elif entity is None and item.lemma_.lower() in PROXY_NOUNS:
                for obj in prep_objects(item, ("of",)):
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
            subject = _subject(candidate)
            if subject is None:
                continue
            quote = self.quote_at(subject.idx)
            if subject.lower_ in ("i", "we") and quote is not None:  # the quoted speaker's "we"
                return self.quote_speakers.get(quote)
            if subject.lower_ in ("i", "we") and self.issuer is not None:  # a speech's "we"
                return self.issuer
            if subject.lower_ in ("he", "she") and self._unnamed_reporter_before(verb):
                return None  # "A NATO official told … . He called on": no one named
            if subject.lower_ in ("he", "she", "i"):
                return self._governing_person(candidate) or self._reporter_before(
                    verb) or self._sole_person_before(verb) or self.linked.last_person(
                    subject.idx, lambda c: self.quote_at(c) is not None)
            if subject.tag_ == "WP" and candidate.dep_ == "relcl":  # "Doe, who said …"
                subject = candidate.head
            entity = self._named(subject)
            if entity is not None and entity.kind in SPEAKER_KINDS:
                return entity
            if entity is not None:
                return None
            return self._described(subject) or self._declared(subject) or self._declared(
                next(iter(prep_objects(candidate, ("in",))), subject)) or self._issued(subject)
        for token in verb.rights:  # "…,” said Mr Stoltenberg
            entity = self.linked.entity_at(token)
            if entity is not None and entity.kind is Kind.PERSON:
                return entity
        return self._named_after(verb)

    def _named(self, token: Token) -> Entity | None:
        """What a token names: its link, or the person of a surname the tagger missed."""
        entity = self.linked.entity_at(token)
        if entity is None and token.pos_ == "PROPN":
            entity = self.linked.people.get(surface_key(token.text))
        return entity

    def _introduced_unnamed(self, title: Token) -> bool:
        """Whether this sentence or the one before introduced someone by the same title
        and no name: "one senior diplomat", "a NATO official"."""
        start = self.sentence_before(self.sentence_of(title.i)).start
        return any(
            token.lemma_ == title.lemma_ and _indefinite(token)
            for token in self.doc[start : title.i]
        )

    def _governing_person(self, clause: Token) -> Entity | None:
        """ "Doe gave a speech at the forum, where he stressed that …": "he" of a clause
        hung on another is the person that clause has as subject."""
        if clause.dep_ not in ("relcl", "advcl"):
            return None
        for governing in clause.ancestors:
            subject = _subject(governing)
            if subject is not None and subject.lower_ not in ("he", "she", "i"):
                entity = self._named(subject)
                return entity if entity is not None and entity.kind is Kind.PERSON else None
        return None

    def _sole_person_before(self, verb: Token) -> Entity | None:
        """ "It fell to Zelensky to draw the conclusion. “…,” he told the conference": "he"
        is the one person the sentence just before the quotation names, subject or not,
        when that sentence reports nobody's words (else whoever reports them is meant)."""
        sent = self.sentence_of(verb.i)
        for _ in range(_QUOTED_SENTENCES):
            if sent.start == 0:
                return None
            sent = self.sentence_of(sent.start - 1)
            words = [t for t in sent if t.is_alpha]
            if not words or any(self.quote_at(t.idx) is None for t in (words[0], words[-1])):
                break
        if any(t.lemma_ in REPORTING_VERBS and t.pos_ == "VERB" for t in sent):
            return None
        people = {link.entity.id: link.entity for link in self.linked.links
                  if sent.start <= link.start < sent.end and link.entity.kind is Kind.PERSON
                  and self.quote_at(self.doc[link.start].idx) is None}
        return next(iter(people.values())) if len(people) == 1 else None

    def _reporter_before(self, verb: Token) -> Entity | None:
        """ "Doe said Washington would know whether Putin was serious. “…,” he told
        reporters": "he" is who last reported something, in this sentence or the one
        before, not the last person named in what was reported."""
        start = self.sentence_before(self.sentence_of(verb.i)).start
        for token in reversed(self.doc[start : verb.i]):
            if token.lemma_ not in REPORTING_VERBS or token.pos_ != "VERB":
                continue
            subject = child_of(token, ("nsubj",))
            if subject is not None and subject.tag_ == "WP" and token.dep_ == "relcl":
                subject = token.head  # "Doe, who had called it “…”, said"
            if subject is not None and not self.quote_at(token.idx):
                entity = self._named(subject) or (  # "The President stressed …. He called"
                    self._described(subject) if subject.lemma_.lower() in TITLE_NOUNS else None)
                if entity is not None and entity.kind is Kind.PERSON:
                    return entity
        return None

    def _unnamed_reporter_before(self, verb: Token) -> bool:
        """ "A NATO official told reporters that … . He called on Tehran to …": whether
        the last one reporting, in this sentence or the one before, is someone the text
        does not name, whom "he" then means (not a person named earlier)."""
        start = self.sentence_before(self.sentence_of(verb.i)).start
        for token in reversed(self.doc[start : verb.i]):
            if token.lemma_ in REPORTING_VERBS and token.pos_ == "VERB" and not self.quote_at(
                    token.idx) and (subject := child_of(token, ("nsubj",))) is not None:
                return subject.lemma_.lower() in TITLE_NOUNS and _indefinite(subject)
        return False

    def _named_after(self, verb: Token) -> Entity | None:
        """ "…,” said UK Defence Secretary Jane Doe, who chaired …": the person named
        right after an inverted reporting verb, before the clause about them (the parser
        often hangs the name under that clause)."""
        sent = self.sentence_of(verb.i)
        for token in self.doc[verb.i + 1 : sent.end]:
            if (token.is_punct and token.text not in ".-'’") or self.quote_at(token.idx):
                return None
            entity = self.linked.entity_at(token)
            if entity is not None and entity.kind is Kind.PERSON:
                return entity
        return None

    def _described(self, subject: Token) -> Entity | None:
        """A speaker as other outlets title them: "the Pentagon chief", "the minister" is
        the person last named (unless the title names another country); "the German
        government" is Germany; "the party's leader, Jane Doe," is the one named."""
        for child in subject.children:
            if child.dep_ == "appos" and (named_as := self.linked.entity_at(child)):
                if named_as.kind in SPEAKER_KINDS:
                    return named_as
        named = self.entities(subject, SPEAKER_KINDS)
        if _indefinite(subject):
            # "one senior diplomat" is someone new, "a spokesperson for X" speaks for X
            return named[0] if named else self._spoken_for(subject)
        if subject.lemma_.lower() not in TITLE_NOUNS or subject.tag_ not in ("NN", "NNP"):
            return named[0] if named else None
        if self._introduced_unnamed(subject):
            return None  # "One senior diplomat said … “…,” the diplomat said"
        person = self._holder(subject, self.linked.last_person(
            subject.idx, lambda c: self.quote_at(c) is not None))
        countries = {e.id for e in named if e.kind is Kind.COUNTRY}
        if person is None or (countries and person.country not in countries):
            return None
        return person

    def _holder(self, title: Token, person: Entity | None) -> Entity | None:
        """ "President Doe … Minister Roe presented … The President stressed": whom a bare
        title means when the last person named does not hold it, but someone the
        article names holds that one (offices are read before the rules that ask): the
        first named of them, the article's protagonist. Not "The President of the
        Government", a title this reading may not know whole."""
        if person is None or any(c.dep_ == "prep" for c in title.children):
            return person
        words = [c.lower_ for c in title.children if c.dep_ == "compound"]
        key = "-".join([*words, title.lemma_.lower()])
        held = {office[0]: office[1] for office in self.offices_held}
        holders = {p for p, role in held.items() if role == key or (
            role.endswith(f"-{key}") and not role.startswith("vice"))} or self._known_holders(key)
        if person.id in holders or not holders:
            return person
        return next((link.entity for link in self.linked.links
                     if link.entity.id in holders), person)

    def _known_holders(self, role: str) -> set[str]:
        """The people named here whom the gazetteer knows to hold `role` on the article's
        date: "Sir Keir Starmer …" untitled, then "the prime minister said"."""
        named = {link.entity.id for link in self.linked.links if link.entity.kind is Kind.PERSON}
        return {p.id for p in load_gazetteer().holders(role, on=self.anchor)} & named

    def _spoken_for(self, title: Token) -> Entity | None:
        """Whom an unnamed official speaks for: "a spokesperson for the Chinese foreign
        ministry" is China's voice, "an official at the Pentagon" the Pentagon's."""
        for obj in prep_objects(title, ("for", "of", "at")):
            named = self.entities(obj, SPEAKER_KINDS)
            if named:
                return named[0]
        return None

    def _declared(self, noun: Token) -> Entity | None:
        """Who speaks in a declaration: "the G7 declaration" the G7, a summit's "the
        declaration" NATO; also as "it" ("The declaration … It said") and as where others
        spoke ("the allies said in the communiqué")."""
        if noun.lower_ == "it":
            before = self.sentence_before(self.sentence_of(noun.i))
            noun = next((t for t in self.doc[before.start : noun.i] if t.dep_ == "nsubj"
                         and t.lemma_.lower() in _DECLARATIONS), noun)
        if noun.lemma_.lower() not in _DECLARATIONS or any(
            c.dep_ == "poss" and c.pos_ == "PRON" for c in noun.children
        ):
            return None  # "in their communique": whoever "they" are speak, not NATO
        named = self.entities(noun, SPEAKER_KINDS)
        return named[0] if named else load_gazetteer().entities.get("nato")

    def _issued(self, noun: Token) -> Entity | None:
        """ "Doe issued a statement late on Sunday. … “…,” the statement said": the
        statement speaks for whoever issued it, in the last few sentences."""
        if noun.lemma_.lower() != "statement" or not any(
                c.lower_ == "the" for c in noun.children):
            return None
        sent = self.sentence_of(noun.i)
        first = self.sentence_before(sent, _QUOTED_SENTENCES)
        for token in reversed(self.doc[first.start : sent.start]):
            if token.lemma_ == "statement" and token.dep_ == "dobj" and token.head.lemma_ in (
                    "issue", "release", "publish", "put"):
                return self.speaker_of(token.head)
        return None

    def quote_at(self, char: int) -> QuoteSpan | None:
        """The quotation containing a character offset (quotations never overlap)."""
        i = bisect_right(self._quote_starts, char) - 1
        return self.quotes[i] if i >= 0 and char < self.quotes[i].end else None

    def claimant(self, token: Token) -> Entity | None:
        """Who asserts a clause: the quoted speaker, or the subject of a reporting verb above."""
        quote = self.quote_at(token.idx)
        if quote is not None:
            return self.quote_speakers.get(quote)
        for ancestor in token.ancestors:
            if ancestor.lemma_ in REPORTING_VERBS and ancestor.pos_ == "VERB":
                return self.speaker_of(ancestor)
        return self.issuer

    def date_of(self, tokens: Iterable[Token], tense: str | None) -> PartialDate | None:
        """The most precise date among the DATE entities of a clause, read against the dateline."""
        best: PartialDate | None = None
        for ent in self._date_ents(tokens):
            before = self.doc[ent.start - 1].lower_ if ent.start else ""
            text = f"{before} {ent.text}" if before in ("over", "in", "last", "next") else ent.text
            text = f"{self._days_before(ent)}{text}"
            value = resolve(text, self.anchor, tense)  # type: ignore[arg-type]
            if value is not None and (best is None or _finer(value, best)):
                best = value
        return best

    def _days_before(self, ent: Span) -> str:
        """The day numbers the tagger left out of a month's entity ("3-4 December 2024"
        tags "December 2024", at best with "3-4" apart): the first day dates the range."""
        first = ent[0]
        if first.tag_ != "NNP" or ent.start < 1:
            return ""
        day = self.doc[ent.start - 1]
        if day.text.isdigit() and 1 <= int(day.text) <= 31:
            start = ent.start - 1
            if start >= 2 and self.doc[start - 1].text in ("-", "–") and (
                    self.doc[start - 2].text.isdigit()):
                start -= 2
            return f"{self.doc[start:ent.start].text} "
        return ""


# How many quoted sentences before "he said" are skipped to find the sentence before them.
_QUOTED_SENTENCES = 6


def _subject(verb: Token) -> Token | None:
    """A verb's subject, also where the parser took "The NATO chief called on Canada …"
    for a noun phrase with a reduced relative: a finite past verb (VBD, not the participle
    of "the envoy called home") hung on the sentence's root noun acts for that noun."""
    subject = child_of(verb, ("nsubj", "nsubjpass"))
    if subject is None and verb.dep_ == "acl" and verb.tag_ == "VBD" and verb.head.dep_ == "ROOT":
        return verb.head
    return subject


def _finer(a: PartialDate, b: PartialDate) -> bool:
    order = {"year": 0, "month": 1, "day": 2}
    return order[a.precision] > order[b.precision]


def _indefinite(noun: Token) -> bool:
    """ "one senior diplomat", "a NATO official": someone the text does not name."""
    return any(c.lower_ in _INDEFINITE for c in noun.children if c.dep_ in ("det", "nummod"))
