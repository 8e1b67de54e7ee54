"""Complaints: the procedure, timeliness in business days, where complaints come from, what
they cost, who leaves afterwards, and checking a triage against the data's labels.

* **The procedure**: :data:`ISO_10002_STAGES` lists the stages ISO 10002:2018 describes, with
  what happens and what to record at each.
* **Deadlines in business days** (Monday to Friday, not England and Wales bank holidays):
  :func:`add_business_days`, :func:`business_days_between`.
* **Timeliness against the rules**: :func:`timeliness` counts OPEN complaints too: one still
  open past the limit has missed it; one open within the limit is "not yet due" and said so.
  :func:`open_ages` sorts the open ones by age.
* **Where complaints come from**: :func:`pareto` (the vital few categories),
  :func:`fishbone` (root causes on the five branches), :func:`five_whys_template`.
* **What they cost**: :func:`cost_of_complaints` (redress plus handling time, an assumption).
* **Why good handling pays**: :func:`churn_by_outcome` (churn after the complaint, against
  customers who never complained).
* **Triage**: :func:`triage_sample` picks a varied batch, :func:`triage_agreement` scores a
  learner's triage field by field and explains every label.

Functions take tables and numbers (the sector's weeks, hours, costs) as arguments; nothing
here loads data.

Example:
    >>> import pandas as pd
    >>> complaints = pd.DataFrame({
    ...     "complaint_id": ["K1", "K2"], "category": ["billing", "billing"],
    ...     "received_at": pd.to_datetime(["2026-01-05 10:00", "2026-01-06 10:00"]),
    ...     "acknowledged_at": pd.to_datetime(["2026-01-05 11:00", "2026-01-07 09:00"]),
    ...     "resolved_at": pd.to_datetime(["2026-01-07 16:00", None])})
    >>> timeliness(complaints, as_of="2026-04-01").set_index("measure")["met"].tolist()
    [2, 1, 1, 1, 0, 1]
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from csmlib.analysis import bank_holidays, checks
from csmlib.data.schema import require_columns

# ------------------------------------------------------------------ the procedure


@dataclass(frozen=True)
class Stage:
    """One stage of complaint handling: its name, what happens, what to record.

    Example:
        >>> ISO_10002_STAGES[0].name
        'Receipt and recording'
    """

    name: str
    what_happens: str
    what_to_record: str

    @property
    def what(self) -> str:
        """Short name for :attr:`what_happens`."""
        return self.what_happens

    @property
    def record(self) -> str:
        """Short name for :attr:`what_to_record`."""
        return self.what_to_record


#: Where the stages come from (brief §7).
ISO_SOURCE = ("ISO 10002:2018, Quality management — Customer satisfaction — Guidelines for "
              "complaints handling in organizations: receipt and recording, acknowledgement, "
              "initial assessment, investigation, response, communicating the decision, "
              "closing, and learning (continual improvement).")

#: The complaint-handling process as ISO 10002:2018 describes it (brief §7).
ISO_10002_STAGES: tuple[Stage, ...] = (
    Stage("Receipt and recording",
          "The complaint is accepted on any channel and logged straight away, even one put "
          "right on the spot.",
          "Date and time received, channel, customer, what it is about, what the customer "
          "wants, any circumstances that make them vulnerable."),
    Stage("Acknowledgement",
          "The customer is told promptly that the complaint has been received, who is "
          "handling it and what happens next.",
          "Date acknowledged, the handler's name, the reference given to the customer."),
    Stage("Initial assessment",
          "The complaint is assessed for severity, urgency, vulnerability and the route it "
          "needs (resolve now, investigate, priority or escalate).",
          "Category, severity, vulnerable customer (yes/no), route, target dates."),
    Stage("Investigation",
          "The facts are gathered from the customer, the records and the staff involved, "
          "fairly and without bias.",
          "Evidence found, people spoken to, the root cause."),
    Stage("Response",
          "The organisation decides what it will do: apology, explanation, practical action "
          "or financial redress.",
          "The decision (upheld, partially upheld, not upheld) and the redress."),
    Stage("Communicating the decision",
          "The decision is explained to the customer in plain words, with what to do next if "
          "they are not satisfied (the ombudsman and the time limit).",
          "Date of the final response or deadlock letter, what was sent."),
    Stage("Closing",
          "The complaint is closed once the action is taken; if the customer still disagrees "
          "they are told where to go next.",
          "Date closed, whether the customer accepted, ombudsman referral."),
    Stage("Learning",
          "Root causes across complaints are analysed and fixed, so the same complaint does "
          "not come back (continual improvement).",
          "Root-cause trends, actions with owners and dates, whether they worked."),
)

#: The source of the three-business-day measure (brief §7).
DISP_SOURCE = ("FCA Handbook DISP 1.5: a complaint resolved by the close of the third business "
               "day after receipt may close with a summary resolution communication; DISP 1.6: "
               "otherwise a final response within 8 weeks.")

# ------------------------------------------------------------------ business days


def _holidays(holidays: Iterable[Any] | None, first: _dt.date, last: _dt.date
              ) -> list[_dt.date]:
    """The holidays to skip: England and Wales bank holidays by default (a few years either
    side of ``first``–``last``, so deadlines that run past them are right)."""
    if holidays is None:
        low = max(first.year - 1, bank_holidays.YEARS[0])
        high = min(last.year + 1, bank_holidays.YEARS[1])
        if low > high:
            return []
        return bank_holidays.between(_dt.date(low, 1, 1), _dt.date(high, 12, 31))
    return sorted(bank_holidays.as_dates(holidays))


def add_business_days(day: Any, n: int, holidays: Iterable[Any] | None = None) -> _dt.date:
    """The ``n``-th business day after ``day`` (Monday to Friday, not a bank holiday).

    "Resolved by the close of the third business day after receipt" means resolved on or
    before ``add_business_days(received, 3)``. A complaint received on a weekend or a bank
    holiday starts counting from the next business day. ``holidays`` defaults to the England
    and Wales bank holidays (:mod:`csmlib.analysis.bank_holidays`); pass ``[]`` for none.

    Example:
        >>> add_business_days("2026-04-01", 3)  # Good Friday and Easter Monday skipped
        datetime.date(2026, 4, 8)
        >>> add_business_days("2026-04-04", 1)  # a Saturday: the next business day is Tuesday
        datetime.date(2026, 4, 7)
        >>> add_business_days("2026-12-24", 1)  # Christmas Day and Boxing Day (28 Dec)
        datetime.date(2026, 12, 29)
    """
    start = bank_holidays._day(day, "day")
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 0 <= n <= 10_000:
        raise ValueError(f"n must be a whole number of business days from 0 to 10,000, such "
                         f"as 3; got {n!r}.")
    if n == 0:
        return start
    hol = _holidays(holidays, start, start + _dt.timedelta(days=int(n) * 2 + 30))
    out = np.busday_offset(np.datetime64(start, "D"), int(n), roll="backward",
                           holidays=np.array(hol, dtype="datetime64[D]"))
    return pd.Timestamp(out).date()


def business_days_between(start: Any, end: Any, holidays: Iterable[Any] | None = None) -> int:
    """Business days after ``start`` up to and including ``end`` (0 on the same day).

    A complaint received on Thursday 2 April 2026 and acknowledged on Tuesday 7 April took
    one business day: Good Friday and Easter Monday are bank holidays.

    Example:
        >>> business_days_between("2026-04-02 16:00", "2026-04-07 09:00")
        1
        >>> business_days_between("2026-04-06", "2026-04-06")
        0
        >>> business_days_between("2026-12-23", "2026-12-29")  # 24 and 29 Dec count
        2
    """
    first, last = bank_holidays._day(start, "start"), bank_holidays._day(end, "end")
    if last < first:
        raise ValueError(f"end ({last}) must not be before start ({first}).")
    if (last - first).days > 366 * 50:
        raise ValueError("start and end may be at most 50 years apart.")
    hol = np.array(_holidays(holidays, first, last), dtype="datetime64[D]")
    one = np.timedelta64(1, "D")
    return int(np.busday_count(np.datetime64(first, "D") + one,
                               np.datetime64(last, "D") + one, holidays=hol))


def _offset(days: np.ndarray, n: int, holidays: np.ndarray) -> np.ndarray:
    """Vectorised :func:`add_business_days` on datetime64[D] (NaT stays NaT)."""
    if n == 0:
        return days
    return np.busday_offset(days, n, roll="backward", holidays=holidays)


# ------------------------------------------------------------------ input checks
_NEW_COLUMNS = {
    "route": "the triage route: resolve now, investigate, priority: vulnerable customer or "
             "escalate: senior handler",
    "deadlock_letter_at": "when a deadlock letter was sent",
    "ombudsman_outcome": "what the ombudsman decided",
}


def _require(frame: Any, table: str, columns: Iterable[str]) -> None:
    """A clear error naming the first missing column (and what a new one means)."""
    if isinstance(frame, pd.DataFrame):
        for name in columns:
            if name not in frame.columns and name in _NEW_COLUMNS:
                raise ValueError(f"The {table} table has no column {name!r} "
                                 f"({_NEW_COLUMNS[name]}). Regenerate the data with a csmlib "
                                 "that adds it, or add it to your own table.")
    require_columns(frame, table, list(columns))


def _times(frame: pd.DataFrame, column: str, table: str = "complaints") -> pd.Series:
    """A column as datetimes (text dates are read; anything else is a clear error)."""
    series = frame[column]
    if pd.api.types.is_datetime64_any_dtype(series):
        if getattr(series.dt, "tz", None) is not None:
            series = series.dt.tz_convert(None)
        return series
    if series.isna().all():
        return pd.to_datetime(series, errors="coerce")
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        raise ValueError(f"The {table} table's column {column!r} must hold dates and times "
                         f"such as '2026-04-06 10:30'; it holds {series.dtype}.")
    try:
        return pd.to_datetime(series, errors="raise", format="mixed")
    except (ValueError, TypeError) as error:
        raise ValueError(f"The {table} table's column {column!r} must hold dates and times "
                         f"such as '2026-04-06 10:30' ({error}).") from None


def _days(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")


def _as_of(value: Any, frame: pd.DataFrame, columns: Iterable[str]) -> np.datetime64:
    """The day the picture is taken: ``value``, or the last day a complaint was received
    (events recorded after it are treated as not yet happened)."""
    if value is None:
        latest = [_times(frame, c).max() for c in columns if c in frame.columns]
        latest = [t for t in latest if not pd.isna(t)]
        if not latest:
            raise ValueError("as_of: the complaints table has no dates to take the last day "
                             "from; give as_of, such as '2026-04-07'.")
        return np.datetime64(max(latest).date(), "D")
    return np.datetime64(bank_holidays._day(value, "as_of"), "D")


def _whole(name: str, value: Any, low: int, high: int, example: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not (
            low <= value <= high):
        raise ValueError(f"{name} must be a whole number from {low} to {high}, such as "
                         f"{example}; got {value!r}.")
    return int(value)


def _table_holidays(received: np.ndarray, holidays: Iterable[Any] | None, weeks: int = 0
                    ) -> np.ndarray:
    known = received[~np.isnat(received)]
    if not len(known):
        return np.array([], dtype="datetime64[D]")
    first = pd.Timestamp(known.min()).date()
    last = pd.Timestamp(known.max()).date() + _dt.timedelta(days=7 * weeks + 60)
    return np.array(_holidays(holidays, first, last), dtype="datetime64[D]")


def _state(complaints: pd.DataFrame, as_of: Any
           ) -> tuple[dict[str, np.ndarray], pd.Index, np.datetime64]:
    """The complaints received by ``as_of``, with each date as a day and later events
    (acknowledgement, response) blanked: the picture on that day."""
    _require(complaints, "complaints", ("received_at", "resolved_at"))
    dated = [c for c in ("received_at", "acknowledged_at", "resolved_at", "deadlock_letter_at")
             if c in complaints.columns]
    day = _as_of(as_of, complaints, ["received_at"])
    received = _days(_times(complaints, "received_at"))
    if np.isnat(received).any():
        where = int(np.flatnonzero(np.isnat(received))[0])
        raise ValueError(f"The complaints table's column 'received_at' is empty in row "
                         f"{where}: every complaint needs the day it was received.")
    keep = received <= day
    out = {"received": received[keep]}
    for column in dated[1:]:
        values = _days(_times(complaints, column))[keep]
        values = np.where(values <= day, values, np.datetime64("NaT", "D"))
        early = ~np.isnat(values) & (values < out["received"])
        if early.any():
            row = complaints.loc[keep].iloc[int(np.flatnonzero(early)[0])]
            ref = row.get("complaint_id", row.name)
            raise ValueError(f"The complaints table's column {column!r} is before "
                             f"'received_at' for complaint {ref}: fix the dates first.")
        out[column] = values
    return out, complaints.index[keep], day


def _response(resolved: np.ndarray, deadlock: np.ndarray) -> np.ndarray:
    """The day of the final response: the earlier of resolution and deadlock letter."""
    return np.where(np.isnat(resolved), deadlock,
                    np.where(np.isnat(deadlock), resolved, np.minimum(resolved, deadlock)))


def _day_text(day: np.datetime64) -> str:
    stamp = pd.Timestamp(day)
    return f"{stamp.day} {stamp:%b %Y}"


def _share(met: int, of: int) -> float:
    return met / of if of else math.nan


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


# ------------------------------------------------------------------ timeliness
TIMELINESS_COLUMNS = ("measure", "kind", "complaints", "met", "missed", "not_yet_due", "share",
                      "note", "source")


def timeliness(complaints: pd.DataFrame, final_response_weeks: int = 8, as_of: Any = None,
               ack_business_days: int = 5, holidays: Iterable[Any] | None = None,
               rule_source: str | None = None) -> pd.DataFrame:
    """Timeliness against the rules, counting open complaints too.

    One row per measure (``kind`` says which sort of row it is):

    * "Acknowledged within N business days" (deadline): acknowledged by the close of the
      N-th business day after receipt; ``ack_business_days`` is the organisation's
      standard, not a regulator's rule.
    * "Resolved within 3 business days" (deadline): resolved by the close of the third
      business day after receipt (FCA DISP 1.5 wording: a summary resolution in financial
      services; elsewhere a good sign of complaints put right quickly).
    * "Final response within W weeks" (deadline): a final response, or a deadlock letter
      where the table has ``deadlock_letter_at``, within ``final_response_weeks`` calendar
      weeks of receipt (the sector's rule: ``profile(key).complaint_rules``).
    * "Still open past W weeks" and "Still open, under W weeks" (count): open complaints on
      ``as_of``, as a share of every complaint received.
    * "Final response within W weeks, closed complaints only" (closed only): the figure
      that leaves open complaints out, shown to compare; it flatters.

    For a deadline row, ``complaints`` is the number whose deadline has passed or that
    already met it (met + missed), ``share`` = met ÷ complaints (a fraction: 0.8 is 80%).
    A complaint still open past its deadline has MISSED it; one still open before its
    deadline is NOT YET DUE: in neither met nor missed, counted in ``not_yet_due`` and the
    note. Everything is as it stood at the close of ``as_of`` (default: the last day a
    complaint was received); complaints received later are left out, and acknowledgements
    or responses after it count as not yet made. ``note`` says how each was counted;
    ``source`` cites the rule (``rule_source`` overrides the final-response row's).

    Example:
        >>> import pandas as pd
        >>> complaints = pd.DataFrame({
        ...     "received_at": pd.to_datetime(["2026-01-05", "2026-01-06", "2026-03-30"]),
        ...     "acknowledged_at": pd.to_datetime(["2026-01-05", "2026-01-20", "2026-03-30"]),
        ...     "resolved_at": pd.to_datetime(["2026-01-07", None, None])})
        >>> table = timeliness(complaints, as_of="2026-04-02").set_index("measure")
        >>> table.loc["Final response within 8 weeks", ["complaints", "met", "missed",
        ...                                             "not_yet_due"]].tolist()
        [2, 1, 1, 1]
        >>> table.loc["Acknowledged within 5 business days", ["met", "missed"]].tolist()
        [2, 1]
    """
    weeks = _whole("final_response_weeks", final_response_weeks, 1, 52, 8)
    ack_days = _whole("ack_business_days", ack_business_days, 0, 60, 5)
    _require(complaints, "complaints", ("received_at", "acknowledged_at", "resolved_at"))
    if rule_source is not None:
        checks.text("rule_source", rule_source, "Ofgem Complaints Handling Standards")
    state, _index, day = _state(complaints, as_of)
    received = state["received"]
    hol = _table_holidays(received, holidays, weeks)
    total = len(received)
    nat = np.datetime64("NaT", "D")
    resolved = state["resolved_at"]
    deadlock = (state["deadlock_letter_at"] if "deadlock_letter_at" in state
                else np.full(total, nat))
    response = _response(resolved, deadlock)

    def count(done: np.ndarray, deadline: np.ndarray) -> tuple[int, int, int]:
        on_time = ~np.isnat(done) & (done <= deadline)
        late = ~np.isnat(done) & (done > deadline)
        waiting = np.isnat(done)
        past = waiting & (day > deadline)
        return int(on_time.sum()), int((late | past).sum()), int((waiting & ~past).sum())

    rows = []
    ack = state["acknowledged_at"]
    met, missed, due = count(ack, _offset(received, ack_days, hol))
    known = ~np.isnat(ack)
    taken = (np.busday_count(received[known] + 1, ack[known] + 1, holidays=hol)
             if known.any() else np.array([]))
    median = (f"; median {np.median(taken):g} business "
              f"{'day' if np.median(taken) == 1 else 'days'}" if len(taken) else "")
    rows.append({
        "measure": f"Acknowledged within {_plural(ack_days, 'business day')}",
        "kind": "deadline", "complaints": met + missed, "met": met, "missed": missed,
        "not_yet_due": due,
        "note": (f"Business days (Monday to Friday, not bank holidays) from receipt to "
                 f"acknowledgement{median}. Not yet acknowledged and past the day: missed. "
                 f"Not yet due and left out: {due:,}."),
        "source": (f"ISO 10002:2018 (acknowledge promptly); {ack_days} business days is the "
                   "organisation's standard, not a regulator's rule.")})
    met, missed, due = count(resolved, _offset(received, 3, hol))
    rows.append({
        "measure": "Resolved within 3 business days", "kind": "deadline",
        "complaints": met + missed, "met": met, "missed": missed, "not_yet_due": due,
        "note": ("Resolved by the close of the third business day after receipt. Open "
                 f"complaints past that day count as missed. Not yet due and left out: "
                 f"{due:,}."),
        "source": DISP_SOURCE.split(";")[0] + "."})
    deadline = received + np.timedelta64(7 * weeks, "D")
    met, missed, due = count(response, deadline)
    open_past = int((np.isnat(response) & (day > deadline)).sum())
    closed = ~np.isnat(response)
    closed_met = int((closed & (response <= deadline)).sum())
    closed_share = _share(closed_met, int(closed.sum()))
    fair = _share(met, met + missed)
    weeks_text = _plural(weeks, "week")
    response_words = ("final response or deadlock letter" if "deadlock_letter_at" in state
                      else "final response")
    rows.append({
        "measure": f"Final response within {weeks_text}", "kind": "deadline",
        "complaints": met + missed, "met": met, "missed": missed, "not_yet_due": due,
        "note": (f"A {response_words} within {weeks_text} (calendar weeks) of receipt. "
                 f"Still open past {weeks_text}, counted as missed: {open_past:,}. Open "
                 f"under {weeks_text}, not yet due and left out: {due:,}."
                 + (f" Counting only closed complaints would give {closed_share:.1%} instead "
                    f"of {fair:.1%}." if not (math.isnan(closed_share) or math.isnan(fair))
                    else "")),
        "source": rule_source or (f"The sector's complaint rules: a final response within "
                                  f"{weeks_text}, after which the customer may go to the "
                                  "ombudsman (brief §7; FCA DISP 1.6 in financial services).")})
    still_open = np.isnat(response)
    young = int((still_open & (day <= deadline)).sum())
    for measure, n, what in ((f"Still open past {weeks_text}", open_past,
                              f"past the {weeks}-week limit with no final response"),
                             (f"Still open, under {weeks_text}", young,
                              f"open but within the {weeks}-week limit")):
        rows.append({
            "measure": measure, "kind": "count", "complaints": total, "met": n,
            "missed": pd.NA, "not_yet_due": pd.NA,
            "note": (f"Complaints {what} at the close of {_day_text(day)}, as a "
                     f"share of the {_plural(total, 'complaint')} received by then."),
            "source": "Counted from the complaints table."})
    rows.append({
        "measure": f"Final response within {weeks_text}, closed complaints only",
        "kind": "closed only", "complaints": int(closed.sum()), "met": closed_met,
        "missed": int(closed.sum()) - closed_met, "not_yet_due": pd.NA,
        "note": ("Leaves out every complaint still open, however old: the figure flatters. "
                 "Shown only to compare with the fair figure above."),
        "source": "Counted from the complaints table."})
    frame = pd.DataFrame(rows, columns=[c for c in TIMELINESS_COLUMNS if c != "share"])
    frame["share"] = [_share(int(m), int(c)) for m, c in zip(frame["met"],
                                                            frame["complaints"], strict=True)]
    for column in ("complaints", "met"):
        frame[column] = frame[column].astype(int)
    for column in ("missed", "not_yet_due"):
        frame[column] = frame[column].astype("Int64")
    return frame[list(TIMELINESS_COLUMNS)]


def open_ages(complaints: pd.DataFrame, as_of: Any = None, final_response_weeks: int = 8
              ) -> pd.DataFrame:
    """Complaints still open at the close of ``as_of``, by age band.

    Bands: "under 2 weeks" (under 14 days), "2–4 weeks", "4–W weeks" (up to and including
    the last day of the limit) and "over W weeks" (past the ``final_response_weeks`` limit:
    the same complaints as "Still open past W weeks" in :func:`timeliness`). Every band is
    listed, empty ones with 0. Columns: band, complaints, vulnerable (how many of them are
    from vulnerable customers; 0 if the table has no ``vulnerable`` column). Open means no
    final response (nor deadlock letter, where the table records them).

    Example:
        >>> import pandas as pd
        >>> complaints = pd.DataFrame({
        ...     "received_at": pd.to_datetime(["2026-01-05", "2026-03-20", "2026-03-30"]),
        ...     "resolved_at": pd.to_datetime([None, None, "2026-03-31"]),
        ...     "vulnerable": [True, False, False]})
        >>> open_ages(complaints, as_of="2026-04-01").values.tolist()
        [['under 2 weeks', 1, 0], ['2–4 weeks', 0, 0], ['4–8 weeks', 0, 0], ['over 8 weeks', 1, 1]]
    """
    weeks = _whole("final_response_weeks", final_response_weeks, 5, 52, 8)
    state, index, day = _state(complaints, as_of)
    response = state["resolved_at"]
    if "deadlock_letter_at" in state:
        response = _response(response, state["deadlock_letter_at"])
    still = np.isnat(response)
    age = (day - state["received"][still]).astype(int)
    vulnerable = (np.asarray(complaints.loc[index, "vulnerable"].fillna(False),
                             dtype=bool)[still] if "vulnerable" in complaints.columns
                  else np.zeros(int(still.sum()), dtype=bool))
    limit = 7 * weeks
    bands = [("under 2 weeks", age < 14), ("2–4 weeks", (age >= 14) & (age < 28)),
             (f"4–{weeks} weeks", (age >= 28) & (age <= limit)),
             (f"over {weeks} weeks", age > limit)]
    return pd.DataFrame([{"band": name, "complaints": int(mask.sum()),
                          "vulnerable": int((mask & vulnerable).sum())}
                         for name, mask in bands])


def timeliness_sentences(complaints: pd.DataFrame, final_response_weeks: int = 8,
                         as_of: Any = None, holidays: Iterable[Any] | None = None
                         ) -> list[str]:
    """"What to notice" about :func:`timeliness`, computed from the same table: the fair
    final-response figure beside the closed-only one, the three-business-day figure, and
    the open complaints not yet due.

    Example:
        >>> import pandas as pd
        >>> complaints = pd.DataFrame({
        ...     "received_at": pd.to_datetime(["2026-01-05", "2026-01-06", "2026-03-30"]),
        ...     "acknowledged_at": pd.to_datetime(["2026-01-05", "2026-01-06", "2026-03-30"]),
        ...     "resolved_at": pd.to_datetime(["2026-01-07", None, None])})
        >>> first = timeliness_sentences(complaints, as_of="2026-04-02")[0]
        >>> print(first.replace(". ", ".\\n").replace(": ", ":\\n"))
        50.0% of the complaints now due a final response got one within 8 weeks (1 of 2).
        Counting only closed complaints would give 100.0%:
        the 1 complaint still open past 8 weeks would be left out.
    """
    frame = timeliness(complaints, final_response_weeks, as_of=as_of, holidays=holidays)
    rows = frame.set_index("measure")
    weeks = _plural(int(final_response_weeks), "week")
    final = rows.loc[f"Final response within {weeks}"]
    closed = rows.loc[f"Final response within {weeks}, closed complaints only"]
    past = int(rows.loc[f"Still open past {weeks}", "met"])
    young = int(rows.loc[f"Still open, under {weeks}", "met"])
    quick = rows.loc["Resolved within 3 business days"]
    lines = []
    if final["complaints"]:
        text = (f"{final['share']:.1%} of the complaints now due a final response got one "
                f"within {weeks} ({final['met']:,} of {final['complaints']:,}).")
        if past and not math.isnan(closed["share"]):
            text += (f" Counting only closed complaints would give {closed['share']:.1%}: the "
                     f"{_plural(past, 'complaint')} still open past {weeks} would be left "
                     "out.")
        elif not past:
            text += f" No complaint is still open past {weeks}."
        lines.append(text)
    if quick["complaints"]:
        lines.append(f"{quick['share']:.1%} of the complaints now past their third business "
                     "day were resolved by then: simple complaints put right quickly, often on the "
                     "first contact.")
    if young:
        lines.append(f"{_plural(young, 'complaint')} still open within {weeks} "
                     f"{'is' if young == 1 else 'are'} not yet due: in neither figure until "
                     "the deadline passes, but worth watching, oldest first.")
    return lines


# ------------------------------------------------------------------ where they come from
#: The share of complaints the vital few make up (the 80/20 rule of thumb).
PARETO_CUT = 0.8
_NOT_RECORDED = "(not recorded)"


def pareto(complaints: pd.DataFrame, column: str = "category") -> pd.DataFrame:
    """Complaints by ``column``, most first, with the cumulative share and the vital few.

    ``vital_few`` marks the categories up to and including the one whose cumulative share
    first reaches 80% (:data:`PARETO_CUT`): fix those and most complaints go. Shares are
    fractions (0.8 is 80%). Ties keep alphabetical order; empty values count as
    "(not recorded)" rather than being dropped. Columns: the ``column`` named (its values),
    complaints, share, cumulative_share, vital_few.

    Example:
        >>> import pandas as pd
        >>> complaints = pd.DataFrame({"category": list("AAAAABBBCD")})
        >>> pareto(complaints)[["category", "complaints", "vital_few"]].values.tolist()
        [['A', 5, True], ['B', 3, True], ['C', 1, False], ['D', 1, False]]
    """
    checks.text("column", column, "category")
    _require(complaints, "complaints", [column])
    values = complaints[column].astype(object).where(complaints[column].notna(), _NOT_RECORDED)
    values = values.map(lambda v: _NOT_RECORDED if str(v).strip() == "" else str(v))
    counts = values.value_counts()
    frame = pd.DataFrame({column: counts.index.astype(str), "complaints": counts.to_numpy()})
    frame = frame.sort_values(["complaints", column], ascending=[False, True],
                              kind="stable").reset_index(drop=True)
    total = int(frame["complaints"].sum())
    frame["complaints"] = frame["complaints"].astype(int)
    frame["share"] = frame["complaints"] / total if total else []
    frame["cumulative_share"] = frame["share"].cumsum()
    before = frame["cumulative_share"].shift(fill_value=0.0)
    frame["vital_few"] = (before < PARETO_CUT - 1e-9).astype(bool)
    return frame


#: The five branches of the course's fishbone (Ishikawa) diagram.
FISHBONE_BRANCHES: tuple[str, ...] = ("people", "process", "systems", "policy", "partners")
#: Each root-cause label of the data on its branch. "communication" goes on *process*: a
#: customer not told, or told wrongly, is usually a missing step or template (when to
#: update, what to say), not one person's slip; a manager may argue it onto *people*.
ROOT_CAUSE_BRANCH: dict[str, str] = {
    "agent error": "people",
    "process gap": "process",
    "communication": "process",
    "system error": "systems",
    "policy": "policy",
    "third party": "partners",
}
#: The root-cause label of complaints not yet investigated (left off the fishbone).
UNDER_INVESTIGATION = "under investigation"


def fishbone(complaints: pd.DataFrame, category: str | None = None) -> pd.DataFrame:
    """Root causes on the fishbone's five branches (people, process, systems, policy,
    partners), for every complaint or one ``category``.

    One row per known root cause (:data:`ROOT_CAUSE_BRANCH`), in branch order, with zero
    rows kept so every branch shows. Complaints still "under investigation" have no root
    cause yet and are left out; their number is in ``frame.attrs["under_investigation"]``.
    A root cause the map does not know is a ValueError naming it. Columns: branch,
    root_cause, complaints, share (of the complaints with a known root cause).

    Example:
        >>> import pandas as pd
        >>> complaints = pd.DataFrame({"category": ["bills"] * 4, "root_cause": [
        ...     "agent error", "communication", "process gap", "under investigation"]})
        >>> bones = fishbone(complaints)
        >>> bones.groupby("branch", sort=False)["complaints"].sum().to_dict()
        {'people': 1, 'process': 2, 'systems': 0, 'policy': 0, 'partners': 0}
        >>> bones.attrs["under_investigation"]
        1
    """
    _require(complaints, "complaints", ["root_cause"])
    rows = complaints
    if category is not None:
        checks.text("category", category, "billing accuracy")
        _require(complaints, "complaints", ["category"])
        rows = complaints[complaints["category"].astype(str) == category]
        if rows.empty:
            known = sorted(complaints["category"].dropna().astype(str).unique())
            raise ValueError(f"category {category!r} has no complaints; choose one of "
                             f"{', '.join(known) or '(none)'}.")
    causes = rows["root_cause"].astype(object).where(rows["root_cause"].notna(), "")
    causes = causes.map(lambda v: str(v).strip().lower())
    pending = causes.isin([UNDER_INVESTIGATION, ""])
    unknown = sorted(set(causes[~pending]) - set(ROOT_CAUSE_BRANCH))
    if unknown:
        raise ValueError(f"root_cause {unknown[0]!r} is not on the fishbone: use one of "
                         f"{', '.join(ROOT_CAUSE_BRANCH)} (or {UNDER_INVESTIGATION!r}).")
    counts = causes[~pending].value_counts()
    order = sorted(ROOT_CAUSE_BRANCH, key=lambda c: (FISHBONE_BRANCHES.index(
        ROOT_CAUSE_BRANCH[c]), c))
    known_total = int(counts.sum())
    frame = pd.DataFrame({"branch": [ROOT_CAUSE_BRANCH[c] for c in order], "root_cause": order,
                          "complaints": [int(counts.get(c, 0)) for c in order]})
    frame["share"] = frame["complaints"] / known_total if known_total else math.nan
    frame.attrs["under_investigation"] = int(pending.sum())
    return frame


def five_whys_template(problem: str) -> list[str]:
    """Five "why?" prompts to fill in, starting from ``problem``: each answer becomes the
    next question, until the fifth reaches a cause the organisation can fix (a process,
    system or policy, rarely "the agent").

    Example:
        >>> steps = five_whys_template("Customers are billed at the wrong rate")
        >>> len(steps), steps[0]
        (5, 'Why 1: why are customers billed at the wrong rate? Because …')
    """
    checks.text("problem", problem, "Customers are billed at the wrong rate")
    text = problem.strip().rstrip(".?!")
    if not text:
        raise ValueError("problem must say what went wrong, such as 'Customers are billed "
                         "at the wrong rate'.")
    words = text.split(" ", 1)
    if len(words) == 2 and words[1]:
        verb = {"are": "are", "is": "is", "were": "were", "was": "was"}
        first, rest = words[1].split(" ", 1) if " " in words[1] else (words[1], "")
        if first.lower() in verb:
            question = f"why {first.lower()} {words[0].lower()} {rest}".strip()
        else:
            question = f"why does this happen: {text[0].lower() + text[1:]}"
    else:
        question = f"why does this happen: {text}"
    steps = [f"Why 1: {question}? Because …"]
    steps += [f"Why {i}: why is that? Because …" for i in range(2, 5)]
    steps.append("Why 5: why is that? Because … (a cause you can fix: a process, a system, "
                 "a policy or a partner)")
    return steps


# ------------------------------------------------------------------ cost
#: A course default for handling time by severity (hours per complaint, all staff time from
#: receipt to closing). An ASSUMPTION for teaching, not a published figure: replace it with
#: your own time records.
ASSUMED_HANDLING_HOURS: dict[str, float] = {"low": 1.5, "medium": 4.0, "high": 10.0}
#: The same course default under its shorter name.
HANDLING_HOURS = ASSUMED_HANDLING_HOURS
HANDLING_HOURS_NOTE = ("Handling time per complaint is a course assumption (low 1.5 hours, "
                       "medium 4, high 10), not a published figure: use your own time records.")


def cost_of_complaints(complaints: pd.DataFrame,
                       handling_hours_by_severity: Mapping[str, float],
                       hourly_cost_gbp: float, total_row: bool = False) -> pd.DataFrame:
    """What complaints cost, per category: redress paid plus staff time to handle them.

    handling_cost = complaints × hours for their severity × ``hourly_cost_gbp`` (a loaded
    hourly cost: pay plus on-costs). Assumptions: every complaint, open or closed, takes the
    full hours of its severity (:data:`ASSUMED_HANDLING_HOURS` is a course default, not a
    fact); redress is what the table records (an open complaint's may still grow); the cost
    of customers who leave is not included (see :func:`churn_by_outcome`). Sorted by total,
    largest first; ``total_row=True`` adds an "All complaints" row at the end. Columns:
    category, complaints, handling_hours, redress_gbp, handling_cost_gbp, total_gbp.

    Example:
        >>> import pandas as pd
        >>> complaints = pd.DataFrame({"category": ["bills", "bills", "meters"],
        ...                            "severity": ["low", "high", "medium"],
        ...                            "redress_gbp": [0.0, 100.0, 20.0]})
        >>> cost = cost_of_complaints(complaints, ASSUMED_HANDLING_HOURS, 20.0)
        >>> cost[["category", "handling_cost_gbp", "total_gbp"]].values.tolist()
        [['bills', 230.0, 330.0], ['meters', 80.0, 100.0]]
    """
    checks.instance("handling_hours_by_severity", handling_hours_by_severity, Mapping,
                    "a dict of hours by severity, such as {'low': 1.5, 'medium': 4, "
                    "'high': 10}")
    hours = {str(k): checks.number(f"handling_hours_by_severity[{k!r}]", v, minimum=0,
                                   maximum=1000, example="4")
             for k, v in handling_hours_by_severity.items()}
    rate = checks.number("hourly_cost_gbp", hourly_cost_gbp, minimum=0, maximum=10_000,
                         example="18.50")
    _require(complaints, "complaints", ("category", "severity", "redress_gbp"))
    severity = complaints["severity"].astype(str)
    missing = sorted(set(severity) - set(hours))
    if missing:
        raise ValueError(f"handling_hours_by_severity has no hours for severity "
                         f"{missing[0]!r}; give hours for each of "
                         f"{', '.join(sorted(set(severity)))}.")
    redress = pd.to_numeric(complaints["redress_gbp"], errors="coerce")
    if redress.isna().any() and complaints["redress_gbp"].notna().sum() > redress.notna().sum():
        raise ValueError("The complaints table's column 'redress_gbp' must hold numbers of "
                         "pounds such as 25.50.")
    if (redress < 0).any():
        raise ValueError("The complaints table's column 'redress_gbp' has a negative amount; "
                         "redress is money paid to the customer (0 or more).")
    work = pd.DataFrame({"category": complaints["category"].astype(object).where(
        complaints["category"].notna(), _NOT_RECORDED).astype(str),
        "handling_hours": severity.map(hours).astype(float),
        "redress_gbp": redress.fillna(0.0)})
    frame = work.groupby("category", sort=True).agg(
        complaints=("handling_hours", "size"), handling_hours=("handling_hours", "sum"),
        redress_gbp=("redress_gbp", "sum")).reset_index()
    frame["handling_cost_gbp"] = frame["handling_hours"] * rate
    frame["total_gbp"] = frame["redress_gbp"] + frame["handling_cost_gbp"]
    frame = frame.sort_values(["total_gbp", "category"], ascending=[False, True],
                              kind="stable").reset_index(drop=True)
    frame["complaints"] = frame["complaints"].astype(int)
    if total_row:
        total = {"category": "All complaints", **{c: frame[c].sum() for c in (
            "complaints", "handling_hours", "redress_gbp", "handling_cost_gbp", "total_gbp")}}
        frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    return frame[["category", "complaints", "handling_hours", "redress_gbp",
                  "handling_cost_gbp", "total_gbp"]]


# ------------------------------------------------------------------ churn
#: Below this many customers a group's churn rate is too noisy to compare.
SMALL_GROUP = 30
OUTCOMES = ("upheld", "partially upheld", "not upheld", "open")
NO_COMPLAINT = "no complaint"


def _wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return math.nan, math.nan
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def churn_by_outcome(complaints: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """Churn after a complaint, by the complaint's outcome, beside customers who never
    complained.

    A customer's group is the outcome of their latest complaint received while they were
    still a customer (on or before the day they left). Churn counts only if it came on or
    after that complaint's day: a customer who left and complained later is not evidence
    that the handling drove them away, so customers whose every complaint came after they
    left are left out (counted in ``frame.attrs["complained_after_leaving"]``). The
    "no complaint" row is the baseline: customers with no complaint at all. Churn is
    counted to the end of the data, so customers who complained late had less time to
    leave. Columns: outcome, customers, churned, churn_rate (a fraction), churn_low and
    churn_high (a 95% Wilson interval), small_sample (fewer than :data:`SMALL_GROUP`
    customers: too few to compare), note.

    Example:
        >>> import pandas as pd
        >>> complaints = pd.DataFrame({
        ...     "customer_id": ["C1", "C2", "C3"], "outcome": ["upheld", "not upheld", "open"],
        ...     "received_at": pd.to_datetime(["2026-01-05", "2026-01-06", "2026-02-01"])})
        >>> customers = pd.DataFrame({
        ...     "customer_id": ["C1", "C2", "C3", "C4"], "churned": [False, True, True, False],
        ...     "churned_at": pd.to_datetime([None, "2026-02-01", "2026-01-10", None])})
        >>> churn = churn_by_outcome(complaints, customers)
        >>> churn[["outcome", "customers", "churned"]].values.tolist()
        [['upheld', 1, 0], ['not upheld', 1, 1], ['no complaint', 1, 0]]
        >>> churn.attrs["complained_after_leaving"]
        1
    """
    _require(complaints, "complaints", ("customer_id", "received_at", "outcome"))
    _require(customers, "customers", ("customer_id", "churned", "churned_at"))
    churned = customers["churned"]
    if not pd.api.types.is_bool_dtype(churned):
        if churned.isna().any() or not set(churned.unique()) <= {0, 1}:
            raise ValueError("The customers table's column 'churned' must hold True/False; "
                             f"it holds {churned.dtype}.")
        churned = churned.astype(bool)
    left = _days(_times(customers, "churned_at", "customers"))
    people = pd.DataFrame({"churned": np.asarray(churned, dtype=bool), "left": left},
                          index=customers["customer_id"].astype(str).to_numpy())
    if people.index.has_duplicates:
        raise ValueError(f"The customers table lists customer "
                         f"{people.index[people.index.duplicated()][0]!r} twice.")
    people.loc[~people["churned"], "left"] = np.datetime64("NaT")
    received = _days(_times(complaints, "received_at"))
    events = pd.DataFrame({"customer_id": complaints["customer_id"].astype(str).to_numpy(),
                           "received": received,
                           "outcome": complaints["outcome"].astype(str).str.strip().to_numpy()})
    events = events[~np.isnat(received)]
    strangers = sorted(set(events["customer_id"]) - set(people.index))
    if strangers:
        raise ValueError(f"The complaints table names customer {strangers[0]!r}, who is not in "
                         "the customers table: load both from the same organisation.")
    leaving = people["left"].reindex(events["customer_id"]).to_numpy()
    before_leaving = np.isnat(leaving) | (events["received"].to_numpy() <= leaving)
    complainers = set(events["customer_id"])
    usable = events[before_leaving].sort_values(["customer_id", "received"], kind="stable")
    latest = usable.groupby("customer_id").tail(1).set_index("customer_id")
    after_leaving = len(complainers - set(latest.index))
    groups = people.loc[latest.index].assign(outcome=latest["outcome"])
    baseline = people.drop(index=list(complainers))
    order = [o for o in OUTCOMES if o in set(groups["outcome"])] + sorted(
        set(groups["outcome"]) - set(OUTCOMES))
    rows = []
    for name, members in [*((o, groups[groups["outcome"] == o]) for o in order),
                          (NO_COMPLAINT, baseline)]:
        n, k = len(members), int(members["churned"].sum())
        low, high = _wilson(k, n)
        small = n < SMALL_GROUP
        note = ("Customers who never complained: the baseline." if name == NO_COMPLAINT
                else f"Latest complaint {name}; churn on or after the complaint's day.")
        if small:
            note += (f" Only {_plural(n, 'customer')}: too few to compare (under "
                     f"{SMALL_GROUP}).")
        rows.append({"outcome": name, "customers": n, "churned": k,
                     "churn_rate": _share(k, n), "churn_low": low, "churn_high": high,
                     "small_sample": small, "note": note})
    frame = pd.DataFrame(rows)
    frame.attrs["complained_after_leaving"] = after_leaving
    return frame


def churn_sentences(churn: pd.DataFrame) -> list[str]:
    """"What to notice" about :func:`churn_by_outcome` (indexed by outcome or with an
    outcome column): each big-enough group against the no-complaint baseline, saying
    "clearly" only where the 95% intervals do not overlap, and that it is an association.

    Example:
        >>> import pandas as pd
        >>> churn = pd.DataFrame({"outcome": ["not upheld", "no complaint"],
        ...     "customers": [200, 5000], "churned": [30, 100],
        ...     "churn_rate": [0.15, 0.02], "churn_low": [0.11, 0.016],
        ...     "churn_high": [0.21, 0.024], "small_sample": [False, False]})
        >>> print(churn_sentences(churn)[1].replace(", ", ",\\n"))
        Customers whose latest complaint was not upheld left at 15.0%,
        clearly above the baseline (7.5 times).
    """
    checks.instance("churn", churn, pd.DataFrame, "the table churn_by_outcome gives")
    frame = churn.reset_index() if "outcome" not in churn.columns else churn
    _require(frame, "churn", ("outcome", "customers", "churn_rate", "churn_low",
                              "churn_high", "small_sample"))
    frame = frame.set_index("outcome")
    if NO_COMPLAINT not in frame.index:
        raise ValueError(f"churn needs the {NO_COMPLAINT!r} baseline row.")
    base = frame.loc[NO_COMPLAINT]
    lines = [f"Customers who never complained left at {base['churn_rate']:.1%} "
             f"({int(base['customers']):,} customers): the baseline."]
    for outcome, row in frame.drop(index=NO_COMPLAINT).iterrows():
        if bool(row["small_sample"]):
            lines.append(f"Only {_plural(int(row['customers']), 'customer')} had a complaint "
                         f"{outcome}: too few to compare.")
            continue
        words = "an open complaint" if outcome == "open" else f"was {outcome}"
        who = ("Customers with a complaint still open" if outcome == "open"
               else f"Customers whose latest complaint {words}")
        if row["churn_low"] > base["churn_high"]:
            ratio = row["churn_rate"] / base["churn_rate"] if base["churn_rate"] else math.inf
            how = f"clearly above the baseline ({ratio:.1f} times)"
        elif row["churn_high"] < base["churn_low"]:
            how = "clearly below the baseline"
        else:
            how = "not clearly different from the baseline"
        lines.append(f"{who} left at {row['churn_rate']:.1%}, {how}.")
    lines.append("This is an association, not proof: a complaint that is not upheld may be "
                 "about a problem that drives customers away anyway. It still shows where "
                 "handling, explanation and follow-up matter most.")
    return lines


# ------------------------------------------------------------------ triage
TRIAGE_FIELDS: tuple[str, ...] = ("category", "severity", "vulnerable", "route")
#: The routes of the triage, in order of precedence (the first that applies wins).
ROUTES: tuple[str, ...] = ("priority: vulnerable customer", "escalate: senior handler",
                           "resolve now", "investigate")
ROUTE_MEANING: dict[str, str] = {
    "priority: vulnerable customer": "a named case handler, adjustments to how we "
                                     "communicate, and a check of the Priority Services "
                                     "Register",
    "escalate: senior handler": "high severity or a threat to go to the ombudsman, the "
                                "regulator or the media",
    "resolve now": "low severity and simple: put right by the close of the third business "
                   "day",
    "investigate": "the standard complaints process",
}
SEVERITY_MEANING: dict[str, str] = {
    "low": "an inconvenience the customer wants put right, with no money lost or harm done",
    "medium": "time and effort wasted, or an apology, goodwill or ownership asked for",
    "high": "money lost or a danger to the customer, often with a threat to go further",
}
_THREAT = re.compile(r"\b(ombudsman|regulator|ofgem|ofcom|fca|ofwat|trading standards|"
                     r"newspaper|press|media|solicitor|court)\b", re.IGNORECASE)
_SEVERITY_CUES = {
    "high": re.compile(r"out of pocket|cost me|lost|overdraft|debt collect|credit rating|"
                       r"danger|safety|unsafe|hurt|injur|accident|no heating|unwell|rats|"
                       r"enforcement|unpaid|ruined|compensation|days' pay|short\b|"
                       r"shaken|sleep|paid \W?£|pay £|paid for|light to", re.IGNORECASE),
    "medium": re.compile(r"apology|goodwill|hours|chasing|named person|ownership|"
                         r"what went wrong|ombudsman", re.IGNORECASE),
    "low": re.compile(r"put right|end of the world|look into|correct|check this|"
                      r"explanation", re.IGNORECASE),
}
_VULNERABILITY_CUES = re.compile(
    r"passed away|died|bereave|blind|wheelchair|chemotherapy|cancer|pregnan|universal credit|"
    r"money is (very )?tight|mental health|anxiety|depress|learning disability|stroke|"
    r"lost my job|disabled|disability|first language|live on my own|elderly|support worker|"
    r"carer|hospital|dementia|hardship", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
SAMPLE_COLUMNS = ("complaint_id", "description", "channel", "category", "severity",
                  "vulnerable", "route")


def _sentences(text: Any) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(str(text or "")) if s.strip()]


def _quote(sentence: str, limit: int = 140) -> str:
    return f"“{sentence if len(sentence) <= limit else sentence[:limit - 1] + '…'}”"


def _first_match(text: Any, pattern: re.Pattern[str], skip_first: bool = False) -> str | None:
    sentences = _sentences(text)
    for sentence in sentences[1:] if skip_first else sentences:
        if pattern.search(sentence):
            return sentence
    return None


def _yes(value: Any) -> bool | None:
    """True/False from a flag or the words yes/no (None if it is neither)."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in {"yes", "y", "true"}:
            return True
        if word in {"no", "n", "false"}:
            return False
    return None


def triage_sample(complaints: pd.DataFrame, n: int = 6, seed: int = 0) -> pd.DataFrame:
    """A varied batch of ``n`` complaints to triage, the same every time for one ``seed``.

    Each route appears at least once where the data has it, then categories not yet in the
    batch are preferred, then the rest at random; the batch is shuffled so the routes are
    not in order. Columns: complaint_id, description, channel (if present) and the four
    labels (category, severity, vulnerable, route), which a widget must hide until the
    learner has answered.

    Example:
        >>> import pandas as pd
        >>> complaints = pd.DataFrame({
        ...     "complaint_id": [f"K{i}" for i in range(8)], "description": ["…"] * 8,
        ...     "category": ["bills", "meters"] * 4,
        ...     "severity": ["low", "medium", "high", "low"] * 2,
        ...     "vulnerable": [False, False, False, True] * 2,
        ...     "route": ["resolve now", "investigate", "escalate: senior handler",
        ...               "priority: vulnerable customer"] * 2})
        >>> batch = triage_sample(complaints, n=4)
        >>> sorted(batch["route"]) == sorted(ROUTES)
        True
        >>> batch["complaint_id"].tolist() == triage_sample(complaints, n=4)[
        ...     "complaint_id"].tolist()
        True
    """
    size = _whole("n", n, 1, 50, 6)
    seed = _whole("seed", seed, 0, 2**32 - 1, 0)
    _require(complaints, "complaints", ("complaint_id", "description", *TRIAGE_FIELDS))
    if complaints.empty:
        raise ValueError("The complaints table has no rows to triage.")
    rng = np.random.default_rng(seed)
    pool = complaints.reset_index(drop=True)
    order = rng.permutation(len(pool))
    routes = pool["route"].astype(str).to_numpy()
    cats = pool["category"].astype(str).to_numpy()
    chosen: list[int] = []
    for route in [*ROUTES, *sorted(set(routes) - set(ROUTES))]:
        pick = next((i for i in order if routes[i] == route), None)
        if pick is not None and len(chosen) < size:
            chosen.append(int(pick))
    seen = {cats[i] for i in chosen}
    for i in order:
        if len(chosen) >= size:
            break
        if int(i) not in chosen and cats[i] not in seen:
            chosen.append(int(i))
            seen.add(cats[i])
    for i in order:
        if len(chosen) >= size:
            break
        if int(i) not in chosen:
            chosen.append(int(i))
    chosen = [chosen[j] for j in rng.permutation(len(chosen))]
    columns = [c for c in SAMPLE_COLUMNS if c in pool.columns]
    batch = pool.loc[chosen, columns].reset_index(drop=True)
    batch["vulnerable"] = [bool(_yes(v)) if _yes(v) is not None else bool(v)
                           for v in batch["vulnerable"]]
    return batch


def why_label(row: Mapping[str, Any], field: str) -> str:
    """Why a complaint carries its ``field`` label, in a sentence computed from the row
    (its description, severity and vulnerable flag).

    Example:
        >>> row = {"description": "My bill is wrong. I'm registered blind and can't read "
        ...        "your letters.", "category": "billing", "severity": "low",
        ...        "vulnerable": True, "route": "priority: vulnerable customer"}
        >>> why_label(row, "route").split(" (")[0]
        'Priority: the customer is vulnerable, which comes before every other route'
        >>> print(why_label(row, "vulnerable").split("” ")[0])
        Yes: the customer says “I'm registered blind and can't read your letters.
    """
    if field not in TRIAGE_FIELDS:
        raise ValueError(f"field must be one of {', '.join(TRIAGE_FIELDS)}; got {field!r}.")
    checks.instance("row", row, Mapping, "one complaint as a dict or a table row")
    text = row.get("description", "")
    label = row.get(field)
    if field == "category":
        first = _sentences(text)[:1]
        return (f"It is about {label}: " + _quote(first[0]) if first
                else f"The data files it under {label}.")
    if field == "severity":
        meaning = SEVERITY_MEANING.get(str(label), "the data's own severity scale")
        cue = _first_match(text, _SEVERITY_CUES.get(str(label), _THREAT), skip_first=True)
        return (f"{str(label).capitalize()}: {meaning}"
                + (f"; the customer says {_quote(cue)}" if cue else "."))
    if field == "vulnerable":
        if _yes(label):
            cue = _first_match(text, _VULNERABILITY_CUES)
            return ("Yes: " + (f"the customer says {_quote(cue)}" if cue else
                               "the record flags circumstances that make the customer "
                               "vulnerable.")
                    + " Health, life events, resilience and capability are the FCA's "
                      "drivers of vulnerability (FG21/1).")
        return ("No: nothing in the complaint points to health, a life event, low "
                "resilience or capability (the FCA's drivers of vulnerability).")
    route = str(label)
    vulnerable = _yes(row.get("vulnerable"))
    threat = _first_match(text, _THREAT)
    severity = str(row.get("severity", ""))
    if route == "priority: vulnerable customer":
        reason = ("the customer is vulnerable, which comes before every other route"
                  if vulnerable else "the record says the customer needs priority handling")
        return f"Priority: {reason} ({ROUTE_MEANING[route]})."
    if route == "escalate: senior handler":
        reasons = []
        if severity == "high":
            reasons.append("the severity is high")
        if threat:
            reasons.append(f"the customer threatens to go further: {_quote(threat)}")
        reason = " and ".join(reasons) or "the record says it needs a senior handler"
        return f"Escalate: {reason}; not vulnerable, so this is the first route that applies."
    if route == "resolve now":
        return ("Resolve now: low severity, simple, no vulnerability and no threat, so it "
                "can be put right by the close of the third business day.")
    if route == "investigate":
        detail = (f"{severity} severity" if severity else "its severity")
        return (f"Investigate: {detail}, no vulnerability and no threat to go further, so "
                "the standard complaints process.")
    return f"The data's route is {route}."


@dataclass(frozen=True)
class TriageResult:
    """A triage checked against the data's labels.

    ``items``: one row per complaint and field (complaint_id, field, answer, label, agreed,
    why); ``by_field``: field, items, agreed, share; ``overall``: the share of every
    answer that agreed (a fraction).
    """

    items: pd.DataFrame
    by_field: pd.DataFrame
    overall: float

    @property
    def missed(self) -> pd.DataFrame:
        """The answers that did not agree with the label."""
        return self.items[~self.items["agreed"]].reset_index(drop=True)

    def summary(self) -> str:
        """One sentence: how many answers agreed, and the weakest field.

        Example:
            >>> items = pd.DataFrame({"field": ["route"], "agreed": [True]})
            >>> by_field = pd.DataFrame({"field": ["route"], "items": [1], "agreed": [1],
            ...                          "share": [1.0]})
            >>> TriageResult(items, by_field, 1.0).summary()
            'You agreed with the labels on 1 of 1 answers (100%).'
        """
        agreed, total = int(self.items["agreed"].sum()), len(self.items)
        text = (f"You agreed with the labels on {agreed:,} of {total:,} answers "
                f"({self.overall:.0%}).")
        worst = self.by_field.sort_values("share", kind="stable").iloc[0] if len(
            self.by_field) else None
        if worst is not None and worst["share"] < 1:
            text += f" Weakest field: {worst['field']} ({worst['share']:.0%})."
        return text


def _same(field: str, answer: Any, label: Any) -> bool:
    if field == "vulnerable":
        a, b = _yes(answer), _yes(label)
        return a is not None and a == b
    if answer is None or (isinstance(answer, float) and math.isnan(answer)):
        return False
    return str(answer).strip().lower() == str(label).strip().lower()


def _shown_answer(field: str, value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return "(no answer)"
    if field == "vulnerable" and _yes(value) is not None:
        return "yes" if _yes(value) else "no"
    return str(value)


def triage_agreement(answers: pd.DataFrame, truth: pd.DataFrame) -> TriageResult:
    """Check a triage (``answers``) against the data's labels (``truth``).

    ``answers`` is indexed by complaint_id (or has a complaint_id column) with a column per
    field answered (any of :data:`TRIAGE_FIELDS`); ``truth`` has complaint_id, the same
    fields and, for the explanations, description (a :func:`triage_sample` batch). A blank
    answer counts as not agreed. Text compares without regard to case; vulnerable accepts
    True/False or yes/no. Every complaint in ``answers`` must be in ``truth``.

    Example:
        >>> import pandas as pd
        >>> truth = pd.DataFrame({"complaint_id": ["K1", "K2"],
        ...     "description": ["My bill is wrong. Please correct this.",
        ...                     "No heating for days. We had no heating or hot water."],
        ...     "category": ["billing", "supply"], "severity": ["low", "high"],
        ...     "vulnerable": [False, False],
        ...     "route": ["resolve now", "escalate: senior handler"]})
        >>> answers = pd.DataFrame({"severity": ["low", "medium"],
        ...                         "route": ["resolve now", "investigate"]},
        ...                        index=pd.Index(["K1", "K2"], name="complaint_id"))
        >>> result = triage_agreement(answers, truth)
        >>> result.by_field[["field", "agreed", "share"]].values.tolist()
        [['severity', 1, 0.5], ['route', 1, 0.5]]
        >>> result.overall
        0.5
        >>> result.missed.loc[0, "why"].split("; ")[1]
        'the customer says “We had no heating or hot water.”'
    """
    checks.instance("answers", answers, pd.DataFrame, "a table with one row per complaint")
    _require(truth, "complaints", ("complaint_id",))
    given = answers
    if "complaint_id" in given.columns:
        given = given.set_index("complaint_id")
    fields = [f for f in TRIAGE_FIELDS if f in given.columns]
    if not fields:
        raise ValueError(f"answers has none of the triage fields "
                         f"({', '.join(TRIAGE_FIELDS)}): add a column for each one answered.")
    if given.empty:
        raise ValueError("answers has no rows: triage at least one complaint.")
    _require(truth, "complaints", fields)
    # plain dictionaries, not row-by-row pandas: a widget checks this on every click
    keep = [c for c in truth.columns if c in {"complaint_id", "description", "severity",
                                             "vulnerable", "category", "route"}]
    labels: dict[str, dict[str, Any]] = {}
    for record in truth[keep].to_dict("records"):
        labels.setdefault(str(record["complaint_id"]), record)
    ids = [str(i) for i in given.index]
    unknown = [i for i in ids if i not in labels]
    if unknown:
        raise ValueError(f"answers has complaint {unknown[0]!r}, which is not in the labels "
                         "(truth): check the complaint_id.")
    columns = {field: given[field].tolist() for field in fields}
    rows = []
    tally = {field: 0 for field in fields}
    for position, key in enumerate(ids):
        record = {**labels[key], "complaint_id": key}
        for field in fields:
            answer, label = columns[field][position], record[field]
            agreed = _same(field, answer, label)
            tally[field] += agreed
            rows.append((key, field, _shown_answer(field, answer), _shown_answer(field, label),
                         agreed, why_label(record, field)))
    items = pd.DataFrame(rows, columns=["complaint_id", "field", "answer", "label", "agreed",
                                        "why"])
    items["agreed"] = items["agreed"].astype(bool)
    by_field = pd.DataFrame({"field": fields, "items": [len(ids)] * len(fields),
                             "agreed": [int(tally[f]) for f in fields]})
    by_field["share"] = by_field["agreed"] / by_field["items"]
    total = len(ids) * len(fields)
    return TriageResult(items=items, by_field=by_field,
                        overall=sum(tally.values()) / total)


# ------------------------------------------------------------------ after the final response
def after_final_response(complaints: pd.DataFrame) -> pd.DataFrame:
    """What happened after the organisation's last word: deadlock letters, referrals to the
    ombudsman, and the ombudsman's findings so far.

    Columns: step, complaints, share (of all complaints; for findings, of those referred).
    ``deadlock_letter_at`` and ``ombudsman_outcome`` may be missing (older data): their rows
    then say so through NaN counts rather than inventing zeros.

    Example:
        >>> rows = pd.DataFrame({"deadlock_letter_at": [pd.NaT, "2026-02-01", pd.NaT],
        ...                      "referred_to_ombudsman": [False, True, True],
        ...                      "ombudsman_outcome": ["", "upheld", "pending"]})
        >>> after_final_response(rows)["complaints"].tolist()
        [1.0, 2.0, 1.0, 1.0, 0.0, 0.0]
    """
    if not isinstance(complaints, pd.DataFrame):
        raise ValueError("complaints must be the complaints table (a DataFrame).")
    if "referred_to_ombudsman" not in complaints.columns:
        raise ValueError("The complaints table needs the column 'referred_to_ombudsman' (did "
                         "the customer take the complaint to the ombudsman?).")
    total = len(complaints)
    referred = complaints["referred_to_ombudsman"].astype("boolean").fillna(False).astype(bool)
    deadlock = (float(pd.to_datetime(complaints["deadlock_letter_at"], errors="coerce")
                      .notna().sum()) if "deadlock_letter_at" in complaints.columns
                else np.nan)
    outcome = (complaints.loc[referred, "ombudsman_outcome"].fillna("").astype(str)
               if "ombudsman_outcome" in complaints.columns else None)

    def found(*values: str) -> float:
        return float(outcome.isin(values).sum()) if outcome is not None else np.nan

    n_referred = float(referred.sum())
    rows = [("Deadlock letters sent", deadlock, total),
            ("Referred to the ombudsman", n_referred, total),
            ("Ombudsman's finding still pending", found("pending"), n_referred),
            ("Ombudsman found for the customer (upheld)", found("upheld"), n_referred),
            ("Ombudsman found partly for the customer", found("partially upheld"), n_referred),
            ("Ombudsman found for the organisation", found("not upheld"), n_referred)]
    return pd.DataFrame([(step, count, count / base if base else np.nan)
                         for step, count, base in rows],
                        columns=["step", "complaints", "share"])
