"""Self-check exercises: feedback, hints, tolerance and worked-answer verification."""

from __future__ import annotations

import pytest

from csmlib.course import exercises
from csmlib.course.exercises import Feedback, WorkedAnswerError, parse_number
from csmlib.ui.exercises import MultipleChoice, NumericAnswer, WrittenAnswer


@pytest.fixture
def choice() -> MultipleChoice:
    return MultipleChoice(
        "t-mc", "Which measures customer effort?",
        {"a": "AHT", "b": "CES", "c": "Occupancy"}, answer="b",
        hints={"a": "AHT is how long agents take."}, explanation="CES asks how easy it was.",
    )


def test_multiple_choice_accepts_letter_or_text(choice: MultipleChoice) -> None:
    assert choice.check("b").correct
    assert choice.check(" B) ").correct
    assert choice.check("ces").correct
    assert choice.check("b").message == "CES asks how easy it was."


def test_multiple_choice_wrong_answer_gets_its_specific_hint(choice: MultipleChoice) -> None:
    feedback = choice.check("a")
    assert not feedback.correct
    assert feedback.hint == "AHT is how long agents take."
    assert "AHT" in feedback.message


def test_multiple_choice_wrong_answer_without_hint_gets_a_generic_one(choice) -> None:
    assert choice.check("c").hint  # never just "wrong"


def test_multiple_choice_rejects_non_option(choice: MultipleChoice) -> None:
    feedback = choice.check("z")
    assert not feedback.correct and "a, b, c" in feedback.message
    assert not choice.check(None).correct


def test_multiple_choice_answer_must_be_an_option() -> None:
    with pytest.raises(ValueError, match="not an option"):
        MultipleChoice("bad", "?", {"a": "x"}, answer="b")


def test_numeric_tolerance_and_direction() -> None:
    q = NumericAnswer("t-n", "?", expected=58.33, tolerance=0.5, units="%",
                      hint_high="too many counted", hint_low="too few counted")
    assert q.check("58").correct and q.check(58.8).correct
    high, low = q.check("60"), q.check("50")
    assert (high.correct, low.correct) == (False, False)
    assert "too high" in high.message and high.hint == "too many counted"
    assert "too low" in low.message and low.hint == "too few counted"


def test_numeric_expected_is_computed_at_check_time() -> None:
    data = {"value": 10.0}
    q = NumericAnswer("t-live", "?", expected=lambda: data["value"], tolerance=0.1)
    assert q.check(10).correct
    data["value"] = 20.0  # the learner switched to another organisation's data
    assert not q.check(10).correct and q.check(20).correct


@pytest.mark.parametrize("typed", ["abc", "", "   ", "nan", None, True])
def test_numeric_unreadable_input_is_explained(typed) -> None:
    feedback = NumericAnswer("t", "?", expected=1).check(typed)
    assert not feedback.correct
    assert "number" in feedback.message


def test_parse_number_reads_what_people_type() -> None:
    assert parse_number("1,234.5") == 1234.5
    assert parse_number(" 72.5 % ") == 72.5
    assert parse_number("£12") == 12.0
    assert parse_number("inf") is None


def test_negative_tolerance_rejected() -> None:
    with pytest.raises(ValueError, match="tolerance"):
        NumericAnswer("t", "?", expected=1, tolerance=-1)


def test_written_answer_checks_length_then_ideas() -> None:
    q = WrittenAnswer("t-w", "?", min_words=6, model_answer="model",
                      key_points={"data": ["survey", "wait"], "a decision": ["roster", "decide"]})
    short = q.check("Surveys.")
    assert not short.correct and "1 word so far" in short.message
    partial = q.check("We run a survey after every single call")
    assert not partial.correct and "a decision" in partial.message
    good = q.check("We run a survey after each call and decide who to coach")
    assert good.correct and "data" in good.message


def test_written_answer_matches_word_stems() -> None:
    q = WrittenAnswer("t", "?", min_words=1, key_points={"staffing": ["roster"]})
    assert q.ideas_found("We rostered two more people") == ["staffing"]
    assert q.ideas_found("We rest") == []


def test_worked_answer_right_passes_in_strict_mode(monkeypatch) -> None:
    monkeypatch.setenv("CSMLIB_STRICT", "1")
    shown: list[str] = []
    monkeypatch.setattr(exercises, "_display_html", shown.append)
    assert NumericAnswer("t", "?", expected=4, units="%").worked_answer(4) is None
    assert len(shown) == 1 and "Worked answer:</b> 4%" in shown[0]
    # folded away until the learner chooses to open it: the figure is inside <details>
    folded = shown[0].split("<summary>", 1)
    assert folded[0].startswith("<details") and "4%" not in folded[0]
    assert "Show the worked answer" in folded[1].split("</summary>")[0]


def test_worked_answer_wrong_raises_in_strict_mode(monkeypatch) -> None:
    monkeypatch.setenv("CSMLIB_STRICT", "1")
    with pytest.raises(WorkedAnswerError, match="'t-wrong'"):
        NumericAnswer("t-wrong", "?", expected=4).worked_answer(5)


def test_worked_answer_wrong_shows_a_polite_note_to_learners(monkeypatch) -> None:
    monkeypatch.setenv("CSMLIB_STRICT", "0")
    shown: list[str] = []
    monkeypatch.setattr(exercises, "_display_html", shown.append)
    NumericAnswer("t", "?", expected=4).worked_answer(5)
    assert "does not match the data" in shown[0]
    assert "Traceback" not in shown[0]


def test_feedback_html_uses_words_not_only_colour() -> None:
    assert "Not yet" in Feedback(False, "x")._repr_html_()
    assert "&lt;script&gt;" in Feedback(False, "<script>")._repr_html_()


def test_widget_button_shows_feedback(choice: MultipleChoice) -> None:
    box = choice.widget()
    control, button, result = box.children
    control.value = "b"
    button.click()
    assert "Correct" in result.value
    control.value = "a"
    button.click()
    assert "Not yet" in result.value and "AHT is how long" in result.value


def test_numeric_widget_reports_unreadable_input_not_a_traceback() -> None:
    box = NumericAnswer("t", "?", expected=3).widget()
    control, button, result = box.children
    control.value = "three"
    button.click()
    assert "as a number" in result.value and "Traceback" not in result.value
