"""Pictures of the graph: entities as nodes, facts as labelled edges with their sentence.

A picture is built from *facts*, not from raw triples: an invitation becomes
one edge "Japan → Washington Summit, invited to", carrying the sentence it was
read from, which is what a reader wants to click on. Raw triples would show
mentions, evidence nodes and types, hiding the few relations that matter.

Three outputs: a self-contained interactive HTML page (vis-network, vendored
from npm and inlined, so the file works offline and can be mailed), and SVG or
PNG drawn by Graphviz's `dot`.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from importlib.resources import files
from pathlib import Path

from pyoxigraph import NamedNode, QuerySolution, QuerySolutions, Variable

from natokg.api import run_query
from natokg.errors import NatokgError
from natokg.facts import FACT_TYPES
from natokg.iris import compact, iri_node
from natokg.queries import load_query
from natokg.store import GraphStore, Term, open_store, solutions
from natokg.vocab import PREFIXES

__all__ = [
    "Edge",
    "Node",
    "Picture",
    "default_picture",
    "entity_picture",
    "query_picture",
    "write_picture",
]

log = logging.getLogger(__name__)

StorePath = str | os.PathLike[str] | None

# Most specific class first: a partner country is drawn as a Partner.
CLASS_ORDER = (
    "Summit",
    "Meeting",
    "Ally",
    "Partner",
    "Country",
    "Person",
    "Organisation",
    "ArmedGroup",
    "City",
    "Role",
    "Concept",
)
COLOURS = {
    "Summit": "#d62728",
    "Meeting": "#ff7f0e",
    "Ally": "#1f77b4",
    "Partner": "#2ca02c",
    "Country": "#17becf",
    "Person": "#9467bd",
    "Organisation": "#8c564b",
    "ArmedGroup": "#e377c2",
    "City": "#bcbd22",
    "Role": "#7f7f7f",
    "Concept": "#c7c7c7",
}


def _drawn(side: str) -> tuple[str, ...]:
    """The properties whose entities are drawn at one end of a fact's edges (`facts.py`)."""
    return tuple(dict.fromkeys(
        f.rdf_property for fact_type in FACT_TYPES for f in fact_type.fields if f.draw == side))


# Roles a fact gives its entities: edges run from a "subject" role to an "object" role.
SUBJECT_ROLES = _drawn("subject")
OBJECT_ROLES = _drawn("object")
EDGE_LABELS = {t.rdf_class: t.edge_label for t in FACT_TYPES if t.edge_label is not None}


@dataclass(frozen=True)
class Node:
    """An entity: its IRI, label and the class it is drawn (and coloured) as."""

    id: str
    label: str
    cls: str


@dataclass(frozen=True)
class Edge:
    """A relation between two entities and the sentence (if any) it was read from."""

    source: str
    target: str
    label: str
    sentence: str = ""
    fact: str = ""
    document: str = ""


@dataclass
class Picture:
    """Nodes and edges, deduplicated, in the order they were added."""

    title: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def add_edge(self, edge: Edge) -> None:
        key = (edge.source, edge.target, edge.label)
        if edge.source != edge.target and all(
            (e.source, e.target, e.label) != key for e in self.edges
        ):
            self.edges.append(edge)

    def to_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "nodes": [asdict(n) | {"short": compact(n.id)} for n in self.nodes.values()],
            "edges": [asdict(e) | {"fact": compact(e.fact)} for e in self.edges],
            "colours": COLOURS,
        }


_HEADER = "".join(f"PREFIX {p}: <{base}>\n" for p, base in PREFIXES.items())

