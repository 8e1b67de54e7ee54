"""The PDCA simulator (criteria 6.1–6.3): plan a change, play it forward, read the control
chart, decide, and go round again; every cycle goes into the improvement log in the portfolio.

The maths (the weekly measures, the simulation, the chart's verdict) is
:mod:`csmlib.analysis.improvement` and :mod:`csmlib.analysis.spc`; this module only shows it.

Example:
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> from csmlib.course.portfolio import Portfolio
    >>> weeks = pd.date_range("2026-01-05", periods=12, freq="7D")
    >>> history = pd.DataFrame({"week": weeks, "count": [280 + i % 3 * 9 for i in range(12)],
    ...                         "of": [1000] * 12})
    >>> history["value"] = history["count"] / history["of"]
    >>> sim = PdcaSimulator({("repeat_contacts", "Team Aspen"): history},
    ...                     portfolio=Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p"))
    >>> sim.controls["change"].value = "confirm_fix"
    >>> sim.controls["plan"].value = "Agents confirm the fix with the customer before closing."
    >>> sim.do()
    >>> sim.project.cycles[0].signal in ("improvement", "none", "concern")
    True
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import ipywidgets as widgets
import pandas as pd

from csmlib.analysis import improvement as analysis
from csmlib.course.exercises import strict_mode
from csmlib.course.portfolio import Evidence, Portfolio, WrittenPart
from csmlib.ui.charts import ChartArea
from csmlib.ui.control_chart import xmr_figure
from csmlib.ui.forms import NOT_SAVED, _evidence_status, load_saved, saved_status
from csmlib.ui.tables import Table, table
from csmlib.ui.widgets import CourseWidget, note

__all__ = ["ACTIVITY", "PdcaSimulator", "log_table"]

NOTEBOOK = "06"
ACTIVITY = "06-improvement-log"
CRITERIA_PLAN = ("6.1",)
CRITERIA_ACT = ("6.3",)
MIN_WORDS = 8
_LABEL = {"description_width": "9em"}
#: what each assurance verdict means for the target, in words
_ASSURANCE = {"reliably met": "meet it reliably (reliably met)",
              "reliably missed": "miss it every week (reliably missed)",
              "hit and miss": "meet it in some weeks and miss it in others (hit and miss)"}


def log_table(log: pd.DataFrame, caption: str = "The improvement log") -> Table:
    """The improvement log (:meth:`csmlib.analysis.improvement.Project.log`) as a kit table.

    Example:
        >>> import pandas as pd
        >>> log = pd.DataFrame({"Cycle": [1], "Weeks": ["6 Apr 2026 to 17 May 2026"],
        ...                     "Change": ["Confirm the fix"], "Plan": ["Check with them."],
        ...                     "Before": [0.28], "During": [0.24],
        ...                     "What the chart showed": ["A signal of improvement."],
        ...                     "Decision": ["Adopt"], "Next step": ["Spread it."]})
        >>> log_table(log).headings[4]
        'Before (weekly mean)'
    """
    shown = log.assign(Before=100 * log["Before"], During=100 * log["During"])
    return table(shown, {
        "Cycle": ("Cycle", "count"), "Weeks": ("Weeks", "text"),
        "Change": ("Change tried", "text"), "Plan": ("Plan: what and why", "text"),
        "Before": ("Before (weekly mean)", "percent"),
        "During": ("During (weekly mean)", "percent"),
        "What the chart showed": ("Check: what the chart showed", "text"),
        "Decision": ("Act: decision", "text"), "Next step": ("Next step", "text")},
        caption=caption)


class PdcaSimulator(CourseWidget):
    """Plan a change for one problem, Do it for some weeks, Check the control chart, Act.

    ``histories`` maps (measure key, team or "") to the measure's weekly history from the
    data (:func:`csmlib.analysis.improvement.weekly_history`). ``targets`` suggests a target
    per measure (a share); the learner may change it before the first cycle. The project is
    saved to the portfolio after every decision (activity :data:`ACTIVITY`) and rebuilt from
    it when the widget is made again.
    """

    TITLE: ClassVar[str] = "Improvement log"

    def __init__(self, histories: Mapping[tuple[str, str], pd.DataFrame], *,
                 targets: Mapping[str, float] | None = None, seed: int = 0,
                 portfolio: Portfolio | None = None) -> None:
        super().__init__()
        if not histories:
            raise ValueError("The PDCA simulator needs at least one weekly history.")
        self.histories = dict(histories)
        self.targets = dict(targets or {})
        self.seed = seed
        self.portfolio = portfolio or Portfolio()
        self.project: analysis.Project | None = None
        measures = list(dict.fromkeys(key for key, _team in self.histories))
        c = self.controls
        c["measure"] = widgets.Dropdown(
            options=[(analysis.MEASURES[m].label, m) for m in measures], value=measures[0],
            description="Problem", style=_LABEL, layout=widgets.Layout(width="36em"))
        c["team"] = widgets.Dropdown(options=[], description="Team", style=_LABEL)
        c["target"] = widgets.BoundedFloatText(value=20.0, min=0.5, max=99.5, step=0.5,
                                               description="Target (%)", style=_LABEL,
                                               layout=widgets.Layout(width="16em"))
        c["change"] = widgets.Dropdown(options=[], description="Change to try", style=_LABEL,
                                       layout=widgets.Layout(width="36em"))
        c["weeks"] = widgets.IntSlider(value=6, min=analysis.WEEKS_RANGE[0],
                                       max=analysis.WEEKS_RANGE[1], description="Weeks to run",
                                       style=_LABEL, continuous_update=False)
        c["plan"] = widgets.Textarea(
            placeholder="Plan: what exactly changes, who does it, and what you expect to see "
                        "on the chart if it works", layout=widgets.Layout(width="100%",
                                                                          height="4.5em"))
        c["decision"] = widgets.RadioButtons(
            options=[("Adopt: make it the standard way of working", "adopt"),
                     ("Adapt: keep it, change it or run it longer", "adapt"),
                     ("Abandon: stop it", "abandon")], value=None,
            layout=widgets.Layout(width="auto"))
        c["next_step"] = widgets.Textarea(
            placeholder="Act: why you decided this, and what the next cycle will try or check",
            layout=widgets.Layout(width="100%", height="4.5em"))
        self.buttons = {
            "do": widgets.Button(description="Do: run the change", button_style="primary",
                                 icon="play", layout=widgets.Layout(width="16em")),
            "act": widgets.Button(description="Act: log this cycle", button_style="success",
                                  icon="save", layout=widgets.Layout(width="16em")),
        }
        self.buttons["do"].on_click(lambda _b: self._act(self.do))
        self.buttons["act"].on_click(lambda _b: self._act(self.log_cycle))
        self.aim = widgets.HTML()
        self.what = widgets.HTML()
        self.chart = ChartArea()
        self.check_text = widgets.HTML()
        self.feedback = widgets.HTML()
        self.log_view = widgets.HTML()
        self.status = widgets.HTML(NOT_SAVED)
        self._restoring = False
        c["measure"].observe(self._measure_changed, names="value")
        self._measure_changed()
        plan_box = widgets.VBox([
            widgets.HTML("<h4 style='margin:6px 0 2px'>Plan</h4>"),
            widgets.HBox([c["measure"], c["team"]]), c["target"], self.aim,
            c["change"], self.what, c["weeks"], c["plan"], self.buttons["do"]])
        act_box = widgets.VBox([
            widgets.HTML("<h4 style='margin:6px 0 2px'>Check</h4>"), self.chart.view,
            self.check_text,
            widgets.HTML("<h4 style='margin:6px 0 2px'>Act</h4>"), c["decision"],
            c["next_step"], self.buttons["act"], self.feedback])
        self._finish(plan_box, act_box, self.log_view, self.status)
        self._load_saved()

    # ------------------------------------------------------------------ controls
    def _teams(self, measure: str) -> list[str]:
        return [team for key, team in self.histories if key == measure]

    def _measure_changed(self, _change: Any = None) -> None:
        measure = self.controls["measure"].value
        teams = self._teams(measure)
        spec = analysis.MEASURES[measure]
        self.controls["team"].options = teams if spec.by_team else ["Whole centre"]
        self.controls["team"].value = self.controls["team"].options[0]
        self.controls["team"].disabled = not spec.by_team
        options = [(c.title, c.key) for c in analysis.CHANGES.values() if c.measure == measure]
        self.controls["change"].options = options
        self.controls["change"].value = options[0][1]
        target = self.targets.get(measure)
        if target is not None:
            self.controls["target"].value = round(100 * target, 1)

    def _history(self) -> pd.DataFrame:
        measure = self.controls["measure"].value
        team = self.controls["team"].value if analysis.MEASURES[measure].by_team else ""
        return self.histories[(measure, team)]

    def _team(self) -> str:
        measure = self.controls["measure"].value
        return self.controls["team"].value if analysis.MEASURES[measure].by_team else ""

    def _lock(self, locked: bool) -> None:
        for key in ("measure", "team", "target"):
            self.controls[key].disabled = locked or (
                key == "team" and not analysis.MEASURES[self.controls["measure"].value].by_team)

    def update(self) -> None:
        change = analysis.CHANGES.get(self.controls["change"].value)
        self.what.value = (f"<p style='margin:2px 0 6px 9.5em;color:#333'>"
                           f"{html.escape(change.what)}</p>" if change else "")
        project = self.project or self._draft()
        self.aim.value = (f"<p style='margin:2px 0 6px 9.5em'><b>Aim:</b> "
                          f"{html.escape(project.aim())}</p>")
        self.buttons["do"].description = (
            f"Do: run it for {self.controls['weeks'].value} weeks")
        self.result.value = self._next_step_html(project)

    def _next_step_html(self, project: analysis.Project) -> str:
        """Where the project stands, and what the next press of Do will run."""
        cycles = project.cycles
        if cycles and not cycles[-1].decision:
            return (f"<p><b>Cycle {cycles[-1].number} has run.</b> Read the chart, then "
                    "choose adopt, adapt or abandon, say why, and log the cycle.</p>")
        done = ""
        if cycles:
            done = (f"Cycle {cycles[-1].number} logged: "
                    f"{analysis.DECISIONS[cycles[-1].decision]}. ")
        weeks = int(self.controls["weeks"].value)
        first = cycles[-1].first_week + cycles[-1].weeks if cycles else 0
        start = project.history["week"].iloc[-1] + pd.Timedelta(days=7 * (first + 1))
        end = start + pd.Timedelta(days=7 * weeks - 1)
        change = analysis.CHANGES.get(self.controls["change"].value)
        title = html.escape(change.title) if change else "the change"
        return (f"<p>{done}<b>Next:</b> cycle {len(cycles) + 1} runs “{title}” for {weeks} "
                f"weeks, {start:%-d %b %Y} to {end:%-d %b %Y}.</p>")

    def _draft(self) -> analysis.Project:
        return analysis.Project(self.controls["measure"].value, self._history(),
                                team=self._team(),
                                target=self.controls["target"].value / 100, seed=self.seed)

    def _act(self, action: Callable[[], Any]) -> None:
        try:
            action()
            self.message.value = ""
        except ValueError as error:
            self.message.value = note(str(error))
            if strict_mode():
                raise

    # ------------------------------------------------------------------ Do, Check, Act
    def do(self) -> None:
        """Plan checked, run the change for the chosen weeks and show the chart."""
        plan = self.controls["plan"].value.strip()
        if len(plan.split()) < MIN_WORDS and not self._restoring:
            raise ValueError(f"Write your plan first (at least {MIN_WORDS} words): what "
                             "changes, who does it, and what you expect to see if it works.")
        if self.project is None:
            self.project = self._draft()
        self.project.do(self.controls["change"].value, int(self.controls["weeks"].value), plan)
        self._lock(True)
        self.controls["decision"].value = None
        self.controls["next_step"].value = ""
        self.feedback.value = ""
        self._show_check()
        self.result.value = self._next_step_html(self.project)

    def _show_check(self) -> None:
        assert self.project is not None
        check = self.project.check()
        cycle = self.project.cycles[-1]
        spec = self.project.spec
        breaks = [f"Cycle {c.number} adopted: limits recalculated"
                  for c in self.project.cycles if c.decision == "adopt"
                  and len(self.project.history) + c.first_week < len(check.chart)]
        figure = xmr_figure(
            check.chart, title=f"Weekly {spec.short}: after cycle {cycle.number}",
            y=f"{spec.short.capitalize()} (%)", x="Week starting", value_format=".1%",
            value_label=f"Weekly {spec.short}",
            target=self.project.target, target_label=f"Target ({self.project.target:.1%})",
            improvement=spec.improvement, rebase_labels=breaks, bands=self._bands())
        figure.layout.width = 900
        self.chart.show(figure)
        self.check_text.value = (
            f"<p><b>Cycle {cycle.number}: {html.escape(analysis.CHANGES[cycle.change].title)}"
            f" for {cycle.weeks} weeks.</b> {html.escape(check.verdict)}</p>"
            f"<p>Against the target of {self.project.target:.1%}, the process "
            f"{html.escape(check.basis)} would <b>{_ASSURANCE[check.assurance]}</b>.</p>")

    def _bands(self) -> list[tuple[Any, Any, str]]:
        """Each cycle's weeks, shaded and labelled on the chart, so it reads as a log."""
        assert self.project is not None
        series = self.project.series()
        bands = []
        for cycle in self.project.cycles:
            weeks = series.loc[series["cycle"] == cycle.number, "week"]
            bands.append((weeks.iloc[0] - pd.Timedelta(days=3),
                          weeks.iloc[-1] + pd.Timedelta(days=3), f"Cycle {cycle.number}"))
        return bands

    def log_cycle(self) -> None:
        """Record the decision on the latest cycle and save the log to the portfolio."""
        if self.project is None or not self.project.cycles:
            raise ValueError("Run a cycle first: write the plan and press Do.")
        decision = self.controls["decision"].value
        if decision is None:
            raise ValueError("Choose adopt, adapt or abandon first.")
        next_step = self.controls["next_step"].value.strip()
        if len(next_step.split()) < MIN_WORDS:
            raise ValueError(f"Say why you decided this and what comes next (at least "
                             f"{MIN_WORDS} words): that is what shows ongoing monitoring.")
        cycle = self.project.cycles[-1]
        self.project.act(decision, next_step)
        self.feedback.value = ("<p><b>Feedback on your decision:</b> " + html.escape(
            analysis.decision_feedback(cycle.signal, decision)) + "</p>")
        self.save()
        if decision == "adopt":  # the limits are recalculated from the adopted change
            self._show_check()
        self.controls["plan"].value = ""
        self.result.value = self._next_step_html(self.project)

    def save(self) -> Evidence:
        """Save the log (every decided cycle) to the portfolio, replacing the earlier one."""
        assert self.project is not None
        log = self.project.log()
        parts = []
        for row in log.to_dict("records"):
            parts.append(WrittenPart(f"Cycle {row['Cycle']}: plan", row["Plan"],
                                     CRITERIA_PLAN, MIN_WORDS, f"plan-{row['Cycle']}"))
            parts.append(WrittenPart(f"Cycle {row['Cycle']}: decision and next step",
                                     f"{row['Decision']}. {row['Next step']}", CRITERIA_ACT,
                                     MIN_WORDS, f"act-{row['Cycle']}"))
        who = self.project.team or "the centre"
        entry = self.portfolio.save(
            title=f"{self.TITLE}: {self.project.spec.label.lower()}, {who}",
            parts=parts, table=log, figure=None,
            support_text=(f"Aim: {self.project.aim()} Problem: {self.project.spec.problem} "
                          f"Measure: {self.project.spec.how}. Target "
                          f"{self.project.target:.4f}; measure key "
                          f"{self.project.measure}; seed {self.seed}."),
            notebook=NOTEBOOK, activity=ACTIVITY)
        self.status.value = saved_status(entry, self.portfolio)
        self.log_view.value = log_table(log).to_html()
        return entry

    def _load_saved(self) -> None:
        saved = load_saved(self.portfolio, ACTIVITY, self.message)
        if saved is None or saved.table is None or not len(saved.table):
            return
        support = saved.support_text
        try:
            measure = support.split("measure key ")[1].split(";")[0].strip()
            target = float(support.split("Target ")[1].split(";")[0])
            team = saved.title.rsplit(", ", 1)[1]
            team = "" if team == "the centre" else team
            history = self.histories[(measure, team)]
        except (IndexError, KeyError, ValueError):
            self.message.value = note("Your saved improvement log is for a problem or team "
                                      "this organisation does not have; starting afresh "
                                      "(the saved log stays in your portfolio).")
            return
        self._restoring = True
        try:
            self.project = analysis.Project.replay(measure, history, saved.table, team=team,
                                                   target=target, seed=self.seed)
        finally:
            self._restoring = False
        self.controls["measure"].value = measure
        if team:
            self.controls["team"].value = team
        self.controls["target"].value = round(100 * target, 1)
        self._lock(True)
        self._show_check()
        self.log_view.value = log_table(self.project.log()).to_html()
        self.status.value = _evidence_status(saved, just_saved=False)

    # ------------------------------------------------------------------ display
    def intro_html(self) -> str:
        return ("<p><b>The PDCA simulator</b> (criteria 6.1–6.3). <b>Plan:</b> choose a "
                "problem and, for a team measure, the team; set a target; choose a change and "
                "write what you expect. <b>Do:</b> run it for some weeks after the data ends. "
                "<b>Check:</b> read the control chart: is there a signal? <b>Act:</b> adopt, "
                "adapt or abandon, say why, and log the cycle. Then plan the next cycle. "
                "Run at least three cycles; the log is saved to your portfolio after each "
                "decision.</p>")

    def static_html(self) -> str:
        offered = {key for key, _team in self.histories}
        rows = pd.DataFrame([{"Problem": m.label, "Measured": m.how, "Found in": m.found_in}
                             for m in analysis.MEASURES.values() if m.key in offered])
        return table(rows, {"Problem": ("Problem", "text"), "Measured": ("How it is measured",
                                                                          "text"),
                            "Found in": ("Where you met it", "text")},
                     caption="The problems you can work on").to_html()
