"""Measure the course against its performance budgets (brief section 6).

    python3 tasks.py bench            # or: make bench
    python benchmarks/run_benchmarks.py --repeats 3 --out benchmarks/results/latest.json
    python benchmarks/run_benchmarks.py --notebooks notebooks/03_performance_and_feedback.ipynb
    python benchmarks/run_benchmarks.py --profile     # also: import times, per-cell costs

For every notebook: the WHOLE-PROCESS time of a learner's "Run All", measured as
``jupyter nbconvert --to notebook --execute --output <tmp> <notebook>`` in a fresh process
(interpreter start, nbconvert, kernel start, every cell, kernel shutdown), beside the same
measure for an EMPTY notebook (one code cell ``pass``, same kernel) in the same run: the
*floor*, the cost a notebook cannot avoid. The budget is on the ratio notebook / floor
(<= 2.5x), so it means the same on a fast and on a slow machine. Runs are interleaved
(floor, notebook 1, notebook 2, ..., then again) so drift in machine load hits every row
alike; one unrecorded warm-up round comes first; the median of ``--repeats`` runs is
reported.

Peak kernel memory: the resident set size (RSS) of the kernel process (the
``ipykernel_launcher`` child of nbconvert), sampled from outside every 10 ms with psutil
(or by polling ``/proc`` if psutil is missing) and, on Linux, also read from the kernel's
own high-water mark (``VmHWM`` in ``/proc/<pid>/status``) so a short spike between samples
still counts. Budget: <= 300 MB; the largest of the runs is reported.

For every registered widget interaction: a control's value is changed programmatically and
the time until the new output exists is recorded; p50 and p95 are reported.

``--profile`` adds where a notebook's time goes: ``python -X importtime`` of each lesson
module (the slowest imports by cumulative time) and every code cell timed (nbclient, one
fresh kernel per notebook) with the kernel's RSS after the cell and its peak during it.

Every run uses the test suite's environment (``tests/conftest.py``): a scratch portfolio,
organisation choice file and data cache, ``CSMLIB_STRICT=1``, so a learner's files are
never touched. Prints markdown tables and writes the figures to JSON.

This is a measurement, not a test: it never fails because a budget is missed; it marks the
row instead (a notebook that fails to execute is reported with its error and the others are
still measured). Linux/macOS only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat

try:  # psutil is optional: without it the kernel is found and sampled through /proc
    import psutil
except ImportError:  # pragma: no cover - depends on the environment
    psutil = None

ROOT = Path(__file__).resolve().parents[1]
RATIO_BUDGET = 2.5
MEMORY_BUDGET_MB = 300.0
INTERACTION_BUDGET_MS = 50.0  # brief §6: a widget interaction <= 50 ms at p95
SAMPLE_EVERY_S = 0.01
FLOOR_NAME = "(empty notebook: floor)"
LESSON_MODULES = ("csmlib.lessons.start_here", "csmlib.lessons.planning",
                  "csmlib.lessons.performance", "csmlib.lessons.complaints",
                  "csmlib.lessons.people", "csmlib.lessons.improvement",
                  "csmlib.lessons.strategy", "csmlib.lessons.workplace")


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


def _triage_checks(widget) -> Iterator[None]:
    """Fill every answer (a different guess each round), then press Check my triage."""
    menus = {name: control for name, control in widget.controls.items() if name != "check"}
    for round_ in range(20):
        for menu in menus.values():
            options = [value for _, value in menu.options if value != ""]
            menu.value = options[round_ % len(options)]
        widget.result.value = ""
        widget.controls["check"].click()
        if "agree" not in widget.result.value.lower():
            raise RuntimeError("checking the triage produced no feedback")
        yield


def _scenario_replies(widget) -> Iterator[None]:
    """Play every reply in turn, starting again whenever the conversation ends."""
    for step in range(30):
        if widget.path.ended:
            widget.restart()
        before = widget.result.value
        widget.reply_buttons[step % 3].click()
        if widget.result.value == before or widget.message.value:
            raise RuntimeError("a reply did not move the conversation on")
        yield


def _grow_agents(widget) -> Iterator[None]:
    agents = [value for _, value in widget.controls["agent"].options]
    yield from _choice_sweep("agent", [*agents[1:11], agents[0]] * 2)(widget)


def _redactor_texts(widget) -> Iterator[None]:
    texts = ["Please call Mrs Jane Fielding on 07700 900123 about account 12345678.",
             "My postcode is SW1A 1AA and my email is jane.fielding@example.com.",
             "I was born on 3 March 1961 and live at 14 Mill Lane.",
             "The bill was wrong again and nobody called me back."] * 8
    yield from _slider_sweep("text", texts)(widget)


def _pdca_cycles(widget) -> Iterator[None]:
    """Plan, Do, then Act, cycle after cycle (a fresh project every eight cycles)."""
    changes = [key for _title, key in widget.controls["change"].options]
    for n in range(24):
        if n and n % 8 == 0:
            widget.project = None  # a project holds at most eight cycles
        widget.controls["change"].value = changes[n % len(changes)]
        widget.controls["plan"].value = ("Agents confirm the fix with every customer before "
                                         "closing.")
        before = widget.check_text.value
        widget.do()
        if widget.check_text.value == before:
            raise RuntimeError("Do did not show a new check")
        yield
        widget.controls["decision"].value = ("adopt", "adapt", "abandon")[n % 3]
        widget.controls["next_step"].value = ("Keep watching the chart every week and plan "
                                              "the next cycle.")
        widget.log_cycle()
        yield


def _journey_levers(widget) -> Iterator[None]:
    for value in [v for _ in range(8) for v in (20, 50, 0, 80)]:
        before = widget.effect_html.value
        widget.controls["transfer_cut"].value = value
        if widget.effect_html.value == before:
            raise RuntimeError("moving a lever did not change the estimate")
        yield


def _team_charts(widget) -> Iterator[None]:
    teams = list(widget.controls["team"].options)
    for n in range(30):
        before = widget.result.value
        widget.controls["team"].value = teams[(n + 1) % len(teams)]
        if widget.result.value == before and len(teams) > 1:
            raise RuntimeError("switching team did not change the verdict")
        yield


def _tree_edits(widget) -> Iterator[None]:
    targets = ["≥ 70%", "≥ 80%", "≥ 75%"]
    for n in range(30):
        before = widget.result.value
        widget.rows[n % len(widget.rows)].inputs["target"].value = targets[n % 3] + " " * (n % 2)
        yield
        if widget.result.value is None or before is None:
            raise RuntimeError("the tree check produced nothing")


def _card_checks(widget) -> Iterator[None]:
    for _ in range(8):
        widget.controls["choice"].index = 0
        before = widget.result.value
        widget.check()
        if widget.result.value == before:
            raise RuntimeError("checking a decision showed no feedback")
        yield
        widget.go(1)


def _sample_switches(widget) -> Iterator[None]:
    """Switch the import wizard between the sample exports (each switch reads the file's
    first rows and suggests the mapping)."""
    names = list(widget.controls["sample"].options)
    for n in range(15):
        before = widget.preview_html.value
        widget.controls["sample"].value = names[(n + 1) % len(names)]
        if widget.preview_html.value == before:
            raise RuntimeError("switching sample did not change the preview")
        yield


def _wizard_imports(widget) -> Iterator[None]:
    """Import and anonymise each sample export in turn."""
    names = list(widget.controls["sample"].options)
    widget.key_folder = Path(tempfile.mkdtemp(prefix="csm-bench-key-"))  # not the repo
    for n in range(6):
        widget.controls["sample"].value = names[n % len(names)]
        widget.run_import()
        if widget.data is None:
            raise RuntimeError("the import produced no data")
        yield


def interactions() -> list[Interaction]:
    """Every interaction to time. Add new notebooks' widgets here."""
    from csmlib.lessons import (
        complaints,
        improvement,
        people,
        performance,
        planning,
        start_here,
        strategy,
        workplace,
    )

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
                    _choice_sweep("phone", [*planning.standards.PHONE_STANDARDS] * 8)),
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
                    _slider_sweep("channel", ["chat", "email", "social", "(all)", "phone"] * 4)),
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
        Interaction("04", "triage: Check my triage", complaints.triage_exercise,
                    _triage_checks),
        Interaction("04", "complaint reader: switch category", complaints.complaint_reader,
                    lambda widget: _choice_sweep("category", [
                        *widget.controls["category"].options[1:],
                        widget.controls["category"].options[0]] * 3)(widget)),
        Interaction("04", "de-escalation: reply", complaints.deescalation_scenario,
                    _scenario_replies),
        Interaction("04", "redactor: new text", complaints.redactor, _redactor_texts),
        Interaction("05", "shortlist: empathy weight", people.shortlist_explorer,
                    _slider_sweep("empathy", [v for _ in range(6) for v in (2.0, 0.5, 3.0, 1.0)],
                                  require_change=False)),
        Interaction("05", "shortlist: cut-off", people.shortlist_explorer,
                    _slider_sweep("cut_off", [v for _ in range(6) for v in (3.0, 4.0, 2.5, 3.5)],
                                  require_change=False)),
        Interaction("05", "GROW plan: choose agent", people.grow_plan, _grow_agents),
        Interaction("05", "conflict: reply", people.conflict_scenario, _scenario_replies),
        Interaction("01", "churn explorer: group customers by",
                    strategy.churn_explorer,
                    _choice_sweep("by", ["nps_group", "complaint_outcome", "worst_wait",
                                         "unresolved", "csat_band"] * 6)),
        Interaction("01", "FCR what-if: lift slider", strategy.fcr_what_if,
                    _slider_sweep("lift", [v for _ in range(8) for v in (10, 2, 15, 5)])),
        Interaction("01", "KPI tree: edit a target (live check)", strategy.kpi_tree,
                    _tree_edits),
        Interaction("01", "decision cards: Check", strategy.decision_cards, _card_checks),
        Interaction("06", "control chart: switch team", improvement.team_chart, _team_charts),
        Interaction("06", "PDCA simulator: Do, then Act (log saved)", improvement.pdca,
                    _pdca_cycles),
        Interaction("06", "journey: transfers-avoided lever", improvement.journey,
                    _journey_levers),
        Interaction("07", "import wizard: switch sample (preview + mapping)",
                    workplace.import_wizard, _sample_switches),
        Interaction("07", "import wizard: import and anonymise a sample",
                    workplace.import_wizard, _wizard_imports),
        Interaction("07", "control chart of your data: switch measure",
                    workplace.my_control_chart,
                    lambda widget: _choice_sweep("measure", [
                        key for _label, key in [*widget.controls["measure"].options[1:],
                                                widget.controls["measure"].options[0]]] * 5
                    )(widget)),
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


