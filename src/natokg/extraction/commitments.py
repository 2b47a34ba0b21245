"""Commitments: money pledged ("deals worth 10 billion dollars for ammunition") and
support promised ("agreed to purchase", "will deliver a Patriot system to Ukraine")."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Span, Token

from natokg.extraction.calls_on import NECESSITY_ADJECTIVES, URGE_VERBS
from natokg.extraction.context import ACTOR_KINDS, REPORTING_VERBS, Context
from natokg.extraction.money import money_spans, parse_money
from natokg.extraction.parse import (
    asserted,
    child_of,
    clause_text,
    has_modal,
    is_infinitive,
    phrase,
    prep_objects,
)
from natokg.extraction.registry import Trigger, relation
from natokg.extraction.triggers import Found
from natokg.gazetteer import load_gazetteer
from natokg.model import Commitment, Entity, Kind

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
# Verbs that commit a share of the economy as "spend" does: "will allocate 2.5% of GDP".
_SHARE_VERBS = {"spend", "allocate", "invest", "dedicate", "devote"}
COMMIT_VERBS = {
    *_SHARE_VERBS,
    "pledge",
    "decide",
    "promise",
    "vow",
    "commit",
    "agree",
    "announce",
    "approve",
    "provide",
    "give",
    "allocate",
    "spend",
    "invest",
    "sign",
    "endorse",
    "deliver",
    "donate",
    "contribute",
    "earmark",
    "budget",
    "finance",
    "fund",
    "offer",
    "reaffirm",
    "recommit",
    "open",
    "take",
    "add",
    "increase",
    "boost",
    "adopt",
    "launch",
    "unveil",
    "send",
    "supply",
    "transfer",
    *(_PURCHASE_VERBS := {"buy", "purchase", "order", "acquire", "procure"}),
    *(_ESTABLISH_VERBS := {"establish", "set", "create", "deploy", "build", "station"}),
}
# Verbs that commit to a spending target, not to an amount: "will meet NATO's target of
# spending 2%", "will raise defence spending to 2.5% of GDP".
_TARGET_VERBS = {"meet", "reach", "hit", "raise", "lift", "increase", "boost"}
# Verbs of spending that rises to a share: "defence spending will rise to 2.5% of GDP".
_RISING_VERBS = {"rise", "increase", "grow", "climb", "go"}
_SUPPORT_WORDS = {"support", "assistance", "aid", "training", "help", "donation", "contribution"}
# Verbs whose infinitive is a commitment: "agreed to purchase", "pledged to invest".
_PROMISE_VERBS = {"agree", "pledge", "commit", "promise", "decide", "undertake", "vow", "intend",
                  "recommit"}
# Verbs that commit when something goes "to" a recipient: "will deliver a Patriot system to
# Ukraine".
_DELIVERY_VERBS = {"deliver", "send", "provide", "donate", "supply", "transfer", "give"}

# Verbs that commit whatever they take when it is counted: "pledged 1,000 missiles".
# (Sending goes through deliveries to a partner: "sent two ministers" commits nothing.)
_PLEDGE_VERBS = {"pledge", "promise", "offer", "donate", "commit"}
# What "reaffirmed … support" restates rather than commits anew.
_BARE_SUPPORT = _SUPPORT_WORDS | {"commitment", "solidarity"}

_VERB_CONFIDENCE = 0.8  # a commitment without an amount
_GUESSED_BENEFICIARY_CONFIDENCE = 0.65  # support for the partner the article is about


@relation(
    "commitments",
    triggers={
        "money": Trigger(numbers=True),
        "verbs": Trigger(lemmas=frozenset(COMMIT_VERBS | _TARGET_VERBS | _RISING_VERBS)),
        "nouns": Trigger(lemmas=frozenset(COMMITMENT_NOUNS)),
    },
    confidence=0.85,
)
def commitments(ctx: Context, triggered: Found, sent: Span) -> Iterator[Commitment]:
    """Amounts first, then committing verbs no amount was read under; a commitment
    already given in the document (a headline repeating its first sentence) is not
    given again."""
    if (listed := _listed_promise(ctx, triggered, sent) or _tallied(ctx, sent)) is not None:
        yield from _first_time(ctx, listed)
        return
    anchored: set[int] = set()
    amounts = money_spans(sent, ctx.sentence_ents(sent), triggered(sent, "money"))
    restated = _conversions(amounts)
    for ent in amounts:
        if ent.start not in restated:
            commitment = _money_commitment(ctx, triggered, sent, ent)
            if commitment is not None:
                anchored.update(_governing_verbs(ent.root))
                for each in _each_committer(ctx, sent, commitment):
                    yield from _first_time(ctx, each)
    for verb in triggered(sent, "verbs"):
        if verb.pos_ == "VERB" and verb.i not in anchored:
            commitment = _verb_commitment(ctx, triggered, sent, verb)
            if commitment is not None:
                anchored.update(t.i for t in verb.children if t.dep_ == "xcomp")
                acts = _promised_acts(verb) if commitment.evidence.rule.endswith("-to") else []
                anchored.update(t.i for t in acts)
                also = acts[1:]
                commitment, others = _split_gaps(ctx, verb, commitment)
                for other in others:
                    yield from _first_time(ctx, other)
                for each in _each_committer(ctx, sent, commitment):
                    yield from _first_time(ctx, each)
                    for added in _in_addition(verb):
                        yield from _first_time(ctx, replace(each, description=phrase(added)))
                    for act in also:
                        yield from _first_time(ctx, replace(
                            each, description=_without_asides(clause_text(act))))


def _listed_promise(ctx: Context, triggered: Found, sent: Span) -> Commitment | None:
    """ "Allies also agreed to:" and then "• provide 40 billion euros …", "• establish a
    centre …": each item of a list under a promise is a commitment of whoever promised,
    with the amount it names, for the partner it names."""
    act = next((t for t in sent if t.text not in _BULLETS and not t.is_space), None)
    lead = _lead_in(ctx, sent) if act is not None and act.pos_ == "VERB" else None
    if act is None or lead is None:
        return None
    committer = _committer(ctx, triggered, lead, lead.sent)
    if committer is None or _outsider(committer):
        return None
    money = next((m for m in money_spans(sent, ctx.sentence_ents(sent)) if not _share(m)), None)
    amount, currency = parse_money(money.text) if money is not None else (None, None)
    return Commitment(
        committer=committer,
        description=_without_asides(clause_text(act)).split(";")[0].strip(),
        amount=amount,
        currency=currency,
        beneficiary=_beneficiary(ctx, [act]) or _recipient(ctx, act) or next(
            (e for t in act.subtree if _helped_partner(e := ctx.linked.entity_at(t))), None),
        evidence=ctx.evidence(sent, "listed-promise", _VERB_CONFIDENCE),
    )


_BULLETS = {"•", "-", "–", "—", "*", "·", "▪"}


def _tallied(ctx: Context, sent: Span) -> Commitment | None:
    """ "- Norway: six F-16s, with …": a list tallying what each state gives, by state and
    count, to the partner the article is about."""
    words = [t for t in sent if not t.is_space]
    if len(words) < 4 or words[0].text not in _BULLETS:
        return None
    colon = next((t for t in words[1:5] if t.text == ":"), None)
    link = ctx.linked.link_at(words[1]) or ctx.linked.link_at(words[2])
    if colon is None or link is None or link.end != colon.i:  # not "- Polish PM: 19 …"
        return None
    state = link.entity
    count = colon.doc[colon.i + 1] if colon.i + 1 < sent.end else None
    partner = _main_partner(ctx)
    if (state is None or state.kind is not Kind.COUNTRY or _outsider(state) or count is None
            or not count.like_num or partner is None or partner == state):
        return None
    end = next((t.i for t in sent[count.i - sent.start :] if t.text in (",", ";", "(")), sent.end)
    return Commitment(
        committer=state,
        description=ctx.doc[count.i : end].text.strip(" .\n"),
        amount=None,
        currency=None,
        beneficiary=partner,
        evidence=ctx.evidence(sent, "tallied", _GUESSED_BENEFICIARY_CONFIDENCE),
    )


def _lead_in(ctx: Context, sent: Span) -> Token | None:
    """The promise a list item hangs on: the "agreed to:" / "committed to:" that ends the
    last sentence before the list (earlier items of the same list skipped)."""
    if sent[0].text not in _BULLETS:
        return None
    start = sent.start
    while start > 0:
        before = ctx.sentence_of(start - 1)
        words = [t for t in before if not t.is_space]
        if words and words[0].text in _BULLETS:
            start = before.start
            continue
        if len(words) >= 3 and words[-1].text == ":" and words[-2].lower_ == "to" and (
                words[-3].lemma_ in _PROMISE_VERBS):
            return words[-3]
        return None
    return None


def _split_gaps(
    ctx: Context, verb: Token, commitment: Commitment
) -> tuple[Commitment, list[Commitment]]:
    """The commitment of the verb's own subject, and those of the states that a gapped
    object names ("Denmark will send two jets, France three fighters")."""
    obj = child_of(verb, ("dobj",))
    gaps = _gapped(ctx, verb, obj) if obj is not None else []
    if obj is None or not gaps:
        return commitment, []
    skip = {t.i for _, thing in gaps for t in (*thing.subtree, thing.doc[thing.left_edge.i - 1])}
    own = replace(commitment, description=f"{verb.lemma_} {phrase(obj, skip)}")
    return own, [replace(commitment, committer=state,
                         description=f"{verb.lemma_} {_gap(ctx, thing, obj)}")
                 for state, thing in gaps]


def _gapped(ctx: Context, verb: Token, obj: Token) -> list[tuple[Entity, Token]]:
    """ "Denmark will send two jets, France three fighters, and Germany four jets": a state
    heading a later conjunct of the object gives that conjunct, the verb left out (the
    parser hangs the state on the conjunct, or makes it a conjunct of its own)."""
    found = []
    things = sorted(obj.conjuncts, key=lambda t: t.i)
    for thing, after in itertools.zip_longest(things, things[1:]):
        first = thing.doc[thing.left_edge.i]
        state = ctx.linked.entity_at(first)
        if state is None or state.kind is not Kind.COUNTRY or first.i <= verb.i + 1 or (
                thing.doc[first.i - 1].lower_ not in (",", "and")):
            continue
        if first.dep_ in ("nmod", "compound", "nsubj"):
            found.append((state, thing))
        elif first == thing and after is not None and after.left_edge.i == thing.i + 1:
            found.append((state, after))  # "…, and Finland four howitzers"
        elif first == thing and _counted(thing):
            found.append((state, thing))  # "committed 24 F-16s and Denmark 19"
    return found


def _gap(ctx: Context, thing: Token, obj: Token) -> str:
    """What a gapped conjunct gives: "three Rafale fighters" of "France three Rafale
    fighters, and Germany …", without the state nor the conjuncts after it; a bare count
    ("and Denmark 19") counts the things the verb's object names."""
    if ctx.linked.entity_at(thing) is not None:
        count = " ".join(c.text for c in thing.children if c.dep_ == "nummod")
        return f"{count} {obj.text}"
    later = {t.i for c in thing.children if c.dep_ in ("conj", "cc", "punct") for t in c.subtree}
    states = {t.i for t in thing.subtree if (e := ctx.linked.entity_at(t)) is not None
              and e.kind is Kind.COUNTRY}
    return phrase(thing, later | states)


