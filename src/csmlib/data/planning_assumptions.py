"""The organisation's planning assumptions, in one place: pay, on-costs, shrinkage, hours…

Every number an organisation *decides or assumes* when it plans (as opposed to what its
customers do) lives in :class:`Assumptions`. The generator builds the interval plan and the
budget from them, the manifest of each dataset records them, and the lessons read the ones
in use with ``csmlib.data.assumptions()``, so a figure quoted in a notebook is the figure
behind the data.

Each field says its unit and where the value comes from: "course default" (a round, typical
figure chosen for the course) or a published figure cited in the course brief.

``csmlib.data.assumptions()`` (``csmlib.data.store.assumptions_in_use``) returns the
assumptions of the organisation in use (read from the manifest of the active dataset, or the
sector's default if the dataset does not record them).

Example:
    >>> defaults = Assumptions()
    >>> defaults.hourly_rate_gbp, defaults.on_shift_shrinkage, defaults.off_shift_shrinkage
    (13.5, 0.15, 0.18)
    >>> round(defaults.shrinkage, 3)  # combined: 1 − (1 − on-shift) × (1 − off-shift)
    0.303
    >>> round(defaults.paid_hours_per_scheduled_hour, 3)  # 1 ÷ (1 − off-shift shrinkage)
    1.22
    >>> Assumptions.from_dict(defaults.as_dict()) == defaults
    True
    >>> defaults.benchmark_cost_per_contact_gbp["phone"]
    5.58
"""

from __future__ import annotations

import math
import types
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import pandas as pd


def _about(unit: str, source: str) -> dict[str, str]:
    return {"unit": unit, "source": source}


_DEFAULT = "course default"
_NO_STANDARD = "there is no industry standard value: measure your own (brief §7)"
_ON_SHIFT = ("course default: breaks (about 1 hour of a 7.5-hour shift, 13%) and a little "
             "coaching and team meetings (2%), so about 15% of time on shift; " + _NO_STANDARD)
_OFF_SHIFT = ("course default: annual leave with bank holidays about 12% of contracted time "
              "(33 days of 260), sickness about 4%, training days about 2%, so about 18%; "
              + _NO_STANDARD)
_CONTRACT = "course default: a common UK full-time office contract (37.5 hours a week)"
_SL = ("course default: the common 80/20 standard, which has no known origin; set your own "
       "from customer tolerance and cost (brief §7)")
_OCC = "occupancy widely advised not to exceed about 85% for long (brief §7)"
_CALL = ("ContactBabel via Call Centre Helper / CCMA, 2024: an inbound call costs about £5.58, "
         "57% more than an email and 83% more than a web chat (brief §7)")


