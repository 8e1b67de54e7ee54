"""Accessibility for the course's widgets and charts (WCAG 2.2 AA where the course controls it).

Every course widget goes through :meth:`csmlib.ui.widgets.CourseWidget._ipython_display_`,
which calls the two helpers here, so no widget needs its own code:

* :func:`name_controls` gives every control an accessible name: a control without a visible
  ``description`` (a drop-down in a grid whose column heading names it, a tick box next to
  its words) gets a ``tooltip``, which ipywidgets 8 puts on the ``<select>``, ``<input>`` or
  ``<textarea>`` itself as its ``title``, the name screen readers read out;
* :func:`helper` is a tiny invisible widget shown with each course widget. In the page it
  labels what ipywidgets leaves unnamed: the handle of a slider (``role="slider"``, which
  ipywidgets 8 does not link to the slider's description) gets ``aria-labelledby`` pointing at
  the description; and every plotly chart in the same cell gets ``role="img"``, an
  ``aria-label`` (its title and axes) and ``aria-describedby`` pointing at the widget's result
  sentence, its text alternative. It also hides a plotly toolbar that a chart drawn before
  its display options arrived may show (it covers the title and prints).

:func:`describe_chart` words a figure's title and axes; :func:`hidden_text` is the
screen-reader-only text the charts that are not widgets carry as their text alternative.

Example:
    >>> import ipywidgets as widgets
    >>> menu = widgets.Dropdown(options=["a", "b"])
    >>> name_controls(widgets.VBox([menu]), {"Team": menu})
    1
    >>> menu.tooltip
    'Team'
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_description import DescriptionWidget

from csmlib.course.style import VISUALLY_HIDDEN

__all__ = ["describe_chart", "helper", "hidden_text", "name_controls", "widget_tree"]

#: The browser half of :func:`helper`: labels slider handles and charts in its cell's outputs,
#: now and whenever ipywidgets redraws them.
_ESM = r"""
const NAMED = ['aria-label', 'aria-labelledby'];
let counter = 0;
const ident = (el) => el.id || (el.id = `csm-a11y-${Date.now().toString(36)}-${counter++}`);
const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : '');

function labelSliders(root) {
  root.querySelectorAll('[role="slider"]').forEach((handle) => {
    if (NAMED.some((a) => handle.hasAttribute(a))) return;
    const box = handle.closest('.jupyter-widgets');
    const label = box && box.querySelector('.widget-label');
    if (label && text(label)) handle.setAttribute('aria-labelledby', ident(label));
    else if (label && label.title) handle.setAttribute('aria-label', label.title);
  });
}

function describeCharts(root) {
  root.querySelectorAll('.js-plotly-plot').forEach((chart) => {
    const layout = chart.layout || {};
    const title = (layout.title && (layout.title.text || layout.title)) || '';
    const axis = (a) => (layout[a] && layout[a].title && (layout[a].title.text || '')) || '';
    const words = [`Chart: ${typeof title === 'string' ? title : ''}`.trim()];
    if (axis('yaxis') && axis('xaxis')) words.push(`${axis('yaxis')} against ${axis('xaxis')}`);
    const label = words.join('. ').replace(/<[^>]*>/g, '');
    if (chart.getAttribute('aria-label') !== label) chart.setAttribute('aria-label', label);
    if (chart.getAttribute('role') !== 'img') chart.setAttribute('role', 'img');
    const widget = chart.closest('.csm-widget');
    const results = [
      ...(widget ? widget.querySelectorAll('.csm-live') : []),
      ...root.querySelectorAll('.csm-static, .csm-chart-alt'),
    ].filter((el) => text(el));
    const ids = results.map(ident).join(' ');
    if (ids && chart.getAttribute('aria-describedby') !== ids) {
      chart.setAttribute('aria-describedby', ids);
    }
  });
}

// plotly's toolbar covers a chart's title and prints: the course's charts are drawn without it
// (charts.CONFIG), but a FigureWidget drawn before its options arrive can still show one.
function hideToolbars(root) {
  root.querySelectorAll('.modebar-container').forEach((bar) => {
    if (bar.style.display !== 'none') bar.style.display = 'none';
  });
}

