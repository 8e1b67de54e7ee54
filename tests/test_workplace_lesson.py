"""Notebook 07's lesson: every piece works on the sample, the self-checks agree with the data,
and an import through the wizard becomes the data the analyses use."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from csmlib.data import workplace
from csmlib.lessons import workplace as lesson

SHOWN = ("gdpr_basis", "data_note", "kpi_table", "my_control_chart", "themes_table",
         "staffing_table", "own_data_analysis", "reflective_account", "witness_testimony",
         "final_coverage")


@pytest.fixture(autouse=True)
def _own_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CSMLIB_PORTFOLIO", str(tmp_path / "p.sqlite"))
    monkeypatch.chdir(tmp_path)  # the pseudonym key is kept in the working folder
    lesson._SESSION.clear()


def test_every_piece_works_on_the_sample() -> None:
    for name in SHOWN:
        assert getattr(lesson, name)() is not None, name
    assert "the sample export" in lesson.my_data()[1]
    assert lesson.chartable(lesson.my_data()[0]), "the sample spans enough weeks for a chart"


def test_self_check_answers_agree_with_the_data() -> None:
    sample = workplace.import_csv(workplace.sample_folder() / workplace.SAMPLE_FILES[0],
                                  "contacts")
    assert lesson.rows_check.check(sample.report.rows_read - sample.report.imported).correct
    data = lesson.my_data()[0]
    phone = data[data["channel"] == "phone"]
    level = round(100 * (phone["answered"] & (phone["wait_s"] <= 20)).sum() / len(phone), 1)
    assert lesson.service_level_check.check(level).correct
    assert not lesson.service_level_check.check(level + 1).correct
    aht = round(data.loc[data["answered"], "handle_s"].mean())
    assert lesson.aht_check.check(aht).correct


def test_an_import_becomes_the_data_the_analyses_use(tmp_path) -> None:
    rows = ["Call ID,Start Time,Media Type,Queue Wait (sec),Handle Time (sec),Abandoned"]
    start = dt.datetime(2026, 1, 5, 9)
    for i in range(60 * 7):
        when = start + dt.timedelta(hours=4 * i)
        rows.append(f"K{i},{when:%d/%m/%Y %H:%M},Voice,{i % 50},{200 + i % 90},"
                    f"{'Yes' if i % 9 == 0 else 'No'}")
    content = ("\n".join(rows) + "\n").encode()
    wizard = lesson.import_wizard()
    wizard.controls["source"].value = "My own file"
    wizard.controls["upload"].value = ({"name": "mine.csv", "type": "text/csv",
                                        "size": len(content), "content": memoryview(content),
                                        "last_modified": dt.datetime(2026, 1, 5)},)
    wizard.run_import()
    data, source = lesson.my_data()
    assert "your file mine.csv" in source and len(data) == 420
    assert "your file mine.csv" in html.unescape(lesson.data_note().data)
    kpis = lesson.kpi_frame().set_index("kpi")
    assert (kpis["status"] == "measured").sum() >= 4
    assert "Your data has no comment column" in html.unescape(lesson.themes_table().data)
