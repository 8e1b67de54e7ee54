"""Turn the portfolio into HTML: the coverage view and a self-contained export file.

The export is what an assessor reads: a cover with the learner's details, the coverage of the
criteria, the evidence for each criterion by type (work product, reflective account, witness
testimony, own-data analysis) with what is still missing, each entry (its evidence type, what
the learner wrote, the criteria it evidences, a witness's details, and, apart, the figures the
course inserted to support it) and the declaration of authenticity at the end.
Dates are written as people write them ("26 November 2026, 14:05").

Everything the learner typed is escaped. The export is one file with no links to the
internet: if any entry has a chart, plotly's JavaScript is embedded once; charts carry no
toolbar, and none prints.

The page also carries, invisibly, a machine-readable summary of the portfolio (a ``<meta>``
element named :data:`DATA_NAME` in the page's head: the learner's details, the export time,
and per criterion the entries evidencing it by type), so a tutor's class report
(:mod:`csmlib.course.class_report`) can read a folder of exports without guessing from the
visible page. :func:`portfolio_data` makes it and :func:`read_portfolio_data` reads it back.

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
import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from csmlib.analysis import checks
from csmlib.course.portfolio import (
    DECLARATION,
    EVIDENCE_TYPES,
    FORMAT_VERSION,
    WITNESS_DECLARATION,
    WITNESS_FIELDS,
    Evidence,
    LearnerDetails,
    Portfolio,
    PortfolioError,
    WrittenPart,
    coverage_by_type,
    coverage_table,
    day_in_words,
    human_date,
    saved_date,
)
from csmlib.course.style import STATUS_TEXT

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
.cover td:first-child{font-weight:bold;background:#f3f3f3}
.part h4{margin:0.8em 0 0.2em}
.claims{margin:0.3em 0}
.support{border-left:4px solid #ccc;padding:0 0 0 10px;margin-top:0.8em;color:#333}
.support h4{margin:0.4em 0;color:#555}
.type{display:inline-block;border:1px solid #555;border-radius:3px;padding:0 6px;
font-size:0.85em;font-weight:bold}
.csm-coverage-by-type td:nth-child(6){min-width:12em}
.witness td:first-child{font-weight:bold;background:#f3f3f3;width:16em}
.declaration{border:2px solid #555;padding:0.5em 1em;margin-top:2em;page-break-inside:avoid}
@media print{.entry{page-break-inside:avoid}.modebar,.modebar-container{display:none!important}}
"""
_CSS = _CSS_TEMPLATE.replace("%(gap)s", STATUS_TEXT["bad"]).replace("%(ok)s", STATUS_TEXT["good"])


#: What the cover says when the learner has not saved their details.
MISSING_DETAILS = ("Learner details not given yet — run the learner details cell in "
                   "notebook 00")
#: Shown above what the course inserted into an entry: it supports, it is not evidence.
SUPPORT_HEADING = "Supporting figures (inserted by the course)"
#: The name of the ``<meta>`` element that carries the portfolio's data for the class report.
DATA_NAME = "csm-portfolio-data"
#: What the data block calls itself, and its version (readers refuse another version).
DATA_FORMAT = "csmlib-portfolio-export"
DATA_VERSION = 1
_DATA_ELEMENT = re.compile(r'<meta name="' + DATA_NAME + r'" content="([^"]*)">')
#: Plotly settings for every chart in the export: no toolbar over the chart or on paper.
FIGURE_CONFIG: dict[str, Any] = {"displayModeBar": False, "displaylogo": False,
                                 "responsive": True}


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
            status = (f'<span class="ok" style="color:{STATUS_TEXT["good"]}">✔ evidenced '
                      f"({record.evidence})</span>" if record.status == "evidenced" else
                      f'<span class="gap" style="color:{STATUS_TEXT["bad"]}">✘ gap</span>')
            rows.append(f"<tr><td>{html.escape(record.code)}</td>"
                        f"<td>{html.escape(record.criterion)}</td><td>{status}</td></tr>")
    return (
        f"<p>{html.escape(coverage_summary(coverage))}</p>"
        '<table class="csm-coverage"><tr><th>Code</th><th>Criterion: the learner shows…</th>'
        f"<th>Status</th></tr>{''.join(rows)}</table>"
    )


