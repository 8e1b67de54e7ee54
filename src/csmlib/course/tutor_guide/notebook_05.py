"""Tutor guide for notebook 05, *People: recruit, train, coach*: the competency framework,
recruiting against it, training needs from the data, coaching with GROW, leading the team,
whether training worked, and the people plan.

Every figure is computed from the default organisation's data with the same
:mod:`csmlib.analysis.people` calls the lesson makes.

Example:
    >>> from csmlib.course.tutor_guide.facts import Facts
    >>> g = guide(Facts.default())
    >>> g.number, g.minutes
    ('05', 110)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from csmlib.analysis import people as analysis
from csmlib.course import deescalation
from csmlib.course import team_scenarios as teams
from csmlib.course.tutor_guide.facts import Facts, worked_out_once
from csmlib.course.tutor_guide.model import (
    MarkingPoint,
    Misconception,
    ModelAnswer,
    NotebookGuide,
    Prompt,
    Section,
)
from csmlib.course.tutor_guide.words import correlation as _r
from csmlib.course.tutor_guide.words import percent as _pct
from csmlib.course.tutor_guide.words import signed as _signed

#: The shortlist explorer's starting cut-off and the CV weights the lesson compares.
START_CUT_OFF = analysis.START_CUT_OFF
CV_WEIGHTS = analysis.CV_WEIGHTS

S1 = "1. A customer-service competency framework (4.1)"
S2 = "2. Recruiting against the framework (4.1)"
S3 = "3. Training needs from the data (4.2)"
S4 = "4. Coaching with GROW (4.3)"
S5 = "5. Leading the team (4.3)"
S6 = "6. Did training work? (4.4)"
S7 = "7. Your people plan"
S8 = "Key points"


def _reality(facts: Facts, agent_id: str) -> dict[str, Any]:
    """One agent's QA items, satisfied customers and phone handle time beside their team's,
    as the GROW plan's Reality shows them."""
    qa, agents = facts.table("qa_evaluations"), facts.table("agents")
    contacts = facts.table("contacts")
    gaps = analysis.qa_gaps(qa, agents)
    items = list(analysis.QA_ITEMS)
    team = str(gaps.loc[agent_id, "team"])
    team_items = gaps[gaps["team"] == team][items].mean()
    handled = contacts[contacts["answered"].astype(bool)]
    surveyed = handled["csat"].notna()
    satisfied = (handled["csat"].astype(float) >= 4).where(surveyed) * 100
    phone = (handled["handle_s"] / 60).where(handled["channel"] == "phone")
    frame = pd.DataFrame({"agent_id": handled["agent_id"], "team": handled["team"],
                          "satisfied": satisfied, "aht": phone})
    own = frame[frame["agent_id"] == agent_id][["satisfied", "aht"]].mean()
    theirs = frame[frame["team"] == team][["satisfied", "aht"]].mean()
    item_gaps = (gaps.loc[agent_id, items].astype(float) - team_items).sort_values()
    return {"agent": agent_id, "team": team, "items": gaps.loc[agent_id, items],
            "team_items": team_items, "item_gaps": item_gaps,
            "evaluations": int(gaps.loc[agent_id, "evaluations"]),
            "satisfied": float(own["satisfied"]), "team_satisfied": float(theirs["satisfied"]),
            "aht": float(own["aht"]), "team_aht": float(theirs["aht"]),
            "qa_mean": float(gaps.loc[agent_id, items].astype(float).mean())}


