"""The GROW plan builder, the conflict scenario widget and the one-to-one form (criterion
4.3): driven by setting values and clicking, saving to a temporary portfolio."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from csmlib.course import team_scenarios as ts
from csmlib.course.deescalation import all_paths, walk
from csmlib.course.portfolio import Portfolio
from csmlib.ui.grow import ConflictScenario, GrowPlan, OneToOnePlan, _parse_date
from csmlib.ui.tables import Table, format_value, table

AGENTS = [("Agent A01 (North)", "A01"), ("Agent B07 (South)", "B07")]
SCORES = {"A01": (2.4, 4.6), "B07": (4.1, 3.3)}

GOAL = ("Lift my empathy score from the QA form to the team's level within six weeks, so "
        "that upset customers feel heard before I explain the bill.")
WILL = ("I will listen to two of my recorded calls each week with my buddy, use the "
        "customer's own words first, and we will review my next four QA evaluations.")


def plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def reality(agent_id: str) -> Table:
    empathy, accuracy = SCORES[agent_id]
    frame = pd.DataFrame({"item": ["Empathy", "Accuracy"], "agent": [empathy, accuracy],
                          "team": [3.6, 3.9]})
    return table(frame, {"item": "QA item", "agent": ("Agent (1–5)", "number"),
                         "team": ("Team (1–5)", "number")})


@pytest.fixture
def plan(tmp_path: Path) -> GrowPlan:
    return GrowPlan(AGENTS, reality, portfolio=Portfolio(tmp_path / "p.sqlite"))


def _fill(plan: GrowPlan, when: date | None = None) -> date:
    when = when or date.today() + timedelta(days=28)
    plan.controls["goal"].value = GOAL
    plan.controls["reality"].value = "Empathy is the lowest item; accuracy is strong."
    plan.controls["options"].value = "Buddy with Sam; listen to calls; a short course."
    plan.controls["will"].value = WILL
    plan.controls["review"].value = format_value(when, "date")
    return when


def test_the_first_agent_s_reality_shows_and_switching_updates_it(plan: GrowPlan) -> None:
    shown = plain(plan.result.value)
    assert "Agent A01 (North)" in shown and "2.4" in shown and "4.1" not in shown
    assert plan.message.value == "" and plan.status.value == "Not saved yet."
    plan.controls["agent"].value = "B07"
    shown = plain(plan.result.value)
    assert "Agent B07 (South)" in shown and "4.1" in shown and "2.4" not in shown
    plan.controls["agent"].value = "A01"
    assert "2.4" in plain(plan.result.value)


def test_each_box_shows_its_grow_prompts_and_counts_words(plan: GrowPlan) -> None:
    from csmlib.course.competencies import grow_stage
    for key in ("goal", "reality", "options", "will"):
        caption = plain(plan.captions[key].value)
        assert grow_stage(key).prompts[0] in caption
    plan.controls["goal"].value = "Three words here"
    assert "3 of 15 words" in plain(plan.captions["goal"].value)
    plan.controls["goal"].value = GOAL
    assert "✔" in plan.captions["goal"].value


def test_saving_stores_the_plan_as_evidence_for_4_3(plan: GrowPlan, tmp_path: Path) -> None:
    plan.controls["agent"].value = "B07"
    when = _fill(plan)
    plan.controls["save"].click()
    assert plan.message.value == ""
    assert "Saved" in plan.status.value and "4.3" in plan.status.value
    (entry,) = Portfolio(tmp_path / "p.sqlite").entries()
    assert entry.activity == "05-grow-plan" and entry.notebook == "05"
    assert entry.evidenced == ["4.3"]
    assert entry.title == "GROW coaching plan: Agent B07 (South)"
    texts = {part.key: part.text for part in entry.parts}
    assert texts["goal"] == GOAL
    assert texts["will"].startswith(WILL)
    assert format_value(when, "date") in texts["will"]
    # the Reality table supports the plan; it is not evidence on its own
    assert entry.table is not None and "4.1" in entry.table.to_string()
    # saving again replaces; a new widget loads the plan back, agent included
    plan.controls["save"].click()
    assert len(plan.portfolio.entries()) == 1
    again = GrowPlan(AGENTS, reality, portfolio=Portfolio(tmp_path / "p.sqlite"))
    assert again.controls["agent"].value == "B07"
    assert again.controls["goal"].value == GOAL and again.controls["will"].value == WILL
    assert again.controls["review"].value == format_value(when, "date")
    assert again.status.value.startswith("Saved")


def test_only_the_learner_s_writing_counts(plan: GrowPlan) -> None:
    _fill(plan)
    plan.controls["options"].value = ""
    entry = plan.save()
    parts = {part.key: part for part in entry.parts}
    assert parts["goal"].counts and parts["will"].counts and not parts["options"].counts


@pytest.mark.parametrize(("change", "message"), [
    ({"goal": "Be nicer."}, "Goal has 2 words"),
    ({"will": ""}, "Will has 0 words"),
    ({"goal": "Short.", "will": "Also short."}, "Goal has 1 and Will has 2 words"),
    ({"review": ""}, "Add a review date"),
    ({"review": "next week"}, "is not a date"),
    ({"review": format_value(date.today() - timedelta(days=1), "date")}, "has passed"),
])
def test_saving_refuses_with_a_message(plan: GrowPlan, change: dict[str, str],
                                       message: str) -> None:
    _fill(plan)
    for key, value in change.items():
        plan.controls[key].value = value
    plan.controls["save"].click()  # a message, never a traceback
    assert message in plain(plan.message.value)
    assert plan.portfolio.entries() == [] and plan.status.value == "Not saved yet."


def test_a_review_date_today_is_accepted_in_several_formats() -> None:
    today = date.today()
    assert _parse_date(today.isoformat()) == today
    assert _parse_date(today.strftime("%d/%m/%Y")) == today
    assert _parse_date(format_value(today, "date")) == today


def test_the_static_part_gives_the_prompts_and_the_first_agent_s_table(
        plan: GrowPlan) -> None:
    plan.controls["agent"].value = "B07"
    static = plain(plan.static_html())
    for word in ("Goal", "Reality", "Options", "Will", "Whitmore"):
        assert word in static
    assert "Agent A01 (North)" in static and "2.4" in static
    assert "4.3" in plain(plan.intro_html())


def test_moving_the_controls_and_back_gives_the_start_again(plan: GrowPlan) -> None:
    start = plan.result.value
    plan.controls["agent"].value = "B07"
    plan.controls["goal"].value = "A short note."
    plan.controls["agent"].value = "A01"
    plan.controls["goal"].value = ""
    assert plan.result.value == start and plan.message.value == ""


def test_bad_arguments_are_refused_clearly(tmp_path: Path) -> None:
    folio = Portfolio(tmp_path / "p.sqlite")
    with pytest.raises(ValueError, match="agents is empty"):
        GrowPlan([], reality, portfolio=folio)
    with pytest.raises(ValueError, match="pairs"):
        GrowPlan(["A01"], reality, portfolio=folio)  # type: ignore[list-item]
    with pytest.raises(ValueError, match="appear once"):
        GrowPlan([("A", "A01"), ("B", "A01")], reality, portfolio=folio)
    with pytest.raises(ValueError, match="reality must be a function"):
        GrowPlan(AGENTS, "table", portfolio=folio)  # type: ignore[arg-type]


def test_a_broken_reality_shows_a_message_and_fails_under_strict_mode(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(agent_id: str) -> Table:
        if agent_id == "B07":
            raise KeyError(agent_id)
        return reality(agent_id)

    plan = GrowPlan(AGENTS, broken, portfolio=Portfolio(tmp_path / "p.sqlite"))
    with pytest.raises(KeyError):  # strict mode (conftest): a broken widget fails the tests
        plan.controls["agent"].value = "B07"
    assert "Something went wrong" in plan.message.value
    monkeypatch.setenv("CSMLIB_STRICT", "0")
    plan.controls["agent"].value = "A01"
    assert plan.message.value == ""
    plan.controls["agent"].value = "B07"  # learners see a message, never a traceback
    assert "Something went wrong" in plan.message.value
    not_a_table = GrowPlan(AGENTS, lambda agent_id: "text",  # type: ignore[arg-type,return-value]
                           portfolio=Portfolio(tmp_path / "q.sqlite"))
    assert "must return a kit Table" in plain(not_a_table.message.value)


# ---------------------------------------------------------------- conflict scenario


@pytest.fixture
def conflict(tmp_path: Path) -> ConflictScenario:
    return ConflictScenario(portfolio=Portfolio(tmp_path / "p.sqlite"))


def test_the_conflict_plays_with_the_agents_as_speakers(conflict: ConflictScenario) -> None:
    start = ts.CALLBACKS.start
    shown = plain(conflict.result.value)
    assert f"{start.speaker}:" in shown and start.customer in shown and "Customer:" not in shown
    intro = plain(conflict.intro_html())
    for step in ts.STEPS:
        assert step.capitalize() in intro
    assert "four steps" in intro and "harder to settle" in intro
    poor = next(i for i, c in enumerate(start.choices) if c.points == 0)
    conflict.reply_buttons[poor].click()
    nxt = ts.CALLBACKS.turn(start.choices[poor].next)
    assert f"{nxt.speaker}:" in plain(conflict.result.value)
    assert "Source:" in plain(conflict.static_html())


def test_the_conflict_saves_its_path_as_evidence_for_4_3(conflict: ConflictScenario,
                                                        tmp_path: Path) -> None:
    choices = all_paths(conflict.scenario)[-1]
    for index in choices:
        conflict.choose(index)
    reflection = ("I judged the situation before I had heard Tom, and the conflict spread to "
                  "the huddle. Next time I will hear both agents privately first, talk about "
                  "behaviour and its impact, and agree ground rules with them.")
    conflict.controls["reflection"].value = reflection
    conflict.controls["save"].click()
    assert conflict.message.value == ""
    (entry,) = Portfolio(tmp_path / "p.sqlite").entries()
    assert entry.activity == "05-conflict-callbacks" and entry.notebook == "05"
    assert entry.evidenced == ["4.3"]
    assert entry.title.startswith("Handling a conflict in the team")
    assert entry.support_text == walk(ts.CALLBACKS, choices).summary()
    assert "Team conflict scenario" in entry.support_text


# ----------------------------------------------------------------------- one-to-one


def test_the_one_to_one_saves_its_sections_with_the_scorecard(tmp_path: Path) -> None:
    form = OneToOnePlan(reality("A01"), portfolio=Portfolio(tmp_path / "p.sqlite"))
    assert [p.key for p in form.PARTS] == [s.key for s in ts.ONE_TO_ONE]
    with pytest.raises(ValueError, match="Gaps, with evidence"):
        form.save()
    form.controls["gaps"].value = ("Empathy is 2.4 against the team's 3.6 over the last six "
                                   "QA evaluations.")
    form.controls["actions"].value = ("Listen back to two calls a week with a buddy and use "
                                      "the customer's own words first.")
    entry = form.save()
    assert entry.evidenced == ["4.3"] and entry.activity == "05-one-to-one"
    assert entry.table is not None
    assert "Strengths" in plain(form.static_html()) and "2.4" in plain(form.static_html())
