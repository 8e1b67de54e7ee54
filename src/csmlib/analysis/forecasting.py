"""Transparent contact-volume forecasts that a manager can explain in a sentence.

Three methods, from the simplest to the most refined (``METHODS``):

* "naive (same time last week)": each interval repeats the same interval a week earlier.
* "seasonal average": the average of the same weekday and time over the last few weeks.
* "seasonal average with trend": that average scaled by the trend in weekly totals (a
  straight line fitted by least squares to the last few weekly totals, projected forward).

Every method uses only data from before the forecast starts, so a backtest is honest.

**Bank holidays** are not normal days: most centres close or run a skeleton team and few
customers get in touch. Every forecast takes a ``holidays`` argument (dates; by default the
England and Wales bank holidays of ``csmlib.analysis.bank_holidays``, the calendar in brief
§7; pass ``()`` for none). Holidays in the history are left out of the averages (a missing
weekday is taken from the week before) and, for the trend, filled with a normal day's
average; holidays in the forecast are forecast at the share of a normal day's contacts that
past bank holidays in the history actually had, or as closed (0) when the history has none.
Busiest-half-hour rankings leave holidays out.
History frames come from ``volume_by_interval`` (columns interval_start, channel, contacts);
forecast frames have the columns interval_start, channel, forecast, method.
Time-zone-aware times are read as local clock time, which is how rotas are planned.

Example:
    >>> days = pd.date_range("2026-01-05 09:00", periods=28, freq="D")
    >>> history = pd.DataFrame({"interval_start": days, "channel": "phone", "contacts": 10})
    >>> forecast(history, "2026-02-02", days=1)[["interval_start", "forecast"]]
           interval_start  forecast
    0 2026-02-02 09:00:00      10.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from csmlib.analysis import bank_holidays
from csmlib.data.schema import require_columns

METHODS: tuple[str, ...] = (
    "naive (same time last week)",
    "seasonal average",
    "seasonal average with trend",
)
NAIVE, SEASONAL, TREND = METHODS
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HISTORY_COLUMNS = ("interval_start", "channel", "contacts")
FORECAST_COLUMNS = ("interval_start", "channel", "forecast", "method")
MAX_GAP_DAYS = 7  # a forecast may start up to a week after the history ends
WAPE_EXPLAINED = (
    "WAPE (weighted absolute percentage error) adds up every interval's forecast error, "
    "ignoring whether it was too high or too low, and divides by the contacts that actually "
    "arrived: {example}Bias above 0% means the forecast was too high overall, below 0% too "
    "low. Daily-total WAPE does the same with whole-day totals, so it ignores errors that "
    "cancel out within a day."
)
NO_ACTUAL = (
    "No contacts actually arrived, so WAPE and bias cannot be calculated "
    "(they would divide by zero) and are shown as NaN."
)
_STANDARD_CHANNELS = ("phone", "email", "chat", "social")
_DAY = pd.Timedelta(days=1)
_WEEK = pd.Timedelta(days=7)
_ACCURACY_COLUMNS = ["method", "channel", "forecast", "actual", "wape_pct", "bias_pct",
                     "daily_wape_pct"]


# ------------------------------------------------------------------ checks
def _require_columns(frame: object, columns: Sequence[str], table: str) -> pd.DataFrame:
    """Return ``frame`` if it is a DataFrame with ``columns``; otherwise name what is missing.

    Example:
        >>> _require_columns(pd.DataFrame({"a": [1]}), ["a"], "test").shape
        (1, 1)
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"The {table} table must be a pandas DataFrame; "
                         f"got {type(frame).__name__}.")
    require_columns(frame, table, columns)
    return frame


def _datetimes(values: pd.Series, column: str, table: str) -> pd.Series:
    """Dates and times as naive local clock time; a clear error if they cannot be read.

    Example:
        >>> _datetimes(pd.Series(["2026-01-05 09:00"]), "arrived_at", "contacts").iloc[0]
        Timestamp('2026-01-05 09:00:00')
    """
    if not pd.api.types.is_datetime64_any_dtype(values):
        try:
            values = pd.to_datetime(values)
        except (ValueError, TypeError) as error:
            raise ValueError(f"Column '{column}' of the {table} table must hold dates and "
                             f"times; {error}") from None
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_localize(None)
    missing = int(values.isna().sum())
    if missing:
        raise ValueError(f"Column '{column}' of the {table} table has {missing} empty "
                         "value(s); fill or remove those rows first.")
    return values


def _check_history(history: object, table: str = "history") -> pd.DataFrame:
    """A validated history frame (interval_start, channel, contacts).

    Example:
        >>> frame = pd.DataFrame({"interval_start": ["2026-01-05 09:00"], "channel": ["phone"],
        ...                       "contacts": [3]})
        >>> _check_history(frame)["interval_start"].dtype.kind
        'M'
    """
    frame = _require_columns(history, HISTORY_COLUMNS, table)
    if frame.empty:
        raise ValueError(f"The {table} table has no rows.")
    times = frame["interval_start"]
    if not pd.api.types.is_datetime64_dtype(times) or isinstance(times.dtype,
                                                                 pd.DatetimeTZDtype):
        frame = frame.assign(interval_start=_datetimes(times, "interval_start", table))
    _check_counts(frame["contacts"], "contacts", table)
    if frame["channel"].isna().any():
        raise ValueError(f"Column 'channel' of the {table} table has empty values.")
    return frame


def _check_counts(values: pd.Series, column: str, table: str) -> None:
    """Counts must be numbers, present, finite and not negative.

    Example:
        >>> _check_counts(pd.Series([0, 2.5]), "forecast", "forecast")
    """
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise ValueError(f"Column '{column}' of the {table} table must hold numbers; "
                         f"it holds {values.dtype}.")
    array = values.to_numpy(dtype=float)
    if not np.isfinite(array).all():
        raise ValueError(f"Column '{column}' of the {table} table has empty or infinite values.")
    if (array < 0).any():
        raise ValueError(f"Column '{column}' of the {table} table has negative values.")


def _check_forecast(forecast_frame: object) -> pd.DataFrame:
    """A validated forecast frame; ``method`` is optional (a single unnamed forecast).

    Example:
        >>> frame = pd.DataFrame({"interval_start": [pd.Timestamp("2026-01-05 09:00")],
        ...                       "channel": ["phone"], "forecast": [4.0]})
        >>> _check_forecast(frame)["method"].iloc[0]
        'forecast'
    """
    frame = _require_columns(forecast_frame, FORECAST_COLUMNS[:3], "forecast")
    if frame.empty:
        raise ValueError("The forecast table has no rows.")
    if not pd.api.types.is_datetime64_dtype(frame["interval_start"]):
        frame = frame.assign(interval_start=_datetimes(frame["interval_start"],
                                                       "interval_start", "forecast"))
    _check_counts(frame["forecast"], "forecast", "forecast")
    if "method" not in frame.columns:
        frame = frame.assign(method="forecast")
    return frame


def _check_method(method: object) -> str:
    """The method's standard name; unknown names list the valid ones.

    Example:
        >>> _check_method("Seasonal average")
        'seasonal average'
    """
    name = str(method).strip().lower()
    if name not in METHODS:
        raise ValueError(f"Unknown method {method!r}. Choose one of: "
                         f"{', '.join(map(repr, METHODS))}.")
    return name


