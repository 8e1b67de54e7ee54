"""Sector profiles: what changes between an energy supplier, a council, an insurer…

Each profile sets the organisation's name, contact reasons, channel mix, handle times,
complaint categories and rate, the regulator's complaint-handling rule, and the planning
assumptions (pay, on-costs, shrinkage, opening hours: see
``csmlib.data.planning_assumptions``; every sector uses the course defaults today). The
generator reads only these profiles, so adding a sector means adding one entry here.

All organisations are fictional.

Example:
    >>> profile("energy").final_response_weeks
    8
    >>> sorted(SECTORS)
    ['council', 'energy', 'insurance', 'retail', 'telecom']
    >>> profile("retail").assumptions.hourly_rate_gbp
    13.5
"""

from __future__ import annotations

from dataclasses import dataclass, field

from csmlib.data.planning_assumptions import Assumptions
from csmlib.data.schema import CHANNELS

__all__ = ["CHANNELS", "SECTORS", "SectorProfile", "profile"]


@dataclass(frozen=True)
class SectorProfile:
    """Everything sector-specific the generator needs."""

    key: str
    organisation: str
    description: str
    #: contact reason -> share of contacts (sums to 1)
    reasons: dict[str, float]
    #: channel -> share of contacts (sums to 1)
    channel_mix: dict[str, float]
    #: channel -> mean handle time in seconds for a tenured agent. A chat's handle time runs
    #: from the agent's first reply to their last, while they juggle about two chats at once
    #: (``Assumptions.chat_concurrency``): about 1.35 times a call, so a chat takes longer than
    #: a call but uses about two-thirds of the agent time. Email takes longer than a call.
    handle_mean_s: dict[str, float]
    #: complaint category -> share (Pareto-shaped; sums to 1)
    complaint_categories: dict[str, float]
    #: complaints per 1,000 contacts
    complaints_per_1000: float
    regulator: str
    ombudsman: str
    #: weeks allowed for a final response before the customer may go to the ombudsman
    final_response_weeks: int
    #: what a large unexpected spike is in this sector (for contingency planning)
    spike_event: str
    #: reason that the spike drives
    spike_reason: str
    #: customer segments -> (share, mean annual value in GBP)
    segments: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: what the organisation assumes when it plans (pay, on-costs, shrinkage, hours…)
    assumptions: Assumptions = field(default_factory=Assumptions)


