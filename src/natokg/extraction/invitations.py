"""Invitations: "X has invited the leaders of A and B to the Summit", and the other
ways news reports them: "A and B have been invited to attend the summit", "the
partners invited to the summit", "accepted the invitation to the summit".

A partner attending a summit ("the summit was attended by the leaders of A and
B", "A will take part in the summit", "the leaders of A joined the summit") was
invited to it: Allies attend by right, partners by invitation, so attendance is
read as an invitation for partners only, with a lower confidence.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from spacy.tokens import Span, Token

from natokg.extraction.context import TITLE_NOUNS, Context
from natokg.extraction.parse import asserted, child_of, has_modal, prep_objects
from natokg.extraction.registry import Trigger, relation
from natokg.extraction.triggers import Found
from natokg.link import under_way
from natokg.model import Entity, Invitation, Kind

_ATTEND_VERBS = {"attend", "join", "participate", "take"}
# Going to a summit is attending it: "travelled to Vilnius for the NATO Summit".
_TRAVEL_VERBS = {"travel", "fly", "arrive", "head"}
# "Japan's participation in the summit", "President Yoon's attendance at the Summit".
_ATTENDANCE_NOUNS = {"participation", "attendance"}
# Parts of a summit a partner is asked to: "invited to attend a session on Thursday".
_SESSION_NOUNS = {"session", "dinner"}
_RELATIVES = {"which", "who", "that", "whom"}
# What one can do with an invitation, each saying it was made: "accepted the invitation",
# "received an invitation", "declined the invitation".
_INVITATION_VERBS = {"accept", "receive", "decline", "reject", "turn"}
# Making one: "extended an invitation to A", "sent A an invitation".
_SENT_VERBS = {"extend", "issue", "send"}
# "The guest list includes A", "guests at the summit include A": the guests are invited.
_GUEST_NOUNS = {"guest", "invitee", "list"}
# "as have the President of the European Council": an elided repeat of the verb.
_ELIDED_VERBS = {"have", "be", "do"}
# "for the third consecutive year", "for the second time", "two years in a row": a
# repetition, no purpose of the invitation.
_REPEAT_NOUNS = {"year", "time", "row"}
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
_EVENT_KINDS = (Kind.SUMMIT, Kind.MEETING)
_INVITEE_KINDS = (Kind.COUNTRY, Kind.ORGANISATION, Kind.PERSON, Kind.FRAMEWORK)
_ATTENDED_CONFIDENCE = 0.7  # attendance implies, but does not state, the invitation


@relation(
    "invitations",
    triggers=Trigger(lemmas=frozenset(
        {"invite", "invitation", "include"} | _ATTEND_VERBS | _TRAVEL_VERBS | _ATTENDANCE_NOUNS)),
    confidence=0.9,
)
def invitations(ctx: Context, triggered: Found, sent: Span) -> Iterator[Invitation]:
    seen: set[tuple[str, str]] = set()
    for token in triggered(sent):
        if not asserted(token):
            continue
        for invitee, event, inviter, rule, confidence in _invitations(ctx, token, triggered):
            if (invitee.id, event.id) in seen:
                continue
            seen.add((invitee.id, event.id))
            yield Invitation(
                invitee=invitee,
                event=event,
                inviter=inviter,
                evidence=ctx.evidence(sent, rule, confidence),
            )


_Found = tuple[Entity, Entity, Entity | None, str, float]


def _invitations(ctx: Context, token: Token, triggered: Found) -> Iterator[_Found]:
    if token.lemma_ == "invite" and token.pos_ == "VERB":
        yield from _invited(ctx, token, triggered.confidence)
    elif token.lemma_ == "invitation" and token.pos_ == "NOUN":
        yield from _accepted_invitation(ctx, token, triggered.confidence)
    elif token.lemma_ == "include" and token.pos_ == "VERB":
        yield from _guest_list(ctx, token, triggered.confidence)
    elif token.lemma_ in _ATTEND_VERBS | _TRAVEL_VERBS and token.pos_ == "VERB":
        yield from _attended(ctx, token, triggered.confidence)
    elif token.lemma_ in _ATTENDANCE_NOUNS and token.pos_ == "NOUN":
        yield from _attendance(ctx, token)


def _invited(ctx: Context, verb: Token, confidence: float) -> Iterator[_Found]:
    """ "invited A to the summit", "A were invited to attend the summit", "the partners
    invited to the summit" (whoever "were among" them, or is "one of" them), "invited A,
    alongside B and C", "A have been invited, as have B", "Invited to the summit, A
    joined Allies", "A will skip the summit despite being invited", and, in a report on
    a summit, "we have also invited A"."""
    if _habit(verb):
        return
    events = _events(ctx, verb, ("to", "for", "at"))
    invitees = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]  # "A, as well as B"
    if verb.dep_ == "acl" or (verb.dep_ == "relcl" and not invitees and child_of(
            verb, ("nsubj",)) is not None):  # "… among the partners (NATO) invited to …"
        invitees.append(_member_of(verb.head) or verb.head)
        invitees += _listed_after_colon(ctx, verb)
    invitees += _elided_subjects(verb)
    if not invitees and verb.dep_ in ("advcl", "pcomp"):
        invitees = _governing_subjects(verb)
    if not invitees and verb.dep_ == "conj":  # "A were invited at Madrid and again to X"
        invitees = [c for c in verb.head.children if c.dep_ in ("dobj", "nsubjpass")]
    inviter = ctx.speaker_of(verb) if child_of(verb, ("nsubj",)) else None
    if not invitees and _participle_as_verb(verb):  # "Sweden, invited to join …, has waited"
        invitees, inviter = [c for c in verb.children if c.dep_ == "nsubj"], None
    at: list[Token] = []
    if not events and _to_join(verb) and not has_modal(verb, _MODALS):
        events, at = _membership_summits(ctx, verb)
    elif not events and _unbound(verb) and _by_nato(ctx, verb):
        events = [s for s in (_summit_named(ctx, verb),) if s is not None]
    if events:
        events += _summits_before(ctx, verb)
    for event in events:
        for invitee in _invitees(ctx, invitees):
            yield invitee, event, inviter, "invite-to", confidence
        for invitee in _invitees(ctx, _companions([verb, *invitees, *_event_tokens(verb), *at])):
            if _partner_at(invitee, _day(event)):
                yield invitee, event, inviter, "invite-to", confidence


def _participle_as_verb(verb: Token) -> bool:
    """ "Sweden, invited to join the Alliance at Madrid, has waited": a participle set off
    by a comma that the parser took for the main verb, its noun for the inviter."""
    return (verb.tag_ == "VBN" and verb.i > 0 and verb.doc[verb.i - 1].text == ","
            and not any(c.dep_ in ("dobj", "aux") for c in verb.children)
            and child_of(verb, ("nsubj",)) is not None)


def _habit(verb: Token) -> bool:
    """ "NATO has made a habit of inviting A": a custom, no invitation to any one summit."""
    return verb.dep_ == "pcomp" and verb.head.head.lemma_ in ("habit", "practice", "tradition")


def _listed_after_colon(ctx: Context, verb: Token) -> list[Token]:
    """ "welcoming the partners invited from the Indo-Pacific: the Prime Minister of A,
    the President of B": the named list a colon puts after the invited group."""
    sent = verb.sent
    colon = next((t for t in sent if t.i > verb.i and t.text == ":"), None)
    if colon is None or any(t.pos_ == "VERB" for t in sent[verb.i + 1 - sent.start:colon.i
                                                           - sent.start]):
        return []
    return [t for t in sent if t.i > colon.i and ctx.linked.entity_at(t) is not None
            and t.dep_ in ("appos", "conj", "nmod", "compound", "pobj", "nsubj", "dobj")]


