"""People: recruit against competencies, find training needs, and show whether training worked.

Plain pandas and numpy; every function takes tables and numbers and returns a table or a
number. Missing columns raise a ``ValueError`` (a :class:`~csmlib.data.schema.SchemaError`)
naming the table and column.

Recruitment (criterion 4.1)
---------------------------
* :func:`interview_score` and :func:`shortlist`: two interviewers score each applicant 1–5
  on each competency in ``COMPETENCIES`` against behaviourally anchored scales; the
  applicant's score is the weighted mean of the two interviewers' average per competency.
* :func:`selection_rates`: the share of each group selected and the four-fifths rule.
* :func:`interviewer_agreement`: how closely the two interviewers agree (exact, within one
  point, and the quadratic weighted kappa).
* :func:`validity`: for the applicants hired, how well the interview score, and the CV
  "years of experience" score, predicted later QA and CSAT (correlations with 95% intervals).

Training needs (4.2)
--------------------
* :func:`qa_gaps` (agents × QA items), :func:`theme_gaps` (teams × comment themes),
  :func:`training_needs` (QA items ranked by their effect on customers) and
  :func:`learning_curve` (handle time by months of service).

Did training work? (4.4)
------------------------
* :func:`training_impact`: the QA points each course added, by difference-in-differences,
  with a 95% interval; :func:`naive_before_after`, the misleading comparison, for contrast;
  :func:`kirkpatrick`: the four levels (reaction, learning, behaviour, results) per course.

Example:
    >>> candidates = pd.DataFrame({"candidate_id": ["C1", "C2"], "age_band": ["under 25",
    ...     "25 and over"], **{f"interviewer_{i}_{c}": [4, 2] for i in (1, 2)
    ...     for c in COMPETENCIES}})
    >>> shortlist(candidates, {"empathy": 2, "ownership": 1}, cut_off=3)["selected"].tolist()
    [True, False]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from csmlib.analysis import checks
from csmlib.data.schema import require_columns

#: the five competencies scored at interview (``interviewer_1_<c>``, ``interviewer_2_<c>``)
COMPETENCIES: tuple[str, ...] = ("empathy", "ownership", "communication", "problem_solving",
                                 "resilience")
#: the QA form's items (``<item>_score``, 1–5), in the form's order
QA_ITEMS: tuple[str, ...] = ("greeting", "understanding_need", "accuracy", "empathy",
                             "resolution", "compliance")
#: the four-fifths rule: a group selected at under 80% of the highest group's rate is flagged
FOUR_FIFTHS = 0.8
#: 95% two-sided normal quantile
Z95 = 1.959963984540054
#: bootstrap draws (re-samples of agents) for the 95% intervals, with a fixed seed
BOOTSTRAP_DRAWS = 1000
BOOTSTRAP_SEED = 2026
#: months-of-service bands for the learning curve (lower edges; the last is open)
TENURE_BANDS: tuple[float, ...] = (0, 1, 2, 3, 6, 12)
#: a CSAT answer of 4 or 5 counts as satisfied (as in csmlib.analysis.kpis.csat)
SATISFIED = 4
#: days in one period of the calendar control in :func:`training_impact`
PERIOD_DAYS = 14


# ------------------------------------------------------------------ helpers
def _label(name: str) -> str:
    """'problem_solving' -> 'Problem solving'."""
    return name.replace("_", " ").capitalize()


def _interviewers(competency: str) -> tuple[str, str]:
    return f"interviewer_1_{competency}", f"interviewer_2_{competency}"


def _weights(weights: Any) -> dict[str, float]:
    """Checked competency weights: a mapping of known competencies to numbers ≥ 0, not all 0
    (a competency left out weighs 0)."""
    if not isinstance(weights, Mapping):
        raise ValueError("weights must be a mapping of competency to weight such as "
                         f"{{'empathy': 2, 'ownership': 1}}; got {weights!r}.")
    checked: dict[str, float] = {}
    for name, value in weights.items():
        if name not in (*COMPETENCIES, CV_EXPERIENCE):
            raise ValueError(f"weights: {name!r} is not an interview competency; they are "
                             f"{', '.join(COMPETENCIES)} (and {CV_EXPERIENCE!r}, the CV's "
                             "experience score).")
        checked[name] = checks.number(f"weights[{name!r}]", value, minimum=0, example="1")
    if not any(checked.values()):
        raise ValueError("weights must give at least one competency a weight above 0; got "
                         f"{dict(weights)!r}.")
    return checked


#: the weight key for the CV's experience score (1–5), which a shortlist may also weigh
CV_EXPERIENCE = "cv_experience"
#: The course's starting cut-off for a shortlist (notebook 05's explorer), on the 1–5 scale.
START_CUT_OFF = 3.5
#: The weights on the CV's years of experience that notebook 05 compares for fairness.
CV_WEIGHTS = (0.5, 1.0, 1.5, 2.0, 3.0)


def _first_completion(training: pd.DataFrame) -> pd.DataFrame:
    """agents × courses: when each agent first completed each course (NaT if not)."""
    require_columns(training, "training", ("agent_id", "course", "completed_at"))
    done = training.assign(completed_at=pd.to_datetime(training["completed_at"]))
    return done.groupby(["agent_id", "course"])["completed_at"].min().unstack("course")


def _fisher_interval(r: float, n: int) -> tuple[float, float]:
    """95% interval for a correlation ``r`` from ``n`` pairs (Fisher's z; needs n ≥ 4)."""
    if n < 4 or not math.isfinite(r):
        return math.nan, math.nan
    z = math.atanh(max(min(r, 0.999999), -0.999999))
    half = Z95 / math.sqrt(n - 3)
    return math.tanh(z - half), math.tanh(z + half)


def _twfe(y: np.ndarray, weight: np.ndarray, agent: np.ndarray, period: np.ndarray,
          treated: np.ndarray, draws: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Difference-in-differences with several treatments: ``y`` on the ``treated`` columns
    (1 after the agent completed each course), each agent compared with themselves (agent
    effects) and everyone with the same calendar period (period effects), weighted by
    ``weight``. Returns the estimates (one per treated column) and a ``draws`` × columns
    array of bootstrap estimates, re-sampling agents with replacement.

    Re-sampling an agent k times is the same as giving their rows weight k (their own mean
    does not change), so each draw is one small weighted least-squares solve.
    """
    agents, agent_code = np.unique(agent, return_inverse=True)
    periods = np.unique(period, return_inverse=True)[1]
    dummies = np.eye(periods.max() + 1)[periods][:, 1:]
    x = np.column_stack([treated.astype(float), dummies])

    def demean(values: np.ndarray) -> np.ndarray:
        total = np.zeros((len(agents),) + values.shape[1:])
        np.add.at(total, agent_code, values * (weight[:, None] if values.ndim > 1 else weight))
        size = np.bincount(agent_code, weights=weight, minlength=len(agents))
        size = np.where(size > 0, size, 1.0)
        means = total / (size[:, None] if values.ndim > 1 else size)
        return values - means[agent_code]

    xd, yd = demean(x), demean(y)
    k = treated.shape[1]
    # each agent's share of X'WX and X'Wy: a draw's totals are these times its multiplicities
    per_xx = np.zeros((len(agents), xd.shape[1], xd.shape[1]))
    np.add.at(per_xx, agent_code, weight[:, None, None] * xd[:, :, None] * xd[:, None, :])
    per_xy = np.zeros((len(agents), xd.shape[1]))
    np.add.at(per_xy, agent_code, (weight * yd)[:, None] * xd)
    estimate = _solve(per_xx.sum(axis=0)[None], per_xy.sum(axis=0)[None])[0, :k]
    rng = np.random.default_rng(seed)
    picks = rng.multinomial(len(agents), np.full(len(agents), 1 / len(agents)),
                            size=draws).astype(float)
    boot_xx = np.einsum("ba,akl->bkl", picks, per_xx)
    boot = _solve(boot_xx, np.einsum("ba,ak->bk", picks, per_xy))[:, :k]
    # a course nobody was seen both before and after (in the data, or in a re-sample that
    # left out all its takers) has no estimate
    spread = np.einsum("bkk->bk", boot_xx)[:, :k]
    boot[spread < 1e-9] = np.nan
    estimate[np.einsum("n,nk->k", weight, xd[:, :k] ** 2) < 1e-9] = np.nan
    return estimate, boot


def _solve(xtx: np.ndarray, xty: np.ndarray) -> np.ndarray:
    """Solve a stack of small normal equations; a column with no data (a period nobody in a
    re-sample was seen in) gets a tiny ridge so the others are still estimated."""
    ridge = 1e-9 * np.maximum(np.einsum("bkk->b", xtx), 1.0)
    eye = np.eye(xtx.shape[1])[None]
    return np.linalg.solve(xtx + ridge[:, None, None] * eye, xty[..., None])[..., 0]


def _periods(stamps: pd.Series, origin: pd.Timestamp) -> np.ndarray:
    return ((stamps - origin).dt.days // PERIOD_DAYS).to_numpy()


# ------------------------------------------------------------------ recruitment
def interview_score(candidates: pd.DataFrame, weights: Mapping[str, float]) -> pd.Series:
    """Each applicant's interview score (1–5): for each competency the mean of the two
    interviewers' scores, then the weighted mean over competencies (``weights`` ≥ 0, not all
    0; a competency left out weighs 0). ``weights`` may also weigh the CV's experience score
    (key :data:`CV_EXPERIENCE`), to show what that does to validity and fairness.

    Example:
        >>> frame = pd.DataFrame({"interviewer_1_empathy": [4, 2], "interviewer_2_empathy": [5, 2],
        ...                       "interviewer_1_ownership": [3, 4],
        ...                       "interviewer_2_ownership": [3, 4]})
        >>> interview_score(frame, {"empathy": 3, "ownership": 1}).tolist()
        [4.125, 2.5]
    """
    checked = _weights(weights)
    used = [c for c, w in checked.items() if w > 0 and c != CV_EXPERIENCE]
    require_columns(candidates, "candidates", [col for c in used for col in _interviewers(c)]
                    + (["cv_experience_score"] if checked.get(CV_EXPERIENCE) else []))
    total = np.zeros(len(candidates))
    for competency in used:
        first, second = _interviewers(competency)
        mean = (candidates[first].to_numpy(float) + candidates[second].to_numpy(float)) / 2
        total += checked[competency] * mean
    if checked.get(CV_EXPERIENCE):
        total += checked[CV_EXPERIENCE] * candidates["cv_experience_score"].to_numpy(float)
    return pd.Series(total / sum(checked.values()), index=candidates.index,
                     name="interview_score")


def shortlist(candidates: pd.DataFrame, weights: Mapping[str, float], cut_off: float,
              keep: Sequence[str] = ("age_band",)) -> pd.DataFrame:
    """Who would be selected: ``candidate_id``, ``score`` (:func:`interview_score`) and
    ``selected`` (score at or above ``cut_off``, 1–5), highest score first, with the columns
    in ``keep`` that the candidates table has (the group for :func:`selection_rates`).

    Example:
        >>> frame = pd.DataFrame({"candidate_id": ["C1", "C2", "C3"], "age_band": ["a", "b", "b"],
        ...                       "interviewer_1_empathy": [4, 2, 3],
        ...                       "interviewer_2_empathy": [4, 3, 3]})
        >>> shortlist(frame, {"empathy": 1}, cut_off=3)
          candidate_id  score  selected age_band
        0           C1    4.0      True        a
        1           C3    3.0      True        b
        2           C2    2.5     False        b
    """
    cut_off = checks.number("cut_off", cut_off, minimum=1, maximum=5, example="3.5")
    require_columns(candidates, "candidates", ["candidate_id"])
    score = interview_score(candidates, weights)
    out = pd.DataFrame({"candidate_id": candidates["candidate_id"].to_numpy(),
                        "score": score.to_numpy(), "selected": score.to_numpy() >= cut_off})
    for name in keep:
        if name in candidates.columns:
            out[name] = candidates[name].to_numpy()
    order = np.argsort(-out["score"].to_numpy(), kind="stable")
    return out.iloc[order].reset_index(drop=True)


def selection_rates(selected_frame: pd.DataFrame, group_column: str = "age_band"
                    ) -> pd.DataFrame:
    """The share of each group selected, and the four-fifths rule.

    Columns: ``group``, ``applicants``, ``selected``, ``rate`` (per cent selected),
    ``ratio_to_highest`` (the group's rate ÷ the highest group's rate) and
    ``four_fifths_ok`` (the ratio is at least 0.8; empty when nobody was selected).

    **The four-fifths rule.** A group selected at less than four-fifths (80%) of the rate of
    the group selected most often is a sign of *adverse impact* worth investigating. It
    comes from the US Uniform Guidelines on Employee Selection Procedures (EEOC and other
    federal agencies, 1978). It is a rule of thumb, not a legal test, and with small numbers
    one or two decisions can move it either way. In the UK the law is the Equality Act 2010:
    section 19 (indirect discrimination) makes a criterion unlawful if it puts people who
    share a protected characteristic, such as age, at a particular disadvantage and cannot
    be shown to be a proportionate means of achieving a legitimate aim. The four-fifths
    ratio is a useful *screen* for that disadvantage; it neither proves nor rules out
    discrimination.

    Example:
        >>> picked = pd.DataFrame({"age_band": ["under 25"] * 4 + ["25 and over"] * 4,
        ...                        "selected": [True, False, False, False,
        ...                                     True, True, False, False]})
        >>> selection_rates(picked)[["group", "rate", "ratio_to_highest", "four_fifths_ok"]]
                 group  rate  ratio_to_highest four_fifths_ok
        0  25 and over  50.0               1.0           True
        1     under 25  25.0               0.5          False
    """
    checks.text("group_column", group_column, example="age_band")
    require_columns(selected_frame, "shortlist", [group_column, "selected"])
    chosen = selected_frame["selected"].astype(bool).to_numpy()
    groups = selected_frame[group_column].astype(str).to_numpy()
    names, code = np.unique(groups, return_inverse=True)
    applicants = np.bincount(code, minlength=len(names))
    selected = np.bincount(code, weights=chosen, minlength=len(names)).astype(int)
    rate = 100 * selected / np.maximum(applicants, 1)
    highest = rate.max() if len(rate) else 0.0
    ratio = rate / highest if highest > 0 else np.full(len(rate), np.nan)
    ok = pd.array([None if math.isnan(r) else bool(r >= FOUR_FIFTHS - 1e-12) for r in ratio],
                  dtype="boolean")
    return pd.DataFrame({"group": names, "applicants": applicants, "selected": selected,
                         "rate": rate, "ratio_to_highest": ratio, "four_fifths_ok": ok})


def _agreement_row(first: np.ndarray, second: np.ndarray) -> tuple[float, float, float, int]:
    keep = ~(np.isnan(first) | np.isnan(second))
    first, second = first[keep], second[keep]
    n = len(first)
    if n == 0:
        return math.nan, math.nan, math.nan, 0
    gap = first - second
    exact = 100 * float(np.mean(np.abs(gap) < 1e-9))
    within = 100 * float(np.mean(np.abs(gap) <= 1 + 1e-9))
    chance = first.var() + second.var() + (first.mean() - second.mean()) ** 2
    kappa = 1 - float(np.mean(gap ** 2)) / chance if chance > 0 else math.nan
    return exact, within, kappa, n


def interviewer_agreement(candidates: pd.DataFrame) -> pd.DataFrame:
    """How closely the two interviewers agree, per competency and overall.

    Columns: ``competency`` (plain words; the last row is "All competencies", every pair of
    scores pooled), ``exact_pct`` (same score), ``within_one_pct`` (at most one point
    apart), ``weighted_kappa`` and ``n`` (applicants).

    **Weighted kappa, simply.** Two interviewers who each give most people a 3 or 4 will
    often agree by luck. Kappa compares how far apart their scores are with how far apart
    they would be by chance (if each kept their own habits but scored without regard to
    the applicant): 1 is perfect agreement, 0 is no better than chance. *Quadratic
    weighting* counts a disagreement by the square of its size: 1 point apart costs 1, 2
    points apart cost 4, so near-misses matter little and big differences a lot. It is
    Cohen's weighted kappa (1968) with quadratic weights: κ = 1 − mean of (score 1 −
    score 2)² ÷ the same mean expected by chance. A common rule of thumb (Landis and Koch,
    1977) reads 0.61–0.80 as substantial and above 0.80 as almost perfect agreement.

    Example:
        >>> frame = pd.DataFrame({f"interviewer_{i}_{c}": [1, 2, 3, 4, 5] if i == 1
        ...                       else [1, 2, 3, 5, 5] for i in (1, 2) for c in COMPETENCIES})
        >>> row = interviewer_agreement(frame).iloc[-1]
        >>> row["competency"], float(row["exact_pct"]), float(row["within_one_pct"])
        ('All competencies', 80.0, 100.0)
        >>> round(float(row["weighted_kappa"]), 2)
        0.96
    """
    require_columns(candidates, "candidates",
                    [col for c in COMPETENCIES for col in _interviewers(c)])
    rows, pooled_1, pooled_2 = [], [], []
    for competency in COMPETENCIES:
        first, second = (candidates[col].to_numpy(float) for col in _interviewers(competency))
        pooled_1.append(first)
        pooled_2.append(second)
        rows.append((_label(competency), *_agreement_row(first, second)))
    rows.append(("All competencies",
                 *_agreement_row(np.concatenate(pooled_1), np.concatenate(pooled_2))))
    out = pd.DataFrame(rows, columns=["competency", "exact_pct", "within_one_pct",
                                      "weighted_kappa", "n"])
    out.loc[out.index[-1], "n"] = len(candidates)
    return out


def _agent_outcomes(agents: pd.DataFrame, qa_evaluations: pd.DataFrame,
                    contacts: pd.DataFrame, min_surveys: int) -> pd.DataFrame:
    require_columns(agents, "agents", ["agent_id"])
    require_columns(qa_evaluations, "qa_evaluations", ["agent_id", "total_score"])
    require_columns(contacts, "contacts", ["agent_id", "csat"])
    qa = qa_evaluations.groupby("agent_id")["total_score"].mean()
    surveyed = contacts.loc[contacts["csat"].notna() & contacts["agent_id"].notna(),
                            ["agent_id", "csat"]]
    csat = surveyed.groupby("agent_id")["csat"].agg(["mean", "size"])
    csat_mean = csat.loc[csat["size"] >= min_surveys, "mean"].astype(float)
    return pd.DataFrame({"qa": qa, "csat": csat_mean}).reindex(agents["agent_id"].unique())


def validity(candidates: pd.DataFrame, agents: pd.DataFrame, qa_evaluations: pd.DataFrame,
             contacts: pd.DataFrame, weights: Mapping[str, float] | None = None,
             min_surveys: int = 10) -> pd.DataFrame:
    """How well each selection measure predicted later performance, for the applicants hired.

    One row per predictor ("Interview score" with ``weights``, all competencies equal by
    default; "CV experience score") and outcome ("QA total": the agent's mean QA total
    score, 0–100; "CSAT": the mean 1–5 score of the agent's surveyed contacts, for agents
    with at least ``min_surveys``): ``r`` (Pearson correlation), ``ci_low``/``ci_high`` (95%,
    Fisher's z: z = atanh r, ± 1.96 ÷ √(n − 3), turned back with tanh) and ``n`` (hires
    with both). Hires are candidates with ``hired`` true whose ``agent_id`` is in ``agents``.

    Read with care: only the people hired can be followed up, and they were chosen for high
    interview scores, so the range is narrowed and the correlation understates how well the
    interview sorts the whole pool (range restriction).

    Example:
        >>> cands = pd.DataFrame({"candidate_id": list("abcdef"), "hired": [True] * 6,
        ...     "agent_id": ["A1", "A2", "A3", "A4", "A5", "A6"],
        ...     "cv_experience_score": [3, 1, 4, 2, 5, 3],
        ...     **{f"interviewer_{i}_{c}": [2, 3, 3, 4, 4, 5] for i in (1, 2)
        ...        for c in COMPETENCIES}})
        >>> agents = pd.DataFrame({"agent_id": ["A1", "A2", "A3", "A4", "A5", "A6"]})
        >>> qa = pd.DataFrame({"agent_id": ["A1", "A2", "A3", "A4", "A5", "A6"],
        ...                    "total_score": [50, 55, 60, 70, 72, 80]})
        >>> contacts = pd.DataFrame({"agent_id": ["A1"], "csat": [4]})
        >>> table = validity(cands, agents, qa, contacts)
        >>> first = table.iloc[0]
        >>> first["predictor"], first["outcome"], int(first["n"]), round(float(first["r"]), 2)
        ('Interview score', 'QA total', 6, 0.98)
    """
    require_columns(candidates, "candidates", ["hired", "agent_id", "cv_experience_score"])
    weights = weights if weights is not None else {c: 1.0 for c in COMPETENCIES}
    hired = candidates[candidates["hired"].astype(bool) & candidates["agent_id"].notna()
                       & (candidates["agent_id"].astype(str) != "")]
    outcomes = _agent_outcomes(agents, qa_evaluations, contacts, int(min_surveys))
    joined = pd.DataFrame({
        "Interview score": interview_score(hired, weights).to_numpy(),
        "CV experience score": hired["cv_experience_score"].to_numpy(float),
    }, index=hired["agent_id"].to_numpy()).join(outcomes, how="inner")
    rows = []
    for predictor in ("Interview score", "CV experience score"):
        for outcome, column in (("QA total", "qa"), ("CSAT", "csat")):
            pair = joined[[predictor, column]].dropna()
            n = len(pair)
            r = (float(np.corrcoef(pair[predictor], pair[column])[0, 1])
                 if n >= 3 and pair[predictor].std() > 0 and pair[column].std() > 0
                 else math.nan)
            rows.append((predictor, outcome, r, *_fisher_interval(r, n), n))
    return pd.DataFrame(rows, columns=["predictor", "outcome", "r", "ci_low", "ci_high", "n"])


# ------------------------------------------------------------------ training needs
def qa_gaps(qa_evaluations: pd.DataFrame, agents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each agent's mean score (1–5) on each QA item: one row per agent, one column per item
    in ``QA_ITEMS`` (use ``frame[list(QA_ITEMS)]`` for a heatmap), plus ``evaluations``.
    With ``agents``, only agents still in post (empty ``left_on``) are kept, a ``team``
    column is added and rows are ordered by team then agent.

    Example:
        >>> qa = pd.DataFrame({"agent_id": ["A1", "A1", "A2"],
        ...                    **{f"{q}_score": [4, 2, 5] for q in QA_ITEMS}})
        >>> qa_gaps(qa)[["greeting", "evaluations"]]
                  greeting  evaluations
        agent_id
        A1             3.0            2
        A2             5.0            1
    """
    columns = [f"{q}_score" for q in QA_ITEMS]
    require_columns(qa_evaluations, "qa_evaluations", ["agent_id", *columns])
    grouped = qa_evaluations.groupby("agent_id")
    out = grouped[columns].mean()
    out.columns = list(QA_ITEMS)
    out["evaluations"] = grouped.size()
    if agents is not None:
        require_columns(agents, "agents", ["agent_id", "team"])
        current = agents
        if "left_on" in agents.columns:
            current = agents[agents["left_on"].isna()]
        team = current.set_index("agent_id")["team"]
        out = out[out.index.isin(team.index)]
        out.insert(0, "team", team.reindex(out.index))
        out = out.reset_index().sort_values(["team", "agent_id"]).set_index("agent_id")
    return out


