"""Coordinating an improvement project (criterion 6.5): a project plan, checked.

A plan is a table, one row per task, with the columns of :data:`COLUMNS`:

* ``task`` — a short name, unique in the plan;
* ``owner`` — who is accountable (a role is fine: "Quality lead");
* ``start``, ``end`` — dates, the end on or after the start (both days count);
* ``milestone`` — True for a checkpoint; a milestone falls on its ``end`` date and needs a
  ``measure``: how we will know it is met;
* ``depends_on`` — the names of the tasks that must end first, separated by commas ("" for
  none). A task may start on the day a task it depends on ends, not before;
* ``risk`` and ``mitigation`` — optional text; a risk named needs a mitigation.

:func:`check_plan` lists every problem in plain English, naming the row and the column;
:func:`parse_plan` reads what a person typed (dates such as ``2027-01-15``, ``15/01/2027`` or
``15 Jan 2027``) and reports a bad date as a problem instead of raising;
:func:`critical_path` finds the longest chain of dependent tasks; :func:`example_plan` is a
starter project for a contact centre.

Example:
    >>> from datetime import date
    >>> plan = example_plan(date(2027, 1, 4))
    >>> check_plan(plan)
    []
    >>> plan.loc[1, "depends_on"] = "Nothing like this"
    >>> [str(p) for p in check_plan(plan)][0][:60]
    'Row 2 (Pilot the change in Team Aspen), "depends on": no tas'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

__all__ = ["COLUMNS", "DATE_FORMATS", "HEADINGS", "MAX_TASKS", "Problem", "check_plan",
           "critical_path", "dependencies", "empty_plan", "example_plan", "normalise",
           "parse_date", "parse_plan", "summary"]

#: The columns of a plan, in order.
COLUMNS: tuple[str, ...] = ("task", "owner", "start", "end", "milestone", "measure",
                            "depends_on", "risk", "mitigation")
#: How each column is named for a manager (in problems and tables).
HEADINGS: dict[str, str] = {
    "task": "task", "owner": "owner", "start": "start", "end": "end",
    "milestone": "milestone", "measure": "measure", "depends_on": "depends on",
    "risk": "risk", "mitigation": "mitigation",
}
#: The date formats a person may type (day first, as in the UK), tried in order.
DATE_FORMATS: tuple[str, ...] = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y",
                                 "%d %b %Y", "%d %B %Y", "%d %b %y", "%a %d %b %Y")
#: A plan longer than this is not a plan a manager can coordinate on one page.
MAX_TASKS = 60
_TEXT_COLUMNS = ("task", "owner", "measure", "depends_on", "risk", "mitigation")


@dataclass(frozen=True)
class Problem:
    """One problem in a plan: the row (1 = the first task; None for the whole plan), the
    task's name, the column (by its plain name, "" for the whole row) and what is wrong.

    Example:
        >>> str(Problem(3, "Train team leaders", "owner", "no owner: say who is accountable."))
        'Row 3 (Train team leaders), "owner": no owner: say who is accountable.'
        >>> str(Problem(None, "", "", "The plan has no milestone."))
        'The plan has no milestone.'
    """

    row: int | None
    task: str
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        where = f"Row {self.row}" + (f" ({self.task})" if self.task else "")
        if self.column:
            where += f', "{self.column}"'
        return f"{where}: {self.message}"


def parse_date(value: Any) -> date:
    """A date typed by a person (or a date already): ``2027-01-15``, ``15/01/2027`` (day
    first), ``15 Jan 2027`` or ``15 January 2027``. Raises ValueError saying what to type.

    Example:
        >>> parse_date("15/01/2027") == parse_date("2027-01-15") == parse_date(" 15 jan 2027")
        True
        >>> parse_date("31/02/2027")
        Traceback (most recent call last):
        ...
        ValueError: '31/02/2027' is not a date: type one such as 15 Jan 2027 or 15/01/2027.
    """
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            raise ValueError("no date given: type one such as 15 Jan 2027 or 15/01/2027.")
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = re.sub(r"\s+", " ", str("" if value is None else value)).strip()
    if not text or text.lower() in {"nan", "nat", "none"}:
        raise ValueError("no date given: type one such as 15 Jan 2027 or 15/01/2027.")
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.title() if "%b" in fmt or "%B" in fmt else text,
                                     fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date: type one such as 15 Jan 2027 or 15/01/2027.")


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return re.sub(r"\s+", " ", str(value)).strip()


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"yes", "y", "true", "1", "x", "milestone"}
    if value is None or pd.isna(value):
        return False
    return bool(value)


def _key(name: str) -> str:
    return _text(name).casefold()


def empty_plan() -> pd.DataFrame:
    """A plan with no tasks, with the right columns.

    Example:
        >>> list(empty_plan().columns) == list(COLUMNS)
        True
    """
    frame = pd.DataFrame({column: pd.Series(dtype=object) for column in COLUMNS})
    frame["milestone"] = frame["milestone"].astype(bool)
    return frame


def parse_plan(rows: Iterable[Mapping[str, Any]], *, skip_blank: bool = False
               ) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a plan from what a person typed: one mapping per task with the keys of
    :data:`COLUMNS` (missing keys are blank). Returns the plan (dates as ``datetime.date``,
    a date that cannot be read left empty) and the problems reading it — a bad date is a
    problem naming its row and column, never an exception. Rows left completely blank are
    kept (the check then asks for a name and an owner) unless ``skip_blank``.

    Example:
        >>> plan, problems = parse_plan([
        ...     {"task": "Pilot", "owner": "Team leader", "start": "4/1/2027",
        ...      "end": "29 Jan 2027"},
        ...     {"task": "Review", "owner": "Quality lead", "start": "1 Feb 2027",
        ...      "end": "the first of Feb", "milestone": True, "measure": "FCR chart"}])
        >>> plan.loc[0, "start"], plan.loc[0, "end"]
        (datetime.date(2027, 1, 4), datetime.date(2027, 1, 29))
        >>> [str(p) for p in problems]  # doctest: +NORMALIZE_WHITESPACE
        ['Row 2 (Review), "end": \\'the first of Feb\\' is not a date: type one such as
         15 Jan 2027 or 15/01/2027.']
    """
    if isinstance(rows, pd.DataFrame):
        rows = rows.to_dict("records")
    if isinstance(rows, str | bytes | Mapping) or not isinstance(rows, Iterable):
        raise ValueError("rows must be a list of tasks, each a mapping of column to value "
                         f"(such as {{'task': 'Pilot', 'owner': 'Team leader'}}); got "
                         f"{type(rows).__name__}.")
    records: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for raw in rows:
        if not isinstance(raw, Mapping):
            raise ValueError("parse_plan(): give one mapping (e.g. a dict) per task, with "
                             f"keys such as {', '.join(COLUMNS[:4])}; got "
                             f"{type(raw).__name__}.")
        unknown = sorted(set(map(str, raw)) - set(COLUMNS))
        if unknown:
            raise ValueError(f"parse_plan(): unknown column(s) {', '.join(unknown)}; a plan "
                             f"has {', '.join(COLUMNS)}.")
        record: dict[str, Any] = {c: _text(raw.get(c)) for c in _TEXT_COLUMNS}
        record["milestone"] = _flag(raw.get("milestone", False))
        blank_dates = all(_text(raw.get(c)) == "" for c in ("start", "end")
                          if not isinstance(raw.get(c), date))
        if skip_blank and not any(record[c] for c in _TEXT_COLUMNS) \
                and not record["milestone"] and blank_dates:
            continue  # an empty row the person has not filled in yet
        row = len(records) + 1
        for column in ("start", "end"):
            try:
                record[column] = parse_date(raw.get(column))
            except ValueError as error:
                record[column] = None
                problems.append(Problem(row, record["task"], HEADINGS[column], str(error)))
        records.append(record)
        if len(records) > MAX_TASKS:
            raise ValueError(f"parse_plan(): more than {MAX_TASKS} tasks; group them into "
                             "fewer, larger tasks a manager can coordinate.")
    frame = pd.DataFrame(records, columns=list(COLUMNS)) if records else empty_plan()
    return frame, problems


