"""The project plan (criterion 6.5): the check finds each problem, reading typed dates, the
critical path, the example plan, the timeline, and the builder widget (add, remove, check,
save refusal, save, reload)."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from csmlib.analysis import project_plan as pp
from csmlib.course.portfolio import Portfolio
from csmlib.ui.project_plan import ProjectPlanBuilder, plan_tables, timeline_figure

START = date(2027, 1, 4)
WORDS = ("I will run a fifteen-minute huddle with the team leaders every Monday, report the "
         "milestones to the operations manager each fortnight, and share each team's chart "
         "in the team meeting.")


def plan(**changes: dict[int, dict[str, object]]) -> pd.DataFrame:
    """A small sound plan; ``rows={index: {column: value}}`` changes cells."""
    frame = pd.DataFrame([
        {"task": "Baseline", "owner": "Quality lead", "start": "2027-01-04",
         "end": "2027-01-15", "milestone": False, "measure": "", "depends_on": "",
         "risk": "", "mitigation": ""},
        {"task": "Pilot", "owner": "Team leader, Birch", "start": "2027-01-18",
         "end": "2027-02-26", "milestone": False, "measure": "", "depends_on": "Baseline",
         "risk": "Agents forget", "mitigation": "Prompt on the screen"},
        {"task": "Review", "owner": "Operations manager", "start": "2027-03-01",
         "end": "2027-03-01", "milestone": True, "measure": "Special cause on the chart",
         "depends_on": "Pilot", "risk": "", "mitigation": ""},
    ])
    for index, cells in changes.get("rows", {}).items():
        for column, value in cells.items():
            frame.loc[index, column] = value
    return frame


def messages(frame: pd.DataFrame) -> list[str]:
    return [str(p) for p in pp.check_plan(frame)]


# ------------------------------------------------------------------ the check
def test_a_sound_plan_and_the_example_plan_have_no_problems() -> None:
    assert pp.check_plan(plan()) == []
    example = pp.example_plan(START)
    assert pp.check_plan(example) == []
    assert example["milestone"].sum() >= 3 and (example["risk"] != "").sum() >= 2
    assert (example.loc[example["milestone"], "measure"] != "").all()


def test_a_task_without_a_name() -> None:
    found = messages(plan(rows={0: {"task": "  "}}))
    assert any(m.startswith('Row 1, "task": the task has no name') for m in found)


def test_duplicate_task_names_are_found_whatever_the_case() -> None:
    found = messages(plan(rows={2: {"task": "baseline", "depends_on": "Pilot"}}))
    assert any(m.startswith('Row 3 (baseline), "task": the same name as row 1') for m in found)


def test_a_task_without_an_owner() -> None:
    assert messages(plan(rows={1: {"owner": ""}})) == [
        'Row 2 (Pilot), "owner": no owner: say who is accountable for this task.']


def test_end_before_start() -> None:
    found = messages(plan(rows={0: {"end": "2027-01-01"}}))
    assert found == ['Row 1 (Baseline), "end": ends on 1 Jan 2027, before it starts on '
                     '4 Jan 2027.']


def test_a_milestone_without_a_measure() -> None:
    assert messages(plan(rows={2: {"measure": " "}})) == [
        'Row 3 (Review), "measure": a milestone needs a measure: how will you know it is met?']


def test_a_dependency_on_a_task_that_does_not_exist() -> None:
    found = messages(plan(rows={2: {"depends_on": "Pilot, Traning"}}))
    assert found == ['Row 3 (Review), "depends on": no task called "Traning" in the plan: '
                     "check the spelling, or add that task."]


def test_a_task_starting_before_a_task_it_depends_on_ends() -> None:
    found = messages(plan(rows={1: {"start": "2027-01-14"}}))
    assert found == ['Row 2 (Pilot), "start": starts on 14 Jan 2027, before "Baseline" ends '
                     "on 15 Jan 2027."]
    # the day the dependency ends is allowed
    assert messages(plan(rows={1: {"start": "2027-01-15"}})) == []


def test_a_dependency_cycle_and_a_task_depending_on_itself() -> None:
    looped = plan(rows={0: {"depends_on": "Review"}})
    found = [m for m in messages(looped) if "circle" in m]
    assert len(found) == 1 and '"Baseline"' in found[0] and '"Review"' in found[0]
    assert any("depends on itself" in m for m in messages(plan(rows={0: {"depends_on":
                                                                         "Baseline"}})))


def test_a_plan_with_no_milestone_and_an_empty_plan() -> None:
    found = messages(plan(rows={2: {"milestone": False}}))
    assert found == ["The plan has no milestone: mark at least one checkpoint (with its "
                     "measure) where you will check progress."]
    assert "no tasks" in messages(pp.empty_plan())[0]


def test_a_risk_without_a_mitigation() -> None:
    assert messages(plan(rows={1: {"mitigation": ""}})) == [
        'Row 2 (Pilot), "mitigation": a risk with no mitigation: say what you will do to '
        "reduce it or what you will do if it happens."]


def test_a_table_that_is_not_a_plan_raises_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no column owner"):
        pp.check_plan(pd.DataFrame({"task": ["a"]}))
    with pytest.raises(ValueError, match="DataFrame"):
        pp.check_plan([{"task": "a"}])  # type: ignore[arg-type]


# ----------------------------------------------------------------- typed dates
@pytest.mark.parametrize("typed", ["2027-01-15", "15/01/2027", "15 Jan 2027", "15 january 2027",
                                   "15-01-2027", "15/01/27"])
def test_dates_typed_several_ways(typed: str) -> None:
    assert pp.parse_date(typed) == date(2027, 1, 15)


def test_bad_dates_become_problems_naming_the_row_and_column_never_a_traceback() -> None:
    rows = plan().to_dict("records")
    rows[1]["start"] = "next Tuesday"
    rows[2]["end"] = "31/02/2027"
    rows.append({"task": "", "owner": "", "start": "", "end": ""})  # a blank row is skipped
    frame, problems = pp.parse_plan(rows, skip_blank=True)
    assert len(frame) == 3
    assert [str(p) for p in problems] == [
        "Row 2 (Pilot), \"start\": 'next Tuesday' is not a date: type one such as 15 Jan 2027 "
        "or 15/01/2027.",
        "Row 3 (Review), \"end\": '31/02/2027' is not a date: type one such as 15 Jan 2027 or "
        "15/01/2027."]
    assert frame.loc[1, "start"] is None and frame.loc[0, "end"] == date(2027, 1, 15)
    # the check of the parsed plan names them too, and does not raise
    assert any('"start"' in str(p) for p in pp.check_plan(frame))
    kept, problems = pp.parse_plan(rows)  # by default a blank row stays, to be named
    assert len(kept) == 4 and [p.row for p in problems][-2:] == [4, 4]


def test_parse_plan_rejects_unknown_columns() -> None:
    with pytest.raises(ValueError, match="unknown column"):
        pp.parse_plan([{"task": "a", "colour": "red"}])


def test_critical_path_follows_the_longest_chain() -> None:
    example = pp.example_plan(START)
    path = pp.critical_path(example)
    assert path[0] == "Measure the baseline" and path[-1] == "Hand over to business as usual"
    assert "Plan cover for training" not in path  # it has slack before the roll-out
    assert "Train team leaders" in path
    with pytest.raises(ValueError, match="fix the plan first"):
        pp.critical_path(plan(rows={0: {"depends_on": "Review"}}))


def test_example_plan_starts_on_the_monday_of_its_week() -> None:
    assert pp.example_plan(date(2027, 1, 7)).loc[0, "start"] == date(2027, 1, 4)
    assert pp.example_plan(date(2027, 1, 7))["end"].max() > date(2027, 4, 1)


# --------------------------------------------------------------- the timeline
def test_timeline_has_a_bar_per_task_milestones_and_arrows() -> None:
    example = pp.example_plan(START)
    fig = timeline_figure(example)
    owners = set(example["owner"])
    bars = [t for t in fig.data if t.type == "bar"]
    assert {t.name for t in bars} == owners
    drawn = sum(len([y for y in t.y if y is not None]) for t in bars)
    one_day_milestones = int((example["milestone"] & (example["start"] == example["end"])).sum())
    assert drawn == len(example) - one_day_milestones
    diamonds = next(t for t in fig.data if t.name == "Milestone (checkpoint)")
    assert len(diamonds.x) == int(example["milestone"].sum()) and diamonds.marker.symbol == \
        "diamond"
    edges = sum(len(v) for v in pp.dependencies(example).values())
    assert len(fig.layout.annotations) == edges
    assert fig.layout.xaxis.title.text == "Date" and list(fig.layout.yaxis.ticktext)[0] == \
        "1. Measure the baseline"


def test_a_task_starting_too_early_gets_a_vermillion_arrow_and_a_legend_entry() -> None:
    sound = timeline_figure(plan())
    assert {a.arrowcolor for a in sound.layout.annotations} == {"#6b6b6b"}
    assert "Arrow: starts too early" not in [t.name for t in sound.data]
    early = timeline_figure(plan(rows={1: {"start": "2027-01-10"}}))
    assert [a.arrowcolor for a in early.layout.annotations] == ["#D55E00", "#6b6b6b"]
    assert "Arrow: starts too early" in [t.name for t in early.data]


def test_plan_tables_show_tasks_and_risks() -> None:
    tasks, risks = plan_tables(plan())
    assert tasks.rows()[2][5] == "Yes" and risks is not None and len(risks.rows()) == 1
    assert plan_tables(plan(rows={1: {"risk": "", "mitigation": ""}}))[1] is None


# ------------------------------------------------------------------ the widget
@pytest.fixture
def builder(tmp_path: Path) -> ProjectPlanBuilder:
    return ProjectPlanBuilder(start=START, portfolio=Portfolio(tmp_path / "p.sqlite"))


def test_builder_starts_with_the_example_plan_and_no_problems(
        builder: ProjectPlanBuilder) -> None:
    assert len(builder.rows) == len(pp.example_plan(START))
    assert "No problems found" in builder.result.value
    assert len(builder.figure.data) > 0 and builder.message.value == ""
    assert "The starter plan" in builder.static_html()


def test_add_and_remove_tasks(builder: ProjectPlanBuilder) -> None:
    count = len(builder.rows)
    builder.controls["add"].click()
    assert len(builder.rows) == count + 1 and len(builder.rows_box.children) == count + 1
    builder.controls["check"].click()
    assert "no name" in builder.result.value and "no owner" in builder.result.value
    builder.controls["remove"].click()
    builder.controls["remove"].click()
    assert len(builder.rows) == count - 1


def test_removing_every_task_gives_a_message_not_a_traceback(
        builder: ProjectPlanBuilder) -> None:
    for _ in range(len(builder.rows) + 1):
        builder.controls["remove"].click()
    assert "no task to remove" in builder.message.value
    builder.controls["check"].click()
    assert "no tasks" in builder.result.value


def test_save_is_refused_while_problems_remain_then_succeeds_and_reloads(
        tmp_path: Path) -> None:
    portfolio = Portfolio(tmp_path / "p.sqlite")
    builder = ProjectPlanBuilder(start=START, portfolio=portfolio)
    builder.controls["coordinate"].value = WORDS
    builder.rows[1].inputs["owner"].value = ""
    builder.rows[2].inputs["end"].value = "soon"
    builder.controls["save"].click()
    assert "Not saved: fix the plan first" in builder.message.value
    shown = html.unescape(builder.message.value)
    assert "no owner" in shown and "'soon' is not a date" in shown and ".." not in shown
    assert portfolio.get(ProjectPlanBuilder.ACTIVITY) is None
    builder.rows[1].inputs["owner"].value = "Team leader, Birch"
    builder.rows[2].inputs["end"].value = builder.rows[2].inputs["start"].value
    builder.controls["coordinate"].value = "Too short."
    builder.controls["save"].click()
    assert "has 2 words" in builder.message.value
    builder.controls["coordinate"].value = WORDS
    builder.rows[0].inputs["task"].value = "Measure where we start"
    builder.rows[1].inputs["depends_on"].value = "Measure where we start"
    builder.rows[4].inputs["depends_on"].value = "Measure where we start"
    builder.controls["save"].click()
    assert builder.message.value == "" and "✔ Saved" in builder.status.value
    entry = portfolio.get(ProjectPlanBuilder.ACTIVITY)
    assert entry is not None and entry.evidenced == ["6.5"] and entry.notebook == "06"
    assert entry.figure is not None and len(entry.table) == len(builder.rows)
    again = ProjectPlanBuilder(start=START, portfolio=portfolio)
    assert again.rows[0].inputs["task"].value == "Measure where we start"
    assert again.controls["coordinate"].value == WORDS
    assert "Saved" in again.status.value and "No problems found" in again.result.value


def test_a_given_plan_is_used_and_problems_show(tmp_path: Path) -> None:
    builder = ProjectPlanBuilder(plan(rows={2: {"measure": ""}}), start=START,
                                 portfolio=Portfolio(tmp_path / "p.sqlite"))
    assert len(builder.rows) == 3
    assert "needs a measure" in builder.result.value and "✘" in builder.result.value
