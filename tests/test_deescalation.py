"""De-escalation scenarios (criterion 3.3): the trees are valid on every path, walking them
scores and summarises correctly, and the widget plays, restarts and saves to the portfolio."""

from __future__ import annotations

import html
import re
from pathlib import Path as FilePath

import pytest

from csmlib.course import deescalation as de
from csmlib.course.deescalation import (
    LETTERS,
    MIN_TURNS,
    RULES,
    SCENARIOS,
    STEPS,
    Choice,
    Scenario,
    Turn,
    all_paths,
    walk,
)
from csmlib.course.portfolio import Portfolio
from csmlib.data.sectors import SECTORS, profile
from csmlib.ui.scenario import DeescalationScenario, path_html

EVERY_VERSION = [
    pytest.param(de.scenarios(profile(key).organisation, key)[name], id=f"{key}-{name}")
    for key in sorted(SECTORS) for name in ("wrong-bill", "vulnerable")
]


def plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


# ------------------------------------------------------------------------ the trees


def test_the_two_scenarios_the_issue_asks_for_exist() -> None:
    assert {"wrong-bill", "vulnerable"} <= set(SCENARIOS)
    assert "direct debit" in SCENARIOS["wrong-bill"].setting
    assert "died" in SCENARIOS["vulnerable"].setting


@pytest.mark.parametrize("scenario", EVERY_VERSION)
def test_every_path_ends_after_at_least_three_turns(scenario: Scenario) -> None:
    paths = all_paths(scenario)
    assert len(paths) >= 3 ** MIN_TURNS // 3  # it really branches
    for choices in paths:
        path = walk(scenario, choices)
        assert path.ended, choices
        assert path.turns_taken >= MIN_TURNS, choices
        for exchange in path.exchanges:  # every reply's feedback names a step
            text = exchange.choice.feedback_text()
            assert any(step in text for step in STEPS), text
    reached = {e.turn.key for p in paths for e in walk(scenario, p).exchanges}
    assert reached == {turn.key for turn in scenario.turns}


@pytest.mark.parametrize("scenario", EVERY_VERSION)
def test_every_turn_offers_a_good_partial_and_poor_reply(scenario: Scenario) -> None:
    for turn in scenario.turns:
        assert len(turn.choices) == 3
        assert sorted(c.points for c in turn.choices) == [0, 1, 2], turn.key
        for choice in turn.choices:
            assert choice.next is None or choice.next in scenario.by_key
            assert set(choice.shows) | set(choice.misses) <= set(STEPS)
            assert set(choice.breaks) <= set(RULES)
            if choice.points == 0:
                assert choice.misses or choice.breaks
            if choice.points == 2:
                assert not choice.breaks


@pytest.mark.parametrize("scenario", EVERY_VERSION)
def test_a_poor_reply_leads_to_a_harder_line_than_a_good_one(scenario: Scenario) -> None:
    harder = 0
    for turn in scenario.turns:
        good = next(c for c in turn.choices if c.points == 2)
        poor = next(c for c in turn.choices if c.points == 0)
        if poor.next is not None:
            assert poor.next != good.next, turn.key
            harder += 1
    assert harder >= 2


def test_the_replies_use_every_step_and_every_rule() -> None:
    for scenario in SCENARIOS.values():
        choices = [c for t in scenario.turns for c in t.choices]
        assert {s for c in choices for s in c.shows} == set(STEPS), scenario.key
    every = [c for s in SCENARIOS.values() for t in s.turns for c in t.choices]
    assert {r for c in every for r in c.breaks} == set(RULES)


def test_the_vulnerable_customer_is_not_rushed_and_gets_support_offered() -> None:
    scenario = SCENARIOS["vulnerable"]
    good = " ".join(c.says for t in scenario.turns for c in t.choices if c.points == 2)
    assert "Priority Services Register" in good
    assert "large print" in good
    assert "no rush" in good
    assert "happy for me to" in good  # asks before recording


