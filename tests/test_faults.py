"""Never lose or corrupt the graph: killed builds, concurrent use, hostile input.

Every test asserts the store's exact content — quad count and a hash of the
sorted N-Quads — before and after the fault, and that the store still opens.
The longer versions (more kill points, more fuzzing) carry the `slow` marker:
`pytest -m slow`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import invoke, store_fingerprint
from natokg.ingest import MAX_ARTICLE_BYTES, document_from_text
from natokg.iris import document_iri
from natokg.model import Entity, Evidence, Extraction, Kind, Quote
from natokg.rdf import extraction_quads
from natokg.store import LocalStore, nquads

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
NATOKG = [sys.executable, "-m", "natokg.cli"]

ARTICLE = """Ministers meet in Brussels

On Tuesday (4 April 2023), NATO Foreign Ministers met in Brussels. "Allies stand together," \
Secretary General Jens Stoltenberg said.
"""


def natokg(*args: str | Path, **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*NATOKG, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs
    )  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample articles plus enough varied copies that a build takes a few seconds."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in SAMPLE.iterdir():
        shutil.copy(path, folder / path.name)
    lines = [
        json.dumps(
            {
                "title": f"Brief {i}",
                "text": ARTICLE.replace("4 April", f"{i % 28 + 1} April")
                + f"\nAllies pledged {i} million euros for Ukraine.",
            }
        )
        for i in range(400)
    ]
    (folder / "briefs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def base_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding one document, the 'before' of every fault."""
    folder = tmp_path_factory.mktemp("base")
    (folder / "one.txt").write_text(ARTICLE, encoding="utf-8")
    store = folder / "store"
    assert invoke("build", folder / "one.txt", "--store", store, "-q").exit_code == 0
    return store


