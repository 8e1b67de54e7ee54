"""Bring your own data (criteria 7.1 and 3.4): choose a sample export or upload your own CSV,
check the column mapping against the first rows, then import and anonymise it.

The import itself (reading real exports, checking every value, the report) is
:mod:`csmlib.data.workplace`; anonymising is :mod:`csmlib.data.anonymise`. This module only
shows them. An uploaded file is held in memory and written, only while it is read, to a
temporary folder that is removed straight after: nothing is kept next to the learner's file.

Example:
    >>> import tempfile, pathlib
    >>> from csmlib.data import workplace
    >>> wizard = ImportWizard(key_folder=pathlib.Path(tempfile.mkdtemp()))
    >>> wizard.controls["sample"].value = workplace.SAMPLE_FILES[2]
    >>> wizard.mapping()["csat"]
    'Survey Score'
    >>> wizard.run_import()
    >>> wizard.imported.report.balanced, "csat" in wizard.data.columns
    (True, True)
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from csmlib.course.exercises import strict_mode
from csmlib.data import anonymise as anon
from csmlib.data import schema, workplace
from csmlib.ui.tables import Table, table
from csmlib.ui.widgets import CourseWidget, note

__all__ = ["NOT_IN_FILE", "ImportWizard", "requirements_table"]

#: The menu choice for a column the file does not have.
NOT_IN_FILE = "(not in my file)"
_SAMPLE = "A sample export"
_OWN = "My own file"
_LABEL = {"description_width": "14em"}
_ROWS_SHOWN = 20


def requirements_table(table_name: str = "contacts", present: list[str] | None = None) -> Table:
    """Which analyses need which columns (and, given the columns present, which can run).

    Example:
        >>> "Service level" in requirements_table().to_html()
        True
    """
    frame = workplace.requirements(table_name, present)
    columns: dict[str, Any] = {"analysis": "Analysis", "needs": "Columns it needs",
                               "shows": "What it shows"}
    if "can_run" in frame:
        frame = frame.assign(can_run=frame["can_run"].map({True: "Yes", False: "No"}))
        columns = {**columns, "can_run": "Can run on your file", "missing": "Missing"}
    return table(frame, columns, caption="What each analysis needs")


class ImportWizard(CourseWidget):
    """Choose a file, check the mapping, import and anonymise.

    ``table`` is the course table the file holds (contacts by default). ``key_folder`` is
    where the pseudonym key is kept (the learner's own folder: by default the folder the
    notebook runs in). After :meth:`run_import`, ``imported`` is the
    :class:`~csmlib.data.workplace.ImportResult`, ``anonymised`` the
    :class:`~csmlib.data.anonymise.AnonymisedResult` and ``data`` the anonymised table the
    next cells analyse.
    """

    def __init__(self, *, table_name: str = "contacts", key_folder: Path | None = None) -> None:
        super().__init__()
        schema.table_columns(table_name)  # a clear error for an unknown table
        self.table_name = table_name
        self.key_folder = Path(key_folder) if key_folder is not None else Path.cwd()
        self.imported: workplace.ImportResult | None = None
        self.anonymised: anon.AnonymisedResult | None = None
        self.data: pd.DataFrame | None = None
        self._upload: tuple[str, bytes] | None = None
        self._preview: workplace.FilePreview | None = None
        samples = list(workplace.SAMPLE_FILES) if workplace.sample_folder() else []
        self.controls = {
            "source": widgets.ToggleButtons(options=[_SAMPLE, _OWN] if samples else [_OWN],
                                            value=_SAMPLE if samples else _OWN),
            "sample": widgets.Dropdown(options=samples, value=samples[0] if samples else None,
                                       description="Sample export", style=_LABEL),
            "upload": widgets.FileUpload(accept=".csv,.tsv,.txt", multiple=False,
                                         description="Choose your CSV"),
        }
        self.targets = [c.name for c in schema.table_columns(table_name)] + [
            k for k in workplace.SOURCE_ONLY.get(table_name, {})
            if k not in {c.name for c in schema.table_columns(table_name)}]
        self.menus = {name: widgets.Dropdown(options=[NOT_IN_FILE], value=NOT_IN_FILE,
                                             description=name, style=_LABEL,
                                             layout=widgets.Layout(width="30em"))
                      for name in self.targets}
        self.buttons = {"import": widgets.Button(description="Import and anonymise",
                                                 button_style="primary", icon="upload",
                                                 layout=widgets.Layout(width="max-content"))}
        self.buttons["import"].on_click(lambda _b: self._act(self.run_import))
        self.preview_html = widgets.HTML()
        self.report_html = widgets.HTML()
        menus = widgets.GridBox(list(self.menus.values()), layout=widgets.Layout(
            grid_template_columns="repeat(2, 31em)"))
        self._finish(self.controls["source"], self.controls["sample"],
                     self.controls["upload"], self.preview_html,
                     widgets.HTML("<p><b>Which column is which?</b> The course suggests a "
                                  "match for each column it knows; change any that are wrong, "
                                  f"and choose {html.escape(NOT_IN_FILE)} for any your file "
                                  "does not have.</p>"), menus, self.buttons["import"],
                     self.report_html)

    # ------------------------------------------------------------------ the file
    def _file(self) -> tuple[str, bytes] | Path | None:
        if self.controls["source"].value == _SAMPLE:
            folder = workplace.sample_folder()
            name = self.controls["sample"].value
            return folder / name if folder and name else None
        value = self.controls["upload"].value
        if value:
            item = value[0] if isinstance(value, list | tuple) else next(iter(value.values()))
            content = item["content"]
            return str(item["name"]), bytes(content)
        return None

    def _with_path(self, action: Callable[[Path], Any]) -> Any:
        """Run ``action`` on the chosen file's path; an upload is written to a temporary
        folder only while it is read."""
        chosen = self._file()
        if chosen is None:
            raise ValueError("Choose a sample export, or upload your CSV file first.")
        if isinstance(chosen, Path):
            return action(chosen)
        name, content = chosen
        with tempfile.TemporaryDirectory(prefix="csm-upload-") as folder:
            path = Path(folder) / Path(name).name
            path.write_bytes(content)
            return action(path)

    def update(self) -> None:
        self.controls["sample"].layout.display = (
            None if self.controls["source"].value == _SAMPLE else "none")
        self.controls["upload"].layout.display = (
            None if self.controls["source"].value == _OWN else "none")
        if self._file() is None:
            self._preview = None
            self.preview_html.value = ""
            self.result_line("Choose a file to see its first rows.")
            return
        self._preview = self._with_path(lambda path: workplace.preview(path))
        shown = self._preview.head
        self.preview_html.value = table(
            shown, {c: (c, "text") for c in shown.columns},
            caption=f"The first rows of {self._preview.file}, as your file has them "
                    f"({self._preview.encoding}, separated by "
                    f"{workplace._DELIMITER_NAMES.get(self._preview.delimiter, 'commas')})"
        ).to_html()
        suggested = workplace.suggest_mapping(self._preview.columns, self.table_name)
        options = [NOT_IN_FILE, *self._preview.columns]
        for name, menu in self.menus.items():
            menu.options = options
            menu.value = suggested.get(name, NOT_IN_FILE)
        self.result_line(f"{len(suggested)} of the file's {len(self._preview.columns)} "
                         "columns matched. Check them, then press Import and anonymise.")

    def result_line(self, text: str) -> None:
        self.result.value = f"<p>{html.escape(text)}</p>"

    def mapping(self) -> dict[str, str]:
        """The mapping the menus show now (course column → the file's column)."""
        return {name: menu.value for name, menu in self.menus.items()
                if menu.value != NOT_IN_FILE}

    # ------------------------------------------------------------------ import
    def _act(self, action: Callable[[], Any]) -> None:
        try:
            action()
            self.message.value = ""
        except ValueError as error:
            self.message.value = note(str(error))
            if strict_mode():
                raise

    def run_import(self) -> None:
        """Import the chosen file with the mapping shown, then anonymise it."""
        mapping = self.mapping()
        self.imported = self._with_path(
            lambda path: workplace.import_csv(path, self.table_name, mapping))
        key = anon.load_or_create_key(self.key_folder)
        self.anonymised = anon.anonymise(self.imported.table, self.table_name, key=key)
        self.data = self.anonymised.frame
        self.report_html.value = self.report_markup()
        report = self.imported.report
        self.result_line(f"Imported {report.imported:,} of {report.rows_read:,} rows "
                         f"({report.rejected:,} rejected, {report.blank_rows_skipped:,} "
                         f"blank and {report.totals_rows_skipped:,} totals rows skipped), "
                         "then anonymised. " + self.anonymised.summary())

    def report_markup(self) -> str:
        """The import report, the rejected rows, what is missing and what was anonymised."""
        assert self.imported is not None and self.anonymised is not None
        parts = [table(self.imported.report.as_frame(), {"what": "What", "value": "Count or value"},
                       caption="Import report: every row accounted for",
                       notes=self.imported.report.notes).to_html()]
        rejected = self.imported.rejected
        if len(rejected):
            parts.append(table(rejected.head(_ROWS_SHOWN), {
                "row": ("Row in your spreadsheet", "count"), "column": "Column",
                "value": "Value", "reason": "Why it was rejected"},
                caption=f"Rejected rows ({len(rejected):,}; the first {_ROWS_SHOWN} shown): "
                        "fix them in your system's export, not by hand").to_html())
        parts.append(requirements_table(self.table_name, list(self.imported.table.columns))
                     .to_html())
        parts.append(table(self.anonymised.changes, {
            "column": "Column", "action": "What was done",
            "values_changed": ("Values changed", "count"), "why": "Why"},
            caption="Anonymised before any analysis").to_html())
        if len(self.anonymised.small_groups):
            parts.append(table(self.anonymised.small_groups, {
                "column": "Column", "group": "Group", "counted": "Of",
                "count": ("How many", "count"), "warning": "Take care"},
                caption="Small groups: a reader could identify someone").to_html())
        return "".join(parts)

    # ------------------------------------------------------------------ display
    def intro_html(self) -> str:
        return ("<p><b>Bring your own data</b> (criteria 7.1 and 3.4). Use a sample export, "
                "or upload a CSV exported from your own system (telephony, CRM, survey). Check "
                "which of your columns is which, then import: every row is accounted for, and "
                "names, ids and free text are anonymised before anything is analysed. Your "
                "file is never changed.</p>")

    def static_html(self) -> str:
        return requirements_table(self.table_name).to_html()
