"""Notebook 06 "Continuous improvement (PDCA)": control charts that tell real change from
noise, PDCA cycles with an improvement log, designing a service process, quality frameworks and
coordinating the project (criteria 6.1–6.5). Every figure comes from the organisation in use;
the maths is in :mod:`csmlib.analysis.spc`, :mod:`csmlib.analysis.improvement`,
:mod:`csmlib.analysis.journeys` and :mod:`csmlib.analysis.project_plan`; every table and chart
goes through the presentation kit.

Example:
    >>> frame = verdict_frame()
    >>> {"team", "mean", "lower", "upper", "verdict"} <= set(frame.columns)
    True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import ipywidgets as widgets
import pandas as pd

from csmlib.analysis import improvement as analysis
from csmlib.analysis import journeys, spc
from csmlib.data import load, read_manifest, sectors
from csmlib.ui.callouts import callout
from csmlib.ui.charts import ChartArea, static
from csmlib.ui.control_chart import xmr_figure
from csmlib.ui.exercises import MultipleChoice, NumericAnswer, WrittenAnswer
from csmlib.ui.forms import ArtefactForm, ArtefactPart, ReflectionBox
from csmlib.ui.pdca import ACTIVITY as LOG_ACTIVITY
from csmlib.ui.pdca import PdcaSimulator, log_table
from csmlib.ui.project_plan import ProjectPlanBuilder
from csmlib.ui.quality_map import QualityFrameworkMap
from csmlib.ui.swimlane import JourneyRedesign
from csmlib.ui.tables import Table, format_value, table
from csmlib.ui.widgets import CourseWidget

NOTEBOOK = "06"
_LABEL = {"description_width": "initial"}

#: columns of the contacts table this notebook reads
CONTACT_COLUMNS = tuple(dict.fromkeys((
    "contact_id", "customer_id", "team", "channel", "arrived_at", "answered", "wait_s",
    "handle_s", "reason", "resolved_first_contact", "transferred", "contacted_again_7d",
    "comment", "comment_theme", *journeys.CONTACT_COLUMNS)))
#: Month-on-month RAG reports flag a team red or green when its rate moves by more than this
#: (share points) since last month; a common house rule, shown to be misleading here.
RAG_POINTS = 0.01
#: control charts are drawn this wide (pixels): readable at notebook width
CHART_WIDTH = 900


# ------------------------------------------------------------------ data
def _key() -> str:
    return str(read_manifest()["settings"])


@lru_cache(maxsize=2)
def _tables(key: str) -> dict[str, Any]:
    manifest = read_manifest()
    settings = manifest["settings"]
    contacts = load("contacts", columns=list(CONTACT_COLUMNS))
    return {"contacts": contacts, "complaints": load("complaints"),
            "teams": sorted(t for t in contacts["team"].astype(str).unique() if t),
            "sector": sectors.profile(str(settings.get("sector", "energy"))),
            "truths": manifest.get("hidden_truths", {}),
            "seed": int(settings.get("seed", 0))}


def tables() -> dict[str, Any]:
    """The tables this notebook uses, loaded once per organisation."""
    return _tables(_key())


def _day(stamp: Any) -> str:
    return format_value(pd.Timestamp(stamp), "date")


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def teams() -> list[str]:
    """The teams, in name order."""
    return list(tables()["teams"])


def known_change() -> dict[str, str]:
    """The process change a team leader logged (team and first day), if any: the one known
    reason to recalculate a team's limits."""
    change = tables()["truths"].get("process_change") or {}
    return {"team": str(change.get("team", "")), "date": str(change.get("date", "")),
            "what": str(change.get("what", ""))}


@lru_cache(maxsize=4)
def _histories(key: str) -> dict[tuple[str, str], pd.DataFrame]:
    data = tables()
    out: dict[tuple[str, str], pd.DataFrame] = {}
    for team in teams():
        out[("repeat_contacts", team)] = analysis.weekly_history(
            "repeat_contacts", contacts=data["contacts"], team=team)
        out[("fcr", team)] = analysis.weekly_history("fcr", contacts=data["contacts"],
                                                     team=team)
    out[("complaint_speed", "")] = analysis.weekly_history(
        "complaint_speed", complaints=data["complaints"])
    out[("app_comments", "")] = analysis.weekly_history("app_comments",
                                                        contacts=data["contacts"])
    return out


