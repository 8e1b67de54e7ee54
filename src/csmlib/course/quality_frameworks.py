"""Quality frameworks (criterion 6.4): what ISO 9001, ISO 10002 and ISO 18295 ask of a
customer-service operation, in plain words, and where this course did it.

Each :class:`Clause` names a standard and a clause, says in the course's own words what it
asks for (never the standard's text: the standards are copyright; buy them from BSI or ISO to
quote them), cites its source, and lists the :class:`CourseActivity` entries where the learner
did that kind of work, with the criteria those activities evidence. The learner completes the
map in notebook 06 (:class:`csmlib.ui.quality_map.QualityFrameworkMap`).

Clause numbers are given where the course relies on them (ISO 9001:2015 9.1.2, 9.1.3, 10.2,
10.3; ISO 10002:2018 clauses 4, 7 and 8; ISO 18295-1:2017 clauses 4.2 to 4.5); otherwise the
topic is named.

Example:
    >>> from csmlib.course import quality_frameworks as qf
    >>> [c.clause for c in qf.CLAUSES if c.standard == qf.ISO_9001][:2]
    ['9.1.2', '9.1.3']
    >>> qf.clause("iso9001-10.3").title
    'Continual improvement'
    >>> sorted({a.notebook for c in qf.CLAUSES for a in c.course})
    ['02', '03', '04', '05', '06']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from csmlib.course import criteria

__all__ = ["CLAUSES", "ISO_9001", "ISO_10002", "ISO_18295_1", "SOURCES", "Clause",
           "CourseActivity", "clause", "frame"]

ISO_9001 = "ISO 9001:2015"
ISO_10002 = "ISO 10002:2018"
ISO_18295_1 = "ISO 18295-1:2017"

#: Full citations, by standard.
SOURCES: dict[str, str] = {
    ISO_9001: "ISO 9001:2015 Quality management systems — Requirements (International "
              "Organization for Standardization, 2015)",
    ISO_10002: "ISO 10002:2018 Quality management — Customer satisfaction — Guidelines for "
               "complaints handling in organizations (ISO, 2018)",
    ISO_18295_1: "ISO 18295-1:2017 Customer contact centres — Part 1: Requirements for "
                 "customer contact centres (ISO, 2017)",
}


@dataclass(frozen=True)
class CourseActivity:
    """Where the course did something: the notebook's code, a short name a learner
    recognises, the lesson call that builds it (``""`` for notebook 06, being written) and
    the criteria it evidences.

    Example:
        >>> CourseActivity("03", "KPI dashboard", "kpi_dashboard", ("5.1",)).label
        '03 KPI dashboard (5.1)'
    """

    notebook: str
    name: str
    call: str
    criteria: tuple[str, ...]

    def __post_init__(self) -> None:
        criteria.validate(self.criteria)

    @property
    def label(self) -> str:
        """How the map shows it, e.g. ``03 KPI dashboard (5.1)``."""
        return f"{self.notebook} {self.name} ({', '.join(self.criteria)})"


@dataclass(frozen=True)
class Clause:
    """One requirement or guideline of a standard, in the course's own words."""

    key: str
    standard: str
    clause: str
    title: str
    asks: str
    course: tuple[CourseActivity, ...]

    def __post_init__(self) -> None:
        if self.standard not in SOURCES:
            raise ValueError(f"Clause {self.key}: unknown standard {self.standard!r}.")
        if not self.course:
            raise ValueError(f"Clause {self.key}: map it to at least one course activity.")

    @property
    def source(self) -> str:
        """The citation: the standard's full title and the clause."""
        return f"{SOURCES[self.standard]}, {self.clause_label}"

    @property
    def clause_label(self) -> str:
        """``clause 9.1.2`` or the topic's name when no number is given."""
        first = self.clause.split()[0]
        return f"clause {self.clause}" if first[0].isdigit() else self.clause

    @property
    def criteria(self) -> tuple[str, ...]:
        """The criteria the mapped course activities evidence, in framework order."""
        codes = {code for activity in self.course for code in activity.criteria}
        return tuple(code for code in criteria.CRITERIA if code in codes)


def _a(notebook: str, name: str, call: str, *codes: str) -> CourseActivity:
    return CourseActivity(notebook, name, call, codes)


