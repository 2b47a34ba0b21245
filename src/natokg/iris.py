"""natokg's IRIs: minting them for resources, and writing them short (`nkr:…`) or in full.

Every module that names a resource or reads an IRI argument comes here, so
an IRI minted while building is the IRI a user pastes back into `explain`.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from pyoxigraph import NamedNode

from natokg.errors import InputError
from natokg.vocab import PREFIXES, RESOURCE_BASE

_SAFE = "/-_.~"


def encoded(path: str) -> str:
    """`path` percent-encoded (slashes kept), so no text can break out of an IRI."""
    return quote(path, safe=_SAFE)


def resource_iri(path: str) -> str:
    """A natokg IRI, every segment percent-encoded."""
    return RESOURCE_BASE + encoded(path)


def resource(path: str) -> NamedNode:
    """`resource_iri` as a node."""
    return NamedNode(resource_iri(path))


def document_iri(doc_id: str) -> NamedNode:
    return resource(f"document/{doc_id}")


def expand(iri: str) -> str:
    """`nkr:entity/ukraine` (or `nkr:entity\\/ukraine`, as printed) → the full IRI; full
    IRIs and <IRIs> pass through."""
    iri = iri.strip().removeprefix("<").removesuffix(">")
    prefix, sep, rest = iri.partition(":")
    if sep and prefix in PREFIXES and not rest.startswith("//"):
        return PREFIXES[prefix] + rest.replace("\\", "")
    return iri


def iri_node(iri: str) -> NamedNode:
    """The node an IRI argument names (full, <IRI> or `nkr:…`); a one-line error if none."""
    try:
        return NamedNode(expand(iri))
    except ValueError as exc:
        raise InputError(f"{iri!r} is not an IRI: give it in full, as <IRI> or as nkr:…") from exc


def compact(value: str) -> str:
    """An IRI written with natokg's prefixes when one fits (other values unchanged)."""
    for prefix, base in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if value.startswith(base):
            return f"{prefix}:{value[len(base) :]}"
    return value


# Characters a prefixed name's local part escapes with `\\` (SPARQL's PN_LOCAL_ESC:
# `-` only first; `.` always, though the grammar allows it inside, since Oxigraph's
# parser reads `rdf:0.0.0` as numbers), and what it may hold as is.
_ESCAPED = frozenset("~!$&'()*+,;=/?#@.")
_PLAIN = re.compile(r"(?:[\w\-.:\u00b7\u0300-\u036f\u203f-\u2040]|%[0-9A-Fa-f]{2})*")


def pasteable(iri: str) -> str:
    """An IRI as a prefixed name that a query and `natokg explain` accept back
    (`nkr:entity\\/china`: a local name may not hold a bare `/`), else `<IRI>`."""
    short = compact(iri)
    prefix, _, local = short.partition(":")
    if short == iri or not _PLAIN.fullmatch("".join(c for c in local if c not in _ESCAPED)):
        return f"<{iri}>"
    escaped = "".join("\\" + c if c in _ESCAPED else c for c in local)
    if escaped.startswith("-"):
        escaped = "\\" + escaped
    return f"{prefix}:{escaped}"


def shown(term: object) -> str:
    """A term as natokg prints it: an IRI as `pasteable` writes it, a literal's value."""
    if isinstance(term, NamedNode):
        return pasteable(term.value)
    return str(getattr(term, "value", term))
