"""The web UI in a real headless Chromium, against the real app served by uvicorn.

The server is the shared ``live_server`` (the full app from ``create_app_from_env``, default graph,
real QA engine). Outside CI the tests skip when /usr/bin/chromium or Playwright is missing; with
``CI=true`` they fail instead, so CI cannot pass without running them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import httpx
import pytest

from kgqa.examples import most_connected_entity, ui_examples
from kgqa.ui import cell_text

pytest_plugins = ["live_server"]
pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ANSWER_TIMEOUT_MS = 60_000  # the first question loads the embedding model in the server
QUESTION = "What leverage does OpenAI hold?"


def _missing(reason: str):
    if IN_CI:
        pytest.fail(f"{reason}; CI must run the browser tests (see scripts/system-deps.sh)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def ui_url(live_server) -> str:
    return live_server.url + "/"


@pytest.fixture
def page(browser, ui_url):
    """A fresh page on the UI; ``page.dialogs`` records every JS dialog (none should ever open)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.dialogs = []

    def on_dialog(dialog):
        pg.dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.goto(ui_url)
    pg.wait_for_selector("#kgqa-question textarea", timeout=30_000)
    yield pg
    context.close()


def ask(page, question: str, n: int) -> None:
    """Type ``question`` and wait until the side panel shows answer ``n``."""
    box = page.locator("#kgqa-question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        "n => (document.querySelector('#kgqa-details')?.innerText || '')"
        ".includes(`Answer ${n} of ${n}`)", arg=n, timeout=ANSWER_TIMEOUT_MS)


def api_answer(base: str, question: str, history: list | None = None) -> dict:
    resp = httpx.post(base.rstrip("/") + "/api/ask",
                      json={"question": question, "history": history or []}, timeout=60)
    assert resp.status_code == 200, resp.text
    return resp.json()


def bot_texts(page) -> list[str]:
    """The text of each answer bubble (the first bot message of each group)."""
    return page.eval_on_selector_all(
        "#kgqa-chat [data-testid=bot]",
        "els => els.filter(e => !e.parentElement.classList.contains('thought'))"
        ".map(e => e.innerText.trim())")


def test_answer_shows_text_confidence_sources_and_graph(page, ui_url, tmp_path):
    ask(page, QUESTION, 1)
    expected = api_answer(ui_url, QUESTION)
    texts = bot_texts(page)
    assert len(texts) == 1
    # The chat shows the engine's answer (first sentence is enough: Markdown may re-wrap).
    assert expected["answer"].split(".")[0] in texts[0]
    assert f"Confidence: {expected['confidence']:.0%}" in texts[0]

    sources = page.locator("#kgqa-chat .thought-group")
    assert sources.count() == min(len(expected["evidence"]), 8) > 0
    first = expected["evidence"][0]
    sources.first.locator(".title").click()
    body = sources.first.inner_text()
    assert "Status:" in body
    if first["source"]:
        assert first["source"]["title"] in body

    graph = page.locator("#kgqa-answer-graph svg.kg-graph")
    assert graph.locator(".kg-node").count() >= 2
    edge_labels = graph.locator(".kg-edge text").evaluate_all("els => els.map(e => e.textContent)")
    assert first["predicate"]["label"] in edge_labels

    shot = tmp_path / "chat.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_follow_up_gets_a_second_answer_using_the_history(page, ui_url):
    ask(page, QUESTION, 1)
    first_text = bot_texts(page)[0]
    ask(page, "What about Microsoft?", 2)
    texts = bot_texts(page)
    assert len(texts) == 2
    first = api_answer(ui_url, QUESTION)
    follow = api_answer(ui_url, "What about Microsoft?",
                        [{"role": "user", "content": QUESTION},
                         {"role": "assistant", "content": first["answer"]}])
    assert texts[0] == first_text
    assert follow["answer"].split(".")[0] in texts[1]


