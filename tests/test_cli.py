"""The command line: help, shared options, one-line errors, ingest and stats end to end."""

from __future__ import annotations

import json

import pytest

from annotate.cli.main import COMMANDS, cli


def test_help_lists_every_registered_command_with_a_summary(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    listed = cli.list_commands(None)  # type: ignore[arg-type]
    for name in listed:
        assert f"  {name} " in result.output
    assert set(listed) == set(COMMANDS), f"commands without a module: {set(COMMANDS) - set(listed)}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_has_short_help_flag_and_an_example(runner, name):
    if name not in cli.list_commands(None):  # type: ignore[arg-type]
        pytest.fail(f"command {name} has no module")
    result = runner.invoke(cli, [name, "-h"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output


def test_ingest_then_stats_json(runner, tmp_path):
    (tmp_path / "a.txt").write_text("广东省工信厅发布通知。", encoding="utf-8")
    db = str(tmp_path / "x.db")
    result = runner.invoke(cli, ["ingest", "--db", db, "--json", str(tmp_path / "a.txt")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["added"] == 1
    stats = json.loads(runner.invoke(cli, ["stats", "--db", db, "--json"]).output)
    assert stats["documents"]["current"] == 1 and stats["scripts"] == {"zh-Hans": 1}


def test_db_from_environment(runner, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("广州。", encoding="utf-8")
    monkeypatch.setenv("ANNOTATE_DB", str(tmp_path / "env.db"))
    assert runner.invoke(cli, ["ingest", str(tmp_path / "a.txt")]).exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_missing_path_is_one_line_error_and_exit_1(runner, tmp_path):
    result = runner.invoke(cli, ["ingest", "--db", str(tmp_path / "x.db"), str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert f"failed {tmp_path / 'nope.txt'}: no such file or folder" in result.output


def test_stats_on_missing_database_is_one_line_error(runner, tmp_path):
    result = runner.invoke(cli, ["stats", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error:") and "no such database" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_database_that_is_a_folder_is_one_line_error(runner, tmp_path):
    result = runner.invoke(cli, ["stats", "--db", str(tmp_path)])
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_debug_shows_traceback(runner, tmp_path):
    result = runner.invoke(cli, ["--debug", "stats", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "Traceback" in result.output or "Traceback" in (result.stderr or "")


def test_sample_corpus_ingests_cleanly(runner, tmp_path, sample_corpus):
    if not sample_corpus.exists():
        pytest.fail("the bundled sample corpus is missing")
    db = str(tmp_path / "s.db")
    result = runner.invoke(cli, ["ingest", "--db", db, "--json", str(sample_corpus)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["added"] == 13 and data["failed"] == []
    assert data["flagged"], "the damaged-encoding sample must be flagged"
    stats = json.loads(runner.invoke(cli, ["stats", "--db", db, "--json"]).output)
    assert set(stats["scripts"]) == {"zh-Hans", "zh-Hant"}
