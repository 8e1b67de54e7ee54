"""Finishing the portfolio (7.2, 7.3): evidence types and their migration, the reflective
account, the witness testimony, the coverage by type and the export."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from csmlib.course import course_map
from csmlib.course import portfolio as portfolio_module
from csmlib.course.export import export_html
from csmlib.course.portfolio import (
    EVIDENCE_TYPES,
    SCHEMA_REVISION,
    WITNESS_DECLARATION,
    Portfolio,
    PortfolioError,
    coverage_by_type,
    evidence_gaps,
    witness_details,
)
from csmlib.ui.evidence_forms import (
    ACCOUNT_MIN_WORDS,
    ACCOUNT_PROMPTS,
    TESTIMONY_MIN_WORDS,
    FinalCoverage,
    ReflectiveAccount,
    WitnessTestimony,
)
from csmlib.ui.forms import ReflectionBox


def words(n: int, word: str = "word") -> str:
    return " ".join([word] * n)


# ------------------------------------------------------------ files from revision 2
_REVISION_2_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT, activity TEXT UNIQUE, notebook TEXT NOT NULL,
    title TEXT NOT NULL, body TEXT NOT NULL, criteria TEXT NOT NULL, table_json TEXT,
    figure_json TEXT, saved_at TEXT NOT NULL, parts_json TEXT, support_text TEXT);
CREATE TABLE learner (key TEXT PRIMARY KEY, value TEXT NOT NULL, saved_at TEXT NOT NULL);
CREATE TABLE learner_history (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL,
    value TEXT NOT NULL, saved_at TEXT NOT NULL);
INSERT INTO meta VALUES ('format', 'csmlib-portfolio'), ('version', '1'), ('revision', '2');
INSERT INTO learner VALUES ('name', 'Jane Doe', '2025-10-01T09:00:00+01:00');
INSERT INTO evidence (activity, notebook, title, body, criteria, table_json, figure_json,
                      saved_at, parts_json, support_text)
VALUES ('00-first-reflection', '00', 'My goals', 'I want to plan staffing with evidence.',
        '["7.2"]', NULL, NULL, '2025-09-01T10:00:00+01:00',
        '[{"key": "", "heading": "", "text": "I want to plan staffing with evidence.",
           "criteria": ["7.2"], "min_words": 1}]', ''),
       ('03-kpi', '03', 'Scorecard', 'KPIs: we met the phone target on four days.',
        '["5.1"]', NULL, NULL, '2025-09-02T10:00:00+01:00',
        '[{"key": "kpi", "heading": "KPIs", "text": "we met the phone target on four days.",
           "criteria": ["5.1"], "min_words": 1}]', 'Service level 80%');
"""


def _revision_2_file(path: Path) -> bytes:
    """A portfolio exactly as the course wrote it before evidence types (revision 2)."""
    with sqlite3.connect(path) as db:
        db.executescript(_REVISION_2_SCHEMA)
    db.close()
    return path.read_bytes()


def _snapshot(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT id, activity, title, body, criteria, saved_at, parts_json, "
                          "support_text FROM evidence ORDER BY id").fetchall()
    db.close()
    return rows


def test_reading_a_revision_2_file_changes_nothing(portfolio_path: Path) -> None:
    before = _revision_2_file(portfolio_path)
    entries = Portfolio().entries()
    assert [e.evidence_type for e in entries] == ["work product"] * 2
    assert [e.details for e in entries] == [{}, {}]
    assert Portfolio().coverage_by_type().set_index("code").loc["5.1", "work product"] == 1
    assert portfolio_path.read_bytes() == before


