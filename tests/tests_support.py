"""Small helpers shared by tests: running the CLI, and long articles written for them."""

from __future__ import annotations

from pathlib import Path


def invoke_ok(*args: str | Path) -> str:
    """Run `natokg ARGS` in-process and return its standard output; fail on a non-zero exit."""
    from conftest import invoke

    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


# Paragraphs written for these tests: plain reporting with no facts of their own, to
# pad an article to any length around the paragraphs that carry facts.
FILLER = (
    "Defence planners from several Allied capitals spent the morning comparing notes on "
    "fuel stocks, spare parts and the repair of armoured vehicles worn down by training.",
    "The discussions covered the rising cost of ammunition and the case for contracts that "
    "run longer than a single budget year, so that factories can hire and plan.",
    "Officials said the exercise had tested how quickly units could move by rail, and that "
    "several bridges had proved too weak for the heaviest equipment.",
    "A senior diplomat described the mood as sober but determined, adding that nobody "
    "wanted to repeat the shortages of the previous winter.",
    "Engineers presented a plan to share spare parts between national fleets, which would "
    "let smaller air forces keep more aircraft ready to fly on any given day.",
    "Several delegations asked for clearer rules on sharing warnings about cyber attacks "
    "on hospitals and power grids, and on who pays for the repairs.",
    "The talks also touched on training for young officers, many of whom will spend part "
    "of their careers in multinational headquarters far from home.",
    "Observers noted that the number of women in senior command posts has grown steadily, "
    "though not as quickly as some governments had promised.",
)


def filler(characters: int, start: int = 0) -> list[str]:
    """Filler paragraphs adding up to at least `characters`, each numbered, so none repeats."""
    paragraphs: list[str] = []
    while sum(len(p) + 2 for p in paragraphs) < characters:
        number = start + len(paragraphs)
        paragraphs.append(f"In session {number + 1}, {FILLER[number % len(FILLER)][0].lower()}"
                          f"{FILLER[number % len(FILLER)][1:]}")
    return paragraphs


def long_article(characters: int, late: list[str], head: tuple[str, ...] = ()) -> str:
    """An article of about `characters` characters: a headline and dateline, `head`, filler,
    then the `late` paragraphs at its end."""
    opening = ["Allies take stock after the Washington Summit",
               "WASHINGTON, 12 July 2024 - Allied officials met again to review the plans.",
               *head]
    size = sum(len(p) + 2 for p in opening + late)
    return "\n\n".join(opening + filler(characters - size) + late) + "\n"
