"""The dataset explorer and notebook 00's "Meet the organisation" pieces."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from csmlib.data import store
from csmlib.lessons import start_here
from csmlib.ui.explorer import ALL, DatasetExplorer, summarise_column


@pytest.fixture(scope="module")
def explorer() -> DatasetExplorer:
    return DatasetExplorer()


def test_explorer_starts_on_contacts_with_channel_chart(explorer: DatasetExplorer) -> None:
    contacts = store.load("contacts")
    assert explorer.controls["chart_column"].value == "channel"
    bar = explorer.figure.data[0]
    counts = contacts["channel"].value_counts()
    assert dict(zip(bar.x, bar.y, strict=True)) == counts.to_dict()
    assert f"Showing all {len(contacts):,} contacts." in explorer.result.value
    assert explorer.figure.layout.title.text == "Contacts by channel"


def test_filter_narrows_rows_and_chart(explorer: DatasetExplorer) -> None:
    contacts = store.load("contacts")
    explorer.controls["filter_column"].value = "channel"
    assert ("chat", "chat") in explorer.controls["filter_value"].options
    explorer.controls["filter_value"].value = "chat"
    chats = (contacts["channel"] == "chat").sum()
    assert (f"{chats:,} of the {len(contacts):,} contacts match the filter (where Channel is "
            "chat)") in explorer.result.value
    assert list(explorer.figure.data[0].x) == ["chat"]
    assert explorer.figure.layout.title.text == "Contacts by channel, where Channel is chat"
    assert f"from the {chats:,} that match the filter" in explorer.rows.value
    explorer.controls["filter_column"].value = ALL
    assert explorer.controls["filter_value"].value == ALL


def test_switching_table_resets_menus(explorer: DatasetExplorer) -> None:
    explorer.controls["table"].value = "complaints"
    assert explorer.controls["chart_column"].value == "category"
    assert "description" not in [v for _, v in explorer.controls["filter_column"].options]
    assert f"Showing all {len(store.load('complaints')):,} complaints" in explorer.result.value
    assert ">Category<" in explorer.rows.value and "complaint_id" not in explorer.rows.value
    assert explorer.figure.layout.yaxis.title.text == "Number of complaints"
    explorer.controls["table"].value = "contacts"
    assert explorer.message.value == ""


def test_every_column_of_every_table_can_be_charted(explorer: DatasetExplorer) -> None:
    for table in ("contacts", "complaints", "agents", "customers", "interval_plan", "budget",
                  "qa_evaluations", "training"):
        explorer.controls["table"].value = table
        for _label, column in explorer.controls["chart_column"].options:
            explorer.controls["chart_column"].value = column
            assert explorer.message.value == "", (table, column, explorer.message.value)
            assert len(explorer.figure.data[0].x) > 0, (table, column)


def test_rows_preview_escapes_text(explorer: DatasetExplorer) -> None:
    explorer.controls["table"].value = "complaints"
    assert "<script" not in explorer.rows.value


def test_summarise_column_kinds() -> None:
    assert summarise_column(pd.Series([True, False, True]))[2] == "per value"
    labels, counts, kind = summarise_column(pd.Series(range(1000)))
    assert kind == "per band" and sum(counts) == 1000 and len(labels) == 10
    assert labels[:2] == ["0–100", "101–200"]  # whole numbers: exact bands
    dates = pd.Series(pd.to_datetime(["2026-01-05 09:00", "2026-01-05 10:00", "2026-01-06 08:00"]))
    assert summarise_column(dates) == (["Mon 5 Jan", "Tue 6 Jan"], [2, 1], "per day")
    years = pd.Series(pd.to_datetime(["2012-03-01", "2015-05-01", "2015-07-01"]))
    assert summarise_column(years) == (["2012", "2013", "2014", "2015"], [1, 0, 0, 2],
                                       "per year")  # a timeline has no gaps
    days = pd.Series(pd.to_datetime(["2026-01-05", "2026-01-08"]))
    assert summarise_column(days)[:2] == (["Mon 5 Jan", "Tue 6 Jan", "Wed 7 Jan", "Thu 8 Jan"],
                                          [1, 0, 0, 1])
    assert summarise_column(pd.Series([None, None], dtype=object))[2] == "empty"


def test_meet_the_organisation_numbers_come_from_the_data() -> None:
    contacts = store.load("contacts")
    story = start_here.meet_the_organisation().data
    assert html.escape(store.read_manifest()["organisation"]) in story
    assert f"{len(contacts):,} times" in story
    agents = store.load("agents")
    assert f"{int(agents['left_on'].isna().sum())} agents" in story  # employed now


def test_teams_table_adds_up() -> None:
    teams = start_here.teams_and_channels().data
    assert teams["agents"].sum() == store.load("agents")["left_on"].isna().sum()
    assert teams["contacts_handled"].sum() == store.load("contacts")["answered"].sum()


def test_phone_share_check_uses_the_data() -> None:
    contacts = store.load("contacts")
    share = 100 * (contacts["channel"] == "phone").mean()
    assert start_here.phone_share_check.check(round(share)).correct
    assert not start_here.phone_share_check.check(share + 5).correct


def test_data_dictionary_in_full_and_friendly_for_typos() -> None:
    shown = start_here.data_dictionary("complaints").to_html()
    assert "The description holds personal data" in shown
    assert "There is no table &#x27;calls&#x27;" in start_here.data_dictionary("calls").data
