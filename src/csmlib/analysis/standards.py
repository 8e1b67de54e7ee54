"""Service standards per channel: what each option costs in agent time, and what customers
felt when it was met or missed.

A standard is a promise ("80% of calls answered in 20 seconds", "emails answered within 24
hours"). Setting one is a trade-off between cost and what customers tolerate, so each option
is priced from the plan's forecast for a week (Erlang C for phone, Erlang C with concurrency
for chat, a first-in-first-out backlog for email) and set beside the satisfaction of surveyed
customers who waited less or more than the standard's time.

Example:
    >>> import pandas as pd
    >>> week = pd.DataFrame({"channel": ["phone"] * 4, "forecast_contacts": [100.0] * 4,
    ...                      "forecast_aht_s": [180.0] * 4})
    >>> said = pd.DataFrame({"channel": ["phone"] * 4, "wait_s": [5, 10, 40, 90],
    ...                      "csat": [5, 4, 3, 2]})
    >>> table = standards_options(week, said, hourly_rate_gbp=12.0, on_cost_share=0.25,
    ...                           shrinkage=0.3, options={"phone": {"80% in 20 s": (0.8, 20)}})
    >>> table[["standard", "agent_hours_a_week", "csat_if_met_pct", "csat_if_missed_pct"]
    ...       ].values.tolist()
    [['80% in 20 s', 28, 100.0, 0.0]]
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from csmlib.analysis import budget, staffing
from csmlib.data.schema import require_columns

#: The options a learner chooses from: phone and chat (service level, seconds), email (hours).
PHONE_STANDARDS: dict[str, tuple[float, float]] = {
    "70% in 30 s": (0.7, 30), "80% in 20 s": (0.8, 20), "90% in 20 s": (0.9, 20),
    "90% in 10 s": (0.9, 10)}
CHAT_STANDARDS: dict[str, tuple[float, float]] = {
    "80% in 90 s": (0.8, 90), "80% in 60 s": (0.8, 60), "90% in 30 s": (0.9, 30)}
EMAIL_STANDARDS: dict[str, float] = {
    "reply within 48 hours": 48, "reply within 24 hours": 24, "reply within 8 hours": 8}
STANDARDS: dict[str, Mapping[str, object]] = {
    "phone": PHONE_STANDARDS, "chat": CHAT_STANDARDS, "email": EMAIL_STANDARDS}
#: Share of emails that must be answered within the promised time.
EMAIL_SHARE_WITHIN = 0.95
#: The most email agents the search tries per half-hour before saying the standard is out of
#: reach for this plan.
MAX_EMAIL_AGENTS = 500

COLUMNS = ("channel", "standard", "agent_hours_a_week", "weekly_cost_gbp", "csat_if_met_pct",
           "csat_if_missed_pct")


def _email_agents(arrivals: np.ndarray, aht_s: float, hours_allowed: float) -> int:
    """The fewest agents per half-hour that answer 95% of emails within ``hours_allowed``."""
    for agents in range(1, MAX_EMAIL_AGENTS + 1):
        backlog = staffing.email_backlog(arrivals, aht_s, np.full(len(arrivals), agents),
                                         hours_allowed)
        if backlog["within_target"] >= EMAIL_SHARE_WITHIN:
            return agents
    raise ValueError(f"More than {MAX_EMAIL_AGENTS} email agents per half-hour would be needed "
                     f"to answer emails within {hours_allowed:g} hours: check the plan's "
                     "forecast and handle time.")


def _csat_split(said: pd.DataFrame, limit_s: float) -> tuple[float, float]:
    """Top-2-box CSAT (%) of customers who waited up to ``limit_s`` and of those who waited
    longer (NaN where no surveyed customer is in a group)."""
    met = said["wait_s"] <= limit_s
    happy = said["csat"] >= 4
    within = float(happy[met].mean() * 100) if met.any() else np.nan
    beyond = float(happy[~met].mean() * 100) if (~met).any() else np.nan
    return within, beyond


def standards_options(week_plan: pd.DataFrame, surveyed: pd.DataFrame, *,
                      hourly_rate_gbp: float, on_cost_share: float, shrinkage: float,
                      chat_concurrency: int = 2,
                      options: Mapping[str, Mapping[str, object]] | None = None
                      ) -> pd.DataFrame:
    """Every standard on offer with its weekly agent hours and cost, and the customer effect.

    ``week_plan``: one week of the interval plan (channel, forecast_contacts,
    forecast_aht_s per half-hour). ``surveyed``: contacts with a CSAT answer (channel, wait_s,
    csat). Hours are agents taking contacts; the cost adds shrinkage and on-costs
    (:func:`csmlib.analysis.budget.staff_cost`). ``options`` defaults to :data:`STANDARDS`.
    Returns one row per option with the columns in :data:`COLUMNS`.
    """
    require_columns(week_plan, "interval_plan", ("channel", "forecast_contacts",
                                                 "forecast_aht_s"))
    require_columns(surveyed, "contacts", ("channel", "wait_s", "csat"))
    surveyed = surveyed[surveyed["csat"].notna()]
    rows = []
    for channel, choices in (options or STANDARDS).items():
        part = week_plan[week_plan["channel"] == channel]
        said = surveyed[surveyed["channel"] == channel]
        if part.empty:
            raise ValueError(f"The plan has no {channel} rows for this week: remove {channel} "
                             "from the options or use a week with a forecast for it.")
        arrivals = part["forecast_contacts"].to_numpy(dtype=float)
        for name, setting in choices.items():
            if channel == "email":
                hours_allowed = float(setting)  # type: ignore[arg-type]
                agents = _email_agents(arrivals, float(part["forecast_aht_s"].mean()),
                                       hours_allowed)
                hours = agents * len(part) / 2
                limit_s = hours_allowed * 3600
            else:
                level, limit_s = setting  # type: ignore[misc]
                if channel == "chat":
                    needed = staffing.chat_agents(arrivals, float(part["forecast_aht_s"].mean()),
                                                  chat_concurrency, level, limit_s)
                else:
                    needed = staffing.required_agents(
                        arrivals, part["forecast_aht_s"].to_numpy(dtype=float), level, limit_s)
                hours = float(np.sum(needed)) / 2
            cost = budget.staff_cost(hours, hourly_rate_gbp, on_cost_share, shrinkage)
            within, beyond = _csat_split(said, float(limit_s))
            rows.append({"channel": channel, "standard": name,
                         "agent_hours_a_week": round(hours),
                         "weekly_cost_gbp": round(cost["cost_gbp"]),
                         "csat_if_met_pct": round(within, 1),
                         "csat_if_missed_pct": round(beyond, 1)})
    return pd.DataFrame(rows, columns=list(COLUMNS))
