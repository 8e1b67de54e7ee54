"""Forms that finish the portfolio (criteria 7.2 and 7.3): a reflective account, a witness
testimony from the learner's line manager, and the final coverage by criterion and evidence
type.

* :class:`ReflectiveAccount`: five prompts (what happened, what I did, what resulted, what I
  learned, what I will do differently), a title and the criteria it is written for. Each part
  counts once it has :data:`ACCOUNT_MIN_WORDS` words. A learner may write several accounts:
  they are numbered (activity ``07-reflective-account-1``, ``-2``...) and the form's first
  drop-down chooses which one to edit, or a new one. Numbers, not titles, name them, so
  changing a title never makes a duplicate.
* :class:`WitnessTestimony`: the witness's name, role, relationship to the learner, what they
  saw (at least :data:`TESTIMONY_MIN_WORDS` words), the criteria, the date and their
  declaration. Numbered the same way (``07-witness-testimony-1``...), one per witness.
* :class:`FinalCoverage`: the evidence for each criterion by type, what is still missing and
  where to add it, refreshable.

Every form saves with its evidence type, loads back what was saved, and shows a problem as a
message, never a traceback.

Example:
    >>> import tempfile, pathlib
    >>> p = Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite")
    >>> form = ReflectiveAccount(p)
    >>> form.activity, form.result.value
    ('07-reflective-account-1', 'Not saved yet.')
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

import ipywidgets as widgets

from csmlib.course import criteria as framework
from csmlib.course.portfolio import (
    EVIDENCE_TYPES,
    WITNESS_DECLARATION,
    WITNESS_FIELDS,
    Evidence,
    Portfolio,
    PortfolioError,
    WrittenPart,
    witness_details,
)
from csmlib.ui import tables
from csmlib.ui.forms import NOT_SAVED, _evidence_status
from csmlib.ui.widgets import CourseWidget, note

#: Words a part of a reflective account needs to count as evidence.
ACCOUNT_MIN_WORDS = 15
#: Words the witness's account of what they saw needs.
TESTIMONY_MIN_WORDS = 30
#: The five prompts of a reflective account: key -> (heading, placeholder).
ACCOUNT_PROMPTS: dict[str, tuple[str, str]] = {
    "what_happened": ("What happened", "The situation at work: when, where, who was involved."),
    "what_i_did": ("What I did", "The actions you took and why you chose them."),
    "what_resulted": ("What resulted", "What changed: for customers, the team, the figures."),
    "what_i_learned": ("What I learned", "What this taught you about managing service."),
    "what_next": ("What I will do differently", "What you will keep, change or try next time."),
}
#: The criterion every reflective account and witness testimony evidences.
ALWAYS = "7.3"
NEW = "new"


def _criteria_options() -> list[tuple[str, str]]:
    return [(f"{c.code} {c.shows}"[:90], c.code) for c in framework.all_criteria()]


def _number(activity: str | None, prefix: str) -> int | None:
    """The number at the end of a numbered activity (``None`` for another activity).

    Example:
        >>> _number("07-witness-testimony-12", "07-witness-testimony"), _number("x", "07-a")
        (12, None)
    """
    if not activity or not activity.startswith(prefix + "-"):
        return None
    tail = activity[len(prefix) + 1:]
    return int(tail) if tail.isdigit() else None


class _NumberedForm(CourseWidget):
    """A form for numbered entries of one evidence type: a drop-down picks which to edit."""

    PREFIX: ClassVar[str] = ""
    EVIDENCE_TYPE: ClassVar[str] = ""
    NOUN: ClassVar[str] = ""

    def __init__(self, portfolio: Portfolio | None, notebook: str) -> None:
        super().__init__()
        self.portfolio = portfolio or Portfolio()
        self.notebook = notebook
        self.saved: dict[str, Evidence] = {}
        self.controls["entry"] = widgets.Dropdown(description=f"{self.NOUN.capitalize()}",
                                                  layout=widgets.Layout(width="32em"))
        self.result.value = NOT_SAVED

    # ------------------------------------------------------------ which entry
    @property
    def activity(self) -> str:
        """The activity the form saves to now, e.g. ``07-reflective-account-2``."""
        return str(self.controls["entry"].value)

    def _read_saved(self) -> None:
        entries = self.portfolio.entries()
        self.saved = {e.activity: e for e in entries
                      if _number(e.activity, self.PREFIX) is not None}

    def _options(self) -> list[tuple[str, str]]:
        ordered = sorted(self.saved, key=lambda a: _number(a, self.PREFIX) or 0)
        options = [(f"{_number(a, self.PREFIX)}: {self.label(self.saved[a])}"[:60], a)
                   for a in ordered]
        following = max((_number(a, self.PREFIX) or 0 for a in ordered), default=0) + 1
        options.append((f"{following}: a new {self.NOUN}", f"{self.PREFIX}-{following}"))
        return options

    def _start(self) -> None:
        """Fill the drop-down from the portfolio and load the first saved entry."""
        try:
            self._read_saved()
        except PortfolioError as error:
            self.message.value = note(str(error))
        choose = self.controls["entry"]
        choose.options = self._options()
        choose.value = choose.options[0][1]
        self._load(self.activity)
        choose.observe(self._on_choose, names="value")

    def _on_choose(self, _change: Any) -> None:
        try:
            self._load(self.activity)
            self.message.value = ""
        except Exception as error:  # a form shows a message, never a traceback
            self.message.value = note(f"Could not load it ({type(error).__name__}: {error}).")

    def _load(self, activity: str) -> None:
        entry = self.saved.get(activity)
        self.fill(entry)
        self.result.value = (_evidence_status(entry, just_saved=False) if entry
                             else NOT_SAVED)

    def fill(self, entry: Evidence | None) -> None:
        """Put a saved entry (or empty fields, for ``None``) into the form."""

    def label(self, entry: Evidence) -> str:
        """How a saved entry is named in the drop-down."""
        return entry.title

    def _after_save(self, entry: Evidence) -> None:
        self.saved[entry.activity or self.activity] = entry
        choose = self.controls["entry"]
        choose.unobserve(self._on_choose, names="value")
        choose.options = self._options()
        choose.value = entry.activity
        choose.observe(self._on_choose, names="value")
        self.result.value = _evidence_status(entry, just_saved=True)
        self.message.value = ""

    def save(self) -> Evidence:
        """Check the form and save it to the portfolio."""
        raise NotImplementedError

    def _on_save(self, _button: Any) -> None:
        try:
            self.save()
        except (ValueError, PortfolioError) as error:
            self.message.value = note(str(error))
        except Exception as error:  # a form shows a message, never a traceback
            self.message.value = note(f"Could not save ({type(error).__name__}: {error}).")

    def _criteria(self) -> list[str]:
        chosen = framework.validate(list(self.controls["criteria"].value))
        return framework.validate([*chosen, ALWAYS])

    def _save_button(self, label: str) -> widgets.Button:
        save = widgets.Button(description=label, button_style="success", icon="save",
                              layout=widgets.Layout(width="max-content"))
        save.on_click(self._on_save)
        self.controls["save"] = save
        return save

    def _criteria_control(self, caption: str) -> widgets.Widget:
        self.controls["criteria"] = widgets.SelectMultiple(
            options=_criteria_options(), value=(ALWAYS,), rows=8,
            layout=widgets.Layout(width="98%"))
        return widgets.VBox([widgets.HTML(f"<b>Criteria</b> <small>— {caption}</small>"),
                             self.controls["criteria"]])


class ReflectiveAccount(_NumberedForm):
    """A reflective account in five parts, saved as ``"reflective account"`` evidence.

    Each part evidences the chosen criteria (7.3 always) once it has
    :data:`ACCOUNT_MIN_WORDS` words; shorter parts are saved but do not count, and the form
    says which. Saving needs a title and at least one part written.

    Example:
        >>> import tempfile, pathlib
        >>> form = ReflectiveAccount(Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite"))
        >>> form.controls["title"].value = "Cutting repeat calls"
        >>> form.controls["what_i_did"].value = " ".join(["word"] * 15)
        >>> entry = form.save()
        >>> entry.evidence_type, entry.evidenced, entry.activity
        ('reflective account', ['7.3'], '07-reflective-account-1')
    """

    PREFIX: ClassVar[str] = "07-reflective-account"
    EVIDENCE_TYPE: ClassVar[str] = "reflective account"
    NOUN: ClassVar[str] = "account"

    def __init__(self, portfolio: Portfolio | None = None, *, notebook: str = "07") -> None:
        super().__init__(portfolio, notebook)
        self.controls["title"] = widgets.Text(
            description="Title", placeholder="e.g. Handling the Monday peak",
            layout=widgets.Layout(width="40em"))
        self.captions: dict[str, widgets.HTML] = {}
        items: list[widgets.Widget] = [self.controls["entry"], self.controls["title"]]
        for key, (_heading, placeholder) in ACCOUNT_PROMPTS.items():
            self.controls[key] = widgets.Textarea(placeholder=placeholder,
                                                  layout=widgets.Layout(width="98%",
                                                                        height="5em"))
            self.captions[key] = widgets.HTML()
            self.controls[key].observe(lambda _c, key=key: self._recaption(key), names="value")
            items += [self.captions[key], self.controls[key]]
        items.append(self._criteria_control(
            "hold Ctrl (Cmd on a Mac) to choose several; 7.3 is always included"))
        items.append(self._save_button("Save this account"))
        self.view = widgets.VBox([*items, self.result, self.message])
        self.view.add_class("csm-widget")
        for key in ACCOUNT_PROMPTS:
            self._recaption(key)
        self._start()

    def _recaption(self, key: str) -> None:
        words = len(self.controls[key].value.split())
        state = (f"✔ counts ({words} words)" if words >= ACCOUNT_MIN_WORDS
                 else f"{words} of {ACCOUNT_MIN_WORDS} words")
        self.captions[key].value = (f"<b>{html.escape(ACCOUNT_PROMPTS[key][0])}</b> "
                                    f"<small>— {state}</small>")

    def fill(self, entry: Evidence | None) -> None:
        by_key = {part.key: part for part in entry.parts} if entry else {}
        self.controls["title"].value = entry.title if entry else ""
        for key in ACCOUNT_PROMPTS:
            self.controls[key].value = by_key[key].text if key in by_key else ""
        codes = entry.criteria if entry else [ALWAYS]
        self.controls["criteria"].value = tuple(framework.validate([*codes, ALWAYS]))

    def written_parts(self) -> list[WrittenPart]:
        """The five parts as written, each for the chosen criteria."""
        codes = tuple(self._criteria())
        return [WrittenPart(heading, self.controls[key].value.strip(), codes,
                            ACCOUNT_MIN_WORDS, key)
                for key, (heading, _placeholder) in ACCOUNT_PROMPTS.items()]

    def save(self) -> Evidence:
        """Check the title and the parts, then save the account."""
        title = self.controls["title"].value.strip()
        if not title:
            raise ValueError("Give the account a title, e.g. 'Handling the Monday peak', then "
                             "save.")
        parts = self.written_parts()
        if not any(part.text for part in parts):
            raise ValueError(f"Nothing written yet: write at least {ACCOUNT_MIN_WORDS} words "
                             "in each part, then save.")
        entry = self.portfolio.save(title=title, parts=parts, notebook=self.notebook,
                                    activity=self.activity, evidence_type=self.EVIDENCE_TYPE)
        self._after_save(entry)
        return entry

    def intro_html(self) -> str:
        return ("<p><b>Reflective account</b> (criterion 7.3, and any others it shows): think "
                "of one real situation at work and answer the five prompts. Each part counts "
                f"once it has at least {ACCOUNT_MIN_WORDS} words. To write another account, "
                "choose <i>a new account</i> in the first box.</p>")

    def static_html(self) -> str:
        count = sum(1 for e in self.saved.values() if e.evidenced)
        if not self.saved:
            return ("<p><i>No reflective account saved yet. Write one, then press "
                    "Save.</i></p>")
        noun = "account" if len(self.saved) == 1 else "accounts"
        return (f"<p><b>When this cell ran:</b> {len(self.saved)} reflective {noun} "
                f"saved, {count} counting as evidence.</p>")


class WitnessTestimony(_NumberedForm):
    """A witness testimony from the learner's line manager, saved as ``"witness testimony"``.

    The witness's name, role, relationship to the learner, the date (not in the future) and
    their declaration are required, and what they saw needs at least
    :data:`TESTIMONY_MIN_WORDS` words; otherwise the form says what is missing and saves
    nothing.

    Example:
        >>> import tempfile, pathlib
        >>> form = WitnessTestimony(Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite"))
        >>> form.controls["save"].click()
        >>> "name is required" in form.message.value
        True
    """

    PREFIX: ClassVar[str] = "07-witness-testimony"
    EVIDENCE_TYPE: ClassVar[str] = "witness testimony"
    NOUN: ClassVar[str] = "testimony"
    PLACEHOLDERS: ClassVar[dict[str, str]] = {
        "name": "e.g. Sam Patel", "role": "e.g. Contact centre manager",
        "relationship": "e.g. My line manager since 2024",
    }

    def __init__(self, portfolio: Portfolio | None = None, *, notebook: str = "07") -> None:
        super().__init__(portfolio, notebook)
        label = {"description_width": "14em"}
        for key in ("name", "role", "relationship"):
            self.controls[key] = widgets.Text(
                description=WITNESS_FIELDS[key][0], style=label,
                placeholder=self.PLACEHOLDERS[key], layout=widgets.Layout(width="40em"))
        self.controls["saw"] = widgets.Textarea(
            placeholder="In the witness's words: what they saw the learner do, when, and what "
            "came of it.", layout=widgets.Layout(width="98%", height="8em"))
        self.caption = widgets.HTML()
        self.controls["saw"].observe(lambda _c: self._recaption(), names="value")
        self.controls["date"] = widgets.DatePicker(description=WITNESS_FIELDS["date"][0],
                                                   style=label,
                                                   layout=widgets.Layout(width="26em"))
        self.controls["declaration"] = widgets.Checkbox(
            description="The witness confirms the declaration above", indent=False,
            layout=widgets.Layout(width="max-content"))
        declaration = widgets.HTML(f"<p><b>{html.escape(WITNESS_FIELDS['declaration'][0])}"
                                   f":</b><br><i>{html.escape(WITNESS_DECLARATION)}</i></p>")
        items = [self.controls["entry"],
                 *(self.controls[key] for key in ("name", "role", "relationship")),
                 self.caption, self.controls["saw"],
                 self._criteria_control("what the witness saw you show; 7.3 is always "
                                        "included"),
                 self.controls["date"], declaration, self.controls["declaration"],
                 self._save_button("Save this testimony")]
        self.view = widgets.VBox([*items, self.result, self.message])
        self.view.add_class("csm-widget")
        self._recaption()
        self._start()

    def _recaption(self) -> None:
        words = len(self.controls["saw"].value.split())
        state = (f"✔ enough ({words} words)" if words >= TESTIMONY_MIN_WORDS
                 else f"{words} of {TESTIMONY_MIN_WORDS} words")
        self.caption.value = f"<b>What the witness saw</b> <small>— {state}</small>"

    def label(self, entry: Evidence) -> str:
        return entry.details.get("name", entry.title)

    def fill(self, entry: Evidence | None) -> None:
        details = entry.details if entry else {}
        for key in ("name", "role", "relationship"):
            self.controls[key].value = details.get(key, "")
        saw = next((part.text for part in entry.parts if part.key == "saw"), "") if entry else ""
        self.controls["saw"].value = saw
        try:
            self.controls["date"].value = date.fromisoformat(details.get("date", ""))
        except ValueError:
            self.controls["date"].value = None
        self.controls["declaration"].value = details.get("declaration") == "accepted"
        codes = entry.criteria if entry else [ALWAYS]
        self.controls["criteria"].value = tuple(framework.validate([*codes, ALWAYS]))

    def save(self) -> Evidence:
        """Check every field, then save the testimony with the witness's details."""
        details = witness_details(
            name=self.controls["name"].value, role=self.controls["role"].value,
            relationship=self.controls["relationship"].value,
            date=self.controls["date"].value or "",
            declaration=bool(self.controls["declaration"].value))
        saw = self.controls["saw"].value.strip()
        words = len(saw.split())
        if words < TESTIMONY_MIN_WORDS:
            raise ValueError(f"What the witness saw has {words} words: it needs at least "
                             f"{TESTIMONY_MIN_WORDS}, in the witness's own words, so an "
                             "assessor can see what they observed.")
        part = WrittenPart("What the witness saw", saw, tuple(self._criteria()),
                           TESTIMONY_MIN_WORDS, "saw")
        entry = self.portfolio.save(
            title=f"Witness testimony: {details['name']}, {details['role']}", parts=[part],
            notebook=self.notebook, activity=self.activity,
            evidence_type=self.EVIDENCE_TYPE, details=details)
        self._after_save(entry)
        return entry

    def intro_html(self) -> str:
        return ("<p><b>Witness testimony</b> (criterion 7.3): ask your line manager (or "
                "another senior colleague who saw your work) to fill this in, in their own "
                f"words: at least {TESTIMONY_MIN_WORDS} words on what they saw you do. They "
                "tick the declaration themselves. For a second witness, choose <i>a new "
                "testimony</i> in the first box.</p>")

    def static_html(self) -> str:
        if not self.saved:
            return "<p><i>No witness testimony saved yet.</i></p>"
        names = ", ".join(html.escape(e.details.get("name", "?")) for e in self.saved.values())
        noun = "testimony" if len(self.saved) == 1 else "testimonies"
        return (f"<p><b>When this cell ran:</b> {len(self.saved)} witness {noun} "
                f"saved, from {names}.</p>")


def coverage_table_for_people(portfolio: Portfolio) -> tables.Table:
    """The coverage by criterion and evidence type as a kit table, gaps and where to fill them.

    Example:
        >>> import tempfile, pathlib
        >>> shown = coverage_table_for_people(Portfolio(pathlib.Path(tempfile.mkdtemp())
        ...                                             / "p.sqlite"))
        >>> shown.headings[:2], len(shown)
        (['Criterion', 'Work product'], 27)
    """
    frame = portfolio.coverage_by_type()
    frame = frame.assign(label=frame["code"] + " " + frame["criterion"],
                         still=frame["missing"].where(frame["missing"] != "", "✔ nothing"))
    columns: dict[str, Any] = {"label": ("Criterion", "text")}
    columns |= {kind: (kind.capitalize(), "count") for kind in EVIDENCE_TYPES}
    columns |= {"still": ("Still missing", "text"), "where": ("Where to add it", "text")}
    return tables.table(frame, columns, max_rows=60, notes=[
        "Counts are entries whose writing is long enough to evidence the criterion; tables "
        "and charts alone count for nothing.",
        "Work product: what a course activity produced. Own-data analysis: your analysis of "
        "your own workplace's data (7.1). Criterion 7.3 asks for both a reflective account "
        "and a witness testimony."])


class FinalCoverage(CourseWidget):
    """The final coverage: each criterion's evidence by type, the gaps and where to fill them.

    Example:
        >>> import tempfile, pathlib
        >>> view = FinalCoverage(Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite"))
        >>> "Still missing" in view.result.value
        True
    """

    def __init__(self, portfolio: Portfolio | None = None) -> None:
        super().__init__()
        self.portfolio = portfolio or Portfolio()
        refresh = widgets.Button(description="Refresh", icon="refresh",
                                 layout=widgets.Layout(width="max-content"))
        refresh.on_click(lambda _button: self._safe_update())
        self.controls = {"refresh": refresh}
        self._finish(refresh)

    def summary(self) -> str:
        """One sentence: criteria with evidence, and how many still miss something."""
        frame = self.portfolio.coverage_by_type()
        evidenced = int((frame["total"] > 0).sum())
        gaps = int((frame["missing"] != "").sum())
        return (f"{evidenced} of {len(frame)} criteria have evidence; {gaps} still miss "
                "evidence or a recommended type.")

    def update(self) -> None:
        self.result.value = (f"<p>{html.escape(self.summary())}</p>"
                             + coverage_table_for_people(self.portfolio).to_html())

    def static_html(self) -> str:
        try:
            return f"<p><b>When this cell ran:</b> {html.escape(self.summary())}</p>"
        except PortfolioError as error:
            return note(str(error))


__all__: Sequence[str] = ["ACCOUNT_MIN_WORDS", "ACCOUNT_PROMPTS", "TESTIMONY_MIN_WORDS",
                          "FinalCoverage", "ReflectiveAccount", "WitnessTestimony",
                          "coverage_table_for_people"]
