"""The customer-service competency framework, and the people-leadership models, as data
(criteria 4.1–4.3).

* :data:`FRAMEWORK`: seven competencies of a contact-centre agent (empathy, ownership, clear
  communication, problem solving, resilience, product and policy knowledge, compliance). Each
  has a definition, observable behaviours at three levels (*developing*, *competent*,
  *strong*), behavioural interview questions that probe it, and where it shows in the data
  (a QA item of ``qa_evaluations`` or a KPI). The same framework links recruitment (the
  interview questions), training needs (the QA items) and coaching (the indicators).
* :data:`GROW`: Whitmore's coaching model (Goal, Reality, Options, Will) with prompts.
* :data:`SBI`: the Situation–Behaviour–Impact feedback model, with an example.
* :data:`DELEGATION_TASKS` and :data:`SKILL_WILL`: team-leader tasks with the skill and the
  will they need, and Landsberg's skill/will matrix (direct, guide, excite, delegate).
* :data:`WELLBEING`: wellbeing and health-and-safety duties of a contact-centre manager.

Every item names its source (``source``). The framework itself is the course's own,
illustrative one: an organisation writes its own, in the same shape.

Example:
    >>> competency("empathy").shows_in
    ('empathy', 'CSAT')
    >>> list(framework_table().columns)[:3]
    ['competency', 'definition', 'developing']
    >>> approach("high", "low").name
    'Excite'
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = [
    "DELEGATION_TASKS", "FRAMEWORK", "GROW", "INTERVIEWED", "KPIS", "LEVELS", "QA_ITEMS",
    "SBI", "SKILL_WILL", "WELLBEING", "Competency", "DelegationTask", "Duty",
    "FeedbackModel", "GrowStage", "Style", "approach", "competency", "delegation_table",
    "framework_table", "grow_stage", "skill_will_table", "wellbeing_table",
]

#: The three levels of every competency, lowest first.
LEVELS: tuple[str, ...] = ("developing", "competent", "strong")
#: The QA items scored in ``qa_evaluations`` (``<item>_score``, 1–5).
QA_ITEMS: tuple[str, ...] = ("greeting", "understanding_need", "accuracy", "empathy",
                             "resolution", "compliance")
#: The KPIs a competency can show in (each the start of a KPI's name in the course's KPI
#: catalogue, ``csmlib.analysis.kpis.KPI_CATALOGUE``).
KPIS: tuple[str, ...] = ("CSAT", "NPS", "CES", "FCR", "AHT", "QA score", "Schedule adherence",
                         "Complaints per 1,000 contacts", "Absence", "Attrition")

_FRAMEWORK_SOURCE = (
    "The course's illustrative framework, written for this course; indicators are observable "
    "behaviours at each level, in the manner of behaviourally anchored rating scales (Smith & "
    "Kendall, Journal of Applied Psychology 47(2), 1963); the questions ask for past behaviour "
    "(Janz, Journal of Applied Psychology 67(5), 1982), answered in the STAR shape: "
    "situation, task, action, result.")


@dataclass(frozen=True)
class Competency:
    """One competency: what it is, how it looks at each level, how to probe it at interview,
    and where it shows in the data (QA items from :data:`QA_ITEMS`, KPIs from :data:`KPIS`).

    ``interviewed`` is True for the five competencies the organisation's two interviewers
    score (the ``candidates`` table has ``interviewer_1_<key>`` and ``interviewer_2_<key>``).

    Example:
        >>> c = competency("ownership")
        >>> c.level("strong").startswith("Spots")
        True
    """

    key: str
    name: str
    definition: str
    developing: str
    competent: str
    strong: str
    questions: tuple[str, ...]
    shows_in: tuple[str, ...]
    interviewed: bool
    source: str = _FRAMEWORK_SOURCE

    def level(self, level: str) -> str:
        """The behaviours at ``level`` (``"developing"``, ``"competent"`` or ``"strong"``)."""
        if level not in LEVELS:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}; got {level!r}.")
        return str(getattr(self, level))

    @property
    def levels(self) -> dict[str, str]:
        """The behaviours at each level, lowest first."""
        return {level: self.level(level) for level in LEVELS}


FRAMEWORK: tuple[Competency, ...] = (
    Competency(
        "empathy", "Empathy",
        "Understands how the customer feels and shows it, so the customer feels heard.",
        "Follows the script; moves to the facts before acknowledging how the customer feels; "
        "sometimes talks over an upset customer.",
        "Names the customer's feeling in their own words (\"that's a worry with a new baby at "
        "home\"), slows down for an upset customer and lets them finish.",
        "Adapts tone and pace to each customer; notices signs of vulnerability and offers "
        "extra help without being asked; calms angry customers and is asked to help others.",
        ("Tell me about a time a customer was upset with you or your organisation. What did "
         "you say first, and what happened?",
         "Describe a time you noticed someone needed more help than they asked for. How did "
         "you notice, and what did you do?"),
        ("empathy", "CSAT"), interviewed=True),
    Competency(
        "ownership", "Ownership",
        "Takes responsibility for the customer's problem until it is solved or properly "
        "handed on.",
        "Passes problems to other teams (\"you'll need to call billing\"); promises callbacks "
        "that are not logged.",
        "Says \"I will…\", logs every promise with a date and keeps it; hands over with the "
        "full story so the customer need not repeat it.",
        "Spots the cause behind repeated contacts and fixes it or raises it; follows up "
        "without being asked; colleagues bring their stuck cases to them.",
        ("Tell me about a time you took responsibility for a problem that was not your fault. "
         "What did you do, and how did it end?",
         "Describe a promise you made to a customer or colleague that was hard to keep. What "
         "did you do?"),
        ("resolution", "FCR"), interviewed=True),
    Competency(
        "communication", "Clear communication",
        "Explains clearly, in plain words, and checks the customer has understood; asks the "
        "questions that find the real need.",
        "Uses jargon and internal terms; asks few questions, so misses what the customer "
        "needs; emails need a second reply to be understood.",
        "Opens warmly, asks open then closed questions to find the need, explains in plain "
        "words and checks understanding before closing.",
        "Writes and speaks so clearly that customers rarely contact again to ask what was "
        "meant; adapts for customers with additional needs (large print, slower pace).",
        ("Tell me about a time you had to explain something complicated to someone who was "
         "confused. How did you know they had understood?",
         "Describe a time a misunderstanding caused a problem. What did you do to put it "
         "right?"),
        ("greeting", "understanding_need", "CES"), interviewed=True),
    Competency(
        "problem_solving", "Problem solving",
        "Finds the cause of the customer's problem and a workable solution within policy.",
        "Deals with the symptom (refunds the charge) but not the cause; needs help with "
        "anything outside the usual process.",
        "Asks questions to find the cause, uses the knowledge base and systems to fix it in "
        "the contact, and sets clear next steps when it cannot be fixed at once.",
        "Solves unusual cases without escalation; suggests process changes that stop the "
        "same problem recurring, backed by examples.",
        ("Tell me about the most difficult problem you solved for a customer. How did you "
         "find the cause?",
         "Describe a time the usual process did not fit a customer's situation. What did you "
         "do?"),
        ("resolution", "understanding_need", "FCR"), interviewed=True),
    Competency(
        "resilience", "Resilience",
        "Stays calm and professional under pressure, recovers after a difficult contact, and "
        "asks for support when needed.",
        "Carries a difficult call into the next one; absence or schedule adherence slips in "
        "busy weeks; takes criticism personally.",
        "Stays calm with an angry customer, takes a short reset when needed and is back "
        "on time; uses feedback to improve.",
        "Stays steady in peaks and changes, supports colleagues after hard calls, and raises "
        "pressure points early with the team leader.",
        ("Tell me about a time you were under a lot of pressure at work. What did you do to "
         "keep going, and what would you do differently?",
         "Describe the most difficult conversation you have had with a customer or member of "
         "the public. How did you feel afterwards, and what did you do?"),
        ("Schedule adherence", "Absence"), interviewed=True),
    Competency(
        "product_knowledge", "Product and policy knowledge",
        "Knows the products, tariffs, prices and policies well enough to give the right "
        "answer first time.",
        "Needs to check most answers or transfer; sometimes gives out-of-date information.",
        "Gives correct information and actions, uses the knowledge base quickly, and says "
        "when they need to check.",
        "Is the team's go-to person for a product area; spots errors in the knowledge base "
        "and gets them corrected.",
        ("Tell me about a time you had to learn a lot of new information quickly. How did you "
         "go about it?",),
        ("accuracy", "AHT", "FCR"), interviewed=False),
    Competency(
        "compliance", "Compliance",
        "Follows the rules that protect customers and the organisation: data protection, "
        "identity checks, vulnerable customers, complaints procedures.",
        "Misses identity checks or notes when busy; unsure when a contact is a complaint.",
        "Completes every required check and note; records complaints and vulnerability "
        "(with consent) correctly.",
        "Explains the reason for a rule to customers and colleagues; spots and reports risks "
        "such as a data breach or an unrecorded complaint.",
        ("Tell me about a time you had to follow a rule a customer did not like. How did you "
         "explain it?",),
        ("compliance", "Complaints per 1,000 contacts"), interviewed=False),
)

#: The five competencies scored at interview (columns of the ``candidates`` table).
INTERVIEWED: tuple[str, ...] = tuple(c.key for c in FRAMEWORK if c.interviewed)

_BY_KEY = {c.key: c for c in FRAMEWORK}


def competency(key: str) -> Competency:
    """The competency called ``key`` (e.g. ``"empathy"``).

    Example:
        >>> competency("resilience").name
        'Resilience'
        >>> competency("charm")
        Traceback (most recent call last):
        ...
        ValueError: No competency 'charm': use one of empathy, ownership, communication, \
