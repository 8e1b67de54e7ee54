"""Measure the course against its performance budgets (brief section 6).

    python3 tasks.py bench            # or: make bench
    python benchmarks/run_benchmarks.py --repeats 3 --out benchmarks/results/latest.json

For every notebook: wall time of a headless run (nbclient, fresh kernel each time; the
median of ``--repeats`` runs) and the kernel's peak memory (its maximum resident set size,
read inside the kernel after the last cell). For every registered widget interaction: a
control's value is changed programmatically and the time until the new output exists is
recorded; p50 and p95 are reported. Prints a table and writes the figures to JSON.

This is a measurement, not a test: it never fails because a budget is missed; it marks the
row instead. Linux/macOS only (peak memory uses the ``resource`` module).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_BUDGET_S = 10.0
MEMORY_BUDGET_MB = 500.0
INTERACTION_BUDGET_MS = 100.0

_PEAK_MEMORY_CELL = """
import resource, sys
_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(_peak / (1024 * 1024) if sys.platform == "darwin" else _peak / 1024)
"""


@dataclass
class Interaction:
    """One widget interaction: build the widget, then yield after each control change.

    ``run`` receives the widget and yields once per change, after checking the output
    changed; the benchmark times the stretch between yields.
    """

    notebook: str
    name: str
    build: Callable[[], object]
    run: Callable[[object], Iterator[None]]


def _slider_sweep(control: str, values: list, require_change: bool = True
                  ) -> Callable[[object], Iterator[None]]:
    def run(widget) -> Iterator[None]:
        for value in values:
            before = widget.result.value
            widget.controls[control].value = value
            if require_change and widget.result.value == before:
                raise RuntimeError(f"{control}={value} did not change the output")
            yield

    return run


def _exercise_clicks(widget) -> Iterator[None]:
    control, button, result = widget.children
    for answer in ("a", "b", "c", "d") * 25:
        control.value = answer
        result.value = ""
        button.click()
        if not result.value:
            raise RuntimeError("checking an answer produced no feedback")
        yield


def _choice_sweep(control: str, values: list) -> Callable[[object], Iterator[None]]:
    """Like a slider sweep, for menus; the output must change whenever the value does."""
    def run(widget) -> Iterator[None]:
        for value in values:
            if widget.controls[control].value == value:
                continue
            before = widget.result.value + getattr(widget, "rows", widget.result).value
            widget.controls[control].value = value
            if widget.result.value + getattr(widget, "rows", widget.result).value == before:
                raise RuntimeError(f"{control}={value} did not change the output")
            yield

    return run


def _explorer_filters(widget) -> Iterator[None]:
    widget.controls["table"].value = "contacts"
    widget.controls["filter_column"].value = "channel"
    yield from _choice_sweep("filter_value", ["phone", "chat", "email", "social", "(all)"] * 6)(
        widget)


def _team_sweep(widget) -> Iterator[None]:
    teams = [t for t in widget.controls["team"].options if t != "(all)"]
    yield from _slider_sweep("team", [*teams, "(all)"] * 3)(widget)


def _week_sweep(widget) -> Iterator[None]:
    weeks = [value for _, value in widget.controls["weeks"].options]
    ranges = [(weeks[2], weeks[5]), (weeks[-4], weeks[-1]), (weeks[0], weeks[3]),
              (weeks[0], weeks[-1])] * 5
    yield from _slider_sweep("weeks", ranges)(widget)


def _theme_sweep(widget) -> Iterator[None]:
    themes = [t for t in widget.controls["theme"].options if t != "(all)"]
    yield from _slider_sweep("theme", [*themes, "(all)"] * 3, require_change=False)(widget)


def interactions() -> list[Interaction]:
    """Every interaction to time. Add new notebooks' widgets here."""
    from csmlib.lessons import performance, planning, start_here

    agent_values = [v for _ in range(10) for v in (10, 25, 12, 30, 15)]
    rate_values = [v for _ in range(10) for v in (6, 12, 8, 14, 10)]
    return [
        Interaction("00", "workload explorer: agents slider", start_here.workload_explorer,
                    _slider_sweep("agents", agent_values)),
        Interaction("00", "workload explorer: handling-rate slider",
                    start_here.workload_explorer, _slider_sweep("rate", rate_values)),
        Interaction("00", "self-check: Check my answer", start_here.shift_enter.widget,
                    _exercise_clicks),
        Interaction("00", "dataset explorer: switch table", start_here.dataset_explorer,
                    _choice_sweep("table", ["complaints", "contacts", "customers", "agents",
                                            "interval_plan", "contacts", "budget",
                                            "qa_evaluations", "training", "contacts"] * 3)),
        Interaction("00", "dataset explorer: chart column (contacts)",
                    start_here.dataset_explorer,
                    _choice_sweep("chart_column", ["reason", "wait_s", "arrived_at", "csat",
                                                   "handle_s", "channel"] * 5)),
        Interaction("00", "dataset explorer: filter contacts by channel",
                    start_here.dataset_explorer, _explorer_filters),
        Interaction("02", "forecast: switch channel", planning.forecast_explorer,
                    _choice_sweep("channel", ["email", "chat", "social", "phone"] * 8)),
        Interaction("02", "forecast: switch method", planning.forecast_explorer,
                    _choice_sweep("method", [*planning.forecasting.METHODS] * 10)),
        Interaction("02", "staffing calculator: calls slider", planning.staffing_calculator,
                    _slider_sweep("contacts", [v for _ in range(10)
                                               for v in (100, 250, 400, 150, 300)])),
        Interaction("02", "standards: phone standard", planning.standards_setter,
                    _choice_sweep("phone", [*planning.PHONE_STANDARDS] * 8)),
        Interaction("02", "peak-day simulator (full day): spike slider",
                    planning.peak_day_simulator,
                    _slider_sweep("spike", [v for _ in range(6) for v in (50, 100, 20, 70, 0)])),
        Interaction("02", "peak-day simulator (full day): callbacks", planning.peak_day_simulator,
                    _slider_sweep("callbacks", [True, False] * 15)),
        Interaction("02", "contingency: trigger threshold", planning.contingency_planner,
                    _slider_sweep("threshold", [v for _ in range(4) for v in (60, 80, 50, 90)],
                                  require_change=False)),
        Interaction("02", "channel shift: share slider", planning.channel_shift,
                    _slider_sweep("share", [v for _ in range(10) for v in (5, 20, 40)])),
        Interaction("03", "dashboard: channel filter", performance.kpi_dashboard,
                    _slider_sweep("channel", ["phone", "chat", "email", "social", "(all)"] * 4)),
        Interaction("03", "dashboard: team drill-down", performance.kpi_dashboard,
                    _team_sweep),
        Interaction("03", "dashboard: week range", performance.kpi_dashboard, _week_sweep),
        Interaction("03", "feedback: comments on theme", performance.feedback_explorer,
                    _theme_sweep),
        Interaction("03", "feedback: themes by", performance.feedback_explorer,
                    _slider_sweep("by", ["csat", "channel", "team", "nps_group"] * 5,
                                  require_change=False)),
        Interaction("03", "intraday monitor: decision at 10:00", performance.intraday_monitor,
                    _slider_sweep("at_10", ["overtime", "callbacks", "both", "none"] * 5)),
    ]


