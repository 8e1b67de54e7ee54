"""The learners' copies in ``handout/``: what Binder and nbgitpuller links open for a workshop.

They must be exactly what ``csm handout`` makes from ``notebooks/`` today (so a change to a
notebook cannot leave the learners' copy behind), hold no worked answer, and still run: no
kept cell may use a name that only a removed worked-answer cell defined. The links that open
them are checked too.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import pytest

from csmlib import cli
from csmlib.course import links
from csmlib.course.handout import (
    PLACEHOLDER,
    explains_worked_answer,
    is_worked_answer,
    make_handout,
)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
HANDOUT = ROOT / links.LEARNER_FOLDER
SOURCES = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_every_notebook_has_a_learner_copy() -> None:
    assert sorted(p.name for p in HANDOUT.glob("*.ipynb")) == [p.name for p in SOURCES]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_learner_copy_is_what_csm_handout_makes_today(source: Path, tmp_path: Path) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / source.name).write_bytes(source.read_bytes())
    make_handout(folder, tmp_path / "out")
    fresh = json.loads((tmp_path / "out" / source.name).read_text(encoding="utf-8"))
    committed = json.loads((HANDOUT / source.name).read_text(encoding="utf-8"))
    assert committed == fresh, (
        f"handout/{source.name} is out of date: run `make handout` (csm handout --out "
        "handout) and commit the result.")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_learner_copy_holds_no_worked_answer_and_no_output(source: Path) -> None:
    copy = nbformat.read(HANDOUT / source.name, as_version=4)
    original = nbformat.read(source, as_version=4)
    removed = sum(is_worked_answer(cell) for cell in original.cells)
    assert removed >= 1, "every notebook has worked answers to remove"
    assert not any(is_worked_answer(cell) or explains_worked_answer(cell)
                   for cell in copy.cells)
    assert sum(cell.source == PLACEHOLDER for cell in copy.cells) == removed
    assert all(not cell.get("outputs") for cell in copy.cells if cell.cell_type == "code")
    assert "widgets" not in copy.metadata


def _names(source: str) -> tuple[set[str], set[str]]:
    """Names a cell assigns (or imports) and names it reads."""
    tree = ast.parse(source)
    assigned, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (assigned if isinstance(node.ctx, ast.Store) else read).add(node.id)
        elif isinstance(node, ast.alias):
            assigned.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            assigned.add(node.name)
    return assigned, read


def names_lost_with_worked_answers(cells: list) -> list[str]:
    """Names that a kept cell reads but only a removed worked-answer cell defined before it.

    Example (as the test uses it):
        >>> make = nbformat.v4.new_code_cell
        >>> answer = make("x = 1")
        >>> answer.metadata["tags"] = ["worked-answer"]
        >>> names_lost_with_worked_answers([answer, make("print(x)")])
        ['x (cell 1)']
    """
    defined_kept: set[str] = set()
    defined_removed: set[str] = set()
    lost = []
    for index, cell in enumerate(cells):
        if cell.cell_type != "code" or cell.source.lstrip().startswith(("%", "!")):
            continue
        assigned, read = _names(cell.source)
        if is_worked_answer(cell):
            defined_removed |= assigned - defined_kept
            continue
        lost += [f"{name} (cell {index})" for name in sorted(read & defined_removed)
                 if name not in defined_kept and name not in assigned]
        defined_kept |= assigned
    return lost


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_learner_copy_still_runs_without_the_worked_answers(source: Path) -> None:
    cells = nbformat.read(source, as_version=4).cells
    assert names_lost_with_worked_answers(cells) == []


def test_the_lost_name_check_can_fail() -> None:
    make = nbformat.v4.new_code_cell
    answer = make("contacts = load()\nshare = 1")
    answer.metadata["tags"] = ["worked-answer"]
    cells = [make("import pandas as pd"), answer, make("contacts.head()"), make("share = 2"),
             make("share + 1")]
    assert names_lost_with_worked_answers(cells) == ["contacts (cell 2)"]


def test_links_open_the_learner_copies(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["links", "--repo", "https://github.com/acme/csm-lab.git",
                     "--hub", "https://hub.example.org/"]) == 0
    printed = capsys.readouterr().out
    for source in SOURCES:
        assert f"lab%2Ftree%2Fhandout%2F{source.name}" in printed  # Binder
        assert f"lab%2Ftree%2Fcsm-lab%2Fhandout%2F{source.name}" in printed  # nbgitpuller
    assert "https://mybinder.org/v2/gh/acme/csm-lab/main?" in printed
    assert "https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com" \
        "%2Facme%2Fcsm-lab.git&branch=main" in printed


@pytest.mark.parametrize("repo", ["", "github.com/acme", "ftp://x/y", "https://github.com"])
def test_links_refuse_a_bad_repository_address(repo: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["links", "--repo", repo]) == 2
    assert "csm links:" in capsys.readouterr().err


def test_links_refuse_a_path_for_a_notebook() -> None:
    with pytest.raises(ValueError, match="not a notebook file name"):
        links.binder_link("https://github.com/a/b", notebook="../x.ipynb")
