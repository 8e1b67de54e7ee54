"""Notebook 04 "Complaints and difficult customers": the procedure and the rules, triage,
where complaints come from, timeliness against the rules, de-escalation, legal duties and
personal data in complaint text (criteria 3.2, 3.3, 3.4). Every figure comes from the
organisation in use; the maths is in :mod:`csmlib.analysis.complaints` and
:mod:`csmlib.analysis.privacy`; every table and chart goes through the presentation kit.

Example:
    >>> table = timeliness_table()
    >>> table.caption.startswith("Timeliness against the rules")
    True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from csmlib.analysis import complaints as analysis
from csmlib.analysis import privacy
from csmlib.data import assumptions, load, read_manifest, sectors
from csmlib.ui.callouts import callout
from csmlib.ui.charts import PALETTE, static, style
from csmlib.ui.exercises import MultipleChoice, NumericAnswer, WrittenAnswer
from csmlib.ui.forms import ArtefactForm, ArtefactPart, ReflectionBox
from csmlib.ui.scenario import DeescalationScenario, duty_question
from csmlib.ui.tables import Table, format_value, table
from csmlib.ui.triage import TriageExercise
from csmlib.ui.widgets import CourseWidget

NOTEBOOK = "04"
_LABEL = {"description_width": "initial"}


# ------------------------------------------------------------------ data
def _key() -> str:
    return str(read_manifest()["settings"])


@lru_cache(maxsize=2)
def _tables(key: str) -> dict[str, Any]:
    settings = read_manifest()["settings"]
    return {"complaints": load("complaints"), "customers": load("customers"),
            "sector": sectors.profile(str(settings.get("sector", "energy")))}


def tables() -> dict[str, Any]:
    """The complaints and customers tables and the sector profile, loaded once."""
    return _tables(_key())


def complaints() -> pd.DataFrame:
    """The organisation's complaints."""
    return tables()["complaints"]


def _sector() -> sectors.SectorProfile:
    return tables()["sector"]


def _day(stamp: Any) -> str:
    return format_value(pd.Timestamp(stamp), "date")


def _final_weeks() -> int:
    """The weeks allowed for a final response; one figure for every line of business (a
    sector whose rules differed would need timeliness measured per rule)."""
    weeks = {int(r.final_response_weeks) for r in _sector().complaint_rules}
    if len(weeks) != 1:
        raise ValueError(f"{_sector().organisation}'s complaint rules allow different times "
                         f"for a final response ({sorted(weeks)} weeks): measure timeliness "
                         "for each rule's complaints separately.")
    return weeks.pop()


def _last_day() -> pd.Timestamp:
    return pd.Timestamp(complaints()["received_at"].max()).normalize()


def start() -> Any:
    """The opening line: the organisation and how many complaints it logged."""
    frame = complaints()
    received = frame["received_at"]
    return callout("Your complaints team", [
        f"{_sector().organisation}, {_sector().description}, logged {len(frame):,} complaints "
        f"from {_day(received.min())} to {_day(received.max())}."])


# ------------------------------------------------------------ 1. procedure
def rules_table() -> Table:
    """The complaint-handling rules that apply to this organisation, per line of business."""
    rules = _sector().complaint_rules
    frame = pd.DataFrame({
        "covers": [r.covers for r in rules], "rules": [r.rules for r in rules],
        "regulator": [r.regulator or "none sets a deadline" for r in rules],
        "weeks": [r.final_response_weeks for r in rules],
        "next": [r.ombudsman for r in rules]})
    return table(frame, {"covers": "Complaints about", "rules": "Rules",
                         "regulator": "Regulator", "weeks": ("Final response within (weeks)",
                                                             "count"),
                         "next": "If not resolved, the customer may go to"},
                 caption=f"The rules {_sector().organisation} works to",
                 notes=[r.summary() for r in rules] + [rules[0].definition_sentence()],
                 row_heading="covers")


