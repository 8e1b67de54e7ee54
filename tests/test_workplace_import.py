"""Importing a learner's own export (csmlib.data.workplace): one test per real export shape.

Every test writes a small file in a temporary folder, imports it, and checks the table, the
rejected rows (with their spreadsheet row numbers: header = row 1) and the report, whose
counts must always add up: imported + rejected + blank + totals = rows read.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from csmlib.data import schema, workplace
from csmlib.data.workplace import WorkplaceError, import_csv, suggest_mapping

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "datasets" / "samples"

HEADER = "Call ID,Media Type,Start Time,Queue Wait (sec),Handle Time (mm:ss),Abandoned"


def _write(folder: Path, text: str | bytes, name: str = "export.csv",
           encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def _balanced(result: workplace.ImportResult) -> None:
    r = result.report
    assert r.balanced
    assert r.imported == len(result.table)
    assert r.rejected == len(result.rejected)
    assert sum(r.rejected_by_reason.values()) == r.rejected
    if len(result.table):
        schema.validate(result.table, r.table, columns=list(result.table.columns))


def _rows(lines: list[str], sep: str = ",") -> str:
    return "\n".join(line.replace(",", sep) for line in lines) + "\n"


# ------------------------------------------------------------------ separators, encodings
@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_separator_is_sniffed(tmp_path: Path, sep: str) -> None:
    text = _rows([HEADER, "C1,Voice,05/01/2026 09:30,12,01:15,No",
                  "C2,Voice,05/01/2026 09:31,40,02:00,Yes"], sep)
    result = import_csv(_write(tmp_path, text), "contacts")
    assert result.report.delimiter == sep
    assert result.table["contact_id"].tolist() == ["C1", "C2"]
    assert result.table["wait_s"].tolist() == [12, 40]
    _balanced(result)


@pytest.mark.parametrize(("data", "label"), [
    ("UTF-8 text café £5".encode(), "UTF-8"),
    (b"\xef\xbb\xbf" + "UTF-8 text café £5".encode(), "UTF-8 with BOM"),
    ("Windows text café £5".encode("cp1252"), "Windows-1252"),
])
def test_encoding_is_detected_and_said(tmp_path: Path, data: bytes, label: str) -> None:
    text = data.decode("utf-8-sig") if label != "Windows-1252" else data.decode("cp1252")
    body = f"Call ID,Channel,Start Time,Comments\nC1,Phone,05/01/2026 09:30,{text}\n"
    raw = body.encode("cp1252") if label == "Windows-1252" else body.encode()
    if label == "UTF-8 with BOM":
        raw = b"\xef\xbb\xbf" + raw
    result = import_csv(_write(tmp_path, raw), "contacts")
    assert result.report.encoding == label
    assert list(result.table.columns)[0] == "contact_id"  # the BOM is not in the heading
    assert result.table["comment"].iloc[0] == text


# ------------------------------------------------------------------ dates and durations
def test_uk_day_first_and_iso_z_dates(tmp_path: Path) -> None:
    text = _rows(["Case Number,Origin,Created Date",
                  "A1,Email,05/01/2026 09:30", "A2,Email,2026-01-05T09:30:00Z",
                  "A3,Email,05/01/2026", "A4,Email,2026-07-01T12:00:00+01:00"])
    result = import_csv(_write(tmp_path, text), "contacts")
    when = result.table["arrived_at"]
    assert when.iloc[0] == when.iloc[1] == pd.Timestamp(2026, 1, 5, 9, 30)  # 5 January
    assert when.iloc[2] == pd.Timestamp(2026, 1, 5)
    assert when.iloc[3] == pd.Timestamp(2026, 7, 1, 11, 0)  # kept in UTC, without a zone
    assert when.dt.tz is None
    assert any("UTC" in note for note in result.report.notes)
    month_first = import_csv(_write(tmp_path, text, "us.csv"), "contacts", dayfirst=False)
    assert month_first.table["arrived_at"].iloc[0] == pd.Timestamp(2026, 5, 1, 9, 30)


def test_durations_in_seconds_mm_ss_and_hh_mm_ss(tmp_path: Path) -> None:
    text = _rows(["Call ID,Channel,Start Time,Wait Time,AHT",
                  "C1,phone,05/01/2026 09:30,75,01:15",
                  "C2,phone,05/01/2026 09:31,0:01:15,1:02:03",
                  "C3,phone,05/01/2026 09:32,00:00,0"])
    result = import_csv(_write(tmp_path, text), "contacts")
    assert result.table["wait_s"].tolist() == [75, 75, 0]
    assert result.table["handle_s"].tolist() == [75, 3723, 0]


@pytest.mark.parametrize(("yes", "no"), [("Yes", "No"), ("y", "N"), ("TRUE", "false"),
                                         ("1", "0"), ("YES", "no")])
def test_flags_in_any_wording(tmp_path: Path, yes: str, no: str) -> None:
    text = _rows(["Call ID,Channel,Start Time,Transferred,FCR",
                  f"C1,phone,05/01/2026 09:30,{yes},{no}",
                  f"C2,phone,05/01/2026 09:31,{no},{yes}"])
    result = import_csv(_write(tmp_path, text), "contacts")
    assert result.table["transferred"].tolist() == [True, False]
    assert result.table["resolved_first_contact"].tolist() == [False, True]
    assert result.table["transferred"].dtype == bool


def test_abandoned_gives_answered(tmp_path: Path) -> None:
    text = _rows([HEADER, "C1,Voice,05/01/2026 09:30,12,01:15,No",
                  "C2,Voice,05/01/2026 09:31,40,00:00,Yes"])
    result = import_csv(_write(tmp_path, text), "contacts")
    assert result.report.mapping["abandoned"] == "Abandoned"
    assert result.table["answered"].tolist() == [True, False]


# --------------------------------------------------------------- skipped and rejected rows
def test_blank_rows_are_skipped_and_counted(tmp_path: Path) -> None:
    text = _rows([HEADER, "C1,Voice,05/01/2026 09:30,12,01:15,No", ",,,,,",
                  "", "  ,  ,,,,", "C2,Voice,05/01/2026 09:31,40,02:00,No"])
    result = import_csv(_write(tmp_path, text), "contacts")
    assert result.report.blank_rows_skipped == 3
    assert result.report.rows_read == 5
    assert result.table["contact_id"].tolist() == ["C1", "C2"]
    _balanced(result)


@pytest.mark.parametrize("label", ["Total", "Grand total", "TOTALS", "Sub total"])
def test_totals_rows_are_skipped_and_counted(tmp_path: Path, label: str) -> None:
    text = _rows([HEADER, "C1,Voice,05/01/2026 09:30,12,01:15,No",
                  "C2,Voice,05/01/2026 09:31,40,02:00,No", f"{label},,,52,03:15,"])
    result = import_csv(_write(tmp_path, text), "contacts")
    assert result.report.totals_rows_skipped == 1
    assert len(result.table) == 2 and result.rejected.empty
    _balanced(result)


def test_a_row_with_no_id_and_a_sum_is_a_totals_row(tmp_path: Path) -> None:
    text = _rows(["Channel,Call ID,Start Time,Queue Wait (sec)",
                  "phone,C1,05/01/2026 09:30,12", "phone,C2,05/01/2026 09:31,40", ",,,52"])
    result = import_csv(_write(tmp_path, text), "contacts")
    assert result.report.totals_rows_skipped == 1
    _balanced(result)


def test_duplicated_ids_keep_the_first_and_name_both_rows(tmp_path: Path) -> None:
    text = _rows([HEADER, "C1,Voice,05/01/2026 09:30,12,01:15,No",
                  "C2,Voice,05/01/2026 09:31,40,02:00,No",
                  "C1,Voice,05/01/2026 09:32,41,02:00,No"])
    result = import_csv(_write(tmp_path, text), "contacts")
    assert result.table["wait_s"].tolist() == [12, 40]
    row = result.rejected.iloc[0]
    assert row["row"] == 4 and row["problem"] == "duplicate id"
    assert "row 2" in row["reason"]
    assert result.report.duplicates_rejected == 1
    _balanced(result)


@pytest.mark.parametrize(("line", "column", "problem", "words"), [
    ("C1,phone,05/01/2026 09:30,12,7", "Survey Score", "out of range", "5"),
    ("C1,phone,05/01/2026 09:30,-3,4", "Queue Wait (sec)", "out of range", "negative"),
    ("C1,phone,31/02/2026 09:30,12,4", "Start Time", "not a real date", "exists"),
    ("C1,phone,soon,12,4", "Start Time", "not a date", "05/01/2026"),
    ("C1,fax,05/01/2026 09:30,12,4", "Channel", "not an allowed value", "phone"),
    ("C1,phone,05/01/2026 09:30,twelve,4", "Queue Wait (sec)", "not a number", "seconds"),
    ("C1,phone,05/01/2026 09:30,12,4.5", "Survey Score", "not a whole number", "whole"),
    ("C1,,05/01/2026 09:30,12,4", "Channel", "empty", "empty"),
])
def test_bad_values_are_rejected_with_a_reason(tmp_path: Path, line: str, column: str,
                                               problem: str, words: str) -> None:
    text = _rows(["Call ID,Channel,Start Time,Queue Wait (sec),Survey Score",
                  "C0,phone,05/01/2026 09:29,10,5", line])
    result = import_csv(_write(tmp_path, text), "contacts")
    assert result.table["contact_id"].tolist() == ["C0"]
    rejected = result.rejected.iloc[0]
    assert (rejected["row"], rejected["column"], rejected["problem"]) == (3, column, problem)
    assert words in rejected["reason"] and column in rejected["reason"]
    assert result.report.rejected_by_reason == {problem: 1}
    _balanced(result)


def test_quoted_commas_and_line_breaks_keep_spreadsheet_row_numbers(tmp_path: Path) -> None:
    text = ('Case Number,Origin,Created Date,Customer Comments\n'
            'A1,Email,2026-01-05T09:30:00Z,"Slow, but fine"\n'
            'A2,Email,2026-01-05T09:31:00Z,"Line one,\nline two\nline three"\n'
            'A3,Email,2026-01-05T09:32:00Z,"He said ""hello"""\n'
            'A4,Fax,2026-01-05T09:33:00Z,"after the breaks"\n')
    result = import_csv(_write(tmp_path, text), "contacts")
    assert result.table["comment"].tolist() == ["Slow, but fine",
                                                "Line one,\nline two\nline three",
                                                'He said "hello"']
    # A4 is record 4, so row 5 as Excel shows it (not physical line 7)
    assert result.rejected["row"].tolist() == [5]
    _balanced(result)