def _to_join(verb: Token) -> bool:
    """ "invited to join (the Alliance)", "invited to begin accession talks", "invited to
    start joining talks": an invitation to membership, not to a meeting."""
    for x in verb.children:
        if x.dep_ != "xcomp":
            continue
        objects = [c for c in x.children if c.dep_ in ("dobj", "xcomp")]
        if x.lemma_ == "join" and all(o.lemma_.lower() in _MEMBERSHIP for o in objects):
            return True
        if x.lemma_ in ("begin", "start", "open") and any(
                o.lemma_ in _TALKS or any(c.lemma_ in _TALKS for c in o.children)
                for o in objects):
            return True
    return False


def _membership_summits(ctx: Context, verb: Token) -> tuple[list[Entity], list[Token]]:
    """Where an invitation to membership was issued: the summit of "at the Madrid
    Summit" (on the verb or on "to join"), else the one summit the sentence names ("Madrid,
    2022: A and B were invited to join"), else one under way in a report of the day
    ("leaders invited A to join the Alliance on Wednesday"). Such invitations are made by
    the leaders in summit; the tokens of "at …" are returned for the companions they carry."""
    heads = [verb, *(x for x in verb.children if x.dep_ == "xcomp")]
    at = [o for h in heads for o in prep_objects(h, ("at", "during"))]
    named = [e for o in at for e in ctx.entities(o, (Kind.SUMMIT,))]
    if named:
        return list(dict.fromkeys(named)), at
    begin = _line_start(verb)
    in_sentence = list({link.entity.id: link.entity for link in ctx.linked.links
                        if link.entity.kind is Kind.SUMMIT
                        and begin <= link.start < verb.sent.end}.values())
    if len(in_sentence) == 1:
        return in_sentence, []
    if at or in_sentence or verb.tag_ not in ("VBD", "VBN"):
        return [], []
    return _under_way(ctx), []