def theme_gaps(contacts: pd.DataFrame, negative_only: bool = False,
               against_centre: bool = False) -> pd.DataFrame:
    """What each team's customers comment on: teams × comment themes, each cell the per cent
    of the team's comments on that theme (each row adds up to 100). ``negative_only`` keeps
    comments from dissatisfied customers (CSAT 1 or 2); ``against_centre`` gives each cell in
    percentage points above (+) or below (−) the whole centre's share, to spot a team's gap.

    Example:
        >>> c = pd.DataFrame({"team": ["T1", "T1", "T2", "T2"], "csat": [1, 5, 2, 2],
        ...                   "comment_theme": ["waiting time", "praise", "waiting time",
        ...                                     "billing"]})
        >>> theme_gaps(c)
        comment_theme  billing  praise  waiting time
        team
        T1                 0.0    50.0          50.0
        T2                50.0     0.0          50.0
        >>> theme_gaps(c, against_centre=True).loc["T1"].tolist()
        [-25.0, 25.0, 0.0]
    """
    columns = ["team", "comment_theme"] + (["csat"] if negative_only else [])
    require_columns(contacts, "contacts", columns)
    has = contacts["comment_theme"].notna() & (contacts["comment_theme"].astype(str) != "")
    has &= contacts["team"].notna() & (contacts["team"].astype(str) != "")
    if negative_only:
        has &= contacts["csat"].notna() & (contacts["csat"].fillna(5) <= 2)
    chosen = contacts.loc[has, ["team", "comment_theme"]].astype(str)
    counts = pd.crosstab(chosen["team"], chosen["comment_theme"])
    shares = 100 * counts.div(counts.sum(axis=1), axis=0)
    if against_centre and len(counts):
        centre = 100 * counts.sum(axis=0) / counts.to_numpy().sum()
        shares = shares - centre
    return shares.astype(float)


