"""Notebook 03 "Performance and feedback": KPIs against targets, what customers say, and a
day monitored as it unfolds. Every figure comes from the organisation in use.

Example:
    >>> dashboard = kpi_dashboard()
    >>> dashboard.controls["channel"].value = "phone"
    >>> dashboard.result.value.split(":")[0]
    '<p>...,... contacts selected'
"""

from __future__ import annotations

import html
from functools import lru_cache

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from csmlib.analysis import feedback, kpis, simulation
from csmlib.analysis.kpi_cube import KPICube
from csmlib.data import load, read_manifest
from csmlib.ui.charts import PALETTE, STATUS, style
from csmlib.ui.exercises import MultipleChoice, NumericAnswer, WrittenAnswer
from csmlib.ui.forms import ArtefactForm, ReflectionBox
from csmlib.ui.widgets import CourseWidget

NOTEBOOK = "03_performance_and_feedback"
ALL = "(all)"
RAG_WORDS = {"green": "✔ on target", "amber": "● close", "red": "✘ off target"}
RAG_COLOURS = {"green": STATUS["good"], "amber": STATUS["warning"], "red": STATUS["bad"]}


# ------------------------------------------------------------------ data
#: The contacts columns this notebook reads: the KPIs (repeats come from contacted_again_7d,
#: so customer ids are not needed) and the comments with what the feedback analysis needs.
CONTACT_COLUMNS = ("contact_id", "channel", "arrived_at", "answered", "wait_s", "handle_s",
                   "resolved_first_contact", "csat", "nps", "ces", "agent_id", "team",
                   "reason", "comment", "comment_theme", "contacted_again_7d")


@lru_cache(maxsize=2)
def _tables(key: str) -> dict[str, pd.DataFrame]:
    contacts = load("contacts", columns=CONTACT_COLUMNS)
    contacts["week"] = kpis.periods(contacts)
    return {"contacts": contacts, "qa": load("qa_evaluations"),
            "complaints": load("complaints"), "plan": load("interval_plan"),
            "budget": load("budget")}


def tables() -> dict[str, pd.DataFrame]:
    """The tables this notebook uses, loaded once per organisation."""
    return _tables(str(read_manifest()["settings"]))


@lru_cache(maxsize=2)
def _cube(key: str) -> KPICube:
    data = tables()
    return KPICube(data["contacts"], data["qa"], data["complaints"], data["plan"],
                   data["budget"])


def kpi_cube() -> KPICube:
    """The organisation's contacts summed per day, channel and agent (built once)."""
    return _cube(str(read_manifest()["settings"]))


@lru_cache(maxsize=2)
def _analysed(key: str) -> pd.DataFrame:
    analysed = feedback.analyse(tables()["contacts"])
    analysed["week"] = analysed["arrived_at"].dt.to_period("W").dt.start_time
    return analysed


def analysed_comments() -> pd.DataFrame:
    """Every survey comment with its theme and sentiment (computed once)."""
    return _analysed(str(read_manifest()["settings"]))


# ------------------------------------------------------------- dashboard
def _rag_html(card: pd.DataFrame) -> str:
    rows = []
    perspective = None
    for record in card.to_dict("records"):  # rows come grouped by perspective
        if record["perspective"] != perspective:
            perspective = record["perspective"]
            rows.append(f'<tr><th colspan="5" style="text-align:left">'
                        f"{html.escape(perspective)}</th></tr>")
        colour = RAG_COLOURS.get(record["status"], "#666")
        word = RAG_WORDS.get(record["status"], html.escape(str(record["status"])))
        note = html.escape(record["note"]) if isinstance(record["note"], str) else ""
        rows.append(
            f"<tr><td>{html.escape(record['kpi'])}</td>"
            f"<td>{html.escape(record['formatted'])}</td>"
            f"<td>{html.escape(str(record['target']))}</td>"
            f'<td style="color:{colour};font-weight:bold">{word}</td><td>{note}</td></tr>')
    return ('<table class="csm-scorecard"><tr><th>KPI</th><th>Value</th><th>Target</th>'
            f"<th>Status</th><th>Note</th></tr>{''.join(rows)}</table>")


