"""Schedule adherence and conformance (issue 11: practice the course should teach): the
measures, the agent groups, the generated data behind them, and notebook 03's sentence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis import adherence, kpis
from csmlib.data import generator, load
from csmlib.lessons import performance


def _days(rows: list[tuple[str, float, bool, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["agent_id", "scheduled_hours", "absent", "adherence_pct",
                                       "worked_hours"])


def test_conformance_is_hours_worked_over_hours_scheduled_on_days_present() -> None:
    frame = _days([("A", 8, False, 90, 7.5), ("A", 8, True, np.nan, 0), ("B", 8, False, 80,
                                                                           8.4)])
    assert kpis.conformance(frame) == pytest.approx((7.5 + 8.4) / 16)
    with pytest.raises(kpis.NothingToMeasure):
        kpis.conformance(frame[frame["absent"]])


def test_by_agent_weights_adherence_by_scheduled_hours_and_skips_absent_days() -> None:
    frame = _days([("A", 8, False, 90, 8), ("A", 4, False, 60, 3), ("A", 8, True, np.nan, 0),
                   ("B", 7.5, False, 95, 7.5)])
    table = adherence.by_agent(frame).set_index("agent_id")
    assert table.loc["A", "days_present"] == 2
    assert table.loc["A", "adherence"] == pytest.approx((0.9 * 8 + 0.6 * 4) / 12)
    assert table.loc["A", "conformance"] == pytest.approx(11 / 12)
    assert table.loc["B", "conformance"] == 1.0


def test_by_agent_names_what_is_missing() -> None:
    with pytest.raises(ValueError, match="worked_hours"):
        adherence.by_agent(_days([("A", 8, False, 90, 8)]).drop(columns="worked_hours"))
    with pytest.raises(ValueError, match="no days with an agent present"):
        adherence.by_agent(_days([("A", 8, True, np.nan, 0)]))


def test_groups_cover_every_agent_once_and_follow_the_targets() -> None:
    per_agent = pd.DataFrame({"agent_id": list("ABCDE"), "scheduled_hours": [100.0] * 5,
                              "conformance": [0.99, 0.98, 0.97, 0.95, 1.01],
                              "adherence": [0.92, 0.85, 0.90, 0.80, 0.90]})
    table = adherence.groups(per_agent, 0.90).set_index("group")
    assert table["agents"].sum() == 5
    assert table.loc["Right hours, right times", "agents"] == 2  # A, E (at the target counts)
    assert table.loc["Right hours, wrong times", "agents"] == 1  # B
    assert table.loc["Hours short, right times", "agents"] == 1  # C
    assert table.loc["Hours short and wrong times", "conformance"] == pytest.approx(0.95)
    with pytest.raises(ValueError, match="adherence_target"):
        adherence.groups(per_agent, 90)


def test_empty_group_is_listed_with_no_figures() -> None:
    per_agent = pd.DataFrame({"agent_id": ["A"], "scheduled_hours": [10.0],
                              "conformance": [1.0], "adherence": [0.95]})
    table = adherence.groups(per_agent, 0.9)
    assert table["agents"].tolist() == [1, 0, 0, 0]
    assert table["adherence"].isna().tolist() == [False, True, True, True]


@pytest.mark.parametrize("sector", ["energy", "council"])
def test_generated_attendance_has_worked_hours_that_fit_adherence(sector: str) -> None:
    days = generator.generate(seed=5, sector=sector, days=14, agents=30)["attendance"]
    absent = days["absent"].to_numpy(dtype=bool)
    assert (days.loc[absent, "worked_hours"] == 0).all()
    present = days.loc[~absent]
    share = present["worked_hours"] / present["scheduled_hours"]
    assert share.min() >= 0.8 and share.max() <= 1.08
    # time not logged in is time out of adherence
    assert (present["adherence_pct"] <= np.ceil(1000 * share) / 10 + 1e-9).all()
    per_agent = adherence.by_agent(days)
    assert per_agent["conformance"].std() > 0.005, "agents differ in their habits"


def test_notebook_sentence_is_computed_from_the_data() -> None:
    attendance = load("attendance")
    sentence = performance.plan_worked_sentence()
    assert f"{kpis.conformance(attendance):.1%}" in sentence
    assert f"{kpis.schedule_adherence(attendance):.1%}" in sentence
    frame = performance.plan_worked_frame()
    assert frame["agents"].sum() == attendance.loc[~attendance["absent"], "agent_id"].nunique()
    largest = frame.iloc[1:].sort_values("agents").iloc[-1]
    assert f"{largest['group'].lower()}: {int(largest['agents'])} of" in sentence
    shown = performance.plan_worked_table()
    assert [row[0] for row in shown.rows()] == list(adherence.GROUPS_LABELS)


def test_data_without_worked_hours_gets_a_note_not_a_traceback(monkeypatch) -> None:
    data = dict(performance.tables())
    data["attendance"] = data["attendance"].drop(columns="worked_hours")
    monkeypatch.setattr(performance, "tables", lambda: data)
    for shown in (performance.plan_worked_table(), performance.plan_worked_notice()):
        assert "Not in this data" in shown.data and "worked_hours" in shown.data
