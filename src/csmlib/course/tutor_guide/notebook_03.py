"""Tutor guide for notebook 03, *Performance and feedback*: a balanced scorecard, how the data
is collected, what customers say, what the numbers miss, the day monitored as it happens,
and the performance report.

Every figure is computed from the default organisation's data with the same
:mod:`csmlib.analysis` calls the lesson makes.

Example:
    >>> from csmlib.course.tutor_guide.facts import Facts
    >>> g = guide(Facts.default())
    >>> g.number, g.minutes
    ('03', 90)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from csmlib.analysis import adherence, feedback, kpis, simulation
from csmlib.analysis.kpi_cube import KPICube
from csmlib.course.tutor_guide.facts import Facts, worked_out_once
from csmlib.course.tutor_guide.model import (
    MarkingPoint,
    Misconception,
    ModelAnswer,
    NotebookGuide,
    Prompt,
    Section,
)
from csmlib.course.tutor_guide.words import day_month as _day
from csmlib.course.tutor_guide.words import percent as _pct

#: The day notebook 03's intraday monitor replays (the lesson's settings): the plan's busiest
#: Monday, a billing run from 09:30 to 14:00 and some agents off sick; decisions at 10:00
#: and 13:00.
BAD_DAY = simulation.BAD_DAY
DECISION_POINTS = simulation.DECISION_POINTS
APP_THEME = "digital and app"

S1 = "1. A balanced scorecard of KPIs (5.1)"
S2 = "2. How the data is collected (5.3)"
S3 = "3. What customers say (5.2)"
S4 = "4. What the numbers miss"
S5 = "5. Monitoring the day as it happens (3.1)"
S6 = "6. Your performance report"
S7 = "Key points"


@worked_out_once
def figures(facts: Facts) -> dict[str, Any]:
    """Every figure the notebook 03 guide quotes, computed from the default data.

    Example:
        >>> from csmlib.course.tutor_guide.facts import Facts
        >>> f = figures(Facts.default())
        >>> 0 < f["phone_sl"] < 100 and f["fcr_flag"] > f["fcr_no_repeat"]
        True
    """
    a = facts.assumptions()
    contacts = facts.table("contacts")
    weeks = kpis.periods(contacts)
    cube = KPICube(contacts.assign(week=weeks), facts.table("qa_evaluations"),
                   facts.table("complaints"), facts.table("interval_plan"),
                   facts.table("budget"), agents=facts.table("agents"),
                   attendance=facts.table("attendance"),
                   on_shift_shrinkage=a.on_shift_shrinkage,
                   chat_concurrency=int(a.chat_concurrency))
    card = cube.scorecard(cube.select()).set_index("kpi")
    f: dict[str, Any] = {"card": card, "organisation": facts.organisation}
    f["on_target"] = [k for k, row in card.iterrows() if row["status"] == "green"]
    f["off_target"] = [k for k, row in card.iterrows() if row["status"] == "red"]
    f["close"] = [k for k, row in card.iterrows() if row["status"] == "amber"]

    def value(name: str) -> str:
        return str(card.loc[name, "formatted"])

    f["value"] = value
    phone = contacts[contacts["channel"] == "phone"]
    f["phone_sl"] = 100 * kpis.service_level(phone)
    f["fcr_flag"] = 100 * kpis.fcr(contacts, method="agent flag")
    f["fcr_no_repeat"] = 100 * kpis.fcr(contacts, method="no repeat in 7 days")
    gap = kpis.survey_response_gap(contacts)
    f["resp_resolved"], f["resp_unresolved"] = gap["resolved_pct"], gap["not_resolved_pct"]
    rates = kpis.survey_response_rates(contacts).set_index("group")["response rate %"]
    f["resp_email"] = float(rates["email"])
    f["resp_phone"] = float(rates["phone"])
    samples = cube.survey_samples(cube.select(), by="agent_id").set_index("period")
    f["margin_quarter"] = float(samples.loc["whole selection", "half_width_points"])
    f["margin_week"] = float(samples.loc["week", "half_width_points"])
    f["surveys_week"] = float(samples.loc["week", "median_surveys"])
    # comments
    analysed = feedback.analyse(contacts)
    accuracy = feedback.theme_accuracy(analysed)
    f["theme_accuracy"] = 100 * float(accuracy["accuracy"])
    by_theme = feedback.csat_by_theme(analysed)
    f["csat_by_theme"] = by_theme
    f["worst_theme"] = str(by_theme.index[0])
    f["worst_theme_top2"] = float(by_theme["top2_box_pct"].iloc[0])
    f["app_top2"] = float(by_theme.loc[APP_THEME, "top2_box_pct"])
    app_scores = analysed.loc[analysed["theme"] == APP_THEME, "csat"].dropna()
    f["app_3or4"] = 100 * float(app_scores.isin([3, 4]).mean())
    f["benchmark"] = float(kpis.catalogue_entry("cost_per_contact").target)
    detractors = feedback.what_detractors_say(analysed)
    f["detractor_theme"] = str(detractors["theme"].iloc[0])
    f["detractor_share"] = 100 * float(detractors["share"].iloc[0])
    csat_weekly = kpis.kpi_by_period(contacts, "CSAT", weeks)
    app_weekly = feedback.theme_trend(analysed, APP_THEME).set_index("period_start")["share"]
    app_weekly = app_weekly * 100
    f["csat_weekly"], f["app_weekly"] = csat_weekly, app_weekly
    csat_target = kpis.trend_target("CSAT")
    f["csat_target"] = csat_target
    f["weeks_met"] = int((csat_weekly.round(1) >= csat_target).sum())
    f["weeks"] = len(csat_weekly)
    f["csat_first4"] = float(csat_weekly.iloc[:4].mean())
    f["csat_last4"] = float(csat_weekly.iloc[-4:].mean())
    f["app_first4"] = float(app_weekly.iloc[:4].mean())
    f["app_last"] = float(app_weekly.iloc[-1])
    above = app_weekly[app_weekly.round(1) > 15]
    f["first_week_15"] = _day(above.index[0]) if len(above) else "no week"
    f["app_from"] = _day(facts.truths.get("app_problem", {}).get("from", app_weekly.index[0]))
    # the process change (team before and after its date): FCR by repeat contacts
    change = facts.truths.get("process_change", {})
    f["change_team"] = str(change.get("team", ""))
    if f["change_team"]:
        date = pd.Timestamp(change["date"])
        team = contacts[contacts["team"] == f["change_team"]]
        f["change_date"] = _day(date)
        f["change_before"] = 100 * kpis.fcr(team[team["arrived_at"] < date],
                                            method="no repeat in 7 days")
        f["change_after"] = 100 * kpis.fcr(team[team["arrived_at"] >= date],
                                           method="no repeat in 7 days")
        others = contacts[contacts["team"] != f["change_team"]]
        f["others_before"] = 100 * kpis.fcr(others[others["arrived_at"] < date],
                                            method="no repeat in 7 days")
        f["others_after"] = 100 * kpis.fcr(others[others["arrived_at"] >= date],
                                           method="no repeat in 7 days")
    # was the plan worked?
    attendance = facts.table("attendance")
    f["conformance"] = 100 * kpis.conformance(attendance)
    f["adherence"] = 100 * kpis.schedule_adherence(attendance)
    groups = adherence.groups(adherence.by_agent(attendance),
                              kpis.catalogue_entry("schedule_adherence").target)
    off = groups.iloc[1:].sort_values("agents", ascending=False).iloc[0]
    f["off_group"], f["off_agents"] = str(off["group"]), int(off["agents"])
    f["agents_total"] = int(groups["agents"].sum())
    # the intraday monitor's day
    hourly = a.hourly_rate_gbp * (1 + a.on_cost_share)
    day = simulation.plan_day_scenario(facts.table("interval_plan"),
                                       on_shift_shrinkage=a.on_shift_shrinkage, **BAD_DAY)
    table = simulation.decision_table(day, DECISION_POINTS, hourly_cost_gbp=hourly)
    nothing = table[table["action"] == "none"].iloc[0]
    f["nothing_sl"] = 100 * float(nothing["service_level"])
    f["nothing_abandoned"] = int(nothing["abandoned"])
    acted = table[table["action"] != "none"]
    best = acted.sort_values("service_level", ascending=False).iloc[0]
    f["best"] = best
    early = acted[acted["time"] == "10:00"].set_index("action")
    late = acted[acted["time"] == "13:00"].set_index("action")
    f["overtime_10"], f["overtime_13"] = early.loc["overtime"], late.loc["overtime"]
    chosen = {DECISION_POINTS["10:00"]: str(best["action"]), DECISION_POINTS["13:00"]: "email"}
    f["log"] = simulation.decision_log(day, chosen)
    f["model_day"] = simulation.simulate_day(simulation.intraday_scenario(day, chosen)).summary
    f["hourly"] = hourly
    return f


def _sections() -> tuple[Section, ...]:
    return (
        Section(S1, 20, "together",
                "Demonstrate the dashboard on the projector (phone, then chat, then a team), "
                "then let learners explore and do the three checks. Binder users: wait for the "
                "first cell's 'Ready' line before moving a control."),
        Section(S2, 12, "together",
                "Talk through the response table and the FCR two ways as a group; the sample "
                "sizes table is the moment to stop anyone ranking agents on one week."),
        Section(S3, 13, "solo",
                "Learners read comments in the explorer by NPS group and CSAT; circulate and ask "
                "each to find one comment that explains a KPI off target."),
        Section(S4, 10, "together",
                "Show the weekly CSAT and app-comments chart together and ask what a "
                "numbers-only report would have said; learners then write the actions answer."),
        Section(S5, 15, "solo",
                "Learners replay the bad Monday in pairs, each pair trying different decisions "
                "at 10:00 and 13:00; bring the group back to compare costs and outcomes."),
        Section(S6, 15, "writing",
                "Start the report in class (at least the qualitative insight and actions parts, "
                "which are required), then set the rest and the reflection as homework."),
        Section(S7, 5, "together",
                "Recap the four perspectives and the link from a monitoring finding to an "
                "action; remind learners to save and export their portfolio before notebook 04."),
    )


def _prompts(f: dict[str, Any]) -> tuple[Prompt, ...]:
    v = f["value"]
    card = f["card"]
    sl_phone = card[card["channel"].eq("phone") & card.index.str.startswith("Service level")]
    return (
        Prompt(S1, "The quarter's CSAT and NPS are on target, yet several queue measures are "
                   "not. Is this a good quarter?",
               (f"Customer measures on target: CSAT {v('CSAT (customer satisfaction)')}, NPS "
                f"{v('NPS (net promoter score)')}, CES {v('CES (customer effort score)')}.",
                f"Queue measures off target: phone service level {sl_phone['formatted'].iloc[0]} "
                f"against ≥ 80%, phone abandonment {v('Abandonment: phone')} and chat "
                f"abandonment {v('Abandonment: chat')} against ≤ 5%.",
                "A balanced scorecard is read across perspectives: customers who got through "
                "are fairly happy, but many never got through, and surveys do not hear them.",
                f"FCR {v('FCR (first contact resolution)')} is close to, not at, its 75% "
                "target: the customer perspective is not all green."),
               "Which one KPI would you put in front of the board, and what would it hide?"),
        Prompt(S1, f"Phone occupancy is {v('Occupancy: phone')} and the phone service level "
                   "is missed. Should we cut phone staff?",
               ("No: low occupancy while customers wait means staff are not where the demand "
                "is (the wrong half-hours, breaks bunched, agents not available when "
                "scheduled).",
                "Look at service level by half-hour against the interval plan before any cut.",
                "Occupancy is judged per channel and as a band (70–85%), not 'higher is "
                "better'; above about 85% for long agents burn out.",
                f"Chat occupancy ({v('Occupancy: chat')}) is a share of the chats agents could "
                "hold at once, so it is not comparable with phone."),
               "What would the occupancy figure look like if we pooled phone and chat, and why "
               "would it mislead?"),
        Prompt(S2, "Who answers our surveys, and what does that do to CSAT?",
               (f"Customers resolved first time answered {_pct(f['resp_resolved'])} of the "
                f"time; those not resolved only {_pct(f['resp_unresolved'])}.",
                f"Email customers answer least ({_pct(f['resp_email'])} against "
                f"{_pct(f['resp_phone'])} on phone).",
                "So CSAT, NPS and CES over-represent happy customers: they flatter the "
                "service.",
                "Response rate belongs in the report beside the KPI it qualifies."),
               "How could you check whether the unhappy customers who did not answer are "
               "telling you something another way (complaints, repeat contacts)?"),
        Prompt(S2, "Which FCR figure would you put in a target, and why?",
               (f"The agent's flag says {_pct(f['fcr_flag'])}; 'not contacted again within 7 "
                f"days' says {_pct(f['fcr_no_repeat'])}, a gap of "
                f"{f['fcr_flag'] - f['fcr_no_repeat']:.1f} points.",
                "The flag records what the agent believed; the repeat measure records what the "
                "customer did, so it is the better basis for a target.",
                "Whichever is chosen, say which in the report and do not compare across "
                "definitions.",
                f"One agent's weekly CSAT rests on a median of {f['surveys_week']:.0f} surveys "
                f"(±{f['margin_week']:.0f} points), against ±{f['margin_quarter']:.0f} over "
                "the quarter: rank agents on long periods only."),
               "What would agents do differently if they were targeted on their own flag?"),
        Prompt(S3, "Which comments explain the KPIs that are off target?",
               (f"Detractors talk most about {f['detractor_theme']} "
                f"({_pct(f['detractor_share'])} of their comments).",
                f"Customers writing about {f['worst_theme']} are the least satisfied: "
                f"{_pct(f['worst_theme_top2'])} scored 4 or 5.",
                "Reading a handful of verbatims gives the 'why' a KPI cannot: what was "
                "promised, who did not call back.",
                f"The automatic themes agree with an analyst's labels on "
                f"{_pct(f['theme_accuracy'])} of comments, so the shares can be trusted "
                "roughly, but not sarcasm or mixed comments."),
               "Pick one theme: what would you change in the operation because of it?"),
        Prompt(S4, "CSAT is on target for the quarter. Would a numbers-only report have "
                   "spotted the app problem?",
               (f"No: CSAT met its {f['csat_target']:g}% target in {f['weeks_met']} of "
                f"{f['weeks']} weeks; it averaged {_pct(f['csat_last4'])} in the last four "
                f"weeks against {_pct(f['csat_first4'])} in the first four.",
                f"Comments about the app or website grew from {_pct(f['app_first4'])} of "
                f"comments in the first four weeks to {_pct(f['app_last'])} in the last week; "
                f"they first passed 15% in the week of {f['first_week_15']}.",
                f"Most app writers still score well ({_pct(f['app_top2'])} gave 4 or 5; "
                f"{_pct(f['app_3or4'])} gave a middling 3 or 4), so the problem hardly moves "
                "the top-2-box.",
                "The weekly theme share is itself the measure to track once the fix is made."),
               "Whose job is it to act on a theme like this, and how would the centre tell "
               "them?"),
        Prompt(S5, "At 10:00 the trigger has fired. What do you do, and what does it cost?",
               (f"Doing nothing: the day ends at {_pct(f['nothing_sl'])} answered within "
                f"20 s with {f['nothing_abandoned']:,} calls abandoned.",
                f"The best single decision is {f['best']['decision'].lower()} at "
                f"{f['best']['time']}: {_pct(100 * f['best']['service_level'])} and "
                f"{int(f['best']['abandoned']):,} abandoned for £{f['best']['cost_gbp']:,.0f}.",
                f"Acting early pays: overtime costs £{f['overtime_10']['cost_gbp']:,.0f} at "
                f"either time but ends the day at "
                f"{_pct(100 * f['overtime_10']['service_level'])} from 10:00 against "
                f"{_pct(100 * f['overtime_13']['service_level'])} from 13:00.",
                "No lever brings the day back to 80%: the aim is fewer abandoned customers, "
                "and the decision log records trigger, decision and outcome."),
               "Which lever would you never pull on this day, and why (voluntary time off, "
               "cancelling breaks)?"),
        Prompt(S5, "What do conformance and adherence tell you about how the plan was "
                   "worked?",
               (f"Conformance {_pct(f['conformance'])}: the hours were almost all worked.",
                f"Adherence {_pct(f['adherence'])}: fewer of them at the scheduled times.",
                f"The largest group off plan is '{f['off_group'].lower()}': "
                f"{f['off_agents']} of {f['agents_total']} agents, each needing a different "
                "conversation.",
                "Conformance alone would call the centre on plan; adherence shows where "
                "service level is lost."),
               "How would you raise adherence with an agent without it feeling like "
               "surveillance?"),
    )


def _misconceptions(f: dict[str, Any]) -> tuple[Misconception, ...]:
    v = f["value"]
    return (
        Misconception(
            "If CSAT is on target, customers are happy and nothing needs doing.",
            "A KPI averages away a growing minority, and surveys under-hear unhappy "
            f"customers ({_pct(f['resp_unresolved'])} of unresolved customers answer, "
            f"against {_pct(f['resp_resolved'])} of resolved ones).",
            f"Show section 4: app comments rose from {_pct(f['app_first4'])} to "
            f"{_pct(f['app_last'])} of comments while CSAT met its target in "
            f"{f['weeks_met']} of {f['weeks']} weeks."),
        Misconception(
            "Performance is measured with numbers; comments are anecdotes.",
            "Examiners mark down monitoring with quantitative data only: "
            "qualitative feedback says why a KPI moves and finds what the KPIs miss.",
            f"In the explorer, read detractors' comments on {f['detractor_theme']}; then "
            "point at the report's required 'What customers say' part."),
        Misconception(
            "Higher occupancy is always better: it means nobody is idle.",
            "Above about 85% for long agents burn out and leave, and queues grow sharply; "
            "low occupancy with customers waiting is a schedule problem, not overstaffing.",
            f"Phone occupancy is {v('Occupancy: phone')} while the phone service level is "
            "missed: use the occupancy check and its notice."),
        Misconception(
            "Service level can be worked out over answered calls, or for phone and chat "
            "together.",
            "Abandoned calls were offered too; phone and chat have different standards "
            "(80/20 and 80/60) and chats run in parallel.",
            f"The worked answer: phone calls in 20 s ÷ all phone calls offered = "
            f"{_pct(f['phone_sl'])}; chat has its own row."),
        Misconception(
            "The agent's 'resolved' tick is our first-contact resolution.",
            "It records what the agent believed, not whether the customer had to come back.",
            f"FCR two ways: {_pct(f['fcr_flag'])} by flag, {_pct(f['fcr_no_repeat'])} by "
            "'not contacted again within 7 days'."),
        Misconception(
            "Monitoring and improvement are separate jobs: the report describes, someone "
            "else improves.",
            "Examiners look for a logical link from monitoring to action, with the same "
            "measure showing whether the action worked.",
            "Ask every learner's actions part to name the KPI or theme and the date by which "
            "it should move; notebook 06 turns it into a PDCA cycle."),
    )


def _model_answers(f: dict[str, Any]) -> tuple[ModelAnswer, ...]:
    v = f["value"]
    card = f["card"]
    sl_phone = card[card["channel"].eq("phone")
                    & card.index.str.startswith("Service level")]["formatted"].iloc[0]
    sl_chat = card[card["channel"].eq("chat")
                   & card.index.str.startswith("Service level")]["formatted"].iloc[0]
    social = card[card["channel"].eq("social")
                  & card.index.str.startswith("Social")]["formatted"].iloc[0]
    log = f["log"]
    log_lines = "\n".join(f"- **{row.time}** — trigger: {row.trigger}. Decision: "
                          f"{row.decision}. Outcome: {row.outcome}." for row in log.itertuples())
    day = f["model_day"]
    change = ""
    if f["change_team"]:
        change = (f" {f['change_team']} is the exception: since {f['change_date']} its "
                  f"customers not contacting us again within 7 days rose from "
                  f"{_pct(f['change_before'])} to {_pct(f['change_after'])}, while the other teams "
                  f"went from {_pct(f['others_before'])} to {_pct(f['others_after'])}: worth "
                  "finding out what it changed, and spreading it once a control "
                  "chart confirms a real shift (notebook 06).")
    actions = (
        f"Comments about the app or website rose from {_pct(f['app_first4'])} of comments in "
        f"the first four weeks to {_pct(f['app_last'])} in the last week, passing 15% in the "
        f"week of {f['first_week_15']}, while CSAT stayed on target. I would raise it this week "
        "with the digital team as a defect, with twenty verbatims showing which self-service "
        "tasks fail, and brief agents on a workaround so calls about it are short. I would "
        "track the weekly share of app comments and the repeat-contact rate for app-related "
        f"reasons, expecting the share back near its early level ({_pct(f['app_first4'])}) "
        "within four weeks of the fix; if it is not falling after two weeks I would escalate "
        "to the head of digital.")
    report = (
        f"**What the numbers show.** Over the quarter, {len(f['on_target'])} of {len(card)} "
        f"KPIs are on target, {len(f['close'])} close and {len(f['off_target'])} off target. "
        f"Customers who reach us are fairly satisfied (CSAT {v('CSAT (customer satisfaction)')}"
        f" against ≥ 75%, NPS {v('NPS (net promoter score)')}, CES "
        f"{v('CES (customer effort score)')}), and full cost per contact handled is "
        f"{v('Cost per contact handled')} against the £{f['benchmark']:.2f} UK call "
        f"benchmark. Access is the "
        f"weak spot: phone service level {sl_phone} and chat {sl_chat} against 80%, "
        f"abandonment {v('Abandonment: phone')} on phone and {v('Abandonment: chat')} on chat "
        f"(target ≤ 5%), social replies within 2 hours {social}. Phone occupancy is only "
        f"{v('Occupancy: phone')}, so agents are not short overall but not where the demand "
        f"is. FCR is {v('FCR (first contact resolution)')} against 75%, QA "
        f"{v('QA score')} against 75 and attrition {v('Attrition (annualised)')} against "
        f"25%.{change}\n\n"
        f"**What customers say (qualitative insight).** Detractors talk most about "
        f"{f['detractor_theme']} ({_pct(f['detractor_share'])} of their comments); customers "
        f"writing about {f['worst_theme']} are the least satisfied "
        f"({_pct(f['worst_theme_top2'])} scored 4 or 5). The comments also show what the "
        f"scores miss: app and website comments grew from {_pct(f['app_first4'])} to "
        f"{_pct(f['app_last'])} of comments since the update of {f['app_from']}, while CSAT "
        f"met its target in {f['weeks_met']} of {f['weeks']} weeks. These customers are "
        f"mildly unhappy ({_pct(f['app_3or4'])} score a middling 3 or 4 and "
        f"{_pct(f['app_top2'])} still 4 or 5), so the KPI hardly moves; left alone the "
        "broken self-service tasks are a risk "
        "of more contacts and more effort.\n\n"
        f"**How the data was collected.** CSAT, NPS and CES come from an after-contact survey "
        f"that unresolved customers answer less often ({_pct(f['resp_unresolved'])} against "
        f"{_pct(f['resp_resolved'])}) and email customers least ({_pct(f['resp_email'])}), "
        f"so they flatter the service. FCR is {_pct(f['fcr_flag'])} by the agent's own flag "
        f"but {_pct(f['fcr_no_repeat'])} by 'not contacted again within 7 days'; I use the "
        f"second. One agent's weekly CSAT is ±{f['margin_week']:.0f} points, so I compare "
        f"agents over the quarter (±{f['margin_quarter']:.0f}). Themes are assigned by "
        f"keywords, agreeing with an analyst on {_pct(f['theme_accuracy'])} of comments.\n\n"
        f"**Actions and how their effect will be checked.**\n"
        f"1. App defect to the digital team this week (owner: me); check the weekly share of "
        f"app comments falls back towards {_pct(f['app_first4'])} within four weeks of the "
        f"fix.\n"
        f"2. Rota: move breaks and coaching out of the peak half-hours (owner: planning "
        f"lead); check phone service level by half-hour and abandonment weekly, aiming for "
        f"≥ 80% and ≤ 5% within six weeks.\n"
        f"3. Adopt 'not contacted again in 7 days' as the FCR target, and find out and share "
        f"what {f['change_team'] or 'the best team'} changed (owner: team leaders); check "
        f"FCR by team monthly.\n"
        f"4. Intraday: on the bad Monday the agreed trigger fired; acting at 10:00 and 13:00 ended "
        f"the day at {_pct(100 * day['service_level'])} answered in 20 s with "
        f"{int(day['abandoned']):,} abandoned, against {_pct(f['nothing_sl'])} and "
        f"{f['nothing_abandoned']:,} had nobody acted. Decision log:\n{log_lines}")
    reflection = (
        f"At {f['organisation']} this quarter the numbers looked fine: CSAT met its target "
        f"in {f['weeks_met']} of {f['weeks']} weeks. But the comments told a different story: "
        f"after the app update of {f['app_from']}, comments about the app and website grew "
        f"from {_pct(f['app_first4'])} to {_pct(f['app_last'])} of all comments, "
        f"{_pct(f['app_3or4'])} of them from customers scoring 3 or 4, who pull the top-2-box "
        "down only a little. The numbers "
        "missed it for two reasons I had not thought about: the KPI counts scores, not "
        f"reasons, and the customers with unresolved problems answer the survey less "
        f"({_pct(f['resp_unresolved'])} against {_pct(f['resp_resolved'])}). From now on I "
        "will review the weekly share of each comment theme beside CSAT, report the survey "
        "response rate with every survey KPI, and use 'not contacted again within 7 days' "
        f"rather than the agent's flag ({_pct(f['fcr_no_repeat'])} against "
        f"{_pct(f['fcr_flag'])}), so a problem shows in the words before it shows in the "
        "score.")
    return (
        ModelAnswer(
            "03-actions", "One action about the app problem, and how to check it worked",
            ("5.2", "6.1"), actions,
            (MarkingPoint("5.2", "Uses the comments as evidence: names the theme, quotes its "
                          f"growth (about {_pct(f['app_first4'])} to {_pct(f['app_last'])}) "
                          "and says CSAT did not show it.",
                          "Action with no reference to what customers said, or only to "
                          "CSAT."),
             MarkingPoint("6.1", "A specific action with an owner, a measure to check it "
                          "(weekly app-comment share, repeat contacts), a level to reach and "
                          "a date: the Plan and Check of a PDCA cycle.",
                          "'Fix the app' or 'monitor it' with no measure, target or "
                          "timescale."))),
        ModelAnswer(
            "03-performance-report", "Performance report", ("5.1", "5.2", "5.3", "3.1"),
            report,
            (MarkingPoint("5.1", "Reads a balanced range of KPIs across the four perspectives "
                          "against their targets, per channel, with figures, and says which "
                          "are off target and what that means together (analyses, not "
                          "lists).",
                          "A list of KPIs copied from the scorecard with no judgement, or "
                          "one perspective only, or phone and chat pooled."),
             MarkingPoint("5.2", "Analyses comments alongside the numbers: which themes "
                          "explain the KPIs off target, and what the comments show that the "
                          "KPIs miss (the app theme), with shares.",
                          "Qualitative part missing, generic ('customers are unhappy'), or "
                          "with no link to the KPIs."),
             MarkingPoint("5.3", "Explains how the data is collected and how that changes "
                          "the decision: survey non-response, sample sizes, which FCR "
                          "definition and why.",
                          "Describes the sources but not their bias or what it means for "
                          "the figures."),
             MarkingPoint("3.1", "Actions with owners, measures and dates, and the intraday "
                          "decision log (trigger, decision, outcome) with the cost weighed "
                          "against the gain.",
                          "Actions without a check of their effect, or no intraday "
                          "decision explained."))),
        ModelAnswer(
            "03-reflection", "Reflection: what the numbers miss", ("5.2", "5.3"), reflection,
            (MarkingPoint("5.2", "A concrete case where qualitative feedback showed what the "
                          "numbers missed (or the reverse), and what was learnt from it.",
                          "A general statement that 'feedback matters' with no example."),
             MarkingPoint("5.3", "Says how the data was collected (who answers, which "
                          "definition) and what the learner will monitor differently, and "
                          "how it will inform decisions.",
                          "No change to what is monitored, or no mention of how the data is "
                          "collected."))),
    )


@worked_out_once
def guide(facts: Facts) -> NotebookGuide:
    """The tutor guide for notebook 03, every number computed from ``facts``.

    Example:
        >>> from csmlib.course.tutor_guide.facts import Facts
        >>> g = guide(Facts.default())
        >>> [m.item for m in g.model_answers]
        ['03-actions', '03-performance-report', '03-reflection']
    """
    f = figures(facts)
    notes = (
        "Allow time for the first cell on Binder: it loads every contact of the quarter; "
        "ask learners to run it while you introduce the scenario.",
        f"Hidden truth revealed: the app update of {f['app_from']}. Do not name it before "
        "section 4; let learners find it in the explorer or the weekly chart.",
        f"Also in the data: {f['change_team'] or 'one team'}'s process change (its 'not "
        "contacted again in 7 days' trend in the dashboard), survey non-response, the FCR "
        "flag that flatters, and the under-staffed peaks behind the missed service level.",
        "Timing risk: section 5's replay invites endless experimenting. Give pairs five "
        "minutes, then compare as a group from the decisions table under the widget.",
        "The performance report needs the 'What customers say' and 'Actions' parts to save; "
        "learners who leave early should save what they have and finish at home.",
    )
    return NotebookGuide(
        number="03",
        purpose=("Learners read a balanced scorecard of the quarter against targets, learn how "
                 "survey and FCR data are collected and what that does to the figures, and use "
                 "customers' comments to find what the KPIs miss. They manage a bad Monday "
                 "live and bring it all into a performance report with actions they can "
                 "check (5.1, 5.2, 5.3, 3.1)."),
        sections=_sections(), prompts=_prompts(f), misconceptions=_misconceptions(f),
        model_answers=_model_answers(f), notes=notes)