def procedure_table() -> Table:
    """ISO 10002's complaint-handling process, stage by stage."""
    frame = pd.DataFrame([{"stage": s.name, "what": s.what, "record": s.record}
                          for s in analysis.ISO_10002_STAGES])
    return table(frame, {"stage": "Stage", "what": "What happens", "record": "What to record"},
                 caption="The complaint-handling process", notes=[analysis.ISO_SOURCE],
                 row_heading="stage")


complaint_definition_check = MultipleChoice(
    "04-what-is-a-complaint",
    "A customer rings about a bill, says \"this is the third time I've had to call, it's "
    "ridiculous\", and the adviser sorts the bill out on the call. The customer ends the call "
    "happy. Under the energy complaint-handling rules, what should happen?",
    {"a": "Nothing more: it was resolved, so it was never a complaint.",
     "b": "Record it as a complaint (resolved on the spot), so it is counted and learned from.",
     "c": "Log it only if the customer asks for it to be a formal complaint.",
     "d": "Pass it to the complaints team for an 8-week investigation."},
    answer="b",
    hints={"a": "Any expression of dissatisfaction where a response is expected is a "
                "complaint, even one put right on the spot.",
           "c": "The customer does not have to use the word 'complaint' or ask for a formal "
                "one.",
           "d": "Resolved on the spot is fine; it still has to be recorded."},
    criteria=["3.2"],
    explanation="Energy suppliers must record every complaint, including those resolved by "
                "the end of the next working day (Gas and Electricity (Consumer Complaints "
                "Handling Standards) Regulations 2008): a complaint resolved at once is still "
                "counted, and its cause is still worth fixing.")


# ------------------------------------------------------------ 2. triage
def triage_exercise() -> TriageExercise:
    """Widget: classify a batch of complaints, then compare with the complaints team's labels."""
    return TriageExercise(complaints(), n=6, seed=4, redact=privacy.redact)


# ------------------------------------------------- 3. where complaints come from
def pareto_frame() -> pd.DataFrame:
    """Complaints by category, largest first, with the cumulative share and the vital few."""
    return analysis.pareto(complaints(), "category")


def pareto_chart() -> Any:
    """Pareto chart: complaints by category (bars, the vital few darker) and the cumulative
    share (line), with the 80% line."""
    frame = pareto_frame()
    fig = go.Figure()
    for few, name, colour, pattern in ((True, "Vital few", PALETTE["blue"], ""),
                                       (False, "Useful many", PALETTE["sky"], "/")):
        rows = frame[frame["vital_few"] == few]
        fig.add_bar(x=rows["category"], y=rows["complaints"], name=name,
                    marker={"color": colour, "pattern": {"shape": pattern}},
                    hovertemplate="%{x}: %{y:,} complaints<extra></extra>")
    fig.add_scatter(x=frame["category"], y=frame["cumulative_share"] * 100,
                    name="Cumulative share (%)", yaxis="y2", mode="lines+markers",
                    line={"color": PALETTE["orange"]},
                    hovertemplate="%{x}: %{y:.1f}% so far<extra></extra>")
    fig.add_scatter(x=frame["category"], y=[80] * len(frame), yaxis="y2", mode="lines",
                    name="80% of complaints", line={"color": "black", "dash": "dash"},
                    hoverinfo="skip")
    style(fig, title="Complaints by category: the vital few make up about 80%",
          x="Category", y="Complaints")
    fig.update_layout(xaxis={"categoryorder": "array", "categoryarray": frame["category"]},
                      yaxis2={"title": "Cumulative share (%)", "overlaying": "y",
                              "side": "right", "range": [0, 105], "tickmode": "array",
                              "tickvals": [0, 20, 40, 60, 80, 100], "showgrid": False})
    return static(fig)


def vital_few() -> list[str]:
    """The vital few categories."""
    frame = pareto_frame()
    return frame.loc[frame["vital_few"], "category"].tolist()


def _vital_few_share() -> float:
    frame = pareto_frame()
    return round(float(frame.loc[frame["vital_few"], "share"].sum() * 100), 1)


