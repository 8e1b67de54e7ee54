"""Saving, loading, checksums, switching organisation, and the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from csmlib.data import dictionary, generator, store

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"


def test_committed_dataset_matches_its_manifest() -> None:
    manifest = store.read_manifest(DATASETS)
    assert manifest["settings"] == store.default_settings()
    assert store.verify(DATASETS) == {name: True for name in generator.TABLES}


@pytest.mark.slow
def test_regenerating_the_default_gives_identical_data(tmp_path: Path) -> None:
    org = generator.generate(**store.default_settings())
    store.save(org, tmp_path / "again")
    committed = store.read_manifest(DATASETS)["tables"]
    regenerated = store.read_manifest(tmp_path / "again")["tables"]
    assert regenerated == committed


def test_data_dictionary_is_the_committed_readme() -> None:
    manifest = store.read_manifest(DATASETS)
    assert (DATASETS / "README.md").read_text(encoding="utf-8") == dictionary.markdown(manifest)


def test_committed_data_is_within_size_budget() -> None:
    total = sum(p.stat().st_size for p in DATASETS.iterdir() if p.is_file())
    assert total <= 25 * 1024 * 1024


def test_load_from_any_working_directory_with_types(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    contacts = store.load("contacts")
    assert pd.api.types.is_datetime64_any_dtype(contacts["arrived_at"])
    assert str(contacts["csat"].dtype) == "Int64" and contacts["csat"].isna().any()
    assert contacts["comment"].map(type).eq(str).all()
    assert contacts["answered"].dtype == bool
    complaints = store.load("complaints")
    assert complaints["resolved_at"].isna().any()  # still open at the end of the data
    assert list(tmp_path.iterdir()) == []


def _copy_of_small_org(tmp_path: Path) -> Path:
    return store.save(generator.generate(seed=1, days=3, agents=6), tmp_path / "org")


def test_a_damaged_table_is_reported_with_file_column_and_line(tmp_path, monkeypatch) -> None:
    folder = _copy_of_small_org(tmp_path)
    path = folder / "agents.csv"
    agents = pd.read_csv(path)
    agents.loc[3, "empathy_score"] = 9
    agents.to_csv(path, index=False)
    with pytest.raises(store.DataError) as caught:
        store.load("agents", folder)
    message = str(caught.value)
    assert message.startswith(f"{path} does not match the schema (line 5 of the file).")
    assert "column 'empathy_score': row 3 (agent_id A004) holds 9.0" in message
    assert "regenerate the data with 'csm data generate'" in message


def test_text_in_a_flag_or_date_column_is_reported(tmp_path) -> None:
    folder = _copy_of_small_org(tmp_path)
    path = folder / "customers.csv"
    customers = pd.read_csv(path)
    customers["churned"] = customers["churned"].map({True: "yes", False: "no"})
    customers.to_csv(path, index=False)
    with pytest.raises(store.DataError, match=r"column 'churned': row 0 \(customer_id "
                                              r"C000001\) holds 'no', which is text"):
        store.load("customers", folder)
    path = folder / "training.csv"
    training = pd.read_csv(path)
    training.loc[2, "completed_at"] = "last Tuesday"
    training.to_csv(path, index=False)
    with pytest.raises(store.DataError, match=r"training.csv, column 'completed_at', line 4: "
                                              r"'last Tuesday' is not a date and time"):
        store.load("training", folder)


def test_each_table_is_checked_once_per_read_from_disk(tmp_path, monkeypatch) -> None:
    folder = _copy_of_small_org(tmp_path)
    checked = []
    real = store.schema.validate
    monkeypatch.setattr(store.schema, "validate",
                        lambda frame, table, **kw: checked.append(table) or real(frame, table))
    for _ in range(3):
        store.load("contacts", folder)
    assert checked == ["contacts"]


def test_save_refuses_a_table_that_breaks_the_schema(tmp_path) -> None:
    org = generator.generate(seed=1, days=3, agents=6)
    org.tables["contacts"].loc[0, "wait_s"] = -1
    with pytest.raises(store.DataError, match="Nothing was saved to .*column 'wait_s'"):
        store.save(org, tmp_path / "org")
    assert list(tmp_path.iterdir()) == []  # no folder, no half-written staging folder


def test_loading_gives_a_fresh_copy_each_time() -> None:
    first = store.load("budget")
    first.loc[0, "actual_gbp"] = -1
    assert store.load("budget").loc[0, "actual_gbp"] != -1


def test_loading_some_columns_reads_just_those(tmp_path: Path) -> None:
    org = generator.generate(seed=3, days=7, agents=12)
    store.save(org, tmp_path / "org")
    some = store.load("contacts", tmp_path / "org", columns=["wait_s", "channel", "wait_s"])
    assert some.columns.tolist() == ["wait_s", "channel"]
    whole = store.load("contacts", tmp_path / "org")
    pd.testing.assert_frame_equal(some, whole[["wait_s", "channel"]])
    # with the whole table in memory, a subset comes from it and matches a fresh read
    assert store.load("contacts", tmp_path / "org", columns=["csat"])["csat"].equals(
        whole["csat"])
    some.loc[0, "wait_s"] = -1  # a learner's edit never reaches the remembered table
    assert store.load("contacts", tmp_path / "org", columns=["wait_s"])["wait_s"].iloc[0] != -1
    with pytest.raises(store.DataError, match="contacts table has no column 'wait'; its "
                                              "columns are: contact_id"):
        store.load("contacts", tmp_path / "org", columns=["wait"])


def test_unknown_table_lists_tables() -> None:
    with pytest.raises(store.DataError, match="contacts, agents"):
        store.load("calls")


def test_data_dir_without_manifest_is_explained(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CSMLIB_DATA_DIR", str(tmp_path))
    with pytest.raises(store.DataError, match="no manifest.json"):
        store.load("contacts")


def test_save_refuses_a_folder_with_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(store.DataError, match="already holds other files"):
        store.save(generator.generate(seed=1, days=2, agents=6), tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_use_organisation_switches_every_loader_and_back(tmp_path: Path, monkeypatch) -> None:
    choice = tmp_path / "my_organisation.json"
    monkeypatch.setenv("CSMLIB_ORGANISATION_FILE", str(choice))
    monkeypatch.setenv("CSMLIB_CACHE", str(tmp_path / "cache"))
    message = store.use_organisation(seed=7, sector="retail", days=14, agents=12)
    assert "Fennick & Lowe Homewares" in message
    assert json.loads(choice.read_text())["sector"] == "retail"
    contacts = store.load("contacts")
    assert set(contacts["reason"]) <= set(generator.profile("retail").reasons)
    assert len(store.load("agents")) == 12
    store.use_default_organisation()
    assert not choice.exists()
    agents = store.load("agents")  # the posts at the start, plus leavers' replacements
    start = pd.Timestamp(store.read_manifest()["settings"]["start"])
    assert (pd.to_datetime(agents["hire_date"]) < start).sum() == generator.DEFAULT_AGENTS


def test_use_organisation_rejects_bad_input_before_writing(tmp_path: Path, monkeypatch) -> None:
    choice = tmp_path / "my_organisation.json"
    monkeypatch.setenv("CSMLIB_ORGANISATION_FILE", str(choice))
    with pytest.raises(ValueError, match="Unknown sector"):
        store.use_organisation(seed=1, sector="bank")
    assert not choice.exists()


def test_installed_package_without_datasets_regenerates_into_cache(tmp_path, monkeypatch) -> None:
    small = {"seed": 3, "sector": "energy", "start": "2026-01-05", "days": 7, "agents": 12}
    monkeypatch.setattr(store, "repository_datasets", lambda: None)
    monkeypatch.setattr(store, "default_settings", lambda: dict(small))
    monkeypatch.setenv("CSMLIB_CACHE", str(tmp_path / "cache"))
    contacts = store.load("contacts")
    assert len(contacts) > 0
    # the organisation's folder, beside the parsed copies of its tables
    (folder,) = [entry for entry in (tmp_path / "cache").iterdir() if entry.name != "parsed"]
    assert all(store.verify(folder).values())


def test_damaged_choice_file_is_explained(tmp_path: Path, monkeypatch) -> None:
    choice = tmp_path / "my_organisation.json"
    choice.write_text("{not json")
    monkeypatch.setenv("CSMLIB_ORGANISATION_FILE", str(choice))
    with pytest.raises(store.DataError, match="Delete it to go back"):
        store.load("contacts")


@pytest.mark.slow
def test_cli_generate_and_report(tmp_path: Path) -> None:
    out = tmp_path / "org"
    generated = subprocess.run(
        [sys.executable, "-m", "csmlib.cli", "data", "generate", "--seed", "4", "--sector",
         "council", "--days", "42", "--agents", "48", "--out", str(out)],
        capture_output=True, text=True)
    assert generated.returncode == 0, generated.stderr
    assert "Ashcombe Vale Borough Council" in generated.stdout
    assert "contacts.csv.gz" in generated.stdout and (out / "README.md").exists()
    report = subprocess.run([sys.executable, "-m", "csmlib.cli", "data", "report", "--dir",
                             str(out)], capture_output=True, text=True)
    assert "metrics inside their benchmark range" in report.stdout
    assert "CCMA" in report.stdout
    bad = subprocess.run([sys.executable, "-m", "csmlib.cli", "data", "generate", "--sector",
                          "bank", "--out", str(tmp_path / "x")], capture_output=True, text=True)
    assert bad.returncode == 2 and "Choose one of" in bad.stderr


# ------------------------------------------------------------------ parsed-table cache
@pytest.fixture()
def fresh_session(tmp_path: Path, monkeypatch):
    """A new session's empty memory, with the parsed-table cache in a scratch folder."""
    monkeypatch.setenv("CSMLIB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(store, "_memory", {})
    monkeypatch.setattr(store, "_verified", set())
    return tmp_path / "cache" / "parsed"


def _new_session(monkeypatch) -> None:
    monkeypatch.setattr(store, "_memory", {})
    monkeypatch.setattr(store, "_verified", set())


def test_a_later_session_reads_the_parsed_copy_not_the_csv(fresh_session, monkeypatch) -> None:
    first = store.load("qa_evaluations")
    assert len(list(fresh_session.glob("qa_evaluations-*.pkl"))) == 1
    _new_session(monkeypatch)

    def no_csv(*_args, **_kwargs):
        raise AssertionError("the CSV was parsed again")

    monkeypatch.setattr(store, "_read", no_csv)
    again = store.load("qa_evaluations")
    pd.testing.assert_frame_equal(first, again)


def test_a_changed_or_damaged_copy_is_ignored(fresh_session, monkeypatch) -> None:
    first = store.load("budget")
    copy = next(fresh_session.glob("budget-*.pkl"))
    copy.write_bytes(b"not a pickle")
    _new_session(monkeypatch)
    reads = []
    real = store._read
    monkeypatch.setattr(store, "_read", lambda *a, **k: reads.append(1) or real(*a, **k))
    pd.testing.assert_frame_equal(store.load("budget"), first)
    assert reads == [1]  # the CSV was read again, and the copy rewritten
    _new_session(monkeypatch)
    folder = store.active_directory()
    path = folder / "budget.csv"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    try:
        store.load("budget")
        assert reads == [1, 1]  # the file's time changed: its old copy is not trusted
    finally:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_an_unwritable_cache_only_costs_time(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("CSMLIB_CACHE", str(blocker))
    _new_session(monkeypatch)
    assert len(store.load("agents")) > 0
