"""PDCA improvement cycles played forward on the organisation's own weekly record.

A manager who wants to improve a measure plans a change (**Plan**), tries it for some weeks
(**Do**), reads a control chart to see whether the measure really moved (**Check**) and then
adopts, adapts or abandons the change (**Act**), and goes round again. This module holds the
maths of that loop for the course's PDCA simulator:

* :data:`MEASURES` — the problems found earlier in the course, each with the weekly measure
  that shows it: customers coming back within 7 days (by team), complaints resolved by the
  close of the third business day, and survey comments about the app and website;
* :func:`weekly_history` — the measure week by week from the data (only whole weeks whose
  outcome is known);
* :data:`CHANGES` — the changes a learner can try for each problem. Each has a **true
  effect** the learner does not see: some work, some do too little to show in a few weeks,
  one makes things worse. The true effects are course assumptions, set out in the tutors'
  notes, not published figures;
* :func:`play_forward` — the weeks after the data, simulated from the measure's own weekly
  volumes and week-to-week variation, with the changes in force;
* :class:`Project` — several cycles in a row, the control chart that judges them, and the
  **improvement log** (aim, change, measure, result, decision, next step).

Bounds: a cycle runs 2 to 12 weeks and a project at most 8 cycles; the simulated rate stays
between 0 and 1. The weekly volumes are drawn from the team's or centre's own weeks, and the
extra week-to-week variation beyond chance is estimated from the history, so a simulated
week varies as a real one does.

Example:
    >>> import pandas as pd
    >>> history = pd.DataFrame({"week": pd.date_range("2026-01-05", periods=12, freq="7D"),
    ...                         "count": [30] * 12, "of": [100] * 12})
    >>> history["value"] = history["count"] / history["of"]
    >>> project = Project("repeat_contacts", history, team="Team Aspen", target=0.25, seed=1)
    >>> cycle = project.do("confirm_fix", weeks=6, plan="Agents check the fix before closing.")
    >>> check = project.check()
    >>> check.signal in ("improvement", "none", "concern")
    True
    >>> project.act("adopt", "Keep it and spread it to the other teams.")
    >>> project.log()["Decision"].tolist()
    ['Adopt']
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from csmlib.analysis import bank_holidays, spc

__all__ = ["CHANGES", "DECISIONS", "MAX_CYCLES", "MEASURES", "Change", "Check", "Cycle",
           "Measure", "Project", "decision_feedback", "monthly_rate", "play_forward",
           "weekly_history"]

MAX_CYCLES = 8
WEEKS_RANGE = (2, 12)
#: the decisions at Act, as the log shows them
DECISIONS = {"adopt": "Adopt", "adapt": "Adapt", "abandon": "Abandon"}


@dataclass(frozen=True)
class Measure:
    """A weekly measure of a problem found earlier in the course."""

    key: str
    label: str                 #: heading, e.g. "Customers who contact again within 7 days"
    short: str                 #: in a sentence, e.g. "repeat-contact rate"
    improvement: str           #: "increase" or "decrease" is better
    by_team: bool              #: measured for one team, or for the whole centre
    problem: str               #: the problem, as the learner met it
    found_in: str              #: where in the course
    how: str                   #: how the weekly figure is computed


MEASURES: dict[str, Measure] = {m.key: m for m in (
    Measure("repeat_contacts", "Customers who contact again within 7 days",
            "repeat-contact rate", "decrease", True,
            "Customers have to come back because their problem was not solved the first time.",
            "Notebook 03 (the KPI dashboard) and notebook 02 (repeat contacts add demand)",
            "each week, the share of the team's answered contacts whose customer contacted "
            "us again (any channel, any team) within 7 days; weeks whose 7 days after are "
            "not all in the data are left out"),
    Measure("fcr", "Contacts resolved at first contact", "first-contact resolution",
            "increase", True,
            "Customers' problems are not solved on their first contact.",
            "Notebook 03 (the KPI dashboard)",
            "each week, the share of the team's answered contacts marked resolved at first "
            "contact by the agent"),
    Measure("complaint_speed", "Complaints resolved within 3 business days",
            "share of complaints resolved within 3 business days", "increase", False,
            "Most complaints take more than 3 business days, so they need a formal final "
            "response and customers wait longer.",
            "Notebook 04 (complaint timeliness)",
            "each week, the share of complaints received that were resolved by the close of "
            "the third business day after receipt (England and Wales bank holidays skipped); "
            "weeks whose deadlines pass after the data ends are left out"),
    Measure("app_comments", "Survey comments about the app and website",
            "share of comments about the app", "decrease", False,
            "Comments about the app and website grow week by week, while CSAT stays on target.",
            "Notebook 03 (the comment theme explorer)",
            "each week, the share of survey comments whose theme is 'digital and app'"),
)}


@dataclass(frozen=True)
class Change:
    """A change a learner can try. ``effect`` (share points, signed) and ``fixes`` (the
    share of a growing problem's excess it removes) are the simulation's hidden truth."""

    key: str
    measure: str
    title: str
    what: str
    effect: float = 0.0
    fixes: float = 0.0
    ramp_weeks: int = 2


CHANGES: dict[str, Change] = {c.key: c for c in (
    Change("confirm_fix", "repeat_contacts", "Confirm the fix before closing",
           "Agents check with the customer that the problem is solved before closing, and "
           "book any follow-up themselves so the customer does not have to chase.",
           effect=-0.045, ramp_weeks=2),
    Change("knowledge_base", "repeat_contacts", "Rewrite the knowledge base for the top "
           "five reasons", "The team rewrites the answers agents use for the five commonest "
           "reasons for contact, with the checks to make before closing.",
           effect=-0.02, ramp_weeks=3),
    Change("text_summary", "repeat_contacts", "Text a summary after each contact",
           "Every customer gets a text message saying what was done and what happens next.",
           effect=-0.003, ramp_weeks=1),
    Change("shorter_calls", "repeat_contacts", "Cut the handle-time target by 30 seconds",
           "Agents are asked to keep contacts 30 seconds shorter to cut queues.",
           effect=0.02, ramp_weeks=1),
    Change("front_line_redress", "complaint_speed", "Let the front line settle simple "
           "complaints", "Agents may resolve a complaint on the spot with an apology, an "
           "explanation and redress up to £50, without passing it to the complaints team.",
           effect=0.12, ramp_weeks=2),
    Change("daily_huddle", "complaint_speed", "A daily 10-minute complaints huddle",
           "The complaints team meets each morning to share out new complaints and unblock "
           "old ones.", effect=0.03, ramp_weeks=1),
    Change("templates", "complaint_speed", "Standard response letters",
           "Handlers use approved templates for the commonest outcomes.",
           effect=0.015, ramp_weeks=2),
    Change("manager_sign_off", "complaint_speed", "A manager signs off every response",
           "No response goes out until a manager has read and approved it.",
           effect=-0.07, ramp_weeks=1),
    Change("fix_self_service", "app_comments", "Fix the self-service tasks the update broke",
           "The digital team fixes the app and website tasks customers describe in their "
           "comments, starting with the commonest.", fixes=0.85, ramp_weeks=2),
    Change("help_page", "app_comments", "Publish a help page for the app",
           "A page and a pinned social-media post explain how to get round the problems.",
           fixes=0.12, ramp_weeks=1),
    Change("push_the_app", "app_comments", "Tell every caller to use the app next time",
           "Agents end each call by recommending the app.", effect=0.015, ramp_weeks=1),
)}


# ------------------------------------------------------------------ weekly history
def _week_start(times: pd.Series) -> pd.Series:
    return times.dt.to_period("W-SUN").dt.start_time


def _whole_weeks(frame: pd.DataFrame, last_known: pd.Timestamp) -> pd.DataFrame:
    """Keep only weeks that end (Sunday midnight) no later than ``last_known``."""
    return frame[frame["week"] + pd.Timedelta(days=7) <= last_known]


def _weekly(week: pd.Series, hit: pd.Series) -> pd.DataFrame:
    grouped = pd.DataFrame({"week": week.to_numpy(), "hit": hit.to_numpy(dtype=bool)}
                           ).groupby("week")["hit"]
    out = pd.DataFrame({"count": grouped.sum().astype(int), "of": grouped.size().astype(int)})
    out = out.reset_index()
    out["value"] = out["count"] / out["of"]
    return out


def _repeat_history(contacts: pd.DataFrame, team: str | None) -> pd.DataFrame:
    if "contacted_again_7d" not in contacts:
        raise ValueError("The contacts table has no column 'contacted_again_7d' (customers "
                         "who contacted us again within 7 days). Add it with "
                         "csmlib.analysis.repeats.contacted_again(contacts).")
    if not team:
        raise ValueError("Choose a team: the repeat-contact rate is measured team by team.")
    in_team = _team_rows(contacts, team)
    arrived = contacts["arrived_at"]
    last_known = arrived.max() - pd.Timedelta(days=7)
    # the flag is missing (NA) where the 7 days after are not all in the data
    known = contacts["contacted_again_7d"].notna().to_numpy()
    mine = in_team & contacts["answered"].astype(bool).to_numpy() & known
    rows = contacts.loc[mine]
    weekly = _weekly(_week_start(rows["arrived_at"]), rows["contacted_again_7d"].astype(bool))
    return _whole_weeks(weekly, last_known)


def _team_rows(contacts: pd.DataFrame, team: str | None) -> np.ndarray:
    """Which rows are the team's; a clear error naming the teams if it has none."""
    mine = (contacts["team"] == team).fillna(False).to_numpy(dtype=bool) if team else None
    if mine is None or not mine.any():
        names = sorted(str(t) for t in pd.unique(contacts["team"].dropna()) if str(t))
        raise ValueError(f"There is no team {team!r} in the contacts table; the teams are "
                         f"{', '.join(names)}.")
    return mine


def _fcr_history(contacts: pd.DataFrame, team: str | None) -> pd.DataFrame:
    mine = _team_rows(contacts, team) & contacts["answered"].astype(bool).to_numpy()
    rows = contacts.loc[mine]
    weekly = _weekly(_week_start(rows["arrived_at"]),
                     rows["resolved_first_contact"].astype(bool))
    return _whole_weeks(weekly, contacts["arrived_at"].max().normalize() + pd.Timedelta(days=1))


def monthly_rate(contacts: pd.DataFrame, measure: str, team: str) -> pd.Series:
    """A team's rate month by month (index: the month's first day), for the months with at
    least 21 days of known outcomes: what a month-on-month report shows.

    Example:
        >>> import pandas as pd
        >>> days = pd.date_range("2026-01-01 10:00", "2026-02-28 10:00", freq="D")
        >>> contacts = pd.DataFrame({"arrived_at": days, "team": "Team A", "answered": True,
        ...                          "resolved_first_contact": days.month == 1})
        >>> monthly_rate(contacts, "fcr", "Team A").tolist()
        [1.0, 0.0]
    """
    spec = _measure(measure)
    if spec.key not in ("fcr", "repeat_contacts"):
        raise ValueError("monthly_rate() is for the team measures: 'fcr' or "
                         "'repeat_contacts'.")
    column = "resolved_first_contact" if spec.key == "fcr" else "contacted_again_7d"
    for name in ("arrived_at", "team", "answered", column):
        if name not in contacts:
            raise ValueError(f"The contacts table has no column {name!r}.")
    known = contacts["arrived_at"].max().normalize() + pd.Timedelta(days=1)
    if spec.key == "repeat_contacts":
        known = contacts["arrived_at"].max() - pd.Timedelta(days=7)
    mine = _team_rows(contacts, team) & contacts["answered"].astype(bool).to_numpy() & (
        contacts["arrived_at"] <= known).to_numpy() & contacts[column].notna().to_numpy()
    rows = contacts.loc[mine]
    if rows.empty:
        raise ValueError(f"No answered contacts for {team!r}.")
    month = rows["arrived_at"].dt.to_period("M").dt.start_time
    days = rows["arrived_at"].dt.normalize().groupby(month).nunique()
    rate = rows[column].astype(bool).groupby(month).mean()
    return rate[days >= 21].rename(spec.short)


def _complaint_history(complaints: pd.DataFrame) -> pd.DataFrame:
    received = pd.to_datetime(complaints["received_at"])
    resolved = pd.to_datetime(complaints["resolved_at"])
    days = received.dt.normalize().to_numpy("datetime64[D]")
    holidays = np.array(bank_holidays.between(
        pd.Timestamp(days.min()).date() - pd.Timedelta(days=7),
        pd.Timestamp(days.max()).date() + pd.Timedelta(days=40)), dtype="datetime64[D]")
    # the third business day after receipt (receipt on a non-business day counts from the
    # next one), as csmlib.analysis.complaints.add_business_days does one at a time
    due = np.busday_offset(days, 3, roll="backward", holidays=holidays)
    met = resolved.notna().to_numpy() & (
        resolved.dt.normalize().to_numpy("datetime64[D]") <= due)
    last_day = max(received.max(), resolved.max()).normalize()
    weekly = _weekly(_week_start(received), pd.Series(met))
    # a week is judged once every complaint in it has reached its deadline
    judged = []
    for week in weekly["week"]:
        last_due = np.busday_offset(np.datetime64((week + pd.Timedelta(days=6)).date(), "D"),
                                    3, roll="backward", holidays=holidays)
        judged.append(pd.Timestamp(last_due) < last_day)
    return weekly[np.array(judged, dtype=bool)].reset_index(drop=True)


def _comment_history(contacts: pd.DataFrame) -> pd.DataFrame:
    comment = contacts["comment"].fillna("").astype(str).str.strip()
    rows = contacts[comment != ""]
    weekly = _weekly(_week_start(rows["arrived_at"]),
                     rows["comment_theme"].astype(str) == "digital and app")
    return _whole_weeks(weekly, contacts["arrived_at"].max().normalize() + pd.Timedelta(days=1))


def weekly_history(measure: str, *, contacts: pd.DataFrame | None = None,
                   complaints: pd.DataFrame | None = None, team: str | None = None
                   ) -> pd.DataFrame:
    """The measure week by week from the data: ``week`` (Monday), ``count`` (contacts or
    complaints that meet the measure's definition), ``of`` (all counted that week) and
    ``value`` (their share). Only whole weeks whose outcome is known.

    Example:
        >>> import pandas as pd
        >>> contacts = pd.DataFrame({
        ...     "arrived_at": pd.date_range("2026-01-05 09:00", periods=28, freq="D"),
        ...     "comment": ["The app crashed."] * 14 + ["Helpful."] * 14,
        ...     "comment_theme": ["digital and app"] * 14 + ["praise"] * 14})
        >>> weekly_history("app_comments", contacts=contacts)[["count", "of"]].values.tolist()
        [[7, 7], [7, 7], [0, 7], [0, 7]]
    """
    spec = _measure(measure)
    if spec.key == "complaint_speed":
        if complaints is None:
            raise ValueError("weekly_history('complaint_speed') needs complaints=<the "
                             "complaints table>.")
        for column in ("received_at", "resolved_at"):
            if column not in complaints:
                raise ValueError(f"The complaints table has no column {column!r}.")
        return _complaint_history(complaints)
    if contacts is None:
        raise ValueError(f"weekly_history({measure!r}) needs contacts=<the contacts table>.")
    needed = {"repeat_contacts": ("arrived_at", "team", "answered", "contacted_again_7d"),
              "fcr": ("arrived_at", "team", "answered", "resolved_first_contact"),
              "app_comments": ("arrived_at", "comment", "comment_theme")}[spec.key]
    missing = [c for c in needed if c not in contacts]
    if missing:
        raise ValueError(f"The contacts table has no column {missing[0]!r}, which the "
                         f"{spec.short} needs.")
    if spec.key == "repeat_contacts":
        return _repeat_history(contacts, team).reset_index(drop=True)
    if spec.key == "fcr":
        return _fcr_history(contacts, team).reset_index(drop=True)
    return _comment_history(contacts).reset_index(drop=True)


# ------------------------------------------------------------------ the simulation
def _measure(key: str) -> Measure:
    if key not in MEASURES:
        raise ValueError(f"Unknown measure {key!r}; choose one of {', '.join(MEASURES)}.")
    return MEASURES[key]


def _change(key: str) -> Change:
    if key not in CHANGES:
        raise ValueError(f"Unknown change {key!r}; choose one of {', '.join(CHANGES)}.")
    return CHANGES[key]


def _check_history(history: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(history, pd.DataFrame):
        raise ValueError("history must be a table (DataFrame) from weekly_history().")
    missing = [c for c in ("week", "count", "of", "value") if c not in history]
    if missing:
        raise ValueError(f"history has no column {missing[0]!r}; build it with "
                         "weekly_history().")
    if len(history) < 4:
        raise ValueError(f"history has {len(history)} weeks; a baseline needs at least 4 "
                         "whole weeks.")
    if (history["of"] <= 0).any():
        raise ValueError("history has a week with nothing counted ('of' is 0).")
    return history.reset_index(drop=True)


@dataclass(frozen=True)
class _Baseline:
    level: float      # the weekly rate now, if nothing changes
    slope: float      # a growing problem's rise per week (0 for a steady one)
    before: float     # the rate before a growing problem began
    spread: float     # week-to-week variation beyond chance (standard deviation)
    volumes: tuple[int, ...]


def _baseline(history: pd.DataFrame, measure: Measure) -> _Baseline:
    values = history["value"].to_numpy(dtype=float)
    volumes = tuple(int(v) for v in history["of"])
    recent = values[-6:]
    chance = float(np.mean(recent * (1 - recent) / history["of"].to_numpy()[-6:]))
    if measure.key == "app_comments":
        # a growing problem: the rise of the last six weeks goes on, the first weeks are
        # the level before it began
        weeks = np.arange(len(recent), dtype=float)
        slope = max(float(np.polyfit(weeks, recent, 1)[0]), 0.0)
        level = float(recent[-1])
        before = float(np.mean(values[:4]))
        residual = recent - np.polyval(np.polyfit(weeks, recent, 1), weeks)
        spread = float(np.sqrt(max(np.var(residual, ddof=1) - chance, 0.0)))
        return _Baseline(level, slope, before, spread, volumes)
    level = float(np.mean(recent))
    spread = float(np.sqrt(max(np.var(values, ddof=1) - np.mean(
        values * (1 - values) / history["of"].to_numpy()), 0.0)))
    return _Baseline(level, 0.0, level, spread, volumes)


@dataclass(frozen=True)
class _InForce:
    change: Change
    start: int            # the first simulated week it applies to (0 = first week after data)
    stop: int | None      # the first week it no longer applies to (abandoned), or None


def _rates(base: _Baseline, in_force: Sequence[_InForce], weeks: np.ndarray) -> np.ndarray:
    trend = np.minimum(base.level + base.slope * (weeks + 1), 0.95)
    excess = np.maximum(trend - base.before, 0.0)
    rate = trend.copy()
    for item in in_force:
        ramp = np.clip((weeks - item.start + 1) / max(item.change.ramp_weeks, 1), 0.0, 1.0)
        if item.stop is not None:
            ramp = np.where(weeks >= item.stop, 0.0, ramp)
        rate = rate + ramp * item.change.effect - ramp * item.change.fixes * excess
    return np.clip(rate, 0.001, 0.999)


def play_forward(history: pd.DataFrame, measure: str, in_force: Sequence[_InForce],
                 first_week: int, weeks: int, seed: int) -> pd.DataFrame:
    """Simulate ``weeks`` weeks after the data, from week ``first_week`` (0 = the week after
    the history's last week), with the changes ``in_force``. Each week's volume is drawn from
    the history's own weeks and its rate varies by chance (binomial) plus the history's own
    week-to-week variation. Columns as :func:`weekly_history`.

    Example:
        >>> import pandas as pd
        >>> history = pd.DataFrame({"week": pd.date_range("2026-01-05", periods=8, freq="7D"),
        ...                         "count": [300] * 8, "of": [1000] * 8, "value": [0.3] * 8})
        >>> forward = play_forward(history, "repeat_contacts", [], 0, 4, seed=1)
        >>> forward["week"].dt.strftime("%d %b").tolist()
        ['02 Mar', '09 Mar', '16 Mar', '23 Mar']
        >>> bool(forward["value"].between(0.25, 0.35).all())
        True
    """
    spec = _measure(measure)
    history = _check_history(history)
    low, high = WEEKS_RANGE
    if isinstance(weeks, bool) or not isinstance(weeks, int | np.integer) or not (
            low <= weeks <= high * MAX_CYCLES):
        raise ValueError(f"weeks must be a whole number from {low} to {high * MAX_CYCLES}; "
                         f"got {weeks!r}.")
    base = _baseline(history, spec)
    rng = np.random.default_rng(seed)
    index = np.arange(first_week, first_week + weeks)
    rate = _rates(base, in_force, index)
    noisy = np.clip(rate + rng.normal(0.0, base.spread, weeks), 0.001, 0.999)
    volume = rng.choice(np.array(base.volumes), size=weeks)
    count = rng.binomial(volume, noisy)
    start = history["week"].iloc[-1] + pd.Timedelta(days=7)
    return pd.DataFrame({"week": [start + pd.Timedelta(days=7 * int(i)) for i in index],
                         "count": count.astype(int), "of": volume.astype(int),
                         "value": count / volume})


# ------------------------------------------------------------------ the project
@dataclass
class Cycle:
    """One turn of Plan–Do–Check–Act, as the improvement log keeps it."""

    number: int
    change: str
    weeks: int
    first_week: int
    plan: str = ""
    decision: str = ""
    next_step: str = ""
    signal: str = ""
    before: float = float("nan")
    during: float = float("nan")
    verdict: str = ""


@dataclass(frozen=True)
class Check:
    """What the control chart says about the latest cycle."""

    chart: pd.DataFrame        #: spc.xmr of every week, history then cycles
    signal: str                #: "improvement", "concern" or "none" in the cycle's weeks
    before: float              #: mean of the weeks the cycle is judged against
    during: float              #: mean of the cycle's weeks
    assurance: str             #: "reliably met", "hit and miss" or "reliably missed"
    verdict: str               #: a sentence for a manager
    basis: str = ""            #: which process the assurance judges


@dataclass
class Project:
    """An improvement project: one measure (for one team, or the centre), a target, and up to
    :data:`MAX_CYCLES` PDCA cycles played forward from the end of ``history``.

    Limits are fixed on the history (the baseline). When a change is adopted, the limits are
    recalculated from the first week it ran: a known, deliberate change to the process is the
    one reason to recalculate them.
    """

    measure: str
    history: pd.DataFrame
    team: str = ""
    target: float = float("nan")
    seed: int = 0
    cycles: list[Cycle] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.spec = _measure(self.measure)
        if not any(c.measure == self.spec.key for c in CHANGES.values()):
            raise ValueError(f"There are no changes to try for the {self.spec.short} in the "
                             "simulator; choose one of "
                             f"{', '.join(sorted({c.measure for c in CHANGES.values()}))}.")
        self.history = _check_history(self.history)
        if not (isinstance(self.target, int | float) and 0 < self.target < 1):
            raise ValueError(f"target must be a share between 0 and 1 (e.g. 0.25 for 25%); "
                             f"got {self.target!r}.")
        self._weeks: list[pd.DataFrame] = []

    # -------------------------------------------------------------- Plan and Do
    @property
    def baseline_value(self) -> float:
        """The mean of the history's weeks."""
        return float(self.history["value"].mean())

    def options(self) -> list[Change]:
        """The changes that can be tried on this project's measure."""
        return [c for c in CHANGES.values() if c.measure == self.spec.key]

    def _in_force(self, upto: int) -> list[_InForce]:
        out = []
        for cycle in self.cycles[:upto]:
            stop = cycle.first_week + cycle.weeks if cycle.decision == "abandon" else None
            out.append(_InForce(CHANGES[cycle.change], cycle.first_week, stop))
        return out

    def do(self, change: str, weeks: int, plan: str = "") -> Cycle:
        """Run ``change`` for ``weeks`` weeks after the last cycle (the last cycle must have
        its decision first)."""
        chosen = _change(change)
        if chosen.measure != self.spec.key:
            raise ValueError(f"{chosen.title!r} is a change for the "
                             f"{MEASURES[chosen.measure].short}, not the {self.spec.short}; "
                             "choose one of this project's changes.")
        low, high = WEEKS_RANGE
        if isinstance(weeks, bool) or not isinstance(weeks, int | np.integer) or not (
                low <= weeks <= high):
            raise ValueError(f"Run a cycle for {low} to {high} weeks; got {weeks!r}.")
        if self.cycles and not self.cycles[-1].decision:
            raise ValueError(f"Decide on cycle {self.cycles[-1].number} first (adopt, adapt or "
                             "abandon), then plan the next one.")
        if len(self.cycles) >= MAX_CYCLES:
            raise ValueError(f"A project here has at most {MAX_CYCLES} cycles; write up what "
                             "you found in the improvement report.")
        first = self.cycles[-1].first_week + self.cycles[-1].weeks if self.cycles else 0
        cycle = Cycle(len(self.cycles) + 1, change, int(weeks), first, plan.strip())
        self.cycles.append(cycle)
        seed = zlib.crc32(f"{self.seed}|{self.measure}|{self.team}|{cycle.number}|{change}|"
                          f"{weeks}".encode())
        self._weeks.append(play_forward(self.history, self.measure,
                                        self._in_force(len(self.cycles)), first, int(weeks),
                                        seed))
        check = self.check()
        cycle.signal, cycle.before, cycle.during = check.signal, check.before, check.during
        cycle.verdict = check.verdict
        return cycle

    def series(self) -> pd.DataFrame:
        """Every week so far: the history, then each cycle's weeks (``cycle`` 0 = history)."""
        parts = [self.history.assign(cycle=0)]
        parts += [weeks.assign(cycle=n + 1) for n, weeks in enumerate(self._weeks)]
        return pd.concat(parts, ignore_index=True)

    def rebase_points(self) -> list[int]:
        """Where the limits are recalculated: the first week of each adopted change."""
        return [len(self.history) + c.first_week for c in self.cycles if c.decision == "adopt"]

    # -------------------------------------------------------------- Check
    def check(self) -> Check:
        """Judge the latest cycle on the control chart (worked out once per state of the
        project: the cycles run and the decisions taken)."""
        if not self.cycles:
            raise ValueError("Run a cycle first (Do), then check it.")
        state = tuple((c.change, c.weeks, c.decision) for c in self.cycles)
        cached = getattr(self, "_checked", None)
        if cached is not None and cached[0] == state:
            return cached[1]
        result = self._check()
        self._checked = (state, result)
        return result

    def _check(self) -> Check:
        series = self.series()
        cycle = self.cycles[-1]
        starts = [0] + [p for p in self.rebase_points() if p < len(series)]
        parts = []
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(series)
            # limits from the baseline, or from the adopted change's own weeks
            fixed = len(self.history) if n == 0 else next(
                c.weeks for c in self.cycles
                if len(self.history) + c.first_week == start)
            values = series["value"].iloc[start:end].reset_index(drop=True)
            part = spc.xmr(values, improvement=self.spec.improvement,
                           baseline_points=min(fixed, len(values)))
            parts.append(part.assign(segment=n))
        chart = pd.concat(parts, ignore_index=True)
        chart.index = pd.Index(series["week"], name="week")
        mine = (series["cycle"] == cycle.number).to_numpy()
        flags = chart["variation"].to_numpy()[mine]
        signal = ("improvement" if (flags == "improvement").any() else
                  "concern" if (flags == "concern").any() else "none")
        # judged against the mean of the limits in force: the baseline's, or the adopted
        # change's after a recalculation
        before = float(chart["mean"].to_numpy()[mine][0])
        during = float(series["value"].to_numpy()[mine].mean())
        values = series["value"].to_numpy()[mine]
        if signal != "none" and len(values) >= 2:
            # the process has changed: judge the target on the cycle's own weeks, as the
            # limits would be recalculated if the change were adopted
            own = spc.xmr(values, improvement=self.spec.improvement)
            assured = spc.assurance(own, self.target, improvement=self.spec.improvement)
            basis = "as it ran during this cycle"
        else:
            assured = spc.assurance(chart, self.target, improvement=self.spec.improvement)
            basis = "as it runs now (the limits in force)"
        return Check(chart, signal, before, during, assured,
                     _verdict(self.spec, signal, before, during, cycle), basis)

    # -------------------------------------------------------------- Act
    def act(self, decision: str, next_step: str = "") -> None:
        """Record the decision on the latest cycle: "adopt", "adapt" or "abandon"."""
        if not self.cycles:
            raise ValueError("Run and check a cycle before deciding on it.")
        if decision not in DECISIONS:
            raise ValueError(f"decision must be one of {', '.join(DECISIONS)}; got "
                             f"{decision!r}.")
        self.cycles[-1].decision = decision
        self.cycles[-1].next_step = next_step.strip()

    def aim(self) -> str:
        """The aim, measurable: what, for whom, from what, to what."""
        who = self.team if self.spec.by_team else "the centre"
        verb = "Cut" if self.spec.improvement == "decrease" else "Raise"
        return (f"{verb} the weekly {self.spec.short} for {who} from "
                f"{self.baseline_value:.1%} to {self.target:.1%}, and keep it there.")

    def log(self) -> pd.DataFrame:
        """The improvement log: one row per cycle."""
        rows = []
        for cycle in self.cycles:
            weeks = self._weeks[cycle.number - 1]["week"]
            rows.append({
                "Cycle": cycle.number,
                "Weeks": f"{weeks.iloc[0]:%d %b %Y} to "
                         f"{weeks.iloc[-1] + pd.Timedelta(days=6):%d %b %Y}",
                "Change": CHANGES[cycle.change].title,
                "Plan": cycle.plan,
                "Before": cycle.before,
                "During": cycle.during,
                "What the chart showed": cycle.verdict,
                "Decision": DECISIONS.get(cycle.decision, "Not yet decided"),
                "Next step": cycle.next_step,
                "change_key": cycle.change,
                "weeks_run": cycle.weeks,
                "decision_key": cycle.decision,
            })
        columns = ["Cycle", "Weeks", "Change", "Plan", "Before", "During",
                   "What the chart showed", "Decision", "Next step", "change_key",
                   "weeks_run", "decision_key"]
        return pd.DataFrame(rows, columns=columns)

    @classmethod
    def replay(cls, measure: str, history: pd.DataFrame, log: pd.DataFrame, *,
               team: str = "", target: float, seed: int = 0) -> Project:
        """Rebuild a project from its saved log (the simulation is seeded, so the same
        cycles give the same weeks)."""
        project = cls(measure, history, team=team, target=target, seed=seed)
        for row in log.to_dict("records"):
            project.do(str(row["change_key"]), int(row["weeks_run"]), str(row.get("Plan", "")))
            if row.get("decision_key"):
                project.act(str(row["decision_key"]), str(row.get("Next step", "")))
        return project


def _verdict(spec: Measure, signal: str, before: float, during: float, cycle: Cycle) -> str:
    change = f"{during - before:+.1%}".replace("%", " points").replace("-", "−")
    moved = f"from {before:.1%} to {during:.1%} ({change})"
    if signal == "improvement":
        return (f"A signal of improvement: the {spec.short} moved {moved} and the chart "
                "shows special cause in the cycle's weeks, so the change is very likely "
                "real.")
    if signal == "concern":
        return (f"A signal of concern: the {spec.short} moved {moved} and the chart shows "
                "special cause on the wrong side, so the change very likely made things "
                "worse.")
    return (f"No signal: the {spec.short} moved {moved}, within the limits and with no run, "
            f"trend or 2-of-3 pattern, so after {cycle.weeks} weeks this is not "
            "distinguishable from chance. Either the change does too little to see, or it "
            "needs longer.")


def decision_feedback(signal: str, decision: str) -> str:
    """Feedback on a decision at Act, given what the chart showed.

    Example:
        >>> decision_feedback("none", "adopt").startswith("Careful")
        True
    """
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}; got {decision!r}.")
    advice = {
        ("improvement", "adopt"): "Sound: the chart shows a real improvement. Make it the "
        "standard way of working, recalculate the limits from when it started, and keep "
        "watching the chart to see it holds.",
        ("improvement", "adapt"): "Reasonable: the change works; adapting it (to more teams, "
        "or a stronger version) builds on a real improvement. Say what you change and why.",
        ("improvement", "abandon"): "Think again: the chart shows a real improvement. "
        "Abandoning it throws that away unless it costs more than it saves; say so if it "
        "does.",
        ("none", "adopt"): "Careful: the chart shows no signal yet. Adopting a change that "
        "may do nothing spends effort for no proven gain; run it longer or adapt it.",
        ("none", "adapt"): "Sound: no signal yet. Strengthen the change or run it longer, "
        "and say what you will look for on the chart next time.",
        ("none", "abandon"): "Reasonable if the change costs effort: the chart shows no "
        "effect in this time. Note that a small effect may need more weeks to show.",
        ("concern", "adopt"): "Think again: the chart shows the change made things worse "
        "for customers.",
        ("concern", "adapt"): "Careful: the change made things worse. Adapt only if you know "
        "why, and watch the chart closely.",
        ("concern", "abandon"): "Sound: the change made things worse; stop it and check the "
        "measure returns to where it was.",
    }
    if signal not in ("improvement", "none", "concern"):
        raise ValueError(f"signal must be 'improvement', 'none' or 'concern'; got {signal!r}.")
    return advice[(signal, decision)]