def _line_start(token: Token) -> int:
    """Where `token`'s sentence begins, or the heading it follows: a list item's heading
    ("- Madrid, 2022: A and B were invited") can parse as a sentence of its own."""
    start = token.sent.start
    if start == 0 or token.doc[start - 1].text != ":":
        return start
    heading = token.doc[start - 1].sent
    first = heading.start
    line_begins = first == 0 or "\n" in token.doc[first - 1].text_with_ws
    return first if line_begins and len(heading) <= 8 else start


_MODALS = ("will", "would", "could", "should", "may", "might", "must", "can")
# What one is invited to join or open, when the invitation is to membership.
_MEMBERSHIP = {"alliance", "nato", "bloc", "organisation", "organization"}
_TALKS = {"talk", "negotiation", "accession"}


def _summits_before(ctx: Context, verb: Token) -> list[Entity]:
    """ "the third year A has been invited to a summit, following Madrid in 2022 and
    Vilnius in 2023": the summits it follows were invitations too."""
    follows = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "following"),
                   None)
    if follows is None:
        return []
    return [link.entity for link in ctx.linked.links if link.entity.kind is Kind.SUMMIT
            and follows.i < link.start < follows.sent.end]


def _elided_subjects(verb: Token) -> list[Token]:
    """ "A have been invited, as have B": the subjects of a clause that repeats the verb
    by an auxiliary alone."""
    return [s for c in _elided_clauses(verb) for s in c.children
            if s.dep_ in ("nsubj", "nsubjpass", "attr")]


def _elided_clauses(verb: Token) -> list[Token]:
    return [c for c in verb.children
            if c.dep_ in ("advcl", "conj") and c.lemma_ in _ELIDED_VERBS
            and any(m.lower_ in ("as", "so") for m in c.children) and len(list(c.children)) <= 4]


def _governing_subjects(verb: Token) -> list[Token]:
    """Who a subjectless participle is about: the subject of the clause it modifies
    ("Invited to the summit, A joined Allies", "A will skip it despite being invited")."""
    clause = verb.head.head if verb.dep_ == "pcomp" else verb.head
    return _subjects(clause) or _glued(clause, verb)


def _glued(clause: Token, head: Token) -> list[Token]:
    """The subject of a clause the parser missed, hung as an apposition (or conjunct) on
    the last noun of a phrase put before it: "Invited to the summit, the leaders of A,
    as well as B, joined", "At the invitation of the Secretary General, the President
    of Ukraine will attend" (`head` carrying the phrase). Empty when the clause has its
    subject."""
    if _subjects(clause):
        return []
    nouns = [o for o in _phrase_nouns(head) if o.i < clause.i]
    return [t for noun in nouns for t in (*(c for c in noun.children if c.dep_ == "appos"),
                                          *noun.conjuncts)]


def _phrase_nouns(head: Token) -> list[Token]:
    """The innermost nouns of a prepositional chain: "to the summit" → summit,
    "the invitation of the Secretary General" → General."""
    objects = prep_objects(head, ("to", "of", "for", "at"))
    return [inner for o in objects for inner in (_phrase_nouns(o) or [o])]


