"""Session plans that add up: the course as half-day or full-day workshops.

A workshop has a fixed frame (start, breaks, end). Its notebooks' sections are placed in
order; portfolio writing is set as homework, and when the sections still do not fit, the
latest sections learners can do alone go to homework too, until they fit. Time left over
becomes open discussion, so every plan fills its frame exactly and every section of every
notebook is either done in the room or set as homework, never lost.

Example:
    >>> from csmlib.course.tutor_guide.model import NotebookGuide, Section
    >>> nb = NotebookGuide("09", "p", (Section("1. A", 60, "together"),
    ...                                Section("2. B", 90, "solo"),
    ...                                Section("3. C", 20, "writing")), (), (), ())
    >>> plan = plan_session(HALF_DAY, [nb], title="Demo")
    >>> [(slot.start, slot.what) for slot in plan.slots][:3]
    [('09:30', 'Welcome, aims and recap'), ('09:40', '09 1. A'), ('10:40', 'Break')]
    >>> sum(slot.minutes for slot in plan.slots) == HALF_DAY.minutes
    True
    >>> [(s.notebook, s.heading) for s in plan.homework]  # 60 + 90 + 20 minutes fit
    []
    >>> short = plan_session(HALF_DAY, [nb], title="Late start", setup=20)
    >>> [(s.notebook, s.heading) for s in short.homework]
    [('09', '3. C')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from csmlib.course.tutor_guide.model import NotebookGuide, Section


@dataclass(frozen=True)
class Frame:
    """The fixed shape of a workshop day."""

    name: str
    start: str
    #: minutes for welcome, breaks, lunch and wrap-up, in order of the day
    welcome: int
    breaks: tuple[int, ...]
    lunch: int
    wrap_up: int
    minutes: int

    @property
    def teaching(self) -> int:
        """Minutes left for the notebooks' sections and discussion."""
        return self.minutes - self.welcome - sum(self.breaks) - self.lunch - self.wrap_up


#: 09:30–13:00: a 15-minute break in the middle.
HALF_DAY = Frame("half day", "09:30", welcome=10, breaks=(15,), lunch=0, wrap_up=15,
                 minutes=210)
#: 09:30–16:30: two 15-minute breaks and 45 minutes for lunch.
FULL_DAY = Frame("full day", "09:30", welcome=15, breaks=(15, 15), lunch=45, wrap_up=15,
                 minutes=420)

#: Which notebooks each workshop covers, in each format.
PROGRAMMES: dict[str, tuple[tuple[str, ...], ...]] = {
    HALF_DAY.name: (("00", "01"), ("02",), ("03",), ("04",), ("05",), ("06",), ("07",)),
    FULL_DAY.name: (("00", "01"), ("02", "03"), ("04", "05"), ("06", "07")),
}
#: Extra minutes of welcome in the very first workshop, for getting everyone's course open.
FIRST_SESSION_SETUP = 10


@dataclass(frozen=True)
class Slot:
    """One stretch of a workshop, with its clock time."""

    start: str
    minutes: int
    what: str
    #: ``section`` (a notebook section), ``break``, ``lunch``, ``welcome``, ``discussion``,
    #: ``wrap-up``
    kind: str
    notebook: str = ""
    heading: str = ""


@dataclass(frozen=True)
class Placed:
    """A notebook section, as placed by a plan."""

    notebook: str
    heading: str
    minutes: int
    mode: str
    #: minutes of whole-group discussion added in the room (its prompts)
    discussion: int = 0

    @property
    def room_minutes(self) -> int:
        """What the section takes in the room: its own minutes and its discussion."""
        return self.minutes + self.discussion


@dataclass(frozen=True)
class SessionPlan:
    """One workshop: its slots, what is set as homework and what to cut if running late."""

    title: str
    frame: Frame
    notebooks: tuple[str, ...]
    slots: tuple[Slot, ...]
    homework: tuple[Placed, ...]
    #: sections in the room that can move to homework if the group runs late
    cut_if_late: tuple[Placed, ...]

    @property
    def end(self) -> str:
        """The clock time the workshop ends."""
        return _clock(self.frame.start, self.frame.minutes)


def _clock(start: str, minutes: int) -> str:
    hours, mins = (int(part) for part in start.split(":"))
    total = hours * 60 + mins + minutes
    return f"{total // 60:02d}:{total % 60:02d}"


#: Minutes of whole-group discussion the room adds for each discussion prompt of a section.
DISCUSSION_PER_PROMPT = 5


def _placed(guide: NotebookGuide, section: Section) -> Placed:
    prompts = sum(prompt.section == section.heading for prompt in guide.prompts)
    discussion = 0 if section.mode == "writing" else DISCUSSION_PER_PROMPT * prompts
    return Placed(guide.number, section.heading, section.minutes, section.mode, discussion)