class KPIDashboard(CourseWidget):
    """A balanced scorecard with filters, a weekly trend, and drill-down to teams and agents.

    The KPIs come from :class:`csmlib.analysis.kpi_cube.KPICube` (the contacts summed once per
    day, channel and agent), so every filter answers at once with the same figures as
    :func:`csmlib.analysis.kpis.scorecard` on the filtered contacts.
    """

    def __init__(self) -> None:
        super().__init__()
        self.cube = kpi_cube()
        weeks = sorted(self.cube.cells["week"].unique())
        labels = [(f"{pd.Timestamp(w):%d %b}", pd.Timestamp(w)) for w in weeks]
        teams = sorted(t for t in self.cube.cells["team"].unique() if t)
        self.controls = {
            "weeks": widgets.SelectionRangeSlider(options=labels, index=(0, len(labels) - 1),
                                                  description="Weeks",
                                                  layout=widgets.Layout(width="44em"),
                                                  continuous_update=False),
            "channel": widgets.Dropdown(options=[ALL, "phone", "email", "chat", "social"],
                                        value=ALL, description="Channel"),
            "team": widgets.Dropdown(options=[ALL, *teams], value=ALL, description="Team"),
            "trend": widgets.Dropdown(options=list(kpis.TRENDS), value="CSAT",
                                      description="Trend of"),
        }
        self.card = widgets.HTML()
        self.drill = widgets.HTML()
        self._centre_cards: dict[tuple, pd.DataFrame] = {}
        self.figure = go.FigureWidget(data=[
            go.Scatter(x=[], y=[], mode="lines+markers", name="Weekly value",
                       line={"color": PALETTE["blue"]}),
            go.Scatter(x=[], y=[], mode="lines", name="Target",
                       line={"color": PALETTE["black"], "dash": "dash"})])
        style(self.figure, title="", x="Week starting", y="", height=300)
        self._finish(self.controls["weeks"],
                     widgets.HBox([self.controls["channel"], self.controls["team"],
                                   self.controls["trend"]]),
                     self.card, self.figure, self.drill)

    def selection(self, with_team: bool = True) -> np.ndarray:
        """The cube's cells for the chosen weeks and channel (and team)."""
        c = self.controls
        first, last = c["weeks"].value
        channel = None if c["channel"].value == ALL else c["channel"].value
        team = None if (c["team"].value == ALL or not with_team) else c["team"].value
        return self.cube.select(first, last, channel, team)

    def scorecard(self, selection: np.ndarray | None = None) -> pd.DataFrame:
        """The scorecard; with a team chosen, queue and centre-wide KPIs stay whole-centre."""
        card = self.cube.scorecard(self.selection() if selection is None else selection)
        if self.controls["team"].value == ALL:
            return card
        key = (*self.controls["weeks"].value, self.controls["channel"].value)
        if key not in self._centre_cards:  # the same for every team: worked out once
            self._centre_cards[key] = self.cube.scorecard(self.selection(with_team=False))
        return kpis.with_centre_context(card, self._centre_cards[key])

    def update(self) -> None:
        selection = self.selection()
        card = self.scorecard(selection)
        self.card.value = _rag_html(card)
        self._update_trend(selection)
        self.drill.value = self._drill_html(selection)
        counts = card["status"].value_counts()
        contacts = self.cube.totals(selection)["contacts"]
        self.result.value = (
            f"<p>{contacts:,.0f} contacts selected: {counts.get('green', 0)} KPIs on "
            f"target, {counts.get('amber', 0)} close, {counts.get('red', 0)} off target.</p>")

    def _update_trend(self, selection: np.ndarray) -> None:
        name = self.controls["trend"].value
        weekly = self.cube.by_period(selection, name)
        target = kpis.trend_target(name)
        with self.figure.batch_update():
            self.figure.data[0].x = [w.strftime("%d %b") for w in weekly.index]
            self.figure.data[0].y = weekly.round(2).tolist()
            self.figure.layout.title.text = f"{name} by week"
            self.figure.layout.yaxis.title.text = kpis.TRENDS[name].unit  # the title names it
        self.figure.data[1].x = [w.strftime("%d %b") for w in weekly.index]
        self.figure.data[1].y = [target] * len(weekly)

    def _drill_html(self, selection: np.ndarray) -> str:
        by = "agent_id" if self.controls["team"].value != ALL else "team"
        table = self.cube.by_group(selection, by)
        label = "agent" if by == "agent_id" else "team"
        return (f"<p><b>Drill-down by {label}</b> (choose a team above to see its agents; "
                "CSAT intervals show how sure we can be with few surveys):</p>"
                + table.to_html(index=False, escape=True, na_rep="–"))

    def static_html(self) -> str:
        return ("<p><b>Whole centre, whole period</b> (the starting view):</p>"
                + _rag_html(self.cube.scorecard(self.cube.select())))


