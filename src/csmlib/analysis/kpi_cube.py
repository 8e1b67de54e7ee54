"""KPIs for any week range, channel and team, fast: the contacts summed once into cells.

A dashboard recomputes a dozen KPIs every time a learner moves a filter. Filtering 260,000
contacts and measuring them again takes 50–100 ms; most KPIs, though, are ratios of sums
(answered within 20 s ÷ offered, handle time ÷ answered…), so the contacts can be summed
once per **day × channel × agent** (a few thousand cells) and any selection of weeks,
channel and team measured from the cells it covers in well under a millisecond.

Every figure uses the same definitions as :mod:`csmlib.analysis.kpis` (a test compares the
two on many selections): the cube is a faster route, not a second set of formulas. Survey
intervals, the QA sample, occupancy and cost per contact are worked out from the cells'
counts and days exactly as the contact-level functions do.

Example:
    >>> from csmlib.analysis import checks, kpis
    >>> contacts = kpis.example_contacts().assign(team=["Oak", "Ash", "", "Oak", "Ash",
    ...                                                 "Oak", "Ash", "Oak"])
    >>> cube = KPICube(contacts)
    >>> round(cube.value("service_level", cube.select()), 3)  # 4 of 6 phone/chat in 20 s
    0.667
    >>> round(cube.value("service_level", cube.select(channel="phone")), 3)
    0.5
    >>> cube.value("average_handle_time", cube.select(team="Oak"))  # 1,640 s ÷ 4
    410.0
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from csmlib.analysis import checks, kpis
from csmlib.analysis.kpis import KPI, NothingToMeasure

#: The sums kept for every cell (day × channel × agent).
SUMS = ("contacts", "queued", "queued_answered", "queued_within", "queued_wait",
        "queued_waits", "queued_handle", "answered", "handle", "handled", "resolved",
        "judged", "again", "csat_n", "csat_top2", "answered_csat_n", "answered_csat_top2",
        "nps_n", "promoters", "detractors", "ces_n", "ces_sum", "ces_squares",
        "complaints_linked", "within_standard", "queued_within_standard")
NO_AGENT = ""  # the cell of contacts nobody answered


class KPICube:
    """The contacts table summed per day, channel and agent, with the other tables the
    scorecard needs; :meth:`select` picks cells, :meth:`scorecard`, :meth:`by_period` and
    :meth:`by_group` measure them.

    ``contacts`` needs the columns of :func:`csmlib.analysis.kpis.contact_columns` plus
    ``agent_id`` and ``team``; the QA, complaints, plan, budget, agents and attendance
    tables are optional (their KPIs then say why they cannot be measured).
    ``on_shift_shrinkage`` and ``chat_concurrency`` turn the plan's scheduled agents into
    available time for occupancy, as in :func:`csmlib.analysis.kpis.scorecard`.
    """

    def __init__(self, contacts: pd.DataFrame, qa: pd.DataFrame | None = None,
                 complaints: pd.DataFrame | None = None, plan: pd.DataFrame | None = None,
                 budget: pd.DataFrame | None = None, *, agents: pd.DataFrame | None = None,
                 attendance: pd.DataFrame | None = None,
                 on_shift_shrinkage: float | None = None,
                 chat_concurrency: int = kpis.CHAT_CONCURRENCY) -> None:
        kpis._require(contacts, (*kpis.contact_columns(contacts), "agent_id", "team"))
        self.qa, self.complaints, self.plan, self.budget = qa, complaints, plan, budget
        self.agents, self.attendance = agents, attendance
        self.on_shift_shrinkage = (None if on_shift_shrinkage is None else
                                   kpis._check_share("on_shift_shrinkage", on_shift_shrinkage,
                                                     "0.15"))
        self.chat_concurrency = kpis._check_concurrency(chat_concurrency)
        self.cells = _sum_cells(contacts, complaints)
        # plain arrays: selecting and summing a few thousand cells then costs microseconds
        # one contiguous column per sum (column-major): totals and groupings read whole columns
        self._sums = np.asfortranarray(self.cells[list(SUMS)].to_numpy(dtype=float))
        self._column = {name: i for i, name in enumerate(SUMS)}
        self._days = self.cells["day"].to_numpy()
        self._weeks = self.cells["week"].to_numpy()
        self._week_codes, self._week_starts = pd.factorize(self.cells["week"], sort=True)
        self._labels = {name: self.cells[name].to_numpy(dtype=object)
                        for name in ("channel", "team", "agent_id")}
        self._codes = {name: pd.factorize(self.cells[name], sort=True)
                       for name in ("team", "agent_id")}
        self._spend = (kpis._spend_by_month(budget) if budget is not None else None)
        self._budget_days = (kpis._month_days(kpis._days(plan["interval_start"]))
                             if plan is not None else None)

    # ------------------------------------------------------------------ selecting
    def select(self, first_week: pd.Timestamp | None = None,
               last_week: pd.Timestamp | None = None, channel: str | None = None,
               team: str | None = None) -> np.ndarray:
        """The cells (a bool mask) of the weeks from ``first_week`` to ``last_week`` (their
        Mondays), one channel and one team; None means all."""
        mask = np.ones(len(self.cells), dtype=bool)
        if first_week is not None:
            mask &= self._weeks >= np.datetime64(pd.Timestamp(first_week), "ns")
        if last_week is not None:
            mask &= self._weeks <= np.datetime64(pd.Timestamp(last_week), "ns")
        if channel is not None:
            mask &= self._labels["channel"] == channel
        if team is not None:
            mask &= self._labels["team"] == team
        return mask

    def totals(self, mask: np.ndarray) -> dict[str, float]:
        """Every sum over the selected cells."""
        totals = mask.astype(float) @ self._sums  # no copy of the selected cells
        return dict(zip(SUMS, totals.tolist(), strict=True))

    def days(self, mask: np.ndarray, column: str = "contacts") -> np.ndarray:
        """The distinct days (datetime64[D]) on which the selected cells have ``column``."""
        rows = mask & (self._sums[:, self._column[column]] > 0)
        return np.unique(self._days[rows]).astype("datetime64[D]")

    def _grouped(self, mask: np.ndarray, codes: np.ndarray, groups: int) -> pd.DataFrame:
        """The sums of the selected cells added up per group code (one row per group)."""
        # cells outside the selection go to an extra group that is dropped at the end
        chosen = np.where(mask, codes, groups)
        out = np.column_stack([np.bincount(chosen, weights=self._sums[:, j],
                                           minlength=groups + 1)[:groups]
                               for j in range(len(SUMS))])
        return pd.DataFrame(out, columns=list(SUMS))

    # ------------------------------------------------------------------ measuring
    def value(self, function: str, mask: np.ndarray, channel: str | None = None) -> float:
        """One KPI (a catalogue function name) for the selected cells; with ``channel``, that
        channel's catalogue row (its own standard), as :func:`csmlib.analysis.kpis.scorecard`
        measures it."""
        entry = _entry(function, channel)
        if channel is not None:
            mask = mask & (self._labels["channel"] == channel)
        return float(self._measures()[function](mask, self.totals(mask), entry)[0])

    def scorecard(self, mask: np.ndarray,
                  targets: Mapping[str, float | tuple[float, float]] | None = None,
                  only: Sequence[str] | None = None) -> pd.DataFrame:
        """The balanced scorecard of :func:`csmlib.analysis.kpis.scorecard` for the cells;
        ``only`` (catalogue names) measures just those rows, e.g. one KPI a view needs."""
        sums = self.totals(mask) if mask.any() else {"contacts": 0}
        if sums["contacts"] == 0:
            raise NothingToMeasure(kpis.EMPTY_SELECTION)
        measures = self._measures()
        entries = kpis._with_targets(targets)
        if only is not None:
            known = {entry.name for entry in entries}
            unknown = [name for name in only if name not in known]
            if unknown:
                raise ValueError(f"only: no KPI {unknown[0]!r} in the catalogue.")
            entries = [entry for entry in entries if entry.name in set(only)]
        rows = []
        by_channel: dict[str, tuple[np.ndarray, dict]] = {}  # each channel summed once
        for entry in entries:
            chosen, chosen_sums = mask, sums
            if entry.channel is not None:
                if entry.channel not in by_channel:
                    picked = mask & (self._labels["channel"] == entry.channel)
                    by_channel[entry.channel] = (picked, self.totals(picked))
                chosen, chosen_sums = by_channel[entry.channel]
            rows.append(kpis._card_row(entry, _bind(measures[entry.function], chosen,
                                                    chosen_sums, entry)))
        return kpis._card_frame(rows)

    def by_period(self, mask: np.ndarray, name: str) -> pd.Series:
        """A trend KPI per week, as :func:`csmlib.analysis.kpis.kpi_by_period` gives it."""
        trend = kpis._trend(name)
        weekly = self._grouped(mask, self._week_codes, len(self._week_starts))
        weekly.index = pd.DatetimeIndex(self._week_starts, name="week")
        ratio = {
            "service level": ("queued_within_standard", "queued"),
            "abandonment": (None, "queued"),
            "FCR": ("resolved", "answered"),
            "not contacted again in 7 days": (None, "judged"),
            "AHT": ("handle", "handled"),
            "CSAT": ("csat_top2", "csat_n"),
        }
        if name == "NPS":
            shown = weekly[weekly["nps_n"] > 0]
            values = (shown["promoters"] - shown["detractors"]) / shown["nps_n"] * 100
        else:
            top, bottom = ratio[name]
            shown = weekly[weekly[bottom] > 0]
            if name == "abandonment":
                values = (shown["queued"] - shown["queued_answered"]) / shown["queued"]
            elif name == "not contacted again in 7 days":
                values = 1 - shown["again"] / shown["judged"]
            else:
                values = shown[top] / shown[bottom]
            values = values * (100 if trend.name == "CSAT" else trend.scale)
        return values.astype(float)

    def by_group(self, mask: np.ndarray, by: str = "team") -> pd.DataFrame:
        """Key KPIs per team or agent, as :func:`csmlib.analysis.kpis.kpis_by_group`."""
        if by not in ("team", "agent_id"):
            raise ValueError(f"by must be 'team' or 'agent_id'; got {by!r}.")
        codes, names = self._codes[by]
        groups = self._grouped(mask & (self._labels["agent_id"] != NO_AGENT), codes,
                               len(names))
        groups.index = pd.Index(names, name=by)
        groups = groups[(groups["answered"] > 0) & (groups.index != NO_AGENT)]
        label = by.replace("_id", "")
        with np.errstate(invalid="ignore", divide="ignore"):
            table = pd.DataFrame({
                label: groups.index.to_numpy(),
                "contacts": groups["answered"].astype(int).to_numpy(),
                "FCR (agent flag) %": (100 * groups["resolved"] / groups["answered"]).round(1)
                .to_numpy(),
                "not contacted again in 7 days %": (
                    100 * (1 - groups["again"] / groups["judged"])).round(1).to_numpy(),
                "AHT (s)": (groups["handle"] / groups["handled"]).round(0).to_numpy(),
            })
        surveys = groups["answered_csat_n"].astype(int).to_numpy()
        happy = groups["answered_csat_top2"].to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            table["CSAT %"] = np.round(100 * happy / np.where(surveys > 0, surveys, np.nan), 1)
        table["CSAT 95% interval"] = [
            "no surveys" if n == 0 else
            "{:.0f}–{:.0f}".format(*(100 * v for v in kpis.wilson_interval(int(k), int(n))))
            for k, n in zip(happy, surveys, strict=True)]
        table["surveys (n)"] = surveys
        return table

    def values_by_channel(self, function: str, mask: np.ndarray,
                          channels: tuple[str, ...] = kpis.QUEUED_CHANNELS) -> dict[str, float]:
        """One KPI (a catalogue function name) for each of ``channels`` within the selection,
        NaN for a channel it cannot be measured on: which channels a pooled figure covers.

        Example:
            >>> from csmlib.analysis import kpis
            >>> cube = KPICube(kpis.example_contacts().assign(team="Oak"))
            >>> {k: round(v, 3) for k, v in cube.values_by_channel("service_level",
            ...                                                    cube.select()).items()}
            {'phone': 0.5, 'chat': 1.0}
            >>> cube.values_by_channel("service_level", cube.select(), ("email",))  # 24 h
            {'email': 1.0}
        """
        values = {}
        for channel in channels:
            try:
                values[channel] = self.value(function, mask, channel)
            except NothingToMeasure:
                values[channel] = float("nan")
        return values

    def survey_samples(self, mask: np.ndarray, by: str = "agent_id") -> pd.DataFrame:
        """How many CSAT surveys each agent (or team) has over the selection, in a week and in
        a day, and how wide that makes a CSAT figure's 95% interval.

        One row per period ("whole selection", "week", "day"), over the agent-periods in which
        the agent answered contacts: groups (agent-periods counted), median_surveys,
        fewest_surveys, most_surveys and half_width_points (half the width of the 95%
        interval, in percentage points, of a CSAT at the selection's own level measured on the
        median number of surveys: CSAT ± that many points).

        Example:
            >>> from csmlib.analysis import kpis
            >>> cube = KPICube(kpis.example_contacts().assign(team="Oak"))
            >>> cube.survey_samples(cube.select())[["period", "median_surveys"]].values.tolist()
            [['whole selection', 2.5], ['week', 1.0], ['day', 1.0]]
        """
        if by not in ("team", "agent_id"):
            raise ValueError(f"by must be 'team' or 'agent_id'; got {by!r}.")
        chosen = mask & (self._labels["agent_id"] != NO_AGENT)
        cells = self.cells.loc[chosen, [by, "week", "day", "answered", "answered_csat_n",
                                        "answered_csat_top2"]]
        surveys, happy = cells["answered_csat_n"].sum(), cells["answered_csat_top2"].sum()
        share = happy / surveys if surveys else float("nan")
        rows = []
        for period, keys in (("whole selection", [by]), ("week", [by, "week"]),
                             ("day", [by, "day"])):
            groups = cells.groupby(keys)[["answered", "answered_csat_n"]].sum()
            counts = groups.loc[groups["answered"] > 0, "answered_csat_n"]
            if counts.empty:
                rows.append((period, 0, np.nan, np.nan, np.nan, np.nan))
                continue
            median = float(counts.median())
            width = np.nan
            if median >= 1 and np.isfinite(share):
                low, high = kpis.wilson_interval(round(share * median), int(round(median)))
                width = 100 * (high - low) / 2
            rows.append((period, int(len(counts)), median, float(counts.min()),
                         float(counts.max()), width))
        return pd.DataFrame(rows, columns=["period", "groups", "median_surveys",
                                           "fewest_surveys", "most_surveys",
                                           "half_width_points"])

    # ------------------------------------------------------------------ the measures
    def _measures(self) -> dict[str, Callable[[np.ndarray, dict, KPI | None],
                                               kpis._Measured]]:
        return {
            "csat": lambda m, s, e: kpis._measure_survey(kpis._csat_from(
                int(s["csat_top2"]), int(s["csat_n"]))),
            "nps": lambda m, s, e: kpis._measure_survey(kpis._nps_from(
                int(s["promoters"]), int(s["detractors"]), int(s["nps_n"]))),
            "ces": lambda m, s, e: kpis._measure_survey(kpis._ces_from(
                s["ces_sum"], s["ces_squares"], int(s["ces_n"]))),
            "fcr": lambda m, s, e: self._fcr(s),
            "complaints_per_1000": lambda m, s, e: self._complaints(m, s),
            "service_level": lambda m, s, e: (self._service_level(s, e), None, ""),
            "average_speed_of_answer": lambda m, s, e: (self._asa(s), None, ""),
            "abandonment_rate": lambda m, s, e: (_queued(s["queued"] - s["queued_answered"], s,
                                                         "abandonment"), None, ""),
            "average_handle_time": lambda m, s, e: (_ratio(s["handle"], s["handled"],
                                                           _NO_HANDLE_TIME), None, ""),
            "qa_score": lambda m, s, e: self._qa(m, s),
            "occupancy": self._occupancy,
            "cost_per_contact": lambda m, s, e: self._cost(m, s),
            "schedule_adherence": self._people("schedule_adherence"),
            "absence_rate": self._people("absence_rate"),
            "attrition_rate": self._people("attrition_rate"),
        }

    @staticmethod
    def _fcr(sums: dict) -> kpis._Measured:
        flag = _ratio(sums["resolved"], sums["answered"], _NOTHING_ANSWERED)
        if sums["judged"] == 0:
            raise NothingToMeasure(kpis.UNJUDGED)
        return (1 - sums["again"] / sums["judged"], None,
                f"not contacted again within 7 days (the agent's own flag says "
                f"{100 * flag:.1f}%)")

    @staticmethod
    def _service_level(sums: dict, entry: KPI | None) -> float:
        if entry is None or entry.channel is None or entry.answer_s is None:
            return _queued(sums["queued_within"], sums, "service level")
        if sums["contacts"] == 0:
            raise NothingToMeasure(f"no {entry.channel} contacts in this selection")
        if entry.answer_s == kpis.CHANNEL_ANSWER_S[entry.channel]:
            return sums["within_standard"] / sums["contacts"]
        if entry.answer_s == 20 and entry.channel in kpis.QUEUED_CHANNELS:
            return sums["queued_within"] / sums["contacts"]
        raise NothingToMeasure(f"the cube keeps answers within {entry.channel}'s standard "
                               "only: measure other times with kpis.service_level")

    def _people(self, function: str) -> Callable[[np.ndarray, dict, KPI | None],
                                                 kpis._Measured]:
        def measured(mask: np.ndarray, sums: dict, entry: KPI | None) -> kpis._Measured:
            days = self.days(mask)
            if not len(days):
                raise NothingToMeasure(kpis.EMPTY_SELECTION)
            return kpis._measure_people(function, self.attendance, self._agents(mask), days,
                                        self.agents)
        return measured

    def _agents(self, mask: np.ndarray) -> np.ndarray:
        answered = mask & (self._sums[:, self._column["answered"]] > 0)
        agents = pd.unique(self._labels["agent_id"][answered])
        return agents[agents != NO_AGENT]

    def _complaints(self, mask: np.ndarray, sums: dict) -> kpis._Measured:
        if self.complaints is None or "contact_id" not in self.complaints.columns:
            raise NothingToMeasure("no complaints table linked to contacts")
        return 1000 * sums["complaints_linked"] / sums["contacts"], None, (
            "complaints about these contacts")

    @staticmethod
    def _asa(sums: dict) -> float:
        if sums["queued"] == 0:
            raise NothingToMeasure("no phone or chat contacts in this selection: speed of "
                                   "answer is measured on phone and chat only")
        if sums["queued_waits"] == 0:
            raise NothingToMeasure("no answered phone or chat contacts in this selection, so "
                                   "there is no speed of answer: every customer gave up")
        return sums["queued_wait"] / sums["queued_waits"]

    def _qa(self, mask: np.ndarray, sums: dict) -> kpis._Measured:
        if self.qa is None:
            raise NothingToMeasure("no QA evaluations table")
        return kpis._qa_measured(kpis._qa_of(self._agents(mask), self.days(mask), self.qa))

    def _occupancy(self, mask: np.ndarray, sums: dict, entry: KPI | None
                   ) -> kpis._Measured:
        if self.plan is None:
            raise NothingToMeasure("no interval plan")
        if sums["queued"] == 0:
            raise NothingToMeasure("no phone or chat contacts in this selection: occupancy is "
                                   "measured on phone and chat only")
        queued = mask & (self._sums[:, self._column["queued"]] > 0)
        channels = pd.unique(self._labels["channel"][queued])
        if entry is not None and entry.channel is not None:
            channels = [entry.channel]
        if len(channels) > 1:
            raise NothingToMeasure("occupancy is measured one channel at a time (chats run "
                                   "in parallel): choose phone or chat")
        channel = str(channels[0])
        attendance = None
        if self.attendance is not None:
            attendance = kpis._people_of(self._agents(mask), self.days(mask), self.attendance)
        tables = kpis._Tables(self.qa, self.complaints, self.plan, self.budget,  # type: ignore
                              self.agents, self.attendance, self.on_shift_shrinkage,
                              self.chat_concurrency)
        shrink, source = kpis._shrinkage_for(tables, attendance)
        available = kpis._available_seconds(self.plan, channel, self.days(mask, "queued"),
                                            shrink, self.chat_concurrency)
        if available <= 0:
            raise NothingToMeasure(f"the plan has no {channel} agents scheduled on the days "
                                   "of this selection")
        return (sums["queued_handle"] / available, None,
                kpis._occupancy_note(channel, source, shrink, self.chat_concurrency))

    def _cost(self, mask: np.ndarray, sums: dict) -> kpis._Measured:
        if self.budget is None:
            raise NothingToMeasure("no budget table")
        if sums["answered"] == 0:
            raise NothingToMeasure("no contacts handled in this selection, so no cost per "
                                   "contact")
        value = kpis._cost_for_days(self.days(mask), int(sums["answered"]), self.budget,
                                    self.plan, self._spend, self._budget_days)
        return value, None, ("whole centre's spend ÷ contacts handled; the budget is not split "
                             "by team or channel")


_NOTHING_ANSWERED = "no answered contacts in this selection, so nothing to resolve"
_NO_HANDLE_TIME = "no answered contacts in this selection, so there is no handle time"


def _entry(function: str, channel: str | None) -> KPI | None:
    """The catalogue row of ``function`` on ``channel`` (None without a channel)."""
    if channel is None:
        return None
    for entry in kpis.KPI_CATALOGUE:
        if entry.function == function and entry.channel in (channel, None):
            return entry
    return None


def _bind(measure: Callable[[np.ndarray, dict, KPI | None], object], mask: np.ndarray,
          sums: dict, entry: KPI | None) -> Callable[[], kpis._Measured]:
    def measured() -> kpis._Measured:
        if entry is not None and entry.channel is not None and sums.get("contacts", 0) == 0:
            raise NothingToMeasure(f"no {entry.channel} contacts in this selection")
        result = measure(mask, sums, entry)
        return result if isinstance(result, tuple) else (result, None, "")  # type: ignore
    return measured


def _ratio(top: float, bottom: float, reason: str) -> float:
    if bottom == 0:
        raise NothingToMeasure(reason)
    return top / bottom


def _queued(top: float, sums: dict, kpi: str) -> float:
    if sums["queued"] == 0:
        raise NothingToMeasure(f"no phone or chat contacts in this selection: {kpi} is "
                               "measured on phone and chat only")
    return top / sums["queued"]


def _sum_cells(contacts: pd.DataFrame, complaints: pd.DataFrame | None) -> pd.DataFrame:
    """Sum the contacts per day, channel and agent (the agent's team alongside)."""
    flag = kpis._flag
    answered = flag(contacts["answered"])
    queued = kpis._labels_in(contacts["channel"], kpis.QUEUED_CHANNELS)
    wait = kpis._numbers(contacts["wait_s"])
    handle = kpis._numbers(contacts["handle_s"])
    csat = kpis._numbers(contacts["csat"])
    nps = kpis._numbers(contacts["nps"])
    ces = kpis._numbers(contacts["ces"])
    judged, followed = kpis._repeat_arrays(contacts)
    judged = judged & answered
    queued_answered = queued & answered
    waited = queued_answered & ~np.isnan(wait)
    handled = answered & ~np.isnan(handle)
    surveyed, scored, effort = ~np.isnan(csat), ~np.isnan(nps), ~np.isnan(ces)
    linked = np.zeros(len(contacts))
    if complaints is not None and "contact_id" in complaints.columns:
        per_contact = complaints["contact_id"].dropna().value_counts()
        ids = contacts["contact_id"]
        linked = pd.Series(ids.to_numpy()).map(per_contact).fillna(0).to_numpy(dtype=float)
    zero = np.zeros(len(contacts))
    standard = contacts["channel"].astype(object).map(kpis.CHANNEL_ANSWER_S)
    within_standard = answered & (wait <= standard.to_numpy(dtype=float, na_value=np.nan))
    values = {
        "contacts": None, "queued": queued,
        "queued_answered": queued_answered, "queued_within": queued_answered & (wait <= 20),
        "queued_wait": np.where(waited, wait, 0.0), "queued_waits": waited,
        "queued_handle": np.where(queued_answered & ~np.isnan(handle), handle, 0.0),
        "answered": answered, "handle": np.where(handled, handle, 0.0), "handled": handled,
        "resolved": answered & flag(contacts["resolved_first_contact"]),
        "judged": judged, "again": judged & followed,
        "csat_n": surveyed, "csat_top2": surveyed & (csat >= 4),
        "answered_csat_n": answered & surveyed,
        "answered_csat_top2": answered & surveyed & (csat >= 4),
        "nps_n": scored, "promoters": scored & (nps >= 9), "detractors": scored & (nps <= 6),
        "ces_n": effort, "ces_sum": np.where(effort, ces, zero),
        "ces_squares": np.where(effort, ces, zero) ** 2, "complaints_linked": linked,
        "within_standard": within_standard, "queued_within_standard": queued & within_standard,
    }
    # one whole number per cell (day, channel, agent, team), then one count per sum: no
    # 260,000-row table of sums is ever built
    day = np.asarray(contacts["arrived_at"], dtype="datetime64[ns]").astype("datetime64[D]")
    keys = {"day": pd.factorize(day, sort=True),
            "channel": pd.factorize(contacts["channel"].astype(object), sort=True),
            "agent_id": pd.factorize(contacts["agent_id"].astype(object).where(
                contacts["agent_id"].notna(), NO_AGENT), sort=True),
            "team": pd.factorize(contacts["team"].astype(object).where(
                contacts["team"].notna(), NO_AGENT), sort=True)}
    combined = np.zeros(len(contacts), dtype=np.int64)
    for codes, labels in keys.values():
        combined = combined * (len(labels) + 1) + codes
    cells, cell_of_row = np.unique(combined, return_inverse=True)
    first_row = np.zeros(len(cells), dtype=np.int64)
    first_row[cell_of_row[::-1]] = np.arange(len(contacts))[::-1]  # a row in each cell
    table = {name: np.asarray(labels)[codes[first_row]]
             for name, (codes, labels) in keys.items()}
    frame = pd.DataFrame(table)
    for name, value in values.items():
        weights = None if value is None else np.asarray(value, dtype=float)
        frame[name] = np.bincount(cell_of_row, weights=weights, minlength=len(cells))
    frame["day"] = frame["day"].astype("datetime64[ns]")
    frame["week"] = frame["day"].dt.to_period("W").dt.start_time
    return frame.sort_values(["day", "channel", "agent_id", "team"], ignore_index=True)


def measure_catalogue(cube: KPICube, mask: np.ndarray) -> dict[str, float]:
    """Every catalogue KPI's value for the selected cells, by catalogue name (NaN where it
    cannot be measured); the per-channel rows are measured on their own channel.

    Example:
        >>> from csmlib.analysis import kpis
        >>> contacts = kpis.example_contacts().assign(team="Oak")
        >>> values = measure_catalogue(KPICube(contacts), KPICube(contacts).select())
        >>> values["FCR (first contact resolution)"], values["Abandonment: phone"]
        (0.8, 0.25)
    """
    checks.instance("cube", cube, KPICube, "a KPICube")
    values = {}
    entry: KPI
    for entry in kpis.KPI_CATALOGUE:
        try:
            values[entry.name] = cube.value(entry.function, mask, entry.channel)
        except NothingToMeasure:
            values[entry.name] = float("nan")
    return values
