"""Coaching and leading the team (criterion 4.3): a GROW plan builder, the conflict scenario,
and a structured one-to-one.

* :class:`GrowPlan` — pick an agent; their Reality (a kit table the lesson builds from the
  data) is shown; write the Goal, your Reality notes, the Options and the Will (way forward)
  with a review date, prompted by Whitmore's GROW questions
  (:data:`csmlib.course.competencies.GROW`); save the plan to the portfolio as evidence for
  4.3. Only what the learner writes is evidence; the Reality table supports it.
* :class:`ConflictScenario` — the branching conflict between two agents
  (:mod:`csmlib.course.team_scenarios`) played by the de-escalation scenario widget, saved
  with a reflection for 4.3.
* :class:`OneToOnePlan` — a one-to-one built from an agent's scorecard: strengths, gaps with
  evidence, agreed actions, support, review date.

Example:
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> from csmlib.course.portfolio import Portfolio
    >>> from csmlib.ui.tables import table
    >>> def reality(agent_id):
    ...     return table(pd.DataFrame({"item": ["Empathy"], "score": [3.1]}),
    ...                  {"item": "QA item", "score": ("Mean score (1–5)", "number")})
    >>> plan = GrowPlan([("Agent A01", "A01")], reality,
    ...                 portfolio=Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite"))
    >>> "Empathy" in plan.result.value, plan.status.value
    (True, 'Not saved yet.')
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, ClassVar

import ipywidgets as widgets
import pandas as pd

from csmlib.course import competencies
from csmlib.course import team_scenarios as teams
from csmlib.course.deescalation import Scenario
from csmlib.course.portfolio import Evidence, Portfolio, WrittenPart
from csmlib.ui.forms import (
    NOT_SAVED,
    ArtefactForm,
    ArtefactPart,
    _evidence_status,
    load_saved,
    saved_status,
)
from csmlib.ui.scenario import DeescalationScenario
from csmlib.ui.tables import Table, format_value
from csmlib.ui.widgets import CourseWidget

__all__ = ["ConflictScenario", "GrowPlan", "OneToOnePlan", "grow_prompts_html", "sbi_html"]

NOTEBOOK = "05"
CRITERIA = ("4.3",)

#: The plan's written parts: control key → (heading, the GROW stage whose prompts it shows,
#: placeholder, required).
_PARTS: dict[str, tuple[str, str, str, bool]] = {
    "goal": ("Goal", "goal", "What the agent wants to achieve, in their words, and how you "
             "will both know", True),
    "reality": ("Reality: your notes", "reality", "What the data above says, what the agent "
                "said about it, what they have tried", False),
    "options": ("Options", "options", "The ways forward the agent came up with (and yours, "
                "last)", False),
    "will": ("Will (way forward)", "will", "What they will do, by when, the support you will "
             "give", True),
}
_REVIEW = "Review date: "


def grow_prompts_html() -> str:
    """The four GROW stages, what each is for and its questions, as HTML.

    Example:
        >>> "Options" in grow_prompts_html() and "Whitmore" in grow_prompts_html()
        True
    """
    items = "".join(
        f"<li><b>{html.escape(stage.name)}</b>: {html.escape(stage.purpose)} <i>"
        + html.escape(" ".join(stage.prompts)) + "</i></li>" for stage in competencies.GROW)
    return (f"<ul style='margin:2px 0'>{items}</ul><p style='font-size:12px;color:#444'>"
            f"Source: {html.escape(competencies.GROW[0].source)}</p>")


def sbi_html() -> str:
    """The SBI feedback model with its example, as HTML.

    Example:
        >>> "Situation" in sbi_html() and "Center for Creative Leadership" in sbi_html()
        True
    """
    model = competencies.SBI
    parts = "".join(f"<li><b>{html.escape(name)}</b>: {html.escape(what)}</li>"
                    for name, what in model.parts)
    example = "<br>".join(f"<b>{html.escape(name)}:</b> {html.escape(words)}"
                          for name, words in model.example)
    return (f"<p><b>Feedback: {html.escape(model.name)}</b></p><ul>{parts}</ul>"
            f"<p><b>For example</b>, after a call:</p><blockquote>{example}</blockquote>"
            f"<p>{html.escape(model.then)}</p>"
            f"<p style='font-size:12px;color:#444'>Source: {html.escape(model.source)}</p>")


def _parse_date(text: str) -> date:
    """A date typed by a person: 2027-01-15, 15/01/2027 (day first) or 15 Jan 2027.

    Example:
        >>> _parse_date("15/01/2027"), _parse_date("2027-01-15") == _parse_date("15 Jan 2027")
        (datetime.date(2027, 1, 15), True)
    """
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    with warnings.catch_warnings():  # pandas warns when it guesses a format
        warnings.simplefilter("ignore")
        when = pd.to_datetime(text, dayfirst=True)
    if pd.isna(when):
        raise ValueError(f"{text!r} is not a date")
    return when.date()


def _words(text: str) -> int:
    return len(text.split())


class GrowPlan(CourseWidget):
    """A GROW coaching plan for one agent, saved to the portfolio as evidence for 4.3.

    ``agents`` is a list of ``(label, agent_id)`` for the menu; ``reality(agent_id)`` returns
    the agent's Reality as a :class:`~csmlib.ui.tables.Table` (the lesson builds it from the
    data: QA items, CSAT, handle time against the team). ``controls``: ``agent``, ``goal``,
    ``reality``, ``options``, ``will``, ``review`` (the review date) and ``save``. The live
    ``result`` is the chosen agent's Reality table; ``status`` is the one status line.

    Saving needs at least :attr:`MIN_WORDS` words in the Goal and in the Will, and a review
    date from today on. Saving again replaces the plan (one plan, activity ``05-grow-plan``);
    a new widget loads the saved plan back.
    """

    ACTIVITY: ClassVar[str] = "05-grow-plan"
    MIN_WORDS: ClassVar[int] = 15

    def __init__(self, agents: Sequence[tuple[str, Any]],
                 reality: Callable[[Any], Table], portfolio: Portfolio | None = None) -> None:
        super().__init__()
        self.agents = self._check_agents(agents)
        if not callable(reality):
            raise ValueError("reality must be a function agent_id -> Table (a kit table of "
                             f"the agent's data), not {type(reality).__name__}.")
        self.reality = reality
        self.portfolio = portfolio or Portfolio()
        self._tables: dict[Any, Table] = {}
        label = {"description_width": "initial"}
        self.controls["agent"] = widgets.Dropdown(
            options=list(self.agents), value=self.agents[0][1], description="Agent",
            style=label, layout=widgets.Layout(width="24em"))
        self.captions: dict[str, widgets.HTML] = {}
        items: list[widgets.Widget] = []
        for key, (_heading, _stage, placeholder, _required) in _PARTS.items():
            box = widgets.Textarea(placeholder=placeholder,
                                   layout=widgets.Layout(width="98%", height="5.5em"))
            self.controls[key] = box
            self.captions[key] = widgets.HTML(self._caption(key))
            box.observe(lambda _change, key=key: self._recaption(key), names="value")
            items += [self.captions[key], box]
        self.controls["review"] = widgets.Text(
            placeholder="e.g. " + format_value(date.today() + timedelta(days=28), "date"),
            description="Review date", style=label, layout=widgets.Layout(width="22em"))
        save = widgets.Button(description="Save GROW plan", button_style="success",
                              icon="save", layout=widgets.Layout(width="max-content"))
        save.on_click(lambda _button: self._act(self.save))
        self.controls["save"] = save
        self.status = widgets.HTML(NOT_SAVED)
        self.controls["agent"].observe(self._safe_update, names="value")
        self._load_saved()
        heading = widgets.HTML("<p><b>Your plan</b> (write it as you would agree it with the "
                               "agent; the prompts under each heading are questions to ask)"
                               "</p>")
        self.view = widgets.VBox([self.controls["agent"], self.result, heading, *items,
                                  self.controls["review"], save, self.message, self.status])
        self.view.add_class("csm-widget")
        self._safe_update()

    # ------------------------------------------------------------------ checks
    @staticmethod
    def _check_agents(agents: Any) -> list[tuple[str, Any]]:
        try:
            pairs = [(str(label), agent_id) for label, agent_id in agents]
        except (TypeError, ValueError):
            raise ValueError("agents must be a list of (label, agent_id) pairs, e.g. "
                             "[('Agent A01 (team North)', 'A01')].") from None
        if not pairs:
            raise ValueError("agents is empty: give at least one (label, agent_id) pair.")
        labels = [label for label, _ in pairs]
        ids = [agent_id for _, agent_id in pairs]
        if len(set(labels)) != len(labels) or len(set(ids)) != len(ids):
            raise ValueError("agents: each label and each agent_id must appear once.")
        return pairs

    # ------------------------------------------------------------------- state
    @property
    def agent_id(self) -> Any:
        """The agent chosen."""
        return self.controls["agent"].value

    @property
    def agent_label(self) -> str:
        """The chosen agent's label, as the menu shows it."""
        return dict((agent_id, label) for label, agent_id in self.agents)[self.agent_id]

    def table(self, agent_id: Any | None = None) -> Table:
        """The Reality table of ``agent_id`` (the chosen agent by default), built once."""
        agent_id = self.agent_id if agent_id is None else agent_id
        if agent_id not in self._tables:
            built = self.reality(agent_id)
            if not isinstance(built, Table):
                raise ValueError(f"reality({agent_id!r}) must return a kit Table (from "
                                 f"csmlib.ui.tables.table), not {type(built).__name__}.")
            self._tables[agent_id] = built
        return self._tables[agent_id]

    def _reality_html(self, agent_id: Any, label: str) -> str:
        return (f"<p><b>Reality from the data: {html.escape(label)}</b></p>"
                + self.table(agent_id).to_html())

    def update(self) -> None:
        self.result.value = self._reality_html(self.agent_id, self.agent_label)

    def _caption(self, key: str) -> str:
        heading, stage, _placeholder, required = _PARTS[key]
        words = _words(self.controls[key].value)
        if required:
            state = (f"✔ {words} words" if words >= self.MIN_WORDS
                     else f"{words} of {self.MIN_WORDS} words")
            need = f" · required, at least {self.MIN_WORDS} words · {state}"
        else:
            need = f" · {words} words"
        prompts = " ".join(competencies.grow_stage(stage).prompts[:2])
        return (f"<b>{html.escape(heading)}</b> <small>— for 4.3{need}</small><br>"
                f"<small><i>{html.escape(prompts)}</i></small>")

    def _recaption(self, key: str) -> None:
        self.captions[key].value = self._caption(key)

    # ------------------------------------------------------------------ saving
    def review_date(self) -> date:
        """The review date typed, checked: a real date, today or later."""
        text = self.controls["review"].value.strip()
        if not text:
            raise ValueError("Add a review date (e.g. "
                             f"{format_value(date.today(), 'date')}): when will you and the "
                             "agent look at the plan again?")
        try:
            when = _parse_date(text)
        except (ValueError, OverflowError):
            raise ValueError(f"Review date: {text!r} is not a date; type one such as "
                             f"{format_value(date.today(), 'date')}.") from None
        if when < date.today():
            raise ValueError(f"Review date: {format_value(when, 'date')} has passed; choose "
                             "a date from today on.")
        return when

    def written_parts(self, when: date | None = None) -> list[WrittenPart]:
        """What the learner wrote, part by part (the review date closes the Will)."""
        parts = []
        for key, (heading, _stage, _placeholder, _required) in _PARTS.items():
            text = self.controls[key].value.strip()
            if key == "will" and when is not None:
                text = f"{text}\n{_REVIEW}{format_value(when, 'date')}"
            parts.append(WrittenPart(heading, text, CRITERIA, self.MIN_WORDS, key))
        return parts

    def save(self) -> Evidence:
        """Check the plan, then save it (replacing an earlier plan) as evidence for 4.3."""
        short = [_PARTS[key][0] for key in ("goal", "will")
                 if _words(self.controls[key].value) < self.MIN_WORDS]
        if short:
            counts = " and ".join(f"{heading} has {_words(self.controls[key].value)}"
                                  for key, heading in (("goal", "Goal"), ("will", "Will"))
                                  if _PARTS[key][0] in short)
            raise ValueError(f"{counts} words: write at least {self.MIN_WORDS} words in the "
                             "Goal and in the Will, so an assessor can see the plan you "
                             "agreed, then press Save again.")
        when = self.review_date()
        reality = self.table()
        entry = self.portfolio.save(
            title=f"GROW coaching plan: {self.agent_label}", parts=self.written_parts(when),
            table=reality.to_frame(),
            support_text=(f"Reality for {self.agent_label}, from the organisation's data "
                          f"(the table). Review on {format_value(when, 'date')}."),
            notebook=NOTEBOOK, activity=self.ACTIVITY)
        self.status.value = saved_status(entry, self.portfolio)
        return entry

    def _load_saved(self) -> None:
        saved = load_saved(self.portfolio, self.ACTIVITY, self.message)
        if saved is None:
            return
        by_key = {part.key: part.text for part in saved.parts if part.key}
        will = by_key.get("will", "")
        if _REVIEW in will:
            will, _, when = will.rpartition(_REVIEW)
            self.controls["review"].value = when.strip()
            by_key["will"] = will.strip()
        for key in _PARTS:
            if key in by_key:
                self.controls[key].value = by_key[key]
        label = saved.title.removeprefix("GROW coaching plan: ")
        for option_label, agent_id in self.agents:
            if option_label == label:
                self.controls["agent"].value = agent_id
        self.status.value = _evidence_status(saved, just_saved=False)

    # ----------------------------------------------------------------- display
    def intro_html(self) -> str:
        return ("<p><b>A GROW coaching plan</b> (criterion 4.3). Choose an agent: their "
                "<b>Reality</b> comes from the data. Then write the plan as you would agree "
                "it in a coaching conversation: the <b>Goal</b> in the agent's words, your "
                "notes on the <b>Reality</b>, the <b>Options</b> they found, and the "
                f"<b>Will</b> (who does what, by when) with a review date. At least "
                f"{self.MIN_WORDS} words in the Goal and in the Will. Only your writing is "
                "evidence; the table supports it.</p>")

    def static_html(self) -> str:
        """The GROW prompts and the first agent's Reality table."""
        label, agent_id = self.agents[0]
        return ("<p><b>GROW: the questions to ask</b></p>" + grow_prompts_html()
                + self._reality_html(agent_id, label))


