"""Fixtures shared by the tests. The environment set-up (temporary portfolio, strict mode)
is in the repository's root ``conftest.py``, so it applies to ``pytest notebooks`` too."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def portfolio_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh portfolio file for one test, also set as the default location."""
    path = tmp_path / "portfolio.sqlite"
    monkeypatch.setenv("CSMLIB_PORTFOLIO", str(path))
    return path

