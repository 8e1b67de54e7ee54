"""Notebook 03 "Performance and feedback": KPIs against targets, what customers say, and a
day monitored as it unfolds. Every figure comes from the organisation in use; every table and
chart goes through the presentation kit (:mod:`csmlib.ui.tables`, :mod:`csmlib.ui.charts`).

Example:
    >>> dashboard = kpi_dashboard()
    >>> dashboard.controls["channel"].value  # judged one channel at a time, phone first
    'phone'
    >>> dashboard.result.value.split(":")[0]
    '<p>...,... contacts selected'
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from csmlib.analysis import adherence, budget, feedback, kpis, simulation
from csmlib.analysis.kpi_cube import KPICube
from csmlib.data import assumptions, load, read_manifest
from csmlib.ui.callouts import callout as _callout
from csmlib.ui.charts import PALETTE, static, style, target_line
from csmlib.ui.exercises import MultipleChoice, NumericAnswer, WrittenAnswer
from csmlib.ui.forms import ArtefactForm, ArtefactPart, ReflectionBox
from csmlib.ui.tables import STATUS_WORDS, Table, status_key, table
from csmlib.ui.widgets import CourseWidget

NOTEBOOK = "03_performance_and_feedback"
ALL = "(all)"
_LABEL = {"description_width": "initial"}  # control labels in full, never "Comment…"


# ------------------------------------------------------------------ data
#: The contacts columns this notebook reads: the KPIs (repeats come from contacted_again_7d,
#: so customer ids are not needed) and the comments with what the feedback analysis needs.
CONTACT_COLUMNS = ("contact_id", "channel", "arrived_at", "answered", "wait_s", "handle_s",
                   "resolved_first_contact", "csat", "nps", "ces", "agent_id", "team",
                   "reason", "comment", "comment_theme", "contacted_again_7d")


def _key() -> str:
    return str(read_manifest()["settings"])


def _optional(table: str) -> pd.DataFrame | None:
    """A table this organisation's data may not have yet (None when it has not)."""
    from csmlib.data.store import DataError

    try:
        return load(table)
    except (DataError, ValueError, KeyError, OSError):
        return None


@lru_cache(maxsize=2)
def _tables(key: str) -> dict[str, pd.DataFrame | None]:
    contacts = load("contacts", columns=CONTACT_COLUMNS)
    contacts["week"] = kpis.periods(contacts)
    agents = _optional("agents")
    if agents is not None and "left_on" not in agents.columns:
        agents = None  # leavers not recorded in this data: attrition says "not in this data"
    return {"contacts": contacts, "qa": load("qa_evaluations"),
            "complaints": load("complaints"), "plan": load("interval_plan"),
            "budget": load("budget"), "agents": agents, "attendance": _optional("attendance")}


def tables() -> dict[str, pd.DataFrame]:
    """The tables this notebook uses, loaded once per organisation ("agents" and
    "attendance" are None when the organisation's data does not have them)."""
    return _tables(_key())  # type: ignore[return-value]


def on_shift_shrinkage() -> float | None:
    """The organisation's planned on-shift shrinkage (breaks, coaching, meetings), or None
    when its planning assumptions do not separate it."""
    value = getattr(assumptions(), "on_shift_shrinkage", None)
    return None if value is None else float(value)


@lru_cache(maxsize=2)
def _cube(key: str) -> KPICube:
    data = tables()
    return KPICube(data["contacts"], data["qa"], data["complaints"], data["plan"],
                   data["budget"], agents=data["agents"], attendance=data["attendance"],
                   on_shift_shrinkage=on_shift_shrinkage(),
                   chat_concurrency=int(assumptions().chat_concurrency))


def kpi_cube() -> KPICube:
    """The organisation's contacts summed per day, channel and agent (built once)."""
    return _cube(_key())


@lru_cache(maxsize=2)
def _analysed(key: str) -> pd.DataFrame:
    analysed = feedback.analyse(tables()["contacts"])
    analysed["week"] = analysed["arrived_at"].dt.to_period("W").dt.start_time
    return analysed


def analysed_comments() -> pd.DataFrame:
    """Every survey comment with its theme and sentiment (computed once)."""
    return _analysed(_key())


def _day(stamp: Any) -> str:
    day = pd.Timestamp(stamp)
    return f"{day.day} {day:%b}"


# ------------------------------------------------------------- costs
def hourly_cost_gbp() -> float:
    """The cost of one agent hour: the organisation's hourly pay plus on-costs."""
    a = assumptions()
    return float(a.hourly_rate_gbp * (1 + a.on_cost_share))


def agent_cost_per_contact() -> pd.DataFrame:
    """Agent cost per contact handled (staff time only) by channel and for all channels,
    exactly as notebook 02 computes it (:func:`csmlib.analysis.budget.agent_cost_per_contact`):
    the plan's scheduled agent hours costed with the organisation's pay, on-costs and
    off-shift shrinkage (scheduled agents already include breaks), ÷ the contacts answered."""
    a = assumptions()
    off_shift = getattr(a, "off_shift_shrinkage", None)  # scheduled agents include breaks
    return budget.agent_cost_per_contact(tables()["plan"], tables()["contacts"],
                                         hourly_rate_gbp=a.hourly_rate_gbp,
                                         on_cost_share=a.on_cost_share,
                                         shrinkage=a.shrinkage if off_shift is None
                                         else off_shift)


def cost_per_contact_two_ways() -> pd.DataFrame:
    """The full cost per contact handled (every budget line ÷ contacts handled, the
    dashboard's KPI) beside the agent cost per contact (staff time only, notebook 02's
    figure), whole period."""
    cube = kpi_cube()
    full = cube.value("cost_per_contact", cube.select())
    agent = agent_cost_per_contact()
    agent_all = float(agent.loc[agent["channel"] == "all channels",
                                "cost_per_contact_gbp"].iloc[0])
    lines = sorted(str(line) for line in tables()["budget"]["line"].unique())
    return pd.DataFrame({
        "measure": ["Full cost per contact", "Agent cost per contact"],
        "counts": [f"every budget line ({', '.join(lines)}) ÷ contacts handled",
                   "agents' paid time in the rota (pay, on-costs, shrinkage) ÷ contacts "
                   "handled"],
        "where": ["this notebook's scorecard", "notebook 02's budget"],
        "cost_per_contact_gbp": [full, agent_all]})


def cost_note() -> str:
    """One sentence giving both costs per contact and how they differ (computed)."""
    both = cost_per_contact_two_ways().set_index("measure")["cost_per_contact_gbp"]
    full, agent = both["Full cost per contact"], both["Agent cost per contact"]
    lines = cost_per_contact_two_ways()["counts"].iloc[0].split(" ÷ ")[0]
    benchmark = kpis.catalogue_entry("cost_per_contact").target
    side = "below" if full < benchmark else "above"
    return (f"Full cost per contact counts {lines} ÷ contacts handled (answered): "
            f"£{full:,.2f} over the whole period, for the whole centre (the budget is not "
            f"split by channel). Notebook 02's agent cost per contact counts only the agents' "
            f"paid time in the rota ÷ contacts handled: £{agent:,.2f}. UK benchmark: an "
            f"inbound call costs about £{benchmark:.2f} (ContactBabel via Call Centre Helper / "
            f"CCMA, 2024), so this centre is {side} it; the benchmark is for calls only, and "
            "emails and chats cost less, so a mixed centre should come in below it.")


