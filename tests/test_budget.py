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


def _plan_and_contacts() -> tuple[pd.DataFrame, pd.DataFrame]:
    plan = pd.DataFrame({"channel": ["phone", "phone", "chat", "email"],
                         "forecast_contacts": [20.0, 20.0, 10.0, 5.0],
                         "scheduled_agents": [6, 4, 2, 1]})
    contacts = pd.DataFrame({"channel": ["phone"] * 12 + ["chat"] * 6 + ["email"] * 3,
                             "answered": [True] * 10 + [False] * 2 + [True] * 5 + [False]
                             + [True] * 3})
    return plan, contacts


def test_agent_cost_per_contact_by_hand() -> None:
    plan, contacts = _plan_and_contacts()
    table = budget.agent_cost_per_contact(plan, contacts, hourly_rate_gbp=10,
                                          on_cost_share=0.2, off_shift_shrinkage=0.2)
    rows = table.set_index("channel")
    # phone: 10 scheduled half-hours = 5 h; ÷ (1 − 0.2 off-shift) = 6.25 paid h × £10 × 1.2
    # = £75 for 10 answered
    assert rows.loc["phone", "agent_hours"] == 5 and rows.loc["phone", "cost_gbp"] == (
        pytest.approx(75))
    assert rows["contacts_handled"].to_dict() == {"chat": 5, "email": 3, "phone": 10,
                                                  "all channels": 18}
    assert rows["cost_per_contact_gbp"].to_dict() == pytest.approx(
        {"chat": 3.0, "email": 2.5, "phone": 7.5, "all channels": (75 + 15 + 7.5) / 18})
    assert rows.loc["all channels", "agent_hours"] == 6.5  # 5 + 1 + 0.5
    assert list(table.columns) == ["channel", "agent_hours", "rostered_hours", "cost_gbp",
                                   "contacts_handled", "cost_per_contact_gbp"]


def test_agent_cost_per_contact_refuses_what_it_cannot_cost() -> None:
    plan, contacts = _plan_and_contacts()
    costs = {"hourly_rate_gbp": 10, "on_cost_share": 0.2, "off_shift_shrinkage": 0.2}
    social = pd.concat([contacts, pd.DataFrame({"channel": ["social"], "answered": [True]})])
    with pytest.raises(ValueError, match="social contacts but the interval_plan has no rows"):
        budget.agent_cost_per_contact(plan, social, **costs)
    unanswered = contacts.assign(answered=contacts["channel"] != "email")
    with pytest.raises(ValueError, match="No answered email contacts"):
        budget.agent_cost_per_contact(plan, unanswered, **costs)
    with pytest.raises(ValueError, match="column 'answered', must hold True or False"):
        budget.agent_cost_per_contact(plan, contacts.assign(answered="yes"), **costs)
    with pytest.raises(ValueError, match="answered"):
        budget.agent_cost_per_contact(plan, contacts.drop(columns="answered"), **costs)
    with pytest.raises(ValueError, match="off_shift_shrinkage is a share"):
        budget.agent_cost_per_contact(plan, contacts, **{**costs, "off_shift_shrinkage": 35})
    with pytest.raises(ValueError, match="once"):  # both names at once
        budget.agent_cost_per_contact(plan, contacts, **costs, shrinkage=0.2)
    with pytest.raises(ValueError, match="Give off_shift_shrinkage"):
        budget.agent_cost_per_contact(plan, contacts, 10, 0.2)


