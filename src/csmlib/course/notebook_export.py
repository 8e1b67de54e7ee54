"""Static, readable web pages of the notebooks, for learners who read along or print.

``csm export-notebooks`` runs each notebook in a fresh kernel and writes one page per notebook
(``NN_name.html``) and an ``index.html`` listing them. The pages open in any web browser,
offline, and print well.

What a page shows:

* all the teaching text (the markdown cells);
* everything the course displays for people: tables from the presentation kit, sentences,
  call-outs, self-check questions, and each course widget's static result (the widget at its
  starting settings, written to be read where widgets cannot run);
* the charts, as plotly charts that still respond to the mouse (no toolbar). plotly.js is
  written once, as ``plotly.min.js`` beside the pages, from the installed plotly package, so
  the pages make no network request and each stays small.

Widgets cannot run in a page, so a page keeps only what can be read from each widget view (the
notebook's saved widget state after the run):

* its charts: plotly FigureWidgets as drawn at the end of the run (read from the kernel, so
  every change a widget made to its chart is in) and the charts inside Output widgets
  (``ChartArea``);
* above those charts, one line naming the settings they show ("Chart at these settings: Agents
  on shift: 15 · Contacts one agent handles per hour: 10"), so the chart can be read (a label
  met more than once, like the rows of an editable plan, is not a setting and is left out);
* its live result (HTML widgets) only when the cell shows no static result: where it does,
  the static result says the same at the same settings, and a page should not say it twice;
* any message it shows (a problem), always;
* pure controls (sliders, menus, buttons, answer boxes) are left out: on paper they would only
  mislead. A self-check's answer form becomes a "Your answer" space when printed.

Left out on purpose: the code of code cells, prompts (``In [ ]``), and text a cell prints
(stdout and stderr, such as "Ready: the course library is loaded."). The course shows
everything meant for a reader as rich output (HTML, charts); printed text is a note to whoever
runs the notebook. Text stand-ins of widgets ("VBox(...)") are never shown. Worked answers
(cells tagged ``worked-answer``, and the ``**Worked answer.**`` explanation just before one)
are replaced by the handout's note, as in ``csm handout``. What was left out is counted in the
progress lines.

A cell that fails leaves a plain note on its page where its output would be (no traceback);
the other cells still run, the pages are still written, then :class:`NotebookExportError`
names each notebook and cell. A cell may run for ``CELL_TIMEOUT_S`` seconds; then it is
stopped and reported the same way. Printing opens folded parts (model answers) first.

Safety: each notebook runs in its own folder (so relative paths work) with ``CSMLIB_PORTFOLIO``
pointing to a throwaway portfolio in a temporary folder, so a learner's own portfolio is never
read or changed. Every file is made in a staging folder inside ``out`` and moved into place
only when all are ready, so a failure leaves ``out`` as it was. Pages carry a marker
(``<meta name="generator" content="csm export-notebooks">``); a file in ``out`` without it is
never overwritten: the export refuses before running anything.

Example (rendering a notebook that has already run; :func:`export_notebooks` runs them):
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("# 99 Example\\n\\nSome teaching text."),
    ...     nbformat.v4.new_code_cell("print('Ready')", outputs=[
    ...         nbformat.v4.new_output("stream", name="stdout", text="Ready\\n")])])
    >>> page = render_page(nb, "99_example.ipynb")
    >>> page.title, "Some teaching text" in page.html, "Ready" in page.html
    ('99 Example', True, False)
"""

from __future__ import annotations

import html
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from csmlib.analysis import checks
from csmlib.course.handout import PLACEHOLDER, explains_worked_answer, is_worked_answer
from csmlib.course.style import PALETTE

GENERATOR = "csm export-notebooks"
#: The marker in every page this export writes; a file without it is never overwritten.
PAGE_MARKER = f'<meta name="generator" content="{GENERATOR}">'
#: The first line of the plotly.js copy this export writes.
SCRIPT_MARKER = f"/* written by {GENERATOR}: plotly.js for the pages in this folder */"
PLOTLY_JS = "plotly.min.js"
INDEX = "index.html"
COURSE_TITLE = "Customer Service Management Lab"
#: Longest a single cell may run (seconds) before it is stopped and reported as failed.
CELL_TIMEOUT_S = 300
#: What the throwaway portfolio's folder is called on a page (the export message names it).
SCRATCH_WORDS = "your working folder"

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
_FIGURES_MIME = "application/vnd.csmlib.figures+json"
_CHART_CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": True}
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_TAG = re.compile(r"<[^>]+>")

