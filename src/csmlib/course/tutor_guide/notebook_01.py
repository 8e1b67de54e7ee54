"""Tutor guide content for notebook 01 "Strategy and loyalty": timings, prompts,
misconceptions and model answers, with every figure computed from the default data (the same
:mod:`csmlib.analysis.loyalty` calls the lesson makes, re-done from ``facts``).

Example:
    >>> from csmlib.course.tutor_guide.facts import Facts
    >>> guide(Facts.default()).number
    '01'
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from csmlib.analysis import budget, expectations, kpis, loyalty
from csmlib.course import management_decisions as md
from csmlib.course import strategy
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

__all__ = ["figures", "guide"]

#: The first-contact-resolution lift the lesson's what-if starts at (points).
WHAT_IF_LIFT = 5


@worked_out_once
def figures(facts: Facts) -> dict[str, Any]:
    """The figures of the default data this notebook's guide quotes, computed once.

    Example:
        >>> found = figures(Facts.default())
        >>> bool(found["csat"].loc["1–2", "churn_pct"] > found["csat"].loc["5", "churn_pct"])
        True
    """
    contacts = facts.table("contacts")
    customers = facts.table("customers")
    complaints = facts.table("complaints")
    days = int(facts.manifest.get("settings", {}).get("days", 91))
    view = loyalty.customer_view(customers, contacts, complaints)
    churn = {by: loyalty.churn_by(view, by).set_index("group")
             for by in ("csat_band", "nps_group", "complaint_outcome", "worst_wait")}
    risk = loyalty.revenue_at_risk(view, "csat_band").set_index("group")
    a = facts.assumptions()
    costs = budget.agent_cost_per_contact(
        facts.table("interval_plan"), contacts, hourly_rate_gbp=a.hourly_rate_gbp,
        on_cost_share=a.on_cost_share, off_shift_shrinkage=a.off_shift_shrinkage)
    cost = dict(zip(costs["channel"], costs["cost_per_contact_gbp"].astype(float), strict=True))
    known = contacts[contacts["answered"].astype(bool) & contacts["contacted_again_7d"].notna()]
    again = known["contacted_again_7d"].astype(bool)
    live = contacts[contacts["channel"].isin(["phone", "chat"]) & contacts["answered"]
                    & contacts["csat"].notna()]
    top = pd.to_numeric(live["csat"]).astype(float) >= 4
    dims = expectations.dimension_summary(contacts).set_index("dimension")
    lifetime = loyalty.lifetime_value(view, margin_share=1.0, days=days).set_index("segment")
    left = float(view["churned"].mean())
    return {
        "customers": len(view), "value": float(view["annual_value_gbp"].sum()),
        "left": left, "yearly": loyalty.annual_churn(left, days),
        "csat": churn["csat_band"], "nps": churn["nps_group"],
        "outcome": churn["complaint_outcome"], "wait": churn["worst_wait"],
        "risk": risk, "risk_total": float(risk["revenue_at_risk_gbp"].sum(skipna=True)),
        "what_if": loyalty.what_if_fcr(view, lift_points=WHAT_IF_LIFT),
        "lifetime": lifetime, "cost": cost,
        "again_share": float(again.mean()), "again_count": int(again.sum()),
        "again_cost": float(sum(cost.get(ch, 0.0) * n for ch, n in
                                known.loc[again, "channel"].value_counts().items())),
        "quick_top2": float(top[live["wait_s"] < 60].mean()),
        "slow_top2": float(top[live["wait_s"] > 300].mean()),
        "slow_n": int((live["wait_s"] > 300).sum()),
        "dims": dims,
        "csat_now": kpis.csat(contacts).value, "nps_now": kpis.nps(contacts).value,
        "fcr_flag": kpis.fcr(contacts), "fcr_repeat": kpis.fcr(contacts, "no repeat in 7 days"),
        "phone_sl": kpis.service_level(contacts, 20, channel="phone"),
        "per_1000": kpis.complaints_per_1000(contacts, complaints),
    }


def _decisions_answer(f: dict[str, Any]) -> str:
    """The model choices on the decision cards, each with this organisation's figure."""
    csat, outcome = f["csat"], f["outcome"]
    base = outcome.loc["no complaint", "churn_pct"]
    data = {
        "aht-target": (f"each repeat call costs about £{f['cost']['phone']:.2f} of agent "
                       "time, so rushed calls move the cost, not remove it"),
        "sunday-phones": (f"a call costs £{f['cost']['phone']:.2f} of agent time against "
                          f"£{f['cost']['chat']:.2f} for a chat, but only if chat solves the "
                          "problem"),
        "scripts": (f"{_pct(f['dims'].loc['empathy', 'negative_share'])} of comments about "
                    "how staff treated customers come from customers who scored 1–2"),
        "refund-authority": (f"customers whose complaint was not upheld left "
                             f"{outcome.loc['not upheld', 'churn_pct']:.1f}% of the time, "
                             f"upheld {outcome.loc['upheld', 'churn_pct']:.1f}%, no complaint "
                             f"{base:.1f}%"),
        "calls-per-hour": (f"{_pct(f['again_share'])} of answered contacts were followed by "
                           f"another within 7 days, about {_money(f['again_cost'])} of agent "
                           "time"),
        "callback": (f"{_pct(f['quick_top2'])} of phone and chat customers answered within a "
                     f"minute gave 4–5, against {_pct(f['slow_top2'])} after 5 minutes"),
        "publish-standards": (f"phone answers {_pct(f['phone_sl'])} within 20 s, so "
                              "'20 seconds' is not yet a promise it keeps"),
        "offshore": (f"the extra churn of low scorers costs {_money(f['risk_total'])} of "
                     "annual revenue, which a saving must be weighed against"),
    }
    lines = [f"- **{card.title}**: {chr(65 + card.best)}, {card.best_response.does[0].lower()}"
             f"{card.best_response.does[1:]} Data: {data.get(card.key, 'see the card')}."
             for card in md.CARDS]
    return (f"A model submission judges all {len(md.CARDS)} decisions customer-centric:\n\n"
            + "\n".join(lines)
            + "\n\n**Reflection (How I would make a decision customer-centric).** The hardest "
            "was the handle-time target, because finance's saving is real and visible while "
            f"the cost of repeat calls is hidden: here {_pct(f['again_share'])} of answered "
            "contacts come back within 7 days. At work our back-office team was moved to a "
            "cheaper site without asking what it would do to billing corrections. I would "
            "have measured repeat contacts and complaints about billing before and after, on "
            f"a control chart, and priced the risk: customers whose lowest score was 1–2 left "
            f"{csat.loc['1–2', 'churn_pct']:.1f}% of the time against "
            f"{csat.loc['5', 'churn_pct']:.1f}% for 5s. For customers it would mean fewer "
            "wrong bills; for the business, a saving that is not eaten by lost customers.")


