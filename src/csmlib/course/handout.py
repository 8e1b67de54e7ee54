"""Learner handouts: copies of the notebooks with the worked answers taken out.

A worked answer is a code cell tagged ``worked-answer``. In the handout it becomes a short
note, so the learner sees where the answer will be discussed.

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

from pathlib import Path

import nbformat

WORKED_ANSWER_TAG = "worked-answer"
PLACEHOLDER = ("*The worked answer for this exercise has been removed from your copy. "
               "Your tutor will go through it in the workshop.*")


def make_handout(notebooks: Path, out: Path) -> dict[str, int]:
    """Copy every notebook in ``notebooks`` to ``out`` without worked answers.

    Returns how many cells were removed from each notebook.
    """
    sources = sorted(Path(notebooks).glob("*.ipynb"))
    if not sources:
        raise FileNotFoundError(f"No notebooks (*.ipynb) found in {notebooks}.")
    if Path(out).resolve() == Path(notebooks).resolve():
        raise ValueError("Choose an --out folder different from the notebooks folder.")
    Path(out).mkdir(parents=True, exist_ok=True)
    report: dict[str, int] = {}
    for source in sources:
        notebook = nbformat.read(source, as_version=4)
        removed = 0
        for index, cell in enumerate(notebook.cells):
            if WORKED_ANSWER_TAG in cell.get("metadata", {}).get("tags", []):
                note = nbformat.v4.new_markdown_cell(PLACEHOLDER)
                note["id"] = cell.get("id", f"handout-{index}")
                notebook.cells[index] = note
                removed += 1
        nbformat.write(notebook, Path(out) / source.name)
        report[source.name] = removed
    return report
