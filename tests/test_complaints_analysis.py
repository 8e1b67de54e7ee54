"""csmlib.analysis.complaints: business days, timeliness with open complaints, Pareto,
fishbone, cost, churn by outcome and triage scoring — on hand-made rows and on the data."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis import complaints as C
from csmlib.data import load
from csmlib.data.store import DataError

# ------------------------------------------------------------------ helpers
#: complaints columns that exist before and after the triage columns are added
EXISTING = ["complaint_id", "customer_id", "received_at", "channel", "category", "severity",
            "vulnerable", "description", "acknowledged_at", "resolved_at", "outcome",
            "redress_gbp", "root_cause"]


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return load("complaints", columns=EXISTING)


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return load("customers")


def frame(**columns) -> pd.DataFrame:
    out = pd.DataFrame(columns)
    for name in ("received_at", "acknowledged_at", "resolved_at", "deadlock_letter_at"):
        if name in out:
            out[name] = pd.to_datetime(out[name])
    return out


# ------------------------------------------------------------------ business days
@pytest.mark.parametrize(("day", "n", "expected"), [
    ("2026-04-01", 1, "2026-04-02"),        # Wednesday -> Thursday
    ("2026-04-02", 1, "2026-04-07"),        # Thursday: Good Friday, weekend, Easter Monday
    ("2026-04-02", 3, "2026-04-09"),
    ("2026-04-03", 1, "2026-04-07"),        # received on Good Friday
    ("2026-04-04", 3, "2026-04-09"),        # received on Saturday of Easter weekend
    ("2026-04-06", 0, "2026-04-06"),        # 0 days: the day itself
    ("2026-12-24", 1, "2026-12-29"),        # Christmas Day Fri, Boxing Day substitute Mon 28th
    ("2026-12-23", 3, "2026-12-30"),
    ("2026-12-31", 1, "2027-01-04"),        # New Year's Day Friday
])
def test_add_business_days_skips_weekends_and_bank_holidays(day, n, expected):
    assert C.add_business_days(day, n) == dt.date.fromisoformat(expected)


def test_business_days_need_holidays_to_be_right():
    assert C.add_business_days("2026-04-02", 1, holidays=[]) == dt.date(2026, 4, 3)
    assert C.add_business_days("2026-04-02", 1, holidays=["2026-04-03"]) == dt.date(2026, 4, 6)


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2026-04-02 16:00", "2026-04-07 09:00", 1),
    ("2026-04-02", "2026-04-02 23:00", 0),
    ("2026-04-01", "2026-04-09", 4),        # Thu 2, Tue 7, Wed 8, Thu 9
    ("2026-04-04", "2026-04-06", 0),        # Saturday to Easter Monday: none
    ("2026-12-24", "2026-12-29", 1),
    ("2026-01-05", "2026-01-12", 5),
])
def test_business_days_between(start, end, expected):
    assert C.business_days_between(start, end) == expected


def test_business_days_between_agrees_with_add_business_days():
    for n in range(8):
        day = C.add_business_days("2026-03-30", n)
        assert C.business_days_between("2026-03-30", day) == n


@pytest.mark.parametrize(("call", "match"), [
    (lambda: C.add_business_days("2026-04-01", -1), "n must be"),
    (lambda: C.add_business_days("2026-04-01", 1.5), "n must be"),
    (lambda: C.add_business_days("yesterday", 1), "day must be a date"),
    (lambda: C.business_days_between("2026-04-09", "2026-04-01"), "must not be before"),
    (lambda: C.add_business_days("2026-04-01", 1, holidays="2026-04-02"), "holidays"),
])
def test_business_day_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# ------------------------------------------------------------------ timeliness
def _timeliness_rows() -> pd.DataFrame:
    return frame(
        complaint_id=["A", "B", "C", "D", "E", "F"],
        received_at=["2026-01-05 10:00", "2026-01-06 10:00", "2026-01-07 10:00",
                     "2026-04-02 09:00", "2026-04-07 12:00", "2026-04-08 09:00"],
        #   A acked same day; B acked 2026-01-20 (late); C same day; D Thu before Easter,
        #   acked Tue 14 Apr = 4 business days; E open unacked, not due; F after as_of
        acknowledged_at=["2026-01-05 11:00", "2026-01-20 10:00", "2026-01-07 11:00",
                         "2026-04-14 09:00", None, "2026-04-08 10:00"],
        #   A resolved in 2 business days; B never (open, past 8 weeks); C at 8 weeks +1
        #   day; D resolved Thu 9 Apr: 3rd business day after Easter; E open, recent
        resolved_at=["2026-01-07 16:00", None, "2026-03-05 10:00", "2026-04-09 17:00", None,
                     None])


def test_timeliness_counts_open_complaints():
    table = C.timeliness(_timeliness_rows(), as_of="2026-04-09").set_index("measure")
    assert list(table.columns) == list(C.TIMELINESS_COLUMNS[1:])
    ack = table.loc["Acknowledged within 5 business days"]
    # met A, C, F; missed B; not yet due: D (acknowledged after as_of, due Mon 13 Apr once
    # Easter is skipped) and E
    assert (ack["met"], ack["missed"], ack["not_yet_due"]) == (3, 1, 2)
    quick = table.loc["Resolved within 3 business days"]
    # met: A and D (D only because Good Friday and Easter Monday do not count); missed: B
    # (open past day 3), C (late); not yet due: E (received Tue 7 Apr, due Fri 10), F
    assert (quick["met"], quick["missed"], quick["not_yet_due"]) == (2, 2, 2)
    no_holidays = C.timeliness(_timeliness_rows(), as_of="2026-04-09", holidays=[])
    assert no_holidays.set_index("measure").loc["Resolved within 3 business days",
                                                "met"] == 1
    final = table.loc["Final response within 8 weeks"]
    # met A, D; missed B (open past 8 weeks) and C (responded a day late); E, F not yet due
    assert (final["complaints"], final["met"], final["missed"], final["not_yet_due"]) == (
        4, 2, 2, 2)
    assert final["share"] == pytest.approx(0.5)
    assert "Still open past 8 weeks, counted as missed: 1." in final["note"]
    assert "66.7% instead of 50.0%" in final["note"]
    assert table.loc["Still open past 8 weeks", "met"] == 1
    assert table.loc["Still open, under 8 weeks", "met"] == 2
    closed = table.loc["Final response within 8 weeks, closed complaints only"]
    assert (closed["complaints"], closed["met"]) == (3, 2)
    assert table["source"].str.len().min() > 10
    assert "DISP 1.5" in quick["source"]


def test_timeliness_as_of_moves_the_picture():
    rows = _timeliness_rows()
    early = C.timeliness(rows, as_of="2026-01-06").set_index("measure")
    # on 6 Jan only A and B had arrived; A was resolved on 7 Jan: open then, not yet due
    assert early.loc["Still open, under 8 weeks", "complaints"] == 2
    assert early.loc["Still open, under 8 weeks", "met"] == 2
    assert early.loc["Final response within 8 weeks", "complaints"] == 0
    assert np.isnan(early.loc["Final response within 8 weeks", "share"])
    default = C.timeliness(rows)  # the last day a complaint was received: 8 Apr
    assert "8 Apr 2026" in default.set_index("measure").loc["Still open past 8 weeks", "note"]
    pd.testing.assert_frame_equal(default, C.timeliness(rows, as_of="2026-04-08"))


def test_timeliness_uses_the_sectors_weeks_and_deadlock_letters():
    rows = _timeliness_rows()
    four = C.timeliness(rows, final_response_weeks=4, as_of="2026-04-09").set_index("measure")
    assert "Final response within 4 weeks" in four.index
    assert four.loc["Final response within 4 weeks", "missed"] == 2  # B open, C late
    with_deadlock = rows.assign(deadlock_letter_at=pd.to_datetime(
        ["2026-01-06", "2026-02-20", None, None, None, None]))
    table = C.timeliness(with_deadlock, as_of="2026-04-09").set_index("measure")
    final = table.loc["Final response within 8 weeks"]
    assert (final["met"], final["missed"]) == (3, 1)  # B's deadlock letter was in time
    assert table.loc["Still open past 8 weeks", "met"] == 0
    assert "deadlock letter" in final["note"]


@pytest.mark.parametrize(("change", "match"), [
    ({"final_response_weeks": 0}, "final_response_weeks"),
    ({"final_response_weeks": 8.5}, "final_response_weeks"),
    ({"ack_business_days": -1}, "ack_business_days"),
    ({"as_of": "not a date"}, "as_of"),
])
def test_timeliness_bad_arguments(change, match):
    with pytest.raises(ValueError, match=match):
        C.timeliness(_timeliness_rows(), **change)


def test_timeliness_bad_tables():
    with pytest.raises(ValueError, match="acknowledged_at"):
        C.timeliness(_timeliness_rows().drop(columns="acknowledged_at"))
    bad = _timeliness_rows()
    bad.loc[0, "resolved_at"] = pd.Timestamp("2026-01-01")
    with pytest.raises(ValueError, match="before 'received_at' for complaint A"):
        C.timeliness(bad)
    with pytest.raises(ValueError, match="DataFrame"):
        C.timeliness(None)


def test_timeliness_on_the_data(data):
    table = C.timeliness(data).set_index("measure")
    final = table.loc["Final response within 8 weeks"]
    received = len(data)
    open_now = int(data["resolved_at"].isna().sum())
    assert table.loc["Still open past 8 weeks", "met"] + table.loc[
        "Still open, under 8 weeks", "met"] == open_now
    assert final["met"] + final["missed"] + final["not_yet_due"] == received
    # counting open ones can only lower the share the closed-only figure gives
    closed = table.loc["Final response within 8 weeks, closed complaints only"]
    assert final["share"] <= closed["share"] + 1e-12
    for _, row in table[table["kind"] == "deadline"].iterrows():
        assert row["met"] + row["missed"] == row["complaints"]
        assert 0 <= row["share"] <= 1


def test_open_ages_bands_match_timeliness(data):
    ages = C.open_ages(data)
    assert ages["band"].tolist() == ["under 2 weeks", "2–4 weeks", "4–8 weeks", "over 8 weeks"]
    assert ages["complaints"].sum() == data["resolved_at"].isna().sum()
    table = C.timeliness(data).set_index("measure")
    assert ages.iloc[-1]["complaints"] == table.loc["Still open past 8 weeks", "met"]
    assert (ages["vulnerable"] <= ages["complaints"]).all()


def test_open_ages_edges():
    rows = frame(received_at=["2026-03-18", "2026-03-04", "2026-02-04", "2026-02-03"],
                 resolved_at=[None, None, None, None], vulnerable=[True, True, False, False])
    ages = C.open_ages(rows, as_of="2026-04-01")  # ages 14, 28, 56, 57 days
    assert ages["complaints"].tolist() == [0, 1, 2, 1]
    assert ages["vulnerable"].tolist() == [0, 1, 1, 0]


# ------------------------------------------------------------------ Pareto and fishbone
def test_pareto_includes_the_category_that_crosses_80():
    rows = pd.DataFrame({"category": ["a"] * 50 + ["b"] * 25 + ["c"] * 15 + ["d"] * 10})
    table = C.pareto(rows)
    assert table["category"].tolist() == ["a", "b", "c", "d"]
    assert table["vital_few"].tolist() == [True, True, True, False]  # 50, 75, 90 %
    exact = pd.DataFrame({"category": ["a"] * 80 + ["b"] * 20})
    assert C.pareto(exact)["vital_few"].tolist() == [True, False]  # exactly 80% is enough


def test_pareto_keeps_blanks_and_other_columns():
    rows = pd.DataFrame({"category": ["a", None, "a", ""], "root_cause": list("xyxx")})
    table = C.pareto(rows)
    assert dict(zip(table["category"], table["complaints"], strict=True)) == {
        "(not recorded)": 2, "a": 2}
    assert C.pareto(rows, column="root_cause")["root_cause"].tolist() == ["x", "y"]
    with pytest.raises(ValueError, match="nope"):
        C.pareto(rows, column="nope")


def test_pareto_on_the_data(data):
    table = C.pareto(data)
    assert table["complaints"].sum() == len(data)
    assert table["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    vital = table[table["vital_few"]]
    assert vital["cumulative_share"].iloc[-1] >= 0.8
    if len(vital) > 1:
        assert vital["cumulative_share"].iloc[-2] < 0.8
    assert table["complaints"].is_monotonic_decreasing


def test_fishbone_branches(data):
    bones = C.fishbone(data)
    assert set(bones["branch"]) == set(C.FISHBONE_BRANCHES)
    known = data["root_cause"] != C.UNDER_INVESTIGATION
    assert bones["complaints"].sum() == known.sum()
    assert bones.attrs["under_investigation"] == (~known).sum()
    people = bones.loc[bones["branch"] == "people", "complaints"].sum()
    assert people == (data["root_cause"] == "agent error").sum()
    category = data["category"].iloc[0]
    one = C.fishbone(data, category=category)
    assert one["complaints"].sum() == ((data["category"] == category) & known).sum()
    with pytest.raises(ValueError, match="no complaints"):
        C.fishbone(data, category="nothing like it")


def test_fishbone_refuses_an_unknown_cause():
    with pytest.raises(ValueError, match="'weather' is not on the fishbone"):
        C.fishbone(pd.DataFrame({"root_cause": ["weather"]}))
    assert C.ROOT_CAUSE_BRANCH["communication"] == "process"
    assert set(C.ROOT_CAUSE_BRANCH.values()) == set(C.FISHBONE_BRANCHES)


def test_five_whys_template():
    steps = C.five_whys_template("Bills are late.")
    assert len(steps) == 5 and steps[0].startswith("Why 1: why are bills late?")
    assert C.five_whys_template("Late bills")[0].startswith("Why 1: why does this happen")
    with pytest.raises(ValueError, match="problem"):
        C.five_whys_template("  ")


def test_iso_stages():
    names = [s.name for s in C.ISO_10002_STAGES]
    assert names[0] == "Receipt and recording" and names[-1] == "Learning"
    assert len(names) == 8 and "ISO 10002:2018" in C.ISO_SOURCE


# ------------------------------------------------------------------ cost
def test_cost_of_complaints_by_hand():
    rows = pd.DataFrame({"category": ["a", "a", "b"], "severity": ["low", "high", "medium"],
                         "redress_gbp": [10.0, 90.0, 0.0]})
    cost = C.cost_of_complaints(rows, {"low": 1, "medium": 2, "high": 3}, 10.0,
                                total_row=True).set_index("category")
    assert cost.loc["a", "handling_hours"] == 4 and cost.loc["a", "total_gbp"] == 140
    assert cost.loc["b", "handling_cost_gbp"] == 20
    assert cost.loc["All complaints", "total_gbp"] == 160
    assert cost.loc["All complaints", "complaints"] == 3
    with pytest.raises(ValueError, match="no hours for severity 'medium'"):
        C.cost_of_complaints(rows, {"low": 1, "high": 3}, 10.0)
    with pytest.raises(ValueError, match="hourly_cost_gbp"):
        C.cost_of_complaints(rows, C.ASSUMED_HANDLING_HOURS, -5)
    with pytest.raises(ValueError, match="handling_hours_by_severity"):
        C.cost_of_complaints(rows, 4, 10.0)


def test_cost_of_complaints_on_the_data(data):
    cost = C.cost_of_complaints(data, C.ASSUMED_HANDLING_HOURS, 18.0)
    assert cost["complaints"].sum() == len(data)
    assert cost["redress_gbp"].sum() == pytest.approx(data["redress_gbp"].sum())
    hours = data["severity"].map(C.ASSUMED_HANDLING_HOURS).sum()
    assert cost["handling_cost_gbp"].sum() == pytest.approx(hours * 18.0)
    assert cost["total_gbp"].is_monotonic_decreasing


# ------------------------------------------------------------------ churn
def test_churn_counts_only_churn_after_the_complaint():
    complaints = frame(customer_id=["C1", "C1", "C2", "C3", "C4"],
                       outcome=["not upheld", "upheld", "not upheld", "upheld", "open"],
                       received_at=["2026-01-05", "2026-02-01", "2026-01-10", "2026-03-01",
                                    "2026-01-20"])
    customers = frame(customer_id=["C1", "C2", "C3", "C4", "C5", "C6"],
                      churned=[True, True, True, False, False, True],
                      churned_at=pd.to_datetime(["2026-01-20", "2026-01-10", "2026-02-01",
                                                 None, None, "2026-03-01"]))
    churn = C.churn_by_outcome(complaints, customers).set_index("outcome")
    # C1 left on 20 Jan, after the 5 Jan complaint (not upheld); the 1 Feb one came later
    # C2 left on the day of the complaint: counted; C3 left before complaining: left out
    assert churn.loc["not upheld", "customers"] == 2
    assert churn.loc["not upheld", "churned"] == 2
    assert "upheld" not in churn.index
    assert churn.loc["open", "churned"] == 0
    assert churn.loc["no complaint", "customers"] == 2
    assert churn.loc["no complaint", "churn_rate"] == pytest.approx(0.5)
    assert churn["small_sample"].all() and "too few" in churn.loc["open", "note"]
    frame_ = C.churn_by_outcome(complaints, customers)
    assert frame_.attrs["complained_after_leaving"] == 1


def test_churn_errors():
    complaints = frame(customer_id=["C9"], outcome=["open"], received_at=["2026-01-05"])
    customers = frame(customer_id=["C1"], churned=[False], churned_at=[pd.NaT])
    with pytest.raises(ValueError, match="'C9', who is not in the customers table"):
        C.churn_by_outcome(complaints, customers)
    with pytest.raises(ValueError, match="churned_at"):
        C.churn_by_outcome(complaints, customers.drop(columns="churned_at"))


def test_churn_on_the_data(data, customers):
    churn = C.churn_by_outcome(data, customers).set_index("outcome")
    assert set(churn.index) == {*data["outcome"].unique(), "no complaint"}
    complainers = data["customer_id"].nunique()
    assert churn.drop(index="no complaint")["customers"].sum() + churn.attrs[
        "complained_after_leaving"] == complainers
    assert churn.loc["no complaint", "customers"] == len(customers) - complainers
    assert ((churn["churn_low"] <= churn["churn_rate"])
            & (churn["churn_rate"] <= churn["churn_high"])).all()
    # churn counted for the complaint groups never exceeds all churn of those customers
    ids = data["customer_id"].unique()
    assert churn.drop(index="no complaint")["churned"].sum() <= customers.loc[
        customers["customer_id"].isin(ids), "churned"].sum()


# ------------------------------------------------------------------ triage
def _labelled() -> pd.DataFrame:
    routes = ["priority: vulnerable customer", "escalate: senior handler", "resolve now",
              "investigate"]
    rows = []
    for i in range(20):
        route = routes[i % 4]
        rows.append({
            "complaint_id": f"K{i:02d}", "channel": "phone",
            "category": ["bills", "meters", "service"][i % 3],
            "severity": {"escalate: senior handler": "high", "resolve now": "low"}.get(
                route, "medium"),
            "vulnerable": route == routes[0],
            "route": route,
            "description": ("My bill was wrong. " + (
                "I'm registered blind. " if route == routes[0] else "")
                + ("I will take it to the Energy Ombudsman." if route == routes[1] else
                   "Please correct this."))})
    return pd.DataFrame(rows)


def test_triage_sample_is_varied_and_repeatable():
    rows = _labelled()
    batch = C.triage_sample(rows, n=6, seed=3)
    assert len(batch) == 6 and batch["complaint_id"].is_unique
    assert set(batch["route"]) == set(C.ROUTES)
    assert set(batch["category"]) == {"bills", "meters", "service"}
    again = C.triage_sample(rows, n=6, seed=3)
    pd.testing.assert_frame_equal(batch, again)
    other = C.triage_sample(rows, n=6, seed=4)
    assert other["complaint_id"].tolist() != batch["complaint_id"].tolist()
    # the routes are not always in precedence order
    orders = {tuple(C.triage_sample(rows, n=4, seed=s)["route"]) for s in range(6)}
    assert len(orders) > 1


def test_triage_sample_needs_the_route():
    with pytest.raises(ValueError, match="no column 'route'.*triage route"):
        C.triage_sample(_labelled().drop(columns="route"))
    with pytest.raises(ValueError, match="n must be"):
        C.triage_sample(_labelled(), n=0)


def test_triage_agreement_scores_and_explains():
    truth = C.triage_sample(_labelled(), n=4, seed=0).set_index("complaint_id")
    answers = truth[list(C.TRIAGE_FIELDS)].astype(object)
    perfect = C.triage_agreement(answers, truth.reset_index())
    assert perfect.overall == 1.0 and perfect.missed.empty
    assert perfect.by_field["share"].tolist() == [1.0] * 4
    vulnerable_id = truth.index[truth["route"] == "priority: vulnerable customer"][0]
    escalate_id = truth.index[truth["route"] == "escalate: senior handler"][0]
    answers.loc[vulnerable_id, "route"] = "investigate"
    answers.loc[vulnerable_id, "vulnerable"] = "no"
    answers.loc[escalate_id, "severity"] = None
    result = C.triage_agreement(answers, truth.reset_index())
    assert result.overall == pytest.approx(13 / 16)
    shares = dict(zip(result.by_field["field"], result.by_field["share"], strict=True))
    assert shares == {"category": 1.0, "severity": 0.75, "vulnerable": 0.75, "route": 0.75}
    missed = result.missed.set_index(["complaint_id", "field"])
    route = missed.loc[(vulnerable_id, "route")]
    assert route["answer"] == "investigate" and route["label"] == "priority: vulnerable customer"
    assert "the customer is vulnerable" in route["why"]
    assert "registered blind" in missed.loc[(vulnerable_id, "vulnerable"), "why"]
    severity = missed.loc[(escalate_id, "severity")]
    assert severity["answer"] == "(no answer)" and severity["why"].startswith("High:")
    escalate_why = result.items.set_index(["complaint_id", "field"]).loc[
        (escalate_id, "route"), "why"]
    assert "severity is high" in escalate_why and "Energy Ombudsman" in escalate_why
    assert "Weakest field" in result.summary()


def test_triage_agreement_errors():
    truth = _labelled()
    with pytest.raises(ValueError, match="none of the triage fields"):
        C.triage_agreement(pd.DataFrame({"colour": ["red"]}, index=["K00"]), truth)
    with pytest.raises(ValueError, match="'K99', which is not in the labels"):
        C.triage_agreement(pd.DataFrame({"route": ["investigate"]}, index=["K99"]), truth)
    with pytest.raises(ValueError, match="answers must be"):
        C.triage_agreement(None, truth)


def test_why_label_follows_the_precedence():
    base = {"description": "The bill was wrong. Please correct this.", "category": "bills",
            "severity": "low", "vulnerable": False, "route": "resolve now"}
    assert C.why_label(base, "route").startswith("Resolve now")
    assert C.why_label(base, "severity").startswith("Low:")
    assert "correct this" in C.why_label(base, "severity")
    assert C.why_label(base, "vulnerable").startswith("No:")
    assert C.why_label(base, "category").startswith("It is about bills: “The bill was wrong.")
    with pytest.raises(ValueError, match="field must be"):
        C.why_label(base, "colour")


def test_triage_on_the_data_when_labelled():
    try:
        labelled = load("complaints", columns=[*EXISTING, "route"])
    except DataError:
        pytest.skip("the committed data has no 'route' column yet")
    batch = C.triage_sample(labelled, n=6, seed=0)
    assert set(batch["route"]) == set(C.ROUTES) & set(labelled["route"])
    result = C.triage_agreement(batch.set_index("complaint_id")[list(C.TRIAGE_FIELDS)], batch)
    assert result.overall == 1.0
    for _, row in batch.iterrows():
        if row["vulnerable"]:
            assert row["route"] == "priority: vulnerable customer"


# ------------------------------------------------------------------ "What to notice"
def test_timeliness_sentences_match_the_table(data):
    table = C.timeliness(data).set_index("measure")
    lines = C.timeliness_sentences(data)
    final = table.loc["Final response within 8 weeks"]
    assert lines[0].startswith(f"{final['share']:.1%} of the complaints now due")
    past = table.loc["Still open past 8 weeks", "met"]
    closed = table.loc["Final response within 8 weeks, closed complaints only", "share"]
    assert (f"would give {closed:.1%}" in lines[0]) == bool(past)
    rows = _timeliness_rows()
    hand = C.timeliness_sentences(rows, as_of="2026-04-09")
    assert "50.0%" in hand[0] and "66.7%" in hand[0] and "1 complaint still open" in hand[0]
    assert hand[-1].startswith("2 complaints still open within 8 weeks are not yet due")


def test_churn_sentences_say_clearly_only_when_intervals_part(data, customers):
    churn = C.churn_by_outcome(data, customers)
    lines = C.churn_sentences(churn)
    base = churn.set_index("outcome").loc["no complaint", "churn_rate"]
    assert lines[0].startswith(f"Customers who never complained left at {base:.1%}")
    for _, row in churn[churn["outcome"] != "no complaint"].iterrows():
        line = next(x for x in lines if f"{row['churn_rate']:.1%}" in x or
                    "too few" in x)
        baseline = churn.set_index("outcome").loc["no complaint"]
        if "clearly above" in line:
            assert row["churn_low"] > baseline["churn_high"]
    small = pd.DataFrame({"outcome": ["open", "no complaint"], "customers": [5, 500],
                          "churn_rate": [0.4, 0.02], "churn_low": [0.1, 0.01],
                          "churn_high": [0.8, 0.04], "small_sample": [True, False]})
    assert "too few to compare" in C.churn_sentences(small)[1]
    overlap = small.assign(small_sample=False, churn_low=[0.03, 0.01])
    assert "not clearly different" in C.churn_sentences(overlap)[1]
    with pytest.raises(ValueError, match="baseline"):
        C.churn_sentences(small.iloc[:1])


def test_after_final_response_counts_the_data_and_says_when_columns_are_missing():
    data = load("complaints")
    table = C.after_final_response(data).set_index("step")
    referred = int(data["referred_to_ombudsman"].sum())
    assert table.loc["Referred to the ombudsman", "complaints"] == referred
    assert table.loc["Deadlock letters sent", "complaints"] == data["deadlock_letter_at"].notna(
        ).sum()
    findings = table.iloc[2:]["complaints"].sum()
    assert findings == referred  # every referral is pending or has a finding
    older = C.after_final_response(data.drop(columns=["deadlock_letter_at",
                                                      "ombudsman_outcome"]))
    assert older["complaints"].iloc[[0, 2]].isna().all()
    with pytest.raises(ValueError, match="referred_to_ombudsman"):
        C.after_final_response(data.drop(columns="referred_to_ombudsman"))
