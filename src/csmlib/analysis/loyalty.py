"""What satisfaction is worth: churn by what customers experienced, revenue at risk, customer
lifetime value, cost to serve, and a what-if on first-contact resolution (criterion 1.2).

Everything starts from :func:`customer_view`, one row per customer: what they are worth a
year, whether they left during the period, and what they experienced with us (their lowest
CSAT score, their latest NPS answer, the worst outcome of their complaints, their longest wait
on the phone or in chat, whether a contact was left unresolved).

* :func:`churn_by` — the share of customers who left, group by group, with a 95% interval
  (Wilson) and each group's rate as a multiple of the best group's;
* :func:`revenue_at_risk` — the annual revenue lost beyond what the best group loses:
  customers × (group's churn − best group's churn) × their mean annual value;
* :func:`lifetime_value` — what a customer is worth over their expected time with us;
* :func:`cost_to_serve` — contacts per customer × the cost of each contact, by segment;
* :func:`what_if_fcr` — customers and revenue kept if more contacts were resolved first time.

**An association, not proof.** These compare customers who had different experiences in one
organisation's data; customers who had a bad experience may differ in other ways too. The
published evidence (the service-profit chain; retention economics) is set beside it in the
lesson, with its critique.

Example:
    >>> import pandas as pd
    >>> customers = pd.DataFrame({"customer_id": ["A", "B", "C", "D"],
    ...     "segment": ["s"] * 4, "annual_value_gbp": [100.0] * 4,
    ...     "churned": [True, False, False, False]})
    >>> contacts = pd.DataFrame({"customer_id": ["A", "B", "C"],
    ...     "channel": ["phone"] * 3, "answered": [True] * 3, "wait_s": [30, 700, 20],
    ...     "resolved_first_contact": [False, True, True], "csat": [1, 5, None],
    ...     "nps": [2, 10, None]})
    >>> complaints = pd.DataFrame({"customer_id": ["A"], "outcome": ["not upheld"]})
    >>> view = customer_view(customers, contacts, complaints)
    >>> view[["csat_band", "nps_group", "complaint_outcome"]].values.tolist()[:2]
    [['1–2', 'detractor', 'not upheld'], ['5', 'promoter', 'no complaint']]
    >>> churn_by(view, "csat_band")[["group", "churn_pct"]].values.tolist()
    [['5', 0.0], ['1–2', 100.0], ['not surveyed', 0.0]]
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from csmlib.analysis.kpis import wilson_interval
from csmlib.data.schema import require_columns

__all__ = ["BY", "DISCOUNT_RATE", "GROUPS", "SMALL_GROUP", "churn_by", "cost_to_serve",
           "customer_view", "lifetime_value", "revenue_at_risk", "what_if_fcr"]

#: Groups with fewer customers than this are flagged: their churn rate is not reliable.
SMALL_GROUP = 30
#: HM Treasury's Green Book discount rate for public appraisals (3.5% a year), used here as a
#: plain default for discounting future margin; a business would use its own cost of capital.
DISCOUNT_RATE = 0.035
#: The ways customers can be grouped, each with its groups in order (best first).
GROUPS: dict[str, tuple[str, ...]] = {
    "csat_band": ("5", "4", "3", "1–2", "not surveyed"),
    "nps_group": ("promoter", "passive", "detractor", "no answer"),
    "complaint_outcome": ("no complaint", "upheld", "partially upheld", "not upheld", "open"),
    "worst_wait": ("under 1 minute", "1 to 5 minutes", "5 to 10 minutes", "over 10 minutes",
                   "no phone or chat contact"),
    "unresolved": ("all resolved first time", "a contact left unresolved", "no answered contact"),
}
#: What each grouping is called in a table heading.
BY: dict[str, str] = {
    "csat_band": "Lowest CSAT score given (1–5)",
    "nps_group": "Latest NPS answer",
    "complaint_outcome": "Worst complaint outcome",
    "worst_wait": "Longest wait on the phone or in chat",
    "unresolved": "First-contact resolution",
}
#: Groups that are not an experience (no survey, no contact): left out of "best group".
_NOT_RATED = {"not surveyed", "no answer", "no phone or chat contact", "no answered contact"}
_OUTCOME_RANK = {"no complaint": 0, "upheld": 1, "partially upheld": 2, "not upheld": 3, "open": 4}
_LIVE_CHANNELS = ("phone", "chat")


def _number(value: object) -> bool:
    """A real, finite number (not a bool, not text)."""
    return (isinstance(value, int | float | np.integer | np.floating)
            and not isinstance(value, bool) and bool(np.isfinite(value)))


def _band_csat(lowest: pd.Series) -> pd.Series:
    bands = np.select([lowest <= 2, lowest == 3, lowest == 4, lowest >= 5],
                      ["1–2", "3", "4", "5"], default="not surveyed")
    return pd.Series(bands, index=lowest.index)


def _band_wait(longest_s: pd.Series) -> pd.Series:
    bands = np.select([longest_s < 60, longest_s < 300, longest_s < 600, longest_s >= 600],
                      list(GROUPS["worst_wait"][:4]), default="no phone or chat contact")
    return pd.Series(bands, index=longest_s.index)


def customer_view(customers: pd.DataFrame, contacts: pd.DataFrame,
                  complaints: pd.DataFrame) -> pd.DataFrame:
    """One row per customer: ``customer_id``, ``segment``, ``annual_value_gbp``, ``churned``,
    ``contacts`` (how many), one column per channel (``phone``, ``email``, …: contacts on it),
    ``lowest_csat``, and the groups of :data:`GROUPS`: ``csat_band`` (lowest CSAT given),
    ``nps_group`` (latest NPS answer: detractor 0–6, passive 7–8, promoter 9–10; Reichheld
    2003), ``complaint_outcome`` (worst outcome of their complaints; "open" if one is still
    open), ``worst_wait`` (longest wait for an answer on the phone or in chat, answered or
    not) and ``unresolved``. ``tenure_months`` and ``products_held`` are kept if the customers
    table has them.

    Contacts and complaints of customers not in the customers table are left out.
    """
    require_columns(customers, "customers", ("customer_id", "segment", "annual_value_gbp",
                                             "churned"))
    require_columns(contacts, "contacts", ("customer_id", "channel", "answered", "wait_s",
                                           "resolved_first_contact", "csat", "nps"))
    require_columns(complaints, "complaints", ("customer_id", "outcome"))
    keep = [c for c in ("customer_id", "segment", "annual_value_gbp", "churned",
                        "tenure_months", "products_held") if c in customers]
    view = customers[keep].reset_index(drop=True)
    view["churned"] = view["churned"].astype(bool)
    n = len(view)
    # each contact's and complaint's row in the view (-1: not a customer), found once
    index = pd.Index(view["customer_id"])
    at = index.get_indexer(contacts["customer_id"])
    mine = at >= 0
    at = at[mine]
    channel = contacts["channel"].astype(str).to_numpy()[mine]
    view["contacts"] = np.bincount(at, minlength=n)
    for name in sorted(set(channel)):
        view[name] = np.bincount(at[channel == name], minlength=n)

    csat = pd.to_numeric(contacts["csat"], errors="coerce").to_numpy(dtype=float,
                                                                     na_value=np.nan)[mine]
    lowest = np.full(n, np.inf)
    rated = ~np.isnan(csat)
    np.minimum.at(lowest, at[rated], csat[rated])
    view["lowest_csat"] = np.where(np.isinf(lowest), np.nan, lowest)
    view["csat_band"] = _band_csat(view["lowest_csat"]).to_numpy()

    nps = pd.to_numeric(contacts["nps"], errors="coerce").to_numpy(dtype=float,
                                                                   na_value=np.nan)[mine]
    answered_nps = ~np.isnan(nps)
    # contacts are in time order, so the last answer per customer is the latest
    latest = pd.Series(nps[answered_nps]).groupby(at[answered_nps]).last()
    score = np.full(n, np.nan)
    score[latest.index.to_numpy()] = latest.to_numpy()
    view["nps_group"] = np.select([score >= 9, score >= 7, score >= 0],
                                  ["promoter", "passive", "detractor"], default="no answer")

    where = index.get_indexer(complaints["customer_id"])
    rank = complaints["outcome"].map(_OUTCOME_RANK).fillna(_OUTCOME_RANK["open"]).to_numpy(
        dtype=int)
    worst = np.zeros(n, dtype=int)
    np.maximum.at(worst, where[where >= 0], rank[where >= 0])
    names = np.array(sorted(_OUTCOME_RANK, key=_OUTCOME_RANK.get))
    view["complaint_outcome"] = names[worst]

    wait = pd.to_numeric(contacts["wait_s"], errors="coerce").to_numpy(dtype=float,
                                                                       na_value=np.nan)[mine]
    live = np.isin(channel, _LIVE_CHANNELS) & ~np.isnan(wait)
    longest = np.full(n, -np.inf)
    np.maximum.at(longest, at[live], wait[live])
    view["worst_wait"] = _band_wait(pd.Series(np.where(np.isinf(longest), np.nan,
                                                       longest))).to_numpy()

    answered = contacts["answered"].astype(bool).to_numpy()[mine]
    resolved = contacts["resolved_first_contact"].fillna(False).astype(bool).to_numpy()[mine]
    had_answer = np.bincount(at[answered], minlength=n) > 0
    left_open = np.bincount(at[answered & ~resolved], minlength=n) > 0
    view["unresolved"] = np.select([left_open, had_answer],
                                   ["a contact left unresolved", "all resolved first time"],
                                   default="no answered contact")
    return view.reset_index(drop=True)


def _check_by(view: pd.DataFrame, by: str) -> None:
    if by not in GROUPS:
        raise ValueError(f"by must be one of {', '.join(GROUPS)}; got {by!r}.")
    if by not in view:
        raise ValueError(f"The customer view has no column {by!r}: build it with "
                         "customer_view().")


def churn_by(view: pd.DataFrame, by: str) -> pd.DataFrame:
    """Churn group by group: ``group``, ``customers``, ``churned``, ``churn_pct`` (in %),
    ``ci_low``/``ci_high`` (95% Wilson interval, in %), ``times_best`` (the group's churn as
    a multiple of the lowest-churn rated group's) and ``small`` (fewer than
    :data:`SMALL_GROUP` customers). Groups with no customers are left out.

    Example:
        >>> view = pd.DataFrame({"nps_group": ["promoter"] * 50 + ["detractor"] * 50,
        ...                      "churned": [False] * 48 + [True] * 2 + [False] * 44 + [True] * 6})
        >>> churn_by(view, "nps_group")[["group", "churn_pct", "times_best"]].values.tolist()
        [['promoter', 4.0, 1.0], ['detractor', 12.0, 3.0]]
    """
    _check_by(view, by)
    rows = []
    for group in GROUPS[by]:
        mine = view.loc[view[by] == group, "churned"].astype(bool)
        if mine.empty:
            continue
        low, high = wilson_interval(int(mine.sum()), len(mine))
        rows.append({"group": group, "customers": len(mine), "churned": int(mine.sum()),
                     "churn_pct": round(100 * float(mine.mean()), 2),
                     "ci_low": round(100 * low, 2), "ci_high": round(100 * high, 2),
                     "small": len(mine) < SMALL_GROUP})
    table = pd.DataFrame(rows, columns=["group", "customers", "churned", "churn_pct",
                                        "ci_low", "ci_high", "small"])
    rated = table[~table["group"].isin(_NOT_RATED) & ~table["small"]]
    best = float(rated["churn_pct"].min()) if len(rated) else float("nan")
    table["times_best"] = (table["churn_pct"] / best).round(2) if best > 0 else np.nan
    return table[["group", "customers", "churned", "churn_pct", "ci_low", "ci_high",
                  "times_best", "small"]]


def revenue_at_risk(view: pd.DataFrame, by: str) -> pd.DataFrame:
    """Annual revenue lost beyond what the best group loses, group by group:
    ``revenue_at_risk_gbp`` = customers × (churn − the best rated group's churn) × the group's
    mean annual value (0 for the best group; groups that are not an experience, such as "not
    surveyed", are shown but not counted in ``total``).

    Example:
        >>> view = pd.DataFrame({"csat_band": ["5"] * 40 + ["1–2"] * 40,
        ...                      "churned": [False] * 38 + [True] * 2 + [False] * 30 + [True] * 10,
        ...                      "annual_value_gbp": [1000.0] * 80})
        >>> revenue_at_risk(view, "csat_band")["revenue_at_risk_gbp"].tolist()
        [0.0, 8000.0]
    """
    _check_by(view, by)
    require_columns(view, "customer view", ("annual_value_gbp",))
    table = churn_by(view, by)
    value = view.groupby(by)["annual_value_gbp"].mean()
    rate = view.groupby(by)["churned"].mean()  # unrounded, so the pounds are exact
    rated = table[~table["group"].isin(_NOT_RATED) & ~table["small"]]
    best = float(rate[rated["group"]].min()) if len(rated) else 0.0
    excess = (table["group"].map(rate) - best).clip(lower=0)
    table["mean_value_gbp"] = table["group"].map(value).round(2)
    table["excess_churn_pct"] = (100 * excess).round(2)
    table["revenue_at_risk_gbp"] = (table["customers"] * excess
                                    * table["group"].map(value)).round(0)
    table.loc[table["group"].isin(_NOT_RATED), "revenue_at_risk_gbp"] = np.nan
    return table[["group", "customers", "churn_pct", "excess_churn_pct", "mean_value_gbp",
                  "revenue_at_risk_gbp", "small"]]


def annual_churn(period_churn: float, days: float) -> float:
    """A churn rate over ``days`` as a yearly rate: 1 − (1 − rate)^(365 ÷ days).

    Example:
        >>> round(annual_churn(0.04, 91), 3)
        0.151
    """
    if not _number(period_churn) or not 0 <= period_churn < 1:
        raise ValueError(f"period_churn must be a share from 0 to below 1; got {period_churn!r}.")
    if not _number(days) or not days > 0:
        raise ValueError(f"days must be above 0; got {days!r}.")
    return 1 - (1 - period_churn) ** (365 / days)


def lifetime_value(view: pd.DataFrame, *, margin_share: float, days: float,
                   discount_rate: float = DISCOUNT_RATE, by: str = "segment") -> pd.DataFrame:
    """What a customer is worth over their expected time with us, group by group (``by``,
    default the segment): ``annual_value_gbp`` (mean), ``annual_churn_pct``,
    ``expected_years`` (1 ÷ annual churn), ``lifetime_value_gbp`` = annual margin × r ÷
    (1 + d − r), where r = 1 − annual churn and d the discount rate (Gupta and Lehmann,
    "Customers as assets", Journal of Interactive Marketing, 2003). ``margin_share`` is the
    share of revenue kept as margin (a course assumption unless you know your own).

    Example:
        >>> view = pd.DataFrame({"segment": ["s"] * 100, "annual_value_gbp": [1000.0] * 100,
        ...                      "churned": [True] * 4 + [False] * 96})
        >>> lifetime_value(view, margin_share=0.1, days=91)[
        ...     ["annual_churn_pct", "expected_years", "lifetime_value_gbp"]].values.tolist()
        [[15.1, 6.6, 456.0]]
    """
    for name, value, high in (("margin_share", margin_share, 1.0),
                              ("discount_rate", discount_rate, 0.5)):
        if not _number(value) or not 0 < value <= high:
            raise ValueError(f"{name} must be a share above 0 and at most {high}; "
                             f"got {value!r}.")
    require_columns(view, "customer view", (by, "annual_value_gbp", "churned"))
    rows = []
    for group, part in view.groupby(by, sort=True):
        churn = annual_churn(min(float(part["churned"].mean()), 0.999), days)
        r = 1 - churn
        margin = margin_share * float(part["annual_value_gbp"].mean())
        rows.append({by: group, "customers": len(part),
                     "annual_value_gbp": round(float(part["annual_value_gbp"].mean()), 2),
                     "annual_churn_pct": round(100 * churn, 1),
                     "expected_years": round(1 / churn, 1) if churn > 0 else np.inf,
                     "lifetime_value_gbp": round(margin * r / (1 + discount_rate - r), 0)})
    return pd.DataFrame(rows)


def cost_to_serve(view: pd.DataFrame, cost_per_contact: Mapping[str, float], *,
                  by: str = "segment") -> pd.DataFrame:
    """What serving customers costs a year… over the period measured: ``contacts_per_customer``
    and ``cost_per_customer_gbp`` (each channel's contacts × its cost per contact), group by
    group; channels without a cost are left out and named in ``channels_not_costed``.

    Example:
        >>> view = pd.DataFrame({"segment": ["a", "a", "b"], "phone": [2, 0, 1],
        ...                      "email": [0, 1, 3]})
        >>> cost_to_serve(view, {"phone": 4.0, "email": 3.0})[
        ...     ["segment", "contacts_per_customer", "cost_per_customer_gbp"]].values.tolist()
        [['a', 1.5, 5.5], ['b', 4.0, 13.0]]
    """
    require_columns(view, "customer view", (by,))
    channels = [c for c in cost_per_contact if c in view]
    if not channels:
        raise ValueError("None of the channels in cost_per_contact is a column of the "
                         "customer view (build it with customer_view()).")
    costs = pd.Series({c: float(cost_per_contact[c]) for c in channels})
    if (costs < 0).any() or not np.isfinite(costs).all():
        raise ValueError("Every cost per contact must be a number of pounds, 0 or more.")
    contacts = view[channels].sum(axis=1)
    spend = (view[channels] * costs).sum(axis=1)
    table = pd.DataFrame({by: view[by], "contacts": contacts, "spend": spend}).groupby(
        by, sort=True).agg(customers=("contacts", "size"), contacts=("contacts", "sum"),
                           spend=("spend", "sum")).reset_index()
    table["contacts_per_customer"] = (table["contacts"] / table["customers"]).round(2)
    table["cost_per_customer_gbp"] = (table["spend"] / table["customers"]).round(2)
    others = [c for c in ("phone", "email", "chat", "social") if c in view and c not in channels]
    table["channels_not_costed"] = ", ".join(others)
    return table[[by, "customers", "contacts_per_customer", "cost_per_customer_gbp",
                  "channels_not_costed"]]


def what_if_fcr(view: pd.DataFrame, *, lift_points: float) -> dict[str, float]:
    """Customers and revenue kept if first-contact resolution rose by ``lift_points`` points
    (0–30), assuming the customers whose contact would now be resolved then churn like the
    customers whose contacts were all resolved.

    Of the customers with a contact left unresolved, the share moved is lift ÷ (their share
    of contacts unresolved, roughly 100 − FCR): a plain, stated approximation. Returns
    ``customers_moved``, ``churn_gap_pct`` (unresolved minus resolved, points),
    ``customers_kept``, ``revenue_kept_gbp`` (a year), and ``unresolved_customers``.

    Example:
        >>> view = pd.DataFrame({"unresolved": ["a contact left unresolved"] * 100
        ...                      + ["all resolved first time"] * 100,
        ...                      "churned": [True] * 10 + [False] * 90 + [True] * 4 + [False] * 96,
        ...                      "annual_value_gbp": [500.0] * 200})
        >>> what_if_fcr(view, lift_points=5)["customers_kept"]  # 10 moved × (10% − 4%)
        0.6
    """
    if not _number(lift_points) or not 0 <= lift_points <= 30:
        raise ValueError(f"lift_points must be from 0 to 30; got {lift_points!r}.")
    require_columns(view, "customer view", ("unresolved", "churned", "annual_value_gbp"))
    unresolved = view[view["unresolved"] == "a contact left unresolved"]
    resolved = view[view["unresolved"] == "all resolved first time"]
    if unresolved.empty or resolved.empty:
        raise ValueError("The what-if needs customers with and without an unresolved contact.")
    answered = len(unresolved) + len(resolved)
    unresolved_share = len(unresolved) / answered
    moved = len(unresolved) * min(lift_points / 100 / unresolved_share, 1.0)
    gap = max(float(unresolved["churned"].mean() - resolved["churned"].mean()), 0.0)
    kept = moved * gap
    return {"unresolved_customers": float(len(unresolved)),
            "customers_moved": round(moved, 1), "churn_gap_pct": round(100 * gap, 2),
            "customers_kept": round(kept, 1),
            "revenue_kept_gbp": round(kept * float(unresolved["annual_value_gbp"].mean()), 0)}
