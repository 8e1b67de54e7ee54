"""Workforce-management practice a planner uses beside Erlang C: where standards come from,
what counts as a missed call, pooling, routing priority callers first, and whether the schedule
covers the requirement.

* **Service-level variants.** "80% in 20 s" can be counted three ways, and a report must say
  which: abandoned calls counted as missed (answered within the time ÷ all offered), abandoned
  calls left out (÷ answered only: it flatters a queue that loses callers), or *short
  abandons* left out (callers who hang up within a few seconds, before anyone could answer,
  are not counted as offered). :func:`service_level_variants`.
* **Setting a standard.** The 80/20 standard has no known origin: set standards from what
  customers tolerate and from the cost curve (brief §7). Each extra point of service level
  costs more agents than the last (diminishing returns): :func:`cost_of_each_point`.
* **Pooling.** One queue served by all the agents needs fewer agents than the same calls
  split into separate queues at the same standard: :func:`pooling_gain`.
* **Priority routing.** In a contingency, callers on the Priority Services Register (energy
  and water; brief §7) can be answered first. With one shared team and non-pre-emptive
  priority, the register's callers wait far less and everyone else a little more (Cobham's
  formula for an M/M/c queue with two priority classes, 1954): :func:`priority_waits`.
* **Events calendar.** A forecast built from past weeks does not know a bank holiday or a
  billing run is coming: list the known events beside the forecast and adjust for each
  (:func:`events_calendar`; bank holidays from :mod:`csmlib.analysis.bank_holidays`).
* **Requirement against schedule.** Erlang C gives the agents who must be taking calls;
  dividing by (1 − on-shift shrinkage) gives the agents to schedule in that half-hour; the
  rota either covers it or not: :func:`requirement_vs_schedule`.

Example:
    >>> pooling_gain([50, 50], 180, 0.8, 20)["agents_saved"]
    2
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from csmlib.analysis import bank_holidays, checks, staffing
from csmlib.data.schema import require_columns

#: A caller who hangs up within this many seconds is a *short abandon* (a common threshold;
#: centres choose 3 to 10 seconds and must say which).
SHORT_ABANDON_S = 5
VARIANT_COLUMNS = ("variant", "counts_as_offered", "service_level_pct")


def _share(name: str, value: float, *, upper_open: bool = True) -> float:
    value = checks.number(name, value, example="0.3")
    if not (0 <= value < 1 if upper_open else 0 <= value <= 1):
        raise ValueError(f"{name} is a share from 0 to 1 (e.g. 0.3); got {value!r}.")
    return float(value)


def short_abandons(contacts: pd.DataFrame, threshold_s: float = SHORT_ABANDON_S) -> int:
    """Contacts abandoned within ``threshold_s`` seconds (callers who hung up before anyone
    could reasonably answer).

    Example:
        >>> calls = pd.DataFrame({"answered": [True, False, False], "wait_s": [3, 2, 40]})
        >>> short_abandons(calls, 5)
        1
    """
    require_columns(contacts, "contacts", ("answered", "wait_s"))
    threshold_s = checks.number("threshold_s", threshold_s, minimum=0, example="5")
    answered = contacts["answered"].astype(bool).to_numpy()
    wait = pd.to_numeric(contacts["wait_s"]).to_numpy(dtype=float)
    return int(((~answered) & (wait <= threshold_s)).sum())


def service_level_variants(contacts: pd.DataFrame, target_s: float,
                           short_abandon_s: float = SHORT_ABANDON_S) -> pd.DataFrame:
    """One queue's service level counted three ways (%, columns :data:`VARIANT_COLUMNS`).

    ``contacts``: one queue's contacts (answered, wait_s). Rows:

    * "abandoned counted as missed": answered within ``target_s`` ÷ all offered;
    * "short abandons left out": answered within ``target_s`` ÷ (offered − contacts
      abandoned within ``short_abandon_s``);
    * "abandoned left out": answered within ``target_s`` ÷ answered (flattering: a queue
      that loses many callers can still look on target).

    A call answered after ``target_s`` is missed in every variant.

    Example:
        >>> calls = pd.DataFrame({"answered": [True, True, True, False, False],
        ...                       "wait_s": [5, 10, 60, 2, 90]})
        >>> service_level_variants(calls, 20, 5)["service_level_pct"].tolist()
        [40.0, 50.0, 66.7]
    """
    require_columns(contacts, "contacts", ("answered", "wait_s"))
    target_s = checks.number("target_s", target_s, minimum=0, example="20")
    if contacts.empty:
        raise ValueError("No contacts to count: pass one queue's contacts (answered, wait_s).")
    answered = contacts["answered"].astype(bool).to_numpy()
    wait = pd.to_numeric(contacts["wait_s"]).to_numpy(dtype=float)
    within = int((answered & (wait <= target_s)).sum())
    offered = len(contacts)
    short = short_abandons(contacts, short_abandon_s)
    rows = [("abandoned counted as missed", offered),
            (f"short abandons (within {short_abandon_s:g} s) left out", offered - short),
            ("abandoned left out", int(answered.sum()))]
    return pd.DataFrame([(name, base, round(100 * within / base, 1) if base else np.nan)
                         for name, base in rows], columns=list(VARIANT_COLUMNS))


def cost_of_each_point(levels_pct: Sequence[float], weekly_cost_gbp: Sequence[float]
                       ) -> pd.DataFrame:
    """The cost of each extra point of service level between successive targets.

    ``levels_pct`` rising (e.g. 70, 80, 90) and the weekly cost of meeting each. Columns:
    level_pct, weekly_cost_gbp, cost_per_extra_point_gbp (empty for the first level).
    Rising values mean diminishing returns: each point costs more than the one before.

    Example:
        >>> cost_of_each_point([70, 80, 90], [1000, 1300, 1800])[
        ...     "cost_per_extra_point_gbp"].tolist()
        [nan, 30.0, 50.0]
    """
    levels = np.asarray(levels_pct, dtype=float)
    costs = np.asarray(weekly_cost_gbp, dtype=float)
    if levels.ndim != 1 or levels.shape != costs.shape or len(levels) < 2:
        raise ValueError("levels_pct and weekly_cost_gbp need one value per target each "
                         "(two lists of the same length, at least two targets).")
    if not np.all(np.diff(levels) > 0):
        raise ValueError(f"levels_pct must rise from one target to the next; got "
                         f"{list(levels_pct)!r}.")
    per_point = np.concatenate([[np.nan], np.diff(costs) / np.diff(levels)])
    return pd.DataFrame({"level_pct": levels, "weekly_cost_gbp": costs,
                         "cost_per_extra_point_gbp": per_point})


def pooling_gain(calls_per_queue: Sequence[float], aht_s: float, target_sl: float,
                 target_s: float) -> dict[str, int]:
    """Agents needed when each queue is staffed on its own, and when all the calls share one
    queue, at the same standard (Erlang C).

    Example:
        >>> pooling_gain([50, 50], 180, 0.8, 20)
        {'separate_agents': 16, 'pooled_agents': 14, 'agents_saved': 2}
    """
    calls = np.asarray(calls_per_queue, dtype=float)
    if calls.ndim != 1 or len(calls) < 2:
        raise ValueError("calls_per_queue needs the calls of two or more queues, e.g. [50, 50].")
    separate = int(np.sum([staffing.required_agents(float(c), aht_s, target_sl, target_s)
                           for c in calls]))
    pooled = int(staffing.required_agents(float(calls.sum()), aht_s, target_sl, target_s))
    return {"separate_agents": separate, "pooled_agents": pooled,
            "agents_saved": separate - pooled}


def priority_waits(calls: float, aht_s: float, agents: int, priority_share: float,
                   interval_s: float = 1800) -> dict[str, float]:
    """Average wait (s) of priority callers, of everyone else, and of all callers with no
    priority, when one team answers priority callers first (non-pre-emptive priority).

    Cobham's formula (M/M/c, two classes, the same handle time): wait of class k =
    W0 ÷ ((1 − σ₍ₖ₋₁₎)(1 − σₖ)), where W0 = P(wait) × AHT ÷ agents and σₖ is the occupancy
    of classes 1..k. The calls' average wait is the same as without priority: priority moves
    waiting from one group to the other, it does not remove it.

    Example:
        >>> waits = priority_waits(100, 180, 12, 0.1)
        >>> waits["priority_s"] < waits["no_priority_s"] < waits["others_s"]
        True
        >>> round(0.1 * waits["priority_s"] + 0.9 * waits["others_s"], 6) == round(
        ...     waits["no_priority_s"], 6)
        True
    """
    share = _share("priority_share", priority_share)
    aht_s = checks.number("aht_s", aht_s, example="180")
    load = float(staffing.traffic(calls, aht_s, interval_s))
    waiting = float(staffing.erlang_c(load, agents))
    occupancy = load / agents
    w0 = waiting * aht_s / agents
    first = share * occupancy
    priority = w0 / (1 - first)
    others = w0 / ((1 - first) * (1 - occupancy))
    plain = float(staffing.average_speed_of_answer(calls, aht_s, agents, interval_s))
    return {"priority_s": priority, "others_s": others, "no_priority_s": plain}


REQUIREMENT_COLUMNS = ("interval_start", "forecast_contacts", "forecast_aht_s",
                       "agents_needed", "agents_to_schedule", "scheduled_agents", "gap")


def requirement_vs_schedule(plan: pd.DataFrame, channel: str, target_sl: float,
                            target_s: float, on_shift_shrinkage: float, top: int = 5
                            ) -> pd.DataFrame:
    """The ``top`` busiest half-hours of one channel of an interval plan: agents needed
    (Erlang C), agents to schedule (÷ (1 − on-shift shrinkage)) and the agents the rota
    scheduled; ``gap`` = scheduled − to schedule (negative: the rota is short).

    Example:
        >>> plan = pd.DataFrame({"interval_start": pd.to_datetime(["2026-01-05 09:00",
        ...     "2026-01-05 09:30"]), "channel": "phone", "forecast_contacts": [100.0, 50.0],
        ...     "forecast_aht_s": [180.0, 180.0], "scheduled_agents": [17, 10]})
        >>> requirement_vs_schedule(plan, "phone", 0.8, 20, 0.15, top=1)[
        ...     ["agents_needed", "agents_to_schedule", "scheduled_agents", "gap"]
        ...     ].round(1).values.tolist()
        [[14.0, 16.5, 17.0, 0.5]]
    """
    require_columns(plan, "interval_plan", ("interval_start", "channel", "forecast_contacts",
                                            "forecast_aht_s", "scheduled_agents"))
    on = _share("on_shift_shrinkage", on_shift_shrinkage)
    part = plan[plan["channel"] == channel]
    if part.empty:
        raise ValueError(f"The plan has no {channel!r} rows; choose a channel it holds.")
    busiest = part.nlargest(int(top), "forecast_contacts").copy()
    needed = staffing.required_agents(busiest["forecast_contacts"].to_numpy(dtype=float),
                                      busiest["forecast_aht_s"].to_numpy(dtype=float),
                                      target_sl, target_s)
    busiest["agents_needed"] = np.asarray(needed, dtype=float)
    busiest["agents_to_schedule"] = [staffing.agents_to_schedule(n, on)
                                     for n in busiest["agents_needed"]]
    busiest["gap"] = busiest["scheduled_agents"] - busiest["agents_to_schedule"]
    return busiest[list(REQUIREMENT_COLUMNS)].reset_index(drop=True)


#: What a planner does about a bank holiday in the forecast.
BANK_HOLIDAY_ACTION = ("bank holiday (England and Wales): few customers call; forecast it "
                       "from past bank holidays, not an ordinary weekday, and plan a "
                       "skeleton team; expect more contacts the next working day")


def events_calendar(start: Any, end: Any, events: Mapping[Any, str] | None = None
                    ) -> pd.DataFrame:
    """Known events between ``start`` and ``end`` that a forecast must allow for: England and
    Wales bank holidays (brief §7) and any ``events`` the organisation knows of (date → what,
    e.g. a billing run or a price change letter). Columns: date, event. Sorted by date.

    Example:
        >>> events_calendar("2026-03-30", "2026-04-12", {"2026-04-01": "billing run"})[
        ...     "date"].dt.strftime("%d %b").tolist()
        ['01 Apr', '03 Apr', '06 Apr']
    """
    rows = [(pd.Timestamp(day), BANK_HOLIDAY_ACTION) for day in bank_holidays.between(start,
                                                                                   end)]
    low, high = pd.Timestamp(start), pd.Timestamp(end)
    for day, what in (events or {}).items():
        when = pd.Timestamp(day)
        if low <= when <= high:
            rows.append((when, checks.text("events", what, "billing run")))
    return pd.DataFrame(rows, columns=["date", "event"]).sort_values(
        "date", kind="stable").reset_index(drop=True)


LADDER_COLUMNS = ("step", "how", "value")


def staffing_ladder(peak_agents_needed: float, weekly_hours_taking_contacts: float,
                    on_shift_shrinkage: float, off_shift_shrinkage: float,
                    contract_hours_per_week: float = 37.5) -> pd.DataFrame:
    """From the peak half-hour to the people to employ, one step per row (columns step, how,
    value): on-shift shrinkage sizes each half-hour's schedule
    (:func:`csmlib.analysis.staffing.agents_to_schedule`), off-shift shrinkage sizes the staff
    to employ (:func:`csmlib.analysis.staffing.staff_to_employ`); each is applied once.

    Example:
        >>> ladder = staffing_ladder(17, 2000, 0.15, 0.18)
        >>> ladder["value"].round(1).tolist()
        [17.0, 20.0, 2000.0, 2352.9, 76.5]
    """
    on = _share("on_shift_shrinkage", on_shift_shrinkage)
    off = _share("off_shift_shrinkage", off_shift_shrinkage)
    hours = checks.number("weekly_hours_taking_contacts", weekly_hours_taking_contacts,
                          minimum=0, example="2000")
    scheduled = hours / (1 - on)
    rows = [
        ("Agents taking calls at the peak half-hour", "Erlang C at the standard",
         float(peak_agents_needed)),
        ("Agents to schedule in that half-hour",
         f"÷ (1 − {on:.0%} on-shift shrinkage: breaks, coaching, meetings)",
         staffing.agents_to_schedule(peak_agents_needed, on)),
        ("Agent hours taking contacts in the week", "every half-hour of every channel, "
         "at the standards", hours),
        ("Scheduled hours in the week", f"÷ (1 − {on:.0%} on-shift shrinkage)", scheduled),
        ("Staff to employ (full-time equivalent, FTE)",
         f"÷ (1 − {off:.0%} off-shift shrinkage: leave, sickness, training days) ÷ "
         f"{contract_hours_per_week:g} contract hours",
         staffing.staff_to_employ(scheduled, off, contract_hours_per_week)),
    ]
    return pd.DataFrame(rows, columns=list(LADDER_COLUMNS))
