"""``csm export-notebooks``: static pages of the notebooks for learners without Jupyter.

One small notebook written here runs once in a real kernel (module fixture) and calls a
lesson widget, a chart inside an Output widget, a worked answer and a failing cell; the other
tests render hand-made notebooks without a kernel, or check refusals made before any kernel
starts. Notebook 00 itself is exported in the slow test.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

from csmlib.course import notebook_export as export
from csmlib.course import notebook_page as page_maker
from csmlib.course.handout import PLACEHOLDER

ROOT = Path(__file__).resolve().parents[1]
NAME = "98_export_test.ipynb"
PAGE = "98_export_test.html"


def _notebook(cells: list[Any]) -> Any:
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    return notebook


def _test_notebook(learner_portfolio: str) -> Any:
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    worked = code('from IPython.display import HTML\nHTML("<p>SECRET-ANSWER-MARK</p>")')
    worked.metadata["tags"] = ["worked-answer"]
    return _notebook([
        md("# 98 Export test\n\n**Time:** a minute\n\nTeaching text TEACH-MARK."),
        code('print("Ready: PRINTED-MARK")'),
        code("from csmlib.lessons import start_here as lesson\n\nlesson.workload_explorer()"),
        code("import ipywidgets as widgets\nimport plotly.graph_objects as go\n"
             "from csmlib.ui.charts import ChartArea, style\n\narea = ChartArea()\n"
             'area.show(style(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])), '
             'title="AREA-CHART-TITLE", x="Letter", y="Count"))\n'
             'widgets.VBox([widgets.IntSlider(value=7, description="Agents"), area.view])'),
        code("import os\nfrom IPython.display import HTML\n"
             f"learner = os.environ.get('CSMLIB_PORTFOLIO') == {learner_portfolio!r}\n"
             'HTML("<p>PORTFOLIO-" + ("LEARNER" if learner else "SCRATCH") + "</p>")'),
        md("**Worked answer.** EXPLAIN-MARK"),
        worked,
        code("1 / 0"),
        md("After the failure: AFTER-MARK."),
    ])


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("notebooks")
    out = tmp_path_factory.mktemp("site") / "static"
    nbformat.write(_test_notebook(os.environ.get("CSMLIB_PORTFOLIO", "")), folder / NAME)
    said: list[str] = []
    with pytest.raises(export.NotebookExportError) as failed:
        export.export_notebooks(folder, out, progress=said.append)
    return {"out": out, "page": (out / PAGE).read_text(encoding="utf-8"),
            "error": failed.value, "said": said}


def _text(page: str) -> str:
    """The page's visible words, without scripts and tags."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _charts(page: str) -> list[dict[str, Any]]:
    """Every chart's data, layout and options, read from its ``Plotly.newPlot`` call."""
    decoder = json.JSONDecoder()
    charts = []
    for match in re.finditer(r'Plotly\.newPlot\(\s*"[^"]+",\s*', page):
        data, end = decoder.raw_decode(page, match.end())
        layout, end = decoder.raw_decode(page, re.match(r",\s*", page[end:]).end() + end)
        config, _ = decoder.raw_decode(page, re.match(r",\s*", page[end:]).end() + end)
        charts.append({"data": data, "layout": layout, "config": config})
    return charts


def _network_urls(page: str) -> list[str]:
    """``src=`` and ``<link href=`` values that would load something from a network."""
    loads = re.findall(r'\bsrc\s*=\s*["\']?([^"\'\s>]+)', page, flags=re.IGNORECASE)
    loads += re.findall(r'<link\b[^>]*\bhref\s*=\s*["\']?([^"\'\s>]+)', page,
                        flags=re.IGNORECASE)
    return [url for url in loads if re.match(r"(https?:)?//", url.strip(), re.IGNORECASE)]


# ------------------------------------------------------------------ one real run
def test_no_code_prompts_printed_text_or_widget_stand_ins(exported: dict[str, Any]) -> None:
    page = exported["page"]
    for noise in ("workload_explorer", "import ", "ChartArea", "1 / 0", "In [",
                  "PRINTED-MARK", "VBox(", "IntSlider(", "<IPython", "model_id"):
        assert noise not in page, noise
    assert any("1 printed output(s)" in line for line in exported["said"])  # counted, not hidden


