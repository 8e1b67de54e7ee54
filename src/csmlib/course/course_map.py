"""The course map: each notebook, the criteria it covers, its interactive pieces, and
whether it is available yet.

``available`` is the one list of notebooks that exist (a test checks it against the files in
``notebooks/``), so the map, and any "what to do next", never sends a learner to a notebook
that is still being written.

Example:
    >>> from csmlib.course import course_map
    >>> course_map.notebook("00").title
    'Start here'
    >>> course_map.table().columns.tolist()
    ['Notebook', 'Title', 'Criteria', 'What you do', 'Available']
    >>> course_map.next_available("00").number
    '01'
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from csmlib.course import criteria


@dataclass(frozen=True)
class NotebookInfo:
    """One notebook of the guided sequence."""

    number: str
    title: str
    filename: str
    criteria: tuple[str, ...]
    pieces: str
    #: the notebook file is in the course (False: being written)
    available: bool = False

    def __post_init__(self) -> None:
        criteria.validate(self.criteria)  # a typo in a code fails loudly, at once


NOTEBOOKS: tuple[NotebookInfo, ...] = (
    NotebookInfo(
        "00", "Start here", "00_start_here.ipynb", ("7.2", "5.3"),
        "how Jupyter works, meet the organisation, dataset explorer, the portfolio",
        available=True,
    ),
    NotebookInfo(
        "01", "Strategy and loyalty", "01_strategy_and_loyalty.ipynb", ("1.1", "1.2", "1.3"),
        "goal → objective → KPI tree builder; satisfaction vs retention and revenue explorer",
        available=True,
    ),
    NotebookInfo(
        "02", "Planning operations", "02_planning_operations.ipynb",
        ("2.1", "2.2", "2.3", "2.4", "2.5"),
        "demand forecast; Erlang staffing calculator; peak-day simulator; budget",
        available=True,
    ),
    NotebookInfo(
        "03", "Performance and feedback", "03_performance_and_feedback.ipynb",
        ("5.1", "5.2", "5.3", "3.1"),
        "KPI dashboard with targets (RAG); comment theme and sentiment explorer; intraday monitor",
        available=True,
    ),
    NotebookInfo(
        "04", "Complaints and difficult customers", "04_complaints.ipynb", ("3.2", "3.3", "3.4"),
        "complaint triage exercise; Pareto/root cause; timeliness vs rules; "
        "de-escalation scenario",
        available=True,
    ),
    NotebookInfo(
        "05", "People: recruit, train, coach", "05_people.ipynb", ("4.1", "4.2", "4.3", "4.4"),
        "competency-based candidate scoring; training-needs heatmap; GROW plan; training impact",
        available=True,
    ),
    NotebookInfo(
        "06", "Continuous improvement (PDCA)", "06_continuous_improvement.ipynb",
        ("6.1", "6.2", "6.3", "6.4", "6.5"),
        "PDCA simulator with control charts; improvement log over several cycles",
        available=True,
    ),
    NotebookInfo(
        "07", "Your workplace and portfolio", "07_your_workplace.ipynb",
        ("7.1", "7.2", "7.3", "3.4"),
        "import own CSV with column mapping; anonymise; rerun analyses; export portfolio",
        available=True,
    ),
)


def notebook(number: str) -> NotebookInfo:
    """Look a notebook up by its number, e.g. ``notebook("02")``.

    Example:
        >>> notebook("06").criteria
        ('6.1', '6.2', '6.3', '6.4', '6.5')
    """
    for info in NOTEBOOKS:
        if info.number == str(number).zfill(2):
            return info
    valid = ", ".join(info.number for info in NOTEBOOKS)
    raise ValueError(f"There is no notebook {number!r}; the notebooks are {valid}.")


#: What the course map says of a notebook that is not in the course yet.
BEING_WRITTEN = "Being written"


def available_numbers() -> list[str]:
    """The numbers of the notebooks that are in the course now, in order.

    Example:
        >>> available_numbers()[0]
        '00'
    """
    return [info.number for info in NOTEBOOKS if info.available]


def next_available(number: str) -> NotebookInfo | None:
    """The first available notebook after ``number`` (None after the last one).

    Example:
        >>> next_available("07") is None
        True
    """
    current = notebook(number).number
    later = [info for info in NOTEBOOKS if info.available and info.number > current]
    return later[0] if later else None


def table() -> pd.DataFrame:
    """The course map as a table, one row per notebook (a frame; notebook 00 shows it for
    people through the presentation kit).

    Example:
        >>> len(table())
        8
        >>> table().loc[0, "Available"]
        'Yes'
    """
    return pd.DataFrame(
        {
            "Notebook": [info.number for info in NOTEBOOKS],
            "Title": [info.title for info in NOTEBOOKS],
            "Criteria": [", ".join(info.criteria) for info in NOTEBOOKS],
            "What you do": [info.pieces for info in NOTEBOOKS],
            "Available": ["Yes" if info.available else BEING_WRITTEN for info in NOTEBOOKS],
        }
    )


def uncovered_criteria() -> list[str]:
    """Criteria that no notebook covers (should be empty: a test checks it).

    Example:
        >>> uncovered_criteria()
        []
    """
    covered = {code for info in NOTEBOOKS for code in info.criteria}
    return [code for code in criteria.CRITERIA if code not in covered]
