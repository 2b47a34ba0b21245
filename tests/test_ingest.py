"""Reading articles from files and folders, and cleaning their text."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from natokg.errors import InputError
from natokg.ingest import (
    SUPPORTED_SUFFIXES,
    clean_text,
    document_from_text,
    document_id,
    read_documents,
)
from natokg.model import Document

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"

ARTICLE = (
    "Allies agree new air defence plan\n"
    "\n"
    "On Thursday (15 February 2024), Defence Ministers met in Brussels to agree a plan "
    "for integrated air defence on the eastern flank.\n"
    "\n"
    "“We are stronger together,” said the Secretary General.\n"
)

HTML = """<!DOCTYPE html>
<html><head>
<title>Allies agree new air defence plan</title>
<meta property="og:title" content="Allies agree new air defence plan">
<meta property="article:published_time" content="2024-02-16">
<link rel="canonical" href="https://example.org/air-defence">
<style>.secret-style { color: red; }</style>
<script>var trackingCode = "secret-script";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/about">About us</a></nav>
<article>
<h1>Allies agree new air defence plan</h1>
<p>On Thursday (15 February 2024), Defence Ministers met in Brussels to agree a plan
for integrated air defence on the eastern flank.</p>
<p>“We are stronger together,” said the Secretary General.</p>
</article>
<div class="comments"><h3>Leave a Reply</h3>
<p>Your email address will not be published. Required fields are marked *</p>
<form><textarea name="comment"></textarea></form></div>
<script>console.log("another-secret-script");</script>
</body></html>
"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read_one(path: Path) -> list[Document]:
    return list(read_documents([path]))


# --------------------------------------------------------------------------- formats


def test_txt_title_text_date_and_id(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", ARTICLE)
    [doc] = read_one(path)
    assert doc.title == "Allies agree new air defence plan"
    assert doc.text == ARTICLE.rstrip("\n")
    assert doc.text.startswith(doc.title)
    assert doc.date == date(2024, 2, 15)
    assert doc.source == str(path)
    assert doc.url is None
    assert doc.id == document_id(doc.text)
    assert len(doc.id) == 16 and all(c in "0123456789abcdef" for c in doc.id)


def test_markdown_title_loses_hashes_but_text_keeps_them(tmp_path: Path) -> None:
    text = "\n\n## Ministers meet in Brussels\n\nThe meeting took place on 4 April 2023.\n"
    [doc] = read_one(write(tmp_path / "a.md", text))
    assert doc.title == "Ministers meet in Brussels"
    assert doc.text.startswith("## Ministers meet in Brussels\n\nThe meeting")
    assert doc.date == date(2023, 4, 4)


@pytest.mark.parametrize("line", ["Reporting by the BBC showed the damage.",
                                  "Edited by hand, the text (by him) stays."])
def test_prose_about_reporting_is_no_credits_line(tmp_path: Path, line: str) -> None:
    [doc] = read_one(write(tmp_path / "a.txt", f"Title\n\n{line}\n".encode()))
    assert line in doc.text


def test_html_extracts_article_title_date_and_url(tmp_path: Path) -> None:
    [doc] = read_one(write(tmp_path / "page.html", HTML))
    assert doc.title == "Allies agree new air defence plan"
    assert doc.text.startswith("Allies agree new air defence plan\n\nOn Thursday")
    assert doc.text.count("Allies agree new air defence plan") == 1
    assert "stronger together" in doc.text
    for junk in ("secret-style", "secret-script", "About us", "Leave a Reply", "email address"):
        assert junk not in doc.text
    assert doc.date == date(2024, 2, 16)  # the page metadata wins over the dateline
    assert doc.url == "https://example.org/air-defence"


def test_htm_suffix_is_html(tmp_path: Path) -> None:
    [doc] = read_one(write(tmp_path / "page.HTM", HTML))
    assert "secret-script" not in doc.text


def test_html_without_article_text_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.html", "<html><head><script>x()</script></head></html>")
    with pytest.raises(InputError, match=r"empty\.html"):
        read_one(path)


def test_jsonl_one_document_per_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "x1", "text": ARTICLE, "date": "2024-02-17", "url": "https://e.org/1"}),
        "",
        json.dumps({"text": "Leaders met in Vilnius.\nMore text.", "title": "Vilnius"}),
        json.dumps({"text": "Undated.", "date": "2024-03-01T10:00:00+01:00"}),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    first, second, third = read_one(path)
    assert first.source == f"{path}:1" and second.source == f"{path}:3"
    assert first.date == date(2024, 2, 17)
    assert first.url == "https://e.org/1"
    assert first.title == "Allies agree new air defence plan"
    assert first.id != "x1" and first.id == document_id(first.text)
    assert second.title == "Vilnius" and second.date is None
    assert third.date == date(2024, 3, 1)


