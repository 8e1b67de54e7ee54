"""Self-check exercises for learners who are not programmers.

Three kinds: :class:`MultipleChoice`, :class:`NumericAnswer` (with a tolerance; the expected
value may be computed from the data when the answer is checked) and :class:`WrittenAnswer`
(checked for length and for the key ideas a good answer mentions). Each gives friendly,
specific feedback: a wrong answer earns a hint, not just "wrong".

This module holds the checking logic only. The interactive form (the question, which stays
visible in printouts, and a *Check my answer* button) is added by the classes of the same
names in :mod:`csmlib.ui.exercises`, which lessons use. ``exercise.check(answer)`` returns
the same :class:`Feedback` either way.

Worked answers: ``exercise.worked_answer(value)`` shows a worked answer and verifies it.
When ``CSMLIB_STRICT=1`` (set by the test suite) a wrong worked answer raises
:class:`WorkedAnswerError`, so the notebook test fails; a learner instead sees a polite note.

Example:
    >>> q = NumericAnswer("q1", "What is 10% of 250 calls?", expected=25, tolerance=0.5)
    >>> q.check("25").correct
    True
    >>> q.check("30").message
    'Not quite: 30 is too high.'
"""

from __future__ import annotations

import html
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from csmlib.analysis import checks

STRICT_ENV_VAR = "CSMLIB_STRICT"

Number = float | int
Expected = Number | Callable[[], Number]


class WorkedAnswerError(AssertionError):
    """A worked answer in a notebook does not match the data: the notebook is wrong."""


def strict_mode() -> bool:
    """True under the test suite (``CSMLIB_STRICT=1``): wrong worked answers then raise.

    Example:
        >>> isinstance(strict_mode(), bool)
        True
    """
    return os.environ.get(STRICT_ENV_VAR, "").strip().lower() in {"1", "true", "yes"}


@dataclass(frozen=True)
class Feedback:
    """The result of checking an answer: right or not, and a message for the learner."""

    correct: bool
    message: str
    hint: str = ""

    def _repr_html_(self) -> str:
        return feedback_html(self)

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


def feedback_html(feedback: Feedback) -> str:
    """HTML for a feedback box; marked by an icon and a word, not by colour alone.

    Example:
        >>> "Correct" in feedback_html(Feedback(True, "Well done."))
        True
    """
    checks.instance("feedback", feedback, Feedback, "the Feedback that check() gives")
    icon, word, colour = ("✔", "Correct", "#009E73") if feedback.correct else (
        "✘", "Not yet", "#D55E00")
    hint = f"<div><b>Hint:</b> {html.escape(feedback.hint)}</div>" if feedback.hint else ""
    return (
        f'<div class="csm-feedback" style="border-left:4px solid {colour};padding:4px 10px;">'
        f"<b>{icon} {word}.</b> {html.escape(feedback.message)}{hint}</div>"
    )


class Exercise:
    """Shared behaviour: identity, criteria, display, and worked-answer verification."""

    kind = "exercise"

    def __init__(
        self, exercise_id: str, question: str, *, criteria: Sequence[str] = (),
        explanation: str = "",
    ) -> None:
        self.id = exercise_id
        self.question = question
        self.criteria = tuple(criteria)
        self.explanation = explanation

    # Subclasses implement these two.
    def check(self, answer: Any) -> Feedback:  # pragma: no cover - abstract
        raise NotImplementedError

    # ----------------------------------------------------------- worked answer
    def worked_answer(self, answer: Any) -> None:
        """Show a worked answer and verify it against the data.

        Under the test suite a wrong worked answer raises :class:`WorkedAnswerError`.
        Returns nothing, so the notebook shows the worked answer once.

        Example:
            >>> NumericAnswer("x", "2+2?", expected=4).worked_answer(4)
            <IPython.core.display.HTML object>
        """
        feedback = self.check(answer)
        if not feedback.correct and strict_mode():
            raise WorkedAnswerError(
                f"The worked answer for exercise {self.id!r} is wrong: {feedback}"
            )
        _display_html(self._worked_answer_html(answer, feedback))

    def _worked_answer_html(self, answer: Any, feedback: Feedback) -> str:
        if feedback.correct:
            # folded away: the learner sees the figure only after choosing to reveal it
            body = f"<b>Worked answer:</b> {html.escape(self._format_answer(answer))}."
            if self.explanation:
                body += f" {html.escape(self.explanation)}"
            return ('<details class="csm-worked" style="padding:4px 10px;"><summary>'
                    "Show the worked answer (try the self-check above first)</summary>"
                    f"<div>{body}</div></details>")
        return (
            '<div class="csm-worked" style="border-left:4px solid #E69F00;padding:4px 10px;">'
            "<b>Note:</b> this worked answer does not match the data you are using "
            f"({html.escape(str(feedback))}). If you changed the code above, that explains it; "
            "otherwise please tell your tutor.</div>"
        )

    def _format_answer(self, answer: Any) -> str:
        return str(answer)

    # ----------------------------------------------------------------- display
    def question_html(self) -> str:
        """The question as HTML (static: it stays visible in printouts and exports)."""
        codes = f" <small>(criteria {', '.join(self.criteria)})</small>" if self.criteria else ""
        return (
            f'<div class="csm-question"><b>Self-check:</b> {html.escape(self.question)}'
            f"{codes}</div>"
        )

    def _repr_html_(self) -> str:
        """Without the interactive form (``csmlib.ui.exercises``), the question as HTML."""
        return self.question_html() + self._static_extra_html()

    def _static_extra_html(self) -> str:
        return ""


