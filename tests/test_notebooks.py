"""Notebook hygiene, structure, handouts, and proof that a wrong worked answer fails the build.

(nbval itself runs every notebook cell as a test: see ``addopts`` in pyproject.toml.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from csmlib.course.handout import PLACEHOLDER, WORKED_ANSWER_TAG, make_handout

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MAX_NOTEBOOK_BYTES = 200_000


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean_and_small(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, path.name
    assert "widgets" not in notebook["metadata"], "saved widget state must be stripped"
    assert path.stat().st_size <= MAX_NOTEBOOK_BYTES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_the_course_structure(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert notebook.cells[0].source.startswith("# ")
    for heading in ("**Time:**", "**Criteria:**", "Common mistake", "## Key points",
                    "## What to do next"):
        assert heading in text, f"{path.name} lacks {heading!r}"
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert "assert " not in code, "learners never see asserts: verify with worked_answer()"
    assert any(WORKED_ANSWER_TAG in c.metadata.get("tags", []) for c in notebook.cells)


def test_handout_removes_worked_answers_only(tmp_path: Path) -> None:
    report = make_handout(ROOT / "notebooks", tmp_path)
    for path in NOTEBOOKS:
        original = nbformat.read(path, as_version=4)
        handout = nbformat.read(tmp_path / path.name, as_version=4)
        tagged = [c for c in original.cells if WORKED_ANSWER_TAG in c.metadata.get("tags", [])]
        assert report[path.name] == len(tagged) > 0
        explained = [c for c, after in zip(original.cells, original.cells[1:], strict=False)
                     if c.cell_type == "markdown"
                     and c.source.lstrip().startswith("**Worked answer.**")
                     and WORKED_ANSWER_TAG in after.metadata.get("tags", [])]
        assert len(handout.cells) == len(original.cells) - len(explained)
        assert not any(c.source.lstrip().startswith("**Worked answer.**")
                       for c in handout.cells), "an explanation of a removed answer remains"
        assert all(not c.get("outputs") and c.get("execution_count") is None
                   for c in handout.cells if c.cell_type == "code"), "handouts carry no outputs"
        assert sum(c.source == PLACEHOLDER for c in handout.cells) == len(tagged)
        assert not any(c.source == t.source for c in handout.cells for t in tagged)


def test_handout_command_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "csmlib.cli", "handout", "--notebooks", str(ROOT / "notebooks"),
         "--out", str(tmp_path / "h")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "worked-answer cell(s) removed" in result.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "csmlib.cli", "handout", "--notebooks", str(tmp_path / "none")],
        capture_output=True, text=True)
    assert missing.returncode == 2 and "No notebooks" in missing.stderr


@pytest.mark.slow
def test_a_wrong_worked_answer_fails_the_notebook_test(tmp_path: Path) -> None:
    """Sabotage notebook 00's worked answer the way a learner might (20 s -> 30 s target)."""
    notebook = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4)
    (cell,) = [c for c in notebook.cells if WORKED_ANSWER_TAG in c.metadata.get("tags", [])
               and "service_level_check" in c.source]
    assert '<= 20' in cell.source
    cell.source = cell.source.replace("<= 20", "<= 30")
    nbformat.write(notebook, tmp_path / "sabotaged.ipynb")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
         "-p", "no:cacheprovider", "-q", "-o", "addopts=", str(tmp_path / "sabotaged.ipynb")],
        cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "WorkedAnswerError" in result.stdout
    assert "'00-service-level' is wrong" in result.stdout