def _member_of(group: Token) -> Token | None:
    """Who is one of a group: "A and B were among the partners invited", "Kishida, who was
    there as one of four partners invited", "Japan is one of the partners invited"."""
    if group.dep_ != "pobj":
        return None
    prep = group.head
    if prep.lower_ == "among":
        return child_of(prep.head, ("nsubj",))
    one = prep.head
    if prep.lower_ != "of" or one.lower_ != "one":
        return None
    clause = one.head.head if one.dep_ == "pobj" and one.head.lower_ == "as" else one.head
    return child_of(clause, ("nsubj", "nsubjpass")) if one.dep_ in ("pobj", "attr") else None


def _unbound(verb: Token) -> bool:
    """ "We have invited A", "invited A to attend", "invited for the third year" name no
    event, and no other purpose either ("invited A to join the Alliance", "for talks",
    "in June")."""
    elided = set(_elided_clauses(verb))
    return not any(
        c.dep_ in ("prep", "xcomp", "ccomp", "advcl", "dative") and not _repeat(c)
        and not (c.dep_ == "xcomp" and _bare_attending(c)) and c not in elided
        and c.lower_ != "from"  # "partners invited from the Indo-Pacific": whence, not what for
        for c in verb.children)


def _repeat(prep: Token) -> bool:
    """ "for the third consecutive year", "in a row": how often, not what for."""
    return prep.dep_ == "prep" and any(
        o.dep_ == "pobj" and o.lemma_ in _REPEAT_NOUNS for o in prep.children)


def _bare_attending(verb: Token) -> bool:
    """ "to attend", "will take part", "attend as a guest for the second year": attending,
    with nothing said of what is attended."""
    if verb.lemma_ not in ("attend", "participate", "take") or (
            verb.lemma_ == "take" and not any(c.lower_ == "part" for c in verb.children)):
        return False
    return not any(
        (c.dep_ in ("dobj", "xcomp", "ccomp", "agent") and c.lower_ != "part")
        or (c.dep_ == "prep" and not _says_nothing_attended(c) and not _repeat(c))
        for c in verb.children) and not _passive(verb)


def _says_nothing_attended(prep: Token) -> bool:
    """ "as a guest", "alongside Japan", "at the invitation of X": said of the attending,
    not of what is attended."""
    return prep.lower_ in ("as", "alongside") or (
        prep.lower_ == "at" and any(o.lemma_ == "invitation" for o in prep.children))


def _by_nato(ctx: Context, verb: Token) -> bool:
    """Whether NATO does the inviting: a passive, "we" or "I" (a NATO official, or the
    Alliance, in its own release or transcript), or NATO named."""
    subject = child_of(verb, ("nsubj",))
    if subject is None:
        return True
    return subject.lower_ in ("we", "i") or any(
        e.id == "nato" for e in ctx.entities(subject, (Kind.ORGANISATION,)))


def _summit_named(ctx: Context, token: Token, place: str | None = None) -> Entity | None:
    """The summit a report is about at `token`: the last one it named before (in the city
    `place`, if given), else one named later, else that of the article's earlier parts."""
    named = [link for link in ctx.linked.links if link.entity.kind is Kind.SUMMIT and (
        place == link.entity.place or (place is None and not _long_past(ctx, link.entity)))]
    here = [link.entity for link in named if token.sent.start <= link.start < token.sent.end]
    if place is None and len({e.id for e in here}) == 1:
        return here[0]  # "invited to The Hague, but only to the leaders' dinner"
    before = [link.entity for link in named if link.start < token.i]
    earlier = ctx.linked.earlier.summit
    if earlier is not None and place is not None and earlier.place != place:
        earlier = None
    return before[-1] if before else (named[0].entity if named else earlier)


def _long_past(ctx: Context, summit: Entity) -> bool:
    """A summit more than a year before the report ("the first since Istanbul in 2004"):
    history recalled, never the summit a report's bare "the dinner" or "we invited" means."""
    start, on = _day(summit), ctx.anchor
    return start is not None and on is not None and (on - start).days > 400


