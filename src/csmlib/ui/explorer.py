"""The dataset explorer: pick a table, filter it, see rows and a chart.

Charts are built from summaries (counts per category, per day, or per value band), so every
interaction stays fast even on the contacts table.

Example:
    >>> explorer = DatasetExplorer()
    >>> explorer.controls["table"].value = "complaints"
    >>> explorer.message.value  # no problem to report
    ''
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from csmlib.data import dictionary, store
from csmlib.data.generator import TABLES
from csmlib.ui.charts import PALETTE, style
from csmlib.ui.widgets import CourseWidget

ALL = "(all)"
ROWS_SHOWN = 8
MAX_CATEGORIES = 25
#: columns that make sense to filter on: few distinct values
FILTER_LIMIT = 30


def summarise_column(series: pd.Series) -> tuple[list, list, str]:
    """Summarise one column for a chart: (labels, counts, kind).

    Categories and yes/no give counts per value; dates give counts per day; numbers give
    counts per value band.

    Example:
        >>> summarise_column(pd.Series(["a", "b", "a"]))[:2]
        (['a', 'b'], [2, 1])
    """
    values = series.dropna()
    if values.empty:
        return [], [], "empty"
    if pd.api.types.is_datetime64_any_dtype(values):
        daily = values.dt.normalize().value_counts().sort_index()
        return [d.strftime("%Y-%m-%d") for d in daily.index], daily.tolist(), "per day"
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        counts = values.value_counts()  # count first, then turn the few labels into text
        labels = ["(empty)" if str(label) == "" else str(label) for label in counts.index]
        counts = (pd.Series(counts.to_numpy(), index=labels).groupby(level=0, sort=False).sum()
                  .sort_values(ascending=False, kind="stable").head(MAX_CATEGORIES))
        return counts.index.tolist(), counts.tolist(), "per value"
    numbers = values.astype(float).to_numpy()
    if len(np.unique(numbers)) <= 11:
        counts = pd.Series(numbers).value_counts().sort_index()
        return [f"{v:g}" for v in counts.index], counts.tolist(), "per value"
    low, high = np.percentile(numbers, [0, 99])
    edges = np.linspace(low, high if high > low else low + 1, 21)
    counts, edges = np.histogram(np.clip(numbers, low, edges[-1]), bins=edges)
    labels = [f"{a:,.0f}–{b:,.0f}" for a, b in zip(edges[:-1], edges[1:], strict=True)]
    return labels, counts.tolist(), "per band"


class DatasetExplorer(CourseWidget):
    """Browse any table of the organisation in use."""

    def __init__(self, table: str = "contacts") -> None:
        super().__init__()
        self.tables = {name: store.load(name) for name in TABLES}
        self.frame = self.tables[table]
        self._busy = False
        self._filters: dict[str, list[str]] = {}
        # the data never changes while the explorer is open, so filters and chart summaries
        # are worked out once per choice and remembered
        self._as_text: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._summaries: dict[tuple, tuple[list, list, str]] = {}
        wide = widgets.Layout(width="24em")
        label = {"description_width": "8em"}
        self.controls = {
            "table": widgets.Dropdown(options=list(TABLES), value=table, description="Table",
                                      layout=wide, style=label),
            "filter_column": widgets.Dropdown(description="Filter by", layout=wide, style=label),
            "filter_value": widgets.Dropdown(description="equal to", layout=wide, style=label),
            "chart_column": widgets.Dropdown(description="Chart column", layout=wide,
                                             style=label),
        }
        self.rows = widgets.HTML()
        self.figure = go.FigureWidget(data=[go.Bar(x=[], y=[], marker_color=PALETTE["blue"])])
        style(self.figure, title="", x="", y="Rows", height=340)
        self._set_options(table)
        controls = widgets.VBox([
            widgets.HBox([self.controls["table"], self.controls["chart_column"]]),
            widgets.HBox([self.controls["filter_column"], self.controls["filter_value"]]),
        ])
        self._finish(controls, self.figure, self.rows)

    # ------------------------------------------------------------ options
    def _filter_columns(self, table: str) -> list[str]:
        """Columns with few distinct values (worked out once per table, then remembered)."""
        if table not in self._filters:
            frame = self.tables[table]
            self._filters[table] = [
                c for c in frame.columns
                if c not in ("comment", "description")
                and not pd.api.types.is_datetime64_any_dtype(frame[c])
                and frame[c].nunique(dropna=True) <= FILTER_LIMIT]
        return self._filters[table]

    def _set_options(self, table: str) -> None:
        self._busy = True
        try:
            frame = self.tables[table]
            self.frame = frame
            filters = self._filter_columns(table)
            self.controls["filter_column"].options = [ALL, *filters]
            self.controls["filter_column"].value = ALL
            self.controls["filter_value"].options = [ALL]
            self.controls["filter_value"].value = ALL
            preferred = [c for c in ("category", "channel", "team", "course", "line", "segment")
                         if c in frame.columns]
            chartable = [c for c in frame.columns if not c.endswith("_id")
                         and c not in ("comment", "description")]
            self.controls["chart_column"].options = chartable
            self.controls["chart_column"].value = (preferred or chartable)[0]
        finally:
            self._busy = False

    def _set_filter_values(self, column: str) -> None:
        self._busy = True
        try:
            if column == ALL:
                values = [ALL]
            else:
                distinct = self.frame[column].dropna().astype(str).unique().tolist()
                values = [ALL, *sorted(distinct)]
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
            return self.controls["table"].value, None, None
        return self.controls["table"].value, column, value

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

    def summary(self, rows: np.ndarray | None = None) -> str:
        """One sentence describing what is shown."""
        table, column, value = self._choice()
        rows = self.positions() if rows is None else rows
        where = "" if column is None else f" where {column} = {value}"
        return (f"Showing {self._shown_count(rows):,} of {len(self.frame):,} rows of "
                f"{table}{where}. {dictionary.TABLE_ABOUT[table]}")

    def chart_summary(self, rows: np.ndarray | None = None) -> tuple[list, list, str]:
        """The chart column summarised for the filtered rows (remembered per choice)."""
        column = self.controls["chart_column"].value
        key = (*self._choice(), column)
        if key not in self._summaries:
            rows = self.positions() if rows is None else rows
            values = self.frame[column]
            self._summaries[key] = summarise_column(
                values if rows is None else values.iloc[rows])
        return self._summaries[key]

    def update(self) -> None:
        rows = self.positions()
        column = self.controls["chart_column"].value
        labels, counts, kind = self.chart_summary(rows)
        unit, meaning = dictionary.describe(self.controls["table"].value, column)
        with self.figure.batch_update():
            self.figure.data[0].x = labels
            self.figure.data[0].y = counts
            self.figure.layout.title.text = f"{column}: rows {kind}"
            self.figure.layout.xaxis.title.text = f"{column} ({unit})"
        count = self._shown_count(rows)
        picked = np.sort(np.random.default_rng(0).choice(count, min(ROWS_SHOWN, count),
                                                         replace=False))
        sample = self.frame.iloc[picked if rows is None else rows[picked]]
        preview = sample.to_html(index=False, escape=True, border=0, max_cols=12, na_rep="")
        self.rows.value = (f"<p><b>{html.escape(column)}</b> ({html.escape(unit)}): "
                           f"{html.escape(meaning)}</p><p>A few rows, picked at random:</p>"
                           f"{preview}")
        self.result.value = f"<p>{html.escape(self.summary(rows))}</p>"

    def static_html(self) -> str:
        column = self.controls["chart_column"].value
        labels, counts, _kind = self.chart_summary()
        table = pd.DataFrame({column: labels, "rows": counts})
        return (f"<p><b>At the start:</b> {html.escape(self.summary())}</p>"
                + table.to_html(index=False, escape=True))