def history(measure: str, team: str = "") -> pd.DataFrame:
    """A measure's weekly history from the data (see
    :func:`csmlib.analysis.improvement.weekly_history`)."""
    return _histories(_key())[(measure, team)]


def _change_position(frame: pd.DataFrame, team: str) -> int | None:
    """The first week (position) the known change applied to all week, for its team."""
    change = known_change()
    if change["team"] != team or not change["date"]:
        return None
    first = pd.Timestamp(change["date"])
    after = frame.index[frame["week"] >= first - pd.Timedelta(days=first.weekday())]
    return int(after[0]) if len(after) else None


def team_chart_frame(team: str, measure: str = "repeat_contacts", *,
                     recalculate: bool = False) -> pd.DataFrame:
    """The XmR chart of one team's weekly measure; limits from all weeks, or recalculated at
    the team's known change (``recalculate=True``). Worked out once per organisation."""
    return _team_chart_frame(_key(), team, measure, recalculate).copy()


@lru_cache(maxsize=64)
def _team_chart_frame(key: str, team: str, measure: str, recalculate: bool) -> pd.DataFrame:
    frame = history(measure, team)
    at = _change_position(frame, team) if recalculate else None
    values = pd.Series(frame["value"].to_numpy(), index=pd.Index(frame["week"], name="week"))
    return spc.xmr(values, improvement=analysis.MEASURES[measure].improvement,
                   rebase_at=[at] if at else None)


def start() -> Any:
    """The opening line: the three problems found earlier, with this quarter's figures."""
    repeat = pd.concat([history("repeat_contacts", t) for t in teams()])
    complaint = history("complaint_speed")
    app = history("app_comments")
    first, last = app["week"].iloc[0], app["week"].iloc[-1] + pd.Timedelta(days=6)
    return callout("Three problems found earlier in the course", [
        f"Repeat contacts: {_pct(repeat['count'].sum() / repeat['of'].sum())} of "
        "answered contacts were followed by another from the same customer within 7 days.",
        f"Complaint speed: {_pct(complaint['count'].sum() / complaint['of'].sum())} "
        "of complaints were resolved within 3 business days.",
        f"The app: comments about the app and website went from "
        f"{_pct(app['value'].iloc[0])} of survey comments in the week of {_day(first)} to "
        f"{_pct(app['value'].iloc[-1])} in the week of {_day(app['week'].iloc[-1])}.",
        f"Weekly figures from {_day(first)} to {_day(last)}, whole weeks only."])


# ------------------------------------------------------------------ 1. noise or change
class TeamChart(CourseWidget):
    """A team's weekly control chart: choose the team and the measure, and whether to
    recalculate the limits at the team's known change."""

    def __init__(self) -> None:
        super().__init__()
        self.controls = {
            "team": widgets.Dropdown(options=teams(), value=teams()[0], description="Team",
                                     style=_LABEL),
            "measure": widgets.ToggleButtons(
                options=[("Repeat contacts (7 days)", "repeat_contacts"),
                         ("First-contact resolution", "fcr")], value="repeat_contacts"),
            "recalculate": widgets.Checkbox(
                value=False, description="Recalculate the limits at the team's known change",
                indent=False, layout=widgets.Layout(width="auto")),
        }
        self.chart = ChartArea()
        self._finish(widgets.HBox([self.controls["team"], self.controls["measure"]]),
                     self.controls["recalculate"], self.chart.view)

    def update(self) -> None:
        team = self.controls["team"].value
        measure = self.controls["measure"].value
        recalculate = self.controls["recalculate"].value
        figure, bundle, verdict = _team_view(_key(), team, measure, recalculate)
        self.chart.show(figure, bundle)
        change = known_change()
        note = ""
        if recalculate and change["team"] != team:
            note = (f" {team} logged no change to its process, so its limits stay as they "
                    "are: recalculate only at a known change.")
        self.result.value = f"<p><b>{team}:</b> {verdict}{note}</p>"

    def static_html(self) -> str:
        return verdict_table().to_html()


