"""Budget maths: hand-computed cases and the organisation's budget table."""

from __future__ import annotations

import pandas as pd
import pytest

from csmlib.analysis import budget
from csmlib.data import load


def test_staff_cost_by_hand() -> None:
    cost = budget.staff_cost(650, hourly_rate_gbp=10, on_cost_share=0.2, shrinkage=0.35)
    assert cost["paid_hours"] == pytest.approx(1000)
    assert cost["pay_gbp"] == pytest.approx(10_000)
    assert cost["cost_gbp"] == pytest.approx(12_000)


def test_cost_per_contact_and_bad_input() -> None:
    table = budget.cost_per_contact({"phone": 900, "email": 100}, {"phone": 300, "email": 100})
    assert table.set_index("channel")["cost_per_contact_gbp"].to_dict() == {
        "phone": 3.0, "email": 1.0, "all channels": 2.5}
    with pytest.raises(ValueError, match="No contacts for channel 'chat'"):
        budget.cost_per_contact({"chat": 10}, {"phone": 5})


def test_variance_status_words() -> None:
    table = pd.DataFrame({"month": ["2026-01"] * 3, "line": ["a", "b", "c"],
                          "budget_gbp": [100.0, 100.0, 100.0], "actual_gbp": [101, 104, 110]})
    result = budget.variance(table)
    assert result["status"].tolist() == ["on track", "watch", "over budget"]
    assert result["variance_pct"].tolist() == pytest.approx([1, 4, 10])
    with pytest.raises(ValueError, match="actual_gbp"):
        budget.variance(table.drop(columns="actual_gbp"))


def test_spike_month_overtime_is_over_budget() -> None:
    from csmlib.data import hidden_truths_in_use

    spike_month = hidden_truths_in_use()["spike"]["date"][:7]
    result = budget.variance(load("budget")).set_index(["month", "line"])
    assert result.loc[(spike_month, "overtime"), "status"] == "over budget"
    assert result.loc[(spike_month, "overtime"), "variance_pct"] > 50


def test_channel_shift_saving() -> None:
    result = budget.channel_shift({"phone": 1000, "chat": 100}, {"phone": 4.0, "chat": 3.0},
                                  "phone", "chat", 0.2)
    assert result == {"contacts_moved": 200.0, "saving_gbp": 200.0}
    with pytest.raises(ValueError, match="Unknown channel 'fax'"):
        budget.channel_shift({"phone": 1}, {"phone": 1}, "phone", "fax", 0.1)