@worked_out_once
def figures(facts: Facts) -> dict[str, Any]:
    """Every figure the notebook 05 guide quotes, computed from the default data.

    Example:
        >>> from csmlib.course.tutor_guide.facts import Facts
        >>> f = figures(Facts.default())
        >>> f["lift"] > 0 and 0 < f["start_ratio"] <= 1
        True
    """
    candidates, agents = facts.table("candidates"), facts.table("agents")
    qa, training = facts.table("qa_evaluations"), facts.table("training")
    contacts = facts.table("contacts")
    f: dict[str, Any] = {"organisation": facts.organisation,
                         "applicants": len(candidates), "hired": int(candidates["hired"].sum())}
    # recruitment
    agreement = analysis.interviewer_agreement(candidates).set_index("competency")
    overall = agreement.iloc[-1]
    f["kappa"] = float(overall["weighted_kappa"])
    f["within_one"] = float(overall["within_one_pct"])
    f["exact"] = float(overall["exact_pct"])
    equal = dict.fromkeys(analysis.COMPETENCIES, 1.0)
    rates = analysis.selection_rates(analysis.shortlist(candidates, equal, START_CUT_OFF))
    f["start_ratio"] = float(rates["rate"].min() / rates["rate"].max())
    f["rates"] = rates.set_index("group")["rate"]
    f["cv_weight"] = None
    for weight in CV_WEIGHTS:
        found = analysis.selection_rates(analysis.shortlist(
            candidates, {**equal, analysis.CV_EXPERIENCE: weight}, START_CUT_OFF))
        if found["selected"].sum() and not found["four_fifths_ok"].all():
            low = found.loc[found["rate"].idxmin()]
            f["cv_weight"], f["cv_group"] = weight, str(low["group"])
            f["cv_ratio"] = float(low["ratio_to_highest"])
            break
    validity = analysis.validity(candidates, agents, qa, contacts).set_index(
        ["predictor", "outcome"])
    f["interview"] = validity.loc[("Interview score", "QA total")]
    f["interview_csat"] = validity.loc[("Interview score", "CSAT")]
    f["cv"] = validity.loc[("CV experience score", "QA total")]
    # training needs
    needs = analysis.training_needs(qa, contacts, agents)
    f["needs"] = needs
    curve = analysis.learning_curve(contacts, agents)
    f["curve_ratio"] = float(curve["handle_min"].iloc[0] / curve["handle_min"].iloc[-1])
    f["curve_first"], f["curve_last"] = str(curve["band"].iloc[0]), str(curve["band"].iloc[-1])
    f["curve_first_min"] = float(curve["handle_min"].iloc[0])
    f["curve_last_min"] = float(curve["handle_min"].iloc[-1])
    themes = analysis.theme_gaps(contacts, negative_only=True)
    agent_themes = [t for t in ("staff attitude", "resolution", "repeat contact")
                    if t in themes.columns]
    f["agent_theme_share"] = float(themes[agent_themes].sum(axis=1).mean())
    f["resolution_team"] = str(themes["resolution"].idxmax())
    f["resolution_high"] = float(themes["resolution"].max())
    f["resolution_low"] = float(themes["resolution"].min())
    # did training work?
    fair = analysis.training_impact(qa, training).set_index("course")
    naive = analysis.naive_before_after(qa, training).set_index("course")
    clear = fair[fair["ci_low"] > 0].sort_values("lift_points", ascending=False)
    f["works"] = str(clear.index[0]) if len(clear) else str(fair["lift_points"].idxmax())
    f["fair"], f["naive"] = fair, naive
    f["lift"] = float(fair.loc[f["works"], "lift_points"])
    f["lift_low"] = float(fair.loc[f["works"], "ci_low"])
    f["lift_high"] = float(fair.loc[f["works"], "ci_high"])
    f["takers"] = int(fair.loc[f["works"], "n"])
    reaction = training.groupby("course")["reaction_score"].mean()
    f["liked"] = str(reaction.idxmax())
    f["liked_score"] = float(reaction.max())
    f["works_score"] = float(reaction[f["works"]])
    f["liked_naive"] = float(naive.loc[f["liked"], "change_points"])
    f["liked_lift"] = float(fair.loc[f["liked"], "lift_points"])
    f["liked_low"] = float(fair.loc[f["liked"], "ci_low"])
    f["liked_high"] = float(fair.loc[f["liked"], "ci_high"])
    f["anyway"] = f["liked_naive"] - f["liked_lift"]
    others = [c for c in fair.index if c != f["works"]]
    f["anyway_others"] = float((naive.loc[others, "change_points"]
                                - fair.loc[others, "lift_points"]).mean())
    kirk = analysis.kirkpatrick(training, qa, contacts)
    works = kirk[kirk["course"] == f["works"]].set_index("measure")
    f["test"] = float(works.filter(like="test", axis=0)["value"].iloc[0])
    csat = works.filter(like="CSAT", axis=0).iloc[0]
    f["csat_lift"], f["csat_low"], f["csat_high"] = (float(csat["value"]),
                                                     float(csat["ci_low"]),
                                                     float(csat["ci_high"]))
    # the agent the GROW plan and the one-to-one open on: lowest QA average
    gaps = analysis.qa_gaps(qa, agents)
    items = list(analysis.QA_ITEMS)
    lowest = gaps.assign(mean=gaps[items].mean(axis=1)).sort_values("mean").index[0]
    f["reality"] = _reality(facts, str(lowest))
    # the conflict scenario's best path
    best = {}
    for key, scenario in teams.SCENARIOS.items():
        walked = [deescalation.walk(scenario, p) for p in deescalation.all_paths(scenario)]
        top = max(walked, key=lambda w: (w.total - w.max_points, -w.turns_taken))
        best[key] = (scenario, top, len(walked))
    f["conflict"] = best
    return f