# Run in the kernel after the notebook's own cells: every plotly FigureWidget as it is now.
# (The saved widget state holds a FigureWidget's first drawing and only its last change.)
_FIGURE_PROBE = f'''
def _csm_export_figures():
    import json
    import sys
    from IPython.display import display
    found = {{}}
    registry = sys.modules.get("ipywidgets.widgets.widget")
    if registry is not None and "plotly" in sys.modules:
        import plotly.io
        for model_id, widget in list(getattr(registry, "_instances", {{}}).items()):
            if type(widget).__name__ == "FigureWidget":
                try:
                    found[model_id] = json.loads(plotly.io.to_json(widget, validate=False))
                except Exception:
                    pass
    display({{"{_FIGURES_MIME}": found}}, raw=True)
_csm_export_figures()
del _csm_export_figures
'''

#: What a page leaves out, counted for the progress lines (see the module notes).
_LEFT_OUT = {"code": "the code of {} cell(s)", "printed": "{} printed output(s)",
             "worked answers": "{} worked answer(s)",
             "widgets without saved state": "{} widget(s) without saved state"}

# A printout cannot be clicked: open every folded part (model answers, notes) before printing.
_OPEN_WHEN_PRINTED = ('window.addEventListener("beforeprint",()=>document.querySelectorAll('
                      '"details").forEach(d=>{d.open=true;}));')

_CONTAINERS = {"VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel", "AccordionModel",
               "TabModel", "StackModel"}
_HTML_MODELS = {"HTMLModel", "HTMLMathModel"}
_ONE_CHOICE = {"DropdownModel", "RadioButtonsModel", "ToggleButtonsModel", "SelectModel",
               "SelectionSliderModel"}
_MANY_CHOICES = {"SelectMultipleModel", "SelectionRangeSliderModel"}
_NUMBERS = {"IntSliderModel", "FloatSliderModel", "FloatLogSliderModel", "IntRangeSliderModel",
            "FloatRangeSliderModel", "BoundedIntTextModel", "BoundedFloatTextModel",
            "IntTextModel", "FloatTextModel"}
_YES_NO = {"CheckboxModel", "ToggleButtonModel"}

_CSS = (f":root{{--accent:{PALETTE['blue']};--bad:{PALETTE['vermillion']}}}"
        + """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:62em;
margin:1.5em auto;padding:0 1em;line-height:1.55;color:#222;background:#fff}
nav{font-size:0.95em;margin-bottom:1em}
h1{line-height:1.25;margin:0.4em 0}
h2,h3,h4{line-height:1.3;margin:1.2em 0 0.4em}
a{color:var(--accent)}
.anchor-link{display:none}
table{border-collapse:collapse;margin:0.5em 0 1em}
.md table th,.md table td{border:1px solid #ccc;padding:3px 8px;text-align:left;
vertical-align:top}
.md table th{background:#f3f3f3}
pre{white-space:pre-wrap;background:#f6f6f6;padding:0.5em;border-radius:3px}
.about{border-left:4px solid var(--accent);background:#f4f8fb;padding:0.5em 1em;
margin:1em 0 1.5em;font-size:0.95em}
.output{margin:0.5em 0 1em}
.csm-chart{margin:0.5em 0 1.2em;max-width:100%}
.csm-settings{color:#444;font-size:0.92em;margin:0.3em 0}
.csm-failed{border-left:4px solid var(--bad);background:#fdf3ee;padding:0.5em 1em;
margin:0.5em 0 1em}
.csm-answer{display:none}
.worked{border-left:4px solid #999;padding:0.2em 1em;color:#444}
ul.pages{list-style:none;padding:0}
ul.pages li{margin:0.6em 0}
.meta{color:#555;font-size:0.9em}
@media print{
body{max-width:none;margin:0;font-size:11pt}
nav,.about a{display:none}
a{color:inherit;text-decoration:none}
h1,h2,h3,h4{break-after:avoid}
.csm-chart,.csm-table,table,figure,.csm-question,.csm-failed{break-inside:avoid}
tr{break-inside:avoid}
.csm-table{overflow:visible!important}
.csm-table table{font-size:0.85em}
.csm-answer{display:block;border-bottom:1px solid #888;height:2.2em;margin:0.3em 0 1em;
color:#555;font-size:0.9em}
.csm-answer.long{height:7em}
.modebar,.modebar-container{display:none!important}
}
""")


class NotebookExportError(ValueError):
    """Some cells failed. The pages were still written (each says where), and are in
    ``pages``; ``failures`` lists the cells."""

    def __init__(self, message: str, pages: dict[str, Path],
                 failures: list[CellFailure]) -> None:
        super().__init__(message)
        self.pages = pages
        self.failures = failures


