"""Designing a service process: a customer journey drawn as a swimlane, and a redesign to try.

* :func:`swimlane_figure` draws the steps of :func:`csmlib.analysis.journeys.journey` in
  their lanes (Customer, Front line, Back office, Systems), left to right in order, with an
  arrow into each step labelled with the contacts reaching it, and the delay under each
  step. Failure points are vermillion diamonds (colour *and* shape), named in the legend.
* :func:`journey_table` and :func:`redesign_table` show the steps and the estimated effect
  of a redesign with the presentation kit.
* :class:`JourneyRedesign` puts them together: choose a contact reason, move the redesign
  levers (fewer transfers, a higher first-contact resolution, fewer abandoned contacts) and
  read the estimated effect. The journey is worked out once per reason and kept.

Example:
    >>> format_delay(45), format_delay(290), format_delay(6_700), format_delay(261_886)
    ('45 s', '4.8 min', '1.9 h', '3.0 days')
"""

from __future__ import annotations

import html
import math
import textwrap
from typing import Any

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from csmlib.analysis import journeys
from csmlib.course.style import PALETTE
from csmlib.ui.charts import style
from csmlib.ui.tables import Table, table
from csmlib.ui.widgets import CourseWidget

__all__ = ["FAILURE_COLOUR", "FAILURE_SYMBOL", "STEP_COLOUR", "STEP_SYMBOL", "JourneyRedesign",
           "format_delay", "journey_table", "redesign_table", "swimlane_figure"]

STEP_COLOUR = PALETTE["blue"]
STEP_SYMBOL = "square"
FAILURE_COLOUR = PALETTE["vermillion"]
FAILURE_SYMBOL = "diamond"
_LANE_FILL = ("#f3f6fa", "#ffffff")
_LABEL = {"description_width": "initial"}
#: Characters per line of a step's name in the chart (about 110 px at 12 px text).
_WRAP = 13


def format_delay(seconds: float) -> str:
    """A delay in the unit a manager reads best: seconds, minutes, hours (under a day) or
    days.

    Example:
        >>> format_delay(float("nan")), format_delay(0), format_delay(3 * 86_400)
        ('–', '0 s', '3.0 days')
    """
    if seconds is None or not math.isfinite(float(seconds)):
        return "–"
    s = float(seconds)
    if s < 90:
        return f"{s:.0f} s"
    if s < 90 * 60:
        return f"{s / 60:.1f} min"
    if s < 24 * 3600:
        return f"{s / 3600:.1f} h"
    return f"{s / 86_400:.1f} days"


def _delay_words(row: pd.Series) -> str:
    """The delay under a box: the median (the queue: an average, marked "avg")."""
    if not math.isfinite(float(row["median_delay_s"])):
        return ""
    average = str(row["delay_means"]).startswith("average")
    return f"{format_delay(row['median_delay_s'])}{' avg' if average else ''}"


def _check_journey(journey_frame: Any) -> pd.DataFrame:
    need = {"key", "step", "lane", "contacts", "share", "failure", "median_delay_s",
            "delay_means"}
    if not isinstance(journey_frame, pd.DataFrame) or not need <= set(journey_frame.columns):
        raise ValueError("journey_frame must be the table csmlib.analysis.journeys.journey() "
                         "returns.")
    if len(journey_frame) == 0:
        raise ValueError("journey_frame has no steps to draw.")
    return journey_frame.reset_index(drop=True)


