"""Accessibility of what the course draws (WCAG 2.2 AA where the course controls it).

* every control of every lesson widget has an accessible name once the widget is shown (its
  description, or the tooltip :func:`csmlib.ui.a11y.name_controls` gives it), and never a
  made-up one such as "Dropdown";
* the colours the course writes words in reach 4.5:1 on white and on its light panels;
* charts have a text alternative: the words of their title and axes, for screen readers;
* a course widget, when shown, brings the helper that names slider handles and charts.

The browser test (``tests/test_browser.py``, ``check_accessibility``) runs axe-core on the
real page; these tests keep the same promises without a browser.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import plotly.graph_objects as go
import pytest
from ipywidgets.widgets.widget_description import DescriptionWidget

from csmlib.course.style import MIN_TEXT_CONTRAST, MUTED_TEXT, PALETTE, STATUS_TEXT, contrast_ratio
from csmlib.ui import a11y, charts
from csmlib.ui.tables import STATUS_WORDS, status_html, table
from csmlib.ui.widgets import CourseWidget
from tests.test_lesson_widgets import Factory, factory_params

#: Backgrounds the course puts words on (white, and the light panels of its cards).
BACKGROUNDS = ("#ffffff", "#f3f3f3", "#f6f6f6", "#f4f8fb", "#fdf3ee")
NOT_NAMES = {cls.__name__ for cls in (widgets.Dropdown, widgets.Text, widgets.Textarea,
                                      widgets.Checkbox, widgets.IntSlider, widgets.FloatSlider,
                                      widgets.Combobox, widgets.RadioButtons,
                                      widgets.ToggleButtons, widgets.SelectMultiple)}


def unnamed_controls(view: widgets.Widget) -> list[str]:
    """Controls inside ``view`` a screen reader could not name (or named only by kind)."""
    found = []
    for widget in a11y.widget_tree(view):
        if not isinstance(widget, DescriptionWidget) or isinstance(
                widget, widgets.Button | widgets.HTML | widgets.HTMLMath | widgets.Label):
            continue
        name = str(widget.description or "").strip() or str(widget.tooltip or "").strip()
        if not name or name in NOT_NAMES:
            found.append(f"{type(widget).__name__}(value={getattr(widget, 'value', None)!r})")
    return found


@pytest.mark.parametrize("factory", factory_params())
def test_every_control_of_every_lesson_widget_has_a_name(
        factory: Factory, portfolio_path: Path) -> None:
    widget = factory.function()
    a11y.name_controls(widget.view, widget.controls)
    assert unnamed_controls(widget.view) == [], factory.id


def test_name_controls_uses_the_key_and_keeps_descriptions() -> None:
    tick = widgets.Checkbox(description="")
    menu = widgets.Dropdown(options=["a"], description="Team")
    loose = widgets.Dropdown(options=["a"])
    text = widgets.Text(placeholder="e.g. team leader")
    view = widgets.VBox([widgets.HBox([tick, menu]), loose, text, widgets.Button()])
    assert unnamed_controls(view) != []
    assert a11y.name_controls(view, {"overtime_owner": tick, "team": menu}) == 3
    assert (tick.tooltip, menu.tooltip) == ("Overtime owner", None)
    assert text.tooltip == "e.g. team leader" and loose.tooltip == "Dropdown"
    assert a11y.name_controls(view, {}) == 0  # already named: nothing changes


@pytest.mark.parametrize("key", sorted(STATUS_TEXT))
@pytest.mark.parametrize("background", BACKGROUNDS)
def test_status_words_are_readable(key: str, background: str) -> None:
    assert contrast_ratio(STATUS_TEXT[key], background) >= MIN_TEXT_CONTRAST
    assert contrast_ratio(MUTED_TEXT, background) >= MIN_TEXT_CONTRAST


@pytest.mark.parametrize("status", sorted(STATUS_WORDS))
def test_status_html_uses_a_readable_colour(status: str) -> None:
    colour = re.search(r"color:(#[0-9A-Fa-f]{6})", status_html(status)).group(1)
    assert contrast_ratio(colour) >= MIN_TEXT_CONTRAST, (status, colour)


def test_greyed_rows_and_headers_are_readable() -> None:
    import pandas as pd

    shown = table(pd.DataFrame({"kpi": ["Occupancy"], "status": ["red"]}),
                  {"kpi": "Measure", "status": ("Status", "status")}, greyed=[True],
                  caption="Centre measures").to_html()
    colours = set(re.findall(r"color:(#[0-9A-Fa-f]{3,6})", shown))
    assert colours, shown
    assert all(contrast_ratio(c) >= MIN_TEXT_CONTRAST for c in colours), colours
    assert '<th scope="col"' in shown and "<caption" in shown


def test_contrast_ratio_checks_its_input() -> None:
    assert contrast_ratio(PALETTE["orange"]) < MIN_TEXT_CONTRAST  # why STATUS_TEXT exists
    with pytest.raises(ValueError, match="hex like"):
        contrast_ratio("orange")


def test_charts_have_words_for_screen_readers() -> None:
    fig = charts.style(go.Figure(go.Bar(x=["Mon", "Tue"], y=[3, 4], name="Calls")),
                       title="Calls <b>by</b> day", x="Day", y="Calls")
    words = a11y.describe_chart(charts.target_line(fig, 3.5, "Target"))
    assert words.startswith("Chart: Calls by day.") and "Calls against Day" in words
    assert "Target" in words and "<b>" not in words
    hidden = a11y.hidden_text("a < b")
    assert "a &lt; b" in hidden and "clip:" in hidden
    shown: list[Any] = []
    chart = charts.static(fig)
    _capture(chart, shown)
    assert any("csm-chart-alt" in str(getattr(o, "data", "")) for o in shown), shown


def test_a_course_widget_brings_the_accessibility_helper() -> None:
    class Slider(CourseWidget):
        def __init__(self) -> None:
            super().__init__()
            self.controls = {"agents": widgets.IntSlider(value=2), "team": widgets.Dropdown(
                options=["A", "B"])}
            self._finish(*self.controls.values())

        def static_html(self) -> str:
            return "<p>With 2 agents, 80% answered in time.</p>"

    shown: list[Any] = []
    widget = Slider()
    _capture(widget, shown)
    assert a11y.helper() in shown
    assert widget.controls["team"].tooltip == "Team"
    assert widget.controls["agents"].tooltip == "Agents"
    esm = a11y.helper()._esm
    assert "aria-labelledby" in esm and "role" in esm and "aria-describedby" in esm


def _capture(thing: Any, shown: list[Any]) -> None:
    """Call ``thing._ipython_display_()`` with IPython's display() collecting what is shown."""
    import IPython.display

    original = IPython.display.display
    IPython.display.display = lambda *objs, **_kw: shown.extend(objs)
    try:
        thing._ipython_display_()
    finally:
        IPython.display.display = original