def _sections() -> tuple[Section, ...]:
    return (
        Section(S1, 8, "together",
                "Read two competencies of the framework aloud and ask what 'strong' would "
                "sound like on a call at this centre."),
        Section(S2, 17, "solo",
                "Learners read the agreement table, then move the explorer's sliders, above "
                "all the CV weight, and do the four-fifths check; close with the validity "
                "table as a group."),
        Section(S3, 17, "together",
                "Walk through the QA heatmap, the themes and the ranked needs table on the "
                "projector; learners do the learning-curve check."),
        Section(S4, 15, "solo",
                "Learners pick an agent, read the Reality and draft a GROW plan; pairs can "
                "role-play the conversation for five minutes before writing the Will."),
        Section(S5, 18, "solo",
                "Learners record the one-to-one, read the delegation table and play the "
                "conflict scenario; bring the room together on the conflict choices."),
        Section(S6, 15, "together",
                "Show the Kirkpatrick table and the two-ways chart; ask the group to predict "
                "which course worked before revealing it, then the check and the reaction "
                "answer."),
        Section(S7, 15, "writing",
                "Start the people plan in class (all four parts are required to save); the "
                "reflection can be homework."),
        Section(S8, 5, "together",
                "Recap the thread from framework to recruitment, needs, coaching and "
                "evaluation; remind learners to save and export their portfolio."),
    )


