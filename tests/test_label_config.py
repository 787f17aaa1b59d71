"""The label config and guidelines generated from the schema: committed, complete, accepted by Label Studio."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotate.cli.main import cli
from annotate.cli.schema import GENERATED, write_generated
from annotate.labelstudio.config import (
    ATTRS_NAME,
    FROM_NAME,
    GRANULARITY,
    RESERVED_HOTKEYS,
    TEXT_FIELD,
    TO_NAME,
    guidelines_markdown,
    instructions_html,
    label_config,
)
from annotate.schema import LABEL_NAMES, LABELS

ROOT = Path(__file__).resolve().parent.parent


def _labels(xml: str) -> dict[str, dict[str, str]]:
    tree = ET.fromstring(xml)
    (labels,) = tree.iter("Labels")
    assert labels.get("name") == FROM_NAME and labels.get("toName") == TO_NAME
    return {el.get("value", ""): dict(el.attrib) for el in labels.iter("Label")}


@pytest.mark.parametrize("rel", sorted(GENERATED, key=str))
def test_committed_files_are_generated(rel: Path) -> None:
    committed = (ROOT / rel).read_text(encoding="utf-8")
    assert committed == GENERATED[rel](), f"{rel} is stale: run `annotate schema --write`"


def test_every_label_with_colour_hotkey_and_names() -> None:
    found = _labels(label_config())
    assert list(found) == list(LABEL_NAMES)
    for lab in LABELS:
        attrs = found[lab.name]
        assert attrs["background"] == lab.colour
        assert attrs["hotkey"] == lab.hotkey
        assert lab.zh in attrs["html"] and lab.en in attrs["html"]
        assert attrs["hint"] == lab.definition
        assert "alias" not in attrs  # an alias would replace the label name in results


def test_hotkeys_unique_and_free() -> None:
    keys = [lab.hotkey for lab in LABELS]
    assert len(set(keys)) == len(keys)
    assert all(len(k) == 1 for k in keys)
    assert not set(keys) & RESERVED_HOTKEYS


def test_text_and_attrs_tags() -> None:
    tree = ET.fromstring(label_config())
    (text,) = tree.iter("Text")
    assert text.attrib == {"name": TO_NAME, "value": f"${TEXT_FIELD}", "granularity": GRANULARITY}
    assert GRANULARITY == "symbol"
    (area,) = tree.iter("TextArea")
    assert area.get("name") == ATTRS_NAME and area.get("toName") == TO_NAME
    assert area.get("perRegion") == "true" and area.get("editable") == "true"


def test_subset_of_labels() -> None:
    assert list(_labels(label_config(["MONEY", "DATE"]))) == ["MONEY", "DATE"]


def test_instructions_and_guidelines_cover_every_label() -> None:
    page = instructions_html()
    guide = guidelines_markdown()
    for lab in LABELS:
        assert html.escape(lab.definition) in page
        assert lab.definition in guide
        assert f"### {lab.name}" in guide
        for example in lab.examples:
            assert html.escape(example) in page and example in guide


def test_schema_command_writes_files(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["schema", "--write", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for lab in LABELS:
        assert lab.name in result.output and lab.zh in result.output
    for rel, generate in GENERATED.items():
        assert (tmp_path / rel).read_text(encoding="utf-8") == generate()
    assert [changed for _, changed in write_generated(tmp_path)] == [False] * len(GENERATED)


def test_schema_command_json(runner) -> None:  # type: ignore[no-untyped-def]
    import json

    result = runner.invoke(cli, ["schema", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [l["name"] for l in data["labels"]] == list(LABEL_NAMES)


@pytest.mark.labelstudio
def test_real_label_studio_accepts_config(ls_server) -> None:  # type: ignore[no-untyped-def]
    client = ls_server.client()
    committed = (ROOT / "label_configs" / "policy_news.xml").read_text(encoding="utf-8")
    project = client.projects.create(
        title="label config check", label_config=committed,
        expert_instruction=instructions_html(), show_instruction=True,
    )
    stored = client.projects.get(id=project.id)
    assert stored.label_config.strip() == committed.strip()
    parsed = stored.parsed_label_config
    assert parsed[FROM_NAME]["type"] == "Labels"
    assert parsed[FROM_NAME]["to_name"] == [TO_NAME]
    assert parsed[FROM_NAME]["labels"] == list(LABEL_NAMES)
    assert parsed[FROM_NAME]["labels_attrs"]["MONEY"]["background"] == "#f032e6"
    assert parsed[ATTRS_NAME]["type"] == "TextArea"
    for lab in LABELS:
        assert html.escape(lab.definition) in stored.expert_instruction
    # a task with a non-BMP character and a prediction using both controls is accepted
    text = "𠮷广州投入6.3万亿元"
    start = text.index("6.3万亿元")  # code points, Label Studio 1.23's unit (see labelstudio/offsets.py)
    region = {"start": start, "end": start + 6, "text": "6.3万亿元"}
    result = [
        {"id": "r1", "type": "labels", "from_name": FROM_NAME, "to_name": TO_NAME,
         "value": {**region, "labels": ["MONEY"]}, "score": 0.9},
        {"id": "r1", "type": "textarea", "from_name": ATTRS_NAME, "to_name": TO_NAME,
         "value": {**region, "text": ["value=6300000000000 unit=CNY"]}},
    ]
    client.projects.import_tasks(
        id=project.id, request=[{"data": {TEXT_FIELD: text}, "predictions": [{"model_version": "t", "result": result}]}]
    )
    (task,) = list(client.tasks.list(project=project.id, fields="all"))
    assert task.data[TEXT_FIELD] == text
    assert task.predictions[0].result == result


@pytest.mark.labelstudio
def test_real_label_studio_rejects_broken_config(ls_server) -> None:  # type: ignore[no-untyped-def]
    from label_studio_sdk.core.api_error import ApiError

    broken = label_config().replace('toName="text"', 'toName="nothing"', 1)
    with pytest.raises(ApiError) as err:
        ls_server.client().projects.create(title="broken config", label_config=broken)
    assert err.value.status_code == 400


@pytest.mark.labelstudio
@pytest.mark.browser
def test_config_renders_in_browser(ls_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Chromium shows the bilingual label buttons, a pre-annotation and its attributes box."""
    import shutil

    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is missing: run scripts/ensure-chromium.sh"
    client = ls_server.client()
    project = ls_server.create_project("browser render check")
    text = "𠮷广州投入6.3万亿元，实施技术改造赋能提升工程。"
    start = text.index("6.3万亿元")  # code points, Label Studio 1.23's unit (see labelstudio/offsets.py)
    region = {"start": start, "end": start + 6, "text": "6.3万亿元"}
    result = [
        {"id": "r1", "type": "labels", "from_name": FROM_NAME, "to_name": TO_NAME,
         "value": {**region, "labels": ["MONEY"]}, "score": 0.9},
        {"id": "r1", "type": "textarea", "from_name": ATTRS_NAME, "to_name": TO_NAME,
         "value": {**region, "text": ["value=6300000000000 unit=CNY"]}},
    ]
    client.projects.import_tasks(id=project, request=[
        {"data": {TEXT_FIELD: text},
         "predictions": [{"model_version": "render", "result": result}]},
    ])
    (task,) = list(client.tasks.list(project=project))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{ls_server.url}/user/login/")
            page.fill("input[name=email]", ls_server.admin_email)
            page.fill("input[name=password]", ls_server.admin_password)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            page.goto(f"{ls_server.url}/projects/{project}/data?task={task.id}")
            for lab in LABELS:
                page.get_by_text(f"{lab.name} {lab.zh} {lab.en}", exact=True).wait_for(timeout=60_000)
            highlighted = page.evaluate(
                "() => Array.from(document.querySelectorAll('.htx-highlight')).map(e => e.textContent).join('')"
            )
            assert highlighted == "6.3万亿元"  # the pre-annotation covers exactly its characters
            page.get_by_text("MONEY", exact=True).last.click()
            page.get_by_text("value=6300000000000 unit=CNY").first.wait_for(timeout=30_000)
            page.screenshot(path=str(tmp_path / "label-config.png"))
        finally:
            browser.close()
