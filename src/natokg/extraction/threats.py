"""Threats: whom the text calls a threat, an adversary or an aggressor, or has threaten."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from natokg.extraction.context import ACTOR_KINDS, Context
from natokg.extraction.parse import asserted, child_of, has_modal, prep_objects, subject_above
from natokg.extraction.registry import Trigger, relation
from natokg.extraction.triggers import Found
from natokg.model import Entity, Kind, Threat

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
    "strike",
    "offensive",
    "bombardment",
    "terror",
    "incursion",  # "the incursion of Russian drones into Polish airspace"
    "intrusion",
    "violation",  # "Russia's violation of Estonian airspace"
    "escalation",  # "the deployment of North Korean troops marks an escalation"
    "coercion",
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
    "weaken",  # "are working hard to weaken North America and Europe"
}
# "describes Russia as the most significant and direct threat", "sees China as a challenge".
_DESCRIBING_VERBS = {"describe", "call", "label", "name", "designate", "see", "regard", "view",
                     "consider", "identify", "brand", "characterise", "characterize"}
# Conduct that makes its owner a threat when it is hostile: "the coercive policies of China".
_CONDUCT_NOUNS = {"policy", "action", "activity", "behaviour", "behavior", "campaign",
                  "ambition", "tactic", "operation", "conduct", "interference", "sabotage",
                  "fleet", "course"}  # "Russia's shadow fleet" of tankers dodging sanctions
_HOSTILE = {"coercive", "aggressive", "hostile", "malign", "malicious", "destabilising",
            "destabilizing", "hybrid", "belligerent", "reckless", "expansionist", "subversive",
            "shadow", "brutal"}
# Helping wage a war: "China, North Korea and Iran are helping Moscow to wage its war".
_ENABLING_VERBS = {"help", "assist", "enable", "fuel", "sustain", "arm", "supply", "prop"}
_WAR_NOUNS = {"war", "aggression", "invasion"}
# Arming a state outside NATO and its partners: "North Korea has sent troops to Russia",
# "Iran supplied Russia with drones".
_ARMING_VERBS = {"send", "supply", "provide", "deliver", "ship", "transfer", "sell"}
_MILITARY = {"troop", "soldier", "drone", "missile", "weapon", "ammunition", "shell",
             "munition", "arm", "rocket", "artillery", "warhead"}
# Waging hostilities: "Moscow is waging a campaign of sabotage", "Russia launched a
# massive missile attack", "Iran stepped up its attacks on shipping".
_WAGING_VERBS = {"wage", "wag", "launch", "conduct", "escalate", "intensify", "unleash",
                 "step", "carry", "mount", "orchestrate", "fire",
                 "continue", "pursue", "resume"}  # spaCy: "waging" → "wag"; "Russia
# continues its campaign of missile and drone strikes"
_HOSTILITIES = _WAR_NOUNS | {"attack", "strike", "offensive", "campaign", "sabotage",
                             "bombardment", "assault", "barrage", "cyberattack"}
# Weapons fired at someone: "Russia launched hundreds of drones against Ukraine".
_WEAPONS = {"missile", "drone", "bomb", "rocket", "shell", "projectile"}
_AIMED = ("against", "at", "on", "into")
# Hostilities whose "of" names their victim: "the invasion of Ukraine".
_VICTIM_OF = {"invasion", "attack", "war", "aggression", "strike", "offensive", "bombardment",
              "violation", "escalation", "coercion"}  # "coercion of Taiwan"
# "X is/remains/has become a threat", "X poses a challenge", "X's policies present
# challenges", "the deployment marks an escalation".
_COPULAS = {"be", "remain", "pose", "become", "represent", "constitute", "present", "mark"}
# What a state does or keeps somewhere, whose owner is what it threatens with: "the
# deployment of North Korean troops marks an escalation".
_DEPLOYMENT_NOUNS = {"deployment", "presence", "build-up", "buildup", "involvement",
                     "participation", "ambition", "assertiveness", "arrival"}
# Whose ties with an aggressor are the threat: "cooperation between A and B is a threat".
_TIES = {"cooperation", "alignment", "partnership", "integration", "collaboration", "axis",
         "ties", "tie", "involvement", "alliance"}
# Making a threat worse: "the integration of A with B increases the threat to the region".
_AGGRAVATING = {"increase", "heighten", "aggravate", "exacerbate", "compound", "amplify"}
# Keeping a war going: "A is fuelling the biggest armed conflict in Europe".
_FUELLING = {"fuel", "prolong", "sustain", "perpetuate"}
RIVALRY_NOUNS = {"competition", "rivalry", "confrontation", "conflict"}
_CONCERN_NOUNS = {"concern", "concerns", "alarm", "fear"}
# What a concern is over: "concern over Iran's military build-up" ("build-up" is parsed
# as "up" with "build" beside it).
_CONCERN_OBJECTS = ("over", "about", "at", "regarding")
# Defending against someone: "defending the region against Iran's ambitions".
_DEFENDING_VERBS = {"defend", "protect", "shield", "safeguard"}
# Help given to an aggressor: "it is rebuilding its forces with the help of A and B".
_HELP_NOUNS = {"help", "assistance", "support", "backing"}
# Arms sent, as nouns: "Iran's transfer of drones to Moscow".
_TRANSFER_NOUNS = {"transfer", "supply", "delivery", "shipment", "sale", "provision", "export"}
_WORRYING = _CONDUCT_NOUNS | _DEPLOYMENT_NOUNS | THREAT_NOUNS | _TRANSFER_NOUNS | {
    "build", "expansion"}
# Starting a war: "Belarus would pay for the war it had started".
_STARTING = {"start", "launch", "begin", "unleash", "wage"}
# Doing what a threat does, as an accusation has it: "accused China of propping up
# Russia's war economy", "accuses Iran of fuelling the war", "of aggression".
_ACCUSED_OF = THREAT_VERBS | _ENABLING_VERBS | _FUELLING | _ARMING_VERBS | _WAGING_VERBS | {
    "stir", "prop"} | THREAT_NOUNS | _HOSTILITIES
# Fighting someone: "the fight against terrorism", "a coalition against the Islamic State
# group", "counter-terrorism cooperation against the PKK", "to counter China".
_FIGHT_NOUNS = {"fight", "struggle", "coalition", "battle", "cooperation", "solidarity"}
_FIGHT_VERBS = {"fight", "combat", "counter", "defeat", "confront"}
# Groups a text calls terrorist: "the PKK terror group", "the terrorist organisation Hamas".
_GROUP_HEADS = {"group", "organisation", "organization", "network", "militia", "movement"}
_TERROR = {"terror", "terrorist"}
# Told to pull back its troops or end its war: "called on Russia to pull its troops out of
# Ukraine", "Russia must end this illegal war and withdraw all its forces".
_WITHDRAWING = {"withdraw", "pull", "end", "stop", "cease", "halt"}
_WITHDRAWN = _MILITARY | _HOSTILITIES | {"force", "occupation"}


@relation(
    "threats",
    triggers=Trigger(
        folded_lemmas=frozenset(
            THREAT_NOUNS
            | _DESCRIBING_VERBS
            | RIVALRY_NOUNS
            | THREAT_VERBS
            | _CONDUCT_NOUNS
            | _ENABLING_VERBS
            | _WAGING_VERBS
            | _ARMING_VERBS
            | _AGGRAVATING
            | _FUELLING
            | _CONCERN_NOUNS
            | _DEFENDING_VERBS
            | _HELP_NOUNS
            | _TRANSFER_NOUNS
            | _FIGHT_NOUNS
            | _FIGHT_VERBS
            | _GROUP_HEADS
            | _WITHDRAWING
            | {"condemn", "embolden", "raise", "cause", "refer", "deter", "warn", "accuse", "use"}
        )
    ),
    confidence=0.8,
)
def threats(ctx: Context, triggered: Found, sent: Span) -> Iterator[Threat]:
    found: dict[str, tuple[Entity, str]] = {}
    for token in triggered(sent):
        theirs = _threat_to_outsider(ctx, token)
        for actor, rule in _threat(ctx, token):
            if (theirs or not _one_of_us(actor)) and not (
                    rule in _OWNED_RULES and _partner(actor)):
                found.setdefault(actor.id, (actor, rule))  # not "Ukraine's war effort"
    for actor, rule in found.values():
        yield Threat(actor=actor, evidence=ctx.evidence(sent, rule, triggered.confidence))


def _threat(ctx: Context, token: Token) -> Iterator[tuple[Entity, str]]:
    lemma = token.lemma_.lower()
    if lemma in THREAT_NOUNS and token.pos_ in ("NOUN", "PROPN") and _presupposed(token):
        for owner in _possessors(token):  # "Russia's war", "Putin's war", "Russia's cycle
            yield from _tagged(ctx.entities(owner) or _led(ctx, owner), "threat-possessive")
    if lemma in THREAT_NOUNS and token.pos_ in ("NOUN", "PROPN") and asserted(token):
        for child in token.children:  # of aggression"
            if child.dep_ in ("amod", "compound") and (e := ctx.linked.entity_at(child)):
                yield from _tagged([e] if e.kind in ACTOR_KINDS else [], "threat-demonym")
        agents = ("from", "by") if lemma in _VICTIM_OF else ("of", "from", "by")
        of_rule = "enabler-of" if lemma == "enabler" else "threat-of"  # "an enabler of the
        for obj in prep_objects(token, agents):  # Russia-Ukraine conflict": not Ukraine
            yield from _tagged(ctx.entities(obj), of_rule)
        if token.tag_ == "NNS":  # "adversaries including A and B", "rivals such as A"
            for obj in prep_objects(token, ("including", "as", "like")):
                yield from _tagged(ctx.entities(obj), "threat-including")
        for acl in token.children:  # "challenges posed by China"
            if acl.dep_ == "acl":
                for obj in prep_objects(acl, ("by",)):
                    yield from _tagged(ctx.entities(obj), "threat-posed-by")
            elif acl.dep_ == "relcl" and acl.lemma_ in _POSING:  # "the challenges that
                poser = child_of(acl, ("nsubj",))  # China poses"
                yield from _tagged(ctx.entities(poser) if poser else [], "threat-posed-by")
        if (subject := _predicated_of(ctx, token)) is not None:
            subject = _relative_antecedent(_antecedent(subject))
            named, rule = ctx.entities(subject), "threat-is"
            if not named and subject.lemma_.lower() in _CONDUCT_NOUNS | _DEPLOYMENT_NOUNS:
                named, rule = _owners(ctx, subject), "threat-deployed"  # "its coercive
                # policies pose challenges", "the deployment of X troops marks an escalation"
            if not named:  # "growing rivalry, including X's assertiveness, presents challenges"
                named = [e for obj in prep_objects(subject, ("including",))
                         for e in _owners(ctx, obj)]
            if not named and (token.head.lemma_ == "pose" or subject.lemma_ in _TIES):
                named = _entities_with_conjuncts(ctx, subject)  # "the alignment of A, B
                rule = "threat-ties"  # and C poses a threat", "cooperation between A
            yield from _tagged(named, rule)  # and B is a threat"
    if lemma in _CONDUCT_NOUNS and token.pos_ == "NOUN" and _hostile(token) and asserted(token):
        yield from _tagged(_owners(ctx, token), "hostile-conduct")  # "the coercive policies of X"
    if lemma in _AGGRAVATING and asserted(token):  # its object says it is a verb
        raised = child_of(token, ("dobj",))  # "the integration of A with B increases the threat"
        if raised is not None and raised.lemma_.lower() in ("threat", "danger", "risk"):
            actor = child_of(token, ("nsubj",))
            yield from _tagged(_entities_with_conjuncts(ctx, actor) if actor else [], "aggravates")
    if lemma in _FUELLING and token.pos_ == "VERB" and asserted(token):
        fuelled = child_of(token, ("dobj",))  # "A is fuelling the biggest conflict in Europe"
        if fuelled is not None and fuelled.lemma_.lower() in _WAR_NOUNS | {"conflict"}:
            actor = child_of(token, ("nsubj",)) or subject_above(token)
            yield from _tagged(ctx.entities(actor) if actor else [], "fuelling")
    if lemma in _ENABLING_VERBS and token.pos_ == "VERB" and asserted(token):
        if _wages_war(token):  # "A and B are helping Moscow to wage its war"
            actor = child_of(token, ("nsubj",))
            yield from _tagged(_entities_with_conjuncts(ctx, actor) if actor else [], "enabler")
            if any(x.lemma_ == "wage" for x in token.children if x.dep_ == "xcomp"):
                helped = child_of(token, ("dobj",))  # … and Moscow wages it
                yield from _tagged(ctx.entities(helped) if helped else [], "wages-war")
    if lemma in _ARMING_VERBS and token.pos_ == "VERB" and asserted(token):
        if _arms_outsider(ctx, token):  # "North Korea sent troops to Russia"
            actor = child_of(token, ("nsubj",))
            yield from _tagged(_entities_with_conjuncts(ctx, actor) if actor else [],
                               "arms-supplier")
    if lemma in _WAGING_VERBS and token.pos_ == "VERB" and asserted(token):
        waged = child_of(token, ("dobj",))
        if waged is not None and (waged.lemma_.lower() in _HOSTILITIES or _fired(token, waged)):
            actor = child_of(token, ("nsubj",)) or subject_above(token)
            yield from _tagged(_entities_with_conjuncts(ctx, actor) if actor else [], "waging")
    if lemma == "refer" and asserted(token):  # "referred to A's missile launches as a threat"
        for referred in prep_objects(token, ("to",)):
            if any(n.lemma_.lower() in THREAT_NOUNS for n in prep_objects(token, ("as",))):
                yield from _tagged(ctx.entities(referred), "described-as-threat")
    if lemma in _DESCRIBING_VERBS and (passive := child_of(token, ("nsubjpass",))) is not None:
        if any(n.lemma_.lower() in THREAT_NOUNS for n in prep_objects(token, ("as",))):
            yield from _tagged(_described(ctx, passive), "described-as-threat")  # "A was
            # described as the most significant threat"
    if lemma == "deter" and token.pos_ == "VERB" and asserted(token):  # "capable of
        deterred = child_of(token, ("dobj",))  # deterring Russia": who is deterred
        yield from _tagged(ctx.entities(deterred) if deterred else [], "deterred")
    if lemma == "warn" and asserted(token):  # "warning of growing cooperation between A and B"
        reported = [child_of(c, ("nsubj",)) for c in token.children if c.dep_ == "ccomp"]
        for warned in prep_objects(token, ("of", "about", "against")) + [
                r for r in reported if r is not None]:  # "warned that A's ties with B …"
            if warned.lemma_.lower() in _TIES:
                yield from _tagged(_entities_with_conjuncts(ctx, warned), "threat-ties")
    if lemma in _DESCRIBING_VERBS and (described := child_of(token, ("dobj", "oprd"))):
        complements = [c for c in token.children  # spaCy reads some as a second object
                       if c.dep_ in ("oprd", "dobj") and c.i > described.i]
        for noun in prep_objects(token, ("as",)) + prep_objects(described, ("as",)) + (
                complements):  # "calls China a decisive enabler"
            if noun.lemma_.lower() in THREAT_NOUNS and asserted(token):
                yield from _tagged(_described(ctx, described), "described-as-threat")
    if lemma in RIVALRY_NOUNS and asserted(token):
        for obj in prep_objects(token, ("with",)):
            yield from _tagged(ctx.entities(obj), "rivalry-with")
    if lemma in THREAT_VERBS and token.pos_ == "VERB" and asserted(token):
        actor = child_of(token, ("nsubj",)) or _doer(token)
        if actor is not None and actor.lemma_.lower() in _TIES:  # "an axis of states, with
            yield from _tagged(_entities_with_conjuncts(ctx, actor), "threat-ties")  # A and
        elif actor is not None:  # B, is seeking to undermine our values"
            yield from _tagged(ctx.entities(actor), "threat-verb")
    if lemma == "condemn" and (first := child_of(token, ("dobj",))) is not None:
        nouns = [c for c in token.conjuncts if c.pos_ == "NOUN"]  # parsed as the verb's
        for condemned in (first, *first.conjuncts, *nouns):  # "the deployment of A and B's supply"
            yield from _tagged(_condemned(ctx, condemned), "condemned")
    if lemma == "embolden" and (emboldened := child_of(token, ("dobj",))) is not None:
        yield from _tagged(_entities_with_conjuncts(ctx, emboldened), "emboldened")
    if lemma in ("raise", "cause") and (raised := child_of(token, ("dobj",))) is not None:
        if raised.lemma_ in _CONCERN_NOUNS and (raiser := child_of(token, ("nsubj",))):
            named = [e for t in raiser.subtree for e in [ctx.linked.entity_at(t)] if e]
            yield from _tagged([e for e in named if e.kind in ACTOR_KINDS], "raises-concern")
    if asserted(token):
        yield from _more_threats(ctx, token, lemma)
        yield from _fought_or_accused(ctx, token, lemma)


def _more_threats(ctx: Context, token: Token, lemma: str) -> Iterator[tuple[Entity, str]]:
    """Concern over someone's conduct, defence against someone, and help given to an
    aggressor."""
    if lemma in _CONCERN_NOUNS and token.pos_ == "NOUN":  # "concern over Iran's build-up"
        for worry in prep_objects(token, _CONCERN_OBJECTS):
            if {t.lemma_.lower() for t in (worry, *worry.children)} & _WORRYING:
                yield from _tagged(_owners(ctx, worry), "concern-over")
    if lemma in _DEFENDING_VERBS and token.pos_ == "VERB":  # "defending Kyiv against Iran"
        for foe in _defended_from(token):  # "protect its cities from Russian drones"
            yield from _tagged(ctx.entities(foe) or _owners(ctx, foe), "defended-against")
    if lemma in _WAR_NOUNS and token.pos_ == "NOUN":  # "the war between
        for side in prep_objects(token, ("between",)):  # Israel and Iran"
            yield from _tagged(_entities_with_conjuncts(ctx, side), "war-between")
    if lemma in _WAR_NOUNS and token.pos_ == "NOUN":  # "the war it had started"
        for clause in (c for c in token.children if c.dep_ == "relcl" and c.lemma_ in _STARTING):
            starter = child_of(clause, ("nsubj",))
            yield from _tagged(ctx.entities(starter) or _pronoun_antecedent(ctx, starter)
                               if starter is not None else [], "war-started")
    if lemma == "warn" and (warned := child_of(token, ("dobj",))) is not None and (
            prep_objects(token, ("over",))):  # "warned Iran over its support for …"
        yield from _tagged(ctx.entities(warned), "warned-over")
    if lemma in _TRANSFER_NOUNS and token.pos_ == "NOUN" and _arms_outsider(ctx, token):
        yield from _tagged(_owners(ctx, token), "arms-supplier")  # "Iran's transfer of
        # drones to Moscow"
    if lemma in _HELP_NOUNS and token.pos_ == "NOUN" and token.dep_ == "pobj" and (
            token.head.lower_ == "with") and _helps_outsider(ctx, token.head.head):
        for helper in prep_objects(token, ("of", "from")):  # "with the help of A and B"
            yield from _tagged(_entities_with_conjuncts(ctx, helper), "helped-by")


def _fought_or_accused(ctx: Context, token: Token, lemma: str) -> Iterator[tuple[Entity, str]]:
    """Whom one fights, is accused over, or calls a terror group, and who uses force."""
    if lemma in _FIGHT_NOUNS and token.pos_ == "NOUN":  # "the fight against terrorism"
        for foe in prep_objects(token, ("against",)):
            yield from _tagged(_entities_with_conjuncts(ctx, foe), "fought")
    if lemma in _FIGHT_VERBS and token.pos_ == "VERB" and (fought := child_of(token, ("dobj",))):
        yield from _tagged(ctx.entities(fought), "fought")  # "to counter China"
    if lemma == "accuse" and _accused_of_hostility(token):
        accused = [t for t in (child_of(token, ("dobj",)),) if t is not None]
        accused += [t for t in token.subtree if t.dep_ == "conj" and t.i + 1 < len(t.doc)
                    and t.nbor(1).lower_ == "of"]  # "accused A of X and B of Y"
        yield from _tagged([e for t in accused for e in _entities_with_conjuncts(ctx, t)],
                           "accused-of")
    if lemma in _GROUP_HEADS and any(c.lower_ in _TERROR for c in token.children
                                     if c.dep_ in ("amod", "compound")):
        named = [c for c in token.children if c.dep_ in ("compound", "appos")]
        yield from _tagged([e for c in named for e in ctx.entities(c)], "terror-group")
    if lemma in _WITHDRAWING and token.pos_ == "VERB" and (
            withdrawn := child_of(token, ("dobj",))) is not None and (
            withdrawn.lemma_.lower() in _WITHDRAWN):
        told = _addressee(token)
        yield from _tagged(ctx.entities(told) if told is not None else [], "told-to-withdraw")
    if lemma == "use" and token.pos_ == "VERB" and (force := child_of(token, ("dobj",))):
        if force.lemma_ == "force":  # "Russia has shown it is prepared to use force"
            user = child_of(token, ("nsubj",)) or _doer(token)
            yield from _tagged(ctx.entities(user) or _pronoun_antecedent(ctx, user)
                               if user is not None else [], "uses-force")


def _doer(verb: Token) -> Token | None:
    """Who does what an infinitive says, up a chain of them: "A and B are working hard to
    try to weaken Europe", "it is prepared to use force"."""
    for _ in range(3):
        subject = subject_above(verb)
        if subject is not None or verb.dep_ not in ("xcomp", "advcl", "acomp"):
            return subject
        verb = verb.head
        if verb.dep_ == "acomp":  # "is prepared to": the subject of "is"
            return child_of(verb.head, ("nsubj",))
    return None


