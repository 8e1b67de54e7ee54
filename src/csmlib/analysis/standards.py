"""Service standards per channel: what each option costs in agent time, and what customers
felt when it was met or missed.

A standard is a promise ("80% of calls answered in 20 seconds", "emails answered within 24
hours"). Setting one is a trade-off between cost and what customers tolerate, so each option
is priced from a week of the plan's forecast (Erlang C for phone, Erlang C with concurrency
for chat, a first-in-first-out backlog for email and social) and set beside the satisfaction
of surveyed customers who waited less or more than the standard's time.

**One basis for every weekly cost.** :func:`weekly_costs` (the cost of a plan at chosen
standards) and :func:`standards_options` (every option on offer) price a channel with the same
function, so at the same standards they give the same pounds. The hours are:

* *agent hours*: hours agents must be taking contacts to meet the standard;
* *scheduled hours*: agent hours ÷ (1 − on-shift shrinkage): time on shift, including
  breaks, coaching and meetings;
* *paid hours*: scheduled hours ÷ (1 − off-shift shrinkage): the paid time including
  annual leave, sickness and training days (:func:`csmlib.analysis.budget.paid_hours`);
* *weekly cost*: paid hours × hourly rate × (1 + on-costs), for the channels priced.

Shrinkage has no industry standard value (brief §7): the organisation's own on-shift and
off-shift figures are in ``csmlib.data.assumptions()``.

Satisfaction is *top-2-box*: the share of surveyed customers who scored 4 or 5 out of 5.

Example:
    >>> import pandas as pd
    >>> week = pd.DataFrame({"channel": ["phone"] * 4, "forecast_contacts": [100.0] * 4,
    ...                      "forecast_aht_s": [180.0] * 4})
    >>> said = pd.DataFrame({"channel": ["phone"] * 4, "wait_s": [5, 10, 40, 90],
    ...                      "csat": [5, 4, 3, 2]})
    >>> table = standards_options(week, said, hourly_rate_gbp=12.0, on_cost_share=0.25,
    ...                           on_shift_shrinkage=0.15, off_shift_shrinkage=0.18,
    ...                           options={"phone": {"80% in 20 s": (0.8, 20)}})
    >>> table[["standard", "agent_hours_a_week", "csat_if_met_pct", "csat_if_missed_pct"]
    ...       ].values.tolist()
    [['80% in 20 s', 28, 100.0, 0.0]]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from csmlib.analysis import budget, checks, staffing, workforce
from csmlib.data.schema import require_columns

#: The options a learner chooses from, loosest first: phone and chat (service level,
#: seconds), email and social (hours to reply).
PHONE_STANDARDS: dict[str, tuple[float, float]] = {
    "70% in 30 s": (0.7, 30), "80% in 20 s": (0.8, 20), "90% in 20 s": (0.9, 20),
    "90% in 10 s": (0.9, 10)}
CHAT_STANDARDS: dict[str, tuple[float, float]] = {
    "80% in 90 s": (0.8, 90), "80% in 60 s": (0.8, 60), "90% in 30 s": (0.9, 30)}
EMAIL_STANDARDS: dict[str, float] = {
    "reply within 48 hours": 48, "reply within 24 hours": 24, "reply within 8 hours": 8}
SOCIAL_STANDARDS: dict[str, float] = {
    "reply within 4 hours": 4, "reply within 2 hours": 2, "reply within 1 hour": 1}
STANDARDS: dict[str, Mapping[str, object]] = {
    "phone": PHONE_STANDARDS, "chat": CHAT_STANDARDS, "email": EMAIL_STANDARDS,
    "social": SOCIAL_STANDARDS}
#: The standards the organisation plans to (the setter's starting choice, and the basis of
#: the operational plan's cost): phone and chat as in its planning assumptions (80% in 20 s
#: and 80% in 60 s), email within a working day, social within two hours.
PLAN_STANDARDS: dict[str, str] = {
    "phone": "80% in 20 s", "chat": "80% in 60 s", "email": "reply within 24 hours",
    "social": "reply within 2 hours"}
#: Share of emails (and social posts) that must be answered within the promised time.
EMAIL_SHARE_WITHIN = 0.95
#: The most email agents the search tries per half-hour before saying the standard is out of
#: reach for this plan.
MAX_EMAIL_AGENTS = 500
#: A top-2-box score counts customers who scored at least this (out of 5).
TOP_2_BOX = 4

COLUMNS = ("channel", "standard", "agent_hours_a_week", "scheduled_hours_a_week",
           "paid_hours_a_week", "weekly_cost_gbp", "csat_if_met_pct", "csat_if_missed_pct")
COST_COLUMNS = ("channel", "standard", "forecast_contacts", "agent_hours", "scheduled_hours",
                "paid_hours", "weekly_cost_gbp")


def _email_agents(arrivals: np.ndarray, aht_s: float, hours_allowed: float) -> int:
    """The fewest agents per half-hour that answer 95% of emails within ``hours_allowed``."""
    for agents in range(1, MAX_EMAIL_AGENTS + 1):
        backlog = staffing.email_backlog(arrivals, aht_s, np.full(len(arrivals), agents),
                                         hours_allowed)
        if backlog["within_target"] >= EMAIL_SHARE_WITHIN:
            return agents
    raise ValueError(f"More than {MAX_EMAIL_AGENTS} agents per half-hour would be needed "
                     f"to reply within {hours_allowed:g} hours: check the plan's "
                     "forecast and handle time.")


def _csat_split(said: pd.DataFrame, limit_s: float) -> tuple[float, float]:
    """Top-2-box CSAT (%) of customers who waited up to ``limit_s`` and of those who waited
    longer (NaN where no surveyed customer is in a group)."""
    met = (said["wait_s"] <= limit_s).to_numpy(dtype=bool)
    happy = (said["csat"] >= TOP_2_BOX).to_numpy(dtype=bool)
    within = float(happy[met].mean() * 100) if met.any() else np.nan
    beyond = float(happy[~met].mean() * 100) if (~met).any() else np.nan
    return within, beyond


def _limit_s(setting: object) -> float:
    """The standard's answer time in seconds: (level, seconds) or hours to reply."""
    if isinstance(setting, tuple):
        return float(setting[1])
    return float(setting) * 3600  # type: ignore[arg-type]