def kpi_dashboard() -> KPIDashboard:
    """Widget: the balanced-scorecard dashboard."""
    return KPIDashboard()


# -------------------------------------------------------------- feedback
class FeedbackExplorer(CourseWidget):
    """Themes of customers' comments by group, and the comments themselves."""

    def __init__(self) -> None:
        super().__init__()
        self.analysed = analysed_comments()
        themes = [t for t in self.analysed["theme"].value_counts().index]
        self.controls = {
            "by": widgets.Dropdown(options=[("CSAT score", "csat"), ("NPS group", "nps_group"),
                                            ("channel", "channel"), ("team", "team")],
                                   value="nps_group", description="Themes by"),
            "theme": widgets.Dropdown(options=[ALL, *themes], value=ALL,
                                      description="Comments on"),
            "channel": widgets.Dropdown(options=[ALL, "phone", "email", "chat", "social"],
                                        value=ALL, description="Channel"),
            "scores": widgets.IntRangeSlider(value=(1, 5), min=1, max=5,
                                             description="CSAT from–to",
                                             continuous_update=False),
        }
        self.figure = go.FigureWidget()
        style(self.figure, title="What customers talk about", x="Share of comments (%)",
              y="", height=360)
        self.figure.update_layout(barmode="stack")
        self.comments = widgets.HTML()
        self._drawn_by: str | None = None
        self._finish(self.controls["by"], self.figure,
                     widgets.HBox([self.controls["theme"], self.controls["channel"]]),
                     self.controls["scores"], self.comments)

    def update(self) -> None:
        by = self.controls["by"].value
        if by != self._drawn_by:  # the chart depends on "by" only; the filters pick comments
            self._draw(feedback.themes_by(self.analysed, by=by), by)
            self._drawn_by = by
        picked = self.verbatims()
        self.comments.value = _verbatims_html(picked)
        self.result.value = (f"<p>{len(self.analysed):,} comments analysed. Showing "
                             f"{len(picked)} of them: {html.escape(self._filters())}.</p>")

    def _draw(self, shares: pd.DataFrame, by: str) -> None:
        table = feedback.theme_shares_percent(shares)
        with self.figure.batch_update():
            self.figure.data = []
            for index, theme in enumerate(table.columns):
                self.figure.add_bar(y=[str(v) for v in table.index], x=table[theme].tolist(),
                                    name=theme, orientation="h",
                                    marker_color=_theme_colour(index))

    def _filters(self) -> str:
        c = self.controls
        low, high = c["scores"].value
        parts = [f"theme {c['theme'].value}" if c["theme"].value != ALL else "all themes",
                 f"{c['channel'].value}" if c["channel"].value != ALL else "all channels",
                 f"CSAT {low}–{high}"]
        return ", ".join(parts)

    def verbatims(self) -> pd.DataFrame:
        c = self.controls
        low, high = c["scores"].value
        return feedback.verbatims(
            self.analysed, theme=None if c["theme"].value == ALL else c["theme"].value,
            channel=None if c["channel"].value == ALL else c["channel"].value,
            min_csat=low, max_csat=high, limit=8)

    def static_html(self) -> str:
        return ("<p><b>What detractors (NPS 0–6) talk about most:</b></p>"
                + feedback.what_detractors_say(self.analysed).to_html(index=False))