def _addressee(verb: Token) -> Token | None:
    """Who is to do what a demand says: "Russia must withdraw", "called on Russia to step
    back and pull its troops out", "urged Moscow to end the war"."""
    while verb.dep_ == "conj":
        verb = verb.head
    if has_modal(verb, ("must", "should")):
        return child_of(verb, ("nsubj",))
    if verb.dep_ not in ("xcomp", "advcl", "ccomp"):
        return None
    caller = verb.head
    if caller.lemma_ in ("call", "appeal"):
        return next(iter(prep_objects(caller, ("on", "upon", "to"))), None)
    if caller.lemma_ in ("urge", "press", "ask", "tell", "demand"):
        return child_of(caller, ("dobj",))
    return None


def _accused_of_hostility(verb: Token) -> bool:
    """ "accused China of enabling Russia's war", "of aggression": what someone is accused
    of is what a threat does."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "of"):
        if any(c.lemma_.lower() in _ACCUSED_OF for c in prep.children):
            return True
    return False


def _threat_to_outsider(ctx: Context, token: Token) -> bool:
    """ "NATO's course poses a direct threat to Russia's security": a threat the text says
    is to a state outside NATO and its partners, whoever poses it (as Moscow or Beijing
    says of NATO)."""
    if token.lemma_.lower() not in ("threat", "danger", "menace"):
        return False
    for obj in prep_objects(token, ("to",)):
        owners = [obj, *(c for c in obj.children if c.dep_ == "poss")]
        if any(e.kind is Kind.COUNTRY and not _one_of_us(e) and not _partner(e)
               for o in owners for e in ctx.entities(o)):
            return True
    return False


def _condemned(ctx: Context, condemned: Token) -> list[Entity]:
    """Who a condemnation names: "Iran", "Iran's supply of drones", "the deployment of
    Belarusian troops"."""
    named = ctx.linked.entity_at(condemned)
    if named is not None:
        return [named] if named.kind in ACTOR_KINDS else []
    owners = [c for c in condemned.children if c.dep_ == "poss"]
    deeper = [e for obj in prep_objects(condemned, ("of",)) if obj.lemma_.lower() in _MILITARY
              for e in _owners(ctx, obj)]  # "the deployment of troops of North Korea"
    return [e for c in owners for e in ctx.entities(c)] or deeper or (
        _owners(ctx, condemned)  # "condemns the deployment of Belarusian troops"
        if condemned.lemma_.lower() in _CONDUCT_NOUNS | _DEPLOYMENT_NOUNS | _TRANSFER_NOUNS
        else [])


