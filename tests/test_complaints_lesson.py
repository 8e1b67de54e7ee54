"""Notebook 04's lesson on every sector's organisation: each table, chart, notice and
self-check works on the organisation in use, and the worked answers' figures agree with
what the tables show (a small organisation per sector, quickly)."""

from __future__ import annotations

import pandas as pd
import pytest
from organisations import organisation_in_use

from csmlib.data import sectors
from csmlib.lessons import complaints as lesson

SHOWN = ("start", "rules_table", "procedure_table", "pareto_chart", "fishbone_table",
         "cost_table", "churn_table", "churn_notice", "timeliness_table", "open_ages_table",
         "after_final_response_table", "timeliness_notice", "redaction_examples",
         "privacy_accuracy_table", "privacy_by_kind_table", "complaint_reader", "redactor",
         "triage_exercise")


@pytest.fixture(scope="module", params=sorted(sectors.SECTORS))
def organisation(request, tmp_path_factory) -> str:
    """One organisation per sector, switched to for the module's tests, then switched back."""
    with organisation_in_use(tmp_path_factory.mktemp(request.param), seed=3,
                             sector=request.param, days=56, agents=30):
        yield request.param


def test_every_piece_works_on_every_sector(organisation: str) -> None:
    assert lesson.tables()["sector"].key == organisation
    for name in SHOWN:
        shown = getattr(lesson, name)()
        assert shown is not None, name
    weeks = {r.final_response_weeks for r in sectors.profile(organisation).complaint_rules}
    assert lesson.final_response_limit() == pd.Timedelta(weeks=weeks.pop())


def test_self_check_answers_agree_with_the_tables(organisation: str) -> None:
    frame = lesson.timeliness_frame()
    due = frame[frame["measure"].str.startswith("Final response within")
                & (frame["kind"] == "deadline")].iloc[0]
    assert lesson.timeliness_check.check(int(due["complaints"] - due["met"])).correct
    costs = lesson.cost_frame().set_index("category").loc[lesson.top_category()]
    assert lesson.cost_check.check(round(costs["total_gbp"] / costs["complaints"], 2)).correct
    pareto = lesson.pareto_frame()
    share = pareto.loc[pareto["vital_few"], "share"].sum() * 100
    assert lesson.vital_few_check.check(round(share, 1)).correct
    assert not lesson.vital_few_check.check(round(share, 1) + 5).correct


def test_the_finder_accuracy_is_shown_as_a_percentage() -> None:
    """A share of 1.0 is 100.0%, not "1.0%" (seen on screen once)."""
    shown = lesson.privacy_accuracy_table()
    values = [row[1] for row in shown.rows()]
    result = lesson.privacy.evaluate(lesson.complaints()["description"],
                                     lesson.complaints()["contains_personal_data"])
    assert values == [f"{v * 100:.1f}%" for v in result["value"]]