def coverage_by_type_html(table: pd.DataFrame) -> str:
    """The evidence for each criterion by type, with what is missing and where to add it.

    ``table`` is what :func:`~csmlib.course.portfolio.coverage_by_type` gives.

    Example:
        >>> page = coverage_by_type_html(coverage_by_type([]))
        >>> "Witness testimony" in page and "no evidence yet" in page
        True
    """
    checks.instance("table", table, pd.DataFrame, "the table coverage_by_type() gives")
    missing = [c for c in ("code", "criterion", *EVIDENCE_TYPES, "missing", "where")
               if c not in table.columns]
    if missing:
        raise ValueError(f"table has no column {missing[0]!r}: pass the table "
                         "coverage_by_type() gives.")
    heads = "".join(f"<th>{html.escape(kind.capitalize())}</th>" for kind in EVIDENCE_TYPES)
    rows = []
    for record in table.to_dict("records"):
        counts = "".join(f"<td>{int(record[kind])}</td>" for kind in EVIDENCE_TYPES)
        if record["missing"]:
            still = (f'<span class="gap" style="color:{STATUS_TEXT["bad"]}">✘ '
                     f'{html.escape(record["missing"])}</span>')
        else:
            still = f'<span class="ok" style="color:{STATUS_TEXT["good"]}">✔ nothing</span>'
        rows.append(f"<tr><td>{html.escape(record['code'])}</td>{counts}<td>{still}</td>"
                    f"<td>{html.escape(record['where'])}</td></tr>")
    gaps = int((table["missing"] != "").sum())
    summary = (f"{gaps} of {len(table)} criteria still miss evidence or a recommended type "
               "(criterion 7.3 asks for both a reflective account and a witness testimony)."
               if gaps else "Every criterion has evidence of the types the course recommends.")
    return (f"<p>{html.escape(summary)}</p>"
            f'<table class="csm-coverage-by-type"><tr><th>Code</th>{heads}'
            f"<th>Still missing</th><th>Where to add it</th></tr>{''.join(rows)}</table>")


def witness_html(entry: Evidence) -> str:
    """The witness's details (name, role, relationship, date, declaration) as a table.

    Other details an entry carries are listed under their own names; no details, no table.

    Example:
        >>> e = Evidence(1, ["7.3"], "t", "x", evidence_type="witness testimony",
        ...              details={"name": "Sam Patel", "date": "2026-01-05",
        ...                       "declaration": "accepted"})
        >>> page = witness_html(e)
        >>> "Sam Patel" in page and "5 January 2026" in page and "Accepted" in page
        True
    """
    checks.instance("entry", entry, Evidence, "an Evidence")
    if not entry.details:
        if entry.evidence_type == "witness testimony":
            return _note("The witness's details are missing from this testimony.")
        return ""
    rows = []
    labels = {key: label for key, (label, _limit) in WITNESS_FIELDS.items()}
    witness = entry.evidence_type == "witness testimony"
    keys = list(WITNESS_FIELDS) if witness else []
    keys += [key for key in entry.details if key not in keys]
    for key in keys:
        value = entry.details.get(key, "")
        if witness and key == "date":
            shown = html.escape(day_in_words(value)) if value else "not given"
        elif witness and key == "declaration":
            shown = (f"Accepted: <i>{html.escape(WITNESS_DECLARATION)}</i>"
                     if value == "accepted" else '<span class="gap">Not given</span>')
        else:
            shown = html.escape(value) if value else "not given"
        label = labels.get(key, key) if witness else key
        rows.append(f"<tr><td>{html.escape(label)}</td><td>{shown}</td></tr>")
    heading = "<h4>The witness</h4>" if witness else "<h4>Details</h4>"
    return f'{heading}<table class="witness">{"".join(rows)}</table>'


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
            config=dict(FIGURE_CONFIG),
        )
    )
    return "\n".join(parts)


def _codes(codes: list[str]) -> str:
    return html.escape(", ".join(codes))


def _part_html(part: WrittenPart) -> str:
    """One written part: its heading, the criteria it is for and whether it counts."""
    heading = html.escape(part.heading) if part.heading else "What the learner wrote"
    if part.counts:
        claim = f"evidence for {_codes(list(part.criteria))}"
    elif part.text:
        claim = (f"written for {_codes(list(part.criteria))}, but too short to count as "
                 f"evidence ({part.words} of at least {part.min_words} words)")
    else:
        claim = f"not written yet, so no evidence for {_codes(list(part.criteria))}"
    body = f'<div class="text">{html.escape(part.text)}</div>' if part.text else ""
    return (f'<div class="part"><h4>{heading} <span class="meta">— {claim}</span></h4>'
            f"{body}</div>")