# ------------------------------------------------------------- dashboard
WORDS = {
    "CI": "95% CI (confidence interval): the range the true figure is 95% likely to lie in, "
          "given how many customers answered the survey; fewer answers give a wider range.",
    "status": (f"Status: {' '.join(STATUS_WORDS['good'][:2])}; "
               f"{' '.join(STATUS_WORDS['warning'][:2])} (missed the target, but by less "
               f"than the agreed margin); {' '.join(STATUS_WORDS['bad'][:2])}; "
               f"{' '.join(STATUS_WORDS['context'][:2])} (a whole-centre measure shown for "
               "information, not as the team's result)."),
    "channels": "Each channel is judged against its own standard from notebook 02 (phone 80% "
                "in 20 s, chat 80% in 60 s, email and social replied within their promised "
                "times): service level, ASA (average speed of answer), abandonment, AHT "
                "(average handle time: talk + hold + after-contact work) and occupancy are "
                "never pooled across channels.",
    "occupancy": "Occupancy: time handling contacts ÷ time agents were logged in and "
                 "available (scheduled time less breaks, coaching and meetings), per channel; "
                 "for chat, of the chats agents can hold at once. Not utilisation (logged-in "
                 "÷ paid time). Above about 85% for long, agents burn out and leave.",
    "perspectives": "Perspectives: Kaplan and Norton's balanced scorecard (HBR 1992): "
                    "financial, customer, internal process, learning and growth (the people "
                    "measures: QA, schedule adherence, absence, attrition).",
}


SOURCES_POINTER = ("Where each target and benchmark comes from, and what it measures: the "
                   "sources table further down this section.")


def source_notes(card: pd.DataFrame) -> list[str]:
    """Where the targets of the rows shown come from: each cited source once, with the KPIs
    it covers (course defaults are marked as such in the sources table, not repeated)."""
    by_name = {entry.name: entry for entry in kpis.KPI_CATALOGUE}
    grouped: dict[str, list[str]] = {}
    for name in card["kpi"]:
        entry = by_name.get(str(name))
        if entry is None or entry.source.startswith("course default"):
            continue
        grouped.setdefault(entry.source, []).append(entry.name.split(" (")[0])
    return [f"Source ({', '.join(names)}): {source}." for source, names in grouped.items()]


def scorecard_table(card: pd.DataFrame, *, greyed: list[bool] | None = None,
                    notes: list[str] | None = None, caption: str = "") -> Table:
    """A scorecard (``kpis.scorecard`` columns) shown with the kit: one set of status words,
    perspectives named once."""
    shown = card.copy()
    first = shown["perspective"] != shown["perspective"].shift()
    shown["perspective_shown"] = np.where(first, shown["perspective"].str.capitalize(), "")
    shown["note"] = shown["note"].fillna("").astype(str)
    return table(shown, {"perspective_shown": "Perspective", "kpi": "KPI",
                         "formatted": "Value", "target": "Target",
                         "status": ("Status", "status"), "note": "Note"},
                 greyed=greyed, notes=notes if notes is not None else [],
                 caption=caption)


def for_channel(card: pd.DataFrame, channel: str) -> pd.DataFrame:
    """The rows of a scorecard that apply to ``channel``: the per-channel rows of that
    channel and the rows for every channel (all rows for "(all)")."""
    if channel == ALL:
        return card.reset_index(drop=True)
    keep = card["channel"].isna() | (card["channel"] == channel)
    return card[keep.to_numpy(dtype=bool)].reset_index(drop=True)


def status_counts(card: pd.DataFrame, greyed: list[bool] | None = None) -> dict[str, int]:
    """How many KPIs are on target, close and off target (greyed context rows left out)."""
    keep = ~np.asarray(greyed, dtype=bool) if greyed is not None else np.ones(len(card), bool)
    keys = [status_key(s) for s in card.loc[keep, "status"]]
    return {key: keys.count(key) for key in ("good", "warning", "bad", "none")}


#: What each trend shows: chart title, y-axis title and the target's words.
TREND_LABELS: dict[str, tuple[str, str]] = {
    "service level": ("Service level by week: answered within the channel's standard",
                      "Answered within the standard (%)"),
    "abandonment": ("Abandonment by week: customers who gave up waiting", "Abandoned (%)"),
    "FCR": ("First-contact resolution by week (the agent's own flag)",
            "Resolved first time (%)"),
    "not contacted again in 7 days": ("First-contact resolution by week (no contact again "
                                      "within 7 days)", "Not contacted again (%)"),
    "CSAT": ("CSAT by week: survey answers scoring 4 or 5 out of 5", "Satisfied, 4 or 5 (%)"),
    "NPS": ("NPS by week: % promoters minus % detractors", "NPS (points, −100 to +100)"),
    "AHT": ("AHT by week: average handle time (talk + hold + after-contact work)",
            "Handle time (seconds)"),
}
#: Trends judged one channel at a time: with every channel chosen they show phone.
PER_CHANNEL_TRENDS = ("service level", "abandonment", "AHT")


def trend_target(name: str, channel: str = "phone") -> float:
    """The target of a trend, in the chart's units, for ``channel``'s catalogue row."""
    function = kpis.TRENDS[name].function
    for entry in kpis.KPI_CATALOGUE:
        if entry.function == function and entry.channel in (channel, None):
            target = entry.target[0] if isinstance(entry.target, tuple) else entry.target
            return float(target) * kpis.TRENDS[name].scale
    return kpis.trend_target(name)


def _target_words(name: str, channel: str = "phone") -> str:
    value = trend_target(name, channel)
    unit = kpis.TRENDS[name].unit
    shown = {"%": f"{value:g}%", "points": f"{value:+g}", "seconds": f"{value:g} s"}[unit]
    return f"Target ({shown})"


_COST_KPI = "Cost per contact handled"


