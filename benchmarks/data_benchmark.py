"""Measure the data engine against its budgets (issue: generation ≤ 10 s, load ≤ 2 s,
peak memory while loading ≤ 300 MB, committed data ≤ 25 MB), and compare the vectorised
contacts generator with a straightforward row-by-row one.

    python benchmarks/data_benchmark.py            # prints a table, writes JSON
    python benchmarks/data_benchmark.py --repeats 3

Each timing runs in a fresh Python process, so imports and caches count as a learner would
see them. The row-by-row generator makes the same contacts table (same columns, the same
kinds of draws: arrivals per half-hour, reason, agent, handle time, wait and abandonment,
resolution, survey) one row at a time with Python's ``random``; it is a measurement aid, not
part of the library.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_GENERATE = """
import time, tempfile
t = time.perf_counter()
from csmlib.data import generator, store
org = generator.generate(**store.default_settings())
generated = time.perf_counter() - t
store.save(org, tempfile.mkdtemp() + "/org")
print(generated, time.perf_counter() - t, len(org.tables["contacts"]))
"""

_LOAD = """
import resource, sys, time
t = time.perf_counter()
from csmlib.data import store
tables = store.load_all()
elapsed = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024,
      sum(len(t) for t in tables.values()))
"""

_VECTOR_CONTACTS = """
import time
import numpy as np
from csmlib.data import generator, store
settings = store.default_settings()
seed, sector, start, days, agents = generator._validate(*settings.values())
b = generator._Builder(np.random.default_rng(seed), sector, start, days, agents)
agent_table = b.agents(); b.training(agent_table)
plan, volume = b.interval_plan()
t = time.perf_counter()
contacts = b.contacts(agent_table, plan, volume)
print(time.perf_counter() - t, len(contacts))
"""

_ROW_BY_ROW = """
import math, random, time
from datetime import datetime, timedelta
import pandas as pd
from csmlib.data import generator, store, text
from csmlib.analysis import staffing
import numpy as np
settings = store.default_settings()
sector = generator.profile(settings["sector"])
rng = random.Random(settings["seed"])
nprng = np.random.default_rng(settings["seed"])
t = time.perf_counter()
shape = generator._intraday_shape()
start = datetime.fromisoformat(settings["start"])
reasons, weights = list(sector.reasons), list(sector.reasons.values())
level = settings["agents"] * 0.65 * 0.62 * 11.0 * 8.5 * 1.05
rows = []
for day in range(settings["days"]):
    date = start + timedelta(days=day)
    weekday = date.weekday()
    for channel in generator.CHANNELS:
        mask = generator._open_mask(weekday, channel)
        total = sum(s for s, m in zip(shape, mask) if m)
        for k in range(48):
            if not mask[k]:
                continue
            expected = (level * generator.WEEKDAY_SHAPE[weekday] / generator.WEEKDAY_SHAPE.mean()
                        * sector.channel_mix[channel] * shape[k] / total)
            count = int(nprng.poisson(expected))
            aht = sector.handle_mean_s[channel] * 1.06
            servers = max(1, staffing.required_agents(expected, aht, 0.8, 20)) if expected else 1
            load = count * aht / 1800
            p_wait = staffing.erlang_c(load, servers) if servers > load else 1.0
            for _ in range(count):
                arrived = date + timedelta(seconds=k * 1800 + rng.uniform(0, 1800))
                reason = rng.choices(reasons, weights)[0]
                agent = rng.randrange(settings["agents"])
                handle = rng.lognormvariate(math.log(sector.handle_mean_s[channel]), 0.55)
                waits = rng.random() < p_wait
                wait = rng.expovariate(max(servers - load, 0.1) / aht) if waits else 0
                answered = wait <= rng.expovariate(1 / 420)
                resolved = answered and rng.random() < 0.78
                transferred = answered and rng.random() < 0.08
                surveyed = answered and rng.random() < 0.13
                csat = rng.randint(1, 5) if surveyed else None
                comment = ""
                if surveyed and rng.random() < 0.55:
                    comment = text.contact_comments(
                        nprng, sector=sector.key, reasons=[reason], channels=[channel],
                        csat=[csat], resolved=[resolved], wait_s=[wait], repeat=[False],
                        dates=[arrived.date()])[0][0]
                rows.append({"contact_id": f"K{len(rows) + 1:07d}",
                             "customer_id": rng.randrange(10**5),
                             "agent_id": f"A{agent + 1:03d}" if answered else "",
                             "channel": channel, "arrived_at": arrived, "answered": answered,
                             "wait_s": round(wait), "handle_s": round(handle) if answered else 0,
                             "reason": reason, "resolved_first_contact": resolved,
                             "transferred": transferred, "csat": csat, "comment": comment})
frame = pd.DataFrame(rows)
print(time.perf_counter() - t, len(frame))
"""


def _run(code: str) -> list[float]:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    return [float(x) for x in result.stdout.split()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Data engine benchmarks")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "data.json"))
    parser.add_argument("--skip-row-by-row", action="store_true")
    args = parser.parse_args(argv)

    generate = [_run(_GENERATE) for _ in range(args.repeats)]
    load = [_run(_LOAD) for _ in range(args.repeats)]
    vector = [_run(_VECTOR_CONTACTS) for _ in range(args.repeats)]
    row = None if args.skip_row_by_row else _run(_ROW_BY_ROW)
    size = sum(p.stat().st_size for p in (ROOT / "datasets").iterdir() if p.is_file())

    figures = {
        "generate_s": statistics.median(g[0] for g in generate),
        "generate_and_save_s": statistics.median(g[1] for g in generate),
        "contacts_rows": int(generate[0][2]),
        "load_all_s": statistics.median(x[0] for x in load),
        "load_peak_mb": max(x[1] for x in load),
        "vector_contacts_s": statistics.median(v[0] for v in vector),
        "row_by_row_contacts_s": row[0] if row else None,
        "row_by_row_rows": int(row[1]) if row else None,
        "committed_data_mb": size / 1024 / 1024,
    }
    if row:
        figures["speed_ratio"] = figures["row_by_row_contacts_s"] / figures["vector_contacts_s"]
    budgets = {"generate_s": 10, "load_all_s": 2, "load_peak_mb": 300, "committed_data_mb": 25}
    print(f"{'figure':<28}{'value':>12}  budget")
    for name, value in figures.items():
        if value is None:
            continue
        budget = budgets.get(name)
        mark = "" if budget is None else (f"<= {budget}  " + ("ok" if value <= budget else "OVER"))
        print(f"{name:<28}{value:>12,.2f}  {mark}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                               "figures": figures, "budgets": budgets}, indent=2))
    print(f"Figures written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