def _thirds(values: pd.Series) -> pd.Series:
    """'bottom', 'middle' or 'top' third of each value (ties broken by order)."""
    rank = values.rank(method="first", pct=True)
    return pd.Series(np.where(rank <= 1 / 3, "bottom", np.where(rank > 2 / 3, "top",
                                                                   "middle")),
                     index=values.index)


def training_needs(qa_evaluations: pd.DataFrame, contacts: pd.DataFrame,
                   agents: pd.DataFrame | None = None, min_evaluations: int = 2
                   ) -> pd.DataFrame:
    """QA items ranked by their effect on customers: the training needs worth most.

    For each QA item, agents (with at least ``min_evaluations`` evaluations; still in post
    if ``agents`` is given) are split into thirds by their mean score on it. The *effect on
    customers* is the CSAT (per cent satisfied, 4–5 of 5) of the top third's contacts minus
    the bottom third's: the satisfaction a customer gains when handled by an agent strong on
    that item. Also the same gap in first-contact resolution (when the contacts table has
    ``resolved_first_contact``). It is an association, not proof: the same agents may be
    better at other things too (and newer agents score lower on most items).

    Columns: ``need`` (the item in words), ``item``, ``who`` (the bottom third's agent
    ids), ``agents`` (how many), ``bottom_mean``/``top_mean`` (mean item score, 1–5),
    ``csat_bottom``/``csat_top`` (%), ``csat_gap_points``, ``fcr_gap_points``,
    ``evidence`` (one line), ranked by ``csat_gap_points``, largest first.

    Example:
        >>> qa = pd.DataFrame({"agent_id": ["A1", "A2", "A3"] * 2,
        ...                    **{f"{q}_score": [2, 3, 5] * 2 for q in QA_ITEMS}})
        >>> contacts = pd.DataFrame({"agent_id": ["A1", "A2", "A3"] * 4,
        ...                          "csat": [2, 4, 5] * 4})
        >>> needs = training_needs(qa, contacts)
        >>> needs.loc[0, "item"], needs.loc[0, "who"], float(needs.loc[0, "csat_gap_points"])
        ('greeting', 'A1', 100.0)
    """
    columns = [f"{q}_score" for q in QA_ITEMS]
    require_columns(qa_evaluations, "qa_evaluations", ["agent_id", *columns])
    require_columns(contacts, "contacts", ["agent_id", "csat"])
    means = qa_evaluations.groupby("agent_id")[columns].mean()
    size = qa_evaluations.groupby("agent_id").size()
    means = means[size.reindex(means.index) >= int(min_evaluations)]
    if agents is not None:
        require_columns(agents, "agents", ["agent_id"])
        current = agents[agents["left_on"].isna()] if "left_on" in agents else agents
        means = means[means.index.isin(current["agent_id"])]
    handled = contacts[contacts["agent_id"].notna()]
    surveyed = handled[handled["csat"].notna()]
    happy = (surveyed["csat"].astype(float) >= SATISFIED).groupby(surveyed["agent_id"]).agg(
        ["sum", "size"])
    has_fcr = "resolved_first_contact" in handled.columns
    fcr = (handled["resolved_first_contact"].astype(float).groupby(handled["agent_id"])
           .agg(["sum", "size"]) if has_fcr else None)

    def pooled(counts: pd.DataFrame | None, ids: pd.Index) -> float:
        if counts is None:
            return math.nan
        part = counts.reindex(ids).dropna()
        total = part["size"].sum()
        return 100 * float(part["sum"].sum() / total) if total else math.nan

    rows = []
    for item, column in zip(QA_ITEMS, columns, strict=True):
        third = _thirds(means[column])
        bottom, top = means.index[third == "bottom"], means.index[third == "top"]
        csat_low, csat_high = pooled(happy, bottom), pooled(happy, top)
        fcr_gap = pooled(fcr, top) - pooled(fcr, bottom)
        low, high = means.loc[bottom, column].mean(), means.loc[top, column].mean()
        gap = csat_high - csat_low
        evidence = (f"{len(bottom)} agents average {low:.1f} of 5 on {_label(item).lower()} "
                    f"against {high:.1f} for the top third; their customers are "
                    f"{csat_low:.1f}% satisfied against {csat_high:.1f}% ({gap:+.1f} points)")
        rows.append((_label(item), item, ", ".join(sorted(bottom)), len(bottom), low, high,
                     csat_low, csat_high, gap, fcr_gap, evidence))
    out = pd.DataFrame(rows, columns=["need", "item", "who", "agents", "bottom_mean",
                                      "top_mean", "csat_bottom", "csat_top",
                                      "csat_gap_points", "fcr_gap_points", "evidence"])
    return out.sort_values("csat_gap_points", ascending=False, kind="stable"
                           ).reset_index(drop=True)


