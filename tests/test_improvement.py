"""PDCA cycles played forward (csmlib.analysis.improvement) and the simulator widget."""

from __future__ import annotations

import pandas as pd
import pytest

from csmlib.analysis import improvement as imp
from csmlib.course.portfolio import Portfolio
from csmlib.ui.pdca import ACTIVITY, PdcaSimulator

PLAN = "Agents confirm with the customer that the problem is solved before closing."
NEXT = "Keep it, and check the chart every Monday to see that it holds."


def _history(rate: float = 0.28, weeks: int = 12, of: int = 2500) -> pd.DataFrame:
    counts = [round(rate * of) + (7 if i % 2 else -7) for i in range(weeks)]
    frame = pd.DataFrame({"week": pd.date_range("2026-01-05", periods=weeks, freq="7D"),
                          "count": counts, "of": [of] * weeks})
    frame["value"] = frame["count"] / frame["of"]
    return frame


# ------------------------------------------------------------------ weekly history
def test_repeat_history_leaves_out_unknown_outcomes_and_other_teams() -> None:
    days = pd.date_range("2026-01-05 10:00", periods=35, freq="D")
    contacts = pd.DataFrame({
        "arrived_at": days, "team": ["Team A"] * 35, "answered": True,
        "contacted_again_7d": pd.array([i % 4 == 0 for i in range(28)] + [pd.NA] * 7,
                                       dtype="boolean")})
    other = contacts.assign(team="Team B", contacted_again_7d=True)
    weekly = imp.weekly_history("repeat_contacts", contacts=pd.concat([contacts, other]),
                                team="Team A")
    assert weekly["of"].tolist() == [7, 7, 7]  # the 4th week ends after the last known day
    assert weekly["count"].tolist() == [2, 2, 2]
    with pytest.raises(ValueError, match="no team 'Team C'"):
        imp.weekly_history("repeat_contacts", contacts=contacts, team="Team C")


def test_complaint_speed_counts_business_days_and_waits_for_deadlines() -> None:
    complaints = pd.DataFrame({
        # Thu 2 Apr 2026: Good Friday and Easter Monday are bank holidays, so the third
        # business day after is Thu 9 Apr
        "received_at": pd.to_datetime(["2026-04-02 10:00", "2026-04-02 11:00",
                                       "2026-04-20 09:00", "2026-05-20 09:00"]),
        "resolved_at": pd.to_datetime(["2026-04-08 17:00", "2026-04-10 09:00",
                                       "2026-04-21 09:00", "2026-05-21 09:00"])})
    weekly = imp.weekly_history("complaint_speed", complaints=complaints)
    first = weekly.iloc[0]
    assert (first["count"], first["of"]) == (1, 2)
    assert pd.Timestamp("2026-05-18") not in set(weekly["week"])  # deadline after data end


def test_monthly_rate_keeps_whole_months_only() -> None:
    days = pd.date_range("2026-01-01 10:00", "2026-03-10 10:00", freq="D")
    contacts = pd.DataFrame({"arrived_at": days, "team": "Team A", "answered": True,
                             "resolved_first_contact": days.month != 2})
    rates = imp.monthly_rate(contacts, "fcr", "Team A")
    assert rates.tolist() == [1.0, 0.0]  # March has 10 days: not reported


# ------------------------------------------------------------------ play forward
def test_play_forward_applies_the_true_effect_and_nothing_else() -> None:
    history = _history(of=2_000_000)
    change = imp._InForce(imp.CHANGES["confirm_fix"], start=0, stop=None)
    with_change = imp.play_forward(history, "repeat_contacts", [change], 0, 10, seed=3)
    without = imp.play_forward(history, "repeat_contacts", [], 0, 10, seed=3)
    assert without["value"].mean() == pytest.approx(history["value"].iloc[-6:].mean(), abs=0.002)
    gap = with_change["value"].iloc[2:].mean() - without["value"].iloc[2:].mean()
    assert gap == pytest.approx(imp.CHANGES["confirm_fix"].effect, abs=0.002)
    stopped = imp._InForce(imp.CHANGES["confirm_fix"], start=0, stop=4)
    after_stop = imp.play_forward(history, "repeat_contacts", [stopped], 0, 10, seed=3)
    assert after_stop["value"].iloc[4:].mean() == pytest.approx(
        without["value"].iloc[4:].mean(), abs=0.002)


def test_a_growing_problem_keeps_growing_unless_fixed() -> None:
    rates = [0.05] * 6 + [0.07, 0.09, 0.11, 0.13, 0.15, 0.17]
    history = pd.DataFrame({"week": pd.date_range("2026-01-05", periods=12, freq="7D"),
                            "of": [1_000_000] * 12})
    history["count"] = [round(r * 1_000_000) for r in rates]
    history["value"] = history["count"] / history["of"]
    drift = imp.play_forward(history, "app_comments", [], 0, 4, seed=1)["value"]
    assert drift.is_monotonic_increasing and drift.iloc[0] > 0.18
    fix = imp._InForce(imp.CHANGES["fix_self_service"], start=0, stop=None)
    fixed = imp.play_forward(history, "app_comments", [fix], 0, 6, seed=1)["value"]
    assert fixed.iloc[-1] < 0.10  # most of the excess over the 5% before it began is gone


def test_play_forward_refuses_bad_arguments() -> None:
    with pytest.raises(ValueError, match="weeks must be a whole number"):
        imp.play_forward(_history(), "repeat_contacts", [], 0, 0, seed=1)
    with pytest.raises(ValueError, match="at least 4"):
        imp.play_forward(_history(weeks=3), "repeat_contacts", [], 0, 4, seed=1)
    with pytest.raises(ValueError, match="Unknown measure"):
        imp.play_forward(_history(), "speed", [], 0, 4, seed=1)


