"""The criteria framework and the course map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csmlib.course import course_map as course
from csmlib.course import criteria

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_framework_has_every_outcome_with_its_criteria() -> None:
    per_outcome = {o.number: len(criteria.for_outcome(o.number)) for o in criteria.OUTCOMES}
    assert per_outcome == {1: 3, 2: 5, 3: 4, 4: 4, 5: 3, 6: 5, 7: 3}
    assert len(criteria.all_criteria()) == sum(per_outcome.values())


def test_lookup_by_code_returns_outcome_and_text() -> None:
    found = criteria.get(" 3.2 ")
    assert found.outcome.title == "Manage operations"
    assert "8-week" in found.shows


def test_unknown_code_lists_valid_codes() -> None:
    with pytest.raises(criteria.UnknownCriterionError) as raised:
        criteria.get("8.1")
    message = str(raised.value)
    assert "'8.1'" in message and "1.1" in message and "7.3" in message


def test_validate_orders_and_deduplicates() -> None:
    assert criteria.validate(["7.2", "1.1", "7.2"]) == ["1.1", "7.2"]
    assert criteria.validate("5.3") == ["5.3"]


def test_unknown_outcome_number_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="choose 1 to 7"):
        criteria.for_outcome(9)


def test_table_lists_every_criterion() -> None:
    table = criteria.table()
    assert table["Code"].tolist() == list(criteria.CRITERIA)


def test_course_map_covers_every_criterion() -> None:
    assert course.uncovered_criteria() == []
    assert course.table()["Notebook"].tolist() == [f"0{n}" for n in range(8)]


def test_course_map_says_which_notebooks_are_available() -> None:
    """The one list of available notebooks matches the files in notebooks/, both ways."""
    on_disk = {path.name for path in NOTEBOOKS.glob("*.ipynb")}
    for info in course.NOTEBOOKS:
        assert info.available == (info.filename in on_disk), (
            f"notebook {info.number}: available={info.available} in course_map.py, but its "
            f"file {info.filename} is {'' if info.filename in on_disk else 'not '}in notebooks/")
    table = course.table()
    assert set(table["Available"]) <= {"Yes", course.BEING_WRITTEN}
    assert table.loc[table["Available"] == "Yes", "Notebook"].tolist() == \
        course.available_numbers()


def test_next_available_skips_notebooks_being_written() -> None:
    available = course.available_numbers()
    for number in available:
        following = course.next_available(number)
        later = [n for n in available if n > number]
        assert (following.number if following else None) == (later[0] if later else None)
        if following:
            assert (NOTEBOOKS / following.filename).exists()


def test_notebook_lookup() -> None:
    assert course.notebook("2").filename == "02_planning_operations.ipynb"
    with pytest.raises(ValueError, match="00, 01"):
        course.notebook("42")


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_each_notebook_declares_the_criteria_of_the_course_map(path: Path) -> None:
    meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]["csmlib"]
    info = course.notebook(meta["notebook"])
    assert info.filename == path.name
    assert tuple(meta["criteria"]) == info.criteria
