"""Packaging: dependency lists agree, import has no side effects, CI runs the README command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _conda_requirements() -> dict[str, SpecifierSet]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    found: dict[str, SpecifierSet] = {}
    for item in environment["dependencies"]:
        if not isinstance(item, str):
            continue  # the pip: section (installs csmlib itself)
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(.*)", item.strip())
        name, spec = match.group(1).lower(), match.group(2).replace(" ", "")
        if name in {"python", "pip"}:
            continue
        found[name] = SpecifierSet(spec)
    return found


def test_environment_yml_and_pyproject_list_the_same_runtime_dependencies() -> None:
    pip = {Requirement(r).name.lower(): Requirement(r).specifier
           for r in _pyproject()["project"]["dependencies"]}
    conda = _conda_requirements()
    assert sorted(conda) == sorted(pip), "environment.yml and pyproject.toml differ"
    for name, specifier in pip.items():
        assert conda[name] == specifier, f"{name}: {conda[name]} in environment.yml vs {specifier}"


def test_environment_yml_pins_python_minor_and_installs_csmlib() -> None:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "conda-forge" in environment["channels"]
    pythons = [d for d in environment["dependencies"] if isinstance(d, str) and
               d.startswith("python")]
    assert len(pythons) == 1 and re.fullmatch(r"python=3\.\d+", pythons[0])
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_section


def test_import_has_no_side_effects(tmp_path: Path) -> None:
    code = ("import csmlib, csmlib.course.portfolio, csmlib.course.exercises, csmlib.ui.widgets, "
            "csmlib.lessons.start_here, csmlib.cli; print(csmlib.__version__)")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, env={"PATH": "", "HOME": str(tmp_path)}, check=True)
    assert result.stdout.strip() == _version()
    assert result.stderr == ""
    assert list(tmp_path.iterdir()) == []  # nothing written in the working folder


def _version() -> str:
    namespace: dict = {}
    exec((ROOT / "src/csmlib/_version.py").read_text(), namespace)
    return namespace["__version__"]


def test_ci_runs_the_test_command_the_readme_gives() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    commands = [line.strip() for line in ci.splitlines()
                if line.strip() and not line.strip().startswith("#")]
    assert commands[-1] == "make test"
    assert "make test" in readme
    assert "python3 tasks.py test" in readme  # the same thing without make


def test_every_runtime_dependency_is_justified_in_pyproject() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    for line in block.strip().splitlines():
        assert "#" in line, f"no reason given for dependency: {line.strip()}"


def test_make_lab_opens_notebook_00() -> None:
    """The address JupyterLab prints (what learners copy) opens notebook 00, not a Launcher."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("course_tasks", ROOT / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    command = [str(part) for part in tasks.lab_command()]
    assert "--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb" in command
    assert (ROOT / tasks.FIRST_NOTEBOOK).is_file()
