"""Self-check exercises as learners see them: the question, and a form to answer it.

The checking logic (right or wrong, hints, worked-answer verification) is in
:mod:`csmlib.course.exercises`; the classes here add the interactive form: an answer
control, a *Check my answer* button and the feedback. Lessons use these classes.

Example:
    >>> q = NumericAnswer("q1", "What is 10% of 250 calls?", expected=25, tolerance=0.5)
    >>> form = q.widget()
    >>> form.children[0].value = "25"
    >>> form.children[1].click()
    >>> "Correct" in form.children[2].value
    True
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from csmlib.course import exercises as logic
from csmlib.course.exercises import Feedback, feedback_html

__all__ = ["MultipleChoice", "NumericAnswer", "WrittenAnswer"]


class _AnswerForm:
    """Adds the interactive form to an exercise (mixed in before the logic class)."""

    def _answer_control(self) -> widgets.ValueWidget:  # pragma: no cover - abstract
        raise NotImplementedError

    def widget(self) -> widgets.VBox:
        """The interactive form: the answer control, a *Check my answer* button, feedback."""
        control = self._answer_control()
        button = widgets.Button(description="Check my answer", button_style="primary",
                                icon="check", layout=widgets.Layout(width="max-content"))
        result = widgets.HTML(value="")
        result.add_class("csm-live")

        def on_click(_button: Any) -> None:
            try:
                result.value = feedback_html(self.check(control.value))  # type: ignore[attr-defined]
            except Exception as error:  # never a traceback in a widget
                result.value = feedback_html(Feedback(False, f"Something went wrong: {error}"))

        button.on_click(on_click)
        box = widgets.VBox([control, button, result])
        box.add_class("csm-widget")
        box.add_class("csm-exercise")
        return box

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        display(HTML(self.question_html() + self._static_extra_html()))  # type: ignore[attr-defined]
        display(self.widget())


class MultipleChoice(_AnswerForm, logic.MultipleChoice):
    """A multiple-choice self-check with letter buttons (see the logic class for checking)."""

    def _answer_control(self) -> widgets.ToggleButtons:
        # The options are listed in full just above (static, so they print); the buttons
        # only pick a letter, so nothing is shown twice.
        return widgets.ToggleButtons(
            options=[(letter, letter) for letter in self.options], value=None,
            tooltips=list(self.options.values()),
            style={"button_width": "3em"},
        )


class NumericAnswer(_AnswerForm, logic.NumericAnswer):
    """A numeric self-check with a text box for the number."""

    def _answer_control(self) -> widgets.Text:
        return widgets.Text(placeholder=f"your answer{' in ' + self.units if self.units else ''}",
                            layout=widgets.Layout(width="16em"))


class WrittenAnswer(_AnswerForm, logic.WrittenAnswer):
    """A written self-check with a text area."""

    def _answer_control(self) -> widgets.Textarea:
        return widgets.Textarea(placeholder="Type your answer here",
                                layout=widgets.Layout(width="98%", height="7em"))
