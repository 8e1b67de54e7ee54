"""The competency framework and the people-leadership models (criteria 4.1–4.3): every
competency is complete and linked to something the data measures; GROW, SBI, the skill/will
matrix, the delegation tasks and the wellbeing duties are complete and sourced; the conflict
scenario and the one-to-one template are valid."""

from __future__ import annotations

import re
from dataclasses import FrozenInstanceError

import pytest

from csmlib.analysis.kpis import KPI_CATALOGUE
from csmlib.course import competencies as cp
from csmlib.course import deescalation as de
from csmlib.course import team_scenarios as ts
from csmlib.data import generator, schema

# ------------------------------------------------------------------------- framework

KEYS = {"empathy", "ownership", "communication", "problem_solving", "resilience",
        "product_knowledge", "compliance"}


def test_the_framework_has_the_seven_competencies_once_each() -> None:
    keys = [c.key for c in cp.FRAMEWORK]
    assert set(keys) == KEYS and len(keys) == len(KEYS)
    assert [cp.competency(k).key for k in keys] == keys


@pytest.mark.parametrize("item", cp.FRAMEWORK, ids=lambda c: c.key)
def test_every_competency_has_three_levels_questions_and_a_source(item: cp.Competency) -> None:
    assert item.definition.strip() and item.name.strip()
    levels = item.levels
    assert list(levels) == ["developing", "competent", "strong"] == list(cp.LEVELS)
    assert all(len(text.split()) >= 8 for text in levels.values()), item.key
    assert len(set(levels.values())) == 3  # three different descriptions
    assert item.questions and all(q.endswith("?") for q in item.questions)
    # a behavioural question asks for a past example
    assert all(re.search(r"\b(time|Tell me about|Describe)\b", q) for q in item.questions)
    assert "Smith & Kendall" in item.source and "Janz" in item.source


def _kpi_names() -> list[str]:
    return [k.name for k in KPI_CATALOGUE]


@pytest.mark.parametrize("item", cp.FRAMEWORK, ids=lambda c: c.key)
def test_every_competency_shows_in_a_qa_item_or_a_known_kpi(item: cp.Competency) -> None:
    assert item.shows_in
    for link in item.shows_in:
        if link in cp.QA_ITEMS:
            continue
        assert link in cp.KPIS, (item.key, link)
        assert any(name.startswith(link) for name in _kpi_names()), (item.key, link)


def test_the_qa_items_and_the_kpis_are_the_data_s() -> None:
    assert cp.QA_ITEMS == generator.QA_ITEMS
    qa_columns = {c.name for c in schema.TABLES["qa_evaluations"]}
    assert {f"{item}_score" for item in cp.QA_ITEMS} <= qa_columns
    for kpi in cp.KPIS:
        assert any(name.startswith(kpi) for name in _kpi_names()), kpi
    # every QA item is claimed by at least one competency: no gap in the framework
    linked = {link for c in cp.FRAMEWORK for link in c.shows_in}
    assert set(cp.QA_ITEMS) <= linked


def test_the_interviewed_competencies_are_the_candidates_table_s() -> None:
    assert tuple(schema.INTERVIEW_COMPETENCIES) == cp.INTERVIEWED


def test_framework_table_has_a_row_per_competency_with_its_links() -> None:
    table = cp.framework_table()
    assert len(table) == len(cp.FRAMEWORK)
    for item in cp.FRAMEWORK:
        row = table.set_index("key").loc[item.key]
        assert row["strong"] == item.strong and row["interview_question"] == item.questions[0]
        for link in item.shows_in:
            assert link.replace("_", " ") in row["shows_in"]


def test_competency_and_level_refuse_unknown_names() -> None:
    with pytest.raises(ValueError, match="No competency 'charm'"):
        cp.competency("charm")
    with pytest.raises(ValueError, match="level must be one of"):
        cp.competency("empathy").level("expert")
    with pytest.raises(FrozenInstanceError):
        cp.competency("empathy").name = "x"  # type: ignore[misc]


# --------------------------------------------------------------- coaching and feedback


def test_grow_has_the_four_stages_in_order_with_prompts() -> None:
    assert [s.key for s in cp.GROW] == ["goal", "reality", "options", "will"]
    assert [s.name.split()[0] for s in cp.GROW] == ["Goal", "Reality", "Options", "Will"]
    for stage in cp.GROW:
        assert len(stage.prompts) >= 3 and all(p.endswith("?") for p in stage.prompts)
        assert "Whitmore" in stage.source and "1992" in stage.source
    assert any("review" in p.lower() for p in cp.grow_stage("will").prompts)
    with pytest.raises(ValueError, match="No GROW stage"):
        cp.grow_stage("wish")


def test_sbi_is_named_and_its_example_follows_the_model() -> None:
    assert "Situation" in cp.SBI.name and "Center for Creative Leadership" in cp.SBI.source
    assert [name for name, _ in cp.SBI.parts] == [name for name, _ in cp.SBI.example] \
        == ["Situation", "Behaviour", "Impact"]
    behaviour = dict(cp.SBI.example)["Behaviour"].lower()
    for label in ("rude", "lazy", "careless", "always"):  # what was done, never a label
        assert label not in behaviour


# --------------------------------------------------------------------- delegation


def test_the_skill_will_matrix_has_its_four_quadrants() -> None:
    expected = {("low", "low"): "Direct", ("low", "high"): "Guide",
                ("high", "low"): "Excite", ("high", "high"): "Delegate"}
    assert {k: s.name for k, s in cp.SKILL_WILL.items()} == expected
    for (skill, will), name in expected.items():
        style = cp.approach(skill, will)
        assert style.name == name and (style.skill, style.will) == (skill, will)
        assert "Landsberg" in style.source and style.what_you_do
    assert cp.skill_will_table()["style"].tolist() == list(expected.values())
    for bad in (("medium", "high"), ("high", "HIGH"), ("low", None)):
        with pytest.raises(ValueError, match="must be 'low' or 'high'"):
            cp.approach(*bad)  # type: ignore[arg-type]


