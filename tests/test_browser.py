"""Real-browser test: every course notebook runs cleanly in JupyterLab and its widgets work.

For each ``notebooks/*.ipynb`` this starts (once per module) a private JupyterLab server on a
tmp copy of the notebooks, opens the notebook in headless Chromium through Playwright, and then

1. clears all outputs and runs every cell through the *Run* menu (*Run All Cells*);
2. waits until every code cell has an execution number and the kernel is idle;
3. fails if any cell produced a Python exception (cells tagged ``raises-exception`` may);
4. if the notebook's metadata says ``"csmlib": {"widgets": true}``: checks that widgets are
   visible, that no "Error displaying widget" / "Loading widget..." text remains, and that every
   plotly chart has been drawn (has an ``<svg>``);
5. moves the first slider inside a ``.csm-widget`` box with the keyboard (noUiSlider handle,
   arrow keys) and checks that the box's first ``.csm-live`` element changes (skipped for
   notebooks without such a slider);
6. checks that no plotly bar/scatter trace lost its y values on the way to the browser
   (after Run All and again after the slider moved);
7. checks that no widget shows a message (a ``.csm-message`` element with visible, non-empty
   text: what a course widget shows when its update failed), after Run All and again after
   the slider moved; the failure quotes the message;
8. checks that every table and chart is presented for people (see ``check_presentation``):
   no raw pandas data frames (row numbers, code-like headings such as ``budget_gbp``), no
   money written as "13,647 £", and no plotly toolbar (it covers chart titles and prints);
9. runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the notebook's outputs after the
   widgets were driven, writes the counts to ``test-artifacts/axe/<stem>.json`` and fails on
   any serious or critical violation there (see ``check_accessibility``);
10. saves a screenshot of the whole notebook to ``test-artifacts/screenshots/<stem>.png``
   (always when the test fails, as far as the page allows; after a pass unless
   ``CSMLIB_SCREENSHOTS=0``, which CI sets: a tall screenshot costs 5-7 s a notebook).

What the accessibility check counts as the course's: everything inside a cell's output
(``.jp-OutputArea-output``): the course's HTML, tables and charts, and the controls of its
widgets as ipywidgets draws them (the course names them: ``csmlib.ui.a11y``). JupyterLab's own
page (menus, toolbars, cell editors, prompts) is outside that context, so it is never counted;
``benchmarks/accessibility_audit.py`` measures it separately. Inside the outputs, only the
entries of ``AXE_ALLOWED`` (rule + CSS selector of an element ipywidgets or plotly draw and the
course cannot reach, each with its reason) are tolerated.

How Python exceptions are found: in the DOM, JupyterLab 4 renders a traceback exactly like a
harmless warning on stderr (``.jp-OutputArea-output[data-mime-type=
"application/vnd.jupyter.stderr"]``) with no distinguishing class, so the test starts the server
with ``--LabApp.expose_app_in_browser`` and reads each cell's output types from the notebook
model (``output_type == "error"``); the text reported is what the cell shows on the page.

Environment variables:

``CSMLIB_BROWSER_NOTEBOOKS``
    Folder of notebooks to test instead of ``<repo>/notebooks`` (for developing this test
    against throwaway notebooks, e.g. ``/tmp/browserdev/notebooks``).
``CSMLIB_CHROMIUM``
    Chromium executable (default ``/usr/bin/chromium``, Debian's ``chromium`` package;
    Playwright's own browser download is never used).
``CI``
    When set (and not ``""``, ``"false"`` or ``"0"``), a missing Chromium or Playwright is a
    failure instead of a skip.

Run only this test with::

    .venv/bin/python -m pytest tests/test_browser.py -p no:cacheprovider -o addopts="" -v
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Locator, Page

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # reported (skip or fail) by check_accessibility
    Axe = None  # type: ignore[assignment,misc]
try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright
except ImportError:  # checked (skip or fail) by the ``chromium`` fixture
    sync_playwright = None  # type: ignore[assignment]
    PlaywrightError = PlaywrightTimeout = Exception  # type: ignore[assignment,misc]

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = Path(os.environ.get("CSMLIB_BROWSER_NOTEBOOKS") or REPO / "notebooks")
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
AXE_RESULTS = REPO / "test-artifacts" / "axe"
CHROMIUM = Path(os.environ.get("CSMLIB_CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
VIEWPORT = {"width": 1400, "height": 1000}
MAX_SCREENSHOT_HEIGHT = 16000  # px; Chromium cannot capture much taller pages

# Bounded waits, in milliseconds.
ACTION_MS = 15_000  # a click or key press
PAGE_LOAD_MS = 60_000
KERNEL_IDLE_MS = 60_000
RUN_ALL_MS = 120_000
WIDGETS_MS = 15_000
LIVE_UPDATE_MS = 10_000

# DOM selectors (JupyterLab 4, ipywidgets 8, plotly).
PANEL = ".jp-NotebookPanel"
DIALOG = ".jp-Dialog"
MENU_BAR_ITEM = ".lm-MenuBar-item"
WIDGET = ".jp-OutputArea-output .jupyter-widgets"
PLOTLY_CHART = ".js-plotly-plot"
LIVE_SLIDER = ".csm-widget .widget-slider"
SLIDER_HANDLE = ".noUi-handle"
LIVE_TEXT = ".csm-live"
MESSAGE = ".csm-message"  # csmlib.ui.widgets.note(): a widget's "⚠ ..." message
BROKEN_WIDGET_TEXTS = ("Error displaying widget", "Loading widget...")
OUTPUT = ".jp-OutputArea-output"

# Accessibility (axe-core, bundled with axe-playwright-python: nothing is downloaded).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_BLOCKING = ("serious", "critical")
#: Violations inside outputs that come from ipywidgets or plotly themselves, not from the
#: course: (axe rule, CSS selector the failing element matches, why the course cannot fix it).
#: Keep it short; every entry needs its reason. Empty: every serious or critical problem
#: found in the outputs so far was the course's and is fixed.
AXE_ALLOWED: list[tuple[str, str, str]] = []


import lab_server as lab  # noqa: E402 - tests/ is on sys.path (pytest rootdir conftest)

LabServer: TypeAlias = Any  # tests/lab_server.py's LabServer
Cell: TypeAlias = dict[str, Any]  # one cell's state, as returned by csmTest.cells()


def notebook_params(half: int | None = None) -> list[Any]:
    """The notebooks to test, by file name (one skipped placeholder when there are none);
    ``half`` 0 or 1 takes every other one, so two files (this one and
    ``test_browser_more.py``) can run on two pytest-xdist workers at once."""
    names = sorted(path.name for path in NOTEBOOKS.glob("*.ipynb"))
    if half is not None:
        names = names[half::2]
    if not names:
        return [pytest.param("", marks=pytest.mark.skip(reason=f"no notebooks in {NOTEBOOKS}"),
                             id="no-notebooks")]
    return names


def declares_widgets(notebook: Path) -> bool:
    """True when the notebook's metadata says ``"csmlib": {"widgets": true}``."""
    metadata = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    return bool(metadata.get("csmlib", {}).get("widgets", False))


