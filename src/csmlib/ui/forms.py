"""Forms that save the learner's work to the portfolio: the learner's details (asked once), a
reflection box, a portfolio artefact made of written parts, the coverage view and the export.

Only what the learner writes is evidence. A reflection evidences its criteria once it is long
enough; an artefact (:class:`ArtefactForm`) declares its written parts, each for its own
criteria, and claims only the parts actually written (at least ``MIN_WORDS`` words). Tables
and charts the course adds to an artefact support it; they are not evidence.

Saving again replaces the earlier version of the same activity, so re-running a notebook
never makes duplicates. Every form shows one status line, with the date of the last save.

Example:
    >>> import tempfile, pathlib
    >>> from csmlib.course.portfolio import Portfolio
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> box = ReflectionBox("demo-activity", "What did you learn?", criteria=["7.3"],
    ...                     portfolio=Portfolio(folder / "p.sqlite"))
    >>> box.controls["text"].value, box.result.value
    ('', 'Not saved yet.')
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import ipywidgets as widgets

from csmlib.course import criteria as framework
from csmlib.course.export import coverage_html, coverage_summary, export_html
from csmlib.course.portfolio import (
    DECLARATION,
    LEARNER_FIELDS,
    Evidence,
    LearnerDetails,
    Portfolio,
    PortfolioError,
    WrittenPart,
    saved_date,
)
from csmlib.ui.widgets import CourseWidget, note

NOT_SAVED = "Not saved yet."


def load_saved(portfolio: Portfolio, activity: str, message: widgets.HTML) -> Evidence | None:
    """The saved entry of ``activity`` (None when there is none yet); a portfolio that cannot
    be read puts its message in ``message`` instead of raising.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> load_saved(Portfolio(folder / "p.sqlite"), "nothing-yet", widgets.HTML()) is None
        True
    """
    try:
        return portfolio.get(activity)
    except PortfolioError as error:
        message.value = note(str(error))
        return None


def _codes(codes: Sequence[str]) -> str:
    return ", ".join(codes)


def _evidence_status(entry: Evidence, *, just_saved: bool, where: str = "") -> str:
    """The one status line of a form after (or since) a save: when, and what it evidences."""
    when = html.escape(saved_date(entry.saved_at))
    start = f"✔ Saved {when}{where}" if just_saved else f"Saved {when}{where}"
    evidenced = entry.evidenced
    if evidenced:
        line = f"{start}, as evidence for {_codes(evidenced)}."
    else:
        line = f"{start}, but it is not yet evidence for any criterion."
    short = [part for part in entry.parts if part.criteria and not part.counts]
    if short and any(part.heading for part in short):
        line += " Not counted yet: " + "; ".join(
            f"{html.escape(part.heading)} ({_codes(part.criteria)}): {part.words} of "
            f"{part.min_words} words" for part in short) + "."
    if not just_saved:
        line += " Edit and save again to update it."
    return line


def saved_status(entry: Evidence, portfolio: Portfolio) -> str:
    """The status line right after a save: when, into which portfolio file, and what the
    entry evidences.

    Example:
        >>> import tempfile, pathlib
        >>> p = Portfolio(pathlib.Path(tempfile.mkdtemp()) / "mine.sqlite")
        >>> entry = p.save(criteria="6.1", title="Aim", text="Cut repeat contacts by 3 points.")
        >>> "to mine.sqlite, as evidence for 6.1" in saved_status(entry, p)
        True
    """
    return _evidence_status(entry, just_saved=True,
                            where=f" to {html.escape(portfolio.path.name)}")


class ReflectionBox(CourseWidget):
    """A text box and a *Save to my portfolio* button for one reflective activity.

    Saving again replaces the earlier version of the same activity, so re-running a
    notebook never makes duplicates. Text already saved is loaded back into the box. The
    reflection evidences its criteria only with at least ``min_words`` words; shorter text is
    not saved (the message says how many words are still needed).
    """

    def __init__(
        self, activity: str, prompt: str, *, criteria: Sequence[str], title: str = "",
        notebook: str = "", min_words: int = 20, portfolio: Portfolio | None = None,
    ) -> None:
        super().__init__()
        self.activity = activity
        self.prompt = prompt
        self.criteria = framework.validate(criteria)
        self.title = title or prompt
        self.notebook = notebook
        self.min_words = max(1, int(min_words))
        self.portfolio = portfolio or Portfolio()
        try:
            saved = self.portfolio.get(activity)
            load_error = ""
        except PortfolioError as error:
            saved, load_error = None, str(error)
        self.saved_text = saved.text if saved else ""
        text = widgets.Textarea(value=self.saved_text, placeholder="Type your reflection here",
                                tooltip="Your reflection",
                                layout=widgets.Layout(width="98%", height="9em"))
        save = widgets.Button(description="Save to my portfolio", button_style="success",
                              icon="save", layout=widgets.Layout(width="max-content"))
        save.on_click(self._on_save)
        self.controls = {"text": text, "save": save}
        self.view = widgets.VBox([text, save, self.result, self.message])
        self.view.add_class("csm-widget")
        self.result.value = (_evidence_status(saved, just_saved=False) if saved
                             else NOT_SAVED)
        if load_error:
            self.message.value = note(load_error)

    def save(self, text: str | None = None) -> None:
        """Save the text (or the box's text) to the portfolio and report the result."""
        text = self.controls["text"].value if text is None else text
        words = len(text.split())
        if words < self.min_words:
            self.message.value = note(
                f"{words} words so far: write at least {self.min_words} so an assessor can "
                "see your thinking, then press Save again."
            )
            return
        entry = self.portfolio.save(criteria=self.criteria, title=self.title, text=text,
                                    notebook=self.notebook, activity=self.activity,
                                    min_words=self.min_words, evidence_type="reflective account")
        self.saved_text = entry.text
        self.message.value = ""
        self.result.value = saved_status(entry, self.portfolio)

    def _on_save(self, _button: Any) -> None:
        try:
            self.save()
        except PortfolioError as error:
            self.message.value = note(str(error))
        except Exception as error:
            self.message.value = note(f"Could not save ({type(error).__name__}: {error}).")

    def intro_html(self) -> str:
        codes = ", ".join(self.criteria)
        return f"<p><b>Reflection</b> (criteria {codes}): {html.escape(self.prompt)}</p>"

    def static_html(self) -> str:
        """Guidance, or the reflection as saved when the cell ran; never a second status."""
        if not self.saved_text:
            return (f"<p><i>Write at least {self.min_words} words, then press Save. Saving "
                    "again replaces the earlier version.</i></p>")
        return (f"<p><b>Your reflection as saved when this cell ran:</b></p><blockquote>"
                f"{html.escape(self.saved_text)}</blockquote>")


class LearnerDetailsForm(CourseWidget):
    """The learner's name, candidate number and centre, asked once, and the declaration.

    The fields show what is already saved; *Save* checks them (a name is required; lengths
    are limited) and stores them in the portfolio, with the declaration of authenticity when
    its box is ticked. The export's cover and its closing declaration come from here.

    Example:
        >>> import tempfile, pathlib
        >>> form = LearnerDetailsForm(Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite"))
        >>> form.controls["name"].value = "Jane Doe"
        >>> form.controls["save"].click()
        >>> form.result.value
        'Saved: Jane Doe. Declaration not accepted yet.'
    """

    PLACEHOLDERS: ClassVar[dict[str, str]] = {
        "name": "e.g. Jane Doe", "candidate_number": "e.g. 12345",
        "centre": "e.g. Northgate College",
    }

    def __init__(self, portfolio: Portfolio | None = None) -> None:
        super().__init__()
        self.portfolio = portfolio or Portfolio()
        try:
            saved = self.portfolio.learner()
            load_error = ""
        except PortfolioError as error:
            saved, load_error = LearnerDetails(), str(error)
        label = {"description_width": "10em"}
        for key, (title, _limit) in LEARNER_FIELDS.items():
            self.controls[key] = widgets.Text(
                value=getattr(saved, key), description=title, style=label,
                placeholder=self.PLACEHOLDERS[key], layout=widgets.Layout(width="32em"))
        self.controls["declaration"] = widgets.Checkbox(
            value=saved.declared, description="I accept the declaration above", indent=False,
            layout=widgets.Layout(width="max-content"))
        save = widgets.Button(description="Save my details", button_style="success",
                              icon="save", layout=widgets.Layout(width="max-content"))
        save.on_click(self._on_save)
        self.controls["save"] = save
        declaration = widgets.HTML(
            f"<p><b>Declaration of authenticity</b> (shown at the end of your exported "
            f"portfolio):<br><i>{html.escape(DECLARATION)}</i></p>")
        fields = [self.controls[key] for key in LEARNER_FIELDS]
        self.view = widgets.VBox([*fields, declaration, self.controls["declaration"], save,
                                  self.result, self.message])
        self.view.add_class("csm-widget")
        self.result.value = self.status(saved)
        if load_error:
            self.message.value = note(load_error)

    @staticmethod
    def status(details: LearnerDetails) -> str:
        """The one status line: what is saved, and whether the declaration is accepted.

        Example:
            >>> LearnerDetailsForm.status(LearnerDetails())
            'Not saved yet.'
        """
        if not details.given:
            return NOT_SAVED
        line = f"Saved: {html.escape(details.summary())}."
        if details.declared:
            when = saved_date(details.declaration_accepted_at)
            line += f" Declaration accepted on {html.escape(when)}."
        else:
            line += " Declaration not accepted yet."
        return line

    def save(self) -> LearnerDetails:
        """Check and save the fields and the declaration; show what is now saved."""
        details = self.portfolio.save_learner(
            **{key: self.controls[key].value for key in LEARNER_FIELDS},
            declaration=bool(self.controls["declaration"].value))
        for key in LEARNER_FIELDS:
            self.controls[key].value = getattr(details, key)
        self.controls["declaration"].value = details.declared
        self.result.value = self.status(details)
        self.message.value = ""
        return details

    def _on_save(self, _button: Any) -> None:
        try:
            self.save()
        except (ValueError, PortfolioError) as error:
            self.message.value = note(str(error))
        except Exception as error:
            self.message.value = note(f"Could not save ({type(error).__name__}: {error}).")

    def intro_html(self) -> str:
        return ("<p><b>Your details</b> for the cover of your portfolio: type them once and "
                "save. Your assessor needs your name, candidate number and centre.</p>")

    def static_html(self) -> str:
        return ("<p><i>Your name, candidate number and centre (the name of your assessment "
                "centre) are kept in your portfolio file and printed on the cover of the "
                "export; the declaration closes it. Change them here at any time.</i></p>")


class CoverageView(CourseWidget):
    """Which criteria have evidence and which are gaps; a button refreshes it.

    Only what the learner wrote counts: tables and charts alone leave a criterion a gap.
    """

    def __init__(self, portfolio: Portfolio | None = None) -> None:
        super().__init__()
        self.portfolio = portfolio or Portfolio()
        refresh = widgets.Button(description="Refresh", icon="refresh",
                                 layout=widgets.Layout(width="max-content"))
        refresh.on_click(lambda _button: self._safe_update())
        self.controls = {"refresh": refresh}
        self._finish(refresh)

    def update(self) -> None:
        self.result.value = (
            "<p><i>A criterion counts as evidenced only by what you wrote for it; tables and "
            "charts the course adds support your writing.</i></p>"
            + coverage_html(self.portfolio.coverage()))

    def static_html(self) -> str:
        summary = coverage_summary(self.portfolio.coverage())
        return f"<p><b>When this cell ran:</b> {html.escape(summary)}</p>"


def _still_to_do(text: str) -> str:
    """A reminder of something the learner has still to do: a normal step, not a fault, so it
    is not shown as a widget's warning message.

    Example:
        >>> "Still to do" in _still_to_do("Save your details.")
        True
    """
    return (f'<p class="csm-todo" style="border-left:4px solid #56B4E9;padding:4px 10px;">'
            f"☐ <b>Still to do:</b> {html.escape(text)}</p>")


def export_portfolio(learner: str = "", portfolio: Portfolio | None = None) -> Any:
    """Write the portfolio to a self-contained HTML file and say where it is.

    The cover shows the learner details saved with :class:`LearnerDetailsForm`; ``learner``
    (a name typed here, the older way) is used only while none are saved. Returns an HTML
    display object with the file's name, size, how to download it, and what is still missing
    (learner details, the declaration).
    """
    from IPython.display import HTML

    portfolio = portfolio or Portfolio()
    try:
        path = export_html(portfolio, learner=learner)
        details = portfolio.learner()
        count = len(portfolio.entries())
    except (ValueError, PortfolioError) as error:
        return HTML(note(str(error)))
    size_kb = path.stat().st_size / 1024
    noun = "entry" if count == 1 else "entries"
    missing = []
    if not details.given:
        missing.append(_still_to_do("Learner details not given yet — run the learner details "
                                    "cell in notebook 00, then export again."))
    elif not details.declared:
        missing.append(_still_to_do("The declaration that this is your own work is not accepted "
                                    "yet: tick it in the learner details cell in notebook 00, "
                                    "save, and export again. (The export says it is not "
                                    "accepted.)"))
    return HTML(
        f"<p>✔ Exported {count} {noun} to <b>{html.escape(path.name)}</b> "
        f"({size_kb:,.0f} KB) in {html.escape(str(path.parent))}.</p>"
        + "".join(missing) +
        "<p>To download it: in the file browser on the left, right-click the file and choose "
        "<i>Download</i>. Open it in any web browser; it works offline and prints well.</p>"
    )


@dataclass(frozen=True)
class ArtefactPart:
    """One written part of an artefact: its control's key, heading, placeholder, the criteria
    it is written for, and whether the artefact cannot be saved without it.

    Example:
        >>> ArtefactPart("budget", "Budget", "Costs and variances", ["2.5"]).criteria
        ('2.5',)
    """

    key: str
    heading: str
    placeholder: str
    criteria: tuple[str, ...]
    required: bool = False

    def __post_init__(self) -> None:
        if not self.key.isidentifier() or self.key == "save":
            raise ValueError(f"ArtefactPart key must be a name such as 'budget' (not 'save'); "
                             f"got {self.key!r}.")
        codes = tuple(framework.validate(self.criteria))  # a typo fails when the lesson loads
        if not codes:
            raise ValueError(f"ArtefactPart {self.key!r} names no criteria: give the codes "
                             "its writing evidences, e.g. ('2.5',).")
        object.__setattr__(self, "criteria", codes)


class ArtefactForm(CourseWidget):
    """A portfolio artefact: written parts, each evidence for its own criteria, plus what the
    course adds to support them (a table, a chart, a sentence of figures).

    Subclasses declare ``PARTS`` (a tuple of :class:`ArtefactPart`), ``TITLE``,
    ``ACTIVITY``, ``NOTEBOOK``, and optionally ``SAVE_LABEL`` and ``MISSING_MESSAGE`` (with
    ``{missing}``); they override :meth:`supporting` to add a table, figure or support text.
    A part counts, and the artefact claims its criteria, once it has ``MIN_WORDS`` words; the
    form says so. Saving refuses while a *required* part is shorter, and while nothing at all
    is written. Saved writing is loaded back into the parts.

    Older subclasses that set ``FIELDS`` (key → heading, placeholder, required) and override
    :meth:`evidence` (keyword arguments for :meth:`Portfolio.save`) still work as before.

    Example:
        >>> import tempfile, pathlib
        >>> class Note(ArtefactForm):
        ...     PARTS = (ArtefactPart("what", "What happened", "", ["7.3"]),)
        ...     TITLE, ACTIVITY, MIN_WORDS = "A note", "demo-note", 3
        >>> form = Note(Portfolio(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite"))
        >>> form.controls["what"].value = "We changed the rota."
        >>> form.save().evidenced
        ['7.3']
    """

    PARTS: ClassVar[tuple[ArtefactPart, ...]] = ()
    TITLE: ClassVar[str] = ""
    ACTIVITY: ClassVar[str] = ""
    NOTEBOOK: ClassVar[str] = ""
    SAVE_LABEL: ClassVar[str] = "Save to my portfolio"
    MISSING_MESSAGE: ClassVar[str] = ("Write at least a few sentences for {missing}, then save "
                                      "again.")
    MIN_WORDS: ClassVar[int] = 15
    #: the kind of evidence it is (``csmlib.course.portfolio.EVIDENCE_TYPES``)
    EVIDENCE_TYPE: ClassVar[str] = "work product"
    #: The older declaration (key → heading, placeholder, required), kept working.
    FIELDS: ClassVar[dict[str, tuple[str, str, bool]]] = {}
    LEGACY_MIN_WORDS: ClassVar[int] = 8

    def __init__(self, portfolio: Portfolio | None = None) -> None:
        super().__init__()
        self.portfolio = portfolio or Portfolio()
        self.legacy = not self.PARTS
        if self.legacy and not self.FIELDS:
            raise ValueError(f"{type(self).__name__} declares no PARTS: give a tuple of "
                             "ArtefactPart(key, heading, placeholder, criteria).")
        box = widgets.Layout(width="98%", height="6em")
        self.captions: dict[str, widgets.HTML] = {}
        items: list[widgets.Widget] = []
        if self.legacy:
            for key, (heading, placeholder, _required) in self.FIELDS.items():
                self.controls[key] = widgets.Textarea(placeholder=placeholder, layout=box)
                items += [widgets.HTML(f"<b>{html.escape(heading)}</b>"), self.controls[key]]
        else:
            items.append(widgets.HTML(
                f"<p><i>Each part counts as evidence for its criteria once it has at least "
                f"{self.MIN_WORDS} words. The tables and charts the course adds support your "
                "writing; they are not evidence on their own.</i></p>"))
            for part in self.PARTS:
                self.controls[part.key] = widgets.Textarea(placeholder=part.placeholder,
                                                           layout=box)
                self.captions[part.key] = widgets.HTML(self._caption(part))
                self.controls[part.key].observe(
                    lambda _change, part=part: self._recaption(part), names="value")
                items += [self.captions[part.key], self.controls[part.key]]
        save = widgets.Button(description=self.SAVE_LABEL, button_style="success",
                              icon="save", layout=widgets.Layout(width="max-content"))
        save.on_click(self._on_save)
        self.controls["save"] = save
        self.view = widgets.VBox([*items, save, self.result, self.message])
        self.view.add_class("csm-widget")
        self.result.value = NOT_SAVED
        if not self.legacy:
            self._load_saved()

    # --------------------------------------------------------------- the parts
    def _caption(self, part: ArtefactPart) -> str:
        words = len(self.controls[part.key].value.split())
        if words >= self.MIN_WORDS:
            state = f"✔ counts ({words} words)"
        else:
            state = f"{words} of {self.MIN_WORDS} words"
        required = " · required" if part.required else ""
        return (f"<b>{html.escape(part.heading)}</b> <small>— for {_codes(part.criteria)}"
                f"{required} · {state}</small>")

    def _recaption(self, part: ArtefactPart) -> None:
        self.captions[part.key].value = self._caption(part)

    def _load_saved(self) -> None:
        if not self.ACTIVITY:
            return
        saved = load_saved(self.portfolio, self.ACTIVITY, self.message)
        if saved is None:
            return
        by_key = {part.key: part.text for part in saved.parts if part.key}
        for part in self.PARTS:
            if part.key in by_key:
                self.controls[part.key].value = by_key[part.key]
        self.result.value = _evidence_status(saved, just_saved=False)

    def written_parts(self) -> list[WrittenPart]:
        """What the learner wrote, part by part, each with its criteria and minimum words."""
        return [WrittenPart(part.heading, self.controls[part.key].value.strip(),
                            part.criteria, self.MIN_WORDS, part.key) for part in self.PARTS]

    def sections_text(self) -> str:
        """The written sections, each under its heading."""
        if self.legacy:
            return "\n\n".join(f"{heading}: {self.controls[key].value.strip()}"
                               for key, (heading, _placeholder, _required)
                               in self.FIELDS.items())
        return "\n\n".join(f"{part.heading}: {part.text}" for part in self.written_parts()
                           if part.text)

    def supporting(self) -> dict[str, Any]:
        """What the course adds to support the writing: any of ``table``, ``figure`` and
        ``support_text`` (a sentence of figures). None of it is evidence."""
        return {}

    def evidence(self) -> dict[str, Any]:
        """Keyword arguments for ``Portfolio.save``: the written parts and the support."""
        support = dict(self.supporting())
        unknown = set(support) - {"table", "figure", "support_text"}
        if unknown:
            raise ValueError(f"{type(self).__name__}.supporting() may give table, figure and "
                             f"support_text only; it gave {sorted(unknown)}.")
        return {"title": self.TITLE or type(self).__name__, "parts": self.written_parts(),
                "notebook": self.NOTEBOOK, "activity": self.ACTIVITY or None,
                "evidence_type": self.EVIDENCE_TYPE, **support}

    # ------------------------------------------------------------------- saving
    def save(self) -> Evidence:
        """Check the required parts, then save the artefact to the portfolio."""
        if self.legacy:
            return self._save_legacy()
        short = [part for part in self.PARTS if part.required
                 and len(self.controls[part.key].value.split()) < self.MIN_WORDS]
        if short:
            missing = " and ".join(f"‘{part.heading}’" for part in short)
            raise ValueError(self.MISSING_MESSAGE.format(missing=missing)
                             + f" (Each part needs at least {self.MIN_WORDS} words.)")
        if not any(self.controls[part.key].value.strip() for part in self.PARTS):
            raise ValueError(f"Nothing written yet: write at least {self.MIN_WORDS} words in "
                             "one of the parts, then save.")
        entry = self.portfolio.save(**self.evidence())
        self.result.value = _evidence_status(entry, just_saved=True)
        return entry

    def _save_legacy(self) -> Evidence:
        missing = [key for key, (_h, _p, required) in self.FIELDS.items()
                   if required and len(self.controls[key].value.split()) < self.LEGACY_MIN_WORDS]
        if missing:
            raise ValueError(self.MISSING_MESSAGE.format(missing=" and ".join(missing)))
        evidence = dict(self.evidence())
        text, written = str(evidence.pop("text", "")), self.sections_text()
        if "support_text" not in evidence and written and text.endswith(written):
            # what the course wrote before the learner's sections supports them
            evidence["support_text"], text = text[: -len(written)].strip(), written
        entry = self.portfolio.save(text=text, **evidence)
        self.result.value = _evidence_status(entry, just_saved=True)
        return entry

    def _on_save(self, _button: Any) -> None:
        try:
            self.save()
            self.message.value = ""
        except (ValueError, PortfolioError) as error:
            self.message.value = note(str(error))
        except Exception as error:  # a form shows a message, never a traceback
            self.message.value = note(f"Could not save ({type(error).__name__}: {error}).")
