"""Tutor guide content for notebook 00 "Start here": timings, prompts, misconceptions and
model answers, with every figure computed from the default organisation's data.

Example:
    >>> from csmlib.course.tutor_guide.facts import Facts
    >>> guide(Facts.default()).number
    '00'
"""

from __future__ import annotations

from typing import Any

from csmlib.analysis import kpis
from csmlib.course.tutor_guide.facts import Facts, worked_out_once
from csmlib.course.tutor_guide.model import (
    MarkingPoint,
    Misconception,
    ModelAnswer,
    NotebookGuide,
    Prompt,
    Section,
)
from csmlib.course.tutor_guide.words import day_long as _day
from csmlib.course.tutor_guide.words import share_pct as _pct

__all__ = ["figures", "guide"]


@worked_out_once
def figures(facts: Facts) -> dict[str, Any]:
    """The figures of the default data this notebook's guide quotes, computed once.

    Example:
        >>> found = figures(Facts.default())
        >>> 0 < found["phone_share"] < 1
        True
    """
    contacts = facts.table("contacts")
    agents = facts.table("agents")
    complaints = facts.table("complaints")
    arrived = contacts["arrived_at"]
    first, last = arrived.min().normalize(), arrived.max().normalize()
    phone = contacts[contacts["channel"] == "phone"]
    hour = phone["arrived_at"].dt.hour
    monday_morning = phone[(phone["arrived_at"].dt.day_of_week == 0) & hour.isin([9, 10])]
    lunch = phone[hour.isin([12, 13])]
    weekday = contacts[arrived.dt.day_of_week < 5]
    days = weekday["arrived_at"].dt.normalize().nunique()
    by_hour = weekday.groupby(weekday["arrived_at"].dt.hour).size() / max(days, 1)
    open_hours = by_hour.loc[(by_hour.index >= 8) & (by_hour.index < 20)]
    answered = contacts[contacts["answered"].astype(bool)]
    resolved = answered["resolved_first_contact"].astype("boolean").fillna(False).astype(bool)
    left = int(agents["left_on"].notna().sum()) if "left_on" in agents else 0
    return {
        "contacts": len(contacts), "first": first, "last": last,
        "days": int((last - first).days) + 1,
        "teams": int(agents["team"].nunique()), "agents_now": len(agents) - left,
        "complaints": len(complaints),
        "phone_share": float((contacts["channel"] == "phone").mean()),
        "surveyed": float(contacts["csat"].notna().mean()),
        "survey_resolved": float(answered.loc[resolved, "csat"].notna().mean()),
        "survey_unresolved": float(answered.loc[~resolved, "csat"].notna().mean()),
        "phone_sl": kpis.service_level(contacts, 20, channel="phone"),
        "phone_abandon": kpis.abandonment_rate(contacts, channel="phone"),
        "monday_sl": kpis.service_level(monday_morning, 20, channel="phone"),
        "monday_abandon": kpis.abandonment_rate(monday_morning, channel="phone"),
        "lunch_sl": kpis.service_level(lunch, 20, channel="phone"),
        "peak_hour": int(open_hours.idxmax()), "quiet_hour": int(open_hours.idxmin()),
        "peak_ratio": float(open_hours.max() / open_hours.min()),
    }


