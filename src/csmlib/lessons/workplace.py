"""Notebook 07 "Your workplace and your portfolio": bring your own data safely, rerun the
course's analyses on it, and finish the portfolio (criteria 7.1, 7.2, 7.3 and 3.4).

The import is :mod:`csmlib.data.workplace`, anonymising :mod:`csmlib.data.anonymise`, the
analyses :mod:`csmlib.analysis.own_data`, :mod:`csmlib.analysis.feedback` and
:mod:`csmlib.analysis.spc`; the forms are :mod:`csmlib.ui.workplace_import` and
:mod:`csmlib.ui.evidence_forms`. Until the learner imports a file, every analysis runs on the
first sample export, and says so.

Example:
    >>> "not legal advice" in gdpr_basis().data.lower()
    True
"""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from csmlib.analysis import feedback, kpis, own_data, spc
from csmlib.data import anonymise as anon
from csmlib.data import workplace
from csmlib.ui.callouts import callout
from csmlib.ui.charts import ChartArea
from csmlib.ui.control_chart import xmr_figure
from csmlib.ui.evidence_forms import FinalCoverage, ReflectiveAccount, WitnessTestimony
from csmlib.ui.exercises import NumericAnswer, WrittenAnswer
from csmlib.ui.forms import ArtefactForm, ArtefactPart, export_portfolio
from csmlib.ui.tables import Table, format_value, table
from csmlib.ui.widgets import CourseWidget
from csmlib.ui.workplace_import import ImportWizard

NOTEBOOK = "07"
_LABEL = {"description_width": "initial"}
#: the import wizard of this session, once the learner has made one
_SESSION: dict[str, ImportWizard] = {}


def gdpr_basis() -> Any:
    """Why and how you may use workplace data in a portfolio (UK GDPR), as a call-out."""
    paragraphs = [" ".join(p.split()) for p in anon.GDPR_BASIS.split("\n\n") if p.strip()]
    return callout("Before you use workplace data", paragraphs[:1], points=paragraphs[1:])


def import_wizard() -> ImportWizard:
    """Widget: import your own export (or a sample) and anonymise it. The pseudonym key is
    kept in the folder the notebook runs in, and nowhere else."""
    wizard = ImportWizard(key_folder=Path.cwd())
    _SESSION["wizard"] = wizard
    return wizard


@lru_cache(maxsize=1)
def _sample(name: str) -> tuple[pd.DataFrame, str]:
    """A sample export imported and anonymised (with a key of its own, kept in memory: the
    samples are fictional)."""
    folder = workplace.sample_folder()
    if folder is None:
        raise ValueError("The sample exports are missing from datasets/samples: reinstall the "
                         "course, or import your own file above.")
    result = workplace.import_csv(folder / name, "contacts")
    done = anon.anonymise(result.table, "contacts", key=b"course sample exports key")
    return done.frame, f"the sample export {name} ({result.report.imported:,} rows)"


def my_data() -> tuple[pd.DataFrame, str]:
    """The anonymised table the analyses use, and where it came from: your import, or (until
    you import) the first sample export."""
    wizard = _SESSION.get("wizard")
    if wizard is not None and wizard.data is not None and wizard.imported is not None:
        report = wizard.imported.report
        return wizard.data, (f"your file {Path(report.file).name} ({report.imported:,} rows, "
                             "anonymised)")
    return _sample(workplace.SAMPLE_FILES[0])


def data_note() -> Any:
    """Which data the analyses below use."""
    frame, source = my_data()
    when = pd.to_datetime(frame["arrived_at"])
    return callout("The data below", [
        f"Analysing {source}, from {format_value(when.min(), 'date')} to "
        f"{format_value(when.max(), 'date')}.",
        "After you import your own file, run the cells below again (Run → Run Selected Cell "
        "and All Below) to see them on your data."])


# ------------------------------------------------------------------ the analyses
def kpi_frame() -> pd.DataFrame:
    """Every KPI the course can measure, measured where your columns allow."""
    return own_data.available_kpis(my_data()[0])


def kpi_table() -> Table:
    """Your KPIs, as a kit table: measured, or what each needs."""
    frame = kpi_frame()
    return table(frame, {"kpi": "KPI", "formatted": "Your figure", "n": ("Rows it rests on",
                                                                           "count"),
                         "status": "Status"},
                 caption=f"Your KPIs, from {my_data()[1]}",
                 notes=["A KPI your file cannot measure says which columns it needs: add them "
                        "to your export if your system has them."])