def test_teaching_text_and_static_results_are_kept(exported: dict[str, Any]) -> None:
    from csmlib.lessons import start_here

    page = exported["page"]
    text = _text(page)
    assert "TEACH-MARK" in text and "AFTER-MARK" in text
    assert "<title>98 Export test — " in page and '<html lang="en">' in page
    assert start_here.workload_explorer().static_html() in page  # the widget's static result
    # the live result says the same as the static one, so it is not shown twice
    assert text.count("your team can take") == 1


def test_charts_are_drawn_with_the_local_plotly_js(exported: dict[str, Any]) -> None:
    from plotly.offline import get_plotlyjs

    from csmlib.lessons import start_here

    page, out = exported["page"], exported["out"]
    head = page.split("</head>", 1)[0]
    assert f'<script src="{export.PLOTLY_JS}"' in head
    script = (out / export.PLOTLY_JS).read_text(encoding="utf-8")
    assert script.split("\n", 1) == [export.SCRIPT_MARKER, get_plotlyjs()]
    charts = _charts(page)
    assert len(charts) == 2
    assert all(chart["config"].get("displayModeBar") is False for chart in charts)
    titles = [chart["layout"]["title"]["text"] for chart in charts]
    assert "AREA-CHART-TITLE" in titles  # the chart inside an Output widget
    # the FigureWidget as drawn at the end of the run: update() moved the capacity line
    explorer = start_here.workload_explorer()
    lines = [trace.get("y") for trace in charts[titles.index(explorer.figure.layout.title.text)]
             ["data"] if trace.get("mode") == "lines"]
    assert [explorer.capacity()] * len(explorer.day) in lines
    # the settings a chart shows are named above it; the control itself is not drawn
    assert "Chart at these settings: Agents: <b>7</b>" in page
    assert "<input" not in page


def test_worked_answers_are_left_out_as_in_the_handout(exported: dict[str, Any]) -> None:
    text = _text(exported["page"])
    assert "SECRET-ANSWER-MARK" not in text and "EXPLAIN-MARK" not in text
    assert _text(page_maker._markdown(PLACEHOLDER)) in text


def test_the_learners_portfolio_is_not_used(exported: dict[str, Any]) -> None:
    assert "PORTFOLIO-SCRATCH" in exported["page"]


def test_pages_make_no_network_request(exported: dict[str, Any]) -> None:
    out = exported["out"]
    pages = sorted(out.glob("*.html"))
    assert {page.name for page in pages} == {PAGE, export.INDEX}
    for page in pages:
        assert _network_urls(page.read_text(encoding="utf-8")) == [], page.name
    assert _network_urls('<script src="https://cdn.example/x.js"></script>')  # the check works
    assert f'href="{PAGE}"' in (out / export.INDEX).read_text(encoding="utf-8")


def test_a_failing_cell_is_a_note_on_the_page_and_named(exported: dict[str, Any]) -> None:
    error, page = exported["error"], exported["page"]
    [failure] = error.failures
    assert (failure.notebook, failure.cell, failure.first_line) == (NAME, 8, "1 / 0")
    assert NAME in str(error) and "cell 8" in str(error) and "ZeroDivisionError" in str(error)
    assert error.pages == {NAME: exported["out"] / PAGE}
    assert "did not run" in page and "ZeroDivisionError" in page
    assert "Traceback" not in page and "----> " not in page


