"""Tests for csmlib.analysis.own_data: the course's analyses on a learner's own contacts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis import kpis, own_data, staffing

MINIMUM = ["arrived_at", "channel"]


def _full() -> pd.DataFrame:
    """Two whole weeks (Mon 5 Jan – Sun 18 Jan 2026) plus a partial day either side."""
    times = pd.to_datetime(["2026-01-04 10:00",                      # Sunday before: partial
                            "2026-01-05 09:05", "2026-01-05 09:20",  # week 1
                            "2026-01-07 14:00", "2026-01-11 23:40",
                            "2026-01-12 09:10", "2026-01-14 14:10",  # week 2
                            "2026-01-18 12:00",
                            "2026-01-19 08:00"], format="ISO8601")   # Monday after: partial
    return pd.DataFrame({
        "arrived_at": times,
        "channel": ["phone", "phone", "phone", "chat", "phone", "phone", "chat", "email",
                    "phone"],
        "answered": [True, True, False, True, True, True, True, True, True],
        "wait_s": [5, 10, 90, 50, 30, 15, 70, 3600, 2],
        "handle_s": [200, 300, 0, 600, 240, 360, 500, 900, 100],
        "resolved_first_contact": [True, True, False, False, True, True, True, False, True],
        "csat": pd.array([5, 4, pd.NA, 2, pd.NA, 5, 3, pd.NA, pd.NA], dtype="Int64"),
        "nps": pd.array([10, 7, pd.NA, 3, pd.NA, 9, 6, pd.NA, pd.NA], dtype="Int64"),
        kpis.REPEAT_COLUMN: pd.array([False, True, False, False, True, False, False, pd.NA,
                                      pd.NA], dtype="boolean"),
    })


def _kpi(table: pd.DataFrame, name: str) -> pd.Series:
    return table.set_index("kpi").loc[name]


# ------------------------------------------------------------------ available_kpis
def test_every_kpi_measured_on_full_columns_matches_kpis_module() -> None:
    df = _full()
    table = own_data.available_kpis(df)
    assert list(table.columns) == ["kpi", "value", "formatted", "n", "needs", "status"]
    assert (table["status"] == own_data.MEASURED).all(), table[["kpi", "status"]]
    assert _kpi(table, "Service level, phone (20 s)")["value"] == pytest.approx(
        kpis.service_level(df, 20, channel="phone"))
    assert _kpi(table, "Service level, chat (60 s)")["value"] == pytest.approx(
        kpis.service_level(df, 60, channel="chat"))
    assert _kpi(table, "Abandonment rate")["value"] == pytest.approx(kpis.abandonment_rate(df))
    assert _kpi(table, "Average speed of answer")["value"] == pytest.approx(
        kpis.average_speed_of_answer(df))
    assert _kpi(table, "Average handle time")["value"] == pytest.approx(
        kpis.average_handle_time(df))
    assert _kpi(table, "First contact resolution (agent flag)")["value"] == pytest.approx(
        kpis.fcr(df))
    assert _kpi(table, "CSAT (top-2-box)")["value"] == pytest.approx(kpis.csat(df).value)
    assert _kpi(table, "NPS")["value"] == pytest.approx(kpis.nps(df).value)
    # hand calculation: phone 5 offered, within 20 s: 5, 10, 15, 2 -> 4 of 6 phone rows
    phone = df[df["channel"] == "phone"]
    within = (phone["answered"] & (phone["wait_s"] <= 20)).sum()
    row = _kpi(table, "Service level, phone (20 s)")
    assert row["n"] == len(phone)
    assert row["formatted"] == f"{100 * within / len(phone):.1f}%"
    judged = df[kpis.REPEAT_COLUMN].dropna()
    assert _kpi(table, "Repeat contacts within 7 days")["value"] == pytest.approx(judged.mean())
    assert _kpi(table, "Repeat contacts within 7 days")["n"] == len(judged)
    weekly = _kpi(table, "Contacts per week")
    assert weekly["value"] == (len(df) - 2) / 2  # two partial days left out
    assert _kpi(table, "CSAT (top-2-box)")["n"] == df["csat"].notna().sum()


@pytest.mark.parametrize("name, column", [
    ("Service level, phone (20 s)", "wait_s"), ("Abandonment rate", "answered"),
    ("Average speed of answer", "wait_s"), ("Average handle time", "handle_s"),
    ("First contact resolution (agent flag)", "resolved_first_contact"),
    ("CSAT (top-2-box)", "csat"), ("NPS", "nps"),
    ("Repeat contacts within 7 days", kpis.REPEAT_COLUMN)])
def test_each_kpi_without_its_column_says_not_in_your_data(name: str, column: str) -> None:
    table = own_data.available_kpis(_full().drop(columns=[column]))
    row = _kpi(table, name)
    assert row["status"].startswith("not in your data: needs")
    assert column in row["status"]
    assert math.isnan(row["value"]) and row["formatted"] == "" and row["n"] == 0
    # the others are still measured
    assert (table["status"] == own_data.MEASURED).sum() >= 1


def test_columns_present_but_empty_say_no_usable_values() -> None:
    df = _full()
    df["csat"] = pd.array([pd.NA] * len(df), dtype="Int64")
    df["wait_s"] = np.nan
    table = own_data.available_kpis(df)
    assert _kpi(table, "CSAT (top-2-box)")["status"] == "no usable values: csat is empty"
    assert "wait_s" in _kpi(table, "Service level, phone (20 s)")["status"]
    assert _kpi(table, "Abandonment rate")["status"] == own_data.MEASURED


def test_no_chat_contacts_says_no_usable_values() -> None:
    df = _full()
    df = df[df["channel"] != "chat"]
    status = _kpi(own_data.available_kpis(df), "Service level, chat (60 s)")["status"]
    assert status.startswith("no usable values:") and "chat" in status


def test_empty_table_and_non_frame() -> None:
    table = own_data.available_kpis(_full().iloc[:0])
    assert not (table["status"] == own_data.MEASURED).any()
    with pytest.raises(ValueError, match="DataFrame"):
        own_data.available_kpis([1, 2])  # type: ignore[arg-type]


# ------------------------------------------------------------------ weekly
def test_whole_weeks_drop_partial_weeks() -> None:
    weeks = own_data.whole_weeks(_full())
    assert [str(w.date()) for w in weeks] == ["2026-01-05", "2026-01-12"]


def test_weekly_contacts_and_rates_by_hand() -> None:
    df = _full()
    contacts = own_data.weekly(df, "contacts")
    assert contacts["count"].tolist() == [4, 3]
    assert contacts["value"].tolist() == [4, 3]
    sl = own_data.weekly(df, "service_level")
    # week 1 phone: 10 s, abandoned, 30 s -> 1 of 3; week 2 phone: 15 s -> 1 of 1
    assert sl["count"].tolist() == [1, 1] and sl["of"].tolist() == [3, 1]
    assert sl["value"].tolist() == pytest.approx([1 / 3, 1.0])
    aban = own_data.weekly(df, "abandonment")
    assert aban["count"].tolist() == [1, 0] and aban["of"].tolist() == [4, 2]
    fcr = own_data.weekly(df, "fcr")
    assert fcr["count"].tolist() == [2, 2] and fcr["of"].tolist() == [3, 3]
    csat = own_data.weekly(df, "csat_top2")
    assert csat["count"].tolist() == [1, 1] and csat["of"].tolist() == [2, 2]


def test_weekly_repeat_needs_seven_days_after() -> None:
    df = _full()
    # data ends Mon 19 Jan: week 1 (ends 11 Jan) has 7 days after inside, week 2 does not
    rep = own_data.weekly(df, "repeat_7d")
    assert rep["week"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-05"]
    assert rep["count"].tolist() == [2] and rep["of"].tolist() == [4]


def test_weekly_refuses_unknown_measure_and_missing_column() -> None:
    with pytest.raises(ValueError, match="measure must be one of"):
        own_data.weekly(_full(), "aht")
    with pytest.raises(ValueError, match="'wait_s'"):
        own_data.weekly(_full().drop(columns="wait_s"), "service_level")


def test_measures_available() -> None:
    assert own_data.measures_available(_full()) == list(own_data.MEASURES)
    assert own_data.measures_available(_full()[MINIMUM]) == ["contacts"]


# ------------------------------------------------------------------ intervals and agents
def test_interval_demand_by_hand() -> None:
    demand = own_data.interval_demand(_full())
    monday_9 = demand[(demand["weekday"] == "Monday") & (demand["interval_start"] == "09:00")]
    # 09:05 and 09:20 (one abandoned) in week 1, 09:10 in week 2 -> 3 contacts over 2 weeks
    assert monday_9["contacts_mean"].tolist() == [1.5]
    assert monday_9["handle_s_mean"].tolist() == [(300 + 360) / 2]  # answered only
    # partial days and other channels are left out
    assert demand["contacts_mean"].sum() * 2 == 4
    chat = own_data.interval_demand(_full(), channel="chat")
    assert chat["contacts_mean"].sum() * 2 == 2


def test_required_agents_matches_staffing() -> None:
    demand = own_data.interval_demand(_full())
    out = own_data.required_agents(demand)
    expected = staffing.required_agents(out["contacts_mean"].to_numpy(),
                                        out["aht_s"].to_numpy(), 0.8, 20)
    assert out["agents"].tolist() == list(expected)
    fixed = own_data.required_agents(pd.DataFrame({"contacts_mean": [100.0, 0.0]}), 180,
                                     target=0.8, answer_s=20)
    assert fixed["agents"].tolist() == [staffing.required_agents(100, 180, 0.8, 20), 0]


def test_required_agents_without_handle_times_asks_for_aht() -> None:
    demand = own_data.interval_demand(_full()[MINIMUM])
    assert "handle_s_mean" not in demand.columns
    with pytest.raises(ValueError, match="handle_s"):
        own_data.required_agents(demand)
    assert (own_data.required_agents(demand, 300)["agents"] >= 1).all()


# ------------------------------------------------------------------ default organisation
@pytest.fixture(scope="module")
def default_contacts() -> pd.DataFrame:
    from csmlib.data import workplace

    return workplace.default_contacts()


def test_default_organisation_full_and_minimum(default_contacts: pd.DataFrame) -> None:
    full = own_data.available_kpis(default_contacts)
    assert (full["status"] == own_data.MEASURED).all(), full[["kpi", "status"]]
    assert _kpi(full, "Abandonment rate")["value"] == pytest.approx(
        kpis.abandonment_rate(default_contacts))
    minimum = own_data.available_kpis(default_contacts[MINIMUM])
    measured = minimum[minimum["status"] == own_data.MEASURED]
    assert measured["kpi"].tolist() == ["Contacts per week"]
    others = minimum[minimum["status"] != own_data.MEASURED]
    assert others["status"].str.startswith("not in your data: needs").all()
    assert _kpi(minimum, "Contacts per week")["value"] == _kpi(full, "Contacts per week")[
        "value"]
    assert own_data.measures_available(default_contacts[MINIMUM]) == ["contacts"]
    weeks = own_data.weekly(default_contacts[MINIMUM], "contacts")
    assert weeks["value"].mean() == pytest.approx(_kpi(full, "Contacts per week")["value"])
    demand = own_data.interval_demand(default_contacts[MINIMUM])
    phone = default_contacts[MINIMUM][default_contacts["channel"] == "phone"]
    inside = own_data._week_of(phone["arrived_at"]).isin(own_data.whole_weeks(phone))
    assert demand["contacts_mean"].sum() * len(weeks) == pytest.approx(inside.sum())
    with pytest.raises(ValueError, match="handle_s"):
        own_data.required_agents(demand)
