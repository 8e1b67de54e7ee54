"""Notebook 02 "Planning operations": forecast, staff, set standards, plan for peaks, budget.

Every figure comes from the organisation in use (``csmlib.data.load``), so the notebook and
its self-checks follow a learner's own organisation too.

Example:
    >>> calculator = staffing_calculator()
    >>> calculator.controls["target_sl"].value = 90
    >>> calculator.numbers()["service_level"] >= 0.9
    True
"""

from __future__ import annotations

import html
from functools import lru_cache

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from csmlib.analysis import budget, forecasting, simulation, staffing, standards
from csmlib.data import assumptions, load, read_manifest
from csmlib.ui.charts import PALETTE, STATUS, style
from csmlib.ui.exercises import MultipleChoice, NumericAnswer, WrittenAnswer
from csmlib.ui.forms import ArtefactForm, ReflectionBox
from csmlib.ui.widgets import CourseWidget

NOTEBOOK = "02_planning_operations"
_slider = {"style": {"description_width": "16em"}, "layout": widgets.Layout(width="38em"),
           "continuous_update": False}


# ------------------------------------------------------------------ data
@lru_cache(maxsize=4)
def _history(key: str) -> pd.DataFrame:
    return forecasting.volume_by_interval(_contacts())


def history() -> pd.DataFrame:
    """Contacts per channel and half-hour for the organisation in use (computed once)."""
    return _history(str(read_manifest()["settings"]))


#: The contacts columns this notebook reads (the free-text comments are never parsed).
CONTACT_COLUMNS = ("arrived_at", "channel", "wait_s", "csat")


def _contacts() -> pd.DataFrame:
    return load("contacts", columns=CONTACT_COLUMNS)


def weeks_available() -> list[pd.Timestamp]:
    """Mondays of the full weeks in the data."""
    return forecasting.full_weeks(history()["interval_start"])


def busiest_phone_interval() -> pd.Series:
    """The half-hour with the most forecast phone contacts in the plan."""
    return forecasting.busiest_interval(load("interval_plan"), "phone")


def _costs() -> dict[str, float]:
    """The organisation's pay, on-cost and shrinkage assumptions, as staff_cost takes them."""
    a = assumptions()
    return {"hourly_rate_gbp": a.hourly_rate_gbp, "on_cost_share": a.on_cost_share,
            "shrinkage": a.shrinkage}


