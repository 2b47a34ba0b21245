"""Calls on: "X called on Y to Z", "X urged Y to Z", "Y must Z", "it is vital that Y Z"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import pairwise

from spacy.tokens import Span, Token

from natokg.extraction.context import (
    ACTOR_KINDS,
    PROXY_NOUNS,
    REPORTING_VERBS,
    TITLE_NOUNS,
    Context,
)
from natokg.extraction.parse import (
    asserted,
    child_of,
    clause_text,
    has_modal,
    is_infinitive,
    marker_of,
    prep_objects,
)
from natokg.extraction.quotes import QUOTE_MARKS
from natokg.extraction.registry import Trigger, relation
from natokg.extraction.triggers import Found
from natokg.gazetteer import ALL_ALLIES, load_gazetteer
from natokg.model import CallOn, Entity, Kind
from natokg.nlp import surface_key

# Verbs of an outcome rather than an action: "Ukraine must prevail" is a hope, not a demand.
_OUTCOME_VERBS = {"prevail", "win", "succeed", "be", "have", "lose", "fail", "survive", "get",
                  "know"}  # "Ukraine must know that help will come" reassures, asks nothing
# Not "propose": "proposed that Allies spend 3.5%" puts forward a plan, it demands nothing.
_DEMAND_VERBS = {"demand", "insist", "urge", "ask", "call", "request"}
URGE_VERBS = {"urge", "press", "ask", "encourage", "implore", "exhort", "request", "invite",
              "tell", "want", "need", "challenge", "push", "pressure"}
_RELATIVE_PRONOUNS = {"that", "who", "which"}
NECESSITY_ADJECTIVES = {
    "vital",
    "important",
    "essential",
    "crucial",
    "imperative",
    "necessary",
    "critical",
    "urgent",
}
_MODALS = ("must", "should")
# The lower-case words news uses for NATO and its Allies, and what may qualify them
# that still means NATO's: "the 32 allies", "fellow allies", "the alliance".
_BARE_NAMES = {"allies": ALL_ALLIES, "alliance": "nato", "ally": ALL_ALLIES}
# What makes a singular "Ally" all of them: "I urge every Ally to …" (not "an ally").
_EVERY = {"every", "each"}
_BARE_MODIFIERS = {"det", "predet", "nummod", "amod", "relcl", "acl", "punct"}
# Whose backers a possessor is, not whom a call addresses: "urged Ukraine's allies".
_BACKERS = {"ally", "partner", "backer", "supporter", "friend"}
# "other allies" after the ones named ("urged the US, Britain and other allies") are
# whoever else, not all of NATO's.
_OTHER_ALLIES = {"asian", "regional", "key", "close", "american", "ukrainian", "other"}
# Verbs whose "for" names what is demanded: "pressed Norway for faster deliveries".
_ASKING = {"ask", "press", "appeal", "call", "urge", "push"}
# Verbs of telling someone what "they must" do.
_TELLING = {"tell", "warn", "remind", "assure", "inform"}
# Groups of states and of those who act for them, whom a call may address unnamed:
# "urged partners to", "called on the international community to", "urged industry to".
_GROUP_NOUNS = {"partner", "ally", "country", "state", "nation", "government", "community",
                "industry", "donor", "member", "democracy", "lawmaker", "legislator", "european",
                "republican", "democrat", "leader"}
_COLLECTIVE = {"community", "industry"}
_BULLETS = {"-", "•", "–", "*"}
# Verbs of speaking with someone, to whom what the speaker then urged is addressed.
_TALKING = {"speak", "talk"}
_MEMBER_NOUNS = {"member", "state", "country", "nation", "government", "leader"}
# What "held … with Roe" is a meeting by: "held talks with", "met with", "a meeting with".
_MEETING = {"meet", "meeting", "talk", "talks", "call"}
# Verbs of a wish rather than an appeal: "we need industry to produce more" names no one
# clearly enough to address an unnamed group.
_WISHING = {"want", "need"}
_FORECAST = ("will", "would", "may", "might")
# What sets an alternative against a demand: "to act now rather than wait".
_CONTRASTS = {"rather than", "instead of"}
_CALL_RULES = {"count": "count-on", "appeal": "appeal-to"}


@relation(
    "calls-on",
    triggers=Trigger(
        lemmas=frozenset(
            {"call", "count", "appeal", "need", "give"} | URGE_VERBS | _DEMAND_VERBS
            | NECESSITY_ADJECTIVES
        ),
        modal_heads=frozenset(_MODALS),
    ),
    confidence=0.85,
)
def calls_on(ctx: Context, triggered: Found, sent: Span) -> Iterator[CallOn]:
    for token in triggered(sent):
        call = _call(ctx, token)
        if call is None:
            continue
        speaker, targets, demands, rule = call
        speaker = speaker or _reporter(ctx, token) or _list_speaker(ctx, token)
        speakers = [speaker] if speaker is not None else _joint_speakers(ctx, token)
        for speaker, target in ((s, t) for s in speakers for t in targets):
            if target.id == speaker.id or (speaker.id, target.id) in ctx.affiliations:
                continue
            for demand in filter(None, demands):
                yield CallOn(
                    speaker=speaker,
                    target=target,
                    demand=demand,
                    evidence=ctx.evidence(sent, rule, triggered.confidence),
                )


_Call = tuple[Entity | None, list[Entity], list[str], str]


def _call(ctx: Context, token: Token) -> _Call | None:
    lemma = token.lemma_
    if token.pos_ == "VERB" and lemma in ("call", "count", "appeal") and asserted(token):
        preps = ("to",) if lemma == "appeal" else ("on", "upon")
        addressed = prep_objects(token, preps) or _particle_object(token, preps)
        addressed = [_them(token, obj) for obj in addressed]
        targets = [e for obj in addressed for e in _targets(ctx, obj)]
        demands = _infinitives(token, addressed) or _asked_for(token)
        if targets and demands:
            return ctx.speaker_of(token), targets, demands, _CALL_RULES.get(lemma, "call-on")
        if lemma == "call" and (clause := _called_for(token)) is not None:
            subject = child_of(clause, ("nsubj",))
            targets = _targets(ctx, subject) if subject is not None else []
            if targets:
                return ctx.speaker_of(token), targets, _with_conjuncts(clause), "call-for"
    if token.pos_ == "VERB" and lemma in URGE_VERBS and (obj := _urged(token)):
        demands = _infinitives(token, [obj, *_durations(token)]) or _asked_for(token)
        targets = _targets(ctx, obj, groups=lemma not in _WISHING)
        if (targets and demands and lemma != "invite" and asserted(token)
                and not _supposed(token) and not _someone_elses(token)):
            return ctx.speaker_of(token), targets, demands, "urge"
    if token.pos_ == "VERB" and lemma in ("urge", "demand") and asserted(token):
        if (noun := _noun_demand(ctx, token)) is not None:
            return noun
    if token.pos_ == "VERB" and lemma in _DEMAND_VERBS and asserted(token):
        clause = child_of(token, ("ccomp",))  # "demanded (that) Russia withdraw its troops"
        subject = child_of(clause, ("nsubj",)) if clause is not None else None
        if clause is not None and subject is not None and _demanded_clause(clause):
            targets = _targets(ctx, subject)
            if targets:
                return ctx.speaker_of(token), targets, _with_conjuncts(clause), "demand-that"
    if token.pos_ == "VERB" and lemma == "need" and asserted(token):
        return _need(ctx, token)
    if token.pos_ == "VERB" and lemma == "give" and asserted(token):
        return _ultimatum(ctx, token)
    if token.pos_ in ("VERB", "AUX") and has_modal(token, _MODALS):
        return _must(ctx, token)
    if token.lemma_ in NECESSITY_ADJECTIVES and (clause := _that_clause(token)):
        if (subject := child_of(clause, ("nsubj",))) is not None:
            targets = ctx.entities(subject)
            return ctx.claimant(token), targets, _with_conjuncts(clause), "vital-that"
    return None


# What a deadline is given as: "gave Russia 50 days to …", "gave Moscow a deadline of …".
_SPANS = {"day", "week", "month", "hour", "deadline", "ultimatum"}


def _ultimatum(ctx: Context, verb: Token) -> _Call | None:
    """ "gave Putin until Aug. 8 to agree to a ceasefire", "gave Russia 50 days to reach a
    deal": a deadline is a demand, on whom it is given to and, for a leader, on his state."""
    given = child_of(verb, ("dobj",))
    whom = child_of(verb, ("dative",))
    spans = given is not None and given.lemma_.lower() in _SPANS
    if whom is None and prep_objects(verb, ("until",)):
        whom = given  # "gave Putin until Aug. 8": Putin is the object
    elif not spans:
        return None
    demands = _infinitives(verb, [])
    targets = _targets(ctx, whom, groups=False) if whom is not None else []
    states = [c for t in targets if t.kind is Kind.PERSON
              for c in (ctx.linked.represented(t),) if c is not None]
    if not targets or not demands:
        return None
    return ctx.speaker_of(verb), [*targets, *states], demands, "ultimatum"


