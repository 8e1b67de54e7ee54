"""Workforce-management practice (csmlib.analysis.workforce): service-level variants, short
abandons, the cost of each point, pooling, priority routing, events, the staffing ladder and
the requirement against the schedule: hand-worked cases and clear errors."""

from __future__ import annotations

import pandas as pd
import pytest

from csmlib.analysis import staffing, workforce


def _calls() -> pd.DataFrame:
    # 6 answered (4 within 20 s), 4 abandoned (2 within 5 s)
    return pd.DataFrame({"answered": [True] * 6 + [False] * 4,
                         "wait_s": [1, 5, 10, 20, 21, 60, 2, 5, 6, 100]})


def test_service_level_variants_by_hand() -> None:
    frame = workforce.service_level_variants(_calls(), 20, 5)
    assert frame["counts_as_offered"].tolist() == [10, 8, 6]
    assert frame["service_level_pct"].tolist() == [40.0, 50.0, 66.7]
    assert workforce.short_abandons(_calls(), 5) == 2
    assert workforce.short_abandons(_calls(), 0) == 0
    # a call answered after the target is missed in every variant
    later = _calls().assign(wait_s=lambda f: f["wait_s"].where(~f["answered"], 30))
    assert (workforce.service_level_variants(later, 20)["service_level_pct"] == 0).all()


def test_service_level_variants_refuse_what_they_cannot_count() -> None:
    with pytest.raises(ValueError, match="No contacts"):
        workforce.service_level_variants(_calls().iloc[:0], 20)
    with pytest.raises(ValueError, match="wait_s"):
        workforce.service_level_variants(_calls().drop(columns="wait_s"), 20)
    with pytest.raises(ValueError, match="target_s"):
        workforce.service_level_variants(_calls(), -1)


def test_cost_of_each_point() -> None:
    frame = workforce.cost_of_each_point([80, 90, 95], [100.0, 200.0, 300.0])
    assert frame["cost_per_extra_point_gbp"].tolist()[1:] == [10.0, 20.0]
    with pytest.raises(ValueError, match="must rise"):
        workforce.cost_of_each_point([90, 80], [1, 2])
    with pytest.raises(ValueError, match="same length"):
        workforce.cost_of_each_point([80, 90], [1])


def test_pooling_needs_fewer_agents_than_separate_queues() -> None:
    gain = workforce.pooling_gain([60, 60, 60], 240, 0.8, 20)
    separate = sum(staffing.required_agents(60, 240, 0.8, 20) for _ in range(3))
    assert gain["separate_agents"] == separate
    assert gain["pooled_agents"] == staffing.required_agents(180, 240, 0.8, 20)
    assert gain["agents_saved"] > 0
    with pytest.raises(ValueError, match="two or more queues"):
        workforce.pooling_gain([60], 240, 0.8, 20)


def test_priority_moves_waiting_and_does_not_remove_it() -> None:
    for share in (0.05, 0.3, 0.7):
        waits = workforce.priority_waits(120, 200, 15, share)
        assert waits["priority_s"] < waits["no_priority_s"] < waits["others_s"]
        assert share * waits["priority_s"] + (1 - share) * waits["others_s"] == (
            pytest.approx(waits["no_priority_s"]))
    nobody = workforce.priority_waits(120, 200, 15, 0.0)
    assert nobody["others_s"] == pytest.approx(nobody["no_priority_s"])
    with pytest.raises(ValueError, match="priority_share"):
        workforce.priority_waits(120, 200, 15, 1.5)
    with pytest.raises(ValueError, match="exceed the traffic"):
        workforce.priority_waits(120, 200, 13, 0.1)  # 13.3 erlangs, 13 agents


def test_staffing_ladder_applies_each_shrinkage_once() -> None:
    ladder = workforce.staffing_ladder(34, 1500, 0.15, 0.2, 37.5)["value"].tolist()
    assert ladder == pytest.approx([34, 40, 1500, 1500 / 0.85, 1500 / 0.85 / 0.8 / 37.5])
    with pytest.raises(ValueError, match="on_shift_shrinkage"):
        workforce.staffing_ladder(34, 1500, 15, 0.2)


def test_requirement_against_schedule() -> None:
    plan = pd.DataFrame({
        "interval_start": pd.date_range("2026-01-05 09:00", periods=3, freq="30min"),
        "channel": ["phone", "phone", "chat"], "forecast_contacts": [100.0, 200.0, 500.0],
        "forecast_aht_s": [180.0, 180.0, 300.0], "scheduled_agents": [20, 20, 5]})
    frame = workforce.requirement_vs_schedule(plan, "phone", 0.8, 20, 0.2, top=2)
    assert frame["forecast_contacts"].tolist() == [200.0, 100.0]  # busiest first, phone only
    needed = staffing.required_agents(200, 180, 0.8, 20)
    assert frame["agents_needed"].iloc[0] == needed
    assert frame["agents_to_schedule"].iloc[0] == pytest.approx(needed / 0.8)
    assert frame["gap"].iloc[0] == pytest.approx(20 - needed / 0.8)
    assert frame["gap"].iloc[0] < 0 < frame["gap"].iloc[1]
    with pytest.raises(ValueError, match="no 'email' rows"):
        workforce.requirement_vs_schedule(plan, "email", 0.8, 20, 0.2)


def test_events_calendar_has_the_bank_holidays_and_known_events() -> None:
    frame = workforce.events_calendar("2026-04-01", "2026-05-31",
                                      {"2026-04-15": "billing run", "2026-07-01": "later"})
    assert frame["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-04-03", "2026-04-06", "2026-04-15", "2026-05-04", "2026-05-25"]
    assert frame["event"].iloc[2] == "billing run"
    assert frame["event"].iloc[0].startswith("bank holiday")
