"""Bank holidays in England and Wales, for forecasts, peaks and the synthetic data.

A bank holiday is not an ordinary weekday: most contact centres close or run a skeleton team
and few customers call, so a forecast that averages it in with normal days, or ranks it as a
busy day, misleads the planner. Forecasts (``csmlib.analysis.forecasting``) take the
holidays as a ``holidays`` argument; this module lists them.

The dates follow the regular England and Wales pattern: New Year's Day, Good Friday, Easter
Monday, the early May bank holiday (first Monday of May), the spring bank holiday (last
Monday of May), the summer bank holiday (last Monday of August), Christmas Day and Boxing
Day, with a weekday "substitute day" when one falls at a weekend. For 2026 these are the
dates in the course brief §7 (1 Jan, 3 Apr, 6 Apr, 4 May, 25 May, 31 Aug, 25 Dec, 28 Dec).
One-off changes (an extra holiday for a coronation or a jubilee, a moved May holiday) are
not included; Scotland and Northern Ireland have different holidays (brief §7).

Example:
    >>> [f"{day:%d %b}" for day in england_and_wales(2026)][:3]
    ['01 Jan', '03 Apr', '06 Apr']
    >>> is_bank_holiday("2026-04-06"), is_bank_holiday("2026-04-07")
    (True, False)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any

import pandas as pd

#: The years the regular pattern covers (the early May holiday began in 1978).
YEARS = (1978, 2199)
#: England and Wales bank holidays 2026, as listed in the course brief §7.
BRIEF_2026: tuple[_dt.date, ...] = tuple(_dt.date(2026, m, d) for m, d in (
    (1, 1), (4, 3), (4, 6), (5, 4), (5, 25), (8, 31), (12, 25), (12, 28)))


def _easter(year: int) -> _dt.date:
    """Easter Sunday (Gregorian calendar, the anonymous algorithm).

    Example:
        >>> _easter(2026)
        datetime.date(2026, 4, 5)
    """
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return _dt.date(year, month, day + 1)


def _monday_on_or_after(day: _dt.date) -> _dt.date:
    return day + _dt.timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> _dt.date:
    after = _dt.date(year + (month == 12), month % 12 + 1, 1)
    last = after - _dt.timedelta(days=1)
    return last - _dt.timedelta(days=last.weekday())


def _year(year: Any) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not (
            YEARS[0] <= year <= YEARS[1]):
        raise ValueError(f"year must be a whole number from {YEARS[0]} to {YEARS[1]} (the "
                         f"years the regular bank-holiday pattern covers); got {year!r}.")
    return year


def england_and_wales(year: int) -> list[_dt.date]:
    """The bank holidays of ``year`` in England and Wales, in date order (regular pattern,
    substitute weekdays included; one-off extra holidays are not).

    Example:
        >>> england_and_wales(2026) == list(BRIEF_2026)
        True
        >>> [f"{day:%a %d %b}" for day in england_and_wales(2027)][-2:]
        ['Mon 27 Dec', 'Tue 28 Dec']
    """
    year = _year(year)
    new_year = _dt.date(year, 1, 1)
    if new_year.weekday() >= 5:  # at a weekend: the Monday after
        new_year = _monday_on_or_after(new_year)
    easter = _easter(year)
    christmas, boxing = _dt.date(year, 12, 25), _dt.date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: Monday and Tuesday instead
        christmas, boxing = _dt.date(year, 12, 27), _dt.date(year, 12, 28)
    elif christmas.weekday() == 6:  # Sunday: Boxing Day Monday, Christmas on Tuesday
        christmas, boxing = _dt.date(year, 12, 27), _dt.date(year, 12, 26)
    elif boxing.weekday() == 5:  # Boxing Day on Saturday: Monday 28th
        boxing = _dt.date(year, 12, 28)
    days = [new_year, easter - _dt.timedelta(days=2), easter + _dt.timedelta(days=1),
            _monday_on_or_after(_dt.date(year, 5, 1)), _last_monday(year, 5),
            _last_monday(year, 8), christmas, boxing]
    return sorted(days)


def _day(value: Any, name: str) -> _dt.date:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{name} must be a date such as '2026-04-06'; got {value!r}.")
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError, OverflowError):
        stamp = pd.NaT
    if isinstance(value, int | float) or pd.isna(stamp):
        raise ValueError(f"{name} must be a date such as '2026-04-06'; got {value!r}.")
    return stamp.date()


def between(start: Any, end: Any) -> list[_dt.date]:
    """England and Wales bank holidays from ``start`` to ``end`` (both included); years
    outside the regular pattern (before 1978, after 2199) have none listed.

    Example:
        >>> [f"{day:%d %b}" for day in between("2026-01-05", "2026-04-12")]
        ['03 Apr', '06 Apr']
    """
    first, last = _day(start, "start"), _day(end, "end")
    if last < first:
        raise ValueError(f"end ({last}) must not be before start ({first}).")
    if last.year - first.year > YEARS[1] - YEARS[0]:
        raise ValueError("start and end may be at most a few centuries apart.")
    years = range(max(first.year, YEARS[0]), min(last.year, YEARS[1]) + 1)
    return [day for year in years for day in england_and_wales(year) if first <= day <= last]


def is_bank_holiday(day: Any) -> bool:
    """Whether ``day`` is an England and Wales bank holiday.

    Example:
        >>> is_bank_holiday("2026-12-28")
        True
    """
    when = _day(day, "day")
    return YEARS[0] <= when.year <= YEARS[1] and when in england_and_wales(when.year)


def as_dates(holidays: Iterable[Any] | None) -> frozenset[_dt.date]:
    """A set of holiday dates from dates, timestamps or 'YYYY-MM-DD' text; ``None`` or an
    empty list gives no holidays. Used to read a function's ``holidays`` argument.

    Example:
        >>> sorted(as_dates(["2026-04-03", pd.Timestamp("2026-04-06 09:00")]))
        [datetime.date(2026, 4, 3), datetime.date(2026, 4, 6)]
    """
    if holidays is None:
        return frozenset()
    if isinstance(holidays, str | bytes) or not isinstance(holidays, Iterable):
        raise ValueError("holidays must be a list of dates such as ['2026-04-03', "
                         f"'2026-04-06'] (or None); got {holidays!r}.")
    return frozenset(_day(value, "each holiday") for value in holidays)
