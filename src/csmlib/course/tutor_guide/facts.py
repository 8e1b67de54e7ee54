"""The data a tutor guide's numbers come from: the default organisation, always.

The guide describes the data every learner starts with, so it reads the repository's
``datasets/`` folder (the default organisation), never an organisation a tutor has switched
to. Tables are loaded once and shared by every notebook's guide.

Example:
    >>> facts = Facts()
    >>> facts.table("agents").shape[0] > 0
    True
    >>> facts.assumptions().hourly_rate_gbp > 0
    True
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from csmlib.data import store
from csmlib.data.planning_assumptions import Assumptions

_Made = TypeVar("_Made")


class Facts:
    """Lazy access to the default organisation's tables, manifest and assumptions."""

    _shared: Facts | None = None

    @classmethod
    def default(cls) -> Facts:
        """One Facts of the repository's data for the whole process, so every guide (and
        every figure worked out once) is shared.

        Example:
            >>> Facts.default() is Facts.default()
            True
        """
        if cls._shared is None:
            cls._shared = cls()
        return cls._shared

    def __init__(self, folder: str | Path | None = None) -> None:
        found = Path(folder) if folder is not None else store.repository_datasets()
        if found is None:
            raise store.DataError(
                "The tutor guide is generated from the default organisation in the "
                "repository's datasets/ folder, which this copy of csmlib cannot find. Run "
                "it from a checkout of the course repository.")
        self.folder = found
        self._tables: dict[str, pd.DataFrame] = {}
        self._worked_out: dict[str, Any] = {}

    def table(self, name: str) -> pd.DataFrame:
        """One table of the default organisation (loaded once; treat it as read-only)."""
        if name not in self._tables:
            self._tables[name] = store.load(name, folder=self.folder)
        return self._tables[name]

    @cached_property
    def manifest(self) -> dict[str, Any]:
        """The default dataset's manifest (settings, hidden truths, assumptions)."""
        return store.read_manifest(self.folder)

    @property
    def truths(self) -> dict[str, Any]:
        """The hidden truths built into the default data."""
        return dict(self.manifest.get("hidden_truths") or {})

    @property
    def organisation(self) -> str:
        """The default organisation's name."""
        return str(self.manifest.get("organisation", "the organisation"))

    def assumptions(self) -> Assumptions:
        """The planning assumptions (pay, shrinkage, opening hours…) of the default data."""
        return store._assumptions_from(self.manifest, self.folder / store.MANIFEST)


def worked_out_once(function: Callable[[Facts], _Made]) -> Callable[[Facts], _Made]:
    """Decorate a ``guide(facts)`` or ``figures(facts)``: worked out once per Facts, then
    remembered (the data behind a Facts does not change). Anything but a Facts is refused.

    Example:
        >>> calls = []
        >>> @worked_out_once
        ... def count(facts):
        ...     calls.append(1)
        ...     return len(calls)
        >>> facts = Facts()
        >>> count(facts), count(facts), len(calls)
        (1, 1, 1)
        >>> count("data")
        Traceback (most recent call last):
        ...
        ValueError: facts must be a Facts (the default data: Facts()); got 'data' (str).
    """
    key = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def once(facts: Facts) -> _Made:
        if not isinstance(facts, Facts):
            raise ValueError("facts must be a Facts (the default data: Facts()); got "
                             f"{facts!r} ({type(facts).__name__}).")
        if key not in facts._worked_out:
            facts._worked_out[key] = function(facts)
        return facts._worked_out[key]

    return once
