"""The KPI cube gives exactly the figures of the contact-level KPI functions, faster."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis import kpis
from csmlib.analysis.kpi_cube import KPICube


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    from csmlib.data import load

    contacts = load("contacts")
    contacts["week"] = kpis.periods(contacts)
    return {"contacts": contacts, "qa": load("qa_evaluations"),
            "complaints": load("complaints"), "plan": load("interval_plan"),
            "budget": load("budget")}


def _people_tables(contacts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hand-made agents (with leavers) and attendance for the data's agents, so the people
    measures are checked whether or not the committed data has them yet."""
    agents = sorted(a for a in contacts["agent_id"].dropna().unique() if a)
    days = pd.date_range(contacts["arrived_at"].min().normalize(),
                         contacts["arrived_at"].max().normalize(), freq="7D")
    rng = np.random.default_rng(11)
    rows = len(agents) * len(days)
    absent = rng.random(rows) < 0.05
    attendance = pd.DataFrame({
        "agent_id": np.repeat(agents, len(days)), "date": np.tile(days, len(agents)),
        "scheduled_hours": 7.5, "absent": absent,
        "on_shift_shrinkage_hours": np.where(absent, 0.0, rng.uniform(0.5, 1.5, rows)),
        "adherence_pct": np.where(absent, np.nan, rng.uniform(80, 98, rows))})
    left = [pd.NaT] * len(agents)
    left[0], left[3] = days[2], days[5]
    staff = pd.DataFrame({"agent_id": agents, "hire_date": pd.Timestamp("2025-01-01"),
                          "left_on": pd.to_datetime(left)})
    return staff, attendance


@pytest.fixture(scope="module")
def people(tables) -> dict[str, pd.DataFrame]:
    staff, attendance = _people_tables(tables["contacts"])
    return {"agents": staff, "attendance": attendance}


@pytest.fixture(scope="module")
def cube(tables, people) -> KPICube:
    return KPICube(tables["contacts"], tables["qa"], tables["complaints"], tables["plan"],
                   tables["budget"], agents=people["agents"],
                   attendance=people["attendance"], on_shift_shrinkage=0.15)


def _selections(tables):
    contacts = tables["contacts"]
    weeks = sorted(contacts["week"].unique())
    teams = sorted(t for t in contacts["team"].dropna().unique() if t)
    yield None, None, None, None
    yield weeks[2], weeks[5], None, None
    yield None, None, "phone", None
    yield weeks[0], weeks[0], "chat", teams[1]
    yield weeks[3], weeks[-1], None, teams[0]
    yield weeks[-1], weeks[-1], "email", None
    yield None, None, "social", teams[-1]


def _rows(contacts, first, last, channel, team):
    keep = np.ones(len(contacts), dtype=bool)
    if first is not None:
        keep &= (contacts["week"] >= first).to_numpy() & (contacts["week"] <= last).to_numpy()
    if channel is not None:
        keep &= (contacts["channel"] == channel).to_numpy()
    if team is not None:
        keep &= (contacts["team"] == team).to_numpy()
    return contacts[keep]


def test_scorecard_from_the_cube_equals_the_scorecard_of_the_contacts(tables, cube,
                                                                       people) -> None:
    extra = (tables["qa"], tables["complaints"], tables["plan"], tables["budget"])
    for first, last, channel, team in _selections(tables):
        rows = _rows(tables["contacts"], first, last, channel, team)
        expected = kpis.scorecard(rows, *extra, agents_df=people["agents"],
                                  attendance_df=people["attendance"], on_shift_shrinkage=0.15)
        got = cube.scorecard(cube.select(first, last, channel, team))
        where = (first, last, channel, team)
        assert got["kpi"].tolist() == expected["kpi"].tolist()
        assert np.allclose(got["value"], expected["value"], rtol=1e-9, equal_nan=True), where
        assert got["formatted"].tolist() == expected["formatted"].tolist(), where
        assert got["status"].tolist() == expected["status"].tolist(), where
        assert got["n"].tolist() == expected["n"].tolist(), where
        assert got["note"].tolist() == expected["note"].tolist(), where
        assert got["channel"].tolist() == expected["channel"].tolist(), where
    # the people rows were measured, not left empty
    whole = cube.scorecard(cube.select()).set_index("kpi")
    for name in ("Schedule adherence", "Absence (unplanned)", "Attrition (annualised)"):
        assert np.isfinite(whole.loc[name, "value"]), name


