"""Notebook 05's lesson on every sector's organisation: each table, chart, notice and widget
works on the organisation in use, the self-checks' answers agree with the tables, and the
"What to notice" claims hold on the data."""

from __future__ import annotations

import pytest
from organisations import organisation_in_use

from csmlib.analysis import people as analysis
from csmlib.data import sectors
from csmlib.lessons import people as lesson

SHOWN = ("start", "framework_table", "agreement_table", "shortlist_explorer", "validity_table",
         "validity_notice", "qa_heatmap", "theme_heatmap", "training_needs_table",
         "learning_curve_chart", "grow_plan", "one_to_one_table", "one_to_one", "delegation_table",
         "conflict_scenario", "wellbeing_table", "kirkpatrick_table", "training_impact_chart",
         "before_after_table", "impact_notice", "people_plan", "reflection")


@pytest.fixture(scope="module", params=sorted(sectors.SECTORS))
def organisation(request, tmp_path_factory) -> str:
    """One organisation per sector, switched to for the module's tests, then switched back."""
    with organisation_in_use(tmp_path_factory.mktemp(request.param), seed=5,
                             sector=request.param, days=91, agents=48):
        yield request.param


def test_every_piece_works_and_finds_the_course_that_works(organisation: str) -> None:
    for name in SHOWN:
        assert getattr(lesson, name)() is not None, name
    assert lesson.effective_course() == "Empathy and de-escalation"


def test_self_check_answers_agree_with_the_tables(organisation: str) -> None:
    rates = analysis.selection_rates(analysis.shortlist(
        lesson.tables()["candidates"], dict.fromkeys(analysis.COMPETENCIES, 1.0),
        lesson.START_CUT_OFF))
    if rates["rate"].max() > 0:
        ratio = round(rates["rate"].min() / rates["rate"].max(), 2)
        assert lesson.four_fifths_check.check(ratio).correct
        assert not lesson.four_fifths_check.check(ratio + 0.1).correct
    curve = lesson.learning_curve_frame()
    assert lesson.learning_curve_check.check(
        round(curve["aht_s"].iloc[0] / curve["aht_s"].iloc[-1], 2)).correct
    liked = lesson.best_liked_course()
    naive = lesson.before_after_frame().set_index("course")
    fair = lesson.training_impact_frame().set_index("course")
    assert lesson.impact_check.check(
        round(naive.loc[liked, "change_points"] - fair.loc[liked, "lift_points"], 1)).correct


def test_the_default_notices_hold() -> None:
    notice = lesson.impact_notice().data
    assert lesson.effective_course() in notice
    liked = lesson.best_liked_course()
    assert ("not the one that works" in notice) == (liked != lesson.effective_course())
    valid = lesson.validity_frame().set_index(["predictor", "outcome"])
    if valid.loc[("Interview score", "QA total"), "ci_low"] > 0:
        assert "predicts who serves customers well" in lesson.validity_notice().data


def test_the_shortlist_explorer_shows_the_screen_failing_when_the_cv_weighs_heavily(
        monkeypatch) -> None:
    monkeypatch.setenv("CSMLIB_STRICT", "0")  # see the message a learner sees
    explorer = lesson.shortlist_explorer()
    start = explorer.result.value
    explorer.controls[analysis.CV_EXPERIENCE].value = 3.0
    assert explorer.result.value != start
    rates = analysis.selection_rates(analysis.shortlist(
        lesson.tables()["candidates"], explorer.weights(), lesson.START_CUT_OFF))
    assert ("fails" in explorer.result.value) == (not rates["four_fifths_ok"].all())
    for name in analysis.COMPETENCIES:
        explorer.controls[name].value = 0.0
    explorer.controls[analysis.CV_EXPERIENCE].value = 0.0
    assert "at least one weight" in explorer.message.value
