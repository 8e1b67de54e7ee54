"""The learner's portfolio: evidence saved from any notebook, mapped to criteria.

The portfolio is one SQLite file in the learner's working folder (``my_portfolio.sqlite``,
or the path in the ``CSMLIB_PORTFOLIO`` environment variable). SQLite makes every save
atomic: if the kernel dies half-way through a save, the file keeps everything saved before,
and two notebooks saving at the same moment both keep their entries.

A damaged file is never overwritten: opening it raises :class:`PortfolioDamagedError`, which
says what to do. Each time a healthy portfolio holding entries is first opened in a session a
backup copy (``my_portfolio.sqlite.bak``) is refreshed; older backups rotate to ``.bak.1`` and
``.bak.2``, and an empty or damaged file never replaces a backup. Tables are stored with their
schema (text stays text, ``"007"`` keeps its zeros) and checked to read back before the save;
an entry whose table or figure cannot be read is shown with ``damaged`` set, the rest intact.

**Only what the learner wrote is evidence.** An entry is made of written parts
(:class:`WrittenPart`: a heading, the learner's text and the criteria it is written for) plus
what the course inserts to support it (a table, a chart, a sentence of figures). A criterion
counts as evidenced only by a written part with at least its minimum number of words; tables
and charts support the writing but evidence nothing on their own (:attr:`Evidence.evidenced`).

The portfolio also keeps the learner's details (name, candidate number, centre) and whether
they have accepted the declaration that the work is their own (:meth:`Portfolio.learner`).
Files written by earlier versions are upgraded in place the first time something is saved
(tables and columns are only ever added), and stay readable before that.

Every entry has an **evidence type** (:data:`EVIDENCE_TYPES`): a *work product* (what a course
activity produces; the default, and what every entry saved before types existed counts as), a
*reflective account*, a *witness testimony* (with the witness's details, checked by
:func:`witness_details`) or an *own-data analysis*. :func:`coverage_by_type` counts the
evidence for each criterion by type and lists the gaps with where to fill them.

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> p = Portfolio(folder / "demo.sqlite")
    >>> entry = p.save(criteria=["7.2"], title="My first reflection", text="I want to ...")
    >>> [e.title for e in p.entries()]
    ['My first reflection']
    >>> p.coverage().set_index("code").loc["7.2", "status"]
    'evidenced'
    >>> p.save_learner(name="Jane Doe", candidate_number="12345", centre="Northgate").summary()
    'Jane Doe, candidate 12345, Northgate'
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from collections.abc import Iterable
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import date as _date
from datetime import datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pandas as pd

from csmlib.analysis import checks
from csmlib.course import criteria as framework

DEFAULT_FILENAME = "my_portfolio.sqlite"
PATH_ENV_VAR = "CSMLIB_PORTFOLIO"
FORMAT_NAME = "csmlib-portfolio"
FORMAT_VERSION = "1"  # readers refuse another version; additive changes are revisions
SCHEMA_REVISION = 3  # 2: learner details, declaration, written parts; 3: evidence types,
#                       entry details (see _MIGRATIONS)
MAX_TABLE_ROWS = 1000
MAX_TEXT_CHARS = 50_000
LOCK_TIMEOUT_S = 30.0
BACKUP_GENERATIONS = 3  # .bak, .bak.1, .bak.2
MAX_PARTS = 20
MAX_MIN_WORDS = 1000
#: The learner's details: field -> (label shown to the learner, most characters allowed).
LEARNER_FIELDS: dict[str, tuple[str, int]] = {
    "name": ("Name", 100),
    "candidate_number": ("Candidate number", 30),
    "centre": ("Centre", 120),
}
#: The declaration of authenticity the learner accepts; the export ends with it.
DECLARATION = (
    "I confirm that this portfolio is my own work. Where it uses the course's data, tables or "
    "charts, or anyone else's words or ideas, I have said so. I understand that my assessor "
    "may ask me about any part of it."
)
#: The kinds of evidence a portfolio holds; the first is the default for course activities.
EVIDENCE_TYPES: tuple[str, ...] = ("work product", "reflective account", "witness testimony",
                                   "own-data analysis")
DEFAULT_EVIDENCE_TYPE = EVIDENCE_TYPES[0]
#: Evidence types the course recommends for a criterion, beyond any evidence at all.
RECOMMENDED_TYPES: dict[str, tuple[str, ...]] = {
    "7.1": ("own-data analysis",),
    "7.3": ("reflective account", "witness testimony"),
}
#: Where in the course a learner adds each type of evidence (for the gaps' "where to fill it").
WHERE_TO_ADD: dict[str, str] = {
    "work product": "the notebook activities for this criterion",
    "reflective account": "notebook 07, Reflective account",
    "witness testimony": "notebook 07, Witness testimony (your line manager fills it in)",
    "own-data analysis": "notebook 07, Rerun the analyses on your own data",
}
#: A witness testimony's details: key -> (label in the form and the export, most characters).
WITNESS_FIELDS: dict[str, tuple[str, int]] = {
    "name": ("Witness's name", 100),
    "role": ("Witness's role", 100),
    "relationship": ("Relationship to the learner", 200),
    "date": ("Date of the testimony", 10),
    "declaration": ("Witness's declaration", 400),
}
#: What the witness confirms by ticking the declaration box.
WITNESS_DECLARATION = (
    "I confirm that I saw the learner do what I describe above at work, and that this "
    "testimony is true to the best of my knowledge."
)
MAX_DETAIL_CHARS = 400
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_CANDIDATE_CHARACTERS = re.compile(r"^[A-Za-z0-9 ./-]*$")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    activity TEXT UNIQUE,
    notebook TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    criteria TEXT NOT NULL,
    table_json TEXT,
    figure_json TEXT,
    saved_at TEXT NOT NULL
);
"""

#: Schema changes, applied in order inside the first write transaction of an older file.
#: Each only adds (tables, columns), so nothing saved is ever changed or lost, and an older
#: course pack still reads the file (it ignores what it does not know).
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: (
        "CREATE TABLE IF NOT EXISTS learner (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
        "saved_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS learner_history (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "key TEXT NOT NULL, value TEXT NOT NULL, saved_at TEXT NOT NULL)",
        "ALTER TABLE evidence ADD COLUMN parts_json TEXT",
        "ALTER TABLE evidence ADD COLUMN support_text TEXT",
    ),
    3: (
        # NULL (every entry saved before revision 3) reads as a work product
        "ALTER TABLE evidence ADD COLUMN evidence_type TEXT",
        "ALTER TABLE evidence ADD COLUMN details_json TEXT",
    ),
}

_backed_up_this_session: set[Path] = set()


class PortfolioError(Exception):
    """A problem with the portfolio that the learner can fix; the message says how."""