@lru_cache(maxsize=64)
def _team_view(key: str, team: str, measure: str, recalculate: bool) -> tuple[Any, dict, str]:
    """A team's chart, what the notebook draws for it, and its verdict (built once)."""
    chart = team_chart_frame(team, measure, recalculate=recalculate)
    figure = _team_figure(chart, team, measure)
    return figure, ChartArea.bundle(figure), _verdict_text(chart, measure)


def _verdict_text(chart: pd.DataFrame, measure: str) -> str:
    return spc.verdict(chart, analysis.MEASURES[measure].improvement, fmt=_pct,
                       when=lambda week: f"the week of {_day(week)}")


def _team_figure(chart: pd.DataFrame, team: str, measure: str) -> Any:
    spec = analysis.MEASURES[measure]
    labels = ["Limits recalculated: the team's known change"] * int(chart["segment"].max())
    figure = xmr_figure(chart, title=f"{team}: weekly {spec.short}",
                        y=f"{spec.short.capitalize()} (%)", x="Week starting",
                        value_format=".1%", value_label=f"Weekly {spec.short}",
                        improvement=spec.improvement, rebase_labels=labels)
    return figure.update_layout(width=CHART_WIDTH)


def team_chart() -> TeamChart:
    """Widget: one team's control chart."""
    return TeamChart()


def verdict_frame(measure: str = "repeat_contacts") -> pd.DataFrame:
    """Every team's weekly measure on an XmR chart (limits from all its weeks): the mean,
    the limits, how many weeks are special causes, and the verdict."""
    rows = []
    for team in teams():
        chart = team_chart_frame(team, measure)
        found = spc.signals(chart)
        rows.append({"team": team, "weeks": len(chart), "mean": 100 * chart["mean"].iloc[0],
                     "lower": 100 * chart["lower"].iloc[0],
                     "upper": 100 * chart["upper"].iloc[0],
                     "special": int(chart["special_cause"].sum()),
                     "summary": spc.summary(chart),
                     "first": found["first"].iloc[0] if len(found) else pd.NaT,
                     "verdict": _verdict_text(chart, measure)})
    return pd.DataFrame(rows)


def verdict_table(measure: str = "repeat_contacts") -> Table:
    """The verdicts for every team, as a kit table."""
    spec = analysis.MEASURES[measure]
    frame = verdict_frame(measure)
    return table(frame, {"team": "Team", "weeks": ("Weeks", "count"),
                         "mean": ("Mean (%)", "percent"),
                         "lower": ("Lower limit (%)", "percent"),
                         "upper": ("Upper limit (%)", "percent"),
                         "special": ("Special-cause weeks", "count"),
                         "summary": "What the chart shows"},
                 caption=f"{spec.label}: every team's control chart",
                 notes=[f"Measured: {spec.how}.", "Limits = mean ± 2.66 × the mean moving "
                        "range of the team's weeks (NHS England, Making Data Count)."],
                 row_heading="team")


def verdict_notice() -> Any:
    """What to notice in the verdict table (computed)."""
    frame = verdict_frame()
    signalled = frame[frame["summary"] != "common cause"]
    quiet = frame[frame["summary"] == "common cause"]["team"].tolist()
    lines = []
    for row in signalled.itertuples():
        found = spc.signals(team_chart_frame(row.team))
        latest = found.iloc[-1]
        line = (f"{row.team}: a signal of {latest['variation']} from the week of "
                f"{_day(latest['first'])} ({latest['rules']}).")
        earlier = found.iloc[:-1]
        if len(earlier) and (earlier["variation"] != latest["variation"]).any():
            line += (" The weeks before it form a signal on the other side: the chart mixes "
                     "two processes, before and after a change, so one set of limits fits "
                     "neither.")
        lines.append(line)
    if quiet:
        lines.append(f"{_join(quiet)}: common cause only. Their weekly ups and downs are the "
                     "process as it is: nothing to explain, and nothing to praise or blame.")
    change = known_change()
    if change["team"] and change["team"] in set(signalled["team"]):
        lines.append(f"{change['team']}'s team leader logged a process change from "
                     f"{_day(change['date'])}: {change['what']}.")
    return callout("What to notice", lines)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# ------------------------------------------------------------------ RAG month on month
