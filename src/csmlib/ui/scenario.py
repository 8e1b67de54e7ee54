"""The de-escalation scenario widget (criterion 3.3) and the duty self-checks (3.4).

:class:`DeescalationScenario` plays one of the branching conversations of
:mod:`csmlib.course.deescalation` a turn at a time: the customer's line, three replies to
choose from (buttons *Reply A/B/C*), feedback after each choice naming the steps shown and
missed, the next turn (harder after a poor reply), and at the end the score and what to
coach. *Start again* resets the conversation. The learner's reflection is saved to the
portfolio with the path summary (the summary supports it; the reflection is the evidence).

:func:`duty_exercises` builds the multiple-choice self-checks of
:mod:`csmlib.course.duties`.

Example:
    >>> import tempfile, pathlib
    >>> from csmlib.course.portfolio import Portfolio
    >>> w = DeescalationScenario(portfolio=Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p"))
    >>> w.choose(0)
    >>> "Good (2 points)" in w.result.value
    True
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any, ClassVar

import ipywidgets as widgets

from csmlib.course import deescalation as logic
from csmlib.course.deescalation import LETTERS, Choice, Path, Scenario, Turn
from csmlib.course.duties import questions
from csmlib.course.portfolio import Portfolio, PortfolioError, WrittenPart
from csmlib.data import sectors
from csmlib.ui.exercises import MultipleChoice
from csmlib.ui.forms import NOT_SAVED, _evidence_status, saved_status
from csmlib.ui.widgets import CourseWidget, note

__all__ = ["DeescalationScenario", "duty_exercises", "duty_question"]

NOTEBOOK = "04"
CRITERIA = ("3.3",)
ACTIVITY_PREFIX = "04-deescalation-"
#: Reflection prompt under the scenario.
PROMPT = ("Which step did you find hardest to show, and why? Where did the customer's mood "
          "change on your path, and how would you coach an agent who took the same path?")
#: How each rating is marked: an icon and a word as well as a colour.
_MARKS: dict[str, tuple[str, str]] = {
    "good": ("\u2714", "#009E73"), "partial": ("\u25cf", "#E69F00"), "poor": ("\u2718", "#D55E00"),
}


def _quote(text: str) -> str:
    return f"\u201c{html.escape(text)}\u201d"


def _customer_html(turn: Turn, speaker: str = "Customer") -> str:
    how = f" <i>({html.escape(turn.note)})</i>" if turn.note else ""
    who = html.escape(turn.speaker or speaker)
    return f'<p class="csm-customer"><b>{who}:</b>{how} {_quote(turn.customer)}</p>'


def _options_html(turn: Turn) -> str:
    items = "".join(f"<li><b>{letter})</b> {_quote(choice.says)}</li>"
                    for letter, choice in zip(LETTERS, turn.choices, strict=True))
    return f'<ul style="list-style:none;padding-left:1em;margin:0;">{items}</ul>'


def _feedback_html(letter: str, choice: Choice) -> str:
    icon, colour = _MARKS[choice.rating]
    return (f'<p style="margin:0 0 0 1em;"><b>You (reply {letter}):</b> {_quote(choice.says)}'
            f'</p><div class="csm-feedback" style="border-left:4px solid {colour};'
            f'padding:4px 10px;margin:4px 0 10px 1em;">{icon} '
            f"{html.escape(choice.feedback_text())}</div>")


def path_html(path: Path) -> str:
    """The conversation so far as HTML: each turn with the reply and its feedback, then the
    turn waiting for a reply, or the score and what to coach once it has ended.

    Example:
        >>> "Choose your reply" in path_html(logic.walk(logic.SCENARIOS["wrong-bill"], []))
        True
    """
    scenario = path.scenario
    speaker = scenario.method.speaker
    parts = [f"<p><b>{html.escape(scenario.title)}.</b> {html.escape(scenario.setting)}</p>"]
    for exchange in path.exchanges:
        parts.append(_customer_html(exchange.turn, speaker))
        parts.append(_feedback_html(exchange.letter, exchange.choice))
    if path.current is not None:
        parts.append(_customer_html(path.current, speaker))
        parts.append("<p><b>Choose your reply</b> with the buttons below:</p>")
        parts.append(_options_html(path.current))
        return _block("".join(parts))
    parts.append(
        f'<div class="csm-summary" style="border:1px solid #999;padding:6px 10px;">'
        f"<p><b>The conversation has ended.</b> Your score: <b>{path.total} of "
        f"{path.max_points} points</b> over {path.turns_taken} turns.</p>"
        f"<p><b>Steps shown</b> (turns): {_counts(path.shown)}.<br><b>Steps missed</b> "
        f"(turns): {_counts(path.missed)}.<br><b>Rules broken:</b> "
        f"{html.escape(', '.join(path.broken) or 'none')}.</p>"
        "<p><b>What to coach:</b></p><ul>"
        + "".join(f"<li>{html.escape(tip)}</li>" for tip in path.coaching())
        + "</ul><p>Press <i>Start again</i> to try another path, or write your reflection "
        "below and save it with this path.</p></div>")
    return _block("".join(parts))


def _block(markup: str) -> str:
    """Text at a comfortable reading line height (widget HTML is otherwise spaced out)."""
    return f'<div style="line-height:1.45;">{markup}</div>'



def _number(count: int) -> str:
    """A small count in words ("four"), as the introduction reads it."""
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight")
    return words[count] if 0 <= count < len(words) else str(count)


def _counts(counts: Mapping[str, int]) -> str:
    return html.escape(", ".join(f"{step} ({n})" for step, n in counts.items()) or "none")


class DeescalationScenario(CourseWidget):
    """A branching de-escalation conversation, one turn at a time, saved with a reflection.

    ``controls``: ``scenario`` (which conversation), ``restart`` (*Start again*),
    ``reflection`` (the learner's text) and ``save``. The three reply buttons are in
    ``reply_buttons`` rather than ``controls``: a reply moves the conversation on, so it is
    a step of the path, not a setting to try values of. :meth:`choose`, :meth:`restart` and
    :meth:`save` do what the buttons do.

    The organisation is the sector's (``csmlib.data.sectors.profile(sector)``) unless
    ``organisation`` is given.

    A subclass plays other scenarios (with their own :class:`~csmlib.course.deescalation.Method`)
    by overriding :meth:`default_scenarios` and the class attributes ``NOTEBOOK``,
    ``CRITERIA``, ``ACTIVITY_PREFIX``, ``PROMPT`` and ``SAVE_TITLE``.
    """

    MIN_WORDS = 25
    NOTEBOOK: ClassVar[str] = NOTEBOOK
    CRITERIA: ClassVar[tuple[str, ...]] = CRITERIA
    ACTIVITY_PREFIX: ClassVar[str] = ACTIVITY_PREFIX
    PROMPT: ClassVar[str] = PROMPT
    #: The portfolio entry's title; ``{title}`` is the scenario's title in lower case.
    SAVE_TITLE: ClassVar[str] = "Handling a difficult customer: {title}"

    def __init__(self, sector: str = "energy", organisation: str | None = None, *,
                 portfolio: Portfolio | None = None,
                 scenarios: Mapping[str, Scenario] | None = None) -> None:
        super().__init__()
        name = organisation or sectors.profile(sector).organisation
        self.scenarios = dict(scenarios or self.default_scenarios(name, sector))
        if not self.scenarios:
            raise ValueError("scenarios is empty: give at least one Scenario.")
        self.portfolio = portfolio or Portfolio()
        self.choices: list[int] = []
        self.key = next(iter(self.scenarios))
        self._drafts: dict[str, str] = {}
        menu = widgets.Dropdown(
            options=[(s.title, key) for key, s in self.scenarios.items()], value=self.key,
            description="Scenario", layout=widgets.Layout(width="32em"))
        restart = widgets.Button(description="Start again", icon="refresh",
                                 layout=widgets.Layout(width="max-content"))
        text = widgets.Textarea(placeholder="Type your reflection here",
                                layout=widgets.Layout(width="98%", height="8em"))
        save = widgets.Button(description="Save path and reflection", button_style="success",
                              icon="save", layout=widgets.Layout(width="max-content"))
        self.reply_buttons = [
            widgets.Button(description=f"Reply {letter}", button_style="primary",
                           tooltip=f"Say reply {letter}", layout=widgets.Layout(width="8em"))
            for letter in LETTERS]
        for index, button in enumerate(self.reply_buttons):
            button.on_click(lambda _button, index=index: self._act(self.choose, index))
        restart.on_click(lambda _button: self._act(self.restart))
        save.on_click(lambda _button: self._act(self.save))
        menu.observe(self._on_scenario, names="value")
        self.controls = {"scenario": menu, "restart": restart, "reflection": text,
                         "save": save}
        if len(self.scenarios) == 1:  # nothing to choose: no menu
            menu.layout.display = "none"
            del self.controls["scenario"]
        self.status = widgets.HTML(NOT_SAVED)
        prompt = widgets.HTML(f"<p><b>Reflection</b> (criterion {', '.join(self.CRITERIA)}, "
                              f"at least {self.MIN_WORDS} words): "
                              f"{html.escape(self.PROMPT)}</p>")
        self.view = widgets.VBox([
            menu, self.result, widgets.HBox([*self.reply_buttons, restart]), self.message,
            prompt, text, save, self.status])
        self.view.add_class("csm-widget")
        self._load_saved()
        self._safe_update()

    @staticmethod
    def default_scenarios(organisation: str, sector: str) -> Mapping[str, Scenario]:
        """The scenarios played when none are given: the de-escalation conversations."""
        return logic.scenarios(organisation, sector)

    # ------------------------------------------------------------------ state
    @property
    def scenario(self) -> Scenario:
        """The scenario being played."""
        return self.scenarios[self.key]

    @property
    def path(self) -> Path:
        """The path taken so far."""
        return logic.walk(self.scenario, self.choices)

    @property
    def activity(self) -> str:
        """The portfolio activity for the scenario being played (one entry per scenario)."""
        return self.ACTIVITY_PREFIX + self.key

    def update(self) -> None:
        path = self.path
        self.result.value = path_html(path)
        for button in self.reply_buttons:
            button.disabled = path.ended

    def choose(self, index: int) -> None:
        """Say reply ``index`` (0, 1, 2 for A, B, C) at the current turn."""
        if self.path.ended:
            raise ValueError("The conversation has ended: press Start again to try another "
                             "path.")
        logic.walk(self.scenario, [*self.choices, index])  # checks the choice first
        self.choices.append(index)
        self._safe_update()

    def restart(self) -> None:
        """Start the conversation again from the first turn."""
        self.choices = []
        self._safe_update()

    def _on_scenario(self, change: dict[str, Any]) -> None:
        self._drafts[self.key] = self.controls["reflection"].value
        self.key = change["new"]
        self.choices = []
        self._load_saved()
        self._safe_update()

    # ----------------------------------------------------------------- saving
    def _load_saved(self) -> None:
        try:
            saved = self.portfolio.get(self.activity)
        except PortfolioError as error:
            self.message.value = note(str(error))
            return
        written = next((p.text for p in saved.parts if p.key == "reflection"), "") \
            if saved else ""
        self.controls["reflection"].value = self._drafts.get(self.key, written)
        self.status.value = (_evidence_status(saved, just_saved=False) if saved
                             else NOT_SAVED)

    def save(self) -> None:
        """Save the finished path's summary with the reflection, as evidence for the
        widget's criteria (3.3 for de-escalation)."""
        path = self.path
        if not path.ended:
            raise ValueError(f"Finish the conversation first ({path.turns_taken} of at least "
                             f"{logic.MIN_TURNS} turns so far), then save your path with "
                             "your reflection.")
        text = self.controls["reflection"].value.strip()
        words = len(text.split())
        if words < self.MIN_WORDS:
            raise ValueError(f"{words} words so far: write at least {self.MIN_WORDS} so an "
                             "assessor can see your thinking, then press Save again.")
        entry = self.portfolio.save(
            title=self.SAVE_TITLE.format(title=self.scenario.title.lower()),
            parts=[WrittenPart("My reflection on the path I took", text, self.CRITERIA,
                               self.MIN_WORDS, "reflection")],
            support_text=path.summary(), notebook=self.NOTEBOOK, activity=self.activity)
        self._drafts.pop(self.key, None)
        self.status.value = saved_status(entry, self.portfolio)

    # ---------------------------------------------------------------- display
    def intro_html(self) -> str:
        method = self.scenario.method
        steps = "".join(f"<li><b>{html.escape(step.capitalize())}</b>: "
                        f"{html.escape(method.meanings[step])}</li>"
                        for step in method.steps)
        rules = "; ".join(method.rules)
        return (f"<p>Choose what you would say. Each reply is judged on "
                f"{_number(len(method.steps))} steps:</p>"
                f"<ul>{steps}</ul><p>and {_number(len(method.rules))} rules: "
                f"{html.escape(rules)}. A good reply earns 2 points, a partial one 1, a poor "
                f"one 0, and a poor reply {html.escape(method.poor_effect)}.</p>")

    def static_html(self) -> str:
        """Each scenario's setting, the customer's first line and the three replies."""
        parts = ["<p><b>How each scenario opens</b> (for a printout, or if the buttons above "
                 "do not show): which reply would you choose, and which steps does it show?"
                 "</p>"]
        for scenario in self.scenarios.values():
            parts.append(
                '<div style="border-left:4px solid #56B4E9;padding:2px 10px;margin:6px 0;">'
                f"<p><b>{html.escape(scenario.title)}.</b> {html.escape(scenario.setting)}"
                f"</p>{_customer_html(scenario.start, scenario.method.speaker)}"
                f"{_options_html(scenario.start)}</div>")
        return "".join(parts)


def duty_exercises(sector: str | None = "energy") -> list[MultipleChoice]:
    """The legal-duties scenario questions (criterion 3.4) as multiple-choice self-checks.

    Example:
        >>> checks = duty_exercises()
        >>> checks[0].check(checks[0].answer).correct
        True
        >>> "Source:" in checks[0].explanation
        True
    """
    return [MultipleChoice(**q.exercise_arguments()) for q in questions(sector)]


def duty_question(number: int, sector: str | None = "energy") -> MultipleChoice:
    """The legal-duties question ``number`` (from 1, in the order of
    :func:`csmlib.course.duties.questions`) as a multiple-choice self-check.

    Example:
        >>> duty_question(1).id
        '04-duty-purpose'
        >>> duty_question(99)
        Traceback (most recent call last):
        ...
        ValueError: number must be 1 to 10 for sector 'energy', not 99.
    """
    chosen = questions(sector)
    if isinstance(number, bool) or not isinstance(number, int) \
            or not 1 <= number <= len(chosen):
        raise ValueError(f"number must be 1 to {len(chosen)} for sector {sector!r}, not "
                         f"{number!r}.")
    return MultipleChoice(**chosen[number - 1].exercise_arguments())
