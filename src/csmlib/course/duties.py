"""Legal and regulatory duties in complaint handling (criterion 3.4), as short scenarios.

Each :class:`DutyQuestion` is a situation a complaints manager meets, a question, three or
four options, the right one, feedback for every option and the source it rests on (UK GDPR
Article 5 principles, the FCA's guidance on vulnerable customers FG21/1, the Priority
Services Register, the Equality Act 2010). They are data for the multiple-choice
self-checks (:meth:`DutyQuestion.exercise_arguments` gives the arguments of
``csmlib.ui.exercises.MultipleChoice``; ``csmlib.ui.scenario.duty_exercises`` builds them).

Example:
    >>> qs = questions()
    >>> len(qs) >= 6 and all(q.source for q in qs)
    True
    >>> q = questions()[0]
    >>> q.answer in q.options and set(q.feedback) == set(q.options)
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: The topics the questions cover, in the order they are asked.
TOPICS: tuple[str, ...] = ("UK GDPR", "vulnerable customers", "Equality Act 2010")
#: Criterion the questions evidence.
CRITERIA: tuple[str, ...] = ("3.4",)
UK_GDPR_ARTICLE_5 = "UK GDPR Article 5(1)"
FCA_FG21_1 = "FCA FG21/1, Guidance for firms on the fair treatment of vulnerable customers (2021)"
EQUALITY_ACT = "Equality Act 2010"


@dataclass(frozen=True)
class DutyQuestion:
    """One scenario question: the situation, the question, options (letter → text), the
    right letter, feedback for every option, the source, and the sectors it applies to
    (empty: all).

    Example:
        >>> q = DutyQuestion("x", "UK GDPR", "A customer asks…", "What now?",
        ...                  {"a": "Reply", "b": "Ignore", "c": "Delete"}, "a",
        ...                  {"a": "Yes.", "b": "No.", "c": "Never."}, "UK GDPR Article 15")
        >>> q.exercise_arguments()["answer"]
        'a'
    """

    key: str
    topic: str
    situation: str
    question: str
    options: Mapping[str, str]
    answer: str
    feedback: Mapping[str, str]
    source: str
    sectors: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        problems = []
        if self.answer not in self.options:
            problems.append(f"the answer {self.answer!r} is not an option")
        if set(self.feedback) != set(self.options):
            problems.append("every option needs feedback, and only the options")
        if not 3 <= len(self.options) <= 4:
            problems.append("give three or four options")
        if not self.source.strip():
            problems.append("name the source")
        if self.topic not in TOPICS:
            problems.append(f"topic must be one of {TOPICS}")
        if problems:
            raise ValueError(f"Question {self.key!r}: " + "; ".join(problems) + ".")

    @property
    def text(self) -> str:
        """The situation and the question, as the learner reads them."""
        return f"{self.situation} {self.question}"

    def exercise_arguments(self) -> dict[str, Any]:
        """Arguments for ``MultipleChoice(**arguments)``: the feedback on each wrong option is
        its hint, the right option's feedback is the explanation, and each names the source."""
        cite = f" (Source: {self.source}.)"
        return {
            "exercise_id": f"04-duty-{self.key}",
            "question": self.text,
            "options": dict(self.options),
            "answer": self.answer,
            "hints": {letter: text + cite for letter, text in self.feedback.items()
                      if letter != self.answer},
            "explanation": self.feedback[self.answer] + cite,
            "criteria": CRITERIA,
        }


