"""Control charts on screen: draw an XmR chart from :func:`csmlib.analysis.spc.xmr`.

The figure shows the values as a line, the mean as a solid line and the process limits as
dashed lines (both broken where the limits were recalculated, with a dotted vertical line and
a label there), and marks every point by its variation with a colour AND a shape, so colour
is never the only cue:

* special cause of improvement: blue diamond;
* special cause of concern: orange square;
* special cause that is neither better nor worse (``improvement="neutral"``): purple triangle;
* common cause: small grey dot.

Colours are Okabe and Ito's (``csmlib.course.style``). The figure goes through
:func:`csmlib.ui.charts.style`; a target is drawn with :func:`csmlib.ui.charts.target_line`.

Example:
    >>> from csmlib.analysis.spc import xmr
    >>> chart = xmr([5, 6, 5, 6, 5, 6, 5, 6, 12], improvement="increase", baseline_points=8)
    >>> fig = xmr_figure(chart, title="Example", y="Score (points)")
    >>> [t.name for t in fig.data if t.name.startswith("Special")]
    ['Special cause: improvement']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from csmlib.course.style import PALETTE
from csmlib.ui import charts

__all__ = ["MARKERS", "xmr_figure"]

GREY = "#6E6E6E"
DARK_GREY = "#3C3C3C"
LIGHT_GREY = "#9A9A9A"
#: variation → (legend name, colour, marker symbol, marker size)
MARKERS: dict[str, tuple[str, str, str, int]] = {
    "improvement": ("Special cause: improvement", PALETTE["blue"], "diamond", 13),
    "concern": ("Special cause: concern", PALETTE["orange"], "square", 11),
    "neutral": ("Special cause (neither better nor worse)", PALETTE["purple"], "triangle-up",
                13),
    "common cause": ("Common cause", LIGHT_GREY, "circle", 7),
}
_BETTER = {"increase": "higher is better", "decrease": "lower is better",
           "neutral": "neither higher nor lower is better"}


def _gapped(x: list[Any], y: list[float], segments: list[int]) -> tuple[list[Any], list[Any]]:
    """x and y with a gap (None) wherever the segment changes, so lines break there."""
    xs: list[Any] = []
    ys: list[Any] = []
    for i, (xi, yi) in enumerate(zip(x, y, strict=True)):
        if i and segments[i] != segments[i - 1]:
            xs.append(xi)
            ys.append(None)
        xs.append(xi)
        ys.append(yi)
    return xs, ys


def _midpoint(a: Any, b: Any) -> Any:
    try:
        return a + (b - a) / 2
    except TypeError:
        return b


def xmr_figure(chart: pd.DataFrame, *, title: str, y: str, x: str = "Week",
               value_format: str = "", value_label: str = "Value",
               target: float | None = None, target_label: str = "",
               improvement: str | None = None,
               rebase_labels: Sequence[str] | None = None, height: int = 430,
               bands: Sequence[tuple[Any, Any, str]] | None = None) -> Any:
    """A plotly figure of an XmR chart (the table :func:`~csmlib.analysis.spc.xmr` returns).

    ``y`` is the axis title with its unit ("First-contact resolution (% of contacts)");
    ``value_format`` a d3 format for the axis and hover (``".0%"`` for rates); ``value_label``
    names the line in the legend ("Weekly FCR"). ``target`` draws a target line labelled
    ``target_label``. ``improvement`` (by default the one the chart was made with) adds
    "higher is better" or "lower is better" to the line's name. ``rebase_labels`` gives one
    label per recalculation of the limits (e.g. "Limits recalculated: new process").
    ``bands`` shades stretches of the x axis, each ``(start, end, label)`` (e.g. the weeks
    of an improvement cycle), lightly and alternately, behind the data.

    Example:
        >>> from csmlib.analysis.spc import xmr
        >>> chart = xmr([5, 6, 5, 6, 9, 10, 9, 10], rebase_at=[4])
        >>> fig = xmr_figure(chart, title="Two segments", y="Score (points)")
        >>> len(fig.layout.shapes), fig.layout.shapes[0].line.dash
        (1, 'dot')
    """
    needed = {"value", "mean", "lower", "upper", "variation"}
    if not isinstance(chart, pd.DataFrame) or not needed <= set(chart) or chart.empty:
        raise ValueError("xmr_figure(): chart must be the table xmr() returns, with points.")
    improvement = improvement or chart.attrs.get("improvement", "neutral")
    if improvement not in _BETTER:
        raise ValueError(f"xmr_figure(): improvement must be one of {', '.join(_BETTER)}; "
                         f"got {improvement!r}.")
    import plotly.graph_objects as go

    if isinstance(chart.index, pd.RangeIndex) and chart.index.start == 0:
        xs: list[Any] = [i + 1 for i in chart.index]  # positions count from 1 for people
    else:
        xs = list(chart.index)
    segments = [int(s) for s in chart["segment"]] if "segment" in chart else [0] * len(xs)
    starts = [i for i in range(1, len(xs)) if segments[i] != segments[i - 1]]
    labels = list(rebase_labels or [])
    if labels and len(labels) != len(starts):
        raise ValueError(f"xmr_figure(): rebase_labels has {len(labels)} labels but the limits "
                         f"were recalculated {len(starts)} times; give one label for each.")
    hover_value = f"%{{y:{value_format}}}" if value_format else "%{y}"

    # every trace, shape and label is made first and added in one go: adding them one by one
    # makes plotly check the whole figure again each time
    traces = []
    traces.append(go.Scatter(x=xs, y=chart["value"].tolist(), mode="lines",
                             name=f"{value_label} ({_BETTER[improvement]})",
                             line={"color": DARK_GREY, "width": 1.5}, hoverinfo="skip"))
    gx, gy = _gapped(xs, chart["mean"].tolist(), segments)
    traces.append(go.Scatter(x=gx, y=gy, mode="lines", name="Mean", connectgaps=False,
                             line={"color": PALETTE["black"], "width": 1.5},
                             hovertemplate=f"Mean {hover_value}<extra></extra>"))
    for column, show in (("upper", True), ("lower", False)):
        gx, gy = _gapped(xs, chart[column].tolist(), segments)
        traces.append(go.Scatter(
            x=gx, y=gy, mode="lines", name="Process limits", legendgroup="limits",
            showlegend=show, connectgaps=False,
            line={"color": GREY, "width": 1.5, "dash": "dash"},
            hovertemplate=f"{column.title()} limit {hover_value}<extra></extra>"))
    rules = chart["rule"] if "rule" in chart else pd.Series("", index=chart.index)
    for variation, (name, colour, symbol, size) in MARKERS.items():
        rows = chart["variation"] == variation
        if not rows.any():
            continue
        why = [f"<br>{r}" if r else "" for r in rules[rows]]
        traces.append(go.Scatter(
            x=[xi for xi, keep in zip(xs, rows, strict=True) if keep],
            y=chart.loc[rows, "value"].tolist(), mode="markers", name=name,
            customdata=why,
            marker={"color": colour, "symbol": symbol, "size": size,
                    "line": {"color": "white", "width": 1}},
            hovertemplate=f"%{{x}}: {hover_value}<br>{name}%{{customdata}}<extra></extra>"))
    fig = go.Figure(data=traces)
    if target is not None:
        charts.target_line(fig, float(target), target_label or "Target", x=xs)
    shapes, notes = [], []
    for number, i in enumerate(starts):
        where = _midpoint(xs[i - 1], xs[i])
        shapes.append({"type": "line", "x0": where, "x1": where, "yref": "paper", "y0": 0,
                       "y1": 1, "line": {"color": GREY, "width": 1.5, "dash": "dot"}})
        text = labels[number] if labels else "Limits recalculated"
        notes.append({"x": where, "y": 1, "yref": "paper", "text": text, "showarrow": False,
                      "xanchor": "left", "yanchor": "top", "align": "left", "xshift": 3,
                      "font": {"size": 12, "color": DARK_GREY},
                      "bgcolor": "rgba(255,255,255,0.85)"})
    for number, (start, end, text) in enumerate(bands or ()):
        shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": start, "x1": end,
                       "y0": 0, "y1": 1, "fillcolor": LIGHT_GREY, "line": {"width": 0},
                       "layer": "below", "opacity": 0.14 if number % 2 == 0 else 0.24})
        notes.append({"x": start, "xref": "x", "y": 1, "yref": "paper", "text": text,
                      "showarrow": False, "xanchor": "left", "yanchor": "top",
                      "font": {"size": 11, "color": DARK_GREY}})
    if shapes:
        fig.update_layout(shapes=shapes, annotations=notes)
    charts.style(fig, title=title, x=x, y=y, height=height)
    # a y range with room above the data for the recalculation labels
    numbers = pd.concat([chart[c] for c in ("value", "lower", "upper")]).tolist()
    if target is not None:
        numbers.append(float(target))
    low, high = min(numbers), max(numbers)
    span = (high - low) or abs(high) or 1.0
    fig.update_yaxes(range=[low - 0.06 * span, high + (0.2 if starts else 0.06) * span],
                     tickformat=value_format or None)
    if isinstance(chart.index, pd.DatetimeIndex):
        # ticks on the points themselves (weeks start on Mondays, not where plotly would put
        # them), at most about 14 labels, the year under the first and at each new year
        step = max(1, -(-len(xs) // 14))
        ticks = xs[::step]
        text = [t.strftime("%-d %b") + (f"<br>{t.year}" if i == 0 or t.year != ticks[i - 1].year
                                        else "") for i, t in enumerate(ticks)]
        fig.update_xaxes(tickvals=ticks, ticktext=text)
    return fig
