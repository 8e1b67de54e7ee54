"""Leading the team (criterion 4.3): a branching conflict between two agents, the fair way
to handle under-performance, and a structured one-to-one, as data.

The conflict scenario uses the same engine as the de-escalation scenarios
(:mod:`csmlib.course.deescalation`: :class:`~csmlib.course.deescalation.Scenario`,
:class:`~csmlib.course.deescalation.Turn`, :class:`~csmlib.course.deescalation.Choice`,
:func:`~csmlib.course.deescalation.walk`), judged on a team leader's steps
(:data:`CONFLICT`: hear both sides privately, focus on behaviour and impact, agree ground
rules together, follow up) and rules (never take sides before hearing both, never deal with
it in front of the team, never label the person). The learner is the team leader; each turn
is said by one agent, the other, or both (the turn's ``speaker``). A poor reply makes the
conflict harder to settle: a grievance, an agent withdrawing, a public row in the huddle, a
relapse a week later. Every path has at least three turns.

:data:`UNDER_PERFORMANCE` lists the steps of handling under-performance fairly, and
:data:`ONE_TO_ONE` the sections of a structured one-to-one (strengths, gaps with evidence,
agreed actions, support, review date).

Example:
    >>> from csmlib.course.deescalation import walk
    >>> path = walk(CALLBACKS, [0, 0, 0, 0])
    >>> path.ended, path.total, path.max_points, list(path.shown)[:2]
    (True, 8, 8, ['hear both sides privately', 'focus on behaviour and impact'])
    >>> walk(CALLBACKS, [2]).current.key  # brushed off, Aisha goes to HR
    'cf-grievance'
"""

from __future__ import annotations

from dataclasses import dataclass

from csmlib.course.deescalation import Choice, Method, Scenario, Turn

__all__ = ["CALLBACKS", "CONFLICT", "ONE_TO_ONE", "RULES", "SCENARIOS", "SOURCE", "STEPS",
           "UNDER_PERFORMANCE", "OneToOneSection", "Step"]

#: The team leader's four steps in a conflict between two agents.
HEAR_BOTH = "hear both sides privately"
BEHAVIOUR = "focus on behaviour and impact"
GROUND_RULES = "agree ground rules together"
FOLLOW_UP = "follow up"
STEPS: tuple[str, ...] = (HEAR_BOTH, BEHAVIOUR, GROUND_RULES, FOLLOW_UP)

#: The three rules a team leader's reply must never break.
NO_SIDES = "never take sides before hearing both"
NO_PUBLIC = "never deal with it in front of the team"
NO_LABELS = "never label the person"
RULES: tuple[str, ...] = (NO_SIDES, NO_PUBLIC, NO_LABELS)

#: Where the steps come from (cite it beside the scenario).
SOURCE = ("The course's scenario. The steps follow ACAS guidance on handling conflict at "
           "work (talk to each person privately first, then together; focus on behaviour, "
           "agree a way forward, follow it up) and the SBI feedback model (Center for "
           "Creative Leadership).")

#: How a conflict reply is judged: the steps, the rules, what they mean, what to coach.
CONFLICT = Method(
    "team conflict", STEPS, RULES,
    meanings={
        HEAR_BOTH: "listen to each person on their own, before judging or bringing them "
                   "together",
        BEHAVIOUR: "talk about what was said or done and its effect, not about the kind of "
                   "person they are",
        GROUND_RULES: "let the two agree how they will work together, rather than imposing "
                      "it",
        FOLLOW_UP: "say when you will check how it is going, and do it",
    },
    coaching={
        HEAR_BOTH: "Hear each person privately and fully before deciding anything: \"Tell me "
                   "what happened, from your side.\"",
        BEHAVIOUR: "Describe the behaviour and its impact (\"in the huddle you said…, and "
                   "the team went quiet\"), never the personality (\"you're difficult\").",
        GROUND_RULES: "Ask them to agree two or three ground rules together (how work is "
                      "shared, how to raise a problem); rules they make are rules they keep.",
        FOLLOW_UP: "Write down what was agreed and set a date to review it with both; a "
                   "conflict left alone comes back.",
        NO_SIDES: "Do not judge before you have heard both: length of service or who "
                  "complained first is not evidence.",
        NO_PUBLIC: "Keep it private: handling a conflict in front of the team humiliates both "
                   "people and splits the team.",
        NO_LABELS: "Labels (\"oversensitive\", \"a personality clash\", \"behave like "
                   "adults\") cannot be changed and make people defensive; behaviour can.",
    },
    speaker="Agent", poor_effect="makes the conflict harder to settle",
    label="Team conflict scenario")


