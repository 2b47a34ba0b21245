"""Articles in: files and folders of .txt, .md, .html and .jsonl become `Document`s.

Everything downstream reports character offsets into `Document.text`, so this
module fixes that text once: Unicode NFC, `\\n` line endings, no trailing
whitespace, and no web boilerplate (comment forms, republishing disclaimers,
share prompts). Boilerplate is recognised by general rules rather than
per-site strings, because the corpus comes from many re-publishers.

The document id hashes the cleaned text with whitespace collapsed, so one
article read from a .txt file, an HTML page or a JSONL line is one document.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from natokg.dates import find_dateline, resolve
from natokg.errors import InputError
from natokg.model import Document

SUPPORTED_SUFFIXES = {".txt", ".md", ".html", ".htm", ".jsonl"}

# Share of printable characters below which decoded bytes are treated as binary.
_PRINTABLE_RATIO = 0.95
# Share of ASCII characters an English article has, whatever its legacy encoding.
_ASCII_RATIO = 0.6
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# No news article comes near this; a bigger file is refused before it is read whole.
MAX_ARTICLE_BYTES = 10 << 20

ErrorHandler = Callable[[InputError], None]

_SURROGATE = re.compile("[\ud800-\udfff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_ASCII_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # all but tab, LF, CR


def _megabytes() -> int:
    return MAX_ARTICLE_BYTES >> 20


# --------------------------------------------------------------------------- public API


def read_documents(
    paths: Iterable[str | os.PathLike[str]], on_error: ErrorHandler | None = None
) -> Iterator[Document]:
    """Read every article under `paths` (files or folders), in a stable order.

    All paths are checked and folders listed *now*, before the first document
    is produced, so a typo, a symlink loop or a folder holding no article file
    fails a build before it touches the store. Files are then read lazily, one
    at a time, and JSONL line by line, so memory stays flat whatever the corpus
    size. A file (or JSONL line) that cannot be read raises `InputError`, or,
    given `on_error`, is reported to it and skipped (`natokg build --keep-going`).
    """
    files = _collect_files([Path(p) for p in paths])
    return _read_all(files, on_error)


def document_from_text(
    text: str,
    *,
    source: str,
    title: str | None = None,
    date: date | None = None,
    url: str | None = None,
) -> Document:
    """Build a `Document` from raw article text, cleaning it on the way.

    The dateline is looked for before boilerplate removal, because page
    furniture such as "Last updated: 31 Jan. 2024" is removed from the text
    yet still tells the article's date.
    """
    raw = _normalise(text)
    cleaned = clean_text(raw)
    if not cleaned:
        raise InputError(f"{source}: no article text found.")
    return Document(
        id=document_id(cleaned),
        text=cleaned,
        title=title.strip() if title and title.strip() else _title_of(cleaned),
        date=date if date is not None else find_dateline(raw),
        source=source,
        url=url,
    )


def document_id(text: str) -> str:
    """First 16 hex chars of sha256 over the text with whitespace collapsed."""
    collapsed = " ".join(text.split())
    return hashlib.sha256(collapsed.encode("utf-8")).hexdigest()[:16]


def clean_text(text: str) -> str:
    """Drop boilerplate lines from normalised text, keeping the rest as is.

    Blank lines left behind by a removed line are merged, so removing a
    "Source: NATO" paragraph does not leave a hole of four newlines.
    """
    kept: list[str] = []
    removed_since_kept = False
    for raw in _strip_trailing_forms(text.split("\n")):
        line = _cut_disclaimer(raw)
        if line is None or _is_boilerplate(line):
            removed_since_kept = True
            continue
        if not line.strip():
            if not kept or (removed_since_kept and not kept[-1].strip()):
                continue
        else:
            removed_since_kept = False
        kept.append(line)
    return "\n".join(kept).strip("\n")


# --------------------------------------------------------------------------- paths


def _collect_files(paths: list[Path]) -> list[Path]:
    """Check every named path, then expand folders; duplicates are read once."""
    for path in paths:
        _check_named(path)
    files: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        found = _walk(path, ancestors=frozenset()) if path.is_dir() else [path]
        for file in found:
            real = file.resolve()
            if real not in seen:
                seen.add(real)
                files.append(file)
    if not files:
        named = ", ".join(str(path) for path in paths) or "no path"
        raise InputError(f"no articles found in {named} (looked for "
                         f"{', '.join(sorted(SUPPORTED_SUFFIXES))} files).")
    return files


def _check_named(path: Path) -> None:
    _check_link(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder.")
    if path.is_file() and path.suffix.lower() not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise InputError(f"{path}: unsupported file type {path.suffix!r} (use {supported}).")


def _check_link(path: Path) -> None:
    """Name symlink loops and dangling links, which `exists()` reports as missing."""
    if not path.is_symlink():
        return
    try:
        path.resolve(strict=True)
    except RuntimeError as error:  # Python 3.11 reports loops this way
        raise InputError(f"{path}: symlink loop.") from error
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(f"{path}: symlink loop.") from error
        raise InputError(f"{path}: broken symlink.") from error


def _walk(folder: Path, ancestors: frozenset[Path]) -> list[Path]:
    """Supported, non-hidden files under `folder`, sorted by name at each level."""
    real = folder.resolve()
    if real in ancestors:
        raise InputError(f"{folder}: symlink loop (the folder contains itself).")
    ancestors = ancestors | {real}
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as error:
        raise InputError(f"{folder}: cannot list folder ({error.strerror}).") from error
    files: list[Path] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        _check_link(entry)
        if entry.is_dir():
            files.extend(_walk(entry, ancestors))
        elif entry.is_file() and entry.suffix.lower() in SUPPORTED_SUFFIXES:
            files.append(entry)
    return files


# --------------------------------------------------------------------------- formats


def _read_all(files: list[Path], on_error: ErrorHandler | None) -> Iterator[Document]:
    for path in files:
        try:
            if path.suffix.lower() == ".jsonl":
                yield from _read_jsonl(path, on_error)
            elif path.suffix.lower() in (".html", ".htm"):
                yield _read_html(path)
            else:
                yield _read_plain(path)
        except InputError as error:
            if on_error is None:
                raise
            on_error(error)


def _read_plain(path: Path) -> Document:
    return document_from_text(_read_text(path), source=str(path))


def _read_html(path: Path) -> Document:
    """Article body and metadata via trafilatura; scripts, nav and forms are dropped."""
    import trafilatura  # deferred: importing it costs time the other formats don't need

    html = _read_text(path)
    body = trafilatura.extract(html, output_format="txt", include_comments=False)
    if not body or not body.strip():
        raise InputError(f"{path}: no article text found in the HTML.")
    meta = trafilatura.extract_metadata(html)
    title = (meta.title or "").strip() if meta else ""
    body = _normalise(body)
    if title and body.split("\n", 1)[0].strip() == title:
        body = body.split("\n", 1)[1] if "\n" in body else ""
    text = f"{title}\n\n{body}" if title else body
    return document_from_text(
        text,
        source=str(path),
        title=title or None,
        date=_parse_date(meta.date, str(path)) if meta and meta.date else None,
        url=(meta.url or None) if meta else None,
    )


def _read_jsonl(path: Path, on_error: ErrorHandler | None) -> Iterator[Document]:
    """One article per line, streamed; a broken line names the file and the line number."""
    seen_text = False
    for line_no, line in enumerate(_jsonl_lines(path), start=1):
        if not line.strip():
            continue
        seen_text = True
        try:
            yield _jsonl_document(line, f"{path}:{line_no}")
        except InputError as error:
            if on_error is None:
                raise
            on_error(error)
    if not seen_text:
        raise InputError(f"{path}: file is empty.")


def _jsonl_lines(path: Path) -> Iterator[str]:
    """Lines of a JSONL file of any size, each decoded alone and capped in length."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(f"{path}: cannot read file ({error.strerror}).") from error
    with handle:
        for line_no, raw in enumerate(handle, start=1):
            if len(raw) > MAX_ARTICLE_BYTES:
                raise InputError(f"{path}:{line_no}: line longer than {_megabytes()} MB.")
            if b"\x00" in raw:
                raise InputError(f"{path}: looks like a binary file, not text.")
            text = _decode(raw) if raw.strip() else ""
            if text is None:
                raise InputError(f"{path}:{line_no}: not UTF-8 text.")
            yield text


