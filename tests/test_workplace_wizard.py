"""The import wizard (csmlib.ui.workplace_import): a sample or an uploaded file, the mapping
menus, the import report and the anonymised table."""

from __future__ import annotations

import datetime as dt

import pytest

from csmlib.data import anonymise, workplace
from csmlib.ui.workplace_import import NOT_IN_FILE, ImportWizard

CALLS = (b"Call ID,Start Time,Media Type,Queue Wait (sec),Survey Score,Agent Name/ID\n"
         b"K1,05/01/2026 09:30,Voice,20,5,Ann Smith\n"
         b"K2,05/01/2026 09:31,Voice,-4,4,Bob Jones\n"
         b"K3,05/01/2026 09:35,Email,3600,7,Ann Smith\n")


def _upload(wizard: ImportWizard, name: str, content: bytes) -> None:
    wizard.controls["source"].value = "My own file"
    wizard.controls["upload"].value = ({"name": name, "type": "text/csv", "size": len(content),
                                        "content": memoryview(content),
                                        "last_modified": dt.datetime(2026, 1, 5)},)


def test_a_sample_imports_with_every_row_accounted_for(tmp_path) -> None:
    wizard = ImportWizard(key_folder=tmp_path)
    sample = workplace.sample_folder() / workplace.SAMPLE_FILES[0]
    before = sample.read_bytes()
    wizard.controls["sample"].value = workplace.SAMPLE_FILES[0]
    assert wizard.mapping()["channel"] == "Media Type"
    assert "The first rows of" in wizard.preview_html.value
    wizard.run_import()
    report = wizard.imported.report
    assert report.balanced and report.rejected > 0
    assert "Rejected rows" in wizard.report_html.value
    assert "Anonymised before any analysis" in wizard.report_html.value
    assert f"Imported {report.imported:,} of {report.rows_read:,} rows" in wizard.result.value
    assert sample.read_bytes() == before  # the learner's file is never changed
    original = set(wizard.imported.table["agent_id"].dropna())
    assert not original & set(wizard.data["agent_id"].dropna())  # agents pseudonymised
    assert (tmp_path / anonymise.KEY_FILE).exists()


def test_an_upload_is_read_and_the_learner_can_change_the_mapping(tmp_path) -> None:
    wizard = ImportWizard(key_folder=tmp_path)
    _upload(wizard, "calls.csv", CALLS)
    assert wizard.mapping()["csat"] == "Survey Score"
    wizard.menus["csat"].value = NOT_IN_FILE
    wizard.run_import()
    assert "csat" not in wizard.imported.table.columns
    assert wizard.imported.report.rejected == 1  # the negative wait
    assert wizard.imported.report.imported == 2
    assert list(tmp_path.iterdir()) == [tmp_path / anonymise.KEY_FILE]  # nothing else kept


def test_a_file_that_is_not_a_csv_gets_a_message(tmp_path) -> None:
    wizard = ImportWizard(key_folder=tmp_path)
    with pytest.raises(ValueError):  # the suite runs strict: the message is raised too
        _upload(wizard, "report.xlsx", b"PK\x03\x04 not really a workbook")
    assert "Excel" in wizard.message.value or "not a CSV" in wizard.message.value
    assert wizard.data is None


def test_nothing_chosen_yet_asks_for_a_file(tmp_path) -> None:
    wizard = ImportWizard(key_folder=tmp_path)
    wizard.controls["source"].value = "My own file"
    assert "Choose a file" in wizard.result.value
    with pytest.raises(ValueError, match="upload your CSV"):
        wizard._act(wizard.run_import)
    assert "upload your CSV" in wizard.message.value
    assert "Service level" in wizard.static_html()
