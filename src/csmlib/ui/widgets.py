"""Building blocks for the notebooks' interactive pieces.

Every course widget shows two things: the live controls (sliders, buttons, a chart that
updates) and a **static result** underneath (a sentence or table at the starting values),
so the lesson still reads in a printout or an exported page where widgets cannot run.
A problem inside a widget is shown as a plain message, never a traceback.

Forms that save to the portfolio (reflections, artefacts, the coverage view) are in
:mod:`csmlib.ui.forms`.

Example:
    >>> import ipywidgets as widgets
    >>> class Doubler(CourseWidget):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.controls = {"n": widgets.IntSlider(value=2)}
    ...         self._finish(self.controls["n"])
    ...     def update(self):
    ...         self.result.value = str(2 * self.controls["n"].value)
    >>> d = Doubler()
    >>> d.controls["n"].value = 5
    >>> d.result.value
    '10'
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from csmlib.course.exercises import strict_mode
from csmlib.course.portfolio import PortfolioError


class CourseWidget:
    """Base class: ``controls`` (by name), a live ``result`` area and a static result.

    Subclasses build their controls and chart in ``__init__``, call :meth:`_finish`, and
    implement :meth:`update` (recompute from the controls) and :meth:`static_html`.
    """

    def __init__(self) -> None:
        self.controls: dict[str, widgets.Widget] = {}
        self.result = widgets.HTML(value="")
        self.result.add_class("csm-live")
        self.message = widgets.HTML(value="")
        self.view: widgets.Box | None = None

    def _finish(self, *parts: widgets.Widget) -> None:
        """Assemble the view and wire every control to a safe update."""
        self.view = widgets.VBox([*parts, self.result, self.message])
        self.view.add_class("csm-widget")
        for control in self.controls.values():
            if hasattr(control, "value") and not isinstance(control, widgets.Button):
                control.observe(self._safe_update, names="value")
        self._safe_update()

    def _safe_update(self, _change: Any = None) -> None:
        """Run :meth:`update`; a problem becomes a message in the widget, never a traceback.

        Under the test suite (``CSMLIB_STRICT=1``) the error is raised as well, so a widget
        that breaks fails the tests instead of hiding behind its message.
        """
        try:
            self.update()
            self.message.value = ""
        except (ValueError, PortfolioError) as error:
            self.message.value = note(str(error))
            if strict_mode():
                raise
        except Exception as error:  # a widget shows a message, never a traceback
            self.message.value = note(
                f"Something went wrong ({type(error).__name__}: {error}). "
                "Try another setting, or restart the kernel and run the notebook again."
            )
            if strict_mode():
                raise

    def _action_buttons(self, spec: dict[str, tuple[str, str, str, Callable[[], Any]]]
                        ) -> dict[str, widgets.Button]:
        """Buttons from ``{key: (label, icon, style, action)}``, each running its action
        through :meth:`_act` (so a problem is a message, never a traceback)."""
        made = {}
        for key, (label, icon, kind, action) in spec.items():
            button = widgets.Button(description=label, icon=icon, button_style=kind,
                                    layout=widgets.Layout(width="max-content"))
            button.on_click(lambda _b, action=action: self._act(action))
            made[key] = button
        return made

    def _act(self, action: Callable[..., Any], *args: Any) -> None:
        """Run a button's action; a problem becomes a message, never a traceback.

        A mistake the learner can put right (a ``ValueError`` or ``PortfolioError``, such as
        "write at least 20 words") is a message only; anything else is a message and, under
        the test suite (``CSMLIB_STRICT=1``), raised too, so a broken widget fails the tests.
        """
        try:
            action(*args)
            self.message.value = ""
        except (ValueError, PortfolioError) as error:
            self.message.value = note(str(error))
        except Exception as error:  # a widget shows a message, never a traceback
            self.message.value = note(f"Something went wrong ({type(error).__name__}: "
                                      f"{error}). Try again, or run the cell again.")
            if strict_mode():
                raise

    def update(self) -> None:
        """Recompute the live result from the controls."""

    def static_html(self) -> str:
        """The static result shown under the widget (starting values)."""
        return ""

    def intro_html(self) -> str:
        """Static text shown above the widget (e.g. the question or prompt)."""
        return ""

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        from csmlib.ui import a11y

        intro = self.intro_html()
        if intro:
            display(HTML(intro))
        if self.view is not None:
            a11y.name_controls(self.view, self.controls)
        display(self.view)
        static = self.static_html()
        if static:
            display(HTML(f'<div class="csm-static">{static}</div>'))
        display(a11y.helper())  # names slider handles, links charts to their result sentence


def note(text: str) -> str:
    """A warning message for a widget, marked by an icon as well as colour.

    Example:
        >>> note("Choose a week").count("csm-message")
        1
    """
    return (f'<div class="csm-message" style="border-left:4px solid #E69F00;padding:4px 10px;">'
            f"⚠ {html.escape(text)}</div>")


def refuse_while_problems(problems: list[Any], what: str) -> None:
    """Refuse to save ``what`` ("the plan") while a check found problems: a ValueError naming
    the first three (the widget lists them all).

    Example:
        >>> refuse_while_problems([], "the plan")  # nothing found: carry on
        >>> refuse_while_problems(["Row 2 has no owner."], "the plan")
        Traceback (most recent call last):
        ...
        ValueError: Not saved: fix the plan first. Row 2 has no owner.
    """
    if problems:
        shown = "; ".join(str(p).rstrip(".") for p in problems[:3])
        more = f" (and {len(problems) - 3} more, listed above)" if len(problems) > 3 else ""
        raise ValueError(f"Not saved: fix {what} first. {shown}{more}.")


def require_words(text: str, heading: str, minimum: int, why: str) -> None:
    """Refuse to save while the written part ``heading`` has fewer than ``minimum`` words;
    ``why`` says what the writing shows an assessor.

    Example:
        >>> require_words("Too short.", "Why", 5, "why you chose them")
        Traceback (most recent call last):
        ...
        ValueError: Not saved: “Why” has 2 words; write at least 5, so an assessor can see ...
    """
    words = len(text.split())
    if words < minimum:
        raise ValueError(f"Not saved: “{heading}” has {words} words; write at least "
                         f"{minimum}, so an assessor can see {why}.")