def _noun_demand(ctx: Context, verb: Token) -> _Call | None:
    """ "spoke with Doe and urged “immediate de-escalation”": what is urged is a thing,
    and whom the call is to, the one the speaker spoke with or met."""
    obj = child_of(verb, ("dobj",))
    if obj is None or verb.dep_ != "conj" or obj.pos_ != "NOUN" or ctx.entities(obj):
        return None
    talk = verb.head
    whom = _met(talk) or (prep_objects(talk, ("with",)) if talk.lemma_ in _TALKING else [])
    targets = [e for w in whom for e in _targets(ctx, w, groups=False)]
    if not targets:
        return None
    objs = [c for c in verb.children if c.dep_ == "dobj"]  # "de", "-", "escalation"
    words = ctx.doc[objs[0].left_edge.i : objs[-1].right_edge.i + 1]
    demand = "".join(t.text_with_ws for t in words if t.text not in QUOTE_MARKS).strip()
    return ctx.speaker_of(verb), targets, [demand], "urge-thing"


def _reporter(ctx: Context, token: Token) -> Entity | None:
    """Who reports a call whose subject names no one: "Kim said the government urges
    Pyongyang to stop" is Kim's call."""
    for ancestor in token.ancestors:
        if ancestor.lemma_ in REPORTING_VERBS and ancestor.pos_ == "VERB":
            return ctx.speaker_of(ancestor)
    return None


