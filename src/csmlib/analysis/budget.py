"""Budget maths for a contact-centre plan: staff cost, cost per contact, variance, channel shift.

Example:
    >>> cost = staff_cost(agent_hours=1000, hourly_rate_gbp=13.5, on_cost_share=0.28,
    ...                   shrinkage=0.35)
    >>> round(cost["paid_hours"]), round(cost["cost_gbp"])
    (1538, 26585)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from csmlib.analysis import checks
from csmlib.data.schema import require_columns

VARIANCE_WARNING = 0.02   # 2% over budget: amber
VARIANCE_ALERT = 0.05     # 5% over budget: red


def _check_share(name: str, value: float, upper: float = 1.0) -> float:
    value = checks.number(name, value, example="0.35")
    if not 0 <= value < upper:
        raise ValueError(f"{name} is a share from 0 to {upper:g} (e.g. 0.35); got {value!r}.")
    return float(value)


def staff_cost(agent_hours: float, hourly_rate_gbp: float, on_cost_share: float,
               shrinkage: float) -> dict[str, float]:
    """Cost of the agents a plan needs.

    Paid hours = ``agent_hours`` ÷ (1 − ``shrinkage``), where ``shrinkage`` is the share of
    paid time not yet counted in ``agent_hours``: for scheduled hours (breaks and coaching
    already in them) that is the off-shift shrinkage only (leave, sickness, training days);
    for hours taking contacts use :func:`paid_hours`, which adds both parts. On-costs
    (employer's National Insurance, pension, benefits) are a share on top of pay. The
    organisation's own figures are in ``csmlib.data.assumptions()``.

    Example:
        >>> staff_cost(650, hourly_rate_gbp=12.0, on_cost_share=0.25, shrinkage=0.35)["cost_gbp"]
        15000.0
    """
    agent_hours = checks.number("agent_hours", agent_hours, example="650")
    hourly_rate_gbp = checks.number("hourly_rate_gbp", hourly_rate_gbp, example="13.50")
    if agent_hours < 0 or hourly_rate_gbp <= 0:
        raise ValueError("agent_hours must be 0 or more and hourly_rate_gbp more than 0.")
    _check_share("shrinkage", shrinkage, 0.9)
    _check_share("on_cost_share", on_cost_share, 1.5)
    paid_hours = agent_hours / (1 - shrinkage)
    pay = paid_hours * hourly_rate_gbp
    return {"available_hours": float(agent_hours), "paid_hours": paid_hours, "pay_gbp": pay,
            "on_costs_gbp": pay * on_cost_share, "cost_gbp": pay * (1 + on_cost_share)}


def paid_hours(hours_taking_contacts: float, on_shift_shrinkage: float,
               off_shift_shrinkage: float) -> dict[str, float]:
    """From hours agents must be taking contacts to hours scheduled and hours paid.

    Scheduled hours = hours taking contacts ÷ (1 − on-shift shrinkage: breaks, coaching,
    meetings while on shift); paid hours = scheduled hours ÷ (1 − off-shift shrinkage: leave,
    sickness, training days). Shrinkage has no industry standard value: measure your own
    (brief §7).

    Example:
        >>> paid_hours(68, on_shift_shrinkage=0.15, off_shift_shrinkage=0.2)
        {'taking_contacts': 68.0, 'scheduled': 80.0, 'paid': 100.0}
    """
    hours = checks.number("hours_taking_contacts", hours_taking_contacts, minimum=0,
                          example="68")
    on = _check_share("on_shift_shrinkage", on_shift_shrinkage, 0.9)
    off = _check_share("off_shift_shrinkage", off_shift_shrinkage, 0.9)
    scheduled = hours / (1 - on)
    return {"taking_contacts": float(hours), "scheduled": scheduled,
            "paid": scheduled / (1 - off)}


def cost_per_contact(cost_by_channel: Mapping[str, float],
                     contacts_by_channel: Mapping[str, float]) -> pd.DataFrame:
    """Cost per contact for each channel, and overall.

    Example:
        >>> cost_per_contact({"phone": 5000, "chat": 1000}, {"phone": 1000, "chat": 400})[
        ...     "cost_per_contact_gbp"].round(2).tolist()
        [5.0, 2.5, 4.29]
    """
    checks.instance("cost_by_channel", cost_by_channel, Mapping,
                    "a mapping of channel to cost in £, e.g. {'phone': 5000}")
    checks.instance("contacts_by_channel", contacts_by_channel, Mapping,
                    "a mapping of channel to contacts, e.g. {'phone': 1000}")
    rows = []
    for channel, cost in cost_by_channel.items():
        contacts = float(contacts_by_channel.get(channel, 0))
        if contacts <= 0:
            raise ValueError(f"No contacts for channel {channel!r}: cost per contact needs "
                             "at least one contact.")
        rows.append((channel, float(cost), contacts, cost / contacts))
    total_cost = sum(r[1] for r in rows)
    total_contacts = sum(r[2] for r in rows)
    rows.append(("all channels", total_cost, total_contacts, total_cost / total_contacts))
    return pd.DataFrame(rows, columns=["channel", "cost_gbp", "contacts",
                                       "cost_per_contact_gbp"])


def variance(budget: pd.DataFrame) -> pd.DataFrame:
    """Budget against actual per line and month: variance in £ and %, and a status word.

    Status: "over budget" (more than 5% over), "watch" (2–5% over), "on track", or
    "no actual yet" where the actual is missing (a month not yet closed): its variance is
    left empty rather than reported on track. ``direction`` says it in accountants' words:
    "adverse" (spent more than budgeted), "favourable" (spent less) or "on budget".
    Budgets and actuals must be numbers of 0 or more (missing actuals allowed); a budget of
    0 with spend against it is "over budget".

    Example:
        >>> table = variance(pd.DataFrame({"month": ["2026-01", "2026-02"],
        ...     "line": ["Pay", "Pay"], "budget_gbp": [1000.0, 1000.0],
        ...     "actual_gbp": [1060.0, None]}))
        >>> table["status"].tolist(), table["direction"].tolist()
        (['over budget', 'no actual yet'], ['adverse', ''])
    """
    require_columns(budget, "budget", ("month", "line", "budget_gbp", "actual_gbp"))
    for name, empty_allowed in (("budget_gbp", False), ("actual_gbp", True)):
        _check_money(budget[name], name, empty_allowed)
    table = budget.copy()
    actual = pd.to_numeric(table["actual_gbp"])
    planned = pd.to_numeric(table["budget_gbp"])
    table["variance_gbp"] = actual - planned
    with np.errstate(divide="ignore", invalid="ignore"):
        share = (table["variance_gbp"] / planned).where(planned > 0)
    share = share.where(~((planned == 0) & (actual > 0)), np.inf)
    table["variance_pct"] = 100 * share
    table["status"] = "on track"
    table.loc[share > VARIANCE_WARNING, "status"] = "watch"
    table.loc[share > VARIANCE_ALERT, "status"] = "over budget"
    table.loc[actual.isna(), "status"] = "no actual yet"
    table["direction"] = direction(table["variance_gbp"])
    return table


def direction(variance_gbp: pd.Series) -> pd.Series:
    """Accountants' words for a cost variance (actual − budget): "adverse" when more was
    spent than budgeted, "favourable" when less, "on budget" when the same to the penny, ""
    when unknown.

    Example:
        >>> direction(pd.Series([120.0, -40.0, 0.0, None])).tolist()
        ['adverse', 'favourable', 'on budget', '']
    """
    checks.instance("variance_gbp", variance_gbp, pd.Series,
                    "a column of variances in £ (actual − budget), e.g. pd.Series([120.0])")
    try:
        values = pd.to_numeric(variance_gbp).round(2)
    except (TypeError, ValueError):
        raise ValueError("variance_gbp must hold amounts in £ (numbers, or empty where not "
                         "known); convert it with pd.to_numeric.") from None
    words = np.select([values > 0, values < 0, values == 0],
                      ["adverse", "favourable", "on budget"], default="")
    return pd.Series(words, index=variance_gbp.index, dtype=object)


#: Budget lines that move with the number of contacts (flexed), as the generator builds
#: them: agent pay and overtime (staffed to the workload) and telephony (priced per contact).
#: Team leaders and recruitment are treated as fixed for a month.
VARIABLE_LINES = ("agent salaries and on-costs", "overtime", "telephony and systems")


def flexed_variance(budget: pd.DataFrame, planned_contacts: Mapping[str, float],
                    actual_contacts: Mapping[str, float],
                    variable_lines: Sequence[str] = VARIABLE_LINES) -> pd.DataFrame:
    """Budget flexed to the actual volume, and the variance against it.

    A flexed budget asks "what should we have spent for the contacts that actually came?":
    for a variable line, flexed budget = budget × actual contacts ÷ planned contacts that
    month; fixed lines keep their budget. The variance against the flexed budget separates
    spending (how well the money was managed) from volume (more or fewer contacts than
    planned): volume variance = flexed budget − budget. Columns: month, line, budget_gbp,
    flexed_budget_gbp, actual_gbp, volume_variance_gbp, flexed_variance_gbp, direction
    (of the flexed variance: adverse/favourable).

    Example:
        >>> table = flexed_variance(pd.DataFrame({"month": ["2026-01", "2026-01"],
        ...     "line": ["telephony and systems", "team leaders and support"],
        ...     "budget_gbp": [1000.0, 500.0], "actual_gbp": [1150.0, 480.0]}),
        ...     {"2026-01": 10000}, {"2026-01": 12000})
        >>> table[["flexed_budget_gbp", "flexed_variance_gbp", "direction"]].values.tolist()
        [[1200.0, -50.0, 'favourable'], [500.0, -20.0, 'favourable']]
    """
    table = variance(budget)
    checks.instance("planned_contacts", planned_contacts, Mapping,
                    "a mapping of month to contacts planned, e.g. {'2026-01': 10000}")
    checks.instance("actual_contacts", actual_contacts, Mapping,
                    "a mapping of month to contacts that arrived, e.g. {'2026-01': 12000}")
    months = table["month"].astype(str)
    missing = sorted(set(months) - set(map(str, planned_contacts)))
    if missing:
        raise ValueError(f"No planned contacts for {', '.join(missing)}: give "
                         "planned_contacts for every month of the budget.")
    planned = months.map(lambda m: float(planned_contacts[m]))
    actual = months.map(lambda m: float(actual_contacts.get(m, np.nan)))
    if (planned <= 0).any():
        raise ValueError("planned_contacts must be more than 0 for every month.")
    ratio = actual / planned
    variable = table["line"].isin(list(variable_lines))
    flexed = table["budget_gbp"].where(~variable, table["budget_gbp"] * ratio)
    table["flexed_budget_gbp"] = flexed
    table["volume_variance_gbp"] = flexed - table["budget_gbp"]
    table["flexed_variance_gbp"] = table["actual_gbp"] - flexed
    table["direction"] = direction(table["flexed_variance_gbp"])
    return table[["month", "line", "budget_gbp", "flexed_budget_gbp", "actual_gbp",
                  "volume_variance_gbp", "flexed_variance_gbp", "direction"]]


def _check_money(column: pd.Series, name: str, empty_allowed: bool) -> None:
    """Raise a ValueError naming the column unless it holds numbers of 0 or more."""
    try:
        values = pd.to_numeric(column).to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        raise ValueError(f"The budget table, column {name!r}, must hold amounts in £ (numbers); "
                         "convert it with pd.to_numeric.") from None
    bad = (values < 0) | np.isinf(values) | (np.isnan(values) & (not empty_allowed))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        rule = "0 or more" + (" (or empty if not known yet)" if empty_allowed else "")
        raise ValueError(f"The budget table, column {name!r}: row {row} holds "
                         f"{column.iloc[row]!r}; amounts must be numbers of {rule}. "
                         f"{int(bad.sum())} row(s) have this problem; correct them.")


def channel_shift(contacts_by_channel: Mapping[str, float],
                  cost_per_contact_gbp: Mapping[str, float], from_channel: str,
                  to_channel: str, share: float) -> dict[str, float]:
    """What moving ``share`` of one channel's contacts to another would save (a what-if).

    Example:
        >>> channel_shift({"phone": 1000, "chat": 200}, {"phone": 5.0, "chat": 2.5},
        ...               "phone", "chat", 0.1)["saving_gbp"]
        250.0
    """
    checks.instance("contacts_by_channel", contacts_by_channel, Mapping,
                    "a mapping of channel to contacts, e.g. {'phone': 1000}")
    checks.instance("cost_per_contact_gbp", cost_per_contact_gbp, Mapping,
                    "a mapping of channel to £ per contact, e.g. {'phone': 5.0}")
    _check_share("share", share, 1.0 + 1e-9)
    for channel in (from_channel, to_channel):
        if channel not in contacts_by_channel or channel not in cost_per_contact_gbp:
            raise ValueError(f"Unknown channel {channel!r}; choose from "
                             f"{', '.join(contacts_by_channel)}.")
    moved = contacts_by_channel[from_channel] * share
    saving = moved * (cost_per_contact_gbp[from_channel] - cost_per_contact_gbp[to_channel])
    return {"contacts_moved": moved, "saving_gbp": saving}


def _off_shift(off_shift_shrinkage: float | None, shrinkage: float | None) -> float:
    """The off-shift shrinkage, given under its name or the older name ``shrinkage``."""
    if (off_shift_shrinkage is None) == (shrinkage is None):
        raise ValueError("Give off_shift_shrinkage (leave, sickness and training days as a "
                         "share of contracted time, e.g. 0.2) once; shrinkage is its older "
                         "name.")
    return _check_share("off_shift_shrinkage",
                        off_shift_shrinkage if shrinkage is None else shrinkage, 0.9)


def plan_cost_by_channel(plan: pd.DataFrame, hourly_rate_gbp: float, on_cost_share: float,
                         off_shift_shrinkage: float | None = None, *,
                         shrinkage: float | None = None) -> pd.DataFrame:
    """Scheduled hours, paid hours and agent cost per channel from an interval plan.

    Each row of the plan is a half-hour, so scheduled hours = scheduled agents ÷ 2. Scheduled
    agents are on shift, breaks and coaching included, so **on-shift shrinkage is already in
    them** and is not applied again; paid hours add only the off-shift shrinkage (leave,
    sickness, training days): scheduled hours ÷ (1 − off-shift shrinkage), and the cost adds
    on-costs (:func:`staff_cost`). ``shrinkage`` is the older name of
    ``off_shift_shrinkage``. Columns: channel, forecast_contacts, agent_hours (scheduled),
    rostered_hours (paid), cost_gbp.

    Example:
        >>> plan = pd.DataFrame({"channel": ["phone", "phone", "email"],
        ...                      "forecast_contacts": [100.0, 80.0, 30.0],
        ...                      "scheduled_agents": [14, 12, 4]})
        >>> plan_cost_by_channel(plan, 12.0, 0.25, 0.2)[["channel", "agent_hours", "cost_gbp"]
        ...     ].values.tolist()
        [['email', 2.0, 37.5], ['phone', 13.0, 243.75]]
    """
    off = _off_shift(off_shift_shrinkage, shrinkage)
    require_columns(plan, "interval_plan", ("channel", "forecast_contacts", "scheduled_agents"))
    summary = plan.groupby("channel").agg(forecast_contacts=("forecast_contacts", "sum"),
                                          agent_hours=("scheduled_agents", "sum"))
    summary["agent_hours"] = summary["agent_hours"] / 2
    costs = [staff_cost(hours, hourly_rate_gbp, on_cost_share, off)
             for hours in summary["agent_hours"]]
    summary["rostered_hours"] = [cost["paid_hours"] for cost in costs]
    summary["cost_gbp"] = [cost["cost_gbp"] for cost in costs]
    return summary.reset_index()


def _handled_by_channel(contacts: pd.DataFrame) -> dict[str, int]:
    """Answered (handled) contacts per channel; ``answered`` must hold True/False values."""
    require_columns(contacts, "contacts", ("channel", "answered"))
    answered = contacts["answered"]
    if answered.isna().any() or not (pd.api.types.is_bool_dtype(answered) or all(
            isinstance(value, bool | np.bool_) for value in answered.unique())):
        raise ValueError("The contacts table, column 'answered', must hold True or False for "
                         "every contact (was the contact answered?); convert it before "
                         "costing contacts.")
    handled = contacts.loc[answered.astype(bool).to_numpy(), "channel"]
    return {str(channel): int(count) for channel, count in handled.value_counts().items()}


def agent_cost_per_contact(plan: pd.DataFrame, contacts: pd.DataFrame, hourly_rate_gbp: float,
                           on_cost_share: float, off_shift_shrinkage: float | None = None, *,
                           shrinkage: float | None = None) -> pd.DataFrame:
    """Agent cost per contact handled, by channel and for all channels, over a period.

    FORMULA, per channel: agent cost of the plan's scheduled hours (:func:`plan_cost_by_channel`:
    scheduled hours ÷ (1 − off-shift shrinkage) × hourly rate × (1 + on-cost share); on-shift
    shrinkage is already in the scheduled agents) ÷ contacts handled (answered) on that
    channel. ``shrinkage`` is the older name of ``off_shift_shrinkage``. Abandoned calls and
    chats cost agent time nobody used, so they are not in the divisor: a channel that loses
    more contacts costs more per contact it handles.

    Chat is cheaper per contact than phone when the plan accounts for concurrency (an agent
    handles about two chats at once, each taking longer than a call); email reflects its
    longer handling time, worked in batches with no queue. ``plan`` and ``contacts`` must
    cover the same period. Columns: channel, agent_hours, rostered_hours, cost_gbp,
    contacts_handled, cost_per_contact_gbp (the last row is "all channels").

    Example:
        >>> plan = pd.DataFrame({"channel": ["phone", "phone", "chat"],
        ...                      "forecast_contacts": [10.0, 8.0, 6.0],
        ...                      "scheduled_agents": [4, 4, 2]})
        >>> contacts = pd.DataFrame({"channel": ["phone"] * 9 + ["chat"] * 5,
        ...                          "answered": [True] * 8 + [False] + [True] * 5})
        >>> table = agent_cost_per_contact(plan, contacts, 13.0, 0.3, 0.35)
        >>> table[["channel", "contacts_handled", "cost_per_contact_gbp"]].values.tolist()
        [['chat', 5, 5.2], ['phone', 8, 13.0], ['all channels', 13, 10.0]]

        Phone: 4 scheduled hours ÷ (1 − 0.35 off-shift) × £13 × 1.3 = £104 for 8 calls
        answered (the abandoned call is not in the divisor).
    """
    off = _off_shift(off_shift_shrinkage, shrinkage)
    require_columns(plan, "interval_plan", ("channel", "forecast_contacts", "scheduled_agents"))
    handled = _handled_by_channel(contacts)
    costs = plan_cost_by_channel(plan, hourly_rate_gbp, on_cost_share, off)
    unplanned = sorted(set(handled) - set(costs["channel"]))
    if unplanned:
        raise ValueError(f"The contacts include {', '.join(unplanned)} contacts but the "
                         "interval_plan has no rows for that channel: pass the plan and the "
                         "contacts of the same period and channels.")
    for channel in costs["channel"]:
        if handled.get(channel, 0) <= 0:
            raise ValueError(f"No answered {channel} contacts: cost per contact handled needs "
                             f"at least one. Pass the contacts of the plan's period, or leave "
                             f"{channel} out of the plan.")
    per_contact = cost_per_contact(dict(zip(costs["channel"], costs["cost_gbp"], strict=True)),
                                   handled)
    table = per_contact.rename(columns={"contacts": "contacts_handled"})
    hours = costs.set_index("channel")
    for column in ("agent_hours", "rostered_hours"):
        table[column] = table["channel"].map(hours[column])
        table.loc[table["channel"] == "all channels", column] = hours[column].sum()
    table["contacts_handled"] = table["contacts_handled"].astype(int)
    return table[["channel", "agent_hours", "rostered_hours", "cost_gbp", "contacts_handled",
                  "cost_per_contact_gbp"]]


def channel_shift_savings(cost_table: pd.DataFrame, from_channel: str, to_channel: str,
                          shares: Sequence[float]) -> pd.DataFrame:
    """The saving of moving each share of one channel's handled contacts to another.

    ``cost_table`` is the table :func:`agent_cost_per_contact` gives. Each row applies
    :func:`channel_shift` at one share: contacts moved × (cost per contact on
    ``from_channel`` − on ``to_channel``). It assumes each channel's cost per contact stays
    as it is (a first estimate: a smaller phone queue loses some economy of scale, a larger
    chat queue gains some). Columns: share, contacts_moved, saving_gbp.

    Example:
        >>> costs = pd.DataFrame({"channel": ["chat", "phone"], "contacts_handled": [50, 200],
        ...                       "cost_per_contact_gbp": [2.5, 4.0]})
        >>> channel_shift_savings(costs, "phone", "chat", [0.1, 0.2]).values.tolist()
        [[0.1, 20.0, 30.0], [0.2, 40.0, 60.0]]
    """
    require_columns(cost_table, "cost table", ("channel", "contacts_handled",
                                               "cost_per_contact_gbp"))
    checks.instance("shares", shares, Sequence, "a list of shares from 0 to 1, e.g. [0.1, 0.2]")
    table = cost_table.set_index("channel")
    contacts = table["contacts_handled"].astype(float).to_dict()
    costs = table["cost_per_contact_gbp"].astype(float).to_dict()
    rows = []
    for share in shares:
        result = channel_shift(contacts, costs, from_channel, to_channel, share)
        rows.append((float(share), result["contacts_moved"], result["saving_gbp"]))
    return pd.DataFrame(rows, columns=["share", "contacts_moved", "saving_gbp"])


def compared_with_a_call(cost_table: pd.DataFrame, benchmark_gbp: Mapping[str, float],
                         call: str = "phone") -> pd.DataFrame:
    """Each channel's cost per contact as a share of a call's, beside the same share in a
    published benchmark.

    Pounds do not compare across studies (what each counts differs: agent time only, or every
    overhead), but the *shape* does: how much less an email or a chat costs than a call.
    ``cost_table`` has channel and cost_per_contact_gbp (e.g. :func:`agent_cost_per_contact`);
    ``benchmark_gbp`` maps channel to a published cost per contact and must include ``call``.
    Adds share_of_call and benchmark_share_of_call (NaN where the benchmark has no figure
    for that channel, e.g. social media, and for "all channels").

    Example:
        >>> costs = pd.DataFrame({"channel": ["phone", "chat", "social"],
        ...                       "cost_per_contact_gbp": [4.0, 2.4, 3.0]})
        >>> shares = compared_with_a_call(costs, {"phone": 5.58, "chat": 3.05})
        >>> shares["share_of_call"].round(2).tolist()
        [1.0, 0.6, 0.75]
        >>> shares["benchmark_share_of_call"].round(2).fillna(-1).tolist()
        [1.0, 0.55, -1.0]
    """
    require_columns(cost_table, "cost table", ("channel", "cost_per_contact_gbp"))
    checks.instance("benchmark_gbp", benchmark_gbp, Mapping,
                    "a mapping of channel to £ per contact, e.g. {'phone': 5.58}")
    if float(benchmark_gbp.get(call, 0) or 0) <= 0:
        raise ValueError(f"benchmark_gbp needs a cost above £0 for {call!r}, the channel "
                         "every other channel is compared with.")
    own = cost_table.set_index("channel")["cost_per_contact_gbp"].astype(float)
    if call not in own.index or own[call] <= 0:
        raise ValueError(f"The cost table needs a {call!r} row with a cost per contact above "
                         "£0 to compare the other channels with.")
    table = cost_table.copy()
    table["share_of_call"] = table["channel"].map(own / own[call]).where(
        table["channel"] != "all channels")
    published = {str(k): float(v) / float(benchmark_gbp[call]) for k, v in benchmark_gbp.items()}
    table["benchmark_share_of_call"] = table["channel"].map(published).astype(float)
    return table