class MultipleChoice(Exercise):
    """Pick one option. ``hints`` gives a specific hint for each wrong option.

    Example:
        >>> q = MultipleChoice("q", "Which is a customer KPI?",
        ...                    {"a": "Occupancy", "b": "CSAT"}, answer="b",
        ...                    hints={"a": "Occupancy measures how busy agents are."})
        >>> q.check("a").hint
        'Occupancy measures how busy agents are.'
        >>> q.check("B").correct
        True
    """

    kind = "multiple choice"

    def __init__(
        self, exercise_id: str, question: str, options: Mapping[str, str], answer: str, *,
        hints: Mapping[str, str] | None = None, criteria: Sequence[str] = (),
        explanation: str = "",
    ) -> None:
        super().__init__(exercise_id, question, criteria=criteria, explanation=explanation)
        self.options = {str(k).lower(): v for k, v in options.items()}
        self.answer = str(answer).lower()
        if self.answer not in self.options:
            raise ValueError(f"Exercise {exercise_id!r}: answer {answer!r} is not an option.")
        self.hints = {str(k).lower(): v for k, v in (hints or {}).items()}

    def _letter(self, answer: Any) -> str | None:
        text = str(answer if answer is not None else "").strip().lower().rstrip(").")
        if text in self.options:
            return text
        for letter, option in self.options.items():
            if text == option.strip().lower() or text == f"{letter}) {option}".lower():
                return letter
        return None

    def check(self, answer: Any) -> Feedback:
        letter = self._letter(answer)
        if letter is None:
            choices = ", ".join(self.options)
            return Feedback(False, f"Choose one of the options: {choices}.")
        if letter == self.answer:
            return Feedback(True, self.explanation or "Well done.")
        return Feedback(
            False, f"'{self.options[letter]}' is not the best answer.",
            self.hints.get(letter, "Re-read the question and think about what it measures."),
        )

    def _format_answer(self, answer: Any) -> str:
        letter = self._letter(answer) or str(answer)
        return f"{letter}) {self.options.get(letter, '')}".strip()

    def _static_extra_html(self) -> str:
        items = "".join(
            f"<li><b>{html.escape(k)})</b> {html.escape(v)}</li>" for k, v in self.options.items()
        )
        return f'<ul style="list-style:none;padding-left:1em;">{items}</ul>'