def test_energy_words_only_for_an_energy_supplier() -> None:
    assert profile("energy").organisation == de.DEFAULT_ORGANISATION
    for key in SECTORS:
        built = de.scenarios(profile(key).organisation, key)
        everything = repr(built)
        assert profile(key).organisation in built["wrong-bill"].setting
        energy_words = ("meter", "Priority Services Register", "heating")
        for word in energy_words:
            assert (word in everything) == (key in de.ENERGY_SECTORS), (key, word)


def _tree(*turns: Turn) -> Scenario:
    return Scenario("t", "Test", "A test.", turns)


def _choice(points: int = 2, next_key: str | None = None, **kwargs: object) -> Choice:
    args = ({"misses": (de.EMPATHISE,)} if points == 0 else {"shows": (de.ACKNOWLEDGE,)}) \
        | kwargs
    return Choice("Words.", "Why.", points, next=next_key, **args)  # type: ignore[arg-type]


def _chain(length: int) -> list[Turn]:
    keys = [f"t{i}" for i in range(length)]
    return [Turn(key, "Line.", tuple(_choice(p, keys[i + 1] if i + 1 < length else None)
                                     for p in (2, 1, 0))) for i, key in enumerate(keys)]


def test_a_valid_hand_made_tree_is_accepted() -> None:
    tree = _tree(*_chain(3))
    assert all_paths(tree) == [[a, b, c] for a in range(3) for b in range(3) for c in range(3)]


