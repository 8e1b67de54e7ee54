"""The assessment-criteria framework that every course activity maps to.

Seven learning outcomes (LO 1 to LO 7), each with numbered criteria such as ``2.2``.
Look a criterion up by its code; an unknown code raises an error that lists the valid ones.

Example:
    >>> from csmlib.course import criteria
    >>> criteria.get("2.2").outcome.title
    'Plan operations'
    >>> [c.code for c in criteria.for_outcome(1)]
    ['1.1', '1.2', '1.3']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from csmlib.analysis import checks


@dataclass(frozen=True)
class LearningOutcome:
    """One learning outcome, e.g. LO 2 "Plan operations"."""

    number: int
    title: str


@dataclass(frozen=True)
class Criterion:
    """One assessment criterion: its code, its outcome and what the learner shows."""

    code: str
    outcome: LearningOutcome
    shows: str

    @property
    def label(self) -> str:
        """Short label for tables, e.g. ``"2.2 staffing levels and resources …"``."""
        return f"{self.code} {self.shows}"


OUTCOMES: tuple[LearningOutcome, ...] = (
    LearningOutcome(1, "Strategy"),
    LearningOutcome(2, "Plan operations"),
    LearningOutcome(3, "Manage operations"),
    LearningOutcome(4, "Develop people"),
    LearningOutcome(5, "Monitor performance"),
    LearningOutcome(6, "Improve"),
    LearningOutcome(7, "Evidence"),
)

_SHOWS: dict[str, str] = {
    "1.1": "how service objectives support organisational goals and customer expectations",
    "1.2": "with data, how service performance drives loyalty and business results "
    "(retention, revenue, cost)",
    "1.3": "customer-centric management vs generic management",
    "2.1": "forecast demand by channel, day and interval, including peaks",
    "2.2": "staffing levels and resources to meet service standards "
    "(Erlang C/A, shrinkage, occupancy)",
    "2.3": "service standards per channel (e.g. 80/20 phone, 24h email)",
    "2.4": "contingencies for peak times and unexpected events",
    "2.5": "a budget for the plan: staff cost, cost per contact, spend tracking",
    "3.1": "monitor intraday performance against plan and take corrective action",
    "3.2": "handle complaints and disputes to a procedure (ISO 10002; 8-week final response rule)",
    "3.3": "manage difficult customers with professionalism and empathy",
    "3.4": "legal and regulatory duties: GDPR, vulnerable customers, equality",
    "4.1": "recruit against a customer-service competency framework",
    "4.2": "training needs identified from service gaps and feedback",
    "4.3": "coaching and mentoring (GROW)",
    "4.4": "evidence that staff preparation improved outcomes (Kirkpatrick levels)",
    "5.1": "a balanced range of KPIs against targets",
    "5.2": "qualitative feedback analysed alongside quantitative data",
    "5.3": "how data is collected and how it informs decisions",
    "6.1": "a structured PDCA cycle with measurable outcomes",
    "6.2": "statistical evidence (control charts) to tell real change from noise",
    "6.3": "ongoing monitoring and adjustment over repeated cycles, not a one-off plan",
    "6.4": "quality frameworks: ISO 9001 (9.1.2, 10.3), ISO 10002, ISO 18295",
    "6.5": "coordinating an improvement project (plan, owners, milestones)",
    "7.1": "analysis of the learner's own (anonymised) workplace data",
    "7.2": "evidence mapped to criteria, with gaps visible",
    "7.3": "reflective accounts and witness testimony from a line manager",
}

CRITERIA: dict[str, Criterion] = {
    code: Criterion(code, OUTCOMES[int(code.split(".")[0]) - 1], shows)
    for code, shows in _SHOWS.items()
}

#: Mistakes examiners report most often; the course counters each one.
COMMON_MISTAKES: tuple[str, ...] = (
    "theory with no practical application",
    "quantitative data only",
    "training listed without linking to outcomes",
    "a one-off plan with no ongoing monitoring",
    "monitoring and improvement shown as separate activities",
    "generic management with no customer focus",
)


class UnknownCriterionError(KeyError, ValueError):
    """Raised for a criterion code that is not in the framework."""

    def __str__(self) -> str:  # KeyError would otherwise show the message in quotes
        return str(self.args[0])


def get(code: str) -> Criterion:
    """Return the criterion with this code, e.g. ``get("5.2")``.

    Example:
        >>> get("6.2").shows
        'statistical evidence (control charts) to tell real change from noise'
    """
    checks.text("code", code, "2.2")
    key = str(code).strip()
    if key not in CRITERIA:
        raise UnknownCriterionError(
            f"There is no criterion {code!r}. Valid codes are: {', '.join(CRITERIA)}."
        )
    return CRITERIA[key]


def validate(codes: Iterable[str]) -> list[str]:
    """Check a list of codes and return it cleaned (stripped, in framework order, no repeats).

    Example:
        >>> validate([" 7.2", "5.3", "7.2"])
        ['5.3', '7.2']
    """
    if isinstance(codes, str):
        codes = [codes]
    checks.instance("codes", codes, Iterable, "criteria codes such as ['2.2', '5.1']")
    if isinstance(codes, str):
        codes = [codes]
    wanted = {get(code).code for code in codes}
    return [code for code in CRITERIA if code in wanted]


def for_outcome(number: int) -> list[Criterion]:
    """All criteria of one learning outcome (1 to 7).

    Example:
        >>> len(for_outcome(6))
        5
    """
    if number not in {o.number for o in OUTCOMES}:
        raise ValueError(f"There is no learning outcome {number!r}; choose 1 to {len(OUTCOMES)}.")
    return [c for c in CRITERIA.values() if c.outcome.number == number]


def all_criteria() -> list[Criterion]:
    """Every criterion, in framework order.

    Example:
        >>> all_criteria()[0].code
        '1.1'
    """
    return list(CRITERIA.values())


def table() -> pd.DataFrame:
    """The whole framework as a table: outcome, code and what the learner shows.

    Example:
        >>> table().columns.tolist()
        ['Learning outcome', 'Code', 'What you show']
    """
    return pd.DataFrame(
        {
            "Learning outcome": [
                f"LO{c.outcome.number} {c.outcome.title}" for c in CRITERIA.values()
            ],
            "Code": list(CRITERIA),
            "What you show": [c.shows for c in CRITERIA.values()],
        }
    )