_QUESTIONS: tuple[DutyQuestion, ...] = (
    DutyQuestion(
        "purpose", "UK GDPR",
        "The marketing team asks for this year's complaint log, with names and phone numbers, "
        "to call unhappy customers with a special offer.",
        "What do you do?",
        {"a": "Send it: the organisation holds the data lawfully already, so it can use it for "
              "any business need.",
         "b": "Send it without the complaint descriptions, so that only the names and phone "
              "numbers leave the complaints team.",
         "c": "Hold it back: it was collected to handle complaints. Ask the data protection "
              "lead whether this new use is allowed."},
        "c",
        {"a": "The organisation holds the data for a purpose; it does not own it for any "
              "use. Purpose limitation: personal data collected for one purpose is not to be "
              "used for another, incompatible one.",
         "b": "Removing the descriptions helps minimise the data, but the purpose is still "
              "marketing, not the complaint the customers gave it for.",
         "c": "Right. Purpose limitation: complaint data is collected to handle complaints. A "
              "new use needs checking first, and calling complainants with offers is unlikely "
              "to fit what they were told."},
        f"{UK_GDPR_ARTICLE_5}(b), purpose limitation",
    ),
    DutyQuestion(
        "minimisation", "UK GDPR",
        "An agent logs a complaint about a late refund. The log entry includes the "
        "customer's full card number, their date of birth, and details of their divorce that "
        "they mentioned in passing.",
        "What should the log hold?",
        {"a": "Everything the customer said, word for word: the more detail the log holds, the "
              "fairer the investigation.",
         "b": "What handling it needs: the refund, the dates, the account reference and what "
              "the customer wants.",
         "c": "Only the complaint category and the date: anything personal is a risk, so it "
              "should stay out of the log."},
        "b",
        {"a": "More is not better: every extra detail is more to protect and to disclose. Data "
              "minimisation: adequate, relevant and limited to what is necessary.",
         "b": "Right. Data minimisation: adequate, relevant and limited to what is needed for "
              "the purpose. A card number is never needed in a complaint note.",
         "c": "Too little: without the reference, dates and what the customer wants, the "
              "complaint cannot be handled. The data must be adequate as well as limited."},
        f"{UK_GDPR_ARTICLE_5}(c), data minimisation",
    ),
    DutyQuestion(
        "storage", "UK GDPR",
        "The complaint system holds every complaint since 2009, with names and descriptions. "
        "A colleague says: \u201cKeep it all forever, it might be useful one day.\u201d",
        "What is the right approach?",
        {"a": "Keep everything: storage is cheap, and old complaints help to spot long-term "
              "trends.",
         "b": "Delete each complaint as soon as it is closed, so nothing personal is kept longer "
              "than the case.",
         "c": "Keep each complaint for a set, documented period, then delete or anonymise it.",
         "d": "Keep it all, but move the older years to a password-protected folder that few "
              "people can open."},
        "c",
        {"a": "\u201cMight be useful\u201d is not a reason. Storage limitation: keep personal data "
              "in a form that identifies people no longer than needed.",
         "b": "Too soon: closed complaints may be reopened, go to the ombudsman, or be needed "
              "to learn from. Set a period that fits those needs.",
         "c": "Right. Storage limitation: a retention period you can justify, then deletion or "
              "anonymisation. Anonymised records still show trends and root causes.",
         "d": "Security matters (integrity and confidentiality), but it does not make keeping "
              "the data forever lawful: that is storage limitation."},
        f"{UK_GDPR_ARTICLE_5}(e), storage limitation",
    ),
    DutyQuestion(
        "access", "UK GDPR",
        "A customer makes a subject access request for \u201ceverything you hold about me\u201d. "
        "The complaint notes include an agent's comment: \u201ccustomer very rude, probably "
        "lying\u201d.",
        "What do you do with the notes?",
        {"a": "Leave them out: they are internal notes written for staff, not information the "
              "customer gave us.",
         "b": "Include them: notes about the customer are their personal data. Reply within "
              "one month.",
         "c": "Delete or reword the comment before replying, so the customer doesn't see it and "
              "complain again."},
        "b",
        {"a": "Internal notes about a customer are still their personal data, and a subject "
              "access request covers them.",
         "b": "Right. The right of access covers complaint notes; details about other people "
              "may be removed. The lesson for coaching: write every note as if the customer will "
              "read it.",
         "c": "Never: changing or deleting data to stop the customer seeing it, once they "
              "have asked, is a criminal offence (Data Protection Act 2018, section 173)."},
        "UK GDPR Article 15 (right of access) and Article 12(3) (one month to reply); Data "
        "Protection Act 2018, section 173",
    ),
    DutyQuestion(
        "sharing", "UK GDPR",
        "The contractor that carries out your engineers' home visits asks for details of "
        "complaints about missed appointments, so it can investigate.",
        "What do you send?",
        {"a": "The whole complaint log as a spreadsheet attachment, so the contractor can search "
              "it for whatever it needs.",
         "b": "Nothing at all: complaint data can never leave the organisation, even for an "
              "investigation.",
         "c": "Only the missed-visit complaints, minus the details it does not need, by a "
              "secure route."},
        "c",
        {"a": "The contractor does not need every complaint or every detail, and an emailed "
              "spreadsheet is easily sent to the wrong person.",
         "b": "Too strict: sharing with a contractor that works for you, for the complaint's "
              "own purpose, can be lawful. Share what it needs, safely.",
         "c": "Right. Data minimisation (only what it needs) and integrity and "
              "confidentiality (a secure route). Redact the extract before it goes."},
        f"{UK_GDPR_ARTICLE_5}(c) data minimisation and (f) integrity and confidentiality",
    ),
    DutyQuestion(
        "drivers", "vulnerable customers",
        "A customer complaining about a payment tells the agent she lost her job last month, "
        "is struggling to keep up with her bills, and finds online forms confusing.",
        "Which drivers of vulnerability in the FCA's guidance does she show?",
        {"a": "None: the FCA's guidance covers only customers who are elderly or have a "
              "disability.",
         "b": "Health only: worry about money is a health matter.",
         "c": "Life events (her job), resilience (her bills) and capability (the forms).",
         "d": "Resilience only: her situation is a money problem, and the rest is how she feels "
              "about it."},
        "c",
        {"a": "Vulnerability is wider than age or disability: anyone can become vulnerable, "
              "often for a while. The FCA names four drivers.",
         "b": "Worry may affect health, but she says nothing about her health. Listen for all "
              "four drivers: health, life events, resilience and capability.",
         "c": "Right. The FCA's four drivers are health, life events, resilience and "
              "capability; she shows three of them. Note them (with her agreement) and adapt "
              "how you help.",
         "d": "Resilience is one, but losing a job is a life event and finding forms hard is "
              "about capability."},
        f"{FCA_FG21_1}: the four drivers of vulnerability",
    ),
    DutyQuestion(
        "psr", "vulnerable customers",
        "During a complaint call about a power cut, a customer mentions that she relies on "
        "electrically powered medical equipment at home.",
        "What should the agent do?",
        {"a": "Stick to the complaint: her health is private, and asking about it could upset "
              "her.",
         "b": "Tell her about the Priority Services Register and, if she agrees, check she is "
              "on it.",
         "c": "Add a note \u201cmedical equipment\u201d to her account straight away, so "
              "colleagues know, without mentioning it to her.",
         "d": "Advise her to ask her GP to tell the energy company that she needs extra help."},
        "b",
        {"a": "A customer who depends on power for medical equipment needs extra help; the "
              "complaint is exactly when to spot it.",
         "b": "Right. Energy suppliers and network operators (and water companies) keep a "
              "free Priority Services Register for customers who need extra help. Ask, "
              "explain, then register with her agreement.",
         "c": "Recording her health without telling her is not fair or transparent, and she "
              "would miss out on the help the register brings.",
         "d": "Passing her on delays the help: the agent can check and register her now, with "
              "her agreement."},
        "Priority Services Register (Ofgem for energy; Ofwat for water)",
        sectors=("energy",),
    ),
    DutyQuestion(
        "recording", "vulnerable customers",
        "A caller tells an agent he has a mental health condition and finds phone calls very "
        "hard. The agent wants colleagues to know, so he doesn't have to explain again.",
        "How should the agent record it?",
        {"a": "Write the full diagnosis on the account straight away, so every colleague has all "
              "the facts.",
         "b": "Record nothing: health information is too sensitive for a customer account, so it "
              "must never be kept.",
         "c": "Ask if he is happy for a note to be kept, say why, and record only what helps "
              "(\u201cprefers email\u201d)."},
        "c",
        {"a": "Health information is special category data: record it only with care, "
              "openly, and no more than colleagues need.",
         "b": "Too strict: the FCA expects firms to record customers' needs so they can "
              "help, with proper care for the data.",
         "c": "Right. Ask, explain, and keep to what helps: fair and transparent, and data "
              "minimisation. Health information is special category data (UK GDPR "
              "Article 9)."},
        f"{FCA_FG21_1} (recording and sharing customers' needs); UK GDPR Article 5(1)(a) "
        "and (c), and Article 9",
    ),
    DutyQuestion(
        "characteristics", "Equality Act 2010",
        "A customer complains that an agent treated him less favourably. Your team leader "
        "asks which of these is a protected characteristic under the Equality Act 2010.",
        "Which one is?",
        {"a": "Being on benefits.",
         "b": "Living in a particular postcode.",
         "c": "Pregnancy and maternity.",
         "d": "Being a new customer."},
        "c",
        {"a": "Income or benefits are not among the nine protected characteristics, but the "
              "complaint must still be handled fairly.",
         "b": "Where someone lives is not a protected characteristic.",
         "c": "Right. The nine are: age, disability, gender reassignment, marriage and civil "
              "partnership, pregnancy and maternity, race, religion or belief, sex, and "
              "sexual orientation.",
         "d": "How long someone has been a customer is not a protected characteristic."},
        f"{EQUALITY_ACT}: the nine protected characteristics",
    ),
    DutyQuestion(
        "adjustments", "Equality Act 2010",
        "A blind customer complains that her bills come as standard print and that, when she "
        "called through a text relay service (in the UK, Relay UK), the agent hung up "
        "thinking it was a nuisance call.",
        "What is the organisation's duty?",
        {"a": "To make reasonable adjustments: bills in braille, large print or audio, and relay "
              "calls accepted.",
         "b": "None, as long as the same bills are also available as PDFs on the website.",
         "c": "To apologise and explain that the billing system can print only one format for "
              "every customer."},
        "a",
        {"a": "Right. Service providers have a duty to make reasonable adjustments so that "
              "disabled customers are not put at a substantial disadvantage.",
         "b": "A website may not help her either; the duty is to adjust for the customer's "
              "needs, not to offer one alternative.",
         "c": "An apology is a start, but \u201cthe system can't\u201d does not remove the "
              "duty to make reasonable adjustments."},
        f"{EQUALITY_ACT}: the duty to make reasonable adjustments (sections 20 and 29)",
    ),
)


def questions(sector: str | None = "energy") -> list[DutyQuestion]:
    """The scenario questions for an organisation in ``sector`` (``None``: every question),
    in topic order.

    Example:
        >>> [q.key for q in questions("council")][:3]
        ['purpose', 'minimisation', 'storage']
        >>> "psr" in {q.key for q in questions("council")}, "psr" in {q.key for q in questions()}
        (False, True)
    """
    chosen = [q for q in _QUESTIONS if sector is None or not q.sectors or sector in q.sectors]
    return sorted(chosen, key=lambda q: TOPICS.index(q.topic))
