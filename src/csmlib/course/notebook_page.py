"""One notebook that has run, as a static, readable web page (``csm export-notebooks``).

What a page shows:

* all the teaching text (the markdown cells);
* everything the course displays for people: tables from the presentation kit, sentences,
  call-outs, self-check questions, and each course widget's static result (the widget at its
  starting settings, written to be read where widgets cannot run);
* the charts, as plotly charts that still respond to the mouse (no toolbar), drawing with the
  one ``plotly.min.js`` written beside the pages.

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
are replaced by the handout's note, as in ``csm handout``. A cell that failed leaves a plain
note where its output would be (no traceback). Printing opens folded parts first.

Example:
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
import re
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
PLOTLY_JS = "plotly.min.js"
INDEX = "index.html"
COURSE_TITLE = "Customer Service Management Lab"

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
FIGURES_MIME = "application/vnd.csmlib.figures+json"
_CHART_CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": True}
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_TAG = re.compile(r"<[^>]+>")

#: What a page leaves out, counted for the progress lines (see the module notes).
LEFT_OUT = {"code": "the code of {} cell(s)", "printed": "{} printed output(s)",
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
    whole = document(title, description, about + body, renderer.charts > 0)
    return Page(name=name, title=title, description=description, html=whole,
                charts=renderer.charts, failures=renderer.failures, left_out=renderer.left_out)


def _today() -> str:
    today = date.today()
    return f"{today.day} {today:%B %Y}"


def document(title: str, description: str, body: str, charts: bool) -> str:
    """A whole page: the course's head (title, description, marker, styles; plotly.js when
    ``charts``) around ``body`` (HTML).

    Example:
        >>> page = document("03 Performance", "KPIs", "<p>Hello</p>", charts=False)
        >>> page.startswith("<!DOCTYPE html>"), PAGE_MARKER in page, PLOTLY_JS in page
        (True, True, False)
    """
    for name, value in (("title", title), ("description", description), ("body", body)):
        checks.instance(name, value, str, "text")
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


def one_line(text: str, limit: int = 300) -> str:
    """``text`` on one line, without terminal colour codes, cut to ``limit`` characters.

    Example:
        >>> one_line("\\x1b[31mValueError\\x1b[0m:\\n  no data", limit=14)
        'ValueError: n…'
    """
    checks.instance("text", text, str, "text")
    checks.instance("limit", limit, int, "a whole number of characters")
    limit = max(limit, 2)
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
        self.left_out = dict.fromkeys(LEFT_OUT, 0)

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
        error = one_line(f"{output.get('ename', 'Error')}: {output.get('evalue', '')}")
        lines = _source(cell).strip().splitlines()
        self.failures.append(CellFailure(self.name, number, one_line(lines[0] if lines else "",
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
                    f"({html.escape(one_line(str(error)))}).</div>")
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

