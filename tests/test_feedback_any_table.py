"""Tests for feedback.analyse_text and feedback.theme_summary: comments in any table.

Expected themes and sentiments are computed with the module's single-comment functions
(``assign_theme``, ``sentiment``) or with ``analyse``, never written in by hand, so the tests
follow the lexicons when a tutor extends them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis import feedback as fb
from csmlib.data import load, workplace

COMPLAINT = "Waited forty minutes on hold and nobody answered, absolutely awful."
PRAISE = "Lovely helpful agent, thank you so much."
#: Positive words but about nothing in particular: praise unless a low score rules it out.
KIND = "Lovely, thank you."


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The survey sample export, imported as a learner would (written afresh if absent)."""
    folder = workplace.sample_folder()
    if folder is None or not (folder / "survey_export.tsv").is_file():
        folder = tmp_path_factory.mktemp("samples")
        workplace.write_sample_exports(folder)
    return workplace.import_csv(Path(folder) / "survey_export.tsv", "contacts").table


# ------------------------------------------------------------------ analyse_text


def test_text_only_keeps_the_index_and_matches_the_single_comment_functions() -> None:
    frame = pd.DataFrame({"remark": [COMPLAINT, PRAISE, "The app keeps crashing."]},
                         index=["a", "b", "c"])
    out = fb.analyse_text(frame, "remark")
    assert out.columns.tolist() == [c for c in fb.TEXT_ANALYSED_COLUMNS if c != "score"]
    assert out["row"].tolist() == ["a", "b", "c"]
    assert out["text"].tolist() == frame["remark"].tolist()
    assert out["theme"].tolist() == [fb.assign_theme(t) for t in frame["remark"]]
    assert np.allclose(out["sentiment"], [fb.sentiment(t) for t in frame["remark"]])
    assert out["sentiment_label"].tolist() == [fb.sentiment_label(fb.sentiment(t))
                                               for t in frame["remark"]]
    assert out["theme"].iloc[0] != out["theme"].iloc[1]  # the texts really were read


def test_a_score_is_kept_and_a_low_one_rules_out_praise_on_any_scale() -> None:
    frame = pd.DataFrame({"text": [KIND, KIND, KIND], "stars": [5, 1, np.nan]})
    out = fb.analyse_text(frame, "text", score_column="stars")
    assert out.columns.tolist() == list(fb.TEXT_ANALYSED_COLUMNS)
    assert out["score"].tolist()[:2] == [5.0, 1.0] and np.isnan(out["score"].iloc[2])
    assert out["theme"].tolist() == [fb.assign_theme(KIND, csat=5), fb.assign_theme(KIND, csat=1),
                                     fb.assign_theme(KIND)]
    assert out["theme"].iloc[0] == "praise" != out["theme"].iloc[1]
    # 0-10: 2 is in the bottom quarter (like 1-2 of 5), 3 is not
    ten = pd.DataFrame({"text": [KIND, KIND], "likely": [2, 3]})
    out = fb.analyse_text(ten, "text", score_column="likely", score_scale=(0, 10))
    assert out["theme"].tolist() == [fb.assign_theme(KIND, csat=1), fb.assign_theme(KIND, csat=5)]


def test_empty_and_missing_texts_are_skipped() -> None:
    frame = pd.DataFrame({"note": [COMPLAINT, "", None, "   ", np.nan, PRAISE],
                          "score": [1, 2, 3, 4, 5, 5]})
    out = fb.analyse_text(frame, "note", score_column="score")
    assert out["row"].tolist() == [0, 5]
    assert out["score"].tolist() == [1.0, 5.0]
    typed = frame.assign(note=frame["note"].astype("string"))
    assert fb.analyse_text(typed, "note")["row"].tolist() == [0, 5]
    nothing = fb.analyse_text(pd.DataFrame({"note": [np.nan, np.nan]}), "note")
    assert nothing.empty and "theme" in nothing.columns


def test_a_number_typed_into_a_text_column_is_read_as_text() -> None:
    frame = pd.DataFrame({"note": [COMPLAINT, 10]}, dtype=object)
    assert fb.analyse_text(frame, "note")["text"].tolist() == [COMPLAINT, "10"]


def test_clear_errors_name_the_column() -> None:
    frame = pd.DataFrame({"note": [COMPLAINT], "csat": [3], "when": [pd.Timestamp("2026-01-05")],
                          "mood": ["grumpy"]})
    with pytest.raises(ValueError, match="'csat'.*not text"):
        fb.analyse_text(frame, "csat")
    with pytest.raises(ValueError, match="'when'.*not text"):
        fb.analyse_text(frame, "when")
    with pytest.raises(ValueError, match="no column 'comments'.*note, csat, when, mood"):
        fb.analyse_text(frame, "comments")
    with pytest.raises(ValueError, match="no column 'stars'"):
        fb.analyse_text(frame, "note", score_column="stars")
    with pytest.raises(ValueError, match="'mood' has 'grumpy'"):
        fb.analyse_text(frame, "note", score_column="mood")
    with pytest.raises(ValueError, match="'csat' has 3 in row 0, outside the scale 0 to 2"):
        fb.analyse_text(frame, "note", score_column="csat", score_scale=(0, 2))
    with pytest.raises(ValueError, match="score_scale"):
        fb.analyse_text(frame, "note", score_column="csat", score_scale=(5, 1))
    with pytest.raises(ValueError, match="DataFrame"):
        fb.analyse_text([COMPLAINT], "note")


