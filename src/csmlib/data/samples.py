"""Small illustrative tables for the first notebook, before the full organisation's data.

Example:
    >>> day = typical_day()
    >>> list(day.columns)
    ['hour', 'contacts']
    >>> round(service_level_percent(sample_calls(), target_s=20), 1)
    58.3
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from csmlib.analysis import checks
from csmlib.data import schema

OPENING_HOUR = 8
CLOSING_HOUR = 20


def typical_day() -> pd.DataFrame:
    """Contacts arriving in each opening hour (08:00-20:00) of a typical weekday.

    The shape has the mid-morning and mid-afternoon peaks seen in UK contact centres.
    """
    hours = np.arange(OPENING_HOUR, CLOSING_HOUR)
    middle = hours + 0.5
    contacts = (60 + 170 * np.exp(-(((middle - 10.5) / 1.3) ** 2))
                + 120 * np.exp(-(((middle - 14.5) / 1.5) ** 2)))
    return pd.DataFrame({"hour": hours, "contacts": np.rint(contacts).astype(int)})


def sample_calls() -> pd.DataFrame:
    """Some phone calls from one morning: how long each caller waited, and whether answered.

    One caller hung up (abandoned) after waiting 140 seconds.
    """
    waits = [5, 12, 48, 3, 95, 18, 22, 7, 140, 15, 31, 9]
    times = pd.date_range("2026-03-02 09:00", periods=len(waits), freq="4min")
    return pd.DataFrame(
        {
            "call": [f"C{n:03d}" for n in range(1, len(waits) + 1)],
            "arrived_at": times.strftime("%H:%M"),
            "wait_s": waits,
            "answered": [wait != 140 for wait in waits],
        }
    )


def service_level_percent(calls: pd.DataFrame, target_s: float = 20) -> float:
    """Percentage of offered calls answered within ``target_s`` seconds.

    Abandoned calls count as offered but not answered in time.
    """
    checks.instance("calls", calls, pd.DataFrame, "a table of calls (answered, wait_s)")
    target_s = checks.number("target_s", target_s, minimum=0)
    if calls.empty:
        raise ValueError("There are no calls in the table, so there is no service level.")
    schema.validate(calls, "contacts", columns=["answered", "wait_s"])
    in_time = calls["answered"] & (calls["wait_s"] <= target_s)
    return 100 * float(in_time.sum()) / len(calls)
