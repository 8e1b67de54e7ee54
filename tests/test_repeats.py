"""The forward repeat measure: did the same customer come back within 7 days after a contact?"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis.repeats import contacted_again, window_complete
from csmlib.data import generator
from csmlib.data.schema import SchemaError


def frame(rows: list[tuple[str | None, str, str]], index=None) -> pd.DataFrame:
    """Contacts from (customer, channel, arrived) rows."""
    return pd.DataFrame({"customer_id": [r[0] for r in rows],
                         "channel": [r[1] for r in rows],
                         "arrived_at": pd.to_datetime([r[2] for r in rows])}, index=index)


def test_same_customer_on_another_channel_counts() -> None:
    contacts = frame([("C1", "phone", "2026-01-05 09:00"), ("C1", "email", "2026-01-08 17:00")])
    assert contacted_again(contacts).tolist() == [True, False]


def test_another_customer_does_not_count() -> None:
    contacts = frame([("C1", "phone", "2026-01-05 09:00"), ("C2", "phone", "2026-01-05 09:05")])
    assert contacted_again(contacts).tolist() == [False, False]


def test_exactly_seven_days_counts_and_a_second_more_does_not() -> None:
    contacts = frame([("C1", "phone", "2026-01-05 09:00:00"),
                      ("C1", "chat", "2026-01-12 09:00:00"),
                      ("C2", "phone", "2026-01-05 09:00:00"),
                      ("C2", "chat", "2026-01-12 09:00:01")])
    assert contacted_again(contacts).tolist() == [True, False, False, False]
    assert contacted_again(contacts, days=7.5).tolist() == [True, False, True, False]


def test_looks_forward_not_back_and_in_any_order() -> None:
    contacts = frame([("C1", "phone", "2026-01-09 09:00"), ("C1", "phone", "2026-01-05 09:00"),
                      ("C1", "email", "2026-01-20 09:00")], index=[30, 10, 20])
    result = contacted_again(contacts)
    assert result.index.tolist() == [30, 10, 20]
    assert result.tolist() == [False, True, False]  # only the earliest was followed up


def test_the_repeat_may_be_handled_by_any_team() -> None:
    contacts = frame([("C1", "phone", "2026-01-05 09:00"), ("C1", "phone", "2026-01-06 09:00")])
    contacts["team"] = ["Team Birch", "Team Aspen"]
    flags = contacted_again(contacts)
    birch_only = contacted_again(contacts[contacts["team"] == "Team Birch"])
    assert flags[contacts["team"] == "Team Birch"].tolist() == [True]
    assert birch_only.tolist() == [False]  # why the docstring says: filter the result


def test_same_moment_counts_once_for_the_row_listed_first() -> None:
    contacts = frame([("C1", "phone", "2026-01-05 09:00"), ("C1", "chat", "2026-01-05 09:00")])
    assert contacted_again(contacts).tolist() == [True, False]


def test_missing_customer_or_time_is_never_a_repeat() -> None:
    contacts = frame([(None, "phone", "2026-01-05 09:00"), (None, "phone", "2026-01-05 10:00"),
                      ("", "phone", "2026-01-05 11:00"), ("", "phone", "2026-01-05 12:00"),
                      ("C1", "phone", "2026-01-05 09:00")])
    contacts.loc[len(contacts)] = ["C1", "phone", pd.NaT]
    contacts.loc[len(contacts)] = ["C1", "phone", pd.Timestamp("2026-01-06 09:00")]
    assert contacted_again(contacts).tolist() == [False, False, False, False, True, False, False]


def test_empty_table_gives_an_empty_answer() -> None:
    empty = frame([])
    assert contacted_again(empty).empty and contacted_again(empty).dtype == bool
    assert window_complete(empty).empty


def test_missing_column_is_explained() -> None:
    with pytest.raises(SchemaError, match="The contacts table has no column 'customer_id' "
                                          r"\(The customer who made contact"):
        contacted_again(pd.DataFrame({"arrived_at": pd.to_datetime(["2026-01-05"])}))


def test_bad_arguments_are_explained() -> None:
    contacts = frame([("C1", "phone", "2026-01-05 09:00")])
    for days in (0, -1, "7", float("nan"), True):
        with pytest.raises(ValueError, match="days must be a number of days above 0"):
            contacted_again(contacts, days=days)  # type: ignore[arg-type]
    as_text = contacts.assign(arrived_at=["2026-01-05 09:00"])
    with pytest.raises(ValueError, match="'arrived_at' must hold dates and times"):
        contacted_again(as_text)


def test_matches_a_simple_loop_on_random_contacts() -> None:
    rng = np.random.default_rng(4)
    n = 400
    contacts = pd.DataFrame({
        "customer_id": rng.choice([f"C{i}" for i in range(60)], n),
        "arrived_at": pd.Timestamp("2026-01-01") + pd.to_timedelta(
            rng.integers(0, 40 * 24, n), unit="h"),
    })
    expected = []
    for i, row in contacts.iterrows():
        later = contacts[(contacts["customer_id"] == row["customer_id"])
                         & (contacts["arrived_at"] >= row["arrived_at"])
                         & (contacts["arrived_at"] <= row["arrived_at"] + pd.Timedelta(days=7))
                         & (contacts.index != i)]
        same_time_before = later[(later["arrived_at"] == row["arrived_at"])
                                 & (later.index < i)]
        expected.append(len(later) > len(same_time_before))
    assert contacted_again(contacts).tolist() == expected


def test_window_complete_leaves_out_the_last_days() -> None:
    contacts = frame([("C1", "phone", "2026-01-01 08:00"), ("C2", "phone", "2026-01-08 08:00"),
                      ("C3", "phone", "2026-01-08 08:01"), ("C4", "phone", "2026-01-15 08:00")])
    assert window_complete(contacts).tolist() == [True, True, False, False]
    assert window_complete(contacts, days=1).tolist() == [True, True, True, False]


def test_the_generated_column_is_this_measure() -> None:
    contacts = generator.generate(seed=8, days=14, agents=12)["contacts"]
    column = contacts["contacted_again_7d"]
    known = window_complete(contacts)
    assert column.dtype == "boolean"
    assert column.isna().tolist() == (~known).tolist()  # not known yet: left empty
    assert column[known].tolist() == contacted_again(contacts)[known].tolist()
    # every repeat is a repeat of something: forward and backward counts agree overall
    assert contacted_again(contacts).sum() == contacts["repeat_within_7d"].sum()