def _defended_from(verb: Token) -> list[Token]:
    """What a verb of defending guards against: "against Iran", "from Russian drones" (on
    the verb or, as the parser often hangs it, on what is defended)."""
    guarded = child_of(verb, ("dobj",))
    preps = ("against", "from")
    return prep_objects(verb, preps) + (prep_objects(guarded, preps) if guarded else [])


def _helps_outsider(ctx: Context, verb: Token) -> bool:
    """Whether the clause help is given in has a subject outside NATO and its partners
    ("Russia is rebuilding its forces with the help of …", "it" standing for Russia)."""
    subject = child_of(verb, ("nsubj",)) if verb.pos_ in ("VERB", "AUX") else None
    if subject is None or not asserted(verb):
        return False
    actors = ctx.entities(_antecedent(subject))
    return any(not _one_of_us(e) and not _partner(e) for e in actors)


def _relative_antecedent(token: Token) -> Token:
    """ "Iran's activities, which pose a threat", "Iran, which he called an aggressor":
    what a relative pronoun stands for."""
    if token.lower_ in ("which", "that", "who") and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _described(ctx: Context, described: Token) -> list[Entity]:
    """Who a description names: "Iran", "which" standing for Iran, or whose ties or
    conduct it names ("described Iran's cooperation with Belarus as a challenge")."""
    described = _relative_antecedent(described)
    if described.lemma_.lower() in _TIES:
        return _entities_with_conjuncts(ctx, described)
    if (named := ctx.entities(described)):
        return named
    if described.lemma_.lower() in _CONDUCT_NOUNS | _DEPLOYMENT_NOUNS:
        return _owners(ctx, described)
    return []


