"""Notebook 05 "People: recruit, train, coach": a competency framework, recruitment against it
(with its validity and fairness), training needs from the data, coaching with GROW, leading
the team, and whether training worked (criteria 4.1–4.4). Every figure comes from the
organisation in use; the maths is in :mod:`csmlib.analysis.people`; every table and chart goes
through the presentation kit.

Example:
    >>> impact = training_impact_frame()
    >>> {"course", "lift_points", "ci_low", "ci_high", "n"} <= set(impact.columns)
    True
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from csmlib.analysis import people as analysis
from csmlib.course import competencies, team_scenarios
from csmlib.data import load, read_manifest
from csmlib.ui.callouts import callout
from csmlib.ui.charts import PALETTE, static, style, target_line
from csmlib.ui.exercises import NumericAnswer, WrittenAnswer
from csmlib.ui.forms import ArtefactForm, ArtefactPart, ReflectionBox
from csmlib.ui.grow import ConflictScenario, GrowPlan, OneToOnePlan
from csmlib.ui.tables import Table, format_value, table
from csmlib.ui.widgets import CourseWidget

NOTEBOOK = "05"
_LABEL = {"description_width": "initial"}
#: sliders in a column share one label width, so they line up
_SLIDER_LABEL = {"description_width": "13em"}

#: the course's starting point for the shortlist explorer: every competency weighted equally
START_CUT_OFF = analysis.START_CUT_OFF

#: columns of the contacts table this notebook reads
CONTACT_COLUMNS = ("contact_id", "agent_id", "team", "channel", "arrived_at", "answered",
                   "handle_s", "csat", "resolved_first_contact", "contacted_again_7d",
                   "comment_theme")


# ------------------------------------------------------------------ data
def _key() -> str:
    return str(read_manifest()["settings"])


@lru_cache(maxsize=2)
def _tables(key: str) -> dict[str, pd.DataFrame]:
    return {"candidates": load("candidates"), "agents": load("agents"),
            "qa": load("qa_evaluations"), "training": load("training"),
            "contacts": load("contacts", columns=list(CONTACT_COLUMNS))}


def tables() -> dict[str, pd.DataFrame]:
    """The tables this notebook uses, loaded once per organisation."""
    return _tables(_key())


def _day(stamp: Any) -> str:
    return format_value(pd.Timestamp(stamp), "date")


def start() -> Any:
    """The opening line: the team, the applicants and the courses in the data."""
    data = tables()
    agents, candidates, training = data["agents"], data["candidates"], data["training"]
    employed = agents[agents["left_on"].isna()] if "left_on" in agents else agents
    left = len(agents) - len(employed)
    return callout("Your people", [
        f"{len(employed)} agents in {employed['team'].nunique()} teams now"
        + (f" ({left} more left during the quarter)" if left else "") + f"; {len(candidates):,} "
        f"applicants for agent posts from {_day(candidates['applied_on'].min())} to "
        f"{_day(candidates['applied_on'].max())}, of whom {int(candidates['hired'].sum())} "
        f"were hired; {training['course'].nunique()} courses completed "
        f"{len(training):,} times in this quarter."])


def _signed(value: float, places: int = 1) -> str:
    """+4.2 or −1.3 (a true minus sign, as the kit writes numbers)."""
    return f"{value:+.{places}f}".replace("-", "−")


def _number(value: float, places: int = 2) -> str:
    return f"{value:.{places}f}".replace("-", "−")


def _agent_label(agent_id: str, team: str) -> str:
    return f"{agent_id} ({team})"


# ------------------------------------------------------------ 1. framework
def framework_table() -> Table:
    """The customer-service competency framework: what developing and strong look like, the
    interview question and where each competency shows in the data."""
    frame = competencies.framework_table()
    return table(frame, {"competency": "Competency", "developing": "Developing looks like",
                         "strong": "Strong looks like",
                         "interview_question": "Interview question (behavioural)",
                         "shows_in": "Shows in the data"},
                 caption="The customer-service competency framework", row_heading="competency",
                 notes=["Each competency also has a definition and a middle level "
                        "(competent) in csmlib.course.competencies. Interviews score the "
                        "five competencies marked in the candidates table: "
                        f"{', '.join(c.replace('_', ' ') for c in analysis.COMPETENCIES)}.",
                        competencies.FRAMEWORK[0].source])


# ------------------------------------------------------------ 2. recruitment
def agreement_table() -> Table:
    """How well the two interviewers agree, competency by competency."""
    frame = analysis.interviewer_agreement(tables()["candidates"])
    frame = frame.assign(name=frame["competency"].str.replace("_", " ").str.capitalize())
    return table(frame, {"name": "Competency", "exact_pct": ("Same score", "percent"),
                         "within_one_pct": ("Within one point", "percent"),
                         "weighted_kappa": ("Weighted kappa", "number2"),
                         "n": ("Applicants", "count")},
                 caption="Do the two interviewers agree?", row_heading="name",
                 notes=["Weighted kappa: agreement beyond what chance would give, counting "
                        "near misses as partly agreeing; 0 is chance, 1 is perfect. Above "
                        "about 0.6 is usually called substantial agreement (Landis and Koch, "
                        "1977)."])


def _rates_frame(weights: dict[str, float], cut_off: float) -> pd.DataFrame:
    chosen = analysis.shortlist(tables()["candidates"], weights, cut_off)
    return analysis.selection_rates(chosen)


class ShortlistExplorer(CourseWidget):
    """Weights per competency and a cut-off: who would be shortlisted, and is it fair?"""

    def __init__(self) -> None:
        super().__init__()
        self.controls = {
            name: widgets.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.5,
                                      description=name.replace("_", " ").capitalize(),
                                      style=_SLIDER_LABEL, continuous_update=False,
                                      layout=widgets.Layout(width="32em"))
            for name in analysis.COMPETENCIES}
        self.controls[analysis.CV_EXPERIENCE] = widgets.FloatSlider(
            value=0.0, min=0.0, max=3.0, step=0.5, description="CV: years of experience",
            style=_SLIDER_LABEL, continuous_update=False, layout=widgets.Layout(width="32em"))
        self.controls["cut_off"] = widgets.FloatSlider(
            value=START_CUT_OFF, min=1.0, max=5.0, step=0.1, description="Cut-off score",
            style=_SLIDER_LABEL, continuous_update=False, layout=widgets.Layout(width="32em"))
        self._finish(*self.controls.values())

    def weights(self) -> dict[str, float]:
        return {name: float(self.controls[name].value)
                for name in (*analysis.COMPETENCIES, analysis.CV_EXPERIENCE)}

    def _html(self, weights: dict[str, float], cut_off: float) -> str:
        rates = _rates_frame(weights, cut_off)
        selected, applicants = int(rates["selected"].sum()), int(rates["applicants"].sum())
        verdict = ("passes" if rates["four_fifths_ok"].all() else "fails") if selected else \
            "cannot be judged (nobody shortlisted)"
        shown = rates.assign(screen=rates["four_fifths_ok"].map(
            {True: "✔ at least four-fifths", False: "✘ below four-fifths"}).fillna("–"))
        return (f"<p>{selected} of {applicants} applicants shortlisted at a cut-off of "
                f"{cut_off:.1f}; the four-fifths screen {verdict}.</p>"
                + table(shown, {"group": "Age group", "applicants": ("Applicants", "count"),
                                "selected": ("Shortlisted", "count"),
                                "rate": ("Selection rate", "percent"),
                                "screen": "Against the highest group's rate"},
                        caption="Selection rate by age group", row_heading="group").to_html())

    def update(self) -> None:
        if not any(self.weights().values()):
            raise ValueError("Give at least one weight above 0: the score is the weighted "
                             "average of the interviewers' scores (and the CV's, if weighted).")
        self.result.value = self._html(self.weights(), float(self.controls["cut_off"].value))

    def static_html(self) -> str:
        return ("<p>At the start (every competency weighted equally):</p>"
                + self._html(dict.fromkeys(analysis.COMPETENCIES, 1.0), START_CUT_OFF))


def shortlist_explorer() -> ShortlistExplorer:
    """Widget: set the weights and the cut-off, see the shortlist and its fairness."""
    return ShortlistExplorer()


def _start_ratio() -> float:
    rates = _rates_frame(dict.fromkeys(analysis.COMPETENCIES, 1.0), START_CUT_OFF)
    return round(float(rates["rate"].min() / rates["rate"].max()), 2)


four_fifths_check = NumericAnswer(
    "05-four-fifths",
    "In the explorer at its start (every competency weighted equally, the starting cut-off), "
    "divide the lower age group's selection rate by the higher group's. What is the ratio? "
    "Two decimal places.",
    expected=_start_ratio, tolerance=0.01, units="", decimals=2,
    hint_low="Divide the LOWER rate by the HIGHER one: the ratio is 1 or less.",
    hint_high="Use selection rates (shortlisted ÷ applicants in each group), not the numbers "
              "shortlisted.",
    criteria=["4.1"],
    explanation="At or above 0.80 the screen passes; below it, look for the step that causes "
                "the gap before using the shortlist.")


def validity_frame() -> pd.DataFrame:
    """How the interview score and the CV experience score relate to later performance."""
    data = tables()
    return analysis.validity(data["candidates"], data["agents"], data["qa"], data["contacts"])


def validity_table() -> Table:
    """Interview validity: correlations with later QA and CSAT, with 95% intervals."""
    frame = validity_frame()
    return table(frame, {"predictor": "Score at hiring", "outcome": "Later performance",
                         "r": ("Correlation (r)", "number2"),
                         "ci_low": ("95% interval from", "number2"),
                         "ci_high": ("to", "number2"), "n": ("Hires", "count")},
                 caption="Does the score at hiring predict how agents serve customers?",
                 notes=["Correlation runs from −1 to +1; 0 means no relation. The interval "
                        "is wide because few hires are measured; only hires can be measured, "
                        "which makes any score look weaker than it is."])


def validity_notice() -> Any:
    """What to notice: the interview predicts, the CV does not (computed)."""
    frame = validity_frame().set_index(["predictor", "outcome"])
    interview = frame.loc[("Interview score", "QA total")]
    cv = frame.loc[("CV experience score", "QA total")]
    clear = interview["ci_low"] > 0
    return callout("What to notice", [
        f"The structured interview's score correlates {_number(interview['r'])} with the "
        f"hires' later QA (95% interval {_number(interview['ci_low'])} to "
        f"{_number(interview['ci_high'])}, {int(interview['n'])} hires): "
        + ("it predicts who serves customers well. " if clear else
           "too few hires to be sure. ")
        + f"Years of experience on the CV correlate {_number(cv['r'])} "
        f"({_number(cv['ci_low'])} to {_number(cv['ci_high'])}): "
        + ("no better than chance." if cv["ci_low"] <= 0 <= cv["ci_high"] else
           "a relation, but check it against the interview's."),
        cv_fairness_sentence(cv_predicts=not cv["ci_low"] <= 0 <= cv["ci_high"])])


def cv_fairness_sentence(cv_predicts: bool = False) -> str:
    """What weighting the CV's experience does to the four-fifths screen (computed)."""
    interview = dict.fromkeys(analysis.COMPETENCIES, 1.0)
    for weight in analysis.CV_WEIGHTS:
        rates = _rates_frame({**interview, analysis.CV_EXPERIENCE: weight}, START_CUT_OFF)
        if rates["selected"].sum() and not rates["four_fifths_ok"].all():
            low = rates.loc[rates["rate"].idxmin()]
            return (f"Experience favours older applicants: give the CV a weight of {weight:g} "
                    f"in the explorer and the {low['group']} group's selection rate falls to "
                    f"{low['ratio_to_highest']:.2f} of the other's, below four-fifths"
                    + ("." if cv_predicts else ", without picking agents who serve customers "
                       "better."))
    return ("Even a heavy weight on the CV's experience keeps both age groups above "
            "four-fifths here; check it on every recruitment round.")


