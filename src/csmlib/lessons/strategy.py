"""Notebook 01 "Strategy and loyalty": from the organisation's goals to service KPIs, what
satisfaction is worth, customer-centric management and what customers expect (criteria
1.1–1.3). Every figure comes from the organisation in use; the maths is in
:mod:`csmlib.analysis.loyalty`, :mod:`csmlib.analysis.kpi_tree` and
:mod:`csmlib.analysis.expectations`; every table and chart goes through the presentation kit.

Example:
    >>> frame = churn_frame("nps_group")
    >>> {"group", "customers", "churn_pct", "times_best"} <= set(frame.columns)
    True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from csmlib.analysis import budget, expectations, kpis, loyalty
from csmlib.data import assumptions, load, read_manifest, sectors
from csmlib.ui.callouts import callout
from csmlib.ui.charts import CONFIG, PALETTE, style
from csmlib.ui.decision_cards import DecisionCards
from csmlib.ui.exercises import NumericAnswer, WrittenAnswer
from csmlib.ui.forms import ArtefactForm, ArtefactPart, ReflectionBox
from csmlib.ui.kpi_tree import KpiTreeBuilder
from csmlib.ui.tables import Table, format_value, table
from csmlib.ui.widgets import CourseWidget

NOTEBOOK = "01"
_LABEL = {"description_width": "initial"}

#: columns of the contacts table this notebook reads
CONTACT_COLUMNS = ("customer_id", "channel", "arrived_at", "answered", "wait_s", "handle_s",
                   "resolved_first_contact", "contacted_again_7d", "csat", "nps", "comment",
                   "comment_theme")
_GREY = "#9A9A9A"
#: The first-contact-resolution lift the what-if starts at (points).
START_LIFT = 5


# ------------------------------------------------------------------ data
def _key() -> str:
    return str(read_manifest()["settings"])


@lru_cache(maxsize=2)
def _tables(key: str) -> dict[str, Any]:
    manifest = read_manifest()
    settings = manifest["settings"]
    contacts = load("contacts", columns=list(CONTACT_COLUMNS))
    customers = load("customers")
    complaints = load("complaints")
    return {"contacts": contacts, "customers": customers, "complaints": complaints,
            "view": loyalty.customer_view(customers, contacts, complaints),
            "sector": sectors.profile(str(settings.get("sector", "energy"))),
            "days": int(settings.get("days", 91))}


def tables() -> dict[str, Any]:
    """The tables this notebook uses and the customer view, loaded once per organisation."""
    return _tables(_key())


def view() -> pd.DataFrame:
    """One row per customer: value, churn and experience (:func:`loyalty.customer_view`)."""
    return tables()["view"]


def _day(stamp: Any) -> str:
    return format_value(pd.Timestamp(stamp), "date")


def _money(value: float) -> str:
    return format_value(value, "money")


def period_text() -> str:
    """The period the data covers, in words."""
    arrived = tables()["contacts"]["arrived_at"]
    return f"{_day(arrived.min())} to {_day(arrived.max())}"


def start() -> Any:
    """The opening line: the organisation, its customers, their value and who left."""
    data, frame = tables(), view()
    left = float(frame["churned"].mean())
    yearly = loyalty.annual_churn(left, data["days"])
    return callout("Your organisation", [
        f"{data['sector'].organisation}, {data['sector'].description}: {len(frame):,} "
        f"customers worth {_money(frame['annual_value_gbp'].sum())} a year.",
        f"From {period_text()} ({data['days']} days), {int(frame['churned'].sum()):,} "
        f"customers left ({100 * left:.1f}%): about {100 * yearly:.0f}% a year at that rate, "
        f"or {_money(frame.loc[frame['churned'], 'annual_value_gbp'].sum())} of annual "
        "revenue."])


# ------------------------------------------------------------------ 2. what it is worth
def churn_frame(by: str) -> pd.DataFrame:
    """Churn group by group (:func:`loyalty.churn_by`), worked out once per organisation."""
    return _churn(_key(), by).copy()


@lru_cache(maxsize=16)
def _churn(key: str, by: str) -> pd.DataFrame:
    return loyalty.churn_by(view(), by)


def churn_table(by: str = "csat_band") -> Table:
    """Churn by one grouping, as a kit table."""
    frame = churn_frame(by)
    return table(frame, {
        "group": loyalty.BY[by], "customers": ("Customers", "count"),
        "churned": ("Left", "count"), "churn_pct": ("Left (%)", "percent"),
        "ci_low": ("95% interval from (%)", "percent"),
        "ci_high": ("to (%)", "percent"),
        "times_best": ("Times the best group", "number2")},
        caption=f"Who left, by {loyalty.BY[by][0].lower() + loyalty.BY[by][1:]}",
        notes=[f"Customers who left between {period_text()}. The interval shows how far "
               "the rate could be from the truth by chance (Wilson, 95%).",
               "Times the best group: the group's rate divided by the lowest rate among the "
               "rated groups (not 'not surveyed' or 'no answer')."],
        greyed=frame["small"].astype(bool).tolist())


def _churn_figure(by: str) -> Any:
    frame = churn_frame(by)
    rated = ~frame["group"].isin(loyalty._NOT_RATED)
    colours = [PALETTE["blue"] if r else _GREY for r in rated]
    bar = go.Bar(
        x=frame["group"], y=frame["churn_pct"], marker_color=colours,
        marker_pattern_shape=["" if r else "/" for r in rated],
        error_y={"type": "data", "symmetric": False,
                 "array": (frame["ci_high"] - frame["churn_pct"]).tolist(),
                 "arrayminus": (frame["churn_pct"] - frame["ci_low"]).tolist()},
        hovertemplate="%{x}: %{y:.1f}% left<extra></extra>", showlegend=False)
    # the legend explains the colour and the hatching (built with the bars, in one go)
    keys = [go.Bar(x=[None], y=[None], name=name, showlegend=True, hoverinfo="skip",
                   marker={"color": colour, **({"pattern": {"shape": "/", "fgcolor": "white"}}
                                               if hatched else {})})
            for name, colour, hatched in (
                ("Customers grouped by their experience", PALETTE["blue"], False),
                ("No survey or no contact: not an experience", _GREY, True))]
    fig = go.Figure(data=[bar, *keys])
    label = loyalty.BY[by]
    style(fig, title=f"Customers who left, by {label[0].lower() + label[1:]}",
          x=loyalty.BY[by], y="Customers who left (%)")
    fig.update_layout(width=900, yaxis_rangemode="tozero")
    return fig


class ChurnExplorer(CourseWidget):
    """Choose how to group customers; see who left, with the interval, as a chart. The chart
    is drawn once and its bars are changed in place (rebuilding a chart takes tens of ms)."""

    def __init__(self) -> None:
        super().__init__()
        self.controls = {"by": widgets.Dropdown(
            options=[(label, key) for key, label in loyalty.BY.items()], value="csat_band",
            description="Group customers by", style=_LABEL,
            layout=widgets.Layout(width="36em"))}
        self.figure = go.FigureWidget(_churn_figure("csat_band"))
        self.figure._config = dict(CONFIG)  # no toolbar over the title
        self._finish(self.controls["by"], self.figure)

    def update(self) -> None:
        by = self.controls["by"].value
        frame = churn_frame(by)
        rated = ~frame["group"].isin(loyalty._NOT_RATED)
        label = loyalty.BY[by]
        with self.figure.batch_update():
            bar = self.figure.data[0]
            bar.x = frame["group"].tolist()
            bar.y = frame["churn_pct"].tolist()
            bar.marker.color = [PALETTE["blue"] if r else _GREY for r in rated]
            bar.marker.pattern.shape = ["" if r else "/" for r in rated]
            bar.error_y.array = (frame["ci_high"] - frame["churn_pct"]).tolist()
            bar.error_y.arrayminus = (frame["churn_pct"] - frame["ci_low"]).tolist()
            self.figure.layout.title.text = (
                f"Customers who left, by {label[0].lower() + label[1:]}")
            self.figure.layout.xaxis.title.text = label
        self.result.value = f"<p>{churn_sentence(by)}</p>"

    def static_html(self) -> str:
        return churn_table("csat_band").to_html()


def churn_explorer() -> ChurnExplorer:
    """Widget: churn by satisfaction, NPS group, complaint outcome, wait or resolution."""
    return ChurnExplorer()


def churn_sentence(by: str) -> str:
    """What the grouping shows, computed: the best and worst rated groups and the gap."""
    frame = churn_frame(by)
    rated = frame[~frame["group"].isin(loyalty._NOT_RATED) & ~frame["small"]]
    if len(rated) < 2:
        return "Too few customers in the groups to compare."
    best = rated.loc[rated["churn_pct"].idxmin()]
    worst = rated.loc[rated["churn_pct"].idxmax()]
    overlap = worst["ci_low"] <= best["ci_high"]
    return (f"Lowest: {best['group']} ({best['churn_pct']:.1f}% left); highest: "
            f"{worst['group']} ({worst['churn_pct']:.1f}%), {worst['times_best']:.1f} times "
            "as many. " + ("Their intervals overlap, so the gap may be chance."
                           if overlap else "Their intervals do not overlap."))


def revenue_frame(by: str = "csat_band") -> pd.DataFrame:
    """Revenue at risk by one grouping (:func:`loyalty.revenue_at_risk`)."""
    return loyalty.revenue_at_risk(view(), by)


def revenue_table(by: str = "csat_band") -> Table:
    """Revenue at risk, as a kit table."""
    frame = revenue_frame(by)
    return table(frame, {
        "group": loyalty.BY[by], "customers": ("Customers", "count"),
        "churn_pct": ("Left (%)", "percent"),
        "excess_churn_pct": ("More than the best group (points)", "number2"),
        "mean_value_gbp": ("Mean annual value (£)", "money"),
        "revenue_at_risk_gbp": ("Annual revenue lost beyond the best group (£)", "money")},
        caption="Revenue at risk: what the extra churn costs",
        notes=["Customers × (the group's churn − the best rated group's churn) × their mean "
               "annual value. Groups that are not an experience (not surveyed) are not "
               "counted."],
        greyed=frame["small"].astype(bool).tolist())


def total_revenue_at_risk(by: str = "csat_band") -> float:
    """The revenue at risk summed over the rated groups (£ a year)."""
    return float(revenue_frame(by)["revenue_at_risk_gbp"].sum(skipna=True))


def revenue_notice() -> Any:
    """What to notice in the revenue at risk (computed)."""
    frame = revenue_frame("csat_band")
    rated = frame.dropna(subset=["revenue_at_risk_gbp"])
    top = rated.loc[rated["revenue_at_risk_gbp"].idxmax()]
    total = total_revenue_at_risk("csat_band")
    share = top["revenue_at_risk_gbp"] / total if total else 0.0
    return callout("What to notice", [
        f"Customers who gave a low score churned more: the extra churn cost "
        f"{_money(total)} of annual revenue in {period_text()}.",
        f"The largest part, {_money(top['revenue_at_risk_gbp'])} ({100 * share:.0f}%), is "
        f"the customers whose lowest CSAT was {top['group']}.",
        "This is an association in one organisation's data, not proof that the score caused "
        "the leaving: unhappy customers may differ in other ways. It shows where to look."])


def lifetime_frame() -> pd.DataFrame:
    """Lifetime revenue by segment (discounted; margin not taken off)."""
    return loyalty.lifetime_value(view(), margin_share=1.0, days=tables()["days"])


def lifetime_table() -> Table:
    """Customer lifetime revenue by segment, as a kit table."""
    return table(lifetime_frame(), {
        "segment": "Segment", "customers": ("Customers", "count"),
        "annual_value_gbp": ("Mean annual value (£)", "money"),
        "annual_churn_pct": ("Leave a year (%)", "percent"),
        "expected_years": ("Expected years with us", "number"),
        "lifetime_value_gbp": ("Lifetime revenue, discounted (£)", "money")},
        caption="What a customer is worth over their time with us",
        notes=["Lifetime revenue = annual value × r ÷ (1 + d − r), r = the share who stay a "
               f"year, d = {100 * loyalty.DISCOUNT_RATE:.1f}% a year (HM Treasury Green Book "
               "rate, as a plain default). Multiply by your margin (the share of revenue "
               "kept after the cost of supply) for lifetime value; Gupta and Lehmann, "
               "'Customers as assets', Journal of Interactive Marketing, 2003."],
        row_heading="segment")


def cost_per_contact() -> dict[str, float]:
    """Agent cost per contact handled, by channel, from the plan (as notebook 02 works it)."""
    a = assumptions()
    frame = budget.agent_cost_per_contact(
        load("interval_plan"), tables()["contacts"], hourly_rate_gbp=a.hourly_rate_gbp,
        on_cost_share=a.on_cost_share, off_shift_shrinkage=a.off_shift_shrinkage)
    frame = frame[frame["channel"] != "all channels"]
    return dict(zip(frame["channel"], frame["cost_per_contact_gbp"].astype(float),
                    strict=True))


def cost_to_serve_table() -> Table:
    """Contacts and agent cost per customer, by segment, over the period."""
    frame = loyalty.cost_to_serve(view(), cost_per_contact())
    return table(frame, {
        "segment": "Segment", "customers": ("Customers", "count"),
        "contacts_per_customer": ("Contacts per customer", "number2"),
        "cost_per_customer_gbp": ("Agent cost per customer (£)", "money2")},
        caption=f"Cost to serve, {period_text()}",
        notes=["Each channel's contacts × its agent cost per contact handled (notebook 02's "
               "cost table: staff time only)."],
        row_heading="segment")


class FcrWhatIf(CourseWidget):
    """Move first-contact resolution up: how many customers, and how much revenue, kept."""

    def __init__(self) -> None:
        super().__init__()
        self.controls = {"lift": widgets.IntSlider(
            value=START_LIFT, min=0, max=20, step=1, continuous_update=False,
            description="First-contact resolution up (points)", style=_LABEL,
            layout=widgets.Layout(width="36em"))}
        self._finish(self.controls["lift"])

    def update(self) -> None:
        self.result.value = what_if_html(self.controls["lift"].value)

    def static_html(self) -> str:
        return what_if_table().to_html()


def what_if_table() -> Table:
    """The what-if at several lifts, as a kit table (the widget's printable result)."""
    rows = []
    for lift in (0, 5, 10, 15, 20):
        effect = loyalty.what_if_fcr(view(), lift_points=lift)
        rows.append({"lift": lift, "moved": effect["customers_moved"],
                     "kept": effect["customers_kept"], "revenue": effect["revenue_kept_gbp"]})
    return table(pd.DataFrame(rows), {
        "lift": ("First-contact resolution up (points)", "count"),
        "moved": ("Customers whose contact would be resolved", "count"),
        "kept": ("Customers kept", "count"),
        "revenue": ("Annual revenue kept (£)", "money")},
        caption=f"What more first-contact resolution would have kept, {period_text()}")


def what_if_html(lift: int) -> str:
    """The what-if's answer in words (computed)."""
    effect = loyalty.what_if_fcr(view(), lift_points=lift)
    return (f"<p>With first-contact resolution up <b>{lift} points</b>, about "
            f"{effect['customers_moved']:,.0f} of the {effect['unresolved_customers']:,.0f} "
            "customers who had a contact left unresolved would have had it resolved. They "
            f"left {effect['churn_gap_pct']:.2f} points more often than customers whose "
            f"contacts were all resolved, so about <b>{effect['customers_kept']:,.0f} "
            f"customers</b> and <b>{_money(effect['revenue_kept_gbp'])}</b> of annual revenue "
            f"would have been kept in {period_text()}.</p><p style='font-size:12px;"
            "color:#444'>Assumes those customers would then leave like the customers whose "
            "contacts were all resolved: an estimate from an association, to test with a "
            "PDCA cycle (notebook 06).</p>")


def fcr_what_if() -> FcrWhatIf:
    """Widget: the first-contact-resolution what-if."""
    return FcrWhatIf()


# ------------------------------------------------------------------ self-checks
def _detractor_ratio() -> float:
    frame = churn_frame("nps_group").set_index("group")
    return round(float(frame.loc["detractor", "churn_pct"] / frame.loc["promoter", "churn_pct"]),
                 1)


detractor_check = NumericAnswer(
    "01-detractors",
    "From the churn table grouped by the latest NPS answer: how many times as often did "
    "detractors leave as promoters? One decimal place.",
    expected=_detractor_ratio, tolerance=0.05, units="times",
    hint_low="Divide the detractors' rate by the promoters', not the other way round.",
    hint_high="Use the promoters' rate, not the passives'.",
    criteria=["1.2"],
    explanation="A simple, honest comparison: it needs the rates of both groups and their "
                "intervals, not a single satisfaction score.")


def _low_score_risk() -> float:
    frame = revenue_frame("csat_band").set_index("group")
    return round(float(frame.loc["1–2", "revenue_at_risk_gbp"]), 0)


revenue_check = NumericAnswer(
    "01-revenue-at-risk",
    "Revenue at risk from the customers whose lowest CSAT was 1 or 2: customers × (their "
    "churn − the best rated group's churn) × their mean annual value. In £, whole pounds.",
    expected=_low_score_risk, tolerance=1.0, units="£", decimals=0,
    hint_low="Use the best rated group's churn (the lowest rate, not 'not surveyed').",
    hint_high="Take the best group's churn away before multiplying.",
    criteria=["1.2"],
    explanation="Revenue at risk puts a price on dissatisfaction that a finance director "
                "recognises: it is the extra churn, not all of it.")


def _kept_at_start() -> float:
    return round(loyalty.what_if_fcr(view(), lift_points=START_LIFT)["customers_kept"], 0)


what_if_check = NumericAnswer(
    "01-fcr-what-if",
    f"In the what-if, with first-contact resolution up {START_LIFT} points: about how many "
    "customers would have been kept? Whole customers.",
    expected=_kept_at_start, tolerance=1.0, units="customers", decimals=0,
    hint_low="Customers moved × the churn gap between unresolved and resolved customers.",
    hint_high="Only the customers whose contact would now be resolved change: not all of "
              "the unresolved ones.",
    criteria=["1.2"],
    explanation="Small percentages of many customers add up: that is the business case for "
                "first-contact resolution.")


# ------------------------------------------------------------------ written, artefact
value_answer = WrittenAnswer(
    "01-vanity-metric",
    "Your finance director says: \"Customer satisfaction is a vanity metric. Show me what it "
    "is worth or stop reporting it.\" Reply in three or four sentences, using the data.",
    key_points={"the evidence": ["churn", "left", "leave", "retention", "kept", "revenue",
                                 "revenue at risk", "lifetime"],
                "a number": ["£", "%", "times", "points"],
                "its limits": ["association", "not proof", "correlation", "cause", "test",
                               "pdca", "pilot"]},
    model_answer="Customers who scored us 1 or 2 left several times as often as those who "
                 "scored 5, and that extra churn cost us a measurable sum of annual revenue "
                 "(see the revenue-at-risk table). It is an association, not proof, so I "
                 "propose a test: raise first-contact resolution in one team and compare its "
                 "customers' churn with the others' on a control chart.",
    criteria=["1.2"],
    explanation="Connect satisfaction to money the organisation recognises (retention, "
                "revenue, cost), give the figure, and be honest about what the data cannot "
                "prove.")


class StrategyOnAPage(ArtefactForm):
    """The service strategy on a page (1.1–1.3)."""

    PARTS = (
        ArtefactPart("goals", "Organisational goals and service objectives",
                     "Which goals service supports, and the service objectives for each",
                     ["1.1"], required=True),
        ArtefactPart("kpis", "KPIs and targets",
                     "The KPIs, their targets and which goal each serves (from your KPI tree), "
                     "balanced across the four perspectives", ["1.1"], required=True),
        ArtefactPart("evidence", "The loyalty evidence",
                     "What the data shows about satisfaction, churn and revenue, and the "
                     "published evidence, with its limits", ["1.2"], required=True),
        ArtefactPart("principles", "Customer-centric principles I will manage by",
                     "Three or four principles, each with a decision it changes",
                     ["1.3"], required=True),
    )
    TITLE = "Service strategy on a page"
    ACTIVITY = "01-strategy-on-a-page"
    NOTEBOOK = NOTEBOOK
    SAVE_LABEL = "Save my strategy to the portfolio"
    MISSING_MESSAGE = ("A strategy needs your own words. Write at least a few sentences for: "
                       "{missing}; then save again.")

    def supporting(self) -> dict:
        """The churn table by CSAT and the revenue at risk."""
        return {"table": churn_frame("csat_band"),
                "support_text": supporting_text()}

    def static_html(self) -> str:
        return "<p><b>Your strategy will carry:</b></p>" + churn_table("csat_band").to_html()


def supporting_text() -> str:
    """The strategy's supporting figures as plain text (computed)."""
    return (f"Revenue at risk from dissatisfied customers (1.2): "
            f"{_money(total_revenue_at_risk('csat_band'))} a year; "
            + churn_sentence("nps_group"))


def strategy_on_a_page() -> StrategyOnAPage:
    """Widget: the service strategy on a page."""
    return StrategyOnAPage()


def reflection() -> ReflectionBox:
    """Reflection: customer-centric or generic?"""
    return ReflectionBox(
        "01-reflection",
        "Think of a decision in your organisation that was made for efficiency or cost. What "
        "did it do for customers, and for loyalty? What would a customer-centric manager have "
        "done differently, and how would you measure whether it worked?",
        criteria=["1.3"], title="Customer-centric or generic?", notebook=NOTEBOOK)


def evidence_table() -> Table:
    """The published evidence on satisfaction and loyalty, with its limits."""
    frame = pd.DataFrame([
        {"claim": "Service-profit chain: employee satisfaction → service value → customer "
                  "satisfaction → loyalty → profit. At Xerox, 'totally satisfied' customers "
                  "were six times more likely to repurchase than 'satisfied' ones.",
         "source": "Heskett, Jones, Loveman, Sasser and Schlesinger, 'Putting the "
                   "service-profit chain to work', Harvard Business Review, March–April 1994",
         "limits": "Case studies from a few companies; the links are associations. Use it to "
                   "ask where your chain breaks, not as a law."},
        {"claim": "Cutting customer defections by 5% raised profits by 25% to 85% in the "
                  "businesses studied.",
         "source": "Reichheld and Sasser, 'Zero defections: quality comes to services', "
                   "Harvard Business Review, 1990",
         "limits": "A widely repeated figure from a few cases; contested (for example by "
                   "Byron Sharp, How Brands Grow, 2010). Treat it as a claim to examine."},
        {"claim": "Net Promoter Score: % promoters (9–10) − % detractors (0–6) predicts "
                  "growth.",
         "source": "Reichheld, 'The one number you need to grow', Harvard Business Review, "
                   "December 2003",
         "limits": "A later study of many firms found it no better than other satisfaction "
                   "measures at predicting growth (Keiningham, Cooil, Andreassen and Aksoy, "
                   "Journal of Marketing, 2007); one number hides why. Use it with the "
                   "comments."},
    ])
    return table(frame, {"claim": "Claim", "source": "Source", "limits": "Its limits"},
                 caption="What published research says, and how far to trust it")


# ------------------------------------------------------------------ 3. decisions
def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _answered_known(channel: str | None = None) -> pd.DataFrame:
    """Answered contacts whose 7 days after are in the data (the repeat flag is known)."""
    contacts = tables()["contacts"]
    rows = contacts.assign(again=contacts["contacted_again_7d"])
    rows = rows[rows["answered"].astype(bool) & rows["again"].notna()]
    return rows if channel is None else rows[rows["channel"] == channel]


def evidence() -> dict[str, str]:
    """The sentence from this organisation's data for each decision card's evidence key."""
    return dict(_evidence(_key()))


@lru_cache(maxsize=2)
def _evidence(key: str) -> tuple[tuple[str, str], ...]:
    data, costs = tables(), cost_per_contact()
    contacts = data["contacts"]
    out: dict[str, str] = {}

    phone = _answered_known("phone")
    fifth = pd.qcut(phone["handle_s"].rank(method="first"), 5, labels=False)
    settled = 1 - phone["again"].astype(float)
    short, long_ = settled[fifth == 0].mean(), settled[fifth == 4].mean()
    way = ("about as often" if abs(short - long_) < 0.01 else
           "less often" if short < long_ else "more often")
    out["fcr_vs_handle_time"] = (
        f"In this data the shortest fifth of phone calls settled the customer's issue (no "
        f"contact again within 7 days) {_pct(short)} of the time, the longest fifth "
        f"{_pct(long_)}: short calls settle it {way}. Each repeat call costs about "
        f"{format_value(costs.get('phone', 0.0), 'money2')} of agent time.")

    shares = contacts["channel"].value_counts(normalize=True)
    sundays = contacts[contacts["arrived_at"].dt.day_of_week == 6]
    sunday_phone = (sundays["channel"] == "phone").mean() if len(sundays) else float("nan")
    sunday_text = (f"; on Sundays {_pct(sunday_phone)} of contacts are calls"
                   if len(sundays) else "")
    out["cost_per_contact_by_channel"] = (
        "Agent cost per contact handled: " + ", ".join(
            f"{channel} {format_value(costs[channel], 'money2')}"
            for channel in ("phone", "email", "chat") if channel in costs)
        + f". {_pct(shares.get('phone', 0.0))} of all contacts are calls{sunday_text}.")

    summary = expectations.dimension_summary(contacts).set_index("dimension")
    empathy = summary.loc["empathy"]
    all_negative = float((summary["negative"].sum()) / max(summary["comments"].sum(), 1))
    out["empathy_comments"] = (
        f"{int(empathy['comments']):,} comments are about how staff treated the customer; "
        f"{_pct(empathy['negative_share'])} of them come from unhappy customers (CSAT 1–2), "
        f"against {_pct(all_negative)} of all comments on a dimension. For example: "
        f"\u201c{empathy['example']}\u201d")

    churn = churn_frame("complaint_outcome").set_index("group")
    base = float(churn.loc["no complaint", "churn_pct"]) if "no complaint" in churn.index else 0
    parts = [f"{group} {churn.loc[group, 'churn_pct']:.1f}% "
             f"({churn.loc[group, 'churn_pct'] / base:.1f} times)"
             for group in ("upheld", "not upheld", "open") if group in churn.index and base]
    out["churn_after_complaint_outcome"] = (
        f"Customers who left after a complaint: {'; '.join(parts)}, against "
        f"{base:.1f}% of customers with no complaint.")

    known = _answered_known()
    again = known["again"].astype(bool)
    every = float(sum(costs.get(c, 0.0) * n for c, n in
                      known.loc[again, "channel"].value_counts().items()))
    out["repeat_contacts_cost"] = (
        f"{_pct(again.mean())} of answered contacts ({int(again.sum()):,}) were followed by "
        f"another from the same customer within 7 days, costing about {_money(every)} of "
        f"agent time in {period_text()}.")

    live = contacts[contacts["channel"].isin(["phone", "chat"]) & contacts["answered"]
                    & contacts["csat"].notna()]
    top = pd.to_numeric(live["csat"]).astype(float) >= 4
    quick, slow = top[live["wait_s"] < 60], top[live["wait_s"] > 300]
    out["csat_by_wait"] = (
        f"Surveyed phone and chat customers answered within a minute gave 4 or 5 out of 5 "
        f"{_pct(quick.mean())} of the time; those who waited over 5 minutes "
        f"{_pct(slow.mean())} ({len(slow):,} surveyed customers waited that long).")

    met = []
    for channel, limit in kpis.CHANNEL_ANSWER_S.items():
        if channel not in ("phone", "chat"):
            continue
        level = kpis.service_level(contacts, limit, channel=channel)
        met.append(f"{channel} {_pct(level)} answered within {limit:.0f} s")
    out["service_level_against_standard"] = (
        "Against the plan's standards (80% of calls in 20 s, 80% of chats in 60 s): "
        + "; ".join(met) + ".")

    csat = churn_frame("csat_band").set_index("group")
    out["revenue_at_risk"] = (
        f"Customers whose lowest CSAT was 1 or 2 left {csat.loc['1–2', 'churn_pct']:.1f}% of "
        f"the time, against {csat.loc['5', 'churn_pct']:.1f}% for those who gave 5; the extra "
        f"churn of dissatisfied customers cost {_money(total_revenue_at_risk('csat_band'))} "
        "of annual revenue.")
    return tuple(out.items())


def decision_cards() -> DecisionCards:
    """Widget: the customer-centric decision cards, with this organisation's evidence."""
    return DecisionCards(evidence=evidence())


# ------------------------------------------------------------------ 4. expectations
def expectations_frame() -> pd.DataFrame:
    """SERVQUAL's dimensions in the organisation's comments and KPIs."""
    return expectations.dimension_summary(tables()["contacts"])


def expectations_table() -> Table:
    """What customers expect: each dimension, its comments and KPIs, as a kit table."""
    frame = expectations_frame()
    shown = frame.assign(share=100 * frame["share"], negative_share=100 * frame["negative_share"],
                         kpis=[k if str(k).strip() else f"none in the catalogue; {o}"
                               for k, o in zip(frame["kpis"], frame["other_measures"],
                                               strict=True)])
    return table(shown, {
        "dimension": "Dimension", "definition": "What customers judge",
        "comments": ("Comments", "count"), "share": ("Share of comments (%)", "percent"),
        "negative_share": ("From unhappy customers (%)", "percent"),
        "kpis": "KPIs that measure it", "example": "A customer said"},
        caption="What customers expect, and where this organisation's data shows it",
        notes=[expectations.SOURCE, "Share of comments: of the comments about one dimension "
               "(praise for the service as a whole is left out). Unhappy: CSAT 1 or 2."],
        row_heading="dimension")


def expectations_notice() -> Any:
    """What to notice in the expectations table (computed)."""
    frame = expectations_frame().set_index("dimension")
    most = frame["comments"].idxmax()
    angriest = frame["negative_share"].idxmax()
    lines = [f"Customers write most about {most} ({_pct(frame.loc[most, 'share'])} of "
             "comments on a dimension).",
             f"The comments that come most from unhappy customers are about {angriest} "
             f"({_pct(frame.loc[angriest, 'negative_share'])} from customers who gave 1 or 2)."]
    empty = [d for d in frame.index if not str(frame.loc[d, "kpis"]).strip()]
    if empty:
        lines.append(f"No KPI in the catalogue measures {_join(empty)}: the QA form and the "
                     "comments are the only evidence of it.")
    return callout("What to notice", lines)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# ------------------------------------------------------------------ 1. goals to KPIs
def kpi_tree() -> KpiTreeBuilder:
    """Widget: the goal → objective → KPI tree builder."""
    return KpiTreeBuilder()