def _prompts(f: dict[str, Any]) -> tuple[Prompt, ...]:
    needs = f["needs"]
    first, second = needs.iloc[0], needs.iloc[1]
    i, cv = f["interview"], f["cv"]
    reality = f["reality"]
    worst = reality["item_gaps"].index[0].replace("_", " ")
    return (
        Prompt(S1, "Why does 'good communicator, five years' experience' not belong in a "
                   "person specification for this centre?",
               ("It describes a label and a history, not a behaviour two observers would "
                "agree they saw.",
                "A competency with indicators at several levels can be interviewed for, "
                "trained and checked in QA against the same words.",
                "Each competency says where it shows in the data (a QA item, CSAT, FCR), so "
                "recruitment and training can be judged by outcomes.",
                f"Here the CV's experience correlates {_r(cv['r'])} with hires' later QA "
                f"(95% interval {_r(cv['ci_low'])} to {_r(cv['ci_high'])}): no better than "
                "chance."),
               "Which competency would you add for your own centre, and what would 'strong' "
               "look like?"),
        Prompt(S2, "Can we trust the interview scores, and is the shortlist fair?",
               (f"The two interviewers agree within one point {_pct(f['within_one'])} of the "
                f"time (weighted kappa {f['kappa']:.2f}, substantial agreement).",
                f"The interview score correlates {_r(i['r'])} with later QA (95% interval "
                f"{_r(i['ci_low'])} to {_r(i['ci_high'])}, {int(i['n'])} hires): it "
                "predicts who serves customers well.",
                f"With equal weights the under-25s' rate is {f['start_ratio']:.2f} of the "
                "highest group's: above the four-fifths screen.",
                (f"Weighting the CV at {f['cv_weight']:g} drops the {f['cv_group']} group to "
                 f"{f['cv_ratio']:.2f}, below four-fifths, without picking better agents."
                 if f["cv_weight"] is not None else
                 "Even a heavy CV weight keeps both groups above four-fifths here.")),
               "What would you say to a hiring manager who insists on experience?"),
        Prompt(S3, "Which training need would you fund first, and what is your evidence?",
               (f"{first['need']}: the bottom third's customers were satisfied "
                f"{_pct(first['csat_bottom'])} of the time against {_pct(first['csat_top'])} "
                f"for the top third, a gap of {first['csat_gap_points']:.1f} points.",
                f"{second['need']} is close behind ({second['csat_gap_points']:.1f} points): "
                "rank by the effect on customers, not by the lowest score.",
                f"About {f['agent_theme_share']:.0f}% of dissatisfied customers' comments are "
                f"about what agents control; resolution comments range from "
                f"{f['resolution_low']:.0f}% to {f['resolution_high']:.0f}% by team "
                f"(highest: {f['resolution_team']}).",
                f"New starters in their first month take {f['curve_ratio']:.2f} times as long "
                "per contact as agents of 12 months or more: a need of its own."),
               "How would you tell an agent they are in the bottom third without demotivating "
               "them?"),
        Prompt(S4, f"Agent {reality['agent']} has the lowest QA average. What does their "
                   "Reality tell you, and what would you ask first?",
               (f"QA average {reality['qa_mean']:.1f} of 5, weakest on {worst} "
                f"({reality['items'][reality['item_gaps'].index[0]]:.1f} against "
                f"{reality['team_items'][reality['item_gaps'].index[0]]:.1f} for "
                f"{reality['team']}).",
                f"Only {reality['evaluations']} QA evaluations this quarter: too few to judge "
                "on; ask for more evaluations before concluding.",
                f"Customers satisfied {_pct(reality['satisfied'])} against "
                f"{_pct(reality['team_satisfied'])} for the team.",
                "Ask 'what do you notice?' before giving your reading: the agent should do "
                "most of the thinking."),
               "What would the agent's own Goal sound like, in their words?"),
        Prompt(S5, "In the conflict scenario, what is the first thing you do when Aisha "
                   "asks for a word?",
               ("Hear her privately and say you will hear Tom too, before deciding anything.",
                "Never take sides on length of service or who complained first.",
                "Talk about behaviour and its impact, not personalities; let the two agree "
                "ground rules.",
                "Follow up: write down what was agreed and set a review date."),
               "When does a conflict become a matter for a formal procedure?"),
        Prompt(S6, "The best-liked course and the course that works: are they the same?",
               (f"Best liked: {f['liked']} ({f['liked_score']:.1f} of 5); its takers' QA rose "
                f"{_signed(f['liked_naive'])} points before and after, but "
                f"{_signed(f['liked_lift'])} against non-takers "
                f"(95% interval {_signed(f['liked_low'])} to {_signed(f['liked_high'])}).",
                f"{f['works']} clearly worked: {_signed(f['lift'])} QA points against "
                f"non-takers (95% interval {_signed(f['lift_low'])} to "
                f"{_signed(f['lift_high'])}), rated {f['works_score']:.1f} of 5.",
                f"Before and after credits time: {f['anyway']:.1f} of the best-liked course's "
                "points would have happened anyway.",
                f"Results: {f['works']} takers' customers' CSAT rose "
                f"{_signed(f['csat_lift'])} points against non-takers."),
               "What would you need to know before rolling the effective course out to every "
               "agent?"),
    )