def learning_curve(contacts: pd.DataFrame, agents: pd.DataFrame,
                   bands: Sequence[float] = TENURE_BANDS) -> pd.DataFrame:
    """New starters' learning curve: handle time by months of service at the time of the
    contact (bands start at each value in ``bands``; the last is open-ended).

    Columns: ``band`` ("0–1 months" … "12+ months"), ``agents`` (handling contacts in that
    band), ``contacts``, ``handle_min`` (mean handle time, minutes), ``vs_experienced_pct``
    (handle time as a per cent of the most experienced band's on the same channels, so a
    different channel mix does not distort it: 150 means half as long again) and
    ``fcr_pct`` (resolved first time, when the contacts table has it).

    Example:
        >>> agents = pd.DataFrame({"agent_id": ["A1", "A2"],
        ...                        "hire_date": pd.to_datetime(["2026-01-01", "2020-01-01"])})
        >>> contacts = pd.DataFrame({"agent_id": ["A1", "A2"], "channel": ["phone", "phone"],
        ...     "answered": [True, True], "handle_s": [600, 400],
        ...     "arrived_at": pd.to_datetime(["2026-01-10", "2026-01-10"])})
        >>> learning_curve(contacts, agents, bands=(0, 12))[["band", "handle_min",
        ...                                                   "vs_experienced_pct"]]
                   band  handle_min  vs_experienced_pct
        0  0–12 months   10.000000               150.0
        1    12+ months    6.666667               100.0
    """
    require_columns(contacts, "contacts", ["agent_id", "channel", "answered", "handle_s",
                                           "arrived_at"])
    require_columns(agents, "agents", ["agent_id", "hire_date"])
    edges = [checks.number("bands", b, minimum=0, example="3") for b in bands]
    if not edges or sorted(edges) != edges or len(set(edges)) != len(edges):
        raise ValueError(f"bands must be increasing months such as (0, 1, 3, 6); got {bands!r}.")
    handled = contacts[contacts["answered"].astype(bool) & contacts["agent_id"].notna()]
    hired = pd.to_datetime(agents.set_index("agent_id")["hire_date"])
    start = hired.reindex(handled["agent_id"]).to_numpy()
    months = ((pd.to_datetime(handled["arrived_at"]).to_numpy() - start)
              / np.timedelta64(1, "D")) / 30.44
    known = ~np.isnan(months)
    handled, months = handled[known], months[known]
    code = np.searchsorted(np.asarray(edges), months, side="right") - 1
    code = np.maximum(code, 0)
    names = [f"{_num(a)}–{_num(b)} months" for a, b in zip(edges, edges[1:], strict=False)]
    names.append(f"{_num(edges[-1])}+ months")
    handle = handled["handle_s"].to_numpy(float)
    channel = handled["channel"].astype(str).to_numpy()
    top = code.max() if len(code) else 0
    base = pd.Series(handle[code == top]).groupby(channel[code == top]).mean()
    relative = handle / base.reindex(channel).to_numpy()
    frame = pd.DataFrame({"code": code, "agent_id": handled["agent_id"].to_numpy(),
                          "handle": handle, "relative": relative})
    if "resolved_first_contact" in handled.columns:
        frame["fcr"] = handled["resolved_first_contact"].astype(float).to_numpy()
    grouped = frame.groupby("code")
    out = pd.DataFrame({"band": [names[c] for c in grouped.size().index],
                        "agents": grouped["agent_id"].nunique().to_numpy(),
                        "contacts": grouped.size().to_numpy(),
                        "handle_min": grouped["handle"].mean().to_numpy() / 60,
                        "vs_experienced_pct": 100 * grouped["relative"].mean().to_numpy()})
    if "fcr" in frame:
        out["fcr_pct"] = 100 * grouped["fcr"].mean().to_numpy()
    return out


