"""The goal → objective → KPI tree builder (criterion 1.1).

:class:`KpiTreeBuilder` is an editable tree, one line per KPI (goal, service objective, KPI,
target), starting from :func:`csmlib.course.strategy.starter_tree`. Every edit re-runs the
check (:func:`csmlib.analysis.kpi_tree.check_tree`), listing the problems in plain words;
*Check and draw* also draws the tree (:func:`tree_figure`): goals on the left, their
objectives in the middle, the KPIs on the right coloured **and labelled** by balanced
scorecard perspective. *Save to portfolio* refuses while problems remain, then saves the
tree, the chart and the learner's "Why these measures" (at least
:attr:`KpiTreeBuilder.MIN_WORDS` words) as evidence for 1.1 (activity ``01-kpi-tree``). A new
builder loads the saved tree back.

Example:
    >>> import tempfile, pathlib
    >>> from csmlib.course.portfolio import Portfolio
    >>> builder = KpiTreeBuilder(Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite"))
    >>> len(builder.rows) == len(strategy.STARTER), "No problems" in builder.result.value
    (True, True)
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable
from typing import Any, ClassVar

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from csmlib.analysis import kpi_tree as kt
from csmlib.analysis.kpis import KPI_CATALOGUE, PERSPECTIVES
from csmlib.course import strategy
from csmlib.course.portfolio import Evidence, Portfolio, WrittenPart
from csmlib.ui.charts import PALETTE, ChartArea, style
from csmlib.ui.forms import NOT_SAVED, _evidence_status, load_saved, saved_status
from csmlib.ui.tables import Table, table
from csmlib.ui.widgets import CourseWidget, refuse_while_problems, require_words

__all__ = ["PERSPECTIVE_COLOURS", "KpiTreeBuilder", "balance_table", "problems_html",
           "tree_figure", "tree_table"]

NOTEBOOK = "01"
CRITERIA = ("1.1",)
#: One colour per balanced scorecard perspective (Okabe–Ito); the chart also writes the
#: perspective in each KPI's box, so colour is never the only cue.
PERSPECTIVE_COLOURS: dict[str, str] = {
    "financial": PALETTE["orange"], "customer": PALETTE["blue"],
    "internal process": PALETTE["green"], "learning and growth": PALETTE["purple"]}
_UNKNOWN = "#9a9a9a"
_GOAL_FILL, _OBJECTIVE_FILL, _EDGE = "#e6e6e6", "#f4f4f4", "#8c8c8c"
_NO_KPI = "— choose a KPI —"
_WIDTH = 900          # the chart's width in pixels: the notebook's width
_HALF = 0.45          # half a box's width, in columns (each column is one unit wide)
_WRAP = {"goal": 26, "objective": 32, "kpi": 34}
#: The width of each input in a row, and of its heading.
_WIDTHS = {"goal": "21%", "objective": "30%", "kpi": "26%", "target": "12%"}


def _rgba(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _wrap(text: str, width: int) -> str:
    return "<br>".join(textwrap.wrap(html.escape(text), width)) or html.escape(text)


def _layout(tidy: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows to draw, grouped by goal then objective (in order of first appearance),
    each with its slot (0 = the top). Empty rows are left out."""
    rows = [r for r in tidy.to_dict("records") if r["goal"] or r["objective"] or r["kpi"]]
    goal_order: dict[str, int] = {}
    objective_order: dict[tuple[str, str], int] = {}
    for r in rows:
        goal_order.setdefault(r["goal"].casefold(), len(goal_order))
        objective_order.setdefault((r["goal"].casefold(), r["objective"].casefold()),
                                   len(objective_order))
    rows.sort(key=lambda r: (goal_order[r["goal"].casefold()],
                             objective_order[(r["goal"].casefold(),
                                              r["objective"].casefold())]))
    for slot, r in enumerate(rows):
        r["slot"] = slot
    return rows