def _agent_hours(part: pd.DataFrame, channel: str, setting: object,
                 chat_concurrency: int) -> float:
    """Hours agents must be taking contacts in ``part`` (one channel's half-hours) to meet a
    standard: Erlang C per half-hour (with concurrency for chat), or, for a reply-within
    standard, the steady team that answers 95% in time."""
    arrivals = part["forecast_contacts"].to_numpy(dtype=float)
    aht = part["forecast_aht_s"].to_numpy(dtype=float)
    if isinstance(setting, tuple):
        level, limit_s = setting
        if channel == "chat":
            needed = staffing.chat_agents(arrivals, float(aht.mean()), chat_concurrency,
                                          level, limit_s)
        else:
            needed = staffing.required_agents(arrivals, aht, level, limit_s)
        return float(np.sum(needed)) / 2
    agents = _email_agents(arrivals, float(aht.mean()), float(setting))  # type: ignore[arg-type]
    return agents * len(part) / 2


def _channel_part(week_plan: pd.DataFrame, channel: str) -> pd.DataFrame:
    part = week_plan[week_plan["channel"] == channel]
    if part.empty:
        raise ValueError(f"The plan has no {channel} rows for this week: remove {channel} "
                         "from the options or use a week with a forecast for it.")
    return part


def _check_plan(week_plan: pd.DataFrame) -> None:
    checks.instance("week_plan", week_plan, pd.DataFrame,
                    "one week of the plan (channel, forecast_contacts, forecast_aht_s)")
    require_columns(week_plan, "interval_plan", ("channel", "forecast_contacts",
                                                 "forecast_aht_s"))
    for column in ("forecast_contacts", "forecast_aht_s"):
        values = pd.to_numeric(week_plan[column], errors="coerce").to_numpy(dtype=float)
        if not np.isfinite(values).all() or (values < 0).any():
            raise ValueError(f"The plan's column {column!r} must hold numbers of 0 or more.")


def _cost(part: pd.DataFrame, channel: str, setting: object, *, hourly_rate_gbp: float,
          on_cost_share: float, on_shift_shrinkage: float, off_shift_shrinkage: float,
          chat_concurrency: int) -> dict[str, float]:
    """Agent, scheduled and paid hours and cost of one channel at one standard: the one
    basis. On-shift shrinkage turns hours taking contacts into scheduled hours; off-shift
    shrinkage turns scheduled hours into paid hours (each applied once)."""
    hours = _agent_hours(part, channel, setting, chat_concurrency)
    scheduled = budget.paid_hours(hours, on_shift_shrinkage, off_shift_shrinkage)["scheduled"]
    cost = budget.staff_cost(scheduled, hourly_rate_gbp, on_cost_share, off_shift_shrinkage)
    return {"agent_hours": hours, "scheduled_hours": scheduled,
            "paid_hours": cost["paid_hours"], "cost_gbp": cost["cost_gbp"]}


