"""Customer-centric or generic management? Decision cards for criterion 1.3.

Each :class:`DecisionCard` is a decision a contact-centre manager faces ("cut the handle-time
target by 30 seconds", "close the phone line on Sundays"). It offers three or four
:class:`Response` options, from the generic (manage the numbers, the cost, the rule) to the
customer-centric (start from what the customer needs and what keeping them is worth). Each
response says what it does to the **customer** and to the **business** (retention, cost,
reputation); exactly one is the response a customer-centric manager picks, and the card says
why.

The options are listed in a mixed order, so the position of an option never gives the
answer away. Each card names an ``evidence_key``: a figure the lesson computes from the
organisation's data (see :data:`EVIDENCE_KEYS` for what its sentence should say); the widget
(:class:`csmlib.ui.decision_cards.DecisionCards`) shows that sentence with the feedback, so
the judgement rests on this organisation's data as well as on principle.

Example:
    >>> card = CARDS[0]
    >>> card.title
    'Cut the phone handle-time target by 30 seconds'
    >>> card.best_response.approach
    'customer-centric'
    >>> judge(card, card.best).customer_centric
    True
    >>> sorted({c.evidence_key for c in CARDS}) == sorted(EVIDENCE_KEYS)
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

__all__ = ["APPROACHES", "CARDS", "CUSTOMER_CENTRIC", "EVIDENCE_KEYS", "Judgement",
           "DecisionCard", "Response", "card", "cards_frame", "judge", "missing_evidence"]

#: How a response manages, from generic to customer-centric.
APPROACHES: tuple[str, ...] = ("generic", "partly customer-centric", "customer-centric")
CUSTOMER_CENTRIC = "customer-centric"

#: What each card's evidence sentence should say; the lesson computes it from the data and
#: passes it to the widget as ``evidence[key]``. Numbers come from the active data, never
#: from here.
EVIDENCE_KEYS: dict[str, str] = {
    "fcr_vs_handle_time": (
        "First contact resolution (not contacted again within 7 days) of the phone calls with "
        "the shortest handle times (e.g. the shortest fifth) beside the longest fifth, and "
        "what each repeat contact costs; say plainly whether shorter calls were resolved "
        "less often or about as often."),
    "cost_per_contact_by_channel": (
        "The cost of a phone call, an email and a chat from this organisation's figures, and "
        "the share of contacts that come by phone (and, if the data has it, on Sundays)."),
    "empathy_comments": (
        "From csmlib.analysis.expectations.dimension_summary: how many comments are about "
        "staff attitude (empathy), the share of them from unhappy customers (CSAT 1–2) "
        "beside the share for all mapped comments, and its example comment."),
    "churn_after_complaint_outcome": (
        "Churn of customers whose complaint was upheld, not upheld and still open, beside "
        "customers with no complaint (a ratio, e.g. 'twice as often')."),
    "repeat_contacts_cost": (
        "The share of contacts that were followed by another within 7 days, how many "
        "contacts that is in the period, and what they cost at the cost per contact."),
    "csat_by_wait": (
        "CSAT (top-2-box) of phone and chat contacts answered within a minute beside those "
        "who waited over 5 or 10 minutes, and how many waited that long."),
    "service_level_against_standard": (
        "Each channel's service level against its standard (phone 80% in 20 s, email 95% "
        "within 24 hours, ...): which standards are met now and which are not."),
    "revenue_at_risk": (
        "Churn of customers with a low CSAT (1–2) beside those with a 5, and the annual "
        "revenue at risk from the difference (annual value × churn difference)."),
}


@dataclass(frozen=True)
class Response:
    """One option on a card: what the manager ``does``, its ``approach`` (one of
    :data:`APPROACHES`), and its effect on the customer and on the business."""

    does: str
    approach: str
    customer_effect: str
    business_effect: str

    def __post_init__(self) -> None:
        if self.approach not in APPROACHES:
            raise ValueError(f"Response {self.does[:40]!r}: approach must be one of "
                             f"{', '.join(APPROACHES)}; got {self.approach!r}.")
        for name in ("does", "customer_effect", "business_effect"):
            if not str(getattr(self, name)).strip():
                raise ValueError(f"Response {self.does[:40]!r}: {name} is empty.")

    @property
    def customer_centric(self) -> bool:
        """Whether this is the customer-centric response."""
        return self.approach == CUSTOMER_CENTRIC


@dataclass(frozen=True)
class DecisionCard:
    """A decision a manager faces: the ``situation``, the ``responses`` to choose from, why
    the customer-centric one is better (``why``), the ``principle`` behind it (a line for
    the learner's service strategy on a page), and the ``evidence_key`` of the figure the
    lesson computes for it."""

    key: str
    title: str
    situation: str
    responses: tuple[Response, ...]
    why: str
    principle: str
    evidence_key: str

    def __post_init__(self) -> None:
        if not 3 <= len(self.responses) <= 4:
            raise ValueError(f"Card {self.key}: give 3 or 4 responses, not "
                             f"{len(self.responses)}.")
        best = [r for r in self.responses if r.customer_centric]
        if len(best) != 1:
            raise ValueError(f"Card {self.key}: exactly one response must be customer-centric "
                             f"({len(best)} are).")
        if self.evidence_key not in EVIDENCE_KEYS:
            raise ValueError(f"Card {self.key}: unknown evidence_key {self.evidence_key!r}; "
                             f"use one of {', '.join(EVIDENCE_KEYS)}.")

    @property
    def best(self) -> int:
        """The position (from 0) of the customer-centric response."""
        return next(i for i, r in enumerate(self.responses) if r.customer_centric)

    @property
    def best_response(self) -> Response:
        """The customer-centric response."""
        return self.responses[self.best]


@dataclass(frozen=True)
class Judgement:
    """The feedback on a choice: the response chosen, whether it is the customer-centric
    one, and the customer-centric response with the reason."""

    card: DecisionCard
    chosen: int
    response: Response
    customer_centric: bool

    @property
    def verdict(self) -> str:
        """One line: how the chosen response manages.

        Example:
            >>> judge(CARDS[0], CARDS[0].best).verdict
            'Customer-centric: the choice a customer-centric manager makes.'
        """
        if self.customer_centric:
            return "Customer-centric: the choice a customer-centric manager makes."
        if self.response.approach == "generic":
            return "Generic management: it manages the number, not the customer."
        return "Partly customer-centric: a step towards the customer, but not the best one."


def _r(does: str, approach: str, customer: str, business: str) -> Response:
    return Response(does, approach, customer, business)


G, P, C = APPROACHES

CARDS: tuple[DecisionCard, ...] = (
    DecisionCard(
        "aht-target", "Cut the phone handle-time target by 30 seconds",
        "The finance director wants the phone AHT target 30 seconds lower next quarter: "
        "fewer agent minutes per call means fewer agents. What do you do?",
        (
            _r("Cut the target by 30 seconds for every agent and put it on the weekly league "
               "table, so progress is visible to everyone.", G,
               "Agents hurry customers off the phone; problems are left half-solved and "
               "customers call back.",
               "Looks cheaper on paper, but repeat calls, complaints and churn eat the "
               "saving; agents game the measure (transfers, early hang-ups)."),
            _r("Find out why calls run long (transfers, hold, system delays), remove what "
               "wastes the customer's time, and report FCR and CSAT beside AHT.", C,
               "Calls get shorter because the customer's problem is solved faster, not "
               "because they are rushed.",
               "Lasting savings from fewer repeats and less rework; handle time falls "
               "without hurting retention or reputation."),
            _r("Cut the target only for new starters, whose calls are longest, and pair each "
               "with a buddy who shows them how to finish calls faster.", G,
               "Customers who reach a new starter are rushed by the least experienced "
               "adviser.",
               "Small saving; new starters learn to close calls rather than solve "
               "problems, which drives up attrition and repeats."),
            _r("Keep the target as it is and tell finance that a shorter target would rush "
               "customers, so the saving cannot be made.", P,
               "Nothing changes for customers, good or bad.",
               "No saving, and the cost question is left unanswered: finance may impose "
               "the cut anyway."),
        ),
        "Handle time is a cost of serving, not a measure of service. Taking the waste out "
        "of the customer's journey lowers it for good; a target that rushes people moves "
        "the cost into repeat contacts and lost customers.",
        "We judge handle time beside first contact resolution, and cut it by removing "
        "waste, never by rushing customers.",
        "fcr_vs_handle_time"),
    DecisionCard(
        "sunday-phones", "Close the phone line on Sundays and go digital only",
        "Sunday calls are few and costly to staff. The board asks you to close the phone "
        "line on Sundays and point customers to chat, email and the app. What do you do?",
        (
            _r("Close the line from next month, play a recorded message pointing callers to "
               "chat, email and the app, and take Sunday shifts off the rota.", G,
               "Customers who cannot or will not use digital (older, vulnerable, in a "
               "crisis such as no power) are shut out for a day.",
               "Saves Sunday staff cost; risks complaints, regulator attention for "
               "vulnerable customers, and calls piling into Monday's peak."),
            _r("See who calls on Sundays and why; keep a small line for urgent and vulnerable "
               "callers; make digital work for the rest first.", C,
               "Customers who need a voice still get one; others find digital routes that "
               "actually solve their problem.",
               "Most of the saving, without losing the customers the change would hurt "
               "most, and without a Monday backlog."),
            _r("Keep the Sunday line open exactly as now, whatever it costs, because some "
               "customers can only reach us by phone.", P,
               "No change for customers.",
               "The cost stays, and money that could improve the channels customers use "
               "most is spent on a quiet line."),
        ),
        "Channel choices start from who the customers are and what they need, then the "
        "cost. Cheaper channels only save money if they solve the problem; otherwise "
        "customers call anyway, later and angrier.",
        "We move customers to cheaper channels only when those channels solve their "
        "problem, and we keep a route for those who need a person.",
        "cost_per_contact_by_channel"),
    DecisionCard(
        "scripts", "Script every call word for word",
        "After a run of complaints about wrong information, a director suggests every "
        "call follows a word-for-word script. What do you do?",
        (
            _r("Script every call word for word, check recordings for compliance, and mark "
               "agents down for any deviation from the approved wording.", G,
               "Customers feel they are talking to a machine; unusual or emotional "
               "situations are handled badly.",
               "Consistent wording, but lower satisfaction and engagement; complaints about "
               "staff attitude rise."),
            _r("Script only what must be exact (data protection, regulated wording, key "
               "facts); coach agents to use their own words for the rest.", C,
               "Accurate information, from someone who listens and responds to them.",
               "Fewer errors and compliance risks while keeping empathy: fewer complaints "
               "and better retention."),
            _r("Drop the scripts and let each agent answer in their own way, trusting the "
               "experience they have built up with customers over the years.", G,
               "Warm but unreliable: customers get different answers to the same "
               "question.",
               "Errors, complaints and compliance risk continue."),
            _r("Give agents a searchable knowledge base of correct, approved answers, but no "
               "guidance or coaching on tone and listening.", P,
               "Better information; the conversation is no warmer.",
               "Fewer errors; empathy left to chance."),
        ),
        "Customers want both assurance (the right answer) and empathy (being listened "
        "to). Scripts can guarantee the first only by sacrificing the second; a customer-"
        "centric manager scripts only what must be exact.",
        "We make the facts exact and leave the conversation human.",
        "empathy_comments"),
    DecisionCard(
        "refund-authority", "Let agents refund up to £50 without approval",
        "Small goodwill payments need a team leader's sign-off, which takes days. An "
        "agent suggests front-line staff may refund up to £50 on the spot. What do you do?",
        (
            _r("Refuse: keep a team leader's sign-off on every payment, because it controls "
               "cost, stops fraud and keeps refunds consistent.", G,
               "Customers wait days for a small put-right and often chase it.",
               "Tight control of small sums, paid for in repeat contacts, complaints and "
               "customers who leave."),
            _r("Allow it with clear guidance on when to refund, a record of every payment, "
               "and a monthly check by agent and reason.", C,
               "The problem is put right on the first contact, by the person who heard it.",
               "A small, visible cost; fewer repeats and escalations, and complaints "
               "resolved in a way that keeps customers."),
            _r("Allow it, but only up to £5, so agents can make a quick gesture while larger "
               "sums still go to a team leader.", P,
               "Some customers get a quick gesture; most problems still need approval.",
               "Little saving on approvals; agents feel trusted only a little."),
        ),
        "How a complaint ends matters more than the fact it happened: customers whose "
        "complaint is put right quickly can stay as loyal as those who never complained. "
        "Giving agents the authority to put things right is cheaper than losing the "
        "customer.",
        "We give front-line staff the authority to put things right on the first contact, "
        "and check how they use it.",
        "churn_after_complaint_outcome"),
    DecisionCard(
        "calls-per-hour", "Measure agents on calls per hour",
        "A new productivity report ranks agents by calls handled per hour. Your manager "
        "wants it to drive the bonus. What do you do?",
        (
            _r("Put it in the bonus: the agents at the top of the calls-per-hour table get "
               "paid more, and the table goes up every week.", G,
               "Customers get rushed, transferred or cut off; problems come back.",
               "More calls per hour today, and more calls tomorrow as repeats; quality and "
               "morale fall."),
            _r("Judge each agent on a balanced set (resolution, quality, customer feedback, "
               "adherence), using calls per hour only as coaching context.", C,
               "Agents are rewarded for solving problems, so customers are helped "
               "properly first time.",
               "Fewer repeat contacts, steadier quality and lower attrition; productivity "
               "rises where it is real."),
            _r("Use calls per hour for the bonus, but take out outliers and allow for call "
               "type, so the comparison between agents is fair.", G,
               "Still rushed: the incentive is the same.",
               "A fairer league table of the wrong thing."),
            _r("Drop all individual measures so agents are not under pressure, and report "
               "only the whole team's results each month.", P,
               "Agents may take more time, but nothing shows who needs help.",
               "No pressure to rush, but no way to coach or to spot problems early."),
        ),
        "What you reward is what you get. A single productivity measure rewards speed over "
        "solving the problem; repeat contacts then cost more than the time saved. A "
        "balanced set keeps the customer in the measure.",
        "We reward agents for resolving customers' problems, judged on a balanced set of "
        "measures, never on volume alone.",
        "repeat_contacts_cost"),
    DecisionCard(
        "callback", "Offer a call back at busy times",
        "Monday mornings the queue runs long and many callers give up. The telephony "
        "supplier offers a 'we'll call you back' option. What do you do?",
        (
            _r("Leave it: callers who really need us will wait, and the supplier's option "
               "would be one more monthly cost.", G,
               "Long waits, frustration and abandoned calls; angry customers when they "
               "get through.",
               "No spend, but lower satisfaction, more complaints and repeat calls; the "
               "long waits are also the most likely to lose customers."),
            _r("Offer the call back with an honest time, plan staff to make the calls, and "
               "check that promised times are met.", C,
               "Customers keep their place without waiting on hold, and are called when "
               "promised.",
               "Fewer abandoned and repeat calls, smoother workload across the morning, "
               "better satisfaction."),
            _r("Offer call backs to everyone who queues, but make them only when the queue "
               "goes quiet, so no extra staff are needed.", P,
               "Customers are promised a call and wait hours for it.",
               "A broken promise: complaints about call backs replace complaints about "
               "queues."),
        ),
        "Waiting is one of the strongest drivers of dissatisfaction. A call back respects "
        "the customer's time, but only if the promise is kept: a broken promise does more "
        "harm than the wait.",
        "We respect customers' time: we tell them how long they will wait and keep every "
        "promise of a call back.",
        "csat_by_wait"),
    DecisionCard(
        "publish-standards", "Publish your service standards to customers",
        "Marketing wants to put 'We answer in 20 seconds and reply to emails within a day' "
        "on the website. What do you do?",
        (
            _r("Publish the most impressive standards you can, beating the competitors' "
               "promises, so the website wins customers who compare providers.", G,
               "Customers expect a promise you do not keep; each miss feels like a broken "
               "promise.",
               "A short-term marketing gain, then complaints and lost trust when the "
               "standards are missed."),
            _r("Publish standards you meet now (from the data), report performance against "
               "them openly, and raise them as you improve.", C,
               "Customers know what to expect, and it happens.",
               "Trust and reputation grow; publishing puts healthy pressure on the "
               "operation to keep its promises."),
            _r("Do not publish any standards: they only create expectations, and a single "
               "public miss could end up on social media.", G,
               "Customers do not know what to expect, so any wait feels too long.",
               "No risk of a public miss, and no credit for good service."),
        ),
        "Customers judge service against what they expected. Promising what you deliver, "
        "and then delivering it, builds reliability and trust; over-promising does the "
        "opposite.",
        "We promise customers only what we deliver, tell them openly how we are doing, "
        "and raise the promise as we improve.",
        "service_level_against_standard"),
    DecisionCard(
        "offshore", "Move the back office offshore",
        "A supplier offers to handle billing corrections and account changes offshore for "
        "40% less. What do you do?",
        (
            _r("Sign a three-year contract: the 40% saving is guaranteed in writing, and the "
               "work is routine processing that any trained team could do just as well.", G,
               "Hand-offs and a longer chain; errors and delays in billing corrections, "
               "the work that most upsets customers.",
               "A visible saving, put at risk by repeats, complaints and lost customers "
               "that do not appear in the supplier's price."),
            _r("Map which work affects customers, weigh the saving against the value of "
               "customers at risk, pilot with quality standards in the contract before "
               "deciding.", C,
               "The work that matters to customers keeps its quality wherever it is done.",
               "The saving is taken only where it does not cost more in lost customers; "
               "the decision rests on evidence."),
            _r("Refuse: offshoring always harms service, so tell the supplier no and keep "
               "billing and account changes in-house, whatever the price.", P,
               "Nothing changes for customers.",
               "A possible saving is lost without looking at the evidence; a generic rule "
               "replaces a judgement."),
        ),
        "Cost decisions are customer decisions when the work touches customers. A saving "
        "is real only after subtracting the value of the customers it puts at risk.",
        "We weigh every saving against the value of the customers it puts at risk, and "
        "test changes before we make them.",
        "revenue_at_risk"),
)

#: The order each card's options are shown in (positions in the card as written above), so
#: the customer-centric option is not always in the same place.
_SHOWN_ORDER: dict[str, tuple[int, ...]] = {
    "sunday-phones": (0, 2, 1), "scripts": (0, 2, 3, 1), "refund-authority": (1, 0, 2),
    "calls-per-hour": (0, 2, 1, 3), "callback": (1, 2, 0), "publish-standards": (0, 2, 1),
    "offshore": (2, 1, 0),
}
CARDS = tuple(replace(c, responses=tuple(c.responses[i] for i in _SHOWN_ORDER[c.key]))
              if c.key in _SHOWN_ORDER else c for c in CARDS)


def card(key: str) -> DecisionCard:
    """The card called ``key``.

    Example:
        >>> card("callback").evidence_key
        'csat_by_wait'
        >>> card("nope")
        Traceback (most recent call last):
        ...
        ValueError: no decision card 'nope'; the cards are aht-target, sunday-phones, \
scripts, refund-authority, calls-per-hour, callback, publish-standards, offshore.
    """
    for entry in CARDS:
        if entry.key == key:
            return entry
    raise ValueError(f"no decision card {key!r}; the cards are "
                     f"{', '.join(c.key for c in CARDS)}.")


def judge(decision: DecisionCard, chosen: int) -> Judgement:
    """The feedback on choosing response ``chosen`` (from 0) on ``decision``.

    Example:
        >>> judge(card("scripts"), 0).verdict
        'Generic management: it manages the number, not the customer.'
        >>> judge(card("scripts"), 7)
        Traceback (most recent call last):
        ...
        ValueError: chosen must be 0 to 3 for card 'scripts', not 7.
    """
    if not isinstance(decision, DecisionCard):
        raise ValueError(f"decision must be a DecisionCard; got {type(decision).__name__}.")
    if isinstance(chosen, bool) or not isinstance(chosen, int) \
            or not 0 <= chosen < len(decision.responses):
        raise ValueError(f"chosen must be 0 to {len(decision.responses) - 1} for card "
                         f"{decision.key!r}, not {chosen!r}.")
    response = decision.responses[chosen]
    return Judgement(decision, chosen, response, response.customer_centric)


def missing_evidence(evidence: object, cards: Sequence[DecisionCard] = CARDS) -> list[str]:
    """The evidence keys the cards need that ``evidence`` (a mapping) lacks or leaves
    empty.

    Example:
        >>> missing_evidence({"csat_by_wait": "Long waits..."}, [card("callback")])
        []
        >>> missing_evidence({}, [card("callback")])
        ['csat_by_wait']
    """
    found = evidence if hasattr(evidence, "get") else {}
    return [c.evidence_key for c in cards
            if not str(found.get(c.evidence_key, "") or "").strip()]  # type: ignore[union-attr]


def cards_frame(cards: Sequence[DecisionCard] = CARDS) -> pd.DataFrame:
    """The decisions as a table, without answers: key, title, situation and the options
    in the order shown.

    Example:
        >>> list(cards_frame().columns)
        ['key', 'title', 'situation', 'options']
        >>> "customer-centric" in cards_frame().to_string()
        False
    """
    return pd.DataFrame({
        "key": [c.key for c in cards],
        "title": [c.title for c in cards],
        "situation": [c.situation for c in cards],
        "options": [" / ".join(f"{chr(65 + i)}) {r.does}" for i, r in enumerate(c.responses))
                    for c in cards],
    })