def swimlane_figure(journey_frame: pd.DataFrame, *, title: str, figure: Any = None,
                    width: int | None = 900) -> Any:
    """The journey as a swimlane: one box per step, lanes as bands, arrows between steps.

    Steps are placed left to right in order, named under the chart and joined by arrows; over
    each box, where the arrow arrives, are the contacts reaching the step and their share of
    the first step; under it, the delay. Failure points are vermillion diamonds, other steps
    blue squares; the legend names both. Pass ``figure`` (for example a ``go.FigureWidget``)
    to redraw in place; ``width`` in pixels (None: the width of the page).

    Example:
        >>> import pandas as pd
        >>> steps = pd.DataFrame({"key": ["start", "abandoned"], "step": ["Calls", "Gives up"],
        ...     "lane": ["Customer", "Customer"], "contacts": [100, 9], "share": [1.0, 0.09],
        ...     "failure": [False, True], "median_delay_s": [float("nan"), 120.0],
        ...     "delay_means": ["none", "median time waited before giving up"]})
        >>> fig = swimlane_figure(steps, title="A journey")
        >>> [(t.name, list(t.text)) for t in fig.data if t.showlegend]
        [('Step', ['100 (100%)']), ('Failure point', ['9 (9%)'])]
        >>> list(fig.data[2].text)  # the delays, under the boxes
        ['', '2.0 min']
    """
    steps = _check_journey(journey_frame)
    lanes = list(journeys.LANES)
    unknown = sorted(set(steps["lane"]) - set(lanes))
    if unknown:
        raise ValueError(f"journey_frame: unknown lane(s) {', '.join(unknown)}; use "
                         f"{', '.join(lanes)}.")
    level = {lane: len(lanes) - 1 - i for i, lane in enumerate(lanes)}  # Customer on top
    x = list(range(1, len(steps) + 1))
    y = [level[lane] for lane in steps["lane"]]
    failure = steps["failure"].astype(bool).tolist()
    fig = figure if figure is not None else go.Figure()
    names = [f"<b>{i}</b><br>" + "<br>".join(textwrap.wrap(str(s), _WRAP))
             for i, s in enumerate(steps["step"], start=1)]
    delays = [_delay_words(row) for _, row in steps.iterrows()]
    volumes = [f"{int(n):,} ({100 * float(p):.0f}%)" for n, p in
               zip(steps["contacts"], steps["share"], strict=True)]
    hover = [f"{html.escape(str(s))}<br>{v} of the contacts<br>{html.escape(str(m))}: "
             f"{format_delay(d)}" for s, v, m, d in
             zip(steps["step"], volumes, steps["delay_means"], steps["median_delay_s"],
                 strict=True)]

    shape = (tuple(y), tuple(failure))
    normal = [i for i, f in enumerate(failure) if not f]
    failed = [i for i, f in enumerate(failure) if f]
    if figure is not None and getattr(figure, "_csm_swimlane", None) == shape:
        # Same steps in the same lanes: change only the words (fast enough for a widget).
        with fig.batch_update():
            fig.data[0].update(text=[volumes[i] for i in normal],
                               hovertext=[hover[i] for i in normal])
            fig.data[1].update(text=[volumes[i] for i in failed],
                               hovertext=[hover[i] for i in failed])
            fig.data[2].text = delays
            fig.layout.xaxis.ticktext = names
            fig.layout.title.text = title
        return fig

    def points(pick: list[int]) -> dict[str, list]:
        return {"x": [x[i] for i in pick], "y": [y[i] for i in pick],
                "hovertext": [hover[i] for i in pick], "text": [volumes[i] for i in pick]}

    # The volume is written over each box (where its arrow arrives), the delay under it.
    traces = [
        go.Scatter(**points(normal), mode="markers+text", name="Step", hoverinfo="text",
                   showlegend=True, textposition="top center",
                   textfont={"size": 12, "color": "#222"},
                   marker={"color": STEP_COLOUR, "symbol": STEP_SYMBOL, "size": 24,
                           "line": {"color": "white", "width": 1}}),
        go.Scatter(**points(failed), mode="markers+text", name="Failure point",
                   hoverinfo="text", showlegend=True, textposition="top center",
                   textfont={"size": 12, "color": FAILURE_COLOUR},
                   marker={"color": FAILURE_COLOUR, "symbol": FAILURE_SYMBOL, "size": 28,
                           "line": {"color": "white", "width": 1}}),
        go.Scatter(x=x, y=y, text=delays, mode="markers+text", textposition="bottom center",
                   showlegend=False, hoverinfo="skip", textfont={"size": 11, "color": "#444"},
                   marker={"size": 28, "opacity": 0}, name="Delay"),
    ]
    arrows = [{"x": x[i], "y": y[i], "ax": x[i - 1], "ay": y[i - 1], "xref": "x", "yref": "y",
               "axref": "x", "ayref": "y", "text": "", "showarrow": True, "arrowhead": 2,
               "arrowsize": 1.1, "arrowwidth": 1.4, "arrowcolor": "#8a8a8a",
               # between lanes, stop clear of the words over and under the boxes
               "standoff": 16 if y[i] == y[i - 1] else 46,
               "startstandoff": 16 if y[i] == y[i - 1] else 40} for i in range(1, len(steps))]
    bands = [{"type": "rect", "xref": "paper", "yref": "y", "x0": 0, "x1": 1,
              "y0": level[lane] - 0.5, "y1": level[lane] + 0.5, "layer": "below",
              "line": {"width": 0}, "fillcolor": _LANE_FILL[i % 2]}
             for i, lane in enumerate(lanes)]
    bands += [{"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1,
               "y0": k + 0.5, "y1": k + 0.5, "layer": "below",
               "line": {"color": "#c8ced6", "width": 1}} for k in range(len(lanes) - 1)]
    with fig.batch_update() if hasattr(fig, "batch_update") else _nothing():
        fig.data = []
        fig.add_traces(traces)
        fig.update_layout(annotations=arrows, shapes=bands)
        style(fig, title=title, y="Who acts", height=560,
              x="Steps of the journey, in order (under each box: median time; avg = average)")
        fig.update_layout(width=width)
        fig.update_xaxes(tickmode="array", tickvals=x, ticktext=names, tickangle=0,
                         tickfont={"size": 12},
                         range=[0.4, len(steps) + 0.6], showgrid=False, zeroline=False)
        fig.update_yaxes(tickmode="array", tickvals=[level[lane] for lane in lanes],
                         ticktext=[f"<b>{lane}</b>" for lane in lanes],
                         range=[-0.5, len(lanes) - 0.5], showgrid=False, zeroline=False,
                         fixedrange=True)
        fig.update_layout(hovermode="closest", dragmode=False)
    if figure is not None:
        figure._csm_swimlane = shape
    return fig


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: Any) -> None:
        return None


