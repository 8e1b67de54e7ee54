"""Argument checks shared by the analysis modules: one wording for a number, a share, a name
or an object of the wrong kind, naming the argument and what to give instead.

Example:
    >>> number("target_s", "20")
    Traceback (most recent call last):
    ...
    ValueError: target_s must be a number such as 20; got '20' (text).
    >>> number("agents", 12, minimum=0)
    12.0
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any


def _shown(value: Any) -> str:
    kind = "text" if isinstance(value, str) else type(value).__name__
    return f"{value!r} ({kind})"


def number(name: str, value: Any, *, minimum: float | None = None,
           maximum: float | None = None, example: str = "20") -> float:
    """``value`` as a finite float, or a ValueError naming ``name`` and the range."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number such as {example}; got {_shown(value)}.")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"{name} must be a finite number such as {example}; got {value!r}.")
    if minimum is not None and result < minimum:
        raise ValueError(f"{name} must be {minimum:g} or more; got {value!r}.")
    if maximum is not None and result > maximum:
        raise ValueError(f"{name} must be {maximum:g} or less; got {value!r}.")
    return result


def text(name: str, value: Any, example: str = "phone") -> str:
    """``value`` if it is text, else a ValueError naming ``name``.

    Example:
        >>> text("channel", "chat")
        'chat'
    """
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text such as {example!r}; got {_shown(value)}.")
    return value


def instance(name: str, value: Any, kind: type, what: str) -> Any:
    """``value`` if it is a ``kind``, else a ValueError saying what ``name`` should be.

    Example:
        >>> instance("scenario", 3, dict, "a dict of settings")
        Traceback (most recent call last):
        ...
        ValueError: scenario must be a dict of settings; got 3 (int).
    """
    if not isinstance(value, kind):
        raise ValueError(f"{name} must be {what}; got {_shown(value)}.")
    return value