def rag_frame(measure: str = "repeat_contacts") -> pd.DataFrame:
    """Each team's monthly rate and the month-on-month RAG a report would show, beside what
    its control chart says. Months are calendar months of the weekly history's contacts
    (whole months only)."""
    spec = analysis.MEASURES[measure]
    data = tables()["contacts"]
    rows = []
    for team in teams():
        monthly = analysis.monthly_rate(data, measure, team)
        chart = team_chart_frame(team, measure)
        summary = spc.summary(chart)
        for (month, value), (_prev_month, previous) in zip(
                list(monthly.items())[1:], list(monthly.items())[:-1], strict=True):
            moved = value - previous
            worse = moved > 0 if spec.improvement == "decrease" else moved < 0
            status = ("Amber: about the same" if abs(moved) <= RAG_POINTS
                      else "Red: worse" if worse else "Green: better")
            rows.append({"team": team, "month": month, "previous": 100 * previous,
                         "value": 100 * value, "moved": 100 * moved, "rag": status,
                         "chart": summary})
    return pd.DataFrame(rows)


def rag_table(measure: str = "repeat_contacts") -> Table:
    """Month-on-month RAG beside the control chart's verdict."""
    frame = rag_frame(measure)
    frame["month"] = frame["month"].map(lambda m: format_value(m, "month"))
    return table(frame, {"team": "Team", "month": "Month",
                         "previous": ("Last month (%)", "percent"),
                         "value": ("This month (%)", "percent"),
                         "moved": ("Change", "points"), "rag": "Month-on-month RAG",
                         "chart": "What the control chart shows"},
                 caption="A month-on-month RAG report, and what the control charts say",
                 notes=[f"RAG rule: red if the rate got worse by more than "
                        f"{100 * RAG_POINTS:.0f} point since last month, green if it got better "
                        "by more than that, amber otherwise (a common house rule)."])


def rag_notice() -> Any:
    """What to notice in the RAG table (computed)."""
    frame = rag_frame()
    flagged = frame[~frame["rag"].str.startswith("Amber")]
    noise = flagged[flagged["chart"] == "common cause"]
    real = sorted(set(frame.loc[frame["chart"] != "common cause", "team"]))
    lines = [f"The RAG report flags {len(flagged)} of {len(frame)} month-on-month comparisons "
             f"red or green; {len(noise)} of them are teams whose control chart shows only "
             "common cause, so those colours are noise."]
    if real:
        lines.append(f"The charts find a real change only for {_join(real)}.")
    lines.append("Two points (this month and last) cannot tell a change from chance; a "
                 "chart of every week, with limits, can.")
    return callout("What to notice", lines)


def birch_chart() -> Any:
    """The team with a known change, its limits recalculated at the change (static)."""
    change = known_change()
    team = change["team"] or teams()[0]
    chart = team_chart_frame(team, recalculate=True)
    return static(_team_figure(chart, team, "repeat_contacts"))


def _baseline_limits(team: str) -> pd.Series:
    """Mean and limits of the team's weeks before its known change."""
    chart = team_chart_frame(team, recalculate=True)
    return chart.iloc[0]


def _shift_points() -> float:
    change = known_change()
    chart = team_chart_frame(change["team"], recalculate=True)
    return round(100 * (chart["mean"].iloc[-1] - chart["mean"].iloc[0]), 1)


def _first_team_upper() -> float:
    return round(100 * float(team_chart_frame(teams()[0])["upper"].iloc[0]), 1)


upper_limit_check = NumericAnswer(
    "06-upper-limit",
    "Work out the upper limit of the first team's weekly repeat-contact rate yourself, from "
    "the weekly figures in the next cell's table: the mean plus 2.66 times the mean moving "
    "range. In %, one decimal place.",
    expected=_first_team_upper, tolerance=0.15, units="%",
    hint_low="Multiply the mean moving range by 2.66 and add it to the mean. A moving range "
             "is the difference between one week and the next, ignoring its sign.",
    hint_high="Use the mean of the moving ranges (11 weeks give 10 of them), not the largest.",
    criteria=["6.2"],
    explanation="The limits come from the data's own week-to-week variation: about 99% of "
                "weeks from a steady process fall inside them.")

