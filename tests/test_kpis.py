"""KPIs: hand-computed small cases for every KPI, edge cases, RAG, the catalogue and the scorecard.

The small tables are built by hand here so that every expected value can be checked on paper
(the working is in the comments).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis import kpis
from csmlib.data import load

NA = pd.NA


def make(**columns: object) -> pd.DataFrame:
    """A contacts table: the columns given, sensible defaults for the rest."""
    n = len(next(iter(columns.values())))  # type: ignore[arg-type]
    frame = {
        "contact_id": [f"K{i}" for i in range(n)],
        "customer_id": [f"C{i}" for i in range(n)],
        "agent_id": ["A1"] * n,
        "team": ["Oak"] * n,
        "channel": ["phone"] * n,
        "arrived_at": pd.date_range("2026-03-02 09:00", periods=n, freq="min"),
        "answered": [True] * n,
        "wait_s": [0] * n,
        "handle_s": [300] * n,
        "resolved_first_contact": [True] * n,
        "csat": [NA] * n,
        "nps": [NA] * n,
        "ces": [NA] * n,
    }
    frame.update(columns)
    frame["arrived_at"] = pd.to_datetime(frame["arrived_at"])
    for survey in ("csat", "nps", "ces"):
        if not isinstance(frame[survey], pd.Series):
            frame[survey] = pd.array(frame[survey], dtype="Int64")
    return pd.DataFrame(frame)


@pytest.fixture
def queue() -> pd.DataFrame:
    """Ten contacts: five phone, three chat, one email, one social."""
    return make(
        channel=["phone", "phone", "phone", "phone", "phone", "chat", "chat", "chat", "email",
                 "social"],
        answered=[True, True, True, False, False, True, True, False, True, True],
        wait_s=[0, 20, 21, 5, 90, 10, 60, 30, 0, 0],
        handle_s=[300, 400, 500, 999, 0, 600, 700, 0, 200, 100],
        resolved_first_contact=[True, False, True, True, False, True, False, False, True, False],
        csat=[5, 4, 3, NA, 1, 2, 4, 5, NA, NA],
        nps=[10, 9, 8, 7, 6, 0, 10, NA, NA, 9],
        ces=[7, 6, 5, NA, 4, 3, NA, NA, NA, NA],
    )


@pytest.fixture(scope="module")
def default() -> dict[str, pd.DataFrame]:
    return {"contacts": load("contacts"), "qa": load("qa_evaluations"),
            "complaints": load("complaints"), "plan": load("interval_plan"),
            "budget": load("budget")}


# ------------------------------------------------------------------ access and speed
def test_service_level_by_hand(queue: pd.DataFrame) -> None:
    # offered = 8 phone/chat; within 20 s: waits 0, 20 (on the boundary) and 10 → 3 of 8;
    # the abandoned call after 5 s is offered but not within target; email is left out
    assert kpis.service_level(queue) == 3 / 8
    # within 60 s: 0, 20, 21, 10, 60 → 5 of 8
    assert kpis.service_level(queue, target_s=60) == 5 / 8


def test_speed_of_answer_abandonment_and_handle_time_by_hand(queue: pd.DataFrame) -> None:
    # answered phone/chat waits: 0 + 20 + 21 + 10 + 60 = 111 over 5
    assert kpis.average_speed_of_answer(queue) == pytest.approx(22.2)
    # abandoned: 2 phone + 1 chat of 8 offered
    assert kpis.abandonment_rate(queue) == 3 / 8
    # answered (7, every channel): 300+400+500+600+700+200+100 = 2,800; the abandoned row's
    # 999 s is ignored
    assert kpis.average_handle_time(queue) == 400.0


def test_fcr_agent_flag_by_hand(queue: pd.DataFrame) -> None:
    # answered rows 0,1,2,5,6,8,9 flagged T,F,T,T,F,T,F → 4 of 7; the abandoned row's flag
    # does not count
    assert kpis.fcr(queue) == 4 / 7
    assert kpis.fcr(queue, method="agent flag") == 4 / 7


def repeats() -> pd.DataFrame:
    return make(
        customer_id=["C1", "C1", "C2", "C2", "C3", "C3", "C4", "C5"],
        arrived_at=["2026-03-01 09:00",   # C1, followed exactly 7 days later → repeat
                    "2026-03-08 09:00",   # C1, nothing after → resolved
                    "2026-03-01 10:00",   # C2, next is 7 days and 1 minute later → resolved
                    "2026-03-08 10:01",   # C2, nothing after → resolved
                    "2026-03-02 09:00",   # C3, followed by an abandoned call → repeat
                    "2026-03-04 09:00",   # C3 abandoned: not judged itself
                    "2026-03-15 09:00",   # in the last 7 days: cannot be judged
                    "2026-03-20 12:00"],  # the last contact of the data
        answered=[True, True, True, True, True, False, True, True],
    )


def test_fcr_no_repeat_by_hand() -> None:
    frame = repeats()
    # judged: rows 0-4 (row 5 abandoned, rows 6-7 after 13 March 12:00) → 3 of 5 not repeated
    assert kpis.fcr(frame, method="no repeat in 7 days") == pytest.approx(0.6)
    # row order does not matter
    shuffled = frame.iloc[[5, 2, 7, 0, 3, 6, 1, 4]]
    assert kpis.fcr(shuffled, method="no repeat in 7 days") == pytest.approx(0.6)
    # every agent flagged "resolved": the flag flatters
    assert kpis.fcr(frame) == 1.0


def test_fcr_no_repeat_needs_contacts_old_enough_to_judge() -> None:
    frame = repeats().iloc[6:]   # 15 and 20 March only: both in the last 7 days
    with pytest.raises(kpis.NothingToMeasure, match="last 7 days"):
        kpis.fcr(frame, method="no repeat in 7 days")


def test_fcr_two_methods_on_default_data(default: dict[str, pd.DataFrame]) -> None:
    contacts = default["contacts"]
    flag = kpis.fcr(contacts, method="agent flag")
    measured = kpis.fcr(contacts, method="no repeat in 7 days")
    assert 0.5 < measured < flag < 1


# ------------------------------------------------------------------ surveys
def test_csat_by_hand(queue: pd.DataFrame) -> None:
    score = kpis.csat(queue)
    # answers 5, 4, 3, 1, 2, 4, 5 → 4 of 7 are 4 or 5
    assert score.n == 7 and score.unit == "%"
    assert score.value == pytest.approx(400 / 7)
    # Wilson: centre (p + z²/2n)/(1 + z²/n), half z/(1 + z²/n)·√(p(1−p)/n + z²/4n²)
    assert (score.low, score.high) == pytest.approx((25.0458, 84.1780), abs=1e-3)
    assert not score.reliable
    assert score.note == "small sample (n = 7): interval ±29.6 points"


def test_nps_by_hand(queue: pd.DataFrame) -> None:
    score = kpis.nps(queue)
    # answers 10, 9, 8, 7, 6, 0, 10, 9: promoters 4, detractors 2, passives 2 of 8
    assert score.n == 8 and score.value == pytest.approx(25.0)
    # Var = (0.5 + 0.25 − 0.25²) ÷ 8 = 0.0859375; ±1.96 × √Var = ±0.5746
    assert (score.low, score.high) == pytest.approx((-32.4565, 82.4565), abs=1e-3)
    assert str(score) == "NPS +25.0 (n = 8; 95% CI -32.5 to 82.5)"


def test_ces_by_hand(queue: pd.DataFrame) -> None:
    score = kpis.ces(queue)
    # answers 7, 6, 5, 4, 3: mean 5, sample sd √2.5; t(4 df) = 2.7764
    assert score.n == 5 and score.value == 5.0
    assert (score.low, score.high) == pytest.approx((3.0368, 6.9632), abs=1e-3)
    assert score.unit == "out of 7"


def test_survey_kpi_text_and_reliability() -> None:
    score = kpis.SurveyKPI(76.1, 1234, 73.8, 78.4, "%", name="CSAT")
    assert str(score) == "CSAT 76.1% (n = 1,234; 95% CI 73.8–78.4%)"
    assert score.reliable and "76.1%" in score._repr_html_()
    assert not kpis.SurveyKPI(76.1, 99, 67.0, 84.0, "%", name="CSAT").reliable
    assert kpis.SurveyKPI(76.1, 100, 67.0, 84.0, "%", name="CSAT").reliable
    negative = kpis.SurveyKPI(-5.2, 400, -9.0, -1.4, "points", name="NPS")
    assert str(negative) == "NPS -5.2 (n = 400; 95% CI -9.0 to -1.4)"


def test_zero_survey_responses_give_nan_not_an_error() -> None:
    frame = make(channel=["phone", "chat"])
    for function, name in ((kpis.csat, "CSAT"), (kpis.nps, "NPS"), (kpis.ces, "CES")):
        score = function(frame)
        assert score.n == 0 and math.isnan(score.value) and math.isnan(score.low)
        assert score.note == "no survey responses in this selection"
        assert str(score) == f"{name}: no survey responses (n = 0)"
        assert "no survey responses" in score._repr_html_()


def test_one_survey_response() -> None:
    frame = make(channel=["phone", "phone"], csat=[5, NA], nps=[10, NA], ces=[6, NA])
    satisfied = kpis.csat(frame)
    # Wilson still works with one answer: 1 ÷ (1 + z²) = 0.2065
    assert satisfied.n == 1 and satisfied.value == 100.0
    assert (satisfied.low, satisfied.high) == pytest.approx((20.6549, 100.0), abs=1e-3)
    assert satisfied.note == "small sample (n = 1): interval ±39.7 points"
    for score in (kpis.nps(frame), kpis.ces(frame)):   # no spread, so no interval
        assert score.n == 1 and math.isnan(score.low) and math.isnan(score.high)
        assert "too few responses" in str(score) and "too few responses" in score.note


def test_survey_missing_values_as_float_nan_or_int64_na(queue: pd.DataFrame) -> None:
    as_float = queue.assign(csat=queue["csat"].astype("float64"))
    assert np.isnan(as_float["csat"]).sum() == 3
    assert kpis.csat(as_float) == kpis.csat(queue)


def test_survey_answers_off_the_scale_are_refused(queue: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="csat answers must be from 1 to 5"):
        kpis.csat(queue.assign(csat=pd.array([6] + [NA] * 9, dtype="Int64")))


def test_intervals_shrink_with_more_responses(default: dict[str, pd.DataFrame]) -> None:
    contacts = default["contacts"]
    team = sorted(contacts.loc[contacts["answered"], "team"].unique())[0]
    surveyed = contacts[(contacts["team"] == team) & contacts["csat"].notna()]
    small, centre = kpis.csat(surveyed.head(10)), kpis.csat(contacts)
    assert small.n == 10 and centre.n > 100 * small.n
    assert small.half_width > 5 * centre.half_width
    assert not small.reliable and centre.reliable


def test_statistics_helpers() -> None:
    assert kpis.wilson_interval(3, 5) == pytest.approx((0.23072, 0.88238), abs=1e-5)
    assert all(math.isnan(x) for x in kpis.wilson_interval(0, 0))
    assert kpis.t_quantile_975(4) == 2.7764
    # the expansion joins the table smoothly and tends to 1.96
    assert kpis.t_quantile_975(31) == pytest.approx(2.0395, abs=2e-4)
    assert kpis.t_quantile_975(30) > kpis.t_quantile_975(31) > kpis.t_quantile_975(10_000)
    assert kpis.t_quantile_975(10_000) == pytest.approx(1.9602, abs=1e-4)


# ------------------------------------------------------------------ people
def test_qa_score_by_hand() -> None:
    qa = pd.DataFrame({"agent_id": ["A1", "A2", "A1", "A2", "A3"],
                       "total_score": [80.0, 70.0, np.nan, 90.0, 60.0]})
    assert kpis.qa_score(qa) == 75.0   # (80 + 70 + 90 + 60) ÷ 4, the missing score ignored
    with pytest.raises(ValueError, match="qa_evaluations table has no column .total_score."):
        kpis.qa_score(qa.drop(columns="total_score"))


def occupancy_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    contacts = make(
        channel=["phone", "phone", "phone", "chat", "email"],
        arrived_at=["2026-03-02 09:10", "2026-03-02 09:40", "2026-03-02 10:00",
                    "2026-03-02 09:15", "2026-03-02 09:20"],
        answered=[True, True, False, True, True],
        handle_s=[600, 1200, 0, 900, 5000],
    )
    plan = pd.DataFrame({
        "interval_start": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 09:30",
                                          "2026-03-02 09:00", "2026-03-02 09:00",
                                          "2026-03-03 09:00"]),
        "channel": ["phone", "phone", "chat", "email", "phone"],
        "scheduled_agents": [2, 1, 1, 5, 3],
    })
    return contacts, plan


def test_occupancy_by_hand() -> None:
    contacts, plan = occupancy_tables()
    # phone handled 600 + 1,200 = 1,800 s ÷ phone agents on 2 March (2 + 1) × 1,800 s
    phone = contacts[contacts["channel"] == "phone"]
    assert kpis.occupancy(phone, plan) == 1800 / 5400
    assert kpis.occupancy(contacts, plan, "phone") == 1800 / 5400
    # available time, not scheduled time: 20% on-shift shrinkage leaves 4,320 s
    assert kpis.occupancy(contacts, plan, "phone", on_shift_shrinkage=0.2) == pytest.approx(
        1800 / 4320)
    # chat: 900 s ÷ (1 agent × 1,800 s × 2 chats at once)
    assert kpis.occupancy(contacts, plan, "chat", chat_concurrency=2) == 900 / 3600
    assert kpis.occupancy(contacts, plan, "chat") == 900 / (1800 * kpis.CHAT_CONCURRENCY)
    assert kpis.occupancy(contacts, plan, "chat", chat_concurrency=1) == 900 / 1800


def test_occupancy_is_never_pooled_across_phone_and_chat() -> None:
    contacts, plan = occupancy_tables()
    with pytest.raises(kpis.NothingToMeasure, match="one channel at a time"):
        kpis.occupancy(contacts, plan)


def test_occupancy_of_concurrent_chats_is_a_share_of_capacity() -> None:
    _, plan = occupancy_tables()
    chats = make(channel=["chat", "chat"], handle_s=[1800, 1800],
                 arrived_at=["2026-03-02 09:00", "2026-03-02 09:01"])
    # two chats at once for the one scheduled chat agent: 3,600 s ÷ 1,800 s would be 200%;
    # of a capacity of two chats it is 100%
    assert kpis.occupancy(chats, plan, chat_concurrency=1) == 2.0
    assert kpis.occupancy(chats, plan, chat_concurrency=2) == 1.0
    assert kpis.occupancy(chats, plan) == 2 / kpis.CHAT_CONCURRENCY  # the course default


def test_occupancy_without_scheduled_agents() -> None:
    contacts, plan = occupancy_tables()
    with pytest.raises(kpis.NothingToMeasure, match="no phone agents scheduled"):
        kpis.occupancy(contacts, plan[plan["channel"] == "email"], "phone")
    with pytest.raises(ValueError, match="interval_plan table has no column"):
        kpis.occupancy(contacts, plan.drop(columns="scheduled_agents"), "phone")
    with pytest.raises(ValueError, match="on_shift_shrinkage is a share"):
        kpis.occupancy(contacts, plan, "phone", on_shift_shrinkage=1.0)


def test_utilisation_is_not_occupancy() -> None:
    """Utilisation = logged-in ÷ paid time; occupancy = handling ÷ logged-in time."""
    attendance = kpis.example_attendance()
    # paid 8 + 8 + 7.5 + 7.5 = 31 h; logged in (8 − 1) + (7.5 − 1.5) + (7.5 − 1) = 19.5 h
    assert kpis.utilisation(attendance) == pytest.approx(19.5 / 31)
    assert kpis.on_shift_shrinkage(attendance) == pytest.approx(3.5 / 23)


def test_people_measures_by_hand() -> None:
    attendance = kpis.example_attendance()
    # adherence over the days present, weighted by hours: (.95 × 8 + .85 × 7.5 + .9 × 7.5) ÷ 23
    assert kpis.schedule_adherence(attendance) == pytest.approx(
        (0.95 * 8 + 0.85 * 7.5 + 0.90 * 7.5) / 23)
    assert kpis.absence_rate(attendance) == pytest.approx(8 / 31)
    agents = pd.DataFrame({"agent_id": ["A1", "A2", "A3", "A4"],
                           "hire_date": pd.to_datetime(["2025-01-01"] * 3 + ["2026-02-01"]),
                           "left_on": pd.to_datetime([None, "2026-01-31", "2026-03-31", None])})
    # 1 Jan: A1, A2, A3 employed (3); 31 Mar: A1, A3 (left that day), A4 (3); leavers 2
    assert kpis.attrition_rate(agents, "2026-01-01", "2026-03-31") == pytest.approx(
        2 / 3 * 365 / 90)
    with pytest.raises(kpis.NothingToMeasure, match="not in this data"):
        kpis.attrition_rate(agents.drop(columns="left_on"), "2026-01-01", "2026-03-31")
    with pytest.raises(ValueError, match="last_day"):
        kpis.attrition_rate(agents, "2026-03-31", "2026-01-01")
    with pytest.raises(ValueError, match="attendance table has no column"):
        kpis.schedule_adherence(attendance.drop(columns="adherence_pct"))


def test_channel_measures_use_each_channels_own_standard(queue: pd.DataFrame) -> None:
    # chat: 3 offered; within 60 s: waits 10 and 60 (answered) → 2 of 3
    assert kpis.service_level(queue, 60, channel="chat") == pytest.approx(2 / 3)
    # phone: 5 offered; within 20 s: 0 and 20 → 2 of 5
    assert kpis.service_level(queue, 20, channel="phone") == pytest.approx(2 / 5)
    assert kpis.abandonment_rate(queue, channel="chat") == pytest.approx(1 / 3)
    assert kpis.average_handle_time(queue, channel="email") == 200.0
    assert kpis.average_speed_of_answer(queue, channel="chat") == 35.0
    with pytest.raises(kpis.NothingToMeasure, match="no chat contacts"):
        kpis.service_level(queue[queue["channel"] == "phone"], 60, channel="chat")
    with pytest.raises(ValueError, match="channel must be one of"):
        kpis.service_level(queue, 20, channel="fax")


def test_channel_standards_match_notebook_02() -> None:
    """The catalogue's answer times are notebook 02's standards (PLAN_STANDARDS)."""
    import re

    from csmlib.analysis.standards import PLAN_STANDARDS

    for channel, words in PLAN_STANDARDS.items():
        number, unit = re.search(r"(\d+)\s*(s|hours?)\b", words).groups()
        seconds = float(number) * (1 if unit == "s" else 3600)
        assert kpis.CHANNEL_ANSWER_S[channel] == seconds, channel
        rows = [e for e in kpis.KPI_CATALOGUE if e.function == "service_level"
                and e.channel == channel]
        assert len(rows) == 1 and rows[0].answer_s == seconds


# ------------------------------------------------------------------ complaints and money
def test_complaints_per_1000_by_hand() -> None:
    contacts = make(channel=["phone"] * 8,
                    arrived_at=["2026-03-02 09:00"] * 4 + ["2026-03-03 09:00"] * 4)
    complaints = pd.DataFrame({
        "received_at": pd.to_datetime(["2026-03-02 12:00", "2026-03-02 15:00",
                                       "2026-03-03 10:00", "2026-03-05 10:00",
                                       "2026-02-28 10:00"]),
        "contact_id": ["K0", "K0", "K5", "K1", "X9"],
    })
    # received on 2 or 3 March: 3 complaints ÷ 8 contacts × 1,000
    assert kpis.complaints_per_1000(contacts, complaints) == 375.0
    # about these contacts: K0 twice, K5, K1 → 4 ÷ 8 × 1,000
    assert kpis.complaints_per_1000(contacts, complaints, method="linked to contacts") == 500.0
    assert kpis.complaints_per_1000(contacts, complaints.iloc[:0]) == 0.0
    with pytest.raises(ValueError, match="method must be one of"):
        kpis.complaints_per_1000(contacts, complaints, method="by month")


def daily(first: str, days: int, per_day: int = 1) -> pd.DataFrame:
    times = np.repeat(pd.date_range(first, periods=days, freq="D") + pd.Timedelta(hours=9),
                      per_day)
    return make(arrived_at=list(times))


def test_cost_per_contact_by_hand() -> None:
    budget = pd.DataFrame({"month": ["2026-02", "2026-02", "2026-03"],
                           "line": ["salaries", "systems", "salaries"],
                           "budget_gbp": [900.0, 400.0, 2800.0],
                           "actual_gbp": [1000.0, 400.0, 2800.0]})
    # whole month: every day of February, one contact a day → £1,400 ÷ 28
    assert kpis.cost_per_contact(daily("2026-02-01", 28), budget) == 50.0
    # divided by contacts HANDLED: 7 of the 28 abandoned → £1,400 ÷ 21
    february = daily("2026-02-01", 28).assign(answered=[True, True, True, False] * 7)
    assert kpis.cost_per_contact(february, budget) == pytest.approx(1400 / 21)
    # per channel only with a budget split by channel; otherwise it says so
    with pytest.raises(kpis.NothingToMeasure, match="not split by channel"):
        kpis.cost_per_contact(february, budget, channel="phone")
    split = budget.assign(channel=["phone", "chat", "phone"])
    assert kpis.cost_per_contact(february, split, channel="phone") == pytest.approx(1000 / 21)
    # 1–7 March, 2 contacts a day: £2,800 × 7/31 days ÷ 14 contacts
    week = daily("2026-03-01", 7, per_day=2)
    assert kpis.cost_per_contact(week, budget) == pytest.approx(2800 * 7 / 31 / 14)
    # the plan says March's budget covers only 1–14 March: £2,800 × 7/14 ÷ 14
    plan = pd.DataFrame({"interval_start": pd.date_range("2026-03-01 09:00", periods=14,
                                                         freq="D")})
    assert kpis.cost_per_contact(week, budget, plan) == 100.0
    with pytest.raises(kpis.NothingToMeasure, match="no actual spend for 2026-04"):
        kpis.cost_per_contact(daily("2026-03-30", 3), budget)


# ------------------------------------------------------------------ edge cases and errors
def test_all_abandoned() -> None:
    frame = make(channel=["phone", "chat", "phone"], answered=[False] * 3,
                 wait_s=[5, 40, 300], handle_s=[0, 0, 0])
    assert kpis.service_level(frame) == 0.0
    assert kpis.abandonment_rate(frame) == 1.0
    with pytest.raises(kpis.NothingToMeasure, match="every customer gave up"):
        kpis.average_speed_of_answer(frame)
    with pytest.raises(kpis.NothingToMeasure, match="no answered contacts"):
        kpis.average_handle_time(frame)
    with pytest.raises(kpis.NothingToMeasure, match="no answered contacts"):
        kpis.fcr(frame)


def test_no_phone_or_chat() -> None:
    frame = make(channel=["email", "social"])
    for function in (kpis.service_level, kpis.average_speed_of_answer, kpis.abandonment_rate):
        with pytest.raises(kpis.NothingToMeasure, match="no phone or chat contacts"):
            function(frame)
    assert kpis.average_handle_time(frame) == 300.0


def test_missing_answered_flags_count_as_not_answered() -> None:
    frame = make(channel=["phone"] * 4, answered=pd.array([True, NA, True, False],
                                                          dtype="boolean"),
                 wait_s=[10, 10, 10, 10])
    assert kpis.service_level(frame) == 0.5 and kpis.abandonment_rate(frame) == 0.5


def test_empty_selection_is_refused(queue: pd.DataFrame) -> None:
    empty = queue.iloc[:0]
    for function in (kpis.service_level, kpis.average_speed_of_answer, kpis.abandonment_rate,
                     kpis.average_handle_time, kpis.fcr, kpis.csat, kpis.nps, kpis.ces):
        with pytest.raises(ValueError, match="no contacts in this selection: widen the dates "
                                             "or remove a filter"):
            function(empty)
    with pytest.raises(ValueError, match="no contacts in this selection"):
        kpis.fcr(empty, method="no repeat in 7 days")


def test_missing_columns_are_named(queue: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match=r"The contacts table has no column .wait_s. \(How long"):
        kpis.service_level(queue.drop(columns="wait_s"))
    with pytest.raises(ValueError, match="contacts table has no column .customer_id."):
        kpis.fcr(queue.drop(columns=["customer_id", "arrived_at"]), method="no repeat in 7 days")
    with pytest.raises(ValueError, match="budget table has no column"):
        kpis.cost_per_contact(queue, pd.DataFrame({"month": ["2026-03"]}))
    with pytest.raises(ValueError, match="complaints table has no column"):
        kpis.complaints_per_1000(queue, pd.DataFrame({"id": [1]}))
    with pytest.raises(ValueError, match="method must be one of"):
        kpis.fcr(queue, method="survey")


# ------------------------------------------------------------------ catalogue and RAG
def test_catalogue_is_complete_and_consistent() -> None:
    names = [entry.name for entry in kpis.KPI_CATALOGUE]
    assert len(names) == len(set(names))   # no duplicates
    assert {entry.function for entry in kpis.KPI_CATALOGUE} == {
        "service_level", "average_speed_of_answer", "abandonment_rate", "average_handle_time",
        "fcr", "csat", "nps", "ces", "qa_score", "occupancy", "complaints_per_1000",
        "cost_per_contact", "schedule_adherence", "absence_rate", "attrition_rate"}
    for entry in kpis.KPI_CATALOGUE:
        assert callable(getattr(kpis, entry.function))
        assert entry.perspective in kpis.PERSPECTIVES and entry.source
        if entry.direction == kpis.BAND:
            assert entry.amber[0] < entry.target[0] < entry.target[1] < entry.amber[1]
        elif entry.direction == kpis.HIGHER:
            assert entry.amber < entry.target
        else:
            assert entry.direction == kpis.LOWER and entry.amber > entry.target
    assert kpis.catalogue_entry("service level").target == 0.8
    assert kpis.catalogue_entry("cost_per_contact").target_text() == "≤ £5.58"


def test_balanced_scorecard_uses_kaplan_and_nortons_four_perspectives() -> None:
    assert kpis.PERSPECTIVES == ("financial", "customer", "internal process",
                                 "learning and growth")
    used = [entry.perspective for entry in kpis.KPI_CATALOGUE]
    assert sorted(set(used), key=used.index) == list(kpis.PERSPECTIVES)
    people = {e.function for e in kpis.KPI_CATALOGUE if e.perspective == "learning and growth"}
    assert {"attrition_rate", "absence_rate", "schedule_adherence"} <= people


def test_queue_and_handle_measures_are_judged_per_channel() -> None:
    """Never pooled: every service level, ASA, abandonment, AHT and occupancy row names one
    channel, and each queued channel has its own row of each queue measure."""
    per_channel = ("service_level", "average_speed_of_answer", "abandonment_rate",
                   "average_handle_time", "occupancy")
    for entry in kpis.KPI_CATALOGUE:
        if entry.function in per_channel:
            assert entry.channel in kpis.CHANNELS, entry.name
            assert entry.channel in entry.name.lower(), entry.name
    for function in per_channel:
        channels = {e.channel for e in kpis.KPI_CATALOGUE if e.function == function}
        assert set(kpis.QUEUED_CHANNELS) <= channels, function
    chat = next(e for e in kpis.KPI_CATALOGUE if e.function == "service_level"
                and e.channel == "chat")
    assert chat.answer_s == 60 and chat.target == 0.8


def test_occupancy_band_agrees_with_its_85_percent_source() -> None:
    for entry in kpis.KPI_CATALOGUE:
        if entry.function != "occupancy":
            continue
        assert entry.target[1] <= 0.85 and "85%" in entry.source and "burnout" in entry.source
        assert entry.amber[1] <= 0.90
        assert kpis.rag(0.86, entry) == "amber" and kpis.rag(0.91, entry) == "red"
        # low occupancy is never "off target": a cost question, not a reason to cut staff
        assert kpis.rag(0.30, entry) == "amber" and kpis.rag(0.72, entry) == "green"


def test_kpi_sources_say_what_they_measure_and_where() -> None:
    source = {e.function: e.source for e in kpis.KPI_CATALOGUE}
    assert "2023" in source["average_speed_of_answer"] and "120 s" in source[
        "average_speed_of_answer"] and "UK" in source["average_speed_of_answer"]
    assert "9.1%" in source["abandonment_rate"] and "2023" in source["abandonment_rate"]
    assert "North American" in source["csat"] and "North American" in source["fcr"]
    assert "not an agent's flag" in source["fcr"]
    assert "relationship NPS" in source["nps"]
    assert "£5.58" in source["cost_per_contact"] and "2024" in source["cost_per_contact"]
    assert "Caveat" in source["cost_per_contact"]
    table = kpis.kpi_sources()
    assert len(table) == len(kpis.KPI_CATALOGUE) and table["source"].str.len().min() > 10


def test_rag_boundaries_one_sided() -> None:
    # higher is better: green from 0.80, amber from 0.75
    assert [kpis.rag(v, "service level") for v in (0.80, 0.7999, 0.75, 0.7499)] == [
        "green", "amber", "amber", "red"]
    assert kpis.rag(0.8 - 1e-12, "service level") == "green"   # rounding noise is ignored
    # lower is better: green to 5%, amber to the UK mean of 9.1%
    assert [kpis.rag(v, "abandonment") for v in (0.05, 0.0501, 0.091, 0.0911)] == [
        "green", "amber", "amber", "red"]
    assert kpis.rag(kpis.SurveyKPI(75.0, 500, 71.0, 79.0, "%", "CSAT"), "csat") == "green"


def test_rag_boundaries_of_the_occupancy_band() -> None:
    values = (0.30, 0.6999, 0.70, 0.80, 0.85, 0.8501, 0.90, 0.9001)
    assert [kpis.rag(v, "occupancy") for v in values] == [
        "amber", "amber", "green", "green", "green", "amber", "amber", "red"]


def test_rag_without_a_value_and_unknown_names() -> None:
    assert kpis.rag(math.nan, "csat") == "no data" and kpis.rag(None, "nps") == "no data"
    with pytest.raises(ValueError, match="no single KPI called 'speed'"):
        kpis.rag(1.0, "speed")


# ------------------------------------------------------------------ scorecard
def small_tables() -> dict[str, pd.DataFrame]:
    return {
        "qa_df": pd.DataFrame({"agent_id": ["A1", "A1", "A9"],
                               "evaluated_at": pd.to_datetime(["2026-03-02 12:00"] * 3),
                               "total_score": [80.0, 70.0, 10.0]}),
        "complaints_df": pd.DataFrame({"received_at": pd.to_datetime(["2026-03-02 12:00"]),
                                       "contact_id": ["K1"]}),
        "plan_df": pd.DataFrame({"interval_start": pd.to_datetime(["2026-03-02 09:00"] * 2),
                                 "channel": ["phone", "chat"], "scheduled_agents": [2, 1]}),
        "budget_df": pd.DataFrame({"month": ["2026-03"], "actual_gbp": [310.0]}),
    }


def test_scorecard_on_a_small_selection(queue: pd.DataFrame) -> None:
    card = kpis.scorecard(queue, **small_tables()).set_index("kpi")
    assert list(card.columns) == ["perspective", "value", "formatted", "target", "status", "n",
                                  "note", "channel"]
    phone = "Service level: phone, answered in 20 s"
    # phone only: 5 calls offered; within 20 s: waits 0 and 20 → 2 of 5
    assert card.loc[phone, "value"] == 2 / 5 and card.loc[phone, "formatted"] == "40.0%"
    # chat against its own 60 s: waits 10 and 60 answered, 1 abandoned → 2 of 3
    assert card.loc["Service level: chat, answered in 60 s", "value"] == pytest.approx(2 / 3)
    # phone AHT: answered calls 300, 400, 500 → 400 s
    assert card.loc["AHT: phone (average handle time)", "formatted"] == "6 min 40 s"
    # QA: only agent A1 answered these contacts → (80 + 70) ÷ 2
    assert card.loc["QA score", "value"] == 75.0 and card.loc["QA score", "n"] == 2
    # complaints linked to these contacts: 1 ÷ 10 × 1,000
    assert card.loc["Complaints per 1,000 contacts", "value"] == 100.0
    # occupancy per channel: phone 300 + 400 + 500 = 1,200 s ÷ (2 × 1,800 s);
    # chat 600 + 700 = 1,300 s ÷ (1 × 1,800 s × the course's chats at once)
    assert card.loc["Occupancy: phone", "value"] == pytest.approx(1200 / 3600)
    assert card.loc["Occupancy: chat", "value"] == pytest.approx(
        1300 / (1800 * kpis.CHAT_CONCURRENCY))
    # cost: the plan has only 2 March, so March's £310 covers that one day → £310 ÷ 7 handled
    assert card.loc["Cost per contact handled", "value"] == pytest.approx(310 / 7)
    csat_row = card.loc["CSAT (customer satisfaction)"]
    assert csat_row["n"] == 7 and csat_row["note"].startswith("small sample (n = 7)")
    assert set(card["status"]) <= {"green", "amber", "red", "no data"}
    # no attendance or leavers given: the people rows say so instead of inventing a figure
    for name in ("Schedule adherence", "Absence (unplanned)", "Attrition (annualised)"):
        assert card.loc[name, "status"] == "no data"
        assert card.loc[name, "note"].startswith("not in this data")


def test_scorecard_with_people_tables(queue: pd.DataFrame) -> None:
    attendance = kpis.example_attendance().assign(date=pd.Timestamp("2026-03-02"))
    card = kpis.scorecard(queue, **small_tables(), attendance_df=attendance).set_index("kpi")
    # only A1 answered: adherence 95% on the one day present; absent 8 of 16 hours
    assert card.loc["Schedule adherence", "value"] == pytest.approx(0.95)
    assert card.loc["Absence (unplanned)", "value"] == pytest.approx(0.5)
    # occupancy now divides by available time: A1's on-shift shrinkage 1 h of 8 present
    assert card.loc["Occupancy: phone", "value"] == pytest.approx(1200 / (3600 * 7 / 8))
    assert "on-shift shrinkage (attendance)" in card.loc["Occupancy: phone", "note"]


def test_low_occupancy_while_service_level_misses_is_not_a_reason_to_cut_staff(
        queue: pd.DataFrame) -> None:
    card = kpis.scorecard(queue, **small_tables()).set_index("kpi")
    # phone service level 40% (off target) with phone occupancy 33%: the note says what to do
    assert card.loc["Service level: phone, answered in 20 s", "status"] == "red"
    note = card.loc["Occupancy: phone", "note"]
    assert card.loc["Occupancy: phone", "status"] == "amber"
    assert "do not cut staff" in note and "service level misses" in note


def test_scorecard_marks_what_cannot_be_measured() -> None:
    emails = make(channel=["email", "email"], csat=[NA, NA])
    card = kpis.scorecard(emails, **small_tables()).set_index("kpi")
    for name in ("Service level: phone, answered in 20 s", "ASA: chat (average speed of answer)",
                 "Abandonment: phone", "Occupancy: chat", "AHT: phone (average handle time)"):
        assert card.loc[name, "status"] == "no data" and card.loc[name, "formatted"] == "–"
        assert "contacts in this selection" in card.loc[name, "note"]
    csat_row = card.loc["CSAT (customer satisfaction)"]
    assert csat_row["formatted"] == "no survey responses" and csat_row["n"] == 0
    assert card.loc["AHT: email (average handle time)", "status"] == "green"
    assert card.loc["Email: replied within 24 hours", "status"] == "green"


def test_scorecard_targets_can_be_changed(queue: pd.DataFrame) -> None:
    card = kpis.scorecard(queue, **small_tables(), targets={"service_level": 0.35,
                                                           "Occupancy": (0.2, 0.6)})
    card = card.set_index("kpi")
    phone = "Service level: phone, answered in 20 s"
    assert card.loc[phone, "target"] == "≥ 35%" and card.loc[phone, "status"] == "green"
    assert card.loc["Occupancy: phone", "target"] == "20–60%"
    assert card.loc["Occupancy: phone", "status"] == "green"
    # a full name changes that row only
    one = kpis.scorecard(queue, **small_tables(), targets={
        "Service level: chat, answered in 60 s": 0.6}).set_index("kpi")
    assert one.loc["Service level: chat, answered in 60 s", "target"] == "≥ 60%"
    assert one.loc[phone, "target"] == "≥ 80%"
    with pytest.raises(ValueError, match="no single KPI"):
        kpis.scorecard(queue, **small_tables(), targets={"speed": 1})
    with pytest.raises(ValueError, match=r"\(low, high\) range"):
        kpis.scorecard(queue, **small_tables(), targets={"occupancy": 0.8})


def test_scorecard_errors(queue: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="no contacts in this selection"):
        kpis.scorecard(queue.iloc[:0], **small_tables())
    with pytest.raises(ValueError, match=r"contacts table has no column .csat."):
        kpis.scorecard(queue.drop(columns="csat"), **small_tables())


def test_scorecard_on_the_default_data(default: dict[str, pd.DataFrame]) -> None:
    contacts = default["contacts"]
    card = kpis.scorecard(contacts, default["qa"], default["complaints"], default["plan"],
                          default["budget"])
    assert list(card["perspective"].unique()) == list(kpis.PERSPECTIVES)
    assert list(card["kpi"]) == [entry.name for entry in kpis.KPI_CATALOGUE]
    measured = ~card["kpi"].isin(["Schedule adherence", "Absence (unplanned)",
                                  "Attrition (annualised)"])
    assert set(card["status"]) <= {"green", "amber", "red", "no data"}
    assert card.loc[measured, "value"].notna().all()
    by_kpi = card.set_index("kpi")
    for entry in kpis.KPI_CATALOGUE:
        if entry.function == "service_level":
            assert by_kpi.loc[entry.name, "value"] == kpis.service_level(
                contacts, entry.answer_s, channel=entry.channel)
        if entry.function == "average_handle_time":
            assert by_kpi.loc[entry.name, "value"] == pytest.approx(
                kpis.average_handle_time(contacts, channel=entry.channel))
    assert by_kpi.loc["FCR (first contact resolution)", "value"] == kpis.fcr(
        contacts, method="no repeat in 7 days")
    survey = kpis.csat(contacts)
    assert by_kpi.loc["CSAT (customer satisfaction)", "n"] == survey.n
    assert by_kpi.loc["CSAT (customer satisfaction)", "value"] == survey.value
    assert by_kpi.loc["QA score", "value"] == pytest.approx(kpis.qa_score(default["qa"]))
    # full cost ÷ contacts HANDLED (the data covers whole budget periods)
    assert by_kpi.loc["Cost per contact handled", "value"] == pytest.approx(
        default["budget"]["actual_gbp"].sum() / contacts["answered"].sum())
    chat = kpis.occupancy(contacts, default["plan"], "chat")
    assert by_kpi.loc["Occupancy: chat", "value"] == pytest.approx(chat) and chat < 1


# ------------------------------------------------------------ by period, by group, scope
@pytest.fixture(scope="module")
def all_contacts() -> pd.DataFrame:
    from csmlib.data import load

    return load("contacts")


def test_every_weekly_value_agrees_with_the_single_figure_functions(all_contacts) -> None:
    weeks = kpis.periods(all_contacts)
    singles = {"service level": lambda one: kpis.service_level(
                   one[one["channel"] == "phone"]) * 100,
               "abandonment": lambda one: kpis.abandonment_rate(one) * 100,
               "FCR": lambda one: kpis.fcr(one) * 100,
               "not contacted again in 7 days":
                   lambda one: kpis.fcr(one, method="no repeat in 7 days") * 100,
               "AHT": kpis.average_handle_time,
               "CSAT": lambda one: kpis.csat(one).value, "NPS": lambda one: kpis.nps(one).value}
    assert set(singles) == set(kpis.TRENDS)
    chosen = sorted(weeks.unique())[1:-2:4]  # several whole weeks, not the unjudgeable last
    phone = all_contacts["channel"] == "phone"
    for name, single in singles.items():
        rows = all_contacts[phone] if name == "service level" else all_contacts
        trend = kpis.kpi_by_period(rows, name, weeks[rows.index])
        for week in chosen:
            one = all_contacts[weeks == week]
            assert trend[week] == pytest.approx(single(one)), (name, week)
    # a chat-only trend judges chats against chat's own 60 s
    chat = all_contacts[all_contacts["channel"] == "chat"]
    week = chosen[0]
    assert kpis.kpi_by_period(chat, "service level", weeks[chat.index])[week] == pytest.approx(
        100 * kpis.service_level(chat[weeks[chat.index] == week], 60, channel="chat"))


def test_no_repeat_fcr_of_teams_adds_up_to_the_centre(all_contacts) -> None:
    """A KPI means the same for a team as for the centre: the teams' no-repeat FCR, weighted
    by the contacts each could be judged on, gives the centre's figure, and a team's figure
    computed on its own rows equals its row of the drill-down."""
    centre = kpis.fcr(all_contacts, method="no repeat in 7 days")
    table = kpis.kpis_by_group(all_contacts, "team").set_index("team")
    answered = all_contacts[all_contacts["answered"]]
    judged = answered[answered[kpis.REPEAT_COLUMN].notna()] if (
        kpis.REPEAT_COLUMN in answered) else answered
    weights = judged.groupby("team").size()
    weighted = (table["not contacted again in 7 days %"] * weights).sum() / weights.sum()
    assert weighted == pytest.approx(centre * 100, abs=0.06)
    team = table.index[0]
    alone = kpis.fcr(all_contacts[all_contacts["team"] == team], method="no repeat in 7 days")
    assert alone * 100 == pytest.approx(table.loc[team, "not contacted again in 7 days %"],
                                        abs=0.05)
    assert alone < 0.9  # on main a team's own rows gave 95% by hiding other teams' repeats


def test_drill_down_intervals_are_wider_for_small_groups(all_contacts) -> None:
    teams = kpis.kpis_by_group(all_contacts, "team")
    agents = kpis.kpis_by_group(all_contacts[all_contacts["team"] == teams.iloc[0, 0]],
                                "agent_id")
    width = lambda text: float(text.split("–")[1]) - float(text.split("–")[0])  # noqa: E731
    team_widths = teams["CSAT 95% interval"].map(width)
    agent_widths = agents["CSAT 95% interval"][agents["surveys (n)"] > 0].map(width)
    assert agent_widths.mean() > team_widths.mean()
    with pytest.raises(ValueError, match="by must be"):
        kpis.kpis_by_group(all_contacts, "channel")


def test_trend_targets_come_from_the_catalogue() -> None:
    assert kpis.trend_target("service level") == 100 * kpis.catalogue_entry(
        "service_level").target
    assert kpis.trend_target("not contacted again in 7 days") == kpis.trend_target("FCR")
    with pytest.raises(ValueError, match="choose one of"):
        kpis.trend_target("happiness")


def test_centre_scope_is_in_the_catalogue_and_applied_to_team_cards() -> None:
    shared = kpis.centre_scope_kpis()
    assert {entry.function for entry in kpis.KPI_CATALOGUE if entry.name in shared} == {
        "service_level", "average_speed_of_answer", "abandonment_rate", "occupancy",
        "cost_per_contact"}
    team = pd.DataFrame({"kpi": list(shared) + ["QA score"], "value": 0.0, "formatted": "0",
                         "status": "red", "n": None, "note": ""})
    centre = team.assign(value=1.0, formatted="1", status="green")
    card = kpis.with_centre_context(team, centre).set_index("kpi")
    assert (card.loc[list(shared), "status"] == "green").all()
    assert card.loc["QA score", "status"] == "red"
