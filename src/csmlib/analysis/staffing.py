"""Staffing maths for contact centres: Erlang C, service level, speed of answer, occupancy.

Times are in seconds. Traffic in erlangs = contacts × average handle time ÷ interval length.
Erlang C is computed through the Erlang B recursion, which stays stable for large centres
(thousands of contacts an interval) where the textbook factorial formula overflows.
Functions accept numbers or numpy arrays (element by element).

Example:
    >>> round(service_level(100, 180, 14, 20), 3)
    0.888
    >>> required_agents(100, 180, target_sl=0.8, target_s=20)
    14
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np
from numpy.typing import ArrayLike

from csmlib.analysis import checks

MAX_EMAIL_INTERVALS = 366 * 48
"""Most intervals :func:`email_backlog` works through: a year of half-hours."""
MAX_AGENTS = 10_000
"""Largest number of agents these functions work with (:func:`erlang_c` and the answer of
:func:`required_agents`): far beyond one contact centre's queue, and small enough that every
answer takes milliseconds."""


def _check_positive(name: str, value: ArrayLike, *, allow_zero: bool = False) -> np.ndarray:
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or numbers; got {value!r}.") from None
    bad = (array < 0) if allow_zero else (array <= 0)
    if np.any(bad) or np.any(~np.isfinite(array)):
        limit = "0 or more" if allow_zero else "more than 0"
        raise ValueError(f"{name} must be a number {limit}; got {value!r}.")
    return array


def _check_target_s(target_s: object) -> float:
    """``target_s`` as a float, or a ValueError unless it is a finite number of 0 or more."""
    try:
        seconds = float(target_s)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        seconds = math.nan
    if not 0 <= seconds < math.inf:
        raise ValueError(f"target_s is the answer-time target in seconds, 0 or more (e.g. 20); "
                         f"got {target_s!r}.")
    return seconds


def traffic(contacts: ArrayLike, aht_s: ArrayLike, interval_s: float = 1800) -> np.ndarray:
    """Offered traffic in erlangs: contacts × handle time ÷ interval length.

    Example:
        >>> float(traffic(100, 180))
        10.0
    """
    contacts = _check_positive("contacts", contacts, allow_zero=True)
    aht_s = _check_positive("aht_s (average handle time in seconds)", aht_s)
    interval_s = _check_positive("interval_s", interval_s)
    return contacts * aht_s / interval_s


def erlang_c(traffic_erlangs: ArrayLike, agents: ArrayLike) -> np.ndarray | float:
    """Probability that a contact has to wait (Erlang C).

    Raises a clear error when agents do not exceed the traffic: the queue would grow
    without limit, so add agents or reduce the workload. ``agents`` may be at most
    ``MAX_AGENTS`` (10,000): more is beyond one queue, and the recursion would take long.

    Example:
        >>> round(float(erlang_c(10, 14)), 3)
        0.174
    """
    load = _check_positive("traffic_erlangs", traffic_erlangs, allow_zero=True)
    staff = np.asarray(agents, dtype=float)
    if np.any(staff < 1) or np.any(staff != np.floor(staff)):
        raise ValueError(f"agents must be a whole number of 1 or more; got {agents!r}.")
    if np.any(staff > MAX_AGENTS):
        raise ValueError(
            f"agents must be at most {MAX_AGENTS:,} (far beyond one contact centre's queue); "
            f"got {agents!r}. Check the number, or split the contacts across queues or sites "
            "and work out each one.")
    if np.any(staff <= load):
        raise ValueError(
            "Agents must exceed the traffic in erlangs, or the queue grows without limit: "
            f"traffic {np.max(load):.1f} erlangs needs more than {np.max(load):.0f} agents. "
            "Add agents, or lower the contacts or handle time."
        )
    load, staff = np.broadcast_arrays(load, staff)
    blocking = np.ones_like(load)
    for k in range(1, int(staff.max()) + 1):
        active = k <= staff
        step = load * blocking / (k + load * blocking)
        blocking = np.where(active, step, blocking)
    wait_probability = staff * blocking / (staff - load * (1 - blocking))
    return float(wait_probability) if wait_probability.ndim == 0 else wait_probability


def service_level(contacts: ArrayLike, aht_s: ArrayLike, agents: ArrayLike, target_s: float,
                  interval_s: float = 1800) -> np.ndarray | float:
    """Share of contacts answered within ``target_s`` seconds.

    Example:
        >>> round(float(service_level(100, 180, 15, 20)), 3)
        0.941
    """
    target_s = _check_target_s(target_s)
    load = traffic(contacts, aht_s, interval_s)
    staff = np.asarray(agents, dtype=float)
    result = 1 - erlang_c(load, staff) * np.exp(-(staff - load) * target_s / np.asarray(aht_s))
    return float(result) if np.ndim(result) == 0 else result


def average_speed_of_answer(contacts: ArrayLike, aht_s: ArrayLike, agents: ArrayLike,
                            interval_s: float = 1800) -> np.ndarray | float:
    """Average wait in seconds across all contacts (ASA).

    Example:
        >>> round(float(average_speed_of_answer(100, 180, 14)), 1)
        7.8
    """
    load = traffic(contacts, aht_s, interval_s)
    staff = np.asarray(agents, dtype=float)
    result = erlang_c(load, staff) * np.asarray(aht_s) / (staff - load)
    return float(result) if np.ndim(result) == 0 else result


def occupancy(contacts: ArrayLike, aht_s: ArrayLike, agents: ArrayLike,
              interval_s: float = 1800) -> np.ndarray | float:
    """Share of agents' time spent handling contacts (traffic ÷ agents).

    Occupancy cannot pass 1 (100%): when the traffic is more than the agents, they are busy
    all the time and the queue grows without limit, so this raises a ValueError saying so.

    Example:
        >>> round(float(occupancy(100, 180, 14)), 3)
        0.714
    """
    staff = _check_positive("agents", agents)
    load = traffic(contacts, aht_s, interval_s)
    if np.any(load > staff):
        raise ValueError(
            f"Traffic of {np.max(load):.1f} erlangs is more than the agents can handle "
            f"({agents!r}): they would be busy all the time (occupancy 100%) and the queue "
            "would grow without limit. Add agents, or lower the contacts or handle time.")
    result = load / staff
    return float(result) if np.ndim(result) == 0 else result


#: Occupancy above this is widely advised against for long periods (burnout, sickness,
#: people leaving): a warning.
OCCUPANCY_WARNING = 0.85
#: Occupancy above this leaves agents almost no time between contacts: a stronger warning.
OCCUPANCY_ALERT = 0.90


def occupancy_level(occupancy_share: float) -> str:
    """How worrying an occupancy is: "ok" up to 85%, "high" above 85%, "too high" above 90%.

    Example:
        >>> occupancy_level(0.8), occupancy_level(0.87), occupancy_level(0.93)
        ('ok', 'high', 'too high')
    """
    share = checks.number("occupancy_share", occupancy_share, example="0.85")
    if not 0 <= share <= 1:
        raise ValueError(f"occupancy_share is a share from 0 to 1 (e.g. 0.85); got "
                         f"{occupancy_share!r}.")
    if share > OCCUPANCY_ALERT:
        return "too high"
    if share > OCCUPANCY_WARNING:
        return "high"
    return "ok"


def occupancy_warning(occupancy_share: float) -> str:
    """A warning a manager can read (with ⚠ and words, never colour alone) when occupancy is
    above 85%, a stronger one above 90%, and "" otherwise.

    Example:
        >>> occupancy_warning(0.80)
        ''
        >>> occupancy_warning(0.852)[:32]
        '⚠ Occupancy 85.2% is above 85%: '
        >>> "burn out" in occupancy_warning(0.93)
        True
    """
    level = occupancy_level(occupancy_share)
    shown = f"{occupancy_share:.1%}"  # one decimal: 85.2% is visibly above 85%
    if level == "too high":
        return (f"⚠ Occupancy {shown} is far above {OCCUPANCY_WARNING:.0%}: agents would "
                f"spend more than {OCCUPANCY_ALERT:.0%} of their time on calls, with almost "
                "no breathing space between them. People burn out, go off sick and leave. "
                "Add agents even though the service level is met.")
    if level == "high":
        return (f"⚠ Occupancy {shown} is above {OCCUPANCY_WARNING:.0%}: agents have little "
                "time between calls. Bearable for a peak half-hour, not for a whole day: "
                "consider an extra agent.")
    return ""


_Number = (int, float, np.integer, np.floating)
_BLOCKS_FROM = 40  # total traffic ÷ largest traffic from which the numpy block search is quicker


def _check_targets(target_sl: float, target_s: float, max_occupancy: float | None) -> float:
    """Check the targets; give ``target_s`` as a float."""
    target_sl = checks.number("target_sl", target_sl, example="0.8")
    if max_occupancy is not None:
        max_occupancy = checks.number("max_occupancy", max_occupancy, example="0.85")
    if not 0 < target_sl < 1:
        hint = ""
        if target_sl == 1:
            hint = (" A target of 1 (every contact answered within target_s) can never be met: "
                    "some contacts always wait. Use a share below 1, e.g. 0.95.")
        elif 1 < target_sl <= 100:
            hint = f" For {target_sl:g}%, write {target_sl / 100:g}."
        raise ValueError(f"target_sl is a share between 0 and 1 (e.g. 0.8); got "
                         f"{target_sl!r}.{hint}")
    seconds = _check_target_s(target_s)
    if max_occupancy is not None and not 0 < max_occupancy <= 1:
        raise ValueError(f"max_occupancy is a share up to 1 (e.g. 0.85); got {max_occupancy!r}.")
    return seconds


def _too_many_agents(load: float, target_sl: float, target_s: float,
                     max_occupancy: float | None = None) -> ValueError:
    goal = f"answer {target_sl * 100:g}% of contacts within {target_s:g} s"
    fixes = "lower target_sl or raise target_s"
    if (max_occupancy is not None
            and math.floor(load) + 1 <= MAX_AGENTS < math.ceil(load / max_occupancy)):
        goal = f"keep occupancy at or below {max_occupancy:g}"
        fixes = "raise max_occupancy"
    return ValueError(
        f"Traffic of {load:,.1f} erlangs needs more than {MAX_AGENTS:,} agents to {goal}, "
        "far beyond one contact centre's queue. Check the inputs (contacts per interval; "
        "aht_s and interval_s in seconds), split the contacts across queues or sites and "
        f"staff each one, or {fixes}."
    )


def _scalar_number(name: str, value: float, *, allow_zero: bool = False) -> float:
    number = float(value)
    if not math.isfinite(number) or (number < 0 if allow_zero else number <= 0):
        limit = "0 or more" if allow_zero else "more than 0"
        raise ValueError(f"{name} must be a number {limit}; got {value!r}.")
    return number


def _required_agents_scalar(load: float, aht: float, target_sl: float, target_s: float,
                            max_occupancy: float | None) -> int:
    """One interval with plain floats: no numpy overhead, one pass of the Erlang B recursion.

    Same arithmetic, in the same order, as :func:`erlang_c` and :func:`service_level`, so the
    answer is the one a candidate-by-candidate search with those functions gives.
    """
    if load == 0:
        return 0
    start = math.floor(load) + 1  # fewer agents than that: the queue grows without limit
    if max_occupancy is not None:
        start = max(start, math.ceil(load / max_occupancy))
    if start > MAX_AGENTS:
        raise _too_many_agents(load, target_sl, target_s, max_occupancy)
    blocking = 1.0  # Erlang B with 0 agents
    for k in range(1, start):
        blocking = load * blocking / (k + load * blocking)
    for agents in range(start, MAX_AGENTS + 1):
        blocking = load * blocking / (agents + load * blocking)
        waiting = agents * blocking / (agents - load * (1 - blocking))
        level = 1 - waiting * math.exp(-(agents - load) * target_s / aht)
        if not level < target_sl:
            return agents
    raise _too_many_agents(load, target_sl, target_s, max_occupancy)


def _required_agents_array(load: np.ndarray, aht: np.ndarray, target_sl: float,
                           target_s: float, max_occupancy: float | None, *,
                           blocks: bool | None = None) -> np.ndarray:
    """Many intervals at once: all step up together, each stops when its target is met.

    The Erlang B recursion runs for every interval still searching, one agent at a time, for
    a block of agent counts; the service level for the whole block (agents × intervals) is then
    worked out in one go, and intervals that met their target leave the search. Same
    arithmetic as :func:`erlang_c` and :func:`service_level`, element by element.

    Each step of the recursion costs a few numpy calls whatever the number of intervals, so
    when the intervals' total traffic is under ``_BLOCKS_FROM`` times the largest (a day or a
    few, of 48 half-hours), plain floats one interval at a time are quicker and give the same
    answers. ``blocks`` forces one way (True: numpy blocks, False: one at a time).
    """
    start = np.floor(load) + 1  # fewer agents than that: the queue grows without limit
    if max_occupancy is not None:
        start = np.maximum(start, np.ceil(load / max_occupancy))
    result = np.zeros(load.shape, dtype=int)
    busy = load > 0
    if not busy.any():
        return result
    if start[busy].max() > MAX_AGENTS:
        raise _too_many_agents(float(load[busy & (start > MAX_AGENTS)].max()), target_sl,
                               target_s, max_occupancy)
    flat = result.reshape(-1)
    where = np.flatnonzero(busy)  # positions in ``flat`` still searching
    load, aht, start = load[busy], aht[busy], start[busy]
    if blocks is False or (blocks is None and load.sum() < _BLOCKS_FROM * load.max()):
        flat[where] = [_required_agents_scalar(erlangs, seconds, target_sl, target_s,
                                               max_occupancy)
                       for erlangs, seconds in zip(load.tolist(), aht.tolist(), strict=True)]
        return result
    blocking = np.ones_like(load)  # Erlang B with 0 agents
    product = np.empty_like(load)
    below = np.empty_like(load)
    first = int(start.min())
    for k in range(1, first):
        np.multiply(load, blocking, out=product)
        np.add(product, k, out=below)
        np.divide(product, below, out=blocking)
    # first block: up to the largest start plus a square-root-staffing margin; then doubling,
    # with at most about a million cells (8 MB) per block
    width = int(start.max()) - first + 2 * math.isqrt(int(load.max())) + 8
    low = first
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        while low <= MAX_AGENTS:
            width = max(1, min(width, 2**20 // load.size))
            high = min(low + width, MAX_AGENTS + 1)
            rows = np.empty((high - low, load.size))
            for row, agents in enumerate(range(low, high)):
                np.multiply(load, blocking, out=product)
                np.add(product, agents, out=below)
                np.divide(product, below, out=rows[row])
                blocking = rows[row]
            staff = np.arange(low, high, dtype=float)[:, None]
            waiting = staff * rows / (staff - load * (1 - rows))
            level = 1 - waiting * np.exp(-(staff - load) * target_s / aht)
            met = ~(level < target_sl) & (staff >= start)
            done = met.any(axis=0)
            if done.any():
                flat[where[done]] = low + met.argmax(axis=0)[done]
                keep = ~done
                if not keep.any():
                    return result
                where, load, aht, start = where[keep], load[keep], aht[keep], start[keep]
                product, below = product[keep], below[keep]
                blocking = blocking[keep]
            blocking = blocking.copy()
            low, width = high, width * 2
    raise _too_many_agents(float(load.max()), target_sl, target_s, max_occupancy)


def required_agents(contacts: ArrayLike, aht_s: ArrayLike, target_sl: float, target_s: float,
                    interval_s: float = 1800, max_occupancy: float | None = None
                    ) -> np.ndarray | int:
    """Fewest agents that meet ``target_sl`` within ``target_s`` (and ``max_occupancy``).

    Zero contacts need zero agents. The search starts at the fewest agents that keep the queue
    stable (traffic rounded down, plus 1) and carries the Erlang B recursion upward one agent at
    a time, so each interval costs one pass. Numbers give an ``int`` (fast, no numpy
    overhead); arrays give an array, searched for all intervals at once.

    Answers stop at ``MAX_AGENTS`` (10,000 agents): a request that needs more — traffic of
    10,000 erlangs or more, or a target only met beyond that — raises a ``ValueError`` saying
    what to change, rather than searching for long.

    Example:
        >>> required_agents(100, 180, 0.8, 20)
        14
        >>> required_agents([100, 0, 250], 180, 0.8, 20).tolist()
        [14, 0, 30]
        >>> required_agents(100, 180, 0.8, 20, max_occupancy=0.6)
        17
    """
    target_s = _check_targets(target_sl, target_s, max_occupancy)
    if (isinstance(contacts, _Number) and isinstance(aht_s, _Number)
            and isinstance(interval_s, _Number)):
        count = _scalar_number("contacts", contacts, allow_zero=True)
        aht = _scalar_number("aht_s (average handle time in seconds)", aht_s)
        length = _scalar_number("interval_s", interval_s)
        return _required_agents_scalar(count * aht / length, aht, target_sl, target_s,
                                       max_occupancy)
    load = traffic(contacts, aht_s, interval_s)
    aht = np.broadcast_to(np.asarray(aht_s, dtype=float), load.shape)
    result = _required_agents_array(load, aht, target_sl, target_s, max_occupancy)
    return int(result) if result.ndim == 0 else result


def rostered_headcount(agents_needed: ArrayLike, shrinkage: float) -> np.ndarray | float:
    """Agents needed ÷ (1 − one **combined** shrinkage figure).

    Deprecated for planning an interval: it mixes on-shift shrinkage (breaks, coaching,
    meetings), which sizes each half-hour's schedule, with off-shift shrinkage (leave,
    sickness, training days), which sizes the staff to employ (brief §7). Use
    :func:`agents_to_schedule` for one half-hour and :func:`staff_to_employ` for the
    workforce; this function stays for code that passes one combined figure.

    Example:
        >>> round(float(rostered_headcount(20, 0.35)), 1)
        30.8
    """
    shrinkage = checks.number("shrinkage", shrinkage, example="0.35")
    if not 0 <= shrinkage < 0.9:
        raise ValueError(f"shrinkage is a share from 0 to 0.9 (e.g. 0.35); got {shrinkage!r}.")
    needed = _check_positive("agents_needed", agents_needed, allow_zero=True)
    result = needed / (1 - shrinkage)
    return float(result) if np.ndim(result) == 0 else result


def _check_share(name: str, value: object, example: str, what: str) -> float:
    share = checks.number(name, value, example=example)
    if not 0 <= share < 0.9:
        raise ValueError(f"{name} is a share from 0 to under 0.9 ({what}), e.g. {example}; "
                         f"got {value!r}. Write 15% as 0.15.")
    return share


def agents_to_schedule(agents_needed: float, on_shift_shrinkage: float) -> float:
    """Agents to have on shift in one half-hour so ``agents_needed`` are free to take
    contacts: agents needed ÷ (1 − on-shift shrinkage).

    On-shift shrinkage is the share of time on shift spent on breaks, coaching and meetings.
    Leave, sickness and training days (off-shift shrinkage) do not belong here: they size the
    staff to employ (:func:`staff_to_employ`). There is no industry-standard value: measure
    your own (brief §7, contact-centre practice).

    Example:
        >>> agents_to_schedule(17, 0.15)
        20.0
        >>> agents_to_schedule(17, 15)
        Traceback (most recent call last):
        ...
        ValueError: on_shift_shrinkage is a share from 0 to under 0.9 (breaks, coaching and ...
    """
    needed = checks.number("agents_needed", agents_needed, example="17")
    if needed < 0 or needed > MAX_AGENTS:
        raise ValueError(f"agents_needed must be a number of agents from 0 to {MAX_AGENTS:,}; "
                         f"got {agents_needed!r}.")
    share = _check_share("on_shift_shrinkage", on_shift_shrinkage, "0.15",
                         "breaks, coaching and meetings as a share of time on shift")
    return float(needed / (1 - share))


def staff_to_employ(scheduled_hours_per_week: float, off_shift_shrinkage: float,
                    contract_hours_per_week: float = 37.5) -> float:
    """Full-time equivalent (FTE) staff to employ to work a schedule: scheduled agent-hours a
    week ÷ (1 − off-shift shrinkage) ÷ contract hours a week.

    Scheduled hours are the hours agents are on shift (breaks and coaching included, as in
    :func:`agents_to_schedule`); off-shift shrinkage is the share of contracted time lost to
    annual leave, sickness and training days. There is no industry-standard value: measure
    your own (brief §7, contact-centre practice).

    Example:
        >>> round(staff_to_employ(2214, 0.18), 1)
        72.0
        >>> staff_to_employ(2214, 0.18, contract_hours_per_week=0)
        Traceback (most recent call last):
        ...
        ValueError: contract_hours_per_week is the hours in one full-time contract a week, ...
    """
    hours = checks.number("scheduled_hours_per_week", scheduled_hours_per_week,
                          example="2214")
    if hours < 0 or hours > MAX_AGENTS * 168:
        raise ValueError(f"scheduled_hours_per_week must be agent-hours a week from 0 to "
                         f"{MAX_AGENTS * 168:,}; got {scheduled_hours_per_week!r}.")
    share = _check_share("off_shift_shrinkage", off_shift_shrinkage, "0.18",
                         "annual leave, sickness and training days as a share of "
                         "contracted time")
    contract = checks.number("contract_hours_per_week", contract_hours_per_week,
                             example="37.5")
    if not 0 < contract <= 80:
        raise ValueError(f"contract_hours_per_week is the hours in one full-time contract a "
                         f"week, above 0 and at most 80 (e.g. 37.5); got "
                         f"{contract_hours_per_week!r}.")
    return float(hours / (1 - share) / contract)


def chat_agents(contacts: ArrayLike, aht_s: float, concurrency: int, target_sl: float,
                target_s: float, interval_s: float = 1800,
                slowdown_per_extra_chat: float = 0.15) -> np.ndarray | int:
    """Agents needed for chat when each agent handles ``concurrency`` chats at once.

    Each extra simultaneous chat makes every chat slower (``slowdown_per_extra_chat``), so
    concurrency helps less than it seems: 2 chats at once is not twice the output.

    Example:
        >>> int(chat_agents(60, 600, concurrency=2, target_sl=0.8, target_s=60))
        14
    """
    concurrency = checks.number("concurrency", concurrency, example="2")
    aht_s = checks.number("aht_s", aht_s, minimum=1, example="300")
    if int(concurrency) != concurrency or not 1 <= concurrency <= 6:
        raise ValueError(f"concurrency is a whole number of chats from 1 to 6; got "
                         f"{concurrency!r}.")
    effective_aht = aht_s * (1 + slowdown_per_extra_chat * (concurrency - 1))
    slots = required_agents(contacts, effective_aht, target_sl, target_s, interval_s)
    result = np.ceil(np.asarray(slots) / concurrency).astype(int)
    return int(result) if result.ndim == 0 else result


def email_backlog(arrivals: ArrayLike, aht_s: float, agents: ArrayLike, target_hours: float,
                  interval_s: float = 1800) -> dict[str, np.ndarray | float]:
    """Work an email queue first in, first out, interval by interval.

    Returns the backlog left at the end of each interval (``backlog``), the emails still
    waiting at the end (``waiting_at_end``) and the share of emails answered within
    ``target_hours`` (``within_target``). Emails still waiting at the end of the period are
    judged by when they would be answered at the period's average pace, in order: a backlog
    that clears in time counts as on time, one that cannot counts as late, so an overloaded
    queue cannot look on target and a short period is not blamed for emails not yet due.
    ``within_target`` is NaN only when no email arrived.

    ``arrivals`` and ``agents`` hold one value per interval (at most ``MAX_EMAIL_INTERVALS``,
    a year of half-hours); ``target_hours`` is 0 or more.

    Example:
        >>> result = email_backlog([10] * 8, 600, [4] * 8, target_hours=24)
        >>> float(result["within_target"])
        1.0
        >>> overloaded = email_backlog([10] * 8, 600, [2] * 8, target_hours=1)
        >>> float(overloaded["waiting_at_end"]), round(float(overloaded["within_target"]), 3)
        (32.0, 0.475)
        >>> float(email_backlog([10] * 8, 600, [0] * 8, target_hours=24)["within_target"])
        0.0
    """
    arrivals = _check_positive("arrivals", arrivals, allow_zero=True)
    staff = _check_positive("agents", agents, allow_zero=True)
    _check_positive("aht_s (average handle time in seconds)", aht_s)
    _check_positive("target_hours", target_hours, allow_zero=True)
    interval_s = float(_check_positive("interval_s", interval_s))
    if arrivals.ndim != 1 or arrivals.shape != staff.shape:
        raise ValueError("arrivals and agents need one value per interval each (two lists of "
                         "the same length).")
    if len(arrivals) > MAX_EMAIL_INTERVALS:
        raise ValueError(f"arrivals and agents may cover at most {MAX_EMAIL_INTERVALS:,} "
                         f"intervals (a year of half-hours); got {len(arrivals):,}. Work out "
                         "a shorter period, or use longer intervals.")
    capacity = staff * interval_s / aht_s
    queue: deque[list[float]] = deque()  # [arrival interval, emails]
    backlog = np.zeros(len(arrivals))
    answered_on_time = answered_late = 0.0
    waiting_total = 0.0
    limit = target_hours * 3600 / interval_s
    for index, (arriving, can_do) in enumerate(zip(arrivals, capacity, strict=True)):
        if arriving:
            queue.append([index, float(arriving)])
            waiting_total += float(arriving)
        while can_do > 1e-9 and queue:
            arrived, waiting = queue[0]
            done = min(waiting, can_do)
            if index - arrived <= limit:
                answered_on_time += done
            else:
                answered_late += done
            can_do -= done
            waiting_total -= done
            queue[0][1] -= done
            if queue[0][1] <= 1e-9:
                waiting_total -= queue[0][1]
                queue.popleft()
        backlog[index] = max(waiting_total, 0.0) if queue else 0.0
    still_waiting = float(sum(w for _, w in queue))
    # emails still waiting are judged by when the same team would answer them: in order, at
    # the period's average pace (never, if nobody worked), so a backlog that will clear in
    # time counts as on time and one that cannot counts as late
    pace = float(np.mean(capacity)) if len(capacity) else 0.0
    ahead = 0.0
    last = len(arrivals) - 1
    for arrived, waiting in queue:
        ahead += waiting
        answered_at = last + (ahead / pace if pace > 0 else math.inf)
        if answered_at - arrived <= limit:
            answered_on_time += waiting
        else:
            answered_late += waiting
    handled = answered_on_time + answered_late
    within = answered_on_time / handled if handled else float("nan")
    return {"backlog": backlog, "waiting_at_end": still_waiting, "within_target": within}