def normalise(plan: pd.DataFrame) -> pd.DataFrame:
    """The plan tidied for showing: text stripped, ``start``/``end`` as dates (None where a
    date cannot be read), ``milestone`` as True/False, ``risk``/``mitigation`` added if absent.

    Example:
        >>> tidy = normalise(pd.DataFrame({"task": [" Pilot "], "owner": ["Lead"],
        ...     "start": ["4/1/2027"], "end": ["soon"], "milestone": ["yes"],
        ...     "measure": [""], "depends_on": [None]}))
        >>> tidy.loc[0, ["task", "start", "end"]].tolist(), bool(tidy.loc[0, "milestone"])
        (['Pilot', datetime.date(2027, 1, 4), None], True)
    """
    plan = _check_columns(plan)
    tidy = pd.DataFrame({c: [_text(v) for v in plan[c]] for c in _TEXT_COLUMNS})
    for column in ("start", "end"):
        tidy[column] = pd.Series([_as_date(v) for v in plan[column]], dtype=object)
    tidy["milestone"] = [_flag(v) for v in plan["milestone"]]
    return tidy[list(COLUMNS)]


def dependencies(plan: pd.DataFrame) -> dict[str, list[str]]:
    """Each task's dependencies as a list of names, as typed (comma-separated).

    Example:
        >>> dependencies(pd.DataFrame({"task": ["a", "b"], "depends_on": ["", "a, x"]}))
        {'a': [], 'b': ['a', 'x']}
    """
    if not isinstance(plan, pd.DataFrame) or not {"task", "depends_on"} <= set(plan.columns):
        raise ValueError("plan must be a table (a pandas DataFrame) with the columns 'task' "
                         "and 'depends_on'.")
    return {_text(task): [name.strip() for name in _text(after).split(",") if name.strip()]
            for task, after in zip(plan["task"], plan["depends_on"], strict=True)}


