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


ACTIVE = ".tabPanel.active"  # YASGUI keeps every tab's editor in the page; this is the shown one
PARTNERS = ["Australia", "Japan", "New Zealand", "Republic of Korea"]


def open_page(browser, url: str, width: int = 1280) -> tuple[object, list[str]]:  # type: ignore[no-untyped-def]
    """A page at `url` that may load only from the local server; the URLs it tried elsewhere."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    elsewhere: list[str] = []
    local = url.split("/", 3)[:3]

    def only_local(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.split("/", 3)[:3] == local:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(url)
    return page, elsewhere


def open_editor(browser, page_url: str) -> tuple[object, list[str]]:  # type: ignore[no-untyped-def]
    page, elsewhere = open_page(browser, page_url + "/")
    page.wait_for_function("window.natokgYasgui !== undefined")
    return page, elsewhere


def set_query(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.evaluate("(q) => window.natokgYasgui.getTab().getYasqe().setValue(q)", text)


def run_query(page) -> None:  # type: ignore[no-untyped-def]
    page.click(f"{ACTIVE} .yasqe_queryButton")
    page.wait_for_selector(f"{ACTIVE} .yasr_results tbody tr td, {ACTIVE} .errorResult")


def run_partners_invited(page) -> None:  # type: ignore[no-untyped-def]
    page.select_option("#examples", "partners-invited")
    run_query(page)


def overflow(page, selector: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """How wide a box's content is against the box, and the page's against the window."""
    return page.evaluate(
        "(s) => { const box = document.querySelector(s), page = document.documentElement;"
        " return { content: box.scrollWidth, box: box.clientWidth,"
        " page: page.scrollWidth, window: page.clientWidth }; }",
        selector,
    )


def drawn_chart(page) -> dict[str, list]:  # type: ignore[no-untyped-def]
    """What Chart.js drew on the shown tab's canvas: bar labels, series and values."""
    return page.evaluate(
        "(s) => { const chart = Chart.getChart(document.querySelector(s));"
        " return { labels: chart.data.labels, series: chart.data.datasets.map((d) => d.label),"
        " bars: chart.getDatasetMeta(0).data.length, values: chart.data.datasets[0].data }; }",
        f"{ACTIVE} .natokg-chart canvas",
    )


def test_the_page_loads_everything_from_the_server(browser, page_url: str) -> None:  # type: ignore[no-untyped-def]
    page, elsewhere = open_editor(browser, page_url)
    loaded = page.evaluate(
        "() => performance.getEntriesByType('resource').map((r) => r.name)"
    )
    assert f"{page_url}/static/yasgui.min.js" in loaded
    assert f"{page_url}/static/chart.umd.min.js" in loaded
    run_partners_invited(page)
    page.click(f"{ACTIVE} .select_chart")
    page.wait_for_selector(f"{ACTIVE} canvas")
    page.click(f"{ACTIVE} .select_table")
    assert elsewhere == []
    page.close()