def _promised_acts(verb: Token) -> list[Token]:
    """What "agreed/pledged to" promises: "agreed to increase the troops … and to reinforce
    the battlegroups" is two commitments; in "agreed to step up and deliver more air
    defence" only the delivery says what is promised."""
    xcomp = child_of(verb, ("xcomp",)) if verb.lemma_ in _PROMISE_VERBS else None
    if xcomp is None and verb.lemma_ == "commit":
        xcomp = _committed_to(verb)
    if xcomp is None:
        return []
    acts = [a for a in (xcomp, *(c for c in xcomp.conjuncts if c.tag_ == xcomp.tag_))
            if _promised_act(a)]  # not "to station a brigade, integrated into plans"
    contentful = [a for a in acts if not _bare_act(a)]
    return contentful if len(acts) > 1 else acts


def _committed_to(verb: Token) -> Token | None:
    """ "We are committed to sustaining support to Ukraine": the act a commitment is to,
    when no rule of its own reads it (spending, delivering … are read where they stand)."""
    acts = [a for p in verb.children if p.dep_ == "prep" and p.lower_ == "to"
            for a in p.children if a.dep_ == "pcomp" and a.tag_ == "VBG"]
    return acts[0] if acts and acts[0].lemma_ not in COMMIT_VERBS | _TARGET_VERBS else None


def _bare_act(verb: Token) -> bool:
    """ "step up": an act with nothing it acts on."""
    return all(c.dep_ in ("aux", "prt", "cc", "conj", "punct", "advmod") for c in verb.children)


def _in_addition(verb: Token) -> list[Token]:
    """ "will send 600 missiles, in addition to the 14 tanks announced last week": the
    things counted "in addition" were committed too, by the same state to the same one."""
    return [thing for addition in prep_objects(verb, ("in",)) if addition.lower_ == "addition"
            for thing in prep_objects(addition, ("to",))
            if any(_counted(t) for t in (thing, *thing.conjuncts))]


def _each_committer(ctx: Context, sent: Span, commitment: Commitment) -> list[Commitment]:
    """ "the United States, Germany and Romania would provide …": each state named as
    the subject commits, the first named no more than the others."""
    committer = commitment.committer
    for token in sent:
        entity = ctx.linked.entity_at(token)
        if (entity is not None and committer is not None and entity.id == committer.id
                and (token.dep_ in ("nsubj", "nsubjpass") or _decision_maker(token)
                     or _they_stand_for(ctx, token, committer))):
            named = [*ctx.entities(token, (Kind.COUNTRY,)),
                     *(e for c in _listed_appositions(token)
                       for e in ctx.entities(c, (Kind.COUNTRY,)))]
            states = [e for e in dict.fromkeys(named) if not _outsider(e)]
            if len(states) > 1:
                return [replace(commitment, committer=state) for state in states]
    return [commitment]


def _they_stand_for(ctx: Context, token: Token, committer: Entity) -> bool:
    """Whether a "they" later in the sentence stands for the states `token` heads."""
    return any(t.lower_ == "they" and t.dep_ in ("nsubj", "nsubjpass") and t.i > token.i
               and committer in _they_states(ctx, t) for t in token.sent)


def _decision_maker(token: Token) -> bool:
    """ "the decision of Poland and Norway", "the announcement made by the United States,
    Germany and Italy": who made the decision (or announcement) the commitment is."""
    if token.dep_ != "pobj":
        return False
    owner = token.head.head
    if owner.dep_ == "acl":  # "made by"
        owner = owner.head
    return owner.lemma_ in _DECISION_NOUNS


def _listed_appositions(token: Token) -> list[Token]:
    """ "the United States, Germany, the Netherlands and Romania": a list the parser
    hangs on its first name as an apposition (one with conjuncts of its own)."""
    return [c for c in token.children if c.dep_ == "appos" and c.conjuncts]


def _first_time(ctx: Context, commitment: Commitment) -> Iterator[Commitment]:
    """The commitment unless the document already stated it: the same committer and
    amount, or with no amount the same committer, beneficiary and description."""
    gist = ("gist", _committer_key(commitment), _content_words(commitment.description))
    if commitment.amount is None and any(
        _restates(gist, key) for key in ctx.stated if key[0] == "gist"
    ):
        return  # "agree to boost ammunition production" … "agreed to ramp up its production"
    ctx.stated.add(gist)
    key = (
        commitment.committer.id if commitment.committer else None,
        str(commitment.amount) if commitment.amount is not None else None,
        commitment.currency,
        None if commitment.amount is not None else _gist(commitment),
    )
    if key not in ctx.stated:
        ctx.stated.add(key)
        if commitment.committer is not None and commitment.committer.kind is not Kind.PERSON:
            ctx.last_committer = commitment.committer
        yield commitment


def _committer_key(commitment: Commitment) -> str:
    """Who commits, however named: "NATO Defence Ministers" and then "Ministers" are the
    same officials."""
    committer = commitment.committer
    if committer is None:
        return ""
    return committer.id if committer.from_gazetteer else committer.label.split()[-1].lower()


def _content_words(description: str) -> frozenset[str]:
    """What a description is about, without its committing verb, numbers or small words."""
    words = (w.strip(".,;:'’\"()").removesuffix("s") for w in description.lower().split())
    return frozenset(w for w in words if len(w) > 2 and w not in _NOT_CONTENT
                     and not w[:1].isdigit())


_NOT_CONTENT = {"the", "and", "for", "with", "its", "their", "our", "into", "from", "more",
                "new", "further", "additional", *COMMIT_VERBS, *_PROMISE_VERBS,
                *_DELIVERY_VERBS}


def _restates(gist: tuple[object, ...], earlier: tuple[object, ...]) -> bool:
    """Whether a commitment restates one stated before by the same committer: their
    descriptions share at least two content words, most of the shorter one's."""
    if gist[1] != earlier[1]:
        return False
    words, before = gist[2], earlier[2]
    assert isinstance(words, frozenset) and isinstance(before, frozenset)
    shared = len(words & before)
    return shared >= 2 and shared * 3 >= 2 * min(len(words), len(before))