@worked_out_once
def guide(facts: Facts) -> NotebookGuide:
    """The tutor guide for notebook 01, with figures from ``facts`` (the default data).

    Example:
        >>> g = guide(Facts.default())
        >>> g.minutes, sorted(m.item for m in g.model_answers)[0]
        (100, '01-customer-centric')
    """
    f = figures(facts)
    csat, nps, outcome, wait, risk = f["csat"], f["nps"], f["outcome"], f["wait"], f["risk"]
    low, five = csat.loc["1–2", "churn_pct"], csat.loc["5", "churn_pct"]
    low_x = csat.loc["1–2", "times_best"]
    det, pro = nps.loc["detractor", "churn_pct"], nps.loc["promoter", "churn_pct"]
    base = outcome.loc["no complaint", "churn_pct"]
    not_upheld, upheld = outcome.loc["not upheld", "churn_pct"], outcome.loc["upheld",
                                                                             "churn_pct"]
    risk_low = risk.loc["1–2", "revenue_at_risk_gbp"]
    what_if = f["what_if"]
    dims = f["dims"]
    most = dims["comments"].idxmax()
    angriest = dims["negative_share"].idxmax()
    tree = strategy.starter_tree()
    perspectives = tree["perspective"].value_counts()
    target = dict(zip(tree["kpi"], tree["target"], strict=True))
    apart = ("the intervals do not overlap" if csat.loc["1–2", "ci_low"] > csat.loc["5", "ci_high"]
             else "though the intervals overlap")

    sections = (
        Section("1. From goals to service KPIs (1.1)", 20, "solo",
                "Show the starter tree and one edit on the projector (change a target, add a "
                "KPI, press Check and draw), then let learners build their own and save it."),
        Section("2. What satisfaction is worth (1.2)", 30, "together",
                "Demo the churn explorer by CSAT, then NPS, then complaint outcome, asking "
                "what the intervals say; learners then do the three self-checks and the "
                "revenue, lifetime and what-if tables at their own pace."),
        Section("3. Customer-centric or generic management? (1.3)", 15, "solo",
                "Learners judge the eight cards alone (a checked choice stands), then pair up "
                "to compare the one they found hardest before writing the reflection."),
        Section("4. What customers expect", 8, "together",
                "Read the expectations table together: which dimension customers write most "
                "about, which comes from the angriest customers, which no KPI measures."),
        Section("5. Explain it to the board", 7, "writing",
                "Learners write the reply to the finance director and press Check; take one or "
                "two answers aloud and test them against the three key points."),
        Section("6. Your service strategy on a page", 17, "writing",
                "Start the four parts in class (goals and KPIs from the tree, the evidence from "
                "section 2); the principles and the reflection can be finished as homework."),
        Section("Key points", 3, "together",
                "Recap: goals to KPIs, balance, what satisfaction is worth, association not "
                "proof, customer-centric decisions; point to notebook 02."),
    )

    prompts = (
        Prompt("1. From goals to service KPIs (1.1)",
               "Which goal in the starter tree would you measure differently in your own "
               "organisation, and why?",
               ("Starts from the goal and the customer's expectation, not from what is easy "
                "to count.",
                f"Notices the balance: the starter tree has {perspectives.get('customer', 0)} "
                f"customer KPIs, {perspectives.get('financial', 0)} financial, "
                f"{perspectives.get('internal process', 0)} internal process and "
                f"{perspectives.get('learning and growth', 0)} learning and growth.",
                f"Sets targets against today's performance: here phone answers "
                f"{_pct(f['phone_sl'])} within 20 s against an 80% target, and first-contact "
                f"resolution is {_pct(f['fcr_repeat'])} measured by no repeat within 7 days "
                f"but {_pct(f['fcr_flag'])} by the agents' own flag.",
                "Names who owns each KPI and what decision it would change."),
               "Which KPI in your own scorecard serves no goal, and would anyone miss it?"),
        Prompt("1. From goals to service KPIs (1.1)",
               "Service level and handle time are in most contact centres' scorecards. What "
               "would go wrong if they were the only measures?",
               ("They measure the queue and cost, not whether the customer's problem was "
                "solved: generic management.",
                "Agents rush calls to hit handle time; repeats and complaints rise.",
                "Pair each efficiency KPI with an outcome KPI (FCR, CES, CSAT, retention).",
                "The balanced scorecard (Kaplan and Norton, 1992) asks for all four "
                "perspectives."),
               "Which outcome KPI would you put beside handle time, and with what target?"),
        Prompt("2. What satisfaction is worth (1.2)",
               "What does the churn explorer show, and how sure can we be?",
               (f"Customers whose lowest CSAT was 1–2 left {low:.1f}% of the time against "
                f"{five:.1f}% for those who gave 5: {low_x:.1f} times as often.",
                f"Detractors left {det:.1f}% against {pro:.1f}% for promoters "
                f"({det / pro:.1f} times).",
                f"Complaint outcome matters more than the complaint: not upheld "
                f"{not_upheld:.1f}%, upheld {upheld:.1f}%, no complaint {base:.1f}%; the "
                "upheld group is small, so its interval is wide.",
                "Waiting matters less: over 10 minutes "
                f"{wait.loc['over 10 minutes', 'churn_pct']:.1f}% against "
                f"{wait.loc['under 1 minute', 'churn_pct']:.1f}% under 1 minute.",
                "Intervals that do not overlap make chance unlikely; it is still an "
                "association, not proof of cause."),
               "What else might explain why dissatisfied customers leave more often?"),
        Prompt("2. What satisfaction is worth (1.2)",
               "The first-contact-resolution what-if keeps surprisingly few customers. Why, "
               "and what does that tell a manager?",
               (f"At +{WHAT_IF_LIFT} points about {what_if['customers_moved']:,.0f} customers "
                f"would have had their contact resolved, but unresolved customers left only "
                f"{what_if['churn_gap_pct']:.2f} points more often, so about "
                f"{what_if['customers_kept']:,.0f} customers and "
                f"{_money(what_if['revenue_kept_gbp'])} a year are kept.",
                "Resolution matters mostly through what follows: low scores and complaints, "
                "which churn far more.",
                f"The bigger prize is the low scorers: {_money(f['risk_total'])} of revenue at "
                "risk, of which " + _money(risk_low) + " from customers who scored 1–2.",
                "Repeat contacts still cost money now, whatever they do to churn."),
               "Would you still make the business case for FCR? On what grounds?"),
        Prompt("3. Customer-centric or generic management? (1.3)",
               "Which decision card did you find hardest, and what would you measure to know "
               "whether the customer-centric option worked?",
               ("Names the tension: a visible saving against a hidden cost to customers and "
                "revenue.",
                f"Uses the card's figure, e.g. {_pct(f['again_share'])} of answered contacts "
                f"come back within 7 days, about {_money(f['again_cost'])} of agent time.",
                "Says what it would measure before and after (repeats, CSAT, complaints, "
                "churn) and for how long.",
                "Weighs the effect on the customer and, through the customer, on the "
                "business."),
               "Where in your organisation is a decision made only on cost? Who made it?"),
        Prompt("4. What customers expect",
               "Which of the five SERVQUAL dimensions does this organisation measure least "
               "well, and what would you add?",
               (f"Customers write most about {most} ({_pct(dims.loc[most, 'share'])} of "
                "comments on a dimension).",
                f"The comments from the unhappiest customers are about {angriest}: "
                f"{_pct(dims.loc[angriest, 'negative_share'])} come from customers who gave "
                "1–2.",
                "Empathy has no KPI in the catalogue: only QA checks and comments show it.",
                "A good answer adds a measure and a source (a QA item, a survey question, "
                "comment themes)."),
               "How would you measure empathy without turning it into a script?"),
    )

    misconceptions = (
        Misconception(
            "Customer satisfaction is a vanity metric: it cannot be priced.",
            f"In this data customers whose lowest score was 1–2 left {low_x:.1f} times as "
            f"often as 5s; priced, the extra churn is {_money(f['risk_total'])} of annual "
            "revenue.",
            "Show the revenue-at-risk table and its 'What to notice'; ask learners to say "
            "it in one sentence to a finance director."),
        Misconception(
            "The data proves that low satisfaction causes customers to leave (or the '5% "
            "fewer defections, 25–85% more profit' figure proves it).",
            "It is an association in one organisation: unhappy customers may differ in other "
            "ways. The famous figure comes from a few cases and is contested.",
            "Point to the intervals, the evidence table's 'Its limits' column and the "
            "call-out: propose a test (a PDCA cycle in one team, notebook 06)."),
        Misconception(
            "Revenue at risk is all the revenue of the customers who left.",
            "It prices only the extra churn: customers × (their group's churn − the best "
            "group's churn) × value. Some customers leave whatever the service does.",
            "Work through the revenue self-check's worked answer; compare the total at risk "
            "with the revenue of everyone who left."),
        Misconception(
            "Fast answering and short calls are customer focus.",
            "They manage the queue and cost; customers care whether the problem is solved "
            "and how easy it was. That is generic management with a customer label.",
            "Use the 'generic management' call-out and the handle-time decision card, with "
            "its figure on repeat calls."),
        Misconception(
            "Any complaint loses the customer, so complaints should be kept down.",
            f"What matters is how it ends: upheld complaints churned {upheld:.1f}%, close to "
            f"the {base:.1f}% of customers with no complaint; not upheld {not_upheld:.1f}%.",
            "Group the churn explorer by complaint outcome; link to the refund-authority "
            "card and to notebook 04."),
        Misconception(
            "Raising first-contact resolution alone will transform retention.",
            f"The what-if keeps about {what_if['customers_kept']:,.0f} customers at "
            f"+{WHAT_IF_LIFT} points: resolution works mainly through scores and "
            "complaints.",
            "Move the what-if slider together; discuss what else the FCR business case rests "
            "on (cost of repeats, effort)."),
    )

    kpi_lines = "\n".join(
        f"- {row.goal} → {row.objective} → **{row.kpi}** ({row.target}; {row.perspective})"
        for row in tree.itertuples())
    kpi_answer = (
        f"A model tree keeps the five organisational goals and about {len(tree)} KPIs, every "
        "KPI under an objective and every goal measured, with at least one KPI in each "
        "balanced-scorecard perspective and none holding most of them. For example:\n\n"
        f"{kpi_lines}\n\nStrong submissions adapt it: they replace the agents' "
        f"FCR flag ({_pct(f['fcr_flag'])}) by 'not contacted again in 7 days' "
        f"({_pct(f['fcr_repeat'])}), which customers feel, and set targets against today's "
        f"level (phone {_pct(f['phone_sl'])} in 20 s, CSAT {f['csat_now']:.1f}%, "
        f"{f['per_1000']:.1f} complaints per 1,000 contacts).\n\n**Why these measures.** "
        "Customers tell us they want problems solved once and easily, so 'Keep our "
        "customers' is measured by resolution and effort, not speed. Cost is measured per "
        "contact handled, so cutting failure demand shows as a saving. Schedule adherence "
        "and QA sit under learning and growth because skilled, present agents drive the "
        "rest. Measured on cost and speed alone we would rush customers and pay for it in "
        f"repeats: {_pct(f['again_share'])} of answered contacts already come back within "
        "7 days.")

    board_answer = (
        f"Customers whose lowest satisfaction score was 1 or 2 left {low:.1f}% of the time "
        f"in the quarter, against {five:.1f}% of those who gave us 5: {low_x:.1f} times as "
        f"often, and {apart}. Priced as revenue at risk, the extra "
        f"churn of every group that scored below 5 costs {_money(f['risk_total'])} of annual "
        f"revenue, {_money(risk_low)} of it from the 1–2 scorers alone; detractors left "
        f"{det / pro:.1f} times as often as promoters. It is an association, not proof that "
        "the score caused the leaving, so I propose a test: a PDCA cycle in one team to lift "
        "first-contact resolution and cut low scores, comparing its customers' churn with the "
        "other teams' before we invest more widely.")

    centric_answer = _decisions_answer(f)

    reflection_answer = (
        "Last year our centre cut the phone handle-time target by 20 seconds to save two "
        "posts. Calls got shorter, but customers were passed to the back office or told to "
        "call again, and billing complaints rose the following month. It saved agent time "
        "and lost goodwill; in this course's data a customer who scores us 1–2 leaves "
        f"{low_x:.1f} times as often as one who scores 5, so the saving was probably eaten "
        "by lost customers. A customer-centric manager would have asked why calls ran long "
        "(transfers, system delays), removed that waste, and judged handle time beside "
        "first-contact resolution and CSAT. I would measure repeat contacts within 7 days "
        "and complaints about billing weekly on a control chart for two months before and "
        "after, and compare churn of the affected customers with the rest.")

    strategy_answer = (
        "**Organisational goals and service objectives**\n\n"
        "Keep our customers (resolve more problems at the first contact; put things right "
        "quickly); cut the cost to serve (cut avoidable repeat contacts; match staff to "
        "demand); protect our reputation (answer quickly on every channel); meet our "
        "regulatory duties (handle complaints fairly and on time); earn more from each "
        f"customer. Our {f['customers']:,} customers are worth "
        f"{_money(f['value'])} a year; about {100 * f['yearly']:.0f}% a year leave at "
        "the current rate, so keeping them is the service's first job.\n\n"
        "**KPIs and targets**\n\n"
        f"Customer: FCR (no repeat in 7 days) {target['FCR (first contact resolution)']}, now "
        f"{_pct(f['fcr_repeat'])}; CSAT {target['CSAT (customer satisfaction)']}, now "
        f"{f['csat_now']:.1f}%; NPS {target['NPS (net promoter score)']}, now "
        f"{f['nps_now']:+.1f}; complaints per 1,000 contacts "
        f"{target['Complaints per 1,000 contacts']}, now {f['per_1000']:.1f}. Internal "
        f"process: phone service level {target['Service level: phone, answered in 20 s']} in "
        f"20 s, now {_pct(f['phone_sl'])}. Financial: cost per contact handled "
        f"{target['Cost per contact handled']}, phone now £{f['cost']['phone']:.2f} of agent "
        f"time. Learning and growth: schedule adherence {target['Schedule adherence']}, QA "
        f"{target['QA score']}, attrition {target['Attrition (annualised)']}. Every KPI "
        "serves a goal in the tree; "
        "all four perspectives are covered.\n\n"
        "**The loyalty evidence**\n\n"
        f"Customers whose lowest CSAT was 1–2 left {low:.1f}% of the time against {five:.1f}% "
        f"for 5s; detractors {det:.1f}% against {pro:.1f}% for promoters; complaints not "
        f"upheld {not_upheld:.1f}% against {base:.1f}% with no complaint. The extra churn of "
        f"customers who scored below 5 costs {_money(f['risk_total'])} of annual revenue. Raising "
        f"FCR by {WHAT_IF_LIFT} points alone would keep only about "
        f"{what_if['customers_kept']:,.0f} customers ({_money(what_if['revenue_kept_gbp'])}). "
        "The service-profit chain and Reichheld's NPS point the same way, but they are "
        "associations from a few cases (and contested): we will test changes with PDCA "
        "before scaling them.\n\n"
        "**Customer-centric principles I will manage by**\n\n"
        "1. We judge handle time beside first-contact resolution and cut it by removing "
        "waste, never by rushing customers (changes the AHT target request).\n"
        "2. We give front-line staff authority to put things right on the first contact "
        "(changes the refund sign-off).\n"
        "3. We promise customers only what we deliver and report it openly (changes what "
        "marketing publishes).\n"
        "4. We weigh every saving against the value of the customers it puts at risk "
        "(changes how offshore or channel-closure proposals are judged).")

    model_answers = (
        ModelAnswer(
            "01-vanity-metric", "Reply to the finance director: what satisfaction is worth",
            ("1.2",), board_answer,
            (MarkingPoint(
                "1.2",
                "Shows with this organisation's figures how satisfaction links to retention "
                "and revenue (a churn comparison and a £ figure), and states the limit "
                "(association, not proof) with a way to test it.",
                "Asserts satisfaction matters with no figure, quotes only a published claim, "
                "or treats the association as proof."),)),
        ModelAnswer(
            "01-customer-centric", "Customer-centric or generic management: my decisions",
            ("1.3",), centric_answer,
            (MarkingPoint(
                "1.3",
                "The reflection contrasts a generic and a customer-centric way of making a "
                "real decision, says what it does for customers and, through them, for the "
                "business, and names what would be measured.",
                "Choices made but the reflection only restates the feedback, has no workplace "
                "example, or talks about good management in general with no customer "
                "effect."),)),
        ModelAnswer(
            "01-kpi-tree", "Goal → objective → KPI tree", ("1.1",), kpi_answer,
            (MarkingPoint(
                "1.1",
                "Every KPI sits under a service objective that serves an organisational goal, "
                "targets are set, the four perspectives are balanced, and the 'Why these "
                "measures' explains how the objectives meet customers' expectations and the "
                "organisation's goals.",
                "KPIs listed without goals, targets missing, only efficiency measures, or a "
                "'why' that does not mention customers."),)),
        ModelAnswer(
            "01-reflection", "Customer-centric or generic?", ("1.3",), reflection_answer,
            (MarkingPoint(
                "1.3",
                "Analyses a real workplace decision: its effect on customers and loyalty, "
                "what a customer-centric manager would have done instead, and how success "
                "would be measured.",
                "Describes the decision without evaluating its effect on customers, or gives "
                "no alternative or no measure."),)),
        ModelAnswer(
            "01-strategy-on-a-page", "Service strategy on a page", ("1.1", "1.2", "1.3"),
            strategy_answer,
            (MarkingPoint(
                "1.1",
                "Goals broken into service objectives and KPIs with targets, balanced, each "
                "KPI linked to a goal and to what customers expect.",
                "A list of KPIs with no goals or targets, or goals with no measures."),
             MarkingPoint(
                "1.2",
                "Uses the data (churn by experience, revenue at risk) to show how service "
                "drives retention and revenue, and weighs the published evidence with its "
                "limits.",
                "No figures, or figures with no link to retention and revenue, or the "
                "published claims taken as proven."),
             MarkingPoint(
                "1.3",
                "Three or four customer-centric principles, each tied to a decision it "
                "changes.",
                "Principles that are slogans ('customer first') with no decision attached, "
                "or that are generic management (cut cost, hit targets)."))),
    )

    notes = (
        "The loyalty hidden truth is what this notebook reveals: customers leave at a base "
        "rate times multipliers for their lowest CSAT, NPS, complaint outcome, long waits "
        "and first year. Do not tell learners the model; let the explorer show it.",
        f"The FCR what-if is deliberately modest (about {what_if['customers_kept']:,.0f} "
        "customers kept): a good discussion point, not a bug.",
        "Timing risk: section 2 has three self-checks and four tables. If the group is "
        "slow, demo the explorer, do the detractor check together and leave lifetime value "
        "and cost to serve for reading afterwards.",
        "The KPI tree builder refuses to save while problems remain; warn learners that an "
        "empty row counts as a problem, and that 'Why these measures' needs 20 words.",
        "The strategy on a page and the reflection make good homework; learners should save "
        "the KPI tree in class so the strategy can draw on it.",
    )

    return NotebookGuide(
        number="01",
        purpose=("Learners turn the organisation's goals into service objectives and balanced "
                 "KPIs (1.1), show with the data what satisfaction is worth in churn and "
                 "revenue, and its limits (1.2), and practise telling customer-centric from "
                 "generic decisions (1.3). They leave with a KPI tree, a reply to the finance "
                 "director and a service strategy on a page in their portfolio."),
        sections=sections, prompts=prompts, misconceptions=misconceptions,
        model_answers=model_answers, notes=notes)
