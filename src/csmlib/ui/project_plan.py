"""Coordinating an improvement project (criterion 6.5): the project plan builder.

:class:`ProjectPlanBuilder` is an editable plan, one block per task (task, owner, start, end,
milestone, measure, depends on, risk, mitigation), starting from
:func:`csmlib.analysis.project_plan.example_plan`. *Check and draw* lists the problems
(:func:`csmlib.analysis.project_plan.check_plan`) in plain words and draws the plan as a
timeline (:func:`timeline_figure`); *Save to portfolio* refuses while problems remain, then
saves the plan, the timeline and the learner's "How I will coordinate and communicate" as
evidence for 6.5 (activity ``06-project-plan``). A new builder loads the saved plan back.

Example:
    >>> import tempfile, pathlib
    >>> from datetime import date
    >>> from csmlib.course.portfolio import Portfolio
    >>> builder = ProjectPlanBuilder(start=date(2027, 1, 4),
    ...     portfolio=Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite"))
    >>> len(builder.rows), "No problems found" in builder.result.value
    (9, True)
"""

from __future__ import annotations

import html
from datetime import date, datetime, time, timedelta
from typing import Any, ClassVar

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from csmlib.analysis import project_plan as pp
from csmlib.course.portfolio import Evidence, Portfolio, WrittenPart
from csmlib.ui.charts import PALETTE, SEQUENCE, style
from csmlib.ui.forms import NOT_SAVED, _evidence_status, load_saved, saved_status
from csmlib.ui.tables import Table, format_value, table
from csmlib.ui.widgets import CourseWidget, refuse_while_problems, require_words

__all__ = ["ProjectPlanBuilder", "plan_tables", "problems_html", "timeline_figure"]

NOTEBOOK = "06"
CRITERIA = ("6.5",)
#: Patterns that tell owners apart as well as their colours (colour is never the only cue).
_PATTERNS = ("", "/", ".", "x", "\\", "+", "-", "|")
_LABEL = {"description_width": "initial"}
_DAY_MS = 24 * 3600 * 1000
_ARROW = "#6b6b6b"
_EARLY = PALETTE["vermillion"]


def _day(when: date) -> str:
    return format_value(when, "date")


def _at(when: date, hours: int = 0) -> str:
    return datetime.combine(when, time(hours)).isoformat()


