"""What every `natokg` command shares: one-line errors, the store options, -q.

Library errors are `NatokgError`s; `reported` alone turns them into one-line
`click.ClickException`s (exit status 1), so a user never sees a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from natokg.errors import NatokgError
from natokg.store import ENDPOINT_ENV, FORMATS, STORE_ENV

F = TypeVar("F", bound=Callable[..., Any])

RESULT_FORMATS = ("table", "csv", "tsv", "json")
EXPORT_FORMATS = (*FORMATS, "jsonld")


class Interrupted(click.ClickException):
    """Ctrl-C: one line, and the exit status a shell gives a command SIGINT ended."""

    exit_code = 130


@contextmanager
def reported(interrupted: str = "interrupted; the store was left as it was") -> Iterator[None]:
    """Turn library errors into one-line CLI errors, and Ctrl-C into a clean exit."""
    try:
        yield
    except NatokgError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        raise Interrupted(interrupted) from None
    except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
        raise
    except Exception as exc:  # a bug: still one line, and the store is as it was
        context = click.get_current_context(silent=True)
        if context is not None and (context.find_root().obj or {}).get("verbose"):
            raise
        first = (str(exc).strip().splitlines() or [""])[0]
        raise click.ClickException(
            f"unexpected {type(exc).__name__}: {first} — this is a bug in natokg; "
            "run again with -v for the details and report it"
        ) from exc


results_format_option = click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(RESULT_FORMATS),
    default="table",
    show_default=True,
    help="Output: aligned table, or W3C CSV/TSV/JSON results.",
)
"""-f/--format for the commands that print query results (query, ask)."""


def store_option(func: F) -> F:
    """--store DIR and --endpoint URL, on every command that reads or writes a graph."""
    func = click.option(
        "--endpoint",
        "endpoint",
        envvar=ENDPOINT_ENV,
        metavar="URL",
        help=f"A SPARQL 1.1 endpoint to use instead of a local store (or ${ENDPOINT_ENV}).",
    )(func)
    return click.option(
        "--store",
        "store",
        type=click.Path(path_type=Path),
        envvar=STORE_ENV,
        help=f"Store directory (default: ${STORE_ENV}, else ./natokg-store).",
    )(func)


def quiet_flag() -> bool:
    """The main group's -q, for commands that also take their own."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().obj and ctx.find_root().obj.get("quiet"))

