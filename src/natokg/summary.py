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

Tallies are computed from each document's own quads, whatever wrote them (a
build, an import, a remote endpoint), by the same rules the questions state
(an Ally counts from its accession date on, a partner until it joins). A
build that only adds documents adds their tallies to the summary it found;
one that replaces or removes a document, or loads RDF it cannot attribute,
recounts the summary from every document graph (seconds per million quads).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from natokg.vocab import NKG, RDF, RESOURCE_BASE, SCHEMA, XSD

SUMMARY_GRAPH = NamedNode(RESOURCE_BASE + "summary")
_ENTITY_PREFIX = RESOURCE_BASE + "entity/"

Term = NamedNode | Literal
Key = tuple[Term | None, ...]
# The predicates naming an answer's parts on a tally, in key order.
_KEY_PREDICATES = (NKG.tallied, NKG.talliedRole, NKG.talliedOrganisation, NKG.talliedTitle,
                   NKG.talliedEvent)
TallyKey = tuple[str, Key, Literal]  # question, the answer's parts, best confidence


@dataclass
class Summary:
    """Tallies (each the set of supporting facts, one per document) and entity descriptions."""

    tallies: dict[TallyKey, set[NamedNode]] = field(default_factory=dict)
    descriptions: dict[NamedNode, set[tuple[NamedNode, Term]]] = field(default_factory=dict)

    def add(self, other: Summary) -> None:
        """Merge another set of documents' summary; an entity's latest description wins."""
        for key, facts in other.tallies.items():
            self.tallies.setdefault(key, set()).update(facts)
        self.descriptions.update(other.descriptions)

    def add_document(self, quads: Iterable[Quad]) -> None:
        self.add(document_summary(quads))

    def quads(self) -> list[Quad]:
        """The whole summary graph, in a stable order."""
        out = [SUMMARY_MARKER]
        for key in sorted(self.tallies, key=_key_order):
            facts = self.tallies[key]
            out += _tally_head(key)
            out += _tally_totals(key, len(facts), min(facts, key=_iri))
            out += [_support(key, fact) for fact in sorted(facts, key=_iri)]
        for entity in sorted(self.descriptions, key=_iri):
            out += _description(entity, self.descriptions[entity])
        return out


# -- one document ---------------------------------------------------------------------
# What the rules read: descriptions of entities, and these predicates' statements.
_READ_PREDICATES = (RDF.type, NKG.confidence, NKG.entity, NKG.actor, NKG.event, NKG.person,
                    NKG.role, NKG.organisation, NKG.title, NKG.invitee, SCHEMA.datePublished)
_READ_IRIS = frozenset(f"<{p.value}>".encode() for p in _READ_PREDICATES)
_ENTITY_START = f"<{_ENTITY_PREFIX}".encode()


class _Graph:
    """One document graph indexed by subject and by class: what the question rules look up."""

    def __init__(self, quads: Iterable[Quad]) -> None:
        self.values: dict[object, dict[NamedNode, list[Term]]] = {}
        self.instances: dict[Term, list[NamedNode]] = defaultdict(list)
        self.name: NamedNode | None = None
        rdf_type = RDF.type
        for quad in quads:
            subject, predicate, obj = quad.subject, quad.predicate, quad.object
            self.values.setdefault(subject, {}).setdefault(predicate, []).append(obj)  # type: ignore[arg-type]
            if predicate == rdf_type:
                self.instances[obj].append(subject)  # type: ignore[index,arg-type]
            if self.name is None and isinstance(quad.graph_name, NamedNode):
                self.name = quad.graph_name

    def one(self, subject: object, predicate: NamedNode) -> Term | None:
        found = self.values.get(subject, {}).get(predicate)
        return found[0] if found else None

    def has_type(self, subject: object, cls: NamedNode) -> bool:
        return cls in self.values.get(subject, {}).get(RDF.type, ())

    def of_type(self, cls: NamedNode) -> list[NamedNode]:
        return self.instances.get(cls, [])


@dataclass(frozen=True)
class _Support:
    """One fact supporting one answer of one question in a document."""

    question: str
    key: Key
    confidence: Literal
    fact: NamedNode


def _supports(graph: _Graph, cls: NamedNode, question: str,
              key: Callable[[NamedNode], Key | None]) -> Iterator[_Support]:
    for fact in graph.of_type(cls):
        confidence = graph.one(fact, NKG.confidence)
        answer = key(fact)
        if isinstance(confidence, Literal) and answer is not None:
            yield _Support(question, _trimmed(answer), confidence, fact)