def plan_session(frame: Frame, guides: Sequence[NotebookGuide], *, title: str,
                 setup: int = 0) -> SessionPlan:
    """Place the guides' sections in ``frame``; see the module docstring for the rule.

    In the room a section takes its minutes plus :data:`DISCUSSION_PER_PROMPT` for each of
    its discussion prompts. ``setup`` adds minutes to the welcome (getting everyone's course
    open), taken from the teaching time. Raises ``ValueError`` when even the sections that
    must be done together do not fit.
    """
    sections = [_placed(g, s) for g in guides for s in g.sections]
    room = [s for s in sections if s.mode != "writing"]
    homework: list[Placed] = []
    available = frame.teaching - setup
    while sum(s.room_minutes for s in room) > available:
        solo = [s for s in room if s.mode == "solo"]
        if not solo:
            raise ValueError(
                f"{title}: the sections led together need "
                f"{sum(s.room_minutes for s in room)} minutes, more than the {available} "
                f"the {frame.name} leaves for teaching.")
        room.remove(solo[-1])
        homework.append(solo[-1])
    for writing in (s for s in sections if s.mode == "writing"):
        if not homework and sum(s.room_minutes for s in room) + writing.minutes <= available:
            room.append(writing)  # started in the room, with the tutor there to help
        else:
            homework.append(writing)
    order = {(s.notebook, s.heading): i for i, s in enumerate(sections)}
    room.sort(key=lambda s: order[(s.notebook, s.heading)])
    homework.sort(key=lambda s: order[(s.notebook, s.heading)])
    spare = available - sum(s.room_minutes for s in room)
    slots = _lay_out(frame, room, spare, setup)
    solo_in_room = [s for s in room if s.mode in ("solo", "writing")]
    return SessionPlan(title, frame, tuple(g.number for g in guides), tuple(slots),
                       tuple(homework), tuple(solo_in_room[-1:]))


def _lay_out(frame: Frame, room: list[Placed], spare: int, setup: int) -> list[Slot]:
    """The day's slots: welcome, sections with breaks (and lunch) at the section boundaries
    nearest their even spacing, discussion from the spare minutes, wrap-up."""
    pauses = [("Break", "break", m) for m in frame.breaks]
    if frame.lunch:
        pauses.insert(len(pauses) // 2 + len(pauses) % 2, ("Lunch", "lunch", frame.lunch))
    total = sum(s.room_minutes for s in room)
    targets = [total * (i + 1) / (len(pauses) + 1) for i in range(len(pauses))]
    boundaries, elapsed = [], 0
    for section in room[:-1]:
        elapsed += section.room_minutes
        boundaries.append(elapsed)
    cut_after: list[int] = []
    for target in targets:  # the boundary nearest each target, each used once, in order
        free = [i for i in range(len(boundaries)) if not cut_after or i > cut_after[-1]]
        cut_after.append(min(free, key=lambda i: abs(boundaries[i] - target)) if free
                         else len(room) - 1)
    slots: list[Slot] = []
    clock = frame.start

    def add(minutes: int, what: str, kind: str, notebook: str = "", heading: str = "") -> None:
        nonlocal clock
        slots.append(Slot(clock, minutes, what, kind, notebook, heading))
        clock = _clock(clock, minutes)

    add(frame.welcome + setup, "Welcome, aims and recap" if not setup else
        "Welcome, aims, and getting everyone's course open", "welcome")
    pause_at: dict[int, list[tuple[str, str, int]]] = {}
    for index, pause in zip(cut_after, pauses, strict=True):
        pause_at.setdefault(index, []).append(pause)
    for index, section in enumerate(room):
        what = f"{section.notebook} {section.heading}"
        if section.discussion:
            what += f" ({section.minutes} min, then {section.discussion} min discussion)"
        elif section.mode == "writing":
            what += " (writing starts in the room; finish as homework)"
        add(section.room_minutes, what, "section", section.notebook, section.heading)
        for what, kind, minutes in pause_at.get(index, []):
            add(minutes, what, kind)
    if spare:
        add(spare, "Catch-up, questions and one-to-one portfolio checks", "discussion")
    add(frame.wrap_up, "Wrap-up: key points, homework, portfolio check", "wrap-up")
    return slots


def programme(frame: Frame, guides: dict[str, NotebookGuide]) -> list[SessionPlan]:
    """The whole course as workshops of one format (see :data:`PROGRAMMES`)."""
    plans = []
    for index, numbers in enumerate(PROGRAMMES[frame.name]):
        title = f"Workshop {index + 1}: notebook{'s' if len(numbers) > 1 else ''} " + \
            " and ".join(numbers)
        plans.append(plan_session(frame, [guides[n] for n in numbers], title=title,
                                  setup=FIRST_SESSION_SETUP if index == 0 else 0))
    return plans