@dataclass(frozen=True)
class Assumptions:
    """What the organisation assumes when it plans: each field has a unit and a source.

    Read a field's unit and source with :func:`describe`. Values are checked when made, so a
    mistyped share (35 instead of 0.35) is caught with the field's name.

    Example:
        >>> Assumptions(on_shift_shrinkage=15)
        Traceback (most recent call last):
        ...
        ValueError: Assumptions: on_shift_shrinkage is a share from 0 to 0.6 (e.g. 0.15); got 15.
    """

    #: basic pay per paid hour of a front-line agent
    hourly_rate_gbp: float = field(default=13.50, metadata=_about("£ per paid hour", _DEFAULT))
    #: employer's costs on top of pay (National Insurance, pension, benefits), share of pay
    on_cost_share: float = field(default=0.28, metadata=_about("share of pay", _DEFAULT))
    #: on-shift shrinkage: share of time on shift spent on breaks, coaching and meetings;
    #: agents to schedule in a half-hour = agents needed ÷ (1 − on-shift shrinkage)
    on_shift_shrinkage: float = field(default=0.15, metadata=_about("share of time on shift",
                                                                    _ON_SHIFT))
    #: off-shift shrinkage: share of contracted time lost to annual leave, sickness and
    #: training days; staff to employ = scheduled hours ÷ (1 − off-shift) ÷ contract hours
    off_shift_shrinkage: float = field(default=0.18, metadata=_about(
        "share of contracted time", _OFF_SHIFT))
    #: hours of one full-time contract a week (paid, breaks included)
    contract_hours_per_week: float = field(default=37.5, metadata=_about("hours a week",
                                                                         _CONTRACT))
    #: phone and chat open on weekdays at (hour of the day, 24-hour clock)
    opening_hour: float = field(default=8, metadata=_about("hour of day", _DEFAULT))
    #: phone and chat close on weekdays at
    closing_hour: float = field(default=20, metadata=_about("hour of day", _DEFAULT))
    #: phone and chat open at weekends at
    weekend_opening_hour: float = field(default=9, metadata=_about("hour of day", _DEFAULT))
    #: phone and chat close at weekends at
    weekend_closing_hour: float = field(default=17, metadata=_about("hour of day", _DEFAULT))
    #: email and social messages are handled (and arrive in the data) from, every day
    written_opening_hour: float = field(default=7, metadata=_about("hour of day", _DEFAULT))
    #: email and social messages are handled until
    written_closing_hour: float = field(default=23, metadata=_about("hour of day", _DEFAULT))
    #: chats one agent handles at the same time
    chat_concurrency: int = field(default=3, metadata=_about("chats per agent", _DEFAULT))
    #: service-level target: share of phone calls (and chats) answered within the threshold
    service_level_target: float = field(default=0.80, metadata=_about("share", _SL))
    #: the phone service-level threshold
    phone_answer_s: float = field(default=20, metadata=_about("seconds", _SL))
    #: the chat service-level threshold
    chat_answer_s: float = field(default=60, metadata=_about("seconds", _DEFAULT))
    #: planned occupancy for email and social work (workload ÷ agent time)
    written_occupancy: float = field(default=0.85, metadata=_about("share", _OCC))
    #: extra agents planners schedule above the requirement for the day-to-day swings in
    #: absence (the average sickness is already in the off-shift shrinkage, so this margin is
    #: small)
    absence_cover_share: float = field(default=0.05, metadata=_about(
        "share", "course default: a small margin for the day-to-day variation in absence, "
                 "whose average is in off_shift_shrinkage"))
    #: overtime budgeted, as a share of agent pay and on-costs
    overtime_budget_share: float = field(default=0.03, metadata=_about("share of staff cost",
                                                                       _DEFAULT))
    #: team leaders and support staff, as a share of agent pay and on-costs
    team_leader_share: float = field(default=0.16, metadata=_about("share of staff cost",
                                                                   _DEFAULT))
    #: telephony and systems cost for each contact handled
    telephony_gbp_per_contact: float = field(default=0.42, metadata=_about("£ per contact",
                                                                           _DEFAULT))
    #: recruitment and training budget for a full month
    recruitment_training_gbp_per_month: float = field(
        default=6500.0, metadata=_about("£ per month", _DEFAULT))
    #: published full cost of one contact by channel, to compare the organisation with
    benchmark_cost_per_contact_gbp: Mapping[str, float] = field(
        default_factory=lambda: {"phone": 5.58, "email": 3.55, "chat": 3.05}, hash=False,
        metadata=_about("£ per contact", _CALL))

    def __post_init__(self) -> None:
        for name in ("on_cost_share", "service_level_target", "written_occupancy",
                     "absence_cover_share", "overtime_budget_share", "team_leader_share"):
            _share(name, getattr(self, name), 1.0)
        _share("on_shift_shrinkage", self.on_shift_shrinkage, 0.6, "0.15")
        _share("off_shift_shrinkage", self.off_shift_shrinkage, 0.6, "0.18")
        hours = self.contract_hours_per_week
        if isinstance(hours, bool) or not isinstance(hours, int | float) or not (
                0 < hours <= 60):
            raise ValueError("Assumptions: contract_hours_per_week is the hours of one "
                             f"full-time contract a week, above 0 and at most 60 (e.g. 37.5); "
                             f"got {hours!r}.")
        for name in ("hourly_rate_gbp", "phone_answer_s", "chat_answer_s",
                     "telephony_gbp_per_contact", "recruitment_training_gbp_per_month"):
            _positive(name, getattr(self, name))
        for opening, closing in (("opening_hour", "closing_hour"),
                                 ("weekend_opening_hour", "weekend_closing_hour"),
                                 ("written_opening_hour", "written_closing_hour")):
            for name in (opening, closing):
                _hour(name, getattr(self, name))
            if getattr(self, opening) >= getattr(self, closing):
                raise ValueError(f"Assumptions: {opening} ({getattr(self, opening):g}) must be "
                                 f"before {closing} ({getattr(self, closing):g}).")
        concurrency = self.chat_concurrency
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or not (
                1 <= concurrency <= 6):
            raise ValueError("Assumptions: chat_concurrency is a whole number of chats from 1 "
                             f"to 6; got {concurrency!r}.")
        costs = self.benchmark_cost_per_contact_gbp
        if not isinstance(costs, Mapping) or not all(
                isinstance(v, int | float) and not isinstance(v, bool) and v > 0
                for v in costs.values()):
            raise ValueError("Assumptions: benchmark_cost_per_contact_gbp maps channel to a "
                             f"cost in £ above 0, e.g. {{'phone': 5.58}}; got {costs!r}.")
        # read-only, so a frozen Assumptions cannot be changed through its mapping
        object.__setattr__(self, "benchmark_cost_per_contact_gbp",
                           types.MappingProxyType(dict(costs)))

    # ------------------------------------------------------------------ derived
    @property
    def shrinkage(self) -> float:
        """Combined shrinkage, read-only: 1 − (1 − on-shift) × (1 − off-shift), the share of
        paid time agents are not free to take contacts. Kept for code that uses one figure;
        plan a half-hour with the on-shift share and the staff to employ with the off-shift
        share (brief §7)."""
        return 1 - (1 - self.on_shift_shrinkage) * (1 - self.off_shift_shrinkage)

    @property
    def paid_hours_per_productive_hour(self) -> float:
        """Paid hours for each hour agents are free to take contacts: 1 ÷ (1 − shrinkage)."""
        return 1 / (1 - self.shrinkage)

    @property
    def paid_hours_per_scheduled_hour(self) -> float:
        """Paid (contracted) hours for each scheduled hour on shift: 1 ÷ (1 − off-shift
        shrinkage); breaks and coaching are already inside a scheduled hour."""
        return 1 / (1 - self.off_shift_shrinkage)

    @property
    def loaded_hourly_cost_gbp(self) -> float:
        """Cost of one paid hour with on-costs: hourly rate × (1 + on-cost share)."""
        return self.hourly_rate_gbp * (1 + self.on_cost_share)

    def half_hours(self, weekend: bool = False, written: bool = False) -> tuple[int, int]:
        """First and past-the-last half-hour of the day (0–48) the channel is open.

        Example:
            >>> Assumptions().half_hours()
            (16, 40)
        """
        if written:
            first, last = self.written_opening_hour, self.written_closing_hour
        elif weekend:
            first, last = self.weekend_opening_hour, self.weekend_closing_hour
        else:
            first, last = self.opening_hour, self.closing_hour
        return int(round(first * 2)), int(round(last * 2))

    # -------------------------------------------------------------- conversion
    def as_dict(self) -> dict[str, Any]:
        """The values as plain JSON-ready types (as the manifest stores them)."""
        return {f.name: (dict(value) if isinstance(value, Mapping) else value)
                for f in fields(self) for value in [getattr(self, f.name)]}

    @classmethod
    def from_dict(cls, values: dict[str, Any], *, where: str = "the assumptions") -> Assumptions:
        """Assumptions from a dict (e.g. a manifest's); unknown names are an error.

        Names left out keep the course default. An older manifest's single ``shrinkage``
        figure (before it was split) is read as the off-shift share that, with the default
        on-shift share, gives the same combined figure.

        Example:
            >>> Assumptions.from_dict({"hourly_rate_gbp": 14.2}).hourly_rate_gbp
            14.2
            >>> Assumptions.from_dict({"hourly_rate": 14.2})
            Traceback (most recent call last):
            ...
            ValueError: the assumptions has no setting 'hourly_rate'; the settings are ...
        """
        if not isinstance(values, dict):
            raise ValueError(f"{where} must be a mapping of setting to value; got "
                             f"{type(values).__name__}.")
        known = [f.name for f in fields(cls)]
        values = dict(values)
        if "shrinkage" in values and "off_shift_shrinkage" not in values:
            combined = values.pop("shrinkage")
            _share("shrinkage", combined, 0.9)
            on = values.get("on_shift_shrinkage", cls.on_shift_shrinkage)
            _share("on_shift_shrinkage", on, 0.6, "0.15")
            off = 1 - (1 - combined) / (1 - on)
            if not 0 <= off <= 0.6:
                raise ValueError(f"{where}: a combined shrinkage of {combined:g} with an "
                                 f"on-shift share of {on:g} leaves no valid off-shift share; "
                                 "give on_shift_shrinkage and off_shift_shrinkage instead.")
            values["off_shift_shrinkage"] = round(off, 4)
        values.pop("shrinkage", None)  # the combined figure follows from the two shares
        for name in values:
            if name not in known:
                raise ValueError(f"{where} has no setting {name!r}; the settings are "
                                 f"{', '.join(known)}.")
        return cls(**values)


