"""The rules an assessor relies on: only what the learner wrote is evidence, artefacts claim
only the parts actually written, one status line with human dates, and handouts without the
worked answers, their explanations or any output."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import nbformat
import pandas as pd
import plotly.graph_objects as go
import pytest

from csmlib.course.export import SUPPORT_HEADING, export_html
from csmlib.course.handout import (
    PLACEHOLDER,
    WORKED_ANSWER_TAG,
    explains_worked_answer,
    make_handout,
)
from csmlib.course.portfolio import (
    Evidence,
    Portfolio,
    PortfolioError,
    WrittenPart,
    coverage_table,
    human_date,
)
from csmlib.lessons import performance, planning
from csmlib.ui.forms import ArtefactForm, ArtefactPart, ReflectionBox

ROOT = Path(__file__).resolve().parents[1]
WORDS_15 = ("Each morning I compare yesterday's volume with the forecast and the planner and I "
            "adjust the rota.")  # 17 words
assert len(WORDS_15.split()) >= 15


def _status(coverage: pd.DataFrame, code: str) -> str:
    return coverage.set_index("code").loc[code, "status"]


# ================================================================ evidence is what was written
def test_a_table_or_chart_alone_evidences_nothing(portfolio_path: Path) -> None:
    p = Portfolio()
    p.save(criteria="5.1", title="Scorecard", table=pd.DataFrame({"kpi": ["AHT"]}))
    p.save(criteria="5.2", title="Trend", figure=go.Figure(go.Bar(y=[1])))
    (table_entry, chart_entry) = p.entries()
    assert table_entry.criteria == ["5.1"] and table_entry.evidenced == []
    assert chart_entry.not_evidenced == ["5.2"]
    coverage = p.coverage()
    assert _status(coverage, "5.1") == "gap" and _status(coverage, "5.2") == "gap"
    p.save(criteria="5.1", title="What the scorecard shows", text="AHT is over target.",
           table=pd.DataFrame({"kpi": ["AHT"]}))
    assert _status(p.coverage(), "5.1") == "evidenced"


def test_parts_claim_only_their_own_criteria_once_long_enough(portfolio_path: Path) -> None:
    entry = Portfolio().save(title="Plan", table=pd.DataFrame({"x": [1]}), parts=[
        WrittenPart("Forecast and staffing", WORDS_15, ("2.1", "2.2"), min_words=15),
        WrittenPart("Budget", "Costs rise.", ("2.5",), min_words=15),
        WrittenPart("Monitoring", "", ("2.4", "6.3"), min_words=15),
    ])
    assert entry.criteria == ["2.1", "2.2", "2.4", "2.5", "6.3"]  # what it was written for
    assert entry.evidenced == ["2.1", "2.2"]  # what the writing evidences
    (stored,) = Portfolio().entries()
    assert stored.evidenced == ["2.1", "2.2"] and [p.words for p in stored.parts] == [17, 2, 0]
    assert stored.text == f"Forecast and staffing: {WORDS_15}\n\nBudget: Costs rise."
    coverage = Portfolio().coverage()
    assert (coverage.set_index("code").loc[["2.1", "2.2"], "evidence"] == 1).all()
    assert (coverage.set_index("code").loc[["2.4", "2.5", "6.3"], "status"] == "gap").all()


def test_min_words_is_kept_with_the_entry(portfolio_path: Path) -> None:
    Portfolio().save(criteria="7.2", title="Too short", text="three words only", min_words=20)
    (entry,) = Portfolio().entries()
    assert entry.evidenced == [] and entry.parts[0].min_words == 20
    assert _status(Portfolio().coverage(), "7.2") == "gap"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"criteria": ["7.2"], "parts": [WrittenPart("A", "x", ("7.2",))]}, "not both"),
        ({"parts": []}, "at least one written part"),
        ({"parts": "words"}, "list of WrittenPart"),
        ({"parts": [WrittenPart("", "x", ("7.2",))]}, "no heading"),
        ({"parts": [WrittenPart("A", "x", ())]}, "at least one criterion"),
        ({"parts": [WrittenPart("A", "x", ("9.9",))]}, "no criterion '9.9'"),
        ({"parts": [WrittenPart("A", "x", ("7.2",)), WrittenPart("A", "y", ("7.3",))]},
         "more than one part headed 'A'"),
        ({"parts": [WrittenPart("A", "x", ("7.2",), min_words=0)]}, "min_words"),
        ({"parts": [{"heading": "A", "text": "x"}]}, "needs the keys"),
        ({"parts": [42]}, "Part 1 .* is a int"),
        ({"parts": [WrittenPart("A", "", ("7.2",))]}, "nothing in it"),
        ({"criteria": "7.2", "text": "x", "min_words": "many"}, "min_words"),
    ],
)
def test_bad_parts_are_refused_naming_what_is_wrong(portfolio_path: Path, kwargs,
                                                    message: str) -> None:
    with pytest.raises(PortfolioError, match=message):
        Portfolio().save(title="t", **kwargs)
    assert Portfolio().entries() == []


def test_parts_may_be_given_as_dicts(portfolio_path: Path) -> None:
    entry = Portfolio().save(title="t", parts=[
        {"heading": "Why", "text": "Because callers wait.", "criteria": ["5.2"], "key": "why"}])
    assert entry.evidenced == ["5.2"] and entry.parts[0].key == "why"


def test_coverage_table_counts_evidenced_not_named_criteria() -> None:
    written = Evidence(1, ["7.2"], "Reflection", "I want to learn to plan.")
    parts = Evidence(2, ["2.3", "2.5"], "Plan", "", parts=[
        WrittenPart("Standards", "Phone 80% in 20 s.", ("2.3",)),
        WrittenPart("Budget", "", ("2.5",))])
    coverage = coverage_table([written, parts]).set_index("code")
    assert coverage.loc["7.2", "evidence"] == 1 and coverage.loc["2.3", "evidence"] == 1
    assert coverage.loc["2.5", "status"] == "gap"


def test_entries_saved_by_an_older_pack_keep_their_criteria(portfolio_path: Path) -> None:
    """An older course pack saving the same activity rewrites the text but not the parts:
    the entry is then read as that pack wrote it, not with the stale parts."""
    Portfolio().save(title="Plan", activity="02-plan", parts=[
        WrittenPart("Standards", "Phone 80% in 20 seconds.", ("2.3",))])
    with sqlite3.connect(portfolio_path) as db:  # what an older pack's save does
        db.execute("""INSERT INTO evidence (activity, notebook, title, body, criteria,
                      table_json, figure_json, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                      ON CONFLICT(activity) DO UPDATE SET body=excluded.body,
                      criteria=excluded.criteria, saved_at=excluded.saved_at""",
                   ("02-plan", "02", "Plan", "Written by the old pack.", '["2.1", "2.2"]',
                    None, None, "2026-01-05T09:00:00+00:00"))
    db.close()
    (entry,) = Portfolio().entries()
    assert entry.text == "Written by the old pack."
    assert entry.evidenced == ["2.1", "2.2"] and entry.parts[0].heading == ""


def test_damaged_parts_are_reported_and_the_rest_kept(portfolio_path: Path) -> None:
    Portfolio().save(title="Plan", parts=[WrittenPart("Standards", "Phone 80%.", ("2.3",))])
    with sqlite3.connect(portfolio_path) as db:
        db.execute("UPDATE evidence SET parts_json='[{broken'")
    db.close()
    (entry,) = Portfolio().entries()
    assert "written parts" in entry.damaged
    assert entry.text == "Standards: Phone 80%." and entry.evidenced == ["2.3"]


# ========================================================================== human dates
@pytest.mark.parametrize(
    ("stored", "shown"),
    [("2026-11-26T14:05:09+00:00", "26 November 2026, 14:05"),
     ("2027-01-03T09:30:00+05:30", "3 January 2027, 09:30"),
     ("2026-06-01 23:59", "1 June 2026, 23:59")],
)
def test_human_date(stored: str, shown: str) -> None:
    assert human_date(stored) == shown


@pytest.mark.parametrize("bad", ["", "soon", None, 3.5])
def test_human_date_refuses_what_is_not_a_date(bad) -> None:
    with pytest.raises(ValueError, match="when must be"):
        human_date(bad)


# ==================================================================== the artefact form
class _Plan(ArtefactForm):
    PARTS = (
        ArtefactPart("forecast", "Forecast and staffing", "peaks and agents", ["2.1", "2.2"]),
        ArtefactPart("budget", "Budget", "cost per channel", ["2.5"]),
        ArtefactPart("monitoring", "Monitoring and review", "what, how often, who",
                     ["2.4", "6.3"], required=True),
    )
    TITLE, ACTIVITY, NOTEBOOK = "Demo plan", "demo-plan", "02"

    def supporting(self) -> dict:
        return {"table": pd.DataFrame({"channel": ["phone"], "cost": [100]}),
                "support_text": "Busiest half-hour: Monday 10:00 (120 calls)."}


def test_artefact_claims_only_the_parts_written(portfolio_path: Path) -> None:
    form = _Plan()
    assert "at least 15 words" in form.view.children[0].value  # the form says so
    form.controls["monitoring"].value = WORDS_15
    form.controls["budget"].value = "Phone costs most."
    form.controls["save"].click()
    assert form.message.value == ""
    (entry,) = Portfolio().entries()
    assert entry.evidenced == ["2.4", "6.3"]
    assert entry.support_text.startswith("Busiest half-hour") and entry.table is not None
    assert "Busiest" not in entry.text  # what the course wrote is not the learner's text
    status = form.result.value
    assert "as evidence for 2.4, 6.3" in status and "Budget (2.5): 3 of 15 words" in status
    assert human_date(entry.saved_at) in status


def test_artefact_needs_required_parts_and_some_writing(portfolio_path: Path) -> None:
    form = _Plan()
    form.controls["save"].click()
    assert "‘Monitoring and review’" in form.message.value
    assert "at least 15 words" in form.message.value
    assert Portfolio().entries() == [] and form.result.value == "Not saved yet."

    class _Optional(_Plan):
        PARTS = (ArtefactPart("notes", "Notes", "", ["7.3"]),)

    optional = _Optional()
    optional.controls["save"].click()
    assert "Nothing written yet" in optional.message.value and Portfolio().entries() == []


def test_artefact_captions_count_words_live(portfolio_path: Path) -> None:
    form = _Plan()
    assert "0 of 15 words" in form.captions["budget"].value
    form.controls["budget"].value = WORDS_15
    assert "✔ counts (17 words)" in form.captions["budget"].value
    assert "for 2.5" in form.captions["budget"].value
    assert "required" in form.captions["monitoring"].value


def test_artefact_reloads_what_was_saved(portfolio_path: Path) -> None:
    form = _Plan()
    form.controls["monitoring"].value = WORDS_15
    form.controls["save"].click()
    again = _Plan()
    assert again.controls["monitoring"].value == WORDS_15
    assert again.controls["budget"].value == ""
    assert again.result.value.startswith("Saved ") and "Edit and save again" in again.result.value


@pytest.mark.parametrize(
    ("arguments", "message"),
    [(("save", "Save", "", ["2.5"]), "key must be"),
     (("budget", "Budget", "", []), "names no criteria"),
     (("budget", "Budget", "", ["9.9"]), "9.9")],
)
def test_artefact_parts_are_checked_when_declared(arguments, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ArtefactPart(*arguments)


def test_an_artefact_without_parts_is_a_clear_error(portfolio_path: Path) -> None:
    class _Empty(ArtefactForm):
        pass

    with pytest.raises(ValueError, match="declares no PARTS"):
        _Empty()


def test_supporting_may_not_smuggle_in_evidence(portfolio_path: Path) -> None:
    class _Sneaky(_Plan):
        def supporting(self) -> dict:
            return {"criteria": ["1.1"]}

    form = _Sneaky()
    form.controls["monitoring"].value = WORDS_15
    form.controls["save"].click()
    assert "support_text only" in form.message.value and Portfolio().entries() == []


def test_older_artefact_subclasses_still_work(portfolio_path: Path) -> None:
    """The FIELDS + evidence() declaration keeps working, and what the course wrote ahead of
    the learner's sections is kept apart as support."""

    class _Old(ArtefactForm):
        FIELDS = {"actions": ("Actions", "what you will do", True)}

        def evidence(self) -> dict:
            return {"criteria": ["3.1"], "title": "Old report", "activity": "old",
                    "text": "KPIs: see the table.\n\n" + self.sections_text()}

    form = _Old()
    form.controls["actions"].value = "Fix the app and track the comments weekly."
    form.controls["save"].click()
    (entry,) = Portfolio().entries()
    assert entry.text == "Actions: Fix the app and track the comments weekly."
    assert entry.support_text == "KPIs: see the table." and entry.evidenced == ["3.1"]
    assert "✔ Saved" in form.result.value


def test_the_operational_plan_claims_only_what_is_written(portfolio_path: Path) -> None:
    plan = planning.OperationalPlan()
    plan.controls["contingencies"].value = WORDS_15
    plan.controls["monitoring"].value = WORDS_15
    plan.controls["save"].click()
    assert plan.message.value == ""
    (entry,) = Portfolio().entries()
    assert entry.evidenced == ["2.4"]  # not 2.1-2.5 for two parts written
    assert entry.support_text.startswith("Demand forecast")
    assert {"Phone", "Email", "Chat", "Social"} <= set(entry.table["Channel"])


def test_the_performance_report_claims_only_what_is_written(portfolio_path: Path) -> None:
    report = performance.PerformanceReport()
    report.controls["insight"].value = WORDS_15
    report.controls["actions"].value = WORDS_15
    report.controls["save"].click()
    (entry,) = Portfolio().entries()
    assert entry.evidenced == ["3.1", "5.2"]
    assert entry.figure is not None and len(entry.table) >= 10
    page = export_html(Portfolio(), portfolio_path.with_name("e.html")).read_text("utf-8")
    assert SUPPORT_HEADING in page
    assert "not written yet, so no evidence for 5.3" in page


# ===================================================================== the reflection box
def test_reflection_box_has_one_status_line_with_a_human_date(portfolio_path: Path) -> None:
    box = ReflectionBox("r", "What did you learn?", criteria=["7.3"], min_words=5)
    assert box.result.value == "Not saved yet."
    assert "saved" not in box.static_html().lower().replace("saving", "")  # no 2nd status
    box.controls["text"].value = "I learned to read the comments beside the numbers."
    box.controls["save"].click()
    (entry,) = Portfolio().entries()
    assert box.result.value.startswith(f"✔ Saved {human_date(entry.saved_at)}")
    assert "Nothing saved yet" not in box.result.value + box.static_html()
    reopened = ReflectionBox("r", "What did you learn?", criteria=["7.3"], min_words=5)
    assert reopened.result.value.startswith(f"Saved {human_date(entry.saved_at)}")
    assert "Nothing saved yet" not in reopened.static_html()
    assert "T" not in reopened.result.value.split("Saved ")[1][:20]  # no ISO "2026-11-26T…"


def test_reflection_box_keeps_its_minimum_in_the_portfolio(portfolio_path: Path) -> None:
    box = ReflectionBox("r", "Prompt", criteria=["7.3"], min_words=5)
    box.controls["text"].value = "one two three four five six"
    box.controls["save"].click()
    (entry,) = Portfolio().entries()
    assert entry.parts[0].min_words == 5 and entry.evidenced == ["7.3"]


# ============================================================================== handouts
def _course_notebook(folder: Path) -> Path:
    cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("lesson.check", execution_count=3,
                                  outputs=[nbformat.v4.new_output("stream", text="hi")]),
        nbformat.v4.new_markdown_cell("**Worked answer.** Divide by all calls."),
        nbformat.v4.new_code_cell("secret = 42"),
        nbformat.v4.new_markdown_cell("**Worked answer.** Not followed by one: kept."),
        nbformat.v4.new_markdown_cell("Next section"),
    ]
    cells[3].metadata["tags"] = [WORKED_ANSWER_TAG]
    cells[1].metadata["execution"] = {"iopub.execute_input": "2026-11-26T14:05:00Z"}
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    path = folder / "nb.ipynb"
    nbformat.write(notebook, path)
    return path


