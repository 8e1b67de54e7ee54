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



@dataclass(frozen=True)
class Misconception:
    """A known wrong belief a written answer may state, e.g. "the forecast is always right".

    ``claim`` names it for the learner ("the forecast is always right"); ``phrases`` are the
    words that state it (matched as whole words, case and apostrophes ignored, contractions
    such as "won't" read as "will not"); ``why`` explains what is wrong with it.

    Example:
        >>> m = Misconception("the forecast is always right", ("forecast is always right",))
        >>> m.claim
        'the forecast is always right'
    """

    claim: str
    phrases: tuple[str, ...]
    why: str = ""


def _absolute_claims(subjects: Sequence[str], claims: Sequence[str]) -> tuple[str, ...]:
    return tuple(f"{subject} {claim}" for subject in subjects for claim in claims)


#: Applied to every written answer: a forecast or plan that cannot be wrong.
FORECAST_ALWAYS_RIGHT = Misconception(
    "the forecast or the plan is always right",
    _absolute_claims(
        ("forecast", "forecasts", "plan", "plans", "rota", "schedule"),
        ("is always right", "is always accurate", "is always correct", "is never wrong",
         "is never out", "is perfect", "are always right", "are always accurate",
         "are always correct", "are never wrong", "will always be right",
         "will always be accurate", "will be right", "will never be wrong", "can not be wrong",
         "always works", "always work", "will always work", "is always spot on")),
    why="Every forecast is wrong by some amount, and demand changes: a plan is only as good "
        "as the checks that catch it drifting. Say what you would compare it with, and what "
        "you would do when it is out.",
)
#: Misconceptions every written answer is checked for (an exercise may add its own).
COMMON_MISCONCEPTIONS: tuple[Misconception, ...] = (FORECAST_ALWAYS_RIGHT,)

#: Words that negate a key idea when they come shortly before its cue, in the same clause:
#: "I will **not** change anything", "**no need to** review", "**nothing** needs to change".
NEGATIONS: tuple[str, ...] = (
    "not", "never", "nothing", "nobody", "none", "neither", "nor", "no need", "no point",
    "no one", "no longer", "no way",
)
#: How many words before a cue a negation reaches ("nothing needs to change", "I will not
#: review or change anything").
NEGATION_REACH = 5
#: A negation followed by one of these reaches the whole clause: "I **don't think** the
#: planner needs to review anything".
OPINION_WORDS = frozenset(("think", "believe", "expect", "feel", "reckon", "suppose", "see"))
#: Words after a negation that turn it into a positive commitment: "not only … but also",
#: "never let abandonment …", "don't forget to check …".
NOT_NEGATING_NEXT = frozenset((
    "only", "just", "merely", "simply", "always", "let", "allow", "accept", "ignore",
    "forget", "miss", "overlook", "neglect", "skip", "hesitate", "wait",
))
#: After a cue, "not"/"never" followed by one of these negates it ("the team leader does
#: not need to act"); after any other word it describes the measure ("service level is not
#: on target") and the idea stands.
ACTION_WORDS = frozenset((
    "act", "action", "adjust", "ask", "bother", "call", "change", "check", "do", "intervene",
    "look", "make", "measure", "monitor", "move", "need", "plan", "respond", "review", "step",
    "take", "track", "use", "watch", "worry",
))
#: Words that start a condition: a negation inside one describes a trigger, not a refusal
#: ("if service level is not met, …").
CONDITIONS = frozenset(("if", "when", "whenever", "unless", "once", "whether", "until",
                        "where"))
#: Words that start a new clause (as punctuation does): a negation does not reach past them.
CLAUSE_WORDS = frozenset(("but", "so", "because", "however", "instead", "although", "though",
                          "then", "otherwise", "yet", "whereas"))
#: "and"/"or" followed by one of these starts a new clause too ("I will not change the rota
#: **and the** team leader …"); before anything else they share the negation ("I will not
#: review or change anything").
SUBJECT_WORDS = frozenset(("i", "we", "you", "they", "he", "she", "it", "the", "my", "our",
                           "their", "this", "that", "a", "an"))