def _gist(commitment: Commitment) -> str:
    """A description's words, whatever their case or inflection (a headline's
    "Pledge Support" and a body's "pledged support")."""
    words = (w.rstrip("s").removesuffix("ed").removesuffix("e") for w in
             commitment.description.lower().split())
    beneficiary = commitment.beneficiary.id if commitment.beneficiary else ""
    return " ".join(sorted(set(words))) + f"|{beneficiary}"


def _conversions(amounts: list[Span]) -> set[int]:
    """Where an amount restates the one before it in another currency, "€40 billion
    ($43 billion)": the same commitment, not a second one. By each amount's start."""
    ends = {span.end for span in amounts}
    restated = set()
    for span in amounts:
        i = span.start - 1
        while i >= span.sent.start and span.doc[i].lower_ in _APPROXIMATELY:
            i -= 1
        if i > span.sent.start and span.doc[i].text in ("(", "[") and i in ends:
            restated.add(span.start)
    return restated


_APPROXIMATELY = {"about", "around", "roughly", "some", "approximately", "nearly", "almost", "or"}


# States whose own news writes their dollars "$": Canberra's "$110 million" is Australian.
_LOCAL_DOLLARS = {"australia": "AUD", "canada": "CAD", "new-zealand": "NZD"}


def _bare_dollars(text: str) -> bool:
    """ "$110 million", "110 million dollars", not "US$110 million" nor "110 million US
    dollars"."""
    return bool(re.search(r"\$|\bdollars?\b", text)) and not re.search(
        r"\b(?:US|U\.S\.|USD|American)\s*\$?|[A-Z]\$", text)


def _money_commitment(
    ctx: Context, triggered: Found, sent: Span, money: Span
) -> Commitment | None:
    before = ctx.doc[max(money.start - 1, 0) : money.start].text  # "£" left out of "1.5bn"
    amount, currency = parse_money(money.text, before)
    if amount is None or _share(money) or _per_item(money):
        return None  # "2.5 per cent of national income" is a target, not an amount
    heads = _money_heads(money)
    if not any(
        h.lemma_ in COMMITMENT_NOUNS | COMMIT_VERBS | {"worth", "include"} for h in heads
    ) or not asserted(money.root):
        return None
    verb = next((h for h in heads if h.pos_ == "VERB" and h.lemma_ in COMMIT_VERBS
                 and not _builds_on(h)), None)
    if verb is not None and (_demanded(verb) or _obliged(verb) or _hypothetical(verb)):
        return None  # "Allies must spend $1 billion more" is a demand, "could create" a guess
    noun = next((h for h in heads if h.lemma_ in COMMITMENT_NOUNS), None)
    description = _money_description(money, verb)
    committer = _committer(ctx, triggered, verb or money.root.head, sent) or (
        _helpers_group(ctx, verb) if verb is not None else None)
    if committer is None or _outsider(committer):
        return None  # a commitment nobody is known to make is no fact
    committer = _giving_state(ctx, committer, noun)
    committer = _funding_state(ctx, committer, description)
    if currency == "USD" and _bare_dollars(f"{before} {money.text}"):
        state = ctx.linked.represented(committer) or committer
        currency = _LOCAL_DOLLARS.get(state.id, currency)
    obj = child_of(verb, ("dobj",)) if verb is not None else None
    beneficiary = _beneficiary(ctx, [t for t in (noun, obj, money.root) if t is not None])
    if beneficiary is None and verb is not None:  # "allocate €40 billion … to Ukraine"
        beneficiary = _recipient(ctx, verb) or _beneficiary(ctx, [verb])
    return Commitment(
        committer=committer,
        description=description,
        amount=amount,
        currency=currency,
        beneficiary=beneficiary,
        evidence=ctx.evidence(sent, "money-commitment", triggered.confidence),
    )


def _verb_commitment(
    ctx: Context, triggered: Found, sent: Span, verb: Token
) -> Commitment | None:
    if (not asserted(verb) or _under_necessity(verb) or _demanded(verb) or _obliged(verb)
            or _hypothetical(verb) or _recalled(ctx, verb) or _habit(verb)):
        return None
    if verb.lemma_ == "take" and not any(
        c.dep_ == "prt" and c.lower_ == "over" for c in verb.children
    ):
        return None
    obj = child_of(verb, ("dobj",))
    xcomp = child_of(verb, ("xcomp",))
    if obj is not None and (verb.lemma_ == "reaffirm" or _going_on(verb)) and (
            obj.lemma_ in _BARE_SUPPORT | {"aid"}):
        return None  # "reaffirmed their continued support", "will continue to provide aid"
    if verb.lemma_ in _TARGET_VERBS and obj is not None and _spending_target(verb, obj):
        description, rule = _without_asides(clause_text(verb)), "spending-target"
    elif (spending := _rising_spending(verb)) is not None:  # "defence spending rise to …"
        description = f"{phrase(spending)} {_without_asides(clause_text(verb))}"
        rule = "spending-will-rise"
    elif verb.lemma_ not in COMMIT_VERBS or (
            verb.lemma_ in _TARGET_VERBS and obj is not None and obj.lemma_ in _SPENDING_NOUNS):
        return None  # "raised the support Russia receives", "meet that pledge", "increase
        # its spending" (by how much, unsaid)
    elif obj is not None and _names_commitment(obj):
        description, rule = phrase(obj), "commit-object"
    elif verb.lemma_ in _SHARE_VERBS and obj is not None and _committed_spending(verb, obj):
        verb_word = "spending" if verb.lemma_ == "spend" else verb.lemma_
        description, rule = f"{verb_word} {phrase(obj)}", "spend"
    elif acts := _promised_acts(verb):
        description, rule = _without_asides(clause_text(acts[0])), f"{verb.lemma_}-to"
    elif (verb.lemma_ in _PLEDGE_VERBS or (verb.lemma_ in _PURCHASE_VERBS and _promised(verb))
          ) and obj is not None and _counted(obj):  # "would buy 12 F-35A jets"
        description, rule = f"{verb.lemma_} {phrase(obj)}", "pledge-count"
    elif verb.lemma_ == "contribute" and _promised(verb) and any(
            o.lemma_.lower() in _CONTRIBUTION_ENDS for o in prep_objects(verb, ("to",))):
        description, rule = _without_asides(clause_text(verb)), "contribute-to"  # "to a fund"
    elif verb.lemma_ in _FUNDING_VERBS and obj is not None and obj.pos_ != "PRON" and (
            _promised_funding(verb)):  # not "to fund it"
        description, rule = _without_asides(clause_text(_helped_act(verb))), "will-fund"
    elif (verb.lemma_ in _ESTABLISH_VERBS or (verb.lemma_ == "open" and obj is not None and
                                              obj.lemma_ in _OPENED_SITES)) and obj is not None \
            and _announced_plan(verb):
        description, rule = _without_asides(clause_text(verb)), "will-establish"
    elif (sent_out := _counted_passive(verb)) is not None:
        description, rule = f"{verb.lemma_} {phrase(sent_out)}", "will-be-sent"
    elif verb.lemma_ in _DELIVERY_VERBS and obj is not None and not _done(verb) and (
        _recipient(ctx, verb) or _promised_supply(verb, obj)
    ):
        given = next(iter(prep_objects(verb, ("with",))), obj)  # "provide Ukraine with X"
        description = f"{verb.lemma_} {phrase(given)}{_made_for(ctx, verb, given)}{_listed(verb)}"
        rule = "deliver-to"
    else:
        return None
    committer = _committer(ctx, triggered, verb, sent)
    if committer is None and rule in ("will-be-sent", "spending-will-rise"):
        committer = _announcing_state(ctx, verb)
    if committer is None or _outsider(committer):
        return None  # "it will spend 7% of its GDP": whose promise is unknown
    committer = _giving_state(ctx, committer, obj)
    beneficiary = _dative(ctx, verb, obj) or _beneficiary(
        ctx, [t for t in (obj, xcomp, verb) if t is not None])
    if beneficiary is None or beneficiary.ally_since:  # "to the UK to train Ukrainian troops"
        beneficiary = _trained_partner(ctx, verb) or beneficiary
    if beneficiary is None and obj is not None:
        beneficiary = _receiver(ctx, obj)
    if beneficiary is None and (served := obj if obj is not None else xcomp) is not None:
        beneficiary = _owner(ctx, served, committer)
    if beneficiary is None and rule == "deliver-to":  # not "to the brigade": named, not his
        beneficiary = _recipient(ctx, verb) or (
            None if prep_objects(verb, ("to",)) else _main_partner(ctx))
    if beneficiary is None and rule == "will-fund" and obj is not None:
        beneficiary = _partner_within(ctx, obj)
    if beneficiary is None and rule == "pledge-count" and verb.lemma_ in _PLEDGE_VERBS:
        beneficiary = _main_partner(ctx)  # "Norway has pledged six aircraft"
    confidence = _VERB_CONFIDENCE
    if beneficiary is None and _SUPPORT_WORDS & {
            w.removesuffix("s") for w in description.lower().split()}:
        beneficiary, confidence = _main_partner(ctx), _GUESSED_BENEFICIARY_CONFIDENCE
    return Commitment(
        committer=committer,
        description=description,
        amount=None,
        currency=None,
        beneficiary=beneficiary,
        evidence=ctx.evidence(sent, rule, confidence),
    )


