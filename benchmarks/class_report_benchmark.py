"""Time the class report on a realistic workshop's hand-ins (csmlib.course.class_report).

Builds, in a temporary folder, what a tutor collects from a group of 30: 30 portfolio files
(15 to 45 entries each, across the notebooks, with written parts, some tables, a few charts,
all four evidence types and the learner's details), HTML exports of a few of them (some
beside their portfolio file, one on its own, charts embedding plotly), 3 damaged files (a
truncated portfolio, garbage bytes, an empty file) and 2 foreign files (a Word document, a
CSV). Then times ``read_folder`` + ``write_report`` together, ``--repeat`` times (a fresh
output folder each time), and reports the median and the slowest against the 5 s budget,
with the learners read and the files listed as problems (to show the run did the work).

Run: ``.venv/bin/python benchmarks/class_report_benchmark.py [--repeat 3]``. Writes the
figures to ``benchmarks/results/class_report.json``. Nothing is written outside the
temporary folder and that file; the temporary folder is removed afterwards.
This is a measurement, not a test: it never fails because the budget is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from csmlib.course import course_map
from csmlib.course.class_report import read_folder
from csmlib.course.class_report_page import write_report
from csmlib.course.export import export_html
from csmlib.course.portfolio import Portfolio, WrittenPart

ROOT = Path(__file__).resolve().parents[1]
TIME_BUDGET_S = 5.0
LEARNERS = 30
SEED = 2026
WORDS = ("customers", "staffing", "forecast", "peak", "service", "level", "complaint",
         "coaching", "quality", "plan", "budget", "team", "data", "feedback", "improvement",
         "monitor", "target", "agents", "shrinkage", "occupancy", "resolution", "empathy",
         "procedure", "trend", "review", "action")


def _writing(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _table(rng: random.Random) -> pd.DataFrame:
    rows = rng.randint(8, 40)
    return pd.DataFrame({
        "interval": [f"{8 + i // 2:02d}:{30 * (i % 2):02d}" for i in range(rows)],
        "contacts": [rng.randint(20, 400) for _ in range(rows)],
        "agents": [rng.randint(5, 40) for _ in range(rows)],
        "service_level_pct": [round(rng.uniform(55, 95), 1) for _ in range(rows)],
    })


def build_learner(folder: Path, number: int, rng: random.Random, figures: bool) -> Portfolio:
    """One learner's portfolio with 15 to 45 entries across the notebooks."""
    portfolio = Portfolio(folder / f"learner-{number:02d}" / "my_portfolio.sqlite")
    portfolio.save_learner(name=f"Learner {number:02d} Surname", candidate_number=f"C{number:04d}",
                           centre="Northgate College", declaration=True)
    notebooks = [info for info in course_map.NOTEBOOKS if rng.random() < 0.85] or \
        list(course_map.NOTEBOOKS)
    for entry in range(rng.randint(15, 45)):
        info = rng.choice(notebooks)
        codes = rng.sample(info.criteria, k=rng.randint(1, min(2, len(info.criteria))))
        kind = rng.choices(["work product", "reflective account", "own-data analysis"],
                           weights=[8, 2, 1])[0]
        parts = [WrittenPart(f"Part {i + 1}", _writing(rng, rng.randint(5, 120)), (code,),
                             min_words=15) for i, code in enumerate(codes)]
        table = _table(rng) if rng.random() < 0.35 else None
        figure = (go.Figure(go.Bar(x=list("ABCDE"), y=[rng.randint(1, 9) for _ in range(5)]))
                  if figures and rng.random() < 0.1 else None)
        portfolio.save(title=f"{info.title}: activity {entry + 1}", parts=parts,
                       notebook=info.number, activity=f"{info.number}-{entry}", table=table,
                       figure=figure, evidence_type=kind,
                       support_text=_writing(rng, 20) if table is not None else "")
    if rng.random() < 0.3:
        portfolio.save(criteria="7.3", title="Witness testimony", text=_writing(rng, 80),
                       evidence_type="witness testimony",
                       details={"name": "Sam Patel", "role": "Team manager",
                                "relationship": "Line manager",
                                "date": (date.today() - timedelta(days=3)).isoformat(),
                                "declaration": True})
    return portfolio


