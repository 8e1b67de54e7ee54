"""Complaint regulation, by sector and by product (issue 11, item 13).

The default organisation, Wrenfield Energy & Broadband, answers to two sets of rules: its gas
and electricity complaints to the Gas and Electricity (Consumer Complaints Handling
Standards) Regulations 2008 (Ofgem; the Energy Ombudsman after 8 weeks or deadlock), its
broadband complaints to Ofcom's General Conditions (condition C4; an Ofcom-approved ADR
scheme, the Communications Ombudsman or CISAS, after 8 weeks or deadlock). Under the energy
regulations any expression of dissatisfaction that expects a response is a complaint and
must be recorded (regulations 2 and 4). Sources: course brief §7.

* the sector profiles carry the rules, with their sources, and send each complaint category
  and contact reason to the right ones;
* generated complaint texts, over many draws and every sector, name only the ombudsman and
  regulator of their own category's rules: a broadband complaint never threatens the Energy
  Ombudsman, an energy complaint never cites Ofcom, and an energy complaint about customer
  service is never about broadband.

The sentences notebook 00 shows are tested in ``tests/test_start_here_lesson.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import numpy as np
import pytest

from csmlib.data import text
from csmlib.data.sectors import ROUTES, SECTORS, ComplaintRules, profile
from csmlib.data.text import complaint_descriptions

#: Every name of a regulator, an ombudsman or an ADR scheme in any sector's rules.
ALL_NAMES = sorted({name for prof in SECTORS.values() for rules in prof.complaint_rules
                    for name in (rules.regulator, rules.ombudsman, rules.spoken_regulator)
                    if name} | {"Ofgem", "Ofcom", "CISAS", "Energy Ombudsman",
                                "Communications Ombudsman"})
BROADBAND_WORDS = re.compile(r"broadband|internet|router|\bMb\b|fibre", re.I)
ENERGY_WORDS = re.compile(r"\bgas\b|electricity|\bmeter|tariff|Ofgem|Energy Ombudsman", re.I)


def named(description: str) -> set[str]:
    """Which regulators and ombudsmen a text names (whole words)."""
    return {name for name in ALL_NAMES
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", description)}


def allowed_names(rules: ComplaintRules) -> set[str]:
    """The names a complaint under these rules may use (and any name inside them: "FCA"
    inside "the FCA")."""
    own = {rules.ombudsman, rules.regulator, rules.spoken_regulator} - {""}
    return {name for name in ALL_NAMES if any(name in mine for mine in own)}


def many_descriptions(sector: str, category: str, n: int = 300, seed: int = 0) -> list[str]:
    """High and medium severity: the ones that threaten an ombudsman or a regulator."""
    texts, _ = complaint_descriptions(
        np.random.default_rng(seed), sector=sector, categories=[category] * n,
        severity=["high", "medium", "high"] * (n // 3), vulnerable=[False, True] * (n // 2),
        received=[dt.date(2025, 9, 1)] * n, personal_data_share=0.3)
    return texts


# ================================================================ the sector profiles
def test_the_energy_supplier_answers_to_two_sets_of_rules() -> None:
    energy = profile("energy")
    keys = [rules.key for rules in energy.complaint_rules]
    assert keys == ["energy", "broadband"]
    gas, broadband = energy.complaint_rules
    assert (gas.regulator, gas.ombudsman, gas.final_response_weeks) == (
        "Ofgem", "Energy Ombudsman", 8)
    assert "Consumer Complaints Handling Standards) Regulations 2008" in gas.rules
    assert (broadband.regulator, broadband.ombudsman, broadband.final_response_weeks) == (
        "Ofcom", "Communications Ombudsman", 8)
    assert "General Conditions" in broadband.rules and "C4" in broadband.rules
    assert "CISAS" in broadband.ombudsman_note and "alternative dispute resolution" in (
        broadband.ombudsman_note)
    assert gas.route == broadband.route == "deadlock"


def test_broadband_complaints_and_contacts_fall_under_ofcom_the_rest_under_ofgem() -> None:
    energy = profile("energy")
    for category in energy.complaint_categories:
        rules = energy.rules_for(category)
        about_broadband = "broadband" in category
        assert rules.regulator == ("Ofcom" if about_broadband else "Ofgem"), category
        assert rules.ombudsman == ("Communications Ombudsman" if about_broadband
                                   else "Energy Ombudsman"), category
    assert energy.rules_for("broadband fault").regulator == "Ofcom"
    assert energy.rules_for("billing query").regulator == "Ofgem"
    assert energy.categories_under(energy.complaint_rules[1]) == ["broadband service"]


def test_the_energy_definition_of_a_complaint_is_cited_and_says_it_must_be_recorded() -> None:
    gas = profile("energy").complaint_rules[0]
    sentence = gas.definition_sentence()
    assert "any expression of dissatisfaction" in sentence
    assert "expects a response" in sentence
    assert "Regulations 2008 (regulation 2)" in sentence
    assert "recorded when it is received (regulation 4)" in sentence


@pytest.mark.parametrize("sector", sorted(SECTORS))
def test_every_sector_states_its_rules_with_sources(sector: str) -> None:
    prof = profile(sector)
    for rules in prof.complaint_rules:
        assert rules.route in ROUTES
        assert rules.ombudsman in rules.summary()
        assert f"{rules.final_response_weeks} weeks" in rules.summary()
        assert rules.definition_source and rules.definition_source in (
            rules.definition_sentence())
        assert rules.spoken_regulator or rules.regulator, "a customer can name someone"
    # the main rules are those of the old single fields, which the generator still reads
    first = prof.complaint_rules[0]
    assert (prof.regulator, prof.ombudsman, prof.final_response_weeks) == (
        first.regulator, first.ombudsman, first.final_response_weeks)
    # every category and every contact reason falls under one of the sector's rules
    for topic in [*prof.complaint_categories, *prof.reasons]:
        assert prof.rules_for(topic) in prof.complaint_rules


def test_the_other_sectors_name_their_own_schemes() -> None:
    assert profile("telecom").ombudsman == "Communications Ombudsman"
    assert profile("telecom").regulator == "Ofcom"
    assert profile("insurance").ombudsman == "Financial Ombudsman Service"
    assert "DISP" in profile("insurance").complaint_rules[0].rules
    assert "third business day" in profile("insurance").complaint_rules[0].summary()
    assert profile("council").ombudsman == "Local Government and Social Care Ombudsman"
    assert profile("council").complaint_rules[0].route == "own procedure"
    for sector in ("telecom", "retail", "council", "insurance"):
        assert "Ofgem" not in profile(sector).complaint_rules[0].summary(), sector


def test_a_topic_outside_the_sector_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"'council tax'.*'energy'"):
        profile("energy").rules_for("council tax")


def test_a_profile_with_broken_rules_is_refused() -> None:
    energy = SECTORS["energy"]
    with pytest.raises(ValueError, match="at least one"):
        dataclasses.replace(energy, complaint_rules=())
    with pytest.raises(ValueError, match="neither complaint categories nor contact reasons"):
        dataclasses.replace(energy, rules_by_topic={"parking": "broadband"})
    with pytest.raises(ValueError, match="water"):
        dataclasses.replace(energy, rules_by_topic={"broadband service": "water"})
    with pytest.raises(ValueError, match="route"):
        dataclasses.replace(energy.complaint_rules[0], route="whenever")


# ============================================================ generated complaint texts
@pytest.mark.parametrize("sector", sorted(SECTORS))
def test_complaint_texts_name_only_their_own_categorys_ombudsman_and_regulator(
        sector: str) -> None:
    prof = profile(sector)
    for category in prof.complaint_categories:
        rules = prof.rules_for(category)
        texts = many_descriptions(sector, category, seed=len(category))
        wrong = [(t, named(t) - allowed_names(rules)) for t in texts
                 if named(t) - allowed_names(rules)]
        assert not wrong, (sector, category, wrong[:2])
        # and they do threaten their own ombudsman, so the test can fail
        assert any(rules.ombudsman in t for t in texts), (sector, category)


def test_broadband_complaints_never_threaten_the_energy_ombudsman() -> None:
    texts = many_descriptions("energy", "broadband service", n=900, seed=3)
    assert not [t for t in texts if "Energy Ombudsman" in t or "Ofgem" in t]
    assert sum("Communications Ombudsman" in t for t in texts) >= 100
    assert any("Ofcom" in t for t in texts)
    assert not [t for t in texts if ENERGY_WORDS.search(t)]


def test_energy_complaints_never_cite_ofcom_or_talk_about_broadband() -> None:
    energy = profile("energy")
    for category in energy.categories_under(energy.complaint_rules[0]):
        texts = many_descriptions("energy", category, n=600, seed=5)
        assert not [t for t in texts if "Ofcom" in t or "Communications Ombudsman" in t
                    or "CISAS" in t], category
        assert not [t for t in texts if BROADBAND_WORDS.search(t)], category
        assert any("Energy Ombudsman" in t for t in texts), category


def test_customer_service_complaints_talk_about_topics_under_the_same_rules() -> None:
    """The customer-service category borrows its topics from the contact reasons: only
    reasons under its own rules, so an energy customer-service complaint is never about a
    broadband fault while threatening the Energy Ombudsman."""
    lists = text._lists("energy", category="customer service")
    broadband_topics = set(text.REASONS["energy"]["broadband fault"].topics)
    assert lists["cs_topic"] and not broadband_topics & set(lists["cs_topic"])
    assert lists["ombudsman"] == ["Energy Ombudsman"]
    assert text._lists("energy", category="broadband service")["ombudsman"] == [
        "Communications Ombudsman"]
