"""The plan and the organisation add up (issue 11, point 4), on every sector.

One model links the headcount, the half-hour plan, shrinkage, attendance and the budget:

* the plan's scheduled agent-hours a week ≈ headcount × contract hours × (1 − off-shift
  shrinkage), within ``generator.PLAN_TOLERANCE`` (so ``staffing.staff_to_employ`` of the
  plan gives back the headcount);
* the salary budget = headcount × contract hours × the month's weeks × hourly rate × (1 +
  on-costs) (52/12 weeks for a whole month), which is also the plan's hours ÷ (1 − off-shift
  shrinkage) costed the same way;
* attendance: the agents present work the plan's hours; absence, on-shift shrinkage and
  adherence are near the assumptions; contracted days left unrostered are leave and training.

Small, quick organisations of each sector (four weeks around Easter 2026, so bank holidays
are in them), and the committed default data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis import bank_holidays, staffing
from csmlib.data import generator, load, read_manifest, sectors

TOLERANCE = generator.PLAN_TOLERANCE
SMALL = {"seed": 8, "days": 28, "agents": 48, "start": "2026-03-16"}


@pytest.fixture(scope="module")
def organisations() -> dict[str, generator.Organisation]:
    return {sector: generator.generate(sector=sector, **SMALL) for sector in sectors.SECTORS}


@pytest.fixture(scope="module")
def default() -> generator.Organisation:
    """The committed data, as an Organisation (tables, settings and assumptions)."""
    from csmlib.data import assumptions

    settings = read_manifest()["settings"]
    tables = {name: load(name) for name in generator.TABLES}
    return generator.Organisation(settings["seed"], settings["sector"], "",
                                  pd.Timestamp(settings["start"]).date(), settings["days"],
                                  tables, {}, assumptions(), settings["agents"])


def _all(organisations, default) -> list[tuple[str, generator.Organisation]]:
    return [*organisations.items(), ("default data", default)]


def _weekly_hours(org: generator.Organisation) -> pd.Series:
    """Scheduled agent-hours in each full week (Monday to Sunday) with no bank holiday."""
    plan = org["interval_plan"]
    day = plan["interval_start"].dt.normalize()
    monday = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    hours = (plan["scheduled_agents"] / 2).groupby(monday).sum()
    days = day.groupby(monday).nunique()
    holidays = {pd.Timestamp(d) for d in bank_holidays.between(day.min(), day.max())}
    has_holiday = pd.Series({m: any(m + pd.Timedelta(days=i) in holidays for i in range(7))
                             for m in hours.index})
    return hours[(days == 7) & ~has_holiday]


def _capacity(org: generator.Organisation) -> float:
    """Hours a week the headcount can be scheduled for."""
    a = org.assumptions
    return org.headcount * a.contract_hours_per_week * (1 - a.off_shift_shrinkage)


def test_every_sector_is_covered(organisations) -> None:
    assert set(organisations) == set(sectors.SECTORS)
    for org in organisations.values():
        assert len(_weekly_hours(org)) >= 2  # weeks with and without bank holidays


def test_the_plan_is_what_the_headcount_can_work(organisations, default) -> None:
    for name, org in _all(organisations, default):
        weekly = _weekly_hours(org)
        capacity = _capacity(org)
        assert not weekly.empty, name
        ratio = weekly / capacity
        assert ((ratio > 1 - TOLERANCE) & (ratio < 1 + TOLERANCE)).all(), (
            name, capacity, weekly.round(0).tolist())
        a = org.assumptions
        employ = [staffing.staff_to_employ(hours, a.off_shift_shrinkage,
                                           a.contract_hours_per_week) for hours in weekly]
        assert np.allclose(employ, org.headcount, rtol=TOLERANCE), (name, employ)


def test_bank_holidays_are_quiet_in_the_plan(organisations) -> None:
    for name, org in organisations.items():
        plan = org["interval_plan"]
        daily = (plan["forecast_contacts"]).groupby(plan["interval_start"].dt.normalize()).sum()
        for holiday in (pd.Timestamp("2026-04-03"), pd.Timestamp("2026-04-06")):
            same_weekday = daily[(daily.index.day_of_week == holiday.day_of_week)
                                 & (daily.index != holiday)]
            assert daily[holiday] < 0.5 * same_weekday.min(), (name, holiday)


def test_the_salary_budget_pays_the_headcount(organisations, default) -> None:
    for name, org in _all(organisations, default):
        a = org.assumptions
        plan, budget = org["interval_plan"], org["budget"]
        pay = budget[budget["line"] == "agent salaries and on-costs"].set_index("month")
        month = plan["interval_start"].dt.to_period("M").astype(str)
        days = plan["interval_start"].dt.normalize().groupby(month).nunique()
        establishment = (org.headcount * a.contract_hours_per_week * days / 7
                         * a.loaded_hourly_cost_gbp)
        assert np.allclose(pay["budget_gbp"], establishment.reindex(pay.index), rtol=1e-6), name
        # a whole month: about headcount × contract hours × 52/12 × rate × (1 + on-costs)
        # (an average month; February has exactly 4 weeks, 8% less)
        whole = [m for m in days.index if days[m] == pd.Period(m).days_in_month]
        monthly = org.headcount * a.contract_hours_per_week * 52 / 12 * a.loaded_hourly_cost_gbp
        for m in whole:
            assert pay.loc[m, "budget_gbp"] == pytest.approx(monthly, rel=TOLERANCE), (name, m)
        # and the plan's hours ÷ (1 − off-shift shrinkage), costed the same way
        hours = plan.groupby(month)["scheduled_agents"].sum() / 2
        from_plan = (hours * a.paid_hours_per_scheduled_hour * a.loaded_hourly_cost_gbp).sum()
        assert pay["budget_gbp"].sum() == pytest.approx(from_plan, rel=TOLERANCE), name
        # the actual pays the agents employed: a little under while posts are vacant
        ratio = pay["actual_gbp"].sum() / pay["budget_gbp"].sum()
        assert 0.9 < ratio < 1.03, (name, ratio)


def test_attendance_works_the_plan(organisations, default) -> None:
    for name, org in _all(organisations, default):
        a = org.assumptions
        attendance, plan = org["attendance"], org["interval_plan"]
        present = attendance[~attendance["absent"]]
        days = plan["interval_start"].dt.normalize().nunique()
        plan_hours = plan["scheduled_agents"].sum() / 2
        assert present["scheduled_hours"].sum() == pytest.approx(plan_hours, rel=TOLERANCE), name
        # a shift is the contract's day: 5 shifts make the contract week
        assert np.allclose(attendance["scheduled_hours"] * generator.SHIFTS_PER_WEEK,
                           a.contract_hours_per_week), name
        # nobody works more than 5 days in a week (Monday to Sunday)
        dates = pd.to_datetime(attendance["date"])
        week = dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
        assert attendance.groupby([attendance["agent_id"], week]).size().max() <= 5, name
        # contracted days not rostered are leave and training days (off-shift shrinkage)
        contracted_days = org.headcount * days * generator.SHIFTS_PER_WEEK / 7
        unrostered = 1 - len(attendance) / contracted_days
        leave_and_training = a.off_shift_shrinkage * (
            generator.OFF_SHIFT_SPLIT["leave"] + generator.OFF_SHIFT_SPLIT["training"])
        assert unrostered == pytest.approx(leave_and_training, abs=0.05), (name, unrostered)


def test_absence_shrinkage_and_adherence_follow_the_assumptions(organisations, default) -> None:
    for name, org in _all(organisations, default):
        a = org.assumptions
        attendance = org["attendance"]
        absent = attendance["absent"]
        sickness = a.off_shift_shrinkage * generator.OFF_SHIFT_SPLIT["sickness"]
        assert absent.mean() == pytest.approx(sickness, abs=0.02), (name, absent.mean())
        assert attendance.loc[absent, "adherence_pct"].isna().all()
        assert (attendance.loc[absent, "on_shift_shrinkage_hours"] == 0).all()
        present = attendance[~absent]
        share = present["on_shift_shrinkage_hours"].sum() / present["scheduled_hours"].sum()
        assert share == pytest.approx(a.on_shift_shrinkage, abs=0.02), (name, share)
        adherence = present["adherence_pct"]
        assert adherence.between(0, 100).all() and 85 <= adherence.mean() <= 95, name
        assert adherence.between(85, 95).mean() > 0.6, name  # mostly 85–95%


def test_attendance_only_while_employed(organisations, default) -> None:
    for name, org in _all(organisations, default):
        agents = org["agents"].set_index("agent_id")
        attendance = org["attendance"]
        dates = pd.to_datetime(attendance["date"])
        hired = pd.to_datetime(attendance["agent_id"].map(agents["hire_date"]))
        left = pd.to_datetime(attendance["agent_id"].map(agents["left_on"]))
        assert (dates >= hired).all(), name
        assert (left.isna() | (dates < left)).all(), name
        assert not attendance.duplicated(["agent_id", "date"]).any(), name


def test_the_default_data_has_realistic_attrition(default) -> None:
    """About the assumed annual attrition (generator.ANNUAL_ATTRITION), annualised."""
    from csmlib.data import realism

    value = realism._attrition(default.tables)
    assert value == pytest.approx(generator.ANNUAL_ATTRITION * 100, abs=6)
    assert 20 <= value <= 35


def test_the_service_is_sized_with_on_shift_shrinkage(default) -> None:
    """Scheduled agents include breaks and coaching: those free to take calls, (1 − on-shift
    shrinkage) of them, are about what Erlang C asks for (with the planned absence cover)."""
    a = default.assumptions
    plan = default["interval_plan"].query("channel == 'phone'")
    needed = staffing.required_agents(plan["forecast_contacts"].to_numpy(),
                                      plan["forecast_aht_s"].to_numpy(),
                                      a.service_level_target, a.phone_answer_s)
    taking = plan["scheduled_agents"].to_numpy() * (1 - a.on_shift_shrinkage)
    ratio = taking.sum() / needed.sum()
    assert ratio == pytest.approx(1 + a.absence_cover_share, abs=0.08), ratio
