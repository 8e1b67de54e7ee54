"""The portfolio: saving, coverage, damaged files, crashes and concurrent writers."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from csmlib.course import portfolio as portfolio_module
from csmlib.course.portfolio import (
    MAX_TABLE_ROWS,
    SCHEMA_REVISION,
    LearnerDetails,
    Portfolio,
    PortfolioDamagedError,
    PortfolioError,
    default_path,
)


def test_default_path_follows_the_environment(portfolio_path: Path) -> None:
    assert default_path() == portfolio_path
    assert Portfolio().path == portfolio_path


def test_default_path_is_the_working_folder(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CSMLIB_PORTFOLIO")
    monkeypatch.chdir(tmp_path)
    assert default_path() == tmp_path / "my_portfolio.sqlite"


def test_save_and_read_back_everything(portfolio_path: Path) -> None:
    table = pd.DataFrame({"channel": ["phone", "email"], "contacts": [120, 40]})
    figure = go.Figure(go.Bar(x=["phone", "email"], y=[120, 40]))
    saved = Portfolio().save(criteria=["2.1", "5.1"], title="Demand", text="Phone dominates.",
                             notebook="02_planning", table=table, figure=figure)
    (entry,) = Portfolio(portfolio_path).entries()
    assert entry.id == saved.id
    assert (entry.criteria, entry.title, entry.text, entry.notebook) == (
        ["2.1", "5.1"], "Demand", "Phone dominates.", "02_planning")
    pd.testing.assert_frame_equal(entry.table, table)
    assert entry.figure["data"][0]["y"] == [120, 40]
    assert entry.saved_at[:4].isdigit()


def test_same_activity_replaces_instead_of_duplicating(portfolio_path: Path) -> None:
    p = Portfolio()
    first = p.save(criteria="7.2", title="Goals", text="first draft", activity="00-goals")
    second = p.save(criteria="7.2", title="Goals", text="second draft", activity="00-goals")
    p.save(criteria="7.3", title="Other", text="another")
    assert first.id == second.id
    assert [e.text for e in p.entries()] == ["second draft", "another"]
    assert p.get("00-goals").text == "second draft"


def test_delete_and_missing_entry(portfolio_path: Path) -> None:
    p = Portfolio()
    entry = p.save(criteria="7.3", title="t", text="x")
    p.delete(entry.id)
    assert p.entries() == []
    with pytest.raises(PortfolioError, match="no entry with id"):
        p.delete(entry.id)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"criteria": [], "title": "t", "text": "x"}, "at least one criterion"),
        ({"criteria": ["9.9"], "title": "t", "text": "x"}, "no criterion '9.9'"),
        ({"criteria": ["7.2"], "title": " ", "text": "x"}, "title"),
        ({"criteria": ["7.2"], "title": "Empty", "text": "  "}, "nothing in it"),
        ({"criteria": ["7.2"], "title": "t", "text": "x" * 50_001}, "limit"),
        ({"criteria": ["7.2"], "title": "t", "table": [1, 2]}, "pandas DataFrame"),
        ({"criteria": ["7.2"], "title": "t", "figure": "chart.png"}, "plotly figure"),
    ],
)
def test_bad_evidence_is_rejected_with_a_clear_message(portfolio_path, kwargs, message) -> None:
    with pytest.raises(PortfolioError, match=message):
        Portfolio().save(**kwargs)
    assert Portfolio().entries() == []


def test_oversized_table_is_refused_not_truncated(portfolio_path: Path) -> None:
    big = pd.DataFrame({"x": range(MAX_TABLE_ROWS + 1)})
    with pytest.raises(PortfolioError, match="Summarise it first"):
        Portfolio().save(criteria="5.1", title="All contacts", table=big)


def test_coverage_marks_gaps_and_counts(portfolio_path: Path) -> None:
    p = Portfolio()
    p.save(criteria=["7.2", "5.3"], title="a", text="x")
    p.save(criteria=["7.2"], title="b", text="y")
    coverage = p.coverage().set_index("code")
    assert coverage.loc["7.2", "evidence"] == 2 and coverage.loc["7.2", "status"] == "evidenced"
    assert coverage.loc["5.3", "evidence"] == 1
    assert (coverage.drop(["7.2", "5.3"])["status"] == "gap").all()


def test_no_file_means_empty_portfolio_and_nothing_written(portfolio_path: Path) -> None:
    assert Portfolio().entries() == []
    assert not portfolio_path.exists()


def test_empty_file_is_treated_as_new(portfolio_path: Path) -> None:
    portfolio_path.write_bytes(b"")
    assert Portfolio().entries() == []
    Portfolio().save(criteria="7.2", title="t", text="x")
    assert len(Portfolio().entries()) == 1


def test_damaged_file_gives_clear_message_and_is_never_overwritten(portfolio_path: Path) -> None:
    garbage = b"this is not a database, it is a shopping list\n" * 100
    portfolio_path.write_bytes(garbage)
    with pytest.raises(PortfolioDamagedError) as raised:
        Portfolio().entries()
    message = str(raised.value)
    assert str(portfolio_path) in message and "has not been changed" in message
    assert "start_afresh" in message
    with pytest.raises(PortfolioDamagedError):
        Portfolio().save(criteria="7.2", title="t", text="new work")
    assert portfolio_path.read_bytes() == garbage


def test_a_different_database_is_not_taken_for_a_portfolio(portfolio_path: Path) -> None:
    with sqlite3.connect(portfolio_path) as db:
        db.execute("CREATE TABLE sales (amount REAL)")
    db.close()
    with pytest.raises(PortfolioDamagedError, match="not a csmlib portfolio"):
        Portfolio().save(criteria="7.2", title="t", text="x")


def test_backup_is_kept_and_can_be_restored(portfolio_path: Path) -> None:
    from csmlib.course import portfolio as module

    module._backed_up_this_session.clear()
    Portfolio().save(criteria="7.2", title="precious", text="keep me")
    assert Portfolio().backup_path.exists()
    portfolio_path.write_bytes(b"\x00garbled" * 64)
    with pytest.raises(PortfolioDamagedError, match="restore_backup"):
        Portfolio().entries()
    kept = Portfolio().restore_backup()
    assert kept.read_bytes().startswith(b"\x00garbled")  # the damaged file is kept aside
    assert [e.title for e in Portfolio().entries()] == ["precious"]


def test_start_afresh_keeps_the_old_file(portfolio_path: Path) -> None:
    portfolio_path.write_bytes(b"garbage" * 200)
    kept = Portfolio().start_afresh()
    assert kept is not None and kept.read_bytes() == b"garbage" * 200
    Portfolio().save(criteria="7.2", title="new", text="start")
    assert len(Portfolio().entries()) == 1


def test_newer_format_version_is_explained(portfolio_path: Path) -> None:
    Portfolio().save(criteria="7.2", title="t", text="x")
    with sqlite3.connect(portfolio_path) as db:
        db.execute("UPDATE meta SET value='99' WHERE key='version'")
    db.close()
    with pytest.raises(PortfolioError, match="different version"):
        Portfolio().entries()


# --------------------------------------------------------------- learner details
def test_learner_details_are_saved_once_and_read_back(portfolio_path: Path) -> None:
    assert Portfolio().learner() == LearnerDetails()
    assert not portfolio_path.exists()  # reading details never creates the file
    saved = Portfolio().save_learner(name="  Jane Doe ", candidate_number="12345",
                                     centre="Northgate College")
    again = Portfolio().learner()
    assert again == saved
    assert (again.name, again.candidate_number, again.centre) == (
        "Jane Doe", "12345", "Northgate College")
    assert again.summary() == "Jane Doe, candidate 12345, Northgate College"
    assert again.saved_at[:4].isdigit() and not again.declared


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "Name is required"),
        ({"name": None}, "Name is required"),
        ({"name": "J" * 101}, "Name is 101 characters long; the limit is 100"),
        ({"name": "Jane\nDoe"}, "Name must be on one line"),
        ({"name": 42}, "Name must be text"),
        ({"name": "Jane", "candidate_number": "1" * 31}, "Candidate number is 31 characters"),
        ({"name": "Jane", "candidate_number": "12<b>"}, "Candidate number may hold only"),
        ({"name": "Jane", "centre": "C" * 121}, "Centre is 121 characters"),
        ({"name": "Jane", "declaration": "yes"}, "declaration must be True"),
    ],
)
def test_bad_learner_details_are_refused_naming_the_field(portfolio_path: Path, fields,
                                                          message: str) -> None:
    with pytest.raises(PortfolioError, match=message):
        Portfolio().save_learner(**fields)
    assert Portfolio().learner() == LearnerDetails()


def test_declaration_is_dated_kept_and_tied_to_the_name(portfolio_path: Path) -> None:
    p = Portfolio()
    assert not p.save_learner(name="Jane Doe").declared
    accepted = p.save_learner(name="Jane Doe", declaration=True)
    assert accepted.declared and accepted.declaration_name == "Jane Doe"
    with sqlite3.connect(portfolio_path) as db:  # make the acceptance visibly older
        db.execute("UPDATE learner SET value='2026-01-05T09:00:00+00:00' "
                   "WHERE key='declaration_accepted_at'")
    db.close()
    again = p.save_learner(name="Jane Doe", centre="Northgate", declaration=True)
    assert again.declaration_accepted_at == "2026-01-05T09:00:00+00:00"  # not re-dated
    assert p.save_learner(name="Jane Smith", centre="Northgate").declared is False
    assert p.save_learner(name="Jane Smith", declaration=True).declaration_name == "Jane Smith"
    assert p.save_learner(name="Jane Smith", declaration=False).declaration_accepted_at == ""


def test_changing_details_keeps_every_earlier_value(portfolio_path: Path) -> None:
    p = Portfolio()
    p.save_learner(name="Jane Doe", centre="Northgate")
    p.save_learner(name="Jane Smith", centre="Northgate")
    assert p.learner().name == "Jane Smith"
    with sqlite3.connect(portfolio_path) as db:
        history = db.execute("SELECT key, value FROM learner_history ORDER BY id").fetchall()
    db.close()
    assert history == [("name", "Jane Doe"), ("centre", "Northgate"), ("name", "Jane Smith")]


def test_details_alone_are_worth_a_backup(portfolio_path: Path) -> None:
    portfolio_module._backed_up_this_session.clear()
    Portfolio().save_learner(name="Jane Doe")
    assert Portfolio().backup_path.exists()
    portfolio_path.write_bytes(b"")  # e.g. a sync tool emptied it
    portfolio_module._backed_up_this_session.clear()
    with pytest.raises(PortfolioDamagedError, match="restore_backup"):
        Portfolio().learner()
    Portfolio().restore_backup()
    assert Portfolio().learner().name == "Jane Doe"


def test_learner_details_on_a_damaged_file_are_refused_and_it_is_kept(
        portfolio_path: Path) -> None:
    portfolio_path.write_bytes(b"garbage" * 100)
    with pytest.raises(PortfolioDamagedError):
        Portfolio().save_learner(name="Jane Doe")
    assert portfolio_path.read_bytes() == b"garbage" * 100


# --------------------------------------------------------- files from earlier versions
_VERSION_1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT, activity TEXT UNIQUE, notebook TEXT NOT NULL,
    title TEXT NOT NULL, body TEXT NOT NULL, criteria TEXT NOT NULL, table_json TEXT,
    figure_json TEXT, saved_at TEXT NOT NULL);
INSERT INTO meta VALUES ('format', 'csmlib-portfolio'), ('version', '1');
INSERT INTO evidence (activity, notebook, title, body, criteria, table_json, figure_json,
                      saved_at)
VALUES ('00-first-reflection', '00', 'My goals', 'I want to plan staffing with evidence.',
        '["7.2"]', NULL, NULL, '2025-09-01T10:00:00+01:00');
"""