# ------------------------------------------------------------------ the project
def test_a_project_runs_cycles_in_order_and_logs_them() -> None:
    project = imp.Project("repeat_contacts", _history(), team="Team A", target=0.25, seed=4)
    with pytest.raises(ValueError, match="Run a cycle first"):
        project.check()
    with pytest.raises(ValueError, match="not the repeat-contact rate"):
        project.do("daily_huddle", 6)
    with pytest.raises(ValueError, match="2 to 12 weeks"):
        project.do("confirm_fix", 13)
    first = project.do("shorter_calls", 6, PLAN)
    assert first.signal == "concern"  # +2 points on a process that varies by about 0.4
    with pytest.raises(ValueError, match="Decide on cycle 1 first"):
        project.do("confirm_fix", 6)
    project.act("abandon", NEXT)
    second = project.do("confirm_fix", 6, PLAN)
    assert second.signal == "improvement" and second.during < second.before - 0.03
    project.act("adopt", NEXT)
    assert project.rebase_points() == [12 + 6]
    third = project.do("knowledge_base", 8, PLAN)
    assert third.before == pytest.approx(second.during, abs=0.001)  # the new limits' mean
    log = project.log()
    assert log["Decision"].tolist() == ["Abandon", "Adopt", "Not yet decided"]
    assert log["Change"].iloc[1] == imp.CHANGES["confirm_fix"].title
    assert project.check().chart["segment"].max() == 1


def test_a_project_is_rebuilt_from_its_log() -> None:
    project = imp.Project("repeat_contacts", _history(), team="Team A", target=0.25, seed=9)
    for change, decision in (("text_summary", "adapt"), ("confirm_fix", "adopt")):
        project.do(change, 5, PLAN)
        project.act(decision, NEXT)
    again = imp.Project.replay("repeat_contacts", _history(), project.log(), team="Team A",
                               target=0.25, seed=9)
    pd.testing.assert_frame_equal(again.series(), project.series())
    pd.testing.assert_frame_equal(again.log(), project.log())


def test_project_limits() -> None:
    with pytest.raises(ValueError, match="target must be a share"):
        imp.Project("repeat_contacts", _history(), team="Team A", target=25)
    with pytest.raises(ValueError, match="no changes to try"):
        imp.Project("fcr", _history(), team="Team A", target=0.8)
    project = imp.Project("complaint_speed", _history(0.3, of=70), target=0.4, seed=2)
    for _ in range(imp.MAX_CYCLES):
        project.do("templates", 2, PLAN)
        project.act("adapt", NEXT)
    with pytest.raises(ValueError, match="at most 8 cycles"):
        project.do("templates", 2, PLAN)
    with pytest.raises(ValueError, match="decision must be one of"):
        project.act("keep")


def test_decision_feedback_answers_every_case() -> None:
    for signal in ("improvement", "none", "concern"):
        for decision in imp.DECISIONS:
            assert len(imp.decision_feedback(signal, decision)) > 40
    assert imp.decision_feedback("concern", "abandon").startswith("Sound")
    assert imp.decision_feedback("improvement", "abandon").startswith("Think again")


def test_every_problem_has_a_change_that_works_and_one_that_harms() -> None:
    for measure in ("repeat_contacts", "complaint_speed", "app_comments"):
        changes = [c for c in imp.CHANGES.values() if c.measure == measure]
        better = -1 if imp.MEASURES[measure].improvement == "decrease" else 1
        assert any(better * c.effect > 0 or c.fixes > 0.5 for c in changes), measure
        assert any(better * c.effect < 0 for c in changes), measure


# ------------------------------------------------------------------ the simulator widget
def test_the_simulator_plans_checks_acts_saves_and_reloads(tmp_path) -> None:
    portfolio = Portfolio(tmp_path / "p.sqlite")
    histories = {("repeat_contacts", "Team A"): _history(),
                 ("repeat_contacts", "Team B"): _history(0.3),
                 ("complaint_speed", ""): _history(0.3, of=70)}
    sim = PdcaSimulator(histories, portfolio=portfolio, seed=5)
    sim.controls["team"].value = "Team B"
    sim.controls["change"].value = "confirm_fix"
    with pytest.raises(ValueError):  # the suite runs strict: the message is raised too
        sim._act(sim.do)  # no plan written yet: a message, not a traceback
    assert "Write your plan first" in sim.message.value and sim.project is None
    sim.controls["plan"].value = PLAN
    sim._act(sim.do)
    assert sim.message.value == "" and "Cycle 1" in sim.check_text.value
    assert sim.controls["measure"].disabled and sim.controls["team"].disabled
    with pytest.raises(ValueError):
        sim._act(sim.log_cycle)
    assert "Choose adopt, adapt or abandon" in sim.message.value
    sim.controls["decision"].value = "adopt"
    sim.controls["next_step"].value = NEXT
    sim._act(sim.log_cycle)
    assert "Feedback on your decision" in sim.feedback.value
    saved = portfolio.get(ACTIVITY)
    assert saved is not None and saved.evidenced == ["6.1", "6.3"]
    assert "Team B" in saved.title

    again = PdcaSimulator(histories, portfolio=portfolio, seed=5)
    assert again.project is not None and len(again.project.cycles) == 1
    assert again.controls["team"].value == "Team B"
    pd.testing.assert_frame_equal(again.project.series(), sim.project.series())
