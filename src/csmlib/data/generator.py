"""Generate a whole synthetic service organisation from a seed.

``generate(seed, sector, start, days)`` returns every table as a pandas DataFrame. The same
inputs always give identical data. The generator is vectorised with numpy: one pass builds
every contact, so the default 13 weeks of data takes a few seconds.

How the data is made (and the relationships a learner can discover):

* **Demand**: contacts arrive as an inhomogeneous Poisson process: a daily volume with a
  weekly shape (Monday busiest, weekends quiet) and day-to-day over-dispersion, spread over
  half-hours with mid-morning and mid-afternoon peaks. A sector event (a billing run, a storm)
  adds a spike on a known date. England and Wales bank holidays (brief §7) run at weekend
  opening hours with a skeleton team and about ``BANK_HOLIDAY_DEMAND`` of a day's contacts.
* **One consistent model of the workforce**: the demand level is chosen so that the plan's
  scheduled agent-hours are what the headcount (``agents``) can work: headcount × contract
  hours × (1 − off-shift shrinkage), within ``PLAN_TOLERANCE``. The salary budget pays the
  headcount's contract hours (the same as the plan's hours ÷ (1 − off-shift shrinkage)); the
  ``attendance`` table rosters agents to the plan's hours, 5 shifts a week, with absence,
  breaks and coaching, and adherence; agents leave at ``ANNUAL_ATTRITION`` a year and are
  replaced by new hires (``agents.left_on``). tests/test_model_consistency.py checks every
  sector.
* **Staffing and waits**: the ``interval_plan`` schedules phone and chat agents with Erlang C
  for the forecast (a chat agent holds ``chat_concurrency`` chats at once, so chat needs
  fewer agents per contact than phone), divided by (1 − on-shift shrinkage) because the plan
  counts agents on a break or in coaching, with realistic gaps (lunchtimes and Monday
  mornings run short); email and social work is planned per day from its workload and
  worked in batches (no queue). Waits and abandonment come from the actual arrivals against
  the agents present that day and free to take contacts, with callers' patience, so
  under-staffed peaks show long waits and hang-ups.
* **Handling**: handle times (talk + hold + after-contact work; ``hold_s`` is the hold part
  of phone calls) are lognormal by channel; new starters are 1.3–1.8× slower and converge
  over months. Each contact is handled by an agent present that day. Unresolved contacts
  bring the customer back within days.
* **Customers' views**: CSAT, NPS and CES are driven by wait, resolution, transfers and
  repeat contacts; a realistic minority answer the survey, some with a comment, and those
  whose issue was not resolved (or who waited long) answer less often (non-response bias).
* **Complaints** follow dissatisfaction, with a Pareto mix of categories and resolution times
  measured against the regulator's rule.
* **Customers and churn**: each customer joined up to 10 years before the data (more of them
  recently) and holds 1–3 products. Who leaves follows ``CHURN_MODEL`` (course assumptions):
  a sector's base rate times multipliers for the customer's lowest CSAT, latest NPS group,
  worst complaint outcome, a very long wait, a first year and products held, so churn falls
  as satisfaction rises and an open or rejected complaint drives customers away.
* **Hidden truths** (see ``hidden_truths()``): one team's process change on a known date
  lowers repeat contacts; one training course really lifts QA scores; a demand spike.
* **People** (``candidates``, and training's ``reaction_score`` and ``test_score``): the
  applicants for agent posts in the two years before the data, whose interview scores
  predict later QA moderately while the CV's experience score does not; course feedback
  that likes the course that does nothing. Drawn from streams of their own
  (``PEOPLE_STREAM``), so the other tables are as they were before it was added.

The organisation's planning assumptions (pay, on-costs, shrinkage, opening hours, service
targets, chat concurrency) come from the sector profile (``csmlib.data.planning_assumptions``): no
planning figure is written here. Every column is described in ``csmlib.data.schema``, and
``csmlib.data.store.save`` checks each table against it before writing.

Example:
    >>> org = generate(seed=7, days=7, agents=24)
    >>> sorted(org.tables)[:3]
    ['agents', 'attendance', 'budget']
    >>> bool(org.tables["contacts"]["channel"].isin(["phone", "email", "chat", "social"]).all())
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from csmlib.analysis import bank_holidays, checks, repeats, staffing
from csmlib.data import schema, text
from csmlib.data.planning_assumptions import Assumptions
from csmlib.data.sectors import CHANNELS, SectorProfile, profile

DEFAULT_SEED = 2026
DEFAULT_SECTOR = "energy"
DEFAULT_START = "2026-01-05"
DEFAULT_DAYS = 91
DEFAULT_AGENTS = 72
MAX_DAYS = 730
AGENT_RANGE = (6, 400)
#: at most this many agent-days (``days * agents``): about 40 contacts are made per agent-day,
#: so 20,000 agent-days is about 800,000 contacts, generated in about 7 s with about 750 MB
#: on a 2-core machine (a year of 72 agents, 1 million contacts, takes ~10 s and ~1 GB)
MAX_AGENT_DAYS = 20_000
#: the first day must fall in this range (pandas' timestamps end in 2262)
START_RANGE = (date(1900, 1, 1), date(2199, 12, 31))

TABLES: tuple[str, ...] = tuple(schema.TABLES)  # contacts, agents, ... budget
TEAM_NAMES = ("Aspen", "Birch", "Cedar", "Hazel", "Maple", "Rowan", "Willow", "Elm",
              "Juniper", "Alder", "Holly", "Linden")
AGENTS_PER_TEAM = 12
COMPETENCIES = ("communication", "empathy", "problem_solving", "product_knowledge",
                "systems_use")
QA_ITEMS = ("greeting", "understanding_need", "accuracy", "empathy", "resolution",
            "compliance")
WEEKDAY_SHAPE = np.array([1.24, 1.12, 1.07, 1.03, 0.99, 0.68, 0.56])  # Monday first
PATIENCE_MEAN_S = {"phone": 480.0, "chat": 540.0}  # customers' behaviour, not a plan
#: bank holidays (England and Wales, ``csmlib.analysis.bank_holidays``): the centre runs a
#: skeleton service at weekend opening hours and few customers get in touch; demand is this
#: share of an average day's (a quiet Sunday is about 0.59 of an average day)
BANK_HOLIDAY_DEMAND = 0.35
#: how off-shift shrinkage splits (shares of ``Assumptions.off_shift_shrinkage``): annual
#: leave with bank holidays about 12%, sickness about 4%, training days about 2% of
#: contracted time (course assumptions, as the assumptions' source says)
OFF_SHIFT_SPLIT = {"leave": 12 / 18, "sickness": 4 / 18, "training": 2 / 18}
#: agents leaving in a year (share of headcount): an assumption, not a sourced figure; UK
#: contact centres commonly report 20–35% a year. The period has the number of leavers this
#: rate gives (rounded); new starters (under 6 months) are twice as likely to be among them.
#: Each leaver is replaced by a new hire after a recruitment gap.
ANNUAL_ATTRITION = 0.27
RECRUITMENT_GAP_DAYS = (14, 42)
#: agents work 5 days of the 7 the centre opens, each a shift of contract hours ÷ 5
SHIFTS_PER_WEEK = 5
#: the plan's weekly scheduled agent-hours stay within this share of headcount × contract
#: hours × (1 − off-shift shrinkage) (tests/test_model_consistency.py checks every sector)
PLAN_TOLERANCE = 0.10
#: customers' satisfaction (latent scale) per unit of the handling agent's hidden skill, and
#: after the agent completed the course that works: who serves the customer matters, which is
#: what recruitment and training aim at
AGENT_SATISFACTION = {"skill": 0.25, "effective_course": 0.35}
TRAINING_COURSES = ("Empathy and de-escalation", "Systems refresher",
                    "Data protection refresher")
#: the people data added for notebook 05 (course feedback, candidates) draws its random numbers
#: from streams seeded with [seed, PEOPLE_STREAM, part], never from the main stream, so adding
#: it moved nothing in the other tables
PEOPLE_STREAM = 13
#: end-of-course feedback (Kirkpatrick level 1, "reaction"), whole scores 1–5: the mean each
#: course's takers give it. Liking is NOT effectiveness: the systems refresher (no effect on
#: QA) is liked most, the empathy course (the one that works) less (course assumption)
REACTION_MEANS = {"Empathy and de-escalation": 3.6, "Systems refresher": 4.3,
                  "Data protection refresher": 3.3}
#: the learning test at the end of each course (level 2), 0–100: mean, spread between
#: agents, and how much more a skilled agent scores (points per standard deviation of skill)
TEST_SCORES = {"Empathy and de-escalation": (78.0, 8.0, 5.0),
               "Systems refresher": (70.0, 12.0, 6.0),
               "Data protection refresher": (86.0, 7.0, 3.0)}
#: recruitment: the applicants for agent posts in the RECRUITMENT_WINDOW_DAYS before the data
#: starts; every agent hired in that window was one of them (course assumptions throughout)
RECRUITMENT_WINDOW_DAYS = 730
#: the five competencies each of the two interviewers scores (1–5, behaviourally anchored)
INTERVIEW_COMPETENCIES: tuple[str, ...] = tuple(schema.INTERVIEW_COMPETENCIES)
AGE_BANDS = ("under 25", "25 and over")
#: share of applicants under 25
UNDER_25_SHARE = 0.35
#: the experience score read from the CV (1–5): mean by age band (spread 0.9); unrelated to
#: how well the applicant would do the job
CV_EXPERIENCE_MEANS = {"under 25": 2.2, "25 and over": 3.4}
#: other applicants for each post besides the one hired: 1 + a Poisson count of this mean,
#: fewer when few applicants scored below the one hired
OTHER_APPLICANTS_MEAN = 2.0
#: how an interviewer's score is made (1–5 scale, before rounding): centre + spread × (skill ×
#: the agent's hidden skill + halo × how well the applicant interviews, unrelated to the job
#: + the rest: this competency alone) + the interviewer's own error
INTERVIEW_MODEL = {"centre": 3.0, "spread": 0.85, "skill": 0.55, "halo": 0.6,
                   "interviewer_error_sd": 0.5}
#: how the centre decided whom to hire: the weighted interview score (mean of the two
#: interviewers per competency, these weights) + HIRING_CV_WEIGHT × the CV experience score
#: (managers also liked experience on a CV) + noise (the panel's judgement on the day); in
#: each post's round the highest was hired
HIRING_WEIGHTS = {"empathy": 0.25, "ownership": 0.2, "communication": 0.25,
                  "problem_solving": 0.15, "resilience": 0.15}
HIRING_CV_WEIGHT = 0.3
HIRING_NOISE_SD = 0.3
#: customers' behaviour: share answering the post-contact survey when the issue was resolved
#: and the wait was not long (an emailed survey is answered less often)
SURVEY_RESPONSE = {"phone": 0.175, "chat": 0.175, "social": 0.175, "email": 0.11}
#: non-response bias: customers whose issue was not resolved answer far less often (the very
#: dissatisfied rarely bother with a quick survey; the satisfied do), and a long wait lowers
#: the response a little more; these multiply the response above
SURVEY_UNRESOLVED_FACTOR = 0.55
SURVEY_LONG_WAIT_FACTOR = 0.85
#: customers' underlying satisfaction before the things that lower it (waits, no resolution,
#: transfers, repeats, complaints): set so that the surveyed customers' CSAT is near the
#: course's 75% target; all customers', surveyed or not, is lower (non-response bias)
SATISFACTION_BASE = 1.3
#: a long wait: over 3 minutes on phone and chat, over a day on email and social
LONG_WAIT_S = {"live": 180, "written": 86_400}


@dataclass
class Organisation:
    """A generated organisation: its tables, and the facts behind them."""

    seed: int
    sector: str
    name: str
    start: date
    days: int
    tables: dict[str, pd.DataFrame]
    truths: dict[str, Any] = field(default_factory=dict)
    #: the planning assumptions the tables were made with (recorded in the manifest)
    assumptions: Assumptions = field(default_factory=Assumptions)
    #: the headcount (agent posts) it was generated with; the agents table also holds the
    #: leavers' replacements, so it can have more rows (None: count the agents table)
    headcount: int | None = None

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.tables[table]


def _intraday_shape() -> np.ndarray:
    """Relative arrivals per half-hour of the day (48 values): peaks ~10:30 and ~14:30."""
    middle = np.arange(48) / 2 + 0.25
    shape = (0.35 + 1.0 * np.exp(-(((middle - 10.5) / 1.6) ** 2))
             + 0.75 * np.exp(-(((middle - 14.75) / 1.8) ** 2))
             + 0.15 * np.exp(-(((middle - 18.5) / 1.5) ** 2)))
    return shape


def _open_mask(weekday: int, channel: str, assumptions: Assumptions) -> np.ndarray:
    """Half-hours of the day a channel is open (phone/chat by weekday; email/social daily)."""
    mask = np.zeros(48, dtype=bool)
    first, last = assumptions.half_hours(weekend=weekday >= 5,
                                         written=channel in ("email", "social"))
    mask[first:last] = True
    return mask


def _start_date(start: Any) -> date:
    """The first day: an ISO date string (YYYY-MM-DD) or a date/datetime, nothing ambiguous."""
    how = ("start must be a date written YYYY-MM-DD, such as '2026-01-05' (or a datetime.date); "
           f"got {start!r}. Forms such as '01/05/2026' are ambiguous (5 January or 1 May?) and "
           "words such as 'today' would give different data on different days.")
    if isinstance(start, datetime):
        if pd.isna(start):
            raise ValueError(how)
        start_date = start.date()
    elif isinstance(start, date):
        start_date = start
    elif isinstance(start, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", start.strip()):
        try:
            start_date = date.fromisoformat(start.strip())
        except ValueError as error:
            raise ValueError(f"start {start!r} is not a real date ({error}); write it "
                             "YYYY-MM-DD, such as '2026-01-05'.") from None
    else:
        raise ValueError(how)
    first, last = START_RANGE
    if not first <= start_date <= last:
        raise ValueError(f"start must be from {first} to {last}; got {start!r}.")
    return start_date


def _validate(seed: Any, sector: str, start: Any, days: Any, agents: Any) -> tuple:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a whole number of 0 or more; got {seed!r}.")
    sector_profile = profile(sector)
    start_date = _start_date(start)
    if isinstance(days, bool) or not isinstance(days, int | np.integer) or not (
            1 <= days <= MAX_DAYS):
        raise ValueError(f"days must be a whole number from 1 to {MAX_DAYS}; got {days!r}.")
    low, high = AGENT_RANGE
    if isinstance(agents, bool) or not isinstance(agents, int | np.integer) or not (
            low <= agents <= high):
        raise ValueError(f"agents must be a whole number from {low} to {high}; got {agents!r}.")
    if days * agents > MAX_AGENT_DAYS:
        raise ValueError(
            f"days x agents must be at most {MAX_AGENT_DAYS:,} (about {40 * MAX_AGENT_DAYS:,} "
            f"contacts, so generating takes seconds and under 1 GB of memory); got {days} days "
            f"x {agents} agents = {days * agents:,}. Use fewer days or agents, e.g. "
            f"days={MAX_AGENT_DAYS // agents} with {agents} agents.")
    return int(seed), sector_profile, start_date, int(days), int(agents)


def generate(seed: int = DEFAULT_SEED, sector: str = DEFAULT_SECTOR,
             start: str | date = DEFAULT_START, days: int = DEFAULT_DAYS,
             agents: int = DEFAULT_AGENTS) -> Organisation:
    """Generate every table of one organisation. Same inputs, identical data.

    ``sector`` is one of energy (default), telecom, retail, council, insurance. ``start`` is
    the first day: a ``datetime.date`` or an ISO date string ``"YYYY-MM-DD"`` (from 1900-01-01
    to 2199-12-31); ambiguous forms such as ``"01/05/2026"`` and words such as ``"today"`` are
    refused. Limits, so generating takes seconds, not minutes: ``days`` from 1 to 730,
    ``agents`` from 6 to 400, and ``days * agents`` at most 20,000 agent-days (about 800,000
    contacts: ~7 s and ~750 MB on a 2-core machine), e.g. 91 days with up to 219 agents, or
    365 days with up to 54. A ``ValueError`` says which argument to change.

    Example:
        >>> generate(seed=1, days=3, agents=12).name
        'Wrenfield Energy & Broadband'
    """
    seed, sector_profile, start_date, days, agents = _validate(seed, sector, start, days, agents)
    rng = np.random.default_rng(seed)
    builder = _Builder(rng, sector_profile, start_date, days, agents,
                       people_seed=(seed, PEOPLE_STREAM))
    return builder.build(seed)


class _Builder:
    """Builds the tables in dependency order; each step reads the earlier ones."""

    def __init__(self, rng: np.random.Generator, sector: SectorProfile, start: date,
                 days: int, agents: int,
                 people_seed: tuple[int, ...] = (DEFAULT_SEED, PEOPLE_STREAM)) -> None:
        self.rng = rng
        #: seeds the people data's own random streams (see PEOPLE_STREAM)
        self.people_seed = tuple(int(part) for part in people_seed)
        self.sector = sector
        self.assumptions = sector.assumptions
        self.start = start
        self.days = days
        self.n_agents = agents
        self.dates = pd.date_range(start, periods=days, freq="D")
        self.end = self.dates[-1] + pd.Timedelta(days=1)
        self.truths: dict[str, Any] = {}

    # --------------------------------------------------------------- build
    def build(self, seed: int) -> Organisation:
        agents = self.agents()
        training = self.training(agents)
        plan, actual_volume = self.interval_plan()
        attendance = self.attendance(agents, plan)
        contacts = self.contacts(agents, plan, actual_volume)
        complaints = self.complaints(contacts)
        customers = self.customers(contacts, complaints)
        qa = self.qa_evaluations(agents, training)
        budget = self.budget(plan, contacts, agents)
        candidates = self.candidates(agents)
        tables = {"contacts": contacts, "agents": agents, "qa_evaluations": qa,
                  "training": training, "complaints": complaints, "customers": customers,
                  "interval_plan": plan, "budget": budget, "attendance": attendance,
                  "candidates": candidates}
        tables = {name: tables[name] for name in TABLES}
        return Organisation(seed, self.sector.key, self.sector.organisation, self.start,
                            self.days, tables, self.truths, self.assumptions, self.n_agents)

    # -------------------------------------------------------------- agents
    def agents(self) -> pd.DataFrame:
        """The ``n_agents`` posts' agents at the start, the leavers among them (``left_on``)
        and the new hires replacing them after a recruitment gap (``hire_date`` in the
        period), so the headcount stays near ``n_agents``."""
        rng, n = self.rng, self.n_agents
        n_teams = max(1, int(np.ceil(n / AGENTS_PER_TEAM)))
        teams = [f"Team {TEAM_NAMES[i % len(TEAM_NAMES)]}" for i in range(n_teams)]
        team = np.array(teams)[np.arange(n) % n_teams]
        new_starter = rng.random(n) < 0.18
        tenure_at_start = np.where(new_starter, rng.uniform(0.1, 3.0, n),
                                   rng.lognormal(np.log(30), 0.7, n).clip(4, 180))
        hire = (pd.Timestamp(self.start) - pd.to_timedelta(
            np.round(tenure_at_start * 30.44), unit="D")).to_numpy()
        # leavers: as many as the annual attrition gives over the period (rounded), chosen
        # with new starters (under 6 months) twice as likely to go, on random days
        weight = np.where(tenure_at_start < 6, 2.0, 1.0)
        expected = n * ANNUAL_ATTRITION * self.days / 365  # leavers ÷ headcount, annualised
        count = min(int(np.round(expected)), n)
        goes = rng.choice(n, count, replace=False, p=weight / weight.sum())
        leaves = np.zeros(n, dtype=bool)
        leaves[goes] = True
        leave_day = rng.integers(1, max(self.days, 2), n)
        leaves &= leave_day < self.days
        left = np.where(leaves, self.dates[0].to_datetime64()
                        + leave_day.astype("timedelta64[D]"), np.datetime64("NaT"))
        gap = rng.integers(RECRUITMENT_GAP_DAYS[0], RECRUITMENT_GAP_DAYS[1] + 1, n)
        new_hire = left + gap.astype("timedelta64[D]")
        replaced = leaves & (new_hire < self.end.to_datetime64())
        order = np.flatnonzero(replaced)[np.argsort(new_hire[replaced], kind="stable")]
        all_team = np.concatenate([team, team[order]])
        all_hire = np.concatenate([hire, new_hire[order]]).astype("datetime64[D]")
        all_left = np.concatenate([left, np.full(len(order), np.datetime64("NaT"))]
                                  ).astype("datetime64[D]")
        m = len(all_team)
        until = np.where(np.isnat(all_left), self.end.to_datetime64(), all_left)
        tenure_end = (until - all_hire).astype("timedelta64[D]").astype(float) / 30.44
        skill = rng.normal(0, 1, m)
        table = pd.DataFrame({
            "agent_id": [f"A{i + 1:03d}" for i in range(m)],
            "team": all_team,
            "hire_date": pd.to_datetime(all_hire).date,
            "tenure_months": np.round(np.maximum(tenure_end, 0), 1),
        })
        experience = np.clip(np.log1p(np.maximum(tenure_end, 0)) / np.log(61), 0, 1)
        for competency in COMPETENCIES:
            raw = 2.4 + 1.6 * experience + 0.45 * skill + rng.normal(0, 0.45, m)
            table[f"{competency}_score"] = np.clip(np.round(raw, 1), 1, 5)
        table["left_on"] = pd.Series(pd.to_datetime(all_left)).dt.date.where(
            ~np.isnat(all_left), None)
        self.agent_skill = skill
        self.teams = teams
        self.hired = pd.to_datetime(all_hire)
        self.left = pd.to_datetime(all_left)
        self.truths["new_starters"] = int((tenure_at_start < 3).sum())
        self.truths["attrition"] = {
            "annual_share_assumed": ANNUAL_ATTRITION, "leavers": int(leaves.sum()),
            "replaced": int(replaced.sum()),
            "what": "agents leave at about the assumed annual rate (twice as often in their "
                    "first 6 months) and are replaced after a recruitment gap of "
                    f"{RECRUITMENT_GAP_DAYS[0]}–{RECRUITMENT_GAP_DAYS[1]} days"}
        return table

    def _employed(self) -> np.ndarray:
        """agents × days: True where the agent is employed that day."""
        days = self.dates.to_numpy()[None, :]
        hired = self.hired.to_numpy()[:, None]
        left = self.left.to_numpy()[:, None]
        return (hired <= days) & (np.isnat(left) | (days < left))

    def training(self, agents: pd.DataFrame) -> pd.DataFrame:
        rng, n = self.rng, len(agents)
        rows = []
        empathy_takers = rng.random(n) < 0.4
        window = max(self.days - 21, 1)
        for i in range(n):
            hired = pd.Timestamp(agents["hire_date"].iloc[i])
            if empathy_takers[i]:
                day = int(rng.integers(7, 7 + window)) if self.days > 14 else 0
                rows.append((i, TRAINING_COURSES[0], self.dates[0] + pd.Timedelta(days=day)))
            if rng.random() < 0.45:
                day = int(rng.integers(0, self.days))
                rows.append((i, TRAINING_COURSES[1], self.dates[0] + pd.Timedelta(days=day)))
            day = int(rng.integers(0, self.days))
            rows.append((i, TRAINING_COURSES[2], max(self.dates[0] + pd.Timedelta(days=day),
                                                    hired)))
        frame = pd.DataFrame(rows, columns=["agent_index", "course", "completed_at"])
        frame["completed_at"] = (frame["completed_at"] + pd.to_timedelta(
            rng.integers(9 * 60, 17 * 60, len(frame)), unit="min"))
        until = self.left.fillna(self.end).to_numpy()[frame["agent_index"].to_numpy()]
        since = self.hired.to_numpy()[frame["agent_index"].to_numpy()]
        frame = frame[(frame["completed_at"] < self.end)
                      & (frame["completed_at"].to_numpy() < until)
                      & (frame["completed_at"].to_numpy() >= since)]
        frame.insert(0, "agent_id", agents["agent_id"].to_numpy()[frame["agent_index"]])
        skill = self.agent_skill[frame["agent_index"].to_numpy()]
        # when each agent finished the course that works (NaT: not taken): their customers
        # are more satisfied from then on (see _surveys)
        empathy = frame[frame["course"] == TRAINING_COURSES[0]]
        self.empathy_done = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
        self.empathy_done[empathy["agent_index"].to_numpy()] = empathy[
            "completed_at"].to_numpy().astype("datetime64[s]")
        frame = frame.drop(columns="agent_index")
        frame["reaction_score"], frame["test_score"] = self._course_feedback(
            frame["course"].to_numpy(), skill)
        frame = frame.sort_values(["completed_at", "agent_id"])
        self.truths["effective_course"] = TRAINING_COURSES[0]
        self.truths["ineffective_courses"] = list(TRAINING_COURSES[1:])
        return frame.reset_index(drop=True)

    def _course_feedback(self, course: np.ndarray,
                         skill: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each completion's end-of-course reaction score (1–5) and learning-test score
        (0–100), drawn from the people stream (the other tables' random numbers stay put).

        Reaction depends on the course only (``REACTION_MEANS``), so it says nothing about
        whether a course works. The test score rises with the agent's skill (``TEST_SCORES``).
        """
        rng = np.random.default_rng([*self.people_seed, 1])
        n = len(course)
        courses = pd.Series(course, dtype=object)
        reaction_mean = courses.map(REACTION_MEANS).to_numpy(dtype=float)
        reaction = np.clip(np.round(reaction_mean + rng.normal(0, 0.75, n)), 1, 5).astype(int)
        mean, spread, per_skill = (courses.map({name: values[k] for name, values
                                                in TEST_SCORES.items()}).to_numpy(dtype=float)
                                   for k in range(3))
        test = np.clip(np.round(mean + per_skill * skill + spread * rng.normal(0, 1, n)),
                       0, 100).astype(int)
        self.truths["course_feedback"] = {
            "reaction_means": dict(REACTION_MEANS),
            "test_scores": {name: {"mean": m, "spread": sd, "points_per_sd_of_skill": k}
                            for name, (m, sd, k) in TEST_SCORES.items()},
            "what": "end-of-course reaction scores depend on the course only: the systems "
                    "refresher is liked most and does nothing for QA, the empathy course (the "
                    "one that works) is liked less; learning-test scores rise with the agent's "
                    "skill; neither shows whether behaviour on the job changed"}
        return reaction, test

    # ---------------------------------------------------------- candidates
    def candidates(self, agents: pd.DataFrame) -> pd.DataFrame:
        """Everyone who applied for an agent post in the ``RECRUITMENT_WINDOW_DAYS`` before
        the data starts: one row per applicant, with the two interviewers' scores.

        Every agent hired in that window is one hired applicant (``agent_id``), whose
        interview scores follow the agent's hidden skill (the skill that drives QA), so the
        interview predicts later QA moderately. The window's other hires (about headcount ×
        ``ANNUAL_ATTRITION`` posts a year in all) left before the data starts: hired, with an
        empty ``agent_id``. Each post had a round of applicants: the one
        hired and 1 + Poisson(``OTHER_APPLICANTS_MEAN``) others, drawn from the same
        population and kept only if their decision score (``_hiring_decision``: the weighted
        interview, a little CV experience and noise) came out below the hire's. The CV
        experience score is higher for older applicants and unrelated to skill. Random
        numbers come from the people stream, so no other table moves.
        """
        rng = np.random.default_rng([*self.people_seed, 2])
        start = pd.Timestamp(self.start)
        opened = start - pd.Timedelta(days=RECRUITMENT_WINDOW_DAYS)
        hired_on = pd.to_datetime(agents["hire_date"])
        hires = np.flatnonzero(((hired_on >= opened) & (hired_on < start)).to_numpy())
        # the posts filled in the window: about headcount × attrition a year; the hires not
        # in the agents table left before the data starts (their agent_id is empty)
        posts = int(np.round(self.n_agents * ANNUAL_ATTRITION * RECRUITMENT_WINDOW_DAYS / 365))
        gone = max(posts - len(hires), 0)
        hire_day = np.concatenate([
            hired_on.to_numpy()[hires].astype("datetime64[D]"),
            np.datetime64(opened.date()) + rng.integers(0, RECRUITMENT_WINDOW_DAYS, gone
                                                        ).astype("timedelta64[D]")])
        hire_agent = np.concatenate([agents["agent_id"].to_numpy()[hires].astype(object),
                                     np.full(gone, "", dtype=object)])
        h = len(hire_day)
        # the applicants who were hired: an agent's skill is theirs
        hire_under_25 = rng.random(h) < UNDER_25_SHARE
        hire_scores = _interview_scores(rng, np.concatenate([self.agent_skill[hires],
                                                             rng.normal(0, 1, gone)]))
        hire_cv = _cv_experience(rng, hire_under_25)
        hire_decision = _hiring_decision(rng, hire_scores, hire_cv)
        # each post's other applicants: drawn from the same population; those whose
        # decision score fell below the hire's (the hire was the best on the day)
        pool = 40
        pool_under_25 = rng.random((h, pool)) < UNDER_25_SHARE
        pool_scores = _interview_scores(rng, rng.normal(0, 1, h * pool))
        pool_cv = _cv_experience(rng, pool_under_25.ravel())
        below = (_hiring_decision(rng, pool_scores, pool_cv).reshape(h, pool)
                 < hire_decision[:, None])
        wanted = 1 + rng.poisson(OTHER_APPLICANTS_MEAN, h)
        keep = (below & (np.cumsum(below, axis=1) <= wanted[:, None])).ravel()
        post = np.concatenate([np.arange(h), np.repeat(np.arange(h), pool)[keep]])
        hired = np.r_[np.ones(h, dtype=bool), np.zeros(int(keep.sum()), dtype=bool)]
        scores = np.concatenate([hire_scores, pool_scores[keep]])
        cv = np.concatenate([hire_cv, pool_cv[keep]])
        under_25 = np.concatenate([hire_under_25, pool_under_25.ravel()[keep]])
        # the post was advertised 4 to 10 weeks before the start date; applications came in
        # over the next two weeks
        advertised = hire_day - rng.integers(28, 71, h).astype("timedelta64[D]")
        applied = advertised[post] + rng.integers(0, 15, len(post)).astype("timedelta64[D]")
        agent_id = np.where(hired, hire_agent[post], "")
        order = np.lexsort((rng.random(len(post)), applied))
        frame = pd.DataFrame({
            "candidate_id": [f"CAN{i + 1:05d}" for i in range(len(post))],
            "applied_on": pd.to_datetime(applied[order]).date,
            "age_band": np.where(under_25[order], AGE_BANDS[0], AGE_BANDS[1]).astype(object),
            "cv_experience_score": cv[order].astype(int),
        })
        for c, competency in enumerate(INTERVIEW_COMPETENCIES):
            for interviewer in (1, 2):
                frame[f"interviewer_{interviewer}_{competency}"] = scores[
                    order, c, interviewer - 1].astype(int)
        frame["hired"] = hired[order]
        frame["agent_id"] = np.asarray(agent_id, dtype=object)[order]
        self.truths["recruitment"] = {
            "window": [str(opened.date()), str((start - pd.Timedelta(days=1)).date())],
            "applicants": len(frame), "hires": h, "hires_in_agents_table": len(hires),
            "hires_who_left_before_the_data": gone,
            "under_25_share_assumed": UNDER_25_SHARE,
            "cv_experience_means": dict(CV_EXPERIENCE_MEANS),
            "interview_model": dict(INTERVIEW_MODEL),
            "hiring_weights": dict(HIRING_WEIGHTS), "hiring_cv_weight": HIRING_CV_WEIGHT,
            "hiring_noise_sd": HIRING_NOISE_SD,
            "what": "every agent hired in the two years before the data starts was an "
                    "applicant; interview scores follow the hidden skill that drives QA (a "
                    "moderate predictor of later QA), plus how well the applicant interviews "
                    "and each interviewer's error (two interviewers agree within a point most "
                    "of the time); the CV experience score predicts nothing and is higher for "
                    "applicants 25 and over; the centre hired the best of each round on the "
                    "weighted interview score plus a little CV experience and noise, so under "
                    "25s were selected at a lower rate",
            "shows_in": "candidates joined to qa_evaluations through agent_id"}
        return frame

    # ------------------------------------------------------- demand + plan
    def _target_hours_per_day(self) -> float:
        """Scheduled agent-hours a day the workforce can work: headcount × contract hours ×
        (1 − off-shift shrinkage) ÷ 7 (the plan is sized to this, within PLAN_TOLERANCE)."""
        a = self.assumptions
        return self.n_agents * a.contract_hours_per_week * (1 - a.off_shift_shrinkage) / 7

    def interval_plan(self) -> tuple[pd.DataFrame, np.ndarray]:
        """The forecast for every open half-hour and the agents scheduled, with the demand
        level chosen so that the schedule is what the headcount can work (one consistent
        model: headcount × contract hours × (1 − off-shift shrinkage) = scheduled hours)."""
        rng, sector = self.rng, self.sector
        shape = _intraday_shape()
        weekdays = self.dates.day_of_week.to_numpy()
        holidays = set(bank_holidays.between(self.dates[0], self.dates[-1]))
        holiday = np.array([day.date() in holidays for day in self.dates])
        self.holiday = holiday
        self.truths["bank_holidays"] = {
            "dates": [str(day) for day in sorted(holidays)],
            "what": "England and Wales bank holidays: weekend opening hours, a skeleton team "
                    f"and about {BANK_HOLIDAY_DEMAND:.0%} of an average day's contacts"}
        dispersion = rng.gamma(150, 1 / 150, self.days)  # ~8% day-to-day variation
        trend = np.linspace(0.98, 1.02, self.days)
        spike_day = min(max(self.days // 3, 0), self.days - 1)
        while self.days > 7 and (weekdays[spike_day] >= 5 or holiday[spike_day]):
            spike_day += 1
        spike = np.ones(self.days)
        spike[spike_day] = 1.0 + 0.55 * sector.reasons[sector.spike_reason] / 0.25
        if spike_day + 1 < self.days:
            spike[spike_day + 1] = 1.0 + 0.25 * sector.reasons[sector.spike_reason] / 0.25
        self.spike_day, self.spike = spike_day, spike
        self.truths["spike"] = {"date": str(self.dates[spike_day].date()),
                                "event": sector.spike_event, "reason": sector.spike_reason}
        day_shape = np.where(holiday, BANK_HOLIDAY_DEMAND * WEEKDAY_SHAPE.mean(),
                             WEEKDAY_SHAPE[weekdays])
        rows, unit = [], []  # forecast contacts per half-hour at a demand level of 1
        for c, channel in enumerate(CHANNELS):
            mix = sector.channel_mix[channel]
            for d in range(self.days):
                weekday = 6 if holiday[d] else int(weekdays[d])  # holidays: weekend hours
                mask = _open_mask(weekday, channel, self.assumptions)
                profile_ = np.where(mask, shape, 0.0)
                profile_ = profile_ / profile_.sum()
                unit.append(day_shape[d] / WEEKDAY_SHAPE.mean() * mix * trend[d] * profile_)
                for k in np.flatnonzero(mask):
                    rows.append((self.dates[d] + pd.Timedelta(minutes=30 * int(k)), channel,
                                 c, d, k))
        unit_volume = np.stack(unit).reshape(len(CHANNELS), self.days, 48)
        plan = pd.DataFrame(rows, columns=["interval_start", "channel", "c", "d", "k"])
        index = plan[["c", "d", "k"]].to_numpy()
        unit_forecast = unit_volume[index[:, 0], index[:, 1], index[:, 2]]
        tenure_factor = 1.06  # a typical team includes some slower new starters
        # handle time includes hold: talk + hold + after-contact work (brief §7)
        plan["forecast_aht_s"] = plan["channel"].map(sector.handle_mean_s) * tenure_factor
        level = self._calibrate(plan, unit_forecast)
        plan["forecast_contacts"] = unit_forecast * level
        actual_volume = rng.poisson(unit_volume * level * (dispersion * spike)[None, :, None])
        plan["scheduled_agents"] = self._schedule(plan)
        plan["forecast_contacts"] = plan["forecast_contacts"].round(1)
        plan["forecast_aht_s"] = plan["forecast_aht_s"].round(0)
        plan = plan.sort_values(["interval_start", "channel"]).reset_index(drop=True)
        self.plan_index = plan[["c", "d", "k"]].to_numpy()
        plan_out = plan.drop(columns=["c", "d", "k"])[
            ["interval_start", "channel", "forecast_contacts", "forecast_aht_s",
             "scheduled_agents"]]
        self.plan_full = plan
        self.truths["plan_and_headcount"] = {
            "demand_level_contacts_per_day": round(float(level), 1),
            "target_scheduled_hours_per_week": round(self._target_hours_per_day() * 7, 1),
            "scheduled_hours_per_week": round(
                float(plan["scheduled_agents"].sum()) / 2 / self.days * 7, 1),
            "what": "demand is sized so that the plan's scheduled agent-hours are what the "
                    "headcount can work: headcount × contract hours × (1 − off-shift "
                    "shrinkage)"}
        return plan_out, actual_volume

    def _calibrate(self, plan: pd.DataFrame, unit_forecast: np.ndarray) -> float:
        """The demand level (contacts on an average day) whose schedule, without rota noise,
        adds up to the hours the workforce can work (a few fixed-point steps: Erlang
        staffing is close to proportional to demand)."""
        target = self._target_hours_per_day() * self.days
        level = target / 7.0 * 11.0  # a first guess: ~11 contacts per scheduled agent-hour
        for _ in range(6):
            hours = self._schedule(plan.assign(forecast_contacts=unit_forecast * level),
                                   noise=False).sum() / 2
            if hours <= 0:
                break
            ratio = target / hours
            level *= ratio
            if abs(ratio - 1) < 0.002:
                break
        return float(level)

    def _schedule(self, plan: pd.DataFrame, noise: bool = True) -> np.ndarray:
        """Agents per interval: Erlang C for phone and chat, daily workload for email/social.

        * **Phone**: Erlang C for the service-level target, one call per agent.
        * **Chat**: Erlang C gives the chat *slots* needed (each chat holds a slot for its whole
          handle time); an agent holds ``chat_concurrency`` slots, so agents = slots ÷
          concurrency, rounded once with the rota (not rounded up twice).
        * **Email and social**: no queue to answer within seconds, so the work is planned per
          day (the day's forecast workload ÷ planned occupancy) and worked in batches, spread
          evenly over the open half-hours; rounding per half-hour would add up to an agent to
          every half-hour of a small team.

        The agents taking contacts are then divided by (1 − on-shift shrinkage): the plan
        counts every agent on shift, including those on a break or in coaching
        (``staffing.agents_to_schedule``). Every channel gets the same cover for absence and
        rota noise; phone and chat also run short at lunchtime and on Monday mornings
        (realistic gaps). Handle times include hold (talk + hold + after-contact work).
        """
        rng, plan_for = self.rng, self.assumptions
        contacts = plan["forecast_contacts"].to_numpy()
        aht = plan["forecast_aht_s"].to_numpy()
        channel = plan["channel"].to_numpy()
        agents = np.zeros(len(plan))
        phone = channel == "phone"
        agents[phone] = staffing.required_agents(contacts[phone], aht[phone],
                                                 plan_for.service_level_target,
                                                 plan_for.phone_answer_s)
        chat = channel == "chat"
        agents[chat] = staffing.required_agents(
            contacts[chat], aht[chat], plan_for.service_level_target,
            plan_for.chat_answer_s) / plan_for.chat_concurrency
        live = phone | chat
        hour = plan["interval_start"].dt.hour.to_numpy()
        monday_morning = (plan["interval_start"].dt.day_of_week.to_numpy() == 0) & (hour < 12)
        lunch = (hour >= 12) & (hour < 14)
        factor = np.full(len(plan), 1 + plan_for.absence_cover_share)  # cover for absence
        factor[lunch & live] -= 0.07   # breaks bunch at lunchtime
        factor[monday_morning & live] -= 0.07  # rota built on an average Monday
        if noise:
            factor += rng.normal(0, 0.04, len(plan))  # rota rounding and preferences
        factor = factor / (1 - plan_for.on_shift_shrinkage)  # breaks and coaching on shift
        scheduled = np.maximum(np.round(agents * factor), np.where(contacts > 0, 1, 0))
        written = np.flatnonzero(~live)
        if written.size:  # each channel's day: workload (agent half-hours) ÷ occupancy
            workload = contacts[written] * aht[written] / 1800 / plan_for.written_occupancy
            groups = pd.DataFrame({"channel": channel[written],
                                   "day": plan["d"].to_numpy()[written],
                                   "workload": workload, "factor": factor[written]}
                                  ).groupby(["channel", "day"], sort=False)
            total = (groups["workload"].transform("sum") * groups["factor"].transform("mean"))
            scheduled[written] = _spread(total.to_numpy(), groups["workload"].transform(
                "size").to_numpy(), groups.cumcount().to_numpy())
        return scheduled.astype(int)

    # ---------------------------------------------------------- attendance
    def attendance(self, agents: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
        """One row per agent per scheduled working day: shift hours, absence, on-shift
        shrinkage hours and adherence.

        Each day the rota puts on enough agents, each working a shift of contract hours ÷ 5,
        to cover the plan's scheduled hours after the sickness expected that day; agents
        work at most 5 days a week, and those who have worked fewest that week go first.
        Contracted days left unrostered are leave and training days (off-shift shrinkage);
        an agent rostered but absent that day is unplanned absence (sickness). The agents
        present each day are the ones who handle that day's contacts.
        """
        rng, a = self.rng, self.assumptions
        shift = a.contract_hours_per_week / SHIFTS_PER_WEEK
        sickness = a.off_shift_shrinkage * OFF_SHIFT_SPLIT["sickness"]
        employed = self._employed()
        plan_hours = np.bincount(self.plan_full["d"].to_numpy(),
                                 weights=self.plan_full["scheduled_agents"].to_numpy() / 2,
                                 minlength=self.days)
        absence_rate = np.clip(rng.normal(sickness, 0.015, self.days), 0.0, 0.15)
        weekdays = self.dates.day_of_week.to_numpy()
        worked = np.zeros(len(agents), dtype=int)
        rows_agent, rows_day = [], []
        for d in range(self.days):
            if weekdays[d] == 0:
                worked[:] = 0
            candidates = np.flatnonzero(employed[:, d] & (worked < SHIFTS_PER_WEEK))
            wanted = int(np.round(plan_hours[d] / shift / (1 - sickness)))
            take = min(wanted, len(candidates))
            if take <= 0:
                continue
            weight = (SHIFTS_PER_WEEK - worked[candidates]) ** 2 * rng.uniform(0.5, 1.5,
                                                                               len(candidates))
            chosen = rng.choice(candidates, take, replace=False, p=weight / weight.sum())
            worked[chosen] += 1
            rows_agent.append(np.sort(chosen))
            rows_day.append(np.full(take, d))
        agent_index = np.concatenate(rows_agent) if rows_agent else np.zeros(0, dtype=int)
        day_index = np.concatenate(rows_day) if rows_day else np.zeros(0, dtype=int)
        n = len(agent_index)
        absent = rng.random(n) < absence_rate[day_index]
        on_shift_share = np.clip(rng.normal(a.on_shift_shrinkage, 0.03, n), 0.05, 0.4)
        shrink_hours = np.where(absent, 0.0, np.round(shift * on_shift_share * 4) / 4)
        # each agent has habits: some keep to the schedule's times better than others, some
        # log in late or leave early more often
        habit_adherence = rng.normal(0, 2.5, len(agents))[agent_index]
        habit_conformance = rng.normal(0, 0.012, len(agents))[agent_index]
        adherence = np.round(np.clip(100 * rng.beta(65, 7.3, n) + habit_adherence, 50, 100), 1)
        # conformance: most log in and out on time; some start late or leave early, a few stay
        conformance = np.clip(rng.normal(0.99, 0.025, n) + habit_conformance, 0.8, 1.08)
        worked_hours = np.where(absent, 0.0, np.round(shift * conformance * 12) / 12)
        # time not logged in is time out of adherence
        adherence = np.minimum(adherence, np.floor(1000 * worked_hours / shift) / 10)
        frame = pd.DataFrame({
            "agent_id": agents["agent_id"].to_numpy()[agent_index],
            "date": self.dates[day_index].date,
            "scheduled_hours": np.full(n, float(shift)),
            "absent": absent,
            "on_shift_shrinkage_hours": shrink_hours,
            "adherence_pct": pd.Series(adherence).where(~absent),
            "worked_hours": np.round(worked_hours, 2),
        })
        present = ~absent
        self.present_by_day = [agent_index[present & (day_index == d)] for d in range(self.days)]
        rostered = np.bincount(day_index, minlength=self.days)
        came = np.bincount(day_index[present], minlength=self.days)
        # agents present ÷ agents the plan expected present (after the expected sickness)
        self.presence_ratio = np.where(rostered > 0, came / np.maximum(rostered, 1)
                                       / (1 - sickness), 1.0)
        adherence_by_day = pd.Series(adherence[present]).groupby(day_index[present]).mean()
        #: share of the planned availability lost when agents are out of adherence (late back
        #: from a break, an unscheduled meeting): about 30% of the time out of adherence
        self.adherence_factor = 1 - 0.3 * (1 - adherence_by_day.reindex(
            range(self.days)).fillna(90.0).to_numpy() / 100)
        self.truths["attendance"] = {
            "absence_share_planned": round(sickness, 4),
            "what": "absence is about the planned sickness share of rostered days; each "
                    "day's agents present handle that day's contacts"}
        return frame

    # ------------------------------------------------------------ contacts
    def contacts(self, agents: pd.DataFrame, plan: pd.DataFrame,
                 volume: np.ndarray) -> pd.DataFrame:
        rng, sector = self.rng, self.sector
        c_idx, d_idx, k_idx = np.nonzero(volume)
        counts = volume[c_idx, d_idx, k_idx]
        c_rows, d_rows, k_rows = (np.repeat(a, counts) for a in (c_idx, d_idx, k_idx))
        n = len(c_rows)
        offsets = (k_rows * 1800 + rng.uniform(0, 1800, n)).astype(int)
        arrived = (self.dates[0].to_datetime64()
                   + (d_rows * 86400 + offsets).astype("timedelta64[s]"))
        order = np.argsort(arrived, kind="stable")
        c_rows, d_rows, k_rows, arrived = c_rows[order], d_rows[order], k_rows[order], arrived[
            order]
        channel = np.array(CHANNELS)[c_rows]

        # reasons: sector mix, with the spike's reason boosted on the spike days
        reasons = np.array(list(sector.reasons))
        base = np.array(list(sector.reasons.values()))
        spike_idx = list(sector.reasons).index(sector.spike_reason)
        p_spike = np.full(n, base[spike_idx])
        extra = self.spike[d_rows] - 1
        p_spike = (base[spike_idx] + extra) / (1 + extra)
        is_spike_reason = rng.random(n) < p_spike
        others = np.delete(np.arange(len(reasons)), spike_idx)
        other_p = base[others] / base[others].sum()
        reason_idx = np.where(is_spike_reason, spike_idx,
                              others[rng.choice(len(others), n, p=other_p)])
        reason = reasons[reason_idx]

        # actual staffing against the plan: the day's attendance against the sickness
        # expected, then on-shift shrinkage (breaks, coaching) and time out of adherence
        # leave the agents taking contacts
        sched = np.zeros((len(CHANNELS), self.days, 48))
        full = self.plan_full
        sched[full["c"], full["d"], full["k"]] = full["scheduled_agents"]
        taking = (sched * (self.presence_ratio * self.adherence_factor)[None, :, None]
                  * (1 - self.assumptions.on_shift_shrinkage))
        on_shift = np.floor(taking + rng.random(sched.shape))

        # handle time: lognormal by channel, slower for new starters, agent skill
        agent_ids = agents["agent_id"].to_numpy()
        hire = pd.to_datetime(agents["hire_date"]).to_numpy()
        # each contact goes to an agent present that day (attendance)
        agent_pick = np.zeros(n, dtype=int)
        employed = self._employed()
        starts = np.searchsorted(d_rows, np.arange(self.days + 1))
        for d in range(self.days):
            low, high = starts[d], starts[d + 1]
            pool = self.present_by_day[d]
            if not len(pool):
                pool = np.flatnonzero(employed[:, d])
            if not len(pool):
                pool = np.arange(len(agents))
            agent_pick[low:high] = pool[rng.integers(0, len(pool), high - low)]
        tenure_months = (arrived - hire[agent_pick]).astype("timedelta64[D]").astype(float) / 30.44
        tenure_months = np.maximum(tenure_months, 0)
        slowness = 1 + 0.65 * np.exp(-tenure_months / 3.0)
        skill = self.agent_skill[agent_pick]
        mean_handle = np.array([sector.handle_mean_s[ch] for ch in CHANNELS])[c_rows]
        mean_handle = mean_handle * slowness * np.exp(-0.05 * skill)
        sigma = 0.55
        handle = rng.lognormal(np.log(mean_handle) - sigma ** 2 / 2, sigma)

        # waits and abandonment from Erlang C with the actual arrivals and agents
        wait = np.zeros(n)
        answered = np.ones(n, dtype=bool)
        for c, ch in enumerate(CHANNELS):
            rows = c_rows == c
            if ch in ("phone", "chat"):
                servers = on_shift[c] * (self.assumptions.chat_concurrency if ch == "chat"
                                         else 1)
                aht = sector.handle_mean_s[ch] * 1.06
                load = volume[c] * aht / 1800
                p_wait = np.ones_like(load)
                mean_wait = np.full_like(load, 900.0)
                ok = servers > load + 0.05
                p_wait[ok] = staffing.erlang_c(load[ok], servers[ok])
                mean_wait[ok] = aht / (servers[ok] - load[ok])
                overload = ~ok & (load > 0)
                mean_wait[overload] = 240 + 300 * (load[overload] / np.maximum(
                    servers[overload], 0.5) - 1).clip(0, 3)
                d, k = d_rows[rows], k_rows[rows]
                waits = np.where(rng.random(rows.sum()) < p_wait[d, k],
                                 rng.exponential(mean_wait[d, k]), 0.0)
                patience = rng.exponential(PATIENCE_MEAN_S[ch], rows.sum())
                gave_up = waits > patience
                wait[rows] = np.where(gave_up, patience, waits)
                answered[rows] = ~gave_up
            else:
                median_h = 5.0 if ch == "email" else 1.2
                backlog = np.where(self.spike[d_rows[rows]] > 1.2, 2.2, 1.0)
                # one draw per contact (a single draw would give every reply the same wait)
                wait[rows] = rng.lognormal(np.log(median_h * 3600), 0.9, rows.sum()) * backlog
        wait = np.round(wait).astype(int)
        handle = np.where(answered, np.round(handle), 0).astype(int)

        # resolution, transfers; the process change lifts one team's FCR from a known date
        change_team = self.teams[1 % len(self.teams)]
        change_day = min(int(self.days * 0.55), self.days - 1)
        change_date = self.dates[change_day]
        self.truths["process_change"] = {
            "team": change_team, "date": str(change_date.date()),
            "what": "agents confirm the fix works before closing and book any follow-up "
                    "themselves, so customers do not have to call back",
            "shows_in": "resolved_first_contact and contacted_again_7d (the forward repeat "
                        "measure); not in repeat_within_7d, which lands on the team that "
                        "takes the repeat"}
        team = agents["team"].to_numpy()[agent_pick]
        transferred = answered & (rng.random(n) < 0.06 + 0.08 * np.exp(-tenure_months / 4))
        # hold is part of handle time (talk + hold + after-contact work): about a third of
        # answered calls put the customer on hold (most transferred calls, while the agent
        # consults), for a share of the handle time; other channels have no hold
        on_hold = (channel == "phone") & answered & (
            rng.random(n) < np.where(transferred, 0.8, 0.3))
        hold_share = np.clip(rng.beta(2.0, 9.0, n), 0.02, 0.6)
        hold = np.where(on_hold, np.round(handle * hold_share), 0).astype(int)
        p_resolve = 0.80 - 0.10 * np.exp(-tenure_months / 4) - 0.25 * (reason == "complaint")
        p_resolve = p_resolve - 0.20 * transferred
        p_resolve = p_resolve - 0.10 * (self.spike[d_rows] > 1.2)
        changed = (team == change_team) & (arrived >= change_date.to_datetime64())
        p_resolve = np.where(changed, p_resolve + 0.11, p_resolve)
        resolved = answered & (rng.random(n) < p_resolve)

        # customers, with unresolved contacts coming back within days
        n_customers = max(int(n / 2.2), 50)
        customer = rng.integers(0, n_customers, n)
        seconds = arrived.astype("datetime64[s]").astype(np.int64)
        p_return = np.where(resolved, 0.10, 0.60)
        p_return = np.where(changed & ~resolved, 0.40, p_return)
        returns = rng.random(n) < p_return
        lo = np.searchsorted(seconds, seconds + 3600)
        hi = np.searchsorted(seconds, seconds + 7 * 86400)
        can = returns & (hi > lo)
        src = np.flatnonzero(can)
        target = lo[src] + (rng.random(len(src)) * (hi[src] - lo[src])).astype(int)
        customer[target] = customer[src]
        reason[target] = reason[src]
        self.n_customers = n_customers

        frame = pd.DataFrame({
            "contact_id": [f"K{i + 1:07d}" for i in range(n)],
            "customer_id": _customer_ids(customer),
            "agent_id": np.where(answered, agent_ids[agent_pick], ""),
            "team": np.where(answered, team, ""),
            "channel": channel,
            "arrived_at": arrived.astype("datetime64[s]"),
            "answered": answered,
            "wait_s": wait,
            "handle_s": handle,
            "hold_s": hold,
            "reason": reason,
            "resolved_first_contact": resolved,
            "transferred": transferred,
        })
        frame["repeat_within_7d"] = _repeat_flags(customer, seconds)
        # forward-looking: did this contact leave the customer needing to come back?
        # (empty where the 7 days run past the end of the data: not known yet)
        again = repeats.contacted_again(frame, days=7).to_numpy()
        known = repeats.window_complete(frame, days=7).to_numpy()
        frame["contacted_again_7d"] = pd.array(np.where(known, again, None), dtype="boolean")
        done = self.empathy_done[agent_pick]
        trained = answered & ~np.isnat(done) & (arrived.astype("datetime64[s]") > done)
        self._surveys(frame, tenure_months, np.where(answered, skill, 0.0), trained)
        frame.loc[~frame["answered"], ["agent_id", "team"]] = pd.NA
        return frame

    def _surveys(self, frame: pd.DataFrame, tenure_months: np.ndarray, skill: np.ndarray,
                 trained: np.ndarray) -> None:
        """Survey answers. Satisfaction falls with waits, unresolved issues, transfers, repeat
        contacts and complaints, and rises with the handling agent's skill and after the
        agent took the course that works (``AGENT_SATISFACTION``)."""
        rng, n = self.rng, len(frame)
        answered = frame["answered"].to_numpy()
        channel = frame["channel"].to_numpy()
        wait = frame["wait_s"].to_numpy().astype(float)
        live = np.isin(channel, ("phone", "chat"))
        wait_penalty = np.where(live, np.minimum(wait, 900) / 300,
                                np.minimum(wait / 3600, 48) / 24)
        resolved = frame["resolved_first_contact"].to_numpy()
        repeat = frame["repeat_within_7d"].to_numpy()
        complaint = frame["reason"].to_numpy() == "complaint"
        latent = (SATISFACTION_BASE - 0.70 * wait_penalty - 1.25 * ~resolved
                  - 0.45 * frame["transferred"].to_numpy() - 0.55 * repeat
                  - 1.10 * complaint + AGENT_SATISFACTION["skill"] * skill
                  + AGENT_SATISFACTION["effective_course"] * trained + rng.normal(0, 0.85, n))
        long_wait = np.where(live, wait > LONG_WAIT_S["live"], wait > LONG_WAIT_S["written"])
        responded = answered & (rng.random(n) < _response_probability(channel, resolved,
                                                                      long_wait))
        self.truths["survey_non_response"] = {
            "what": "customers whose issue was not resolved, or who waited long, answer the "
                    "post-contact survey less often, so survey KPIs (CSAT, NPS, CES) overstate "
                    "how customers feel",
            "response_if_resolved": dict(SURVEY_RESPONSE),
            "unresolved_factor": SURVEY_UNRESOLVED_FACTOR,
            "long_wait_factor": SURVEY_LONG_WAIT_FACTOR,
            "shows_in": "survey response rate by resolved_first_contact "
                        "(csmlib.analysis.kpis.survey_response_gap)"}
        csat = np.digitize(latent, [-1.3, -0.45, 0.15, 1.15]) + 1
        # likelihood to recommend at a given satisfaction (surveyed NPS near +30)
        nps = np.clip(np.round(6.9 + 1.9 * latent + rng.normal(0, 1.0, n)), 0, 10)
        ces = np.clip(np.round(5.4 + 1.1 * latent - 0.4 * repeat + rng.normal(0, 0.8, n)), 1, 7)
        frame["csat"] = pd.array(np.where(responded, csat, 0), dtype="Int64")
        frame["nps"] = pd.array(np.where(responded, nps, 0).astype(int), dtype="Int64")
        frame["ces"] = pd.array(np.where(responded, ces, 0).astype(int), dtype="Int64")
        for column in ("csat", "nps", "ces"):
            frame.loc[~responded, column] = pd.NA
        commented = responded & (rng.random(n) < 0.55)
        rows = np.flatnonzero(commented)
        # Hidden truth: an app update goes wrong and complaints about it grow week by week,
        # in comments from mixed (3-4 out of 5) scores, so CSAT stays on target.
        release_day = min(int(self.days * 0.45), self.days - 1)
        release = self.dates[release_day].to_datetime64()
        arrived = frame["arrived_at"].to_numpy()
        weeks_since = np.clip((arrived - release).astype("timedelta64[s]").astype(float)
                              / (7 * 86400), 0, None)
        boost = np.where((arrived >= release) & (csat >= 3), 1 + 1.6 * weeks_since, 1.0)
        self.truths["app_problem"] = {
            "from": str(self.dates[release_day].date()), "theme": "digital and app",
            "what": "an app and website update breaks common self-service tasks; comments "
                    "about it grow every week while CSAT stays on target"}
        comments, themes = text.contact_comments(
            rng, sector=self.sector.key, reasons=frame["reason"].to_numpy()[rows],
            channels=channel[rows], csat=csat[rows], resolved=resolved[rows],
            wait_s=wait[rows], repeat=repeat[rows],
            dates=frame["arrived_at"].to_numpy()[rows].astype("datetime64[D]"),
            digital_boost=boost[rows])
        comment = np.full(n, "", dtype=object)
        theme = np.full(n, "", dtype=object)
        comment[rows] = comments
        theme[rows] = themes
        frame["comment"] = comment
        frame["comment_theme"] = theme

    # ---------------------------------------------------------- complaints
    def complaints(self, contacts: pd.DataFrame) -> pd.DataFrame:
        """Complaints from unhappy contacts, handled against the rules of each category.

        The complaint's root cause is drawn first (leaning by category, see
        ``_CAUSE_LEANINGS``) and the description written with a clue to it; the triage
        ``route`` follows from severity, vulnerability and any threat in the description
        (``_triage_routes``). Acknowledgements and quick resolutions count business days
        (England and Wales bank holidays excluded); a final response that is a deadlock
        letter, or the weeks allowed passing, lets the customer go to the ombudsman, whose
        findings follow ``_OMBUDSMAN_FINDS`` (course assumptions)."""
        rng, sector = self.rng, self.sector
        n = len(contacts)
        unhappy = ((~contacts["resolved_first_contact"]).astype(float) * 2.2
                   + (contacts["wait_s"] > 600).astype(float) * 1.0
                   + contacts["repeat_within_7d"].astype(float) * 1.5
                   + (contacts["reason"] == "complaint").astype(float) * 9.0
                   + 0.25).to_numpy()
        rate = sector.complaints_per_1000 / 1000
        p = unhappy / unhappy.mean() * rate
        chosen = np.flatnonzero(rng.random(n) < p)
        source = contacts.iloc[chosen]
        m = len(chosen)
        categories = np.array(list(sector.complaint_categories))
        category = categories[rng.choice(len(categories), m,
                                         p=list(sector.complaint_categories.values()))]
        severity = rng.choice(["low", "medium", "high"], m, p=_SEVERITY_SHARES)
        vulnerable = rng.random(m) < _VULNERABLE_SHARE
        received = (source["arrived_at"].to_numpy()
                    + (rng.uniform(0.02, 2.0, m) * 86400).astype("timedelta64[s]"))
        received = received.astype("datetime64[s]")
        cause = _root_causes(rng, category)
        descriptions, personal = text.complaint_descriptions(
            rng, sector=sector.key, categories=category, severity=severity,
            vulnerable=vulnerable, received=received.astype("datetime64[D]"),
            root_causes=cause)
        route = _triage_routes(severity, vulnerable, descriptions)
        holidays = np.array(bank_holidays.between(self.start - pd.Timedelta(days=7),
                                                  self.end + pd.Timedelta(days=400)),
                            dtype="datetime64[D]")
        acknowledged = _acknowledgements(rng, received, holidays)
        resolved = _resolutions(rng, received, route, severity, holidays)
        acknowledged = np.minimum(acknowledged, resolved)  # a same-day answer acknowledges
        end = self.end.to_datetime64().astype("datetime64[s]")
        still_open = resolved >= end
        rules = {c: sector.rules_for(c) for c in categories}
        weeks = np.array([rules[c].final_response_weeks for c in category])
        rule_route = np.array([rules[c].route for c in category])
        limit = received + (weeks * 7 * 86400).astype("timedelta64[s]")
        shares = np.array([_OUTCOME_BY_CAUSE[c] for c in cause]).reshape(m, 3)
        outcome = np.array(_OUTCOMES)[(rng.random(m)[:, None] > shares.cumsum(axis=1)).sum(
            axis=1).clip(0, 2)]
        outcome = np.where(still_open, "open", outcome)
        scale = (pd.Series(severity, dtype=object).map(_REDRESS_SEVERITY).to_numpy(dtype=float)
                 * np.where(outcome == "partially upheld", 0.6, 1.0))
        redress = np.where(np.isin(outcome, ["upheld", "partially upheld"]),
                           np.round(rng.lognormal(np.log(45), 0.8, m) * scale, 2), 0.0)
        root = np.where(still_open, "under investigation", cause)
        quick = np.busday_count(received.astype("datetime64[D]"),
                                resolved.astype("datetime64[D]"), holidays=holidays) <= 3
        deadlock_p = pd.Series(outcome, dtype=object).map(_DEADLOCK_SHARE).fillna(0.0).to_numpy(
            dtype=float)
        deadlock = ((rule_route == "deadlock") & ~still_open & ~quick & (resolved < limit)
                    & (rng.random(m) < deadlock_p))
        deadlock_at = np.where(deadlock, resolved, np.datetime64("NaT"))
        referred, ombudsman = self._referrals(rng, received, resolved, still_open, limit,
                                              rule_route, deadlock, outcome, category)
        ids = [f"CMP{i + 1:05d}" for i in range(m)]
        frame = pd.DataFrame({
            "complaint_id": ids,
            "customer_id": source["customer_id"].to_numpy(),
            "contact_id": source["contact_id"].to_numpy(),
            "received_at": received,
            "channel": source["channel"].to_numpy(),
            "category": category,
            "severity": severity,
            "vulnerable": vulnerable,
            "route": route,
            "description": descriptions,
            "contains_personal_data": personal,
            # not yet acknowledged when the data ends: empty
            "acknowledged_at": pd.Series(acknowledged.astype("datetime64[s]")).where(
                acknowledged < end),
            "resolved_at": pd.Series(resolved.astype("datetime64[s]")).where(~still_open),
            "deadlock_letter_at": deadlock_at.astype("datetime64[s]"),
            "outcome": outcome,
            "redress_gbp": redress,
            "root_cause": root,
            "referred_to_ombudsman": referred,
            "ombudsman_outcome": ombudsman,
        })
        # a complaint made from a contact near the end may arrive after the data ends
        received_in_time = received < end
        frame = frame[received_in_time]
        still_open = still_open & received_in_time
        self.truths["final_response_weeks"] = sector.final_response_weeks
        self.truths["complaints"] = {
            "what": "root causes of complaints still open (the centre's records say 'under "
                    "investigation'; each description holds a clue to the true cause), and the "
                    "course assumptions behind ombudsman findings",
            "open_root_causes": dict(zip(np.array(ids)[still_open], cause[still_open],
                                         strict=True)),
            "ombudsman_finds": {name: dict(zip(_OUTCOMES, shares_, strict=True))
                                for name, shares_ in _OMBUDSMAN_FINDS.items()},
        }
        return frame.sort_values("received_at").reset_index(drop=True)

    def _referrals(self, rng: np.random.Generator, received: np.ndarray,
                   resolved: np.ndarray, still_open: np.ndarray, limit: np.ndarray,
                   rule_route: np.ndarray, deadlock: np.ndarray, outcome: np.ndarray,
                   category: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Who takes the complaint to the ombudsman, and what it found ("" if not referred).

        A customer may go once the organisation has finished with the complaint or the
        weeks allowed have passed: under "deadlock" rules (energy, telecoms, the retail ADR
        scheme) after a deadlock letter or the weeks allowed; under "final response" and
        "own procedure" rules after the final response or the weeks allowed. They go a few
        days to weeks later (within the data), more often when the complaint was not upheld
        or is still unresolved at the limit. The ombudsman decides after some weeks
        (``pending`` until then), finding for the customer as often as ``_OMBUDSMAN_FINDS``
        says for that ombudsman."""
        m = len(received)
        end = self.end.to_datetime64().astype("datetime64[s]")
        finished = np.where(rule_route == "deadlock",
                            np.where(deadlock, resolved, limit),
                            np.where(still_open, limit, np.minimum(resolved, limit)))
        referred_at = finished + (rng.uniform(2, 21, m) * 86400).astype("timedelta64[s]")
        unresolved_at_limit = (resolved > limit) & (limit < end)
        p = pd.Series(outcome, dtype=object).map(_REFERRAL_SHARE).fillna(0.0).to_numpy(dtype=float)
        p = np.where(deadlock, p + _REFERRAL_AFTER_DEADLOCK, p)
        p = np.where(unresolved_at_limit, np.maximum(p, _REFERRAL_UNRESOLVED), p)
        referred = (referred_at < end) & (rng.random(m) < p)
        decided_at = referred_at + (rng.lognormal(np.log(_OMBUDSMAN_DAYS), 0.45, m)
                                    * 86400).astype("timedelta64[s]")
        finds = np.array([_OMBUDSMAN_FINDS[self.sector.rules_for(c).ombudsman]
                          for c in category]).reshape(m, 3)
        found = np.array(_OUTCOMES)[(rng.random(m)[:, None] > finds.cumsum(axis=1)).sum(
            axis=1).clip(0, 2)]
        ombudsman = np.where(~referred, "", np.where(decided_at < end, found, "pending"))
        return referred, ombudsman

    # ----------------------------------------------------------- customers
    def customers(self, contacts: pd.DataFrame, complaints: pd.DataFrame) -> pd.DataFrame:
        """The customer base at the start of the data: segment, annual value, when they
        joined, products held, and who left in the period (``CHURN_MODEL``).

        The main random stream gives the same four draws as before tenure and products were
        added (segment, value, the churn draw and its timing), so the tables built after this
        one (quality checks, budget) are unchanged; when each customer joined and what they
        hold come from a stream of their own (``CUSTOMER_STREAM``).
        """
        rng, sector = self.rng, self.sector
        n = self.n_customers
        ids = _customer_ids(np.arange(n))
        names = list(sector.segments)
        shares = np.array([sector.segments[s][0] for s in names])
        segment = np.array(names)[rng.choice(len(names), n, p=shares / shares.sum())]
        mean_value = np.array([sector.segments[s][1] for s in segment])
        value = np.round(rng.lognormal(np.log(mean_value) - 0.18, 0.6), 2)
        chance = rng.random(n)  # main stream: whether they leave
        timing = (rng.uniform(1, 40, n) - 1) / 39  # main stream: when, in the time left
        own = np.random.default_rng([self.people_seed[0], CUSTOMER_STREAM])
        joined = _joined_on(own, n, self.start)
        tenure = _whole_months(joined, self.end.date())
        products = _products_held(own, sector.key, segment, value, tenure)
        frame = pd.DataFrame({"customer_id": ids, "segment": segment, "annual_value_gbp": value,
                              "joined_on": pd.to_datetime(joined).date, "tenure_months": tenure,
                              "products_held": products})
        drivers = _churn_drivers(contacts, complaints, pd.Series(ids))
        multiplier = _churn_multiplier(drivers, tenure, products)
        model = CHURN_MODEL
        quarterly = np.minimum(model["base_quarterly"][sector.key] * multiplier, model["cap"])
        in_period = 1 - (1 - quarterly) ** (self.days / QUARTER_DAYS)
        churned = chance < in_period
        # they leave after their last contact or complaint (within CHURN_WINDOW_DAYS of it),
        # or at any time in the period if they never got in touch, and before the data ends
        last = pd.concat([contacts[["customer_id", "arrived_at"]].rename(
            columns={"arrived_at": "at"}), complaints[["customer_id", "received_at"]].rename(
            columns={"received_at": "at"})]).groupby("customer_id")["at"].max()
        seen = frame["customer_id"].map(last)
        anchor = seen.fillna(pd.Timestamp(self.start)).dt.floor("D")
        room = (self.end - anchor).dt.days.to_numpy()
        window = np.where(seen.notna(), np.minimum(room, CHURN_WINDOW_DAYS), room)
        churned_at = anchor + pd.to_timedelta(np.floor(timing * window), unit="D")
        frame["churned"] = churned
        frame["churned_at"] = churned_at.where(churned).dt.date
        annual = 1 - (1 - float(churned.mean())) ** (365 / self.days)
        self.truths["loyalty"] = {
            "what": "customers leave more often after a low satisfaction score, as detractors "
                    "(NPS 0-6), after a complaint that is still open or was not upheld, after a "
                    "very long wait, in their first year and when they hold one product; an "
                    "upheld complaint, put right, leaves them about as likely to stay as "
                    "customers who never complained",
            "base_quarterly": model["base_quarterly"][sector.key],
            "multipliers": {key: dict(model[key]) for key in CHURN_DRIVERS},
            "long_wait_s": dict(CHURN_LONG_WAIT_S),
            "annual_range": list(ANNUAL_CHURN_RANGE[sector.key]),
            "annual_churn": round(annual, 4),
            "shows_in": "churn by the customer's lowest CSAT, latest NPS group, worst "
                        "complaint outcome and worst wait (csmlib.analysis.loyalty.customer_view "
                        "joins contacts and complaints to customers)"}
        return frame

    # ----------------------------------------------------------------- QA
    def qa_evaluations(self, agents: pd.DataFrame, training: pd.DataFrame) -> pd.DataFrame:
        rng = self.rng
        empathy = training[training["course"] == TRAINING_COURSES[0]].set_index("agent_id")[
            "completed_at"]
        rows = []
        per_agent = max(int(round(self.days / 14)), 1)
        skill = dict(zip(agents["agent_id"], self.agent_skill, strict=True))
        hire = dict(zip(agents["agent_id"], pd.to_datetime(agents["hire_date"]), strict=True))
        left = dict(zip(agents["agent_id"], self.left, strict=True))
        for agent_id in agents["agent_id"]:
            days = np.sort(rng.integers(0, self.days, per_agent))
            for day in days:
                when = self.dates[0] + pd.Timedelta(days=int(day), hours=int(rng.integers(9, 17)))
                if when < hire[agent_id] or (pd.notna(left[agent_id])
                                             and when >= left[agent_id]):
                    continue
                tenure = (when - hire[agent_id]).days / 30.44
                trained = agent_id in empathy.index and when > empathy[agent_id]
                level = (3.1 + 0.35 * skill[agent_id] + 0.7 * (1 - np.exp(-tenure / 6))
                         + (0.55 if trained else 0.0))
                scores = np.clip(np.round(level + rng.normal(0, 0.5, len(QA_ITEMS))), 1, 5)
                if trained:
                    scores[QA_ITEMS.index("empathy")] = min(5, scores[QA_ITEMS.index(
                        "empathy")] + 1)
                rows.append((agent_id, when, *scores))
        frame = pd.DataFrame(rows, columns=["agent_id", "evaluated_at",
                                            *[f"{q}_score" for q in QA_ITEMS]])
        items = frame[[f"{q}_score" for q in QA_ITEMS]]
        frame["total_score"] = np.round((items.sum(axis=1) - len(QA_ITEMS))
                                        / (4 * len(QA_ITEMS)) * 100, 1)
        frame = frame.sort_values(["evaluated_at", "agent_id"]).reset_index(drop=True)
        frame.insert(0, "evaluation_id", [f"QA{i + 1:05d}" for i in range(len(frame))])
        for column in items.columns:
            frame[column] = frame[column].astype(int)
        return frame

    # -------------------------------------------------------------- budget
    def budget(self, plan: pd.DataFrame, contacts: pd.DataFrame,
               agents: pd.DataFrame) -> pd.DataFrame:
        """Monthly budget and actual spend. Agent pay is budgeted for the establishment:
        headcount × contract hours × the month's weeks in the period × hourly rate × (1 +
        on-costs), i.e. headcount × contract hours × 52/12 × rate × (1 + on-costs) for a
        whole month; that equals the plan's scheduled hours ÷ (1 − off-shift shrinkage) ×
        rate × (1 + on-costs), since the plan is sized to the headcount. The actual pays the
        agents employed each day (a leaver's post is unpaid until the new hire starts)."""
        rng, plan_for = self.rng, self.assumptions
        months = pd.Series(self.dates.to_period("M").astype(str))
        loaded = plan_for.hourly_rate_gbp * (1 + plan_for.on_cost_share)
        daily_hours = plan_for.contract_hours_per_week / 7
        staff = (months.value_counts().sort_index() * self.n_agents * daily_hours * loaded)
        employed_days = pd.Series(self._employed().sum(axis=0)).groupby(months).sum()
        paid = employed_days * daily_hours * loaded
        volume = contacts.assign(month=contacts["arrived_at"].dt.to_period("M").astype(str)
                                 ).groupby("month").size()
        spike_month = str(self.dates[self.spike_day].to_period("M"))
        days_in_period = pd.Series(self.dates.to_period("M").astype(str)).value_counts()
        recruitment = plan_for.recruitment_training_gbp_per_month
        telephony = plan_for.telephony_gbp_per_contact
        leaders = plan_for.team_leader_share
        rows = []
        for month in staff.index:
            share_of_month = days_in_period[month] / pd.Period(month).days_in_month
            lines = {
                "agent salaries and on-costs": (staff[month],
                                                paid[month] * rng.uniform(0.995, 1.015)),
                "overtime": (staff[month] * plan_for.overtime_budget_share,
                             staff[month] * (0.08 if month == spike_month else 0.035)
                             * rng.uniform(0.9, 1.1)),
                "recruitment and training": (recruitment * share_of_month,
                                             recruitment * share_of_month
                                             * rng.uniform(0.7, 1.3)),
                "telephony and systems": (telephony * volume.get(month, 0),
                                          telephony * volume.get(month, 0)
                                          * rng.uniform(0.95, 1.1)),
                "team leaders and support": (staff[month] * leaders,
                                             staff[month] * leaders * rng.uniform(0.97, 1.03)),
            }
            for line, (budget, actual) in lines.items():
                rows.append((month, line, round(budget, 2), round(actual, 2)))
        return pd.DataFrame(rows, columns=["month", "line", "budget_gbp", "actual_gbp"])


#: complaints: share of low, medium and high severity (course assumption)
_SEVERITY_SHARES = (0.36, 0.50, 0.14)
#: complaints from customers in vulnerable circumstances (course assumption)
_VULNERABLE_SHARE = 0.16
#: root causes before leanings (course assumption: process and systems lead, as in most
#: published root-cause analyses of complaints)
_ROOT_CAUSE_SHARES = {"process gap": 0.24, "system error": 0.20, "agent error": 0.18,
                      "policy": 0.12, "third party": 0.13, "communication": 0.13}
#: a category whose name holds a word leans towards a cause (weight multiplied)
_CAUSE_LEANINGS = (
    ("install", "third party", 3.0), ("delivery", "third party", 3.0),
    ("repair", "third party", 2.5), ("bin", "third party", 2.0),
    ("supply", "third party", 2.0), ("damaged", "third party", 2.0),
    ("customer service", "agent error", 2.5), ("staff", "agent error", 3.0),
    ("mis-selling", "agent error", 3.0), ("billing", "system error", 2.0),
    ("website", "system error", 3.0), ("meter", "system error", 1.5),
    ("pricing", "policy", 3.0), ("fees", "policy", 3.0), ("decisions", "policy", 2.5),
    ("enforcement", "policy", 2.0), ("wording", "communication", 2.5),
    ("contract", "policy", 2.0), ("delays", "process gap", 2.0),
    ("switching", "process gap", 2.0), ("debt", "communication", 1.5),
    ("council tax", "communication", 1.5),
)
_OUTCOMES = ("upheld", "partially upheld", "not upheld")
#: the organisation's decision by root cause (upheld, partially, not upheld): a complaint
#: caused by the organisation's own error is mostly upheld, one about a policy applied as
#: written mostly not (course assumption)
_OUTCOME_BY_CAUSE = {"system error": (0.50, 0.20, 0.30), "agent error": (0.50, 0.20, 0.30),
                     "process gap": (0.40, 0.25, 0.35), "communication": (0.30, 0.30, 0.40),
                     "third party": (0.30, 0.25, 0.45), "policy": (0.10, 0.15, 0.75)}
#: redress multiplier by severity (a partial uphold pays 0.6 of it)
_REDRESS_SEVERITY = {"low": 0.6, "medium": 1.0, "high": 3.0}
#: acknowledgement: business days after the day received (0 = the same business day);
#: about 8 in 10 within one business day, a few beyond five (course assumption)
_ACK_BUSINESS_DAYS = (0.57, 0.24, 0.06, 0.04, 0.03, 0.015, 0.015, 0.012, 0.008, 0.005, 0.005)
#: share of each route put right by the close of the third business day
_QUICK_SHARE = {"resolve now": 0.72, "priority: vulnerable customer": 0.12,
                "investigate": 0.03, "escalate: senior handler": 0.0}
#: median calendar days to a final response for the others, by route
_RESOLVE_DAYS = {"resolve now": 7.0, "priority: vulnerable customer": 15.0,
                 "investigate": 18.0, "escalate: senior handler": 24.0}
#: share of not upheld / partially upheld final responses that are deadlock letters (where
#: the rules use them), sent before the weeks allowed (course assumption)
_DEADLOCK_SHARE = {"not upheld": 0.5, "partially upheld": 0.2}
#: chance a customer who may go to the ombudsman does, by outcome; more after a deadlock
#: letter; at least _REFERRAL_UNRESOLVED when still unresolved at the limit (assumption)
_REFERRAL_SHARE = {"upheld": 0.02, "partially upheld": 0.08, "not upheld": 0.18,
                   "open": 0.0}
_REFERRAL_AFTER_DEADLOCK = 0.2
_REFERRAL_UNRESOLVED = 0.45
#: median days from referral to the ombudsman's decision (course assumption: many cases
#: settle early by agreement, others take months)
_OMBUDSMAN_DAYS = 30.0
#: what each ombudsman finds in the cases it decides (upheld, partially upheld, not upheld).
#: Course assumptions shaped on the ombudsmen's published annual figures, not quoted
#: figures: the Energy Ombudsman finds wholly or partly for the customer in most cases it
#: decides; the Financial Ombudsman Service upholds a minority (roughly a third to two in
#: five); the Local Government and Social Care Ombudsman finds fault in most complaints it
#: investigates in detail.
_OMBUDSMAN_FINDS = {
    "Energy Ombudsman": (0.45, 0.25, 0.30),
    "Communications Ombudsman": (0.35, 0.25, 0.40),
    "Retail ADR scheme": (0.35, 0.25, 0.40),
    "Local Government and Social Care Ombudsman": (0.55, 0.20, 0.25),
    "Financial Ombudsman Service": (0.32, 0.06, 0.62),
}
_ROUTES = ("priority: vulnerable customer", "escalate: senior handler", "resolve now",
           "investigate")


def _root_causes(rng: np.random.Generator, category: np.ndarray) -> np.ndarray:
    """One root cause per complaint, leaning by category (``_CAUSE_LEANINGS``).

    Example:
        >>> causes = _root_causes(np.random.default_rng(0), np.array(["staff conduct"] * 400))
        >>> str(pd.Series(causes).value_counts().index[0])
        'agent error'
    """
    names = list(_ROOT_CAUSE_SHARES)
    base = np.array(list(_ROOT_CAUSE_SHARES.values()))
    weights = {}
    for name in np.unique(category):
        w = base.copy()
        for word, cause, factor in _CAUSE_LEANINGS:
            if word in name:
                w[names.index(cause)] *= factor
        weights[name] = (w / w.sum()).cumsum()
    cumulative = np.array([weights[c] for c in category]).reshape(len(category), len(names))
    picks = (rng.random(len(category))[:, None] > cumulative).sum(axis=1).clip(
        0, len(names) - 1)
    return np.array(names, dtype=object)[picks].astype(str)


def _triage_routes(severity: np.ndarray, vulnerable: np.ndarray,
                   descriptions: list[str]) -> np.ndarray:
    """The triage route: a vulnerable customer first, then escalation (high severity, or a
    threat to go to the ombudsman, a regulator, an MP or the media), then "resolve now" for
    low severity, else "investigate".

    Example:
        >>> routes = _triage_routes(np.array(["low", "high", "low", "medium"]),
        ...                         np.array([True, False, False, False]),
        ...                         ["", "", "", "I'll take it to the Energy Ombudsman."])
        >>> [route.split(":")[0] for route in routes]
        ['priority', 'escalate', 'resolve now', 'escalate']
    """
    threat = np.array([text.threatens_escalation(d) for d in descriptions], dtype=bool)
    severity = np.asarray(severity)
    return np.select([np.asarray(vulnerable, dtype=bool), (severity == "high") | threat,
                      severity == "low"], list(_ROUTES[:3]), _ROUTES[3])


def _on_business_day(rng: np.random.Generator, day: np.ndarray, holidays: np.ndarray,
                     first_hour: float = 8.0, last_hour: float = 18.0) -> np.ndarray:
    """A time between ``first_hour`` and ``last_hour`` on each business day ``day``."""
    hours = rng.uniform(first_hour, last_hour, len(day))
    return (day.astype("datetime64[s]")
            + (hours * 3600).astype("timedelta64[s]"))


def _acknowledgements(rng: np.random.Generator, received: np.ndarray,
                      holidays: np.ndarray) -> np.ndarray:
    """When each complaint was acknowledged: ``_ACK_BUSINESS_DAYS`` business days after the
    day received (the same day: minutes to hours after it arrived).

    Example:
        >>> got = np.array(["2026-04-02T10:00"], dtype="datetime64[s]")  # Thursday
        >>> holidays = np.array(["2026-04-03", "2026-04-06"], dtype="datetime64[D]")
        >>> ack = _acknowledgements(np.random.default_rng(1), np.repeat(got, 50), holidays)
        >>> bool((ack >= got).all())
        True
        >>> sorted({str(d) for d in ack.astype("datetime64[D]")})[:2]
        ['2026-04-02', '2026-04-07']
    """
    m = len(received)
    lag = rng.choice(len(_ACK_BUSINESS_DAYS), m, p=_ACK_BUSINESS_DAYS)
    day = received.astype("datetime64[D]")
    ack_day = np.busday_offset(day, lag, roll="forward", holidays=holidays)
    later = _on_business_day(rng, ack_day, holidays)
    midnight = (day + np.timedelta64(1, "D")).astype("datetime64[s]")
    soon = np.minimum(received + (rng.uniform(5, 240, m) * 60).astype("timedelta64[s]"),
                      midnight - np.timedelta64(60, "s"))
    return np.where(ack_day == day, np.maximum(soon, received), later)


def _resolutions(rng: np.random.Generator, received: np.ndarray, route: np.ndarray,
                 severity: np.ndarray, holidays: np.ndarray) -> np.ndarray:
    """When the final response is sent: by the close of the third business day for the
    share of each route in ``_QUICK_SHARE``, else after about ``_RESOLVE_DAYS`` calendar
    days (lognormal), moved to the next business day if it falls on a closed day."""
    m = len(received)
    quick = rng.random(m) < pd.Series(route, dtype=object).map(_QUICK_SHARE).to_numpy(
        dtype=float)
    day = received.astype("datetime64[D]")
    quick_day = np.busday_offset(day, rng.choice(4, m, p=[0.3, 0.3, 0.25, 0.15]),
                                 roll="forward", holidays=holidays)
    quick_at = np.maximum(_on_business_day(rng, quick_day, holidays, 9.0, 18.0),
                          received + np.timedelta64(30 * 60, "s"))
    median = pd.Series(route, dtype=object).map(_RESOLVE_DAYS).to_numpy(dtype=float)
    days = rng.lognormal(np.log(median), 0.65, m) * np.where(severity == "high", 1.2, 1.0)
    slow = received + (np.maximum(days, 4.0) * 86400).astype("timedelta64[s]")
    slow_day = slow.astype("datetime64[D]")
    open_day = np.busday_offset(slow_day, 0, roll="forward", holidays=holidays)
    slow = np.where(open_day == slow_day, slow,
                    _on_business_day(rng, open_day, holidays, 9.0, 17.0))
    return np.where(quick, quick_at, slow)


def _interview_scores(rng: np.random.Generator, skill: np.ndarray) -> np.ndarray:
    """Two interviewers' whole scores (1–5) for each applicant and competency: an array of
    applicants × ``INTERVIEW_COMPETENCIES`` × 2, made as ``INTERVIEW_MODEL`` says.

    Example:
        >>> scores = _interview_scores(np.random.default_rng(0), np.array([-2.0, 0.0, 2.0]))
        >>> scores.shape, int(scores.min()) >= 1, int(scores.max()) <= 5
        ((3, 5, 2), True, True)
    """
    m = INTERVIEW_MODEL
    n, k = len(skill), len(INTERVIEW_COMPETENCIES)
    rest = np.sqrt(max(1 - m["skill"] ** 2 - m["halo"] ** 2, 0.0))
    halo = rng.normal(0, 1, n)
    own = rng.normal(0, 1, (n, k))
    level = m["centre"] + m["spread"] * (m["skill"] * np.asarray(skill)[:, None]
                                         + m["halo"] * halo[:, None] + rest * own)
    error = rng.normal(0, m["interviewer_error_sd"], (n, k, 2))
    return np.clip(np.round(level[:, :, None] + error), 1, 5).astype(int)


def _cv_experience(rng: np.random.Generator, under_25: np.ndarray) -> np.ndarray:
    """The experience score read from each CV (whole 1–5): higher for older applicants
    (``CV_EXPERIENCE_MEANS``), unrelated to skill.

    Example:
        >>> cv = _cv_experience(np.random.default_rng(0), np.array([True] * 200 + [False] * 200))
        >>> bool(cv[:200].mean() < cv[200:].mean())
        True
    """
    mean = np.where(under_25, CV_EXPERIENCE_MEANS[AGE_BANDS[0]],
                    CV_EXPERIENCE_MEANS[AGE_BANDS[1]])
    return np.clip(np.round(mean + rng.normal(0, 0.9, len(mean))), 1, 5).astype(int)


def _hiring_decision(rng: np.random.Generator, scores: np.ndarray,
                     cv: np.ndarray) -> np.ndarray:
    """The centre's decision score: the weighted interview score (``HIRING_WEIGHTS`` on the
    mean of the two interviewers per competency) + ``HIRING_CV_WEIGHT`` × CV experience +
    noise (``HIRING_NOISE_SD``).

    Example:
        >>> top = np.full((1, 5, 2), 5); bottom = np.full((1, 5, 2), 1)
        >>> rng = np.random.default_rng(0)
        >>> bool(_hiring_decision(rng, top, np.array([1]))[0]
        ...      > _hiring_decision(rng, bottom, np.array([5]))[0])
        True
    """
    weights = np.array([HIRING_WEIGHTS[c] for c in INTERVIEW_COMPETENCIES])
    interview = scores.mean(axis=2) @ (weights / weights.sum())
    return interview + HIRING_CV_WEIGHT * cv + rng.normal(0, HIRING_NOISE_SD, len(cv))


def _spread(total: np.ndarray, slots: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Whole agents for the half-hour at ``position`` (0, 1, …) of a day of ``slots``
    half-hours whose work is ``total`` agent half-hours: spread as evenly as possible and
    adding up to ``total`` rounded (at least one agent half-hour if there is any work).

    Example:
        >>> _spread(np.full(4, 10.4), np.full(4, 4), np.arange(4)).tolist()
        [3, 3, 2, 2]
    """
    whole = np.maximum(np.round(total), np.where(total > 0, 1, 0))
    base, extra = np.divmod(whole, slots)
    return (base + (position < extra)).astype(int)


def _response_probability(channel: np.ndarray, resolved: np.ndarray,
                          long_wait: np.ndarray) -> np.ndarray:
    """Chance each answered contact answers the survey: lower when the issue was not resolved
    or the wait was long (non-response bias: the survey hears more from satisfied customers).

    Example:
        >>> _response_probability(np.array(["phone", "phone", "email"]),
        ...                       np.array([True, False, True]),
        ...                       np.array([False, False, True])).round(4).tolist()
        [0.175, 0.0962, 0.0935]
    """
    base = pd.Series(channel).map(SURVEY_RESPONSE).to_numpy(dtype=float)
    return (base * np.where(resolved, 1.0, SURVEY_UNRESOLVED_FACTOR)
            * np.where(long_wait, SURVEY_LONG_WAIT_FACTOR, 1.0))


# ------------------------------------------------------------------ customers and churn
#: the customers table's own random stream (when each customer joined, what they hold) is
#: seeded with [seed, CUSTOMER_STREAM], never the main stream, so adding tenure and products
#: moved nothing in the other tables
CUSTOMER_STREAM = 0xC057
#: customers joined up to this many years before the data starts; more joined recently (a
#: truncated exponential spread with this mean, in years): course assumption
CUSTOMER_YEARS = 10
CUSTOMER_TENURE_MEAN_YEARS = 3.5
#: the fewest and most products a customer of each segment can hold (1-3 otherwise; what a
#: product is in each sector: ``csmlib.data.schema.PRODUCTS_HELD``)
SEGMENT_PRODUCTS: dict[str, tuple[int, int]] = {
    "broadband only": (1, 1), "broadband and TV": (2, 2), "mobile bundle": (2, 3),
    "home": (1, 2), "motor": (1, 2), "home and motor": (2, 3), "loyalty member": (2, 3)}
#: the churn model's period: CHURN_MODEL's base rates are for a quarter of this many days
QUARTER_DAYS = 91
#: churn model (course assumptions, not sourced figures): a customer's chance of leaving in
#: a quarter is the sector's base rate × one multiplier for each driver below (capped at
#: ``cap``); over the data's days it is 1 − (1 − quarterly)^(days ÷ 91).
#: * ``lowest_csat``: the customer's lowest CSAT answer in the period ("not surveyed" if
#:   they answered none): churn falls as satisfaction rises;
#: * ``latest_nps``: the group of their latest NPS answer (detractor 0–6, passive 7–8,
#:   promoter 9–10); with the CSAT effect, detractors leave about 2–3 times as often as
#:   promoters (Reichheld 2003 links recommendation to loyalty; the size is ours);
#: * ``complaint``: the worst outcome of their complaints (open worst, then not upheld,
#:   partially upheld, upheld): an open or rejected complaint drives customers away; an
#:   upheld one, put right, offsets the dissatisfaction that led to it, so those customers
#:   leave about as often as customers who never complained (notebook 04's claim);
#: * ``long_wait``: any contact with a very long wait (``CHURN_LONG_WAIT_S``);
#: * ``first_year``: joined less than 12 months before the data ends (``tenure_months``);
#: * ``products_held``: more products, more reasons to stay.
CHURN_MODEL: dict[str, Any] = {
    "base_quarterly": {"energy": 0.043, "telecom": 0.040, "retail": 0.072,
                       "insurance": 0.043, "council": 0.021},
    "lowest_csat": {"1-2": 2.2, "3": 1.3, "4": 0.9, "5": 0.65, "not surveyed": 1.0},
    "latest_nps": {"detractor": 1.1, "passive": 1.0, "promoter": 0.95, "not surveyed": 1.0},
    "complaint": {"open": 5.0, "not upheld": 5.0, "partially upheld": 2.0, "upheld": 0.75,
                  "no complaint": 1.0},
    "long_wait": {"yes": 1.6, "no": 1.0},
    "first_year": {"yes": 1.5, "no": 1.0},
    "products_held": {"1": 1.0, "2": 0.8, "3": 0.6},
    "cap": 0.6,
}
#: the drivers CHURN_MODEL multiplies, in order
CHURN_DRIVERS: tuple[str, ...] = ("lowest_csat", "latest_nps", "complaint", "long_wait",
                                  "first_year", "products_held")
#: a very long wait, for churn: phone and chat over 10 minutes, email and social over 3 days
CHURN_LONG_WAIT_S = {"live": 600, "written": 3 * 86_400}
#: the complaint outcomes from worst (for the customer's loyalty) to best
COMPLAINT_ORDER = ("open", "not upheld", "partially upheld", "upheld")
#: a customer who leaves does so within this many days of their last contact or complaint
CHURN_WINDOW_DAYS = 40
#: where each sector's annual churn (1 − (1 − churn in the period)^(365 ÷ days)) should land:
#: course assumptions shaped by published UK switching and churn levels, not sourced
#: figures; the council's customers "leave" by moving away or closing the account
ANNUAL_CHURN_RANGE: dict[str, tuple[float, float]] = {
    "energy": (0.12, 0.22), "telecom": (0.12, 0.20), "retail": (0.20, 0.35),
    "insurance": (0.12, 0.22), "council": (0.05, 0.12)}


def _joined_on(rng: np.random.Generator, n: int, start: date) -> np.ndarray:
    """When each customer joined: before the data starts, up to CUSTOMER_YEARS earlier, more
    of them recently (a truncated exponential spread)."""
    scale, top = CUSTOMER_TENURE_MEAN_YEARS * 365.25, CUSTOMER_YEARS * 365.25
    days_before = -scale * np.log(1 - rng.random(n) * (1 - np.exp(-top / scale)))
    return (np.datetime64(start, "D") - np.ceil(days_before).astype("timedelta64[D]")
            - np.timedelta64(1, "D"))


def _whole_months(joined: np.ndarray, end: date) -> np.ndarray:
    """Whole calendar months from each date in ``joined`` to ``end``.

    Example:
        >>> _whole_months(np.array(["2025-01-31", "2025-02-01"], dtype="datetime64[D]"),
        ...               date(2026, 2, 1)).tolist()
        [12, 12]
    """
    day = pd.DatetimeIndex(joined)
    months = (end.year - day.year) * 12 + (end.month - day.month) - (day.day > end.day)
    return np.asarray(months, dtype=int)


def _products_held(rng: np.random.Generator, sector: str, segment: np.ndarray,
                   value: np.ndarray, tenure: np.ndarray) -> np.ndarray:
    """Products held (1–3): more for customers who spend more and have stayed longer, within
    the segment's range (``SEGMENT_PRODUCTS``); about half hold one."""
    spend = pd.Series(np.log(value)).groupby(segment).transform(
        lambda x: (x - x.mean()) / (x.std() or 1.0)).fillna(0.0).to_numpy()
    lean = 0.6 * spend + 0.35 * np.log1p(tenure / 12) + rng.normal(0, 1.0, len(value))
    held = 1 + np.digitize(lean, [0.35, 1.35])
    low = np.array([SEGMENT_PRODUCTS.get(s, (1, 3))[0] for s in segment])
    high = np.array([SEGMENT_PRODUCTS.get(s, (1, 3))[1] for s in segment])
    return np.clip(held, low, high).astype(int)


def _churn_drivers(contacts: pd.DataFrame, complaints: pd.DataFrame,
                  customer_ids: pd.Series) -> pd.DataFrame:
    """Each customer's churn drivers from the contacts and complaints (``CHURN_MODEL``'s
    groups): lowest_csat, latest_nps, complaint (the worst outcome) and long_wait.

    Example:
        >>> contacts = pd.DataFrame({"customer_id": ["C1", "C1", "C2"],
        ...     "arrived_at": pd.to_datetime(["2026-01-05", "2026-01-06", "2026-01-05"]),
        ...     "channel": ["phone", "email", "chat"], "wait_s": [30, 300_000, 20],
        ...     "csat": pd.array([2, 5, pd.NA], dtype="Int64"),
        ...     "nps": pd.array([3, 10, pd.NA], dtype="Int64")})
        >>> complaints = pd.DataFrame({"customer_id": ["C2", "C2"],
        ...                            "outcome": ["upheld", "open"]})
        >>> drivers = _churn_drivers(contacts, complaints, pd.Series(["C1", "C2", "C3"]))
        >>> drivers.loc["C1"].tolist()
        ['1-2', 'promoter', 'no complaint', 'yes']
        >>> drivers["complaint"].tolist(), drivers.loc["C3", "lowest_csat"]
        (['no complaint', 'open', 'no complaint'], 'not surveyed')
    """
    ids = pd.Index(customer_ids.astype(str))
    surveyed = contacts.dropna(subset=["csat"])
    lowest = surveyed.groupby("customer_id")["csat"].min().reindex(ids)
    csat = np.where(lowest.isna(), "not surveyed",
                    np.where(lowest.fillna(0) <= 2, "1-2", lowest.fillna(0).astype(int)
                             .astype(str)))
    answered = contacts.dropna(subset=["nps"]).sort_values("arrived_at", kind="stable")
    latest = answered.groupby("customer_id")["nps"].last().reindex(ids)
    score = latest.fillna(-1).astype(int).to_numpy()
    nps = np.select([score < 0, score <= 6, score <= 8], ["not surveyed", "detractor",
                                                           "passive"], "promoter")
    rank = complaints["outcome"].map({o: i for i, o in enumerate(COMPLAINT_ORDER)})
    worst = rank.groupby(complaints["customer_id"]).min().reindex(ids)
    complaint = np.where(worst.isna(), "no complaint",
                         np.array(COMPLAINT_ORDER + ("",))[worst.fillna(len(COMPLAINT_ORDER))
                                                           .astype(int)])
    live = contacts["channel"].isin(("phone", "chat")).to_numpy()
    limit = np.where(live, CHURN_LONG_WAIT_S["live"], CHURN_LONG_WAIT_S["written"])
    waited = pd.Series(contacts["wait_s"].to_numpy() > limit).groupby(
        contacts["customer_id"].to_numpy()).any().reindex(ids, fill_value=False)
    return pd.DataFrame({"lowest_csat": csat, "latest_nps": nps, "complaint": complaint,
                         "long_wait": np.where(waited.to_numpy(), "yes", "no")}, index=ids)


def _churn_multiplier(drivers: pd.DataFrame, tenure_months: np.ndarray,
                     products_held: np.ndarray) -> np.ndarray:
    """Each customer's churn multiplier: the product of ``CHURN_MODEL``'s multipliers for
    their drivers (``_churn_drivers``), first year and products held.

    Example:
        >>> drivers = pd.DataFrame({"lowest_csat": ["1-2", "5"], "latest_nps": ["detractor",
        ...     "promoter"], "complaint": ["no complaint"] * 2, "long_wait": ["no", "no"]})
        >>> _churn_multiplier(drivers, np.array([6, 40]), np.array([1, 3])).round(2).tolist()
        [3.63, 0.37]
    """
    model = CHURN_MODEL
    factor = np.ones(len(drivers))
    for driver in ("lowest_csat", "latest_nps", "complaint", "long_wait"):
        factor *= drivers[driver].map(model[driver]).to_numpy(dtype=float)
    factor *= np.where(np.asarray(tenure_months) < 12, model["first_year"]["yes"],
                       model["first_year"]["no"])
    factor *= pd.Series(np.asarray(products_held).astype(str)).map(
        model["products_held"]).to_numpy(dtype=float)
    return factor


def _customer_ids(numbers: np.ndarray) -> np.ndarray:
    return np.char.add("C", np.char.zfill(np.asarray(numbers + 1).astype(str), 6))


def _repeat_flags(customer: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """True where the same customer had contacted in the previous 7 days."""
    order = np.lexsort((seconds, customer))
    same = np.r_[False, customer[order][1:] == customer[order][:-1]]
    gap = np.r_[np.inf, np.diff(seconds[order]).astype(float)]
    flags = np.zeros(len(customer), dtype=bool)
    flags[order] = same & (gap <= 7 * 86400)
    return flags


def hidden_truths(org: Organisation) -> dict[str, Any]:
    """The facts built into the data that the notebooks uncover (for tutors).

    Example:
        >>> sorted(hidden_truths(generate(seed=3, days=14, agents=12)))[:3]
        ['app_problem', 'attendance', 'attrition']
    """
    checks.instance("org", org, Organisation, "an Organisation made by generate()")
    return dict(org.truths)