# ------------------------------------------------------------ 3. training needs
ITEM_NAMES = {item: item.replace("_", " ").capitalize() for item in analysis.QA_ITEMS}


def qa_heatmap() -> Any:
    """Heatmap: each agent's mean score on each QA item (agents with the lowest average at
    the top), with the scores written in the cells."""
    gaps = analysis.qa_gaps(tables()["qa"], tables()["agents"])
    items = list(analysis.QA_ITEMS)
    gaps = gaps.assign(mean=gaps[items].mean(axis=1)).sort_values("mean", ascending=False)
    labels = [_agent_label(a, t) for a, t in zip(gaps.index, gaps["team"], strict=True)]
    fig = go.Figure(go.Heatmap(
        z=gaps[items].to_numpy(), x=[ITEM_NAMES[i] for i in items], y=labels, zmin=1, zmax=5,
        colorscale="Blues", texttemplate="%{z:.1f}", textfont={"size": 10},
        colorbar={"title": "Mean score (1–5)"},
        hovertemplate="%{y}, %{x}: %{z:.1f}<extra></extra>"))
    style(fig, title="QA scores by agent and item (lowest averages at the top)",
          x="QA item", y="Agent", height=min(2000, max(400, 20 * len(labels) + 160)),
          legend=False)
    fig.update_yaxes(tickmode="array", tickvals=labels, ticktext=labels, tickfont={"size": 11})
    return static(fig)