class NumericAnswer(Exercise):
    """A number, right within ``tolerance`` (absolute). ``expected`` may be a function,
    called at check time, so the answer follows whatever data the learner is using.

    Example:
        >>> q = NumericAnswer("q", "Service level (%)?", expected=lambda: 80.0,
        ...                   tolerance=0.5, units="%")
        >>> q.check("80%").correct, q.check("8O").message
        (True, "I couldn't read '8O' as a number. Type digits only, for example 72.5.")
    """

    kind = "number"

    def __init__(
        self, exercise_id: str, question: str, *, expected: Expected, tolerance: float = 0.0,
        units: str = "", hint_low: str = "", hint_high: str = "", criteria: Sequence[str] = (),
        explanation: str = "", decimals: int = 1,
    ) -> None:
        super().__init__(exercise_id, question, criteria=criteria, explanation=explanation)
        if tolerance < 0:
            raise ValueError(f"Exercise {exercise_id!r}: tolerance must be 0 or more.")
        self._expected = expected
        self.tolerance = float(tolerance)
        self.units = units
        self.hint_low = hint_low
        self.hint_high = hint_high
        self.decimals = decimals

    def expected(self) -> float:
        """The right answer, computed now (from the data in use) if it is a function."""
        value = self._expected() if callable(self._expected) else self._expected
        return float(value)

    def check(self, answer: Any) -> Feedback:
        value = parse_number(answer)
        if value is None:
            shown = "" if answer is None else str(answer).strip()
            if not shown:
                return Feedback(False, "Type a number first.")
            return Feedback(
                False, f"I couldn't read '{shown}' as a number. "
                "Type digits only, for example 72.5.",
                "If you meant a decimal, type it with a point (12.5); write thousands without "
                "commas (1234)." if "," in shown else "",
            )
        expected = self.expected()
        if math.isclose(value, expected, abs_tol=self.tolerance + 1e-9):
            return Feedback(True, self.explanation or "Well done.")
        direction = "too high" if value > expected else "too low"
        hint = self.hint_high if value > expected else self.hint_low
        return Feedback(False, f"Not quite: {self._fmt(value)} is {direction}.", hint)

    def _fmt(self, value: float) -> str:
        """The value as a manager writes it: 58.3%, £12,048 (pounds first), 37 agents.

        Example:
            >>> NumericAnswer("q", "Overspend (£)?", expected=1, units="£")._fmt(-12048)
            '−£12,048'
        """
        text = f"{abs(value):,.{self.decimals}f}".rstrip("0").rstrip(".") if self.decimals else (
            f"{abs(value):,.0f}")
        sign = "−" if value < 0 and text.strip("0.,") else ""
        if self.units == "£":
            return f"{sign}£{text}"
        return (f"{sign}{text}{self.units}" if self.units == "%"
                else f"{sign}{text} {self.units}".strip())

    def _format_answer(self, answer: Any) -> str:
        value = parse_number(answer)
        return self._fmt(value) if value is not None else str(answer)