def _num(value: float) -> str:
    return f"{value:g}"


# ------------------------------------------------------------------ did training work?

def _qa_setup(qa_evaluations: pd.DataFrame, training: pd.DataFrame
              ) -> tuple[pd.DataFrame, list[str], np.ndarray]:
    require_columns(qa_evaluations, "qa_evaluations", ["agent_id", "evaluated_at",
                                                       "total_score"])
    first = _first_completion(training)
    courses = sorted(first.columns)
    qa = qa_evaluations[qa_evaluations["total_score"].notna()].copy()
    qa["evaluated_at"] = pd.to_datetime(qa["evaluated_at"])
    done = first.reindex(qa["agent_id"]).to_numpy()
    when = qa["evaluated_at"].to_numpy()[:, None]
    after = ~pd.isna(done) & (when >= done)
    return qa, courses, after


def _both_sides(qa: pd.DataFrame, training: pd.DataFrame, courses: list[str],
                after: np.ndarray) -> dict[str, list[str]]:
    """Per course, the takers with QA evaluations both before and after completing it."""
    first = _first_completion(training)
    out = {}
    agent = qa["agent_id"].to_numpy()
    for k, course in enumerate(courses):
        took = first[course].notna().reindex(qa["agent_id"]).to_numpy(dtype=bool)
        frame = pd.DataFrame({"agent": agent[took], "after": after[took, k]})
        sides = frame.groupby("agent")["after"].agg(["min", "max"])
        out[course] = list(sides.index[(~sides["min"]) & sides["max"]])
    return out


