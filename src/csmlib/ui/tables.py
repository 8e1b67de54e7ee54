"""Tables for people: the presentation kit every notebook uses to show a table.

A manager reads a table, not a data frame. :func:`table` turns a frame into one:

* **human headings with units** chosen by the lesson ("Handle time (min)", never
  ``budget_gbp``);
* **values formatted by kind**: money as ``£13,647``, counts without ``.0``, percentages to
  one decimal, dates as ``6 Apr 2026``, yes/no for flags, status words with a symbol as well
  as a colour;
* **no row numbers** unless a column is asked to act as the row heading;
* **long text wrapped** and the table never wider than the notebook (choose the columns that
  matter: only the columns named are shown);
* **notes under the table** explain words a manager may not know (precision, erlang, IVR)
  where they first appear.

The table keeps the frame it was made from in ``.data``, so a worked answer can still
compute from it.

Example:
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"line": ["overtime"], "budget_gbp": [13647.2], "calls": [171.0]})
    >>> shown = table(frame, {"line": ("Budget line", "text"),
    ...                       "budget_gbp": ("Budget", "money"), "calls": ("Calls", "count")})
    >>> shown.rows()
    [['overtime', '£13,647', '171']]
    >>> "<th" in shown._repr_html_() and "budget_gbp" not in shown._repr_html_()
    True
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from csmlib.course.style import MUTED_TEXT, STATUS_TEXT

__all__ = ["FORMATS", "STATUS_WORDS", "Column", "Table", "format_value", "status_html",
           "status_key", "table"]

#: Every way a column can be shown. ``percent`` expects values already in per cent (78.5).
FORMATS: dict[str, str] = {
    "text": "words, wrapped when long",
    "count": "whole number with thousands separators: 1,234",
    "number": "one decimal: 4.7",
    "number2": "two decimals: 6.02",
    "money": "whole pounds: £13,647",
    "money2": "pounds and pence: £3.56",
    "signed_money": "a difference in whole pounds: +£4,531 or −£246",
    "percent": "a percentage to one decimal: 78.5%",
    "signed_percent": "a difference in percentage: +25.8% or −0.8%",
    "points": "a difference in percentage points: +4.7 pts",
    "date": "a day: 6 Apr 2026",
    "weekday_date": "a day with its weekday: Mon 6 Apr 2026",
    "month": "a month: Jan 2026",
    "time": "a time of day: 10:30",
    "datetime": "a day and time: 6 Apr 2026 10:30",
    "flag": "Yes or No",
    "status": "a status word with a symbol and colour: ✔ on target",
}

#: The one set of status words the course uses, whatever the source calls them.
STATUS_WORDS: dict[str, tuple[str, str, str]] = {
    # key: (symbol, words, text colour: the house status colour, dark enough for words)
    "good": ("✔", "on target", STATUS_TEXT["good"]),
    "warning": ("●", "close", STATUS_TEXT["warning"]),
    "bad": ("✘", "off target", STATUS_TEXT["bad"]),
    "context": ("–", "context only", MUTED_TEXT),
    "none": ("–", "no data", MUTED_TEXT),
}
_STATUS_ALIASES: dict[str, str] = {
    "green": "good", "on target": "good", "on track": "good", "good": "good",
    "amber": "warning", "close": "warning", "watch": "warning", "warning": "warning",
    "red": "bad", "off target": "bad", "over budget": "bad", "bad": "bad",
    "context": "context", "context only": "context", "": "none", "none": "none",
    "no data": "none",
}
_MISSING = "–"
#: Text no longer than this (characters) stays on one line; longer text wraps.
SHORT_TEXT = 24
_MINUS = "−"  # a true minus sign, easier to read than a hyphen
_NUMERIC = {"count", "number", "number2", "money", "money2", "signed_money", "percent",
            "signed_percent", "points"}


@dataclass(frozen=True)
class Column:
    """How one column of a frame is shown: its source name, heading and format.

    Example:
        >>> Column("wait_s", "Wait (seconds)", "count").heading
        'Wait (seconds)'
    """

    source: str
    heading: str
    format: str = "text"

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"Column {self.source!r}: format must be one of "
                             f"{', '.join(FORMATS)}; got {self.format!r}.")
        if not str(self.heading).strip():
            raise ValueError(f"Column {self.source!r}: give it a heading a manager can read.")


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _signed(text: str, value: float) -> str:
    if value > 0:
        return "+" + text
    if value < 0:
        return _MINUS + text
    return text


def format_value(value: Any, fmt: str) -> str:
    """One value as a manager reads it; missing values show as a dash.

    Example:
        >>> format_value(13647.4, "money"), format_value(-246.4, "signed_money")
        ('£13,647', '−£246')
        >>> format_value(171.0, "count"), format_value(78.456, "percent")
        ('171', '78.5%')
        >>> format_value(pd.Timestamp("2026-04-06 10:30"), "datetime")
        '6 Apr 2026 10:30'
        >>> format_value(True, "flag"), format_value(None, "money")
        ('Yes', '–')
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {fmt!r}.")
    if _is_missing(value):
        return _MISSING
    if fmt == "text":
        return str(value)
    if fmt == "flag":
        return "Yes" if bool(value) else "No"
    if fmt == "status":
        symbol, words, _colour = STATUS_WORDS[status_key(value)]
        return f"{symbol} {words}"
    if fmt in {"date", "weekday_date", "month", "time", "datetime"}:
        stamp = pd.Timestamp(value)
        day = f"{stamp.day} {stamp:%b %Y}"
        return {"date": day, "weekday_date": f"{stamp:%a} {day}", "month": f"{stamp:%b %Y}",
                "time": f"{stamp:%H:%M}", "datetime": f"{day} {stamp:%H:%M}"}[fmt]
    number = float(value)
    if not math.isfinite(number):
        return _MISSING
    size = abs(number)
    if fmt == "count":
        return f"{number:,.0f}"
    if fmt == "number":
        return f"{number:,.1f}"
    if fmt == "number2":
        return f"{number:,.2f}"
    if fmt == "money":
        text = f"£{size:,.0f}"
        return _MINUS + text if number < 0 and round(size) else text
    if fmt == "money2":
        text = f"£{size:,.2f}"
        return _MINUS + text if number < 0 else text
    if fmt == "signed_money":
        return _signed(f"£{size:,.0f}", round(number))
    if fmt == "percent":
        return f"{number:,.1f}%"
    if fmt == "signed_percent":
        return _signed(f"{size:,.1f}%", round(number, 1))
    return _signed(f"{size:,.1f} pts", round(number, 1))  # points


