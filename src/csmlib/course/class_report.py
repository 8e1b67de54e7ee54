"""The class report: a tutor's view of a group's evidence, read from a folder of hand-ins.

A tutor copies the files the learners hand in into one folder: portfolio files
(``my_portfolio.sqlite``, written by :class:`~csmlib.course.portfolio.Portfolio`) and/or
portfolio exports (``my_portfolio.html``, written by :func:`~csmlib.course.export.export_html`).
:func:`read_folder` reads every file in it, sub-folders too, one learner per file, and
:func:`csmlib.course.class_report_page.write_report` writes one self-contained HTML page
and one CSV table:

* a heatmap of learners against the 27 criteria (entries evidencing each, by type),
* the gaps of each learner (criteria with no evidence),
* the criteria the group is weakest on, and which notebook covers each,
* every file that could not be read, with the reason.

**Hand-ins are only ever read.** A portfolio file is copied to a temporary folder and read
there (never opened where it is, so it is never upgraded, backed up, repaired or locked);
nothing is written into the folder being read. A damaged, empty or foreign file (a Word
document, a CSV, a notebook) is listed with a plain reason and never stops the report. A
learner who handed in two files (a portfolio and its export) is counted once, from the newer.

**Nothing the report did not write is overwritten.** It writes ``class-report.html`` and
``class-report.csv`` and records their fingerprints in a hidden file beside them
(:data:`MANIFEST_NAME`); a file of that name it did not write, or one changed since, is kept
and the report takes the next free name (``class-report-2.html``).

The CSV is UTF-8 with a byte-order mark, so Excel (which otherwise reads a CSV in the
computer's old code page) shows names such as Siân or Zoë correctly; pandas, LibreOffice and
Google Sheets read it too. Cells that a spreadsheet would run as a formula are prefixed with
an apostrophe.

Example:
    >>> import tempfile, pathlib
    >>> from csmlib.course.portfolio import Portfolio
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "hand-ins"
    >>> p = Portfolio(folder / "jane.sqlite")
    >>> _ = p.save_learner(name="Jane Doe")
    >>> _ = p.save(criteria=["2.2"], title="Staffing", text="I would staff 14 agents.")
    >>> cohort = read_folder(folder)
    >>> [learner.name for learner in cohort.learners], int(cohort.heatmap().loc["Jane Doe", "2.2"])
    (['Jane Doe'], 1)
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from csmlib.analysis import checks
from csmlib.course import course_map
from csmlib.course import criteria as framework
from csmlib.course.export import read_portfolio_data
from csmlib.course.portfolio import (
    DEFAULT_FILENAME,
    EVIDENCE_TYPES,
    RECOMMENDED_TYPES,
    WHERE_TO_ADD,
    Portfolio,
    PortfolioDamagedError,
    PortfolioError,
    coverage_by_type,
    human_date,
)
from csmlib.course.style import PALETTE

#: Most files one folder may hold (sub-folders included); a larger folder is refused.
MAX_FILES = 2000
#: Largest file read, in bytes; an export with charts is a few megabytes.
MAX_FILE_BYTES = 200 * 2**20
#: The report's file names (without the ending): ``class-report.html``, ``class-report.csv``.
REPORT_STEM = "class-report"
#: The hidden file beside the report recording what it wrote (names and fingerprints).
MANIFEST_NAME = ".csmlib-class-report.json"
MANIFEST_FORMAT = "csmlib-class-report"
#: Written into the report's page, so the report never reads its own page as a hand-in.
GENERATOR = "csmlib class-report"
#: One letter per evidence type, shown in the heatmap's cells and explained in its key.
TYPE_LETTERS: dict[str, str] = {"work product": "W", "reflective account": "R",
                                "witness testimony": "T", "own-data analysis": "O"}
#: Heatmap shading by the number of entries (0, 1, 2 or more): (text colour, background).
#: Each pair has a contrast of at least 4.5:1 (WCAG 2.2 AA, checked by the tests with
#: ``style.contrast_ratio``); the cell's text (a number, or ✘) says the same as its colour.
CELL_COLOURS: dict[int, tuple[str, str]] = {
    0: (PALETTE["black"], PALETTE["vermillion"]),
    1: (PALETTE["black"], PALETTE["sky"]),
    2: ("#FFFFFF", PALETTE["blue"]),
}
#: What an export made before the class report existed is listed with.
OLD_EXPORT = ("exported before the class report existed: ask for the portfolio file "
              f"({DEFAULT_FILENAME}) or a new export")
_SQLITE_HEADER = b"SQLite format 3\x00"
_ZIP_HEADERS = (b"PK\x03\x04", b"PK\x05\x06")
_SIDE_FILES = ("-journal", "-wal", "-shm")
_AUTOMATIC_COPY = re.compile(r"\.bak(\.\d+)?$|\.set-aside-\d|\.tmp$")
_EXPORT_HEADING = re.compile(r"<h1>Customer service management portfolio(?: — ([^<]*))?</h1>")
_FOREIGN: dict[str, str] = {
    ".docx": "a Word document", ".doc": "a Word document", ".odt": "a text document",
    ".xlsx": "an Excel workbook", ".xls": "an Excel workbook", ".ods": "a spreadsheet",
    ".csv": "a CSV table", ".pdf": "a PDF document", ".ipynb": "a notebook",
    ".txt": "a text file", ".md": "a text file", ".json": "a data file",
    ".pptx": "a PowerPoint file", ".png": "a picture", ".jpg": "a picture",
    ".jpeg": "a picture", ".zip": "a zip archive", ".py": "a Python file",
}
_ASK_AGAIN = (f"ask the learner for their portfolio file ({DEFAULT_FILENAME}) or a new "
              "export")


class ClassReportError(ValueError):
    """A folder or an output place the class report cannot use; the message says why."""


@dataclass(frozen=True)
class FileNote:
    """A file the report did not read as a learner's work, and why (plain words).

    Example:
        >>> FileNote("notes.docx", "a Word document, not a portfolio").file
        'notes.docx'
    """

    file: str
    reason: str


class _LeftOut(FileNote):
    """A file left out on purpose (not a problem)."""


@dataclass
class LearnerRecord:
    """One learner's evidence, read from one file.

    ``counts`` holds, per criterion code, the entries evidencing it by evidence type (only
    writing counts, as in :func:`~csmlib.course.portfolio.coverage_by_type`).

    Example:
        >>> record = LearnerRecord("Jane Doe", "jane.sqlite", "portfolio file",
        ...                        counts={"2.2": {"work product": 2}})
        >>> record.evidence("2.2"), record.evidenced, len(record.gaps)
        (2, ['2.2'], 26)
    """

    name: str
    file: str
    source: str  # "portfolio file" or "export"
    as_of: datetime | None = None  # last save (portfolio) or export time
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    entries: int = 0
    named_by_file: bool = False
    candidate_number: str = ""
    notes: list[str] = field(default_factory=list)
    #: other files of the same learner, not used because this one is newer
    other_files: list[str] = field(default_factory=list)

    def evidence(self, code: str) -> int:
        """How many entries evidence criterion ``code``."""
        return sum(self.counts.get(code, {}).values())

    @property
    def evidenced(self) -> list[str]:
        """The criteria with at least one entry of evidence, in framework order."""
        return [code for code in framework.CRITERIA if self.evidence(code)]

    @property
    def gaps(self) -> list[str]:
        """The criteria with no evidence, in framework order."""
        return [code for code in framework.CRITERIA if not self.evidence(code)]


@dataclass
class Cohort:
    """What :func:`read_folder` found: the learners read and the files not read.

    ``problems`` are files that should have been a learner's work but could not be read
    (damaged, foreign, an older export); ``skipped`` are files the report leaves out on
    purpose (hidden files, the course's automatic backups, the report's own files).

    Example:
        >>> cohort = Cohort(Path("hand-ins"), [LearnerRecord("A", "a.sqlite", "portfolio file",
        ...                 counts={"1.1": {"work product": 1}})])
        >>> cohort.heatmap().loc["A", ["1.1", "1.2"]].tolist()
        [1, 0]
    """

    folder: Path
    learners: list[LearnerRecord] = field(default_factory=list)
    problems: list[FileNote] = field(default_factory=list)
    skipped: list[FileNote] = field(default_factory=list)

    @property
    def files_found(self) -> int:
        """Every file looked at: read, not read, or skipped on purpose."""
        used = sum(1 + len(learner.other_files) for learner in self.learners)
        return used + len(self.problems) + len(self.skipped)

    def heatmap(self) -> pd.DataFrame:
        """Learners (rows) by the 27 criteria (columns): entries evidencing each.

        Example:
            >>> Cohort(Path("x")).heatmap().shape
            (0, 27)
        """
        codes = list(framework.CRITERIA)
        rows = [[learner.evidence(code) for code in codes] for learner in self.learners]
        frame = pd.DataFrame(rows, columns=codes, dtype="int64",
                             index=pd.Index([r.name for r in self.learners], name="learner"))
        frame.columns.name = "criterion"
        return frame

    def types(self) -> pd.DataFrame:
        """One row per learner, criterion and evidence type with entries: ``learner``,
        ``code``, ``type``, ``entries``.

        Example:
            >>> Cohort(Path("x")).types().columns.tolist()
            ['learner', 'code', 'type', 'entries']
        """
        rows = [{"learner": learner.name, "code": code, "type": kind, "entries": count}
                for learner in self.learners for code in framework.CRITERIA
                for kind, count in learner.counts.get(code, {}).items() if count]
        return pd.DataFrame(rows, columns=["learner", "code", "type", "entries"])

    def gaps(self) -> pd.DataFrame:
        """One row per learner: the file read, criteria evidenced, the gaps, and notes.

        Example:
            >>> gaps = Cohort(Path("x"), [LearnerRecord("A", "a.sqlite", "portfolio file")]
            ...               ).gaps()
            >>> int(gaps.loc[0, "gap_count"])
            27
        """
        rows = [{"learner": learner.name, "file": learner.file, "source": learner.source,
                 "evidenced": len(learner.evidenced), "gap_count": len(learner.gaps),
                 "gaps": ", ".join(learner.gaps), "notes": " ".join(learner.notes)}
                for learner in self.learners]
        return pd.DataFrame(rows, columns=["learner", "file", "source", "evidenced",
                                           "gap_count", "gaps", "notes"])

    def weakest(self, n: int = 5) -> pd.DataFrame:
        """The ``n`` criteria fewest learners have evidence for (ties in criterion order),
        with the notebooks that cover each and what to do.

        Columns: ``code``, ``outcome``, ``criterion``, ``with_evidence``, ``without``,
        ``learners_without`` (their names), ``notebooks``, ``what_to_do``.

        Example:
            >>> cohort = Cohort(Path("x"), [LearnerRecord("A", "a.sqlite", "portfolio file",
            ...                 counts={"1.1": {"work product": 1}})])
            >>> cohort.weakest(2)["code"].tolist()
            ['1.2', '1.3']
        """
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(
                framework.CRITERIA):
            raise ValueError(f"n must be a whole number from 1 to {len(framework.CRITERIA)} "
                             f"(how many criteria to list); got {n!r}.")
        rows = []
        for criterion in framework.all_criteria():
            code = criterion.code
            without = [learner.name for learner in self.learners if not learner.evidence(code)]
            rows.append({
                "code": code,
                "outcome": f"LO{criterion.outcome.number} {criterion.outcome.title}",
                "criterion": criterion.shows,
                "with_evidence": len(self.learners) - len(without),
                "without": len(without),
                "learners_without": ", ".join(without),
                "notebooks": _notebooks(code),
                "what_to_do": _what_to_do(code, len(without), len(self.learners)),
            })
        table = pd.DataFrame(rows)
        table = table.sort_values("with_evidence", kind="stable").head(n)
        return table.reset_index(drop=True)

    def summary(self) -> str:
        """A few lines for the command line: learners read, files not read, weakest criteria.

        Example:
            >>> print(Cohort(Path("hand-ins")).summary().splitlines()[1])
            Learners read: 0
        """
        lines = [f"Class report for {self.folder}",
                 f"Learners read: {len(self.learners)}"]
        doubles = sum(1 for learner in self.learners if learner.other_files)
        if doubles:
            lines[-1] += (f" ({doubles} handed in more than one file: the newer was used, "
                          "as the report says)")
        lines.append(f"Files not read: {len(self.problems)}"
                     + (" (listed with the reason in the report)" if self.problems else ""))
        for note in self.problems[:10]:
            lines.append(f"  - {note.file}: {note.reason}")
        if len(self.problems) > 10:
            lines.append(f"  ... and {len(self.problems) - 10} more, listed in the report")
        if self.skipped:
            lines.append(f"Files left out on purpose: {len(self.skipped)} (hidden files, "
                         "automatic backups, the report's own files)")
        if self.learners:
            lines.append("Weakest criteria (fewest learners with evidence):")
            for row in self.weakest(min(5, len(framework.CRITERIA))).to_dict("records"):
                lines.append(f"  {row['code']} {row['criterion']}: {row['with_evidence']} of "
                             f"{len(self.learners)} learners; see {row['notebooks']}")
        return "\n".join(lines)


# ============================================================================ reading
def read_folder(folder: str | os.PathLike[str]) -> Cohort:
    """Read every file in ``folder`` (and its sub-folders): one learner per file.

    Portfolio files are read from a temporary copy, exports from the data they carry. Hidden
    files, the course's automatic backups (``.bak``) and the report's own files are left
    out and counted in ``skipped``; anything else that is not a learner's work is listed in
    ``problems`` with the reason. A missing or unreadable folder raises
    :class:`ClassReportError` (a ValueError) saying what to do.

    Example:
        >>> read_folder("no/such/folder")
        Traceback (most recent call last):
        ...
        csmlib.course.class_report.ClassReportError: There is no folder no/such/folder: ...
    """
    root = _folder(folder)
    learners: list[LearnerRecord] = []
    problems: list[FileNote] = []
    skipped: list[FileNote] = []
    old_exports: list[tuple[FileNote, str]] = []
    for path, rel in _files(root, problems, skipped):
        try:
            found = _read_file(path, rel)
        except Exception as error:  # noqa: BLE001 - one bad file must never stop the report
            found = FileNote(rel, f"could not be read ({type(error).__name__}: {error}); "
                                  f"{_ASK_AGAIN}")
        if isinstance(found, LearnerRecord):
            learners.append(found)
        elif isinstance(found, tuple):
            old_exports.append(found)
        elif isinstance(found, _LeftOut):
            skipped.append(FileNote(found.file, found.reason))
        else:
            problems.append(found)
    learners = _one_per_learner(learners)
    names = {_name_key(learner.name) for learner in learners}
    for note, name in old_exports:
        if name and _name_key(name) in names:
            note = FileNote(note.file, f"{note.reason} ({name}'s other file was read, so "
                                       "their evidence is counted)")
        problems.append(note)
    problems.sort(key=lambda note: note.file)
    return Cohort(root, learners, problems, skipped)


def _folder(folder: Any) -> Path:
    if isinstance(folder, bool) or not isinstance(folder, str | os.PathLike):
        raise ClassReportError(f"folder must be the name of a folder, e.g. 'hand-ins'; got "
                               f"{folder!r} ({type(folder).__name__}).")
    text = os.fspath(folder)
    if not str(text).strip():
        raise ClassReportError("folder is empty: give the folder that holds the learners' "
                               "files, e.g. 'hand-ins'.")
    root = Path(text).expanduser()
    if not root.exists():
        raise ClassReportError(f"There is no folder {text}: check its name, or copy the "
                               "learners' files into a new folder and give its name.")
    if not root.is_dir():
        raise ClassReportError(f"{text} is a file, not a folder: give the folder that holds "
                               "the learners' files.")
    try:
        with os.scandir(root):
            pass
    except OSError as error:
        raise ClassReportError(f"The folder {text} cannot be opened "
                               f"({error.strerror or error}): check that you may read it."
                               ) from None
    return root


def _files(root: Path, problems: list[FileNote],
           skipped: list[FileNote]) -> list[tuple[Path, str]]:
    """Every file to read under ``root`` (sorted), with its path relative to ``root``."""
    found: list[tuple[Path, str]] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename or "?")
        rel = where.relative_to(root).as_posix() if where.is_relative_to(root) else str(where)
        problems.append(FileNote(rel + "/", f"a folder that could not be opened "
                                           f"({error.strerror or error}); its files were not "
                                           "read"))

    for directory, folders, names in os.walk(root, onerror=unreadable):
        here = Path(directory)
        hidden_folders = [name for name in folders if name.startswith(".")]
        for name in hidden_folders:
            skipped.append(FileNote(_rel(here / name, root) + "/", "a hidden folder"))
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        ours = own_report_files(here)
        for name in sorted(names):
            path = here / name
            rel = _rel(path, root)
            if name.startswith("."):
                skipped.append(FileNote(rel, "a hidden file"))
            elif name in ours:
                skipped.append(FileNote(rel, "this class report's own file"))
            elif _AUTOMATIC_COPY.search(name):
                skipped.append(FileNote(rel, "a copy the course makes automatically "
                                             "(backup, set-aside or unfinished file)"))
            elif name.endswith(_SIDE_FILES) and (here / name.rsplit("-", 1)[0]).is_file():
                skipped.append(FileNote(rel, "part of the portfolio file beside it, read "
                                             "with it"))
            elif not path.is_file():
                problems.append(FileNote(rel, "not an ordinary file (a link to nothing, a "
                                              "device or a pipe): not read"))
            else:
                found.append((path, rel))
            if len(found) > MAX_FILES:
                raise ClassReportError(
                    f"The folder {root} holds more than {MAX_FILES:,} files: the class report "
                    "reads at most that many. Give a folder holding only this group's files.")
    return found


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _read_file(path: Path, rel: str) -> LearnerRecord | FileNote | tuple[FileNote, str]:
    """One file as a learner's record, or a note saying why it is not one.

    An older export comes back as ``(note, name on its cover)``.
    """
    size = path.stat().st_size
    if size == 0:
        return FileNote(rel, f"an empty file (0 bytes): {_ASK_AGAIN}")
    if size > MAX_FILE_BYTES:
        return FileNote(rel, f"too large to be a portfolio or an export ({size / 2**20:,.0f} "
                             f"MB; the limit is {MAX_FILE_BYTES / 2**20:,.0f} MB)")
    with path.open("rb") as handle:
        head = handle.read(1024)
    suffix = path.suffix.lower()
    if head.startswith(_SQLITE_HEADER):
        return _read_portfolio(path, rel)
    if head.startswith(_ZIP_HEADERS):
        if suffix in _FOREIGN and suffix != ".zip":
            return FileNote(rel, f"{_FOREIGN[suffix]}, not a portfolio: {_ASK_AGAIN}")
        return FileNote(rel, "a zip archive: unzip it into the folder (the report reads the "
                             "files inside) and run the report again")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if suffix in {".html", ".htm"} or start.startswith((b"<!doctype html", b"<html")):
        return _read_export(path, rel)
    if suffix in _FOREIGN:
        return FileNote(rel, f"{_FOREIGN[suffix]}, not a portfolio: {_ASK_AGAIN}")
    if suffix in {".sqlite", ".sqlite3", ".db"}:
        return FileNote(rel, "damaged: named like a portfolio file, but its contents are not a "
                             "database (it may have been only partly copied); "
                             f"{_ASK_AGAIN}")
    return FileNote(rel, f"not a portfolio or a portfolio export (its contents are not "
                         f"recognised); {_ASK_AGAIN}")


def _read_portfolio(path: Path, rel: str) -> LearnerRecord | FileNote:
    """A portfolio file, read from a temporary copy: the hand-in itself is only read."""
    with tempfile.TemporaryDirectory(prefix="csm-class-report-") as temporary:
        copy = Path(temporary) / "portfolio.sqlite"
        shutil.copyfile(path, copy)
        for ending in ("-journal", "-wal"):  # a save in progress when the file was copied
            side = path.with_name(path.name + ending)
            if side.is_file():
                shutil.copyfile(side, copy.with_name(copy.name + ending))
        try:
            with closing(sqlite3.connect(copy)) as db:
                tables = {row[0] for row in db.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'")}
                check = str(db.execute("PRAGMA quick_check").fetchone()[0])
        except sqlite3.DatabaseError as error:
            return FileNote(rel, f"a damaged portfolio file: the database cannot be read "
                                 f"({error}); {_ASK_AGAIN} (the backup beside their "
                                 f"portfolio, {DEFAULT_FILENAME}.bak, may hold their work)")
        if not tables:
            return FileNote(rel, f"an empty database, not a portfolio: {_ASK_AGAIN}")
        portfolio = Portfolio(copy)
        try:
            entries = portfolio.entries()
            details = portfolio.learner()
        except PortfolioDamagedError as error:
            cause = error.__cause__ or error
            return FileNote(rel, f"a damaged portfolio file ({cause}); {_ASK_AGAIN} (the "
                                 f"backup beside their portfolio, {DEFAULT_FILENAME}.bak, "
                                 "may hold their work)")
        except PortfolioError as error:
            return FileNote(rel, str(error).replace(str(copy), rel))
    notes = []
    if check != "ok":
        notes.append(f"The file failed the database's integrity check ({check}): the entries "
                     "that could be read are counted; ask the learner for a fresh copy.")
    damaged = [entry.title or f"entry {entry.id}" for entry in entries if entry.damaged]
    if damaged:
        notes.append(f"{len(damaged)} {'entry is' if len(damaged) == 1 else 'entries are'} "
                     f"partly damaged ({', '.join(damaged[:5])}"
                     f"{', ...' if len(damaged) > 5 else ''}): what could be read is counted.")
    table = coverage_by_type(entries)
    counts = {record["code"]: {kind: int(record[kind]) for kind in EVIDENCE_TYPES
                               if int(record[kind])}
              for record in table.to_dict("records")}
    moments = [_moment(entry.saved_at) for entry in entries] + [_moment(details.saved_at)]
    as_of = max((m for m in moments if m is not None), default=None) or _mtime(path)
    name = details.name
    return LearnerRecord(name or _file_name(rel), rel, "portfolio file", as_of, counts,
                         len(entries), not name, details.candidate_number, notes)


def _read_export(path: Path, rel: str) -> LearnerRecord | FileNote | tuple[FileNote, str]:
    """An HTML export, read from the data block it carries."""
    try:
        page = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return FileNote(rel, "an HTML file that is not UTF-8 text, so not a portfolio export")
    if f'<meta name="generator" content="{GENERATOR}">' in page[:2000]:
        return _LeftOut(rel, "a class report (this report's own kind of page)")
    try:
        data = read_portfolio_data(page)
    except ValueError as error:
        return FileNote(rel, f"a portfolio export whose data cannot be read: {error} "
                             f"{_ASK_AGAIN[0].upper()}{_ASK_AGAIN[1:]}.")
    if data is None:
        heading = _EXPORT_HEADING.search(page)
        if heading:
            return FileNote(rel, OLD_EXPORT), html.unescape(heading.group(1) or "").strip()
        return FileNote(rel, f"an HTML page, but not a portfolio export: {_ASK_AGAIN}")
    try:
        return _record_from_data(data, rel, path)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return FileNote(rel, f"a portfolio export whose data is damaged ({error}); "
                             f"{_ASK_AGAIN}")


def _record_from_data(data: dict[str, Any], rel: str, path: Path) -> LearnerRecord:
    """The learner's record from an export's data block, every value checked."""
    learner = data["learner"]
    name = learner.get("name") or ""
    candidate = learner.get("candidate_number") or ""
    if not isinstance(name, str) or not isinstance(candidate, str):
        raise ValueError("the learner's name is not text")
    entries = data["entries"]
    if isinstance(entries, bool) or not isinstance(entries, int) or entries < 0:
        raise ValueError("the number of entries is not a whole number")
    counts: dict[str, dict[str, int]] = {}
    unknown: list[str] = []
    for code, cell in data["criteria"].items():
        if code not in framework.CRITERIA:
            unknown.append(str(code))
            continue
        kinds = cell["types"]
        for kind, count in kinds.items():
            if kind not in EVIDENCE_TYPES:
                raise ValueError(f"criterion {code} has an unknown evidence type {kind!r}")
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValueError(f"criterion {code} has a count that is not a whole number")
        if sum(kinds.values()) != cell["entries"]:
            raise ValueError(f"criterion {code}: its counts by type do not add up")
        counts[code] = {kind: count for kind, count in kinds.items() if count}
    notes = []
    if unknown:
        notes.append(f"The export names criteria this course pack does not know "
                     f"({', '.join(unknown)}): left out.")
    damaged = [item for item in data.get("items", []) if isinstance(item, dict)
               and item.get("damaged")]
    if damaged:
        notes.append(f"{len(damaged)} {'entry was' if len(damaged) == 1 else 'entries were'} "
                     "partly damaged when exported: what could be read is counted.")
    as_of = _moment(data.get("exported_at")) or _mtime(path)
    return LearnerRecord(name.strip() or _file_name(rel), rel, "export", as_of, counts,
                         entries, not name.strip(), candidate.strip(), notes)


def _file_name(rel: str) -> str:
    """A learner's name from their file when they saved none: the path without its ending."""
    return rel.rsplit(".", 1)[0] if "." in rel.rsplit("/", 1)[-1] else rel