def test_same_text_same_id_across_formats(tmp_path: Path) -> None:
    [txt] = read_one(write(tmp_path / "a.txt", ARTICLE))
    [jsonl] = read_one(write(tmp_path / "a.jsonl", json.dumps({"text": ARTICLE}) + "\n"))
    [html] = read_one(write(tmp_path / "a.html", HTML))
    assert txt.id == jsonl.id == html.id


def test_id_ignores_whitespace_layout() -> None:
    one = document_from_text("Title\n\nBody  text\n", source="one")
    two = document_from_text("Title\nBody text", source="two")
    assert one.id == two.id


# --------------------------------------------------------------------------- folders


def test_folder_recursion_order_and_skips(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "Bravo\n")
    write(tmp_path / "a.md", "# Alpha\n")
    write(tmp_path / "sub" / "c.txt", "Charlie\n")
    write(tmp_path / "sub" / "deeper" / "d.jsonl", json.dumps({"text": "Delta"}) + "\n")
    write(tmp_path / ".hidden.txt", "Hidden\n")
    write(tmp_path / ".git" / "e.txt", "Git\n")
    write(tmp_path / "notes.pdf", b"%PDF-1.4 \x00\x01")
    write(tmp_path / "README", "no suffix\n")
    titles = [doc.title for doc in read_documents([tmp_path])]
    assert titles == ["Alpha", "Bravo", "Charlie", "Delta"]


