"""What a notebook's tutor guide is made of: sections with timings, discussion prompts,
misconceptions to listen for, and model answers with marking guidance.

Each notebook's content lives in its own module (``notebook_00`` … ``notebook_07``), as a
function ``guide(facts)`` that returns a :class:`NotebookGuide`; every number in its text
comes from ``facts`` (the default organisation's data), never typed in.

Example:
    >>> section = Section("1. How a notebook works", 10, "together")
    >>> section.minutes, section.mode
    (10, 'together')
    >>> MarkingPoint("1.1", "links each KPI to a goal", "a KPI with no goal").criterion
    '1.1'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from csmlib.course import criteria

#: How a section is run. ``together``: the tutor leads it with the group (demonstration,
#: discussion); ``solo``: learners work through it at their own pace, tutor circulating;
#: ``writing``: portfolio writing, which can always be set as homework.
MODES = ("together", "solo", "writing")


@dataclass(frozen=True)
class Section:
    """One ``## `` section of a notebook (``heading`` exactly as in the notebook, without
    the ``## ``) and the minutes a typical group needs for it."""

    heading: str
    minutes: int
    mode: str
    #: what the tutor does in it, one or two sentences
    note: str = ""

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"Section {self.heading!r}: mode {self.mode!r} is not one of "
                             f"{', '.join(MODES)}.")
        if not isinstance(self.minutes, int) or not 0 < self.minutes <= 120:
            raise ValueError(f"Section {self.heading!r}: minutes must be a whole number from "
                             f"1 to 120, not {self.minutes!r}.")


@dataclass(frozen=True)
class Prompt:
    """A discussion prompt for the group, and what good answers contain."""

    section: str
    question: str
    good_answers: tuple[str, ...]
    #: a follow-up question for a group that answers quickly
    follow_up: str = ""


@dataclass(frozen=True)
class Misconception:
    """A mistaken belief to listen for, why it is wrong, and how to respond."""

    belief: str
    why_wrong: str
    response: str


@dataclass(frozen=True)
class MarkingPoint:
    """What an assessor looks for against one criterion, and what means "not yet"."""

    criterion: str
    look_for: str
    not_yet: str

    def __post_init__(self) -> None:
        criteria.validate([self.criterion])


@dataclass(frozen=True)
class ModelAnswer:
    """The model answer to one written answer or artefact, with its marking guidance.

    ``item`` is the portfolio activity id the learner's work is saved under (for example
    ``01-strategy-on-a-page``); an id ending in ``*`` covers a family of numbered or
    per-scenario activities (``04-deescalation-*``).
    """

    item: str
    title: str
    criteria: tuple[str, ...]
    #: the model answer itself, in Markdown, written as a strong learner would write it
    answer: str
    marking: tuple[MarkingPoint, ...]

    def __post_init__(self) -> None:
        criteria.validate(self.criteria)
        if not self.marking:
            raise ValueError(f"Model answer {self.item!r} has no marking guidance.")
        if not isinstance(self.marking, tuple) or not all(
                isinstance(point, MarkingPoint) for point in self.marking):
            raise ValueError(f"Model answer {self.item!r}: marking must be a tuple of "
                             "MarkingPoint (a missing comma after a single one?).")

    def covers(self, activity: str) -> bool:
        """True if this model answer is the one for the learner activity ``activity``.

        Example:
            >>> m = ModelAnswer("04-deescalation-*", "t", ("3.3",), "a",
            ...                 (MarkingPoint("3.3", "x", "y"),))
            >>> m.covers("04-deescalation-billing"), m.covers("04-reflection")
            (True, False)
        """
        if self.item.endswith("*"):
            return activity.startswith(self.item[:-1])
        return activity == self.item


@dataclass(frozen=True)
class NotebookGuide:
    """Everything a tutor needs for one notebook."""

    number: str
    #: two or three sentences: what the session is for and what learners take away
    purpose: str
    sections: tuple[Section, ...]
    prompts: tuple[Prompt, ...]
    misconceptions: tuple[Misconception, ...]
    model_answers: tuple[ModelAnswer, ...]
    #: practical notes (setup, pitfalls on Binder, timing risks), one point each
    notes: tuple[str, ...] = field(default=())

    def all_text(self) -> str:
        """Every word of the guide, one part a line (for finding its figures).

        Example:
            >>> NotebookGuide("00", "Why.", (), (Prompt("s", "Q?", ("A.",)),), (),
            ...               ()).all_text().splitlines()
            ['Why.', 'Q?', 'A.']
        """
        parts = [self.purpose, *self.notes, *(s.note for s in self.sections)]
        for prompt in self.prompts:
            parts += [prompt.question, *prompt.good_answers, prompt.follow_up]
        for wrong in self.misconceptions:
            parts += [wrong.belief, wrong.why_wrong, wrong.response]
        for model in self.model_answers:
            parts += [model.title, model.answer]
            parts += [t for point in model.marking for t in (point.look_for, point.not_yet)]
        return "\n".join(parts)

    @property
    def minutes(self) -> int:
        """The sections' minutes added up."""
        return sum(section.minutes for section in self.sections)

    def section(self, heading: str) -> Section:
        """The section with this heading (``KeyError`` naming it when there is none)."""
        for section in self.sections:
            if section.heading == heading:
                return section
        raise KeyError(f"Notebook {self.number} has no section {heading!r}.")
