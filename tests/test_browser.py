"""The web page as a person uses it, in headless Debian Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from live_server import running_server

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Set NATOKG_SCREENSHOTS=docs/img to refresh the README's screenshots from these tests.
SCREENSHOTS = Path(os.environ.get("NATOKG_SCREENSHOTS", "/nonexistent"))

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not found (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def page_url(seeds_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    copy = tmp_path_factory.mktemp("browsed") / "store"
    shutil.copytree(seeds_store, copy, symlinks=True)
    with running_server(copy) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def test_pick_a_canned_query_and_run_it(browser, page_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(page_url + "/")
    page.select_option("#examples", "partners-invited")
    assert "\"partners-invited\"" in page.input_value("#query")
    page.click("#run")
    page.wait_for_selector("#result-table")
    first_column = page.locator("#result-table tr td:first-child").all_inner_texts()
    assert first_column == ["Australia", "Japan", "New Zealand", "Republic of Korea"]
    assert "Washington Summit" in page.inner_text("#result-table")
    assert "4 rows" in page.inner_text("#status")
    if SCREENSHOTS.is_dir():
        page.screenshot(path=str(SCREENSHOTS / "web-page.png"), full_page=True)
    page.close()


def test_an_error_is_shown_not_swallowed(browser, page_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(page_url + "/")
    page.fill("#query", "SELEC nonsense")
    page.click("#run")
    assert "malformed query" in page.locator(".error").inner_text()
    page.close()


def test_click_through_to_the_entity_browser(browser, page_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(page_url + "/")
    page.select_option("#examples", "partners-invited")
    page.click("#run")
    page.click("text=nkr:entity/japan")
    page.wait_for_selector("#neighbours")
    assert "Washington Summit" in page.inner_text("#neighbours")
    assert "has invited the leaders of Australia, Japan" in page.content()
    page.close()


def test_graph_page_works_offline(browser, seeds_store: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from natokg.picture import default_picture, write_picture

    output = tmp_path / "graph.html"
    write_picture(default_picture(seeds_store), output)
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.route("http*://**", lambda route: route.abort())  # no network: everything is inline
    page.goto(output.as_uri())
    page.wait_for_function("window.natokgGraph !== undefined")
    page.evaluate(
        "() => { const g = window.natokgGraph; const e = g.DATA.edges.find("
        "(x) => x.label === 'invited to'); g.showEdge(e); }"
    )
    assert "has invited the leaders" in page.inner_text("#details")
    page.wait_for_timeout(1500)
    if SCREENSHOTS.is_dir():
        page.screenshot(path=str(SCREENSHOTS / "graph.png"))
    page.close()