def test_handout_drops_the_explanation_and_all_outputs(tmp_path: Path) -> None:
    source, out = tmp_path / "nbs", tmp_path / "out"
    source.mkdir()
    _course_notebook(source)
    assert make_handout(source, out) == {"nb.ipynb": 1}
    handout = nbformat.read(out / "nb.ipynb", as_version=4)
    sources = [cell.source for cell in handout.cells]
    assert sources == ["# Title", "lesson.check", PLACEHOLDER,
                       "**Worked answer.** Not followed by one: kept.", "Next section"]
    code = handout.cells[1]
    assert code.outputs == [] and code.execution_count is None
    assert "execution" not in code.metadata and "widgets" not in handout.metadata


def test_handouts_of_the_course_notebooks_give_nothing_away(tmp_path: Path) -> None:
    report = make_handout(ROOT / "notebooks", tmp_path)
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        original = nbformat.read(path, as_version=4)
        handout = nbformat.read(tmp_path / path.name, as_version=4)
        explanations = [c for c, after in zip(original.cells, original.cells[1:], strict=False)
                        if explains_worked_answer(c)
                        and WORKED_ANSWER_TAG in after.metadata.get("tags", [])]
        tagged = [c for c in original.cells if WORKED_ANSWER_TAG in c.metadata.get("tags", [])]
        assert report[path.name] == len(tagged)
        assert len(handout.cells) == len(original.cells) - len(explanations)
        assert not any(c.source.lstrip().startswith("**Worked answer.**")
                       for c in handout.cells), path.name
        for cell in handout.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None
    nb00 = json.loads((ROOT / "notebooks" / "00_start_here.ipynb").read_text("utf-8"))
    assert sum(explains_worked_answer(c) for c in nb00["cells"]) == 2  # the pattern is real