class KPIDashboard(CourseWidget):
    """A balanced scorecard with filters, a weekly trend, and drill-down to teams and agents.

    The KPIs come from :class:`csmlib.analysis.kpi_cube.KPICube` (the contacts summed once per
    day, channel and agent), so every filter answers at once with the same figures as
    :func:`csmlib.analysis.kpis.scorecard` on the filtered contacts. Queue and handle-time
    measures are one row per channel, each against its own standard; the Channel control
    opens on phone, and "(all)" shows every channel's rows. With a team chosen, the
    whole-centre measures (catalogue scope "centre") are shown greyed, as context only.
    """

    def __init__(self) -> None:
        super().__init__()
        self.cube = kpi_cube()
        weeks = sorted(self.cube.cells["week"].unique())
        labels = [(f"{pd.Timestamp(w).day} {pd.Timestamp(w):%b}", pd.Timestamp(w))
                  for w in weeks]
        teams = sorted(t for t in self.cube.cells["team"].unique() if t)
        self.controls = {
            "weeks": widgets.SelectionRangeSlider(options=labels, index=(0, len(labels) - 1),
                                                  description="Weeks starting", style=_LABEL,
                                                  layout=widgets.Layout(width="46em"),
                                                  continuous_update=False),
            "channel": widgets.Dropdown(options=["phone", "chat", "email", "social", ALL],
                                        value="phone", description="Channel", style=_LABEL),
            "team": widgets.Dropdown(options=[ALL, *teams], value=ALL, description="Team",
                                     style=_LABEL),
            "trend": widgets.Dropdown(options=list(kpis.TRENDS), value="CSAT",
                                      description="Weekly trend of", style=_LABEL),
        }
        self.card = widgets.HTML()
        self.drill = widgets.HTML()
        self._centre_cards: dict[tuple, pd.DataFrame] = {}
        self._notes: dict[str, str] = {}
        self.figure = go.FigureWidget(data=[
            go.Scatter(x=[], y=[], mode="lines+markers", name="Weekly value",
                       line={"color": PALETTE["blue"]})])
        target_line(self.figure, 0, "Target", x=[])
        style(self.figure, title="", x="Week starting", y="", height=380)
        self._finish(self.controls["weeks"],
                     widgets.HBox([self.controls["channel"], self.controls["team"],
                                   self.controls["trend"]]),
                     self.card, self.figure, self.drill)

    def selection(self, with_team: bool = True) -> np.ndarray:
        """The cube's cells for the chosen weeks and team (every channel: the per-channel
        rows pick their own channel; the rest of the card follows the Channel control)."""
        c = self.controls
        first, last = c["weeks"].value
        channel = None if c["channel"].value == ALL else c["channel"].value
        team = None if (c["team"].value == ALL or not with_team) else c["team"].value
        return self.cube.select(first, last, channel, team)

    def team_view(self) -> bool:
        """True when a team is chosen (whole-centre measures are then context only)."""
        return self.controls["team"].value != ALL

    def scorecard(self, selection: np.ndarray | None = None) -> pd.DataFrame:
        """The scorecard rows for the chosen channel; with a team chosen, queue and
        centre-wide KPIs stay whole-centre."""
        card = self.cube.scorecard(self.selection() if selection is None else selection)
        if self.team_view():
            key = (*self.controls["weeks"].value, self.controls["channel"].value)
            if key not in self._centre_cards:  # the same for every team: worked out once
                self._centre_cards[key] = self.cube.scorecard(self.selection(with_team=False))
            card = kpis.with_centre_context(card, self._centre_cards[key])
        return self._whole_cost(for_channel(card, self.controls["channel"].value))

    def greyed(self, card: pd.DataFrame) -> list[bool] | None:
        """Rows shown as context: the whole-centre measures when a team is chosen, and the
        full cost per contact when a channel is chosen (the budget is not split by channel)."""
        if self.team_view():
            return card["kpi"].isin(kpis.centre_scope_kpis()).tolist()
        if self.controls["channel"].value != ALL:
            return (card["kpi"] == _COST_KPI).tolist()
        return None

    def _whole_cost(self, card: pd.DataFrame) -> pd.DataFrame:
        """With a channel chosen, the cost row shows the whole centre's cost per contact
        handled: the budget is spent on the whole centre, so one channel's share of it is
        not measured."""
        if self.controls["channel"].value == ALL:
            return card
        weeks = self.controls["weeks"].value
        key = ("cost", *weeks)
        if key not in self._centre_cards:
            whole = self.cube.scorecard(self.cube.select(*weeks),
                                        only=[_COST_KPI]).set_index("kpi")
            self._centre_cards[key] = whole.loc[[_COST_KPI]]
        whole = self._centre_cards[key].loc[_COST_KPI]
        row = card.index[card["kpi"] == _COST_KPI]
        for column in ("value", "formatted", "status"):
            card.loc[row, column] = whole[column]
        card.loc[row, "note"] = ("whole centre, every channel: the budget is not split by "
                                 "channel (notebook 02 shows agent cost per contact by "
                                 "channel)")
        return card

    def notes(self, card: pd.DataFrame) -> list[str]:
        """The words under the scorecard: status, perspectives, channels, occupancy, CI, the
        cost note, and where to find the sources of the targets (the sources table below the
        dashboard; the report saved to the portfolio carries them in full)."""
        return [WORDS["status"], WORDS["perspectives"], WORDS["channels"], WORDS["occupancy"],
                WORDS["CI"], self._cost_note(), SOURCES_POINTER]

    def table(self, selection: np.ndarray | None = None) -> Table:
        """The scorecard of the current selection, shown with the kit."""
        card = self.scorecard(selection)
        return scorecard_table(card, greyed=self.greyed(card), notes=self.notes(card))

    def _cost_note(self) -> str:
        if "cost" not in self._notes:
            self._notes["cost"] = cost_note()
        return self._notes["cost"]

    def update(self) -> None:
        selection = self.selection()
        shown = self.table(selection)
        card = shown.data
        self.card.value = shown.to_html()
        self._update_trend(selection)
        self.drill.value = self.drill_table(selection).to_html()
        counts = status_counts(card, shown.greyed if self.team_view() else None)
        contacts = self.cube.totals(selection)["contacts"]
        words = {k: STATUS_WORDS[k][1] for k in ("good", "warning", "bad")}
        text = (f"{contacts:,.0f} contacts selected: {counts['good']} KPIs {words['good']}, "
                f"{counts['warning']} {words['warning']}, {counts['bad']} {words['bad']}")
        if counts["none"]:
            text += f", {counts['none']} with no data"
        if self.team_view():
            text += (f"; {sum(shown.greyed)} whole-centre measures shown greyed, as context "
                     "only (a team does not own the queue or the budget)")
        self.result.value = f"<p>{html.escape(text)}.</p>"

    def trend_channel(self) -> str:
        """The channel the weekly trend shows: the chosen one, or phone for a per-channel
        trend when every channel is chosen (never a pooled queue figure)."""
        channel = self.controls["channel"].value
        if channel == ALL and self.controls["trend"].value in PER_CHANNEL_TRENDS:
            return "phone"
        return channel

    def _update_trend(self, selection: np.ndarray) -> None:
        name = self.controls["trend"].value
        channel = self.trend_channel()
        if channel != self.controls["channel"].value:
            selection = selection & (self.cube._labels["channel"] == channel)
        weekly = self.cube.by_period(selection, name)
        title, axis = TREND_LABELS[name]
        where = [v for v in (channel, self.controls["team"].value) if v != ALL]
        labels = [f"{w.day} {w:%b}" for w in weekly.index]
        target = trend_target(name, channel if channel != ALL else "phone")
        with self.figure.batch_update():
            self.figure.data[0].x = labels
            self.figure.data[0].y = weekly.round(2).tolist()
            self.figure.data[0].name = f"{name} (weekly)"
            self.figure.data[1].x = labels
            self.figure.data[1].y = [target] * len(weekly)
            self.figure.data[1].name = _target_words(name, channel if channel != ALL
                                                     else "phone")
            self.figure.layout.title.text = title + (f" ({', '.join(where)})" if where else "")
            self.figure.layout.yaxis.title.text = axis

    def drill_table(self, selection: np.ndarray | None = None) -> Table:
        """Key KPIs per team (or per agent of the chosen team), shown with the kit."""
        selection = self.selection() if selection is None else selection
        by = "agent_id" if self.team_view() else "team"
        frame = self.cube.by_group(selection, by)
        label = "agent" if by == "agent_id" else "team"
        channel = self.controls["channel"].value
        return table(frame, {
            label: label.capitalize(), "contacts": ("Contacts answered", "count"),
            "FCR (agent flag) %": ("FCR, agent's flag (%)", "percent"),
            "not contacted again in 7 days %": ("Not contacted again in 7 days (%)", "percent"),
            "AHT (s)": ("AHT (seconds)", "count"), "CSAT %": ("CSAT (%)", "percent"),
            "CSAT 95% interval": "CSAT 95% CI (%)", "surveys (n)": ("Surveys", "count")},
            caption=f"Drill-down by {label}"
                    + (f", {channel}" if channel != ALL else ", every channel")
                    + ("" if self.team_view() else " (choose a team above to see its agents)"),
            notes=["FCR: first-contact resolution. AHT: average handle time (talk, hold and "
                   "after-call work per contact handled); with every channel chosen it mixes "
                   "channels, so compare teams on one channel. Only answered contacts belong "
                   "to a team or agent, so queue measures (service level, abandonment) are "
                   "not here.",
                   "CSAT 95% CI: with fewer surveys the range is wider, so compare ranges, not "
                   "single figures."])

    def static_html(self) -> str:
        card = self.cube.scorecard(self.cube.select())
        shown = scorecard_table(card, notes=self.notes(card),
                                caption="Whole centre, whole period, every channel's rows "
                                        "(the starting view)")
        return shown.to_html()


def kpi_dashboard() -> KPIDashboard:
    """Widget: the balanced-scorecard dashboard."""
    return KPIDashboard()


def dashboard_service_level(channel: str = "phone") -> float:
    """The dashboard's service level (%) for all weeks and teams on one channel, against
    that channel's own standard."""
    cube = kpi_cube()
    return 100 * cube.value("service_level", cube.select(), channel)


def kpi_sources_table() -> Table:
    """Every KPI's target and where it comes from: what the source measures and where."""
    frame = kpis.kpi_sources()
    frame["perspective"] = frame["perspective"].str.capitalize().where(
        frame["perspective"] != frame["perspective"].shift(), "")
    return table(frame, {"perspective": "Perspective", "kpi": "KPI", "channel": "Channel",
                         "target": "Target", "source": "Where the target comes from"},
                 caption="The KPI catalogue: targets and their sources")