# Verbs that pay for what they take: "would help finance long-range weapons".
_FUNDING_VERBS = {"finance", "fund", "co-finance", "cofinance", "bankroll"}


def _partner_within(ctx: Context, thing: Token) -> Entity | None:
    """ "will finance the manufacture of long-range weapons in Ukraine": the partner what
    is paid for is made in or for."""
    return next((e for t in thing.subtree if _helped_partner(e := ctx.linked.entity_at(t))),
                None)


def _helped_act(verb: Token) -> Token:
    """The "help" a funding verb hangs on ("help finance …"), else the verb itself."""
    return verb.head if verb.dep_ == "xcomp" and verb.head.lemma_ == "help" else verb


def _promised_funding(verb: Token) -> bool:
    """ "will fund two new frigates", "would help finance long-range weapons for
    Ukraine": paying for things is promised when said as what will be done, not when it
    was done ("funded the project") or is a habit."""
    return (_promised(verb) or _promised(_helped_act(verb))) and not any(
        t.ent_type_ == "MONEY" for t in verb.subtree)  # sums are read as amounts, or not


def _promised_act(xcomp: Token) -> bool:
    """What "agreed/decided to" promises: an act, not one withheld ("decided not to
    attend", "agreed not to block it in exchange for …") nor ties two sides keep
    together ("Seoul and NATO agreed to cooperate on …", "agree to deepen alliance")."""
    return xcomp.pos_ == "VERB" and xcomp.lemma_ not in _MUTUAL_VERBS and not any(
        c.dep_ == "neg" or (c.dep_ == "dobj" and c.lemma_ in _MUTUAL_AIMS)
        for c in xcomp.children)


_MUTUAL_VERBS = {"cooperate", "collaborate", "deepen", "talk", "meet", "discuss", "work",
                 "consult", "engage"}
# What two sides keep up together ("agreed to keep up the momentum"): no one's pledge.
_MUTUAL_AIMS = {"momentum", "dialogue", "contact", "tie", "relation", "communication"}


def _made_for(ctx: Context, verb: Token, given: Token) -> str:
    """ "provide Ukraine with equipment for five air defence systems": what a bare thing
    given is for, when the parser hangs the "for" on the verb (whom it is for aside)."""
    after = given.right_edge.i + 1
    return "".join(f" for {phrase(o)}" for p in verb.children if p.i == after and p.dep_ == "prep"
                   and p.lower_ == "for" for o in prep_objects(verb, ("for",))
                   if not _states_named(ctx, o))


def _listed(verb: Token) -> str:
    """ "will deliver new capabilities to the brigade, including counter-drone systems":
    the things a vague object stands for, when the list hangs on the verb (or, as the
    parser may have it, on whom it goes to)."""
    heads = [verb, *prep_objects(verb, ("to",))]
    return "".join(f", {phrase(c)}" for head in heads for c in head.children
                   if c.dep_ == "prep" and c.lower_ == "including")


def _builds_on(verb: Token) -> bool:
    """ "This builds on the $13 million package": what it adds to, nothing built."""
    return verb.lemma_ == "build" and bool(prep_objects(verb, ("on", "upon")))


def _dative(ctx: Context, verb: Token, obj: Token | None) -> Entity | None:
    """ "offer Ukraine long-term security pledges": the partner given something, right
    after the verb, however the parser hangs it (a dative, or a modifier of the object)."""
    if verb.lemma_ not in _DELIVERY_VERBS | _PLEDGE_VERBS or obj is None:
        return None
    first = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if first is None:
        return None
    dative = first.dep_ == "dative" and first.head == verb
    modifier = first.dep_ in ("nmod", "compound") and first.head == obj
    entity = ctx.linked.entity_at(first) if dative or modifier else None
    return entity if _helped_partner(entity) else None


def _helped_partner(entity: Entity | None) -> bool:
    """A partner country that is not an Ally: whom support from Allies goes to."""
    return entity is not None and entity.kind is Kind.COUNTRY and bool(
        entity.partnerships or entity.partner) and not entity.ally_since


def _trained_partner(ctx: Context, verb: Token) -> Entity | None:
    """ "deploy 120 personnel to the United Kingdom to help train Ukrainian soldiers": the
    partner a purpose clause names is whom the commitment is for, not the Ally hosting it."""
    for clause in (c for c in verb.children if c.dep_ in ("advcl", "xcomp")
                   and is_infinitive(c)):
        for token in clause.subtree:
            entity = ctx.linked.entity_at(token)
            if _helped_partner(entity):
                return entity
    return None


def _receiver(ctx: Context, thing: Token) -> Entity | None:
    """ "the largest package of equipment Ukraine has received": the partner a relative
    clause says receives what is committed (or, as the parser may have it, a partner
    ending the phrase and a verb of receiving with no subject of its own after it)."""
    for clause in (c for c in thing.subtree if c.dep_ == "relcl" and c.lemma_ in _GOT_VERBS):
        subject = child_of(clause, ("nsubj",))
        found = ctx.entities(subject, (Kind.COUNTRY,)) if subject is not None else []
        if found and _helped_partner(found[0]):
            return found[0]
    last = thing.right_edge
    after = next((t for t in thing.doc[last.i + 1 : thing.sent.end] if t.dep_ != "aux"), None)
    partner = ctx.linked.entity_at(last)
    if (after is not None and after.lemma_ in _GOT_VERBS and child_of(after, ("nsubj",)) is None
            and _helped_partner(partner)):
        return partner
    return None


_GOT_VERBS = {"receive", "get", "request", "need", "ask"}


def _owner(ctx: Context, thing: Token, committer: Entity) -> Entity | None:
    """ "will support efforts to reinvigorate Türkiye's EU accession process", "agreed to
    send Sweden's accession protocol to parliament": the country whose own cause or
    thing the commitment serves, named as its owner (not the committer's own "its")."""
    for token in thing.subtree:
        entity = ctx.linked.entity_at(token) if token.dep_ == "poss" else None
        if entity is not None and entity.kind is Kind.COUNTRY and entity != committer and (
                ctx.linked.represented(committer) != entity):
            return entity
    return None


def _recalled(ctx: Context, verb: Token) -> bool:
    """ "In 2014, Allies pledged to spend 2%": a commitment of an earlier year, recalled
    rather than made; the dates of what was promised ("by 2035") do not count."""
    past = next((v for v in (verb, *verb.ancestors) if v.tag_ == "VBD"), None)
    if past is None or ctx.anchor is None:
        return False
    when = [t for c in past.children if c.dep_ in ("prep", "npadvmod", "advmod")
            and c.lower_ != "by" for t in c.subtree]
    date = ctx.date_of(when, "past")
    if date is None or date.year >= ctx.anchor.year:
        return False
    months = (ctx.anchor.year - date.year) * 12 + ctx.anchor.month - (date.month or 12)
    return months >= _RECENT_MONTHS  # "decided in December" (of last year) is still news


_RECENT_MONTHS = 3


def _habit(verb: Token) -> bool:
    """ "its policy of sending only non-lethal aid", "the cost of providing …": a gerund
    after "of" names a practice, not a promise."""
    return verb.dep_ == "pcomp" and verb.head.lower_ == "of"


def _done(verb: Token) -> bool:
    """ "South Korea has supplied shells": a delivery made, reported, not a promise."""
    return (verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have"
                                       for c in verb.children)) or (
        verb.tag_ == "VBD" and verb.dep_ == "relcl")  # "two minehunters that Britain gave"


def _promised_supply(verb: Token, obj: Token) -> bool:
    """ "France would supply long-range cruise missiles", "will donate all 19 of its
    howitzers": things a state will supply,
    whoever they are for, but not "will provide support/a platform" (no thing supplied)."""
    thing = next(iter(prep_objects(obj, ("of",))), obj) if obj.pos_ == "NUM" else obj
    return (has_modal(verb, ("will", "would", "shall")) or _decided(verb)) and thing.pos_ in (
        "NOUN", "PROPN") and thing.lemma_.lower() not in _ABSTRACT_SUPPLIES


# What a state contributes to ("will contribute to the trust fund"), not a good it
# furthers ("will contribute positively to global security").
_CONTRIBUTION_ENDS = {"fund", "coalition", "mission", "operation", "force", "effort",
                      "initiative", "programme", "program", "package", "pool", "budget"}
