"""The goal → objective → KPI tree (criterion 1.1): the goals and their KPIs exist in the
catalogue, the check finds each problem, the starter tree passes, the balance, the chart
holds every goal, objective and KPI, and the builder widget (add, remove, check, save
refusal, save, reload)."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import pytest

from csmlib.analysis import kpi_tree as kt
from csmlib.analysis.kpis import KPI_CATALOGUE, PERSPECTIVES
from csmlib.course import strategy
from csmlib.course.portfolio import Portfolio
from csmlib.ui.kpi_tree import KpiTreeBuilder, balance_table, tree_figure, tree_table

NAMES = {entry.name for entry in KPI_CATALOGUE}
WORDS = ("Customers leave when they have to chase us, so first contact resolution and effort "
         "come first; cost per contact keeps us honest about money, and QA and attrition show "
         "whether our people can deliver.")


def tree(**changes: dict[int, dict[str, str]]) -> pd.DataFrame:
    """A small sound tree, one KPI per perspective; ``rows={index: {column: value}}``."""
    frame = pd.DataFrame([
        {"goal": "Keep customers", "objective": "Resolve first time",
         "kpi": "FCR (first contact resolution)", "target": "≥ 75%"},
        {"goal": "Cut cost", "objective": "Fewer repeat contacts",
         "kpi": "Cost per contact handled", "target": "≤ £5"},
        {"goal": "Keep customers", "objective": "Answer quickly",
         "kpi": "Service level: phone, answered in 20 s", "target": "≥ 80%"},
        {"goal": "Meet our duties", "objective": "Accurate advice", "kpi": "QA score",
         "target": "≥ 75"},
    ], dtype=object)
    for index, cells in changes.get("rows", {}).items():
        for column, value in cells.items():
            frame.loc[index, column] = value
    return frame


def messages(frame: pd.DataFrame) -> list[str]:
    return [str(p) for p in kt.check_tree(frame)]


# ------------------------------------------------------------------ the course material
def test_every_goal_has_objectives_whose_kpis_are_in_the_catalogue() -> None:
    assert 4 <= len(strategy.GOALS) <= 5
    for goal in strategy.GOALS:
        assert 2 <= len(goal.objectives) <= 3, goal.name
        assert len(goal.why.split()) >= 10, goal.name
        for objective in goal.objectives:
            assert objective.kpis, objective.text
            assert set(objective.kpis) <= NAMES, set(objective.kpis) - NAMES


def test_the_starter_tree_comes_from_the_goals_passes_and_is_balanced() -> None:
    starter = strategy.starter_tree()
    assert kt.check_tree(starter) == []
    assert set(starter["goal"]) == set(strategy.goal_names())
    menu = {(g.name, o.text, k) for g in strategy.GOALS for o in g.objectives for k in o.kpis}
    assert set(strategy.STARTER) <= menu
    catalogue = kt.catalogue()
    for record in starter.to_dict("records"):
        assert record["target"] == catalogue[record["kpi"]].target_text()
        assert record["perspective"] == catalogue[record["kpi"]].perspective
    counts = kt.balance(starter)
    assert (counts["kpis"] > 0).all() and counts["share"].max() <= kt.MAX_SHARE
    starter.loc[0, "goal"] = "Changed"
    assert strategy.starter_tree().loc[0, "goal"] != "Changed"  # a fresh copy each time


def test_goal_lookup_and_objectives() -> None:
    assert strategy.goal("  keep OUR customers").name == "Keep our customers"
    with pytest.raises(ValueError, match="no goal called"):
        strategy.goal("Win awards")
    assert strategy.objectives_of("Win awards") == []
    assert kt.check_tree(strategy.goals_frame()) == []


# ------------------------------------------------------------------ the check
def test_a_sound_tree_has_no_problems() -> None:
    assert kt.check_tree(tree()) == []


def test_a_kpi_not_in_the_catalogue_gets_a_suggestion() -> None:
    found = messages(tree(rows={0: {"kpi": "First contact resolution"}}))
    assert len(found) >= 1
    assert found[0].startswith('Row 1 (First contact resolution), "KPI": "First contact '
                               "resolution\" is not in the course's KPI catalogue")
    assert "did you mean" in found[0]
    assert any("No customer KPI" in m for m in found)  # it no longer counts as customer


def test_a_kpi_name_in_other_capitals_is_accepted_and_written_as_the_catalogue_does() -> None:
    frame = tree(rows={3: {"kpi": "qa SCORE"}})
    assert kt.check_tree(frame) == []
    assert kt.normalise(frame).loc[3, "kpi"] == "QA score"


def test_a_kpi_that_serves_no_goal_or_no_objective() -> None:
    assert messages(tree(rows={3: {"goal": ""}})) == [
        'Row 4 (QA score), "goal": no goal: say which goal this KPI serves.']
    assert messages(tree(rows={3: {"objective": ""}})) == [
        'Row 4 (QA score), "objective": no objective: say which service objective this KPI '
        "measures."]


def test_a_goal_with_no_kpi_and_an_objective_with_no_kpi() -> None:
    frame = pd.concat([tree(), pd.DataFrame([
        {"goal": "Grow revenue", "objective": "Sell more", "kpi": "", "target": ""},
        {"goal": "Grow revenue", "objective": "", "kpi": "", "target": ""},
        {"goal": "Keep customers", "objective": "Be kind", "kpi": "", "target": ""}])],
        ignore_index=True)
    found = messages(frame)
    assert found == [
        'Row 5 (Grow revenue), "KPI": the goal "Grow revenue" has no KPI: add a row with a '
        "KPI that measures it.",
        'Row 7 (Be kind), "KPI": the objective "Be kind" has no KPI: add the KPI that '
        "measures it."]


def test_a_kpi_with_no_target() -> None:
    assert messages(tree(rows={1: {"target": "  "}})) == [
        'Row 2 (Cost per contact handled), "target": no target: write one, e.g. the '
        "catalogue's ≤ £5.58."]


def test_a_number_target_is_kept_as_text() -> None:
    frame = tree(rows={3: {"target": 80}})
    assert kt.check_tree(frame) == [] and kt.normalise(frame).loc[3, "target"] == "80"


def test_duplicate_rows_whatever_the_case_and_spaces() -> None:
    frame = pd.concat([tree(), tree().iloc[[2]].assign(goal=" keep  CUSTOMERS")],
                      ignore_index=True)
    assert messages(frame) == [
        'Row 5 (Service level: phone, answered in 20 s): the same goal, objective and KPI as '
        "row 3: remove one."]


def test_the_same_kpi_may_measure_two_objectives_and_counts_once() -> None:
    frame = pd.concat([tree(), tree().iloc[[0]].assign(objective="Fewer complaints")],
                      ignore_index=True)
    assert kt.check_tree(frame) == []
    assert kt.balance(frame).set_index("perspective")["kpis"]["customer"] == 1


@pytest.mark.parametrize("missing", PERSPECTIVES)
def test_a_perspective_with_no_kpi_is_unbalanced(missing: str) -> None:
    frame = tree()
    keep = kt.normalise(frame)["perspective"] != missing
    found = messages(frame[keep.to_numpy()])
    assert found == [next(m for m in found if m.startswith(f"No {missing} KPI"))]
    assert "the scorecard is unbalanced" in found[0]


def test_too_many_kpis_in_one_perspective_is_unbalanced() -> None:
    customer = [e.name for e in KPI_CATALOGUE if e.perspective == "customer"]
    extra = pd.DataFrame({"goal": "Keep customers", "objective": "Delight",
                          "kpi": customer, "target": "≥ 1"})
    frame = pd.concat([tree(), extra], ignore_index=True)
    counts = kt.balance(frame).set_index("perspective")["kpis"]
    total = int(counts.sum())
    share = counts["customer"] / total
    assert share > kt.MAX_SHARE  # computed, so the test follows the catalogue
    found = messages(frame)
    assert found == [f"{counts['customer']} of the {total} KPIs ({share:.0%}) are customer "
                     "measures, more than 60%: the scorecard is unbalanced; measure the "
                     "other perspectives too."]
    assert kt.check_tree(frame, max_share=1.0) == []


def test_empty_rows_empty_trees_and_stray_targets() -> None:
    blank = pd.DataFrame([{"goal": "", "objective": "", "kpi": "", "target": ""}])
    assert messages(pd.concat([tree(), blank], ignore_index=True)) == [
        "Row 5: an empty row: fill it in or remove it."]
    stray = blank.assign(target="≥ 5")
    assert messages(pd.concat([tree(), stray], ignore_index=True)) == [
        'Row 5, "KPI": a target with no KPI: pick the KPI it is for, or remove the row.']
    assert "The tree is empty" in messages(kt.empty_tree())[0]
    assert "no KPI from the catalogue yet" in messages(blank.assign(goal="Grow"))[-1]


def test_bad_input_gets_a_value_error_naming_the_column() -> None:
    with pytest.raises(ValueError, match="the column 'kpi' is missing"):
        kt.check_tree(tree().drop(columns="kpi"))
    with pytest.raises(ValueError, match="pandas DataFrame"):
        kt.check_tree([{"goal": "a"}])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at most 60"):
        kt.check_tree(pd.concat([tree()] * 16, ignore_index=True))
    with pytest.raises(ValueError, match="max_share"):
        kt.check_tree(tree(), max_share=0.1)
    with pytest.raises(ValueError, match="problems must be"):
        kt.summary("none")  # type: ignore[arg-type]


def test_balance_and_summary_count_the_tree() -> None:
    counts = kt.balance(tree())
    assert counts["perspective"].tolist() == list(PERSPECTIVES)
    assert counts["kpis"].tolist() == [1, 1, 1, 1]
    assert counts["share"].sum() == pytest.approx(1.0)
    text = kt.summary([], tree())
    assert "3 goals, 4 objectives and 4 different KPIs" in text
    assert kt.summary([kt.Problem(1, "KPI", "x"), kt.Problem(None, "", "y")]).startswith(
        "2 problems")


# ------------------------------------------------------------------ the chart and tables
def test_the_chart_has_every_goal_objective_and_kpi_and_a_legend_per_perspective() -> None:
    starter = strategy.starter_tree()
    fig = tree_figure(starter)
    hover = {t.name: list(t.hovertext) for t in fig.data if t.name in
             ("Goals", "Objectives", "KPIs")}
    assert hover["Goals"] == list(dict.fromkeys(starter["goal"]))
    assert set(hover["Objectives"]) == set(starter["objective"])
    assert len(hover["Objectives"]) == len(starter[["goal", "objective"]].drop_duplicates())
    assert [h.split(" (target")[0] for h in hover["KPIs"]] == starter["kpi"].tolist()
    counts = kt.balance(starter).set_index("perspective")["kpis"]
    legend = [t.name for t in fig.data if t.showlegend]
    assert legend == [f"{p.capitalize()} ({counts[p]} KPI{'s' if counts[p] != 1 else ''})"
                      for p in PERSPECTIVES]
    kpi_text = next(t for t in fig.data if t.name == "KPIs").text
    for text, perspective in zip(kpi_text, starter["perspective"], strict=True):
        assert perspective.capitalize() in text  # the perspective in words, not only colour
    assert len(fig.layout.shapes) == (len(hover["Goals"]) + len(hover["Objectives"])
                                      + len(starter))
    assert fig.layout.width == 900 and fig.layout.title.text


def test_the_chart_shows_gaps_and_unknown_kpis() -> None:
    frame = tree(rows={0: {"kpi": "Happiness"}, 1: {"goal": ""}})
    frame.loc[len(frame)] = ["Grow", "", "", ""]
    kpis = next(t for t in tree_figure(frame).data if t.name == "KPIs").text
    goals = next(t for t in tree_figure(frame).data if t.name == "Goals").hovertext
    assert any("Not in the catalogue" in k for k in kpis) and "(no KPI)" in kpis
    assert "(no goal)" in goals


def test_tables_show_the_tree_and_its_balance() -> None:
    starter = strategy.starter_tree()
    shown = tree_table(starter)
    assert len(shown.rows()) == len(starter) and "kpi_tree" not in shown.to_html()
    assert "Service objective" in shown.to_html()
    assert [r[0] for r in balance_table(starter).rows()] == list(PERSPECTIVES)


# ------------------------------------------------------------------ the widget
@pytest.fixture
def builder(tmp_path: Path) -> KpiTreeBuilder:
    return KpiTreeBuilder(Portfolio(tmp_path / "p.sqlite"))


def test_builder_starts_with_the_starter_tree_and_no_problems(builder: KpiTreeBuilder) -> None:
    pd.testing.assert_frame_equal(builder.tree(), strategy.starter_tree())
    assert "No problems" in builder.result.value and builder.message.value == ""
    assert builder.chart.figure is not None
    assert "The starter tree" in builder.static_html()
    assert "Its balance" in builder.static_html()


def test_add_edit_and_remove_rows(builder: KpiTreeBuilder) -> None:
    count = len(builder.rows)
    builder.buttons["add"].click()
    assert len(builder.rows) == count + 1 and len(builder.rows_box.children) == count + 1
    assert "an empty row" in builder.result.value
    new = builder.rows[-1]
    new.inputs["goal"].value = "Protect our reputation"
    assert "Answer quickly on every channel" in new.inputs["objective"].options
    new.inputs["objective"].value = "Answer quickly on every channel"
    new.inputs["kpi"].value = "Abandonment: phone"
    assert new.inputs["target"].value == kt.catalogue()["Abandonment: phone"].target_text()
    new.inputs["kpi"].value = "Social: replied within 2 hours"  # the target follows
    assert new.inputs["target"].value == kt.catalogue()[
        "Social: replied within 2 hours"].target_text()
    new.inputs["target"].value = "≥ 90%"
    new.inputs["kpi"].value = "Abandonment: phone"  # a target the learner wrote is kept
    assert new.inputs["target"].value == "≥ 90%"
    assert "No problems" in builder.result.value
    assert "last drawn" in builder.drawn.value
    builder.buttons["check"].click()
    assert builder.drawn.value == ""
    kpis = next(t for t in builder.chart.figure.data if t.name == "KPIs").hovertext
    assert len(kpis) == count + 1
    builder.rows[0].remove.click()
    assert len(builder.rows) == count and builder.rows[0].number.value == "<b>1.</b>"
    builder.remove_row(len(builder.rows))
    assert len(builder.rows) == count - 1
    with pytest.raises(ValueError, match="no row 99"):
        builder.remove_row(99)


def test_removing_a_row_the_check_needs_shows_the_problem(builder: KpiTreeBuilder) -> None:
    financial = [i for i, r in enumerate(builder.rows)
                 if kt.catalogue().get(r.inputs["kpi"].value, None) is not None
                 and kt.catalogue()[r.inputs["kpi"].value].perspective == "financial"]
    for index in reversed(financial):
        builder.rows[index].remove.click()
    assert "No financial KPI" in builder.result.value and "✘" in builder.result.value


def test_save_is_refused_while_problems_remain_then_succeeds_and_reloads(
        tmp_path: Path) -> None:
    portfolio = Portfolio(tmp_path / "p.sqlite")
    builder = KpiTreeBuilder(portfolio)
    builder.controls["why"].value = WORDS
    builder.rows[0].inputs["target"].value = ""
    builder.rows[1].inputs["goal"].value = ""
    builder.buttons["save"].click()
    shown = html.unescape(builder.message.value)
    assert "Not saved: fix the tree first" in shown and "no target" in shown
    assert "no goal" in shown and ".." not in shown
    assert portfolio.get(KpiTreeBuilder.ACTIVITY) is None
    builder.rows[0].inputs["target"].value = "≥ 80%"
    builder.rows[1].inputs["goal"].value = "Keep our customers"
    builder.controls["why"].value = "Too short."
    builder.buttons["save"].click()
    assert "has 2 words" in builder.message.value
    assert portfolio.get(KpiTreeBuilder.ACTIVITY) is None
    builder.controls["why"].value = WORDS
    builder.buttons["save"].click()
    assert builder.message.value == "" and "✔ Saved" in builder.status.value
    entry = portfolio.get(KpiTreeBuilder.ACTIVITY)
    assert entry is not None and entry.evidenced == ["1.1"] and entry.notebook == "01"
    assert entry.figure is not None and len(entry.table) == len(builder.rows)
    again = KpiTreeBuilder(Portfolio(tmp_path / "p.sqlite"))
    assert again.rows[0].inputs["target"].value == "≥ 80%"
    assert again.controls["why"].value == WORDS
    pd.testing.assert_frame_equal(again.tree(), builder.tree())
    assert "Saved" in again.status.value and "No problems" in again.result.value


def test_a_given_tree_is_used_and_its_problems_show(tmp_path: Path) -> None:
    builder = KpiTreeBuilder(Portfolio(tmp_path / "p.sqlite"),
                             tree=tree(rows={2: {"kpi": "Speed"}}))
    assert len(builder.rows) == 4
    assert "not in the course" in html.unescape(builder.result.value)
    assert "(not in the catalogue)" in str(builder.rows[2].inputs["kpi"].options)