class PortfolioDamagedError(PortfolioError):
    """The portfolio file cannot be read. It has been left exactly as it was."""


@dataclass(frozen=True)
class WrittenPart:
    """One part of an entry that the learner wrote, and the criteria it is written for.

    The part evidences its criteria only when it has at least ``min_words`` words.

    Example:
        >>> part = WrittenPart("Budget", "Too short.", ("2.5",), min_words=15)
        >>> part.words, part.counts, part.evidenced
        (2, False, [])
    """

    heading: str
    text: str
    criteria: tuple[str, ...]
    min_words: int = 1
    key: str = ""

    @property
    def words(self) -> int:
        """How many words the learner wrote."""
        return len(self.text.split())

    @property
    def counts(self) -> bool:
        """Whether the part is long enough to evidence its criteria."""
        return self.words >= max(1, self.min_words)

    @property
    def evidenced(self) -> list[str]:
        """The criteria this part evidences: all of them when it counts, else none."""
        return list(self.criteria) if self.counts else []


@dataclass
class Evidence:
    """One piece of evidence in the portfolio.

    ``criteria`` are the criteria the entry was saved for; :attr:`evidenced` those its
    writing actually evidences. ``text`` is what the learner wrote (its parts, each under its
    heading); ``support_text``, ``table`` and ``figure`` were inserted by the course.

    Example:
        >>> Evidence(1, ["5.1"], "Scorecard", "").evidenced  # a table alone evidences nothing
        []
    """

    id: int
    criteria: list[str]
    title: str
    text: str
    notebook: str = ""
    activity: str | None = None
    saved_at: str = ""
    table: pd.DataFrame | None = field(default=None, repr=False)
    figure: dict[str, Any] | None = field(default=None, repr=False)
    damaged: str = ""  # why part of this entry could not be read back ("" when healthy)
    parts: list[WrittenPart] = field(default_factory=list)
    support_text: str = ""
    evidence_type: str = DEFAULT_EVIDENCE_TYPE
    #: details recorded with the entry, e.g. a witness's name and role (key -> text)
    details: dict[str, str] = field(default_factory=dict)

    @property
    def evidenced(self) -> list[str]:
        """The criteria evidenced by what the learner wrote, in framework order."""
        if self.parts:
            wanted = {code for part in self.parts for code in part.evidenced}
        else:
            wanted = set(self.criteria) if self.text.strip() else set()
        return [code for code in framework.CRITERIA if code in wanted]

    @property
    def not_evidenced(self) -> list[str]:
        """Criteria the entry was saved for that its writing does not (yet) evidence."""
        evidenced = set(self.evidenced)
        return [code for code in self.criteria if code not in evidenced]


@dataclass(frozen=True)
class LearnerDetails:
    """Who the portfolio belongs to, and whether they have declared it is their own work.

    Example:
        >>> LearnerDetails().summary(), LearnerDetails().given
        ('', False)
        >>> LearnerDetails("Jane Doe", "12345", "Northgate College").summary()
        'Jane Doe, candidate 12345, Northgate College'
    """

    name: str = ""
    candidate_number: str = ""
    centre: str = ""
    saved_at: str = ""
    declaration_accepted_at: str = ""
    declaration_name: str = ""

    @property
    def given(self) -> bool:
        """Whether the learner has saved their details (a name at least)."""
        return bool(self.name)

    @property
    def declared(self) -> bool:
        """Whether the declaration is accepted, under the name saved now."""
        return (self.given and bool(self.declaration_accepted_at)
                and self.declaration_name == self.name)

    def summary(self) -> str:
        """``'Jane Doe, candidate 12345, Northgate College'`` (parts not given left out)."""
        parts = [self.name]
        if self.candidate_number:
            parts.append(f"candidate {self.candidate_number}")
        parts.append(self.centre)
        return ", ".join(part for part in parts if part)


def human_date(when: str | datetime) -> str:
    """A saved time as people write it: ``'26 November 2026, 14:05'``.

    Takes the ISO text the portfolio stores (or a datetime); the time stays as it was on the
    learner's clock. Text that is not a date is a ValueError naming ``when``.

    Example:
        >>> human_date("2026-11-26T14:05:09+00:00")
        '26 November 2026, 14:05'
        >>> human_date("yesterday")
        Traceback (most recent call last):
        ...
        ValueError: when must be a date and time such as '2026-11-26T14:05:00'; got 'yesterday'.
    """
    if isinstance(when, datetime):
        moment = when
    else:
        checks.text("when", when, example="2026-11-26T14:05:00")
        try:
            moment = datetime.fromisoformat(when.strip())
        except ValueError:
            raise ValueError("when must be a date and time such as '2026-11-26T14:05:00'; "
                             f"got {when!r}.") from None
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}"


def saved_date(when: str) -> str:
    """A stored time in words for a page or a form; a damaged one is shown as it is.

    Example:
        >>> saved_date("2026-11-26T14:05:09"), saved_date("damaged"), saved_date("")
        ('26 November 2026, 14:05', 'damaged', 'an unknown date')
    """
    try:
        return human_date(when)
    except ValueError:
        return when or "an unknown date"


def default_path() -> Path:
    """Where the portfolio lives: ``$CSMLIB_PORTFOLIO`` or ``my_portfolio.sqlite`` here.

    Example:
        >>> default_path().name in {"my_portfolio.sqlite"} or "CSMLIB_PORTFOLIO" in os.environ
        True
    """
    configured = os.environ.get(PATH_ENV_VAR, "").strip()
    return Path(configured).expanduser() if configured else Path.cwd() / DEFAULT_FILENAME


