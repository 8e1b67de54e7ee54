"""Test helper: run tests on a generated organisation of any sector."""

from __future__ import annotations

import atexit
import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_shared: list[Path] = []


def shared_cache() -> Path:
    """One folder of generated organisations for the whole test process: lesson tests that ask
    for the same settings (seed, sector, days, agents) share one generation."""
    if not _shared:
        folder = Path(tempfile.mkdtemp(prefix="csm-test-organisations-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _shared.append(folder)
    return _shared[0]


@contextlib.contextmanager
def organisation_in_use(folder: Path, **settings) -> Iterator[None]:
    """Switch every loader to a generated organisation (``use_organisation(**settings)``),
    recorded in ``folder`` and generated once per test process (:func:`shared_cache`), and
    back to the default one afterwards."""
    from csmlib.data import store

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSMLIB_ORGANISATION_FILE", str(folder / "choice.json"))
        patch.setenv("CSMLIB_CACHE", str(shared_cache()))
        store.use_organisation(**settings)
        try:
            yield
        finally:
            store.use_default_organisation()