def occupancy_sentences() -> list[str]:
    """What occupancy says this quarter, channel by channel, beside service level
    (computed from the data)."""
    card = kpi_cube().scorecard(kpi_cube().select()).set_index("kpi")
    sentences = []
    for channel in kpis.QUEUED_CHANNELS:
        occupancy = card.loc[f"Occupancy: {channel}"]
        level = next(row for name, row in card.iterrows()
                     if name.startswith("Service level") and row["channel"] == channel)
        if not np.isfinite(occupancy["value"]):
            continue
        verdict = STATUS_WORDS[status_key(occupancy["status"])][1]
        sentence = (f"{channel.capitalize()}: occupancy {occupancy['formatted']} ({verdict}) "
                    f"with service level {level['formatted']} against {level['target']}.")
        if occupancy["value"] < 0.70 and status_key(level["status"]) != "good":
            sentence += (" Agents are idle on average yet customers still wait: the staff are "
                         "not where the demand is, so fix the schedule; cutting staff would "
                         "make the queue worse.")
        elif occupancy["value"] < 0.70:
            sentence += " Low occupancy with the standard met is a cost question for the rota."
        elif occupancy["value"] > 0.85:
            sentence += (" Above 85% for long, agents have no breathing space between "
                         "contacts: expect absence and leavers to rise.")
        sentences.append(sentence)
    return sentences


def occupancy_notice() -> Any:
    """The "What to notice" about occupancy per channel (computed from the data)."""
    return _callout("What to notice", occupancy_sentences())


# -------------------------------------------------------------- feedback
#: One colour (and, for "other", a pattern) per theme, the same in every grouping; the
#: problems come first, then "other", then praise in light grey so the problems stand out.
THEME_STYLES: dict[str, dict[str, Any]] = {
    "waiting time": {"color": PALETTE["vermillion"]},
    "resolution": {"color": PALETTE["orange"]},
    "staff attitude": {"color": PALETTE["purple"]},
    "repeat contact": {"color": PALETTE["yellow"]},
    "billing and charges": {"color": PALETTE["sky"]},
    "digital and app": {"color": PALETTE["blue"]},
    "product or service": {"color": PALETTE["green"]},
    "other": {"color": "#ffffff", "pattern": {"shape": "/", "fgcolor": "#555555"},
              "line": {"color": "#555555", "width": 1}},
    "praise": {"color": "#c8c8c8"},
}
_GROUP_TITLES = {"csat": "CSAT score (1–5)", "nps_group": "NPS group", "channel": "Channel",
                 "team": "Team"}
_NPS_NAMES = {"promoter": "Promoters (9–10)", "passive": "Passives (7–8)",
              "detractor": "Detractors (0–6)"}


def theme_style(theme: str) -> dict[str, Any]:
    """The bar style of a theme: its own colour, a pattern for "other"."""
    if theme in THEME_STYLES:
        return THEME_STYLES[theme]
    extra = [PALETTE["black"], PALETTE["blue"], PALETTE["orange"]]
    return {"color": extra[sum(map(ord, theme)) % len(extra)],
            "pattern": {"shape": "x", "fgcolor": "#ffffff"}}


def _theme_order(themes: list[str]) -> list[str]:
    known = [t for t in THEME_STYLES if t in themes]
    return [*[t for t in known if t not in ("other", "praise")],
            *sorted(t for t in themes if t not in THEME_STYLES),
            *[t for t in ("other", "praise") if t in themes]]


class FeedbackExplorer(CourseWidget):
    """Themes of customers' comments by group, and the comments themselves."""

    def __init__(self) -> None:
        super().__init__()
        self.analysed = analysed_comments()
        themes = [t for t in self.analysed["theme"].value_counts().index]
        self.controls = {
            "by": widgets.Dropdown(options=[("CSAT score", "csat"), ("NPS group", "nps_group"),
                                            ("channel", "channel"), ("team", "team")],
                                   value="nps_group", description="Show themes by",
                                   style=_LABEL),
            "theme": widgets.Dropdown(options=[ALL, *themes], value=ALL,
                                      description="Read comments on", style=_LABEL),
            "channel": widgets.Dropdown(options=[ALL, "phone", "email", "chat", "social"],
                                        value=ALL, description="Channel", style=_LABEL),
            "scores": widgets.IntRangeSlider(value=(1, 5), min=1, max=5,
                                             description="CSAT score from–to", style=_LABEL,
                                             continuous_update=False),
        }
        self.figure = go.FigureWidget()
        style(self.figure, title="What customers talk about",
              x="Share of the group's comments (%)", y="", height=440)
        self.figure.update_layout(barmode="stack", legend_traceorder="normal")
        self.figure.update_xaxes(range=[0, 100])
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
        matching = feedback.count_matching(self.analysed, **self._filter_values())
        caption = (f"{len(picked)} of the {matching:,} matching comments, picked at random, "
                   "newest first" if len(picked) < matching else
                   f"All {matching:,} matching comments, newest first")
        self.comments.value = (_verbatims_table(picked, caption).to_html() if len(picked)
                               else "<p><i>No comments match these filters: widen them.</i></p>")
        self.result.value = (f"<p>{matching:,} of {len(self.analysed):,} comments match "
                             f"{html.escape(self._filters())}.</p>")

    def _draw(self, shares: pd.DataFrame, by: str) -> None:
        percent = feedback.theme_shares_percent(shares)
        groups = [_NPS_NAMES.get(str(g), f"CSAT {g}" if by == "csat" else str(g))
                  for g in percent.index]
        labels = [f"{g}<br>{n:,} comments" for g, n in zip(groups, shares["comments"],
                                                            strict=True)]
        with self.figure.batch_update():
            self.figure.data = []
            for theme in _theme_order(list(percent.columns)):
                self.figure.add_bar(y=labels, x=percent[theme].tolist(), name=theme,
                                    orientation="h", marker=theme_style(theme),
                                    hovertemplate=f"{theme}: %{{x:.1f}}%<extra></extra>")
            self.figure.layout.yaxis.title.text = _GROUP_TITLES[by]
            self.figure.layout.yaxis.autorange = "reversed"

    def _filter_values(self) -> dict[str, Any]:
        c = self.controls
        low, high = c["scores"].value
        return {"theme": None if c["theme"].value == ALL else c["theme"].value,
                "channel": None if c["channel"].value == ALL else c["channel"].value,
                "min_csat": low, "max_csat": high}

    def _filters(self) -> str:
        c = self.controls
        low, high = c["scores"].value
        parts = [f"theme “{c['theme'].value}”" if c["theme"].value != ALL else "all themes",
                 f"{c['channel'].value} only" if c["channel"].value != ALL else "all channels",
                 f"CSAT {low}–{high}"]
        return ", ".join(parts)

    def verbatims(self) -> pd.DataFrame:
        """A sample of the comments that match the filters (at most 8)."""
        return feedback.verbatims(self.analysed, **self._filter_values(), limit=8)

    def static_html(self) -> str:
        said = feedback.what_detractors_say(self.analysed)
        return table(said.assign(share=said["share"] * 100), {
            "theme": "Theme", "comments": ("Comments", "count"),
            "share": ("Share of detractors' comments (%)", "percent"),
            "example": "A typical comment"},
            caption="What detractors (NPS 0–6) talk about most").to_html()


def _verbatims_table(picked: pd.DataFrame, caption: str = "") -> Table:
    return table(picked, {"arrived_at": ("Date", "date"), "theme": "Theme",
                          "csat": ("CSAT (1–5)", "count"), "channel": "Channel",
                          "comment": "Comment"}, caption=caption)


def feedback_explorer() -> FeedbackExplorer:
    """Widget: comment themes by group and a verbatim browser."""
    return FeedbackExplorer()


TOP_2_BOX = ("Satisfied (4 or 5): the top-2-box, the share of survey answers scoring 4 or 5 "
             "out of 5; it is how the CSAT KPI is counted.")


def csat_by_theme() -> Table:
    """Satisfaction of customers who wrote about each theme (``.data``: the frame)."""
    frame = feedback.csat_by_theme(analysed_comments()).reset_index()
    return table(frame, {"theme": "Theme", "n": ("Comments", "count"),
                         "mean_csat": ("Average CSAT (1–5)", "number"),
                         "top2_box_pct": ("Satisfied (4 or 5) %", "percent")},
                 notes=[TOP_2_BOX])


