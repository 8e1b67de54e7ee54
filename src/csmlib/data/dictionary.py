"""The data dictionary: every table and column, its unit and what it means, in plain words.

``datasets/README.md`` is written from this (``csm data dictionary``), and a test checks that
every column the generator makes is described here.

Example:
    >>> describe("contacts", "wait_s")[0]
    'seconds'
"""

from __future__ import annotations

import pandas as pd

TABLE_ABOUT: dict[str, str] = {
    "contacts": "One row per customer contact (call, email, chat or social message).",
    "agents": "One row per front-line agent, with team, start date and competency scores.",
    "qa_evaluations": "Quality checks of agents' contacts, scored against a checklist.",
    "training": "Which agent completed which course, and when.",
    "complaints": "Complaints logged under the complaints procedure, from receipt to outcome.",
    "customers": "Customers: segment, what they are worth a year, and whether they left.",
    "interval_plan": "The plan for each half-hour: forecast contacts, handle time and agents.",
    "budget": "Monthly budget against actual spend, by cost line.",
}

COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    "contacts": {
        "contact_id": ("id", "Unique reference of the contact."),
        "customer_id": ("id", "The customer who made contact (links to customers)."),
        "agent_id": ("id", "The agent who handled it; empty if the customer gave up waiting."),
        "team": ("name", "The agent's team; empty if not answered."),
        "channel": ("category", "phone, email, chat or social."),
        "arrived_at": ("date and time", "When the contact arrived."),
        "answered": ("yes/no", "False if the customer abandoned (hung up or left the chat) "
                     "before an agent answered."),
        "wait_s": ("seconds", "How long the customer waited before an agent answered (or before "
                   "hanging up). For email and social: time to first reply."),
        "handle_s": ("seconds", "Talk or typing time plus wrap-up; 0 if not answered."),
        "reason": ("category", "Why the customer got in touch, as recorded by the agent."),
        "resolved_first_contact": ("yes/no", "The agent marked the issue as resolved on this "
                                   "contact (the agent's own flag)."),
        "transferred": ("yes/no", "The contact was passed to another team."),
        "repeat_within_7d": ("yes/no", "The same customer had contacted in the previous 7 days "
                             "(a measured, not self-reported, sign of unresolved issues)."),
        "csat": ("score 1–5", "Satisfaction survey answer (5 = very satisfied); empty if the "
                 "customer was not surveyed or did not answer."),
        "nps": ("score 0–10", "How likely to recommend (promoters 9–10, detractors 0–6); empty "
                "if not surveyed."),
        "ces": ("score 1–7", "Customer effort: 'it was easy to get my issue handled' "
                "(7 = strongly agree, low effort); empty if not surveyed."),
        "comment": ("text", "The customer's own words in the survey; empty if none."),
        "comment_theme": ("category", "The main theme of the comment as labelled by a quality "
                          "analyst (used to check automatic theme finding); empty if none."),
    },
    "agents": {
        "agent_id": ("id", "Unique reference of the agent."),
        "team": ("name", "The team the agent belongs to."),
        "hire_date": ("date", "The agent's start date."),
        "tenure_months": ("months", "Length of service at the end of the period."),
        "communication_score": ("score 1–5", "Competency assessment: clear, friendly "
                                "communication."),
        "empathy_score": ("score 1–5", "Competency assessment: understanding the customer's "
                          "situation and feelings."),
        "problem_solving_score": ("score 1–5", "Competency assessment: finding and fixing the "
                                  "root of the issue."),
        "product_knowledge_score": ("score 1–5", "Competency assessment: products, tariffs, "
                                    "policies."),
        "systems_use_score": ("score 1–5", "Competency assessment: using the systems quickly "
                              "and accurately."),
    },
    "qa_evaluations": {
        "evaluation_id": ("id", "Unique reference of the evaluation."),
        "agent_id": ("id", "The agent evaluated."),
        "evaluated_at": ("date and time", "When the evaluation was done."),
        "greeting_score": ("score 1–5", "Opening: greeting, identification, data protection."),
        "understanding_need_score": ("score 1–5", "Questions to understand the need."),
        "accuracy_score": ("score 1–5", "Correct information and actions."),
        "empathy_score": ("score 1–5", "Acknowledging feelings and circumstances."),
        "resolution_score": ("score 1–5", "Resolving, or setting clear next steps."),
        "compliance_score": ("score 1–5", "Following rules: GDPR, vulnerability, complaints."),
        "total_score": ("% (0–100)", "All items combined: 0 if every item scored 1, 100 if "
                        "every item scored 5."),
    },
    "training": {
        "agent_id": ("id", "The agent trained."),
        "course": ("name", "The course completed."),
        "completed_at": ("date and time", "When the agent completed it."),
    },
    "complaints": {
        "complaint_id": ("id", "Unique reference of the complaint."),
        "customer_id": ("id", "The customer complaining."),
        "contact_id": ("id", "The contact that led to the complaint."),
        "received_at": ("date and time", "When the complaint was received."),
        "channel": ("category", "How it was made: phone, email, chat or social."),
        "category": ("category", "What the complaint is about."),
        "severity": ("category", "low, medium or high (impact on the customer)."),
        "vulnerable": ("yes/no", "The customer has circumstances that make them vulnerable "
                       "(illness, bereavement, disability, financial hardship…)."),
        "description": ("text", "The complaint in the words logged; some contain personal data "
                        "(all fictional) that must be protected."),
        "contains_personal_data": ("yes/no", "The description holds personal data such as a "
                                   "name, phone number, email, postcode or account number."),
        "acknowledged_at": ("date and time", "When the customer was told the complaint was "
                            "received."),
        "resolved_at": ("date and time", "When the final response was sent; empty if still "
                        "open at the end of the data."),
        "outcome": ("category", "upheld, partially upheld, not upheld, or open."),
        "redress_gbp": ("£", "Money paid to put things right (goodwill, refunds, compensation)."),
        "root_cause": ("category", "What caused the problem, after investigation."),
        "referred_to_ombudsman": ("yes/no", "The customer took it to the ombudsman."),
    },
    "customers": {
        "customer_id": ("id", "Unique reference of the customer."),
        "segment": ("category", "The kind of customer (product or account type)."),
        "annual_value_gbp": ("£ a year", "What the customer spends with the organisation in a "
                             "year."),
        "churned": ("yes/no", "The customer left during the period."),
        "churned_at": ("date", "When they left; empty if they stayed."),
    },
    "interval_plan": {
        "interval_start": ("date and time", "Start of the half-hour."),
        "channel": ("category", "phone, email, chat or social."),
        "forecast_contacts": ("contacts", "Contacts expected in the half-hour."),
        "forecast_aht_s": ("seconds", "Average handle time expected."),
        "scheduled_agents": ("agents", "Agents rostered to handle this channel in the "
                             "half-hour (after breaks; before unplanned absence)."),
    },
    "budget": {
        "month": ("year-month", "The month."),
        "line": ("name", "The cost line."),
        "budget_gbp": ("£", "Planned spend."),
        "actual_gbp": ("£", "Actual spend."),
    },
}