def _misconceptions(f: dict[str, Any]) -> tuple[Misconception, ...]:
    return (
        Misconception(
            "Experience on the CV is the best guide to a good agent.",
            f"Here the CV's experience correlates {_r(f['cv']['r'])} with later QA, no better "
            "than chance, and it favours applicants of 25 and over.",
            "The validity table and its notice; then weight the CV in the explorer and watch "
            "the four-fifths column."),
        Misconception(
            "Training needs are the courses agents have not done yet.",
            "Needs come from service gaps and customer feedback, ranked by their effect on "
            "customers; examiners expect needs derived from gaps.",
            f"The needs table: on {f['needs'].iloc[0]['need'].lower()} the bottom third's "
            f"customers are satisfied {f['needs'].iloc[0]['csat_gap_points']:.1f} points "
            "less often than the top third's."),
        Misconception(
            "If agents rated the course highly, it worked.",
            "Reaction (Kirkpatrick level 1) is unrelated to effect here: the best-liked "
            "course changed nothing.",
            f"{f['liked']} is best liked ({f['liked_score']:.1f} of 5) with "
            f"{_signed(f['liked_lift'])} points against non-takers; {f['works']} "
            f"{_signed(f['lift'])}."),
        Misconception(
            "Compare QA before and after the course to show it worked.",
            "Agents improve with experience anyway, and those sent may differ; only a "
            "comparison with non-takers over the same weeks isolates the course.",
            f"The two-ways chart: before and after credits the courses that changed nothing "
            f"with about {f['anyway_others']:.0f} points each; the check asks how much would "
            "have happened anyway."),
        Misconception(
            "Coaching means telling the agent what to do better.",
            "GROW has the agent do most of the thinking: their goal, their options first; "
            "the coach asks, then offers.",
            "Read the GROW prompts under each heading; in a role-play, count who talks "
            "most."),
        Misconception(
            "Listing the training delivered is evidence that staff are prepared.",
            "A common mistake in examiners' reports: training listed without outcomes. "
            "Evidence links a need, a course and a measured change.",
            "The common-mistake call-out in section 6 and the impact part of the people "
            "plan."),
    )