def _c(says: str, feedback: str, points: int, *, shows: tuple[str, ...] = (),
       misses: tuple[str, ...] = (), breaks: tuple[str, ...] = (),
       next: str | None = None) -> Choice:
    return Choice(says, feedback, points, shows=shows, misses=misses, breaks=breaks,
                  next=next)


def _callbacks() -> Scenario:
    turns = (
        Turn("cf-open",
             "Can I have a word? Tom had a go at me in front of everyone in the huddle. I'm "
             "not being spoken to like that. Either he apologises or I want to move teams.",
             (_c("Thank you for telling me. Let's find a quiet room now. Tell me what happened "
                 "in the huddle and how things have been between you; I'll talk to Tom on his "
                 "own as well before I decide anything.",
                 "You listen to Aisha privately and say you will hear Tom too, without "
                 "judging yet.", 2, shows=(HEAR_BOTH,), next="cf-tom"),
              _c("That's not on. Leave it with me; I'll have a word with Tom this afternoon.",
                 "You act quickly and say what you will do, but you have not heard Aisha's "
                 "account, and 'having a word' sounds as if you have already decided.", 1,
                 shows=(FOLLOW_UP,), misses=(HEAR_BOTH,), next="cf-tom"),
              _c("Honestly, you two need to sort this out yourselves; we've got a queue. Tom's "
                 "new, he's just a bit blunt.",
                 "You brush Aisha off and excuse Tom before hearing either of them.", 0,
                 misses=(HEAR_BOTH,), breaks=(NO_SIDES,), next="cf-grievance")),
             note="at your desk, straight after the morning huddle", speaker="Aisha"),
        Turn("cf-grievance",
             "I've spoken to HR. I'm raising a grievance. And I've told the others what Tom "
             "said about me.",
             (_c("You're entitled to raise a grievance, and I'll support that. I was wrong to "
                 "brush you off yesterday. Can we sit down privately now so I hear your "
                 "account properly? Then I'll hear Tom's.",
                 "You own your mistake, support her right to a grievance, and start hearing "
                 "both sides privately.", 2, shows=(HEAR_BOTH,), next="cf-tom"),
              _c("OK. I'll speak to Tom today and come back to you by Friday.",
                 "You set a date, but you still have not listened to Aisha.", 1,
                 shows=(FOLLOW_UP,), misses=(HEAR_BOTH,), next="cf-tom"),
              _c("Telling the rest of the team wasn't professional either. You're both as bad "
                 "as each other.",
                 "You label both of them and still have not heard what happened.", 0,
                 misses=(HEAR_BOTH, BEHAVIOUR), breaks=(NO_LABELS,), next="cf-huddle")),
             note="the next morning, upset", speaker="Aisha"),
        Turn("cf-tom",
             "She always gives the angry callbacks to me and the other new starters. I'm sick "
             "of it. And yes, I said it in the huddle, because nobody listens otherwise.",
             (_c("I hear that you think the difficult callbacks are shared unfairly; I'll look "
                 "at how they're shared. Separately: saying it in the huddle, in front of "
                 "everyone, left Aisha humiliated and the huddle ran over. What could you have "
                 "done instead?",
                 "You take his concern seriously, then name the behaviour and its impact, and "
                 "ask him rather than tell him.", 2, shows=(HEAR_BOTH, BEHAVIOUR),
                 next="cf-joint"),
              _c("You can't speak to colleagues like that. Please apologise to Aisha.",
                 "You name the behaviour, but not its impact, and you skip over his concern "
                 "about the callbacks, so he feels unheard.", 1, shows=(BEHAVIOUR,),
                 misses=(HEAR_BOTH,), next="cf-joint"),
              _c("Aisha has been here six years and you've been here six months. You're being "
                 "difficult: take the callbacks you're given.",
                 "You take Aisha's side on length of service and label Tom, without hearing "
                 "him out.", 0, misses=(HEAR_BOTH, BEHAVIOUR), breaks=(NO_SIDES, NO_LABELS),
                 next="cf-withdrawn")),
             note="in a meeting room, on his own", speaker="Tom"),
        Turn("cf-withdrawn",
             "Right, so it's everyone against me. I'll keep my head down and take whatever "
             "I'm given. But don't expect me to say anything in the huddle again.",
             (_c("I don't want that, and I was wrong to say what I did. I haven't decided "
                 "anything yet. Tell me how the callbacks have actually been shared; I'll "
                 "check the list myself before the three of us meet.",
                 "You repair the damage and go back to hearing his side, privately.", 2,
                 shows=(HEAR_BOTH,), next="cf-joint"),
              _c("The huddle isn't optional. Let's all three meet tomorrow and clear the air.",
                 "A joint meeting is the right next step, but he has not been heard on his "
                 "own first, so he arrives defensive.", 1, shows=(GROUND_RULES,),
                 misses=(HEAR_BOTH,), next="cf-joint"),
              _c("Fine. I'll raise it with everyone in the huddle tomorrow so the whole team "
                 "knows where they stand.",
                 "Taking a conflict to the whole team turns a quarrel between two people into "
                 "a split team.", 0, misses=(HEAR_BOTH,), breaks=(NO_PUBLIC,),
                 next="cf-huddle")),
             note="arms folded", speaker="Tom"),
        Turn("cf-huddle",
             "Are we going to talk about who gets the angry callbacks, then? Because it's not "
             "just Tom who thinks it.",
             (_c("It's a fair question, Sam, and not one to settle here. I'll hear from "
                 "anyone who wants to talk to me privately today, and I'll set out how "
                 "callbacks are shared by Friday. For now, the list is two days behind: let's "
                 "share today's between us.",
                 "You take the issue out of the public room, promise a private hearing and "
                 "set a date.", 2, shows=(HEAR_BOTH, FOLLOW_UP), next="cf-joint"),
              _c("Let's not go there. Back to the queue, everyone.",
                 "You stop a public row, but the team is left with no idea when or how it "
                 "will be dealt with.", 1, misses=(FOLLOW_UP,), next="cf-joint"),
              _c("Tom, Aisha, do you want to tell everyone what happened?",
                 "Asking two people to argue their case in front of the team humiliates both "
                 "and splits the team.", 0, misses=(HEAR_BOTH,), breaks=(NO_PUBLIC,))),
             note="the next morning's huddle; Aisha and Tom both silent", speaker="Sam"),
        Turn("cf-joint",
             "I just want him to stop talking to me like that.",
             (_c("You both want something reasonable. Let's agree how you'll work from now: "
                 "how the callbacks are shared, and how either of you raises a problem with "
                 "the other. What would you each suggest?",
                 "You name what each needs in terms of behaviour and let them agree the "
                 "ground rules.", 2, shows=(BEHAVIOUR, GROUND_RULES), next="cf-close"),
              _c("Here's what will happen: I'll allocate the callbacks from now on, and I "
                 "expect you both to be professional.",
                 "A fair rota helps, but rules imposed on them are not their rules, and "
                 "'be professional' does not say which behaviour must change.", 1,
                 shows=(FOLLOW_UP,), misses=(GROUND_RULES, BEHAVIOUR), next="cf-close"),
              _c("Honestly, this is a personality clash. You'll just have to learn to get on.",
                 "Calling it a personality clash labels them both and gives them nothing to "
                 "change.", 0, misses=(BEHAVIOUR, GROUND_RULES), breaks=(NO_LABELS,),
                 next="cf-stuck")),
             note="in a meeting room with Tom, who adds: \u201cAnd I want the callbacks shared "
                  "fairly.\u201d", speaker="Aisha"),
        Turn("cf-stuck",
             "So nothing changes, then.",
             (_c("You're right, that didn't help. Let's be specific: what happened in the "
                 "huddle, what effect it had, and what each of you needs from the other. Then "
                 "we'll write down two or three ground rules together.",
                 "You recover by moving from labels to behaviour and impact, and to rules "
                 "they agree.", 2, shows=(BEHAVIOUR, GROUND_RULES), next="cf-close"),
              _c("I'll look at moving one of you if it carries on.",
                 "Moving someone may be needed in the end, but it skips agreeing how they "
                 "work together now.", 1, misses=(GROUND_RULES,), next="cf-close"),
              _c("If you can't behave like adults, I'll have to start a disciplinary.",
                 "A threat and a label end the meeting with nothing agreed.", 0,
                 misses=(BEHAVIOUR, GROUND_RULES), breaks=(NO_LABELS,))),
             note="Aisha adds that she still wants to move teams", speaker="Tom"),
        Turn("cf-close",
             "OK. I'm sorry about the huddle, Aisha.",
             (_c("Thank you both. I'll write up what we agreed today, we'll look at the "
                 "callbacks list together each Monday, and let's meet again in two weeks to "
                 "see how it's working.",
                 "You record the agreement and set a date to review it with both.", 2,
                 shows=(FOLLOW_UP,), next=None),
              _c("Great, glad that's sorted. Back to the phones.",
                 "A good moment, but nothing is written down and nobody knows when it will "
                 "be checked.", 1, misses=(FOLLOW_UP,), next=None),
              _c("Good. And Aisha, you could try being a bit less sensitive in future.",
                 "A parting label undoes the apology and tells Aisha you took Tom's side.", 0,
                 misses=(FOLLOW_UP,), breaks=(NO_LABELS, NO_SIDES), next="cf-relapse")),
             note="at the end of the meeting; Aisha nods: \u201cFine. Let's see how it "
                  "goes.\u201d", speaker="Tom"),
        Turn("cf-relapse",
             "He's doing it again: sighing loudly in the team chat whenever I take a "
             "callback. After what you said last time, I didn't think you'd listen.",
             (_c("I'm sorry: what I said last week was unfair, and I'm glad you told me. Give "
                 "me an example or two; I'll talk to Tom privately, and the three of us will "
                 "review the ground rules on Thursday.",
                 "You repair trust, ask for evidence, hear both privately and set a date.", 2,
                 shows=(HEAR_BOTH, FOLLOW_UP), next=None),
              _c("I'll speak to Tom.",
                 "You act, but without hearing what happened or saying when you will come "
                 "back to her.", 1, shows=(FOLLOW_UP,), misses=(HEAR_BOTH,), next=None),
              _c("I can't referee you two every week.",
                 "You leave Aisha on her own with it; the conflict will grow.", 0,
                 misses=(HEAR_BOTH, FOLLOW_UP), next=None)),
             note="a week later, quietly", speaker="Aisha"),
    )
    return Scenario(
        "callbacks", "Two agents and the difficult callbacks",
        "You lead a team of twelve agents. For two weeks Aisha (six years in the team) and "
        "Tom (six months) have clashed over who takes the difficult complaint callbacks, and "
        "the callbacks list is now two days behind. In this morning's huddle Tom said, in "
        "front of everyone, that Aisha 'always dumps the angry ones on the new people'.",
        turns, CONFLICT)