@dataclass(frozen=True)
class CellFailure:
    """A code cell that stopped with an error: which notebook, which cell (counted from 1
    among all cells, as they appear in Jupyter), its first line and the error in one line."""

    notebook: str
    cell: int
    first_line: str
    error: str

    def describe(self) -> str:
        """One line for the command line.

        Example:
            >>> CellFailure("03_x.ipynb", 7, "lesson.chart()", "ValueError: no data").describe()
            '03_x.ipynb, cell 7 (`lesson.chart()`): ValueError: no data'
        """
        return f"{self.notebook}, cell {self.cell} (`{self.first_line}`): {self.error}"


@dataclass
class Page:
    """One notebook as a page: ``html`` is the whole document."""

    name: str
    title: str
    description: str
    html: str
    charts: int = 0
    failures: list[CellFailure] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)


# ------------------------------------------------------------------ the command
def command_line(notebooks: str, out: str, only: list[str] | None) -> int:
    """``csm export-notebooks``: print progress and where the pages went; return the exit code
    (0 when every notebook ran cleanly, 2 with a message otherwise).

    Example:
        >>> import tempfile
        >>> command_line(tempfile.mkdtemp(), tempfile.mkdtemp(), None)  # no notebooks there
        2
    """
    def say(message: str) -> None:
        print(message, flush=True)

    def complain(message: str) -> int:
        print(f"csm export-notebooks: {message}", file=sys.stderr, flush=True)
        return 2

    if not isinstance(notebooks, str | os.PathLike) or not isinstance(out, str | os.PathLike):
        return complain("--notebooks and --out must be folder names, such as notebooks and "
                        "static.")
    try:
        pages = export_notebooks(Path(notebooks), Path(out), only, progress=say)
    except NotebookExportError as error:
        return complain(str(error))
    except (FileNotFoundError, ValueError) as error:
        return complain(str(error))
    say(f"{len(pages)} page(s) written to {out}. Open {Path(out) / INDEX} in a web browser.")
    return 0


# ------------------------------------------------------------------ the export
def export_notebooks(notebooks: Path, out: Path, only: Sequence[str] | None = None,
                     progress: Callable[[str], Any] = print) -> dict[str, Path]:
    """Run the notebooks in ``notebooks`` (all, or those numbered in ``only``, e.g.
    ``["00", "03"]``) and write a page for each into ``out``, with ``index.html`` and
    ``plotly.min.js``. Returns ``{notebook file name: page}``.

    Bad arguments, a foreign file in the way or a kernel that cannot run raise ``ValueError``
    (``FileNotFoundError`` when there are no notebooks) and leave ``out`` as it was. Cells that
    fail raise :class:`NotebookExportError` after the pages are written.

    Example:
        >>> export_notebooks(Path("notebooks"), Path("static"), only=["1x"])
        Traceback (most recent call last):
        ...
        ValueError: only: '1x' is not a notebook number; give numbers such as 00 or 03.
    """
    for name, value in (("notebooks", notebooks), ("out", out)):
        checks.instance(name, value, (str, os.PathLike), "a folder path")
    if not callable(progress):
        raise ValueError(f"progress must be a function such as print; got {progress!r}.")
    wanted = _numbers(only)
    notebooks, out = Path(notebooks), Path(out)
    if not notebooks.is_dir():
        raise FileNotFoundError(f"No notebooks folder {notebooks}. Give --notebooks the folder "
                                "that holds the .ipynb files.")
    sources = _select(sorted(notebooks.glob("*.ipynb")), wanted, notebooks)
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out} is a file, not a folder. Choose a folder name.")
    if out.resolve() == notebooks.resolve():
        raise ValueError("Choose an --out folder different from the notebooks folder.")
    names = [_page_name(source) for source in sources] + [PLOTLY_JS, INDEX]
    _refuse_foreign(out, names)
    read = [(source, _read(source)) for source in sources]  # every one readable, before any runs

    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".csm-export-staging-", dir=out))
    except OSError as error:
        raise ValueError(f"Cannot write into {out} ({error}). Choose an --out folder you may "
                         "write to.") from error
    try:
        pages = _build(read, staging, progress)
        _write_index(staging, out, pages)
        _refuse_foreign(out, names)  # nothing has appeared since the first look
        _move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and out.is_dir() and not any(out.iterdir()):
            out.rmdir()  # a failure leaves no trace: the folder did not exist before
    written = {source.name: out / _page_name(source) for source in sources}
    failures = [failure for page in pages for failure in page.failures]
    if failures:
        listed = "; ".join(failure.describe() for failure in failures[:5])
        more = f" (and {len(failures) - 5} more)" if len(failures) > 5 else ""
        raise NotebookExportError(
            f"{len(failures)} cell(s) failed: {listed}{more}. The pages were written to {out}, "
            "each with a note where a cell failed; run those notebooks in Jupyter to see why.",
            written, failures)
    return written


