"""The synthetic service organisation: generate it, save it, load it, switch to another.

The names below are imported when first used, so ``import csmlib.data.schema`` (which the
analysis layer uses to check its inputs) loads nothing else.

``data.assumptions()`` returns the planning assumptions (pay, on-costs, shrinkage, opening
hours…) of the organisation in use; ``data.assumptions`` is also the module that defines
them (``data.assumptions.Assumptions``, ``data.assumptions.describe()``).

Example:
    >>> from csmlib import data
    >>> data.profile("energy").organisation
    'Wrenfield Energy & Broadband'
    >>> contacts = data.load("contacts")
    >>> a = data.assumptions()
    >>> a.on_shift_shrinkage, a.off_shift_shrinkage, round(a.shrinkage, 3)
    (0.15, 0.18, 0.303)
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "TABLES": "generator", "Organisation": "generator", "generate": "generator",
    "hidden_truths": "generator",
    "SECTORS": "sectors", "profile": "sectors",
    "Column": "schema", "SchemaError": "schema", "validate": "schema",
    "Assumptions": "planning_assumptions", "assumptions": "store",
    "DataError": "store", "active_settings": "store", "assumptions_in_use": "store",
    "hidden_truths_in_use": "store", "load": "store", "load_all": "store",
    "read_manifest": "store", "use_default_organisation": "store", "use_organisation": "store",
}

#: public names that differ from the name in their module
_RENAMED = {"assumptions": "assumptions_in_use"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(f"csmlib.data.{_EXPORTS[name]}")
        return getattr(module, _RENAMED.get(name, name))
    raise AttributeError(f"module 'csmlib.data' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