# Nouns for a commitment announced or decided, whose maker is "by"/"of" them or owns them.
_DECISION_NOUNS = {"decision", "announcement", "pledge", "promise", "commitment"}


def _decided(verb: Token) -> bool:
    """ "the decisions of Poland and Norway to provide tanks", "the announcement by Germany
    that it would supply tanks": what a decision made is to do."""
    return verb.dep_ == "acl" and verb.head.lemma_ in _DECISION_NOUNS


def _decider(ctx: Context, verb: Token) -> Entity | None:
    """Who made the decision `verb` is the content of: "by Germany", "of the United States,
    Poland …", "Germany's decision"."""
    if not _decided(verb):
        return None
    noun = verb.head
    made = [a for c in noun.children if c.dep_ == "acl" for a in c.children if a.dep_ == "agent"]
    owners = [*prep_objects(noun, ("by", "of")), *(c for c in noun.children if c.dep_ == "poss"),
              *(o for a in made for o in a.children if o.dep_ == "pobj")]  # "made by leaders"
    found = [e for owner in owners for e in ctx.entities(owner)]
    return found[0] if found else None


_ABSTRACT_SUPPLIES = {"support", "platform", "opportunity", "framework", "forum", "update",
                      "briefing", "assurance", "guidance", "leadership", "information",
                      "answer", "detail", "example", "space", "way", "basis", "signal"}


# What a state opens as it would set it up: "will open a diplomatic mission to NATO",
# "would open a factory in Ukraine" (not "open talks", "open the door", "open fire").
_OPENED_SITES = {"mission", "office", "embassy", "consulate", "representation", "centre",
                 "center", "base", "hub", "factory", "plant", "facility", "headquarters"}


def _announced_plan(verb: Token) -> bool:
    """ "would set up a permanent headquarters", "will deploy additional forces", "are
    deploying": a state's announced plan, not a past act ("built a base in 2010") nor a
    capacity ("can set up")."""
    if verb.lemma_ == "set" and not any(c.dep_ == "prt" and c.lower_ == "up"
                                        for c in verb.children):
        return False
    ongoing = verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be"
                                         for c in verb.children)
    return ongoing or has_modal(verb, ("will", "would", "shall", "'ll"))


def _outsider(committer: Entity) -> bool:
    """A state that is neither an Ally nor a partner ("North Korea is providing direct
    military support" to Russia): what it supplies is no commitment NATO news reports."""
    return committer.kind is Kind.COUNTRY and not (
        committer.ally_since or committer.partner or committer.partnerships)


def _recipient(ctx: Context, verb: Token) -> Entity | None:
    """A country or organisation something is sent "to" ("deliver … to Ukraine"), or
    provided "with" it ("provide Ukraine with air defence")."""
    given = child_of(verb, ("dobj",)) if prep_objects(verb, ("with",)) else None
    for obj in [*prep_objects(verb, ("to",)), *([given] if given is not None else [])]:
        friends = [e for e in _states_named(ctx, obj)
                   if e.partner or e.ally_since]  # not "drones to Russia"
        if friends:
            return friends[0]
    return None


def _committer(ctx: Context, triggered: Found, verb: Token, sent: Span) -> Entity | None:
    """Who commits: "spending from all Allies", the verb's subject, or "NATO's support"."""
    for token in triggered(sent, "nouns"):
        if token.lemma_ in COMMITMENT_NOUNS:
            for source in prep_objects(token, ("from", "by")):
                if found := ctx.entities(source):
                    return found[0]
    obj = child_of(verb, ("dobj",))
    # "reaffirmed NATO's support": NATO commits, not the speaker; but whoever meets
    # "NATO's target" commits, not NATO
    owner = child_of(obj, ("poss",)) if obj is not None and obj.lemma_ not in _TARGET_NOUNS \
        else None
    if owner is not None and (found := ctx.entities(owner)):
        return found[0]
    for candidate in (verb, *verb.ancestors):
        if candidate.lemma_ in REPORTING_VERBS | _EFFORT_NOUNS | _BRIEFING_VERBS and not (
                candidate.lemma_ in _GOING_ON_VERBS and child_of(candidate, ("xcomp",))):
            break  # the reporter is not the committer, nor who "briefed on the work to …"
        if (bound := _bound(ctx, candidate) or _decider(ctx, candidate)) is not None:
            return bound
        subject = child_of(candidate, ("nsubj", "nsubjpass"))
        if (body := _agreeing_body(ctx, candidate, subject)) is not None:
            return body
        if subject is not None:
            if subject.lower_ == "we":
                return _we(ctx, subject)
            if (group := _official_group(ctx, subject)) is not None:
                return group
            if (own := _own_state(ctx, subject)) is not None:
                return own
            if _bare_allies(subject):
                return _allies(ctx) or load_gazetteer().entities.get("allies")
            if candidate.lemma_ in _RECEIVING_VERBS or _helpers_of(ctx, subject) or any(
                    c.lower_ in _VAGUE - {"all", "both"} for c in subject.lefts):
                return None  # "Ukraine received commitments", "Ukraine's allies announced",
                # "several NATO members have announced …": some, unnamed
            if (joint := _joint_body(ctx, subject)) is not None:
                return joint
            found = ctx.entities(subject, (*ACTOR_KINDS, Kind.PERSON))
            if found and (state := _ministry_state(ctx, found[0])) is not None:
                return state
            if found and verb.lemma_ != "agree":  # "Erdogan agreed to …": a leader's deal
                return _state_led(ctx, found[0]) or found[0]
            if found:
                return found[0]
            if _given_from_above(candidate, subject):
                continue
            if _continuing(subject):  # "This builds on …", "The Government has also agreed"
                return ctx.last_committer
            if subject.lower_ == "they" and (states := _they_states(ctx, subject)):
                return states[0]  # "commended Denmark and Norway for their pledge that they …"
            if subject.lower_ in ("it", "they"):  # "the UK said it would provide"
                return _coordinated_subject(ctx, candidate) or _reporter(ctx, candidate)
            break
    return None


def _agreeing_body(ctx: Context, clause: Token, subject: Token | None) -> Entity | None:
    """ "NATO agreed that member states would spend 5%": an alliance or union that agrees
    what its unnamed members will do commits, as the text names it (not "NATO agreed
    that Ukraine will join", where a state is named)."""
    if clause.dep_ != "ccomp" or clause.head.lemma_ not in _PROMISE_VERBS or subject is None:
        return None
    if ctx.entities(subject, (*ACTOR_KINDS, Kind.PERSON)) or subject.pos_ == "PRON":
        return None
    agreeing = child_of(clause.head, ("nsubj",))
    found = ctx.entities(agreeing, (Kind.ORGANISATION,)) if agreeing is not None else []
    return found[0] if found and found[0].from_gazetteer else None


def _joint_body(ctx: Context, subject: Token) -> Entity | None:
    """ "the EU and NATO commit to …", "Japan and NATO agreed to …": an organisation and
    another committing together is one joint undertaking, as the text names them (states
    alone commit each, and are split)."""
    found = ctx.entities(subject, (Kind.COUNTRY, Kind.ORGANISATION))
    if len(found) < 2 or all(e.kind is Kind.COUNTRY for e in found):
        return None
    end = max(c.right_edge.i for c in subject.conjuncts)
    words = ctx.doc[subject.left_edge.i : end + 1]
    start = words.start + 1 if words[0].dep_ == "det" else words.start
    return _group(ctx.doc[start : end + 1].text)


def _ministry_state(ctx: Context, body: Entity) -> Entity | None:
    """ "the Ministry of Defence will send …" in a release that spoke of the UK before:
    a government department its text names by no country gives what its state gives."""
    words = body.label.lower().split()
    last = ctx.last_committer
    government = words[-1:] == ["government"] and set(words[:-1]) <= _OWN_GOVERNMENT_MODIFIERS
    if body.from_gazetteer or not words or not (words[0] in _DEPARTMENTS or government) or (
            last is None or last.kind is not Kind.COUNTRY):
        return None
    return last


_DEPARTMENTS = {"ministry", "department", "government"}


def _they_states(ctx: Context, they: Token) -> list[Entity]:
    """Whom "they" stands for when the same sentence named states together before it
    ("thanked Denmark and Norway for their announcement that they will send …", "Poland
    and Latvia said on Monday they would …"): those states, each of them."""
    for token in reversed(they.sent[: they.i - they.sent.start]):
        if token.dep_ == "conj" or not token.conjuncts:
            continue
        states = [e for e in ctx.entities(token, (Kind.COUNTRY,)) if not _outsider(e)]
        if len(states) > 1:
            return states
    return []


def _given_from_above(verb: Token, subject: Token) -> bool:
    """ "with 50 billion to be allocated to …", "so that its expenditure will reach 2%": a
    subject that is what is given, whose giver the clause above names."""
    if subject.dep_ == "nsubjpass" and verb.pos_ == "VERB" and is_infinitive(verb):
        return True
    return subject.lemma_ in _SPENDING_NOUNS and any(
        c.dep_ == "poss" and c.pos_ == "PRON" for c in subject.children)


