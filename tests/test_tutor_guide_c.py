"""The tutor guide's content for notebooks 06 and 07: each model answer is marked on the
criteria the lesson saves that work under, and figures in the text equal an independent
computation from the default data. (The structure of every notebook's guide, its sections,
timings and placeholders, is checked once for all in ``tests/test_tutor_guide.py``.)"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
import pytest

from csmlib.course.tutor_guide import notebook_06, notebook_07
from csmlib.course.tutor_guide.facts import Facts
from csmlib.course.tutor_guide.model import NotebookGuide

MODULES = {"06": notebook_06, "07": notebook_07}


@lru_cache(maxsize=1)
def _facts() -> Facts:
    return Facts.default()


@lru_cache(maxsize=2)
def _guide(number: str) -> NotebookGuide:
    return MODULES[number].guide(_facts())


def _text(guide: NotebookGuide) -> str:
    return guide.all_text()


# ---------------------------------------------------------------------- structure
def test_model_answer_criteria_follow_the_lesson_code() -> None:
    from csmlib.lessons import improvement, workplace

    def parts(form: type) -> tuple[str, ...]:
        return tuple(sorted({c for part in form.PARTS for c in part.criteria}))

    six = {a.item: a for a in _guide("06").model_answers}
    seven = {a.item: a for a in _guide("07").model_answers}
    assert tuple(sorted(six["06-improvement-report"].criteria)) == parts(
        improvement.ImprovementReport)
    assert set(six["06-tampering"].criteria) == set(improvement.tampering_answer.criteria)
    assert tuple(sorted(seven["07-own-data-analysis"].criteria)) == parts(
        workplace.OwnDataAnalysis)
    assert set(seven["07-protection"].criteria) == set(workplace.protection_answer.criteria)
    assert "7.3" in seven["07-reflective-account-*"].criteria
    assert "7.3" in seven["07-witness-testimony-*"].criteria


def test_guide_refuses_something_that_is_not_facts() -> None:
    with pytest.raises(ValueError, match="Facts"):
        notebook_06.guide("datasets")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Facts"):
        notebook_07.guide(None)  # type: ignore[arg-type]


# ---------------------------------------------------------------------- figures, two ways
def _weekly_repeat(contacts: pd.DataFrame, team: str) -> pd.DataFrame:
    """Weekly repeat-contact rate of a team, by a plain groupby (whole weeks whose 7 days
    after are in the data)."""
    rows = contacts[(contacts["team"] == team) & contacts["answered"].astype(bool)
                    & contacts["contacted_again_7d"].notna()]
    week = rows["arrived_at"].dt.normalize() - pd.to_timedelta(
        rows["arrived_at"].dt.day_of_week, unit="D")
    rate = rows["contacted_again_7d"].astype(float).groupby(week).agg(["sum", "count"])
    last_known = contacts["arrived_at"].max() - pd.Timedelta(days=7)
    return rate[rate.index + pd.Timedelta(days=7) <= last_known]


def test_06_the_changed_team_s_shift_matches_a_groupby() -> None:
    facts = _facts()
    contacts = facts.table("contacts")
    change = facts.truths["process_change"]
    weekly = _weekly_repeat(contacts, change["team"])
    start = pd.Timestamp(change["date"])
    monday = start - pd.Timedelta(days=start.weekday())
    share = weekly["sum"] / weekly["count"]
    before, after = share[share.index < monday].mean(), share[share.index >= monday].mean()
    tampering = next(a for a in _guide("06").model_answers if a.item == "06-tampering")
    assert f"fell from {100 * before:.1f}% to {100 * after:.1f}%" in tampering.answer


def test_06_the_centre_repeat_rate_and_journey_gap_match_a_groupby() -> None:
    facts = _facts()
    contacts = facts.table("contacts")
    teams = sorted(t for t in contacts["team"].astype(str).unique() if t)
    weekly = pd.concat([_weekly_repeat(contacts, t) for t in teams])
    rate = weekly["sum"].sum() / weekly["count"].sum()
    text = _text(_guide("06"))
    assert f"the centre's rate is {100 * rate:.1f}%" in text
    # the journey: came back after unresolved vs resolved contacts about its reason
    reason = re.search(r"“(.+?)” journey", text).group(1)
    about = contacts[(contacts["reason"] == reason) & contacts["answered"].astype(bool)
                     & contacts["contacted_again_7d"].notna()]
    unresolved = about.loc[~about["resolved_first_contact"].astype(bool),
                           "contacted_again_7d"].astype(float).mean()
    resolved = about.loc[about["resolved_first_contact"].astype(bool),
                         "contacted_again_7d"].astype(float).mean()
    assert (f"after {100 * unresolved:.1f}% of unresolved contacts against "
            f"{100 * resolved:.1f}% of resolved ones") in text


def test_07_sample_figures_match_the_raw_file() -> None:
    facts = _facts()
    raw = pd.read_csv(facts.folder / "samples" / "telephony_export.csv", sep=";",
                      encoding="cp1252", dtype=str, skip_blank_lines=False)
    totals = raw.iloc[:, 0].fillna("").str.lower().str.startswith(("total", "grand total"))
    kept = raw[~totals & raw.notna().any(axis=1)]
    ids = kept["Call ID"]
    wait = kept["Queue Wait (mm:ss)"].str.extract(r"^(-?\d+):(\d+)$").astype(float)
    seconds = wait[0] * 60 + wait[1].where(wait[0] >= 0, -wait[1])
    dates = pd.to_datetime(kept["Start Time"], format="%d/%m/%Y %H:%M:%S", errors="coerce")
    good = kept[~ids.duplicated() & (seconds >= 0) & dates.notna()]
    text = _text(_guide("07"))
    assert f"{len(raw):,} rows read, {len(good):,} imported" in text
    phone = good[good["Media Type"].str.lower() == "voice"]
    wait_s = seconds.loc[phone.index]
    within = ((phone["Abandoned"].str.lower() == "no") & (wait_s <= 20)).sum()
    assert f"service level is {100 * within / len(phone):.1f}%" in text
