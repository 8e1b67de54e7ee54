"""Forecasting: hand-computed small cases, the default data, no peeking and clear errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis import forecasting
from csmlib.analysis.forecasting import (
    METHODS,
    accuracy,
    backtest,
    forecast,
    forecast_vs_actual,
    peaks,
    volume_by_interval,
    weekly_profile,
)
from csmlib.data import load, read_manifest

NAIVE, SEASONAL, TREND = METHODS
MONDAY = pd.Timestamp("2026-01-05")
SLOTS = pd.to_timedelta(["09:00:00", "09:30:00"])
# contacts per weekday (Monday first) and slot in the base week of the synthetic series
PATTERN = np.array([[6, 9], [5, 7], [4, 6], [4, 5], [3, 5], [2, 3], [1, 2]])


def synthetic(weeks: int, multipliers: list[float] | None = None) -> pd.DataFrame:
    """A history of ``weeks`` weeks from Monday 5 Jan 2026, two half-hours a day.

    Phone in week w is PATTERN × multipliers[w] (default 10 + 2w: weekly totals on a straight
    line); email is PATTERN every week; social never has any contacts.
    """
    multipliers = multipliers or [10 + 2 * w for w in range(weeks)]
    rows = []
    for week, multiplier in enumerate(multipliers):
        for day in range(7):
            for slot, offset in enumerate(SLOTS):
                when = MONDAY + pd.Timedelta(days=7 * week + day) + offset
                base = int(PATTERN[day, slot])
                rows += [(when, "phone", base * multiplier), (when, "email", base),
                         (when, "social", 0)]
    return pd.DataFrame(rows, columns=["interval_start", "channel", "contacts"])


def phone_forecast(history: pd.DataFrame, start: pd.Timestamp, method: str,
                   days: int = 7, weeks: int = 4) -> np.ndarray:
    """The phone forecast as a days × slots array."""
    plan = forecast(history, start, days=days, method=method, weeks=weeks)
    phone = plan[plan["channel"] == "phone"].sort_values("interval_start")
    return phone["forecast"].to_numpy().reshape(days, len(SLOTS))


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    """Contacts per half-hour of the default organisation."""
    return volume_by_interval(load("contacts"))


# ------------------------------------------------------------ volume_by_interval
def test_volume_by_interval_counts_and_fills_zero_intervals() -> None:
    contacts = pd.DataFrame({
        "channel": ["phone", "phone", "email", "phone", "phone"],
        "arrived_at": pd.to_datetime(["2026-01-05 09:05", "2026-01-05 09:29",
                                      "2026-01-05 10:59", "2026-01-06 14:00",
                                      "2026-01-06 14:10"]),
    })
    table = volume_by_interval(contacts)
    assert list(table.columns) == ["interval_start", "channel", "contacts"]
    monday = table[table["interval_start"].dt.normalize() == MONDAY]
    phone = monday[monday["channel"] == "phone"].set_index("interval_start")["contacts"]
    # Monday's span is 09:00-10:30 (four half-hours); nothing happens overnight or before
    assert phone.to_dict() == {MONDAY + pd.Timedelta(minutes=m): n
                               for m, n in [(540, 2), (570, 0), (600, 0), (630, 0)]}
    tuesday = table[table["interval_start"].dt.normalize() == MONDAY + pd.Timedelta(days=1)]
    assert len(tuesday) == 2  # one half-hour (14:00) × two channels, email being 0
    assert tuesday.set_index("channel")["contacts"].to_dict() == {"phone": 2, "email": 0}
    hourly = volume_by_interval(contacts, freq="1h")
    assert hourly["contacts"].sum() == 5 and len(hourly) == (2 + 1) * 2


def test_volume_by_interval_keeps_a_channel_with_no_contacts() -> None:
    contacts = pd.DataFrame({
        "channel": pd.Categorical(["phone", "email"],
                                  categories=["phone", "email", "chat", "social"]),
        "arrived_at": ["2026-01-05 09:10", "2026-01-05 09:40"],  # text is parsed
    })
    table = volume_by_interval(contacts)
    assert table["channel"].unique().tolist() == ["phone", "email", "chat", "social"]
    assert table.groupby("channel")["contacts"].sum().to_dict() == {
        "chat": 0, "email": 1, "phone": 1, "social": 0}


def test_volume_by_interval_on_default_data(history: pd.DataFrame) -> None:
    contacts = load("contacts")
    assert history["contacts"].sum() == len(contacts)
    assert set(history["channel"]) == {"phone", "email", "chat", "social"}
    assert (history["interval_start"].dt.minute % 30 == 0).all()
    # email arrives 07:00-23:00, so every day spans 32 half-hours for all four channels
    assert len(history) == 91 * 32 * 4
    closed = history[(history["channel"] == "phone")
                     & (history["interval_start"].dt.hour < 8)]
    assert closed["contacts"].sum() == 0 and len(closed) > 0


# ------------------------------------------------------------ hand-computed methods
def test_weekly_profile_is_the_mean_of_the_last_weeks() -> None:
    history = synthetic(5)  # multipliers 10, 12, 14, 16, 18
    profile = weekly_profile(history, weeks=4).set_index(["channel", "weekday", "time"])
    # the last four weeks have multipliers 12..18, mean 15
    assert profile.loc[("phone", "Monday", "09:00"), "contacts"] == 6 * 15
    assert profile.loc[("phone", "Sunday", "09:30"), "contacts"] == 2 * 15
    assert profile.loc[("email", "Tuesday", "09:30"), "contacts"] == 7
    assert profile.loc[("social", "Friday", "09:00"), "contacts"] == 0
    assert len(profile) == 3 * 7 * 2
    assert weekly_profile(history, weeks=2).loc[0, "contacts"] == 6 * 17


def test_seasonal_average_forecast_is_the_mean_of_the_weeks() -> None:
    history = synthetic(4)  # multipliers 10, 12, 14, 16: mean 13
    start = MONDAY + pd.Timedelta(weeks=4)
    np.testing.assert_allclose(phone_forecast(history, start, SEASONAL), PATTERN * 13.0)
    # three weeks from week 1: (12 + 14 + 16) / 3 = 14
    np.testing.assert_allclose(phone_forecast(history, start, SEASONAL, weeks=3),
                               PATTERN * 14.0)


def test_trend_method_recovers_a_linear_trend() -> None:
    history = synthetic(4)  # weekly totals on a line: multipliers 10, 12, 14, 16
    start = MONDAY + pd.Timedelta(weeks=4)
    fitted = phone_forecast(history, start, TREND, days=14)
    np.testing.assert_allclose(fitted[:7], PATTERN * 18.0)   # next point on the line
    np.testing.assert_allclose(fitted[7:], PATTERN * 20.0)   # and the week after
    plan = forecast(history, start, method=TREND)
    assert plan.attrs["trend_factor"]["phone"] == pytest.approx(18 / 13, abs=1e-4)
    assert plan.attrs["trend_factor"]["email"] == 1.0  # flat channel: no change


def test_trend_method_stops_at_zero_when_falling_steeply() -> None:
    history = synthetic(4, multipliers=[40, 25, 10, 1])
    start = MONDAY + pd.Timedelta(weeks=4)
    fitted = phone_forecast(history, start, TREND)
    assert (fitted == 0).all()  # the fitted line is below zero: no negative contacts
    plan = forecast(history, start, method=TREND)
    assert (plan["forecast"] >= 0).all() and plan["forecast"].dtype == float


def test_naive_repeats_the_last_week() -> None:
    history = synthetic(4)
    start = MONDAY + pd.Timedelta(weeks=4)
    np.testing.assert_allclose(phone_forecast(history, start, NAIVE, days=14),
                               np.vstack([PATTERN * 16.0, PATTERN * 16.0]))
    # one week into the data, "last week" is week 0
    np.testing.assert_allclose(phone_forecast(history, MONDAY + pd.Timedelta(weeks=1), NAIVE),
                               PATTERN * 10.0)


def test_forecast_may_start_after_the_history_ends() -> None:
    history = synthetic(4)
    wednesday = MONDAY + pd.Timedelta(weeks=4, days=2)  # two days after the data ends
    fitted = phone_forecast(history, wednesday, SEASONAL)
    np.testing.assert_allclose(fitted, np.roll(PATTERN, -2, axis=0) * 13.0)


def test_forecast_frame_contract() -> None:
    plan = forecast(synthetic(4), MONDAY + pd.Timedelta(weeks=4), days=3)
    assert list(plan.columns) == ["interval_start", "channel", "forecast", "method"]
    assert plan["channel"].unique().tolist() == ["phone", "email", "social"]
    assert plan["method"].unique().tolist() == [TREND]
    assert plan["interval_start"].is_monotonic_increasing
    assert len(plan) == 3 * 2 * 3


# ------------------------------------------------------------ no peeking
@pytest.mark.parametrize("method", METHODS)
def test_forecast_uses_only_history_before_start(history: pd.DataFrame, method: str) -> None:
    start = pd.Timestamp("2026-03-02")
    before = forecast(history, start, days=7, method=method)
    changed = history.copy()
    later = changed["interval_start"] >= start
    changed.loc[later, "contacts"] = changed.loc[later, "contacts"] * 7 + 3
    pd.testing.assert_frame_equal(forecast(changed, start, days=7, method=method), before)
    cut = history[history["interval_start"] < start]
    pd.testing.assert_frame_equal(forecast(cut, start, days=7, method=method), before)
    # and data just before the start does matter (so the comparison above can fail)
    earlier = history.copy()
    earlier.loc[earlier["interval_start"] >= start - pd.Timedelta(days=1), "contacts"] += 50
    assert not forecast(earlier, start, days=7, method=method).equals(before)


# ------------------------------------------------------------ accuracy
def test_accuracy_hand_computed() -> None:
    times = pd.to_datetime(["2026-01-05 09:00", "2026-01-05 09:30", "2026-01-06 09:00"])
    plan = pd.DataFrame({"interval_start": times, "channel": "phone",
                         "forecast": [10.0, 10.0, 20.0], "method": SEASONAL})
    actual = pd.DataFrame({"interval_start": times, "channel": "phone",
                           "contacts": [12, 6, 22]})
    row = accuracy(plan, actual).iloc[0]
    # errors 2 + 4 + 2 = 8 on 40 actual; forecast 40 = actual 40; days: |20-18| + |20-22| = 4
    assert row["wape_pct"] == pytest.approx(20.0)
    assert row["bias_pct"] == pytest.approx(0.0)
    assert row["daily_wape_pct"] == pytest.approx(10.0)
    assert row["method"] == SEASONAL and row["forecast"] == 40 and row["actual"] == 40
    assert "WAPE" in row["note"] and "for every 100" in row["note"]


def test_accuracy_counts_contacts_the_forecast_left_out() -> None:
    times = pd.to_datetime(["2026-01-05 09:00", "2026-01-05 09:30"])
    plan = pd.DataFrame({"interval_start": times[:1], "channel": "phone", "forecast": [10.0]})
    actual = pd.DataFrame({"interval_start": times, "channel": "phone", "contacts": [10, 5]})
    row = accuracy(plan, actual).iloc[0]
    assert row["wape_pct"] == pytest.approx(100 * 5 / 15)
    assert row["bias_pct"] == pytest.approx(-100 * 5 / 15)  # under-forecast: negative


def test_zero_volume_channel_gives_nan_with_explanation() -> None:
    history = synthetic(5)
    start = MONDAY + pd.Timedelta(weeks=4)
    plan = forecast(history, start, days=7, method=SEASONAL)
    assert (plan.loc[plan["channel"] == "social", "forecast"] == 0).all()
    with np.errstate(all="raise"):  # no division by zero anywhere
        table = accuracy(plan, history).set_index("channel")
    assert np.isnan(table.loc["social", "wape_pct"]) and np.isnan(table.loc["social", "bias_pct"])
    assert "divide by zero" in table.loc["social", "note"]
    assert table.loc["email", "wape_pct"] == 0.0 and table.loc["email", "note"] == ""
    assert "WAPE" in table.loc["phone", "note"]  # explained once, on the first row
    assert sum("weighted absolute" in note for note in table["note"]) == 1
    shown = forecast_vs_actual(history, "social", start, method=TREND)
    assert (shown[["forecast", "actual"]].to_numpy() == 0).all()


# ------------------------------------------------------------ default data
def test_backtest_seasonal_beats_naive_on_phone(history: pd.DataFrame) -> None:
    table = backtest(history, holdout_weeks=2)
    assert len(table) == 2 * 4 * 3
    assert table["week_start"].drop_duplicates().dt.strftime("%Y-%m-%d").tolist() == [
        "2026-03-23", "2026-03-30"]
    assert (table["points_behind_best"] >= 0).all()
    assert table.groupby(["week_start", "channel"])["best"].sum().min() >= 1
    phone = table[table["channel"] == "phone"].pivot(index="week_start", columns="method",
                                                     values="wape_pct")
    # Seen on the default data (phone WAPE %, weeks of 23 and 30 March, Good Friday in the
    # second): naive 18.1 and 21.4; seasonal average 15.1 and 18.5; with trend 15.4 and 17.8.
    best = phone[[SEASONAL, TREND]].min(axis=1)
    assert (best < phone[NAIVE]).all()
    assert ((best > 6) & (best < 22)).all()


def test_the_spike_day_is_missed_by_the_forecast(history: pd.DataFrame) -> None:
    spike = pd.Timestamp(read_manifest()["hidden_truths"]["spike"]["date"])
    week = spike - pd.Timedelta(days=spike.day_of_week)
    for method in METHODS:
        frame = forecast_vs_actual(history, "phone", week, method=method)
        day = frame[frame["interval_start"].dt.normalize() == spike]
        # seen: actual 3,366 phone contacts against a forecast of about 1,900 (+75%)
        assert day["actual"].sum() > 1.25 * day["forecast"].sum()
        others = frame[frame["interval_start"].dt.normalize() == spike - pd.Timedelta(days=1)]
        assert others["actual"].sum() < 1.25 * others["forecast"].sum()


def test_peaks_mid_morning_for_phone_and_not_on_easter_monday(history: pd.DataFrame) -> None:
    plan = forecast(history, "2026-04-06", days=7)  # the week after the data ends
    top = peaks(plan, "phone", top=5)
    assert list(top.columns) == ["interval_start", "weekday", "time", "forecast",
                                 "vs_quietest"]
    assert len(top) == 5 and top["forecast"].is_monotonic_decreasing
    first = top.iloc[0]
    # Monday 6 April is Easter Monday: the busiest half-hour is on the first normal weekday
    assert pd.Timestamp("2026-04-06") not in set(top["interval_start"].dt.normalize())
    assert first["weekday"] in ("Tuesday", "Wednesday", "Thursday", "Friday")
    assert "09:30" <= first["time"] <= "11:30"
    # Seen: the generator's own noise-free plan gives about 3.9; averaging noisy weeks pushes
    # the busiest half-hour up and the quietest down.
    assert 2.5 < first["vs_quietest"] < 6
    quiet_time = top.attrs["quietest"].split(": ")[0][-5:]  # the opening or closing hours
    assert quiet_time < "09:00" or quiet_time >= "16:00", top.attrs["quietest"]


def test_forecast_vs_actual_one_row_per_interval(history: pd.DataFrame) -> None:
    frame = forecast_vs_actual(history, "chat", "2026-03-09")
    assert list(frame.columns) == ["interval_start", "forecast", "actual"]
    week = history[(history["channel"] == "chat")
                   & (history["interval_start"] >= "2026-03-09")
                   & (history["interval_start"] < "2026-03-16")]
    assert frame["interval_start"].tolist() == week["interval_start"].tolist()
    assert frame["actual"].tolist() == week["contacts"].tolist()
    plan = forecast(history, "2026-03-09", days=7)
    expected = plan.loc[plan["channel"] == "chat", "forecast"].sum()
    assert frame["forecast"].sum() == pytest.approx(expected)


# ------------------------------------------------------------ errors
def _plan(history: pd.DataFrame) -> pd.DataFrame:
    return forecast(history, "2026-02-02", days=7)


ERRORS = [
    (lambda h: volume_by_interval(pd.DataFrame({"channel": ["phone"]})),
     "contacts table has no column 'arrived_at'"),
    (lambda h: forecast(h.drop(columns=["contacts", "channel"]), "2026-02-02"),
     "history table has no column 'channel'"),
    (lambda h: accuracy(_plan(h).drop(columns="forecast"), h),
     "forecast table has no column 'forecast'"),
    (lambda h: forecast(h, "2026-02-02", method="average"),
     "Unknown method 'average'. Choose one of: 'naive (same time last week)'"),
    (lambda h: peaks(_plan(h), "fax"), "Unknown channel 'fax'"),
    (lambda h: forecast_vs_actual(h, "letters", "2026-03-02"), "'phone', 'email'"),
    (lambda h: forecast(h, "2026-01-19"),
     "needs 4 full week(s) of history before 2026-01-19; there are 2"),
    (lambda h: backtest(h, holdout_weeks=10), "need 14 full weeks of history; there are 13"),
    (lambda h: forecast(h, "2025-12-01"), "outside the data"),
    (lambda h: forecast(h, "2026-05-01"), "outside the data"),
    (lambda h: forecast_vs_actual(h, "phone", "2026-04-06"), "outside the data"),
    (lambda h: forecast(h, "not a date"), "start must be a date"),
    (lambda h: forecast(h, "2026-02-02", method=TREND, weeks=1),
     "weeks must be a whole number of 2"),
    (lambda h: forecast(h, "2026-02-02", days=0), "days must be"),
    (lambda h: volume_by_interval(load("contacts").head(), freq="7min"), "divide a day"),
    (lambda h: accuracy(forecast(h, "2026-04-06"), h), "whole forecast period"),
    (lambda h: forecast(h.assign(contacts=-1), "2026-02-02"), "negative"),
    (lambda h: forecast(h.iloc[:0], "2026-02-02"), "no rows"),
    (lambda h: weekly_profile([1, 2]), "must be a pandas DataFrame"),
]


@pytest.mark.parametrize(("call", "message"), ERRORS)
def test_clear_errors(history: pd.DataFrame, call, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        call(history)
    assert message in str(raised.value)


def test_naive_needs_only_one_week(history: pd.DataFrame) -> None:
    plan = forecast(history, "2026-01-12", method=NAIVE, weeks=9)  # weeks is not used
    first = history[history["interval_start"] < "2026-01-12"]
    assert plan["forecast"].sum() == first["contacts"].sum()


def test_methods_are_the_three_documented_names() -> None:
    assert METHODS == ("naive (same time last week)", "seasonal average",
                       "seasonal average with trend")
    assert forecasting.forecast.__defaults__[1] in METHODS


# ------------------------------------------------------------ next week's plan
def test_week_after_is_the_next_monday() -> None:
    friday = pd.Series(pd.to_datetime(["2026-03-30 09:00", "2026-04-03 17:00"]))
    assert forecasting.week_after(friday) == pd.Timestamp("2026-04-06")
    sunday = pd.Series(pd.to_datetime(["2026-04-05 22:30"]))
    assert forecasting.week_after(sunday) == pd.Timestamp("2026-04-06")
    with pytest.raises(ValueError, match="non-empty"):
        forecasting.week_after(pd.Series([], dtype="datetime64[ns]"))


def test_planned_aht_uses_the_last_full_week_weighted_by_contacts() -> None:
    days = pd.date_range("2026-01-05", periods=14, freq="D")
    plan = pd.DataFrame({"interval_start": list(days) * 2,
                         "channel": ["phone"] * 14 + ["chat"] * 14,
                         "forecast_contacts": [10.0] * 7 + [30.0, 10.0] * 3 + [10.0]
                         + [5.0] * 14,
                         "forecast_aht_s": [300.0] * 7 + [400.0, 200.0] * 3 + [200.0]
                         + [600.0] * 14})
    aht = forecasting.planned_aht(plan)
    # last week: three days of 30 calls at 400 s and four of 10 at 200 s
    assert aht == {"phone": round((90 * 400 + 40 * 200) / 130), "chat": 600.0}


def test_forecast_plan_keeps_open_half_hours_with_their_handle_time() -> None:
    when = pd.date_range("2026-04-06 08:00", periods=4, freq="30min")
    frame = pd.DataFrame({"interval_start": list(when) * 2, "channel": ["phone"] * 4 +
                          ["email"] * 4, "forecast": [0.0, 10.04, 20.0, 5.0, 1.0, 0, 2, 3]})
    plan = forecasting.forecast_plan(frame, {"phone": 300, "email": 450})
    assert list(plan.columns) == list(forecasting.PLAN_COLUMNS)
    assert len(plan) == 6 and (plan["forecast_contacts"] > 0).all()
    assert plan.loc[plan["channel"] == "phone", "forecast_aht_s"].eq(300).all()
    with pytest.raises(ValueError, match="No handle time for 'email'"):
        forecasting.forecast_plan(frame, {"phone": 300})
    with pytest.raises(ValueError, match="above 0"):
        forecasting.forecast_plan(frame, {"phone": 300, "email": -1})


def test_busiest_intervals_is_the_one_ranking() -> None:
    when = pd.date_range("2026-04-07 08:00", periods=6, freq="30min")
    plan = pd.DataFrame({"interval_start": when, "channel": "phone",
                         "forecast_contacts": [12.0, 170.5, 161.6, 170.5, 0.0, 30.0],
                         "forecast_aht_s": 350.0})
    top = forecasting.busiest_intervals(plan, "phone", top=3)
    assert top["time"].tolist() == ["08:30", "09:30", "09:00"]  # a tie: earlier first
    assert top["calls"].tolist() == [171, 171, 162]  # halves round up
    assert top["forecast_aht_s"].tolist() == [350, 350, 350]
    assert top.attrs["quietest_contacts"] == 12.0  # open half-hours only
    assert top["vs_quietest"].iloc[0] == pytest.approx(170.5 / 12)
    busiest = forecasting.busiest_interval(plan, "phone")
    assert busiest["interval_start"] == top["interval_start"].iloc[0]
    assert busiest["calls"] == top["calls"].iloc[0]
    with pytest.raises(ValueError, match="no open chat"):
        forecasting.busiest_intervals(plan, "chat")


def test_busiest_intervals_matches_peaks_on_a_forecast(history: pd.DataFrame) -> None:
    frame = forecast(history, "2026-04-06", days=7)
    plan = forecasting.forecast_plan(frame, forecasting.planned_aht(load("interval_plan")))
    ranked = forecasting.busiest_intervals(plan, "phone", top=5)
    old = peaks(frame, "phone", top=5)
    assert ranked["interval_start"].tolist() == old["interval_start"].tolist()
    assert ranked["calls"].tolist() == forecasting.whole_calls(
        ranked["forecast_contacts"]).tolist()


def test_wape_and_best_method() -> None:
    assert forecasting.wape_pct([12, 8, 10], [10, 10, 10]) == pytest.approx(40 / 3)
    assert np.isnan(forecasting.wape_pct([1, 2], [0, 0]))
    with pytest.raises(ValueError, match="same length"):
        forecasting.wape_pct([1, 2], [1])
    summary = pd.DataFrame({"a": [3.0, 1.0], "b": [2.0, 1.0]}, index=["phone", "chat"])
    assert forecasting.best_method(summary).tolist() == ["b", "a"]
    with pytest.raises(ValueError, match="backtest_summary"):
        forecasting.best_method(pd.DataFrame())
