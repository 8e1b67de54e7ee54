"""Synthetic free text: survey comments and complaint descriptions (csmlib.data.text)."""

from __future__ import annotations

import datetime as dt
import difflib
import re

import numpy as np
import pytest

from csmlib.data import text
from csmlib.data.sectors import CHANNELS, SECTORS
from csmlib.data.text import THEMES, complaint_descriptions, contact_comments

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# ---- what the text should (and should not) contain ----------------------------------------
UNRESOLVED = re.compile(
    r"not sorted|still (not|isn't|hasn't|waiting|no )|call(ed|s)? (me )?back|"
    r"nothing (has|'s) been done|not resolved|nothing resolved", re.I)
POSITIVE = ("brilliant", "excellent", "fantastic", "amazing", "great service", "thank you",
            "thanks", "really helpful", "couldn't fault", "superb", "5 stars",
            "above and beyond", "spot on", "lovely", "would recommend")
ANGRY = ("useless", "disgusting", "shocking", "appalling", "ridiculous", "rude", "joke", "!!",
         "waste of time", "never again", "fuming", "rubbish", "pathetic", "sort it out")
THEME_CUES = {
    "waiting time": r"wait|hold|queue|minutes|hour|days|forever|took|get through|reply",
    "resolution": UNRESOLVED.pattern,
    "staff attitude": r"rude|attitude|agent|adviser|manager|condescending|cared|care less|"
                      r"abrupt|rushed|friendlier|short with me|dismissive|hung up|ended the chat|"
                      r"nuisance|department|polite",
    "repeat contact": r"again|chas|second|third|fourth|fifth|every week|first time|attempt",
    "billing and charges": r"£|charge|bill|fee|price|discount|fine|pricey|overcharg",
    "digital and app": r"\bapp\b|website|online|log in|password|portal|form\b",
    "praise": r"thank|great|brilliant|excellent|helpful|lovely|fab\b|spot on|quick|pleased|"
              r"superb|stars|fault|friendly|recommend|impressed|perfect|painless|listened|"
              r"above and beyond|top service|really good|happy|surprise",
}
PHONE = re.compile(r"(?<![\w/])0\d{2,4} ?\d{3,4} ?\d{3,4}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")
DRAMA_PREFIXES = ("07700900", "01134960", "01144960", "01154960", "01164960", "01174960",
                  "01184960", "01214960", "01314960", "01414960", "01514960", "01614960",
                  "02079460", "01632960")
VULNERABLE = re.compile(
    r"live on my own|elderly|passed away|died recently|wheelchair|registered blind|"
    r"chemotherapy|pregnant|universal credit|money is very tight|mental health|anxiety|"
    r"disabilit|disabled|stroke|lost my job|first language", re.I)
SURNAME = re.compile(r"\b(" + "|".join(map(re.escape, text.SURNAMES)) + r")\b")
DAY_MONTH = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r")\b(?! \d{4})")


# ---- realistic inputs ----------------------------------------------------------------------

def realistic_contacts(sector: str, n: int, seed: int = 0) -> dict:
    """Surveyed contacts with realistic mixes: skewed-positive CSAT driven by wait,
    resolution and repeats; ~20% unresolved; lognormal waits (hours for e-mail/social)."""
    g = np.random.default_rng(seed)
    prof = SECTORS[sector]
    reasons = g.choice(list(prof.reasons), n, p=list(prof.reasons.values()))
    channels = g.choice(list(prof.channel_mix), n, p=list(prof.channel_mix.values()))
    live = np.isin(channels, ("phone", "chat"))
    wait = np.where(live, g.lognormal(np.log(90), 1.1, n),
                    g.lognormal(np.log(5 * 3600), 0.9, n))
    resolved = g.random(n) > 0.2
    repeat = g.random(n) < np.where(resolved, 0.08, 0.35)
    penalty = np.where(live, np.minimum(wait, 900) / 300, np.minimum(wait / 3600, 48) / 24)
    latent = 1.55 - 0.7 * penalty - 1.25 * ~resolved - 0.55 * repeat + g.normal(0, 0.85, n)
    csat = np.digitize(latent, [-1.3, -0.45, 0.15, 1.15]) + 1
    dates = np.datetime64("2025-01-01") + g.integers(0, 365, n).astype("timedelta64[D]")
    return {"sector": sector, "reasons": reasons, "channels": channels, "csat": csat,
            "resolved": resolved, "wait_s": wait, "repeat": repeat, "dates": dates}