class MyControlChart(CourseWidget):
    """A control chart of one weekly measure of your data."""

    def __init__(self) -> None:
        super().__init__()
        frame = my_data()[0]
        available = chartable(frame)
        self.frame = frame
        options = ([(own_data.MEASURES[m][0], m) for m in available] if available
                   else [("(not enough whole weeks)", "")])
        self.controls = {"measure": widgets.Dropdown(
            options=options, value=options[0][1], description="Measure", style=_LABEL,
            disabled=not available)}
        self.chart = ChartArea()
        self._finish(self.controls["measure"], self.chart.view)

    def update(self) -> None:
        measure = self.controls["measure"].value
        if not measure:
            self.result.value = f"<p>{html.escape(TOO_FEW_WEEKS)}</p>"
            return
        weekly = own_data.weekly(self.frame, measure)
        values = pd.Series(weekly["value"].to_numpy(), index=pd.Index(weekly["week"]))
        chart = spc.xmr(values, improvement="neutral")
        label = own_data.MEASURES[measure][0]
        rate = measure != "contacts"
        figure = xmr_figure(chart, title=f"Your data: {label.lower()}, week by week",
                            y=label + (" (%)" if rate else " (count)"), x="Week starting",
                            value_format=".1%" if rate else ",.0f", value_label=label)
        figure.layout.width = 900
        self.chart.show(figure)
        fmt = (lambda v: f"{100 * v:.1f}%") if rate else (lambda v: f"{v:,.0f}")
        self.result.value = "<p>" + html.escape(spc.verdict(
            chart, "neutral", fmt=fmt,
            when=lambda w: f"the week of {format_value(pd.Timestamp(w), 'date')}")) + "</p>"

    def static_html(self) -> str:
        return kpi_table().to_html()


#: the fewest whole weeks a control chart is drawn from (the NHS guidance asks for more)
MIN_WEEKS = 6
TOO_FEW_WEEKS = (f"Your data has fewer than {MIN_WEEKS} whole weeks for any measure, too few "
                 "for a control chart: export more weeks (20 or more is better).")


def chartable(frame: pd.DataFrame) -> list[str]:
    """The weekly measures your data has at least :data:`MIN_WEEKS` whole weeks of."""
    return [m for m in own_data.measures_available(frame)
            if len(own_data.weekly(frame, m)) >= MIN_WEEKS]


def my_control_chart() -> MyControlChart:
    """Widget: a control chart of a weekly measure of your data (or why it cannot be
    drawn)."""
    return MyControlChart()


def themes_table() -> Any:
    """What your customers' comments are about (any text column), or why not."""
    frame, source = my_data()
    if "comment" not in frame or not frame["comment"].fillna("").astype(str).str.strip().any():
        return callout("Comments", ["Your data has no comment column, so themes cannot be "
                                    "found: add the survey verbatims or case notes to your "
                                    "export."])
    score = "csat" if "csat" in frame and frame["csat"].notna().any() else None
    analysed = feedback.analyse_text(frame, "comment", score_column=score)
    summary = feedback.theme_summary(analysed)
    columns: dict[str, Any] = {"theme": "Theme", "comments": ("Comments", "count"),
                               "share_pct": ("Share (%)", "percent"),
                               "negative_pct": ("Negative (%)", "percent")}
    if "mean_score" in summary:
        columns["mean_score"] = ("Mean score", "number")
    columns["example"] = "For example"
    return table(summary, columns, caption=f"What the comments in {source} are about",
                 notes=["Themes and sentiment by the course's rules (notebook 03); read the "
                        "comments themselves before you act."])


def staffing_table() -> Any:
    """Agents Erlang C needs per half-hour on your busiest weekday, or why not."""
    frame, source = my_data()
    try:
        demand = own_data.interval_demand(frame)
        needed = own_data.required_agents(demand)
    except ValueError as error:
        return callout("Staffing", [f"Not on this data: {error}"])
    busiest = needed.groupby("weekday")["contacts_mean"].sum().idxmax()
    day = needed[needed["weekday"] == busiest]
    return table(day, {"interval_start": "Half-hour", "contacts_mean": ("Calls (mean)",
                                                                         "number"),
                       "agents": ("Agents needed (80% in 20 s)", "count")},
                 caption=f"Phone staffing on {busiest}s, from {source}",
                 notes=["Erlang C, as in notebook 02: it assumes callers wait and do not give "
                        "up, so it errs on the safe side."])


