"""Time and memory of importing a 200,000-row workplace export (csmlib.data.workplace).

Writes a 200,000-row export in the telephony style (semicolon separated, Windows-1252, UK
day-first dates, mm:ss durations, Yes/No flags, a totals row) from the default organisation's
contacts into a temporary folder, then imports it in a fresh Python process, as a notebook
kernel would, and reports:

* the import time (best and median of ``--repeat`` runs), against the 5 s budget;
* the process's peak resident memory (``ru_maxrss``: pandas and csmlib loaded plus the
  import), against the 300 MB kernel budget, and the memory it had before the import;
* the peak of Python allocations during one import (tracemalloc, a separate run, since
  tracing slows everything down).

Run: ``.venv/bin/python benchmarks/import_benchmark.py [--rows 200000] [--repeat 3]``.
Nothing is written outside the temporary folder, which is removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

TIME_BUDGET_S = 5.0
MEMORY_BUDGET_MB = 300.0

_CHILD = r"""
import json, resource, sys, time, tracemalloc
from csmlib.data import workplace
path, repeat, trace = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "trace"
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
before = hwm()
if trace:
    tracemalloc.start()
    result = workplace.import_csv(path, "contacts")
    _, peak = tracemalloc.get_traced_memory()
    print(json.dumps({"traced_peak_mb": peak / 2**20}))
else:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = workplace.import_csv(path, "contacts")
        times.append(time.perf_counter() - start)
        del result
    result = workplace.import_csv(path, "contacts")
    peak = hwm()
    r = result.report
    print(json.dumps({"times": times, "rss_before_mb": before, "rss_peak_mb": peak,
                      "rows_read": r.rows_read, "imported": r.imported,
                      "rejected": r.rejected, "totals": r.totals_rows_skipped,
                      "blank": r.blank_rows_skipped, "balanced": r.balanced,
                      "encoding": r.encoding, "delimiter": r.delimiter}))
"""


def write_export(folder: Path, rows: int) -> Path:
    """A ``rows``-row telephony-style export of the default organisation's contacts."""
    from csmlib.data import workplace

    contacts = workplace.default_contacts()
    if rows > len(contacts):  # repeat the contacts with new ids to reach the size asked
        copies = -(-rows // len(contacts))
        contacts = pd.concat([contacts] * copies, ignore_index=True)
        contacts["contact_id"] = [f"K{i:08d}" for i in range(len(contacts))]
    calls = contacts.head(rows)
    export = pd.DataFrame({
        "Call ID": calls["contact_id"],
        "Start Time": calls["arrived_at"].dt.strftime("%d/%m/%Y %H:%M:%S"),
        "Media Type": calls["channel"].map({"phone": "Voice", "email": "E-mail",
                                            "chat": "Web Chat", "social": "Social Media"}),
        "Customer Account": calls["customer_id"],
        "Agent Name/ID": calls["agent_id"].fillna(""),
        "Skill Group": calls["team"].fillna(""),
        "Queue Wait (mm:ss)": workplace._mmss(calls["wait_s"]),
        "Handle Time (mm:ss)": workplace._mmss(calls["handle_s"]),
        "Abandoned": workplace._yes_no(~calls["answered"]),
        "Transferred": workplace._yes_no(calls["transferred"]),
        "Wrap Code": calls["reason"],
        "Survey Score": calls["csat"].astype("Int64").astype(str).replace("<NA>", ""),
        "Line Cost (£)": (0.02 + calls["handle_s"] / 60 * 0.012).round(2).map("{:.2f}".format),
    })
    total = {column: "" for column in export.columns}
    total["Call ID"] = "Grand total"
    export = pd.concat([export, pd.DataFrame([total])], ignore_index=True)
    path = folder / "telephony_200k.csv"
    path.write_bytes(export.to_csv(sep=";", index=False, lineterminator="\r\n")
                     .encode("cp1252"))
    return path


def _child(path: Path, repeat: int, mode: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(repeat), mode],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        start = time.perf_counter()
        path = write_export(Path(temp), args.rows)
        written = time.perf_counter() - start
        size_mb = path.stat().st_size / 1e6
        timing = _child(path, args.repeat, "time")
        traced = _child(path, 1, "trace")
    times = sorted(timing["times"])
    median = times[len(times) // 2]
    print(f"export: {args.rows:,} rows, {size_mb:.1f} MB, written in {written:.1f} s "
          f"({timing['encoding']}, separator {timing['delimiter']!r})")
    print(f"import: best {times[0]:.2f} s, median {median:.2f} s over {len(times)} runs "
          f"(budget {TIME_BUDGET_S:.0f} s)")
    print(f"memory: peak RSS {timing['rss_peak_mb']:.0f} MB (before import "
          f"{timing['rss_before_mb']:.0f} MB; budget {MEMORY_BUDGET_MB:.0f} MB); "
          f"Python allocations peak {traced['traced_peak_mb']:.0f} MB (tracemalloc)")
    print(f"accounting: read {timing['rows_read']:,} = imported {timing['imported']:,} + "
          f"rejected {timing['rejected']:,} + totals {timing['totals']:,} + blank "
          f"{timing['blank']:,}: {'balanced' if timing['balanced'] else 'NOT BALANCED'}")
    ok = median <= TIME_BUDGET_S and timing["rss_peak_mb"] <= MEMORY_BUDGET_MB
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok and timing["balanced"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