# ------------------------------------------------------------ forecasting
class ForecastExplorer(CourseWidget):
    """Pick a channel, a week and a method: the forecast against what really happened."""

    def __init__(self) -> None:
        super().__init__()
        weeks = weeks_available()
        usable = weeks[4:] or weeks
        self.controls = {
            "channel": widgets.Dropdown(options=["phone", "email", "chat", "social"],
                                        value="phone", description="Channel"),
            "week": widgets.Dropdown(options=[(f"week of {w:%d %b %Y}", w) for w in usable],
                                     value=usable[-1], description="Week"),
            "method": widgets.Dropdown(options=list(forecasting.METHODS),
                                       value="seasonal average with trend",
                                       description="Method", layout=widgets.Layout(width="28em")),
        }
        self.figure = go.FigureWidget(data=[
            go.Scatter(x=[], y=[], name="Actual", mode="lines",
                       line={"color": PALETTE["black"], "width": 1.5}),
            go.Scatter(x=[], y=[], name="Forecast", mode="lines",
                       line={"color": PALETTE["orange"], "width": 2.5, "dash": "dot"}),
        ])
        style(self.figure, title="Forecast against actual, by half-hour",
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
        self.result.value = f"<p>{html.escape(self.summary(frame))}</p>"

    def summary(self, frame: pd.DataFrame | None = None) -> str:
        frame = self.frame() if frame is None else frame
        actual, predicted = frame["actual"].sum(), frame["forecast"].sum()
        error = (frame["forecast"] - frame["actual"]).abs().sum()
        wape = 100 * error / actual if actual else float("nan")
        return (f"{self.controls['channel'].value.capitalize()}, week of "
                f"{self.controls['week'].value:%d %b}: forecast {predicted:,.0f} contacts, "
                f"actual {actual:,.0f}. Half-hour by half-hour the forecast was out by "
                f"{wape:.0f}% of the actual volume (WAPE).")

    def static_html(self) -> str:
        return f"<p><b>At the start:</b> {html.escape(self.summary())}</p>"


def forecast_explorer() -> ForecastExplorer:
    """Widget: forecast against actual for a channel and week."""
    return ForecastExplorer()


def backtest_table() -> pd.DataFrame:
    """How accurate each method was on the last two weeks (average WAPE per channel)."""
    return forecasting.backtest_summary(history(), holdout_weeks=2)


def next_week_peaks() -> pd.DataFrame:
    """The busiest phone half-hours forecast for the week after the data ends."""
    start = history()["interval_start"].max().normalize() + pd.Timedelta(days=1)
    start = start + pd.Timedelta(days=(7 - start.day_of_week) % 7)
    frame = forecasting.forecast(history(), start, days=7)
    top = forecasting.peaks(frame, "phone", top=5)
    return pd.DataFrame({"Day": top["weekday"], "Date": top["interval_start"].dt.date,
                         "Half-hour starting": top["time"],
                         "Forecast calls": top["forecast"].round(0).astype(int),
                         "× the quietest open half-hour": top["vs_quietest"].round(1)})


# --------------------------------------------------------------- staffing
class StaffingCalculator(CourseWidget):
    """Erlang C: how many agents a half-hour needs to meet a service level."""

    def __init__(self) -> None:
        super().__init__()
        busiest = busiest_phone_interval()
        contacts = int(round(busiest["forecast_contacts"]))
        aht = int(round(busiest["forecast_aht_s"]))
        self.controls = {
            "contacts": widgets.IntSlider(value=contacts, min=10, max=max(600, contacts * 2),
                                          step=5, description="Calls in the half-hour",
                                          **_slider),
            "aht": widgets.IntSlider(value=aht, min=60, max=900, step=10,
                                     description="Average handle time (s)", **_slider),
            "target_sl": widgets.IntSlider(value=80, min=50, max=95, step=5,
                                           description="Service level target (%)", **_slider),
            "target_s": widgets.IntSlider(value=20, min=10, max=120, step=5,
                                          description="…answered within (s)", **_slider),
            "shrinkage": widgets.IntSlider(value=round(assumptions().shrinkage * 100), min=0,
                                           max=50, step=1,
                                           description="Shrinkage (%)", **_slider),
        }
        self.figure = go.FigureWidget(data=[
            go.Bar(x=[], y=[], name="Service level", marker_color=PALETTE["blue"]),
            go.Scatter(x=[], y=[], name="Target", mode="lines",
                       line={"color": PALETTE["black"], "dash": "dash"}),
        ])
        style(self.figure, title="Service level for each number of agents",
              x="Agents taking calls", y="Answered within target (%)", height=340)
        self.figure.update_yaxes(range=[0, 100])
        self._finish(*self.controls.values(), self.figure)

    def numbers(self) -> dict[str, float]:
        c = self.controls
        contacts, aht = c["contacts"].value, c["aht"].value
        target_sl, target_s = c["target_sl"].value / 100, c["target_s"].value
        needed = staffing.required_agents(contacts, aht, target_sl, target_s)
        return {
            "needed": needed,
            "traffic": float(staffing.traffic(contacts, aht)),
            "service_level": staffing.service_level(contacts, aht, needed, target_s),
            "asa": staffing.average_speed_of_answer(contacts, aht, needed),
            "occupancy": staffing.occupancy(contacts, aht, needed),
            "rostered": staffing.rostered_headcount(needed, c["shrinkage"].value / 100),
        }

    def update(self) -> None:
        n = self.numbers()
        c = self.controls
        low = int(np.floor(n["traffic"])) + 1
        agents = np.arange(low, max(low + 12, n["needed"] + 6))
        levels = staffing.service_level(c["contacts"].value, c["aht"].value, agents,
                                        c["target_s"].value) * 100
        colours = [STATUS["good"] if lv >= c["target_sl"].value else STATUS["bad"]
                   for lv in levels]
        with self.figure.batch_update():
            self.figure.data[0].x = agents.tolist()
            self.figure.data[0].y = np.round(levels, 1).tolist()
            self.figure.data[0].marker.color = colours
        self.figure.data[1].x = [int(agents[0]) - 0.5, int(agents[-1]) + 0.5]
        self.figure.data[1].y = [c["target_sl"].value] * 2
        self.result.value = f"<p>{html.escape(self.summary())}</p>"

    def summary(self) -> str:
        n, c = self.numbers(), self.controls
        return (f"{c['contacts'].value} calls of {c['aht'].value} s are {n['traffic']:.1f} "
                f"erlangs of work. To answer {c['target_sl'].value}% within "
                f"{c['target_s'].value} s you need {n['needed']} agents taking calls "
                f"(service level {n['service_level']:.1%}, average wait {n['asa']:.0f} s, "
                f"occupancy {n['occupancy']:.0%}). With {c['shrinkage'].value}% shrinkage "
                f"that means rostering {n['rostered']:.1f} agents for this half-hour.")

    def static_html(self) -> str:
        return f"<p><b>At the start (the plan's busiest half-hour):</b> " \
               f"{html.escape(self.summary())}</p>"


def erlang_vs_simulation() -> pd.DataFrame:
    """The busiest half-hour staffed by Erlang C and by a simulation where callers hang up."""
    busiest = busiest_phone_interval()
    result = simulation.required_agents_with_abandonment(
        float(busiest["forecast_contacts"]), float(busiest["forecast_aht_s"]), 0.8, 20)
    return pd.DataFrame({
        "Method": ["Erlang C (nobody hangs up)", "Simulation (callers give up after a while)"],
        "Agents for 80% in 20 s": [result["erlang_c_agents"], result["agents"]],
        "Abandoned at that staffing (%)": [0.0,
                                           round(100 * result["simulated_abandonment_rate"], 1)],
    })


def staffing_calculator() -> StaffingCalculator:
    """Widget: the Erlang C staffing calculator."""
    return StaffingCalculator()


# -------------------------------------------------------------- standards
def standards_options() -> pd.DataFrame:
    """Every standard on offer with its weekly agent hours, cost and customer effect, for the
    first full week of the plan and the organisation's own pay and shrinkage."""
    contacts = _contacts()
    return standards.standards_options(
        forecasting.plan_week(load("interval_plan")), contacts[contacts["csat"].notna()],
        chat_concurrency=assumptions().chat_concurrency, **_costs())


def _readable(options: pd.DataFrame) -> pd.DataFrame:
    return options.rename(columns={
        "agent_hours_a_week": "agent hours a week", "weekly_cost_gbp": "weekly cost (£)",
        "csat_if_met_pct": "CSAT top-2-box when met (%)",
        "csat_if_missed_pct": "… when missed (%)"})


class StandardsSetter(CourseWidget):
    """Choose a standard per channel: see the weekly cost and what customers feel."""

    def __init__(self) -> None:
        super().__init__()
        self.options = standards_options()
        self.controls = {
            "phone": widgets.Dropdown(options=list(standards.PHONE_STANDARDS), value="80% in 20 s",
                                      description="Phone"),
            "chat": widgets.Dropdown(options=list(standards.CHAT_STANDARDS), value="80% in 60 s",
                                     description="Chat"),
            "email": widgets.Dropdown(options=list(standards.EMAIL_STANDARDS),
                                      value="reply within 24 hours", description="Email"),
        }
        self.table = widgets.HTML()
        self._finish(widgets.HBox(list(self.controls.values())), self.table)

    def chosen(self) -> pd.DataFrame:
        picks = {channel: control.value for channel, control in self.controls.items()}
        mask = [picks[c] == s for c, s in zip(self.options["channel"], self.options["standard"],
                                             strict=True)]
        return self.options[mask].reset_index(drop=True)

    def update(self) -> None:
        chosen = self.chosen()
        self.table.value = _readable(chosen).to_html(index=False, escape=True, na_rep="n/a")
        total = chosen["weekly_cost_gbp"].sum()
        cheapest = self.options.groupby("channel")["weekly_cost_gbp"].min().sum()
        self.result.value = (f"<p>These standards cost about £{total:,.0f} a week in agent "
                             f"time, £{total - cheapest:,.0f} more than the cheapest choices. "
                             "Compare what customers say when the standard is met and "
                             "missed: is the difference worth the cost?</p>")

    def static_html(self) -> str:
        return ("<p><b>Every option</b> (agent hours and cost for a typical week; CSAT from "
                "surveyed customers in the data; n/a where no surveyed customer waited that "
                "long):</p>" + _readable(self.options).to_html(index=False, escape=True,
                                                                 na_rep="n/a"))


def standards_setter() -> StandardsSetter:
    """Widget: service standards per channel with their cost and customer effect."""
    return StandardsSetter()


# ---------------------------------------------------------- peak-day plan
def day_scenario(**changes) -> simulation.DayScenario:
    """The busiest Monday in the plan as a simulation scenario (phone)."""
    return simulation.plan_day_scenario(load("interval_plan"), **changes)


class PeakDaySimulator(CourseWidget):
    """A busy Monday, simulated call by call: try a spike, sickness, overtime and callbacks."""

    def __init__(self) -> None:
        super().__init__()
        self.controls = {
            "spike": widgets.IntSlider(value=0, min=0, max=100, step=10,
                                       description="Extra calls 09:00–13:00 (%)",
                                       **_slider),
            "absent": widgets.IntSlider(value=0, min=0, max=30, step=5,
                                        description="Agents off sick (%)", **_slider),
            "extra": widgets.IntSlider(value=0, min=0, max=15, step=1,
                                       description="Overtime agents 08:00–20:00", **_slider),
            "callbacks": widgets.Checkbox(value=False, description="Offer callbacks",
                                          indent=False),
        }
        self.figure = go.FigureWidget(data=[
            go.Bar(x=[], y=[], name="Service level", marker_color=PALETTE["blue"]),
            go.Scatter(x=[], y=[], name="Abandoned (%)", mode="lines+markers",
                       line={"color": PALETTE["vermillion"]}),
            go.Scatter(x=[], y=[], name="Standard (80%)", mode="lines",
                       line={"color": PALETTE["black"], "dash": "dash"}),
        ])
        style(self.figure, title="Service level and abandonment by half-hour",
              x="Half-hour starting", y="%", height=420)
        self.figure.update_layout(legend={"y": -0.38}, margin={"b": 110})
        self.figure.update_yaxes(range=[0, 100])
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
        level = (shown["service_level"] * 100).round(1)
        colours = [STATUS["good"] if v >= 80 else STATUS["bad"] for v in level]
        with self.figure.batch_update():
            self.figure.data[0].x = shown["interval_start"].tolist()
            self.figure.data[0].y = level.tolist()
            self.figure.data[0].marker.color = colours
        self.figure.data[1].x = shown["interval_start"].tolist()
        self.figure.data[1].y = (shown["abandonment_rate"] * 100).round(1).tolist()
        self.figure.data[2].x = shown["interval_start"].tolist()
        self.figure.data[2].y = [80] * len(shown)
        self.result.value = f"<p>{html.escape(self.summary(result))}</p>"

    def summary(self, result: simulation.DayResult | None = None) -> str:
        s = (result or self.run()).summary
        text = (f"The day: {s['offered']:,.0f} calls, {s['service_level']:.0%} answered "
                f"within 20 s, {s['abandonment_rate']:.1%} abandoned, average wait "
                f"{s['average_wait_s']:.0f} s; {s['intervals_below_target']:.0f} half-hours "
                "missed the 80% standard.")
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
    "overtime": "Offer overtime: extra agents from the next half-hour",
    "callbacks": "Offer callbacks to callers facing a long wait",
    "messaging": "Channel messaging: IVR and website message moving 10% of calls online",
    "defer": "Defer back-office work: 4 agents from back office to the phones",
}


