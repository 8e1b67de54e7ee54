"""Tutor guide for notebook 07, *Your workplace and your portfolio*: timings, prompts,
misconceptions and model answers. Learners' own data differs, so the model answers are
written on the fictional sample exports in ``datasets/samples/`` (imported exactly as the
notebook imports them) and the default organisation; every figure is computed.

Example:
    >>> from csmlib.course.tutor_guide.facts import Facts
    >>> guide(Facts.default()).number
    '07'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from csmlib.analysis import feedback, kpis, own_data, spc
from csmlib.course.tutor_guide.facts import Facts, worked_out_once
from csmlib.course.tutor_guide.model import (
    MarkingPoint,
    Misconception,
    ModelAnswer,
    NotebookGuide,
    Prompt,
    Section,
)
from csmlib.course.tutor_guide.words import day as _day
from csmlib.course.tutor_guide.words import share_pct as _pct

NUMBER = "07"
#: the sample exports, as ``csmlib.data.workplace.SAMPLE_FILES`` names them
TELEPHONY, CRM, SURVEY = "telephony_export.csv", "crm_cases.csv", "survey_export.tsv"
#: the phone service standard the course uses (notebook 02): 80% answered within 20 s
STANDARD = 0.80

S1 = "1. Import your export (7.1)"
S2 = "2. What your data shows (7.1)"
S3 = "3. Explain it to your line manager"
S4 = "4. Your own-data analysis (7.1)"
S5 = "5. Finish your portfolio (7.2, 7.3)"
S6 = "Key points"


def _import(facts: Facts, name: str) -> Any:
    """A sample export imported as notebook 07 imports it (the import lives in csmlib.data)."""
    from csmlib.data import workplace

    return workplace.import_csv(facts.folder / "samples" / name, "contacts")


@dataclass(frozen=True)
class _Figures:
    organisation: str
    rows_read: int
    imported: int
    rejected: dict[str, int]
    totals_skipped: int
    blank_skipped: int
    encoding: str
    first_day: object
    last_day: object
    weeks: int
    per_week: float
    service_level: float
    abandonment: float
    asa_s: float
    aht_s: float
    repeat_sample: float
    repeat_org: float
    sl_summary: str
    sl_low: float
    sl_high: float
    sl_assurance: str
    weeks_below: int
    survey_read: int
    survey_imported: int
    csat_top2: float
    themes: pd.DataFrame
    crm_rows: int
    crm_answered_missing: bool


@worked_out_once
def _figures(facts: Facts) -> _Figures:
    tele = _import(facts, TELEPHONY)
    report = tele.report
    frame = tele.table
    answered = frame[frame["answered"].astype(bool)]
    phone = frame[frame["channel"] == "phone"]
    weekly = own_data.weekly(frame, "service_level")
    chart = spc.xmr(pd.Series(weekly["value"].to_numpy(), index=pd.Index(weekly["week"])),
                    improvement="neutral")
    known = frame["contacted_again_7d"].notna() & frame["answered"].astype(bool)
    contacts = facts.table("contacts")
    org_known = contacts["contacted_again_7d"].notna() & contacts["answered"].astype(bool)
    survey = _import(facts, SURVEY)
    scored = survey.table
    themes = feedback.theme_summary(feedback.analyse_text(scored, "comment",
                                                          score_column="csat"))
    crm = _import(facts, CRM)
    arrived = pd.to_datetime(frame["arrived_at"])
    days = (arrived.max().normalize() - arrived.min().normalize()).days + 1
    return _Figures(
        organisation=facts.organisation, rows_read=int(report.rows_read),
        imported=int(report.imported),
        rejected={str(k): int(v) for k, v in dict(report.rejected_by_reason).items()},
        totals_skipped=int(report.totals_rows_skipped),
        blank_skipped=int(report.blank_rows_skipped), encoding=str(report.encoding),
        first_day=arrived.min(), last_day=arrived.max(), weeks=len(weekly),
        per_week=len(frame) / (days / 7),
        service_level=float(kpis.service_level(frame, 20, channel="phone")),
        abandonment=float(1 - phone["answered"].astype(bool).mean()),
        asa_s=float(answered["wait_s"].mean()), aht_s=float(answered["handle_s"].mean()),
        repeat_sample=float(frame.loc[known, "contacted_again_7d"].astype(bool).mean()),
        repeat_org=float(contacts.loc[org_known, "contacted_again_7d"].astype(bool).mean()),
        sl_summary=spc.summary(chart), sl_low=float(chart["lower"].iloc[0]),
        sl_high=float(chart["upper"].iloc[0]),
        sl_assurance=spc.assurance(chart, STANDARD, improvement="increase"),
        weeks_below=int((weekly["value"] < STANDARD).sum()),
        survey_read=int(survey.report.rows_read), survey_imported=int(survey.report.imported),
        csat_top2=float((scored["csat"].dropna() >= 4).mean()),
        themes=themes, crm_rows=int(crm.report.imported),
        crm_answered_missing="answered" not in crm.table.columns)


def _limits(f: _Figures) -> str:
    high = _pct(f.sl_high) if f.sl_high <= 1 else "over 100%"
    return f"{_pct(max(f.sl_low, 0.0))} to {high}"


def _verdict(f: _Figures) -> str:
    """What the weekly service-level chart says against the standard (computed)."""
    if f.sl_summary != "common cause":
        return (f"the chart shows {f.sl_summary}: find out what happened in those weeks "
                "before judging the process")
    return (f"{f.weeks_below} of {f.weeks} weeks were below the standard, but the chart "
            f"shows common cause only, so against the standard the process is "
            f"'{f.sl_assurance}': the good weeks and the bad weeks are the same process, and "
            "only changing the process will move it")


def _theme(f: _Figures, skip: str = "praise") -> pd.Series:
    """The biggest theme that is not praise."""
    return f.themes[f.themes["theme"] != skip].sort_values("comments").iloc[-1]


# ---------------------------------------------------------------------- content
def _sections() -> tuple[Section, ...]:
    return (
        Section(S1, 20, "together",
                "Read the GDPR call-out together first, then import the telephony sample on "
                "the projector and walk through the import report row by row; learners with "
                "approved data then import their own, the rest a sample."),
        Section(S2, 25, "solo",
                "Learners rerun the cells below the import (Run Selected Cell and All Below), "
                "do the two self-checks and read one control chart; circulate and ask 'what "
                "would you do about it?'."),
        Section(S3, 8, "writing",
                "Learners answer alone; discuss one answer with the group against the model."),
        Section(S4, 15, "writing",
                "Start the write-up in the session (the data and what was found); what they "
                "did and what happened can be finished at work as homework."),
        Section(S5, 17, "writing",
                "Show the coverage table and agree each learner's gaps; start one reflective "
                "account; explain that the witness testimony is the line manager's to write. "
                "Finish with the export."),
        Section(S6, 5, "together",
                "Recap lawful use, every row accounted for, analysis that leads to action, and "
                "evidence mapped to criteria; check everyone has exported their portfolio."),
    )


def _prompts(f: _Figures) -> tuple[Prompt, ...]:
    reasons = "; ".join(f"{n} {r}" for r, n in f.rejected.items())
    not_imported = f.rows_read - f.imported
    theme = _theme(f)
    return (
        Prompt(S1, "Before you import anything: who must agree, and which columns do you "
                   "really need?",
               ("The line manager and the data protection officer agree the use first "
                "(lawful basis, purpose limitation).",
                "Only the columns the analyses need: arrival time and channel at minimum; "
                "no names, phone numbers or account numbers (data minimisation).",
                "Identifiers are pseudonymised with a key that stays in the learner's folder; "
                "free text is redacted; the raw export is deleted after the session.",
                "Small groups (fewer than 5 rows) are flagged: figures about one agent can "
                "identify them."),
               follow_up="What would you do if your export holds customers' comments with "
                         "names in them?"),
        Prompt(S1, "The telephony sample lost some rows on import. Is that a problem?",
               (f"{f.rows_read:,} rows read, {f.imported:,} imported, {not_imported} not "
                f"imported: {reasons} rejected, and {f.totals_skipped} totals row skipped.",
                "Every row is accounted for, with the reason and the spreadsheet row number: "
                "that is what makes the figures trustworthy.",
                "Losing rows silently (or 'fixing' them by hand) would change the KPIs "
                "without anyone knowing.",
                "Fix at source where possible (why does the system export a negative wait?)."),
               follow_up="What would you tell your manager about the rejected rows?"),
        Prompt(S2, "Your service level is below the standard. Is this a bad month, or the "
                   "process?",
               (f"The sample's phone service level is {_pct(f.service_level)} against the "
                f"{_pct(STANDARD)} standard.",
                f"Weekly limits run from {_limits(f)}: {_verdict(f)}.",
                f"The limits are wide because only about {f.per_week:.0f} calls a week are in "
                "the export: a small sample varies more.",
                "Act on the process (staffing by interval, notebook 02), not on one week."),
               follow_up="What extra column would let you see which half-hours miss?"),
        Prompt(S2, "Why is the sample's repeat-contact rate so low?",
               (f"The sample's rate is {_pct(f.repeat_sample)} against {_pct(f.repeat_org)} "
                f"for {f.organisation} as a whole.",
                "The samples are a thin spread of the organisation's contacts, so a customer's "
                "other contacts are mostly not in the file.",
                "A repeat rate needs every contact of each customer, on every channel: an "
                "export of one queue or one channel understates it.",
                "Check what a KPI needs before trusting it on your own data."),
               follow_up="How would you check your own export is complete enough?"),
        Prompt(S5, "What makes a witness testimony worth having?",
               ("Written by the line manager in their own words, about what they saw, when, "
                "and what came of it.",
                "Specific: names the activity (the analysis, the change, the meeting) and the "
                "result.",
                "Names, role, relationship, date and the signed declaration are complete.",
                "Mapped to the criteria it supports, alongside the learner's own work."),
               follow_up="Which of your criteria would a witness strengthen most?"),
        Prompt(S2, "Customers' comments in the survey sample: what stands out, and what "
                   "would you do?",
               (f"After praise, the biggest theme is “{theme['theme']}”: "
                f"{int(theme['comments'])} comments ({theme['share_pct']:.1f}%), mean CSAT "
                f"{theme['mean_score']:.1f} out of 5.",
                f"Overall CSAT top-2-box is {_pct(f.csat_top2)}: the numbers alone would "
                "hide it (qualitative beside quantitative, 5.2).",
                "Read the comments themselves before acting; take the theme to the team that "
                "owns the app or the process.",
                "Chart the theme's weekly share to see whether it is growing."),
               follow_up="Who in your organisation reads the verbatims every week?"),
    )


def _misconceptions(f: _Figures) -> tuple[Misconception, ...]:
    return (
        Misconception(
            "It is my employer's data, so I can use it for my qualification without asking.",
            "UK GDPR purpose limitation: data collected to serve customers is not automatically "
            "usable for a qualification; the organisation decides.",
            "Read the notebook's GDPR call-out together; ask learners to get written "
            "agreement from their line manager and data protection officer."),
        Misconception(
            "Taking the names out makes the data anonymous.",
            "Ids, exact times, free text and small groups can still identify people; the "
            "course pseudonymises (reversible only with the key), which is still personal "
            "data under UK GDPR.",
            "Show the anonymisation table (what changed and why) and the small-group warnings; "
            "remind them the key stays in their folder and is never shared."),
        Misconception(
            "Rejected rows are errors I should fix by hand so the totals match.",
            "Hand edits are invisible and unrepeatable; the import report is the audit trail.",
            (f"Show the telephony sample's report: {f.rows_read - f.imported} rows not "
             "imported, each with a reason and its row number; fix at source and re-export.")),
        Misconception(
            "The analysis is the evidence: a table of KPIs is enough for 7.1.",
            "Assessors look for what the learner did with the analysis (the examiners' "
            "'numbers with no action' mistake).",
            "Point to the notebook's call-out and the form's 'What I did about it' and 'What "
            "happened' parts."),
        Misconception(
            "I can write the witness testimony myself and ask my manager to sign it.",
            "A testimony is the witness's own account; one written by the learner is not "
            "independent evidence.",
            "The form asks for the witness's words (at least 30) and their declaration; the "
            "learner may type it with them, not for them."),
        Misconception(
            "The coverage table will map my evidence for me, so labels do not matter.",
            "It counts only writing long enough to count, under the criteria the learner "
            "chose; unmapped or thin evidence shows as a gap.",
            "Open the coverage table and go through one gap: where in the course to add it."),
    )


def _protection(f: _Figures) -> ModelAnswer:
    answer = (
        "Yes, with safeguards. Before: I asked you and our data protection officer, and "
        "exported only the columns I needed (arrival time, channel, whether answered, wait "
        "and handle time, team and a customer reference), with no names or phone numbers. "
        "During: the course pseudonymised customer and agent ids with a key that stays on my "
        "computer and is never shared, flagged any agent with fewer than 5 contacts so I "
        "leave them out of what I report, and accounted for every row "
        f"(on the sample export, {f.imported:,} of {f.rows_read:,} rows imported, the rest "
        "rejected or skipped with reasons). After: my portfolio holds only figures and "
        "pseudonyms, and I deleted the raw export from the server when I had finished.")
    return ModelAnswer(
        "07-protection", "Explain it to your line manager: is it safe to use our data?",
        ("3.4", "7.1"), answer,
        (MarkingPoint("3.4",
                      "Applies named UK GDPR principles to this use: permission or lawful "
                      "basis, minimisation (only the columns needed), pseudonymisation and "
                      "small groups, storage limitation (deleting the raw export).",
                      "'It is anonymised' with no how; nothing about permission or deletion."),
         MarkingPoint("7.1",
                      "Shows the data is the learner's workplace data, handled so the "
                      "analysis can be trusted (every row accounted for).",
                      "No link to the analysis or the workplace data itself.")))


def _own_data(f: _Figures) -> ModelAnswer:
    theme = _theme(f)
    rejected = ", ".join(f"{n} {r}" for r, n in f.rejected.items())
    answer = "\n".join([
        "*A model written on the sample exports (the telephony log, plus the survey export "
        "for comments); a learner's own data will give other figures. The shape and the "
        "level of detail are what to look for.*",
        "",
        "**The data and how I protected it**",
        f"Our telephony platform's call log, {_day(f.first_day)} to {_day(f.last_day)}, "
        "exported with only the columns the analyses need (call time, channel, answered or "
        "abandoned, queue wait, handle time, team, reason, a customer reference). My line "
        "manager and the data protection officer agreed the use. The course pseudonymised "
        "the customer and agent ids with a key kept only in my folder, and flagged small "
        f"groups. Of {f.rows_read:,} rows, {f.imported:,} were imported; {rejected} were "
        f"rejected and {f.totals_skipped} totals row skipped, each with its reason.",
        "",
        "**What I found**",
        f"Phone service level {_pct(f.service_level)} against our {_pct(STANDARD)} in 20 "
        f"seconds; abandonment {_pct(f.abandonment)}; average speed of answer "
        f"{f.asa_s:.0f} s; average handle time {f.aht_s // 60:.0f} min {f.aht_s % 60:.0f} s. "
        f"On the weekly service-level chart ({f.weeks} weeks, limits {_limits(f)}), "
        f"{_verdict(f)}. In the survey export, CSAT "
        f"top-2-box is {_pct(f.csat_top2)}, but after praise the biggest theme is "
        f"“{theme['theme']}” ({theme['share_pct']:.1f}% of comments, mean CSAT "
        f"{theme['mean_score']:.1f}). The repeat-contact rate ({_pct(f.repeat_sample)}) is "
        "not reliable: the export holds only some of each customer's contacts.",
        "",
        "**What I did about it**",
        "I compared calls by half-hour with the rota (notebook 02's Erlang table) with the "
        "workforce planner and proposed moving two agents' breaks out of the late-morning "
        "peak; my manager agreed a four-week trial. I passed the app comments, with examples, "
        "to the digital team lead.",
        "",
        "**What happened, and what next**",
        "The trial runs for four weeks; I will chart the weekly service level with the limits "
        "fixed on the weeks above and look for a signal (a run of 7 above the old mean, or a "
        "point beyond the upper limit), then adopt, adapt or abandon as in notebook 06, and "
        "ask for a full export of every channel so repeat contacts can be measured.",
    ])
    return ModelAnswer(
        "07-own-data-analysis", "My own-data analysis", ("7.1", "3.4"), answer,
        (MarkingPoint("7.1",
                      "Real (anonymised) workplace data: what was analysed, findings with "
                      "figures and the control chart's verdict, quantitative and qualitative "
                      "together, an action taken or proposed with who was involved, and how "
                      "its effect will be checked.",
                      "Course data presented as workplace data; figures with no action; an "
                      "action with no link to the figures; no follow-up."),
         MarkingPoint("3.4",
                      "Says who agreed the use, which columns were kept and why, how it was "
                      "pseudonymised and how the raw export is stored or deleted.",
                      "No mention of permission, minimisation or anonymisation.")))


def _reflective(f: _Figures) -> ModelAnswer:
    answer = "\n".join([
        "**What happened:** I imported our call log for my qualification. The import "
        f"rejected {sum(f.rejected.values())} rows and skipped {f.totals_skipped}, and the "
        f"service level came out at {_pct(f.service_level)}, lower than the figure in our "
        "monthly pack.",
        "**What I did:** I checked the rejected rows with our MI analyst (a negative wait, "
        "an impossible date, a duplicated call) and found the pack leaves out abandoned calls "
        "under five seconds; I read the weekly control chart instead of the monthly average.",
        f"**What resulted:** on the weekly chart, {_verdict(f)}. The problem is the rota, "
        "not a bad month; my manager agreed a trial of moving breaks out of the peak.",
        "**What I learned:** how data is collected decides what it says; a KPI is only as "
        "good as its definition and its rows, and a chart tells me whether to act on the "
        "process or leave it alone.",
        "**What I will do differently:** agree KPI definitions with MI before reporting, "
        "keep a weekly chart rather than month-on-month colours, and ask for every channel in "
        "the export so repeat contacts can be measured.",
    ])
    return ModelAnswer(
        "07-reflective-account-*", "Reflective account", ("7.3", "5.3"), answer,
        (MarkingPoint("7.3",
                      "All five parts, each specific to a real situation at work (who, when, "
                      "what), with an honest look at what went well or not and a concrete "
                      "change to practice.",
                      "A description of course activities with no reflection; generic "
                      "lessons ('communication is important'); parts under 15 words."),
         MarkingPoint("5.3",
                      "(The criterion this model was written for; a learner chooses their "
                      "own.) Explains how the data was collected and how that changed the "
                      "decision taken.",
                      "Reports figures without saying where they came from or what was "
                      "decided.")))


def _witness(f: _Figures) -> ModelAnswer:
    answer = "\n".join([
        "*The line manager writes this, in their own words; the learner does not. A good "
        "testimony contains:*",
        "",
        "* **Who:** name, role (e.g. Contact centre manager), relationship (e.g. line manager "
        "since 2024), the date, and the declaration ticked by the witness.",
        "* **What they saw, specifically** (30 words at least, usually 80–150): for example, "
        "'In March I watched Alex analyse our anonymised call log with the MI analyst, "
        "explain to the team leaders why our service level misses the standard because of "
        "how the rota works rather than in bad weeks, and lead a four-week trial of moving "
        "breaks out of the peak. Alex agreed the data use with me and our DPO first and "
        "reported only pseudonymised figures.'",
        "* **What came of it:** the decision taken or the result seen (the trial agreed, the "
        "chart now in the weekly pack).",
        "* **Criteria:** ticked only for what the witness actually saw (7.3 always, plus e.g. "
        "7.1 for the own-data analysis, 3.1 or 6.1 for managing operations or an improvement "
        "cycle).",
    ])
    return ModelAnswer(
        "07-witness-testimony-*", "Witness testimony (from the line manager)", ("7.3", "7.1"),
        answer,
        (MarkingPoint("7.3",
                      "The witness's own first-hand account, specific (when, what the learner "
                      "did, what resulted), with name, role, relationship, date and "
                      "declaration complete.",
                      "Written by the learner; generic praise ('Alex is an excellent "
                      "manager'); missing details or declaration."),
         MarkingPoint("7.1",
                      "Confirms the learner analysed real workplace data, with permission, "
                      "and what they did with it.",
                      "No mention of the data work, or of what followed from it.")))


def _notes(f: _Figures) -> tuple[str, ...]:
    return (
        "Before the session, ask learners to agree the use of workplace data with their line "
        "manager (and data protection officer) and to bring a CSV with only the columns they "
        "need; learners without data use the samples in datasets/samples/.",
        f"The telephony sample is the default: {f.rows_read:,} rows read, {f.imported:,} "
        f"imported ({f.encoding}, semicolons, mm:ss durations). The CRM sample "
        f"({f.crm_rows:,} rows) "
        + ("has no answered column, so most KPIs say what they need: a good demonstration "
           "of 'what each analysis needs'." if f.crm_answered_missing else
           "shows emails and social posts with comments in quotes."),
        "On Binder or a shared JupyterHub, remind learners to delete their raw export after "
        "the session and never to share the .csmlib-pseudonym-key file; Binder sessions die "
        "after about 10 idle minutes, so export the portfolio before a break.",
        "After importing their own file, learners must rerun the cells below (Run Selected "
        "Cell and All Below); the analyses use the sample until then, and say so.",
        "The witness testimony is the line manager's: plan time for learners to arrange it "
        "after the workshop rather than in it.",
    )


@worked_out_once
def guide(facts: Facts) -> NotebookGuide:
    """Notebook 07's tutor guide, every figure computed from ``facts`` and the sample
    exports.

    Example:
        >>> nb = guide(Facts.default())
        >>> nb.minutes, len(nb.model_answers)
        (90, 4)
    """
    if not isinstance(facts, Facts):
        raise ValueError(f"guide() needs a Facts object (the default data); got "
                         f"{type(facts).__name__}.")
    f = _figures(facts)
    purpose = (
        "Learners bring their own workplace data in lawfully (permission, minimisation, "
        "pseudonymisation), see every row accounted for, rerun the course's analyses on it "
        "and write up what they found and did (7.1, 3.4). They then finish the portfolio: "
        "reflective accounts, the line manager's witness testimony and a coverage check "
        "against every criterion (7.2, 7.3).")
    return NotebookGuide(NUMBER, purpose, _sections(), _prompts(f), _misconceptions(f),
                         (_protection(f), _own_data(f), _reflective(f), _witness(f)),
                         _notes(f))


__all__ = ["guide"]