#: The conflict scenario.
CALLBACKS: Scenario = _callbacks()
#: Every team scenario by key (for the scenario widget).
SCENARIOS: dict[str, Scenario] = {CALLBACKS.key: CALLBACKS}


# ------------------------------------------------------------------- under-performance
_ACAS = ("Acas Code of Practice on disciplinary and grievance procedures (2015), and Acas "
         "guidance on managing performance")


@dataclass(frozen=True)
class Step:
    """One step of handling under-performance fairly: what to do and why it is fair."""

    name: str
    what_you_do: str
    why: str
    source: str = _ACAS


UNDER_PERFORMANCE: tuple[Step, ...] = (
    Step("Evidence", "Gather the facts over several weeks: QA scores item by item, the KPIs "
         "that matter, call examples; compare with the team and with the standard.",
         "A judgement from one bad day or a feeling is not fair, and cannot be explained."),
    Step("Talk early and privately", "Meet in private, describe the gap with the evidence "
         "(situation, behaviour, impact) and ask for their view.",
         "Most gaps close informally; the agent may know something you do not."),
    Step("Find the cause", "Skill (training), will (motivation), or circumstances (health, "
         "caring, the systems); consider reasonable adjustments where a disability may be "
         "involved.", "The Equality Act 2010 duty to make reasonable adjustments; the right "
         "support depends on the cause."),
    Step("Agree the standard, support and timescale", "Agree what good looks like (the QA "
         "item or KPI and the level), the support (coaching, buddy, training), and a "
         "realistic time to improve.", "The agent must know what is expected and have a fair "
         "chance to meet it."),
    Step("Review and record", "Meet on the agreed date, compare the evidence with the "
         "standard, and write down what was agreed each time.",
         "A record protects the agent and the organisation, and shows progress."),
    Step("Formal route, only if needed", "If the gap remains, follow the organisation's "
         "capability procedure: written notice, a meeting, the right to be accompanied and "
         "to appeal.", "The Acas Code sets these steps; tribunals take account of it."),
)


