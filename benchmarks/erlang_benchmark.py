"""Time csmlib's Erlang C staffing search against pyworkforce on a real day of the plan.

    python benchmarks/erlang_benchmark.py                  # prints tables, writes JSON
    python benchmarks/erlang_benchmark.py --repeats 500 --number 20

The day is the default organisation's busiest phone day in ``interval_plan`` (highest total
forecast contacts), keeping the half-hours with contacts above 0. Four ways of getting the
agents needed for every half-hour at 80% of calls answered within 20 seconds are timed side
by side, in rotating order within each repeat so that a busy machine slows them all alike:

(a) csmlib, one ``required_agents`` call per half-hour (a manager's loop);
(b) pyworkforce, one ``ErlangC(...).required_positions(...)`` per half-hour;
(c) csmlib, one vectorised ``required_agents`` call for the whole day;
(d) csmlib's numpy block search alone, forced: for a day or a few, (c) works through the
    half-hours one at a time with plain floats, quicker than numpy's per-call overhead on
    every step of the recursion; for larger arrays (c) uses this block search.

Each timed sample runs the day ``--number`` times (garbage collection off, as ``timeit``
does); the median and 95th percentile of the samples are reported in milliseconds per day.
The same is done for a centre ten times larger (hundreds of erlangs a half-hour) and for every
phone half-hour of the plan at once (where (c) uses the block search). The agent
counts are compared half-hour by half-hour, and again over a grid of volumes, handle times and
targets; any difference is explained. This is a measurement: it asserts nothing.

pyworkforce is a benchmark-only dependency (``pip install -e ".[bench]"``); without it, only
csmlib is timed.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from csmlib.analysis import staffing
from csmlib.data import load

ROOT = Path(__file__).resolve().parents[1]
TARGET_SL, TARGET_S, INTERVAL_S = 0.8, 20, 1800

try:
    from pyworkforce.queuing import ErlangC
except ImportError:  # benchmark-only dependency
    ErlangC = None

UNITS_NOTE = (
    "pyworkforce documents aht, asa and interval in minutes, but its sums only use the ratios "
    "transactions / interval × aht and asa / aht, so any one unit works; seconds are passed "
    "here (aht=forecast_aht_s, asa=20, interval=1800), exactly the inputs csmlib gets, so no "
    "rounding from converting 20 s to minutes enters the comparison."
)
DEFINITION_NOTES = [
    "Search start: pyworkforce starts at round(traffic + 1) (Python rounds halves to even), "
    "csmlib at floor(traffic) + 1, the fewest agents with a stable queue. When the fraction of "
    "the traffic is above 0.5 (or exactly 0.5 with floor(traffic) even), pyworkforce never "
    "tries floor(traffic) + 1; the answers "
    "differ only if that many agents already meet the target (generous targets, long "
    "target_s), and then pyworkforce gives one agent more.",
    "max_occupancy: pyworkforce raises its answer to ceil(traffic / max_occupancy) only when "
    "the service-level answer is busier than that; csmlib starts its search there. Both give "
    "max(service-level answer, ceil(traffic / max_occupancy)). The timings use "
    "max_occupancy=1.0 (csmlib: None), where neither limits anything; the grid also compares "
    "at 0.85, where the only differences are the search-start ones.",
    "Arithmetic: pyworkforce carries 1/Erlang B, csmlib Erlang B itself; their service levels "
    "differ by rounding only (at most 3e-13 up to 10,000 erlangs; 98% under 1e-15), so "
    "answers could only differ if a service level landed that close to the target.",
    "Zero contacts: pyworkforce refuses transactions <= 0, csmlib answers 0 agents; only "
    "half-hours with contacts above 0 are compared.",
]


def busiest_phone_day() -> tuple[str, np.ndarray, np.ndarray]:
    """The default organisation's busiest phone day: a label, contacts and AHT per half-hour.

    Only the half-hours with contacts (the phone line's opening hours) are kept.
    """
    plan = load("interval_plan")
    phone = plan[plan["channel"] == "phone"]
    day = phone["interval_start"].dt.normalize()
    busiest = phone.groupby(day)["forecast_contacts"].sum().idxmax()
    rows = phone[(day == busiest) & (phone["forecast_contacts"] > 0)]
    opens, last = rows["interval_start"].min(), rows["interval_start"].max()
    label = (f"Busiest phone day in the plan, {busiest.date()} (half-hours with contacts: "
             f"{opens:%H:%M}–{last + pd.Timedelta(minutes=30):%H:%M})")
    return (label, rows["forecast_contacts"].to_numpy(dtype=float),
            rows["forecast_aht_s"].to_numpy(dtype=float))


def whole_phone_plan() -> tuple[str, np.ndarray, np.ndarray]:
    """Every phone half-hour with contacts in the plan: the size the data generator staffs."""
    plan = load("interval_plan")
    rows = plan[(plan["channel"] == "phone") & (plan["forecast_contacts"] > 0)]
    days = rows["interval_start"].dt.normalize().nunique()
    return (f"Every phone half-hour in the plan ({days} days)",
            rows["forecast_contacts"].to_numpy(dtype=float),
            rows["forecast_aht_s"].to_numpy(dtype=float))


def csmlib_loop(contacts: list[float], aht: list[float]) -> list[int]:
    """(a) One csmlib call per half-hour."""
    return [staffing.required_agents(c, a, TARGET_SL, TARGET_S, INTERVAL_S)
            for c, a in zip(contacts, aht, strict=True)]


def pyworkforce_loop(contacts: list[float], aht: list[float], target_sl: float = TARGET_SL,
                     target_s: float = TARGET_S, max_occupancy: float = 1.0) -> list[int]:
    """(b) One pyworkforce call per half-hour (seconds throughout, see UNITS_NOTE)."""
    return [ErlangC(transactions=c, aht=a, asa=target_s, interval=INTERVAL_S, shrinkage=0.0)
            .required_positions(service_level=target_sl,
                                max_occupancy=max_occupancy)["raw_positions"]
            for c, a in zip(contacts, aht, strict=True)]


def csmlib_vectorised(contacts: np.ndarray, aht: np.ndarray) -> np.ndarray:
    """(c) One csmlib call for the whole day."""
    return staffing.required_agents(contacts, aht, TARGET_SL, TARGET_S, INTERVAL_S)


def csmlib_blocks(contacts: np.ndarray, aht: np.ndarray) -> np.ndarray:
    """(d) The numpy block search that (c) uses for larger arrays, forced, inputs checked."""
    return staffing._required_agents_array(staffing.traffic(contacts, aht, INTERVAL_S), aht,
                                           TARGET_SL, float(TARGET_S), None, blocks=True)


def time_side_by_side(runs: dict[str, Callable[[], object]], repeats: int, number: int
                      ) -> dict[str, dict[str, float]]:
    """Milliseconds per run: median, p95 and min over ``repeats`` samples of ``number`` runs."""
    names = list(runs)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for name in names:  # warm up
        for _ in range(max(3, number)):
            runs[name]()
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        for repeat in range(repeats):
            shift = repeat % len(names)
            for name in names[shift:] + names[:shift]:
                run = runs[name]
                started = time.perf_counter()
                for _ in range(number):
                    run()
                samples[name].append((time.perf_counter() - started) / number * 1000)
    finally:
        if gc_was_on:
            gc.enable()
    return {name: {"median_ms": statistics.median(values),
                   "p95_ms": float(np.percentile(values, 95)),
                   "min_ms": min(values)}
            for name, values in samples.items()}


def explain_difference(contacts: float, aht: float, ours: int, theirs: int, target_sl: float,
                       target_s: float) -> str:
    """Why pyworkforce's answer differs from csmlib's for one half-hour."""
    load_ = contacts * aht / INTERVAL_S
    start = round(load_ + 1)
    if theirs == start and ours < start:
        level = staffing.service_level(contacts, aht, ours, target_s, INTERVAL_S)
        return (f"search start: traffic {load_:.3f} erlangs; pyworkforce starts at "
                f"round({load_:.3f} + 1) = {start}, but {ours} agent{'s' * (ours != 1)} "
                f"already give{'s' * (ours == 1)} service level {level:.4f} >= {target_sl}")
    low = min(ours, theirs)
    level = staffing.service_level(contacts, aht, low, target_s, INTERVAL_S)
    return (f"arithmetic at the boundary: service level with {low} agents is {level!r} "
            f"against target {target_sl}")


def matching_definition(contacts: float, aht: float, ours: int) -> int:
    """csmlib's answer under pyworkforce's definition (search from round(traffic + 1))."""
    return max(ours, round(contacts * aht / INTERVAL_S + 1))


def compare(contacts: np.ndarray, aht: np.ndarray, target_sl: float, target_s: float,
            max_occupancy: float | None = None) -> dict[str, object]:
    """Agents from csmlib (all paths) and pyworkforce for each case, and every difference."""
    scalar = [staffing.required_agents(c, a, target_sl, target_s, INTERVAL_S, max_occupancy)
              for c, a in zip(contacts.tolist(), aht.tolist(), strict=True)]
    vector = staffing.required_agents(contacts, aht, target_sl, target_s, INTERVAL_S,
                                      max_occupancy).tolist()
    blocks = staffing._required_agents_array(staffing.traffic(contacts, aht, INTERVAL_S), aht,
                                             target_sl, target_s, max_occupancy,
                                             blocks=True).tolist()
    result: dict[str, object] = {"cases": len(scalar),
                                 "csmlib_paths_identical": scalar == vector == blocks}
    if ErlangC is None:
        return result
    theirs = pyworkforce_loop(contacts.tolist(), aht.tolist(), target_sl, target_s,
                              1.0 if max_occupancy is None else max_occupancy)
    differences = []
    for c, a, ours, other in zip(contacts.tolist(), aht.tolist(), scalar, theirs, strict=True):
        if ours != other:
            differences.append({
                "contacts": c, "aht_s": a, "target_sl": target_sl, "target_s": target_s,
                "max_occupancy": max_occupancy, "csmlib": ours, "pyworkforce": other,
                "csmlib_on_pyworkforce_definition": matching_definition(c, a, ours),
                "why": explain_difference(c, a, ours, other, target_sl, target_s)})
    result.update({
        "identical_to_pyworkforce": not differences,
        "differences": differences,
        "identical_on_matching_definition": all(
            d["csmlib_on_pyworkforce_definition"] == d["pyworkforce"] for d in differences),
    })
    return result


def grid_check() -> dict[str, object]:
    """Agreement over volumes 1-2000 a half-hour, AHT 60-900 s, targets 50-95% in 10-120 s,
    without and with a maximum occupancy of 85%."""
    contacts = np.array([1, 3, 7, 15, 40, 100, 250, 600, 1200, 2000], dtype=float)
    aht = np.array([60, 180, 420, 900], dtype=float)
    contacts, aht = (x.ravel() for x in np.meshgrid(contacts, aht))
    checks = [compare(contacts, aht, sl, s, occupancy)
              for sl in (0.5, 0.8, 0.9, 0.95) for s in (10, 20, 60, 120)
              for occupancy in (None, 0.85)]
    summary: dict[str, object] = {
        "cases": sum(c["cases"] for c in checks),
        "csmlib_paths_identical": all(c["csmlib_paths_identical"] for c in checks)}
    if ErlangC is not None:
        differences = [d for c in checks for d in c["differences"]]
        summary.update({
            "differences_from_pyworkforce": len(differences),
            "identical_on_matching_definition": all(c["identical_on_matching_definition"]
                                                    for c in checks),
            "differences": differences})
    return summary


def table(timings: dict[str, dict[str, float]], calls: int) -> str:
    labels = {
        "csmlib_loop": f"(a) csmlib, {calls} calls (one per half-hour)",
        "pyworkforce_loop": f"(b) pyworkforce, {calls} calls (one per half-hour)",
        "csmlib_vectorised": "(c) csmlib, one vectorised call",
        "csmlib_blocks": "(d) csmlib numpy block search alone (used by (c) for large arrays)",
    }
    base = timings.get("pyworkforce_loop")
    lines = ["| way | median ms | p95 ms | ÷ pyworkforce (median) | ÷ pyworkforce (p95) |",
             "|---|---:|---:|---:|---:|"]
    for name, figures in timings.items():
        ratio = p95_ratio = "–"
        if base:
            ratio = f"{figures['median_ms'] / base['median_ms']:.2f}"
            p95_ratio = f"{figures['p95_ms'] / base['p95_ms']:.2f}"
        lines.append(f"| {labels[name]} | {figures['median_ms']:.3f} | {figures['p95_ms']:.3f} "
                     f"| {ratio} | {p95_ratio} |")
    return "\n".join(lines)


def ratios(timings: dict[str, dict[str, float]]) -> dict[str, float] | None:
    base = timings.get("pyworkforce_loop")
    if not base:
        return None
    return {f"{name}_{stat}": timings[name][f"{stat}_ms"] / base[f"{stat}_ms"]
            for name in ("csmlib_loop", "csmlib_vectorised", "csmlib_blocks")
            for stat in ("median", "p95")}


def scenario(name: str, contacts: np.ndarray, aht: np.ndarray, repeats: int, number: int
             ) -> dict[str, object]:
    as_lists = contacts.tolist(), aht.tolist()
    runs: dict[str, Callable[[], object]] = {"csmlib_loop": lambda: csmlib_loop(*as_lists)}
    if ErlangC is not None:
        runs["pyworkforce_loop"] = lambda: pyworkforce_loop(*as_lists)
    runs["csmlib_vectorised"] = lambda: csmlib_vectorised(contacts, aht)
    runs["csmlib_blocks"] = lambda: csmlib_blocks(contacts, aht)
    timings = time_side_by_side(runs, repeats, number)
    traffic = staffing.traffic(contacts, aht, INTERVAL_S)
    agreement = compare(contacts, aht, TARGET_SL, TARGET_S)
    print(f"\n### {name}: {len(contacts)} half-hours, traffic {traffic.min():.1f}–"
          f"{traffic.max():.1f} erlangs, {TARGET_SL:.0%} in {TARGET_S} s "
          f"({repeats} samples × {number} runs)\n")
    print(table(timings, len(contacts)))
    agents = csmlib_vectorised(contacts, aht)
    if agents.size <= 48:
        print(f"\nAgents needed (csmlib): {agents.tolist()}")
    else:
        print(f"\nAgents needed (csmlib): {agents.min()}–{agents.max()} a half-hour, "
              f"{agents.sum():,} agent half-hours in all")
    if ErlangC is None:
        print("csmlib per-interval, vectorised and block-search answers identical: "
              f"{agreement['csmlib_paths_identical']}")
    elif agreement["identical_to_pyworkforce"] and agreement["csmlib_paths_identical"]:
        print("Agent counts identical half-hour by half-hour: csmlib per-interval = "
              "vectorised = block search = pyworkforce.")
    else:
        print("csmlib per-interval, vectorised and block-search answers identical: "
              f"{agreement['csmlib_paths_identical']}")
        for difference in agreement["differences"]:
            print(f"  differs: {difference}")
    small = len(contacts) <= 48  # one day: keep every half-hour in the JSON
    return {"intervals": len(contacts),
            "traffic_erlangs": traffic.tolist() if small else [traffic.min(), traffic.max()],
            "agents": agents.tolist() if small else int(agents.sum()),
            "timings": timings, "ratios": ratios(timings), "agreement": agreement}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Erlang C staffing: csmlib vs pyworkforce")
    parser.add_argument("--repeats", type=int, default=300, help="timed samples per way")
    parser.add_argument("--number", type=int, default=10, help="days per timed sample")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "erlang.json"))
    args = parser.parse_args(argv)

    if ErlangC is None:
        print("pyworkforce is not installed, so only csmlib is timed. To compare, install the "
              'benchmark extra: pip install -e ".[bench]"')
        version = None
    else:
        version = importlib.metadata.version("pyworkforce")
        print(f"pyworkforce {version}. {UNITS_NOTE}")

    label, contacts, aht = busiest_phone_day()
    plan_label, plan_contacts, plan_aht = whole_phone_plan()
    results = {
        "plan_day": scenario(label, contacts, aht, args.repeats, args.number),
        "plan_day_x10": scenario("The same day in a centre 10× larger", contacts * 10, aht,
                                 max(10, args.repeats // 5), max(1, args.number // 5)),
        "whole_plan": scenario(plan_label, plan_contacts, plan_aht,
                               max(10, args.repeats // 10), 1),
    }
    grid = grid_check()
    print(f"\n### Grid: {grid['cases']} cases (contacts 1–2000 a half-hour, AHT 60–900 s, "
          "targets 50–95% within 10–120 s; no occupancy cap, then at most 85%)\n")
    print("csmlib per-interval, vectorised and block-search answers identical: "
          f"{grid['csmlib_paths_identical']}")
    if ErlangC is not None:
        print(f"Differences from pyworkforce: {grid['differences_from_pyworkforce']}")
        for difference in grid["differences"]:
            cap = difference["max_occupancy"]
            print(f"  {difference['contacts']:g} contacts, AHT {difference['aht_s']:g} s, "
                  f"{difference['target_sl']:.0%} in {difference['target_s']} s"
                  f"{'' if cap is None else f', occupancy <= {cap:.0%}'}: csmlib "
                  f"{difference['csmlib']}, pyworkforce {difference['pyworkforce']} — "
                  f"{difference['why']}")
        if grid["differences_from_pyworkforce"]:
            print("On pyworkforce's definition (search from round(traffic + 1)) csmlib's "
                  "answers are identical: "
                  f"{grid['identical_on_matching_definition']}")
        print("\nDefinitions compared:")
        for note in DEFINITION_NOTES:
            print(f"- {note}")

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count(), "load_average": list(os.getloadavg())},
        "versions": {"numpy": np.__version__, "pyworkforce": version},
        "settings": {"repeats": args.repeats, "number": args.number, "target_sl": TARGET_SL,
                     "target_s": TARGET_S, "interval_s": INTERVAL_S, "day": label,
                     "max_agents_bound": staffing.MAX_AGENTS},
        "units_note": UNITS_NOTE, "definition_notes": DEFINITION_NOTES,
        "scenarios": results, "grid": grid,
    }, indent=2, default=lambda x: x.item() if hasattr(x, "item") else str(x)))
    print(f"\nResults written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