vital_few_check = NumericAnswer(
    "04-vital-few",
    "In the Pareto chart, what share of all complaints do the vital few categories (the solid "
    "dark blue bars) make up together, in %? One decimal place.",
    expected=_vital_few_share, tolerance=0.15, units="%",
    hint_low="Add up every solid bar: the vital few include the category that takes the "
             "cumulative line past 80%.",
    hint_high="Stop at the category that takes the cumulative line past 80%: the light, "
              "hatched bars are the useful many.",
    criteria=["3.2"],
    explanation="Read it off the cumulative line at the last solid bar. Fixing the causes of "
                "these few categories removes most complaints; each of the rest is small.")


class ComplaintReader(CourseWidget):
    """Drill down: pick a category, read its complaints (personal data redacted) and the root
    causes the investigations found."""

    def __init__(self, frame: pd.DataFrame, per_page: int = 4) -> None:
        super().__init__()
        self.frame = frame
        self.per_page = per_page
        order = analysis.pareto(frame, "category")["category"].tolist()
        self.controls = {"category": widgets.Dropdown(options=order, value=order[0],
                                                      description="Category", style=_LABEL)}
        self._finish(self.controls["category"])

    def _rows(self, category: str) -> pd.DataFrame:
        rows = self.frame[(self.frame["category"] == category)
                          & (self.frame["outcome"] != "open")]
        rows = rows.sort_values("received_at").head(self.per_page)
        return rows.assign(text=privacy.redact_column(rows["description"]))

    def _table(self, category: str) -> Table:
        rows = self._rows(category)
        causes = analysis.fishbone(self.frame, category=category)
        top = causes.sort_values("complaints", ascending=False).iloc[0]
        return table(rows, {"complaint_id": "Complaint", "text": "What the customer said "
                            "(personal data redacted)", "root_cause": "Root cause found"},
                     caption=f"{category}: {len(self.frame[self.frame['category'] == category]):,}"
                             f" complaints; the first {len(rows)} closed ones",
                     notes=[f"Most common root cause in this category: {top['root_cause']} "
                            f"({int(top['complaints'])} complaints, the "
                            f"{top['branch']} branch of the fishbone)."],
                     row_heading="complaint_id")

    def update(self) -> None:
        self.result.value = self._table(self.controls["category"].value).to_html()

    def static_html(self) -> str:
        return top_causes_table(self.frame).to_html()


def top_causes_table(frame: pd.DataFrame) -> Table:
    """Each category's most common root cause among its investigated complaints."""
    rows = []
    for category in analysis.pareto(frame, "category")["category"]:
        causes = analysis.fishbone(frame, category=category)
        if causes.empty:
            continue
        top = causes.sort_values("complaints", ascending=False).iloc[0]
        rows.append((category, top["root_cause"], top["branch"], int(top["complaints"]),
                     int(causes["complaints"].sum())))
    shown = pd.DataFrame(rows, columns=["category", "root_cause", "branch", "complaints",
                                        "investigated"])
    return table(shown, {"category": "Category", "root_cause": "Most common root cause",
                         "branch": "Fishbone branch", "complaints": ("Complaints", "count"),
                         "investigated": ("Investigated in the category", "count")},
                 caption="The most common root cause in each category", row_heading="category")


def complaint_reader() -> ComplaintReader:
    """Widget: read the complaints behind a category."""
    return ComplaintReader(complaints())


def fishbone_table() -> Table:
    """Root causes of the closed complaints on the fishbone's five branches."""
    frame = analysis.fishbone(complaints())
    frame = frame.assign(share_pct=frame["complaints"] / frame["complaints"].sum() * 100)
    return table(frame, {"branch": "Branch", "root_cause": "Root cause",
                         "complaints": ("Complaints", "count"),
                         "share_pct": ("Share of investigated complaints", "percent")},
                 caption="Root causes on the fishbone (cause-and-effect) diagram's branches",
                 notes=["Branches: people, process, systems, policy, partners. Complaints "
                        "still open are under investigation and not counted."],
                 row_heading="branch")


def cost_frame() -> pd.DataFrame:
    """The cost of complaints by category (redress and handling time)."""
    a = assumptions()
    return analysis.cost_of_complaints(complaints(), analysis.HANDLING_HOURS,
                                       a.hourly_rate_gbp * (1 + a.on_cost_share))


