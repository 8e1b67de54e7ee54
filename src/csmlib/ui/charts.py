"""Charts for people: the presentation kit's chart half, shared by every notebook.

* :func:`style` labels a plotly figure (axis titles carry units), uses the colour-blind-safe
  palette (``csmlib.course.style``: Okabe and Ito, 2008), puts the legend in its own row
  between the title and the plot (never on an axis title), lets long tick labels push the
  margins out instead of being clipped, and hides plotly's toolbar, which otherwise covers
  the title and shows up in print;
* :func:`target_line` draws a target or standard as a dashed line with its own legend entry;
* :func:`legend_key` adds a legend entry that explains a colour or a pattern (for example
  "Above what the team can handle"), so colour is never the only cue;
* :func:`static` wraps a figure that is not a widget so it, too, shows without a toolbar.

Nothing is changed globally: call these on each figure.

Example:
    >>> import plotly.graph_objects as go
    >>> fig = style(go.Figure(go.Bar(x=["a"], y=[1])), title="Contacts", x="Hour", y="Contacts")
    >>> fig.layout.yaxis.title.text
    'Contacts'
    >>> _ = target_line(fig, 0.8, "Target (80%)")
    >>> fig.data[-1].name, fig.data[-1].line.dash
    ('Target (80%)', 'dash')
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from csmlib.course.style import PALETTE, SEQUENCE, STATUS

__all__ = ["CONFIG", "PALETTE", "SEQUENCE", "STATUS", "ChartArea", "StaticChart", "legend_key",
           "static", "style", "target_line"]

#: plotly's display options for every course chart: no toolbar, no plotly logo.
CONFIG: dict[str, Any] = {"displayModeBar": False, "displaylogo": False, "responsive": True}
TARGET_COLOUR = PALETTE["black"]


@lru_cache(maxsize=1)
def _template() -> Any:
    """plotly's "plotly_white" look, cut to what the course's charts use (its layout, and its
    bar, scatter and heatmap defaults): applying the whole template to each figure takes
    about twice as long, and charts are drawn on every widget change."""
    import plotly.graph_objects as go
    import plotly.io as pio

    full = pio.templates["plotly_white"]
    return go.layout.Template(layout=full.layout, data={
        kind: getattr(full.data, kind) for kind in ("bar", "scatter", "heatmap")})


def style(fig: Any, *, title: str, x: str, y: str, height: int = 380,
          legend: bool = True) -> Any:
    """Apply the course style to a plotly figure and label it; returns the same figure.

    Axis labels should carry units, e.g. ``"Wait (seconds)"``. The legend sits in a row of
    its own under the title (``legend=False`` hides it, for a chart with one series).

    Example:
        >>> import plotly.graph_objects as go
        >>> fig = style(go.Figure(), title="Calls", x="Hour", y="Calls", legend=False)
        >>> fig.layout.showlegend, fig.layout.xaxis.automargin
        (False, True)
    """
    if not isinstance(height, int) or not 150 <= height <= 2000:
        raise ValueError(f"style(): height is a whole number of pixels from 150 to 2,000; "
                         f"got {height!r}.")
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "y": 0.98, "yanchor": "top"},
        xaxis_title=x,
        yaxis_title=y,
        colorway=SEQUENCE,
        template=_template(),
        height=height,
        margin={"l": 70, "r": 30, "t": 95 if legend else 60, "b": 60},
        font={"size": 14},
        showlegend=legend,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.01, "yanchor": "bottom",
                "font": {"size": 13}},
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    if hasattr(fig, "_config") and type(fig).__name__ == "FigureWidget":
        fig._config = dict(CONFIG)  # a FigureWidget syncs its display options to the page
    return fig


def target_line(fig: Any, value: float, label: str, *, x: Sequence[Any] | None = None,
                secondary_y: bool = False) -> Any:
    """Draw a target as a dashed black line with a legend entry; returns the same figure.

    ``x`` is where the line runs (by default the x values of the figure's first trace).

    Example:
        >>> import plotly.graph_objects as go
        >>> fig = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
        >>> list(target_line(fig, 3.5, "Standard").data[-1].y)
        [3.5, 3.5]
    """
    if not str(label).strip():
        raise ValueError("target_line(): give the line a label, e.g. 'Target (80%)'.")
    import plotly.graph_objects as go

    if x is None:
        x = list(fig.data[0].x) if fig.data and fig.data[0].x is not None else [0, 1]
    x = list(x)
    trace = go.Scatter(x=x, y=[float(value)] * len(x), mode="lines", name=label,
                       line={"color": TARGET_COLOUR, "dash": "dash", "width": 2},
                       hoverinfo="skip")
    if secondary_y:
        trace.update(yaxis="y2")
    fig.add_trace(trace)
    return fig


def legend_key(fig: Any, name: str, colour: str, *, pattern: str = "") -> Any:
    """Add a legend entry (an empty bar) that explains a colour and pattern; returns the figure.

    Use it when bars in one trace are coloured or hatched by a rule, e.g. red hatched bars
    for half-hours that missed the standard.

    Example:
        >>> import plotly.graph_objects as go
        >>> fig = legend_key(go.Figure(), "Missed the standard", "#D55E00", pattern="/")
        >>> fig.data[0].name, fig.data[0].marker.pattern.shape
        ('Missed the standard', '/')
    """
    import plotly.graph_objects as go

    marker: dict[str, Any] = {"color": colour}
    if pattern:
        marker["pattern"] = {"shape": pattern, "fgcolor": "white"}
    fig.add_trace(go.Bar(x=[None], y=[None], name=name, marker=marker, showlegend=True,
                         hoverinfo="skip"))
    return fig


class StaticChart:
    """A plotly figure shown with the course's display options (no toolbar).

    ``.figure`` is the figure itself.
    """

    def __init__(self, figure: Any) -> None:
        self.figure = figure

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None,
                          **kwargs: Any) -> dict:
        return self.figure._repr_mimebundle_(include, exclude, config=dict(CONFIG))

    def _ipython_display_(self) -> None:
        """Show the chart and, for screen readers, its title and axes in words."""
        from IPython.display import HTML, display

        from csmlib.ui.a11y import describe_chart, hidden_text

        display(self._repr_mimebundle_(), raw=True)
        display(HTML(hidden_text(describe_chart(self.figure))))

    def __repr__(self) -> str:
        title = self.figure.layout.title.text or "chart"
        return f"<chart: {title}>"


def static(figure: Any) -> StaticChart:
    """Wrap a figure (not a FigureWidget) so it shows without plotly's toolbar.

    Example:
        >>> import plotly.graph_objects as go
        >>> chart = static(style(go.Figure(), title="Calls", x="Hour", y="Calls"))
        >>> chart.figure.layout.title.text
        'Calls'
    """
    return StaticChart(figure)


class ChartArea:
    """An output area in a widget that shows one chart at a time, for widgets that draw a new
    chart on each change. Showing a ready-made chart costs a millisecond or two, where building
    a plotly FigureWidget costs tens: keep the chart (or its :meth:`bundle`) and show it again.

    ``view`` is the ipywidgets Output to put in the widget; ``figure`` is the chart shown last.

    Example:
        >>> import plotly.graph_objects as go
        >>> area = ChartArea()
        >>> area.show(style(go.Figure(), title="Calls", x="Hour", y="Calls"))
        >>> area.figure.layout.title.text
        'Calls'
    """

    def __init__(self) -> None:
        import ipywidgets as widgets

        self.view = widgets.Output(layout=widgets.Layout(width="100%"))
        self.figure: Any = None

    @staticmethod
    def bundle(figure: Any) -> dict:
        """What the notebook draws for ``figure`` (plotly's JSON, the course's options)."""
        return StaticChart(figure)._repr_mimebundle_()

    def show(self, figure: Any, bundle: dict | None = None) -> None:
        """Replace the chart shown with ``figure`` (``bundle``: its :meth:`bundle`, if kept)."""
        from IPython import get_ipython
        from IPython.display import display

        self.figure = figure
        if get_ipython() is None:  # no notebook to draw in: a script or the test suite
            return
        data = bundle if bundle is not None else self.bundle(figure)
        from IPython.display import HTML

        from csmlib.ui.a11y import describe_chart, hidden_text

        self.view.clear_output(wait=True)
        with self.view:
            display(data, raw=True)
            display(HTML(hidden_text(describe_chart(figure))))  # its words, for screen readers