shift_check = NumericAnswer(
    "06-shift",
    "After its known change, by how many percentage points did the team's mean weekly "
    "repeat-contact rate change (new mean minus old mean, from the chart with limits "
    "recalculated)? One decimal place; a fall is negative.",
    expected=_shift_points, tolerance=0.15, units="points",
    hint_low="Take the old mean from the recalculated new one, not the other way round.",
    hint_high="A fall in repeat contacts is a negative number: new mean minus old mean.",
    criteria=["6.2"],
    explanation="A step change of this size, held week after week, is what a real process "
                "change looks like: every week after it is below the old lower limit.")

rag_check = MultipleChoice(
    "06-rag",
    "A month-on-month report shows one team green last month (its repeat-contact rate fell by "
    "1.6 points). Its control chart shows common cause only. What do you tell the team leader?",
    {"a": "Well done: the team has improved; find out what they did and copy it.",
     "b": "The fall is within the team's normal week-to-week variation; nothing has changed "
          "yet, so neither praise nor blame it, and keep watching the chart.",
     "c": "Set a stretch target from this month's figure, since the team has shown it can.",
     "d": "Recalculate the team's control limits from this month."},
    answer="b",
    hints={"a": "A chart with common cause only says the fall is the process as it is: "
                "nothing was done differently that the data can show.",
           "c": "A target set from one lucky month will be missed next month by chance alone.",
           "d": "Recalculate limits only at a known, deliberate change to the process."},
    criteria=["6.2"],
    explanation="Reacting to noise (praising, blaming, re-targeting) is called tampering: it "
                "adds variation and teaches people that the numbers are a lottery.")


def first_team_weeks() -> Table:
    """The first team's weekly repeat-contact rate, with the moving ranges to work from."""
    frame = history("repeat_contacts", teams()[0]).copy()
    frame["moving_range"] = frame["value"].diff().abs()
    shown = pd.DataFrame({"week": frame["week"], "count": frame["count"], "of": frame["of"],
                          "value": 100 * frame["value"],
                          "moving": 100 * frame["moving_range"]})
    return table(shown, {"week": ("Week starting", "date"),
                         "count": ("Came back within 7 days", "count"),
                         "of": ("Answered contacts", "count"),
                         "value": ("Repeat-contact rate (%)", "percent"),
                         "moving": ("Moving range (points)", "number2")},
                 caption=f"{teams()[0]}: weekly repeat-contact rate",
                 notes=["Moving range: this week's rate minus last week's, ignoring the sign "
                        "(the first week has none)."])


# ------------------------------------------------------------------ 2. PDCA
def _targets() -> dict[str, float]:
    """A suggested target for each problem: a clear step better than the baseline."""
    repeat = pd.concat([history("repeat_contacts", t) for t in teams()])
    rate = float(repeat["count"].sum() / repeat["of"].sum())
    complaint = history("complaint_speed")
    app = history("app_comments")
    return {"repeat_contacts": round(rate - 0.03, 2),
            "complaint_speed": round(float(complaint["value"].mean()) + 0.10, 2),
            "app_comments": round(float(app["value"].iloc[:4].mean()) + 0.02, 2)}


def simulator_histories() -> dict[tuple[str, str], pd.DataFrame]:
    """The histories the PDCA simulator offers: every team without a logged change (its
    baseline is a steady process), complaint speed and app comments."""
    changed = known_change()["team"]
    out = {("repeat_contacts", t): history("repeat_contacts", t) for t in teams()
           if t != changed}
    out[("complaint_speed", "")] = history("complaint_speed")
    out[("app_comments", "")] = history("app_comments")
    return out


def pdca() -> PdcaSimulator:
    """Widget: the PDCA simulator, saving its improvement log to the portfolio."""
    return PdcaSimulator(simulator_histories(), targets=_targets(), seed=tables()["seed"])


def example_project() -> analysis.Project:
    """A worked example: three cycles on the first team's repeat contacts, each decided by
    what the chart shows (abandon a concern, adapt when there is no signal, adopt a real
    improvement). Worked out once per organisation."""
    return _example_project(_key())