class Portfolio:
    """The evidence a learner has saved, stored in one SQLite file.

    Example:
        >>> import tempfile, pathlib
        >>> p = Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite")
        >>> p.entries()
        []
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_path()

    # ----------------------------------------------------------------- storage
    @contextmanager
    def _connect(self, write: bool):
        """Open the file, check it is a healthy portfolio, and yield a connection.

        A write runs inside ``BEGIN IMMEDIATE`` so concurrent writers queue up, and the
        transaction commits as a whole or not at all.
        """
        if not write and not self.path.exists():
            yield None
            return
        existed = self.path.exists()
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as error:
            raise PortfolioError(
                f"The portfolio file {self.path} could not be opened ({error}). Check that the "
                "folder exists and that you may write to it, or set CSMLIB_PORTFOLIO to another "
                "file."
            ) from error
        with closing(connection):
            try:
                if write:
                    connection.execute("BEGIN IMMEDIATE")  # writers queue here, one at a time
                ready = self._check_and_prepare(connection, write, existed)
                if write:
                    try:
                        yield connection
                    except BaseException:
                        connection.execute("ROLLBACK")
                        raise
                    connection.execute("COMMIT")
                else:
                    yield connection if ready else None
            except sqlite3.OperationalError as error:
                if "locked" in str(error) or "busy" in str(error):
                    raise PortfolioError(
                        f"The portfolio file {self.path} is busy: another notebook has been "
                        f"saving for over {LOCK_TIMEOUT_S:.0f} seconds. Try again in a moment."
                    ) from error
                raise self._damaged(error) from error
            except sqlite3.DatabaseError as error:
                raise self._damaged(error) from error
        self._refresh_backup_once()

    def _check_and_prepare(
        self, connection: sqlite3.Connection, write: bool, existed: bool = False,
    ) -> bool:
        """Check the file is a portfolio; create or upgrade its tables when writing.

        Returns whether the file holds a portfolio (False: a new, empty file being read).
        An existing file emptied to 0 bytes while a backup holds entries counts as damaged,
        so the learner is told to restore it instead of silently starting again. A file from
        an earlier revision is upgraded (:data:`_MIGRATIONS`) inside the write transaction,
        so the upgrade and the save commit together or not at all; reading never changes it.
        """
        tables = _table_names(connection)
        if not tables and existed and self._a_backup_has_entries():
            raise sqlite3.DatabaseError(
                "the file is empty (0 bytes), but a backup holds your earlier entries"
            )
        if not tables:
            if not write:
                return False
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.executemany(
                "INSERT OR IGNORE INTO meta VALUES (?, ?)",
                [("format", FORMAT_NAME), ("version", FORMAT_VERSION)],
            )
            tables = _table_names(connection)
        if "meta" not in tables or "evidence" not in tables:
            raise sqlite3.DatabaseError("it is a database, but not a csmlib portfolio")
        meta = dict(connection.execute("SELECT key, value FROM meta"))
        if meta.get("format") != FORMAT_NAME:
            raise sqlite3.DatabaseError("it is a database, but not a csmlib portfolio")
        if meta.get("version") != FORMAT_VERSION:
            raise PortfolioError(
                f"The portfolio file {self.path} was written by a different version of the "
                f"course (format {meta.get('version')!r}, this one reads {FORMAT_VERSION!r}). "
                "Update the course pack, or set CSMLIB_PORTFOLIO to a new file."
            )
        if write:
            _migrate(connection, _revision(meta))
        return True

    def _damaged(self, error: Exception) -> PortfolioDamagedError:
        backup = self.backup_path
        restore = (
            f"A backup from when it last opened cleanly is at {backup}: "
            "Portfolio().restore_backup() puts it back. "
            if backup.exists()
            else ""
        )
        return PortfolioDamagedError(
            f"The portfolio file {self.path} cannot be read ({error}). It has not been changed "
            f"or overwritten. {restore}To keep the damaged file aside and start an empty "
            "portfolio, run Portfolio().start_afresh(). If you are unsure, ask your tutor."
        )

    @property
    def backup_path(self) -> Path:
        """The automatic backup copy, refreshed once per session while the file is healthy."""
        return self.path.with_name(self.path.name + ".bak")

    def _a_backup_has_entries(self) -> bool:
        for backup in self._backup_generations():
            if backup.exists():
                try:
                    uri = f"{backup.resolve().as_uri()}?mode=ro"
                    with closing(sqlite3.connect(uri, uri=True)) as db:
                        if _entry_count(db) > 0:
                            return True
                except (OSError, sqlite3.Error, ValueError):
                    continue
        return False

    def _backup_generations(self) -> list[Path]:
        """The backup and its older generations, newest first (``.bak``, ``.bak.1``, ...)."""
        return [self.backup_path] + [
            self.backup_path.with_name(f"{self.backup_path.name}.{n}")
            for n in range(1, BACKUP_GENERATIONS)
        ]

    def _refresh_backup_once(self) -> None:
        """Copy a healthy, non-empty portfolio to the backup, rotating older backups.

        An empty or damaged state never replaces a backup: the backup is taken only when the
        file is a portfolio holding at least one entry, and the previous backups move down
        (``.bak`` -> ``.bak.1`` -> ``.bak.2``) rather than being overwritten.
        """
        key = self.path.resolve()
        if key in _backed_up_this_session or not self.path.exists():
            return
        temporary = self.backup_path.with_name(self.backup_path.name + ".tmp")
        try:
            with (closing(sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_S)) as source,
                  closing(sqlite3.connect(temporary)) as target):
                if _entry_count(source) < 1:
                    return  # nothing worth keeping: leave every backup as it is
                source.backup(target)
            with closing(sqlite3.connect(temporary)) as copy:
                if _entry_count(copy) < 1:
                    return
            generations = self._backup_generations()
            for older, newer in zip(reversed(generations[1:]), reversed(generations[:-1]),
                                    strict=True):
                if newer.exists():
                    os.replace(newer, older)
            os.replace(temporary, self.backup_path)
            _backed_up_this_session.add(key)
        except (OSError, sqlite3.Error):
            pass  # a backup is a nicety; never block a save
        finally:
            temporary.unlink(missing_ok=True)

    # ------------------------------------------------------------- public API
    def save(
        self,
        *,
        criteria: Iterable[str] | str | None = None,
        title: str,
        text: str = "",
        notebook: str = "",
        activity: str | None = None,
        table: pd.DataFrame | None = None,
        figure: Any = None,
        parts: Iterable[WrittenPart | dict[str, Any]] | None = None,
        support_text: str = "",
        min_words: int = 1,
        evidence_type: str = DEFAULT_EVIDENCE_TYPE,
        details: dict[str, str] | None = None,
    ) -> Evidence:
        """Save one piece of evidence and return it.

        The learner's writing is either ``text`` written for ``criteria`` (at least
        ``min_words`` words to evidence them), or ``parts``: several :class:`WrittenPart`
        (or dicts with ``heading``, ``text``, ``criteria`` and optionally ``min_words`` and
        ``key``), each evidencing its own criteria once it is long enough. ``table`` (a pandas
        DataFrame, at most 1,000 rows), ``figure`` (a plotly figure) and ``support_text``
        (figures the course quotes) support the writing; on their own they evidence nothing.

        ``activity`` names the course activity (e.g. ``"00-first-reflection"``): saving again
        with the same activity replaces the earlier version instead of adding a duplicate.

        ``evidence_type`` is one of :data:`EVIDENCE_TYPES` (default ``"work product"``);
        ``details`` are short labelled facts kept with the entry (one line each). A
        ``"witness testimony"`` must carry the witness's details, checked by
        :func:`witness_details`.

        Example:
            >>> import tempfile, pathlib
            >>> p = Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite")
            >>> p.save(criteria="5.3", title="Data we collect", text="We log ...").criteria
            ['5.3']
            >>> plan = p.save(title="Plan", parts=[
            ...     WrittenPart("Standards", "Phone 80% in 20 s.", ("2.3",), min_words=3),
            ...     WrittenPart("Budget", "", ("2.5",), min_words=3)])
            >>> plan.criteria, plan.evidenced
            (['2.3', '2.5'], ['2.3'])
            >>> p.save(criteria="7.3", title="R", text="...", evidence_type="reflection")
            Traceback (most recent call last):
            ...
            csmlib.course.portfolio.PortfolioError: evidence_type must be one of ...
        """
        title = _as_text(title)
        if not title:
            raise PortfolioError(
                "Give the evidence a title, e.g. title='My staffing plan' (the title was "
                "empty or missing, for example None or NaN from an empty table cell)."
            )
        if parts is None:
            codes = _clean_criteria(criteria)
            written = [WrittenPart("", _as_text(text), tuple(codes),
                                   _clean_min_words(min_words, title))]
        else:
            if criteria is not None or _as_text(text):
                raise PortfolioError(
                    f"'{title}': give the writing either as text= with criteria=, or as "
                    "parts= (each part names its own criteria), not both."
                )
            written = _clean_parts(parts, title)
        support_text = _as_text(support_text)
        evidence_type = _clean_evidence_type(evidence_type)
        details = _clean_details(details, title)
        if evidence_type == "witness testimony":
            details = details | witness_details(
                **{key: details.get(key, "") for key in WITNESS_FIELDS})
        body = _joined(written)
        if not (body or table is not None or figure is not None):
            raise PortfolioError(
                f"'{title}' has nothing in it yet: write some text, or add a table or a figure."
            )
        for what, value in (("text", body), ("support_text", support_text)):
            if len(value) > MAX_TEXT_CHARS:
                raise PortfolioError(
                    f"The {what} of '{title}' is {len(value):,} characters long; the limit is "
                    f"{MAX_TEXT_CHARS:,}. Split it into several entries."
                )
        table_json = _table_to_json(table, title)
        figure_json = _figure_to_json(figure, title)
        parts_json = json.dumps([
            {"key": part.key, "heading": part.heading, "text": part.text,
             "criteria": list(part.criteria), "min_words": part.min_words}
            for part in written
        ])
        entry = Evidence(0, _named(written), title, body, notebook, activity, _now(),
                         _table_from_json(table_json), _figure_from_json(figure_json), "",
                         written, support_text, evidence_type, details)
        # the criteria column holds what the writing evidences: an older course pack,
        # which counts that column, then never counts a table or a short draft either
        row = (activity, notebook, title, body, json.dumps(entry.evidenced), table_json,
               figure_json, entry.saved_at, parts_json, support_text, evidence_type,
               json.dumps(details) if details else None)
        with self._connect(write=True) as db:
            cursor = db.execute(
                """INSERT INTO evidence
                   (activity, notebook, title, body, criteria, table_json, figure_json, saved_at,
                    parts_json, support_text, evidence_type, details_json)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(activity) DO UPDATE SET
                     notebook=excluded.notebook, title=excluded.title, body=excluded.body,
                     criteria=excluded.criteria, table_json=excluded.table_json,
                     figure_json=excluded.figure_json, saved_at=excluded.saved_at,
                     parts_json=excluded.parts_json, support_text=excluded.support_text,
                     evidence_type=excluded.evidence_type, details_json=excluded.details_json
                   RETURNING id""",
                row,
            )
            entry.id = cursor.fetchone()[0]
        return entry

    def entries(self) -> list[Evidence]:
        """All evidence, oldest first.

        Example:
            >>> import tempfile, pathlib
            >>> Portfolio(pathlib.Path(tempfile.mkdtemp()) / "none.sqlite").entries()
            []
        """
        with self._connect(write=False) as db:
            if db is None:
                return []
            columns = _columns(db, "evidence")
            extra = ", ".join(name if name in columns else "NULL" for name in
                              ("parts_json", "support_text", "evidence_type", "details_json"))
            rows = db.execute(
                "SELECT id, criteria, title, body, notebook, activity, saved_at, table_json, "
                f"figure_json, {extra} FROM evidence ORDER BY id"
            ).fetchall()
        return [_evidence_from_row(row) for row in rows]

    # ---------------------------------------------------------- learner details
    def learner(self) -> LearnerDetails:
        """The learner's saved details and declaration (empty ones if none are saved yet).

        Example:
            >>> import tempfile, pathlib
            >>> Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite").learner().given
            False
        """
        with self._connect(write=False) as db:
            if db is None or "learner" not in _table_names(db):
                return LearnerDetails()
            rows = db.execute("SELECT key, value, saved_at FROM learner").fetchall()
        values = {key: _as_text(value) for key, value, _saved in rows}
        saved = max((saved for key, _value, saved in rows if key in LEARNER_FIELDS),
                    default="")
        return LearnerDetails(
            name=values.get("name", ""), candidate_number=values.get("candidate_number", ""),
            centre=values.get("centre", ""), saved_at=_as_text(saved),
            declaration_accepted_at=values.get("declaration_accepted_at", ""),
            declaration_name=values.get("declaration_name", ""),
        )

    def save_learner(
        self, *, name: str, candidate_number: str = "", centre: str = "",
        declaration: bool | None = None,
    ) -> LearnerDetails:
        """Save the learner's name, candidate number and centre; return what is now saved.

        ``declaration=True`` accepts :data:`DECLARATION` (the date is recorded, and kept if it
        was already accepted under this name); ``False`` withdraws it; ``None`` leaves it as
        it is. Every change is also added to a history that is never edited, so nothing a
        learner saved is lost. A missing name, over-long or multi-line values are refused
        with a message naming the field.

        Example:
            >>> import tempfile, pathlib
            >>> p = Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite")
            >>> p.save_learner(name="Jane Doe", declaration=True).declared
            True
            >>> p.save_learner(name=" ")
            Traceback (most recent call last):
            ...
            csmlib.course.portfolio.PortfolioError: Name is required: ...
        """
        values = {"name": name, "candidate_number": candidate_number, "centre": centre}
        cleaned = {key: _clean_learner_field(key, value) for key, value in values.items()}
        if declaration is not None and not isinstance(declaration, bool):
            raise PortfolioError(f"declaration must be True (accepted), False (withdrawn) or "
                                 f"None (unchanged); got {declaration!r}.")
        now = _now()
        with self._connect(write=True) as db:
            stored = dict(db.execute("SELECT key, value FROM learner"))
            changes = {key: value for key, value in cleaned.items()
                       if stored.get(key, "") != value}
            already = (bool(stored.get("declaration_accepted_at"))
                       and stored.get("declaration_name") == cleaned["name"])
            if declaration and not already:
                changes |= {"declaration_accepted_at": now, "declaration_name": cleaned["name"]}
            elif declaration is False and stored.get("declaration_accepted_at"):
                changes |= {"declaration_accepted_at": "", "declaration_name": ""}
            for key, value in changes.items():
                db.execute("INSERT INTO learner VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE "
                           "SET value=excluded.value, saved_at=excluded.saved_at",
                           (key, value, now))
                db.execute("INSERT INTO learner_history (key, value, saved_at) VALUES (?, ?, ?)",
                           (key, value, now))
        return self.learner()

    def get(self, activity: str) -> Evidence | None:
        """The evidence saved for one activity, or ``None`` if there is none yet.

        Example:
            >>> import tempfile, pathlib
            >>> Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite").get("00-x") is None
            True
        """
        return next((e for e in self.entries() if e.activity == activity), None)

    def delete(self, entry_id: int) -> None:
        """Remove one entry by its id (shown in the coverage view and the export).

        Example:
            >>> import tempfile, pathlib
            >>> p = Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite")
            >>> p.delete(p.save(criteria="7.3", title="t", text="x").id); p.entries()
            []
        """
        with self._connect(write=True) as db:
            if db.execute("DELETE FROM evidence WHERE id = ?", (int(entry_id),)).rowcount == 0:
                raise PortfolioError(f"There is no entry with id {entry_id} in {self.path}.")

    def coverage(self) -> pd.DataFrame:
        """One row per criterion: how many entries evidence it and whether it is a gap.

        Only writing counts (see :func:`coverage_table`).

        Example:
            >>> import tempfile, pathlib
            >>> p = Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite")
            >>> p.coverage()["status"].unique().tolist()
            ['gap']
        """
        return coverage_table(self.entries())

    def coverage_by_type(self) -> pd.DataFrame:
        """Per criterion, the entries evidencing it by type, what is missing and where to add
        it (see :func:`coverage_by_type`).

        Example:
            >>> import tempfile, pathlib
            >>> p = Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite")
            >>> p.coverage_by_type().set_index("code").loc["7.3", "missing"]
            'no evidence yet'
        """
        return coverage_by_type(self.entries())

    def restore_backup(self) -> Path:
        """Put the automatic backup back in place; the current file is kept aside first.

        Example:
            >>> import tempfile, pathlib
            >>> p = Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite")
            >>> p.restore_backup()
            Traceback (most recent call last):
            ...
            csmlib.course.portfolio.PortfolioError: There is no backup ...
        """
        if not self.backup_path.exists():
            raise PortfolioError(
                f"There is no backup at {self.backup_path}. Run Portfolio().start_afresh() "
                "to keep the damaged file aside and begin an empty portfolio."
            )
        kept = self._set_aside()
        shutil.copy2(self.backup_path, self.path)
        _backed_up_this_session.discard(self.path.resolve())
        return kept or self.path

    def start_afresh(self) -> Path | None:
        """Move the current file aside (never deleted) so the next save starts a new one.

        Returns where the old file was kept, or ``None`` if there was no file.

        Example:
            >>> import tempfile, pathlib
            >>> Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite").start_afresh() is None
            True
        """
        kept = self._set_aside()
        if kept is not None and self.backup_path.exists():
            # the backup is the last good state: keep a copy that no later backup replaces
            shutil.copy2(self.backup_path, kept.with_name(kept.name + ".bak"))
        _backed_up_this_session.discard(self.path.resolve())
        return kept

    def _set_aside(self) -> Path | None:
        if not self.path.exists():
            return None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = self.path.with_name(f"{self.path.name}.set-aside-{stamp}")
        counter = 1
        while kept.exists():
            counter += 1
            kept = self.path.with_name(f"{self.path.name}.set-aside-{stamp}-{counter}")
        os.replace(self.path, kept)
        return kept


# ------------------------------------------------------------------ helpers
def coverage_table(entries: Iterable[Evidence]) -> pd.DataFrame:
    """Count evidence per criterion; criteria with none are marked ``"gap"``.

    Only what the learner wrote counts (:attr:`Evidence.evidenced`): an entry holding just a
    table or a chart, or a part too short to count, leaves its criteria a gap.

    Example:
        >>> coverage_table([]).shape[0] == len(framework.CRITERIA)
        True
        >>> table_only = Evidence(1, ["5.1"], "Scorecard", "")
        >>> coverage_table([table_only]).set_index("code").loc["5.1", "status"]
        'gap'
    """
    entries = list(checks.instance("entries", entries, Iterable, "a list of Evidence"))
    for entry in entries:
        checks.instance("entries", entry, Evidence, "a list of Evidence")
    counts = {code: 0 for code in framework.CRITERIA}
    for entry in entries:
        for code in entry.evidenced:
            if code in counts:
                counts[code] += 1
    rows = [
        {
            "outcome": f"LO{c.outcome.number} {c.outcome.title}",
            "code": c.code,
            "criterion": c.shows,
            "evidence": counts[c.code],
            "status": "evidenced" if counts[c.code] else "gap",
        }
        for c in framework.all_criteria()
    ]
    return pd.DataFrame(rows)


def coverage_by_type(entries: Iterable[Evidence]) -> pd.DataFrame:
    """Per criterion: how many entries evidence it of each type, what is missing, where to add it.

    One row per criterion (framework order) with ``outcome``, ``code``, ``criterion``, one
    count column per :data:`EVIDENCE_TYPES`, ``total``, ``missing`` (``""``, ``"no evidence
    yet"`` or e.g. ``"no witness testimony"`` for a type the course recommends,
    :data:`RECOMMENDED_TYPES`) and ``where`` (where in the course to fill the gap: the
    notebooks that list the criterion, or the notebook 07 form for a missing type). As in
    :func:`coverage_table`, only writing long enough to count is evidence.

    Example:
        >>> account = Evidence(1, ["7.3"], "Account", "I ran the huddle.",
        ...                    evidence_type="reflective account")
        >>> row = coverage_by_type([account]).set_index("code").loc["7.3"]
        >>> int(row["reflective account"]), int(row["total"]), row["missing"]
        (1, 1, 'no witness testimony')
        >>> coverage_by_type([]).set_index("code").loc["2.2", "where"]
        'notebook 02 Planning operations'
    """
    from csmlib.course import course_map  # the map imports nothing of the portfolio

    entries = list(checks.instance("entries", entries, Iterable, "a list of Evidence"))
    for entry in entries:
        checks.instance("entries", entry, Evidence, "a list of Evidence")
    counts = {code: dict.fromkeys(EVIDENCE_TYPES, 0) for code in framework.CRITERIA}
    for entry in entries:
        kind = entry.evidence_type if entry.evidence_type in EVIDENCE_TYPES else \
            DEFAULT_EVIDENCE_TYPE
        for code in entry.evidenced:
            if code in counts:
                counts[code][kind] += 1
    rows = []
    for c in framework.all_criteria():
        by_type = counts[c.code]
        total = sum(by_type.values())
        notebooks = "; ".join(f"notebook {info.number} {info.title}"
                              for info in course_map.NOTEBOOKS if c.code in info.criteria)
        if not total:
            missing, where = "no evidence yet", notebooks
        else:
            wanted = [kind for kind in RECOMMENDED_TYPES.get(c.code, ()) if not by_type[kind]]
            missing = "; ".join(f"no {kind}" for kind in wanted)
            where = "; ".join(WHERE_TO_ADD[kind] for kind in wanted)
        rows.append({"outcome": f"LO{c.outcome.number} {c.outcome.title}", "code": c.code,
                     "criterion": c.shows, **by_type, "total": total, "missing": missing,
                     "where": where})
    return pd.DataFrame(rows)


def evidence_gaps(entries: Iterable[Evidence]) -> pd.DataFrame:
    """Only the criteria with something missing: ``code``, ``criterion``, ``missing``, ``where``.

    Example:
        >>> gaps = evidence_gaps([])
        >>> len(gaps) == len(framework.CRITERIA), gaps.columns.tolist()
        (True, ['code', 'criterion', 'missing', 'where'])
    """
    table = coverage_by_type(entries)
    gaps = table[table["missing"] != ""]
    return gaps[["code", "criterion", "missing", "where"]].reset_index(drop=True)


def witness_details(
    *, name: str, role: str, relationship: str, date: str | _date, declaration: bool | str,
) -> dict[str, str]:
    """A witness testimony's details, checked; raises :class:`PortfolioError` naming the field.

    Every field is required. ``date`` is the day the witness gave the testimony (a
    ``datetime.date`` or ``'2026-11-20'``), a real date and not in the future;
    ``declaration`` must be ``True`` (the witness ticked :data:`WITNESS_DECLARATION`).
    Returns text values keyed as :data:`WITNESS_FIELDS`, the date as ``YYYY-MM-DD``.

    Example:
        >>> witness_details(name="Sam Patel", role="Contact centre manager",
        ...                 relationship="My line manager", date="2026-01-05",
        ...                 declaration=True)["date"]
        '2026-01-05'
        >>> witness_details(name="Sam Patel", role="", relationship="Line manager",
        ...                 date="2026-01-05", declaration=True)
        Traceback (most recent call last):
        ...
        csmlib.course.portfolio.PortfolioError: Witness's role is required: ...
    """
    values = {"name": name, "role": role, "relationship": relationship}
    cleaned: dict[str, str] = {}
    examples = {"name": "Sam Patel", "role": "Contact centre manager",
                "relationship": "My line manager for two years"}
    for key, value in values.items():
        label, limit = WITNESS_FIELDS[key]
        text = value.strip() if isinstance(value, str) else _as_text(value)
        if not text:
            raise PortfolioError(f"{label} is required: type it, e.g. {examples[key]!r}, "
                                 "then save.")
        if _CONTROL_CHARACTERS.search(text):
            raise PortfolioError(f"{label} must be on one line (no line breaks or tabs).")
        if len(text) > limit:
            raise PortfolioError(f"{label} is {len(text)} characters long; the limit is "
                                 f"{limit}. Shorten it, then save.")
        cleaned[key] = text
    label = WITNESS_FIELDS["date"][0]
    if isinstance(date, datetime):
        day = date.date()
    elif isinstance(date, _date):
        day = date
    elif isinstance(date, str) and date.strip():
        try:
            day = _date.fromisoformat(date.strip())
        except ValueError:
            raise PortfolioError(f"{label} must be a real date such as '2026-01-05'; got "
                                 f"{date!r}.") from None
    else:
        raise PortfolioError(f"{label} is required: choose the day the witness gave this "
                             "testimony, then save.")
    if day > _date.today():
        raise PortfolioError(f"{label} ({_day_in_words(day)}) is in the future: give the day "
                             "the witness gave this testimony.")
    cleaned["date"] = day.isoformat()
    if declaration is not True and declaration != "accepted":
        raise PortfolioError(f"{WITNESS_FIELDS['declaration'][0]} is not ticked: the witness "
                             "must confirm it before the testimony can be saved.")
    cleaned["declaration"] = "accepted"
    return cleaned


def _day_in_words(day: _date) -> str:
    """``'5 January 2026'``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def day_in_words(text: str) -> str:
    """A stored day (``'2026-01-05'``) as people write it; other text is returned as it is.

    Example:
        >>> day_in_words("2026-01-05"), day_in_words("soon")
        ('5 January 2026', 'soon')
    """
    try:
        return _day_in_words(_date.fromisoformat(str(text).strip()))
    except ValueError:
        return str(text)