def _check_whole(value: object, name: str, minimum: int = 1) -> int:
    """A whole number of at least ``minimum``.

    Example:
        >>> _check_whole(4, "weeks")
        4
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be a whole number of {minimum} or more; got {value!r}.")
    return int(value)


def _check_channel(channel: str, available: Iterable[str], table: str) -> str:
    """The channel, if the table has it; otherwise list the channels it does have.

    Example:
        >>> _check_channel("phone", ["phone", "email"], "history")
        'phone'
    """
    names = list(available)
    if channel not in names:
        raise ValueError(f"Unknown channel {channel!r}: the {table} table has "
                         f"{', '.join(map(repr, names)) or 'no channels'}.")
    return channel


def _day(value: str | pd.Timestamp, name: str) -> pd.Timestamp:
    """Midnight of the given date (forecasts cover whole days).

    Example:
        >>> _day("2026-03-02 10:30", "start")
        Timestamp('2026-03-02 00:00:00')
    """
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{name} must be a date such as '2026-03-02'; got {value!r} "
                         f"({error}).") from None
    if stamp is pd.NaT:
        raise ValueError(f"{name} must be a date such as '2026-03-02'; got {value!r}.")
    if stamp.tz is not None:
        stamp = stamp.tz_localize(None)
    return stamp.normalize()


def _interval_length(freq: str) -> pd.Timedelta:
    """The interval length: whole minutes that divide a day evenly.

    Example:
        >>> _interval_length("15min")
        Timedelta('0 days 00:15:00')
    """
    try:
        step = pd.Timedelta(freq)
    except (ValueError, TypeError) as error:
        raise ValueError(f"freq must be an interval length such as '30min' or '1h'; "
                         f"got {freq!r} ({error}).") from None
    minute = pd.Timedelta(minutes=1)
    if step < minute or step % minute or _DAY % step:
        raise ValueError(f"freq must be whole minutes that divide a day evenly "
                         f"(such as '15min', '30min', '1h'); got {freq!r}.")
    return step


# ------------------------------------------------------------------ helpers
def _channel_order(channels: Iterable[str]) -> list[str]:
    """Phone, email, chat and social first (in that order), then any others A to Z.

    Example:
        >>> _channel_order(["social", "letters", "phone"])
        ['phone', 'social', 'letters']
    """
    names = set(channels)
    standard = [name for name in _STANDARD_CHANNELS if name in names]
    return standard + sorted(names - set(standard))


def _sorted(frame: pd.DataFrame, before: Sequence[str] = ("interval_start",),
            after: Sequence[str] = ()) -> pd.DataFrame:
    """Rows sorted by ``before``, then channel (in the usual order), then ``after``.

    Example:
        >>> frame = pd.DataFrame({"interval_start": [1, 1], "channel": ["email", "phone"]})
        >>> _sorted(frame)["channel"].tolist()
        ['phone', 'email']
    """
    rank = {name: i for i, name in enumerate(_channel_order(frame["channel"].unique()))}
    keys = frame.assign(_rank=frame["channel"].map(rank))
    order = keys.sort_values([*before, "_rank", *after], kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def _clock(offsets: pd.Series | pd.TimedeltaIndex) -> list[str]:
    """Times of day as 'HH:MM' text.

    Example:
        >>> _clock(pd.to_timedelta(["9h", "13h30min"]))
        ['09:00', '13:30']
    """
    minutes = np.asarray(pd.to_timedelta(offsets) // pd.Timedelta(minutes=1), dtype=int)
    return [f"{m // 60:02d}:{m % 60:02d}" for m in minutes]


def _day_range(history: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day (midnight) in a history frame.

    Example:
        >>> frame = pd.DataFrame({"interval_start": pd.to_datetime(["2026-01-05 09:00",
        ...                                                         "2026-01-07 17:30"])})
        >>> [f"{day:%d %b}" for day in _day_range(frame)]
        ['05 Jan', '07 Jan']
    """
    times = history["interval_start"]
    return times.min().normalize(), times.max().normalize()