#: Words before a misconception's phrase that reject it ("it is a **mistake** to think …").
REJECTING = frozenset(("wrong", "mistake", "myth", "untrue", "false", "naive", "risky",
                       "dangerous", "trap", "misconception", "unwise"))
_AUXILIARIES = frozenset(("will", "would", "shall", "should", "can", "could", "must", "do",
                          "does", "did", "need", "am", "is", "are", "was", "were"))
_CONTRACTIONS = (
    (re.compile(r"\bwon't\b"), "will not"), (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bcannot\b"), "can not"), (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"n't\b"), " not"), (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'re\b"), " are"), (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'m\b"), " am"), (re.compile(r"'d\b"), " would"), (re.compile(r"'s\b"), ""),
)
_TOKENS = re.compile(r"[a-z0-9]+|[.,;:!?()\u2013\u2014\u2026]")
_MARKS = frozenset(".,;:!?()\u2013\u2014\u2026")


def _tokens(text: str) -> list[str]:
    """Lower-case words and clause-ending marks, contractions spelled out.

    Example:
        >>> _tokens("I won't change anything… the forecast's fine")
        ['i', 'will', 'not', 'change', 'anything', '…', 'the', 'forecast', 'fine']
    """
    text = str(text).lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\s-+\s", " \u2013 ", text)
    for pattern, spelled in _CONTRACTIONS:
        text = pattern.sub(spelled, text)
    return _TOKENS.findall(text)


@dataclass(frozen=True)
class _Reading:
    """An answer as tokens, with the clause of each token and whether it is a condition."""

    tokens: list[str]
    clause: list[int]
    condition: list[bool]
    negator: list[int]  # where a negation ending at this token starts (-1: none)

    @classmethod
    def of(cls, text: str) -> _Reading:
        tokens = _tokens(text)
        clause, condition, number, inside = [], [], 0, False
        for i, token in enumerate(tokens):
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            if (token in _MARKS or token in CLAUSE_WORDS or token in CONDITIONS
                    or (token in ("and", "or") and following in SUBJECT_WORDS)):
                number += 1
                inside = token in CONDITIONS
            clause.append(number)
            condition.append(inside)
        negator = [-1] * len(tokens)
        for phrase in NEGATIONS:
            words = phrase.split()
            for i in range(len(tokens) - len(words) + 1):
                if tokens[i:i + len(words)] == words:
                    negator[i + len(words) - 1] = i
        return cls(tokens, clause, condition, negator)

    def matches(self, cue: Sequence[str], exact: bool = False) -> list[tuple[int, int]]:
        """Where a cue's words occur: (first, last) token positions. Unless ``exact``, the
        last word may be a longer form of a cue word of five letters or more ("levels" for
        "level")."""
        n, found = len(cue), []
        for i in range(len(self.tokens) - n + 1):
            window = self.tokens[i:i + n]
            if window[:-1] == list(cue[:-1]) and (
                    window[-1] == cue[-1] or (not exact and len(cue[-1]) >= 5
                                              and window[-1].startswith(cue[-1]))):
                found.append((i, i + n - 1))
        return found

    def _start(self, at: int) -> int:
        """Where to start quoting a negation: "do not", "will not" with their verb."""
        return at - 1 if (self.tokens[at] == "not" and at > 0
                          and self.tokens[at - 1] in _AUXILIARIES) else at

    def _negates(self, at: int) -> bool:
        following = self.tokens[at + 1] if at + 1 < len(self.tokens) else ""
        return following not in NOT_NEGATING_NEXT

    def negation_near(self, first: int, last: int) -> str:
        """The negating words around a cue at ``first``..``last`` ("" if none): a negation
        up to NEGATION_REACH words before it, in the same clause (or anywhere before it in
        the clause after "not think", "never expect"…); "no" just before it;
        "nothing" or "not"/"never" + an action word just after it; "not"/"never" straight
        after a cue that ends in "will", "do", "need"… Never inside a condition."""
        if self.condition[first]:
            return ""
        tokens, clause = self.tokens, self.clause[first]
        for k in range(first - 1, -1, -1):
            if self.clause[k] != clause:
                break
            opinion = k + 1 < len(tokens) and tokens[k + 1] in OPINION_WORDS
            if (self.negator[k] >= 0 and self._negates(k)
                    and (first - k <= NEGATION_REACH or opinion)):
                return " ".join(tokens[self._start(self.negator[k]):last + 1])
        if first > 0 and tokens[first - 1] == "no" and self.clause[first - 1] == clause:
            return " ".join(tokens[first - 1:last + 1])
        for k in range(last + 1, min(len(tokens), last + 4)):
            if self.clause[k] != clause:
                break
            word = tokens[k]
            after = tokens[k + 1] if k + 1 < len(tokens) else ""
            if (word == "nothing"
                    or (word in ("not", "never") and after in ACTION_WORDS)
                    or (word in ("not", "never") and k == last + 1
                        and tokens[last] in _AUXILIARIES and self._negates(k))):
                return " ".join(tokens[first:k + 2 if after in ACTION_WORDS else k + 1])
        return ""

    def rejected_before(self, first: int) -> bool:
        """A negation or a rejecting word ("mistake", "myth") earlier in the same clause."""
        for k in range(first - 1, -1, -1):
            if self.clause[k] != self.clause[first]:
                return False
            if self.negator[k] >= 0 or self.tokens[k] in REJECTING or self.tokens[k] == "no":
                return True
        return False


