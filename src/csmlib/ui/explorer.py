"""The dataset explorer: pick a table, filter it, see a chart and a few rows, in plain words.

Everything a learner sees speaks a manager's language: tables and columns by their names
for people ("Quality checks", "Wait (seconds)"), counts of what a row is ("Number of
contacts", never "Rows"), numbers grouped into round bands ("0–20 s", "20–60 s", "1–2 min"),
a title that says what the chart shows ("Contacts by channel") and a few sample rows through
the presentation kit, with only the columns that matter.

Charts are built from summaries (counts per category, per day, or per band), worked out
once per choice, so every interaction stays fast even on the contacts table.

Example:
    >>> explorer = DatasetExplorer()
    >>> explorer.figure.layout.title.text
    'Contacts by channel'
    >>> explorer.controls["table"].value = "complaints"
    >>> explorer.message.value  # no problem to report
    ''
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from csmlib.data import dictionary, store
from csmlib.data.generator import TABLES
from csmlib.data.schema import TABLES as SCHEMA
from csmlib.ui import tables
from csmlib.ui.charts import PALETTE, style
from csmlib.ui.widgets import CourseWidget

ALL = "(all)"
ROWS_SHOWN = 8
MAX_CATEGORIES = 25
#: columns that make sense to filter on: few distinct values
FILTER_LIMIT = 30
#: at most this many bands for a column of numbers (plus one open band "… or more")
MAX_BANDS = 12
#: free text: never charted or filtered on, only shown in the sample rows
TEXT_COLUMNS = ("comment", "description")

#: Waits in bands that mean something to a manager: (upper end in seconds, label). The
#: first band is the 80/20 standard's 20 seconds; each band includes its upper end.
WAIT_BANDS: tuple[tuple[float, str], ...] = (
    (20, "0–20 s"), (60, "20–60 s"), (120, "1–2 min"), (300, "2–5 min"), (600, "5–10 min"),
    (1800, "10–30 min"), (3600, "30–60 min"), (4 * 3600, "1–4 hours"),
    (24 * 3600, "4–24 hours"), (math.inf, "more than 1 day"),
)

#: The few columns worth seeing in the sample rows of each table (the charted column and
#: the filter column are added when they are not among them).
PREVIEW: dict[str, tuple[str, ...]] = {
    "contacts": ("arrived_at", "channel", "team", "wait_s", "answered", "csat", "comment"),
    "complaints": ("received_at", "channel", "category", "severity", "outcome",
                   "redress_gbp", "description"),
    "agents": ("agent_id", "team", "hire_date", "tenure_months", "communication_score",
               "empathy_score"),
    "qa_evaluations": ("agent_id", "evaluated_at", "accuracy_score", "empathy_score",
                       "total_score"),
    "training": ("agent_id", "course", "completed_at"),
    "customers": ("customer_id", "segment", "annual_value_gbp", "churned", "churned_at"),
    "interval_plan": ("interval_start", "channel", "forecast_contacts", "forecast_aht_s",
                      "scheduled_agents"),
    "budget": ("month", "line", "budget_gbp", "actual_gbp"),
}
#: at most this many columns in the sample rows
PREVIEW_LIMIT = 8


# ------------------------------------------------------------------ bands and summaries
def nice_step(span: float, most: int = MAX_BANDS) -> float:
    """A round band width (1, 2, 2.5 or 5 times a power of ten) giving at most ``most`` bands.

    Example:
        >>> nice_step(183), nice_step(3.8), nice_step(20_000)
        (20.0, 0.5, 2000.0)
    """
    if not math.isfinite(span) or span <= 0:
        return 1.0
    raw = span / most
    power = 10.0 ** math.floor(math.log10(raw))
    return float(next(f * power for f in (1, 2, 2.5, 5, 10) if f * power >= raw * (1 - 1e-9)))


def _number(value: float, step: float, unit: str) -> str:
    decimals = 0 if float(step).is_integer() else (1 if float(step * 10).is_integer() else 2)
    text = f"{value:,.{decimals}f}"
    if unit.startswith("£"):
        return f"£{text}"
    return text


def _suffix(unit: str) -> str:
    if unit.startswith("%"):
        return "%"
    if unit in {"months", "min"}:
        return f" {unit}"
    return ""


def _counts(values: np.ndarray, uppers: Sequence[float]) -> list[int]:
    """How many values fall in each band; a band includes its upper end."""
    index = np.searchsorted(np.asarray(uppers, dtype=float), values, side="left")
    return np.bincount(index, minlength=len(uppers))[:len(uppers)].astype(int).tolist()


def bands(numbers: Sequence[float] | np.ndarray, *, unit: str = "",
          waits: bool = False) -> tuple[list[str], list[int]]:
    """Count numbers in round bands a manager reads at a glance: (labels, counts).

    Waits (``waits=True``, in seconds) use fixed bands that mean something for service
    (0–20 s, 20–60 s, 1–2 min, 2–5 min … more than 1 day: :data:`WAIT_BANDS`); other times
    in seconds are shown in minutes; anything else gets round bands (1, 2, 2.5 or 5 times a
    power of ten) up to the 99th percentile, and one open band "more than …" for the rest.
    A band includes its upper end (the first band its lower end too); counts such as agents
    (whole numbers in whole bands) are labelled exactly (0–5, 6–10). Empty bands at either
    end are left out.

    Example:
        >>> bands([5, 12, 20, 25, 70, 400], unit="seconds", waits=True)
        (['0–20 s', '20–60 s', '1–2 min', '2–5 min', '5–10 min'], [3, 1, 1, 0, 1])
        >>> bands(list(range(0, 1000)), unit="£")[0][:2]
        ['£0–£100', '£100–£200']
        >>> bands(list(range(0, 40)), unit="agents")[0][:3]
        ['0–5', '6–10', '11–15']
        >>> bands([30, 90, 200, 250, 700], unit="seconds")[0][:3]
        ['0–1 min', '1–2 min', '2–3 min']
    """
    values = np.asarray(numbers, dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0:
        return [], []
    if waits and unit == "seconds":
        uppers = [upper for upper, _label in WAIT_BANDS]
        labels = [label for _upper, label in WAIT_BANDS]
        return _trim(labels, _counts(np.clip(values, 0, None), uppers))
    if unit == "seconds":
        values, unit = values / 60, "min"
    low, high = float(values.min()), float(np.percentile(values, 99))
    if high <= low:
        high = float(values.max()) if values.max() > low else low + 1
    step = nice_step(high - low)
    start = math.floor(low / step) * step
    count = max(1, math.ceil(round((high - start) / step, 9)))
    edges = [start + i * step for i in range(count + 1)]
    whole = (bool(np.all(values == np.round(values))) and float(step).is_integer()
             and not unit.startswith("£") and unit != "min")
    suffix = _suffix(unit)
    labels = [f"{_number(a + (1 if whole and i else 0), step, unit)}–{_number(b, step, unit)}"
              f"{suffix}" for i, (a, b) in enumerate(zip(edges[:-1], edges[1:], strict=True))]
    counts = _counts(values, [*edges[1:], math.inf])
    if counts[-1]:
        labels.append(f"more than {_number(edges[-1], step, unit)}{suffix}")
    else:
        counts = counts[:-1]
    return _trim(labels, counts)


def _band_note(labels: Sequence[str]) -> str:
    """How to read the bands, with an example from the chart ("" when the bands are exact).

    Example:
        >>> _band_note(["0–20 s", "20–60 s", "1–2 min"]).split(": ")[1]
        '20–60 s means more than 20 and up to 60 s.'
        >>> _band_note(["0–5", "6–10"])
        ''
    """
    for before, label in zip(labels[:-1], labels[1:], strict=True):
        if "–" not in label or "–" not in before:
            continue
        low, high = label.split("–", 1)
        if before.split("–", 1)[1].split(" ")[0] == low:
            return (f"Each band includes its upper end, not its lower one: {label} means more "
                    f"than {low} and up to {high}.")
        return ""
    return ""


def _trim(labels: list[str], counts: list[int]) -> tuple[list[str], list[int]]:
    nonzero = [i for i, n in enumerate(counts) if n]
    if not nonzero:
        return labels[:1], counts[:1]
    first, last = nonzero[0], nonzero[-1] + 1
    return labels[first:last], [int(n) for n in counts[first:last]]


def _dates(values: pd.Series) -> tuple[list[str], list[int], str]:
    """Counts per day (up to 120 days), per month (up to 3 years) or per year, with every
    period between the first and the last shown, empty ones as 0 (a timeline has no gaps)."""
    span = (values.max() - values.min()).days
    if span <= 120:
        grouped = values.dt.normalize().value_counts()
        every = pd.date_range(grouped.index.min(), grouped.index.max(), freq="D")
        grouped = grouped.reindex(every, fill_value=0)
        labels = [f"{d:%a} {d.day} {d:%b}" for d in grouped.index]
        return labels, [int(n) for n in grouped], "per day"
    if span <= 3 * 366:
        grouped = values.dt.to_period("M").value_counts()
        every = pd.period_range(grouped.index.min(), grouped.index.max(), freq="M")
        grouped = grouped.reindex(every, fill_value=0)
        return [f"{p:%b %Y}" for p in grouped.index], [int(n) for n in grouped], "per month"
    grouped = values.dt.year.value_counts()
    grouped = grouped.reindex(range(grouped.index.min(), grouped.index.max() + 1), fill_value=0)
    return [str(y) for y in grouped.index], [int(n) for n in grouped], "per year"


def _value_label(value: object) -> str:
    if isinstance(value, bool | np.bool_):
        return "Yes" if value else "No"
    text = str(value)
    if text in {"True", "False"}:
        return "Yes" if text == "True" else "No"
    if text == "":
        return "(none)"
    try:
        number = float(text)
    except ValueError:
        return text
    return f"{number:g}" if math.isfinite(number) else text


def summarise_column(series: pd.Series, *, unit: str = "", order: Sequence | None = None,
                     waits: bool = False) -> tuple[list, list, str]:
    """Summarise one column for a chart: (labels, counts, kind).

    Categories and yes/no give counts per value (yes/no shown as Yes and No; ``order``,
    for example the schema's allowed values, fixes the order, else the most common comes
    first); dates give counts per day, month or year (by how long they span); numbers with
    few values give counts per value, others counts per round band (see :func:`bands`).

    Example:
        >>> summarise_column(pd.Series(["a", "b", "a"]))[:2]
        (['a', 'b'], [2, 1])
        >>> summarise_column(pd.Series([True, False, True]))[:2]
        (['Yes', 'No'], [2, 1])
        >>> summarise_column(pd.Series(range(0, 300, 5)), unit="seconds", waits=True)[0]
        ['0–20 s', '20–60 s', '1–2 min', '2–5 min']
    """
    values = series.dropna()
    if values.empty:
        return [], [], "empty"
    if pd.api.types.is_datetime64_any_dtype(values):
        return _dates(values)
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        counts = values.value_counts()  # count first, then turn the few labels into text
        labels = [_value_label(label) for label in counts.index]
        counts = (pd.Series(counts.to_numpy(), index=labels).groupby(level=0, sort=False).sum()
                  .sort_values(ascending=False, kind="stable"))
        if pd.api.types.is_bool_dtype(values):
            counts = counts.reindex([v for v in ("Yes", "No") if v in counts.index])
        elif order is not None:
            wanted = [_value_label(v) for v in order if _value_label(v) in counts.index]
            counts = counts.reindex(wanted + [v for v in counts.index if v not in wanted])
        counts = counts.head(MAX_CATEGORIES)
        return counts.index.tolist(), [int(n) for n in counts], "per value"
    numbers = values.astype(float).to_numpy()
    if len(np.unique(numbers)) <= 11:
        counts = pd.Series(numbers).value_counts().sort_index()
        return [f"{v:g}" for v in counts.index], [int(n) for n in counts], "per value"
    labels, counts = bands(numbers, unit=unit, waits=waits)
    return labels, counts, "per band"


def _format(table: str, column: str) -> str:
    """The presentation kit's format for a column, from its kind and unit in the schema."""
    spec = next(c for c in SCHEMA[table] if c.name == column)
    if spec.kind == "datetime":
        return "datetime"
    if spec.kind == "date":
        return "date"
    if spec.kind == "flag":
        return "flag"
    if spec.kind == "integer":
        return "count"
    if spec.kind == "number":
        if spec.unit.startswith("£"):
            return "money"
        return "count" if spec.unit == "seconds" else "number"
    return "text"


