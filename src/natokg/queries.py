"""Canned SPARQL queries: data files discovered by name, with typed parameters.

Each `queries/NAME.rq` starts with a comment block: its first line is the
question it answers, the following lines describe it, and `@param` lines
declare its parameters:

    # @param min_confidence decimal 0 Only facts at least this confident.
    # @param summit string - Only summits whose label contains this text.

(`-` means "no default": the variable stays unbound and the query's FILTER
lets everything through). pyoxigraph requires substituted variables in the
SELECT projection, and `BOUND()` does not see a substituted value, so optional
filters are written `FILTER (COALESCE(<test using ?param>, true))`: the test
errors on an unbound parameter, and COALESCE turns that error into "keep".

Values given on the command line are bound as typed literals through
pyoxigraph's `substitutions`, never pasted into the query text, so a
parameter can never change what the query does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Variable

from natokg.errors import QueryError
from natokg.iris import expand
from natokg.vocab import PREFIXES, XSD

_PARAM = re.compile(r"^#\s*@param\s+(\w+)\s+(\w+)\s+(\S+)\s*(.*)$")
_POSITION = re.compile(r"\berror at (\d+):(\d+)")


@dataclass(frozen=True)
class Param:
    """A query parameter: its variable name, type, default and meaning."""

    name: str
    type: str
    default: str | None
    description: str


@dataclass(frozen=True)
class CannedQuery:
    """A SPARQL query with its description and parameters."""

    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    prelude_lines: int = 0  # lines natokg put before the user's own text (its prefixes)

    @property
    def question(self) -> str:
        return self.description.splitlines()[0] if self.description else ""

    @property
    def echoed(self) -> tuple[str, ...]:
        """Parameters the results only repeat (SPARQL substitution needs them projected);
        a parameter the query also reads as a graph name, `document`, is a real column."""
        return tuple(p.name for p in self.params
                     if not re.search(rf"\bGRAPH\s+\?{p.name}\b", self.text))

    def in_own_lines(self, message: str) -> str:
        """A parser's message ("error at 3:5: …") with the line counted in the user's text."""
        return _POSITION.sub(lambda m: f"error at {int(m[1]) - self.prelude_lines}:{m[2]}",
                             message, count=1)

    def bindings(self, values: Mapping[str, str]) -> dict[Variable, Literal | NamedNode]:
        """Typed values for the query's variables: given ones, else declared defaults."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            allowed = ", ".join(known) or "none"
            raise QueryError(
                f"query {self.name!r} has no parameter {unknown[0]!r} (its parameters: {allowed})"
            )
        bound: dict[Variable, Literal | NamedNode] = {}
        for param in self.params:
            raw = values.get(param.name, param.default)
            if raw is not None:
                bound[Variable(param.name)] = typed_value(param, raw)
        return bound


def typed_value(param: Param, raw: str) -> Literal | NamedNode:
    """Check and type a parameter value: a bad value is an error, not an empty result."""
    try:
        if param.type == "decimal":
            number = Decimal(raw)
            if not number.is_finite():
                raise ValueError(raw)
            return Literal(format(number, "f"), datatype=XSD.decimal)
        if param.type == "integer":
            return Literal(str(int(raw)), datatype=XSD.integer)
        if param.type == "date":
            return Literal(date.fromisoformat(raw).isoformat(), datatype=XSD.date)
        if param.type == "iri":
            return NamedNode(expand(raw))
    except (InvalidOperation, ValueError) as exc:
        raise QueryError(f"parameter {param.name!r} needs a {param.type}, got {raw!r}") from exc
    return Literal(raw)


def parse_query_file(name: str, text: str) -> CannedQuery:
    """Read the comment header of a .rq file into a description and parameters."""
    description, params = [], []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _PARAM.match(line)
        if match:
            pname, ptype, default, doc = match.groups()
            params.append(Param(pname, ptype, None if default == "-" else default, doc))
        else:
            description.append(line.lstrip("#").strip())
    return CannedQuery(
        name=name,
        description="\n".join(d for d in description if d),
        params=tuple(params),
        text=text,
    )


def canned_queries() -> dict[str, CannedQuery]:
    """Every packaged query, by name (its file name without `.rq`)."""
    folder = files("natokg") / "queries"
    found = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".rq"):
            name = item.name[:-3]
            found[name] = parse_query_file(name, item.read_text(encoding="utf-8"))
    return found


def load_query(name_or_path: str) -> CannedQuery:
    """A canned query by name, or any `.rq` file by path."""
    canned = canned_queries()
    if name_or_path in canned:
        return canned[name_or_path]
    path = Path(name_or_path)
    if path.suffix == ".rq" or path.exists():
        try:
            return parse_query_file(path.stem, path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read query file {path}: {exc}") from exc
    names = ", ".join(canned)
    raise QueryError(f"unknown query {name_or_path!r}; canned queries: {names}")


def inline_query(sparql: str) -> CannedQuery:
    """A query given on the command line (`natokg query -e`), with natokg's prefixes."""
    declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+(\w*):", sparql)}
    header = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in declared)
    return CannedQuery(name="-e", description="", params=(), text=header + sparql,
                       prelude_lines=header.count("\n"))


# -- what a query may do ------------------------------------------------------------
_LONG_STRING = re.compile(r"\'\'\'.*?\'\'\'|\"\"\".*?\"\"\"", re.S)
_SHORT_STRING = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_COMMENT = re.compile(r"#[^\n]*")
_UPDATE = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\s+(DATA|WHERE|SILENT|GRAPH|"
    r"DEFAULT|NAMED|ALL|<|\{)", re.I)
_SERVICE = re.compile(r"\bSERVICE\b", re.I)


def check_query(sparql: str, allow_service: bool = False) -> None:
    """Refuse what `natokg query` must never do: write, or call out to other servers.

    Strings, IRIs and comments are blanked first, so a label that merely
    mentions "DELETE" or "SERVICE" is no reason to refuse.
    """
    strings_blanked = _SHORT_STRING.sub('""', _LONG_STRING.sub('""', sparql))
    code = _COMMENT.sub(" ", _IRI.sub("<>", strings_blanked))
    if _UPDATE.search(code):
        raise QueryError("natokg query only reads: updates are refused "
                         "(`natokg build` and `natokg import` write to the store)")
    if _SERVICE.search(code) and not allow_service:
        raise QueryError("the query calls a remote SERVICE; run it with --allow-service "
                         "if you trust that endpoint")
