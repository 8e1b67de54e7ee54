"""The synthetic service organisation: generate it, save it, load it, switch to another.

The names below are imported when first used, so ``import csmlib.data.schema`` (which the
analysis layer uses to check its inputs) loads nothing else.

Example:
    >>> from csmlib import data
    >>> data.profile("energy").organisation
    'Wrenfield Energy & Broadband'
    >>> contacts = data.load("contacts")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "TABLES": "generator", "Organisation": "generator", "generate": "generator",
    "hidden_truths": "generator",
    "SECTORS": "sectors", "profile": "sectors",
    "DataError": "store", "active_settings": "store", "hidden_truths_in_use": "store",
    "load": "store", "load_all": "store", "read_manifest": "store",
    "use_default_organisation": "store", "use_organisation": "store",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(f"csmlib.data.{_EXPORTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'csmlib.data' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
