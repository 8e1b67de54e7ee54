"""Notebook 02 "Planning operations": forecast, staff, set standards, plan for peaks, budget.

Every figure comes from the organisation in use (``csmlib.data.load``), so the notebook and
its self-checks follow a learner's own organisation too.

**One plan, one answer.** "Next week's plan" is the forecast for the week after the data ends
(seasonal average with trend) with each channel's planned handle time
(:func:`next_week_plan`). The peaks table, the staffing calculator's starting point, the
self-checks, the standards setter and the operational plan all read it, and the busiest
half-hour always comes from one function (:func:`csmlib.analysis.forecasting.busiest_intervals`);
weekly costs come from one function too (:func:`csmlib.analysis.standards.weekly_costs`).

Example:
    >>> calculator = staffing_calculator()
    >>> calculator.controls["target_sl"].value = 90
    >>> calculator.numbers()["service_level"] >= 0.9
    True
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from csmlib.analysis import budget, forecasting, simulation, staffing, standards, workforce
from csmlib.data import assumptions, load, read_manifest
from csmlib.ui import charts
from csmlib.ui.charts import PALETTE, STATUS
from csmlib.ui.exercises import MultipleChoice, NumericAnswer, WrittenAnswer
from csmlib.ui.forms import ArtefactForm, ArtefactPart, ReflectionBox
from csmlib.ui.tables import Table, format_value, table
from csmlib.ui.widgets import CourseWidget

NOTEBOOK = "02_planning_operations"
#: Every control shows its whole label (never cut short with "…").
_LABEL = {"description_width": "initial"}
_CHANNELS = ("phone", "chat", "email", "social")
_MISSED = "Missed the standard"
_HATCH = "/"
WAPE_NOTE = ("WAPE (weighted absolute percentage error): every half-hour's forecast error, "
             "too high or too low, added up and divided by the contacts that actually "
             "arrived. 10% means the forecast was out by 10 contacts for every 100 that came; "
             "lower is better.")
#: A change in satisfaction this small (points) is described as "hardly moves".
HARDLY_MOVES_PTS = 2.0
TOP_2_BOX_NOTE = ("Satisfied (top-2-box): the share of surveyed customers who scored 4 or 5 "
                  "out of 5.")


def _slider(description: str, value: int, low: int, high: int, step: int = 1
            ) -> widgets.IntSlider:
    return widgets.IntSlider(value=value, min=low, max=high, step=step,
                             description=description, style=_LABEL,
                             layout=widgets.Layout(width="40em"), continuous_update=False)


def _block(content: str) -> str:
    """HTML for a widget's result area, at the notebook's own line spacing."""
    return f'<div style="line-height:1.45">{content}</div>'


def _settings_key() -> str:
    return str(read_manifest()["settings"])


def _channel_name(channel: str) -> str:
    return str(channel).capitalize()


def _day(stamp: Any) -> str:
    """A day as managers write it: Mon 6 Apr 2026 (the kit's ``weekday_date`` format)."""
    return format_value(stamp, "weekday_date")


# ------------------------------------------------------------------ data
@lru_cache(maxsize=4)
def _history(key: str) -> pd.DataFrame:
    return forecasting.volume_by_interval(_contacts())


def history() -> pd.DataFrame:
    """Contacts per channel and half-hour for the organisation in use (computed once)."""
    return _history(_settings_key())


#: The contacts columns this notebook reads (the free-text comments are never parsed).
CONTACT_COLUMNS = ("arrived_at", "channel", "answered", "wait_s", "csat")


def _contacts() -> pd.DataFrame:
    return load("contacts", columns=CONTACT_COLUMNS)


def weeks_available() -> list[pd.Timestamp]:
    """Mondays of the full weeks in the data."""
    return forecasting.full_weeks(history()["interval_start"])


def next_week_start() -> pd.Timestamp:
    """The Monday of "next week": the first Monday after the data ends."""
    return forecasting.week_after(history()["interval_start"])


@lru_cache(maxsize=4)
def _next_week_plan(key: str) -> pd.DataFrame:
    frame = forecasting.forecast(history(), next_week_start(), days=7)
    return forecasting.forecast_plan(frame, forecasting.planned_aht(load("interval_plan")))


def next_week_plan() -> pd.DataFrame:
    """Next week's plan: the forecast per channel and open half-hour (seasonal average with
    trend) with each channel's planned handle time. Everything in this notebook that says
    "next week" or "the plan's busiest half-hour" reads this one frame."""
    return _next_week_plan(_settings_key()).copy()


def _week_label() -> str:
    start = next_week_start()
    return f"{_day(start)} to {_day(start + pd.Timedelta(days=6))}"


def busiest_phone_intervals(top: int = 5) -> pd.DataFrame:
    """The ``top`` busiest phone half-hours of next week's plan, busiest first."""
    return forecasting.busiest_intervals(next_week_plan(), "phone", top)


def busiest_phone_interval() -> pd.Series:
    """The busiest phone half-hour of next week's plan: the first row of the peaks table.

    ``calls`` is its forecast in whole calls and ``forecast_aht_s`` its handle time in whole
    seconds: the staffing calculator starts there and the self-checks are worked out from it.
    """
    return forecasting.busiest_interval(next_week_plan(), "phone")


def _costs() -> dict[str, float]:
    """The organisation's pay, on-cost and two shrinkage figures, as the standards costing
    takes them (hours taking contacts → scheduled → paid)."""
    a = assumptions()
    return {"hourly_rate_gbp": a.hourly_rate_gbp, "on_cost_share": a.on_cost_share,
            "on_shift_shrinkage": a.on_shift_shrinkage,
            "off_shift_shrinkage": a.off_shift_shrinkage}


def _schedule_costs() -> dict[str, float]:
    """Pay, on-costs and off-shift shrinkage, as the costing of scheduled hours takes them:
    scheduled agents already include breaks and coaching, so on-shift shrinkage is not
    applied again."""
    a = assumptions()
    return {"hourly_rate_gbp": a.hourly_rate_gbp, "on_cost_share": a.on_cost_share,
            "off_shift_shrinkage": a.off_shift_shrinkage}


def hours_basis() -> str:
    """One sentence saying which hours and channels every weekly cost counts."""
    a = assumptions()
    return (f"Weekly cost counts paid hours: the hours agents must be taking contacts ÷ "
            f"(1 − {a.on_shift_shrinkage:.0%} on-shift shrinkage: breaks, coaching, "
            f"meetings) = scheduled hours; ÷ (1 − {a.off_shift_shrinkage:.0%} off-shift "
            f"shrinkage: annual leave, sickness, training days) = paid hours; "
            f"× £{a.hourly_rate_gbp:,.2f} an hour + {a.on_cost_share:.0%} on-costs "
            f"(employer's National Insurance and pension). Channels: phone, chat, email and "
            f"social; next week: {_week_label()}.")


# ------------------------------------------------------------ forecasting
class ForecastExplorer(CourseWidget):
    """Pick a channel, a week and a method: the forecast against what really happened."""

    def __init__(self) -> None:
        super().__init__()
        weeks = weeks_available()
        usable = weeks[4:] or weeks
        self.controls = {
            "channel": widgets.Dropdown(
                options=[(_channel_name(c), c) for c in ("phone", "email", "chat", "social")],
                value="phone", description="Channel", style=_LABEL),
            "week": widgets.Dropdown(options=[(f"week of {_day(w)}", w) for w in usable],
                                     value=usable[-1], description="Week", style=_LABEL),
            "method": widgets.Dropdown(options=list(forecasting.METHODS),
                                       value="seasonal average with trend",
                                       description="Method", style=_LABEL,
                                       layout=widgets.Layout(width="30em")),
        }
        self.figure = go.FigureWidget(data=[
            go.Scatter(x=[], y=[], name="Actual contacts", mode="lines",
                       line={"color": PALETTE["black"], "width": 1.5}),
            go.Scatter(x=[], y=[], name="Forecast (dotted)", mode="lines",
                       line={"color": PALETTE["orange"], "width": 2.5, "dash": "dot"}),
        ])
        charts.style(self.figure, title="Forecast against actual, by half-hour",
                     x="Date and time", y="Contacts per half-hour", height=360)
        self._finish(widgets.HBox([self.controls["channel"], self.controls["week"]]),
                     self.controls["method"], self.figure)

    def frame(self) -> pd.DataFrame:
        return forecasting.forecast_vs_actual(
            history(), self.controls["channel"].value, self.controls["week"].value,
            method=self.controls["method"].value)

    def update(self) -> None:
        frame = self.frame()
        with self.figure.batch_update():
            self.figure.data[0].x = frame["interval_start"].tolist()
            self.figure.data[0].y = frame["actual"].tolist()
        with self.figure.batch_update():
            self.figure.data[1].x = frame["interval_start"].tolist()
            self.figure.data[1].y = frame["forecast"].round(1).tolist()
        self.result.value = _block(f"<p>{html.escape(self.summary(frame))}</p>")

    def summary(self, frame: pd.DataFrame | None = None) -> str:
        frame = self.frame() if frame is None else frame
        actual, predicted = frame["actual"].sum(), frame["forecast"].sum()
        wape = forecasting.wape_pct(frame["forecast"], frame["actual"])
        return (f"{_channel_name(self.controls['channel'].value)}, week of "
                f"{_day(self.controls['week'].value)}: forecast {predicted:,.0f} contacts, "
                f"actual {actual:,.0f}. Half-hour by half-hour the forecast was out by "
                f"{wape:.0f}% of the actual volume (WAPE).")

    def static_html(self) -> str:
        return f"<p><b>At the start:</b> {html.escape(self.summary())}</p>"


def forecast_explorer() -> ForecastExplorer:
    """Widget: forecast against actual for a channel and week."""
    return ForecastExplorer()


def backtest_frame() -> pd.DataFrame:
    """Average WAPE (%) of each method per channel over the last two weeks, with the most
    accurate method: one row per channel."""
    summary = forecasting.backtest_summary(history(), holdout_weeks=2)
    frame = summary.rename_axis(columns=None).reset_index()
    frame["best"] = [str(m).capitalize() for m in forecasting.best_method(summary)]
    frame["channel_name"] = frame["channel"].map(_channel_name)
    return frame


def backtest_table() -> Table:
    """How accurate each method was on the last two weeks (average WAPE per channel)."""
    naive, seasonal, trend = forecasting.METHODS
    return table(backtest_frame(), {
        "channel_name": "Channel",
        naive: ("Naive: same half-hour last week (WAPE %)", "percent"),
        seasonal: ("Seasonal average (WAPE %)", "percent"),
        trend: ("Seasonal average with trend (WAPE %)", "percent"),
        "best": "Most accurate here"},
        caption="Forecast error of each method over the last two weeks of data",
        notes=[WAPE_NOTE], row_heading="channel_name")


def peaks_frame() -> pd.DataFrame:
    """The busiest phone half-hours of next week's plan (the peaks table's frame)."""
    return busiest_phone_intervals(5)


def next_week_peaks() -> Table:
    """The busiest phone half-hours forecast for next week, and how they compare with the
    quietest half-hour the phones are open."""
    top = peaks_frame()
    quiet_at = top.attrs["quietest_start"]
    quiet_calls = int(forecasting.whole_calls(top.attrs["quietest_contacts"]))
    first = top.iloc[0]
    return table(top, {
        "interval_start": ("Day", "weekday_date"),
        "time": "Half-hour starting",
        "calls": ("Forecast calls", "count"),
        "vs_quietest": ("Times the quietest half-hour (×)", "number")},
        caption=f"The five busiest phone half-hours forecast for next week ({_week_label()})",
        notes=[f"Times the quietest half-hour: the quietest half-hour the phones are open next "
               f"week is {_day(quiet_at)} at {quiet_at:%H:%M}, with {quiet_calls:,} forecast "
               f"calls. The busiest, {first['weekday']} {first['time']}, expects "
               f"{first['vs_quietest']:.1f} times as many: the rota has to swing as much as "
               "the calls do."])


def events_calendar_frame() -> pd.DataFrame:
    """Known events from the start of the data to the end of next week
    (:func:`csmlib.analysis.workforce.events_calendar`: England and Wales bank holidays)."""
    times = history()["interval_start"]
    return workforce.events_calendar(times.min().normalize(),
                                     next_week_start() + pd.Timedelta(days=6))


def events_calendar() -> Table:
    """The events calendar beside the forecast: bank holidays in the data and next week."""
    frame = events_calendar_frame()
    start = next_week_start()
    frame["when"] = np.where(frame["date"] >= start, "next week", "in the data")
    return table(frame, {"date": ("Day", "weekday_date"), "when": "When",
                         "event": "What it means for the plan"},
                 caption="Events calendar: known days that are not ordinary days",
                 notes=["Add the events your organisation knows are coming: billing runs and "
                        "bill-date changes, price-change letters, marketing campaigns, "
                        "planned system outages, school holidays. Forecast each from the same "
                        "event in the past, not from an ordinary week, and note it beside the "
                        "forecast so everyone knows why the numbers jump."])


# --------------------------------------------------------------- staffing
class StaffingCalculator(CourseWidget):
    """Erlang C: how many agents a half-hour needs to meet a service level."""

    def __init__(self) -> None:
        super().__init__()
        busiest = busiest_phone_interval()
        calls, aht = int(busiest["calls"]), int(busiest["forecast_aht_s"])
        self.start = {"contacts": calls, "aht": aht, "target_sl": 80, "target_s": 20,
                      "on_shift": round(assumptions().on_shift_shrinkage * 100)}
        self.start_label = f"{busiest['weekday']} {busiest['time']}"
        self.controls = {
            "contacts": _slider("Calls in the half-hour", calls, 10,
                                max(600, calls * 2)),
            "aht": _slider("Average handle time (seconds)", aht, 60, max(900, aht * 2)),
            "target_sl": _slider("Service level target (%)", 80, 50, 95, 5),
            "target_s": _slider("…answered within (seconds)", 20, 10, 120, 5),
            "on_shift": _slider("On-shift shrinkage: breaks, coaching, meetings (%)",
                                self.start["on_shift"], 0, 50),
        }
        reset = widgets.Button(description="Back to the start", icon="undo",
                               tooltip="Put every slider back to the plan's busiest half-hour "
                                       "and the organisation's standard",
                               layout=widgets.Layout(width="max-content"))
        reset.on_click(lambda _button: self.reset())
        self.controls["reset"] = reset
        self.figure = go.FigureWidget(data=[
            go.Bar(x=[], y=[], name="Service level", showlegend=False,
                   marker={"color": PALETTE["blue"]}),
        ])
        charts.style(self.figure, title="Service level for each number of agents",
                     x="Agents taking calls", y="Answered within target (%)", height=360)
        charts.target_line(self.figure, 80, "Target", x=[0, 1])
        charts.legend_key(self.figure, "Meets the target", STATUS["good"])
        charts.legend_key(self.figure, "Below the target", STATUS["bad"], pattern=_HATCH)
        self.figure.update_yaxes(range=[0, 100])
        self._finish(*[c for c in self.controls.values()], self.figure)

    def reset(self) -> None:
        """Put every slider back to its starting value (one update at the end)."""
        self._resetting = True
        try:
            for name, value in self.start.items():
                self.controls[name].value = value
        finally:
            self._resetting = False
        self._safe_update()

    def numbers(self) -> dict[str, Any]:
        c = self.controls
        contacts, aht = c["contacts"].value, c["aht"].value
        target_sl, target_s = c["target_sl"].value / 100, c["target_s"].value
        needed = staffing.required_agents(contacts, aht, target_sl, target_s)
        occupancy = staffing.occupancy(contacts, aht, needed)
        return {
            "needed": needed,
            "traffic": float(staffing.traffic(contacts, aht)),
            "service_level": staffing.service_level(contacts, aht, needed, target_s),
            "asa": staffing.average_speed_of_answer(contacts, aht, needed),
            "occupancy": occupancy,
            "occupancy_level": staffing.occupancy_level(occupancy),
            "warning": staffing.occupancy_warning(occupancy),
            "to_schedule": staffing.agents_to_schedule(needed, c["on_shift"].value / 100),
        }

    def update(self) -> None:
        if getattr(self, "_resetting", False):
            return  # one update once every slider is back
        n = self.numbers()
        c = self.controls
        low = int(np.floor(n["traffic"])) + 1
        agents = np.arange(low, max(low + 12, n["needed"] + 6))
        levels = staffing.service_level(c["contacts"].value, c["aht"].value, agents,
                                        c["target_s"].value) * 100
        meets = [lv >= c["target_sl"].value for lv in levels]
        with self.figure.batch_update():
            bars = self.figure.data[0]
            bars.x = agents.tolist()
            bars.y = np.round(levels, 1).tolist()
            bars.marker.color = [STATUS["good"] if ok else STATUS["bad"] for ok in meets]
            bars.marker.pattern = {"shape": ["" if ok else _HATCH for ok in meets],
                                   "fgcolor": "white"}
        # one batch per trace: plotly mixes up a batch whose traces change different keys
        with self.figure.batch_update():
            line = self.figure.data[1]
            line.x = [int(agents[0]) - 0.5, int(agents[-1]) + 0.5]
            line.y = [c["target_sl"].value] * 2
            line.name = f"Target: {c['target_sl'].value}% within {c['target_s'].value} s"
        self.result.value = self.result_html(n)

    def summary(self, n: dict[str, Any] | None = None) -> str:
        n, c = n or self.numbers(), self.controls
        return (f"{c['contacts'].value} calls of {c['aht'].value} s are {n['traffic']:.1f} "
                f"erlangs of work (an erlang is one agent busy for the whole half-hour). To "
                f"answer {c['target_sl'].value}% within {c['target_s'].value} s you need "
                f"{n['needed']} agents taking calls (service level {n['service_level']:.1%}, "
                f"average wait {n['asa']:.0f} s, occupancy {n['occupancy']:.1%}). With "
                f"{c['on_shift'].value}% on-shift shrinkage (breaks, coaching, meetings) you "
                f"must schedule {n['to_schedule']:.1f} agents on shift in this half-hour. "
                "Leave and sickness are not in this figure: they size the staff you employ.")

    def result_html(self, n: dict[str, Any] | None = None) -> str:
        n = n or self.numbers()
        text = f"<p>{html.escape(self.summary(n))}</p>"
        if n["warning"]:
            colour = STATUS["bad"] if n["occupancy_level"] == "too high" else STATUS["warning"]
            text += (f'<p class="csm-occupancy-warning" style="border-left:4px solid {colour};'
                     f'padding:4px 10px;font-weight:bold">{html.escape(n["warning"])}</p>')
        return _block(text)

    def static_html(self) -> str:
        return (f"<p><b>At the start (next week's busiest phone half-hour, "
                f"{html.escape(self.start_label)}):</b></p>" + self.result_html())


ERLANG_C_ASSUMES = ("Erlang C assumes calls arrive at random, handle times vary at random "
                    "around the average (exponentially), the half-hour is steady, all agents "
                    "are alike, nobody hangs up and nobody calls again.")
ERLANG_A_NOTE = ("Erlang A (Garnett, Mandelbaum and Reiman, 2002) adds callers who hang up "
                 "after a while: what the simulation shows.")


@lru_cache(maxsize=4)
def _erlang_vs_simulation(key: str) -> dict[str, float]:
    busiest = busiest_phone_interval()
    return simulation.required_agents_with_abandonment(
        float(busiest["calls"]), float(busiest["forecast_aht_s"]), 0.8, 20)


def erlang_vs_simulation_frame() -> pd.DataFrame:
    """The busiest half-hour staffed by Erlang C and by a simulation where callers hang up
    (what Erlang A models). Erlang C does not model hanging up, so its row says "not
    modelled", never 0%."""
    result = _erlang_vs_simulation(_settings_key())
    return pd.DataFrame({
        "method": ["Erlang C (assumes nobody hangs up)",
                   "Simulation with callers who hang up (as Erlang A models)"],
        "agents": [result["erlang_c_agents"], result["agents"]],
        "abandoned": ["not modelled",
                      f"{100 * result['simulated_abandonment_rate']:.1f}%"],
        "abandoned_pct": [np.nan, 100 * result["simulated_abandonment_rate"]],
    })


def erlang_vs_simulation_sentence() -> str:
    """What the comparison shows, computed from its numbers."""
    result = _erlang_vs_simulation(_settings_key())
    fewer = int(result["erlang_c_agents"] - result["agents"])
    lost = f"{100 * result['simulated_abandonment_rate']:.1f}%"
    if fewer > 0:
        return (f"The simulation meets 80% in 20 s with {fewer} agent{'s' if fewer > 1 else ''}"
                f" fewer than Erlang C, but only because {lost} of callers hang up: each one "
                "who leaves shortens the queue for the rest.")
    if fewer == 0:
        return (f"Here the simulation needs the same agents as Erlang C; even so {lost} of "
                "callers hang up, which Erlang C cannot show.")
    return (f"Here the simulation needs {-fewer} more agent{'s' if fewer < -1 else ''} than "
            f"Erlang C, and {lost} of callers hang up: real handle times and arrivals differ "
            "from Erlang C's assumptions.")


def erlang_vs_simulation() -> Table:
    """Erlang C against a simulation with callers who hang up, for the busiest half-hour."""
    busiest = busiest_phone_interval()
    return table(erlang_vs_simulation_frame(), {
        "method": "Method",
        "agents": ("Agents taking calls for 80% in 20 s", "count"),
        "abandoned": ("Callers who hang up at that staffing", "text")},
        caption=f"Next week's busiest phone half-hour ({busiest['weekday']} "
                f"{busiest['time']}, {int(busiest['calls'])} calls)",
        notes=[ERLANG_C_ASSUMES + " It cannot say how many callers hang up: \"not "
               "modelled\" is not 0%.", ERLANG_A_NOTE, erlang_vs_simulation_sentence()])


def staffing_ladder_frame() -> pd.DataFrame:
    """From next week's busiest phone half-hour to the staff to employ
    (:func:`csmlib.analysis.workforce.staffing_ladder`): Erlang C agents at the peak, agents
    to schedule then (on-shift shrinkage), next week's agent hours at the organisation's
    standards (:func:`plan_costs`), scheduled hours and FTE (off-shift shrinkage)."""
    a = assumptions()
    hours = float(plan_costs()["agent_hours"].sum())
    return workforce.staffing_ladder(_busiest_needed(), hours, a.on_shift_shrinkage,
                                     a.off_shift_shrinkage, a.contract_hours_per_week)


def staffing_ladder() -> Table:
    """The table "from the peak half-hour to the people you employ"."""
    frame = staffing_ladder_frame()
    units = ("agents", "agents", "hours", "hours", "FTE")
    frame["shown"] = [f"{value:,.0f} {unit}" if value == round(value) or unit == "hours"
                      else f"{value:,.1f} {unit}"
                      for value, unit in zip(frame["value"], units, strict=True)]
    return table(frame, {"step": "Step", "how": "How", "shown": "Figure"},
                 caption="From the peak half-hour to the people you employ (next week, "
                         "all channels at the organisation's standards)",
                 notes=["On-shift shrinkage (breaks, coaching, meetings) happens while agents "
                        "are on shift, so it sizes each half-hour's schedule. Off-shift "
                        "shrinkage (annual leave, sickness, training days) happens on days "
                        "people are not on shift, so it sizes how many people you employ. "
                        "Apply each once: dividing a schedule by total shrinkage again counts "
                        "breaks twice. There is no industry standard figure: measure your own.",
                        "FTE (full-time equivalent): staff counted in full-time contracts; two "
                        "half-time agents are one FTE."])


def staffing_calculator() -> StaffingCalculator:
    """Widget: the Erlang C staffing calculator."""
    return StaffingCalculator()


# -------------------------------------------------------------- standards
@lru_cache(maxsize=4)
def _standards_options(key: str) -> pd.DataFrame:
    contacts = _contacts()
    return standards.standards_options(
        next_week_plan(), contacts[contacts["csat"].notna()],
        chat_concurrency=assumptions().chat_concurrency, **_costs())


def standards_options() -> pd.DataFrame:
    """Every standard on offer with its weekly agent hours, paid hours, cost and customer
    effect, for next week's plan and the organisation's own pay and shrinkage."""
    return _standards_options(_settings_key()).copy()


@lru_cache(maxsize=32)
def _plan_costs(key: str, picks: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    return standards.weekly_costs(next_week_plan(), dict(picks),
                                  chat_concurrency=assumptions().chat_concurrency,
                                  **_costs())


def plan_costs(picks: dict[str, str] | None = None) -> pd.DataFrame:
    """Next week's plan costed per channel at ``picks`` (the organisation's standards,
    :data:`csmlib.analysis.standards.PLAN_STANDARDS`, by default): the one function behind
    every weekly cost in this notebook."""
    chosen = tuple((picks or standards.PLAN_STANDARDS).items())
    return _plan_costs(_settings_key(), chosen).copy()


_OPTION_COLUMNS = {
    "channel_name": "Channel", "standard": "Standard",
    "agent_hours_a_week": ("Agent hours taking contacts", "count"),
    "scheduled_hours_a_week": ("Scheduled hours (incl. breaks)", "count"),
    "paid_hours_a_week": ("Paid hours (incl. leave, sickness)", "count"),
    "weekly_cost_gbp": ("Weekly cost", "money"),
    "csat_if_met_pct": ("Satisfied when met (top-2-box)", "percent"),
    "csat_if_missed_pct": ("Satisfied when missed", "percent"),
}


def _dash_note(options: pd.DataFrame) -> list[str]:
    """Explain a dash in a satisfaction column with the first case in ``options``."""
    for row in options.itertuples():
        setting = standards.STANDARDS.get(row.channel, {}).get(row.standard)
        if setting is None:
            continue
        limit = (f"{setting[1]:g} seconds" if isinstance(setting, tuple)
                 else f"{setting:g} hour{'s' if setting != 1 else ''}")
        if pd.isna(row.csat_if_missed_pct):
            example = f"no surveyed {row.channel} customer waited longer than {limit}"
        elif pd.isna(row.csat_if_met_pct):
            example = f"no surveyed {row.channel} customer was answered within {limit}"
        else:
            continue
        return [f"– in a satisfaction column: no surveyed customer was on that side of the "
                f"standard (for example, {example}), so there is nothing to compare."]
    return []


def _options_table(options: pd.DataFrame, caption: str) -> Table:
    shown = options.assign(channel_name=options["channel"].map(_channel_name))
    return table(shown, _OPTION_COLUMNS, caption=caption,
                 notes=[TOP_2_BOX_NOTE, *_dash_note(options), hours_basis()])


class StandardsSetter(CourseWidget):
    """Choose a standard per channel: see the weekly cost and what customers feel."""

    def __init__(self) -> None:
        super().__init__()
        self.options = standards_options()
        self.controls = {
            channel: widgets.Dropdown(options=list(standards.STANDARDS[channel]),
                                      value=standards.PLAN_STANDARDS[channel],
                                      description=_channel_name(channel), style=_LABEL,
                                      layout=widgets.Layout(width="20em"))
            for channel in _CHANNELS}
        self.table = widgets.HTML()
        self._finish(widgets.HBox([self.controls["phone"], self.controls["chat"]]),
                     widgets.HBox([self.controls["email"], self.controls["social"]]),
                     self.table)

    def picks(self) -> dict[str, str]:
        return {channel: control.value for channel, control in self.controls.items()}

    def chosen(self) -> pd.DataFrame:
        picks = self.picks()
        mask = [picks.get(c) == s for c, s in zip(self.options["channel"],
                                                  self.options["standard"], strict=True)]
        return self.options[mask].reset_index(drop=True)

    def update(self) -> None:
        self.table.value = _block(
            _options_table(self.chosen(), "Your choice, for next week").to_html())
        self.result.value = _block(f"<p>{html.escape(self.summary())}</p>")

    def summary(self) -> str:
        chosen = self.chosen()
        total = int(chosen["weekly_cost_gbp"].sum())
        paid = int(chosen["paid_hours_a_week"].sum())
        cheapest = int(self.options.groupby("channel")["weekly_cost_gbp"].min().sum())
        plan_total = int(plan_costs()["weekly_cost_gbp"].sum())
        text = (f"These standards cost about £{total:,} next week: {paid:,} paid hours "
                f"(including breaks, leave and sickness) across phone, chat, email and social, "
                f"£{total - cheapest:,} more than the loosest choices. ")
        if self.picks() == standards.PLAN_STANDARDS:
            text += (f"These are the organisation's standards: the operational plan in "
                     f"section 7 carries the same £{plan_total:,}.")
        else:
            text += (f"At the organisation's standards (the starting choice) the operational "
                     f"plan in section 7 carries £{plan_total:,}.")
        return text + (" Compare what customers say when the standard is met and missed: is "
                       "the difference worth the cost?")

    def static_html(self) -> str:
        return _options_table(self.options, "Every option, for next week").to_html()


def standards_setter() -> StandardsSetter:
    """Widget: service standards per channel with their cost and customer effect."""
    return StandardsSetter()


def standards_notice_sentences() -> list[str]:
    """The facts behind "tighter standards cost more, but customers do not feel every
    tightening in the same way": computed from the options for next week and the survey."""
    options = standards_options()
    effects = standards.customer_effect(options).set_index("channel")
    sentences = []
    costly = effects[effects["extra_cost_gbp"] > 0]
    if not costly.empty:
        parts = []
        for channel, row in costly.iterrows():
            group = options[options["channel"] == channel]
            parts.append(f"{channel} £{row['extra_cost_gbp']:,.0f} ({group['standard'].iloc[0]}"
                         f" → {group['standard'].iloc[-1]})")
        sentences.append("Tighter standards cost more: from the loosest to the tightest option "
                         "adds, a week, " + ", ".join(parts) + ".")
        moves = costly["met_change_pts"].dropna().abs()
        if not moves.empty:
            verb = "hardly moves" if moves.max() <= HARDLY_MOVES_PTS else "moves"
            sentences.append(f"Satisfaction of customers served within the standard {verb} "
                             f"as it tightens: at most {moves.max():.1f} points.")
    plan = next_week_plan()
    for channel in effects.index[effects["extra_cost_gbp"] <= 0]:
        group = options[options["channel"] == channel]
        one_agent = (plan["channel"] == channel).sum() / 2
        reason = (": one agent whenever it is open already meets the tightest promise"
                  if (group["agent_hours_a_week"] == round(one_agent)).all() else "")
        sentences.append(f"{_channel_name(channel)}: every option costs the same{reason}.")
    gaps = effects["widest_gap_pts"].dropna().sort_values(ascending=False)
    if len(gaps) >= 2:
        listed = ", ".join(f"{channel} {gap:.1f}" for channel, gap in gaps.items())
        sentences.append("What customers feel is the difference between being served within "
                         "a standard and waiting longer, and it is not the same everywhere "
                         f"(widest gap in satisfaction, points: {listed}). Spend where "
                         "customers feel the difference.")
    return sentences


def standards_notice() -> Any:
    """The "What to notice" for the standards setter, computed from the data."""
    from IPython.display import HTML

    items = "".join(f"<li>{html.escape(s)}</li>" for s in standards_notice_sentences())
    return HTML('<blockquote style="border-left:4px solid #ccc;margin:8px 0;padding:4px 12px">'
                f'<b>What to notice.</b><ul style="margin:4px 0">{items}</ul></blockquote>')


#: The phone service levels the cost curve prices (answered within the phone standard's time).
CURVE_LEVELS = (70, 75, 80, 85, 90, 95)


def cost_curve_frame() -> pd.DataFrame:
    """Next week's phone plan priced at each of :data:`CURVE_LEVELS` % within 20 s, with the
    cost of each extra point (:func:`csmlib.analysis.standards.service_level_cost_curve`)."""
    a = assumptions()
    return standards.service_level_cost_curve(next_week_plan(), list(CURVE_LEVELS),
                                              a.phone_answer_s, **_costs())


def cost_curve_sentence(frame: pd.DataFrame | None = None) -> str:
    """Diminishing returns in one sentence, from the cost curve's numbers."""
    frame = cost_curve_frame() if frame is None else frame
    steps = frame.dropna(subset=["cost_per_extra_point_gbp"])
    first, last = steps.iloc[0], steps.iloc[-1]
    lower = frame.iloc[0]["level_pct"]
    ratio = last["cost_per_extra_point_gbp"] / first["cost_per_extra_point_gbp"]
    verdict = (f"the last points cost about {ratio:.1f} times as much as the first "
               "(diminishing returns: agents come in whole numbers, so the steps are uneven, "
               "but the trend is up)" if ratio > 1.2
               else "here the last points cost little more than the first")
    return (f"Each point of service level from {lower:.0f}% to {first['level_pct']:.0f}% costs "
            f"about £{first['cost_per_extra_point_gbp']:,.0f} a week; each point from "
            f"{steps.iloc[-2]['level_pct'] if len(steps) > 1 else lower:.0f}% to "
            f"{last['level_pct']:.0f}% costs £{last['cost_per_extra_point_gbp']:,.0f}: "
            f"{verdict}.")


def cost_curve() -> Table:
    """The cost curve of the phone standard: weekly cost and the cost of each extra point."""
    frame = cost_curve_frame()
    a = assumptions()
    return table(frame, {
        "level_pct": (f"Phone calls answered within {a.phone_answer_s:g} s (%)",
                      "percent"),
        "weekly_cost_gbp": ("Weekly phone cost", "money"),
        "cost_per_extra_point_gbp": ("Cost of each extra point a week", "money")},
        caption="What each point of phone service level costs next week",
        notes=["The 80/20 standard (80% of calls answered within 20 seconds) has no known "
               "origin: it is a habit, not a law. Set a standard from what your customers "
               "tolerate (the satisfaction columns above) and from this cost curve.",
               cost_curve_sentence(frame), hours_basis()])


def pooling_frame() -> pd.DataFrame:
    """Next week's busiest phone half-hour answered as two separate queues (half the calls
    each, e.g. two sites or two teams) and as one shared queue, at 80% in 20 s."""
    row = busiest_phone_interval()
    a = assumptions()
    calls = float(row["calls"])
    halves = [np.floor(calls / 2), calls - np.floor(calls / 2)]
    gain = workforce.pooling_gain(halves, float(row["forecast_aht_s"]),
                                  a.service_level_target, a.phone_answer_s)
    return pd.DataFrame({
        "setup": [f"Two separate queues of {halves[0]:.0f} and {halves[1]:.0f} calls",
                  f"One shared queue of {calls:.0f} calls"],
        "agents": [gain["separate_agents"], gain["pooled_agents"]]})


def pooling() -> Table:
    """The gain from pooling: one queue needs fewer agents than two at the same standard."""
    frame = pooling_frame()
    a = assumptions()
    saved = int(frame["agents"].iloc[0] - frame["agents"].iloc[1])
    row = busiest_phone_interval()
    return table(frame, {"setup": "How the calls are answered",
                         "agents": ("Agents taking calls (Erlang C)", "count")},
                 caption=f"Pooling queues: next week's busiest phone half-hour "
                         f"({row['weekday']} {row['time']}) at "
                         f"{a.service_level_target:.0%} in {a.phone_answer_s:g} s",
                 notes=[f"One shared queue needs {saved} agent{'s' if saved != 1 else ''} "
                        "fewer for the same standard: an agent who is free in one queue can "
                        "take a call waiting in the other. Splitting queues by product, site "
                        "or skill has a cost; keep them apart only where the skills differ."])


def service_level_variants_frame() -> pd.DataFrame:
    """Phone service level over the whole period counted three ways
    (:func:`csmlib.analysis.workforce.service_level_variants`)."""
    contacts = _contacts()
    phone = contacts[contacts["channel"] == "phone"]
    return workforce.service_level_variants(phone, assumptions().phone_answer_s)


def service_level_variants() -> Table:
    """Phone service level counted with and without abandoned calls and short abandons."""
    frame = service_level_variants_frame()
    a = assumptions()
    contacts = _contacts()
    phone = contacts[contacts["channel"] == "phone"]
    short = workforce.short_abandons(phone)
    abandoned = int((~phone["answered"].astype(bool)).sum())
    return table(frame, {
        "variant": "How service level is counted",
        "counts_as_offered": ("Calls counted", "count"),
        "service_level_pct": (f"Answered within {a.phone_answer_s:g} s (%)", "percent")},
        caption="One phone queue, three service levels: the whole period",
        notes=[f"A call answered after {a.phone_answer_s:g} s is missed in every version. "
               f"{abandoned:,} callers hung up; {short:,} of them within "
               f"{workforce.SHORT_ABANDON_S} s (short abandons: too quick for anyone to "
               "answer, or a wrong number).",
               "Leaving all abandoned calls out flatters a queue that loses callers. Counting "
               "them as missed, with short abandons left out, is the fairest; whichever you "
               "use, say which in every report so the figures can be compared."])


# ---------------------------------------------------------- peak-day plan
def day_scenario(**changes: Any) -> simulation.DayScenario:
    """The busiest Monday of the rota so far (the interval plan's scheduled agents) as a
    simulation scenario (phone). Scheduled agents include those on a break or in coaching, so
    the organisation's on-shift shrinkage is taken off before they answer calls."""
    changes.setdefault("on_shift_shrinkage", assumptions().on_shift_shrinkage)
    return simulation.plan_day_scenario(load("interval_plan"), **changes)


def simulated_day() -> pd.Timestamp:
    """The date of the day the simulator replays: the rota's busiest Monday."""
    return simulation.busiest_weekday(load("interval_plan"), 0, "phone")


def _hour_ticks(labels: list[str]) -> list[str]:
    return [label for label in labels if label.endswith(":00")]


class PeakDaySimulator(CourseWidget):
    """A busy Monday, simulated call by call: try a spike, sickness, overtime and callbacks."""

    def __init__(self) -> None:
        super().__init__()
        self.controls = {
            "spike": _slider("Extra calls 09:00–13:00 (%)", 0, 0, 100, 10),
            "absent": _slider("Agents off sick (%)", 0, 0, 30, 5),
            "extra": _slider("Overtime agents 08:00–20:00", 0, 0, 15),
            "callbacks": widgets.Checkbox(value=False, indent=False,
                                          description="Offer callbacks to callers facing a "
                                                      "long wait",
                                          layout=widgets.Layout(width="max-content")),
        }
        self.figure = go.FigureWidget(data=[
            go.Bar(x=[], y=[], name="Service level", showlegend=False,
                   marker={"color": PALETTE["blue"]}),
            go.Scatter(x=[], y=[], name="Hung up (%)", mode="lines+markers",
                       line={"color": PALETTE["purple"], "width": 2},
                       marker={"symbol": "diamond", "size": 7}),
        ])
        charts.style(self.figure, title="Service level and callers who hung up, by half-hour",
                     x="Half-hour starting", y="Share of calls (%)", height=430)
        charts.target_line(self.figure, 80, "Standard: 80% in 20 s", x=[])
        charts.legend_key(self.figure, "Met the standard", STATUS["good"])
        charts.legend_key(self.figure, _MISSED, STATUS["bad"], pattern=_HATCH)
        self.figure.update_yaxes(range=[0, 100])
        self.figure.update_xaxes(type="category", tickangle=0)
        self._finish(*self.controls.values(), self.figure)

    def scenario(self) -> simulation.DayScenario:
        c = self.controls
        return day_scenario(spike=c["spike"].value / 100, spike_start=18, spike_end=26,
                            absent_share=c["absent"].value / 100,
                            extra_agents=c["extra"].value, callbacks=c["callbacks"].value)

    def run(self) -> simulation.DayResult:
        return simulation.simulate_day(self.scenario())

    def update(self) -> None:
        result = self.run()
        shown = result.intervals[result.intervals["offered"] > 0]
        labels = shown["interval_start"].astype(str).tolist()
        level = (shown["service_level"] * 100).round(1)
        met = [v >= 100 * simulation.SERVICE_LEVEL_GOAL for v in level]
        with self.figure.batch_update():
            bars = self.figure.data[0]
            bars.x, bars.y = labels, level.tolist()
            bars.marker.color = [STATUS["good"] if ok else STATUS["bad"] for ok in met]
            bars.marker.pattern = {"shape": ["" if ok else _HATCH for ok in met],
                                   "fgcolor": "white"}
        # one batch per trace: plotly mixes up a batch whose traces change different keys
        with self.figure.batch_update():
            self.figure.data[1].x = labels
            self.figure.data[1].y = (shown["abandonment_rate"] * 100).round(1).tolist()
        with self.figure.batch_update():
            self.figure.data[2].x = labels
            self.figure.data[2].y = [100 * simulation.SERVICE_LEVEL_GOAL] * len(labels)
        self.figure.layout.xaxis.tickvals = _hour_ticks(labels)
        self.result.value = _block(f"<p>{html.escape(self.summary(result))}</p>")

    def summary(self, result: simulation.DayResult | None = None) -> str:
        s = (result or self.run()).summary
        text = (f"{_day(simulated_day())}, simulated: {s['offered']:,.0f} calls, "
                f"{s['service_level']:.0%} answered within 20 s, {s['abandonment_rate']:.1%} "
                f"hung up, average wait {s['average_wait_s']:.0f} s; "
                f"{s['intervals_below_target']:.0f} half-hours missed the 80% standard.")
        if self.controls["callbacks"].value:
            text += (f" {s['callbacks_requested']:,.0f} callers chose a callback; "
                     f"{s['callbacks_made']:,.0f} were called back the same day.")
        return text

    def static_html(self) -> str:
        return f"<p><b>At the start:</b> {html.escape(self.summary())}</p>"


def peak_day_simulator() -> PeakDaySimulator:
    """Widget: the peak-day simulator."""
    return PeakDaySimulator()


# ------------------------------------------------------------ contingency
ACTIONS = {
    "overtime": "Offer overtime: 3 extra agents from the next half-hour",
    "callbacks": "Offer callbacks to callers facing a long wait",
    "messaging": "Channel messaging: a message on the automated phone menu (IVR, the "
                 "recorded “press 1 for…” menu callers hear first) and on the website, "
                 "moving 10% of callers online",
    "defer": "Defer back-office work: move 4 agents from back-office work to the phones",
}
#: When the owner looks again at whether the action is working.
REVIEW_TIMES = ("not set", "after 30 minutes", "after 1 hour", "after 2 hours",
                "at the end of the day")
#: What each action changes in the simulated day from the half-hour after the trigger.
ACTION_EFFECTS: dict[str, dict[str, float]] = {
    "overtime": {"extra_agents": 3}, "callbacks": {}, "messaging": {"demand_cut": 0.1},
    "defer": {"extra_agents": 4}}
#: The day the contingency is tried on: the busiest Monday with a spike and sickness.
BUSY_DAY = {"spike": 0.4, "absent_share": 0.1}


class ContingencyPlanner(CourseWidget):
    """Set a trigger and tick actions, each with an owner and a review time; see the busy day
    with and without the plan."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: dict[str, widgets.Widget] = {
            "threshold": _slider("Trigger: service level below (%)", 70, 50, 90, 5),
            "consecutive": _slider("…for this many half-hours in a row", 2, 1, 4),
        }
        rows: list[widgets.Widget] = []
        for key, words in ACTIONS.items():
            tick = widgets.Checkbox(value=key in ("overtime", "callbacks"), indent=False,
                                    description="", tooltip=words,
                                    layout=widgets.Layout(width="2em"))
            owner = widgets.Text(value="", placeholder="e.g. team leader on shift",
                                 description="Owner", style=_LABEL, continuous_update=False,
                                 layout=widgets.Layout(width="22em"))
            review = widgets.Dropdown(options=REVIEW_TIMES, value="not set",
                                      description="Review", style=_LABEL,
                                      layout=widgets.Layout(width="18em"))
            self.controls[key] = tick
            self.controls[f"{key}_owner"] = owner
            self.controls[f"{key}_review"] = review
            label = widgets.HTML(f"<span>{html.escape(words)}</span>",
                                 layout=widgets.Layout(width="auto"))
            rows.append(widgets.VBox([
                widgets.HBox([tick, label]),
                widgets.HBox([owner, review], layout=widgets.Layout(margin="0 0 6px 2.2em"))]))
        self.controls["escalate"] = widgets.Text(
            value="", placeholder="e.g. operations manager on call",
            description="If the actions have not worked by the review, escalate to",
            style=_LABEL, continuous_update=False, layout=widgets.Layout(width="62em"))
        self._finish(self.controls["threshold"], self.controls["consecutive"],
                     widgets.HTML("<b>Actions</b> (tick each one the plan uses; name who acts "
                                  "and when they review it):"), *rows,
                     self.controls["escalate"])

    def chosen(self) -> list[str]:
        return [key for key in ACTIONS if self.controls[key].value]

    def outcome(self) -> dict:
        key = (self.controls["threshold"].value, self.controls["consecutive"].value,
               tuple(self.chosen()))
        cache = self.__dict__.setdefault("_outcomes", {})
        if key not in cache:  # typing an owner or a review time re-runs nothing
            cache[key] = self._play()
        return cache[key]

    def _play(self) -> dict:
        chosen = set(self.chosen())
        actions = {"extra_agents": sum(ACTION_EFFECTS[a].get("extra_agents", 0) for a in chosen),
                   "demand_cut": sum(ACTION_EFFECTS[a].get("demand_cut", 0) for a in chosen),
                   "callbacks": "callbacks" in chosen}
        return simulation.contingency_outcome(
            day_scenario(**BUSY_DAY), self.controls["threshold"].value / 100,
            self.controls["consecutive"].value, **actions)

    def update(self) -> None:
        self.result.value = self.result_html()

    def _tested_on(self) -> str:
        return (f"Tested on {_day(simulated_day())} (the rota's busiest Monday) with "
                f"{BUSY_DAY['spike']:.0%} extra calls 09:00–13:00 and "
                f"{BUSY_DAY['absent_share']:.0%} of agents off sick.")

    def action_lines(self) -> list[str]:
        """Each ticked action with its owner and review time (a dash where not set yet)."""
        lines = []
        for key in self.chosen():
            owner = self.controls[f"{key}_owner"].value.strip() or "–"
            review = self.controls[f"{key}_review"].value
            review = review if review != "not set" else "–"
            lines.append(f"{ACTIONS[key].split(':')[0]} (owner: {owner}; review: {review})")
        return lines

    def missing(self) -> list[str]:
        """Ticked actions that still need an owner or a review time."""
        return [ACTIONS[key].split(":")[0].lower() for key in self.chosen()
                if not self.controls[f"{key}_owner"].value.strip()
                or self.controls[f"{key}_review"].value == "not set"]

    def escalation(self) -> str:
        """Who the owners escalate to when the actions have not worked ("" if not named)."""
        return str(self.controls["escalate"].value).strip()

    def summary(self) -> str:
        outcome = self.outcome()
        base, planned, fired = outcome["base"].summary, outcome["planned"].summary, \
            outcome["fired"]
        c = self.controls
        halves = c["consecutive"].value
        trigger = (f"Trigger: service level below {c['threshold'].value}% for {halves} "
                   f"half-hour{'s' if halves > 1 else ''} in a row.")
        if fired is None:
            return (f"{self._tested_on()} {trigger} It never fires on this day, so the plan "
                    "would never start: is it set too loose?")
        times = outcome["base"].intervals["interval_start"]
        start = times.iloc[fired + 1] if fired + 1 < len(times) else "the end of the day"
        chosen = self.action_lines()
        if not chosen:
            acted = "No action is ticked, so nothing changes."
        else:
            acted = f"Actions from {start}: " + "; ".join(chosen) + "."
        escalate = (f" Escalation: {self.escalation()}." if self.escalation() else "")
        return (f"{self._tested_on()} {trigger} It fires after the half-hour starting "
                f"{times.iloc[fired]}. {acted}{escalate} Without the plan: "
                f"{base['service_level']:.0%} answered within 20 s and "
                f"{base['abandonment_rate']:.1%} hung up. With it: "
                f"{planned['service_level']:.0%} and {planned['abandonment_rate']:.1%}.")

    def result_html(self) -> str:
        text = f"<p>{html.escape(self.summary())}</p>"
        missing = self.missing()
        if missing:
            names = html.escape(", ".join(missing))
            text += (f"<p><b>⚠ Name an owner and a review time for: {names}.</b> An "
                     "action nobody owns does not happen, and one nobody reviews runs "
                     "on after it stops helping.</p>")
        if self.chosen() and not self.escalation():
            text += ("<p><b>⚠ Say who to escalate to</b> if the actions have not worked by "
                     "the review: a duty manager who can authorise more (more overtime, "
                     "agents from other work, a message to customers).</p>")
        return _block(text)

    def static_html(self) -> str:
        return f"<p><b>At the start:</b></p>{self.result_html()}"


#: The contingency planner last shown, whose test the operational plan saves as support.
_SHOWN: dict[str, ContingencyPlanner] = {}


def contingency_planner() -> ContingencyPlanner:
    """Widget: trigger and actions tried on the simulator (the operational plan saves its
    latest test)."""
    planner = ContingencyPlanner()
    _SHOWN["contingency"] = planner
    return planner


def _planner_for_plan() -> ContingencyPlanner:
    return _SHOWN.get("contingency") or ContingencyPlanner()


#: Shares of callers on the Priority Services Register the routing table shows.
PSR_SHARES = (0.05, 0.1, 0.2)


def priority_routing_frame() -> pd.DataFrame:
    """Next week's busiest phone half-hour in a contingency (agents 10% short of Erlang C's
    answer, as on the test day's sickness): the average wait of callers on the Priority
    Services Register answered first, of everyone else, and with no priority
    (:func:`csmlib.analysis.workforce.priority_waits`), at each share in
    :data:`PSR_SHARES`."""
    row = busiest_phone_interval()
    calls, aht = float(row["calls"]), float(row["forecast_aht_s"])
    needed = _busiest_needed()
    load = float(staffing.traffic(calls, aht))
    agents = max(int(np.floor(load)) + 1, int(round(needed * (1 - BUSY_DAY["absent_share"]))))
    rows = []
    for share in PSR_SHARES:
        waits = workforce.priority_waits(calls, aht, agents, share)
        rows.append({"share": 100 * share, "agents": agents, **waits})
    return pd.DataFrame(rows)


def priority_routing() -> Table:
    """Routing callers on the Priority Services Register first, in a contingency."""
    frame = priority_routing_frame()
    row = busiest_phone_interval()
    return table(frame, {
        "share": ("Callers on the register (%)", "percent"),
        "priority_s": ("Their average wait (s)", "count"),
        "others_s": ("Everyone else's average wait (s)", "count"),
        "no_priority_s": ("Everyone's average wait with no priority (s)", "count")},
        caption=f"Answering Priority Services Register callers first: {row['weekday']} "
                f"{row['time']} with {int(frame['agents'].iloc[0])} agents "
                f"({BUSY_DAY['absent_share']:.0%} short)",
        notes=["The Priority Services Register (energy and water) lists customers who need "
               "extra help: older, disabled or seriously ill customers, families with young "
               "children, people who rely on powered medical equipment. A contingency plan "
               "routes them to the front of the queue (or to a dedicated line) when service "
               "falls, so the customers most at risk wait least.",
               "Priority does not remove waiting, it moves it: the others wait a little longer. "
               "The shares are examples; use your own register's share of callers."])


# ------------------------------------------------------------------ budget
_STATUS_FOR_KIT = {"no actual yet": "no data"}


def budget_frame() -> pd.DataFrame:
    """Budget against actual per month and line (budget.variance), with the month as a date
    and the course's status words."""
    frame = budget.variance(load("budget")).copy()
    frame["month_start"] = pd.to_datetime(frame["month"].astype(str), format="%Y-%m",
                                          errors="coerce")
    frame["status"] = frame["status"].replace(_STATUS_FOR_KIT)
    return frame


def budget_variance() -> Table:
    """Budget against actual per month and line, with the course's status words."""
    warning, alert = budget.VARIANCE_WARNING, budget.VARIANCE_ALERT
    return table(budget_frame(), {
        "month_start": ("Month", "month"), "line": "Budget line",
        "budget_gbp": ("Budget", "money"), "actual_gbp": ("Actual", "money"),
        "variance_gbp": ("Variance (£)", "signed_money"),
        "variance_pct": ("Variance (%)", "signed_percent"),
        "direction": "Adverse or favourable",
        "status": ("Status", "status")},
        caption="Spending against budget, by month and line",
        notes=["Variance = actual − budget: + means more was spent than budgeted (adverse), "
               "− less (favourable).",
               f"Status: ✔ on target = up to {warning:.0%} over budget (or under it); "
               f"● close = {warning:.0%} to {alert:.0%} over; ✘ off target = more than "
               f"{alert:.0%} over. The same words as the dashboard in notebook 03."])


def monthly_contacts() -> tuple[dict[str, float], dict[str, int]]:
    """Contacts planned (the interval plan's forecast) and contacts that arrived, per month."""
    plan = load("interval_plan")
    planned = plan.groupby(plan["interval_start"].dt.to_period("M").astype(str))[
        "forecast_contacts"].sum()
    arrived = _contacts()["arrived_at"].dt.to_period("M").astype(str).value_counts()
    return ({str(k): float(v) for k, v in planned.items()},
            {str(k): int(v) for k, v in arrived.items()})


def flexed_budget_frame() -> pd.DataFrame:
    """The budget flexed to the contacts that actually arrived
    (:func:`csmlib.analysis.budget.flexed_variance`), with the month as a date."""
    planned, arrived = monthly_contacts()
    frame = budget.flexed_variance(load("budget"), planned, arrived)
    frame["month_start"] = pd.to_datetime(frame["month"].astype(str), format="%Y-%m",
                                          errors="coerce")
    return frame


def flexed_budget() -> Table:
    """Spending against the budget flexed to actual volume."""
    frame = flexed_budget_frame()
    planned, arrived = monthly_contacts()
    volumes = "; ".join(f"{pd.Timestamp(m + '-01'):%b %Y} {arrived.get(m, 0):,} arrived, "
                        f"{planned[m]:,.0f} planned" for m in sorted(planned))
    return table(frame, {
        "month_start": ("Month", "month"), "line": "Budget line",
        "budget_gbp": ("Budget", "money"),
        "flexed_budget_gbp": ("Flexed budget", "money"),
        "actual_gbp": ("Actual", "money"),
        "flexed_variance_gbp": ("Variance to flexed (£)", "signed_money"),
        "direction": "Adverse or favourable"},
        caption="Spending against the budget flexed to the contacts that came",
        notes=["Flexed budget: what the budget would have been for the contacts that actually "
               "arrived. Lines that move with volume (agent pay, overtime, telephony) are "
               "scaled by contacts arrived ÷ contacts planned; team leaders and recruitment "
               "stay as budgeted. Contacts by month: " + volumes + ".",
               "Variance to flexed = actual − flexed budget: it shows how well the money was "
               "managed once the volume is allowed for. Adverse: more spent than the flexed "
               "budget; favourable: less.", flexed_sentence(frame)])


def flexed_sentence(frame: pd.DataFrame | None = None) -> str:
    """The whole period's variance against the budget and against the flexed budget."""
    frame = flexed_budget_frame() if frame is None else frame
    total = float((frame["actual_gbp"] - frame["budget_gbp"]).sum())
    flexed = float(frame["flexed_variance_gbp"].sum())
    volume = float(frame["volume_variance_gbp"].sum())
    words = budget.direction(pd.Series([total, flexed]))
    return (f"Over the whole period: {_signed_money(total)} against the budget ({words[0]}), "
            f"{_signed_money(flexed)} against the flexed budget ({words[1]}). The flexed "
            f"budget is £{abs(volume):,.0f} {'above' if volume >= 0 else 'below'} the budget "
            f"because {'more' if volume >= 0 else 'fewer'} contacts came than were planned.")


def cost_per_contact_frame() -> pd.DataFrame:
    """Agent cost per contact handled, by channel, for the whole period: the rota's
    scheduled hours costed (:func:`csmlib.analysis.budget.agent_cost_per_contact`) ÷ the
    contacts answered."""
    return budget.agent_cost_per_contact(load("interval_plan"), _contacts(),
                                         **_schedule_costs())


def cost_per_contact_table() -> Table:
    """Agent cost per contact (staff time only) by channel; ``.data`` is the frame."""
    frame = budget.compared_with_a_call(cost_per_contact_frame(),
                                        assumptions().benchmark_cost_per_contact_gbp)
    plan = load("interval_plan")["interval_start"]
    shown = frame.assign(channel_name=frame["channel"].map(_channel_name),
                         share_pct=frame["share_of_call"] * 100,
                         benchmark_pct=frame["benchmark_share_of_call"] * 100)
    return table(shown, {
        "channel_name": "Channel", "rostered_hours": ("Paid hours", "count"),
        "cost_gbp": ("Agent cost", "money"),
        "contacts_handled": ("Contacts handled", "count"),
        "cost_per_contact_gbp": ("Agent cost per contact", "money2"),
        "share_pct": ("Share of a call's cost", "percent"),
        "benchmark_pct": ("UK benchmark share", "percent")},
        caption=f"Agent cost per contact (staff time only), {_day(plan.min())} to "
                f"{_day(plan.max())}",
        notes=["Agent cost: pay and on-costs of the paid hours behind the hours the rota "
               "scheduled for each channel (scheduled hours already include breaks and "
               "coaching; paid hours add leave, sickness and training days), divided by the "
               "contacts agents handled "
               "(abandoned calls and chats are not counted). Notebook 03 shows the full cost "
               "per contact: every budget line (agents, overtime, team leaders, recruitment "
               "and training, telephony and systems) divided by contacts, so it counts costs "
               "this table leaves out.",
               "Share of a call's cost: each channel's cost per contact ÷ a phone call's. UK "
               "benchmark share: the same in ContactBabel's UK figures (via Call Centre Helper "
               "/ CCMA, 2024: a call costs about 57% more than an email and 83% more than a web "
               "chat); no published figure for social media. Pounds differ between studies "
               "(what each counts), so compare the shares, not the pounds."],
        row_heading="channel_name")


class ChannelShift(CourseWidget):
    """What if some phone calls moved to chat? The change in agent cost."""

    def __init__(self) -> None:
        super().__init__()
        self.costs = cost_per_contact_table().data.set_index("channel")
        self.controls = {"share": _slider("Phone calls moved to chat (%)", 10, 0, 40, 5)}
        self._finish(self.controls["share"])

    def update(self) -> None:
        self.result.value = _block(f"<p>{html.escape(self.summary())}</p>")

    def summary(self) -> str:
        share = self.controls["share"].value / 100
        phone = float(self.costs.loc["phone", "cost_per_contact_gbp"])
        chat = float(self.costs.loc["chat", "cost_per_contact_gbp"])
        # at the prices shown (pence), so the sentence and its numbers agree
        result = budget.channel_shift(self.costs["contacts_handled"].astype(float).to_dict(),
                                      self.costs["cost_per_contact_gbp"].round(2).to_dict(),
                                      "phone", "chat", share)
        moved, saving = result["contacts_moved"], result["saving_gbp"]
        prices = (f"in agent time a chat costs £{chat:,.2f} per contact and a phone call "
                  f"£{phone:,.2f}")
        if moved <= 0:
            return f"Moving no calls changes nothing: {prices}. Move the slider to try a share."
        start = (f"Moving {share:.0%} of the phone calls handled ({moved:,.0f} in the "
                 "period) to chat")
        if round(saving) > 0:
            return (f"{start} would save about £{saving:,.0f} of agent cost, because {prices}: "
                    "if chat resolves as well and customers are willing to switch. This is "
                    "staff time only; notebook 03 counts the other costs.")
        if round(saving) == 0:
            return (f"{start} would not save money, because {prices}: the same. Channel "
                    "shift saves money only where the channel customers move to costs less "
                    "per contact.")
        return (f"{start} would not save money: it would cost about £{-saving:,.0f} more, "
                f"because {prices}. Channel shift saves money only where the channel "
                "customers move to costs less per contact.")

    def static_html(self) -> str:
        return f"<p><b>At the start:</b> {html.escape(self.summary())}</p>"


def channel_shift() -> ChannelShift:
    """Widget: the channel-shift what-if."""
    return ChannelShift()


# --------------------------------------------------------------- exercises
def _busiest_needed() -> float:
    row = busiest_phone_interval()
    return float(staffing.required_agents(row["calls"], row["forecast_aht_s"], 0.8, 20))


agents_needed_check = NumericAnswer(
    "02-agents-needed",
    "Use the staffing calculator at its starting values (next week's busiest phone "
    "half-hour, 80% in 20 seconds): how many agents must be taking calls?",
    expected=_busiest_needed, tolerance=0, units="agents",
    hint_low="With that few agents fewer than 80% of calls are answered within 20 s: find "
             "the first bar that reaches the dashed target line (the first solid bar).",
    hint_high="That many would meet the standard, but fewer already do: find the first bar "
              "that reaches the dashed target line.",
    criteria=["2.2"], decimals=0,
    explanation="Erlang C: the fewest agents whose service level reaches the target.")


def _rostered_for_busiest() -> float:
    return staffing.agents_to_schedule(_busiest_needed(), assumptions().on_shift_shrinkage)


rostered_check = NumericAnswer(
    "02-rostered",
    "With the organisation's on-shift shrinkage (the calculator's starting value), how many "
    "agents must be scheduled on shift in that half-hour so that enough are taking calls? "
    "Give one decimal place.",
    expected=_rostered_for_busiest, tolerance=0.15, units="agents",
    hint_low="On-shift shrinkage is time on shift lost to breaks, coaching and meetings, so "
             "divide the agents needed by (1 − on-shift shrinkage); multiplying by "
             "(1 + shrinkage) or by (1 − shrinkage) gives too few.",
    hint_high="Divide the agents needed by (1 − on-shift shrinkage), not by the shrinkage "
              "itself, and use the on-shift figure only: leave and sickness (off-shift "
              "shrinkage) size the staff you employ, not one half-hour.",
    criteria=["2.2"], explanation="Agents needed ÷ (1 − on-shift shrinkage). Off-shift "
                                  "shrinkage then sizes the staff to employ.")


shrinkage_meaning = MultipleChoice(
    "02-shrinkage",
    "Which of these is shrinkage?",
    {"a": "Customers who hang up before being answered",
     "b": "Paid time when agents cannot take contacts: on shift (breaks, coaching, meetings) "
          "and off shift (annual leave, sickness, training days)",
     "c": "The fall in contacts after a price rise",
     "d": "Time agents spend idle between calls"},
    answer="b",
    hints={"a": "That is abandonment.", "c": "That is a change in demand, not in staff time.",
           "d": "Idle time between calls is the other side of occupancy, not shrinkage."},
    criteria=["2.2"],
    explanation="On-shift shrinkage is why each half-hour's schedule is bigger than the "
                "agents taking calls; off-shift shrinkage is why you employ more people than "
                "the schedule needs.")


def biggest_overtime_overspend() -> pd.Series:
    """The overtime row of the budget table with the biggest variance (what the self-check
    asks for)."""
    table = budget.variance(load("budget"))
    overtime = table[table["line"] == "overtime"]
    if overtime.empty:
        raise ValueError("The budget has no overtime line.")
    return overtime.loc[overtime["variance_gbp"].idxmax()]


def _worst_overtime_variance() -> float:
    return float(biggest_overtime_overspend()["variance_gbp"])


overtime_variance_check = NumericAnswer(
    "02-overtime-variance",
    "In the budget table, find the month with the biggest overtime overspend. How many pounds "
    "over budget was overtime that month? Round to the nearest pound.",
    expected=_worst_overtime_variance, tolerance=1, units="£", decimals=0,
    hint_low="Look at every overtime row and take the largest Variance (£); variance = actual "
             "− budget.",
    hint_high="Use the overtime line only, not the month's total, and the Variance (£) "
              "column, not Actual.",
    criteria=["2.5"],
    explanation="Actual minus budget. The spike in demand was met with overtime: a plan "
                "with contingencies budgets for it.")


contingency_first = MultipleChoice(
    "02-contingency",
    "Which is the strongest contingency plan?",
    {"a": "Ask everyone to work harder on busy days",
     "b": "If service level is below 70% for two half-hours running, offer overtime and "
          "callbacks, and review the trigger after each use",
     "c": "Hire more agents permanently so it never happens",
     "d": "Wait and see, then explain what went wrong in the monthly report"},
    answer="b",
    hints={"a": "No trigger, no action, nothing measurable.",
           "c": "That is a costly standing change, not a contingency for peaks.",
           "d": "That is reporting after the event, not a plan."},
    criteria=["2.4"],
    explanation="A contingency needs a measurable trigger, named actions, and a review.")


plan_reflection_prompt = (
    "Your plan for next week was built on a forecast. How will you monitor it day by day, "
    "and what will make you change it?")


#: What the plan reflection evidences: how the plan will be monitored and changed (2.4). A
#: stated intention is not evidence of repeated cycles of review (6.3): that needs records of
#: reviews that happened (notebook 06).
PLAN_REFLECTION_CRITERIA = ("2.4",)


def plan_reflection() -> ReflectionBox:
    """Reflection: how the plan will be monitored and reviewed (counters 'one-off plans').
    It states an intention, so it evidences 2.4 only, never 6.3 (repeated cycles)."""
    return ReflectionBox("02-plan-reflection", plan_reflection_prompt,
                         criteria=list(PLAN_REFLECTION_CRITERIA),
                         title="How I will monitor and adjust my operational plan",
                         notebook=NOTEBOOK)


monitoring_answer = WrittenAnswer(
    "02-monitoring",
    "In two or three sentences: what will you check each day to see whether the plan is "
    "working, and who will act on it?",
    key_points={"a measure": ["service level", "abandon", "wait", "forecast", "accuracy",
                              "volume", "backlog", "occupancy", "csat"],
                "an action or owner": ["team leader", "i will", "planner", "manager", "adjust",
                                       "overtime", "callback", "change", "move", "review"]},
    min_words=15, criteria=["2.4"],
    model_answer="Each morning I compare yesterday's volume with the forecast and check "
                 "service level and abandonment by half-hour. If the forecast is more than 10% "
                 "out two days running, the planner and I rework the rota; intraday, the team "
                 "leader on shift triggers overtime or callbacks.")


# ------------------------------------------------------- the plan artefact
class OperationalPlan(ArtefactForm):
    """The operational plan (criteria 2.1–2.5): demand and cost per channel are added; the
    learner writes the standards, the contingencies and how the plan will be monitored."""

    PARTS = (
        ArtefactPart("forecast", "Forecast and staffing", "What the forecast shows (peaks by day "
                     "and half-hour, known events), the agents to schedule (on-shift "
                     "shrinkage) and the staff to employ (off-shift shrinkage)",
                     ["2.1", "2.2"]),
        ArtefactPart("standards", "Service standards", "e.g. phone 80% in 20 s; email within 24 "
                     "hours; chat 80% in 60 s, and why", ["2.3"]),
        ArtefactPart("contingencies", "Contingencies", "Triggers and actions, e.g. if service "
                     "level < 70% for two half-hours: …, with owners and review times",
                     ["2.4"], required=True),
        ArtefactPart("budget", "Budget", "The weekly cost per channel, the biggest variance and "
                     "what you would do about it", ["2.5"]),
        ArtefactPart("monitoring", "Monitoring and review", "How you will monitor and review the "
                     "plan: what, how often, who acts", ["2.4"], required=True),
    )
    TITLE = "Operational plan for next week"
    ACTIVITY = "02-operational-plan"
    NOTEBOOK = NOTEBOOK
    SAVE_LABEL = "Save my plan to the portfolio"
    MISSING_MESSAGE = ("An assessor will mark a plan down without {missing}. Write at least a "
                       "few sentences for each, then save again.")

    def table(self) -> pd.DataFrame:
        """The numbers of the plan: next week's demand, hours and cost per channel at the
        organisation's standards (:func:`plan_costs`), and a total row."""
        costs = plan_costs()
        total = {"channel": "all channels", "standard": "",
                 **{column: costs[column].sum() for column in
                    ("forecast_contacts", "agent_hours", "scheduled_hours", "paid_hours",
                     "weekly_cost_gbp")}}
        return pd.concat([costs, pd.DataFrame([total])], ignore_index=True)

    def shown(self) -> Table:
        frame = self.table()
        return table(frame.assign(channel_name=frame["channel"].map(_channel_name)), {
            "channel_name": "Channel", "standard": "Standard",
            "forecast_contacts": ("Forecast contacts", "count"),
            "agent_hours": ("Agent hours taking contacts", "count"),
            "scheduled_hours": ("Scheduled hours (incl. breaks)", "count"),
            "paid_hours": ("Paid hours (incl. leave, sickness)", "count"),
            "weekly_cost_gbp": ("Weekly cost", "money")},
            caption=f"The numbers your plan will carry: next week ({_week_label()}) at the "
                    "organisation's standards",
            row_heading="channel_name",
            notes=[hours_basis(), "The same function prices the standards setter in section "
                   "3, so at these standards both show the same pounds."])

    def demand_summary(self) -> str:
        """The course's sentence on next week's demand (support, not the learner's evidence)."""
        peaks = peaks_frame()
        busiest = "; ".join(f"{_day(row['interval_start'])} {row['time']} "
                            f"({int(row['calls'])} calls)"
                            for _, row in peaks.head(3).iterrows())
        return (f"Demand forecast (seasonal average with trend); busiest phone half-hours next "
                f"week: {busiest}.")

    def evidence_table(self) -> Table:
        """Every supporting figure of the plan, one row each (:func:`plan_evidence_frame`)."""
        return table(plan_evidence_frame(_planner_for_plan()), {
            "part": "Part of the plan", "channel_name": "Channel", "measure": "Measure",
            "figure": "Figure"},
            caption="The figures behind your plan (saved with it as support)",
            notes=["These figures support what you write; they are not evidence on their "
                   "own. An assessor reads them beside your plan."])

    def supporting(self) -> dict:
        """What the course adds to the plan: every supporting figure (forecast accuracy, the
        requirement against the schedule at the peaks, staffing and occupancy, the weekly
        cost, the contingency test with owners and escalation, the budget variance) and the
        demand sentence."""
        return {"table": self.evidence_table().to_frame(),
                "support_text": self.demand_summary()}

    def static_html(self) -> str:
        return self.shown().to_html() + self.evidence_table().to_html()


def rota_peaks_frame(top: int = 3) -> pd.DataFrame:
    """The rota's busiest phone half-hours (the interval plan): agents needed (Erlang C),
    agents to schedule (on-shift shrinkage) and agents scheduled
    (:func:`csmlib.analysis.workforce.requirement_vs_schedule`)."""
    a = assumptions()
    return workforce.requirement_vs_schedule(load("interval_plan"), "phone",
                                             a.service_level_target, a.phone_answer_s,
                                             a.on_shift_shrinkage, top=top)


def requirement_vs_schedule() -> Table:
    """The interval requirement against the schedule at the rota's peaks."""
    frame = rota_peaks_frame(5)
    frame["gap_text"] = frame["gap"].map(_signed)
    return table(frame, {
        "interval_start": ("Half-hour", "datetime"),
        "forecast_contacts": ("Forecast calls", "count"),
        "agents_needed": ("Agents taking calls (Erlang C)", "count"),
        "agents_to_schedule": ("Agents to schedule", "number"),
        "scheduled_agents": ("Agents scheduled", "count"),
        "gap_text": "Over (+) or short (−)"},
        caption="The rota's busiest phone half-hours: requirement against schedule",
        notes=[f"Agents to schedule = agents taking calls ÷ (1 − "
               f"{assumptions().on_shift_shrinkage:.0%} on-shift shrinkage). A negative "
               "figure means the rota is short at that half-hour: expect it to miss the "
               "standard unless the intraday plan acts.", requirement_sentence(frame)])


def requirement_sentence(frame: pd.DataFrame | None = None) -> str:
    """Whether the rota covers the requirement at its peaks, from the numbers."""
    frame = rota_peaks_frame(5) if frame is None else frame
    short = int((frame["gap"] < 0).sum())
    if short == 0:
        return (f"At all {len(frame)} of its busiest half-hours the rota scheduled at least "
                "the agents the standard needs.")
    return (f"At {short} of its {len(frame)} busiest half-hours the rota scheduled fewer "
            f"agents than the standard needs (short by up to {-frame['gap'].min():.1f}).")


def _signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


def _signed_money(value: float) -> str:
    return f"{'+' if value >= 0 else '−'}£{abs(value):,.0f}"


def plan_evidence_frame(planner: ContingencyPlanner | None = None) -> pd.DataFrame:
    """The operational plan's supporting figures, one row each (part, channel_name,
    measure, figure): forecast accuracy (WAPE), the requirement against the schedule at the
    rota's peaks, staffing and occupancy at next week's peak and the staff to employ, the
    weekly cost per channel, the contingency test (trigger, result, owners, escalation) and
    the budget variance (against budget and flexed)."""
    rows: list[tuple[str, str, str, str]] = []
    backtest = backtest_frame()
    trend = forecasting.METHODS[-1]
    for _, row in backtest.iterrows():
        rows.append(("Forecast accuracy (2.1)", row["channel_name"],
                     "WAPE of seasonal average with trend, last two weeks",
                     f"{row[trend]:.1f}% (most accurate here: {row['best']})"))
    for row in rota_peaks_frame(3).itertuples():
        rows.append(("Requirement against schedule (2.2)", "Phone",
                     f"{_day(row.interval_start)} {row.interval_start:%H:%M}",
                     f"{row.forecast_contacts:,.0f} calls: {row.agents_needed:.0f} taking "
                     f"calls, {row.agents_to_schedule:.1f} to schedule, "
                     f"{row.scheduled_agents:.0f} scheduled ({_signed(row.gap)})"))
    calculator_row = busiest_phone_interval()
    needed = _busiest_needed()
    occupancy = staffing.occupancy(calculator_row["calls"], calculator_row["forecast_aht_s"],
                                   needed)
    ladder = staffing_ladder_frame()
    rows += [
        ("Staffing and occupancy (2.2)", "Phone",
         f"Next week's peak, {calculator_row['weekday']} {calculator_row['time']}",
         f"{needed:.0f} taking calls, {ladder['value'].iloc[1]:.1f} to schedule, occupancy "
         f"{occupancy:.1%}"),
        ("Staffing and occupancy (2.2)", "All channels", "Staff to employ next week (FTE)",
         f"{ladder['value'].iloc[-1]:.1f} FTE for {ladder['value'].iloc[3]:,.0f} scheduled "
         "hours"),
    ]
    for row in plan_costs().itertuples():
        rows.append(("Weekly cost (2.5)", _channel_name(row.channel), f"At {row.standard}",
                     f"£{row.weekly_cost_gbp:,.0f} for {row.forecast_contacts:,.0f} contacts "
                     f"({row.paid_hours:,.0f} paid hours)"))
    planner = planner or _planner_for_plan()
    rows.append(("Contingency test (2.4)", "Phone", "Trigger, actions with owners and "
                 "review times, and result", planner.summary()))
    rows.append(("Contingency test (2.4)", "Phone", "Escalation",
                 planner.escalation() or "not named yet"))
    variance = budget.variance(load("budget"))
    flexed = flexed_budget_frame()
    worst = variance.loc[variance["variance_gbp"].idxmax()]
    rows += [
        ("Budget variance (2.5)", "All channels", "Total against budget",
         f"{_signed_money(variance['variance_gbp'].sum())} "
         f"({budget.direction(pd.Series([variance['variance_gbp'].sum()])).iloc[0]})"),
        ("Budget variance (2.5)", "All channels", "Total against the flexed budget",
         f"{_signed_money(flexed['flexed_variance_gbp'].sum())} "
         f"({budget.direction(pd.Series([flexed['flexed_variance_gbp'].sum()])).iloc[0]})"),
        ("Budget variance (2.5)", "All channels", "Biggest overspend",
         f"{worst['line']}, {pd.Timestamp(str(worst['month']) + '-01'):%b %Y}: "
         f"{_signed_money(worst['variance_gbp'])} ({_signed(worst['variance_pct'])}%)"),
    ]
    return pd.DataFrame(rows, columns=["part", "channel_name", "measure", "figure"])


def operational_plan() -> OperationalPlan:
    """Widget: write and save the operational plan artefact."""
    return OperationalPlan()
