"""Customer expectations: the five SERVQUAL dimensions, mapped to comments and KPIs.

Parasuraman, Zeithaml and Berry (1988, "SERVQUAL: a multiple-item scale for measuring
consumer perceptions of service quality", *Journal of Retailing* 64(1), 12–40) found that
customers judge a service on five dimensions: **reliability**, **assurance**, **tangibles**,
**empathy** and **responsiveness**. :data:`DIMENSIONS` gives each one a plain-English
definition and a contact-centre example.

The course links them to the organisation's own evidence:

* :data:`THEME_DIMENSIONS` files each comment theme (the analyst's ``comment_theme`` in the
  contacts table, or the automatic ``theme`` of :func:`csmlib.analysis.feedback.analyse`)
  under the dimension it is about; praise thanks the service as a whole and is filed under
  :data:`OVERALL`, not under one dimension.
* :data:`KPI_DIMENSIONS` says which dimension each customer-facing KPI of
  :data:`csmlib.analysis.kpis.KPI_CATALOGUE` measures. KPIs that are not in it (cost per
  contact, handle time, occupancy, adherence, absence, attrition) measure the operation's
  efficiency or its people, not what customers expect: keep them, but do not mistake them
  for customer measures.
* :func:`dimension_summary` counts the comments on each dimension, the share of them from
  unhappy customers (CSAT 1 or 2) and the KPIs that measure it, with an example comment.

Example:
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"comment": ["Forty minutes on hold", "Brilliant, thanks",
    ...                                   "Still not sorted", "Waited a while"],
    ...                       "comment_theme": ["waiting time", "praise", "resolution",
    ...                                         "waiting time"],
    ...                       "csat": [1, 5, 2, 4]})
    >>> summary = dimension_summary(frame).set_index("dimension")
    >>> row = summary.loc["responsiveness"]
    >>> int(row["comments"]), round(float(row["share"]), 3), float(row["negative_share"])
    (2, 0.667, 0.5)
    >>> summary.loc["responsiveness", "example"]
    'Forty minutes on hold'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from csmlib.analysis import checks
from csmlib.analysis.kpis import KPI_CATALOGUE
from csmlib.data.schema import require_columns

__all__ = ["DIMENSIONS", "DIMENSION_NAMES", "KPI_DIMENSIONS", "MIN_EXAMPLE_WORDS",
           "NEGATIVE_AT_OR_BELOW",
           "OVERALL", "SOURCE", "SUMMARY_COLUMNS", "THEME_DIMENSIONS", "Dimension",
           "comment_coverage", "dimension", "dimension_summary", "kpis_for"]

#: The citation for the five dimensions.
SOURCE = ("Parasuraman, A., Zeithaml, V. A. and Berry, L. L. (1988) 'SERVQUAL: a "
          "multiple-item scale for measuring consumer perceptions of service quality', "
          "Journal of Retailing, 64(1), pp. 12–40")
#: Label for evidence about the service as a whole (praise, CSAT, NPS), not one dimension.
OVERALL = "overall"
#: A comment counts as negative when its CSAT score is at or below this (1 or 2 of 5).
NEGATIVE_AT_OR_BELOW = 2
#: The example comment is the shortest with at least this many words (if there is one), so
#: it says what went wrong rather than only "Rubbish service."
MIN_EXAMPLE_WORDS = 6


@dataclass(frozen=True)
class Dimension:
    """One SERVQUAL dimension: its name, what it means, a contact-centre example, and other
    evidence that measures it but is not a catalogue KPI.

    Example:
        >>> dimension("reliability").definition.split(":")[0]
        'Doing what you promised'
    """

    name: str
    definition: str
    example: str
    other_measures: str


#: The five dimensions, in SERVQUAL's usual order (the acronym RATER).
DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "reliability",
        "Doing what you promised: performing the service dependably and accurately, right "
        "the first time.",
        "The call back promised for Tuesday happens on Tuesday; the bill is right; the fault "
        "is fixed on the first contact, so the customer never has to chase.",
        "repeat contacts within 7 days (notebook 03); complaint root causes (notebook 04)"),
    Dimension(
        "assurance",
        "Knowledge and courtesy that earn trust: staff who know the answer, explain it "
        "clearly and make the customer confident it is right.",
        "An adviser explains why the standing charge went up, shows the sums and says "
        "exactly what happens next.",
        "QA accuracy and compliance items (qa_evaluations); complaints about mis-selling "
        "or wrong information"),
    Dimension(
        "tangibles",
        "What the customer sees and uses: in a contact centre, the app, website, letters, "
        "bills and self-service, and how easy and clear they are.",
        "A bill a customer can read without phoning; an app that accepts meter readings; "
        "a web chat that works on a phone.",
        "self-service success and the share of contacts that failed online first"),
    Dimension(
        "empathy",
        "Caring, individual attention: listening, not rushing, treating the customer as a "
        "person with their own circumstances.",
        "An adviser notices a customer is worried about paying, slows down and offers a "
        "payment plan instead of reading the script.",
        "the QA empathy item (qa_evaluations.empathy_score); vulnerable-customer handling"),
    Dimension(
        "responsiveness",
        "Willingness to help promptly: answering quickly, replying when you said you would "
        "and keeping the customer informed.",
        "The phone is answered within the standard; an email gets a reply within a day; the "
        "customer is told about a delay before they have to ask.",
        "call-back kept on time; complaint acknowledgement within the rules (notebook 04)"),
)
#: The dimension names, in order.
DIMENSION_NAMES: tuple[str, ...] = tuple(d.name for d in DIMENSIONS)

#: Each comment theme of the course data, and the dimension it is about. Why:
THEME_DIMENSIONS: dict[str, str] = {
    # Long queues and slow replies: the "prompt service" of responsiveness.
    "waiting time": "responsiveness",
    # "Still not sorted", "nobody called back": a promise not kept, the heart of reliability.
    "resolution": "reliability",
    # Having to chase means it was not done right the first time: reliability, not speed.
    "repeat contact": "reliability",
    # Meters that fail, estimated readings used instead of the customer's, a complaint
    # promised a response and not given: the core service not performing as promised.
    "product or service": "reliability",
    # Being rushed, cut short or "the adviser didn't want to help": the caring, individual
    # attention of empathy. (Courtesy is also part of assurance; these comments are about
    # being treated as a person, so empathy fits them better.)
    "staff attitude": "empathy",
    # "Nobody could explain it", "I still think it's unfair", "feel ripped off": trust and
    # confidence in the charges, and the knowledge to explain them — assurance. (A wrong bill
    # is also unreliable; the course's billing comments are mostly about understanding and
    # trust.)
    "billing and charges": "assurance",
    # The app, website and online account are what customers see and use: today's
    # equivalent of SERVQUAL's physical facilities, equipment and materials.
    "digital and app": "tangibles",
    # Praise thanks the service as a whole ("brilliant, all sorted, thank you") and rarely
    # names one dimension; filing it under one would make that dimension look the best.
    "praise": OVERALL,
}

#: Customer-facing KPIs of the catalogue, and the dimension each measures. Why:
KPI_DIMENSIONS: dict[str, str] = {
    # Resolved without the customer coming back: right the first time.
    "FCR (first contact resolution)": "reliability",
    # A complaint is most often a broken promise or a mistake.
    "Complaints per 1,000 contacts": "reliability",
    # How quickly the customer is answered or replied to, and how many give up waiting.
    "Service level: phone, answered in 20 s": "responsiveness",
    "Service level: chat, answered in 60 s": "responsiveness",
    "Email: replied within 24 hours": "responsiveness",
    "Social: replied within 2 hours": "responsiveness",
    "ASA: phone (average speed of answer)": "responsiveness",
    "ASA: chat (average speed of answer)": "responsiveness",
    "Abandonment: phone": "responsiveness",
    "Abandonment: chat": "responsiveness",
    # The evaluators' checklist: accurate information, compliance, clear next steps.
    "QA score": "assurance",
    # "It was easy to get my issue handled": effort is shaped mostly by the channels, the
    # app and the paperwork the customer has to deal with (it also reflects reliability).
    "CES (customer effort score)": "tangibles",
    # Overall judgements of the whole experience.
    "CSAT (customer satisfaction)": OVERALL,
    "NPS (net promoter score)": OVERALL,
}

#: Columns of :func:`dimension_summary`.
SUMMARY_COLUMNS: tuple[str, ...] = ("dimension", "definition", "themes", "comments", "share",
                                    "negative", "negative_share", "kpis", "other_measures",
                                    "example")


def dimension(name: str) -> Dimension:
    """The dimension called ``name`` (any case).

    Example:
        >>> dimension("Empathy").name
        'empathy'
        >>> dimension("speed")
        Traceback (most recent call last):
        ...
        ValueError: dimension must be one of reliability, assurance, tangibles, empathy, \
