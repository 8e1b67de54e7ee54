"""csmlib: the helper library of the Customer Service Management Lab course pack.

The library is in layers; each depends only on the layers below it:

* ``csmlib.lessons`` — one module per notebook: its widgets, exercises and artefact;
* ``csmlib.ui`` — the widget base, forms, charts and the dataset explorer;
* ``csmlib.course`` — criteria, course map, exercises, portfolio, export, handouts;
  ``csmlib.data`` — the synthetic organisation, its schema and loaders;
* ``csmlib.analysis`` — the domain maths (KPIs, forecasting, staffing, simulation, budget,
  feedback), pure functions of tables and numbers.

Importing csmlib has no side effects: nothing is read, written or displayed until you call
a function, and no layer is imported until you ask for it.

Example:
    >>> import csmlib
    >>> from csmlib.course import criteria
    >>> criteria.get("7.2").outcome.title
    'Evidence'
    >>> csmlib.__version__ == csmlib._version.__version__
    True
"""

from csmlib._version import __version__

__all__ = ["__version__"]
