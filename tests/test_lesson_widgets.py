"""Every lesson widget, every control: no value a learner can pick breaks a widget.

The widget factories are found automatically: every public function of every module in
:mod:`csmlib.lessons` (found with :mod:`pkgutil`, so a new lesson module is picked up without
editing this file) whose return annotation is a :class:`~csmlib.ui.widgets.CourseWidget`.
Guard tests below make sure nothing escapes that rule unseen: a widget class without a
factory, or an unannotated function that returns a widget, fails.

For each widget the test builds it and checks it starts without a message, then moves every
control through values other than its start (see :func:`moves`): every other option of a menu
or toggle, the first and last positions of a selection slider, the minimum and maximum of a
slider, narrow ranges of a range slider, empty and full multiple selections, a toggled
checkbox, some text in a text box; buttons are clicked, except *save* buttons (saving is
tested with the portfolio). A menu whose options depend on another control (the dataset
explorer's "equal to", say) is exercised again, with its first and last other options, each
time that control changes its options.
After every change no exception may have been raised (strict mode, set by ``conftest.py``,
re-raises widget errors) and no message may be shown. Putting a control back to its start
value must give the starting result again, and ``static_html()`` must be non-empty HTML.

All problems of one widget are collected and reported together, each naming the control,
the value, the error and the innermost line of the project's own code in the traceback.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
import inspect
import pkgutil
import re
import traceback
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import ipywidgets as widgets
import pytest

import csmlib.lessons
from csmlib.course.exercises import strict_mode
from csmlib.ui.widgets import CourseWidget

#: Factories (``lesson.function``) deliberately not exercised, with the reason. Each one is
#: still collected, as a skipped test that shows the reason.
EXCLUDED: dict[str, str] = {}

#: Factories that take more than a few seconds (most of it their own updates).
SLOW = {"performance.kpi_dashboard", "start_here.dataset_explorer"}

#: Dependent menus are exercised up to this many levels below the control that changed them.
MAX_DEPTH = 2
#: Deeper than this, menus try only their first and last other options (keeps it fast;
#: tests/test_explorer.py charts every column of every table).
EXHAUSTIVE_DEPTH = 0
#: Most options a menu tries at once (spread over the list, first and last included).
MAX_OPTIONS = 40
#: Texts typed into text boxes: a short one, and one with markup, quotes and a new line.
TEXTS = ("A short note.",
         "Two lines: <b>bold</b> & “quoted” words, 20% of calls…\nand a second line here.")


# ------------------------------------------------------------------------------ discovery


@dataclass(frozen=True)
class Factory:
    """A widget factory of a lesson module, e.g. ``planning.staffing_calculator``."""

    id: str
    function: Callable[..., Any]
    returns: type[CourseWidget]


def lesson_modules() -> list[ModuleType]:
    """Every module under :mod:`csmlib.lessons` (found by pkgutil, not listed by hand)."""
    package = csmlib.lessons
    return [importlib.import_module(info.name)
            for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")]


def lesson_name(module: ModuleType) -> str:
    """``csmlib.lessons.planning`` → ``planning``."""
    return module.__name__.removeprefix(f"{csmlib.lessons.__name__}.")


def public_functions(module: ModuleType) -> Iterator[tuple[str, Callable[..., Any]]]:
    """Public functions defined in ``module`` itself (not imported into it)."""
    for name, obj in vars(module).items():
        if not name.startswith("_") and inspect.isfunction(obj) \
                and obj.__module__ == module.__name__:
            yield name, obj


def widget_return(function: Callable[..., Any]) -> type[CourseWidget] | None:
    """The CourseWidget class ``function`` is annotated to return, or None.

    A missing or unresolvable annotation also gives None; such functions are called by
    :func:`test_unannotated_lesson_functions_are_not_widgets` instead.
    """
    try:
        returned = typing.get_type_hints(function).get("return")
    except Exception:  # an annotation that cannot be resolved counts as missing
        return None
    for candidate in (returned, *typing.get_args(returned)):
        if isinstance(candidate, type) and issubclass(candidate, CourseWidget):
            return candidate
    return None


def is_annotated(function: Callable[..., Any]) -> bool:
    """True when ``function`` has a return annotation that resolves."""
    try:
        return "return" in typing.get_type_hints(function)
    except Exception:
        return False


def discover_factories() -> list[Factory]:
    """Every widget factory of every lesson module, in module then source order."""
    found = []
    for module in lesson_modules():
        for name, function in public_functions(module):
            returns = widget_return(function)
            if returns is not None:
                found.append(Factory(f"{lesson_name(module)}.{name}", function, returns))
    return found


def factory_params() -> list[Any]:
    """One pytest parameter per factory, id ``lesson.factory``."""
    params = []
    for factory in discover_factories():
        marks: list[Any] = []
        if factory.id in EXCLUDED:
            marks.append(pytest.mark.skip(reason=f"excluded: {EXCLUDED[factory.id]}"))
        if factory.id in SLOW:
            marks.append(pytest.mark.slow)
        params.append(pytest.param(factory, id=factory.id, marks=marks))
    if not params:
        params.append(pytest.param(None, id="no-factories",
                                   marks=pytest.mark.skip(reason="no widget factory found")))
    return params


# --------------------------------------------------------------------- moving the controls

SELECTIONS = (widgets.Dropdown, widgets.ToggleButtons, widgets.Select, widgets.RadioButtons)
RANGES = (widgets.IntRangeSlider, widgets.FloatRangeSlider)
NUMBERS = (widgets.IntSlider, widgets.FloatSlider, widgets.BoundedIntText,
           widgets.BoundedFloatText)
TOGGLES = (widgets.Checkbox, widgets.ToggleButton)
TEXT_BOXES = (widgets.Text, widgets.Textarea)


@dataclass(frozen=True)
class Move:
    """Set ``attribute`` of a control to ``value``; ``shown`` says what that means."""

    attribute: str
    value: Any
    shown: str


def _spread(indices: list[int], limit: int) -> list[int]:
    """At most ``limit`` of ``indices``, evenly spread, first and last kept."""
    if len(indices) <= limit:
        return indices
    step = (len(indices) - 1) / (limit - 1)
    return sorted({indices[round(i * step)] for i in range(limit)})


def _label(control: widgets.Widget, index: int) -> str:
    """How option ``index`` of a selection control reads, e.g. ``'phone'``."""
    option = control.options[index]
    return repr(option[0] if isinstance(option, tuple) else option)


def describe(control: widgets.Widget, attribute: str, state: Any) -> str:
    """``state`` (a value, or an index or indices) as a learner would read it."""
    if attribute != "index":
        return repr(state)
    if state is None:  # a choice nothing is picked in yet (radio buttons start so)
        return "(nothing chosen)"
    if isinstance(state, int):
        return _label(control, state)
    if isinstance(control, widgets.SelectionRangeSlider):
        return f"{_label(control, state[0])}–{_label(control, state[1])}"
    return "(" + ", ".join(_label(control, i) for i in state) + ")"


def _number_moves(control: widgets.Widget) -> list[Move]:
    low, high, start = control.min, control.max, control.value
    values = [v for v in (low, high) if v != start]
    if len(values) < 2:  # the start is at one end: add the middle (on a step)
        middle = low + round((high - low) / 2 / control.step) * control.step
        values += [v for v in (middle,) if v not in (start, *values)]
    return [Move("value", v, repr(v)) for v in values]


def moves(control: widgets.Widget, exhaustive: bool) -> list[Move] | None:
    """The values to try for ``control`` (none equal to its start); None: no rule for it."""
    if isinstance(control, widgets.DatePicker):
        start = control.value or dt.date(2026, 1, 5)
        return [Move("value", start - dt.timedelta(days=1), "the day before")]
    if isinstance(control, widgets.SelectionRangeSlider):
        last = len(control.options) - 1
        ranges = [(0, 0), (last, last), (0, last)]
        return [Move("index", r, describe(control, "index", r))
                for r in dict.fromkeys(ranges) if r != tuple(control.index)]
    if isinstance(control, widgets.SelectMultiple):
        every = tuple(range(len(control.options)))
        choices = [(), every]
        if exhaustive:
            choices += [(i,) for i in every]
        return [Move("index", c, describe(control, "index", c))
                for c in dict.fromkeys(choices) if c != tuple(control.index)]
    if isinstance(control, widgets.SelectionSlider):
        last = len(control.options) - 1
        indices = dict.fromkeys((0, last, last // 2))
        return [Move("index", i, _label(control, i)) for i in indices if i != control.index]
    if isinstance(control, SELECTIONS):
        others = [i for i in range(len(control.options)) if i != control.index]
        chosen = _spread(others, MAX_OPTIONS if exhaustive else 2)
        return [Move("index", i, _label(control, i)) for i in chosen]
    if isinstance(control, RANGES):
        low, high, step = control.min, control.max, control.step
        ranges = [(low, low), (high, high), (low, low + step)]
        return [Move("value", r, repr(r)) for r in dict.fromkeys(ranges)
                if r != tuple(control.value)]
    if isinstance(control, NUMBERS):
        return _number_moves(control)
    if isinstance(control, TOGGLES):
        return [Move("value", not control.value, repr(not control.value))]
    if isinstance(control, TEXT_BOXES):
        return [Move("value", text, repr(text[:20] + "…")) for text in TEXTS
                if text != control.value]
    return None


def is_save_button(button: widgets.Button) -> bool:
    """A button that saves to the portfolio (not clicked here)."""
    return button.icon == "save" or "save" in button.description.lower()


def where_it_failed(error: BaseException) -> str:
    """The innermost line of our own code in the traceback (not an installed library's),
    and the innermost line of all if that is elsewhere."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return "(no traceback)"
    own = [f for f in frames if "site-packages" not in f.filename
           and not f.filename.startswith("<")] or frames
    text = f"{own[-1].filename}:{own[-1].lineno} in {own[-1].name}: {own[-1].line}"
    if frames[-1] is not own[-1]:
        text += f"\n    raised in {frames[-1].filename}:{frames[-1].lineno}: {frames[-1].line}"
    return text


def message_text(value: str) -> str:
    """The plain text of a widget message."""
    return html.unescape(re.sub(r"<[^>]+>", "", value)).strip()


@dataclass
class Driver:
    """Moves one widget's controls and collects every problem it meets."""

    label: str
    widget: CourseWidget
    problems: list[str] = field(default_factory=list)
    changes: int = 0
    returns: int = 0
    not_clicked: list[str] = field(default_factory=list)
    moved: set[str] = field(default_factory=set)

    def apply(self, control: widgets.Widget, move: Move, where: str) -> bool:
        """Make one change; record a problem (and return False) if it raised or warned."""
        self.changes += 1
        try:
            setattr(control, move.attribute, move.value)
        except Exception as error:
            self.problems.append(f"{where} = {move.shown} raised {type(error).__name__}: "
                                 f"{error}\n    at {where_it_failed(error)}")
            return False
        return self.no_message(f"{where} = {move.shown}")

    def no_message(self, what: str) -> bool:
        """Record a problem if the widget shows a message."""
        if self.widget.message.value:
            self.problems.append(f"{what} showed the message "
                                 f"{message_text(self.widget.message.value)!r}")
            return False
        return True

    def options(self, skip: str) -> dict[str, tuple]:
        """The options of every menu-like control except ``skip``."""
        return {name: tuple(control.options) for name, control in self.widget.controls.items()
                if name != skip and hasattr(control, "options")}

    def click(self, name: str, button: widgets.Button) -> None:
        if is_save_button(button):
            self.not_clicked.append(name)
            return
        before = self.widget.result.value
        self.changes += 1
        self.moved.add(name)
        try:
            button.click()
        except Exception as error:
            self.problems.append(f"clicking {name} ({button.description!r}) raised "
                                 f"{type(error).__name__}: {error}\n"
                                 f"    at {where_it_failed(error)}")
            return
        if self.no_message(f"clicking {name}") and self.widget.result.value != before:
            self.problems.append(f"clicking {name} again changed the result:\n"
                                 f"    before: {before[:300]!r}\n"
                                 f"    after:  {self.widget.result.value[:300]!r}")

    def exercise(self, name: str, context: str = "", depth: int = 0) -> None:
        """Move control ``name`` through its values, then back to its start value."""
        control = self.widget.controls[name]
        where = f"{context}{name}"
        if isinstance(control, widgets.FileUpload) or (
                hasattr(control, "options") and len(control.options) <= 1):
            # an upload needs a file (tests/test_workplace_wizard.py and the browser test
            # upload one); a menu with one choice has nothing else to try yet
            self.not_clicked.append(name)
            return
        if isinstance(control, widgets.Button):
            self.click(name, control)
            return
        planned = moves(control, exhaustive=depth <= EXHAUSTIVE_DEPTH)
        if planned is None:
            self.problems.append(f"{where}: no rule to move a {type(control).__name__}; add "
                                 "one to moves() in tests/test_lesson_widgets.py")
            return
        if not planned:  # e.g. a dependent menu with one option until another control moves
            return
        self.moved.add(name)
        attribute = planned[0].attribute
        start = getattr(control, attribute)
        start_shown = describe(control, attribute, start)
        start_result = self.widget.result.value
        for move in planned:
            before = self.options(skip=name)
            if self.apply(control, move, where) and depth < MAX_DEPTH:
                after = self.options(skip=name)
                for other, options in after.items():
                    if options != before.get(other) and len(options) > 1:
                        self.exercise(other, f"{where} = {move.shown}, then ", depth + 1)
        shown = f"{start_shown} (its start value)"
        self.returns += 1
        restored = self.apply(control, Move(attribute, start, shown), where)
        if restored and self.widget.result.value != start_result:
            self.problems.append(
                f"{where}: back at its start value {start_shown}, the result differs from "
                "before:\n"
                f"    before: {start_result[:300]!r}\n"
                f"    after:  {self.widget.result.value[:300]!r}")


# ------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("factory", factory_params())
def test_lesson_widget(factory: Factory, portfolio_path: Path) -> None:
    """Build the widget, move every control, put it back: no error, same result, static HTML."""
    assert strict_mode(), "CSMLIB_STRICT=1 (tests/conftest.py) must be set for this test"
    widget = factory.function()
    assert isinstance(widget, factory.returns), (
        f"{factory.id}() returned {type(widget).__name__}, not {factory.returns.__name__}")
    portfolio = getattr(widget, "portfolio", None)
    if portfolio is not None:  # forms that save: never the learner's real portfolio
        assert portfolio.path == portfolio_path, f"{factory.id} uses {portfolio.path}"
    assert widget.message.value == "", (
        f"{factory.id}: message when built: {message_text(widget.message.value)!r}")
    start_result = widget.result.value
    driver = Driver(factory.id, widget)
    for name in list(widget.controls):
        driver.exercise(name)
    never = [name for name in widget.controls
             if name not in driver.moved and name not in driver.not_clicked]
    if never:
        driver.problems.append(f"controls with no other value to try, even after the other "
                               f"controls moved: {never}")
    if driver.widget.result.value != start_result:
        driver.problems.append("after every control went back to its start, the result differs"
                               f":\n    before: {start_result[:300]!r}\n"
                               f"    after:  {driver.widget.result.value[:300]!r}")
    try:
        static = widget.static_html()
    except Exception as error:
        driver.problems.append(f"static_html() raised {type(error).__name__}: {error}\n"
                               f"    at {where_it_failed(error)}")
    else:
        if not re.search(r"<[a-zA-Z]", static or ""):
            driver.problems.append(f"static_html() is not HTML: {static!r}")
        elif "csm-message" in static:
            driver.problems.append(f"static_html() shows a message: {message_text(static)!r}")
    print(f"{factory.id}: {len(widget.controls)} controls, "
          f"{driver.changes - driver.returns} values tried or clicks, "
          f"{driver.returns} returns to a start value; "
          f"save buttons not clicked: {driver.not_clicked or 'none'}")
    if driver.problems:
        pytest.fail(f"{factory.id}: {len(driver.problems)} problem(s)\n- "
                    + "\n- ".join(driver.problems), pytrace=False)


def test_lesson_modules_and_factories_are_found() -> None:
    """Discovery works: the course's lessons and some well-known widgets are found."""
    names = {lesson_name(module) for module in lesson_modules()}
    assert {"start_here", "planning", "performance"} <= names
    ids = {factory.id for factory in discover_factories()}
    assert {"start_here.workload_explorer", "planning.staffing_calculator",
            "performance.kpi_dashboard", "start_here.first_reflection"} <= ids
    assert not set(EXCLUDED) - ids, f"stale exclusions: {set(EXCLUDED) - ids}"
    assert not SLOW - ids, f"stale slow marks: {SLOW - ids}"


def test_every_lesson_widget_class_has_a_factory() -> None:
    """A CourseWidget class defined in a lesson module is exercised through a factory."""
    returned = {factory.returns for factory in discover_factories()}
    orphans = [f"{lesson_name(module)}.{name}"
               for module in lesson_modules() for name, obj in vars(module).items()
               if inspect.isclass(obj) and issubclass(obj, CourseWidget)
               and obj.__module__ == module.__name__ and not name.startswith("_")
               and not any(issubclass(r, obj) for r in returned)]
    assert not orphans, (f"widget classes no factory returns (add a factory annotated with the "
                         f"class, so this test exercises it): {orphans}")


def test_unannotated_lesson_functions_are_not_widgets(portfolio_path: Path) -> None:
    """Functions without a return annotation are called: none may return a widget unseen."""
    widgets_found, need_arguments, checked = [], [], []
    for module in lesson_modules():
        for name, function in public_functions(module):
            if is_annotated(function):
                continue
            label = f"{lesson_name(module)}.{name}"
            required = [p.name for p in inspect.signature(function).parameters.values()
                        if p.default is p.empty
                        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
            if required:
                need_arguments.append(f"{label}({', '.join(required)})")
                continue
            checked.append(label)
            if isinstance(function(), CourseWidget):
                widgets_found.append(label)
    print(f"unannotated functions called: {checked}")
    assert not widgets_found, (f"these return a CourseWidget but are not annotated, so "
                               f"test_lesson_widget misses them: {widgets_found}")
    assert not need_arguments, (f"cannot tell whether these return a widget (no return "
                                f"annotation, and they need arguments): {need_arguments}")
