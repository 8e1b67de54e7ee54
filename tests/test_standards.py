"""Service standards: one costing basis for every option and for a plan, hand-checked cases,
the customer effect, and clear errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis import budget, staffing, standards

COSTS = {"hourly_rate_gbp": 12.0, "on_cost_share": 0.25, "on_shift_shrinkage": 0.125,
         "off_shift_shrinkage": 0.2}


def _week() -> pd.DataFrame:
    """Two days of 20 half-hours for four channels, with a busier middle of the day."""
    shape = np.array([2, 3, 5, 8, 10, 12, 12, 10, 9, 8, 8, 9, 10, 9, 7, 6, 5, 4, 3, 2], float)
    rows = []
    for day in range(2):
        for k, level in enumerate(shape):
            when = pd.Timestamp("2026-04-06 08:00") + pd.Timedelta(days=day, minutes=30 * k)
            rows += [(when, "phone", 10 * level, 300.0), (when, "chat", 3 * level, 540.0),
                     (when, "email", 4 * level, 450.0), (when, "social", 0.3 * level, 320.0)]
    return pd.DataFrame(rows, columns=["interval_start", "channel", "forecast_contacts",
                                       "forecast_aht_s"])


def _surveyed() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    frames = []
    for channel, scale in (("phone", 40), ("chat", 90), ("email", 30000), ("social", 5000)):
        wait = rng.exponential(scale, 400)
        csat = np.where(wait < scale, 5, np.where(rng.random(400) < 0.5, 4, 2))
        frames.append(pd.DataFrame({"channel": channel, "wait_s": wait, "csat": csat}))
    return pd.concat(frames, ignore_index=True)


def test_a_plan_and_the_options_cost_the_same_on_one_basis() -> None:
    week = _week()
    options = standards.standards_options(week, _surveyed(), **COSTS).set_index(
        ["channel", "standard"])
    for picks in (standards.PLAN_STANDARDS,
                  {channel: list(choices)[-1] for channel, choices in
                   standards.STANDARDS.items()}):
        plan = standards.weekly_costs(week, picks, **COSTS)
        assert list(plan.columns) == list(standards.COST_COLUMNS)
        for row in plan.itertuples():
            option = options.loc[(row.channel, row.standard)]
            assert row.weekly_cost_gbp == option["weekly_cost_gbp"]
            assert row.paid_hours == option["paid_hours_a_week"]
            assert row.agent_hours == option["agent_hours_a_week"]


def test_phone_cost_is_erlang_hours_plus_shrinkage_and_on_costs() -> None:
    week = _week()
    phone = week[week["channel"] == "phone"]
    agents = staffing.required_agents(phone["forecast_contacts"].to_numpy(),
                                      phone["forecast_aht_s"].to_numpy(), 0.8, 20)
    hours = agents.sum() / 2
    scheduled = hours / (1 - 0.125)  # on-shift shrinkage: breaks, coaching, meetings
    expected = budget.staff_cost(scheduled, COSTS["hourly_rate_gbp"], COSTS["on_cost_share"],
                                 shrinkage=0.2)  # off-shift: leave, sickness, training
    row = standards.weekly_costs(week, {"phone": "80% in 20 s"}, **COSTS).iloc[0]
    assert row["agent_hours"] == round(hours)
    assert row["scheduled_hours"] == round(scheduled)
    assert row["paid_hours"] == round(hours / 0.875 / 0.8)  # each shrinkage once
    assert row["weekly_cost_gbp"] == round(expected["cost_gbp"])
    assert row["forecast_contacts"] == round(phone["forecast_contacts"].sum())


def test_tighter_standards_never_cost_less() -> None:
    options = standards.standards_options(_week(), _surveyed(), **COSTS)
    for channel, group in options.groupby("channel", sort=False):
        assert group["weekly_cost_gbp"].is_monotonic_increasing, channel
    phone = options[options["channel"] == "phone"]["weekly_cost_gbp"]
    assert phone.iloc[-1] > phone.iloc[0]


def test_satisfaction_is_top_2_box_on_each_side_of_the_standard() -> None:
    week = _week()
    said = pd.DataFrame({"channel": "phone", "wait_s": [5, 10, 19, 40, 90, 200],
                         "csat": [5, 4, 3, 4, 2, 1]})
    table = standards.standards_options(week, said, **COSTS,
                                        options={"phone": {"80% in 20 s": (0.8, 20)}})
    assert table["csat_if_met_pct"].iloc[0] == pytest.approx(66.7)
    assert table["csat_if_missed_pct"].iloc[0] == pytest.approx(33.3)
    nobody_late = standards.standards_options(
        week, said, **COSTS, options={"phone": {"loose": (0.8, 500)}})
    assert np.isnan(nobody_late["csat_if_missed_pct"].iloc[0])


def test_customer_effect_summarises_cost_and_feeling() -> None:
    options = standards.standards_options(_week(), _surveyed(), **COSTS)
    effect = standards.customer_effect(options).set_index("channel")
    for channel, group in options.groupby("channel", sort=False):
        assert effect.loc[channel, "extra_cost_gbp"] == (group["weekly_cost_gbp"].iloc[-1]
                                                         - group["weekly_cost_gbp"].iloc[0])
        gaps = (group["csat_if_met_pct"] - group["csat_if_missed_pct"]).dropna()
        if len(gaps):
            assert effect.loc[channel, "widest_gap_pts"] == pytest.approx(gaps.max(), abs=0.05)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: standards.weekly_costs(_week(), {"phone": "99% in 1 s"}, **COSTS),
     "Unknown phone standard"),
    (lambda: standards.weekly_costs(_week(), {"fax": "80% in 20 s"}, **COSTS),
     "Unknown channel 'fax'"),
    (lambda: standards.weekly_costs(_week().query("channel != 'chat'"),
                                    {"chat": "80% in 60 s"}, **COSTS),
     "no chat rows"),
    (lambda: standards.weekly_costs(_week(), ["phone"], **COSTS), "picks"),
    (lambda: standards.weekly_costs(_week().assign(forecast_contacts=-1.0),
                                    {"phone": "80% in 20 s"}, **COSTS), "0 or more"),
    (lambda: standards.standards_options(_week(), "said", **COSTS), "surveyed"),
    (lambda: standards.customer_effect(pd.DataFrame({"channel": ["phone"]})),
     "no column 'standard'"),
])
def test_bad_input_is_named(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_the_cost_curve_shows_diminishing_returns() -> None:
    levels = [70, 75, 80, 85, 90, 95]
    curve = standards.service_level_cost_curve(_week(), levels, 20, **COSTS)
    assert curve["level_pct"].tolist() == levels
    options = {"phone": {f"{level}% in 20 s": (level / 100, 20) for level in levels}}
    for level, cost in zip(levels, curve["weekly_cost_gbp"], strict=True):
        assert cost == standards.weekly_costs(_week(), {"phone": f"{level}% in 20 s"},
                                              options=options, **COSTS)["weekly_cost_gbp"][0]
    steps = curve["cost_per_extra_point_gbp"].dropna()
    assert steps.iloc[-1] > steps.iloc[0]  # the last points cost more than the first
    with pytest.raises(ValueError, match="levels_pct"):
        standards.service_level_cost_curve(_week(), [80, 100], 20, **COSTS)
