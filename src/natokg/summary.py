"""The summary graph: the aggregate answers, counted once at build time.

The aggregate questions (allies, partners, summits, meetings, officials,
partners-invited, threats) count documents across the whole store. Answered
from the document graphs, each must visit every mention or fact of every
document: two seconds on a million quads, and growing with the store. So
each build also maintains one more named graph, `nkr:summary`, holding
*tallies*: for one answer of one question (an Ally; a person, role and
organisation; a partner and a summit) and one confidence value, how many
documents support that answer with that value as their best, and an example
fact. A question asked with `min_confidence` sums the tallies at or above it,
which is exactly the number of documents with a fact at or above it; the
entities the tallies name are described in the summary graph too, so a
canned query never leaves it and reads a few dozen nodes.

Tallies are computed from each document's own statements, whatever wrote
them (a build, an import, a remote endpoint), by the same rules the questions
state (an Ally counts from its accession date on, a partner until it joins).
Each tally keeps its supports (per document counted, the best fact), so a
build adds a new document's supports and takes a replaced document's old
ones away, touching only the tallies concerned (see `SummaryUpdate`).

Every store writer runs this bookkeeping as a commit hook (`SUMMARY_HOOK`,
listed in `natokg.store.derived`): the store itself knows nothing of tallies.

Terms are handled as N-Triples text (`<iri>`, `"lexical"^^<datatype>`), the
form documents travel in: the process writing the store reads the lines it
needs from each document's N-Quads with string operations, not a parser.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse, serialize

from natokg.vocab import NKG, RDF, RESOURCE_BASE, SCHEMA, XSD

if TYPE_CHECKING:  # the store runs the hook; the hook needs only the store's contracts
    from natokg.store.protocol import DerivedGraph, GraphWriter

SUMMARY_GRAPH = NamedNode(RESOURCE_BASE + "summary")

Term = str  # an IRI or literal in N-Triples syntax
Triple = tuple[Term, Term, Term]
Key = tuple[Term | None, ...]  # an answer's parts
TallyKey = tuple[str, Key, Term]  # question, answer, best confidence


def _nt(node: NamedNode) -> Term:
    return str(node)


_SUMMARY = _nt(SUMMARY_GRAPH)
_ENTITY_START = f"<{RESOURCE_BASE}entity/"
_TYPE, _CONFIDENCE, _PLACE = _nt(RDF.type), _nt(NKG.confidence), _nt(NKG.place)
_ENTITY, _ACCESSION, _PUBLISHED = _nt(NKG.entity), _nt(NKG.accessionDate), _nt(SCHEMA.datePublished)
_START = _nt(NKG.startDate)
_ACTOR, _EVENT, _INVITEE = _nt(NKG.actor), _nt(NKG.event), _nt(NKG.invitee)
_PERSON, _ROLE, _ORGANISATION, _TITLE = (_nt(p) for p in (NKG.person, NKG.role,
                                                          NKG.organisation, NKG.title))
_ALLY, _PARTNER, _SUMMIT, _MEETING = (_nt(c) for c in (NKG.Ally, NKG.Partner, NKG.Summit,
                                                       NKG.Meeting))
# The predicates naming an answer's parts on a tally, in key order.
_KEY_PREDICATES = tuple(_nt(p) for p in (NKG.tallied, NKG.talliedRole, NKG.talliedOrganisation,
                                          NKG.talliedTitle, NKG.talliedEvent))
# What the rules read: descriptions of entities, and these predicates' statements.
_READ = frozenset(_nt(p) for p in (RDF.type, NKG.confidence, NKG.entity, NKG.actor, NKG.event,
                                   NKG.person, NKG.role, NKG.organisation, NKG.title,
                                   NKG.invitee, SCHEMA.datePublished))


@dataclass
class Summary:
    """Tallies (each the set of supporting facts, one per document) and entity descriptions."""

    tallies: dict[TallyKey, set[Term]] = field(default_factory=dict)
    descriptions: dict[Term, set[tuple[Term, Term]]] = field(default_factory=dict)

    def add(self, other: Summary) -> None:
        """Merge another set of documents' summary; an entity's latest description wins."""
        for key, facts in other.tallies.items():
            self.tallies.setdefault(key, set()).update(facts)
        self.descriptions.update(other.descriptions)

    def quads(self) -> list[Quad]:
        """The whole summary graph, in a stable order."""
        lines = [_MARKER_LINE]
        for key in sorted(self.tallies, key=_key_order):
            facts = self.tallies[key]
            lines += _tally_head(key)
            lines += _tally_totals(key, len(facts), min(facts))
            lines += [_support(key, fact) for fact in sorted(facts)]
        for entity in sorted(self.descriptions):
            lines += _description(entity, self.descriptions[entity])
        return _quads(lines)


# -- one document ---------------------------------------------------------------------
class _Graph:
    """One document graph indexed by subject and by class: what the question rules look up."""

    def __init__(self, triples: Iterable[Triple], name: Term | None) -> None:
        self.name = name
        self.values: dict[Term, dict[Term, list[Term]]] = {}
        self.instances: dict[Term, list[Term]] = defaultdict(list)
        for subject, predicate, obj in triples:
            self.values.setdefault(subject, {}).setdefault(predicate, []).append(obj)
            if predicate == _TYPE:
                self.instances[obj].append(subject)

    def one(self, subject: Term | None, predicate: Term) -> Term | None:
        found = self.values.get(subject, {}).get(predicate) if subject else None
        return found[0] if found else None

    def has_type(self, subject: Term | None, cls: Term) -> bool:
        if not subject:
            return False
        return cls in self.values.get(subject, {}).get(_TYPE, ())

    def of_type(self, cls: NamedNode) -> list[Term]:
        return self.instances.get(_nt(cls), [])


@dataclass(frozen=True)
class _Support:
    """One fact supporting one answer of one question in a document."""

    question: str
    key: Key
    confidence: Term
    fact: Term


def _supports(graph: _Graph, cls: NamedNode, question: str,
              key: Callable[[Term], Key | None]) -> Iterator[_Support]:
    for fact in graph.of_type(cls):
        confidence = graph.one(fact, _CONFIDENCE)
        answer = key(fact)
        if confidence is not None and answer is not None:
            yield _Support(question, _trimmed(answer), confidence, fact)


def _mentions(graph: _Graph) -> Iterator[_Support]:
    """allies, partners and summits: entities mentioned, membership read at the document's date."""
    published = graph.one(graph.name, _PUBLISHED)
    for mention in graph.of_type(NKG.Mention):
        entity, confidence = graph.one(mention, _ENTITY), graph.one(mention, _CONFIDENCE)
        if entity is None or confidence is None or not _is_iri(entity):
            continue
        joined = graph.one(entity, _ACCESSION)
        member = joined is not None and (published is None or _before_or_on(joined, published))
        if member and graph.has_type(entity, _ALLY):
            yield _Support("allies", (entity,), confidence, mention)
        if not member and graph.has_type(entity, _PARTNER):  # a partner until it joins
            yield _Support("partners", (entity,), confidence, mention)
        if graph.has_type(entity, _SUMMIT):
            yield _Support("summits", (entity,), confidence, mention)


