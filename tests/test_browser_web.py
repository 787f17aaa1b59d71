"""The web app in a real browser (Debian's Chromium driven by Playwright) on a store made by the demo.

The store comes from ``annotate.labelstudio.demo.run_demo(simulate=True)`` against the test
Label Studio: sample corpus, pipeline pre-annotations, two simulated annotators' corrections
pulled back. Our app runs under waitress on a free loopback port. Screenshots of every page go
to tests/artifacts/ (git-ignored); with ``ANNOTATE_UPDATE_SCREENSHOTS=1`` the README's are
rewritten in docs/screenshots/ (1280x800), so an ordinary run changes no tracked file.

Chromium: /usr/bin/chromium (``CHROMIUM`` overrides); install it with
``bash scripts/ensure-chromium.sh``.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_app import app_config, serve_app, wait_for

from annotate.labelstudio.client import LabelStudioClient
from annotate.labelstudio.settings import ENV_API_KEY, ENV_URL
from annotate.models import Document
from annotate.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.labelstudio]

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ADJUDICATOR = "browser-adjudicator"


def chromium_path() -> str:
    """Return Chromium's path, or fail saying how to install it (never skip silently)."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path or not os.access(path, os.X_OK):
        pytest.fail("Chromium is not installed: run `bash scripts/ensure-chromium.sh` (installs Debian's "
                    "chromium and a CJK font), or set CHROMIUM=/path/to/chromium", pytrace=False)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Yield a headless Chromium (Debian's, through ``executable_path``)."""
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def demo(ls_server, tmp_path_factory) -> dict[str, Any]:
    """Run the demo with simulated annotators against the test Label Studio; return its store and result."""
    from annotate.labelstudio.demo import run_demo

    db = tmp_path_factory.mktemp("browser") / "demo.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(ENV_URL, ls_server.url)
        mp.setenv(ENV_API_KEY, ls_server.api_key)
        with Store(db) as store:
            result = run_demo(store, simulate=True, seed=11)
    assert result.simulation["annotators"], "the demo submitted no annotations"
    with Store(db) as store:
        annotators = {a.source for a in store.annotations(kind="annotation")}
    assert len(annotators) >= 2, f"expected two simulated annotators in the store, got {annotators}"
    return {"db": db, "result": result}


@pytest.fixture(scope="module")
def site(demo) -> Iterator[str]:
    """Serve the web app on the demo store; yield its base URL."""
    with serve_app(app_config(demo["db"], ADJUDICATOR=ADJUDICATOR)) as url:
        yield url


@pytest.fixture
def page(browser) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    page.errors = errors  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()


def shoot(page: Any, name: str, readme: bool = False) -> None:
    """Save a full-page artefact screenshot, and the 1280x800 README one when ``readme``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    if readme and os.environ.get("ANNOTATE_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def assert_svgs_visible(page: Any, minimum: int = 1) -> None:
    """Check that the page has at least ``minimum`` charts drawn: visible SVGs with marks and a size."""
    svgs = page.locator("main svg")
    assert svgs.count() >= minimum, f"{svgs.count()} charts on {page.url}"
    for i in range(svgs.count()):
        svg = svgs.nth(i)
        svg.scroll_into_view_if_needed()
        assert svg.is_visible()
        box = svg.bounding_box()
        assert box and box["width"] > 50 and box["height"] > 20, f"chart {i} on {page.url} is {box}"
        assert svg.locator("rect, path, line, circle, polyline").count() > 0, f"chart {i} draws nothing"


def test_dashboard_pages_render_their_charts(page, site):
    page.goto(f"{site}/")
    assert page.locator("h1").inner_text() == "Overview"
    assert_svgs_visible(page, 2)  # progress per annotator, spans per label per source
    assert "annotator-a@annotate.local" in page.locator("main").inner_text()
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "dashboard", readme=True)

    page.goto(f"{site}/agreement")
    assert_svgs_visible(page, 2)  # heat maps and per-label bars
    cells = page.locator("main svg").first.locator("rect")
    assert cells.count() >= 4  # 2 x 2 annotator matrix at least
    shoot(page, "agreement")

    page.goto(f"{site}/accuracy")
    assert page.locator("h1").count() == 1
    shoot(page, "accuracy")
    assert not page.errors, page.errors  # type: ignore[attr-defined]


def _busiest_document(db: Path) -> Document:
    """Return a demo document with the most annotation layers, then the most predicted spans."""
    with Store(db) as store:
        layers: dict[str, int] = {}
        spans: dict[str, int] = {}
        for ann in store.annotations():
            layers[ann.document_id] = layers.get(ann.document_id, 0) + 1
            spans[ann.document_id] = spans.get(ann.document_id, 0) + len(ann.spans)
        docs = {d.id: d for d in store.documents()}
    best = max((d for d in layers if d in docs and len(docs[d].text) < 600),
               key=lambda d: (layers[d], spans[d], d))
    return docs[best]


def test_document_view_switches_layers_and_diffs(page, site, demo):
    doc = _busiest_document(demo["db"])
    page.goto(f"{site}/documents/")
    page.locator(f'a[href$="/documents/{doc.id}"]').first.click()
    page.wait_for_url(re.compile(f"/documents/{doc.id}"))
    layer_select = page.locator('select[name="layer"]')
    options = layer_select.locator("option").all_inner_texts()
    assert any(o.startswith("prediction:") for o in options) and sum(o.startswith("annotation:") for o in options) >= 2
    highlighted = page.locator("#doctext span[class*='l-']")
    assert highlighted.count() > 0

    annotation = next(o for o in options if o.startswith("annotation:"))
    with page.expect_navigation():
        layer_select.select_option(annotation)
    assert page.locator('select[name="layer"]').input_value() == annotation
    assert f"Spans in {annotation}" in page.locator("main").inner_text()

    prediction = next(o for o in options if o.startswith("prediction:"))
    with page.expect_navigation():
        page.locator('select[name="compare"]').select_option(prediction)
    assert "compare=" in page.url
    text = page.locator("main").inner_text()
    assert re.search(r"\d+ spans only in annotation:.*, \d+ only in prediction:", text)
    marks = page.locator("#doctext .only-a, #doctext .only-b")
    shoot(page, "document", readme=True)
    if marks.count():
        assert marks.first.is_visible()
    # the highlighted text is the document's own text, character for character
    assert page.locator("#doctext").inner_text().strip() == doc.text.strip()
    assert not page.errors, page.errors  # type: ignore[attr-defined]


def test_adjudication_by_keyboard_writes_gold(page, site, demo):
    from annotate.adjudication.strategies import layer
    from annotate.web.adjudication import document_conflicts

    page.goto(f"{site}/adjudicate/")
    rows = page.locator("main table tbody tr")
    assert rows.count() > 0, "the demo store has no conflicts"
    link = rows.first.locator("a").first
    doc_id = link.inner_text().strip()
    with Store(demo["db"]) as store:
        conflicts = document_conflicts(store, store.get_document(doc_id))
    # the first conflict where the first annotator marked something: picking it must write gold
    target = next(i for i, c in enumerate(conflicts) if next(iter(c.versions.values())))
    conflict = conflicts[target]
    annotator, chosen = next(iter(conflict.versions.items()))

    link.click()
    page.wait_for_url(re.compile(f"/adjudicate/{doc_id}"))
    sections = page.locator("section.conflict")
    assert sections.count() == len(conflicts)
    assert "active" in sections.nth(0).get_attribute("class")
    shoot(page, "adjudication", readme=True)

    page.locator("h1").click()  # focus the page, not the adjudicator box
    if len(conflicts) > 1:
        page.keyboard.press("j")
        assert "active" in sections.nth(1).get_attribute("class")
        assert "active" not in sections.nth(0).get_attribute("class")
        page.keyboard.press("k")
        assert "active" in sections.nth(0).get_attribute("class")
    for _ in range(target):
        page.keyboard.press("j")
    assert "active" in sections.nth(target).get_attribute("class")
    assert sections.nth(target).locator("form.pick-form").first.locator(
        'input[name="annotator"]').get_attribute("value") == annotator
    with page.expect_navigation():
        page.keyboard.press("1")  # pick the first annotator's version of the current conflict
    assert page.url.endswith(f"#c{target + 1}")

    def in_region(spans):
        return {(s[0], s[1], s[2]) if isinstance(s, tuple) else (s.start, s.end, s.label) for s in spans
                if (s[0] if isinstance(s, tuple) else s.start) < conflict.end
                and conflict.start < (s[1] if isinstance(s, tuple) else s.end)
                and layer(s[2] if isinstance(s, tuple) else s.label) == conflict.layer}

    with Store(demo["db"]) as store:
        gold = store.gold_layer([doc_id]).get(doc_id)
        decisions = [d for d in store.gold_decisions([doc_id]) if d.decided_by == ADJUDICATOR]
    assert gold is not None and gold.source == ADJUDICATOR
    assert in_region(gold.spans) == in_region(chosen) != set()
    picks = [d for d in decisions if d.action == "pick"]
    assert {(d.span["start"], d.span["end"], d.span["label"]) for d in picks} == in_region(chosen)
    assert all(d.decided_at for d in decisions)

    page.wait_for_selector("section.conflict")
    assert "decided" in page.locator("section.conflict").nth(target).inner_text()
    shoot(page, "adjudication-after")
    assert not page.errors, page.errors  # type: ignore[attr-defined]


ASTRAL = "𠮷野家😀在广州市天河区开店，广东省商务厅厅长张明表示，2024年投资3.5亿元。"


def _push_for_screenshot(ls_server, demo, tmp_path) -> tuple[int, dict[str, int], dict[str, Document]]:
    """Push a small store (a demo document and a text with 𠮷 and emoji, with predictions) to a new project."""
    from annotate.extract.pipeline import Pipeline
    from annotate.labelstudio.push import push
    from annotate.preannotate import preannotate

    shown = _busiest_document(demo["db"])
    docs = [Document.from_text(shown.text, title=shown.title, source=shown.source),
            Document.from_text(ASTRAL, title="𠮷 emoji", source="astral.txt")]
    with Store(tmp_path / "shot.db") as store:
        store.add_documents([(d, None) for d in docs])
        preannotate(store, Pipeline())
        result = push(store, LabelStudioClient(ls_server.connection), title=f"annotate demo {uuid.uuid4().hex[:6]}")
        tasks = store.ls_task_map(ls_server.url, result.project)
        preds = {a.document_id: a for a in store.annotations(kind="prediction")}
    return result.project, tasks, {d.id: (d, preds[d.id]) for d in docs}  # type: ignore[misc]


def _login(page: Any, ls_server: Any) -> None:
    page.goto(f"{ls_server.url}/user/login/")
    page.fill('input[name="email"]', ls_server.admin_email)
    page.fill('input[name="password"]', ls_server.admin_password)
    with page.expect_navigation():
        page.locator('button[type="submit"], input[type="submit"]').first.click()


def _open_task(page: Any, ls_server: Any, project: int, task: int) -> list[str]:
    page.goto(f"{ls_server.url}/projects/{project}/data?task={task}")
    page.wait_for_selector(".htx-highlight", timeout=90_000)
    wait_for(lambda: page.locator(".htx-highlight").count() > 0, timeout=10)
    page.wait_for_timeout(1500)  # let the editor finish laying out the regions
    return [t for t in page.locator(".htx-highlight").all_text_contents() if t]


def test_label_studio_shows_our_preannotations(page, ls_server, demo, tmp_path):
    project, tasks, docs = _push_for_screenshot(ls_server, demo, tmp_path)
    _login(page, ls_server)
    astral_id = next(d for d, (doc, _) in docs.items() if doc.text == ASTRAL)
    shown_id = next(d for d in docs if d != astral_id)

    # offsets: every highlighted region covers exactly the characters we predicted (𠮷 and 😀 come first)
    highlights = _open_task(page, ls_server, project, tasks[astral_id])
    spans = docs[astral_id][1].spans
    assert spans, "the pipeline found nothing in the astral test text"
    shoot(page, "labelstudio-astral")
    # a span overlapping no other is drawn as one highlight of exactly its characters; offsets in
    # the wrong unit would shift every one of them by the astral characters before it
    alone = [s.text for s in spans if not any(o is not s and o.overlaps(s) for o in spans)]
    assert alone and all(t in highlights for t in alone), (highlights, alone)
    assert len(highlights) >= len(spans)

    _open_task(page, ls_server, project, tasks[shown_id])
    shoot(page, "labelstudio-preannotations", readme=True)