@lru_cache(maxsize=2)
def _example_project(key: str) -> analysis.Project:
    team = [t for t in teams() if t != known_change()["team"]][0]
    project = analysis.Project("repeat_contacts", history("repeat_contacts", team), team=team,
                               target=_targets()["repeat_contacts"], seed=tables()["seed"])
    for change, weeks in (("shorter_calls", 6), ("text_summary", 6), ("confirm_fix", 8)):
        cycle = project.do(change, weeks, analysis.CHANGES[change].what)
        decision = {"improvement": "adopt", "none": "adapt", "concern": "abandon"}[
            cycle.signal]
        project.act(decision, analysis.decision_feedback(cycle.signal, decision))
    return project


def example_log() -> Table:
    """The worked example's improvement log."""
    project = example_project()
    return log_table(project.log(), caption=f"A worked example: {project.aim()}")


# ------------------------------------------------------------------ 3. service process
def journey_reason() -> str:
    """The reason for contact the journey starts on: a billing query where the organisation
    has them, or else its commonest reason."""
    known = journeys.reasons(tables()["contacts"])
    return journeys.DEFAULT_REASON if journeys.DEFAULT_REASON in known else known[0]


def journey() -> JourneyRedesign:
    """Widget: one customer journey from the data as a swimlane, with redesign levers."""
    data = tables()
    return JourneyRedesign(data["contacts"], data["complaints"], reason=journey_reason())


def journey_frame(reason: str | None = None) -> pd.DataFrame:
    """The journey of one reason for contact, step by step (computed once)."""
    return _journey(_key(), reason or journey_reason())


@lru_cache(maxsize=4)
def _journey(key: str, reason: str) -> pd.DataFrame:
    data = tables()
    return journeys.journey(data["contacts"], data["complaints"], reason)


def journey_notice(reason: str | None = None) -> Any:
    """What to notice in the journey (computed)."""
    reason = reason or journey_reason()
    frame = journey_frame(reason).set_index("key")
    start = int(frame.loc["start", "contacts"])
    failures = frame[frame["failure"].astype(bool)]
    worst = failures.sort_values("contacts", ascending=False).iloc[0]
    lines = [f"Of {start:,} contacts about “{reason}”: "
             + "; ".join(f"{row.step.lower()}: {int(row.contacts):,} ({_pct(row.share)})"
                         for row in failures.itertuples()) + ".",
             f"The biggest failure point is “{worst['step'].lower()}”. Every contact "
             "that comes back is demand the centre created itself: fix the step that sends "
             "customers back, and the queue, the cost and the complaints fall with it."]
    return callout("What to notice", lines)


def _repeat_gap() -> float:
    contacts = tables()["contacts"]
    about = contacts[(contacts["reason"] == journey_reason()) & contacts["answered"]
                     & contacts["contacted_again_7d"].notna()]
    came_back = about.groupby("resolved_first_contact")["contacted_again_7d"].mean()
    return round(100 * float(came_back[False] - came_back[True]), 1)


repeat_gap_check = NumericAnswer(
    "06-repeat-gap",
    "For the journey's reason for contact (in the swimlane's title), take every answered "
    "contact whose 7 days after are in the data. How many percentage points more often did "
    "the customer come back within 7 days when the contact was not resolved first time than "
    "when it was? One decimal place.",
    expected=_repeat_gap, tolerance=0.15, units="points",
    hint_low="Compare the two groups' shares that came back: not resolved minus resolved.",
    hint_high="Use the share of each group that came back, not the number of contacts.",
    criteria=["6.1"],
    explanation="Unresolved contacts come back far more often: that is why the redesign's "
                "first-contact-resolution lever cuts repeat contacts, and why the change that "
                "worked for one team was about confirming the fix.")


# ------------------------------------------------------------------ 4 and 5
def quality_map() -> QualityFrameworkMap:
    """Widget: the quality-framework map the learner completes (6.4)."""
    return QualityFrameworkMap()


def project_plan() -> ProjectPlanBuilder:
    """Widget: the project plan builder (6.5), starting the week after the data ends."""
    last = tables()["contacts"]["arrived_at"].max()
    return ProjectPlanBuilder(start=(last + pd.Timedelta(days=7 - last.weekday())).date())


