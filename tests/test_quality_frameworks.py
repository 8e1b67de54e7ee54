"""Quality frameworks (criterion 6.4): every clause cites its source, maps to course
activities that exist, and the learner's map saves, refuses and reloads."""

from __future__ import annotations

import html
import importlib
import json
from pathlib import Path

import pytest

from csmlib.course import course_map, criteria
from csmlib.course import quality_frameworks as qf
from csmlib.course.portfolio import Portfolio
from csmlib.ui.quality_map import RATINGS, QualityFrameworkMap, clauses_table

ROOT = Path(__file__).resolve().parents[1]
#: The lesson module of each notebook (a lesson's call must exist there).
LESSONS = {"00": "start_here", "02": "planning", "03": "performance", "04": "complaints",
           "05": "people"}
EVIDENCE = ("We send a two-question survey after every resolved contact and review the "
            "scores and comments by team each week.")


def test_the_clauses_cover_the_standards_the_criterion_names() -> None:
    assert 8 <= len(qf.CLAUSES) <= 12
    keys = [c.key for c in qf.CLAUSES]
    assert len(set(keys)) == len(keys)
    pairs = {(c.standard, c.clause) for c in qf.CLAUSES}
    assert {(qf.ISO_9001, "9.1.2"), (qf.ISO_9001, "10.3")} <= pairs
    assert {c.standard for c in qf.CLAUSES} == {qf.ISO_9001, qf.ISO_10002, qf.ISO_18295_1}


def test_every_clause_cites_a_source_and_says_what_it_asks_in_plain_words() -> None:
    for clause in qf.CLAUSES:
        assert clause.source.startswith(clause.standard) and "ISO" in clause.source
        assert clause.clause_label in clause.source
        assert len(clause.asks.split()) >= 12 and clause.asks.endswith(".")
        assert clause.title and clause.criteria


def test_the_course_mapping_names_notebooks_and_lesson_calls_that_exist() -> None:
    files = {path.name for path in (ROOT / "notebooks").glob("*.ipynb")}
    for clause in qf.CLAUSES:
        for activity in clause.course:
            info = course_map.notebook(activity.notebook)
            if activity.notebook == "06":  # this notebook, being written: no lesson call yet
                assert activity.call == "" and set(activity.criteria) <= set(info.criteria)
                continue
            assert info.filename in files, f"{clause.key}: notebook {info.filename} missing"
            lesson = importlib.import_module(f"csmlib.lessons.{LESSONS[activity.notebook]}")
            assert callable(getattr(lesson, activity.call, None)), \
                f"{clause.key}: no lesson call {activity.notebook} {activity.call}"
            notebook = json.loads((ROOT / "notebooks" / info.filename).read_text())
            source = "".join("".join(cell["source"]) for cell in notebook["cells"])
            assert f"lesson.{activity.call}" in source, \
                f"{clause.key}: notebook {activity.notebook} never calls {activity.call}"
            # the activity evidences the notebook's own criteria
            assert set(activity.criteria) <= set(info.criteria), clause.key


def test_criteria_of_a_clause_are_those_of_its_activities() -> None:
    clause = qf.clause("iso9001-10.3")
    assert clause.criteria == ("6.1", "6.2", "6.3", "6.5")
    with pytest.raises(ValueError, match="No clause"):
        qf.clause("iso9001-99")
    with pytest.raises(ValueError):
        qf.CourseActivity("03", "x", "x", ("9.9",))
    assert set(criteria.validate(["6.4"])) == {"6.4"}


def test_the_clauses_table_goes_through_the_kit() -> None:
    shown = clauses_table()
    assert len(shown.rows()) == len(qf.CLAUSES)
    markup = shown.to_html()
    assert "What it asks for" in markup and "asks" not in shown.rows()[0]
    assert "ISO 10002:2018 Quality management" in html.unescape(markup)


# ------------------------------------------------------------------ the widget
def _fill(qmap: QualityFrameworkMap, n: int, words: str = EVIDENCE) -> None:
    for row in qmap.rows[:n]:
        row.evidence.value = words
        row.rating.value = RATINGS[0]


def test_the_map_refuses_to_save_with_too_few_rows_written(tmp_path: Path) -> None:
    portfolio = Portfolio(tmp_path / "p.sqlite")
    qmap = QualityFrameworkMap(portfolio)
    _fill(qmap, QualityFrameworkMap.MIN_ROWS - 1)
    qmap.rows[QualityFrameworkMap.MIN_ROWS - 1].evidence.value = "Too short to count."
    qmap.controls["save"].click()
    assert "Not saved" in qmap.message.value and f"{QualityFrameworkMap.MIN_ROWS - 1} of" in \
        qmap.message.value
    assert portfolio.get(QualityFrameworkMap.ACTIVITY) is None
    _fill(qmap, QualityFrameworkMap.MIN_ROWS)
    qmap.rows[0].rating.value = "Not rated"
    qmap.controls["save"].click()
    assert "pick a rating" in qmap.message.value


def test_the_map_saves_as_evidence_for_6_4_and_reloads(tmp_path: Path) -> None:
    portfolio = Portfolio(tmp_path / "p.sqlite")
    qmap = QualityFrameworkMap(portfolio)
    _fill(qmap, 5)
    qmap.rows[6].rating.value = "Not applicable"
    assert "✔ 5 of" in qmap.result.value
    qmap.controls["save"].click()
    assert qmap.message.value == "" and "✔ Saved" in qmap.status.value
    entry = portfolio.get(QualityFrameworkMap.ACTIVITY)
    assert entry is not None and entry.evidenced == ["6.4"] and entry.notebook == "06"
    assert list(entry.table["rating"]).count("In place") == 5
    again = QualityFrameworkMap(portfolio)
    assert [r.evidence.value for r in again.rows[:5]] == [EVIDENCE] * 5
    assert again.rows[6].rating.value == "Not applicable" and again.rows[7].evidence.value == ""
    assert "Saved" in again.status.value
    assert "The clauses and where the course covers them" in again.static_html()