@dataclass(frozen=True)
class OneToOneSection:
    """A section of a structured one-to-one: its heading, the prompt, and what evidence
    belongs in it."""

    key: str
    heading: str
    prompt: str
    evidence: str


#: A structured one-to-one built from the agent's scorecard.
ONE_TO_ONE: tuple[OneToOneSection, ...] = (
    OneToOneSection("strengths", "Strengths",
                    "What is going well? Start here, with specifics.",
                    "QA items and KPIs above the team's; a customer's comment; a colleague's "
                    "thanks."),
    OneToOneSection("gaps", "Gaps, with evidence",
                    "One or two gaps that matter most to customers, each with the evidence.",
                    "QA items below the standard over several evaluations; the KPI against "
                    "target; call examples (situation, behaviour, impact)."),
    OneToOneSection("actions", "Agreed actions",
                    "What the agent will do (in their words), by when.",
                    "Actions agreed in the meeting, each tied to a gap."),
    OneToOneSection("support", "Support",
                    "What you and the organisation will do: coaching, a buddy, training, "
                    "time, adjustments; and how they are feeling (workload, wellbeing).",
                    "Named support, with dates; any adjustment agreed."),
    OneToOneSection("review", "Review date",
                    "When you will meet again, and which figures you will look at then.",
                    "A date, and the QA item or KPI to compare."),
)
