"""`annotate demo --simulate` against a real Label Studio: sample corpus to pulled corrections."""

from __future__ import annotations

import json
import random
import sqlite3

import pytest

from annotate.cli.main import cli
from annotate.labelstudio.simulate import PROFILES, perturb
from annotate.models import Document, Span, span_problems
from annotate.schema import OVERLAPPING_LABELS


def test_perturb_is_seeded_and_keeps_invariants() -> None:
    text = "𠮷广东省工信厅发布《技改十条》，投资超3800亿元。" * 3
    doc = Document.from_text(text)
    pred = [Span.of(text, 1, 7, "GOV"), Span.of(text, 9, 15, "POLICY"), Span.of(text, 19, 26, "MONEY")]
    for seed in range(40):
        a = perturb(doc, pred, "m", PROFILES[1], random.Random(seed))
        assert a == perturb(doc, pred, "m", PROFILES[1], random.Random(seed))
        assert span_problems(text, [s for s, _, _ in a], OVERLAPPING_LABELS) == []
        assert {o for _, _, o in a} <= {"prediction", "prediction-changed", "manual"}
    origins = [o for seed in range(40) for _, _, o in perturb(doc, pred, "m", PROFILES[1], random.Random(seed))]
    assert {"prediction", "prediction-changed", "manual"} <= set(origins)


@pytest.mark.labelstudio
def test_demo_simulate_end_to_end_and_rerun_changes_nothing(runner, db_path, ls_env) -> None:
    out = runner.invoke(cli, ["demo", "--simulate", "--db", str(db_path), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    docs = data["documents"]
    assert docs >= 10 and data["push"]["tasks_created"] == docs
    made = data["simulation"]["annotators"]
    assert set(made) == {p.email for p in PROFILES}
    total = sum(made.values()) + sum(data["simulation"]["skipped"].values())
    assert total == 2 * docs
    assert data["pull"]["added"] == total and data["pull"]["cancelled"] == sum(data["simulation"]["skipped"].values())
    (corr,) = data["corrections"]
    assert corr["model_version"] == data["model_version"]
    assert corr["accepted"] > corr["edited"] > 0 and corr["deleted"] > 0 and corr["added"] > 0
    con = sqlite3.connect(db_path)
    counts = dict(con.execute("SELECT source, COUNT(*) FROM annotations WHERE kind = 'annotation' "
                              "AND status = 'current' GROUP BY source").fetchall())
    assert counts == {p.email: docs for p in PROFILES}
    # annotation rows only: the model version hashes the extractor sources, so predictions are
    # re-added if annotate/extract changes between the two runs (it does while people edit it)
    count = "SELECT COUNT(*) FROM annotations WHERE kind = 'annotation'"
    before = con.execute(count).fetchone()[0]
    con.close()
    again = runner.invoke(cli, ["demo", "--simulate", "--db", str(db_path)])
    assert again.exit_code == 0, again.output
    assert f"0 tasks created, {docs} already there" in again.output
    assert "pulled: 0 added, 0 replaced" in again.output
    assert f"Open {ls_env.url}/projects/{data['push']['project']}/data and log in" in again.output
    con = sqlite3.connect(db_path)
    assert con.execute(count).fetchone()[0] == before
    con.close()
    text = runner.invoke(cli, ["stats", "--db", str(db_path), "--corrections"])
    assert text.exit_code == 0 and "pre-annotation corrections" in text.output