def _presupposed(noun: Token) -> bool:
    """Whether a threat noun is there whatever its clause denies or supposes: "if we cannot
    stop Russia's aggression" still says there is Russian aggression ("is not an aggressor"
    does not: a predicate is what is denied)."""
    return asserted(noun) or noun.dep_ not in ("attr", "acomp", "oprd", "appos")


def _possessors(noun: Token) -> list[Token]:
    """Whose a threat noun is: "Russia's war", and "Russia's cycle of aggression"."""
    owners = [c for c in noun.children if c.dep_ == "poss"]
    owners += [c for m in noun.children if m.dep_ in ("nmod", "compound")  # "Russia's
               for c in m.children if c.dep_ == "poss"]  # missile and drone attacks"
    if not owners and noun.dep_ == "conj":  # … parsed as "Russia's missile" and "attacks"
        owners = [c for c in noun.head.children if c.dep_ == "poss"]
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and (
            noun.head.head.lemma_.lower() in _SERIES):  # not "AP's coverage of the war"
        owners += [c for c in noun.head.head.children if c.dep_ == "poss"]
    return owners


# Nouns for a run of hostile acts: "Russia's cycle of aggression", "Iran's years of attacks".
_SERIES = {"cycle", "pattern", "year", "decade", "campaign", "act", "wave", "series", "spate",
           "history", "record", "policy", "month", "week"}


