"""Notebook 03's widgets, exercises and the performance-report artefact."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from csmlib.analysis import kpis
from csmlib.course.portfolio import Portfolio
from csmlib.data import hidden_truths_in_use
from csmlib.lessons import performance


def test_dashboard_filters_change_the_scorecard() -> None:
    dashboard = performance.kpi_dashboard()
    whole = dashboard.result.value
    assert "on target" in dashboard.card.value
    dashboard.controls["channel"].value = "phone"
    assert dashboard.result.value != whole
    first = dashboard.controls["weeks"].options[0][1]
    dashboard.controls["weeks"].value = (first, first)
    assert dashboard.message.value == ""
    dashboard.controls["trend"].value = "service level"
    assert dashboard.figure.layout.title.text == "service level by week"


def test_dashboard_drills_down_to_agents_of_a_team() -> None:
    dashboard = performance.kpi_dashboard()
    assert "Drill-down by team" in dashboard.drill.value
    team = dashboard.controls["team"].options[1]
    dashboard.controls["team"].value = team
    assert "Drill-down by agent" in dashboard.drill.value
    agents = performance.tables()["contacts"].query("team == @team")["agent_id"].unique()
    assert all(agent in dashboard.drill.value for agent in agents)


def test_feedback_explorer_filters_verbatims() -> None:
    explorer = performance.feedback_explorer()
    explorer.controls["theme"].value = "waiting time"
    explorer.controls["scores"].value = (1, 2)
    picked = explorer.verbatims()
    assert (picked["theme"] == "waiting time").all() and picked["csat"].le(2).all()
    assert "waiting time" in explorer.comments.value
    explorer.controls["by"].value = "channel"
    assert len(explorer.figure.data) > 3


def test_numbers_miss_the_app_problem() -> None:
    table = performance.numbers_and_words()
    release = pd.Timestamp(hidden_truths_in_use()["app_problem"]["from"])
    assert (table["CSAT top-2-box %"].iloc[-4:] >= 70).all()
    late = table.loc[table.index > release, "comments about the app or website %"]
    early = table.loc[table.index < release, "comments about the app or website %"]
    assert late.iloc[-1] > 2 * early.mean()
    assert performance.first_week_above(15) > release


def test_intraday_actions_help() -> None:
    monitor = performance.intraday_monitor()
    nothing = monitor.run().summary["service_level"]
    monitor.controls["at_10"].value = "both"
    early = monitor.run().summary["service_level"]
    assert early > nothing
    monitor.controls["time"].value = "19:30"
    assert "So far today" in monitor.result.value


def test_data_collection_tables() -> None:
    response = performance.survey_response()
    assert {"phone", "email", "resolved first time", "not resolved"} <= set(response["group"])
    fcr = performance.fcr_two_ways()["FCR %"]
    assert fcr.iloc[0] > fcr.iloc[1]


def test_exercises_follow_the_data() -> None:
    contacts = performance.tables()["contacts"]
    phone = contacts[contacts["channel"] == "phone"]
    level = 100 * (phone["answered"] & (phone["wait_s"] <= 20)).mean()
    assert performance.service_level_check.check(round(level, 1)).correct
    gap = (kpis.fcr(contacts) - kpis.fcr(contacts, method="no repeat in 7 days")) * 100
    assert performance.fcr_gap_check.check(round(gap, 1)).correct
    assert performance.app_week_check.check(performance.first_week_above(15).day).correct


def test_report_needs_words_not_only_numbers(portfolio_path: Path) -> None:
    report = performance.performance_report()
    report.controls["save"].click()
    assert "numbers only" in report.message.value and Portfolio().entries() == []
    report.controls["insight"].value = ("Comments about the app grew every week while CSAT "
                                        "stayed on target, so customers are losing patience.")
    report.controls["actions"].value = ("Raise the app faults with the digital team this week "
                                        "and track the weekly share of app comments.")
    report.controls["save"].click()
    (entry,) = Portfolio().entries()
    assert entry.criteria == ["3.1", "5.1", "5.2", "5.3"]
    assert entry.figure is not None and len(entry.table) >= 10


def test_team_scorecard_keeps_shared_kpis_whole_centre() -> None:
    dashboard = performance.kpi_dashboard()
    centre = dashboard.scorecard().set_index("kpi")
    dashboard.controls["team"].value = dashboard.controls["team"].options[1]
    team = dashboard.scorecard().set_index("kpi")
    shared = list(kpis.centre_scope_kpis())
    assert len(shared) == 5
    assert (team.loc[shared, "formatted"] == centre.loc[shared, "formatted"]).all()
    assert team.loc[shared, "note"].str.contains("whole centre").all()
