"""The one schema: it covers every generated column, checks tables, and feeds the dictionary."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from csmlib.data import dictionary, generator, schema, store
from csmlib.data.schema import SchemaError, validate
from csmlib.data.sectors import SECTORS


@pytest.fixture(scope="module", params=sorted(SECTORS))
def small_org(request) -> generator.Organisation:
    return generator.generate(seed=13, sector=request.param, days=7, agents=12)


@pytest.fixture
def contacts() -> pd.DataFrame:
    """Five hand-made contacts that pass the schema."""
    return pd.DataFrame({
        "contact_id": ["K1", "K2", "K3", "K4", "K5"],
        "customer_id": ["C1", "C2", "C1", "C3", "C4"],
        "agent_id": ["A1", "A2", "A1", "", "A3"],
        "team": ["Team Aspen", "Team Birch", "Team Aspen", "", "Team Birch"],
        "channel": ["phone", "email", "chat", "phone", "social"],
        "arrived_at": pd.to_datetime(["2026-01-05 09:00", "2026-01-05 09:10",
                                      "2026-01-06 10:00", "2026-01-06 11:00",
                                      "2026-01-07 12:00"]),
        "answered": [True, True, True, False, True],
        "wait_s": [10, 3600, 40, 200, 900],
        "handle_s": [300, 420, 500, 0, 250],
        "reason": ["billing query"] * 5,
        "resolved_first_contact": [False, True, True, False, True],
        "transferred": [False] * 5,
        "csat": pd.array([4, pd.NA, pd.NA, pd.NA, 2], dtype="Int64"),
    })


# ------------------------------------------------------------------ coverage
def test_every_generated_column_is_in_the_schema_and_back(small_org) -> None:
    assert list(schema.TABLES) == list(generator.TABLES)
    for table, frame in small_org.tables.items():
        assert list(frame.columns) == [c.name for c in schema.TABLES[table]], table


def test_generated_tables_pass_the_schema(small_org) -> None:
    for table, frame in small_org.tables.items():
        validate(frame, table)


def test_committed_tables_pass_the_schema_as_loaded() -> None:
    for table, frame in store.load_all(Path(__file__).resolve().parents[1] / "datasets").items():
        validate(frame, table)


def test_every_column_is_described_with_a_known_kind() -> None:
    assert set(schema.TABLE_ABOUT) == set(schema.TABLES)
    for table, columns in schema.TABLES.items():
        names = [c.name for c in columns]
        assert len(names) == len(set(names)), table
        for column in columns:
            assert column.kind in schema.KINDS
            assert column.unit and column.meaning.endswith((".", ")")), (table, column.name)
            if column.minimum is not None or column.maximum is not None:
                assert column.kind in ("integer", "number"), (table, column.name)
        assert all(key in names for key in schema.ROW_KEYS[table]), table


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        schema.Column("x", "boolean", "yes/no", "A flag.")


# ------------------------------------------------------------------- faults
def _message(frame: pd.DataFrame, table: str = "contacts", **kwargs) -> str:
    with pytest.raises(SchemaError) as caught:
        validate(frame, table, **kwargs)
    return str(caught.value)


def test_the_hand_made_table_is_valid(contacts) -> None:
    validate(contacts, "contacts")  # optional columns (nps, comment…) may be left out


def test_missing_required_column_is_named_with_its_meaning(contacts) -> None:
    message = _message(contacts.drop(columns=["wait_s", "handle_s"]))
    assert message.startswith("The contacts table has no column 'wait_s' (How long the "
                              "customer waited")
    assert "Add it, or map one of your columns to it." in message
    assert "Also missing: 'handle_s'" in message


def test_text_flags_are_refused(contacts) -> None:
    contacts["answered"] = ["True", "True", "True", "False", "True"]
    message = _message(contacts)
    assert "The contacts table, column 'answered'" in message
    assert "row 0 (contact_id K1) holds 'True', which is text" in message
    assert "Allowed: True or False" in message and "5 of 5 rows" in message


def test_yes_no_words_and_numbers_are_not_flags(contacts) -> None:
    contacts["transferred"] = ["no", "no", "yes", "no", "no"]
    assert "holds 'no', which is text" in _message(contacts)
    contacts["transferred"] = [0, 0, 1, 0, 0]
    assert "holds 0, which is not a yes/no value" in _message(contacts)


def test_python_booleans_in_an_object_column_are_flags(contacts) -> None:
    contacts["transferred"] = pd.Series([False, True, False, False, True], dtype=object)
    validate(contacts, "contacts")


def test_negative_wait_names_row_value_and_minimum(contacts) -> None:
    contacts.loc[2, "wait_s"] = -5
    message = _message(contacts)
    assert ("The contacts table, column 'wait_s': row 2 (contact_id K3) holds -5, which is "
            "below the minimum of 0.") in message
    assert "Allowed: whole numbers, 0 or more (seconds)." in message
    assert "1 of 5 rows has this problem" in message


def test_value_not_allowed_lists_the_allowed_values(contacts) -> None:
    contacts.loc[3, "channel"] = "fax"
    message = _message(contacts)
    assert "column 'channel': row 3 (contact_id K4) holds 'fax'" in message
    assert "one of phone, email, chat, social" in message


def test_score_out_of_range(contacts) -> None:
    contacts.loc[4, "csat"] = 6
    message = _message(contacts)
    assert "column 'csat': row 4 (contact_id K5) holds 6, which is above the maximum of 5" \
        in message


def test_empty_only_where_the_column_allows_it(contacts) -> None:
    contacts.loc[1, "customer_id"] = np.nan
    message = _message(contacts)
    assert "column 'customer_id': row 1 (contact_id K2) is empty" in message
    assert "must always have a value" in message
    contacts.loc[1, "customer_id"] = ""
    assert "row 1 (contact_id K2) is empty" in _message(contacts)


def test_empty_numbers_and_times_where_not_allowed(contacts) -> None:
    wait = contacts["wait_s"].astype(float)
    wait[0] = np.nan
    assert "column 'wait_s': row 0 (contact_id K1) is empty" in _message(
        contacts.assign(wait_s=wait))
    arrived = contacts["arrived_at"].copy()
    arrived[2] = pd.NaT
    assert "column 'arrived_at': row 2 (contact_id K3) is empty" in _message(
        contacts.assign(arrived_at=arrived))


def test_empty_survey_scores_and_blank_team_are_allowed(contacts) -> None:
    assert contacts["csat"].isna().sum() == 3 and (contacts["team"] == "").any()
    validate(contacts, "contacts")


def test_wrong_dtypes_are_named(contacts) -> None:
    as_text = contacts.assign(wait_s=contacts["wait_s"].astype(str).astype(object))
    message = _message(as_text)
    assert "column 'wait_s': row 0 (contact_id K1) holds '10', which is not a number" in message
    assert "pd.to_numeric" in message
    dates = contacts.assign(arrived_at=contacts["arrived_at"].astype(str))
    message = _message(dates)
    assert "column 'arrived_at': row 0 (contact_id K1) holds '2026-01-05 09:00:00'" in message
    assert "not a date and time" in message and "pd.to_datetime" in message
    fractions = contacts.assign(handle_s=contacts["handle_s"] + 0.5)
    assert "which is not a whole number" in _message(fractions)
    flags_as_numbers = contacts.assign(wait_s=contacts["answered"])
    assert "which is a yes/no value, not a number" in _message(flags_as_numbers)


def test_tables_without_an_id_name_the_row_by_its_key_columns() -> None:
    budget = pd.DataFrame({"month": ["2026-01", "2026-13"], "line": ["overtime", "overtime"],
                           "budget_gbp": [10.0, 10.0], "actual_gbp": [9.0, 11.0]})
    message = _message(budget, "budget")
    assert "The budget table, column 'month': row 1 (line overtime) holds '2026-13'" in message
    assert "written as year-month (YYYY-MM)" in message


def test_dates_must_not_carry_a_time_of_day() -> None:
    agents = generator.generate(seed=2, days=3, agents=6)["agents"]
    agents["hire_date"] = pd.to_datetime(agents["hire_date"]) + pd.Timedelta(hours=9)
    assert "column 'hire_date': row 0 (agent_id A001)" in _message(agents, "agents")


def test_columns_argument_checks_only_those(contacts) -> None:
    contacts.loc[0, "wait_s"] = -1
    validate(contacts, "contacts", columns=["channel", "answered"])
    assert "column 'wait_s'" in _message(contacts, columns=["wait_s"])
    assert "has no column 'nps'" in _message(contacts, columns=["nps"])
    assert "has no column 'colour' in the schema" in _message(contacts, columns=["colour"])


def test_unknown_table_and_not_a_frame() -> None:
    assert "There is no table 'calls'; the tables are contacts" in _message(
        pd.DataFrame(), "calls")
    assert "must be a pandas DataFrame" in _message([1, 2], "contacts")  # type: ignore[arg-type]


def test_error_carries_where_the_problem_is(contacts) -> None:
    contacts.loc[3, "channel"] = "fax"
    with pytest.raises(SchemaError) as caught:
        validate(contacts, "contacts")
    error = caught.value
    assert (error.table, error.column, error.row, error.row_id, error.value) == (
        "contacts", "channel", 3, "contact_id K4", "fax")
    assert isinstance(error, ValueError)


def test_require_columns_keeps_its_wording() -> None:
    schema.require_columns(pd.DataFrame({"wait_s": [1]}), "contacts", ["wait_s"])
    with pytest.raises(SchemaError, match=re.escape(
            "The interval_plan table has no column 'scheduled_agents' (Agents scheduled on shift")):
        schema.require_columns(pd.DataFrame(), "interval_plan", ["scheduled_agents"])


# ------------------------------------------------------------- dictionary
def test_the_dictionary_is_read_from_the_schema() -> None:
    for table, columns in schema.TABLES.items():
        assert list(dictionary.COLUMNS[table]) == [c.name for c in columns]
        for column in columns:
            assert dictionary.describe(table, column.name) == (column.unit, column.meaning)
        frame = dictionary.table_dictionary(table)
        assert frame["meaning"].tolist() == [c.meaning for c in columns]
        assert frame["allowed"].tolist() == [c.rule() for c in columns]
    assert dictionary.TABLE_ABOUT is schema.TABLE_ABOUT


def test_the_dictionary_holds_no_second_copy_of_the_meanings() -> None:
    source = Path(dictionary.__file__).read_text(encoding="utf-8")
    for columns in schema.TABLES.values():
        for column in columns:
            assert column.meaning[:30] not in source, column.name
    every_meaning = {c.meaning for columns in schema.TABLES.values() for c in columns}
    shown = {m for table in dictionary.COLUMNS.values() for _unit, m in table.values()}
    assert shown <= every_meaning


def test_the_readme_shows_kind_unit_rule_and_whether_required() -> None:
    text = dictionary.markdown()
    assert ("| `csat` | integer | score 1–5 | whole numbers from 1 to 5; may be empty | "
            "required |") in text
    assert "| `nps` | integer | score 0–10 | whole numbers from 0 to 10; may be empty | " \
        "optional |" in text
    assert "one of upheld, partially upheld, not upheld, open" in text
    for columns in schema.TABLES.values():
        for column in columns:
            assert f"| `{column.name}` |" in text


def test_a_table_with_no_rows_only_needs_its_columns(contacts) -> None:
    validate(contacts.iloc[:0], "contacts")
    assert "has no column 'channel'" in _message(contacts.iloc[:0].drop(columns="channel"))