def training_impact(qa_evaluations: pd.DataFrame, training: pd.DataFrame) -> pd.DataFrame:
    """The QA points each course added: difference-in-differences with a 95% interval.

    Columns: ``course``, ``lift_points`` (QA total points, 0–100 scale), ``ci_low``,
    ``ci_high`` and ``n`` (agents who took the course and were evaluated both before and
    after completing it: the agents whose change is measured), largest lift first.

    **Why a before/after comparison alone misleads.** Takers' QA scores after a course are
    usually higher than before it, whether or not the course works: agents improve with
    months in the job anyway (new starters most of all), the whole centre may be improving
    over the same weeks (other courses, coaching, a new script), and the agents sent on a
    course may differ from the others. :func:`naive_before_after` shows that comparison; it
    credits courses that did nothing.

    **How it is measured.** Each agent is compared with themselves: their QA evaluations
    after completing the course against their evaluations before it (the *first*
    difference). Everyone's evaluations are also compared within the same fortnight of the
    calendar, so the change that agents who had not taken the course showed over the same
    weeks is subtracted (the *second* difference). Formally it is a regression of each
    evaluation's total score on "evaluated after completing course X" (one column per
    course, so a course taken at the same time as another is not credited with its
    effect), with one effect per agent and one per fortnight (``PERIOD_DAYS``): the
    two-way fixed-effects form of difference-in-differences. It assumes takers would have
    moved like the others had they not taken the course (parallel trends).

    **The interval.** The agents are re-sampled with replacement ``BOOTSTRAP_DRAWS`` times
    (fixed seed, so the same data gives the same interval) and the lift re-measured; the
    middle 95% of those lifts is the interval. An interval above 0 means the course lifted
    QA; one that includes 0 means the data cannot tell it from no effect.

    Example:
        >>> days = pd.to_datetime(["2026-01-05", "2026-01-19", "2026-02-02", "2026-02-16"])
        >>> qa = pd.DataFrame({"agent_id": ["A1"] * 4 + ["A2"] * 4 + ["A3"] * 4,
        ...     "evaluated_at": list(days) * 3,
        ...     "total_score": [50, 52, 70, 72, 60, 62, 64, 66, 55, 57, 59, 61]})
        >>> training = pd.DataFrame({"agent_id": ["A1"], "course": ["Empathy"],
        ...                          "completed_at": pd.to_datetime(["2026-01-25"])})
        >>> impact = training_impact(qa, training)
        >>> impact.loc[0, "course"], round(float(impact.loc[0, "lift_points"]), 1)
        ('Empathy', 16.0)
    """
    qa, courses, after = _qa_setup(qa_evaluations, training)
    if not courses:
        return pd.DataFrame(columns=["course", "lift_points", "ci_low", "ci_high", "n"])
    takers = _both_sides(qa, training, courses, after)
    origin = qa["evaluated_at"].min()
    estimate, boot = _twfe(qa["total_score"].to_numpy(float), np.ones(len(qa)),
                           qa["agent_id"].to_numpy(), _periods(qa["evaluated_at"], origin),
                           after, BOOTSTRAP_DRAWS, BOOTSTRAP_SEED)
    rows = []
    for k, course in enumerate(courses):
        n = len(takers[course])
        if n == 0:
            rows.append((course, math.nan, math.nan, math.nan, 0))
            continue
        low, high = np.nanpercentile(boot[:, k], [2.5, 97.5])
        rows.append((course, float(estimate[k]), float(low), float(high), n))
    out = pd.DataFrame(rows, columns=["course", "lift_points", "ci_low", "ci_high", "n"])
    return out.sort_values("lift_points", ascending=False, na_position="last",
                           kind="stable").reset_index(drop=True)


