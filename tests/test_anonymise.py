"""Anonymise before analysing (csmlib.data.anonymise): pseudonyms, the key file, redaction,
dropped identifiers, small groups, and that the learner's table is never changed."""

from __future__ import annotations

import errno
import hmac
import stat
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from organisations import organisation_in_use

from csmlib import data
from csmlib.analysis import privacy
from csmlib.data import anonymise as anon
from csmlib.data import schema
from csmlib.data.anonymise import (
    GDPR_BASIS,
    KEY_FILE,
    MIN_GROUP,
    AnonymiseError,
    anonymise,
    load_or_create_key,
    pseudonymise,
)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


# ----------------------------------------------------------------------------- pseudonyms
def test_pseudonyms_are_stable_keyed_and_hmac_sha256() -> None:
    ids = pd.Series(["A001", "A002", "A001", "A003"], name="agent_id", index=[10, 11, 12, 13])
    first = pseudonymise(ids, KEY, prefix="AG")
    again = pseudonymise(ids, KEY, prefix="AG")
    other = pseudonymise(ids, OTHER_KEY, prefix="AG")
    assert first.tolist() == again.tolist()
    assert first[10] == first[12] and first[10] != first[11]
    assert all(a != b for a, b in zip(first, other, strict=True))
    assert first.index.tolist() == ids.index.tolist() and first.name == "agent_id"
    expected = "AG" + hmac.new(KEY, b"A001", "sha256").hexdigest()[:12]
    assert first[10] == expected
    assert not set(first) & set(ids)


def test_long_keys_follow_the_hmac_standard() -> None:
    long_key = bytes(range(100))
    out = pseudonymise(pd.Series(["C1"]), long_key, prefix="")
    assert out[0] == hmac.new(long_key, b"C1", "sha256").hexdigest()[:12]


def test_missing_stays_missing_and_numbers_match_text() -> None:
    ids = pd.Series(["K1", None, "", np.nan, " K1 "], dtype=object)
    out = pseudonymise(ids, KEY)
    assert out[0] == out[4]
    assert out[1] is None and out[2] == "" and pd.isna(out[3])
    numbers = pseudonymise(pd.Series([123, 456]), KEY)
    floats = pseudonymise(pd.Series([123.0, np.nan]), KEY)
    assert numbers[0] == floats[0] == pseudonymise(pd.Series(["123"]), KEY)[0]
    assert pd.isna(floats[1])


def test_pseudonymise_rejects_bad_input() -> None:
    with pytest.raises(AnonymiseError, match="bytes"):
        pseudonymise(pd.Series(["a"]), "secret")  # type: ignore[arg-type]
    with pytest.raises(AnonymiseError, match="too short"):
        pseudonymise(pd.Series(["a"]), b"short")
    with pytest.raises(AnonymiseError, match="Series"):
        pseudonymise(["a"], KEY)  # type: ignore[arg-type]
    with pytest.raises(AnonymiseError, match="prefix"):
        pseudonymise(pd.Series(["a"]), KEY, prefix=1)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- the key file
def test_key_created_once_private_and_reused(tmp_path: Path) -> None:
    key = load_or_create_key(tmp_path)
    path = tmp_path / KEY_FILE
    assert len(key) == 32 and path.read_bytes() == key
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(str(tmp_path)) == key
    assert [p.name for p in tmp_path.iterdir()] == [KEY_FILE]
    assert load_or_create_key(tmp_path / "new") != key  # another folder, another key


def test_existing_key_never_overwritten(tmp_path: Path) -> None:
    mine = bytes(range(40, 80))
    (tmp_path / KEY_FILE).write_bytes(mine)
    assert load_or_create_key(tmp_path) == mine
    assert (tmp_path / KEY_FILE).read_bytes() == mine


def test_damaged_key_is_reported_not_replaced(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE).write_bytes(b"abc")
    with pytest.raises(AnonymiseError, match="damaged"):
        load_or_create_key(tmp_path)
    assert (tmp_path / KEY_FILE).read_bytes() == b"abc"


