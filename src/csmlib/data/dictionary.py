"""The data dictionary: every table and column, its kind, unit and meaning, in plain words.

Everything here is read from the one schema, ``csmlib.data.schema`` (and the planning
assumptions from ``csmlib.data.planning_assumptions``): this module only presents them, as look-ups,
a table per data set, and the Markdown of ``datasets/README.md``, which
``csm data generate`` writes.

Columns also have a **heading** for people ("Wait (seconds)", never ``wait_s``), used by
every table and chart that shows the data, and each table names what one row is
("contacts", "quality checks"), so a chart can say "Number of contacts", not "Rows".

Example:
    >>> describe("contacts", "wait_s")[0]
    'seconds'
    >>> heading("contacts", "wait_s"), row_unit("qa_evaluations")
    ('Wait (seconds)', 'quality checks')
    >>> heading("customers", "tenure_months"), heading("agents", "tenure_months")
    ('Time as a customer (months)', 'Time in the job (months)')
    >>> table_dictionary("budget").loc[0, "allowed"]
    'text written as year-month (YYYY-MM)'
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from csmlib.analysis import checks
from csmlib.data.planning_assumptions import Assumptions
from csmlib.data.planning_assumptions import describe as describe_assumptions
from csmlib.data.schema import TABLE_ABOUT, TABLES, Column

__all__ = ["COLUMNS", "HEADINGS", "KIND_WORDS", "TABLE_ABOUT", "TABLE_TITLES", "describe",
           "heading", "markdown", "row_unit", "short_name", "table_dictionary", "table_title"]

#: table -> column -> (unit, meaning), in the schema's order (read from the schema)
COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    table: {c.name: (c.unit, c.meaning) for c in columns} for table, columns in TABLES.items()
}

_HEADINGS = ["column", "kind", "unit", "allowed", "required", "meaning"]

#: table -> (title for people, what one row is: plural, singular)
TABLE_TITLES: dict[str, tuple[str, str, str]] = {
    "contacts": ("Contacts", "contacts", "contact"),
    "agents": ("Agents", "agents", "agent"),
    "qa_evaluations": ("Quality checks", "quality checks", "quality check"),
    "training": ("Training completed", "courses completed", "course completed"),
    "complaints": ("Complaints", "complaints", "complaint"),
    "customers": ("Customers", "customers", "customer"),
    "interval_plan": ("Half-hour plan", "planned half-hours", "planned half-hour"),
    "budget": ("Budget", "budget lines", "budget line"),
    "attendance": ("Attendance", "agent working days", "agent working day"),
    "candidates": ("Applicants", "applicants", "applicant"),
}

#: Each kind of column in plain words (for the dictionary a manager reads).
KIND_WORDS: dict[str, str] = {
    "id": "reference", "text": "free text", "category": "label from a list",
    "flag": "yes or no", "integer": "whole number", "number": "number",
    "datetime": "date and time", "date": "date",
}

#: Headings for people, with units: the same column name means the same in every table,
#: except where a table says otherwise (``_TABLE_HEADINGS``).
_COMMON_HEADINGS: dict[str, str] = {
    "contact_id": "Contact ref", "customer_id": "Customer ref", "agent_id": "Agent ref",
    "team": "Team", "channel": "Channel", "arrived_at": "Arrived", "answered": "Answered",
    "wait_s": "Wait (seconds)", "handle_s": "Handle time incl. hold (seconds)",
    "hold_s": "Hold (seconds)",
    "reason": "Reason for contact",
    "resolved_first_contact": "Resolved first time (agent's view)",
    "transferred": "Transferred", "repeat_within_7d": "Had contacted us in the 7 days before",
    "contacted_again_7d": "Contacted us again within 7 days",
    "csat": "Satisfaction (score 1–5)", "nps": "Likelihood to recommend (score 0–10)",
    "ces": "Customer effort (score 1–7)", "comment": "Comment",
    "comment_theme": "Comment theme",
    "hire_date": "Start date", "tenure_months": "Time in the job (months)",
    "communication_score": "Communication (score 1–5)",
    "empathy_score": "Empathy (score 1–5)",
    "problem_solving_score": "Problem solving (score 1–5)",
    "product_knowledge_score": "Product knowledge (score 1–5)",
    "systems_use_score": "Systems use (score 1–5)", "left_on": "Left the job on",
    "evaluation_id": "Quality check ref", "evaluated_at": "Checked on",
    "greeting_score": "Greeting (score 1–5)",
    "understanding_need_score": "Understanding the need (score 1–5)",
    "accuracy_score": "Accuracy (score 1–5)", "resolution_score": "Resolution (score 1–5)",
    "compliance_score": "Compliance (score 1–5)", "total_score": "Total score (%)",
    "course": "Course", "completed_at": "Completed",
    "complaint_id": "Complaint ref", "received_at": "Received", "category": "Category",
    "severity": "Severity", "vulnerable": "Vulnerable customer", "description": "Description",
    "contains_personal_data": "Holds personal data",
    "acknowledged_at": "Acknowledged", "resolved_at": "Final response sent",
    "outcome": "Outcome", "redress_gbp": "Redress (£)", "root_cause": "Root cause",
    "referred_to_ombudsman": "Taken to the ombudsman",
    "route": "Triage route", "deadlock_letter_at": "Deadlock letter sent",
    "ombudsman_outcome": "Ombudsman's finding",
    "segment": "Segment", "annual_value_gbp": "Value (£ a year)", "churned": "Left us",
    "churned_at": "Left on", "joined_on": "Customer since",
    "products_held": "Products held (number)",
    "interval_start": "Half-hour starting", "forecast_contacts": "Forecast contacts",
    "forecast_aht_s": "Forecast handle time (seconds)", "scheduled_agents": "Agents scheduled",
    "month": "Month", "line": "Cost line", "budget_gbp": "Budget (£)",
    "actual_gbp": "Actual spend (£)",
    "date": "Date", "scheduled_hours": "Shift (hours)", "absent": "Absent",
    "on_shift_shrinkage_hours": "Breaks and coaching (hours)",
    "adherence_pct": "Schedule adherence (%)",
    "worked_hours": "Hours logged in",
    "reaction_score": "Course feedback (score 1–5)", "test_score": "Course test (%)",
    "candidate_id": "Applicant ref", "applied_on": "Applied on", "age_band": "Age group",
    "cv_experience_score": "Experience on CV (score 1–5)",
    "interviewer_1_empathy": "Empathy: interviewer 1 (score 1–5)",
    "interviewer_2_empathy": "Empathy: interviewer 2 (score 1–5)",
    "interviewer_1_ownership": "Ownership: interviewer 1 (score 1–5)",
    "interviewer_2_ownership": "Ownership: interviewer 2 (score 1–5)",
    "interviewer_1_communication": "Communication: interviewer 1 (score 1–5)",
    "interviewer_2_communication": "Communication: interviewer 2 (score 1–5)",
    "interviewer_1_problem_solving": "Problem solving: interviewer 1 (score 1–5)",
    "interviewer_2_problem_solving": "Problem solving: interviewer 2 (score 1–5)",
    "interviewer_1_resilience": "Resilience: interviewer 1 (score 1–5)",
    "interviewer_2_resilience": "Resilience: interviewer 2 (score 1–5)",
    "hired": "Hired",
}
_TABLE_HEADINGS: dict[tuple[str, str], str] = {
    ("customers", "tenure_months"): "Time as a customer (months)",
}

#: table -> column -> heading for people, for every column of the schema (a test checks it)
HEADINGS: dict[str, dict[str, str]] = {
    table: {c.name: _TABLE_HEADINGS.get((table, c.name), _COMMON_HEADINGS.get(c.name, ""))
            for c in columns}
    for table, columns in TABLES.items()
}


class UnknownName(KeyError, ValueError):
    """A table or column the dictionary does not know (a KeyError and a ValueError)."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""


