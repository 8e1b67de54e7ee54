"""The course's analyses rerun on a learner's own contacts, whatever columns it has.

A contacts export needs only ``arrived_at`` and ``channel``; every other column may be
missing. These functions measure what the columns allow and say plainly what is missing:

* :func:`available_kpis` — one row per KPI, measured or "not in your data: needs …";
* :func:`weekly` and :func:`measures_available` — a measure per whole week (:data:`MEASURES`);
* :func:`interval_demand` and :func:`required_agents` — average demand per half-hour and the
  agents Erlang C needs for it.

Example:
    >>> import pandas as pd
    >>> contacts = pd.DataFrame({"arrived_at": pd.to_datetime(["2026-01-05 09:10"]),
    ...                          "channel": ["phone"]})
    >>> available_kpis(contacts).set_index("kpi").loc["Abandonment rate", "status"]
    'not in your data: needs answered'
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from csmlib.analysis import kpis, staffing

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MEASURED = "measured"
_DAY = pd.Timedelta(days=1)

#: The weekly measures: name -> (plain-English label, columns it needs). Rates are shares of 1.
MEASURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "contacts": ("Contacts per week", ("arrived_at",)),
    "service_level": ("Service level, phone (answered within 20 s)",
                      ("arrived_at", "channel", "answered", "wait_s")),
    "abandonment": ("Abandonment rate, phone and chat", ("arrived_at", "channel", "answered")),
    "fcr": ("First contact resolution (agent flag)",
            ("arrived_at", "answered", "resolved_first_contact")),
    "csat_top2": ("CSAT top-2-box (4 or 5 out of 5)", ("arrived_at", "csat")),
    "repeat_7d": ("Contacted again within 7 days", ("arrived_at", kpis.REPEAT_COLUMN)),
}


# ------------------------------------------------------------------ helpers
def _check_frame(contacts: object) -> pd.DataFrame:
    if not isinstance(contacts, pd.DataFrame):
        raise ValueError(f"contacts must be a pandas DataFrame; got {type(contacts).__name__}.")
    return contacts


def _missing(contacts: pd.DataFrame, needs: tuple[str, ...]) -> list[str]:
    return [c for c in needs if c not in contacts.columns]


def _empty(contacts: pd.DataFrame, needs: tuple[str, ...]) -> list[str]:
    return [c for c in needs if contacts[c].isna().all()]


def _times(contacts: pd.DataFrame) -> pd.Series:
    """``arrived_at`` as datetimes, or a ValueError naming the column."""
    if "arrived_at" not in contacts.columns:
        raise ValueError("the contacts table has no column 'arrived_at' (when each contact "
                         "arrived): map a date-and-time column to arrived_at.")
    times = pd.to_datetime(contacts["arrived_at"], errors="coerce")
    if times.notna().sum() == 0:
        raise ValueError("the column 'arrived_at' holds no dates and times, so no week or "
                         "half-hour can be worked out.")
    return times


def whole_weeks(contacts: pd.DataFrame) -> pd.DatetimeIndex:
    """The Mondays of the Monday-to-Sunday weeks that lie wholly inside the data's dates.

    Example:
        >>> t = pd.to_datetime(["2026-01-07", "2026-01-12", "2026-01-25 10:00"], format="ISO8601")
        >>> [str(d.date()) for d in whole_weeks(pd.DataFrame({"arrived_at": t}))]
        ['2026-01-12', '2026-01-19']
    """
    times = _times(_check_frame(contacts))
    first, last = times.min().normalize(), times.max().normalize()
    monday = first + pd.Timedelta(days=(7 - first.weekday()) % 7)
    mondays = pd.date_range(monday, last, freq="7D")
    return mondays[mondays + 6 * _DAY <= last]


def _week_of(times: pd.Series) -> pd.Series:
    day = times.dt.normalize()
    return day - pd.to_timedelta(day.dt.day_of_week, unit="D")


def format_seconds(seconds: float) -> str:
    """A duration as "4 min 12 s" (or "45 s").

    Example:
        >>> format_seconds(252.4), format_seconds(45)
        ('4 min 12 s', '45 s')
    """
    if isinstance(seconds, bool) or not isinstance(seconds, int | float | np.integer
                                                   | np.floating) or not np.isfinite(seconds):
        raise ValueError(f"seconds must be a number of seconds, such as 252; got {seconds!r}.")
    total = int(round(seconds))
    minutes, rest = divmod(total, 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def _percent(share: float) -> str:
    return f"{100 * share:.1f}%"


# ------------------------------------------------------------------ KPIs
def _queued(df: pd.DataFrame, channels: tuple[str, ...]) -> pd.Series:
    return df["channel"].isin(channels)


def _answered(df: pd.DataFrame) -> np.ndarray:
    return kpis._flag(df["answered"])  # noqa: SLF001 - the course's one reading of a flag


def _kpi_rows() -> list[tuple[str, tuple[str, ...], Callable[[pd.DataFrame], tuple[float, int]],
                              Callable[[float], str]]]:
    def sl(channel: str, target: int) -> Callable[[pd.DataFrame], tuple[float, int]]:
        return lambda df: (kpis.service_level(df, target, channel=channel),
                           int(_queued(df, (channel,)).sum()))

    def abandon(df: pd.DataFrame) -> tuple[float, int]:
        return kpis.abandonment_rate(df), int(_queued(df, kpis.QUEUED_CHANNELS).sum())

    def asa(df: pd.DataFrame) -> tuple[float, int]:
        n = int((_queued(df, kpis.QUEUED_CHANNELS).to_numpy() & _answered(df)).sum())
        return kpis.average_speed_of_answer(df), n

    def aht(df: pd.DataFrame) -> tuple[float, int]:
        return kpis.average_handle_time(df), int(_answered(df).sum())

    def fcr(df: pd.DataFrame) -> tuple[float, int]:
        return kpis.fcr(df), int(_answered(df).sum())

    def survey(function: Callable[[pd.DataFrame], kpis.SurveyKPI]
               ) -> Callable[[pd.DataFrame], tuple[float, int]]:
        def measure(df: pd.DataFrame) -> tuple[float, int]:
            score = function(df)
            if score.n == 0:
                raise kpis.NothingToMeasure("no survey answers in the column")
            return score.value, score.n
        return measure

    def repeat(df: pd.DataFrame) -> tuple[float, int]:
        again = df[kpis.REPEAT_COLUMN]
        judged = again.notna().to_numpy()
        if not judged.any():
            raise kpis.NothingToMeasure("no contact can be judged yet")
        followed = kpis._flag(again)  # noqa: SLF001
        return float(followed[judged].mean()), int(judged.sum())

    def per_week(df: pd.DataFrame) -> tuple[float, int]:
        weeks = whole_weeks(df)
        if not len(weeks):
            raise kpis.NothingToMeasure("the data does not cover one whole Monday-to-Sunday "
                                        "week")
        inside = _week_of(_times(df)).isin(weeks)
        return float(inside.sum() / len(weeks)), int(inside.sum())

    return [
        ("Service level, phone (20 s)", ("channel", "answered", "wait_s"), sl("phone", 20),
         _percent),
        ("Service level, chat (60 s)", ("channel", "answered", "wait_s"), sl("chat", 60),
         _percent),
        ("Abandonment rate", ("channel", "answered"), abandon, _percent),
        ("Average speed of answer", ("channel", "answered", "wait_s"), asa, format_seconds),
        ("Average handle time", ("answered", "handle_s"), aht, format_seconds),
        ("First contact resolution (agent flag)", ("answered", "resolved_first_contact"), fcr,
         _percent),
        ("CSAT (top-2-box)", ("csat",), survey(kpis.csat), lambda v: f"{v:.1f}%"),
        ("NPS", ("nps",), survey(kpis.nps), lambda v: f"{v:+.1f}"),
        ("Repeat contacts within 7 days", (kpis.REPEAT_COLUMN,), repeat, _percent),
        ("Contacts per week", ("arrived_at",), per_week, lambda v: f"{v:,.0f}"),
    ]


def available_kpis(contacts: pd.DataFrame) -> pd.DataFrame:
    """One row per KPI the course can measure on contacts, measured where the columns allow.

    Columns: ``kpi``, ``value`` (in the unit of :mod:`csmlib.analysis.kpis`: shares of 1 for
    service level, abandonment, FCR and repeats; seconds for ASA and AHT; % for CSAT; points
    for NPS; contacts for contacts per week, over whole weeks), ``formatted`` ("78.5%",
    "4 min 12 s"), ``n`` (the rows it rests on), ``needs`` (the columns, comma-separated) and
    ``status``: "measured", "not in your data: needs <columns>", or "no usable values: <why>"
    when the columns exist but hold nothing to measure. It never raises for a missing column.

    Example:
        >>> t = pd.to_datetime(["2026-01-05 09:00", "2026-01-05 09:10"])
        >>> df = pd.DataFrame({"arrived_at": t, "channel": ["phone", "phone"],
        ...                    "answered": [True, False], "wait_s": [12, 80]})
        >>> row = available_kpis(df).set_index("kpi").loc["Service level, phone (20 s)"]
        >>> row["formatted"], int(row["n"]), row["status"]
        ('50.0%', 2, 'measured')
        >>> available_kpis(df).set_index("kpi").loc["NPS", "status"]
        'not in your data: needs nps'
    """
    contacts = _check_frame(contacts)
    rows = []
    for name, needs, measure, fmt in _kpi_rows():
        value, n, text = math.nan, 0, ""
        missing = _missing(contacts, needs)
        if missing:
            status = f"not in your data: needs {', '.join(missing)}"
        elif empty := _empty(contacts, needs):
            status = f"no usable values: {', '.join(empty)} is empty"
        elif contacts.empty:
            status = "no usable values: the table has no rows"
        else:
            try:
                value, n = measure(contacts)
                text, status = fmt(value), MEASURED
            except ValueError as error:  # NothingToMeasure and bad values, said plainly
                value, n = math.nan, 0
                status = f"no usable values: {error}"
        rows.append({"kpi": name, "value": value, "formatted": text, "n": n,
                     "needs": ", ".join(needs), "status": status})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ weekly
def measures_available(contacts: pd.DataFrame) -> list[str]:
    """The :data:`MEASURES` whose columns exist in ``contacts`` and are not all empty.

    Example:
        >>> measures_available(pd.DataFrame({"arrived_at": [pd.Timestamp("2026-01-05")],
        ...                                  "channel": ["phone"]}))
        ['contacts']
    """
    contacts = _check_frame(contacts)
    return [name for name, (_, needs) in MEASURES.items()
            if not _missing(contacts, needs) and not _empty(contacts, needs)]


def weekly(contacts: pd.DataFrame, measure: str) -> pd.DataFrame:
    """One row per whole week: ``week`` (its Monday), ``count``, ``of`` and ``value``.

    Only whole Monday-to-Sunday weeks inside the data's dates count: a first or last week the
    data covers only in part is dropped (it would look like a fall in demand). For "contacts"
    ``count`` and ``of`` are the week's contacts and ``value`` is the count; for the rates
    ``value`` = ``count`` ÷ ``of`` (a share of 1, NaN when ``of`` is 0):

    * "service_level": phone contacts answered within 20 s ÷ phone contacts offered;
    * "abandonment": phone and chat contacts abandoned ÷ offered;
    * "fcr": answered contacts flagged resolved ÷ answered;
    * "csat_top2": answers of 4 or 5 ÷ survey answers;
    * "repeat_7d": contacts followed by another within 7 days ÷ contacts judged
      (``contacted_again_7d`` not missing); weeks whose following 7 days are not all in the
      data are left out too.

    Example:
        >>> t = pd.to_datetime(["2026-01-04", "2026-01-05 09:00", "2026-01-11 17:00",
        ...                     "2026-01-12"], format="ISO8601")
        >>> weekly(pd.DataFrame({"arrived_at": t}), "contacts")[["week", "value"]]
                week  value
        0 2026-01-05      2
    """
    contacts = _check_frame(contacts)
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}; got {measure!r}.")
    missing = _missing(contacts, MEASURES[measure][1])
    if missing:
        raise ValueError(f"{MEASURES[measure][0]} needs the column {missing[0]!r}, which your "
                         "contacts do not have.")
    weeks = whole_weeks(contacts)
    times = _times(contacts)
    week = _week_of(times)
    if measure == "repeat_7d":
        last = times.max().normalize()
        weeks = weeks[weeks + 13 * _DAY <= last]
    count, of = _counts(contacts, measure)
    frame = pd.DataFrame({"week": week, "count": count, "of": of})
    frame = frame[frame["week"].isin(weeks)]
    out = frame.groupby("week").sum().reindex(weeks, fill_value=0)
    out.index.name = "week"
    out = out.reset_index().astype({"count": int, "of": int})
    if measure == "contacts":
        out["value"] = out["count"]
    else:
        out["value"] = out["count"] / out["of"].where(out["of"] > 0)
    return out[["week", "count", "of", "value"]]


def _counts(df: pd.DataFrame, measure: str) -> tuple[np.ndarray, np.ndarray]:
    """Per row: does it count (numerator) and is it in the base (denominator)?"""
    if measure == "contacts":
        ones = np.ones(len(df), dtype=int)
        return ones, ones
    if measure == "csat_top2":
        kpis._responses(df, "csat", 1, 5)  # noqa: SLF001 - refuses answers off the 1-5 scale
        answers = pd.to_numeric(df["csat"], errors="coerce").to_numpy(dtype=float,
                                                                      na_value=np.nan)
        return answers >= 4, ~np.isnan(answers)
    if measure == "repeat_7d":
        again = df[kpis.REPEAT_COLUMN]
        return kpis._flag(again), again.notna().to_numpy()  # noqa: SLF001
    answered = _answered(df)
    if measure == "fcr":
        return kpis._flag(df["resolved_first_contact"]) & answered, answered  # noqa: SLF001
    if measure == "abandonment":
        queued = _queued(df, kpis.QUEUED_CHANNELS).to_numpy()
        return queued & ~answered, queued
    phone = _queued(df, ("phone",)).to_numpy()
    wait = pd.to_numeric(df["wait_s"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return phone & answered & (wait <= 20), phone


# ------------------------------------------------------------------ intervals and staffing
def interval_demand(contacts: pd.DataFrame, *, channel: str = "phone") -> pd.DataFrame:
    """Average contacts per half-hour by weekday, over the data's whole weeks.

    Columns: ``weekday`` ("Monday"…), ``interval_start`` ("09:00"), ``contacts_mean``
    (contacts in that half-hour ÷ number of whole weeks), and ``handle_s_mean`` (the mean
    handle time of that half-hour's answered contacts) when ``handle_s`` exists. Half-hours
    with no contact in any whole week are left out.

    Example:
        >>> t = pd.to_datetime(["2026-01-05 09:05", "2026-01-05 09:20", "2026-01-12 09:10",
        ...                     "2026-01-18 23:00"])
        >>> df = pd.DataFrame({"arrived_at": t, "channel": "phone"})
        >>> interval_demand(df)
          weekday interval_start  contacts_mean
        0  Monday          09:00            1.5
        1  Sunday          23:00            0.5
    """
    contacts = _check_frame(contacts)
    if "channel" not in contacts.columns:
        raise ValueError("the contacts table has no column 'channel' (phone, email, chat or "
                         "social): map a column to channel.")
    weeks = whole_weeks(contacts)
    if not len(weeks):
        raise ValueError("the column 'arrived_at' does not cover one whole Monday-to-Sunday "
                         "week, so no average week can be worked out.")
    times = _times(contacts)
    rows = (_week_of(times).isin(weeks) & (contacts["channel"] == channel)).to_numpy()
    if not rows.any():
        raise ValueError(f"no {channel} contacts in the column 'channel' during whole weeks.")
    t = times[rows]
    frame = pd.DataFrame({"day": t.dt.day_of_week.to_numpy(),
                          "interval_start": t.dt.floor("30min").dt.strftime("%H:%M").to_numpy()})
    keys = ["day", "interval_start"]
    out = frame.groupby(keys).size().rename("contacts_mean").to_frame() / len(weeks)
    if "handle_s" in contacts.columns:
        handle = pd.to_numeric(contacts["handle_s"], errors="coerce")[rows].to_numpy(dtype=float)
        if "answered" in contacts.columns:
            handle = np.where(_answered(contacts)[rows], handle, np.nan)
        frame["handle_s_mean"] = handle
        out["handle_s_mean"] = frame.groupby(keys)["handle_s_mean"].mean()
    out = out.reset_index()
    out.insert(0, "weekday", [WEEKDAYS[d] for d in out.pop("day")])
    return out


def required_agents(demand: pd.DataFrame, aht_s: float | None = None, *, target: float = 0.8,
                    answer_s: float = 20) -> pd.DataFrame:
    """``demand`` (from :func:`interval_demand`) with ``aht_s`` and ``agents``: the fewest
    agents Erlang C says answer ``target`` of contacts within ``answer_s`` seconds
    (:func:`csmlib.analysis.staffing.required_agents`, half-hour intervals).

    Without ``aht_s`` each half-hour's ``handle_s_mean`` is used (a half-hour with none takes
    the contact-weighted mean of the others); without either, a ValueError says what to give.

    Example:
        >>> demand = pd.DataFrame({"weekday": ["Monday"], "interval_start": ["09:00"],
        ...                        "contacts_mean": [100.0]})
        >>> required_agents(demand, 180)["agents"].tolist()
        [14]
    """
    demand = _check_frame(demand)
    if "contacts_mean" not in demand.columns:
        raise ValueError("demand needs the column 'contacts_mean': make it with "
                         "interval_demand(contacts).")
    out = demand.copy()
    if aht_s is None:
        if "handle_s_mean" not in demand.columns or demand["handle_s_mean"].isna().all():
            raise ValueError("your contacts have no handle times (column 'handle_s'), so give "
                             "the average handle time in seconds, e.g. aht_s=300.")
        handle = demand["handle_s_mean"].astype(float)
        known = handle.notna()
        fallback = float(np.average(handle[known], weights=demand["contacts_mean"][known]))
        out["aht_s"] = handle.fillna(fallback)
    else:
        out["aht_s"] = float(aht_s)
    agents = staffing.required_agents(out["contacts_mean"].to_numpy(dtype=float),
                                      out["aht_s"].to_numpy(dtype=float), target, answer_s)
    out["agents"] = np.asarray(agents, dtype=int)
    return out
