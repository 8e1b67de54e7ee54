"""Statistical process control: XmR charts that tell a real change from week-to-week noise.

An XmR chart (individuals and moving range) plots one value per period (a team's weekly
first-contact resolution, say) with its mean and two *process limits*. Values that wander
between the limits are **common cause** variation: the process as it is, nothing to explain.
A **special cause** is a signal that something has changed. This module uses the rules of
NHS England and NHS Improvement's "Making Data Count" programme (2019; the SPC guidance and
tools used across the NHS):

* **limits** = mean ± 2.66 × the mean moving range, where a moving range is the absolute
  difference between two consecutive points. 2.66 = 3 / 1.128, and 1.128 (the statistical
  constant d2 for ranges of two points) turns the mean moving range into an estimate of the
  process's standard deviation, ``sigma`` = mean moving range / 1.128. The limits are used as
  they are: no outlier screening, no cap at 0% or 100% (the lesson decides what to show);
* **beyond a limit**: a point strictly above the upper or strictly below the lower limit (a
  point exactly on a limit is *not* beyond it, as in the NHS tools);
* **run of 7 on one side**: 7 or more consecutive points all above, or all below, the mean.
  A point exactly on the mean breaks a run;
* **trend of 7**: 7 or more consecutive points each strictly higher (or each strictly lower)
  than the one before, i.e. 6 increases (or decreases) in a row; two equal values break it;
* **2 of 3 near a limit**: 2 (or 3) of 3 consecutive points beyond two sigma on the same side
  of the mean, i.e. more than two-thirds of the way from the mean to a limit (beyond the limit
  included). The points of the group that are beyond two sigma are flagged; the third point,
  nearer the mean, is not a signal in itself.

Every point of a run or trend is flagged, not only the seventh. "On the mean", "on a limit"
and "on the two-sigma line" allow for floating-point rounding (a billionth of the scale).

**Segments.** Limits are recalculated only at a known change ("recalculate limits only at a
known change, never automatically"): ``rebase_at`` lists the positions where a new segment
starts with its own mean and limits. Rules apply within a segment (a run or trend never
crosses a recalculation). ``baseline_points`` fixes each segment's mean and limits on its first
n points and extends them over the rest, so later points are judged against the baseline
instead of moving it.

**Variation.** A special-cause point is ``"improvement"`` when its signal is on the better side
(a high point, a run above the mean or an upward trend when ``improvement="increase"``),
``"concern"`` when on the worse side and ``"neutral"`` when ``improvement="neutral"`` (more or
less is neither better nor worse). A point whose signals point opposite ways (say, the high
first point of a falling trend) is a ``"concern"``: a mixed signal is worth a look, never a
celebration. Other points are ``"common cause"``.

**Missing values** (NaN) and infinite values raise ``ValueError`` naming the first one: a
chart with a silent gap would join points that are not consecutive. Drop the period (and
say so) or fill it before charting.

Example:
    >>> import pandas as pd
    >>> weekly = pd.Series([70, 72, 69, 71, 70, 73, 70, 71, 85, 86, 84, 87],
    ...                    index=pd.date_range("2026-01-05", periods=12, freq="W-MON"))
    >>> chart = xmr(weekly, improvement="increase", rebase_at=None, baseline_points=8)
    >>> float(chart["mean"].iloc[0]), round(float(chart["upper"].iloc[0]), 2)
    (70.75, 76.45)
    >>> chart["variation"].tolist()[-4:]
    ['improvement', 'improvement', 'improvement', 'improvement']
    >>> assurance(chart, 75, improvement="increase")
    'hit and miss'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["D2", "E2", "IMPROVEMENTS", "RULE_LIMIT", "RULE_RUN", "RULE_TREND",
           "RULE_TWO_OF_THREE", "RULES", "RUN_LENGTH", "TREND_LENGTH", "VARIATIONS",
           "assurance", "signals", "summary", "verdict", "xmr"]

#: d2 for moving ranges of two points: mean moving range / D2 estimates sigma.
D2 = 1.128
#: Limits are mean ± E2 × mean moving range (E2 = 3 / d2, rounded as in "Making Data Count").
E2 = 2.66
#: Points in a row on one side of the mean that make a run (a special cause).
RUN_LENGTH = 7
#: Points each strictly higher (or lower) than the one before that make a trend.
TREND_LENGTH = 7

RULE_LIMIT = "beyond a limit"
RULE_RUN = f"run of {RUN_LENGTH} on one side"
RULE_TREND = f"trend of {TREND_LENGTH}"
RULE_TWO_OF_THREE = "2 of 3 near a limit"
#: The rules in the order they are named in the ``rule`` column.
RULES = (RULE_LIMIT, RULE_RUN, RULE_TREND, RULE_TWO_OF_THREE)
#: Which way is better: more, less, or neither.
IMPROVEMENTS = ("increase", "decrease", "neutral")
VARIATIONS = ("common cause", "improvement", "concern", "neutral")

_COLUMNS = ["value", "mean", "lower", "upper", "sigma", "segment", "baseline",
            "special_cause", "rule", "variation"]


def _check_improvement(improvement: Any) -> str:
    if improvement not in IMPROVEMENTS:
        raise ValueError(f"improvement must be one of {', '.join(map(repr, IMPROVEMENTS))} "
                         f"(which way is better for this measure); got {improvement!r}.")
    return str(improvement)


def _as_series(values: Any) -> pd.Series:
    if isinstance(values, pd.DataFrame):
        raise ValueError("values must be one column of numbers (a Series or a list), "
                         "not a whole table: pick the column, e.g. frame['fcr'].")
    if isinstance(values, str | bytes) or not isinstance(values, Iterable | pd.Series):
        raise ValueError(f"values must be a list or Series of numbers; got {values!r}.")
    series = values.copy() if isinstance(values, pd.Series) else pd.Series(list(values))
    if series.dtype == bool:
        raise ValueError("values must be numbers, not True/False: chart the share instead "
                         "(e.g. the weekly mean of the yes/no column).")
    try:
        numbers = pd.to_numeric(series, errors="raise").astype(float)
    except (TypeError, ValueError):
        raise ValueError("values must be numbers; at least one is not (e.g. text).") from None
    bad = ~np.isfinite(numbers.to_numpy())
    if bad.any():
        where = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"values has a missing or infinite value at position {where} "
            f"(index {numbers.index[where]!r}); {int(bad.sum())} in all. An XmR chart needs "
            "consecutive values: drop that period (and say so) or fill it first.")
    return numbers


def _segments(n: int, rebase_at: Any) -> list[tuple[int, int]]:
    if rebase_at is None:
        starts: list[int] = []
    else:
        items = [rebase_at] if isinstance(rebase_at, int | np.integer) else rebase_at
        if isinstance(items, str | bytes) or not isinstance(items, Iterable):
            raise ValueError("rebase_at must be a list of positions (whole numbers) where the "
                             f"limits are recalculated; got {rebase_at!r}.")
        starts = list(items)
        for s in starts:
            if isinstance(s, bool) or not isinstance(s, int | np.integer):
                raise ValueError("rebase_at must hold positions (whole numbers, counting the "
                                 f"first point as 0), not {s!r}.")
            if not 1 <= s <= n - 1:
                raise ValueError(f"rebase_at position {s} is out of range: a new segment can "
                                 f"start at positions 1 to {n - 1} of these {n} points.")
        if any(b <= a for a, b in zip(starts, starts[1:], strict=False)):
            raise ValueError(f"rebase_at must be in increasing order with no repeats; "
                             f"got {list(starts)}.")
    bounds = [0, *[int(s) for s in starts], n]
    pieces = list(zip(bounds[:-1], bounds[1:], strict=True))
    for a, b in pieces:
        if b - a < 2:
            raise ValueError(f"rebase_at makes a segment of {b - a} point (positions {a}"
                             f"–{b - 1}); each segment needs at least 2 points for limits.")
    return pieces


def _tolerance(*numbers: float) -> float:
    return 1e-9 * max(1.0, *(abs(x) for x in numbers))


def _run_flags(side: np.ndarray, length: int) -> np.ndarray:
    """True for every point in a stretch of ``length`` or more equal, non-zero ``side``s."""
    flags = np.zeros(len(side), dtype=bool)
    start = 0
    for i in range(1, len(side) + 1):
        if i == len(side) or side[i] != side[start]:
            if side[start] != 0 and i - start >= length:
                flags[start:i] = True
            start = i
    return flags


def _segment_signals(v: np.ndarray, mean: float, upper: float, lower: float,
                     ) -> list[list[tuple[str, int]]]:
    """For each point, the (rule, direction) signals it is part of; direction +1 up, -1 down."""
    n = len(v)
    tol = _tolerance(mean, upper, lower)
    found: list[list[tuple[str, int]]] = [[] for _ in range(n)]
    # beyond a limit: strictly outside
    for i in range(n):
        if v[i] > upper + tol:
            found[i].append((RULE_LIMIT, 1))
        elif v[i] < lower - tol:
            found[i].append((RULE_LIMIT, -1))
    # run on one side of the mean (a point on the mean has side 0 and breaks the run)
    side = np.where(v > mean + tol, 1, np.where(v < mean - tol, -1, 0))
    for i in np.flatnonzero(_run_flags(side, RUN_LENGTH)):
        found[i].append((RULE_RUN, int(side[i])))
    # trend: each step strictly up (or down) from the one before
    if n >= TREND_LENGTH:
        step = np.sign(np.diff(v)).astype(int)
        in_trend = _run_flags(step, TREND_LENGTH - 1)  # 6 steps = 7 points
        for j in np.flatnonzero(in_trend):
            for i in (j, j + 1):
                if (RULE_TREND, int(step[j])) not in found[i]:
                    found[i].append((RULE_TREND, int(step[j])))
    # 2 of 3 consecutive points beyond two sigma on the same side
    high = (upper - mean) * 2 / 3
    low = (mean - lower) * 2 / 3
    near = np.where(v > mean + high + tol, 1, np.where(v < mean - low - tol, -1, 0))
    for start in range(max(n - 2, 0)):
        window = near[start:start + 3]
        for direction in (1, -1):
            if (window == direction).sum() >= 2:
                for i in range(start, start + 3):
                    if near[i] == direction and (RULE_TWO_OF_THREE, direction) not in found[i]:
                        found[i].append((RULE_TWO_OF_THREE, direction))
    return found


def xmr(values: Sequence[float] | pd.Series, *, improvement: str = "neutral",
        baseline_points: int | None = None,
        rebase_at: int | Sequence[int] | None = None) -> pd.DataFrame:
    """An XmR chart of ``values``: one row per point with its limits and signals.

    ``values`` is a list or Series of numbers in time order (a Series keeps its index, such
    as week-start dates). ``improvement`` says which way is better: ``"increase"``,
    ``"decrease"`` or ``"neutral"``. ``rebase_at`` lists positions (0 = the first point)
    where the limits are recalculated after a known change; ``baseline_points`` fixes each
    segment's mean and limits on its first n points (all of a shorter segment). See the
    module's docstring for the rules and their source.

    Returns columns ``value``, ``mean``, ``lower``, ``upper``, ``sigma`` (mean moving
    range / 1.128), ``segment`` (0, 1, …), ``baseline`` (True where the point was used for
    the limits), ``special_cause``, ``rule`` ("" or the rules, joined with "; ") and
    ``variation`` ("common cause", "improvement", "concern" or "neutral"). The chart's
    ``attrs["improvement"]`` remembers ``improvement``.

    Raises ``ValueError`` for a missing (NaN) or infinite value, fewer than 2 points in a
    segment, an unknown ``improvement``, ``rebase_at`` positions out of range or out of
    order, or ``baseline_points`` below 2.

    Example:
        >>> chart = xmr([5, 7, 6, 8, 6], improvement="increase")
        >>> chart[["value", "mean", "lower", "upper"]].iloc[0].round(3).tolist()
        [5.0, 6.4, 1.745, 11.055]
        >>> bool(chart["special_cause"].any())
        False
    """
    improvement = _check_improvement(improvement)
    if baseline_points is not None and (
            isinstance(baseline_points, bool)
            or not isinstance(baseline_points, int | np.integer) or baseline_points < 2):
        raise ValueError("baseline_points must be a whole number of at least 2 (the points "
                         f"each segment's limits are worked out from); got {baseline_points!r}.")
    series = _as_series(values)
    n = len(series)
    if n < 2:
        raise ValueError(f"values needs at least 2 points for a moving range; got {n}.")
    pieces = _segments(n, rebase_at)
    v = series.to_numpy(dtype=float)

    out = {name: np.empty(n, dtype=float) for name in ("mean", "lower", "upper", "sigma")}
    segment = np.zeros(n, dtype=int)
    baseline = np.zeros(n, dtype=bool)
    rules: list[str] = [""] * n
    variation: list[str] = ["common cause"] * n
    better = {"increase": 1, "decrease": -1, "neutral": 0}[improvement]
    for number, (a, b) in enumerate(pieces):
        used = v[a:b] if baseline_points is None else v[a:a + min(int(baseline_points), b - a)]
        mean = float(used.mean())
        mr_bar = float(np.abs(np.diff(used)).mean())
        lower, upper = mean - E2 * mr_bar, mean + E2 * mr_bar
        out["mean"][a:b], out["lower"][a:b], out["upper"][a:b] = mean, lower, upper
        out["sigma"][a:b] = mr_bar / D2
        segment[a:b] = number
        baseline[a:a + len(used)] = True
        for offset, found in enumerate(_segment_signals(v[a:b], mean, upper, lower)):
            if not found:
                continue
            i = a + offset
            rules[i] = "; ".join(r for r in RULES if any(r == name for name, _ in found))
            directions = {d for _, d in found}
            if better == 0:
                variation[i] = "neutral"
            elif directions == {better}:
                variation[i] = "improvement"
            else:
                variation[i] = "concern"
    chart = pd.DataFrame({"value": v, **out, "segment": segment, "baseline": baseline,
                          "special_cause": [bool(r) for r in rules], "rule": rules,
                          "variation": variation}, index=series.index)[_COLUMNS]
    chart.attrs["improvement"] = improvement
    return chart


def _check_chart(chart: Any, caller: str) -> pd.DataFrame:
    if not isinstance(chart, pd.DataFrame) or not {"value", "mean", "lower", "upper",
                                                   "special_cause", "variation"} <= set(chart):
        raise ValueError(f"{caller}(): chart must be the table xmr() returns.")
    if chart.empty:
        raise ValueError(f"{caller}(): the chart has no points.")
    return chart


def _last_segment(chart: pd.DataFrame) -> pd.DataFrame:
    if "segment" not in chart:
        return chart
    return chart[chart["segment"] == chart["segment"].iloc[-1]]


def assurance(chart: pd.DataFrame, target: float, *, improvement: str) -> str:
    """Will the process meet ``target``? Judged on the last segment's limits.

    * ``"reliably met"``: the whole range between the limits is on the good side of the
      target (a limit exactly on the target counts as meeting it);
    * ``"reliably missed"``: the whole range is on the bad side;
    * ``"hit and miss"``: the target lies between the limits, so some periods will meet it
      and some will not, by chance alone, until the process itself changes.

    ``improvement`` must be ``"increase"`` or ``"decrease"`` (a target needs a better side).

    Example:
        >>> chart = xmr([80, 82, 81, 83, 82, 81], improvement="increase")
        >>> [assurance(chart, t, improvement="increase") for t in (70, 90)]
        ['reliably met', 'reliably missed']
        >>> assurance(chart, 82, improvement="increase")
        'hit and miss'
    """
    chart = _check_chart(chart, "assurance")
    improvement = _check_improvement(improvement)
    if improvement == "neutral":
        raise ValueError("assurance(): a target needs a better side: improvement must be "
                         "'increase' or 'decrease'.")
    if isinstance(target, bool) or not isinstance(target, int | float | np.integer | np.floating) \
            or not np.isfinite(target):
        raise ValueError(f"assurance(): target must be a number; got {target!r}.")
    last = chart.iloc[-1]
    lower, upper = float(last["lower"]), float(last["upper"])
    tol = _tolerance(lower, upper, float(target))
    if improvement == "increase":
        if lower >= target - tol:
            return "reliably met"
        return "reliably missed" if upper < target - tol else "hit and miss"
    if upper <= target + tol:
        return "reliably met"
    return "reliably missed" if lower > target + tol else "hit and miss"


def signals(chart: pd.DataFrame) -> pd.DataFrame:
    """The chart's special causes grouped into signals: consecutive flagged points of one
    kind of variation in one segment.

    Columns ``first`` and ``last`` (index labels), ``points``, ``variation``, ``rules``
    (the rules met anywhere in the group, in :data:`RULES` order), ``segment``.

    Example:
        >>> chart = xmr([5, 5, 6, 5, 6, 5, 20, 5], improvement="decrease", baseline_points=6)
        >>> signals(chart)[["first", "points", "variation", "rules"]].to_dict("records")
        [{'first': 6, 'points': 1, 'variation': 'concern', 'rules': 'beyond a limit'}]
    """
    chart = _check_chart(chart, "signals")
    rows: list[dict[str, Any]] = []
    seg = chart["segment"] if "segment" in chart else pd.Series(0, index=chart.index)
    labels = list(chart.index)
    flagged = chart["special_cause"].to_numpy()
    kinds = chart["variation"].to_numpy()
    rule_texts = chart["rule"].to_numpy() if "rule" in chart else [""] * len(chart)
    segments = seg.to_numpy()
    i = 0
    while i < len(chart):
        if not flagged[i]:
            i += 1
            continue
        j = i
        while (j + 1 < len(chart) and flagged[j + 1] and kinds[j + 1] == kinds[i]
               and segments[j + 1] == segments[i]):
            j += 1
        met = {r for text in rule_texts[i:j + 1] for r in str(text).split("; ") if r}
        rows.append({"first": labels[i], "last": labels[j], "points": j - i + 1,
                     "variation": kinds[i], "rules": "; ".join(r for r in RULES if r in met),
                     "segment": int(segments[i])})
        i = j + 1
    return pd.DataFrame(rows, columns=["first", "last", "points", "variation", "rules",
                                       "segment"])


def summary(chart: pd.DataFrame) -> str:
    """One phrase for a table of many charts: "common cause", "special cause: improvement",
    "special cause: concern", "special cause: improvement and concern" or
    "special cause: neutral".

    Example:
        >>> summary(xmr([5, 6, 5, 6, 5, 6, 5], improvement="increase"))
        'common cause'
    """
    chart = _check_chart(chart, "summary")
    kinds = [k for k in ("improvement", "concern", "neutral")
             if (chart["variation"] == k).any()]
    return "special cause: " + " and ".join(kinds) if kinds else "common cause"


def _default_when(label: Any) -> str:
    if isinstance(label, pd.Timestamp | np.datetime64):
        return pd.Timestamp(label).strftime("%-d %b %Y")
    if isinstance(label, int | np.integer):
        return f"point {int(label) + 1}"
    return str(label)


def _default_fmt(number: float) -> str:
    return f"{number:,.3g}"


def verdict(chart: pd.DataFrame, improvement: str, *,
            fmt: Callable[[float], str] | None = None,
            when: Callable[[Any], str] | None = None) -> str:
    """A plain-English reading of the chart for a manager, computed from its flags.

    ``fmt`` formats numbers (e.g. ``"{:.0%}".format`` for rates; by default 3 significant
    figures) and ``when`` formats index labels (by default a date as "23 Feb 2026", a
    position as "point 5"). The sentence names the latest signal (its kind, when it started
    and ended, the rules met), mentions earlier signals, gives the range the process varies
    in now (the last segment's limits), and warns when the last points are heading for a
    run that is not yet a signal.

    Example:
        >>> print(verdict(xmr([5, 6, 5, 6, 5, 6, 5], improvement="increase"), "increase"))
        ... # doctest: +NORMALIZE_WHITESPACE
        Common cause only: the values vary between about 2.77 and 8.09 by chance; no point
        is a signal.
        >>> chart = xmr([5, 5, 6, 5, 6, 5, 20, 5], improvement="decrease", baseline_points=6)
        >>> print(verdict(chart, "decrease"))  # doctest: +NORMALIZE_WHITESPACE
        Special cause of concern at point 7 (beyond a limit). Apart from signals, the values
        vary between about 3.21 and 7.46.
    """
    chart = _check_chart(chart, "verdict")
    improvement = _check_improvement(improvement)
    fmt = fmt or _default_fmt
    when = when or _default_when
    last = _last_segment(chart)
    lower, upper = float(last["lower"].iloc[0]), float(last["upper"].iloc[0])
    rebased = "segment" in chart and chart["segment"].iloc[-1] > 0
    since = f" since the limits were recalculated at {when(last.index[0])}" if rebased else ""
    found = signals(chart)
    parts: list[str] = []
    if found.empty:
        parts.append(f"Common cause only{since}: the values vary between about {fmt(lower)} "
                     f"and {fmt(upper)} by chance; no point is a signal.")
    else:
        def describe(signal: pd.Series) -> str:
            if signal["points"] == 1:
                return f"at {when(signal['first'])} ({signal['rules']})"
            return (f"from {when(signal['first'])} to {when(signal['last'])} "
                    f"({signal['points']} points: {signal['rules']})")

        def kind(variation: str) -> str:
            return ("special cause (neither better nor worse)" if variation == "neutral"
                    else f"special cause of {variation}")

        latest = found.iloc[-1]
        parts.append(f"S{kind(latest['variation'])[1:]} {describe(latest)}.")
        earlier = found.iloc[:-1]
        if len(earlier) == 1:
            parts.append(f"Earlier, a {kind(earlier['variation'].iloc[0])} "
                         f"{describe(earlier.iloc[0])}.")
        elif len(earlier) > 1:
            counts = earlier["variation"].value_counts()
            listed = " and ".join(f"{n} {'neutral' if k == 'neutral' else 'of ' + k}"
                                  for k, n in counts.items())
            parts.append(f"Earlier signals: {listed}, the first at "
                         f"{when(earlier['first'].iloc[0])}.")
        parts.append(f"Apart from signals, the values vary between about {fmt(lower)} and "
                     f"{fmt(upper)}{since}.")
        sustained = (latest["last"] == chart.index[-1] and latest["points"] >= 5
                     and int(latest["segment"]) == int(last["segment"].iloc[-1])
                     if "segment" in last else False)
        if sustained:
            parts.append("If a known change explains this shift, recalculate the limits from "
                         "when it started; never recalculate them without a known cause.")
    # a run in the making: the last points all on one side, not yet flagged
    values, mean = last["value"].to_numpy(), float(last["mean"].iloc[0])
    tol = _tolerance(mean)
    side = np.where(values > mean + tol, 1, np.where(values < mean - tol, -1, 0))
    k = 0
    while k < len(side) and side[-1] != 0 and side[-1 - k] == side[-1]:
        k += 1
    if 4 <= k < RUN_LENGTH and not last["special_cause"].iloc[-k:].any():
        where = "above" if side[-1] > 0 else "below"
        better = {"increase": 1, "decrease": -1}.get(improvement, 0)
        tone = ("" if better == 0 else
                " (the better side)" if side[-1] == better else " (the worse side)")
        parts.append(f"Watch: the last {k} points are all {where} the mean{tone}; "
                     f"{RUN_LENGTH - k} more would make a run of {RUN_LENGTH}, a signal.")
    return " ".join(parts)