# ------------------------------------------------------------------ the command line
def test_command_line_names_the_failing_cell_then_rewrites_its_own_pages(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, out = tmp_path / "notebooks", tmp_path / "static"
    folder.mkdir()
    code = nbformat.v4.new_code_cell
    nbformat.write(_notebook([code("x = 1"), code("{}['missing']")]), folder / "05_tiny.ipynb")
    assert export.command_line(str(folder), str(out), ["5"]) == 2
    said = capsys.readouterr()
    assert "05_tiny.ipynb, cell 2" in said.err and "KeyError" in said.err
    assert "Traceback" not in said.err
    first = (out / "05_tiny.html").read_text(encoding="utf-8")
    assert "did not run" in first

    nbformat.write(_notebook([code("x = 1")]), folder / "05_tiny.ipynb")
    assert export.command_line(str(folder), str(out), None) == 0  # its own pages: replaced
    assert "did not run" not in (out / "05_tiny.html").read_text(encoding="utf-8")
    assert str(out) in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["05_tiny.html", export.INDEX,
                                                     export.PLOTLY_JS]


# ------------------------------------------------------------------ refusals (no kernel)
@pytest.mark.parametrize("foreign", [export.INDEX, PAGE, export.PLOTLY_JS])
def test_a_file_the_export_did_not_write_is_never_overwritten(tmp_path: Path,
                                                              foreign: str) -> None:
    folder, out = tmp_path / "notebooks", tmp_path / "static"
    folder.mkdir()
    out.mkdir()
    nbformat.write(_notebook([nbformat.v4.new_code_cell("1 / 0")]), folder / NAME)
    (out / foreign).write_text("<html><head></head>mine</html>", encoding="utf-8")
    with pytest.raises(ValueError, match=f"{re.escape(foreign)} is in the way and was not "
                                         "written by csm export-notebooks"):
        export.export_notebooks(folder, out, progress=lambda _: None)
    assert (out / foreign).read_text(encoding="utf-8") == "<html><head></head>mine</html>"
    assert [p.name for p in out.iterdir()] == [foreign]


def test_a_failure_leaves_out_as_it_was(tmp_path: Path) -> None:
    folder, out = tmp_path / "notebooks", tmp_path / "static"
    folder.mkdir()
    cannot_run = _notebook([nbformat.v4.new_code_cell("x = 1")])
    cannot_run.metadata["kernelspec"]["name"] = "no-such-kernel"
    nbformat.write(cannot_run, folder / "01_a.ipynb")
    nbformat.write(_notebook([nbformat.v4.new_code_cell("x = 1")]), folder / "02_b.ipynb")
    with pytest.raises(ValueError, match="01_a.ipynb could not be run"):
        export.export_notebooks(folder, out, progress=lambda _: None)
    assert not out.exists()  # not even the staging folder is left

    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (folder / "03_c.ipynb").write_text("{not a notebook", encoding="utf-8")
    with pytest.raises(ValueError, match="03_c.ipynb could not be read as a notebook"):
        export.export_notebooks(folder, out, only=["2", "3"], progress=lambda _: None)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]  # refused before anything ran


@pytest.mark.parametrize(("only", "words"), [
    (["7"], "no notebook numbered 07 in .*; there are 98"),
    (["3b"], "'3b' is not a notebook number"),
    ([], "only is empty"),
    (7, "only must be a list of notebook numbers"),
])
def test_only_chooses_notebooks_by_number(tmp_path: Path, only: Any, words: str) -> None:
    nbformat.write(_notebook([]), tmp_path / NAME)
    with pytest.raises(ValueError, match=words):
        export.export_notebooks(tmp_path, tmp_path / "static", only=only)
    assert not (tmp_path / "static").exists()


