"""Test set-up for every pytest run from this repository, whatever paths it is given.

Before any notebook kernel starts, point the portfolio, the organisation choice and the data
cache at temporary places (so tests never touch a learner's real work, never write into
``notebooks/``, and always use the default organisation) and switch on strict mode (a wrong
worked answer fails). Kernels started by nbval and by the browser test inherit these
environment variables. This file sits at the repository root so that ``pytest notebooks``
alone gets the same set-up as the whole suite; fixtures are in ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

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