class WrittenAnswer(Exercise):
    """A short written answer, checked for length and for key ideas.

    ``key_points`` maps each idea to words that show it, e.g.
    ``{"a decision": ["decide", "decision", "change"]}``. The answer passes when it has at
    least ``min_words`` words and mentions ``required_points`` ideas (default: all).

    Example:
        >>> q = WrittenAnswer("w", "What data do you collect?", min_words=5,
        ...                   key_points={"a source of data": ["survey", "log", "system"]})
        >>> q.check("We run a survey after every call.").correct
        True
        >>> q.check("Lots.").message
        'Write a little more: 1 word so far, aim for at least 5.'
    """

    kind = "written"

    def __init__(
        self, exercise_id: str, question: str, *, key_points: Mapping[str, Sequence[str]],
        min_words: int = 20, required_points: int | None = None, model_answer: str = "",
        criteria: Sequence[str] = (), explanation: str = "",
    ) -> None:
        super().__init__(exercise_id, question, criteria=criteria, explanation=explanation)
        self.key_points = {idea: tuple(w.lower() for w in words)
                           for idea, words in key_points.items()}
        self.min_words = min_words
        self.required_points = (len(self.key_points) if required_points is None
                                else required_points)
        self.model_answer = model_answer

    def ideas_found(self, answer: str) -> list[str]:
        """Which key ideas the answer mentions."""
        words = set(re.findall(r"[a-z']+", answer.lower()))
        text = answer.lower()
        return [
            idea for idea, cues in self.key_points.items()
            if any((cue in words) if " " not in cue else (cue in text) for cue in cues)
            or any(w.startswith(cue) for cue in cues if len(cue) >= 5 for w in words)
        ]

    def _is_cue(self, word: str, text: str) -> bool:
        for cues in self.key_points.values():
            for cue in cues:
                if " " in cue:
                    if cue in text and word in cue.split():
                        return True
                elif word == cue or (len(cue) >= 5 and word.startswith(cue)):
                    return True
        return False

    def reads_as_sentences(self, answer: str) -> bool:
        """False for a list of key words with no sentences around them.

        A real answer joins its ideas with ordinary words (we, the, to, because, ...): at
        least a fifth of the words are such words, and at most half are the key words.

        Example:
            >>> q = WrittenAnswer("w", "?", key_points={"data": ["survey", "log"]})
            >>> q.reads_as_sentences("We run a survey after every call.")
            True
            >>> q.reads_as_sentences("survey log survey log data system report")
            False
        """
        text = answer.lower()
        words = re.findall(r"[a-z]+(?:'[a-z]+)?", text)
        if not words:
            return False
        joining = sum(w in _FUNCTION_WORDS for w in words)
        cues = sum(self._is_cue(w, text) for w in words)
        return joining >= max(2, 0.2 * len(words)) and cues <= 0.5 * len(words)

    def check(self, answer: Any) -> Feedback:
        text = str(answer or "").strip()
        count = len(text.split())
        if count < self.min_words:
            plural = "word" if count == 1 else "words"
            return Feedback(
                False, f"Write a little more: {count} {plural} so far, "
                f"aim for at least {self.min_words}."
            )
        if count >= 3 and not self.reads_as_sentences(text):
            return Feedback(
                False, "This reads like a list of key words rather than sentences.",
                "Write it as you would explain it to a colleague: what you would do, "
                "and why, in two or three full sentences.",
            )
        found = self.ideas_found(text)
        missing = [idea for idea in self.key_points if idea not in found]
        if len(found) >= self.required_points:
            extra = f" You could also mention {', '.join(missing)}." if missing else ""
            return Feedback(True, f"Good answer: it covers {', '.join(found) or 'the question'}."
                            + extra)
        return Feedback(
            False, f"A good start. It does not yet mention {', '.join(missing)}.",
            self.model_answer and "Press the button again after adding to your answer, or "
            "compare with the model answer below." or "",
        )


    def _static_extra_html(self) -> str:
        if not self.model_answer:
            return ""
        return (
            "<details><summary>Model answer (open after you have tried)</summary>"
            f"<p>{html.escape(self.model_answer)}</p></details>"
        )


_FUNCTION_WORDS_TEXT = """
a an the this that these those it its i we you he she they me us him her them my our your
their is are was were be been being am do does did have has had will would shall should can
could may might must to of in on at by for with from into onto about after before during
until while when where why how what which who whom whose if then than so because as and or
but not no nor also only each every all any some more most other such there here up down out
over under again once both either neither per via let lets i'd i'll i'm we'd we'll we're
it's that's don't doesn't isn't aren't won't can't
"""
_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())

_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")  # 1,234 and 1,234.5
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")                    # 12,5 and 0,8 and ,5
_EUROPEAN = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+,\d+$")      # 1.234,5


def parse_number(answer: Any) -> float | None:
    """Read a number the way a person types it: ``"1,234"``, ``"72.5%"``, ``" 80 "``, ``"12,5"``.

    A comma is a thousands separator when it is followed by groups of three digits
    (``"1,234"`` is 1234); otherwise a single comma is a decimal point (``"12,5"`` is 12.5,
    ``"0,8"`` is 0.8). Anything else with commas (``"1,234,5"``) cannot be read: ``None``,
    so the learner is asked to type it again.

    Example:
        >>> parse_number("1,234.5"), parse_number("72%"), parse_number("abc")
        (1234.5, 72.0, None)
        >>> [parse_number(t) for t in ("12,5", "0,8", "1,234", "1,234,5")]
        [12.5, 0.8, 1234.0, None]
    """
    if isinstance(answer, bool) or answer is None:
        return None
    if isinstance(answer, int | float):
        return float(answer) if math.isfinite(answer) else None
    text = re.sub(r"\s+", "", str(answer)).replace("£", "").rstrip("%")
    if "," in text:
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        elif _DECIMAL_COMMA.match(text):
            text = text.replace(",", ".")
        elif _EUROPEAN.match(text):
            text = text.replace(".", "").replace(",", ".")
        else:
            return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _display_html(markup: str) -> None:
    from IPython.display import HTML, display

    display(HTML(markup))
