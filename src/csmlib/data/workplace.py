"""Import a learner's own export (a CSV from their telephony, CRM or survey system).

:func:`import_csv` reads the file as it comes out of a real system (comma, semicolon or tab
separated; UTF-8 with or without a byte-order mark, or Windows-1252; UK day-first dates or
ISO times ending in ``Z``; durations in seconds, ``mm:ss`` or ``hh:mm:ss``; flags written as
Yes/No, Y/N, TRUE/FALSE or 1/0), maps its columns onto the course's schema
(:mod:`csmlib.data.schema`) and returns an :class:`ImportResult`:

* ``.table``: the rows that passed, with the schema's column names and types;
* ``.rejected``: one line per rejected row: ``row`` (the spreadsheet row number as Excel
  shows it: the header is row 1, so data record *n* is row *n* + 1, whatever line breaks
  there are inside quoted cells), ``column``, ``value``, ``reason`` in plain English and
  ``problem`` (a short label the report counts);
* ``.report``: how every row was accounted for (:class:`ImportReport`):
  ``imported + rejected + blank rows + totals rows = rows read``; nothing is dropped
  silently;
* ``.missing``: the schema's columns that are not in the file, what each is for and which
  analyses cannot run without it.

Problems with the file itself (empty, not a CSV, a required column missing) raise
:class:`WorkplaceError`, which names the file and column; a bad value never raises: it goes
to ``.rejected``. The learner's file is only read: never changed, never written next to.

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = folder / "calls.csv"
    >>> _ = path.write_text("Call ID;Media Type;Start Time;Queue Wait (sec)\\n"
    ...                     "C1;Voice;05/01/2026 09:30;12\\n"
    ...                     "C2;Voice;31/02/2026 09:31;15\\n"
    ...                     ";;;\\n"
    ...                     "Total;;;27\\n", encoding="utf-8")
    >>> result = import_csv(path, "contacts")
    >>> result.table[["contact_id", "channel", "arrived_at", "wait_s"]].to_dict("records")
    [{'contact_id': 'C1', 'channel': 'phone', 'arrived_at': Timestamp('2026-01-05 09:30:00'), \
'wait_s': 12}]
    >>> result.rejected[["row", "problem"]].to_dict("records")
    [{'row': 3, 'problem': 'not a real date'}]
    >>> r = result.report
    >>> (r.rows_read, r.imported, r.rejected, r.blank_rows_skipped, r.totals_rows_skipped)
    (4, 1, 1, 1, 1)
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from csmlib.data import schema

#: how many bytes of a file are looked at to tell whether it is text at all
_SNIFF_BYTES = 8192
#: the delimiters tried, in order of preference when counts tie
DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
#: the largest file read: a notebook kernel must stay within about 300 MB, and an import
#: needs about six times the file's size (a 200,000-row, 20 MB export: about 125 MB)
MAX_BYTES = 32 * 1024 * 1024


class WorkplaceError(ValueError):
    """The file cannot be imported as it is; the message names the file (and column) and
    says what to do.

    Example:
        >>> issubclass(WorkplaceError, ValueError)
        True
    """


# ----------------------------------------------------------------- results
@dataclass
class ImportReport:
    """How every data row of the file was accounted for.

    ``rows_read`` counts the data records under the header (blank ones too);
    ``imported + rejected + blank_rows_skipped + totals_rows_skipped == rows_read``.
    ``rejected_by_reason`` counts rejected rows by their problem (a row with several
    problems is counted once, under the first); ``duplicates_rejected`` is also in it, as
    "duplicate id". ``notes`` are plain sentences about how values were read.

    Example:
        >>> ImportReport("f.csv", "contacts", rows_read=3, imported=2, rejected=1).balanced
        True
    """

    file: str
    table: str
    rows_read: int = 0
    imported: int = 0
    rejected: int = 0
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    blank_rows_skipped: int = 0
    totals_rows_skipped: int = 0
    duplicates_rejected: int = 0
    encoding: str = ""
    delimiter: str = ""
    mapping: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        """True when every row read is imported, rejected or skipped (and counted)."""
        return (self.imported + self.rejected + self.blank_rows_skipped
                + self.totals_rows_skipped) == self.rows_read

    def as_frame(self) -> pd.DataFrame:
        """The report as a two-column table (what, count or value) for showing.

        Example:
            >>> ImportReport("f.csv", "contacts", rows_read=2, imported=2).as_frame().iloc[0, 0]
            'Rows read (under the header)'
        """
        rows: list[tuple[str, Any]] = [
            ("Rows read (under the header)", self.rows_read),
            ("Imported", self.imported),
            ("Rejected", self.rejected),
            *((f"  rejected: {reason}", count)
              for reason, count in self.rejected_by_reason.items()),
            ("Blank rows skipped", self.blank_rows_skipped),
            ("Totals rows skipped", self.totals_rows_skipped),
            ("Encoding", self.encoding),
            ("Separator", _DELIMITER_NAMES.get(self.delimiter, self.delimiter)),
            *((f"Column {canonical}", source) for canonical, source in self.mapping.items()),
        ]
        return pd.DataFrame(rows, columns=["what", "value"])


@dataclass
class ImportResult:
    """What :func:`import_csv` returns: ``table``, ``rejected``, ``report``, ``missing``."""

    table: pd.DataFrame
    rejected: pd.DataFrame
    report: ImportReport
    missing: pd.DataFrame


REJECTED_COLUMNS = ("row", "column", "value", "reason", "problem")

# ---------------------------------------------------------- what each analysis needs
#: the columns a file must have for each table to be imported at all
MINIMUM: dict[str, tuple[str, ...]] = {
    "contacts": ("arrived_at", "channel"),
    "complaints": ("received_at",),
    "agents": ("agent_id",),
    "qa_evaluations": ("agent_id",),
    "training": ("agent_id", "course"),
    "customers": ("customer_id",),
    "interval_plan": ("interval_start", "forecast_contacts"),
    "budget": ("month", "line"),
    "attendance": ("agent_id", "date"),
    "candidates": ("candidate_id",),
}

#: analysis → (columns it needs, what you will not see without them), per table
REQUIREMENTS: dict[str, tuple[tuple[str, tuple[str, ...], str], ...]] = {
    "contacts": (
        ("Contact volumes by day, hour and channel", ("arrived_at", "channel"),
         "when contacts arrive and on which channel"),
        ("Forecast of contacts", ("arrived_at", "channel"), "next weeks' volumes"),
        ("Service level and average speed of answer",
         ("arrived_at", "channel", "answered", "wait_s"),
         "how quickly customers were answered"),
        ("Abandonment rate", ("arrived_at", "channel", "answered"),
         "how many customers gave up before an answer"),
        ("Average handle time", ("channel", "answered", "handle_s"),
         "how long contacts take to handle"),
        ("Erlang C staffing from your interval volumes", ("arrived_at", "channel", "handle_s"),
         "how many agents each half-hour needs"),
        ("First contact resolution (not contacted again in 7 days)",
         ("customer_id", "arrived_at"), "whether customers had to come back"),
        ("First contact resolution (the agent's flag)", ("resolved_first_contact",),
         "what agents recorded as resolved"),
        ("Transfer rate", ("transferred",), "how often contacts were passed on"),
        ("Contact reasons (Pareto)", ("reason",), "why customers get in touch"),
        ("Team and agent comparisons", ("agent_id", "team"), "differences between teams"),
        ("CSAT (customer satisfaction)", ("csat",), "how satisfied surveyed customers were"),
        ("NPS (net promoter score)", ("nps",), "how likely customers are to recommend you"),
        ("CES (customer effort score)", ("ces",), "how easy customers found it"),
        ("Comment themes and sentiment", ("comment",), "what customers said in their words"),
        ("Control chart of a measure by day", ("arrived_at",),
         "whether a measure changed beyond its usual variation"),
    ),
    "complaints": (
        ("Complaints by category", ("received_at", "category"), "what customers complain about"),
        ("Acknowledgement and response times", ("received_at", "acknowledged_at",
                                                "resolved_at"), "whether deadlines were met"),
        ("Outcomes and redress", ("outcome", "redress_gbp"), "what was decided and paid"),
        ("Root causes", ("root_cause",), "what caused the complaints"),
    ),
}


def _as_path(value: Any, name: str) -> Path:
    """A file or folder path given as text or a Path, or a clear error."""
    if isinstance(value, bool) or not isinstance(value, str | os.PathLike) or not str(value):
        raise WorkplaceError(f"{name} must be a file path such as 'my_export.csv'; got "
                             f"{value!r}.")
    return Path(value)


def requirements(table: str, present: Iterable[str] | None = None) -> pd.DataFrame:
    """Which analyses need which columns of ``table`` (and, given the columns ``present``,
    which of them can run).

    Tables without a list of analyses give one line: the schema's required columns.

    Example:
        >>> needs = requirements("contacts", present=["arrived_at", "channel"])
        >>> needs.loc[needs.analysis.str.startswith("Service level"), "needs"].item()
        'arrived_at, channel, answered, wait_s'
        >>> needs.loc[needs.analysis.str.startswith("Contact volumes"), "can_run"].item()
        True
    """
    schema.table_columns(table)  # an unknown table lists the tables
    entries = REQUIREMENTS.get(table) or (
        (f"Checks of the {table} table", tuple(c.name for c in schema.table_columns(table)
                                               if c.required), "the whole table"),)
    frame = pd.DataFrame([(name, ", ".join(cols), shows) for name, cols, shows in entries],
                         columns=["analysis", "needs", "shows"])
    if present is not None:
        have = set(present)
        frame["can_run"] = [all(c in have for c in cols) for _, cols, _ in entries]
        frame["missing"] = [", ".join(c for c in cols if c not in have)
                            for _, cols, _ in entries]
    return frame


def _missing_table(table: str, present: Iterable[str]) -> pd.DataFrame:
    have = set(present)
    entries = REQUIREMENTS.get(table, ())
    rows = []
    for col in schema.table_columns(table):
        if col.name in have:
            continue
        blocked = [name for name, cols, _ in entries if col.name in cols]
        rows.append((col.name, col.meaning, "; ".join(blocked)))
    return pd.DataFrame(rows, columns=["column", "meaning", "analyses_without_it"])


# ------------------------------------------------------------------- mapping
#: source-only names a mapping may use besides the schema's columns, and what they give
SOURCE_ONLY: dict[str, dict[str, str]] = {
    "contacts": {"abandoned": "answered"},  # Abandoned = Yes means answered = False
}

#: common vendor wordings of each column (normalised: lower case, units in brackets removed)
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "contacts": {
        "contact_id": ("contact id", "call id", "interaction id", "case number", "case id",
                       "ticket id", "ticket number", "conversation id", "session id",
                       "contact ref", "reference", "ref"),
        "customer_id": ("customer id", "customer ref", "customer reference",
                        "customer number", "account id", "account number", "account ref",
                        "customer account", "caller id"),
        "agent_id": ("agent id", "agent", "agent name/id", "agent name / id", "agent name",
                     "owner id", "owner", "case owner", "user id", "handled by",
                     "advisor", "adviser", "advisor id", "adviser id", "employee id"),
        "team": ("team", "team name", "group", "skill group", "agent team", "queue team"),
        "channel": ("channel", "media type", "media", "contact type", "origin",
                    "case origin", "interaction type", "source"),
        "arrived_at": ("arrived at", "start time", "date/time", "date / time", "datetime",
                       "date time", "created date", "created", "created at", "call start",
                       "start", "received", "received at", "interaction date",
                       "contact date", "timestamp", "date"),
        "answered": ("answered", "disposition", "call outcome", "outcome", "status",
                     "call status", "handled"),
        "abandoned": ("abandoned", "abandon", "abandoned call", "abandoned?"),
        "wait_s": ("wait", "wait time", "queue wait", "queue time", "time in queue",
                   "wait seconds", "speed of answer", "time to answer",
                   "time to first response", "first response time", "first response"),
        "handle_s": ("handle", "handle time", "handling time", "aht", "total handle time",
                     "handle seconds", "duration", "call duration"),
        "hold_s": ("hold", "hold time", "total hold time", "on hold"),
        "reason": ("reason", "contact reason", "call reason", "case reason", "wrap code",
                   "wrap up code", "disposition code", "category", "topic", "subject"),
        "resolved_first_contact": ("resolved first contact", "fcr", "resolved",
                                   "first contact resolution", "resolved on first contact",
                                   "resolved at first contact"),
        "transferred": ("transferred", "transfer", "escalated", "transferred?"),
        "csat": ("csat", "survey score", "satisfaction", "satisfaction score", "csat score",
                 "overall satisfaction", "score"),
        "nps": ("nps", "likelihood to recommend", "ltr", "recommend", "nps score"),
        "ces": ("ces", "effort", "customer effort", "effort score", "ces score"),
        "comment": ("comment", "comments", "verbatim", "customer comments", "feedback",
                    "free text", "survey comment", "customer comment"),
    },
}


def _normalise(header: Any) -> str:
    """A header in lower case, without units in brackets, underscores or extra spaces.

    Example:
        >>> _normalise("Queue_Wait (sec) ")
        'queue wait'
    """
    text = str(header).replace("\ufeff", "").lower()
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    text = text.replace("_", " ").replace("-", " ")
    return re.sub(r"\s+", " ", text).strip(" :.#")


_UNIT_SUFFIXES = ("_s", "_gbp", "_at", "_pct", "_on")


def _canonical_words(name: str) -> set[str]:
    """The ways a header may spell a canonical name itself: 'wait_s' → 'wait s', 'wait'."""
    words = {name.replace("_", " ")}
    for suffix in _UNIT_SUFFIXES:
        if name.endswith(suffix):
            words.add(name[: -len(suffix)].replace("_", " "))
    return words


def suggest_mapping(columns: Iterable[Any], table: str) -> dict[str, str]:
    """A mapping from the schema's column names to the file's ``columns``, for the
    confident matches only (the learner confirms or changes it).

    A header matches when, without units in brackets, it is the canonical name itself
    (``wait_s``, "Wait") or a common vendor wording ("Queue Wait (sec)", "Media Type",
    "Survey Score", "AHT"). Exact canonical names are matched first, then wordings in
    the order listed in :data:`SYNONYMS`; no file column is used twice, and the result is
    the same for the same headers.

    Example:
        >>> suggest_mapping(["Call ID", "Media Type", "Start Time", "Queue Wait (sec)",
        ...                  "Handle Time (mm:ss)", "Survey Score", "Notes 2"], "contacts")
        {'contact_id': 'Call ID', 'channel': 'Media Type', 'arrived_at': 'Start Time', \
'wait_s': 'Queue Wait (sec)', 'handle_s': 'Handle Time (mm:ss)', 'csat': 'Survey Score'}
    """
    if isinstance(columns, str | bytes | pd.DataFrame) or not isinstance(columns, Iterable):
        raise WorkplaceError("columns must be the file's column headings, a list such as "
                             f"['Start Time', 'Media Type']; got {type(columns).__name__}.")
    names = [str(c) for c in columns]
    known = [c.name for c in schema.table_columns(table)]
    targets = known + [k for k in SOURCE_ONLY.get(table, {}) if k not in known]
    normal = [_normalise(n) for n in names]
    used: set[int] = set()
    found: dict[str, str] = {}
    # pass 1: the canonical name itself
    for target in targets:
        words = _canonical_words(target)
        for i, norm in enumerate(normal):
            if i not in used and (names[i] == target or norm in words):
                found[target] = names[i]
                used.add(i)
                break
    # pass 2: vendor wordings, strongest (earliest listed) first
    synonyms = SYNONYMS.get(table, {})
    depth = max((len(v) for v in synonyms.values()), default=0)
    for rank in range(depth):
        for target in targets:
            options = synonyms.get(target, ())
            if target in found or rank >= len(options):
                continue
            for i, norm in enumerate(normal):
                if i not in used and norm == options[rank]:
                    found[target] = names[i]
                    used.add(i)
                    break
    if "abandoned" in found and "answered" in found:
        del found["abandoned"]  # answered says it directly
    order = {name: i for i, name in enumerate(targets)}
    return dict(sorted(found.items(), key=lambda item: order[item[0]]))


# ------------------------------------------------------------ reading the file
_BINARY = ((b"PK\x03\x04", "an Excel workbook (.xlsx) or another zipped file"),
           (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls)"),
           (b"%PDF", "a PDF document"),
           (b"\x89PNG", "a picture (PNG)"), (b"\xff\xd8\xff", "a picture (JPEG)"))
_SAVE_AS = "open it in Excel and save it as CSV (File → Save As → CSV UTF-8)"


def _read_text(path: Path, encoding: str | None) -> tuple[bytes, str, str]:
    """The file's bytes (without a byte-order mark), the codec to read them with, and the
    encoding in words."""
    if not path.exists():
        raise WorkplaceError(f"There is no file {str(path)!r}: check the name and folder.")
    if not path.is_file():
        raise WorkplaceError(f"{str(path)!r} is a folder, not a file: choose the CSV file "
                             "inside it.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise WorkplaceError(f"{path.name} is {size / 1e6:,.1f} MB, more than the "
                             f"{MAX_BYTES / 1e6:,.1f} MB this course reads: export fewer "
                             "months or fewer columns.")
    raw = path.read_bytes()
    if not raw.strip():
        raise WorkplaceError(f"{path.name} is empty: export it again from your system.")
    head = raw[:_SNIFF_BYTES]
    for magic, what in _BINARY:
        if head.startswith(magic):
            raise WorkplaceError(f"{path.name} is not a CSV file: this looks like {what}. "
                                 f"If it is a spreadsheet, {_SAVE_AS}.")
    if b"\x00" in head:
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise WorkplaceError(f"{path.name} is saved as UTF-16 text: {_SAVE_AS}.")
        raise WorkplaceError(f"{path.name} is not a CSV file: it holds binary data (this "
                             f"looks like a program's own format). {_SAVE_AS[0].upper()}"
                             f"{_SAVE_AS[1:]}.")
    if encoding is not None:
        try:
            raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise WorkplaceError(f"{path.name} cannot be read as {encoding}: {error}. Leave "
                                 "encoding out to let the course detect it.") from None
        return raw, encoding, encoding
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:], "utf-8", "UTF-8 with BOM"
    for codec, label in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252")):
        try:
            raw.decode(codec)  # only to check; pandas decodes as it reads
        except UnicodeDecodeError:
            continue
        return raw, codec, label
    return raw, "latin-1", "Latin-1"


def _sniff_delimiter(text: str) -> str:
    """The delimiter used most in the header line (outside quotes); comma on a tie.

    Example:
        >>> _sniff_delimiter('a;"b;c";d\\n1;2;3')
        ';'
        >>> _sniff_delimiter("a\\tb\\tc,d\\n")
        '\\t'
    """
    first = text.lstrip("\r\n").split("\n", 1)[0]
    outside = re.sub(r'"[^"]*"', "", first)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first of equals
    return best if counts[best] else ","


def _parse(raw: bytes, codec: str, delimiter: str, name: str
           ) -> tuple[pd.DataFrame, pd.Series]:
    """All cells as text, and for each record whether it has more cells than the header."""
    try:
        frame = pd.read_csv(io.BytesIO(raw), sep=delimiter, dtype=str, na_filter=False,
                            keep_default_na=False, skip_blank_lines=False, engine="c",
                            quotechar='"', encoding=codec)
        return frame, pd.Series(False, index=frame.index)
    except pd.errors.EmptyDataError:
        raise WorkplaceError(f"{name} is empty: export it again from your system.") from None
    except pd.errors.ParserError:
        pass
    # ragged rows: read record by record (rare, so speed matters less)
    text = raw.decode(codec)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header, rows = records[0], records[1:]
    width = len(header)
    too_long = pd.Series([len(r) > width for r in rows], dtype=bool)
    fitted = [(r + [""] * width)[:width] for r in rows]
    frame = pd.DataFrame(fitted, columns=pd.Index(header), dtype=object)
    return frame, too_long


# --------------------------------------------------------------- converting
_YES = {"yes", "y", "true", "t", "1", "1.0"}
_NO = {"no", "n", "false", "f", "0", "0.0"}
_ANSWERED_WORDS = {"answered": True, "handled": True, "connected": True, "completed": True,
                   "abandoned": False, "missed": False, "unanswered": False,
                   "hung up": False, "no answer": False, "dropped": False}
_CHANNEL_WORDS = {"phone": "phone", "voice": "phone", "call": "phone", "telephone": "phone",
                  "inbound call": "phone", "inbound": "phone", "telephony": "phone",
                  "email": "email", "e-mail": "email", "mail": "email", "e mail": "email",
                  "chat": "chat", "web chat": "chat", "webchat": "chat", "live chat": "chat",
                  "messaging": "chat", "web": "chat",
                  "social": "social", "social media": "social", "facebook": "social",
                  "twitter": "social", "x": "social", "instagram": "social"}
_ISO = r"^\d{4}-\d{1,2}-\d{1,2}"
_DAYFIRST = r"^\d{1,2}/\d{1,2}/(\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$"
_DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d/%m/%y %H:%M",
                 "%d/%m/%y")


@dataclass
class _Problems:
    """Per row: the first problem found (column, value, reason, label)."""

    size: int
    bad: np.ndarray = field(init=False)
    column: np.ndarray = field(init=False)
    value: np.ndarray = field(init=False)
    reason: np.ndarray = field(init=False)
    problem: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.bad = np.zeros(self.size, dtype=bool)
        self.column, self.value, self.reason, self.problem = (
            np.empty(self.size, dtype=object) for _ in range(4))

    def add(self, mask: np.ndarray, column: str, values: pd.Series, reason: str | pd.Series,
            problem: str) -> None:
        new = mask & ~self.bad
        if not new.any():
            return
        self.bad |= new
        self.column[new] = column
        self.value[new] = values.to_numpy(dtype=object)[new]
        self.reason[new] = (reason if isinstance(reason, str)
                            else reason.to_numpy(dtype=object)[new])
        self.problem[new] = problem


def _per_unique(text: pd.Series, func: Any) -> pd.Series:
    """``func`` applied to each distinct value of ``text`` once, spread back to every row
    (exports repeat values a lot: flags, channels, durations)."""
    codes, uniques = pd.factorize(text.to_numpy(dtype=object), use_na_sentinel=False)
    done = func(pd.Series(uniques, dtype=object))
    values = np.asarray(done.to_numpy(dtype=object) if isinstance(done, pd.Series) else done)
    return pd.Series(values[codes], index=text.index, dtype=object)


def _durations(text: pd.Series) -> pd.Series:
    """Seconds from '75', '1:15' (mm:ss) or '0:01:15' (hh:mm:ss); NaN where unreadable.

    Example:
        >>> _durations(pd.Series(["75", "01:15", "0:01:15", "-0:30", "x", ""])).tolist()
        [75.0, 75.0, 75.0, -30.0, nan, nan]
    """
    return _per_unique(text, _durations_of).astype(float)


def _durations_of(text: pd.Series) -> pd.Series:
    clean = text.astype(str).str.replace(",", "", regex=False).str.strip()
    seconds = pd.to_numeric(clean.where(~clean.str.contains(":", regex=False)),
                            errors="coerce").astype(float)
    timed = clean.str.fullmatch(r"-?\d+:\d{1,2}(?::\d{1,2}(?:\.\d+)?)?").fillna(False)
    if timed.any():
        parts = clean[timed].str.lstrip("-").str.split(":", expand=True).astype(float)
        if parts.shape[1] == 2:
            parts[2] = np.nan
        three = parts[2].notna()
        total = np.where(three, parts[0] * 3600 + parts[1] * 60 + parts[2],
                         parts[0] * 60 + parts[1])
        sign = np.where(clean[timed].str.startswith("-"), -1.0, 1.0)
        seconds[timed] = total * sign
    return seconds


def _datetimes(text: pd.Series, dayfirst: bool, notes: set[str]
               ) -> tuple[pd.Series, np.ndarray]:
    """Parsed times (UTC-naive) and, where unparsed, whether the text looked like a date.

    The usual formats are tried directly (fast, in C); only values that fail are tidied
    (dots or dashes as separators, a T between date and time) and tried again.

    Example:
        >>> notes = set()
        >>> when, _ = _datetimes(pd.Series(["05/01/2026 09:30", "2026-01-05T09:30:00Z",
        ...                                 "5.1.2026", "31/02/2026", ""]), True, notes)
        >>> [str(t) for t in when]
        ['2026-01-05 09:30:00', '2026-01-05 09:30:00', '2026-01-05 00:00:00', 'NaT', 'NaT']
        >>> len(notes)
        1
    """
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    formats = _DATE_FORMATS if dayfirst else tuple(
        f.replace("%d/%m", "%m/%d") for f in _DATE_FORMATS)

    def try_formats(values: pd.Series) -> None:
        for fmt in formats:
            todo = values[result[values.index].isna().to_numpy()]
            if todo.empty:
                return
            result[todo.index] = pd.to_datetime(todo, format=fmt, errors="coerce")

    filled = text.ne("")
    try_formats(text[filled])
    left = result.isna() & filled
    if left.any():  # ISO 8601, with or without a zone
        values = text[left]
        iso = values.str.match(_ISO).fillna(False)
        if iso.any():
            parsed = pd.to_datetime(values[iso], format="ISO8601", errors="coerce", utc=True)
            result[parsed.index] = parsed.dt.tz_localize(None).astype("datetime64[ns]")
            zoned = values[iso].str.contains(r"(?:Z|[+-]\d{2}:?\d{2})$", regex=True)
            if zoned.fillna(False).any():
                notes.add("Times ending in Z (or with an offset) are in UTC; they were kept "
                          "as UTC times without a time zone. In British Summer Time, UK "
                          "clock time is one hour later.")
    left = result.isna() & filled
    if left.any():  # other separators
        tidy = text[left].str.replace(r"[.\-]", "/", regex=True).str.replace(
            "T", " ", regex=False)
        try_formats(tidy)
    left = (result.isna() & filled).to_numpy()
    shaped = np.zeros(len(text), dtype=bool)
    if left.any():
        values = text[left]
        shaped[left] = (values.str.match(_ISO).fillna(False)
                        | values.str.replace(r"[.\-]", "/", regex=True).str.match(_DAYFIRST)
                        .fillna(False)).to_numpy()
    return result, shaped


def _range_words(spec: schema.Column, low: bool) -> str:
    bound = spec.minimum if low else spec.maximum
    if low and bound == 0:
        return "cannot be negative"
    scale = (f" (the scale runs {spec.minimum:g} to {spec.maximum:g})"
             if spec.minimum is not None and spec.maximum is not None else "")
    return f"is {'below the lowest' if low else 'above the highest'} allowed, {bound:g}{scale}"


def _convert(spec: schema.Column, source: str, text: pd.Series, live: np.ndarray,
             problems: _Problems, dayfirst: bool, notes: set[str], *, invert: bool = False
             ) -> pd.Series:
    """One column converted to the schema's kind; bad values recorded in ``problems``."""
    empty = text.eq("").to_numpy()
    label = f"{source!r}"
    if not spec.empty_allowed:
        problems.add(empty & live, source, text,
                     f"{label} is empty, but {spec.name} ({spec.meaning.split('.')[0].lower()}"
                     ") must always have a value", "empty")
    kind = spec.kind
    if kind in ("id", "text", "category"):
        out = text.astype(object).where(~empty, None if kind != "text" else "")
        if kind == "category" and spec.allowed is not None:
            words = (_CHANNEL_WORDS if spec.name == "channel"
                     else {str(a).lower(): a for a in spec.allowed})
            mapped = _per_unique(text, lambda u: u.str.lower().map(words))
            bad = mapped.isna().to_numpy() & ~empty
            problems.add(bad & live, source, text,
                         f"{label} is not one of the allowed values for {spec.name}: "
                         + ", ".join(map(str, spec.allowed)), "not an allowed value")
            out = mapped.astype(object).where(~empty, None)
        return out
    if kind == "flag":
        flags = {**{w: True for w in _YES}, **{w: False for w in _NO}}
        if spec.name == "answered":
            flags.update(_ANSWERED_WORDS)
        mapped = _per_unique(text, lambda u: u.str.lower().map(flags))
        bad = mapped.isna().to_numpy() & ~empty
        problems.add(bad & live, source, text,
                     f"{label} is not a yes/no value (Yes/No, Y/N, TRUE/FALSE or 1/0)",
                     "not yes/no")
        out = mapped.astype("boolean")
        if invert:
            out = ~out
        return out
    if kind in ("integer", "number"):
        if spec.unit == "seconds":
            numbers = _durations(text)
            hint = "a number of seconds, mm:ss or hh:mm:ss"
        else:
            numbers = pd.to_numeric(text, errors="coerce").astype(float)
            retry = numbers.isna() & text.ne("")
            if retry.any():  # £12.50, 1,234, 85%
                numbers[retry] = pd.to_numeric(text[retry].str.replace(
                    r"[£$€%,\s]", "", regex=True), errors="coerce").astype(float)
            hint = "a number"
        values = numbers.to_numpy(dtype=float)
        nan = np.isnan(values)
        problems.add(nan & ~empty & live, source, text, f"{label} is not {hint}",
                     "not a number")
        if spec.minimum is not None:
            problems.add((values < spec.minimum) & live, source, text,
                         f"{label} {_range_words(spec, True)}", "out of range")
        if spec.maximum is not None:
            problems.add((values > spec.maximum) & live, source, text,
                         f"{label} {_range_words(spec, False)}", "out of range")
        if kind == "integer":
            if spec.unit == "seconds":
                values = np.round(values)
            else:
                fraction = ~nan & (values != np.round(values))
                problems.add(fraction & live, source, text,
                             f"{label} is not a whole number", "not a whole number")
                values = np.where(fraction, np.nan, values)
            return pd.Series(values, index=text.index).astype("Int64")
        return pd.Series(values, index=text.index)
    # datetime and date
    parsed, shaped = _datetimes(text, dayfirst, notes)
    nat = parsed.isna().to_numpy() & ~empty
    problems.add(nat & shaped & live, source, text,
                 f"{label} is not a date that exists (for example 31 February)",
                 "not a real date")
    problems.add(nat & ~shaped & live, source, text,
                 f"{label} is not a date and time in a form the course reads (for example "
                 "05/01/2026 09:30 or 2026-01-05T09:30:00Z)", "not a date")
    if kind == "date":
        parsed = parsed.dt.normalize()
    return parsed


