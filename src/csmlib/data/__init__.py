"""The synthetic service organisation: generate it, save it, load it, switch to another.

Example:
    >>> from csmlib import data
    >>> data.profile("energy").organisation
    'Wrenfield Energy & Broadband'
    >>> contacts = data.load("contacts")  # doctest: +SKIP
"""

from csmlib.data.generator import TABLES, Organisation, generate, hidden_truths
from csmlib.data.sectors import SECTORS, profile
from csmlib.data.store import (
    DataError,
    active_settings,
    hidden_truths_in_use,
    load,
    load_all,
    read_manifest,
    use_default_organisation,
    use_organisation,
)

__all__ = [
    "SECTORS", "TABLES", "DataError", "Organisation", "active_settings", "generate",
    "hidden_truths", "hidden_truths_in_use", "load", "load_all", "profile", "read_manifest",
    "use_default_organisation", "use_organisation",
]
