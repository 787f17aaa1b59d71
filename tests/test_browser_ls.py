"""One real-browser round trip: Chromium shows our pre-annotations, a person relabels one, pull stores it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from ls_corpus import fill, make_docs

from annotate.cli.main import cli
from annotate.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.labelstudio]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        pytest.fail("Chromium is not installed: run `bash scripts/ensure-chromium.sh` (the README's test command does)")
    from playwright import sync_api
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def test_relabel_in_label_studio_then_pull(browser, runner, db_path, ls_env, tmp_path) -> None:
    docs = make_docs(2)
    with Store(db_path) as s:
        fill(s, docs)
    out = runner.invoke(cli, ["push", "--db", str(db_path)])
    assert out.exit_code == 0, out.output
    with Store(db_path) as s:
        project = s.ls_project(ls_env.url).project
        task = s.ls_task_map(ls_env.url, project)[docs[0].id]

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{ls_env.url}/user/login/")
    page.fill("input[name=email]", ls_env.admin_email)
    page.fill("input[name=password]", ls_env.admin_password)
    page.click("button[type=submit], input[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{ls_env.url}/projects/{project}/data?task={task}")
    page.get_by_text("Submit", exact=True).wait_for(timeout=60_000)
    page.locator(".htx-highlight").first.wait_for(timeout=30_000)
    page.screenshot(path=str(tmp_path / "preannotations.png"))
    # the pre-annotations are highlighted on exactly the predicted characters, after 𠮷 and 😀
    highlighted = page.locator(".htx-highlight").all_inner_texts()
    assert highlighted == ["深圳市科技局", "约12亿元"]
    # relabel GOV -> ORG: select the region in the list, click the ORG label
    page.locator(".htx-highlight").first.click()
    page.get_by_text("ORG 组织机构 Organisation").click()
    page.wait_for_timeout(500)
    page.screenshot(path=str(tmp_path / "relabelled.png"))
    page.get_by_text("Submit", exact=True).click()
    page.wait_for_timeout(2000)
    page.close()

    out = runner.invoke(cli, ["pull", "--db", str(db_path)])
    assert out.exit_code == 0, out.output
    con = sqlite3.connect(db_path)
    got = con.execute(
        "SELECT a.source, s.start, s.\"end\", s.label, s.text, json_extract(s.attrs, '$.origin') FROM spans s "
        "JOIN annotations a ON a.id = s.annotation_id WHERE a.kind = 'annotation' AND a.status = 'current' "
        "ORDER BY s.start"
    ).fetchall()
    con.close()
    gov_start = docs[0].text.index("深圳市科技局")
    money_start = docs[0].text.index("约12亿元")
    assert got == [
        (ls_env.admin_email, gov_start, gov_start + 6, "ORG", "深圳市科技局", "prediction-changed"),
        (ls_env.admin_email, money_start, money_start + 5, "MONEY", "约12亿元", "prediction"),
    ]