def _accepted_invitation(ctx: Context, noun: Token, confidence: float) -> Iterator[_Found]:
    """ "A accepted the invitation to the summit", "accepted NATO's invitation to attend
    the summit", "A declined the invitation", and, in a report on a summit, "A received
    an invitation": who accepts, receives or declines it was invited."""
    if noun.dep_ == "dobj" and noun.head.lemma_ in _SENT_VERBS:
        yield from _sent_invitation(ctx, noun, confidence)
    if noun.dep_ != "dobj" or noun.head.lemma_ not in _INVITATION_VERBS:
        return
    if noun.head.lemma_ == "turn" and not any(c.lower_ == "down" for c in noun.head.children):
        return
    rule = "invitation-accepted" if noun.head.lemma_ == "accept" else "invitation-named"
    events = _events(ctx, noun, ("to", "for"))
    if not events and _unbound_invitation(ctx, noun):
        events = [s for s in (_summit_named(ctx, noun),) if s is not None]
    for event in events:
        for invitee in _invitees(ctx, _subjects(noun.head)):
            yield invitee, event, _inviter(ctx, noun), rule, confidence


def _sent_invitation(ctx: Context, noun: Token, confidence: float) -> Iterator[_Found]:
    """ "NATO extended an invitation to A to attend the summit", "we sent A an invitation":
    whom it went to was invited; in a report on a summit, to that summit if to nothing
    else."""
    verb = noun.head
    if _in_a_position(verb):
        return
    invitees = [t for t in prep_objects(noun, ("to",)) + prep_objects(verb, ("to",))
                if any(True for _ in _invitees(ctx, [t]))]
    invitees += [c for c in verb.children if c.dep_ == "dative" and ctx.linked.entity_at(c)]
    events = _events(ctx, noun, ("to", "for")) + _events(ctx, verb, ("to", "for"))
    if not events and _by_nato(ctx, verb) and _unbound_invitation(ctx, noun, invitees):
        events = [s for s in (_summit_named(ctx, noun),) if s is not None]
    inviter = ctx.speaker_of(verb) if child_of(verb, ("nsubj",)) else None
    for event in dict.fromkeys(events):
        for invitee in _invitees(ctx, invitees):
            yield invitee, event, inviter, "invitation-sent", confidence


def _in_a_position(verb: Token) -> bool:
    """ "Allies will be in a position to extend an invitation to Ukraine": a promise of
    membership one day, not an invitation sent."""
    return verb.head.lemma_ == "position" and verb.head.head.lower_ == "in"