def theme_accuracy() -> Table:
    """How often the automatic theme matches an analyst's label, theme by theme."""
    result = feedback.theme_accuracy(analysed_comments())
    frame = result["by_theme"].reset_index()
    frame = frame[frame["support"] > 0].copy()
    for column in ("precision", "recall", "f1"):
        frame[column] = frame[column] * 100
    return table(frame, {"theme": "Theme", "precision": ("Precision (%)", "percent"),
                         "recall": ("Recall (%)", "percent"), "f1": ("F1 (%)", "percent"),
                         "support": ("Comments the analyst labelled", "count")},
                 notes=[f"Overall the automatic theme matches the analyst's label for "
                        f"{100 * result['accuracy']:.1f}% of {result['n']:,} labelled comments.",
                        "Precision: of the comments the method put under a theme, the share "
                        "the analyst also put there (how often it is right when it says X).",
                        "Recall: of the comments the analyst put under a theme, the share the "
                        "method found (how much of X it catches).",
                        "F1: one score that balances the two; it is high only when both are."])


def theme_accuracy_overall() -> float:
    """Share of comments whose automatic theme matches the analyst's label (%)."""
    return 100 * float(feedback.theme_accuracy(analysed_comments())["accuracy"])


# ---------------------------------------------------- what the numbers miss
APP_THEME = "digital and app"


def numbers_and_words() -> pd.DataFrame:
    """Weekly CSAT (top-2-box %) beside the share of comments about the app and website."""
    contacts = tables()["contacts"]
    csat = kpis.kpi_by_period(contacts, "CSAT", contacts["week"])
    digital = feedback.theme_trend(analysed_comments(), APP_THEME).set_index(
        "period_start")["share"] * 100
    return pd.DataFrame({"CSAT top-2-box %": csat.round(1),
                         "comments about the app or website %": digital.round(1)})


def numbers_and_words_chart() -> Any:
    """Weekly CSAT against its target, beside the growing share of comments about the app."""
    frame = numbers_and_words()
    labels = [_day(w) for w in frame.index]
    target = kpis.trend_target("CSAT")
    figure = go.Figure([
        go.Scatter(x=labels, y=frame["CSAT top-2-box %"], name="CSAT: satisfied, 4 or 5 (%)",
                   mode="lines+markers", line={"color": PALETTE["blue"]}),
        go.Bar(x=labels, y=frame["comments about the app or website %"],
               name="Comments about the app or website (% of comments)",
               marker_color=PALETTE["orange"]),
    ])
    target_line(figure, target, f"CSAT target ({target:g}%)", x=labels)
    style(figure, title="Weekly CSAT and the share of comments about the app or website",
          x="Week starting", y="Per cent of survey answers or comments (%)", height=420)
    figure.update_yaxes(range=[0, 100])
    return static(figure)


def numbers_miss_sentences() -> list[str]:
    """The "quantitative data only" mistake, in sentences computed from the weeks."""
    frame = numbers_and_words()
    return feedback.numbers_and_words_sentences(
        frame["CSAT top-2-box %"], kpis.trend_target("CSAT"),
        frame["comments about the app or website %"], kpi="CSAT",
        theme="the app or website")


def numbers_miss_mistake() -> Any:
    """Common mistake: a numbers-only report (computed from the data)."""
    first, second = numbers_miss_sentences()
    cube = kpi_cube()
    card = cube.scorecard(cube.select()).set_index("kpi")
    csat = card.loc["CSAT (customer satisfaction)"]
    key = status_key(csat["status"])
    verdict = STATUS_WORDS[key][1]
    if key == "good":
        middle = (f"For the quarter CSAT is {csat['formatted']}, {verdict}, so a numbers-only "
                  "report would say all is well.")
        last = "The comments show a problem the scores do not show yet."
    else:
        middle = f"For the quarter CSAT is {csat['formatted']}: {verdict}."
        last = "The numbers say something is wrong; the comments say what."
    return _callout("Common mistake: quantitative data only", [first, middle, second, last],
                    icon="⚠️")


def first_week_above(share_pct: float = 15.0) -> pd.Timestamp:
    """The first week in which app/website comments exceed ``share_pct`` % of comments."""
    frame = numbers_and_words()
    above = frame[frame["comments about the app or website %"] > share_pct]
    if above.empty:
        raise ValueError(f"No week has more than {share_pct}% of comments about the app.")
    return above.index[0]


# ------------------------------------------------------- intraday monitor
DECISION_POINTS = simulation.DECISION_POINTS
#: The day that goes wrong: the plan's busiest Monday, a billing run from 09:30 to 14:00 and
#: some agents off sick.
BAD_DAY = simulation.BAD_DAY
_OPEN_FROM, _OPEN_TO = 16, 40  # 08:00 to 20:00
INTRADAY_CHOICES = {
    "none": "Do nothing",
    "overtime": (f"Overtime: {simulation.OVERTIME_AGENTS} agents for "
                 f"{simulation.OVERTIME_HALF_HOURS // 2} hours"),
    "callbacks": "Offer callbacks from now on",
    "both": "Overtime and callbacks",
    "coaching": (f"Cancel coaching and meetings: {simulation.COACHING_AGENTS} agents for "
                 f"{simulation.COACHING_HALF_HOURS // 2} hours"),
    "breaks": (f"Move breaks later: {simulation.BREAK_AGENTS} agents now, off the phones "
               f"{simulation.BREAK_DELAY // 2} hours later"),
    "email": (f"Move {simulation.EMAIL_AGENTS} email agents to the phones for "
              f"{simulation.EMAIL_HALF_HOURS // 2} hours"),
    "vto": f"Offer voluntary time off to {simulation.VTO_AGENTS} agents",
}
#: The decisions last taken in the intraday monitor (for the performance report's log).
_LAST_CHOICES: dict[int, str] = {}


def bad_day() -> simulation.DayScenario:
    """The day the intraday monitor replays, before any decision: the plan's scheduled
    agents less the organisation's on-shift shrinkage (breaks, coaching, meetings) are the
    agents able to take calls."""
    return _bad_day(_key())


@lru_cache(maxsize=2)
def _bad_day(key: str) -> simulation.DayScenario:
    return simulation.plan_day_scenario(tables()["plan"],
                                        on_shift_shrinkage=on_shift_shrinkage() or 0.0,
                                        **BAD_DAY)


def decision_log(choices: dict[int, str] | None = None) -> pd.DataFrame:
    """The intraday decision log (trigger, decision, outcome) of the decisions taken in the
    monitor (or ``choices``); "do nothing" at each decision point when none were taken."""
    chosen = dict(_LAST_CHOICES if choices is None else choices)
    for when in DECISION_POINTS.values():
        chosen.setdefault(when, "none")
    return simulation.decision_log(bad_day(), chosen)


def decision_log_table(choices: dict[int, str] | None = None) -> Table:
    """The decision log shown with the kit."""
    frame = decision_log(choices)
    return table(frame, {"time": "Time", "trigger": "Trigger (what you saw)",
                         "decision": "Decision", "outcome": "Outcome"},
                 caption="Intraday decision log",
                 notes=["Trigger: the service level in the hour before the decision against "
                        "the 70% trigger agreed in notebook 02. Outcome: the next two hours "
                        "with your decision, against the same callers without it."])


def reforecast_sentence(upto: int, result: simulation.DayResult | None = None) -> str:
    """Re-forecast of the rest of the day from the calls so far (computed)."""
    scenario = bad_day()
    result = result or simulation.simulate_day(scenario)
    out = simulation.reforecast(result.intervals["offered"].tolist(), scenario.forecast,
                                upto)
    change = 100 * (out["ratio"] - 1)
    word = "above" if change >= 0 else "below"
    return (f"Re-forecast: calls so far are {abs(change):.0f}% {word} the forecast; at that "
            f"rate the rest of the day brings about {out['rest_of_day_reforecast']:,.0f} calls "
            f"instead of {out['rest_of_day_forecast']:,.0f}.")