def _predicated_of(ctx: Context, noun: Token) -> Token | None:
    """The subject a threat noun is said of: "X is a threat", "X poses challenges"; also
    where spaCy loses the subject ("Iran supplies drones and China has become an enabler"
    parses China as a conjunct of the drones) or the verb ("X's policies present
    challenges" parses "present" as an adjective)."""
    if noun.dep_ in ("attr", "dobj") and noun.head.lemma_ in _COPULAS:
        return child_of(noun.head, ("nsubj",)) or _stranded_subject(ctx, noun.head)
    if noun.dep_ == "appos" and any(
            c.dep_ == "amod" and c.lower_ in _MISREAD_COPULAS for c in noun.children):
        return noun.head
    return None


_MISREAD_COPULAS = {"present", "presents", "pose", "poses"}
_POSING = {"pose", "present", "represent"}


def _stranded_subject(ctx: Context, verb: Token) -> Token | None:
    """The actor right before a coordinated verb that has no subject of its own:
    "… and China has become a decisive enabler"."""
    if verb.dep_ != "conj":
        return None
    first = min([verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))],
                key=lambda t: t.i)
    before = verb.doc[first.i - 1] if first.i > 0 else None
    entity = ctx.linked.entity_at(before) if before is not None else None
    return before if entity is not None and entity.kind in ACTOR_KINDS else None