def cost_table() -> Table:
    """The cost of complaints by category: redress paid and the time spent handling them."""
    frame = cost_frame()
    a = assumptions()
    hours = ", ".join(f"{k} {v:g} h" for k, v in analysis.HANDLING_HOURS.items())
    return table(frame, {"category": "Category", "complaints": ("Complaints", "count"),
                         "redress_gbp": ("Redress paid", "money"),
                         "handling_cost_gbp": ("Handling time", "money"),
                         "total_gbp": ("Total", "money")},
                 caption="What complaints cost",
                 notes=[f"Handling time: course assumption per complaint by severity ({hours}) "
                        f"× £{a.hourly_rate_gbp * (1 + a.on_cost_share):,.2f} an hour (pay "
                        "plus on-costs). The customers who leave cost more: see the next "
                        "table."],
                 row_heading="category")


def _cost_per_complaint(category: str) -> float:
    row = cost_frame().set_index("category").loc[category]
    return round(float(row["total_gbp"] / row["complaints"]), 2)


def top_category() -> str:
    """The category with the most complaints."""
    return str(pareto_frame()["category"].iloc[0])


cost_check = NumericAnswer(
    "04-cost-per-complaint",
    "From the cost table: on average, what does one complaint in the largest category cost "
    "the organisation, redress and handling time together, in £? To the penny.",
    expected=lambda: _cost_per_complaint(top_category()), tolerance=0.01, units="£",
    decimals=2,
    hint_low="Use the Total column (redress plus handling time), not redress alone.",
    hint_high="Divide the category's total by its number of complaints.",
    criteria=["3.2"],
    explanation="Total (redress + handling time) ÷ complaints in the category. It leaves out "
                "the dearest cost: the customers who leave, in the next table.")


def churn_frame() -> pd.DataFrame:
    """Customers who left after complaining, by the outcome of their complaint."""
    return analysis.churn_by_outcome(complaints(), tables()["customers"])


def churn_table() -> Table:
    """Churn by complaint outcome, beside customers who did not complain."""
    frame = churn_frame()
    return table(frame.assign(rate_pct=frame["churn_rate"] * 100),
                 {"outcome": "Customers whose complaint was…",
                  "customers": ("Customers", "count"), "churned": ("Left", "count"),
                  "rate_pct": ("Left (%)", "percent")},
                 caption="Who left: churn after a complaint, by its outcome",
                 notes=["A customer's outcome is their latest complaint's; only leaving after "
                        "the complaint counts."], row_heading="outcome")


def churn_notice() -> Any:
    """What to notice in the churn table (computed)."""
    frame = churn_frame().set_index("outcome")
    lines = analysis.churn_sentences(frame)
    return callout("What to notice", lines)


# ------------------------------------------------------------ 4. timeliness
def timeliness_frame() -> pd.DataFrame:
    """The timeliness measures for this organisation's rules, open complaints counted."""
    return analysis.timeliness(complaints(), final_response_weeks=_final_weeks(),
                               as_of=_last_day())


def timeliness_table() -> Table:
    """Timeliness against the rules, with the open complaints counted; the closed-only
    figure is shown greyed, for comparison (the open complaints by age are in their own
    table)."""
    frame = timeliness_frame()
    frame = frame[frame["kind"] != "count"].reset_index(drop=True)
    closed_only = (frame["kind"] == "closed only").tolist()
    return table(frame.assign(share_pct=frame["share"] * 100),
                 {"measure": "Measure", "complaints": ("Complaints", "count"),
                  "met": ("Met", "count"), "share_pct": ("Met (%)", "percent"),
                  "note": "How it is counted"},
                 caption=f"Timeliness against the rules, as of {_day(_last_day())}",
                 notes=["Business days: Monday to Friday, not England and Wales bank "
                        "holidays.", "The greyed row leaves the open complaints out: shown "
                        "only to compare with the fair figure above it."],
                 greyed=closed_only, row_heading="measure")