_FACTS = """
SELECT ?fact ?factClass ?role ?entity ?label ?sentence ?document WHERE {
  GRAPH ?document {
    ?fact a ?factClass ; ?roleProp ?entity .
    ?entity rdfs:label ?label .
    FILTER (STRSTARTS(STR(?factClass), STR(nkg:)) && STRSTARTS(STR(?roleProp), STR(nkg:)))
    BIND (STRAFTER(STR(?roleProp), "#") AS ?role)
    OPTIONAL { ?fact nkg:evidence ?ev . ?ev nkg:sentence ?sentence }
  }
  VALUES ?fact { %s }
}
"""
_CLASSES = """
SELECT ?entity ?class WHERE {
  GRAPH ?g { ?entity a ?class . FILTER (STRSTARTS(STR(?class), STR(nkg:))) }
  VALUES ?entity { %s }
}
"""
_ROLE_LABEL = "SELECT ?label ?fact WHERE { GRAPH ?g { ?fact nkg:role ?r . ?r rdfs:label ?label } }"
_FACTS_ABOUT = """
SELECT DISTINCT ?fact ?x WHERE {
  GRAPH ?g { ?fact ?role ?x ; a ?c . FILTER (?c NOT IN (nkg:Mention, nkg:Evidence, nkg:Tally)) }
} LIMIT 200
"""
# Curated links (a summit's place, a city's country), both ways. (A substituted
# ?x is seen by patterns, not by BIND, so each direction is its own query.)
_LINKS_OUT = """
SELECT DISTINCT ?p ?other ?otherLabel ?x WHERE {
  GRAPH ?g { ?x ?p ?other . ?other rdfs:label ?otherLabel . FILTER (?p != rdf:type) }
} LIMIT 100
"""
_LINKS_IN = """
SELECT DISTINCT ?p ?other ?otherLabel ?x WHERE {
  GRAPH ?g { ?other ?p ?x ; rdfs:label ?otherLabel . FILTER (?p != rdf:type) }
} LIMIT 100
"""
_LABEL = "SELECT ?label ?x WHERE { GRAPH ?g { ?x rdfs:label ?label } } LIMIT 1"
_CO_MENTIONED = """
SELECT ?ally ?summit (SAMPLE(?sentence) AS ?sentence) (SAMPLE(?m) AS ?mention)
       (SAMPLE(?document) AS ?doc) WHERE {
  GRAPH ?document {
    ?m a nkg:Mention ; nkg:entity ?ally ; nkg:evidence ?ev .
    ?ev nkg:sentence ?sentence .
    ?m2 a nkg:Mention ; nkg:entity ?summit .
    ?summit a nkg:Summit .
  }
} GROUP BY ?ally ?summit
"""


def _iri_values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in dict.fromkeys(iris))


@dataclass
class _Fact:
    """A fact as drawn: its class, evidence, and the entities (IRI → label) in each role."""

    cls: str
    sentence: str
    document: str
    roles: dict[str, dict[str, str]] = field(default_factory=dict)


def add_facts(picture: Picture, facts: Iterable[str], graph_store: GraphStore) -> None:
    """Draw each fact as edges from its subject roles to its object roles."""
    facts = list(dict.fromkeys(facts))
    if not facts:
        return
    found: dict[str, _Fact] = {}
    for row in solutions(graph_store.query(_HEADER + _FACTS % _iri_values(facts))):
        fact = found.setdefault(
            row["fact"].value,
            _Fact(
                cls=row["factClass"].value.rsplit("#", 1)[-1],
                sentence=row["sentence"].value if row["sentence"] else "",
                document=row["document"].value,
            ),
        )
        fact.roles.setdefault(row["role"].value, {})[row["entity"].value] = row["label"].value
    _add_nodes(picture, found.values(), graph_store)
    for iri, fact in found.items():
        label = _edge_label(iri, fact.cls, graph_store)
        evidence = (fact.sentence, iri, fact.document)
        for source, target in _pairs(fact.roles):
            picture.add_edge(Edge(source, target, label, *evidence))
        inviters, invitees = fact.roles.get("inviter", {}), fact.roles.get("invitee", {})
        for source in inviters:
            add_nodes(picture, dict(inviters), graph_store)
            for target in invitees:
                picture.add_edge(Edge(source, target, "invited", *evidence))