def theme_heatmap() -> Any:
    """Heatmap: what dissatisfied customers comment on, as a share of each team's comments
    from them (%), with the shares written."""
    shares = analysis.theme_gaps(tables()["contacts"], negative_only=True)
    fig = go.Figure(go.Heatmap(
        z=shares.to_numpy(), x=list(shares.columns), y=list(shares.index), colorscale="Oranges",
        texttemplate="%{z:.0f}%", colorbar={"title": "Share (%)"},
        hovertemplate="%{y}, %{x}: %{z:.1f}% of comments<extra></extra>"))
    style(fig, title="What dissatisfied customers comment on, team by team", x="Comment theme",
          y="Team",
          height=max(360, 40 * len(shares) + 200), legend=False)
    return static(fig)


#: comment themes about what agents themselves do (not prices, systems or policy)
AGENT_THEMES = ("staff attitude", "resolution", "repeat contact")


def theme_notice() -> Any:
    """What to notice in the themes: which team's dissatisfied customers most often mention
    what agents control (computed)."""
    shares = analysis.theme_gaps(tables()["contacts"], negative_only=True)
    points = []
    for theme in AGENT_THEMES:
        if theme in shares.columns:
            column = shares[theme]
            points.append(f"{theme}: {column.idxmax()} {column.max():.0f}% against "
                          f"{column.min():.0f}% in {column.idxmin()}")
    agent_share = float(shares[[t for t in AGENT_THEMES if t in shares.columns]].sum(
        axis=1).mean())
    return callout("What to notice", [
        f"About {agent_share:.0f}% of dissatisfied customers' comments are about what agents "
        f"themselves do ({', '.join(AGENT_THEMES)}); the rest are about "
        f"{', '.join(c for c in shares.columns if c not in AGENT_THEMES)}. The agents' "
        "themes differ from team to team, and point to where coaching could start:"],
        points=points)