def test_a_revision_2_file_upgrades_in_place_keeping_every_entry(portfolio_path: Path) -> None:
    _revision_2_file(portfolio_path)
    stored_before = _snapshot(portfolio_path)
    before = Portfolio().entries()
    Portfolio().save(criteria="7.3", title="New account", text=words(20),
                     evidence_type="reflective account", activity="07-reflective-account-1")
    with sqlite3.connect(portfolio_path) as db:
        meta = dict(db.execute("SELECT key, value FROM meta"))
        columns = {row[1] for row in db.execute("PRAGMA table_info(evidence)")}
    db.close()
    assert meta["revision"] == str(SCHEMA_REVISION) == "3"
    assert {"evidence_type", "details_json"} <= columns
    assert _snapshot(portfolio_path)[:2] == stored_before  # old rows untouched, byte for byte
    after = Portfolio().entries()
    assert len(after) == 3
    for old, new in zip(before, after[:2], strict=True):
        assert (old.id, old.title, old.text, old.evidenced, old.saved_at, old.support_text,
                old.parts) == (new.id, new.title, new.text, new.evidenced, new.saved_at,
                               new.support_text, new.parts)
        assert new.evidence_type == "work product"
    assert after[2].evidence_type == "reflective account"
    assert Portfolio().learner().name == "Jane Doe"


def test_a_revision_1_file_upgrades_through_every_revision(portfolio_path: Path) -> None:
    with sqlite3.connect(portfolio_path) as db:
        db.executescript("""
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE evidence (id INTEGER PRIMARY KEY AUTOINCREMENT, activity TEXT UNIQUE,
                notebook TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
                criteria TEXT NOT NULL, table_json TEXT, figure_json TEXT,
                saved_at TEXT NOT NULL);
            INSERT INTO meta VALUES ('format', 'csmlib-portfolio'), ('version', '1');
            INSERT INTO evidence (activity, notebook, title, body, criteria, saved_at)
            VALUES ('00-first-reflection', '00', 'My goals', 'Plan with evidence.', '["7.2"]',
                    '2025-09-01T10:00:00+01:00');""")
    db.close()
    Portfolio().save_learner(name="Jane Doe")
    (entry,) = Portfolio().entries()
    assert (entry.title, entry.evidenced, entry.evidence_type) == (
        "My goals", ["7.2"], "work product")


def test_a_failed_revision_3_upgrade_changes_nothing(portfolio_path: Path, monkeypatch) -> None:
    before = _revision_2_file(portfolio_path)
    broken = (*portfolio_module._MIGRATIONS[3], "ALTER TABLE no_such_table ADD COLUMN x TEXT")
    monkeypatch.setitem(portfolio_module._MIGRATIONS, 3, broken)
    with pytest.raises(PortfolioError):
        Portfolio().save(criteria="7.3", title="t", text="x")
    assert portfolio_path.read_bytes() == before  # the upgrade and the save rolled back


# ---------------------------------------------------------------- evidence types
def test_evidence_type_defaults_to_work_product_and_is_kept(portfolio_path: Path) -> None:
    p = Portfolio()
    assert p.save(criteria="5.1", title="t", text="x").evidence_type == "work product"
    witness = witness_details(name="A", role="B", relationship="C", date=date.today(),
                              declaration=True)
    for kind in EVIDENCE_TYPES:
        p.save(criteria="7.3", title=kind, text="x", evidence_type=kind, activity=kind,
               details=witness if kind == "witness testimony" else None)
    assert [p.get(kind).evidence_type for kind in EVIDENCE_TYPES] == list(EVIDENCE_TYPES)
    assert p.get("witness testimony").details == witness


@pytest.mark.parametrize("bad", ["reflection", "", None, 3, "witness"])
def test_an_unknown_evidence_type_is_refused_and_nothing_saved(portfolio_path: Path,
                                                               bad) -> None:
    with pytest.raises(PortfolioError, match="evidence_type must be one of"):
        Portfolio().save(criteria="7.3", title="t", text="x", evidence_type=bad)
    assert Portfolio().entries() == []


def test_evidence_type_forgives_case_and_spaces(portfolio_path: Path) -> None:
    entry = Portfolio().save(criteria="7.1", title="t", text="x",
                             evidence_type=" Own-data  Analysis ")
    assert entry.evidence_type == Portfolio().entries()[0].evidence_type == "own-data analysis"