# ------------------------------------------------------------------ environment
def bench_environment(scratch: Path) -> dict[str, str]:
    """The test suite's settings (tests/conftest.py): nothing of a learner's is touched."""
    env = dict(os.environ)
    env["CSMLIB_PORTFOLIO"] = str(scratch / "portfolio.sqlite")
    env["CSMLIB_STRICT"] = "1"
    env["CSMLIB_ORGANISATION_FILE"] = str(scratch / "my_organisation.json")
    env["CSMLIB_CACHE"] = str(scratch / "cache")
    env.pop("CSMLIB_DATA_DIR", None)
    return env


def _jupyter_command() -> list[str]:
    """``jupyter`` next to this interpreter (the venv's), else ``python -m jupyter``."""
    beside = Path(sys.executable).with_name("jupyter")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "jupyter"]


def write_floor_notebook(folder: Path, like: Path | None) -> Path:
    """An empty notebook (one ``pass`` cell) with the same kernel as the course notebooks."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell("pass"))
    kernelspec = {"display_name": "Python 3 (ipykernel)", "language": "python",
                  "name": "python3"}
    if like is not None:
        kernelspec = nbformat.read(like, as_version=4).metadata.get("kernelspec", kernelspec)
    notebook.metadata["kernelspec"] = kernelspec
    path = folder / "floor_empty.ipynb"
    nbformat.write(notebook, path)
    return path


# ------------------------------------------------------------- kernel memory
def _proc_children(pid: int) -> list[int]:
    """Direct children of ``pid`` from /proc (the fallback when psutil is missing)."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command name may hold spaces or brackets: the ppid follows the last ')'
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            children.append(int(entry.name))
    return children