@lru_cache(maxsize=2)
def _decisions(key: str) -> pd.DataFrame:
    return simulation.decision_table(bad_day(), DECISION_POINTS,
                                     hourly_cost_gbp=hourly_cost_gbp())


def decisions() -> pd.DataFrame:
    """Every decision at 10:00 and at 13:00 played through the bad day, with its cost."""
    return _decisions(_key()).copy()


def decision_table() -> Table:
    """The decisions table shown with the kit."""
    frame = decisions()
    frame["service_level"] = frame["service_level"] * 100
    return table(frame, {
        "decision": "Decision", "time": "Taken at",
        "overtime_hours": ("Overtime (agent hours)", "number"),
        "callback_hours": ("Callbacks (agent hours)", "number"),
        "moved_hours": ("Taken from other work (agent hours)", "number"),
        "cost_gbp": ("Cost of agent time", "money"),
        "service_level": ("Answered within 20 s, whole day (%)", "percent"),
        "abandoned": ("Abandoned calls", "count"),
        "called_back": ("Customers called back", "count")},
        caption="Each decision played through the whole day (the same callers each time)",
        notes=[f"Overtime: {simulation.OVERTIME_AGENTS} agents for "
               f"{simulation.OVERTIME_HALF_HOURS // 2} hours from the decision. Callbacks: "
               "offered from the decision to callers facing a long wait, and made in quiet "
               "moments later that day.",
               f"Coaching and meetings: {simulation.COACHING_AGENTS} agents back to the phones "
               f"for {simulation.COACHING_HALF_HOURS // 2} hours (the coaching is lost or "
               f"moved). Breaks: {simulation.BREAK_AGENTS} agents take theirs "
               f"{simulation.BREAK_DELAY // 2} hours later (no hours taken, only moved). "
               f"Email agents: {simulation.EMAIL_AGENTS} move to the phones for "
               f"{simulation.EMAIL_HALF_HOURS // 2} hours, and their emails wait.",
               f"Cost of agent time: hours × £{hourly_cost_gbp():,.2f} (the organisation's "
               "hourly pay plus on-costs). Overtime is paid on top; callbacks use time agents "
               "are already paid for, which could otherwise go to other work."])


# ------------------------------------------------------------- was the plan worked?
def plan_worked_frame() -> pd.DataFrame:
    """Agents grouped by conformance and schedule adherence over the whole period
    (:func:`csmlib.analysis.adherence.groups`), against the scorecard's adherence target and
    the course's conformance target."""
    per_agent = adherence.by_agent(tables()["attendance"])
    target = kpis.catalogue_entry("schedule_adherence").target
    return adherence.groups(per_agent, target)


def _plan_worked_missing() -> Any:
    """A note when the data has no attendance with worked hours, else None."""
    attendance = tables()["attendance"]
    if attendance is not None and "worked_hours" in attendance.columns:
        return None
    return _callout("Not in this data", [
        "Conformance and adherence by agent need the attendance table with its worked_hours "
        "column (hours logged in each day); this organisation's data does not have it."])


def plan_worked_table() -> Table | Any:
    """How the plan was worked: the four groups of agents, with what to do about each (a
    note instead when the data has no worked hours)."""
    missing = _plan_worked_missing()
    if missing is not None:
        return missing
    frame = plan_worked_frame()
    days = tables()["attendance"]["date"]
    target = kpis.catalogue_entry("schedule_adherence").target
    return table(frame.assign(share_pct=frame["share"] * 100,
                              conformance_pct=frame["conformance"] * 100,
                              adherence_pct=frame["adherence"] * 100), {
        "group": "Group", "agents": ("Agents", "count"),
        "share_pct": ("Share of agents", "percent"),
        "conformance_pct": ("Conformance", "percent"),
        "adherence_pct": ("Schedule adherence", "percent"), "action": "What to do"},
        caption=f"Was the plan worked? Each agent's days present, {_day(days.min())} to "
                f"{_day(days.max())}",
        notes=[f"Conformance: hours logged in ÷ hours scheduled, whenever worked; hours are "
               f"short below {adherence.CONFORMANCE_TARGET:.0%} (course default). Schedule "
               f"adherence: share of scheduled time spent on the scheduled activity at the "
               f"scheduled time; times are wrong below the scorecard's {target:.0%} target. "
               "Absent days count in absence, not here."],
        row_heading="group")


def plan_worked_sentence() -> str:
    """What the table shows, computed: the centre's two figures and the largest group off
    plan."""
    attendance = tables()["attendance"]
    worked, kept = kpis.conformance(attendance), kpis.schedule_adherence(attendance)
    frame = plan_worked_frame()
    total = int(frame["agents"].sum())
    off = frame.iloc[1:].sort_values("agents", ascending=False).iloc[0]
    reading = ("the hours were mostly there, the timing less so" if worked > kept
               else "the timing held better than the hours")
    return (f"The centre worked {worked:.1%} of its scheduled hours (conformance) but spent "
            f"{kept:.1%} of them on the scheduled activity at the scheduled time (adherence): "
            f"{reading}. The largest group off plan is "
            f"{off['group'].lower()}: {int(off['agents'])} of {total} agents. "
            f"{off['action']}")


def plan_worked_notice() -> Any:
    """The "What to notice" under the table of how the plan was worked (computed)."""
    missing = _plan_worked_missing()
    if missing is not None:
        return missing
    return _callout("What to notice", [
        plan_worked_sentence(), "Conformance alone would call this centre on plan; adherence "
        "shows where service level is lost even when the hours are worked."])


def intraday_notice_sentences() -> list[str]:
    """What the decisions table shows about acting at 10:00 rather than 13:00."""
    early, late = DECISION_POINTS
    return simulation.decision_summary(decisions(), early, late)


def intraday_notice() -> Any:
    """The "What to notice" under the intraday monitor (computed from the data)."""
    headline, *details = intraday_notice_sentences()
    return _callout("What to notice", [
        headline, "A trigger agreed in advance (notebook 02) lets the team leader act without "
                  "waiting."], points=details)