#: What each action changes in the simulated day from the half-hour after the trigger.
ACTION_EFFECTS: dict[str, dict[str, float]] = {
    "overtime": {"extra_agents": 3}, "callbacks": {}, "messaging": {"demand_cut": 0.1},
    "defer": {"extra_agents": 4}}
#: The day the contingency is tried on: the busiest Monday with a spike and sickness.
BUSY_DAY = {"spike": 0.4, "absent_share": 0.1}


class ContingencyPlanner(CourseWidget):
    """Set a trigger and choose actions; see the busy day with and without the plan."""

    def __init__(self) -> None:
        super().__init__()
        self.controls = {
            "threshold": widgets.IntSlider(value=70, min=50, max=90, step=5,
                                           description="Trigger: service level below (%)",
                                           **_slider),
            "consecutive": widgets.IntSlider(value=2, min=1, max=4, step=1,
                                             description="…for this many half-hours",
                                             **_slider),
            "actions": widgets.SelectMultiple(options=[(v, k) for k, v in ACTIONS.items()],
                                              value=("overtime", "callbacks"),
                                              description="Actions", rows=4,
                                              layout=widgets.Layout(width="44em")),
        }
        self._finish(*self.controls.values())

    def outcome(self) -> dict:
        chosen = set(self.controls["actions"].value)
        actions = {"extra_agents": sum(ACTION_EFFECTS[a].get("extra_agents", 0) for a in chosen),
                   "demand_cut": sum(ACTION_EFFECTS[a].get("demand_cut", 0) for a in chosen),
                   "callbacks": "callbacks" in chosen}
        return simulation.contingency_outcome(
            day_scenario(**BUSY_DAY), self.controls["threshold"].value / 100,
            self.controls["consecutive"].value, **actions)

    def update(self) -> None:
        self.result.value = f"<p>{html.escape(self.summary())}</p>"

    def summary(self) -> str:
        outcome = self.outcome()
        base, planned, fired = outcome["base"].summary, outcome["planned"].summary, \
            outcome["fired"]
        if fired is None:
            return ("On a Monday with a 40% spike and 10% sickness the trigger never fires, so "
                    "the plan would never start: is it set too loose?")
        when = outcome["base"].intervals["interval_start"].iloc[fired]
        return (f"On a Monday with a 40% spike and 10% sickness the trigger fires at {when}. "
                f"Without the plan: {base['service_level']:.0%} answered within 20 s and "
                f"{base['abandonment_rate']:.1%} abandoned. With it: "
                f"{planned['service_level']:.0%} and {planned['abandonment_rate']:.1%}.")

    def static_html(self) -> str:
        return f"<p><b>At the start:</b> {html.escape(self.summary())}</p>"


