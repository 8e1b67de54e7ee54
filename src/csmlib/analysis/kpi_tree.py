"""The goal → objective → KPI tree (criterion 1.1): how service measures serve the business.

A tree is a table, one row per KPI, with the columns of :data:`COLUMNS`:

* ``goal`` — an organisational goal in plain words ("Keep our customers");
* ``objective`` — the service objective that serves it ("Resolve more problems at the first
  contact");
* ``kpi`` — the name of a KPI in :data:`csmlib.analysis.kpis.KPI_CATALOGUE`, which measures
  the objective;
* ``target`` — the target, as text ("≥ 75%") or a number, as the catalogue writes it;
* ``perspective`` — the balanced scorecard perspective (Kaplan and Norton, HBR 1992), filled
  in from the catalogue by :func:`normalise` (a perspective typed in the table is ignored).

The same KPI may measure two objectives (two rows). :func:`check_tree` lists every problem
in plain English, naming the row and the column: a KPI the catalogue does not have; a KPI
that serves no goal or no objective; a goal or an objective with no KPI; a perspective with
no KPI, or one perspective holding more than :data:`MAX_SHARE` of the KPIs (unbalanced); a
KPI with no target; a row repeated. :func:`balance` counts the KPIs per perspective.

Example:
    >>> import pandas as pd
    >>> tree = pd.DataFrame({
    ...     "goal": ["Keep our customers", "Cut the cost to serve", "Keep our customers",
    ...              "Meet our duties"],
    ...     "objective": ["Resolve more first time", "Cut repeat contacts", "Answer quickly",
    ...                   "Give accurate advice"],
    ...     "kpi": ["FCR (first contact resolution)", "Cost per contact handled",
    ...             "Service level: phone, answered in 20 s", "QA score"],
    ...     "target": ["≥ 75%", "≤ £5.58", "≥ 80%", "≥ 75"]})
    >>> check_tree(tree)
    []
    >>> tree.loc[3, "target"] = ""
    >>> [str(p) for p in check_tree(tree)]
    ['Row 4 (QA score), "target": no target: write one, e.g. the catalogue\\'s ≥ 75.']
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from csmlib.analysis.kpis import KPI, KPI_CATALOGUE, PERSPECTIVES

__all__ = ["COLUMNS", "HEADINGS", "MAX_ROWS", "MAX_SHARE", "Problem", "balance", "catalogue",
           "check_tree", "empty_tree", "normalise", "summary"]

#: The columns of a tree, in order.
COLUMNS: tuple[str, ...] = ("goal", "objective", "kpi", "target", "perspective")
#: How each column is named for a manager (in problems and tables).
HEADINGS: dict[str, str] = {"goal": "goal", "objective": "objective", "kpi": "KPI",
                            "target": "target", "perspective": "perspective"}
#: A tree longer than this is not one a manager can run the service by.
MAX_ROWS = 60
#: One perspective holding more than this share of the KPIs makes the tree unbalanced.
MAX_SHARE = 0.6


def catalogue() -> dict[str, KPI]:
    """The catalogue's KPIs by name, in catalogue order.

    Example:
        >>> catalogue()["QA score"].perspective
        'learning and growth'
    """
    return {entry.name: entry for entry in KPI_CATALOGUE}


_BY_KEY: dict[str, KPI] = {entry.name.casefold(): entry for entry in KPI_CATALOGUE}


@dataclass(frozen=True)
class Problem:
    """One problem in a tree: the row (1 = the first row; None for the whole tree), the
    column (by its plain name, "" for the whole row), what is wrong, and the row's KPI (or
    its goal or objective when it has none) so a person can find it.

    Example:
        >>> str(Problem(2, "target", "no target.", "QA score"))
        'Row 2 (QA score), "target": no target.'
        >>> str(Problem(None, "perspective", "No financial KPI."))
        'No financial KPI.'
    """

    row: int | None
    column: str
    message: str
    label: str = ""

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        where = f"Row {self.row}" + (f" ({self.label})" if self.label else "")
        if self.column:
            where += f', "{self.column}"'
        return f"{where}: {self.message}"


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def _key(value: str) -> str:
    return value.casefold()


def empty_tree() -> pd.DataFrame:
    """A tree with no rows, with the right columns.

    Example:
        >>> list(empty_tree().columns) == list(COLUMNS)
        True
    """
    return pd.DataFrame({column: pd.Series(dtype=object) for column in COLUMNS})


def normalise(tree: pd.DataFrame) -> pd.DataFrame:
    """The tree tidied: the columns of :data:`COLUMNS` in order, every value as text with
    spaces trimmed (a number target becomes its text), a KPI name written as the catalogue
    writes it (whatever its capitals), and ``perspective`` filled in from the catalogue
    ("" for a KPI it does not have). ``perspective`` may be missing; the other columns must
    be there. Raises ValueError naming a missing column or a tree longer than
    :data:`MAX_ROWS`.

    Example:
        >>> import pandas as pd
        >>> tidy = normalise(pd.DataFrame({"goal": [" Keep  customers "], "objective": ["x"],
        ...                                "kpi": ["qa score"], "target": [80]}))
        >>> tidy.iloc[0].tolist()
        ['Keep customers', 'x', 'QA score', '80', 'learning and growth']
        >>> normalise(pd.DataFrame({"goal": ["a"]}))
        Traceback (most recent call last):
        ...
        ValueError: tree: the column 'objective' is missing; a tree has the columns goal, \
