"""The tutor guide's content for notebooks 03, 04 and 05: each model answer is marked on the
criteria the lesson saves that work under, and figures in the text equal an independent
computation from the default data. (The structure of every notebook's guide, its sections,
timings and placeholders, is checked once for all in ``tests/test_tutor_guide.py``.)"""

from __future__ import annotations

import importlib
import re

import pandas as pd
import pytest

from csmlib.course.tutor_guide.facts import Facts
from csmlib.course.tutor_guide.model import NotebookGuide


@pytest.fixture(scope="module")
def facts() -> Facts:
    return Facts.default()


class _Guides(dict):
    """Each notebook's guide, built on first use (once per test module)."""

    def __init__(self, facts: Facts) -> None:
        super().__init__()
        self.facts = facts

    def __missing__(self, nn: str) -> NotebookGuide:
        module = importlib.import_module(f"csmlib.course.tutor_guide.notebook_{nn}")
        self[nn] = module.guide(self.facts)
        return self[nn]


@pytest.fixture(scope="module")
def guides(facts: Facts) -> dict[str, NotebookGuide]:
    return _Guides(facts)


def text_of(guide: NotebookGuide) -> str:
    """Every word of the guide, for finding figures in it."""
    return guide.all_text()


def pct(value: float) -> str:
    return f"{value:.1f}%"


# ---------------------------------------------------------------- structure, all three
# ---------------------------------------------------------------- notebook 03
def test_03_criteria_are_those_the_lesson_saves(guides: dict) -> None:
    from csmlib.lessons import performance

    by_item = {m.item: set(m.criteria) for m in guides["03"].model_answers}
    assert by_item["03-actions"] == set(performance.actions_answer.criteria)
    assert by_item["03-reflection"] == set(performance.reflection().criteria)
    parts = {c for part in performance.PerformanceReport.PARTS for c in part.criteria}
    assert by_item["03-performance-report"] == parts


def test_03_figures_match_an_independent_computation(guides: dict, facts: Facts) -> None:
    contacts = facts.table("contacts")
    text = text_of(guides["03"])
    phone = contacts[contacts["channel"] == "phone"]
    in_time = (phone["answered"].astype(bool) & (phone["wait_s"] <= 20)).sum()
    assert pct(100 * in_time / len(phone)) in text  # phone service level, by hand
    answered = contacts[contacts["answered"].astype(bool)]
    flag = 100 * answered["resolved_first_contact"].astype(float).mean()
    judged = answered["contacted_again_7d"].dropna().astype(float)
    no_repeat = 100 * (1 - judged.mean())
    assert f"The agent's flag says {pct(flag)}" in text
    assert f"says {pct(no_repeat)}, a gap of {flag - no_repeat:.1f} points" in text


def test_03_app_comment_growth_matches_the_data(guides: dict, facts: Facts) -> None:
    contacts = facts.table("contacts")
    commented = contacts[contacts["comment"].fillna("").str.strip() != ""]
    app = commented["comment_theme"] == "digital and app"  # the analyst's labels
    weekly = app.groupby(commented["arrived_at"].dt.to_period("W").dt.start_time).mean() * 100
    last = float(weekly.iloc[-1])
    text = text_of(guides["03"])
    found = re.search(r"to (\d+\.\d)% in the last week", text)
    assert found, "the guide quotes no last-week share of app comments"
    # automatic themes and the analyst's labels agree closely, so the two shares agree
    assert abs(float(found.group(1)) - last) < 2.0


def test_03_intraday_best_decision_beats_doing_nothing(guides: dict) -> None:
    prompt = next(p for p in guides["03"].prompts if p.section.startswith("5."))
    nothing = float(re.search(r"day ends at (\d+\.\d)%", prompt.good_answers[0]).group(1))
    best = float(re.search(r": (\d+\.\d)% and", prompt.good_answers[1]).group(1))
    assert best > nothing
    assert pd.notna(best)


# ---------------------------------------------------------------- notebook 04
def test_04_criteria_are_those_the_lesson_saves(guides: dict) -> None:
    from csmlib.lessons import complaints as lesson
    from csmlib.ui.scenario import DeescalationScenario

    by_item = {m.item: set(m.criteria) for m in guides["04"].model_answers}
    assert by_item["04-learning"] == set(lesson.learning_answer.criteria)
    assert by_item["04-reflection"] == set(lesson.reflection().criteria)
    assert by_item["04-deescalation-*"] == set(DeescalationScenario.CRITERIA)
    assert DeescalationScenario.ACTIVITY_PREFIX == "04-deescalation-"
    parts = {c for part in lesson.ComplaintReview.PARTS for c in part.criteria}
    assert by_item["04-complaint-review"] == parts


