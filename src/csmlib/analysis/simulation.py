"""Simulate one day on a phone queue, call by call, to see what the Erlang C sums leave out.

Erlang C (in :mod:`csmlib.analysis.staffing`) treats each half-hour on its own, as if it were steady
for ever, with callers who never hang up. A real day is lumpier: a
mid-morning surge leaves a queue that spills into the next half-hour, callers give up, and
agents who are off sick are simply not there. This module plays the day through, one caller at
a time, so you can try "what if" changes and see service level, waits and abandonment for
every half-hour against the 80% standard.

How the simulated day works (the rules, in plain English):

* **The day** is 48 half-hours; half-hour 0 is 00:00-00:30 and half-hour 47 is 23:30-24:00.
  The centre is open in any half-hour with a forecast above 0 or agents scheduled.
* **Calls arrive at random** around the forecast: in each half-hour the number of calls is
  random (Poisson) with the forecast as its average, times (1 + ``spike``) inside the spike
  window, and calls land at random moments within the half-hour. The spike adds extra
  callers on top of the usual ones, so the rest of the day's callers stay the same.
* **Agents**: in each half-hour, ``round(agents × (1 - absent_share))`` agents can start a
  call (halves round up), plus ``extra_agents`` overtime agents in every open half-hour of the
  overtime window. An agent still on a call when their half-hour ends finishes it: no one is
  cut off, and that overrun counts as agent time when working out occupancy.
* **The queue** is first come, first served; a free agent always takes the caller who has
  waited longest. Handle times vary from call to call around ``aht_s`` (a lognormal spread:
  most calls near the average, a few much longer).
* **Hanging up**: each caller will wait a random time (on average ``patience_mean_s``) and
  hangs up if not answered by then (a random, exponential spread of patience).
* **Closing**: agents only start calls during their own half-hours, so callers still queueing
  when the last agents' half-hour ends, or who ring when no agents are scheduled for the rest
  of the day, wait until their patience runs out and count as abandoned. With
  ``patience_mean_s=None`` nobody hangs up, and such callers count as abandoned at close.
  (To clear the queue at closing time, schedule agents for one more half-hour with no
  forecast.)
* **Callbacks** (when switched on, for callers arriving from half-hour ``callback_start``,
  by default the whole day): as a call arrives, the system estimates its wait as
  (callers ahead + 1) × AHT ÷ agents on now (endless when no one is on). If that is longer
  than ``callback_threshold_s``, the caller is offered a callback and a share
  ``callback_take_up`` accept: they leave the queue at once (not abandoned). Callbacks are made
  later that day, first come, first served, by agents who would otherwise sit idle: only when
  no one is queueing *and* at least √(agents on now) agents are free, rounded up (7 free when
  41 are on, 2 of 4, 1 of 1). That small reserve keeps callbacks to genuinely quiet moments,
  so they do not take the free agents that the next callers need (making callbacks in every
  brief gap of a busy spell would lower service level). Each callback takes a normal handle
  time. Callbacks not made by the end of the last open half-hour are *outstanding*. If no agent
  is on for the rest of the day, callers may still accept a callback, which stays outstanding.
* **Counting**: every caller is counted in the half-hour they *arrived* in (offered, answered,
  abandoned, callbacks requested and waits), even if answered in a later half-hour. Callbacks
  made are counted in the half-hour the agent makes them. Service level is callers answered
  within ``target_s`` ÷ callers offered; callers who hang up or take a callback count as
  offered but not answered within target (the strict definition). Average and longest waits
  are of answered callers. Occupancy is time spent handling calls and callbacks ÷ agent time
  in the half-hour (agents finishing a call after their half-hour count as on duty).
* **Same inputs, same seed, same day**: all the randomness comes from ``seed``. Changing
  absence, overtime or callbacks replays exactly the same callers, so any difference you see
  comes from your change and not from luck. A new seed gives another plausible day.

Example:
    >>> forecast = [0] * 16 + [100] * 24 + [0] * 8     # 08:00-20:00, 100 calls a half-hour
    >>> agents = [0] * 16 + [14] * 24 + [0] * 8
    >>> day = simulate_day(DayScenario(forecast, agents, aht_s=180, seed=1))
    >>> int(day.summary["offered"]) == int(day.intervals["offered"].sum())
    True
    >>> bool(0.7 < day.summary["service_level"] < 1)
    True
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from numbers import Integral, Real

import numpy as np
import pandas as pd

from csmlib.analysis import checks, staffing
from csmlib.data.schema import require_columns

INTERVAL_S = 1800
"""Length of one interval in seconds (half an hour)."""
INTERVALS_PER_DAY = 48
"""Half-hours in a day."""
SERVICE_LEVEL_GOAL = 0.8
"""The standard behind ``intervals_below_target``: 80% answered within the target time."""
MAX_CALLS_PER_INTERVAL = 5_000
"""Most calls a half-hour (forecast, spike included) a simulation takes: several times the
busiest single queue, and a day of it (240,000 calls) still plays in well under a second."""
MAX_SIMULATED_CALLS = 750_000
"""Most calls :func:`erlang_check` simulates in one go (calls a half-hour × half-hours):
about two seconds of simulation."""
MAX_STAFFING_CALLS = 50_000
"""Most calls :func:`required_agents_with_abandonment` simulates for each staffing it tries
(calls a half-hour × 48 × days): it tries up to about ten, so the answer takes a second or
two. That is 260 calls a half-hour over the default 4 days, or 1,000 over one day."""
MAX_DAYS = 20
"""Most days :func:`required_agents_with_abandonment` simulates for each staffing tried."""
MAX_INTERVALS = 10_000
"""Most half-hours :func:`erlang_check` simulates (about 7 months of steady load)."""

_WAITING, _ANSWERED, _ABANDONED, _CALLBACK_WAITING, _CALLBACK_MADE = range(5)
#: The course's bad day (notebook 03's intraday monitor): the plan's busiest Monday, a
#: billing run adding 45% to calls from interval 19 (09:30) to 28 (14:00), 8% of agents sick.
BAD_DAY = {"spike": 0.45, "spike_start": 19, "spike_end": 28, "absent_share": 0.08}
#: When the manager decides on that day: clock time → interval index.
DECISION_POINTS = {"10:00": 20, "13:00": 26}
_NEVER = math.inf


@dataclass(frozen=True)
class DayScenario:
    """Everything that defines one simulated day; checked as soon as it is created.

    The rules behind each field are in the module description. Times are in seconds, shares
    run from 0 to 1, and windows are half-hours ``[start, end)`` counted from 0 (00:00) to 48
    (midnight): the default spike window 18-26 is 09:00-13:00 and overtime 16-40 is
    08:00-20:00. A wrong value raises a ValueError that names the field to change.

    Example:
        >>> scenario = DayScenario([50.0] * 48, [10] * 48, spike=0.4, absent_share=0.1)
        >>> scenario.spike_start, scenario.spike_end
        (18, 26)
    """

    forecast: Sequence[float]
    agents: Sequence[int]
    aht_s: float = 330.0
    handle_sigma: float = 0.55
    patience_mean_s: float | None = 480.0
    target_s: float = 20.0
    spike: float = 0.0
    spike_start: int = 18
    spike_end: int = 26
    absent_share: float = 0.0
    extra_agents: int = 0
    overtime_start: int = 16
    overtime_end: int = 40
    callbacks: bool = False
    callback_threshold_s: float = 120.0
    callback_take_up: float = 0.6
    seed: int = 0
    callback_start: int = 0

    def __post_init__(self) -> None:
        _validate(self)


@dataclass
class DayResult:
    """The simulated day: one row per half-hour in ``intervals`` and day totals in ``summary``.

    Example:
        >>> day = simulate_day(DayScenario([0.0] * 48, [0] * 48))
        >>> len(day.intervals), day.summary["offered"]
        (48, 0.0)
    """

    intervals: pd.DataFrame
    summary: dict[str, float]


@dataclass
class _Callers:
    """Every caller of a simulated run, in order of arrival (one array entry per caller)."""

    arrival: np.ndarray  # seconds from the start of the run
    interval: np.ndarray  # half-hour of arrival
    handle: np.ndarray  # handle time in seconds (also used if they take a callback)
    patience: np.ndarray  # seconds they will wait before hanging up (inf = never)
    accepts_callback: np.ndarray  # would say yes if offered a callback


# ---------------------------------------------------------------------------------------------
# Checking the inputs
# ---------------------------------------------------------------------------------------------


def _check_number(name: str, value: object, *, minimum: float = 0.0, strict: bool = False,
                  hint: str = "") -> None:
    """Raise a ValueError naming ``name`` unless ``value`` is a finite number above the limit.

    Example:
        >>> _check_number("aht_s", 300, strict=True)
    """
    ok = isinstance(value, Real) and math.isfinite(value)
    ok = ok and (value > minimum if strict else value >= minimum)
    if not ok:
        limit = f"more than {minimum:g}" if strict else f"{minimum:g} or more"
        raise ValueError(f"{name} must be a number {limit}{hint}; got {value!r}.")


def _check_whole(name: str, value: object, *, low: int, high: int | None = None) -> None:
    """Raise a ValueError naming ``name`` unless ``value`` is a whole number in range.

    Example:
        >>> _check_whole("extra_agents", 3, low=0)
    """
    ok = isinstance(value, Integral) and value >= low and (high is None or value <= high)
    if not ok:
        limit = f"from {low} to {high}" if high is not None else f"of {low} or more"
        raise ValueError(f"{name} must be a whole number {limit}; got {value!r}.")


def _check_share(name: str, value: object, example: str) -> None:
    """Raise a ValueError naming ``name`` unless ``value`` is a share from 0 to 1.

    Example:
        >>> _check_share("absent_share", 0.1, "0.1 for 10% absent")
    """
    if not (isinstance(value, Real) and 0 <= value <= 1):
        raise ValueError(f"{name} is a share from 0 to 1 (e.g. {example}); got {value!r}.")


def _check_series(name: str, values: Sequence[float], *, whole: bool) -> None:
    """Raise a ValueError naming ``name`` unless it holds 48 numbers of 0 or more.

    Example:
        >>> _check_series("agents", [10] * 48, whole=True)
    """
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a list of 48 numbers, one per half-hour.") from None
    if array.shape != (INTERVALS_PER_DAY,):
        got = f"{len(array)} values" if array.ndim == 1 else f"something of shape {array.shape}"
        raise ValueError(f"{name} needs {INTERVALS_PER_DAY} values, one per half-hour from "
                         f"00:00 to 23:30; got {got}. Give one list of 48 numbers.")
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise ValueError(f"{name} must be 0 or more in every half-hour; change the negative "
                         "or missing values.")
    if whole and np.any(array != np.floor(array)):
        raise ValueError(f"{name} must be whole numbers of agents; round the fractions.")


def _check_window(prefix: str, start: object, end: object) -> None:
    """Raise a ValueError unless ``[start, end)`` is a window of half-hours within the day.

    Example:
        >>> _check_window("spike", 18, 26)
    """
    _check_whole(f"{prefix}_start", start, low=0, high=INTERVALS_PER_DAY)
    _check_whole(f"{prefix}_end", end, low=0, high=INTERVALS_PER_DAY)
    if end < start:
        raise ValueError(f"{prefix}_end ({end}) must not be before {prefix}_start ({start}); "
                         "they count half-hours from 0 (00:00) to 48 (midnight).")


def _validate(scenario: DayScenario) -> None:
    """Check every field of ``scenario``, raising a ValueError that names the field to change.

    Example:
        >>> _validate(DayScenario([10.0] * 48, [2] * 48))
    """
    s = scenario
    _check_series("forecast", s.forecast, whole=False)
    _check_series("agents", s.agents, whole=True)
    _check_number("aht_s", s.aht_s, strict=True, hint=" (average handle time in seconds)")
    _check_number("handle_sigma", s.handle_sigma, hint=" (0.55 is typical)")
    if s.patience_mean_s is not None and not (
            isinstance(s.patience_mean_s, Real) and s.patience_mean_s > 0):
        raise ValueError("patience_mean_s must be a number of seconds more than 0, or None "
                         f"for callers who never hang up; got {s.patience_mean_s!r}.")
    _check_number("target_s", s.target_s, hint=" (seconds, e.g. 20)")
    _check_number("spike", s.spike, hint=" (extra demand as a share, e.g. 0.4 for +40%)")
    _check_window("spike", s.spike_start, s.spike_end)
    _check_share("absent_share", s.absent_share, "0.1 for 10% of agents absent")
    _check_window("overtime", s.overtime_start, s.overtime_end)
    _check_number("callback_threshold_s", s.callback_threshold_s, hint=" (seconds)")
    _check_share("callback_take_up", s.callback_take_up, "0.6 for 60% accepting")
    _check_whole("callback_start", s.callback_start, low=0, high=INTERVALS_PER_DAY)
    _check_whole("seed", s.seed, low=0)
    _check_whole("extra_agents", s.extra_agents, low=0, high=staffing.MAX_AGENTS)
    if max(s.agents) > staffing.MAX_AGENTS:
        raise ValueError(f"agents must be at most {staffing.MAX_AGENTS:,} in every half-hour "
                         f"(far beyond one queue); got {max(s.agents):g}. Check the numbers.")
    forecast = np.asarray(s.forecast, dtype=float)
    busiest = float(np.max(forecast * (1 + s.spike * _window(s.spike_start, s.spike_end))))
    if busiest > MAX_CALLS_PER_INTERVAL:
        raise ValueError(
            f"The forecast (with the spike) reaches {busiest:,.0f} calls in a half-hour; a "
            f"simulated day takes at most {MAX_CALLS_PER_INTERVAL:,} calls a half-hour, far "
            "beyond one queue. Check forecast (calls per half-hour, not per day) and spike (a "
            "share, e.g. 0.4 for +40%), or split the calls across queues and simulate each.")


# ---------------------------------------------------------------------------------------------
# Building the day: demand, staffing and callers
# ---------------------------------------------------------------------------------------------


def _window(start: int, end: int, length: int = INTERVALS_PER_DAY) -> np.ndarray:
    """True for the half-hours in ``[start, end)``.

    Example:
        >>> _window(1, 3, 4).tolist()
        [False, True, True, False]
    """
    index = np.arange(length)
    return (index >= start) & (index < end)


def _capacity(scenario: DayScenario) -> np.ndarray:
    """Agents able to start a call in each half-hour, after absence and overtime.

    Example:
        >>> s = DayScenario([0.0] * 47 + [9.0], [10] * 47 + [0], absent_share=0.25,
        ...                 extra_agents=2, overtime_start=46, overtime_end=48)
        >>> _capacity(s)[[0, 45, 46, 47]].tolist()
        [8, 8, 10, 2]
    """
    scheduled = np.asarray(scenario.agents, dtype=float)
    present = np.floor(scheduled * (1 - scenario.absent_share) + 0.5 + 1e-9)
    is_open = (np.asarray(scenario.forecast, dtype=float) > 0) | (scheduled > 0)
    overtime = _window(scenario.overtime_start, scenario.overtime_end) & is_open
    return (present + scenario.extra_agents * overtime).astype(int)


def _draw_group(rng: np.random.Generator, means: np.ndarray, aht_s: float,
                handle_sigma: float | None, patience_mean_s: float | None,
                take_up: float) -> _Callers:
    """Draw one group of callers: Poisson counts per interval and everything about each caller.

    ``handle_sigma=None`` draws exponential handle times (Erlang C's own assumption).

    Example:
        >>> group = _draw_group(np.random.default_rng(0), np.array([5.0, 5.0]), 300, 0.5,
        ...                     None, 0.6)
        >>> bool(np.all(np.isinf(group.patience)))
        True
    """
    counts = rng.poisson(means)
    interval = np.repeat(np.arange(len(means)), counts)
    arrival = np.sort((interval + rng.random(len(interval))) * INTERVAL_S)  # intervals stay put
    if handle_sigma is None:
        handle = rng.exponential(aht_s, len(interval))
    else:
        handle = rng.lognormal(math.log(aht_s) - handle_sigma**2 / 2, handle_sigma,
                               len(interval))
    patience = rng.standard_exponential(len(interval))
    if patience_mean_s is None or math.isinf(patience_mean_s):
        patience = np.full(len(interval), _NEVER)
    else:
        patience = patience * patience_mean_s
    accepts = rng.random(len(interval)) < take_up
    return _Callers(arrival, interval, handle, patience, accepts)


def _merge(groups: Sequence[_Callers]) -> _Callers:
    """Combine groups of callers into one, in order of arrival.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> both = _merge([_draw_group(rng, np.array([3.0]), 300, 0.5, 480, 0.6)] * 2)
        >>> bool(np.all(np.diff(both.arrival) >= 0))
        True
    """
    order = np.argsort(np.concatenate([g.arrival for g in groups]), kind="stable")
    fields = ("arrival", "interval", "handle", "patience", "accepts_callback")
    return _Callers(*(np.concatenate([getattr(g, f) for g in groups])[order] for f in fields))


def _day_callers(scenario: DayScenario) -> _Callers:
    """The day's callers: the usual demand plus, from a separate random stream, the spike.

    Example:
        >>> s = DayScenario([100.0] * 48, [20] * 48, aht_s=180)
        >>> 4500 < len(_day_callers(s).arrival) < 5100
        True
    """
    forecast = np.asarray(scenario.forecast, dtype=float)
    extra = forecast * scenario.spike * _window(scenario.spike_start, scenario.spike_end)
    usual_rng, spike_rng = (np.random.default_rng(child)
                            for child in np.random.SeedSequence(scenario.seed).spawn(2))
    common = (scenario.aht_s, scenario.handle_sigma, scenario.patience_mean_s,
              scenario.callback_take_up)
    return _merge([_draw_group(usual_rng, forecast, *common),
                   _draw_group(spike_rng, extra, *common)])


# ---------------------------------------------------------------------------------------------
# The queue itself
# ---------------------------------------------------------------------------------------------


def _callback_reserve(agents_on: int) -> int:
    """Free agents needed before one of them makes a callback: √(agents on), rounded up.

    Example:
        >>> [_callback_reserve(n) for n in (1, 4, 41)]
        [1, 2, 7]
    """
    return math.ceil(math.sqrt(agents_on))


class _QueueRun:
    """First-come-first-served queue with a changing number of agents, played event by event.

    Events are arrivals (in time order), agents finishing (a heap of finish times) and callers'
    patience running out (a heap, only for callers who queue). Afterwards ``state`` says what
    happened to each caller and ``start`` when an agent started their call or callback.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> callers = _draw_group(rng, np.array([60.0, 60.0]), 180, 0.5, 300, 0.6)
        >>> run = _QueueRun(callers, [6, 6], callbacks=False, threshold_s=120, aht_s=180)
        >>> run.play()
        >>> sorted(set(run.state)) <= [_ANSWERED, _ABANDONED]
        True
    """

    def __init__(self, callers: _Callers, capacity: Sequence[int], *, callbacks: bool,
                 threshold_s: float, aht_s: float, callbacks_from_s: float = 0.0) -> None:
        self.arrival = callers.arrival.tolist()
        self.handle = callers.handle.tolist()
        self.patience = callers.patience.tolist()
        self.accepts = callers.accepts_callback.tolist()
        self.capacity = [int(c) for c in capacity]
        self.callbacks, self.threshold_s, self.aht_s = callbacks, threshold_s, aht_s
        self.callbacks_from_s = callbacks_from_s  # callers arriving earlier are not offered one
        self.state = [_WAITING] * len(self.arrival)
        self.start = [math.nan] * len(self.arrival)
        self.overrun_s = [0.0] * len(self.capacity)  # agent time past the end of a shift
        self.finishing: list[float] = []  # heap of times busy agents finish
        self.expiring: list[tuple[float, int]] = []  # heap of (hang-up time, caller)
        self.queue: deque[int] = deque()  # callers in order (some may have hung up)
        self.callbacks_due: deque[int] = deque()
        self.waiting = 0
        self.cap = 0

    def play(self) -> None:
        """Run every interval in turn, then let the last calls finish and the queue empty."""
        arrival, total, i = self.arrival, len(self.arrival), 0
        for k, cap in enumerate(self.capacity):
            begin, end = k * INTERVAL_S, (k + 1) * INTERVAL_S
            self.cap = cap
            self._note_overrun(k, begin, end)
            self._dispatch(begin)
            while i < total and arrival[i] < end:
                self._advance(arrival[i])
                self._arrive(i, arrival[i])
                i += 1
            self._advance(end)
        self.cap = 0
        self._advance(_NEVER)
        for j in self.queue:  # only callers who never hang up can still be waiting
            if self.state[j] == _WAITING:
                self.state[j] = _ABANDONED

    def _note_overrun(self, k: int, begin: float, end: float) -> None:
        """Agent time in interval ``k`` spent finishing calls by agents beyond its capacity."""
        extra = len(self.finishing) - self.cap
        if extra > 0:
            self.overrun_s[k] = sum(min(t, end) - begin
                                    for t in heapq.nsmallest(extra, self.finishing))

    def _advance(self, until: float) -> None:
        """Process agents finishing and callers hanging up, in time order, up to ``until``."""
        finishing, expiring, state = self.finishing, self.expiring, self.state
        while True:
            done = finishing[0] if finishing else _NEVER
            gone = expiring[0][0] if expiring else _NEVER
            if done <= gone:
                if done > until or not finishing:
                    return
                heapq.heappop(finishing)
                self._dispatch(done)
            else:
                if gone > until:
                    return
                j = heapq.heappop(expiring)[1]
                if state[j] == _WAITING:
                    state[j] = _ABANDONED
                    self.waiting -= 1

    def _dispatch(self, now: float) -> None:
        """Free agents take the longest-waiting caller, or else the oldest callback due."""
        state, finishing = self.state, self.finishing
        while len(finishing) < self.cap:
            if self.waiting:
                j = self.queue.popleft()
                if state[j] != _WAITING:
                    continue  # hung up earlier
                self.waiting -= 1
                state[j] = _ANSWERED
            elif self.callbacks_due and self.cap - len(finishing) >= _callback_reserve(self.cap):
                j = self.callbacks_due.popleft()
                state[j] = _CALLBACK_MADE
            else:
                return
            self.start[j] = now
            heapq.heappush(finishing, now + self.handle[j])

    def _arrive(self, j: int, now: float) -> None:
        """A call arrives: answered at once, queued, or (if offered and accepted) a callback."""
        if len(self.finishing) < self.cap:  # an agent is free, so no one is queueing
            self.state[j] = _ANSWERED
            self.start[j] = now
            heapq.heappush(self.finishing, now + self.handle[j])
            return
        if self.callbacks and self.accepts[j] and now >= self.callbacks_from_s:
            expected = (self.waiting + 1) * self.aht_s / self.cap if self.cap else _NEVER
            if expected > self.threshold_s:
                self.state[j] = _CALLBACK_WAITING
                self.callbacks_due.append(j)
                return
        self.queue.append(j)
        self.waiting += 1
        if self.patience[j] < _NEVER:
            heapq.heappush(self.expiring, (now + self.patience[j], j))


# ---------------------------------------------------------------------------------------------
# Turning what happened into half-hourly figures
# ---------------------------------------------------------------------------------------------


def _busy_time(start: np.ndarray, finish: np.ndarray, intervals: int) -> np.ndarray:
    """Seconds of handling inside each interval, from each call's start and finish times.

    Example:
        >>> _busy_time(np.array([1700.0]), np.array([1900.0]), 2).tolist()
        [100.0, 100.0]
    """
    starts, finishes = np.sort(start), np.sort(finish)
    start_sums = np.concatenate([[0.0], np.cumsum(starts)])
    finish_sums = np.concatenate([[0.0], np.cumsum(finishes)])
    bounds = np.arange(intervals + 1) * float(INTERVAL_S)
    started = np.searchsorted(starts, bounds)
    finished = np.searchsorted(finishes, bounds)
    # handling done before each bound: finished calls in full, calls in progress up to the bound
    before = finish_sums[finished] + bounds * (started - finished) - start_sums[started]
    return np.diff(before)


def _per_interval(index: np.ndarray, intervals: int, weights: np.ndarray | None = None
                  ) -> np.ndarray:
    """Count (or add up ``weights``) by interval.

    Example:
        >>> _per_interval(np.array([0, 2, 2]), 3).tolist()
        [1, 0, 2]
    """
    return np.bincount(index, weights=weights, minlength=intervals)[:intervals]


def _ratio(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    """``top ÷ bottom`` element by element, NaN where ``bottom`` is 0.

    Example:
        >>> _ratio(np.array([1, 1]), np.array([2, 0])).tolist()
        [0.5, nan]
    """
    top, bottom = np.asarray(top, dtype=float), np.asarray(bottom, dtype=float)
    out = np.full(top.shape, np.nan)
    np.divide(top, bottom, out=out, where=bottom > 0)
    return out


def _interval_labels(intervals: int) -> list[str]:
    """Start times as "HH:MM" (wrapping after midnight).

    Example:
        >>> _interval_labels(3)
        ['00:00', '00:30', '01:00']
    """
    return [f"{(k // 2) % 24:02d}:{30 * (k % 2):02d}" for k in range(intervals)]


def _tabulate(callers: _Callers, run: _QueueRun, target_s: float) -> pd.DataFrame:
    """One row per interval: what happened to the callers who arrived in it, and the agents.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> callers = _draw_group(rng, np.array([60.0, 60.0]), 180, 0.5, 300, 0.6)
        >>> run = _QueueRun(callers, [6, 6], callbacks=False, threshold_s=120, aht_s=180)
        >>> run.play()
        >>> list(_tabulate(callers, run, 20)["interval_start"])
        ['00:00', '00:30']
    """
    n = len(run.capacity)
    state, start = np.asarray(run.state), np.asarray(run.start)
    wait = start - callers.arrival
    answered = state == _ANSWERED
    made = state == _CALLBACK_MADE
    arrived_in = callers.interval
    waits = wait[answered]
    max_wait = np.full(n, -np.inf)
    np.maximum.at(max_wait, arrived_in[answered], waits)
    served = answered | made
    busy = _busy_time(start[served], start[served] + callers.handle[served], n)
    capacity = np.asarray(run.capacity)
    agent_time = capacity * INTERVAL_S + np.asarray(run.overrun_s)
    table = pd.DataFrame({
        "interval_start": _interval_labels(n),
        "offered": _per_interval(arrived_in, n),
        "answered": _per_interval(arrived_in[answered], n),
        "abandoned": _per_interval(arrived_in[state == _ABANDONED], n),
        "callbacks_requested": _per_interval(arrived_in[made | (state == _CALLBACK_WAITING)], n),
        "callbacks_made": _per_interval((start[made] // INTERVAL_S).astype(int), n),
        "answered_within_target": _per_interval(arrived_in[answered & (wait <= target_s)], n),
    })
    table["service_level"] = _ratio(table["answered_within_target"], table["offered"])
    table["abandonment_rate"] = _ratio(table["abandoned"], table["offered"])
    table["average_wait_s"] = _ratio(_per_interval(arrived_in[answered], n, waits),
                                     table["answered"])
    table["max_wait_s"] = np.where(np.isfinite(max_wait), max_wait, np.nan)
    table["agents"] = capacity
    table["occupancy"] = np.round(_ratio(busy, agent_time), 9)  # hides float dust only
    return table


def _summarise(table: pd.DataFrame, is_open: np.ndarray) -> dict[str, float]:
    """Day totals from the half-hourly table.

    Example:
        >>> day = simulate_day(DayScenario([10.0] * 48, [3] * 48, aht_s=180))
        >>> day.summary["offered"] == day.summary["answered"] + day.summary["abandoned"]
        True
    """
    total = table[["offered", "answered", "abandoned", "answered_within_target",
                   "callbacks_requested", "callbacks_made"]].sum()
    wait_total = float((table["average_wait_s"].fillna(0) * table["answered"]).sum())
    below = (table["service_level"] < SERVICE_LEVEL_GOAL) & is_open
    return {
        "offered": float(total["offered"]),
        "answered": float(total["answered"]),
        "abandoned": float(total["abandoned"]),
        "service_level": float(_ratio(total["answered_within_target"], total["offered"])),
        "abandonment_rate": float(_ratio(total["abandoned"], total["offered"])),
        "average_wait_s": float(_ratio(wait_total, total["answered"])),
        "callbacks_requested": float(total["callbacks_requested"]),
        "callbacks_made": float(total["callbacks_made"]),
        "callbacks_outstanding": float(total["callbacks_requested"] - total["callbacks_made"]),
        "intervals_below_target": float(below.sum()),
    }


# ---------------------------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------------------------


def simulate_day(scenario: DayScenario) -> DayResult:
    """Play one day on the phone queue and report every half-hour against the standard.

    See the module description for the rules. Takes a few milliseconds for a day of a few
    thousand calls, so it can rerun each time a slider moves. The forecast (with the spike)
    may reach ``MAX_CALLS_PER_INTERVAL`` (5,000) calls a half-hour and agents
    ``staffing.MAX_AGENTS`` (10,000); a busier day raises a ValueError saying what to change,
    so the call stays under a second. Ratios (service level, abandonment, average wait,
    occupancy) are NaN where nothing was offered (or no agent was on): a day with no calls
    has ``offered`` 0 and no service level to report.

    The summary also gives the agent time the day's actions used: ``overtime_agent_hours``
    (see :func:`overtime_hours`) and ``callback_agent_hours`` (the handle time of the
    callbacks made), so an action can be costed.

    Example:
        >>> forecast = [0] * 16 + [120] * 24 + [0] * 8
        >>> agents = [0] * 16 + [16] * 24 + [0] * 8
        >>> calm = simulate_day(DayScenario(forecast, agents, aht_s=180))
        >>> busy = simulate_day(DayScenario(forecast, agents, aht_s=180, spike=0.5))
        >>> busy.summary["abandoned"] > calm.summary["abandoned"]
        True
    """
    checks.instance("scenario", scenario, DayScenario, "a DayScenario (e.g. from "
                    "plan_day_scenario)")
    callers = _day_callers(scenario)
    run = _QueueRun(callers, _capacity(scenario), callbacks=bool(scenario.callbacks),
                    threshold_s=float(scenario.callback_threshold_s),
                    aht_s=float(scenario.aht_s),
                    callbacks_from_s=float(scenario.callback_start * INTERVAL_S))
    run.play()
    table = _tabulate(callers, run, float(scenario.target_s))
    is_open = (np.asarray(scenario.forecast, dtype=float) > 0) | (
        np.asarray(scenario.agents, dtype=float) > 0)
    summary = _summarise(table, is_open)
    made = np.asarray(run.state) == _CALLBACK_MADE
    summary["callback_agent_hours"] = float(callers.handle[made].sum() / 3600)
    summary["overtime_agent_hours"] = overtime_hours(scenario)
    return DayResult(intervals=table, summary=summary)


def overtime_hours(scenario: DayScenario) -> float:
    """Agent hours of overtime in a scenario: ``extra_agents`` × the open half-hours of the
    overtime window ÷ 2 (overtime agents only come in while the centre is open).

    Example:
        >>> day = DayScenario([0.0] * 16 + [50.0] * 24 + [0.0] * 8, [0] * 16 + [9] * 24 + [0] * 8,
        ...                   extra_agents=4, overtime_start=20, overtime_end=26)
        >>> overtime_hours(day)
        12.0
    """
    checks.instance("scenario", scenario, DayScenario, "a DayScenario (e.g. from "
                    "plan_day_scenario)")
    is_open = (np.asarray(scenario.forecast, dtype=float) > 0) | (
        np.asarray(scenario.agents, dtype=float) > 0)
    window = _window(scenario.overtime_start, scenario.overtime_end) & is_open
    return float(scenario.extra_agents * window.sum() / 2)


def erlang_check(contacts_per_interval: float, aht_s: float, agents: int, intervals: int = 200,
                 target_s: float = 20, seed: int = 0) -> dict[str, float]:
    """Steady load, infinite patience: simulated service level and ASA beside Erlang C's.

    Simulates ``intervals`` half-hours of the same load with exponential handle times (Erlang
    C's own assumption), nobody hanging up and no callbacks, so any gap from the formula is
    random noise that shrinks as ``intervals`` grows. One extra half-hour before (to fill the
    queue) and after (to finish it) is simulated and left out of the figures.

    Limits, so a check takes two seconds at most: ``intervals`` from 1 to ``MAX_INTERVALS``
    (10,000), ``contacts_per_interval`` more than 0 and at most ``MAX_CALLS_PER_INTERVAL``
    (5,000), and at most ``MAX_SIMULATED_CALLS`` (750,000) calls in all; beyond them a
    ValueError says what to change.

    How close to expect: with the default 200 half-hours, 9 runs in 10 land within about ±0.02
    of Erlang C's service level for a team of 14 (±0.05 for 108 agents at 93% occupancy) and
    within about ±30% of its ASA (±40%). Use 1,000-2,000 half-hours for a tight check: that
    takes well under a second for 100 calls a half-hour. The day simulation itself uses
    lognormal handle times, which vary less than Erlang C assumes, so at steady load it gives
    somewhat better service than the formula (e.g. 0.90 rather than 0.888 for 14 agents).

    Returns ``simulated_service_level``, ``erlang_service_level``, ``simulated_asa_s``,
    ``erlang_asa_s``, ``simulated_occupancy``, ``erlang_occupancy`` and ``calls`` (how many
    calls the simulated figures cover).

    Example:
        >>> check = erlang_check(100, 180, 14, intervals=50)
        >>> round(check["erlang_service_level"], 3)
        0.888
        >>> abs(check["simulated_service_level"] - check["erlang_service_level"]) < 0.05
        True
    """
    _check_whole("intervals", intervals, low=1, high=MAX_INTERVALS)
    _check_whole("seed", seed, low=0)
    _check_number("target_s", target_s)
    _check_number("contacts_per_interval", contacts_per_interval, strict=True,
                  hint=" (with no calls there is nothing to compare)")
    if contacts_per_interval > MAX_CALLS_PER_INTERVAL:
        raise ValueError(f"contacts_per_interval may be at most {MAX_CALLS_PER_INTERVAL:,} "
                         f"calls a half-hour (far beyond one queue); got "
                         f"{contacts_per_interval!r}. Check the number, or split the calls "
                         "across queues.")
    if contacts_per_interval * (intervals + 2) > MAX_SIMULATED_CALLS:
        most = max(1, int(MAX_SIMULATED_CALLS // contacts_per_interval) - 2)
        raise ValueError(f"{intervals:,} half-hours of {contacts_per_interval:g} calls is more "
                         f"than the {MAX_SIMULATED_CALLS:,} calls one check simulates; use "
                         f"intervals={most:,} or fewer.")
    formula_sl = float(staffing.service_level(contacts_per_interval, aht_s, agents, target_s))
    formula_asa = float(staffing.average_speed_of_answer(contacts_per_interval, aht_s, agents))
    length = intervals + 2
    callers = _draw_group(np.random.default_rng(seed),
                          np.full(length, float(contacts_per_interval)), float(aht_s), None,
                          None, 0.0)
    run = _QueueRun(callers, [int(agents)] * length, callbacks=False, threshold_s=_NEVER,
                    aht_s=float(aht_s))
    run.play()
    table = _tabulate(callers, run, float(target_s)).iloc[1:-1]
    calls = table["offered"].sum()
    wait_total = (table["average_wait_s"].fillna(0) * table["answered"]).sum()
    return {
        "simulated_service_level": float(_ratio(table["answered_within_target"].sum(), calls)),
        "erlang_service_level": formula_sl,
        "simulated_asa_s": float(_ratio(wait_total, table["answered"].sum())),
        "erlang_asa_s": formula_asa,
        "simulated_occupancy": float(table["occupancy"].mean()),
        "erlang_occupancy": float(staffing.occupancy(contacts_per_interval, aht_s, agents)),
        "calls": float(calls),
    }


def required_agents_with_abandonment(contacts: float, aht_s: float, target_sl: float,
                                     target_s: float, patience_mean_s: float = 480.0,
                                     days: int = 4, seed: int = 0) -> dict[str, float]:
    """Agents needed when some callers hang up (abandonment-aware staffing, by simulation).

    Erlang C assumes every caller waits for ever, so it slightly over-staffs: callers who
    give up stop adding to the queue. This starts from Erlang C's answer and removes agents
    while a steady day of ``contacts`` per half-hour, simulated ``days`` times, still meets the
    target (answered within ``target_s`` ÷ offered, abandoned calls counting as missed).
    The simulation also uses lognormal handle times, which vary less than Erlang C assumes,
    so part of the difference comes from that.

    The search steps down one agent at a time for the first two, then in doubling steps,
    and narrows down by halves once a staffing misses the target, so it simulates a
    handful of staffings, not one per agent.

    Limits, so an answer takes a second or two: ``contacts`` more than 0 (no calls need no
    agents: nothing to simulate) and at most ``MAX_CALLS_PER_INTERVAL`` (5,000) a half-hour;
    ``days`` from 1 to ``MAX_DAYS`` (20); and ``contacts`` × 48 × ``days`` at most
    ``MAX_STAFFING_CALLS`` (50,000) calls per staffing tried: 260 calls a half-hour over the
    default 4 days, 1,000 over one day. For a bigger queue use fewer days, or split it into
    queues of that size. Beyond the limits a ValueError says what to change.

    Example:
        >>> result = required_agents_with_abandonment(100, 180, 0.8, 20)
        >>> result["erlang_c_agents"], result["agents"]
        (14, 13)
    """
    aht_s = checks.number("aht_s", aht_s, example="300")
    target_sl = checks.number("target_sl", target_sl, example="0.8")
    target_s = checks.number("target_s", target_s, example="20")
    _check_whole("days", days, low=1, high=MAX_DAYS)
    _check_whole("seed", seed, low=0)
    _check_number("contacts", contacts, strict=True,
                  hint=" (with no calls, no agents are needed and there is nothing to simulate)")
    if contacts > MAX_CALLS_PER_INTERVAL:
        raise ValueError(f"contacts may be at most {MAX_CALLS_PER_INTERVAL:,} calls a "
                         f"half-hour (far beyond one queue); got {contacts!r}. Check the "
                         "number (calls per half-hour, not per day), or use "
                         "staffing.required_agents (Erlang C).")
    if contacts * INTERVALS_PER_DAY * days > MAX_STAFFING_CALLS:
        most = int(MAX_STAFFING_CALLS // (contacts * INTERVALS_PER_DAY))
        fix = (f"use days={most} or fewer" if most >= 1 else
               f"split the calls into queues of at most "
               f"{MAX_STAFFING_CALLS // INTERVALS_PER_DAY:,} a half-hour and staff each")
        raise ValueError(f"{days} days of {contacts:g} calls a half-hour is more than the "
                         f"{MAX_STAFFING_CALLS:,} calls simulated for each staffing tried, so "
                         f"the answer would take long; {fix}, or use "
                         "staffing.required_agents (Erlang C, no hanging up).")
    erlang = int(staffing.required_agents(contacts, aht_s, target_sl, target_s))
    forecast = tuple([float(contacts)] * INTERVALS_PER_DAY)
    results: dict[int, tuple[float, float]] = {}

    def simulated(agents: int) -> tuple[float, float]:
        if agents not in results:
            levels, abandoned = [], []
            for day in range(days):
                result = simulate_day(DayScenario(
                    forecast=forecast, agents=tuple([agents] * INTERVALS_PER_DAY),
                    aht_s=aht_s, patience_mean_s=patience_mean_s, target_s=target_s,
                    seed=seed + day))
                levels.append(result.summary["service_level"])
                abandoned.append(result.summary["abandonment_rate"])
            results[agents] = float(np.mean(levels)), float(np.mean(abandoned))
        return results[agents]

    agents, missed = erlang, 0  # ``agents`` meets the target (or is Erlang C's); ``missed`` not
    while agents - missed > 1:
        # once a staffing missed, narrow down by halves; until then steps of 1, 1, 2, 4, 8…
        trial = ((agents + missed) // 2 if missed
                 else max(agents - max(1, erlang - agents), 1))
        if simulated(trial)[0] < target_sl:
            missed = trial
        else:
            agents = trial
    level, abandonment = simulated(agents)
    return {"erlang_c_agents": erlang, "agents": agents, "simulated_service_level": level,
            "simulated_abandonment_rate": abandonment}


# ---------------------------------------------------------------------------------------------
# Scenarios from an interval plan, and triggers
# ---------------------------------------------------------------------------------------------

PLAN_COLUMNS = ("interval_start", "channel", "forecast_contacts", "forecast_aht_s",
                "scheduled_agents")


def busiest_weekday(plan: pd.DataFrame, weekday: int = 0, channel: str = "phone"
                    ) -> pd.Timestamp:
    """The date of the busiest ``weekday`` (0 = Monday) in an interval plan, by forecast.

    Example:
        >>> plan = pd.DataFrame({
        ...     "interval_start": pd.to_datetime(["2026-01-05 09:00", "2026-01-12 09:00"]),
        ...     "channel": "phone", "forecast_contacts": [40.0, 90.0],
        ...     "forecast_aht_s": 300.0, "scheduled_agents": [8, 15]})
        >>> busiest_weekday(plan)
        Timestamp('2026-01-12 00:00:00')
    """
    require_columns(plan, "interval_plan", PLAN_COLUMNS)
    rows = plan[(plan["channel"] == channel)
                & (plan["interval_start"].dt.day_of_week == weekday)]
    if rows.empty:
        raise ValueError(f"The interval plan has no {channel} rows on weekday {weekday} "
                         "(0 = Monday … 6 = Sunday): choose another day or channel.")
    by_day = rows.groupby(rows["interval_start"].dt.normalize())["forecast_contacts"].sum()
    return pd.Timestamp(by_day.idxmax())


def plan_day_scenario(plan: pd.DataFrame, day: pd.Timestamp | str | None = None, *,
                      channel: str = "phone", seed: int = 7, on_shift_shrinkage: float = 0.0,
                      **changes: object) -> DayScenario:
    """One day of an interval plan as a simulation scenario: its forecast, its scheduled
    agents and its mean planned handle time; ``changes`` set any other field of
    :class:`DayScenario` (a spike, sickness, overtime, callbacks, a new forecast).

    ``on_shift_shrinkage`` (breaks, coaching and meetings while on shift) turns the plan's
    scheduled agents, who include those on a break, into agents able to take calls:
    round(scheduled × (1 − on_shift_shrinkage)). The default 0 treats every scheduled agent
    as available, as a plan that already leaves breaks out would.

    Without ``day`` the busiest Monday of the plan is used, the day planners worry about.

    Example:
        >>> plan = pd.DataFrame({
        ...     "interval_start": pd.date_range("2026-01-05 08:00", periods=24, freq="30min"),
        ...     "channel": "phone", "forecast_contacts": 60.0, "forecast_aht_s": 300.0,
        ...     "scheduled_agents": 12})
        >>> scenario = plan_day_scenario(plan, spike=0.3)
        >>> scenario.forecast[16], scenario.agents[16], scenario.spike
        (60.0, 12, 0.3)
    """
    require_columns(plan, "interval_plan", PLAN_COLUMNS)
    date = busiest_weekday(plan, 0, channel) if day is None else pd.Timestamp(day).normalize()
    rows = plan[(plan["channel"] == channel)
                & (plan["interval_start"].dt.normalize() == date)]
    if rows.empty:
        raise ValueError(f"The interval plan has no {channel} rows on {date:%d %b %Y}: "
                         "choose a date inside the plan.")
    shrink = checks.number("on_shift_shrinkage", on_shift_shrinkage, minimum=0,
                           example="0.15")
    if not shrink < 1:
        raise ValueError(f"on_shift_shrinkage is a share from 0 to below 1 (e.g. 0.15); got "
                         f"{on_shift_shrinkage!r}.")
    forecast = np.zeros(INTERVALS_PER_DAY)
    agents = np.zeros(INTERVALS_PER_DAY, dtype=int)
    slots = (rows["interval_start"].dt.hour * 2 + rows["interval_start"].dt.minute // 30)
    forecast[slots.to_numpy()] = rows["forecast_contacts"].to_numpy()
    scheduled = rows["scheduled_agents"].to_numpy(dtype=float)
    agents[slots.to_numpy()] = np.floor(scheduled * (1 - shrink) + 0.5 + 1e-9).astype(int)
    settings: dict[str, object] = {
        "forecast": tuple(float(v) for v in forecast.round(2)),
        "agents": tuple(int(a) for a in agents),
        "aht_s": float(rows["forecast_aht_s"].mean()), "seed": seed}
    settings.update(changes)
    return DayScenario(**settings)  # type: ignore[arg-type]


def first_trigger(intervals: pd.DataFrame, threshold: float = 0.7,
                  consecutive: int = 2) -> int | None:
    """Position of the half-hour where a contingency trigger fires: service level below
    ``threshold`` for ``consecutive`` half-hours in a row (None if it never fires).
    A half-hour with no calls offered ends a run.

    Example:
        >>> frame = pd.DataFrame({"service_level": [0.9, 0.6, 0.65, 0.5], "offered": [9] * 4})
        >>> first_trigger(frame)
        2
        >>> first_trigger(frame, threshold=0.6) is None
        True
    """
    require_columns(intervals, "day's intervals", ("service_level", "offered"))
    threshold = checks.number("threshold", threshold, example="0.7")
    consecutive = checks.number("consecutive", consecutive, example="2")
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold is a service level between 0 and 1, not {threshold!r}.")
    if int(consecutive) != consecutive or consecutive < 1:
        raise ValueError(f"consecutive is a whole number of half-hours (1 or more), "
                         f"not {consecutive!r}.")
    below = ((intervals["service_level"] < threshold) & (intervals["offered"] > 0)).to_numpy()
    run = 0
    for index, is_below in enumerate(below):
        run = run + 1 if is_below else 0
        if run >= consecutive:
            return index
    return None


def with_contingency(scenario: DayScenario, start: int, *, extra_agents: int = 0,
                     demand_cut: float = 0.0, callbacks: bool = False,
                     end: int = INTERVALS_PER_DAY) -> DayScenario:
    """The same day with a contingency plan that starts at half-hour ``start``: extra agents
    (overtime, back-office staff moved to the phones) from ``start`` to ``end``, a share of
    demand moved away from then on (``demand_cut``, e.g. 0.1 when a message sends 10% of
    callers online), and callbacks offered from ``start`` (to callers arriving from then on;
    a day that already offered callbacks keeps its own start).

    Example:
        >>> day = DayScenario([50.0] * 48, [10] * 48, spike=0.4)
        >>> plan = with_contingency(day, 20, extra_agents=3, demand_cut=0.1, callbacks=True)
        >>> plan.forecast[19], plan.forecast[20], plan.extra_agents, plan.overtime_start
        (50.0, 45.0, 3, 20)
        >>> plan.callbacks, plan.callback_start
        (True, 20)
    """
    checks.instance("scenario", scenario, DayScenario, "a DayScenario (e.g. from "
                    "plan_day_scenario)")
    if not 0 <= demand_cut < 1:
        raise ValueError(f"demand_cut is a share of calls from 0 to below 1, not {demand_cut!r}.")
    if not 0 <= start < end <= INTERVALS_PER_DAY:
        raise ValueError(f"start and end are half-hours with 0 <= start < end <= 48; got "
                         f"{start!r} and {end!r}.")
    forecast = np.asarray(scenario.forecast, dtype=float).copy()
    forecast[start:] *= 1 - demand_cut
    callback_start = scenario.callback_start if scenario.callbacks else start
    return replace(scenario, forecast=tuple(float(v) for v in forecast.round(2)),
                   extra_agents=int(extra_agents), overtime_start=start, overtime_end=end,
                   callbacks=bool(callbacks or scenario.callbacks),
                   callback_start=int(callback_start))


def contingency_outcome(scenario: DayScenario, threshold: float = 0.7, consecutive: int = 2,
                        **actions: object) -> dict[str, object]:
    """Play a day without a plan; if the trigger fires, play it again with the contingency
    (``actions`` as for :func:`with_contingency`) starting the next half-hour.

    Returns ``{"base": DayResult, "planned": DayResult, "fired": int | None}``; "planned" is
    the base day when the trigger never fires or no action is chosen.

    Example:
        >>> forecast = [0] * 16 + [120] * 24 + [0] * 8
        >>> agents = [0] * 16 + [14] * 24 + [0] * 8
        >>> day = DayScenario(forecast, agents, aht_s=200, spike=0.5, seed=1)
        >>> out = contingency_outcome(day, 0.7, 2, extra_agents=6, callbacks=True)
        >>> out["fired"] is not None
        True
        >>> out["planned"].summary["service_level"] > out["base"].summary["service_level"]
        True
    """
    checks.instance("scenario", scenario, DayScenario, "a DayScenario (e.g. from "
                    "plan_day_scenario)")
    base = simulate_day(scenario)
    fired = first_trigger(base.intervals, threshold, consecutive)
    acting = any(bool(value) for value in actions.values())
    if fired is None or not acting or fired + 1 >= INTERVALS_PER_DAY:
        return {"base": base, "planned": base, "fired": fired}
    planned = simulate_day(with_contingency(scenario, fired + 1, **actions))  # type: ignore[arg-type]
    return {"base": base, "planned": planned, "fired": fired}


# ---------------------------------------------------------------------------------------------
# Intraday decisions: what acting (or not) at a given time costs and gives
# ---------------------------------------------------------------------------------------------

#: What a team leader can decide at a decision point, with the words a manager reads: the
#: intraday levers of workforce management, from paying for more time (overtime) to using
#: the time already paid for differently (coaching, breaks, email agents) and, when the day
#: is quieter than planned, giving time back (voluntary time off). Re-forecasting the rest of
#: the day (:func:`reforecast`) tells the team leader which lever the day needs.
INTRADAY_ACTIONS: dict[str, str] = {
    "none": "Do nothing",
    "overtime": "Call in overtime",
    "callbacks": "Offer callbacks",
    "both": "Overtime and callbacks",
    "coaching": "Cancel or move coaching and meetings",
    "breaks": "Move breaks later",
    "email": "Move email agents to the phones",
    "vto": "Offer voluntary time off",
}
COACHING_AGENTS = 3
"""Agents taken out of coaching and meetings back to the phones (for COACHING_HALF_HOURS)."""
COACHING_HALF_HOURS = 4
BREAK_AGENTS = 3
"""Agents whose breaks move: on the phones for BREAK_HALF_HOURS now, off them as long,
BREAK_DELAY half-hours later (breaks are moved, never cancelled)."""
BREAK_HALF_HOURS = 2
BREAK_DELAY = 4
EMAIL_AGENTS = 3
"""Email agents moved to the phones for EMAIL_HALF_HOURS (their emails wait: check the email
standard still holds)."""
EMAIL_HALF_HOURS = 6
VTO_AGENTS = 3
"""Agents sent home unpaid, at their request, for the rest of the day when it is quieter than
planned."""
OVERTIME_AGENTS = 4
"""Agents called in when a team leader chooses overtime during the day."""
OVERTIME_HALF_HOURS = 6
"""How long a block of overtime lasts: 6 half-hours (3 hours), whenever it starts."""


def _check_decisions(decisions: object) -> dict[int, str]:
    """The decisions as {half-hour: action}, or a ValueError naming what is wrong.

    Example:
        >>> _check_decisions({20: "overtime"})
        {20: 'overtime'}
    """
    checks.instance("decisions", decisions, Mapping,
                    "a mapping of half-hour (0-47) to action, e.g. {20: 'overtime'}")
    checked = {}
    for when, action in decisions.items():  # type: ignore[union-attr]
        _check_whole("decision half-hour", when, low=0, high=INTERVALS_PER_DAY - 1)
        if action not in INTRADAY_ACTIONS:
            raise ValueError(f"Unknown action {action!r} at half-hour {when}: choose one of "
                             f"{', '.join(INTRADAY_ACTIONS)}.")
        checked[int(when)] = str(action)  # type: ignore[arg-type]
    return dict(sorted(checked.items()))


def intraday_scenario(base: DayScenario, decisions: Mapping[int, str], *,
                      overtime_agents: int = OVERTIME_AGENTS,
                      overtime_half_hours: int = OVERTIME_HALF_HOURS) -> DayScenario:
    """The day with a team leader's decisions applied from the half-hour each is taken.

    ``decisions`` maps the half-hour of a decision (20 = 10:00) to one of
    :data:`INTRADAY_ACTIONS`. The rules:

    * **Overtime** brings ``overtime_agents`` extra agents for ``overtime_half_hours``
      half-hours from the decision (a fixed block, so it costs the same whenever it starts).
      Chosen at two decision points, the agents stay from the first until the end of the
      last block (an overlap is not paid twice).
    * **Callbacks** are offered to callers who arrive from the first decision that chose them
      until the end of the day (callers who arrived earlier were never offered one).
    * **Coaching** brings :data:`COACHING_AGENTS` agents out of coaching and meetings for
      :data:`COACHING_HALF_HOURS`; **email** moves :data:`EMAIL_AGENTS` email agents to the
      phones for :data:`EMAIL_HALF_HOURS`; **breaks** puts :data:`BREAK_AGENTS` agents on the
      phones for :data:`BREAK_HALF_HOURS` and takes them off as long :data:`BREAK_DELAY`
      half-hours later; **vto** sends :data:`VTO_AGENTS` agents home for the rest of the day.
      Each changes only open half-hours, and never leaves fewer than 0 agents.
    * "none" changes nothing.

    Example:
        >>> day = DayScenario([0.0] * 16 + [60.0] * 24 + [0.0] * 8,
        ...                   [0] * 16 + [10] * 24 + [0] * 8)
        >>> acted = intraday_scenario(day, {20: "overtime", 26: "both"})
        >>> acted.extra_agents, acted.overtime_start, acted.overtime_end
        (4, 20, 32)
        >>> acted.callbacks, acted.callback_start
        (True, 26)
    """
    checks.instance("base", base, DayScenario, "a DayScenario (e.g. from plan_day_scenario)")
    chosen = _check_decisions(decisions)
    _check_whole("overtime_agents", overtime_agents, low=0, high=staffing.MAX_AGENTS)
    _check_whole("overtime_half_hours", overtime_half_hours, low=1, high=INTERVALS_PER_DAY)
    overtime = [when for when, action in chosen.items() if action in ("overtime", "both")]
    callbacks = [when for when, action in chosen.items() if action in ("callbacks", "both")]
    changes: dict[str, object] = {}
    if overtime and overtime_agents:
        changes.update(extra_agents=int(overtime_agents), overtime_start=min(overtime),
                       overtime_end=min(max(overtime) + int(overtime_half_hours),
                                        INTERVALS_PER_DAY))
    else:
        changes.update(extra_agents=0)
    if callbacks:
        changes.update(callbacks=True, callback_start=min(callbacks))
    moved = _moved_agents(base, chosen)
    if moved.any():
        agents = np.maximum(np.asarray(base.agents, dtype=int) + moved, 0)
        changes.update(agents=tuple(int(a) for a in agents))
    return replace(base, **changes)  # type: ignore[arg-type]


def _moved_agents(base: DayScenario, chosen: Mapping[int, str]) -> np.ndarray:
    """Agents added to (or taken from) each half-hour by the levers that move paid time."""
    moved = np.zeros(INTERVALS_PER_DAY, dtype=int)
    is_open = ((np.asarray(base.forecast, dtype=float) > 0)
               | (np.asarray(base.agents, dtype=float) > 0))
    for when, action in chosen.items():
        if action == "coaching":
            moved[when:when + COACHING_HALF_HOURS] += COACHING_AGENTS
        elif action == "email":
            moved[when:when + EMAIL_HALF_HOURS] += EMAIL_AGENTS
        elif action == "breaks":
            moved[when:when + BREAK_HALF_HOURS] += BREAK_AGENTS
            later = when + BREAK_DELAY
            moved[later:later + BREAK_HALF_HOURS] -= BREAK_AGENTS
        elif action == "vto":
            moved[when:] -= VTO_AGENTS
    return np.where(is_open, moved, 0)


def lever_hours(base: DayScenario, decisions: Mapping[int, str]) -> dict[str, float]:
    """Agent hours each paid-time lever moves on ``base`` (open half-hours only): coaching
    cancelled, email time moved to the phones, breaks moved, and hours given back through
    voluntary time off (a saving).

    Example:
        >>> day = DayScenario([0.0] * 16 + [60.0] * 24 + [0.0] * 8,
        ...                   [0] * 16 + [10] * 24 + [0] * 8)
        >>> lever_hours(day, {20: "coaching", 30: "vto"})
        {'coaching': 6.0, 'email': 0.0, 'breaks': 0.0, 'vto': 15.0}
    """
    checks.instance("base", base, DayScenario, "a DayScenario (e.g. from plan_day_scenario)")
    chosen = _check_decisions(decisions)
    hours = {}
    for action in ("coaching", "email", "breaks", "vto"):
        moved = _moved_agents(base, {w: a for w, a in chosen.items() if a == action})
        total = moved[moved > 0].sum() if action != "vto" else -moved.sum()
        hours[action] = float(total / 2)
    return hours


def reforecast(offered: Sequence[float], forecast: Sequence[float], upto: int
               ) -> dict[str, float]:
    """Re-forecast the rest of the day from the calls so far: the ratio of calls offered to
    calls forecast in the half-hours before ``upto``, and the rest of the day's forecast
    scaled by it (the simplest intraday re-forecast; a planner would also weigh known
    events such as a billing run).

    ``offered`` and ``forecast`` are lists of calls per half-hour (0 or more), ``offered``
    at least ``upto`` long; a wrong value raises a ValueError naming it.

    Example:
        >>> out = reforecast([0, 60, 66], [0, 50, 50, 50, 50], 3)
        >>> out["ratio"], out["rest_of_day_forecast"], out["rest_of_day_reforecast"]
        (1.26, 100.0, 126.0)
    """
    planned = _calls("forecast", forecast)
    _check_whole("upto", upto, low=1, high=len(planned))
    so_far = _calls("offered", offered)
    if len(so_far) < upto:
        raise ValueError(f"offered has {len(so_far)} half-hours; it needs the {upto} before "
                         "upto.")
    so_far = so_far[:upto]
    expected = float(planned[:upto].sum())
    if expected <= 0:
        raise ValueError("no calls were forecast before upto: nothing to re-forecast from yet.")
    ratio = float(so_far.sum()) / expected
    rest = float(planned[upto:].sum())
    return {"ratio": round(ratio, 4), "rest_of_day_forecast": round(rest, 2),
            "rest_of_day_reforecast": round(rest * ratio, 2)}


def _calls(name: str, values: object) -> np.ndarray:
    """A list of calls per half-hour as floats, or a ValueError naming ``name``."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        array = np.asarray([np.nan])
    if array.ndim != 1 or not len(array) or not np.all(np.isfinite(array)) or np.any(
            array < 0) or len(array) > MAX_INTERVALS:
        raise ValueError(f"{name} must be a list of calls per half-hour, each 0 or more (at "
                         f"most {MAX_INTERVALS:,} half-hours); got {values!r:.60}.")
    return array


LOG_COLUMNS = ("time", "half_hour", "trigger", "decision", "outcome", "service_level_before",
               "service_level_next_without", "service_level_next_with")


def _window_level(intervals: pd.DataFrame, start: int, end: int) -> float:
    part = intervals.iloc[max(start, 0):end]
    offered = float(part["offered"].sum())
    return float(part["answered_within_target"].sum() / offered) if offered else math.nan


def _clock(half_hour: int) -> str:
    return f"{half_hour // 2:02d}:{30 * (half_hour % 2):02d}"


def decision_log(base: DayScenario, decisions: Mapping[int, str], *,
                 threshold: float = 0.7, consecutive: int = 2, ahead: int = 4
                 ) -> pd.DataFrame:
    """The intraday decision log a team leader keeps: for each decision, the trigger that
    led to it, the decision, and its outcome, every figure from the simulated day.

    One row per decision (in time order): time; trigger (service level in the
    ``consecutive`` half-hours before the decision against ``threshold``, and whether the
    agreed trigger had fired); decision (its words); outcome (service level over the next
    ``ahead`` half-hours with every decision so far, against the same day without this one).
    Numbers: service_level_before, service_level_next_without, service_level_next_with (0-1).

    Example:
        >>> day = DayScenario([0.0] * 16 + [100.0] * 24 + [0.0] * 8,
        ...                   [0] * 16 + [22] * 24 + [0] * 8, aht_s=300, spike=0.3, seed=3)
        >>> log = decision_log(day, {20: "overtime"})
        >>> log[["time", "decision"]].values.tolist()
        [['10:00', 'Call in overtime']]
        >>> log.loc[0, "trigger"]
        '60.5% answered within 20 s in the 2 half-hour(s) before, below the 70% trigger; ...'
        >>> bool(log.loc[0, "service_level_next_with"] > log.loc[0, "service_level_next_without"])
        True
    """
    checks.instance("base", base, DayScenario, "a DayScenario (e.g. from plan_day_scenario)")
    chosen = _check_decisions(decisions)
    _check_whole("ahead", ahead, low=1, high=INTERVALS_PER_DAY)
    _check_whole("consecutive", consecutive, low=1, high=INTERVALS_PER_DAY)
    threshold = checks.number("threshold", threshold, example="0.7")
    before: dict[int, str] = {}
    rows = []
    for when, action in chosen.items():
        without = simulate_day(intraday_scenario(base, before)).intervals
        taken = {**before, when: action}
        acted = simulate_day(intraday_scenario(base, taken)).intervals
        level = _window_level(without, when - consecutive, when)
        fired = first_trigger(without.iloc[:when], threshold, consecutive) is not None
        if math.isnan(level):
            trigger = "no calls yet"
        else:
            side = "below" if level < threshold else "at or above"
            trigger = (f"{100 * level:.1f}% answered within {base.target_s:g} s in the "
                       f"{consecutive} half-hour(s) before, {side} the {100 * threshold:.0f}% "
                       f"trigger" + ("; the trigger had fired" if fired else ""))
        with_it = _window_level(acted, when, when + ahead)
        without_it = _window_level(without, when, when + ahead)
        if action == "none":
            outcome = (f"next {ahead / 2:g} hours: {100 * without_it:.1f}% within "
                       f"{base.target_s:g} s")
        else:
            outcome = (f"next {ahead / 2:g} hours: {100 * with_it:.1f}% within "
                       f"{base.target_s:g} s, against {100 * without_it:.1f}% without it")
        rows.append((_clock(when), when, trigger, INTRADAY_ACTIONS[action], outcome, level,
                     without_it, with_it))
        before = taken
    return pd.DataFrame(rows, columns=list(LOG_COLUMNS))


DECISION_COLUMNS = ("action", "decision", "time", "half_hour", "overtime_hours",
                    "callback_hours", "moved_hours", "cost_gbp", "service_level", "abandoned",
                    "called_back", "offered")
#: The actions :func:`decision_table` plays by default: every lever that adds or moves agent
#: time (voluntary time off is for a day quieter than planned, so it is left out).
TABLE_ACTIONS = ("overtime", "callbacks", "both", "coaching", "breaks", "email")


def decision_table(base: DayScenario, points: Mapping[str, int], *,
                   hourly_cost_gbp: float, overtime_agents: int = OVERTIME_AGENTS,
                   overtime_half_hours: int = OVERTIME_HALF_HOURS,
                   actions: Sequence[str] = TABLE_ACTIONS) -> pd.DataFrame:
    """Each action taken at each decision point, played through the whole day, with its cost.

    ``points`` names the decision points, e.g. ``{"10:00": 20, "13:00": 26}``. One row for
    doing nothing, then one per action (overtime, callbacks, both) and point, each on the
    same callers (the same seed), so any difference comes from the decision. ``actions`` are
    keys of :data:`INTRADAY_ACTIONS` (default :data:`TABLE_ACTIONS`: overtime, callbacks,
    both, cancelling coaching, moving breaks, moving email agents). Columns:

    * action (a key of :data:`INTRADAY_ACTIONS`), decision (its words), time (the point's
      name; "–" for doing nothing) and half_hour;
    * overtime_hours and callback_hours: agent hours the action used (overtime is paid on
      top; callbacks use time agents are already paid for, in quiet moments, which could
      have gone to other work);
    * moved_hours: paid agent hours taken from other work (coaching and meetings cancelled,
      email agents moved to the phones; moving breaks later takes no hours, it only moves
      them);
    * cost_gbp: (overtime_hours + callback_hours + moved_hours) × ``hourly_cost_gbp`` (the
      cost of an agent hour, pay and on-costs);
    * service_level (answered within the target time ÷ offered, 0-1), abandoned,
      called_back (customers called back the same day) and offered, for the whole day.

    Example:
        >>> day = DayScenario([0.0] * 16 + [120.0] * 24 + [0.0] * 8,
        ...                   [0] * 16 + [18] * 24 + [0] * 8, aht_s=300, spike=0.5, seed=3)
        >>> table = decision_table(day, {"10:00": 20, "13:00": 26}, hourly_cost_gbp=17.28)
        >>> table["decision"].tolist()[:3]
        ['Do nothing', 'Call in overtime', 'Call in overtime']
        >>> table.loc[[1, 2], "cost_gbp"].round(2).tolist()  # 4 agents × 3 hours each time
        [207.36, 207.36]
    """
    checks.instance("base", base, DayScenario, "a DayScenario (e.g. from plan_day_scenario)")
    checks.instance("points", points, Mapping,
                    "a mapping of decision time to half-hour, e.g. {'10:00': 20}")
    if not points:
        raise ValueError("points needs at least one decision point, e.g. {'10:00': 20}.")
    for name, when in points.items():
        checks.text("decision point name", name, example="10:00")
        _check_whole(f"half-hour of {name}", when, low=0, high=INTERVALS_PER_DAY - 1)
    hourly = checks.number("hourly_cost_gbp", hourly_cost_gbp, minimum=0, example="17.28")
    if isinstance(actions, str) or not isinstance(actions, Sequence) or not actions:
        raise ValueError("actions is a list of intraday actions, e.g. ['overtime', "
                         f"'callbacks']; got {actions!r}.")
    unknown = [a for a in actions if a not in INTRADAY_ACTIONS or a == "none"]
    if unknown:
        raise ValueError(f"Unknown action {unknown[0]!r}: use "
                         f"{', '.join(a for a in INTRADAY_ACTIONS if a != 'none')}.")
    plays: list[tuple[str, str, int]] = [("none", "–", -1)]
    plays += [(action, name, int(when)) for action in actions
              for name, when in points.items()]
    rows = []
    for action, name, when in plays:
        decisions = {} if action == "none" else {when: action}
        scenario = intraday_scenario(base, decisions, overtime_agents=overtime_agents,
                                     overtime_half_hours=overtime_half_hours)
        s = simulate_day(scenario).summary
        levers = lever_hours(base, decisions)
        moved = levers["coaching"] + levers["email"] - levers["vto"]
        hours = s["overtime_agent_hours"] + s["callback_agent_hours"] + moved
        rows.append((action, INTRADAY_ACTIONS[action], name, when, s["overtime_agent_hours"],
                     s["callback_agent_hours"], moved, hours * hourly, s["service_level"],
                     int(s["abandoned"]), int(s["callbacks_made"]), int(s["offered"])))
    return pd.DataFrame(rows, columns=list(DECISION_COLUMNS))


def compare_decision_times(table: pd.DataFrame, early: str, late: str) -> pd.DataFrame:
    """For each action, acting at ``early`` against acting at ``late`` (rows of
    :func:`decision_table`): costs, outcomes, and which is better.

    Columns: action, decision, cost_early, cost_late, service_level_early,
    service_level_late, abandoned_early, abandoned_late, called_back_early,
    called_back_late, plus three verdicts: ``same_cost`` (within £1), ``cheaper_early``
    (more than £1 less) and ``better_early`` (a higher service level *and* no more
    abandoned calls).

    Example:
        >>> table = pd.DataFrame({"action": ["overtime", "overtime"],
        ...     "decision": ["Call in overtime"] * 2, "time": ["10:00", "13:00"],
        ...     "cost_gbp": [207.4, 207.4], "service_level": [0.52, 0.48],
        ...     "abandoned": [209, 281], "called_back": [0, 0]})
        >>> row = compare_decision_times(table, "10:00", "13:00").iloc[0]
        >>> bool(row["same_cost"]), bool(row["better_early"])
        (True, True)
    """
    require_columns(table, "decision table", ("action", "decision", "time", "cost_gbp",
                                               "service_level", "abandoned", "called_back"))
    rows = []
    for action in [a for a in INTRADAY_ACTIONS if a != "none"]:
        picked = table[table["action"] == action].set_index("time")
        if early not in picked.index or late not in picked.index:
            continue
        first, second = picked.loc[early], picked.loc[late]
        rows.append({
            "action": action, "decision": first["decision"],
            "cost_early": float(first["cost_gbp"]), "cost_late": float(second["cost_gbp"]),
            "service_level_early": float(first["service_level"]),
            "service_level_late": float(second["service_level"]),
            "abandoned_early": int(first["abandoned"]), "abandoned_late": int(second["abandoned"]),
            "called_back_early": int(first["called_back"]),
            "called_back_late": int(second["called_back"]),
        })
    if not rows:
        raise ValueError(f"The decision table has no action at both {early!r} and {late!r}; "
                         "name two of its times.")
    out = pd.DataFrame(rows)
    out["same_cost"] = (out["cost_early"] - out["cost_late"]).abs() < 1
    out["cheaper_early"] = out["cost_early"] < out["cost_late"] - 1
    out["better_early"] = ((out["service_level_early"] > out["service_level_late"])
                           & (out["abandoned_early"] <= out["abandoned_late"]))
    return out


#: Each action as the subject of a sentence.
_ACTION_SUBJECTS = {"overtime": "Calling in overtime", "callbacks": "Offering callbacks",
                    "both": "Overtime and callbacks together",
                    "coaching": "Cancelling coaching and meetings",
                    "breaks": "Moving breaks later",
                    "email": "Moving email agents to the phones",
                    "vto": "Offering voluntary time off"}


def _money(value: float) -> str:
    return f"£{value:,.0f}"


def _outcome(row: pd.Series, which: str) -> str:
    """"52.0% with 209 abandoned" (and how many were called back) for ``which`` time."""
    text = (f"{100 * row[f'service_level_{which}']:.1f}% with "
            f"{int(row[f'abandoned_{which}']):,} abandoned")
    if row["action"] in ("callbacks", "both"):
        text += f" and {int(row[f'called_back_{which}']):,} called back"
    return text


def decision_summary(table: pd.DataFrame, early: str, late: str, target_s: float = 20
                     ) -> list[str]:
    """What the decision table shows about acting at ``early`` rather than ``late``, as
    sentences: a headline, the day without action, then one sentence per action. Every
    figure and every comparison comes from the table, so the words are true of the data.

    Example:
        >>> table = pd.DataFrame({"action": ["none", "overtime", "overtime"],
        ...     "decision": ["Do nothing", "Call in overtime", "Call in overtime"],
        ...     "time": ["–", "10:00", "13:00"], "cost_gbp": [0.0, 207.4, 207.4],
        ...     "service_level": [0.42, 0.52, 0.48], "abandoned": [312, 209, 281],
        ...     "called_back": [0, 0, 0]})
        >>> words = decision_summary(table, "10:00", "13:00")
        >>> words[0].startswith("Acting at 10:00 gives a better day"), "lower cost" in words[0]
        (True, True)
        >>> words[1]
        'Doing nothing: 42.0% of calls answered within 20 s and 312 abandoned.'
        >>> words[2].split(";")[0]
        'Calling in overtime costs the same £207 at either time'
    """
    target_s = checks.number("target_s", target_s, minimum=0, example="20")
    compared = compare_decision_times(table, early, late)
    not_better = compared[~compared["better_early"]]
    dearer = compared[~compared["same_cost"] & ~compared["cheaper_early"]]
    subjects = [_ACTION_SUBJECTS[a].lower() for a in compared["action"]]
    fewer = ("fewer abandoned calls" if (compared["abandoned_early"]
                                         < compared["abandoned_late"]).all()
             else "no extra abandoned calls")
    if not_better.empty and dearer.empty:
        headline = (f"Acting at {early} gives a better day than waiting until {late} for every "
                    f"action (a higher service level and {fewer}), at the same or lower cost.")
    elif not_better.empty:
        headline = (f"Acting at {early} gives a better day than waiting until {late} for every "
                    f"action: a higher service level and {fewer}.")
        more_callbacks = dearer["action"].isin(["callbacks", "both"]) & (
            dearer["called_back_early"] > dearer["called_back_late"])
        if more_callbacks.all():
            headline += (" Acting earlier costs more only where callbacks are offered: more "
                         "customers are called back, and each callback takes agent time.")
        else:
            names = " and ".join(_ACTION_SUBJECTS[a].lower() for a in dearer["action"])
            headline += f" Started at {early}, {names} cost more."
    elif len(not_better) == len(compared):
        headline = (f"Here acting at {early} is not better than acting at {late} for any "
                    f"action ({', '.join(subjects)}): compare each one's cost and outcome.")
    else:
        good = compared[compared["better_early"]]["action"]
        headline = (f"Acting at {early} gives a better day for "
                    f"{' and '.join(_ACTION_SUBJECTS[a].lower() for a in good)}, but not for "
                    f"{' and '.join(_ACTION_SUBJECTS[a].lower() for a in not_better['action'])}.")
    parts = [headline]
    nothing = table[table["action"] == "none"]
    if not nothing.empty:
        row = nothing.iloc[0]
        parts.append(f"Doing nothing: {100 * row['service_level']:.1f}% of calls answered "
                     f"within {target_s:g} s and {int(row['abandoned']):,} abandoned.")
    for _, row in compared.iterrows():
        verb = "cost" if row["action"] == "both" else "costs"
        if row["same_cost"]:
            cost = f"{verb} the same {_money(row['cost_early'])} at either time"
        else:
            cost = (f"{verb} {_money(row['cost_early'])} from {early} and "
                    f"{_money(row['cost_late'])} from {late}")
        parts.append(f"{_ACTION_SUBJECTS[row['action']]} {cost}; from {early} the day ends "
                     f"at {_outcome(row, 'early')}; from {late} at {_outcome(row, 'late')}.")
    return parts