def _theme_colour(index: int) -> str:
    palette = [PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "sky", "purple",
                                    "yellow", "black")]
    return palette[index % len(palette)]


def _verbatims_html(picked: pd.DataFrame) -> str:
    if picked.empty:
        return "<p><i>No comments match these filters.</i></p>"
    items = "".join(
        f"<li><b>{html.escape(str(row.theme))}</b> · CSAT {row.csat} · "
        f"{html.escape(str(row.channel))}: “{html.escape(str(row.comment))}”</li>"
        for row in picked.itertuples())
    return f"<ul>{items}</ul>"


def feedback_explorer() -> FeedbackExplorer:
    """Widget: comment themes by group and a verbatim browser."""
    return FeedbackExplorer()


def csat_by_theme() -> pd.DataFrame:
    """Average satisfaction of customers who wrote about each theme."""
    return feedback.csat_by_theme(analysed_comments())


def theme_accuracy() -> pd.DataFrame:
    """How often the automatic theme matches an analyst's label, theme by theme."""
    result = feedback.theme_accuracy(analysed_comments())
    table = result["by_theme"].copy()
    table = table[table["support"] > 0]
    for column in ("precision", "recall", "f1"):
        if column in table:
            table[column] = (table[column] * 100).round(1)
    return table.rename(columns={"precision": "precision %", "recall": "recall %",
                                 "f1": "F1 %", "support": "comments"})


def theme_accuracy_overall() -> float:
    """Share of comments whose automatic theme matches the analyst's label (%)."""
    return 100 * float(feedback.theme_accuracy(analysed_comments())["accuracy"])


# ---------------------------------------------------- what the numbers miss
def numbers_and_words() -> pd.DataFrame:
    """Weekly CSAT (top-2-box %) beside the share of comments about the app and website."""
    contacts = tables()["contacts"]
    csat = kpis.kpi_by_period(contacts, "CSAT", contacts["week"])
    digital = feedback.theme_trend(analysed_comments(), "digital and app").set_index(
        "period_start")["share"] * 100
    return pd.DataFrame({"CSAT top-2-box %": csat.round(1),
                         "comments about the app or website %": digital.round(1)})


def numbers_and_words_chart() -> go.Figure:
    """The KPI stays green while the comments show a growing problem."""
    table = numbers_and_words()
    labels = [w.strftime("%d %b") for w in table.index]
    figure = go.Figure([
        go.Scatter(x=labels, y=table["CSAT top-2-box %"], name="CSAT top-2-box (%)",
                   mode="lines+markers", line={"color": PALETTE["blue"]}),
        go.Bar(x=labels, y=table["comments about the app or website %"],
               name="Comments about the app or website (%)", marker_color=PALETTE["orange"]),
        go.Scatter(x=labels, y=[75] * len(labels), name="CSAT target (75%)", mode="lines",
                   line={"color": PALETTE["black"], "dash": "dash"}),
    ])
    return style(figure, title="The KPI is green, but read the comments",
                 x="Week starting", y="%", height=380)


def first_week_above(share_pct: float = 15.0) -> pd.Timestamp:
    """The first week in which app/website comments exceed ``share_pct`` % of comments."""
    table = numbers_and_words()
    above = table[table["comments about the app or website %"] > share_pct]
    if above.empty:
        raise ValueError(f"No week has more than {share_pct}% of comments about the app.")
    return above.index[0]


