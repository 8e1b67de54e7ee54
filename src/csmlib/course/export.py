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

import html
from datetime import datetime
from pathlib import Path

import pandas as pd

from csmlib.course.portfolio import Evidence, Portfolio, coverage_table
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
@media print{.entry{page-break-inside:avoid}}
"""
_CSS = _CSS_TEMPLATE.replace("%(gap)s", PALETTE["vermillion"]).replace("%(ok)s", PALETTE["blue"])


def coverage_summary(coverage: pd.DataFrame) -> str:
    """One sentence: how many criteria have evidence, and which outcomes still have gaps.

    Example:
        >>> coverage_summary(coverage_table([]))[:30]
        'You have evidence for 0 of 27 '
    """
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


def _entry_html(entry: Evidence, figure_number: int, include_plotlyjs: bool) -> str:
    parts = [
        '<section class="entry">',
        f"<h3>{html.escape(entry.title)}</h3>",
        f'<p class="meta">Criteria: {html.escape(", ".join(entry.criteria))}'
        + (f" · from notebook {html.escape(entry.notebook)}" if entry.notebook else "")
        + f" · saved {html.escape(entry.saved_at)} · entry {entry.id}</p>",
    ]
    if entry.text:
        parts.append(f'<div class="text">{html.escape(entry.text)}</div>')
    if entry.table is not None:
        parts.append(entry.table.to_html(escape=True, index=False, border=0))
    if entry.figure is not None:
        import plotly.graph_objects as go
        import plotly.io as pio

        parts.append(
            pio.to_html(
                go.Figure(entry.figure), full_html=False, include_plotlyjs=include_plotlyjs,
                div_id=f"figure-{figure_number}", default_height="420px",
                config={"displaylogo": False},
            )
        )
    parts.append("</section>")
    return "\n".join(parts)


def export_html(
    portfolio: Portfolio | None = None, path: str | Path | None = None, learner: str = "",
) -> Path:
    """Write the whole portfolio to one self-contained HTML file and return its path.

    The default file is ``my_portfolio.html`` beside the portfolio file.
    """
    portfolio = portfolio or Portfolio()
    target = Path(path) if path is not None else portfolio.path.with_suffix(".html")
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
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary.write_text(page, encoding="utf-8")
    temporary.replace(target)
    return target
