"""The simulated phone day: repeatable, agrees with Erlang C, moves the right way, adds up."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis import simulation, staffing
from csmlib.analysis.simulation import DayResult, DayScenario, erlang_check, simulate_day

SPIKE = slice(18, 26)  # the default spike window, 09:00-13:00


def shaped_forecast(total: float = 3000) -> list[float]:
    """About ``total`` calls from 08:00 to 20:00, peaking mid-morning and mid-afternoon."""
    hours = np.arange(48) / 2 + 0.25
    shape = (np.exp(-((hours - 10.5) / 1.6) ** 2) + 0.8 * np.exp(-((hours - 14.5) / 1.8) ** 2)
             + 0.25)
    shape[(hours < 8) | (hours >= 20)] = 0
    return (shape / shape.sum() * total).round(1).tolist()


def planned_day(**changes: object) -> DayScenario:
    """A ~3,000-call day staffed by Erlang C for 80% in 20 seconds (AHT 330 s)."""
    forecast = shaped_forecast()
    agents = staffing.required_agents(forecast, 330, 0.8, 20).tolist()
    return DayScenario(forecast, agents, **changes)


def spike_window_sl(result: DayResult) -> float:
    window = result.intervals.iloc[SPIKE]
    return window["answered_within_target"].sum() / window["offered"].sum()


# --- repeatable -----------------------------------------------------------------------------


def test_same_seed_gives_the_identical_day_and_another_seed_a_different_one() -> None:
    scenario = planned_day(spike=0.3, absent_share=0.1, callbacks=True, seed=7)
    first, again = simulate_day(scenario), simulate_day(scenario)
    pd.testing.assert_frame_equal(first.intervals, again.intervals)
    assert first.summary == again.summary
    other = simulate_day(dataclasses.replace(scenario, seed=8))
    assert not first.intervals.equals(other.intervals)
    assert first.summary["offered"] != other.summary["offered"]


def test_table_has_every_half_hour_and_the_promised_columns() -> None:
    table = simulate_day(planned_day()).intervals
    assert list(table.columns) == [
        "interval_start", "offered", "answered", "abandoned", "callbacks_requested",
        "callbacks_made", "answered_within_target", "service_level", "abandonment_rate",
        "average_wait_s", "max_wait_s", "agents", "occupancy"]
    assert len(table) == 48
    assert table["interval_start"].iloc[[0, 1, 19, 47]].tolist() == [
        "00:00", "00:30", "09:30", "23:30"]


# --- agrees with Erlang C -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contacts", "aht_s", "agents", "intervals"),
    [
        (100, 180, 14, 2000),  # published example: Erlang C service level 0.888
        (100, 180, 15, 2000),  # 0.941
        (600, 300, int(staffing.required_agents(600, 300, 0.8, 20)), 1000),  # 108 agents
    ],
)
def test_steady_load_matches_erlang_c_sl_within_0_03_and_asa_within_25_percent(
        contacts: int, aht_s: float, agents: int, intervals: int) -> None:
    """Exponential handle times, nobody hangs up: SL within ±0.03 and ASA within ±25%."""
    check = erlang_check(contacts, aht_s, agents, intervals=intervals, target_s=20, seed=1)
    formula_sl = staffing.service_level(contacts, aht_s, agents, 20)
    formula_asa = staffing.average_speed_of_answer(contacts, aht_s, agents)
    assert check["erlang_service_level"] == pytest.approx(formula_sl)
    assert check["erlang_asa_s"] == pytest.approx(formula_asa)
    assert check["simulated_service_level"] == pytest.approx(formula_sl, abs=0.03)
    assert check["simulated_asa_s"] == pytest.approx(formula_asa, rel=0.25)
    assert check["simulated_occupancy"] == pytest.approx(check["erlang_occupancy"], abs=0.02)
    assert check["calls"] == pytest.approx(contacts * intervals, rel=0.02)


def test_erlang_check_refuses_an_overloaded_team() -> None:
    with pytest.raises(ValueError, match="must exceed the traffic"):
        erlang_check(100, 180, 10)


# --- moves the right way --------------------------------------------------------------------


def test_a_bigger_spike_lowers_service_level_and_raises_abandonment() -> None:
    calm, small, big = (simulate_day(planned_day(spike=spike)) for spike in (0.0, 0.2, 0.5))
    assert calm.summary["service_level"] > small.summary["service_level"] > (
        big.summary["service_level"])
    assert calm.summary["abandoned"] < small.summary["abandoned"] < big.summary["abandoned"]
    assert spike_window_sl(calm) > spike_window_sl(big)
    # outside the spike window the forecast is unchanged: the same callers arrive
    before = slice(0, SPIKE.start)
    assert calm.intervals["offered"].iloc[before].tolist() == (
        big.intervals["offered"].iloc[before].tolist())


def test_more_absence_makes_the_day_worse() -> None:
    full, short = simulate_day(planned_day()), simulate_day(planned_day(absent_share=0.2))
    assert short.summary["service_level"] < full.summary["service_level"]
    assert short.summary["abandoned"] > full.summary["abandoned"]
    assert short.summary["average_wait_s"] > full.summary["average_wait_s"]
    assert short.intervals["agents"].sum() < full.intervals["agents"].sum()


def test_extra_agents_make_the_day_better() -> None:
    base, overtime = (simulate_day(planned_day(spike=0.3, extra_agents=extra))
                      for extra in (0, 4))
    assert overtime.summary["service_level"] > base.summary["service_level"]
    assert overtime.summary["abandoned"] < base.summary["abandoned"]
    assert overtime.summary["intervals_below_target"] <= base.summary["intervals_below_target"]


def test_callbacks_cut_abandonment_and_lift_service_level_in_the_spike() -> None:
    off, on = (simulate_day(planned_day(spike=0.4, callbacks=flag)) for flag in (False, True))
    assert on.summary["abandoned"] < off.summary["abandoned"]
    assert spike_window_sl(on) > spike_window_sl(off)
    assert on.summary["callbacks_requested"] > 0
    assert on.summary["callbacks_made"] > 0
    assert off.summary["callbacks_requested"] == off.summary["callbacks_made"] == 0


def test_callbacks_with_no_agents_left_stay_outstanding() -> None:
    forecast = [0.0] * 16 + [150.0] * 4 + [0.0] * 28
    agents = [0] * 16 + [8] * 4 + [0] * 28
    day = simulate_day(DayScenario(forecast, agents, aht_s=300, callbacks=True))
    summary = day.summary
    assert summary["callbacks_outstanding"] > 0
    assert summary["callbacks_outstanding"] == (
        summary["callbacks_requested"] - summary["callbacks_made"])


# --- adds up --------------------------------------------------------------------------------


SCENARIOS = {
    "plain": {},
    "spike and absence": {"spike": 0.6, "absent_share": 0.15},
    "callbacks in a spike": {"spike": 0.6, "callbacks": True, "callback_threshold_s": 60},
    "overtime, patient callers": {"extra_agents": 3, "patience_mean_s": None},
}


@pytest.mark.parametrize("changes", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_every_caller_is_answered_abandoned_or_called_back(changes: dict) -> None:
    day = simulate_day(planned_day(**changes))
    table, summary = day.intervals, day.summary
    outcome = table["answered"] + table["abandoned"] + table["callbacks_requested"]
    assert (table["offered"] == outcome).all()
    assert summary["offered"] == summary["answered"] + summary["abandoned"] + (
        summary["callbacks_requested"])
    assert summary["offered"] == table["offered"].sum()
    assert summary["callbacks_made"] + summary["callbacks_outstanding"] == (
        summary["callbacks_requested"])
    assert (table["answered_within_target"] <= table["answered"]).all()


@pytest.mark.parametrize("changes", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_shares_stay_in_range_and_are_blank_only_without_calls(changes: dict) -> None:
    table = simulate_day(planned_day(**changes)).intervals
    assert table["service_level"].isna().equals(table["offered"] == 0)
    assert table["abandonment_rate"].isna().equals(table["offered"] == 0)
    offered = table[table["offered"] > 0]
    assert np.allclose(offered["service_level"],
                       offered["answered_within_target"] / offered["offered"])
    assert np.allclose(offered["abandonment_rate"], offered["abandoned"] / offered["offered"])
    occupancy = table["occupancy"].dropna()
    assert len(occupancy) > 0 and occupancy.between(0, 1).all()
    answered = table[table["answered"] > 0]
    assert (answered["max_wait_s"] >= answered["average_wait_s"]).all()


def test_summary_service_level_matches_the_table() -> None:
    day = simulate_day(planned_day(spike=0.4))
    table = day.intervals
    assert day.summary["service_level"] == pytest.approx(
        table["answered_within_target"].sum() / table["offered"].sum())
    below = (table["service_level"] < 0.8).sum()
    assert day.summary["intervals_below_target"] == below > 0


def test_patient_callers_never_abandon_while_agents_are_on() -> None:
    scenario = planned_day(spike=0.2, patience_mean_s=None)
    agents = list(scenario.agents)
    agents[40] = agents[39]  # 20:00-20:30: no new calls, agents clear the queue
    day = simulate_day(dataclasses.replace(scenario, agents=agents))
    assert day.summary["abandoned"] == 0
    assert day.summary["answered"] == day.summary["offered"] > 2500


def test_patient_callers_still_queueing_when_the_last_agents_leave_count_as_abandoned() -> None:
    forecast = [0.0] * 16 + [60.0] * 2 + [0.0] * 30
    agents = [0] * 16 + [4] * 2 + [0] * 30  # far too few: a queue is left at 09:00
    table = simulate_day(DayScenario(forecast, agents, aht_s=300,
                                     patience_mean_s=None)).intervals
    assert table["abandoned"].sum() > 0
    assert (table["offered"] == table["answered"] + table["abandoned"]).all()


def test_calls_after_the_last_agent_leaves_are_abandoned() -> None:
    forecast = [0.0] * 16 + [40.0] * 4 + [0.0] * 28
    agents = [0] * 16 + [8, 8, 0, 0] + [0] * 28
    table = simulate_day(DayScenario(forecast, agents, aht_s=300)).intervals
    late = table.iloc[18:20]
    assert (late["answered"] == 0).all() and (late["abandoned"] == late["offered"]).all()
    assert (late["offered"] > 0).all()


def test_agents_column_applies_absence_then_overtime_in_open_half_hours() -> None:
    forecast = [0.0] * 16 + [50.0] * 24 + [0.0] * 8
    agents = [0] * 16 + [10] * 24 + [0] * 8
    day = simulate_day(DayScenario(forecast, agents, absent_share=0.25, extra_agents=2,
                                   overtime_start=14, overtime_end=20))
    staff = day.intervals["agents"].tolist()
    # 10 × 0.75 = 7.5 rounds up to 8; overtime only where the centre is open (from 08:00)
    assert staff[14:22] == [0, 0, 10, 10, 10, 10, 8, 8]
    assert staff[40] == 0


def test_an_empty_day_is_all_zero_and_blank() -> None:
    day = simulate_day(DayScenario([0.0] * 48, [0] * 48))
    assert day.summary["offered"] == 0
    assert np.isnan(day.summary["service_level"])
    assert day.intervals["service_level"].isna().all()
    assert day.summary["intervals_below_target"] == 0


# --- says what to change --------------------------------------------------------------------


GOOD = {"forecast": [10.0] * 48, "agents": [3] * 48}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"forecast": [10.0] * 47}, "forecast needs 48 values"),
        ({"agents": [3] * 49}, "agents needs 48 values"),
        ({"forecast": [-1.0] + [10.0] * 47}, "forecast must be 0 or more"),
        ({"agents": [3.5] * 48}, "agents must be whole numbers"),
        ({"aht_s": 0}, "aht_s must be a number more than 0"),
        ({"absent_share": 1.2}, "absent_share is a share from 0 to 1"),
        ({"callback_take_up": -0.1}, "callback_take_up is a share from 0 to 1"),
        ({"spike": -0.2}, "spike must be a number 0 or more"),
        ({"extra_agents": -1}, "extra_agents must be a whole number"),
        ({"patience_mean_s": 0}, "patience_mean_s must be a number of seconds"),
        ({"spike_start": 30, "spike_end": 20}, "spike_end .* must not be before spike_start"),
        ({"overtime_end": 49}, "overtime_end must be a whole number from 0 to 48"),
        ({"handle_sigma": -0.5}, "handle_sigma"),
        ({"target_s": -20}, "target_s"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_inputs_name_the_field_to_change(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        DayScenario(**{**GOOD, **changes})


def test_abandonment_aware_staffing_needs_no_more_than_erlang_c() -> None:
    from csmlib.analysis.simulation import required_agents_with_abandonment

    result = required_agents_with_abandonment(100, 180, 0.8, 20, patience_mean_s=300)
    assert result["agents"] <= result["erlang_c_agents"] == 14
    assert result["simulated_service_level"] >= 0.8
    assert 0 < result["simulated_abandonment_rate"] < 0.1
    impatient = required_agents_with_abandonment(100, 180, 0.8, 20, patience_mean_s=60)
    assert impatient["simulated_abandonment_rate"] > result["simulated_abandonment_rate"]


def test_first_trigger_needs_consecutive_half_hours_with_calls() -> None:
    frame = pd.DataFrame({"service_level": [0.9, 0.6, 0.8, 0.6, 0.6], "offered": [5] * 5})
    assert simulation.first_trigger(frame, 0.7, 2) == 4
    assert simulation.first_trigger(frame, 0.5, 1) is None
    closed = frame.assign(offered=[5, 5, 5, 0, 5])
    assert simulation.first_trigger(closed, 0.7, 2) is None  # no calls ends a run
    with pytest.raises(ValueError, match="threshold"):
        simulation.first_trigger(frame, 70, 2)
    with pytest.raises(ValueError, match="consecutive"):
        simulation.first_trigger(frame, 0.7, 0)


def test_plan_day_scenario_takes_the_busiest_monday_from_the_plan() -> None:
    from csmlib.data import load

    plan = load("interval_plan")
    scenario = simulation.plan_day_scenario(plan, spike=0.4)
    day = simulation.busiest_weekday(plan)
    rows = plan[(plan["channel"] == "phone") & (plan["interval_start"].dt.normalize() == day)]
    assert day.day_of_week == 0 and scenario.spike == 0.4
    assert sum(scenario.forecast) == pytest.approx(rows["forecast_contacts"].sum(), abs=0.5)
    assert sum(scenario.agents) == rows["scheduled_agents"].sum()
    with pytest.raises(ValueError, match="interval_plan table has no column 'scheduled_agents'"):
        simulation.plan_day_scenario(plan.drop(columns="scheduled_agents"))


# --- callbacks from a given half-hour, and intraday decisions ------------------------------


def test_callbacks_are_offered_only_from_their_start() -> None:
    whole_day = simulate_day(planned_day(spike=0.5, callbacks=True))
    from_noon = simulate_day(planned_day(spike=0.5, callbacks=True, callback_start=24))
    requested = from_noon.intervals["callbacks_requested"]
    assert requested.iloc[:24].sum() == 0 and requested.iloc[24:].sum() > 0
    assert whole_day.intervals["callbacks_requested"].iloc[:24].sum() > 0
    assert from_noon.summary["callbacks_requested"] < whole_day.summary["callbacks_requested"]
    assert from_noon.summary != whole_day.summary


def test_callback_and_overtime_agent_hours_are_reported() -> None:
    base = simulate_day(planned_day(spike=0.5))
    assert base.summary["callback_agent_hours"] == 0 == base.summary["overtime_agent_hours"]
    acted = simulate_day(planned_day(spike=0.5, callbacks=True, extra_agents=3,
                                     overtime_start=20, overtime_end=26))
    assert acted.summary["overtime_agent_hours"] == 3 * 6 / 2
    made = acted.summary["callbacks_made"]
    assert made > 0
    # each callback takes a handle time drawn around the AHT (330 s)
    assert 0.5 * made * 330 / 3600 < acted.summary["callback_agent_hours"] < (
        2 * made * 330 / 3600)


def test_overtime_hours_count_only_open_half_hours() -> None:
    day = DayScenario([0.0] * 16 + [50.0] * 24 + [0.0] * 8, [0] * 16 + [9] * 24 + [0] * 8,
                      extra_agents=2, overtime_start=36, overtime_end=44)
    assert simulation.overtime_hours(day) == 2 * 4 / 2  # 18:00-20:00 open, 20:00-22:00 closed
    with pytest.raises(ValueError, match="scenario must be a DayScenario"):
        simulation.overtime_hours("a day")


def test_with_contingency_offers_callbacks_from_its_start_only() -> None:
    plan = simulation.with_contingency(planned_day(spike=0.4), 22, callbacks=True)
    assert plan.callbacks and plan.callback_start == 22
    already = simulation.with_contingency(planned_day(callbacks=True, callback_start=5), 22,
                                          callbacks=True)
    assert already.callback_start == 5


def test_intraday_scenario_applies_each_decision_from_its_time() -> None:
    base = planned_day(spike=0.4)
    assert simulation.intraday_scenario(base, {20: "none", 26: "none"}) == base
    early = simulation.intraday_scenario(base, {20: "overtime"})
    late = simulation.intraday_scenario(base, {26: "overtime"})
    assert (early.overtime_start, early.overtime_end) == (20, 26)
    assert (late.overtime_start, late.overtime_end) == (26, 32)
    assert simulation.overtime_hours(early) == simulation.overtime_hours(late) == 12
    both = simulation.intraday_scenario(base, {20: "overtime", 26: "both"})
    assert (both.overtime_start, both.overtime_end, both.extra_agents) == (20, 32, 4)
    assert both.callbacks and both.callback_start == 26
    callbacks = simulation.intraday_scenario(base, {26: "callbacks", 20: "callbacks"})
    assert callbacks.callback_start == 20 and callbacks.extra_agents == 0
    with pytest.raises(ValueError, match="Unknown action 'pray'"):
        simulation.intraday_scenario(base, {20: "pray"})
    with pytest.raises(ValueError, match="decision half-hour"):
        simulation.intraday_scenario(base, {48: "overtime"})
    with pytest.raises(ValueError, match="decisions must be a mapping"):
        simulation.intraday_scenario(base, "overtime")


def test_callbacks_started_later_give_a_different_day() -> None:
    base = planned_day(spike=0.5, spike_start=19, spike_end=28)
    early = simulate_day(simulation.intraday_scenario(base, {20: "callbacks"})).summary
    late = simulate_day(simulation.intraday_scenario(base, {26: "callbacks"})).summary
    assert early["callbacks_requested"] > late["callbacks_requested"]
    assert early["abandoned"] < late["abandoned"]


def test_decision_table_costs_and_plays_every_decision() -> None:
    base = planned_day(spike=0.5, spike_start=19, spike_end=28)
    table = simulation.decision_table(base, {"10:00": 20, "13:00": 26}, hourly_cost_gbp=20.0)
    assert list(table.columns) == list(simulation.DECISION_COLUMNS)
    actions = list(simulation.TABLE_ACTIONS)
    assert table["action"].tolist() == ["none", *[a for a in actions for _ in range(2)]]
    assert table["time"].tolist() == ["–", *["10:00", "13:00"] * len(actions)]
    hours = table["overtime_hours"] + table["callback_hours"] + table["moved_hours"]
    assert np.allclose(table["cost_gbp"], hours * 20.0)
    # levers that use paid time cost the hours they take from other work; breaks only move
    moved = table.set_index(["action", "time"])["moved_hours"]
    assert moved[("coaching", "10:00")] == (simulation.COACHING_AGENTS
                                            * simulation.COACHING_HALF_HOURS / 2)
    assert moved[("email", "10:00")] == simulation.EMAIL_AGENTS * simulation.EMAIL_HALF_HOURS / 2
    assert moved[("breaks", "10:00")] == 0 and moved[("overtime", "10:00")] == 0
    only = simulation.decision_table(base, {"10:00": 20}, hourly_cost_gbp=20.0,
                                     actions=["coaching"])
    assert only["action"].tolist() == ["none", "coaching"]
    with pytest.raises(ValueError, match="Unknown action 'magic'"):
        simulation.decision_table(base, {"10:00": 20}, hourly_cost_gbp=20.0, actions=["magic"])
    overtime = table[table["action"] == "overtime"]
    assert (overtime["overtime_hours"] == 12).all() and (overtime["callback_hours"] == 0).all()
    nothing = table.iloc[0]
    assert nothing["cost_gbp"] == 0 and nothing["called_back"] == 0
    assert nothing["service_level"] == simulate_day(base).summary["service_level"]
    assert table["offered"].nunique() == 1  # the same callers every time
    for bad, message in (({"points": {}}, "at least one decision point"),
                         ({"hourly_cost_gbp": -1}, "hourly_cost_gbp"),
                         ({"points": {"10:00": 60}}, "half-hour of 10:00")):
        arguments = {"points": {"10:00": 20}, "hourly_cost_gbp": 20.0, **bad}
        with pytest.raises(ValueError, match=message):
            simulation.decision_table(base, **arguments)


def _decisions(service_level: list[float], abandoned: list[int], cost: list[float],
               called_back: list[int] | None = None) -> pd.DataFrame:
    """A hand-made decision table: do nothing, then overtime and callbacks at 10:00, 13:00."""
    return pd.DataFrame({
        "action": ["none", "overtime", "overtime", "callbacks", "callbacks"],
        "decision": ["Do nothing", "Call in overtime", "Call in overtime", "Offer callbacks",
                     "Offer callbacks"],
        "time": ["–", "10:00", "13:00", "10:00", "13:00"], "cost_gbp": cost,
        "service_level": service_level, "abandoned": abandoned,
        "called_back": called_back or [0, 0, 0, 30, 10]})


def test_compare_decision_times_judges_cost_and_outcome() -> None:
    table = _decisions([0.4, 0.5, 0.45, 0.44, 0.46], [300, 200, 250, 190, 240],
                       [0, 200, 200, 150, 60])
    compared = simulation.compare_decision_times(table, "10:00", "13:00").set_index("action")
    assert compared.loc["overtime", "same_cost"] and compared.loc["overtime", "better_early"]
    assert not compared.loc["callbacks", "better_early"]  # lower service level at 10:00
    assert not compared.loc["callbacks", "cheaper_early"]
    with pytest.raises(ValueError, match="no action at both"):
        simulation.compare_decision_times(table, "10:00", "16:00")


@pytest.mark.parametrize(("levels", "abandoned", "cost", "headline"), [
    ([0.4, 0.5, 0.45, 0.46, 0.44], [300, 200, 250, 190, 240], [0, 200, 200, 60, 60],
     "Acting at 10:00 gives a better day than waiting until 13:00 for every action (a higher "
     "service level and fewer abandoned calls), at the same or lower cost."),
    ([0.4, 0.5, 0.45, 0.46, 0.44], [300, 200, 250, 190, 240], [0, 200, 200, 150, 60],
     "Acting at 10:00 gives a better day than waiting until 13:00 for every action: a higher "
     "service level and fewer abandoned calls. Acting earlier costs more only where "
     "callbacks are offered: more customers are called back, and each callback takes agent "
     "time."),
    ([0.4, 0.5, 0.45, 0.44, 0.46], [300, 200, 250, 190, 240], [0, 200, 200, 60, 60],
     "Acting at 10:00 gives a better day for calling in overtime, but not for offering "
     "callbacks."),
    ([0.4, 0.45, 0.5, 0.44, 0.46], [300, 250, 200, 240, 190], [0, 200, 200, 60, 60],
     "Here acting at 10:00 is not better than acting at 13:00 for any action (calling in "
     "overtime, offering callbacks): compare each one's cost and outcome."),
])
def test_decision_summary_says_what_the_table_shows(levels, abandoned, cost, headline) -> None:
    words = simulation.decision_summary(_decisions(levels, abandoned, cost), "10:00", "13:00")
    assert words[0] == headline
    assert words[1] == (f"Doing nothing: {100 * levels[0]:.1f}% of calls answered within "
                        f"20 s and {abandoned[0]} abandoned.")
    overtime, callbacks = words[2], words[3]
    assert overtime.startswith("Calling in overtime costs the same £200 at either time")
    assert (f"from 10:00 the day ends at {100 * levels[1]:.1f}% with {abandoned[1]} "
            "abandoned") in overtime
    assert f"from 13:00 at {100 * levels[2]:.1f}% with {abandoned[2]} abandoned" in overtime
    if cost[3] != cost[4]:
        assert f"costs £{cost[3]:.0f} from 10:00 and £{cost[4]:.0f} from 13:00" in callbacks
    assert "30 called back" in callbacks and "10 called back" in callbacks


# --- the full set of intraday levers, re-forecasting and the decision log -------------------


def test_plan_day_scenario_takes_breaks_out_of_the_scheduled_agents() -> None:
    plan = pd.DataFrame({
        "interval_start": pd.date_range("2026-01-05 08:00", periods=24, freq="30min"),
        "channel": "phone", "forecast_contacts": 60.0, "forecast_aht_s": 300.0,
        "scheduled_agents": 20})
    assert simulation.plan_day_scenario(plan).agents[16] == 20
    # scheduled agents include those on a break: 20 × (1 − 0.15) = 17 can take calls
    assert simulation.plan_day_scenario(plan, on_shift_shrinkage=0.15).agents[16] == 17
    with pytest.raises(ValueError, match="on_shift_shrinkage"):
        simulation.plan_day_scenario(plan, on_shift_shrinkage=1.0)


def test_each_lever_moves_the_agents_it_says() -> None:
    base = planned_day(spike=0.4)
    agents = np.asarray(base.agents)
    coaching = np.asarray(simulation.intraday_scenario(base, {20: "coaching"}).agents)
    assert (coaching - agents)[20:24].tolist() == [simulation.COACHING_AGENTS] * 4
    assert (coaching - agents)[24:].sum() == 0 and (coaching - agents)[:20].sum() == 0
    breaks = np.asarray(simulation.intraday_scenario(base, {20: "breaks"}).agents) - agents
    assert breaks.sum() == 0  # breaks are moved, never cancelled
    assert breaks[20] == simulation.BREAK_AGENTS and breaks[24] == -simulation.BREAK_AGENTS
    email = np.asarray(simulation.intraday_scenario(base, {20: "email"}).agents) - agents
    assert email[20:26].tolist() == [simulation.EMAIL_AGENTS] * 6
    vto = np.asarray(simulation.intraday_scenario(base, {20: "vto"}).agents) - agents
    is_open = (np.asarray(base.forecast) > 0) | (agents > 0)
    assert (vto[20:][is_open[20:]] == -simulation.VTO_AGENTS).all() and vto[~is_open].sum() == 0
    hours = simulation.lever_hours(base, {20: "coaching", 30: "vto"})
    assert hours["coaching"] == simulation.COACHING_AGENTS * 2
    assert hours["vto"] == -vto[30:].sum() / 2 * 1  # only the lever chosen at 30 counts
    # more agents help a busy day; sending agents home makes it worse
    nothing = simulate_day(base).summary["service_level"]
    for lever in ("coaching", "email", "overtime"):
        assert simulate_day(simulation.intraday_scenario(base, {20: lever})).summary[
            "service_level"] > nothing, lever
    assert simulate_day(simulation.intraday_scenario(base, {20: "vto"})).summary[
        "service_level"] < nothing


def test_reforecast_scales_the_rest_of_the_day_by_the_calls_so_far() -> None:
    out = simulation.reforecast([10, 30, 36, 0], [10, 20, 20, 40, 40], 3)
    # 76 calls against 50 forecast: ratio 1.52; the rest of the day 80 → 121.6
    assert out == {"ratio": 1.52, "rest_of_day_forecast": 80.0, "rest_of_day_reforecast": 121.6}
    with pytest.raises(ValueError, match="nothing to re-forecast"):
        simulation.reforecast([0, 0], [0, 0, 5], 2)
    with pytest.raises(ValueError, match="upto"):
        simulation.reforecast([1], [1, 2], 0)


def test_decision_log_gives_trigger_decision_and_outcome() -> None:
    base = planned_day(spike=0.4)
    log = simulation.decision_log(base, {26: "callbacks", 20: "overtime"})
    assert list(log.columns) == list(simulation.LOG_COLUMNS)
    assert log["time"].tolist() == ["10:00", "13:00"]  # in time order
    assert log["decision"].tolist() == ["Call in overtime", "Offer callbacks"]
    days = {}
    for when, taken in ((20, {}), (26, {20: "overtime"})):
        days[when] = simulate_day(simulation.intraday_scenario(base, taken)).intervals
    for row in log.itertuples():
        before = days[row.half_hour].iloc[row.half_hour - 2:row.half_hour]
        level = before["answered_within_target"].sum() / before["offered"].sum()
        assert row.service_level_before == pytest.approx(level)
        assert f"{100 * level:.1f}%" in row.trigger
        assert ("below the 70% trigger" in row.trigger) == (level < 0.7)
        assert f"{100 * row.service_level_next_with:.1f}%" in row.outcome
    assert log.loc[0, "service_level_next_with"] > log.loc[0, "service_level_next_without"]
    nothing = simulation.decision_log(base, {20: "none"})
    assert "against" not in nothing.loc[0, "outcome"]
    with pytest.raises(ValueError, match="Unknown action"):
        simulation.decision_log(base, {20: "panic"})


def test_with_contingency_is_unchanged_by_the_new_levers() -> None:
    """Notebook 02's contingency planner relies on with_contingency: same fields as before."""
    day = planned_day(spike=0.4)
    plan = simulation.with_contingency(day, 20, extra_agents=3, demand_cut=0.1, callbacks=True)
    assert plan.agents == day.agents and plan.extra_agents == 3
    assert (plan.overtime_start, plan.overtime_end, plan.callback_start) == (20, 48, 20)