def test_show_sparql_opens_the_query_and_runs_it(page, ui_url, kg):
    ask(page, QUESTION, 1)
    expected = api_answer(ui_url, QUESTION)
    assert expected["sparql"], "the engine gave no SPARQL for the example question"
    page.locator("#kgqa-show-sparql").click()
    page.wait_for_selector("#kgqa-sparql-editor .cm-content", state="visible")
    assert page.get_by_role("tab", name="SPARQL").get_attribute("aria-selected") == "true"
    editor_text = page.locator("#kgqa-sparql-editor .cm-content").inner_text()
    assert " ".join(editor_text.split()) == " ".join(expected["sparql"].split())

    page.locator("#kgqa-sparql-run").click()
    page.wait_for_function(
        "/\\d+ rows? /.test(document.querySelector('#kgqa-sparql-status')?.innerText || '')")
    result = kg.query(expected["sparql"])
    status = page.locator("#kgqa-sparql-status").inner_text()
    assert f"{len(result.rows)} row" in status
    headers = page.locator("#kgqa-sparql-results thead th").evaluate_all(
        "els => els.map(e => e.getAttribute('title'))")
    assert headers == list(result.variables)
    first_cell = page.locator("#kgqa-sparql-results [data-testid=cell-0-0]").inner_text().strip()
    assert first_cell and first_cell in {cell_text(row[result.variables[0]]) for row in result.rows}

    with page.expect_download() as download:
        page.locator("#kgqa-dl-csv").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert rows[0] == list(result.variables) and len(rows) - 1 == len(result.rows)
    with page.expect_download() as download:
        page.locator("#kgqa-dl-json").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["head"]["vars"] == list(result.variables)


def test_sparql_error_is_shown_with_its_position(page):
    page.get_by_role("tab", name="SPARQL").click()
    editor = page.locator("#kgqa-sparql-editor .cm-content")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("SELECT ?s WHERE { ?s ?p }")
    page.locator("#kgqa-sparql-run").click()
    page.wait_for_function(
        "(document.querySelector('#kgqa-sparql-status')?.innerText || '').includes('failed')")
    status = page.locator("#kgqa-sparql-status").inner_text().lower()
    assert "line" in status and "column" in status


def test_explore_autocomplete_shows_facts_graph_and_timeline(page, kg):
    page.get_by_role("tab", name="Explore").click()
    box = page.locator("#kgqa-entity input")
    box.click()
    box.fill("")  # the tab opens on an entity already; type another one
    box.press_sequentially("Micro", delay=50)
    option = page.locator("ul[role=listbox] li",
                          has_text=re.compile(r"^\W*Microsoft( \(|$)")).first
    option.wait_for(state="visible")
    offered = page.locator("ul[role=listbox] li").all_text_contents()
    assert offered and all("micro" in text.lower() for text in offered)  # filtered as typed
    option.click()
    page.wait_for_function(
        "(document.querySelector('#kgqa-entity-header h2')?.innerText || '') === 'Microsoft'")
    page.wait_for_selector("#kgqa-entity-graph svg.kg-graph .kg-node")
    facts = page.locator("#kgqa-entity-facts [role=row].virtual-row")
    assert facts.count() >= 3
    table = page.locator("#kgqa-entity-facts").inner_text()
    assert "Microsoft" in table
    assert any(word in table for word in ("confirmed", "reported"))
    # The timeline lists dated events oldest first.
    dates = page.locator("#kgqa-entity-timeline li strong").all_inner_texts()
    assert dates == sorted(dates)


def test_script_in_a_question_is_shown_as_text_and_never_runs(page):
    question = "<script>alert(1)</script> What leverage does OpenAI hold?"
    ask(page, question, 1)
    user = page.locator("#kgqa-chat [data-testid=user]").first.inner_text()
    assert "<script>alert(1)</script>" in user
    assert page.locator("#kgqa-chat script").count() == 0
    page.wait_for_timeout(500)  # give any injected handler a chance to fire
    assert page.dialogs == []


def test_graph_picture_zooms_and_highlights(page):
    ask(page, QUESTION, 1)
    svg = page.locator("#kgqa-answer-graph svg.kg-graph")
    before = svg.get_attribute("viewBox")
    svg.hover()
    page.mouse.wheel(0, 300)
    page.wait_for_function(
        "b => document.querySelector('#kgqa-answer-graph svg.kg-graph').getAttribute('viewBox') != b",
        arg=before)
    svg.locator(".kg-node circle").first.click()
    assert "kg-focus" in svg.get_attribute("class")
    assert svg.locator(".kg-node.kg-hl").count() >= 2