def test_the_editor_highlights_sparql_and_knows_natokgs_prefixes(browser, page_url: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_editor(browser, page_url)
    set_query(page, 'SELECT ?s WHERE { ?s a nkg:Summit ; rdfs:label "Washington Summit" }')
    keywords = page.locator(f"{ACTIVE} .CodeMirror .cm-keyword").all_inner_texts()
    assert keywords == ["SELECT", "WHERE"]
    assert page.locator(f"{ACTIVE} .CodeMirror .cm-string").all_inner_texts() == [
        '"Washington Summit"'
    ]
    button = f"{ACTIVE} .yasqe_queryButton"
    assert "query_valid" in page.get_attribute(button, "class")
    set_query(page, "SELECT ?s WHERE { ?s a nowhere:Summit }")
    assert "query_error" in page.get_attribute(button, "class")  # an undeclared prefix
    set_query(page, "")
    page.click(f"{ACTIVE} .CodeMirror-code")
    page.keyboard.type("PREFIX nk")
    hints = page.locator(".CodeMirror-hints li").all_inner_texts()
    assert hints == [
        "nkg: <https://w3id.org/natokg/ontology#>",
        "nkr: <https://w3id.org/natokg/resource/>",
    ]
    page.close()


def test_pick_a_canned_query_and_run_it(browser, page_url: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_editor(browser, page_url)
    page.select_option("#examples", "partners-invited")
    assert page.inner_text(".tabsList .tab.active span") == "partners-invited"
    query = page.evaluate("() => window.natokgYasgui.getTab().getYasqe().getValue()")
    assert '"partners-invited"' in query and "VALUES (?min_confidence ?summit " in query
    run_query(page)
    labels = page.locator(f"{ACTIVE} .yasr_results tbody tr td:nth-child(2)").all_inner_texts()
    assert labels == PARTNERS
    assert "Washington Summit" in page.inner_text(f"{ACTIVE} .yasr_results")
    assert "4 results" in page.inner_text(f"{ACTIVE} .yasr_response_chip")
    if SCREENSHOTS.is_dir():
        page.screenshot(path=str(SCREENSHOTS / "web-page.png"), full_page=True)
    page.select_option("#examples", "summits")
    page.select_option("#examples", "partners-invited")  # back to its tab, result kept
    assert page.locator(".tabsList .tab span").all_inner_texts().count("partners-invited") == 1
    assert "Republic of Korea" in page.inner_text(f"{ACTIVE} .yasr_results")
    page.close()


def test_an_error_is_shown_not_swallowed(browser, page_url: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_editor(browser, page_url)
    set_query(page, "SELEC nonsense")
    page.click(f"{ACTIVE} .CodeMirror-code")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(f"{ACTIVE} .errorResult")
    assert "malformed query" in page.inner_text(f"{ACTIVE} .errorResult")
    page.close()


def test_click_through_to_the_entity_browser(browser, page_url: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_editor(browser, page_url)
    run_partners_invited(page)
    page.click(f"{ACTIVE} .yasr_results >> text=nkr:entity/japan")
    page.wait_for_selector("#neighbours")
    assert "Washington Summit" in page.inner_text("#neighbours")
    assert "has invited the leaders of Australia, Japan" in page.content()
    page.close()


def test_the_chart_draws_a_bar_per_row(browser, page_url: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_editor(browser, page_url)
    run_partners_invited(page)
    page.click(f"{ACTIVE} .select_chart")
    page.wait_for_selector(f"{ACTIVE} .natokg-chart canvas")
    drawn = drawn_chart(page)
    assert drawn["labels"] == PARTNERS
    assert drawn["series"] == ["?documents"] and drawn["bars"] == 4
    assert all(value >= 1 for value in drawn["values"])
    if SCREENSHOTS.is_dir():
        page.screenshot(path=str(SCREENSHOTS / "web-chart.png"), full_page=True)
    page.select_option(f"{ACTIVE} .natokg-chart-controls select >> nth=1", "summitLabel")
    assert drawn_chart(page)["labels"] == ["Washington Summit"] * 4
    page.close()


def test_the_chart_is_offered_only_for_numbers(browser, page_url: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_editor(browser, page_url)
    set_query(page, "SELECT ?label WHERE { ?s a nkg:Summit ; rdfs:label ?label }")
    run_query(page)
    assert "disabled" in page.get_attribute(f"{ACTIVE} .select_chart", "class")
    page.close()


def test_a_wide_result_scrolls_inside_its_box(browser, page_url: str) -> None:  # type: ignore[no-untyped-def]
    page, _ = open_editor(browser, page_url)
    columns = " ".join(f"?column{i}" for i in range(16))
    korea = " ".join(["<https://w3id.org/natokg/resource/entity/republic-of-korea>"] * 16)
    set_query(page, f"SELECT * WHERE {{ VALUES ({columns}) {{ ({korea}) }} }}")
    run_query(page)
    sizes = overflow(page, f"{ACTIVE} .yasr_results")
    assert sizes["content"] > sizes["box"]
    assert sizes["page"] <= sizes["window"]
    page.close()


def test_a_wide_entity_table_scrolls_inside_its_box(browser, page_url: str) -> None:  # type: ignore[no-untyped-def]
    import httpx

    answer = httpx.get(
        f"{page_url}/sparql",
        params={"query": "SELECT ?fact WHERE { ?fact a nkg:Invitation } LIMIT 1"},
        headers={"Accept": "text/csv"},
    )
    fact = answer.text.split()[1]
    page, elsewhere = open_page(browser, f"{page_url}/entity?iri={fact}", width=420)
    sizes = overflow(page, ".scroll")  # the facts: long evidence and extraction IRIs
    assert sizes["content"] > sizes["box"]
    assert sizes["page"] <= sizes["window"]
    assert elsewhere == []
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