def _list_speaker(ctx: Context, verb: Token) -> Entity | None:
    """ "In it, the Assembly: - urges Allies to …; - calls on China to …": who performs
    the verbs of a bulleted list is whom the line before the list names before its colon
    (by name, or as "the Assembly" of a name given earlier)."""
    sent = ctx.sentence_of(verb.i)
    if sent[0].text not in _BULLETS or child_of(verb, ("nsubj",)) is not None:
        return None
    while sent.start > 0 and sent[0].text in _BULLETS:
        sent = ctx.sentence_of(sent.start - 1)
    words = [t for t in sent if not t.is_space]
    if len(words) < 2 or words[-1].text != ":":
        return None
    head = words[-2]
    named = ctx.linked.entity_at(head)
    if named is not None:
        return named
    earlier = (link.entity for link in reversed(ctx.linked.links) if link.end <= head.i)
    return next((e for e in earlier if e.kind in ACTOR_KINDS
                 and e.label.split()[-1].lower() == head.lower_), None)


def _joint_speakers(ctx: Context, verb: Token) -> list[Entity]:
    """ "The Ministers call on …", "the two leaders urged …", "They urged …" after them: the
    people the last sentence naming several in one subject named ("Minister Doe and
    Minister Roe signed"), or one subject and whom they met ("Doe held talks with Roe"),
    those of them that are known."""
    subjects = (child_of(node, ("nsubj",)) for node in (verb, *verb.ancestors))
    if next((s for s in subjects if s is not None and _officials(ctx, s)), None) is None:
        return []
    for sent in reversed(ctx.sentences[: ctx.sentences.index(ctx.sentence_of(verb.i))]):
        for token in sent:
            if token.dep_ not in ("nsubj", "nsubjpass"):
                continue
            people = _people(ctx, token.subtree)
            if len(people) > 1 or (people and any(t.dep_ == "conj" for t in token.subtree)):
                return people  # those of the pair the linker knows
            met = _people(ctx, (t for obj in _met(token.head) for t in obj.subtree))
            if people and met:
                return list({e.id: e for e in (*people, *met)}.values())
    return []