def _antecedent(subject: Token) -> Token:
    """ "China is ramping up its build-up, and it is the main enabler": the subject of the
    clause an "it" is coordinated with."""
    clause = subject.head
    if subject.lower_ == "it" and clause.dep_ == "conj":
        return child_of(clause.head, ("nsubj",)) or subject
    return subject


def _led(ctx: Context, token: Token) -> list[Entity]:
    """The country a leader named by `token` stands for ("Putin's war" is Russia's)."""
    person = ctx.linked.entity_at(token)
    if person is None or person.kind is not Kind.PERSON:
        return []
    country = ctx.linked.represented(person)
    return [country] if country is not None and country.kind in ACTOR_KINDS else []


def _arms_outsider(ctx: Context, verb: Token) -> bool:
    """Whether a verb (or a noun: "the transfer of drones to Moscow") sends troops or
    weapons to a state that is neither an Ally nor a partner (sending them to Ukraine or
    Poland is support, not a threat)."""
    to = prep_objects(verb, ("to",))
    if verb.pos_ == "NOUN" and verb.dep_ == "dobj":  # spaCy hangs "to Russia" on the verb
        to += prep_objects(verb.head, ("to",))
    supplied = prep_objects(verb, ("with",))
    direct = child_of(verb, ("dobj",))
    recipients = to + ([direct] if supplied and direct is not None else [])
    cargo = supplied + ([direct] if to and direct is not None else [])
    cargo += prep_objects(verb, ("of",)) if verb.pos_ == "NOUN" else []
    military = any(t.lemma_.lower() in _MILITARY for c in cargo for t in c.subtree)
    outsiders = [e for r in recipients for e in ctx.entities(r)
                 if e.kind is Kind.COUNTRY and not _one_of_us(e) and not _partner(e)]
    return military and bool(outsiders)


