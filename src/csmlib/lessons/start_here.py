"""Notebook 00 "Start here": its widgets, the organisation's introduction and self-checks.

Example:
    >>> explorer = workload_explorer()
    >>> explorer.controls["agents"].value = 30
    >>> "30 agents" in explorer.result.value
    True
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from csmlib.data import dictionary, samples, sectors, store
from csmlib.ui.charts import PALETTE, style
from csmlib.ui.exercises import MultipleChoice, NumericAnswer, WrittenAnswer
from csmlib.ui.explorer import DatasetExplorer
from csmlib.ui.forms import CoverageView, ReflectionBox, export_portfolio
from csmlib.ui.widgets import CourseWidget

NOTEBOOK = "00_start_here"


class WorkloadExplorer(CourseWidget):
    """Agents on shift against a typical day's demand: which hours are over capacity?"""

    def __init__(self, agents: int = 15, contacts_per_agent_hour: int = 10) -> None:
        super().__init__()
        self.day = samples.typical_day()
        self.controls = {
            "agents": widgets.IntSlider(value=agents, min=4, max=40, step=1,
                                        description="Agents on shift",
                                        style={"description_width": "initial"},
                                        layout=widgets.Layout(width="40em")),
            "rate": widgets.IntSlider(value=contacts_per_agent_hour, min=4, max=16, step=1,
                                      description="Contacts one agent handles per hour",
                                      style={"description_width": "initial"},
                                      layout=widgets.Layout(width="40em")),
        }
        labels = [f"{h:02d}:00" for h in self.day["hour"]]
        self.figure = go.FigureWidget(
            data=[
                go.Bar(x=labels, y=self.day["contacts"].tolist(), name="Contacts arriving",
                       hovertemplate="%{x}: %{y} contacts<extra></extra>"),
                go.Scatter(x=labels, y=[0] * len(labels), name="What your team can handle",
                           mode="lines", line={"color": PALETTE["black"], "dash": "dash"}),
            ]
        )
        style(self.figure, title="A typical weekday: contacts arriving each hour",
              x="Hour starting", y="Contacts per hour")
        self._finish(self.controls["agents"], self.controls["rate"], self.figure)

    def capacity(self) -> int:
        """Contacts the team can handle in an hour with the current settings."""
        return int(self.controls["agents"].value * self.controls["rate"].value)

    def summary(self) -> str:
        """One sentence on the current settings: capacity and the hours above it."""
        agents = self.controls["agents"].value
        rate = self.controls["rate"].value
        capacity = self.capacity()
        over = self.day[self.day["contacts"] > capacity]
        busiest = self.day.loc[self.day["contacts"].idxmax()]
        sentence = (f"With {agents} agents handling {rate} contacts an hour each, your team can "
                    f"take {capacity} contacts an hour. ")
        if over.empty:
            sentence += ("No hour is busier than that on average. Contacts still bunch up within "
                         "an hour, so a little spare capacity keeps waits short (notebook 02 "
                         "shows how much).")
        else:
            sentence += (f"Demand is higher than that in {len(over)} of the {len(self.day)} "
                         f"opening hours, so customers queue then. The busiest hour, "
                         f"{int(busiest['hour']):02d}:00, brings {int(busiest['contacts'])} "
                         "contacts.")
        return sentence

    def update(self) -> None:
        capacity = self.capacity()
        over = self.day["contacts"] > capacity
        # One trace per batch: a batch_update spanning two traces drops the bars' y values
        # in the browser with plotly 7's FigureWidget (the browser test checks for this).
        with self.figure.batch_update():
            self.figure.data[0].marker.color = [
                PALETTE["vermillion"] if is_over else PALETTE["blue"] for is_over in over]
            self.figure.data[0].marker.pattern.shape = ["/" if is_over else "" for is_over in over]
        self.figure.data[1].y = [capacity] * len(self.day)
        self.result.value = f"<p>{html.escape(self.summary())}</p>"

    def static_html(self) -> str:
        table = self.day.assign(hour=self.day["hour"].map("{:02d}:00".format)).rename(
            columns={"hour": "Hour starting", "contacts": "Contacts"}).T
        return (f"<p><b>At the starting settings:</b> {html.escape(self.summary())}</p>"
                + table.to_html(header=False))