def _people(ctx: Context, tokens: Iterable[Token]) -> list[Entity]:
    found = (ctx.linked.entity_at(t) for t in tokens)
    return list({e.id: e for e in found if e is not None and e.kind is Kind.PERSON}.values())


def _met(verb: Token) -> list[Token]:
    """Whom "met Roe", "met with Roe", "held talks (a meeting) with Roe" names."""
    nodes = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
    met = [c for c in verb.children if c.dep_ == "dobj"] if verb.lemma_ == "meet" else []
    return [*met, *(obj for node in nodes if node.lemma_ in _MEETING
                    for obj in prep_objects(node, ("with",)))]


def _officials(ctx: Context, subject: Token) -> bool:
    """ "The Ministers", "the two leaders" (and "they" after them): officials named before,
    not "European leaders" (whoever they are)."""
    if subject.lower_ == "they":
        before = _plural_subject_before(ctx, subject)
        return before is not None and _officials(ctx, before)
    title = subject.lemma_.lower() in TITLE_NOUNS or subject.lower_[:-1] in TITLE_NOUNS
    plural = subject.tag_ in ("NNS", "NNPS")  # the tagger leaves "Ministers" as it is
    anaphoric = all(c.dep_ in ("det", "nummod", "predet") for c in subject.children)
    return title and plural and anaphoric and ctx.linked.entity_at(subject) is None


def _plural_subject_before(ctx: Context, pronoun: Token) -> Token | None:
    """Whom a sentence's opening "they" most likely is: the last plural subject of the
    sentence before."""
    sent = ctx.sentence_of(pronoun.i)
    if sent.start == 0:
        return None
    before = ctx.sentence_of(sent.start - 1)
    return next((t for t in reversed(before) if t.dep_ in ("nsubj", "nsubjpass")
                 and t.tag_ in ("NNS", "NNPS")), None)


def _urged(verb: Token) -> Token | None:
    """Whom "urged Allies to …" addresses: the object (whom "them" stands for in "met
    Allies, urging them to"), or the subject the parser gives
    the infinitive of "wants Allies to spend more" (not of an outcome: "wants Ukraine to
    win" is a hope)."""
    obj = child_of(verb, ("dobj",))
    if obj is not None:
        return _them(verb, obj)
    clause = child_of(verb, ("ccomp",))
    if clause is not None and is_infinitive(clause) and clause.lemma_ not in _OUTCOME_VERBS:
        return child_of(clause, ("nsubj",))
    return None


def _them(verb: Token, obj: Token) -> Token:
    """Whom "them" stands for in "addressed Allies, asking them to …", "told allied leaders,
    calling on them to …": the object of the verb the call hangs on."""
    if obj.lower_ == "them" and verb.dep_ == "advcl":
        return child_of(verb.head, ("dobj",)) or obj
    return obj