def _setting(options: Mapping[str, Mapping[str, object]], channel: str, name: str) -> object:
    if channel not in options:
        raise ValueError(f"Unknown channel {channel!r}: standards are offered for "
                         f"{', '.join(options)}.")
    if name not in options[channel]:
        raise ValueError(f"Unknown {channel} standard {name!r}: choose one of "
                         f"{', '.join(map(repr, options[channel]))}.")
    return options[channel][name]


def weekly_costs(week_plan: pd.DataFrame, picks: Mapping[str, str], *,
                 hourly_rate_gbp: float, on_cost_share: float, on_shift_shrinkage: float,
                 off_shift_shrinkage: float,
                 chat_concurrency: int = 2,
                 options: Mapping[str, Mapping[str, object]] | None = None) -> pd.DataFrame:
    """A week of the plan costed at the chosen standards, one row per channel of ``picks``.

    Columns (:data:`COST_COLUMNS`): channel, standard, forecast_contacts (the week's total),
    agent_hours (taking contacts), scheduled_hours (÷ (1 − on-shift shrinkage)), paid_hours
    (÷ (1 − off-shift shrinkage)) and weekly_cost_gbp (paid hours × rate × (1 + on-costs)),
    each rounded to whole numbers. Same basis as
    :func:`standards_options`, so the same standard costs the same in both.

    Example:
        >>> week = pd.DataFrame({"channel": ["phone"] * 4, "forecast_contacts": [100.0] * 4,
        ...                      "forecast_aht_s": [180.0] * 4})
        >>> weekly_costs(week, {"phone": "80% in 20 s"}, hourly_rate_gbp=12.0,
        ...              on_cost_share=0.25, on_shift_shrinkage=0.125,
        ...              off_shift_shrinkage=0.2).values.tolist()
        [['phone', '80% in 20 s', 400, 28, 32, 40, 600]]
    """
    _check_plan(week_plan)
    checks.instance("picks", picks, Mapping, "a mapping of channel to standard, e.g. "
                    "{'phone': '80% in 20 s'}")
    options = STANDARDS if options is None else options
    rows = []
    for channel, name in picks.items():
        setting = _setting(options, channel, name)
        part = _channel_part(week_plan, channel)
        cost = _cost(part, channel, setting, hourly_rate_gbp=hourly_rate_gbp,
                     on_cost_share=on_cost_share, on_shift_shrinkage=on_shift_shrinkage,
                     off_shift_shrinkage=off_shift_shrinkage,
                     chat_concurrency=chat_concurrency)
        rows.append({"channel": channel, "standard": name,
                     "forecast_contacts": round(float(part["forecast_contacts"].sum())),
                     "agent_hours": round(cost["agent_hours"]),
                     "scheduled_hours": round(cost["scheduled_hours"]),
                     "paid_hours": round(cost["paid_hours"]),
                     "weekly_cost_gbp": round(cost["cost_gbp"])})
    return pd.DataFrame(rows, columns=list(COST_COLUMNS))


