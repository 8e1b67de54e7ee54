"""Legal-duties scenario questions (criterion 3.4): one right answer each, feedback for every
option, a named source, and the topics the issue asks for."""

from __future__ import annotations

import re

import pytest

from csmlib.course import duties
from csmlib.course.duties import TOPICS, DutyQuestion, questions
from csmlib.data.sectors import SECTORS
from csmlib.ui.exercises import MultipleChoice
from csmlib.ui.scenario import duty_exercises, duty_question

EVERY = questions(None)
#: The nine protected characteristics (Equality Act 2010; course brief §7).
NINE = ("age", "disability", "gender reassignment", "marriage and civil partnership",
        "pregnancy and maternity", "race", "religion or belief", "sex", "sexual orientation")


def test_at_least_six_questions_over_every_topic() -> None:
    assert len(questions("energy")) >= 6
    assert {q.topic for q in EVERY} == set(TOPICS)
    assert len({q.key for q in EVERY}) == len(EVERY)


def test_the_topics_the_issue_names_are_asked() -> None:
    keys = {q.key for q in EVERY}
    assert {"purpose", "minimisation", "storage", "access", "sharing"} <= keys  # UK GDPR
    assert {"drivers", "psr", "recording"} <= keys  # vulnerable customers
    assert {"characteristics", "adjustments"} <= keys  # Equality Act 2010


@pytest.mark.parametrize("question", EVERY, ids=lambda q: q.key)
def test_exactly_one_option_is_right_and_each_has_feedback(question: DutyQuestion) -> None:
    exercise = MultipleChoice(**question.exercise_arguments())
    right = [letter for letter in question.options if exercise.check(letter).correct]
    assert right == [question.answer]
    for letter, option in question.options.items():
        assert question.feedback[letter].strip(), letter
        assert option.strip()
        feedback = exercise.check(letter)
        shown = f"{feedback.message} {feedback.hint}"
        assert question.feedback[letter] in shown  # the option's own feedback is shown
        assert question.source in shown  # with its source


@pytest.mark.parametrize("question", EVERY, ids=lambda q: q.key)
def test_every_question_names_a_recognised_source(question: DutyQuestion) -> None:
    known = ("UK GDPR", "FCA FG21/1", "Equality Act 2010", "Priority Services Register")
    assert any(name in question.source for name in known), question.source
    expected = {"UK GDPR": "UK GDPR", "vulnerable customers": ("FCA", "Priority Services"),
                "Equality Act 2010": "Equality Act 2010"}[question.topic]
    assert any(word in question.source for word in
               ((expected,) if isinstance(expected, str) else expected))


@pytest.mark.parametrize(("key", "article", "principle"), [
    ("purpose", "(b)", "purpose limitation"), ("minimisation", "(c)", "data minimisation"),
    ("storage", "(e)", "storage limitation"),
])
def test_gdpr_questions_cite_the_article_5_principle_they_test(key: str, article: str,
                                                              principle: str) -> None:
    question = next(q for q in EVERY if q.key == key)
    assert f"Article 5(1){article}" in question.source and principle in question.source
    assert principle.split()[-1] in question.feedback[question.answer].lower()


def test_the_fca_drivers_and_the_nine_characteristics_are_stated_in_full() -> None:
    drivers = next(q for q in EVERY if q.key == "drivers")
    assert all(d in drivers.feedback[drivers.answer]
               for d in ("health", "life events", "resilience", "capability"))
    listed = next(q for q in EVERY if q.key == "characteristics")
    right = listed.feedback[listed.answer]
    assert all(c in right for c in NINE)
    wrong = [listed.options[k].lower() for k in listed.options if k != listed.answer]
    assert not any(c in option for option in wrong for c in NINE)


def test_the_priority_services_register_is_asked_only_of_energy_suppliers() -> None:
    for sector in SECTORS:
        keys = {q.key for q in questions(sector)}
        assert ("psr" in keys) == (sector == "energy"), sector
        assert len(keys) >= 6


def test_the_right_answer_is_not_always_the_same_letter_or_the_longest() -> None:
    assert len({q.answer for q in EVERY}) >= 3
    longest = [q.key for q in EVERY
               if max(q.options, key=lambda k: len(q.options[k])) == q.answer]
    assert len(longest) <= len(EVERY) // 3, longest


def test_a_bad_question_is_refused() -> None:
    base = dict(key="x", topic="UK GDPR", situation="S.", question="Q?",
                options={"a": "1", "b": "2", "c": "3"}, answer="a",
                feedback={"a": "f", "b": "f", "c": "f"}, source="UK GDPR Article 5")
    DutyQuestion(**base)
    for change, message in [({"answer": "d"}, "not an option"),
                            ({"feedback": {"a": "f"}}, "needs feedback"),
                            ({"source": " "}, "name the source"),
                            ({"topic": "tax"}, "topic must be"),
                            ({"options": {"a": "1", "b": "2"}, "feedback": {"a": "", "b": ""}},
                             "three or four")]:
        with pytest.raises(ValueError, match=re.escape(message)):
            DutyQuestion(**(base | change))


def test_duty_exercises_are_self_checks_for_3_4() -> None:
    checks = duty_exercises()
    assert [c.id for c in checks] == [f"04-duty-{q.key}" for q in questions("energy")]
    for check in checks:
        assert isinstance(check, MultipleChoice)
        assert check.criteria == duties.CRITERIA == ("3.4",)
        form = check.widget()
        form.children[0].value = check.answer
        form.children[1].click()
        assert "Correct" in form.children[2].value
        assert "Source:" in form.children[2].value


def test_duty_question_by_number_follows_the_list() -> None:
    for sector in ("energy", "council"):
        listed = questions(sector)
        for number, question in enumerate(listed, start=1):
            assert duty_question(number, sector).id == f"04-duty-{question.key}"
        for bad in (0, len(listed) + 1, "1", True):
            with pytest.raises(ValueError, match="number must be 1 to"):
                duty_question(bad, sector)  # type: ignore[arg-type]
