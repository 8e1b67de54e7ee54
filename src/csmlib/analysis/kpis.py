"""Key performance indicators (KPIs) of a contact centre: formulas, targets, RAG and a scorecard.

Every KPI a customer-service manager meets is here, computed from the course tables
(``contacts``, ``qa_evaluations``, ``complaints``, ``interval_plan``, ``budget``). Each
function's docstring gives the FORMULA, WHAT IT TELLS A MANAGER and its PITFALLS.

Rules that apply throughout:

* Ratios (service level, abandonment, FCR, occupancy) are returned from 0 to 1; survey KPIs
  are returned as a :class:`SurveyKPI` with a 95% confidence interval.
* An empty selection raises ``ValueError`` ("no contacts in this selection: widen the dates or
  remove a filter"); a missing column raises ``ValueError`` naming the column and the table.
* When a selection has contacts but nothing a KPI can measure (no phone or chat contacts for
  service level, no answered contacts for handle time…) the function raises
  :class:`NothingToMeasure`, a ``ValueError`` with a plain-English reason.
* A survey KPI with no responses does not raise: it returns ``value`` NaN, ``n`` 0 and a note,
  so a dashboard cell can say "no survey responses".
* Yes/no columns with missing values count missing as "no". They must hold True/False
  values: text such as "no" or "False" (which Python would count as true) raises a
  :class:`~csmlib.data.schema.SchemaError` naming the column and the first bad row.
* Contacts are checked for what would silently give a wrong answer: the same
  ``contact_id`` twice (each KPI would count it twice) and negative ``wait_s`` or
  ``handle_s`` raise a :class:`~csmlib.data.schema.SchemaError` saying how many rows and what
  to do. The checks are vectorised: a few milliseconds on 260,000 contacts.

Example:
    >>> contacts = example_contacts()
    >>> round(service_level(contacts), 3), average_speed_of_answer(contacts)
    (0.667, 19.0)
    >>> print(csat(contacts))
    CSAT 60.0% (n = 5; 95% CI 23.1–88.2%)
    >>> rag(0.78, "service level")
    'amber'
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import pandas as pd

from csmlib.analysis import checks, repeats
from csmlib.data.schema import SchemaError, require_columns

EMPTY_SELECTION = "no contacts in this selection: widen the dates or remove a filter"
QUEUED_CHANNELS = ("phone", "chat")   # channels where customers wait in a live queue
INTERVAL_S = 1800                     # a planning interval is half an hour
RELIABLE_N = 100                      # survey responses needed before we call a KPI reliable
Z_95 = 1.959963984540054              # standard normal quantile for a two-sided 95% interval
FCR_METHODS = ("agent flag", "no repeat in 7 days")
REPEAT_COLUMN = "contacted_again_7d"  # forward-looking: did the customer come back in 7 days?
REPEAT_DAYS = 7
COMPLAINT_METHODS = ("received in period", "linked to contacts")
_EPS = 1e-9                           # values this close to a RAG boundary count as on it

# Student's t, 97.5% quantile, for 1..30 degrees of freedom (two-sided 95% interval).
_T_975 = (12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
          2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
          2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423)

HIGHER = "higher is better"
LOWER = "lower is better"
BAND = "band"
TEAM = "team"        # a KPI that means the same for a team, an agent or the centre
CENTRE = "centre"    # a measure of the shared queue or the whole centre
#: Kaplan and Norton's four perspectives (HBR 1992), in their order.
PERSPECTIVES = ("financial", "customer", "internal process", "learning and growth")
#: The answer or reply time of each channel's standard, in seconds, as notebook 02 sets them
#: (:data:`csmlib.analysis.standards.PLAN_STANDARDS`: phone 80% in 20 s, chat 80% in 60 s,
#: email within 24 hours, social within 2 hours). A test keeps the two in step.
CHANNEL_ANSWER_S: dict[str, float] = {"phone": 20.0, "chat": 60.0, "email": 86400.0,
                                      "social": 7200.0}
CHANNELS = ("phone", "chat", "email", "social")
CHAT_CONCURRENCY = 3                  # chats one agent holds at once (the course's default)
NOT_IN_DATA = "not in this data: it needs {table}, which this organisation's data does not have yet"
_ATTENDANCE = "the attendance table (agents' shifts, absence and adherence)"
_LEAVERS = "the agents table with left_on (the date each leaver left)"
STATUSES = ("green", "amber", "red")
NO_DATA = "no data"

# units: each KPI's unit decides how its value and target are written
SHARE = "share of 1"
SECONDS = "seconds"
PERCENT = "%"
NPS_POINTS = "points (-100 to +100)"
CES_SCALE = "score 1-7"
QA_SCALE = "score 0-100"
PER_1000 = "per 1,000 contacts"
GBP = "£ per contact"

CONTACT_COLUMNS = ("contact_id", "customer_id", "channel", "arrived_at", "answered", "wait_s",
                   "handle_s", "resolved_first_contact", "csat", "nps", "ces")


def contact_columns(contacts: pd.DataFrame) -> tuple[str, ...]:
    """The contacts columns the scorecard needs: :data:`CONTACT_COLUMNS`, less
    ``customer_id`` when the table already says which contacts were followed by a repeat
    (``contacted_again_7d``).

    Example:
        >>> "customer_id" in contact_columns(pd.DataFrame(columns=["contacted_again_7d"]))
        False
    """
    if isinstance(contacts, pd.DataFrame) and REPEAT_COLUMN in contacts.columns:
        return tuple(c for c in CONTACT_COLUMNS if c != "customer_id")
    return CONTACT_COLUMNS


class NothingToMeasure(ValueError):
    """The selection has rows, but none that this KPI can measure (the message says why)."""


# ------------------------------------------------------------------ checks and helpers
def _require(frame: pd.DataFrame, columns: Iterable[str], table: str = "contacts", *,
             allow_empty: bool = False) -> None:
    """Raise ValueError if ``frame`` lacks any of ``columns`` or (unless allowed) is empty."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"the {table} table must be a pandas DataFrame; got "
                         f"{type(frame).__name__}.")
    require_columns(frame, table, columns)
    if frame.empty and not allow_empty:
        if table == "contacts":
            raise NothingToMeasure(EMPTY_SELECTION)
        raise NothingToMeasure(f"no rows in the {table} table: widen the dates or remove a "
                               "filter")
    if table == "contacts" and not frame.empty:
        _check_contacts(frame)


def _flag(series: pd.Series) -> np.ndarray:
    """A yes/no column as a numpy bool array; missing values count as no.

    Only True/False values are accepted (bool, pandas "boolean" or objects holding bools
    and missing values): ``astype(bool)`` would count the text "False" or "no" as true.

    Example:
        >>> _flag(pd.Series([True, None, False], name="answered")).tolist()
        [True, False, False]
        >>> _flag(pd.Series(["yes", "no"], name="answered"))
        Traceback (most recent call last):
        ...
        csmlib.data.schema.SchemaError: The contacts table, column 'answered': row 0 holds ...
    """
    dtype = series.dtype
    if dtype == np.dtype(bool):
        return series.to_numpy()
    if isinstance(dtype, pd.BooleanDtype):
        return series.to_numpy(dtype=bool, na_value=False)
    values = series.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(values, skipna=True) not in ("boolean", "empty"):
        _refuse_flag(series, values)
    return series.fillna(False).astype(bool).to_numpy()


def _refuse_flag(series: pd.Series, values: np.ndarray) -> None:
    """Raise a SchemaError for a yes/no column holding something other than True/False."""
    missing = pd.isna(values)
    ok = np.fromiter((isinstance(v, bool | np.bool_) for v in values), dtype=bool,
                     count=len(values))
    bad = np.flatnonzero(~ok & ~missing)
    row, value = int(bad[0]), values[bad[0]]
    what = ("text, not a yes/no value" if isinstance(value, str)
            else "not a yes/no value")
    raise SchemaError(
        f"The contacts table, column {series.name!r}: row {row} holds {value!r}, which is "
        f"{what}. Allowed: True or False (missing counts as no). {len(bad):,} of "
        f"{len(values):,} rows have this problem; convert the column to True/False first, "
        "e.g. column.map({'yes': True, 'no': False}) — astype(bool) would count 'no' and "
        "'False' as true.", table="contacts", column=str(series.name), row=row, value=value)


_NOT_NEGATIVE = ("wait_s", "handle_s")  # contacts columns that hold seconds: never below 0


def _numbers(series: pd.Series) -> np.ndarray:
    """A numeric column as floats, with missing values as NaN; text and (for ``wait_s`` and
    ``handle_s``) negative times raise a SchemaError naming the column."""
    try:
        if not pd.api.types.is_numeric_dtype(series.dtype) and pd.api.types.infer_dtype(
                series, skipna=True) not in ("integer", "floating", "mixed-integer-float",
                                             "decimal", "empty"):
            raise TypeError("text, not numbers")
        values = series.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        raise SchemaError(f"The column {series.name!r} must hold numbers; it holds "
                          f"{series.dtype} values such as {series.dropna().iloc[0]!r}. Convert "
                          "it with pd.to_numeric.", column=str(series.name)) from None
    if series.name in _NOT_NEGATIVE:
        below = values < 0
        if below.any():
            row = int(np.flatnonzero(below)[0])
            raise SchemaError(
                f"The contacts table, column {series.name!r}: row {row} holds "
                f"{values[row]:g}, a negative number of seconds. Allowed: 0 or more. "
                f"{int(below.sum()):,} of {len(values):,} rows have this problem; correct "
                "them or remove those rows (an average would silently include them).",
                table="contacts", column=str(series.name), row=row, value=values[row])
    return values


def _first_repeated(ids: pd.Series) -> tuple[int, object]:
    """How many rows repeat an earlier row's id (missing ids left out), and the first such id.

    Ids in increasing order (as the course data and any selection of it) are checked by one
    comparison of neighbours, in a few milliseconds; others by hashing.

    Example:
        >>> _first_repeated(pd.Series(["K1", "K2", "K1", None, None]))
        (1, 'K1')
    """
    values = ids.to_numpy()
    if len(values) < 2:
        return 0, None
    try:
        if bool(np.all(values[1:] > values[:-1])):
            return 0, None
    except TypeError:  # mixed or missing values: fall back to hashing
        pass
    repeated = ids.duplicated().to_numpy() & ids.notna().to_numpy()
    if not repeated.any():
        return 0, None
    return int(repeated.sum()), values[np.flatnonzero(repeated)[0]]


def _check_contacts(frame: pd.DataFrame) -> None:
    """Refuse contacts that would give silently wrong KPIs: a contact_id twice (it would be
    counted twice) or negative waits and handle times. Cheap: vectorised."""
    if "contact_id" in frame.columns:
        count, first = _first_repeated(frame["contact_id"])
        if count:
            raise SchemaError(
                f"The contacts table has {count:,} duplicated row(s): contact_id {first!r} "
                "(and any others) appears more than once, so every KPI would count it twice. "
                "Remove the duplicates first, e.g. contacts.drop_duplicates('contact_id').",
                table="contacts", column="contact_id", value=first)
    for name in _NOT_NEGATIVE:
        if name in frame.columns:
            _numbers(frame[name])


def _days(times: pd.Series | np.ndarray) -> np.ndarray:
    """The distinct calendar days (datetime64[D]) on which ``times`` fall, NaT dropped."""
    days = np.asarray(times, dtype="datetime64[ns]").astype("datetime64[D]")
    days = days[~np.isnat(days)].astype(np.int64)
    if not len(days):
        return days.astype("datetime64[D]")
    first = days.min()
    present = np.flatnonzero(np.bincount(days - first))  # counting beats sorting here
    return (present + first).astype("datetime64[D]")


def _labels_in(series: pd.Series, wanted: Iterable[object]) -> np.ndarray:
    """``series.isin(wanted)`` as a bool array; a categorical column compares its codes."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        positions = series.cat.categories.get_indexer(pd.Index(list(wanted)))
        return np.isin(series.cat.codes.to_numpy(), positions[positions >= 0])
    return series.isin(list(wanted)).to_numpy(dtype=bool)


def _distinct(series: pd.Series, rows: np.ndarray) -> np.ndarray:
    """The distinct non-missing values of ``series`` on ``rows`` (a bool mask)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()[rows]
        used = np.flatnonzero(np.bincount(codes[codes >= 0],
                                          minlength=len(series.cat.categories)))
        return series.cat.categories.to_numpy()[used]
    return pd.unique(series.to_numpy()[rows])