def journey_table(journey_frame: pd.DataFrame, *, caption: str = "") -> Table:
    """The journey's steps as a kit table: step, who acts, contacts, share, delay.

    Example:
        >>> import pandas as pd
        >>> steps = pd.DataFrame({"key": ["start"], "step": ["Calls us"], "lane": ["Customer"],
        ...     "contacts": [100], "share": [1.0], "failure": [False],
        ...     "median_delay_s": [float("nan")], "delay_means": ["no delay"]})
        >>> journey_table(steps).rows()
        [['1', 'Calls us', 'Customer', '100', '100.0%', 'No', '–', 'no delay']]
    """
    steps = _check_journey(journey_frame)
    shown = steps.assign(number=range(1, len(steps) + 1), share_pct=100 * steps["share"],
                         delay=[format_delay(v) for v in steps["median_delay_s"]])
    days = journey_frame.attrs.get("days", 7)
    return table(shown, {
        "number": ("Step", "count"), "step": "What happens", "lane": "Who acts",
        "contacts": ("Contacts", "count"), "share_pct": ("Share of the first step (%)",
                                                        "percent"),
        "failure": ("Failure point", "flag"), "delay": ("Delay", "text"),
        "delay_means": "How the delay is measured"}, caption=caption, notes=[
        "A failure point is where the journey goes wrong for the customer: they give up, are "
        f"passed on, are left unresolved, have to come back within {days:g} days or complain.",
        "Counts only contacts whose follow-up period is over, so every step can be judged."])


def redesign_table(effect: pd.DataFrame, *, caption: str = "") -> Table:
    """The estimated effect of a redesign (from :func:`journeys.redesign`) as a kit table.

    Example:
        >>> import pandas as pd
        >>> effect = pd.DataFrame({"outcome": ["Repeat contacts"], "before": [300.0],
        ...                        "after": [260.0], "change": [-40.0], "change_pct": [-13.3]})
        >>> redesign_table(effect).rows()
        [['Repeat contacts', '300', '260', '−40', '−13.3%']]
    """
    need = {"outcome", "before", "after", "change", "change_pct"}
    if not isinstance(effect, pd.DataFrame) or not need <= set(effect.columns):
        raise ValueError("effect must be the table csmlib.analysis.journeys.redesign() returns.")
    shown = effect.assign(change_text=[("−" if v < -0.5 else "+" if v > 0.5 else "")
                                       + f"{abs(v):,.0f}" for v in effect["change"]])
    return table(shown, {"outcome": "Outcome", "before": ("Before (measured)", "count"),
                         "after": ("After (estimated)", "count"),
                         "change_text": ("Change", "text"),
                         "change_pct": ("Change (%)", "signed_percent")},
                 caption=caption, notes=[
                     "Estimated with the journey's own rates (how often a resolved, an "
                     "unresolved and an abandoned contact leads to another contact, and a "
                     "repeat to a complaint), assuming they stay the same. Test it as a PDCA "
                     "cycle before relying on it."])