def _particle_object(verb: Token, particles: tuple[str, ...]) -> list[Token]:
    """ "has called on Allies to …" parsed as the particle "on" (or a preposition with no
    object) and an object "Allies", or as a particle with an object of its own."""
    found: list[Token] = []
    for particle in (c for c in verb.children if c.lower_ in particles):
        if particle.dep_ == "prt":  # its object under it or under the verb
            found += [c for c in particle.children if c.dep_ == "pobj"]
        if particle.dep_ == "prt" or (particle.dep_ == "prep" and not any(particle.children)):
            found += [o for o in (child_of(verb, ("dobj",)),) if o is not None]
    return found


def _targets(ctx: Context, token: Token, kinds: tuple[Kind, ...] = (*ACTOR_KINDS, Kind.PERSON),
             groups: bool = True) -> list[Entity]:
    """Whom a call is addressed to: states and organisations, or a person ("urged Putin");
    a bare "allies" too, which news writes in lower case for NATO's Allies; and, with
    `groups`, an unnamed group (whom "X must" speaks of is too vague for that)."""
    found = _split(ctx, token) or ctx.entities(token, kinds, modifiers=token.lemma_ not in _BACKERS)
    found = [_body_members(ctx, token, _members(ctx, token, e)) for e in found]
    named = bool(found)  # "the US, Britain and other allies": no group of whoever else
    entities = load_gazetteer().entities
    for item in (token, *token.conjuncts):
        bare = entities.get(_BARE_NAMES.get(item.lower_, ""))
        if bare is not None and _bare(ctx, item):
            found.append(bare)
        elif groups and not named and (group := _group(ctx, item)) is not None:
            found.append(_allied(group, item))
        city = ctx.linked.entity_at(item)  # "called on Washington to …": its government
        if city is not None and city.kind is Kind.CITY and city.country:
            found.extend(e for e in (entities.get(city.country),) if e is not None)
    return list({entity.id: entity for entity in found}.values())


def _members(ctx: Context, token: Token, entity: Entity) -> Entity:
    """ "Every NATO member should spend 3%", "NATO member states must": NATO's members are
    the Allies, whom the call addresses, not the Alliance itself."""
    allies = load_gazetteer().entities.get(ALL_ALLIES)
    if (entity.id != "nato" or allies is None or ctx.linked.entity_at(token) is not None
            or token.lemma_.lower() not in _MEMBER_NOUNS):
        return entity
    return allies


def _body_members(ctx: Context, token: Token, entity: Entity) -> Entity:
    """ "urged UDCG members to …", "EU governments must": the members of a body other than
    NATO are a group of states (named as the text names them), not the body itself."""
    if (entity.kind is not Kind.ORGANISATION or entity.id in ("nato", ALL_ALLIES)
            or ctx.linked.entity_at(token) is not None or token.tag_ not in ("NNS", "NNPS")
            or token.lemma_.lower() not in _MEMBER_NOUNS):
        return entity
    named = [t for c in token.children if c.dep_ == "compound" and c.i < token.i
             for t in c.subtree]  # "EU member countries", not "his fellow EU leaders"
    label = "".join(t.text_with_ws for t in [*named, token]).strip()
    slug = re.sub(r"[^a-z0-9]+", "-", surface_key(label)).strip("-")
    return Entity(id=f"group-{slug}", label=label, kind=Kind.ORGANISATION, from_gazetteer=False)


def _allied(group: Entity, token: Token) -> Entity:
    """ "urges Allied governments to …", "the alliance's members": the governments of the
    Allies are the Allies."""
    allies = load_gazetteer().entities.get(ALL_ALLIES)
    allied = any(c.lower_ == "allied" for c in token.children if c.dep_ in ("amod", "compound"))
    allied = allied or any(c.lower_ == "alliance" for c in token.children if c.dep_ == "poss")
    return allies if allied and allies is not None and token.lemma_.lower() in _MEMBER_NOUNS \
        else group