def _mentions(graph: _Graph) -> Iterator[_Support]:
    """allies, partners and summits: entities mentioned, membership read at the document's date."""
    published = graph.one(graph.name, SCHEMA.datePublished)

    def entity(admits: Callable[[NamedNode], bool]) -> Callable[[NamedNode], Key | None]:
        def key(mention: NamedNode) -> Key | None:
            found = graph.one(mention, NKG.entity)
            return (found,) if isinstance(found, NamedNode) and admits(found) else None
        return key

    def ally(entity: NamedNode) -> bool:
        joined = graph.one(entity, NKG.accessionDate)
        return graph.has_type(entity, NKG.Ally) and joined is not None and (
            published is None or _before_or_on(joined, published))

    def partner(entity: NamedNode) -> bool:
        joined = graph.one(entity, NKG.accessionDate)
        return graph.has_type(entity, NKG.Partner) and (
            joined is None or (published is not None and not _before_or_on(joined, published)))

    def summit(entity: NamedNode) -> bool:
        return graph.has_type(entity, NKG.Summit)

    for question, admits in (("allies", ally), ("partners", partner), ("summits", summit)):
        yield from _supports(graph, NKG.Mention, question, entity(admits))


def _facts(graph: _Graph) -> Iterator[_Support]:
    """threats, meetings, officials and partners-invited: one fact class each."""

    def threat(fact: NamedNode) -> Key | None:
        actor = graph.one(fact, NKG.actor)
        return (actor,) if isinstance(actor, NamedNode) else None

    def meeting(fact: NamedNode) -> Key | None:
        event = graph.one(fact, NKG.event)
        return (event,) if graph.has_type(event, NKG.Meeting) else None

    def official(fact: NamedNode) -> Key | None:
        parts = (graph.one(fact, NKG.person), graph.one(fact, NKG.role),
                 graph.one(fact, NKG.organisation))
        return (*parts, graph.one(fact, NKG.title)) if None not in parts else None

    def invitation(fact: NamedNode) -> Key | None:
        invitee, event = graph.one(fact, NKG.invitee), graph.one(fact, NKG.event)
        if graph.has_type(invitee, NKG.Partner) and graph.has_type(event, NKG.Summit):
            return (invitee, None, None, None, event)
        return None

    yield from _supports(graph, NKG.ThreatAssessment, "threats", threat)
    yield from _supports(graph, NKG.EventReport, "meetings", meeting)
    yield from _supports(graph, NKG.OfficeHolding, "officials", official)
    yield from _supports(graph, NKG.Invitation, "partners-invited", invitation)


def document_summary(quads: Iterable[Quad]) -> Summary:
    """One document's tallies: per answer, the document counts once, at its best confidence."""
    graph = _Graph(quads)
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


def summary_of_nquads(data: bytes) -> Summary:
    """`document_summary` of serialized N-Quads, parsing only the lines the rules read
    (a third of a document graph): this runs in the process that writes the store."""
    kept = b"\n".join(line for line in data.split(b"\n") if _is_read(line))
    return document_summary(parse(kept, format=RdfFormat.N_QUADS) if kept else ())


def _is_read(line: bytes) -> bool:
    if line.startswith(_ENTITY_START):
        return True
    start = line.find(b"> <") + 2  # N-Quads as natokg writes them: <subject> <predicate> …
    return start > 1 and line[start:line.find(b">", start) + 1] in _READ_IRIS


def _better(candidate: _Support, held: _Support) -> bool:
    """Higher confidence wins; among equals the least IRI, so any order gives one answer."""
    mine, theirs = _decimal(candidate.confidence), _decimal(held.confidence)
    return mine > theirs or (mine == theirs and candidate.fact.value < held.fact.value)


def _descriptions(graph: _Graph, key: Key) -> dict[NamedNode, set[tuple[NamedNode, Term]]]:
    """What the document says of the entities an answer names, and of their places."""
    found: dict[NamedNode, set[tuple[NamedNode, Term]]] = {}
    entities = [term for term in key if isinstance(term, NamedNode)]
    for entity in entities:
        place = graph.one(entity, NKG.place)
        if isinstance(place, NamedNode) and place not in entities:
            entities.append(place)
        found[entity] = {(predicate, obj) for predicate, objects in
                         graph.values.get(entity, {}).items() for obj in objects}
    return found


# -- helpers ----------------------------------------------------------------------
def _trimmed(key: Key) -> Key:
    """A key without trailing blanks, so keys read back from the graph compare equal."""
    end = len(key)
    while end and key[end - 1] is None:
        end -= 1
    return key[:end]


def _before_or_on(first: Term, second: Term) -> bool:
    """xsd:date literals compared as SPARQL does (ISO dates order as text)."""
    return first.value[:10] <= second.value[:10]


def _decimal(literal: Literal) -> Decimal:
    try:
        return Decimal(literal.value)
    except ArithmeticError:
        return Decimal(0)


def _iri(node: NamedNode) -> str:
    return node.value


def _tally_node(key: TallyKey) -> NamedNode:
    question, parts, confidence = key
    digest = hashlib.sha256(repr((question, [str(t) for t in parts], str(confidence))).encode())
    return NamedNode(f"{RESOURCE_BASE}summary/{question}/{digest.hexdigest()[:16]}")