def _spans(rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any]
           ) -> list[tuple[dict[str, Any], int, int]]:
    """Runs of neighbouring rows with the same key: (first row, first slot, last slot)."""
    runs: list[tuple[dict[str, Any], int, int]] = []
    for r in rows:
        if runs and key(runs[-1][0]) == key(r):
            runs[-1] = (runs[-1][0], runs[-1][1], r["slot"])
        else:
            runs.append((r, r["slot"], r["slot"]))
    return runs


def tree_figure(tree: pd.DataFrame, *, title: str = "Goals → service objectives → KPIs"
                ) -> go.Figure:
    """The tree as a chart: three columns of boxes — each goal spans its objectives, each
    objective its KPIs — so a box's reach shows what it is made of. A KPI's box gives its
    name, its target and its perspective in words, and is coloured by perspective (the
    legend counts the KPIs of each). A KPI not in the catalogue is grey and says so; a row
    with no goal, objective or KPI shows "(no goal)", "(no objective)" or "(no KPI)" in a
    dashed box. The labels are also the text of the chart's three text traces (``name``
    "Goals", "Objectives", "KPIs"), one item per box.

    Example:
        >>> fig = tree_figure(strategy.starter_tree())
        >>> goals = next(t for t in fig.data if t.name == "Goals")
        >>> len(goals.text) == len(strategy.goal_names())
        True
        >>> [t.name for t in fig.data if t.showlegend][0]
        'Financial (1 KPI)'
    """
    tidy = kt.normalise(tree)
    rows = _layout(tidy)
    count = max(len(rows), 1)
    shapes: list[dict[str, Any]] = []
    texts: dict[str, tuple[list[float], list[float], list[str], list[str]]] = {
        level: ([], [], [], []) for level in ("goal", "objective", "kpi")}

    def box(column: int, first: int, last: int, fill: str, edge: str, dashed: bool,
            width: float = 1.0) -> None:
        shapes.append({"type": "rect", "xref": "x", "yref": "y", "layer": "below",
                       "x0": column + 0.5 - _HALF, "x1": column + 0.5 + _HALF,
                       "y0": first - 0.44, "y1": last + 0.44, "fillcolor": fill,
                       "line": {"color": edge, "width": width,
                                "dash": "dash" if dashed else "solid"}})

    def label(level: str, column: int, first: int, last: int, text: str, full: str) -> None:
        xs, ys, shown, hover = texts[level]
        xs.append(column + 0.5)
        ys.append((first + last) / 2)
        shown.append(text)
        hover.append(full)

    for r, first, last in _spans(rows, lambda r: r["goal"].casefold()):
        name = r["goal"] or "(no goal)"
        box(0, first, last, _GOAL_FILL, _EDGE, not r["goal"])
        label("goal", 0, first, last, f"<b>{_wrap(name, _WRAP['goal'])}</b>", name)
    for r, first, last in _spans(rows, lambda r: (r["goal"].casefold(),
                                                   r["objective"].casefold())):
        name = r["objective"] or "(no objective)"
        box(1, first, last, _OBJECTIVE_FILL, _EDGE, not r["objective"])
        label("objective", 1, first, last, _wrap(name, _WRAP["objective"]), name)
    for r in rows:
        slot, perspective = r["slot"], r["perspective"]
        if not r["kpi"]:
            box(2, slot, slot, "white", _EDGE, True)
            label("kpi", 2, slot, slot, "(no KPI)", "(no KPI)")
            continue
        colour = PERSPECTIVE_COLOURS.get(perspective, _UNKNOWN)
        box(2, slot, slot, _rgba(colour, 0.18), colour, not perspective, width=2.5)
        tag = perspective.capitalize() if perspective else "Not in the catalogue"
        target = f"Target {html.escape(r['target'])}" if r["target"] else "No target"
        label("kpi", 2, slot, slot, f"{_wrap(r['kpi'], _WRAP['kpi'])}<br>{target} · <i>{tag}"
                                    "</i>", f"{r['kpi']} ({target.lower()}; {tag.lower()})")
    sizes = {"goal": 13, "objective": 12, "kpi": 12}
    names = {"goal": "Goals", "objective": "Objectives", "kpi": "KPIs"}
    traces: list[dict[str, Any]] = [
        {"type": "scatter", "x": xs, "y": ys, "text": shown, "hovertext": hover,
         "mode": "text", "name": names[level], "showlegend": False, "hoverinfo": "text",
         "textfont": {"size": sizes[level], "color": "#1a1a1a"}}
        for level, (xs, ys, shown, hover) in texts.items()]
    counts = kt.balance(tidy).set_index("perspective")["kpis"]
    for perspective in PERSPECTIVES:
        n, colour = int(counts[perspective]), PERSPECTIVE_COLOURS[perspective]
        traces.append({
            "type": "scatter", "x": [None], "y": [None], "mode": "markers",
            "showlegend": True, "hoverinfo": "skip",
            "name": f"{perspective.capitalize()} ({n} KPI{'s' if n != 1 else ''})",
            "marker": {"symbol": "square", "size": 14, "color": _rgba(colour, 0.35),
                       "line": {"color": colour, "width": 2.5}}})
    fig = go.Figure(traces)
    style(fig, title=title, x="", y="", height=min(2000, 150 + 62 * (count + 1)))
    headings = ("Goal", "Service objective", "KPI and target")
    fig.update_layout(
        width=_WIDTH, shapes=shapes, hovermode="closest",
        margin={"l": 10, "r": 10, "t": 95, "b": 10},
        annotations=[{"x": i + 0.5, "y": -0.75, "xref": "x", "yref": "y", "text": f"<b>{h}</b>",
                      "showarrow": False, "font": {"size": 13}} for i, h in enumerate(headings)],
        xaxis={"range": [0, 3], "visible": False, "fixedrange": True},
        yaxis={"range": [count - 0.5, -1.1], "visible": False, "fixedrange": True})
    return fig