class ConflictScenario(DeescalationScenario):
    """The conflict between two agents (:data:`csmlib.course.team_scenarios.SCENARIOS`),
    played a turn at a time like the de-escalation scenario, and saved with a reflection as
    evidence for 4.3 (activity ``05-conflict-<scenario>``).

    Example:
        >>> import tempfile, pathlib
        >>> w = ConflictScenario(portfolio=Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p"))
        >>> w.activity, "Aisha:" in w.result.value
        ('05-conflict-callbacks', True)
    """

    NOTEBOOK: ClassVar[str] = NOTEBOOK
    CRITERIA: ClassVar[tuple[str, ...]] = CRITERIA
    ACTIVITY_PREFIX: ClassVar[str] = "05-conflict-"
    PROMPT: ClassVar[str] = (
        "Which of the four steps did you find hardest, and why? Where did the conflict get "
        "harder on your path, and what would you do differently with two agents in your own "
        "team?")
    SAVE_TITLE: ClassVar[str] = "Handling a conflict in the team: {title}"

    def __init__(self, *, portfolio: Portfolio | None = None,
                 scenarios: Mapping[str, Scenario] | None = None) -> None:
        super().__init__(portfolio=portfolio, scenarios=scenarios)

    @staticmethod
    def default_scenarios(organisation: str, sector: str) -> Mapping[str, Scenario]:
        """The team scenarios (the same for every organisation)."""
        return teams.SCENARIOS

    def static_html(self) -> str:
        return super().static_html() + (
            f"<p style='font-size:12px;color:#444'>Source: {html.escape(teams.SOURCE)}</p>")