def training_needs_frame() -> pd.DataFrame:
    """QA items ranked by the gap in customers' satisfaction between the agents who score
    lowest and highest on them."""
    data = tables()
    return analysis.training_needs(data["qa"], data["contacts"], data["agents"])


def training_needs_table() -> Table:
    """Training needs ranked by their effect on customers."""
    frame = training_needs_frame()
    return table(frame, {"need": "Need (QA item)", "agents": ("Agents in the bottom third",
                                                               "count"),
                         "bottom_mean": ("Their mean score", "number"),
                         "top_mean": ("Top third's mean", "number"),
                         "csat_bottom": ("Satisfied, bottom third (%)", "percent"),
                         "csat_top": ("Satisfied, top third (%)", "percent"),
                         "csat_gap_points": ("Gap (points)", "number")},
                 caption="Training needs, ranked by their effect on customers",
                 row_heading="need",
                 notes=["Satisfied: share of surveyed customers scoring 4 or 5 out of 5, on "
                        "contacts the agents handled. The gap is what customers notice; the "
                        "agents listed in the needs table of the people plan are the bottom "
                        "third on each item."])


def learning_curve_frame() -> pd.DataFrame:
    """Handle time by months of service."""
    return analysis.learning_curve(tables()["contacts"], tables()["agents"]).rename(
        columns={"handle_min": "aht_min"}).assign(
        aht_s=lambda f: f["aht_min"] * 60)