def tree_table(tree: pd.DataFrame) -> Table:
    """The tree as a kit table: goal, objective, KPI, target and perspective.

    Example:
        >>> tree_table(strategy.starter_tree()).rows()[0][:3]
        ['Keep our customers', 'Resolve more problems at the first contact', \
'FCR (first contact resolution)']
    """
    tidy = kt.normalise(tree)
    return table(tidy, {"goal": "Goal", "objective": "Service objective", "kpi": "KPI",
                        "target": "Target", "perspective": "Perspective"},
                 notes=["Perspective: the four views of Kaplan and Norton's balanced "
                        "scorecard (Harvard Business Review, 1992) — financial, customer, "
                        "internal process, learning and growth. A balanced set of KPIs "
                        "keeps one view (say, cost) from crowding out the others."])


def balance_table(tree: pd.DataFrame) -> Table:
    """How many KPIs the tree has in each perspective, and which, as a kit table.

    Example:
        >>> balance_table(strategy.starter_tree()).rows()[0][0]
        'financial'
    """
    counts = kt.balance(tree)
    counts["percent"] = counts["share"] * 100
    return table(counts, {"perspective": "Perspective", "kpis": ("KPIs", "count"),
                          "percent": ("Share of KPIs", "percent"), "names": "Which"},
                 notes=[f"Balanced: every perspective has a KPI and none has more than "
                        f"{kt.MAX_SHARE:.0%} of them. A KPI that measures two objectives "
                        "counts once."])


def problems_html(problems: list[kt.Problem], tree: pd.DataFrame | None = None) -> str:
    """The check's result as HTML: the sentence, then each problem (✘) on its own line.

    Example:
        >>> "✔" in problems_html([]), "✘" in problems_html([kt.Problem(1, "KPI", "x")])
        (True, True)
    """
    sentence = html.escape(kt.summary(problems, tree))
    if not problems:
        return f"<p><b>✔ {sentence}</b></p>"
    items = "".join(f"<li>✘ {html.escape(str(p))}</li>" for p in problems)
    return (f"<p><b>{sentence}</b></p><ul style='margin:2px 0;list-style:none;"
            f"padding-left:8px'>{items}</ul>")