def test_saving_again_replaces_the_type(portfolio_path: Path) -> None:
    p = Portfolio()
    p.save(criteria="7.3", title="t", text="x", activity="a")
    p.save(criteria="7.3", title="t", text="x", activity="a",
           evidence_type="reflective account")
    (entry,) = p.entries()
    assert entry.evidence_type == "reflective account"


def test_a_witness_testimony_needs_the_witness_details(portfolio_path: Path) -> None:
    with pytest.raises(PortfolioError, match="name is required"):
        Portfolio().save(criteria="7.3", title="t", text="x", evidence_type="witness testimony")
    assert Portfolio().entries() == []


def test_the_reflection_box_saves_a_reflective_account(portfolio_path: Path) -> None:
    box = ReflectionBox("00-x", "What?", criteria=["7.2"], min_words=3)
    box.controls["text"].value = words(5)
    box.controls["save"].click()
    assert Portfolio().get("00-x").evidence_type == "reflective account"


# ------------------------------------------------------------- reflective account
def _fill_account(form: ReflectiveAccount, title: str, lengths: dict[str, int]) -> None:
    form.controls["title"].value = title
    for key in ACCOUNT_PROMPTS:
        form.controls[key].value = words(lengths.get(key, 0), key)


def test_a_reflective_account_counts_only_parts_with_enough_words(
        portfolio_path: Path) -> None:
    form = ReflectiveAccount()
    keys = list(ACCOUNT_PROMPTS)
    _fill_account(form, "Monday peak", {keys[0]: ACCOUNT_MIN_WORDS,
                                        keys[1]: ACCOUNT_MIN_WORDS - 1})
    form.controls["criteria"].value = ("2.4",)
    form.controls["save"].click()
    assert form.message.value == ""
    entry = Portfolio().get("07-reflective-account-1")
    assert entry.evidence_type == "reflective account"
    counted = {part.key: part.counts for part in entry.parts if part.text}
    assert counted == {keys[0]: True, keys[1]: False}
    assert entry.evidenced == ["2.4", "7.3"]  # 7.3 always added
    assert ACCOUNT_PROMPTS[keys[1]][0] in form.result.value  # "Not counted yet: What I did"
    assert "✔ counts" in form.captions[keys[0]].value
    assert f"{ACCOUNT_MIN_WORDS - 1} of {ACCOUNT_MIN_WORDS}" in form.captions[keys[1]].value
    # every part too short: saved as a draft, but evidence for nothing
    _fill_account(form, "Monday peak", dict.fromkeys(keys, ACCOUNT_MIN_WORDS - 1))
    form.controls["save"].click()
    assert Portfolio().get("07-reflective-account-1").evidenced == []
    assert Portfolio().coverage_by_type().set_index("code").loc["7.3", "total"] == 0


@pytest.mark.parametrize(("title", "length", "message"), [
    ("", ACCOUNT_MIN_WORDS, "Give the account a title"),
    ("Monday peak", 0, "Nothing written yet"),
])
def test_a_reflective_account_without_title_or_writing_is_not_saved(
        portfolio_path: Path, title: str, length: int, message: str) -> None:
    form = ReflectiveAccount()
    _fill_account(form, title, {"what_happened": length})
    form.controls["save"].click()
    assert message in form.message.value and form.result.value == "Not saved yet."
    assert Portfolio().entries() == []


def test_several_accounts_are_numbered_and_reload(portfolio_path: Path) -> None:
    form = ReflectiveAccount()
    _fill_account(form, "First", {"what_happened": 20})
    first = form.save()
    new = [value for _label, value in form.controls["entry"].options][-1]
    assert new == "07-reflective-account-2"
    form.controls["entry"].value = new
    assert form.controls["title"].value == "" and form.result.value == "Not saved yet."
    _fill_account(form, "Second", {"what_i_learned": 25})
    form.controls["criteria"].value = ("4.3", "7.3")
    second = form.save()
    assert (first.activity, second.activity) == ("07-reflective-account-1", new)
    reopened = ReflectiveAccount()
    assert reopened.controls["title"].value == "First"  # the first account loads first
    assert reopened.controls["what_happened"].value == words(20, "what_happened")
    reopened.controls["entry"].value = new
    assert reopened.controls["title"].value == "Second"
    assert reopened.controls["what_i_learned"].value == words(25, "what_i_learned")
    assert reopened.controls["criteria"].value == ("4.3", "7.3")
    assert reopened.result.value.startswith("Saved ")
    assert "2 reflective accounts saved, 2 counting" in reopened.static_html()
    assert len(Portfolio().entries()) == 2