def _cmdline(pid: int) -> str:
    if psutil is not None:
        try:
            return " ".join(psutil.Process(pid).cmdline())
        except (psutil.Error, OSError):
            return ""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _descendants(pid: int) -> list[int]:
    if psutil is not None:
        try:
            return [child.pid for child in psutil.Process(pid).children(recursive=True)]
        except psutil.Error:
            return []
    found, todo = [], [pid]
    while todo:
        for child in _proc_children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def _status_kb(pid: int, field: str) -> float | None:
    """A ``kB`` field of /proc/<pid>/status (``VmRSS``, ``VmHWM``); None where unavailable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return float(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _rss_mb(pid: int) -> float | None:
    if psutil is not None:
        try:
            return psutil.Process(pid).memory_info().rss / 2**20
        except psutil.Error:
            return None
    kb = _status_kb(pid, "VmRSS")
    return None if kb is None else kb / 1024


class KernelSampler(threading.Thread):
    """Samples the RSS of the kernel process (found below ``parent``, or given) until stopped.

    ``peak_mb`` is the largest of the samples and the kernel's own high-water mark
    (``VmHWM``); ``current_mb`` is the latest sample; ``mark()`` starts a new segment whose
    peak is ``segment_peak_mb`` (used to find each cell's peak).
    """

    def __init__(self, parent: int | None = None, kernel: int | None = None) -> None:
        super().__init__(daemon=True)
        self.parent, self.kernel = parent, kernel
        self.peak_mb = 0.0
        self.current_mb = 0.0
        self.segment_peak_mb = 0.0
        self.samples = 0
        self._halt = threading.Event()

    def _find_kernel(self) -> int | None:
        for pid in _descendants(self.parent) if self.parent else []:
            if "ipykernel_launcher" in _cmdline(pid) or "ipykernel" in _cmdline(pid):
                return pid
        return None

    def mark(self) -> None:
        self.segment_peak_mb = self.current_mb

    def run(self) -> None:
        while not self._halt.is_set():
            if self.kernel is None:
                self.kernel = self._find_kernel()
            if self.kernel is not None:
                rss = _rss_mb(self.kernel)
                hwm = _status_kb(self.kernel, "VmHWM")
                if rss is not None:
                    self.samples += 1
                    self.current_mb = rss
                    self.segment_peak_mb = max(self.segment_peak_mb, rss)
                    self.peak_mb = max(self.peak_mb, rss)
                if hwm is not None:
                    self.peak_mb = max(self.peak_mb, hwm / 1024)
            self._halt.wait(SAMPLE_EVERY_S)

    def stop(self) -> None:
        self._halt.set()
        self.join()


# ------------------------------------------------------- whole-process runs
def run_whole_process(path: Path, out_dir: Path, env: dict[str, str]) -> dict:
    """One ``jupyter nbconvert --execute`` of ``path`` in a fresh process: wall s, peak MB."""
    command = [*_jupyter_command(), "nbconvert", "--to", "notebook", "--execute",
               "--ExecutePreprocessor.timeout=600", "--output-dir", str(out_dir),
               "--output", f"{path.stem}.executed", str(path)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    sampler = KernelSampler(parent=process.pid)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - start
    sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds of nbconvert and its kernel: less disturbed by a busy machine than wall time
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result = {"wall_s": wall, "cpu_s": cpu, "peak_mb": sampler.peak_mb or None,
              "samples": sampler.samples}
    if process.returncode != 0:
        result["error"] = _error_text(stderr)
    return result


def _error_text(stderr: str) -> str:
    """The useful end of nbconvert's error output (the failing cell's exception)."""
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    for index, line in enumerate(lines):
        if "CellExecutionError" in line or line.startswith("An error occurred"):
            return "\n".join(lines[index:])[-3000:]
    return "\n".join(lines[-25:])


def time_notebooks_whole_process(paths: list[Path], repeats: int, warmup: int,
                                 env: dict[str, str], scratch: Path) -> dict:
    """The floor and every notebook, interleaved; medians, ratios and peaks."""
    floor = write_floor_notebook(scratch, paths[0] if paths else None)
    targets = [("floor", floor)] + [(path.name, path) for path in paths]
    out_dir = scratch / "executed"
    out_dir.mkdir(exist_ok=True)
    runs: dict[str, list[dict]] = {name: [] for name, _ in targets}
    for round_ in range(warmup + repeats):
        for name, path in targets:
            if runs[name] and "error" in runs[name][-1]:
                continue  # a notebook that fails once is reported, not retried
            result = run_whole_process(path, out_dir, env)
            label = "warm-up" if round_ < warmup else f"run {round_ - warmup + 1}"
            print(f"  {label:<8} {name:<38} {result['wall_s']:6.2f} s  "
                  f"cpu {result['cpu_s']:6.2f} s  "
                  f"peak {result['peak_mb'] or 0:6.1f} MB"
                  + ("  FAILED" if "error" in result else ""), flush=True)
            if round_ >= warmup or "error" in result:
                runs[name].append(result)

    def summary(name: str) -> dict:
        done = runs[name]
        good = [run for run in done if "error" not in run]
        row = {"notebook": FLOOR_NAME if name == "floor" else name, "runs": len(good),
               "wall_s_runs": [round(run["wall_s"], 2) for run in good]}
        if good:
            row["wall_s"] = round(statistics.median(run["wall_s"] for run in good), 2)
            row["cpu_s"] = round(statistics.median(run["cpu_s"] for run in good), 2)
            peaks = [run["peak_mb"] for run in good if run["peak_mb"]]
            row["peak_kernel_mb"] = round(max(peaks), 1) if peaks else None
        if len(good) < len(done) or not good:
            row["error"] = next(run["error"] for run in done if "error" in run)
        return row

    floor_row = summary("floor")
    rows = []
    for name, _ in targets[1:]:
        row = summary(name)
        if "wall_s" in row and floor_row.get("wall_s"):
            row["ratio_to_floor"] = round(row["wall_s"] / floor_row["wall_s"], 2)
            row["cpu_ratio_to_floor"] = round(row["cpu_s"] / floor_row["cpu_s"], 2)
            row["status"] = ("ok" if row["ratio_to_floor"] <= RATIO_BUDGET
                             and (row["peak_kernel_mb"] or 0) <= MEMORY_BUDGET_MB else "OVER")
        else:
            row["status"] = "FAILED"
        rows.append(row)
    return {"method": "jupyter nbconvert --to notebook --execute, fresh process per run; "
                      f"median of {repeats} after {warmup} warm-up round(s), interleaved",
            "memory_method": ("kernel RSS sampled every "
                              f"{SAMPLE_EVERY_S * 1000:.0f} ms with "
                              f"{'psutil' if psutil else '/proc polling'}, and VmHWM"),
            "floor": floor_row, "notebooks": rows}


def notebook_table(result: dict) -> str:
    floor = result["floor"]
    lines = [f"| notebook | Run All s (median) | floor s | ratio (<= {RATIO_BUDGET}x) "
             f"| peak kernel MB (<= {MEMORY_BUDGET_MB:.0f}) | status | CPU s | CPU ratio |",
             "|---|---:|---:|---:|---:|---|---:|---:|",
             f"| {FLOOR_NAME} | {floor.get('wall_s', float('nan')):.2f} | "
             f"{floor.get('wall_s', float('nan')):.2f} | 1.00 | "
             f"{floor.get('peak_kernel_mb') or 0:.1f} | floor | "
             f"{floor.get('cpu_s', float('nan')):.2f} | 1.00 |"]
    for row in result["notebooks"]:
        if "wall_s" not in row:
            lines.append(f"| {row['notebook']} | failed | {floor.get('wall_s', 0):.2f} | - | - "
                         "| FAILED | - | - |")
            continue
        lines.append(f"| {row['notebook']} | {row['wall_s']:.2f} | {floor.get('wall_s', 0):.2f}"
                     f" | {row.get('ratio_to_floor', float('nan')):.2f} | "
                     f"{row['peak_kernel_mb'] or 0:.1f} | {row['status']} | "
                     f"{row['cpu_s']:.2f} | {row.get('cpu_ratio_to_floor', float('nan')):.2f} |")
    return "\n".join(lines)


# ------------------------------------------------------------------- profile
_IMPORTTIME = re.compile(r"import time:\s+(\d+)\s*\|\s*(\d+)\s*\|(\s*)(\S+)")


def profile_imports(module: str, env: dict[str, str], top: int = 10) -> dict:
    """``python -X importtime -c 'import module'``: the slowest imports, cumulative and self."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                          env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    rows = []
    for line in done.stderr.splitlines():
        match = _IMPORTTIME.match(line)
        if match:
            rows.append({"module": match.group(4), "self_us": int(match.group(1)),
                         "cumulative_us": int(match.group(2)),
                         "depth": len(match.group(3)) // 2})
    top_level = [row for row in rows if row["depth"] == 0]
    return {"module": module, "process_wall_s": round(wall, 2),
            "total_import_us": sum(row["cumulative_us"] for row in top_level),
            "top_cumulative": sorted(rows, key=lambda r: -r["cumulative_us"])[:top],
            "top_self": sorted(rows, key=lambda r: -r["self_us"])[:top],
            "top_level": sorted(top_level, key=lambda r: -r["cumulative_us"])[:top],
            "error": done.stderr.strip().splitlines()[-1] if done.returncode else None}


def profile_cells(path: Path, env: dict[str, str]) -> dict:
    """Every code cell of ``path`` timed in one fresh kernel, with the kernel's RSS."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    cells: list[dict] = []
    state: dict = {}
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)  # the kernel inherits the bench environment
    try:
        def on_start(**_):
            pid = client.km.provisioner.process.pid
            state["sampler"] = KernelSampler(kernel=pid)
            state["sampler"].start()
            time.sleep(SAMPLE_EVERY_S * 3)
            state["baseline_mb"] = round(_rss_mb(pid) or 0, 1)

        def on_execute(cell, cell_index, **_):
            state["sampler"].mark()
            state["t0"] = time.perf_counter()

        def on_executed(cell, cell_index, **_):
            seconds = time.perf_counter() - state["t0"]
            sampler = state["sampler"]
            rss = _rss_mb(sampler.kernel) or 0
            cells.append({"cell": cell_index, "seconds": round(seconds, 3),
                          "rss_after_mb": round(rss, 1),
                          "peak_during_mb": round(max(sampler.segment_peak_mb, rss), 1),
                          "source": cell.source.strip().splitlines()[0][:80]
                          if cell.source.strip() else ""})

        client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}},
                                on_notebook_start=on_start, on_cell_execute=on_execute,
                                on_cell_executed=on_executed)
        error = None
        start = time.perf_counter()
        try:
            client.execute()
        except CellExecutionError as failure:
            error = str(failure)[-3000:]
        wall = time.perf_counter() - start
    finally:
        os.environ.clear()
        os.environ.update(saved)
        if "sampler" in state:
            state["sampler"].stop()
    previous = state.get("baseline_mb", 0.0)
    for row in cells:
        row["rss_delta_mb"] = round(row["rss_after_mb"] - previous, 1)
        previous = row["rss_after_mb"]
    return {"notebook": path.name, "wall_s_in_process": round(wall, 2),
            "cells_s_total": round(sum(row["seconds"] for row in cells), 2),
            "kernel_rss_at_start_mb": state.get("baseline_mb"),
            "kernel_peak_mb": round(state["sampler"].peak_mb, 1) if "sampler" in state else None,
            "cells": cells, "slowest": sorted(cells, key=lambda r: -r["seconds"])[:5],
            "error": error}


def print_profile(imports: list[dict], cells: list[dict]) -> None:
    for result in imports:
        print(f"\n`python -X importtime -c 'import {result['module']}'`: process "
              f"{result['process_wall_s']:.2f} s, imports {result['total_import_us'] / 1e6:.2f} s"
              + (f"  ERROR: {result['error']}" if result["error"] else ""))
        print("\n| module | cumulative ms | self ms |\n|---|---:|---:|")
        for row in result["top_cumulative"]:
            print(f"| {row['module']} | {row['cumulative_us'] / 1000:.1f} | "
                  f"{row['self_us'] / 1000:.1f} |")
        print("\nslowest by self time: " + ", ".join(
            f"{row['module']} {row['self_us'] / 1000:.0f} ms" for row in result["top_self"]))
    for result in cells:
        print(f"\n{result['notebook']}: cells {result['cells_s_total']:.2f} s "
              f"(in-process run {result['wall_s_in_process']:.2f} s), kernel RSS at start "
              f"{result['kernel_rss_at_start_mb']} MB, peak {result['kernel_peak_mb']} MB"
              + (f"\n  FAILED: {result['error'][-600:]}" if result["error"] else ""))
        print("\n| cell | s | RSS after MB | change MB | peak during MB | first line |\n"
              "|---:|---:|---:|---:|---:|---|")
        for row in result["slowest"]:
            print(f"| {row['cell']} | {row['seconds']:.2f} | {row['rss_after_mb']:.1f} | "
                  f"{row['rss_delta_mb']:+.1f} | {row['peak_during_mb']:.1f} | "
                  f"`{row['source']}` |")


def _mark(value: float, budget: float) -> str:
    return "ok" if value <= budget else "OVER"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per notebook (median)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="unrecorded rounds before the measured ones")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "latest.json"))
    parser.add_argument("--notebooks", nargs="*", help="only these notebook files")
    parser.add_argument("--profile", action="store_true",
                        help="also profile imports (-X importtime) and every cell")
    parser.add_argument("--skip-interactions", action="store_true",
                        help="only the notebook table (and the profile)")
    args = parser.parse_args(argv)

    # Benchmarks must never touch a learner's files; worked answers are checked strictly.
    scratch = Path(tempfile.mkdtemp(prefix="csm-bench-"))
    env = bench_environment(scratch)
    os.environ.update({k: env[k] for k in ("CSMLIB_PORTFOLIO", "CSMLIB_STRICT",
                                           "CSMLIB_ORGANISATION_FILE", "CSMLIB_CACHE")})
    os.environ.pop("CSMLIB_DATA_DIR", None)

    paths = ([Path(p).resolve() for p in args.notebooks] if args.notebooks
             else sorted((ROOT / "notebooks").glob("*.ipynb")))
    try:
        print("Run All, whole process (jupyter nbconvert --execute):", flush=True)
        notebook_result = time_notebooks_whole_process(paths, args.repeats, args.warmup, env,
                                                       scratch)
        imports, cells = [], []
        if args.profile:
            imports = [profile_imports(module, env) for module in LESSON_MODULES]
            cells = [profile_cells(path, env) for path in paths]
        interaction_rows, staffing_row, interaction_error = [], None, None
        if not args.skip_interactions:
            try:
                interaction_rows = [time_interaction(item) for item in interactions()]
                staffing_row = time_required_agents_for_a_day()
            except Exception as error:  # the library is being changed: report, don't crash
                interaction_error = f"{type(error).__name__}: {error}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"\n### Notebooks: whole-process Run All (budget: <= {RATIO_BUDGET}x the floor, "
          f"<= {MEMORY_BUDGET_MB:.0f} MB kernel peak)\n")
    print(notebook_table(notebook_result))
    for row in notebook_result["notebooks"]:
        if "error" in row:
            print(f"\n{row['notebook']} failed to execute:\n{row['error']}")
    if args.profile:
        print("\n### Where the time goes")
        print_profile(imports, cells)
    if interaction_rows:
        print(f"\n### Widget interactions (budget: p95 <= {INTERACTION_BUDGET_MS:.0f} ms)\n")
        print("| nb | interaction | n | p50 ms | p95 ms | status |\n|---|---|---:|---:|---:|---|")
        for row in interaction_rows:
            print(f"| {row['notebook']} | {row['interaction']} | {row['changes']} | "
                  f"{row['p50_ms']:.2f} | {row['p95_ms']:.2f} | "
                  f"{_mark(row['p95_ms'], INTERACTION_BUDGET_MS)} |")
    if staffing_row:
        print(f"\nrequired_agents for all 48 half-hours of a day: p50 "
              f"{staffing_row['p50_ms']:.2f} ms, p95 {staffing_row['p95_ms']:.2f} ms "
              "(budget 10 ms)")
    if interaction_error:
        print(f"\nWidget interactions not measured: {interaction_error}")

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count(), "psutil": getattr(psutil, "__version__", None)},
        "budgets": {"ratio_to_floor": RATIO_BUDGET, "peak_kernel_mb": MEMORY_BUDGET_MB,
                    "interaction_p95_ms": INTERACTION_BUDGET_MS},
        "run_all": notebook_result,
        "notebooks": notebook_result["notebooks"],
        "profile": {"imports": imports, "cells": cells} if args.profile else None,
        "interactions": interaction_rows, "interaction_error": interaction_error,
        "required_agents_48_intervals": staffing_row,
    }, indent=2), encoding="utf-8")
    print(f"\nFigures written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