def _version_1_file(path: Path) -> bytes:
    """A portfolio exactly as the first version of the course wrote it."""
    with sqlite3.connect(path) as db:
        db.executescript(_VERSION_1_SCHEMA)
    db.close()
    return path.read_bytes()


def test_a_version_1_file_is_read_without_being_changed(portfolio_path: Path) -> None:
    before = _version_1_file(portfolio_path)
    (entry,) = Portfolio().entries()
    assert (entry.title, entry.evidenced, entry.text) == (
        "My goals", ["7.2"], "I want to plan staffing with evidence.")
    assert Portfolio().learner() == LearnerDetails()
    assert portfolio_path.read_bytes() == before


def test_a_version_1_file_is_upgraded_on_the_first_save_keeping_everything(
        portfolio_path: Path) -> None:
    _version_1_file(portfolio_path)
    Portfolio().save_learner(name="Jane Doe")
    with sqlite3.connect(portfolio_path) as db:
        meta = dict(db.execute("SELECT key, value FROM meta"))
        columns = {row[1] for row in db.execute("PRAGMA table_info(evidence)")}
    db.close()
    assert meta == {"format": "csmlib-portfolio", "version": "1",
                    "revision": str(SCHEMA_REVISION)}
    assert {"parts_json", "support_text"} <= columns
    (entry,) = Portfolio().entries()
    assert entry.title == "My goals" and entry.evidenced == ["7.2"]
    assert entry.saved_at == "2025-09-01T10:00:00+01:00"
    assert Portfolio().learner().name == "Jane Doe"
    Portfolio().save(criteria="5.3", title="New", text="After the upgrade.")
    assert [e.title for e in Portfolio().entries()] == ["My goals", "New"]