class OneToOnePlan(ArtefactForm):
    """A structured one-to-one (:data:`csmlib.course.team_scenarios.ONE_TO_ONE`): strengths,
    gaps with evidence, agreed actions, support and review date, each written part evidence
    for 4.3; the agent's scorecard (a kit table the lesson passes in) supports it.

    Example:
        >>> import tempfile, pathlib
        >>> form = OneToOnePlan(portfolio=Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p"))
        >>> [part.key for part in form.PARTS][:2]
        ['strengths', 'gaps']
    """

    PARTS: ClassVar[tuple[ArtefactPart, ...]] = tuple(
        ArtefactPart(s.key, s.heading, s.prompt, CRITERIA, required=s.key in ("gaps",
                                                                              "actions"))
        for s in teams.ONE_TO_ONE)
    TITLE: ClassVar[str] = "One-to-one with an agent"
    ACTIVITY: ClassVar[str] = "05-one-to-one"
    NOTEBOOK: ClassVar[str] = NOTEBOOK
    SAVE_LABEL: ClassVar[str] = "Save one-to-one"
    MIN_WORDS: ClassVar[int] = 10

    def __init__(self, scorecard: Table | None = None,
                 portfolio: Portfolio | None = None) -> None:
        self.scorecard = scorecard
        super().__init__(portfolio)

    def supporting(self) -> dict[str, Any]:
        return {"table": self.scorecard.to_frame()} if self.scorecard is not None else {}

    def intro_html(self) -> str:
        return ("<p><b>A structured one-to-one</b> (criterion 4.3): write each section as you "
                "would record it after the meeting.</p>")

    def static_html(self) -> str:
        rows = "".join(f"<li><b>{html.escape(s.heading)}</b>: {html.escape(s.prompt)} "
                       f"<i>Evidence: {html.escape(s.evidence)}</i></li>"
                       for s in teams.ONE_TO_ONE)
        card = self.scorecard.to_html() if self.scorecard is not None else ""
        return f"<p><b>The one-to-one, section by section</b></p><ul>{rows}</ul>{card}"
