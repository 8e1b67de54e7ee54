"""Test set-up shared by every test.

Before any notebook kernel starts, point the portfolio, the organisation choice and the data
cache at temporary places (so tests never touch a learner's real work and always use the
default organisation) and switch on strict mode (a wrong worked answer fails).
Kernels started by nbval and by the browser test inherit these environment variables.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_scratch: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _scratch
    _scratch = tempfile.mkdtemp(prefix="csm-tests-")
    os.environ["CSMLIB_PORTFOLIO"] = str(Path(_scratch) / "portfolio.sqlite")
    os.environ["CSMLIB_STRICT"] = "1"
    # the default organisation, whatever a learner chose in this working folder
    os.environ["CSMLIB_ORGANISATION_FILE"] = str(Path(_scratch) / "my_organisation.json")
    os.environ["CSMLIB_CACHE"] = str(Path(_scratch) / "cache")
    os.environ.pop("CSMLIB_DATA_DIR", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _scratch:
        shutil.rmtree(_scratch, ignore_errors=True)


@pytest.fixture
def portfolio_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh portfolio file for one test, also set as the default location."""
    path = tmp_path / "portfolio.sqlite"
    monkeypatch.setenv("CSMLIB_PORTFOLIO", str(path))
    return path
