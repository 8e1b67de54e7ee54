"""Was the plan worked? Schedule adherence and conformance, agent by agent.

* **Schedule adherence**: the share of scheduled time an agent spent doing what the schedule
  said, when it said (:func:`csmlib.analysis.kpis.schedule_adherence`).
* **Conformance**: hours logged in ÷ hours scheduled, whenever they were worked
  (:func:`csmlib.analysis.kpis.conformance`).

Read together they point to different conversations: the hours were there but at the wrong
times (breaks and lunches taken when the plan needed agents on the phones), or the hours
were short (late log-ins, early log-outs). :func:`by_agent` measures each agent over a
period; :func:`groups` sorts them into the four combinations, with what a team leader does
about each.

Example:
    >>> from csmlib.analysis.kpis import example_attendance
    >>> by_agent(example_attendance())[["agent_id", "conformance", "adherence"]].round(3
    ...     ).values.tolist()
    [['A1', 1.0, 0.95], ['A2', 0.983, 0.875]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from csmlib.analysis import checks
from csmlib.data.schema import require_columns

#: conformance below which an agent's hours are short (course default: a few minutes a day)
CONFORMANCE_TARGET = 0.98

#: the four combinations, in the order a report lists them, with what to do about each
GROUPS: dict[tuple[bool, bool], tuple[str, str]] = {
    (True, True): ("Right hours, right times",
                   "Nothing to fix: recognise it."),
    (True, False): ("Right hours, wrong times",
                    "Coach on keeping to the schedule's times: breaks, lunches and "
                    "coaching when the plan has them."),
    (False, True): ("Hours short, right times",
                    "Talk about log-in and log-out times: late starts and early finishes."),
    (False, False): ("Hours short and wrong times",
                     "Both conversations; check first for a cause outside the agent "
                     "(system log-in delays, a shift pattern that does not fit)."),
}

GROUPS_LABELS = tuple(label for label, _ in GROUPS.values())


def by_agent(attendance: pd.DataFrame) -> pd.DataFrame:
    """Conformance and schedule adherence for each agent over the days they were present.

    ``attendance`` has agent_id, scheduled_hours, absent, adherence_pct and worked_hours
    (the data contract's ``attendance`` table). Absent days are left out: they count in
    absence, not here. Columns: agent_id, days_present, scheduled_hours, worked_hours,
    conformance (worked ÷ scheduled), adherence (scheduled-hours-weighted), sorted by
    agent_id.

    Example:
        >>> from csmlib.analysis.kpis import example_attendance
        >>> by_agent(example_attendance())[["agent_id", "days_present"]].values.tolist()
        [['A1', 1], ['A2', 2]]
    """
    checks.instance("attendance", attendance, pd.DataFrame, "the attendance table")
    require_columns(attendance, "attendance", ("agent_id", "scheduled_hours", "absent",
                                               "adherence_pct", "worked_hours"))
    absent = attendance["absent"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    present = attendance.loc[~absent]
    hours = pd.to_numeric(present["scheduled_hours"], errors="coerce")
    worked = pd.to_numeric(present["worked_hours"], errors="coerce")
    adherent = pd.to_numeric(present["adherence_pct"], errors="coerce") / 100 * hours
    frame = pd.DataFrame({"agent_id": present["agent_id"].astype(str), "scheduled_hours": hours,
                          "worked_hours": worked, "adherent_hours": adherent}).dropna()
    if frame.empty or frame["scheduled_hours"].sum() <= 0:
        raise ValueError("attendance: no days with an agent present and their scheduled, "
                         "worked and adherence figures recorded; check the worked_hours and "
                         "adherence_pct columns.")
    sums = frame.groupby("agent_id", sort=True).agg(
        days_present=("scheduled_hours", "size"), scheduled_hours=("scheduled_hours", "sum"),
        worked_hours=("worked_hours", "sum"), adherent_hours=("adherent_hours", "sum"))
    sums = sums[sums["scheduled_hours"] > 0]
    sums["conformance"] = sums["worked_hours"] / sums["scheduled_hours"]
    sums["adherence"] = sums["adherent_hours"] / sums["scheduled_hours"]
    return sums.drop(columns="adherent_hours").reset_index()


def groups(per_agent: pd.DataFrame, adherence_target: float,
           conformance_target: float = CONFORMANCE_TARGET) -> pd.DataFrame:
    """Agents in the four combinations of conformance and adherence, against their targets.

    ``per_agent`` is :func:`by_agent`'s table. An agent meets a target when their figure is
    at or above it. Columns: group, agents, share (of agents), conformance and adherence (of
    the group's agents together, hours-weighted; NaN for an empty group), action. Every
    group is listed, empty or not, in :data:`GROUPS` order.

    Example:
        >>> agents = pd.DataFrame({"agent_id": ["A", "B", "C"],
        ...                        "scheduled_hours": [100.0, 100.0, 100.0],
        ...                        "worked_hours": [99.0, 100.0, 90.0],
        ...                        "conformance": [0.99, 1.0, 0.9],
        ...                        "adherence": [0.92, 0.85, 0.91]})
        >>> groups(agents, 0.90)[["group", "agents"]].values.tolist()
        [['Right hours, right times', 1], ['Right hours, wrong times', 1], \
['Hours short, right times', 1], ['Hours short and wrong times', 0]]
    """
    require_columns(per_agent, "per-agent table", ("agent_id", "scheduled_hours",
                                                   "conformance", "adherence"))
    for name, value in (("adherence_target", adherence_target),
                        ("conformance_target", conformance_target)):
        checks.number(name, value, minimum=0, maximum=1.2, example="0.9")
    conforms = per_agent["conformance"].to_numpy() >= conformance_target
    adheres = per_agent["adherence"].to_numpy() >= adherence_target
    hours = per_agent["scheduled_hours"].to_numpy(dtype=float)
    rows = []
    for (hours_ok, times_ok), (label, action) in GROUPS.items():
        member = (conforms == hours_ok) & (adheres == times_ok)
        weight = hours[member].sum()

        def mean(column: str, member: np.ndarray = member, weight: float = weight) -> float:
            values = per_agent[column].to_numpy(dtype=float)[member]
            return float((values * hours[member]).sum() / weight) if weight > 0 else np.nan

        rows.append((label, int(member.sum()), float(member.mean()) if len(member) else 0.0,
                     mean("conformance"), mean("adherence"), action))
    return pd.DataFrame(rows, columns=["group", "agents", "share", "conformance", "adherence",
                                       "action"])
