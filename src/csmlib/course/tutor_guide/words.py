"""How the tutor guide writes its figures: one way for every notebook's page.

Example:
    >>> share_pct(0.1234), percent(12.34), money(643191.4), signed_money(-8506)
    ('12.3%', '12.3%', '£643,191', '−£8,506')
    >>> signed(-1.25), signed(3, places=0), correlation(-0.061), points(-0.05)
    ('−1.2', '+3', '−0.06', '−5.0 points')
    >>> day("2026-04-07"), day_month("2026-04-07"), day_long("2026-04-07")
    ('7 Apr 2026', '7 Apr', '7 April 2026')
    >>> weekday_day("2026-04-07"), joined(["a", "b", "c"])
    ('Tue 7 Apr 2026', 'a, b and c')
"""

from __future__ import annotations

import pandas as pd

MINUS = "−"


def share_pct(share: float) -> str:
    """A share (0.123) as a percentage with one decimal ("12.3%")."""
    return f"{100 * share:.1f}%"


def percent(value: float) -> str:
    """A value already in percent (12.3) with one decimal ("12.3%")."""
    return f"{value:.1f}%"


def money(value: float) -> str:
    """Pounds, whole, with thousands separators ("£643,191")."""
    return f"£{value:,.0f}"


def signed_money(value: float) -> str:
    """Pounds with a sign ("+£8,506", "−£8,506")."""
    return f"{'+' if value >= 0 else MINUS}£{abs(value):,.0f}"


def signed(value: float, places: int = 1) -> str:
    """A number with its sign and a true minus ("+3.0", "−1.2")."""
    return f"{value:+.{places}f}".replace("-", MINUS)


def correlation(value: float) -> str:
    """A correlation to two decimals, with a true minus ("−0.06")."""
    return f"{value:.2f}".replace("-", MINUS)


def points(share: float) -> str:
    """A change in a share as percentage points ("−5.0 points")."""
    return signed(100 * share) + " points"


def day(when: object) -> str:
    """A date as "7 Apr 2026"."""
    stamp = pd.Timestamp(when)
    return f"{stamp.day} {stamp:%b %Y}"


def day_month(when: object) -> str:
    """A date as "7 Apr" (within the data's quarter)."""
    stamp = pd.Timestamp(when)
    return f"{stamp.day} {stamp:%b}"


def day_long(when: object) -> str:
    """A date as "7 April 2026"."""
    stamp = pd.Timestamp(when)
    return f"{stamp.day} {stamp:%B %Y}"


def weekday_day(when: object) -> str:
    """A date with its weekday, as "Tue 7 Apr 2026"."""
    stamp = pd.Timestamp(when)
    return f"{stamp:%a} {stamp.day} {stamp:%b %Y}"


def joined(names: list[str]) -> str:
    """Names as a sentence's list ("a, b and c")."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