responsiveness; got 'speed'.
    """
    wanted = checks.text("dimension", name, example="empathy").strip().lower()
    for entry in DIMENSIONS:
        if entry.name == wanted:
            return entry
    raise ValueError(f"dimension must be one of {', '.join(DIMENSION_NAMES)}; got {name!r}.")


def kpis_for(name: str) -> list[str]:
    """The catalogue KPIs that measure dimension ``name`` (or ``"overall"``), in catalogue
    order.

    Example:
        >>> kpis_for("reliability")
        ['FCR (first contact resolution)', 'Complaints per 1,000 contacts']
        >>> kpis_for("empathy")
        []
    """
    wanted = checks.text("dimension", name, example="empathy").strip().lower()
    if wanted != OVERALL:
        wanted = dimension(wanted).name
    return [k.name for k in KPI_CATALOGUE if KPI_DIMENSIONS.get(k.name) == wanted]


def _themes_and_scores(contacts: pd.DataFrame, theme_column: str
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Theme, comment and CSAT of the rows that have a comment and a theme."""
    checks.text("theme_column", theme_column, example="comment_theme")
    require_columns(contacts, "contacts", ["comment", "csat"])
    if theme_column not in contacts.columns:
        raise ValueError(
            f"The contacts table has no column {theme_column!r}. Use theme_column="
            "'comment_theme' for the course data (the analyst's labels), or run "
            "csmlib.analysis.feedback.analyse(contacts) first and use theme_column='theme'.")
    themes = contacts[theme_column].to_numpy(dtype=object, na_value="")
    comments = contacts["comment"].to_numpy(dtype=object, na_value="")
    has = np.array([isinstance(t, str) and t.strip() != "" and isinstance(c, str)
                    and c.strip() != "" for t, c in zip(themes, comments, strict=True)],
                   dtype=bool)
    csat = pd.to_numeric(contacts["csat"], errors="coerce").to_numpy(dtype=float,
                                                                     na_value=np.nan)
    return (np.array([t.strip() for t in themes[has]], dtype=object), comments[has],
            csat[has])


