"""Test helper: run tests on a generated organisation of any sector."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def organisation_in_use(folder: Path, **settings) -> Iterator[None]:
    """Switch every loader to a generated organisation (``use_organisation(**settings)``)
    kept in ``folder``, and back to the default one afterwards."""
    from csmlib.data import store

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSMLIB_ORGANISATION_FILE", str(folder / "choice.json"))
        patch.setenv("CSMLIB_CACHE", str(folder / "cache"))
        store.use_organisation(**settings)
        try:
            yield
        finally:
            store.use_default_organisation()