def _as_date(value: Any) -> date | None:
    try:
        return parse_date(value)
    except ValueError:
        return None


def _check_columns(plan: Any) -> pd.DataFrame:
    if not isinstance(plan, pd.DataFrame):
        raise ValueError(f"plan must be a table (a pandas DataFrame) with columns "
                         f"{', '.join(COLUMNS)}; got {type(plan).__name__}.")
    missing = [c for c in COLUMNS if c not in plan.columns and c not in ("risk", "mitigation")]
    if missing:
        raise ValueError(f"plan has no column {', '.join(missing)}; a plan has "
                         f"{', '.join(COLUMNS)} (risk and mitigation optional).")
    plan = plan.reset_index(drop=True).copy()
    for column in ("risk", "mitigation"):
        if column not in plan.columns:
            plan[column] = ""
    return plan


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """The dependency cycles (each once), following task -> the tasks it depends on."""
    found: list[list[str]] = []
    seen_sets: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        path.append(node)
        for after in graph.get(node, []):
            if state.get(after) == 1:
                cycle = path[path.index(after):]
                if frozenset(cycle) not in seen_sets:
                    seen_sets.add(frozenset(cycle))
                    found.append(cycle)
            elif after in graph and state.get(after) is None:
                visit(after, path)
        path.pop()
        state[node] = 2

    for node in graph:
        if state.get(node) is None:
            visit(node, [])
    return found