def on_ci() -> bool:
    """True when the ``CI`` environment variable is set to something other than false/0."""
    return os.environ.get("CI", "").strip().lower() not in {"", "false", "0"}


# --------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Chromium's path; skips (locally) or fails (on CI) when it or Playwright is missing."""
    problem = ""
    if sync_playwright is None:
        problem = "Python package 'playwright' is not installed (pip install -e '.[test]')"
    elif not CHROMIUM.exists():
        problem = (f"Chromium not found at {CHROMIUM}: install Debian's chromium package "
                   "(apt-get install chromium) to run the real-browser test")
    if problem and on_ci():
        pytest.fail(f"{problem}. CI must provide it (CI={os.environ['CI']!r}).", pytrace=False)
    if problem:
        pytest.skip(problem)
    return CHROMIUM


@pytest.fixture(scope="module")
def lab_server(
    chromium: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LabServer]:
    """JupyterLab serving a tmp copy of the notebooks (so autosave never touches the repo)."""
    work = tmp_path_factory.mktemp("jupyterlab")
    root = work / "course" / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    datasets = NOTEBOOKS.parent / "datasets"  # keeps "../datasets/..." paths working
    if datasets.is_dir():
        shutil.copytree(datasets, root.parent / "datasets")
    env = {"CSMLIB_PORTFOLIO": str(work / "portfolio.sqlite"), "CSMLIB_STRICT": "1"}
    try:
        server = lab.start_lab(root_dir=root, work_dir=work, extra_env=env)
    except lab.LabServerError as error:
        pytest.fail(str(error), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    """One headless Chromium for the module (module scope: Playwright's event loop is gone
    before other test modules, e.g. nbval's, run their own)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# ------------------------------------------------------------------------- page helpers

# Installed into every page before JupyterLab loads; used through ``page.evaluate``. The
# notebook model (``window.jupyterapp``, exposed by the server) is the only place that tells an
# exception from a warning, and it has the kernel's real status (the toolbar's execution
# indicator says "idle" even before a kernel exists); texts and prompts come from the DOM.
PAGE_HELPERS_JS = """
window.csmTest = {
  panel(path) {
    const app = window.jupyterapp;
    if (!app) return null;
    for (const widget of app.shell.widgets('main')) {
      if (widget.context && widget.context.path === path) return widget;
    }
    return null;
  },
  kernelStatus(path) {
    const panel = this.panel(path);
    const kernel = panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
    return kernel ? kernel.status : 'no kernel';
  },
  dialog() {
    const dialog = document.querySelector('.jp-Dialog');
    if (!dialog) return null;
    return {text: dialog.innerText, canAccept: Boolean(dialog.querySelector('.jp-mod-accept'))};
  },
  acceptDialog() {
    const button = document.querySelector('.jp-Dialog .jp-mod-accept');
    if (button) button.click();
  },
  // Resolves to a truthy value once the kernel is idle or a dialog is showing.
  idleOrDialog(path) {
    const dialog = this.dialog();
    if (dialog) return {dialog};
    return this.kernelStatus(path) === 'idle' ? {idle: true} : null;
  },
  cells(path) {
    const panel = this.panel(path);
    if (!panel) return null;
    return panel.content.widgets.map((cell, index) => {
      const model = cell.model;
      const info = {index, type: model.type, source: model.sharedModel.getSource(),
                    prompt: '', tags: model.getMetadata('tags') || [], errors: []};
      if (model.type !== 'code') return info;
      const prompt = cell.node.querySelector('.jp-InputArea-prompt');
      info.prompt = prompt ? prompt.textContent.trim() : '';
      model.outputs.toJSON().forEach((output, i) => {
        if (output.output_type !== 'error') return;
        const shown = cell.outputArea && cell.outputArea.widgets[i];
        const text = shown ? shown.node.textContent : '';
        info.errors.push(text.trim() || `${output.ename}: ${output.evalue}`);
      });
      return info;
    });
  },
  // Run All has ended: kernel idle, no [*], and every non-empty code cell numbered or a
  // cell raised (JupyterLab then stops the run and leaves the rest unnumbered).
  runFinished(path) {
    const cells = this.cells(path);
    if (!cells || this.kernelStatus(path) !== 'idle') return false;
    const code = cells.filter(c => c.type === 'code' && c.source.trim());
    if (code.some(c => c.prompt.includes('*'))) return false;
    return code.every(c => /^\\[\\d+\\]:?$/.test(c.prompt))
      || cells.some(c => c.errors.length > 0);
  },
  brokenWidgets(texts) {
    return [...document.querySelectorAll('.jp-OutputArea-output')]
      .map(el => el.textContent).filter(t => texts.some(x => t.includes(x)));
  },
  // Texts of the elements matching selector that are shown (no display:none or
  // visibility:hidden on the way up; cells merely scrolled out of view still count) and not
  // empty. textContent, not innerText: it does not depend on the cell having been painted.
  visibleTexts(selector) {
    return [...document.querySelectorAll(selector)]
      .filter(el => el.checkVisibility({visibilityProperty: true}))
      .map(el => el.textContent.replace(/\\s+/g, ' ').trim()).filter(text => text);
  },
  // Presentation problems in cell outputs: raw pandas frames (class "dataframe": row numbers,
  // data headings), headings that look like code (snake_case), money with the pound sign after
  // the number, and plotly toolbars.
  presentationProblems() {
    const problems = [];
    const outputs = [...document.querySelectorAll('.jp-OutputArea-output')];
    outputs.forEach(output => {
      output.querySelectorAll('table.dataframe').forEach(() =>
        problems.push('a raw pandas table (row numbers and data headings)'));
      output.querySelectorAll('th').forEach(th => {
        const text = th.textContent.trim();
        if (/^[a-z0-9]+(_[a-z0-9]+)+$/.test(text)) problems.push(`code-like heading "${text}"`);
      });
      // Text nodes joined with a separator, so adjacent table cells never run together;
      // chart text (tick labels in <svg>) is left out.
      const walker = document.createTreeWalker(output, NodeFilter.SHOW_TEXT);
      const pieces = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement.closest('svg')) pieces.push(node.textContent);
      }
      const money = pieces.join(' | ').match(/\\d[\\d,.]*\\s?£(?!\\s?\\d)/);
      if (money) problems.push(`money written with £ after the number: "${money[0]}"`);
      output.querySelectorAll('.modebar').forEach((bar) => {  // one that shows on screen
        if (bar.offsetParent !== null) {
          problems.push('a plotly toolbar (it covers the title and shows in print)');
        }
      });
    });
    return [...new Set(problems)];
  },
  undrawnCharts(selector) {
    return [...document.querySelectorAll(selector)].filter(el => !el.querySelector('svg'))
      .length;
  },
  // Bar/scatter traces that have x values but no y (and are not horizontal): their y did not
  // reach the browser. Seen with plotly's FigureWidget, where a batch_update() that changes
  // different properties of different traces makes plotly.js delete the first trace's y.
  tracesMissingY(selector) {
    const missing = [];
    document.querySelectorAll(selector).forEach((chart, c) => {
      const title = chart.layout && chart.layout.title;
      const name = (title && (title.text || title)) || `chart ${c + 1}`;
      (chart.data || []).forEach((trace, t) => {
        const type = trace.type || 'scatter';
        if (!['bar', 'scatter', 'scattergl'].includes(type) || trace.orientation) return;
        if (trace.x && trace.x.length > 0 && (trace.y === undefined || trace.y === null)) {
          missing.push(`${name}: trace ${t + 1} (${type} ${trace.name || ''}) has x but no y`);
        }
      });
    });
    return missing;
  },
  // How many px taller the viewport must be to show the notebook down to its last cell
  // (negative: that much could be cut). The scroller's own scrollHeight is an estimate.
  notebookOverflow() {
    const scroller = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
    if (!scroller) return 0;
    const cells = scroller.querySelectorAll('.jp-Cell');
    const last = cells.length ? cells[cells.length - 1] : scroller;
    return Math.ceil(last.getBoundingClientRect().bottom + 24
                     - scroller.getBoundingClientRect().bottom);
  },
  // Does any element a violation names match one of the allowed selectors?
  matchesAny(targets, selector) {
    return targets.some(t => {
      const el = document.querySelector(t);
      return Boolean(el && el.matches(selector));
    });
  },
  scrollToTop() {
    const scroller = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
    if (scroller) scroller.scrollTop = 0;
  },
};
"""


@dataclass
class NotebookPage:
    """A notebook opened in JupyterLab, plus what the browser logged meanwhile."""

    page: Page
    name: str
    server: LabServer
    console_errors: list[str] = field(default_factory=list)

    def record_console(self, message: ConsoleMessage) -> None:
        """Keep the browser console's errors for failure messages."""
        if message.type == "error":
            self.console_errors.append(f"console: {message.text[:300]}")

    def js(self, call: str, arg: Any = None) -> Any:
        """Evaluate ``window.csmTest.<call>`` with ``arg``, e.g. ``nb.js("cells(arg)", path)``."""
        return self.page.evaluate(f"(arg) => window.csmTest.{call}", arg)

    def wait_js(self, call: str, arg: Any, timeout_ms: float) -> Any:
        """Wait until ``window.csmTest.<call>`` is truthy; its value (as JSON)."""
        handle = self.page.wait_for_function(f"(arg) => window.csmTest.{call}", arg=arg,
                                             timeout=timeout_ms, polling=250)
        return handle.json_value()

    def fail(self, message: str) -> NoReturn:
        """Fail the test with ``message``, browser errors and the server log's tail."""
        errors = "\n".join(self.console_errors[-10:]) or "(none)"
        pytest.fail(f"{self.name}: {message}\n--- browser errors ---\n{errors}"
                    f"\n--- JupyterLab log (tail) ---\n{self.server.log_tail(25)}",
                    pytrace=False)