def _split(ctx: Context, token: Token) -> list[Entity]:
    """ "pressed European allies and Canada": a name the gazetteer has for a pair ("European
    Allies and Canada") is, as whom a call addresses, each of the two, when the gazetteer
    knows each by the words the text gives it."""
    link = ctx.linked.link_at(token)
    if link is None:
        return []
    heads = [t for t in ctx.doc[link.start : link.end]
             if t.i == token.i or (t.dep_ == "conj" and t.head.i == token.i)]
    parts = [_known(ctx.doc[max(t.left_edge.i, link.start) : t.i + 1].text) for t in heads]
    return [p for p in parts if p is not None] if len(heads) > 1 and all(parts) else []


def _known(text: str) -> Entity | None:
    """The gazetteer entity of a surface form, if it has one."""
    gazetteer = load_gazetteer()
    alias = next(iter(gazetteer.lookup(re.sub(r"^(the|The)\s+", "", text))), None)
    return gazetteer.entities.get(alias.entity_id) if alias is not None else None


def _group(ctx: Context, token: Token) -> Entity | None:
    """Whom a call addresses that the gazetteer has no name for: "the international
    community", "partners", "the leaders of our Member States" (whom the leaders lead), as
    the text names them, without article or possessor ("its partners" are "partners")."""
    if ctx.linked.entity_at(token) is not None or token.pos_ not in ("NOUN", "PROPN"):
        return None
    if token.lemma_.lower() in PROXY_NOUNS and (whose := prep_objects(token, ("of",))):
        return next((g for obj in whose if (g := _group(ctx, obj))), None)
    if not _collective(token):
        return None
    named = [t for t in token.children if t.dep_ in ("amod", "compound", "poss")
             and t.i < token.i and t.pos_ in ("ADJ", "NOUN", "PROPN")]
    words = "".join(t.text_with_ws for modifier in named for t in modifier.subtree)
    label = f"{words.strip()} {token.text}".strip()
    slug = re.sub(r"[^a-z0-9]+", "-", surface_key(label)).strip("-")
    return Entity(id=f"group-{slug}", label=label, kind=Kind.ORGANISATION, from_gazetteer=False)


def _collective(token: Token) -> bool:
    """A group noun in the plural ("partners"; "Member States", "Europeans", names the
    lemmatiser leaves as they are) or a collective singular ("the international community",
    "industry"): not one of them ("a partner")."""
    lemma = token.lemma_.lower()
    if token.tag_ in ("NNP", "NNPS") and token.lower_.endswith("s"):
        lemma = token.lower_[:-1]
    elif token.tag_ not in ("NNS", "NNPS"):
        return lemma in _COLLECTIVE
    if lemma == "leader":  # "European leaders", "world leaders"; not the leaders just named
        return any(c.dep_ in ("amod", "compound") for c in token.children)
    return lemma in _GROUP_NOUNS


def _bare(ctx: Context, token: Token) -> bool:
    """ "urged allies to …", "the 32 allies", "the alliance": not someone's ("Ukraine's
    allies", "allies of Kyiv", "Asian allies"), and not a name the linker already read."""
    if token.lower_ == "ally" and not any(c.lower_ in _EVERY for c in token.children):
        return False
    return ctx.linked.entity_at(token) is None and all(
        c.dep_ in _BARE_MODIFIERS and c.lower_ not in _OTHER_ALLIES for c in token.children)


def _demanded_clause(clause: Token) -> bool:
    """ "demanded that Russia withdraws", or without "that" only in the subjunctive:
    "demanded Russia withdraw" (not "insisted Russia was to blame"); and a clause that
    follows the verb, not one that another verb between them reports."""
    marker = marker_of(clause)
    between = clause.doc[clause.head.i + 1 : clause.left_edge.i]
    if any(t.pos_ == "VERB" for t in between):
        return False  # "asked for X, acknowledging that …": the clause is another verb's
    return marker == "that" or (not marker and clause.tag_ == "VB")