def _unbound_invitation(ctx: Context, noun: Token, addressed: list[Token] | None = None) -> bool:
    """ "an invitation", "NATO's invitation", "an invitation to attend": to no other event
    or purpose ("an invitation to join the Alliance", "to Beijing"), and from NATO if
    from anyone; "to A" for the invitees `addressed` is no purpose."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ not in ("from", "of") and not any(
                o in (addressed or []) for o in child.children):
            return False
        if child.dep_ in ("acl", "relcl") and (
                child.lemma_ != "attend" or any(c.dep_ == "dobj" for c in child.children)):
            return False
    inviter = _inviter(ctx, noun)
    return inviter is None or inviter.id == "nato"


def _guest_list(ctx: Context, verb: Token, confidence: float) -> Iterator[_Found]:
    """ "The guest list for the summit includes A", "Guests at the summit include A": who
    is on it was invited, to the summit it names or, if none, the one reported on."""
    subject = child_of(verb, ("nsubj",))
    if subject is None or subject.lemma_ not in _GUEST_NOUNS or (
            subject.lemma_ == "list" and not any(
                c.lemma_ in ("guest", "invitee") for c in subject.children)):
        return
    events = _events(ctx, subject, ("for", "to", "at", "of"), (Kind.SUMMIT,)) or [
        s for s in (_summit_named(ctx, verb),) if s is not None]
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    for event in events:
        for invitee in _invitees(ctx, objects):
            if _partner_at(invitee, _day(event)):
                yield invitee, event, None, "guest-list", confidence


def _inviter(ctx: Context, noun: Token) -> Entity | None:
    """Whose invitation: "NATO's invitation", "the invitation of the Secretary General"."""
    owners = [c for c in noun.children if c.dep_ == "poss"] + prep_objects(noun, ("from", "of"))
    return next((e for t in owners if (e := ctx.linked.entity_at(t))), None)


def _attended(ctx: Context, verb: Token, confidence: float) -> Iterator[_Found]:
    """ "A attended the summit", "the summit was attended by the leaders of A", "A will
    take part in the summit", "the leaders of A joined the summit", "A travelled to
    Vilnius for the summit": partners only. Attending "at the invitation of" the
    Secretary General states the invitation."""
    if verb.lemma_ == "take" and not any(c.lower_ == "part" for c in verb.children):
        return
    if verb.lemma_ in ("attend", "join"):
        events = [e for t in _objects(verb) if not _every(t)
                  for e in ctx.entities(t, (Kind.SUMMIT,))]
        events += [s for t in _objects(verb) if _session(t) and (s := _summit_named(ctx, t))]
        if verb.lemma_ == "join" and not _joins_alliance(ctx, verb):  # "joined Allies at"
            events += _events(ctx, verb, ("at", "in"), (Kind.SUMMIT,))
    elif verb.lemma_ in _TRAVEL_VERBS:
        events = _events(ctx, verb, ("for", "to", "at"), (Kind.SUMMIT,))
    else:  # "participate in", "take part in"
        events = _events(ctx, verb, ("in",), (Kind.SUMMIT,))
    if not events and _bare_attending(verb):  # "Kishida will attend", in a summit report
        events = [s for s in (_summit_named(ctx, verb),) if s is not None]
    invitation = next((t for t in prep_objects(verb, ("at", "on")) if t.lemma_ == "invitation"),
                      None)
    rule, level = ("invitation-attended", confidence) if invitation is not None else (
        "attended-summit", _ATTENDED_CONFIDENCE)
    inviter = _inviter(ctx, invitation) if invitation is not None else None
    attendees = prep_objects(verb, ("by",)) if _passive(verb) else (
        _subjects(verb) or _glued(verb, verb))
    for event in list(dict.fromkeys(events)):
        on = _day(event)
        for invitee in _invitees(ctx, attendees):
            if _partner_at(invitee, on):
                yield invitee, event, inviter, rule, level
        for invitee in _invitees(ctx, _companions([verb])):
            if _partner_at(invitee, on):
                yield invitee, event, None, "attended-summit", _ATTENDED_CONFIDENCE


def _joins_alliance(ctx: Context, verb: Token) -> bool:
    """ "Finland joined NATO at the summit": membership, not attendance."""
    return any(t.lemma_.lower() == "alliance" or any(
        e.id == "nato" for e in ctx.entities(t, (Kind.ORGANISATION,))) for t in _objects(verb))


def _attendance(ctx: Context, noun: Token) -> Iterator[_Found]:
    """ "Japan's participation in the summit", "President Yoon's attendance at the NATO
    Summit": an attendance, read as attending is."""
    events = _events(ctx, noun, ("in", "at"), (Kind.SUMMIT,))
    owners = [c for c in noun.children if c.dep_ == "poss"]
    for event in events:
        for invitee in _invitees(ctx, owners):
            if _partner_at(invitee, _day(event)):
                yield invitee, event, None, "attended-summit", _ATTENDED_CONFIDENCE


def _day(event: Entity) -> date | None:
    return event.start.as_date() if event.start else None


def _companions(heads: list[Token]) -> list[Token]:
    """Who else a clause names with its subject or object: "alongside Japan", "together
    with the leaders of Japan", "along with Korea"."""
    found = []
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep":
                continue
            paired = prep.lower_ == "with" and any(
                c.lower_ in ("together", "along") for c in prep.children)
            if prep.lower_ == "alongside" or paired:
                found += [o for o in prep.children if o.dep_ == "pobj"]
    return found


def _event_tokens(head: Token) -> list[Token]:
    """The words naming the event of "to the summit" or "to attend the summit"."""
    places = [o for x in head.children if x.dep_ in ("xcomp", "acl", "advcl")
              and x.lemma_ in ("attend", "join") for o in _objects(x)]
    return prep_objects(head, ("to", "for")) + places