def new_notebook_page(browser: Browser, server: LabServer, name: str) -> NotebookPage:
    """A fresh page for notebook ``name`` that records browser errors and accepts dialogs."""
    page = browser.new_page(viewport=VIEWPORT)
    nb = NotebookPage(page, name, server)
    page.on("pageerror", lambda error: nb.console_errors.append(f"pageerror: {error}"))
    page.on("console", nb.record_console)
    page.add_init_script(PAGE_HELPERS_JS)
    accept = page.locator(DIALOG).filter(has=page.locator(".jp-mod-accept"))
    page.add_locator_handler(accept, _accept_dialog)
    page.set_default_timeout(ACTION_MS)
    return nb


def open_notebook(nb: NotebookPage) -> None:
    """Open the notebook in JupyterLab (in its own workspace, so no other tabs are restored)
    and wait for its kernel to be idle."""
    nb.page.goto(nb.server.notebook_url(nb.name, workspace=f"test-{Path(nb.name).stem}"))
    try:
        nb.page.locator(PANEL).first.wait_for(state="visible", timeout=PAGE_LOAD_MS)
    except PlaywrightTimeout:
        nb.fail(f"no notebook panel after {PAGE_LOAD_MS / 1000:.0f} s")
    wait_for_idle_kernel(nb, KERNEL_IDLE_MS)