class _Contacts:
    """One contacts selection with the arrays the KPIs share, each computed once, on demand."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    def __len__(self) -> int:
        return len(self.frame)

    @cached_property
    def answered(self) -> np.ndarray:
        return _flag(self.frame["answered"])

    @cached_property
    def queued(self) -> np.ndarray:
        return _labels_in(self.frame["channel"], QUEUED_CHANNELS)

    @cached_property
    def days(self) -> np.ndarray:
        return _days(self.frame["arrived_at"])

    def channel(self, name: str) -> _Contacts:
        """The contacts of one channel (worked out once), or NothingToMeasure if none."""
        cache = self.__dict__.setdefault("_channels", {})
        if name not in cache:
            rows = _labels_in(self.frame["channel"], [name])
            cache[name] = _Contacts(self.frame[rows]) if rows.any() else None
        if cache[name] is None:
            raise NothingToMeasure(f"no {name} contacts in this selection")
        return cache[name]

    def column(self, name: str) -> np.ndarray:
        return _numbers(self.frame[name])

    def queued_or_raise(self, kpi: str) -> np.ndarray:
        if not self.queued.any():
            raise NothingToMeasure(f"no phone or chat contacts in this selection: {kpi} is "
                                   "measured on phone and chat only")
        return self.queued


def _view(df: pd.DataFrame | _Contacts, columns: Iterable[str]) -> _Contacts:
    if isinstance(df, _Contacts):
        return df
    _require(df, columns)
    return _Contacts(df)


def example_contacts() -> pd.DataFrame:
    """Eight hand-made contacts used in the examples of this module (small enough to check).

    Example:
        >>> example_contacts()[["channel", "answered", "wait_s"]].head(3)
          channel  answered  wait_s
        0   phone      True      10
        1   phone      True      45
        2   phone     False      60
    """
    na = pd.NA
    frame = pd.DataFrame({
        "contact_id": [f"K{i}" for i in range(1, 9)],
        "customer_id": ["C1", "C2", "C3", "C1", "C4", "C5", "C2", "C6"],
        "agent_id": ["A1", "A2", "", "A1", "A2", "A1", "A2", "A1"],
        "team": ["Oak", "Ash", "", "Oak", "Ash", "Oak", "Ash", "Oak"],
        "channel": ["phone", "phone", "phone", "chat", "chat", "email", "social", "phone"],
        "arrived_at": pd.to_datetime(["2026-01-05 09:00", "2026-01-05 09:10",
                                      "2026-01-05 09:20", "2026-01-07 10:00",
                                      "2026-01-08 11:00", "2026-01-08 12:00",
                                      "2026-01-20 14:00", "2026-01-20 15:00"]),
        "answered": [True, True, False, True, True, True, True, True],
        "wait_s": [10, 45, 60, 15, 20, 3600, 7200, 5],
        "handle_s": [300, 420, 0, 600, 500, 360, 240, 380],
        "resolved_first_contact": [True, False, False, True, True, True, False, True],
        "csat": pd.array([5, 3, na, 4, na, 5, 2, na], dtype="Int64"),
        "nps": pd.array([10, 6, na, 9, na, 8, 3, na], dtype="Int64"),
        "ces": pd.array([7, 4, na, 6, na, 6, 2, na], dtype="Int64"),
    })
    return frame


# ------------------------------------------------------------------ speed and access
def service_level(df: pd.DataFrame, target_s: float = 20, channel: str | None = None
                  ) -> float:
    """Share of contacts answered within ``target_s`` seconds (0 to 1), for one ``channel``
    or (without one) phone and chat together.

    FORMULA: contacts answered with a wait of ``target_s`` seconds or less ÷ contacts offered.
    Offered = answered + abandoned: an abandoned contact counts as offered but never as
    within target, however quickly the customer gave up. With ``channel`` (e.g. "chat" with
    ``target_s=60``, or "email" with 86,400 s for "replied within 24 hours") only that
    channel's contacts count; judge each channel against its own standard
    (:data:`CHANNEL_ANSWER_S`, set in notebook 02) and never pool phone and chat, whose
    standards differ.

    WHAT IT TELLS A MANAGER: whether customers can reach someone quickly, the promise the rota
    is built to keep ("80% in 20 seconds"). It moves first when staffing falls short.

    PITFALLS: it is an average over many half-hours, so a good day can hide a terrible hour;
    some centres leave out calls abandoned in the first few seconds, which flatters the figure,
    so always say which rule you used; it says nothing about whether the issue was resolved;
    email and social are excluded (they are measured by response time instead).

    Example:
        >>> round(service_level(example_contacts()), 3)  # 4 of 6 phone/chat within 20 s
        0.667
        >>> service_level(example_contacts(), 60, channel="chat")  # both chats within 60 s
        1.0
    """
    if not (isinstance(target_s, int | float | np.integer | np.floating)
            and 0 <= target_s < math.inf):
        raise ValueError(f"target_s is a number of seconds, 0 or more (e.g. 20); got "
                         f"{target_s!r}.")
    view = _view(df, ("channel", "answered", "wait_s"))
    if channel is None:
        return _service_level(view, target_s)
    return _within(view.channel(_channel_name(channel)), target_s)


def _channel_name(channel: object) -> str:
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {', '.join(CHANNELS)}; got {channel!r}.")
    return str(channel)


def _within(view: _Contacts, answer_s: float) -> float:
    """Share of the view's contacts answered (or replied to) within ``answer_s`` seconds."""
    within = view.answered & (view.column("wait_s") <= answer_s)
    return float(within.sum() / len(view))


def _service_level(view: _Contacts, target_s: float = 20) -> float:
    queued = view.queued_or_raise("service level")
    within = queued & view.answered & (view.column("wait_s") <= target_s)
    return float(within.sum() / queued.sum())


def average_speed_of_answer(df: pd.DataFrame, channel: str | None = None) -> float:
    """Mean wait in seconds of answered phone and chat contacts (ASA); with ``channel``
    ("phone" or "chat") of that channel only, the way to judge it (the UK benchmark, about
    120 s in 2023 per ContactBabel via the CCMA, is for calls).

    FORMULA: total wait of answered phone and chat contacts ÷ number answered.

    WHAT IT TELLS A MANAGER: how long a typical customer who got through waited. Together with
    service level and abandonment it shows whether the centre is accessible.

    PITFALLS: abandoned contacts are left out, so the customers who waited longest (and gave
    up) do not count, and ASA can *improve* as more people abandon; a mean is pulled up by a
    few very long waits while most customers wait seconds, so read it beside service level;
    it excludes time in the phone menu before the queue.

    Example:
        >>> average_speed_of_answer(example_contacts())  # (10+45+15+20+5) ÷ 5
        19.0
        >>> average_speed_of_answer(example_contacts(), channel="chat")  # (15+20) ÷ 2
        17.5
    """
    view = _view(df, ("channel", "answered", "wait_s"))
    if channel is not None:
        view = view.channel(_channel_name(channel))
    return _average_speed_of_answer(view)


def _average_speed_of_answer(view: _Contacts) -> float:
    answered = view.queued_or_raise("speed of answer") & view.answered
    if not answered.any():
        raise NothingToMeasure("no answered phone or chat contacts in this selection, so there "
                               "is no speed of answer: every customer gave up")
    return float(np.nanmean(view.column("wait_s")[answered]))


def abandonment_rate(df: pd.DataFrame, channel: str | None = None) -> float:
    """Share of phone and chat contacts abandoned before an agent answered (0 to 1); with
    ``channel`` ("phone" or "chat") of that channel only (the UK benchmark, 9.1% in 2023 per
    ContactBabel via the CCMA, is for calls).

    FORMULA: abandoned phone and chat contacts ÷ phone and chat contacts offered.

    WHAT IT TELLS A MANAGER: how many customers gave up waiting. Each is unmet demand that
    usually comes back as a repeat call, often angrier, or goes to a competitor or a complaint.

    PITFALLS: customers who hang up within a few seconds (misdials) inflate it, and some
    centres exclude them, so check the rule before comparing with another centre; an abandoned
    customer who calls back is counted twice in "offered"; a queue message ("we are busy,
    please call later") can lower abandonment by discouraging customers from calling at all.

    Example:
        >>> round(abandonment_rate(example_contacts()), 3)  # 1 of 6 phone/chat abandoned
        0.167
        >>> abandonment_rate(example_contacts(), channel="phone")  # 1 of 4 calls
        0.25
    """
    view = _view(df, ("channel", "answered"))
    if channel is not None:
        view = view.channel(_channel_name(channel))
    return _abandonment_rate(view)


def _abandonment_rate(view: _Contacts) -> float:
    queued = view.queued_or_raise("abandonment")
    return float((queued & ~view.answered).sum() / queued.sum())


def average_handle_time(df: pd.DataFrame, channel: str | None = None) -> float:
    """Mean handle time in seconds of answered contacts: talk (or typing) + hold +
    after-contact work, the course data's ``handle_s``; with ``channel``, of that channel only.

    FORMULA: total handle_s (talk + hold + after-contact work) of answered contacts ÷ number
    answered (every channel, or one). Judge AHT per channel: a chat, an email and a call take
    different times, so a pooled AHT moves with the channel mix.

    WHAT IT TELLS A MANAGER: the workload each contact brings, the main input to staffing
    (agents needed = contacts × AHT ÷ time available) and to cost per contact.

    PITFALLS: pushing AHT down without watching FCR and CSAT makes agents rush, and the
    customer calls back, so total work goes up; it mixes channels and reasons (a tariff change
    takes longer than a meter reading), so a change in the mix looks like a change in
    performance; chats run in parallel, so chat AHT is not agent time.

    Example:
        >>> average_handle_time(example_contacts())  # 2,800 s ÷ 7 answered
        400.0
        >>> average_handle_time(example_contacts(), channel="chat")  # (600 + 500) ÷ 2
        550.0
    """
    view = _view(df, ("answered", "handle_s") if channel is None
                 else ("answered", "handle_s", "channel"))
    if channel is not None:
        view = view.channel(_channel_name(channel))
    return _average_handle_time(view)


def _average_handle_time(view: _Contacts) -> float:
    answered = view.answered
    if not answered.any():
        raise NothingToMeasure("no answered contacts in this selection, so there is no handle "
                               "time")
    return float(np.nanmean(view.column("handle_s")[answered]))


# ------------------------------------------------------------------ resolution
def fcr(df: pd.DataFrame, method: str = "agent flag") -> float:
    """First contact resolution (FCR): share of answered contacts resolved first time (0 to 1).

    FORMULA, ``method="agent flag"``: answered contacts the agent marked resolved ÷ answered
    contacts.

    FORMULA, ``method="no repeat in 7 days"``: answered contacts NOT followed by another
    contact (any channel, answered or abandoned) from the same customer within 7 days after it
    ÷ answered contacts that can be judged. Contacts in the last 7 days of the selection cannot
    be judged yet (the follow-up could still come) and are excluded.

    WHAT IT TELLS A MANAGER: whether customers' problems are fixed at the first attempt, the
    strongest driver of satisfaction and of avoidable, repeat work.

    The no-repeat measure looks FORWARD from each contact and is credited to the contact (and
    so the team and agent) that failed to resolve the issue, wherever the customer came back.
    When ``df`` has the column ``contacted_again_7d`` (worked out on the whole data when the
    table was made), a team's or a week's rows give that team's or week's FCR with repeats
    through other channels and teams still counted; without the column the repeats are
    looked for inside ``df`` only, so compute it on the whole table before filtering.

    PITFALLS: the agent's flag is self-reported and usually flatters (agents mark calls
    "resolved" that the customer then chases), so expect it to be higher than the
    no-repeat measure; the no-repeat measure counts any later contact as a failure, even about
    a new issue, so it slightly understates.

    Example:
        >>> round(fcr(example_contacts()), 3)  # 5 of 7 answered flagged resolved
        0.714
        >>> fcr(example_contacts(), method="no repeat in 7 days")  # 4 of 5 not repeated
        0.8
    """
    if method == "agent flag":
        return _fcr_flag(_view(df, ("answered", "resolved_first_contact")))
    if method == "no repeat in 7 days":
        _require(df, ("answered", "arrived_at") if REPEAT_COLUMN in df.columns
                 else ("answered", "customer_id", "arrived_at"))
        return _fcr_no_repeat(df)
    raise ValueError(f"method must be one of {', '.join(map(repr, FCR_METHODS))}; got "
                     f"{method!r}.")


def _fcr_flag(view: _Contacts) -> float:
    answered = view.answered
    if not answered.any():
        raise NothingToMeasure("no answered contacts in this selection, so nothing to resolve")
    resolved = _flag(view.frame["resolved_first_contact"])
    return float((resolved & answered).sum() / answered.sum())


def _fcr_no_repeat(df: pd.DataFrame) -> float:
    answered = _flag(df["answered"])
    if not answered.any():
        raise NothingToMeasure("no answered contacts in this selection, so nothing to resolve")
    if REPEAT_COLUMN in df.columns:
        # measured on the whole data when the table was made: a repeat through another
        # channel or team still counts against this contact
        again = df[REPEAT_COLUMN]
        judged = answered & again.notna().to_numpy()
        followed = _flag(again)
    else:
        judged = (answered & repeats.window_complete(df, REPEAT_DAYS).to_numpy()
                  & df["customer_id"].notna().to_numpy())
        followed = repeats.contacted_again(df, REPEAT_DAYS).to_numpy()
    if not judged.any():
        raise NothingToMeasure("every answered contact is in the last 7 days of the data, so "
                               "none can be judged yet: widen the dates or use "
                               "method='agent flag'")
    return float(1 - followed[judged].mean())