def timeline_figure(plan: pd.DataFrame, *, title: str = "The project plan as a timeline",
                    start_line: date | None = None) -> go.Figure:
    """The plan as a timeline: a bar per task from its start to the end of its end day, in
    plan order from the top, coloured and patterned by owner; milestones as black diamonds on
    their (end) day, after a bar when they last more than a day; an arrow from the end of
    each task a task depends on to that task's start; a dotted line where the plan starts
    (``start_line``, by default its first start). Rows whose dates cannot be read are left
    out (the check names them).

    Example:
        >>> from datetime import date
        >>> fig = timeline_figure(pp.example_plan(date(2027, 1, 4)))
        >>> names = [t.name for t in fig.data]
        >>> "Quality lead" in names and "Milestone (checkpoint)" in names
        True
        >>> len(fig.layout.annotations) > 0
        True
    """
    plan = pp.normalise(plan)
    count = len(plan)
    starts: list[date | None] = list(plan["start"])
    ends: list[date | None] = list(plan["end"])
    names = [t or "(no name)" for t in plan["task"]]
    labels = [f"{i + 1}. {name}" for i, name in enumerate(names)]
    milestones = list(plan["milestone"])
    owners = [o or "(no owner)" for o in plan["owner"]]
    fig = go.Figure()
    order: list[str] = []
    for owner in owners:
        if owner not in order:
            order.append(owner)
    for number, owner in enumerate(order):
        rows = [i for i in range(count) if owners[i] == owner and starts[i] and ends[i]
                and (ends[i] > starts[i] or (ends[i] == starts[i] and not milestones[i]))]
        colour = SEQUENCE[number % len(SEQUENCE)]
        pattern = _PATTERNS[(number // len(SEQUENCE) + number) % len(_PATTERNS)]
        marker: dict[str, Any] = {"color": colour, "line": {"color": "white", "width": 1}}
        if pattern:
            marker["pattern"] = {"shape": pattern, "fgcolor": "white", "size": 6}
        fig.add_trace(go.Bar(
            y=rows or [None], x=[((ends[i] - starts[i]).days + 1) * _DAY_MS for i in rows]
            or [None], base=[_at(starts[i]) for i in rows] or [None], orientation="h",
            name=owner, marker=marker, width=0.6, showlegend=True,
            customdata=[[labels[i], _day(starts[i]), _day(ends[i])] for i in rows] or None,
            hovertemplate=("%{customdata[0]}<br>" + html.escape(owner)
                           + "<br>%{customdata[1]} to %{customdata[2]}<extra></extra>")))
    points = [i for i in range(count) if milestones[i] and ends[i]]
    fig.add_trace(go.Scatter(
        x=[_at(ends[i], 12) for i in points] or [None], y=points or [None], mode="markers",
        name="Milestone (checkpoint)",
        marker={"symbol": "diamond", "size": 15, "color": PALETTE["black"],
                "line": {"color": "white", "width": 1}},
        customdata=[[labels[i], _day(ends[i]), owners[i]] for i in points] or None,
        hovertemplate="%{customdata[0]}<br>%{customdata[1]} · %{customdata[2]}<extra></extra>"))
    lookup: dict[str, int] = {}
    for i, name in enumerate(names):
        lookup.setdefault(name.casefold(), i)
    kinds: set[bool] = set()
    for i, after in enumerate(pp.dependencies(plan).values()):
        for before in after:
            j = lookup.get(before.casefold())
            if j is None or j == i or not (starts[i] and ends[j]):
                continue
            early = starts[i] < ends[j]  # starts before the task it depends on ends
            fig.add_annotation(x=_at(starts[i]), y=i, ax=_at(ends[j] + timedelta(days=1)),
                               ay=j, xref="x", yref="y", axref="x", ayref="y",
                               showarrow=True, arrowhead=2, arrowsize=1,
                               arrowwidth=2 if early else 1.2,
                               arrowcolor=_EARLY if early else _ARROW, standoff=2, text="")
            kinds.add(early)
    for early in sorted(kinds):  # legend entries explaining the arrows
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="lines",
            name="Arrow: starts too early" if early else "Arrow: must end first",
            line={"color": _EARLY if early else _ARROW, "width": 2 if early else 1.2,
                  "dash": "solid"}))
    known = [d for d in starts if d]
    start_line = start_line or (min(known) if known else None)
    if start_line is not None and count:
        fig.add_trace(go.Scatter(
            x=[_at(start_line)] * 2, y=[-0.6, count - 0.4], mode="lines",
            name=f"Plan starts ({_day(start_line)})", hoverinfo="skip",
            line={"color": PALETTE["black"], "dash": "dot", "width": 1.5}))
    style(fig, title=title, x="Date", y="Task, in plan order",
          height=max(360, 230 + 36 * count))
    # owners, arrows and the start line make a legend of two rows: room for both under the title
    fig.update_layout(barmode="overlay", legend_traceorder="normal", bargap=0.3, width=900,
                      margin_t=130)
    fig.update_xaxes(type="date", tickformat="%-d %b<br>%Y", showgrid=True)
    fig.update_yaxes(tickmode="array", tickvals=list(range(count)), ticktext=labels,
                     autorange="reversed", showgrid=False, zeroline=False,
                     range=[count - 0.4, -0.6] if count else None)
    return fig


def problems_html(problems: list[pp.Problem], plan: pd.DataFrame | None = None) -> str:
    """The check's result as HTML: the sentence, then each problem (✘) on its own line.

    Example:
        >>> "✔" in problems_html([]), "✘" in problems_html([pp.Problem(1, "a", "owner", "x")])
        (True, True)
    """
    sentence = html.escape(pp.summary(problems, plan))
    if not problems:
        return f"<p><b>✔ {sentence}</b></p>"
    items = "".join(f"<li>✘ {html.escape(str(p))}</li>" for p in problems)
    return (f"<p><b>{sentence}</b></p><ul style='margin:2px 0;list-style:none;"
            f"padding-left:8px'>{items}</ul>")


