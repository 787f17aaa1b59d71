"""Fixtures shared by every test: a fresh store file, a CLI runner, the bundled sample corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotate.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = ROOT / "annotate" / "sample_corpus"
TEST_DATA = Path(__file__).resolve().parent / "data"

pytest_plugins = ["ls_fixtures"]  # ls_server, ls_env: a real Label Studio (tests/ls_fixtures.py)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Return the path of a fresh (not yet created) SQLite store file."""
    return tmp_path / "annotate.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """Yield a fresh, migrated store on a real SQLite file."""
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def runner() -> CliRunner:
    """Return a Click runner for invoking ``annotate`` commands in-process."""
    return CliRunner()


@pytest.fixture
def sample_corpus() -> Path:
    """Return the folder of the bundled sample corpus."""
    return SAMPLE_CORPUS
