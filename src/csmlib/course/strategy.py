"""The organisation's goals, the service objectives that serve them and the KPIs that measure
them (criterion 1.1): the material of notebook 01's goal → objective → KPI tree.

:data:`GOALS` are the course organisation's goals in plain words, sector-neutral (an energy
supplier, a council or an insurer all want them). Each :class:`Goal` says why it matters to
customers and to the business, and has two or three example service :class:`Objective`
entries, each with the names of the :data:`csmlib.analysis.kpis.KPI_CATALOGUE` KPIs that
measure it. :func:`starter_tree` is the tree the learner starts from and edits
(:class:`csmlib.ui.kpi_tree.KpiTreeBuilder`); it passes
:func:`csmlib.analysis.kpi_tree.check_tree`.

Example:
    >>> [goal.name for goal in GOALS][:2]
    ['Keep our customers', 'Cut the cost to serve']
    >>> goal("Keep our customers").objectives[0].kpis
    ('FCR (first contact resolution)', 'CES (customer effort score)')
    >>> list(starter_tree().columns)
    ['goal', 'objective', 'kpi', 'target', 'perspective']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from csmlib.analysis import kpi_tree
from csmlib.analysis.kpis import KPI_CATALOGUE

__all__ = ["GOALS", "STARTER", "Goal", "Objective", "goal", "goal_names", "goals_frame",
           "objectives_of", "starter_tree"]


@dataclass(frozen=True)
class Objective:
    """A service objective: what the service will do better, in a manager's words, and the
    names of the catalogue KPIs that show whether it is happening.

    Example:
        >>> Objective("Answer quickly", ("Abandonment: phone",)).kpis
        ('Abandonment: phone',)
    """

    text: str
    kpis: tuple[str, ...]


@dataclass(frozen=True)
class Goal:
    """An organisational goal: its name, why it matters (to customers and the business) and
    example service objectives that serve it.

    Example:
        >>> goal("Protect our reputation").objectives[0].text
        'Answer quickly on every channel'
    """

    name: str
    why: str
    objectives: tuple[Objective, ...]


#: The organisation's goals, each with example service objectives and the KPIs measuring them.
GOALS: tuple[Goal, ...] = (
    Goal("Keep our customers",
         "Customers who get their problem solved easily stay; customers who have to chase "
         "us leave and tell others. Keeping a customer usually costs less than winning a "
         "new one.",
         (Objective("Resolve more problems at the first contact",
                    ("FCR (first contact resolution)", "CES (customer effort score)")),
          Objective("Put things right quickly when we get them wrong",
                    ("Complaints per 1,000 contacts", "CSAT (customer satisfaction)")),
          Objective("Make every contact easy and pleasant",
                    ("CES (customer effort score)", "CSAT (customer satisfaction)")))),
    Goal("Cut the cost to serve",
         "Every contact costs money; contacts that should never have happened (chasing, "
         "repeating, complaining) cost twice and annoy the customer. Cutting failure cuts "
         "cost without cutting service.",
         (Objective("Cut avoidable repeat contacts",
                    ("FCR (first contact resolution)", "Cost per contact handled")),
          Objective("Match staff to demand",
                    ("Schedule adherence", "Occupancy: phone")),
          Objective("Handle contacts efficiently without rushing customers",
                    ("AHT: phone (average handle time)", "QA score")))),
    Goal("Protect our reputation",
         "What customers say about us to friends, online and to the press decides who "
         "joins us; a long wait or a badly handled complaint is remembered longest.",
         (Objective("Answer quickly on every channel",
                    ("Service level: phone, answered in 20 s", "Abandonment: phone",
                     "Social: replied within 2 hours")),
          Objective("Earn customers' recommendation",
                    ("NPS (net promoter score)",)))),
    Goal("Meet our regulatory duties",
         "Regulators and ombudsmen expect complaints handled fairly and on time, accurate "
         "information and fair treatment of every customer, including those in vulnerable "
         "circumstances. Failing costs fines, redress and trust.",
         (Objective("Handle complaints fairly and on time",
                    ("Complaints per 1,000 contacts",)),
          Objective("Give accurate, fair advice every time",
                    ("QA score",)),
          Objective("Reply to written contacts within our published standard",
                    ("Email: replied within 24 hours",)))),
    Goal("Earn more from each customer",
         "Satisfied customers stay longer and take more of what we offer; skilled, "
         "experienced agents notice what a customer needs. Revenue per customer grows from "
         "service that customers value, not from pushing sales.",
         (Objective("Leave customers satisfied enough to stay and buy again",
                    ("CSAT (customer satisfaction)", "NPS (net promoter score)")),
          Objective("Keep skilled, experienced agents",
                    ("Attrition (annualised)", "QA score")))),
)

#: The starter tree: (goal, objective, KPI) per row, all taken from :data:`GOALS`.
STARTER: tuple[tuple[str, str, str], ...] = (
    ("Keep our customers", "Resolve more problems at the first contact",
     "FCR (first contact resolution)"),
    ("Keep our customers", "Resolve more problems at the first contact",
     "CES (customer effort score)"),
    ("Cut the cost to serve", "Cut avoidable repeat contacts", "Cost per contact handled"),
    ("Cut the cost to serve", "Match staff to demand", "Schedule adherence"),
    ("Protect our reputation", "Answer quickly on every channel",
     "Service level: phone, answered in 20 s"),
    ("Protect our reputation", "Earn customers' recommendation", "NPS (net promoter score)"),
    ("Meet our regulatory duties", "Handle complaints fairly and on time",
     "Complaints per 1,000 contacts"),
    ("Meet our regulatory duties", "Give accurate, fair advice every time", "QA score"),
    ("Earn more from each customer", "Leave customers satisfied enough to stay and buy again",
     "CSAT (customer satisfaction)"),
    ("Earn more from each customer", "Keep skilled, experienced agents",
     "Attrition (annualised)"),
)


def goal_names() -> list[str]:
    """The goals' names, in order (the widget's goal list).

    Example:
        >>> len(goal_names()) == len(GOALS)
        True
    """
    return [g.name for g in GOALS]


def goal(name: str) -> Goal:
    """The goal called ``name`` (capitals and spaces do not matter); ValueError otherwise.

    Example:
        >>> goal(" cut the COST to serve").name
        'Cut the cost to serve'
    """
    wanted = " ".join(str(name).split()).casefold()
    for candidate in GOALS:
        if candidate.name.casefold() == wanted:
            return candidate
    raise ValueError(f"name: no goal called {name!r}; the goals are "
                     f"{', '.join(goal_names())}.")


def objectives_of(name: str) -> list[str]:
    """The example objectives of the goal called ``name`` ([] for a goal of the learner's own).

    Example:
        >>> objectives_of("Protect our reputation")
        ['Answer quickly on every channel', "Earn customers' recommendation"]
        >>> objectives_of("Win awards")
        []
    """
    try:
        return [o.text for o in goal(name).objectives]
    except ValueError:
        return []


def goals_frame() -> pd.DataFrame:
    """Every goal, example objective and KPI as a tree (one row per KPI), with the
    catalogue's targets: the full menu the starter tree is cut from.

    Example:
        >>> frame = goals_frame()
        >>> set(frame["goal"]) == set(goal_names())
        True
    """
    rows = [(g.name, o.text, k) for g in GOALS for o in g.objectives for k in o.kpis]
    return _tree(rows)


def _tree(rows: list[tuple[str, str, str]] | tuple[tuple[str, str, str], ...]) -> pd.DataFrame:
    targets = {entry.name: entry.target_text() for entry in KPI_CATALOGUE}
    frame = pd.DataFrame(rows, columns=["goal", "objective", "kpi"])
    frame["target"] = [targets.get(k, "") for k in frame["kpi"]]
    return kpi_tree.normalise(frame)


def starter_tree() -> pd.DataFrame:
    """The tree the learner starts from: every goal, one or two objectives each, one KPI a
    row with the catalogue's target, balanced across the four perspectives. A new copy on
    each call (the learner's edits never change it).

    Example:
        >>> tree = starter_tree()
        >>> kpi_tree.check_tree(tree)
        []
        >>> tree.loc[0, ["goal", "kpi", "target", "perspective"]].tolist()
        ['Keep our customers', 'FCR (first contact resolution)', '≥ 75%', 'customer']
    """
    return _tree(STARTER)
