"""The tutor guide's content for notebooks 00, 01 and 02: each model answer is marked on the
criteria the lesson saves that work under, and figures in the text equal an independent
computation from the default data. (The structure of every notebook's guide, its sections,
timings and placeholders, is checked once for all in ``tests/test_tutor_guide.py``.)"""

from __future__ import annotations

import math
from functools import cache

import pandas as pd
import pytest

from csmlib.analysis import forecasting
from csmlib.course.tutor_guide import notebook_00, notebook_01, notebook_02
from csmlib.course.tutor_guide.facts import Facts
from csmlib.course.tutor_guide.model import NotebookGuide

MODULES = {"00": notebook_00, "01": notebook_01, "02": notebook_02}
REQUIRED = {
    "00": {"00-data-decision": {"5.3"}, "00-first-reflection": {"7.2"}},
    "01": {"01-vanity-metric": {"1.2"}, "01-customer-centric": {"1.3"},
           "01-kpi-tree": {"1.1"}, "01-reflection": {"1.3"},
           "01-strategy-on-a-page": {"1.1", "1.2", "1.3"}},
    "02": {"02-monitoring": {"2.4"}, "02-plan-reflection": {"2.4"},
           "02-operational-plan": {"2.1", "2.2", "2.3", "2.4", "2.5"}},
}
@cache
def facts() -> Facts:
    return Facts.default()


@cache
def built(number: str) -> NotebookGuide:
    return MODULES[number].guide(facts())


def everything(guide: NotebookGuide) -> str:
    return guide.all_text()


@pytest.mark.parametrize("number", sorted(MODULES))
def test_each_required_item_has_one_model_answer_marked_on_its_criteria(number: str) -> None:
    guide = built(number)
    items = [m.item for m in guide.model_answers]
    assert sorted(items) == sorted(REQUIRED[number]), items
    for answer in guide.model_answers:
        assert set(answer.criteria) == REQUIRED[number][answer.item], answer.item
        marked = [p.criterion for p in answer.marking]
        assert sorted(marked) == sorted(answer.criteria), answer.item
        assert all(p.look_for.strip() and p.not_yet.strip() for p in answer.marking)
        assert len(answer.answer.split()) >= 60, f"{answer.item} is too short to be a model"


def test_strategy_parts_are_headed_as_the_form_shows_them() -> None:
    answer = next(m for m in built("01").model_answers if m.item == "01-strategy-on-a-page")
    for heading in ("Organisational goals and service objectives", "KPIs and targets",
                    "The loyalty evidence", "Customer-centric principles I will manage by"):
        assert f"**{heading}**" in answer.answer
    plan = next(m for m in built("02").model_answers if m.item == "02-operational-plan")
    for heading in ("Forecast and staffing", "Service standards", "Contingencies", "Budget",
                    "Monitoring and review"):
        assert f"**{heading}**" in plan.answer


# ------------------------------------------------ figures against independent computations
def test_00_phone_share_and_survey_share_equal_the_data() -> None:
    contacts = facts().table("contacts")
    phone = sum(1 for channel in contacts["channel"] if channel == "phone")
    surveyed = int(contacts["csat"].notna().sum())
    text = everything(built("00"))
    assert f"{100 * phone / len(contacts):.1f}%" in text
    assert f"{100 * surveyed / len(contacts):.1f}%" in text
    assert f"{len(contacts):,} contacts" in text


def test_00_phone_service_level_equals_answered_within_20s_over_offered() -> None:
    contacts = facts().table("contacts")
    phone = contacts[contacts["channel"] == "phone"]
    in_time = (phone["answered"].astype(bool) & (phone["wait_s"] <= 20)).sum()
    assert f"{100 * in_time / len(phone):.1f}%" in built("00").model_answers[0].answer


def test_01_low_scorers_churn_equals_a_direct_computation() -> None:
    contacts = facts().table("contacts")
    customers = facts().table("customers")
    lowest = contacts.dropna(subset=["csat"]).groupby("customer_id")["csat"].min()
    low_ids = lowest[lowest <= 2].index
    top_ids = lowest[lowest == 5].index
    churned = customers.set_index("customer_id")["churned"].astype(bool)
    low = 100 * churned.reindex(low_ids).mean()
    top = 100 * churned.reindex(top_ids).mean()
    answer = next(m for m in built("01").model_answers if m.item == "01-vanity-metric").answer
    assert f"left {low:.1f}% of the time" in answer
    assert f"against {top:.1f}% of those who gave us 5" in answer


def test_01_detractor_ratio_equals_a_direct_computation() -> None:
    contacts = facts().table("contacts")
    customers = facts().table("customers").set_index("customer_id")
    surveyed = contacts.dropna(subset=["nps"]).sort_values("arrived_at")
    latest = surveyed.groupby("customer_id")["nps"].last()
    churned = customers["churned"].astype(bool)
    detractors = churned.reindex(latest[latest <= 6].index).mean()
    promoters = churned.reindex(latest[latest >= 9].index).mean()
    # the guide rounds each rate to 2 decimals of a percent before dividing, as the lesson does
    ratio = round(100 * detractors, 2) / round(100 * promoters, 2)
    assert f"detractors left {ratio:.1f} times as often" in everything(built("01"))


def _erlang_c_agents(calls: float, aht_s: float, target: float = 0.8, within_s: float = 20
                     ) -> int:
    """The fewest agents meeting the target, by the textbook Erlang C formula."""
    load = calls * aht_s / 1800
    agents = math.floor(load) + 1
    while True:
        term, total = 1.0, 1.0
        for k in range(1, agents):
            term *= load / k
            total += term
        top = term * load / agents * agents / (agents - load)
        wait_probability = top / (total + top)
        level = 1 - wait_probability * math.exp(-(agents - load) * within_s / aht_s)
        if level >= target:
            return agents
        agents += 1


def test_02_agents_needed_and_fte_equal_independent_workings() -> None:
    f = notebook_02.figures(facts())
    busiest = f["busiest"]
    needed = _erlang_c_agents(float(busiest["calls"]), float(busiest["forecast_aht_s"]))
    a = facts().assumptions()
    hours = float(f["weekly"]["agent_hours"].sum())
    fte = hours / (1 - a.on_shift_shrinkage) / (1 - a.off_shift_shrinkage) \
        / a.contract_hours_per_week
    plan = next(m for m in built("02").model_answers if m.item == "02-operational-plan")
    assert f"Erlang C gives {needed} agents" in plan.answer
    assert f"{needed / (1 - a.on_shift_shrinkage):.1f}" in plan.answer
    assert f"{fte:.1f} FTE" in plan.answer


def test_02_biggest_overtime_overspend_equals_the_budget_table() -> None:
    frame = facts().table("budget")
    overtime = frame[frame["line"] == "overtime"]
    over = overtime["actual_gbp"] - overtime["budget_gbp"]
    month = pd.Timestamp(str(overtime.loc[over.idxmax(), "month"]) + "-01")
    text = everything(built("02"))
    assert f"+£{over.max():,.0f}" in text
    assert f"{month:%B %Y}" in text


def test_02_busiest_half_hour_is_named() -> None:
    contacts = facts().table("contacts")[notebook_02.CONTACT_COLUMNS]
    history = forecasting.volume_by_interval(contacts)
    start = forecasting.week_after(history["interval_start"])
    assert f"Next week ({start:%a} {start.day} {start:%b %Y} onwards)" in \
        built("02").model_answers[1].answer
