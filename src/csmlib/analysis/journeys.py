"""A customer journey mapped from the data, and the estimated effect of redesigning it.

:func:`journey` follows every contact about one reason (say, a billing query) through the
steps the data can show, in order, each placed in a swimlane (who acts: the **Customer**,
the **Front line**, the **Back office** or the **Systems**):

========================  ==========  ======================================================
step (``key``)            lane        contacts reaching it (a subset of ``parent``)
========================  ==========  ======================================================
``start``                 Customer    every contact about the reason in the judged period
``queue``                 Systems     the same contacts, routed to a queue
``abandoned``             Customer    not answered: the customer gave up (failure point)
``answered``              Front line  answered by an agent
``transferred``           Back office answered, then transferred (failure point)
``unresolved``            Front line  answered but not resolved at first contact (failure)
``came_back``             Customer    the same customer contacted us again within ``days``
                                      days, on any channel and about anything (failure)
``complained``            Customer    the same customer raised a complaint within
                                      ``complaint_days`` days of the contact (failure)
========================  ==========  ======================================================

**Which contacts.** All contacts about the reason (first contacts and repeats alike: every
one of them is work and every one can fail), whose follow-up windows lie inside the data:
a contact counts only if it arrived at least ``max(days, complaint_days)`` days before the
last arrival in the table (see :func:`csmlib.analysis.repeats.window_complete`); later ones
cannot be judged yet. So every later step is a true subset of the first and the shares add
up.

**Delays** (``median_delay_s``, in seconds; ``delay_means`` says how each is computed):
the queue shows the *average* wait before an answer (the median is usually 0 s because most
phone and chat contacts are answered at once, which would hide the email backlog); every
other delay is a median: time waited before giving up, handle time, days to the next
contact, days to the complaint. The data has no back-office time for a transfer, so the
transfer step shows the front-line handle time of transferred contacts, nothing invented.

:func:`redesign` estimates what a change does (fewer transfers, a higher first-contact
resolution) using the journey's own conditional rates, assuming those rates stay the same.

Example:
    >>> import pandas as pd
    >>> contacts = pd.DataFrame({
    ...     "customer_id": ["C1", "C2", "C1", "C3"],
    ...     "arrived_at": pd.to_datetime(["2026-01-01 09:00", "2026-01-01 10:00",
    ...                                   "2026-01-03 09:00", "2026-03-01 09:00"]),
    ...     "reason": ["billing query", "billing query", "billing query", "moving home"],
    ...     "answered": [True, True, False, True], "wait_s": [30, 10, 200, 5],
    ...     "handle_s": [600, 300, 0, 100], "transferred": [True, False, False, False],
    ...     "resolved_first_contact": [False, True, False, True]})
    >>> complaints = pd.DataFrame({"customer_id": ["C1"],
    ...                            "received_at": pd.to_datetime(["2026-01-10 12:00"])})
    >>> steps = journey(contacts, complaints)
    >>> steps[["key", "contacts"]].values.tolist()[:4]
    [['start', 3], ['queue', 3], ['abandoned', 1], ['answered', 2]]
    >>> steps.set_index("key").loc[["came_back", "complained"], "contacts"].tolist()
    [1, 2]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from csmlib.analysis import checks
from csmlib.analysis.repeats import window_complete
from csmlib.data.schema import require_columns

__all__ = ["DEFAULT_REASON", "LANES", "OUTCOMES", "STEP_KEYS", "journey", "next_contact_gap",
           "reasons",
           "redesign", "redesign_sentence"]

#: The swimlanes, top to bottom.
LANES: tuple[str, ...] = ("Customer", "Front line", "Back office", "Systems")
#: The steps of a journey, in order.
STEP_KEYS: tuple[str, ...] = ("start", "queue", "abandoned", "answered", "transferred",
                              "unresolved", "came_back", "complained")
#: The outcomes :func:`redesign` estimates, in order.
OUTCOMES: tuple[str, ...] = ("contacts", "transfers", "unresolved", "repeats", "complaints",
                             "handling_hours")
DEFAULT_REASON = "billing query"
CONTACT_COLUMNS = ("customer_id", "arrived_at", "reason", "answered", "wait_s", "handle_s",
                   "transferred", "resolved_first_contact")
COMPLAINT_COLUMNS = ("customer_id", "received_at")
_SECONDS_PER_DAY = 86_400.0
#: The longest follow-up window, in days (the data covers months, not years).
MAX_DAYS = 365


def reasons(contacts: pd.DataFrame) -> list[str]:
    """The contact reasons in the data, most common first (blank reasons left out).

    Example:
        >>> import pandas as pd
        >>> reasons(pd.DataFrame({"reason": ["complaint", "billing query", "billing query", ""]}))
        ['billing query', 'complaint']
    """
    require_columns(contacts, "contacts", ("reason",))
    counts = contacts["reason"].astype("string").fillna("").str.strip()
    counts = counts[counts != ""].value_counts(sort=False)
    return sorted(counts.index.tolist(), key=lambda r: (-int(counts[r]), r))


def _days(name: str, value: float) -> float:
    return checks.number(name, value, minimum=1, maximum=MAX_DAYS, example="7")


def _flag(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame[column].astype("boolean").fillna(False).to_numpy(dtype=bool)


def next_contact_gap(contacts: pd.DataFrame) -> pd.Series:
    """Seconds from each contact to the same customer's next contact (NaN if none).

    Work it out once on the *whole* contacts table and pass it to :func:`journey` as
    ``gaps`` when you map several journeys (it is the slow part). Ties follow
    :func:`csmlib.analysis.repeats.contacted_again`: of two contacts at the same moment, the
    row listed first is followed by the other (gap 0). Rows with no customer (empty) or no
    arrival time are never followed, and never follow.

    Example:
        >>> import pandas as pd
        >>> from csmlib.analysis.repeats import contacted_again
        >>> contacts = pd.DataFrame({"customer_id": ["C1", "C2", "C1", ""],
        ...     "arrived_at": pd.to_datetime(["2026-01-05 09:00", "2026-01-05 09:30",
        ...                                   "2026-01-06 21:00", "2026-01-07 09:00"])})
        >>> (next_contact_gap(contacts) / 86_400).tolist()
        [1.5, nan, nan, nan]
        >>> (next_contact_gap(contacts) <= 7 * 86_400).tolist() == \\
        ...     contacted_again(contacts).tolist()
        True
    """
    require_columns(contacts, "contacts", ("customer_id", "arrived_at"))
    n = len(contacts)
    if not pd.api.types.is_datetime64_any_dtype(contacts["arrived_at"]):
        raise ValueError("The contacts table's column 'arrived_at' must hold dates and times. "
                         "Convert it with pd.to_datetime first.")
    arrived = contacts["arrived_at"].to_numpy("datetime64[ns]").view(np.int64)
    customers = contacts["customer_id"].astype("string").fillna("").to_numpy(dtype=object)
    codes, _ = pd.factorize(customers)
    usable = (customers != "") & (arrived != np.iinfo(np.int64).min)
    order = np.lexsort((arrived, codes))
    customer, when, ok = codes[order], arrived[order], usable[order]
    same = np.zeros(n, dtype=bool)
    same[:-1] = (customer[1:] == customer[:-1]) & ok[1:] & ok[:-1]
    diff = np.full(n, np.nan)
    diff[:-1] = (when[1:] - when[:-1]) / 1e9
    gap = np.full(n, np.nan)
    gap[order] = np.where(same, diff, np.nan)
    return pd.Series(gap, index=contacts.index, name="next_contact_gap_s")


def _complaint_gap_s(chosen: pd.DataFrame, complaints: pd.DataFrame,
                     window_days: float) -> np.ndarray:
    """Seconds from each chosen contact to the same customer's next complaint received at or
    after it and within ``window_days`` (NaN if none)."""
    gap = np.full(len(chosen), np.nan)
    if len(chosen) == 0 or len(complaints) == 0:
        return gap
    left = pd.DataFrame({"customer_id": chosen["customer_id"].astype(str).to_numpy(),
                         "at": chosen["arrived_at"].astype("datetime64[ns]").to_numpy(),
                         "row": np.arange(len(chosen))})
    right = pd.DataFrame({"customer_id": complaints["customer_id"].astype(str).to_numpy(),
                          "at": complaints["received_at"].astype("datetime64[ns]").to_numpy()})
    right = right.dropna(subset=["at"])
    right = right[right["customer_id"] != ""]
    right["complaint_at"] = right["at"]
    left = left.dropna(subset=["at"]).sort_values("at", kind="stable")
    joined = pd.merge_asof(left, right.sort_values("at", kind="stable"), on="at",
                           by="customer_id", direction="forward",
                           tolerance=pd.Timedelta(days=window_days))
    found = joined["complaint_at"].notna().to_numpy()
    seconds = (joined["complaint_at"] - joined["at"]).dt.total_seconds().to_numpy()
    gap[joined["row"].to_numpy()[found]] = seconds[found]
    return gap


def journey(contacts: pd.DataFrame, complaints: pd.DataFrame, reason: str = DEFAULT_REASON,
            *, days: float = 7, complaint_days: float = 28,
            gaps: pd.Series | None = None) -> pd.DataFrame:
    """The journey of every contact about ``reason``, one row per step, in order.

    Pass the *whole* contacts table (a repeat may be on any channel, about anything) and the
    complaints table (``customer_id``, ``received_at``). The contacts counted are those about
    ``reason`` that arrived at least ``max(days, complaint_days)`` days before the last
    arrival in the table, so every follow-up can be judged (see the module notes). ``gaps``
    is :func:`next_contact_gap` of the same table, if already worked out (it is the slow
    part when mapping several reasons).

    Columns: ``key`` (see :data:`STEP_KEYS`), ``step`` (plain words), ``lane``
    (:data:`LANES`), ``contacts`` reaching the step, ``share`` of the first step's contacts
    (0–1), ``parent`` (the step whose contacts these are a subset of), ``failure`` (a failure
    point), ``median_delay_s`` (seconds; NaN where there is none) with ``delay_means``
    (how it is computed), and, for the contacts at each step, ``came_back`` (how many were
    followed by another contact within ``days``), ``complained`` (followed by a complaint
    within ``complaint_days``), ``unresolved`` (answered but not resolved at first contact)
    and ``handle_h`` (their handle time in hours). The frame's ``attrs`` hold ``reason``,
    ``days``, ``complaint_days``, ``first`` and ``last`` (the arrival dates counted).

    Example (three billing contacts; the first customer comes back two days later, gives up
    waiting, then complains):
        >>> import pandas as pd
        >>> contacts = pd.DataFrame({
        ...     "customer_id": ["C1", "C2", "C1", "C3"],
        ...     "arrived_at": pd.to_datetime(["2026-01-01 09:00", "2026-01-01 10:00",
        ...                                   "2026-01-03 09:00", "2026-03-01 09:00"]),
        ...     "reason": ["billing query"] * 3 + ["moving home"],
        ...     "answered": [True, True, False, True], "wait_s": [30, 10, 200, 5],
        ...     "handle_s": [600, 300, 0, 100], "transferred": [True, False, False, False],
        ...     "resolved_first_contact": [False, True, False, True]})
        >>> complaints = pd.DataFrame({"customer_id": ["C1"],
        ...                            "received_at": pd.to_datetime(["2026-01-10 12:00"])})
        >>> steps = journey(contacts, complaints).set_index("key")
        >>> t = steps.loc["transferred"]
        >>> str(t["lane"]), int(t["contacts"]), bool(t["failure"])
        ('Back office', 1, True)
        >>> float(steps.loc["came_back", "median_delay_s"]) / 86_400  # days to the next contact
        2.0
        >>> float(steps.loc["queue", "median_delay_s"])  # average wait of answered contacts
        20.0
    """
    require_columns(contacts, "contacts", CONTACT_COLUMNS)
    require_columns(complaints, "complaints", COMPLAINT_COLUMNS)
    checks.text("reason", reason, example=DEFAULT_REASON)
    days = _days("days", days)
    complaint_days = _days("complaint_days", complaint_days)
    if not pd.api.types.is_datetime64_any_dtype(complaints["received_at"]):
        raise ValueError("The complaints table's column 'received_at' must hold dates and "
                         "times. Convert it with pd.to_datetime first.")
    horizon = max(days, complaint_days)
    about = (contacts["reason"].astype("string") == reason).fillna(False).to_numpy(dtype=bool)
    if not about.any():
        known = ", ".join(reasons(contacts)[:12]) or "none"
        raise ValueError(f"reason: no contacts about {reason!r} in the data; the reasons are: "
                         f"{known}.")
    judged = window_complete(contacts, days=horizon).to_numpy(dtype=bool)
    if gaps is None:
        gaps = next_contact_gap(contacts)
    elif not isinstance(gaps, pd.Series) or not gaps.index.equals(contacts.index):
        raise ValueError("gaps must be next_contact_gap(contacts) of this contacts table.")
    next_gap = gaps.to_numpy(dtype=float)
    back = next_gap <= days * _SECONDS_PER_DAY  # NaN (no next contact) is never a repeat
    keep = about & judged
    chosen = contacts.loc[keep]
    if len(chosen) == 0:
        raise ValueError(f"Too little data to judge contacts about {reason!r}: none arrived "
                         f"at least {horizon:g} days before the last contact in the table. "
                         "Shorten days or complaint_days, or use more data.")
    answered = _flag(chosen, "answered")
    transferred = answered & _flag(chosen, "transferred")
    unresolved = answered & ~_flag(chosen, "resolved_first_contact")
    wait = pd.to_numeric(chosen["wait_s"], errors="coerce").to_numpy(dtype=float)
    handle = pd.to_numeric(chosen["handle_s"], errors="coerce").fillna(0).to_numpy(dtype=float)
    handle = np.where(answered, handle, 0.0)
    came = back[keep]
    gap_next = next_gap[keep]
    complaint_gap = _complaint_gap_s(chosen, complaints, complaint_days)
    complained = ~np.isnan(complaint_gap)
    everyone = np.ones(len(chosen), dtype=bool)

    def median(values: np.ndarray, mask: np.ndarray) -> float:
        picked = values[mask]
        picked = picked[~np.isnan(picked)]
        return float(np.median(picked)) if len(picked) else float("nan")

    answered_wait = wait[answered]
    answered_wait = answered_wait[~np.isnan(answered_wait)]
    mean_wait = float(answered_wait.mean()) if len(answered_wait) else float("nan")
    d, c = f"{days:g}", f"{complaint_days:g}"
    rows = [
        ("start", f"Contacts us: {reason}", "Customer", everyone, "", False,
         float("nan"), "no delay: the journey starts here"),
        ("queue", "Waits in the queue for an agent", "Systems", everyone, "start", False,
         mean_wait, "average wait before an answer (all channels)"),
        ("abandoned", "Gives up before an answer", "Customer", ~answered, "queue", True,
         median(wait, ~answered), "median time waited before giving up"),
        ("answered", "Answered by the front line", "Front line", answered, "queue", False,
         median(handle, answered), "median handle time"),
        ("transferred", "Transferred to the back office", "Back office", transferred,
         "answered", True, median(handle, transferred),
         "median front-line handle time of a transferred contact (the data has no "
         "back-office time)"),
        ("unresolved", "Not resolved at the first contact", "Front line", unresolved,
         "answered", True, median(handle, unresolved), "median handle time"),
        ("came_back", f"Contacts us again within {d} days", "Customer", came, "start", True,
         median(gap_next, came), "median time to the next contact"),
        ("complained", f"Complains within {c} days", "Customer", complained, "start", True,
         median(complaint_gap, complained), "median time from the contact to the complaint"),
    ]
    total = int(len(chosen))
    frame = pd.DataFrame([{
        "key": key, "step": step, "lane": lane, "contacts": int(mask.sum()),
        "share": float(mask.sum()) / total, "parent": parent, "failure": failure,
        "median_delay_s": delay, "delay_means": means,
        "came_back": int((came & mask).sum()), "complained": int((complained & mask).sum()),
        "unresolved": int((unresolved & mask).sum()),
        "handle_h": float(handle[mask].sum()) / 3600.0,
    } for key, step, lane, mask, parent, failure, delay, means in rows])
    stamps = chosen["arrived_at"]
    frame.attrs.update({"reason": reason, "days": days, "complaint_days": complaint_days,
                        "first": stamps.min(), "last": stamps.max()})
    return frame


def _steps(journey_frame: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(journey_frame, pd.DataFrame):
        raise ValueError("journey_frame must be the table journey() returns; got "
                         f"{type(journey_frame).__name__}.")
    need = {"key", "contacts", "came_back", "complained", "unresolved", "handle_h"}
    missing = sorted(need - set(journey_frame.columns))
    keys = set(journey_frame["key"]) if "key" in journey_frame.columns else set()
    if missing or not set(STEP_KEYS) <= keys:
        raise ValueError("journey_frame must be the table journey() returns (missing "
                         f"{', '.join(missing) or 'some steps'}).")
    return journey_frame.set_index("key")


def _rate(part: float, whole: float) -> float:
    return part / whole if whole > 0 else 0.0


def redesign(journey_frame: pd.DataFrame, *, transfer_cut: float = 0.0,
             fcr_lift: float = 0.0, abandon_cut: float = 0.0) -> pd.DataFrame:
    """Estimate what a redesign of the journey changes, before and after.

    The levers (each a share from 0 to 1):

    * ``transfer_cut``: the share of transfers avoided (for example billing specialists on
      the front line). An avoided transfer is handled like a contact that was never
      transferred: it is left unresolved as often, and takes as long, as those.
    * ``fcr_lift``: extra first-contact resolution, in points of the answered contacts (0.05
      = 5 points, for example "confirm the fix before closing"); it cannot resolve more than
      are unresolved.
    * ``abandon_cut``: the share of abandoned contacts answered instead (more staff at the
      peak); they are handled like the other answered contacts.

    **Assumption**: the journey's own conditional rates stay the same: how often a resolved,
    an unresolved and an abandoned contact is followed by another contact, how often a
    customer who came back (or did not) complains, and the handle times. Repeat contacts
    avoided are contacts avoided, each saving the average handle time of a contact in the
    journey; knock-on repeats of repeats are not counted (so the estimate is cautious).

    Returns one row per outcome (:data:`OUTCOMES`: contacts, transfers, unresolved, repeats,
    complaints, handling_hours) with ``outcome`` (plain words), ``before``, ``after``,
    ``change`` (after − before) and ``change_pct`` (per cent of before).

    Example:
        >>> import pandas as pd
        >>> steps = pd.DataFrame({
        ...     "key": ["start", "queue", "abandoned", "answered", "transferred",
        ...             "unresolved", "came_back", "complained"],
        ...     "contacts":   [1000, 1000, 100, 900, 100, 200, 300, 30],
        ...     "came_back":  [300, 300, 50, 250, 50, 100, 300, 20],
        ...     "complained": [30, 30, 5, 25, 5, 10, 20, 30],
        ...     "unresolved": [200, 200, 0, 200, 40, 200, 100, 10],
        ...     "handle_h":   [250.0, 250.0, 0.0, 250.0, 40.0, 60.0, 80.0, 9.0]})
        >>> same = redesign(steps)
        >>> bool((same["change"] == 0).all())
        True
        >>> better = redesign(steps, fcr_lift=0.05).set_index("key")
        >>> better.loc["unresolved", ["before", "after"]].tolist()  # 5 points of 900 answered
        [200.0, 155.0]
        >>> round(float(better.loc["repeats", "after"]), 1)  # 45 fewer at (0.5 - 0.214) each
        287.1
    """
    s = _steps(journey_frame)
    transfer_cut = checks.number("transfer_cut", transfer_cut, minimum=0, maximum=1,
                                 example="0.5")
    fcr_lift = checks.number("fcr_lift", fcr_lift, minimum=0, maximum=1, example="0.05")
    abandon_cut = checks.number("abandon_cut", abandon_cut, minimum=0, maximum=1,
                                example="0.2")
    n = float(s.at["start", "contacts"])
    answered, abandoned = float(s.at["answered", "contacts"]), float(s.at["abandoned",
                                                                          "contacts"])
    transfers = float(s.at["transferred", "contacts"])
    unresolved = float(s.at["answered", "unresolved"])
    unresolved_t = float(s.at["transferred", "unresolved"])
    kept = answered - transfers  # answered and never transferred
    u_kept = _rate(unresolved - unresolved_t, kept)
    u_transfer = _rate(unresolved_t, transfers)
    u_answered = _rate(unresolved, answered)
    h_kept = _rate(float(s.at["answered", "handle_h"] - s.at["transferred", "handle_h"]),
                   kept)
    h_transfer = _rate(float(s.at["transferred", "handle_h"]), transfers)
    h_answered = _rate(float(s.at["answered", "handle_h"]), answered)
    back_unresolved = float(s.at["unresolved", "came_back"])
    r_unresolved = _rate(back_unresolved, unresolved)
    r_resolved = _rate(float(s.at["answered", "came_back"]) - back_unresolved,
                       answered - unresolved)
    r_abandoned = _rate(float(s.at["abandoned", "came_back"]), abandoned)
    repeats = float(s.at["start", "came_back"])
    complaints = float(s.at["start", "complained"])
    c_back = _rate(float(s.at["came_back", "complained"]), repeats)
    c_not = _rate(complaints - float(s.at["came_back", "complained"]), n - repeats)
    handling = float(s.at["start", "handle_h"])

    # Abandoned contacts answered instead: handled like the other answered contacts.
    rescued = abandoned * abandon_cut
    new_abandoned = abandoned - rescued
    new_answered = answered + rescued
    new_transfers = transfers * (1 - transfer_cut) + rescued * _rate(transfers, answered)
    moved = transfers * transfer_cut
    new_unresolved = unresolved - moved * (u_transfer - u_kept) + rescued * u_answered
    new_unresolved = max(0.0, new_unresolved - fcr_lift * new_answered)
    new_repeats = (new_abandoned * r_abandoned + new_unresolved * r_unresolved
                   + (new_answered - new_unresolved) * r_resolved)
    new_complaints = new_repeats * c_back + (n - new_repeats) * c_not
    avoided = repeats - new_repeats
    new_handling = (handling - moved * (h_transfer - h_kept) + rescued * h_answered
                    - avoided * _rate(handling, n))
    before = [n, transfers, unresolved, repeats, complaints, handling]
    after = [n - avoided, new_transfers, new_unresolved, new_repeats, new_complaints,
             new_handling]
    days = journey_frame.attrs.get("days", 7)
    complaint_days = journey_frame.attrs.get("complaint_days", 28)
    words = ["Contacts (repeats included)", "Transfers to the back office",
             "Not resolved at the first contact",
             f"Contacts followed by a repeat within {days:g} days",
             f"Contacts followed by a complaint within {complaint_days:g} days",
             "Handling time (hours)"]
    frame = pd.DataFrame({"key": list(OUTCOMES), "outcome": words,
                          "before": np.array(before, dtype=float),
                          "after": np.array(after, dtype=float)})
    frame["change"] = frame["after"] - frame["before"]
    frame["change_pct"] = np.where(frame["before"] > 0,
                                   100 * frame["change"] / frame["before"].where(
                                       frame["before"] > 0, 1), 0.0)
    return frame


def redesign_sentence(effect: pd.DataFrame, *, weeks: float | None = None) -> str:
    """One plain-English sentence on the estimated effect (from :func:`redesign`).

    ``weeks`` (the length of the period measured) turns the totals into a weekly figure.

    Example:
        >>> import pandas as pd
        >>> effect = pd.DataFrame({"key": list(OUTCOMES), "before": [1000, 50, 200, 300, 30, 250],
        ...                        "after": [960, 50, 150, 260, 27, 240]})
        >>> import textwrap
        >>> print(textwrap.fill(redesign_sentence(effect, weeks=10), 80))
        About 40 fewer repeat contacts (−13%), 3 fewer contacts ending in a complaint
        and 10 fewer handling hours over the period measured: about 4 repeats, 0.3
        complaints and 1 hour a week.
        >>> redesign_sentence(effect.assign(after=effect["before"]))
        'With no lever moved, nothing changes: move a slider to test a redesign.'
    """
    if (not isinstance(effect, pd.DataFrame)
            or not {"key", "before", "after"} <= set(effect.columns)
            or not set(OUTCOMES) <= set(effect["key"])):
        raise ValueError("effect must be the table redesign() returns.")
    e = effect.set_index("key")
    change = {k: float(e.at[k, "after"] - e.at[k, "before"]) for k in OUTCOMES}
    if all(abs(v) < 1e-9 for v in change.values()):
        return "With no lever moved, nothing changes: move a slider to test a redesign."

    def fewer(value: float, what: str, digits: int = 0) -> str:
        amount = f"{abs(value):,.{digits}f}"
        return f"{amount} {'fewer' if value <= 0 else 'more'} {what}"

    before_repeats = float(e.at["repeats", "before"])
    pct = 100 * change["repeats"] / before_repeats if before_repeats else 0.0
    text = (f"About {fewer(change['repeats'], 'repeat contacts')} "
            f"({'−' if pct < 0 else '+'}{abs(pct):.0f}%), "
            f"{fewer(change['complaints'], 'contacts ending in a complaint')} and "
            f"{fewer(change['handling_hours'], 'handling hours')} over the period measured")
    if weeks:
        w = checks.number("weeks", weeks, minimum=0.1, example="9")
        r, c, h = (abs(change[k]) / w for k in ("repeats", "complaints", "handling_hours"))
        text += (f": about {r:,.0f} repeats, {c:,.1f} complaints and {h:,.0f} "
                 f"hour{'s' if round(h) != 1 else ''} a week")
    return text + "."