def learning_curve_chart() -> Any:
    """Bar chart: average handle time by months of service, values written on the bars."""
    frame = learning_curve_frame()
    fig = go.Figure(go.Bar(x=frame["band"], y=frame["aht_min"], marker_color=PALETTE["blue"],
                           text=[f"{v:.1f} min" for v in frame["aht_min"]],
                           textposition="outside", name="Average handle time",
                           hovertemplate="%{x}: %{y:.1f} minutes<extra></extra>"))
    style(fig, title="New starters' learning curve: average handle time by months of service",
          x="Months of service at the time of the contact", y="Average handle time (minutes)",
          legend=False)
    fig.update_yaxes(range=[0, float(frame["aht_min"].max()) * 1.2])
    return static(fig)


learning_curve_check = NumericAnswer(
    "05-learning-curve",
    "From the learning-curve chart: how many times as long does an agent in their first "
    "month take per contact as an agent of 12 months or more? Two decimal places.",
    expected=lambda: round(float(learning_curve_frame()["aht_s"].iloc[0]
                                 / learning_curve_frame()["aht_s"].iloc[-1]), 2),
    tolerance=0.02, units="times", decimals=2,
    hint_low="Divide the first bar by the last, not the other way round.",
    hint_high="Use the first bar (0–1 months) and the last (12+ months).",
    criteria=["4.2"],
    explanation="New starters need planning (more agents per call) and support (a buddy, "
                "nesting) for their first months; the gap closing is itself a training "
                "outcome to measure.")


# ------------------------------------------------------------ 4. coaching
@lru_cache(maxsize=2)
def _reality_figures(key: str) -> dict[str, pd.DataFrame]:
    """Each agent's and each team's QA items, share of satisfied customers and phone handle
    time, computed once per organisation (so switching agent in the GROW plan is instant)."""
    data = tables()
    gaps = analysis.qa_gaps(data["qa"], data["agents"])
    items = list(analysis.QA_ITEMS)
    handled = data["contacts"][data["contacts"]["answered"].astype(bool)]
    surveyed = handled["csat"].notna()
    satisfied = (handled["csat"].astype(float) >= 4).where(surveyed)
    phone_minutes = (handled["handle_s"] / 60).where(handled["channel"] == "phone")
    frame = pd.DataFrame({"agent_id": handled["agent_id"], "team": handled["team"],
                          "satisfied": satisfied * 100, "aht": phone_minutes})
    return {"agents": gaps, "teams": gaps.groupby("team")[items].mean(),
            "agent_customers": frame.groupby("agent_id")[["satisfied", "aht"]].mean(),
            "team_customers": frame.groupby("team")[["satisfied", "aht"]].mean()}


def _reality(agent_id: str) -> Table:
    """An agent's Reality for GROW: their QA items, satisfied customers and handle time,
    beside their team's."""
    figures = _reality_figures(_key())
    gaps = figures["agents"]
    if agent_id not in gaps.index:
        raise ValueError(f"Agent {agent_id} has no QA evaluations in this period: choose "
                         "another agent.")
    team = gaps.loc[agent_id, "team"]
    own = figures["agent_customers"].reindex([agent_id]).iloc[0]
    theirs = figures["team_customers"].reindex([team]).iloc[0]
    rows = [(f"QA: {ITEM_NAMES[i].lower()} (1–5)", gaps.loc[agent_id, i],
             figures["teams"].loc[team, i], "number") for i in analysis.QA_ITEMS]
    rows += [("Customers satisfied (%)", own["satisfied"], theirs["satisfied"], "percent"),
             ("Phone handle time (minutes)", own["aht"], theirs["aht"], "number")]
    frame = pd.DataFrame(rows, columns=["measure", "agent", "team", "kind"])
    frame["gap"] = frame["agent"] - frame["team"]
    shown = frame.assign(agent_text=[format_value(v, k) for v, k in
                                     zip(frame["agent"], frame["kind"], strict=True)],
                         team_text=[format_value(v, k) for v, k in
                                    zip(frame["team"], frame["kind"], strict=True)])
    return table(shown, {"measure": "Measure", "agent_text": (agent_id, "text"),
                         "team_text": (str(team), "text"), "gap": ("Difference", "number")},
                 caption=f"Reality for {agent_id}: their figures this period beside their "
                         "team's", row_heading="measure",
                 notes=["Difference: agent minus team. For handle time, lower is quicker, not "
                        "necessarily better."])


