"""A sweep over every public function of the analysis, data and course layers with hostile
arguments.

Each required argument in turn is replaced by something a clumsy or hostile caller might pass
(NaN, infinity, a negative or huge number, text, None, an empty or wrong table) while the
others stay sensible. Every call must either return or raise ValueError (csmlib's own errors
are ValueErrors): never a raw AttributeError, TypeError or KeyError from deep inside. New
public functions are swept automatically.
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import pytest

import csmlib.analysis
import csmlib.course
import csmlib.data
from csmlib.analysis import kpis
from csmlib.course.portfolio import PortfolioError
from csmlib.data.store import DataError

HOSTILE_VALUES: tuple[Any, ...] = (math.nan, math.inf, -1, 0, 1e12, "x", None)
#: Modules and functions not swept, with the reason.
NOT_SWEPT = {
    "csmlib.analysis.checks": "argument checks used inside csmlib: their arguments come "
                              "from code",
    "csmlib.data.text": "text templates used by the generator, not called by learners",
    "csmlib.course.style": "colour constants only",
    "csmlib.data.store.use_organisation": "switches the organisation of the whole test "
                                          "session; its bad input is probed in "
                                          "test_robustness_data.py",
    "csmlib.data.store.use_default_organisation": "switches the organisation of the whole "
                                                  "test session",
}
PACKAGES = (csmlib.analysis, csmlib.data, csmlib.course)


def _hostile_tables() -> tuple[Any, ...]:
    return (pd.DataFrame(), None, "table", kpis.example_contacts().assign(wait_s="a"))


def _public_functions() -> Iterator[tuple[str, Callable[..., Any]]]:
    for package in PACKAGES:
        for info in pkgutil.iter_modules(package.__path__):
            module_name = f"{package.__name__}.{info.name}"
            if module_name in NOT_SWEPT:
                continue
            module = importlib.import_module(module_name)
            for name, function in inspect.getmembers(module, inspect.isfunction):
                if (not name.startswith("_") and function.__module__ == module.__name__
                        and f"{module_name}.{name}" not in NOT_SWEPT):
                    yield f"{module_name.removeprefix('csmlib.')}.{name}", function


def _is_table(parameter: inspect.Parameter) -> bool:
    return "DataFrame" in str(parameter.annotation)


def _sensible(parameter: inspect.Parameter) -> Any:
    if _is_table(parameter):
        return kpis.example_contacts()
    if "str" in str(parameter.annotation) and "float" not in str(parameter.annotation):
        return "phone"
    return 1


def _calls() -> Iterator[Any]:
    for label, function in _public_functions():
        required = [p for p in inspect.signature(function).parameters.values()
                    if p.default is inspect.Parameter.empty
                    and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        for target in required:
            values = _hostile_tables() if _is_table(target) else HOSTILE_VALUES
            for value in values:
                arguments = {p.name: (value if p is target else _sensible(p)) for p in required}
                yield pytest.param(function, arguments, id=f"{label}({target.name}={value!r:.20})")


CALLS = list(_calls())


def test_the_sweep_covers_the_three_lower_layers() -> None:
    modules = {label.rsplit(".", 1)[0] for label, _ in _public_functions()}
    assert {"analysis.kpis", "analysis.staffing", "analysis.simulation", "analysis.budget",
            "analysis.forecasting", "analysis.feedback", "analysis.standards",
            "analysis.repeats", "analysis.kpi_cube", "data.store", "data.schema",
            "data.generator", "data.dictionary", "course.criteria", "course.portfolio",
            "course.export", "course.handout", "course.exercises"} <= modules
    assert len(CALLS) > 700


@pytest.mark.parametrize(("function", "arguments"), CALLS)
def test_hostile_arguments_get_an_answer_or_a_clear_error(
        function: Callable[..., Any], arguments: dict[str, Any], tmp_path, monkeypatch) -> None:
    """An answer, a ValueError or csmlib's own error (DataError, PortfolioError), with words;
    never a raw AttributeError, TypeError or KeyError. Run in a scratch folder, so nothing a
    call writes can land in the working folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CSMLIB_PORTFOLIO", str(tmp_path / "portfolio.sqlite"))
    try:
        function(**arguments)
    except (ValueError, DataError, PortfolioError) as error:
        assert str(error).strip(), "an error must say what is wrong"