def _moment(text: Any) -> datetime | None:
    """A stored time as an aware datetime (a time without a zone is the computer's own)."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.astimezone()


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _one_per_learner(records: list[LearnerRecord]) -> list[LearnerRecord]:
    """One record per learner: files with the same name (and candidate number) are one
    learner's, and the newer is used; the choice is written in its notes."""
    groups: dict[tuple[str, str], list[LearnerRecord]] = {}
    for record in records:
        key = (("file:" if record.named_by_file else "") + _name_key(record.name),
               record.candidate_number.casefold())
        groups.setdefault(key, []).append(record)
    for key in [k for k in groups if not k[1]]:  # no candidate number: join the one that has
        numbered = [k for k in groups if k[0] == key[0] and k[1]]
        if len(numbered) == 1:
            groups[numbered[0]].extend(groups.pop(key))
    chosen: list[LearnerRecord] = []
    for group in groups.values():
        group.sort(key=lambda r: (r.as_of or datetime.min.replace(tzinfo=timezone.utc),
                                  r.source == "portfolio file"), reverse=True)
        used, rest = group[0], group[1:]
        if rest:
            described = "; ".join(f"{r.file} ({_when(r)})" for r in rest)
            used.notes.insert(0, f"{len(group)} files for this learner: used {used.file} "
                                 f"({_when(used)}), the most recent; not used: {described}.")
            used.other_files = [r.file for r in rest]
        if used.named_by_file:
            used.notes.append("No name saved in this file: named by its file.")
        chosen.append(used)
    seen: dict[str, int] = {}
    for record in chosen:
        seen[_name_key(record.name)] = seen.get(_name_key(record.name), 0) + 1
    for record in chosen:  # two learners of the same name: tell them apart
        if seen[_name_key(record.name)] > 1:
            record.name += (f" (candidate {record.candidate_number})"
                            if record.candidate_number else f" ({record.file})")
    return sorted(chosen, key=lambda r: (_name_key(r.name), r.file))