def _coachable_agents() -> list[tuple[str, str]]:
    """Agents with QA evaluations, lowest average first (those most likely to need
    coaching), as (label, agent_id)."""
    data = tables()
    gaps = analysis.qa_gaps(data["qa"], data["agents"])
    items = list(analysis.QA_ITEMS)
    gaps = gaps.assign(mean=gaps[items].mean(axis=1)).sort_values("mean")
    return [(f"{_agent_label(a, t)}: QA {m:.1f}", a)
            for a, t, m in zip(gaps.index, gaps["team"], gaps["mean"], strict=True)]


def grow_plan() -> GrowPlan:
    """Widget: a GROW plan for an agent, with their Reality from the data."""
    return GrowPlan(_coachable_agents(), _reality)


# ------------------------------------------------------------ 5. leading the team
def one_to_one_table() -> Table:
    """The one-to-one template: each section, what to ask and the evidence to bring."""
    frame = pd.DataFrame([{"section": s.heading, "ask": s.prompt, "evidence": s.evidence}
                          for s in team_scenarios.ONE_TO_ONE])
    return table(frame, {"section": "Section", "ask": "What to cover",
                         "evidence": "Evidence to bring"},
                 caption="A one-to-one, built from the agent's scorecard", row_heading="section")


def one_to_one() -> OneToOnePlan:
    """Widget: record a one-to-one with the agent whose QA average is lowest, their Reality
    table supporting it."""
    _, agent_id = _coachable_agents()[0]
    return OneToOnePlan(scorecard=_reality(agent_id))


def delegation_table() -> Table:
    """Team-leader tasks, the skill and will they need, and the skill/will styles."""
    frame = competencies.delegation_table()
    styles = competencies.skill_will_table()
    lines = "; ".join(f"{row.style} ({row.skill} skill, {row.will} will): {row.what_you_do}"
                      for row in styles.itertuples())
    return table(frame, {"task": "Task", "skill_needed": "Skill it needs",
                         "will_needed": "Will it needs", "develops": "Develops",
                         "risk": "Risk if it goes wrong"},
                 caption="What a team leader can delegate", row_heading="task",
                 notes=[f"How much direction to give (Landsberg's skill/will matrix): {lines}."])


def conflict_scenario() -> ConflictScenario:
    """Widget: a conflict between two agents, turn by turn."""
    return ConflictScenario()


def wellbeing_table() -> Table:
    """Wellbeing and health-and-safety duties, with their sources."""
    frame = competencies.wellbeing_table()
    return table(frame, {"duty": "Duty", "what_you_do": "What you do", "source": "Source"},
                 caption="Wellbeing and display-screen duties", row_heading="duty")


# ------------------------------------------------------------ 6. did training work?
def training_impact_frame() -> pd.DataFrame:
    """Each course's QA lift by difference-in-differences, with its 95% interval."""
    return analysis.training_impact(tables()["qa"], tables()["training"])


def before_after_frame() -> pd.DataFrame:
    """Each course's before-and-after change for its takers (the misleading comparison)."""
    return analysis.naive_before_after(tables()["qa"], tables()["training"])


def effective_course() -> str:
    """The course whose lift is largest and clearly above 0 (computed, not assumed)."""
    frame = training_impact_frame()
    clear = frame[frame["ci_low"] > 0].sort_values("lift_points", ascending=False)
    if clear.empty:
        raise ValueError("No course shows a clear QA lift in this data.")
    return str(clear["course"].iloc[0])


def best_liked_course() -> str:
    """The course with the highest mean reaction score."""
    return str(tables()["training"].groupby("course")["reaction_score"].mean().idxmax())