def test_folder_not_writable_gives_a_clear_error(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(anon.os, "open", refuse)
    with pytest.raises(AnonymiseError, match="not writable"):
        load_or_create_key(tmp_path)


def test_key_folder_that_is_a_file(tmp_path: Path) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("x")
    with pytest.raises(AnonymiseError, match="is a file"):
        load_or_create_key(file)
    with pytest.raises(AnonymiseError, match="folder"):
        load_or_create_key(42)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- anonymise
def _extract() -> pd.DataFrame:
    """A small workplace-style extract with ids, text, identifiers and extra columns."""
    agents = [f"A{i:03d}" for i in range(12)]
    rows = []
    for i in range(60):
        rows.append({
            "contact_id": f"K{i:05d}", "customer_id": f"C{i % 25:04d}",
            "agent_id": agents[i % 12], "team": "Small" if i % 12 < 2 else "Big",
            "channel": "phone", "wait_s": i * 3,
            "comment": (f"Ring me on 07700 900{i:03d}" if i % 4 == 0 else
                        "Please email me at jo@example.com" if i % 4 == 1 else
                        "Helpful" if i % 4 == 2 else ""),
            "Customer Name": f"Jane Smith{i}",
            "contact_number": f"07700 900{i:03d}",
            "notes_free": "Mrs Jane Smith said the engineer was late" if i % 2 else "fine",
            "full_names_guess": ["Alice Brown", "Tom Reed", "Ravi Patel"][i % 3],
            "queue_name": "Billing",
            "site": "Leeds",
        })
    return pd.DataFrame(rows)


def test_original_frame_untouched() -> None:
    frame = _extract()
    before = frame.copy(deep=True)
    result = anonymise(frame, "contacts", key=KEY)
    pd.testing.assert_frame_equal(frame, before)
    assert result.frame is not frame


def test_ids_pseudonymised_consistently_across_tables() -> None:
    contacts = data.load("contacts").head(3000)
    complaints = data.load("complaints")
    a = anonymise(contacts, "contacts", key=KEY).frame
    b = anonymise(complaints, "complaints", key=KEY).frame
    for column in ("contact_id", "customer_id"):
        assert not set(a[column]) & set(contacts[column])
    # a complaint's contact still links to the same (pseudonymised) contact
    linked = complaints[complaints["contact_id"].isin(contacts["contact_id"])]
    assert len(linked) > 0
    pairs = dict(zip(pseudonymise(contacts["contact_id"], KEY, prefix="CT"),
                     pseudonymise(contacts["customer_id"], KEY, prefix="CU"), strict=True))
    for _, row in b.loc[linked.index].iterrows():
        assert pairs[row["contact_id"]] == row["customer_id"]
    answered = contacts["agent_id"].ne("")
    assert a.loc[~answered, "agent_id"].eq("").all()
    assert a.loc[answered, "agent_id"].str.startswith("AG").all()
    assert a.groupby("agent_id").size().sort_values().tolist() == \
        contacts.groupby("agent_id").size().sort_values().tolist()


def test_text_redacted_with_counts() -> None:
    frame = _extract()
    result = anonymise(frame, "contacts", key=KEY)
    expected = privacy.redact_column(frame["comment"])
    changed = int((expected != frame["comment"]).sum())
    assert changed > 0
    assert result.frame["comment"].tolist() == expected.tolist()
    actions = result.changes.set_index("column")["action"]
    assert actions["comment"] == f"redacted: {changed} values changed"
    assert not result.frame["comment"].str.contains("07700|@", regex=True).any()
    # an unknown column holding sentences with personal data is redacted too
    assert actions["notes_free"].startswith("redacted")
    assert not result.frame["notes_free"].str.contains("Jane").any()


def test_text_columns_argument_redacts_a_column_the_schema_does_not_know() -> None:
    frame = pd.DataFrame({"contact_id": ["K1", "K2"], "memo": ["ok", "Email a@b.co.uk"]})
    plain = anonymise(frame, "contacts", key=KEY)
    listed = anonymise(frame, "contacts", key=KEY, text_columns=["memo"])
    assert listed.frame["memo"].tolist() == ["ok", "Email [EMAIL]"]
    assert listed.changes.set_index("column").loc["memo", "action"] == \
        "redacted: 1 value changed"
    assert plain.frame["memo"].tolist() == listed.frame["memo"].tolist()  # found by content


def test_direct_identifiers_dropped_by_name_and_by_content() -> None:
    frame = _extract()
    result = anonymise(frame, "contacts", key=KEY)
    changes = result.changes.set_index("column")
    for column in ("Customer Name", "contact_number", "full_names_guess"):
        assert changes.loc[column, "action"] == "dropped: direct identifier", column
        assert column not in result.frame.columns
    assert "name" in changes.loc["Customer Name", "why"]
    # by content alone: a neutral name, values that are phone numbers or emails
    hidden = pd.DataFrame({"contact_id": ["K1", "K2", "K3"],
                           "x1": ["07700 900123", "0161 496 0000", "07700 900456"],
                           "x2": ["a@example.com", "b@example.org", "c@example.net"],
                           "x3": ["Leeds", "York", "Hull"],
                           "x4": ["Alice Brown", "Tom Reed", "Mrs Ravi Patel"]})
    out = anonymise(hidden, "contacts", key=KEY)
    acts = out.changes.set_index("column")["action"]
    assert acts["x1"] == acts["x2"] == acts["x4"] == "dropped: direct identifier"
    assert acts["x3"] == "kept"
    assert list(out.frame.columns) == ["contact_id", "x3"]


def test_harmless_names_kept() -> None:
    result = anonymise(_extract(), "contacts", key=KEY)
    changes = result.changes.set_index("column")
    assert changes.loc["queue_name", "action"] == "kept"
    assert changes.loc["site", "action"] == "kept"
    assert changes.loc["team", "action"] == "kept"
    assert changes.loc["wait_s", "action"] == "kept"


def test_drop_argument_and_every_column_reported() -> None:
    frame = _extract()
    result = anonymise(frame, "contacts", key=KEY, drop=["site", "wait_s"])
    assert result.changes["column"].tolist() == list(frame.columns)
    acts = result.changes.set_index("column")["action"]
    assert acts["site"] == acts["wait_s"] == "dropped: you chose to leave it out"
    kept = [c for c, a in acts.items() if not a.startswith("dropped")]
    assert list(result.frame.columns) == kept
    assert result.changes["why"].str.len().gt(10).all()


def test_small_groups_warned() -> None:
    frame = _extract()
    result = anonymise(frame, "contacts", key=KEY)
    groups = result.small_groups
    teams = groups[(groups["column"] == "team") & (groups["counted"] == "agents")]
    agents_per_team = frame.groupby("team")["agent_id"].nunique()
    small = sorted(agents_per_team[agents_per_team < MIN_GROUP].index)
    assert small == ["Small"]
    assert teams["group"].tolist() == small
    assert teams["count"].tolist() == [int(agents_per_team["Small"])]
    assert "only" in teams["warning"].iloc[0]
    # agents with fewer than MIN_GROUP rows, shown by pseudonym
    few = frame.head(14)
    rows = anonymise(few, "contacts", key=KEY).small_groups
    per_agent = few["agent_id"].value_counts()
    flagged = rows[rows["counted"] == "rows"]
    assert len(flagged) == int((per_agent < MIN_GROUP).sum())
    assert flagged["group"].str.startswith("AG").all()


def test_default_organisation_complaints_change_report() -> None:
    complaints = data.load("complaints")
    result = anonymise(complaints, "complaints", key=KEY)
    acts = result.changes.set_index("column")["action"]
    assert {acts[c] for c in ("complaint_id", "customer_id", "contact_id")} == {
        "pseudonymised"}
    changed = int((privacy.redact_column(complaints["description"])
                   != complaints["description"]).sum())
    assert acts["description"] == f"redacted: {changed} values changed"
    # the generator marks which descriptions hold personal data: each one is changed
    flagged = complaints["contains_personal_data"]
    assert (result.frame.loc[flagged, "description"]
            != complaints.loc[flagged, "description"]).all()
    # small groups: exactly the outcomes shared by fewer than MIN_GROUP customers
    per_group = complaints[complaints["ombudsman_outcome"].fillna("") != ""].groupby(
        "ombudsman_outcome")["customer_id"].nunique()
    expected = sorted(per_group[per_group < MIN_GROUP].index)
    got = result.small_groups
    got = sorted(got[(got["column"] == "ombudsman_outcome")
                     & (got["counted"] == "customers")]["group"])
    assert got == expected


def test_summary_counts_the_changes() -> None:
    result = anonymise(_extract(), "contacts", key=KEY)
    acts = result.changes["action"]
    assert result.summary().startswith(
        f"{int(acts.eq('pseudonymised').sum())} columns pseudonymised, "
        f"{int(acts.str.startswith('redacted').sum())} redacted, "
        f"{int(acts.str.startswith('dropped').sum())} dropped")


def test_anonymise_clear_errors() -> None:
    frame = _extract()
    with pytest.raises(AnonymiseError, match="DataFrame"):
        anonymise(frame.to_dict(), "contacts", key=KEY)  # type: ignore[arg-type]
    with pytest.raises(AnonymiseError, match="contacts"):
        anonymise(frame, "contactz", key=KEY)
    with pytest.raises(AnonymiseError, match="too short"):
        anonymise(frame, "contacts", key=b"x")
    with pytest.raises(AnonymiseError, match="'nope'"):
        anonymise(frame, "contacts", key=KEY, drop=["nope"])
    with pytest.raises(AnonymiseError, match="list of column names"):
        anonymise(frame, "contacts", key=KEY, text_columns="comment")
    twice = pd.concat([frame[["team"]], frame[["team"]]], axis=1)
    with pytest.raises(AnonymiseError, match="twice"):
        anonymise(twice, "contacts", key=KEY)
    assert issubclass(AnonymiseError, ValueError)


def test_empty_table() -> None:
    frame = _extract().head(0)
    result = anonymise(frame, "contacts", key=KEY)
    assert len(result.frame) == 0 and result.small_groups.empty


# ----------------------------------------------------------------------------- GDPR text
def test_gdpr_basis_names_the_principles_and_the_checks() -> None:
    text = " ".join(GDPR_BASIS.lower().split())
    for phrase in ("controller", "data protection officer", "legitimate interests",
                   "data minimisation", "storage limitation", "article 5", "ico",
                   "pseudonymised, not anonymous", "tutor", "not legal advice",
                   "purpose limitation", "accuracy", "integrity and confidentiality",
                   "accountability", "lawfulness, fairness and transparency"):
        assert phrase in text, phrase
    assert "http" not in text



@pytest.mark.parametrize(("name", "dropped"), [
    ("Customer Name", True), ("Team Leader Name", True), ("agentName", True),
    ("Agent Name/ID", True), ("customerEmail", True), ("Phone Number", True), ("CLI", True),
    ("Postcode", True), ("Customer Account Number", True), ("Date of Birth", True),
    ("Team Name", False), ("QueueName", False), ("Email Subject", False), ("Scorecard", False),
    ("Filename", False), ("Disposition", False), ("Queue Wait (sec)", False),
])
def test_identifier_names(name: str, dropped: bool) -> None:
    frame = pd.DataFrame({"contact_id": ["K1", "K2"], name: ["x", "y"]})
    action = anonymise(frame, "contacts", key=KEY).changes.set_index("column").loc[
        name, "action"]
    assert (action == "dropped: direct identifier") is dropped, action


def test_values_changed_counts() -> None:
    frame = _extract()
    frame.loc[0, "agent_id"] = ""
    result = anonymise(frame, "contacts", key=KEY, drop=["site"])
    counts = result.changes.set_index("column")["values_changed"]
    assert counts["agent_id"] == int(frame["agent_id"].ne("").sum())
    assert counts["site"] == len(frame)
    assert counts["team"] == 0
    assert counts["comment"] == int(
        (privacy.redact_column(frame["comment"]) != frame["comment"]).sum())


def _check_organisation(contacts: pd.DataFrame, complaints: pd.DataFrame) -> None:
    """The anonymised tables still pass the schema (so every analysis runs on them), people
    keep their row counts, and the small groups are exactly the ones counted here."""
    for frame, table in ((contacts, "contacts"), (complaints, "complaints")):
        result = anonymise(frame, table, key=KEY)
        schema.validate(result.frame, table)
        assert list(result.frame.columns) == list(frame.columns)  # nothing to drop here
        for person in ("agent_id", "customer_id"):
            if person not in frame.columns:
                continue
            assert (result.frame[person].value_counts().sort_values().tolist()
                    == frame[person].value_counts().sort_values().tolist())
        expected = set()
        for column in schema.columns_of_kind(table, "category"):
            if column not in frame.columns:
                continue
            named = frame[(frame[column].fillna("") != "")]
            for person, who in (("agent_id", "agents"), ("customer_id", "customers")):
                if person not in frame.columns:
                    continue
                counts = named[named[person].fillna("") != ""].groupby(column)[person].nunique()
                expected |= {(column, g, who) for g in counts[counts < MIN_GROUP].index}
        if "agent_id" in frame.columns:
            rows = frame.loc[frame["agent_id"].fillna("") != "", "agent_id"].value_counts()
            expected |= {("agent_id", g, "rows") for g in pseudonymise(
                pd.Series(rows[rows < MIN_GROUP].index, dtype=object), KEY, prefix="AG")}
        got = set(zip(result.small_groups["column"], result.small_groups["group"],
                      result.small_groups["counted"], strict=True))
        assert got == expected, table


def test_default_organisation_tables_stay_valid() -> None:
    _check_organisation(data.load("contacts"), data.load("complaints"))


def test_a_second_organisation(tmp_path_factory: pytest.TempPathFactory) -> None:
    with organisation_in_use(tmp_path_factory.mktemp("council"), seed=7, sector="council",
                             days=28, agents=12):
        _check_organisation(data.load("contacts"), data.load("complaints"))
