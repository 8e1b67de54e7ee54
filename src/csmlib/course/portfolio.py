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

Example:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> p = Portfolio(folder / "demo.sqlite")
    >>> entry = p.save(criteria=["7.2"], title="My first reflection", text="I want to ...")
    >>> [e.title for e in p.entries()]
    ['My first reflection']
    >>> p.coverage().set_index("code").loc["7.2", "status"]
    'evidenced'
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterable
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
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
FORMAT_VERSION = "1"
MAX_TABLE_ROWS = 1000
MAX_TEXT_CHARS = 50_000
LOCK_TIMEOUT_S = 30.0
BACKUP_GENERATIONS = 3  # .bak, .bak.1, .bak.2

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

_backed_up_this_session: set[Path] = set()


class PortfolioError(Exception):
    """A problem with the portfolio that the learner can fix; the message says how."""


class PortfolioDamagedError(PortfolioError):
    """The portfolio file cannot be read. It has been left exactly as it was."""


@dataclass
class Evidence:
    """One piece of evidence in the portfolio."""

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
        """Check the file is a portfolio; create the tables in a new file when writing.

        Returns whether the file holds a portfolio (False: a new, empty file being read).
        An existing file emptied to 0 bytes while a backup holds entries counts as damaged,
        so the learner is told to restore it instead of silently starting again.
        """
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
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
            return True
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
        criteria: Iterable[str] | str,
        title: str,
        text: str = "",
        notebook: str = "",
        activity: str | None = None,
        table: pd.DataFrame | None = None,
        figure: Any = None,
    ) -> Evidence:
        """Save one piece of evidence and return it.

        ``activity`` names the course activity (e.g. ``"00-first-reflection"``): saving again
        with the same activity replaces the earlier version instead of adding a duplicate.
        ``figure`` may be a plotly figure; ``table`` a pandas DataFrame (at most 1,000 rows).

        Example:
            >>> import tempfile, pathlib
            >>> p = Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite")
            >>> p.save(criteria="5.3", title="Data we collect", text="We log ...").criteria
            ['5.3']
        """
        codes = _clean_criteria(criteria)
        title = _as_text(title)
        text = _as_text(text)
        if not title:
            raise PortfolioError(
                "Give the evidence a title, e.g. title='My staffing plan' (the title was "
                "empty or missing, for example None or NaN from an empty table cell)."
            )
        if not (text or table is not None or figure is not None):
            raise PortfolioError(
                f"'{title}' has nothing in it yet: write some text, or add a table or a figure."
            )
        if len(text) > MAX_TEXT_CHARS:
            raise PortfolioError(
                f"'{title}' is {len(text):,} characters long; the limit is {MAX_TEXT_CHARS:,}. "
                "Split it into several entries."
            )
        table_json = _table_to_json(table, title)
        figure_json = _figure_to_json(figure, title)
        saved_at = datetime.now().astimezone().isoformat(timespec="seconds")
        row = (activity, notebook, title, text, json.dumps(codes), table_json, figure_json,
               saved_at)
        with self._connect(write=True) as db:
            cursor = db.execute(
                """INSERT INTO evidence
                   (activity, notebook, title, body, criteria, table_json, figure_json, saved_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(activity) DO UPDATE SET
                     notebook=excluded.notebook, title=excluded.title, body=excluded.body,
                     criteria=excluded.criteria, table_json=excluded.table_json,
                     figure_json=excluded.figure_json, saved_at=excluded.saved_at
                   RETURNING id""",
                row,
            )
            entry_id = cursor.fetchone()[0]
        return Evidence(entry_id, codes, title, text, notebook, activity, saved_at,
                        _table_from_json(table_json), _figure_from_json(figure_json))

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
            rows = db.execute(
                "SELECT id, criteria, title, body, notebook, activity, saved_at, table_json, "
                "figure_json FROM evidence ORDER BY id"
            ).fetchall()
        return [_evidence_from_row(row) for row in rows]

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

        Example:
            >>> import tempfile, pathlib
            >>> p = Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite")
            >>> p.coverage()["status"].unique().tolist()
            ['gap']
        """
        return coverage_table(self.entries())

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

    Example:
        >>> coverage_table([]).shape[0] == len(framework.CRITERIA)
        True
    """
    entries = list(checks.instance("entries", entries, Iterable, "a list of Evidence"))
    for entry in entries:
        checks.instance("entries", entry, Evidence, "a list of Evidence")
    counts = {code: 0 for code in framework.CRITERIA}
    for entry in entries:
        for code in entry.criteria:
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


def _clean_criteria(codes: Iterable[str] | str) -> list[str]:
    try:
        cleaned = framework.validate(codes)
    except framework.UnknownCriterionError as error:
        raise PortfolioError(str(error)) from error
    if not cleaned:
        raise PortfolioError("Name at least one criterion this evidence supports, e.g. ['7.2'].")
    return cleaned


def _entry_count(connection: sqlite3.Connection) -> int:
    """How many entries a healthy portfolio database holds (0 if it is not one)."""
    tables = {row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"meta", "evidence"} <= tables:
        return 0
    meta = dict(connection.execute("SELECT key, value FROM meta"))
    if meta.get("format") != FORMAT_NAME:
        return 0
    if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        return 0
    return int(connection.execute("SELECT COUNT(*) FROM evidence").fetchone()[0])


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
    """One stored row as Evidence; a part that cannot be read is dropped and reported."""
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
    damaged = ("; ".join(problems) + ". The rest of the entry is shown; save it again to "
               "replace it.") if problems else ""
    return Evidence(row[0], codes, _as_text(row[2]), _as_text(row[3]), _as_text(row[4]),
                    row[5], _as_text(row[6]), table, figure, damaged)


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
