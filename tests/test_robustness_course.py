"""The course layer against bad input and faults: nothing lost, no silent wrong answers.

Grouped by class of fault: data loss, silent wrong answers, security, clear errors. Each test
failed on the code before the fix.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import sys
from pathlib import Path

import nbformat
import pandas as pd
import plotly.graph_objects as go
import pytest

from csmlib.course import handout
from csmlib.course import portfolio as portfolio_module
from csmlib.course.exercises import NumericAnswer, WrittenAnswer, parse_number
from csmlib.course.export import export_html
from csmlib.course.handout import PLACEHOLDER, make_handout
from csmlib.course.portfolio import Portfolio, PortfolioDamagedError, PortfolioError


@pytest.fixture(autouse=True)
def _fresh_backup_session():
    portfolio_module._backed_up_this_session.clear()
    yield
    portfolio_module._backed_up_this_session.clear()


def _notebook(folder: Path, name: str, tags: object, source: str = "secret = 42") -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Intro"),
                                         nbformat.v4.new_code_cell(source)])
    nb.cells[1].metadata["tags"] = tags
    path = folder / name
    path.write_text(json.dumps(nb), encoding="utf-8")  # as written, even if not valid
    return path


# =============================================================================== data loss
def test_multiindex_table_is_stored_readably_and_keeps_its_labels(portfolio_path: Path) -> None:
    table = pd.DataFrame(
        {"calls": [120, 40]},
        index=pd.MultiIndex.from_tuples([("north", "phone"), ("south", "email")],
                                        names=["site", "channel"]),
    )
    p = Portfolio()
    p.save(criteria="5.1", title="before", text="kept")
    p.save(criteria="5.1", title="By site", table=table)
    entries = Portfolio().entries()  # used to raise for ever after the save
    assert [e.title for e in entries] == ["before", "By site"]
    assert entries[1].table.to_dict("list") == {
        "site": ["north", "south"], "channel": ["phone", "email"], "calls": [120, 40]}


def test_one_bad_row_is_shown_as_damaged_and_the_rest_kept(portfolio_path: Path) -> None:
    p = Portfolio()
    p.save(criteria="7.2", title="good one", text="fine")
    p.save(criteria="7.2", title="will break", text="words survive",
           table=pd.DataFrame({"x": [1]}))
    p.save(criteria="7.3", title="good two", text="fine too")
    with sqlite3.connect(portfolio_path) as db:
        db.execute("UPDATE evidence SET table_json='{not json', figure_json='[1'"
                   " WHERE title='will break'")
    db.close()
    entries = Portfolio().entries()
    assert [e.title for e in entries] == ["good one", "will break", "good two"]
    broken = entries[1]
    assert broken.text == "words survive" and broken.table is None
    assert "table" in broken.damaged and "figure" in broken.damaged
    assert entries[0].damaged == "" and entries[2].damaged == ""
    page = export_html(p, portfolio_path.with_name("out.html")).read_text("utf-8")
    assert "damaged" in page and "good two" in page


def test_empty_portfolio_file_never_replaces_the_good_backup(portfolio_path: Path) -> None:
    Portfolio().save(criteria="7.2", title="precious", text="keep me")
    good_backup = Portfolio().backup_path.read_bytes()
    portfolio_path.write_bytes(b"")  # e.g. a sync tool truncated it
    portfolio_module._backed_up_this_session.clear()  # a new session
    with pytest.raises(PortfolioDamagedError, match="restore_backup"):
        Portfolio().entries()
    assert Portfolio().backup_path.read_bytes() == good_backup
    Portfolio().restore_backup()
    assert [e.title for e in Portfolio().entries()] == ["precious"]


def test_start_afresh_after_damage_keeps_the_last_good_backup(portfolio_path: Path) -> None:
    Portfolio().save(criteria="7.2", title="precious", text="keep me")
    portfolio_path.write_bytes(b"\x00garbled" * 64)
    kept = Portfolio().start_afresh()
    Portfolio().save(criteria="7.2", title="new start", text="x")
    portfolio_module._backed_up_this_session.clear()
    Portfolio().save(criteria="7.2", title="next session", text="y")
    good = [path for path in portfolio_path.parent.iterdir()
            if ".bak" in path.name and path.suffix != ".tmp"]
    titles = set()
    for path in good:
        with sqlite3.connect(path) as db:
            titles |= {row[0] for row in db.execute("SELECT title FROM evidence")}
        db.close()
    assert "precious" in titles  # still recoverable after the new portfolio was backed up
    assert Path(f"{kept}.bak").exists()


def test_backups_rotate_instead_of_being_overwritten(portfolio_path: Path) -> None:
    for session in range(3):
        portfolio_module._backed_up_this_session.clear()
        Portfolio().save(criteria="7.2", title=f"session {session}", text="x")
    backup = Portfolio().backup_path
    assert backup.exists() and Path(f"{backup}.1").exists()


def test_export_refuses_to_overwrite_the_portfolio(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    p.save(criteria="7.2", title="t", text="x")
    before = p.path.read_bytes()
    with pytest.raises(PortfolioError, match="portfolio itself"):
        export_html(p, p.path)
    with pytest.raises(PortfolioError, match="portfolio itself"):
        export_html(p, p.backup_path)
    assert p.path.read_bytes() == before and len(p.entries()) == 1


def test_export_of_a_portfolio_named_html_does_not_overwrite_it(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "evidence.html")
    p.save(criteria="7.2", title="t", text="x")
    target = export_html(p)
    assert target != p.path and target.exists()
    assert [e.title for e in p.entries()] == ["t"]


def test_export_refuses_to_overwrite_another_database(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    p.save(criteria="7.2", title="t", text="x")
    other = Portfolio(tmp_path / "other.html")
    other.save(criteria="7.2", title="other", text="y")
    with pytest.raises(PortfolioError, match="database"):
        export_html(p, other.path)
    assert [e.title for e in other.entries()] == ["other"]


def test_handout_failure_leaves_no_half_written_folder(tmp_path: Path) -> None:
    source = tmp_path / "nbs"
    source.mkdir()
    _notebook(source, "a.ipynb", ["worked-answer"])
    (source / "b.ipynb").write_text("{ this is not a notebook", encoding="utf-8")
    out = tmp_path / "handout"
    with pytest.raises(ValueError, match="b.ipynb"):
        make_handout(source, out)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["nbs"]  # no staging folder left


def test_handout_failure_leaves_an_existing_handout_untouched(tmp_path: Path) -> None:
    source = tmp_path / "nbs"
    source.mkdir()
    _notebook(source, "a.ipynb", ["worked-answer"])
    out = tmp_path / "handout"
    make_handout(source, out)
    before = (out / "a.ipynb").read_bytes()
    _notebook(source, "a.ipynb", ["worked-answer"], source="changed = 1")
    (source / "b.ipynb").write_text("{ broken", encoding="utf-8")
    with pytest.raises(ValueError):
        make_handout(source, out)
    assert (out / "a.ipynb").read_bytes() == before and not (out / "b.ipynb").exists()


# ===================================================================== silent wrong answers
def test_table_types_survive_the_round_trip(portfolio_path: Path) -> None:
    table = pd.DataFrame({
        "agent_id": ["007", "010"],
        "calls": pd.array([3, None], dtype="Int64"),
        "on_shift": [True, False],
        "share": [0.5, 0.25],
        "day": pd.to_datetime(["2024-01-01", "2024-01-02"]),
    })
    Portfolio().save(criteria="5.1", title="Types", table=table)
    back = Portfolio().entries()[0].table
    assert back["agent_id"].tolist() == ["007", "010"]
    assert str(back["calls"].dtype) == "Int64" and back["calls"].isna().tolist() == [False, True]
    assert back["on_shift"].dtype == bool
    pd.testing.assert_frame_equal(back, table, check_dtype=False)
    assert back["share"].dtype == float and back["day"].dtype.kind == "M"


def test_a_named_index_is_kept_not_dropped(portfolio_path: Path) -> None:
    table = pd.DataFrame({"contacts": [120, 40]}, index=pd.Index(["phone", "email"],
                                                               name="channel"))
    Portfolio().save(criteria="5.1", title="By channel", table=table)
    assert Portfolio().entries()[0].table.to_dict("list") == {
        "channel": ["phone", "email"], "contacts": [120, 40]}


def test_awkward_columns_are_stored_as_text_not_lost(portfolio_path: Path) -> None:
    table = pd.DataFrame({"wait": pd.to_timedelta([30, 90], unit="s"), "n": [1, 2]})
    Portfolio().save(criteria="5.1", title="Waits", table=table)
    back = Portfolio().entries()[0].table
    assert back["wait"].tolist() == [str(v) for v in table["wait"]]
    assert back["n"].tolist() == [1, 2]


@pytest.mark.parametrize("missing", [float("nan"), pd.NA, None])
def test_a_missing_title_is_refused_not_saved_as_nan(portfolio_path: Path, missing) -> None:
    with pytest.raises(PortfolioError, match="title"):
        Portfolio().save(criteria="7.2", title=missing, text="x")
    assert Portfolio().entries() == []


def test_a_missing_text_is_not_saved_as_nan(portfolio_path: Path) -> None:
    with pytest.raises(PortfolioError, match="nothing in it"):
        Portfolio().save(criteria="7.2", title="t", text=float("nan"))


@pytest.mark.parametrize(("typed", "value"), [
    ("12,5", 12.5), ("0,8", 0.8), ("-3,25", -3.25), ("1,234", 1234.0), ("12,345,678", 12345678.0),
    ("1,234.5", 1234.5), ("1.234,5", 1234.5), ("72,5 %", 72.5), ("1 234", 1234.0),
])
def test_decimal_comma_is_read_as_a_decimal(typed: str, value: float) -> None:
    assert parse_number(typed) == pytest.approx(value)


@pytest.mark.parametrize("typed", ["1,234,5", "12,34,567", "1,2,3", ",", "0,800,1"])
def test_ambiguous_commas_are_unreadable_and_ask_to_retype(typed: str) -> None:
    assert parse_number(typed) is None
    feedback = NumericAnswer("t", "?", expected=12.5).check(typed)
    assert not feedback.correct and "couldn't read" in feedback.message
    assert "point" in feedback.hint


def test_decimal_comma_answer_is_marked_right() -> None:
    q = NumericAnswer("t", "?", expected=12.5, tolerance=0.05)
    assert q.check("12,5").correct
    assert "too high" not in q.check("12,5").message


def _monitoring() -> WrittenAnswer:
    return WrittenAnswer(
        "t-monitor", "What will you check each day, and who will act on it?", min_words=15,
        key_points={"a measure": ["service level", "abandon", "wait", "forecast", "volume"],
                    "an action or owner": ["team leader", "i will", "planner", "adjust",
                                           "overtime", "review"]})


def test_keyword_stuffing_is_not_a_good_answer() -> None:
    stuffed = ("service level abandon wait forecast team leader i will adjust overtime "
               "planner review volume forecast abandon wait service level")
    feedback = _monitoring().check(stuffed)
    assert not feedback.correct and "list of key words" in feedback.message
    assert "sentences" in feedback.hint


def test_keyword_stuffing_with_filler_is_not_a_good_answer() -> None:
    stuffed = ("forecast volume wait abandon service level planner adjust overtime review "
               "team leader banana purple quickly elephant")
    assert not _monitoring().check(stuffed).correct


def test_real_sentences_with_the_key_ideas_still_pass() -> None:
    answer = ("Each morning I compare yesterday's volume with the forecast and check the wait. "
              "If it is out two days running, the planner and I adjust the rota.")
    assert _monitoring().check(answer).correct


def test_handout_tags_match_exactly_and_robustly(tmp_path: Path) -> None:
    source, out = tmp_path / "nbs", tmp_path / "out"
    source.mkdir()
    cases = {"upper.ipynb": ["Worked-Answer"], "spaces.ipynb": [" worked-answer "],
             "string.ipynb": "worked-answer", "null.ipynb": None,
             "other.ipynb": ["not-a-worked-answer-at-all"], "none.ipynb": [None, 3]}
    for name, tags in cases.items():
        _notebook(source, name, tags)
    report = make_handout(source, out)
    assert report == {"null.ipynb": 0, "none.ipynb": 0, "other.ipynb": 0, "spaces.ipynb": 1,
                      "string.ipynb": 1, "upper.ipynb": 1}
    for name, removed in report.items():
        cells = nbformat.read(out / name, as_version=4).cells
        assert (cells[1].source == PLACEHOLDER) == bool(removed)
        assert ("secret = 42" in cells[1].source) == (not removed)


def test_substring_tags_are_not_worked_answers() -> None:
    assert not handout.is_worked_answer({"metadata": {"tags": "no-worked-answer-here"}})
    assert handout.is_worked_answer({"metadata": {"tags": "hide, worked-answer"}})


# ================================================================================= security
def _online_figure() -> go.Figure:
    figure = go.Figure(go.Bar(x=["a"], y=[1]))
    figure.add_trace(go.Scattergeo(lon=[0], lat=[51.5], name="London"))
    figure.add_trace(go.Scattermap(lon=[0], lat=[51.5]))
    figure.add_layout_image(source="https://example.com/logo.png", x=0, y=1)
    figure.update_layout(map_style="https://tiles.example.com/style.json")
    return figure


def test_offline_export_loads_nothing_from_the_network(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    p.save(criteria="5.1", title="Map", text="where callers are", figure=_online_figure())
    page = export_html(p, tmp_path / "out.html").read_text("utf-8")
    assert "example.com" not in page
    start = page.index('Plotly.newPlot(')
    drawn = page[start:page.index("</script>", start)]
    assert "London" not in drawn and "51.5" not in drawn  # the map traces are gone
    assert '"bar"' in drawn
    assert "leaves out what would load from the internet" in page


def test_embedded_images_are_kept(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    figure = go.Figure(go.Bar(y=[1]))
    figure.add_layout_image(source="data:image/png;base64,iVBORw0KGgo=", x=0, y=1)
    p.save(criteria="5.1", title="Logo", figure=figure)
    page = export_html(p, tmp_path / "out.html").read_text("utf-8")
    assert "base64,iVBORw0KGgo=" in page
    assert "leaves out" not in page


# ============================================================================= clear errors
@pytest.mark.parametrize("figure", ["chart.png", 42, {"data": "not a list of traces"},
                                    {"nonsense": 1}])
def test_a_figure_that_is_not_plotly_is_refused_naming_the_argument(portfolio_path: Path,
                                                                   figure) -> None:
    with pytest.raises(PortfolioError, match=r"figure=.*'My chart'.*plotly"):
        Portfolio().save(criteria="5.1", title="My chart", text="x", figure=figure)
    assert Portfolio().entries() == []


def test_a_matplotlib_style_object_is_refused_naming_the_argument(portfolio_path: Path) -> None:
    class FakeMatplotlibFigure:
        def savefig(self, *args: object) -> None: ...

    with pytest.raises(PortfolioError, match="figure=.*matplotlib"):
        Portfolio().save(criteria="5.1", title="t", figure=FakeMatplotlibFigure())


def test_a_table_with_repeated_column_names_is_refused_clearly(portfolio_path: Path) -> None:
    table = pd.DataFrame([[1, 2]], columns=["calls", "calls"])
    with pytest.raises(PortfolioError, match="table=.*'calls'"):
        Portfolio().save(criteria="5.1", title="t", table=table)
    assert Portfolio().entries() == []


def test_export_to_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    p.save(criteria="7.2", title="t", text="x")
    with pytest.raises(PortfolioError, match="is a folder"):
        export_html(p, tmp_path)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="needs POSIX permissions and a non-root user")
def test_export_to_a_read_only_place_is_a_clear_error(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    p.save(criteria="7.2", title="t", text="x")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(PortfolioError, match="could not be written"):
            export_html(p, locked / "out.html")
    finally:
        locked.chmod(stat.S_IRWXU)


def test_export_where_a_folder_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    p.save(criteria="7.2", title="t", text="x")
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    with pytest.raises(PortfolioError, match="could not be written.*notes.txt"):
        export_html(p, tmp_path / "notes.txt" / "out.html")


def test_export_with_an_undrawable_stored_figure_still_exports(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    p.save(criteria="5.1", title="chart", text="x", figure=go.Figure(go.Bar(y=[1])))
    p.save(criteria="7.2", title="words", text="still here")
    with sqlite3.connect(p.path) as db:
        db.execute("""UPDATE evidence SET figure_json='{"data": [{"type": "no-such"}]}'
                      WHERE title='chart'""")
    db.close()
    page = export_html(p, tmp_path / "out.html").read_text("utf-8")
    assert "could not be drawn" in page and "still here" in page


def test_handout_out_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    source = tmp_path / "nbs"
    source.mkdir()
    _notebook(source, "a.ipynb", ["worked-answer"])
    (tmp_path / "out").write_text("not a folder")
    with pytest.raises(ValueError, match="is a file"):
        make_handout(source, tmp_path / "out")