def _with_conjuncts(verb: Token) -> list[str]:
    """Each demand of "must spend more, produce more and innovate faster", and of "to A,
    to B and to C" (where the parser hangs "to B" on A as a clause of its own)."""
    listed = [c for c in verb.children if c.dep_ == "advcl" and _listed_infinitive(c)]
    verbs = [verb, *verb.conjuncts, *(v for c in listed for v in (c, *c.conjuncts))]
    return [clause_text(v, aside=False) for v in verbs if v is verb or _another_demand(v)]


def _another_demand(verb: Token) -> bool:
    """A coordinated verb that is one more demand: not an outcome, not a clause with a
    subject of its own ("Russia must stop and NATO will respond"), and not the speaker
    acting again ("called on Allies to spend more and pressed Hungary to …"), nor what
    the call sets against the demand ("act now rather than wait")."""
    before = {verb.doc[max(i - 2, 0) : i].text.lower() for i in (verb.i, verb.left_edge.i)}
    return (
        verb.pos_ == "VERB"
        and not before & _CONTRASTS
        and verb.lemma_ not in _OUTCOME_VERBS | URGE_VERBS | _DEMAND_VERBS | REPORTING_VERBS
        and child_of(verb, ("nsubj", "nsubjpass")) is None
    )


def _listed_infinitive(clause: Token) -> bool:
    """ "…, to withdraw": an infinitive after a comma, the next item of a list."""
    first = clause.left_edge
    return first.lower_ == "to" and first.i > 0 and first.nbor(-1).text == ","


def _must(ctx: Context, verb: Token) -> _Call | None:
    subject = child_of(verb, ("nsubj",))
    if subject is None or verb.lemma_ in _OUTCOME_VERBS or not asserted(verb):
        return None
    if subject.lower_ == "they" and verb.dep_ == "ccomp" and verb.head.lemma_ in _TELLING:
        subject = child_of(verb.head, ("dobj",)) or subject  # "told allies they must …"
    elif subject.lower_ in ("it", "they"):
        subject = _quoted_antecedent(ctx, subject) or subject
    if subject.lemma_.lower() in _COLLECTIVE:
        return None  # "Europe's industry must produce more" asks industry, not Europe
    targets = _targets(ctx, subject, ACTOR_KINDS, groups=False)
    if not targets:
        return None
    return ctx.claimant(verb), targets, _with_conjuncts(verb), "must"


def _quoted_antecedent(ctx: Context, pronoun: Token) -> Token | None:
    """ "“Russia bears full responsibility. It must withdraw.”": whom a quoted "it" or
    "they" opening a sentence means, the subject of the quotation's sentence before when
    that names a state or an organisation."""
    quote, sent = ctx.quote_at(pronoun.idx), ctx.sentence_of(pronoun.i)
    if quote is None or sent.start == 0 or pronoun.i != sent.start:
        return None
    before = ctx.sentence_of(sent.start - 1)
    subject = child_of(before.root, ("nsubj",))
    if subject is None or ctx.quote_at(subject.idx) != quote:
        return None
    return subject if ctx.entities(subject) else None


def _called_for(verb: Token) -> Token | None:
    """The clause of "calling for Europe to take more responsibility"."""
    return next((c for c in verb.children if c.dep_ in ("advcl", "ccomp")
                 and is_infinitive(c) and marker_of(c) == "for"), None)


def _need(ctx: Context, verb: Token) -> _Call | None:
    """ "Allies need to be on a realistic path", said by someone: a demand like "must".
    "We need allies to send more" is read as "want" (see `_urged`). Not a forecast: "many
    Allies will need to spend more" says what is coming, it asks nothing."""
    subject = child_of(verb, ("nsubj",))
    demand = child_of(verb, ("xcomp",))
    if subject is None or demand is None or not is_infinitive(demand) or has_modal(
            verb, _FORECAST) or _in_position(demand):
        return None
    targets = _targets(ctx, subject, ACTOR_KINDS, groups=False)
    return (ctx.claimant(verb), targets, _with_conjuncts(demand), "need") if targets else None


