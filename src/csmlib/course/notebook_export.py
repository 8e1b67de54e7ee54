"""``csm export-notebooks``: run each notebook and write a static, readable web page of it,
for learners who read along or print.

It runs each notebook in a fresh kernel and writes one page per notebook (``NN_name.html``,
made by :mod:`csmlib.course.notebook_page`, which says what a page shows and leaves out) and
an ``index.html`` listing them. The pages open in any web browser, offline, and print well:
plotly.js is written once, as ``plotly.min.js`` beside the pages, from the installed plotly
package, so the pages make no network request and each stays small.

A cell that fails leaves a plain note on its page where its output would be; the other cells
still run, the pages are still written, then :class:`NotebookExportError` names each notebook
and cell. A cell may run for ``CELL_TIMEOUT_S`` seconds; then it is stopped and reported the
same way.

Safety: each notebook runs in its own folder (so relative paths work) with ``CSMLIB_PORTFOLIO``
pointing to a throwaway portfolio in a temporary folder, so a learner's own portfolio is never
read or changed. Every file is made in a staging folder inside ``out`` and moved into place
only when all are ready, so a failure leaves ``out`` as it was. Pages carry a marker
(``<meta name="generator" content="csm export-notebooks">``); a file in ``out`` without it is
never overwritten: the export refuses before running anything.

Example:
    >>> command_line("no/such/folder", "out", None)
    2
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
from pathlib import Path
from typing import Any

from csmlib.analysis import checks
from csmlib.course.notebook_page import (
    COURSE_TITLE,
    FIGURES_MIME,
    GENERATOR,
    INDEX,
    LEFT_OUT,
    PAGE_MARKER,
    PLOTLY_JS,
    CellFailure,
    Page,
    document,
    one_line,
    render_page,
)

#: The first line of the plotly.js copy this export writes.
SCRIPT_MARKER = f"/* written by {GENERATOR}: plotly.js for the pages in this folder */"
#: Longest a single cell may run (seconds) before it is stopped and reported as failed.
CELL_TIMEOUT_S = 300
#: What the throwaway portfolio's folder is called on a page (the export message names it).
SCRATCH_WORDS = "your working folder"

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
    display({{"{FIGURES_MIME}": found}}, raw=True)
_csm_export_figures()
del _csm_export_figures
'''

class NotebookExportError(ValueError):
    """Some cells failed. The pages were still written (each says where), and are in
    ``pages``; ``failures`` lists the cells."""

    def __init__(self, message: str, pages: dict[str, Path],
                 failures: list[CellFailure]) -> None:
        super().__init__(message)
        self.pages = pages
        self.failures = failures


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
        left = ", ".join(LEFT_OUT[what].format(count) for what, count in page.left_out.items()
                         if count and what in LEFT_OUT)
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
                    f"{one_line(str(error))}{'; the kernel said: ' + last if last else ''}). "
                    "Check it opens and runs in Jupyter; nothing was written.") from error
        replace = {scratch: SCRATCH_WORDS, str(Path(scratch).resolve()): SCRATCH_WORDS}
    probe = notebook.cells.pop()
    figures: dict[str, Any] = {}
    for output in probe.get("outputs", []):
        found = output.get("data", {}).get(FIGURES_MIME)
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
    (staging / INDEX).write_text(document(f"{COURSE_TITLE}: notebooks", "", body, False),
                                 encoding="utf-8")


def _move_into_place(staging: Path, out: Path) -> None:
    finished = sorted(staging.iterdir(), key=lambda p: (p.name == INDEX, p.name))
    try:
        for path in finished:  # the pages and plotly.js first, the index last
            os.replace(path, out / path.name)
    except OSError as error:
        raise ValueError(f"The pages could not be put in {out} ({error}). Choose an --out "
                         "folder you may write to.") from error