class WrittenAnswer(Exercise):
    """A short written answer, checked for length, for key ideas, for ideas it rules out,
    and for known misconceptions.

    ``key_points`` maps each idea to words that show it, e.g.
    ``{"a decision": ["decide", "decision", "change"]}``. The answer passes when it has at
    least ``min_words`` words, reads as sentences, mentions ``required_points`` ideas
    (default: all), rules none of them out and states no misconception.

    * **Ruled out**: an idea counts only where its cue is not negated: "I will **not**
      change anything" or "there is **no need to** review" do not show an action, while
      "**if** service level is **not** met, I move breaks" does (a negation inside a
      condition is a trigger) and so does "I will **not only** check …". An idea whose every
      mention is negated is named in the feedback with the words that negate it.
    * **Misconceptions**: :data:`COMMON_MISCONCEPTIONS` (the forecast is always right) and
      the exercise's own ``misconceptions`` (see :class:`Misconception`). "Never assume the
      forecast is always right" rejects the misconception, so it is not held against the
      answer.

    The rules are word lists in this module (:data:`NEGATIONS`, :data:`NOT_NEGATING_NEXT`,
    :data:`ACTION_WORDS`, :data:`CONDITIONS`), so a tutor can read why an answer was refused.

    Example:
        >>> q = WrittenAnswer("w", "What data do you collect?", min_words=5,
        ...                   key_points={"a source of data": ["survey", "log", "system"]})
        >>> q.check("We run a survey after every call.").correct
        True
        >>> q.check("Lots.").message
        'Write a little more: 1 word so far, aim for at least 5.'
        >>> print(q.check("We do not run a survey after calls.").message)
        ... # doctest: +NORMALIZE_WHITESPACE
        It rules out a source of data ("do not run a survey"): say what you would do,
        not what you would not.
    """

    kind = "written"

    def __init__(
        self, exercise_id: str, question: str, *, key_points: Mapping[str, Sequence[str]],
        min_words: int = 20, required_points: int | None = None, model_answer: str = "",
        criteria: Sequence[str] = (), explanation: str = "",
        misconceptions: Sequence[Misconception] = (),
    ) -> None:
        super().__init__(exercise_id, question, criteria=criteria, explanation=explanation)
        self.key_points = {idea: tuple(w.lower() for w in words)
                           for idea, words in key_points.items()}
        self.min_words = min_words
        self.required_points = (len(self.key_points) if required_points is None
                                else required_points)
        self.model_answer = model_answer
        for item in misconceptions:
            checks.instance("misconceptions", item, Misconception,
                            "a list of Misconception(claim, phrases, why)")
        self.misconceptions = (*COMMON_MISCONCEPTIONS, *misconceptions)
        self._cues = {idea: [tuple(_tokens(cue)) for cue in cues if _tokens(cue)]
                      for idea, cues in self.key_points.items()}

    def _mentions(self, answer: str) -> dict[str, list[str]]:
        """Each idea mentioned: [] if at least one mention stands, else the negating words
        of every mention (so an idea with only negated mentions has a non-empty list)."""
        reading = _Reading.of(answer)
        found: dict[str, list[str]] = {}
        for idea, cues in self._cues.items():
            negated: list[str] = []
            stands = False
            for cue in cues:
                for first, last in reading.matches(cue):
                    words = reading.negation_near(first, last)
                    if words:
                        negated.append(words)
                    else:
                        stands = True
            if stands:
                found[idea] = []
            elif negated:
                found[idea] = negated
        return found

    def ideas_found(self, answer: str) -> list[str]:
        """Which key ideas the answer mentions without ruling them out.

        Example:
            >>> q = WrittenAnswer("w", "?", key_points={"an action": ["change", "adjust"]})
            >>> q.ideas_found("I will change the rota."), q.ideas_found("I will not change it.")
            (['an action'], [])
        """
        return [idea for idea, negated in self._mentions(str(answer)).items() if not negated]

    def ideas_ruled_out(self, answer: str) -> dict[str, list[str]]:
        """Key ideas the answer mentions only in the negative, with the negating words.

        Example:
            >>> q = WrittenAnswer("w", "?", key_points={"an action": ["change", "adjust"]})
            >>> q.ideas_ruled_out("There is no need to change or adjust anything.")
            {'an action': ['no need to change', 'no need to change or adjust']}
        """
        return {idea: negated for idea, negated in self._mentions(str(answer)).items()
                if negated}

    def misconceptions_stated(self, answer: str) -> list[Misconception]:
        """The misconceptions the answer states (not those it rejects).

        Example:
            >>> q = WrittenAnswer("w", "?", key_points={"a check": ["check"]})
            >>> [m.claim for m in q.misconceptions_stated("The forecast is always right.")]
            ['the forecast or the plan is always right']
            >>> q.misconceptions_stated("Never assume the forecast is always right.")
            []
        """
        reading = _Reading.of(str(answer))
        stated = []
        for item in self.misconceptions:
            for phrase in item.phrases:
                words = _tokens(phrase)
                if any(not reading.rejected_before(first)
                       for first, _ in reading.matches(words, exact=True)):
                    stated.append(item)
                    break
        return stated

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
        mentions = self._mentions(text)
        found = [idea for idea, negated in mentions.items() if not negated]
        ruled_out = {idea: negated for idea, negated in mentions.items() if negated}
        missing = [idea for idea in self.key_points if idea not in mentions]
        wrong = self.misconceptions_stated(text)
        if not wrong and not ruled_out and len(found) >= self.required_points:
            extra = f" You could also mention {', '.join(missing)}." if missing else ""
            return Feedback(True, f"Good answer: it covers {', '.join(found) or 'the question'}."
                            + extra)
        problems = []
        if wrong:
            problems.append(f"Your answer says {_listed_claims(wrong)}, which is a common "
                            "mistake.")
        if ruled_out:
            quoted = "; ".join(f'{idea} ("{_said(negated[0])}")'
                               for idea, negated in ruled_out.items())
            problems.append(f"It rules out {quoted}: say what you would do, not what you "
                            "would not.")
        if len(found) < self.required_points and missing:
            problems.append(f"It does not yet mention {', '.join(missing)}.")
        if not problems:
            problems.append(f"It covers {len(found)} of the {self.required_points} ideas a "
                            "good answer needs.")
        if not wrong and not ruled_out:
            problems[-1] = "A good start. " + problems[-1]
        message = " ".join(problems)
        hint = " ".join(m.why for m in wrong if m.why)
        if not hint and self.model_answer:
            hint = ("Press the button again after adding to your answer, or compare with the "
                    "model answer below.")
        return Feedback(False, message, hint)

    def _static_extra_html(self) -> str:
        if not self.model_answer:
            return ""
        return (
            "<details><summary>Model answer (open after you have tried)</summary>"
            f"<p>{html.escape(self.model_answer)}</p></details>"
        )


def _said(words: str) -> str:
    """Negating words as the learner would write them: "I will not change"."""
    return re.sub(r"\bi\b", "I", words)


def _listed_claims(items: Sequence[Misconception]) -> str:
    claims = [f'"{m.claim}"' for m in items]
    return ", ".join(claims[:-1]) + f" and {claims[-1]}" if len(claims) > 1 else claims[0]


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