def status_key(value: Any) -> str:
    """The course's status key (good, warning, bad, context, none) for any status word.

    Example:
        >>> status_key("amber"), status_key("on track"), status_key("off target")
        ('warning', 'good', 'bad')
    """
    if _is_missing(value):
        return "none"
    key = _STATUS_ALIASES.get(str(value).strip().lower())
    if key is None:
        raise ValueError(f"Unknown status {value!r}: use one of "
                         f"{', '.join(sorted(_STATUS_ALIASES))}.")
    return key


def status_html(value: Any) -> str:
    """A status as a symbol, words and colour (never colour alone).

    Example:
        >>> "on target" in status_html("green") and "✔" in status_html("green")
        True
    """
    symbol, words, colour = STATUS_WORDS[status_key(value)]
    weight = "normal" if status_key(value) in {"context", "none"} else "bold"
    return (f'<span style="color:{colour};font-weight:{weight};white-space:nowrap">'
            f"{symbol} {words}</span>")


_TABLE_STYLE = ("border-collapse:collapse;max-width:100%;width:auto;margin:6px 0 4px 0;"
                "font-size:13px;table-layout:auto")
_CELL = "padding:4px 10px;border-bottom:1px solid #e0e0e0;vertical-align:top;"
_HEAD = ("padding:4px 10px;border-bottom:2px solid #444;vertical-align:bottom;"
         "font-weight:bold;")


def _columns(spec: Mapping[str, Any] | Sequence[Column]) -> list[Column]:
    if isinstance(spec, Mapping):
        columns = []
        for source, how in spec.items():
            if isinstance(how, Column):
                columns.append(how)
            elif isinstance(how, str):
                columns.append(Column(source, how, "text"))
            else:
                heading, fmt = how
                columns.append(Column(source, heading, fmt))
        return columns
    return [c if isinstance(c, Column) else Column(*c) for c in spec]