def _events(
    ctx: Context, head: Token, preps: tuple[str, ...], kinds: tuple[Kind, ...] = _EVENT_KINDS
) -> list[Entity]:
    """The event of "to the summit" or of "to attend the summit" under `head`; "to The
    Hague" or "a session" in a report on the summit there is that summit."""
    places = [
        o
        for x in head.children
        if x.dep_ in ("xcomp", "acl", "advcl") and x.lemma_ in ("attend", "join")
        for o in _objects(x)
    ]
    found: dict[str, Entity] = {}
    objects = prep_objects(head, preps) + places
    objects += [o for obj in objects if obj.lemma_ in _PARTS for o in prep_objects(obj, ("of",))]
    for obj in objects:
        if _every(obj) and not _invited_ever_since(head, obj):
            continue
        if _every(obj):
            found.update((e.id, e) for e in _under_way(ctx))
            continue
        named = ctx.entities(obj, kinds)
        for city in ctx.entities(obj, (Kind.CITY,)) if Kind.SUMMIT in kinds else []:
            named += [s for s in (_summit_named(ctx, obj, city.id),) if s is not None]
        if _session(obj) and Kind.SUMMIT in kinds:
            named += [s for s in (_summit_named(ctx, obj),) if s is not None]
        found.update((e.id, e) for e in named if e.kind in kinds)
    return list(found.values())


# "invited to join part of the summit", "to attend the opening of the summit".
_PARTS = {"part", "portion", "opening", "day"}


def _session(noun: Token) -> bool:
    """ "a session", "the dinner": part of the summit reported on, unless it is of some
    body named ("a session of the NATO-Ukraine Council")."""
    return noun.lemma_ in _SESSION_NOUNS and not noun.ent_type_ and not any(
        o.ent_type_ in ("ORG", "GPE", "NORP") for o in prep_objects(noun, ("of",)))


def _every(event: Token) -> bool:
    """A habit, not an event: "taken part in every summit since Madrid" names no summit
    anyone was invited to."""
    return any(c.dep_ in ("det", "predet") and c.lower_ in ("every", "each", "all", "any")
               for c in event.children)


def _invited_ever_since(verb: Token, event: Token) -> bool:
    """ "have been invited to every NATO summit since Madrid": a habit that, told in a
    report from a summit, takes in the one under way (attending every one does not
    say who was invited to this one)."""
    return verb.lemma_ == "invite" and any(
        c.dep_ == "prep" and c.lower_ == "since" for c in (*event.children, *verb.children))


def _under_way(ctx: Context) -> list[Entity]:
    """The summits the article names that are under way at its date (or just ended)."""
    on = ctx.anchor
    return [] if on is None else list({
        link.entity.id: link.entity for link in ctx.linked.links
        if link.entity.kind is Kind.SUMMIT and under_way(link.entity, on)}.values())


def _objects(verb: Token) -> list[Token]:
    """What a verb of attending takes: "attend the summit", "was attended" (its subject)."""
    if _passive(verb):
        return [s for s in (child_of(verb, ("nsubjpass",)),) if s is not None]
    return [o for o in (child_of(verb, ("dobj",)),) if o is not None]


def _passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children) or (
        verb.tag_ == "VBN" and child_of(verb, ("agent",)) is not None
    )


def _subjects(verb: Token) -> list[Token]:
    """Who does `verb`, or the verb it completes or serves: "A is expected to attend",
    "A will visit Washington to attend"."""
    for candidate in (verb, verb.head if verb.dep_ in ("xcomp", "conj", "advcl") else None):
        subjects = [c for c in candidate.children if c.dep_ in ("nsubj", "nsubjpass")] if (
            candidate is not None) else []
        if subjects:  # a wire dateline ("TOKYO (Kyodo) --") can parse as a second subject
            return subjects
    return []