def _when(record: LearnerRecord) -> str:
    verb = "exported" if record.source == "export" else "last saved"
    return f"{record.source}, {verb} {human_date(record.as_of)}" if record.as_of else \
        record.source


def _notebooks(code: str) -> str:
    return "; ".join(f"notebook {info.number} {info.title}" for info in course_map.NOTEBOOKS
                     if code in info.criteria)


def _what_to_do(code: str, without: int, learners: int) -> str:
    if not learners:
        return "No learner's work was read."
    if not without:
        return "Every learner has evidence for this criterion."
    who = "the learner" if without == 1 else f"the {without} learners"
    advice = (f"Go through {_notebooks(code)} with {who} without evidence: they complete "
              f"its activities for {code} and save their own writing (a table or chart alone "
              "is not evidence).")
    wanted = RECOMMENDED_TYPES.get(code, ())
    if wanted:
        advice += (f" For {code} the course asks for "
                   f"{' and '.join(wanted)}: {'; '.join(WHERE_TO_ADD[k] for k in wanted)}.")
    return advice


# ------------------------------------------------- the report's own files
def _a_path(name: str, value: Any) -> Path:
    checks.instance(name, value, (str, os.PathLike), "a file or folder path")
    return Path(value)


def report_manifest(out: str | os.PathLike[str]) -> dict[str, str]:
    """Names and fingerprints of the files the report wrote in ``out`` before.

    Example:
        >>> import tempfile
        >>> report_manifest(tempfile.mkdtemp())
        {}
    """
    out = _a_path("out", out)
    path = out / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if not (isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT
            and isinstance(data.get("files"), dict)):
        raise ClassReportError(f"{path} is there but was not written by the class report: "
                               "it has been kept. Choose another folder for the report.")
    return {str(k): str(v) for k, v in data["files"].items()}


def own_report_files(folder: str | os.PathLike[str]) -> set[str]:
    """The files in ``folder`` the class report wrote and nobody has changed since.

    Example:
        >>> import tempfile
        >>> own_report_files(tempfile.mkdtemp())
        set()
    """
    folder = _a_path("folder", folder)
    try:
        manifest = report_manifest(folder)
    except ClassReportError:
        return set()
    return {name for name, digest in manifest.items() if file_digest(folder / name) == digest}


def file_digest(path: str | os.PathLike[str]) -> str:
    """A file's SHA-256 fingerprint ("" when it cannot be read).

    Example:
        >>> file_digest("no/such/file")
        ''
    """
    path = _a_path("path", path)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""
