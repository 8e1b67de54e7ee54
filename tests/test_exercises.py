"""Self-check exercises: feedback, hints, tolerance and worked-answer verification.

Written answers (issue 11, item 14) must not reward an answer that negates the idea ("I will
not change anything… the forecast is always right") or states a known misconception, while
every lesson's model answer, and good answers that use "not" in a condition or in "not only",
still pass.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import csmlib.lessons
from csmlib.course import exercises
from csmlib.course.exercises import (
    Feedback,
    Misconception,
    WorkedAnswerError,
    parse_number,
)
from csmlib.course.exercises import WrittenAnswer as WrittenLogic
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


# ==================================================== written answers: negation (item 14)
def lesson_written_answers() -> dict[str, WrittenLogic]:
    """Every written self-check of every lesson module, by exercise id."""
    found = {}
    for info in pkgutil.iter_modules(csmlib.lessons.__path__):
        module = importlib.import_module(f"csmlib.lessons.{info.name}")
        for value in vars(module).values():
            if isinstance(value, WrittenLogic):
                found[value.id] = value
    return found


WRITTEN = lesson_written_answers()


def monitoring() -> WrittenLogic:
    """Notebook 02's monitoring self-check: the one the negated answer used to pass."""
    return WRITTEN["02-monitoring"]


def test_every_lesson_has_its_written_self_checks_found() -> None:
    assert {"00-data-decision", "02-monitoring", "03-actions"} <= set(WRITTEN)


@pytest.mark.parametrize("exercise_id", sorted(WRITTEN))
def test_every_lessons_model_answer_still_passes(exercise_id: str) -> None:
    exercise = WRITTEN[exercise_id]
    assert exercise.model_answer, exercise_id
    feedback = exercise.check(exercise.model_answer)
    assert feedback.correct, (exercise_id, feedback.message)
    assert set(exercise.ideas_found(exercise.model_answer)) == set(exercise.key_points)
    assert not exercise.ideas_ruled_out(exercise.model_answer)
    assert not exercise.misconceptions_stated(exercise.model_answer)


def test_the_negated_answer_from_the_issue_is_refused_naming_what_it_contradicts() -> None:
    answer = "I will not change anything… the forecast is always right"
    # the same ideas and misconceptions as the lesson's check, with no minimum length, so
    # it is the negation and the misconception that refuse it
    short = WrittenLogic("t", "?", key_points=monitoring().key_points, min_words=5)
    feedback = short.check(answer)
    assert not feedback.correct
    assert "the forecast or the plan is always right" in feedback.message
    assert 'rules out an action or owner ("I will not change")' in feedback.message
    assert "Every forecast is wrong" in feedback.hint
    # the lesson's own check, with the answer long enough to pass the length test
    longer = ("I will not change anything each day, because the forecast is always right "
              "and the plan works.")
    feedback = monitoring().check(longer)
    assert not feedback.correct and "rules out" in feedback.message


NEGATED_MONITORING = [
    "I won't review anything: the forecast is accurate enough and service level will look "
    "after itself.",
    "There is no need to check service level or abandonment, and nobody needs to adjust "
    "anything at all.",
    "The team leader does not need to act, because service level and volume look after "
    "themselves each day of the week.",
    "I will change nothing during the week, since the forecast is fine and the service level "
    "will sort itself out.",
    "Each morning I check volume against the forecast, but nothing needs to change and "
    "nobody will adjust the rota.",
    "I don't think the planner needs to review anything, the volume is steady so service "
    "level will be fine.",
]


@pytest.mark.parametrize("answer", NEGATED_MONITORING)
def test_answers_that_rule_out_the_action_are_refused(answer: str) -> None:
    feedback = monitoring().check(answer)
    assert not feedback.correct, answer
    assert "rules out an action or owner" in feedback.message
    assert "say what you would do" in feedback.message


