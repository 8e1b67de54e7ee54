"""Forms that save the learner's work to the portfolio: a reflection box, a portfolio
artefact with required sections, the coverage view and the export.

Saving again replaces the earlier version of the same activity, so re-running a notebook
never makes duplicates.

Example:
    >>> import tempfile, pathlib
    >>> from csmlib.course.portfolio import Portfolio
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> box = ReflectionBox("demo-activity", "What did you learn?", criteria=["7.3"],
    ...                     portfolio=Portfolio(folder / "p.sqlite"))
    >>> box.controls["text"].value
    ''
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from csmlib.course import criteria as framework
from csmlib.course.export import coverage_html, coverage_summary, export_html
from csmlib.course.portfolio import Portfolio, PortfolioError
from csmlib.ui.widgets import CourseWidget, note


class ReflectionBox(CourseWidget):
    """A text box and a *Save to my portfolio* button for one reflective activity.

    Saving again replaces the earlier version of the same activity, so re-running a
    notebook never makes duplicates. Text already saved is loaded back into the box.
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
        self.min_words = min_words
        self.portfolio = portfolio or Portfolio()
        try:
            saved = self.portfolio.get(activity)
            load_error = ""
        except PortfolioError as error:
            saved, load_error = None, str(error)
        self.saved_text = saved.text if saved else ""
        text = widgets.Textarea(value=self.saved_text, placeholder="Type your reflection here",
                                layout=widgets.Layout(width="98%", height="9em"))
        save = widgets.Button(description="Save to my portfolio", button_style="success",
                              icon="save", layout=widgets.Layout(width="max-content"))
        save.on_click(self._on_save)
        self.controls = {"text": text, "save": save}
        self.view = widgets.VBox([text, save, self.result, self.message])
        self.view.add_class("csm-widget")
        self.result.value = (f"Saved earlier ({html.escape(saved.saved_at)}). Edit and save "
                             "again to update it." if saved else "Not saved yet.")
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
                                    notebook=self.notebook, activity=self.activity)
        self.saved_text = entry.text
        self.message.value = ""
        self.result.value = (f"✔ Saved at {html.escape(entry.saved_at[11:16])} to "
                             f"{html.escape(self.portfolio.path.name)}, as evidence for "
                             f"{', '.join(entry.criteria)}.")

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
        if not self.saved_text:
            return "<p><i>Nothing saved yet for this reflection.</i></p>"
        return (f"<p><b>Saved so far:</b></p><blockquote>{html.escape(self.saved_text)}"
                "</blockquote>")


class CoverageView(CourseWidget):
    """Which criteria have evidence and which are gaps; a button refreshes it."""

    def __init__(self, portfolio: Portfolio | None = None) -> None:
        super().__init__()
        self.portfolio = portfolio or Portfolio()
        refresh = widgets.Button(description="Refresh", icon="refresh",
                                 layout=widgets.Layout(width="max-content"))
        refresh.on_click(lambda _button: self._safe_update())
        self.controls = {"refresh": refresh}
        self._finish(refresh)

    def update(self) -> None:
        self.result.value = coverage_html(self.portfolio.coverage())

    def static_html(self) -> str:
        summary = coverage_summary(self.portfolio.coverage())
        return f"<p><b>When this cell ran:</b> {html.escape(summary)}</p>"


def export_portfolio(learner: str = "", portfolio: Portfolio | None = None) -> Any:
    """Write the portfolio to a self-contained HTML file and say where it is.

    Returns an HTML display object with the file's name, size and how to download it.
    """
    from IPython.display import HTML

    portfolio = portfolio or Portfolio()
    try:
        path = export_html(portfolio, learner=learner)
    except PortfolioError as error:
        return HTML(note(str(error)))
    size_kb = path.stat().st_size / 1024
    count = len(portfolio.entries())
    noun = "entry" if count == 1 else "entries"
    return HTML(
        f"<p>✔ Exported {count} {noun} to <b>{html.escape(path.name)}</b> "
        f"({size_kb:,.0f} KB) in {html.escape(str(path.parent))}.</p>"
        "<p>To download it: in the file browser on the left, right-click the file and choose "
        "<i>Download</i>. Open it in any web browser; it works offline and prints well.</p>"
    )


class ArtefactForm(CourseWidget):
    """A portfolio artefact: written sections (some required) plus evidence the course adds.

    Subclasses set ``FIELDS`` (key → heading, placeholder, required), ``SAVE_LABEL`` and
    ``MISSING_MESSAGE`` (with ``{missing}``), and implement :meth:`evidence`, which returns
    the keyword arguments for :meth:`Portfolio.save` (criteria, title, text, table, …).
    Saving refuses, with the message, while a required section has fewer than
    ``MIN_WORDS`` words: examiners mark down plans and reports that leave them out.
    """

    FIELDS: dict[str, tuple[str, str, bool]] = {}
    SAVE_LABEL = "Save to my portfolio"
    MISSING_MESSAGE = "Write at least a few sentences for {missing}, then save again."
    MIN_WORDS = 8

    def __init__(self, portfolio: Portfolio | None = None) -> None:
        super().__init__()
        self.portfolio = portfolio or Portfolio()
        box = widgets.Layout(width="98%", height="6em")
        parts: list[widgets.Widget] = []
        for key, (heading, placeholder, _required) in self.FIELDS.items():
            self.controls[key] = widgets.Textarea(placeholder=placeholder, layout=box)
            parts += [widgets.HTML(f"<b>{html.escape(heading)}</b>"), self.controls[key]]
        save = widgets.Button(description=self.SAVE_LABEL, button_style="success",
                              icon="save", layout=widgets.Layout(width="max-content"))
        save.on_click(self._on_save)
        self.controls["save"] = save
        self.view = widgets.VBox([*parts, save, self.result, self.message])
        self.view.add_class("csm-widget")
        self.result.value = "Not saved yet."

    def sections_text(self) -> str:
        """The written sections, each under its heading."""
        return "\n\n".join(f"{heading}: {self.controls[key].value.strip()}"
                           for key, (heading, _placeholder, _required) in self.FIELDS.items())

    def evidence(self) -> dict[str, Any]:
        """Keyword arguments for ``Portfolio.save``."""
        raise NotImplementedError

    def save(self) -> None:
        """Check the required sections, then save the artefact to the portfolio."""
        missing = [key for key, (_h, _p, required) in self.FIELDS.items()
                   if required and len(self.controls[key].value.split()) < self.MIN_WORDS]
        if missing:
            raise ValueError(self.MISSING_MESSAGE.format(missing=" and ".join(missing)))
        entry = self.portfolio.save(**self.evidence())
        self.result.value = (f"✔ Saved at {html.escape(entry.saved_at[11:16])} as evidence "
                             f"for {', '.join(entry.criteria)}.")

    def _on_save(self, _button: Any) -> None:
        try:
            self.save()
            self.message.value = ""
        except (ValueError, PortfolioError) as error:
            self.message.value = note(str(error))