def check_plan(plan: pd.DataFrame) -> list[Problem]:
    """Every problem in a plan, in plain English, in row order then for the whole plan:
    a task with no name; two tasks with the same name; no owner; a missing date; an end
    before the start; a milestone with no measure; a dependency that names no task in the
    plan; a task that starts before a task it depends on ends; a task that depends on
    itself or a chain of tasks that depend on each other (a cycle); a risk with no
    mitigation; a plan with no tasks or no milestone. An empty list means the plan is
    sound. Raises ValueError only when ``plan`` is not a plan table at all.

    Example:
        >>> plan = pd.DataFrame({"task": ["Baseline", "Pilot"], "owner": ["Quality lead", ""],
        ...     "start": ["2027-01-04", "2027-01-06"], "end": ["2027-01-08", "2027-01-29"],
        ...     "milestone": [True, False], "measure": ["", ""],
        ...     "depends_on": ["", "Baseline"]})
        >>> for problem in check_plan(plan): print(problem)
        Row 1 (Baseline), "measure": a milestone needs a measure: how will you know it is met?
        Row 2 (Pilot), "owner": no owner: say who is accountable for this task.
        Row 2 (Pilot), "start": starts on 6 Jan 2027, before "Baseline" ends on 8 Jan 2027.
    """
    plan = _check_columns(plan)
    problems: list[Problem] = []
    if plan.empty:
        return [Problem(None, "", "", "The plan has no tasks yet: add at least one task "
                        "and one milestone.")]
    names = [_text(t) for t in plan["task"]]
    keys = [_key(t) for t in names]
    first_row: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key and key not in first_row:
            first_row[key] = index
    starts = [_as_date(v) for v in plan["start"]]
    ends = [_as_date(v) for v in plan["end"]]
    graph: dict[str, list[str]] = {}
    for index, name in enumerate(names):
        row = index + 1
        record = plan.iloc[index]

        def add(column: str, message: str, row: int = row, name: str = name) -> None:
            problems.append(Problem(row, name, HEADINGS.get(column, column), message))

        if not name:
            add("task", "the task has no name: give it a short name others will recognise.")
        elif first_row[keys[index]] != index:
            add("task", f'the same name as row {first_row[keys[index]] + 1}: give each task '
                "its own name, so dependencies are clear.")
        if not _text(record["owner"]):
            add("owner", "no owner: say who is accountable for this task.")
        for column, when in (("start", starts[index]), ("end", ends[index])):
            if when is None:
                typed = _text(record[column])
                add(column, f"{typed!r} is not a date: type one such as 15 Jan 2027 or "
                    "15/01/2027." if typed else "no date: type one such as 15 Jan 2027.")
        if starts[index] and ends[index] and ends[index] < starts[index]:
            add("end", f"ends on {_day(ends[index])}, before it starts on "
                f"{_day(starts[index])}.")
        milestone = _flag(record["milestone"])
        if milestone and not _text(record["measure"]):
            add("measure", "a milestone needs a measure: how will you know it is met?")
        if _text(record["risk"]) and not _text(record["mitigation"]):
            add("mitigation", "a risk with no mitigation: say what you will do to reduce "
                "it or what you will do if it happens.")
        after_keys: list[str] = []
        for before in dependencies(plan.iloc[[index]]).get(name, []):
            key = _key(before)
            if key == keys[index] and key:
                add("depends_on", "the task depends on itself: remove its own name.")
                continue
            if key not in first_row:
                add("depends_on", f'no task called "{before}" in the plan: check the '
                    "spelling, or add that task.")
                continue
            after_keys.append(key)
            other = first_row[key]
            if starts[index] and ends[other] and starts[index] < ends[other]:
                add("start", f"starts on {_day(starts[index])}, before "
                    f'"{names[other]}" ends on {_day(ends[other])}.')
        if name and first_row[keys[index]] == index:
            graph[keys[index]] = after_keys
    for cycle in _cycles(graph):
        if len(cycle) < 2:
            continue
        rows = [first_row[key] for key in cycle]
        chain = " → ".join(f'"{names[r]}"' for r in [*rows, rows[0]])
        start = min(rows)
        problems.append(Problem(start + 1, names[start], HEADINGS["depends_on"],
                                f"the tasks depend on each other in a circle ({chain}), so "
                                "none of them can start: remove one dependency."))
    problems.sort(key=lambda p: (p.row is None, p.row or 0))
    if not any(_flag(v) for v in plan["milestone"]):
        problems.append(Problem(None, "", "", "The plan has no milestone: mark at least one "
                                "checkpoint (with its measure) where you will check progress."))
    return problems


def _day(when: date) -> str:
    return f"{when.day} {when:%b %Y}"


def summary(problems: Iterable[Problem], plan: pd.DataFrame | None = None) -> str:
    """One sentence on the check: how many problems, or that none were found.

    Example:
        >>> summary([])
        'No problems found: every task has an owner and every milestone a measure.'
        >>> summary([Problem(1, "a", "owner", "no owner")])
        '1 problem to fix before the plan can be saved.'
    """
    if isinstance(problems, str | bytes) or not isinstance(problems, Iterable):
        raise ValueError("problems must be the list check_plan() returns; got "
                         f"{type(problems).__name__}.")
    problems = list(problems)
    if problems:
        count = len(problems)
        return f"{count} problem{'s' if count != 1 else ''} to fix before the plan can be saved."
    text = "No problems found: every task has an owner and every milestone a measure."
    if plan is not None and len(plan):
        milestones = int(sum(_flag(v) for v in plan["milestone"]))
        first = min(d for d in map(_as_date, plan["start"]) if d)
        last = max(d for d in map(_as_date, plan["end"]) if d)
        text += (f" {len(plan)} tasks and {milestones} milestone"
                 f"{'s' if milestones != 1 else ''}, from {_day(first)} to {_day(last)}.")
    return text


