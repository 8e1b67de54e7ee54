"""Branching de-escalation scenarios for difficult customers (criterion 3.3), as data.

A :class:`Scenario` is a small tree of :class:`Turn` objects. At each turn the customer says
something and the learner picks one of three replies (:class:`Choice`). Every reply carries
feedback grounded in four named steps of de-escalation (:data:`STEPS`: acknowledge,
empathise, take ownership, agree next steps) and three rules (:data:`RULES`: never argue,
never blame the customer, never promise what you cannot deliver), and earns points: a good
reply 2, a partial one 1, a poor one 0. A poor reply leads to a harder customer line, so the
path depends on the choices; every path has at least three turns and ends.

:func:`walk` follows a list of choices through a scenario and returns a :class:`Path` (the
turns taken, the points, the steps shown and missed, the rules broken, whether it ended);
:meth:`Path.summary` is the plain text saved to the portfolio with the learner's reflection.

The organisation's name is passed in (the lessons read it from the sector profile), and the
few lines that only make sense for a gas and electricity supplier (meter readings, the
Priority Services Register, heating) have plain variants for the other sectors
(:func:`scenarios`). :data:`SCENARIOS` holds the energy supplier's versions.

Other conversations can use the same engine with their own steps and rules: give a
:class:`Method` (its steps, rules, what each step means, what to coach, and who speaks) as
the scenario's ``method``; a :class:`Turn` may name its own ``speaker``. Without one, a
scenario is judged on de-escalation (:data:`DEESCALATION`), as before.

Example:
    >>> bill = SCENARIOS["wrong-bill"]
    >>> path = walk(bill, [0, 0, 0])
    >>> path.ended, path.total, path.max_points
    (True, 6, 6)
    >>> walk(bill, [2]).current.key  # a poor first reply: the customer gets angrier
    'bill-blamed'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

#: The four steps of de-escalation every reply is judged against.
ACKNOWLEDGE = "acknowledge"
EMPATHISE = "empathise"
OWNERSHIP = "take ownership"
NEXT_STEPS = "agree next steps"
STEPS: tuple[str, ...] = (ACKNOWLEDGE, EMPATHISE, OWNERSHIP, NEXT_STEPS)

#: The three rules a reply must never break.
NO_ARGUING = "never argue"
NO_BLAME = "never blame the customer"
NO_OVERPROMISING = "never promise what you cannot deliver"
RULES: tuple[str, ...] = (NO_ARGUING, NO_BLAME, NO_OVERPROMISING)

#: What each step means, in a sentence (shown to learners beside the scenario).
STEP_MEANINGS: dict[str, str] = {
    ACKNOWLEDGE: "say back what the problem is, so the customer knows they have been heard",
    EMPATHISE: "recognise how it feels for them, and slow down",
    OWNERSHIP: "say what you will do (\"I will…\"), rather than passing the problem on",
    NEXT_STEPS: "agree what happens next, who does it and by when",
}

#: What to coach when a step is missed or a rule broken (used in :meth:`Path.summary`).
COACHING: dict[str, str] = {
    ACKNOWLEDGE: "Before anything else, say the problem back in the customer's own words, so "
                 "they know they have been heard.",
    EMPATHISE: "Name how it must feel (\"that's a shock\", \"I'm so sorry for your loss\") and "
               "slow down: it lowers the temperature before the facts.",
    OWNERSHIP: "Say \"I will…\", not \"they'll…\" or \"you'll need to…\": keep the problem "
               "with you until it is properly handed on.",
    NEXT_STEPS: "Close each exchange with what will happen, who does it and by when, and "
                "check the customer agrees.",
    NO_ARGUING: "Explain, never argue: correcting the customer wins the point and loses the "
                "customer.",
    NO_BLAME: "Fix first: even when the customer could have done something differently, "
              "saying so now only raises the temperature.",
    NO_OVERPROMISING: "Promise only what you can do and have checked; a broken promise "
                      "becomes a second complaint.",
}



@dataclass(frozen=True)
class Method:
    """The named steps and rules a scenario's replies are judged against, what each step
    means, what to coach when a step is missed or a rule broken, who speaks the turns by
    default (``speaker``), what a poor reply does (``poor_effect``, for the introduction)
    and how the summary names the exercise (``label``).

    Example:
        >>> DEESCALATION.steps == STEPS and DEESCALATION.speaker
        'Customer'
    """

    name: str
    steps: tuple[str, ...]
    rules: tuple[str, ...]
    meanings: Mapping[str, str] = field(compare=False)
    coaching: Mapping[str, str] = field(compare=False)
    speaker: str = "Customer"
    poor_effect: str = "makes the customer harder to calm"
    label: str = "De-escalation scenario"

    def __post_init__(self) -> None:
        missing = [k for k in (*self.steps, *self.rules) if k not in self.coaching]
        missing += [k for k in self.steps if k not in self.meanings]
        if not self.steps or missing:
            raise ValueError(f"Method {self.name!r} needs steps, and a meaning and a "
                             f"coaching tip for each (missing: {missing}).")


#: The de-escalation method: the default for every scenario.
DEESCALATION = Method("de-escalation", STEPS, RULES, STEP_MEANINGS, COACHING)

#: Points for a good, a partial and a poor reply.
POINTS: dict[str, int] = {"good": 2, "partial": 1, "poor": 0}
RATINGS: dict[int, str] = {points: rating for rating, points in POINTS.items()}
#: How the three choices are labelled for the learner.
LETTERS: tuple[str, ...] = ("A", "B", "C")
#: Every path through a scenario has at least this many turns.
MIN_TURNS = 3
#: No path may be longer than this (a guard against a loop in the data).
MAX_TURNS = 12


@dataclass(frozen=True)
class Choice:
    """One reply the learner can choose, and what it earns.

    ``shows`` and ``misses`` name steps from :data:`STEPS`; ``breaks`` names rules from
    :data:`RULES`; ``next`` is the key of the next turn (``None`` ends the conversation).

    Example:
        >>> c = Choice("I'm sorry, let me look into it now.", "Owns it straight away.", 2,
        ...            shows=(ACKNOWLEDGE, OWNERSHIP), misses=(NEXT_STEPS,))
        >>> c.rating, c.feedback_text()
        ('good', 'Good (2 points). Owns it straight away. Shows: acknowledge, take ownership. \
Misses: agree next steps.')
    """

    says: str
    feedback: str
    points: int
    shows: tuple[str, ...] = ()
    misses: tuple[str, ...] = ()
    breaks: tuple[str, ...] = ()
    next: str | None = None

    @property
    def rating(self) -> str:
        """"good", "partial" or "poor"."""
        return RATINGS[self.points]

    def feedback_text(self) -> str:
        """The feedback as the learner reads it: rating, why, steps shown and missed, rules
        broken."""
        unit = "point" if self.points == 1 else "points"
        parts = [f"{self.rating.capitalize()} ({self.points} {unit}).", self.feedback]
        if self.shows:
            parts.append(f"Shows: {', '.join(self.shows)}.")
        if self.misses:
            parts.append(f"Misses: {', '.join(self.misses)}.")
        if self.breaks:
            rule = "rule" if len(self.breaks) == 1 else "rules"
            parts.append(f"Breaks the {rule}: {'; '.join(self.breaks)}.")
        return " ".join(parts)

    def problems(self, method: Method | None = None) -> list[str]:
        """What is wrong with this choice as data (empty when it is valid), judged against
        ``method``'s steps and rules (de-escalation's by default)."""
        method = method or DEESCALATION
        found = []
        if self.points not in RATINGS:
            found.append(f"points must be 0, 1 or 2, not {self.points!r}")
        unknown = [s for s in (*self.shows, *self.misses) if s not in method.steps]
        if unknown:
            found.append(f"unknown steps {unknown}: use {method.steps}")
        if [r for r in self.breaks if r not in method.rules]:
            found.append(f"unknown rules {list(self.breaks)}: use {method.rules}")
        if not (self.shows or self.misses):
            found.append("the feedback names no step (give shows= or misses=)")
        if set(self.shows) & set(self.misses):
            found.append(f"a step is both shown and missed: {set(self.shows) & set(self.misses)}")
        if self.points == 2 and (self.breaks or not self.shows):
            found.append("a good reply must show a step and break no rule")
        if self.points == 0 and not (self.misses or self.breaks):
            found.append("a poor reply must miss a step or break a rule")
        if not self.says.strip() or not self.feedback.strip():
            found.append("what the agent says and the feedback must not be empty")
        return found


@dataclass(frozen=True)
class Turn:
    """One turn: what the customer says (``note``: how they say it) and three replies.

    ``speaker`` names who speaks this turn when it is not the method's usual speaker (in a
    team scenario, one agent or the other); ``customer`` holds the line whoever says it.
    """

    key: str
    customer: str
    choices: tuple[Choice, ...]
    note: str = ""
    speaker: str = ""


@dataclass(frozen=True)
class Scenario:
    """A branching conversation: a title, the setting, and its turns (the first starts).

    Building one checks it (:meth:`problems`): three choices per turn, no next-turn key
    that does not exist, every path ends after at least :data:`MIN_TURNS` turns, and every
    choice's feedback names a step.
    """

    key: str
    title: str
    setting: str
    turns: tuple[Turn, ...]
    method: Method = DEESCALATION
    by_key: Mapping[str, Turn] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {turn.key: turn for turn in self.turns})
        problems = self.problems()
        if problems:
            raise ValueError(f"Scenario {self.key!r} is not valid: " + "; ".join(problems))

    @property
    def start(self) -> Turn:
        """The first turn."""
        return self.turns[0]

    def turn(self, key: str) -> Turn:
        """The turn called ``key``.

        Example:
            >>> SCENARIOS["wrong-bill"].turn("bill-open").key
            'bill-open'
        """
        try:
            return self.by_key[key]
        except KeyError:
            raise ValueError(f"Scenario {self.key!r} has no turn {key!r}; its turns are "
                             f"{list(self.by_key)}.") from None

    def speaker(self, turn: Turn) -> str:
        """Who speaks ``turn``: its own speaker, or the method's (``"Customer"``)."""
        return turn.speaker or self.method.speaker

    def problems(self) -> list[str]:
        """Everything wrong with the scenario as data (empty when it is valid)."""
        found = []
        if not self.turns:
            return ["it has no turns"]
        if len(self.by_key) != len(self.turns):
            found.append("two turns share a key")
        for turn in self.turns:
            if len(turn.choices) != len(LETTERS):
                found.append(f"turn {turn.key!r} has {len(turn.choices)} choices, not 3")
            for letter, choice in zip(LETTERS, turn.choices, strict=False):
                found += [f"turn {turn.key!r} choice {letter}: {p}"
                          for p in choice.problems(self.method)]
                if choice.next is not None and choice.next not in self.by_key:
                    found.append(f"turn {turn.key!r} choice {letter} leads to a turn that does "
                                 f"not exist: {choice.next!r}")
        if found:
            return found
        reached = set()
        for keys in self._paths(self.start.key, ()):
            reached.update(keys)
            if len(keys) > MAX_TURNS:
                return [f"a path goes on for more than {MAX_TURNS} turns (a loop?): "
                        f"{' → '.join(keys[:MAX_TURNS])} …"]
            if len(keys) < MIN_TURNS:
                found.append(f"a path ends after {len(keys)} turns: {' → '.join(keys)}")
        unused = [turn.key for turn in self.turns if turn.key not in reached]
        if unused:
            found.append(f"no path reaches the turns {unused}")
        return found

    def _paths(self, key: str, before: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        keys = (*before, key)
        if len(keys) > MAX_TURNS:
            yield keys
            return
        for choice in self.by_key[key].choices:
            if choice.next is None:
                yield keys
            else:
                yield from self._paths(choice.next, keys)


def _check_scenario(scenario: object) -> None:
    if not isinstance(scenario, Scenario):
        raise ValueError(f"scenario must be a Scenario (e.g. SCENARIOS['wrong-bill']), not "
                         f"{type(scenario).__name__}.")


def all_paths(scenario: Scenario) -> list[list[int]]:
    """Every complete list of choices (0, 1, 2 for A, B, C) through ``scenario``.

    Example:
        >>> paths = all_paths(SCENARIOS["wrong-bill"])
        >>> [0, 0, 0] in paths and all(walk(SCENARIOS["wrong-bill"], p).ended for p in paths)
        True
    """
    _check_scenario(scenario)

    def extend(turn: Turn, before: list[int]) -> Iterator[list[int]]:
        for index, choice in enumerate(turn.choices):
            path = [*before, index]
            if choice.next is None or len(path) >= MAX_TURNS:
                yield path
            else:
                yield from extend(scenario.turn(choice.next), path)

    return list(extend(scenario.start, []))


@dataclass(frozen=True)
class Exchange:
    """One turn taken: the turn, the index of the reply chosen, and that reply."""

    turn: Turn
    index: int
    choice: Choice

    @property
    def letter(self) -> str:
        """The reply's letter, A, B or C."""
        return LETTERS[self.index]


@dataclass(frozen=True)
class Path:
    """The turns a learner took through a scenario, with the points and the steps.

    ``current`` is the turn waiting for a reply (``None`` once the conversation ended).
    """

    scenario: Scenario
    exchanges: tuple[Exchange, ...]
    current: Turn | None

    @property
    def ended(self) -> bool:
        """True once a reply ended the conversation."""
        return self.current is None

    @property
    def turns_taken(self) -> int:
        """How many replies the learner has chosen."""
        return len(self.exchanges)

    @property
    def total(self) -> int:
        """Points earned."""
        return sum(e.choice.points for e in self.exchanges)

    @property
    def max_points(self) -> int:
        """The most the same number of turns could have earned (2 a turn)."""
        return POINTS["good"] * len(self.exchanges)

    @property
    def shown(self) -> dict[str, int]:
        """Each step shown, with the number of turns that showed it (in the order of the
        method's steps, :data:`STEPS` for de-escalation)."""
        counts = Counter(s for e in self.exchanges for s in e.choice.shows)
        return {step: counts[step] for step in self.scenario.method.steps if counts[step]}

    @property
    def missed(self) -> dict[str, int]:
        """Each step missed, with the number of turns that missed it."""
        counts = Counter(s for e in self.exchanges for s in e.choice.misses)
        return {step: counts[step] for step in self.scenario.method.steps if counts[step]}

    @property
    def broken(self) -> dict[str, list[int]]:
        """Each rule broken, with the turn numbers (from 1) where it was broken."""
        found: dict[str, list[int]] = {}
        for number, exchange in enumerate(self.exchanges, start=1):
            for rule in exchange.choice.breaks:
                found.setdefault(rule, []).append(number)
        return {rule: found[rule] for rule in self.scenario.method.rules if rule in found}

    def coaching(self) -> list[str]:
        """What to coach, most-missed step first, then each rule broken.

        Example:
            >>> walk(SCENARIOS["wrong-bill"], [0, 0, 0]).coaching()[0].startswith("Keep")
            True
        """
        coach = self.scenario.method.coaching
        tips = [f"{step.capitalize()} (missed in {n} turn{'s' if n > 1 else ''}): "
                f"{coach[step]}"
                for step, n in sorted(self.missed.items(), key=lambda item: -item[1])]
        tips += [f"{rule.capitalize()} (broken in turn{'s' if len(turns) > 1 else ''} "
                 f"{', '.join(map(str, turns))}): "
                 f"{coach[rule]}" for rule, turns in self.broken.items()]
        if not tips and self.exchanges:
            tips.append("Keep doing what you did: every reply was good. Coach others by "
                        "playing this path back to them.")
        return tips

    def summary(self) -> str:
        """The path as plain text for the portfolio: each turn, the reply chosen and its
        feedback, the score, the steps shown and missed, and what to coach.

        Example:
            >>> text = walk(SCENARIOS["wrong-bill"], [2, 2, 2]).summary()
            >>> "Score: 0 of 6 points" in text and "Never blame the customer" in text
            True
        """
        lines = [f"{self.scenario.method.label}: {self.scenario.title}."]
        state = "finished" if self.ended else "not finished yet"
        turns = "turn" if self.turns_taken == 1 else "turns"
        lines.append(f"Score: {self.total} of {self.max_points} points over "
                     f"{self.turns_taken} {turns} ({state}).")
        for number, exchange in enumerate(self.exchanges, start=1):
            lines.append(f"Turn {number}. {self.scenario.speaker(exchange.turn)}: "
                         f"\u201c{exchange.turn.customer}\u201d")
            lines.append(f"  Reply {exchange.letter}: \u201c{exchange.choice.says}\u201d")
            lines.append(f"  Feedback: {exchange.choice.feedback_text()}")
        if self.exchanges:
            lines.append("Steps shown: " + (", ".join(
                f"{step} ({n})" for step, n in self.shown.items()) or "none") + ".")
            lines.append("Steps missed: " + (", ".join(
                f"{step} ({n})" for step, n in self.missed.items()) or "none") + ".")
            lines.append("Rules broken: " + (", ".join(self.broken) or "none") + ".")
            lines.append("What to coach:")
            lines += [f"- {tip}" for tip in self.coaching()]
        return "\n".join(lines)


def walk(scenario: Scenario, choices: Sequence[int]) -> Path:
    """Follow ``choices`` (0, 1, 2 for replies A, B, C) through ``scenario``.

    Fewer choices than the path needs give a path that has not ended (``current`` is the
    turn waiting for a reply); a choice after the end, or one that is not 0, 1 or 2, raises
    a ValueError naming it.

    Example:
        >>> path = walk(SCENARIOS["vulnerable"], [0])
        >>> path.ended, path.total, path.current.key
        (False, 2, 'grief-letter')
        >>> walk(SCENARIOS["vulnerable"], [5])
        Traceback (most recent call last):
        ...
        ValueError: choices[0] is 5: choose 0, 1 or 2 (replies A, B, C).
    """
    _check_scenario(scenario)
    exchanges: list[Exchange] = []
    current: Turn | None = scenario.start
    for position, index in enumerate(choices):
        if isinstance(index, bool) or not isinstance(index, int) \
                or not 0 <= index < len(LETTERS):
            raise ValueError(f"choices[{position}] is {index!r}: choose 0, 1 or 2 "
                             "(replies A, B, C).")
        if current is None:
            raise ValueError(f"choices[{position}] comes after the conversation ended "
                             f"({position} choices end it); remove the extra choices.")
        choice = current.choices[index]
        exchanges.append(Exchange(current, index, choice))
        current = scenario.turn(choice.next) if choice.next else None
    return Path(scenario, tuple(exchanges), current)


# ------------------------------------------------------------------------------ the words

#: The fictional energy supplier of the default organisation (checked against the sector
#: profile by the tests; lessons pass the organisation in use).
DEFAULT_ORGANISATION = "Wrenfield Energy & Broadband"
#: Sectors whose customers have gas or electricity meters (and the Priority Services Register).
ENERGY_SECTORS: tuple[str, ...] = ("energy",)

_ENERGY_WORDS: dict[str, str] = {
    "why_high": "this bill uses an estimated meter reading, not a real one, and the estimate "
                "is far too high. That's our estimate, not something you did wrong",
    "fix_now": "If you can read me the numbers on your meter now, I'll redo the bill on the "
               "real reading while we're on the phone",
    "fix_later": "It's an estimate. You'll need to send us a meter reading online, and your "
                 "next bill will put it right",
    "brush_off": "The system estimates from your past use. Estimates are normal; it all "
                 "balances out over the year",
    "blame": "Well, we only estimate when nobody sends us a meter reading. If you'd sent one, "
             "this wouldn't have happened",
    "no_help": "Everyone gets an estimated bill sometimes. There's nothing I can do until you "
               "send a reading",
    "support": "the Priority Services Register. It's free, and it means we, and the people "
               "who look after the network, know to give you extra help",
    "support_short": "add you to the Priority Services Register",
    "rationing": "I'll just not put the heating on for now. It's easier",
    "rationing_reply": "Please don't go without heating because of this",
}
_GENERAL_WORDS: dict[str, str] = {
    "why_high": "this bill has been worked out on the wrong figures. That's our mistake, not "
                "something you did wrong",
    "fix_now": "I'll correct the bill now, while we're on the phone",
    "fix_later": "It'll be a system thing. You'll need to fill in the query form online, and "
                 "your next bill will put it right",
    "brush_off": "The system works the bills out automatically, so it will be right. If "
                 "anything's out, it balances out over the year",
    "blame": "Well, if you'd checked your statements and told us sooner, this wouldn't have "
             "happened",
    "no_help": "Bills are produced automatically. There's nothing I can do until the billing "
               "team have looked at it",
    "support": "a note on your account of the extra help you need, such as large print or a "
               "named person to talk to. We only keep it if you agree",
    "support_short": "note the extra help you need on your account",
    "rationing": "I'll just leave it and stop paying anything until it sorts itself out",
    "rationing_reply": "Please don't worry about paying anything today",
}


def _wrong_bill(organisation: str, w: Mapping[str, str]) -> Scenario:
    complaint = Turn(
        "bill-complaint",
        "Right. I want to make a formal complaint, and I want it in writing.",
        note="The customer is calm now, but cold and determined.",
        choices=(
            Choice("Of course. I'm logging your complaint now, in your words: the bill that's "
                   "far too high and the direct debit going up without warning. You'll get a "
                   "written acknowledgement, and I'll keep working on the bill today. If "
                   "you're still unhappy with our final answer, the letter will tell you how "
                   "to take it to the ombudsman, free of charge.",
                   "Takes the complaint as the customer gives it, keeps working on the fix, "
                   "and says honestly what happens next. A complaint does not need a form.",
                   2, shows=(ACKNOWLEDGE, OWNERSHIP, NEXT_STEPS)),
            Choice("You can make a complaint through the form on our website.",
                   "Correct but unhelpful: the customer has just made a complaint to you, and "
                   "a complaint can be made in any way. Sending them elsewhere passes it on.",
                   1, shows=(ACKNOWLEDGE,), misses=(OWNERSHIP, NEXT_STEPS)),
            Choice("I don't think you've got grounds for a complaint. The bill followed our "
                   "process.",
                   f"Argues with the customer and refuses the complaint. Whether it is upheld "
                   f"is decided after investigation, not on the phone; {organisation} must "
                   f"still log it.",
                   0, misses=(ACKNOWLEDGE, EMPATHISE, OWNERSHIP), breaks=(NO_ARGUING,)),
        ),
    )
    direct_debit = Turn(
        "bill-direct-debit",
        "OK, that's better. But what about the direct debit? You've put it up, and it comes "
        "out on Friday.",
        choices=(
            Choice("I've set it back to the amount you paid before, and I can see the change "
                   "has gone through in time for Friday. I'll email you the corrected bill and "
                   "the new direct debit amount today. Is there anything else about the "
                   "account that's worrying you?",
                   "Checks before promising, then agrees clear next steps and when they "
                   "happen, and invites anything else.",
                   2, shows=(OWNERSHIP, NEXT_STEPS)),
            Choice("The direct debit should be reviewed automatically once the bill's "
                   "corrected.",
                   "Probably true, but vague: the customer still doesn't know what will "
                   "come out on Friday.",
                   1, shows=(ACKNOWLEDGE,), misses=(OWNERSHIP, NEXT_STEPS)),
            Choice("Don't worry, I'll make sure you get back everything you've paid this year, "
                   "plus compensation, by tomorrow.",
                   "Promises what the agent cannot deliver (nor has checked). When it doesn't "
                   "happen the customer will be angrier than at the start.",
                   0, misses=(NEXT_STEPS,), breaks=(NO_OVERPROMISING,)),
        ),
    )
    hardship = Turn(
        "bill-hardship",
        "Balance out? I can't wait for it to balance out. That extra money is what I've got "
        "for food this week.",
        note="The customer's voice is shaking.",
        choices=(
            Choice("I'm sorry, I put that badly, and thank you for telling me. You shouldn't "
                   "have to wait: I'll stop the higher payment now and correct the bill. "
                   "Would it help if I went through the support we can offer while money's "
                   "tight? I'll only note it on your account if you're happy for me to.",
                   "Recovers well: owns the mistake, acts now, and spots a customer who may "
                   "be in vulnerable circumstances, asking before recording it.",
                   2, shows=(ACKNOWLEDGE, EMPATHISE, OWNERSHIP, NEXT_STEPS)),
            Choice("I'm sorry to hear that. I'll raise a query with the billing team and "
                   "they'll be in touch.",
                   "Sympathetic, but hands the problem on with no time scale, to a customer "
                   "who needs the money this week.",
                   1, shows=(EMPATHISE,), misses=(OWNERSHIP, NEXT_STEPS)),
            Choice(w["no_help"] + ".",
                   "Dismisses a customer who has just said they cannot afford food: a sign "
                   "they may be in vulnerable circumstances.",
                   0, misses=(ACKNOWLEDGE, EMPATHISE, OWNERSHIP), breaks=(NO_ARGUING,),
                   next=complaint.key),
        ),
    )
    cause = Turn(
        "bill-cause",
        "Go on, then. Why is it so high?",
        choices=(
            Choice(f"I can see why: {w['why_high']}. {w['fix_now']}.",
                   "Explains in plain words, takes ownership of the mistake and fixes it "
                   "during the call.",
                   2, shows=(ACKNOWLEDGE, OWNERSHIP), next=direct_debit.key),
            Choice(w["fix_later"] + ".",
                   "Gives a route to a fix, but the work goes back to the customer and they "
                   "must wait for the next bill.",
                   1, shows=(ACKNOWLEDGE,), misses=(OWNERSHIP,), next=direct_debit.key),
            Choice(w["brush_off"] + ".",
                   "Defends the system instead of the customer: \u201cit balances out\u201d "
                   "argues with them and ignores what the bill does to them now.",
                   0, misses=(EMPATHISE, OWNERSHIP), breaks=(NO_ARGUING,), next=hardship.key),
        ),
    )
    blamed = Turn(
        "bill-blamed",
        "Don't you dare put this on me. I've been with you for nine years. Put me through to "
        "your manager. I'm going to the ombudsman.",
        note="The customer is shouting.",
        choices=(
            Choice("You're right, I shouldn't have said that, and I'm sorry. You can speak to "
                   "a manager and I'll arrange it if you want, but I'd like to put this right "
                   "for you now. Will you let me look at the account with you?",
                   "Apologises for its own mistake without excuses, respects the request, and "
                   "takes ownership.",
                   2, shows=(ACKNOWLEDGE, EMPATHISE, OWNERSHIP), next=cause.key),
            Choice("I'll ask a manager to call you back.",
                   "Calms things for now, but passes the customer on without fixing "
                   "anything or saying when.",
                   1, shows=(ACKNOWLEDGE,), misses=(OWNERSHIP, NEXT_STEPS), next=cause.key),
            Choice("Going to the ombudsman won't help you. They'll only say the same as me.",
                   "Argues, and is wrong: the ombudsman is independent and decides for "
                   "itself. Customers have a right to go to it.",
                   0, misses=(ACKNOWLEDGE, EMPATHISE), breaks=(NO_ARGUING,),
                   next=complaint.key),
        ),
    )
    opening = Turn(
        "bill-open",
        "I've just opened my bill and it's three times what I normally pay. And you've put my "
        "direct debit up without even asking me! This is daylight robbery. Sort it out, now.",
        note="The customer is angry and talking fast.",
        choices=(
            Choice("I'm sorry, that must have been a real shock, and the direct debit going up "
                   "on top is worrying. I'm going to look into this with you now. Can I take "
                   "your account number, so I can see exactly what's happened?",
                   "Names both problems back to the customer, recognises the shock, and owns "
                   "the next move.",
                   2, shows=(ACKNOWLEDGE, EMPATHISE, OWNERSHIP), next=cause.key),
            Choice("Right. Can I take your account number and I'll have a look?",
                   "Takes ownership, but skips the customer's feelings: they have no sign "
                   "yet that you heard them.",
                   1, shows=(OWNERSHIP,), misses=(ACKNOWLEDGE, EMPATHISE), next=cause.key),
            Choice(w["blame"] + ".",
                   "Blames the customer in the first ten seconds. Whatever the cause, the "
                   "fix must come first.",
                   0, misses=(ACKNOWLEDGE, EMPATHISE), breaks=(NO_BLAME,), next=blamed.key),
        ),
    )
    return Scenario(
        "wrong-bill", "An angry customer with a wrong bill",
        f"You answer a call at {organisation}. The customer has just opened a bill far "
        f"higher than usual, and their direct debit has gone up without warning.",
        (opening, cause, blamed, direct_debit, hardship, complaint),
    )


def _vulnerable(organisation: str, w: Mapping[str, str]) -> Scenario:
    withdrawn = Turn(
        "grief-withdrawn",
        f"\u2026 I'll leave it. {w['rationing']}.",
        note="A long silence first. She sounds exhausted.",
        choices=(
            Choice(f"{w['rationing_reply']}. Let's stop for today, and nothing more is needed "
                   f"from you now. With your agreement I'll put a hold on the account so "
                   f"nobody chases you, and I'll call you back tomorrow at a time that suits "
                   f"you. Would you like me to {w['support_short']} too?",
                   "Hears the warning sign (a customer about to go without), takes the "
                   "pressure off, and agrees a next step at her pace, with her consent.",
                   2, shows=(EMPATHISE, OWNERSHIP, NEXT_STEPS)),
            Choice("That's up to you, but please call us if you need anything.",
                   "Polite, but leaves a customer at risk to cope alone: the next step is "
                   "left to her.",
                   1, shows=(ACKNOWLEDGE,), misses=(OWNERSHIP, NEXT_STEPS)),
            Choice("OK. Is there anything else I can help you with today?",
                   "Misses a clear sign of a customer in vulnerable circumstances and ends "
                   "the call. This is where harm happens.",
                   0, misses=(ACKNOWLEDGE, EMPATHISE, OWNERSHIP, NEXT_STEPS)),
        ),
    )
    helper = Turn(
        "grief-helper",
        "That's kind of you. Is there anyone who could help me with all this? My son lives "
        "in Leeds.",
        choices=(
            Choice("Yes. If you'd like, we can add your son as someone we can talk to about "
                   "the account; I'll send you the form in large print. And, only if you're "
                   "happy for me to, I'll note that you've been bereaved, so you won't have to "
                   "explain again. I'll ring you on Thursday morning to check the letter has "
                   "arrived. Does that suit you?",
                   "Offers adjustments, asks consent before recording anything about her, "
                   "and agrees a clear next step with a day and time.",
                   2, shows=(EMPATHISE, OWNERSHIP, NEXT_STEPS)),
            Choice("Your son can call us, but you'll need to be on the line to give "
                   "permission.",
                   "Accurate, but it leaves her to organise it, with no agreed next step.",
                   1, shows=(ACKNOWLEDGE,), misses=(OWNERSHIP, NEXT_STEPS)),
            Choice("I'll just put your son down as the contact on the account from now on.",
                   "Acts for her without asking: she has not agreed to it, and her son has "
                   "not been checked. Ask, explain, then agree.",
                   0, shows=(OWNERSHIP,), misses=(EMPATHISE, NEXT_STEPS)),
        ),
    )
    confused = Turn(
        "grief-confused",
        "I can't read it. I've tried. I don't know what it wants me to do, and I'm frightened "
        "I'll get it wrong.",
        note="She is close to tears.",
        choices=(
            Choice("I'm sorry, I should have asked. Let me read it to you now, slowly, and "
                   "then I'll tell you exactly what happens next. From now on we can send "
                   "your letters in large print, or call you instead, whichever you prefer. "
                   "Would that help?",
                   "Makes a reasonable adjustment on the spot and offers lasting ones: large "
                   "print, or a call instead of letters.",
                   2, shows=(ACKNOWLEDGE, EMPATHISE, OWNERSHIP), next=helper.key),
            Choice("It just needs you to send us your husband's death certificate and a copy "
                   "of the will.",
                   "Tells her what to do but not how, and piles on paperwork she may not have "
                   "yet. No adjustment for her sight.",
                   1, shows=(OWNERSHIP,), misses=(EMPATHISE, NEXT_STEPS), next=helper.key),
            Choice("It's quite straightforward really. It's all on our website as well.",
                   "Tells a bereaved customer with poor sight that it is easy and sends her "
                   "to a website: it rushes her and argues with how she feels.",
                   0, misses=(ACKNOWLEDGE, EMPATHISE, OWNERSHIP), breaks=(NO_ARGUING,),
                   next=withdrawn.key),
        ),
    )
    letter = Turn(
        "grief-letter",
        "It's Joan Hale, and my husband was Peter. The letter says something about closing "
        "his account and a final bill. Are you going to cut me off? I can't read the small "
        "print; my eyes aren't good.",
        choices=(
            Choice(f"Nothing is going to happen to your account while we sort this out "
                   f"together, and I'm putting a note on it now so no one chases you. The "
                   f"letter is about moving the account into your name, and I can do that "
                   f"with you today. Would you like your letters in large print? I'd also like "
                   f"to tell you about {w['support']}.",
                   "Answers her fear first, owns the task, offers an adjustment for her sight "
                   "and checks what extra help she needs.",
                   2, shows=(EMPATHISE, OWNERSHIP, NEXT_STEPS), next=helper.key),
            Choice("Don't worry about the letter, it's automatic. I'll move the account into "
                   "your name now.",
                   "Reassures and acts, but doesn't respond to her sight problem or check "
                   "what extra help she needs.",
                   1, shows=(OWNERSHIP,), misses=(EMPATHISE, NEXT_STEPS), next=helper.key),
            Choice("The letter explains it all; it's a standard one. Page two tells you what "
                   "to do.",
                   "She has just said she cannot read the small print: this ignores it (she "
                   "is owed a reasonable adjustment) and leaves her on her own.",
                   0, misses=(ACKNOWLEDGE, EMPATHISE, OWNERSHIP), next=confused.key),
        ),
    )
    upset = Turn(
        "grief-upset",
        "I haven't even got the death certificate yet\u2026 I can't do this. Maybe I should "
        "just leave it.",
        note="She starts to cry.",
        choices=(
            Choice("I'm sorry, I went too fast. You don't need to send us anything today, and "
                   "there's no rush at all. We'll do this together, a step at a time, and the "
                   "certificate can wait until you have it. Can I start by finding the account "
                   "with your husband's name?",
                   "Apologises, slows right down and takes the pressure off: the process can "
                   "wait for the person.",
                   2, shows=(ACKNOWLEDGE, EMPATHISE, OWNERSHIP), next=letter.key),
            Choice("That's OK. Call us back when you've got the certificate.",
                   "Kind in tone, but ends the help and leaves her with the problem and no "
                   "agreed next step.",
                   1, shows=(EMPATHISE,), misses=(OWNERSHIP, NEXT_STEPS), next=confused.key),
            Choice("I'm afraid we do need it. It's our process.",
                   "Puts the process before a grieving customer and argues with her.",
                   0, misses=(EMPATHISE, OWNERSHIP), breaks=(NO_ARGUING,),
                   next=withdrawn.key),
        ),
    )
    opening = Turn(
        "grief-open",
        "Hello\u2026 I'm sorry\u2026 I've had a letter addressed to my husband. He died three "
        "weeks ago. I don't understand it. He always did all this.",
        note="She speaks quietly, with long pauses.",
        choices=(
            Choice("I'm so sorry for your loss. Please take your time; there's no rush at all. "
                   "I'll help you with the letter. Could you tell me your name, and your "
                   "husband's name, so I can find the account?",
                   "Condolences first, then slows the call down and takes ownership of the "
                   "letter.",
                   2, shows=(ACKNOWLEDGE, EMPATHISE, OWNERSHIP), next=letter.key),
            Choice("Sorry to hear that. What's the account number on the letter?",
                   "Polite, but jumps straight to process: she has no sign yet that you will "
                   "take it slowly.",
                   1, shows=(ACKNOWLEDGE,), misses=(EMPATHISE,), next=letter.key),
            Choice("I can only discuss an account with the account holder, I'm afraid. You'll "
                   "need to send us a copy of the death certificate first.",
                   "Rushes to a rule and blocks her. Bereavement is a life event that can "
                   "make anyone vulnerable: slow down and help first.",
                   0, misses=(EMPATHISE, OWNERSHIP), next=upset.key),
        ),
    )
    return Scenario(
        "vulnerable", "A customer in vulnerable circumstances",
        f"You answer a call at {organisation}. The caller is an older woman whose husband "
        f"died recently. The account was in his name, and a letter about it has worried her. "
        f"Don't rush: listen for signs she needs extra help, and ask before you record them.",
        (opening, letter, upset, confused, helper, withdrawn),
    )


def scenarios(organisation: str = DEFAULT_ORGANISATION,
              sector: str = "energy") -> dict[str, Scenario]:
    """The scenarios for ``organisation`` in ``sector`` (energy words for an energy
    supplier, plain words otherwise), by key.

    Example:
        >>> council = scenarios("Ashcombe Vale Borough Council", sector="council")
        >>> "meter" in str(council), "Ashcombe Vale" in council["wrong-bill"].setting
        (False, True)
    """
    if not isinstance(organisation, str) or not organisation.strip():
        raise ValueError("organisation must be the organisation's name, e.g. "
                         f"{DEFAULT_ORGANISATION!r}.")
    words = _ENERGY_WORDS if sector in ENERGY_SECTORS else _GENERAL_WORDS
    built = (_wrong_bill(organisation.strip(), words), _vulnerable(organisation.strip(), words))
    return {scenario.key: scenario for scenario in built}


#: The scenarios for the default organisation (an energy supplier).
SCENARIOS: dict[str, Scenario] = scenarios()
