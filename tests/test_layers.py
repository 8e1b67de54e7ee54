"""The package's layers, enforced: dependencies point one way.

    lessons → ui → course and data → analysis

* ``analysis``, ``data`` and ``course`` never import ipywidgets, anywidget, ``csmlib.ui`` or
  ``csmlib.lessons`` (they must work where no widget can be shown);
* ``analysis`` never imports the loaders (``csmlib.data`` other than its schema): its
  functions take tables and numbers, so the generator can use them without a circle;
* ``course`` and ``data`` never import each other (except the tutor guide, which describes
  the default data: ``COURSE_READING_DATA``), nor widgets or the lessons; ``ui`` never
  imports a lesson; no lesson imports another lesson;
* there are no import cycles between modules, counting package ``__init__`` files.

Imports anywhere in a module count, including those inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "csmlib"
WIDGET_LIBRARIES = ("ipywidgets", "anywidget")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, as absolute dotted names (``from a import b`` gives
    ``a.b`` when ``a.b`` is a module of the package, else ``a``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import
                base = _module_name(path).split(".")
                if path.name != "__init__.py":
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            for alias in node.names:
                candidate = f"{module}.{alias.name}"
                if candidate in MODULES:
                    found.add(candidate)
    return found


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH: dict[str, set[str]] = {name: _imports(path) for name, path in MODULES.items()}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _in_layer(layer: str) -> list[str]:
    return [m for m in MODULES if _layer(m) == layer]


def _violations(layer: str, forbidden: tuple[str, ...], allowed: tuple[str, ...] = ()
                ) -> list[str]:
    bad = []
    for module in _in_layer(layer):
        for target in GRAPH[module]:
            hit = any(target == f or target.startswith(f + ".") for f in forbidden)
            if hit and not any(target == a or target.startswith(a + ".") for a in allowed):
                bad.append(f"{module} imports {target}")
    return sorted(bad)


def test_the_layers_exist() -> None:
    for layer in ("analysis", "course", "data", "ui", "lessons"):
        assert _in_layer(layer), f"csmlib.{layer} is missing"
    flat = [m for m in MODULES if m.count(".") == 1 and _layer(m) not in (
        "analysis", "course", "data", "ui", "lessons")]
    assert sorted(flat) == ["csmlib._version", "csmlib.cli"], flat


@pytest.mark.parametrize("layer", ["analysis", "data", "course"])
def test_lower_layers_never_import_widgets_ui_or_lessons(layer: str) -> None:
    assert _violations(layer, (*WIDGET_LIBRARIES, "csmlib.ui", "csmlib.lessons")) == []


def test_analysis_never_loads_data() -> None:
    """Analysis may check tables against the schema, nothing else from csmlib.data."""
    assert _violations("analysis", ("csmlib.data", "csmlib.course"),
                       allowed=("csmlib.data.schema",)) == []


#: The one part of ``course`` that reads data: the tutor guide describes the default
#: organisation's data (its figures are computed from it), as a tutor would read it.
COURSE_READING_DATA = ("csmlib.course.tutor_guide",)


def test_course_and_data_stay_apart_from_each_other_s_upper_layers() -> None:
    assert [v for v in _violations("course", ("csmlib.data",))
            if not v.startswith(tuple(f"{m}." for m in COURSE_READING_DATA))] == []
    assert _violations("data", ("csmlib.course",)) == []


def test_ui_never_imports_a_lesson() -> None:
    assert _violations("ui", ("csmlib.lessons",)) == []


def test_no_lesson_imports_another() -> None:
    bad = [f"{m} imports {t}" for m in _in_layer("lessons") for t in GRAPH[m]
           if t.startswith("csmlib.lessons.") and t != m]
    assert bad == []


def test_no_import_cycles() -> None:
    """Depth-first search over module imports (package __init__ files included: importing
    ``csmlib.data.schema`` runs ``csmlib/data/__init__.py`` first)."""
    edges: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        inner = {t for t in targets if t in MODULES and t != module}
        # importing a.b.c first imports the packages a and a.b
        for target in list(inner):
            parts = target.split(".")
            inner.update(".".join(parts[:i]) for i in range(2, len(parts))
                         if ".".join(parts[:i]) in MODULES and ".".join(parts[:i]) != module)
        edges[module] = inner
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target):], target] if target in path
                              else [*path, target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for module in sorted(MODULES):
        if module not in state:
            visit(module, [module])
    assert cycles == [], " ; ".join(" → ".join(c) for c in cycles)


def test_the_checker_sees_imports_inside_functions(tmp_path: Path) -> None:
    """The rules would catch a widget import hidden in a function body."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    import ipywidgets\n    from csmlib.ui import charts\n")
    found = _imports(sample)
    assert {"ipywidgets", "csmlib.ui"} <= found