def test_files_named_twice_are_read_once(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Alpha\n")
    assert len(list(read_documents([tmp_path, path, str(path)]))) == 1


def test_explicit_hidden_file_is_read(tmp_path: Path) -> None:
    [doc] = read_one(write(tmp_path / ".draft.txt", "Draft\n"))
    assert doc.title == "Draft"


def test_all_paths_checked_before_anything_is_read(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", "Good\n")
    with pytest.raises(InputError, match=r"missing\.txt"):
        read_documents([good, tmp_path / "missing.txt"])  # raises on call, not on iteration


# --------------------------------------------------------------------------- cleaning


def test_boilerplate_is_removed(tmp_path: Path) -> None:
    raw = (
        "Ministers meet in Brussels\r\n"
        "\r\n"
        "Source: NATO\r\n"
        "\r\n"
        "  • 4 Apr. 2023 -\r\n"
        "  • |\r\n"
        "  • Last updated: 4 Apr. 2023 17:11\r\n"
        "\r\n"
        "Ministers met on Tuesday (4 April 2023).   \r\n"
        "\r\n"
        "Share this article\r\n"
        "Facebook | Twitter | LinkedIn\r\n"
        "\r\n"
        "He said it was a good day. /Public Release. This material from the originating "
        "organization/author(s) might be edited. View in full here.\r\n"
        "\r\n"
        "(Reporting by Ann Lee in Oslo; Writing by John Irish; Editing by Bo Li)\r\n"
        "Additional reporting by Sam Poe\r\n"
        "\r\n"
        "Leave a Reply\r\n"
        "Your email address will not be published. Required fields are marked *\r\n"
        "Name *\r\n"
    )
    [doc] = read_one(write(tmp_path / "a.txt", raw.encode("utf-8")))
    assert doc.text == (
        "Ministers meet in Brussels\n\nMinisters met on Tuesday (4 April 2023).\n\n"
        "He said it was a good day."
    )
    assert doc.date == date(2023, 4, 4)


def test_prose_that_looks_like_furniture_is_kept() -> None:
    text = (
        "Title\n\nShare the burden fairly, the Allies said.\n"
        "Sources say the summit will be in July.\n"
        "The pledge was announced on 4 April 2023 in Brussels."
    )
    assert clean_text(text) == text


def test_unicode_is_nfc_and_lines_are_stripped() -> None:
    doc = document_from_text("Nause\u0307da\u0301 met ministers.\t \nSecond line  ", source="s")
    assert doc.text == "Naus\u0117d\u00e1 met ministers.\nSecond line"


def test_bom_and_cp1252_are_decoded(tmp_path: Path) -> None:
    [bom] = read_one(write(tmp_path / "bom.txt", "\ufeffTitle\n\nCafé text.\n".encode()))
    assert bom.text == "Title\n\nCafé text."
    legacy = "Title\n\n“Allies” met in Brussels \u2013 café.\n".encode("cp1252")
    [old] = read_one(write(tmp_path / "legacy.txt", legacy))
    assert old.text == "Title\n\n“Allies” met in Brussels \u2013 café."


def test_explicit_fields_win() -> None:
    doc = document_from_text(
        ARTICLE, source="s", title="  Given  ", date=date(2020, 1, 1), url="https://x"
    )
    assert (doc.title, doc.date, doc.url) == ("Given", date(2020, 1, 1), "https://x")


# --------------------------------------------------------------------------- errors


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nowhere\.txt"):
        read_documents([tmp_path / "nowhere.txt"])


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\x81\x8d\x8f\x90\x9d" * 20, b"\x01\x02\x03" * 50],
)
def test_binary_file(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path / "image.txt", content)
    with pytest.raises(InputError, match=r"image\.txt"):
        read_one(path)


@pytest.mark.parametrize("unprintable", ["\x01", "\u200b", "\u2028"])
def test_text_mostly_unprintable_is_binary_whatever_the_characters(
    tmp_path: Path, unprintable: str
) -> None:
    article = "NATO Allies met in Brussels today. " * 3  # 105 characters
    write(tmp_path / "fine.txt", article + unprintable * 5)
    write(tmp_path / "odd.txt", article + unprintable * 7)  # more than 5% unprintable
    assert read_one(tmp_path / "fine.txt")
    with pytest.raises(InputError, match=r"odd\.txt"):
        read_one(tmp_path / "odd.txt")


def test_text_mostly_non_ascii_is_not_an_english_article(tmp_path: Path) -> None:
    write(tmp_path / "greek.txt", "Το ΝΑΤΟ συνεδρίασε στις Βρυξέλλες σήμερα. " * 3)
    with pytest.raises(InputError, match=r"greek\.txt"):
        read_one(tmp_path / "greek.txt")


def test_broken_jsonl_line_names_file_and_line(tmp_path: Path) -> None:
    good = json.dumps({"text": "Fine."})
    path = write(tmp_path / "batch.jsonl", f"{good}\n{{not json\n")
    with pytest.raises(InputError, match=r"batch\.jsonl:2"):
        read_one(path)


@pytest.mark.parametrize(
    "line", ['["a list"]', '{"title": "no text"}', '{"text": "  "}', '{"text": 5}']
)
def test_jsonl_without_text(tmp_path: Path, line: str) -> None:
    path = write(tmp_path / "batch.jsonl", line + "\n")
    with pytest.raises(InputError, match=r"batch\.jsonl:1"):
        read_one(path)


def test_jsonl_bad_date(tmp_path: Path) -> None:
    path = write(tmp_path / "batch.jsonl", json.dumps({"text": "x", "date": "soon"}) + "\n")
    with pytest.raises(InputError, match=r"batch\.jsonl:1.*soon"):
        read_one(path)


@pytest.mark.parametrize("content", ["", "   \n\n\t", "Source: NATO\n\n•\n"])
def test_empty_article(tmp_path: Path, content: str) -> None:
    path = write(tmp_path / "empty.txt", content)
    with pytest.raises(InputError, match=r"empty\.txt"):
        read_one(path)


def test_unsupported_suffix_named_explicitly(tmp_path: Path) -> None:
    path = write(tmp_path / "report.pdf", "text")
    with pytest.raises(InputError, match=r"report\.pdf"):
        read_documents([path])


def test_symlink_loop_file(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    os.symlink(loop, loop)
    with pytest.raises(InputError, match=r"loop\.txt"):
        read_documents([loop])
    with pytest.raises(InputError, match=r"loop\.txt"):
        read_documents([tmp_path])


def test_symlink_loop_folder(tmp_path: Path) -> None:
    write(tmp_path / "corpus" / "a.txt", "Alpha\n")
    os.symlink(tmp_path / "corpus", tmp_path / "corpus" / "again")
    with pytest.raises(InputError, match="again"):
        read_documents([tmp_path / "corpus"])


def test_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    os.symlink(tmp_path / "target.txt", link)
    with pytest.raises(InputError, match=r"gone\.txt"):
        read_documents([link])


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", "text")
    path.chmod(0)
    try:
        with pytest.raises(InputError, match=r"secret\.txt"):
            read_one(path)
    finally:
        path.chmod(0o644)


def test_supported_suffixes() -> None:
    assert {".txt", ".md", ".html", ".htm", ".jsonl"} == SUPPORTED_SUFFIXES


@given(st.text(max_size=400))
def test_document_from_text_raises_only_input_error(text: str) -> None:
    try:
        doc = document_from_text(text, source="prop")
    except InputError as error:
        assert "prop" in str(error)
    else:
        assert doc.text and doc.text == doc.text.strip("\n")
        assert "\r" not in doc.text
        assert doc.id == document_id(doc.text)


# --------------------------------------------------------------------------- corpora


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", date(2024, 2, 7)),
        ("001", date(2024, 7, 5)),
        ("002", date(2024, 1, 31)),
        ("003", date(2024, 4, 3)),
        ("004", date(2023, 11, 27)),
    ],
)
def test_seed_dates(prefix: str, expected: date) -> None:
    if not SEEDS.is_dir():
        pytest.skip("shared seed articles not available")
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    [doc] = read_one(path)
    assert doc.date == expected