def test_a_row_with_too_many_cells_is_rejected(tmp_path: Path) -> None:
    text = _rows(["Call ID,Channel,Start Time", "C1,phone,05/01/2026 09:30",
                  "C2,phone,05/01/2026 09:31,£1,234", "C3,phone,05/01/2026 09:32"])
    result = import_csv(_write(tmp_path, text), "contacts")
    assert result.table["contact_id"].tolist() == ["C1", "C3"]
    assert result.rejected["row"].tolist() == [3]
    assert result.rejected["problem"].tolist() == ["too many cells"]
    _balanced(result)


# ------------------------------------------------------------------ the file itself
@pytest.mark.parametrize(("data", "words"), [
    (b"PK\x03\x04\x14\x00\x06\x00rest of a workbook", "Excel workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old workbook", "Excel workbook (.xls)"),
    (b"%PDF-1.7\n%binary", "PDF"),
    (b"\x00\x01\x02\x03binary\x00", "binary"),
])
def test_a_file_that_is_not_a_csv_says_what_it_looks_like(tmp_path: Path, data: bytes,
                                                         words: str) -> None:
    path = _write(tmp_path, data, "calls.csv")
    with pytest.raises(WorkplaceError, match="calls.csv") as caught:
        import_csv(path, "contacts")
    assert words in str(caught.value)
    assert "CSV UTF-8" in str(caught.value)