def _numbers(only: Any) -> set[str] | None:
    """The notebook numbers asked for ("3" means "03"); ``None`` for all."""
    if only is None:
        return None
    if isinstance(only, str):
        only = [only]
    if not isinstance(only, Iterable):
        raise ValueError(f"only must be a list of notebook numbers such as ['00', '03']; "
                         f"got {only!r}.")
    wanted: set[str] = set()
    for item in only:
        if not isinstance(item, str | int) or isinstance(item, bool):
            raise ValueError(f"only: {item!r} is not a notebook number; give numbers such as "
                             "00 or 03.")
        for part in re.split(r"[,\s]+", str(item).strip()):
            if not part:
                continue
            if not part.isdigit() or len(part) > 2:
                raise ValueError(f"only: {part!r} is not a notebook number; give numbers such "
                                 "as 00 or 03.")
            wanted.add(part.zfill(2))
    if not wanted:
        raise ValueError("only is empty: give notebook numbers such as 00,03, or leave it out "
                         "for every notebook.")
    return wanted


def _number(source: Path) -> str:
    match = re.match(r"(\d+)", source.name)
    return match.group(1).zfill(2) if match else ""


def _select(sources: list[Path], wanted: set[str] | None, folder: Path) -> list[Path]:
    if not sources:
        raise FileNotFoundError(f"No notebooks (*.ipynb) found in {folder}.")
    if wanted is None:
        return sources
    known = {_number(source) for source in sources} - {""}
    missing = sorted(wanted - known)
    if missing:
        raise ValueError(f"only: no notebook numbered {', '.join(missing)} in {folder}; "
                         f"there are {', '.join(sorted(known)) or 'no numbered notebooks'}.")
    return [source for source in sources if _number(source) in wanted]


def _page_name(source: Path) -> str:
    return f"{source.stem}.html"


