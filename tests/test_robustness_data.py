"""The data layer and the ``csm`` command line against bad input and faults.

Nothing lost, nothing hangs, no silent wrong answers. Grouped by class of fault: data loss,
hangs and limits, clear errors (a DataError or ValueError naming the file or argument and
saying what to do, never a traceback from pandas, gzip or json), and integrity.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

from csmlib import cli
from csmlib.data import generator, store


@pytest.fixture(scope="module")
def small_org() -> generator.Organisation:
    return generator.generate(seed=1, days=3, agents=6)


def _saved(small_org: generator.Organisation, tmp_path: Path, name: str = "org") -> Path:
    return store.save(small_org, tmp_path / name)


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _write_manifest(folder: Path, manifest: dict) -> None:
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture
def choice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "my_organisation.json"
    monkeypatch.setenv("CSMLIB_ORGANISATION_FILE", str(path))
    monkeypatch.setenv("CSMLIB_CACHE", str(tmp_path / "cache"))
    return path


# ================================================================== data loss
def test_save_never_empties_a_folder_that_merely_holds_a_manifest(small_org, tmp_path) -> None:
    work = tmp_path / "project"
    work.mkdir()
    (work / "manifest.json").write_text('{"name": "my web app"}')
    (work / "thesis.docx").write_text("three years of work")
    with pytest.raises(store.DataError, match="not a dataset written by csmlib"):
        store.save(small_org, work)
    assert sorted(p.name for p in work.iterdir()) == ["manifest.json", "thesis.docx"]
    assert (work / "thesis.docx").read_text() == "three years of work"


def test_cli_out_dot_refuses_the_working_folder(tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "manifest.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("mine")
    monkeypatch.chdir(tmp_path)
    code = cli.main(["data", "generate", "--days", "2", "--agents", "6", "--out", "."])
    assert code == 2
    assert "not a dataset written by csmlib" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert (tmp_path / "manifest.json").read_text() == "{}"


@pytest.mark.parametrize("target", ["/dev/null", "a_file.txt"])
def test_out_that_is_a_file_is_refused(small_org, tmp_path, monkeypatch, capsys, target) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a_file.txt").write_text("keep me")
    code = cli.main(["data", "generate", "--days", "2", "--agents", "6", "--out", target])
    assert code == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    with pytest.raises(store.DataError, match="is a file, not a folder"):
        store.save(small_org, target)
    assert (tmp_path / "a_file.txt").read_text() == "keep me"


def test_resaving_replaces_only_the_files_csmlib_listed(small_org, tmp_path) -> None:
    folder = _saved(small_org, tmp_path)
    manifest = _manifest(folder)
    assert manifest["written_by"] == "csmlib"
    assert set(manifest["files"]) == {p.name for p in folder.iterdir()} - {"manifest.json"}
    (folder / "my_notes.txt").write_text("mine")
    other = generator.generate(seed=2, days=3, agents=6)
    store.save(other, folder)
    assert (folder / "my_notes.txt").read_text() == "mine"
    assert _manifest(folder)["settings"]["seed"] == 2
    assert all(store.verify(folder).values())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".csm-")]


def test_an_older_unmarked_dataset_is_replaced_only_when_it_holds_nothing_else(
        small_org, tmp_path) -> None:
    folder = _saved(small_org, tmp_path)
    manifest = _manifest(folder)
    del manifest["written_by"], manifest["files"]
    _write_manifest(folder, manifest)
    (folder / "my_notes.txt").write_text("mine")
    with pytest.raises(store.DataError, match="not a dataset written by csmlib"):
        store.save(small_org, folder)
    assert (folder / "my_notes.txt").read_text() == "mine"
    (folder / "my_notes.txt").unlink()
    store.save(small_org, folder)  # only its own files: replaced, and marked from now on
    assert _manifest(folder)["written_by"] == "csmlib"


def test_an_existing_folder_is_kept_not_replaced(small_org, tmp_path, monkeypatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    inode = work.stat().st_ino
    monkeypatch.chdir(work)  # e.g. 'csm data generate --out .' in a new, empty folder
    store.save(small_org, ".")
    assert work.stat().st_ino == inode and Path.cwd().samefile(work)
    assert all(store.verify(work).values())
    store.save(generator.generate(seed=2, days=3, agents=6), ".")  # and again, over it
    assert work.stat().st_ino == inode and _manifest(work)["settings"]["seed"] == 2
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".csm-")]


def test_an_interrupted_save_is_caught_and_the_next_save_recovers(small_org, tmp_path,
                                                                  monkeypatch) -> None:
    folder = tmp_path / "org"
    folder.mkdir()
    real, moves = store.os.replace, []

    def interrupted(source, target):
        moves.append(target)
        if len(moves) == 3:
            raise OSError(5, "Input/output error")
        return real(source, target)

    monkeypatch.setattr(store.os, "replace", interrupted)
    with pytest.raises(store.DataError, match="could not be written"):
        store.save(small_org, folder)
    monkeypatch.setattr(store.os, "replace", real)
    with pytest.raises(store.DataError, match="is missing. Regenerate"):
        store.load_all(folder)
    store.save(small_org, folder)  # recognised as csmlib's own, half-written dataset
    assert all(store.verify(folder).values())


def test_a_failed_save_keeps_the_earlier_dataset(small_org, tmp_path, monkeypatch) -> None:
    folder = _saved(small_org, tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def disk_full(manifest):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.dictionary, "markdown", disk_full)
    with pytest.raises(store.DataError, match="could not be written .*No space left"):
        store.save(generator.generate(seed=2, days=3, agents=6), folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["org"]  # no staging folder left behind


def test_a_failed_generation_does_not_change_the_choice(choice, monkeypatch) -> None:
    def fails(**settings):
        raise MemoryError

    monkeypatch.setattr(store.generator, "generate", fails)
    with pytest.raises(MemoryError):
        store.use_organisation(seed=5, sector="retail", days=7, agents=12)
    assert not choice.exists()


# ============================================================= hangs and limits
def test_a_huge_organisation_is_refused_at_once_with_the_limit() -> None:
    with pytest.raises(ValueError, match=r"days x agents must be at most 20,000 .* got 730 days "
                                         r"x 400 agents = 292,000\. Use fewer"):
        generator.generate(days=730, agents=400)


def test_limits_apply_to_use_organisation_and_the_cli(choice, capsys) -> None:
    with pytest.raises(ValueError, match="days x agents must be at most"):
        store.use_organisation(seed=3, days=365, agents=100)
    assert not choice.exists()
    code = cli.main(["data", "generate", "--days", "365", "--agents", "100", "--out",
                     str(choice.parent / "org")])
    assert code == 2 and "days x agents must be at most 20,000" in capsys.readouterr().err
    assert not (choice.parent / "org").exists()


# ================================================================ clear errors
def test_a_truncated_gzip_table_is_named(small_org, tmp_path) -> None:
    folder = _saved(small_org, tmp_path)
    path = folder / "contacts.csv.gz"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(store.DataError, match=r"contacts\.csv\.gz is damaged or cut short.*"
                                              r"Regenerate the data with 'csm data generate'"):
        store.load("contacts", folder)
    path.write_bytes(b"this is not gzip at all")
    with pytest.raises(store.DataError, match=r"contacts\.csv\.gz is damaged or cut short"):
        store.load("contacts", folder, columns=["wait_s"])


def test_an_empty_table_file_is_named(small_org, tmp_path) -> None:
    folder = _saved(small_org, tmp_path)
    (folder / "agents.csv").write_text("")
    with pytest.raises(store.DataError, match=r"agents\.csv is empty: it holds no agents table"):
        store.load("agents", folder)


def test_a_missing_date_column_is_named(small_org, tmp_path) -> None:
    folder = _saved(small_org, tmp_path)
    path = folder / "agents.csv"
    pd.read_csv(path).drop(columns=["hire_date"]).to_csv(path, index=False)
    with pytest.raises(store.DataError, match=r"agents\.csv has no column 'hire_date', which "
                                              r"the agents table needs"):
        store.load("agents", folder)


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", r"manifest\.json could not be read .*Regenerate the data"),
    ("", r"manifest\.json could not be read .*Regenerate the data"),
    ("[1, 2]", r"manifest\.json is not a dataset manifest"),
    ('{"format": 1}', r"manifest\.json does not list the dataset's tables"),
    ('{"tables": {"agents": {"file": "agents.csv"}}}',
     r"manifest\.json does not record the contacts table's file and checksum"),
])
def test_a_damaged_manifest_is_named(small_org, tmp_path, text, message) -> None:
    folder = _saved(small_org, tmp_path)
    (folder / "manifest.json").write_text(text)
    with pytest.raises(store.DataError, match=message):
        store.load("contacts", folder)


def test_cli_reports_a_damaged_manifest_without_a_traceback(small_org, tmp_path,
                                                            capsys) -> None:
    folder = _saved(small_org, tmp_path)
    manifest = _manifest(folder)
    del manifest["hidden_truths"]
    _write_manifest(folder, manifest)
    assert cli.main(["data", "truths", "--dir", str(folder)]) == 2
    assert "records no hidden truths" in capsys.readouterr().err
    _write_manifest(folder, {"format": 1})
    assert cli.main(["data", "report", "--dir", str(folder)]) == 2
    assert "does not list the dataset's tables" in capsys.readouterr().err


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"seed": -1}, "seed must be a whole number"),
    ({"sector": "bank"}, "Unknown sector"),
    ({"days": 0}, "days must be a whole number"),
    ({"agents": 2}, "agents must be a whole number"),
    ({"start": "today"}, "start must be a date written YYYY-MM-DD"),
])
def test_a_bad_choice_is_refused_before_the_choice_file_is_written(choice, kwargs,
                                                                   message) -> None:
    with pytest.raises(ValueError, match=message):
        store.use_organisation(**{"seed": 3, "days": 7, "agents": 12, **kwargs})
    assert not choice.exists()


@pytest.mark.parametrize("content", [
    '{"sector": "bank"}', '{"days": "many"}', '{"start": "01/05/2026"}', '[1, 2]', '7'])
def test_a_damaged_choice_file_is_named(choice, content) -> None:
    choice.write_text(content)
    with pytest.raises(store.DataError) as caught:
        store.load("agents")
    assert str(caught.value).startswith(str(choice))
    assert "Delete it to go back to the default organisation" in str(caught.value)


def test_an_unwritable_choice_file_is_named(tmp_path, monkeypatch) -> None:
    missing = tmp_path / "no such folder" / "my_organisation.json"
    monkeypatch.setenv("CSMLIB_ORGANISATION_FILE", str(missing))
    monkeypatch.setenv("CSMLIB_CACHE", str(tmp_path / "cache"))
    with pytest.raises(store.DataError, match=r"my_organisation\.json could not be written"):
        store.use_organisation(seed=3, days=3, agents=6)


# =================================================================== integrity
def test_an_edited_table_that_still_fits_the_schema_is_caught(small_org, tmp_path) -> None:
    folder = _saved(small_org, tmp_path)
    store.load("agents", folder)  # read once, verified
    path = folder / "agents.csv"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:-1]))  # a table cut short by one agent
    with pytest.raises(store.DataError, match=r"agents\.csv has been changed or damaged since "
                                              r"it was written.*Regenerate the data"):
        store.load("agents", folder)
    assert store.verify(folder)["agents"] is False


def test_an_edited_compressed_table_is_caught(small_org, tmp_path) -> None:
    folder = _saved(small_org, tmp_path)
    path = folder / "contacts.csv.gz"
    text = gzip.decompress(path.read_bytes()).decode()
    head, first, *rest = text.split("\n")
    path.write_bytes(gzip.compress("\n".join([head, *rest]).encode()))  # one contact fewer
    with pytest.raises(store.DataError, match=r"contacts\.csv\.gz has been changed"):
        store.load("contacts", folder, columns=["channel"])


def test_each_file_is_hashed_once_per_session(small_org, tmp_path, monkeypatch) -> None:
    folder = _saved(small_org, tmp_path)
    hashed = []
    real = store.hashlib.sha256
    monkeypatch.setattr(store.hashlib, "sha256", lambda data=b"": hashed.append(1) or real(data))
    for columns in (["wait_s"], ["channel"], ["csat"], None):  # four reads from disk
        store.load("contacts", folder, columns=columns)
    assert len(hashed) == 1


@pytest.mark.parametrize("name", ["../outside.csv", "/etc/passwd", "sub/../../outside.csv"])
def test_a_manifest_cannot_point_outside_its_folder(small_org, tmp_path, name) -> None:
    folder = _saved(small_org, tmp_path)
    (tmp_path / "outside.csv").write_text((folder / "agents.csv").read_text())
    manifest = _manifest(folder)
    manifest["tables"]["agents"]["file"] = name
    _write_manifest(folder, manifest)
    with pytest.raises(store.DataError, match="outside the dataset's folder"):
        store.load("agents", folder)


def test_a_link_out_of_the_folder_is_refused(small_org, tmp_path) -> None:
    folder = _saved(small_org, tmp_path)
    (tmp_path / "outside.csv").write_text((folder / "agents.csv").read_text())
    (folder / "agents.csv").unlink()
    (folder / "agents.csv").symlink_to(tmp_path / "outside.csv")
    with pytest.raises(store.DataError, match="outside the dataset's folder"):
        store.load("agents", folder)


def test_verify_reports_a_damaged_file_instead_of_failing(small_org, tmp_path) -> None:
    folder = _saved(small_org, tmp_path)
    path = folder / "contacts.csv.gz"
    path.write_bytes(path.read_bytes()[:100])
    (folder / "budget.csv").unlink()
    result = store.verify(folder)
    assert result["contacts"] is False and result["budget"] is False
    assert result["agents"] is True


# A date that could be read two ways, or one that changes from day to day, would give
# silently different data: only ISO dates or date objects are accepted.
@pytest.mark.parametrize("start", ["01/05/2026", "05/01/2026", "today", "2026-1-5",
                                   "5 January 2026", "2026-02-30", 20260105])
def test_ambiguous_or_moving_start_dates_are_refused(start) -> None:
    with pytest.raises(ValueError, match=r"start .*(YYYY-MM-DD|not a real date)"):
        generator.generate(seed=1, days=2, agents=6, start=start)


def test_iso_strings_and_date_objects_give_the_same_data(choice) -> None:
    by_text = generator.generate(seed=1, days=2, agents=6, start="2026-03-02")
    by_date = generator.generate(seed=1, days=2, agents=6, start=dt.date(2026, 3, 2))
    by_datetime = generator.generate(seed=1, days=2, agents=6, start=dt.datetime(2026, 3, 2))
    assert by_text.start == by_date.start == by_datetime.start == dt.date(2026, 3, 2)
    pd.testing.assert_frame_equal(by_text["contacts"], by_date["contacts"])
    store.use_organisation(seed=3, days=3, agents=6, start=dt.date(2026, 3, 2))
    assert json.loads(choice.read_text())["start"] == "2026-03-02"