def test_seed_boilerplate_removed() -> None:
    if not SEEDS.is_dir():
        pytest.skip("shared seed articles not available")
    docs = {Path(doc.source).name[:3]: doc for doc in read_documents([SEEDS])}
    assert "Public Release" not in docs["001"].text
    assert "View in full here" not in docs["001"].text
    assert docs["001"].text.endswith("he said.")
    assert "Leave a Reply" not in docs["003"].text
    assert "Required fields" not in docs["003"].text
    assert docs["003"].text.endswith("against Ukraine.")
    assert "Source: NATO" not in docs["000"].text
    assert "Last updated" not in docs["002"].text


def test_sample_corpus() -> None:
    docs = list(read_documents([SAMPLE]))
    assert len(docs) == 6
    assert {Path(doc.source.split(":")[0]).suffix for doc in docs} == {
        ".txt",
        ".md",
        ".html",
        ".jsonl",
    }
    assert all(doc.date is not None for doc in docs)
    assert len({doc.id for doc in docs}) == 6
    text = "\n".join(doc.text for doc in docs)
    for phrase in (
        "has invited the leaders of Australia, Japan, New Zealand and the Republic of Korea",
        "On Tuesday (4 April 2023)",
        "Allies pledged 40 billion euros",
        "a package worth $2.5 billion for Ukraine",
        "called on Hungary",
        "Russia must withdraw its forces",
        "Russia remains the most significant and direct threat",
        "Ukrainian Foreign Minister Dmytro Kuleba",
        "US Secretary of State Antony Blinken",
        "Secretary General Mark Rutte",
    ):
        assert phrase in text
    for junk in ("Leave a Reply", "dataLayer", "Public Release", "Share this", "Last updated"):
        assert junk not in text
