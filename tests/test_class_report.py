"""The class report: a folder of hand-ins read (never written), the group's evidence, gaps
and weakest criteria, files not read listed with reasons, and outputs that never overwrite
a file the report did not write."""

from __future__ import annotations

import csv
import html
import json
import re
import sqlite3
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from csmlib.course import class_report, course_map
from csmlib.course import criteria as framework
from csmlib.course.class_report import (
    CELL_COLOURS,
    OLD_EXPORT,
    Cohort,
    LearnerRecord,
    read_folder,
)
from csmlib.course.class_report_page import (
    command_line,
    default_out_dir,
    report_html,
    write_report,
)
from csmlib.course.export import (
    DATA_NAME,
    export_html,
    portfolio_data,
    read_portfolio_data,
)
from csmlib.course.portfolio import (
    LearnerDetails,
    Portfolio,
    WrittenPart,
    coverage_by_type,
)
from csmlib.course.style import MIN_TEXT_CONTRAST, contrast_ratio

NASTY = 'Dan </script><script>alert(1)</script> "quoted" & <b>bold</b>'
LONG = "We planned the staffing from the forecast and checked it against the standard."


class Expected:
    """What the test saved for each learner: entries evidencing each criterion, by type."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = {}
        self.types: dict[str, dict[str, Counter[str]]] = {}

    def save(self, name: str, portfolio: Portfolio, **kwargs) -> None:
        entry = portfolio.save(**kwargs)
        counts = self.counts.setdefault(name, Counter())
        types = self.types.setdefault(name, {})
        for code in entry.evidenced:
            counts[code] += 1
            types.setdefault(code, Counter())[entry.evidence_type] += 1

    def matrix(self) -> pd.DataFrame:
        return pd.DataFrame([[self.counts[name][code] for code in framework.CRITERIA]
                             for name in sorted(self.counts, key=str.casefold)],
                            index=sorted(self.counts, key=str.casefold),
                            columns=list(framework.CRITERIA))


def _age(path: Path, when: str = "2026-01-05T10:00:00+00:00") -> None:
    """Make every save in a portfolio file look older (a learner who saved last week)."""
    with sqlite3.connect(path) as db:
        db.execute("UPDATE evidence SET saved_at = ?", (when,))
        db.execute("UPDATE learner SET saved_at = ?", (when,))
    db.close()


def _build(root: Path, scratch: Path) -> Expected:
    """A small group: four learners read (one from two files, one from an export only), a
    portfolio with a damaged entry, and files that cannot be read."""
    expected = Expected()
    root.mkdir()
    # Ann: a portfolio file only; a table-only entry and a too-short part evidence nothing
    ann = Portfolio(root / "ann.sqlite")
    ann.save_learner(name="Ann Archer", candidate_number="A1")
    expected.save("Ann Archer", ann, criteria=["2.1", "2.2"], title="Forecast", text=LONG)
    expected.save("Ann Archer", ann, criteria=["2.2"], title="Staffing", text=LONG,
                  table=pd.DataFrame({"interval": ["09:00"], "agents": [14]}))
    expected.save("Ann Archer", ann, criteria=["7.3"], title="Reflection", text=LONG,
                  evidence_type="reflective account")
    expected.save("Ann Archer", ann, criteria=["5.1"], title="Scorecard only",
                  table=pd.DataFrame({"kpi": ["ASA"]}))
    expected.save("Ann Archer", ann, title="Plan", parts=[
        WrittenPart("Standards", LONG, ("2.3",), min_words=5),
        WrittenPart("Budget", "Too short.", ("2.5",), min_words=15)])
    # Ben: a portfolio file and its export, then one more save (the portfolio is newer)
    ben = Portfolio(root / "ben" / "my_portfolio.sqlite")
    ben.save_learner(name="Ben Bell")
    expected.save("Ben Bell", ben, criteria=["1.1", "2.2"], title="Goals", text=LONG)
    export_html(ben, root / "ben" / "my_portfolio.html")
    expected.save("Ben Bell", ben, criteria=["6.1"], title="PDCA", text=LONG)
    # Cara: an older portfolio file and a newer export holding more
    cara = Portfolio(scratch / "cara.sqlite")
    cara.save_learner(name="Cara Cole")
    expected.save("Cara Cole", cara, criteria=["3.2"], title="Complaint", text=LONG)
    (root / "cara.sqlite").write_bytes(cara.path.read_bytes())
    _age(root / "cara.sqlite")
    expected.save("Cara Cole", cara, criteria=["7.1"], title="Own data", text=LONG,
                  evidence_type="own-data analysis")
    export_html(cara, root / "cara-export.html")
    # Dan: an export only, with a name and a title that try to break out of the page
    dan = Portfolio(scratch / "dan.sqlite")
    dan.save_learner(name=NASTY[:100])
    expected.save(NASTY[:100], dan, criteria=["2.2", "4.3"], title=NASTY, text=LONG)
    export_html(dan, root / "dan.html")
    # Fay: one entry damaged in the file (its table and parts), the others intact
    fay = Portfolio(root / "fay.sqlite")
    fay.save_learner(name="Fay Fox")
    expected.save("Fay Fox", fay, criteria=["5.2"], title="Comments", text=LONG,
                  table=pd.DataFrame({"theme": ["waits"]}))
    expected.save("Fay Fox", fay, criteria=["5.3"], title="Data", text=LONG)
    with sqlite3.connect(fay.path) as db:
        db.execute("UPDATE evidence SET table_json = '{broken', parts_json = 'x' "
                   "WHERE title = 'Comments'")
    db.close()
    # Gus: no name saved, so named by his file
    gus = Portfolio(root / "gus.sqlite")
    expected.save("gus", gus, criteria=["1.2"], title="Loyalty", text=LONG)
    # files that are not a learner's work
    eve = Portfolio(scratch / "eve.sqlite")
    eve.save_learner(name="Eve Evans")
    eve.save(criteria=["1.3"], title="Focus", text=LONG)
    page = export_html(eve, scratch / "eve.html").read_text(encoding="utf-8")
    page = re.sub(rf'<meta name="{DATA_NAME}" content="[^"]*">', "", page)
    (root / "eve-old-export.html").write_text(page, encoding="utf-8")
    (root / "truncated.sqlite").write_bytes(ann.path.read_bytes()[:4096])
    (root / "garbage.sqlite").write_bytes(bytes(range(256)) * 8)
    (root / "empty.sqlite").write_bytes(b"")
    (root / "notes.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 60)
    (root / "marks.csv").write_text("name,mark\nAnn,3\n", encoding="utf-8")
    (root / "lesson.ipynb").write_text('{"cells": []}', encoding="utf-8")
    (root / "handouts.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    (root / "timetable.html").write_text("<!DOCTYPE html><html><body>Rooms</body></html>",
                                         encoding="utf-8")
    (root / ".DS_Store").write_bytes(b"\x00\x01")
    return expected


PROBLEMS = {  # file -> words its reason must hold
    "eve-old-export.html": OLD_EXPORT,
    "truncated.sqlite": "damaged",
    "garbage.sqlite": "damaged",
    "empty.sqlite": "empty file",
    "notes.docx": "Word document",
    "marks.csv": "CSV",
    "lesson.ipynb": "notebook",
    "handouts.zip": "unzip it",
    "timetable.html": "not a portfolio export",
}


@pytest.fixture
def group(tmp_path: Path) -> tuple[Path, Expected]:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    root = tmp_path / "hand-ins"
    return root, _build(root, scratch)


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


# ============================================================================ reading
def test_the_heatmap_counts_what_each_learner_saved(group) -> None:
    root, expected = group
    cohort = read_folder(root)
    heatmap = cohort.heatmap()
    assert sorted(heatmap.index) == sorted(expected.counts)
    pd.testing.assert_frame_equal(heatmap.loc[expected.matrix().index], expected.matrix(),
                                  check_names=False, check_dtype=False)
    types = cohort.types()
    for name, by_code in expected.types.items():
        mine = types[types["learner"] == name]
        found = {(r.code, r.type): r.entries for r in mine.itertuples()}
        assert found == {(code, kind): n for code, kinds in by_code.items()
                         for kind, n in kinds.items()}


def test_only_writing_counts_not_tables_or_short_parts(group) -> None:
    root, _ = group
    ann = read_folder(root).heatmap().loc["Ann Archer"]
    assert ann["5.1"] == 0 and ann["2.5"] == 0  # a table alone, a part too short
    assert ann["2.3"] == 1 and ann["2.2"] == 2


def test_gaps_per_learner_are_the_criteria_without_evidence(group) -> None:
    root, expected = group
    gaps = read_folder(root).gaps().set_index("learner")
    for name, counts in expected.counts.items():
        wanted = [code for code in framework.CRITERIA if not counts[code]]
        assert gaps.loc[name, "gaps"] == ", ".join(wanted)
        assert gaps.loc[name, "gap_count"] == len(wanted)
        assert gaps.loc[name, "evidenced"] == len(framework.CRITERIA) - len(wanted)


def test_weakest_criteria_are_those_fewest_learners_have_ties_in_order(group) -> None:
    root, expected = group
    learners = expected.matrix()
    with_evidence = (learners > 0).sum()
    ranked = sorted(framework.CRITERIA, key=lambda code: (
        with_evidence[code], list(framework.CRITERIA).index(code)))
    weakest = read_folder(root).weakest(8)
    assert weakest["code"].tolist() == ranked[:8]
    assert weakest["with_evidence"].tolist() == [int(with_evidence[c]) for c in ranked[:8]]
    first = weakest.iloc[0]
    for info in course_map.NOTEBOOKS:
        if first["code"] in info.criteria:
            assert f"notebook {info.number}" in first["notebooks"]
            assert f"notebook {info.number}" in first["what_to_do"]


def test_weakest_refuses_a_bad_number() -> None:
    with pytest.raises(ValueError, match="n must be a whole number from 1 to 27"):
        Cohort(Path("x")).weakest(0)


def test_two_files_of_one_learner_count_once_from_the_newer(group) -> None:
    root, _ = group
    learners = {learner.name: learner for learner in read_folder(root).learners}
    ben, cara = learners["Ben Bell"], learners["Cara Cole"]
    assert ben.file == "ben/my_portfolio.sqlite" and ben.other_files == ["ben/my_portfolio.html"]
    assert cara.file == "cara-export.html" and cara.other_files == ["cara.sqlite"]
    assert "used cara-export.html" in cara.notes[0] and "not used: cara.sqlite" in cara.notes[0]


def test_files_not_read_are_listed_with_a_reason(group) -> None:
    root, _ = group
    cohort = read_folder(root)
    reasons = {note.file: note.reason for note in cohort.problems}
    assert set(reasons) == set(PROBLEMS)
    for file, words in PROBLEMS.items():
        assert words in reasons[file], (file, reasons[file])
    assert {note.file for note in cohort.skipped} >= {".DS_Store"}
    assert cohort.files_found == sum(1 for p in root.rglob("*") if p.is_file())


def test_a_damaged_entry_is_reported_and_the_rest_counted(group) -> None:
    root, expected = group
    fay = next(r for r in read_folder(root).learners if r.name == "Fay Fox")
    assert fay.evidence("5.2") == expected.counts["Fay Fox"]["5.2"] == 1
    assert fay.evidence("5.3") == 1
    assert any("partly damaged (Comments)" in note for note in fay.notes)


def test_a_learner_without_a_name_is_named_by_the_file(group) -> None:
    root, _ = group
    gus = next(r for r in read_folder(root).learners if r.file == "gus.sqlite")
    assert gus.name == "gus" and gus.named_by_file
    assert any("named by its file" in note for note in gus.notes)


def test_hand_ins_are_never_changed_and_nothing_is_added_beside_them(group, tmp_path) -> None:
    root, _ = group
    before = _snapshot(root)
    read_folder(root)
    assert command_line(str(root)) == 0
    assert _snapshot(root) == before  # same files, same bytes, same modification times
    assert (tmp_path / "hand-ins-class-report" / "class-report.html").is_file()


def test_an_older_portfolio_file_is_not_upgraded(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    path = root / "old.sqlite"
    with sqlite3.connect(path) as db:  # a portfolio from before learner details existed
        db.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "INSERT INTO meta VALUES ('format', 'csmlib-portfolio'), ('version', '1');"
            "CREATE TABLE evidence (id INTEGER PRIMARY KEY AUTOINCREMENT, activity TEXT "
            "UNIQUE, notebook TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, "
            "criteria TEXT NOT NULL, table_json TEXT, figure_json TEXT, saved_at TEXT NOT NULL);"
            "INSERT INTO evidence (notebook, title, body, criteria, saved_at) VALUES "
            "('02', 'Plan', 'my plan', '[\"2.4\"]', '2025-03-01T10:00:00');")
    db.close()
    before = _snapshot(root)
    cohort = read_folder(root)
    assert _snapshot(root) == before
    assert cohort.heatmap().loc["old", "2.4"] == 1


# ============================================================================ writing
def test_the_report_page_escapes_learners_text_and_needs_nothing_else(group, tmp_path) -> None:
    root, _ = group
    html_path, _csv = write_report(read_folder(root), tmp_path / "out")
    page = html_path.read_text(encoding="utf-8")
    assert "<script" not in page and "<b>bold</b>" not in page
    assert html.escape(NASTY[:100]) in page
    assert not re.search(r"(src|href)=", page)  # nothing loaded from anywhere
    assert '<html lang="en">' in page and "<title>Class report: hand-ins</title>" in page


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.scopes: Counter[str] = Counter()
        self.cells: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        attributes = dict(attrs)
        if tag == "th":
            self.scopes[attributes.get("scope", "")] += 1
        if tag == "td" and str(attributes.get("class", "")).startswith("c"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.cells.append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_the_report_page_is_accessible_and_every_cell_has_text(group, tmp_path) -> None:
    root, expected = group
    page = report_html(read_folder(root))
    structure = _Structure()
    structure.feed(page)
    assert structure.tags["h1"] == 1 and structure.tags["h2"] >= 4
    assert structure.tags["caption"] == structure.tags["table"]
    assert "" not in structure.scopes  # every header cell says what it heads
    assert structure.scopes["colgroup"] == len(framework.OUTCOMES)
    assert len(structure.cells) == len(expected.counts) * len(framework.CRITERIA)
    matrix = expected.matrix()
    shown = [cell.split()[0] for cell in structure.cells]
    wanted = [str(n) if n else "✘" for n in matrix.loc[sorted(
        matrix.index, key=str.casefold)].to_numpy().ravel()]
    assert shown == wanted  # the number (or ✘) carries the meaning, not the colour


def test_cell_colours_have_enough_contrast() -> None:
    for text, background in CELL_COLOURS.values():
        assert contrast_ratio(text, background) >= MIN_TEXT_CONTRAST, (text, background)
    page = report_html(Cohort(Path("x")))
    others = [colour for colour, shaded in re.findall(
        r"[{;]color:(#[0-9A-Fa-f]+)(;background)?", page) if not shaded]
    assert others  # the page's own text colours, on white
    for text in others:
        assert contrast_ratio(text, "#FFFFFF") >= MIN_TEXT_CONTRAST, text


def test_the_csv_has_one_row_per_learner_and_opens_in_excel(group, tmp_path) -> None:
    root, expected = group
    _html, csv_path = write_report(read_folder(root), tmp_path / "out")
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    table = pd.read_csv(csv_path, encoding="utf-8-sig", dtype={"Learner": str})
    table.columns = [str(c) for c in table.columns]
    assert len(table) == len(expected.counts)
    table = table.set_index("Learner")
    for name, counts in expected.counts.items():
        shown = "'" + name if name.startswith(("=", "+", "-", "@")) else name
        row = table.loc[shown]
        assert [int(row[code]) for code in framework.CRITERIA] == [
            counts[code] for code in framework.CRITERIA]
        assert int(row["Criteria evidenced"]) == sum(1 for c in counts.values() if c)


def test_csv_cells_that_look_like_formulas_are_defused(tmp_path: Path) -> None:
    cohort = Cohort(tmp_path, [LearnerRecord("=HYPERLINK(1)", "@x.sqlite", "portfolio file")])
    _html, csv_path = write_report(cohort, tmp_path / "out")
    row = next(csv.reader(csv_path.read_text(encoding="utf-8-sig").splitlines()[1:]))
    assert row[:2] == ["'=HYPERLINK(1)", "'@x.sqlite"]


def test_no_file_the_report_did_not_write_is_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "class-report.html").write_text("the tutor's notes", encoding="utf-8")
    cohort = Cohort(tmp_path, [LearnerRecord("Ann", "a.sqlite", "portfolio file")])
    first = write_report(cohort, out)
    assert [p.name for p in first] == ["class-report-2.html", "class-report-2.csv"]
    assert (out / "class-report.html").read_text(encoding="utf-8") == "the tutor's notes"
    assert write_report(cohort, out) == first  # its own files are replaced on a second run
    first[1].write_text("edited in Excel", encoding="utf-8")  # changed since: no longer ours
    third = write_report(cohort, out)
    assert [p.name for p in third] == ["class-report-3.html", "class-report-3.csv"]
    assert first[1].read_text(encoding="utf-8") == "edited in Excel"
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))


def test_a_foreign_manifest_is_refused_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / class_report.MANIFEST_NAME).write_text("mine", encoding="utf-8")
    with pytest.raises(class_report.ClassReportError, match="not written by the class report"):
        write_report(Cohort(tmp_path), out)
    assert (out / class_report.MANIFEST_NAME).read_text(encoding="utf-8") == "mine"


def test_a_report_inside_the_folder_is_not_read_as_a_hand_in(group) -> None:
    root, expected = group
    write_report(read_folder(root), root / "report")
    cohort = read_folder(root)
    assert len(cohort.learners) == len(expected.counts)
    assert not any(note.file.startswith("report/") for note in cohort.problems)
    assert {n.file for n in cohort.skipped} >= {"report/class-report.html",
                                                "report/class-report.csv"}


# ====================================================================== command line
def test_command_line_prints_a_summary_and_where_it_wrote(group, tmp_path, capsys) -> None:
    root, expected = group
    assert command_line(str(root), str(tmp_path / "out")) == 0
    printed = capsys.readouterr().out
    assert f"Learners read: {len(expected.counts)}" in printed
    assert f"Files not read: {len(PROBLEMS)}" in printed
    weakest = read_folder(root).weakest(1).loc[0, "code"]
    assert f"  {weakest} " in printed
    assert str(tmp_path / "out" / "class-report.html") in printed


@pytest.mark.parametrize("case", ["missing", "a file", "empty", "only hidden"])
def test_command_line_refuses_a_folder_it_cannot_use(tmp_path, capsys, case) -> None:
    folder = tmp_path / "in"
    if case == "a file":
        folder.write_text("x", encoding="utf-8")
    elif case != "missing":
        folder.mkdir()
        if case == "only hidden":
            (folder / ".hidden").write_text("x", encoding="utf-8")
    assert command_line(str(folder)) == 2
    message = capsys.readouterr().err
    assert message.startswith("csm class-report: ") and str(folder) in message
    assert not (tmp_path / "in-class-report").exists()


def test_a_folder_of_unreadable_files_still_gets_a_report(tmp_path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    assert command_line(str(folder)) == 1
    assert (default_out_dir(folder) / "class-report.html").is_file()
    assert "No learner's work could be read" in capsys.readouterr().err


def test_two_learners_of_the_same_name_are_told_apart(tmp_path: Path) -> None:
    root = tmp_path / "in"
    for number in ("111", "222"):
        p = Portfolio(root / f"sam-{number}.sqlite")
        p.save_learner(name="Sam Patel", candidate_number=number)
        p.save(criteria="1.1", title="t", text=LONG)
    names = [learner.name for learner in read_folder(root).learners]
    assert names == ["Sam Patel (candidate 111)", "Sam Patel (candidate 222)"]


# ============================================================== the export's data block
def test_the_export_carries_its_data_safely(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    p.save_learner(name="Zoë </script>", candidate_number="12345")
    p.save(criteria=["2.2", "7.2"], title=NASTY, text=LONG)
    p.save(criteria=["7.3"], title="Account", text=LONG, evidence_type="reflective account")
    page = export_html(p, tmp_path / "e.html").read_text(encoding="utf-8")
    head, body = page.split("</head>", 1)
    assert DATA_NAME in head and DATA_NAME not in body
    assert head.count("</script>") == 0 and head.count("<script") == 0
    data = read_portfolio_data(page)
    assert data["learner"]["name"] == "Zoë </script>"
    assert data["items"][0]["title"] == NASTY
    table = coverage_by_type(p.entries()).set_index("code")
    for code, cell in data["criteria"].items():
        assert cell["entries"] == table.loc[code, "total"]
        assert sum(cell["types"].values()) == cell["entries"]
    assert data["criteria"]["7.3"]["types"] == {"reflective account": 1}


def test_a_tampered_data_block_is_a_clear_problem(tmp_path: Path) -> None:
    element = ('<meta name="csm-portfolio-data" content="{&quot;format&quot;: '
               '&quot;csmlib-portfolio-export&quot;, &quot;version&quot;: 99}">')
    with pytest.raises(ValueError, match="another version"):
        read_portfolio_data(f"<html><head>{element}</head></html>")
    root = tmp_path / "in"
    root.mkdir()
    (root / "x.html").write_text(f"<!DOCTYPE html><html><head>{element}</head></html>",
                                 encoding="utf-8")
    good = portfolio_data([], LearnerDetails("Al"), pd.Timestamp("2026-01-05").to_pydatetime())
    good["criteria"]["1.1"] = {"entries": 3, "types": {"work product": -3}}
    from csmlib.course.export import data_element
    (root / "y.html").write_text(f"<html><head>{data_element(good)}</head></html>",
                                 encoding="utf-8")
    reasons = {note.file: note.reason for note in read_folder(root).problems}
    assert "another version" in reasons["x.html"]
    assert "data is damaged" in reasons["y.html"]


def test_an_export_names_its_learner_as_read_by_the_report(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    p.save(criteria="1.1", title="t", text=LONG)
    root = tmp_path / "in"
    export_html(p, root / "kim.html", learner="Kim Lee")
    (learner,) = read_folder(root).learners
    assert learner.name == "Kim Lee" and learner.source == "export"


def test_json_in_the_page_is_valid_json(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    p.save(criteria="1.1", title="a & b", text=LONG)
    page = export_html(p, tmp_path / "e.html").read_text(encoding="utf-8")
    found = re.search(rf'<meta name="{DATA_NAME}" content="([^"]*)">', page)
    assert json.loads(html.unescape(found.group(1)))["items"][0]["title"] == "a & b"