def describe(table: str, column: str) -> tuple[str, str]:
    """Unit and meaning of one column.

    Example:
        >>> describe("budget", "actual_gbp")[0]
        '£'
    """
    try:
        return COLUMNS[table][column]
    except KeyError:
        raise KeyError(f"No column {column!r} in table {table!r} of the data dictionary.") from None


def table_dictionary(table: str) -> pd.DataFrame:
    """One table's dictionary: column, unit, meaning.

    Example:
        >>> table_dictionary("budget")["column"].tolist()
        ['month', 'line', 'budget_gbp', 'actual_gbp']
    """
    if table not in COLUMNS:
        raise KeyError(f"There is no table {table!r}; the tables are {', '.join(COLUMNS)}.")
    return pd.DataFrame([(c, u, m) for c, (u, m) in COLUMNS[table].items()],
                        columns=["column", "unit", "meaning"])


def markdown(manifest: dict | None = None) -> str:
    """The data dictionary as Markdown (the text of ``datasets/README.md``)."""
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
            "Read tables with `csmlib.data.load(\"contacts\")`, never by path. "
            "`manifest.json` holds each table's row count and the SHA-256 checksum of its CSV "
            "text; personal data in complaint descriptions is fictional.",
            "",
            "| table | file | rows |", "|---|---|---|",
        ]
        lines += [f"| {name} | `{entry['file']}` | {entry['rows']:,} |"
                  for name, entry in manifest["tables"].items()]
        lines.append("")
    for table, about in TABLE_ABOUT.items():
        lines += [f"## {table}", "", about, "", "| column | unit | meaning |", "|---|---|---|"]
        lines += [f"| `{c}` | {u} | {m} |" for c, (u, m) in COLUMNS[table].items()]
        lines.append("")
    return "\n".join(lines)