def _facts(graph: _Graph) -> Iterator[_Support]:
    """threats, meetings, officials and partners-invited: one fact class each."""

    def threat(fact: Term) -> Key | None:
        actor = graph.one(fact, _ACTOR)
        return (actor,) if actor is not None and _is_iri(actor) else None

    def meeting(fact: Term) -> Key | None:
        event = graph.one(fact, _EVENT)
        return (event,) if graph.has_type(event, _MEETING) else None

    def official(fact: Term) -> Key | None:
        parts = (graph.one(fact, _PERSON), graph.one(fact, _ROLE),
                 graph.one(fact, _ORGANISATION))
        return (*parts, graph.one(fact, _TITLE)) if None not in parts else None

    def invitation(fact: Term) -> Key | None:
        invitee, event = graph.one(fact, _INVITEE), graph.one(fact, _EVENT)
        if graph.has_type(event, _SUMMIT) and (
                graph.has_type(invitee, _PARTNER) or _joined_after(graph, invitee, event)):
            return (invitee, None, None, None, event)
        return None

    yield from _supports(graph, NKG.ThreatAssessment, "threats", threat)
    yield from _supports(graph, NKG.EventReport, "meetings", meeting)
    yield from _supports(graph, NKG.OfficeHolding, "officials", official)
    yield from _supports(graph, NKG.Invitation, "partners-invited", invitation)