problem_solving, resilience, product_knowledge, compliance.
    """
    try:
        return _BY_KEY[key]
    except (KeyError, TypeError):
        raise ValueError(f"No competency {key!r}: use one of {', '.join(_BY_KEY)}.") from None


def _shows_in(c: Competency) -> str:
    qa = [item.replace("_", " ") for item in c.shows_in if item in QA_ITEMS]
    kpis = [item for item in c.shows_in if item not in QA_ITEMS]
    words = ([f"QA: {', '.join(qa)}"] if qa else []) + ([f"KPI: {', '.join(kpis)}"]
                                                          if kpis else [])
    return "; ".join(words)


def framework_table() -> pd.DataFrame:
    """The framework as a table: one row per competency, the three levels, the first
    interview question and where it shows in the data.

    Example:
        >>> t = framework_table()
        >>> len(t), t.loc[t["key"] == "empathy", "shows_in"].item()
        (7, 'QA: empathy; KPI: CSAT')
    """
    return pd.DataFrame([{
        "key": c.key, "competency": c.name, "definition": c.definition,
        "developing": c.developing, "competent": c.competent, "strong": c.strong,
        "interview_question": c.questions[0], "shows_in": _shows_in(c),
        "interviewed": c.interviewed} for c in FRAMEWORK],
        columns=["competency", "definition", "developing", "competent", "strong",
                 "interview_question", "shows_in", "interviewed", "key"])


# --------------------------------------------------------------------------- coaching
_GROW_SOURCE = "Whitmore, J., Coaching for Performance (1992): the GROW model."


@dataclass(frozen=True)
class GrowStage:
    """One stage of GROW: its letter's word, what it is for, and questions to ask."""

    key: str
    name: str
    purpose: str
    prompts: tuple[str, ...]
    source: str = _GROW_SOURCE


