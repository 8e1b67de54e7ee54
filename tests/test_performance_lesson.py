"""Notebook 03's widgets, exercises and the performance-report artefact."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis import kpis, simulation
from csmlib.course.portfolio import Portfolio
from csmlib.data import hidden_truths_in_use
from csmlib.lessons import performance
from csmlib.ui.charts import StaticChart
from csmlib.ui.tables import STATUS_WORDS, Table


def test_dashboard_filters_change_the_scorecard() -> None:
    dashboard = performance.kpi_dashboard()
    assert dashboard.controls["channel"].value == "phone"  # one channel at a time
    phone = dashboard.result.value
    assert "on target" in dashboard.card.value
    dashboard.controls["channel"].value = "chat"
    assert dashboard.result.value != phone
    first = dashboard.controls["weeks"].options[0][1]
    dashboard.controls["weeks"].value = (first, first)
    assert dashboard.message.value == ""
    dashboard.controls["trend"].value = "service level"
    title = dashboard.figure.layout.title.text
    assert title.startswith("Service level by week") and "(chat)" in title
    assert dashboard.figure.data[1].name == "Target (80%)"
    # with every channel chosen, a queue trend shows phone, never a pooled figure
    dashboard.controls["channel"].value = performance.ALL
    assert dashboard.trend_channel() == "phone" and "(phone)" in dashboard.figure.layout.title.text


def test_dashboard_drills_down_to_agents_of_a_team() -> None:
    dashboard = performance.kpi_dashboard()
    assert "Drill-down by team" in dashboard.drill.value
    team = dashboard.controls["team"].options[1]
    dashboard.controls["team"].value = team
    assert "Drill-down by agent" in dashboard.drill.value
    assert dashboard.drill_table().headings[0] == "Agent"
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


def test_intraday_levers_are_decisions_in_the_monitor() -> None:
    monitor = performance.intraday_monitor()
    options = [value for _, value in monitor.controls["at_10"].options]
    assert {"coaching", "breaks", "email", "vto"} <= set(options)
    nothing = monitor.run().summary["service_level"]
    monitor.controls["at_10"].value = "coaching"
    assert monitor.run().summary["service_level"] > nothing
    assert "coaching and meetings to rebook" in monitor.result.value
    monitor.controls["at_10"].value = "vto"
    assert monitor.run().summary["service_level"] < nothing  # wrong lever on a busy day
    monitor.controls["time"].value = "11:00"
    assert "Re-forecast: calls so far are" in monitor.result.value


def test_decision_log_records_the_monitors_decisions() -> None:
    monitor = performance.intraday_monitor()
    monitor.controls["at_10"].value = "overtime"
    monitor.controls["at_13"].value = "callbacks"
    log = performance.decision_log()
    assert log["decision"].tolist() == ["Call in overtime", "Offer callbacks"]
    assert log["time"].tolist() == ["10:00", "13:00"]
    first = log.iloc[0]
    assert f"{100 * first['service_level_before']:.1f}%" in first["trigger"]
    assert f"{100 * first['service_level_next_with']:.1f}%" in first["outcome"]
    assert "Decision: Call in overtime" in performance.supporting_text()


def test_intraday_actions_help() -> None:
    monitor = performance.intraday_monitor()
    nothing = monitor.run().summary["service_level"]
    monitor.controls["at_10"].value = "both"
    early = monitor.run().summary["service_level"]
    assert early > nothing
    monitor.controls["time"].value = "19:30"
    assert "From 08:00 to 20:00:" in monitor.result.value


def test_data_collection_tables() -> None:
    response = performance.survey_response().data
    assert {"phone", "email", "resolved first time", "not resolved"} <= set(response["group"])
    fcr = performance.fcr_two_ways().data["FCR %"]
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
    assert set(entry.criteria) <= {"3.1", "5.1", "5.2", "5.3"} and entry.criteria
    assert entry.figure is not None and len(entry.table) >= 10
    # the supporting figures an assessor looks for: decision log (3.1), FCR two ways and
    # survey response rates (5.3)
    support = entry.support_text
    assert "Intraday decision log" in support and "Trigger" not in support.split("\n")[0]
    assert "trigger:" in support and "Decision:" in support and "Outcome:" in support
    fcr = performance.fcr_two_ways().data["FCR %"]
    assert all(f"{value:.1f}%" in support for value in fcr)
    assert "Survey response rates" in support and "not resolved" in support
    assert "Status" in entry.table.columns and "status" not in entry.table.columns


def test_team_scorecard_keeps_shared_kpis_whole_centre() -> None:
    dashboard = performance.kpi_dashboard()
    centre = dashboard.scorecard().set_index("kpi")
    dashboard.controls["team"].value = dashboard.controls["team"].options[1]
    team = dashboard.scorecard().set_index("kpi")
    shared = [k for k in kpis.centre_scope_kpis() if k in team.index]
    assert len(shared) >= 5
    assert (team.loc[shared, "formatted"] == centre.loc[shared, "formatted"]).all()
    assert team.loc[shared, "note"].str.contains("whole centre").all()


# --- presentation: every table and chart through the kit ------------------------------------
KIT_WORDS = {" ".join(STATUS_WORDS[k][:2]) for k in STATUS_WORDS}


def _no_raw_headings(shown: Table) -> None:
    for heading in shown.headings:
        assert "_" not in heading and heading[0].isupper(), heading
    html_text = shown.to_html()
    assert "<th></th>" not in html_text  # no blank index column, no row numbers


def test_every_table_goes_through_the_kit() -> None:
    dashboard = performance.kpi_dashboard()
    shown = [performance.csat_by_theme(), performance.theme_accuracy(),
             performance.survey_response(), performance.fcr_two_ways(),
             performance.survey_samples_table(), performance.decision_table(),
             dashboard.table(), dashboard.drill_table(),
             performance.performance_report().scorecard()]
    for item in shown:
        assert isinstance(item, Table)
        _no_raw_headings(item)
    by_theme = performance.csat_by_theme()
    assert by_theme.headings == ["Theme", "Comments", "Average CSAT (1–5)",
                                 "Satisfied (4 or 5) %"]
    row = by_theme.rows()[0]
    assert re.fullmatch(r"\d\.\d", row[2]) and re.fullmatch(r"\d+\.\d%", row[3])
    assert any("top-2-box" in note for note in by_theme.notes)
    accuracy = performance.theme_accuracy()
    notes = " ".join(accuracy.notes)
    assert "Precision:" in notes and "Recall:" in notes and "F1:" in notes


def test_charts_are_labelled_with_targets_and_no_toolbar() -> None:
    chart = performance.numbers_and_words_chart()
    assert isinstance(chart, StaticChart)
    layout = chart.figure.layout
    assert layout.yaxis.title.text not in (None, "", "%") and layout.xaxis.title.text
    target = [t for t in chart.figure.data if getattr(t, "line", None) and t.line.dash == "dash"]
    assert target and target[0].y[0] == kpis.trend_target("CSAT")
    monitor = performance.intraday_monitor()
    standard = [t for t in monitor.figure.data if t.name.startswith("Standard")]
    assert standard and standard[0].yaxis == "y2" and set(standard[0].y) == {80.0}
    assert monitor.figure.layout.yaxis2.title.text and monitor.figure.layout.yaxis.title.text


def test_controls_are_labelled_in_full() -> None:
    for widget in (performance.kpi_dashboard(), performance.feedback_explorer(),
                   performance.intraday_monitor()):
        for name, control in widget.controls.items():
            assert control.description, name
            assert control.style.description_width == "initial", name


def test_feedback_explorer_colours_labels_and_counts() -> None:
    explorer = performance.feedback_explorer()
    looks = [(bar.marker.color, bar.marker.pattern.shape) for bar in explorer.figure.data]
    assert len(explorer.figure.data) >= 9 and len(set(looks)) == len(looks)
    assert "praise" in [bar.name for bar in explorer.figure.data]
    assert explorer.figure.layout.xaxis.title.text and explorer.figure.layout.yaxis.title.text
    analysed = performance.analysed_comments()
    explorer.controls["theme"].value = "waiting time"
    explorer.controls["scores"].value = (1, 2)
    matching = int(((analysed["theme"] == "waiting time") & (analysed["csat"] <= 2)).sum())
    assert f"{matching:,} of {len(analysed):,} comments match" in explorer.result.value


# --- one set of status words ------------------------------------------------------------------


def test_dashboard_and_report_use_the_same_status_words() -> None:
    dashboard = performance.kpi_dashboard()
    dashboard.controls["channel"].value = performance.ALL  # every channel's rows, as reported
    report = performance.performance_report()
    live = dashboard.table().to_frame()["Status"].tolist()
    carried = report.table()["Status"].tolist()
    assert live == carried and set(live) <= KIT_WORDS
    for html_text in (dashboard.card.value, report.static_html(), dashboard.static_html()):
        text = re.sub(r"<[^>]+>", " ", html_text).lower()
        assert not re.search(r"\b(green|amber|red)\b", text)
    words = {STATUS_WORDS[k][1] for k in ("good", "warning", "bad")}
    assert all(word in dashboard.result.value for word in words)


# --- one number, one answer ------------------------------------------------------------------


def test_dashboard_on_phone_gives_the_worked_answers_service_level() -> None:
    contacts = performance.tables()["contacts"]
    phone = contacts[contacts["channel"] == "phone"]
    worked = round(100 * (phone["answered"] & (phone["wait_s"] <= 20)).sum() / len(phone), 1)
    dashboard = performance.kpi_dashboard()  # opens on phone
    shown = dashboard.table()
    row = shown.data.set_index("kpi").loc["Service level: phone, answered in 20 s"]
    assert row["formatted"] == f"{worked:.1f}%"
    assert performance.dashboard_service_level("phone") == pytest.approx(worked, abs=0.05)
    assert performance.service_level_check.check(f"{worked:.1f}").correct
    assert "answered calls" in performance.service_level_check.hint_high
    assert "abandoned calls as missed" not in performance.service_level_check.hint_low


def test_dashboard_judges_each_channel_on_its_own_row() -> None:
    """Never pooled: the phone view holds only phone rows of the per-channel KPIs, the chat
    view chat rows against 80% in 60 s, and "(all)" one row per channel."""
    contacts = performance.tables()["contacts"]
    dashboard = performance.kpi_dashboard()
    card = dashboard.table().data
    assert set(card["channel"].dropna()) == {"phone"}
    dashboard.controls["channel"].value = "chat"
    card = dashboard.table().data.set_index("kpi")
    assert set(card["channel"].dropna()) == {"chat"}
    chat = contacts[contacts["channel"] == "chat"]
    within = 100 * (chat["answered"] & (chat["wait_s"] <= 60)).sum() / len(chat)
    row = card.loc["Service level: chat, answered in 60 s"]
    assert row["formatted"] == f"{within:.1f}%"
    dashboard.controls["channel"].value = performance.ALL
    card = dashboard.table().data
    levels = card[card["kpi"].str.startswith("Service level")]
    assert sorted(levels["channel"]) == ["chat", "phone"]
    assert not card["kpi"].str.contains("phone and chat").any()


def test_each_targets_source_is_given_once_not_under_every_view() -> None:
    """The dashboard points to the sources table (a wall of sources under every view would
    bury the scorecard); the sources table and the saved report give them in full."""
    dashboard = performance.kpi_dashboard()
    dashboard.controls["channel"].value = performance.ALL
    notes = " ".join(dashboard.table().notes)
    assert performance.SOURCES_POINTER in notes and "Source (" not in notes
    assert "Kaplan and Norton" in notes and "utilisation" in notes.lower()
    sources = performance.kpi_sources_table()
    assert len(sources.data) == len(kpis.KPI_CATALOGUE)
    cited = " ".join(" ".join(row) for row in sources.rows())
    assert "ContactBabel" in cited and "2023" in cited and "9.1%" in cited
    assert "North American" in cited and "relationship NPS" in cited
    report = " ".join(performance.PerformanceReport().scorecard().notes)
    assert "Source (" in report and "ContactBabel" in report


def test_occupancy_sentences_follow_the_data() -> None:
    card = performance.kpi_cube().scorecard(performance.kpi_cube().select()).set_index("kpi")
    sentences = performance.occupancy_sentences()
    for channel, sentence in zip(kpis.QUEUED_CHANNELS, sentences, strict=False):
        row = card.loc[f"Occupancy: {channel}"]
        assert row["formatted"] in sentence
        if row["value"] < 0.70 and "cut" in sentence:
            assert "cutting staff would make the queue worse" in sentence
    assert not any("cut staff" in s and "do not" not in s and "would make" not in s
                   for s in sentences)
    assert performance.occupancy_check.check("b").correct
    assert not performance.occupancy_check.check("a").correct


def test_full_and_agent_cost_per_contact_are_named_and_both_given() -> None:
    from csmlib.analysis import budget
    from csmlib.data import assumptions

    a = assumptions()
    data = performance.tables()
    off_shift = getattr(a, "off_shift_shrinkage", a.shrinkage)
    costs = budget.plan_cost_by_channel(data["plan"], a.hourly_rate_gbp, a.on_cost_share,
                                        off_shift)
    handled = int(data["contacts"]["answered"].sum())
    agent = costs["cost_gbp"].sum() / handled
    full = kpis.cost_per_contact(data["contacts"], data["budget"], data["plan"])
    # full cost ÷ contacts HANDLED
    assert full == pytest.approx(data["budget"]["actual_gbp"].sum() / handled)
    note = performance.cost_note()
    assert f"£{full:,.2f}" in note and f"£{agent:,.2f}" in note
    assert "£5.58" in note and "2024" in note and "whole centre" in note
    assert ("below it" in note) == (full < 5.58)
    dashboard = performance.kpi_dashboard()
    assert "Cost per contact handled" in dashboard.table().to_frame()["KPI"].tolist()
    assert note in dashboard.table().notes


# --- the team view: whole-centre measures are context, not a verdict ------------------------


def test_team_view_greys_the_whole_centre_measures() -> None:
    dashboard = performance.kpi_dashboard()
    dashboard.controls["team"].value = dashboard.controls["team"].options[1]
    shown = dashboard.table()
    centre = set(kpis.centre_scope_kpis()) & set(shown.data["kpi"])
    assert len(centre) >= 5
    assert shown.greyed == [k in centre for k in shown.data["kpi"]]
    statuses = dict(zip(shown.data["kpi"], shown.to_frame()["Status"], strict=True))
    assert all(statuses[k] == "– context only" for k in centre)
    assert all(statuses[k] != "– context only" for k in statuses if k not in centre)
    own = [status for kpi, status in statuses.items() if kpi not in centre]
    result = dashboard.result.value
    for key in ("good", "warning", "bad"):
        words = STATUS_WORDS[key][1]
        counted = sum(status.endswith(words) for status in own)
        assert re.search(rf"\b{counted} (KPIs )?{words}", result), (words, result)
    assert f"{len(centre)} whole-centre measures shown greyed" in result


def test_a_channel_view_shows_the_whole_budget_as_context() -> None:
    dashboard = performance.kpi_dashboard()
    dashboard.controls["channel"].value = performance.ALL
    whole = dashboard.table().data.set_index("kpi").loc["Cost per contact handled",
                                                         "formatted"]
    dashboard.controls["channel"].value = "phone"
    shown = dashboard.table()
    row = list(shown.data["kpi"]).index("Cost per contact handled")
    assert shown.greyed[row] and shown.rows()[row][4] == "– context only"
    assert shown.data["formatted"].iloc[row] == whole


# --- the intraday monitor: decisions costed, the claim computed -----------------------------


def test_intraday_decision_table_costs_each_decision() -> None:
    table = performance.decisions()
    hourly = performance.hourly_cost_gbp()
    assert len(table) == 1 + 2 * len(simulation.TABLE_ACTIONS)
    assert set(table["time"]) == {"–", "10:00", "13:00"}
    assert {"coaching", "breaks", "email"} <= set(table["action"])  # every lever, not just two
    assert np.allclose(table["cost_gbp"], (table["overtime_hours"] + table["callback_hours"]
                                           + table["moved_hours"]) * hourly)
    callbacks = table[table["action"] == "callbacks"].set_index("time")
    assert callbacks.loc["10:00", "called_back"] != callbacks.loc["13:00", "called_back"]
    assert callbacks.loc["10:00", "abandoned"] != callbacks.loc["13:00", "abandoned"]


def test_intraday_notice_is_true_of_the_decision_table() -> None:
    table = performance.decisions()
    compared = simulation.compare_decision_times(table, "10:00", "13:00").set_index("action")
    headline, nothing, *details = performance.intraday_notice_sentences()
    if headline.startswith("Acting at 10:00 gives a better day than waiting until 13:00 for "
                           "every action"):
        assert compared["better_early"].all()
    if "at the same or lower cost" in headline:
        assert (compared["same_cost"] | compared["cheaper_early"]).all()
    if "costs more only where callbacks are offered" in headline:
        dearer = compared[~compared["same_cost"] & ~compared["cheaper_early"]]
        assert set(dearer.index) <= {"callbacks", "both"}
    base = table.iloc[0]
    assert f"{100 * base['service_level']:.1f}%" in nothing
    assert f"{base['abandoned']:,} abandoned" in nothing
    for sentence, (action, row) in zip(details, compared.iterrows(), strict=True):
        for figure in (row["service_level_early"], row["service_level_late"]):
            assert f"{100 * figure:.1f}%" in sentence, (action, sentence)
        for count in (row["abandoned_early"], row["abandoned_late"]):
            assert f"{count:,} abandoned" in sentence
        assert ("costs the same" in sentence or "cost the same" in sentence) == row["same_cost"]
    notice = performance.intraday_notice().data
    assert "costs less than acting at 13:00 for the same result" not in notice


def test_intraday_monitor_shows_what_decisions_cost() -> None:
    monitor = performance.intraday_monitor()
    assert "no extra cost" in monitor.result.value
    monitor.controls["at_13"].value = "overtime"
    cost = 12 * performance.hourly_cost_gbp()
    assert f"£{cost:,.0f}" in monitor.result.value
    monitor.controls["at_10"].value = "callbacks"
    scenario = monitor.scenario()
    assert scenario.callback_start == 20 and scenario.overtime_start == 26
    monitor.controls["at_10"].value = "none"
    assert "no extra cost" not in monitor.result.value
    assert "nobody acts" in monitor.static_html() and "Cost of agent time" in (
        monitor.static_html())


# --- survey sentences true of the data ------------------------------------------------------


def test_survey_bias_sentence_follows_the_response_rates() -> None:
    rates = performance.survey_response().data.set_index("group")["response rate %"]
    resolved, unresolved = rates["resolved first time"], rates["not resolved"]
    words = " ".join(performance.survey_bias_sentences())
    assert f"{resolved:.1f}%" in words and f"{unresolved:.1f}%" in words
    gap = unresolved - resolved
    if abs(gap) < 2:
        assert "the rates are close here" in words and "small in this data" in words
    elif gap < 0:
        assert "not resolved answer the survey less often" in words
    else:
        assert "not resolved answer the survey more often" in words
    assert "What to notice" in performance.survey_bias_notice().data


def test_sample_size_sentences_follow_the_surveys() -> None:
    contacts = performance.tables()["contacts"]
    answered = contacts[contacts["answered"].astype(bool) & contacts["agent_id"].notna()]
    per_agent = answered["csat"].notna().groupby(answered["agent_id"]).sum()
    per_week = answered["csat"].notna().groupby([answered["agent_id"],
                                                 answered["week"]]).sum()
    quarter, week = performance.sample_size_sentences()
    assert f"{per_agent.min():,} to {per_agent.max():,} surveys" in quarter
    assert f"median of {per_week.median():,.0f} surveys" in week
    assert "handful" not in quarter + week and "almost anything" not in quarter + week


def test_numbers_miss_mistake_is_true_of_the_weeks() -> None:
    weeks = performance.numbers_and_words()
    target = kpis.trend_target("CSAT")
    met = int((weeks["CSAT top-2-box %"] >= target).sum())
    first, second = performance.numbers_miss_sentences()
    if met == len(weeks):
        assert "every one of the" in first
    else:
        assert f"in {met} of {len(weeks)} weeks" in first
        for week, value in weeks.loc[weeks["CSAT top-2-box %"] < target,
                                     "CSAT top-2-box %"].items():
            assert f"{week.day} {week:%b} ({value:.1f}%)" in first
    share = weeks["comments about the app or website %"]
    assert f"to {share.iloc[-1]:.1f}% in the last week" in second
    assert "stayed on target the whole time" not in performance.numbers_miss_mistake().data


# --- the same claims on a second, smaller organisation (another sector and seed) -------------


@pytest.fixture(scope="module")
def other_org() -> dict[str, pd.DataFrame]:
    from csmlib.data import generator

    tables = generator.generate(seed=11, sector="council", days=42, agents=30).tables
    tables["contacts"]["week"] = kpis.periods(tables["contacts"])
    return tables


def test_intraday_claims_hold_on_another_organisation(other_org) -> None:
    scenario = simulation.plan_day_scenario(other_org["interval_plan"], **performance.BAD_DAY)
    table = simulation.decision_table(scenario, performance.DECISION_POINTS,
                                      hourly_cost_gbp=performance.hourly_cost_gbp())
    compared = simulation.compare_decision_times(table, "10:00", "13:00").set_index("action")
    headline, _nothing, *details = simulation.decision_summary(table, "10:00", "13:00")
    every = headline.startswith("Acting at 10:00 gives a better day than waiting until 13:00 "
                                "for every action")
    assert every == bool(compared["better_early"].all())
    for sentence, (_action, row) in zip(details, compared.iterrows(), strict=True):
        assert f"{100 * row['service_level_early']:.1f}%" in sentence
        assert f"{row['abandoned_late']:,} abandoned" in sentence


def test_numbers_and_survey_claims_hold_on_another_organisation(other_org) -> None:
    from csmlib.analysis import feedback
    from csmlib.analysis.kpi_cube import KPICube

    contacts = other_org["contacts"]
    csat = kpis.kpi_by_period(contacts, "CSAT", contacts["week"])
    shares = feedback.theme_trend(feedback.analyse(contacts), "digital and app").set_index(
        "period_start")["share"] * 100
    target = kpis.trend_target("CSAT")
    first, _ = feedback.numbers_and_words_sentences(csat, target, shares)
    met = int((csat.dropna() >= target).sum())
    assert (f"in every one of the {met} weeks" in first if met == len(csat.dropna())
            else f"in {met} of {len(csat.dropna())} weeks" in first)
    gap = kpis.survey_response_gap(contacts)
    words = " ".join(feedback.response_bias_sentences(gap["resolved_pct"],
                                                      gap["not_resolved_pct"]))
    assert (("close here" in words) == (abs(gap["gap_points"]) < 2))
    assert ("less often" in words) == (gap["gap_points"] >= 2)
    cube = KPICube(contacts)
    samples = cube.survey_samples(cube.select()).set_index("period")
    per_agent = kpis.surveys_per_agent(contacts).set_index("per")
    assert samples.loc["week", "median_surveys"] == per_agent.loc["agent and week", "median"]


def test_agent_cost_per_contact_is_one_number_in_02_and_03() -> None:
    """Notebook 03's note quotes the same agent cost per contact as notebook 02's table."""
    from csmlib.lessons import planning

    in_02 = planning.cost_per_contact_frame().set_index("channel")["cost_per_contact_gbp"]
    in_03 = performance.agent_cost_per_contact().set_index("channel")["cost_per_contact_gbp"]
    assert in_02.round(2).to_dict() == in_03.round(2).to_dict()
    assert f"£{in_02['all channels']:,.2f}" in performance.cost_note()