def _summary(graph: _Graph) -> Summary:
    """One document's tallies: per answer, the document counts once, at its best confidence."""
    best: dict[tuple[str, Key], _Support] = {}
    for support in (*_mentions(graph), *_facts(graph)):
        slot = (support.question, support.key)
        held = best.get(slot)
        if held is None or _better(support, held):
            best[slot] = support
    summary = Summary()
    for support in best.values():
        summary.tallies[(support.question, support.key, support.confidence)] = {support.fact}
        summary.descriptions.update(_descriptions(graph, support.key))
    return summary


def document_summary(quads: Iterable[Quad]) -> Summary:
    """The summary of one document graph as a store returns it."""
    quads = list(quads)
    name = next((str(q.graph_name) for q in quads if isinstance(q.graph_name, NamedNode)), None)
    return _summary(_Graph(((str(q.subject), str(q.predicate), str(q.object))
                            for q in quads), name))


def summary_of_nquads(data: bytes) -> Summary:
    """The summary of one document graph serialized as N-Quads (one graph, named).

    Lines are cut with string operations, keeping only those the rules read:
    this runs in the process that writes the store, once per document.
    """
    triples: list[Triple] = []
    name = None
    for line in data.decode("utf-8").split("\n"):
        subject, _, rest = line.partition(" ")
        predicate, _, rest = rest.partition(" ")
        if predicate in _READ or subject.startswith(_ENTITY_START):
            graph_at = rest.rindex(" <", 0, len(rest) - 2)  # `… <graph> .`
            triples.append((subject, predicate, rest[:graph_at]))
            name = name or rest[graph_at + 1:-2]
    return _summary(_Graph(triples, name))


def _better(candidate: _Support, held: _Support) -> bool:
    """Higher confidence wins; among equals the least IRI, so any order gives one answer."""
    mine, theirs = _decimal(candidate.confidence), _decimal(held.confidence)
    return mine > theirs or (mine == theirs and candidate.fact < held.fact)


def _descriptions(graph: _Graph, key: Key) -> dict[Term, set[tuple[Term, Term]]]:
    """What the document says of the entities an answer names, and of their places."""
    found: dict[Term, set[tuple[Term, Term]]] = {}
    entities = [term for term in key if term is not None and _is_iri(term)]
    for entity in entities:
        place = graph.one(entity, _PLACE)
        if place is not None and _is_iri(place) and place not in entities:
            entities.append(place)
        found[entity] = {(predicate, obj) for predicate, objects in
                         graph.values.get(entity, {}).items() for obj in objects}
    return found


# -- terms and lines ------------------------------------------------------------------
def _is_iri(term: Term) -> bool:
    return term.startswith("<")


def _lexical(literal: Term) -> str:
    return literal[1:literal.rindex('"')]


def _trimmed(key: Key) -> Key:
    """A key without trailing blanks, so keys read back from the graph compare equal."""
    end = len(key)
    while end and key[end - 1] is None:
        end -= 1
    return key[:end]


def _joined_after(graph: _Graph, invitee: Term | None, summit: Term | None) -> bool:
    """An Ally that joined after the summit was not one there: Finland and Sweden,
    invited to join at Madrid in 2022, read in an article of 2025."""
    joined, held = graph.one(invitee, _ACCESSION), graph.one(summit, _START)
    return joined is not None and held is not None and not _before_or_on(joined, held)


def _before_or_on(first: Term, second: Term) -> bool:
    """xsd:date literals compared as SPARQL does (ISO dates order as text)."""
    return _lexical(first)[:10] <= _lexical(second)[:10]


def _decimal(literal: Term) -> Decimal:
    try:
        return Decimal(_lexical(literal))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def _tally_node(key: TallyKey) -> Term:
    question, parts, confidence = key
    digest = hashlib.sha256(repr((question, list(parts), confidence)).encode())
    return f"<{RESOURCE_BASE}summary/{question}/{digest.hexdigest()[:16]}>"


