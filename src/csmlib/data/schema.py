"""One schema for the ten tables: every column's kind, unit, meaning and allowed values.

This module is the single home of the facts about the data. The data dictionary
(``csmlib.data.dictionary`` and ``datasets/README.md``), the loaders and the analysis
functions all read it, and one helper, :func:`validate`, checks a table against it with one
wording for every problem.

It imports nothing from csmlib (only pandas and numpy), so any layer can use it.

Example:
    >>> import pandas as pd
    >>> [column.name for column in TABLES["budget"]]
    ['month', 'line', 'budget_gbp', 'actual_gbp']
    >>> require_columns(pd.DataFrame({"wait_s": [3]}), "contacts", ["wait_s"])
    >>> require_columns(pd.DataFrame(), "contacts", ["wait_s"])
    Traceback (most recent call last):
    ...
    csmlib.data.schema.SchemaError: The contacts table has no column 'wait_s' (How long ...
    >>> validate(pd.DataFrame({"wait_s": [12, -5]}), "contacts", columns=["wait_s"])
    Traceback (most recent call last):
    ...
    csmlib.data.schema.SchemaError: The contacts table, column 'wait_s': row 1 holds -5, ...
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

KINDS: tuple[str, ...] = ("id", "text", "category", "flag", "integer", "number", "datetime",
                          "date")
#: The contact channels, in the order tables and charts show them.
CHANNELS: tuple[str, ...] = ("phone", "email", "chat", "social")

_KIND_WORDS = {"id": "reference", "text": "any text", "category": "a label",
               "flag": "True or False", "integer": "whole numbers", "number": "numbers",
               "datetime": "dates and times", "date": "dates (no time of day)"}


class SchemaError(ValueError):
    """A table does not match the schema: the message names the table, column, row and fix.

    The attributes ``table``, ``column``, ``row`` (position from 0, or None), ``row_id``
    and ``value`` let a caller (a loader, say) add where the row is in its file.
    """

    def __init__(self, message: str, *, table: str | None = None, column: str | None = None,
                 row: int | None = None, row_id: str | None = None,
                 value: Any = None) -> None:
        super().__init__(message)
        self.table, self.column, self.row, self.row_id, self.value = (table, column, row,
                                                                        row_id, value)


@dataclass(frozen=True)
class Column:
    """One column of one table: its kind, unit, meaning and what values it may hold.

    ``kind`` is one of ``KINDS``: "id" (a reference such as K0000001), "text" (free text),
    "category" (a label from a short list), "flag" (True/False), "integer", "number",
    "datetime" or "date". ``required`` columns must be present; optional ones may be left
    out. ``empty_allowed`` says whether a present column may have empty cells (NaN, NaT,
    None or ""). ``allowed`` lists the only values a category may take; ``minimum`` and
    ``maximum`` bound numbers; ``pattern`` is a regular expression text must match.

    Example:
        >>> wait = Column("wait_s", "integer", "seconds", "How long they waited.", minimum=0)
        >>> wait.rule()
        'whole numbers, 0 or more'
        >>> Column("team", "category", "name", "The team.", empty_allowed=True).rule()
        'a label; may be empty'
    """

    name: str
    kind: str
    unit: str
    meaning: str
    required: bool = True
    allowed: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    empty_allowed: bool = False
    pattern: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Column {self.name!r}: kind must be one of {', '.join(KINDS)}; "
                             f"got {self.kind!r}.")

    def rule(self) -> str:
        """What the column may hold, in plain words (the same words in errors and README)."""
        if self.allowed is not None:
            text = "one of " + ", ".join(str(value) for value in self.allowed)
        elif self.pattern is not None:
            text = f"text written as {self.unit}"
        else:
            text = _KIND_WORDS[self.kind]
            low, high = _number_text(self.minimum), _number_text(self.maximum)
            if low is not None and high is not None:
                text += f" from {low} to {high}"
            elif low is not None:
                text += f", {low} or more"
            elif high is not None:
                text += f", at most {high}"
        return text + ("; may be empty" if self.empty_allowed else "")


def _number_text(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


def _c(name: str, kind: str, unit: str, meaning: str, **rules: Any) -> Column:
    return Column(name, kind, unit, meaning, **rules)


_SCORE_1_5 = {"minimum": 1, "maximum": 5}
_NOT_ANSWERED = "; empty if the customer gave up before an agent answered"

#: what a customer's products are in each sector (customers.products_held counts them)
PRODUCTS_HELD: dict[str, tuple[str, ...]] = {
    "energy": ("electricity", "gas", "broadband"),
    "telecom": ("broadband", "TV", "mobile"),
    "retail": ("online account", "store card", "delivery pass"),
    "council": ("council tax or business rates", "garden or trade waste collection",
                "a permit or licence"),
    "insurance": ("home", "motor", "travel"),
}

#: the competencies two interviewers score for each applicant (candidates table), with what
#: each means
INTERVIEW_COMPETENCIES: dict[str, str] = {
    "empathy": "empathy (understanding the customer's situation and feelings)",
    "ownership": "ownership (seeing a customer's problem through to the end)",
    "communication": "clear communication",
    "problem_solving": "problem solving (finding and fixing the root of an issue)",
    "resilience": "resilience (staying calm and effective under pressure)",
}


def _interview_columns() -> tuple[Column, ...]:
    """interviewer_1_<competency>, interviewer_2_<competency> for each competency."""
    return tuple(
        _c(f"interviewer_{i}_{name}", "integer", "score 1–5", f"Interviewer {i}'s score for "
           f"{words}, on the behaviourally anchored scale (1 = no evidence, 5 = strong "
           "evidence in the applicant's examples).", **_SCORE_1_5)
        for name, words in INTERVIEW_COMPETENCIES.items() for i in (1, 2))


TABLES: dict[str, tuple[Column, ...]] = {
    "contacts": (
        _c("contact_id", "id", "id", "Unique reference of the contact."),
        _c("customer_id", "id", "id", "The customer who made contact (links to customers)."),
        _c("agent_id", "id", "id", "The agent who handled it" + _NOT_ANSWERED + ".",
           empty_allowed=True),
        _c("team", "category", "name", "The agent's team" + _NOT_ANSWERED + ".",
           empty_allowed=True),
        _c("channel", "category", "category", "How the customer got in touch.",
           allowed=CHANNELS),
        _c("arrived_at", "datetime", "date and time", "When the contact arrived."),
        _c("answered", "flag", "yes/no", "False if the customer abandoned (hung up or left "
           "the chat) before an agent answered."),
        _c("wait_s", "integer", "seconds", "How long the customer waited before an agent "
           "answered (or before hanging up). For email and social: time to first reply.",
           minimum=0),
        _c("handle_s", "integer", "seconds", "Total handle time: talk or typing time, plus "
           "hold, plus after-contact work (wrap-up); 0 if not answered. Average handle time "
           "(AHT) is its mean over answered contacts (brief §7).", minimum=0),
        _c("hold_s", "integer", "seconds", "Time the customer was on hold during the call: "
           "part of handle_s, never more than it; 0 if not answered or not a phone call.",
           required=False, minimum=0),
        _c("reason", "category", "category", "Why the customer got in touch, as recorded by "
           "the agent (the list depends on the sector)."),
        _c("resolved_first_contact", "flag", "yes/no", "The agent marked the issue as "
           "resolved on this contact (the agent's own flag)."),
        _c("transferred", "flag", "yes/no", "The contact was passed to another team."),
        _c("repeat_within_7d", "flag", "yes/no", "Looking back: the same customer had "
           "contacted us in the 7 days before this contact. It lands on the team that takes "
           "the repeat, not the one that left the issue open; use contacted_again_7d to "
           "judge a team.", required=False),
        _c("contacted_again_7d", "flag", "yes/no", "Looking forward: the same customer "
           "contacted us again, on any channel, within 7 days after this contact: the "
           "contact did not resolve the issue. Counted against this contact and its team. "
           "Empty for contacts in the last 7 days of the data: not known yet.",
           required=False, empty_allowed=True),
        _c("csat", "integer", "score 1–5", "Satisfaction survey answer (5 = very "
           "satisfied); empty if the customer was not surveyed or did not answer.",
           empty_allowed=True, **_SCORE_1_5),
        _c("nps", "integer", "score 0–10", "How likely to recommend (promoters 9–10, "
           "detractors 0–6); empty if not surveyed.", required=False, empty_allowed=True,
           minimum=0, maximum=10),
        _c("ces", "integer", "score 1–7", "Customer effort: 'it was easy to get my issue "
           "handled' (7 = strongly agree, low effort); empty if not surveyed.",
           required=False, empty_allowed=True, minimum=1, maximum=7),
        _c("comment", "text", "text", "The customer's own words in the survey; empty if "
           "none.", required=False, empty_allowed=True),
        _c("comment_theme", "category", "category", "The main theme of the comment as "
           "labelled by a quality analyst (used to check automatic theme finding); empty if "
           "none.", required=False, empty_allowed=True),
    ),
    "agents": (
        _c("agent_id", "id", "id", "Unique reference of the agent."),
        _c("team", "category", "name", "The team the agent belongs to."),
        _c("hire_date", "date", "date", "The agent's start date."),
        _c("tenure_months", "number", "months", "Length of service at the end of the "
           "period, or on the day the agent left.", minimum=0),
        _c("communication_score", "number", "score 1–5", "Competency assessment: clear, "
           "friendly communication.", **_SCORE_1_5),
        _c("empathy_score", "number", "score 1–5", "Competency assessment: understanding the "
           "customer's situation and feelings.", **_SCORE_1_5),
        _c("problem_solving_score", "number", "score 1–5", "Competency assessment: finding "
           "and fixing the root of the issue.", **_SCORE_1_5),
        _c("product_knowledge_score", "number", "score 1–5", "Competency assessment: "
           "products, tariffs, policies.", **_SCORE_1_5),
        _c("systems_use_score", "number", "score 1–5", "Competency assessment: using the "
           "systems quickly and accurately.", **_SCORE_1_5),
        _c("left_on", "date", "date", "The day the agent left the organisation (their first "
           "day no longer employed); empty if still employed. Leavers are replaced by new "
           "hires, whose start date falls within the period.", required=False,
           empty_allowed=True),
    ),
    "qa_evaluations": (
        _c("evaluation_id", "id", "id", "Unique reference of the evaluation."),
        _c("agent_id", "id", "id", "The agent evaluated."),
        _c("evaluated_at", "datetime", "date and time", "When the evaluation was done."),
        _c("greeting_score", "integer", "score 1–5", "Opening: greeting, identification, "
           "data protection.", **_SCORE_1_5),
        _c("understanding_need_score", "integer", "score 1–5", "Questions to understand the "
           "need.", **_SCORE_1_5),
        _c("accuracy_score", "integer", "score 1–5", "Correct information and actions.",
           **_SCORE_1_5),
        _c("empathy_score", "integer", "score 1–5", "Acknowledging feelings and "
           "circumstances.", **_SCORE_1_5),
        _c("resolution_score", "integer", "score 1–5", "Resolving, or setting clear next "
           "steps.", **_SCORE_1_5),
        _c("compliance_score", "integer", "score 1–5", "Following rules: GDPR, "
           "vulnerability, complaints.", **_SCORE_1_5),
        _c("total_score", "number", "% (0–100)", "All items combined: 0 if every item "
           "scored 1, 100 if every item scored 5.", minimum=0, maximum=100),
    ),
    "training": (
        _c("agent_id", "id", "id", "The agent trained."),
        _c("course", "category", "name", "The course completed."),
        _c("completed_at", "datetime", "date and time", "When the agent completed it."),
        _c("reaction_score", "integer", "score 1–5", "The agent's end-of-course feedback: "
           "how useful and enjoyable they found it (Kirkpatrick level 1, reaction). Liking a "
           "course does not show that it works.", required=False, **_SCORE_1_5),
        _c("test_score", "integer", "% (0–100)", "The agent's mark in the learning test at "
           "the end of the course (Kirkpatrick level 2, learning).", required=False,
           minimum=0, maximum=100),
    ),
    "complaints": (
        _c("complaint_id", "id", "id", "Unique reference of the complaint."),
        _c("customer_id", "id", "id", "The customer complaining."),
        _c("contact_id", "id", "id", "The contact that led to the complaint."),
        _c("received_at", "datetime", "date and time", "When the complaint was received."),
        _c("channel", "category", "category", "How it was made.", allowed=CHANNELS),
        _c("category", "category", "category", "What the complaint is about (the list "
           "depends on the sector)."),
        _c("severity", "category", "category", "Impact on the customer.",
           allowed=("low", "medium", "high")),
        _c("vulnerable", "flag", "yes/no", "The customer has circumstances that make them "
           "vulnerable (illness, bereavement, disability, financial hardship…)."),
        _c("route", "category", "category", "The triage route, decided in this order: "
           "'priority: vulnerable customer' when the customer is vulnerable (a named case "
           "handler, adjustments, a Priority Services Register check); 'escalate: senior "
           "handler' for high severity or a threat to go to the ombudsman, a regulator, an MP "
           "or the media; 'resolve now' for other low-severity complaints (put right by the "
           "close of the third business day); otherwise 'investigate' (the standard "
           "complaints process).",
           allowed=("resolve now", "investigate", "priority: vulnerable customer",
                    "escalate: senior handler")),
        _c("description", "text", "text", "The complaint in the words logged; some contain "
           "personal data (all fictional) that must be protected."),
        _c("contains_personal_data", "flag", "yes/no", "The description holds personal data "
           "such as a name, phone number, email, postcode or account number.",
           required=False),
        _c("acknowledged_at", "datetime", "date and time", "When the customer was told the "
           "complaint was received; empty if not yet acknowledged when the data ends.",
           empty_allowed=True),
        _c("resolved_at", "datetime", "date and time", "When the final response was sent; "
           "empty if still open at the end of the data.", empty_allowed=True),
        _c("deadlock_letter_at", "datetime", "date and time", "When a deadlock letter was "
           "sent: a final response saying the organisation can do no more, which lets the "
           "customer go to the ombudsman before the weeks allowed have passed (only under "
           "rules that use deadlock letters, for complaints not upheld or partly upheld); "
           "empty when none.", empty_allowed=True),
        _c("outcome", "category", "category", "The decision; open if not yet decided.",
           allowed=("upheld", "partially upheld", "not upheld", "open")),
        _c("redress_gbp", "number", "£", "Money paid to put things right (goodwill, refunds, "
           "compensation).", minimum=0),
        _c("root_cause", "category", "category", "What caused the problem, after "
           "investigation; 'under investigation' while the complaint is open.",
           allowed=("process gap", "system error", "agent error", "policy", "third party",
                    "communication", "under investigation")),
        _c("referred_to_ombudsman", "flag", "yes/no", "The customer took it to the "
           "ombudsman or ADR scheme for its category (energy: the Energy Ombudsman; "
           "broadband: the Communications Ombudsman)."),
        _c("ombudsman_outcome", "category", "category", "What the ombudsman found: upheld, "
           "partially upheld or not upheld (for or against the customer), or pending while "
           "it decides; empty when not referred.",
           allowed=("upheld", "partially upheld", "not upheld", "pending"),
           empty_allowed=True),
    ),
    "customers": (
        _c("customer_id", "id", "id", "Unique reference of the customer."),
        _c("segment", "category", "category", "The kind of customer (product or account "
           "type)."),
        _c("annual_value_gbp", "number", "£ a year", "What the customer spends with the "
           "organisation in a year.", minimum=0),
        _c("joined_on", "date", "date", "When the customer joined (opened their account); "
           "everyone in the table was a customer when the data starts.", required=False),
        _c("tenure_months", "integer", "months", "How long they have been a customer: whole "
           "months from joined_on to the end of the data (counted to the end for customers "
           "who left too, so everyone is measured the same way).", minimum=0,
           required=False),
        _c("products_held", "integer", "products", "How many of the organisation's products "
           "or services the customer holds, 1 to 3 (" + "; ".join(
               f"{sector}: {', '.join(names)}" for sector, names in PRODUCTS_HELD.items())
           + ").", minimum=1, maximum=3, required=False),
        _c("churned", "flag", "yes/no", "The customer left during the period (the "
           "council: moved away or closed the account)."),
        _c("churned_at", "date", "date", "When they left; empty if they stayed.",
           required=False, empty_allowed=True),
    ),
    "interval_plan": (
        _c("interval_start", "datetime", "date and time", "Start of the half-hour."),
        _c("channel", "category", "category", "The channel planned.", allowed=CHANNELS),
        _c("forecast_contacts", "number", "contacts", "Contacts expected in the half-hour.",
           minimum=0),
        _c("forecast_aht_s", "number", "seconds", "Average handle time expected.",
           minimum=0),
        _c("scheduled_agents", "integer", "agents", "Agents scheduled on shift for this "
           "channel in the half-hour, paid and expected present, including those on a break "
           "or in coaching (so about (1 − on-shift shrinkage) of them are free to take "
           "contacts); before the day's unplanned absence.", minimum=0),
    ),
    "budget": (
        _c("month", "text", "year-month (YYYY-MM)", "The month.",
           pattern=r"\d{4}-(0[1-9]|1[0-2])"),
        _c("line", "category", "name", "The cost line."),
        _c("budget_gbp", "number", "£", "Planned spend.", minimum=0),
        _c("actual_gbp", "number", "£", "Actual spend.", minimum=0),
    ),
    "attendance": (
        _c("agent_id", "id", "id", "The agent rostered (links to agents)."),
        _c("date", "date", "date", "The working day."),
        _c("scheduled_hours", "number", "hours", "Paid shift hours rostered that day, breaks "
           "included.", minimum=0, maximum=24),
        _c("absent", "flag", "yes/no", "The agent did not come in: unplanned absence such as "
           "sickness (planned leave and training days are not rostered, so not in this "
           "table)."),
        _c("on_shift_shrinkage_hours", "number", "hours", "Time on shift not available for "
           "contacts: breaks, coaching and team meetings; 0 when absent.", minimum=0,
           maximum=24),
        _c("adherence_pct", "number", "% (0–100)", "Schedule adherence: the share of the "
           "scheduled time the agent spent doing the scheduled activity (on the phones, on "
           "a break, in coaching) at the scheduled time; empty when absent.",
           empty_allowed=True, minimum=0, maximum=100),
        _c("worked_hours", "number", "hours", "Hours the agent was logged in that day, from "
           "log-in to log-out, breaks included, whenever they were worked; 0 when absent. "
           "Conformance is worked ÷ scheduled hours.", required=False, minimum=0,
           maximum=24),
    ),
    "candidates": (
        _c("candidate_id", "id", "id", "Unique reference of the applicant."),
        _c("applied_on", "date", "date", "The day the application arrived."),
        _c("age_band", "category", "category", "The applicant's age group, recorded for "
           "monitoring fairness only (age is a protected characteristic under the Equality "
           "Act 2010) and never shown to the interviewers.",
           allowed=("under 25", "25 and over")),
        _c("cv_experience_score", "integer", "score 1–5", "Relevant experience read from the "
           "CV: 1 = none, 5 = several years in customer service.", **_SCORE_1_5),
        *_interview_columns(),
        _c("hired", "flag", "yes/no", "The applicant was offered the post and started as an "
           "agent."),
        _c("agent_id", "id", "id", "The agent the applicant became (links to agents); empty "
           "if not hired, or hired but left before the data starts.", empty_allowed=True),
    ),
}

TABLE_ABOUT: dict[str, str] = {
    "contacts": "One row per customer contact (call, email, chat or social message).",
    "agents": "One row per front-line agent, with team, start date and competency scores.",
    "qa_evaluations": "Quality checks of agents' contacts, scored against a checklist.",
    "training": "Which agent completed which course, and when.",
    "complaints": ("Complaints logged under the complaints procedure, from receipt to outcome. "
                   "A complaint is any expression of dissatisfaction where the customer expects "
                   "a response, even one put right on the spot, and each is recorded when "
                   "received (for energy: the Gas and Electricity (Consumer Complaints Handling "
                   "Standards) Regulations 2008, regulations 2 and 4). Which rules and which "
                   "ombudsman apply depends on the sector and the complaint's category: an "
                   "energy supplier's broadband complaints fall under Ofcom's rules. Each "
                   "complaint has a triage route, a root cause (its description gives clues to "
                   "it), and, where the customer went to the ombudsman, the ombudsman's "
                   "finding; deadlines count business days (Monday to Friday, England and "
                   "Wales bank holidays excluded) or the weeks the rules allow."),
    "customers": "Customers: segment, what they are worth a year, and whether they left.",
    "interval_plan": "The plan for each half-hour: forecast contacts, handle time and agents.",
    "budget": "Monthly budget against actual spend, by cost line.",
    "attendance": "One row per agent per rostered working day: shift hours, absence, "
                  "breaks and coaching, and schedule adherence.",
    "candidates": "One row per applicant for an agent post in the two years before the data "
                  "starts: age group (for the fairness check), CV experience, two "
                  "interviewers' scores for five competencies, and whether they were hired. "
                  "Every agent who started in those two years is one of them; those hired "
                  "who left before the data starts have no agent reference.",
}

#: The columns that name a row in messages (a table's id, or what identifies its rows).
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "contacts": ("contact_id",), "agents": ("agent_id",),
    "qa_evaluations": ("evaluation_id",), "training": ("agent_id", "course"),
    "complaints": ("complaint_id",), "customers": ("customer_id",),
    "interval_plan": ("interval_start", "channel"), "budget": ("month", "line"),
    "attendance": ("agent_id", "date"), "candidates": ("candidate_id",),
}


# ------------------------------------------------------------------ look-ups
def table_columns(table: str) -> tuple[Column, ...]:
    """The columns of one table, in order; an unknown table lists the tables.

    Example:
        >>> [c.name for c in table_columns("training")]
        ['agent_id', 'course', 'completed_at', 'reaction_score', 'test_score']
    """
    try:
        return TABLES[table]
    except (KeyError, TypeError):
        raise SchemaError(f"There is no table {table!r}; the tables are "
                          f"{', '.join(TABLES)}.", table=table) from None


def column(table: str, name: str) -> Column:
    """One column of one table.

    Example:
        >>> column("contacts", "csat").maximum
        5
    """
    for candidate in table_columns(table):
        if candidate.name == name:
            return candidate
    raise SchemaError(f"The {table} table has no column {name!r} in the schema; its columns "
                      f"are {', '.join(c.name for c in TABLES[table])}.", table=table,
                      column=name)


def columns_of_kind(table: str, *kinds: str, empty_allowed: bool | None = None) -> list[str]:
    """Names of a table's columns of the given kinds (optionally only those that may be empty).

    Example:
        >>> columns_of_kind("complaints", "datetime")
        ['received_at', 'acknowledged_at', 'resolved_at', 'deadlock_letter_at']
    """
    return [c.name for c in table_columns(table) if c.kind in kinds
            and (empty_allowed is None or c.empty_allowed == empty_allowed)]


# ------------------------------------------------------------------ checking
def _about(table: str, name: str) -> str:
    meaning = next((c.meaning for c in TABLES.get(table, ()) if c.name == name), "")
    return f" ({meaning.rstrip('.')})" if meaning else ""


def require_columns(frame: pd.DataFrame, table: str, columns: Iterable[str]) -> None:
    """Raise :class:`SchemaError` naming the first of ``columns`` that ``frame`` lacks (or
    saying that ``frame`` is not a table at all).

    Example:
        >>> import pandas as pd
        >>> require_columns(pd.DataFrame({"channel": []}), "contacts", ["channel"])
        >>> require_columns(None, "contacts", ["channel"])
        Traceback (most recent call last):
        ...
        csmlib.data.schema.SchemaError: The contacts table must be a pandas DataFrame ...
    """
    if not isinstance(frame, pd.DataFrame):
        raise SchemaError(f"The {table} table must be a pandas DataFrame (a table), not "
                          f"{type(frame).__name__}: load it with csmlib.data.load or "
                          "pandas.read_csv first.", table=table)
    if isinstance(columns, str):
        columns = [columns]
    if not isinstance(columns, Iterable):
        raise SchemaError(f"columns must be a list of column names such as ['wait_s']; got "
                          f"{columns!r}.", table=table)
    for name in columns:
        if name not in frame.columns:
            raise SchemaError(f"The {table} table has no column {name!r}{_about(table, name)}. "
                              "Add it, or map one of your columns to it.", table=table,
                              column=name)


def validate(frame: pd.DataFrame, table: str, *, columns: Iterable[str] | None = None) -> None:
    """Check ``frame`` against the schema of ``table``; raise :class:`SchemaError` if it fails.

    Checks that every required column is present (or every one of ``columns``, when given:
    then only those are checked), and for each schema column present: its kind (flags are
    real True/False values, not text such as "no"; numbers are numeric; dates and times are
    datetime64), empty cells only where allowed, allowed values, patterns and ranges.
    Columns the schema does not know are left alone; a table with no rows only needs its
    columns. It does not check that ids are unique or that tables link up. The message
    names the table, column, first bad row (its position from 0 and its id), the bad value,
    what is allowed, and how many rows have the problem.

    Example:
        >>> import pandas as pd
        >>> contacts = pd.DataFrame({"contact_id": ["K1", "K2"], "channel": ["phone", "fax"]})
        >>> validate(contacts, "contacts", columns=["contact_id"])
        >>> validate(contacts, "contacts", columns=["channel"])
        Traceback (most recent call last):
        ...
        csmlib.data.schema.SchemaError: The contacts table, column 'channel': row 1 ...
    """
    if not isinstance(frame, pd.DataFrame):
        raise SchemaError(f"The {table} table must be a pandas DataFrame; got "
                          f"{type(frame).__name__}.", table=table)
    schema = table_columns(table)
    if columns is None:
        to_check = [c for c in schema if c.name in frame.columns]
        missing = [c.name for c in schema if c.required and c.name not in frame.columns]
    else:
        wanted = list(columns)
        to_check = [column(table, name) for name in wanted]
        missing = [name for name in wanted if name not in frame.columns]
    if missing:
        also = (f" Also missing: {', '.join(repr(m) for m in missing[1:])}."
                if len(missing) > 1 else "")
        raise SchemaError(f"The {table} table has no column {missing[0]!r}"
                          f"{_about(table, missing[0])}. Add it, or map one of your columns to "
                          f"it.{also}", table=table, column=missing[0])
    if frame.columns.has_duplicates:
        twice = frame.columns[frame.columns.duplicated()][0]
        raise SchemaError(f"The {table} table has the column {twice!r} twice; keep one.",
                          table=table, column=twice)
    if len(frame) == 0:
        return  # no rows, nothing to check (an empty column's dtype means nothing)
    for spec in to_check:
        _check_column(frame, table, spec)


# -------------------------------------------------------------- column checks
def _check_column(frame: pd.DataFrame, table: str, spec: Column) -> None:
    series = frame[spec.name]
    checker = _CHECKERS[spec.kind]
    problem = checker(series, spec)
    if problem is not None:
        bad, what = problem
        _raise(frame, table, spec, bad, what)


_Problem = tuple[np.ndarray, str] | None


def _empty_mask(series: pd.Series) -> np.ndarray:
    """Empty cells: NaN, NaT, None, pd.NA, and "" in text columns."""
    if _is_object(series) or isinstance(series.dtype, pd.StringDtype):
        values = series.to_numpy(dtype=object)
        return pd.isna(values) | (values == "")
    return series.isna().to_numpy()


def _check_empty(series: pd.Series, spec: Column, empty: np.ndarray) -> _Problem:
    if not spec.empty_allowed and empty.any():
        return empty, "is empty, but this column must always have a value"
    return None


def _is_text_dtype(series: pd.Series) -> bool:
    return _is_object(series) or isinstance(series.dtype,
                                            pd.StringDtype | pd.CategoricalDtype)


def _is_object(series: pd.Series) -> bool:
    return pd.api.types.is_object_dtype(series.dtype)


def _check_text_empty(series: pd.Series, spec: Column) -> _Problem:
    """Empty cells in a text-like column, only where they are not allowed (fast when none)."""
    if spec.empty_allowed:
        return None
    if _is_object(series) or isinstance(series.dtype, pd.StringDtype):
        values = series.to_numpy(dtype=object)
        if (pd.api.types.infer_dtype(values, skipna=False) == "string"
                and not (values == "").any()):
            return None  # every cell is non-empty text: the common case, checked quickly
    return _check_empty(series, spec, _empty_mask(series))


def _check_id(series: pd.Series, spec: Column) -> _Problem:
    if pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_float_dtype(series.dtype):
        return _everything(series), "which is not a reference: store ids as text"
    if pd.api.types.is_integer_dtype(series.dtype):
        return _check_empty(series, spec, series.isna().to_numpy())
    if not _is_text_dtype(series):
        return _everything(series), "which is not a reference: store ids as text"
    return _check_text_empty(series, spec)


def _check_text(series: pd.Series, spec: Column) -> _Problem:
    if not _is_text_dtype(series):
        return _everything(series), "which is not text"
    problem = _check_text_empty(series, spec)
    if problem is not None or spec.pattern is None:
        return problem
    present = ~_empty_mask(series)
    ok = series[present].astype(str).str.fullmatch(spec.pattern).to_numpy(dtype=bool)
    if ok.all():
        return None
    bad = np.zeros(len(series), dtype=bool)
    bad[np.flatnonzero(present)[~ok]] = True
    return bad, f"which is not written as {spec.unit}"


def _check_category(series: pd.Series, spec: Column) -> _Problem:
    if not _is_text_dtype(series):
        return _everything(series), "which is not a text label"
    if spec.allowed is None:
        return _check_text_empty(series, spec)
    # one pass over the rows (factorize), then the few distinct labels are checked
    plain = series if isinstance(series.dtype, pd.CategoricalDtype) else series.to_numpy(
        dtype=object)
    codes, labels = pd.factorize(plain, use_na_sentinel=True)
    allowed = set(spec.allowed)
    outside = [i for i, label in enumerate(labels) if label not in allowed]
    if not outside and (spec.empty_allowed or (codes >= 0).all()):
        return None
    empty = _empty_mask(series)
    problem = _check_empty(series, spec, empty)
    if problem is not None:
        return problem
    bad = np.isin(codes, outside) & ~empty
    if not bad.any():
        return None
    return bad, "which is not one of the allowed values"


def _check_flag(series: pd.Series, spec: Column) -> _Problem:
    dtype = series.dtype
    if isinstance(dtype, pd.BooleanDtype):
        return _check_empty(series, spec, series.isna().to_numpy())
    if pd.api.types.is_bool_dtype(dtype):
        return None
    empty = series.isna().to_numpy()
    if _is_object(series):
        values = series.to_numpy(dtype=object)
        ok = np.fromiter((isinstance(v, bool | np.bool_) for v in values), dtype=bool,
                         count=len(values))
        if (ok | empty).all():
            return _check_empty(series, spec, empty)
        return ~ok & ~empty, _flag_hint(values[~ok & ~empty][0])
    return _everything(series), _flag_hint(series.iloc[0] if len(series) else None)


def _flag_hint(value: Any) -> str:
    if isinstance(value, str):
        return ("which is text, not a yes/no value: convert the column to True/False "
                "booleans first")
    return "which is not a yes/no value: store True or False"


def _numeric_problem(series: pd.Series) -> _Problem:
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return _everything(series), "which is a yes/no value, not a number"
    if pd.api.types.is_numeric_dtype(dtype):
        return None
    empty = series.isna().to_numpy()
    if _is_object(series):
        return _not_number(series, empty), ("which is not a number (convert the column with "
                                            "pd.to_numeric)")
    return _everything(series), f"which is not a number (the column holds {dtype})"


def _not_number(series: pd.Series, empty: np.ndarray) -> np.ndarray:
    values = series.to_numpy(dtype=object)
    ok = np.fromiter((isinstance(v, int | float | np.integer | np.floating)
                      and not isinstance(v, bool | np.bool_) for v in values), dtype=bool,
                     count=len(values))
    bad = ~ok & ~empty
    return bad if bad.any() else _everything(series)


def _check_number(series: pd.Series, spec: Column, whole: bool = False) -> _Problem:
    problem = _numeric_problem(series)
    if problem is not None:
        return problem
    values = series.to_numpy(dtype=float, na_value=np.nan)
    empty = np.isnan(values)
    problem = _check_empty(series, spec, empty)
    if problem is not None:
        return problem
    if np.isinf(values).any():
        return np.isinf(values), "which is infinite"
    if whole and not pd.api.types.is_integer_dtype(series.dtype):
        fraction = ~empty & (values != np.round(values))
        if fraction.any():
            return fraction, "which is not a whole number"
    if spec.minimum is not None:
        below = values < spec.minimum
        if below.any():
            return below, f"which is below the minimum of {spec.minimum:g}"
    if spec.maximum is not None:
        above = values > spec.maximum
        if above.any():
            return above, f"which is above the maximum of {spec.maximum:g}"
    return None


def _check_integer(series: pd.Series, spec: Column) -> _Problem:
    return _check_number(series, spec, whole=True)


def _check_datetime(series: pd.Series, spec: Column) -> _Problem:
    if not pd.api.types.is_datetime64_any_dtype(series.dtype):
        hint = (" (convert it with pd.to_datetime)" if _is_object(series)
                or isinstance(series.dtype, pd.StringDtype) else "")
        empty = series.isna().to_numpy()
        bad = ~empty if (~empty).any() else _everything(series)
        return bad, f"which is not a date and time{hint}"
    return _check_empty(series, spec, series.isna().to_numpy())


def _check_date(series: pd.Series, spec: Column) -> _Problem:
    empty = series.isna().to_numpy()
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        problem = _check_empty(series, spec, empty)
        if problem is not None:
            return problem
        timed = (series != series.dt.normalize()).to_numpy() & ~empty
        if timed.any():
            return timed, "which has a time of day; this column holds dates only"
        return None
    if _is_object(series):
        values = series.to_numpy(dtype=object)
        ok = np.fromiter((isinstance(v, _dt.date) and not isinstance(v, _dt.datetime)
                          for v in values), dtype=bool, count=len(values))
        if not (ok | empty).all():
            return ~ok & ~empty, "which is not a date (convert it with pd.to_datetime)"
        return _check_empty(series, spec, empty)
    return _everything(series), "which is not a date (convert it with pd.to_datetime)"


def _everything(series: pd.Series) -> np.ndarray:
    return np.ones(len(series), dtype=bool)


_CHECKERS = {"id": _check_id, "text": _check_text, "category": _check_category,
             "flag": _check_flag, "integer": _check_integer, "number": _check_number,
             "datetime": _check_datetime, "date": _check_date}


def _show(value: Any) -> str:
    if value is None or value is pd.NA or value is pd.NaT or (
            isinstance(value, float) and np.isnan(value)):
        return "nothing"
    if isinstance(value, pd.Timestamp):
        return str(value)
    if isinstance(value, np.generic):
        value = value.item()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _raise(frame: pd.DataFrame, table: str, spec: Column, bad: np.ndarray, what: str) -> None:
    positions = np.flatnonzero(bad)
    row = int(positions[0])
    value = frame[spec.name].iloc[row]
    keys = [k for k in ROW_KEYS.get(table, ()) if k in frame.columns and k != spec.name]
    row_id = ", ".join(f"{k} {_plain(frame[k].iloc[row])}" for k in keys)
    where = f"row {row}" + (f" ({row_id})" if row_id else "")
    if what.startswith("is empty"):
        said = f"{where} {what}"
    else:
        said = f"{where} holds {_show(value)}, {what}"
    count = len(positions)
    if count > 1:
        tally = (f"{count:,} of {len(frame):,} rows have this problem; correct them or remove "
                 "those rows.")
    else:
        tally = f"1 of {len(frame):,} rows has this problem; correct it or remove that row."
    unit = f" ({spec.unit})" if spec.unit not in ("id", "text", "category", "name") else ""
    raise SchemaError(f"The {table} table, column {spec.name!r}: {said}. Allowed: "
                      f"{spec.rule()}{unit}. {tally}", table=table, column=spec.name, row=row,
                      row_id=row_id or None, value=value)


def _plain(value: Any) -> str:
    if isinstance(value, pd.Timestamp):
        return str(value)
    return str(value) if not isinstance(value, float) or not np.isnan(value) else "(empty)"

