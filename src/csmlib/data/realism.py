"""Realism report: each metric of the generated data beside its benchmark range and source.

The ranges are the course brief's realism targets, drawn from published UK and industry
benchmarks (shape and range, not exact values). ``report(tables)`` computes every metric.

Example:
    >>> from csmlib.data.generator import generate
    >>> table = report(generate(seed=5, days=28, agents=36).tables)
    >>> {"metric", "value", "low", "high", "inside", "source"} <= set(table.columns)
    True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from csmlib.analysis import bank_holidays, checks

Tables = dict[str, pd.DataFrame]

_CCMA = "CCMA / ContactBabel UK contact centre benchmarks"
_ICS = "Institute of Customer Service UKCSI; CSAT top-2-box norms"
_FCA = "FCA DISP 1.6 / Ofgem / Ofcom GC C4 complaint handling rules (8-week final response)"
_WFM = "Workforce-management practice (shrinkage, intraday and weekly arrival patterns)"
_PEOPLE = ("Course assumption, not a sourced figure (brief §7 gives none): UK contact centres "
           "commonly report agent attrition of 20–35% a year, absence of 3–6% of rostered "
           "days and schedule adherence mostly 85–95%")
_COMPLAINTS = ("Course assumption, not a sourced figure: UK complaint teams acknowledge most "
               "complaints within a business day (prompt acknowledgement, ISO 10002), put "
               "simple ones right by the close of the third business day (FCA DISP 1.5's "
               "summary resolution) and uphold, wholly or partly, about half or more; a few "
               "in a hundred go on to the ombudsman")
_RECRUIT = ("Course assumption, not a sourced figure: a few applicants per agent post; two "
            "trained interviewers using behaviourally anchored scales agree within a point most "
            "of the time but not always; structured interviews predict later performance "
            "moderately, years of experience on a CV hardly at all")
_COURSES = ("Course assumption, not a sourced figure: end-of-course feedback is mostly "
            "favourable whatever the course, and most agents pass the test at its end")
_SURVEY = ("Post-contact survey practice: a minority answer, and the dissatisfied answer a "
           "quick survey less often than the satisfied (non-response bias)")


@dataclass(frozen=True)
class Metric:
    """One realism check: how to compute it, its benchmark range, and where that comes from."""

    name: str
    unit: str
    low: float
    high: float
    source: str
    compute: Callable[[Tables], float]


def _phone(t: Tables) -> pd.DataFrame:
    contacts = t["contacts"]
    return contacts[contacts["channel"] == "phone"]


def _peak_to_quiet(t: Tables) -> float:
    phone = _phone(t)
    weekday = phone[phone["arrived_at"].dt.day_of_week < 5]
    slot = weekday["arrived_at"].dt.hour * 2 + weekday["arrived_at"].dt.minute // 30
    counts = slot.value_counts()
    return float(counts.max() / counts.min())


def _weekday_ratio(t: Tables, days: list[int]) -> float:
    contacts = t["contacts"]
    daily = contacts.groupby(contacts["arrived_at"].dt.normalize()).size()
    by_weekday = daily.groupby(daily.index.day_of_week).mean()
    return float(by_weekday.reindex(days).mean() / by_weekday.mean())


def _channel_share(channel: str) -> Callable[[Tables], float]:
    return lambda t: float((t["contacts"]["channel"] == channel).mean() * 100)


def _surveyed(t: Tables) -> pd.DataFrame:
    return t["contacts"].dropna(subset=["csat"])


def _response_rate(t: Tables, resolved: bool | None = None) -> float:
    """Survey answers ÷ answered contacts (%), for all or for resolved / not resolved."""
    answered = t["contacts"][t["contacts"]["answered"]]
    if resolved is not None:
        answered = answered[answered["resolved_first_contact"] == resolved]
    return float(answered["csat"].notna().mean() * 100)


def _nps(frame: pd.DataFrame) -> float:
    return float(((frame["nps"] >= 9).mean() - (frame["nps"] <= 6).mean()) * 100)


def _new_starter_ratio(t: Tables) -> float:
    contacts = t["contacts"][(t["contacts"]["channel"] == "phone") & t["contacts"]["answered"]]
    agents = t["agents"].set_index("agent_id")
    hire = pd.to_datetime(contacts["agent_id"].map(agents["hire_date"]))
    tenure_months = (contacts["arrived_at"] - hire).dt.days / 30.44
    new = contacts.loc[tenure_months < 1, "handle_s"].mean()
    tenured = contacts.loc[tenure_months >= 12, "handle_s"].mean()
    return float(new / tenured)


def _period_days(t: Tables) -> float:
    arrived = t["contacts"]["arrived_at"]
    return float((arrived.max().normalize() - arrived.min().normalize()).days + 1)


def _attrition(t: Tables) -> float:
    """Leavers in the period ÷ average headcount, annualised (%)."""
    days = _period_days(t)
    headcount = _average_headcount(t)
    leavers = t["agents"]["left_on"].notna().sum() if "left_on" in t["agents"] else 0
    return float(leavers / headcount * 365 / days * 100) if headcount else float("nan")


def _average_headcount(t: Tables) -> float:
    """Agents employed on an average day of the period."""
    agents = t["agents"]
    arrived = t["contacts"]["arrived_at"]
    days = pd.date_range(arrived.min().normalize(), arrived.max().normalize(), freq="D")
    hired = pd.to_datetime(agents["hire_date"]).to_numpy()[:, None]
    left = (pd.to_datetime(agents["left_on"]) if "left_on" in agents
            else pd.Series(pd.NaT, index=agents.index)).to_numpy()[:, None]
    when = days.to_numpy()[None, :]
    employed = (hired <= when) & (np.isnat(left) | (when < left))
    return float(employed.sum(axis=0).mean())


def _complaint_days(t: Tables) -> pd.Series:
    complaints = t["complaints"].dropna(subset=["resolved_at"])
    return (complaints["resolved_at"] - complaints["received_at"]).dt.total_seconds() / 86400


def _business_days(t: Tables, column: str) -> pd.Series:
    """Business days (Monday to Friday, England and Wales bank holidays excluded) from each
    complaint's receipt to ``column``, counting from the day received (0 = the same business
    day, or the next when received on a closed day); NaN where ``column`` is empty."""
    complaints = t["complaints"]
    done = complaints[column].notna()
    received = complaints["received_at"].dt.floor("D")
    if not len(complaints):
        return pd.Series(dtype=float)
    holidays = np.array(bank_holidays.between(received.min(), received.max()
                                              + pd.Timedelta(days=800)),
                        dtype="datetime64[D]")
    days = np.full(len(complaints), np.nan)
    days[done.to_numpy()] = np.busday_count(
        received[done].to_numpy().astype("datetime64[D]"),
        complaints.loc[done, column].to_numpy().astype("datetime64[D]"), holidays=holidays)
    return pd.Series(days, index=complaints.index)


def _share_of_complaints(t: Tables, mask: pd.Series) -> float:
    return float(mask.mean() * 100) if len(mask) else float("nan")


def _upheld_share(t: Tables) -> float:
    decided = t["complaints"].query("outcome != 'open'")["outcome"]
    return _share_of_complaints(t, decided.isin(["upheld", "partially upheld"]))


def _interviews(t: Tables) -> tuple[np.ndarray, np.ndarray]:
    """The two interviewers' scores: applicants × competencies, one array per interviewer
    (empty when the tables have no candidates)."""
    candidates = t.get("candidates")
    if candidates is None:
        return np.zeros((0, 0)), np.zeros((0, 0))
    names = [c[len("interviewer_1_"):] for c in candidates.columns
             if c.startswith("interviewer_1_")]
    return tuple(candidates[[f"interviewer_{i}_{name}" for name in names]].to_numpy(dtype=float)
                 for i in (1, 2))


def _interview_mean(t: Tables) -> pd.Series:
    first, second = _interviews(t)
    return pd.Series((first + second).mean(axis=1) / 2 if first.size else [],
                     index=t["candidates"].index if "candidates" in t else None, dtype=float)


def _quadratic_kappa(first: np.ndarray, second: np.ndarray, levels: int = 5) -> float:
    """Cohen's weighted kappa (quadratic weights) of two raters' whole scores 1..levels.

    Example:
        >>> round(_quadratic_kappa(np.array([1, 2, 3, 4, 5]), np.array([1, 2, 3, 4, 5])), 2)
        1.0
    """
    a, b = first.astype(int) - 1, second.astype(int) - 1
    seen = np.zeros((levels, levels))
    np.add.at(seen, (a, b), 1)
    seen /= max(seen.sum(), 1)
    chance = np.outer(seen.sum(axis=1), seen.sum(axis=0))
    weight = np.subtract.outer(np.arange(levels), np.arange(levels)) ** 2
    expected = (weight * chance).sum()
    return float(1 - (weight * seen).sum() / expected) if expected else float("nan")


def _kappa(t: Tables) -> float:
    first, second = _interviews(t)
    if not first.size:
        return float("nan")
    return float(np.mean([_quadratic_kappa(first[:, k], second[:, k])
                          for k in range(first.shape[1])]))


def _within_one(t: Tables) -> float:
    first, second = _interviews(t)
    return float((np.abs(first - second) <= 1).mean() * 100) if first.size else float("nan")


def _applicants_per_hire(t: Tables) -> float:
    candidates = t.get("candidates")
    if candidates is None or not candidates["hired"].any():
        return float("nan")
    return float(len(candidates) / candidates["hired"].sum())


def _hires_lead(t: Tables) -> float:
    """Hires' mean interview score minus the other applicants' (points on the 1–5 scale)."""
    if "candidates" not in t:
        return float("nan")
    score, hired = _interview_mean(t), t["candidates"]["hired"].astype(bool)
    return float(score[hired].mean() - score[~hired].mean())


def _later_qa(t: Tables, column: str | None) -> float:
    """Correlation, over hires now in the agents table, of their interview score (or of
    ``column``) with their mean QA total in the data."""
    if "candidates" not in t:
        return float("nan")
    candidates = t["candidates"]
    hires = candidates[candidates["hired"].astype(bool) & (candidates["agent_id"] != "")]
    quality = t["qa_evaluations"].groupby("agent_id")["total_score"].mean()
    later = hires["agent_id"].map(quality)
    predictor = _interview_mean(t)[hires.index] if column is None else hires[column]
    known = later.notna()
    if known.sum() < 5:
        return float("nan")
    return float(np.corrcoef(predictor[known].astype(float), later[known])[0, 1])


def _cv_gap(t: Tables) -> float:
    """Mean CV experience score of applicants 25 and over minus under 25s'."""
    if "candidates" not in t:
        return float("nan")
    mean = t["candidates"].groupby("age_band")["cv_experience_score"].mean()
    return float(mean.get("25 and over", np.nan) - mean.get("under 25", np.nan))