def open_ages_table() -> Table:
    """The complaints still open, by age."""
    frame = analysis.open_ages(complaints(), as_of=_last_day())
    return table(frame, {"band": "Open for", "complaints": ("Complaints", "count"),
                         "vulnerable": ("Of which vulnerable customers", "count")},
                 caption=f"Complaints still open on {_day(_last_day())}, by age",
                 row_heading="band")


def after_final_response_table() -> Table:
    """Deadlock letters, referrals to the ombudsman and its findings so far."""
    frame = analysis.after_final_response(complaints())
    rules = _sector().complaint_rules
    schemes = " or ".join(dict.fromkeys(r.ombudsman for r in rules))
    return table(frame.assign(share_pct=frame["share"] * 100),
                 {"step": "After the final response", "complaints": ("Complaints", "count"),
                  "share_pct": ("Share (%)", "percent")},
                 caption=f"Deadlock letters and the ombudsman ({schemes})",
                 notes=["Shares: of all complaints for the first two rows; of the complaints "
                        "referred for the ombudsman's findings. An ombudsman takes weeks to "
                        "decide, so in one quarter most findings are still pending: judge the "
                        "findings over a year, not from these few."], row_heading="step")


def as_of() -> pd.Timestamp:
    """When the timeliness figures are measured: the close of the data's last day."""
    return _last_day() + pd.Timedelta(days=1)


def final_response_limit() -> pd.Timedelta:
    """The rule's time allowed for a final response, as a time span."""
    return pd.Timedelta(weeks=_final_weeks())


def timeliness_notice() -> Any:
    """What to notice: the final-response figure with and without the open complaints
    (computed)."""
    return callout("What to notice", analysis.timeliness_sentences(
        complaints(), final_response_weeks=_final_weeks(), as_of=_last_day()))


def _final_response_missed() -> int:
    frame = timeliness_frame()
    row = frame[(frame["kind"] == "deadline")
                & frame["measure"].str.startswith("Final response within")].iloc[0]
    return int(row["complaints"] - row["met"])


timeliness_check = NumericAnswer(
    "04-final-response",
    "Your manager asks: how many complaints missed the final-response deadline? Count the "
    "ones answered late and the ones still open past the deadline.",
    expected=_final_response_missed, tolerance=0, units="complaints", decimals=0,
    hint_low="Complaints still open past the deadline have missed it too: the table's row "
             "counts them among the complaints due.",
    hint_high="Complaints still open but within the deadline are not yet due: they have not "
              "missed it (yet).",
    criteria=["3.2"],
    explanation="Complaints due (closed, plus open past the deadline) minus those answered in "
                "time. A report that counts only closed complaints hides the oldest, "
                "worst-handled cases.")


# ------------------------------------------------------------ 5 and 6. people
def deescalation_scenario() -> DeescalationScenario:
    """Widget: a branching conversation with a difficult customer."""
    return DeescalationScenario(_sector().key, organisation=_sector().organisation)


def duty(number: int) -> Any:
    """One of the legal-duties scenario questions (3.4), by number from 1."""
    return duty_question(number, _sector().key)


# ------------------------------------------------------------ 7. personal data
def redaction_examples(n: int = 4) -> Table:
    """Complaint descriptions holding personal data, before and after redaction."""
    frame = complaints()
    rows = frame[frame["contains_personal_data"].astype(bool)].head(n)
    shown = rows.assign(redacted=privacy.redact_column(rows["description"]))
    return table(shown, {"complaint_id": "Complaint", "description": "As logged",
                         "redacted": "Redacted for sharing"},
                 caption="Personal data found and redacted", row_heading="complaint_id")


def privacy_accuracy_table() -> Table:
    """How well the finder does: recall and precision on the data's labels."""
    frame = complaints()
    result = privacy.evaluate(frame["description"], frame["contains_personal_data"])
    return table(result.assign(value_pct=result["value"] * 100),
                 {"measure": "Measure", "value_pct": ("Value", "percent"),
                          "meaning": "What it means"},
                 caption="How well the personal-data finder does on this organisation's "
                         "complaints", notes=[privacy.LIMITS], row_heading="measure")