# ------------------------------------------------------- intraday monitor
DECISION_POINTS = {"10:00": 20, "13:00": 26}
INTRADAY_ACTIONS = {"none": "Do nothing", "overtime": "Call in 4 overtime agents",
                    "callbacks": "Offer callbacks", "both": "Overtime and callbacks"}


class IntradayMonitor(CourseWidget):
    """Replay a day that goes wrong: at 10:00 and 13:00 choose what to do, see the effect."""

    def __init__(self) -> None:
        super().__init__()
        options = [(label, key) for key, label in INTRADAY_ACTIONS.items()]
        self.controls = {
            "time": widgets.SelectionSlider(
                options=[f"{h:02d}:{m:02d}" for h in range(8, 20) for m in (0, 30)],
                value="10:00", description="Replay up to", continuous_update=False,
                layout=widgets.Layout(width="40em")),
            "at_10": widgets.Dropdown(options=options, value="none",
                                      description="At 10:00", layout=widgets.Layout(width="30em")),
            "at_13": widgets.Dropdown(options=options, value="none",
                                      description="At 13:00", layout=widgets.Layout(width="30em")),
        }
        self.figure = go.FigureWidget(data=[
            go.Bar(x=[], y=[], name="Calls offered", marker_color=PALETTE["sky"]),
            go.Scatter(x=[], y=[], name="Forecast calls", mode="lines",
                       line={"color": PALETTE["black"], "dash": "dot"}),
            go.Scatter(x=[], y=[], name="Service level (%)", mode="lines+markers",
                       line={"color": PALETTE["vermillion"]}, yaxis="y2"),
        ])
        style(self.figure, title="Today so far, against the plan", x="Half-hour starting",
              y="Calls", height=380)
        self.figure.update_layout(yaxis2={"overlaying": "y", "side": "right", "range": [0, 100],
                                          "title": "Service level (%)"})
        self._finish(self.controls["time"],
                     widgets.HBox([self.controls["at_10"], self.controls["at_13"]]),
                     self.figure)

    def scenario(self) -> simulation.DayScenario:
        base = {"spike": 0.45, "spike_start": 19, "spike_end": 28, "absent_share": 0.08}
        actions = []
        for point, key in (("10:00", "at_10"), ("13:00", "at_13")):
            choice = self.controls[key].value
            if choice != "none":
                actions.append((DECISION_POINTS[point], choice))
        if not actions:
            return simulation.plan_day_scenario(tables()["plan"], **base)
        start = min(index for index, _ in actions)
        choices = {choice for _, choice in actions}
        overtime = any(c in ("overtime", "both") for c in choices)
        callbacks = any(c in ("callbacks", "both") for c in choices)
        start_overtime = min((i for i, c in actions if c in ("overtime", "both")), default=start)
        return simulation.plan_day_scenario(
            tables()["plan"], **base, extra_agents=4 if overtime else 0,
            overtime_start=start_overtime, overtime_end=40, callbacks=callbacks)

    def run(self) -> simulation.DayResult:
        return simulation.simulate_day(self.scenario())

    def update(self) -> None:
        result = self.run()
        scenario = self.scenario()
        hour, minute = (int(x) for x in self.controls["time"].value.split(":"))
        upto = hour * 2 + minute // 30 + 1
        shown = result.intervals.iloc[16:upto]
        forecast = np.array(scenario.forecast)[16:upto]
        with self.figure.batch_update():
            self.figure.data[0].x = shown["interval_start"].tolist()
            self.figure.data[0].y = shown["offered"].tolist()
        self.figure.data[1].x = shown["interval_start"].tolist()
        self.figure.data[1].y = forecast.round(1).tolist()
        self.figure.data[2].x = shown["interval_start"].tolist()
        self.figure.data[2].y = (shown["service_level"] * 100).round(1).tolist()
        self.result.value = f"<p>{html.escape(self.summary(result, upto))}</p>"

    def summary(self, result: simulation.DayResult | None = None, upto: int = 40) -> str:
        result = result or self.run()
        so_far = result.intervals.iloc[16:upto]
        offered = int(so_far["offered"].sum())
        within = int(so_far["answered_within_target"].sum())
        abandoned = int(so_far["abandoned"].sum())
        level = within / offered if offered else float("nan")
        trigger = simulation.first_trigger(so_far, 0.7, 2)
        alarm = (f" The trigger (below 70% for two half-hours) fired at "
                 f"{so_far['interval_start'].iloc[trigger]}." if trigger is not None else "")
        return (f"So far today: {offered:,} calls, {level:.0%} answered within 20 s, "
                f"{abandoned:,} abandoned.{alarm}")

    def static_html(self) -> str:
        return (f"<p><b>The whole day if nobody acts:</b> "
                f"{html.escape(self.summary(upto=40))}</p>")