def _bound(ctx: Context, verb: Token) -> Entity | None:
    """ "has committed the UK to spending 5%", "the declaration commits allies to spend
    3.5%", "the allies adopted a declaration committing them to …": whoever is committed
    to something commits, not who (or what) binds them."""
    if verb.lemma_ != "commit" or not any(
            c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "to") for c in verb.children):
        return None
    obj = child_of(verb, ("dobj",))
    if obj is not None and obj.lower_ == "them":  # "adopted a declaration committing them"
        obj = next((s for a in verb.ancestors if (s := child_of(a, ("nsubj",))) is not None),
                   obj)
    found = ctx.entities(obj) if obj is not None else []
    if found:
        return found[0]
    if obj is not None and _bare_allies(obj):
        return _allies(ctx)  # "commits allies to spend": the Allies, as written elsewhere
    return None


def _bare_allies(token: Token) -> bool:
    """ "allies", "the allies": NATO's Allies in NATO news, not "Ukraine's allies" nor
    "European allies" (whom the linker names when they are a group it knows)."""
    return token.lower_ == "allies" and not any(
        c.dep_ in ("poss", "amod", "compound") for c in token.children)


# Nouns for a state spoken of by its own official: "his country", "her government".
_OWN_STATE_NOUNS = {"country", "government", "nation"}


# What makes "the government" a speaker's own: "the federal government will spend".
_OWN_GOVERNMENT_MODIFIERS = {"the", "federal", "national", "central"}


def _own_state(ctx: Context, subject: Token) -> Entity | None:
    """ "Belgium's minister confirmed that his country would deliver …", "Carney said the
    federal government will spend …": the state of whoever says so."""
    if subject.lemma_ not in _OWN_STATE_NOUNS or not _spoken_of_as_own(subject):
        return None
    for verb in subject.head.ancestors:
        speaker = child_of(verb, ("nsubj",))
        found = ctx.entities(speaker, (Kind.PERSON, Kind.COUNTRY)) if speaker else []
        if found:
            return ctx.linked.represented(found[0])
    return None


def _spoken_of_as_own(subject: Token) -> bool:
    modifiers = list(subject.children)
    if any(c.dep_ == "poss" and c.lower_ in ("his", "her") for c in modifiers):
        return True
    return subject.lemma_ == "government" and bool(modifiers) and all(
        c.lower_ in _OWN_GOVERNMENT_MODIFIERS for c in modifiers)


def _continuing(subject: Token) -> bool:
    """ "This builds on the package …", "The Government has also agreed to …": a subject
    that goes on speaking of whoever committed last, not naming anyone new."""
    if subject.lower_ == "this" and subject.dep_ == "nsubj":
        return True
    if subject.lemma_ in _ENACTMENTS and subject.dep_ == "nsubj":
        return all(c.dep_ == "det" and c.lower_ in ("the", "this") for c in subject.children)
    return subject.lower_ == "government" and subject.text[0].isupper() and not any(
        c.dep_ != "det" for c in subject.children)


# What a state enacts that goes on giving its money: "the legislation provides $26 billion".
_ENACTMENTS = {"legislation", "bill", "law", "measure", "act"}


# Nouns for work on a commitment ("briefed leaders on the work to provide Ukraine with …"):
# who talks of it does not commit.
_EFFORT_NOUNS = {"work", "effort", "discussion", "talk", "way", "need", "ability"}
_BRIEFING_VERBS = {"brief", "inform", "update"}
# Verbs whose subject is given the commitment, not making it.
_RECEIVING_VERBS = {"receive", "get", "secure", "obtain", "win", "welcome", "thank"}
# Offices whose holder's promises are their state's: "Prime Minister Boris Johnson promised".
_HEAD_ROLES = {"president", "prime-minister", "chancellor", "head-of-state",
               "head-of-government"}


# Nouns for those who help someone: "Ukraine's allies" are not Ukraine.
_HELPER_NOUNS = {"ally", "partner", "friend", "supporter", "backer", "donor"}


def _helpers_of(ctx: Context, subject: Token) -> bool:
    """ "Ukraine's allies announced new packages": the helpers are not the one helped,
    and the text does not name them."""
    return ctx.linked.entity_at(subject) is None and (
        subject.lemma_.lower() in _HELPER_NOUNS)


# What a state gives, whoever announces it: "the minister announced the donation of …".
_STATE_GIFTS = {"donation", "grant", "loan"}


def _giving_state(ctx: Context, committer: Entity, gift: Token | None) -> Entity:
    """ "Minister Anand announced the donation of 200 carriers": an official announces
    what their state gives (though a minister's own pledge stays theirs)."""
    if committer.kind is Kind.PERSON and gift is not None and gift.lemma_ in _STATE_GIFTS:
        return ctx.linked.represented(committer) or committer
    return committer


# What a sum announced by a minister buys for their state: "a $250 million package",
# "a £2.26 billion loan agreement", "one billion euros in military aid".
_STATE_FUNDS = _STATE_GIFTS | {"package", "aid", "assistance"}


def _funding_state(ctx: Context, committer: Entity, description: str) -> Entity:
    """ "Defense Secretary Austin announced a new $250 million package", "the minister
    announced one billion euros in military aid": a government's money, that a member of
    it announces or signs; the state gives it (what they pledge as "support" or
    "equipment" stays as the text has it)."""
    if committer.kind is not Kind.PERSON or not _STATE_FUNDS & {
            w.strip(",.") for w in description.lower().split()}:
        return committer
    state = ctx.linked.represented(committer)
    return state if state is not None and state.kind is Kind.COUNTRY else committer


def _helpers_group(ctx: Context, verb: Token) -> Entity | None:
    """ "Ukraine's partners pledged €21 billion": helpers the text does not name commit
    together to a sum they are counted in; vaguer promises of theirs are nobody's."""
    subject = child_of(verb, ("nsubj",))
    if subject is None or not _helpers_of(ctx, subject) or not any(
            c.dep_ == "poss" and ctx.linked.entity_at(c) is not None for c in subject.children):
        return None
    return _group(phrase(subject))


def _state_led(ctx: Context, person: Entity) -> Entity | None:
    """The country a committing person heads, when the text says they hold the office
    ("British Prime Minister Boris Johnson", "Anthony Albanese, Australia's prime
    minister", "the prime minister" the gazetteer knows): what a head of government
    pledges, their state gives. A minister or envoy commits in their own name, and so
    does a leader agreeing a deal with others."""
    country = ctx.linked.countries.get(person.id) if person.kind is Kind.PERSON else None
    if country is None or not any(
        held == (person.id, role, country.id) for held in ctx.offices_held for role in _HEAD_ROLES
    ):
        return None
    return country


def _we(ctx: Context, we: Token) -> Entity | None:
    """Whom "we" commits: the state a quoted leader speaks for, and the Allies when a
    NATO official or body speaks ("we will deploy additional forces", said the Secretary
    General); an Ally's or partner's own "we" is that state."""
    speaker = ctx.claimant(we)
    if speaker is None:
        return None
    if speaker.kind is Kind.PERSON:
        if not any(person == speaker.id and org == "nato" for person, org in ctx.affiliations):
            return ctx.linked.represented(speaker)
    elif speaker.id != "nato" and speaker.org != "nato":
        return speaker
    return _allies(ctx) or ctx.linked.context.get("nato") or (
        speaker if speaker.kind is not Kind.PERSON else None)


def _allies(ctx: Context) -> Entity | None:
    """The Allies as the article names them, if it does."""
    return next((link.entity for link in ctx.linked.links if link.entity.id == "allies"), None)


# Plural nouns for officials who commit together: "Ministers agreed", "NATO leaders decided".
_OFFICIAL_GROUPS = {"minister", "leader", "chief"}
# Plural nouns for states that commit together when the text says which: "nine European
# countries signed …", "the Nordic countries pledged …" (not "several countries").
_STATE_GROUPS = {"country", "nation", "state"}
_VAGUE = {"other", "several", "many", "some", "most", "few", "all", "various", "these",
          "those", "such", "more", "both"}