def _window(history: pd.DataFrame, start: pd.Timestamp, weeks: int,
            method: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The ``weeks`` full weeks of history a forecast from ``start`` learns from.

    The window ends at ``start``, or at the end of the history if the forecast starts after it.

    Example:
        >>> days = pd.date_range("2026-01-05", periods=21, freq="D")
        >>> frame = pd.DataFrame({"interval_start": days})
        >>> [f"{d:%d %b}" for d in _window(frame, pd.Timestamp("2026-01-26"), 2, "x")]
        ['12 Jan', '26 Jan']
    """
    first, last = _day_range(history)
    if start < first:
        raise ValueError(f"start {start:%Y-%m-%d} is outside the data: the history begins on "
                         f"{first:%Y-%m-%d}, and a forecast learns from history before its "
                         "start.")
    gap = (start - last - _DAY).days
    if gap > MAX_GAP_DAYS:
        raise ValueError(f"start {start:%Y-%m-%d} is outside the data: it is {gap} days after "
                         f"the history ends ({last:%Y-%m-%d}); start a forecast no more than "
                         f"{MAX_GAP_DAYS} days after the last day of history.")
    end = min(start, last + _DAY)
    full = (end - first).days // 7
    if full < weeks:
        raise ValueError(f"Not enough history: the {method!r} method needs {weeks} full "
                         f"week(s) of history before {start:%Y-%m-%d}; there "
                         f"{'is' if full == 1 else 'are'} {full} (the history begins on "
                         f"{first:%Y-%m-%d}).")
    return end - weeks * _WEEK, end


def _window_rows(history: pd.DataFrame, low: pd.Timestamp, high: pd.Timestamp) -> pd.DataFrame:
    """History rows with ``low <= interval_start < high``, plus weekday and time of day.

    Example:
        >>> frame = pd.DataFrame({"interval_start": [pd.Timestamp("2026-01-05 09:30")],
        ...                       "channel": ["phone"], "contacts": [2]})
        >>> _window_rows(frame, pd.Timestamp("2026-01-05"), pd.Timestamp("2026-01-06"))["dow"]
        0    0
        Name: dow, dtype: int32
    """
    times = history["interval_start"]
    part = history.loc[(times >= low) & (times < high), list(HISTORY_COLUMNS)]
    times = part["interval_start"]
    days = times.dt.normalize()
    return part.assign(dow=times.dt.day_of_week, tod=times - days,
                       week=((days - low) // _WEEK).astype(int))


def _profile(rows: pd.DataFrame, weeks: int) -> pd.DataFrame:
    """Average contacts per channel, weekday (dow) and time of day (tod) over ``weeks`` weeks.

    Intervals missing from a week count as zero contacts in that week.

    Example:
        >>> rows = pd.DataFrame({"channel": ["phone", "phone"], "dow": [0, 0],
        ...                      "tod": pd.to_timedelta(["9h", "9h"]), "contacts": [4, 6]})
        >>> _profile(rows, 2)["contacts"].tolist()
        [5.0]
    """
    totals = rows.groupby(["channel", "dow", "tod"], sort=True)["contacts"].sum()
    return (totals / weeks).astype(float).reset_index()


def _trend_factors(rows: pd.DataFrame, weeks: int, start: pd.Timestamp, low: pd.Timestamp,
                   ahead: int) -> pd.DataFrame:
    """Per channel and forecast week: the fitted weekly total ÷ the average weekly total.

    A straight line is fitted by least squares to the ``weeks`` weekly totals (week 0 is the
    oldest) and read off at each forecast week; a falling line stops at zero.

    Example:
        >>> rows = pd.DataFrame({"channel": ["phone"] * 4, "week": [0, 1, 2, 3],
        ...                      "contacts": [70, 90, 110, 130]})
        >>> start, low = pd.Timestamp("2026-02-02"), pd.Timestamp("2026-01-05")
        >>> _trend_factors(rows, 4, start, low, 1)["factor"].round(4).tolist()
        [1.5]
    """
    totals = (rows.groupby(["channel", "week"])["contacts"].sum().unstack(fill_value=0)
              .reindex(columns=range(weeks), fill_value=0))
    values = totals.to_numpy(dtype=float)
    x = np.arange(weeks) - (weeks - 1) / 2
    mean = values.mean(axis=1)
    slope = (values - mean[:, None]) @ x / (x @ x)
    position = (start - low) / _WEEK + np.arange(ahead) - (weeks - 1) / 2
    fitted = np.clip(mean[:, None] + slope[:, None] * position[None, :], 0, None)
    safe = np.where(mean > 0, mean, 1.0)
    factor = np.where(mean[:, None] > 0, fitted / safe[:, None], 1.0)
    return pd.DataFrame({"channel": np.repeat(totals.index.to_numpy(), ahead),
                         "ahead": np.tile(np.arange(ahead), len(totals)),
                         "factor": factor.ravel()})


def _spread(profile: pd.DataFrame, start: pd.Timestamp, days: int) -> pd.DataFrame:
    """Lay a weekday × time profile over the ``days`` calendar days from ``start``.

    Example:
        >>> profile = pd.DataFrame({"channel": ["phone"], "dow": [0],
        ...                         "tod": pd.to_timedelta(["9h"]), "contacts": [5.0]})
        >>> _spread(profile, pd.Timestamp("2026-01-05"), 8)["interval_start"].dt.day.tolist()
        [5, 12]
    """
    offsets = np.arange(days)
    dates = start + pd.to_timedelta(offsets, unit="D")
    calendar = pd.DataFrame({"day": dates, "dow": dates.day_of_week, "ahead": offsets // 7})
    grid = profile.merge(calendar, on="dow")
    return grid.assign(interval_start=grid["day"] + grid["tod"])


# ------------------------------------------------------------------ bank holidays
def _holidays(holidays: Iterable[object] | None, low: pd.Timestamp,
              high: pd.Timestamp) -> frozenset[pd.Timestamp]:
    """Holiday days (midnight timestamps): ``holidays`` as given, or by default (None) the
    England and Wales bank holidays from ``low`` to ``high``.

    Example:
        >>> sorted(f"{d:%d %b}" for d in _holidays(None, pd.Timestamp("2026-04-01"),
        ...                                          pd.Timestamp("2026-04-30")))
        ['03 Apr', '06 Apr']
        >>> _holidays((), pd.Timestamp("2026-04-01"), pd.Timestamp("2026-04-30"))
        frozenset()
    """
    days = (bank_holidays.between(low, high) if holidays is None
            else bank_holidays.as_dates(holidays))
    return frozenset(pd.Timestamp(day) for day in days)


def _normal_profile(frame: pd.DataFrame, rows: pd.DataFrame, weeks: int, low: pd.Timestamp,
                    holidays: frozenset[pd.Timestamp]) -> pd.DataFrame:
    """:func:`_profile` with holidays left out: each weekday is averaged over its normal
    (non-holiday) days in the window; a weekday whose only days in the window are holidays
    is taken from the latest normal same weekday before the window.

    Example:
        >>> days = pd.date_range("2026-03-30 09:00", periods=14, freq="D")
        >>> frame = pd.DataFrame({"interval_start": days, "channel": "phone",
        ...                       "contacts": [10] * 4 + [1] + [10] * 9})
        >>> low = pd.Timestamp("2026-03-30")
        >>> rows = _window_rows(frame, low, low + 2 * _WEEK)
        >>> holidays = frozenset([pd.Timestamp("2026-04-03"), pd.Timestamp("2026-04-06")])
        >>> _normal_profile(frame, rows, 2, low, holidays)["contacts"].tolist()
        [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0]
    """
    day = rows["interval_start"].dt.normalize()
    in_window = [low + i * _DAY for i in range(7 * weeks)]
    if not holidays.intersection(in_window):
        return _profile(rows, weeks)
    normal = rows[~day.isin(holidays)]
    counts = pd.Series([d.day_of_week for d in in_window if d not in holidays]
                       ).value_counts().reindex(range(7), fill_value=0)
    parts = [normal]
    first = _day_range(frame)[0]
    for dow in counts.index[counts == 0]:
        earlier = low + pd.Timedelta(days=(dow - low.day_of_week) % 7) - _WEEK
        while earlier >= first and earlier in holidays:
            earlier -= _WEEK
        if earlier >= first:
            parts.append(_window_rows(frame, earlier, earlier + _DAY))
            counts[dow] = 1
    used = pd.concat(parts, ignore_index=True)
    totals = used.groupby(["channel", "dow", "tod"], sort=True)["contacts"].sum()
    divisor = counts.reindex(totals.index.get_level_values("dow")).to_numpy()
    return (totals / np.where(divisor > 0, divisor, 1)).astype(float).reset_index()


def _filled_rows(rows: pd.DataFrame, profile: pd.DataFrame, low: pd.Timestamp, weeks: int,
                 holidays: frozenset[pd.Timestamp]) -> pd.DataFrame:
    """Window rows with each holiday replaced by a normal day's profile (for weekly totals).

    Example:
        >>> rows = pd.DataFrame({"channel": ["phone"], "week": [0], "contacts": [1],
        ...     "interval_start": [pd.Timestamp("2026-04-03 09:00")]})
        >>> profile = pd.DataFrame({"channel": ["phone"], "dow": [4],
        ...     "tod": pd.to_timedelta(["9h"]), "contacts": [10.0]})
        >>> _filled_rows(rows, profile, pd.Timestamp("2026-03-30"), 1,
        ...              frozenset([pd.Timestamp("2026-04-03")]))["contacts"].tolist()
        [10.0]
    """
    days = [d for d in holidays if low <= d < low + weeks * _WEEK]
    if not days:
        return rows
    normal = rows[~rows["interval_start"].dt.normalize().isin(days)]
    fills = [profile[profile["dow"] == d.day_of_week].assign(week=(d - low) // _WEEK)
             for d in days]
    return pd.concat([normal, *fills], ignore_index=True)


def _holiday_share(frame: pd.DataFrame, start: pd.Timestamp,
                   holidays: frozenset[pd.Timestamp]) -> tuple[dict[str, float], list]:
    """Per channel: contacts on past holidays in the history ÷ what the same weekdays
    usually had (normal days within four weeks either side, before ``start``); no past
    holiday gives an empty mapping (forecast holidays as closed).

    Example:
        >>> days = pd.date_range("2026-03-20 09:00", periods=14, freq="D")
        >>> frame = pd.DataFrame({"interval_start": days, "channel": "phone",
        ...                       "contacts": [10] * 14})
        >>> frame.loc[14 - 11, "contacts"] = 3   # Monday 23 Mar as if a holiday
        >>> _holiday_share(frame, pd.Timestamp("2026-04-06"),
        ...                frozenset([pd.Timestamp("2026-03-23")]))[0]
        {'phone': 0.3}
    """
    first, last = _day_range(frame)
    past = sorted(d for d in holidays if first <= d < start and d <= last)
    if not past:
        return {}, []
    before = frame[frame["interval_start"] < start]
    daily = (before.groupby(["channel", before["interval_start"].dt.normalize()])["contacts"]
             .sum().unstack("channel", fill_value=0))
    actual, expected = 0.0, 0.0
    for day in past:
        near = [d for d in daily.index if d.day_of_week == day.day_of_week and d != day
                and d not in holidays and abs((d - day).days) <= 28]
        if not near:
            continue
        expected = expected + daily.loc[near].mean()
        actual = actual + (daily.loc[day] if day in daily.index else 0 * daily.iloc[0])
    if isinstance(expected, float):
        return {}, []
    share = (actual / expected.where(expected > 0)).fillna(0.0)
    return {str(c): round(float(v), 4) for c, v in share.items()}, past


# ------------------------------------------------------------------ public API
def volume_by_interval(contacts: pd.DataFrame, freq: str = "30min") -> pd.DataFrame:
    """Counts per channel and interval start, including zero intervals within each day's span.

    Each day runs from its first to its last busy interval (any channel); every channel gets
    every interval of that span, with 0 where nothing arrived. A categorical ``channel``
    column keeps its unused categories, so a channel with no contacts shows as zeros.
    Long format, sorted by time: interval_start, channel, contacts.

    Example:
        >>> contacts = pd.DataFrame({"channel": ["phone", "phone", "email"],
        ...     "arrived_at": pd.to_datetime(["2026-01-05 09:05", "2026-01-05 09:40",
        ...                                   "2026-01-05 10:10"])})
        >>> volume_by_interval(contacts)
               interval_start channel  contacts
        0 2026-01-05 09:00:00   phone         1
        1 2026-01-05 09:00:00   email         0
        2 2026-01-05 09:30:00   phone         1
        3 2026-01-05 09:30:00   email         0
        4 2026-01-05 10:00:00   phone         0
        5 2026-01-05 10:00:00   email         1
    """
    step = _interval_length(freq)
    frame = _require_columns(contacts, ["channel", "arrived_at"], "contacts")
    if frame.empty:
        raise ValueError("The contacts table has no rows.")
    arrived = _datetimes(frame["arrived_at"], "arrived_at", "contacts")
    channel = frame["channel"]
    if channel.isna().any():
        raise ValueError(f"Column 'channel' of the contacts table has "
                         f"{int(channel.isna().sum())} empty value(s).")
    names = (list(map(str, channel.cat.categories)) if isinstance(channel.dtype,
                                                                   pd.CategoricalDtype)
             else _channel_order(channel.astype(str).unique()))
    codes = pd.Categorical(channel.astype(str), categories=names).codes
    origin = arrived.min().normalize()
    slots = ((arrived - origin) // step).to_numpy(dtype=np.int64)
    return _counts_on_grid(slots, codes, names, origin, step)


def _counts_on_grid(slots: np.ndarray, codes: np.ndarray, names: list[str],
                    origin: pd.Timestamp, step: pd.Timedelta) -> pd.DataFrame:
    """Count contacts per (slot, channel) on each day's span of slots, zeros included.

    Example:
        >>> _counts_on_grid(np.array([0, 2]), np.array([0, 0]), ["phone"],
        ...                 pd.Timestamp("2026-01-05"), pd.Timedelta("30min"))["contacts"].tolist()
        [1, 0, 1]
    """
    per_day = int(_DAY / step)
    n_slots, n_channels = int(slots.max()) + 1, len(names)
    counts = np.bincount(codes.astype(np.int64) * n_slots + slots,
                         minlength=n_channels * n_slots).reshape(n_channels, n_slots)
    spans = pd.Series(slots).groupby(slots // per_day).agg(["min", "max"])
    lengths = (spans["max"] - spans["min"] + 1).to_numpy()
    inside = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    grid = np.repeat(spans["min"].to_numpy(), lengths) + inside
    starts = origin + pd.to_timedelta(grid * int(step.total_seconds()), unit="s")
    return pd.DataFrame({
        "interval_start": np.repeat(starts.to_numpy(), n_channels),
        "channel": np.tile(np.array(names, dtype=object), len(grid)),
        "contacts": counts[:, grid].T.ravel().astype(np.int64),
    })


def weekly_profile(history: pd.DataFrame, weeks: int = 4,
                   holidays: Iterable[object] | None = None) -> pd.DataFrame:
    """Average contacts per channel × weekday × time of day over the last ``weeks`` full weeks.

    This is the "seasonal average": for each channel, weekday and time, the mean over the
    weeks (a week with nothing at that time counts as 0). The weeks counted are the last
    ``weeks`` × 7 days of ``history``. Bank holidays (``holidays``, by default England and
    Wales') are left out: a weekday is averaged over its normal days. Columns: channel,
    weekday, time, contacts.

    Example:
        >>> days = pd.date_range("2026-01-05 09:00", periods=14, freq="D")
        >>> history = pd.DataFrame({"interval_start": days, "channel": "phone",
        ...                         "contacts": range(14)})
        >>> weekly_profile(history, weeks=2).head(2)
          channel  weekday   time  contacts
        0   phone   Monday  09:00       3.5
        1   phone  Tuesday  09:00       4.5
    """
    frame = _check_history(history)
    weeks = _check_whole(weeks, "weeks")
    end = _day_range(frame)[1] + _DAY
    low, high = _window(frame, end, weeks, SEASONAL)
    days = _holidays(holidays, _day_range(frame)[0], end)
    profile = _normal_profile(frame, _window_rows(frame, low, high), weeks, low, days)
    table = _sorted(profile, before=(), after=("dow", "tod"))
    result = pd.DataFrame({
        "channel": table["channel"],
        "weekday": [WEEKDAYS[d] for d in table["dow"]],
        "time": _clock(table["tod"]),
        "contacts": table["contacts"],
    })
    result.attrs["weeks"] = f"{low:%d %b %Y} to {high - _DAY:%d %b %Y}"
    return result


def forecast(history: pd.DataFrame, start: str | pd.Timestamp, days: int = 7,
             method: str = "seasonal average with trend", weeks: int = 4,
             holidays: Iterable[object] | None = None) -> pd.DataFrame:
    """Forecast per channel and interval for ``days`` from ``start``, from history before it.

    Methods (see ``METHODS``):

    * "naive (same time last week)": the last full week before ``start`` repeated
      (``weeks`` is not used);
    * "seasonal average": ``weekly_profile`` of the last ``weeks`` full weeks before ``start``;
    * "seasonal average with trend": that profile × (weekly total on the fitted trend line ÷
      average weekly total), with the line fitted by least squares to the last ``weeks``
      weekly totals per channel and read off at each forecast week.

    ``start`` is a date (any time of day is dropped); it may be up to a week after the
    history ends. ``attrs`` say which weeks were used and, for the trend method, each
    channel's factor for the first forecast week.

    ``holidays`` (dates; by default the England and Wales bank holidays, brief §7; ``()``
    for none): holidays in the history are left out of the averages and trend, and a
    holiday in the forecast gets the usual weekday's forecast × the share of a normal day's
    contacts that past holidays in the history had (``attrs["holiday_share"]``), or 0
    (closed) when the history has no holiday to learn from. ``attrs["holidays"]`` says which
    forecast days are holidays and how they were forecast.

    Example:
        >>> days = pd.date_range("2026-01-05 09:00", periods=28, freq="D")
        >>> history = pd.DataFrame({"interval_start": days, "channel": "phone",
        ...                         "contacts": [10] * 7 + [20] * 7 + [30] * 7 + [40] * 7})
        >>> plan = forecast(history, "2026-02-02", days=1)
        >>> float(plan["forecast"].iloc[0]), plan.attrs["trend_factor"]
        (50.0, {'phone': 2.0})
    """
    frame = _check_history(history)
    method = _check_method(method)
    days = _check_whole(days, "days")
    weeks = 1 if method == NAIVE else _check_whole(weeks, "weeks", 2 if method == TREND else 1)
    start = _day(start, "start")
    low, high = _window(frame, start, weeks, method)
    closed = _holidays(holidays, _day_range(frame)[0], start + days * _DAY)
    rows = _window_rows(frame, low, high)
    profile = _normal_profile(frame, rows, weeks, low, closed)
    grid = _spread(profile, start, days)
    result = grid["contacts"].to_numpy(dtype=float)
    factors: dict[str, float] = {}
    if method == TREND:
        filled = _filled_rows(rows, profile, low, weeks, closed)
        trend = _trend_factors(filled, weeks, start, low, (days + 6) // 7)
        result = result * grid.merge(trend, on=["channel", "ahead"], how="left")["factor"]
        first = trend[trend["ahead"] == 0]
        factors = dict(zip(first["channel"], first["factor"].round(4).tolist(), strict=True))
    ahead = sorted(d for d in closed if start <= d < start + days * _DAY)
    share: dict[str, float] = {}
    note = ""
    if ahead:
        share, learned = _holiday_share(frame, start, closed)
        on_holiday = grid["day"].isin(ahead).to_numpy()
        scale = grid["channel"].map(share).fillna(0.0).to_numpy(dtype=float)
        result = np.where(on_holiday, np.asarray(result, dtype=float) * scale, result)
        names = ", ".join(f"{d:%a %d %b %Y}" for d in ahead)
        note = (f"Bank holiday(s) {names}: forecast at the share of a normal day's contacts "
                f"that past bank holidays had ({', '.join(f'{d:%d %b %Y}' for d in learned)})."
                if share else f"Bank holiday(s) {names}: forecast as closed (0), as the "
                "history has no bank holiday to learn from.")
    plan = _sorted(pd.DataFrame({"interval_start": grid["interval_start"],
                                 "channel": grid["channel"],
                                 "forecast": np.asarray(result, dtype=float),
                                 "method": method}))
    plan.attrs["history_used"] = f"{low:%d %b %Y} to {high - _DAY:%d %b %Y}"
    if method == TREND:
        plan.attrs["trend_factor"] = factors
    plan.attrs["holidays"] = note
    plan.attrs["holiday_share"] = share
    return plan


def _actual_in_period(actual: pd.DataFrame, low: pd.Timestamp,
                      high: pd.Timestamp) -> pd.DataFrame:
    """Actual rows in [low, high); an error if the actual table does not cover that period.

    Example:
        >>> actual = pd.DataFrame({"interval_start": [pd.Timestamp("2026-01-05 09:00")],
        ...                        "channel": ["phone"], "contacts": [3]})
        >>> len(_actual_in_period(actual, pd.Timestamp("2026-01-05"),
        ...                       pd.Timestamp("2026-01-06")))
        1
    """
    first, last = _day_range(actual)
    if first > low or last + _DAY < high:
        raise ValueError(f"The actual table runs from {first:%Y-%m-%d} to {last:%Y-%m-%d} but "
                         f"the forecast covers {low:%Y-%m-%d} to {high - _DAY:%Y-%m-%d}; "
                         "accuracy needs actual contacts for the whole forecast period.")
    times = actual["interval_start"]
    return actual[(times >= low) & (times < high)]


def _accuracy_rows(method: str, predicted: pd.DataFrame, actual: pd.DataFrame) -> pd.DataFrame:
    """WAPE, bias and daily-total WAPE per channel for one method.

    Example:
        >>> when = [pd.Timestamp("2026-01-05 09:00")]
        >>> predicted = pd.DataFrame({"interval_start": when, "channel": ["phone"],
        ...                           "forecast": [12.0]})
        >>> actual = pd.DataFrame({"interval_start": when, "channel": ["phone"],
        ...                        "contacts": [10]})
        >>> _accuracy_rows("x", predicted, actual)[["wape_pct", "bias_pct"]].iloc[0].tolist()
        [20.0, 20.0]
    """
    keys = ["channel", "interval_start"]
    actual = actual[actual["channel"].isin(predicted["channel"].unique())]
    joined = pd.concat([predicted.groupby(keys)["forecast"].sum(),
                        actual.groupby(keys)["contacts"].sum().rename("actual")],
                       axis=1).fillna(0.0).reset_index()
    joined["error"] = (joined["forecast"] - joined["actual"]).abs()
    daily = joined.groupby(["channel", joined["interval_start"].dt.normalize()])[
        ["forecast", "actual"]].sum()
    daily_error = (daily["forecast"] - daily["actual"]).abs().groupby(level="channel").sum()
    table = joined.groupby("channel")[["forecast", "actual", "error"]].sum()
    base = table["actual"].where(table["actual"] > 0)
    table["wape_pct"] = 100 * table["error"] / base
    table["bias_pct"] = 100 * (table["forecast"] - table["actual"]) / base
    table["daily_wape_pct"] = 100 * daily_error / base
    table = table.reset_index().assign(method=method)
    return table[_ACCURACY_COLUMNS]


def _with_note(table: pd.DataFrame) -> pd.DataFrame:
    """Add a plain-English ``note``: WAPE explained on the first row, NaN explained where due.

    Example:
        >>> table = pd.DataFrame({"channel": ["phone", "email"], "wape_pct": [12.0, np.nan]})
        >>> [note[:20] for note in _with_note(table)["note"]]
        ['WAPE (weighted absol', 'No contacts actually']
    """
    notes = [NO_ACTUAL if np.isnan(value) else "" for value in table["wape_pct"]]
    if notes:
        first = table.iloc[0]
        example = ("" if np.isnan(first["wape_pct"]) else
                   f"for {first['channel']}, {first['wape_pct']:.0f}% means the forecast was "
                   f"out by about {first['wape_pct']:.0f} contacts for every 100 that arrived. ")
        notes[0] = " ".join(filter(None, [WAPE_EXPLAINED.format(example=example), notes[0]]))
    return table.assign(note=notes)


def accuracy(forecast_frame: pd.DataFrame, actual: pd.DataFrame) -> pd.DataFrame:
    """Per channel: WAPE, bias and daily-total WAPE (all in %), with a plain-English note.

    * WAPE = sum over intervals of |forecast − actual| ÷ sum of actual × 100;
    * bias = (sum of forecast − sum of actual) ÷ sum of actual × 100 (above 0: over-forecast);
    * daily-total WAPE = the same as WAPE with whole-day totals.

    ``actual`` is a history frame (``volume_by_interval``) covering the forecast's days;
    intervals on only one side count as 0 on the other. A channel with no actual contacts
    gets NaN, explained in ``note``. The note on the first row explains WAPE (once).
    One row per method and channel: method, channel, forecast, actual, wape_pct, bias_pct,
    daily_wape_pct, note.

    Example:
        >>> when = pd.to_datetime(["2026-01-05 09:00", "2026-01-05 09:30"])
        >>> predicted = pd.DataFrame({"interval_start": when, "channel": "phone",
        ...                           "forecast": [10.0, 10.0], "method": "seasonal average"})
        >>> actual = pd.DataFrame({"interval_start": when, "channel": "phone",
        ...                        "contacts": [8, 12]})
        >>> accuracy(predicted, actual)[["wape_pct", "bias_pct", "daily_wape_pct"]]
           wape_pct  bias_pct  daily_wape_pct
        0      20.0       0.0             0.0
    """
    predicted = _check_forecast(forecast_frame)
    observed = _check_history(actual, table="actual")
    low = predicted["interval_start"].min().normalize()
    high = predicted["interval_start"].max().normalize() + _DAY
    observed = _actual_in_period(observed, low, high)
    parts = [_accuracy_rows(str(method), part, observed)
             for method, part in predicted.groupby("method", sort=False)]
    table = pd.concat(parts, ignore_index=True)
    rank = {name: i for i, name in enumerate(_channel_order(table["channel"]))}
    table = table.sort_values("channel", key=lambda names: names.map(rank), kind="stable")
    return _with_note(table.reset_index(drop=True))


def _holdout_starts(history: pd.DataFrame, holdout_weeks: int,
                    weeks: int) -> list[pd.Timestamp]:
    """Start dates of the last ``holdout_weeks`` full weeks, checking there is history before.

    Example:
        >>> days = pd.date_range("2026-01-05", periods=21, freq="D")
        >>> frame = pd.DataFrame({"interval_start": days})
        >>> [f"{day:%d %b}" for day in _holdout_starts(frame, 2, 1)]
        ['12 Jan', '19 Jan']
    """
    first, last = _day_range(history)
    end = last + _DAY
    starts = [end - (holdout_weeks - i) * _WEEK for i in range(holdout_weeks)]
    full = (end - first).days // 7
    if full < holdout_weeks + weeks:
        raise ValueError(f"Not enough history for this backtest: {holdout_weeks} holdout "
                         f"week(s), each forecast from {weeks} week(s) before it, need "
                         f"{holdout_weeks + weeks} full weeks of history; there "
                         f"{'is' if full == 1 else 'are'} {full}.")
    return starts


def backtest(history: pd.DataFrame, holdout_weeks: int = 2, weeks: int = 4,
             holidays: Iterable[object] | None = None) -> pd.DataFrame:
    """Compare every method on each of the last ``holdout_weeks`` weeks of ``history``.

    Each week is forecast only from data before it and compared with what arrived. One row
    per week × channel × method: week_start, channel, method, forecast, actual, wape_pct,
    bias_pct, daily_wape_pct, best (the lowest WAPE for that week and channel) and
    points_behind_best (WAPE minus the best WAPE, in percentage points), plus a ``note``
    explaining WAPE on the first row. Weeks are the last 7-day blocks ending with the data.
    ``holidays`` as in :func:`forecast`.

    Example:
        >>> days = pd.date_range("2026-01-05 09:00", periods=42, freq="D")
        >>> history = pd.DataFrame({"interval_start": days, "channel": "phone",
        ...                         "contacts": [10 + d // 7 for d in range(42)]})
        >>> table = backtest(history, holdout_weeks=1, weeks=4)
        >>> table.loc[table["best"], "method"].tolist()
        ['seasonal average with trend']
    """
    frame = _check_history(history)
    holdout_weeks = _check_whole(holdout_weeks, "holdout_weeks")
    weeks = _check_whole(weeks, "weeks")
    parts = []
    for start in _holdout_starts(frame, holdout_weeks, weeks):
        plans = pd.concat([forecast(frame, start, 7, method, weeks, holidays)
                           for method in METHODS], ignore_index=True)
        parts.append(accuracy(plans, frame).drop(columns="note").assign(week_start=start))
    table = pd.concat(parts, ignore_index=True)
    best = table.groupby(["week_start", "channel"])["wape_pct"].transform("min")
    table["points_behind_best"] = table["wape_pct"] - best
    table["best"] = np.isclose(table["wape_pct"], best)
    order = {name: i for i, name in enumerate(METHODS)}
    table = _sorted(table.assign(_method=table["method"].map(order)), before=("week_start",),
                    after=("_method",))
    return _with_note(table[["week_start", "channel", "method", "forecast", "actual",
                             "wape_pct", "bias_pct", "daily_wape_pct", "best",
                             "points_behind_best"]])


def _without_holidays(frame: pd.DataFrame, holidays: Iterable[object] | None,
                      column: str = "interval_start") -> tuple[pd.DataFrame, list]:
    """Rows not on a holiday (``holidays`` as in :func:`forecast`) and the holidays dropped.

    Example:
        >>> frame = pd.DataFrame({"interval_start": pd.to_datetime(["2026-04-06 10:00",
        ...                                                         "2026-04-07 10:00"])})
        >>> kept, dropped = _without_holidays(frame, None)
        >>> len(kept), [f"{d:%d %b}" for d in dropped]
        (1, ['06 Apr'])
    """
    times = pd.to_datetime(frame[column])
    if times.empty:
        return frame, []
    days = times.dt.normalize()
    closed = _holidays(holidays, days.min(), days.max())
    on_holiday = days.isin(closed)
    return frame[~on_holiday.to_numpy()], sorted(set(days[on_holiday]))


def peaks(forecast_frame: pd.DataFrame, channel: str = "phone", top: int = 5,
          holidays: Iterable[object] | None = None) -> pd.DataFrame:
    """The ``top`` busiest forecast intervals of one channel, and how they compare.

    Columns: interval_start, weekday, time, forecast, vs_quietest (the interval's forecast ÷
    the quietest open interval's). The first row's vs_quietest is the peak-to-quietest
    ratio. Open intervals are those with a forecast above 0; ``attrs`` name the quietest.
    Bank holidays (``holidays`` as in :func:`forecast`) are left out of the ranking: a
    holiday is planned on its own, not as the week's busiest or quietest day.

    Example:
        >>> when = pd.date_range("2026-01-05 08:00", periods=4, freq="30min")
        >>> plan = pd.DataFrame({"interval_start": when, "channel": "phone",
        ...                      "forecast": [0.0, 10.0, 30.0, 20.0]})
        >>> peaks(plan, "phone", top=2)[["time", "forecast", "vs_quietest"]]
            time  forecast  vs_quietest
        0  09:00      30.0          3.0
        1  09:30      20.0          2.0
    """
    frame = _check_forecast(forecast_frame)
    channel = _check_channel(channel, _channel_order(frame["channel"].unique()), "forecast")
    top = _check_whole(top, "top")
    part, _ = _without_holidays(frame[frame["channel"] == channel], holidays)
    if part["method"].nunique() > 1:
        raise ValueError(f"The forecast table mixes methods "
                         f"({', '.join(map(repr, part['method'].unique()))}); "
                         "pick one method's rows first.")
    open_rows = part[part["forecast"] > 0]
    if open_rows.empty:
        raise ValueError(f"No open intervals for {channel!r}: every forecast is 0.")
    quietest = open_rows.loc[open_rows["forecast"].idxmin()]
    busiest = open_rows.sort_values(["forecast", "interval_start"], ascending=[False, True],
                                    kind="stable").head(top)
    times = busiest["interval_start"]
    result = pd.DataFrame({
        "interval_start": times.to_numpy(),
        "weekday": [WEEKDAYS[d] for d in times.dt.day_of_week],
        "time": _clock(times - times.dt.normalize()),
        "forecast": busiest["forecast"].to_numpy(dtype=float),
        "vs_quietest": busiest["forecast"].to_numpy(dtype=float) / quietest["forecast"],
    })
    result.attrs["quietest"] = (f"{quietest['interval_start']:%A %d %b %H:%M}: "
                                f"{quietest['forecast']:.1f} contacts")
    return result


def forecast_vs_actual(history: pd.DataFrame, channel: str, week_start: str | pd.Timestamp,
                       method: str = "seasonal average with trend",
                       weeks: int = 4, holidays: Iterable[object] | None = None
                       ) -> pd.DataFrame:
    """One channel's forecast and actual contacts for each interval of a week (for a chart).

    The forecast uses only history before ``week_start``; the week must lie inside the
    history so that actual contacts exist. ``holidays`` as in :func:`forecast`. Columns:
    interval_start, forecast, actual.

    Example:
        >>> days = pd.date_range("2026-01-05 09:00", periods=35, freq="D")
        >>> history = pd.DataFrame({"interval_start": days, "channel": "phone",
        ...                         "contacts": 10})
        >>> forecast_vs_actual(history, "phone", "2026-02-02").head(2)
               interval_start  forecast  actual
        0 2026-02-02 09:00:00      10.0      10
        1 2026-02-03 09:00:00      10.0      10
    """
    frame = _check_history(history)
    channel = _check_channel(channel, _channel_order(frame["channel"].unique()), "history")
    week = _day(week_start, "week_start")
    first, last = _day_range(frame)
    if week < first or week + _WEEK > last + _DAY:
        raise ValueError(f"week_start {week:%Y-%m-%d} is outside the data: the whole week must "
                         f"lie within the history ({first:%Y-%m-%d} to {last:%Y-%m-%d}) to "
                         "compare the forecast with actual contacts.")
    part = frame[frame["channel"] == channel]
    plan = forecast(part, week, 7, method, weeks, holidays).set_index("interval_start")[
        "forecast"]
    times = part["interval_start"]
    observed = part[(times >= week) & (times < week + _WEEK)]
    actual = observed.groupby("interval_start")["contacts"].sum().rename("actual")
    joined = pd.concat([plan, actual], axis=1).sort_index()
    joined["forecast"] = joined["forecast"].fillna(0.0)
    joined["actual"] = joined["actual"].fillna(0).astype(actual.dtype)
    return joined.rename_axis("interval_start").reset_index()


def backtest_summary(history: pd.DataFrame, holdout_weeks: int = 2,
                     channels: Sequence[str] = ("phone", "email", "chat", "social"),
                     holidays: Iterable[object] | None = None) -> pd.DataFrame:
    """Mean WAPE (%) of each method per channel over the last ``holdout_weeks`` weeks, one
    row per channel and one column per method: which method to trust for which channel.

    Example:
        >>> history = volume_by_interval(pd.DataFrame({"channel": "phone",
        ...     "arrived_at": pd.date_range("2026-01-05", periods=9000, freq="7min")}))
        >>> backtest_summary(history, 1, ["phone"]).columns.tolist() == list(METHODS)
        True
    """
    table = backtest(history, holdout_weeks=holdout_weeks, holidays=holidays)
    return (table.groupby(["channel", "method"])["wape_pct"].mean().unstack("method").round(1)
            .reindex(list(channels))[list(METHODS)])


# =========================================================================================
# Weeks and peaks of a plan or a history
# =========================================================================================

def full_weeks(times: pd.Series) -> list[pd.Timestamp]:
    """Mondays that start a full week (Monday to Sunday) inside ``times``.

    Example:
        >>> times = pd.Series(pd.date_range("2026-01-01", "2026-01-20", freq="D"))
        >>> [f"{monday:%d %b}" for monday in full_weeks(times)]
        ['05 Jan', '12 Jan']
    """
    days = pd.Series(pd.to_datetime(times)).dt.normalize()
    if days.empty:
        return []
    first, last = days.min(), days.max()
    mondays = sorted(days[days.dt.day_of_week == 0].unique())
    return [pd.Timestamp(m) for m in mondays
            if pd.Timestamp(m) >= first and pd.Timestamp(m) + pd.Timedelta(days=6) <= last]


def plan_week(plan: pd.DataFrame, monday: pd.Timestamp | None = None) -> pd.DataFrame:
    """The rows of an interval plan for one week (the first full week by default).

    Example:
        >>> plan = pd.DataFrame({"interval_start": pd.date_range("2026-01-01", periods=30,
        ...                                                      freq="D"), "channel": "phone"})
        >>> week = plan_week(plan)
        >>> f"{week['interval_start'].min():%a %d %b}", len(week)
        ('Mon 05 Jan', 7)
    """
    _require_columns(plan, ["interval_start", "channel"], "interval_plan")
    if monday is None:
        weeks = full_weeks(plan["interval_start"])
        if not weeks:
            raise ValueError("The interval plan has no full week (Monday to Sunday): a weekly "
                             "plan needs at least one.")
        monday = weeks[0]
    start = pd.Timestamp(monday).normalize()
    times = plan["interval_start"]
    return plan[(times >= start) & (times < start + pd.Timedelta(days=7))]


def busiest_interval(plan: pd.DataFrame, channel: str = "phone",
                     holidays: Iterable[object] | None = None) -> pd.Series:
    """The plan's busiest half-hour on ``channel``: the first row of :func:`busiest_intervals`
    (so a peaks table and a staffing calculator built on the same plan agree).

    Example:
        >>> plan = pd.DataFrame({"interval_start": pd.date_range("2026-01-05 08:00",
        ...     periods=3, freq="30min"), "channel": "phone",
        ...     "forecast_contacts": [40.0, 95.0, 60.0]})
        >>> row = busiest_interval(plan)
        >>> f"{row['interval_start']:%H:%M}", int(row["calls"])
        ('08:30', 95)
    """
    return busiest_intervals(plan, channel, top=1, holidays=holidays).iloc[0]


# =========================================================================================
# Next week's plan: the forecast with handle times, and its busiest half-hours
# =========================================================================================

PLAN_COLUMNS = ("interval_start", "channel", "forecast_contacts", "forecast_aht_s")


def week_after(times: pd.Series) -> pd.Timestamp:
    """The first Monday after the last day in ``times``: where "next week" starts.

    Example:
        >>> times = pd.Series(pd.to_datetime(["2026-03-30 09:00", "2026-04-05 22:30"]))
        >>> week_after(times)
        Timestamp('2026-04-06 00:00:00')
    """
    if not isinstance(times, pd.Series) or times.empty:
        raise ValueError("times must be a non-empty column of dates and times (e.g. the "
                         "history's interval_start).")
    last = _datetimes(times, "interval_start", "history").max().normalize() + _DAY
    return last + pd.Timedelta(days=(7 - last.day_of_week) % 7)


def planned_aht(plan: pd.DataFrame) -> dict[str, float]:
    """Each channel's planned handle time (seconds): the interval plan's forecast handle time
    over its last full week, weighted by forecast contacts and rounded to whole seconds.

    Example:
        >>> plan = pd.DataFrame({"interval_start": pd.date_range("2026-01-05", periods=14,
        ...                                                      freq="D"),
        ...                      "channel": "phone", "forecast_contacts": 10.0,
        ...                      "forecast_aht_s": [300.0] * 7 + [330.0] * 7})
        >>> planned_aht(plan)
        {'phone': 330.0}
    """
    frame = _require_columns(plan, ["interval_start", "channel", "forecast_contacts",
                                    "forecast_aht_s"], "interval_plan")
    if frame.empty:
        raise ValueError("The interval plan has no rows: planned handle times need at least "
                         "one week of it.")
    _check_counts(frame["forecast_contacts"], "forecast_contacts", "interval_plan")
    _check_counts(frame["forecast_aht_s"], "forecast_aht_s", "interval_plan")
    times = _datetimes(frame["interval_start"], "interval_start", "interval_plan")
    weeks = full_weeks(times)
    if weeks:
        frame = frame[(times >= weeks[-1]) & (times < weeks[-1] + _WEEK)]
    result: dict[str, float] = {}
    for channel in _channel_order(frame["channel"].dropna().unique()):
        part = frame[frame["channel"] == channel]
        weights = part["forecast_contacts"].to_numpy(dtype=float)
        values = part["forecast_aht_s"].to_numpy(dtype=float)
        mean = np.average(values, weights=weights) if weights.sum() > 0 else values.mean()
        result[channel] = float(np.round(mean))
    return result


def forecast_plan(forecast_frame: pd.DataFrame,
                  aht_by_channel: dict[str, float]) -> pd.DataFrame:
    """A forecast turned into a plan a manager staffs from: one row per open half-hour and
    channel (forecast above 0) with forecast_contacts (one decimal) and forecast_aht_s.

    ``aht_by_channel`` gives each channel's handle time in seconds (e.g. from
    :func:`planned_aht`); every channel of the forecast needs one.

    Example:
        >>> when = pd.date_range("2026-04-06 08:00", periods=3, freq="30min")
        >>> frame = pd.DataFrame({"interval_start": when, "channel": "phone",
        ...                       "forecast": [0.0, 12.34, 20.0]})
        >>> forecast_plan(frame, {"phone": 300.0})[["forecast_contacts", "forecast_aht_s"]
        ...     ].values.tolist()
        [[12.3, 300.0], [20.0, 300.0]]
    """
    frame = _check_forecast(forecast_frame)
    if not isinstance(aht_by_channel, dict):
        raise ValueError("aht_by_channel must be a mapping of channel to handle time in "
                         "seconds, e.g. {'phone': 350}.")
    missing = sorted(set(frame["channel"]) - set(aht_by_channel))
    if missing:
        raise ValueError(f"No handle time for {', '.join(map(repr, missing))}: give "
                         "aht_by_channel a value in seconds for every channel forecast.")
    for channel, seconds in aht_by_channel.items():
        try:
            ok = math.isfinite(float(seconds)) and float(seconds) > 0
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise ValueError(f"The handle time for {channel!r} must be a number of seconds "
                             f"above 0; got {seconds!r}.")
    open_rows = frame[frame["forecast"] > 0]
    plan = pd.DataFrame({
        "interval_start": open_rows["interval_start"].to_numpy(),
        "channel": open_rows["channel"].to_numpy(),
        "forecast_contacts": open_rows["forecast"].to_numpy(dtype=float).round(1),
        "forecast_aht_s": [float(aht_by_channel[c]) for c in open_rows["channel"]],
    })
    return _sorted(plan)


def whole_calls(values: ArrayLike) -> np.ndarray:
    """Forecast contacts rounded to whole contacts, halves up (170.5 → 171): the one rounding
    used wherever a busiest half-hour is shown or staffed.

    Example:
        >>> whole_calls([170.5, 161.6, 2.49]).tolist()
        [171, 162, 2]
    """
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"values must be numbers of contacts; got {values!r}.") from None
    if not np.isfinite(array).all() or (array < 0).any():
        raise ValueError(f"values must be numbers of contacts, 0 or more; got {values!r}.")
    return np.floor(array + 0.5).astype(int)


def busiest_intervals(plan: pd.DataFrame, channel: str = "phone", top: int = 5,
                      holidays: Iterable[object] | None = None) -> pd.DataFrame:
    """The ``top`` busiest half-hours of one channel in a plan, busiest first (an earlier
    half-hour first when two tie): the one ranking every "busiest half-hour" comes from.

    Columns: interval_start, weekday, time, calls (whole contacts, :func:`whole_calls`),
    forecast_contacts, forecast_aht_s (whole seconds, when the plan has handle times) and
    vs_quietest (the half-hour's forecast ÷ the quietest open half-hour's). ``attrs`` name the
    quietest open half-hour (``quietest_start``, ``quietest_contacts``). Bank holidays
    (``holidays`` as in :func:`forecast`; by default England and Wales') are left out of the
    ranking and named in ``attrs["holidays_left_out"]``: Easter Monday is not "the busiest
    Monday" of a week (a plan of holidays only is ranked among itself).

    Example:
        >>> plan = pd.DataFrame({"interval_start": pd.date_range("2026-01-05 08:00",
        ...     periods=4, freq="30min"), "channel": "phone",
        ...     "forecast_contacts": [10.0, 95.4, 60.0, 95.4]})
        >>> top = busiest_intervals(plan, top=2)
        >>> top[["time", "calls"]].values.tolist(), top["vs_quietest"].round(2).tolist()
        ([['08:30', 95], ['09:30', 95]], [9.54, 9.54])
    """
    frame = _require_columns(plan, ["interval_start", "channel", "forecast_contacts"],
                             "interval_plan")
    top = _check_whole(top, "top")
    if not isinstance(channel, str):
        raise ValueError(f"channel must be a channel name such as 'phone'; got {channel!r}.")
    _check_counts(frame["forecast_contacts"], "forecast_contacts", "interval_plan")
    rows = frame[(frame["channel"] == channel) & (frame["forecast_contacts"] > 0)]
    if rows.empty:
        channels = sorted(map(str, frame["channel"].dropna().unique()))
        raise ValueError(f"The plan has no open {channel} half-hours (forecast above 0); its "
                         f"channels are {', '.join(channels) or 'none'}.")
    rows = rows.assign(interval_start=_datetimes(rows["interval_start"], "interval_start",
                                                 "interval_plan"))
    normal, left_out = _without_holidays(rows, holidays)
    if normal.empty:  # a plan of bank holidays only: rank them among themselves
        left_out = []
    else:
        rows = normal
    ranked = rows.sort_values(["forecast_contacts", "interval_start"],
                              ascending=[False, True], kind="stable")
    quietest = rows.sort_values(["forecast_contacts", "interval_start"], kind="stable").iloc[0]
    busiest = ranked.head(top)
    times = busiest["interval_start"]
    contacts = busiest["forecast_contacts"].to_numpy(dtype=float)
    result = pd.DataFrame({
        "interval_start": times.to_numpy(),
        "weekday": [WEEKDAYS[d] for d in times.dt.day_of_week],
        "time": _clock(times - times.dt.normalize()),
        "calls": whole_calls(contacts),
        "forecast_contacts": contacts,
    })
    if "forecast_aht_s" in busiest.columns:
        result["forecast_aht_s"] = whole_calls(busiest["forecast_aht_s"].to_numpy(dtype=float))
    result["vs_quietest"] = contacts / float(quietest["forecast_contacts"])
    result.attrs["quietest_start"] = pd.Timestamp(quietest["interval_start"])
    result.attrs["quietest_contacts"] = float(quietest["forecast_contacts"])
    result.attrs["holidays_left_out"] = [pd.Timestamp(day) for day in left_out]
    return result


def best_method(summary: pd.DataFrame) -> pd.Series:
    """For each row of :func:`backtest_summary` (a channel), the method with the lowest WAPE
    (the first such method on a tie).

    Example:
        >>> summary = pd.DataFrame({"naive": [14.3, 20.0], "seasonal": [11.6, 25.0]},
        ...                        index=["phone", "email"])
        >>> best_method(summary).tolist()
        ['seasonal', 'naive']
    """
    if not isinstance(summary, pd.DataFrame) or summary.empty:
        raise ValueError("summary must be the table from backtest_summary (one row per "
                         "channel, one column of WAPE per method).")
    values = summary.apply(pd.to_numeric, errors="coerce")
    if values.isna().all(axis=None):
        raise ValueError("summary holds no WAPE numbers: run backtest_summary first.")
    return values.apply(lambda row: row.idxmin() if row.notna().any() else np.nan, axis=1)


def wape_pct(forecast_values: ArrayLike, actual_values: ArrayLike) -> float:
    """WAPE in per cent: every interval's error, too high or too low, added up and divided by
    the contacts that actually arrived (NaN when none arrived).

    Example:
        >>> wape_pct([12, 8, 10], [10, 10, 10])
        13.333333333333334
    """
    try:
        predicted = np.asarray(forecast_values, dtype=float)
        actual = np.asarray(actual_values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("forecast_values and actual_values must be numbers of contacts."
                         ) from None
    if predicted.shape != actual.shape:
        raise ValueError("forecast_values and actual_values need one value per interval "
                         "each (two lists of the same length).")
    if not (np.isfinite(predicted).all() and np.isfinite(actual).all()):
        raise ValueError("forecast_values and actual_values must be finite numbers.")
    total = actual.sum()
    return float(100 * np.abs(predicted - actual).sum() / total) if total > 0 else math.nan