def realistic_complaints(sector: str, n: int, seed: int = 0) -> dict:
    g = np.random.default_rng(seed)
    prof = SECTORS[sector]
    categories = g.choice(list(prof.complaint_categories), n,
                          p=list(prof.complaint_categories.values()))
    received = np.datetime64("2025-01-01") + g.integers(0, 365, n).astype("timedelta64[D]")
    return {"sector": sector, "categories": categories,
            "severity": g.choice(["low", "medium", "high"], n, p=[0.55, 0.33, 0.12]),
            "vulnerable": g.random(n) < 0.16, "received": received}


def every_combination(sector: str) -> dict:
    """Every reason x channel x score x resolved x repeat x wait level (short, mid, long)."""
    rows = [(reason, channel, score, res, rep, text.LONG_WAIT_S[channel] * level)
            for reason in SECTORS[sector].reasons for channel in CHANNELS
            for score in range(1, 6) for res in (True, False) for rep in (True, False)
            for level in (0.1, 0.7, 3.0)]
    reasons, channels, csat, resolved, repeat, wait = zip(*rows, strict=True)
    return {"sector": sector, "reasons": reasons, "channels": channels, "csat": csat,
            "resolved": resolved, "repeat": repeat, "wait_s": wait,
            "dates": [dt.date(2025, 3, 14)] * len(rows)}


@pytest.fixture(scope="module")
def energy() -> tuple[dict, list[str], list[str]]:
    inputs = realistic_contacts("energy", 3000, seed=11)
    comments, themes = contact_comments(np.random.default_rng(5), **inputs)
    return inputs, comments, themes


@pytest.fixture
def no_typos(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text, "TYPO_RATE", 0.0)


def share(flags) -> float:
    flags = list(flags)
    return sum(flags) / len(flags)


# ---- determinism --------------------------------------------------------------------------

def test_same_seed_gives_same_text_and_another_seed_different_text() -> None:
    contacts, complaints = realistic_contacts("retail", 300), realistic_complaints("retail", 100)
    first = contact_comments(np.random.default_rng(1), **contacts)
    assert first == contact_comments(np.random.default_rng(1), **contacts)
    assert first[0] != contact_comments(np.random.default_rng(2), **contacts)[0]
    described = complaint_descriptions(np.random.default_rng(1), **complaints)
    assert described == complaint_descriptions(np.random.default_rng(1), **complaints)
    assert described[0] != complaint_descriptions(np.random.default_rng(2), **complaints)[0]


def test_dates_may_be_numpy_datetimes_or_date_objects() -> None:
    contacts = realistic_contacts("council", 200)
    as_dates = dict(contacts, dates=[d.item() for d in contacts["dates"]])
    assert isinstance(as_dates["dates"][0], dt.date)
    assert (contact_comments(np.random.default_rng(3), **contacts)
            == contact_comments(np.random.default_rng(3), **as_dates))
    complaints = realistic_complaints("council", 100)
    as_dates = dict(complaints, received=[d.item() for d in complaints["received"]])
    assert (complaint_descriptions(np.random.default_rng(3), **complaints)
            == complaint_descriptions(np.random.default_rng(3), **as_dates))


# ---- coverage of every sector's reasons and categories ------------------------------------

@pytest.mark.usefixtures("no_typos")
@pytest.mark.parametrize("sector", sorted(SECTORS))
def test_every_reason_gets_comments_about_its_topic(sector: str) -> None:
    g = np.random.default_rng(0)
    n = 80
    for reason in SECTORS[sector].reasons:
        keywords = text.REASON_KEYWORDS[sector][reason]
        comments, _ = contact_comments(
            np.random.default_rng(1), sector=sector, reasons=[reason] * n,
            channels=g.choice(CHANNELS, n), csat=g.integers(1, 6, n),
            resolved=g.random(n) < 0.7, wait_s=g.lognormal(np.log(200), 1.2, n),
            repeat=g.random(n) < 0.3, dates=[dt.date(2025, 6, 1)] * n)
        assert all(c.strip() for c in comments), reason
        mentions = [any(k in c.lower() for k in keywords) for c in comments]
        # only very short comments ("Rude.") may leave the topic out
        assert all(m for m, c in zip(mentions, comments, strict=True)
                   if len(c.split()) >= 12), (sector, reason)
        assert share(mentions) >= 0.85, (sector, reason)