def _official_group(ctx: Context, subject: Token) -> Entity | None:
    """ "Defence Ministers agreed to …", "nine European countries signed …": the officials
    or states as the text names them, unless a country they serve is named ("German
    ministers") or they are "the leaders of …"."""
    if (coalition := _coalition(subject)) is not None:
        return coalition
    noun = subject.lemma_.lower().removesuffix("s")  # "Ministers" (NNPS) keeps its plural
    if subject.tag_ not in ("NNS", "NNPS") or noun not in _OFFICIAL_GROUPS | _STATE_GROUPS:
        return None
    if prep_objects(subject, ("of",)):
        return None
    modifiers = [c for c in subject.lefts if c.dep_ in ("compound", "amod", "nmod", "nummod")]
    if noun in _STATE_GROUPS and (not modifiers or any(
            c.lower_ in _VAGUE for c in subject.lefts) or _anaphoric(subject)):
        return None
    owners = [ctx.linked.entity_at(c) for c in modifiers]
    if any(e is not None and e.kind is Kind.COUNTRY for e in owners):
        return None
    start = modifiers[0].i if modifiers else subject.i
    org = next((e.id for e in owners if e is not None), None)  # "NATO Defence Ministers"
    return _group(ctx.doc[start : subject.i + 1].text, org)


def _group(label: str, org: str | None = None) -> Entity:
    """A group the text names but the gazetteer does not know, as the text names it."""
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    return Entity(id=f"group-{slug}", label=label, kind=Kind.ORGANISATION, org=org,
                  from_gazetteer=False)


def _coalition(subject: Token) -> Entity | None:
    """ "A coalition of 11 countries agreed to …": states counted together, as the text
    names them."""
    if subject.lemma_ not in ("coalition", "group") or not any(
            member.lemma_ in _STATE_GROUPS and any(c.dep_ == "nummod" for c in member.children)
            for member in prep_objects(subject, ("of",))):
        return None
    return _group(phrase(subject))


def _anaphoric(subject: Token) -> bool:
    """ "the two Nordic countries": states named before, counted again, not a group."""
    return any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children) and any(
        c.dep_ == "nummod" for c in subject.children)


def _coordinated_subject(ctx: Context, verb: Token) -> Entity | None:
    """ "Germany will raise its spending, and that it will invest …": "it" is the
    subject of the clause this one is coordinated with."""
    if verb.dep_ != "conj" or (subject := child_of(verb.head, ("nsubj",))) is None:
        return None
    found = ctx.entities(subject, ACTOR_KINDS)
    return found[0] if found else None


def _counted_passive(verb: Token) -> Token | None:
    """ "around 40,000 soldiers would be deployed to …": a number of troops or things
    that will be sent, the sender unsaid."""
    subject = child_of(verb, ("nsubjpass",))
    if verb.lemma_ not in _ESTABLISH_VERBS | _DELIVERY_VERBS or subject is None or not (
            _counted(subject) and has_modal(verb, ("will", "would", "shall"))):
        return None
    return subject


def _announcing_state(ctx: Context, verb: Token) -> Entity | None:
    """The state whose official or government announced the clause `verb` is in: "the
    defence minister announced that 5,000 troops would be deployed"."""
    for ancestor in verb.ancestors:
        if ancestor.lemma_ in REPORTING_VERBS | {"announce"}:
            subject = child_of(ancestor, ("nsubj",))
            found = ctx.entities(subject, (*ACTOR_KINDS, Kind.PERSON)) if subject else []
            state = ctx.linked.represented(found[0]) if found else None
            return state if state is not None and state.kind is Kind.COUNTRY else None
    return None


def _reporter(ctx: Context, verb: Token) -> Entity | None:
    """The state or organisation that "said"/"announced" the clause `verb` is in."""
    for ancestor in verb.ancestors:
        if ancestor.lemma_ in REPORTING_VERBS | {"announce"}:
            subject = child_of(ancestor, ("nsubj",))
            if subject is None and ancestor.dep_ == "conj":  # "Poland has … and says it will"
                subject = child_of(ancestor.head, ("nsubj",))
            found = ctx.entities(subject) if subject is not None else []
            return found[0] if found else None
    return None


def _beneficiary(ctx: Context, heads: list[Token]) -> Entity | None:
    """The country or organisation a commitment is "for" or "to", within its phrase."""
    for head in heads:
        for prep in head.subtree:
            if prep.dep_ == "prep" and prep.lower_ in ("for", "to"):
                for obj in (c for c in prep.children if c.dep_ == "pobj"):
                    if ctx.linked.link_at(prep) is not None:  # "Training for Ukraine"
                        found = _country_named(ctx, obj)
                    else:
                        found = _states_named(ctx, obj)
                    if found:
                        return found[0]
    return None


def _states_named(ctx: Context, token: Token) -> list[Entity]:
    """The countries and organisations a phrase names, the gazetteer's first (not the
    "(NSATU)" beside a name): "Ukraine", "Ukraine's air defence", or Kyiv for its country."""
    found = [*ctx.entities(token, (Kind.COUNTRY, Kind.ORGANISATION, Kind.CITY), False),
             *(e for c in token.children if c.dep_ == "poss"
               for e in ctx.entities(c, (Kind.COUNTRY,), False))]
    states = [_country_of(ctx, e) if e.kind is Kind.CITY else e for e in found]
    named = [e for e in states if e is not None]
    if named and not any(e.from_gazetteer for e in named):  # "the International Fund for
        named = [e for o in prep_objects(token, ("for",))  # Ukraine": a fund for Ukraine
                 for e in ctx.entities(o, (Kind.COUNTRY,)) if e.from_gazetteer] or named
    return [e for e in named if e.from_gazetteer] or named


def _country_of(ctx: Context, city: Entity) -> Entity | None:
    """ "to Kyiv": the capital stands for its country."""
    return ctx.linked.context.get(city.country) if city.country else None


def _country_named(ctx: Context, token: Token) -> list[Entity]:
    """The country a word inside a longer name names where the article names it alone:
    "Ukraine" in "Security Assistance and Training for Ukraine", which is for Ukraine."""
    return [link.entity for link in ctx.linked.links if link.entity.kind is Kind.COUNTRY
            and ctx.doc[link.start : link.end].text == token.text][:1]


def _main_partner(ctx: Context) -> Entity | None:
    """The partner country an article talks about most: whom unspecified support is for."""
    counts = Counter(
        link.entity.id
        for link in ctx.linked.links
        if link.entity.kind is Kind.COUNTRY
        and link.entity.partnerships
        and not link.entity.ally_since
    )
    if not counts:
        return None
    best = counts.most_common(1)[0][0]
    return next(link.entity for link in ctx.linked.links if link.entity.id == best)


def _money_heads(money: Span) -> list[Token]:
    """What an amount hangs on, and a promise to spend it that follows a noun before it:
    "a total of 43 trillion yen to be allocated to the buildup"."""
    heads = []
    for head in (money.root, *money.root.ancestors):
        heads.append(head)
        heads.extend(c for c in head.children if c.dep_ in ("acl", "relcl") and c.i >= money.end
                     and c.lemma_ in COMMIT_VERBS and is_infinitive(c))
    return heads


# Nouns that only carry an amount: "a total of", "the sum of".
_SUM_NOUNS = {"total", "sum", "amount"}


def _money_description(money: Span, verb: Token | None) -> str:
    """What the money is for: "industry deals for ammunition", "purchase of weapons …".

    Built from the committing verb's object and the "for …" purpose, leaving
    out the amount itself (it has columns of its own).
    """
    skip = {t.i for t in money} | {t.i for t in money.root.subtree} | _parenthetical(money)
    if money.root.dep_ == "pobj" and money.root.head.lower_ == "of":
        skip.add(money.root.head.i)  # "a package of €5 billion for Ukraine"
    skip |= {t.i for w in money.sent if w.dep_ == "npadvmod" and w.ent_type_ == "DATE"
             for t in w.subtree}  # "… next year": when, not what
    obj = child_of(verb, ("dobj",)) if verb is not None else None
    if obj is not None and obj.ent_type_ in ("GPE", "ORG", "NORP") and verb is not None:
        # "provide Ukraine with aid"; "give Ukraine 40 billion euros": whom, not what
        obj = next(iter(prep_objects(verb, ("with",))), None)
    if obj is not None and obj.lemma_ in _SUM_NOUNS and money.root.head.head == obj:
        obj = None  # "budgeted a total of €11 billion in aid": the sum is the amount
    purpose = _purpose(money)
    parts = []
    if obj is not None and verb is not None and obj.i in skip:  # "committed 400 million euros"
        obj = (
            None
            if purpose
            else next(
                (
                    t
                    for t in _own_clause(verb)
                    if t.lemma_ in COMMITMENT_NOUNS and t.pos_ == "NOUN" and t.i not in skip
                ),
                None,
            )
        )
    if obj is not None and not _included(money):
        text = phrase(obj, skip | {t.i for t in obj.subtree if t.lower_ == "worth"})
        parts.append(f"{verb.lemma_} {text}" if text.startswith("of ") and verb else text)
    if purpose and not any(purpose in part for part in parts):
        parts.append(f"for {purpose}" if parts or _named(money, purpose) else purpose)
    if verb is not None and (not parts or parts[0].startswith("for ")):
        # "pledged 40 billion euros in military support", "pledged €40 billion for Ukraine"
        amount = phrase(money.root, _parenthetical(money) | _purpose_tokens(money))
        return " ".join([f"{verb.lemma_} {amount}", *parts])
    return " ".join(parts) or money.text