def _accept_dialog(dialog: Locator) -> None:
    """Accept a JupyterLab dialog (e.g. kernel selection) with its default button."""
    dialog.locator(".jp-mod-accept").first.click()


def wait_for_idle_kernel(nb: NotebookPage, timeout_ms: float) -> None:
    """Wait until the kernel is idle, accepting dialogs that ask for a choice (e.g. kernel
    selection) and failing at once on dialogs that only report a problem."""
    deadline = _now_ms(nb.page) + timeout_ms
    while True:
        remaining = max(deadline - _now_ms(nb.page), 1)
        try:
            found = nb.wait_js("idleOrDialog(arg)", nb.name, remaining)
        except PlaywrightTimeout:
            nb.fail(f"kernel not idle after {timeout_ms / 1000:.0f} s "
                    f"(status: {nb.js('kernelStatus(arg)', nb.name)})")
        if "idle" in found:
            return
        if not found["dialog"]["canAccept"]:
            nb.fail(f"JupyterLab shows a dialog: {found['dialog']['text']!r}")
        print(f"accepting dialog: {found['dialog']['text']!r}")
        nb.js("acceptDialog()")  # a JS click: no race with the locator handler


def _now_ms(page: Page) -> float:
    return float(page.evaluate("() => performance.now()"))


def run_menu_command(page: Page, menu: str, command: str) -> None:
    """Click menu-bar item ``menu`` and then the entry that runs ``command``."""
    page.locator(MENU_BAR_ITEM, has_text=re.compile(rf"^{re.escape(menu)}$")).click()
    page.locator(f'.lm-Menu-item[data-command="{command}"]').click()


def cell_states(nb: NotebookPage) -> list[Cell]:
    """Type, source, prompt, tags and error texts of every cell (see ``PAGE_HELPERS_JS``)."""
    cells = nb.js("cells(arg)", nb.name)
    if cells is None:
        nb.fail("notebook panel not found in JupyterLab")
    return cells


def is_numbered(prompt: str) -> bool:
    """True for an input prompt like ``[12]:`` (not ``[ ]:`` or ``[*]:``)."""
    return re.fullmatch(r"\[\d+\]:?", prompt) is not None


def pending_cells(cells: list[Cell]) -> list[Cell]:
    """Non-empty code cells without an execution number."""
    return [c for c in cells
            if c["type"] == "code" and c["source"].strip() and not is_numbered(c["prompt"])]


def unexpected_errors(cells: list[Cell]) -> list[Cell]:
    """Cells with an exception output that are not tagged ``raises-exception``."""
    return [c for c in cells if c["errors"] and "raises-exception" not in c["tags"]]


def describe(cell: Cell) -> str:
    """One readable line per cell: position, prompt and first source line."""
    first_line = (cell["source"].strip().splitlines() or [""])[0][:80]
    return f"  cell {cell['index'] + 1} {cell['prompt'] or '[ ]:'} {first_line!r}"


def error_report(cells: list[Cell], limit: int = 3) -> str:
    """The first ``limit`` failing cells with the last lines of their error text."""
    parts = []
    for cell in cells[:limit]:
        text = "\n".join(cell["errors"][0].strip().splitlines()[-8:])
        parts.append(describe(cell) + "\n" + "\n".join(
            "      | " + line for line in text.splitlines()))
    return "\n".join(parts)


def run_all_cells(nb: NotebookPage) -> list[Cell]:
    """Clear all outputs, *Run All Cells* from the menu, wait for the end; the cell states.

    Clearing first means old execution numbers and outputs saved in the file cannot pass
    for results of this run.
    """
    run_menu_command(nb.page, "Edit", "editmenu:clear-all")
    run_menu_command(nb.page, "Run", "runmenu:run-all")
    try:
        nb.wait_js("runFinished(arg)", nb.name, RUN_ALL_MS)
    except PlaywrightTimeout:
        waiting = "\n".join(describe(c) for c in pending_cells(cell_states(nb)))
        nb.fail(f"Run All not finished after {RUN_ALL_MS / 1000:.0f} s (kernel: "
                f"{nb.js('kernelStatus(arg)', nb.name)}); cells still pending:\n{waiting}")
    return cell_states(nb)


def check_cells(nb: NotebookPage, cells: list[Cell]) -> None:
    """Fail when a cell raised, or when a code cell was not run."""
    failed = unexpected_errors(cells)
    if failed:
        nb.fail(f"{len(failed)} cell(s) raised an exception:\n{error_report(failed)}")
    pending = pending_cells(cells)
    if pending:
        nb.fail("code cells not executed:\n" + "\n".join(describe(c) for c in pending))


def check_widgets(nb: NotebookPage) -> None:
    """Widgets visible and not broken; every plotly chart drawn."""
    seconds = f"{WIDGETS_MS / 1000:.0f} s"
    try:
        nb.page.locator(WIDGET).first.wait_for(state="visible", timeout=WIDGETS_MS)
    except PlaywrightTimeout:
        nb.fail(f"declares widgets but none is visible after {seconds}")
    texts = list(BROKEN_WIDGET_TEXTS)
    try:
        nb.wait_js("brokenWidgets(arg).length === 0", texts, WIDGETS_MS)
    except PlaywrightTimeout:
        broken = [t.strip()[:200] for t in nb.js("brokenWidgets(arg)", texts)]
        nb.fail(f"{len(broken)} widget output(s) broken or still loading after {seconds}: "
                f"{broken[:3]}")
    try:
        nb.wait_js("undrawnCharts(arg) === 0", PLOTLY_CHART, WIDGETS_MS)
    except PlaywrightTimeout:
        count = nb.js("undrawnCharts(arg)", PLOTLY_CHART)
        nb.fail(f"{count} plotly chart(s) without an <svg> after {seconds}")