def _hostile(noun: Token) -> bool:
    return any(c.dep_ in ("amod", "compound") and c.lower_ in _HOSTILE for c in noun.children)


def _owners(ctx: Context, noun: Token) -> list[Entity]:
    """Whose conduct a noun is: "China's", "of China", "by Russia", "Russian"."""
    owners = [c for c in noun.children if c.dep_ == "poss"] + prep_objects(noun, ("of", "by"))
    found = [e for t in owners for e in ctx.entities(t) or _pronoun_antecedent(ctx, t)]
    named = (ctx.linked.entity_at(c) for c in noun.children if c.dep_ in ("amod", "compound"))
    return found + [e for e in named if e is not None and e.kind in ACTOR_KINDS]


def _pronoun_antecedent(ctx: Context, token: Token) -> list[Entity]:
    """Whom "its" or "it" stands for: the actor named last before it in the sentence ("addresses
    China, saying its ambitions …")."""
    if token.lower_ not in ("its", "their", "it", "they"):
        return []
    for before in reversed(token.doc[token.sent.start : token.i]):
        entity = ctx.linked.entity_at(before)
        if entity is not None and entity.kind in ACTOR_KINDS:
            return [entity]
    return []


def _wages_war(verb: Token) -> bool:
    """Whether what a verb helps is someone's war: "helping Moscow to wage its war",
    "fuelling Russia's war" (not "helping Ukraine to defend itself against the war")."""
    return any(
        t.lemma_.lower() in _WAR_NOUNS and t.pos_ == "NOUN" and child_of(t, ("poss",))
        for t in verb.subtree
        if t.i > verb.i
    )