def _key_order(key: TallyKey) -> tuple[str, ...]:
    question, parts, confidence = key
    return (question, *(term or "" for term in parts), confidence)


def _line(subject: Term, predicate: Term, obj: Term) -> str:
    return f"{subject} {predicate} {obj} {_SUMMARY} .\n"


def _quads(lines: list[str]) -> list[Quad]:
    return list(parse("".join(lines).encode("utf-8"), format=RdfFormat.N_QUADS))


def _tally_head(key: TallyKey) -> list[str]:
    """What never changes about a tally: its class, question, answer and confidence."""
    question, parts, confidence = key
    node = _tally_node(key)
    return [_line(node, _TYPE, _nt(NKG.Tally)),
            _line(node, _nt(NKG.question), f'"{question}"'),
            *(_line(node, predicate, term)
              for predicate, term in zip(_KEY_PREDICATES, parts, strict=False) if term is not None),
            _line(node, _nt(NKG.bestConfidence), confidence)]


def _tally_totals(key: TallyKey, documents: int, example: Term) -> list[str]:
    node = _tally_node(key)
    return [_line(node, _nt(NKG.documentCount), f'"{documents}"^^{_nt(XSD.integer)}'),
            _line(node, _nt(NKG.example), example)]


def _support(key: TallyKey, fact: Term) -> str:
    return _line(_tally_node(key), _nt(NKG.support), fact)


def _description(entity: Term, values: set[tuple[Term, Term]]) -> list[str]:
    return [_line(entity, p, o) for p, o in sorted(values)]


_MARKER_LINE = _line(_SUMMARY, _TYPE, _nt(NKG.Summary))
SUMMARY_MARKER = _quads([_MARKER_LINE])[0]
# Whether a store has its summary graph, and whether it has documents to summarize.
HAS_SUMMARY = f"ASK {{ GRAPH {_SUMMARY} {{ {_SUMMARY} {_TYPE} {_nt(NKG.Summary)} }} }}"
HAS_DOCUMENTS = f"ASK {{ GRAPH ?document {{ ?document {_TYPE} {_nt(NKG.Document)} }} }}"


# -- keeping it up to date --------------------------------------------------------
class SummaryUpdate:
    """What a build changes, so its writer can bring the summary graph up to date.

    A document written for the first time adds its supports; one replaced
    first takes its old supports away (read from its old graph before it is
    overwritten). The writer applies the changes batch by batch (`apply`),
    touching only the tallies they concern, so memory stays flat and a small
    rebuild of a large store costs little. RDF loaded as is, or a store from
    before summaries, asks for a `recount` from every document graph instead.
    """

    BATCH = 512  # documents whose changes are held before they are applied

    def __init__(self, graphs: Iterable[NamedNode], has_summary: bool) -> None:
        self.existing = set(graphs) - {SUMMARY_GRAPH}
        self.recount = bool(self.existing) and not has_summary
        self.added, self.removed = Summary(), Summary()
        self.pending = 0
        self.written: set[NamedNode] = set()
        self.changed = self.recount  # a store without its summary gets one, changed or not

    def replaced(self, graph: NamedNode, data: bytes,
                 old: Callable[[], Iterable[Quad]]) -> None:
        """Note that `graph` now holds `data`; `old` reads what it held before."""
        self.changed = True
        if graph == SUMMARY_GRAPH:
            self.recount = True
        if self.recount or graph in self.written:  # a document twice in a build: same graph
            return
        self.written.add(graph)
        if graph in self.existing:
            self.removed.add(document_summary(old()))
        self.added.add(summary_of_nquads(data))
        self.pending += 1

    def loaded(self) -> None:
        self.changed = self.recount = True

    @property
    def due(self) -> bool:
        return self.pending >= self.BATCH

    def apply(self, graph: DerivedGraph) -> None:
        """Write the pending changes into the summary graph, tally by tally."""
        if self.pending:
            graph.change(*_patch(graph, self.added, self.removed))
            stale = set(self.removed.descriptions) - set(self.added.descriptions)
            _forget_unreferenced(graph, stale)
        self.added, self.removed, self.pending = Summary(), Summary(), 0

    def recounted(self, documents: Iterable[Iterable[Quad]]) -> list[Quad]:
        """The whole summary graph, counted afresh from every document graph's quads."""
        summary = Summary()
        for quads in documents:
            summary.add(document_summary(quads))
        return summary.quads()