@worked_out_once
def guide(facts: Facts) -> NotebookGuide:
    """The tutor guide for notebook 00, with figures from ``facts`` (the default data).

    Example:
        >>> g = guide(Facts.default())
        >>> g.minutes, len(g.model_answers)
        (50, 2)
    """
    f = figures(facts)
    org = facts.organisation
    period = f"{_day(f['first'])} to {_day(f['last'])}"

    sections = (
        Section("1. How a notebook works", 8, "together",
                "Demonstrate Shift + Enter, the [*] mark and Restart Kernel and Run All on the "
                "projector, then let everyone run the first two cells and try the self-check."),
        Section("2. Widgets: charts and controls you can move", 6, "together",
                "Move the Agents slider live and ask the room when the bars stop turning "
                "orange; then let them lower the contacts-per-hour slider themselves."),
        Section("3. Saving your work (important on Binder)", 4, "together",
                "Stress the 10-minute Binder timeout and show where my_portfolio.sqlite sits "
                "in the file browser and how to download it; nobody should skip this."),
        Section("4. Meet the organisation", 10, "solo",
                "Learners read the introduction, explore one table of their choice and do "
                "the phone-share self-check; circulate and help with the explorer's filters."),
        Section("5. The course map and the criteria", 4, "together",
                "Walk through the criteria table briefly: learning outcomes, codes, and which "
                "notebooks give evidence for which codes. Do not read every line aloud."),
        Section("6. How data is collected, and what it tells you (5.3)", 10, "solo",
                "Learners do the service-level self-check and the written answer; then take "
                "two or three examples from the room of data their team collects."),
        Section("7. Your portfolio", 6, "writing",
                "Everyone fills in their details and saves a first reflection, refreshes the "
                "coverage view and exports once, so they have seen the whole loop."),
        Section("Key points", 2, "together",
                "Recap the five points and point to notebooks 01 and 02 as what comes next."),
    )

    prompts = (
        Prompt("2. Widgets: charts and controls you can move",
               "Why not simply staff every hour for the busiest hour of the day?",
               (f"In {org}'s own data the busiest weekday hour ({f['peak_hour']:02d}:00) "
                f"brings {f['peak_ratio']:.1f} times the contacts of the quietest open hour "
                f"({f['quiet_hour']:02d}:00), so staffing for the peak all day leaves agents "
                "idle for much of it.",
                "Staffing for the daily average leaves the peaks short: customers queue and "
                "some hang up.",
                "The answer is to match staff to demand hour by hour (shifts, breaks, "
                "part-timers), which notebook 02 turns into a plan.",
                "Idle time costs money; queues cost goodwill and repeat contacts."),
               "What would you move first at work: breaks, start times or who covers the "
               "phones at peaks?"),
        Prompt("4. Meet the organisation",
               "What does the introduction tell you about this organisation that you would "
               "want to know about a real contact centre you had just joined?",
               (f"Its size: {f['contacts']:,} contacts in {f['days']} days ({period}), "
                f"{f['agents_now']} agents in {f['teams']} teams, {f['complaints']:,} "
                "complaints.",
                f"Its channel mix: phone is {_pct(f['phone_share'])} of contacts, still most "
                "of the workload.",
                "Which complaint rules and ombudsman apply, because they set deadlines the "
                "service must meet.",
                "How experienced the teams are (median time in the job), because new starters "
                "take longer per contact."),
               "Which of these figures would you check first in your own organisation, and "
               "where would you find it?"),
        Prompt("6. How data is collected, and what it tells you (5.3)",
               "Name one piece of data your team collects automatically, one it asks "
               "customers for and one people record. What can each not tell you?",
               ("Automatic (telephony, email system): arrival times, waits, handle times, "
                "abandoned calls; it counts what happened, not why.",
                f"Asked for (surveys, comments): only {_pct(f['surveyed'])} of {org}'s "
                "contacts carry a satisfaction score, and those who answer may not be typical.",
                f"Here customers whose issue was resolved first time answered the survey "
                f"{_pct(f['survey_resolved'])} of the time, unresolved ones only "
                f"{_pct(f['survey_unresolved'])}: the scores flatter the service.",
                "Recorded by people (contact reasons, QA checks, complaint logs): rich but "
                "depends on how consistently people record it.",
                "A good answer names the blind spot and says what it would put beside the "
                "numbers (comments, complaints)."),
               "How would you check whether the customers who answer your surveys are typical "
               "of all your customers?"),
        Prompt("6. How data is collected, and what it tells you (5.3)",
               "Service level tells you how often customers waited too long. What decision "
               "could it inform, and what else would you look at before deciding?",
               (f"Over the period {_pct(f['phone_sl'])} of {org}'s calls were answered "
                f"within 20 seconds, but only {_pct(f['monday_sl'])} on Monday mornings "
                f"(09:00–11:00), when {_pct(f['monday_abandon'])} of callers hung up.",
                "It informs rota decisions: moving breaks, start times, back-office cover at "
                "those half-hours.",
                "An average over the whole period hides the half-hours that go wrong: look by "
                "day and half-hour.",
                "Before deciding, read what customers said (comments, complaints) and check "
                "the forecast for those half-hours."),
               "How would you know, a month later, whether your change worked?"),
        Prompt("7. Your portfolio",
               "Which parts of your current job could already give you evidence, and for "
               "which criteria?",
               ("Rotas or staffing requests they have drawn up: 2.2; handling an escalated "
                "complaint: 3.2 and 3.3.",
                "Coaching conversations or one-to-ones: 4.3; team huddles reviewing "
                "yesterday's figures: 3.1 and 5.1.",
                "A good answer names a real activity and a criterion code, and admits a gap "
                "(often 2.5 budgets or 6.2 control charts).",
                "Witness testimony from the line manager (7.3) should be arranged early."),
               "Who at work could act as your witness, and have you asked them yet?"),
    )

    misconceptions = (
        Misconception(
            "Saving the notebook (Ctrl + S) updates the results, or keeps my work safe on "
            "Binder.",
            "Saving runs nothing: a result changes only when its cell runs. And on Binder the "
            "whole session, saved or not, disappears after about 10 idle minutes.",
            "Point to the self-check on Shift + Enter and to section 3: download "
            "my_portfolio.sqlite and my_portfolio.html before leaving, every time."),
        Misconception(
            "The numbers are the evidence; comments and complaints are anecdotes.",
            "Examiners mark down reports that use quantitative data only. Numbers say how "
            f"often; comments say why. Only {_pct(f['surveyed'])} of contacts here carry a "
            "survey score, and unresolved customers answer less often.",
            "Use the 'kind of data' self-check and the 'quantitative data only' call-out; "
            "notebook 03 shows a problem the KPIs miss but the comments reveal."),
        Misconception(
            "Service level is the share of answered calls that were answered in time.",
            "It is calls answered within the target divided by all calls offered, abandoned "
            "ones included. Dividing by answered calls only hides the customers who gave up.",
            "Let learners who got the self-check wrong read its hint, then open the worked "
            "answer: it divides by every row of the table."),
        Misconception(
            "A chart or table the course adds to my portfolio counts as evidence on its own.",
            "Only the learner's own writing evidences a criterion; figures support it.",
            "Show the 'What counts as evidence' paragraph in section 7 and the coverage "
            "view: a criterion turns ✔ only after the learner has written about it."),
    )

    data_answer = (
        "Our telephone system records when every call arrives, how long the caller waits "
        "and whether they hang up, and we report it by half-hour. Over "
        f"{period} we answered {_pct(f['phone_sl'])} of calls within 20 seconds, but on "
        f"Monday mornings (09:00–11:00) only {_pct(f['monday_sl'])}, and "
        f"{_pct(f['monday_abandon'])} of those callers hung up against "
        f"{_pct(f['phone_abandon'])} overall. So I would move lunch and coaching out of Monday "
        "09:00–11:00 and ask two back-office colleagues to take calls then, and check the "
        "next four Mondays' service level and abandonment to see whether it worked. Because "
        f"only {_pct(f['surveyed'])} of contacts carry a survey score, I would also read the "
        "comments and complaints from those mornings before changing anything else."
    )
    reflection_answer = (
        "I want to plan my team's rota from evidence rather than habit, and to get better at "
        "handling escalated complaints. My job already gives me evidence for several "
        "criteria: I draw up the weekly rota and request overtime (2.2, 2.4); I take "
        "escalated complaints from my team and reply to the customer (3.2, 3.3); I run "
        "monthly one-to-ones and side-by-side coaching (4.3); and every morning I review "
        "yesterday's service level and abandonment with the team (3.1, 5.1). My gaps are "
        "2.5, because I never see the budget, and 6.2, because we do not use control charts: "
        "I will ask my manager to let me prepare next quarter's overtime budget, and try a "
        "control chart on our repeat contacts in notebook 06. I will ask my operations "
        "manager to be my witness (7.3) and check the coverage view after each notebook."
    )
    model_answers = (
        ModelAnswer(
            "00-data-decision", "One kind of data and one decision it informs",
            ("5.3",), data_answer,
            (MarkingPoint(
                "5.3",
                "Explains how a named kind of data is collected (system, survey or person), "
                "gives a figure from it, and shows a specific decision it leads to and how the "
                "effect will be checked; better answers name a limit of the data and what "
                "they would put beside it.",
                "Names data but no decision, or a decision not tied to the data ('we use "
                "dashboards to improve'); no figure; no sense of how it is collected."),)),
        ModelAnswer(
            "00-first-reflection",
            "My goals for the course and where my evidence will come from",
            ("7.2",), reflection_answer,
            (MarkingPoint(
                "7.2",
                "Maps real workplace activities to criterion codes, names the gaps and says "
                "how and when each will be filled (including a witness for 7.3).",
                "General goals only ('learn more about management'), criteria listed without "
                "activities, or no gaps identified."),)),
    )

    notes = (
        "Binder takes a minute or two to start: send the link before the session and ask "
        "learners to open it while you introduce the course. Have a JupyterHub or laptop "
        "fallback for anyone whose session will not start.",
        "Sessions die after about 10 idle minutes: during discussions, tell learners to run "
        "a cell now and then, and to download my_portfolio.sqlite at every break.",
        "Timing risk: the dataset explorer (section 4) can swallow 20 minutes; set a "
        "time limit and move on, as learners can return to it later.",
        "Hidden truth glimpsed here: the under-staffed peaks. Monday mornings and lunchtime "
        f"answer fewer calls in 20 seconds ({_pct(f['monday_sl'])} and {_pct(f['lunch_sl'])} "
        f"against {_pct(f['phone_sl'])} overall); leave the explanation to notebook 02.",
        "To stop answers being copied in a large group, give tables different seeds with "
        "data.use_organisation(seed=..., sector=...): the self-checks follow the data.",
    )

    return NotebookGuide(
        number="00",
        purpose=("Learners learn to run a notebook, meet the organisation whose data the "
                 "course uses, and see how service data is collected and what it can and "
                 "cannot tell a manager (5.3). They leave with a saved first reflection and "
                 "an exported portfolio, so they know how evidence and gaps are tracked (7.2)."),
        sections=sections, prompts=prompts, misconceptions=misconceptions,
        model_answers=model_answers, notes=notes)