@pytest.fixture
def store(base_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(base_store, copy, symlinks=True)
    return copy


def opens_and_holds(store: Path, expected: tuple[int, str]) -> None:
    assert store_fingerprint(store) == expected
    assert LocalStore.open(store, read_only=True).graphs()


# -- SIGKILL at several points ---------------------------------------------------------
def _new_generation_appears(store: Path, before: set[str]) -> bool:
    return any(p.name.startswith("gen-") and p.name not in before for p in store.iterdir())


# Seconds after the new generation appears (it appears once the model is loaded and the
# build starts writing); None: kill before it appears, during start-up.
KILL_POINTS = {
    "while loading the model": None,
    "as the new generation appears": 0.0,
    "mid-extraction": 1.0,
    "late in the build": 2.5,
}


def _wait_for_kill_point(
    build: subprocess.Popen[bytes], store: Path, seen: set[str], delay: float | None
) -> bool:
    """Wait until the kill point; False when the build ended first."""
    started, appeared = time.monotonic(), None
    while build.poll() is None:
        now = time.monotonic()
        if delay is None and now - started > 0.3:
            return True
        if appeared is None and _new_generation_appears(store, seen):
            appeared = now
        if appeared is not None and delay is not None and now - appeared >= delay:
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_sigkill_leaves_the_store_as_it_was(point, store, corpus):
    before = store_fingerprint(store)
    generations = {p.name for p in store.iterdir()}
    build = natokg("build", corpus, "--store", store, "--workers", "1", "-q")
    if not _wait_for_kill_point(build, store, generations, KILL_POINTS[point]):
        pytest.fail(f"the build finished before the kill point ({point}): grow the corpus")
    build.send_signal(signal.SIGKILL)
    build.wait()
    opens_and_holds(store, before)
    rebuilt = invoke("build", SAMPLE, "--store", store, "-q")  # the next build cleans up
    assert rebuilt.exit_code == 0, rebuilt.output
    assert len([p for p in store.iterdir() if p.name.startswith("gen-")]) <= 2


def test_ctrl_c_leaves_the_store_as_it_was(store, corpus):
    before = store_fingerprint(store)
    generations = {p.name for p in store.iterdir()}
    build = natokg("build", corpus, "--store", store, "--workers", "1")
    while build.poll() is None and not _new_generation_appears(store, generations):
        time.sleep(0.02)
    build.send_signal(signal.SIGINT)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode != 0
    assert b"Traceback" not in stderr
    opens_and_holds(store, before)
    # the interrupted build removed its own unfinished generation
    assert {p.name for p in store.iterdir() if p.name.startswith("gen-")} == {
        g for g in generations if g.startswith("gen-")
    }


# -- concurrency ---------------------------------------------------------------------
def test_second_build_is_refused_with_a_clear_message_while_one_writes(store, tmp_path):
    (tmp_path / "new.txt").write_text(ARTICLE.replace("Tuesday", "Monday"), encoding="utf-8")
    before = store_fingerprint(store)
    with LocalStore.open(store).transaction() as writer:  # this process holds the lock
        graph = document_iri("0" * 16)
        writer.replace(graph, nquads([]))
        second = natokg("build", tmp_path / "new.txt", "--store", store)
        _, stderr = second.communicate(timeout=120)
        assert second.returncode == 1
        message = stderr.decode().strip()
        assert message.startswith("Error:") and "another natokg process" in message
        assert "Traceback" not in message and len(message.splitlines()) == 1
    assert store_fingerprint(store) == before


def test_waiting_build_runs_once_the_first_has_finished(store, tmp_path):
    (tmp_path / "new.txt").write_text(ARTICLE.replace("Tuesday", "Monday"), encoding="utf-8")
    with LocalStore.open(store).transaction():
        waiting = natokg("build", tmp_path / "new.txt", "--store", store, "--wait", "-q")
        time.sleep(2.0)
        assert waiting.poll() is None, "a --wait build must wait for the lock"
    _, stderr = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, stderr.decode()
    assert len(LocalStore.open(store, read_only=True).graphs()) == 2


def test_queries_run_while_a_build_writes_and_see_the_last_committed_graph(store):
    before = store_fingerprint(store)
    with LocalStore.open(store).transaction() as writer:
        writer.replace(document_iri("f" * 16), nquads([]))
        reader = natokg(
            "query",
            "-e",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "--store",
            store,
            "--format",
            "json",
        )
        out, err = reader.communicate(timeout=120)
        assert reader.returncode == 0, err.decode()
        count = json.loads(out)["results"]["bindings"][0]["n"]["value"]
        assert int(count) <= before[0]
    assert store_fingerprint(store) == before


# -- hostile and broken input ----------------------------------------------------------------
def _binary(folder: Path) -> Path:
    path = folder / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    return path


def _empty(folder: Path) -> Path:
    path = folder / "empty.txt"
    path.write_text("   \n")
    return path


def _huge(folder: Path) -> Path:
    path = folder / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"NATO " * (200 * (1 << 20) // 5))  # 200 MB
    return path


def _broken_jsonl(folder: Path) -> Path:
    path = folder / "feed.jsonl"
    path.write_text(json.dumps({"text": ARTICLE}) + "\n{broken\n", encoding="utf-8")
    return path


def _loop(folder: Path) -> Path:
    (folder / "loop").symlink_to(folder / "loop")
    return folder / "loop"


def _missing(folder: Path) -> Path:
    return folder / "no-such-article.txt"


HOSTILE = {
    "binary file": (_binary, "binary"),
    "empty file": (_empty, "empty"),
    "200 MB file": (_huge, "larger than"),
    "broken JSONL line": (_broken_jsonl, "feed.jsonl:2"),
    "symlink loop": (_loop, "loop"),
    "missing path": (_missing, "no-such-article"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_input_is_a_one_line_error_naming_the_file(case, store, tmp_path):
    make, expected = HOSTILE[case]
    path = make(tmp_path)
    before = store_fingerprint(store)
    result = invoke("build", path, "--store", store)
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.startswith("Error:") and expected in message, message
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert store_fingerprint(store) == before


def test_keep_going_builds_the_good_documents_and_lists_the_bad(store, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    _binary(folder)
    _empty(folder)
    _broken_jsonl(folder)
    (folder / "good.txt").write_text(ARTICLE.replace("Tuesday", "Friday"), encoding="utf-8")
    result = invoke("build", folder, "--store", store, "--keep-going")
    assert result.exit_code == 0, result.output
    assert "skipped" in result.stderr and "image.txt" in result.stderr
    assert "feed.jsonl:2" in result.stderr and "empty.txt" in result.stderr
    # the feed repeats the stored article (same text, same document): one graph more, for good.txt
    assert len(LocalStore.open(store, read_only=True).graphs()) == 2


def test_html_with_scripts_keeps_only_the_article(store, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Ministers meet</title><script>var x='<http://evil>';"
        "alert(1)</script></head><body><nav>Home | News</nav><article><h1>Ministers meet"
        "</h1><p>On Tuesday (4 April 2023), NATO Foreign Ministers met in Brussels to "
        "discuss support for Ukraine and the accession of Finland.</p><p>The Secretary "
        "General welcomed Finland as the 31st Ally.</p></article>"
        "<script>document.write('SELECT * WHERE {}')</script></body></html>",
        encoding="utf-8",
    )
    result = invoke("build", page, "--store", store)
    assert result.exit_code == 0, result.output
    dump = (
        LocalStore.open(store, read_only=True)
        .store.dump(format=__import__("pyoxigraph").RdfFormat.N_QUADS)
        .decode()
    )
    assert "alert(1)" not in dump and "document.write" not in dump


def test_non_utf8_text_is_decoded(store, tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(ARTICLE.replace("said", "said – at the café").encode("cp1252"))
    assert invoke("build", path, "--store", store).exit_code == 0
    dump = (
        LocalStore.open(store, read_only=True)
        .store.dump(format=__import__("pyoxigraph").RdfFormat.N_QUADS)
        .decode()
    )
    assert "café" in dump


def test_a_store_path_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "store").write_text("my notes")
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = invoke("build", tmp_path / "a.txt", "--store", tmp_path / "store")
    assert result.exit_code == 1 and "is a file" in result.stderr
    assert (tmp_path / "store").read_text() == "my notes"


def test_a_corrupted_store_is_reported_not_overwritten(store, tmp_path):
    generation = (store / "current").resolve()
    for item in generation.iterdir():
        if item.name.startswith("MANIFEST") or item.name == "CURRENT":
            item.write_bytes(b"garbage")
    (tmp_path / "a.txt").write_text(ARTICLE)
    for args in (("query", "allies"), ("build", tmp_path / "a.txt")):
        result = invoke(*args, "--store", store)
        assert result.exit_code == 1
        assert "damaged" in result.stderr or "cannot" in result.stderr, result.stderr
        assert "Traceback" not in result.output
    assert (store / "current").resolve() == generation


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_a_one_line_error(store, tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE)
    path.chmod(0)
    result = invoke("build", path, "--store", store)
    assert result.exit_code == 1 and "secret.txt" in result.stderr


def test_permission_denied_is_a_one_line_error(store, tmp_path, monkeypatch):
    """As root every file is readable, so the operating system's refusal is simulated."""
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE)
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    before = store_fingerprint(store)
    result = invoke("build", path, "--store", store)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert "secret.txt" in result.stderr and "Permission denied" in result.stderr
    assert store_fingerprint(store) == before


# -- text that looks like IRIs, Turtle or SPARQL ---------------------------------------------------
HOSTILE_TEXT = st.lists(
    st.one_of(
        st.text(st.characters(codec="utf-8"), max_size=10),
        st.sampled_from(
            ["<http://evil>", '"""', "}", "{", "\\", "'", '"', " .", "\n", "^^", "@en", "#", "\x00"]
        ),
    ),
    min_size=1,
    max_size=12,
).map("".join)


def _literal_round_trip(value: str) -> None:
    document = document_from_text(
        f"Title\n\n{value} padding text", source=value, title=value, url=value
    )
    speaker = Entity(id="person-x", label=value, kind=Kind.PERSON, from_gazetteer=False)
    evidence = Evidence(sentence=value, start=0, end=len(value), rule=value, confidence=0.5)
    quote = Quote(speaker=speaker, text=value, start=0, end=len(value), evidence=evidence)
    extraction = Extraction(document=document, facts=[quote])
    store = LocalStore.in_memory()
    store.replace_graphs({document_iri(document.id): extraction_quads(extraction, value)})
    literals = {q.object.value for q in store.store if hasattr(q.object, "datatype")}
    assert {value, document.title, document.source} <= literals


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE_TEXT)
def test_any_text_survives_the_graph_exactly(value):
    if "\x00" in value or not value.strip():
        return  # refused by ingest before it reaches the graph
    _literal_round_trip(value.strip())


@pytest.mark.slow
@settings(max_examples=2000, deadline=None)
@given(HOSTILE_TEXT)
def test_any_text_survives_the_graph_exactly_long(value):
    if "\x00" in value or not value.strip():
        return
    _literal_round_trip(value.strip())


def test_a_whole_build_of_hostile_text_is_queryable(store, tmp_path):
    path = tmp_path / "evil.txt"
    path.write_text(
        'Secretary General says } DROP ALL { <http://evil> """ injection\n\n'
        "On Monday (3 April 2023), NATO Secretary General Jens Stoltenberg said: "
        '"SELECT * WHERE { ?s ?p ?o } <http://evil> \\" # not a comment".\n',
        encoding="utf-8",
    )
    assert invoke("build", path, "--store", store).exit_code == 0
    result = invoke("query", "statements", "--store", store, "--format", "json")
    quotes = [b["quote"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]]
    assert any("<http://evil>" in q for q in quotes)
    assert MAX_ARTICLE_BYTES >= 1 << 20
