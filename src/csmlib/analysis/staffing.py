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

import numpy as np
from numpy.typing import ArrayLike


def _check_positive(name: str, value: ArrayLike, *, allow_zero: bool = False) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    bad = (array < 0) if allow_zero else (array <= 0)
    if np.any(bad) or np.any(~np.isfinite(array)):
        limit = "0 or more" if allow_zero else "more than 0"
        raise ValueError(f"{name} must be a number {limit}; got {value!r}.")
    return array


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
    without limit, so add agents or reduce the workload.

    Example:
        >>> round(float(erlang_c(10, 14)), 3)
        0.174
    """
    load = _check_positive("traffic_erlangs", traffic_erlangs, allow_zero=True)
    staff = np.asarray(agents, dtype=float)
    if np.any(staff < 1) or np.any(staff != np.floor(staff)):
        raise ValueError(f"agents must be a whole number of 1 or more; got {agents!r}.")
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

    Example:
        >>> round(float(occupancy(100, 180, 14)), 3)
        0.714
    """
    staff = _check_positive("agents", agents)
    result = traffic(contacts, aht_s, interval_s) / staff
    return float(result) if np.ndim(result) == 0 else result


def required_agents(contacts: ArrayLike, aht_s: ArrayLike, target_sl: float, target_s: float,
                    interval_s: float = 1800, max_occupancy: float | None = None
                    ) -> np.ndarray | int:
    """Fewest agents that meet ``target_sl`` within ``target_s`` (and ``max_occupancy``).

    Zero contacts need zero agents.

    Example:
        >>> required_agents([100, 0, 250], 180, 0.8, 20).tolist()
        [14, 0, 30]
    """
    if not 0 < target_sl < 1:
        raise ValueError(f"target_sl is a share between 0 and 1 (e.g. 0.8); got {target_sl!r}.")
    if max_occupancy is not None and not 0 < max_occupancy <= 1:
        raise ValueError(f"max_occupancy is a share up to 1 (e.g. 0.85); got {max_occupancy!r}.")
    load = traffic(contacts, aht_s, interval_s)
    aht = np.broadcast_to(np.asarray(aht_s, dtype=float), load.shape)
    staff = np.floor(load) + 1
    if max_occupancy is not None:
        staff = np.maximum(staff, np.ceil(load / max_occupancy))
    staff = np.where(load == 0, 0, staff)
    for _ in range(10_000):
        busy = load > 0
        if not busy.any():
            break
        level = np.ones_like(load)
        level[busy] = 1 - erlang_c(load[busy], staff[busy]) * np.exp(
            -(staff[busy] - load[busy]) * target_s / aht[busy])
        short = busy & (level < target_sl)
        if not short.any():
            break
        staff = staff + short
    result = staff.astype(int)
    return int(result) if result.ndim == 0 else result


def rostered_headcount(agents_needed: ArrayLike, shrinkage: float) -> np.ndarray | float:
    """Agents to roster so that ``agents_needed`` are available after shrinkage.

    Shrinkage is the share of paid time when agents cannot take contacts: breaks, training,
    coaching, meetings, holidays and sickness (typically 0.30–0.40).

    Example:
        >>> round(float(rostered_headcount(20, 0.35)), 1)
        30.8
    """
    if not 0 <= shrinkage < 0.9:
        raise ValueError(f"shrinkage is a share from 0 to 0.9 (e.g. 0.35); got {shrinkage!r}.")
    needed = _check_positive("agents_needed", agents_needed, allow_zero=True)
    result = needed / (1 - shrinkage)
    return float(result) if np.ndim(result) == 0 else result


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

    Returns the backlog left at the end of each interval and the share of emails answered
    within ``target_hours`` (emails still waiting at the end count as late if already past it).

    Example:
        >>> result = email_backlog([10] * 8, 600, [2] * 8, target_hours=24)
        >>> float(result["within_target"])
        1.0
    """
    arrivals = _check_positive("arrivals", arrivals, allow_zero=True)
    staff = _check_positive("agents", agents, allow_zero=True)
    _check_positive("aht_s (average handle time in seconds)", aht_s)
    if arrivals.shape != staff.shape:
        raise ValueError("arrivals and agents need one value per interval each.")
    capacity = staff * interval_s / aht_s
    queue: list[list[float]] = []  # [arrival interval, emails]
    backlog = np.zeros(len(arrivals))
    answered_on_time = answered_late = 0.0
    limit = target_hours * 3600 / interval_s
    for index, (arriving, can_do) in enumerate(zip(arrivals, capacity, strict=True)):
        if arriving:
            queue.append([index, float(arriving)])
        while can_do > 1e-9 and queue:
            arrived, waiting = queue[0]
            done = min(waiting, can_do)
            if index - arrived <= limit:
                answered_on_time += done
            else:
                answered_late += done
            can_do -= done
            queue[0][1] -= done
            if queue[0][1] <= 1e-9:
                queue.pop(0)
        backlog[index] = sum(w for _, w in queue)
    overdue = sum(w for arrived, w in queue if len(arrivals) - 1 - arrived > limit)
    handled = answered_on_time + answered_late + overdue
    within = answered_on_time / handled if handled else float("nan")
    return {"backlog": backlog, "within_target": within}