def _tidy_types(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """After rejected rows are gone: flags without gaps become bool, whole numbers int64."""
    for spec in schema.table_columns(table):
        if spec.name not in frame.columns:
            continue
        series = frame[spec.name]
        if spec.kind == "flag" and not series.isna().any():
            frame[spec.name] = series.astype(bool)
        elif spec.kind == "integer" and not spec.empty_allowed and not series.isna().any():
            frame[spec.name] = series.astype("int64")
        elif spec.kind in ("id", "category") and not series.isna().any():
            frame[spec.name] = series.astype(str)
    return frame


def _derive(frame: pd.DataFrame, table: str, notes: set[str]) -> pd.DataFrame:
    """Add the canonical columns that can be worked out from those imported.

    contacts: ``contacted_again_7d`` from ``customer_id`` and ``arrived_at``, the way the
    course's own data is built (empty for contacts in the last 7 days: not known yet).
    """
    if (table != "contacts" or "contacted_again_7d" in frame.columns
            or not {"customer_id", "arrived_at"} <= set(frame.columns)):
        return frame
    from csmlib.analysis import repeats

    again = repeats.contacted_again(frame, days=7).to_numpy()
    known = repeats.window_complete(frame, days=7).to_numpy()
    frame["contacted_again_7d"] = pd.array(np.where(known, again, None), dtype="boolean")
    order = [c.name for c in schema.table_columns(table) if c.name in frame.columns]
    notes.add("contacted_again_7d (the customer came back within 7 days, on any channel) "
              "was worked out from customer_id and arrived_at; it is empty for contacts in "
              "the last 7 days of the file, whose 7 days are not over.")
    return frame[order + [c for c in frame.columns if c not in order]]


# -------------------------------------------------------------------- import
def _check_mapping(mapping: Mapping[str, str], header: list[str], table: str,
                   name: str) -> dict[str, str]:
    known = [c.name for c in schema.table_columns(table)]
    extra = SOURCE_ONLY.get(table, {})
    result: dict[str, str] = {}
    seen: dict[str, str] = {}
    for canonical, source in mapping.items():
        if source is None or source == "":
            continue
        if canonical not in known and canonical not in extra:
            raise WorkplaceError(f"The mapping for {name} names {canonical!r}, which is not a "
                                 f"column of the {table} table; its columns are "
                                 f"{', '.join(known)}.")
        if source not in header:
            raise WorkplaceError(f"{name} has no column {source!r} (mapped to {canonical}); "
                                 f"its columns are {', '.join(map(repr, header))}.")
        if source in seen:
            raise WorkplaceError(f"The column {source!r} of {name} is mapped twice (to "
                                 f"{seen[source]} and {canonical}): map it once.")
        seen[source] = canonical
        result[canonical] = source
    if "abandoned" in result and "answered" in result:
        raise WorkplaceError(f"Map either answered or abandoned for {name}, not both: they "
                             "say the same thing.")
    return result


def _id_column(table: str) -> str | None:
    keys = schema.ROW_KEYS.get(table, ())
    return keys[0] if len(keys) == 1 else None


_TOTAL_WORDS = r"^(?:grand\s+|sub\s*)?totals?\b|^sum\b"


def import_csv(path: str | Path, table: str, mapping: Mapping[str, str] | None = None, *,
               encoding: str | None = None, delimiter: str | None = None,
               dayfirst: bool = True) -> ImportResult:
    """Import a CSV export from a workplace system as the course's ``table``.

    ``mapping`` maps the schema's column names to the file's headers (see
    :func:`suggest_mapping`, used when it is None); ``encoding`` and ``delimiter`` are
    detected when left out (UTF-8 with or without BOM, else Windows-1252; the separator most
    used in the header); ``dayfirst`` reads 05/01/2026 as 5 January (the UK way). Columns that
    can be worked out are added (contacts: ``contacted_again_7d`` from ``customer_id`` and
    ``arrived_at``; ``answered`` from an "Abandoned" column). The file is only read. See the
    module's description for what the result holds.

    Example:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "empty.csv"
        >>> _ = path.write_bytes(b"")
        >>> import_csv(path, "contacts")
        Traceback (most recent call last):
        ...
        csmlib.data.workplace.WorkplaceError: empty.csv is empty: export it again ...
    """
    path = _as_path(path, "path")
    schema.table_columns(table)
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
        raise WorkplaceError(f"delimiter must be one character such as ',' or ';'; got "
                             f"{delimiter!r}.")
    raw, codec, found_encoding = _read_text(path, encoding)
    name = path.name
    hint = re.match(rb"\s*sep=(.)\r?\n", raw)  # Excel's "sep=;" first line
    if hint is not None:
        delimiter = delimiter or hint.group(1).decode(codec)
        raw = raw[hint.end():]
    sep = delimiter or _sniff_delimiter(raw[:_SNIFF_BYTES].decode(codec, errors="replace"))
    frame, too_long = _parse(raw, codec, sep, name)
    del raw
    header = [str(c) for c in frame.columns]
    frame.columns = header
    if len(frame) == 0:
        raise WorkplaceError(f"{name} has column headings but no rows of data: export it "
                             "again with the rows included.")
    used = _check_mapping(suggest_mapping(header, table) if mapping is None else mapping,
                          header, table, name)
    needed = [c for c in MINIMUM.get(table, ()) if c not in used
              and not (c == "answered" and "abandoned" in used)]
    if needed:
        spec = schema.column(table, needed[0])
        raise WorkplaceError(
            f"{name} has no column for {needed[0]} ({spec.meaning.rstrip('.')}): the "
            f"{table} table needs at least {', '.join(MINIMUM[table])}. Its columns are "
            f"{', '.join(map(repr, header))}; map one of them to {needed[0]}.")
    report = ImportReport(str(path), table, rows_read=len(frame), encoding=found_encoding,
                          delimiter=sep, mapping=dict(used))
    n = len(frame)
    rows = np.arange(n) + 2  # the header is row 1
    # the cells the import reads, stripped of spaces (once per distinct value)
    needed_cols = list(dict.fromkeys([header[0], *used.values()]))
    cells = {c: _per_unique(frame[c], lambda u: u.astype(str).str.strip())
             for c in needed_cols}
    too_long_cells = frame[header[-1]] if too_long.any() else None
    # blank rows: every cell empty or spaces (other columns looked at only where needed)
    blank = np.ones(n, dtype=bool)
    for c in needed_cols:
        blank &= cells[c].eq("").to_numpy(dtype=bool)
    for c in header:
        if c in cells or not blank.any():
            continue
        where = np.flatnonzero(blank)
        blank[where] = frame[c].iloc[where].astype(str).str.strip().eq("").to_numpy(
            dtype=bool)
    # totals rows: "Total", "Grand total"… in the first column or the id column, or no id
    # and no time but numbers
    first = cells[header[0]]
    totals = _per_unique(first, lambda u: u.str.lower().str.contains(
        _TOTAL_WORDS, regex=True)).to_numpy(dtype=bool).copy()
    id_name = _id_column(table)
    if id_name in used and used[id_name] != header[0]:
        totals |= _per_unique(cells[used[id_name]], lambda u: u.str.lower().str.contains(
            _TOTAL_WORDS, regex=True)).to_numpy(dtype=bool)
    time_name = next((c for c in MINIMUM.get(table, ())
                      if schema.column(table, c).kind in ("datetime", "date")), None)
    if id_name in used and time_name in used:
        no_id = (cells[used[id_name]].eq("").to_numpy()
                 & cells[used[time_name]].eq("").to_numpy() & ~blank)
        if no_id.any():
            suspects = frame.loc[no_id, header].astype(str)
            numeric = suspects.apply(lambda s: s.str.strip().str.fullmatch(
                r"-?[£$€]?[\d,.:]+%?")).any(axis=1).to_numpy()
            totals[np.flatnonzero(no_id)[numeric]] = True
    del frame  # the cells needed are kept once per distinct value: much less memory
    totals &= ~blank
    live = ~blank & ~totals
    problems = _Problems(n)
    if too_long_cells is not None:
        problems.add(too_long.to_numpy() & live, header[-1], too_long_cells,
                     "the row has more cells than there are column headings (a separator "
                     "inside a value that is not in quotes?)", "too many cells")
    if id_name in used:
        ids = cells[used[id_name]]
        candidate = live & ids.ne("").to_numpy()
        keyed = ids[candidate]
        repeated = keyed.duplicated(keep="first")
        if repeated.any():
            first_row = pd.Series(rows[candidate], index=keyed.index).groupby(keyed).transform(
                "first")
            mask = np.zeros(n, dtype=bool)
            mask[np.flatnonzero(candidate)[repeated.to_numpy()]] = True
            where = pd.Series("", index=ids.index, dtype=object)
            where[repeated[repeated].index] = (
                f"{used[id_name]!r} " + keyed[repeated] + " already appears in row "
                + first_row[repeated].astype(str) + " (the first is kept)")
            problems.add(mask, used[id_name], ids, where, "duplicate id")
    notes: set[str] = set()
    out: dict[str, pd.Series] = {}
    extra = SOURCE_ONLY.get(table, {})
    for canonical, source in used.items():
        target = extra.get(canonical, canonical)
        spec = schema.column(table, target)
        out[target] = _convert(spec, source, cells[source], live, problems, dayfirst, notes,
                               invert=canonical in extra and canonical != target)
    keep = live & ~problems.bad
    order = [c.name for c in schema.table_columns(table) if c.name in out]
    result = pd.DataFrame({c: out[c] for c in order}).loc[keep].reset_index(drop=True)
    result = _tidy_types(result, table)
    result = _derive(result, table, notes)
    rejected_mask = problems.bad & live
    rejected = pd.DataFrame({
        "row": rows[rejected_mask], "column": problems.column[rejected_mask],
        "value": problems.value[rejected_mask], "reason": problems.reason[rejected_mask],
        "problem": problems.problem[rejected_mask]}, columns=list(REJECTED_COLUMNS))
    report.imported = int(keep.sum())
    report.rejected = int(rejected_mask.sum())
    report.rejected_by_reason = {str(k): int(v) for k, v in
                                 rejected["problem"].value_counts(sort=True).items()}
    report.duplicates_rejected = report.rejected_by_reason.get("duplicate id", 0)
    report.blank_rows_skipped = int(blank.sum())
    report.totals_rows_skipped = int(totals.sum())
    if "abandoned" in used:
        notes.add(f"answered is worked out from {used['abandoned']!r}: an abandoned contact "
                  "was not answered.")
    report.notes = sorted(notes)
    return ImportResult(result, rejected, report, _missing_table(table, result.columns))


# ------------------------------------------------------------- sample exports
SAMPLE_FILES: tuple[str, ...] = ("telephony_export.csv", "crm_cases.csv", "survey_export.tsv")


def _mmss(seconds: pd.Series) -> pd.Series:
    s = seconds.astype("int64")
    return (s // 60).astype(str).str.zfill(2) + ":" + (s % 60).astype(str).str.zfill(2)


def _hhmmss(seconds: pd.Series) -> pd.Series:
    s = seconds.astype("int64")
    return ((s // 3600).astype(str).str.zfill(2) + ":" + (s % 3600 // 60).astype(str).str.zfill(2)
            + ":" + (s % 60).astype(str).str.zfill(2))


def _yes_no(flags: pd.Series, yes: str = "Yes", no: str = "No") -> pd.Series:
    return flags.map({True: yes, False: no}).astype(object)


def _spread(frame: pd.DataFrame, n: int) -> pd.DataFrame:
    """``n`` rows spread evenly over the whole table (so a sample covers every week), in
    order; all of them if there are fewer."""
    if len(frame) <= n:
        return frame
    return frame.iloc[np.unique(np.linspace(0, len(frame) - 1, n).round().astype(int))]


def sample_exports(contacts: pd.DataFrame) -> dict[str, bytes]:
    """The three sample exports (file name → bytes), written from ``contacts`` in three
    vendor styles, each with the faults real exports have.

    * ``telephony_export.csv``: semicolon separated, Windows-1252, UK dates, ``mm:ss``
      durations, Yes/No flags, a duplicated call, a negative wait, 31 February, a totals row;
    * ``crm_cases.csv``: comma separated, UTF-8, ISO times ending in Z, TRUE/FALSE flags,
      quoted comments with commas and line breaks, ``hh:mm:ss`` first-response times;
    * ``survey_export.tsv``: tab separated, UTF-8 with BOM, day-first dates, survey scores
      (one CSAT of 7) and verbatims, and a blank row.

    Example:
        >>> from csmlib.data import store
        >>> files = sample_exports(store.load("contacts"))
        >>> sorted(files) == sorted(SAMPLE_FILES)
        True
    """
    if not isinstance(contacts, pd.DataFrame):
        raise WorkplaceError("contacts must be a contacts table (a pandas DataFrame), such as "
                             "the default organisation's.")
    schema.require_columns(contacts, "contacts", [c.name for c in schema.table_columns(
        "contacts") if c.name in ("contact_id", "customer_id", "agent_id", "channel",
                                  "arrived_at", "answered", "wait_s", "handle_s", "csat")])
    ordered = contacts.sort_values(["arrived_at", "contact_id"], kind="stable")
    # telephony: the first 800 phone calls
    calls = _spread(ordered[ordered["channel"] == "phone"], 800)
    tel = pd.DataFrame({
        "Call ID": calls["contact_id"].to_numpy(),
        "Start Time": calls["arrived_at"].dt.strftime("%d/%m/%Y %H:%M:%S").to_numpy(),
        "Media Type": "Voice",
        "Customer Account": calls["customer_id"].to_numpy(),
        "Agent Name/ID": calls["agent_id"].fillna("").to_numpy(),
        "Skill Group": calls["team"].fillna("").to_numpy(),
        "Queue Wait (mm:ss)": _mmss(calls["wait_s"]).to_numpy(),
        "Handle Time (mm:ss)": _mmss(calls["handle_s"]).to_numpy(),
        "Abandoned": _yes_no(~calls["answered"]).to_numpy(),
        "Transferred": _yes_no(calls["transferred"]).to_numpy(),
        "Wrap Code": calls["reason"].to_numpy(),
        "Line Cost (£)": (0.02 + calls["handle_s"].to_numpy() / 60 * 0.012).round(2),
    })
    longest = int(calls["wait_s"].head(30).max()) or 15
    tel.loc[10, "Queue Wait (mm:ss)"] = "-" + _mmss(pd.Series([longest])).iloc[0]
    tel.loc[20, "Start Time"] = "31/02/2026 " + str(tel.loc[20, "Start Time"])[11:]
    tel = pd.concat([tel.iloc[:30], tel.iloc[[5]], tel.iloc[30:]], ignore_index=True)
    total = {c: "" for c in tel.columns}
    total.update({"Call ID": "Grand total", "Line Cost (£)": f"{tel['Line Cost (£)'].sum():.2f}"})
    tel = pd.concat([tel, pd.DataFrame([total])], ignore_index=True)
    tel["Line Cost (£)"] = tel["Line Cost (£)"].map(
        lambda v: v if isinstance(v, str) else f"{v:.2f}")
    telephony = tel.to_csv(sep=";", index=False, lineterminator="\r\n").encode("cp1252")

    # CRM: the first 600 emails and social posts, with their comments
    cases = _spread(ordered[ordered["channel"].isin(["email", "social"])], 600)
    comments = cases["comment"].fillna("").astype(str)
    comments = comments.str.replace(". ", ".\n", n=1, regex=False)
    crm = pd.DataFrame({
        "Case Number": cases["contact_id"].to_numpy(),
        "Created Date": cases["arrived_at"].dt.strftime("%Y-%m-%dT%H:%M:%SZ").to_numpy(),
        "Origin": cases["channel"].map({"email": "Email", "social": "Social Media"}).to_numpy(),
        "Account Number": cases["customer_id"].to_numpy(),
        "Owner ID": cases["agent_id"].fillna("").to_numpy(),
        "Time to First Response (hh:mm:ss)": _hhmmss(cases["wait_s"]).to_numpy(),
        "Handle Time (sec)": cases["handle_s"].to_numpy(),
        "Case Reason": cases["reason"].to_numpy(),
        "Resolved First Contact": _yes_no(cases["resolved_first_contact"], "TRUE",
                                          "FALSE").to_numpy(),
        "Escalated": _yes_no(cases["transferred"], "TRUE", "FALSE").to_numpy(),
        "Customer Comments": comments.to_numpy(),
    })
    crm_bytes = crm.to_csv(index=False, quoting=csv.QUOTE_MINIMAL,
                           lineterminator="\n").encode("utf-8")

    # survey: the first 700 surveyed contacts
    surveyed = _spread(ordered[ordered["csat"].notna()], 700)
    survey = pd.DataFrame({
        "Interaction ID": surveyed["contact_id"].to_numpy(),
        "Interaction Date": surveyed["arrived_at"].dt.strftime("%d/%m/%Y %H:%M").to_numpy(),
        "Channel": surveyed["channel"].str.title().to_numpy(),
        "Survey Score": surveyed["csat"].astype("Int64").astype(str).to_numpy(),
        "Likelihood to Recommend": surveyed["nps"].astype("Int64").astype(str)
        .replace("<NA>", "").to_numpy(),
        "Verbatim": surveyed["comment"].fillna("").astype(str).str.replace(
            r"[\t\r\n]+", " ", regex=True).to_numpy(),
    })
    survey.loc[40, "Survey Score"] = "7"
    survey = pd.concat([survey.iloc[:100], pd.DataFrame([{c: "" for c in survey.columns}]),
                        survey.iloc[100:]], ignore_index=True)
    survey_bytes = b"\xef\xbb\xbf" + survey.to_csv(
        sep="\t", index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).encode("utf-8")
    return {"telephony_export.csv": telephony, "crm_cases.csv": crm_bytes,
            "survey_export.tsv": survey_bytes}


def default_contacts() -> pd.DataFrame:
    """The default organisation's contacts (the repository's ``datasets/`` when present).

    Example:
        >>> "arrived_at" in default_contacts().columns
        True
    """
    from csmlib.data import store

    folder = store.repository_datasets()
    if folder is None:
        return store.load("contacts")
    return store.load("contacts", folder=folder)


def write_sample_exports(folder: str | Path, contacts: pd.DataFrame | None = None
                         ) -> list[Path]:
    """Write the three sample exports (:func:`sample_exports`) into ``folder``, from the
    default organisation's contacts unless ``contacts`` is given; return their paths.

    Example:
        >>> import tempfile
        >>> [p.name for p in write_sample_exports(tempfile.mkdtemp())]
        ['telephony_export.csv', 'crm_cases.csv', 'survey_export.tsv']
    """
    folder = _as_path(folder, "folder")
    folder.mkdir(parents=True, exist_ok=True)
    files = sample_exports(default_contacts() if contacts is None else contacts)
    written = []
    for file_name in SAMPLE_FILES:
        target = folder / file_name
        target.write_bytes(files[file_name])
        written.append(target)
    return written


def sample_folder() -> Path | None:
    """The repository's ``datasets/samples`` folder, if this copy sits in a checkout.

    Example:
        >>> folder = sample_folder()
        >>> folder is None or (folder / "crm_cases.csv").is_file()
        True
    """
    candidate = Path(__file__).resolve().parents[3] / "datasets" / "samples"
    return candidate if candidate.is_dir() else None


@dataclass(frozen=True)
class FilePreview:
    """The first rows of an export as text, before anything is imported: what the learner
    checks the column mapping against."""

    file: str
    encoding: str
    delimiter: str
    columns: list[str]
    head: pd.DataFrame


def preview(path: str | Path, rows: int = 5, *, encoding: str | None = None,
            delimiter: str | None = None) -> FilePreview:
    """Read only the headings and the first ``rows`` rows (1–50) of an export, every cell as
    text, with the encoding and separator found: nothing is converted or checked yet.

    Example:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "calls.csv"
        >>> _ = path.write_text("Start Time;Media Type\\n05/01/2026 09:30;Voice\\n")
        >>> seen = preview(path)
        >>> seen.columns, seen.delimiter, seen.head.iloc[0].tolist()
        (['Start Time', 'Media Type'], ';', ['05/01/2026 09:30', 'Voice'])
    """
    path = _as_path(path, "path")
    if isinstance(rows, bool) or not isinstance(rows, int) or not 1 <= rows <= 50:
        raise WorkplaceError(f"rows must be a whole number from 1 to 50; got {rows!r}.")
    raw, codec, found_encoding = _read_text(path, encoding)
    hint = re.match(rb"\s*sep=(.)\r?\n", raw)
    if hint is not None:
        delimiter = delimiter or hint.group(1).decode(codec)
        raw = raw[hint.end():]
    sep = delimiter or _sniff_delimiter(raw[:_SNIFF_BYTES].decode(codec, errors="replace"))
    try:
        head = pd.read_csv(io.BytesIO(raw), sep=sep, dtype=str, na_filter=False,
                           keep_default_na=False, nrows=rows, encoding=codec,
                           on_bad_lines="skip", engine="python")
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as error:
        raise WorkplaceError(f"{path.name} could not be read as a table: {error}.") from None
    return FilePreview(path.name, found_encoding, sep, [str(c) for c in head.columns], head)