class JourneyRedesign(CourseWidget):
    """Map a customer journey from the data as a swimlane, redesign it, read the effect.

    Controls: ``reason`` (a contact reason in the data), ``transfer_cut`` (transfers
    avoided, %), ``fcr_lift`` (extra first-contact resolution, points) and ``abandon_cut``
    (abandoned contacts answered instead, %). Pass ``contacts`` and ``complaints`` (the
    whole tables), or leave them out to load the active organisation's data.
    """

    def __init__(self, contacts: pd.DataFrame | None = None,
                 complaints: pd.DataFrame | None = None, *,
                 reason: str = journeys.DEFAULT_REASON) -> None:
        super().__init__()
        if contacts is None or complaints is None:
            from csmlib.data import load

            contacts = load("contacts", columns=list(journeys.CONTACT_COLUMNS))
            complaints = load("complaints", columns=list(journeys.COMPLAINT_COLUMNS))
        self.contacts, self.complaints = contacts, complaints
        self._journeys: dict[str, pd.DataFrame] = {}
        self._gaps = journeys.next_contact_gap(contacts)  # shared by every reason's journey
        options = journeys.reasons(contacts)
        if reason not in options:
            reason = options[0]
        slider = {"style": _LABEL, "continuous_update": False,
                  "layout": widgets.Layout(width="30em")}
        self.controls = {
            "reason": widgets.Dropdown(options=options, value=reason,
                                       description="Customer journey for", style=_LABEL),
            "transfer_cut": widgets.IntSlider(value=0, min=0, max=100, step=5,
                                              description="Transfers avoided (%)", **slider),
            "fcr_lift": widgets.IntSlider(value=0, min=0, max=20, step=1,
                                          description="First-contact resolution up (points)",
                                          **slider),
            "abandon_cut": widgets.IntSlider(value=0, min=0, max=100, step=5,
                                             description="Abandoned contacts answered (%)",
                                             **slider),
        }
        self.figure = go.FigureWidget()
        self.effect_html = widgets.HTML()
        self._drawn: str | None = None
        self._finish(self.controls["reason"], self.figure,
                     widgets.HTML("<p><b>Redesign the journey</b>: move the levers to estimate "
                                  "the effect.</p>"),
                     self.controls["transfer_cut"], self.controls["fcr_lift"],
                     self.controls["abandon_cut"], self.effect_html)

    def journey(self, reason: str | None = None) -> pd.DataFrame:
        """The journey for ``reason`` (the chosen one by default), worked out once."""
        reason = self.controls["reason"].value if reason is None else reason
        if reason not in self._journeys:
            self._journeys[reason] = journeys.journey(self.contacts, self.complaints, reason,
                                                      gaps=self._gaps)
        return self._journeys[reason]

    def effect(self) -> pd.DataFrame:
        """The estimated effect of the levers as set."""
        c = self.controls
        return journeys.redesign(self.journey(), transfer_cut=c["transfer_cut"].value / 100,
                                 fcr_lift=c["fcr_lift"].value / 100,
                                 abandon_cut=c["abandon_cut"].value / 100)

    def weeks(self) -> float:
        """The length of the period counted, in weeks."""
        attrs = self.journey().attrs
        days = (attrs["last"].normalize() - attrs["first"].normalize()).days + 1
        return max(days, 1) / 7

    def update(self) -> None:
        reason = self.controls["reason"].value
        steps = self.journey(reason)
        if reason != self._drawn:
            swimlane_figure(steps, title=f"Customer journey: {reason}", figure=self.figure)
            self._drawn = reason
        effect = self.effect()
        self.effect_html.value = redesign_table(
            effect, caption="Estimated effect of the redesign, over the period counted").to_html()
        attrs = steps.attrs
        self.result.value = (
            f"<p>{int(steps['contacts'].iloc[0]):,} contacts about “{html.escape(reason)}” "
            f"from {attrs['first']:%-d %b} to {attrs['last']:%-d %b %Y} "
            f"({self.weeks():.0f} weeks). "
            f"{html.escape(journeys.redesign_sentence(effect, weeks=self.weeks()))}</p>")

    def static_html(self) -> str:
        reason = self.controls["reason"].options[0] if journeys.DEFAULT_REASON not in \
            self.controls["reason"].options else journeys.DEFAULT_REASON
        return journey_table(self.journey(reason),
                             caption=f"Customer journey: {reason}, step by step").to_html()