def _claims_html(entry: Evidence) -> str:
    evidenced, missing = entry.evidenced, entry.not_evidenced
    if evidenced:
        line = f"<b>Evidences:</b> {_codes(evidenced)}"
    else:
        line = ('<b>Evidences no criterion yet:</b> <span class="gap">nothing the learner '
                "wrote here is long enough to count</span>")
    if missing:
        line += f" · <b>not evidenced by this entry:</b> {_codes(missing)}"
    return f'<p class="claims">{line}</p>'


def _entry_html(entry: Evidence, figure_number: int, include_plotlyjs: bool) -> str:
    source = f"from notebook {html.escape(entry.notebook)} · " if entry.notebook else ""
    parts = [
        '<section class="entry">',
        f"<h3>{html.escape(entry.title)}</h3>",
        f'<p class="meta"><span class="type">{html.escape(entry.evidence_type.capitalize())}'
        f"</span> · {source}saved {html.escape(saved_date(entry.saved_at))} · "
        f"entry {entry.id}</p>",
        _claims_html(entry),
    ]
    witness = witness_html(entry)
    if witness:
        parts.append(witness)
    if entry.damaged:
        parts.append(_note(f"Part of this entry is damaged: {entry.damaged}"))
    if entry.parts:
        parts.extend(_part_html(part) for part in entry.parts
                     if part.text or part.heading)
    elif entry.text:
        parts.append(f'<div class="text">{html.escape(entry.text)}</div>')
    support: list[str] = []
    if entry.support_text:
        support.append(f'<div class="text">{html.escape(entry.support_text)}</div>')
    if entry.table is not None:
        try:
            support.append(entry.table.to_html(escape=True, index=False, border=0))
        except Exception as error:  # noqa: BLE001 - one bad table must not stop the export
            support.append(_note(f"This entry's table could not be shown ({error})."))
    if entry.figure is not None:
        try:
            support.append(_figure_html(entry.figure, figure_number, include_plotlyjs))
        except Exception as error:  # noqa: BLE001 - one bad chart must not stop the export
            support.append(_note(f"This entry's chart could not be drawn ({error}); save it "
                                 "again from its notebook."))
    if support:
        parts.append(f'<div class="support"><h4>{SUPPORT_HEADING}</h4>'
                     "<p class=\"meta\">These support the writing above; they are not "
                     "evidence on their own.</p>" + "\n".join(support) + "</div>")
    parts.append("</section>")
    return "\n".join(parts)


def cover_html(details: LearnerDetails, learner: str = "") -> str:
    """The cover's table of learner details, or a plain line saying they are missing.

    ``learner`` is a name given at export time (the older way): it is shown only when no
    details are saved, marked as such.

    Example:
        >>> "notebook 00" in cover_html(LearnerDetails())
        True
        >>> "Northgate" in cover_html(LearnerDetails("Jane Doe", "12345", "Northgate"))
        True
    """
    checks.instance("details", details, LearnerDetails, "the details Portfolio().learner() "
                    "gives")
    checks.text("learner", learner, example="Jane Doe")
    if not details.given:
        given = (f"<p><b>Learner:</b> {html.escape(learner.strip())} (name given at export "
                 "time)</p>" if learner.strip() else "")
        return given + _note(MISSING_DETAILS + ".")
    rows = [("Learner", details.name),
            ("Candidate number", details.candidate_number or "not given"),
            ("Centre", details.centre or "not given")]
    cells = "".join(f"<tr><td>{label}</td><td>{html.escape(value)}</td></tr>"
                    for label, value in rows)
    return f'<table class="cover">{cells}</table>'