def _training_mean(column: str) -> Callable[[Tables], float]:
    def compute(t: Tables) -> float:
        training = t["training"]
        return float(training[column].mean()) if column in training else float("nan")
    return compute


METRICS: tuple[Metric, ...] = (
    Metric("peak half-hour ÷ quietest (phone, weekdays)", "×", 2.5, 4.0, _WFM, _peak_to_quiet),
    Metric("Monday volume ÷ weekly daily mean", "×", 1.2, 1.4, _WFM,
           lambda t: _weekday_ratio(t, [0])),
    Metric("weekend volume ÷ weekly daily mean", "×", 0.5, 0.8, _WFM,
           lambda t: _weekday_ratio(t, [5, 6])),
    Metric("phone share of contacts", "%", 55, 65, _CCMA, _channel_share("phone")),
    Metric("email share of contacts", "%", 15, 20, _CCMA, _channel_share("email")),
    Metric("chat share of contacts", "%", 7, 15, _CCMA, _channel_share("chat")),
    Metric("social share of contacts", "%", 0, 5, _CCMA, _channel_share("social")),
    Metric("phone mean handle time", "min", 4, 7, _CCMA,
           lambda t: float(_phone(t).query("answered")["handle_s"].mean() / 60)),
    Metric("phone abandonment", "%", 3, 10, _CCMA,
           lambda t: float((~_phone(t)["answered"]).mean() * 100)),
    Metric("phone service level (answered within 20 s ÷ offered)", "%", 65, 85, _CCMA,
           lambda t: float(((_phone(t)["wait_s"] <= 20) & _phone(t)["answered"]).mean() * 100)),
    Metric("first-contact resolution (agent flag)", "%", 65, 80, _CCMA,
           lambda t: float(t["contacts"].query("answered")["resolved_first_contact"].mean()
                           * 100)),
    Metric("CSAT top-2-box (4 or 5 of 5)", "%", 70, 85, _ICS,
           lambda t: float((_surveyed(t)["csat"] >= 4).mean() * 100)),
    Metric("CSAT top-2-box, complaint contacts", "%", 0, 55, _ICS,
           lambda t: float((_surveyed(t).query("reason == 'complaint'")["csat"] >= 4).mean()
                           * 100)),
    Metric("survey response rate (of answered contacts)", "%", 10, 20, _SURVEY, _response_rate),
    Metric("survey response: resolved minus not resolved", "points", 3, 12, _SURVEY,
           lambda t: _response_rate(t, True) - _response_rate(t, False)),
    Metric("NPS", "points", -10, 40, "Net Promoter benchmarks for UK utilities and telecoms",
           lambda t: _nps(_surveyed(t))),
    Metric("complaints per 1,000 contacts", "per 1,000", 2, 8, _FCA,
           lambda t: float(len(t["complaints"]) / len(t["contacts"]) * 1000)),
    Metric("top 3 complaint categories' share", "%", 60, 70, "Pareto pattern in complaint data",
           lambda t: float(t["complaints"]["category"].value_counts(normalize=True).head(3).sum()
                           * 100)),
    Metric("complaints resolved within 3 days (of resolved)", "%", 10, 35, _FCA,
           lambda t: float((_complaint_days(t) <= 3).mean() * 100)),
    Metric("complaints resolved within 8 weeks (of resolved)", "%", 80, 100, _FCA,
           lambda t: float((_complaint_days(t) <= 56).mean() * 100)),
    Metric("complaints acknowledged within 1 business day", "%", 70, 95, _COMPLAINTS,
           lambda t: _share_of_complaints(t, _business_days(t, "acknowledged_at") <= 1)),
    Metric("complaints acknowledged after more than 5 business days", "%", 0.5, 5,
           _COMPLAINTS,
           lambda t: _share_of_complaints(t, _business_days(t, "acknowledged_at") > 5)),
    Metric("complaints put right by the close of the 3rd business day (of all)", "%", 15, 40,
           _COMPLAINTS,
           lambda t: _share_of_complaints(t, _business_days(t, "resolved_at") <= 3)),
    Metric("complaints upheld wholly or partly (of decided)", "%", 45, 75, _COMPLAINTS,
           _upheld_share),
    Metric("complaints on the vulnerable-customer route", "%", 8, 25, _COMPLAINTS,
           lambda t: _share_of_complaints(t, t["complaints"]["route"]
                                          == "priority: vulnerable customer")),
    Metric("complaints taken to the ombudsman (of all)", "%", 0.5, 8, _COMPLAINTS,
           lambda t: _share_of_complaints(t, t["complaints"]["referred_to_ombudsman"]
                                          .astype(bool))),
    Metric("new starters' phone handle time ÷ tenured (12+ months)", "×", 1.3, 1.8,
           "Contact-centre onboarding studies (speed to competency)", _new_starter_ratio),
    Metric("agent attrition (leavers ÷ average headcount, a year)", "%", 20, 35, _PEOPLE,
           _attrition),
    Metric("absence (rostered days missed)", "%", 3, 6, _PEOPLE,
           lambda t: float(t["attendance"]["absent"].mean() * 100)),
    Metric("schedule adherence (mean, days present)", "%", 85, 95, _PEOPLE,
           lambda t: float(t["attendance"]["adherence_pct"].mean())),
    Metric("phone hold (share of handle time)", "%", 3, 15,
           "Course assumption: hold is part of handle time (AHT = talk + hold + after-call "
           "work, brief §7); some calls are held briefly, most transfers while consulting",
           lambda t: float(_phone(t).query("answered")["hold_s"].sum()
                           / _phone(t).query("answered")["handle_s"].sum() * 100)),
    Metric("applicants per hire (2 years before the data)", "×", 3, 6,
           _RECRUIT, _applicants_per_hire),
    Metric("hires' interview score minus other applicants'", "points", 0.2, 1.0,
           _RECRUIT, _hires_lead),
    Metric("interviewers' scores within one point of each other", "%", 85, 99, _RECRUIT,
           _within_one),
    Metric("interviewers' agreement (quadratic weighted kappa)", "kappa", 0.55, 0.8,
           _RECRUIT, _kappa),
    Metric("interview score vs later QA (correlation, hires)", "r", 0.1, 0.8, _RECRUIT,
           lambda t: _later_qa(t, None)),
    Metric("CV experience vs later QA (correlation, hires)", "r", -0.35, 0.35, _RECRUIT,
           lambda t: _later_qa(t, "cv_experience_score")),
    Metric("CV experience: applicants 25 and over minus under 25", "points", 0.5, 1.8,
           _RECRUIT, _cv_gap),
    Metric("end-of-course reaction score (mean)", "of 5", 3.3, 4.5, _COURSES,
           _training_mean("reaction_score")),
    Metric("end-of-course test score (mean)", "%", 65, 90, _COURSES,
           _training_mean("test_score")),
)