# ------------------------------------------------------------------ surveys
@dataclass(frozen=True)
class SurveyKPI:
    """A survey KPI with its 95% confidence interval and number of responses.

    ``value``, ``low`` and ``high`` are in ``unit`` ("%" for CSAT, "points" for NPS, "out of
    7" for CES). With no responses, value, low and high are NaN, ``n`` is 0 and ``note`` says
    so. With very few responses ``low`` and ``high`` may be NaN (no interval can be estimated).

    ``reliable`` is True from 100 responses: a rule of thumb, not a law. With 100 responses a
    CSAT near 75% has an interval of about ±8.5 points, about as wide as a manager can act on;
    with 30 it is about ±15 points, so changes between teams or weeks are mostly noise.

    Example:
        >>> score = SurveyKPI(76.1, 1234, 73.8, 78.4, "%", name="CSAT")
        >>> print(score)
        CSAT 76.1% (n = 1,234; 95% CI 73.8–78.4%)
        >>> score.reliable
        True
    """

    value: float
    n: int
    low: float
    high: float
    unit: str
    name: str = ""
    note: str = ""

    @property
    def reliable(self) -> bool:
        """True when there are at least 100 responses (see the class docstring)."""
        return self.n >= RELIABLE_N

    @property
    def half_width(self) -> float:
        """Half the width of the interval (the "±" figure), NaN if there is no interval."""
        return (self.high - self.low) / 2

    def formatted(self) -> str:
        """The value with its unit, e.g. '76.1%', '+32.5' or '6.02 out of 7'."""
        return _format_survey(self.unit, self.value)

    def interval(self) -> str:
        """The interval as text, e.g. '73.8–78.4%' or '-9.0 to -1.4'; '' if none."""
        if math.isnan(self.low) or math.isnan(self.high):
            return ""
        digits = 2 if self.unit == "out of 7" else 1
        separator = " to " if self.low < 0 else "–"
        suffix = "%" if self.unit == "%" else ""
        return f"{self.low:.{digits}f}{separator}{self.high:.{digits}f}{suffix}"

    def __str__(self) -> str:
        label = self.name or "Survey KPI"
        if self.n == 0:
            return f"{label}: no survey responses (n = 0)"
        interval = self.interval()
        detail = f"95% CI {interval}" if interval else "too few responses for an interval"
        return f"{label} {self.formatted()} (n = {self.n:,}; {detail})"

    def _repr_html_(self) -> str:
        label = html.escape(self.name or "Survey KPI")
        if self.n == 0:
            return (f'<div class="csm-kpi"><b>{label}</b>: no survey responses in this '
                    "selection</div>")
        interval = self.interval()
        detail = f"95% interval {interval}" if interval else "too few responses for an interval"
        warning = ("" if self.reliable else
                   f'<br><span style="color:#b45309">⚠ {html.escape(self.note)}</span>')
        return (f'<div class="csm-kpi"><b>{label}</b> '
                f'<span style="font-size:1.3em">{html.escape(self.formatted())}</span> '
                f"<small>(n = {self.n:,}; {html.escape(detail)})</small>{warning}</div>")


def _format_survey(unit: str, value: float) -> str:
    if math.isnan(value):
        return "–"
    if unit == "points":
        return f"{value:+.1f}"
    if unit == "out of 7":
        return f"{value:.2f} out of 7"
    return f"{value:.1f}%"


def _survey_note(n: int, half_width: float, unit: str) -> str:
    if n == 0:
        return "no survey responses in this selection"
    if n >= RELIABLE_N:
        return ""
    if math.isnan(half_width):
        return f"small sample (n = {n}): too few responses for an interval"
    digits = 2 if unit == "out of 7" else 1
    return f"small sample (n = {n}): interval ±{half_width:.{digits}f} points"


def _survey(name: str, unit: str, value: float, n: int, low: float, high: float) -> SurveyKPI:
    note = _survey_note(n, (high - low) / 2, unit)
    return SurveyKPI(float(value), int(n), float(low), float(high), unit, name, note)


