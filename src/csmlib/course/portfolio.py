"""The learner's portfolio: evidence saved from any notebook, mapped to criteria.

The portfolio is one SQLite file in the learner's working folder (``my_portfolio.sqlite``,
or the path in the ``CSMLIB_PORTFOLIO`` environment variable). SQLite makes every save
atomic: if the kernel dies half-way through a save, the file keeps everything saved before,
and two notebooks saving at the same moment both keep their entries.

A damaged file is never overwritten: opening it raises :class:`PortfolioDamagedError`, which
says what to do. Each time a healthy portfolio is first opened in a session a backup copy
(``my_portfolio.sqlite.bak``) is refreshed.

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

from csmlib.course import criteria as framework

DEFAULT_FILENAME = "my_portfolio.sqlite"
PATH_ENV_VAR = "CSMLIB_PORTFOLIO"
FORMAT_NAME = "csmlib-portfolio"
FORMAT_VERSION = "1"
MAX_TABLE_ROWS = 1000
MAX_TEXT_CHARS = 50_000
LOCK_TIMEOUT_S = 30.0

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
                ready = self._check_and_prepare(connection, write)
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

    def _check_and_prepare(self, connection: sqlite3.Connection, write: bool) -> bool:
        """Check the file is a portfolio; create the tables in a new file when writing.

        Returns whether the file holds a portfolio (False: a new, empty file being read).
        """
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
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

    def _refresh_backup_once(self) -> None:
        key = self.path.resolve()
        if key in _backed_up_this_session or not self.path.exists():
            return
        _backed_up_this_session.add(key)
        temporary = self.backup_path.with_name(self.backup_path.name + ".tmp")
        try:
            with (closing(sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_S)) as source,
                  closing(sqlite3.connect(temporary)) as target):
                source.backup(target)
            os.replace(temporary, self.backup_path)
        except (OSError, sqlite3.Error):
            temporary.unlink(missing_ok=True)  # a backup is a nicety; never block a save

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
        title = str(title or "").strip()
        text = str(text or "").strip()
        if not title:
            raise PortfolioError("Give the evidence a title, e.g. title='My staffing plan'.")
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
        return [
            Evidence(row[0], json.loads(row[1]), row[2], row[3], row[4], row[5], row[6],
                     _table_from_json(row[7]), _figure_from_json(row[8]))
            for row in rows
        ]

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


def _table_to_json(table: pd.DataFrame | None, title: str) -> str | None:
    if table is None:
        return None
    if isinstance(table, pd.Series):
        table = table.to_frame()
    if not isinstance(table, pd.DataFrame):
        raise PortfolioError(
            f"The table for '{title}' is a {type(table).__name__}; give a pandas DataFrame."
        )
    if len(table) > MAX_TABLE_ROWS:
        raise PortfolioError(
            f"The table for '{title}' has {len(table):,} rows; the portfolio keeps at most "
            f"{MAX_TABLE_ROWS:,}. Summarise it first, e.g. table.head(20) or a grouped total."
        )
    return table.to_json(orient="split", date_format="iso")


def _table_from_json(text: str | None) -> pd.DataFrame | None:
    return None if text is None else pd.read_json(StringIO(text), orient="split")


def _figure_to_json(figure: Any, title: str) -> str | None:
    if figure is None:
        return None
    if isinstance(figure, dict):
        return json.dumps(figure)
    if hasattr(figure, "to_plotly_json") and hasattr(figure, "to_json"):
        return figure.to_json()
    raise PortfolioError(
        f"The figure for '{title}' is a {type(figure).__name__}; give a plotly figure."
    )


def _figure_from_json(text: str | None) -> dict[str, Any] | None:
    return None if text is None else json.loads(text)
