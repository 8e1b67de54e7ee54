"""Notebook 00 "Start here": its widgets, the organisation's introduction and self-checks.

Every table this notebook shows goes through the presentation kit (``csmlib.ui.tables``):
human headings, no row numbers, counts with separators. Each table function returns a
:class:`~csmlib.ui.tables.Table`, whose ``.data`` is the frame behind it.

Example:
    >>> explorer = workload_explorer()
    >>> explorer.controls["agents"].value = 30
    >>> "30 agents" in explorer.result.value
    True
    >>> sample_calls().headings
    ['Call', 'Arrived', 'Wait (seconds)', 'Answered']
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from csmlib.course import course_map, criteria
from csmlib.data import dictionary, samples, sectors, store
from csmlib.ui import tables
from csmlib.ui.charts import PALETTE, legend_key, style, target_line
from csmlib.ui.exercises import MultipleChoice, NumericAnswer, WrittenAnswer
from csmlib.ui.explorer import DatasetExplorer
from csmlib.ui.forms import CoverageView, LearnerDetailsForm, ReflectionBox, export_portfolio
from csmlib.ui.widgets import CourseWidget

NOTEBOOK = "00_start_here"


#: The workload chart's legend: what each colour, pattern and line means.
WITHIN = "Hours your team can handle"
ABOVE = "Hours above it: customers queue"
CAPACITY = "What your team can handle"


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
        # one bar trace coloured hour by hour (its own legend entry is hidden); the legend
        # keys below explain both colours and the hatching, and the dashed line
        self.figure = go.FigureWidget(data=[
            go.Bar(x=labels, y=self.day["contacts"].tolist(), name="Contacts arriving",
                   showlegend=False, marker={"color": PALETTE["blue"]},
                   hovertemplate="%{x}: %{y} contacts<extra></extra>")])
        target_line(self.figure, 0, CAPACITY)  # trace 1: moved by update()
        legend_key(self.figure, WITHIN, PALETTE["blue"])
        legend_key(self.figure, ABOVE, PALETTE["vermillion"], pattern="/")
        for rank, trace in enumerate(self.figure.data[1:], start=1):  # line, then the keys
            trace.legendrank = rank
        style(self.figure, title="A typical weekday: contacts arriving each hour",
              x="Hour of the day (each bar starts on the hour)",
              y="Contacts arriving per hour")
        self.figure.update_layout(barmode="overlay")  # the legend keys take no bar space
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

    def day_table(self) -> tables.Table:
        """The typical day as a table: one column per hour, contacts arriving underneath."""
        hours = [f"{h:02d}:00" for h in self.day["hour"]]
        frame = pd.DataFrame([["Contacts arriving", *self.day["contacts"]]],
                             columns=["what", *hours])
        return tables.table(frame, {"what": ("Hour starting", "text"),
                                    **{h: (h, "count") for h in hours}}, row_heading="what")

    def static_html(self) -> str:
        return (f"<p><b>At the starting settings:</b> {html.escape(self.summary())}</p>"
                + self.day_table().to_html())


def workload_explorer() -> WorkloadExplorer:
    """The first widget learners meet: move a slider, watch the chart and sentence change."""
    return WorkloadExplorer()


shift_enter = MultipleChoice(
    "00-shift-enter",
    "You changed a number in a code cell, but the result under it has not changed. "
    "What should you do?",
    {
        "a": "Save the notebook (Ctrl + S)",
        "b": "Click in the cell and press Shift + Enter",
        "c": "Delete the cell and type it again",
        "d": "Close the browser tab and open the notebook again",
    },
    answer="b",
    hints={
        "a": "Saving keeps your change in the file but runs nothing: a result changes only "
             "when its cell runs.",
        "c": "No need: the cell is fine, it just has not run since you changed it.",
        "d": "That runs nothing either, and on Binder it can end your session. How do you "
             "run a cell?",
    },
    explanation="Shift + Enter runs the cell you are in, with your change, shows its new "
    "result and moves on to the next cell.",
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
    hint_high="The classic mistake is to divide by the answered calls only. Divide by all "
    "calls offered: every row of the table, the abandoned call included. And count only the "
    "answered calls that waited 20 seconds or less as in time.",
    hint_low="Count every answered call that waited 20 seconds or less as in time (20 "
    "seconds exactly is in time), then divide by all calls offered: every row of the table.",
    criteria=["5.3"],
    explanation="Answered within 20 seconds ÷ all calls offered × 100.",
)

data_and_decisions = WrittenAnswer(
    "00-data-decision",
    "In two or three sentences: name one kind of data your team collects, and one decision "
    "it helps you make.",
    key_points={
        "a source of data": ["survey", "csat", "nps", "log", "system", "report", "dashboard",
                             "recording", "complaint", "feedback", "wait", "waits", "waiting",
                             "data", "calls", "volumes", "quality", "qa", "score", "record",
                             "hang up", "abandon"],
        "a decision it informs": ["decide", "decision", "roster", "rota", "staff", "plan",
                                  "change", "train", "coach", "improve", "action", "target",
                                  "schedule", "prioritise", "prioritize", "move", "ask",
                                  "breaks", "shift", "cover", "hire", "recruit", "escalate"],
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


_CHANNEL_WORDS = {"social": "social media"}
#: Units that say nothing more than the kind of a column (left blank in the dictionary).
_NO_UNIT = {"id", "category", "name", "text", "yes/no", "date and time", "date"}


def _all_contacts() -> pd.DataFrame:
    """The whole contacts table. Notebook 00 shows every column (dataset explorer, phone
    share), so the table is read from disk once, whole, and each cell takes its columns
    from the copy kept in memory, instead of reading the file again for each set."""
    return store.load("contacts")


def _listed(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


def _complaint_rules_html(profile: sectors.SectorProfile) -> str:
    """Which complaint rules apply, where an unresolved complaint may go, and what counts as
    a complaint, with sources: all from the sector profile (one set of rules, or several by
    product, as for an energy supplier that also sells broadband)."""
    rules = list(profile.complaint_rules)
    esc = html.escape
    if len(rules) == 1:
        parts = [f"<p><b>Complaint rules.</b> {esc(rules[0].summary())}"]
    else:
        items = []
        for number, each in enumerate(rules):
            if number == 0:
                others = [f"“{c}”" for other in rules[1:]
                          for c in profile.categories_under(other)]
                which = f"every complaint category except {_listed(others)}"
            else:
                mine = [f"“{c}”" for c in profile.categories_under(each)]
                which = (f"the complaint {'category' if len(mine) == 1 else 'categories'} "
                         f"{_listed(mine)}")
            items.append(f"<li>{esc(each.summary(which))}</li>")
        parts = ["<p><b>Complaint rules.</b> Which rules apply depends on what the complaint "
                 f"is about:</p><ul>{''.join(items)}</ul><p>"]
    ombudsmen = list(dict.fromkeys(each.ombudsman for each in rules))
    named = _listed([f"the {name}" for name in ombudsmen])
    named = named[:1].upper() + named[1:]
    parts.append(f" {esc(named)} {'is' if len(ombudsmen) == 1 else 'are'} free for the "
                 "customer and independent of the organisation: "
                 f"{'it settles' if len(ombudsmen) == 1 else 'each settles'} complaints the "
                 "organisation has not resolved.</p>")
    definition = rules[0].definition_sentence()
    for other in rules[1:]:
        if other.definition_source != rules[0].definition_source:
            definition += (f" For {other.covers} complaints, {other.definition_source} uses "
                           "the same test: dissatisfaction where a response is expected.")
    parts.append(f"<p><b>What counts as a complaint?</b> {esc(definition)}</p>")
    return "".join(parts)


def meet_the_organisation():
    """The organisation's story, with every number computed from the data in use, and its
    complaint rules from the sector profile (both sets of rules for an energy supplier that
    also sells broadband).

    It names the channels in alphabetical order and gives no shares: the phone share is a
    self-check later in the notebook.
    """
    from IPython.display import HTML

    manifest = store.read_manifest()
    profile = sectors.profile(manifest["settings"]["sector"])
    contacts = _all_contacts()[["arrived_at", "channel"]]
    agents = store.load("agents")
    complaints = store.load("complaints", columns=["complaint_id"])
    first, last, days = _period(contacts)
    channels = [_CHANNEL_WORDS.get(c, c) for c in sorted(contacts["channel"].dropna().unique())]
    mix = ("by " + ", ".join(channels[:-1]) + f" and {channels[-1]}" if len(channels) > 1
           else f"by {channels[0]}" if channels else "")
    story = (
        f"<p><b>{html.escape(manifest['organisation'])}</b> is {html.escape(profile.description)}"
        f" (a fictional organisation). Its contact centre employs agents (the staff who "
        f"answer customers) in {agents['team'].nunique()} teams: "
        f"{_headcount_words(agents, first)}. Between "
        f"{first.day} {first:%B %Y} and {last.day} {last:%B %Y} ({days} days) customers got "
        f"in touch {len(contacts):,} times, {mix}: these are its <i>channels</i>. "
        f"{len(complaints):,} complaints were logged.</p>"
        + _complaint_rules_html(profile)
        + "<p>In this course you are one of its team leaders. You will plan its "
        "operations, monitor its performance, handle its complaints, develop its people and "
        "improve its service, using this data.</p>"
    )
    return HTML(story)


def _headcount_words(agents: pd.DataFrame, since: pd.Timestamp | None = None) -> str:
    """How many agents the centre employs now, how many left during the period and how many
    new starters joined since ``since`` (the start of the period).

    Example:
        >>> frame = pd.DataFrame({"left_on": [pd.NaT, pd.NaT, pd.Timestamp("2026-02-01")],
        ...                       "hire_date": pd.to_datetime(["2020-01-01", "2026-03-01",
        ...                                                    "2019-01-01"])})
        >>> _headcount_words(frame, pd.Timestamp("2026-01-05"))
        '2 agents (1 left during the period; 1 new starter joined)'
    """
    left = int(agents["left_on"].notna().sum()) if "left_on" in agents else 0
    now = len(agents) - left
    joined = (int((pd.to_datetime(agents["hire_date"]) >= since).sum())
              if since is not None and "hire_date" in agents else 0)
    if not left and not joined:
        return f"{now} agents"
    parts = [f"{left} left during the period"] if left else []
    if joined:
        parts.append(f"{joined} new starter{'s' if joined != 1 else ''} joined")
    return f"{now} agents ({'; '.join(parts)})"


def teams_and_channels() -> tables.Table:
    """Agents, their median time in the job and contacts handled, per team (from the data).

    Example:
        >>> teams_and_channels().headings
        ['Team', 'Agents now', 'Median time in the job (months)', 'Contacts handled']
    """
    agents = store.load("agents")
    if "left_on" in agents:
        agents = agents[agents["left_on"].isna()]  # the team as it is now
    contacts = _all_contacts()[["team"]]
    handled = contacts.dropna(subset=["team"]).groupby("team").size()
    frame = agents.groupby("team").agg(agents=("agent_id", "size"),
                                       median_tenure_months=("tenure_months", "median"))
    frame["contacts_handled"] = handled.reindex(frame.index).fillna(0).astype(int)
    return tables.table(frame.reset_index(), {
        "team": ("Team", "text"), "agents": ("Agents now", "count"),
        "median_tenure_months": ("Median time in the job (months)", "number"),
        "contacts_handled": ("Contacts handled", "count")},
        row_heading="team",
        notes=["Median: the middle value (half the agents above it, half below), so one "
               "long-serving agent does not pull it up as they would an average.",
               "Contacts handled: contacts an agent of the team answered over the period, "
               "including agents who have since left (contacts abandoned before an answer "
               "belong to no team)."])


def dataset_explorer() -> DatasetExplorer:
    """Pick a table, filter it, and see rows and a chart."""
    return DatasetExplorer()


def data_dictionary(table: str = "contacts"):
    """What each column of a table means, in plain words (a table, left-aligned, in full).

    Example:
        >>> data_dictionary("budget").headings
        ['Column', 'Kind', 'Unit', 'Allowed values', 'Required?', 'Meaning']
    """
    from IPython.display import HTML

    try:
        frame = dictionary.table_dictionary(table)
    except KeyError as error:
        return HTML(f"<p>⚠ {html.escape(str(error.args[0]))}</p>")
    frame = frame.assign(
        column=[f"{dictionary.heading(table, name).split(' (')[0]} ({name})"
                for name in frame["column"]],
        kind=frame["kind"].map(lambda kind: dictionary.KIND_WORDS.get(kind, kind)),
        unit=frame["unit"].where(~frame["unit"].isin(_NO_UNIT), None),
        allowed=frame["allowed"].str.replace("True or False", "Yes or No (True or False in "
                                             "the data)", regex=False),
        required=frame["required"].map({"required": True, "optional": False}))
    return tables.table(frame, {
        "column": ("Column", "text"), "kind": ("Kind", "text"), "unit": ("Unit", "text"),
        "allowed": ("Allowed values", "text"), "required": ("Required?", "flag"),
        "meaning": ("Meaning", "text")},
        caption=f"{dictionary.table_title(table)}: {dictionary.TABLE_ABOUT[table]}",
        notes=["Column: its name for people, then (in brackets) its name in the data, as "
               "code uses it: contacts[\"wait_s\"] is the wait column.",
               "Required? No means a table may leave the column out; 'may be empty' means a "
               "cell may be blank (for example, no survey answer)."])


def sample_calls() -> tables.Table:
    """Twelve phone calls from one morning, for the service-level self-check.

    ``.data`` is ``csmlib.data.samples.sample_calls()``, the frame the worked answer uses.

    Example:
        >>> sample_calls().rows()[8]
        ['C009', '09:32', '140', 'No']
    """
    calls = samples.sample_calls()
    return tables.table(calls, {
        "call": ("Call", "text"), "arrived_at": ("Arrived", "text"),
        "wait_s": ("Wait (seconds)", "count"), "answered": ("Answered", "flag")})


def criteria_table() -> tables.Table:
    """The assessment criteria, grouped by learning outcome, in full.

    ``.data`` is ``csmlib.course.criteria.table()``.

    Example:
        >>> criteria_table().rows()[1][0]  # the outcome is named once, on its first row
        ''
    """
    frame = criteria.table()
    first = ~frame["Learning outcome"].duplicated()
    shown = frame.assign(outcome=frame["Learning outcome"].where(first, ""))
    return tables.table(shown, {
        "outcome": ("Learning outcome", "text"), "Code": ("Code", "text"),
        "What you show": ("What you show", "text")},
        notes=["A code such as 2.2 means learning outcome 2, criterion 2. Words such as "
               "Erlang, shrinkage, GROW, Kirkpatrick, PDCA and ISO 10002 are explained in the "
               "notebook that teaches them."])


def course_map_table() -> tables.Table:
    """The route through the course: each notebook, its criteria, and whether it is ready.

    ``.data`` is ``csmlib.course.course_map.table()``; "Available" says "Being written" for
    a notebook not yet in the course.

    Example:
        >>> course_map_table().headings[-1]
        'Available'
    """
    frame = course_map.table()
    return tables.table(frame, {
        "Notebook": ("Notebook", "text"), "Title": ("Title", "text"),
        "Criteria": ("Criteria", "text"), "What you do": ("What you do", "text"),
        "Available": ("Available", "text")},
        notes=["KPI: key performance indicator, a measure checked against a target. RAG: "
               "red, amber or green status against that target. Erlang: the standard formula "
               "for how many agents a queue of calls needs. PDCA: plan, do, check, act. Each "
               "is explained properly in its notebook."])


def phone_share_percent() -> float:
    """Share of contacts that came by phone, in % (computed from the data in use)."""
    contacts = store.load("contacts")
    return 100 * float((contacts["channel"] == "phone").mean())


phone_share_check = NumericAnswer(
    "00-phone-share",
    "Use the dataset explorer (the Contacts table, charted by Channel): what percentage of "
    "all contacts came by phone? Round to a whole number.",
    expected=phone_share_percent,
    tolerance=1.0,
    units="%",
    hint_high="Divide phone contacts by ALL contacts (every channel), not by the other "
    "channels only.",
    hint_low="Count every phone contact, answered or abandoned: both were demand.",
    criteria=["5.3"],
    explanation="Phone contacts ÷ all contacts × 100. Phone is still most of the workload.",
)


def learner_details() -> LearnerDetailsForm:
    """Form: the learner's name, candidate number and centre for the portfolio's cover, and
    the declaration that the portfolio is their own work."""
    return LearnerDetailsForm()


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