GROW: tuple[GrowStage, ...] = (
    GrowStage("goal", "Goal",
              "Agree what the agent wants to achieve: specific, measurable, in their words.",
              ("What would you like to be different in your calls a month from now?",
               "How will you, and your customers, know you have got there?",
               "Which number or QA item would show it?")),
    GrowStage("reality", "Reality",
              "Look at where things are now, from the agent's own data and their view of it.",
              ("What does your scorecard say, and does it match how it feels?",
               "Which recent contact went well, and which did not? What was different?",
               "What have you tried so far, and what happened?")),
    GrowStage("options", "Options",
              "Let the agent find several ways forward before choosing; add yours last.",
              ("What could you do? What else?",
               "Who in the team does this well, and what could you learn from them?",
               "What would you do if you had no constraints?")),
    GrowStage("will", "Will (way forward)",
              "Agree what the agent will do, by when, the support they need and when you "
              "will review it together.",
              ("Which option will you take, and when will you start?",
               "What support do you need from me?",
               "On a scale of 1 to 10, how likely are you to do it? What would make it a 10?",
               "When shall we review it?")),
)


def grow_stage(key: str) -> GrowStage:
    """The GROW stage called ``key`` (``goal``, ``reality``, ``options`` or ``will``).

    Example:
        >>> grow_stage("will").name
        'Will (way forward)'
    """
    for stage in GROW:
        if stage.key == key:
            return stage
    raise ValueError(f"No GROW stage {key!r}: use one of "
                     f"{', '.join(s.key for s in GROW)}.")