GOOD_MONITORING = [
    # "not" inside a condition is a trigger, not a refusal
    "If service level is not met for two half-hours, the team leader on shift offers "
    "overtime to cover the gap.",
    "When the wait is not falling after an hour, I will ask the planner to move two agents "
    "from email to the phones.",
    "I review the service level daily, and if it is not at 80% the planner changes the rota "
    "for the rest of the week.",
    # "not only", "never let", "don't forget", "don't wait": commitments, not refusals
    "Each morning I will not only check our service level but also the volume we had against "
    "the forecast, and then the team leader on shift will adjust breaks.",
    "We never let abandonment go above 5% for long: the team leader checks it hourly and "
    "moves people to phones.",
    "Don't forget to check the wait each half hour; when it climbs, the team leader will "
    "adjust breaks and offer overtime.",
    "The team leader checks waits every half hour; we don't wait for the weekly report before "
    "moving staff to the phones.",
    # a negation about something else, in another clause
    "Service level is not on target most Mondays, so I review it daily with the planner and "
    "we change the rota.",
    "I will not change the rota myself and the team leader will adjust breaks when the "
    "service level drops.",
    "I make sure nothing slips: each morning I compare volume with the forecast and the team "
    "leader moves breaks if service level drops.",
    # rejecting the misconception is not stating it
    "Never assume the forecast is always right: each morning I check volumes against it and "
    "the planner adjusts the rota.",
    "It would be a mistake to think the forecast is always right, so I check volume every "
    "day and adjust the plan.",
    "Each morning I compare volume with the forecast, because the forecast is not always "
    "right; the planner and I adjust the rota.",
    # contractions read as the words they stand for ("I'll" is "I will")
    "I'll check service level and abandonment every half hour, and I'll move breaks when it "
    "drops below target.",
]


@pytest.mark.parametrize("answer", GOOD_MONITORING)
def test_good_answers_with_a_harmless_not_still_pass(answer: str) -> None:
    feedback = monitoring().check(answer)
    assert feedback.correct, (answer, feedback.message)


def test_a_negated_idea_is_refused_even_when_other_ideas_are_enough() -> None:
    q = WrittenLogic("t", "?", min_words=5, required_points=1,
                     key_points={"data": ["survey"], "a decision": ["decide", "roster"]})
    assert q.check("We run a survey after every call and read it.").correct
    feedback = q.check("We run a survey after every call but we never decide anything.")
    assert not feedback.correct and '("never decide")' in feedback.message


def test_a_negated_mention_does_not_count_but_a_later_plain_one_does() -> None:
    q = WrittenLogic("t", "?", min_words=1, key_points={"an action": ["change"]})
    assert q.ideas_found("I will not change the forecast.") == []
    assert q.ideas_ruled_out("I will not change the forecast.") == {
        "an action": ["will not change"]}
    both = "I will not change the forecast, but I will change the rota."
    assert q.ideas_found(both) == ["an action"] and not q.ideas_ruled_out(both)


def test_an_exercise_can_name_its_own_misconceptions() -> None:
    occupancy = Misconception(
        "occupancy should be as high as possible",
        ("occupancy should be 100", "occupancy as high as possible", "maximise occupancy"),
        why="Above about 85% for long, agents burn out and leave.")
    q = WrittenLogic("t", "?", min_words=5, misconceptions=[occupancy],
                     key_points={"a measure": ["occupancy", "service level"]})
    assert q.check("We track occupancy and service level every hour of the day.").correct
    feedback = q.check("We track service level and try to maximise occupancy every day.")
    assert not feedback.correct
    assert '"occupancy should be as high as possible"' in feedback.message
    assert feedback.hint == "Above about 85% for long, agents burn out and leave."
    # the common misconceptions still apply
    assert q.misconceptions_stated("Our forecast is never wrong, so we track occupancy.")
    with pytest.raises(ValueError, match="misconceptions"):
        WrittenLogic("t", "?", key_points={"a": ["b"]}, misconceptions=["always right"])


def test_misconception_phrases_match_whole_words_only() -> None:
    q = WrittenLogic("t", "?", key_points={"a": ["check"]})
    assert not q.misconceptions_stated("The forecasters say the plan is always rightsized.")
    assert q.misconceptions_stated("The plan’s fine: the forecast is ALWAYS right.")


def test_the_form_shows_what_was_contradicted() -> None:
    q = WrittenAnswer("t-form", "?", min_words=5,
                      key_points={"an action": ["change", "adjust"]})
    control, button, result = q.widget().children
    control.value = "There is no need to change or adjust anything this week."
    button.click()
    assert "Not yet" in result.value and "rules out an action" in result.value
    assert "no need to change" in result.value