def critical_path(plan: pd.DataFrame) -> list[str]:
    """The longest chain of dependent tasks, by the days from the chain's first start to its
    last end, first task first: the tasks that cannot slip without delaying the end. Needs a
    plan without problems in its dates or dependencies (check it first); raises ValueError
    otherwise.

    Example:
        >>> critical_path(example_plan(date(2027, 1, 4)))[:2]
        ['Measure the baseline', 'Pilot the change in Team Aspen']
    """
    plan = _check_columns(plan)
    serious = [p for p in check_plan(plan)
               if p.column in {"start", "end", "depends on", "task"}]
    if serious:
        raise ValueError("critical_path(): fix the plan first: " + str(serious[0]))
    names = [_text(t) for t in plan["task"]]
    lookup = {_key(n): i for i, n in enumerate(names)}
    after = {i: [lookup[_key(d)] for d in deps]
             for i, deps in enumerate(dependencies(plan).values())}
    starts = [parse_date(v) for v in plan["start"]]
    ends = [parse_date(v) for v in plan["end"]]
    best: dict[int, tuple[date, list[int]]] = {}

    def chain(i: int) -> tuple[date, list[int]]:  # earliest start of the longest chain to i
        if i not in best:
            options = [chain(d) for d in after[i]]
            if options:
                first, path = min(options, key=lambda o: (o[0], -len(o[1])))
                best[i] = (first, [*path, i])
            else:
                best[i] = (starts[i], [i])
        return best[i]

    longest = max(range(len(names)),
                  key=lambda i: (ends[i] - chain(i)[0] + timedelta(days=1), len(chain(i)[1]),
                                 -i))
    return [names[i] for i in chain(longest)[1]]


def example_plan(start: date) -> pd.DataFrame:
    """A starter improvement project for a contact centre, from ``start`` (moved to the
    Monday of its week): rolling out "confirm the fix before closing" to every team after a
    pilot in Team Aspen, after Team Birch showed it works. Owners are roles; milestones
    carry measures; three risks carry
    mitigations. The learner edits it into their own plan.

    Example:
        >>> plan = example_plan(date(2027, 1, 6))
        >>> plan.loc[0, "start"], int(plan["milestone"].sum()), len(plan)
        (datetime.date(2027, 1, 4), 4, 9)
    """
    start = parse_date(start)
    monday = start - timedelta(days=start.weekday())

    def week(n: int, day: int = 0) -> date:
        return monday + timedelta(weeks=n, days=day)

    rows = [
        ("Measure the baseline", "Quality lead", week(0), week(1, 4), False, "",
         "", "Too few weeks of data to set limits",
         "Use at least 12 weeks of history for the control chart"),
        ("Pilot the change in Team Aspen", "Team leader, Aspen", week(2), week(7, 4), False, "",
         "Measure the baseline", "", ""),
        ("Pilot review", "Operations manager", week(8), week(8), True,
         "Aspen's weekly repeat-contact rate shows special cause of improvement on its control "
         "chart", "Pilot the change in Team Aspen", "", ""),
        ("Train team leaders", "Training lead", week(8), week(9, 4), False, "",
         "Pilot review", "Team leaders cannot be spared from the floor",
         "Workforce planner books training in the quietest intervals"),
        ("Plan cover for training", "Workforce planner", week(7), week(8, 4), False, "",
         "Measure the baseline", "", ""),
        ("Roll out team by team", "Operations manager", week(10), week(15, 4), False, "",
         "Train team leaders, Plan cover for training",
         "Handle time rises and the service level drops",
         "Watch the intraday service level; pause the next team if it falls below standard"),
        ("All teams using the change", "Operations manager", week(15, 4), week(15, 4), True,
         "Every team's quality checks show the fix confirmed on at least 9 in 10 contacts",
         "Roll out team by team", "", ""),
        ("Review the control charts", "Quality lead", week(16), week(19, 4), True,
         "Each team's repeat-contact chart read with the rules; limits recalculated only at "
         "the change", "All teams using the change", "", ""),
        ("Hand over to business as usual", "Operations manager", week(20), week(20), True,
         "The weekly repeat-contact chart is in the team meeting pack with a named owner",
         "Review the control charts", "", ""),
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS))