@pytest.mark.parametrize(("data", "words"), [(b"", "is empty"), (b"\n\n  \n", "is empty"),
                                             (HEADER.encode() + b"\n", "no rows of data")])
def test_empty_and_header_only_files(tmp_path: Path, data: bytes, words: str) -> None:
    with pytest.raises(WorkplaceError, match=words) as caught:
        import_csv(_write(tmp_path, data, "calls.csv"), "contacts")
    assert "calls.csv" in str(caught.value)


def test_a_missing_required_column_is_named_with_what_it_is_for(tmp_path: Path) -> None:
    text = _rows(["Call ID,Start Time", "C1,05/01/2026 09:30"])
    with pytest.raises(WorkplaceError) as caught:
        import_csv(_write(tmp_path, text, "calls.csv"), "contacts")
    message = str(caught.value)
    assert "calls.csv" in message and "channel" in message
    assert schema.column("contacts", "channel").meaning.rstrip(".") in message
    assert "'Call ID'" in message  # the file's columns, to choose from


def test_mapping_errors_name_the_file_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, _rows([HEADER, "C1,Voice,05/01/2026 09:30,12,01:15,No"]))
    with pytest.raises(WorkplaceError, match="'Queue'"):
        import_csv(path, "contacts", {"channel": "Media Type", "arrived_at": "Start Time",
                                      "wait_s": "Queue"})
    with pytest.raises(WorkplaceError, match="mapped twice"):
        import_csv(path, "contacts", {"channel": "Media Type", "arrived_at": "Start Time",
                                      "contact_id": "Call ID", "customer_id": "Call ID"})
    with pytest.raises(WorkplaceError, match="not a column of the contacts table"):
        import_csv(path, "contacts", {"channel": "Media Type", "arrived_at": "Start Time",
                                      "colour": "Call ID"})
    with pytest.raises(WorkplaceError, match="There is no file"):
        import_csv(tmp_path / "nothing.csv", "contacts")
    with pytest.raises(schema.SchemaError, match="no table"):
        import_csv(path, "calls")