def _responses(df: pd.DataFrame, column: str, lowest: int, highest: int) -> np.ndarray:
    """The survey answers in ``column`` (missing dropped), checked to be on the scale."""
    _require(df, (column,))
    values = _numbers(df[column])
    values = values[~np.isnan(values)]
    if values.size and (values.min() < lowest or values.max() > highest):
        raise ValueError(f"{column} answers must be from {lowest} to {highest}; found "
                         f"{values.min():g} to {values.max():g}.")
    return values


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for a proportion (0 to 1): better than "p ± 1.96 × SE" for small n.

    FORMULA: centre = (p + z²/2n) ÷ (1 + z²/n); half-width = z ÷ (1 + z²/n) ×
    √(p(1 − p)/n + z²/4n²), with p = successes ÷ n and z = 1.96 for 95%. It never leaves 0–1
    and still gives a sensible interval when p is 0 or 1.

    Example:
        >>> [round(x, 3) for x in wilson_interval(3, 5)]
        [0.231, 0.882]

    ``n`` 0 gives (NaN, NaN): no responses, no interval. ``successes`` must be from 0 to
    ``n`` and ``n`` 0 or more, or a ValueError says which.
    """
    successes = checks.number("successes", successes, minimum=0, example="12")
    n = checks.number("n", n, example="40")
    if not n >= 0:
        raise ValueError(f"n is the number of responses, 0 or more; got {n!r}.")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be from 0 to n ({n!r}): they are some of the n "
                         f"responses; got {successes!r}.")
    if n == 0:
        return (math.nan, math.nan)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


def t_quantile_975(dof: int) -> float:
    """Student's t 97.5% quantile (for a two-sided 95% interval) without scipy.

    A table for 1–30 degrees of freedom, then the Cornish–Fisher expansion around the normal
    quantile, accurate to about 0.0001 from 30 upwards.

    Example:
        >>> t_quantile_975(9), round(t_quantile_975(1000), 3)
        (2.2622, 1.962)
    """
    dof = checks.number("dof", dof, example="9")
    if dof != int(dof):
        raise ValueError(f"degrees of freedom must be a whole number; got {dof!r}.")
    dof = int(dof)
    if dof < 1:
        raise ValueError(f"degrees of freedom must be 1 or more; got {dof!r}.")
    if dof <= len(_T_975):
        return _T_975[dof - 1]
    z, v = Z_95, float(dof)
    return (z + (z**3 + z) / (4 * v) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3))


def csat(df: pd.DataFrame) -> SurveyKPI:
    """Customer satisfaction (CSAT), top-2-box: % of survey answers that are 4 or 5 out of 5.

    FORMULA: responses with csat ≥ 4 ÷ all csat responses × 100 (contacts not surveyed, NA,
    are left out). Interval: Wilson score interval (see :func:`wilson_interval`).

    WHAT IT TELLS A MANAGER: how many customers left the contact satisfied. It reacts within
    days to changes in waiting, resolution and agent manner, and comments explain the "why".

    PITFALLS: only a minority answer surveys and they are not a random sample (very happy and
    very unhappy customers answer more, abandoned callers are never asked); a team or agent
    with a few dozen responses has a wide interval, so do not rank agents on it; top-2-box
    hides a drift from "5" to "4"; it measures the contact, not the product or the bill.
    With no responses it returns value NaN, n = 0 and a note instead of raising.

    Example:
        >>> print(csat(example_contacts()))  # 3 of 5 answers are 4 or 5
        CSAT 60.0% (n = 5; 95% CI 23.1–88.2%)
    """
    answers = _responses(df, "csat", 1, 5)
    return _csat_from(int((answers >= 4).sum()), answers.size)


def _csat_from(satisfied: int, n: int) -> SurveyKPI:
    """CSAT from its counts: answers of 4 or 5, and all answers."""
    if n == 0:
        return _survey("CSAT", "%", math.nan, 0, math.nan, math.nan)
    low, high = wilson_interval(satisfied, n)
    return _survey("CSAT", "%", 100 * satisfied / n, n, 100 * low, 100 * high)


def nps(df: pd.DataFrame) -> SurveyKPI:
    """Net promoter score (NPS): % promoters (9–10) minus % detractors (0–6), −100 to +100.

    FORMULA: NPS = 100 × (p − d), with p = share of answers 9–10 and d = share 0–6 (7–8 are
    passives and count only in the total). Interval: normal approximation with the standard
    variance of a difference of two shares of the same sample, Var(p − d) = (p + d − (p − d)²)
    ÷ n, so NPS ± 1.96 × 100 × √Var, clipped to −100…+100. When every response falls in one
    group the variance is 0 and no honest interval exists, so low and high are NaN.

    WHAT IT TELLS A MANAGER: loyalty, whether customers would speak well of the organisation.
    It is slow-moving and driven by more than the contact centre (price, product, billing).

    PITFALLS: it is a difference of two percentages, so it jumps around: its interval is about
    twice as wide as CSAT's for the same n; the same NPS can come from very different mixes
    (50% promoters and 30% detractors, or 20% and 0%); it is a number from −100 to +100, not
    a percentage. With no responses it returns value NaN, n = 0 and a note.

    Example:
        >>> print(nps(example_contacts()))  # 2 promoters, 2 detractors of 5
        NPS +0.0 (n = 5; 95% CI -78.4 to 78.4)
    """
    answers = _responses(df, "nps", 0, 10)
    return _nps_from(int((answers >= 9).sum()), int((answers <= 6).sum()), answers.size)


def _nps_from(promoter_count: int, detractor_count: int, n: int) -> SurveyKPI:
    """NPS from its counts: promoters (9–10), detractors (0–6) and all answers."""
    if n == 0:
        return _survey("NPS", "points", math.nan, 0, math.nan, math.nan)
    promoters, detractors = promoter_count / n, detractor_count / n
    score = promoters - detractors
    variance = (promoters + detractors - score**2) / n
    if variance <= 0:
        return _survey("NPS", "points", 100 * score, n, math.nan, math.nan)
    half = Z_95 * math.sqrt(variance)
    return _survey("NPS", "points", 100 * score, n, 100 * max(-1.0, score - half),
                   100 * min(1.0, score + half))


def ces(df: pd.DataFrame) -> SurveyKPI:
    """Customer effort score (CES): mean answer to "it was easy to get my issue handled", 1–7.

    FORMULA: mean of the ces answers (7 = strongly agree, low effort). Interval: mean ± t ×
    s ÷ √n, with s the sample standard deviation and t the 97.5% quantile of Student's t with
    n − 1 degrees of freedom (about 1.96 for large n). With one response, or all responses the
    same, there is no spread to estimate, so low and high are NaN.

    WHAT IT TELLS A MANAGER: how hard customers had to work (repeating themselves, being
    transferred, chasing), a strong predictor of whether they stay.

    PITFALLS: scales differ between organisations (1–5, 1–7, sometimes reversed so that low is
    good), so check the wording before comparing; a mean hides a group of customers who found
    it very hard, so look at the share answering 1–3 as well. With no responses it returns
    value NaN, n = 0 and a note.

    Example:
        >>> print(ces(example_contacts()))  # (7+4+6+6+2) ÷ 5
        CES 5.00 out of 7 (n = 5; 95% CI 2.52–7.00)
    """
    answers = _responses(df, "ces", 1, 7)
    return _ces_from(float(answers.sum()), float((answers ** 2).sum()), answers.size)


def _ces_from(total: float, total_of_squares: float, n: int) -> SurveyKPI:
    """CES from its sums: answers, squared answers, and how many there are."""
    if n == 0:
        return _survey("CES", "out of 7", math.nan, 0, math.nan, math.nan)
    mean = total / n
    variance = (total_of_squares - n * mean**2) / (n - 1) if n > 1 else 0.0
    spread = math.sqrt(variance) if variance > 1e-12 else 0.0
    if spread == 0:
        return _survey("CES", "out of 7", mean, n, math.nan, math.nan)
    half = t_quantile_975(n - 1) * spread / math.sqrt(n)
    return _survey("CES", "out of 7", mean, n, max(1.0, mean - half), min(7.0, mean + half))


# ------------------------------------------------------------------ people
def qa_score(qa_df: pd.DataFrame) -> float:
    """Mean quality-assurance score (0–100) of the evaluations in ``qa_df``.

    FORMULA: sum of total_score ÷ number of evaluations.

    WHAT IT TELLS A MANAGER: whether contacts follow the standard (greeting, accuracy,
    empathy, compliance…) as judged by an evaluator: the input to coaching.

    PITFALLS: evaluators see a handful of contacts per agent a month, so one agent's score is
    a tiny sample; evaluators differ (calibrate them together regularly); a high QA score with
    low CSAT means the checklist measures the wrong things.

    Example:
        >>> qa_score(pd.DataFrame({"total_score": [80.0, 70.0, 75.0]}))
        75.0
    """
    _require(qa_df, ("total_score",), "qa_evaluations")
    scores = _numbers(qa_df["total_score"])
    scores = scores[~np.isnan(scores)]
    if scores.size == 0:
        raise NothingToMeasure("no QA evaluations with a score in this selection")
    return float(scores.mean())


def _plan_seconds(plan_df: pd.DataFrame, channels: Iterable[str], days: np.ndarray) -> float:
    """Scheduled agent time in seconds in the plan for ``channels`` on ``days``."""
    rows = plan_df["channel"].isin(list(channels)).to_numpy(dtype=bool)
    plan_days = np.asarray(plan_df["interval_start"], dtype="datetime64[ns]").astype(
        "datetime64[D]")
    rows = rows & np.isin(plan_days, days)
    return float(np.nansum(_numbers(plan_df["scheduled_agents"])[rows]) * INTERVAL_S)


def _check_share(name: str, value: object, example: str) -> float:
    number = checks.number(name, value, minimum=0, example=example)
    if not number < 1:
        raise ValueError(f"{name} is a share from 0 to below 1 (e.g. {example}); got {value!r}.")
    return float(number)


def _check_concurrency(value: object) -> int:
    number = checks.number("chat_concurrency", value, minimum=1, example="2")
    if number != int(number) or number > 6:
        raise ValueError(f"chat_concurrency is a whole number of chats from 1 to 6 (e.g. 2); "
                         f"got {value!r}.")
    return int(number)


def occupancy(df: pd.DataFrame, plan_df: pd.DataFrame, channel: str | None = None, *,
              on_shift_shrinkage: float = 0.0,
              chat_concurrency: int = CHAT_CONCURRENCY) -> float:
    """Occupancy of one channel: time handling contacts ÷ time agents were logged in and
    available for them (0 to 1).

    FORMULA: handle time (talk + hold + after-contact work) of the channel's answered
    contacts ÷ the channel's available agent time, where available time = scheduled agents ×
    1,800 s over the plan's half-hours on the calendar days ``df`` covers × (1 −
    ``on_shift_shrinkage``: breaks, coaching and meetings while on shift, when no contact can
    be taken), and, for chat, × ``chat_concurrency`` (the chats one agent can hold at once:
    occupancy is then the share of chat capacity in use). Without ``channel`` the selection
    must hold one of phone or chat only.

    PER CHANNEL, NEVER POOLED: chats run in parallel, so chat handle time ÷ chat agent time
    exceeds 100% without meaning overwork; pooled with phone it hides both channels.

    NOT UTILISATION: utilisation is time logged in ÷ paid time (see :func:`utilisation`);
    occupancy is what happens within the logged-in time.

    WHAT IT TELLS A MANAGER: how busy agents are between contacts. Widely advised not to
    exceed about 85% for long (Call Centre Helper, "Why should your occupancy rate NOT exceed
    85%?"): above it agents have no recovery time between contacts, which burns them out and
    drives absence and attrition, and queues grow sharply. Low occupancy is a cost question,
    not a failure: check service level first (occupancy falls as service level rises).

    PITFALLS: the plan is for the whole centre, so for one team's contacts the figure is far
    too low; it rises automatically when staffing is short, which is not good news; the plan's
    scheduled agents stand in for logged-in time, so unplanned absence makes it look lower.

    Example:
        >>> plan = pd.DataFrame({"interval_start": pd.to_datetime(["2026-01-05 09:00"] * 2),
        ...                      "channel": ["phone", "chat"], "scheduled_agents": [1, 1]})
        >>> contacts = example_contacts().iloc[:3]  # three phone calls on 5 January
        >>> round(occupancy(contacts, plan), 3)  # 720 s ÷ (1 × 1,800 s)
        0.4
        >>> round(occupancy(contacts, plan, "phone", on_shift_shrinkage=0.2), 3)  # ÷ 1,440 s
        0.5
    """
    _require(plan_df, ("interval_start", "channel", "scheduled_agents"), "interval_plan")
    shrink = _check_share("on_shift_shrinkage", on_shift_shrinkage, "0.15")
    concurrency = _check_concurrency(chat_concurrency)
    view = _view(df, ("channel", "answered", "handle_s", "arrived_at"))
    if channel is None:
        present = [name for name in QUEUED_CHANNELS if _labels_in(view.frame["channel"],
                                                                   [name]).any()]
        if len(present) > 1:
            raise NothingToMeasure("occupancy is measured one channel at a time (chats run "
                                   "in parallel): choose phone or chat")
        view.queued_or_raise("occupancy")
        channel = present[0]
    return _channel_occupancy(view.channel(_channel_name(channel)), plan_df, str(channel),
                              shrink, concurrency)


def _available_seconds(plan_df: pd.DataFrame, channel: str, days: np.ndarray,
                       on_shift_shrinkage: float, chat_concurrency: int) -> float:
    agent_s = _plan_seconds(plan_df, (channel,), days) * (1 - on_shift_shrinkage)
    return agent_s * (chat_concurrency if channel == "chat" else 1)


def _channel_occupancy(view: _Contacts, plan_df: pd.DataFrame, channel: str,
                       on_shift_shrinkage: float, chat_concurrency: int) -> float:
    available = _available_seconds(plan_df, channel, view.days, on_shift_shrinkage,
                                   chat_concurrency)
    if available <= 0:
        raise NothingToMeasure(f"the plan has no {channel} agents scheduled on the days of "
                               "this selection")
    return float(np.nansum(view.column("handle_s")[view.answered]) / available)


# ------------------------------------------------------------------ people (attendance)
ATTENDANCE_COLUMNS = ("agent_id", "date", "scheduled_hours", "absent",
                      "on_shift_shrinkage_hours", "adherence_pct", "worked_hours")


def example_attendance() -> pd.DataFrame:
    """Four hand-made attendance rows (the contract's ``attendance`` table) for the examples.

    Example:
        >>> example_attendance()[["agent_id", "absent"]].values.tolist()[:2]
        [['A1', False], ['A1', True]]
    """
    return pd.DataFrame({
        "agent_id": ["A1", "A1", "A2", "A2"],
        "date": pd.to_datetime(["2026-01-05", "2026-01-06", "2026-01-05", "2026-01-06"]),
        "scheduled_hours": [8.0, 8.0, 7.5, 7.5],
        "absent": [False, True, False, False],
        "on_shift_shrinkage_hours": [1.0, 0.0, 1.5, 1.0],
        "adherence_pct": [95.0, np.nan, 85.0, 90.0],
        "worked_hours": [8.0, 0.0, 7.0, 7.75],
    })


def _attendance(attendance: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    _require(attendance, columns, "attendance")
    return attendance


def schedule_adherence(attendance: pd.DataFrame) -> float:
    """Schedule adherence (0 to 1): the share of scheduled time agents spent doing what the
    schedule said, when it said (on the phones at 10:00, on a break at 10:15…).

    FORMULA: Σ (adherence_pct ÷ 100 × scheduled_hours) ÷ Σ scheduled_hours, over the days
    agents were present (an absent day has no adherence: it counts in :func:`absence_rate`).

    WHAT IT TELLS A MANAGER: whether the plan is worked as planned; a centre staffed to the
    right number still misses service level when agents take breaks at the wrong time.
    CONFORMANCE is the related measure of whether agents worked the right AMOUNT of time
    (time worked ÷ time scheduled), whenever they worked it. Team leaders watch REAL-TIME
    ADHERENCE during the day to spot an agent out of their scheduled activity.

    PITFALLS: 100% is neither possible nor wanted (a long call runs into a break); targets
    around 90% are common; it measures following the plan, not the plan's quality.

    Example:
        >>> round(schedule_adherence(example_attendance()), 3)  # (7.6 + 6.375 + 6.75) ÷ 23
        0.901
    """
    frame = _attendance(attendance, ("scheduled_hours", "absent", "adherence_pct"))
    hours = _numbers(frame["scheduled_hours"])
    adherence = _numbers(frame["adherence_pct"])
    rows = ~_flag(frame["absent"]) & ~np.isnan(adherence) & ~np.isnan(hours)
    if not rows.any() or hours[rows].sum() <= 0:
        raise NothingToMeasure("no days with adherence recorded in this selection")
    return float((adherence[rows] / 100 * hours[rows]).sum() / hours[rows].sum())


def conformance(attendance: pd.DataFrame) -> float:
    """Schedule conformance (0 to 1 or a little above): hours agents were logged in ÷ hours
    they were scheduled, whenever they worked them.

    FORMULA: Σ worked_hours ÷ Σ scheduled_hours, over the days agents were present (an absent
    day counts in :func:`absence_rate`, not here). Above 100% means agents stayed on past
    their shift.

    WHAT IT TELLS A MANAGER: whether the plan's AMOUNT of time was worked (late log-ins and
    early log-outs lower it). Read it beside :func:`schedule_adherence`: good conformance
    with poor adherence means the hours were there, but at the wrong times (breaks and
    lunches taken when the plan needed agents on the phones).

    Example:
        >>> round(conformance(example_attendance()), 3)  # (8 + 7 + 7.75) ÷ 23 hours present
        0.989
    """
    frame = _attendance(attendance, ("scheduled_hours", "absent", "worked_hours"))
    hours = _numbers(frame["scheduled_hours"])
    worked = _numbers(frame["worked_hours"])
    rows = ~_flag(frame["absent"]) & ~np.isnan(hours) & ~np.isnan(worked)
    if not rows.any() or hours[rows].sum() <= 0:
        raise NothingToMeasure("no days with agents present in this selection")
    return float(worked[rows].sum() / hours[rows].sum())


def absence_rate(attendance: pd.DataFrame) -> float:
    """Unplanned absence (0 to 1): scheduled hours lost to sickness and other unplanned
    absence ÷ scheduled hours.

    WHAT IT TELLS A MANAGER: a people measure and a cost; rising absence often follows high
    occupancy and poor schedules, and it is part of the off-shift shrinkage the plan needs.

    Example:
        >>> round(absence_rate(example_attendance()), 3)  # 8 of 31 scheduled hours
        0.258
    """
    frame = _attendance(attendance, ("scheduled_hours", "absent"))
    hours = np.nan_to_num(_numbers(frame["scheduled_hours"]))
    if hours.sum() <= 0:
        raise NothingToMeasure("no scheduled hours in this selection")
    return float(hours[_flag(frame["absent"])].sum() / hours.sum())


def utilisation(attendance: pd.DataFrame) -> float:
    """Utilisation (0 to 1): time logged in and available for contacts ÷ paid time. Not
    occupancy, which divides handling time by the logged-in time.

    FORMULA: Σ over days present of (scheduled_hours − on_shift_shrinkage_hours) ÷ Σ
    scheduled_hours of every scheduled day (an absent day is paid but not logged in).

    Example:
        >>> round(utilisation(example_attendance()), 3)  # (7 + 6 + 6.5) ÷ 31
        0.629
    """
    frame = _attendance(attendance, ("scheduled_hours", "absent", "on_shift_shrinkage_hours"))
    hours = np.nan_to_num(_numbers(frame["scheduled_hours"]))
    if hours.sum() <= 0:
        raise NothingToMeasure("no scheduled hours in this selection")
    present = ~_flag(frame["absent"])
    shrink = np.nan_to_num(_numbers(frame["on_shift_shrinkage_hours"]))
    return float((hours[present] - shrink[present]).sum() / hours.sum())


def on_shift_shrinkage(attendance: pd.DataFrame) -> float:
    """On-shift shrinkage (0 to 1): breaks, coaching and meetings while on shift ÷ scheduled
    hours of the days agents were present.

    Example:
        >>> round(on_shift_shrinkage(example_attendance()), 3)  # 3.5 of 23 hours
        0.152
    """
    frame = _attendance(attendance, ("scheduled_hours", "absent", "on_shift_shrinkage_hours"))
    hours = np.nan_to_num(_numbers(frame["scheduled_hours"]))
    present = ~_flag(frame["absent"])
    if hours[present].sum() <= 0:
        raise NothingToMeasure("no days with agents present in this selection")
    shrink = np.nan_to_num(_numbers(frame["on_shift_shrinkage_hours"]))
    return float(shrink[present].sum() / hours[present].sum())


def attrition_rate(agents: pd.DataFrame, first_day: object, last_day: object) -> float:
    """Staff turnover, annualised (0 to 1): agents who left ÷ average headcount, scaled to a
    year.

    FORMULA: leavers (``left_on`` from ``first_day`` to ``last_day``) ÷ ((headcount on the
    first day + headcount on the last day) ÷ 2) × 365 ÷ days in the period. Employed on a day
    = hired on or before it and not left before it.

    WHAT IT TELLS A MANAGER: how many agents must be recruited and trained each year to stand
    still; high occupancy, poor schedules and weak coaching show up here months later.

    PITFALLS: a short period annualised is noisy (two leavers in a quarter look like eight a
    year); say whether the figure is annualised.

    Example:
        >>> agents = pd.DataFrame({"agent_id": ["A1", "A2", "A3", "A4"],
        ...     "hire_date": pd.to_datetime(["2025-01-01", "2025-01-01", "2025-06-01",
        ...                                  "2026-02-01"]),
        ...     "left_on": pd.to_datetime([None, "2026-01-31", None, None])})
        >>> round(attrition_rate(agents, "2026-01-01", "2026-03-31"), 3)  # 1 ÷ 3 × 365/90
        1.352
    """
    frame = _require_agents(agents)
    first, last = _day_of("first_day", first_day), _day_of("last_day", last_day)
    if last < first:
        raise ValueError(f"last_day ({last:%d %b %Y}) is before first_day ({first:%d %b %Y}).")
    hired = pd.to_datetime(frame["hire_date"])
    left = pd.to_datetime(frame["left_on"])

    def employed(day: pd.Timestamp) -> int:
        return int(((hired <= day) & (left.isna() | (left >= day))).sum())

    headcount = (employed(first) + employed(last)) / 2
    if headcount <= 0:
        raise NothingToMeasure("no agents employed in this period")
    leavers = int(((left >= first) & (left <= last)).sum())
    days = (last - first).days + 1
    return float(leavers / headcount * 365 / days)


def _day_of(name: str, value: object) -> pd.Timestamp:
    """A date argument as a Timestamp, or a ValueError naming it."""
    try:
        day = pd.Timestamp(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        day = pd.NaT
    if day is pd.NaT or pd.isna(day):
        raise ValueError(f"{name} is a date such as '2026-01-05'; got {value!r}.")
    return day.normalize()


def _require_agents(agents: pd.DataFrame) -> pd.DataFrame:
    if isinstance(agents, pd.DataFrame) and "left_on" not in agents.columns and \
            "hire_date" in agents.columns:
        raise NothingToMeasure(NOT_IN_DATA.format(table=_LEAVERS))
    _require(agents, ("hire_date", "left_on"), "agents", allow_empty=True)
    return agents


# ------------------------------------------------------------------ complaints and money
def complaints_per_1000(df: pd.DataFrame, complaints_df: pd.DataFrame,
                        method: str = "received in period") -> float:
    """Complaints per 1,000 contacts.

    FORMULA, ``method="received in period"`` (the usual report): complaints received on the
    calendar days that ``df`` covers (days with at least one contact) ÷ contacts in ``df`` ×
    1,000.

    FORMULA, ``method="linked to contacts"``: complaints whose ``contact_id`` is one of the
    contacts in ``df`` (whenever they were received) ÷ contacts in ``df`` × 1,000. Use it for
    one team or channel: it counts only the complaints those contacts led to.

    WHAT IT TELLS A MANAGER: how often contacts end in a formal complaint, scaled so that busy
    and quiet periods compare. Complaints cost far more than contacts (investigation, redress,
    ombudsman referrals), so this is a leading indicator of cost and regulatory risk.

    PITFALLS: "received in period" matches by date, not by contact, so for one team or
    channel it still counts every complaint of the period and the rate looks far too high;
    "linked to contacts" misses complaints about the last day or two of the data that have
    not arrived yet, and complaints not raised on a contact; a complaint often arrives a day
    or two after its contact, so short periods are noisy; a low rate can mean complaints are
    not being logged, not that none were made.

    Example:
        >>> complaints = pd.DataFrame({"received_at": pd.to_datetime(["2026-01-07 16:00"]),
        ...                            "contact_id": ["K2"]})
        >>> complaints_per_1000(example_contacts(), complaints)  # 1 ÷ 8 contacts × 1,000
        125.0
    """
    if method not in COMPLAINT_METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, COMPLAINT_METHODS))}; "
                         f"got {method!r}.")
    needed = ("received_at",) if method == "received in period" else ("contact_id",)
    _require(complaints_df, needed, "complaints", allow_empty=True)
    view = _view(df, ("arrived_at",) if method == "received in period" else ("contact_id",))
    if method == "linked to contacts":
        return _complaints_linked(view, complaints_df)
    return _complaints_per_1000(view, complaints_df)


def _complaints_per_1000(view: _Contacts, complaints_df: pd.DataFrame) -> float:
    received = np.asarray(complaints_df["received_at"], dtype="datetime64[ns]").astype(
        "datetime64[D]")
    count = int(np.isin(received, view.days).sum())
    return 1000 * count / len(view)


def _complaints_linked(view: _Contacts, complaints_df: pd.DataFrame) -> float:
    per_contact = complaints_df["contact_id"].dropna().value_counts()
    ids = view.frame["contact_id"]
    matched = pd.unique(ids.to_numpy()[_labels_in(ids, per_contact.index)])
    count = int(per_contact.reindex(matched).sum())
    return 1000 * count / len(view)


def _month_days(days: np.ndarray) -> pd.Series:
    """Number of distinct days in each month ("2026-01" → 27) among ``days``."""
    months = days.astype("datetime64[M]").astype(str)
    return pd.Series(months).value_counts()


def cost_per_contact(df: pd.DataFrame, budget_df: pd.DataFrame,
                     plan_df: pd.DataFrame | None = None, channel: str | None = None) -> float:
    """Full cost per contact handled, in £: actual spend for the months the selection covers
    ÷ the contacts handled (answered) in it.

    FORMULA: Σ over months of (actual_gbp of the month × share of the month covered) ÷
    contacts handled in ``df``. Share covered = days of the month with contacts in ``df`` ÷
    days the month's budget covers: the calendar days of the month, or, when ``plan_df`` is
    given, the days the plan has intervals in that month (use it when the data starts or ends
    mid-month, as the course data does). Contacts HANDLED, not offered: an abandoned call
    costs little, and dividing by it would flatter the figure as more customers give up.

    PER CHANNEL: with ``channel``, only that channel's spend and contacts, which needs a
    budget with a ``channel`` column; a budget kept for the whole centre (as the course's
    is) cannot be split honestly, so the figure is the whole centre's and says so.

    BENCHMARK: a UK inbound call costs about £5.58 (ContactBabel via Call Centre Helper /
    CCMA, 2024), 57% more than an email and 83% more than a web chat. Caveat: a survey
    average of many centres with different costs counted, for calls only; a centre handling
    emails and chats too should come in below it.

    WHOLE MONTHS ONLY: spend is recorded by month, so for part of a month the month's spend is
    shared out pro rata by days, which assumes spend is spread evenly through the month.

    WHAT IT TELLS A MANAGER: efficiency in money terms, what each contact handled costs; the
    case for self-service, fewer repeat contacts and channel shift rests on it.

    PITFALLS: for one team it divides the whole centre's costs by a fraction of the contacts;
    cheaper is not better if customers then call back: read it beside FCR.

    Example:
        >>> budget = pd.DataFrame({"month": ["2026-01"], "actual_gbp": [3100.0]})
        >>> cost_per_contact(example_contacts(), budget)  # 4 of 31 days: £400 ÷ 7 handled
        57.142857142857146
    """
    _require(budget_df, ("month", "actual_gbp"), "budget")
    if plan_df is not None:
        _require(plan_df, ("interval_start",), "interval_plan", allow_empty=True)
    view = _view(df, ("arrived_at", "answered"))
    if channel is not None:
        name = _channel_name(channel)
        if "channel" not in budget_df.columns:
            raise NothingToMeasure("not in this data: the budget is not split by channel, so "
                                   "cost per contact is for the whole centre only")
        budget_df = budget_df[budget_df["channel"] == name]
        view = view.channel(name)
    return _cost_per_contact(view, budget_df, plan_df)


def _spend_by_month(budget_df: pd.DataFrame) -> pd.Series:
    """Actual spend per month ("YYYY-MM"); a month with any line's actual missing is left out
    (its spend is not known yet, so it must not count as 0), negative actuals are refused."""
    months = pd.to_datetime(budget_df["month"].astype(str)).dt.strftime("%Y-%m")
    actual = _numbers(budget_df["actual_gbp"])
    if (actual < 0).any():
        row = int(np.flatnonzero(actual < 0)[0])
        raise SchemaError(f"The budget table, column 'actual_gbp': row {row} holds "
                          f"{actual[row]:g}; spend must be 0 or more. Correct it.",
                          table="budget", column="actual_gbp", row=row, value=actual[row])
    spend = pd.Series(actual, index=months.to_numpy())
    known = ~spend.isna().groupby(level=0).any()
    return spend.groupby(level=0).sum()[known]


def _cost_per_contact(view: _Contacts, budget_df: pd.DataFrame,
                      plan_df: pd.DataFrame | None) -> float:
    handled = int(view.answered.sum())
    if not handled:
        raise NothingToMeasure("no contacts handled in this selection, so no cost per contact")
    return _cost_for_days(view.days, handled, budget_df, plan_df)


def _cost_for_days(days: np.ndarray, contacts: int, budget_df: pd.DataFrame,
                   plan_df: pd.DataFrame | None, spend: pd.Series | None = None,
                   budget_days: pd.Series | None = None) -> float:
    """Spend for the share of each month that ``days`` cover, per contact (``spend`` and
    ``budget_days`` may be passed in when already worked out from the same tables)."""
    covered = _month_days(days)
    spend = _spend_by_month(budget_df) if spend is None else spend
    missing = sorted(set(covered.index) - set(spend.index))
    if missing:
        raise NothingToMeasure(f"the budget table has no actual spend for {', '.join(missing)} "
                               "(or a line's actual_gbp is missing): fill in every line's "
                               "actual, or choose other dates")
    if budget_days is None:
        budget_days = (_month_days(_days(plan_df["interval_start"])) if plan_df is not None
                       else pd.Series(dtype=int))
    total = 0.0
    for month, count in covered.items():
        reference = budget_days.get(month, pd.Period(month, "M").days_in_month)
        total += spend[month] * min(1.0, count / reference)
    return float(total / contacts)


# ------------------------------------------------------------------ catalogue and RAG
@dataclass(frozen=True)
class KPI:
    """One KPI of the catalogue: what it is, which way is good, its target and amber band.

    ``direction`` is "higher is better", "lower is better" or "band". For the first two,
    ``target`` is the green threshold and ``amber`` the worst value still amber; beyond it is
    red. For "band" (occupancy), ``target`` is the green (low, high) range and ``amber`` the
    wider (low, high) range outside which it is red.
    ``source`` says what the target or benchmark measures and where it comes from (UK figures
    from UK surveys with their year); course defaults say so. ``scope`` is "team" for a KPI
    that means the same for a team, an agent or the centre, and "centre" for a measure of the
    shared queue or the whole centre: for a team it is shown as context. ``channel`` names
    the one channel the KPI is judged on (queue and handle-time measures are never pooled
    across channels, whose standards differ) and ``answer_s`` the answer or reply time of a
    service-level KPI.
    """

    name: str
    function: str
    unit: str
    direction: str
    perspective: str
    target: float | tuple[float, float]
    amber: float | tuple[float, float]
    source: str
    scope: str = "team"
    channel: str | None = None
    answer_s: float | None = None

    def target_text(self) -> str:
        """The target as a manager would write it, e.g. '≥ 80%' or '70–85%'."""
        if self.direction == BAND:
            low, high = self.target  # type: ignore[misc]
            text = (f"{_format_value(self.unit, low, target=True)}–"
                    f"{_format_value(self.unit, high, target=True)}")
            return text.replace("%–", "–")
        sign = "≥" if self.direction == HIGHER else "≤"
        return f"{sign} {_format_value(self.unit, float(self.target), target=True)}"


_STANDARD = ("notebook 02's standards: phone 80% in 20 s, chat 80% in 60 s. The 80/20 "
             "convention has no known origin: a standard is set from customers' tolerance of "
             "waiting and the cost of each extra point")
_ASA = ("course targets (phone ≤ 30 s, chat ≤ 60 s), in line with each channel's answer "
        "standard. Benchmark: UK mean ASA about 120 s for calls (ContactBabel UK Contact Centre "
        "Decision-Makers' Guide, 2023, via the CCMA): a UK survey average, for comparison, not "
        "a target")
_ABANDON = ("course target 5%, close up to the UK mean; off target above it. Benchmark: UK "
            "mean abandonment 9.1% of calls (ContactBabel, 2023, via the CCMA), a UK survey "
            "average; check whether short abandons are left out before comparing")
_AHT = ("course default for {channel} (AHT = talk + hold + after-contact work ÷ contacts "
        "handled); no public benchmark is comparable across organisations and reasons")
_OCCUPANCY = ("Call Centre Helper, 'Why should your occupancy rate NOT exceed 85%?' "
              "(callcentrehelper.com/occupancy-not-exceed-85-157102.htm): widely advised not "
              "to exceed about 85% for long (burnout, absence, attrition). Rule: on target "
              "70–85%; close 85–90%; off target above 90%. Below 70% is shown as close, a "
              "cost question for the schedule, never a reason to cut staff while service "
              "level misses. Measured per channel on logged-in, available time")

KPI_CATALOGUE: tuple[KPI, ...] = (
    # ---- financial
    KPI("Cost per contact handled", "cost_per_contact", GBP, LOWER, "financial", 5.58, 5.86,
        "UK benchmark: an inbound call costs about £5.58 (ContactBabel via Call Centre Helper "
        "/ CCMA, 2024), 57% more than an email and 83% more than a web chat. Caveat: a survey "
        "average for calls only, from centres that count costs differently; this centre also "
        "handles cheaper emails and chats, so it should come in below. Close: up to 5% over",
        scope=CENTRE),
    # ---- customer
    KPI("CSAT (customer satisfaction)", "csat", PERCENT, HIGHER, "customer", 75.0, 70.0,
        "course target. Benchmark: SQM Group, about 76% of energy-sector callers very "
        "satisfied (North American centres, top-box, asked by SQM's own post-call survey); our "
        "CSAT is top-2-box from our after-contact survey, so the two are not the same measure"),
    KPI("NPS (net promoter score)", "nps", NPS_POINTS, HIGHER, "customer", 20.0, 10.0,
        "course target guided by Bain & Company's bands (above 0 good, above 20 favourable, "
        "above 50 excellent; Reichheld, HBR 2003). Bain's bands are for relationship NPS (all "
        "customers asked about the organisation); ours is asked after a contact, which "
        "usually scores differently"),
    KPI("CES (customer effort score)", "ces", CES_SCALE, HIGHER, "customer", 5.5, 5.0,
        "course default (7-point agreement scale; no public benchmark is comparable across "
        "organisations)"),
    KPI("FCR (first contact resolution)", "fcr", SHARE, HIGHER, "customer", 0.75, 0.70,
        "course target. Benchmark: SQM Group, 70–79% good and 80%+ world-class, in North "
        "American centres, as customers report it in a survey; not an agent's flag, which "
        "flatters. Measured here as 'not contacted again within 7 days'"),
    KPI("Complaints per 1,000 contacts", "complaints_per_1000", PER_1000, LOWER, "customer",
        5.0, 6.0, "course default"),
    # ---- internal process
    KPI("Service level: phone, answered in 20 s", "service_level", SHARE, HIGHER,
        "internal process", 0.80, 0.75, _STANDARD,
        scope=CENTRE, channel="phone", answer_s=CHANNEL_ANSWER_S["phone"]),
    KPI("Service level: chat, answered in 60 s", "service_level", SHARE, HIGHER,
        "internal process", 0.80, 0.75, _STANDARD,
        scope=CENTRE, channel="chat", answer_s=CHANNEL_ANSWER_S["chat"]),
    KPI("Email: replied within 24 hours", "service_level", SHARE, HIGHER, "internal process",
        0.95, 0.90, "notebook 02's standard for email (reply within 24 hours, for 95% of "
        "emails)", scope=CENTRE, channel="email",
        answer_s=CHANNEL_ANSWER_S["email"]),
    KPI("Social: replied within 2 hours", "service_level", SHARE, HIGHER, "internal process",
        0.95, 0.90, "notebook 02's standard for social media (reply within 2 hours; 95% of "
        "posts)", scope=CENTRE, channel="social", answer_s=CHANNEL_ANSWER_S["social"]),
    KPI("ASA: phone (average speed of answer)", "average_speed_of_answer", SECONDS, LOWER,
        "internal process", 30.0, 120.0, _ASA,
        scope=CENTRE, channel="phone"),
    KPI("ASA: chat (average speed of answer)", "average_speed_of_answer", SECONDS, LOWER,
        "internal process", 60.0, 120.0, _ASA,
        scope=CENTRE, channel="chat"),
    KPI("Abandonment: phone", "abandonment_rate", SHARE, LOWER, "internal process", 0.05,
        0.091, _ABANDON, scope=CENTRE, channel="phone"),
    KPI("Abandonment: chat", "abandonment_rate", SHARE, LOWER, "internal process", 0.05,
        0.091, _ABANDON, scope=CENTRE, channel="chat"),
    KPI("AHT: phone (average handle time)", "average_handle_time", SECONDS, LOWER,
        "internal process", 360.0, 400.0, _AHT.format(channel="phone"), channel="phone"),
    KPI("AHT: chat (average handle time)", "average_handle_time", SECONDS, LOWER,
        "internal process", 480.0, 540.0, _AHT.format(channel="chat"), channel="chat"),
    KPI("AHT: email (average handle time)", "average_handle_time", SECONDS, LOWER,
        "internal process", 480.0, 540.0, _AHT.format(channel="email"), channel="email"),
    KPI("AHT: social (average handle time)", "average_handle_time", SECONDS, LOWER,
        "internal process", 360.0, 400.0, _AHT.format(channel="social"), channel="social"),
    KPI("Occupancy: phone", "occupancy", SHARE, BAND, "internal process", (0.70, 0.85),
        (0.0, 0.90), _OCCUPANCY, scope=CENTRE, channel="phone"),
    KPI("Occupancy: chat", "occupancy", SHARE, BAND, "internal process", (0.70, 0.85),
        (0.0, 0.90), _OCCUPANCY, scope=CENTRE, channel="chat"),
    # ---- learning and growth (the people measures)
    KPI("QA score", "qa_score", QA_SCALE, HIGHER, "learning and growth", 75.0, 70.0,
        "course default: evaluators' checklist of skills, the input to coaching"),
    KPI("Schedule adherence", "schedule_adherence", SHARE, HIGHER, "learning and growth",
        0.90, 0.85, "course default (about 90% is a common target; 100% is neither possible "
        "nor wanted)"),
    KPI("Absence (unplanned)", "absence_rate", SHARE, LOWER, "learning and growth", 0.04,
        0.06, "course default: share of scheduled hours lost to sickness and unplanned "
        "absence"),
    KPI("Attrition (annualised)", "attrition_rate", SHARE, LOWER, "learning and growth", 0.25,
        0.35, "course default: agents who left ÷ average headcount, scaled to a year"),
)


def catalogue_entry(name: str) -> KPI:
    """The catalogue entry whose name starts with ``name`` or whose function is ``name``.

    Example:
        >>> catalogue_entry("service level").target, catalogue_entry("average_handle_time").unit
        (0.8, 'seconds')
    """
    return _lookup(name, KPI_CATALOGUE)


def _lookup(name: str, catalogue: Iterable[KPI]) -> KPI:
    wanted = checks.text("name", name, example="service level").strip().lower()
    for entry in catalogue:  # a function shared by several channels gives the first (phone)
        if entry.function == wanted or entry.name.lower() == wanted:
            return entry
    matches = [entry for entry in catalogue if entry.name.lower().startswith(wanted)]
    if len(matches) == 1 or (matches and len({m.function for m in matches}) == 1):
        return matches[0]
    known = ", ".join(entry.function for entry in KPI_CATALOGUE)
    raise ValueError(f"no single KPI called {name!r}; use a name or one of: {known}.")


def rag(value: float | SurveyKPI | None, kpi: KPI | str) -> str:
    """Red, amber or green status of ``value`` against a catalogue entry (or its name).

    Higher is better: green at or above target, amber at or above the amber threshold, red
    below. Lower is better: the mirror image. Band (occupancy): green inside the target range
    (ends included), amber inside the wider amber range, red outside it (the catalogue's
    occupancy band is never red for being low: low occupancy is a cost question).
    A value on a boundary gets the better status. NaN or None (nothing to measure) gives
    "no data".

    Example:
        >>> rag(0.80, "service level"), rag(0.75, "service level"), rag(0.7, "service level")
        ('green', 'amber', 'red')
        >>> [rag(v, "occupancy") for v in (0.93, 0.87, 0.80, 0.72, 0.60)]
        ['red', 'amber', 'green', 'green', 'amber']
    """
    entry = kpi if isinstance(kpi, KPI) else _lookup(kpi, KPI_CATALOGUE)
    if isinstance(value, SurveyKPI):
        value = value.value
    if value is None or math.isnan(float(value)):
        return NO_DATA
    value = float(value)
    if entry.direction == BAND:
        (low, high), (amber_low, amber_high) = entry.target, entry.amber  # type: ignore[misc]
        if low - _EPS <= value <= high + _EPS:
            return "green"
        return "amber" if amber_low - _EPS <= value <= amber_high + _EPS else "red"
    target, amber = float(entry.target), float(entry.amber)  # type: ignore[arg-type]
    if entry.direction == LOWER:
        value, target, amber = -value, -target, -amber
    if value >= target - _EPS:
        return "green"
    return "amber" if value >= amber - _EPS else "red"


# ------------------------------------------------------------------ formatting
def _trim(number: float, digits: int) -> str:
    text = f"{number:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _format_seconds(seconds: float) -> str:
    whole = int(round(seconds))
    if whole < 120:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min" if rest == 0 else f"{minutes} min {rest} s"


def _format_value(unit: str, value: float, target: bool = False) -> str:
    """A KPI value as text in its unit; ``target=True`` drops needless decimals."""
    if value is None or math.isnan(value):
        return "–"
    if unit == SECONDS:
        return _format_seconds(value)
    if unit == GBP:
        return f"£{value:,.2f}"
    formats: dict[str, tuple[float, int, str]] = {
        SHARE: (100, 1, "%"), PERCENT: (1, 1, "%"), CES_SCALE: (1, 2, ""),
        QA_SCALE: (1, 1, ""), PER_1000: (1, 1, " per 1,000"), NPS_POINTS: (1, 1, "")}
    scale, digits, suffix = formats[unit]
    number = value * scale
    text = _trim(number, digits) if target else f"{number:,.{digits}f}"
    if unit == NPS_POINTS and number > 0:
        text = f"+{text}"
    return text + suffix


# ------------------------------------------------------------------ scorecard
SCORECARD_COLUMNS = ("perspective", "kpi", "value", "formatted", "target", "status", "n",
                     "note", "channel")


@dataclass(frozen=True)
class _Tables:
    qa: pd.DataFrame
    complaints: pd.DataFrame
    plan: pd.DataFrame
    budget: pd.DataFrame
    agents: pd.DataFrame | None = None
    attendance: pd.DataFrame | None = None
    on_shift_shrinkage: float | None = None
    chat_concurrency: int = CHAT_CONCURRENCY


def _qa_for_selection(view: _Contacts, qa_df: pd.DataFrame) -> pd.DataFrame:
    """QA evaluations of the selection's agents, done on the days the selection spans."""
    return _qa_of(_distinct(view.frame["agent_id"], view.answered), view.days, qa_df)


def _qa_of(agents: np.ndarray, days: np.ndarray, qa_df: pd.DataFrame) -> pd.DataFrame:
    """QA evaluations of ``agents`` done between the first and last of ``days``."""
    evaluated = np.asarray(qa_df["evaluated_at"], dtype="datetime64[ns]").astype(
        "datetime64[D]")
    first, last = days[0], days[-1]
    keep = (qa_df["agent_id"].isin(agents).to_numpy(dtype=bool) & (evaluated >= first)
            & (evaluated <= last))
    return qa_df[keep]


_Measured = tuple[float, "int | None", str]


def _measure_survey(score: SurveyKPI) -> _Measured:
    if score.n and score.reliable:
        interval = score.interval()
        note = f"95% CI {interval}" if interval else ""
        return score.value, score.n, note
    return score.value, score.n, score.note


def _measure_qa(view: _Contacts, tables: _Tables) -> _Measured:
    if {"agent_id", "evaluated_at"} <= set(tables.qa.columns) and "agent_id" in view.frame:
        evaluations = _qa_for_selection(view, tables.qa)
    else:
        evaluations = tables.qa
    return _qa_measured(evaluations)


def _qa_measured(evaluations: pd.DataFrame) -> _Measured:
    if evaluations.empty:
        raise NothingToMeasure("no QA evaluations of these agents on these dates")
    value = qa_score(evaluations)
    n = int(evaluations["total_score"].notna().sum())
    note = f"few evaluations (n = {n}): treat with caution" if n < 30 else ""
    return value, n, note


def _measure_complaints(view: _Contacts, tables: _Tables) -> _Measured:
    if "contact_id" in tables.complaints.columns:
        return _complaints_linked(view, tables.complaints), None, "complaints about these contacts"
    return _complaints_per_1000(view, tables.complaints), None, "complaints received these days"


UNJUDGED = ("every answered contact is in the last 7 days of the data, so none can be "
            "judged yet: widen the dates")


def _measure_fcr(view: _Contacts) -> _Measured:
    flag = _fcr_flag(view)
    try:
        value = _fcr_no_repeat(view.frame)
    except NothingToMeasure:
        raise NothingToMeasure(UNJUDGED) from None
    return (value, None,
            f"not contacted again within 7 days (the agent's own flag says {100 * flag:.1f}%)")


def _shrinkage_for(tables: _Tables, attendance: pd.DataFrame | None) -> tuple[float, str]:
    """On-shift shrinkage for occupancy, and where it came from (for the note)."""
    if attendance is not None and not attendance.empty:
        try:
            return on_shift_shrinkage(attendance), "attendance"
        except NothingToMeasure:
            pass
    if tables.on_shift_shrinkage is not None:
        return float(tables.on_shift_shrinkage), "plan"
    return 0.0, "none"


def _occupancy_note(channel: str, source: str, shrink: float, concurrency: int) -> str:
    logged = {"attendance": f"less {100 * shrink:.0f}% on-shift shrinkage (attendance)",
              "plan": f"less {100 * shrink:.0f}% on-shift shrinkage (planning assumption)",
              "none": "scheduled time (on-shift shrinkage not known)"}[source]
    chat = f", {concurrency} chats each" if channel == "chat" else ""
    return f"of the plan's {channel} agents, {logged}{chat} (whole centre)"


def _measure_occupancy(view: _Contacts, tables: _Tables, entry: KPI) -> _Measured:
    channel = str(entry.channel)
    attendance = (_people_rows(view, tables.attendance) if tables.attendance is not None
                  else None)
    shrink, source = _shrinkage_for(tables, attendance)
    value = _channel_occupancy(view.channel(channel), tables.plan, channel, shrink,
                               tables.chat_concurrency)
    return value, None, _occupancy_note(channel, source, shrink, tables.chat_concurrency)


def _people_rows(view: _Contacts, attendance: pd.DataFrame) -> pd.DataFrame:
    """Attendance of the selection's agents on the days from its first to its last."""
    return _people_of(_distinct(view.frame["agent_id"], view.answered)
                      if "agent_id" in view.frame else None, view.days, attendance)


def _people_of(agents: np.ndarray | None, days: np.ndarray, attendance: pd.DataFrame
               ) -> pd.DataFrame:
    dates = np.asarray(attendance["date"], dtype="datetime64[ns]").astype("datetime64[D]")
    keep = (dates >= days[0]) & (dates <= days[-1])
    if agents is not None:
        keep &= attendance["agent_id"].isin(agents).to_numpy(dtype=bool)
    return attendance[keep]


def _measure_people(function: str, attendance: pd.DataFrame | None, agents: np.ndarray | None,
                    days: np.ndarray, agents_df: pd.DataFrame | None) -> _Measured:
    if function == "attrition_rate":
        if agents_df is None:
            raise NothingToMeasure(NOT_IN_DATA.format(table=_LEAVERS))
        frame = _require_agents(agents_df)
        if agents is not None and "agent_id" in frame.columns:
            frame = frame[frame["agent_id"].isin(agents)]
        value = attrition_rate(frame, pd.Timestamp(days[0]), pd.Timestamp(days[-1]))
        return value, None, f"annualised from {len(days)} days"
    if attendance is None:
        raise NothingToMeasure(NOT_IN_DATA.format(table=_ATTENDANCE))
    rows = _people_of(agents, days, attendance)
    if rows.empty:
        raise NothingToMeasure("no attendance rows for these agents on these dates")
    measure = {"schedule_adherence": schedule_adherence, "absence_rate": absence_rate}[function]
    return measure(rows), None, ""


def _people(function: str) -> Callable[[_Contacts, _Tables, KPI], _Measured]:
    def measured(view: _Contacts, tables: _Tables, entry: KPI) -> _Measured:
        agents = (_distinct(view.frame["agent_id"], view.answered)
                  if "agent_id" in view.frame else None)
        return _measure_people(function, tables.attendance, agents, view.days, tables.agents)
    return measured


def _on_channel(entry: KPI, view: _Contacts) -> _Contacts:
    return view.channel(entry.channel) if entry.channel else view


_MEASURES: dict[str, Callable[[_Contacts, _Tables, KPI], _Measured]] = {
    "csat": lambda v, t, e: _measure_survey(csat(v.frame)),
    "nps": lambda v, t, e: _measure_survey(nps(v.frame)),
    "ces": lambda v, t, e: _measure_survey(ces(v.frame)),
    "fcr": lambda v, t, e: _measure_fcr(v),
    "complaints_per_1000": lambda v, t, e: _measure_complaints(v, t),
    "service_level": lambda v, t, e: (
        _within(_on_channel(e, v), float(e.answer_s)) if e.channel and e.answer_s is not None
        else _service_level(v), None, ""),
    "average_speed_of_answer": lambda v, t, e: (
        _average_speed_of_answer(_on_channel(e, v)), None, ""),
    "abandonment_rate": lambda v, t, e: (_abandonment_rate(_on_channel(e, v)), None, ""),
    "average_handle_time": lambda v, t, e: (_average_handle_time(_on_channel(e, v)), None, ""),
    "qa_score": lambda v, t, e: _measure_qa(v, t),
    "occupancy": _measure_occupancy,
    "cost_per_contact": lambda v, t, e: (_cost_per_contact(v, t.budget, t.plan), None,
                                         "whole centre's spend ÷ contacts handled; the budget "
                                         "is not split by team or channel"),
    "schedule_adherence": _people("schedule_adherence"),
    "absence_rate": _people("absence_rate"),
    "attrition_rate": _people("attrition_rate"),
}


def _with_targets(targets: Mapping[str, float | tuple[float, float]] | None
                  ) -> tuple[KPI, ...]:
    """The catalogue with some targets replaced; each amber band moves with its target."""
    if not targets:
        return KPI_CATALOGUE
    changed = {}
    for name, new in targets.items():
        entry = _lookup(name, KPI_CATALOGUE)
        if entry.direction == BAND:
            if not (isinstance(new, tuple | list) and len(new) == 2):
                raise ValueError(f"the target of {entry.name} is a (low, high) range; got "
                                 f"{new!r}.")
            low, high = float(new[0]), float(new[1])
            if not 0 <= low < high <= 1:
                raise ValueError(f"the target of {entry.name} is a (low, high) range of shares "
                                 f"with 0 <= low < high <= 1 (e.g. (0.75, 0.88)); got {new!r}.")
            old_low, old_high = entry.target  # type: ignore[misc]
            amber_low, amber_high = entry.amber  # type: ignore[misc]
            amber = (max(0.0, amber_low + low - old_low), amber_high + high - old_high)
            for same in _same_kpi(entry):
                changed[same.name] = replace(same, target=(low, high), amber=amber,
                                             source="your target")
        else:
            if isinstance(new, tuple | list | bool):
                raise ValueError(f"the target of {entry.name} is a single number; got {new!r}.")
            try:
                value = float(new)
            except (TypeError, ValueError):
                value = math.nan
            if not math.isfinite(value) or (entry.unit == SHARE and not 0 <= value <= 1):
                rule = "a share from 0 to 1 (e.g. 0.8)" if entry.unit == SHARE else "a number"
                raise ValueError(f"the target of {entry.name} is {rule}; got {new!r}.")
            for same in _same_kpi(entry, name):
                shift = float(new) - float(same.target)  # type: ignore[arg-type]
                changed[same.name] = replace(same, target=float(new),
                                             amber=float(same.amber) + shift,  # type: ignore
                                             source="your target")
    return tuple(changed.get(entry.name, entry) for entry in KPI_CATALOGUE)


def _same_kpi(entry: KPI, asked: str | None = None) -> list[KPI]:
    """The entries a target given for ``entry`` applies to: a function name ("occupancy")
    applies to every channel's row of a KPI with the same unit and direction; a full name to
    that row only."""
    if asked is not None and asked.strip().lower() == entry.name.lower():
        return [entry]
    return [other for other in KPI_CATALOGUE if other.function == entry.function
            and other.answer_s == entry.answer_s] or [entry]


def _scorecard_row(entry: KPI, view: _Contacts, tables: _Tables) -> dict[str, object]:
    return _card_row(entry, lambda: _MEASURES[entry.function](view, tables, entry))


def _card_row(entry: KPI, measure: Callable[[], _Measured]) -> dict[str, object]:
    """One scorecard row: the KPI measured (or the reason it cannot be), formatted and rated."""
    try:
        value, n, note = measure()
    except NothingToMeasure as reason:
        value, n, note = math.nan, None, str(reason)
    survey = entry.function in {"csat", "nps", "ces"}
    formatted = _format_value(entry.unit, value)
    if survey and n == 0:
        formatted = "no survey responses"
    return {"perspective": entry.perspective, "kpi": entry.name, "value": value,
            "formatted": formatted, "target": entry.target_text(),
            "status": rag(value, entry), "n": n, "note": note, "channel": entry.channel}


def scorecard(df: pd.DataFrame, qa_df: pd.DataFrame, complaints_df: pd.DataFrame,
              plan_df: pd.DataFrame, budget_df: pd.DataFrame,
              targets: Mapping[str, float | tuple[float, float]] | None = None, *,
              agents_df: pd.DataFrame | None = None,
              attendance_df: pd.DataFrame | None = None,
              on_shift_shrinkage: float | None = None,
              chat_concurrency: int = CHAT_CONCURRENCY) -> pd.DataFrame:
    """A balanced scorecard (Kaplan and Norton, HBR 1992): one row per KPI of the
    catalogue, grouped by the four perspectives (financial, customer, internal process,
    learning and growth), with the queue and handle-time measures one row per channel, each
    against its own channel's standard.

    Columns: perspective, kpi, value (in the function's unit: ratios 0–1, CSAT in %, NPS in
    points…), formatted (e.g. "81.2%"), target (as text), status ("green", "amber", "red",
    or "no data" when nothing can be measured), n (responses for survey KPIs, evaluations for
    QA, else missing), note (e.g. "small sample (n = 42): interval ±12.8 points", or the
    reason a KPI could not be measured) and channel (the channel a row is judged on, or None).

    QA uses the evaluations of the agents who answered contacts in ``df``, done between its
    first and last day, so a team or week filter gives that team's or week's QA; schedule
    adherence and absence use ``attendance_df`` the same way, and attrition ``agents_df``
    (without them the rows say "not in this data"). Occupancy divides by available time: the
    plan's scheduled agents less on-shift shrinkage (from ``attendance_df`` when given, else
    ``on_shift_shrinkage``), with ``chat_concurrency`` chats per chat agent. FCR is "not
    contacted again within 7 days", the measure closest to what a customer would report;
    its note gives the agent's flag.
    Complaints per 1,000 uses the "linked to contacts" method when the complaints table has
    ``contact_id`` (so a team or channel filter counts only its own complaints), else
    "received in period". Cost per contact uses the plan to know which days each month's
    budget covers. Occupancy and cost per contact are whole-centre measures: for one team (or,
    for cost, one channel) they mislead, and their notes say so.

    ``targets`` replaces catalogue targets by KPI name or function name, e.g.
    ``{"service_level": 0.85, "occupancy": (0.78, 0.86)}``; each amber band moves with its
    target.

    Example:
        >>> from csmlib.data import load
        >>> card = scorecard(load("contacts"), load("qa_evaluations"),
        ...                  load("complaints"), load("interval_plan"), load("budget"))
        >>> card["perspective"].unique().tolist()
        ['financial', 'customer', 'internal process', 'learning and growth']
    """
    _require(df, contact_columns(df))
    _require(qa_df, ("total_score",), "qa_evaluations", allow_empty=True)
    linked = isinstance(complaints_df, pd.DataFrame) and "contact_id" in complaints_df.columns
    _require(complaints_df, ("contact_id",) if linked else ("received_at",), "complaints",
             allow_empty=True)
    _require(plan_df, ("interval_start", "channel", "scheduled_agents"), "interval_plan",
             allow_empty=True)
    _require(budget_df, ("month", "actual_gbp"), "budget", allow_empty=True)
    if on_shift_shrinkage is not None:
        on_shift_shrinkage = _check_share("on_shift_shrinkage", on_shift_shrinkage, "0.15")
    view = _Contacts(df)
    tables = _Tables(qa_df, complaints_df, plan_df, budget_df, agents_df, attendance_df,
                     on_shift_shrinkage, _check_concurrency(chat_concurrency))
    rows = [_scorecard_row(entry, view, tables) for entry in _with_targets(targets)]
    return _card_frame(rows)


def _card_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    card = pd.DataFrame(rows, columns=list(SCORECARD_COLUMNS))
    card["value"] = card["value"].astype(float)
    card["n"] = card["n"].astype("Int64")
    return occupancy_verdicts(card)


LOW_OCCUPANCY_MISSING = ("below 70% while this channel's service level misses: agents are "
                         "not where the demand is (the wrong half-hours, or not available when "
                         "scheduled); fix the schedule and adherence, do not cut staff")
LOW_OCCUPANCY = "below 70%: a cost question; check the schedule before cutting hours"


def occupancy_verdicts(card: pd.DataFrame) -> pd.DataFrame:
    """Add what low occupancy means to each occupancy row of a scorecard: with the same
    channel's service level off target, low occupancy means agents are in the wrong
    half-hours (fix the schedule, do not cut staff); otherwise it is a cost question.

    Example:
        >>> card = pd.DataFrame({"kpi": ["Service level: phone, answered in 20 s",
        ...     "Occupancy: phone"], "value": [0.7, 0.6], "status": ["red", "amber"],
        ...     "note": ["", "x"], "channel": ["phone", "phone"]})
        >>> occupancy_verdicts(card).loc[1, "note"].startswith("x; below 70% while")
        True
    """
    require_columns(card, "scorecard", ("kpi", "value", "status", "note", "channel"))
    card = card.copy()
    levels = {row.channel: row.status for row in card.itertuples()
              if str(row.kpi).startswith("Service level")}
    for index in card.index[card["kpi"].astype(str).str.startswith("Occupancy")]:
        value = card.at[index, "value"]
        low = next((e.target[0] for e in KPI_CATALOGUE  # type: ignore[index]
                    if e.name == card.at[index, "kpi"]), 0.70)
        if not (isinstance(value, float) and value < low - _EPS):
            continue
        missing = levels.get(card.at[index, "channel"]) in ("amber", "red")
        words = LOW_OCCUPANCY_MISSING if missing else LOW_OCCUPANCY
        note = str(card.at[index, "note"] or "")
        card.at[index, "note"] = f"{note}; {words}" if note else words
    return card


# ------------------------------------------------------------------ by period and by group
@dataclass(frozen=True)
class Trend:
    """A KPI a trend chart can show: its catalogue entry and the chart's units."""

    name: str
    function: str
    scale: float
    unit: str


#: KPIs with a weekly trend, in the units of the chart (%, points, seconds).
TRENDS: dict[str, Trend] = {trend.name: trend for trend in (
    Trend("service level", "service_level", 100, "%"),
    Trend("abandonment", "abandonment_rate", 100, "%"),
    Trend("FCR", "fcr", 100, "%"),
    Trend("not contacted again in 7 days", "fcr", 100, "%"),
    Trend("CSAT", "csat", 1, "%"),
    Trend("NPS", "nps", 1, "points"),
    Trend("AHT", "average_handle_time", 1, "seconds"),
)}


def _trend(name: str) -> Trend:
    if name not in TRENDS:
        raise ValueError(f"No trend for {name!r}; choose one of {', '.join(TRENDS)}.")
    return TRENDS[name]


def trend_target(name: str, catalogue: Iterable[KPI] = KPI_CATALOGUE) -> float:
    """The catalogue target of a trend KPI, in the trend chart's units.

    Example:
        >>> trend_target("service level"), trend_target("CSAT"), trend_target("AHT")
        (80.0, 75.0, 360.0)
    """
    trend = _trend(name)
    entry = _lookup(trend.function, catalogue)
    target = entry.target[0] if isinstance(entry.target, tuple) else entry.target
    return float(target) * trend.scale


def periods(contacts: pd.DataFrame, freq: str = "W") -> pd.Series:
    """The start of the period (week by default, Monday) in which each contact arrived.

    Example:
        >>> periods(example_contacts()).dt.strftime("%a %d %b").unique().tolist()
        ['Mon 05 Jan', 'Mon 19 Jan']
    """
    _require(contacts, ("arrived_at",), allow_empty=True)
    return contacts["arrived_at"].dt.to_period(freq).dt.start_time


def kpi_by_period(contacts: pd.DataFrame, name: str, period: pd.Series | None = None
                  ) -> pd.Series:
    """One KPI per period (weekly unless ``period`` gives each contact's period), in the
    trend chart's units, with the same definitions as the single-figure functions (a test
    checks every period against them). ``name`` is a key of :data:`TRENDS`.

    Periods in which the KPI cannot be measured (no queued calls, no surveys) are left out.
    Service level judges each contact against its own channel's standard
    (:data:`CHANNEL_ANSWER_S`): pass one channel's contacts to see that channel's trend.

    Example:
        >>> kpi_by_period(example_contacts(), "service level").round(1).tolist()  # 3 of 5; 1 of 1
        [60.0, 100.0]
    """
    trend = _trend(name)
    _require(contacts, contact_columns(contacts), allow_empty=True)
    period = periods(contacts) if period is None else period
    answered = pd.Series(_flag(contacts["answered"]), index=contacts.index)
    queued = contacts["channel"].isin(QUEUED_CHANNELS)
    if trend.function == "service_level":  # each channel against its own standard
        limit = contacts["channel"].astype(object).map(CHANNEL_ANSWER_S).astype(float)
        hit = (answered & (contacts["wait_s"] <= limit))[queued]
        values = hit.groupby(period[queued]).mean()
    elif trend.function == "abandonment_rate":
        values = (~answered[queued]).groupby(period[queued]).mean()
    elif trend.function == "average_handle_time":
        values = contacts.loc[answered, "handle_s"].groupby(period[answered]).mean()
    elif name == "FCR":
        flag = pd.Series(_flag(contacts["resolved_first_contact"]), index=contacts.index)
        values = flag[answered].groupby(period[answered]).mean()
    elif trend.function == "fcr":
        values = _no_repeat_by(contacts, answered, period)
    else:
        surveyed = contacts["csat"].notna()
        group = period[surveyed]
        if trend.function == "csat":
            values = (contacts.loc[surveyed, "csat"] >= 4).groupby(group).mean()
        else:
            scores = contacts.loc[surveyed, "nps"]
            values = (scores >= 9).groupby(group).mean() - (scores <= 6).groupby(group).mean()
        values = values * 100
    return (values * trend.scale).astype(float)


def _no_repeat_by(contacts: pd.DataFrame, answered: pd.Series, group: pd.Series) -> pd.Series:
    """Share of answered contacts NOT followed by another within 7 days, per group."""
    if REPEAT_COLUMN in contacts.columns:
        again = contacts[REPEAT_COLUMN]
        judged = answered & again.notna()
        followed = pd.Series(_flag(again), index=contacts.index)
    else:
        judged = answered & repeats.window_complete(contacts, REPEAT_DAYS)
        followed = repeats.contacted_again(contacts, REPEAT_DAYS)
    return 1 - followed[judged].astype(float).groupby(group[judged], observed=True).mean()


def kpis_by_group(contacts: pd.DataFrame, by: str = "team") -> pd.DataFrame:
    """Key KPIs per team or agent (``by`` = "team" or "agent_id"): answered contacts, FCR by
    the agent's flag and by "not contacted again in 7 days", AHT, and CSAT with its 95%
    interval and number of surveys. Only answered contacts belong to a team or agent, so
    queue measures (service level, abandonment) are not here.

    Example:
        >>> table = kpis_by_group(example_contacts(), "team")
        >>> table[["team", "contacts", "FCR (agent flag) %"]].values.tolist()
        [['Ash', 3, 33.3], ['Oak', 4, 100.0]]
    """
    if by not in ("team", "agent_id"):
        raise ValueError(f"by must be 'team' or 'agent_id'; got {by!r}.")
    _require(contacts, (*contact_columns(contacts), by), allow_empty=True)
    codes, names = _group_codes(contacts[by])
    answered = _flag(contacts["answered"]) & (codes >= 0)
    groups = codes[answered]

    def total(values: np.ndarray | None = None, rows: np.ndarray = answered) -> np.ndarray:
        return np.bincount(codes[rows], weights=None if values is None else values[rows],
                           minlength=len(names))

    count = total()
    handle = _numbers(contacts["handle_s"])
    timed = answered & ~np.isnan(handle)
    csat_scores = _numbers(contacts["csat"])
    surveyed = answered & ~np.isnan(csat_scores)
    judged, followed = _repeat_arrays(contacts)
    judged = judged & answered
    with np.errstate(invalid="ignore", divide="ignore"):
        table = pd.DataFrame({
            by: names, "contacts": count.astype(int),
            "FCR (agent flag) %": 100 * total(_flag(contacts["resolved_first_contact"])) / count,
            "not contacted again in 7 days %":
                100 * (1 - total(followed.astype(float), judged) / total(rows=judged)),
            "AHT (s)": total(handle, timed) / total(rows=timed),
            "surveys (n)": total(rows=surveyed).astype(int),
            "happy": total((csat_scores >= 4).astype(float), surveyed),
        })
    table = table[np.bincount(groups, minlength=len(names)) > 0]
    table["CSAT %"] = (100 * table["happy"] / table["surveys (n)"].replace(0, np.nan)).round(1)
    table["CSAT 95% interval"] = [
        "no surveys" if n == 0 else
        "{:.0f}–{:.0f}".format(*(100 * v for v in wilson_interval(int(k), int(n))))
        for k, n in zip(table["happy"], table["surveys (n)"], strict=True)]
    for column in ("FCR (agent flag) %", "not contacted again in 7 days %"):
        table[column] = table[column].round(1)
    table["AHT (s)"] = table["AHT (s)"].round(0)
    label = by.replace("_id", "")
    table = table.rename(columns={by: label}).reset_index(drop=True)
    return table[[label, "contacts", "FCR (agent flag) %", "not contacted again in 7 days %",
                  "AHT (s)", "CSAT %", "CSAT 95% interval", "surveys (n)"]]


def _group_codes(labels: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Whole-number codes (-1 for missing or blank) and the sorted group names."""
    if isinstance(labels.dtype, pd.CategoricalDtype):
        codes = labels.cat.codes.to_numpy().astype(np.int64)
        names = labels.cat.categories.to_numpy(dtype=object)
    else:
        codes, names = pd.factorize(labels, sort=True)
        names = np.asarray(names, dtype=object)
    blank = np.flatnonzero(names == "")
    if len(blank):
        codes = np.where(np.isin(codes, blank), -1, codes)
    return codes, names


def _repeat_arrays(contacts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """For each contact: can it be judged for a repeat, and was it followed by one?"""
    if REPEAT_COLUMN in contacts.columns:
        again = contacts[REPEAT_COLUMN]
        return again.notna().to_numpy(), _flag(again)
    judged = (repeats.window_complete(contacts, REPEAT_DAYS).to_numpy()
              & contacts["customer_id"].notna().to_numpy())
    return judged, repeats.contacted_again(contacts, REPEAT_DAYS).to_numpy()


def kpi_sources(catalogue: Iterable[KPI] = KPI_CATALOGUE) -> pd.DataFrame:
    """The catalogue as a table a reader can check: perspective, KPI, channel, target and
    source (what the target or benchmark measures, and where it comes from).

    Example:
        >>> kpi_sources().columns.tolist()
        ['perspective', 'kpi', 'channel', 'target', 'source']
    """
    return pd.DataFrame([(e.perspective, e.name, e.channel or "all", e.target_text(),
                          e.source) for e in catalogue],
                        columns=["perspective", "kpi", "channel", "target", "source"])


def centre_scope_kpis(catalogue: Iterable[KPI] = KPI_CATALOGUE) -> tuple[str, ...]:
    """Names of the KPIs that measure the shared queue or the whole centre, not a team.

    Example:
        >>> centre_scope_kpis()[:2]
        ('Cost per contact handled', 'Service level: phone, answered in 20 s')
    """
    return tuple(entry.name for entry in catalogue if entry.scope == CENTRE)


CENTRE_NOTE = "whole centre: shared by all teams, not a team measure"


def with_centre_context(team_card: pd.DataFrame, centre_card: pd.DataFrame) -> pd.DataFrame:
    """A team's scorecard in which every centre-scope KPI carries the whole centre's value,
    status and a note saying so: a team does not own the queue or the budget.

    Example:
        >>> team = pd.DataFrame({"kpi": ["CSAT (customer satisfaction)", "Occupancy: phone"],
        ...     "value": [80.0, 0.5], "formatted": ["80%", "50%"], "status": ["green", "red"],
        ...     "n": [10, None], "note": ["", ""]})
        >>> centre = team.assign(value=[76.0, 0.8], formatted=["76%", "80%"],
        ...                      status=["green", "green"])
        >>> with_centre_context(team, centre)[["formatted", "status"]].values.tolist()
        [['80%', 'green'], ['80%', 'green']]
    """
    for name, frame in (("team_card", team_card), ("centre_card", centre_card)):
        require_columns(frame, name.replace("_", " "), ("kpi", "value", "formatted", "status",
                                                         "n", "note"))
    card = team_card.copy()
    centre = centre_card.set_index("kpi")
    shared = card["kpi"].isin(centre_scope_kpis())
    for index in card.index[shared]:
        name = card.at[index, "kpi"]
        for column in ("value", "formatted", "status", "n"):
            card.at[index, column] = centre.at[name, column]
        card.at[index, "note"] = CENTRE_NOTE
    return card


def survey_response_rates(contacts: pd.DataFrame) -> pd.DataFrame:
    """Survey response rate (%) of answered contacts, by channel and by whether the agent
    marked the issue resolved: if unhappy customers answer less (or more), survey KPIs are
    biased, however many responses there are.

    Example:
        >>> survey_response_rates(example_contacts()).values.tolist()
        [['chat', 50.0], ['email', 100.0], ['phone', 66.7], ['social', 100.0], \
['not resolved', 100.0], ['resolved first time', 60.0]]
    """
    _require(contacts, ("answered", "channel", "resolved_first_contact", "csat"))
    answered = contacts[_flag(contacts["answered"])]
    responded = answered["csat"].notna()
    by_channel = responded.groupby(answered["channel"], observed=True).mean() * 100
    resolved = pd.Series(_flag(answered["resolved_first_contact"]), index=answered.index)
    by_resolved = responded.groupby(resolved.map(
        {True: "resolved first time", False: "not resolved"})).mean() * 100
    table = pd.concat([by_channel, by_resolved]).round(1).rename("response rate %")
    return table.rename_axis("group").reset_index()


def survey_response_gap(contacts: pd.DataFrame) -> dict[str, float]:
    """How much less often customers whose issue was not resolved answer the survey.

    FORMULA: response rate (%) = answered contacts with a CSAT answer ÷ answered contacts, for
    contacts the agent marked resolved first time and for those marked not resolved;
    ``gap_points`` = resolved rate − not-resolved rate (percentage points; positive when the
    customers left with a problem answer less often). Also returns both rates
    (``resolved_pct``, ``not_resolved_pct``), the overall rate (``overall_pct``) and the
    answered contacts behind each rate (``resolved_contacts``, ``not_resolved_contacts``).

    WHAT IT TELLS A MANAGER: surveys hear more from some customers than others. When the
    unresolved answer less, survey KPIs (CSAT, NPS, CES) overstate how customers feel, and
    more responses do not fix it; weigh each group by its share of contacts, or measure
    resolution another way (repeat contacts).

    Raises ``NothingToMeasure`` when either group has no answered contacts.

    Example:
        >>> gap = survey_response_gap(example_contacts())
        >>> gap["resolved_pct"], gap["not_resolved_pct"], gap["gap_points"]
        (60.0, 100.0, -40.0)
    """
    _require(contacts, ("answered", "resolved_first_contact", "csat"))
    answered = contacts[_flag(contacts["answered"])]
    responded = answered["csat"].notna().to_numpy()
    resolved = _flag(answered["resolved_first_contact"])
    rates = {}
    for name, rows in (("resolved", resolved), ("not_resolved", ~resolved)):
        if not rows.any():
            raise NothingToMeasure(f"no answered contacts marked {name.replace('_', ' ')} in "
                                   "this selection: the response-rate gap needs both groups")
        rates[name] = (100 * float(responded[rows].mean()), int(rows.sum()))
    return {"resolved_pct": rates["resolved"][0], "not_resolved_pct": rates["not_resolved"][0],
            "gap_points": rates["resolved"][0] - rates["not_resolved"][0],
            "overall_pct": 100 * float(responded.mean()),
            "resolved_contacts": rates["resolved"][1],
            "not_resolved_contacts": rates["not_resolved"][1]}


def surveys_per_agent(contacts: pd.DataFrame) -> pd.DataFrame:
    """How many survey answers each agent has, per week and over the whole selection.

    FORMULA: survey answers (contacts with a CSAT answer) per agent in each week (Monday to
    Sunday) in which the agent answered contacts, and per agent over the whole selection;
    the table gives the fewest, the median and the most, and the agents (or agent-weeks)
    counted.

    WHAT IT TELLS A MANAGER: whether an agent's survey score rests on a handful of answers
    (a wide margin of error: a week's score may be almost anything) or on hundreds (a
    narrow one), so how far to trust a comparison between agents.

    Example:
        >>> surveys_per_agent(example_contacts()).values.tolist()
        [['agent and week', 0, 1.0, 3, 4], ['agent over the period', 2, 2.5, 3, 2]]
    """
    _require(contacts, ("answered", "agent_id", "arrived_at", "csat"))
    answered = contacts[_flag(contacts["answered"]) & contacts["agent_id"].notna().to_numpy()
                        & (contacts["agent_id"].astype(str) != "").to_numpy()]
    if answered.empty:
        raise NothingToMeasure("no answered contacts with an agent in this selection")
    responded = answered["csat"].notna()
    week = pd.to_datetime(answered["arrived_at"]).dt.to_period("W-SUN")
    rows = []
    for label, counts in (("agent and week", responded.groupby([answered["agent_id"], week],
                                                               observed=True).sum()),
                          ("agent over the period", responded.groupby(
                              answered["agent_id"], observed=True).sum())):
        rows.append((label, int(counts.min()), float(counts.median()), int(counts.max()),
                     len(counts)))
    return pd.DataFrame(rows, columns=["per", "fewest", "median", "most", "groups"])

__all__ = [
    "ATTENDANCE_COLUMNS", "CHANNELS", "CHANNEL_ANSWER_S", "CHAT_CONCURRENCY", "absence_rate",
    "conformance",
    "attrition_rate", "example_attendance", "occupancy_verdicts", "on_shift_shrinkage",
    "schedule_adherence", "utilisation", "kpi_sources",
    "BAND", "CENTRE", "FCR_METHODS", "HIGHER", "KPI", "KPI_CATALOGUE", "LOWER",
    "NothingToMeasure", "REPEAT_COLUMN", "TEAM", "TRENDS", "Trend", "centre_scope_kpis",
    "kpi_by_period", "kpis_by_group", "periods", "trend_target", "with_centre_context",
    "PERSPECTIVES", "RELIABLE_N", "SurveyKPI", "abandonment_rate", "average_handle_time",
    "average_speed_of_answer", "catalogue_entry", "ces", "complaints_per_1000",
    "cost_per_contact", "csat", "example_contacts", "fcr", "nps", "occupancy", "qa_score", "rag",
    "scorecard", "service_level", "survey_response_gap", "survey_response_rates",
    "surveys_per_agent", "t_quantile_975", "wilson_interval",
]