def test_the_cube_without_people_tables_says_not_in_this_data(tables) -> None:
    bare = KPICube(tables["contacts"], tables["qa"], tables["complaints"], tables["plan"],
                   tables["budget"])
    card = bare.scorecard(bare.select()).set_index("kpi")
    for name in ("Schedule adherence", "Absence (unplanned)"):
        assert card.loc[name, "status"] == "no data"
        assert card.loc[name, "note"].startswith("not in this data")


def test_trends_and_drill_down_from_the_cube_equal_the_contact_level_ones(tables, cube) -> None:
    for first, last, channel, team in _selections(tables):
        rows = _rows(tables["contacts"], first, last, channel, team)
        mask = cube.select(first, last, channel, team)
        for name in kpis.TRENDS:
            expected = kpis.kpi_by_period(rows, name, rows["week"])
            got = cube.by_period(mask, name)
            assert got.index.tolist() == expected.index.tolist(), (name, channel, team)
            assert np.allclose(got, expected, rtol=1e-9), (name, channel, team)
        for by in ("team", "agent_id"):
            expected = kpis.kpis_by_group(rows, by)
            got = cube.by_group(mask, by)
            pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_an_empty_selection_says_so(cube) -> None:
    with pytest.raises(kpis.NothingToMeasure, match="no contacts in this selection"):
        cube.scorecard(cube.select(channel="carrier pigeon"))
    with pytest.raises(ValueError, match="by must be"):
        cube.by_group(cube.select(), "channel")


def test_values_by_channel_are_the_channels_own_kpis(cube, tables) -> None:
    contacts = tables["contacts"]
    levels = cube.values_by_channel("service_level", cube.select())
    assert set(levels) == set(kpis.QUEUED_CHANNELS)
    for channel, value in levels.items():  # each channel against its own standard
        assert value == pytest.approx(kpis.service_level(
            contacts, kpis.CHANNEL_ANSWER_S[channel], channel=channel))
    email = cube.values_by_channel("service_level", cube.select(), ("email",))
    assert email["email"] == pytest.approx(kpis.service_level(contacts, 86400, "email"))
    chat = cube.values_by_channel("service_level", cube.select(channel="phone"), ("chat",))
    assert np.isnan(chat["chat"])  # no chat in a phone selection: nothing to measure


def test_survey_samples_count_each_agents_surveys(cube, tables) -> None:
    contacts = tables["contacts"]
    answered = contacts[contacts["answered"].astype(bool) & contacts["agent_id"].notna()
                        & (contacts["agent_id"] != "")]
    surveyed = answered["csat"].notna()
    week = answered.groupby(["agent_id", "week"]).size().index
    per_week = surveyed.groupby([answered["agent_id"], answered["week"]]).sum().reindex(week)
    per_agent = surveyed.groupby(answered["agent_id"]).sum()
    samples = cube.survey_samples(cube.select()).set_index("period")
    assert samples.loc["whole selection", "fewest_surveys"] == per_agent.min()
    assert samples.loc["whole selection", "most_surveys"] == per_agent.max()
    assert samples.loc["week", "median_surveys"] == per_week.median()
    assert samples.loc["week", "groups"] == len(per_week)
    widths = samples["half_width_points"]
    assert widths["whole selection"] < widths["week"] < widths["day"]
    with pytest.raises(ValueError, match="by must be"):
        cube.survey_samples(cube.select(), by="channel")


def test_survey_samples_agree_with_the_contact_level_count(cube, tables) -> None:
    contact_level = kpis.surveys_per_agent(tables["contacts"]).set_index("per")
    samples = cube.survey_samples(cube.select()).set_index("period")
    for per, period in (("agent and week", "week"), ("agent over the period",
                                                      "whole selection")):
        assert contact_level.loc[per, "median"] == samples.loc[period, "median_surveys"]
        assert contact_level.loc[per, "fewest"] == samples.loc[period, "fewest_surveys"]
        assert contact_level.loc[per, "most"] == samples.loc[period, "most_surveys"]
        assert contact_level.loc[per, "groups"] == samples.loc[period, "groups"]


def test_scorecard_can_measure_only_the_rows_a_view_needs() -> None:
    """``only`` gives the same row as the full scorecard, without measuring the others."""
    from csmlib.lessons import performance

    cube = performance.kpi_cube()
    mask = cube.select()
    name = "Cost per contact handled"
    full = cube.scorecard(mask).set_index("kpi").loc[name]
    one = cube.scorecard(mask, only=[name])
    assert one["kpi"].tolist() == [name]
    assert one.set_index("kpi").loc[name, "formatted"] == full["formatted"]
    with pytest.raises(ValueError, match="no KPI 'Speed'"):
        cube.scorecard(mask, only=["Speed"])