def test_a_given_mapping_is_used_and_only_those_columns_come_in(tmp_path: Path) -> None:
    path = _write(tmp_path, _rows([HEADER, "C1,Voice,05/01/2026 09:30,12,01:15,No"]))
    result = import_csv(path, "contacts", {"channel": "Media Type",
                                           "arrived_at": "Start Time"})
    assert list(result.table.columns) == ["channel", "arrived_at"]
    assert "wait_s" in result.missing["column"].tolist()
    wait = result.missing.set_index("column").loc["wait_s", "analyses_without_it"]
    assert "Service level" in wait


def test_the_learners_file_is_never_changed_or_written_next_to(tmp_path: Path) -> None:
    path = _write(tmp_path, _rows([HEADER, "C1,Voice,05/01/2026 09:30,12,01:15,No",
                                   "C1,Voice,31/02/2026 09:30,12,01:15,No"]))
    before = (path.read_bytes(), os.stat(path).st_mtime_ns, sorted(tmp_path.iterdir()))
    import_csv(path, "contacts")
    assert (path.read_bytes(), os.stat(path).st_mtime_ns, sorted(tmp_path.iterdir())) == before


# ------------------------------------------------------------------ mapping suggestions
@pytest.mark.parametrize(("header", "expected"), [
    ("Queue Wait (sec)", "wait_s"), ("Wait Time", "wait_s"), ("Media Type", "channel"),
    ("Channel", "channel"), ("Survey Score", "csat"), ("CSAT", "csat"),
    ("Agent Name/ID", "agent_id"), ("Start Time", "arrived_at"), ("Date/Time", "arrived_at"),
    ("Handle Time (mm:ss)", "handle_s"), ("AHT", "handle_s"), ("Disposition", "answered"),
    ("Abandoned", "abandoned"), ("FCR", "resolved_first_contact"),
    ("Resolved", "resolved_first_contact"), ("Comments", "comment"), ("Verbatim", "comment"),
    ("wait_s", "wait_s"), ("ARRIVED_AT", "arrived_at"),
])
def test_suggest_mapping_knows_vendor_wordings(header: str, expected: str) -> None:
    assert suggest_mapping([header, "Something else"], "contacts") == {expected: header}


