"""The class report's outputs: one self-contained HTML page and one CSV table, written
without overwriting anything the report did not write, and ``csm class-report``.

The cohort comes from :func:`csmlib.course.class_report.read_folder`.

Example:
    >>> import tempfile, pathlib
    >>> from csmlib.course.portfolio import Portfolio
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "hand-ins"
    >>> p = Portfolio(folder / "jane.sqlite")
    >>> _ = p.save_learner(name="Jane Doe")
    >>> _ = p.save(criteria=["2.2"], title="Staffing", text="I would staff 14 agents.")
    >>> html_path, csv_path = write_report(read_folder(folder), folder.parent / "report")
    >>> html_path.name, csv_path.name
    ('class-report.html', 'class-report.csv')
"""


from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from csmlib.analysis import checks
from csmlib.course import criteria as framework
from csmlib.course.class_report import (
    CELL_COLOURS,
    GENERATOR,
    MANIFEST_FORMAT,
    MANIFEST_NAME,
    MAX_FILES,
    REPORT_STEM,
    TYPE_LETTERS,
    ClassReportError,
    Cohort,
    LearnerRecord,
    file_digest,
    read_folder,
    report_manifest,
)
from csmlib.course.portfolio import (
    DEFAULT_FILENAME,
    EVIDENCE_TYPES,
    human_date,
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# ============================================================================ writing
def default_out_dir(folder: str | os.PathLike[str]) -> Path:
    """Where the report goes when no folder is given: beside the hand-ins folder, named
    after it (``hand-ins`` -> ``hand-ins-class-report``), so nothing is added to the
    folder being read and two groups' reports never meet.

    Example:
        >>> default_out_dir("courses/group-a").name
        'group-a-class-report'
    """
    root = _as_path("folder", folder).resolve()
    if root.parent == root:  # the top of a drive has nothing beside it
        return root / f"{REPORT_STEM}"
    return root.parent / f"{root.name}-{REPORT_STEM}"


def _as_path(name: str, value: Any) -> Path:
    if isinstance(value, bool) or not isinstance(value, str | os.PathLike) or not str(
            os.fspath(value)).strip():
        raise ClassReportError(f"{name} must be the name of a folder, e.g. 'class-report'; "
                               f"got {value!r}.")
    return Path(os.fspath(value)).expanduser()


def write_report(cohort: Cohort, out_dir: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Write the report's HTML page and CSV table into ``out_dir``; return their paths.

    The names are ``class-report.html`` and ``class-report.csv``; if a file of that name is
    there and this report did not write it (or it has been changed since), it is kept and
    the next free name is used (``class-report-2.html``, ``class-report-2.csv``).

    Example:
        >>> import tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp())
        >>> (out / "class-report.html").write_text("the tutor's own notes")
        21
        >>> [p.name for p in write_report(Cohort(out), out)]
        ['class-report-2.html', 'class-report-2.csv']
        >>> (out / "class-report.html").read_text()
        "the tutor's own notes"
    """
    checks.instance("cohort", cohort, Cohort, "what read_folder() gives")
    out = _as_path("out_dir", out_dir)
    if out.exists() and not out.is_dir():
        raise ClassReportError(f"out_dir {out} is a file, not a folder: give a folder for "
                               "the report, e.g. 'class-report'.")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ClassReportError(f"The report's folder {out} could not be made "
                               f"({error.strerror or error}): choose a folder you may write "
                               "to.") from None
    manifest = report_manifest(out)
    html_path, csv_path = _free_names(out, manifest)
    page = report_html(cohort).encode("utf-8")
    table = report_csv(cohort).encode("utf-8-sig")
    for path, content in ((html_path, page), (csv_path, table)):
        _write_new(path, content)
        manifest[path.name] = hashlib.sha256(content).hexdigest()
    manifest = {name: digest for name, digest in manifest.items() if (out / name).is_file()}
    _write_new(out / MANIFEST_NAME, json.dumps(
        {"format": MANIFEST_FORMAT, "files": manifest}, indent=1).encode("utf-8"))
    return html_path, csv_path


def _free_names(out: Path, manifest: dict[str, str]) -> tuple[Path, Path]:
    """The first pair of report names that are free or hold the report's own, unchanged
    files."""
    for number in range(1, MAX_FILES + 1):
        stem = REPORT_STEM if number == 1 else f"{REPORT_STEM}-{number}"
        pair = (out / f"{stem}.html", out / f"{stem}.csv")
        if all(not p.exists() or (p.is_file() and manifest.get(p.name) == file_digest(p))
               for p in pair):
            return pair
    raise ClassReportError(f"{out} already holds {MAX_FILES:,} files named like a class "
                           "report: choose another folder for the report.")


def _write_new(path: Path, content: bytes) -> None:
    """Write through a new temporary file and move it into place (never half a file)."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)  # only our own temporary file
    except OSError as error:
        raise ClassReportError(f"The report could not be written to {path} "
                               f"({error.strerror or error}): choose a folder you may write "
                               "to.") from None


def _safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets an apostrophe in front."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def report_csv(cohort: Cohort) -> str:
    """The CSV table: one row per learner (name, file, criteria evidenced, gaps, and one
    column per criterion with the entries evidencing it).

    Example:
        >>> text = report_csv(Cohort(Path("x"), [LearnerRecord("=Sam", "s.html", "export")]))
        >>> text.splitlines()[1][:24]
        "'=Sam,s.html,export,0,27"
    """
    checks.instance("cohort", cohort, Cohort, "what read_folder() gives")
    codes = list(framework.CRITERIA)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Learner", "File", "Read from", "Criteria evidenced",
                     f"Gaps (of {len(codes)})", "Gap criteria", "Entries", *codes])
    for learner in cohort.learners:
        writer.writerow([_safe_cell(v) for v in (
            learner.name, learner.file, learner.source, len(learner.evidenced),
            len(learner.gaps), ", ".join(learner.gaps), learner.entries,
            *(learner.evidence(code) for code in codes))])
    return buffer.getvalue()


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5em;color:#222;
line-height:1.45}
h1{margin-bottom:0.2em}
table{border-collapse:collapse;margin:0.5em 0 1.2em}
caption{text-align:left;font-weight:bold;padding:0.3em 0}
th,td{border:1px solid #767676;padding:3px 6px;text-align:left;vertical-align:top}
thead th{background:#f3f3f3}
.heatmap td,.heatmap thead th{text-align:center;padding:2px 3px;min-width:2.2em}
.heatmap{font-size:0.85em}
.heatmap .types{display:block;font-size:0.8em}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.key span.swatch{display:inline-block;padding:0 8px;margin-right:4px;border:1px solid #767676}
.meta{color:#444}
%(cells)s
@page{size:landscape;margin:1cm}
@media print{body{margin:0;font-size:10pt}td,th{-webkit-print-color-adjust:exact;
print-color-adjust:exact}section{page-break-inside:avoid}
.heatmap{font-size:7.5pt}}
"""


def _level(count: int) -> int:
    return min(count, 2)


def _cell_css() -> str:
    return "\n".join(f".c{level}{{color:{text};background:{back}}}"
                     for level, (text, back) in CELL_COLOURS.items())


def _cell(learner: LearnerRecord, code: str) -> str:
    count = learner.evidence(code)
    if not count:
        return '<td class="c0">✘<span class="sr"> no evidence</span></td>'
    letters = " ".join(TYPE_LETTERS[kind] for kind in EVIDENCE_TYPES
                       if learner.counts.get(code, {}).get(kind))
    return (f'<td class="c{_level(count)}">{count} <span class="types">{letters}</span>'
            "</td>")


def _heatmap_html(cohort: Cohort) -> str:
    outcomes = [(outcome, framework.for_outcome(outcome.number))
                for outcome in framework.OUTCOMES]
    colgroups = '<colgroup span="1"></colgroup>' + "".join(
        f'<colgroup span="{len(group)}"></colgroup>' for _o, group in outcomes
    ) + '<colgroup span="1"></colgroup>'
    top = ['<th scope="col" rowspan="2">Learner</th>'] + [
        f'<th scope="colgroup" colspan="{len(group)}">LO{o.number} {html.escape(o.title)}</th>'
        for o, group in outcomes] + [
        f'<th scope="col" rowspan="2">Criteria evidenced (of {len(framework.CRITERIA)})</th>']
    codes = [f'<th scope="col" title="{html.escape(c.shows)}">{html.escape(c.code)}</th>'
             for _o, group in outcomes for c in group]
    rows = []
    for learner in cohort.learners:
        cells = "".join(_cell(learner, code) for code in framework.CRITERIA)
        rows.append(f'<tr><th scope="row">{html.escape(learner.name)}</th>{cells}'
                    f"<td>{len(learner.evidenced)}</td></tr>")
    caption = (f"Entries of evidence for each criterion, by learner ({len(cohort.learners)} "
               "learners; criteria grouped by learning outcome)")
    return (f'<table class="heatmap"><caption>{html.escape(caption)}</caption>{colgroups}'
            f"<thead><tr>{''.join(top)}</tr><tr>{''.join(codes)}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _key_html() -> str:
    swatches = [("c0", "✘", "no evidence: a gap"), ("c1", "1", "one entry"),
                ("c2", "2", "two or more entries (the number is shown)")]
    parts = [f'<span class="swatch {cls}">{symbol}</span> {html.escape(words)}'
             for cls, symbol, words in swatches]
    letters = ", ".join(f"{letter} {kind}" for kind, letter in TYPE_LETTERS.items())
    return (f'<p class="key"><b>Key:</b> {" · ".join(parts)}. Under the number, the types of '
            f"evidence: {html.escape(letters)}. Only what a learner wrote counts as evidence "
            "(a table or chart alone does not).</p>")


def _table(caption: str, heads: list[str], rows: Iterable[list[str]], empty: str) -> str:
    rows = list(rows)
    if not rows:
        return f"<p>{html.escape(empty)}</p>"
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in heads)
    body = "".join("<tr>" + f'<th scope="row">{row[0]}</th>'
                   + "".join(f"<td>{cell}</td>" for cell in row[1:]) + "</tr>"
                   for row in rows)
    return (f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def report_html(cohort: Cohort) -> str:
    """The report as one self-contained HTML page (no scripts, no links; prints landscape).

    Example:
        >>> page = report_html(Cohort(Path("hand-ins")))
        >>> page.startswith("<!DOCTYPE html>") and "<script" not in page
        True
    """
    checks.instance("cohort", cohort, Cohort, "what read_folder() gives")
    e = html.escape
    learners = cohort.learners
    total = len(framework.CRITERIA)
    folder = cohort.folder.name or str(cohort.folder)
    made = human_date(datetime.now())
    body = [f"<h1>Class report: {e(folder)}</h1>",
            f'<p class="meta">Made {e(made)} from the folder {e(str(cohort.folder))}: '
            f"{len(learners)} learner{'s' if len(learners) != 1 else ''} read, "
            f"{len(cohort.problems)} file{'s' if len(cohort.problems) != 1 else ''} not read"
            f"{f', {len(cohort.skipped)} left out on purpose' if cohort.skipped else ''}."
            "</p>"]
    body.append("<section><h2>Evidence by learner</h2>")
    if learners:
        body.append(_key_html() + _heatmap_html(cohort))
    else:
        body.append("<p>No learner's work could be read: see the files not read below.</p>")
    body.append("</section>")

    gap_rows = [[e(learner.name), e(learner.file), f"{len(learner.evidenced)} of {total}",
                 e(", ".join(learner.gaps)) or "none", e(" ".join(learner.notes))]
                for learner in learners]
    body.append("<section><h2>Gaps per learner</h2>" + _table(
        "Criteria each learner has no evidence for yet, and the file read",
        ["Learner", "File read", "Criteria evidenced", "Gaps (no evidence yet)", "Notes"],
        gap_rows, "No learner's work could be read.") + "</section>")

    if learners:
        weakest = cohort.weakest(min(5, total))
        weak_rows = [[e(f"{r['code']} {r['criterion']}"), e(r["outcome"]),
                      f"{r['with_evidence']} of {len(learners)}",
                      e(r["learners_without"]) or "none", e(r["what_to_do"])]
                     for r in weakest.to_dict("records")]
        body.append("<section><h2>Where the group is weakest</h2><p>The criteria the fewest "
                    "learners have evidence for (ties in criterion order), and where in the "
                    "course to work on each.</p>" + _table(
                        "The group's weakest criteria",
                        ["Criterion", "Learning outcome", "Learners with evidence",
                         "Learners without", "What to do"], weak_rows, "") + "</section>")

    problem_rows = [[e(note.file), e(note.reason)] for note in cohort.problems]
    body.append("<section><h2>Files not read</h2>" + _table(
        "Files in the folder that could not be read as a learner's work, and why",
        ["File", "Reason"], problem_rows, "Every file was read.") + "</section>")
    if cohort.skipped:
        skipped_rows = [[e(note.file), e(note.reason)] for note in cohort.skipped]
        body.append("<section><h2>Files left out on purpose</h2>" + _table(
            "Files the report does not read", ["File", "Why"], skipped_rows, "")
            + "</section>")
    css = _CSS.replace("%(cells)s", _cell_css())
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="generator" content="{GENERATOR}">'
            f"<title>Class report: {e(folder)}</title><style>{css}</style></head><body>"
            + "\n".join(body) + "</body></html>")


# ====================================================================== command line
def command_line(folder: str, out: str | None = None) -> int:
    """``csm class-report FOLDER [--out DIR]``: read the folder, write the report, print a
    summary. Returns the exit code: 0 done; 1 the report was written but no learner's work
    could be read; 2 nothing written (a missing, unreadable or empty folder, or an output
    folder that cannot be used), with the reason on the error stream.

    Example:
        >>> command_line("no/such/folder")
        2
    """
    try:
        cohort = read_folder(folder)
        if not cohort.files_found:
            raise ClassReportError(
                f"The folder {folder} is empty: copy the learners' portfolio files "
                f"({DEFAULT_FILENAME}) or exports (.html) into it, then run the report again.")
        if not (cohort.learners or cohort.problems):
            raise ClassReportError(
                f"The folder {folder} holds no learner's files, only files the report leaves "
                f"out ({len(cohort.skipped)} hidden files, backups or report files): copy the "
                "learners' portfolio files or exports into it.")
        target = default_out_dir(folder) if out is None else out
        html_path, csv_path = write_report(cohort, target)
    except ClassReportError as error:
        print(f"csm class-report: {error}", file=sys.stderr)
        return 2
    print(cohort.summary())
    if html_path.name != f"{REPORT_STEM}.html":
        print(f"A file named {REPORT_STEM}.html or {REPORT_STEM}.csv that this command did "
              "not write (or that was changed) is in that folder: it was kept, and the report "
              "took new names.")
    print(f"Report written:\n  {html_path}\n  {csv_path}")
    if not cohort.learners:
        print("No learner's work could be read: see the files not read.", file=sys.stderr)
        return 1
    return 0