def check_chart_data(nb: NotebookPage, when: str) -> None:
    """Fail when a plotly bar/scatter trace in the page has x values but lost its y values."""
    missing = nb.js("tracesMissingY(arg)", PLOTLY_CHART)
    if missing:
        nb.fail(f"{when}, {len(missing)} plotly trace(s) lost their y values in the browser "
                "(the chart shows nonsense although Python's figure is fine):\n  "
                + "\n  ".join(missing[:5]))


def check_messages(nb: NotebookPage, when: str) -> None:
    """Fail when a widget shows a message (visible, non-empty ``.csm-message``), quoting it."""
    shown = nb.js("visibleTexts(arg)", MESSAGE)
    if shown:
        nb.fail(f"{when}, {len(shown)} widget message(s) shown in the page (a widget's "
                "update failed, or it warns the learner):\n  "
                + "\n  ".join(repr(text[:300]) for text in shown[:5]))


def check_presentation(nb: NotebookPage, when: str) -> None:
    """Fail when an output shows a raw data frame, a code-like heading, money as "13,647 £"
    or a plotly toolbar: tables and charts must go through the presentation kit
    (``csmlib.ui.tables``, ``csmlib.ui.charts``)."""
    problems = nb.js("presentationProblems()")
    if problems:
        nb.fail(f"{when}, {len(problems)} presentation problem(s) in the outputs (use the "
                "presentation kit, csmlib.ui.tables / csmlib.ui.charts):\n  "
                + "\n  ".join(problems[:8]))


def axe_outputs(page: Page) -> dict[str, Any]:
    """axe-core's raw result for the notebook's outputs only (WCAG A and AA rules)."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return Axe().run(page, context={"include": [[OUTPUT]]}, options=options).response


def blocking_violations(nb: NotebookPage, response: dict[str, Any]) -> list[str]:
    """One line per serious or critical failing element in ``response`` that
    ``AXE_ALLOWED`` does not excuse: rule, what it means, the element and its HTML."""
    found = []
    for violation in response.get("violations", []):
        if violation.get("impact") not in AXE_BLOCKING:
            continue
        allowed = [sel for rule, sel, _why in AXE_ALLOWED if rule == violation["id"]]
        for node in violation.get("nodes", []):
            targets = [t for t in node.get("target", []) if isinstance(t, str)]
            if any(nb.js("matchesAny(arg[0], arg[1])", [targets, sel]) for sel in allowed):
                continue
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
                         f"      at {' '.join(targets)[:200]}\n"
                         f"      {node.get('html', '')[:200]}")
    return found


def check_accessibility(nb: NotebookPage, when: str, stem: str) -> None:
    """Run axe-core on the outputs; write counts by rule and impact to
    ``test-artifacts/axe/<stem>.json``; fail on serious or critical violations that
    ``AXE_ALLOWED`` does not excuse."""
    if Axe is None:
        problem = ("Python package 'axe-playwright-python' is not installed "
                   "(pip install -e '.[test]')")
        if on_ci():
            nb.fail(problem)
        pytest.skip(problem)
    response = axe_outputs(nb.page)
    blocking = blocking_violations(nb, response)
    counts = {v["id"]: {"impact": v.get("impact"), "elements": len(v.get("nodes", [])),
                        "help": v.get("help", "")} for v in response.get("violations", [])}
    AXE_RESULTS.mkdir(parents=True, exist_ok=True)
    (AXE_RESULTS / f"{stem}.json").write_text(json.dumps(
        {"notebook": nb.name, "when": when, "tags": AXE_TAGS, "context": OUTPUT,
         "violations": counts, "blocking": len(blocking)}, indent=2) + "\n", encoding="utf-8")
    if blocking:
        nb.fail(f"{when}, {len(blocking)} serious or critical accessibility problem(s) in the "
                "outputs (axe-core, WCAG 2.2 AA; see csmlib.ui.a11y):\n  "
                + "\n  ".join(blocking[:8]))


def move_first_live_slider(nb: NotebookPage) -> tuple[str, str] | None:
    """Move the first ``.csm-widget`` slider; return its ``.csm-live`` text before and after.

    Returns None when the notebook has no such slider.
    """
    page = nb.page
    slider = page.locator(LIVE_SLIDER).first
    if slider.count() == 0:
        return None
    box = slider.locator("xpath=ancestor::*[contains(concat(' ', normalize-space(@class), "
                         "' '), ' csm-widget ')][1]")
    live = box.locator(LIVE_TEXT).first
    if live.count() == 0:
        nb.fail("the first .csm-widget with a slider has no .csm-live element")
    before = live.text_content() or ""
    handle = slider.locator(SLIDER_HANDLE).first
    handle.click()
    key = "ArrowLeft" if _at_maximum(handle) else "ArrowRight"
    for _ in range(3):
        handle.press(key)
    with contextlib.suppress(PlaywrightTimeout):  # the caller reports "unchanged"
        page.wait_for_function("([el, before]) => el.textContent !== before",
                               arg=[live.element_handle(), before], timeout=LIVE_UPDATE_MS)
    return before, live.text_content() or ""


def _widget_of(locator: Locator) -> Locator:
    """The ``.csm-widget`` box holding ``locator``."""
    return locator.locator("xpath=ancestor::*[contains(concat(' ', normalize-space(@class), "
                           "' '), ' csm-widget ')][1]")


def _wait_for_change(nb: NotebookPage, live: Locator, before: str, what: str) -> str:
    try:
        nb.page.wait_for_function("([el, before]) => el.textContent !== before",
                                  arg=[live.element_handle(), before],
                                  timeout=LIVE_UPDATE_MS)
    except PlaywrightTimeout:
        nb.fail(f"{what} did not change the widget's .csm-live text within "
                f"{LIVE_UPDATE_MS / 1000:.0f} s")
    return live.text_content() or ""


def _wait_for_text(nb: NotebookPage, live: Locator, wanted: str, what: str) -> str:
    """Wait until the widget's live text holds ``wanted`` (a slow kernel may first show an
    earlier step's text); fail naming what was shown instead."""
    try:
        nb.page.wait_for_function("([el, wanted]) => el.textContent.includes(wanted)",
                                  arg=[live.element_handle(), wanted], timeout=LIVE_UPDATE_MS)
    except PlaywrightTimeout:
        shown = (live.text_content() or "")[-300:]
        nb.fail(f"{what}: the widget did not show {wanted!r} within "
                f"{LIVE_UPDATE_MS / 1000:.0f} s; it shows {shown!r}")
    return live.text_content() or ""