def kirkpatrick_table() -> Table:
    """Kirkpatrick's four levels for each course, with a one-line reading."""
    frame = analysis.kirkpatrick(tables()["training"], tables()["qa"], tables()["contacts"])
    return table(frame, {"course": "Course", "level": "Level", "measure": "Measure",
                         "reading": "What it shows"},
                 caption="Kirkpatrick's four levels, course by course", row_heading="course",
                 notes=["Levels 3 and 4 compare takers with agents who had not taken the "
                        "course over the same fortnights (difference-in-differences), with "
                        "95% intervals from re-sampling agents."])


def training_impact_chart() -> Any:
    """Each course's QA lift with its 95% interval, beside the naive before-and-after."""
    fair = training_impact_frame().set_index("course")
    naive = before_after_frame().set_index("course").reindex(fair.index)
    fig = go.Figure()
    fig.add_bar(x=list(fair.index), y=naive["change_points"], name="Before and after (misleads)",
                marker={"color": PALETTE["sky"], "pattern": {"shape": "/"}},
                hovertemplate="%{x}: %{y:+.1f} points before and after<extra></extra>")
    fig.add_bar(x=list(fair.index), y=fair["lift_points"], name="Against non-takers (fair)",
                marker_color=PALETTE["blue"],
                error_y={"type": "data", "symmetric": False,
                         "array": fair["ci_high"] - fair["lift_points"],
                         "arrayminus": fair["lift_points"] - fair["ci_low"]},
                hovertemplate="%{x}: %{y:+.1f} points against non-takers<extra></extra>")
    style(fig, title="QA points gained after each course: two ways to measure",
          x="Course", y="QA points (0–100 scale)")
    fig.update_layout(barmode="group")
    target_line(fig, 0, "No change")
    return static(fig)


def before_after_table() -> Table:
    """The naive and the fair comparison side by side."""
    fair = training_impact_frame()
    frame = before_after_frame().merge(fair, on="course")
    return table(frame, {"course": "Course", "before": ("QA before", "number"),
                         "after": ("QA after", "number"),
                         "change_points": ("Before and after (points)", "number"),
                         "lift_points": ("Against non-takers (points)", "number"),
                         "ci_low": ("95% interval from", "number"),
                         "ci_high": ("to", "number"), "n_x": ("Takers", "count")},
                 caption="Two ways to measure a course", row_heading="course")


def impact_notice() -> Any:
    """What to notice: the course that works, and what before-and-after credits wrongly."""
    fair = training_impact_frame().set_index("course")
    naive = before_after_frame().set_index("course")
    works = effective_course()
    improved = fair.index[fair["ci_low"] > 0].tolist()
    others = [c for c in fair.index if c != works]
    credited = ", ".join(f"{c} {_signed(naive.loc[c, 'change_points'])} before and after "
                         f"against {_signed(fair.loc[c, 'lift_points'])} fair" for c in others)
    liked = best_liked_course()
    lead = "Only " if improved == [works] else ""
    return callout("What to notice", [
        f"{lead}{works} clearly improved behaviour: {_signed(fair.loc[works, 'lift_points'])} "
        f"QA points against agents who had not taken it (95% interval "
        f"{_signed(fair.loc[works, 'ci_low'])} to {_signed(fair.loc[works, 'ci_high'])}).",
        f"Before and after would credit the others too ({credited}): agents improve over "
        "time anyway.",
        f"The best-liked course was {liked}: "
        + ("the same one." if liked == works else "not the one that works.")])


def _anyway_points() -> float:
    course = best_liked_course()
    naive = before_after_frame().set_index("course")
    fair = training_impact_frame().set_index("course")
    return round(float(naive.loc[course, "change_points"] - fair.loc[course, "lift_points"]), 1)


impact_check = NumericAnswer(
    "05-would-have-happened",
    "Take the best-liked course (highest reaction score). Of its takers' before-and-after QA "
    "change, how many points would have happened anyway (the before-and-after change minus "
    "the lift against non-takers)? One decimal place.",
    expected=_anyway_points, tolerance=0.15, units="points",
    hint_low="Subtract the fair lift from the before-and-after change, not the other way "
             "round.",
    hint_high="Use the best-liked course's row, in both columns of the two-ways table.",
    criteria=["4.4"],
    explanation="That part came from time, experience and everything else that changed: a "
                "before-and-after figure would have credited it to the course.")