@pytest.mark.parametrize("sector", sorted(SECTORS))
def test_every_category_gets_descriptions_about_it_in_two_to_five_sentences(sector) -> None:
    n = 40
    for category in SECTORS[sector].complaint_categories:
        keywords = text.CATEGORY_KEYWORDS[sector][category]
        texts, _ = complaint_descriptions(
            np.random.default_rng(2), sector=sector, categories=[category] * n,
            severity=["low", "medium", "high", "high"] * (n // 4),
            vulnerable=[True, False] * (n // 2), received=[dt.date(2025, 2, 10)] * n)
        for description in texts:
            assert any(k in description.lower() for k in keywords), (category, description)
            sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", description)
            assert 2 <= len(sentences) <= 5, description


@pytest.mark.parametrize("sector", sorted(SECTORS))
def test_every_row_combination_can_be_written(sector: str) -> None:
    inputs = every_combination(sector)
    for seed in range(3):
        comments, themes = contact_comments(np.random.default_rng(seed), **inputs)
        assert all(c.strip() for c in comments)
        assert set(themes) <= set(THEMES)


# ---- variety -----------------------------------------------------------------------------

@pytest.mark.parametrize("sector", sorted(SECTORS))
def test_comments_are_varied_in_every_window_of_1000(sector: str) -> None:
    comments, _ = contact_comments(np.random.default_rng(8), **realistic_contacts(sector, 3000))
    for start in range(0, 2001, 100):
        window = comments[start:start + 1000]
        assert len(set(window)) / len(window) >= 0.95, (sector, start)


@pytest.mark.parametrize("sector", sorted(SECTORS))
def test_complaint_descriptions_are_varied(sector: str) -> None:
    texts, _ = complaint_descriptions(np.random.default_rng(8),
                                      **realistic_complaints(sector, 1000))
    assert len(set(texts)) / len(texts) >= 0.95


# ---- themes match the drivers and the text ------------------------------------------------

def test_theme_labels_follow_the_drivers(energy) -> None:
    inputs, _, themes = energy
    themes = np.array(themes)
    assert set(themes) == set(THEMES)  # all eight occur in a realistic mix
    csat, wait = inputs["csat"], inputs["wait_s"]
    ratio = wait / np.array([text.LONG_WAIT_S[c] for c in inputs["channels"]])
    angry_long_wait = (csat <= 2) & (ratio >= 2)
    assert angry_long_wait.sum() >= 20
    assert (themes[angry_long_wait] == "waiting time").mean() > 0.5
    assert (themes[csat == 5] == "praise").mean() > 0.8
    assert not np.isin(themes[csat <= 3], ["praise"]).any()
    unresolved_low = (csat <= 2) & ~inputs["resolved"]
    assert (themes[unresolved_low] == "resolution").mean() > 0.25
    assert "waiting time" not in themes[ratio < 0.5]


@pytest.mark.usefixtures("no_typos")
def test_unresolved_low_score_comments_say_it_is_not_sorted() -> None:
    inputs = realistic_contacts("telecom", 3000, seed=4)
    comments, _ = contact_comments(np.random.default_rng(6), **inputs)
    rows = np.flatnonzero((inputs["csat"] <= 2) & ~inputs["resolved"])
    assert len(rows) >= 50
    missing = [comments[i] for i in rows if not UNRESOLVED.search(comments[i])]
    assert not missing, missing[:5]


@pytest.mark.usefixtures("no_typos")
@pytest.mark.parametrize("sector", sorted(SECTORS))
def test_comment_text_matches_its_theme_label(sector: str) -> None:
    inputs = realistic_contacts(sector, 3000, seed=2)
    comments, themes = contact_comments(np.random.default_rng(4), **inputs)
    by_theme: dict[str, list[bool]] = {}
    for comment, theme, reason in zip(comments, themes, inputs["reasons"], strict=True):
        if theme == "product or service":
            cue = "service|" + "|".join(map(re.escape, text.REASON_KEYWORDS[sector][reason]))
        else:
            cue = THEME_CUES[theme]
        by_theme.setdefault(theme, []).append(bool(re.search(cue, comment, re.I)))
    for theme, hits in by_theme.items():
        assert share(hits) >= 0.95, (theme, share(hits))


@pytest.mark.usefixtures("no_typos")
def test_channel_wording_matches_the_channel() -> None:
    inputs = realistic_contacts("insurance", 3000, seed=3)
    comments, _ = contact_comments(np.random.default_rng(1), **inputs)
    by_channel: dict[str, list[str]] = {}
    for comment, channel in zip(comments, inputs["channels"], strict=True):
        by_channel.setdefault(str(channel), []).append(comment.lower())
    assert not [c for c in by_channel["phone"] if "chat" in c]
    for channel in ("chat", "email", "social"):
        assert not [c for c in by_channel[channel] if "on hold" in c or "rang" in c.split()]
    own = {"phone": r"\b(rang|called|phoned|call|ring|on hold|phone queue)\b",
           "chat": r"chat", "email": r"email|reply", "social": r"facebook|dm\b|message|x\b"}
    for channel, pattern in own.items():
        assert share(bool(re.search(pattern, c)) for c in by_channel[channel]) >= 0.4, channel


@pytest.mark.usefixtures("no_typos")
def test_stated_waits_roughly_match_wait_s() -> None:
    inputs = realistic_contacts("energy", 6000, seed=5)
    comments, themes = contact_comments(np.random.default_rng(2), **inputs)
    stated = re.compile(r"(\d+) minutes (on hold|in the phone queue)|on hold for (\d+) minutes")
    checked = 0
    for comment, theme, channel, wait in zip(comments, themes, inputs["channels"],
                                             inputs["wait_s"], strict=True):
        if channel != "phone" or theme != "waiting time":
            continue
        for match in stated.finditer(comment):
            said, actual = int(match.group(1) or match.group(3)), wait / 60
            assert 0.75 * actual - 3 <= said <= 1.4 * actual + 3, (comment, wait)
            checked += 1
    assert checked >= 20


@pytest.mark.usefixtures("no_typos")
def test_sentiment_matches_the_score(energy) -> None:
    inputs, _, _ = energy
    comments, _ = contact_comments(np.random.default_rng(5), **inputs)
    csat = inputs["csat"]
    unhappy = [c.lower() for c, s in zip(comments, csat, strict=True) if s <= 2]
    delighted = [c.lower() for c, s in zip(comments, csat, strict=True) if s == 5]
    assert not [c for c in unhappy if any(p in c for p in POSITIVE)]
    assert not [c for c in delighted if any(a in c for a in ANGRY)]
    # angry customers sometimes shout
    assert share(bool(re.search(r"\b[A-Z]{4,}\b|!!", c)) for c, s in zip(
        comments, csat, strict=True) if s == 1) >= 0.2


def test_comments_are_mostly_one_to_three_sentences_with_some_very_short(energy) -> None:
    _, comments, _ = energy
    sentences = [len(re.split(r"(?<=[.!?])\s+", c.strip())) for c in comments]
    assert share(1 <= n <= 3 for n in sentences) >= 0.8
    assert max(sentences) <= 6
    assert 0.01 <= share(len(c.split()) <= 4 for c in comments) <= 0.1


def test_some_comments_have_typos_but_fewer_than_15_percent(
        energy, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs, comments, _ = energy
    monkeypatch.setattr(text, "TYPO_RATE", 0.0)
    clean, _ = contact_comments(np.random.default_rng(5), **inputs)
    changed = [(a, b) for a, b in zip(comments, clean, strict=True) if a != b]
    assert 0.02 <= len(changed) / len(comments) < 0.15
    # a typo is a slip, not a different comment
    assert all(difflib.SequenceMatcher(None, a, b).ratio() > 0.85 for a, b in changed)


# ---- complaint descriptions ---------------------------------------------------------------

@pytest.fixture(scope="module")
def complaints() -> tuple[dict, list[str], list[bool]]:
    inputs = realistic_complaints("energy", 1000, seed=7)
    texts, personal = complaint_descriptions(np.random.default_rng(9), **inputs,
                                             personal_data_share=0.3)
    return inputs, texts, personal


def test_personal_data_share_is_about_as_asked(complaints) -> None:
    _, _, personal = complaints
    assert abs(share(personal) - 0.3) <= 0.08
    for asked in (0.0, 1.0):
        _, flags = complaint_descriptions(np.random.default_rng(1), **realistic_complaints(
            "retail", 200), personal_data_share=asked)
        assert share(flags) == asked


@pytest.mark.parametrize("sector", sorted(SECTORS))
def test_personal_data_only_in_flagged_descriptions_and_always_fictional(sector) -> None:
    texts, personal = complaint_descriptions(np.random.default_rng(4),
                                             **realistic_complaints(sector, 1000, seed=1))
    for description, flagged in zip(texts, personal, strict=True):
        phones = PHONE.findall(description)
        domains = EMAIL.findall(description)
        postcodes = POSTCODE.findall(description)
        if flagged:
            assert phones or domains or postcodes, description
        else:
            assert not (phones or domains or postcodes), description
            assert "@" not in description and not SURNAME.search(description), description
        for phone in phones:
            digits = phone.replace(" ", "")
            assert len(digits) == 11 and digits.startswith(DRAMA_PREFIXES), phone
        for domain in domains:
            assert domain in ("example.com", "example.org", "example.net"), domain


def test_flagged_descriptions_include_names_and_other_details_sometimes(complaints) -> None:
    _, texts, personal = complaints
    flagged = [t for t, p in zip(texts, personal, strict=True) if p]
    assert share(bool(SURNAME.search(t)) for t in flagged) >= 0.2
    assert any(re.search(r"\b\d{2}/\d{2}/(19|20)\d{2}\b", t) for t in flagged)  # birth dates
    assert any(re.search(r"\bWE\d{9}\b", t) for t in flagged)  # energy account numbers


def test_vulnerable_customers_mention_their_circumstances(complaints) -> None:
    inputs, texts, _ = complaints
    for description, vulnerable in zip(texts, inputs["vulnerable"], strict=True):
        assert bool(VULNERABLE.search(description)) == bool(vulnerable), description


def test_severity_shows_in_the_description(complaints) -> None:
    inputs, texts, _ = complaints
    energy = SECTORS["energy"]
    # each complaint's own ombudsman: the Communications Ombudsman for broadband ones
    ombudsman = [energy.rules_for(c).ombudsman for c in inputs["categories"]]
    severity = np.array(inputs["severity"])
    high = [(t, o) for t, s, o in zip(texts, severity, ombudsman, strict=True) if s == "high"]
    low = [t for t, s in zip(texts, severity, strict=True) if s == "low"]
    assert len(high) >= 50
    assert share(o in t for t, o in high) >= 0.5
    assert all(o in t or "compensation" in t for t, o in high)
    high = [t for t, _ in high]
    assert not [t for t in low if "mbudsman" in t or "compensation" in t]
    # high severity: money lost or danger, far more often than in low-severity ones
    harm = re.compile(r"£|danger|safety|heating|hurt|unwell|accident|rats|debt")
    assert share(bool(harm.search(t)) for t in high) > share(bool(harm.search(t)) for t in low) \
        + 0.3


def test_dates_in_descriptions_are_before_the_complaint_was_received(complaints) -> None:
    inputs, texts, _ = complaints
    checked = 0
    for description, received in zip(texts, inputs["received"], strict=True):
        received = received.item()
        for day, month in DAY_MONTH.findall(description):
            mentioned = dt.date(received.year, MONTHS.index(month) + 1, int(day))
            if mentioned > received:
                mentioned = mentioned.replace(year=received.year - 1)
            assert 0 < (received - mentioned).days <= 130, (description, received)
            checked += 1
    assert checked >= 500


def test_high_severity_descriptions_name_the_categorys_own_ombudsman() -> None:
    """Each category's own: an energy supplier's broadband complaints go to Ofcom's ADR
    scheme, its other complaints to the Energy Ombudsman (see tests/test_regulation.py)."""
    every = {r.ombudsman for p in SECTORS.values() for r in p.complaint_rules}
    for sector, prof in SECTORS.items():
        for category in prof.complaint_categories:
            own = prof.rules_for(category).ombudsman
            texts, _ = complaint_descriptions(
                np.random.default_rng(0), sector=sector, categories=[category] * 60,
                severity=["high"] * 60, vulnerable=[False] * 60,
                received=[dt.date(2025, 9, 1)] * 60)
            assert any(own in t for t in texts), (sector, category)
            assert not [t for t in texts for o in every - {own} if o in t], (sector, category)


# ---- bad input ----------------------------------------------------------------------------

def test_unknown_sector_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="council, energy, insurance, retail, telecom"):
        contact_comments(np.random.default_rng(0), sector="water", reasons=[], channels=[],
                         csat=[], resolved=[], wait_s=[], repeat=[], dates=[])
    with pytest.raises(ValueError, match="council, energy, insurance, retail, telecom"):
        complaint_descriptions(np.random.default_rng(0), sector="water", categories=[],
                               severity=[], vulnerable=[], received=[])


def test_mismatched_lengths_name_the_arguments() -> None:
    with pytest.raises(ValueError, match=r"reasons=2.*channels=1"):
        contact_comments(np.random.default_rng(0), sector="energy",
                         reasons=["meter reading"] * 2, channels=["phone"], csat=[3, 3],
                         resolved=[True] * 2, wait_s=[10, 10], repeat=[False] * 2,
                         dates=[dt.date(2025, 1, 6)] * 2)
    with pytest.raises(ValueError, match=r"categories=1.*received=3"):
        complaint_descriptions(np.random.default_rng(0), sector="energy",
                               categories=["metering"], severity=["low"], vulnerable=[False],
                               received=[dt.date(2025, 1, 6)] * 3)


def test_unknown_reason_or_category_is_named_with_the_sector() -> None:
    with pytest.raises(ValueError, match=r"'council tax'.*'energy'"):
        contact_comments(np.random.default_rng(0), sector="energy", reasons=["council tax"],
                         channels=["phone"], csat=[3], resolved=[True], wait_s=[10],
                         repeat=[False], dates=[dt.date(2025, 1, 6)])
    with pytest.raises(ValueError, match=r"'speeds'.*'retail'"):
        complaint_descriptions(np.random.default_rng(0), sector="retail",
                               categories=["speeds"], severity=["low"], vulnerable=[False],
                               received=[dt.date(2025, 1, 6)])


@pytest.mark.parametrize("change, message", [
    ({"channels": ["fax"]}, "'fax'"),
    ({"csat": [6]}, "csat"),
    ({"wait_s": [-5]}, "wait_s"),
    ({"dates": ["not a date"]}, "dates"),
])
def test_other_bad_comment_inputs_are_explained(change: dict, message: str) -> None:
    inputs = {"sector": "telecom", "reasons": ["upgrade"], "channels": ["chat"], "csat": [4],
              "resolved": [True], "wait_s": [30.0], "repeat": [False],
              "dates": [dt.date(2025, 5, 5)]}
    with pytest.raises(ValueError, match=message):
        contact_comments(np.random.default_rng(0), **{**inputs, **change})


def test_unknown_severity_is_explained() -> None:
    with pytest.raises(ValueError, match="'urgent'"):
        complaint_descriptions(np.random.default_rng(0), sector="insurance",
                               categories=["claim delays"], severity=["urgent"],
                               vulnerable=[False], received=[dt.date(2025, 1, 6)])


def test_no_rows_gives_no_text() -> None:
    assert contact_comments(np.random.default_rng(0), sector="energy", reasons=[], channels=[],
                            csat=[], resolved=[], wait_s=[], repeat=[], dates=[]) == ([], [])
    assert complaint_descriptions(np.random.default_rng(0), sector="energy", categories=[],
                                  severity=[], vulnerable=[], received=[]) == ([], [])