def _fired(verb: Token, launched: Token) -> bool:
    """Whether a verb fires weapons at a target: "launched a missile at Dnipro",
    "launched hundreds of drones and dozens of missiles against Ukraine"."""
    weapons = [launched, *(t for t in launched.subtree if t.dep_ in ("pobj", "conj"))]
    return any(t.lemma_.lower() in _WEAPONS for t in weapons) and any(
        t.dep_ == "prep" and t.lower_ in _AIMED for t in verb.subtree)


def _entities_with_conjuncts(ctx: Context, token: Token) -> list[Entity]:
    """ "not just Moscow, but also China, Iran, and North Korea": every conjunct."""
    found = ctx.entities(token)
    for child in token.subtree:
        entity = ctx.linked.entity_at(child)
        if entity is not None and entity.kind in ACTOR_KINDS and entity not in found:
            found.append(entity)
    return found


# Rules that read a threat from whose war or attacks a sentence names: a partner's own
# ("Ukrainian attacks", "Ukraine's war effort") is self-defence, not a threat.
_OWNED_RULES = {"threat-possessive", "threat-demonym", "enabler", "waging", "threat-ties",
                "arms-supplier", "threat-deployed", "concern-over", "defended-against",
                "helped-by", "war-started", "warned-over", "accused-of", "fought", "uses-force",
                "war-between", "told-to-withdraw", "enabler-of"}


def _partner(entity: Entity) -> bool:
    return entity.partner or bool(entity.partnerships)


def _one_of_us(entity: Entity) -> bool:
    """An Ally, NATO, its bodies or the EU: never what NATO news calls a threat."""
    return bool(entity.ally_since) or entity.id in ("nato", "allies", "european-union") or (
        entity.org == "nato")


def _tagged(entities: list[Entity], rule: str) -> Iterator[tuple[Entity, str]]:
    for entity in entities:
        yield entity, rule
