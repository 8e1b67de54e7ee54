"""Decision cards (criterion 1.3): the cards' content and the widget."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from csmlib.course import management_decisions as md
from csmlib.course.portfolio import Portfolio
from csmlib.ui.decision_cards import DecisionCards, decisions_table

REFLECTION = ("The hardest decision was the handle-time target, because the saving looks "
              "real to finance. At work we cut our target last year and repeat calls rose. "
              "I would measure first contact resolution beside handle time, find why calls "
              "run long, and remove the waste so customers are helped first time and stay.")
EVIDENCE = {key: f"Sentence for {key}." for key in md.EVIDENCE_KEYS}


@pytest.fixture()
def portfolio(tmp_path) -> Portfolio:
    return Portfolio(tmp_path / "p.sqlite")


def test_cards_are_complete() -> None:
    assert 6 <= len(md.CARDS) <= 8
    assert len({c.key for c in md.CARDS}) == len(md.CARDS)
    for card in md.CARDS:
        assert 3 <= len(card.responses) <= 4
        assert sum(r.customer_centric for r in card.responses) == 1
        assert any(r.approach == "generic" for r in card.responses), card.key
        assert card.evidence_key in md.EVIDENCE_KEYS
        for r in card.responses:
            assert len(r.customer_effect.split()) >= 4 and len(r.business_effect.split()) >= 4
        assert len(card.why.split()) >= 15 and card.principle.startswith("We ")
    # every evidence key is used, and the answer is not always in the same place
    assert {c.evidence_key for c in md.CARDS} == set(md.EVIDENCE_KEYS)
    assert len({c.best for c in md.CARDS}) >= 3


def test_bad_cards_are_refused() -> None:
    good = md.card("callback")
    with pytest.raises(ValueError, match="exactly one"):
        md.DecisionCard("x", "t", "s", good.responses[1:] + good.responses[1:2], "w", "We",
                        "csat_by_wait")
    with pytest.raises(ValueError, match="evidence_key"):
        md.DecisionCard("x", "t", "s", good.responses, "w", "We", "made_up")
    with pytest.raises(ValueError, match="approach"):
        md.Response("do", "nice", "c c c c", "b b b b")
    with pytest.raises(ValueError, match="chosen"):
        md.judge(good, -1)


def test_missing_evidence() -> None:
    assert md.missing_evidence(EVIDENCE) == []
    assert md.missing_evidence({**EVIDENCE, "csat_by_wait": " "}) == ["csat_by_wait"]


def test_nothing_gives_the_answer_away_before_check(portfolio) -> None:
    w = DecisionCards(evidence=EVIDENCE, portfolio=portfolio)
    for _ in md.CARDS:
        shown = w.result.value
        assert "csm-feedback" not in shown and "Why:" not in shown
        assert html.escape(w.card.why) not in shown
        assert html.escape(w.card.principle) not in shown
        assert w.controls["choice"].value is None
        w.go(1)
    static = w.static_html()
    assert not any(html.escape(c.why) in static or html.escape(c.principle) in static
                   for c in md.CARDS)
    assert len(decisions_table()) == len(md.CARDS)


@pytest.mark.parametrize("pick", ["best", "worst"])
def test_check_gives_feedback_with_the_data(portfolio, pick) -> None:
    w = DecisionCards(evidence=EVIDENCE, portfolio=portfolio)
    card = w.card
    chosen = card.best if pick == "best" else next(
        i for i, r in enumerate(card.responses) if r.approach == "generic")
    w.controls["choice"].value = chosen
    w.check()
    shown = w.result.value
    response = card.responses[chosen]
    for text in (response.customer_effect, response.business_effect, card.why,
                 card.principle, EVIDENCE[card.evidence_key]):
        assert html.escape(text) in shown
    assert ("A customer-centric manager chooses" in shown) == (pick == "worst")
    centred = 1 if pick == "best" else 0
    assert f"1 of {len(md.CARDS)} judged; {centred} customer-centric" in w.summary.value
    assert w.controls["choice"].disabled and w.buttons["check"].disabled
    w._act(w.check)  # a second check is refused with a message, not a traceback
    assert "already judged" in w.message.value


def test_check_without_choice_and_missing_evidence(portfolio) -> None:
    w = DecisionCards(evidence={}, portfolio=portfolio)
    w._act(w.check)
    assert "Pick an option" in w.message.value
    w.controls["choice"].value = 0
    w._act(w.check)
    assert w.message.value == ""
    assert "No figure from this organisation" in w.result.value


def test_navigation_keeps_choices(portfolio) -> None:
    w = DecisionCards(evidence=EVIDENCE, portfolio=portfolio)
    assert w.buttons["previous"].disabled
    w.controls["choice"].value = 0
    w.check()
    w.go(1)
    assert w.controls["choice"].value is None and not w.controls["choice"].disabled
    assert len(w.controls["choice"].options) == len(w.card.responses)
    w.go(-1)
    assert w.controls["choice"].value == 0 and w.controls["choice"].disabled
    w.go(99)
    assert w.index == len(md.CARDS) - 1 and w.buttons["next"].disabled


def _judge_all(w: DecisionCards) -> None:
    for i, card in enumerate(w.cards):
        w.index = i
        w._show_card()
        w.controls["choice"].value = card.best if i % 2 else 0
        w.check()


def test_save_refusals_save_and_reload(portfolio) -> None:
    w = DecisionCards(evidence=EVIDENCE, portfolio=portfolio)
    w._act(w.save)
    assert "Judge every decision" in w.message.value
    _judge_all(w)
    w.controls["reflection"].value = "Too short."
    w._act(w.save)
    assert "words so far" in w.message.value
    w.controls["reflection"].value = REFLECTION
    w._act(w.save)
    assert w.message.value == "" and "evidence for 1.3" in w.status.value
    entry = portfolio.get(DecisionCards.ACTIVITY)
    assert entry.evidenced == ["1.3"] and entry.notebook == "01"
    saved = entry.table
    assert len(saved) == len(md.CARDS) and (saved["chosen"] != "").all()
    expected = sum(md.judge(c, w.choices[c.key]).customer_centric for c in md.CARDS)
    assert f"{expected} customer-centric" in entry.support_text
    again = DecisionCards(evidence=EVIDENCE, portfolio=portfolio)
    assert again.choices == w.choices
    assert again.controls["reflection"].value == REFLECTION
    assert "Saved" in again.status.value


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="cards is empty"):
        DecisionCards(cards=[])
    with pytest.raises(ValueError, match="DecisionCard"):
        DecisionCards(cards=["not a card"])
    with pytest.raises(ValueError, match="evidence"):
        DecisionCards(evidence=["a list"])


def test_choices_frame_before_judging(portfolio) -> None:
    frame = DecisionCards(portfolio=portfolio).choices_frame()
    assert isinstance(frame, pd.DataFrame) and (frame["approach"] == "not judged").all()


def _words(text: str) -> int:
    return len(text.split())


def test_customer_centric_option_is_not_given_away_by_length() -> None:
    # the customer-centric option must not stand out as the longest: at most 2 cards may
    # have it as the longest (a tie for longest counts as longest)
    longest = [c.key for c in md.CARDS
               if _words(c.best_response.does) >= max(_words(r.does) for r in c.responses)]
    assert len(longest) <= 2, f"customer-centric option is the longest on {longest}"


@pytest.mark.parametrize("card", md.CARDS, ids=[c.key for c in md.CARDS])
def test_options_on_a_card_are_of_similar_length(card) -> None:
    counts = [_words(r.does) for r in card.responses]
    assert max(counts) / min(counts) <= 1.6, f"{card.key}: option word counts {counts}"
