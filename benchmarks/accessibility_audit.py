"""Accessibility audit: axe-core (WCAG 2.0/2.1/2.2 A and AA) on every notebook in JupyterLab.

For each chosen notebook this starts (once) a private JupyterLab on a temporary copy of the
notebooks, opens the notebook in headless Chromium, runs all cells, waits for the widgets and
charts, and runs axe-core twice:

* **outputs** - only the notebooks' outputs (``.jp-OutputArea-output``): what the course puts
  on screen (its HTML, tables, charts and widgets, which ipywidgets draws);
* **page** - the whole JupyterLab page (menus, toolbars, cell editors as well).

It writes the counts of violations by rule and impact, per notebook, to
``benchmarks/results/accessibility_<label>.json`` and prints a readable summary. With
``--keyboard`` it also checks, in the first notebook, that the Tab key reaches every control
of the first course widget and that Space and Enter press a button.

Run (a few minutes for all eight notebooks)::

    .venv/bin/python benchmarks/accessibility_audit.py --label before
    .venv/bin/python benchmarks/accessibility_audit.py --label after --keyboard 00_start_here

Nothing is downloaded: axe-core comes inside ``axe-playwright-python`` and Chromium is
Debian's (``CSMLIB_CHROMIUM`` overrides its path).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
sys.path.insert(0, str(REPO / "tests"))

#: the WCAG levels the audit (and the browser test) checks
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
OUTPUTS = ".jp-OutputArea-output"
SERIOUS = ("serious", "critical")


def axe_options() -> dict[str, Any]:
    """axe-core's options: only the WCAG A/AA rules, only violations."""
    return {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def summarise(violations: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts of failing elements by rule and by impact, and a few example targets per rule.

    >>> summary = summarise([{"id": "label", "impact": "critical", "help": "Form elements",
    ...                       "nodes": [{"target": ["#a"]}, {"target": ["#b"]}]}])
    >>> summary["by_impact"], summary["serious_or_critical"]
    ({'critical': 2}, 2)
    """
    by_rule: dict[str, dict[str, Any]] = {}
    impacts: Counter[str] = Counter()
    for violation in violations:
        nodes = violation.get("nodes", [])
        impact = violation.get("impact") or "unknown"
        by_rule[violation["id"]] = {
            "impact": impact, "elements": len(nodes), "help": violation.get("help", ""),
            "examples": [" ".join(map(str, node.get("target", []))) for node in nodes[:3]],
        }
        impacts[impact] += len(nodes)
    return {"by_rule": by_rule, "by_impact": dict(impacts),
            "serious_or_critical": sum(impacts[i] for i in SERIOUS)}


def audit_notebook(browser: Any, server: Any, name: str) -> dict[str, Any]:
    """Open, Run All and audit one notebook; the two summaries (outputs, whole page)."""
    import test_browser as tb
    from axe_playwright_python.sync_playwright import Axe

    nb = tb.new_notebook_page(browser, server, name)
    started = time.monotonic()
    try:
        tb.open_notebook(nb)
        cells = tb.run_all_cells(nb)
        tb.check_cells(nb, cells)
        if tb.declares_widgets(server.root_dir / name):
            tb.check_widgets(nb)
        axe = Axe()
        outputs = axe.run(nb.page, context={"include": [[OUTPUTS]]}, options=axe_options())
        page = axe.run(nb.page, options=axe_options())
        return {"outputs": summarise(outputs.response["violations"]),
                "page": summarise(page.response["violations"]),
                "seconds": round(time.monotonic() - started, 1)}
    finally:
        nb.page.close()
        server.shutdown_kernels()


def keyboard_check(browser: Any, server: Any, name: str) -> dict[str, Any]:
    """Tab through the first ``.csm-widget`` of ``name``: which of its controls the Tab key
    reaches, and whether Space and Enter press its first button (``.csm-live`` changes or the
    button gets the focus ring)."""
    import test_browser as tb

    nb = tb.new_notebook_page(browser, server, name)
    try:
        tb.open_notebook(nb)
        tb.run_all_cells(nb)
        tb.check_widgets(nb)
        page = nb.page
        box = page.locator(".csm-widget").first
        box.scroll_into_view_if_needed()
        controls = box.locator("input, select, textarea, button, [role=slider]")
        total = controls.count()
        page.evaluate("(el) => { el.tabIndex = -1; el.focus(); }", box.element_handle())
        reached: list[str] = []
        for _ in range(total * 3 + 5):
            page.keyboard.press("Tab")
            inside = page.evaluate(
                "(box) => box.contains(document.activeElement) ? "
                "(document.activeElement.getAttribute('aria-label') || "
                "document.activeElement.labels?.[0]?.textContent || "
                "document.activeElement.getAttribute('aria-labelledby') || "
                "document.activeElement.textContent || document.activeElement.tagName)"
                ".trim().slice(0, 40) : null", box.element_handle())
            if inside is None and reached:
                break
            if inside is not None:
                reached.append(inside)
        pressed = {}
        button = box.locator("button").first
        if button.count():
            for key in ("Enter", " "):
                button.focus()
                clicks = page.evaluate(
                    "(b) => { b.__csmClicks = 0; b.addEventListener('click', "
                    "() => b.__csmClicks++); return 0; }", button.element_handle())
                page.keyboard.press(key)
                clicks = page.evaluate("(b) => b.__csmClicks", button.element_handle())
                pressed["Space" if key == " " else key] = clicks > 0
        return {"widget_controls": total, "reached_by_tab": len(reached),
                "reached": reached, "button_pressed_by": pressed}
    finally:
        nb.page.close()
        server.shutdown_kernels()


def summary_lines(results: dict[str, Any]) -> list[str]:
    """A readable table of serious+critical counts per notebook and the rules behind them."""
    lines = [f"{'notebook':40} {'outputs':>8} {'page':>8}   (serious + critical elements)"]
    for name, result in results["notebooks"].items():
        if "error" in result:
            lines.append(f"{name:40} error: {result['error'][:200]}")
            continue
        lines.append(f"{name:40} {result['outputs']['serious_or_critical']:>8} "
                     f"{result['page']['serious_or_critical']:>8}")
        for scope in ("outputs", "page"):
            for rule, info in result[scope]["by_rule"].items():
                lines.append(f"    {scope:8} {rule:28} {info['impact']:9} "
                             f"{info['elements']:>4}  e.g. {info['examples'][:1]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the audit; the exit status is 0 when every chosen notebook could be audited."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", required=True, help="results file suffix, e.g. before")
    parser.add_argument("--notebooks", nargs="*", default=[],
                        help="notebook stems or file names (default: all)")
    parser.add_argument("--keyboard", metavar="NOTEBOOK",
                        help="also check the keyboard in this notebook's first widget")
    args = parser.parse_args(argv)

    import lab_server as lab
    import test_browser as tb
    from playwright.sync_api import sync_playwright

    source = tb.NOTEBOOKS
    names = sorted(p.name for p in source.glob("*.ipynb"))
    if args.notebooks:
        wanted = {Path(n).stem for n in args.notebooks}
        names = [n for n in names if Path(n).stem in wanted]
    if not names:
        print(f"no notebooks chosen in {source}", file=sys.stderr)
        return 2
    results: dict[str, Any] = {"label": args.label, "wcag_tags": WCAG_TAGS,
                               "outputs_selector": OUTPUTS, "notebooks": {}}
    with tempfile.TemporaryDirectory(prefix="csm-a11y-") as tmp:
        work = Path(tmp)
        root = work / "course" / "notebooks"
        shutil.copytree(source, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        if (source.parent / "datasets").is_dir():
            shutil.copytree(source.parent / "datasets", root.parent / "datasets")
        env = {"CSMLIB_PORTFOLIO": str(work / "portfolio.sqlite"), "CSMLIB_STRICT": "1"}
        server = lab.start_lab(root_dir=root, work_dir=work, extra_env=env)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(tb.CHROMIUM), headless=True, args=tb.CHROMIUM_ARGS)
                for name in names:
                    print(f"auditing {name} ...", flush=True)
                    try:
                        results["notebooks"][name] = audit_notebook(browser, server, name)
                    except BaseException as error:  # noqa: BLE001 - pytest.fail is BaseException
                        if isinstance(error, KeyboardInterrupt):
                            raise
                        results["notebooks"][name] = {"error": str(error)[:2000]}
                if args.keyboard:
                    stem = Path(args.keyboard).stem
                    try:
                        results["keyboard"] = {"notebook": f"{stem}.ipynb", **keyboard_check(
                            browser, server, f"{stem}.ipynb")}
                    except BaseException as error:  # noqa: BLE001 - as above
                        if isinstance(error, KeyboardInterrupt):
                            raise
                        results["keyboard"] = {"notebook": stem, "error": str(error)[:2000]}
                browser.close()
        finally:
            server.stop()
    lines = summary_lines(results)
    if "keyboard" in results:
        lines.append(f"keyboard: {json.dumps(results['keyboard'])}")
    results["summary"] = lines
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"accessibility_{args.label}.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"written: {out.relative_to(REPO)}")
    return 0 if all("error" not in r for r in results["notebooks"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