def _key_order(key: TallyKey) -> tuple[str, ...]:
    question, parts, confidence = key
    return (question, *(str(term) for term in parts), str(confidence))


def _in_summary(subject: NamedNode, predicate: NamedNode, obj: Term) -> Quad:
    return Quad(subject, predicate, obj, SUMMARY_GRAPH)


def _tally_head(key: TallyKey) -> list[Quad]:
    """What never changes about a tally: its class, question, answer and confidence."""
    question, parts, confidence = key
    node = _tally_node(key)
    return [_in_summary(node, RDF.type, NKG.Tally),
            _in_summary(node, NKG.question, Literal(question)),
            *(_in_summary(node, predicate, term)
              for predicate, term in zip(_KEY_PREDICATES, parts, strict=False) if term is not None),
            _in_summary(node, NKG.bestConfidence, confidence)]


def _tally_totals(key: TallyKey, documents: int, example: NamedNode) -> list[Quad]:
    node = _tally_node(key)
    return [_in_summary(node, NKG.documentCount, Literal(str(documents), datatype=XSD.integer)),
            _in_summary(node, NKG.example, example)]


def _support(key: TallyKey, fact: NamedNode) -> Quad:
    return _in_summary(_tally_node(key), NKG.support, fact)


def _description(entity: NamedNode, values: set[tuple[NamedNode, Term]]) -> list[Quad]:
    return [_in_summary(entity, p, o) for p, o in sorted(values, key=str)]


SUMMARY_MARKER = _in_summary(SUMMARY_GRAPH, RDF.type, NKG.Summary)


# -- keeping it up to date --------------------------------------------------------
class SummaryGraph(Protocol):
    """The summary graph as a store holds it: read by subject, changed quad by quad."""

    def read(self, subject: NamedNode, predicate: NamedNode | None = None) -> list[Quad]:
        """The summary graph's quads about `subject` (with `predicate`, when given)."""

    def change(self, remove: list[Quad], add: list[Quad]) -> None:
        """Remove, then add, quads of the summary graph."""

    def refers_to(self, entity: NamedNode, predicates: Iterable[NamedNode]) -> bool:
        """Whether some quad of the summary graph has `entity` as object of one of `predicates`."""


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
        self.changed = False

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
            self.removed.add_document(old())
        self.added.add(summary_of_nquads(data))
        self.pending += 1

    def loaded(self) -> None:
        self.changed = self.recount = True

    @property
    def due(self) -> bool:
        return self.pending >= self.BATCH

    def apply(self, graph: SummaryGraph) -> None:
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
            summary.add_document(quads)
        return summary.quads()


def _patch(graph: SummaryGraph, added: Summary, removed: Summary
           ) -> tuple[list[Quad], list[Quad]]:
    """The quads to remove and add so the summary graph counts `added`, not `removed`."""
    remove: list[Quad] = []
    add: list[Quad] = [SUMMARY_MARKER]
    for key in added.tallies.keys() | removed.tallies.keys():
        plus, minus = added.tallies.get(key, set()), removed.tallies.get(key, set())
        plus, minus = plus - minus, minus - plus  # a document rebuilt alike changes nothing
        if plus or minus:
            _patch_tally(graph, key, plus, minus, remove, add)
    for entity, values in added.descriptions.items():
        remove += graph.read(entity)
        add += _description(entity, values)
    return remove, add


def _forget_unreferenced(graph: SummaryGraph, entities: set[NamedNode]) -> None:
    """Drop the descriptions no tally (nor the place of a described entity) needs any more."""
    referring = (*_KEY_PREDICATES, NKG.place)
    while entities:
        orphans = {e for e in entities if not graph.refers_to(e, referring)}
        gone = [q for e in orphans for q in graph.read(e)]
        graph.change(gone, [])
        entities = {q.object for q in gone  # type: ignore[misc]
                    if q.predicate == NKG.place and isinstance(q.object, NamedNode)} - orphans


def _patch_tally(graph: SummaryGraph, key: TallyKey, plus: set[NamedNode],
                 minus: set[NamedNode], remove: list[Quad], add: list[Quad]) -> None:
    node = _tally_node(key)
    totals = graph.read(node, NKG.documentCount) + graph.read(node, NKG.example)
    counted = next((int(q.object.value) for q in totals if q.predicate == NKG.documentCount), 0)
    example = next((q.object for q in totals if q.predicate == NKG.example), None)
    documents = counted + len(plus) - len(minus)
    if documents <= 0:
        remove += graph.read(node)
        return
    if not counted:
        add += _tally_head(key)
    candidates = set(plus)
    if isinstance(example, NamedNode) and example not in minus:
        candidates.add(example)
    else:  # the example's document went: the least of the supports that remain
        candidates |= {q.object for q in graph.read(node, NKG.support)} - minus  # type: ignore[misc]
    remove += totals + [_support(key, fact) for fact in minus]
    add += _tally_totals(key, documents, min(candidates, key=_iri))
    add += [_support(key, fact) for fact in plus]