def _model_answers(f: dict[str, Any]) -> tuple[ModelAnswer, ...]:
    needs = f["needs"]
    first, second = needs.iloc[0], needs.iloc[1]
    i, cv = f["interview"], f["cv"]
    reality = f["reality"]
    worst_key = reality["item_gaps"].index[0]
    worst = worst_key.replace("_", " ")
    next_key = reality["item_gaps"].index[1]
    nxt = next_key.replace("_", " ")
    reaction = (
        f"I would not decide on the rating. {f['liked']} is the best liked "
        f"({f['liked_score']:.1f} of 5), but liking a course is Kirkpatrick's level 1 and "
        "does not show it works. Against agents who had not taken it, its takers' QA moved "
        f"{_signed(f['liked_lift'])} points (95% interval {_signed(f['liked_low'])} to "
        f"{_signed(f['liked_high'])}): no clear change in behaviour, and the "
        f"{_signed(f['liked_naive'])} points before and after would have happened anyway. "
        f"I would put the budget into {f['works']}, which lifted QA by {_signed(f['lift'])} "
        f"points against non-takers and customers' CSAT by {_signed(f['csat_lift'])} points, "
        "and check level 3 (QA) and level 4 (CSAT, FCR) against non-takers for any course "
        "before repeating it.")
    conflict_lines = []
    for scenario, best, count in f["conflict"].values():
        steps = ", ".join(f"{step} ({n})" for step, n in best.shown.items())
        letters = ", ".join(e.letter for e in best.exchanges)
        conflict_lines.append(
            f"- **{scenario.title}**: replies {letters}, {best.total} of {best.max_points} "
            f"points over {best.turns_taken} turns (the one full-marks route of {count}). "
            f"Steps shown: {steps}; no rule broken.")
    conflict = (
        "A model submission finishes the best path and reflects on it:\n"
        + "\n".join(conflict_lines) + "\n\n"
        "Why: Aisha is heard privately first, with a promise to hear Tom before deciding "
        "(no sides taken on length of service); Tom's concern about how callbacks are shared "
        "is taken seriously, then his behaviour in the huddle and its impact are named "
        "without labelling him; the two agree their own ground rules for sharing callbacks "
        "and raising problems; the leader writes up the agreement and sets a review in two "
        "weeks.\n\n"
        "Model reflection: *The hardest step was not taking sides: Aisha's six years made "
        "her account feel more credible, and the scenario showed that length of service is "
        "not evidence. The conflict got harder when Tom justified raising it in the huddle; "
        "naming the behaviour and its impact, separately from his complaint, kept both "
        "issues open. In my team I will hear both people privately before any joint "
        "meeting and put the agreement and a review date in writing.*")
    grow = (
        f"A model plan is for {reality['agent']} ({reality['team']}), the agent with the "
        "lowest QA average, written as agreed with the agent:\n\n"
        f"- **Goal**: \"By the review, I want my {worst} scores to reach my team's "
        f"level ({reality['team_items'][worst_key]:.1f} of 5), so customers feel I've "
        "understood them first time.\" Measurable, time-bound, in the agent's words.\n"
        f"- **Reality: your notes**: QA average {reality['qa_mean']:.1f} of 5 over "
        f"{reality['evaluations']} evaluations (few: ask for more before judging); weakest on "
        f"{worst} ({reality['items'][worst_key]:.1f} against "
        f"{reality['team_items'][worst_key]:.1f}) and {nxt} "
        f"({reality['items'][next_key]:.1f} against {reality['team_items'][next_key]:.1f}); "
        f"customers satisfied {_pct(reality['satisfied'])} against "
        f"{_pct(reality['team_satisfied'])} for the team; phone handle time "
        f"{reality['aht']:.1f} minutes against {reality['team_aht']:.1f}. What the agent "
        "said about it, and what they have already tried.\n"
        "- **Options**: the agent's first: listen back to two of their own calls with the "
        "QA form, sit with a strong colleague for an hour, use a checklist for the first "
        f"minute of the call; the coach's last: a place on {f['works']}, the course that "
        f"lifted QA by {_signed(f['lift'])} points against non-takers.\n"
        "- **Will (way forward)**: what the agent will do and by when (two call reviews "
        "this week, side-by-side listening next week), the support the leader gives "
        "(protected time, more QA evaluations), and a review date four weeks ahead, when "
        f"the {worst} item and customers' satisfaction are compared with today.")
    one = (
        f"Written up after the meeting with {reality['agent']}, with their scorecard "
        "attached:\n\n"
        f"**Strengths.** Their strongest QA item beside the team (the smallest gap: "
        f"({reality['item_gaps'].index[-1].replace('_', ' ')}: "
        f"{reality['items'][reality['item_gaps'].index[-1]]:.1f} against "
        f"{reality['team_items'][reality['item_gaps'].index[-1]]:.1f}) and a specific call "
        "that went well, named first and with specifics.\n\n"
        f"**Gaps, with evidence.** {worst.capitalize()}: "
        f"{reality['items'][worst_key]:.1f} against the team's "
        f"{reality['team_items'][worst_key]:.1f}, and customers satisfied "
        f"{_pct(reality['satisfied'])} against {_pct(reality['team_satisfied'])}; one call "
        "example in SBI form (situation, behaviour, impact). Only "
        f"{reality['evaluations']} evaluations, so we agreed to gather more before any "
        "formal step.\n\n"
        "**Agreed actions.** In the agent's words: two call reviews with the QA form this "
        "week; an hour side by side with a strong colleague next week.\n\n"
        "**Support.** Protected time for the reviews, four more QA evaluations this month, "
        "a check on workload and wellbeing (any adjustment they need).\n\n"
        f"**Review date.** Four weeks ahead: compare {worst} and satisfied customers with "
        "today's figures.")
    need_line = (
        f"1. **{first['need']}**: {int(first['agents'])} agents in the bottom third "
        f"(mean {first['bottom_mean']:.1f} against {first['top_mean']:.1f}); their customers "
        f"satisfied {_pct(first['csat_bottom'])} against {_pct(first['csat_top'])}. Outcome: "
        f"close half the {first['csat_gap_points']:.1f}-point gap in a quarter; measure: the "
        "QA item and their customers' CSAT, against agents not trained.\n"
        f"2. **{second['need']}**: {int(second['agents'])} agents "
        f"(mean {second['bottom_mean']:.1f} against {second['top_mean']:.1f}); satisfied "
        f"{_pct(second['csat_bottom'])} against {_pct(second['csat_top'])}. Same measures.\n"
        f"3. **New starters**: in their {f['curve_first']} they take "
        f"{f['curve_first_min']:.1f} minutes per contact against {f['curve_last_min']:.1f} "
        f"({f['curve_ratio']:.2f} times); a buddy and nesting for the first three months, "
        "measured by handle time and FCR by month of service.")
    cv_line = (f" A CV weight of {f['cv_weight']:g} would drop the {f['cv_group']} group to "
               f"{f['cv_ratio']:.2f} of the other's selection rate, so experience gets no "
               "weight." if f["cv_weight"] is not None else "")
    plan = (
        "**Recruitment criteria.** Structured behavioural interviews on the five "
        "competencies (empathy, ownership, communication, problem solving, resilience), "
        "each scored 1–5 by two interviewers against the framework's anchors without "
        f"conferring. They agree within a point {_pct(f['within_one'])} of the time (kappa "
        f"{f['kappa']:.2f}), and the interview score correlates {_r(i['r'])} with hires' "
        f"later QA (95% interval {_r(i['ci_low'])} to {_r(i['ci_high'])}), while CV "
        f"experience correlates {_r(cv['r'])}.{cv_line} I will check each round's selection "
        f"rates by age group against four-fifths (equal weights now give "
        f"{f['start_ratio']:.2f}).\n\n"
        f"**Top training needs, with evidence.**\n{need_line}\n\n"
        f"**One coaching plan.** GROW with {reality['agent']}: Goal, {worst} to the "
        f"team's {reality['team_items'][worst_key]:.1f} of 5 by the review; Reality, "
        f"{reality['items'][worst_key]:.1f} over {reality['evaluations']} evaluations and "
        f"{_pct(reality['satisfied'])} satisfied customers against "
        f"{_pct(reality['team_satisfied'])}; Options, the agent's own first (call reviews, "
        "side-by-side listening); Will, two reviews this week, more QA evaluations, a review "
        "in four weeks.\n\n"
        f"**How you will measure impact.** For {f['works']}: reaction, the feedback score "
        f"(now {f['works_score']:.1f} of 5); learning, the end-of-course test (now "
        f"{f['test']:.0f} of 100); behaviour, the QA lift against agents who have not yet "
        f"taken it, over the same fortnights (now {_signed(f['lift'])} points, 95% interval "
        f"{_signed(f['lift_low'])} to {_signed(f['lift_high'])}, {f['takers']} takers); "
        f"results, their customers' CSAT against non-takers (now {_signed(f['csat_lift'])} "
        "points) and FCR. I will not judge a course on reaction: the best-liked, "
        f"{f['liked']}, shows {_signed(f['liked_lift'])} points.")
    reflection = (
        f"Our agents took {f['liked']} this quarter and rated it highest "
        f"({f['liked_score']:.1f} of 5), and I would have reported that as success. Their QA "
        f"rose {_signed(f['liked_naive'])} points, but agents who did not take it rose by "
        f"about as much: against them the course made {_signed(f['liked_lift'])} points, "
        f"no clear change. {f['works']}, rated lower, lifted QA by {_signed(f['lift'])} "
        f"points and customers' CSAT by {_signed(f['csat_lift'])} against non-takers. The "
        "need it met was real: customers rate agents with low QA items lower "
        f"({first['need'].lower()}: {first['csat_gap_points']:.1f} points). Next time I will "
        "start from the gap (the QA item and the comments), agree the outcome and its "
        "measure before the course, and compare takers with a group who wait for a later "
        "date, at all four levels.")
    m43 = MarkingPoint(
        "4.3", "A coaching or leadership approach tied to this agent's data, with the agent "
        "doing the thinking (their goal, their options first), an agreed action, support and "
        "a review date with a measure.",
        "Advice given to the agent, no evidence from the data, or no review date or measure.")
    return (
        ModelAnswer(
            "05-reaction", "The best-liked course: send everyone again?", ("4.4",), reaction,
            (MarkingPoint("4.4", "Says reaction is not evidence of effect and names what to "
                          "check (behaviour: QA; results: CSAT, FCR) against non-takers, "
                          "ideally with the figures.",
                          "Agrees to repeat the course on its rating, or mentions "
                          "before-and-after only."),)),
        ModelAnswer(
            "05-conflict-*", "Conflict between two agents: the best path and why", ("4.3",),
            conflict,
            (MarkingPoint("4.3", "A finished path that hears both privately, names behaviour "
                          "and impact, lets the two agree ground rules and follows up; a "
                          "reflection on the hardest step and what the learner will do in "
                          "their own team.",
                          "A path that takes sides or handles it in public, or a reflection "
                          "that only restates the score."),)),
        ModelAnswer("05-grow-plan", "GROW plan for an agent", ("4.3",), grow, (m43,)),
        ModelAnswer("05-one-to-one", "One-to-one with an agent", ("4.3",), one, (m43,)),
        ModelAnswer(
            "05-people-plan", "People plan", ("4.1", "4.2", "4.3", "4.4"), plan,
            (MarkingPoint("4.1", "Recruitment linked explicitly to the customer-service "
                          "competency framework: what is scored, how, by whom, and a check "
                          "of agreement, validity and fairness (four-fifths, Equality Act).",
                          "'Recruit people with experience and good communication' with no "
                          "framework or checks."),
             MarkingPoint("4.2", "Needs derived from service gaps and feedback, each with "
                          "who, evidence (figures), intended outcome and measure, ranked by "
                          "effect on customers.",
                          "A list of courses, or needs with no evidence from QA or "
                          "comments."),
             m43,
             MarkingPoint("4.4", "All four Kirkpatrick levels for one course, each with its "
                          "measure, and a comparison group for behaviour and results.",
                          "Reaction and attendance only, or before-and-after with no "
                          "comparison group."))),
        ModelAnswer(
            "05-reflection", "Reflection: did the training work?", ("4.2", "4.4"),
            reflection,
            (MarkingPoint("4.2", "Traces the training back to a need found in a service gap "
                          "or feedback.", "A course named with no need behind it."),
             MarkingPoint("4.4", "Evaluates the outcome beyond reaction (behaviour, results) "
                          "against a comparison, and says what will be measured next time.",
                          "Describes the course and how it felt, with no measured "
                          "outcome."))),
    )


