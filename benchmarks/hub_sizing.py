"""What one learner costs a JupyterHub, measured: memory and CPU, and what that means for 30
and for 300 learners.

    .venv/bin/python benchmarks/hub_sizing.py            # every notebook, once
    .venv/bin/python benchmarks/hub_sizing.py --repeats 2 --notebooks notebooks/06_*.ipynb

Measured here:

* the learner's own JupyterLab server (what a hub spawns per learner): its resident memory
  (RSS) once started and idle, with its child processes;
* each notebook's kernel during a Run All (nbclient, a fresh kernel, the test suite's
  scratch settings so no learner file is touched): peak RSS, sampled every 20 ms with
  psutil, and the kernel process's CPU seconds (user + system), read from psutil until it
  exits.

Worked out from them (course assumptions, stated in the output):

* memory per learner: the server plus the heaviest notebook's kernel (guarantee), and the
  server plus two kernels (limit: learners often leave the previous notebook running);
* CPU at the busiest moment: everyone starts the heaviest notebook within the same two
  minutes (the start of a workshop section): learners × kernel CPU seconds ÷ 120 s;
* CPU on average over a workshop: each learner runs each notebook twice over its stated
  time, plus a widget interaction every 15 seconds at the benchmark's measured p50 (taken
  from ``benchmarks/results/latest.json`` when present, else 20 ms).

The hub itself (JupyterHub, its proxy and database) is not measured here: allow about 1 GB
and one core for it. This is a measurement, not a test; it prints a table and writes
``benchmarks/results/hub_sizing.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from lab_server import start_lab  # noqa: E402
from run_benchmarks import bench_environment  # noqa: E402

SAMPLE_EVERY_S = 0.02
#: everyone starts the same notebook within this many seconds
PEAK_WINDOW_S = 120
#: a learner runs each notebook this many times over its stated time
RUNS_PER_SESSION = 2
#: a learner moves a control this often (seconds between interactions)
INTERACTION_EVERY_S = 15
COHORTS = (30, 300)


class KernelWatch(threading.Thread):
    """Samples one process's RSS (peak) and CPU seconds until it exits or is stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak_mb = 0.0
        self.cpu_s = 0.0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                with self.process.oneshot():
                    self.peak_mb = max(self.peak_mb, self.process.memory_info().rss / 2**20)
                    times = self.process.cpu_times()
                    self.cpu_s = times.user + times.system
            except psutil.Error:
                return
            time.sleep(SAMPLE_EVERY_S)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=2)


def run_notebook(path: Path, env: dict[str, str]) -> dict:
    """Run All of one notebook in a fresh kernel: wall s, kernel CPU s, kernel peak MB."""
    import os

    notebook = nbformat.read(path, as_version=4)
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        client = NotebookClient(notebook, timeout=900, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        started = time.perf_counter()
        with client.setup_kernel():
            watch = KernelWatch(client.km.provisioner.process.pid)
            watch.start()
            for index, cell in enumerate(notebook.cells):
                client.execute_cell(cell, index)
            time.sleep(SAMPLE_EVERY_S * 3)
            watch.stop()
        wall = time.perf_counter() - started
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {"wall_s": round(wall, 2), "kernel_cpu_s": round(watch.cpu_s, 2),
            "kernel_peak_mb": round(watch.peak_mb, 1)}


def server_memory(env: dict[str, str], scratch: Path) -> float:
    """RSS of an idle single-user JupyterLab server with its children, in MB."""
    root = scratch / "lab-root"
    root.mkdir()
    server = start_lab(root_dir=root, work_dir=scratch / "lab-work", extra_env=env)
    try:
        time.sleep(5)  # let it settle after start
        process = psutil.Process(server.process.pid)
        samples = []
        for _ in range(10):
            family = [process, *process.children(recursive=True)]
            samples.append(sum(p.memory_info().rss for p in family) / 2**20)
            time.sleep(0.2)
        return round(statistics.median(samples), 1)
    finally:
        server.stop()


def interaction_p50_ms() -> float:
    """The median of the benchmark's widget interactions (p50s), or 20 ms without one."""
    latest = ROOT / "benchmarks" / "results" / "latest.json"
    try:
        rows = json.loads(latest.read_text())["interactions"]
        return round(statistics.median(row["p50_ms"] for row in rows if "p50_ms" in row), 1)
    except (OSError, ValueError, KeyError, TypeError, statistics.StatisticsError):
        return 20.0


def stated_minutes(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    found = re.search(r"\*\*Time:\*\* about (\d+) minutes", text)
    return int(found.group(1)) if found else 90


def sizing(server_mb: float, rows: list[dict], p50_ms: float) -> list[dict]:
    """The hub sizing table, one row per cohort size."""
    heaviest_mb = max(row["kernel_peak_mb"] for row in rows)
    heaviest_cpu = max(row["kernel_cpu_s"] for row in rows)
    guarantee = server_mb + heaviest_mb
    limit = server_mb + 2 * heaviest_mb
    average_cores = statistics.mean(
        (RUNS_PER_SESSION * row["kernel_cpu_s"]) / (row["minutes"] * 60)
        + (p50_ms / 1000) / INTERACTION_EVERY_S for row in rows)
    table = []
    for learners in COHORTS:
        table.append({
            "learners": learners,
            "memory_guarantee_gb": round(learners * guarantee / 1024, 1),
            "memory_limit_gb": round(learners * limit / 1024, 1),
            "cores_peak": math.ceil(learners * heaviest_cpu / PEAK_WINDOW_S),
            "cores_average": round(learners * average_cores, 1),
        })
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebooks", nargs="*", type=Path,
                        default=sorted((ROOT / "notebooks").glob("*.ipynb")))
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--out", type=Path,
                        default=ROOT / "benchmarks" / "results" / "hub_sizing.json")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="hub-sizing-"))
    env = bench_environment(scratch)
    server_mb = server_memory(env, scratch)
    print(f"single-user JupyterLab server, idle: {server_mb:.0f} MB", flush=True)
    rows = []
    for path in args.notebooks:
        runs = [run_notebook(path, env) for _ in range(args.repeats)]
        row = {"notebook": path.name, "minutes": stated_minutes(path),
               "wall_s": statistics.median(r["wall_s"] for r in runs),
               "kernel_cpu_s": statistics.median(r["kernel_cpu_s"] for r in runs),
               "kernel_peak_mb": max(r["kernel_peak_mb"] for r in runs)}
        rows.append(row)
        print(f"  {row['notebook']:<38} wall {row['wall_s']:6.1f} s  kernel CPU "
              f"{row['kernel_cpu_s']:6.1f} s  peak {row['kernel_peak_mb']:6.0f} MB", flush=True)
    p50 = interaction_p50_ms()
    table = sizing(server_mb, rows, p50)
    print("\n| Learners | Memory (guarantee) | Memory (limit) | Cores at the busiest moment "
          "| Cores on average |\n|---:|---:|---:|---:|---:|")
    for row in table:
        print(f"| {row['learners']} | {row['memory_guarantee_gb']} GB | "
              f"{row['memory_limit_gb']} GB | {row['cores_peak']} | {row['cores_average']} |")
    result = {"machine": {"cpus": psutil.cpu_count(), "python": sys.version.split()[0]},
              "server_mb": server_mb, "notebooks": rows, "interaction_p50_ms": p50,
              "assumptions": {"peak_window_s": PEAK_WINDOW_S,
                              "runs_per_session": RUNS_PER_SESSION,
                              "interaction_every_s": INTERACTION_EVERY_S},
              "sizing": table}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(f"\nWritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