def test_survey_sample_export(survey: pd.DataFrame) -> None:
    out = fb.analyse_text(survey, "comment", score_column="csat")
    blank = survey["comment"].fillna("").astype(str).str.strip().eq("")
    assert len(out) == int((~blank).sum()) > 0
    assert out["text"].tolist() == survey.loc[out["row"], "comment"].tolist()
    assert out["score"].tolist() == survey.loc[out["row"], "csat"].astype(float).tolist()
    # the same themes and scores as analyse gives on the same comments and CSAT
    full = survey.loc[out["row"]].assign(team="T", reason="R")
    expected = fb.analyse(full)
    assert out["theme"].tolist() == expected["theme"].tolist()
    assert np.allclose(out["sentiment"], expected["sentiment"])
    assert out["theme"].nunique() > 1

    summary = fb.theme_summary(out)
    assert summary["comments"].sum() == len(out)
    assert summary["share_pct"].sum() == pytest.approx(100.0)
    assert summary["comments"].is_monotonic_decreasing
    for row in summary.itertuples():
        group = out[out["theme"] == row.theme]
        assert row.mean_score == pytest.approx(group["score"].mean())
        assert row.mean_sentiment == pytest.approx(group["sentiment"].mean())
        assert row.negative_pct == pytest.approx(
            100 * (group["sentiment_label"] == "negative").mean())
        long_negative = group[(group["sentiment_label"] == "negative")
                              & (group["text"].str.split().str.len() >= 6)]
        if long_negative.empty:
            assert row.example == ""
        else:
            assert row.example in long_negative["text"].tolist()
            assert len(row.example) == long_negative["text"].str.len().min()


def test_analyse_is_unchanged_on_the_default_data() -> None:
    """analyse now shares a helper with analyse_text: compare it with the code it had."""
    contacts = load("contacts")
    commented = contacts[contacts["comment"].fillna("").astype(str).str.strip() != ""]
    sample = commented.head(2000)
    got = fb.analyse(sample)
    # analyse's body before the shared helper, frozen here
    comments = sample["comment"].astype(str).tolist()
    batch = fb._Batch(comments)
    scores, first = fb._theme_scores(batch)
    mood = fb._sentiment_scores(batch)
    themes = fb._choose(scores, first, mood, fb._csat_array(sample["csat"], len(sample)))
    assert len(got) == len(sample) == 2000
    assert got["comment"].tolist() == comments
    assert got["theme"].tolist() == list(themes)
    assert np.array_equal(got["sentiment"].to_numpy(), mood)
    assert got["sentiment_label"].tolist() == list(fb._labels(mood))
    assert got.columns.tolist() == [*fb.ANALYSED_COLUMNS[:8], "comment_theme",
                                    *fb.ANALYSED_COLUMNS[8:]]
    # and analyse_text agrees with it on the same comments
    text = fb.analyse_text(sample, "comment", score_column="csat")
    assert text["theme"].tolist() == got["theme"].tolist()


# ------------------------------------------------------------------ theme_summary


def test_theme_summary_by_hand() -> None:
    long_bad = "I was kept on hold for an hour, dreadful."
    longer_bad = "I was kept on hold for more than an hour today, truly dreadful."
    short_bad = "Hold music, awful."
    frame = pd.DataFrame({
        "text": [longer_bad, long_bad, short_bad, "Great, thanks a lot for everything today."],
        "theme": ["waiting time", "waiting time", "waiting time", "praise"],
        "sentiment": [-0.6, -0.4, -0.8, 0.7],
        "sentiment_label": ["negative", "negative", "negative", "positive"],
        "score": [1, 2, np.nan, 5],
    })
    table = fb.theme_summary(frame)
    assert table.columns.tolist() == ["theme", "comments", "share_pct", "mean_sentiment",
                                      "negative_pct", "mean_score", "example"]
    assert table["theme"].tolist() == ["waiting time", "praise"]
    waiting, praise = table.iloc[0], table.iloc[1]
    assert waiting["comments"] == 3 and waiting["share_pct"] == pytest.approx(75.0)
    assert waiting["mean_sentiment"] == pytest.approx(-0.6)
    assert waiting["negative_pct"] == pytest.approx(100.0)
    assert waiting["mean_score"] == pytest.approx(1.5)  # the missing score is left out
    assert waiting["example"] == long_bad  # shortest negative of six words or more
    assert praise["example"] == ""  # no negative comment


def test_theme_summary_on_analyse_output_and_edge_cases() -> None:
    frame = pd.DataFrame({"comment": [COMPLAINT, PRAISE], "csat": [1, 5], "nps": [0, 10],
                          "contact_id": ["K1", "K2"], "channel": "phone", "team": "T",
                          "reason": "R", "arrived_at": pd.Timestamp("2026-01-05")})
    table = fb.theme_summary(fb.analyse(frame))
    assert "mean_score" in table.columns
    assert sorted(table["mean_score"].tolist()) == [1.0, 5.0]
    no_score = fb.theme_summary(fb.analyse_text(frame, "comment"))
    assert "mean_score" not in no_score.columns
    empty = fb.theme_summary(fb.analyse_text(frame.iloc[:0], "comment"))
    assert empty.empty and empty.columns.tolist() == no_score.columns.tolist()
    with pytest.raises(ValueError, match="sentiment"):
        fb.theme_summary(pd.DataFrame({"text": ["x"], "theme": ["other"]}))
    with pytest.raises(ValueError, match="DataFrame"):
        fb.theme_summary("not a table")