def test_saving_the_same_account_again_replaces_it(portfolio_path: Path) -> None:
    form = ReflectiveAccount()
    _fill_account(form, "First", {"what_happened": 20})
    form.save()
    form.controls["title"].value = "First, renamed"
    form.save()
    (entry,) = Portfolio().entries()
    assert entry.title == "First, renamed"


def test_forms_on_a_damaged_portfolio_show_a_message(portfolio_path: Path,
                                                     monkeypatch) -> None:
    monkeypatch.delenv("CSMLIB_STRICT", raising=False)
    portfolio_path.write_bytes(b"garbage" * 100)
    account = ReflectiveAccount()
    assert "cannot be read" in account.message.value
    _fill_account(account, "t", {"what_happened": 20})
    account.controls["save"].click()
    assert "cannot be read" in account.message.value
    assert "cannot be read" in FinalCoverage().message.value
    assert portfolio_path.read_bytes() == b"garbage" * 100


# -------------------------------------------------------------- witness testimony
def _fill_witness(form: WitnessTestimony, **changes) -> None:
    values = {"name": "Sam Patel", "role": "Contact centre manager",
              "relationship": "My line manager", "saw": words(TESTIMONY_MIN_WORDS, "saw"),
              "date": date.today() - timedelta(days=3), "declaration": True} | changes
    for key, value in values.items():
        form.controls[key].value = value


@pytest.mark.parametrize(("changes", "message"), [
    ({"name": " "}, "name is required"),
    ({"role": ""}, "role is required"),
    ({"relationship": ""}, "Relationship to the learner is required"),
    ({"date": None}, "Date of the testimony is required"),
    ({"date": date.today() + timedelta(days=1)}, "is in the future"),
    ({"declaration": False}, "declaration is not ticked"),
    ({"saw": words(TESTIMONY_MIN_WORDS - 1)}, f"needs at least {TESTIMONY_MIN_WORDS}"),
    ({"name": "Sam\nPatel"}, "must be on one line"),
])
def test_a_witness_testimony_with_something_missing_is_refused(
        portfolio_path: Path, changes: dict, message: str) -> None:
    form = WitnessTestimony()
    _fill_witness(form, **changes)
    form.controls["save"].click()  # no exception: a message
    assert message in form.message.value.replace("&#x27;", "'")
    assert form.result.value == "Not saved yet."
    assert Portfolio().entries() == []


def test_a_witness_testimony_saves_its_details_and_reloads(portfolio_path: Path) -> None:
    form = WitnessTestimony()
    when = date.today() - timedelta(days=10)
    _fill_witness(form, date=when)
    form.controls["criteria"].value = ("3.3",)
    form.controls["save"].click()
    assert form.message.value == ""
    entry = Portfolio().get("07-witness-testimony-1")
    assert entry.evidence_type == "witness testimony"
    assert entry.details == {"name": "Sam Patel", "role": "Contact centre manager",
                             "relationship": "My line manager", "date": when.isoformat(),
                             "declaration": "accepted"}
    assert entry.evidenced == ["3.3", "7.3"]
    reopened = WitnessTestimony()
    assert reopened.controls["name"].value == "Sam Patel"
    assert reopened.controls["date"].value == when
    assert reopened.controls["declaration"].value is True
    assert reopened.controls["saw"].value == words(TESTIMONY_MIN_WORDS, "saw")
    assert "1 witness testimony saved, from Sam Patel" in reopened.static_html()
    assert reopened.controls["entry"].options[0][0].startswith("1: Sam Patel")