def _for_table(plan: pd.DataFrame) -> pd.DataFrame:
    shown = pp.normalise(plan)
    shown.insert(0, "number", range(1, len(shown) + 1))
    return shown


def plan_tables(plan: pd.DataFrame) -> tuple[Table, Table | None]:
    """The plan as two kit tables: the tasks (with measures and dependencies) and the risks
    with their mitigations (None when no task names a risk).

    Example:
        >>> from datetime import date
        >>> tasks, risks = plan_tables(pp.example_plan(date(2027, 1, 4)))
        >>> tasks.rows()[0][:3], len(risks.rows())
        (['1', 'Measure the baseline', 'Quality lead'], 3)
    """
    shown = _for_table(plan)
    tasks = table(shown, {"number": ("No.", "count"), "task": "Task", "owner": "Owner",
                          "start": ("Start", "date"), "end": ("End", "date"),
                          "milestone": ("Milestone", "flag"), "measure": "Measure (milestones)",
                          "depends_on": "Depends on"},
                  notes=["A milestone is a checkpoint on its end date; its measure says how "
                         "you will know it is met.",
                         "Depends on: the tasks that must end before this one starts."])
    risky = shown[shown["risk"] != ""]
    if risky.empty:
        return tasks, None
    risks = table(risky, {"number": ("No.", "count"), "task": "Task", "risk": "Risk",
                          "mitigation": "Mitigation"})
    return tasks, risks


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"yes", "true", "1", "y"}
    return bool(value) and not pd.isna(value)


class _TaskRow:
    """The inputs of one task: two or three short lines at notebook width."""

    def __init__(self, number: int, values: dict[str, Any]) -> None:
        def text(key: str, description: str, width: str, placeholder: str) -> widgets.Text:
            value = values.get(key, "")
            if isinstance(value, date):
                value = _day(value)
            value = "" if value is None or (not isinstance(value, str) and pd.isna(value)) \
                else str(value).strip()
            return widgets.Text(value=value, description=description,
                                placeholder=placeholder, style=_LABEL,
                                layout=widgets.Layout(width=width))

        self.number = widgets.HTML(f"<b>{number}.</b>", layout=widgets.Layout(width="2.2em"))
        self.inputs: dict[str, widgets.Widget] = {
            "task": text("task", "Task", "40%", "a short name"),
            "owner": text("owner", "Owner", "28%", "a role, e.g. Quality lead"),
            "start": text("start", "Start", "16%", "e.g. 4 Jan 2027"),
            "end": text("end", "End", "16%", "e.g. 29 Jan 2027"),
            "milestone": widgets.Checkbox(value=_flag(values.get("milestone", False)),
                                          description="Milestone", indent=False,
                                          layout=widgets.Layout(width="7.5em")),
            "measure": text("measure", "Measure", "95%", "how you will know the milestone "
                            "is met"),
            "depends_on": text("depends_on", "Depends on", "62%", "task names, by commas"),
            "risk": text("risk", "Risk", "48%", "optional: what could go wrong"),
            "mitigation": text("mitigation", "Mitigation", "50%", "what you will do about it"),
        }
        i = self.inputs
        self.view = widgets.VBox(
            [widgets.HBox([self.number, i["task"], i["owner"], i["milestone"]]),
             widgets.HBox([widgets.HTML("", layout=widgets.Layout(width="2.2em")), i["start"],
                           i["end"], i["depends_on"]]),
             widgets.HBox([widgets.HTML("", layout=widgets.Layout(width="2.2em")),
                           i["measure"]]),
             widgets.HBox([widgets.HTML("", layout=widgets.Layout(width="2.2em")), i["risk"],
                           i["mitigation"]])],
            layout=widgets.Layout(border_bottom="1px solid #d0d0d0", padding="2px 0 6px 0",
                                  width="100%"))

    def values(self) -> dict[str, Any]:
        return {key: control.value for key, control in self.inputs.items()}