def _example(comments: np.ndarray) -> str:
    """The shortest comment with at least :data:`MIN_EXAMPLE_WORDS` words, else the
    shortest; ties go to the first in alphabetical order (so the choice is repeatable)."""
    pool = [c.strip() for c in comments]
    long_enough = [c for c in pool if len(c.split()) >= MIN_EXAMPLE_WORDS]
    pool = long_enough or pool
    return min(pool, key=lambda c: (len(c), c)) if pool else ""


def comment_coverage(contacts: pd.DataFrame, theme_column: str = "comment_theme"
                     ) -> dict[str, int]:
    """How the comments split: ``mapped`` to one of the five dimensions, ``overall``
    (praise) and ``unmapped`` (a theme not in :data:`THEME_DIMENSIONS`, such as "other");
    ``total`` is all comments with a theme.

    Example:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"comment": ["On hold", "Great", "Hmm", ""],
        ...                       "comment_theme": ["waiting time", "praise", "other", ""],
        ...                       "csat": [1, 5, 3, None]})
        >>> comment_coverage(frame)
        {'total': 3, 'mapped': 1, 'overall': 1, 'unmapped': 1}
    """
    themes, _comments, _csat = _themes_and_scores(contacts, theme_column)
    dims = [THEME_DIMENSIONS.get(t) for t in themes]
    mapped = sum(d in DIMENSION_NAMES for d in dims)
    overall = sum(d == OVERALL for d in dims)
    return {"total": len(themes), "mapped": mapped, "overall": overall,
            "unmapped": len(themes) - mapped - overall}


