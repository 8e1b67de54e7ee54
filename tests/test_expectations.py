"""SERVQUAL dimensions mapped to the data's comment themes and to the KPI catalogue."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from csmlib.analysis import expectations as ex
from csmlib.analysis import feedback
from csmlib.analysis.kpis import KPI_CATALOGUE
from csmlib.data import load
from csmlib.data.text import THEMES


@pytest.fixture(scope="module")
def contacts() -> pd.DataFrame:
    return load("contacts", columns=["comment", "comment_theme", "csat"])


def test_five_dimensions_with_definitions() -> None:
    assert set(ex.DIMENSION_NAMES) == {"reliability", "assurance", "tangibles", "empathy",
                                       "responsiveness"}
    for d in ex.DIMENSIONS:
        assert len(d.definition.split()) >= 8 and len(d.example.split()) >= 8
    assert "1988" in ex.SOURCE and "Journal of Retailing" in ex.SOURCE


def test_every_theme_of_the_data_and_the_lexicon_is_mapped(contacts) -> None:
    in_data = {t for t in contacts["comment_theme"].dropna().unique() if str(t).strip()}
    assert in_data, "the default data has no comment themes"
    for theme in in_data | set(THEMES) | set(feedback.THEME_LEXICON):
        assert ex.THEME_DIMENSIONS.get(theme) in (*ex.DIMENSION_NAMES, ex.OVERALL), theme
    assert ex.THEME_DIMENSIONS["praise"] == ex.OVERALL


def test_every_kpi_name_exists_and_maps_to_a_dimension() -> None:
    names = {k.name for k in KPI_CATALOGUE}
    assert set(ex.KPI_DIMENSIONS) <= names
    for dim in ex.KPI_DIMENSIONS.values():
        assert dim in (*ex.DIMENSION_NAMES, ex.OVERALL)
    # the efficiency measures are deliberately not customer measures
    assert not any(k.startswith(("AHT", "Occupancy", "Cost per")) for k in ex.KPI_DIMENSIONS)


def test_summary_on_the_default_data(contacts) -> None:
    summary = ex.dimension_summary(contacts)
    assert list(summary.columns) == list(ex.SUMMARY_COLUMNS)
    assert summary["dimension"].tolist() == list(ex.DIMENSION_NAMES)
    assert summary["share"].sum() == pytest.approx(1.0)
    coverage = ex.comment_coverage(contacts)
    assert summary["comments"].sum() == coverage["mapped"]
    assert coverage["mapped"] + coverage["overall"] + coverage["unmapped"] == \
        coverage["total"]
    # recount one dimension independently from the raw table
    shown = contacts[contacts["comment"].fillna("").str.strip() != ""]
    waits = shown[shown["comment_theme"] == "waiting time"]
    row = summary.set_index("dimension").loc["responsiveness"]
    assert row["comments"] == len(waits)
    scored = waits["csat"].dropna()
    assert row["negative_share"] == pytest.approx((scored <= 2).mean())
    for _, r in summary.iterrows():
        if r["negative"]:
            example = shown[shown["comment"].str.strip() == r["example"]]
            assert (example["csat"] <= 2).any(), r["dimension"]
        assert r["kpis"].split("; ") == ex.kpis_for(r["dimension"]) or r["kpis"] == ""


def test_summary_counts_and_example_on_hand_made_rows() -> None:
    frame = pd.DataFrame({
        "comment": ["Rude.", "The adviser was rude and cut me off", "Lovely", "  ", "Fine"],
        "comment_theme": ["staff attitude", "staff attitude", "praise", "staff attitude",
                          "other"],
        "csat": [1, 2, 5, 1, None]})
    summary = ex.dimension_summary(frame).set_index("dimension")
    assert summary.loc["empathy", "comments"] == 2
    assert summary.loc["empathy", "share"] == 1.0
    assert summary.loc["empathy", "example"] == "The adviser was rude and cut me off"
    assert summary.loc["tangibles", "comments"] == 0
    assert math.isnan(summary.loc["tangibles", "negative_share"])
    assert summary.loc["tangibles", "example"] == ""
    assert ex.comment_coverage(frame) == {"total": 4, "mapped": 2, "overall": 1,
                                          "unmapped": 1}


def test_automatic_themes_can_be_summarised(contacts) -> None:
    analysed = feedback.analyse(pd.DataFrame({
        "contact_id": ["K1", "K2"], "comment": ["Forty minutes on hold", "The app crashed"],
        "csat": [1, 2], "nps": [0, 3], "channel": "phone", "team": "Oak", "reason": "billing",
        "arrived_at": pd.Timestamp("2026-01-05")}))
    summary = ex.dimension_summary(analysed, theme_column="theme").set_index("dimension")
    assert summary.loc["responsiveness", "comments"] == 1
    assert summary.loc["tangibles", "comments"] == 1


def test_bad_input_is_named() -> None:
    with pytest.raises(ValueError, match="comment_theme"):
        ex.dimension_summary(pd.DataFrame({"comment": [], "csat": []}))
    with pytest.raises(ValueError, match="csat"):
        ex.dimension_summary(pd.DataFrame({"comment": [], "comment_theme": []}))
    with pytest.raises(ValueError, match="DataFrame"):
        ex.dimension_summary(None)
    with pytest.raises(ValueError, match="speed"):
        ex.dimension("speed")
    with pytest.raises(ValueError, match="theme_dimensions"):
        ex.dimension_summary(pd.DataFrame({"comment": [], "comment_theme": [], "csat": []}),
                             theme_dimensions={"praise": "joy"})
