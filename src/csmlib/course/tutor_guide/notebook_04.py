"""Tutor guide for notebook 04, *Complaints and difficult customers*: the procedure and the
rules, triage, where complaints come from, timeliness, de-escalation, legal duties, personal
data in complaint text and the complaint-handling review.

Every figure is computed from the default organisation's data with the same
:mod:`csmlib.analysis.complaints` calls the lesson makes.

Example:
    >>> from csmlib.course.tutor_guide.facts import Facts
    >>> g = guide(Facts.default())
    >>> g.number, g.minutes
    ('04', 100)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from csmlib.analysis import complaints as analysis
from csmlib.course import deescalation
from csmlib.course.tutor_guide.facts import Facts, worked_out_once
from csmlib.course.tutor_guide.model import (
    MarkingPoint,
    Misconception,
    ModelAnswer,
    NotebookGuide,
    Prompt,
    Section,
)
from csmlib.course.tutor_guide.words import day as _day
from csmlib.course.tutor_guide.words import percent as _pct

S1 = "1. The procedure and the rules (3.2)"
S2 = "2. Triage: what is it, how serious, who handles it? (3.2)"
S3 = "3. Where complaints come from (3.2)"
S4 = "4. Timeliness against the rules (3.2)"
S5 = "5. Difficult customers (3.3)"
S6 = "6. Legal and regulatory duties (3.4)"
S7 = "7. Personal data in complaint text (3.4)"
S8 = "8. Your complaint-handling review"
S9 = "Key points"

#: A model action for each root cause on the fishbone (owner and date included).
ACTIONS = {
    "system error": "find and fix the system fault at source, with a check before bills or "
                    "letters go out (owner: systems and billing manager; by the end of next "
                    "month)",
    "agent error": "coach the error in team huddles and add it to QA's checklist (owner: team "
                   "leaders; from next week)",
    "third party": "raise it with the partner at the monthly supplier review, with the "
                   "complaint count, and agree a remedy (owner: partner manager; next review)",
    "process gap": "redesign the step where the process fails and brief every team on it "
                   "(owner: process lead; within six weeks)",
    "communication": "rewrite the letters and scripts that leave customers uninformed, and "
                     "tell customers proactively (owner: customer communications lead; "
                     "within a month)",
    "policy": "review the policy's effect on customers with its owner, and change or explain "
              "it better (owner: head of service; next quarter)",
    "other": "investigate further and name an owner at the next complaints review",
}


def _row(frame: pd.DataFrame, start: str) -> pd.Series:
    return frame[frame["measure"].str.startswith(start)].iloc[0]


@worked_out_once
def figures(facts: Facts) -> dict[str, Any]:
    """Every figure the notebook 04 guide quotes, computed from the default data.

    Example:
        >>> from csmlib.course.tutor_guide.facts import Facts
        >>> f = figures(Facts.default())
        >>> f["vital_share"] > 50 and f["complaints"] > 0
        True
    """
    complaints = facts.table("complaints")
    a = facts.assumptions()
    f: dict[str, Any] = {"organisation": facts.organisation, "complaints": len(complaints)}
    received = complaints["received_at"]
    f["first"], f["last"] = _day(received.min()), _day(received.max())
    # where complaints come from
    pareto = analysis.pareto(complaints, "category")
    vital = pareto[pareto["vital_few"]]
    f["vital"] = vital["category"].tolist()
    f["vital_share"] = 100 * float(vital["share"].sum())
    f["top"] = str(pareto["category"].iloc[0])
    f["top_share"] = 100 * float(pareto["share"].iloc[0])
    f["categories"] = len(pareto)
    causes = analysis.fishbone(complaints).sort_values("complaints", ascending=False)
    f["causes"] = [(str(r.root_cause), str(r.branch), int(r.complaints), 100 * float(r.share))
                   for r in causes.itertuples()]
    f["investigated"] = int(causes["complaints"].sum())
    top_causes = {}
    for category in f["vital"]:
        found = analysis.fishbone(complaints, category=category)
        if not found.empty:
            best = found.sort_values("complaints", ascending=False).iloc[0]
            top_causes[category] = (str(best["root_cause"]), int(best["complaints"]),
                                    int(found["complaints"].sum()))
    f["top_causes"] = top_causes
    hourly = a.hourly_rate_gbp * (1 + a.on_cost_share)
    cost = analysis.cost_of_complaints(complaints, analysis.HANDLING_HOURS, hourly)
    row = cost.set_index("category").loc[f["top"]]
    f["top_cost_each"] = float(row["total_gbp"] / row["complaints"])
    f["top_cost"] = float(row["total_gbp"])
    f["total_cost"] = float(cost["total_gbp"].sum())
    f["total_redress"] = float(cost["redress_gbp"].sum())
    churn = analysis.churn_by_outcome(complaints, facts.table("customers")).set_index("outcome")
    rate = churn["churn_rate"] * 100
    f["churn"] = rate
    f["churn_base"] = float(rate["no complaint"])
    f["churn_not_upheld"] = float(rate["not upheld"])
    f["churn_upheld"] = float(rate["upheld"])
    f["churn_open"] = float(rate["open"])
    f["churn_times"] = f["churn_not_upheld"] / f["churn_base"]
    f["not_upheld_left"] = int(churn.loc["not upheld", "churned"])
    f["not_upheld_customers"] = int(churn.loc["not upheld", "customers"])
    # timeliness
    weeks = int(facts.truths.get("final_response_weeks", 8))
    f["weeks"] = weeks
    last = pd.Timestamp(received.max()).normalize()
    timely = analysis.timeliness(complaints, final_response_weeks=weeks, as_of=last)
    ack, three = _row(timely, "Acknowledged"), _row(timely, "Resolved within 3")
    final = timely[(timely["kind"] == "deadline")
                   & timely["measure"].str.startswith("Final response")].iloc[0]
    closed_only = timely[timely["kind"] == "closed only"].iloc[0]
    f["ack_share"] = 100 * float(ack["share"])
    f["ack_days"] = str(ack["measure"]).split("within ")[-1]
    f["three_share"] = 100 * float(three["share"])
    f["final_share"] = 100 * float(final["share"])
    f["final_due"], f["final_met"] = int(final["complaints"]), int(final["met"])
    f["final_missed"] = f["final_due"] - f["final_met"]
    f["closed_share"] = 100 * float(closed_only["share"])
    f["open_past"] = int(_row(timely, "Still open past")["met"])
    f["open_within"] = int(_row(timely, "Still open, under")["met"])
    ages = analysis.open_ages(complaints, as_of=last).set_index("band")
    f["open_total"] = int(ages["complaints"].sum())
    f["open_vulnerable"] = int(ages["vulnerable"].sum())
    after = analysis.after_final_response(complaints).set_index("step")
    f["deadlocks"] = int(after.loc["Deadlock letters sent", "complaints"])
    f["referred"] = int(after.loc["Referred to the ombudsman", "complaints"])
    f["pending"] = int(after.loc["Ombudsman's finding still pending", "complaints"])
    # triage, vulnerability and personal data
    f["vulnerable_share"] = 100 * float(complaints["vulnerable"].astype(bool).mean())
    routes = complaints["route"].value_counts()
    f["routes"] = routes
    f["resolve_now_share"] = 100 * float(routes.get("resolve now", 0) / len(complaints))
    f["personal"] = int(complaints["contains_personal_data"].astype(bool).sum())
    # the de-escalation scenarios of the default organisation
    scenarios = deescalation.scenarios(facts.organisation, str(
        facts.manifest.get("settings", {}).get("sector", "energy")))
    best = {}
    for key, scenario in scenarios.items():
        paths = deescalation.all_paths(scenario)
        walked = [deescalation.walk(scenario, p) for p in paths]
        top = max(walked, key=lambda w: (w.total - w.max_points, -w.turns_taken))
        full = sum(1 for w in walked if w.ended and w.total == w.max_points)
        best[key] = (scenario, top, len(paths))
        f.setdefault("full_paths", {})[key] = full
    f["scenarios"] = best
    return f


def _sections() -> tuple[Section, ...]:
    return (
        Section(S1, 10, "together",
                "Walk through the rules table and ISO 10002's stages; take a show of hands on "
                "the 'is it a complaint?' check before revealing the answer."),
        Section(S2, 12, "solo",
                "Learners triage the six complaints alone, then compare with a neighbour "
                "before pressing Check; discuss any complaint the room split on."),
        Section(S3, 18, "together",
                "Show the Pareto chart and the fishbone, let learners read complaints in the "
                "reader, then discuss the cost and churn tables; learners then write the "
                "learning answer."),
        Section(S4, 12, "together",
                "Put the fair final-response figure beside the closed-only one and ask which "
                "a manager would rather report; then the timeliness check."),
        Section(S5, 12, "solo",
                "Learners play both scenarios (pairs can read the customer's lines aloud), "
                "save a path and reflection; stop after ten minutes to compare choices."),
        Section(S6, 10, "solo",
                "Learners answer the six duty questions alone; take up any question more than "
                "a third of the room got wrong."),
        Section(S7, 8, "together",
                "Show the redaction examples and the accuracy tables, then let learners try "
                "the redactor with a made-up complaint (never a real one on Binder)."),
        Section(S8, 13, "writing",
                "Start the review in class (the first three parts are required to save), "
                "then set the duties part and the reflection as homework."),
        Section(S9, 5, "together",
                "Recap the procedure-to-learning loop and the four de-escalation steps; "
                "remind learners to save and export their portfolio."),
    )


def _prompts(f: dict[str, Any]) -> tuple[Prompt, ...]:
    causes = f["causes"]
    vital = ", ".join(f["vital"])
    scen = f["scenarios"]
    paths = " and ".join(f"{n} in '{s.title.lower()}'" for s, _, n in scen.values())
    counts = set(f["full_paths"].values())
    full = (f"only {counts.pop()} in each scores" if len(counts) == 1
            else "a few in each score")
    first = next(iter(scen.values()))[0].start
    quick = first.choices[1]
    return (
        Prompt(S1, "Should a team be set a target to cut the number of complaints it logs?",
               ("No: a target on the count encourages teams not to log complaints, and the "
                "energy rules require every complaint to be recorded.",
                "A complaint resolved on the spot is still a complaint: it is counted and its "
                "cause is still worth fixing.",
                "Better targets: timeliness, customers' satisfaction with the handling, "
                "repeat complaints about the same cause.",
                f"{f['organisation']} logged {f['complaints']:,} complaints from "
                f"{f['first']} to {f['last']}: each is free information about a cause."),
               "Which ISO 10002 stage is most often skipped, and what does skipping it cost?"),
        Prompt(S2, "Which complaints did the group disagree about, and why does the route "
                   "matter on day one?",
               ("The route follows a fixed order: vulnerable customer first, then escalate "
                "(high severity or a threat of the ombudsman, regulator, MP or media), then "
                "resolve now (low severity), then investigate.",
                f"{_pct(f['vulnerable_share'])} of complaints came from customers in "
                "vulnerable circumstances: missing one delays the help they need.",
                f"{_pct(f['resolve_now_share'])} were routed 'resolve now': simple complaints to "
                "put right within three business days.",
                "Disagreement usually comes from reading severity from the tone rather than "
                "the harm."),
               "What words in a complaint should make an agent stop and check for "
               "vulnerability?"),
        Prompt(S3, "Where would you start if you could fix the causes of only one category?",
               (f"The vital few ({vital}) make up {_pct(f['vital_share'])} of complaints; "
                f"{f['top']} alone is {_pct(f['top_share'])}.",
                f"One {f['top']} complaint costs about £{f['top_cost_each']:,.2f} in redress "
                f"and handling, £{f['top_cost']:,.0f} for the category.",
                f"Across all investigated complaints the top root causes are {causes[0][0]} "
                f"({_pct(causes[0][3])}) and {causes[1][0]} ({_pct(causes[1][3])}): a "
                "category says what went wrong, the root cause why.",
                "Fix at source, then check that complaints about that cause fall."),
               "Take one category: ask 'why?' five times. Where does the chain end?"),
        Prompt(S3, "Does upholding a complaint cost money or save it?",
               (f"Customers who never complained left at {_pct(f['churn_base'])}; those whose "
                f"complaint was upheld at {_pct(f['churn_upheld'])}.",
                f"Not upheld: {_pct(f['churn_not_upheld'])} left, about "
                f"{f['churn_times']:.1f} times the baseline; still open: "
                f"{_pct(f['churn_open'])}.",
                "It is an association, not proof: complaints that are not upheld may be about "
                "problems that drive customers away anyway.",
                "The redress is small next to a lost customer: explanation, fairness and "
                "follow-up matter most where the answer is no."),
               "How would you explain a 'not upheld' decision so the customer stays?"),
        Prompt(S4, "Your report says almost every final response went out within the "
                   "deadline. What is missing?",
               (f"Closed complaints only: {_pct(f['closed_share'])}. Counting the "
                f"{f['open_past']} complaints still open past {f['weeks']} weeks: "
                f"{_pct(f['final_share'])} ({f['final_met']:,} of {f['final_due']:,}).",
                f"{f['final_missed']} complaints missed the deadline, and the oldest are the "
                "open ones.",
                f"Only {_pct(f['three_share'])} were resolved within three business days; "
                f"{_pct(f['ack_share'])} were acknowledged within {f['ack_days']}.",
                f"{f['open_within']} complaints are open but not yet due: watch them, oldest "
                "first."),
               "Who should see the list of open complaints past four weeks, and how often?"),
        Prompt(S5, "In the scenarios, which reply felt natural but lost points, and why?",
               (f"Going straight to the task (\u201c{quick.says}\u201d) shows "
                f"{', '.join(quick.shows) or 'no step'} but misses "
                f"{', '.join(quick.misses)}: {quick.points} point, not 2.",
                "Blaming the customer ('if you'd sent a reading…') breaks a rule even when "
                "it is true.",
                "Promising what you have not checked breaks 'never promise what you cannot "
                "deliver'.",
                f"There are many routes through ({paths}); {full} full marks, and every "
                "good reply shows at least one of the four steps."),
               "How would you coach an agent whose instinct is to explain the policy first?"),
        Prompt(S6, "A colleague wants to use complaint texts for a marketing campaign. What "
                   "do you say?",
               ("Purpose limitation: the data was collected to handle complaints; a new use "
                "needs the data protection lead's view first.",
                "Data minimisation: share only what the reader needs, redacted.",
                "Storage limitation: keep complaints for a set, documented period.",
                f"About {f['personal']:,} of the {f['complaints']:,} complaint descriptions "
                "hold personal data, so the risk is real."),
               "Which of the FCA's drivers of vulnerability would your team find hardest to "
               "spot on a call?"),
    )


def _misconceptions(f: dict[str, Any]) -> tuple[Misconception, ...]:
    return (
        Misconception(
            "If the customer ends the call happy, it was never a complaint.",
            "Any expression of dissatisfaction where a response is expected is a complaint, "
            "even one put right on the spot; energy suppliers must record every one.",
            "Use the 'is it a complaint?' check in section 1 and its explanation."),
        Misconception(
            "A complaint is closed once it is answered and refunded.",
            "ISO 10002 ends with learning: without a recorded root cause and a fix, the same "
            "complaint comes back from another customer.",
            f"Show the fishbone: {f['causes'][0][0]} alone lies behind "
            f"{f['causes'][0][2]} of {f['investigated']} investigated complaints. Then the "
            "learning answer."),
        Misconception(
            "Complaints are a cost to be cut.",
            "The redress and handling are small next to the customers who leave, and a "
            "count target discourages logging.",
            f"Complaints cost £{f['total_cost']:,.0f} in redress and handling this quarter, "
            f"but not-upheld complainants left at {_pct(f['churn_not_upheld'])} against "
            f"{_pct(f['churn_base'])}: the churn table."),
        Misconception(
            "Timeliness can be reported over closed complaints.",
            "The oldest complaints are the ones still open; leaving them out flatters the "
            "figure.",
            f"The greyed row: {_pct(f['closed_share'])} closed-only against "
            f"{_pct(f['final_share'])} with open complaints counted."),
        Misconception(
            "With an angry customer, explain the policy first so they understand.",
            "Explaining before acknowledging and empathising sounds like an excuse; the "
            "customer escalates.",
            "Play the 'wrong bill' scenario with reply B or C at turn 1 and read the "
            "feedback aloud."),
        Misconception(
            "Recording a customer's vulnerability is always good: note everything.",
            "Health and circumstances are sensitive data: ask consent, record only what is "
            "needed to help, and act on it (adjustments, the Priority Services Register).",
            "The 'vulnerable circumstances' scenario's last turn asks before recording; "
            "duty questions 5 and 6."),
    )


def _model_answers(f: dict[str, Any]) -> tuple[ModelAnswer, ...]:
    causes = f["causes"]
    tc = f["top_causes"]
    top_cause, top_n, top_inv = tc.get(f["top"], (causes[0][0], causes[0][2],
                                                   f["investigated"]))
    learning = (
        f"Before closing it, record the root cause (for a {f['top']} complaint at "
        f"{f['organisation']} it is most often '{top_cause}': {top_n} of {top_inv} "
        f"investigated {f['top']} complaints) and search the other complaints for the same "
        f"cause. {f['top'].capitalize()} is {_pct(f['top_share'])} of all complaints, so a fix "
        "at source (for example, checking every estimated reading that is far above the "
        "customer's usual use before the bill goes out) stops the same complaint arriving "
        "from other customers. Then check, month by month, that complaints with that cause "
        "fall. Closing without this is answering, not learning, and ISO 10002's last stage "
        "is learning.")
    action_lines = "\n".join(
        f"{number}. {category} ({cause}): {ACTIONS.get(cause, ACTIONS['other'])}"
        for number, (category, (cause, _n, _inv)) in enumerate(tc.items(), start=1))
    cause_lines = "\n".join(
        f"- {category}: most often '{cause}' ({n} of {inv} investigated)"
        for category, (cause, n, inv) in tc.items())
    review = (
        f"**Timeliness against the rules.** Of the {f['final_due']:,} complaints now due a "
        f"final response, {f['final_met']:,} ({_pct(f['final_share'])}) got one within "
        f"{f['weeks']} weeks; {f['final_missed']} missed, {f['open_past']} of them still "
        f"open. The closed-only figure ({_pct(f['closed_share'])}) would have hidden those. "
        f"{_pct(f['ack_share'])} were acknowledged within {f['ack_days']}, but only "
        f"{_pct(f['three_share'])} were resolved within three business days. "
        f"{f['open_within']} complaints are open within the limit, {f['open_vulnerable']} of "
        f"the {f['open_total']} open ones from vulnerable customers. I will review every "
        "complaint open over four weeks weekly, oldest first, with vulnerable customers' "
        "complaints first, and let the front line settle simple complaints on the day so "
        "more close within three days.\n\n"
        f"**Top root causes and actions.** The vital few categories ({', '.join(f['vital'])})"
        f" are {_pct(f['vital_share'])} of complaints. Their main causes:\n{cause_lines}\n\n"
        f"Actions, one per vital category:\n{action_lines}\n\nI will check that complaints "
        f"per cause fall month by month, and that not-upheld customers' "
        f"churn ({_pct(f['churn_not_upheld'])}, against {_pct(f['churn_base'])} for "
        "customers who never complained) falls as explanations improve.\n\n"
        "**Coaching de-escalation.** Each agent plays both scenarios and we replay their "
        "path in a one-to-one, naming which of the four steps (acknowledge, empathise, take "
        "ownership, agree next steps) each reply showed or missed. I will listen to two "
        "escalated calls per agent a month against the same four steps, coach the "
        "most-missed step first, and track QA's empathy item and the share of complaints "
        "escalated.\n\n"
        f"**Legal and regulatory duties.** About {f['personal']:,} of the "
        f"{f['complaints']:,} complaint texts hold personal data: extracts leave the team "
        "redacted and checked by a person, only what the reader needs (UK GDPR data "
        "minimisation), and are kept for a documented period. "
        f"{_pct(f['vulnerable_share'])} of complaints come from customers in vulnerable "
        "circumstances: triage routes them first to a named handler, agents ask consent "
        "before recording a need, offer the Priority Services Register and reasonable "
        "adjustments such as large print or a named contact (Equality Act 2010).")

    def letters(path: deescalation.Path) -> str:
        return ", ".join(e.letter for e in path.exchanges)

    scenario_lines = []
    for scenario, best, count in f["scenarios"].values():
        steps = ", ".join(f"{step} ({n})" for step, n in best.shown.items())
        scenario_lines.append(
            f"- **{scenario.title}**: replies {letters(best)}, {best.total} of "
            f"{best.max_points} points over {best.turns_taken} turns (one of {count} routes). "
            f"Steps shown: {steps}; none missed, no rule broken.")
    deesc = (
        "A model submission takes the best path in each scenario and explains why it "
        "works:\n" + "\n".join(scenario_lines) + "\n\n"
        "Why these replies: in the wrong-bill call the first reply names both problems "
        "(the bill and the direct debit), recognises the shock and owns the next move before "
        "any explanation; the second explains the estimate in plain words, owns the "
        "mistake and fixes it during the call; the third checks before promising and agrees "
        "what happens and when. In the vulnerable-customer call, condolences come first, "
        "her fear of being cut off is answered before the task, an adjustment (large print) "
        "and the Priority Services Register are offered, and consent is asked before "
        "anything about her is recorded.\n\n"
        "Model reflection: *The hardest step to show was empathy without sounding scripted: "
        "in the wrong-bill call I wanted to explain the estimate first, and the customer's "
        "mood only turned once the shock was acknowledged. In the second call the turning "
        "point was answering her fear before the paperwork. I will coach new agents to name "
        "the customer's problem back before explaining anything.*")
    reflection = (
        f"On a call I listened to last month a customer of {f['organisation']} rang about a "
        "bill three times higher than usual, the kind of complaint behind "
        f"{_pct(f['top_share'])} of ours. The agent acknowledged the problem and took "
        "ownership (she redid the bill on a real reading during the call), but she began by "
        "explaining how estimates work, and the customer only calmed down once she said "
        "'that must have been a shock'. She did not agree next steps for the direct debit, "
        "so the customer called back two days later. I would coach her to acknowledge and "
        "empathise before explaining, and to close every call with what happens next and "
        "when; I will check it by listening to two of her calls next month against the four "
        "steps and by watching her customers' repeat contacts.")
    marking_32 = MarkingPoint(
        "3.2", "Handles complaints to a procedure: uses the fair timeliness figure (open "
        "complaints counted) against the rule, the vital few with their root causes, and "
        "actions with owners, dates and a check that the cause falls (ISO 10002's learning "
        "stage).",
        "Closed-only timeliness, categories without root causes, or actions with no owner or "
        "check.")
    return (
        ModelAnswer(
            "04-learning", "Before a complaint is truly finished", ("3.2",), learning,
            (MarkingPoint("3.2", "Names the learning step (record the root cause, look for it "
                          "in other complaints, fix at source, check the fall) and why: the "
                          "same cause recurs for other customers.",
                          "Only 'send a satisfaction survey' or 'apologise again', or no "
                          "reason given."),)),
        ModelAnswer(
            "04-complaint-review", "Complaint-handling review", ("3.2", "3.3", "3.4"), review,
            (marking_32,
             MarkingPoint("3.3", "A coaching approach built on the four steps (acknowledge, "
                          "empathise, take ownership, agree next steps), how it will be "
                          "observed and how its effect will be checked.",
                          "'Train staff in customer service' with no steps, method or "
                          "check."),
             MarkingPoint("3.4", "Applies named duties to this team's practice: UK GDPR "
                          "principles for complaint data (minimisation, storage, sharing), "
                          "how vulnerable customers are identified and supported with "
                          "consent, reasonable adjustments (Equality Act 2010).",
                          "Lists the laws without saying what the team does differently."))),
        ModelAnswer(
            "04-deescalation-*", "De-escalation scenarios: the best path and why", ("3.3",),
            deesc,
            (MarkingPoint("3.3", "A finished path with good replies, and a reflection that "
                          "names the step found hardest, where the customer's mood turned "
                          "and what the learner will do differently.",
                          "A path abandoned part-way, or a reflection that restates the "
                          "score without saying what was learnt."),)),
        ModelAnswer(
            "04-reflection", "Reflection: a difficult conversation", ("3.3",), reflection,
            (MarkingPoint("3.3", "A real conversation analysed step by step: which of the "
                          "four steps happened, which were missed, the effect on the "
                          "customer, and what will be coached and checked next time.",
                          "A description of the call with no steps named, or no coaching "
                          "action."),)),
    )


@worked_out_once
def guide(facts: Facts) -> NotebookGuide:
    """The tutor guide for notebook 04, every number computed from ``facts``.

    Example:
        >>> from csmlib.course.tutor_guide.facts import Facts
        >>> [m.item for m in guide(Facts.default()).model_answers]
        ['04-learning', '04-complaint-review', '04-deescalation-*', '04-reflection']
    """
    f = figures(facts)
    notes = (
        "The redactor runs on whatever learners type: on Binder or a shared hub, tell them "
        "to use made-up details only, never a real customer's complaint.",
        f"Hidden truths revealed: the Pareto shape (vital few {_pct(f['vital_share'])}), "
        f"churn far higher after not-upheld ({_pct(f['churn_not_upheld'])}) and open "
        f"({_pct(f['churn_open'])}) complaints than the {_pct(f['churn_base'])} baseline, the "
        f"{f['open_past']} complaints still open past {f['weeks']} weeks, and one clue "
        "sentence to the root cause in every description (open complaints too: learners can "
        "guess their cause from the words).",
        "Timing risk: section 3 has four pieces (Pareto, reader, fishbone, cost and churn). "
        "If short of time, demonstrate the reader rather than letting everyone browse.",
        "The de-escalation scenarios save one entry per scenario; a learner who plays only "
        "one has evidence for 3.3 already, and the second can be homework.",
    )
    return NotebookGuide(
        number="04",
        purpose=("Learners follow complaints from receipt to learning: the rules and ISO "
                 "10002, triage, the vital few categories and their root causes, what "
                 "complaints and lost customers cost, and timeliness with open complaints "
                 "counted (3.2). They practise de-escalation (3.3) and apply UK GDPR, "
                 "vulnerability and equality duties to complaint data (3.4), then write a "
                 "complaint-handling review."),
        sections=_sections(), prompts=_prompts(f), misconceptions=_misconceptions(f),
        model_answers=_model_answers(f), notes=notes)