export default {
  render({ el }) {
    el.setAttribute('aria-hidden', 'true');
    el.style.display = 'none';
    let observer = null;
    let timer = null;
    const fix = () => {
      const root = el.closest('.jp-OutputArea, .output_area, .output') || el.parentElement;
      if (!root) return false;
      labelSliders(root);
      describeCharts(root);
      hideToolbars(root);
      return root;
    };
    const start = () => {
      const root = fix();
      if (!root) { timer = setTimeout(start, 200); return; }
      observer = new MutationObserver(() => {
        clearTimeout(timer);
        timer = setTimeout(fix, 100);
      });
      observer.observe(root, { childList: true, subtree: true });
    };
    timer = setTimeout(start, 0);
    return () => { clearTimeout(timer); if (observer) observer.disconnect(); };
  },
};
"""


def widget_tree(root: widgets.Widget) -> Iterator[widgets.Widget]:
    """``root`` and every widget inside it (children of boxes, tabs and accordions).

    Example:
        >>> import ipywidgets as widgets
        >>> box = widgets.VBox([widgets.HBox([widgets.Text()])])
        >>> [type(w).__name__ for w in widget_tree(box)]
        ['VBox', 'HBox', 'Text']
    """
    stack, seen = [root], set()
    while stack:
        widget = stack.pop(0)
        if widget is None or id(widget) in seen:
            continue
        seen.add(id(widget))
        yield widget
        stack[0:0] = list(getattr(widget, "children", ()) or ())


def _humanise(key: str) -> str:
    words = re.sub(r"[_\s]+", " ", str(key)).strip()
    return words[:1].upper() + words[1:]


def _needs_name(widget: widgets.Widget) -> bool:
    if not isinstance(widget, DescriptionWidget) or isinstance(
            widget, widgets.Button | widgets.Label | widgets.HTML | widgets.HTMLMath):
        return False  # buttons are named by their text; HTML is not a control
    return not str(widget.description or "").strip() and not str(widget.tooltip or "").strip()


def name_controls(root: widgets.Widget, names: Mapping[str, widgets.Widget]) -> int:
    """Give each control inside ``root`` without a description or tooltip a ``tooltip``
    (its accessible name): the key it has in ``names`` ("team_review" → "Team review"), or,
    when it has none, its placeholder or kind ("Drop-down"). Returns how many it named.

    Example:
        >>> import ipywidgets as widgets
        >>> tick = widgets.Checkbox(description="")
        >>> name_controls(widgets.VBox([tick, widgets.Text(description="Owner")]),
        ...               {"overtime_tick": tick})
        1
        >>> tick.tooltip
        'Overtime tick'
    """
    keys = {id(widget): key for key, widget in names.items()}
    named = 0
    for widget in widget_tree(root):
        if not _needs_name(widget):
            continue
        placeholder = str(getattr(widget, "placeholder", "") or "").strip()
        name = keys.get(id(widget))
        widget.tooltip = (_humanise(name) if name is not None
                          else placeholder or _humanise(type(widget).__name__))
        named += 1
    return named


@lru_cache(maxsize=1)
def _helper_class() -> type:
    import anywidget

    class AccessibilityHelper(anywidget.AnyWidget):  # type: ignore[misc]
        """Invisible: names slider handles and describes charts in its cell (see module)."""

        _esm = _ESM

    return AccessibilityHelper


_SHARED: list[Any] = []


def helper() -> Any:
    """The invisible accessibility helper to display after a course widget (one model shared
    by every cell of the kernel; each display is its own small view).

    Example:
        >>> helper() is helper()
        True
    """
    if not _SHARED:
        _SHARED.append(_helper_class()())
    return _SHARED[0]


def describe_chart(figure: Any) -> str:
    """A chart's title and axes in words, for people who cannot see it.

    Example:
        >>> import plotly.graph_objects as go
        >>> fig = go.Figure(go.Bar(x=["Mon"], y=[3], name="Calls"))
        >>> _ = fig.update_layout(title="Calls by day", xaxis_title="Day",
        ...                       yaxis_title="Calls")
        >>> describe_chart(fig)
        'Chart: Calls by day. Calls against Day. Shows: Calls.'
    """
    layout = figure.layout
    title = str(layout.title.text or "").strip() if layout.title else ""
    x = str(layout.xaxis.title.text or "").strip() if layout.xaxis and layout.xaxis.title else ""
    y = str(layout.yaxis.title.text or "").strip() if layout.yaxis and layout.yaxis.title else ""
    parts = [f"Chart: {title}" if title else "Chart"]
    if x and y:
        parts.append(f"{y} against {x}")
    series = [str(t.name) for t in figure.data if getattr(t, "name", None)
              and getattr(t, "showlegend", None) is not False]
    if series:
        parts.append("Shows: " + ", ".join(dict.fromkeys(series)))
    return re.sub(r"<[^>]*>", " ", ". ".join(parts)).replace("  ", " ") + "."


def hidden_text(text: str) -> str:
    """HTML that only screen readers read (a chart's text alternative).

    Example:
        >>> 'class="csm-chart-alt"' in hidden_text("Chart: Calls by day.")
        True
    """
    return (f'<p class="csm-chart-alt" style="{VISUALLY_HIDDEN}">'
            f"{html.escape(text)}</p>")