class ProjectPlanBuilder(CourseWidget):
    """Build, check and save the improvement project's plan (criterion 6.5).

    ``plan`` is the starting plan (by default the example plan from ``start``, by default
    the Monday of next week); a plan saved before is loaded instead. ``controls``: ``add``,
    ``remove``, ``check``, ``save`` (buttons) and ``coordinate`` (the written part: how you
    will coordinate the people involved and communicate progress, at least
    :attr:`MIN_WORDS` words). ``rows`` holds one :class:`_TaskRow` per task; ``figure`` is the
    timeline; ``result`` the check; ``status`` the one status line.
    """

    ACTIVITY: ClassVar[str] = "06-project-plan"
    MIN_WORDS: ClassVar[int] = 20
    TITLE: ClassVar[str] = "Improvement project plan"
    HEADING: ClassVar[str] = "How I will coordinate and communicate"

    def __init__(self, plan: pd.DataFrame | None = None, *, start: date | None = None,
                 portfolio: Portfolio | None = None) -> None:
        super().__init__()
        self.portfolio = portfolio or Portfolio()
        if start is None:
            today = date.today()
            start = today + timedelta(days=7 - today.weekday())
        self.start = pp.parse_date(start)
        self.example = pp.example_plan(self.start)
        self.rows: list[_TaskRow] = []
        self.rows_box = widgets.VBox()
        self.figure = go.FigureWidget()
        self.figure._config = dict({"displayModeBar": False, "displaylogo": False})
        self.status = widgets.HTML(NOT_SAVED)
        self.controls.update(self._action_buttons({
            "add": ("Add task", "plus", "", self.add_task),
            "remove": ("Remove last task", "minus", "", self.remove_task),
            "check": ("Check and draw", "check", "info", self.update),
            "save": ("Save to portfolio", "save", "success", self.save),
        }))
        self.controls["coordinate"] = widgets.Textarea(
            placeholder="Who meets when, how the team leaders and agents hear about the change "
                        "and its results, how you report progress against the milestones, and "
                        "what happens if a milestone slips.",
            layout=widgets.Layout(width="98%", height="7em"))
        self.caption = widgets.HTML()
        self.controls["coordinate"].observe(lambda _c: self._recaption(), names="value")
        self._set_rows(self.example if plan is None else plan)
        self._load_saved()
        self._recaption()
        self.view = widgets.VBox([
            widgets.HTML("<p><b>Your plan</b>: one block per task. Dates like 4 Jan 2027 or "
                         "04/01/2027; <i>Depends on</i> names earlier tasks, separated by "
                         "commas.</p>"),
            self.rows_box,
            widgets.HBox([self.controls["add"], self.controls["remove"],
                          self.controls["check"]]),
            self.result, self.figure, self.caption, self.controls["coordinate"],
            self.controls["save"], self.message, self.status])
        self.view.add_class("csm-widget")
        self._safe_update()

    # ------------------------------------------------------------------- rows
    def _set_rows(self, plan: pd.DataFrame) -> None:
        if len(plan) > pp.MAX_TASKS:
            raise ValueError(f"A plan has at most {pp.MAX_TASKS} tasks.")
        self.rows = [_TaskRow(n + 1, dict(record)) for n, record in
                     enumerate(plan.reset_index(drop=True).to_dict("records"))]
        self.rows_box.children = [row.view for row in self.rows]

    def add_task(self) -> None:
        """Add an empty task at the end."""
        if len(self.rows) >= pp.MAX_TASKS:
            raise ValueError(f"A plan has at most {pp.MAX_TASKS} tasks: group small tasks "
                             "into larger ones.")
        self.rows.append(_TaskRow(len(self.rows) + 1, {}))
        self.rows_box.children = [row.view for row in self.rows]

    def remove_task(self) -> None:
        """Remove the last task."""
        if not self.rows:
            raise ValueError("There is no task to remove.")
        self.rows.pop()
        self.rows_box.children = [row.view for row in self.rows]

    def plan(self) -> tuple[pd.DataFrame, list[pp.Problem]]:
        """The plan as typed, and every problem in it (reading it and checking it)."""
        frame, problems = pp.parse_plan([row.values() for row in self.rows])
        checked = pp.check_plan(frame)
        seen = {(p.row, p.column) for p in problems}
        problems += [p for p in checked if (p.row, p.column) not in seen]
        problems.sort(key=lambda p: (p.row is None, p.row or 0))
        return frame, problems

    # ----------------------------------------------------------------- update
    def update(self) -> None:
        """Check the plan and draw it."""
        frame, problems = self.plan()
        self.result.value = problems_html(problems, frame)
        drawn = timeline_figure(frame, start_line=self.start if len(frame) else None)
        with self.figure.batch_update():
            self.figure.data = []
            self.figure.layout.annotations = []
            self.figure.add_traces(list(drawn.data))
            self.figure.update_layout(drawn.layout.to_plotly_json())

    def _recaption(self) -> None:
        words = len(self.controls["coordinate"].value.split())
        state = (f"✔ {words} words" if words >= self.MIN_WORDS
                 else f"{words} of {self.MIN_WORDS} words")
        self.caption.value = (f"<b>{self.HEADING}</b> <small>— for 6.5 · required, at least "
                              f"{self.MIN_WORDS} words · {state}</small>")

    # ----------------------------------------------------------------- saving
    def save(self) -> Evidence:
        """Check the plan and the writing, then save them (replacing an earlier plan)."""
        frame, problems = self.plan()
        self.result.value = problems_html(problems, frame)
        refuse_while_problems(problems, "the plan")
        text = self.controls["coordinate"].value.strip()
        require_words(text, self.HEADING, self.MIN_WORDS, "how you will run the project")
        self.update()
        stored = frame.copy()
        for column in ("start", "end"):
            stored[column] = [when.isoformat() for when in stored[column]]
        stored["milestone"] = stored["milestone"].astype(bool)
        figure = go.Figure(self.figure.to_dict())
        entry = self.portfolio.save(
            title=self.TITLE,
            parts=[WrittenPart(self.HEADING, text, CRITERIA, self.MIN_WORDS, "coordinate")],
            table=stored, figure=figure, support_text=pp.summary([], frame),
            notebook=NOTEBOOK, activity=self.ACTIVITY)
        self.status.value = saved_status(entry, self.portfolio)
        return entry

    def _load_saved(self) -> None:
        saved = load_saved(self.portfolio, self.ACTIVITY, self.message)
        if saved is None:
            return
        if saved.table is not None and len(saved.table):
            columns = [c for c in pp.COLUMNS if c in saved.table.columns]
            self._set_rows(saved.table[columns].fillna(""))
        for part in saved.parts:
            if part.key == "coordinate":
                self.controls["coordinate"].value = part.text
        self.status.value = _evidence_status(saved, just_saved=False)

    # ---------------------------------------------------------------- display
    def intro_html(self) -> str:
        return ("<p><b>Coordinate the project</b> (criterion 6.5). The plan below is a "
                "starter: Team Birch showed that “confirm the fix before closing” works; "
                "pilot it in Team Aspen, then roll it out to every team. Make it yours: "
                "every task needs an <b>owner</b>, "
                "every milestone a <b>measure</b>, every risk a <b>mitigation</b>, and no "
                "task may start before a task it depends on ends. Press <b>Check and "
                "draw</b> to see the problems and the timeline; then write how you will "
                f"coordinate and communicate (at least {self.MIN_WORDS} words) and save.</p>")

    def static_html(self) -> str:
        """The example plan as tables, with its check."""
        tasks, risks = plan_tables(self.example)
        parts = ["<p><b>The starter plan</b></p>", tasks.to_html()]
        if risks is not None:
            parts += ["<p><b>Its risks and mitigations</b></p>", risks.to_html()]
        parts.append(problems_html(pp.check_plan(self.example), self.example))
        return "".join(parts)
