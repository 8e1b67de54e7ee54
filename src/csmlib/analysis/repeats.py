"""Repeat contacts, looking forward: did the customer have to come back after this contact?

A contact that did not solve the customer's problem is usually followed by another one from
the same customer within days. Counting that *forward* from each contact puts the failure on
the contact, and so on the agent and team, that left the issue open.

The backward flag ``repeat_within_7d`` ("this customer had contacted us in the previous
7 days") lands instead on the team that *takes* the repeat, so a team that resolves more
shows no change in it. :func:`contacted_again` is the forward measure.

The last days of any data cannot be judged yet: a contact on the final morning may still be
followed by a repeat tomorrow. Use :func:`window_complete` to leave those contacts out of a
rate.

Example:
    >>> import pandas as pd
    >>> contacts = pd.DataFrame({
    ...     "customer_id": ["C1", "C1", "C2", "C1"],
    ...     "arrived_at": pd.to_datetime(["2026-01-05 09:00", "2026-01-07 10:00",
    ...                                   "2026-01-07 11:00", "2026-01-20 09:00"]),
    ... })
    >>> contacted_again(contacts).tolist()
    [True, False, False, False]
    >>> window_complete(contacts).tolist()
    [True, True, True, False]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from csmlib.data.schema import require_columns

REQUIRED = ("customer_id", "arrived_at")
_NS_PER_DAY = 86_400 * 10**9


def _check_days(days: float) -> np.int64:
    number = isinstance(days, int | float | np.integer | np.floating) and not isinstance(
        days, bool)
    if not number or not np.isfinite(days) or days <= 0:
        raise ValueError(f"days must be a number of days above 0, such as 7; got {days!r}.")
    return np.int64(round(float(days) * _NS_PER_DAY))


def _arrival_ns(contacts: pd.DataFrame) -> np.ndarray:
    """Arrival times as int64 nanoseconds; NaT becomes the smallest int64."""
    arrived = contacts["arrived_at"]
    if not pd.api.types.is_datetime64_any_dtype(arrived):
        raise ValueError("The contacts table's column 'arrived_at' must hold dates and times "
                         f"(it holds {arrived.dtype}). Convert it with pd.to_datetime first.")
    if getattr(arrived.dt, "tz", None) is not None:
        arrived = arrived.dt.tz_convert(None)  # compare instants in UTC
    return arrived.to_numpy("datetime64[ns]").view(np.int64)


def _customer_codes(customers: pd.Series) -> np.ndarray:
    """One whole number per customer (-1 where missing), the fastest way for the dtype."""
    if isinstance(customers.dtype, pd.CategoricalDtype):
        return customers.cat.codes.to_numpy(dtype=np.int64)
    text = isinstance(customers.dtype, pd.StringDtype)
    values = customers.to_numpy(dtype=object) if text else customers.to_numpy()
    codes, _ = pd.factorize(values, use_na_sentinel=True)
    if isinstance(values, np.ndarray) and values.dtype == object:
        codes[np.asarray(values == "", dtype=bool)] = -1  # "" is a missing customer too
    return codes.astype(np.int64, copy=False)


def contacted_again(contacts: pd.DataFrame, days: float = 7) -> pd.Series:
    """True where the same customer contacted us again within ``days`` days after this contact.

    The later contact may be on any channel and handled by any team: the measure looks
    across all the rows given, so pass the whole contacts table and filter afterwards (for
    one team, filter the *result*, not the input). A later contact exactly ``days`` days
    after still counts. Two contacts from one customer at the same moment count once: the
    row listed first is the one followed by a repeat. Rows with no customer or no arrival
    time are never repeats and never followed by one.

    Returns a boolean Series aligned to ``contacts.index`` (named ``contacted_again``).

    Example:
        >>> import pandas as pd
        >>> contacts = pd.DataFrame({
        ...     "customer_id": ["C1", "C2", "C1", "C2"],
        ...     "channel": ["phone", "phone", "email", "chat"],
        ...     "arrived_at": pd.to_datetime(["2026-01-05 09:00", "2026-01-05 09:30",
        ...                                   "2026-01-06 14:00", "2026-01-12 09:30"]),
        ... })
        >>> contacted_again(contacts).tolist()  # C2 came back exactly 7 days later
        [True, True, False, False]
        >>> contacted_again(contacts, days=3).tolist()
        [True, False, False, False]
    """
    require_columns(contacts, "contacts", REQUIRED)
    window = _check_days(days)
    n = len(contacts)
    if n == 0:
        return pd.Series(np.zeros(0, dtype=bool), index=contacts.index, name="contacted_again")
    arrived = _arrival_ns(contacts)
    codes = _customer_codes(contacts["customer_id"])  # missing -> -1
    known = (codes >= 0) & (arrived != np.iinfo(np.int64).min)
    order = np.lexsort((arrived, codes))  # by customer, then time; ties keep table order
    customer, when, usable = codes[order], arrived[order], known[order]
    next_same = np.zeros(n, dtype=bool)
    next_same[:-1] = (customer[1:] == customer[:-1]) & usable[1:] & usable[:-1]
    gap = np.zeros(n, dtype=np.int64)
    gap[:-1] = when[1:] - when[:-1]
    flags = np.zeros(n, dtype=bool)
    flags[order] = next_same & (gap <= window)
    return pd.Series(flags, index=contacts.index, name="contacted_again")


def window_complete(contacts: pd.DataFrame, days: float = 7) -> pd.Series:
    """True where the whole ``days``-day window after the contact lies inside the data.

    A contact counts as complete when ``arrived_at + days`` is no later than the last
    arrival in the table; for the others a repeat may still come, so leave them out of a
    forward repeat rate (their ``contacted_again`` is not yet known). Rows with no arrival
    time are not complete.

    Example:
        >>> import pandas as pd
        >>> contacts = pd.DataFrame({
        ...     "customer_id": ["C1", "C2", "C3"],
        ...     "arrived_at": pd.to_datetime(["2026-01-01 08:00", "2026-01-03 08:00",
        ...                                   "2026-01-08 08:00"]),
        ... })
        >>> window_complete(contacts).tolist()
        [True, False, False]
    """
    require_columns(contacts, "contacts", ("arrived_at",))
    window = _check_days(days)
    if len(contacts) == 0:
        return pd.Series(np.zeros(0, dtype=bool), index=contacts.index, name="window_complete")
    arrived = _arrival_ns(contacts)
    missing = arrived == np.iinfo(np.int64).min
    last = arrived[~missing].max() if (~missing).any() else 0
    complete = ~missing & (arrived <= last - window)
    return pd.Series(complete, index=contacts.index, name="window_complete")