# ------------------------------------------------------------------ written answer
tampering_answer = WrittenAnswer(
    "06-tampering",
    "Your operations manager says: \"One team's repeat contacts went up a point last month. "
    "Put them on an action plan.\" Reply in two or three sentences, using what a control "
    "chart tells you.",
    key_points={"look at the chart": ["control chart", "chart", "limits", "xmr", "spc"],
                "noise or signal": ["common cause", "noise", "chance", "normal variation",
                                    "within the limits", "special cause", "signal"],
                "what to do instead": ["process", "system", "improve", "pdca", "watch",
                                       "monitor", "root cause", "keep watching"]},
    model_answer="One month's rise is not evidence: on the team's control chart every week is "
                 "within the limits, so it is common-cause variation (noise). An action plan "
                 "would blame the team for chance. If the level is too high for every team, "
                 "improve the process with a PDCA cycle and keep watching the chart for a "
                 "signal.",
    criteria=["6.2", "6.3"],
    explanation="Acting on noise is tampering. Ask first: is it a signal? Then improve the "
                "system, not the people.")


# ------------------------------------------------------------------ the report
def _saved_log() -> tuple[pd.DataFrame | None, dict | None, str]:
    from csmlib.course.portfolio import Portfolio

    entry = Portfolio().get(LOG_ACTIVITY)
    if entry is None or entry.table is None:
        return None, None, ""
    return entry.table, entry.figure, entry.support_text


class ImprovementReport(ArtefactForm):
    """The improvement report (6.1–6.5): problem, aim, cycles, decision, what is monitored
    next, the frameworks it meets and how the project was coordinated. The improvement log
    saved by the simulator supports it."""

    PARTS = (
        ArtefactPart("problem", "The problem and why it matters to customers",
                     "What the data showed, for which customers, and what it costs them and "
                     "the organisation", ["6.1"], required=True),
        ArtefactPart("aim", "The aim", "Measurable: the measure, from what, to what, by when",
                     ["6.1"], required=True),
        ArtefactPart("cycles", "The cycles and what the charts showed",
                     "Each change, what the control chart showed (signal or not) and what you "
                     "decided; refer to your improvement log", ["6.2", "6.3"], required=True),
        ArtefactPart("decision", "The decision and what will be monitored next",
                     "What is now the standard, the chart you will keep watching, how often, "
                     "who looks at it, and what would trigger the next cycle", ["6.3"],
                     required=True),
        ArtefactPart("standards", "Quality frameworks",
                     "How the work meets ISO 9001 9.1.2 and 10.3 (and ISO 10002 or 18295 where "
                     "they apply)", ["6.4"]),
        ArtefactPart("coordination", "Coordinating the project",
                     "Owners, milestones with their measures, and how you kept people "
                     "informed", ["6.5"]),
    )
    TITLE = "Improvement report"
    ACTIVITY = "06-improvement-report"
    NOTEBOOK = NOTEBOOK
    SAVE_LABEL = "Save my improvement report to the portfolio"
    MISSING_MESSAGE = ("A report needs your own words. Write at least a few sentences for: "
                       "{missing}; then save again.")

    def supporting(self) -> dict:
        """The improvement log saved by the PDCA simulator, if there is one."""
        log, _figure, support = _saved_log()
        if log is None:
            return {"support_text": "No improvement log saved yet: run the PDCA simulator's "
                                    "cycles first."}
        shown = log.drop(columns=[c for c in ("change_key", "weeks_run", "decision_key")
                                  if c in log], errors="ignore")
        return {"table": shown, "support_text": support.split(" Target ")[0]}

    def static_html(self) -> str:
        return ("<p><b>Your report will carry your improvement log.</b> A worked example of "
                "a log:</p>" + example_log().to_html())


def improvement_report() -> ImprovementReport:
    """Widget: the improvement report artefact."""
    return ImprovementReport()


def reflection() -> ReflectionBox:
    """Reflection: monitoring and improvement as one loop."""
    return ReflectionBox(
        "06-reflection",
        "Think of a change you or your organisation made to improve service. How did you know "
        "whether it worked? What would you measure, how often, and what would make you adopt, "
        "adapt or abandon it next time?",
        criteria=["6.1", "6.3"], title="Improvement: how I will know it worked",
        notebook=NOTEBOOK)
