"""Notebook 06's lesson on the default organisation and two generated ones: every table, chart,
notice and widget works, the self-checks' answers agree with the data, and the "What to
notice" claims hold."""

from __future__ import annotations

import html

import pandas as pd
import pytest
from organisations import organisation_in_use

from csmlib.analysis import improvement as analysis
from csmlib.analysis import spc
from csmlib.lessons import improvement as lesson

SHOWN = ("start", "team_chart", "verdict_table", "verdict_notice", "birch_chart",
         "first_team_weeks", "rag_table", "rag_notice", "pdca", "example_log", "journey",
         "journey_notice", "quality_map", "project_plan", "improvement_report", "reflection")


@pytest.fixture(scope="module", params=["default", "telecom", "council"])
def organisation(request, tmp_path_factory) -> str:
    """The default organisation, then two generated ones, switched to for the module's tests."""
    if request.param == "default":
        yield "default"
        return
    with organisation_in_use(tmp_path_factory.mktemp(request.param), seed=5,
                             sector=request.param, days=91, agents=48):
        yield request.param


@pytest.fixture(autouse=True)
def _own_portfolio(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CSMLIB_PORTFOLIO", str(tmp_path / "p.sqlite"))


def _text(shown) -> str:
    return html.unescape(shown.data)


def _change_week(team: str) -> pd.Timestamp:
    day = pd.Timestamp(lesson.known_change()["date"])
    return day - pd.Timedelta(days=day.weekday())


def test_every_piece_works(organisation: str) -> None:
    for name in SHOWN:
        assert getattr(lesson, name)() is not None, name


def test_the_known_change_shows_as_special_cause_of_improvement(organisation: str) -> None:
    team = lesson.known_change()["team"]
    assert team in lesson.teams()
    chart = lesson.team_chart_frame(team)
    after = chart.index >= _change_week(team)
    assert (chart.loc[after, "variation"] == "improvement").any()
    recalculated = lesson.team_chart_frame(team, recalculate=True)
    assert recalculated["segment"].max() == 1
    assert recalculated["mean"].iloc[-1] < recalculated["mean"].iloc[0] - 0.02
    frame = lesson.verdict_frame().set_index("team")
    assert frame.loc[team, "summary"].startswith("special cause")
    notice = _text(lesson.verdict_notice())
    assert f"{team}'s team leader logged a process change" in notice
    for other in frame.index[frame["summary"] == "common cause"]:
        assert other in notice


def test_self_check_answers_agree_with_the_data(organisation: str) -> None:
    team = lesson.known_change()["team"]
    weeks = lesson.history("repeat_contacts", team)
    start = weeks["week"] >= _change_week(team)
    shift = round(100 * (weeks.loc[start, "value"].mean() - weeks.loc[~start, "value"].mean()),
                  1)
    assert lesson.shift_check.check(shift).correct
    assert not lesson.shift_check.check(-shift).correct
    contacts = lesson.tables()["contacts"]
    about = contacts[(contacts["reason"] == lesson.journey_reason()) & contacts["answered"]
                     & contacts["contacted_again_7d"].notna()]
    unresolved = about.loc[~about["resolved_first_contact"].astype(bool), "contacted_again_7d"]
    resolved = about.loc[about["resolved_first_contact"].astype(bool), "contacted_again_7d"]
    gap = round(100 * (unresolved.astype(float).mean() - resolved.astype(float).mean()), 1)
    assert gap > 10  # unresolved contacts come back far more often, in every organisation
    assert lesson.repeat_gap_check.check(gap).correct
    first = lesson.history("repeat_contacts", lesson.teams()[0])["value"]
    upper = round(100 * (first.mean() + 2.66 * first.diff().abs().mean()), 1)
    assert lesson.upper_limit_check.check(upper).correct
    assert not lesson.upper_limit_check.check(upper + 0.5).correct


def test_the_rag_notice_counts_what_the_table_shows(organisation: str) -> None:
    frame = lesson.rag_frame()
    flagged = frame[~frame["rag"].str.startswith("Amber")]
    noise = flagged[flagged["chart"] == "common cause"]
    notice = _text(lesson.rag_notice())
    assert (f"flags {len(flagged)} of {len(frame)} month-on-month comparisons red or green; "
            f"{len(noise)} of them") in notice
    worse = frame["rag"].str.startswith("Red")
    assert (frame.loc[worse, "moved"] > 100 * lesson.RAG_POINTS).all()


def test_the_journey_notice_names_the_biggest_failure_point(organisation: str) -> None:
    frame = lesson.journey_frame()
    failures = frame[frame["failure"].astype(bool)]
    worst = failures.sort_values("contacts").iloc[-1]["step"].lower()
    assert f"The biggest failure point is “{worst}”" in _text(lesson.journey_notice())


def test_the_worked_example_decides_by_the_chart(organisation: str) -> None:
    project = lesson.example_project()
    expected = {"improvement": "adopt", "none": "adapt", "concern": "abandon"}
    assert [c.decision for c in project.cycles] == [expected[c.signal]
                                                    for c in project.cycles]
    assert project.cycles[1].change == "text_summary"
    confirm = project.cycles[2]
    assert confirm.change == "confirm_fix" and confirm.signal == "improvement"


def test_the_team_chart_refuses_to_recalculate_without_a_known_change(organisation: str
                                                                       ) -> None:
    widget = lesson.team_chart()
    quiet = [t for t in lesson.teams() if t != lesson.known_change()["team"]][0]
    widget.controls["team"].value = quiet
    widget.controls["recalculate"].value = True
    assert "logged no change to its process" in widget.result.value
    assert lesson.team_chart_frame(quiet, recalculate=True)["segment"].max() == 0


def test_the_simulator_offers_steady_baselines_only() -> None:
    histories = lesson.simulator_histories()
    changed = lesson.known_change()["team"]
    assert ("repeat_contacts", changed) not in histories
    for (measure, team), frame in histories.items():
        assert measure in analysis.MEASURES and len(frame) >= 8
        if measure == "repeat_contacts":
            chart = spc.xmr(frame["value"], improvement="decrease")
            assert team and len(chart) == len(frame)