def declaration_html(details: LearnerDetails) -> str:
    """The declaration of authenticity, with who accepted it and when, or that nobody has.

    Example:
        >>> "Not accepted yet" in declaration_html(LearnerDetails("Jane Doe"))
        True
        >>> accepted = LearnerDetails("Jane Doe", declaration_accepted_at="2026-11-26T14:05",
        ...                           declaration_name="Jane Doe")
        >>> "Accepted by Jane Doe on 26 November 2026, 14:05" in declaration_html(accepted)
        True
    """
    checks.instance("details", details, LearnerDetails, "the details Portfolio().learner() "
                    "gives")
    if details.declared:
        status = (f"<p><b>Accepted by {html.escape(details.name)} on "
                  f"{html.escape(saved_date(details.declaration_accepted_at))}.</b></p>")
    elif details.declaration_accepted_at:
        status = _note(
            f"Not accepted under the current name: it was accepted as "
            f"{details.declaration_name!r} on {saved_date(details.declaration_accepted_at)}, and "
            "the name has changed since. Tick the declaration in the learner details cell in "
            "notebook 00, save, and export again.")
    else:
        status = _note("Not accepted yet: the learner has not confirmed that this portfolio is "
                       "their own work. Tick the declaration in the learner details cell in "
                       "notebook 00, save, and export again.")
    return ('<section class="declaration"><h2>Declaration of authenticity</h2>'
            f"<blockquote>{html.escape(DECLARATION)}</blockquote>{status}</section>")


def export_html(
    portfolio: Portfolio | None = None, path: str | Path | None = None, learner: str = "",
) -> Path:
    """Write the whole portfolio to one self-contained HTML file and return its path.

    The default file is ``my_portfolio.html`` beside the portfolio file. The cover shows the
    learner's saved details (:meth:`Portfolio.learner`); ``learner``, a name given here, is
    kept for older notebooks and used only while no details are saved. The page ends with
    the declaration of authenticity, accepted or not: it always exports.
    """
    portfolio = portfolio or Portfolio()
    checks.instance("portfolio", portfolio, Portfolio, "a Portfolio")
    learner = _plain(learner, "learner")
    target = _export_target(portfolio, path)
    entries = portfolio.entries()
    details = portfolio.learner()
    coverage = coverage_table(entries)
    exported_at = datetime.now().astimezone()
    data = portfolio_data(entries, details, exported_at, learner)
    name = details.name or learner
    who = f" — {html.escape(name)}" if name else ""
    noun = "entry" if len(entries) == 1 else "entries"
    body = [
        f"<h1>Customer service management portfolio{who}</h1>",
        cover_html(details, learner),
        f'<p class="meta">Exported {html.escape(human_date(exported_at))} · '
        f"{len(entries)} {noun}</p>",
        "<h2>Coverage of the criteria</h2>",
        "<p>A criterion counts as evidenced only by what the learner wrote for it. Tables "
        "and charts the course inserted support that writing but are not evidence on their "
        "own.</p>",
        coverage_html(coverage),
        "<h2>Evidence by type</h2>",
        "<p>How many entries evidence each criterion, by type of evidence, and what is still "
        "missing.</p>",
        coverage_by_type_html(coverage_by_type(entries)),
        "<h2>Evidence</h2>",
    ]
    if not entries:
        body.append("<p>No evidence saved yet.</p>")
    plotlyjs_written = False
    for number, entry in enumerate(entries, start=1):
        needs_js = entry.figure is not None and not plotlyjs_written
        body.append(_entry_html(entry, number, include_plotlyjs=needs_js))
        plotlyjs_written = plotlyjs_written or needs_js
    body.append(declaration_html(details))
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{data_element(data)}<title>Portfolio{who}</title><style>{_CSS}</style></head><body>"
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


