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
    >>> defaults.hourly_rate_gbp, defaults.shrinkage
    (13.5, 0.35)
    >>> round(defaults.paid_hours_per_productive_hour, 3)  # 1 ÷ (1 − shrinkage)
    1.538
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
_SHRINK = ("course default, inside the 30–40% range of the course brief §4; there is no "
           "industry standard value: measure your own (brief §7)")
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
        >>> Assumptions(shrinkage=35)
        Traceback (most recent call last):
        ...
        ValueError: Assumptions: shrinkage is a share from 0 to 0.9 (e.g. 0.35); got 35.
    """

    #: basic pay per paid hour of a front-line agent
    hourly_rate_gbp: float = field(default=13.50, metadata=_about("£ per paid hour", _DEFAULT))
    #: employer's costs on top of pay (National Insurance, pension, benefits), share of pay
    on_cost_share: float = field(default=0.28, metadata=_about("share of pay", _DEFAULT))
    #: share of paid time agents are not available to handle contacts (breaks, training,
    #: meetings, leave, sickness): paid hours = productive hours ÷ (1 − shrinkage)
    shrinkage: float = field(default=0.35, metadata=_about("share of paid time", _SHRINK))
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
    chat_concurrency: int = field(default=2, metadata=_about("chats per agent", _DEFAULT))
    #: service-level target: share of phone calls (and chats) answered within the threshold
    service_level_target: float = field(default=0.80, metadata=_about("share", _SL))
    #: the phone service-level threshold
    phone_answer_s: float = field(default=20, metadata=_about("seconds", _SL))
    #: the chat service-level threshold
    chat_answer_s: float = field(default=60, metadata=_about("seconds", _DEFAULT))
    #: planned occupancy for email and social work (workload ÷ agent time)
    written_occupancy: float = field(default=0.85, metadata=_about("share", _OCC))
    #: extra agents planners roster above the requirement to cover absence
    absence_cover_share: float = field(default=0.10, metadata=_about("share", _DEFAULT))
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
        _share("shrinkage", self.shrinkage, 0.9)
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
    def paid_hours_per_productive_hour(self) -> float:
        """Paid hours for each hour agents are available: 1 ÷ (1 − shrinkage)."""
        return 1 / (1 - self.shrinkage)

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

        Names left out keep the course default.

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
        for name in values:
            if name not in known:
                raise ValueError(f"{where} has no setting {name!r}; the settings are "
                                 f"{', '.join(known)}.")
        return cls(**values)


def _share(name: str, value: Any, upper: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            0 <= value <= upper) or math.isnan(value):
        raise ValueError(f"Assumptions: {name} is a share from 0 to {upper:g} (e.g. 0.35); "
                         f"got {value!r}.")


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
    return pd.DataFrame([{"assumption": f.name, "value": getattr(assumptions, f.name),
                          "unit": f.metadata["unit"], "source": f.metadata["source"]}
                         for f in fields(assumptions)])