def _allowed(table: str, column: str) -> tuple | None:
    spec = next((c for c in SCHEMA[table] if c.name == column), None)
    return None if spec is None else spec.allowed


# ---------------------------------------------------------------------------- the widget
class _LoadedTables(dict):
    """The organisation's tables by name, each read from disk the first time it is asked for
    (opening the explorer reads one table, not eight)."""

    def __missing__(self, name: str) -> pd.DataFrame:
        frame = store.load(name)
        self[name] = frame
        return frame


class DatasetExplorer(CourseWidget):
    """Browse any table of the organisation in use, in words a manager reads."""

    def __init__(self, table: str = "contacts") -> None:
        super().__init__()
        self.tables = _LoadedTables()  # each table is read the first time it is chosen
        self.frame = self.tables[table]
        self._busy = False
        self._filters: dict[str, list[str]] = {}
        # the data never changes while the explorer is open, so filters and chart summaries
        # are worked out once per choice and remembered
        self._as_text: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._summaries: dict[tuple, tuple[list, list, str]] = {}
        self._rows_html: dict[tuple, str] = {}
        label = {"description_width": "initial"}
        self.controls = {
            "table": widgets.Dropdown(
                options=[(dictionary.table_title(name), name) for name in TABLES], value=table,
                description="Table", layout=widgets.Layout(width="16em"), style=label),
            "filter_column": widgets.Dropdown(tooltip="Filter on column",
                                              layout=widgets.Layout(width="22em")),
            "filter_value": widgets.Dropdown(tooltip="Filter value",
                                             layout=widgets.Layout(width="18em")),
            "chart_column": widgets.Dropdown(description="Chart", style=label,
                                             layout=widgets.Layout(width="26em")),
        }
        self.filter_words = widgets.HTML()
        self.rows = widgets.HTML()
        self.figure = go.FigureWidget(data=[go.Bar(
            x=[], y=[], marker_color=PALETTE["blue"], name="",
            hovertemplate="%{x}: %{y:,}<extra></extra>")])
        style(self.figure, title="", x="", y="", height=340, legend=False)
        self._set_options(table)
        controls = widgets.VBox([
            widgets.HBox([self.controls["table"], self.controls["chart_column"]]),
            widgets.HBox([self.filter_words, self.controls["filter_column"],
                          widgets.HTML("&nbsp;is&nbsp;"), self.controls["filter_value"]],
                         layout=widgets.Layout(align_items="center")),
        ])
        self._finish(controls, self.figure, self.rows)
        # the sentence saying how many rows match sits right under the controls
        self.view.children = (controls, self.result, self.message, self.figure, self.rows)

    # ------------------------------------------------------------ options
    @property
    def table_name(self) -> str:
        """The table chosen (its name in the data, e.g. ``qa_evaluations``)."""
        return self.controls["table"].value

    def _filter_columns(self, table: str) -> list[str]:
        """Columns with few distinct values (worked out once per table, then remembered)."""
        if table not in self._filters:
            frame = self.tables[table]
            self._filters[table] = [
                c for c in frame.columns
                if c not in TEXT_COLUMNS
                and not pd.api.types.is_datetime64_any_dtype(frame[c])
                and frame[c].nunique(dropna=True) <= FILTER_LIMIT]
        return self._filters[table]

    def _set_options(self, table: str) -> None:
        self._busy = True
        try:
            frame = self.tables[table]
            self.frame = frame
            filters = self._filter_columns(table)
            self.controls["filter_column"].options = [
                ("(any: no filter)", ALL),
                *[(dictionary.heading(table, c), c) for c in filters]]
            self.controls["filter_column"].value = ALL
            self.controls["filter_value"].options = [("(any)", ALL)]
            self.controls["filter_value"].value = ALL
            self.filter_words.value = (f"Only show {html.escape(dictionary.row_unit(table))} "
                                       "where&nbsp;")
            preferred = [c for c in ("category", "channel", "team", "course", "line", "segment")
                         if c in frame.columns]
            chartable = [c for c in frame.columns if not c.endswith("_id")
                         and c not in TEXT_COLUMNS]
            self.controls["chart_column"].options = [(dictionary.heading(table, c), c)
                                                     for c in chartable]
            self.controls["chart_column"].value = (preferred or chartable)[0]
        finally:
            self._busy = False

    def _set_filter_values(self, column: str) -> None:
        self._busy = True
        try:
            if column == ALL:
                values = [("(any)", ALL)]
            else:
                distinct = self.frame[column].dropna().astype(str).unique().tolist()
                allowed = [str(v) for v in (_allowed(self.table_name, column) or ())]
                ordered = ([v for v in allowed if v in distinct]
                           + sorted(v for v in distinct if v not in allowed))
                if set(ordered) == {"True", "False"}:
                    ordered = ["True", "False"]
                values = [("(any)", ALL), *[(_value_label(v), v) for v in ordered]]
            self.controls["filter_value"].options = values
            self.controls["filter_value"].value = ALL
        finally:
            self._busy = False

    def _safe_update(self, change=None) -> None:
        """Refresh dependent menus first (a new table, a new filter column), then update."""
        if self._busy:
            return
        owner = change["owner"] if change else None
        if owner is self.controls.get("table"):
            self._set_options(self.controls["table"].value)
        elif owner is self.controls.get("filter_column"):
            self._set_filter_values(self.controls["filter_column"].value)
        super()._safe_update(change)

    # ------------------------------------------------------------- update
    def _choice(self) -> tuple[str, str | None, str | None]:
        column = self.controls["filter_column"].value
        value = self.controls["filter_value"].value
        if column in (None, ALL) or value in (None, ALL):
            return self.table_name, None, None
        return self.table_name, column, value

    def positions(self) -> np.ndarray | None:
        """Row positions that pass the filter (None: no filter, every row)."""
        table, column, value = self._choice()
        if column is None:
            return None
        key = (table, column)
        if key not in self._as_text:  # the column as text codes, worked out once
            codes, labels = pd.factorize(self.frame[column].astype(str))
            self._as_text[key] = (codes, np.asarray(labels, dtype=object))
        codes, labels = self._as_text[key]
        wanted = np.flatnonzero(labels == value)
        return np.flatnonzero(np.isin(codes, wanted))

    def filtered(self) -> pd.DataFrame:
        """The selected table with the filter applied."""
        rows = self.positions()
        return self.frame if rows is None else self.frame.iloc[rows]

    def _shown_count(self, rows: np.ndarray | None) -> int:
        return len(self.frame) if rows is None else len(rows)

    def _filter_phrase(self) -> str:
        """The filter in words, e.g. "where Channel is chat" ("" without a filter)."""
        table, column, value = self._choice()
        if column is None:
            return ""
        return f"where {dictionary.heading(table, column)} is {_value_label(value)}"

    def summary(self, rows: np.ndarray | None = None) -> str:
        """One sentence: how many rows match the filter, and what the table holds."""
        table, column, _value = self._choice()
        rows = self.positions() if rows is None else rows
        count, total = self._shown_count(rows), len(self.frame)
        if column is None:
            shown = f"Showing all {total:,} {dictionary.row_unit(table, total)}."
        else:
            shown = (f"{count:,} of the {total:,} {dictionary.row_unit(table, total)} match "
                     f"the filter ({self._filter_phrase()}).")
        return f"{shown} {dictionary.TABLE_ABOUT[table]}"

    def chart_summary(self, rows: np.ndarray | None = None) -> tuple[list, list, str]:
        """The chart column summarised for the filtered rows (remembered per choice)."""
        column = self.controls["chart_column"].value
        key = (*self._choice(), column)
        if key not in self._summaries:
            rows = self.positions() if rows is None else rows
            values = self.frame[column]
            unit, _meaning = dictionary.describe(self.table_name, column)
            self._summaries[key] = summarise_column(
                values if rows is None else values.iloc[rows], unit=unit,
                order=_allowed(self.table_name, column), waits=column.startswith("wait"))
        return self._summaries[key]

    def chart_title(self, kind: str | None = None) -> str:
        """The chart's title in words, e.g. "Contacts by channel" or "Contacts per day
        (arrived), where Channel is chat"."""
        table, column = self.table_name, self.controls["chart_column"].value
        kind = self.chart_summary()[2] if kind is None else kind
        units = dictionary.row_unit(table).capitalize()
        name = dictionary.short_name(table, column)
        if kind.startswith("per ") and kind != "per value" and kind != "per band":
            title = f"{units} {kind} ({name})"
        elif _format(table, column) == "flag":
            title = f"{units}: {name}, yes or no"
        else:
            title = f"{units} by {name}"
        phrase = self._filter_phrase()
        return f"{title}, {phrase}" if phrase else title

    def _preview_columns(self) -> list[str]:
        table = self.table_name
        columns = list(PREVIEW.get(table, tuple(self.frame.columns[:6])))
        for extra in (self._choice()[1], self.controls["chart_column"].value):
            if extra and extra not in columns:
                text_at = next((i for i, c in enumerate(columns) if c in TEXT_COLUMNS),
                               len(columns))
                columns.insert(text_at, extra)
        while len(columns) > PREVIEW_LIMIT:  # drop from the plain ones, never the text
            columns.pop(next(i for i in range(len(columns) - 1, -1, -1)
                             if columns[i] not in TEXT_COLUMNS
                             and columns[i] not in (self._choice()[1],
                                                    self.controls["chart_column"].value)))
        return columns

    def sample_table(self, rows: np.ndarray | None = None) -> tables.Table:
        """A few rows picked at random from those shown, with a few meaningful columns."""
        table = self.table_name
        count = self._shown_count(rows)
        picked = np.sort(np.random.default_rng(0).choice(count, min(ROWS_SHOWN, count),
                                                         replace=False))
        shown = self._preview_columns()
        sample = self.frame.iloc[picked if rows is None else rows[picked],
                                 [self.frame.columns.get_loc(c) for c in shown]]
        for column in shown:  # an empty text cell shows as a dash, like a missing value
            if not pd.api.types.is_numeric_dtype(sample[column]) and \
                    not pd.api.types.is_datetime64_any_dtype(sample[column]):
                sample[column] = sample[column].astype(object).where(
                    sample[column].astype(str) != "", None)
        return tables.table(sample, {c: (dictionary.heading(table, c), _format(table, c))
                                     for c in shown})

    def update(self) -> None:
        rows = self.positions()
        table, column = self.table_name, self.controls["chart_column"].value
        labels, counts, kind = self.chart_summary(rows)
        heading = dictionary.heading(table, column)
        if kind == "per day":
            heading = f"Day ({dictionary.short_name(table, column)})"
        elif kind in {"per month", "per year"}:
            heading = f"{kind[4:].capitalize()} ({dictionary.short_name(table, column)})"
        with self.figure.batch_update():
            self.figure.data[0].x = labels
            self.figure.data[0].y = counts
            self.figure.layout.title.text = self.chart_title(kind)
            self.figure.layout.xaxis.title.text = heading
            self.figure.layout.yaxis.title.text = f"Number of {dictionary.row_unit(table)}"
        key = (*self._choice(), column)
        if key not in self._rows_html:
            self._rows_html[key] = self._rows_html_for(rows, labels, kind)
        self.rows.value = self._rows_html[key]
        self.result.value = f"<p>{html.escape(self.summary(rows))}</p>"

    def _rows_html_for(self, rows: np.ndarray | None, labels: list, kind: str) -> str:
        """What the charted column means, and a few sample rows (worked out once per choice)."""
        table, column = self.table_name, self.controls["chart_column"].value
        _unit, meaning = dictionary.describe(table, column)
        count = self._shown_count(rows)
        notes = [_band_note(labels)] if kind == "per band" else []
        sample = self.sample_table(rows)
        picked = (f"{len(sample)} {dictionary.row_unit(table, len(sample))} picked at random"
                  + (f" from the {count:,} that match the filter" if rows is not None else "")
                  + ":")
        return '<div style="line-height:1.4">' + (
            "".join(f'<p style="font-size:12px;color:#444;margin:0 0 6px 0">'
                    f"{html.escape(n)}</p>" for n in notes if n)
            + f"<p><b>{html.escape(dictionary.heading(table, column))}</b>: "
            f"{html.escape(meaning)}</p><p>{html.escape(picked)}</p>"
            + (sample.to_html() if len(sample) else "<p>No rows match the filter.</p>")
            ) + "</div>"

    def static_html(self) -> str:
        table, column = self.table_name, self.controls["chart_column"].value
        labels, counts, _kind = self.chart_summary()
        frame = pd.DataFrame({"label": labels, "count": counts})
        shown = tables.table(frame, {
            "label": (dictionary.heading(table, column), "text"),
            "count": (f"Number of {dictionary.row_unit(table)}", "count")})
        return (f"<p><b>At the start:</b> {html.escape(self.summary())}</p>"
                f"<p>{html.escape(self.chart_title())}:</p>" + shown.to_html())