def test_04_figures_match_an_independent_computation(guides: dict, facts: Facts) -> None:
    complaints = facts.table("complaints")
    text = text_of(guides["04"])
    # the vital few, as the notebook's worked answer counts them
    counts = complaints["category"].value_counts()
    running = counts.cumsum() / counts.sum()
    vital = running[running.shift(fill_value=0) < 0.8]
    assert f"make up {pct(100 * vital.iloc[-1])} of complaints" in text
    # final responses missed: answered late plus open past the limit (the worked answer)
    limit = pd.Timedelta(weeks=int(facts.truths["final_response_weeks"]))
    as_of = complaints["received_at"].max().normalize() + pd.Timedelta(days=1)
    closed = complaints[complaints["resolved_at"].notna()]
    taken = closed["resolved_at"].dt.normalize() - closed["received_at"].dt.normalize()
    still_open = complaints[complaints["resolved_at"].isna()]
    missed = int((taken > limit).sum() + (as_of - still_open["received_at"] > limit).sum())
    assert f"{missed} complaints missed the deadline" in text


def test_04_churn_baseline_matches_the_customers_table(guides: dict, facts: Facts) -> None:
    customers = facts.table("customers")
    complained = set(facts.table("complaints")["customer_id"])
    never = customers[~customers["customer_id"].isin(complained)]
    baseline = 100 * never["churned"].astype(float).mean()
    assert f"Customers who never complained left at {pct(baseline)}" in text_of(guides["04"])


# ---------------------------------------------------------------- notebook 05
def test_05_criteria_and_activities_are_those_the_lesson_saves(guides: dict) -> None:
    from csmlib.lessons import people as lesson
    from csmlib.ui.grow import CRITERIA, ConflictScenario, GrowPlan, OneToOnePlan

    by_item = {m.item: set(m.criteria) for m in guides["05"].model_answers}
    assert by_item["05-reaction"] == set(lesson.reaction_answer.criteria)
    assert by_item["05-reflection"] == set(lesson.reflection().criteria)
    assert by_item["05-people-plan"] == {c for p in lesson.PeoplePlan.PARTS for c in p.criteria}
    assert by_item["05-one-to-one"] == {c for p in OneToOnePlan.PARTS for c in p.criteria}
    assert by_item["05-grow-plan"] == set(CRITERIA)
    assert by_item["05-conflict-*"] == set(ConflictScenario.CRITERIA)
    assert (GrowPlan.ACTIVITY, OneToOnePlan.ACTIVITY, ConflictScenario.ACTIVITY_PREFIX) == (
        "05-grow-plan", "05-one-to-one", "05-conflict-")
    assert lesson.PeoplePlan.ACTIVITY == "05-people-plan"


def test_artefact_activities_match_the_items() -> None:
    from csmlib.lessons import complaints, performance

    assert performance.PerformanceReport.ACTIVITY == "03-performance-report"
    assert complaints.ComplaintReview.ACTIVITY == "04-complaint-review"
    assert performance.actions_answer.id == "03-actions"
    assert complaints.learning_answer.id == "04-learning"


def test_05_figures_match_an_independent_computation(guides: dict, facts: Facts) -> None:
    text = text_of(guides["05"])
    # the best-liked course and its mean reaction score
    training = facts.table("training")
    scores = training.groupby("course")["reaction_score"].mean()
    assert f"Best liked: {scores.idxmax()} ({scores.max():.1f} of 5)" in text
    # interviewers within one point of each other, over every competency
    candidates = facts.table("candidates")
    pairs = [(candidates[f"interviewer_1_{c}"], candidates[f"interviewer_2_{c}"])
             for c in ("empathy", "ownership", "communication", "problem_solving",
                       "resilience")]
    close = pd.concat([(a.astype(float) - b.astype(float)).abs() <= 1 for a, b in pairs])
    assert f"agree within one point {pct(100 * close.mean())} of the time" in text


def test_05_grow_agent_is_the_lowest_qa_average(guides: dict, facts: Facts) -> None:
    qa = facts.table("qa_evaluations")
    items = [c for c in qa.columns if c.endswith("_score") and c != "total_score"]
    # an agent's average of their item means, as the coaching list sorts agents
    per_agent = qa.groupby("agent_id")[items].mean().mean(axis=1)
    lowest = per_agent.idxmin()
    evaluations = int((qa["agent_id"] == lowest).sum())
    grow = next(m for m in guides["05"].model_answers if m.item == "05-grow-plan")
    assert f"A model plan is for {lowest} " in grow.answer
    assert f"over {evaluations} evaluations" in grow.answer
