"""The package's layout: no import cycles, and reading a store never loads spaCy."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat

from natokg.store import LocalStore

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "natokg"

# One document naming one Ally: enough for a canned query to answer from a store.
DOCUMENT = b"""
@prefix nkg: <https://w3id.org/natokg/ontology#> .
@prefix doc: <https://w3id.org/natokg/resource/document/> .
@prefix fact: <https://w3id.org/natokg/resource/fact/d1/> .
@prefix entity: <https://w3id.org/natokg/resource/entity/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
doc:d1 {
  doc:d1 a nkg:Document ; schema:datePublished "2024-05-01"^^xsd:date .
  fact:m1 a nkg:Mention ; nkg:entity entity:norway ; nkg:confidence "0.9"^^xsd:decimal .
  entity:norway a nkg:Country, nkg:Ally ; rdfs:label "Norway" ;
                nkg:accessionDate "1949-04-04"^^xsd:date .
}
"""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imported_names(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every module an import statement names (at any depth, but not TYPE_CHECKING-only)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """natokg's modules and the natokg modules each one imports.

    Importing `a.b.c` first runs the package `a.b`, so that counts as an
    import too (except from inside `a.b`, whose own modules are loaded by it).
    """
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets: set[str] = set()
        for name in imported_names(tree, module, path.name == "__init__.py"):
            parts = name.split(".")
            for depth in range(1, len(parts) + 1):
                target = ".".join(parts[:depth])
                inside = module == target or module.startswith(target + ".")
                if target in paths and target != module and (depth == len(parts)
                                                               or not inside):
                    targets.add(target)
        graph[module] = targets
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (as the list of modules around it), or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = "open"
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                return [*path[path.index(target):], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[module] = "done"
        path.pop()
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def test_the_import_graph_is_read_from_the_sources() -> None:
    graph = import_graph()
    assert "natokg.store.local" in graph["natokg.store"]
    assert "natokg.store.protocol" in graph["natokg.store.local"]
    assert "natokg.store" not in graph["natokg.store.local"]  # its own package
    assert "natokg.store" in graph["natokg.api"]  # the package runs before its module


def test_a_cycle_is_found() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_natokg_has_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, " → ".join(cycle or ())


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("layout") / "store"
    LocalStore.open(path).load(DOCUMENT, RdfFormat.TRIG)
    return path


def run_without_spacy(code: str) -> str:
    """Run `code` in a fresh interpreter; fail if it ended with spaCy loaded."""
    script = textwrap.dedent(code) + "\nassert 'spacy' not in sys.modules, 'spaCy was loaded'\n"
    done = subprocess.run([sys.executable, "-c", "import sys\n" + script],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_canned_query_through_the_api_does_not_load_spacy(small_store: Path) -> None:
    out = run_without_spacy(f"""
        from natokg.api import run_query
        from natokg.queries import load_query
        for row in run_query(load_query("allies"), {{}}, {str(small_store)!r}):
            print(row["allyLabel"].value, row["documents"].value)
    """)
    assert out.split() == ["Norway", "1"]


@pytest.mark.parametrize(("command", "shown"), [
    (["query", "allies", "--format", "csv"], "Norway,"),
    (["export", "--format", "nquads"], '"Norway"'),
    (["stats"], "Mention"),
    (["explain", "nkr:entity/norway"], "nkg:Ally"),
])
def test_reading_commands_do_not_load_spacy(small_store: Path, command: list[str],
                                            shown: str) -> None:
    out = run_without_spacy(f"""
        from natokg.cli import main
        main({[*command, "--store", str(small_store)]!r}, standalone_mode=False)
    """)
    assert shown in out


def test_the_server_does_not_load_spacy(small_store: Path) -> None:
    run_without_spacy(f"""
        from starlette.testclient import TestClient
        from natokg.serve import create_app
        page = TestClient(create_app({str(small_store)!r})).get("/entity?iri=nkr:entity/norway")
        assert page.status_code == 200 and "Norway" in page.text, page.text
    """)
