"""Sector profiles: what changes between an energy supplier, a council, an insurer…

Each profile sets the organisation's name, contact reasons, channel mix, handle times,
complaint categories and rate, the complaint-handling rules that apply (by product: an energy
supplier that also sells broadband answers to two sets of rules, see
:class:`ComplaintRules`), and the planning assumptions (pay, on-costs, shrinkage, opening
hours: see ``csmlib.data.planning_assumptions``; every sector uses the course defaults
today). The generator reads only these profiles, so adding a sector means adding one entry
here.

All organisations are fictional. The complaint rules are real and cited (course brief §7).

Example:
    >>> profile("energy").final_response_weeks
    8
    >>> sorted(SECTORS)
    ['council', 'energy', 'insurance', 'retail', 'telecom']
    >>> profile("retail").assumptions.hourly_rate_gbp
    13.5
    >>> energy = profile("energy")
    >>> energy.rules_for("broadband service").ombudsman
    'Communications Ombudsman'
    >>> energy.rules_for("billing accuracy").ombudsman
    'Energy Ombudsman'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from csmlib.data.planning_assumptions import Assumptions
from csmlib.data.schema import CHANNELS

__all__ = ["CHANNELS", "ROUTES", "SECTORS", "ComplaintRules", "SectorProfile", "profile"]

#: How a customer takes a complaint the organisation has not resolved to the ombudsman:
#: "deadlock": after the weeks allowed, or sooner with a deadlock letter; "final response":
#: after the final response, or once the weeks allowed have passed without one; "own
#: procedure": once the organisation's own complaints procedure is complete.
ROUTES: tuple[str, ...] = ("deadlock", "final response", "own procedure")


@dataclass(frozen=True)
class ComplaintRules:
    """The complaint-handling rules for one line of business, with their sources.

    :meth:`summary` says in plain words which rules apply, how long the organisation has and
    where the customer may go next; :meth:`definition_sentence` says what counts as a
    complaint and where that definition comes from. Notebook 00 shows both for the
    organisation in use, and complaint descriptions threaten the right ombudsman with them.

    Example:
        >>> rules = profile("telecom").complaint_rules[0]
        >>> rules.regulator, rules.ombudsman, rules.final_response_weeks
        ('Ofcom', 'Communications Ombudsman', 8)
        >>> "8 weeks" in rules.summary() and "deadlock letter" in rules.summary()
        True
    """

    #: a short name for the rules ("energy", "broadband")
    key: str
    #: what they cover, in plain words ("gas and electricity")
    covers: str
    #: the rules, named so that a learner can look them up
    rules: str
    #: who sets or enforces them ("" when no regulator sets a complaint deadline)
    regulator: str
    #: the free, independent service that settles complaints the organisation has not resolved
    ombudsman: str
    #: weeks the organisation has before the customer may go to the ombudsman
    final_response_weeks: int
    #: one of :data:`ROUTES`
    route: str
    #: what counts as a complaint ("any expression of dissatisfaction … ")
    definition: str
    #: where the definition comes from
    definition_source: str
    #: what must be recorded, if the rules say ("" otherwise)
    recording: str = ""
    #: what the ombudsman is, when its name does not say ("" otherwise)
    ombudsman_note: str = ""
    #: any further rule worth knowing (a quick-resolution route, a time limit)
    note: str = ""
    #: how a customer names the regulator in a complaint ("I'll be reporting this to …")
    spoken_regulator: str = ""

    def __post_init__(self) -> None:
        if self.route not in ROUTES:
            raise ValueError(f"ComplaintRules {self.key!r}: route must be one of {ROUTES}, "
                             f"not {self.route!r}.")
        if self.final_response_weeks <= 0:
            raise ValueError(f"ComplaintRules {self.key!r}: final_response_weeks must be "
                             "a positive number of weeks.")

    def _ombudsman(self) -> str:
        note = f", {self.ombudsman_note}" if self.ombudsman_note else ""
        return f"the {self.ombudsman}{note}"

    def summary(self, which: str = "") -> str:
        """The rules in plain words: which apply, the time allowed and the next step.

        ``which`` (optional) says which complaints they are, in brackets after what the
        rules cover ("every complaint category except broadband service").

        Example:
            >>> rules = profile("insurance").complaint_rules[0]
            >>> rules.summary().startswith("Insurance complaints follow the FCA's")
            True
            >>> "Financial Ombudsman Service" in rules.summary()
            True
        """
        covers = (self.covers[:1].upper() + self.covers[1:] + " complaints"
                  + (f" ({which})" if which else ""))
        weeks = self.final_response_weeks
        if self.route == "own procedure":
            sentences = [f"{covers} go through {self.rules}, which allows up to "
                         f"{weeks} weeks in all.",
                         f"Once it is complete, the customer may take the complaint to "
                         f"{self._ombudsman()}."]
        else:
            enforced = (f", which {self.regulator} enforces"
                        if self.regulator and self.regulator not in self.rules else "")
            sentences = [f"{covers} follow {self.rules}{enforced}."]
            if self.route == "deadlock":
                sentences.append(
                    f"If a complaint is not resolved within {weeks} weeks, or sooner if the "
                    "customer is sent a deadlock letter (the organisation saying it can do no "
                    f"more), the customer may take it to {self._ombudsman()}.")
            else:
                sentences.append(
                    f"A final response is due within {weeks} weeks; after it, or once {weeks} "
                    f"weeks have passed without one, the customer may take the complaint to "
                    f"{self._ombudsman()}.")
        if self.note:
            sentences.append(self.note)
        return " ".join(sentences)

    def definition_sentence(self) -> str:
        """What counts as a complaint under these rules, with its source.

        Example:
            >>> sentence = profile("energy").complaint_rules[0].definition_sentence()
            >>> sentence.startswith("Under the Gas and Electricity (Consumer Complaints "
            ...                     "Handling Standards) Regulations 2008 (regulation 2)")
            True
            >>> "any expression of dissatisfaction" in sentence
            True
        """
        sentence = f"Under {self.definition_source}, a complaint is {self.definition}."
        return f"{sentence} {self.recording}" if self.recording else sentence


#: Energy (course brief §7): the Gas and Electricity (Consumer Complaints Handling Standards)
#: Regulations 2008 (SI 2008/1898): regulation 2 defines a complaint, regulation 4 requires
#: each to be recorded on receipt; after 8 weeks or a deadlock letter the customer may go to
#: the Energy Ombudsman.
ENERGY_RULES = ComplaintRules(
    key="energy", covers="gas and electricity",
    rules="the Gas and Electricity (Consumer Complaints Handling Standards) Regulations 2008",
    regulator="Ofgem", ombudsman="Energy Ombudsman", final_response_weeks=8, route="deadlock",
    definition=("any expression of dissatisfaction with the company's products or services, "
                "or with how it has dealt with an earlier complaint, where the customer "
                "expects a response, even one given there and then"),
    definition_source=("the Gas and Electricity (Consumer Complaints Handling Standards) "
                       "Regulations 2008 (regulation 2)"),
    recording=("Each one must be recorded when it is received (regulation 4), including one "
               "put right during the same call or chat: a customer who is unhappy and expects "
               "something done has made a complaint, whether or not they use the word."),
    spoken_regulator="Ofgem",
)


def _telecoms_rules(key: str, covers: str, who: str) -> ComplaintRules:
    """Ofcom's rules (course brief §7): General Condition C4 and its annex, the Approved
    Complaints Code; after 8 weeks or deadlock, an Ofcom-approved ADR scheme."""
    return ComplaintRules(
        key=key, covers=covers,
        rules=("Ofcom's General Conditions (condition C4: complaints handling and alternative "
               "dispute resolution)"),
        regulator="Ofcom", ombudsman="Communications Ombudsman", final_response_weeks=8,
        route="deadlock",
        definition=("any expression of dissatisfaction with the service, or with how a "
                    "complaint was handled, where a response or resolution is expected"),
        definition_source=("Ofcom's Approved Complaints Code (the annex to General "
                           "Condition C4)"),
        ombudsman_note=(f"the alternative dispute resolution (ADR) scheme {who} belongs to "
                        "(Ofcom approves two such schemes; the other is CISAS)"),
        spoken_regulator="Ofcom",
    )


#: ISO 10002:2018, 3.2 (course brief §7): the definition used where no regulation gives one.
_ISO_DEFINITION = ("an expression of dissatisfaction made to the organisation about its "
                   "products or services, or about how it handles complaints, where a "
                   "response or resolution is expected")


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
    #: channel -> mean handle time in seconds for a tenured agent (talk + hold + after-contact
    #: work). A chat's handle time runs from the agent's first reply to their last, while they
    #: juggle several chats at once (``Assumptions.chat_concurrency``, 3): about 1.2 times a
    #: call, so a chat takes longer than a call but uses well under half the agent time. An
    #: email takes less agent time than a call: replies are built from templates and worked in
    #: batches. Together these give the cost shape UK centres report (brief §7: a call costs
    #: about 57% more than an email and 83% more than a web chat).
    handle_mean_s: dict[str, float]
    #: complaint category -> share (Pareto-shaped; sums to 1)
    complaint_categories: dict[str, float]
    #: complaints per 1,000 contacts
    complaints_per_1000: float
    #: the complaint-handling rules that apply; the first covers every complaint category
    #: and contact reason that ``rules_by_topic`` does not send to another
    complaint_rules: tuple[ComplaintRules, ...]
    #: what a large unexpected spike is in this sector (for contingency planning)
    spike_event: str
    #: reason that the spike drives
    spike_reason: str
    #: customer segments -> (share, mean annual value in GBP)
    segments: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: what the organisation assumes when it plans (pay, on-costs, shrinkage, hours…)
    assumptions: Assumptions = field(default_factory=Assumptions)
    #: complaint category or contact reason -> key of the ``complaint_rules`` it falls under
    #: (only those not under the first rules)
    rules_by_topic: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.complaint_rules:
            raise ValueError(f"Sector {self.key!r}: complaint_rules needs at least one set "
                             "of rules.")
        keys = [rules.key for rules in self.complaint_rules]
        if len(set(keys)) != len(keys):
            raise ValueError(f"Sector {self.key!r}: complaint rules keys repeat: {keys}.")
        topics = set(self.complaint_categories) | set(self.reasons)
        unknown = sorted(set(self.rules_by_topic) - topics)
        if unknown:
            raise ValueError(f"Sector {self.key!r}: rules_by_topic names {unknown}, which "
                             "are neither complaint categories nor contact reasons.")
        wrong = sorted(set(self.rules_by_topic.values()) - set(keys))
        if wrong:
            raise ValueError(f"Sector {self.key!r}: rules_by_topic sends topics to {wrong}; "
                             f"the rules are {keys}.")

    # The organisation's main rules (the first): the ones most of its complaints fall under.
    @property
    def regulator(self) -> str:
        """The regulator of the main rules ("" if none sets a complaint deadline)."""
        return self.complaint_rules[0].regulator

    @property
    def ombudsman(self) -> str:
        """The ombudsman of the main rules; :meth:`rules_for` gives a category's own."""
        return self.complaint_rules[0].ombudsman

    @property
    def final_response_weeks(self) -> int:
        """Weeks allowed under the main rules; :meth:`rules_for` gives a category's own."""
        return self.complaint_rules[0].final_response_weeks

    def rules_for(self, topic: str) -> ComplaintRules:
        """The complaint rules a complaint category or a contact reason falls under.

        Example:
            >>> profile("energy").rules_for("broadband fault").regulator
            'Ofcom'
            >>> profile("energy").rules_for("smart meter").regulator
            'Ofgem'
        """
        name = str(topic)
        if name not in self.complaint_categories and name not in self.reasons:
            raise ValueError(
                f"{name!r} is neither a complaint category nor a contact reason of sector "
                f"{self.key!r}. Categories: {', '.join(self.complaint_categories)}.")
        key = self.rules_by_topic.get(name, self.complaint_rules[0].key)
        return next(rules for rules in self.complaint_rules if rules.key == key)

    def categories_under(self, rules: ComplaintRules) -> list[str]:
        """The complaint categories that fall under one set of this sector's rules.

        Example:
            >>> energy = profile("energy")
            >>> energy.categories_under(energy.complaint_rules[1])
            ['broadband service']
        """
        return [c for c in self.complaint_categories if self.rules_for(c).key == rules.key]


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
        handle_mean_s={"phone": 330, "email": 295, "chat": 405, "social": 300},
        complaint_categories={
            "billing accuracy": 0.32, "customer service": 0.18, "smart meter installation": 0.13,
            "payments and debt": 0.11, "switching and transfers": 0.09,
            "broadband service": 0.08, "supply interruption": 0.05, "metering": 0.04,
        },
        complaints_per_1000=4.5,
        complaint_rules=(ENERGY_RULES, _telecoms_rules("broadband", "broadband",
                                                       "Wrenfield")),
        rules_by_topic={"broadband service": "broadband", "broadband fault": "broadband"},
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
        handle_mean_s={"phone": 370, "email": 280, "chat": 450, "social": 300},
        complaint_categories={
            "faults and repairs": 0.30, "billing": 0.20, "customer service": 0.15,
            "contract and cancellation": 0.12, "installation delays": 0.10, "speeds": 0.08,
            "mis-selling": 0.05,
        },
        complaints_per_1000=5.0,
        complaint_rules=(_telecoms_rules("telecoms", "broadband, landline and mobile",
                                         "Larkmoor"),),
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
        handle_mean_s={"phone": 270, "email": 210, "chat": 325, "social": 240},
        complaint_categories={
            "late or missing delivery": 0.34, "damaged goods": 0.18, "refund delays": 0.14,
            "customer service": 0.12, "product quality": 0.10, "pricing": 0.07,
            "website and ordering": 0.05,
        },
        complaints_per_1000=3.5,
        complaint_rules=(ComplaintRules(
            key="retail", covers="order, delivery and product",
            rules=("the company's own complaints procedure (no regulator sets a deadline for "
                   "a retailer's complaints; consumer law, enforced by Trading Standards, sets "
                   "the customer's rights)"),
            regulator="", ombudsman="Retail ADR scheme", final_response_weeks=8,
            route="deadlock", definition=_ISO_DEFINITION,
            definition_source=("ISO 10002:2018, the complaints-handling standard the company "
                               "follows"),
            ombudsman_note=("an independent alternative dispute resolution (ADR) service "
                            "the company has chosen to join (ADR is voluntary for most "
                            "retailers)"),
            spoken_regulator="Trading Standards"),),
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
        handle_mean_s={"phone": 360, "email": 335, "chat": 440, "social": 300},
        complaint_categories={
            "missed bin collections": 0.30, "housing repairs": 0.22, "council tax": 0.12,
            "staff conduct": 0.11, "parking enforcement": 0.10, "planning decisions": 0.09,
            "noise and nuisance": 0.06,
        },
        complaints_per_1000=4.0,
        complaint_rules=(ComplaintRules(
            key="council", covers="council service",
            rules="the council's own complaints procedure", regulator="",
            ombudsman="Local Government and Social Care Ombudsman", final_response_weeks=12,
            route="own procedure", definition=_ISO_DEFINITION,
            definition_source=("ISO 10002:2018, the complaints-handling standard the council "
                               "follows"),
            spoken_regulator="my local councillor"),),
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
        handle_mean_s={"phone": 350, "email": 315, "chat": 425, "social": 300},
        complaint_categories={
            "claim delays": 0.33, "claim decisions": 0.20, "renewal pricing": 0.14,
            "customer service": 0.12, "repairs quality": 0.10, "policy wording": 0.06,
            "cancellation fees": 0.05,
        },
        complaints_per_1000=4.0,
        complaint_rules=(ComplaintRules(
            key="financial", covers="insurance",
            rules="the FCA's complaint-handling rules (DISP 1.5 and 1.6)", regulator="FCA",
            ombudsman="Financial Ombudsman Service", final_response_weeks=8,
            route="final response",
            definition=("any oral or written expression of dissatisfaction, whether justified "
                        "or not, about the service, which says the customer has suffered (or "
                        "may suffer) financial loss, material distress or material "
                        "inconvenience"),
            definition_source="the FCA Handbook's glossary, which DISP uses",
            note=("A complaint resolved by the close of the third business day after it "
                  "arrives may be closed with a summary resolution communication (DISP 1.5). "
                  "The customer has 6 months from the final response to go to the "
                  "ombudsman."),
            spoken_regulator="the FCA"),),
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