def test_a_failed_upgrade_changes_nothing(portfolio_path: Path, monkeypatch) -> None:
    before = _version_1_file(portfolio_path)
    broken = (*portfolio_module._MIGRATIONS[2], "ALTER TABLE no_such_table ADD COLUMN x TEXT")
    monkeypatch.setitem(portfolio_module._MIGRATIONS, 2, broken)
    with pytest.raises(PortfolioError):
        Portfolio().save_learner(name="Jane Doe")
    with sqlite3.connect(portfolio_path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        revision = db.execute("SELECT value FROM meta WHERE key='revision'").fetchone()
    db.close()
    assert "learner" not in tables and revision is None  # the whole upgrade rolled back
    assert [e.title for e in Portfolio().entries()] == ["My goals"]
    assert len(portfolio_path.read_bytes()) == len(before)


# ------------------------------------------------------- crash and concurrency
_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import pandas as pd
    from csmlib.course.portfolio import Portfolio

    path, name, count, start_flag = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    while start_flag != "-" and not Path(start_flag).exists():
        pass
    portfolio = Portfolio(path)
    text = "evidence " * 5000
    table = pd.DataFrame({c: range(1000) for c in "abcdefgh"})  # ~0.2 MB an entry, so a
    for n in range(count):                                      # kill often lands mid-save
        portfolio.save(criteria=["7.2"], title=f"{name}-{n}", text=text, table=table)
        print(f"{name}-{n}", flush=True)
    """
)


def _start_writer(path: Path, name: str, count: int, start_flag: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path), name, str(count), start_flag],
        stdout=subprocess.PIPE, text=True,
    )


def test_two_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    path, flag = tmp_path / "shared.sqlite", tmp_path / "go"
    writers = [_start_writer(path, name, 30, str(flag)) for name in ("notebook02", "notebook03")]
    time.sleep(0.5)
    flag.touch()  # both start writing at the same moment
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    titles = sorted(e.title for e in Portfolio(path).entries())
    expected = sorted(f"{name}-{n}" for name in ("notebook02", "notebook03") for n in range(30))
    assert titles == expected


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX only)")
@pytest.mark.parametrize("kill_after", [3, 7, 12])
def test_kill_during_save_keeps_every_completed_entry(tmp_path: Path, kill_after: int) -> None:
    path = tmp_path / "crash.sqlite"
    Portfolio(path).save(criteria="7.3", title="written before", text="must survive")
    writer = _start_writer(path, "w", 10_000, "-")
    confirmed = [writer.stdout.readline().strip() for _ in range(kill_after)]
    os.kill(writer.pid, signal.SIGKILL)  # like a kernel dying mid-save
    writer.wait(timeout=30)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    titles = [e.title for e in Portfolio(path).entries()]
    assert titles[0] == "written before"
    assert set(confirmed) <= set(titles)  # every save that returned is still there
    assert titles[1:] == [f"w-{n}" for n in range(len(titles) - 1)]  # no gaps, no half entry
    Portfolio(path).save(criteria="7.3", title="after the crash", text="still works")
    assert Portfolio(path).entries()[-1].title == "after the crash"