def _invitees(ctx: Context, tokens: list[Token]) -> Iterator[Entity]:
    """The countries and organisations the phrases name, a leader standing for their
    country ("President Zelenskyy" → Ukraine, "he" → the last person named, "the Prime
    Minister" → the last one named, "I" → whoever speaks), an office for its body ("the
    President of the European Commission" → the European Union), a group for its members
    ("the IP4" → Australia, Japan, New Zealand, Korea; "the four partners" or "the four"
    → the four partners last named), "which" for what it refers to."""
    for token in tokens:
        if token.lower_ in _RELATIVES and token.head.dep_ == "relcl":
            token = token.head.head  # "the leaders of A, which were also invited"
        items = (token, *token.conjuncts)
        named = [e for item in (*items, *(t for i in items for t in _listed(ctx, i)))
                 for e in _office_of(ctx, item) or ctx.entities(item, _INVITEE_KINDS)]
        if token.lower_ in ("he", "she"):
            person = ctx.linked.last_person(token.idx, lambda c: ctx.quote_at(c) is not None)
            named = [person] if person is not None else []
        elif token.lower_ in ("i", "we") and token.dep_.startswith("nsubj"):
            named = [s for s in (ctx.speaker_of(token.head),) if s is not None]
        elif not named and _title(token):
            person = ctx.linked.last_person(token.idx, lambda c: ctx.quote_at(c) is not None)
            named = [person] if person is not None else []
        elif not named:
            named = _counted_partners(ctx, token)
        for entity in named:
            yield from (_body_of(ctx, e) for e in ctx.linked.expand(entity)
                        if e.kind is not Kind.FRAMEWORK)


def _listed(ctx: Context, token: Token) -> list[Token]:
    """ "Japan, Australia, New Zealand and Korea" parsed as Japan with an apposition, or
    "Prime Minister A and Prime Minister B" parsed with A inside B's title ("A" a modifier
    of "Minister"): the named appositions, and the named holders nested in the title, of a
    named invitee are further invitees."""
    if ctx.linked.entity_at(token) is None:
        return []
    nested = [t for c in token.children if c.dep_ == "compound" and c.lemma_.lower() in TITLE_NOUNS
              for t in c.children if t.dep_ == "nmod" and ctx.linked.entity_at(t)]
    appositions = [c for c in token.children if c.dep_ == "appos"]
    return nested + [t for c in appositions if ctx.linked.entity_at(c)
                     for t in (c, *_listed(ctx, c))]


def _office_of(ctx: Context, token: Token) -> list[Entity]:
    """ "the President of the European Commission": the body whose office is named, not
    whoever holds it (who may stand for no country)."""
    if token.lemma_.lower() not in TITLE_NOUNS:
        return []
    return [e for o in prep_objects(token, ("of",))
            for e in ctx.entities(o, (Kind.COUNTRY, Kind.ORGANISATION))]


def _body_of(ctx: Context, entity: Entity) -> Entity:
    """The partner an institution of it stands for: the European Commission or the
    European Council invited is the European Union invited."""
    parent = ctx.linked.context.get(entity.org) if entity.org else None
    if entity.kind is Kind.ORGANISATION and parent is not None and parent.partner:
        return parent
    return entity


def _title(token: Token) -> bool:
    """ "the Prime Minister", "the President": one office holder, the last one named."""
    return (token.lemma_.lower() in TITLE_NOUNS and token.tag_ in ("NN", "NNP")
            and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children))


def _counted_partners(ctx: Context, token: Token) -> list[Entity]:
    """ "the four partners": the last four partner countries the article named before."""
    count = next((_COUNTS.get(c.lower_) for c in token.children if c.dep_ == "nummod"), None)
    if token.lemma_ != "partner" or token.tag_ != "NNS":
        count = _COUNTS.get(token.lower_) if _bare_count(token) else None
    if count is None:
        return []
    found: dict[str, Entity] = {}
    for link in sorted(ctx.linked.links, key=lambda lk: -lk.start):
        entity = link.entity
        if link.start < token.i and entity.kind is Kind.COUNTRY and _partner_at(entity, None):
            found.setdefault(entity.id, entity)
            if len(found) == count:
                return list(found.values())
    return []


def _bare_count(token: Token) -> bool:
    """ "invited the four": a number standing for a group named before."""
    return token.pos_ == "NUM" and token.dep_ in ("dobj", "nsubjpass") and any(
        c.dep_ == "det" and c.lower_ == "the" for c in token.children)


def _partner_at(entity: Entity, on: date | None) -> bool:
    """A partner of NATO, or a future Ally before its accession (Sweden at Vilnius in
    2023, there as an invitee); never an Ally on the day."""
    if entity.ally_since is not None:
        return on is not None and on < entity.ally_since
    return entity.partner or bool(entity.partnerships)