def build_group(folder: Path) -> dict[str, int]:
    """The hand-ins folder: 30 learners, a few exports, 3 damaged and 2 foreign files."""
    rng = random.Random(SEED)
    exports = 0
    for number in range(1, LEARNERS + 1):
        figures = number in (3, 7)
        portfolio = build_learner(folder, number, rng, figures)
        if number in (3, 7, 12):  # an export beside the portfolio file
            export_html(portfolio, portfolio.path.with_suffix(".html"))
            exports += 1
        if number == 20:  # only the export handed in
            export_html(portfolio, folder / "learner-20-export.html")
            portfolio.path.unlink()
            portfolio.backup_path.unlink(missing_ok=True)
            exports += 1
    whole = (folder / "learner-01" / "my_portfolio.sqlite").read_bytes()
    (folder / "truncated.sqlite").write_bytes(whole[: len(whole) // 3])
    (folder / "garbage.sqlite").write_bytes(random.Random(1).randbytes(50_000))
    (folder / "empty.sqlite").write_bytes(b"")
    (folder / "course notes.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 2000)
    (folder / "register.csv").write_text("name,attended\nLearner 01,yes\n", encoding="utf-8")
    files = [p for p in folder.rglob("*") if p.is_file()]
    return {"learners": LEARNERS, "exports": exports, "damaged": 3, "foreign": 2,
            "files": len(files),
            "megabytes": round(sum(p.stat().st_size for p in files) / 1e6, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" /
                                             "class_report.json"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="csm-class-report-bench-") as temp:
        folder = Path(temp) / "hand-ins"
        folder.mkdir()
        os.environ["CSMLIB_PORTFOLIO"] = str(Path(temp) / "unused.sqlite")  # never the user's
        started = time.perf_counter()
        made = build_group(folder)
        built_s = time.perf_counter() - started
        runs, read_s = [], []
        for number in range(args.repeat):
            started = time.perf_counter()
            cohort = read_folder(folder)
            read_done = time.perf_counter()
            write_report(cohort, Path(temp) / f"report-{number}")
            runs.append(time.perf_counter() - started)
            read_s.append(read_done - started)
        learners, problems = len(cohort.learners), len(cohort.problems)
    median, slowest = statistics.median(runs), max(runs)
    print(f"hand-ins: {made['learners']} learners, {made['exports']} exports, "
          f"{made['damaged']} damaged and {made['foreign']} foreign files; {made['files']} "
          f"files, {made['megabytes']} MB (built in {built_s:.1f} s)")
    print(f"read_folder + write_report: median {median:.2f} s, slowest {slowest:.2f} s over "
          f"{len(runs)} runs (budget {TIME_BUDGET_S:.0f} s); reading alone median "
          f"{statistics.median(read_s):.2f} s")
    print(f"read {learners} learners; {problems} files listed as not read")
    ok = slowest <= TIME_BUDGET_S
    print("within budget" if ok else "OVER BUDGET")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count(), "load_average": list(os.getloadavg())},
        "budgets": {"read_and_write_s": TIME_BUDGET_S},
        "settings": {"repeats": args.repeat, "seed": SEED, **made},
        "read_and_write_s_runs": [round(t, 3) for t in runs],
        "read_and_write_s_median": round(median, 3),
        "read_and_write_s_max": round(slowest, 3),
        "read_folder_s_median": round(statistics.median(read_s), 3),
        "learners_read": learners, "files_not_read": problems,
        "status": "ok" if ok else "over budget",
    }, indent=2), encoding="utf-8")
    print(f"Figures written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