def _patch(graph: DerivedGraph, added: Summary, removed: Summary
           ) -> tuple[list[Quad], list[Quad]]:
    """The quads to remove and add so the summary graph counts `added`, not `removed`."""
    remove: list[Quad] = []
    add: list[str] = [_MARKER_LINE]
    for key in added.tallies.keys() | removed.tallies.keys():
        plus, minus = added.tallies.get(key, set()), removed.tallies.get(key, set())
        plus, minus = plus - minus, minus - plus  # a document rebuilt alike changes nothing
        if plus or minus:
            _patch_tally(graph, key, plus, minus, remove, add)
    for entity, values in added.descriptions.items():
        remove += graph.read(_node(entity))
        add += _description(entity, values)
    return remove, _quads(add)


def _forget_unreferenced(graph: DerivedGraph, entities: set[Term]) -> None:
    """Drop the descriptions no tally (nor the place of a described entity) needs any more."""
    referring = [_node(p) for p in (*_KEY_PREDICATES, _PLACE)]
    nodes = {_node(e) for e in entities}
    while nodes:
        orphans = {e for e in nodes if not graph.refers_to(e, referring)}
        gone = [q for e in orphans for q in graph.read(e)]
        graph.change(gone, [])
        places = (q.object for q in gone if q.predicate == NKG.place)
        nodes = {place for place in places if isinstance(place, NamedNode)} - orphans


def _patch_tally(graph: DerivedGraph, key: TallyKey, plus: set[Term],
                 minus: set[Term], remove: list[Quad], add: list[str]) -> None:
    node = _node(_tally_node(key))
    totals = graph.read(node, NKG.documentCount) + graph.read(node, NKG.example)
    counted = next((int(q.object.value) for q in totals
                    if q.predicate == NKG.documentCount and isinstance(q.object, Literal)), 0)
    example = next((str(q.object) for q in totals if q.predicate == NKG.example), None)
    documents = counted + len(plus) - len(minus)
    if documents <= 0:
        remove += graph.read(node)
        return
    if not counted:
        add += _tally_head(key)
    candidates = set(plus)
    if example is not None and example not in minus:
        candidates.add(example)
    else:  # the example's document went: the least of the supports that remain
        candidates |= {str(q.object) for q in graph.read(node, NKG.support)} - minus
    remove += totals + _quads([_support(key, fact) for fact in minus])
    add += _tally_totals(key, documents, min(candidates))
    add += [_support(key, fact) for fact in plus]


def _node(iri: Term) -> NamedNode:
    return NamedNode(iri[1:-1])


class SummaryHook:
    """The store's commit hook for the summary graph (see `natokg.store.protocol.CommitHook`)."""

    graph = SUMMARY_GRAPH

    def start(self, writer: GraphWriter) -> SummaryRun:
        has_summary = SUMMARY_MARKER in writer.derived(SUMMARY_GRAPH).read(
            SUMMARY_GRAPH, RDF.type)
        return SummaryRun(writer, SummaryUpdate(writer.document_graphs(), has_summary))


class SummaryRun:
    """One transaction's summary bookkeeping: patched batch by batch, or recounted at commit."""

    def __init__(self, writer: GraphWriter, update: SummaryUpdate) -> None:
        self.writer = writer
        self.update = update

    def replaced(self, graph: NamedNode, data: bytes) -> None:
        self.update.replaced(graph, data, lambda: self.writer.graph_quads(graph))
        if self.update.due:
            self.update.apply(self.writer.derived(SUMMARY_GRAPH))

    def loaded(self) -> None:
        self.update.loaded()

    def commit(self) -> None:
        if not self.update.changed:
            return
        if self.update.recount:
            documents = (self.writer.graph_quads(g) for g in self.writer.document_graphs())
            summary = serialize(self.update.recounted(documents), format=RdfFormat.N_QUADS)
            self.writer.overwrite(SUMMARY_GRAPH, summary or b"")
        else:
            self.update.apply(self.writer.derived(SUMMARY_GRAPH))


SUMMARY_HOOK = SummaryHook()