def time_interaction(interaction: Interaction) -> dict:
    """Run one interaction, timing each change until its new output exists."""
    widget = interaction.build()
    timings_ms: list[float] = []
    steps = interaction.run(widget)
    while True:
        start = time.perf_counter()
        try:
            next(steps)
        except StopIteration:
            break
        timings_ms.append((time.perf_counter() - start) * 1000)
    quantiles = statistics.quantiles(timings_ms, n=100, method="inclusive")
    return {"notebook": interaction.notebook, "interaction": interaction.name,
            "changes": len(timings_ms), "p50_ms": round(quantiles[49], 2),
            "p95_ms": round(quantiles[94], 2)}


def time_required_agents_for_a_day(repeats: int = 200) -> dict:
    """``required_agents`` for the 48 half-hours of the plan's busiest day, repeated."""
    import numpy as np

    from csmlib.analysis import staffing
    from csmlib.data import load

    plan = load("interval_plan")
    phone = plan[plan["channel"] == "phone"]
    day = phone["interval_start"].dt.normalize()
    busiest = phone.groupby(day)["forecast_contacts"].sum().idxmax()
    rows = phone[day == busiest]
    contacts = np.zeros(48)
    slots = (rows["interval_start"].dt.hour * 2 + rows["interval_start"].dt.minute // 30)
    contacts[slots.to_numpy()] = rows["forecast_contacts"].to_numpy()
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        staffing.required_agents(contacts, 330, 0.8, 20)
        timings.append((time.perf_counter() - start) * 1000)
    quantiles = statistics.quantiles(timings, n=100, method="inclusive")
    return {"runs": repeats, "p50_ms": round(quantiles[49], 3), "p95_ms": round(quantiles[94], 3)}


def time_notebook(path: Path, repeats: int) -> dict:
    """Execute a notebook headless ``repeats`` times; median wall time and peak memory."""
    walls, peaks = [], []
    for _ in range(repeats):
        notebook = nbformat.read(path, as_version=4)
        notebook.cells.append(nbformat.v4.new_code_cell(_PEAK_MEMORY_CELL))
        client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        client.execute()
        walls.append(time.perf_counter() - start)
        peaks.append(float(notebook.cells[-1].outputs[0]["text"].strip()))
    return {"notebook": path.name, "runs": repeats, "wall_s": round(statistics.median(walls), 2),
            "peak_kernel_mb": round(max(peaks), 1)}


def _mark(value: float, budget: float) -> str:
    return "ok" if value <= budget else "OVER"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per notebook (median)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "latest.json"))
    parser.add_argument("--notebooks", nargs="*", help="only these notebook files")
    args = parser.parse_args(argv)

    # Benchmarks must never touch a real portfolio, and worked answers are checked strictly.
    scratch = tempfile.mkdtemp(prefix="csm-bench-")
    os.environ["CSMLIB_PORTFOLIO"] = str(Path(scratch) / "portfolio.sqlite")
    os.environ["CSMLIB_STRICT"] = "1"

    paths = ([Path(p) for p in args.notebooks] if args.notebooks
             else sorted((ROOT / "notebooks").glob("*.ipynb")))
    notebook_rows = [time_notebook(path, args.repeats) for path in paths]
    interaction_rows = [time_interaction(item) for item in interactions()]
    staffing_row = time_required_agents_for_a_day()

    print(f"\nNotebooks (budget: {NOTEBOOK_BUDGET_S:.0f} s, {MEMORY_BUDGET_MB:.0f} MB peak)")
    print(f"{'notebook':<34}{'wall s':>8}{'peak MB':>9}  status")
    for row in notebook_rows:
        status = "ok" if (_mark(row["wall_s"], NOTEBOOK_BUDGET_S) == "ok" and
                          _mark(row["peak_kernel_mb"], MEMORY_BUDGET_MB) == "ok") else "OVER"
        print(f"{row['notebook']:<34}{row['wall_s']:>8.2f}{row['peak_kernel_mb']:>9.1f}  {status}")
    print(f"\nWidget interactions (budget: p95 <= {INTERACTION_BUDGET_MS:.0f} ms)")
    print(f"{'nb':<4}{'interaction':<44}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}  status")
    for row in interaction_rows:
        print(f"{row['notebook']:<4}{row['interaction']:<44}{row['changes']:>5}"
              f"{row['p50_ms']:>9.2f}{row['p95_ms']:>9.2f}  "
              f"{_mark(row['p95_ms'], INTERACTION_BUDGET_MS)}")

    print(f"\nrequired_agents for all 48 half-hours of a day: p50 {staffing_row['p50_ms']:.2f} "
          f"ms, p95 {staffing_row['p95_ms']:.2f} ms (budget 10 ms)")

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count()},
        "budgets": {"notebook_wall_s": NOTEBOOK_BUDGET_S, "peak_kernel_mb": MEMORY_BUDGET_MB,
                    "interaction_p95_ms": INTERACTION_BUDGET_MS},
        "notebooks": notebook_rows, "interactions": interaction_rows,
        "required_agents_48_intervals": staffing_row,
    }, indent=2), encoding="utf-8")
    print(f"\nFigures written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