def contingency_planner() -> ContingencyPlanner:
    """Widget: trigger and actions tried on the simulator."""
    return ContingencyPlanner()


# ------------------------------------------------------------------ budget
def budget_variance() -> pd.DataFrame:
    """Budget against actual per month and line, with status words."""
    table = budget.variance(load("budget"))
    return table[["month", "line", "budget_gbp", "actual_gbp", "variance_gbp", "variance_pct",
                  "status"]].round(1)


def cost_per_contact_table() -> pd.DataFrame:
    """Agent cost per contact by channel for the whole period, from the plan and the data."""
    costs = budget.plan_cost_by_channel(load("interval_plan"), **_costs())
    volume = _contacts().groupby("channel").size().to_dict()
    return budget.cost_per_contact(dict(zip(costs["channel"], costs["cost_gbp"], strict=True)),
                                   volume).round(2)


class ChannelShift(CourseWidget):
    """What if some phone calls moved to chat? The saving in agent cost."""

    def __init__(self) -> None:
        super().__init__()
        self.costs = cost_per_contact_table().set_index("channel")
        self.controls = {"share": widgets.IntSlider(value=10, min=0, max=40, step=5,
                                                    description="Phone calls moved to chat (%)",
                                                    **_slider)}
        self._finish(self.controls["share"])

    def update(self) -> None:
        self.result.value = f"<p>{html.escape(self.summary())}</p>"

    def summary(self) -> str:
        share = self.controls["share"].value / 100
        result = budget.channel_shift(self.costs["contacts"].to_dict(),
                                      self.costs["cost_per_contact_gbp"].to_dict(),
                                      "phone", "chat", share)
        return (f"Moving {share:.0%} of phone calls ({result['contacts_moved']:,.0f} contacts "
                f"in the period) to chat would save about £{result['saving_gbp']:,.0f} of agent "
                "cost, if chat quality and customers' willingness hold up.")

    def static_html(self) -> str:
        return f"<p><b>At the start:</b> {html.escape(self.summary())}</p>"


