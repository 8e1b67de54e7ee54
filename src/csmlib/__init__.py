"""csmlib: the helper library of the Customer Service Management Lab course pack.

Importing csmlib has no side effects: nothing is read, written or displayed until you call
a function.

Example:
    >>> import csmlib
    >>> csmlib.criteria.get("7.2").outcome.title
    'Evidence'
"""

from csmlib import course, criteria
from csmlib._version import __version__

__all__ = ["__version__", "course", "criteria"]