def dimension_summary(contacts: pd.DataFrame, theme_column: str = "comment_theme",
                      theme_dimensions: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per SERVQUAL dimension: what customers' comments say about it.

    Columns (:data:`SUMMARY_COLUMNS`): ``dimension``, its ``definition``, the ``themes``
    filed under it, ``comments`` (how many), ``share`` (of all comments mapped to a
    dimension, 0–1; praise and unmapped themes are left out, see :func:`comment_coverage`),
    ``negative`` and ``negative_share`` (comments with CSAT at or below
    :data:`NEGATIVE_AT_OR_BELOW`, as a count and a share of the dimension's comments that
    have a CSAT score; NaN when none has), ``kpis`` (the catalogue KPIs that measure it,
    joined with "; ", empty when none does), ``other_measures`` (evidence that is not a
    catalogue KPI, such as the QA empathy item) and ``example`` (the shortest negative comment
    with at least :data:`MIN_EXAMPLE_WORDS` words, else the shortest negative one, else the
    shortest comment; empty when there are none). Rows are in SERVQUAL order.

    ``theme_column`` is ``"comment_theme"`` for the course data, or ``"theme"`` after
    :func:`csmlib.analysis.feedback.analyse`. ``theme_dimensions`` replaces
    :data:`THEME_DIMENSIONS` (values must be dimension names or ``"overall"``).

    Example:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"comment": ["App crashed", "App is fine"],
        ...                       "comment_theme": ["digital and app"] * 2, "csat": [None, 4]})
        >>> row = dimension_summary(frame).set_index("dimension").loc["tangibles"]
        >>> int(row["comments"]), int(row["negative"]), float(row["negative_share"])
        (2, 0, 0.0)
        >>> row["kpis"], row["example"]
        ('CES (customer effort score)', 'App crashed')
        >>> dimension_summary(frame, theme_dimensions={"digital and app": "speed"})
        Traceback (most recent call last):
        ...
        ValueError: theme_dimensions: 'digital and app' is filed under 'speed'; use one of \
reliability, assurance, tangibles, empathy, responsiveness or 'overall'.
    """
    mapping = dict(THEME_DIMENSIONS if theme_dimensions is None else theme_dimensions)
    for theme, dim in mapping.items():
        if dim not in (*DIMENSION_NAMES, OVERALL):
            raise ValueError(f"theme_dimensions: {theme!r} is filed under {dim!r}; use one of "
                             f"{', '.join(DIMENSION_NAMES)} or 'overall'.")
    themes, comments, csat = _themes_and_scores(contacts, theme_column)
    dims = np.array([mapping.get(t, "") for t in themes], dtype=object)
    mapped_total = int(np.isin(dims, DIMENSION_NAMES).sum())
    rows = []
    for entry in DIMENSIONS:
        rows_here = dims == entry.name
        scores = csat[rows_here]
        text = comments[rows_here]
        scored = ~np.isnan(scores)
        negative_rows = scored & (scores <= NEGATIVE_AT_OR_BELOW)
        negative = int(negative_rows.sum())
        example = _example(text[negative_rows] if negative else text)
        count = int(rows_here.sum())
        rows.append({
            "dimension": entry.name,
            "definition": entry.definition,
            "themes": ", ".join(t for t, d in mapping.items() if d == entry.name),
            "comments": count,
            "share": count / mapped_total if mapped_total else math.nan,
            "negative": negative,
            "negative_share": negative / int(scored.sum()) if scored.any() else math.nan,
            "kpis": "; ".join(kpis_for(entry.name)),
            "other_measures": entry.other_measures,
            "example": example,
        })
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