def _clean_evidence_type(value: Any) -> str:
    """One of :data:`EVIDENCE_TYPES` (case and spaces forgiven), else a PortfolioError."""
    text = " ".join(value.split()).lower() if isinstance(value, str) else None
    if text not in EVIDENCE_TYPES:
        raise PortfolioError("evidence_type must be one of "
                             f"{', '.join(map(repr, EVIDENCE_TYPES))}; got {value!r}.")
    return text


def _clean_details(details: Any, title: str) -> dict[str, str]:
    """Short labelled facts kept with an entry: text keys and one-line text values."""
    if details is None:
        return {}
    if not isinstance(details, dict):
        raise PortfolioError(f"details= for '{title}' must be a dict of short texts, e.g. "
                             f"{{'name': 'Sam Patel'}}; got {type(details).__name__}.")
    cleaned: dict[str, str] = {}
    for key, value in details.items():
        if not isinstance(key, str) or not key.strip():
            raise PortfolioError(f"details= for '{title}' has a key {key!r}: use short "
                                 "words.")
        # a ticked box is kept as "accepted", an unticked one as ""
        text = ("accepted" if value else "") if isinstance(value, bool) else _as_text(value)
        if _CONTROL_CHARACTERS.search(text) or len(text) > MAX_DETAIL_CHARS:
            raise PortfolioError(f"details[{key!r}] for '{title}' must be one line of at "
                                 f"most {MAX_DETAIL_CHARS} characters.")
        cleaned[key.strip()] = text
    return cleaned