def naive_before_after(qa_evaluations: pd.DataFrame, training: pd.DataFrame) -> pd.DataFrame:
    """The misleading comparison: takers' mean QA total after completing each course minus
    before, with no comparison group (see :func:`training_impact` for why it misleads).

    Columns: ``course``, ``before`` and ``after`` (mean of each taker's mean QA total before
    and after completing), ``change_points`` (after − before) and ``n`` (takers evaluated
    on both sides), in the order of :func:`training_impact`'s courses (alphabetical).

    Example:
        >>> days = pd.to_datetime(["2026-01-05", "2026-01-19", "2026-02-02", "2026-02-16"])
        >>> qa = pd.DataFrame({"agent_id": ["A1"] * 4, "evaluated_at": days,
        ...                    "total_score": [50, 52, 70, 72]})
        >>> training = pd.DataFrame({"agent_id": ["A1"], "course": ["Empathy"],
        ...                          "completed_at": pd.to_datetime(["2026-01-25"])})
        >>> naive_before_after(qa, training)[["before", "after", "change_points"]].iloc[0].tolist()
        [51.0, 71.0, 20.0]
    """
    qa, courses, after = _qa_setup(qa_evaluations, training)
    takers = _both_sides(qa, training, courses, after)
    rows = []
    for k, course in enumerate(courses):
        chosen = qa["agent_id"].isin(takers[course]).to_numpy()
        part = pd.DataFrame({"agent": qa["agent_id"].to_numpy()[chosen],
                             "after": after[chosen, k],
                             "score": qa["total_score"].to_numpy(float)[chosen]})
        means = part.groupby(["agent", "after"])["score"].mean().unstack("after")
        before = float(means[False].mean()) if len(means) else math.nan
        later = float(means[True].mean()) if len(means) else math.nan
        rows.append((course, before, later, later - before, len(takers[course])))
    return pd.DataFrame(rows, columns=["course", "before", "after", "change_points", "n"])


def customer_results(contacts: pd.DataFrame, training: pd.DataFrame) -> pd.DataFrame:
    """Kirkpatrick level 4 (results): the change in CSAT (per cent satisfied) and in
    first-contact resolution on contacts handled by each course's takers after completing
    it, by the same difference-in-differences as :func:`training_impact` (each agent against
    themselves, everyone against the same fortnight), in percentage points with 95%
    intervals (agents re-sampled). When the contacts table has ``team``, agents are
    compared with their own team's fortnight, so a change one team made at the same time
    (a new process, say) is not credited to the course.

    Columns: ``course``, ``csat_points``, ``csat_low``, ``csat_high``, ``fcr_points``,
    ``fcr_low``, ``fcr_high`` (alphabetical by course).

    Example:
        >>> days = pd.to_datetime(["2026-01-05", "2026-01-19", "2026-02-02", "2026-02-16"])
        >>> contacts = pd.DataFrame({"agent_id": ["A1"] * 4 + ["A2"] * 4,
        ...     "arrived_at": list(days) * 2, "csat": [3, 3, 5, 5, 4, 4, 4, 4],
        ...     "resolved_first_contact": [True] * 8})
        >>> training = pd.DataFrame({"agent_id": ["A1"], "course": ["Empathy"],
        ...                          "completed_at": pd.to_datetime(["2026-01-25"])})
        >>> customer_results(contacts, training)["csat_points"].round(1).tolist()
        [100.0]
    """
    require_columns(contacts, "contacts", ["agent_id", "arrived_at", "csat",
                                           "resolved_first_contact"])
    first = _first_completion(training)
    courses = sorted(first.columns)
    wanted = ["agent_id", "arrived_at", "csat", "resolved_first_contact"]
    by_team = "team" in contacts.columns
    handled = contacts.loc[contacts["agent_id"].notna(), wanted + (["team"] if by_team else [])]
    arrived = pd.to_datetime(handled["arrived_at"])
    done = first.reindex(handled["agent_id"]).to_numpy()
    after = ~pd.isna(done) & (arrived.to_numpy()[:, None] >= done)
    period = _periods(arrived, arrived.min())
    if by_team:  # compare with the same team's fortnight: a team's own change is not credited
        period = handled["team"].astype(str).to_numpy() + " " + period.astype(str)
    cells = pd.DataFrame({"agent_id": handled["agent_id"].to_numpy(), "period": period,
                          "happy": (handled["csat"].astype(float) >= SATISFIED).to_numpy(float),
                          "surveyed": handled["csat"].notna().to_numpy(float),
                          "fcr": handled["resolved_first_contact"].astype(float).to_numpy()})
    flags = [f"after_{k}" for k in range(len(courses))]
    for k, flag in enumerate(flags):
        cells[flag] = after[:, k]
    cells["contacts"] = 1.0
    summed = cells.groupby(["agent_id", "period", *flags], sort=False)[
        ["happy", "surveyed", "fcr", "contacts"]].sum().reset_index()
    treated = summed[flags].to_numpy(float)
    results = {}
    for name, top, bottom in (("csat", "happy", "surveyed"), ("fcr", "fcr", "contacts")):
        keep = summed[bottom].to_numpy() > 0
        part = summed[keep]
        estimate, boot = _twfe(100 * (part[top] / part[bottom]).to_numpy(),
                               part[bottom].to_numpy(float), part["agent_id"].to_numpy(),
                               part["period"].to_numpy(), treated[keep], BOOTSTRAP_DRAWS,
                               BOOTSTRAP_SEED)
        results[name] = (estimate, np.nanpercentile(boot, [2.5, 97.5], axis=0))
    rows = []
    for k, course in enumerate(courses):
        row: list[Any] = [course]
        for name in ("csat", "fcr"):
            estimate, bounds = results[name]
            row += [float(estimate[k]), float(bounds[0, k]), float(bounds[1, k])]
        rows.append(row)
    return pd.DataFrame(rows, columns=["course", "csat_points", "csat_low", "csat_high",
                                       "fcr_points", "fcr_low", "fcr_high"])


