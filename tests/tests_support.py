"""Small helpers shared by the serve, browser, picture and ask tests."""

from __future__ import annotations

from pathlib import Path


def invoke_ok(*args: str | Path) -> str:
    """Run `natokg ARGS` in-process and return its standard output; fail on a non-zero exit."""
    from conftest import invoke

    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result.stdout
