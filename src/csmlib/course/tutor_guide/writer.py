"""Build and write the tutor guide: every notebook's guide, the session plans and the pages.

Example:
    >>> NOTEBOOK_NUMBERS[:2]
    ('00', '01')
    >>> import tempfile, pathlib
    >>> mine = pathlib.Path(tempfile.mkdtemp()) / "plans.md"
    >>> _ = mine.write_text("My own plan")
    >>> write(mine.parent)
    Traceback (most recent call last):
    ...
    ValueError: ...plans.md was not written by csm tutor-guide, so it is left alone. ...
"""


from __future__ import annotations

import importlib
import os
import shutil
import tempfile
from pathlib import Path

from csmlib.course.tutor_guide.facts import Facts
from csmlib.course.tutor_guide.model import NotebookGuide
from csmlib.course.tutor_guide.plans import FULL_DAY, HALF_DAY, SessionPlan, programme
from csmlib.course.tutor_guide.render import (
    MARKER,
    index_page,
    notebook_page,
    page_name,
    plans_page,
)

NOTEBOOK_NUMBERS = ("00", "01", "02", "03", "04", "05", "06", "07")


def build(facts: Facts | None = None) -> dict[str, NotebookGuide]:
    """Every notebook's guide, computed from ``facts`` (default: the default data)."""
    facts = facts or Facts.default()
    guides = {}
    for number in NOTEBOOK_NUMBERS:
        module = importlib.import_module(f"csmlib.course.tutor_guide.notebook_{number}")
        guides[number] = module.guide(facts)
    return guides


def plans(guides: dict[str, NotebookGuide]) -> dict[str, list[SessionPlan]]:
    """The course as half-day and as full-day workshops."""
    return {frame.name: programme(frame, guides) for frame in (HALF_DAY, FULL_DAY)}


def pages(facts: Facts | None = None,
          guides: dict[str, NotebookGuide] | None = None) -> dict[str, str]:
    """Every page of the guide, by file name (``guides``: already built from ``facts``)."""
    facts = facts or Facts.default()
    guides = guides if guides is not None else build(facts)
    sessions = plans(guides)
    made = {"README.md": index_page(guides, facts.organisation),
            "plans.md": plans_page(sessions, guides)}
    for number, guide in guides.items():
        made[page_name(number)] = notebook_page(guide, sessions)
    return made


def write(out: str | os.PathLike[str], facts: Facts | None = None) -> list[Path]:
    """Write the guide's pages into ``out``; returns the files written.

    Only the guide's own pages are replaced (they start with the generated-file marker); a
    file of the same name without it is never overwritten: ``ValueError`` names it.
    """
    out = Path(out)
    names = ["README.md", "plans.md", *(page_name(number) for number in NOTEBOOK_NUMBERS)]
    for name in names:  # checked before the (slower) pages are made
        existing = out / name
        if existing.exists() and not existing.read_text(
                encoding="utf-8", errors="replace").startswith(MARKER):
            raise ValueError(f"{existing} was not written by csm tutor-guide, so it is left "
                             "alone. Move it, or choose another --out folder.")
    made = pages(facts)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tutor-guide-", dir=out))
    try:
        for name, text in made.items():
            (staging / name).write_text(text, encoding="utf-8")
        for name in made:
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / name for name in made]