def intraday_monitor() -> IntradayMonitor:
    """Widget: replay a day against the plan and take corrective action."""
    return IntradayMonitor()


# ------------------------------------------------------ how data is collected
def survey_response() -> pd.DataFrame:
    """Who answers the survey: response rate by channel and by whether the issue was fixed."""
    return kpis.survey_response_rates(tables()["contacts"])


def fcr_two_ways() -> pd.DataFrame:
    """First-contact resolution by the agent's flag and by 'no repeat within 7 days'."""
    contacts = tables()["contacts"]
    return pd.DataFrame({
        "How FCR is measured": ["agent marks it resolved", "customer did not contact again "
                                "within 7 days"],
        "FCR %": [round(kpis.fcr(contacts, method="agent flag") * 100, 1),
                  round(kpis.fcr(contacts, method="no repeat in 7 days") * 100, 1)]})


# --------------------------------------------------------------- exercises
def _phone_service_level() -> float:
    contacts = tables()["contacts"]
    return 100 * kpis.service_level(contacts[contacts["channel"] == "phone"])


service_level_check = NumericAnswer(
    "03-service-level",
    "Set the dashboard to the phone channel, all weeks and all teams. What is the service "
    "level (answered within 20 s ÷ offered), in %? One decimal place.",
    expected=_phone_service_level, tolerance=0.15, units="%",
    hint_low="Count only abandoned calls as missed, not calls answered after 20 s twice.",
    hint_high="Abandoned calls are offered too: they belong in the denominator.",
    criteria=["5.1"], explanation="Answered within 20 s ÷ all phone calls offered × 100.")


def _fcr_gap() -> float:
    table = fcr_two_ways()
    return float(table["FCR %"].iloc[0] - table["FCR %"].iloc[1])


fcr_gap_check = NumericAnswer(
    "03-fcr-gap",
    "By how many percentage points does the agent's own FCR flag exceed FCR measured by "
    "'no contact again within 7 days'? One decimal place.",
    expected=_fcr_gap, tolerance=0.15, units="points",
    hint_low="Subtract the 'no repeat' figure from the agent-flag figure.",
    hint_high="Subtract the 'no repeat' figure from the agent-flag figure.",
    criteria=["5.3"],
    explanation="The flag records what the agent believed; repeat contacts record what the "
                "customer did. Choose the measure before you set a target.")

perspective_check = MultipleChoice(
    "03-perspective",
    "Which KPI belongs in the customer perspective of a balanced scorecard?",
    {"a": "Occupancy", "b": "Cost per contact", "c": "Customer effort score (CES)",
     "d": "Average handle time"},
    answer="c",
    hints={"a": "Occupancy is about how busy agents are: operational or people.",
           "b": "That is the financial perspective.",
           "d": "Handle time is an operational measure; customers feel the outcome, not AHT."},
    criteria=["5.1"], explanation="CES asks customers how easy it was: their view of service.")