@pytest.mark.parametrize(("broken", "message"), [
    (lambda t: [*t[:2], Turn("t2", "x", (_choice(2, "nowhere"), *t[2].choices[1:]))],
     "does not exist: 'nowhere'"),
    (lambda t: _chain(2), "ends after 2 turns"),
    (lambda t: [*t[:2], Turn("t2", "x", (_choice(2, "t0"), *t[2].choices[1:]))],
     "more than"),
    (lambda t: [*t[:2], Turn("t2", "x", t[2].choices[:2])], "2 choices, not 3"),
    (lambda t: [*t[:2], Turn("t2", "x", (Choice("W", "Why.", 1), *t[2].choices[1:]))],
     "names no step"),
    (lambda t: [*t[:2], Turn("t2", "x", (_choice(0, misses=(), breaks=()), *t[2].choices[1:]))],
     "poor reply must miss"),
    (lambda t: [*t[:2], Turn("t2", "x", (_choice(2, breaks=(de.NO_BLAME,)),
                                          *t[2].choices[1:]))], "good reply"),
    (lambda t: [*t[:2], Turn("t2", "x", (_choice(3), *t[2].choices[1:]))], "0, 1 or 2"),
    (lambda t: [*t, Turn("orphan", "x", t[2].choices)], "no path reaches"),
])
def test_invalid_trees_are_refused_with_a_reason(broken, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        _tree(*broken(_chain(3)))


# ------------------------------------------------------------------------ walking


def _best(scenario: Scenario) -> list[int]:
    """The best reply at each turn, found from the data."""
    choices, turn = [], scenario.start
    while True:
        index = max(range(3), key=lambda i: turn.choices[i].points)
        choices.append(index)
        if turn.choices[index].next is None:
            return choices
        turn = scenario.turn(turn.choices[index].next)


@pytest.mark.parametrize("key", sorted(SCENARIOS))
def test_walk_scores_every_path_from_the_data(key: str) -> None:
    scenario = SCENARIOS[key]
    for choices in all_paths(scenario):
        path = walk(scenario, choices)
        turn, points, missed = scenario.start, 0, set()
        for index in choices:  # follow the tree by hand
            choice = turn.choices[index]
            points += choice.points
            missed |= set(choice.misses)
            turn = scenario.turn(choice.next) if choice.next else None
        assert path.total == points
        assert path.max_points == 2 * len(choices)
        assert set(path.missed) == missed
        assert sum(path.shown.values()) == sum(len(e.choice.shows) for e in path.exchanges)
    best = walk(scenario, _best(scenario))
    assert best.total == best.max_points and not best.broken
    assert best.coaching()[0].startswith("Keep doing")


def test_a_partial_walk_has_not_ended_and_waits_on_the_next_turn() -> None:
    scenario = SCENARIOS["wrong-bill"]
    first = scenario.start.choices[2]
    path = walk(scenario, [2])
    assert not path.ended and path.current is scenario.turn(first.next)
    assert path.total == first.points and path.turns_taken == 1
    assert walk(scenario, []).current is scenario.start


@pytest.mark.parametrize(("choices", "message"), [
    ([3], "choices[0] is 3"), ([-1], "choices[0] is -1"), ([0, "b"], "choices[1] is 'b'"),
    ([True], "choices[0] is True"),
])
def test_walk_refuses_bad_choices(choices: list, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        walk(SCENARIOS["wrong-bill"], choices)


def test_walk_refuses_a_choice_after_the_end() -> None:
    best = _best(SCENARIOS["wrong-bill"])
    with pytest.raises(ValueError, match="after the conversation ended"):
        walk(SCENARIOS["wrong-bill"], [*best, 0])
    with pytest.raises(ValueError, match="must be a Scenario"):
        walk("wrong-bill", [0])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must be a Scenario"):
        all_paths(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("key", sorted(SCENARIOS))
def test_the_summary_gives_the_path_the_score_and_what_to_coach(key: str) -> None:
    scenario = SCENARIOS[key]
    worst = min(all_paths(scenario), key=lambda p: walk(scenario, p).total - len(p))
    path = walk(scenario, worst)
    text = path.summary()
    assert scenario.title in text
    assert f"Score: {path.total} of {path.max_points} points over {path.turns_taken} turns" \
        in text
    for exchange in path.exchanges:
        assert exchange.turn.customer in text
        assert f"Reply {exchange.letter}: \u201c{exchange.choice.says}\u201d" in text
    for step in path.missed:
        assert de.COACHING[step] in text
    for rule in path.broken:
        assert de.COACHING[rule] in text
    assert "(finished)" in text
    assert "Keep doing" not in text
    assert "(not finished yet)" in walk(scenario, worst[:1]).summary()


# ------------------------------------------------------------------------ the widget


@pytest.fixture
def widget(tmp_path: FilePath) -> DeescalationScenario:
    return DeescalationScenario(portfolio=Portfolio(tmp_path / "p.sqlite"))


def test_the_widget_starts_on_the_first_turn(widget: DeescalationScenario) -> None:
    first = widget.scenario.start
    shown = plain(widget.result.value)
    assert first.customer in shown
    for choice in first.choices:
        assert choice.says in shown
    assert widget.message.value == ""
    assert not any(button.disabled for button in widget.reply_buttons)
    assert widget.status.value == "Not saved yet."


def test_clicking_a_reply_shows_its_feedback_and_the_next_turn(
        widget: DeescalationScenario) -> None:
    scenario = widget.scenario
    poor = next(i for i, c in enumerate(scenario.start.choices) if c.points == 0)
    widget.reply_buttons[poor].click()
    shown = plain(widget.result.value)
    choice = scenario.start.choices[poor]
    assert choice.feedback_text() in shown
    assert f"You (reply {LETTERS[poor]})" in shown
    assert scenario.turn(choice.next).customer in shown
    assert widget.choices == [poor]


def test_start_again_resets_the_conversation(widget: DeescalationScenario) -> None:
    start = widget.result.value
    widget.reply_buttons[0].click()
    assert widget.result.value != start
    widget.controls["restart"].click()
    assert widget.result.value == start and widget.choices == []


def test_changing_scenario_starts_it_afresh_and_keeps_each_draft(
        widget: DeescalationScenario) -> None:
    start = widget.result.value
    widget.reply_buttons[0].click()
    widget.controls["reflection"].value = "My draft for the bill."
    widget.controls["scenario"].value = "vulnerable"
    assert SCENARIOS["vulnerable"].start.customer in plain(widget.result.value)
    assert widget.choices == [] and widget.controls["reflection"].value == ""
    widget.controls["scenario"].value = "wrong-bill"
    assert widget.result.value == start
    assert widget.controls["reflection"].value == "My draft for the bill."


def test_the_end_shows_the_score_and_disables_the_replies(
        widget: DeescalationScenario) -> None:
    for index in all_paths(widget.scenario)[-1]:
        widget.reply_buttons[index].click()
    path = widget.path
    shown = plain(widget.result.value)
    assert path.ended
    assert f"{path.total} of {path.max_points} points" in shown
    for tip in path.coaching():
        assert tip in shown
    assert all(button.disabled for button in widget.reply_buttons)
    widget.reply_buttons[0].click()  # a stray click: a message, never a traceback
    assert "ended" in widget.message.value and widget.path == path


def test_saving_needs_a_finished_path_and_a_reflection(widget: DeescalationScenario) -> None:
    widget.controls["save"].click()
    assert "Finish the conversation first" in widget.message.value
    for index in _best(widget.scenario):
        widget.choose(index)
    widget.controls["reflection"].value = "Too short."
    widget.controls["save"].click()
    assert "2 words so far" in widget.message.value
    assert widget.portfolio.entries() == []


def test_saving_stores_the_path_summary_and_the_reflection(widget: DeescalationScenario,
                                                           tmp_path: FilePath) -> None:
    choices = all_paths(widget.scenario)[-1]
    for index in choices:
        widget.choose(index)
    reflection = ("I blamed the customer at the start and the call got much harder. Next time "
                  "I will acknowledge the problem and say how it must feel before I explain "
                  "anything, and I will coach my team to do the same.")
    widget.controls["reflection"].value = reflection
    widget.controls["save"].click()
    assert widget.message.value == ""
    assert "Saved" in widget.status.value and "3.3" in widget.status.value
    (entry,) = Portfolio(tmp_path / "p.sqlite").entries()
    assert entry.activity == "04-deescalation-wrong-bill" and entry.notebook == "04"
    assert entry.evidenced == ["3.3"]
    assert entry.support_text == walk(SCENARIOS["wrong-bill"], choices).summary()
    assert reflection in entry.text
    # saving again replaces; a new widget loads the reflection back
    widget.controls["save"].click()
    assert len(widget.portfolio.entries()) == 1
    again = DeescalationScenario(portfolio=Portfolio(tmp_path / "p.sqlite"))
    assert again.controls["reflection"].value == reflection
    assert again.status.value.startswith("Saved")


def test_the_static_part_shows_each_setting_and_first_line(
        widget: DeescalationScenario) -> None:
    static = plain(widget.static_html())
    for scenario in SCENARIOS.values():
        assert scenario.setting in static
        assert scenario.start.customer in static
    assert "csm-message" not in widget.static_html()
    assert "acknowledge" in plain(widget.intro_html()).lower()


def test_moving_the_controls_and_back_gives_the_start_again(
        widget: DeescalationScenario) -> None:
    """What tests/test_lesson_widgets.py does to a lesson's widget (buttons that are not
    *save* are clicked and must not change the result)."""
    start = widget.result.value
    for value in ("vulnerable", "wrong-bill"):
        widget.controls["scenario"].value = value
    widget.controls["restart"].click()
    widget.controls["reflection"].value = "A short note."
    widget.controls["reflection"].value = ""
    assert widget.result.value == start and widget.message.value == ""


def test_other_sectors_show_their_organisation(tmp_path: FilePath) -> None:
    council = DeescalationScenario("council", portfolio=Portfolio(tmp_path / "p.sqlite"))
    assert profile("council").organisation in plain(council.result.value)
    assert "meter" not in plain(council.static_html())


def test_path_html_escapes_the_text() -> None:
    turn = Turn("a", "<b>shout</b>", tuple(_choice(p) for p in (2, 1, 0)))
    tree = _tree(Turn("s", "x", tuple(_choice(p, "m") for p in (2, 1, 0))),
                 Turn("m", "y", tuple(_choice(p, "a") for p in (2, 1, 0))), turn)
    assert "<b>shout" not in path_html(walk(tree, [0, 0]))
    assert "&lt;b&gt;shout" in path_html(walk(tree, [0, 0]))
