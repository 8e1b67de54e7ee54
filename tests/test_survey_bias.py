"""Survey non-response bias: customers whose issue was not resolved answer the post-contact
survey less often, in every sector's organisation, and the KPI functions report it."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis import kpis
from csmlib.data import generator, load, sectors

SEEDS = (5, 29)
SMALL = {"days": 14, "agents": 36}


@pytest.fixture(scope="module")
def contacts_by_org() -> dict[tuple[str, int], pd.DataFrame]:
    return {(sector, seed): generator.generate(seed=seed, sector=sector, **SMALL)["contacts"]
            for sector in sorted(sectors.SECTORS) for seed in SEEDS}


def test_unresolved_customers_answer_less_in_every_organisation(contacts_by_org) -> None:
    assert {sector for sector, _ in contacts_by_org} == set(sectors.SECTORS)
    for key, contacts in contacts_by_org.items():
        gap = kpis.survey_response_gap(contacts)
        assert gap["gap_points"] >= 3, f"{key}: gap only {gap['gap_points']:.1f} points: {gap}"
        assert 10 <= gap["overall_pct"] <= 20, f"{key}: overall response {gap['overall_pct']}"
        assert gap["not_resolved_pct"] < gap["resolved_pct"] < 20, key


def test_the_survey_over_represents_resolved_contacts(contacts_by_org) -> None:
    """The bias itself: respondents are more often resolved than the contacts they stand for,
    so CSAT from the survey overstates how customers feel."""
    for key, contacts in contacts_by_org.items():
        answered = contacts[contacts["answered"]]
        surveyed = answered.dropna(subset=["csat"])
        assert surveyed["resolved_first_contact"].mean() > answered[
            "resolved_first_contact"].mean() + 0.03, key


def test_the_gap_agrees_with_the_response_rate_table(contacts_by_org) -> None:
    contacts = contacts_by_org[("energy", SEEDS[0])]
    table = kpis.survey_response_rates(contacts).set_index("group")["response rate %"]
    gap = kpis.survey_response_gap(contacts)
    assert table["resolved first time"] == round(gap["resolved_pct"], 1)
    assert table["not resolved"] == round(gap["not_resolved_pct"], 1)
    answered = contacts[contacts["answered"]]
    assert gap["resolved_contacts"] + gap["not_resolved_contacts"] == len(answered)
    assert gap["overall_pct"] == pytest.approx(100 * answered["csat"].notna().mean())


def test_the_default_data_has_the_gap() -> None:
    gap = kpis.survey_response_gap(load("contacts"))
    assert gap["gap_points"] >= 3 and 10 <= gap["overall_pct"] <= 20, gap


def test_survey_response_gap_by_hand() -> None:
    contacts = pd.DataFrame({
        "answered": [True] * 10 + [False, False],
        "resolved_first_contact": [True] * 6 + [False] * 4 + [False, False],
        "csat": pd.array([5, 4, 4, pd.NA, pd.NA, pd.NA, 2, pd.NA, pd.NA, pd.NA, pd.NA, pd.NA],
                         dtype="Int64")})
    gap = kpis.survey_response_gap(contacts)
    assert gap == pytest.approx({"resolved_pct": 50.0, "not_resolved_pct": 25.0,
                                 "gap_points": 25.0, "overall_pct": 40.0,
                                 "resolved_contacts": 6, "not_resolved_contacts": 4})
    with pytest.raises(kpis.NothingToMeasure, match="no answered contacts marked not resolved"):
        kpis.survey_response_gap(contacts.iloc[:6])
    with pytest.raises(ValueError, match="resolved_first_contact"):
        kpis.survey_response_gap(contacts.drop(columns="resolved_first_contact"))
    with pytest.raises(kpis.NothingToMeasure):
        kpis.survey_response_gap(contacts.iloc[:0])


def test_surveys_per_agent_by_hand() -> None:
    times = pd.to_datetime(["2026-01-05 09:00", "2026-01-06 09:00", "2026-01-11 20:00",
                            "2026-01-12 09:00", "2026-01-05 10:00", "2026-01-13 10:00",
                            "2026-01-13 11:00"])
    contacts = pd.DataFrame({
        "answered": [True] * 6 + [False], "agent_id": ["A1"] * 4 + ["A2", "A2", pd.NA],
        "arrived_at": times,
        "csat": pd.array([5, 4, 3, pd.NA, pd.NA, pd.NA, pd.NA], dtype="Int64")})
    table = kpis.surveys_per_agent(contacts).set_index("per")
    # weeks (Monday to Sunday): A1 has 3 then 0, A2 has 0 then 0; over the period 3 and 0
    assert table.loc["agent and week"].tolist() == [0, 0.0, 3, 4]
    assert table.loc["agent over the period"].tolist() == [0, 1.5, 3, 2]
    with pytest.raises(kpis.NothingToMeasure, match="no answered contacts with an agent"):
        kpis.surveys_per_agent(contacts.iloc[6:])
    with pytest.raises(ValueError, match="agent_id"):
        kpis.surveys_per_agent(contacts.drop(columns="agent_id"))


def test_agents_have_hundreds_of_surveys_over_the_quarter() -> None:
    """The default data: a week's score rests on dozens of answers, the quarter's on hundreds
    (so "a handful of surveys" describes neither)."""
    table = kpis.surveys_per_agent(load("contacts")).set_index("per")
    weekly, quarter = table.loc["agent and week"], table.loc["agent over the period"]
    # agents who joined or left during the quarter have fewer: the median agent has hundreds
    assert quarter["median"] >= 300 and quarter["groups"] == len(load("agents"))
    assert 10 < weekly["median"] < quarter["median"] / 5
    assert not math.isnan(weekly["fewest"]) and np.isfinite(weekly["most"])