small_sample_check = MultipleChoice(
    "03-small-sample",
    "A team with 12 survey responses has CSAT 92%; the centre has 76% from thousands. What "
    "should you conclude?",
    {"a": "The team is clearly the best: copy what it does",
     "b": "Look at the interval: with 12 responses it is very wide, so collect more before "
          "judging",
     "c": "Surveys are useless",
     "d": "The centre's figure must be wrong"},
    answer="b",
    hints={"a": "With 12 responses, two or three different answers move CSAT by 20 points.",
           "c": "Surveys are useful; small samples need care.",
           "d": "A large sample is the more reliable of the two."},
    criteria=["5.3"], explanation="Small samples give wide confidence intervals.")


def _first_week_label() -> float:
    return float(first_week_above(15.0).strftime("%d"))


app_week_check = NumericAnswer(
    "03-app-week",
    "In the chart of CSAT and comments, in which week did comments about the app or website "
    "first exceed 15% of all comments? Give the day of the month the week starts on "
    "(e.g. 9 for '09 Mar').",
    expected=_first_week_label, tolerance=0, units="", decimals=0,
    hint_low="Look further right: find the first orange bar above 15%.",
    hint_high="Look further left: find the FIRST week above 15%.",
    criteria=["5.2"],
    explanation="The KPI never turned amber, but customers were telling you for weeks.")

actions_answer = WrittenAnswer(
    "03-actions",
    "Name one action you would take about the app problem, and how you would check that it "
    "worked.",
    key_points={"an action": ["fix", "escalate", "report", "digital team", "it team", "test",
                              "raise", "developer", "supplier", "brief", "message"],
                "how you would check": ["comment", "theme", "track", "monitor", "measure",
                                        "weekly", "csat", "trend", "review", "check"]},
    min_words=15, criteria=["5.2", "6.1"],
    model_answer="I would raise it with the digital team with examples of the comments and "
                 "brief agents on a workaround. I would track the weekly share of comments "
                 "about the app and the repeat-contact rate until both fall back to their "
                 "level before the update.")


# ------------------------------------------------------ performance report
class PerformanceReport(ArtefactForm):
    """The performance report: the scorecard and the trend chart are added; the learner
    writes what the comments add and the actions, with how their effect will be checked."""

    FIELDS = {
        "insight": ("What customers say (qualitative insight)",
                    "What the comments add to the numbers", True),
        "actions": ("Actions and how their effect will be checked",
                    "Actions, owners, and how you will check their effect (which KPI or theme, "
                    "by when)", True),
    }
    SAVE_LABEL = "Save my report to the portfolio"
    MISSING_MESSAGE = ("A report with numbers only is marked down. Write at least a few "
                       "sentences for: {missing}; then save again.")

    def table(self) -> pd.DataFrame:
        cube = kpi_cube()
        card = cube.scorecard(cube.select())
        return card[["perspective", "kpi", "formatted", "target", "status"]]

    def evidence(self) -> dict:
        return {"criteria": ["5.1", "5.2", "5.3", "3.1"], "title": "Performance report",
                "text": "KPIs against targets: see the table.\n\n" + self.sections_text(),
                "table": self.table(), "figure": numbers_and_words_chart(),
                "notebook": NOTEBOOK, "activity": "03-performance-report"}

    def static_html(self) -> str:
        return ("<p><b>The scorecard your report will carry:</b></p>"
                + self.table().to_html(index=False, escape=True))


def performance_report() -> PerformanceReport:
    """Widget: the performance report artefact."""
    return PerformanceReport()


def reflection() -> ReflectionBox:
    """Reflection: numbers and words together."""
    return ReflectionBox(
        "03-reflection",
        "Think of a time at work when the numbers looked fine but customers were unhappy (or "
        "the reverse). What did the numbers miss, and what would you monitor now?",
        criteria=["5.2", "5.3"], title="What the numbers miss", notebook=NOTEBOOK)