def test_about_tab_reports_the_graph(page, kg):
    page.get_by_role("tab", name="About").click()
    page.wait_for_function(
        "(document.querySelector('#kgqa-about')?.innerText || '').includes('triples')")
    about = page.locator("#kgqa-about").inner_text()
    assert f"{kg.stats()['triples']:,} triples" in about
    assert page.locator("#kgqa-sources [role=row].virtual-row").count() >= 1
    assert page.locator("#kgqa-classes [role=row].virtual-row").count() >= 3


def test_explore_opens_on_the_most_connected_entity(page, kg, tmp_path):
    """No empty table: the tab opens on the graph's best-connected entity, with its facts,
    neighbours and timeline."""
    label = kg.label(most_connected_entity(kg))
    page.get_by_role("tab", name="Explore").click()
    page.wait_for_function(
        "l => (document.querySelector('#kgqa-entity-header h2')?.innerText || '') === l",
        arg=label)
    assert label in page.locator("#kgqa-entity input").input_value()
    page.wait_for_selector("#kgqa-entity-graph svg.kg-graph .kg-node")
    assert page.locator("#kgqa-entity-graph .kg-node").count() >= 3
    assert page.locator("#kgqa-entity-facts [role=row].virtual-row").count() >= 3
    assert label in page.locator("#kgqa-entity-facts").inner_text()
    assert page.locator("#kgqa-entity-timeline li").count() >= 1
    page.screenshot(path=str(tmp_path / "explore.png"), full_page=True)


def test_sparql_tab_links_to_the_editor(page, live_server, tmp_path):
    page.get_by_role("tab", name="SPARQL").click()
    link = page.locator("#tab-sparql a", has_text="/sparql")
    link.wait_for(state="visible")
    href = link.evaluate("a => a.href")
    assert href == live_server.url + "/sparql"
    page.screenshot(path=str(tmp_path / "sparql-tab.png"), full_page=True)


def test_yasgui_editor_runs_a_query_and_shows_the_table(browser, live_server, kg, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    errors, requests = [], []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("request", lambda req: requests.append(req.url))
    try:
        pg.goto(live_server.url + "/sparql")
        pg.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)
        queries = ui_examples(kg)[2]
        # It opens on the first example query; the others are offered by name.
        assert pg.evaluate("() => window.kgqaYasgui.getTab().getQuery()") == \
            next(iter(queries.values()))
        offered = pg.locator("#kgqa-examples option").all_inner_texts()
        assert offered == list(queries)

        name = "Count of things by class"
        pg.select_option("#kgqa-examples", label=name)
        pg.locator(".yasqe_queryButton").click()
        pg.wait_for_selector(".yasr table.dataTable tbody tr td", timeout=30_000)
        expected = kg.query(queries[name])
        headers = [h.strip() for h in pg.locator(".yasr table.dataTable thead th")
                   .all_inner_texts()]
        assert [v for v in expected.variables] == [h for h in headers if h and h != "#"]
        shown = pg.locator(".yasr table.dataTable tbody tr").count()
        assert shown == min(len(expected.rows), 50) > 0  # the table pages at 50 rows
        top_count = int(expected.rows[0]["count"])
        assert str(top_count) in pg.locator(".yasr table.dataTable tbody tr").first.inner_text()
        # IRIs are shortened with the graph's prefixes, not only the query's four.
        table = pg.locator(".yasr table.dataTable tbody").inner_text()
        assert "xsd:integer" in table and "http://www.w3.org/2001/XMLSchema#" not in table

        pg.locator("#kgqa-add-prefixes").click()
        query = pg.evaluate("() => window.kgqaYasgui.getTab().getQuery()")
        assert "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>" in query
        pg.screenshot(path=str(tmp_path / "yasgui.png"), full_page=True)
        assert errors == []
        assert all(url.startswith(live_server.url) or url.startswith("data:")
                   for url in requests), [u for u in requests if not u.startswith(live_server.url)]
    finally:
        context.close()
