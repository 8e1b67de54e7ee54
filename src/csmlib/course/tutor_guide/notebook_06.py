"""Tutor guide for notebook 06, *Continuous improvement (PDCA)*: timings, prompts,
misconceptions and model answers, every figure computed from the default organisation.

Example:
    >>> from csmlib.course.tutor_guide.facts import Facts
    >>> guide(Facts.default()).number
    '06'
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from csmlib.analysis import improvement as imp
from csmlib.analysis import journeys, project_plan, spc
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
from csmlib.course.tutor_guide.words import joined as _join
from csmlib.course.tutor_guide.words import points as _pts
from csmlib.course.tutor_guide.words import share_pct as _pct

NUMBER = "06"
#: the month-on-month RAG rule of the notebook: a move of more than 1 point is red or green
RAG_POINTS = 0.01
#: the worked example's cycles (change, weeks), as the notebook's example log runs them
EXAMPLE_CYCLES = (("shorter_calls", 6), ("text_summary", 6), ("confirm_fix", 8))
_COLUMNS = ("arrived_at", "team", "answered", "contacted_again_7d", "resolved_first_contact",
            "comment", "comment_theme", "reason", "csat")
_DECIDE = {"improvement": "adopt", "none": "adapt", "concern": "abandon"}

S1 = "1. Real change or noise? (6.2)"
S2 = "2. PDCA: improve in cycles, and keep checking (6.1, 6.3)"
S3 = "3. Designing a service process"
S4 = "4. Quality frameworks (6.4)"
S5 = "5. Coordinating the project (6.5)"
S6 = "6. Explain it to your manager"
S7 = "7. Your improvement report"
S8 = "Key points"


@dataclass(frozen=True)
class _Figures:
    """Every figure the guide quotes, computed once from the data."""

    organisation: str
    teams: list[str]
    changed_team: str
    change_date: str
    change_what: str
    summaries: dict[str, str]            # team -> control-chart summary (repeat contacts)
    first_team: str
    first_mean: float
    first_upper: float
    first_lower: float
    first_weeks: int
    before: float                        # changed team's mean before its change
    after: float
    after_lower: float
    after_upper: float
    rag_total: int
    rag_flagged: int
    rag_noise: int
    rag_noise_example: tuple[str, str, float]   # team, month, points moved
    repeat_rate: float
    complaint_speed: float
    app_first: float
    app_last: float
    app_first_week: object
    app_last_week: object
    fcr_concern: list[tuple[str, object]]       # teams with an FCR concern and its week
    spike_date: str
    spike_event: str
    project: imp.Project
    targets: dict[str, float]
    reason: str
    journey: pd.DataFrame
    came_back_unresolved: float
    came_back_resolved: float
    plan: pd.DataFrame
    critical: list[str]
    surveyed_resolved: float             # survey response of answered contacts, resolved
    surveyed_unresolved: float


def _chart(history: pd.DataFrame, improvement: str, rebase_at: list[int] | None = None
           ) -> pd.DataFrame:
    values = pd.Series(history["value"].to_numpy(), index=pd.Index(history["week"], name="week"))
    return spc.xmr(values, improvement=improvement, rebase_at=rebase_at)


@worked_out_once
def _figures(facts: Facts) -> _Figures:
    every = facts.table("contacts")
    complaints = facts.table("complaints")
    # only the columns the measures read: the weekly histories copy rows, so keep them slim
    contacts = every[list(_COLUMNS)]
    truths = facts.truths
    change = truths.get("process_change") or {}
    teams = sorted(t for t in contacts["team"].astype(str).unique() if t)
    changed = str(change.get("team", ""))
    histories = {t: imp.weekly_history("repeat_contacts", contacts=contacts, team=t)
                 for t in teams}
    summaries = {t: spc.summary(_chart(h, "decrease")) for t, h in histories.items()}
    first = next((t for t in teams if summaries[t] == "common cause"), teams[0])
    first_chart = _chart(histories[first], "decrease")
    # the changed team, limits recalculated at its known change
    weeks = histories[changed]
    start = pd.Timestamp(change["date"])
    monday = start - pd.Timedelta(days=start.weekday())
    at = int(weeks.index[weeks["week"] >= monday][0])
    rebased = _chart(weeks, "decrease", [at])
    # month-on-month RAG
    total = flagged = noise = 0
    example: tuple[str, str, float] | None = None
    for team in teams:
        monthly = list(imp.monthly_rate(contacts, "repeat_contacts", team).items())
        for (month, value), (_m, previous) in zip(monthly[1:], monthly[:-1], strict=True):
            total += 1
            moved = float(value - previous)
            if abs(moved) > RAG_POINTS:
                flagged += 1
                if summaries[team] == "common cause":
                    noise += 1
                    if example is None or abs(moved) > abs(example[2]):
                        example = (team, f"{pd.Timestamp(month):%B}", moved)
    repeat = pd.concat(histories.values())
    complaint = imp.weekly_history("complaint_speed", complaints=complaints)
    app = imp.weekly_history("app_comments", contacts=contacts)
    fcr_concern = []
    spike = truths.get("spike") or {}
    spike_day = pd.Timestamp(spike["date"]) if spike.get("date") else None
    for team in teams:
        chart = _chart(imp.weekly_history("fcr", contacts=contacts, team=team), "increase")
        found = spc.signals(chart)
        concern = found[found["variation"] == "concern"] if len(found) else found
        in_spike = spike_day is not None and len(concern) and (
            (concern["first"] <= spike_day) & (concern["last"] + pd.Timedelta(days=6)
                                               >= spike_day)).any()
        if team != changed and in_spike:
            fcr_concern.append((team, found.loc[found["variation"] == "concern",
                                                "first"].iloc[0]))
    targets = {"repeat_contacts": round(float(repeat["count"].sum() / repeat["of"].sum())
                                        - 0.03, 2),
               "complaint_speed": round(float(complaint["value"].mean()) + 0.10, 2),
               "app_comments": round(float(app["value"].iloc[:4].mean()) + 0.02, 2)}
    example_team = [t for t in teams if t != changed][0]
    seed = int(facts.manifest.get("settings", {}).get("seed", 0))
    project = imp.Project("repeat_contacts", histories[example_team], team=example_team,
                          target=targets["repeat_contacts"], seed=seed)
    for key, n in EXAMPLE_CYCLES:
        cycle = project.do(key, n, imp.CHANGES[key].what)
        decision = _DECIDE[cycle.signal]
        project.act(decision, imp.decision_feedback(cycle.signal, decision))
    known = journeys.reasons(every)
    reason = journeys.DEFAULT_REASON if journeys.DEFAULT_REASON in known else known[0]
    journey = journeys.journey(every, complaints, reason).set_index("key")
    about = contacts[(contacts["reason"] == reason) & contacts["answered"].astype(bool)
                     & contacts["contacted_again_7d"].notna()]
    came_back = about.groupby("resolved_first_contact")["contacted_again_7d"].mean()
    last = pd.Timestamp(contacts["arrived_at"].max())
    plan_start = (last + pd.Timedelta(days=7 - last.weekday())).date()
    plan = project_plan.example_plan(plan_start)
    answered = contacts[contacts["answered"].astype(bool)]
    surveyed = answered["csat"].notna().groupby(answered["resolved_first_contact"]).mean()
    return _Figures(
        organisation=facts.organisation, teams=teams, changed_team=changed,
        change_date=str(change.get("date", "")), change_what=str(change.get("what", "")),
        summaries=summaries, first_team=first,
        first_mean=float(first_chart["mean"].iloc[0]),
        first_upper=float(first_chart["upper"].iloc[0]),
        first_lower=float(first_chart["lower"].iloc[0]), first_weeks=len(first_chart),
        before=float(rebased["mean"].iloc[0]), after=float(rebased["mean"].iloc[-1]),
        after_lower=float(rebased["lower"].iloc[-1]),
        after_upper=float(rebased["upper"].iloc[-1]),
        rag_total=total, rag_flagged=flagged, rag_noise=noise,
        rag_noise_example=example or ("", "", 0.0),
        repeat_rate=float(repeat["count"].sum() / repeat["of"].sum()),
        complaint_speed=float(complaint["count"].sum() / complaint["of"].sum()),
        app_first=float(app["value"].iloc[0]), app_last=float(app["value"].iloc[-1]),
        app_first_week=app["week"].iloc[0], app_last_week=app["week"].iloc[-1],
        fcr_concern=fcr_concern, spike_date=str(spike.get("date", "")),
        spike_event=str(spike.get("event", "a demand spike")), project=project,
        targets=targets, reason=reason, journey=journey,
        came_back_unresolved=float(came_back[False]), came_back_resolved=float(came_back[True]),
        plan=plan, critical=project_plan.critical_path(plan),
        surveyed_resolved=float(surveyed[True]), surveyed_unresolved=float(surveyed[False]))


# ---------------------------------------------------------------------- the content
def _sections() -> tuple[Section, ...]:
    return (
        Section(S1, 25, "together",
                "Demonstrate the team chart live: one quiet team, then the team with the "
                "known change, then tick 'recalculate'. Learners then do the two numeric "
                "checks and the RAG question alone."),
        Section(S2, 30, "solo",
                "Show one cycle on the projector (plan, Do, read the chart, Act), then let "
                "learners run at least three cycles on their own problem; circulate and ask "
                "'what did the chart show?' before every decision."),
        Section(S3, 15, "solo",
                "Learners move the redesign levers and do the repeat-gap check; bring the "
                "group back for two minutes on 'where does this journey fail?'."),
        Section(S4, 10, "writing",
                "Walk through one clause (9.1.2) together so the level of evidence is clear; "
                "the rest of the map can be finished as homework."),
        Section(S5, 12, "solo",
                "Learners edit the starter plan, press Check and draw, fix the problems it "
                "lists and write how they will coordinate; the writing can be finished later."),
        Section(S6, 5, "writing",
                "Learners answer alone, then two volunteers read theirs aloud; compare with "
                "the model answer."),
        Section(S7, 18, "writing",
                "Start the report in the session (problem and aim at least) so learners see "
                "their log is attached; the rest, and the reflection, can be homework."),
        Section(S8, 5, "together",
                "Recap the loop (dashboard finds, chart judges, log records, chart keeps "
                "watching); remind learners to export their portfolio from notebook 00 and "
                "point them to notebook 07 for their own data."),
    )


def _prompts(f: _Figures) -> tuple[Prompt, ...]:
    quiet = [t for t, s in f.summaries.items() if s == "common cause"]
    team, month, moved = f.rag_noise_example
    cycles = f.project.cycles
    confirm = cycles[-1]
    start = f.journey.loc["start", "contacts"]
    unresolved = f.journey.loc["unresolved"]
    came_back = f.journey.loc["came_back"]
    spike = (f"{_join([t for t, _w in f.fcr_concern])}'s first-contact resolution shows a "
             f"concern in the week of {_day(f.fcr_concern[0][1])}, the week of "
             f"{f.spike_event} ({_day(f.spike_date)})" if f.fcr_concern and f.spike_date
             else "")
    return (
        Prompt(S1, "Which teams' repeat-contact rates show a real change, and which are "
                   "just noise? How do you know?",
               (f"Only {f.changed_team} shows special cause; {_join(quiet)} show common "
                "cause only: every week within the limits, no run, trend or 2-of-3 pattern.",
                f"{f.changed_team}'s rate stepped down from a mean of {_pct(f.before)} to "
                f"{_pct(f.after)} ({_pts(f.after - f.before)}) from the week its team leader "
                f"logged a change ({_day(f.change_date)}).",
                f"For a quiet team such as {f.first_team}, any week between "
                f"{_pct(f.first_lower)} and {_pct(f.first_upper)} is the process as it is: "
                "nothing to praise or blame.",
                "The evidence is the chart and its rules, not the size of one week's move."),
               follow_up="Switch to first-contact resolution: do the same teams show a signal? "
                         + (f"What happened that week? ({spike}.)" if spike else
                            "What would explain a one-week signal?")),
        Prompt(S1, "Your centre's monthly report colours each team red, amber or green "
                   "against last month. What would you change about it, and why?",
               (f"Here the RAG rule flags {f.rag_flagged} of {f.rag_total} month-on-month "
                f"comparisons; {f.rag_noise} of them are teams whose chart shows common "
                "cause only, so those colours are chance.",
                (f"{team} went {'green' if moved < 0 else 'red'} in {month} "
                 f"({_pts(moved)}) with nothing changed in its process." if team else
                 "Two numbers cannot separate a signal from noise."),
                "Replace the two-point comparison with a chart of every week and its limits; "
                "act on signals and on a process that reliably misses its target.",
                "Reacting to noise (praise, blame, new targets) is tampering and teaches "
                "staff that the numbers are a lottery."),
               follow_up="What would you say to the director who asks for the RAG report "
                         "anyway?"),
        Prompt(S2, "Which decision did you take at Act after each cycle, and what on the "
                   "chart justified it?",
               ("Adopt only with a signal of improvement; adapt or run longer with no signal; "
                "abandon a signal of concern.",
                f"In the worked example for {f.project.team}, cutting the handle-time target "
                f"moved the rate from {_pct(cycles[0].before)} to {_pct(cycles[0].during)} "
                "with special cause on the wrong side: abandon.",
                f"Confirming the fix moved it from {_pct(confirm.before)} to "
                f"{_pct(confirm.during)}: a signal of improvement, so adopt and recalculate "
                "the limits from the week it started.",
                "A change with no signal after six weeks may still work a little (the "
                "simulator's 'Careful' feedback on adopting it); say what you will look for "
                "next."),
               follow_up="Did anyone adopt a change with no signal? What did that cost, and "
                         "what would you need to see before adopting?"),
        Prompt(S2, "Where does the monitoring end and the improvement begin in your "
                   "own centre?",
               ("They are one loop: the dashboard (notebook 03) finds the problem, the control "
                "chart judges each change, the same chart keeps watching after adoption.",
                "The next signal on the chart (or a target still hit and miss) starts the "
                "next cycle.",
                f"In the example, {f.project.team}'s target of {_pct(f.project.target)} is "
                f"'{f.project.check().assurance}' even after the change that works: that is "
                "the trigger for cycle 4.",
                "Named owner and frequency for watching the chart (weekly team meeting)."),
               follow_up="Who in your organisation looks at a chart weekly, and what do they "
                         "do when it signals?"),
        Prompt(S3, f"Where does the “{f.reason}” journey fail, and which redesign lever "
                   "would you test first?",
               (f"Of {int(start):,} contacts, {int(unresolved['contacts']):,} "
                f"({_pct(unresolved['share'])}) are not resolved first time and "
                f"{int(came_back['contacts']):,} ({_pct(came_back['share'])}) come back "
                "within 7 days.",
                f"Customers came back within 7 days after {_pct(f.came_back_unresolved)} of "
                f"unresolved contacts against {_pct(f.came_back_resolved)} of resolved ones: "
                f"{100 * (f.came_back_unresolved - f.came_back_resolved):.1f} points.",
                "First-contact resolution is the lever: every repeat is demand the centre "
                "created itself (queue, cost, complaints).",
                "The estimate assumes everything else stays the same; test the redesign as a "
                "PDCA cycle before promising savings."),
               follow_up="Which step of this journey is invisible in your own data (for "
                         "example back-office time)?"),
        Prompt(S5, "Who owns each milestone of your roll-out, and how will you know it is "
                   "met?",
               ("Every task has a named owner (a role is fine); every milestone a measure "
                "someone can check.",
                f"The starter plan's critical path runs {' → '.join(f.critical)}: any slip "
                "there delays the end.",
                "Risks have a mitigation (cover for training, pausing a team if the service "
                "level falls).",
                "Hand over to business as usual: the chart in the team meeting pack with an "
                "owner, which is the ongoing monitoring of 6.3."),
               follow_up="What would make you stop the roll-out half way?"),
    )


def _misconceptions(f: _Figures) -> tuple[Misconception, ...]:
    team, month, moved = f.rag_noise_example
    return (
        Misconception(
            "A red month on the RAG report means the team has got worse and needs an action "
            "plan.",
            "Two numbers cannot separate a signal from chance; most months move by noise "
            "alone.",
            (f"Show the RAG table: {f.rag_noise} of its {f.rag_flagged} red or green flags "
             "are teams whose chart shows common cause only"
             + (f", such as {team} in {month} ({_pts(moved)})." if team else ".")
             + " Then open that team's control chart.")),
        Misconception(
            "Limits should be recalculated every month so they stay up to date.",
            "Limits that follow the data absorb the very changes you are looking for.",
            (f"Show {f.changed_team}'s chart with and without 'recalculate': the limits move "
             f"only at the logged change on {_day(f.change_date)}; ticking it for another "
             "team changes nothing, and the widget says why.")),
        Misconception(
            "We introduced the change, so the improvement is done (a one-off plan).",
            "Without a measure before and after, a decision and a next cycle there is no "
            "evidence it worked or that it holds: examiners' commonest continuous-improvement "
            "mistake.",
            "Point to the improvement log: plan, chart, decision, next step, repeated. "
            "Adopting is the start of monitoring, not the end of the project."),
        Misconception(
            "Monitoring and improvement are separate jobs: the MI team reports, the "
            "managers improve.",
            "The same chart finds the problem, judges the change and watches it afterwards; "
            "splitting them loses the loop.",
            "Use the notebook's second call-out: dashboard (03) → chart (06) → log → the same "
            "chart. Ask learners to write their report as one loop."),
        Misconception(
            "If a change shows no signal, it does not work.",
            "No signal means not distinguishable from chance in the weeks run: a small effect "
            "needs longer, or a stronger version.",
            "Discuss 'Text a summary after each contact': its effect is real but tiny, so no "
            "six-week chart can show it. Adapt or abandon on cost, never 'prove' it failed."),
        Misconception(
            "A big fall in one week proves the change worked.",
            "One point beyond a limit is a signal of something, but only a sustained shift "
            "(a run, a step in the mean) shows a new process; one-off events (a billing run, "
            "a storm) also make single points.",
            (f"Show the first-contact resolution chart of {f.fcr_concern[0][0]}: one week of "
             f"concern ({_day(f.fcr_concern[0][1])}), caused by {f.spike_event}, then back to "
             "normal." if f.fcr_concern else
             "Ask what else happened that week before crediting the change.")),
    )


def _model_answers(f: _Figures) -> tuple[ModelAnswer, ...]:
    return (_tampering(f), _log(f), _plan(f), _quality(f), _report(f), _reflection(f))


def _tampering(f: _Figures) -> ModelAnswer:
    team = f.first_team
    answer = (
        f"I looked at {team}'s control chart before acting. Its weekly repeat-contact rate "
        f"averages {_pct(f.first_mean)} and all {f.first_weeks} weeks are "
        f"within its limits ({_pct(f.first_lower)} to {_pct(f.first_upper)}), with no run, "
        "trend or 2-of-3 pattern, so a one-point rise is common-cause variation: noise. An "
        "action plan would blame the team for chance and is tampering. The level is high for "
        f"every team (the centre's rate is {_pct(f.repeat_rate)}), so I would improve the "
        f"process with a PDCA cycle, starting with what worked in {f.changed_team} (its rate "
        f"fell from {_pct(f.before)} to {_pct(f.after)} after it began confirming fixes), and "
        "keep watching the chart weekly for a real signal.")
    return ModelAnswer(
        "06-tampering", "Explain it to your manager: signal or noise?", ("6.2", "6.3"),
        answer,
        (MarkingPoint("6.2",
                      "Uses the control chart as the evidence: says the weeks are within the "
                      "limits (quotes them or the mean), names it common cause or noise, and "
                      "explains why reacting to it is wrong (tampering, blaming people for "
                      "chance).",
                      "Agrees or disagrees with no reference to the chart or limits; or calls "
                      "a one-month move a trend."),
         MarkingPoint("6.3",
                      "Says what happens instead and keeps it going: improve the process with "
                      "a PDCA cycle and keep watching the same chart for a signal.",
                      "Stops at 'it is noise' with no next step or no ongoing monitoring.")))


def _log(f: _Figures) -> ModelAnswer:
    p = f.project
    rows = []
    for cycle in p.cycles:
        change = imp.CHANGES[cycle.change]
        rows.append(
            f"| {cycle.number} | {change.title} | {cycle.weeks} | {_pct(cycle.before)} → "
            f"{_pct(cycle.during)} | {cycle.signal.replace('none', 'no signal')} | "
            f"{imp.DECISIONS[cycle.decision]} |")
    check = p.check()
    c1, c2, c3 = p.cycles
    answer = "\n".join([
        f"**Aim:** {p.aim()} The target is the simulator's suggestion: 3 points below the "
        f"centre's {_pct(f.repeat_rate)}.",
        "",
        "| Cycle | Change | Weeks | Rate (baseline mean → cycle mean) | Chart | Decision |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
        f"* **Cycle 1.** Plan: cut handle time by 30 seconds to shorten queues; expect no "
        f"change in repeats. The rate rose to {_pct(c1.during)} with special cause on the "
        "wrong side: rushed contacts come back. **Abandon**, and check the rate returns to "
        "its old level.",
        f"* **Cycle 2.** Plan: text a summary after each contact; expect fewer customers "
        f"chasing. {_pct(c2.before)} → {_pct(c2.during)}, no signal after {c2.weeks} weeks. "
        "**Adapt**: it is cheap, so keep it running, but do not claim it worked; next try a "
        "change aimed at the cause (unresolved contacts).",
        f"* **Cycle 3.** Plan: agents confirm the fix before closing and book follow-ups "
        f"(what worked in {f.changed_team}); expect a step down within two weeks. "
        f"{_pct(c3.before)} → {_pct(c3.during)}, a signal of improvement. **Adopt** as the "
        "standard, recalculate the limits from the week it started.",
        f"* **Next step.** Against the recalculated limits the {_pct(p.target)} target is "
        f"'{check.assurance}', so keep the chart in the weekly team meeting and plan cycle 4 "
        "(rewrite the knowledge base for the top five reasons) to make the target reliable.",
    ])
    return ModelAnswer(
        "06-improvement-log", "Improvement log (PDCA simulator)", ("6.1", "6.3"), answer,
        (MarkingPoint("6.1",
                      "Each cycle has a plan that says what changes, who does it and what the "
                      "chart should show if it works; the aim is measurable (measure, from, "
                      "to, for whom); the decision follows the chart's signal.",
                      "Plans that only name the change; no expected result; adopting a change "
                      "with no signal or keeping one with a signal of concern without a "
                      "reason."),
         MarkingPoint("6.3",
                      "At least three cycles, each decision explained from the chart, each "
                      "next step naming what the next cycle tries or checks, and what is "
                      "watched after adoption (limits recalculated only at the adopted "
                      "change).",
                      "One cycle, or decisions with no 'why'; the log stops at 'adopt' with "
                      "no ongoing monitoring.")))


def _plan(f: _Figures) -> ModelAnswer:
    plan = f.plan
    milestones = plan[plan["milestone"].astype(bool)]
    first, last = min(plan["start"]), max(plan["end"])
    pilot = [t for t in f.teams if t not in (f.changed_team,)][0]
    lines = [f"* **{r.task}** ({r.owner}, {_day(r.end)}): {r.measure}."
             for r in milestones.itertuples()]
    answer = "\n".join([
        f"A model plan rolls out “confirm the fix before closing” from {f.changed_team} to "
        f"every team: {len(plan)} tasks from {_day(first)} to {_day(last)}, each with an "
        "owner (roles are fine), and the plan checks clean (no problems listed).",
        "",
        "**Milestones, each with its measure:**",
        *lines,
        "",
        f"**Critical path:** {' → '.join(f.critical)}. **Risks with mitigations:** too few "
        "weeks of data (use at least 12 weeks of history); team leaders cannot be spared "
        "(train in the quietest intervals); handle time rises and the service level drops "
        "(watch the intraday service level, pause the next team if it falls below standard).",
        "",
        "**How I will coordinate and communicate:** a weekly 20-minute project meeting of "
        f"the owners, led by me; the pilot team ({pilot}) reviews its chart each Monday; the "
        f"team leaders hear from {f.changed_team}'s leader how the change works in practice; "
        "agents get a one-page guide before their team starts; progress goes to the director "
        "monthly with each team's repeat-contact chart, and the roll-out pauses if a team's "
        "service level falls below standard.",
        "",
        "A strong learner edits the starter (dates that suit their centre, their own roles and "
        "risks) rather than saving it unchanged.",
    ])
    return ModelAnswer(
        "06-project-plan", "Project plan (coordinating the roll-out)", ("6.5",), answer,
        (MarkingPoint("6.5",
                      "A plan with owners for every task, milestones with measures, "
                      "dependencies that make sense, risks with mitigations, and at least 20 "
                      "words on how the learner coordinates and communicates (meetings, "
                      "who is told what, when, what pauses the roll-out).",
                      "The starter plan saved unchanged with a generic sentence; milestones "
                      "with no measure; no say on communication or stakeholders."),))


def _quality(f: _Figures) -> ModelAnswer:
    answer = "\n".join([
        "A model map rates honestly and gives evidence for each clause, not 'we do this'. "
        "For example:",
        "",
        "* **ISO 9001 9.1.2 Customer satisfaction — Partly.** CSAT, NPS and comments are "
        "collected after contacts and watched weekly on the dashboard; but customers answer "
        f"the survey after {_pct(f.surveyed_unresolved)} of unresolved contacts against "
        f"{_pct(f.surveyed_resolved)} of resolved ones, so the figures flatter us, and "
        "complaints are not yet read alongside.",
        f"* **ISO 9001 9.1.3 Analysis and evaluation — In place.** Weekly control charts of "
        f"repeat contacts for every team; they showed a real change only in "
        f"{f.changed_team} ({_pct(f.before)} → {_pct(f.after)}) and noise elsewhere.",
        "* **ISO 9001 10.2 Nonconformity and corrective action — Partly.** Complaint root "
        "causes are recorded (Pareto, fishbone), but actions are not yet checked for effect.",
        f"* **ISO 9001 10.3 Continual improvement — In place.** Three PDCA cycles on "
        f"{f.project.team}'s repeat contacts in the improvement log, the change that worked "
        "adopted and monitored, a roll-out plan with owners.",
        "* **ISO 10002 clauses 4, 7, 8 — Partly.** Triage, acknowledgement and timeliness are "
        f"tracked; only {_pct(f.complaint_speed)} of complaints are resolved within 3 "
        "business days, and complaint learning is not yet fed into improvement cycles.",
        "* **ISO 18295-1 4.2–4.5 and people — Partly/In place,** each with a named piece of "
        "course or workplace evidence (published service standards, the KPI dashboard, the "
        "complaints procedure, GDPR redaction, the competency framework).",
        "",
        "'Not applicable' is used only with a reason (for example ISO 18295 for a centre that "
        "is not a contact centre).",
    ])
    return ModelAnswer(
        "06-quality-frameworks", "Quality framework map", ("6.4",), answer,
        (MarkingPoint("6.4",
                      "Each rated clause has specific evidence (what is done, where, with a "
                      "figure or artefact) and an honest rating; gaps are named (Partly / Not "
                      "yet) with what would close them; links 10.3 to the PDCA log.",
                      "Every clause rated 'In place' with generic wording; evidence that "
                      "restates the clause; no gaps."),))


def _report(f: _Figures) -> ModelAnswer:
    p = f.project
    c1, c2, c3 = p.cycles
    answer = "\n".join([
        "**The problem and why it matters to customers**",
        f"{_pct(f.repeat_rate)} of answered contacts at {f.organisation} are followed by "
        f"another from the same customer within 7 days. On the “{f.reason}” journey, "
        f"customers came back after {_pct(f.came_back_unresolved)} of unresolved contacts "
        f"against {_pct(f.came_back_resolved)} of resolved ones: every repeat is effort for "
        "the customer, demand we created ourselves, and a step towards a complaint.",
        "",
        "**The aim**",
        f"{p.aim()} Measured weekly: the share of answered contacts whose customer contacts "
        "us again, any channel, within 7 days.",
        "",
        "**The cycles and what the charts showed**",
        f"Cycle 1 (handle-time cut, {c1.weeks} weeks): {_pct(c1.before)} → "
        f"{_pct(c1.during)}, a signal of concern: abandoned. Cycle 2 (text summary, "
        f"{c2.weeks} weeks): {_pct(c2.during)}, no signal: kept as it is cheap, no benefit "
        f"claimed. Cycle 3 (confirm the fix, {c3.weeks} weeks): {_pct(c3.during)}, a signal "
        "of improvement: adopted. The log is attached.",
        "",
        "**The decision and what will be monitored next**",
        "Confirming the fix is the standard. The team leader reviews the weekly chart in the "
        "Monday team meeting; limits are recalculated from the week the change started and not "
        f"again until the next deliberate change. The target is '{p.check().assurance}', so "
        "cycle 4 tries the knowledge-base rewrite; a point beyond the new limits or a run of "
        "7 above the mean would trigger a review.",
        "",
        "**Quality frameworks**",
        "ISO 9001 9.1.2: repeat contacts and CSAT are how we watch customers' view; 10.3: the "
        "log shows continual improvement in cycles; ISO 18295-1 4.3: we measure resolution "
        "and repeat contact, not only speed.",
        "",
        "**Coordinating the project**",
        f"Roll-out plan with owners and {int(f.plan['milestone'].astype(bool).sum())} "
        "measured milestones (pilot review, all teams using it, charts reviewed, handed over "
        "to business as usual); weekly owners' meeting; "
        "monthly update to the director with each team's chart.",
    ])
    codes = ("6.1", "6.2", "6.3", "6.4", "6.5")
    return ModelAnswer(
        "06-improvement-report", "Improvement report", codes, answer,
        (MarkingPoint("6.1", "A structured cycle: problem with a figure and its customer "
                             "impact, a measurable aim (measure, from, to, by when), the "
                             "change, and a measured outcome.",
                      "A problem with no figure, an aim such as 'reduce repeats', or no "
                      "measured result."),
         MarkingPoint("6.2", "Says what the control chart showed for each cycle (signal of "
                             "improvement, concern or none) and judges change on it, not on "
                             "two numbers.",
                      "Before-and-after averages only, or 'it went down' with no chart."),
         MarkingPoint("6.3", "Ongoing monitoring: who watches which chart, how often, when "
                             "limits are recalculated, and what triggers the next cycle.",
                      "Stops at the adopted change: a one-off plan."),
         MarkingPoint("6.4", "Links specific parts of the work to named clauses (9.1.2, 10.3, "
                             "and ISO 10002 or 18295 where relevant).",
                      "Names the standards without saying how the work meets them."),
         MarkingPoint("6.5", "Owners, milestones with measures and how people were kept "
                             "informed.",
                      "No owners or milestones; 'I coordinated the project' with no how.")))


def _reflection(f: _Figures) -> ModelAnswer:
    answer = (
        "Last year we introduced a callback promise for billing queries and called it a "
        "success because complaints fell the next month. Looking back, I had two numbers and "
        "no chart, and the fall may have been noise: in this course's data, "
        f"{f.rag_noise} of the {f.rag_flagged} month-on-month RAG flags were chance. Next time "
        "I will chart the weekly repeat-contact rate for the team for at least 12 weeks "
        "before the change, state the aim (for example from "
        f"{_pct(f.project.baseline_value)} to {_pct(f.project.target)} in eight weeks), run "
        "the change for six to eight weeks and read the chart with the rules. I will adopt "
        "only with a signal of improvement, adapt if there is no signal but the change is "
        "cheap, and abandon a signal of concern. After adopting I will keep the chart in the "
        "weekly team meeting, so the next signal starts the next cycle.")
    return ModelAnswer(
        "06-reflection", "Reflection: how I will know it worked", ("6.1", "6.3"), answer,
        (MarkingPoint("6.1", "A real change from their work, the measure they would use, a "
                             "measurable aim and how long they would run it.",
                      "A change with no measure or aim, or only theory."),
         MarkingPoint("6.3", "Says how often they would measure, the rule for adopt / adapt / "
                             "abandon, and how monitoring continues after the decision.",
                      "'I would check it worked' with no frequency, rule or follow-up.")))


def _notes(f: _Figures) -> tuple[str, ...]:
    return (
        f"Hidden truth revealed: the process change in {f.changed_team} from "
        f"{_day(f.change_date)} ({f.change_what}). Let learners find it on the chart before "
        "you name it.",
        "The PDCA simulator is the longest part. On Binder, warn learners that a session "
        "idle for about 10 minutes dies: the log is saved after every decision, so rerunning "
        "the cell rebuilds it.",
        f"{f.changed_team} is left out of the simulator (its baseline already holds its "
        "change). The true effects of the changes are in tutors/README.md: do not reveal them "
        "until after the session.",
        "The starter project plan names the pilot and the team with the change as they are "
        "in the default data; if a group uses its own organisation, ask learners to rename "
        "the teams in the plan.",
        f"The app problem (comments about the app and website from {_pct(f.app_first)} in the "
        f"week of {_day(f.app_first_week)} to {_pct(f.app_last)} in the week of "
        f"{_day(f.app_last_week)}) is a good second problem for fast finishers: a trend of "
        "concern that only fixing the self-service tasks removes.",
    )


@worked_out_once
def guide(facts: Facts) -> NotebookGuide:
    """Notebook 06's tutor guide, every figure computed from ``facts``.

    Example:
        >>> nb = guide(Facts.default())
        >>> nb.minutes, len(nb.model_answers)
        (120, 6)
    """
    if not isinstance(facts, Facts):
        raise ValueError(f"guide() needs a Facts object (the default data); got "
                         f"{type(facts).__name__}.")
    f = _figures(facts)
    purpose = (
        "Learners tell real change from noise on XmR control charts, improve a measure in "
        "PDCA cycles logged in an improvement log, and plan the roll-out as a project mapped "
        "to ISO 9001, 10002 and 18295 (6.1–6.5). The take-away is one loop: the chart that "
        f"finds a problem also judges each change and keeps watching it, as {f.changed_team}'s "
        "chart shows.")
    return NotebookGuide(NUMBER, purpose, _sections(), _prompts(f), _misconceptions(f),
                         _model_answers(f), _notes(f))


__all__ = ["guide"]