def channel_shift() -> ChannelShift:
    """Widget: the channel-shift what-if."""
    return ChannelShift()


# --------------------------------------------------------------- exercises
def _busiest_needed() -> float:
    row = busiest_phone_interval()
    return float(staffing.required_agents(row["forecast_contacts"], row["forecast_aht_s"],
                                          0.8, 20))


agents_needed_check = NumericAnswer(
    "02-agents-needed",
    "Use the staffing calculator at its starting values (the plan's busiest phone half-hour, "
    "80% in 20 seconds): how many agents must be taking calls?",
    expected=_busiest_needed, tolerance=0, units="agents",
    hint_low="Fewer agents than that miss 80% in 20 s: look where the bars turn blue.",
    hint_high="That many would meet the standard, but a smaller number already does.",
    criteria=["2.2"], decimals=0,
    explanation="Erlang C: the fewest agents whose service level reaches the target.")


def _rostered_for_busiest() -> float:
    return float(staffing.rostered_headcount(_busiest_needed(), assumptions().shrinkage))


rostered_check = NumericAnswer(
    "02-rostered",
    "With the organisation's shrinkage (the calculator's starting value), how many agents "
    "must be rostered for that half-hour so that enough are taking calls? Give one decimal "
    "place.",
    expected=_rostered_for_busiest, tolerance=0.15, units="agents",
    hint_low="Shrinkage is lost time, so divide by (1 − shrinkage) rather than multiply.",
    hint_high="Divide by (1 − shrinkage); do not add shrinkage on top twice.",
    criteria=["2.2"], explanation="Agents needed ÷ (1 − shrinkage).")