def workload_explorer() -> WorkloadExplorer:
    """The first widget learners meet: move a slider, watch the chart and sentence change."""
    return WorkloadExplorer()


shift_enter = MultipleChoice(
    "00-shift-enter",
    "What does pressing Shift + Enter do in a notebook?",
    {
        "a": "Saves the notebook",
        "b": "Runs the current cell and moves to the next one",
        "c": "Deletes the current cell",
        "d": "Restarts the kernel",
    },
    answer="b",
    hints={
        "a": "Saving is Ctrl + S (Cmd + S on a Mac), or File → Save Notebook.",
        "c": "Deleting a cell needs the Edit menu, or D pressed twice outside the cell.",
        "d": "Restarting is in the Kernel menu; Shift + Enter never restarts anything.",
    },
    explanation="Shift + Enter runs the cell you are in, shows its result and moves on.",
)

kind_of_data = MultipleChoice(
    "00-kind-of-data",
    "A customer writes: \"I waited ages and nobody called me back.\" What kind of data is this?",
    {
        "a": "Quantitative data: a measurement you can average",
        "b": "Qualitative data: what customers say, in their own words",
        "c": "An operational KPI",
        "d": "Financial data",
    },
    answer="b",
    hints={
        "a": "You cannot average a sentence. Which kind of data is made of words?",
        "c": "A KPI is a measured number against a target, such as average wait in seconds.",
        "d": "Nothing here is about money. Which kind of data is made of words?",
    },
    criteria=["5.2", "5.3"],
    explanation="Comments explain why the numbers move; assessors expect both kinds.",
)

service_level_check = NumericAnswer(
    "00-service-level",
    "Using the calls in the table above, what percentage were answered within 20 seconds? "
    "Count the abandoned call as not answered in time.",
    expected=lambda: samples.service_level_percent(samples.sample_calls(), target_s=20),
    tolerance=0.5,
    units="%",
    hint_high="Did you count calls that waited a little over 20 seconds, or the abandoned "
    "call? Only answered calls that waited 20 seconds or less count.",
    hint_low="Divide by every call offered (each row of the table), and count calls that "
    "waited exactly 20 seconds as in time.",
    criteria=["5.3"],
    explanation="Answered within 20 seconds ÷ all calls offered × 100.",
)

data_and_decisions = WrittenAnswer(
    "00-data-decision",
    "In two or three sentences: name one kind of data your team collects, and one decision "
    "it helps you make.",
    key_points={
        "a source of data": ["survey", "csat", "nps", "log", "system", "report", "dashboard",
                             "recording", "complaint", "feedback", "wait", "data", "calls",
                             "volumes", "quality", "qa", "score"],
        "a decision it informs": ["decide", "decision", "roster", "rota", "staff", "plan",
                                  "change", "train", "coach", "improve", "action", "target",
                                  "schedule", "prioritise", "prioritize"],
    },
    min_words=15,
    model_answer="We record how long each caller waits and how many hang up, by half hour. "
    "When Monday mornings show long waits, I move lunch breaks and ask two back-office "
    "colleagues to take calls from 9 to 11, then check the next Monday's figures.",
    criteria=["5.3"],
)


# ------------------------------------------------------- meet the organisation
def _period(contacts: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp, int]:
    first = contacts["arrived_at"].min().normalize()
    last = contacts["arrived_at"].max().normalize()
    return first, last, int((last - first).days) + 1


