#!/usr/bin/env python3
"""Set up and run the course pack with nothing but Python 3.10 or newer.

    python3 tasks.py lab     # open the course in JupyterLab (prints the address)
    python3 tasks.py test    # run every test: library, notebooks, real browser
    python3 tasks.py bench   # measure notebook run time, memory, widget and Erlang C speed
    python3 tasks.py lint    # check code style with ruff
    python3 tasks.py handout # copy the notebooks without worked answers, for learners

Each command creates ``.venv`` beside this file if it is missing and installs the pack into
it. The install is skipped when ``pyproject.toml`` has not changed since the last one, so
running a command again is quick. Extra words are passed on, e.g.
``python3 tasks.py test -k portfolio`` or ``python3 tasks.py lab --port 9999``.
Uses only the standard library, so it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def say(message: str) -> None:
    print(f"[course] {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None) -> int:
    return subprocess.call([str(a) for a in args], cwd=ROOT, env=env)


def ensure_environment(extras: str) -> None:
    """Create .venv if needed and install the pack (with ``extras``) unless already done."""
    if sys.version_info < (3, 10):  # noqa: UP036 - this file runs before anything is checked
        sys.exit(f"Python 3.10 or newer is needed; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        say(f"creating a virtual environment in {VENV.name}/ (first run only)")
        venv.EnvBuilder(with_pip=True).create(VENV)
    fingerprint = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + extras.encode()
    ).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == fingerprint:
        return
    target = f".[{extras}]" if extras else "."
    say(f"installing the course pack and its dependencies ({target}); this takes a minute")
    # pip compiles every package to bytecode here (about 25 s of a 65 s install): worth it,
    # since every kernel, server and test worker then loads the compiled files (and where
    # PYTHONDONTWRITEBYTECODE is set, Python would otherwise compile them again in each one)
    code = run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q",
               "-e", target)
    if code:
        sys.exit(f"Installing failed (pip exit code {code}). See the messages above.")
    stamp.write_text(fingerprint)


FIRST_NOTEBOOK = "notebooks/00_start_here.ipynb"


def lab_command() -> list[str | Path]:
    """JupyterLab serving the course folder, with its address opening notebook 00 (the address
    printed in the terminal too, not only the browser JupyterLab may open itself)."""
    command: list[str | Path] = [BIN / "jupyter", "lab", f"--ServerApp.root_dir={ROOT}",
                                 f"--LabApp.default_url=/lab/tree/{FIRST_NOTEBOOK}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and some lab machines run as root
    return command


def lab(args: list[str]) -> int:
    ensure_environment("")
    say("starting JupyterLab: open the address printed below (it includes a token and opens "
        "notebook 00); press Ctrl+C twice to stop")
    return run(*lab_command(), *args)


def test(args: list[str]) -> int:
    ensure_environment("test")
    # one worker per core; each test file stays on one worker, so a notebook's cells run in
    # order in one kernel and the real-browser test uses one JupyterLab
    return run(PYTHON, "-m", "pytest", "-n", "auto", "--dist", "loadfile", *args)


def bench(args: list[str]) -> int:
    ensure_environment("test,bench")
    code = run(PYTHON, "benchmarks/run_benchmarks.py", *args)
    return code or run(PYTHON, "benchmarks/erlang_benchmark.py")


def lint(args: list[str]) -> int:
    ensure_environment("test")
    return run(BIN / "ruff", "check", ".", *args)


def handout(args: list[str]) -> int:
    ensure_environment("")
    return run(BIN / "csm", "handout", *args)


COMMANDS = {"lab": lab, "test": test, "bench": bench, "lint": lint, "handout": handout}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        sys.exit(2)
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