def describe(table: str, column: str) -> tuple[str, str]:
    """Unit and meaning of one column.

    Example:
        >>> describe("budget", "actual_gbp")[0]
        '£'
    """
    checks.text("table", table, "contacts")
    checks.text("column", column, "wait_s")
    try:
        return COLUMNS[table][column]
    except KeyError:
        raise UnknownName(f"No column {column!r} in table {table!r} of the data dictionary; "
                          f"its columns are {', '.join(COLUMNS.get(table, {})) or 'none'}."
                          ) from None


def _known_table(table: str) -> None:
    checks.text("table", table, "contacts")
    if table not in TABLES:
        raise UnknownName(f"There is no table {table!r}; the tables are {', '.join(TABLES)}.")


def heading(table: str, column: str) -> str:
    """The column's heading for people, with its unit, e.g. ``"Wait (seconds)"``.

    Example:
        >>> heading("budget", "actual_gbp")
        'Actual spend (£)'
    """
    describe(table, column)  # a clear error for an unknown table or column
    return HEADINGS[table][column] or column.replace("_", " ").capitalize()


def short_name(table: str, column: str) -> str:
    """The heading without its unit, in lower case, to use inside a sentence or a title.

    Example:
        >>> short_name("contacts", "wait_s"), short_name("contacts", "csat")
        ('wait', 'satisfaction')
    """
    text = heading(table, column).split(" (")[0]
    return text[0].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text


