"""What satisfaction is worth (csmlib.analysis.loyalty): the customer view, churn by group,
revenue at risk, lifetime value, cost to serve and the first-contact-resolution what-if."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis import loyalty


def _data() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    customers = pd.DataFrame({
        "customer_id": ["A", "B", "C", "D", "E"], "segment": ["s", "s", "t", "t", "t"],
        "annual_value_gbp": [100.0, 200.0, 300.0, 400.0, 500.0],
        "churned": [True, False, True, False, False]})
    contacts = pd.DataFrame({
        "customer_id": ["A", "A", "B", "C", "D", "Z"],
        "channel": ["phone", "email", "chat", "phone", "email", "phone"],
        "answered": [True, True, True, False, True, True],
        "wait_s": [30, 90_000, 400, 700, 50, 5],
        "resolved_first_contact": [False, True, True, False, True, True],
        "csat": pd.array([4, 2, 5, None, 3, 1], dtype="Int64"),
        "nps": pd.array([9, 3, 10, None, 7, 0], dtype="Int64")})
    complaints = pd.DataFrame({"customer_id": ["A", "A", "C", "Z"],
                               "outcome": ["upheld", "not upheld", "open", "upheld"]})
    return customers, contacts, complaints


def test_the_view_gives_each_customer_their_experience() -> None:
    view = loyalty.customer_view(*_data()).set_index("customer_id")
    assert list(view.index) == ["A", "B", "C", "D", "E"]  # Z is not a customer: left out
    assert view.loc["A", "csat_band"] == "1–2"  # the lowest score counts
    assert view.loc["A", "nps_group"] == "detractor"  # the latest answer counts
    assert view.loc["A", "complaint_outcome"] == "not upheld"  # the worst outcome counts
    assert view.loc["C", "complaint_outcome"] == "open"
    assert view.loc["A", "worst_wait"] == "under 1 minute"  # email waits are not counted
    assert view.loc["B", "worst_wait"] == "5 to 10 minutes"
    assert view.loc["C", "worst_wait"] == "over 10 minutes"  # abandoned calls count too
    assert view.loc["D", "worst_wait"] == "no phone or chat contact"
    assert view.loc["A", "unresolved"] == "a contact left unresolved"
    assert view.loc["C", "unresolved"] == "no answered contact"
    assert view.loc["E", ["contacts", "csat_band", "nps_group"]].tolist() == [
        0, "not surveyed", "no answer"]
    assert view.loc["A", ["phone", "email"]].tolist() == [1, 1]


def test_churn_by_group_with_intervals_and_the_best_group() -> None:
    view = pd.DataFrame({"csat_band": ["5"] * 200 + ["1–2"] * 100 + ["4"] * 10,
                         "churned": [False] * 196 + [True] * 4 + [False] * 90 + [True] * 10
                         + [True] * 5 + [False] * 5})
    table = loyalty.churn_by(view, "csat_band").set_index("group")
    assert list(table.index) == ["5", "4", "1–2"]
    assert table.loc["1–2", "churn_pct"] == 10.0 and table.loc["1–2", "times_best"] == 5.0
    assert table.loc["4", "small"]  # 10 customers: flagged, and not the best group
    assert table.loc["5", "ci_low"] < 2.0 < table.loc["5", "ci_high"]
    with pytest.raises(ValueError, match="by must be one of"):
        loyalty.churn_by(view, "colour")


def test_revenue_at_risk_prices_the_extra_churn_only() -> None:
    view = pd.DataFrame({"nps_group": ["promoter"] * 100 + ["detractor"] * 50 + ["no answer"] * 5,
                         "churned": [True] * 2 + [False] * 98 + [True] * 6 + [False] * 44
                         + [True] * 5,
                         "annual_value_gbp": [1000.0] * 150 + [50.0] * 5})
    table = loyalty.revenue_at_risk(view, "nps_group").set_index("group")
    assert table.loc["promoter", "revenue_at_risk_gbp"] == 0
    assert table.loc["detractor", "revenue_at_risk_gbp"] == pytest.approx(50 * 0.10 * 1000)
    assert np.isnan(table.loc["no answer", "revenue_at_risk_gbp"])


def test_lifetime_value_and_annual_churn() -> None:
    assert loyalty.annual_churn(0.0, 91) == 0.0
    assert loyalty.annual_churn(0.1, 365) == pytest.approx(0.1)
    view = pd.DataFrame({"segment": ["a"] * 50 + ["b"] * 50, "annual_value_gbp": [100.0] * 100,
                         "churned": [True] * 5 + [False] * 45 + [True] * 1 + [False] * 49})
    table = loyalty.lifetime_value(view, margin_share=0.5, days=365).set_index("segment")
    assert table.loc["a", "lifetime_value_gbp"] < table.loc["b", "lifetime_value_gbp"]
    r = 0.9
    assert table.loc["a", "lifetime_value_gbp"] == round(50 * r / (1 + 0.035 - r))
    with pytest.raises(ValueError, match="margin_share"):
        loyalty.lifetime_value(view, margin_share=0, days=91)


def test_cost_to_serve_and_the_what_if() -> None:
    view = loyalty.customer_view(*_data())
    cost = loyalty.cost_to_serve(view, {"phone": 4.0, "email": 2.0}).set_index("segment")
    assert cost.loc["s", "cost_per_customer_gbp"] == (4 + 2 + 0) / 2
    assert cost.loc["s", "channels_not_costed"] == "chat"
    with pytest.raises(ValueError, match="None of the channels"):
        loyalty.cost_to_serve(view, {"fax": 1.0})
    assert loyalty.what_if_fcr(view, lift_points=0)["customers_kept"] == 0
    with pytest.raises(ValueError, match="lift_points"):
        loyalty.what_if_fcr(view, lift_points=50)


def test_the_default_data_shows_loyalty_following_experience() -> None:
    from csmlib.data import load

    view = loyalty.customer_view(load("customers"), load("contacts"), load("complaints"))
    nps = loyalty.churn_by(view, "nps_group").set_index("group")
    assert nps.loc["detractor", "churn_pct"] > nps.loc["promoter", "churn_pct"]
    outcome = loyalty.churn_by(view, "complaint_outcome").set_index("group")
    assert outcome.loc["not upheld", "churn_pct"] > 2 * outcome.loc["no complaint", "churn_pct"]
    csat = loyalty.churn_by(view, "csat_band").set_index("group")
    assert csat.loc["1–2", "churn_pct"] > csat.loc["5", "churn_pct"]