@worked_out_once
def guide(facts: Facts) -> NotebookGuide:
    """The tutor guide for notebook 05, every number computed from ``facts``.

    Example:
        >>> from csmlib.course.tutor_guide.facts import Facts
        >>> len(guide(Facts.default()).model_answers)
        6
    """
    f = figures(facts)
    notes = (
        f"Hidden truths revealed: {f['works']} is the one course that works "
        f"({_signed(f['lift'])} QA points against non-takers); {f['liked']} is the best liked "
        "and changes nothing; the interview predicts later QA while the CV does not and "
        "favours applicants of 25 and over. Let learners find these before you name them.",
        "Timing risk: section 5 has three activities (one-to-one, delegation, conflict). If "
        "short of time, play the conflict scenario together on the projector and set the "
        "one-to-one as homework.",
        f"The GROW plan and the one-to-one open on the agent with the lowest QA average "
        f"({f['reality']['agent']}), who has only {f['reality']['evaluations']} evaluations: a "
        "good moment to ask whether that is enough to act on.",
        "The GROW plan needs a review date from today on to save; on Binder remind learners "
        "to export their portfolio before the session times out.",
    )
    return NotebookGuide(
        number="05",
        purpose=("Learners link people management to the service customers get: recruit "
                 "against a competency framework and check the interview is reliable, valid "
                 "and fair (4.1), find training needs in QA gaps and comments ranked by their "
                 "effect on customers (4.2), and coach and lead with GROW, one-to-ones and "
                 "conflict handling (4.3). They then judge training at Kirkpatrick's four "
                 "levels against non-takers (4.4) and write a people plan."),
        sections=_sections(), prompts=_prompts(f), misconceptions=_misconceptions(f),
        model_answers=_model_answers(f), notes=notes)