def portfolio_data(
    entries: list[Evidence], details: LearnerDetails, exported_at: datetime, learner: str = "",
) -> dict[str, Any]:
    """The portfolio's summary that an export carries for the class report, as a dict.

    Holds the format and its version, the export time (ISO, with the time zone), the
    learner's details (``name`` is the saved name, else the one given at export time, and
    ``name_saved`` says which), the number of entries, per criterion the entries evidencing
    it (``entries``) and how many of each evidence type (``types``; only writing counts, as
    in :func:`~csmlib.course.portfolio.coverage_by_type`), and a short list of the entries
    (id, activity, notebook, title, type, criteria evidenced, damaged or not).

    Example:
        >>> from datetime import datetime, timezone
        >>> e = Evidence(1, ["7.3"], "Huddle", "I ran the huddle.",
        ...              evidence_type="reflective account")
        >>> data = portfolio_data([e], LearnerDetails("Jane Doe"),
        ...                       datetime(2026, 11, 26, 14, 5, tzinfo=timezone.utc))
        >>> data["criteria"]["7.3"], data["learner"]["name"]
        ({'entries': 1, 'types': {'reflective account': 1}}, 'Jane Doe')
        >>> data["exported_at"]
        '2026-11-26 14:05:00+00:00'
    """
    checks.instance("entries", entries, list, "a list of Evidence (Portfolio().entries())")
    checks.instance("details", details, LearnerDetails, "the details Portfolio().learner() "
                    "gives")
    checks.instance("exported_at", exported_at, datetime, "a datetime")
    learner = _plain(learner, "learner")
    table = coverage_by_type(entries)  # checks every entry is an Evidence
    criteria = {
        record["code"]: {"entries": int(record["total"]),
                         "types": {kind: int(record[kind]) for kind in EVIDENCE_TYPES
                                   if int(record[kind])}}
        for record in table.to_dict("records")
    }
    items = [{"id": int(entry.id), "activity": entry.activity, "notebook": entry.notebook,
              "title": entry.title, "type": entry.evidence_type, "evidenced": entry.evidenced,
              "damaged": bool(entry.damaged)}
             for entry in entries]
    return {
        "format": DATA_FORMAT, "version": DATA_VERSION, "portfolio_format": FORMAT_VERSION,
        # ISO 8601 with a space (RFC 3339): datetime.fromisoformat reads it back
        "exported_at": exported_at.isoformat(sep=" ", timespec="seconds"),
        "learner": {"name": details.name or learner, "name_saved": details.given,
                    "candidate_number": details.candidate_number, "centre": details.centre,
                    "declared": details.declared},
        "entries": len(entries), "criteria": criteria, "items": items,
    }


def data_element(data: dict[str, Any]) -> str:
    """The data as an invisible ``<meta>`` element for the page's head.

    In the JSON, ``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e`` and
    ``\\u0026``, and the quotes are then escaped for the attribute, so nothing a learner typed
    (``</script>``, ``">``) can end the element early or read as markup.

    Example:
        >>> element = data_element({"title": '"></script><b>'})
        >>> element.count('"'), "<" in element[1:], "/script" in element
        (4, False, True)
    """
    checks.instance("data", data, dict, "the dict portfolio_data() gives")
    text = (json.dumps(data, ensure_ascii=False, allow_nan=False)
            .replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))
    return f'<meta name="{DATA_NAME}" content="{html.escape(text, quote=True)}">'


def read_portfolio_data(page: str) -> dict[str, Any] | None:
    """The data an export carries (see :func:`portfolio_data`), or ``None`` if it has none.

    Only the page's head is searched (everything the learner typed is in the body, escaped).
    A block that is there but is not valid JSON of this format, or is of another version,
    raises ValueError saying so.

    Example:
        >>> from datetime import datetime
        >>> data = portfolio_data([], LearnerDetails("Jane Doe"), datetime.now())
        >>> page = f"<html><head>{data_element(data)}</head><body></body></html>"
        >>> read_portfolio_data(page)["learner"]["name"]
        'Jane Doe'
        >>> read_portfolio_data("<html><head></head></html>") is None
        True
    """
    checks.text("page", page, example="<html>...</html>")
    end = page.find("</head>")
    found = _DATA_ELEMENT.search(page, 0, end if end >= 0 else len(page))
    if found is None:
        return None
    try:
        data = json.loads(html.unescape(found.group(1)))
    except ValueError as error:
        raise ValueError(f"the export's data block is damaged ({error}).") from None
    if not isinstance(data, dict) or data.get("format") != DATA_FORMAT:
        raise ValueError("the export's data block is not in the format "
                         f"{DATA_FORMAT!r}.")
    if data.get("version") != DATA_VERSION:
        raise ValueError(f"the export was made by another version of the course pack (data "
                         f"version {data.get('version')!r}; this one reads {DATA_VERSION}). "
                         "Update the course pack.")
    return data


def _plain(value: Any, name: str) -> str:
    """An optional piece of text: ``None`` becomes ``""``; anything else must be text."""
    if value is None:
        return ""
    return checks.text(name, value, example="Jane Doe").strip()


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