def _pairs(roles: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    subjects = [e for r in SUBJECT_ROLES for e in roles.get(r, {})]
    objects = [e for r in OBJECT_ROLES for e in roles.get(r, {})]
    return [(s, o) for s in subjects for o in objects]


def _edge_label(fact: str, fact_class: str, graph_store: GraphStore) -> str:
    """An office holding is labelled with the office ("Secretary General"), others by kind."""
    if fact_class == "OfficeHolding":
        rows = list(solutions(
            graph_store.query(_HEADER + _ROLE_LABEL, {Variable("fact"): NamedNode(fact)})))
        if rows:
            return str(rows[0]["label"].value)
    return EDGE_LABELS.get(fact_class, fact_class)


def _add_nodes(picture: Picture, facts: Iterable[_Fact], graph_store: GraphStore) -> None:
    labels = {
        entity: label
        for fact in facts
        for role, entities in fact.roles.items()
        if role in SUBJECT_ROLES + OBJECT_ROLES
        for entity, label in entities.items()
    }
    add_nodes(picture, labels, graph_store)


def add_nodes(picture: Picture, labels: dict[str, str], graph_store: GraphStore) -> None:
    """Add entities (IRI → label) as nodes, each drawn as its most specific class."""
    new = [iri for iri in labels if iri not in picture.nodes]
    if not new:
        return
    classes: dict[str, set[str]] = {}
    for row in solutions(graph_store.query(_HEADER + _CLASSES % _iri_values(new))):
        classes.setdefault(row["entity"].value, set()).add(row["class"].value.rsplit("#", 1)[-1])
    for iri in new:
        found = classes.get(iri, set())
        cls = next((c for c in CLASS_ORDER if c in found), "Concept")
        picture.nodes[iri] = Node(iri, labels[iri], cls)


def _column(rows: list[QuerySolution], name: str) -> list[str]:
    return [row[name].value for row in rows if row[name] is not None]


def default_picture(store: StorePath = None, endpoint: str | None = None) -> Picture:
    """Summits, the partners invited to them, and the Allies named alongside them."""
    picture = Picture("Summits, invited partners and Allies")
    summits = list(solutions(run_query(load_query("summits"), {}, store, endpoint)))
    invited = list(solutions(run_query(load_query("partners-invited"), {}, store, endpoint)))
    allies = list(solutions(run_query(load_query("allies"), {}, store, endpoint)))
    graph_store = open_store(store, endpoint=endpoint, read_only=True)
    add_nodes(
        picture,
        {r["summitEntity"].value: r["summitLabel"].value for r in summits + invited},
        graph_store,
    )
    add_facts(picture, _column(invited, "example"), graph_store)
    ally_labels = {r["ally"].value: r["allyLabel"].value for r in allies}
    for row in solutions(graph_store.query(_HEADER + _CO_MENTIONED)):
        ally, summit = row["ally"].value, row["summit"].value
        if ally in ally_labels and summit in picture.nodes:
            add_nodes(picture, {ally: ally_labels[ally]}, graph_store)
            picture.add_edge(
                Edge(
                    ally,
                    summit,
                    "named with",
                    row["sentence"].value,
                    row["mention"].value,
                    row["doc"].value,
                )
            )
    log.info("picture: %d nodes, %d edges", len(picture.nodes), len(picture.edges))
    return picture


def query_picture(name: str, store: StorePath = None, endpoint: str | None = None) -> Picture:
    """The facts behind a canned query's rows (its `fact` or `example` column)."""
    canned = load_query(name)
    results = run_query(canned, {}, store, endpoint)
    rows = list(results) if isinstance(results, QuerySolutions) else []
    names = {v.value for v in results.variables} if isinstance(results, QuerySolutions) else set()
    graph_store = open_store(store, endpoint=endpoint, read_only=True)
    picture = Picture(canned.question or canned.name)
    column = "fact" if "fact" in names else "example"
    facts = _column(rows, column) if column in names else []
    add_facts(picture, facts, graph_store)
    _add_lone_entities(picture, facts, graph_store)
    if not picture.nodes:
        raise NatokgError(
            f"query {name!r} returned no entities to draw; try `natokg query {name}` "
            "to see its rows, or draw an entity with --entity IRI"
        )
    return picture


def _add_lone_entities(picture: Picture, facts: list[str], graph_store: GraphStore) -> None:
    """Facts with one entity (a mention, a threat, a statement) still show that entity."""
    if not facts:
        return
    labels: dict[str, str] = {}
    for row in solutions(graph_store.query(_HEADER + _FACTS % _iri_values(facts))):
        if row["role"].value in SUBJECT_ROLES + OBJECT_ROLES:
            labels.setdefault(row["entity"].value, row["label"].value)
    add_nodes(picture, labels, graph_store)


def entity_picture(iri: str, store: StorePath = None, endpoint: str | None = None) -> Picture:
    """An entity, the entities its facts connect it to, and its direct links (place, country)."""
    graph_store = open_store(store, endpoint=endpoint, read_only=True)
    node = iri_node(iri)
    bound: dict[Variable, Term] = {Variable("x"): node}
    facts = [r["fact"].value for r in solutions(graph_store.query(_HEADER + _FACTS_ABOUT, bound))]
    picture = Picture(compact(node.value))
    add_facts(picture, facts, graph_store)
    labels = [r["label"].value for r in solutions(graph_store.query(_HEADER + _LABEL, bound))]
    if labels:
        add_nodes(picture, {node.value: labels[0]}, graph_store)
    for query, outgoing in ((_LINKS_OUT, True), (_LINKS_IN, False)):
        for row in solutions(graph_store.query(_HEADER + query, bound)):
            other = row["other"].value
            add_nodes(picture, {other: row["otherLabel"].value}, graph_store)
            source, target = (node.value, other) if outgoing else (other, node.value)
            picture.add_edge(Edge(source, target, compact(row["p"].value).split(":", 1)[-1]))
    if node.value not in picture.nodes:
        raise NatokgError(
            f"the store holds no relations of {node.value}; check the IRI with "
            f"`natokg explain {compact(node.value)}`"
        )
    return picture


# -- output ----------------------------------------------------------------------
def write_picture(picture: Picture, output: Path) -> None:
    """Write HTML, SVG or PNG, chosen by the file extension."""
    suffix = output.suffix.lower()
    if suffix in (".html", ".htm"):
        output.write_text(to_html(picture), encoding="utf-8")
    elif suffix in (".svg", ".png"):
        output.write_bytes(render_dot(to_dot(picture), suffix[1:]))
    else:
        raise NatokgError(
            f"cannot draw {output.name}: give -o a name ending in .html, .svg or .png"
        )
    log.info("wrote %s", output)


def to_html(picture: Picture) -> str:
    """A page with everything inline (library, data, styles): it works offline."""
    web = files("natokg") / "web"
    template = (web / "graph.html").read_text(encoding="utf-8")
    library = (web / "vis-network.min.js").read_text(encoding="utf-8")
    data = json.dumps(picture.to_json(), ensure_ascii=False).replace("</", "<\\/")
    return (
        template.replace("/*TITLE*/", _html_text(picture.title))
        .replace("/*VIS_NETWORK*/", library.replace("</script", "<\\/script"))
        .replace("/*GRAPH_DATA*/", data)
    )


def _html_text(text: str) -> str:
    import html

    return html.escape(text)


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def to_dot(picture: Picture) -> str:
    """Graphviz source: nodes coloured by class, edges labelled, sentences as tooltips."""
    lines = [
        "digraph natokg {",
        "  graph [rankdir=LR, fontname=Helvetica, label=" + _dot_string(picture.title) + "];",
        '  node [shape=box, style="rounded,filled", fontname=Helvetica, fontcolor=white];',
        '  edge [fontname=Helvetica, fontsize=10, color="#555555"];',
    ]
    for node in picture.nodes.values():
        lines.append(
            f"  {_dot_string(node.id)} [label={_dot_string(node.label)}, "
            f"fillcolor={_dot_string(COLOURS.get(node.cls, '#7f7f7f'))}, "
            f"tooltip={_dot_string(node.cls + ': ' + compact(node.id))}];"
        )
    for edge in picture.edges:
        tooltip = edge.sentence or edge.label
        lines.append(
            f"  {_dot_string(edge.source)} -> {_dot_string(edge.target)} "
            f"[label={_dot_string(edge.label)}, tooltip={_dot_string(tooltip)}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_dot(source: str, fmt: str) -> bytes:
    """Run Graphviz's `dot`; a missing `dot` is an error that says how to install it."""
    dot = shutil.which("dot")
    if dot is None:
        raise NatokgError(
            "Graphviz's `dot` is needed for SVG and PNG pictures; install it "
            "(`apt-get install graphviz`, `brew install graphviz`) or write HTML "
            "with `-o graph.html`"
        )
    try:
        done = subprocess.run(
            [dot, f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True, check=True
        )
    except subprocess.CalledProcessError as exc:
        reason = exc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise NatokgError(
            f"Graphviz could not draw the picture: {reason[0] if reason else exc}"
        ) from exc
    return done.stdout