reaction_answer = WrittenAnswer(
    "05-reaction",
    "Agents rated one course highest of all. Your manager wants to send everyone on it again. "
    "What do you say, and what evidence would you look at first?",
    key_points={"liking is not evidence": ["liked", "reaction", "rating", "feedback",
                                           "enjoy", "popular", "level 1"],
                "check behaviour or results": ["qa", "behaviour", "results", "csat",
                                               "fcr", "level 3", "level 4", "non-takers",
                                               "compare", "lift", "outcome"]},
    model_answer="I would not decide on the rating: liking a course (Kirkpatrick level 1) "
                 "does not show it works. First I would check whether takers' QA scores "
                 "changed against agents who had not taken it (level 3), and whether their "
                 "customers' CSAT or FCR changed (level 4).",
    criteria=["4.4"],
    explanation="Reaction tells you whether people liked it; only behaviour and results tell "
                "you whether it was worth the time.")


# ------------------------------------------------------------ 7. the people plan
class PeoplePlan(ArtefactForm):
    """The people plan: recruitment criteria, training needs, a coaching plan, and how
    impact will be measured at each Kirkpatrick level."""

    PARTS = (
        ArtefactPart("recruitment", "Recruitment criteria", "Which competencies you will "
                     "interview for, how you will score them, and how you will check fairness",
                     ["4.1"], required=True),
        ArtefactPart("needs", "Top training needs, with evidence", "Need, who, evidence, "
                     "intended outcome and measure, for your top two or three needs",
                     ["4.2"], required=True),
        ArtefactPart("coaching", "One coaching plan", "Who, the goal, what the data shows, the "
                     "options and what they will do by when (GROW)", ["4.3"], required=True),
        ArtefactPart("impact", "How you will measure impact", "For one course: reaction, "
                     "learning, behaviour and results, each with its measure and a comparison "
                     "group", ["4.4"], required=True),
    )
    TITLE = "People plan"
    ACTIVITY = "05-people-plan"
    NOTEBOOK = NOTEBOOK
    SAVE_LABEL = "Save my people plan to the portfolio"
    MISSING_MESSAGE = ("A people plan links each decision to evidence. Write at least a few "
                       "sentences for: {missing}; then save again.")

    def table(self) -> pd.DataFrame:
        """The training needs table as a reader sees it, for the portfolio."""
        return training_needs_table().to_frame()

    def supporting(self) -> dict:
        """The training needs, and the training-impact chart and table."""
        return {"table": self.table(), "figure": training_impact_chart().figure,
                "support_text": supporting_text()}

    def static_html(self) -> str:
        return ("<p><b>Your plan will carry:</b></p>" + training_needs_table().to_html()
                + before_after_table().to_html())


def supporting_text() -> str:
    """The plan's supporting figures as plain text (computed)."""
    fair = training_impact_frame()
    lines = ["Training impact, QA points against non-takers (4.4):"]
    lines += [f"- {row.course}: {_signed(row.lift_points)} (95% interval "
              f"{_signed(row.ci_low)} to {_signed(row.ci_high)}; {row.n} takers)"
              for row in fair.itertuples()]
    valid = validity_frame()
    lines.append("Interview validity (4.1):")
    lines += [f"- {row.predictor} with {row.outcome}: r = {_number(row.r)} "
              f"({_number(row.ci_low)} to {_number(row.ci_high)}, {row.n} hires)"
              for row in valid.itertuples()]
    return "\n".join(lines)


def people_plan() -> PeoplePlan:
    """Widget: the people plan artefact."""
    return PeoplePlan()


def reflection() -> ReflectionBox:
    """Reflection: training and its outcomes."""
    return ReflectionBox(
        "05-reflection",
        "Think of a training course you or your team took. What changed afterwards in how "
        "people worked and in what customers got, and how do you know? What would you measure "
        "next time, and against whom?",
        criteria=["4.2", "4.4"], title="Did the training work?", notebook=NOTEBOOK)
