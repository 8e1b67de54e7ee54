"""The tutor guide: complete, adding up, and true to today's data and notebooks.

* every written answer (``WrittenAnswer``) and every widget that saves learner work to the
  portfolio, in every lesson module (found automatically, as the widget test finds them),
  has exactly one model answer, with marking guidance for each of its criteria;
* each notebook's sections are the notebook's own ``## `` headings, and their minutes add up
  to the time the notebook states;
* the half-day and full-day plans fill their days exactly, with clock times that follow on,
  and place every section of every notebook once: in the room or as homework;
* the committed pages in ``tutors/guide/`` are exactly what ``csm tutor-guide`` writes today,
  so every figure in them is the default data's.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from csmlib import cli
from csmlib.course import course_map
from csmlib.course.exercises import WrittenAnswer
from csmlib.course.tutor_guide import plans as plan_module
from csmlib.course.tutor_guide import writer as tutor_guide
from csmlib.course.tutor_guide.model import NotebookGuide
from csmlib.course.tutor_guide.render import MARKER
from csmlib.course.tutor_guide.writer import NOTEBOOK_NUMBERS
from csmlib.ui.forms import LearnerDetailsForm
from tests.test_lesson_widgets import discover_factories, lesson_modules

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "tutors" / "guide"
#: Widgets that save to the portfolio but hold no answer to mark.
NOT_ANSWERS = {LearnerDetailsForm: "the learner's name and candidate number, not an answer"}


@pytest.fixture(scope="module")
def guides() -> dict[str, NotebookGuide]:
    return tutor_guide.build()


@pytest.fixture(scope="module")
def pages(guides) -> dict[str, str]:
    return tutor_guide.pages(guides=guides)


def _activity(widget: object) -> str | None:
    found = getattr(widget, "activity", None) or getattr(widget, "ACTIVITY", None)
    return found or getattr(sys.modules[type(widget).__module__], "ACTIVITY", None)


def learner_work() -> dict[str, str]:
    """Every activity a learner writes, by id, with where it comes from."""
    work = {}
    for module in lesson_modules():
        for name, value in vars(module).items():
            if isinstance(value, WrittenAnswer):
                work[value.id] = f"{module.__name__}.{name}"
    for factory in discover_factories():
        if not hasattr(factory.returns, "save") or factory.returns in NOT_ANSWERS:
            continue
        activity = _activity(factory.function())
        assert activity, f"{factory.id} saves to the portfolio but names no activity"
        work[activity] = factory.id
    return work


def test_every_written_answer_and_artefact_has_one_model_answer(guides) -> None:
    work = learner_work()
    assert len(work) >= 30, "the lessons' written work was not found"
    models = [m for g in guides.values() for m in g.model_answers]
    missing = [f"{activity} ({where})" for activity, where in work.items()
               if sum(m.covers(activity) for m in models) != 1]
    assert not missing, "no model answer (or more than one) for: " + "; ".join(missing)
    unused = [m.item for m in models if not any(m.covers(a) for a in work)]
    assert not unused, f"model answers for work no lesson asks for: {unused}"


def test_model_answers_mark_each_of_their_criteria_once(guides) -> None:
    for guide in guides.values():
        for model in guide.model_answers:
            marked = sorted(point.criterion for point in model.marking)
            assert marked == sorted(model.criteria), model.item
            assert all(p.look_for.strip() and p.not_yet.strip() for p in model.marking)
            assert model.item.startswith(guide.number + "-"), model.item
            assert len(model.answer.split()) >= 60, f"{model.item}: model answer too thin"


def _headings(number: str) -> tuple[list[str], int]:
    notebook = nbformat.read(ROOT / "notebooks" / course_map.notebook(number).filename, 4)
    headings, stated = [], None
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        stated = stated or re.search(r"\*\*Time:\*\* about (\d+) minutes", cell.source)
        headings += [line[3:].strip() for line in cell.source.splitlines()
                     if line.startswith("## ") and line[3:].strip() != "What to do next"]
    assert stated, f"notebook {number} states no time"
    return headings, int(stated.group(1))


@pytest.mark.parametrize("number", NOTEBOOK_NUMBERS)
def test_sections_are_the_notebooks_and_add_up_to_its_time(number: str, guides) -> None:
    headings, stated = _headings(number)
    guide = guides[number]
    assert guide.number == number
    assert [s.heading for s in guide.sections] == headings
    assert guide.minutes == stated


@pytest.mark.parametrize("number", NOTEBOOK_NUMBERS)
def test_enough_prompts_misconceptions_and_notes(number: str, guides) -> None:
    guide = guides[number]
    assert len(guide.prompts) >= (3 if number == "00" else 5)
    assert len(guide.misconceptions) >= (2 if number == "00" else 4)
    assert 2 <= len(guide.notes) <= 5
    headings = {s.heading for s in guide.sections}
    for prompt in guide.prompts:
        assert prompt.section in headings, prompt.section
        assert 3 <= len(prompt.good_answers) <= 5 and prompt.follow_up
    assert 2 <= len(re.findall(r"[.!?](\s|$)", guide.purpose)) <= 3


@pytest.mark.parametrize("number", NOTEBOOK_NUMBERS)
def test_no_placeholder_missing_number_or_raw_float_left(number: str, guides) -> None:
    text = guides[number].all_text()
    assert "{" not in text
    assert not re.search(r"\bnan\b|\bNaN\b|<NA>|\bNone\b", text)
    assert not re.search(r"\d\.\d{3,}", text)  # every figure is formatted


@pytest.mark.parametrize("frame", [plan_module.HALF_DAY, plan_module.FULL_DAY],
                         ids=lambda f: f.name)
def test_plans_fill_the_day_and_place_every_section_once(frame, guides) -> None:
    sessions = plan_module.programme(frame, guides)
    assert [n for s in sessions for n in s.notebooks] == list(tutor_guide.NOTEBOOK_NUMBERS)
    placed = Counter()
    for session in sessions:
        assert sum(slot.minutes for slot in session.slots) == frame.minutes
        clock = frame.start
        for slot in session.slots:
            assert slot.start == clock and slot.minutes > 0
            clock = plan_module._clock(clock, slot.minutes)
        assert clock == session.end
        kinds = Counter(slot.kind for slot in session.slots)
        assert kinds["break"] == len(frame.breaks) and kinds["lunch"] == bool(frame.lunch)
        for slot in session.slots:
            if slot.kind == "section":
                placed[(slot.notebook, slot.heading)] += 1
        for item in session.homework:
            assert item.mode in ("writing", "solo")
            placed[(item.notebook, item.heading)] += 1
    every = Counter((n, s.heading) for n, g in guides.items() for s in g.sections)
    assert placed == every


def test_a_day_that_cannot_fit_is_refused(guides) -> None:
    tight = plan_module.Frame("tight", "09:00", 10, (), 0, 10, minutes=40)
    with pytest.raises(ValueError, match="more than the"):
        plan_module.plan_session(tight, [guides["06"]], title="Too much")


def test_committed_guide_is_what_csm_tutor_guide_writes_today(pages) -> None:
    committed = {p.name: p.read_text(encoding="utf-8") for p in GUIDE.glob("*.md")}
    assert sorted(committed) == sorted(pages)
    stale = [name for name in pages if committed[name] != pages[name]]
    assert not stale, (f"tutors/guide is out of date ({', '.join(stale)}): run "
                       "`csm tutor-guide` and commit the result.")


def test_every_page_is_marked_and_linked(pages) -> None:
    assert all(text.startswith(MARKER) for text in pages.values())
    for name in pages:
        if name != "README.md":
            assert f"]({name})" in pages["README.md"]


def test_writer_never_overwrites_a_tutors_own_file(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "plans.md"
    mine.write_text("My own plan", encoding="utf-8")
    assert cli.main(["tutor-guide", "--out", str(tmp_path)]) == 2
    assert "left alone" in capsys.readouterr().err
    assert mine.read_text(encoding="utf-8") == "My own plan"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans.md"]