def _is_ours(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            start = handle.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return False
    if path.suffix == ".js":
        return start.startswith(SCRIPT_MARKER)
    head = start.split("</head>", 1)[0]
    return PAGE_MARKER in head


def _refuse_foreign(out: Path, names: Iterable[str]) -> None:
    """Refuse (ValueError) if a file we would write is in ``out`` and was not written by us."""
    for name in names:
        target = out / name
        if target.is_dir() or (target.exists() and not _is_ours(target)) or (
                target.is_symlink() and not target.exists()):
            raise ValueError(
                f"{target} is in the way and was not written by {GENERATOR}, so it is left as "
                "it is. Choose another --out folder, or move that file somewhere else first.")


def _build(sources: list[tuple[Path, Any]], staging: Path,
           progress: Callable[[str], Any]) -> list[Page]:
    pages = []
    for number, (source, notebook) in enumerate(sources, start=1):
        progress(f"[{number}/{len(sources)}] Running {source.name}…")
        started = time.perf_counter()
        figures, scratch_words = _run(source, notebook)
        seconds = time.perf_counter() - started
        page = render_page(notebook, source.name, figures=figures, replace=scratch_words)
        target = staging / _page_name(source)
        target.write_text(page.html, encoding="utf-8")
        pages.append(page)
        left = ", ".join(_LEFT_OUT[what].format(count) for what, count in page.left_out.items()
                         if count and what in _LEFT_OUT)
        failed = f"; {len(page.failures)} cell(s) FAILED" if page.failures else ""
        progress(f"      {target.name}: ran in {seconds:.1f} s, page "
                 f"{target.stat().st_size / 1024:,.0f} KB, {page.charts} chart(s)"
                 f"{failed}{'; left out: ' + left if left else ''}")
    _write_plotly(staging / PLOTLY_JS)
    return pages


def _run(source: Path, notebook: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """Execute ``notebook`` (read from ``source``) in place, in a fresh kernel in its folder,
    with a throwaway portfolio.

    Returns the FigureWidgets as drawn at the end, and the text to put in place of the
    throwaway folder's path on the page."""
    import nbformat

    notebook.cells.append(nbformat.v4.new_code_cell(_FIGURE_PROBE))
    spec = notebook.metadata.get("kernelspec")
    kernel = spec.get("name") if isinstance(spec, dict) else None
    with tempfile.TemporaryDirectory(prefix="csm-export-") as scratch:
        env = {**os.environ,
               "CSMLIB_PORTFOLIO": str(Path(scratch) / "my_portfolio.sqlite")}
        client = _client_class()(
            notebook, timeout=CELL_TIMEOUT_S, kernel_name=kernel or "python3",
            allow_errors=True, interrupt_on_timeout=True, store_widget_state=True,
            record_timing=False, resources={"metadata": {"path": str(source.parent)}})
        log_path = Path(scratch) / "kernel.log"
        with log_path.open("wb") as log:
            try:
                client.execute(env=env, stdout=log, stderr=log)
            except Exception as error:  # noqa: BLE001 - a kernel that cannot run is named
                said = log_path.read_text(encoding="utf-8", errors="replace").strip()
                last = said.splitlines()[-1] if said else ""
                raise ValueError(
                    f"{source.name} could not be run ({type(error).__name__}: "
                    f"{_one_line(str(error))}{'; the kernel said: ' + last if last else ''}). "
                    "Check it opens and runs in Jupyter; nothing was written.") from error
        replace = {scratch: SCRATCH_WORDS, str(Path(scratch).resolve()): SCRATCH_WORDS}
    probe = notebook.cells.pop()
    figures: dict[str, Any] = {}
    for output in probe.get("outputs", []):
        found = output.get("data", {}).get(_FIGURES_MIME)
        if isinstance(found, dict):
            figures = found
    return figures, replace


def _client_class() -> Any:
    """nbclient's NotebookClient, waiting for each cell's reply a second at a time.

    Waiting for a reply in one long poll can miss a reply that has arrived when a cell's
    widgets send many messages (nbclient issue 312), so the run stalls until the cell's whole
    timeout has passed; short polls notice the reply at the next one."""
    from nbclient import NotebookClient

    class SlicedPollClient(NotebookClient):
        async def async_start_new_kernel_client(self) -> Any:
            client = await super().async_start_new_kernel_client()
            _poll_in_slices(client.shell_channel)
            return client

    return SlicedPollClient


def _poll_in_slices(channel: Any, slice_s: float = 1.0) -> None:
    from queue import Empty

    wait = channel.get_msg

    async def get_msg(timeout: float | None = None) -> Any:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = slice_s if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return await wait(timeout=min(slice_s, left))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    channel.get_msg = get_msg


def _read(source: Path) -> Any:
    import nbformat

    try:
        return nbformat.read(source, as_version=4)
    except Exception as error:  # noqa: BLE001 - any unreadable notebook is named, not dumped
        raise ValueError(f"{source} could not be read as a notebook ({error}). Open it in "
                         "Jupyter and save it again, or leave it out with --only.") from error


def _write_plotly(target: Path) -> None:
    from plotly.offline import get_plotlyjs

    target.write_text(f"{SCRIPT_MARKER}\n{get_plotlyjs()}", encoding="utf-8")


def _write_index(staging: Path, out: Path, pages: list[Page]) -> None:
    """``index.html``: the pages made now, and those already in ``out`` from earlier runs."""
    entries = {f"{Path(page.name).stem}.html": (page.title, page.description) for page in pages}
    for earlier in sorted(out.glob("*.html")):
        if earlier.name != INDEX and earlier.name not in entries and _is_ours(earlier):
            text = earlier.read_text(encoding="utf-8", errors="replace")
            title = re.search(r'<meta name="csm-title" content="([^"]*)"', text)
            about = re.search(r'<meta name="description" content="([^"]*)"', text)
            entries[earlier.name] = (html.unescape(title.group(1)) if title else earlier.stem,
                                     html.unescape(about.group(1)) if about else "")
    items = "".join(
        f'<li><a href="{html.escape(name)}">{html.escape(title)}</a>'
        + (f'<br><span class="meta">{html.escape(about)}</span>' if about else "") + "</li>"
        for name, (title, about) in sorted(entries.items()))
    body = (f"<h1>{html.escape(COURSE_TITLE)}: the notebooks to read</h1>"
            '<p class="about">Read-only copies of the course notebooks, for reading along or '
            "printing. The charts respond to the mouse; sliders, answer boxes and save buttons "
            "work only in Jupyter, so each page shows the results at the starting settings."
            f"</p><ul class=\"pages\">{items}</ul>")
    (staging / INDEX).write_text(_document(f"{COURSE_TITLE}: notebooks", "", body, False),
                                 encoding="utf-8")


def _move_into_place(staging: Path, out: Path) -> None:
    finished = sorted(staging.iterdir(), key=lambda p: (p.name == INDEX, p.name))
    try:
        for path in finished:  # the pages and plotly.js first, the index last
            os.replace(path, out / path.name)
    except OSError as error:
        raise ValueError(f"The pages could not be put in {out} ({error}). Choose an --out "
                         "folder you may write to.") from error


# ------------------------------------------------------------------ one page
def render_page(notebook: Any, name: str, figures: dict[str, Any] | None = None,
                replace: dict[str, str] | None = None) -> Page:
    """A page for an executed ``notebook`` (a notebook node or dict) named ``name``.

    ``figures``: FigureWidgets by model id, as drawn at the end of the run (without them, a
    FigureWidget is shown as first drawn); ``replace``: text to swap on the page (e.g. a
    scratch folder's path). See the module notes for what is shown and what is left out.

    Example:
        >>> cell = {"cell_type": "code", "source": "1/0", "metadata": {}, "outputs": [
        ...     {"output_type": "error", "ename": "ZeroDivisionError",
        ...      "evalue": "division by zero", "traceback": []}]}
        >>> page = render_page({"cells": [cell], "metadata": {}}, "01_x.ipynb")
        >>> page.failures[0].describe()
        '01_x.ipynb, cell 1 (`1/0`): ZeroDivisionError: division by zero'
        >>> "1/0" in page.html, "did not run" in page.html
        (False, True)
    """
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise ValueError(f"notebook must be a notebook read with nbformat (with cells); got "
                         f"{type(notebook).__name__}.")
    checks.text("name", name, example="03_performance_and_feedback.ipynb")
    for label, value in (("figures", figures), ("replace", replace)):
        if value is not None and not isinstance(value, dict):
            raise ValueError(f"{label} must be a dict or None; got {type(value).__name__}.")
    metadata = notebook.get("metadata") if isinstance(notebook.get("metadata"), dict) else {}
    widgets = metadata.get("widgets", {}) if isinstance(metadata.get("widgets"), dict) else {}
    state = widgets.get(WIDGET_STATE_MIME, {}).get("state", {})
    renderer = _Renderer(name, state if isinstance(state, dict) else {}, figures or {})
    body = renderer.cells(notebook["cells"])
    for old, new in (replace or {}).items():
        if old:
            body = body.replace(old, new)
    title = _title(notebook["cells"]) or Path(name).stem
    description = _description(notebook["cells"])
    about = (f'<nav><a href="{INDEX}">← All notebooks</a></nav>'
             f'<p class="about">A read-only copy of the notebook <b>{html.escape(name)}</b>, '
             f"run on {_today()}. The charts respond to the mouse; sliders, "
             "answer boxes and save buttons work only in Jupyter, so the results here are "
             "those at the starting settings.</p>")
    document = _document(title, description, about + body, renderer.charts > 0)
    return Page(name=name, title=title, description=description, html=document,
                charts=renderer.charts, failures=renderer.failures, left_out=renderer.left_out)


def _today() -> str:
    today = date.today()
    return f"{today.day} {today:%B %Y}"


def _document(title: str, description: str, body: str, charts: bool) -> str:
    script = f'<script src="{PLOTLY_JS}" charset="utf-8"></script>' if charts else ""
    script += f"<script>{_OPEN_WHEN_PRINTED}</script>"
    about = (f'<meta name="description" content="{html.escape(description)}">'
             if description else "")
    return ("<!DOCTYPE html>\n"
            f'<html lang="en"><head><meta charset="utf-8">{PAGE_MARKER}'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="csm-title" content="{html.escape(title)}">{about}'
            f"<title>{html.escape(title)} — {html.escape(COURSE_TITLE)}</title>"
            f"<style>{_CSS}</style>{script}</head>\n<body><main>\n{body}\n</main></body></html>\n")


def _source(cell: Any) -> str:
    source = cell.get("source", "") if isinstance(cell, dict) else ""
    return "".join(source) if isinstance(source, list) else str(source)


def _title(cells: list[Any]) -> str:
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            match = re.search(r"^\s*#\s+(.+?)\s*#*\s*$", _source(cell), re.MULTILINE)
            if match:
                return _TAG.sub("", match.group(1)).replace("*", "").strip()
    return ""


def _description(cells: list[Any]) -> str:
    """The line under the title (e.g. "Time: about 50 minutes · Criteria: 7.2, 5.3")."""
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            paragraphs = [p.strip() for p in re.split(r"\n\s*\n", _source(cell)) if p.strip()]
            if len(paragraphs) > 1 and paragraphs[0].startswith("#") and len(
                    paragraphs[1]) <= 200:
                return re.sub(r"[*_`]", "", paragraphs[1]).replace("\n", " ")
            return ""
    return ""


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(_ANSI.sub("", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _markdown(text: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(text)


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


class _Renderer:
    """Turns cells, outputs and widget views into HTML; counts charts, failures, omissions."""

    def __init__(self, name: str, state: dict[str, Any], figures: dict[str, Any]) -> None:
        self.name = name
        self.state = state
        self.figures = figures
        self.charts = 0
        self.failures: list[CellFailure] = []
        self.left_out = dict.fromkeys(_LEFT_OUT, 0)

    # cells ----------------------------------------------------------------
    def cells(self, cells: list[Any]) -> str:
        parts = []
        for index, cell in enumerate(cells):
            if not isinstance(cell, dict):
                continue
            following = cells[index + 1] if index + 1 < len(cells) else None
            if is_worked_answer(cell):
                self.left_out["worked answers"] += 1
                parts.append(f'<div class="md worked">{_markdown(PLACEHOLDER)}</div>')
            elif explains_worked_answer(cell) and following is not None and is_worked_answer(
                    following):
                continue  # the explanation of the worked answer that follows
            elif cell.get("cell_type") == "markdown":
                parts.append(f'<div class="md">{_markdown(_source(cell))}</div>')
            elif cell.get("cell_type") == "code":
                if _source(cell).strip():
                    self.left_out["code"] += 1
                parts.append(self.code_cell(cell, index + 1))
        return "\n".join(part for part in parts if part)

    def code_cell(self, cell: dict[str, Any], number: int) -> str:
        outputs = [o for o in cell.get("outputs", []) if isinstance(o, dict)]
        has_static = any('class="csm-static"' in _joined(o.get("data", {}).get("text/html", ""))
                         for o in outputs)
        parts = []
        for output in outputs:
            if output.get("output_type") == "error":
                parts.append(self.failure(cell, number, output))
            else:
                parts.append(self.output(output, has_static))
        shown = "".join(part for part in parts if part)
        return f'<div class="output">{shown}</div>' if shown else ""

    def failure(self, cell: dict[str, Any], number: int, output: dict[str, Any]) -> str:
        error = _one_line(f"{output.get('ename', 'Error')}: {output.get('evalue', '')}")
        lines = _source(cell).strip().splitlines()
        self.failures.append(CellFailure(self.name, number, _one_line(lines[0] if lines else "",
                                                                      80), error))
        return ('<div class="csm-failed" role="note">⚠ <b>This part of the notebook did not '
                f"run</b>, so what it shows is missing here (cell {number}: "
                f"{html.escape(error)}). The rest of the page is complete; your tutor can run "
                "this notebook in Jupyter to see why.</div>")

    # outputs --------------------------------------------------------------
    def output(self, output: dict[str, Any], has_static: bool) -> str:
        if output.get("output_type") == "stream":
            self.left_out["printed"] += 1
            return ""
        data = output.get("data")
        if not isinstance(data, dict):
            return ""
        if isinstance(data.get(WIDGET_MIME), dict):
            return self.view(str(data[WIDGET_MIME].get("model_id", "")), has_static)
        if isinstance(data.get(PLOTLY_MIME), dict):
            return self.chart(data[PLOTLY_MIME])
        if "text/html" in data:
            return _joined(data["text/html"])
        if "image/svg+xml" in data:
            return f'<figure class="csm-chart">{_joined(data["image/svg+xml"])}</figure>'
        for kind in ("image/png", "image/jpeg", "image/gif"):
            if kind in data:
                encoded = "".join(_joined(data[kind]).split())
                return (f'<figure class="csm-chart"><img alt="A picture from the notebook" '
                        f'style="max-width:100%" src="data:{kind};base64,{encoded}"></figure>')
        if "text/markdown" in data:
            return f'<div class="md">{_markdown(_joined(data["text/markdown"]))}</div>'
        if "text/plain" in data:
            return f"<pre>{html.escape(_ANSI.sub('', _joined(data['text/plain'])))}</pre>"
        return ""

    def chart(self, figure: dict[str, Any]) -> str:
        import plotly.io

        figure = {key: figure[key] for key in ("data", "layout", "frames") if key in figure}
        layout = figure.get("layout") if isinstance(figure.get("layout"), dict) else {}
        height = layout.get("height") if isinstance(layout.get("height"), int | float) else 450
        title = layout.get("title")
        title = title.get("text") if isinstance(title, dict) else title
        self.charts += 1
        try:
            drawn = plotly.io.to_html(figure, include_plotlyjs=False, full_html=False,
                                      config=_CHART_CONFIG, div_id=f"chart-{self.charts}",
                                      default_width="100%", default_height=f"{int(height)}px",
                                      validate=False)
        except Exception as error:  # noqa: BLE001 - a broken chart is a note, not a crash
            self.charts -= 1
            return (f'<div class="csm-failed" role="note">⚠ A chart could not be drawn here '
                    f"({html.escape(_one_line(str(error)))}).</div>")
        label = f' aria-label="Chart: {html.escape(_TAG.sub("", str(title)))}"' if title else ""
        return f'<figure class="csm-chart"{label}>{drawn}</figure>'

    # widget views ---------------------------------------------------------
    def view(self, model_id: str, has_static: bool) -> str:
        if model_id not in self.state:
            self.left_out["widgets without saved state"] += 1
            return ""
        found = _ViewParts()
        self.walk(model_id, found, set())
        parts = list(found.messages)
        labels = [label for label, _ in found.settings]
        # a label met more than once names rows of an editable table, not the chart's settings
        settings = [(label, value) for label, value in found.settings if labels.count(label) == 1]
        if found.charts:
            if settings:
                shown = " · ".join(f"{html.escape(label)}: <b>{html.escape(value)}</b>"
                                   for label, value in settings)
                parts.append(f'<p class="csm-settings">Chart at these settings: {shown}</p>')
            parts.extend(found.charts)
        if not has_static:
            parts.extend(found.live)
        if found.exercise:
            size = " long" if found.written else ""
            parts.append(f'<div class="csm-answer{size}" aria-hidden="true">Your answer:</div>')
        return "".join(parts)

    def walk(self, model_id: str, found: _ViewParts, seen: set[str]) -> None:
        model = self.state.get(model_id)
        if model_id in seen or not isinstance(model, dict):
            return
        seen.add(model_id)
        kind = model.get("model_name", "")
        state = model.get("state") if isinstance(model.get("state"), dict) else {}
        classes = state.get("_dom_classes") or []
        if "csm-exercise" in classes:
            found.exercise = True
        if kind in _CONTAINERS:
            for child in state.get("children") or []:
                self.walk(str(child).removeprefix("IPY_MODEL_"), found, seen)
        elif kind in _HTML_MODELS or kind == "LabelModel":
            value = str(state.get("value") or "")
            if kind == "LabelModel":
                value = html.escape(value)
            if "csm-message" in value:
                found.messages.append(value)
            elif _TAG.sub("", value).replace("&nbsp;", " ").strip():
                found.live.append(f"<div>{value}</div>")
        elif kind == "OutputModel":
            for output in state.get("outputs") or []:
                if isinstance(output, dict) and output.get("output_type") != "error":
                    drawn = self.output(output, has_static=True)
                    if drawn:
                        found.charts.append(drawn)
        elif kind == "AnyModel" and "FigureWidget" in str(state.get("_anywidget_id", "")):
            figure = self.figures.get(model_id) or {
                "data": state.get("_widget_data") or [],
                "layout": state.get("_widget_layout") or {}}
            found.charts.append(self.chart(figure))
        elif kind == "TextareaModel":
            found.written = True
        else:
            setting = _setting(kind, state)
            if setting:
                found.settings.append(setting)


@dataclass
class _ViewParts:
    charts: list[str] = field(default_factory=list)
    settings: list[tuple[str, str]] = field(default_factory=list)
    live: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    exercise: bool = False
    written: bool = False


def _setting(kind: str, state: dict[str, Any]) -> tuple[str, str] | None:
    """("Agents on shift", "15") for a labelled control; ``None`` for anything else."""
    label = " ".join(_TAG.sub("", html.unescape(str(state.get("description") or ""))).split())
    if not label:
        return None
    labels = state.get("_options_labels") or []
    index = state.get("index")

    def option(position: Any) -> str:
        ok = isinstance(position, int) and 0 <= position < len(labels)
        return str(labels[position]) if ok else "(none)"

    if kind in _ONE_CHOICE:
        value = option(index)
    elif kind in _MANY_CHOICES:
        chosen = [option(position) for position in (index or [])]
        joined = " – " if kind == "SelectionRangeSliderModel" else ", "
        value = joined.join(chosen) if chosen else "(none)"
    elif kind in _NUMBERS:
        value = _number_text(state.get("value"), str(state.get("readout_format") or ""))
    elif kind in _YES_NO:
        value = "Yes" if state.get("value") else "No"
    else:
        return None
    return label.rstrip(":"), value


def _number_text(value: Any, style: str) -> str:
    if isinstance(value, list | tuple):
        return " – ".join(_number_text(item, style) for item in value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if style:
        try:
            return format(value, style)
        except (ValueError, TypeError):
            pass
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"
