"""Tutor guide content for notebook 02 "Planning operations": timings, prompts,
misconceptions and model answers, with every figure computed from the default data (the same
forecasting, staffing, standards, simulation and budget calls the lesson makes, re-done from
``facts``).

Example:
    >>> from csmlib.course.tutor_guide.facts import Facts
    >>> guide(Facts.default()).number
    '02'
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from csmlib.analysis import budget, forecasting, simulation, staffing, standards, workforce
from csmlib.course.tutor_guide.facts import Facts, worked_out_once
from csmlib.course.tutor_guide.model import (
    MarkingPoint,
    Misconception,
    ModelAnswer,
    NotebookGuide,
    Prompt,
    Section,
)
from csmlib.course.tutor_guide.words import money as _money
from csmlib.course.tutor_guide.words import share_pct as _pct
from csmlib.course.tutor_guide.words import signed_money as _signed_money
from csmlib.course.tutor_guide.words import weekday_day as _day

__all__ = ["figures", "guide"]

#: The columns of the contacts table the planning lesson reads.
CONTACT_COLUMNS = ["arrived_at", "channel", "answered", "wait_s", "csat"]
#: The contingency planner's starting test: trigger, half-hours, the busy day.
TRIGGER, HALVES, SPIKE, ABSENT = 0.7, 2, 0.4, 0.1


@worked_out_once
def figures(facts: Facts) -> dict[str, Any]:
    """The figures of the default data this notebook's guide quotes, computed once.

    Example:
        >>> found = figures(Facts.default())
        >>> found["to_schedule"] > found["needed"] > 0
        True
    """
    a = facts.assumptions()
    contacts = facts.table("contacts")[CONTACT_COLUMNS]
    plan_table = facts.table("interval_plan")
    history = forecasting.volume_by_interval(contacts)
    start = forecasting.week_after(history["interval_start"])
    plan = forecasting.forecast_plan(forecasting.forecast(history, start, days=7),
                                     forecasting.planned_aht(plan_table))
    peaks = forecasting.busiest_intervals(plan, "phone", 5)
    busiest = peaks.iloc[0]
    needed = int(staffing.required_agents(busiest["calls"], busiest["forecast_aht_s"], 0.8, 20))
    costs = {"hourly_rate_gbp": a.hourly_rate_gbp, "on_cost_share": a.on_cost_share,
             "on_shift_shrinkage": a.on_shift_shrinkage,
             "off_shift_shrinkage": a.off_shift_shrinkage}
    weekly = standards.weekly_costs(plan, dict(standards.PLAN_STANDARDS),
                                    chat_concurrency=a.chat_concurrency, **costs)
    ladder = workforce.staffing_ladder(needed, float(weekly["agent_hours"].sum()),
                                       a.on_shift_shrinkage, a.off_shift_shrinkage,
                                       a.contract_hours_per_week)
    curve = standards.service_level_cost_curve(plan, [70, 75, 80, 85, 90, 95],
                                               a.phone_answer_s, **costs)
    steps = curve.dropna(subset=["cost_per_extra_point_gbp"])
    backtest = forecasting.backtest_summary(history, holdout_weeks=2)
    rota = workforce.requirement_vs_schedule(plan_table, "phone", a.service_level_target,
                                             a.phone_answer_s, a.on_shift_shrinkage, top=5)
    variance = budget.variance(facts.table("budget"))
    overtime = variance[variance["line"] == "overtime"]
    worst = overtime.loc[overtime["variance_gbp"].idxmax()]
    month = plan_table["interval_start"].dt.to_period("M").astype(str)
    planned = plan_table.groupby(month)["forecast_contacts"].sum()
    arrived = contacts["arrived_at"].dt.to_period("M").astype(str).value_counts()
    flexed = budget.flexed_variance(facts.table("budget"),
                                    {str(k): float(v) for k, v in planned.items()},
                                    {str(k): int(v) for k, v in arrived.items()})
    per_contact = budget.compared_with_a_call(
        budget.agent_cost_per_contact(plan_table, contacts, hourly_rate_gbp=a.hourly_rate_gbp,
                                      on_cost_share=a.on_cost_share,
                                      off_shift_shrinkage=a.off_shift_shrinkage),
        a.benchmark_cost_per_contact_gbp).set_index("channel")
    busy_day = simulation.plan_day_scenario(plan_table, on_shift_shrinkage=a.on_shift_shrinkage,
                                            spike=SPIKE, absent_share=ABSENT)
    tested = simulation.contingency_outcome(busy_day, TRIGGER, HALVES, extra_agents=3,
                                            demand_cut=0.0, callbacks=True)
    options = standards.standards_options(plan, contacts[contacts["csat"].notna()],
                                          chat_concurrency=a.chat_concurrency, **costs)
    effect = standards.customer_effect(options).set_index("channel")
    agents = facts.table("agents")
    abandon = simulation.required_agents_with_abandonment(
        float(busiest["calls"]), float(busiest["forecast_aht_s"]), 0.8, 20)
    return {
        "a": a, "start": start, "peaks": peaks, "busiest": busiest, "needed": needed,
        "to_schedule": staffing.agents_to_schedule(needed, a.on_shift_shrinkage),
        "occupancy": staffing.occupancy(busiest["calls"], busiest["forecast_aht_s"], needed),
        "quiet_at": peaks.attrs["quietest_start"],
        "holidays_left_out": list(peaks.attrs.get("holidays_left_out", [])),
        "weekly": weekly.set_index("channel"), "ladder": ladder["value"].tolist(),
        "curve_first": steps.iloc[0], "curve_last": steps.iloc[-1],
        "backtest": backtest, "best": forecasting.best_method(backtest),
        "rota_short": int((rota["gap"] < 0).sum()), "rota_gap": float(rota["gap"].min()),
        "rota_n": len(rota),
        "rota_days": sorted({f"{t:%A}" for t in rota["interval_start"]}),
        "phone_met_change": float(abs(effect.loc["phone", "met_change_pts"])),
        "headcount": int(agents["left_on"].isna().sum()) if "left_on" in agents
        else len(agents),
        "worst_overtime": worst, "variance_total": float(variance["variance_gbp"].sum()),
        "flexed_total": float(flexed["flexed_variance_gbp"].sum()),
        "volume_total": float(flexed["volume_variance_gbp"].sum()),
        "per_contact": per_contact, "simulated_day": simulation.busiest_weekday(
            plan_table, 0, "phone"),
        "base": tested["base"].summary, "planned": tested["planned"].summary,
        "sim_agents": int(abandon["agents"]),
        "sim_abandon": float(abandon["simulated_abandonment_rate"]),
        "spike": facts.truths.get("spike", {}),
    }


@worked_out_once
def guide(facts: Facts) -> NotebookGuide:
    """The tutor guide for notebook 02, with figures from ``facts`` (the default data).

    Example:
        >>> g = guide(Facts.default())
        >>> g.minutes, [m.item for m in g.model_answers][1]
        (90, '02-operational-plan')
    """
    f = figures(facts)
    a = f["a"]
    b = f["busiest"]
    peak = f"{_day(b['interval_start'])} {b['time']}"
    trend = forecasting.METHODS[-1]
    wape = f["backtest"][trend]
    weekly = f["weekly"]
    hours, scheduled, fte = f["ladder"][2], f["ladder"][3], f["ladder"][4]
    total_cost = float(weekly["weekly_cost_gbp"].sum())
    worst = f["worst_overtime"]
    worst_month = f"{pd.Timestamp(str(worst['month']) + '-01'):%B %Y}"
    cpc = f["per_contact"]
    spike = f["spike"]
    spike_day = _day(spike["date"]) if spike.get("date") else "the spike day"
    event = spike.get("event", "a one-off demand spike")
    peaks = f["peaks"]
    peak_days = ", ".join(dict.fromkeys(peaks["weekday"]))
    rota_days = " and ".join(f["rota_days"])
    hardly = ("are hardly more satisfied as it tightens"
              if f["phone_met_change"] <= 2 else "are only a little more satisfied as it "
              "tightens")
    first, last = f["curve_first"], f["curve_last"]
    base, planned = f["base"], f["planned"]
    holidays = ", ".join(_day(d) for d in f["holidays_left_out"]) or "none"
    standards_text = "; ".join(f"{ch} {weekly.loc[ch, 'standard']}" for ch in weekly.index)
    cost_lines = "; ".join(
        f"{ch} {_money(weekly.loc[ch, 'weekly_cost_gbp'])} for "
        f"{weekly.loc[ch, 'forecast_contacts']:,.0f} contacts" for ch in weekly.index)

    sections = (
        Section("1. Forecasting demand (2.1)", 12, "together",
                "Demo the forecast explorer on phone, in the week of the spike, then read the "
                "accuracy table and the peaks together; point out the bank holiday in the "
                "events calendar."),
        Section("2. Staffing: how many agents? (2.2)", 15, "together",
                "Explain erlangs, occupancy and the two shrinkages on the calculator at the "
                "busiest half-hour; learners then do the three self-checks and read the "
                "ladder and the requirement-against-schedule table."),
        Section("3. Service standards per channel (2.3)", 12, "solo",
                "Learners try tighter and looser standards in the setter and read the cost "
                "curve, pooling and counting tables; circulate and ask what they would "
                "promise."),
        Section("4. A peak day, simulated (2.4)", 8, "solo",
                "Learners add a spike and sickness and watch the half-hours fall below 80%; "
                "ask them to note the time the day goes wrong."),
        Section("5. Contingency plan (2.4)", 10, "solo",
                "Learners set a trigger, tick actions, and name an owner, a review time and "
                "an escalation for each; compare two or three plans' results aloud."),
        Section("6. The budget (2.5)", 10, "solo",
                "Learners read the variance table, do the overtime self-check and the flexed "
                "budget; take one question to the room: was the overspend bad management?"),
        Section("7. Your operational plan", 20, "writing",
                "Start the plan in class so the contingency test is saved with it; the "
                "written parts and the reflection can be finished as homework."),
        Section("Key points", 3, "together",
                "Recap the five points and link to notebook 03, where the plan is "
                "monitored."),
    )

    prompts = (
        Prompt("1. Forecasting demand (2.1)",
               "Which forecasting method would you use for each channel, and what would make "
               "you distrust it?",
               ("Phone: seasonal average with trend, WAPE "
                f"{wape['phone']:.1f}% over the last two weeks; email {wape['email']:.1f}%, "
                f"chat {wape['chat']:.1f}%, social {wape['social']:.1f}%.",
                "Smaller channels are harder to forecast: a few contacts either way is a big "
                "percentage.",
                f"No method sees a one-off event coming: {event} on {spike_day} is missed "
                "by all of them.",
                f"Bank holidays are forecast from past bank holidays and left out of the "
                f"peaks ({holidays} next week)."),
               "Which events in your own calendar would you add beside the forecast?"),
        Prompt("2. Staffing: how many agents? (2.2)",
               "Walk from next week's busiest phone half-hour to the number of people to "
               "employ. Where do people usually go wrong?",
               (f"The busiest half-hour is {peak}: {int(b['calls'])} calls at "
                f"{b['forecast_aht_s']:.0f} s handle time need {f['needed']} agents taking "
                f"calls for 80% in 20 s (occupancy {_pct(f['occupancy'])}).",
                f"On-shift shrinkage ({a.on_shift_shrinkage:.0%}) gives "
                f"{f['to_schedule']:.1f} agents to schedule in that half-hour.",
                f"For the whole week: {hours:,.0f} hours taking contacts, {scheduled:,.0f} "
                f"scheduled hours, and with off-shift shrinkage "
                f"({a.off_shift_shrinkage:.0%}) {fte:.1f} FTE to employ.",
                "The usual error is applying total shrinkage to a half-hour, or applying "
                "on-shift shrinkage twice."),
               "How would you measure your own on-shift and off-shift shrinkage?"),
        Prompt("2. Staffing: how many agents? (2.2)",
               "Does the rota the organisation actually ran cover its own peaks?",
               (f"At {f['rota_short']} of its {f['rota_n']} busiest phone half-hours it "
                f"scheduled fewer agents than the standard needs (short by up to "
                f"{-f['rota_gap']:.1f}).",
                f"They fall on {rota_days}s: the rota was built for an average day, so its "
                "biggest peaks run short.",
                "Being one or two agents short at a peak costs far more service level than "
                "the average suggests.",
                "Notebook 03 shows the same half-hours missing the standard."),
               "What would you change in the rota first: start times, breaks or part-time "
               "shifts?"),
        Prompt("3. Service standards per channel (2.3)",
               "Would you promise 90% of calls in 20 seconds instead of 80%? What would you "
               "need to know?",
               (f"From {first['level_pct'] - 5:.0f}% to {first['level_pct']:.0f}% each point "
                f"costs about {_money(first['cost_per_extra_point_gbp'])} a week; from "
                f"{last['level_pct'] - 5:.0f}% to {last['level_pct']:.0f}% "
                f"{_money(last['cost_per_extra_point_gbp'])}: diminishing returns.",
                "What customers tolerate: satisfaction of those served within and beyond "
                "each standard.",
                "80/20 has no known origin: a standard should come from customers and cost.",
                "How service level is counted (abandons in or out) changes the figure."),
               "Which standard would you publish to customers, and why that one?"),
        Prompt("5. Contingency plan (2.4)",
               "What makes a contingency plan one you could run on the day?",
               ("A measurable trigger (service level below 70% for two half-hours), not "
                "'when it gets busy'.",
                "Actions each with a named owner and a review time, and an escalation.",
                f"Tested: on {_day(f['simulated_day'])} with {SPIKE:.0%} extra calls and "
                f"{ABSENT:.0%} of agents sick, overtime and callbacks lift service level from "
                f"{base['service_level']:.0%} to {planned['service_level']:.0%} and cut "
                f"abandonment from {_pct(base['abandonment_rate'])} to "
                f"{_pct(planned['abandonment_rate'])}.",
                "Vulnerable customers (Priority Services Register) routed first."),
               "The plan still misses 80% on the test day. Is that a failed plan?"),
        Prompt("6. The budget (2.5)",
               "Overtime was well over budget one month. Was that poor management?",
               (f"Overtime in {worst_month} was {_signed_money(worst['variance_gbp'])} "
                f"({worst['variance_pct']:+.0f}%) against budget: the month of {event} "
                f"({spike_day}).",
                f"Over the period spending was {_signed_money(f['variance_total'])} against "
                f"budget but {_signed_money(f['flexed_total'])} against the budget flexed to "
                "the contacts that came.",
                "A flexed budget separates volume from control: more contacts cost more to "
                "answer however well the money is managed.",
                "A plan with contingencies budgets for overtime in spike months."),
               "Which budget lines would you flex, and which would you hold fixed?"),
    )

    misconceptions = (
        Misconception(
            "Plan on the daily average.",
            f"The busiest phone half-hour next week expects {b['vs_quietest']:.1f} times the "
            "quietest open half-hour's calls: averages leave peaks short and quiet times "
            "idle.",
            "Show the peaks table and its note, and the 'planning on daily averages' "
            "call-out."),
        Misconception(
            "Shrinkage is one figure applied everywhere (or applied to the scheduled agents "
            "again).",
            "On-shift shrinkage sizes each half-hour's schedule; off-shift shrinkage sizes "
            "the staff you employ. Applying total shrinkage to a half-hour rosters leave "
            "and sickness into every interval.",
            "Work the rostered self-check and the staffing ladder; read the call-out on "
            "applying total shrinkage to one half-hour."),
        Misconception(
            "Erlang C tells you how many callers will hang up.",
            "Erlang C assumes nobody hangs up: its abandonment is 'not modelled', not zero. "
            f"The simulation meets 80% in 20 s with {f['sim_agents']} agents rather than "
            f"{f['needed']} only because {_pct(f['sim_abandon'])} of callers give up.",
            "Read the Erlang C against simulation table together."),
        Misconception(
            "80% in 20 seconds is the industry rule.",
            "It is a habit with no known origin; standards should come from what customers "
            "tolerate and what each point costs.",
            "Show the cost curve and the satisfaction when met and missed in the standards "
            "setter."),
        Misconception(
            "A plan is done once it is written.",
            "Examiners mark down a one-off plan with no monitoring; a forecast is wrong by "
            f"{wape['phone']:.1f}% on phone even in ordinary weeks.",
            "Point to the 'one-off plan' call-out and the monitoring part of the plan."),
        Misconception(
            "Any overspend is an adverse variance to be explained away.",
            "Part of it is volume: the flexed budget shows what the centre controlled.",
            "Compare the variance and flexed budget tables."),
    )

    monitoring_answer = (
        "Each morning I compare yesterday's contacts with the forecast by channel and "
        "half-hour and check phone service level and abandonment against 80% in 20 s; our "
        f"forecast is normally within about {wape['phone']:.0f}% on phone, so if it is more "
        "than 10% out two days running the planner and I rework the rota. Intraday, the team "
        "leader on shift watches service level every half-hour and, if it falls below 70% "
        "for two half-hours running, triggers overtime and callbacks and reviews them after "
        "an hour, escalating to the duty operations manager. Each Friday I review the week's "
        "accuracy, the peaks we missed and overtime spend against the flexed budget, and "
        "change next week's plan.")

    plan_answer = (
        "**Forecast and staffing**\n\n"
        f"Next week ({_day(f['start'])} onwards) the busiest phone half-hour is {peak} with "
        f"{int(b['calls'])} calls forecast, {b['vs_quietest']:.1f} times the quietest; the "
        f"five busiest fall between {peaks['time'].min()} and {peaks['time'].max()} on "
        f"{peak_days}. "
        + (f"{holidays} is a bank holiday: forecast from past holidays, with a skeleton team. "
           if f["holidays_left_out"] else "")
        + f"Seasonal average with trend forecast the last two weeks with a WAPE of "
        f"{wape['phone']:.1f}% on phone. Erlang C gives {f['needed']} agents taking calls at "
        f"the peak (occupancy {_pct(f['occupancy'])}); with {a.on_shift_shrinkage:.0%} "
        f"on-shift shrinkage I schedule {f['to_schedule']:.1f}, so "
        f"{math.ceil(f['to_schedule'])}. Across the week "
        f"{hours:,.0f} hours taking contacts become {scheduled:,.0f} scheduled hours and, "
        f"with {a.off_shift_shrinkage:.0%} off-shift shrinkage, {fte:.1f} FTE to employ. "
        f"The current rota was short at {f['rota_short']} of its {f['rota_n']} busiest "
        f"half-hours ({rota_days}s), so I move two lunch breaks and one coaching session "
        "out of the mid-morning peak.\n\n"
        "**Service standards**\n\n"
        f"{standards_text}. Phone stays at 80% in 20 s: each point from "
        f"{last['level_pct'] - 5:.0f}% to {last['level_pct']:.0f}% would cost "
        f"{_money(last['cost_per_extra_point_gbp'])} a week against "
        f"{_money(first['cost_per_extra_point_gbp'])} for the first points, and customers "
        f"served within the standard {hardly}. Service level counts abandoned calls as missed, "
        "except short abandons (too quick for anyone to answer), and every report says "
        "so.\n\n"
        "**Contingencies**\n\n"
        "Trigger: phone service level below 70% for two half-hours in a row. Actions: offer "
        "overtime to three agents from the next half-hour (owner: team leader on shift, "
        "review after 1 hour); offer callbacks to callers facing a long wait (owner: team "
        "leader on shift, review after 30 minutes); route Priority Services Register "
        "customers to the front of the queue. Escalation: the duty operations manager, who "
        f"can move back-office staff to the phones. Tested on {_day(f['simulated_day'])} "
        f"with {SPIKE:.0%} extra calls and {ABSENT:.0%} sickness: service level "
        f"{base['service_level']:.0%} → {planned['service_level']:.0%}, abandonment "
        f"{_pct(base['abandonment_rate'])} → {_pct(planned['abandonment_rate'])}. It does not "
        "reach 80%, so on a day like that I also defer back-office work from 09:00.\n\n"
        "**Budget**\n\n"
        f"Next week costs {_money(total_cost)} in agent time: {cost_lines}. Agent cost per "
        f"contact is £{cpc.loc['phone', 'cost_per_contact_gbp']:.2f} a call, "
        f"£{cpc.loc['email', 'cost_per_contact_gbp']:.2f} an email and "
        f"£{cpc.loc['chat', 'cost_per_contact_gbp']:.2f} a chat. The biggest overspend was "
        f"overtime in {worst_month}, {_signed_money(worst['variance_gbp'])} "
        f"({worst['variance_pct']:+.0f}%), the month of {event}: I "
        "would hold a contingency overtime reserve for billing-run months and track it "
        f"against the flexed budget (period total {_signed_money(f['flexed_total'])}).\n\n"
        "**Monitoring and review**\n\n" + monitoring_answer)

    reflection_answer = (
        "The plan rests on a forecast that was "
        f"{wape['phone']:.1f}% out on phone over the last two weeks and could not have "
        f"seen {event} coming, so I will monitor it at three speeds. "
        "Intraday, the team leader on shift checks service level and abandonment every "
        "half-hour against the trigger and owns the contingency actions. Each morning I "
        "compare yesterday's volume with the forecast; two days more than 10% out and the "
        "planner and I rework the rota. Each Friday I review forecast accuracy, the half-hours "
        "that missed 80% in 20 s, occupancy against 85% and overtime against the flexed "
        "budget, and record what I changed and why. I will change the plan when an error "
        "repeats (for example Monday 10:00 short two weeks running), not after one bad day, "
        "and keep the log so next month's plan starts from what we learnt.")

    def point(criterion: str, look: str, missing: str) -> MarkingPoint:
        return MarkingPoint(criterion, look, missing)

    model_answers = (
        ModelAnswer(
            "02-monitoring", "What I will check each day and who acts", ("2.4",),
            monitoring_answer,
            (point("2.4",
                   "Names the measures checked (volume against forecast, service level, "
                   "abandonment), how often, the threshold that triggers a change and who "
                   "acts.",
                   "Says 'I will monitor performance' with no measure, frequency, trigger or "
                   "owner."),)),
        ModelAnswer(
            "02-operational-plan", "Operational plan for next week",
            ("2.1", "2.2", "2.3", "2.4", "2.5"), plan_answer,
            (point("2.1",
                   "Forecasts by channel, day and half-hour, names the peaks and known events "
                   "(bank holidays, billing runs) and states the forecast's accuracy.",
                   "A daily or weekly total only, no peaks, or no word on accuracy or events."),
             point("2.2",
                   "Works from the peak half-hour to agents needed (Erlang C), agents to "
                   "schedule (on-shift shrinkage) and staff to employ (off-shift shrinkage), "
                   "with occupancy, and checks the rota against the requirement.",
                   "A headcount with no workings, total shrinkage applied to a half-hour, or "
                   "occupancy ignored."),
             point("2.3",
                   "A standard per channel, justified by customer tolerance and cost (the "
                   "cost curve), and how service level is counted.",
                   "'80/20' with no reason, or one standard for every channel."),
             point("2.4",
                   "Contingencies with a measurable trigger, actions with owners and review "
                   "times, an escalation, a test result, and how the plan is monitored and "
                   "changed.",
                   "Actions with no trigger or owner, untested, or a one-off plan with no "
                   "monitoring."),
             point("2.5",
                   "The weekly cost per channel, cost per contact, the biggest variance "
                   "explained (volume or control, using the flexed budget) and an action.",
                   "No figures, or a variance reported without cause or action."))),
        ModelAnswer(
            "02-plan-reflection", "How I will monitor and adjust my operational plan",
            ("2.4",), reflection_answer,
            (point("2.4",
                   "Evaluates the plan's weak points (forecast error, one-off events) and "
                   "sets out monitoring at several time scales with owners, triggers for "
                   "change and a record of changes.",
                   "Describes the plan again, or says it will be 'kept under review' with no "
                   "what, when, who or trigger."),)),
    )

    notes = (
        "Two hidden truths show here: the demand spike "
        f"({event} on {spike_day}; visible in the forecast "
        "explorer and the overtime overspend) and the under-staffed peaks (the rota short "
        f"at its busiest {rota_days} half-hours). 'The plan adds up' also holds: the "
        f"ladder's {fte:.1f} FTE against {f['headcount']} agents employed now.",
        "Timing risk: section 2 is dense. If time is short, do the agents-needed check "
        "together and set the Erlang A table and the pooling table as reading.",
        "The simulator and contingency planner recalculate on each change; on a busy "
        "Binder they can take a second or two: ask learners to change one thing at a time.",
        "The operational plan saves the contingency test as learners left it in section 5: "
        "ask them to name owners, review times and an escalation there before saving the "
        "plan.",
        "The plan reflection evidences an intention (2.4) only; records of real reviews "
        "over several cycles (6.3) come in notebook 06.",
    )

    return NotebookGuide(
        number="02",
        purpose=("Learners build next week's operational plan from the data: a half-hourly "
                 "forecast with its accuracy (2.1), agents and staff from Erlang C and the "
                 "two shrinkages (2.2), standards per channel from customers and cost (2.3), "
                 "a tested contingency plan with owners (2.4) and a costed, flexed budget "
                 "(2.5). They leave with the plan and a reflection on how they will monitor "
                 "and change it."),
        sections=sections, prompts=prompts, misconceptions=misconceptions,
        model_answers=model_answers, notes=notes)