def test_bad_folders_get_a_clear_message(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert export.command_line(str(tmp_path / "nowhere"), str(tmp_path / "out"), None) == 2
    assert "No notebooks folder" in capsys.readouterr().err
    nbformat.write(_notebook([]), tmp_path / NAME)
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    assert export.command_line(str(tmp_path), str(tmp_path / "file.txt"), None) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert export.command_line(str(tmp_path), str(tmp_path), None) == 2
    assert "different from the notebooks folder" in capsys.readouterr().err


# ------------------------------------------------------------------ widget views (no kernel)
def _model(name: str, **state: Any) -> dict[str, Any]:
    return {"model_name": name, "model_module": "@jupyter-widgets/controls",
            "model_module_version": "2.0.0", "state": {"_dom_classes": [], **state}}


def _widget_notebook(static: bool) -> Any:
    figure = {"data": [{"type": "bar", "x": ["a"], "y": [1]}],
              "layout": {"title": {"text": "FIRST-DRAWING"}}}
    state = {
        "box": _model("VBoxModel", children=["IPY_MODEL_menu", "IPY_MODEL_fig",
                                             "IPY_MODEL_live", "IPY_MODEL_msg",
                                             "IPY_MODEL_button"]),
        "menu": _model("DropdownModel", description="Channel", index=1,
                       _options_labels=["phone", "chat"]),
        "fig": _model("AnyModel", _anywidget_id="plotly.graph_objs._figurewidget.FigureWidget",
                      _widget_data=figure["data"], _widget_layout=figure["layout"]),
        "live": _model("HTMLModel", value="<p>LIVE-RESULT</p>", _dom_classes=["csm-live"]),
        "msg": _model("HTMLModel", value='<div class="csm-message">⚠ WIDGET-MESSAGE</div>'),
        "button": _model("ButtonModel", description="SAVE-BUTTON"),
    }
    outputs = [nbformat.v4.new_output("display_data", data={
        page_maker.WIDGET_MIME: {"model_id": "box", "version_major": 2, "version_minor": 0},
        "text/plain": "VBox(children=(Dropdown(...),))"})]
    if static:
        outputs.append(nbformat.v4.new_output("display_data", data={
            "text/html": '<div class="csm-static"><p>STATIC-RESULT</p></div>'}))
    notebook = _notebook([nbformat.v4.new_code_cell("lesson.widget()", outputs=outputs)])
    notebook.metadata["widgets"] = {page_maker.WIDGET_STATE_MIME: {"state": state,
                                                               "version_major": 2,
                                                               "version_minor": 0}}
    return notebook


def test_a_widget_view_keeps_its_charts_settings_and_messages_not_its_controls() -> None:
    page = export.render_page(_widget_notebook(static=True), "01_x.ipynb")
    text = _text(page.html)
    assert "Chart at these settings: Channel: chat" in text
    assert page.charts == 1 and "FIRST-DRAWING" in page.html  # as first drawn: no kernel
    assert "WIDGET-MESSAGE" in text and "STATIC-RESULT" in text
    assert "LIVE-RESULT" not in text  # the static result says it
    assert "SAVE-BUTTON" not in text and "VBox(" not in page.html


def test_without_a_static_result_the_live_result_is_shown() -> None:
    page = export.render_page(_widget_notebook(static=False), "01_x.ipynb",
                              figures={"fig": {"data": [], "layout": {
                                  "title": {"text": "LAST-DRAWING"}}}})
    assert "LIVE-RESULT" in _text(page.html)
    assert "LAST-DRAWING" in page.html and "FIRST-DRAWING" not in page.html


def test_a_view_without_saved_state_is_counted_not_shown() -> None:
    notebook = _widget_notebook(static=True)
    notebook.metadata.pop("widgets")
    page = export.render_page(notebook, "01_x.ipynb")
    assert page.left_out["widgets without saved state"] == 1
    assert "VBox(" not in page.html and "STATIC-RESULT" in page.html


@pytest.mark.parametrize("bad", [None, "notebook", {"cells": "x"}, 3])
def test_render_page_names_a_bad_notebook(bad: Any) -> None:
    with pytest.raises(ValueError, match="notebook must be a notebook"):
        export.render_page(bad, "01_x.ipynb")


# ------------------------------------------------------------------ the course's notebook 00
@pytest.mark.slow
def test_notebook_00_reads_well_as_a_page(tmp_path: Path) -> None:
    out = tmp_path / "static"
    pages = export.export_notebooks(ROOT / "notebooks", out, only=["00"],
                                    progress=lambda _: None)
    [page_path] = pages.values()
    page = page_path.read_text(encoding="utf-8")
    source = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4)
    title = page_maker._title(source.cells)
    assert f"<title>{html.escape(title)} — " in page
    assert _charts(page) and _network_urls(page) == []
    for cell in source.cells:
        first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
        if cell.cell_type == "code" and first:
            assert html.escape(first) not in page, first
    from csmlib.lessons import start_here

    assert start_here.workload_explorer().static_html() in page
    assert "Ready" not in _text(page)
    assert "csm-export-" not in page  # the throwaway portfolio's folder is not named
    assert export.SCRATCH_WORDS in page  # … the export cell names "your working folder"


def test_replies_are_waited_for_a_slice_at_a_time() -> None:
    """A reply the first long wait missed is picked up by the next short one; the caller's
    own timeout still ends the wait."""
    import asyncio
    from queue import Empty

    class Channel:
        def __init__(self, misses: int) -> None:
            self.waits: list[float | None] = []
            self.misses = misses

        async def get_msg(self, timeout: float | None = None) -> str:
            self.waits.append(timeout)
            if len(self.waits) <= self.misses:
                raise Empty
            return "reply"

    channel = Channel(misses=2)
    export._poll_in_slices(channel, slice_s=0.01)
    assert asyncio.run(channel.get_msg(timeout=5)) == "reply"
    assert len(channel.waits) == 3 and max(channel.waits) <= 0.01
    never = Channel(misses=10**6)
    export._poll_in_slices(never, slice_s=0.01)
    with pytest.raises(Empty):
        asyncio.run(never.get_msg(timeout=0.05))
    assert len(never.waits) >= 2