def drive_complaints(nb: NotebookPage) -> None:
    """Notebook 04 has no slider: answer the customer in the de-escalation scenario, and fill
    in and check the triage exercise, as a learner would."""
    page = nb.page
    reply = page.get_by_role("button", name="Reply A").first
    reply.scroll_into_view_if_needed()
    live = _widget_of(reply).locator(LIVE_TEXT).first
    before = live.text_content() or ""
    reply.click()
    after = _wait_for_change(nb, live, before, "pressing Reply A")
    if "(reply A)" not in after:
        nb.fail(f"after Reply A the scenario does not show the reply: {after[-300:]!r}")
    check_messages(nb, "after answering the customer")
    check = page.get_by_role("button", name="Check my triage").first
    box = _widget_of(check)
    for menu in box.locator("select").all():
        menu.select_option(index=1)
    live = box.locator(LIVE_TEXT).first
    before = live.text_content() or ""
    check.click()
    after = _wait_for_change(nb, live, before, "pressing Check my triage")
    if "Agreement" not in after:
        nb.fail(f"checking the triage shows no agreement scores: {after[:200]!r}")
    check_messages(nb, "after checking the triage")
    check_presentation(nb, "after checking the triage")


def drive_improvement(nb: NotebookPage) -> None:
    """Notebook 06: run one PDCA cycle as a learner would: write the plan, press Do, read
    the chart, choose a decision, say why, and log the cycle."""
    page = nb.page
    do = page.get_by_role("button", name=re.compile(r"Do: run it")).first
    do.scroll_into_view_if_needed()
    box = _widget_of(do)
    live = box.locator(LIVE_TEXT).first
    box.locator("textarea").nth(0).fill(
        "Agents confirm with the customer that the problem is solved before closing.")
    before = live.text_content() or ""
    do.click()
    after = _wait_for_change(nb, live, before, "pressing Do")
    if "Cycle 1 has run" not in after:
        nb.fail(f"after Do the simulator does not say the cycle ran: {after[-300:]!r}")
    check_messages(nb, "after running a PDCA cycle")
    check_chart_data(nb, "after running a PDCA cycle")
    box.locator("input[type=radio]").nth(1).check()
    box.locator("textarea").nth(1).fill(
        "No clear signal yet, so keep it running and check the chart again next week.")
    act = page.get_by_role("button", name=re.compile(r"Act: log this cycle")).first
    before = live.text_content() or ""
    act.click()
    after = _wait_for_change(nb, live, before, "pressing Act")
    if "Cycle 1 logged" not in after:
        nb.fail(f"after Act the simulator does not say the cycle was logged: {after[-300:]!r}")
    check_messages(nb, "after logging a PDCA cycle")
    check_presentation(nb, "after logging a PDCA cycle")


def drive_strategy(nb: NotebookPage) -> None:
    """Notebook 01: judge the first decision card as a learner would (pick B, press Check)
    and redraw the KPI tree."""
    page = nb.page
    check = page.get_by_role("button", name=re.compile(r"^\W*Check\s*$")).first
    check.scroll_into_view_if_needed()
    box = _widget_of(check)
    live = box.locator(LIVE_TEXT).first
    box.locator("input[type=radio]").nth(1).check()
    before = live.text_content() or ""
    check.click()
    after = _wait_for_change(nb, live, before, "pressing Check on a decision card")
    if "business" not in after.lower():
        nb.fail(f"after Check the card shows no effect on the business: {after[-300:]!r}")
    check_messages(nb, "after judging a decision card")
    draw = page.get_by_role("button", name=re.compile(r"Check and draw")).first
    draw.scroll_into_view_if_needed()
    draw.click()
    check_messages(nb, "after drawing the KPI tree")
    check_presentation(nb, "after judging a decision card and drawing the KPI tree")


UPLOAD = ("Call ID;Start Time;Media Type;Queue Wait (mm:ss);Handle Time (mm:ss);Abandoned\n"
          + "".join(f"K{i};{5 + i // 24:02d}/01/2026 {8 + i % 10:02d}:{i % 60:02d};Voice;"
                    f"00:{i % 50:02d};0{3 + i % 5}:{i % 60:02d};{'Yes' if i % 9 == 0 else 'No'}\n"
                    for i in range(200))
          + "Grand total;;;;;\n")


def drive_workplace(nb: NotebookPage) -> None:
    """Notebook 07: upload a CSV through the import widget, as a learner would, and import
    and anonymise it; the report must account for every row."""
    page = nb.page
    own = page.get_by_role("button", name="My own file").first
    own.scroll_into_view_if_needed()
    box = _widget_of(own)
    live = box.locator(LIVE_TEXT).first
    own.click()
    _wait_for_text(nb, live, "Choose a file", "choosing 'My own file'")
    chooser_button = page.get_by_role("button", name=re.compile(r"Choose your CSV")).first
    with page.expect_file_chooser() as chooser:  # the widget opens the browser's file picker
        chooser_button.click()
    chooser.value.set_files(files=[{"name": "my_calls.csv", "mimeType": "text/csv",
                                    "buffer": UPLOAD.encode("cp1252")}])
    _wait_for_text(nb, live, "columns matched", "uploading a CSV")
    button = page.get_by_role("button", name=re.compile(r"Import and anonymise")).first
    button.click()
    _wait_for_text(nb, live, "Imported 200 of 201 rows", "pressing Import and anonymise")
    check_messages(nb, "after importing an upload")
    check_presentation(nb, "after importing an upload")