class IntradayMonitor(CourseWidget):
    """Replay a day that goes wrong: at 10:00 and 13:00 choose what to do, see the effect."""

    def __init__(self) -> None:
        super().__init__()
        options = [(label, key) for key, label in INTRADAY_CHOICES.items()]
        self.labels = [f"{h:02d}:{m:02d}" for h in range(8, 20) for m in (0, 30)]
        self.controls = {
            "time": widgets.SelectionSlider(
                options=self.labels, value="10:00", description="Replay up to",
                style=_LABEL, continuous_update=False, layout=widgets.Layout(width="40em")),
            "at_10": widgets.Dropdown(options=options, value="none",
                                      description="At 10:00", style=_LABEL,
                                      layout=widgets.Layout(width="29em")),
            "at_13": widgets.Dropdown(options=options, value="none",
                                      description="At 13:00", style=_LABEL,
                                      layout=widgets.Layout(width="29em")),
        }
        scenario = bad_day()
        forecast = np.asarray(scenario.forecast)[_OPEN_FROM:_OPEN_TO]
        self.figure = go.FigureWidget(data=[
            go.Bar(x=[], y=[], name="Calls offered", marker_color=PALETTE["sky"]),
            go.Scatter(x=self.labels, y=forecast.round(1).tolist(), name="Forecast calls",
                       mode="lines", line={"color": PALETTE["black"], "dash": "dot"}),
            go.Scatter(x=[], y=[], name="Answered within 20 s (%)", mode="lines+markers",
                       line={"color": PALETTE["vermillion"]}, yaxis="y2"),
        ])
        target_line(self.figure, 80, "Standard: 80% within 20 s", x=self.labels,
                    secondary_y=True)
        style(self.figure, title="Today so far, against the plan", x="Half-hour starting",
              y="Calls per half-hour", height=420)
        self.figure.update_layout(
            margin={"r": 90},
            yaxis2={"overlaying": "y", "side": "right", "range": [0, 100], "dtick": 20,
                    "title": {"text": "Answered within 20 s (%)", "standoff": 12},
                    "showgrid": False, "automargin": True})
        self.figure.update_xaxes(categoryorder="array", categoryarray=self.labels,
                                 range=[-0.5, len(self.labels) - 0.5], tickmode="array",
                                 tickvals=[t for t in self.labels if t.endswith(":00")])
        self._finish(self.controls["time"],
                     widgets.HBox([self.controls["at_10"], self.controls["at_13"]]),
                     self.figure)

    def choices(self) -> dict[int, str]:
        """The decisions taken, as {half-hour: action} (remembered for the report's log)."""
        chosen = {DECISION_POINTS[point]: self.controls[key].value
                  for point, key in (("10:00", "at_10"), ("13:00", "at_13"))}
        _LAST_CHOICES.clear()
        _LAST_CHOICES.update(chosen)
        return chosen

    def scenario(self) -> simulation.DayScenario:
        return simulation.intraday_scenario(bad_day(), self.choices())

    def run(self) -> simulation.DayResult:
        return simulation.simulate_day(self.scenario())

    def upto(self) -> int:
        """The half-hour after the last one replayed."""
        hour, minute = (int(x) for x in self.controls["time"].value.split(":"))
        return hour * 2 + minute // 30 + 1

    def update(self) -> None:
        result = self.run()
        upto = self.upto()
        shown = result.intervals.iloc[_OPEN_FROM:upto]
        x = shown["interval_start"].tolist()
        with self.figure.batch_update():
            self.figure.data[0].x = x
            self.figure.data[0].y = shown["offered"].tolist()
            self.figure.data[2].x = x
            self.figure.data[2].y = (shown["service_level"] * 100).round(1).tolist()
        forecast = ""
        if _OPEN_FROM < upto < _OPEN_TO:
            forecast = f"<p>{html.escape(reforecast_sentence(upto, result))}</p>"
        self.result.value = (f"<p>{html.escape(self.cost_text(result))}</p>"
                             f"<p>{html.escape(self.summary(result, upto))}</p>{forecast}")

    def cost_text(self, result: simulation.DayResult | None = None) -> str:
        """What the decisions taken cost in agent time (so far none, if doing nothing)."""
        s = (result or self.run()).summary
        taken = [f"{INTRADAY_CHOICES[action].lower()} at {point}"
                 for point, action in zip(DECISION_POINTS, self.choices().values(), strict=True)
                 if action != "none"]
        if not taken:
            return "Your decisions: none yet, so no extra cost."
        hours = s["overtime_agent_hours"] + s["callback_agent_hours"]
        text = (f"Your decisions: {'; '.join(taken)}. Agent time used: "
                f"{s['overtime_agent_hours']:.1f} overtime hours and "
                f"{s['callback_agent_hours']:.1f} hours on callbacks, about "
                f"£{hours * hourly_cost_gbp():,.0f} over the day.")
        moved = simulation.lever_hours(bad_day(), self.choices())
        words = {"coaching": "hours of coaching and meetings to rebook",
                 "email": "email hours moved (check the email standard still holds)",
                 "breaks": "break hours moved later",
                 "vto": f"hours given back as voluntary time off (saving about "
                        f"£{moved['vto'] * hourly_cost_gbp():,.0f})"}
        extra = [f"{value:.1f} {words[key]}" for key, value in moved.items() if value]
        return text + (f" Paid time used differently: {'; '.join(extra)}." if extra else "")

    def summary(self, result: simulation.DayResult | None = None,
                upto: int = _OPEN_TO) -> str:
        """The day so far: calls, service level, abandoned and called back, the trigger."""
        result = result or self.run()
        so_far = result.intervals.iloc[_OPEN_FROM:upto]
        offered = int(so_far["offered"].sum())
        within = int(so_far["answered_within_target"].sum())
        abandoned = int(so_far["abandoned"].sum())
        called_back = int(so_far["callbacks_made"].sum())
        level = within / offered if offered else float("nan")
        trigger = simulation.first_trigger(so_far, 0.7, 2)
        alarm = (f" The trigger (below 70% for two half-hours) fired at "
                 f"{so_far['interval_start'].iloc[trigger]}." if trigger is not None else "")
        back = f", {called_back:,} called back" if called_back else ""
        end = f"{upto // 2 % 24:02d}:{30 * (upto % 2):02d}"
        return (f"From 08:00 to {end}: {offered:,} calls, {100 * level:.1f}% answered within "
                f"20 s, {abandoned:,} abandoned{back}.{alarm}")

    def static_html(self) -> str:
        nothing = simulation.simulate_day(bad_day())
        return (f"<p><b>The whole day if nobody acts:</b> "
                f"{html.escape(self.summary(nothing, upto=_OPEN_TO))}</p>"
                + decision_table().to_html())


def intraday_monitor() -> IntradayMonitor:
    """Widget: replay a day against the plan and take corrective action."""
    return IntradayMonitor()


# ------------------------------------------------------ how data is collected
_RESOLVED, _UNRESOLVED = "resolved first time", "not resolved"


def survey_response() -> Table:
    """Who answers the survey: response rate by channel and by whether the issue was fixed."""
    rates = kpis.survey_response_rates(tables()["contacts"])
    fixed = rates["group"].isin([_RESOLVED, _UNRESOLVED])
    shown = rates.assign(compared=np.where(fixed, "Issue fixed?", "Channel"))
    shown["compared"] = shown["compared"].where(
        shown["compared"] != shown["compared"].shift(), "")
    return table(shown, {"compared": "Compared by", "group": "Customers",
                         "response rate %": ("Answered the survey (%)", "percent")},
                 notes=["Response rate: answered contacts whose customer answered the "
                        "satisfaction survey."])


def response_rates_by_resolution() -> tuple[float, float]:
    """Survey response rates (%) of customers resolved first time and of those not."""
    gap = kpis.survey_response_gap(tables()["contacts"])
    return float(gap["resolved_pct"]), float(gap["not_resolved_pct"])


def survey_bias_sentences() -> list[str]:
    """Who answers the survey less, and what it does to CSAT (computed from the data)."""
    return feedback.response_bias_sentences(*response_rates_by_resolution())


def survey_bias_notice() -> Any:
    """The "What to notice" under the response rates (computed from the data)."""
    return _callout("What to notice", survey_bias_sentences())


def fcr_two_ways() -> Table:
    """First-contact resolution by the agent's flag and by 'no repeat within 7 days'."""
    contacts = tables()["contacts"]
    frame = pd.DataFrame({
        "How FCR is measured": ["the agent marks it resolved",
                                "the customer did not contact us again within 7 days"],
        "FCR %": [round(kpis.fcr(contacts, method="agent flag") * 100, 1),
                  round(kpis.fcr(contacts, method="no repeat in 7 days") * 100, 1)]})
    return table(frame, {"How FCR is measured": "How FCR is measured",
                         "FCR %": ("First-contact resolution (%)", "percent")})


def survey_samples() -> pd.DataFrame:
    """Surveys per agent over the quarter, in a week and in a day, with the CSAT margin."""
    cube = kpi_cube()
    return cube.survey_samples(cube.select(), by="agent_id")


def survey_samples_table() -> Table:
    """How many surveys one agent's CSAT rests on, and how sure it is, with the kit."""
    frame = survey_samples()
    frame["period"] = frame["period"].map({"whole selection": "the whole quarter",
                                           "week": "one week", "day": "one day"})
    return table(frame, {"period": "One agent's CSAT over",
                         "median_surveys": ("Surveys (median agent)", "count"),
                         "fewest_surveys": ("Fewest", "count"),
                         "most_surveys": ("Most", "count"),
                         "half_width_points": ("Margin of error, 95% (± points)", "number")},
                 notes=["Margin of error: half the width of the 95% confidence interval, for "
                        "a CSAT at the centre's level measured on the median agent's surveys."])