def test_suggest_mapping_never_uses_a_column_twice_and_is_deterministic() -> None:
    headers = ["Date", "Start Time", "Score", "CSAT", "Comments", "Verbatim", "Resolved",
               "Unrelated"]
    mapping = suggest_mapping(headers, "contacts")
    assert len(set(mapping.values())) == len(mapping)
    assert mapping["arrived_at"] == "Start Time"  # the stronger wording wins
    assert mapping["csat"] == "CSAT" and mapping["comment"] == "Comments"
    assert "Unrelated" not in mapping.values()
    assert suggest_mapping(list(reversed(headers)), "contacts") == mapping
    assert suggest_mapping([], "contacts") == {}


def test_suggest_mapping_prefers_the_canonical_name() -> None:
    mapping = suggest_mapping(["Wait Time", "wait_s"], "contacts")
    assert mapping == {"wait_s": "wait_s"}


# ------------------------------------------------------------------ requirements
def test_requirements_list_columns_that_exist_in_the_schema() -> None:
    for table in ("contacts", "complaints", "budget"):
        needs = workplace.requirements(table)
        known = {c.name for c in schema.table_columns(table)}
        for listed in needs["needs"]:
            assert set(listed.split(", ")) <= known, listed
    minimum = workplace.requirements("contacts", present=workplace.MINIMUM["contacts"])
    assert minimum["can_run"].any() and not minimum["can_run"].all()
    everything = workplace.requirements(
        "contacts", present=[c.name for c in schema.table_columns("contacts")])
    assert everything["can_run"].all()
    for table, columns in workplace.MINIMUM.items():
        assert set(columns) <= {c.name for c in schema.table_columns(table)}


# ------------------------------------------------------------------ sample exports
@pytest.mark.parametrize("name", workplace.SAMPLE_FILES)
def test_sample_exports_import_with_the_suggested_mapping(name: str) -> None:
    result = import_csv(SAMPLES / name, "contacts")
    _balanced(result)
    assert result.report.imported > 0.9 * result.report.rows_read
    header = pd.read_csv(SAMPLES / name, sep=result.report.delimiter, nrows=0,
                         encoding="cp1252" if result.report.encoding == "Windows-1252"
                         else "utf-8-sig").columns
    assert result.report.mapping == suggest_mapping(header, "contacts")
    assert (SAMPLES / name).stat().st_size < 300_000


def test_sample_exports_carry_the_faults_they_promise() -> None:
    tel = import_csv(SAMPLES / "telephony_export.csv", "contacts").report
    assert (tel.encoding, tel.delimiter, tel.totals_rows_skipped) == ("Windows-1252", ";", 1)
    assert {"duplicate id", "out of range", "not a real date"} <= set(tel.rejected_by_reason)
    crm = import_csv(SAMPLES / "crm_cases.csv", "contacts")
    assert crm.report.delimiter == "," and any("UTC" in n for n in crm.report.notes)
    assert crm.table["comment"].str.contains("\n").any()
    survey = import_csv(SAMPLES / "survey_export.tsv", "contacts")
    assert survey.report.delimiter == "\t" and survey.report.blank_rows_skipped == 1
    assert survey.rejected["value"].tolist() == ["7"]


def test_committed_sample_exports_are_what_the_generator_writes(tmp_path: Path) -> None:
    written = workplace.write_sample_exports(tmp_path)
    for path in written:
        assert path.read_bytes() == (SAMPLES / path.name).read_bytes(), (
            f"datasets/samples/{path.name} is out of date: run "
            "csmlib.data.workplace.write_sample_exports('datasets/samples')")


def test_round_trip_of_the_default_organisations_contacts(tmp_path: Path) -> None:
    contacts = workplace.default_contacts().head(3000)
    path = tmp_path / "contacts.csv"
    contacts.to_csv(path, index=False)
    result = import_csv(path, "contacts")
    _balanced(result)
    assert result.report.imported == len(contacts)
    assert list(result.table.columns) == list(contacts.columns)
    for name in contacts.columns:
        got, want = result.table[name], contacts[name].reset_index(drop=True)
        if schema.column("contacts", name).kind in ("id", "category", "text"):
            got = got.fillna("").astype(str)
            want = want.fillna("").astype(str)
        elif schema.column("contacts", name).kind == "datetime":
            got, want = got.astype("datetime64[s]"), want.astype("datetime64[s]")
        assert got.astype(object).where(got.notna(), None).tolist() == \
            want.astype(object).where(want.notna(), None).tolist(), name