objective, kpi, target (perspective is filled in from the KPI catalogue).
    """
    if not isinstance(tree, pd.DataFrame):
        raise ValueError(f"tree must be a table (a pandas DataFrame) with the columns "
                         f"{', '.join(COLUMNS[:4])}; got {type(tree).__name__}.")
    for column in COLUMNS[:4]:
        if column not in tree.columns:
            raise ValueError(f"tree: the column '{column}' is missing; a tree has the columns "
                             f"{', '.join(COLUMNS[:4])} (perspective is filled in from the "
                             "KPI catalogue).")
    if len(tree) > MAX_ROWS:
        raise ValueError(f"tree: {len(tree)} rows; a tree has at most {MAX_ROWS} (a manager "
                         "cannot run a service by more measures than that).")
    tidy = pd.DataFrame({column: [_text(v) for v in tree[column]] for column in COLUMNS[:4]},
                        dtype=object)
    entries = [_BY_KEY.get(_key(name)) for name in tidy["kpi"]]
    tidy["kpi"] = [entry.name if entry else name for entry, name in zip(entries, tidy["kpi"],
                                                                        strict=True)]
    tidy["perspective"] = [entry.perspective if entry else "" for entry in entries]
    return tidy.reset_index(drop=True)


def _suggestion(name: str) -> str:
    names = [entry.name for entry in KPI_CATALOGUE]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.4)
    if not close:  # a short name such as "fcr" matches the start of a word in a name
        close = [n for n in names if re.search(rf"\b{re.escape(name.casefold())}",
                                               n.casefold())][:1] if name else []
    return f'did you mean "{close[0]}"?' if close else f'e.g. "{names[0]}".'


def check_tree(tree: pd.DataFrame, *, max_share: float = MAX_SHARE) -> list[Problem]:
    """Every problem in the tree, in plain English, rows in order then the whole tree.

    Each row's KPI must be in the catalogue, serve a goal and an objective, and have a
    target; an empty row and a repeated row (same goal, objective and KPI) are problems.
    Every goal and every objective named must have at least one KPI. Over the whole tree,
    each of the balanced scorecard's four perspectives needs a KPI, and no perspective may
    hold more than ``max_share`` of the (different) KPIs (checked once every perspective has
    one).

    Example:
        >>> import pandas as pd
        >>> tree = pd.DataFrame({"goal": ["Grow", ""], "objective": ["", "Answer fast"],
        ...                      "kpi": ["", "CSAT (customer satisfaction)"],
        ...                      "target": ["", "≥ 75%"]})
        >>> for problem in check_tree(tree):
        ...     print(problem)
        Row 1 (Grow), "KPI": the goal "Grow" has no KPI: add a row with a KPI that measures it.
        Row 2 (CSAT (customer satisfaction)), "goal": no goal: say which goal this KPI serves.
        No financial KPI: the scorecard is unbalanced; add one, such as "Cost per contact \
handled".
        No internal process KPI: the scorecard is unbalanced; add one, such as "Service level: \
phone, answered in 20 s".
        No learning and growth KPI: the scorecard is unbalanced; add one, such as "QA score".
    """
    if isinstance(max_share, bool) or not isinstance(max_share, int | float) \
            or not 0.25 <= float(max_share) <= 1:
        raise ValueError(f"max_share is the largest share of KPIs one perspective may hold, "
                         f"from 0.25 to 1 (e.g. 0.6); got {max_share!r}.")
    tidy = normalise(tree)
    if tidy.empty:
        return [Problem(None, "", "The tree is empty: add a goal, an objective that serves "
                                  "it and a KPI that measures the objective.")]
    problems: list[Problem] = []
    goals_measured: dict[str, bool] = {}
    objectives_measured: dict[tuple[str, str], bool] = {}
    first_row_of: dict[tuple[str, ...], int] = {}
    for index, record in enumerate(tidy.to_dict("records")):
        row = index + 1
        goal, objective, kpi, target = (record[c] for c in COLUMNS[:4])
        label = kpi or objective or goal
        if not (goal or objective or kpi or target):
            problems.append(Problem(row, "", "an empty row: fill it in or remove it."))
            continue
        if goal:
            goals_measured[_key(goal)] = goals_measured.get(_key(goal), False) or bool(kpi)
        if goal and objective:
            pair = (_key(goal), _key(objective))
            objectives_measured[pair] = objectives_measured.get(pair, False) or bool(kpi)
        key = (_key(goal), _key(objective), _key(kpi))
        if key in first_row_of:
            problems.append(Problem(row, "", f"the same goal, objective and KPI as row "
                                             f"{first_row_of[key]}: remove one.", label))
            continue
        first_row_of[key] = row
        if not kpi:
            continue  # reported once for its goal or objective, below
        if kpi.casefold() not in _BY_KEY:
            problems.append(Problem(row, HEADINGS["kpi"], f'"{kpi}" is not in the course\'s '
                                    f"KPI catalogue: {_suggestion(kpi)}", label))
        if not goal:
            problems.append(Problem(row, HEADINGS["goal"], "no goal: say which goal this KPI "
                                                           "serves.", label))
        if not objective:
            problems.append(Problem(row, HEADINGS["objective"], "no objective: say which "
                                    "service objective this KPI measures.", label))
        if not target and kpi.casefold() in _BY_KEY:
            problems.append(Problem(row, HEADINGS["target"], "no target: write one, e.g. the "
                                    f"catalogue's {_BY_KEY[kpi.casefold()].target_text()}.",
                                    label))
        elif not target:
            problems.append(Problem(row, HEADINGS["target"], "no target: write the level you "
                                                             "aim for.", label))
    reported: set[tuple[str, ...]] = set()
    for index, record in enumerate(tidy.to_dict("records")):
        goal, objective = record["goal"], record["objective"]
        if record["kpi"] or not (goal or objective):
            continue
        if goal and not goals_measured[_key(goal)] and (_key(goal),) not in reported:
            reported.add((_key(goal),))
            problems.append(Problem(index + 1, HEADINGS["kpi"], f'the goal "{goal}" has no '
                                    "KPI: add a row with a KPI that measures it.", goal))
        elif goal and objective and (_key(goal), _key(objective)) not in reported \
                and not objectives_measured[(_key(goal), _key(objective))]:
            reported.add((_key(goal), _key(objective)))
            problems.append(Problem(index + 1, HEADINGS["kpi"], f'the objective "{objective}" '
                                    "has no KPI: add the KPI that measures it.", objective))
        elif not goal and objective:
            problems.append(Problem(index + 1, HEADINGS["goal"], "no goal: say which goal "
                                    "this objective serves.", objective))
        elif goal and not objective and goals_measured[_key(goal)]:
            problems.append(Problem(index + 1, HEADINGS["objective"], "no objective and no "
                                    "KPI: fill them in or remove the row.", goal))
    for index, record in enumerate(tidy.to_dict("records")):
        if record["target"] and not (record["goal"] or record["objective"] or record["kpi"]):
            problems.append(Problem(index + 1, HEADINGS["kpi"], "a target with no KPI: pick "
                                    "the KPI it is for, or remove the row."))
    problems.sort(key=lambda p: p.row or 0)
    problems += _balance_problems(tidy, float(max_share))
    return problems


def _balance_problems(tidy: pd.DataFrame, max_share: float) -> list[Problem]:
    counts = balance(tidy)
    total = int(counts["kpis"].sum())
    if total == 0:
        return [Problem(None, "", "The tree has no KPI from the catalogue yet: add at least "
                                  "one for each perspective of the balanced scorecard.")]
    problems = []
    for perspective, count in zip(counts["perspective"], counts["kpis"], strict=True):
        if count == 0:
            example = next(e.name for e in KPI_CATALOGUE if e.perspective == perspective)
            problems.append(Problem(None, "perspective", f"No {perspective} KPI: the "
                                    f'scorecard is unbalanced; add one, such as "{example}".'))
    top = counts.loc[counts["kpis"].idxmax()]
    if not problems and top["kpis"] / total > max_share + 1e-9:
        problems.append(Problem(None, "perspective", f"{int(top['kpis'])} of the {total} KPIs "
                                f"({top['kpis'] / total:.0%}) are {top['perspective']} "
                                f"measures, more than {max_share:.0%}: the scorecard is "
                                "unbalanced; measure the other perspectives too."))
    return problems


def balance(tree: pd.DataFrame) -> pd.DataFrame:
    """The KPIs per perspective of the balanced scorecard, in Kaplan and Norton's order: the
    columns ``perspective``, ``kpis`` (how many different catalogue KPIs), ``share`` (of
    all of them; 0 when there are none) and ``names`` (the KPIs, by commas). A KPI that
    measures two objectives counts once; a name not in the catalogue is not counted.

    Example:
        >>> import pandas as pd
        >>> tree = pd.DataFrame({"goal": ["a", "b"], "objective": ["x", "y"],
        ...                      "kpi": ["QA score", "QA score"], "target": ["≥ 75", "≥ 80"]})
        >>> balance(tree)[["perspective", "kpis", "share"]].values.tolist()
        [['financial', 0, 0.0], ['customer', 0, 0.0], ['internal process', 0, 0.0], \
['learning and growth', 1, 1.0]]
    """
    tidy = normalise(tree)
    known = tidy[tidy["perspective"] != ""].drop_duplicates("kpi")
    total = len(known)
    rows = []
    for perspective in PERSPECTIVES:
        names = known.loc[known["perspective"] == perspective, "kpi"].tolist()
        rows.append({"perspective": perspective, "kpis": len(names),
                     "share": len(names) / total if total else 0.0, "names": ", ".join(names)})
    return pd.DataFrame(rows)


def summary(problems: Iterable[Problem], tree: pd.DataFrame | None = None) -> str:
    """One sentence on the check: how many problems, or that none were found (with the tree's
    size and balance when it is given).

    Example:
        >>> summary([Problem(1, "target", "no target")])
        '1 problem to fix before the tree can be saved.'
        >>> summary([])
        'No problems: every KPI serves a goal through an objective, every goal and objective \
has a measure with a target, and the KPIs are balanced across the four perspectives.'
    """
    if isinstance(problems, str | bytes) or not isinstance(problems, Iterable):
        raise ValueError("problems must be the list check_tree() returns; got "
                         f"{type(problems).__name__}.")
    problems = list(problems)
    if problems:
        count = len(problems)
        return f"{count} problem{'s' if count != 1 else ''} to fix before the tree can be saved."
    text = ("No problems: every KPI serves a goal through an objective, every goal and "
            "objective has a measure with a target, and the KPIs are balanced across the four "
            "perspectives.")
    if tree is not None:
        tidy = normalise(tree)
        counts = balance(tidy)
        spread = ", ".join(f"{n} {p}" for p, n in zip(counts["perspective"], counts["kpis"],
                                                       strict=True))
        goals = tidy["goal"].map(_key).nunique()
        objectives = len({(_key(g), _key(o)) for g, o in zip(tidy["goal"], tidy["objective"],
                                                             strict=True)})
        text += (f" {goals} goal{'s' if goals != 1 else ''}, {objectives} objective"
                 f"{'s' if objectives != 1 else ''} and {int(counts['kpis'].sum())} different "
                 f"KPIs ({spread}).")
    return text