SECTORS: dict[str, SectorProfile] = {
    "energy": SectorProfile(
        key="energy",
        organisation="Wrenfield Energy & Broadband",
        description="a UK home-energy supplier that also sells broadband to its customers",
        reasons={
            "billing query": 0.26, "payments and direct debit": 0.14, "meter reading": 0.11,
            "smart meter": 0.10, "moving home": 0.08, "tariff and switching": 0.09,
            "broadband fault": 0.07, "supply problem": 0.05, "complaint": 0.05,
            "account update": 0.05,
        },
        channel_mix={"phone": 0.63, "email": 0.19, "chat": 0.14, "social": 0.04},
        handle_mean_s={"phone": 330, "email": 420, "chat": 450, "social": 300},
        complaint_categories={
            "billing accuracy": 0.32, "customer service": 0.18, "smart meter installation": 0.13,
            "payments and debt": 0.11, "switching and transfers": 0.09,
            "broadband service": 0.08, "supply interruption": 0.05, "metering": 0.04,
        },
        complaints_per_1000=4.5,
        regulator="Ofgem", ombudsman="Energy Ombudsman", final_response_weeks=8,
        spike_event="a billing run with estimated bills", spike_reason="billing query",
        segments={"standard": (0.62, 1450.0), "fixed tariff": (0.25, 1650.0),
                  "prepayment": (0.13, 1100.0)},
    ),
    "telecom": SectorProfile(
        key="telecom",
        organisation="Larkmoor Broadband",
        description="a UK broadband, landline and mobile provider",
        reasons={
            "broadband fault": 0.22, "slow speeds": 0.12, "billing query": 0.18,
            "new connection": 0.10, "upgrade": 0.09, "cancellation": 0.08,
            "engineer visit": 0.08, "payments": 0.06, "complaint": 0.05, "account update": 0.02,
        },
        channel_mix={"phone": 0.62, "email": 0.19, "chat": 0.145, "social": 0.045},
        handle_mean_s={"phone": 370, "email": 400, "chat": 500, "social": 300},
        complaint_categories={
            "faults and repairs": 0.30, "billing": 0.20, "customer service": 0.15,
            "contract and cancellation": 0.12, "installation delays": 0.10, "speeds": 0.08,
            "mis-selling": 0.05,
        },
        complaints_per_1000=5.0,
        regulator="Ofcom", ombudsman="Communications Ombudsman", final_response_weeks=8,
        spike_event="a storm that damages lines", spike_reason="broadband fault",
        segments={"broadband only": (0.45, 420.0), "broadband and TV": (0.35, 780.0),
                  "mobile bundle": (0.20, 960.0)},
    ),
    "retail": SectorProfile(
        key="retail",
        organisation="Fennick & Lowe Homewares",
        description="a UK online and high-street homewares retailer",
        reasons={
            "order status": 0.28, "delivery problem": 0.18, "returns": 0.16, "refund": 0.12,
            "product question": 0.10, "payments": 0.06, "complaint": 0.04,
            "account update": 0.06,
        },
        channel_mix={"phone": 0.615, "email": 0.195, "chat": 0.145, "social": 0.045},
        handle_mean_s={"phone": 270, "email": 300, "chat": 360, "social": 240},
        complaint_categories={
            "late or missing delivery": 0.34, "damaged goods": 0.18, "refund delays": 0.14,
            "customer service": 0.12, "product quality": 0.10, "pricing": 0.07,
            "website and ordering": 0.05,
        },
        complaints_per_1000=3.5,
        regulator="Trading Standards", ombudsman="Retail ADR scheme",
        final_response_weeks=8,
        spike_event="a courier failure in the Christmas rush", spike_reason="delivery problem",
        segments={"occasional": (0.60, 120.0), "regular": (0.30, 480.0),
                  "loyalty member": (0.10, 1100.0)},
    ),
    "council": SectorProfile(
        key="council",
        organisation="Ashcombe Vale Borough Council",
        description="a UK local council's customer-service centre",
        reasons={
            "council tax": 0.24, "bins and recycling": 0.18, "housing repairs": 0.15,
            "benefits": 0.12, "parking": 0.10, "planning": 0.06, "noise report": 0.05,
            "complaint": 0.04, "account update": 0.06,
        },
        channel_mix={"phone": 0.63, "email": 0.195, "chat": 0.135, "social": 0.04},
        handle_mean_s={"phone": 360, "email": 480, "chat": 490, "social": 300},
        complaint_categories={
            "missed bin collections": 0.30, "housing repairs": 0.22, "council tax": 0.12,
            "staff conduct": 0.11, "parking enforcement": 0.10, "planning decisions": 0.09,
            "noise and nuisance": 0.06,
        },
        complaints_per_1000=4.0,
        regulator="Local Government and Social Care Ombudsman",
        ombudsman="Local Government and Social Care Ombudsman", final_response_weeks=12,
        spike_event="council tax bills landing in March", spike_reason="council tax",
        segments={"resident": (0.85, 1900.0), "landlord": (0.10, 5200.0),
                  "business": (0.05, 8800.0)},
    ),
    "insurance": SectorProfile(
        key="insurance",
        organisation="Merrowgate Insurance",
        description="a UK home and motor insurer",
        reasons={
            "new claim": 0.20, "claim update": 0.22, "policy change": 0.14, "renewal": 0.14,
            "payments": 0.08, "cancellation": 0.07, "documents": 0.09, "complaint": 0.04,
            "account update": 0.02,
        },
        channel_mix={"phone": 0.625, "email": 0.195, "chat": 0.14, "social": 0.04},
        handle_mean_s={"phone": 350, "email": 450, "chat": 470, "social": 300},
        complaint_categories={
            "claim delays": 0.33, "claim decisions": 0.20, "renewal pricing": 0.14,
            "customer service": 0.12, "repairs quality": 0.10, "policy wording": 0.06,
            "cancellation fees": 0.05,
        },
        complaints_per_1000=4.0,
        regulator="FCA", ombudsman="Financial Ombudsman Service", final_response_weeks=8,
        spike_event="a storm that floods homes", spike_reason="new claim",
        segments={"home": (0.50, 420.0), "motor": (0.38, 610.0), "home and motor": (0.12, 990.0)},
    ),
}


def profile(sector: str) -> SectorProfile:
    """The profile for a sector; an unknown sector lists the valid ones.

    Example:
        >>> profile("council").organisation
        'Ashcombe Vale Borough Council'
    """
    key = str(sector).strip().lower()
    if key not in SECTORS:
        raise ValueError(
            f"Unknown sector {sector!r}. Choose one of: {', '.join(sorted(SECTORS))}."
        )
    return SECTORS[key]