def test_import_report_as_frame_lists_every_count(tmp_path: Path) -> None:
    path = _write(tmp_path, _rows([HEADER, "C1,Voice,05/01/2026 09:30,12,01:15,No", ",,,,,"]))
    frame = import_csv(path, "contacts").report.as_frame()
    values = dict(zip(frame["what"], frame["value"], strict=True))
    assert values["Rows read (under the header)"] == 2
    assert values["Blank rows skipped"] == 1 and values["Imported"] == 1


def test_many_rows_are_accounted_for(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    n = 5000
    frame = pd.DataFrame({
        "Call ID": [f"C{i}" for i in range(n)],
        "Channel": rng.choice(["Voice", "E-mail", "Web Chat", "fax"], n),
        "Start Time": pd.Timestamp("2026-01-05") + pd.to_timedelta(
            rng.integers(0, 86400 * 30, n), unit="s"),
        "Survey Score": rng.integers(0, 8, n),
    })
    frame["Start Time"] = frame["Start Time"].dt.strftime("%d/%m/%Y %H:%M")
    path = tmp_path / "many.csv"
    frame.to_csv(path, index=False)
    result = import_csv(path, "contacts")
    _balanced(result)
    bad = (frame["Channel"] == "fax") | ~frame["Survey Score"].between(1, 5)
    assert result.report.rejected == int(bad.sum())
    assert sorted(result.rejected["row"]) == sorted((np.flatnonzero(bad) + 2).tolist())


def test_contacted_again_is_worked_out_from_customer_and_time(tmp_path: Path) -> None:
    text = _rows(["Call ID,Customer Ref,Channel,Start Time",
                  "C1,X,phone,05/01/2026 09:00", "C2,Y,email,05/01/2026 10:00",
                  "C3,X,chat,07/01/2026 09:00", "C4,Y,phone,20/01/2026 09:00",
                  "C5,Z,phone,30/01/2026 09:00"])
    result = import_csv(_write(tmp_path, text), "contacts")
    again = result.table.set_index("contact_id")["contacted_again_7d"]
    assert bool(again["C1"])
    assert not again["C2"] and not again["C3"] and not again["C4"]
    assert pd.isna(again["C5"])  # in the last 7 days: not known yet
    assert "contacted_again_7d" not in result.missing["column"].tolist()
    assert any("contacted_again_7d" in note for note in result.report.notes)


def test_a_bom_alone_is_empty_and_an_excel_sep_line_is_followed(tmp_path: Path) -> None:
    with pytest.raises(WorkplaceError, match="bom.csv is empty"):
        import_csv(_write(tmp_path, b"\xef\xbb\xbf", "bom.csv"), "contacts")
    text = "sep=|\n" + _rows(["Call ID,Channel,Start Time", "C1,phone,05/01/2026 09:30"], "|")
    result = import_csv(_write(tmp_path, text), "contacts")
    assert result.report.delimiter == "|" and result.table["contact_id"].tolist() == ["C1"]


def test_latin_1_and_utf_16_files(tmp_path: Path) -> None:
    latin = "Call ID,Channel,Start Time,Comments\nC1,phone,05/01/2026 09:30,ok \x81\n"
    result = import_csv(_write(tmp_path, latin.encode("latin-1")), "contacts")
    assert result.report.encoding == "Latin-1"
    utf16 = "Call ID,Channel\nC1,phone\n".encode("utf-16")
    with pytest.raises(WorkplaceError, match="UTF-16"):
        import_csv(_write(tmp_path, utf16, "u16.csv"), "contacts")


def test_a_file_too_big_for_the_kernel_is_refused(tmp_path: Path, monkeypatch) -> None:
    path = _write(tmp_path, _rows([HEADER, "C1,Voice,05/01/2026 09:30,12,01:15,No"] * 20),
                  "big.csv")
    monkeypatch.setattr(workplace, "MAX_BYTES", 100)
    with pytest.raises(WorkplaceError, match="big.csv .*fewer months"):
        import_csv(path, "contacts")
