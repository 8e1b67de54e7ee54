"""Quality frameworks (criterion 6.4): the map the learner completes.

:class:`QualityFrameworkMap` shows each clause of :data:`csmlib.course.quality_frameworks.
CLAUSES` — the standard, the clause, what it asks for in plain words, and where the course
did it — with a box for the learner's evidence ("what you do at work, or what you did in the
course") and a self-rating. *Save* stores the ratings and the writing as evidence for 6.4
(activity ``06-quality-frameworks``) once at least :attr:`QualityFrameworkMap.MIN_ROWS` rows
have at least :attr:`QualityFrameworkMap.MIN_WORDS` words; a new map loads the saved answers.

Example:
    >>> import tempfile, pathlib
    >>> from csmlib.course.portfolio import Portfolio
    >>> qmap = QualityFrameworkMap(Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite"))
    >>> len(qmap.rows) == len(qf.CLAUSES), qmap.status.value
    (True, 'Not saved yet.')
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import ClassVar

import ipywidgets as widgets
import pandas as pd

from csmlib.course import quality_frameworks as qf
from csmlib.course.exercises import strict_mode
from csmlib.course.portfolio import Evidence, Portfolio, PortfolioError, WrittenPart
from csmlib.ui.forms import NOT_SAVED, _evidence_status, load_saved, saved_status
from csmlib.ui.tables import Table, table
from csmlib.ui.widgets import CourseWidget, note

__all__ = ["RATINGS", "QualityFrameworkMap", "clauses_table"]

NOTEBOOK = "06"
CRITERIA = ("6.4",)
#: The self-ratings, best first; "Not rated" until the learner picks one.
RATINGS: tuple[str, ...] = ("In place", "Partly", "Not yet", "Not applicable")
NOT_RATED = "Not rated"


def clauses_table(clauses: Sequence[qf.Clause] = qf.CLAUSES) -> Table:
    """The clauses with the course mapping, as a kit table.

    Example:
        >>> clauses_table().rows()[0][:2]
        ['ISO 9001:2015', 'clause 9.1.2: Customer satisfaction']
    """
    frame = qf.frame().set_index("key").loc[[c.key for c in clauses]].reset_index()
    frame["clause_title"] = frame["clause"] + ": " + frame["title"]
    return table(frame, {"standard": "Standard", "clause_title": "Clause",
                         "asks": "What it asks for (in our words)",
                         "course": "Where you did it in this course (criteria)"},
                 notes=["The standards are summarised in the course's own words, not quoted: "
                        "read the standard itself (from BSI or ISO) before you rely on it.",
                        "Sources: " + "; ".join(qf.SOURCES.values()) + "."])


class _ClauseRow:
    def __init__(self, clause: qf.Clause) -> None:
        self.clause = clause
        course = "<br>".join(html.escape(a.label) for a in clause.course)
        self.header = widgets.HTML(
            f"<div style='margin-top:6px'><b>{html.escape(clause.standard)}, "
            f"{html.escape(clause.clause_label)}: {html.escape(clause.title)}</b><br>"
            f"{html.escape(clause.asks)}<br><small><i>Where you did it in this course:</i> "
            f"{course}</small></div>")
        self.evidence = widgets.Textarea(
            placeholder="Your evidence: what you do at work, or what you did in the course "
                        "and what it showed",
            layout=widgets.Layout(width="72%", height="4.2em"))
        self.rating = widgets.Dropdown(options=[NOT_RATED, *RATINGS], value=NOT_RATED,
                                       description="Rating", style={"description_width":
                                                                    "initial"},
                                       layout=widgets.Layout(width="13em"))
        self.view = widgets.VBox(
            [self.header, widgets.HBox([self.evidence, self.rating])],
            layout=widgets.Layout(border_bottom="1px solid #d0d0d0", padding="0 0 6px 0"))

    @property
    def words(self) -> int:
        return len(self.evidence.value.split())


class QualityFrameworkMap(CourseWidget):
    """The quality-framework map (criterion 6.4): one row per clause with the learner's
    evidence (``rows[i].evidence``) and self-rating (``rows[i].rating``); ``controls["save"]``
    saves; ``result`` counts the rows written; ``status`` is the one status line.
    """

    ACTIVITY: ClassVar[str] = "06-quality-frameworks"
    TITLE: ClassVar[str] = "Quality frameworks: how my service measures up"
    MIN_WORDS: ClassVar[int] = 10
    MIN_ROWS: ClassVar[int] = 4

    def __init__(self, portfolio: Portfolio | None = None, *,
                 clauses: Sequence[qf.Clause] = qf.CLAUSES) -> None:
        super().__init__()
        if not clauses:
            raise ValueError("clauses is empty: give at least one clause to map.")
        self.portfolio = portfolio or Portfolio()
        self.rows = [_ClauseRow(c) for c in clauses]
        save = widgets.Button(description="Save to portfolio", icon="save",
                              button_style="success", layout=widgets.Layout(width="max-content"))
        save.on_click(lambda _b: self._act())
        self.controls["save"] = save
        self.status = widgets.HTML(NOT_SAVED)
        for row in self.rows:
            row.evidence.observe(self._safe_update, names="value")
            row.rating.observe(self._safe_update, names="value")
        self._load_saved()
        self.view = widgets.VBox([*(row.view for row in self.rows), self.result, save,
                                  self.message, self.status])
        self.view.add_class("csm-widget")
        self._safe_update()

    def written(self) -> int:
        """How many rows have at least :attr:`MIN_WORDS` words of evidence."""
        return sum(row.words >= self.MIN_WORDS for row in self.rows)

    def update(self) -> None:
        rated = sum(row.rating.value != NOT_RATED for row in self.rows)
        done = self.written()
        tick = "✔ " if done >= self.MIN_ROWS else ""
        self.result.value = (f"<p>{tick}{done} of {len(self.rows)} clauses have at least "
                             f"{self.MIN_WORDS} words of evidence (at least {self.MIN_ROWS} "
                             f"needed to save); {rated} rated.</p>")

    def answers(self) -> pd.DataFrame:
        """The map as a table: standard, clause, title, course mapping, rating, evidence."""
        return pd.DataFrame({
            "key": [r.clause.key for r in self.rows],
            "standard": [r.clause.standard for r in self.rows],
            "clause": [r.clause.clause_label for r in self.rows],
            "title": [r.clause.title for r in self.rows],
            "course": ["; ".join(a.label for a in r.clause.course) for r in self.rows],
            "rating": [r.rating.value for r in self.rows],
            "evidence": [r.evidence.value.strip() for r in self.rows],
        })

    def save(self) -> Evidence:
        """Check enough is written, then save the map (replacing an earlier one)."""
        done = self.written()
        if done < self.MIN_ROWS:
            raise ValueError(f"Not saved: {done} of {len(self.rows)} clauses have at least "
                             f"{self.MIN_WORDS} words of evidence; write at least "
                             f"{self.MIN_ROWS}, saying what you do at work (or what you did "
                             "in the course) for each.")
        unrated = [r.clause.title for r in self.rows
                   if r.words >= self.MIN_WORDS and r.rating.value == NOT_RATED]
        if unrated:
            raise ValueError("Not saved: pick a rating for each clause you wrote about ("
                             + "; ".join(unrated) + ").")
        parts = [WrittenPart(f"{r.clause.standard} {r.clause.clause_label} ({r.clause.title}): "
                             f"{r.rating.value}", r.evidence.value.strip(), CRITERIA,
                             self.MIN_WORDS, r.clause.key)
                 for r in self.rows if r.evidence.value.strip()]
        ratings = self.answers()["rating"].value_counts()
        support = ", ".join(f"{ratings.get(word, 0)} {word.lower()}" for word in RATINGS)
        entry = self.portfolio.save(
            title=self.TITLE, parts=parts, table=self.answers(),
            support_text=f"Self-ratings across {len(self.rows)} clauses: {support}.",
            notebook=NOTEBOOK, activity=self.ACTIVITY)
        self.status.value = saved_status(entry, self.portfolio)
        return entry

    def _act(self) -> None:
        try:
            self.save()
            self.message.value = ""
        except (ValueError, PortfolioError) as error:
            self.message.value = note(str(error))
        except Exception as error:  # a widget shows a message, never a traceback
            self.message.value = note(f"Could not save ({type(error).__name__}: {error}).")
            if strict_mode():
                raise

    def _load_saved(self) -> None:
        saved = load_saved(self.portfolio, self.ACTIVITY, self.message)
        if saved is None:
            return
        by_key = {r.clause.key: r for r in self.rows}
        if saved.table is not None and {"key", "rating", "evidence"} <= set(saved.table):
            for record in saved.table.to_dict("records"):
                row = by_key.get(str(record["key"]))
                if row is None:
                    continue
                rating = str(record["rating"])
                row.rating.value = rating if rating in RATINGS else NOT_RATED
                evidence = record["evidence"]
                row.evidence.value = "" if pd.isna(evidence) else str(evidence)
        self.status.value = _evidence_status(saved, just_saved=False)

    def intro_html(self) -> str:
        return ("<p><b>Map the quality frameworks</b> (criterion 6.4). For each clause, write "
                "what you do at work that meets it, or what you did in this course and what "
                f"it showed (at least {self.MIN_WORDS} words), and rate your service honestly. "
                f"Complete at least {self.MIN_ROWS} clauses to save; the gaps you find are "
                "your next improvement cycles.</p>")

    def static_html(self) -> str:
        return "<p><b>The clauses and where the course covers them</b></p>" + \
            clauses_table().to_html()