def _per_item(money: Span) -> bool:
    """ "packages of about $500 million each": the size of each of many, not an amount
    anybody committed."""
    after = money.doc[money.end] if money.end < money.sent.end else None
    return after is not None and after.lower_ in ("each", "apiece")


def _share(money: Span) -> bool:
    """ "2.5 per cent", "5%": a share the NER may call money, which has no currency."""
    return bool(re.search(r"%|\bper ?cent\b|\bpercent\b", money.text, re.IGNORECASE))


def _named(money: Span, purpose: str) -> bool:
    """Whether the "for …" after an amount is only whom it is for ("for Ukraine")."""
    return any(ent.text == purpose for ent in money.sent.ents if ent.label_ in ("GPE", "ORG"))


def _purpose_tokens(money: Span) -> set[int]:
    objects = prep_objects(money.root, ("for",))
    return {t.i for o in objects for t in o.head.subtree}


def _own_clause(verb: Token) -> list[Token]:
    """The tokens of a verb's clause, or of the clause it is said in ("said Allies will
    commit $5 billion in defence spending"), leaving out coordinated clauses of their own
    ("will raise its spending, and will invest €80 billion")."""
    top = verb
    while top.dep_ in ("xcomp", "ccomp", "advcl") and top.head.lemma_ not in REPORTING_VERBS:
        top = top.head
    others = {t.i for c in top.children if c.dep_ == "conj" for t in c.subtree}
    if top.dep_ == "conj":
        others |= {top.head.i} | {t.i for c in top.head.children if c.i != top.i for t in
                                  c.subtree}
    return [t for t in top.sent if t.i not in others]


def _parenthetical(money: Span) -> set[int]:
    """The "($43 billion)" right after an amount: its conversion, not its description."""
    doc, start = money.doc, money.end
    if start >= len(doc) or doc[start].text not in ("(", "["):
        return set()
    end = next((t.i for t in doc[start : money.sent.end] if t.text in (")", "]")), start)
    return set(range(start, end + 1))


def _included(money: Span) -> bool:
    """ "…, including 5.5 billion dollars for …": a part of a larger commitment."""
    return money.root.head.lower_ == "including"


def _purpose(money: Span) -> str:
    """The "for X" after an amount, however the parser attached it."""
    objects = prep_objects(money.root, ("for",))
    after = money.doc[money.end] if money.end < len(money.doc) else None
    if not objects and after is not None and after.lower_ == "for":
        objects = [c for c in after.children if c.dep_ == "pobj"]
    return " ".join(phrase(o) for o in objects)


def _demanded(verb: Token) -> bool:
    """ "urged Allies to deliver more": a demand or a hope, not yet anybody's commitment."""
    return any(a.lemma_ in URGE_VERBS | _WISHING_VERBS for a in verb.ancestors)


# "urged/wants Allies to deliver", "expects leaders will agree": not yet a commitment.
# "will consider a proposal to create …", "discussed plans to …": not yet either.
_WISHING_VERBS = {"call", "count", "want", "need", "expect", "hope", "wish", "propose",
                  "proposal", "consider", "discuss", "debate", "explore", "weigh"}


def _governing_verbs(token: Token) -> Iterator[int]:
    """The verbs an amount belongs to ("agreed to purchase $120 billion of …"), up to a
    coordination: in "will send launchers and announced a €700 million package" the
    sending is a commitment of its own."""
    node = token
    while node.dep_ != "ROOT" and node.dep_ != "conj":
        node = node.head
        if node.pos_ == "VERB":
            yield node.i


def _obliged(verb: Token) -> bool:
    """ "Allies must spend more": an obligation stated, not a commitment made."""
    return has_modal(verb, ("must", "should")) or any(
        has_modal(a, ("must", "should")) for a in verb.ancestors if a.dep_ != "ccomp")


def _hypothetical(verb: Token) -> bool:
    """ "this could create fiscal space of €650 billion": what might follow, not a promise."""
    return has_modal(verb, ("could", "might", "may"))


def _under_necessity(verb: Token) -> bool:
    """ "It is vital that Congress agrees …" is a demand, not a commitment."""
    return any(a.lemma_ in NECESSITY_ADJECTIVES for a in verb.ancestors)


def _without_asides(description: str) -> str:
    """ "establish a command (NSC), which will coordinate …" → "establish a command": an
    abbreviation in brackets or a clause on what it will do is not what was committed."""
    description = _ASIDE.split(description, maxsplit=1)[0]
    return _ABBREVIATION.sub("", description).strip()


_ASIDE = re.compile(r",\s+(?:which|who|whose|where)\b")
_ABBREVIATION = re.compile(r"\s*\([A-Z][A-Za-z-]*\)")


def _committed_spending(verb: Token, obj: Token) -> bool:
    """ "will spend 2% of GDP", "committed to spending more": spending promised, in
    money or a share of the economy; not spending done ("Europeans spent 3% then") or
    habitual ("countries spend a quarter on pensions"), nor time ("spend two days")."""
    measured = any(t.text == "%" or t.lower_ in _SHARE_WORDS for t in obj.subtree)
    return _promised(verb) and measured


def _promised(verb: Token) -> bool:
    """Said as what will be done ("will", "would"), under a promise ("pledged to") or as
    the content of one ("Canada's commitment to reach 2% of GDP")."""
    return has_modal(verb, ("will", "shall", "would")) or _decided(verb) or any(
        a.lemma_ in _PROMISE_VERBS for a in verb.ancestors) or _continued(verb)


def _going_on(verb: Token) -> bool:
    """ "continue to provide …": an act said to go on."""
    return verb.dep_ == "xcomp" and verb.head.lemma_ in _GOING_ON_VERBS


def _continued(verb: Token) -> bool:
    """ "we will continue to contribute to the Fund": what will go on being done is
    promised as what will be done."""
    return _going_on(verb) and has_modal(verb.head, ("will", "shall", "would"))


_GOING_ON_VERBS = {"continue", "keep"}


def _rising_spending(verb: Token) -> Token | None:
    """ "defence spending will rise to 2.5 per cent of GDP by 2027": a share of the economy
    the government that says so promises, though spending is what rises (the spending
    returned)."""
    subject = child_of(verb, ("nsubj",))
    if verb.lemma_ not in _RISING_VERBS or subject is None or (
            subject.lemma_ not in _SPENDING_NOUNS) or not has_modal(verb, ("will", "would")):
        return None
    shares = [t for o in prep_objects(verb, ("to",)) for t in o.subtree
              if t.text == "%" or t.lower_ in ("percent", "per")]
    return subject if shares else None


def _spending_target(verb: Token, obj: Token) -> bool:
    """ "will meet NATO's target of spending 2% of GDP", "would raise defence spending to
    2.5% of GDP by 2030", "pledged to lift spending to 5%": a share of the economy
    promised. Not a raise without a share ("will boost production") nor a target met
    already ("met the 2% target last year")."""
    if not _promised(verb) or not any(t.text == "%" or t.lower_ in ("percent", "per")
                                      for t in verb.subtree):
        return False
    if verb.lemma_ in ("meet", "reach", "hit"):
        return obj.lemma_ in _TARGET_NOUNS or obj.text == "%"
    return obj.lemma_ in _SPENDING_NOUNS


_TARGET_NOUNS = {"target", "goal", "benchmark", "guideline", "pledge", "commitment", "level"}
_SPENDING_NOUNS = {"spending", "expenditure", "budget", "outlay", "investment", "spend"}


_SHARE_WORDS = {"percent", "per", "gdp", "budget", "billion", "million", "more", "income",
                "economy", "product"}


def _counted(token: Token) -> bool:
    """ "two Patriot batteries", "1,000 missiles", "a further 100 tanks": a number of things."""
    return any(c.dep_ == "nummod" for c in token.children)


def _names_commitment(token: Token) -> bool:
    """A commitment noun, or one reached through "of" ("provision of … assistance")."""
    if token.lemma_ in COMMITMENT_NOUNS:
        return True
    return any(t.lemma_ in COMMITMENT_NOUNS for t in token.subtree if t.dep_ in ("pobj", "conj")
               and not _in_clause(t, token))


def _in_clause(token: Token, top: Token) -> bool:
    """ "assurances that troops and funds would not be used": a word of a clause with a
    subject of its own that the phrase holds, not of the phrase itself (unlike "a plan
    for NATO to coordinate aid")."""
    node = token
    while node != top and node.head != node:
        if node.pos_ in ("VERB", "AUX") and not is_infinitive(node) and child_of(
                node, ("nsubj", "nsubjpass")) is not None:
            return True
        node = node.head
    return False