def _signed(value: float) -> str:
    """+1.2, −0.4 or 0.0 (never −0.0)."""
    shown = f"{value:+.1f}"
    return "0.0" if shown in ("+0.0", "-0.0") else shown.replace("-", "−")


def _verdict(value: float, low: float, high: float, unit: str, what: str) -> str:
    if not math.isfinite(value):
        return f"Not measurable: no agent was seen both before and after, so no {what}."
    span = (f"{_signed(value)} {unit} (95% interval {_signed(low)} to "
            f"{_signed(high)})")
    if low > 0:
        return f"{span}: a real improvement in {what}."
    if high < 0:
        return f"{span}: {what} got worse."
    return f"{span}: no clear change in {what}; the interval includes 0."


KIRKPATRICK_COLUMNS = ("course", "level", "measure", "value", "ci_low", "ci_high", "reading")


def kirkpatrick(training: pd.DataFrame, qa_evaluations: pd.DataFrame, contacts: pd.DataFrame
                ) -> pd.DataFrame:
    """Kirkpatrick's four levels of training evaluation for each course, from the data.

    Five rows per course (columns ``KIRKPATRICK_COLUMNS``): "1 Reaction" (mean end-of-course
    feedback ``reaction_score``, 1–5: did they like it?), "2 Learning" (mean end-of-course
    test ``test_score``, 0–100: did they learn?), "3 Behaviour" (QA lift by
    :func:`training_impact`: do they do it differently at work?) and two "4 Results" rows
    (CSAT and first-contact resolution change by :func:`customer_results`: did customers
    notice?), each with a one-line ``reading``. The levels answer different questions: a
    well-liked course may change nothing, so judge a course by levels 3 and 4. Kirkpatrick's
    levels form a chain: a change in results with no change in behaviour is not credited to
    the course (the reading says to look for another cause, or chance).

    Example:
        >>> days = pd.to_datetime(["2026-01-05", "2026-01-19", "2026-02-02", "2026-02-16"])
        >>> qa = pd.DataFrame({"agent_id": ["A1"] * 4 + ["A2"] * 4,
        ...     "evaluated_at": list(days) * 2, "total_score": [50, 52, 70, 72, 60, 62, 64, 66]})
        >>> contacts = pd.DataFrame({"agent_id": ["A1"] * 4 + ["A2"] * 4,
        ...     "arrived_at": list(days) * 2, "csat": [3, 3, 5, 5, 4, 4, 4, 4],
        ...     "resolved_first_contact": [True] * 8})
        >>> training = pd.DataFrame({"agent_id": ["A1"], "course": ["Empathy"],
        ...     "completed_at": pd.to_datetime(["2026-01-25"]), "reaction_score": [4.0],
        ...     "test_score": [80.0]})
        >>> kirkpatrick(training, qa, contacts)["level"].tolist()
        ['1 Reaction', '2 Learning', '3 Behaviour', '4 Results', '4 Results']
    """
    require_columns(training, "training", ["agent_id", "course", "completed_at",
                                           "reaction_score", "test_score"])
    impact = training_impact(qa_evaluations, training).set_index("course")
    results = customer_results(contacts, training).set_index("course")
    feedback = training.groupby("course")[["reaction_score", "test_score"]].mean()
    liked_most = feedback["reaction_score"].idxmax() if len(feedback) else None
    rows = []
    for course in sorted(feedback.index):
        reaction, test = feedback.loc[course]
        best = " (the best liked)" if course == liked_most and len(feedback) > 1 else ""
        rows.append((course, "1 Reaction", "Course feedback (mean, 1–5)", reaction, math.nan,
                     math.nan, f"Rated {reaction:.1f} of 5{best}: liking a course does not "
                     "show that it works."))
        rows.append((course, "2 Learning", "End-of-course test (mean, 0–100)", test,
                     math.nan, math.nan, f"Scored {test:.0f} of 100 on average: knowing is "
                     "not yet doing."))
        lift = impact.loc[course] if course in impact.index else None
        value, low, high = ((lift["lift_points"], lift["ci_low"], lift["ci_high"])
                            if lift is not None else (math.nan,) * 3)
        rows.append((course, "3 Behaviour", "QA lift (points, against non-takers)", value,
                     low, high, _verdict(value, low, high, "QA points", "behaviour (QA)")))
        behaviour_changed = math.isfinite(low) and (low > 0 or high < 0)
        for measure, key, what in (("CSAT change (points, against non-takers)", "csat",
                                    "customers' satisfaction"),
                                   ("FCR change (points, against non-takers)", "fcr",
                                    "first-contact resolution")):
            if course in results.index:
                value, low, high = (results.loc[course, f"{key}_points"],
                                    results.loc[course, f"{key}_low"],
                                    results.loc[course, f"{key}_high"])
            else:
                value = low = high = math.nan
            reading = _verdict(value, low, high, "points", what)
            if math.isfinite(low) and (low > 0 or high < 0) and not behaviour_changed:
                # Kirkpatrick's chain: results follow from changed behaviour
                reading = (reading.split(":")[0] + f": a change in {what}, but behaviour (QA) "
                           "did not change, so the course is unlikely to be the cause: look "
                           "for something else that changed at the same time, or chance "
                           "(several courses and measures were tested).")
            rows.append((course, "4 Results", measure, value, low, high, reading))
    return pd.DataFrame(rows, columns=list(KIRKPATRICK_COLUMNS))