class Table:
    """A frame shown for people; ``.data`` is the frame it was made from.

    Build one with :func:`table`.
    """

    def __init__(self, frame: pd.DataFrame, columns: Sequence[Column], *, caption: str = "",
                 notes: Iterable[str] = (), row_heading: str | None = None,
                 max_rows: int = 60, greyed: Sequence[bool] | None = None) -> None:
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"table() needs a pandas DataFrame; got {type(frame).__name__}.")
        missing = [c.source for c in columns if c.source not in frame.columns]
        if missing:
            raise ValueError(f"table(): no column {', '.join(map(repr, missing))} in the frame "
                             f"(it has {', '.join(map(str, frame.columns))}).")
        if not columns:
            raise ValueError("table(): name at least one column to show.")
        if not 1 <= int(max_rows) <= 1000:
            raise ValueError(f"table(): max_rows is from 1 to 1,000; got {max_rows!r}.")
        if greyed is not None and len(greyed) != len(frame):
            raise ValueError("table(): greyed needs one True/False per row.")
        self.data = frame
        self.columns = list(columns)
        self.caption = caption
        self.notes = [str(n) for n in notes]
        self.row_heading = row_heading
        self.max_rows = int(max_rows)
        self.greyed = list(greyed) if greyed is not None else [False] * len(frame)

    @property
    def headings(self) -> list[str]:
        """The column headings as shown."""
        return [c.heading for c in self.columns]

    def _values(self) -> dict[str, list[Any]]:
        """The shown rows' values, column by column (read from the frame once, not cell by
        cell, which is slow for a widget redrawn on every change)."""
        shown = self.data.head(self.max_rows)
        return {c.source: shown[c.source].tolist() for c in self.columns}

    def rows(self) -> list[list[str]]:
        """Every shown row as text (at most ``max_rows``)."""
        values = self._values()
        count = min(len(self.data), self.max_rows)
        return [[format_value("context" if self.greyed[i] and c.format == "status"
                              else values[c.source][i], c.format) for c in self.columns]
                for i in range(count)]

    def to_frame(self) -> pd.DataFrame:
        """The table as text, with its headings: what a reader sees."""
        return pd.DataFrame(self.rows(), columns=self.headings)

    def _short_text(self, values: dict[str, list[Any]]) -> set[str]:
        """Text columns whose every shown value is short: kept on one line, never wrapped."""
        return {c.source for c in self.columns if c.format == "text"
                and max((len(format_value(v, "text")) for v in values[c.source]),
                        default=0) <= SHORT_TEXT}

    def _cell(self, column: Column, value: Any, greyed: bool, heading: bool,
              short: bool = False) -> str:
        align = "right" if column.format in _NUMERIC else "left"
        style = _CELL + f"text-align:{align};"
        if column.format == "text" and not short:
            style += "white-space:normal;max-width:36em;"
        else:
            style += "white-space:nowrap;"
        if greyed:
            style += f"color:{MUTED_TEXT};"
        if column.format == "status" and not greyed:
            content = status_html(value)
        elif column.format == "status":
            content = status_html("context")
        else:
            content = html.escape(format_value(value, column.format))
        tag = "th" if heading else "td"
        scope = ' scope="row"' if heading else ""
        weight = "font-weight:bold;" if heading else ""
        return f'<{tag}{scope} style="{style}{weight}">{content}</{tag}>'

    def _repr_html_(self) -> str:
        head = "".join(
            f'<th scope="col" style="{_HEAD}text-align:'
            f'{"right" if c.format in _NUMERIC else "left"}">{html.escape(c.heading)}</th>'
            for c in self.columns)
        body = []
        values = self._values()
        count = min(len(self.data), self.max_rows)
        short = self._short_text(values)
        for i in range(count):
            cells = "".join(
                self._cell(c, values[c.source][i], self.greyed[i],
                           heading=c.source == self.row_heading, short=c.source in short)
                for c in self.columns)
            body.append(f"<tr>{cells}</tr>")
        caption = (f'<caption style="caption-side:top;text-align:left;font-weight:bold;'
                   f'padding:2px 0 6px 0">{html.escape(self.caption)}</caption>'
                   if self.caption else "")
        more = len(self.data) - count
        notes = list(self.notes)
        if more > 0:
            notes.insert(0, f"Showing the first {count:,} of {len(self.data):,} rows.")
        notes_html = "".join(
            f'<p style="margin:2px 0;font-size:12px;color:#444">{html.escape(n)}</p>'
            for n in notes)
        return (f'<div class="csm-table" style="max-width:100%;overflow-x:auto;line-height:1.4">'
                f'<table style="{_TABLE_STYLE}">{caption}<thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(body)}</tbody></table>{notes_html}</div>')

    def to_html(self) -> str:
        """The table as an HTML fragment (for a widget's result area or the portfolio)."""
        return self._repr_html_()

    def __repr__(self) -> str:
        return self.to_frame().to_string(index=False)

    def __len__(self) -> int:
        return len(self.data)


def table(frame: pd.DataFrame, columns: Mapping[str, Any] | Sequence[Column], *,
          caption: str = "", notes: Iterable[str] = (), row_heading: str | None = None,
          max_rows: int = 60, greyed: Sequence[bool] | None = None) -> Table:
    """Show ``frame`` for people: only ``columns``, each with its heading and format.

    ``columns`` maps a source column to ``(heading, format)`` (or just a heading, for text),
    or is a list of :class:`Column`. ``row_heading`` names a column that labels each row;
    ``greyed`` marks rows shown as context (grey, status "context only"), for example
    whole-centre measures in a team's view. ``notes`` are shown under the table: use them
    to explain a word the first time it appears. At most ``max_rows`` rows are shown
    (1 to 1,000), and the table says how many were left out.

    Example:
        >>> import pandas as pd
        >>> t = table(pd.DataFrame({"kpi": ["Occupancy"], "status": ["amber"]}),
        ...           {"kpi": "Measure", "status": ("Status", "status")}, greyed=[True])
        >>> t.rows()
        [['Occupancy', '– context only']]
        >>> "context only" in t.to_html()
        True
    """
    return Table(frame, _columns(columns), caption=caption, notes=notes,
                 row_heading=row_heading, max_rows=max_rows, greyed=greyed)