def sample_size_sentences() -> list[str]:
    """How sure one agent's CSAT is over the quarter, a week and a day (computed)."""
    rows = survey_samples().set_index("period")
    whole, week, day = (rows.loc[p] for p in ("whole selection", "week", "day"))
    return [
        f"Over the quarter each agent has {whole['fewest_surveys']:,.0f} to "
        f"{whole['most_surveys']:,.0f} surveys, so an agent's CSAT is known to within about "
        f"±{whole['half_width_points']:.0f} points.",
        f"In one week an agent has a median of {week['median_surveys']:,.0f} surveys "
        f"(±{week['half_width_points']:.0f} points), and in one day "
        f"{day['median_surveys']:,.0f} (±{day['half_width_points']:.0f} points): one "
        f"agent's weekly score can move by about {week['half_width_points']:.0f} points from "
        "chance alone, so judge agents over longer periods."]


def sample_size_notice() -> Any:
    """The "What to notice" about agents' sample sizes (computed from the data)."""
    return _callout("What to notice", sample_size_sentences())


# --------------------------------------------------------------- exercises
def _phone_service_level() -> float:
    contacts = tables()["contacts"]
    return 100 * kpis.service_level(contacts[contacts["channel"] == "phone"])


service_level_check = NumericAnswer(
    "03-service-level",
    "The dashboard opens on the phone channel, all weeks and all teams. What is the phone "
    "service level (phone calls answered within 20 s ÷ all phone calls offered), in %? One "
    "decimal place.",
    expected=_phone_service_level, tolerance=0.15, units="%",
    hint_low="Use phone calls only (not chat), and count a call answered at exactly 20 s as "
             "within 20 s.",
    hint_high="The classic mistake is dividing by answered calls only: abandoned calls were "
              "offered too, so divide by all phone calls offered.",
    criteria=["5.1"],
    explanation="Phone calls answered within 20 s ÷ all phone calls offered (abandoned ones "
                "included) × 100: the figure the dashboard shows for the phone channel. Chat "
                "is judged on its own row against its own standard (80% in 60 s), never "
                "pooled with phone.")


def _fcr_gap() -> float:
    frame = fcr_two_ways().data
    return float(frame["FCR %"].iloc[0] - frame["FCR %"].iloc[1])


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
    hints={"a": "Occupancy is about how busy agents are: an internal-process measure.",
           "b": "That is the financial perspective.",
           "d": "Handle time is an internal-process measure; customers feel the outcome, "
                "not AHT."},
    criteria=["5.1"], explanation="CES asks customers how easy it was: their view of service.")

small_sample_check = MultipleChoice(
    "03-small-sample",
    "One agent's CSAT last week was 92%; the centre's CSAT for the quarter is 76%, from "
    "thousands of surveys. What should you conclude?",
    {"a": "The agent is clearly the best: ask everyone to copy what they do",
     "b": "Look at the margin of error first: one agent's week rests on far fewer surveys "
          "(see the table above), so compare over a longer period before judging",
     "c": "Surveys are useless",
     "d": "The centre's figure must be wrong"},
    answer="b",
    hints={"a": "One week of one agent's surveys is a small sample: a few answers either way "
                "move it by many points. Check the margin of error above.",
           "c": "Surveys are useful; small samples need care.",
           "d": "A large sample is the more reliable of the two."},
    criteria=["5.3"],
    explanation="Small samples give wide confidence intervals: judge an agent over the "
                "quarter, not one week.")


occupancy_check = MultipleChoice(
    "03-occupancy",
    "Phone occupancy this month is 65% (below the 70–85% band) while the phone service level "
    "is 72% against 80% in 20 s. What should you do first?",
    {"a": "Cut phone staff: occupancy shows agents are idle",
     "b": "Look at the half-hours: staff are not where the demand is (or not available when "
          "scheduled), so move shifts, breaks and coaching to the peaks before any cut",
     "c": "Push occupancy above 90% to clear the queue",
     "d": "Pool phone and chat occupancy to get a figure inside the band"},
    answer="b",
    hints={"a": "Customers are waiting: fewer agents would make service level worse. Low "
                "occupancy averaged over the day can hide queues at the peaks.",
           "c": "Above about 85% for long agents burn out, absence and leavers rise, and "
                "queues grow sharply.",
           "d": "Chats run in parallel: a pooled figure hides both channels. Judge each "
                "channel on its own."},
    criteria=["5.1"],
    explanation="Occupancy is judged beside service level and per channel. Low occupancy "
                "with the standard missed points to the schedule (the wrong half-hours, "
                "adherence), not to too many staff; with the standard met it is a cost "
                "question.")


def _first_week_label() -> float:
    return float(first_week_above(15.0).strftime("%d"))


app_week_check = NumericAnswer(
    "03-app-week",
    "In the chart of CSAT and comments, in which week did comments about the app or website "
    "first exceed 15% of all comments? Give the day of the month the week starts on "
    "(e.g. 9 for '9 Mar').",
    expected=_first_week_label, tolerance=0, units="", decimals=0,
    hint_low="Look further right: find the first orange bar above 15%.",
    hint_high="Look further left: find the FIRST week above 15%.",
    criteria=["5.2"],
    explanation="Customers were telling you in their comments for weeks while CSAT held up.")

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

    PARTS = (
        ArtefactPart("numbers", "What the numbers show", "Which KPIs are on target and which are "
                     "not, for the centre and the teams, and the trend", ["5.1"]),
        ArtefactPart("insight", "What customers say (qualitative insight)",
                     "What the comments add to the numbers", ["5.2"], required=True),
        ArtefactPart("collection", "How the data was collected", "Where each figure comes from: "
                     "who answers surveys, sample sizes, which definition of FCR", ["5.3"]),
        ArtefactPart("actions", "Actions and how their effect will be checked", "Actions, "
                     "owners, and how you will check their effect (which KPI or theme, by when)",
                     ["3.1"], required=True),
    )
    TITLE = "Performance report"
    ACTIVITY = "03-performance-report"
    NOTEBOOK = NOTEBOOK
    SAVE_LABEL = "Save my report to the portfolio"
    MISSING_MESSAGE = ("A report with numbers only is marked down. Write at least a few "
                       "sentences for: {missing}; then save again.")

    def scorecard(self) -> Table:
        """The whole-centre scorecard, in the dashboard's words."""
        cube = kpi_cube()
        card = cube.scorecard(cube.select())
        return scorecard_table(card, notes=[WORDS["status"], WORDS["perspectives"],
                                            WORDS["channels"], WORDS["CI"], cost_note(),
                                            *source_notes(card)],
                               caption="KPIs against targets, whole centre, whole period, "
                                       "each channel against its own standard")

    def table(self) -> pd.DataFrame:
        """The scorecard as a reader sees it (headings and status words), for the portfolio."""
        return self.scorecard().to_frame()

    def supporting(self) -> dict:
        """What the course adds to the report: the scorecard, the numbers-and-words chart,
        and as supporting figures the intraday decision log (trigger, decision, outcome; for
        3.1), the two FCR measures and the survey response rates (for 5.3)."""
        return {"table": self.table(), "figure": numbers_and_words_chart().figure,
                "support_text": supporting_text()}

    def static_html(self) -> str:
        return ("<p><b>The scorecard your report will carry:</b></p>"
                + self.scorecard().to_html()
                + "<p><b>With these supporting figures:</b></p>"
                + decision_log_table().to_html() + fcr_two_ways().to_html()
                + survey_response().to_html())


def supporting_text() -> str:
    """The report's supporting figures as plain text: the intraday decision log, the two FCR
    measures and the survey response rates (computed from the data)."""
    log = decision_log()
    lines = ["Intraday decision log (3.1): trigger, decision, outcome"]
    lines += [f"- {row.time}: trigger: {row.trigger}. Decision: {row.decision}. Outcome: "
              f"{row.outcome}." for row in log.itertuples()]
    fcr = fcr_two_ways().data
    lines.append("First-contact resolution, two measures (5.3)")
    lines += [f"- {how}: {value:.1f}%" for how, value in
              zip(fcr["How FCR is measured"], fcr["FCR %"], strict=True)]
    rates = kpis.survey_response_rates(tables()["contacts"])
    lines.append("Survey response rates (5.3): answered contacts whose customer answered the "
                 "survey")
    lines += [f"- {group}: {rate:.1f}%" for group, rate in
              zip(rates["group"], rates["response rate %"], strict=True)]
    return "\n".join(lines)


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
