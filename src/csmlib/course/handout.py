"""Learner handouts: copies of the notebooks with the worked answers taken out.

A worked answer is a code cell tagged ``worked-answer``. In the handout it becomes a short
note, so the learner sees where the answer will be discussed. The markdown cell that explains
it, directly before it and beginning with ``**Worked answer.**``, goes too (it would give the
method away). Handouts carry no outputs and no execution counts: every code cell starts
unrun, and saved widget state is left out.

Example:
    >>> import nbformat, tempfile, pathlib
    >>> src, out = pathlib.Path(tempfile.mkdtemp()), pathlib.Path(tempfile.mkdtemp())
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    >>> nb.cells[0].metadata["tags"] = ["worked-answer"]
    >>> nbformat.write(nb, src / "x.ipynb")
    >>> make_handout(src, out)
    {'x.ipynb': 1}
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import nbformat

from csmlib.analysis import checks

WORKED_ANSWER_TAG = "worked-answer"
#: How a markdown cell explaining the worked answer below it begins ("**Worked answer.**").
EXPLANATION_START = re.compile(r"^\s*(\*\*|__)\s*worked answer\s*[.:]?\s*(\*\*|__)",
                               re.IGNORECASE)
PLACEHOLDER = ("*The worked answer for this exercise has been removed from your copy. "
               "Your tutor will go through it in the workshop.*")


def cell_tags(cell: Any) -> set[str]:
    """A cell's tags, tidied: lower case, no spaces around; a single string or ``null`` works.

    Example:
        >>> sorted(cell_tags({"metadata": {"tags": [" Worked-Answer ", None, "x"]}}))
        ['worked-answer', 'x']
        >>> cell_tags({"metadata": {"tags": "worked-answer, other"}}) == {"worked-answer", "other"}
        True
        >>> cell_tags({"metadata": {"tags": None}}), cell_tags({"metadata": None})
        (set(), set())
    """
    metadata = cell.get("metadata") if isinstance(cell, dict) else None
    tags = metadata.get("tags") if isinstance(metadata, dict) else None
    if tags is None:
        return set()
    if isinstance(tags, str):
        tags = re.split(r"[,\s]+", tags)
    elif not isinstance(tags, list | tuple | set):
        tags = [tags]
    return {str(tag).strip().lower() for tag in tags if tag is not None and str(tag).strip()}


def is_worked_answer(cell: Any) -> bool:
    """True if the cell is tagged ``worked-answer`` (exactly, ignoring case and spaces).

    Example:
        >>> is_worked_answer({"metadata": {"tags": ["not-a-worked-answer"]}})
        False
    """
    return WORKED_ANSWER_TAG in cell_tags(cell)


def explains_worked_answer(cell: Any) -> bool:
    """True for a markdown cell that begins ``**Worked answer.**`` (the explanation of a
    worked answer; the handout drops it when the worked answer follows it directly).

    Example:
        >>> explains_worked_answer({"cell_type": "markdown",
        ...                         "source": "**Worked answer.** Divide by all calls."})
        True
        >>> explains_worked_answer({"cell_type": "markdown", "source": "Try it yourself."})
        False
    """
    if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
        return False
    source = cell.get("source", "")
    if isinstance(source, list):
        source = "".join(str(line) for line in source)
    return isinstance(source, str) and bool(EXPLANATION_START.match(source))


def make_handout(notebooks: Path, out: Path) -> dict[str, int]:
    """Copy every notebook in ``notebooks`` to ``out`` without worked answers.

    Returns how many worked answers were taken out of each notebook (each worked-answer cell,
    with the explanation cell just before it, if any). The copies are made in a staging
    folder first and moved into ``out`` only when every notebook is done, so a failure leaves
    ``out`` as it was, never half-written. Problems raise ``ValueError`` naming the file.
    """
    for name, value in (("notebooks", notebooks), ("out", out)):
        checks.instance(name, value, (str, os.PathLike), "a folder path")
    notebooks, out = Path(notebooks), Path(out)
    sources = sorted(notebooks.glob("*.ipynb"))
    if not sources:
        raise FileNotFoundError(f"No notebooks (*.ipynb) found in {notebooks}.")
    if out.resolve() == notebooks.resolve():
        raise ValueError("Choose an --out folder different from the notebooks folder.")
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out} is a file, not a folder. Choose a folder name.")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    except OSError as error:
        raise ValueError(f"Cannot write the handout beside {out} ({error}). Choose an --out "
                         "folder you may write to.") from error
    try:
        report = {source.name: _strip(source, staging / source.name) for source in sources}
        _move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _strip(source: Path, target: Path) -> int:
    """Write ``source`` to ``target`` without worked answers or outputs; return how many
    worked answers were replaced."""
    try:
        notebook = nbformat.read(source, as_version=4)
    except Exception as error:  # noqa: BLE001 - any unreadable notebook is named, not dumped
        raise ValueError(f"{source} could not be read as a notebook ({error}). Open it in "
                         "Jupyter and save it again, or remove it from the folder.") from error
    cells = list(notebook.cells)
    kept = []
    removed = 0
    for index, cell in enumerate(cells):
        following = cells[index + 1] if index + 1 < len(cells) else None
        if is_worked_answer(cell):
            note = nbformat.v4.new_markdown_cell(PLACEHOLDER)
            note["id"] = cell.get("id") or f"handout-{index}"
            kept.append(note)
            removed += 1
        elif explains_worked_answer(cell) and following is not None and is_worked_answer(
                following):
            continue  # the explanation of the worked answer that follows
        else:
            kept.append(_without_outputs(cell))
    notebook.cells = kept
    if isinstance(notebook.get("metadata"), dict):
        notebook.metadata.pop("widgets", None)  # saved widget state: outputs by another name
    try:
        nbformat.write(notebook, target)
    except Exception as error:  # noqa: BLE001
        raise ValueError(f"The handout copy of {source.name} could not be written "
                         f"({error}).") from error
    return removed


def _without_outputs(cell: Any) -> Any:
    """The cell as a learner should first see it: a code cell unrun, without outputs."""
    if cell.get("cell_type") == "code":
        cell["outputs"] = []
        cell["execution_count"] = None
        if isinstance(cell.get("metadata"), dict):
            cell.metadata.pop("execution", None)  # run timings
    return cell


def _move_into_place(staging: Path, out: Path) -> None:
    try:
        if not out.exists():
            os.replace(staging, out)  # one rename: the whole handout appears at once
            return
        for finished in sorted(staging.iterdir()):
            os.replace(finished, out / finished.name)
    except OSError as error:
        raise ValueError(f"The handout could not be put in {out} ({error}). Choose an --out "
                         "folder you may write to.") from error