def _jsonl_document(line: str, source: str) -> Document:
    try:
        record: Any = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"{source}: broken JSON line ({error.msg}).") from error
    if not isinstance(record, dict):
        raise InputError(f"{source}: expected a JSON object with a 'text' field.")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{source}: missing or empty 'text' field.")
    title, url, when = record.get("title"), record.get("url"), record.get("date")
    return document_from_text(
        text,
        source=source,
        title=title if isinstance(title, str) else None,
        date=_parse_date(when, source) if when else None,
        url=url if isinstance(url, str) and url else None,
    )


def _parse_date(value: object, source: str) -> date:
    """An ISO date or date-time (as JSONL fields and HTML metadata carry it)."""
    text = str(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError as error:
        raise InputError(f"{source}: date {text!r} is not an ISO date.") from error


# --------------------------------------------------------------------------- decoding


def _read_text(path: Path) -> str:
    """The file's text; binary, oversized and undecodable files are input errors."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as error:
        raise InputError(f"{path}: cannot read file ({error.strerror}).") from error
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(
            f"{path}: larger than {_megabytes()} MB, too large for one article "
            "(put many articles in a .jsonl file, one a line)."
        )
    if not data.strip():
        raise InputError(f"{path}: file is empty.")
    if b"\x00" in data and not data.startswith(_UTF16_BOMS):
        raise InputError(f"{path}: looks like a binary file, not text.")
    text = _decode(data)
    if text is None:
        raise InputError(f"{path}: looks like a binary file, not text.")
    return text


def _decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else Windows-1252 (the legacy encoding of English
    news), else whatever charset-normalizer detects; None when no reading gives
    mostly printable, mostly ASCII text — binary data, or not an English article."""
    if data.startswith(_UTF16_BOMS):
        try:
            return _plausible(data.decode("utf-16"))
        except UnicodeDecodeError:
            return None
    try:
        return _plausible(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    try:
        return _plausible(data.decode("cp1252"))
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes  # deferred: only odd files need it

        best = from_bytes(data).best()
        return _plausible(str(best)) if best is not None else None


def _plausible(text: str) -> str | None:
    non_ascii = _NON_ASCII.findall(text)  # few in English text: only these are looked at
    ascii_share = (len(text) - len(non_ascii)) / max(len(text), 1)
    return text if _mostly_printable(text, non_ascii) and ascii_share >= _ASCII_RATIO else None


def _mostly_printable(text: str, non_ascii: list[str]) -> bool:
    """Printable characters, line breaks and tabs make up most of the text. An ASCII
    character is unprintable exactly when it is a control character, so only the
    non-ASCII ones need `str.isprintable`."""
    unprintable = len(_ASCII_CONTROL.findall(text))
    unprintable += sum(1 for char in non_ascii if not char.isprintable())
    return len(text) - unprintable >= _PRINTABLE_RATIO * len(text)


def _normalise(text: str) -> str:
    """NFC, `\\n` line endings, no trailing whitespace on any line, no lone surrogates
    (which no RDF store can hold: they are not Unicode scalar values)."""
    text = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(text) else text
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def _title_of(text: str) -> str:
    """The first non-empty line, without markdown heading marks."""
    for line in text.split("\n"):
        title = line.strip().lstrip("#").strip()
        if title:
            return title
    return ""


# --------------------------------------------------------------------------- boilerplate

# A comment form starts here; everything after it is form fields, not article.
_COMMENT_FORM_START = re.compile(
    r"^(?:leave a (?:reply|comment)|post a comment|add a comment|"
    r"join the discussion|[0-9]+ (?:comments?|responses?))\b",
    re.I,
)
_COMMENT_FORM_LINE = re.compile(
    r"(?:your email address will not be published|required fields are marked|"
    r"^comments? (?:are )?closed)",
    re.I,
)
# Republishers append a disclaimer to the article's last paragraph or after it.
_DISCLAIMER = re.compile(
    r"(?:/\s*public release\b|this material from the originating organi[sz]ation|"
    r"view in full here\s*\.?$)",
    re.I,
)
_SOURCE_LINE = re.compile(r"^(?:source|via|credit)\s*:\s*\S.{0,80}$", re.I)
# A wire story's credits: "(Reporting by A in Madrid; Writing by John Irish; Editing by B)".
# Their names are no part of the story (a surname "Irish" is no Ireland).
_CREDITS = re.compile(
    r"^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|edited|compiled|written|"
    r"produced|translated)\s+by\b[^()]*\)?\s*$",
    re.I,
)
_UPDATED_LINE = re.compile(
    r"^[\s•·|*-]*(?:last\s+)?(?:updated|modified|published|posted)(?:\s+on)?\s*:", re.I
)
_ORNAMENTS = "•·|*-\u2013\u2014_=~/\\>»«◦▪►"
_PROMPT = re.compile(
    r"^(?:share(?: this)?(?: article| story| page| post)?(?: on| via)?|"
    r"follow us(?: on)?|subscribe(?: to)?|sign up(?: for)?|click here|read more|"
    r"related (?:articles|stories|posts)|print(?: this)?(?: article| page)?|"
    r"email this|tweet this|back to top|download (?:the )?pdf)\b",
    re.I,
)
_SOCIAL = re.compile(
    r"^(?:(?:facebook|twitter|x|linkedin|whatsapp|telegram|email|e-mail|print|reddit)"
    r"[\s|,/•·]*)+$",
    re.I,
)
_SHORT_LINE = 60


def _strip_trailing_forms(lines: list[str]) -> list[str]:
    """Cut the document at the first comment-form heading ("Leave a Reply")."""
    for index, line in enumerate(lines):
        if _COMMENT_FORM_START.match(line.strip()) and len(line.strip()) <= _SHORT_LINE:
            return lines[:index]
    return lines


def _cut_disclaimer(line: str) -> str | None:
    """The line without a trailing republishing disclaimer; None if nothing is left."""
    match = _DISCLAIMER.search(line)
    if match is None:
        return line
    kept = line[: match.start()].rstrip()
    return kept if kept.strip() else None


def _is_boilerplate(line: str) -> bool:
    """Page furniture that is never article prose."""
    stripped = line.strip()
    if not stripped:
        return False
    # Judge what is left once bullets and pipes are gone ("  • Share this article").
    core = stripped.strip(_ORNAMENTS + " \t")
    if not core:
        return True  # bullets, pipes, rules
    if _COMMENT_FORM_LINE.search(core) or _UPDATED_LINE.match(stripped):
        return True
    if _SOURCE_LINE.match(core) or _SOCIAL.match(core) or _is_credits(stripped):
        return True
    if _PROMPT.match(core) and len(core) <= _SHORT_LINE and not core.endswith("."):
        return True
    # A bare page-header date ("• 31 Jan. 2024 -") is furniture; the dateline
    # has already been read from the raw text.
    return _is_full_date(core)


def _is_credits(line: str) -> bool:
    """Credits sit in brackets, list roles with semicolons, or end without a full stop;
    "Reporting by the BBC showed the damage." is prose."""
    return bool(_CREDITS.match(line)) and (
        line.startswith("(") or ";" in line or not line.endswith("."))


def _is_full_date(text: str) -> bool:
    found = resolve(text, None)
    return found is not None and found.precision == "day"


__all__ = [
    "SUPPORTED_SUFFIXES",
    "clean_text",
    "document_from_text",
    "document_id",
    "read_documents",
]