KIND_NAMES = {"NAME": "Names", "PHONE": "Phone numbers", "EMAIL": "Email addresses",
              "POSTCODE": "Postcodes", "ADDRESS": "Street addresses",
              "DATE_OF_BIRTH": "Dates of birth", "NI_NUMBER": "National Insurance numbers",
              "CARD": "Card numbers", "SORT_CODE": "Sort codes",
              "ACCOUNT_NUMBER": "Account numbers", "REFERENCE": "Customer references",
              "ALL": "All kinds"}


def privacy_by_kind_frame() -> pd.DataFrame:
    """Recall and precision by kind on the hand-written set and on fresh generated
    descriptions of this organisation's sector."""
    from csmlib.data import privacy_sets

    hand = privacy.evaluate_by_kind(privacy_sets.handwritten()).set_index("kind")
    made = privacy.evaluate_by_kind(privacy_sets.generated(_sector().key)).set_index("kind")
    kinds = [k for k in hand.index if hand.loc[k, "expected"] > 0 or made.loc[k, "expected"] > 0]
    return pd.DataFrame({
        "kind": [KIND_NAMES.get(k, k) for k in kinds],
        "hand_expected": hand.loc[kinds, "expected"].to_numpy(),
        "hand_recall": hand.loc[kinds, "recall"].to_numpy() * 100,
        "hand_precision": hand.loc[kinds, "precision"].to_numpy() * 100,
        "made_expected": made.loc[kinds, "expected"].to_numpy(),
        "made_recall": made.loc[kinds, "recall"].to_numpy() * 100,
        "made_precision": made.loc[kinds, "precision"].to_numpy() * 100})


def privacy_by_kind_table() -> Table:
    """How well each kind of personal data is found, on two answer keys."""
    return table(privacy_by_kind_frame(), {
        "kind": "Kind", "hand_expected": ("Hand-written: pieces", "count"),
        "hand_recall": ("Hand-written: found (recall)", "percent"),
        "hand_precision": ("Hand-written: right (precision)", "percent"),
        "made_expected": ("Generated: pieces", "count"),
        "made_recall": ("Generated: recall", "percent"),
        "made_precision": ("Generated: precision", "percent")},
        caption="Kind by kind: a hand-written set in other wordings, and fresh generated "
                "complaints", row_heading="kind",
        notes=["Hand-written: texts written in other wordings than the course's data, with "
               "look-alikes that are not personal data; the fairer guide, though written "
               "knowing how the finder works. Generated: fresh complaints in this "
               "organisation's style, with the generator's own answer key; it shows only that "
               "nothing the generator writes is missed. Recall: share of the pieces found. "
               "Precision: share of the finder's findings that were right. – : none of this "
               "kind in the set. A kind with only a handful of pieces says little either "
               "way."])


class Redactor(CourseWidget):
    """Paste or type a complaint; see what is found and the redacted text."""

    def __init__(self, example: str) -> None:
        super().__init__()
        self.example = example
        self.controls = {"text": widgets.Textarea(value=example, description="Complaint text",
                                                  style=_LABEL,
                                                  layout=widgets.Layout(width="100%",
                                                                        height="8em"))}
        self._finish(self.controls["text"])

    def update(self) -> None:
        text = self.controls["text"].value
        if len(text) > 20_000:
            raise ValueError("The text is longer than 20,000 characters: paste one complaint "
                             "at a time.")
        self.result.value = _redacted_html(text)

    def static_html(self) -> str:
        return ("<p>Without the text box: the example above, redacted.</p>"
                + _redacted_html(self.example))


def _redacted_html(text: str) -> str:
    """What the finder found in ``text``, and the text with each finding replaced."""
    found = privacy.find_personal_data(text)
    listed = ", ".join(f"{f.kind} “{f.text}”" for f in found) or "nothing"
    return (f"<p><b>Found:</b> {_escape(listed)}</p><p><b>Redacted:</b> "
            f"{_escape(privacy.redact(text))}</p>")


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def redactor() -> Redactor:
    """Widget: redact a complaint before sharing it."""
    frame = complaints()
    rows = frame[frame["contains_personal_data"].astype(bool)]
    example = str(rows["description"].iloc[-1]) if len(rows) else ""
    return Redactor(example)