def _in_position(verb: Token) -> bool:
    """ "Ukraine needs to be in the strongest possible position": where others must put
    someone, a need stated, not a demand on them."""
    return verb.lemma_ == "be" and any(
        obj.lemma_ == "position" for obj in prep_objects(verb, ("in",)))


def _that_clause(adjective: Token) -> Token | None:
    """The clause of "it is vital that X does Y", attached to the adjective or to "is"."""
    clause = child_of(adjective, ("ccomp",))
    if clause is None and adjective.dep_ == "acomp":
        clause = child_of(adjective.head, ("ccomp",))
    return clause


def _infinitives(verb: Token, addressed: list[Token]) -> list[str]:
    """The demands of "call on X to do Y and (to) do Z" / "urge X to do Y": "do Y", "do Z"
    (on the verb, or on `addressed`, the phrases naming whom the call is to)."""
    for child in verb.children:
        if child.dep_ in ("xcomp", "advcl", "ccomp") and is_infinitive(child):
            return _with_conjuncts(child)
        if child.dep_ == "ccomp" and (inner := _past_relative(child)) is not None:
            return _with_conjuncts(inner)
    for obj in addressed:
        for child in obj.children:
            if child.dep_ == "relcl" and (inner := _past_relative(child)) is not None:
                return _with_conjuncts(inner)
            if child.dep_ in ("acl", "relcl", "xcomp"):
                return _with_conjuncts(child)
    return []


def _durations(verb: Token) -> list[Token]:
    """ "pressed allies for months to spend more": the parser hangs the demand on how long."""
    return [obj for obj in prep_objects(verb, ("for",)) if obj.ent_type_ in ("DATE", "TIME")]


def _someone_elses(verb: Token) -> bool:
    """ "credited Trump for pushing Europeans to spend more", "urged MPs to keep pressing
    their governments to spend more": an urging the sentence ascribes to someone else, a
    gerund after a preposition or a part of what another call demands."""
    if verb.tag_ == "VBG" and verb.dep_ == "pcomp":
        return True
    for child, head in pairwise([verb, *verb.ancestors]):
        if child.dep_ == "conj":
            return False  # "called on Allies to spend more and pressed Hungary to …"
        if (head.lemma_ in URGE_VERBS | _DEMAND_VERBS and head.pos_ == "VERB"
                and child.dep_ in ("xcomp", "ccomp") and is_infinitive(child)):
            return True
    return False


def _supposed(verb: Token) -> bool:
    """ "said he would encourage Russia to …": a call someone says they might make, not one
    made ("I would urge Allies to …" is one, politely put); and "Allies should press the US
    to …", a call the writer asks others to make, not one they made."""
    bare = verb.dep_ == "conj" and verb.tag_ == "VB"  # "should lock in … and press X to"
    first = verb.head if bare else verb
    subject = child_of(first, ("nsubj",))
    return has_modal(first, ("would", "could", "might", "may", "should", "must")) and (
        subject is None or subject.lower_ not in ("i", "we"))


def _asked_for(verb: Token) -> list[str]:
    """ "asked allies for more shells", "appealed to Norway for faster deliveries": what is
    asked for is the demand (not what someone is told or wanted for)."""
    if verb.lemma_ not in _ASKING:
        return []
    return [obj.doc[obj.left_edge.i : obj.right_edge.i + 1].text
            for obj in prep_objects(verb, ("for",))
            if obj.ent_type_ not in ("DATE", "TIME")]  # "pressed Norway for months"



def _past_relative(clause: Token) -> Token | None:
    """ "called on all Allies that are not yet at 2% to present plans": the demand is the
    infinitive after the relative clause that narrows the target (the parser hangs it on
    the relative clause), not the relative clause itself."""
    subject = child_of(clause, ("nsubj", "nsubjpass"))
    if subject is None or subject.lower_ not in _RELATIVE_PRONOUNS:
        return None
    return next((c for c in clause.children
                 if c.dep_ in ("xcomp", "advcl") and is_infinitive(c)), None)