def _details_from_json(text: str | None) -> dict[str, str]:
    if text is None:
        return {}
    details = json.loads(text)
    if not isinstance(details, dict):
        raise ValueError("stored details must be a JSON object")
    return {str(key): str(value) for key, value in details.items()}


def _clean_criteria(codes: Iterable[str] | str) -> list[str]:
    try:
        cleaned = framework.validate(codes)
    except framework.UnknownCriterionError as error:
        raise PortfolioError(str(error)) from error
    if not cleaned:
        raise PortfolioError("Name at least one criterion this evidence supports, e.g. ['7.2'].")
    return cleaned


def _table_names(connection: sqlite3.Connection) -> set[str]:
    return {row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type='table'")}


def _columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def _revision(meta: dict[str, str]) -> int:
    """The schema revision recorded in ``meta`` (files from before revisions count as 1)."""
    try:
        return max(1, int(meta.get("revision", "1")))
    except ValueError:
        return 1


def _migrate(connection: sqlite3.Connection, revision: int) -> None:
    """Bring a portfolio from ``revision`` up to :data:`SCHEMA_REVISION`, only adding things.

    Runs inside the caller's write transaction. A step that is already there (a table or
    column added by hand, or a half-recorded earlier upgrade) is skipped, never redone.
    """
    for step in range(revision + 1, SCHEMA_REVISION + 1):
        for statement in _MIGRATIONS[step]:
            added = re.match(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", statement)
            if added and added.group(2) in _columns(connection, added.group(1)):
                continue
            connection.execute(statement)
    if revision < SCHEMA_REVISION:
        connection.execute("INSERT OR REPLACE INTO meta VALUES ('revision', ?)",
                           (str(SCHEMA_REVISION),))


def _entry_count(connection: sqlite3.Connection) -> int:
    """How many things worth keeping a healthy portfolio holds: its entries and the
    learner's saved details (0 if it is not a portfolio)."""
    tables = _table_names(connection)
    if not {"meta", "evidence"} <= tables:
        return 0
    meta = dict(connection.execute("SELECT key, value FROM meta"))
    if meta.get("format") != FORMAT_NAME:
        return 0
    if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        return 0
    count = int(connection.execute("SELECT COUNT(*) FROM evidence").fetchone()[0])
    if "learner" in tables:
        count += int(connection.execute(
            "SELECT COUNT(*) FROM learner WHERE value != ''").fetchone()[0])
    return count


def _as_text(value: Any) -> str:
    """A title or text as a clean string: ``None`` and missing values (NaN, NA) become ``""``."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):  # lists, arrays: not a single missing value
        pass
    return str(value).strip()


def _evidence_from_row(row: tuple[Any, ...]) -> Evidence:
    """One stored row as Evidence; a part that cannot be read is dropped and reported.

    The written parts are trusted only while they still match the stored text: an older
    course pack saving the same activity again rewrites the text but not the parts, and then
    the entry is read as that pack wrote it (its text for its criteria).
    """
    problems: list[str] = []

    def attempt(what: str, read: Any, text: Any, fallback: Any) -> Any:
        try:
            return read(text)
        except Exception as error:  # noqa: BLE001 - any bad row must not hide the others
            problems.append(f"its {what} could not be read back ({type(error).__name__})")
            return fallback

    codes = attempt("criteria", lambda t: [str(c) for c in json.loads(t)], row[1], [])
    table = attempt("table", _table_from_json, row[7], None)
    figure = attempt("figure", _figure_from_json, row[8], None)
    body = _as_text(row[3])
    parts = attempt("written parts", _parts_from_json, row[9], [])
    if not parts or _joined(parts) != body:
        parts = [WrittenPart("", body, tuple(codes))] if codes else []
    kind = _as_text(row[11]) if len(row) > 11 else ""
    if kind not in EVIDENCE_TYPES:  # NULL: saved before types existed (or by an older pack)
        kind = DEFAULT_EVIDENCE_TYPE
    details = attempt("details", _details_from_json, row[12] if len(row) > 12 else None, {})
    damaged = ("; ".join(problems) + ". The rest of the entry is shown; save it again to "
               "replace it.") if problems else ""
    return Evidence(row[0], _named(parts) or codes, _as_text(row[2]), body, _as_text(row[4]),
                    row[5], _as_text(row[6]), table, figure, damaged, parts,
                    _as_text(row[10]), kind, details)


def _parts_from_json(text: str | None) -> list[WrittenPart]:
    if text is None:
        return []
    return [WrittenPart(str(item["heading"]), str(item["text"]),
                        tuple(str(code) for code in item["criteria"]),
                        int(item.get("min_words", 1)), str(item.get("key", "")))
            for item in json.loads(text)]


def _joined(parts: Iterable[WrittenPart]) -> str:
    """The written parts as one text, each under its heading (empty parts left out)."""
    return "\n\n".join(f"{part.heading}: {part.text}" if part.heading else part.text
                       for part in parts if part.text)


def _named(parts: Iterable[WrittenPart]) -> list[str]:
    """Every criterion the parts are written for, in framework order."""
    wanted = {code for part in parts for code in part.criteria}
    return [code for code in framework.CRITERIA if code in wanted]


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _clean_min_words(value: Any, title: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MIN_WORDS:
        raise PortfolioError(f"min_words for '{title}' must be a whole number from 1 to "
                             f"{MAX_MIN_WORDS:,}; got {value!r}.")
    return value


def _clean_parts(parts: Any, title: str) -> list[WrittenPart]:
    """The parts as WrittenPart, checked: each has a heading and at least one criterion."""
    if isinstance(parts, str | bytes | dict) or not isinstance(parts, Iterable):
        raise PortfolioError(f"parts= for '{title}' must be a list of WrittenPart (or dicts "
                             f"with heading, text and criteria); got {type(parts).__name__}.")
    parts = list(parts)
    if not parts:
        raise PortfolioError(f"parts= for '{title}' is empty: give at least one written part.")
    if len(parts) > MAX_PARTS:
        raise PortfolioError(f"'{title}' has {len(parts)} written parts; the limit is "
                             f"{MAX_PARTS}. Combine some of them.")
    cleaned: list[WrittenPart] = []
    for number, part in enumerate(parts, start=1):
        if isinstance(part, dict):
            unknown = set(part) - {"heading", "text", "criteria", "min_words", "key"}
            if unknown or not {"heading", "criteria"} <= set(part):
                raise PortfolioError(
                    f"Part {number} of '{title}' needs the keys heading, text and criteria "
                    f"(and may have min_words and key); it has {sorted(part)}.")
            part = WrittenPart(part["heading"], part.get("text", ""), part["criteria"],
                               part.get("min_words", 1), part.get("key", ""))
        if not isinstance(part, WrittenPart):
            raise PortfolioError(f"Part {number} of '{title}' is a {type(part).__name__}; "
                                 "give a WrittenPart(heading, text, criteria).")
        heading = _as_text(part.heading)
        if not heading:
            raise PortfolioError(f"Part {number} of '{title}' has no heading: give each "
                                 "written part a heading, e.g. 'Contingencies'.")
        codes = _clean_criteria(part.criteria)
        text = part.text if isinstance(part.text, str) else _as_text(part.text)
        cleaned.append(WrittenPart(heading, text.strip(), tuple(codes),
                                   _clean_min_words(part.min_words, title),
                                   _as_text(part.key)))
    headings = [part.heading for part in cleaned]
    repeated = sorted({h for h in headings if headings.count(h) > 1})
    if repeated:
        raise PortfolioError(f"'{title}' has more than one part headed {repeated[0]!r}: give "
                             "each part its own heading.")
    return cleaned


def _clean_learner_field(key: str, value: Any) -> str:
    """One learner detail, checked: text, on one line, not too long; the name required."""
    label, limit = LEARNER_FIELDS[key]
    if value is not None and not isinstance(value, str):
        raise PortfolioError(f"{label} must be text, e.g. "
                             f"{'Jane Doe' if key == 'name' else '12345'!r}; got "
                             f"{value!r} ({type(value).__name__}).")
    cleaned = _as_text(value)
    if key == "name" and not cleaned:
        raise PortfolioError("Name is required: type your full name as your centre knows it, "
                             "e.g. Jane Doe, then save.")
    if _CONTROL_CHARACTERS.search(cleaned):
        raise PortfolioError(f"{label} must be on one line (no line breaks or tabs).")
    if len(cleaned) > limit:
        raise PortfolioError(f"{label} is {len(cleaned)} characters long; the limit is "
                             f"{limit}. Shorten it, then save.")
    if key == "candidate_number" and not _CANDIDATE_CHARACTERS.match(cleaned):
        raise PortfolioError("Candidate number may hold only letters, digits, spaces, dots, "
                             f"hyphens and slashes (as your centre gives it); got {cleaned!r}.")
    return cleaned


def _normalise_table(table: pd.DataFrame, title: str) -> pd.DataFrame:
    """A copy with plain, unique column names and a 0..n-1 index (other indexes become columns)."""
    table = table.copy()
    if isinstance(table.columns, pd.MultiIndex):
        table.columns = [" / ".join(str(p) for p in parts if str(p) != "")
                         for parts in table.columns]
    index = table.index
    plain_index = (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
                   and index.name is None)
    if not plain_index:
        if isinstance(index, pd.MultiIndex):
            index = index.set_names([n if n is not None else f"level_{i}"
                                     for i, n in enumerate(index.names)])
        elif index.name is None:
            index = index.rename("index")
        table.index = index
        table = table.reset_index()
    table.columns = [str(c) for c in table.columns]
    duplicates = sorted({c for c in table.columns if list(table.columns).count(c) > 1})
    if duplicates:
        raise PortfolioError(
            f"The table= for '{title}' has more than one column called "
            f"{', '.join(map(repr, duplicates))}. Rename them so each column has its own name, "
            "e.g. table.columns = ['team', 'calls', ...]."
        )
    return table


def _round_trips(table: pd.DataFrame) -> bool:
    try:
        back = _table_from_json(table.to_json(orient="table", date_format="iso", index=False))
        pd.testing.assert_frame_equal(back, table, check_exact=False, check_index_type=False,
                                      check_column_type=False, check_dtype=False)
    except Exception:  # noqa: BLE001 - any failure means "store it another way"
        return False
    return all(_same_type(back[c].dtype, table[c].dtype) for c in table.columns)


def _same_type(read: Any, written: Any) -> bool:
    """Same dtype, allowing only a different time resolution (ns against us)."""
    if str(read) == str(written):
        return True
    both_datetimes = getattr(read, "kind", "") == getattr(written, "kind", "") == "M"
    return both_datetimes and getattr(read, "tz", None) == getattr(written, "tz", None)


def _table_to_json(table: pd.DataFrame | None, title: str) -> str | None:
    """The table as JSON with its schema, so text stays text ("007") and types survive.

    It is read back before anything is written: a table that could not be read later is
    refused now (or its awkward columns stored as text), never saved to break the portfolio.

    Example:
        >>> t = pd.DataFrame({"id": ["007"], "n": pd.array([None], dtype="Int64")})
        >>> _table_from_json(_table_to_json(t, "t")).dtypes.astype(str).tolist()
        ['str', 'Int64']
    """
    if table is None:
        return None
    if isinstance(table, pd.Series):
        table = table.to_frame()
    if not isinstance(table, pd.DataFrame):
        raise PortfolioError(
            f"The table= for '{title}' is a {type(table).__name__}; give a pandas DataFrame, "
            "e.g. table=pd.DataFrame(...) or table=summary.head(20)."
        )
    if len(table) > MAX_TABLE_ROWS:
        raise PortfolioError(
            f"The table for '{title}' has {len(table):,} rows; the portfolio keeps at most "
            f"{MAX_TABLE_ROWS:,}. Summarise it first, e.g. table.head(20) or a grouped total."
        )
    table = _normalise_table(table, title)
    if not _round_trips(table):
        # store only the columns that cannot be stored exactly as the text they show
        for column in table.columns:
            if not _round_trips(table[[column]]):
                table[column] = table[column].map(
                    lambda v: None if _as_text(v) == "" and not isinstance(v, str)
                    else str(v)).astype("str")
        if not _round_trips(table):
            raise PortfolioError(
                f"The table= for '{title}' holds values the portfolio cannot store and read "
                "back. Keep plain numbers, text and dates, e.g. table.astype(str)."
            )
    return table.to_json(orient="table", date_format="iso", index=False)


def _table_from_json(text: str | None) -> pd.DataFrame | None:
    if text is None:
        return None
    if '"schema"' in text[:20]:
        return pd.read_json(StringIO(text), orient="table")
    return pd.read_json(StringIO(text), orient="split")  # entries saved by earlier versions


def _figure_to_json(figure: Any, title: str) -> str | None:
    """A plotly figure (or its dict) as JSON, checked to be a figure plotly can draw."""
    if figure is None:
        return None
    described = f"The figure= for '{title}' is a {type(figure).__name__}"
    if isinstance(figure, dict) or (hasattr(figure, "to_plotly_json")
                                    and hasattr(figure, "to_json")):
        try:
            import plotly.graph_objects as go

            return go.Figure(figure).to_json()
        except Exception as error:  # noqa: BLE001 - explained to the learner instead
            raise PortfolioError(
                f"{described} that plotly cannot draw ({error}). Give the figure itself, e.g. "
                "figure=fig where fig = px.bar(...)."
            ) from error
    raise PortfolioError(
        f"{described}; give a plotly figure, e.g. figure=fig where fig = px.bar(...). "
        "A picture file or a matplotlib chart cannot be stored."
    )


def _figure_from_json(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    figure = json.loads(text)
    if not isinstance(figure, dict):
        raise ValueError("a stored figure must be a JSON object")
    return figure
