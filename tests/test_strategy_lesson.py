"""Notebook 01's lesson on the default organisation and two generated ones: every table, chart,
notice and widget works, the self-checks' answers agree with the data, every decision card has
its evidence, and the "What to notice" claims hold."""

from __future__ import annotations

import html

import pytest
from organisations import organisation_in_use

from csmlib.analysis import loyalty
from csmlib.course import management_decisions
from csmlib.lessons import strategy as lesson

SHOWN = ("start", "kpi_tree", "churn_explorer", "revenue_table", "revenue_notice",
         "lifetime_table", "cost_to_serve_table", "fcr_what_if", "evidence_table",
         "decision_cards", "expectations_table", "expectations_notice", "strategy_on_a_page",
         "reflection")


@pytest.fixture(scope="module", params=["default", "retail", "council"])
def organisation(request, tmp_path_factory) -> str:
    """The default organisation, then two generated ones, switched to for the module's tests."""
    if request.param == "default":
        yield "default"
        return
    with organisation_in_use(tmp_path_factory.mktemp(request.param), seed=5,
                             sector=request.param, days=91, agents=48):
        yield request.param


@pytest.fixture(autouse=True)
def _own_portfolio(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CSMLIB_PORTFOLIO", str(tmp_path / "p.sqlite"))


def test_every_piece_works(organisation: str) -> None:
    for name in SHOWN:
        assert getattr(lesson, name)() is not None, name
    for by in loyalty.GROUPS:
        assert lesson.churn_table(by).data is not None


def test_self_check_answers_agree_with_the_data(organisation: str) -> None:
    view = lesson.view()
    churn = view.groupby("nps_group")["churned"].mean()
    ratio = round(churn["detractor"] / churn["promoter"], 1)
    assert lesson.detractor_check.check(ratio).correct
    assert not lesson.detractor_check.check(round(1 / ratio, 1)).correct
    rated = view[view["csat_band"].isin(["5", "4", "3", "1–2"])]
    rates = rated.groupby("csat_band")["churned"].mean()
    low = view[view["csat_band"] == "1–2"]
    risk = round(len(low) * (rates["1–2"] - rates.min()) * low["annual_value_gbp"].mean())
    assert lesson.revenue_check.check(risk).correct
    unresolved = view[view["unresolved"] == "a contact left unresolved"]
    resolved = view[view["unresolved"] == "all resolved first time"]
    moved = len(unresolved) * (lesson.START_LIFT / 100) / (
        len(unresolved) / (len(unresolved) + len(resolved)))
    kept = round(moved * (unresolved["churned"].mean() - resolved["churned"].mean()))
    assert lesson.what_if_check.check(kept).correct


def test_loyalty_follows_experience_and_the_notices_say_so(organisation: str) -> None:
    csat = lesson.churn_frame("csat_band").set_index("group")
    assert csat.loc["1–2", "churn_pct"] > 1.5 * csat.loc["5", "churn_pct"]
    nps = lesson.churn_frame("nps_group").set_index("group")
    assert nps.loc["detractor", "churn_pct"] > nps.loc["promoter", "churn_pct"]
    sentence = lesson.churn_sentence("csat_band")
    assert "Lowest: 5" in sentence and "highest: 1–2" in sentence
    notice = html.unescape(lesson.revenue_notice().data)
    total = lesson.total_revenue_at_risk("csat_band")
    assert f"£{total:,.0f}" in notice and "not proof" in notice


def test_every_decision_card_has_its_evidence_from_the_data(organisation: str) -> None:
    evidence = lesson.evidence()
    assert management_decisions.missing_evidence(evidence) == []
    for key, sentence in evidence.items():
        assert any(ch.isdigit() for ch in sentence), key  # a figure from the data
        assert "nan" not in sentence.lower(), key


def test_the_expectations_notice_names_what_the_table_shows(organisation: str) -> None:
    frame = lesson.expectations_frame().set_index("dimension")
    notice = html.unescape(lesson.expectations_notice().data)
    assert f"write most about {frame['comments'].idxmax()}" in notice
    assert f"about {frame['negative_share'].idxmax()}" in notice