def _share(name: str, value: Any, upper: float, example: str = "0.35") -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            0 <= value <= upper) or math.isnan(value):
        raise ValueError(f"Assumptions: {name} is a share from 0 to {upper:g} (e.g. "
                         f"{example}); got {value!r}.")


def _positive(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ValueError(f"Assumptions: {name} must be a number above 0; got {value!r}.")


def _hour(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            0 <= value <= 24) or value * 2 != int(value * 2):
        raise ValueError(f"Assumptions: {name} is an hour of the day from 0 to 24, on the hour "
                         f"or half-hour (e.g. 8 or 8.5); got {value!r}.")


def describe(assumptions: Assumptions | None = None) -> pd.DataFrame:
    """Every assumption with its value, unit and source, as a table.

    Example:
        >>> table = describe()
        >>> table.loc[table["assumption"] == "on_cost_share", "value"].item()
        0.28
        >>> list(table.columns)
        ['assumption', 'value', 'unit', 'source']
    """
    assumptions = assumptions if assumptions is not None else Assumptions()
    rows = [{"assumption": f.name, "value": getattr(assumptions, f.name),
             "unit": f.metadata["unit"], "source": f.metadata["source"]}
            for f in fields(assumptions)]
    rows.append({"assumption": "shrinkage", "value": round(assumptions.shrinkage, 4),
                 "unit": "share of paid time",
                 "source": "combined: 1 − (1 − on_shift_shrinkage) × (1 − "
                           "off_shift_shrinkage); " + _NO_STANDARD})
    return pd.DataFrame(rows)