# ------------------------------------------------------------ 8. the review
class ComplaintReview(ArtefactForm):
    """The complaint-handling review: timeliness, top root causes, actions with owners, how
    de-escalation will be coached, and the legal duties checked."""

    PARTS = (
        ArtefactPart("timeliness", "Timeliness against the rules",
                     "What the timeliness table shows, open complaints included, and what you "
                     "will change", ["3.2"], required=True),
        ArtefactPart("causes", "Top root causes and actions",
                     "The vital few categories and their root causes; actions with owners and "
                     "dates, and how you will check they worked", ["3.2"], required=True),
        ArtefactPart("coaching", "Coaching de-escalation",
                     "How you will coach the team to acknowledge, empathise, take ownership "
                     "and agree next steps", ["3.3"], required=True),
        ArtefactPart("duties", "Legal and regulatory duties",
                     "How complaint data is protected (UK GDPR), how vulnerable customers are "
                     "identified and supported, and the adjustments you make", ["3.4"]),
    )
    TITLE = "Complaint-handling review"
    ACTIVITY = "04-complaint-review"
    NOTEBOOK = NOTEBOOK
    SAVE_LABEL = "Save my review to the portfolio"
    MISSING_MESSAGE = ("A review needs your own analysis and actions. Write at least a few "
                       "sentences for: {missing}; then save again.")

    def table(self) -> pd.DataFrame:
        """The timeliness table as a reader sees it, for the portfolio."""
        return timeliness_table().to_frame()

    def supporting(self) -> dict:
        """The timeliness table, the Pareto chart and the top root causes."""
        return {"table": self.table(), "figure": pareto_chart().figure,
                "support_text": supporting_text()}

    def static_html(self) -> str:
        return ("<p><b>Your review will carry:</b></p>" + timeliness_table().to_html()
                + fishbone_table().to_html())


def supporting_text() -> str:
    """The review's supporting figures as plain text (computed)."""
    lines = [f"Vital few categories (3.2): {', '.join(vital_few())}"]
    causes = analysis.fishbone(complaints()).sort_values("complaints", ascending=False)
    lines.append("Top root causes (3.2):")
    lines += [f"- {row.root_cause} ({row.branch}): {row.complaints} complaints"
              for row in causes.head(3).itertuples()]
    return "\n".join(lines)


def complaint_review() -> ComplaintReview:
    """Widget: the complaint-handling review artefact."""
    return ComplaintReview()


def reflection() -> ReflectionBox:
    """Reflection: a difficult conversation."""
    return ReflectionBox(
        "04-reflection",
        "Think of a difficult customer conversation you handled or watched. Which of the steps "
        "(acknowledge, empathise, take ownership, agree next steps) happened, which were "
        "missed, and what would you coach next time?",
        criteria=["3.3"], title="A difficult conversation", notebook=NOTEBOOK)


learning_answer = WrittenAnswer(
    "04-learning",
    "A complaint about a wrong bill is upheld, refunded and closed. Name one thing the "
    "complaints team should do before it is truly finished, and why.",
    key_points={"learning from it": ["root cause", "cause", "why", "learn", "fix", "process",
                                     "prevent", "stop it happening", "feed back", "trend",
                                     "pareto"],
                "a reason": ["other customers", "again", "repeat", "recur", "same problem",
                             "cost", "prevent", "future"]},
    model_answer="Before closing, record the root cause (for example an estimated meter reading "
                 "that nobody checked) and look for the same cause in other complaints, so the "
                 "process is fixed and the same problem does not recur for other customers.",
    criteria=["3.2"],
    explanation="Closing is not the end: ISO 10002 ends with learning. Record the root cause, "
                "look for the same cause in other complaints, and fix it at source, or the "
                "same complaint keeps arriving.")