def test_channel_shift_savings_grow_with_the_share() -> None:
    costs = pd.DataFrame({"channel": ["phone", "chat"], "contacts_handled": [1000, 100],
                          "cost_per_contact_gbp": [4.0, 3.0]})
    table = budget.channel_shift_savings(costs, "phone", "chat", [0.1, 0.2, 0.4])
    assert table["saving_gbp"].tolist() == pytest.approx([100.0, 200.0, 400.0])
    assert table["contacts_moved"].tolist() == pytest.approx([100.0, 200.0, 400.0])
    dearer = budget.channel_shift_savings(costs, "chat", "phone", [0.5])
    assert dearer["saving_gbp"].tolist() == pytest.approx([-50.0])
    with pytest.raises(ValueError, match="share is a share from 0 to 1"):
        budget.channel_shift_savings(costs, "phone", "chat", [40])
    with pytest.raises(ValueError, match="shares must be a list"):
        budget.channel_shift_savings(costs, "phone", "chat", 0.1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Unknown channel 'fax'"):
        budget.channel_shift_savings(costs, "phone", "fax", [0.1])


def test_the_older_name_shrinkage_still_means_off_shift_shrinkage() -> None:
    plan, contacts = _plan_and_contacts()
    new = budget.agent_cost_per_contact(plan, contacts, 10, 0.2, off_shift_shrinkage=0.25)
    old = budget.agent_cost_per_contact(plan, contacts, 10, 0.2, shrinkage=0.25)
    positional = budget.agent_cost_per_contact(plan, contacts, 10, 0.2, 0.25)
    pd.testing.assert_frame_equal(new, old)
    pd.testing.assert_frame_equal(new, positional)


def test_plan_cost_applies_off_shift_shrinkage_once_and_never_on_shift() -> None:
    """Scheduled agents include breaks: paid hours = scheduled ÷ (1 − off-shift) only."""
    plan, _ = _plan_and_contacts()
    costs = budget.plan_cost_by_channel(plan, 10, 0.2, off_shift_shrinkage=0.2).set_index(
        "channel")
    assert costs.loc["phone", "agent_hours"] == 5
    assert costs.loc["phone", "rostered_hours"] == pytest.approx(5 / 0.8)
    assert costs.loc["phone", "cost_gbp"] == pytest.approx(5 / 0.8 * 10 * 1.2)


def test_paid_hours_in_two_steps() -> None:
    hours = budget.paid_hours(85, on_shift_shrinkage=0.15, off_shift_shrinkage=0.2)
    assert hours["scheduled"] == pytest.approx(100)  # 85 ÷ (1 − 0.15)
    assert hours["paid"] == pytest.approx(125)  # 100 ÷ (1 − 0.2)
    # the same as one combined shrinkage 1 − (1 − on)(1 − off), never on + off
    combined = 1 - (1 - 0.15) * (1 - 0.2)
    assert hours["paid"] == pytest.approx(85 / (1 - combined))
    assert hours["paid"] != pytest.approx(85 / (1 - 0.35))
    with pytest.raises(ValueError, match="on_shift_shrinkage"):
        budget.paid_hours(85, 15, 0.2)


def test_variance_says_adverse_or_favourable() -> None:
    table = pd.DataFrame({"month": ["2026-01"] * 4, "line": ["a", "b", "c", "d"],
                          "budget_gbp": [100.0] * 4, "actual_gbp": [110, 90, 100, None]})
    assert budget.variance(table)["direction"].tolist() == [
        "adverse", "favourable", "on budget", ""]


def test_flexed_budget_scales_variable_lines_only() -> None:
    table = pd.DataFrame({"month": ["2026-01", "2026-01", "2026-02"],
                          "line": ["agent salaries and on-costs", "team leaders and support",
                                   "agent salaries and on-costs"],
                          "budget_gbp": [1000.0, 400.0, 1000.0],
                          "actual_gbp": [1150.0, 410.0, 900.0]})
    flexed = budget.flexed_variance(table, {"2026-01": 100, "2026-02": 100},
                                    {"2026-01": 120, "2026-02": 80})
    assert flexed["flexed_budget_gbp"].tolist() == pytest.approx([1200, 400, 800])
    assert flexed["volume_variance_gbp"].tolist() == pytest.approx([200, 0, -200])
    assert flexed["flexed_variance_gbp"].tolist() == pytest.approx([-50, 10, 100])
    # over budget, but under the budget for the volume that came: favourable when flexed
    assert flexed["direction"].tolist() == ["favourable", "adverse", "adverse"]
    with pytest.raises(ValueError, match="No planned contacts for 2026-02"):
        budget.flexed_variance(table, {"2026-01": 100}, {"2026-01": 120})


def test_flexed_budget_on_the_data() -> None:
    """Flexed budget = budget × contacts arrived ÷ planned, on the organisation's own data."""
    plan, contacts = load("interval_plan"), load("contacts", columns=["arrived_at"])
    planned = plan.groupby(plan["interval_start"].dt.to_period("M").astype(str))[
        "forecast_contacts"].sum().to_dict()
    arrived = contacts["arrived_at"].dt.to_period("M").astype(str).value_counts().to_dict()
    flexed = budget.flexed_variance(load("budget"), planned, arrived)
    for row in flexed.itertuples():
        ratio = arrived[row.month] / planned[row.month]
        expected = row.budget_gbp * (ratio if row.line in budget.VARIABLE_LINES else 1)
        assert row.flexed_budget_gbp == pytest.approx(expected)
        assert row.flexed_variance_gbp == pytest.approx(row.actual_gbp - expected)