def report(tables: Tables) -> pd.DataFrame:
    """Every realism metric with its value, range, whether it is inside, and its source."""
    checks.instance("tables", tables, Mapping, "the tables by name (an Organisation's "
                    ".tables)")
    rows = []
    for metric in METRICS:
        value = metric.compute(tables)
        rows.append({"metric": metric.name, "unit": metric.unit, "value": round(value, 2),
                     "low": metric.low, "high": metric.high,
                     "inside": bool(metric.low <= value <= metric.high) and np.isfinite(value),
                     "source": metric.source})
    return pd.DataFrame(rows)


def format_report(table: pd.DataFrame) -> str:
    """The report as aligned plain text for the command line."""
    checks.instance("table", table, pd.DataFrame, "the table report() gives")
    missing = [c for c in ("metric", "value", "low", "high", "unit") if c not in table.columns]
    if missing:
        raise ValueError(f"table has no column {missing[0]!r}: pass the table report() gives.")
    lines = [f"{'metric':<58}{'value':>9}  {'range':<16}ok   source"]
    for row in table.itertuples():
        span = f"{row.low:g}–{row.high:g} {row.unit}"
        lines.append(f"{row.metric:<58}{row.value:>9.2f}  {span:<16}"
                     f"{'yes' if row.inside else 'NO ':<5}{row.source}")
    inside = int(table["inside"].sum())
    lines.append(f"{inside} of {len(table)} metrics inside their benchmark range.")
    return "\n".join(lines)