@dataclass(frozen=True)
class FeedbackModel:
    """A named feedback model: its parts (name → what to say) and a worked example."""

    name: str
    parts: tuple[tuple[str, str], ...]
    example: tuple[tuple[str, str], ...]
    then: str
    source: str


SBI = FeedbackModel(
    "Situation–Behaviour–Impact (SBI)",
    (("Situation", "when and where: one specific contact or moment, not \"always\""),
     ("Behaviour", "what the agent said or did, as a camera would record it: no labels "
                   "such as \"rude\" or \"lazy\""),
     ("Impact", "what it led to: for the customer, the team or the figures")),
    (("Situation", "On Tuesday afternoon's call with the customer whose direct debit had "
                   "failed…"),
     ("Behaviour", "…you explained the payment rules twice before asking why she was "
                   "calling, and put her on hold without saying why."),
     ("Impact", "She said she felt rushed, gave the call a satisfaction score of 2, and rang "
                "back the next morning.")),
    "Then ask, and listen: \"How did it seem to you?\" Praise works the same way: say what "
    "they did and its effect, so they can repeat it.",
    "Center for Creative Leadership: the Situation–Behavior–Impact model (Weitzel, S. R., "
    "Feedback That Works, CCL Press, 2000).")


# ------------------------------------------------------------------------- delegation
_LANDSBERG = "Landsberg, M., The Tao of Coaching (1996): the skill/will matrix."


@dataclass(frozen=True)
class Style:
    """How to lead someone on a task, by their skill and will for it."""

    name: str
    skill: str
    will: str
    what_you_do: str
    source: str = _LANDSBERG


#: Landsberg's skill/will matrix: (skill, will) → the style to use.
SKILL_WILL: dict[tuple[str, str], Style] = {
    ("low", "low"): Style("Direct", "low", "low",
                          "Give clear instructions and close supervision; find out what would "
                          "motivate them; celebrate early wins."),
    ("low", "high"): Style("Guide", "low", "high",
                           "Explain and demonstrate, let them try with support, and coach; "
                           "check often at first."),
    ("high", "low"): Style("Excite", "high", "low",
                           "Find out why their will is low; link the task to what they care "
                           "about; recognise their expertise."),
    ("high", "high"): Style("Delegate", "high", "high",
                            "Agree the outcome and the deadline, give the authority, and "
                            "step back; check in at agreed points."),
}


def approach(skill: str, will: str) -> Style:
    """The style for someone with ``skill`` and ``will`` (each ``"low"`` or ``"high"``) for
    the task.

    Example:
        >>> approach("low", "high").name, approach("high", "high").name
        ('Guide', 'Delegate')
        >>> approach("medium", "high")
        Traceback (most recent call last):
        ...
        ValueError: skill must be 'low' or 'high', not 'medium'.
    """
    for name, value in (("skill", skill), ("will", will)):
        if value not in ("low", "high"):
            raise ValueError(f"{name} must be 'low' or 'high', not {value!r}.")
    return SKILL_WILL[(skill, will)]


@dataclass(frozen=True)
class DelegationTask:
    """A team-leader task that can be delegated, the skill and the will it needs, the
    competency it develops, and what goes wrong if it is handed to the wrong person."""

    key: str
    task: str
    skill_needed: str
    will_needed: str
    develops: str
    risk: str
    source: str = ("The course's examples; match each to a person with the skill/will matrix "
                   "(Landsberg, The Tao of Coaching, 1996).")