#: notebooks driven by more than the first slider: what a learner does there
DRIVERS = {"01_strategy_and_loyalty.ipynb": drive_strategy,
           "04_complaints.ipynb": drive_complaints,
           "06_continuous_improvement.ipynb": drive_improvement,
           "07_your_workplace.ipynb": drive_workplace}


def _at_maximum(handle: Locator) -> bool:
    now, top = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
    try:
        return float(now or "nan") >= float(top or "nan")
    except ValueError:
        return False


def save_screenshot(page: Page, path: Path) -> None:
    """Screenshot the whole notebook: JupyterLab scrolls inside the panel, not the page, so
    the viewport is made as tall as the notebook (up to ``MAX_SCREENSHOT_HEIGHT``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => window.csmTest.scrollToTop()")
    height = VIEWPORT["height"]
    for _ in range(5):  # cells grow as they render (content-visibility), so re-measure
        extra = int(page.evaluate("() => window.csmTest.notebookOverflow()"))
        target = max(VIEWPORT["height"], min(height + extra, MAX_SCREENSHOT_HEIGHT))
        if target == height:
            break
        height = target
        page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => "
                      "requestAnimationFrame(r)))")
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(VIEWPORT)


# ---------------------------------------------------------------------------------- test


@pytest.mark.browser
@pytest.mark.parametrize("notebook", notebook_params(0))
def test_notebook_runs_in_jupyterlab(
    notebook: str, lab_server: LabServer, browser: Browser
) -> None:
    """Run All in a real JupyterLab: no exceptions or widget messages, widgets drawn, a slider
    updates output."""
    screenshot = SCREENSHOTS / f"{Path(notebook).stem}.png"
    nb = new_notebook_page(browser, lab_server, notebook)
    try:
        open_notebook(nb)
        cells = run_all_cells(nb)
        check_cells(nb, cells)
        if declares_widgets(NOTEBOOKS / notebook):
            check_widgets(nb)
        check_chart_data(nb, "after Run All")
        check_messages(nb, "after Run All")
        check_presentation(nb, "after Run All")
        if notebook in DRIVERS:
            DRIVERS[notebook](nb)
        moved = move_first_live_slider(nb)
        if moved is None and notebook in DRIVERS:
            print(f"{notebook}: driven by {DRIVERS[notebook].__name__}; no slider")
        elif moved is None:
            print(f"{notebook}: no slider inside a .csm-widget, so no interaction tested")
        else:
            before, after = moved
            check_messages(nb, "after moving the first .csm-widget slider")
            if after == before:
                nb.fail(f"moving the first .csm-widget slider did not change its .csm-live "
                        f"text within {LIVE_UPDATE_MS / 1000:.0f} s (still {before!r})")
            check_chart_data(nb, "after moving the first .csm-widget slider")
        check_accessibility(nb, "after Run All and driving the widgets", Path(notebook).stem)
        if os.environ.get("CSMLIB_SCREENSHOTS", "1") != "0":
            save_screenshot(nb.page, screenshot)
    except BaseException:
        _try_screenshot(nb.page, screenshot)
        raise
    finally:
        nb.page.close()
        with contextlib.suppress(OSError):  # a dead server is reported elsewhere
            lab_server.shutdown_kernels()


def _try_screenshot(page: Page, path: Path) -> None:
    """Best-effort screenshot after a failure (the page may be gone)."""
    try:
        save_screenshot(page, path)
        print(f"screenshot of the failure: {path}")
    except PlaywrightError as error:
        print(f"could not save a screenshot: {error}")


# ------------------------------------------------------- the message check can fail

#: A static page with the kinds of ``.csm-message`` the check must find or ignore.
MESSAGES_PAGE = """<!doctype html><html><body>
<div class="csm-widget"><div class="csm-message">⚠ Something went wrong
  (ValueError: no data for that week).</div></div>
<div class="csm-message">   </div>
<div style="display:none"><div class="csm-message">⚠ in a hidden box</div></div>
<div class="csm-message" style="visibility:hidden">⚠ invisible</div>
<div style="content-visibility:auto;margin-top:3000px"><div class="csm-message">⚠ Scrolled
  out of view</div></div>