# ------------------------------------------------------------------ the evidence
class OwnDataAnalysis(ArtefactForm):
    """Your own-data analysis (7.1): what you analysed, found, did, and what resulted."""

    PARTS = (
        ArtefactPart("data", "The data and how I protected it",
                     "Which system, which period, which columns, and how it was anonymised "
                     "(and who agreed you could use it)", ["7.1", "3.4"], required=True),
        ArtefactPart("found", "What I found",
                     "The KPIs, the control chart's verdict, the comment themes: what stands "
                     "out, with the figures", ["7.1"], required=True),
        ArtefactPart("did", "What I did about it",
                     "The action you took or proposed, who was involved, and why", ["7.1"],
                     required=True),
        ArtefactPart("result", "What happened, and what next",
                     "What changed (or how you will know), and what you will monitor",
                     ["7.1"]),
    )
    TITLE = "My own-data analysis"
    ACTIVITY = "07-own-data-analysis"
    NOTEBOOK = NOTEBOOK
    EVIDENCE_TYPE = "own-data analysis"
    SAVE_LABEL = "Save my analysis to the portfolio"

    def supporting(self) -> dict:
        frame = kpi_frame()
        measured = frame[frame["status"] == "measured"]
        return {"table": measured[["kpi", "formatted", "n"]],
                "support_text": f"Analysed: {my_data()[1]}."}

    def static_html(self) -> str:
        return "<p><b>Your analysis will carry your KPI table:</b></p>" + kpi_table().to_html()


def own_data_analysis() -> OwnDataAnalysis:
    """Widget: the own-data analysis write-up (7.1)."""
    return OwnDataAnalysis()


def reflective_account() -> ReflectiveAccount:
    """Widget: a reflective account (7.3)."""
    return ReflectiveAccount(notebook=NOTEBOOK)


def witness_testimony() -> WitnessTestimony:
    """Widget: witness testimony from your line manager (7.3)."""
    return WitnessTestimony(notebook=NOTEBOOK)


def final_coverage() -> FinalCoverage:
    """Widget: coverage by criterion and evidence type, with the gaps."""
    return FinalCoverage()


def export() -> Any:
    """Widget: export the whole portfolio."""
    return export_portfolio()


# ------------------------------------------------------------------ self-checks
def _rows_not_imported() -> float:
    folder = workplace.sample_folder()
    if folder is None:
        raise ValueError("The sample exports are missing from datasets/samples.")
    report = workplace.import_csv(folder / workplace.SAMPLE_FILES[0], "contacts").report
    return float(report.rows_read - report.imported)


rows_check = NumericAnswer(
    "07-rows-not-imported",
    "Import the sample telephony export (the first sample). How many of its rows were not "
    "imported: rejected or skipped, together?",
    expected=_rows_not_imported, tolerance=0, units="rows", decimals=0,
    hint_low="Count the skipped rows too: the blank rows and the totals row.",
    hint_high="Rows read minus rows imported: no more.",
    criteria=["7.1"],
    explanation="Every row is accounted for: an assessor (and your manager) can trust figures "
                "whose losses are counted and explained.")


def _service_level() -> float:
    data = my_data()[0]
    return round(100 * kpis.service_level(data, 20, channel="phone"), 1)


service_level_check = NumericAnswer(
    "07-service-level",
    "In the data the analyses use (see the note above), what share of phone contacts were "
    "answered within 20 seconds, in %? One decimal place.",
    expected=_service_level, tolerance=0.15, units="%",
    hint_low="Count only answered calls with a wait of 20 seconds or less as within target.",
    hint_high="Divide by every phone contact offered, abandoned ones included.",
    criteria=["7.1"],
    explanation="The same definition as notebook 03: abandoned calls count as offered, never "
                "as within target.")


def _aht() -> float:
    data = my_data()[0]
    return round(float(data.loc[data["answered"].astype(bool), "handle_s"].mean()))


aht_check = NumericAnswer(
    "07-aht",
    "In the same data, what is the average handle time of the answered contacts, in whole "
    "seconds?",
    expected=_aht, tolerance=1, units="seconds", decimals=0,
    hint_low="Leave out the abandoned contacts: they were never handled.",
    hint_high="Average over the answered contacts only, in seconds.",
    criteria=["7.1"],
    explanation="Handle time from an export in mm:ss is turned into seconds on import, so "
                "the course's formulas work on it unchanged.")


protection_answer = WrittenAnswer(
    "07-protection",
    "Your line manager asks: \"Is it safe to use our call data in your qualification?\" Reply "
    "in three or four sentences: what you did before, during and after the analysis to protect "
    "customers and colleagues.",
    key_points={"permission": ["permission", "agreed", "approval", "data protection officer",
                               "dpo", "line manager", "asked"],
                "minimise and anonymise": ["anonymise", "anonymised", "anonymised it",
                                           "pseudonymised", "pseudonyms", "redacted",
                                           "only the columns", "minimised", "no names"],
                "keep and delete": ["delete", "deleted", "not shared", "kept", "storage",
                                    "securely", "removed the file"]},
    model_answer="I asked you and our data protection officer first, and exported only the "
                 "columns I needed. Before any analysis the course pseudonymised agent and "
                 "customer ids with a key that stays on my computer, redacted the free text "
                 "and warned me about small groups. My portfolio holds only figures and "
                 "pseudonyms, and I deleted the raw export when I had finished.",
    criteria=["3.4", "7.1"],
    explanation="Permission, minimisation, anonymisation, and storage limitation: the UK GDPR "
                "principles applied to your own evidence.")