DELEGATION_TASKS: tuple[DelegationTask, ...] = (
    DelegationTask("huddle", "Run the morning huddle",
                   "Clear speaking; knows today's plan, queue figures and messages",
                   "Confident with the whole team; wants to lead", "communication",
                   "Wrong or missed messages at the start of a busy day."),
    DelegationTask("knowledge_base", "Update the knowledge base after a price or policy "
                   "change", "Strong product and policy knowledge; writes plainly",
                   "Cares about accuracy; patient with detail", "product_knowledge",
                   "Agents give wrong answers to customers for weeks."),
    DelegationTask("buddy", "Buddy a new starter through their first weeks",
                   "Solid on calls and systems; explains without taking over",
                   "Enjoys helping others; patient", "empathy",
                   "The new starter copies shortcuts, or feels left alone and leaves."),
    DelegationTask("qa_calibration", "Check QA calibration (score the same calls as the QA "
                   "team and compare)", "Knows the QA form and standards well; fair",
                   "Willing to give honest scores about peers", "compliance",
                   "Scores drift apart and agents stop trusting QA."),
    DelegationTask("rota", "Build next month's rota and holiday plan",
                   "Understands demand by day and interval, shrinkage and the rules on "
                   "hours and breaks", "Careful; accepts that not everyone will be pleased",
                   "problem_solving",
                   "Too few staff at the peaks, or an unfair rota that hurts morale."),
    DelegationTask("callbacks", "Own the complaint callbacks list for a week",
                   "Handles upset customers well; knows the complaints procedure",
                   "Resilient; willing to take hard calls", "ownership",
                   "Callbacks are missed and complaints go to the ombudsman."),
)


# -------------------------------------------------------------------------- wellbeing
_DSE = ("Health and Safety (Display Screen Equipment) Regulations 1992 (SI 1992/2792), and "
        "HSE guidance L26, Work with display screen equipment")


@dataclass(frozen=True)
class Duty:
    """A wellbeing or health-and-safety duty: what it requires and what a manager does."""

    key: str
    duty: str
    what_you_do: str
    source: str


WELLBEING: tuple[Duty, ...] = (
    Duty("dse_assessment", "Assess each display-screen workstation and reduce the risks "
         "found", "Have each agent's desk, chair, screen and headset assessed (also for "
         "home workers), and act on what is found.", _DSE + ", regulation 2."),
    Duty("dse_breaks", "Plan work so screen work is broken by breaks or changes of activity",
         "Build short breaks or off-screen tasks into the schedule, not only the statutory "
         "rest break.", _DSE + ", regulation 4."),
    Duty("eye_tests", "Provide an eye and eyesight test on request, and glasses if needed "
         "for screen work", "Tell agents they can ask; pay for the test and for basic "
         "glasses needed only for screen work.", _DSE + ", regulation 5."),
    Duty("dse_training", "Give health-and-safety training and information on screen work",
         "Show each new starter how to set up their workstation and why breaks matter.",
         _DSE + ", regulations 6 and 7."),
    Duty("rest_break", "A rest break of 20 minutes when the working day is more than six "
         "hours", "Schedule it; do not let queues push it out.",
         "Working Time Regulations 1998 (SI 1998/1833), regulation 12."),
    Duty("occupancy", "Keep occupancy at sustainable levels",
         "Watch occupancy (handling time ÷ time available) by team: above about 85% for "
         "long leads to burnout and people leaving.",
         "Widely advised contact-centre practice (course brief §7)."),
    Duty("stress", "Assess the risk of work-related stress",
         "Check the six areas of HSE's Management Standards: demands, control, support, "
         "relationships, role and change; talk about them in one-to-ones.",
         "HSE Management Standards for work-related stress (2004); Management of Health and "
         "Safety at Work Regulations 1999, regulation 3 (risk assessment)."),
)


def delegation_table() -> pd.DataFrame:
    """The delegation tasks as a table (task, skill needed, will needed, develops, risk).

    Example:
        >>> delegation_table().iloc[0]["task"]
        'Run the morning huddle'
    """
    return pd.DataFrame([{
        "task": t.task, "skill_needed": t.skill_needed, "will_needed": t.will_needed,
        "develops": competency(t.develops).name, "risk": t.risk, "key": t.key}
        for t in DELEGATION_TASKS])


def skill_will_table() -> pd.DataFrame:
    """The skill/will matrix as a table: skill, will, style and what you do.

    Example:
        >>> skill_will_table()["style"].tolist()
        ['Direct', 'Guide', 'Excite', 'Delegate']
    """
    return pd.DataFrame([{"skill": s.skill, "will": s.will, "style": s.name,
                          "what_you_do": s.what_you_do} for s in SKILL_WILL.values()])


def wellbeing_table() -> pd.DataFrame:
    """The wellbeing duties as a table: duty, what you do and the source.

    Example:
        >>> "regulation 5" in wellbeing_table().loc[2, "source"]
        True
    """
    return pd.DataFrame([{"duty": d.duty, "what_you_do": d.what_you_do, "source": d.source,
                          "key": d.key} for d in WELLBEING])
