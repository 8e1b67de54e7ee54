"""The real-browser test for the other half of the notebooks (see ``test_browser.py``).

It is a file of its own so that ``pytest -n auto --dist loadfile`` (the README's ``make test``)
runs the two halves on two workers at once, each with its own JupyterLab and Chromium.
"""

from __future__ import annotations

import pytest
from test_browser import (  # noqa: F401  (the fixtures are used by name)
    browser,
    chromium,
    lab_server,
    notebook_params,
)
from test_browser import test_notebook_runs_in_jupyterlab as run_in_jupyterlab


@pytest.mark.browser
@pytest.mark.parametrize("notebook", notebook_params(1))
def test_notebook_runs_in_jupyterlab(notebook: str, lab_server, browser) -> None:  # noqa: F811
    """Run All in a real JupyterLab, as in ``test_browser.py``, for the other notebooks."""
    run_in_jupyterlab(notebook, lab_server, browser)
