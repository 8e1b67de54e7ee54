"""Bank holidays (issue 11, point 8): the calendar of brief §7, quiet days in the data, and
forecasts and busiest half-hours that respect them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from csmlib.analysis import bank_holidays, forecasting
from csmlib.data import generator, load

GOOD_FRIDAY, EASTER_MONDAY = pd.Timestamp("2026-04-03"), pd.Timestamp("2026-04-06")


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    return forecasting.volume_by_interval(load("contacts", columns=["channel", "arrived_at"]))


# ------------------------------------------------------------------ calendar
def test_2026_is_the_brief_list() -> None:
    assert bank_holidays.england_and_wales(2026) == list(bank_holidays.BRIEF_2026)
    assert [f"{d:%d %b}" for d in bank_holidays.BRIEF_2026] == [
        "01 Jan", "03 Apr", "06 Apr", "04 May", "25 May", "31 Aug", "25 Dec", "28 Dec"]


@pytest.mark.parametrize(("year", "expected"), [
    # published England and Wales dates with weekend substitutes
    (2021, ["01 Jan", "02 Apr", "05 Apr", "03 May", "31 May", "30 Aug", "27 Dec", "28 Dec"]),
    (2022, ["03 Jan", "15 Apr", "18 Apr", "02 May", "30 May", "29 Aug", "26 Dec", "27 Dec"]),
    (2027, ["01 Jan", "26 Mar", "29 Mar", "03 May", "31 May", "30 Aug", "27 Dec", "28 Dec"]),
])
def test_the_regular_pattern_with_substitute_days(year, expected) -> None:
    assert [f"{d:%d %b}" for d in bank_holidays.england_and_wales(year)] == expected


def test_calendar_input_checks() -> None:
    assert bank_holidays.is_bank_holiday(dt.date(2026, 4, 6))
    assert not bank_holidays.is_bank_holiday("2026-04-07")
    assert bank_holidays.between("1950-01-01", "1950-12-31") == []
    for bad in (None, "soon", 2026.5, True):
        with pytest.raises(ValueError):
            bank_holidays.is_bank_holiday(bad)
    with pytest.raises(ValueError, match="year must be a whole number"):
        bank_holidays.england_and_wales(1066)
    with pytest.raises(ValueError, match="must not be before start"):
        bank_holidays.between("2026-05-01", "2026-04-01")
    with pytest.raises(ValueError, match="list of dates"):
        bank_holidays.as_dates("2026-04-06")
    assert bank_holidays.as_dates(None) == frozenset()


# ------------------------------------------------------------------ the data
def test_good_friday_is_not_a_normal_day_in_the_data() -> None:
    contacts = load("contacts", columns=["channel", "arrived_at"])
    daily = contacts.groupby(contacts["arrived_at"].dt.normalize()).size()
    fridays = daily[(daily.index.day_of_week == 4) & (daily.index != GOOD_FRIDAY)]
    assert daily[GOOD_FRIDAY] < 0.6 * fridays.min()
    # phone opens at weekend hours on a bank holiday
    phone = contacts[(contacts["channel"] == "phone")
                     & (contacts["arrived_at"].dt.normalize() == GOOD_FRIDAY)]
    a = generator.profile("energy").assumptions
    assert phone["arrived_at"].dt.hour.min() >= a.weekend_opening_hour
    assert phone["arrived_at"].dt.hour.max() < a.weekend_closing_hour


def test_generated_bank_holidays_are_quiet_in_any_year() -> None:
    org = generator.generate(seed=4, days=14, agents=24, start="2027-12-20")
    contacts = org["contacts"]
    daily = contacts.groupby(contacts["arrived_at"].dt.normalize()).size()
    for day in bank_holidays.between("2027-12-20", "2028-01-02"):
        stamp = pd.Timestamp(day)
        normal = daily[(daily.index.day_of_week == stamp.day_of_week) & (daily.index != stamp)]
        assert daily[stamp] < 0.6 * normal.max(), day
    assert org.truths["bank_holidays"]["dates"] == [
        str(d) for d in bank_holidays.between("2027-12-20", "2028-01-02")]


# ------------------------------------------------------------------ forecasts
def test_easter_monday_is_not_next_weeks_busiest_half_hour(history) -> None:
    start = forecasting.week_after(history["interval_start"])
    assert start == EASTER_MONDAY
    frame = forecasting.forecast(history, start, days=7)
    day = frame["interval_start"].dt.normalize()
    phone = frame[frame["channel"] == "phone"]
    by_day = phone.groupby(phone["interval_start"].dt.normalize())["forecast"].sum()
    assert by_day.idxmin() == EASTER_MONDAY
    weekdays = by_day[(by_day.index.day_of_week < 5) & (by_day.index != EASTER_MONDAY)]
    assert by_day[EASTER_MONDAY] < 0.6 * weekdays.min()
    assert "Mon 06 Apr 2026" in frame.attrs["holidays"]
    plan = forecasting.forecast_plan(frame, forecasting.planned_aht(load("interval_plan")))
    top = forecasting.busiest_intervals(plan, "phone", top=10)
    assert EASTER_MONDAY not in set(top["interval_start"].dt.normalize())
    assert top.attrs["holidays_left_out"] == [EASTER_MONDAY]
    busiest = forecasting.busiest_interval(plan, "phone")
    assert busiest["weekday"] != "Monday" or pd.Timestamp(busiest["interval_start"]
                                                          ).normalize() != EASTER_MONDAY
    # without the calendar the old mistake comes back: Monday looks like any Monday
    naive = forecasting.forecast(history, start, days=7, holidays=())
    naive_phone = naive[naive["channel"] == "phone"]
    old_top = forecasting.peaks(naive, "phone", top=3, holidays=())
    assert naive_phone.groupby(naive_phone["interval_start"].dt.normalize())[
        "forecast"].sum()[EASTER_MONDAY] > by_day[EASTER_MONDAY] * 1.5
    # …and Easter Monday's half-hours are among the week's three busiest
    assert EASTER_MONDAY in set(old_top["interval_start"].dt.normalize())
    assert set(day) == set(naive["interval_start"].dt.normalize())


def test_holiday_share_is_learned_from_past_holidays_in_the_history(history) -> None:
    frame = forecasting.forecast(history, EASTER_MONDAY, days=7)
    share = frame.attrs["holiday_share"]
    contacts = history.assign(day=history["interval_start"].dt.normalize())
    daily = contacts.groupby("day")["contacts"].sum()
    fridays = daily[(daily.index.day_of_week == 4) & (daily.index != GOOD_FRIDAY)
                    & (abs(daily.index - GOOD_FRIDAY) <= pd.Timedelta(days=28))]
    overall = daily[GOOD_FRIDAY] / fridays.mean()
    assert share["phone"] == pytest.approx(overall, abs=0.1)
    assert 0 < share["phone"] < 0.6


def test_holidays_in_the_history_are_left_out_of_the_averages(history) -> None:
    """The week after Easter is forecast from weeks including Good Friday: Friday's forecast
    should look like a normal Friday, not be dragged down by the holiday."""
    week = pd.Timestamp("2026-03-30")  # holdout week containing Good Friday
    after = pd.Timestamp("2026-04-06")
    with_calendar = forecasting.weekly_profile(history[history["interval_start"] < after])
    without = forecasting.weekly_profile(history[history["interval_start"] < after],
                                         holidays=())
    friday = (with_calendar["weekday"] == "Friday") & (with_calendar["channel"] == "phone")
    assert with_calendar.loc[friday, "contacts"].sum() > without.loc[friday, "contacts"].sum()
    fridays = history[(history["interval_start"].dt.day_of_week == 4)
                      & (history["channel"] == "phone")
                      & (history["interval_start"] >= week - pd.Timedelta(days=21))
                      & (history["interval_start"] < week)]
    assert with_calendar.loc[friday, "contacts"].sum() == pytest.approx(
        fridays["contacts"].sum() / 3, rel=0.01)


def test_without_a_past_holiday_a_holiday_is_forecast_closed() -> None:
    days = pd.date_range("2026-01-05 09:00", periods=35, freq="D")  # no bank holiday
    history = pd.DataFrame({"interval_start": days, "channel": "phone", "contacts": 10})
    frame = forecasting.forecast(history, "2026-02-09", days=7, method="seasonal average",
                                 holidays=["2026-02-11"])
    on_day = frame["interval_start"].dt.normalize() == pd.Timestamp("2026-02-11")
    assert (frame.loc[on_day, "forecast"] == 0).all() and "closed" in frame.attrs["holidays"]
    assert (frame.loc[~on_day, "forecast"] == 10).all()
    default = forecasting.forecast(history, "2026-02-09", days=7, method="seasonal average")
    assert (default["forecast"] == 10).all() and default.attrs["holidays"] == ""
    with pytest.raises(ValueError, match="holidays must be a list of dates"):
        forecasting.forecast(history, "2026-02-09", holidays=42)


def test_a_past_holiday_teaches_how_quiet_the_next_one_is() -> None:
    days = pd.date_range("2026-03-02 09:00", periods=35, freq="D")  # to Sunday 5 April
    history = pd.DataFrame({"interval_start": days, "channel": "phone", "contacts": 10})
    history.loc[history["interval_start"].dt.normalize() == GOOD_FRIDAY, "contacts"] = 3
    frame = forecasting.forecast(history, EASTER_MONDAY, days=7, method="seasonal average")
    assert frame.attrs["holiday_share"] == {"phone": 0.3}
    monday = frame["interval_start"].dt.normalize() == EASTER_MONDAY
    assert frame.loc[monday, "forecast"].tolist() == [pytest.approx(3.0)]
    # Good Friday is left out of Friday's average: Friday is forecast as a normal Friday
    assert (frame.loc[~monday, "forecast"] == 10).all()
    # without the calendar, Good Friday drags Friday down and Easter Monday looks normal
    plain = forecasting.forecast(history, EASTER_MONDAY, days=7, method="seasonal average",
                                 holidays=())
    assert plain.loc[monday, "forecast"].iloc[0] == 10
    friday = plain["interval_start"].dt.day_of_week == 4
    assert plain.loc[friday, "forecast"].iloc[0] == pytest.approx((10 * 3 + 3) / 4)


def test_backtest_on_a_holiday_week_is_better_with_the_calendar(history) -> None:
    with_calendar = forecasting.backtest(history, holdout_weeks=1)
    without = forecasting.backtest(history, holdout_weeks=1, holidays=())
    assert with_calendar["week_start"].iloc[0] == pd.Timestamp("2026-03-30")  # Good Friday

    def phone(table: pd.DataFrame) -> pd.Series:
        return table[table["channel"] == "phone"].set_index("method")["wape_pct"]

    assert (phone(with_calendar) < phone(without)).all()