_KPI_NAMES = [entry.name for entry in KPI_CATALOGUE]
_TARGETS = {entry.name: entry.target_text() for entry in KPI_CATALOGUE}


#: Each row input's accessible name (the grid's column headings show it to the eye).
_NAMES = {"goal": "Goal", "objective": "Objective", "kpi": "KPI", "target": "Target"}


class _TreeRow:
    """The inputs of one row: goal (a goal of the organisation or the learner's own),
    objective, KPI (from the catalogue), target, and a button that removes the row."""

    def __init__(self, values: dict[str, Any], on_remove: Callable[[_TreeRow], None]) -> None:
        def text(key: str) -> str:
            value = values.get(key, "")
            return "" if value is None or (not isinstance(value, str) and pd.isna(value)) \
                else str(value).strip()

        kpi = text("kpi")
        options = [(_NO_KPI, "")] + [(name, name) for name in _KPI_NAMES]
        if kpi and kpi not in _KPI_NAMES:  # a saved name the catalogue no longer has
            options.append((f"{kpi} (not in the catalogue)", kpi))
        self.number = widgets.HTML(layout=widgets.Layout(width="2em"))
        self.inputs: dict[str, widgets.Widget] = {
            "goal": widgets.Combobox(value=text("goal"), options=strategy.goal_names(),
                                     placeholder="a goal, or your own", ensure_option=False,
                                     continuous_update=False,
                                     layout=widgets.Layout(width=_WIDTHS["goal"])),
            "objective": widgets.Combobox(value=text("objective"),
                                          options=strategy.objectives_of(text("goal")),
                                          placeholder="what the service will do better",
                                          ensure_option=False, continuous_update=False,
                                          layout=widgets.Layout(width=_WIDTHS["objective"])),
            "kpi": widgets.Dropdown(options=options, value=kpi,
                                    layout=widgets.Layout(width=_WIDTHS["kpi"])),
            "target": widgets.Text(value=text("target"), placeholder="e.g. ≥ 75%",
                                   continuous_update=False,
                                   layout=widgets.Layout(width=_WIDTHS["target"])),
        }
        for key, words in _NAMES.items():  # the column headings, for screen readers
            self.inputs[key].tooltip = words
        self.remove = widgets.Button(icon="trash", tooltip="Remove this row",
                                     layout=widgets.Layout(width="2.6em"))
        self.remove.on_click(lambda _b: on_remove(self))
        self.inputs["goal"].observe(self._goal_changed, names="value")
        self.inputs["kpi"].observe(self._kpi_changed, names="value")
        self.view = widgets.HBox([self.number, *self.inputs.values(), self.remove],
                                 layout=widgets.Layout(width="100%"))

    def _goal_changed(self, change: dict[str, Any]) -> None:
        self.inputs["objective"].options = strategy.objectives_of(change["new"])

    def _kpi_changed(self, change: dict[str, Any]) -> None:
        target = self.inputs["target"]
        if not target.value.strip() or target.value == _TARGETS.get(change["old"], ""):
            target.value = _TARGETS.get(change["new"], "")  # the catalogue's, until edited

    def values(self) -> dict[str, str]:
        return {key: control.value for key, control in self.inputs.items()}