def meet_the_organisation():
    """The organisation's story, with every number computed from the data in use."""
    from IPython.display import HTML

    manifest = store.read_manifest()
    profile = sectors.profile(manifest["settings"]["sector"])
    contacts = store.load("contacts")
    agents = store.load("agents")
    complaints = store.load("complaints")
    first, last, days = _period(contacts)
    # the channels only, busiest first: their shares are a self-check later in the notebook
    channels = contacts["channel"].value_counts().index.tolist()
    mix = "by " + ", ".join(channels[:-1]) + f" and {channels[-1]}" if len(channels) > 1 else (
        f"by {channels[0]}" if channels else "")
    story = (
        f"<p><b>{html.escape(manifest['organisation'])}</b> is {html.escape(profile.description)}"
        f" (a fictional organisation). Its contact centre has {len(agents)} agents in "
        f"{agents['team'].nunique()} teams. Between {first:%d %B %Y} and {last:%d %B %Y} "
        f"({days} days) customers got in touch {len(contacts):,} times, {mix}. "
        f"{len(complaints):,} complaints were logged. Complaints are regulated by "
        f"{html.escape(profile.regulator)}: a final response is due within "
        f"{profile.final_response_weeks} weeks, after which the customer may go to the "
        f"{html.escape(profile.ombudsman)}.</p>"
        "<p>In this course you are one of its team leaders. You will plan its "
        "operations, monitor its performance, handle its complaints, develop its people and "
        "improve its service, using this data.</p>"
    )
    return HTML(story)


def teams_and_channels() -> pd.DataFrame:
    """Agents and contacts handled per team, and the newest starters, computed from the data."""
    agents = store.load("agents")
    contacts = store.load("contacts")
    handled = contacts.dropna(subset=["team"]).groupby("team").size()
    table = agents.groupby("team").agg(agents=("agent_id", "size"),
                                       median_tenure_months=("tenure_months", "median"))
    table["contacts_handled"] = handled
    return table.reset_index().rename(columns={
        "team": "Team", "agents": "Agents", "median_tenure_months": "Median tenure (months)",
        "contacts_handled": "Contacts handled"})


def dataset_explorer() -> DatasetExplorer:
    """Pick a table, filter it, and see rows and a chart."""
    return DatasetExplorer()


def data_dictionary(table: str = "contacts"):
    """What each column of a table means, in plain words (a table, left-aligned, in full)."""
    from IPython.display import HTML

    try:
        frame = dictionary.table_dictionary(table)
    except KeyError as error:
        return HTML(f"<p>⚠ {html.escape(str(error.args[0]))}</p>")
    return frame.style.hide(axis="index").set_properties(**{"text-align": "left"})


def phone_share_percent() -> float:
    """Share of contacts that came by phone, in % (computed from the data in use)."""
    contacts = store.load("contacts")
    return 100 * float((contacts["channel"] == "phone").mean())


phone_share_check = NumericAnswer(
    "00-phone-share",
    "Use the dataset explorer (chart the channel column of the contacts table): what "
    "percentage of all contacts came by phone? Round to a whole number.",
    expected=phone_share_percent,
    tolerance=1.0,
    units="%",
    hint_high="Divide phone contacts by ALL contacts (phone, email, chat and social).",
    hint_low="Count every phone contact, answered or abandoned: both were demand.",
    criteria=["5.3"],
    explanation="Phone contacts ÷ all contacts × 100. Phone is still most of the workload.",
)


def first_reflection() -> ReflectionBox:
    """The first portfolio entry: what the learner wants from the course."""
    return ReflectionBox(
        "00-first-reflection",
        "What do you want to get out of this course? Which parts of your current job could "
        "already give you evidence, and for which criteria?",
        criteria=["7.2"],
        title="My goals for the course and where my evidence will come from",
        notebook=NOTEBOOK,
    )


def coverage() -> CoverageView:
    """The coverage view: criteria with evidence and the gaps still to fill."""
    return CoverageView()


def export():
    """Export the portfolio to one HTML file the learner can download."""
    return export_portfolio()