shrinkage_meaning = MultipleChoice(
    "02-shrinkage",
    "Which of these is shrinkage?",
    {"a": "Customers who hang up before being answered",
     "b": "Paid time when agents cannot take contacts: breaks, training, coaching, absence",
     "c": "The fall in contacts after a price rise",
     "d": "Time agents spend idle between calls"},
    answer="b",
    hints={"a": "That is abandonment.", "c": "That is a change in demand, not in staff time.",
           "d": "Idle time between calls is the other side of occupancy, not shrinkage."},
    criteria=["2.2"],
    explanation="Shrinkage is why the roster must be bigger than the number taking calls.")


def _spike_overtime_variance() -> float:
    from csmlib.data import hidden_truths_in_use

    month = hidden_truths_in_use()["spike"]["date"][:7]
    table = budget.variance(load("budget")).set_index(["month", "line"])
    return float(table.loc[(month, "overtime"), "variance_gbp"])


overtime_variance_check = NumericAnswer(
    "02-overtime-variance",
    "In the budget table, find the month with the biggest overtime overspend. How many pounds "
    "over budget was overtime that month? Round to the nearest pound.",
    expected=_spike_overtime_variance, tolerance=1, units="£", decimals=0,
    hint_low="Variance = actual − budget for the overtime line in that month.",
    hint_high="Use the overtime line only, not the month's total.",
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


def plan_reflection() -> ReflectionBox:
    """Reflection: monitoring and reviewing the plan (counters 'one-off plans')."""
    return ReflectionBox("02-plan-reflection", plan_reflection_prompt,
                         criteria=["2.4", "6.3"],
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
    min_words=15, criteria=["2.4", "6.3"],
    model_answer="Each morning I compare yesterday's volume with the forecast and check "
                 "service level and abandonment by half-hour. If the forecast is more than 10% "
                 "out two days running, the planner and I rework the rota; intraday, the team "
                 "leader on shift triggers overtime or callbacks.")


# ------------------------------------------------------- the plan artefact
class OperationalPlan(ArtefactForm):
    """The operational plan (criteria 2.1–2.5): demand and cost per channel are added; the
    learner writes the standards, the contingencies and how the plan will be monitored."""

    FIELDS = {
        "standards": ("Service standards", "e.g. phone 80% in 20 s; email within 24 hours; "
                      "chat 80% in 60 s, and why", False),
        "contingencies": ("Contingencies", "Triggers and actions, e.g. if service level < 70% "
                          "for two half-hours: …", True),
        "monitoring": ("Monitoring and review", "How you will monitor and review the plan: "
                       "what, how often, who acts", True),
    }
    SAVE_LABEL = "Save my plan to the portfolio"
    MISSING_MESSAGE = ("An assessor will mark a plan down without {missing}. Write at least a "
                       "few sentences for each, then save again.")

    def table(self) -> pd.DataFrame:
        """The numbers of the plan: demand, agents and cost per channel for a typical week."""
        week = forecasting.plan_week(load("interval_plan"))
        table = budget.plan_cost_by_channel(week, **_costs())
        return table.rename(columns={"cost_gbp": "weekly_cost_gbp"}).round(0)

    def text(self) -> str:
        peaks = next_week_peaks()
        busiest = "; ".join(f"{row['Day']} {row['Half-hour starting']} "
                            f"({row['Forecast calls']} calls)"
                            for _, row in peaks.head(3).iterrows())
        return (f"Demand forecast (seasonal average with trend); busiest phone half-hours next "
                f"week: {busiest}.\n\n" + self.sections_text())

    def evidence(self) -> dict:
        return {"criteria": ["2.1", "2.2", "2.3", "2.4", "2.5"],
                "title": "Operational plan for next week", "text": self.text(),
                "table": self.table(), "notebook": NOTEBOOK, "activity": "02-operational-plan"}

    def static_html(self) -> str:
        return ("<p><b>The numbers your plan will carry</b> (a typical week, from the plan):"
                "</p>" + self.table().to_html(index=False))


def operational_plan() -> OperationalPlan:
    """Widget: write and save the operational plan artefact."""
    return OperationalPlan()