def test_witness_details_accepts_today_and_refuses_an_impossible_date() -> None:
    base = {"name": "A", "role": "B", "relationship": "C", "declaration": True}
    assert witness_details(date=date.today(), **base)["date"] == date.today().isoformat()
    with pytest.raises(PortfolioError, match="real date"):
        witness_details(date="2026-02-31", **base)


# ------------------------------------------------------------------ coverage by type
def test_coverage_by_type_counts_each_type_and_lists_the_gaps(portfolio_path: Path) -> None:
    p = Portfolio()
    empty = p.coverage_by_type().set_index("code")
    for info in course_map.NOTEBOOKS:  # where to fill an empty criterion: its notebooks
        for code in info.criteria:
            assert f"notebook {info.number} {info.title}" in empty.loc[code, "where"]
    assert (empty["missing"] == "no evidence yet").all()
    p.save(criteria="5.1", title="KPIs", text="x")
    p.save(title="too short", parts=[
        {"heading": "Short", "text": "two words", "criteria": ["5.1"], "min_words": 5}])
    p.save(criteria=["7.1", "7.3"], title="Own data", text="x", evidence_type="own-data analysis")
    p.save(criteria="7.3", title="Account", text="x", evidence_type="reflective account")
    table = p.coverage_by_type().set_index("code")
    assert table.loc["5.1", "work product"] == 1 and table.loc["5.1", "total"] == 1
    assert table.loc["5.1", "missing"] == ""
    assert table.loc["7.1", "own-data analysis"] == 1 and table.loc["7.1", "missing"] == ""
    assert table.loc["7.3", "missing"] == "no witness testimony"
    assert "Witness testimony" in table.loc["7.3", "where"]
    assert (table[list(EVIDENCE_TYPES)].sum(axis=1) == table["total"]).all()
    gaps = evidence_gaps(p.entries()).set_index("code")
    assert "5.1" not in gaps.index and gaps.loc["7.3", "missing"] == "no witness testimony"
    form = WitnessTestimony()
    _fill_witness(form)
    form.save()
    assert "7.3" not in evidence_gaps(p.entries())["code"].tolist()


def test_a_work_product_alone_leaves_the_recommended_types_missing() -> None:
    from csmlib.course.portfolio import Evidence

    entry = Evidence(1, ["7.1", "7.3"], "t", "x")
    table = coverage_by_type([entry]).set_index("code")
    assert table.loc["7.1", "missing"] == "no own-data analysis"
    assert table.loc["7.3", "missing"] == "no reflective account; no witness testimony"


def test_final_coverage_refreshes(portfolio_path: Path) -> None:
    view = FinalCoverage()
    total = len(Portfolio().coverage_by_type())
    assert f"0 of {total} criteria have evidence" in view.result.value
    assert "Still missing" in view.result.value and "Where to add it" in view.result.value
    Portfolio().save(criteria="7.3", title="Account", text="x",
                     evidence_type="reflective account")
    view.controls["refresh"].click()
    assert f"1 of {total} criteria have evidence" in view.result.value
    assert "no witness testimony" in view.result.value
    assert f"1 of {total}" in view.static_html()


# ------------------------------------------------------------------------- export
def test_the_export_shows_types_testimony_fields_and_coverage_by_type(
        portfolio_path: Path, tmp_path: Path) -> None:
    form = WitnessTestimony()
    when = date.today() - timedelta(days=2)
    _fill_witness(form, date=when, name="Sam <b>Patel</b>")
    form.save()
    Portfolio().save(criteria="5.1", title="KPIs", text="x")
    page = export_html(Portfolio(), tmp_path / "out.html").read_text(encoding="utf-8")
    for text in ("Sam &lt;b&gt;Patel&lt;/b&gt;", "Contact centre manager", "My line manager",
                 f"{when.day} ", str(when.year), WITNESS_DECLARATION[:40], "Accepted",
                 "Witness testimony", "Work product", "Evidence by type",
                 "Relationship to the learner", "Date of the testimony"):
        assert text in page, text
    assert "<b>Patel</b>" not in page
    assert page.index("Evidence by type") < page.index("Sam &lt;b&gt;Patel")
    assert "no reflective account" in page  # 7.3 still lacks one