CLAUSES: tuple[Clause, ...] = (
    Clause(
        "iso9001-9.1.2", ISO_9001, "9.1.2", "Customer satisfaction",
        "Find out how customers see the service: whether their needs and expectations are "
        "being met. Decide how you collect that view (surveys, comments, complaints), watch "
        "it over time and act on it.",
        (_a("03", "KPI dashboard", "kpi_dashboard", "5.1"),
         _a("03", "Survey response and bias", "survey_response", "5.3"),
         _a("03", "What customers say (comment themes)", "feedback_explorer", "5.2"))),
    Clause(
        "iso9001-9.1.3", ISO_9001, "9.1.3", "Analysis and evaluation",
        "Analyse the data you collect and use it to judge how satisfied customers are, how "
        "well processes perform and whether your actions worked.",
        (_a("03", "FCR measured two ways", "fcr_two_ways", "5.3"),
         _a("05", "Did training work? (before and after)", "before_after_table", "4.4"),
         _a("06", "Control charts: real change or noise", "", "6.2"))),
    Clause(
        "iso9001-10.2", ISO_9001, "10.2", "Nonconformity and corrective action",
        "When something goes wrong, deal with it, find the root cause, act so it does not "
        "happen again, and check the action worked.",
        (_a("04", "Where complaints come from (Pareto)", "pareto_chart", "3.2"),
         _a("04", "Root causes (fishbone)", "fishbone_table", "3.2"),
         _a("02", "Contingency planner", "contingency_planner", "2.4"))),
    Clause(
        "iso9001-10.3", ISO_9001, "10.3", "Continual improvement",
        "Keep improving how well the service works, using what monitoring, analysis and "
        "management review show, not a one-off fix.",
        (_a("06", "PDCA cycles and the improvement log", "", "6.1", "6.3"),
         _a("06", "Control charts: real change or noise", "", "6.2"),
         _a("06", "Project plan", "", "6.5"))),
    Clause(
        "iso10002-4", ISO_10002, "4", "Guiding principles of complaints handling",
        "Make complaining easy to find and use; respond promptly and fairly; keep personal "
        "details confidential; put the customer first; be clear who is accountable; use "
        "competent staff; keep improving the process.",
        (_a("04", "The procedure and the rules", "rules_table", "3.2"),
         _a("04", "Personal data in complaint text (redactor)", "redactor", "3.4"),
         _a("04", "De-escalation scenario", "deescalation_scenario", "3.3"))),
    Clause(
        "iso10002-7", ISO_10002, "7", "Operating the complaints process",
        "Receive and record each complaint, acknowledge it, assess and investigate it, "
        "respond, tell the customer the decision, and close it, tracking it at every step "
        "and within set times.",
        (_a("04", "Complaint triage exercise", "triage_exercise", "3.2"),
         _a("04", "Timeliness against the rules", "timeliness_table", "3.2"),
         _a("04", "Complaint-handling review", "complaint_review", "3.2"))),
    Clause(
        "iso10002-8", ISO_10002, "8", "Maintaining and improving complaints handling",
        "Analyse complaints for patterns and causes, measure how satisfied complainants are "
        "with the handling, monitor and review the process, and use what you learn to "
        "improve products and services.",
        (_a("04", "Complaint reader and top causes", "complaint_reader", "3.2"),
         _a("04", "What complaints cost, and who leaves", "cost_table", "3.2"),
         _a("06", "PDCA cycles and the improvement log", "", "6.1", "6.3"))),
    Clause(
        "iso18295-4.2", ISO_18295_1, "4.2", "Communicating with customers",
        "Tell customers clearly how to reach the centre and when, what service to expect "
        "(for example how quickly each channel answers) and how to complain.",
        (_a("02", "Service standards per channel", "standards_setter", "2.3"),
         _a("04", "The procedure and the rules", "procedure_table", "3.2"))),
    Clause(
        "iso18295-4.3", ISO_18295_1, "4.3", "Measuring and monitoring customer experience",
        "Measure the customer's experience as well as the centre's efficiency: satisfaction, "
        "effort, resolution and repeat contacts, and use them to improve.",
        (_a("03", "KPI dashboard", "kpi_dashboard", "5.1"),
         _a("03", "Intraday monitor", "intraday_monitor", "3.1"),
         _a("06", "Control charts: real change or noise", "", "6.2"))),
    Clause(
        "iso18295-4.4", ISO_18295_1, "4.4", "Complaints handling",
        "Have a complaints process the centre follows, consistent with the client's, with "
        "complaints recorded, handled in time and learned from.",
        (_a("04", "Complaint triage exercise", "triage_exercise", "3.2"),
         _a("04", "Timeliness against the rules", "timeliness_table", "3.2"))),
    Clause(
        "iso18295-4.5", ISO_18295_1, "4.5", "Protecting customers",
        "Protect customers' personal data and treat customers fairly, taking particular care "
        "of customers in vulnerable circumstances.",
        (_a("04", "Legal and regulatory duties", "duty", "3.4"),
         _a("04", "Personal data in complaint text (redactor)", "redactor", "3.4"))),
    Clause(
        "iso18295-people", ISO_18295_1, "Employees (topic)", "Competence and training",
        "Staff are recruited for the skills the work needs, trained before they handle "
        "customers and kept up to date, with their competence checked and developed.",
        (_a("05", "Recruiting against the framework", "shortlist_explorer", "4.1"),
         _a("05", "Training needs from the data", "training_needs_table", "4.2"),
         _a("05", "GROW coaching plan", "grow_plan", "4.3"))),
)


def clause(key: str) -> Clause:
    """A clause by its key, e.g. ``"iso9001-9.1.2"``.

    Example:
        >>> clause("iso10002-7").standard
        'ISO 10002:2018'
    """
    for item in CLAUSES:
        if item.key == key:
            return item
    raise ValueError(f"No clause {key!r}; the clauses are "
                     f"{', '.join(c.key for c in CLAUSES)}.")


def frame() -> pd.DataFrame:
    """The clauses as a table, one row per clause: key, standard, clause (its number or
    topic), title, what it asks for, where the course did it, the criteria and the source.

    Example:
        >>> table = frame()
        >>> len(table) == len(CLAUSES), table.loc[0, "course"].startswith("03 KPI dashboard")
        (True, True)
    """
    return pd.DataFrame({
        "key": [c.key for c in CLAUSES],
        "standard": [c.standard for c in CLAUSES],
        "clause": [c.clause_label for c in CLAUSES],
        "title": [c.title for c in CLAUSES],
        "asks": [c.asks for c in CLAUSES],
        "course": ["; ".join(a.label for a in c.course) for c in CLAUSES],
        "criteria": [", ".join(c.criteria) for c in CLAUSES],
        "source": [c.source for c in CLAUSES],
    })