</body></html>"""
QUIET_PAGE = """<!doctype html><html><body><div class="csm-widget"><div class="csm-live">ok</div>
<div class="csm-message"></div></div></body></html>"""


@dataclass
class _NoServer:
    """Stands in for the JupyterLab server when a page is checked on its own."""

    def log_tail(self, lines: int = 40) -> str:
        return "(no JupyterLab server: a static page)"


@pytest.mark.browser
def test_widget_message_check_finds_visible_messages(browser: Browser) -> None:
    """check_messages() fails, quoting the text, on a visible non-empty ``.csm-message``
    (also one scrolled out of view), and ignores empty or hidden ones."""
    page = browser.new_page(viewport=VIEWPORT)
    try:
        nb = NotebookPage(page, "static page", _NoServer())
        page.set_content(MESSAGES_PAGE)
        page.add_script_tag(content=PAGE_HELPERS_JS)
        assert nb.js("visibleTexts(arg)", MESSAGE) == [
            "⚠ Something went wrong (ValueError: no data for that week).",
            "⚠ Scrolled out of view"]
        with pytest.raises(pytest.fail.Exception,
                           match=r"(?s)after Run All, 2 widget message.*no data for that week"):
            check_messages(nb, "after Run All")
        page.set_content(QUIET_PAGE)
        page.add_script_tag(content=PAGE_HELPERS_JS)
        check_messages(nb, "after Run All")  # nothing shown: passes
    finally:
        page.close()


#: A static page with each presentation problem the check must find, and one it must pass.
RAW_PAGE = """<!doctype html><html><body><div class="jp-OutputArea-output">
<table class="dataframe"><thead><tr><th></th><th>budget_gbp</th></tr></thead>
<tbody><tr><th>0</th><td>13647.0</td></tr></tbody></table>
<p>Saving: 13,647 £</p><div class="modebar-container"><div class="modebar"></div></div>
</div></body></html>"""
CLEAN_PAGE = """<!doctype html><html><body><div class="jp-OutputArea-output">
<table><thead><tr><th>Budget</th><th>Calls</th><th>Cost</th></tr></thead>
<tbody><tr><td>£13,647</td><td>1,621</td><td>£2,494</td></tr></tbody></table>
<svg><text>£0–£25</text><text>£25–£50</text></svg></div></body></html>"""


@pytest.mark.browser
def test_presentation_check_finds_raw_tables_and_toolbars(browser: Browser) -> None:
    """check_presentation() names a raw frame, a code-like heading, "13,647 £" and a toolbar,
    and passes a table made for people."""
    page = browser.new_page(viewport=VIEWPORT)
    try:
        nb = NotebookPage(page, "static page", _NoServer())
        page.set_content(RAW_PAGE)
        page.add_script_tag(content=PAGE_HELPERS_JS)
        found = nb.js("presentationProblems()")
        assert any("raw pandas table" in p for p in found)
        assert any('"budget_gbp"' in p for p in found)
        assert any("13,647 £" in p for p in found)
        assert any("toolbar" in p for p in found)
        with pytest.raises(pytest.fail.Exception, match="presentation problem"):
            check_presentation(nb, "after Run All")
        page.set_content(CLEAN_PAGE)
        page.add_script_tag(content=PAGE_HELPERS_JS)
        assert nb.js("presentationProblems()") == []
        check_presentation(nb, "after Run All")
    finally:
        page.close()


# ------------------------------------------------------ the accessibility check can fail

#: Outputs with problems axe must report: an unlabelled field, a slider handle without a name,
#: a drop-down without a name and pale orange words on white.
INACCESSIBLE_PAGE = """<!doctype html><html lang="en"><head><title>t</title></head><body>
<main><div class="jp-OutputArea-output"><input type="text">
<div class="noUi-handle" role="slider" tabindex="0" aria-valuenow="3" aria-valuemin="0"
  aria-valuemax="9"></div><select><option>a</option></select>
<p style="color:#E69F00;font-size:13px">● close</p></div>
<div class="jp-Toolbar"><input type="text"></div></main></body></html>"""
#: The same controls named, and the status words in the course's text colour.
ACCESSIBLE_PAGE = """<!doctype html><html lang="en"><head><title>t</title></head><body>
<main><div class="jp-OutputArea-output"><label for="a">Owner</label><input id="a" type="text">
<span id="s">Agents</span><div class="noUi-handle" role="slider" tabindex="0"
  aria-labelledby="s" aria-valuenow="3" aria-valuemin="0" aria-valuemax="9"></div>
<select title="Team"><option>a</option></select>
<p style="color:{warning};font-size:13px">● close</p></div>
<div class="jp-Toolbar"><input type="text"></div></main></body></html>"""


@pytest.mark.browser
def test_accessibility_check_finds_unnamed_controls_and_low_contrast(
        browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check_accessibility() fails on an unlabelled input, an unnamed slider handle and
    drop-down and low-contrast words inside an output (not on JupyterLab's own toolbar), and
    passes once they are named and the words use the course's status text colour."""
    from csmlib.course.style import STATUS_TEXT

    monkeypatch.setattr(sys.modules[__name__], "AXE_RESULTS", tmp_path)
    page = browser.new_page(viewport=VIEWPORT)
    try:
        nb = NotebookPage(page, "static page", _NoServer())
        page.set_content(INACCESSIBLE_PAGE)
        page.add_script_tag(content=PAGE_HELPERS_JS)
        with pytest.raises(pytest.fail.Exception, match="accessibility problem") as failure:
            check_accessibility(nb, "after Run All", "bad")
        for rule in ("label", "aria-input-field-name", "select-name", "color-contrast"):
            assert f"{rule} (" in str(failure.value)
        assert "jp-Toolbar" not in str(failure.value)  # outside the outputs: not counted
        written = json.loads((tmp_path / "bad.json").read_text(encoding="utf-8"))
        assert written["blocking"] >= 4 and "color-contrast" in written["violations"]
        page.set_content(ACCESSIBLE_PAGE.replace("{warning}", STATUS_TEXT["warning"]))
        page.add_script_tag(content=PAGE_HELPERS_JS)
        check_accessibility(nb, "after Run All", "good")  # named and readable: passes
        assert json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))[
            "blocking"] == 0
    finally:
        page.close()


@pytest.mark.browser
def test_allowed_violations_are_excused_only_where_listed(
        browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An ``AXE_ALLOWED`` entry excuses its rule on elements matching its selector only."""
    monkeypatch.setattr(sys.modules[__name__], "AXE_RESULTS", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "AXE_ALLOWED",
                        [("select-name", "select.third-party", "a test entry")])
    page = browser.new_page(viewport=VIEWPORT)
    try:
        nb = NotebookPage(page, "static page", _NoServer())
        page.set_content('<!doctype html><html lang="en"><head><title>t</title></head><body>'
                         '<main><div class="jp-OutputArea-output"><select class="third-party">'
                         "<option>a</option></select><select><option>b</option></select>"
                         "</div></main></body></html>")
        page.add_script_tag(content=PAGE_HELPERS_JS)
        found = blocking_violations(nb, axe_outputs(page))
        assert len(found) == 1 and "third-party" not in found[0]
    finally:
        page.close()