def standards_options(week_plan: pd.DataFrame, surveyed: pd.DataFrame, *,
                      hourly_rate_gbp: float, on_cost_share: float, on_shift_shrinkage: float,
                      off_shift_shrinkage: float,
                      chat_concurrency: int = 2,
                      options: Mapping[str, Mapping[str, object]] | None = None
                      ) -> pd.DataFrame:
    """Every standard on offer with its weekly agent hours and cost, and the customer effect.

    ``week_plan``: one week of the plan (channel, forecast_contacts, forecast_aht_s per
    half-hour). ``surveyed``: contacts with a CSAT answer (channel, wait_s, csat). Hours and
    cost are worked out as in :func:`weekly_costs` (agent hours taking contacts; scheduled
    hours add on-shift shrinkage, paid hours off-shift shrinkage; the cost adds on-costs).
    ``options`` defaults to :data:`STANDARDS`.
    Returns one row per option with the columns in :data:`COLUMNS`; satisfaction is
    top-2-box (%), NaN where no surveyed customer was on that side of the standard.
    """
    _check_plan(week_plan)
    checks.instance("surveyed", surveyed, pd.DataFrame,
                    "contacts with a CSAT answer (channel, wait_s, csat)")
    require_columns(surveyed, "contacts", ("channel", "wait_s", "csat"))
    surveyed = surveyed[surveyed["csat"].notna()]
    rows = []
    for channel, choices in (STANDARDS if options is None else options).items():
        part = _channel_part(week_plan, channel)
        said = surveyed[surveyed["channel"] == channel]
        for name, setting in choices.items():
            cost = _cost(part, channel, setting, hourly_rate_gbp=hourly_rate_gbp,
                         on_cost_share=on_cost_share, on_shift_shrinkage=on_shift_shrinkage,
                         off_shift_shrinkage=off_shift_shrinkage,
                         chat_concurrency=chat_concurrency)
            within, beyond = _csat_split(said, _limit_s(setting))
            rows.append({"channel": channel, "standard": name,
                         "agent_hours_a_week": round(cost["agent_hours"]),
                         "scheduled_hours_a_week": round(cost["scheduled_hours"]),
                         "paid_hours_a_week": round(cost["paid_hours"]),
                         "weekly_cost_gbp": round(cost["cost_gbp"]),
                         "csat_if_met_pct": round(within, 1),
                         "csat_if_missed_pct": round(beyond, 1)})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def customer_effect(options: pd.DataFrame) -> pd.DataFrame:
    """For each channel of :func:`standards_options`: what the tightest option costs more than
    the loosest (£ a week), how much satisfaction of customers served within the standard
    changes from loosest to tightest (points), and the widest gap between customers served
    within a standard and those who waited longer (points; NaN where no option has both).

    These are the facts behind "tighter standards cost more, but customers do not feel every
    tightening in the same way".

    Example:
        >>> options = pd.DataFrame({"channel": ["phone", "phone"],
        ...     "standard": ["loose", "tight"], "weekly_cost_gbp": [100, 150],
        ...     "csat_if_met_pct": [78.0, 78.5], "csat_if_missed_pct": [66.0, 60.0]})
        >>> customer_effect(options).values.tolist()
        [['phone', 50.0, 0.5, 18.5]]
    """
    checks.instance("options", options, pd.DataFrame, "the table from standards_options")
    require_columns(options, "standards options", ("channel", "standard", "weekly_cost_gbp",
                                                   "csat_if_met_pct", "csat_if_missed_pct"))
    rows = []
    for channel, group in options.groupby("channel", sort=False):
        cost = pd.to_numeric(group["weekly_cost_gbp"], errors="coerce")
        met = pd.to_numeric(group["csat_if_met_pct"], errors="coerce")
        missed = pd.to_numeric(group["csat_if_missed_pct"], errors="coerce")
        gap = (met - missed).max()
        rows.append({"channel": channel,
                     "extra_cost_gbp": float(cost.iloc[-1] - cost.iloc[0]),
                     "met_change_pts": float(round(met.iloc[-1] - met.iloc[0], 1)),
                     "widest_gap_pts": float(round(gap, 1)) if pd.notna(gap) else np.nan})
    return pd.DataFrame(rows, columns=["channel", "extra_cost_gbp", "met_change_pts",
                                       "widest_gap_pts"])


def service_level_cost_curve(week_plan: pd.DataFrame, levels_pct: Sequence[float],
                             target_s: float, *, hourly_rate_gbp: float, on_cost_share: float,
                             on_shift_shrinkage: float, off_shift_shrinkage: float
                             ) -> pd.DataFrame:
    """The weekly cost of phone service levels ``levels_pct`` (answered within ``target_s``)
    and the cost of each extra point: the cost curve a standard is set from (brief §7: the
    80/20 standard has no known origin; set it from customers' tolerance and cost).

    Priced exactly as :func:`weekly_costs` (Erlang C per half-hour, both shrinkages,
    on-costs). Columns: level_pct, weekly_cost_gbp, cost_per_extra_point_gbp
    (:func:`csmlib.analysis.workforce.cost_of_each_point`).

    Example:
        >>> week = pd.DataFrame({"channel": ["phone"] * 4, "forecast_contacts": [100.0] * 4,
        ...                      "forecast_aht_s": [180.0] * 4})
        >>> curve = service_level_cost_curve(week, [70, 80, 90, 95], 20, hourly_rate_gbp=12.0,
        ...     on_cost_share=0.25, on_shift_shrinkage=0.15, off_shift_shrinkage=0.18)
        >>> curve["cost_per_extra_point_gbp"].tolist()[1:]
        [4.3, 4.3, 8.6]
    """
    checks.instance("levels_pct", levels_pct, Sequence, "rising service levels in %, "
                    "e.g. [70, 80, 90]")
    for level in levels_pct:
        checks.number("levels_pct", level, minimum=1, maximum=99, example="80")
    options = {"phone": {f"{level:g}% in {target_s:g} s": (level / 100, target_s)
                         for level in levels_pct}}
    costs = [weekly_costs(week_plan, {"phone": name}, hourly_rate_gbp=hourly_rate_gbp,
                          on_cost_share=on_cost_share, on_shift_shrinkage=on_shift_shrinkage,
                          off_shift_shrinkage=off_shift_shrinkage,
                          options=options)["weekly_cost_gbp"].item()
             for name in options["phone"]]
    curve = workforce.cost_of_each_point(list(levels_pct), costs)
    curve["cost_per_extra_point_gbp"] = curve["cost_per_extra_point_gbp"].round(1)
    return curve