def test_delegation_tasks_say_what_skill_and_will_they_need() -> None:
    keys = {t.key for t in cp.DELEGATION_TASKS}
    assert {"huddle", "knowledge_base", "buddy", "qa_calibration", "rota"} <= keys
    for task in cp.DELEGATION_TASKS:
        assert task.skill_needed and task.will_needed and task.risk and task.source
        cp.competency(task.develops)  # develops a competency of the framework
    table = cp.delegation_table()
    assert len(table) == len(cp.DELEGATION_TASKS)


def test_wellbeing_duties_cite_their_law_or_source() -> None:
    by_key = {d.key: d for d in cp.WELLBEING}
    for key, regulation in (("dse_assessment", "regulation 2"), ("dse_breaks", "regulation 4"),
                            ("eye_tests", "regulation 5")):
        assert "Display Screen Equipment) Regulations 1992" in by_key[key].source
        assert regulation in by_key[key].source
    assert "85%" in by_key["occupancy"].what_you_do
    assert all(d.source and d.duty and d.what_you_do for d in cp.WELLBEING)
    assert len(cp.wellbeing_table()) == len(cp.WELLBEING)


# -------------------------------------------------------------- the conflict scenario

SCENARIOS = list(ts.SCENARIOS.values())


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.key)
def test_the_conflict_scenario_is_judged_on_the_team_leader_s_steps(
        scenario: de.Scenario) -> None:
    assert scenario.method is ts.CONFLICT
    assert scenario.method.steps == ts.STEPS
    assert scenario.problems() == []
    choices = [c for t in scenario.turns for c in t.choices]
    assert {s for c in choices for s in c.shows} == set(ts.STEPS)
    assert {r for c in choices for r in c.breaks} == set(ts.RULES)
    for turn in scenario.turns:
        assert turn.speaker, turn.key  # each line says who says it
        assert sorted(c.points for c in turn.choices) == [0, 1, 2], turn.key


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.key)
def test_every_path_ends_after_three_turns_and_names_the_steps(scenario: de.Scenario) -> None:
    paths = de.all_paths(scenario)
    assert len(paths) >= 27
    reached = set()
    for choices in paths:
        path = de.walk(scenario, choices)
        assert path.ended and path.turns_taken >= de.MIN_TURNS, choices
        reached |= {e.turn.key for e in path.exchanges}
        for exchange in path.exchanges:
            text = exchange.choice.feedback_text()
            assert any(step in text for step in ts.STEPS), text
            assert not any(step in text for step in de.STEPS), text  # not the customer steps
        summary = path.summary()
        assert summary.startswith("Team conflict scenario:")
        for step in path.missed:
            assert ts.CONFLICT.coaching[step] in summary
        for rule in path.broken:
            assert ts.CONFLICT.coaching[rule] in summary
    assert reached == {t.key for t in scenario.turns}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.key)
def test_a_poor_reply_makes_the_conflict_harder(scenario: de.Scenario) -> None:
    harder = 0
    for turn in scenario.turns:
        good = next(c for c in turn.choices if c.points == 2)
        poor = next(c for c in turn.choices if c.points == 0)
        assert not good.breaks and (poor.misses or poor.breaks)
        if poor.next is not None:
            assert poor.next != good.next, turn.key
            harder += 1
    assert harder >= 2


def test_the_best_path_hears_both_sides_first_and_follows_up_last() -> None:
    scenario = ts.CALLBACKS
    turn, best = scenario.start, []
    while turn is not None:
        index = max(range(3), key=lambda i: turn.choices[i].points)
        best.append(index)
        nxt = turn.choices[index].next
        turn = scenario.turn(nxt) if nxt else None
    path = de.walk(scenario, best)
    assert path.total == path.max_points and not path.missed and not path.broken
    assert ts.HEAR_BOTH in path.exchanges[0].choice.shows
    assert ts.FOLLOW_UP in path.exchanges[-1].choice.shows
    assert set(path.shown) == set(ts.STEPS)


def test_a_method_s_steps_are_enforced_on_its_choices() -> None:
    bad = de.Choice("Words.", "Why.", 2, shows=(de.ACKNOWLEDGE,))  # a customer step
    assert any("unknown steps" in p for p in bad.problems(ts.CONFLICT))
    assert bad.problems() == []  # still fine for de-escalation
    with pytest.raises(ValueError, match="needs steps"):
        de.Method("empty", (), (), {}, {})


# ---------------------------------------------------- under-performance and one-to-one


def test_the_one_to_one_template_has_its_five_sections() -> None:
    assert [s.key for s in ts.ONE_TO_ONE] == ["strengths", "gaps", "actions", "support",
                                             "review"]
    assert all(s.heading and s.prompt and s.evidence for s in ts.ONE_TO_ONE)
    assert "evidence" in ts.ONE_TO_ONE[1].heading.lower()


def test_under_performance_is_handled_with_evidence_support_and_timescales() -> None:
    names = [s.name for s in ts.UNDER_PERFORMANCE]
    assert names[0] == "Evidence" and names[-1].startswith("Formal route")
    words = " ".join(s.what_you_do for s in ts.UNDER_PERFORMANCE).lower()
    for needed in ("evidence", "support", "time", "reasonable adjustments"):
        assert needed in words, needed
    assert all("Acas" in s.source for s in ts.UNDER_PERFORMANCE)
