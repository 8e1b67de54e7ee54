"""Turn the portfolio into HTML: the coverage view and a self-contained export file.

Everything the learner typed is escaped. The export is one file with no links to the
internet: if any entry has a chart, plotly's JavaScript is embedded once.

Example:
    >>> import tempfile, pathlib
    >>> from csmlib.course.portfolio import Portfolio
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> p = Portfolio(folder / "p.sqlite")
    >>> _ = p.save(criteria=["7.2"], title="<b>bold?</b>", text="5 < 6")
    >>> page = export_html(p, folder / "p.html").read_text(encoding="utf-8")
    >>> "&lt;b&gt;bold?&lt;/b&gt;" in page and "<b>bold?</b>" not in page
    True
"""

from __future__ import annotations

import copy
import html
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from csmlib.analysis import checks
from csmlib.course.portfolio import Evidence, Portfolio, PortfolioError, coverage_table
from csmlib.course.style import PALETTE

_CSS_TEMPLATE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:60em;margin:2em auto;
padding:0 1em;line-height:1.5;color:#222}
h1{margin-bottom:0}
table{border-collapse:collapse;margin:0.5em 0 1em}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}
.entry{border-top:2px solid #ddd;padding-top:0.5em;margin-top:1.5em}
.meta{color:#555;font-size:0.9em}
.text{white-space:pre-wrap}
.gap{color:%(gap)s;font-weight:bold}
.ok{color:%(ok)s;font-weight:bold}
.note{border-left:4px solid #E69F00;padding:2px 8px}
@media print{.entry{page-break-inside:avoid}}
"""
_CSS = _CSS_TEMPLATE.replace("%(gap)s", PALETTE["vermillion"]).replace("%(ok)s", PALETTE["blue"])


def _check_coverage(coverage: pd.DataFrame) -> None:
    checks.instance("coverage", coverage, pd.DataFrame, "the table Portfolio.coverage() gives")
    missing = [c for c in ("outcome", "code", "criterion", "evidence", "status")
               if c not in coverage.columns]
    if missing:
        raise ValueError(f"coverage has no column {missing[0]!r}: pass the table "
                         "Portfolio.coverage() gives.")


def coverage_summary(coverage: pd.DataFrame) -> str:
    """One sentence: how many criteria have evidence, and which outcomes still have gaps.

    Example:
        >>> coverage_summary(coverage_table([]))[:30]
        'You have evidence for 0 of 27 '
    """
    _check_coverage(coverage)
    evidenced = int((coverage["status"] == "evidenced").sum())
    total = len(coverage)
    gaps = coverage[coverage["status"] == "gap"]
    outcomes_with_gaps = list(dict.fromkeys(gaps["outcome"].str.split(" ").str[0]))
    sentence = f"You have evidence for {evidenced} of {total} criteria."
    if outcomes_with_gaps:
        sentence += f" Gaps remain in {', '.join(outcomes_with_gaps)}."
    else:
        sentence += " Every criterion has evidence."
    return sentence


def coverage_html(coverage: pd.DataFrame) -> str:
    """The coverage table as HTML, one row per criterion; gaps marked in words and colour.

    Example:
        >>> "gap" in coverage_html(coverage_table([]))
        True
    """
    _check_coverage(coverage)
    rows = []
    for outcome, group in coverage.groupby("outcome", sort=False):
        rows.append(f'<tr><th colspan="3">{html.escape(outcome)}</th></tr>')
        for record in group.itertuples():
            status = (f'<span class="ok" style="color:{PALETTE["blue"]}">✔ evidenced '
                      f"({record.evidence})</span>" if record.status == "evidenced" else
                      f'<span class="gap" style="color:{PALETTE["vermillion"]}">✘ gap</span>')
            rows.append(f"<tr><td>{html.escape(record.code)}</td>"
                        f"<td>{html.escape(record.criterion)}</td><td>{status}</td></tr>")
    return (
        f"<p>{html.escape(coverage_summary(coverage))}</p>"
        '<table class="csm-coverage"><tr><th>Code</th><th>Criterion: the learner shows…</th>'
        f"<th>Status</th></tr>{''.join(rows)}</table>"
    )


_ONLINE_TRACE = re.compile(r"^(scattergeo|choropleth|scatter_?mapbox|choroplethmapbox|"
                           r"densitymapbox|scattermap|choroplethmap|densitymap)$")
_ONLINE_LAYOUT_KEY = re.compile(r"^(geo|mapbox|map)\d*$")
_URL = re.compile(r"^\s*(https?:)?//|^\s*(ftp|file):", re.IGNORECASE)
_LOADING_KEYS = {"source", "geojson", "style", "topojsonurl", "url", "src", "href"}


def offline_figure(figure: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A copy of a plotly figure with everything that would load from the internet removed.

    Maps (geo and mapbox/map traces fetch outlines and tiles from the internet), images and
    any other value pointing at a web address are taken out; the list says what went.

    Example:
        >>> fig = {"data": [{"type": "scattergeo"}, {"type": "bar", "y": [1]}],
        ...        "layout": {"images": [{"source": "https://example.com/logo.png"}]}}
        >>> clean, removed = offline_figure(fig)
        >>> [t["type"] for t in clean["data"]], clean["layout"].get("images"), len(removed)
        (['bar'], [], 2)
    """
    checks.instance("figure", figure, dict, "a figure as a dict (figure.to_plotly_json())")
    figure = copy.deepcopy(figure)
    removed: list[str] = []
    data = figure.get("data") or []
    kept = []
    for trace in data if isinstance(data, list) else []:
        kind = str(trace.get("type", "")) if isinstance(trace, dict) else ""
        if _ONLINE_TRACE.match(kind.lower()):
            removed.append(f"a {kind} map (its outlines or tiles load from the internet)")
        else:
            kept.append(trace)
    figure["data"] = kept
    layout = figure.get("layout")
    if isinstance(layout, dict):
        for key in [k for k in layout if _ONLINE_LAYOUT_KEY.match(str(k))]:
            del layout[key]
        images = layout.get("images")
        if isinstance(images, list):
            local = [image for image in images if not (isinstance(image, dict) and isinstance(
                image.get("source"), str) and not image["source"].strip().startswith("data:"))]
            if len(local) < len(images):
                removed.append(f"{len(images) - len(local)} image(s) linked from the internet")
            layout["images"] = local

    def strip_urls(node: Any, where: str) -> Any:
        if isinstance(node, dict):
            clean = {}
            for key, value in node.items():
                if (str(key).lower() in _LOADING_KEYS and isinstance(value, str)
                        and _URL.match(value)):
                    removed.append(f"a web address in {where}.{key}")
                else:
                    clean[key] = strip_urls(value, f"{where}.{key}")
            return clean
        if isinstance(node, list):
            return [strip_urls(v, where) for v in node]
        return node

    return strip_urls(figure, "figure"), removed


def _note(message: str) -> str:
    return f'<p class="note">⚠ {html.escape(message)}</p>'


def _figure_html(figure: dict[str, Any], figure_number: int, include_plotlyjs: bool) -> str:
    import plotly.graph_objects as go
    import plotly.io as pio

    clean, removed = offline_figure(figure)
    parts = []
    if removed:
        parts.append(_note("This offline export leaves out what would load from the internet: "
                           + "; ".join(removed) + "."))
    parts.append(
        pio.to_html(
            go.Figure(clean), full_html=False, include_plotlyjs=include_plotlyjs,
            div_id=f"figure-{figure_number}", default_height="420px",
            config={"displaylogo": False},
        )
    )
    return "\n".join(parts)


def _entry_html(entry: Evidence, figure_number: int, include_plotlyjs: bool) -> str:
    parts = [
        '<section class="entry">',
        f"<h3>{html.escape(entry.title)}</h3>",
        f'<p class="meta">Criteria: {html.escape(", ".join(entry.criteria))}'
        + (f" · from notebook {html.escape(entry.notebook)}" if entry.notebook else "")
        + f" · saved {html.escape(entry.saved_at)} · entry {entry.id}</p>",
    ]
    if entry.damaged:
        parts.append(_note(f"Part of this entry is damaged: {entry.damaged}"))
    if entry.text:
        parts.append(f'<div class="text">{html.escape(entry.text)}</div>')
    if entry.table is not None:
        try:
            parts.append(entry.table.to_html(escape=True, index=False, border=0))
        except Exception as error:  # noqa: BLE001 - one bad table must not stop the export
            parts.append(_note(f"This entry's table could not be shown ({error})."))
    if entry.figure is not None:
        try:
            parts.append(_figure_html(entry.figure, figure_number, include_plotlyjs))
        except Exception as error:  # noqa: BLE001 - one bad chart must not stop the export
            parts.append(_note(f"This entry's chart could not be drawn ({error}); save it "
                               "again from its notebook."))
    parts.append("</section>")
    return "\n".join(parts)


def export_html(
    portfolio: Portfolio | None = None, path: str | Path | None = None, learner: str = "",
) -> Path:
    """Write the whole portfolio to one self-contained HTML file and return its path.

    The default file is ``my_portfolio.html`` beside the portfolio file.
    """
    portfolio = portfolio or Portfolio()
    target = _export_target(portfolio, path)
    entries = portfolio.entries()
    coverage = coverage_table(entries)
    who = f" — {html.escape(learner)}" if learner else ""
    body = [
        f"<h1>Customer service management portfolio{who}</h1>",
        f'<p class="meta">Exported {datetime.now():%d %B %Y at %H:%M} · '
        f"{len(entries)} entries</p>",
        "<h2>Coverage of the criteria</h2>",
        coverage_html(coverage),
        "<h2>Evidence</h2>",
    ]
    if not entries:
        body.append("<p>No evidence saved yet.</p>")
    plotlyjs_written = False
    for number, entry in enumerate(entries, start=1):
        needs_js = entry.figure is not None and not plotlyjs_written
        body.append(_entry_html(entry, number, include_plotlyjs=needs_js))
        plotlyjs_written = plotlyjs_written or needs_js
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Portfolio{who}</title><style>{_CSS}</style></head><body>"
        + "\n".join(body) + "</body></html>"
    )
    temporary = target.with_name(target.name + ".tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(page, encoding="utf-8")
        os.replace(temporary, target)
    except OSError as error:
        if temporary.is_file():
            temporary.unlink()
        raise PortfolioError(
            f"The export could not be written to {target} ({error.strerror or error}). Choose a "
            "file in a folder you may write to, e.g. path='my_portfolio.html'."
        ) from error
    return target


_SQLITE_HEADER = b"SQLite format 3\x00"


def _export_target(portfolio: Portfolio, path: str | Path | None) -> Path:
    """Where to write the export; refuses anything that would overwrite a portfolio."""
    if path is None:
        target = portfolio.path.with_suffix(".html")
        if target.resolve() == portfolio.path.resolve():  # a portfolio named *.html
            target = portfolio.path.with_name(portfolio.path.stem + "-export.html")
    else:
        target = Path(path).expanduser()
    protected = {portfolio.path.resolve(), portfolio.backup_path.resolve()}
    if target.resolve() in protected:
        raise PortfolioError(
            f"path={str(target)!r} is the portfolio itself (or its backup): exporting there "
            "would overwrite your evidence. Choose another name, e.g. path='my_portfolio.html'."
        )
    if target.is_dir():
        raise PortfolioError(
            f"path={str(target)!r} is a folder. Give a file name inside it, e.g. "
            f"path='{target / 'my_portfolio.html'}'."
        )
    try:
        with target.open("rb") as existing:
            is_database = existing.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        is_database = False
    if is_database:
        raise PortfolioError(
            f"path={str(target)!r} is a database (perhaps a portfolio or its backup), not an "
            "earlier export: it has not been overwritten. Choose another name, e.g. "
            "path='my_portfolio.html'."
        )
    return target