def table_title(table: str) -> str:
    """The table's name for people, e.g. ``"Quality checks"`` for ``qa_evaluations``.

    Example:
        >>> table_title("interval_plan")
        'Half-hour plan'
    """
    _known_table(table)
    return TABLE_TITLES[table][0]


def row_unit(table: str, count: int | None = None) -> str:
    """What one row of the table is, in the plural (or singular when ``count`` is 1).

    Example:
        >>> row_unit("contacts"), row_unit("complaints", 1)
        ('contacts', 'complaint')
    """
    _known_table(table)
    return TABLE_TITLES[table][2 if count == 1 else 1]


def _row(column: Column) -> list[str]:
    return [column.name, column.kind, column.unit, column.rule(),
            "required" if column.required else "optional", column.meaning]


def table_dictionary(table: str) -> pd.DataFrame:
    """One table's dictionary: column, kind, unit, allowed values, required, meaning.

    Example:
        >>> table_dictionary("budget")["column"].tolist()
        ['month', 'line', 'budget_gbp', 'actual_gbp']
        >>> table_dictionary("contacts").set_index("column").loc["csat", "allowed"]
        'whole numbers from 1 to 5; may be empty'
    """
    _known_table(table)
    return pd.DataFrame([_row(c) for c in TABLES[table]], columns=_HEADINGS)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(manifest: dict | None = None) -> str:
    """The data dictionary as Markdown (the text of ``datasets/README.md``).

    Example:
        >>> print(markdown().splitlines()[0])
        # Datasets: the default organisation
    """
    lines = ["# Datasets: the default organisation", ""]
    if manifest:
        settings = manifest["settings"]
        lines += [
            f"**{manifest['organisation']}** is a fictional organisation: {settings['days']} "
            f"days of data from {settings['start']}, {settings['agents']} agents, sector "
            f"`{settings['sector']}`, generated by csmlib from seed {settings['seed']}.",
            "",
            "Regenerate it exactly with:",
            "",
            f"    csm data generate --seed {settings['seed']} --sector {settings['sector']} "
            f"--days {settings['days']} --agents {settings['agents']} "
            f"--start {settings['start']} --out datasets",
            "",
            "Read tables with `csmlib.data.load(\"contacts\")`, never by path: every table is "
            "checked against the schema (`csmlib.data.schema`) when it is loaded. "
            "`manifest.json` holds each table's row count, the SHA-256 checksum of its CSV "
            "text and the planning assumptions the data was made with "
            "(`csmlib.data.assumptions()`); personal data in complaint descriptions is "
            "fictional.",
            "",
            "| table | file | rows |", "|---|---|---|",
        ]
        lines += [f"| {name} | `{entry['file']}` | {entry['rows']:,} |"
                  for name, entry in manifest["tables"].items()]
        lines.append("")
        if manifest.get("assumptions"):
            table = describe_assumptions(Assumptions.from_dict(manifest["assumptions"]))
            lines += ["## Planning assumptions", "",
                      "What the organisation assumes when it plans; read them with "
                      "`csmlib.data.assumptions()`.", "",
                      "| assumption | value | unit | source |", "|---|---|---|---|"]
            lines += [f"| `{row.assumption}` | {_cell(_value(row.value))} | {_cell(row.unit)} "
                      f"| {_cell(row.source)} |" for row in table.itertuples()]
            lines.append("")
    lines += ["## Columns", "",
              "*Required* columns must be present in a table; *optional* ones may be left "
              "out. *May be empty* means a cell may be blank (for example, no survey answer).",
              ""]
    for table, about in TABLE_ABOUT.items():
        lines += [f"### {table}", "", about, "",
                  "| " + " | ".join(_HEADINGS) + " |", "|" + "---|" * len(_HEADINGS)]
        lines += ["| " + " | ".join([f"`{cells[0]}`", *map(_cell, cells[1:])]) + " |"
                  for cells in map(_row, TABLES[table])]
        lines.append("")
    return "\n".join(lines)


def _value(value: object) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {v:g}" if isinstance(v, int | float) else f"{k} {v}"
                         for k, v in value.items())
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