class KpiTreeBuilder(CourseWidget):
    """Build, check, draw and save the goal → objective → KPI tree (criterion 1.1).

    ``tree`` is the starting tree (by default :func:`csmlib.course.strategy.starter_tree`);
    a tree saved before is loaded instead. ``buttons``: ``add``, ``check``, ``save``;
    ``controls``: ``why`` (the written part, "Why these measures", at least
    :attr:`MIN_WORDS` words). ``rows`` holds one :class:`_TreeRow` per line (each with its
    own remove button); ``chart`` shows the tree as last drawn (``chart.figure``);
    ``result`` the check; ``status`` the one status line.
    """

    ACTIVITY: ClassVar[str] = "01-kpi-tree"
    MIN_WORDS: ClassVar[int] = 20
    TITLE: ClassVar[str] = "Goal → objective → KPI tree"
    HEADING: ClassVar[str] = "Why these measures"

    def __init__(self, portfolio: Portfolio | None = None, *,
                 tree: pd.DataFrame | None = None) -> None:
        super().__init__()
        self.portfolio = portfolio or Portfolio()
        self.starter = strategy.starter_tree() if tree is None else kt.normalise(tree)
        self.rows: list[_TreeRow] = []
        self.rows_box = widgets.VBox()
        self.chart = ChartArea()
        self.status = widgets.HTML(NOT_SAVED)
        self.drawn = widgets.HTML()
        #: the action buttons (kept out of ``controls``, which holds the values a learner sets)
        self.buttons: dict[str, widgets.Button] = self._action_buttons({
            "add": ("Add a row", "plus", "", self.add_row),
            "check": ("Check and draw", "check", "info", self.draw),
            "save": ("Save to portfolio", "save", "success", self.save),
        })
        self.controls["why"] = widgets.Textarea(
            placeholder="Why these goals and these measures: which customers' expectations "
                        "they answer, how each objective moves a goal (keeping customers, "
                        "cost, reputation, duties), and what would go wrong if you measured "
                        "only one perspective.",
            layout=widgets.Layout(width="98%", height="7em"))
        self.caption = widgets.HTML()
        self.controls["why"].observe(lambda _c: self._recaption(), names="value")
        self._set_rows(self.starter)
        self._load_saved()
        self._recaption()
        headings = widgets.HBox(
            [widgets.HTML(f"<b>{text}</b>", layout=widgets.Layout(width=width))
             for text, width in (("", "2em"), ("Goal", _WIDTHS["goal"]),
                                 ("Service objective", _WIDTHS["objective"]),
                                 ("KPI", _WIDTHS["kpi"]), ("Target", _WIDTHS["target"]))],
            layout=widgets.Layout(width="100%"))
        self.view = widgets.VBox([
            headings, self.rows_box,
            widgets.HBox([self.buttons["add"], self.buttons["check"]]),
            self.result, self.drawn, self.chart.view, self.caption, self.controls["why"],
            self.buttons["save"], self.message, self.status])
        self.view.add_class("csm-widget")
        self._safe_update()
        self._act(self.draw)

    # ------------------------------------------------------------------- rows
    def _set_rows(self, tree: pd.DataFrame) -> None:
        tidy = kt.normalise(tree)
        self.rows = []
        for record in tidy.to_dict("records"):
            self._new_row(record)
        self._renumber()

    def _new_row(self, values: dict[str, Any]) -> _TreeRow:
        row = _TreeRow(values, lambda r: self._act(lambda: self.remove_row(r)))
        for control in row.inputs.values():
            control.observe(self._safe_update, names="value")
        self.rows.append(row)
        return row

    def _renumber(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            row.number.value = f"<b>{number}.</b>"
        self.rows_box.children = [row.view for row in self.rows]

    def add_row(self) -> None:
        """Add an empty row at the end."""
        if len(self.rows) >= kt.MAX_ROWS:
            raise ValueError(f"A tree has at most {kt.MAX_ROWS} rows: a service is not run by "
                             "more measures than that.")
        self._new_row({})
        self._renumber()
        self.update()

    def remove_row(self, row: _TreeRow | int) -> None:
        """Remove a row (the row itself, or its number: 1 is the first)."""
        if isinstance(row, int):
            if not 1 <= row <= len(self.rows):
                raise ValueError(f"There is no row {row}; the tree has {len(self.rows)}.")
            row = self.rows[row - 1]
        if row not in self.rows:
            raise ValueError("That row has already been removed.")
        self.rows.remove(row)
        self._renumber()
        self.update()

    def tree(self) -> pd.DataFrame:
        """The tree as typed, tidied (:func:`csmlib.analysis.kpi_tree.normalise`)."""
        frame = pd.DataFrame([row.values() for row in self.rows],
                             columns=list(kt.COLUMNS[:4]))
        return kt.normalise(frame)

    # ----------------------------------------------------------------- update
    def update(self) -> None:
        """Check the tree as typed (the chart is redrawn by *Check and draw*)."""
        tree = self.tree()
        problems = kt.check_tree(tree)
        self.result.value = problems_html(problems, tree)
        if self.chart.figure is not None:
            self.drawn.value = ("<small><i>The chart shows the tree as last drawn: press "
                                "<b>Check and draw</b> to redraw it.</i></small>")

    def draw(self) -> None:
        """Check the tree and draw it."""
        tree = self.tree()
        self.result.value = problems_html(kt.check_tree(tree), tree)
        self.chart.show(tree_figure(tree))
        self.drawn.value = ""

    def _recaption(self) -> None:
        words = len(self.controls["why"].value.split())
        state = (f"✔ {words} words" if words >= self.MIN_WORDS
                 else f"{words} of {self.MIN_WORDS} words")
        self.caption.value = (f"<b>{self.HEADING}</b> <small>— for 1.1 · required, at least "
                              f"{self.MIN_WORDS} words · {state}</small>")

    # ----------------------------------------------------------------- saving
    def save(self) -> Evidence:
        """Check the tree and the writing, then save them (replacing an earlier tree)."""
        tree = self.tree()
        problems = kt.check_tree(tree)
        self.result.value = problems_html(problems, tree)
        refuse_while_problems(problems, "the tree")
        text = self.controls["why"].value.strip()
        require_words(text, self.HEADING, self.MIN_WORDS, "how your measures serve the "
                      "organisation's goals and its customers")
        self.draw()
        entry = self.portfolio.save(
            title=self.TITLE,
            parts=[WrittenPart(self.HEADING, text, CRITERIA, self.MIN_WORDS, "why")],
            table=tree, figure=self.chart.figure, support_text=kt.summary([], tree),
            notebook=NOTEBOOK, activity=self.ACTIVITY)
        self.status.value = saved_status(entry, self.portfolio)
        return entry

    def _load_saved(self) -> None:
        saved = load_saved(self.portfolio, self.ACTIVITY, self.message)
        if saved is None:
            return
        if saved.table is not None and len(saved.table) \
                and set(kt.COLUMNS[:4]) <= set(saved.table.columns):
            self._set_rows(saved.table[list(kt.COLUMNS[:4])].fillna(""))
        for part in saved.parts:
            if part.key == "why":
                self.controls["why"].value = part.text
        self.status.value = _evidence_status(saved, just_saved=False)

    # ---------------------------------------------------------------- display
    def intro_html(self) -> str:
        return ("<p><b>Build your goal → objective → KPI tree</b> (criterion 1.1). Each line "
                "is one KPI: the organisation's <b>goal</b> it serves (pick one or type your "
                "own), the <b>service objective</b> that moves that goal, the <b>KPI</b> from "
                "the course's catalogue that shows whether it is happening, and its "
                "<b>target</b>. The check asks that every KPI serves a goal, every goal and "
                "objective has a measure with a target, and the KPIs cover all four "
                "perspectives of the balanced scorecard without one crowding out the rest. "
                "Press <b>Check and draw</b> to see the tree; then write why you chose these "
                f"measures (at least {self.MIN_WORDS} words) and save.</p>")

    def static_html(self) -> str:
        """The starter tree and its balance, as tables, with its check."""
        return "".join([
            "<p><b>The starter tree</b></p>", tree_table(self.starter).to_html(),
            "<p><b>Its balance across the scorecard's perspectives</b></p>",
            balance_table(self.starter).to_html(),
            problems_html(kt.check_tree(self.starter), self.starter)])
