"""Tests for csmlib.analysis.feedback: themes and sentiment of survey comments.

The hand-written comments below are in wording of our own (a test checks that none shares
six words in a row with the generator's templates in csmlib/data/text.py), from several
sectors, so a pass means the lexicons are general and not tuned to the course data.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis import feedback as fb
from csmlib.data import load
from csmlib.data.text import THEMES

TEXT_PY = Path(fb.__file__).parents[1] / "data" / "text.py"

# (comment, csat, expected theme, expected sentiment label)
HAND_WRITTEN: list[tuple[str, int, str, str]] = [
    # set 1: written first and used while building the lexicons
    ("Sat in your queue for 50 minutes before giving up and trying again the next day.", 1,
     "waiting time", "negative"),
    ("Nobody picked up the phone for over an hour. Absolutely shocking.", 1,
     "waiting time", "negative"),
    ("I was number 23 in the queue on the webchat and it took ages.", 2,
     "waiting time", "negative"),
    ("The lady on the phone was so rude to me and put the phone down.", 1,
     "staff attitude", "negative"),
    ("Your advisor was really condescending and made me feel like an idiot.", 1,
     "staff attitude", "negative"),
    ("The guy I spoke to had a terrible attitude and kept interrupting me.", 2,
     "staff attitude", "negative"),
    ("Three weeks on and my leaking roof claim is still unresolved, nobody has got back to me.",
     1, "resolution", "negative"),
    ("I was promised a callback by a supervisor within 24 hours and it never happened.", 2,
     "resolution", "negative"),
    ("Told it would be fixed by Friday. It wasn't, and nobody has updated me.", 2,
     "resolution", "negative"),
    ("This is my fourth call about the same missed bin and I'm sick of repeating myself.", 1,
     "repeat contact", "negative"),
    ("I've contacted you five times now about my parcel and had to explain it all again "
     "each time.", 1, "repeat contact", "negative"),
    ("My phone bill has doubled with no warning, I have been overcharged for roaming.", 2,
     "billing and charges", "negative"),
    ("You've taken my premium twice this month and I want the money refunded.", 1,
     "billing and charges", "negative"),
    ("The council tax reminder came with a £70 court fee even though I paid on time.", 2,
     "billing and charges", "negative"),
    ("Your website crashes each time I go to renew my permit online.", 2,
     "digital and app", "negative"),
    ("Haven't been able to log into the app for a week, reset link just doesn't work.", 2,
     "digital and app", "negative"),
    ("Brilliant new app, I uploaded my photos and the claim form in five minutes.", 5,
     "digital and app", "positive"),
    ("The sofa arrived damaged and the replacement is faulty too.", 2,
     "product or service", "negative"),
    ("Mobile signal in my area has been terrible since the mast went down.", 2,
     "product or service", "negative"),
    ("The engineer never turned up and I lost a day's pay waiting in.", 1,
     "product or service", "negative"),
    ("Kerry was absolutely lovely, she talked me through everything step by step.", 5,
     "praise", "positive"),
    ("Really pleased with how quickly my claim was settled, thank you.", 5,
     "praise", "positive"),
    ("No problems at all, the chap was polite and knew his stuff.", 5, "praise", "positive"),
    ("Fantastic help from the team today, would definitely recommend.", 5,
     "praise", "positive"),
    ("Not helpful at all and nothing was explained.", 2, "resolution", "negative"),
    ("Cheers, got everything I needed.", 4, "praise", "positive"),
    # set 2: written next; a few general cues were added after seeing its results
    ("Been trying to get through to the claims line all week, it just rings and rings.", 1,
     "waiting time", "negative"),
    ("It took you eleven days to answer a simple email.", 2, "waiting time", "negative"),
    ("Operator was sarcastic and clearly couldn't be bothered.", 1,
     "staff attitude", "negative"),
    ("The woman on the desk laughed at me when I explained my situation.", 1,
     "staff attitude", "negative"),
    ("My case was marked as complete but the pothole is still there.", 2,
     "resolution", "negative"),
    ("Still no decision on my housing benefit after six weeks and no one will tell me why.", 1,
     "resolution", "negative"),
    ("Every time I ring I get a different answer and have to start from the beginning.", 2,
     "repeat contact", "negative"),
    ("I've lost count of how many times I've called about this broken router.", 1,
     "repeat contact", "negative"),
    ("Why has my monthly premium gone up by £30 when I haven't made a claim?", 2,
     "billing and charges", "negative"),
    ("You charged me a cancellation fee I was told I wouldn't have to pay.", 2,
     "billing and charges", "negative"),
    ("The online portal logs me out every few minutes and loses everything I've typed.", 2,
     "digital and app", "negative"),
    ("Tried the chatbot first, it was useless and kept sending me round in a loop.", 2,
     "digital and app", "negative"),
    ("The washing machine you delivered leaks every time we use it.", 2,
     "product or service", "negative"),
    ("Our street lights have been out for a month now.", 3, "product or service", "negative"),
    ("Agent was patient, knowledgeable and had everything sorted in ten minutes. Top marks.",
     5, "praise", "positive"),
    ("Honestly the best customer service I've had in years, thank you Jo.", 5,
     "praise", "positive"),
    # set 3: written last and never used to change the lexicons (a blind check)
    ("Forty five minutes listening to the same song on repeat before a human answered.", 1,
     "waiting time", "negative"),
    ("Nobody answers your phones, I gave up after an hour.", 1, "waiting time", "negative"),
    ("The adviser was really dismissive and treated me like I was lying.", 1,
     "staff attitude", "negative"),
    ("Four visits and the damp in the bathroom still hasn't been fixed.", 2,
     "resolution", "negative"),
    ("They said they'd ring me back the same day. That was a fortnight ago.", 2,
     "resolution", "negative"),
    ("Fourth time I've had to phone about my missing refund.", 1,
     "repeat contact", "negative"),
    ("I've been billed for a landline I cancelled in March.", 2,
     "billing and charges", "negative"),
    ("Your prices keep going up and the service gets worse.", 2,
     "billing and charges", "negative"),
    ("The app refuses to let me add my new card, it just shows an error.", 2,
     "digital and app", "negative"),
    ("Your new website is so much easier to use, well done.", 5,
     "digital and app", "positive"),
    ("My new fridge freezer stopped working after three days.", 2,
     "product or service", "negative"),
    ("Three deliveries missed this month, the driver never even knocks.", 1,
     "product or service", "negative"),
    ("Excellent, the young man who helped me was a credit to your company.", 5,
     "praise", "positive"),
    ("Quick, friendly and no hassle at all.", 5, "praise", "positive"),
    ("Not the worst experience but not great either.", 3, "other", "neutral"),
    ("Couldn't fault the engineer, he was tidy and explained everything.", 5,
     "praise", "positive"),
    # set 4: other sectors' vocabulary (written after sets 1-3, not used for tuning)
    ("My broadband keeps dropping out every evening.", 2, "product or service", "negative"),
    ("The bin men skipped our road again and the recycling is overflowing.", 2,
     "product or service", "negative"),
    ("My car insurance renewal went up by £200 with no claims.", 2,
     "billing and charges", "negative"),
    ("The parcel tracking link on your website hasn't updated in days.", 2,
     "digital and app", "negative"),
    ("Six weeks and my claim handler still hasn't got back to me.", 1,
     "resolution", "negative"),
]
#: When these tests were written, 58 of the 63 themes and 58 of the 63 sentiment labels
#: were right (sets 3 and 4, never used for tuning: 18 of 21 for both). The misses:
#: themes - "Told it would be fixed by Friday..." and "Not helpful at all and nothing was
#:   explained." (no theme cue: other); "Four visits and the damp...", "The parcel
#:   tracking link on your website..." and "Six weeks and my claim handler..." (product or
#:   service: a tie, and ties go to the cue mentioned first);
#: sentiment - "It took you eleven days...", "Our street lights have been out...", "Forty
#:   five minutes listening...", "They said they'd ring me back..." and "Three deliveries
#:   missed..." (neutral: the complaint is implied, with no emotive word).
MIN_SHARE_CORRECT = 0.85

#: theme_accuracy on the default data was 0.972 when written; this leaves a small margin.
MIN_ACCURACY = 0.95
#: Lowest per-theme F1 on the default data when written was 0.81 (product or service).
MIN_F1 = 0.75


@pytest.fixture(scope="module")
def contacts() -> pd.DataFrame:
    return load("contacts")


@pytest.fixture(scope="module")
def analysed(contacts: pd.DataFrame) -> pd.DataFrame:
    return fb.analyse(contacts)


# ------------------------------------------------------------------ lexicons


def test_lexicon_covers_every_theme_and_cues_are_unique() -> None:
    assert list(fb.THEME_LEXICON) == list(THEMES)
    keys = [fb._cue_key(cue) for cues in fb.THEME_LEXICON.values() for cue in cues]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    assert repeated == [], f"cues listed twice: {repeated}"
    assert all(len(cues) >= 20 for cues in fb.THEME_LEXICON.values())
    assert all(cue == cue.lower() and cue.strip() == cue
               for cues in fb.THEME_LEXICON.values() for cue in cues)


def test_sentiment_lexicon_weights_are_positive_and_words_are_on_one_side() -> None:
    positive, negative = fb.SENTIMENT_LEXICON["positive"], fb.SENTIMENT_LEXICON["negative"]
    assert all(0 < w <= 2 for w in [*positive.values(), *negative.values()])
    both = {fb._cue_key(c) for c in positive} & {fb._cue_key(c) for c in negative}
    assert both == set()


def test_hand_written_comments_are_not_copied_from_the_generator() -> None:
    source = re.sub(r"[^a-z ]+", " ", TEXT_PY.read_text(encoding="utf-8").lower())
    source = " ".join(source.split())
    for comment, *_ in HAND_WRITTEN:
        words = re.sub(r"[^a-z ]+", " ", comment.lower()).split()
        for i in range(len(words) - 5):
            assert " ".join(words[i:i + 6]) not in source, comment


def test_a_tutor_can_extend_the_lexicon(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The hologram dispenser is jammed."
    assert fb.assign_theme(text) == "other"
    lexicon = dict(fb.THEME_LEXICON)
    lexicon["product or service"] = (*lexicon["product or service"], "hologram dispenser")
    monkeypatch.setattr(fb, "THEME_LEXICON", lexicon)
    assert fb.assign_theme(text) == "product or service"
    lexicon["praise"] = (*lexicon["praise"], "hologram dispenser")
    with pytest.raises(ValueError, match="hologram dispenser"):
        fb.assign_theme(text)


def test_import_has_no_side_effects() -> None:
    code = ("import csmlib.analysis.feedback as f; "
            "print(f._compile.cache_info().currsize, f._compile.cache_info().misses)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["0", "0"]


# ------------------------------------------------------------------ single comments


def test_hand_written_comments_get_the_expected_theme() -> None:
    misses = [(text, expected, fb.assign_theme(text, csat))
              for text, csat, expected, _ in HAND_WRITTEN
              if fb.assign_theme(text, csat) != expected]
    share = 1 - len(misses) / len(HAND_WRITTEN)
    assert len(HAND_WRITTEN) >= 20
    assert share >= MIN_SHARE_CORRECT, misses


def test_hand_written_comments_get_the_expected_sentiment() -> None:
    misses = [(text, expected, round(fb.sentiment(text), 2))
              for text, _, _, expected in HAND_WRITTEN
              if fb.sentiment_label(fb.sentiment(text)) != expected]
    share = 1 - len(misses) / len(HAND_WRITTEN)
    assert share >= MIN_SHARE_CORRECT, misses


@pytest.mark.parametrize("text", ["not helpful", "The adviser was not helpful.",
                                  "Never friendly, never polite.", "It wasn't easy at all."])
def test_negated_praise_is_negative(text: str) -> None:
    assert fb.sentiment_label(fb.sentiment(text)) == "negative"


@pytest.mark.parametrize("text", ["No problems at all.", "Not bad.", "Not a single issue.",
                                  "No hassle, no fuss."])
def test_negated_complaints_are_mildly_positive(text: str) -> None:
    score = fb.sentiment(text)
    assert 0 < score < 0.6


def test_negation_reaches_three_words_and_stops_at_punctuation_or_but() -> None:
    assert fb.sentiment("not very helpful") < 0
    assert fb.sentiment("not at all really helpful") > 0  # helpful is the fourth word on
    assert fb.sentiment("Not me, the adviser was helpful") > 0
    assert fb.sentiment("Nothing to report but helpful") > 0
    assert fb.sentiment("Not the quickest") < 0


def test_phrases_with_their_own_negator_are_scored_whole() -> None:
    assert fb.sentiment("Couldn't fault it.") > 0.5
    assert fb.sentiment("Not good enough.") < 0
    assert fb.sentiment("Would have been good if it wasn't for the wait.") < 0


def test_intensifiers_and_shouting_strengthen() -> None:
    assert fb.sentiment("very rude") < fb.sentiment("rude") < 0
    assert fb.sentiment("really helpful") > fb.sentiment("helpful") > 0
    assert fb.sentiment("It was RUDE and useless") < fb.sentiment("It was rude and useless")
    assert fb.sentiment("Rude and useless!!") < fb.sentiment("Rude and useless.")
    assert fb.sentiment("I called the DVLA and they were rude") == fb.sentiment(
        "I called the dvla and they were rude")  # acronyms are not shouting


def test_sentiment_range_empty_and_types() -> None:
    assert fb.sentiment("") == 0.0
    assert fb.sentiment("The meter is in the hall.") == 0.0
    assert -1 <= fb.sentiment("awful terrible useless rude " * 20) < -0.95
    with pytest.raises(TypeError, match="string"):
        fb.sentiment(42)  # type: ignore[arg-type]


def test_sentiment_label_cut_offs() -> None:
    assert [fb.sentiment_label(s) for s in (-1, -0.2, -0.19, 0, 0.19, 0.2, 1)] == [
        "negative", "negative", "neutral", "neutral", "neutral", "positive", "positive"]
    with pytest.raises(ValueError, match="missing"):
        fb.sentiment_label(float("nan"))


def test_theme_rules() -> None:
    # what the contact was about does not decide the theme ...
    assert fb.assign_theme("I called about my bill and nobody called back.") == "resolution"
    # ... unless nothing else does
    assert fb.assign_theme("Rang about my bill.", csat=3) == "billing and charges"
    # a complaint after a compliment and "but" is the point
    assert fb.assign_theme("Helpful adviser, but the app keeps crashing.") == "digital and app"
    # a tie goes to the cue that comes first
    assert fb.assign_theme("Rude adviser. Still not sorted.") == "staff attitude"
    assert fb.assign_theme("Still not sorted. Rude adviser.") == "resolution"
    # praise needs positive words and is ruled out by CSAT 1-2
    assert fb.assign_theme("Lovely, thank you.", csat=5) == "praise"
    assert fb.assign_theme("Lovely, thank you.", csat=1) == "other"
    assert fb.assign_theme("Got everything I needed, thanks.", csat=2) == "other"
    assert fb.assign_theme("Nothing to add.") == "other"
    assert fb.assign_theme("") == "other"
    # a compliment about the app is filed under digital
    assert fb.assign_theme("Love the app, so easy.", csat=5) == "digital and app"
    with pytest.raises(ValueError, match="csat"):
        fb.assign_theme("Great", csat=9)


# ------------------------------------------------------------------ the default data


def test_analyse_columns_and_rows(contacts: pd.DataFrame,
                                         analysed: pd.DataFrame) -> None:
    assert list(analysed.columns) == [*fb.ANALYSED_COLUMNS[:8], "comment_theme",
                                      *fb.ANALYSED_COLUMNS[8:]]
    assert len(analysed) == int((contacts["comment"].fillna("") != "").sum()) > 0.05 * len(
        contacts)
    assert analysed["comment"].str.len().min() > 0
    assert set(analysed["theme"]) <= {*THEMES, fb.OTHER}
    assert analysed["sentiment"].between(-1, 1).all()
    assert set(analysed["sentiment_label"]) == {"negative", "neutral", "positive"}


def test_analyse_matches_single_comment_functions(analysed: pd.DataFrame) -> None:
    for row in analysed.sample(40, random_state=1).itertuples():
        csat = None if pd.isna(row.csat) else int(row.csat)
        assert fb.assign_theme(row.comment, csat) == row.theme
        assert fb.sentiment(row.comment) == pytest.approx(row.sentiment)


def test_sentiment_rises_with_csat(analysed: pd.DataFrame) -> None:
    means = analysed.groupby("csat")["sentiment"].mean()
    assert list(means.index) == [1, 2, 3, 4, 5]
    assert means.is_monotonic_increasing and means.diff().dropna().min() > 0.03
    assert means[1] < -0.4 and means[5] > 0.5


def test_theme_accuracy_on_the_default_data(analysed: pd.DataFrame) -> None:
    result = fb.theme_accuracy(analysed)
    assert result["accuracy"] >= MIN_ACCURACY
    assert result["n"] == len(analysed)
    f1 = result["by_theme"]["f1"]
    assert (f1[list(THEMES)] >= MIN_F1).all(), f1
    confusion = result["confusion"]
    assert confusion.to_numpy().sum() == result["n"]
    assert list(confusion.index) == list(confusion.columns)
    assert np.diag(confusion.to_numpy()).sum() == pytest.approx(
        result["accuracy"] * result["n"])


def test_theme_accuracy_on_a_labelled_sample(analysed: pd.DataFrame) -> None:
    sample = analysed.sample(500, random_state=3)
    assert fb.theme_accuracy(sample)["accuracy"] >= MIN_ACCURACY - 0.03


def test_theme_accuracy_maths() -> None:
    frame = pd.DataFrame({"theme": ["praise", "praise", "resolution", "other"],
                          "truth": ["praise", "resolution", "resolution", ""]})
    result = fb.theme_accuracy(frame, truth_column="truth")
    assert result["accuracy"] == pytest.approx(2 / 3) and result["n"] == 3
    table = result["by_theme"]
    assert table.loc["praise", "precision"] == pytest.approx(0.5)
    assert table.loc["praise", "recall"] == pytest.approx(1.0)
    assert table.loc["resolution", "recall"] == pytest.approx(0.5)
    assert table.loc["resolution", "f1"] == pytest.approx(2 / 3)
    assert result["confusion"].loc["resolution", "praise"] == 1
    with pytest.raises(ValueError, match="No comment has a label"):
        fb.theme_accuracy(frame.assign(truth=""), truth_column="truth")
    with pytest.raises(ValueError, match="comment_theme"):
        fb.theme_accuracy(frame)


@pytest.mark.parametrize("by", fb.BY_OPTIONS)
def test_themes_by_shapes(analysed: pd.DataFrame, by: str) -> None:
    table = fb.themes_by(analysed, by)
    assert table.columns[0] == "comments"
    themes = list(table.columns[1:])
    assert set(themes) <= {*THEMES, fb.OTHER} and set(THEMES) <= set(themes)
    assert np.allclose(table[themes].sum(axis=1), 1.0)
    assert table["comments"].sum() == len(analysed)
    expected_rows = {"csat": [1, 2, 3, 4, 5], "nps_group": ["promoter", "passive", "detractor"],
                     "channel": sorted(analysed["channel"].unique()),
                     "team": sorted(analysed["team"].unique())}
    if by == "week":
        assert len(table) == 13 and (table.index.day_of_week == 0).all()
    else:
        assert list(table.index) == expected_rows[by]


def test_themes_by_tells_a_sensible_story(analysed: pd.DataFrame) -> None:
    by_csat = fb.themes_by(analysed, "csat")
    assert by_csat.loc[5, "praise"] > 0.8 > 0.01 > by_csat.loc[1, "praise"]
    assert by_csat.loc[1, "resolution"] > by_csat.loc[5, "resolution"]
    with pytest.raises(ValueError, match="by must be one of"):
        fb.themes_by(analysed, "colour")


def test_what_detractors_say(analysed: pd.DataFrame) -> None:
    table = fb.what_detractors_say(analysed, top=5)
    assert list(table.columns) == ["theme", "comments", "share", "mean_sentiment", "example"]
    assert len(table) == 5 and table["comments"].is_monotonic_decreasing
    # resolution is among detractors' top themes (its exact rank moves with the data)
    assert "resolution" in set(table["theme"].head(3))
    assert "praise" not in set(table["theme"])
    assert (table["mean_sentiment"] < 0).all()
    # waiting, resolution and attitude are much more common from detractors than promoters
    groups = fb.themes_by(analysed, "nps_group")
    service = ["waiting time", "resolution", "staff attitude"]
    assert groups.loc["detractor", service].sum() > groups.loc["passive", service].sum()
    assert groups.loc["detractor", service].sum() > 10 * groups.loc["promoter", service].sum()
    assert len(fb.what_detractors_say(analysed, top=2)) == 2
    with pytest.raises(ValueError, match="top"):
        fb.what_detractors_say(analysed, top=0)
    none = fb.what_detractors_say(analysed[analysed["nps"] >= 9])
    assert none.empty and list(none.columns) == list(table.columns)


def test_csat_by_theme(analysed: pd.DataFrame) -> None:
    table = fb.csat_by_theme(analysed)
    assert list(table.columns) == ["n", "mean_csat", "top2_box_pct"]
    assert table["mean_csat"].is_monotonic_increasing
    assert table.loc["praise", "mean_csat"] > 4.5 > 2.5 > table.loc["resolution", "mean_csat"]
    assert table["top2_box_pct"].between(0, 100).all()
    assert table["n"].sum() == analysed["csat"].notna().sum()
    empty = fb.csat_by_theme(analysed.iloc[:0])
    assert empty.empty and list(empty.columns) == list(table.columns)


def test_theme_trend_shows_the_growing_app_problem(analysed: pd.DataFrame) -> None:
    trend = fb.theme_trend(analysed, "digital and app")
    assert list(trend.columns) == ["period_start", "comments", "theme_comments", "share"]
    assert len(trend) == 13 and trend["comments"].sum() == len(analysed)
    assert (trend["period_start"].dt.day_of_week == 0).all()
    assert trend["share"].tail(3).mean() > 3 * trend["share"].head(3).mean()
    monthly = fb.theme_trend(analysed, "praise", freq="M")
    assert len(monthly) == 4 and monthly["theme_comments"].sum() == (
        analysed["theme"] == "praise").sum()
    with pytest.raises(ValueError, match="Unknown theme"):
        fb.theme_trend(analysed, "parking")
    with pytest.raises(ValueError, match="freq"):
        fb.theme_trend(analysed, "praise", freq="fortnightly")
    empty = fb.theme_trend(analysed.iloc[:0], "praise")
    assert empty.empty and list(empty.columns) == list(trend.columns)


def test_verbatims_filters_sample_and_speed(analysed: pd.DataFrame) -> None:
    picked = fb.verbatims(analysed, theme="resolution", channel="phone", min_csat=2,
                          max_csat=3, limit=10, seed=4)
    assert len(picked) == 10 and list(picked.columns) == list(fb.VERBATIM_COLUMNS)
    assert (picked["theme"] == "resolution").all() and (picked["channel"] == "phone").all()
    assert picked["csat"].between(2, 3).all()
    assert picked["arrived_at"].is_monotonic_decreasing
    again = fb.verbatims(analysed, theme="resolution", channel="phone", min_csat=2,
                         max_csat=3, limit=10, seed=4)
    other = fb.verbatims(analysed, theme="resolution", channel="phone", min_csat=2,
                         max_csat=3, limit=10, seed=5)
    assert picked.equals(again) and not picked.equals(other)
    assert len(fb.verbatims(analysed, limit=25)) == 25
    assert len(fb.verbatims(analysed, theme="waiting time", limit=10_000)) == (
        analysed["theme"] == "waiting time").sum()


def test_verbatims_empty_and_errors(analysed: pd.DataFrame) -> None:
    nothing = fb.verbatims(analysed, theme="praise", max_csat=1)
    assert nothing.empty and list(nothing.columns) == list(fb.VERBATIM_COLUMNS)
    assert fb.verbatims(analysed, channel="carrier pigeon").empty
    with pytest.raises(ValueError, match="limit"):
        fb.verbatims(analysed, limit=-1)
    with pytest.raises(ValueError, match="max_csat"):
        fb.verbatims(analysed, max_csat=6)
    with pytest.raises(ValueError, match="Unknown theme"):
        fb.verbatims(analysed, theme="weather")


# ------------------------------------------------------------------ errors and edges


def test_missing_columns_are_named(contacts: pd.DataFrame, analysed: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="contacts table has no column 'comment'"):
        fb.analyse(contacts.drop(columns=["comment"]))
    with pytest.raises(ValueError, match="nps"):
        fb.themes_by(analysed.drop(columns="nps"), "nps_group")
    with pytest.raises(ValueError, match="arrived_at"):
        fb.theme_trend(analysed.drop(columns="arrived_at"), "praise")
    with pytest.raises(ValueError, match="csat"):
        fb.csat_by_theme(analysed.drop(columns="csat"))
    with pytest.raises(ValueError, match="comment"):
        fb.verbatims(analysed.drop(columns="comment"))
    with pytest.raises(ValueError, match="DataFrame"):
        fb.analyse([1, 2, 3])  # type: ignore[arg-type]


def test_no_comments_gives_empty_tables(contacts: pd.DataFrame) -> None:
    silent = contacts.head(50).assign(comment=["", None, "   ", pd.NA, ""] * 10)
    empty = fb.analyse(silent)
    assert empty.empty
    assert list(empty.columns) == [*fb.ANALYSED_COLUMNS[:8], "comment_theme",
                                   *fb.ANALYSED_COLUMNS[8:]]
    assert fb.themes_by(empty, "channel").empty
    assert fb.verbatims(empty).empty
    assert fb.theme_trend(empty, "praise").empty
    with pytest.raises(ValueError, match="No comment has a label"):
        fb.theme_accuracy(empty)


# --- how many comments match; numbers and words; who answers the survey -------------------


def test_count_matching_counts_what_verbatims_samples_from() -> None:
    frame = pd.DataFrame({
        "arrived_at": pd.to_datetime(["2026-01-05"] * 5), "channel": ["phone", "chat"] * 2
        + ["phone"], "team": "A", "csat": [1, 2, 5, 4, 2], "nps": 5,
        "theme": ["resolution", "resolution", "praise", "praise", "resolution"],
        "sentiment": 0.0, "comment": list("abcde")})
    for filters in ({}, {"theme": "resolution"}, {"channel": "phone", "max_csat": 2},
                    {"min_csat": 4}, {"theme": "praise", "channel": "chat"}):
        assert fb.count_matching(frame, **filters) == len(fb.verbatims(frame, limit=100,
                                                                      **filters))
    assert fb.count_matching(frame, theme="resolution", max_csat=1) == 1
    with pytest.raises(ValueError, match="min_csat must be from 1 to 5"):
        fb.count_matching(frame, min_csat="x")


def test_numbers_and_words_sentences_follow_the_weeks() -> None:
    weeks = pd.date_range("2026-01-05", periods=6, freq="7D")
    app = pd.Series([4.0, 6.0, 5.0, 9.0, 15.0, 25.0], index=weeks)
    always = pd.Series([76.0, 77.0, 78.0, 76.5, 75.0, 77.0], index=weeks)
    first, second = fb.numbers_and_words_sentences(always, 75, app, first_weeks=2)
    assert first == "CSAT met its target (75%) in every one of the 6 weeks."
    assert second == ("Comments about the app or website grew from 5.0% of all comments in the "
                      "first 2 weeks to 25.0% in the last week.")
    dips = always.copy()
    dips.iloc[[1, 4]] = [72.5, 74.9]
    first, _ = fb.numbers_and_words_sentences(dips, 75, app)
    assert first == ("CSAT met its target (75%) in 4 of 6 weeks; it fell below in the weeks of "
                     "12 Jan (72.5%), 2 Feb (74.9%).")
    _, falling = fb.numbers_and_words_sentences(always, 75, app[::-1].set_axis(weeks))
    assert " fell from " in falling
    with pytest.raises(ValueError, match="no weekly values"):
        fb.numbers_and_words_sentences(pd.Series(dtype=float), 75, app)


@pytest.mark.parametrize(("resolved", "unresolved", "starts", "direction"), [
    (14.1, 14.3, "Customers whose issue was resolved first time answered the survey at 14.1%",
     "small in this data"),
    (16.0, 8.8, "Customers whose issue was not resolved answer the survey less often: 8.8% "
     "against 16.0%", "looks better than"),
    (10.0, 15.5, "Customers whose issue was not resolved answer the survey more often: 15.5% "
     "against 10.0%", "looks worse than"),
])
def test_response_bias_sentences_say_who_answers_less(resolved, unresolved, starts,
                                                      direction) -> None:
    words = " ".join(fb.response_bias_sentences(resolved, unresolved))
    assert words.startswith(starts) and direction in words
    assert f"{abs(unresolved - resolved):.1f} points" in words
    with pytest.raises(ValueError, match="resolved_rate"):
        fb.response_bias_sentences(140, 10)
