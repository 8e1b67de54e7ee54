"""Notebook 00 "Start here" for a new learner: trustworthy, clear and honest.

* every table the notebook shows goes through the presentation kit: human headings (never a
  snake_case column name), no row numbers, counts with separators, money with £ in front;
* the course map says which notebooks are available, and "What to do next" never sends a
  learner to one that does not exist;
* the workload chart's legend explains every colour, the hatching and the dashed line;
* the dataset explorer speaks plainly ("Number of contacts", "Contacts by channel", round
  bands such as 0–20 s) and says how many rows match its filter;
* self-checks: the classic service-level mistake gets a hint that names it; every written
  self-check's model answer passes its own check; no text gives an answer away before its
  question;
* each "What to notice" claim in the notebook holds on the data in use and on a second,
  generated organisation;
* the organisation's story states the complaint rules of its sector from the sector profile
  (an energy supplier that sells broadband: both sets of rules, each with its own
  ombudsman) and what counts as a complaint, with its source.
"""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
import pandas as pd
import pytest
from IPython.lib.pretty import pretty

from csmlib.course import course_map
from csmlib.course.exercises import NumericAnswer as NumericLogic
from csmlib.course.exercises import WrittenAnswer as WrittenLogic
from csmlib.data import dictionary, generator, samples, sectors, store
from csmlib.lessons import start_here as lesson
from csmlib.ui import tables
from csmlib.ui.charts import PALETTE
from csmlib.ui.explorer import WAIT_BANDS, DatasetExplorer, bands, nice_step
from csmlib.ui.widgets import CourseWidget

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "00_start_here.ipynb"
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
#: notebook cells that show another engineer's forms (tested with those forms), or write a file
NOT_THIS_LESSON = {"first_reflection", "coverage", "export"}


@pytest.fixture(scope="module")
def notebook() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def explorer() -> DatasetExplorer:
    return DatasetExplorer()


def headings_in(html_text: str) -> list[str]:
    """The text of every table heading cell in an HTML fragment."""
    return [re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<th\b[^>]*>(.*?)</th>", html_text, flags=re.S)]


def assert_for_people(html_text: str, where: str) -> None:
    """No raw data frame, no code-like heading, no empty heading, no "Rows"."""
    assert "dataframe" not in html_text, f"{where}: a raw pandas table (row numbers)"
    found = headings_in(html_text)
    code_like = [h for h in found if SNAKE.match(h)]
    assert not code_like, f"{where}: code-like headings {code_like}"
    assert all(found), f"{where}: an empty heading (a row-number column?) in {found}"
    assert not re.search(r"\bRows\b", html_text), f"{where}: says 'Rows'"


def shown_by(source: str) -> Any:
    """What a notebook code cell such as ``lesson.sample_calls()`` displays."""
    return eval(source, {"lesson": lesson, "samples": samples})  # noqa: S307 - our notebook


def html_of(shown: Any) -> str:
    if isinstance(shown, tables.Table):
        return shown.to_html()
    if isinstance(shown, CourseWidget):
        parts = [shown.static_html(), shown.result.value]
        parts += [getattr(shown, name).value for name in ("rows",) if hasattr(shown, name)]
        return "".join(parts)
    if hasattr(shown, "question_html"):
        return shown.question_html() + shown._static_extra_html()
    if hasattr(shown, "data") and isinstance(shown.data, str):  # IPython HTML
        return shown.data
    raise AssertionError(f"don't know how to show {type(shown).__name__}")


def lesson_cells(notebook: nbformat.NotebookNode) -> list[str]:
    """The notebook's one-line lesson cells (not worked answers, not other engineers' forms)."""
    found = []
    for cell in notebook.cells:
        source = cell.source.strip()
        if (cell.cell_type == "code" and re.fullmatch(r"lesson\.\w+(\(.*\))?", source)
                and "worked-answer" not in cell.metadata.get("tags", [])
                and source.split(".")[1].split("(")[0] not in NOT_THIS_LESSON):
            found.append(source)
    return found


def markdown_text(notebook: nbformat.NotebookNode) -> str:
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


# ============================================================================ tables
def test_the_notebook_shows_its_tables_through_the_kit(notebook) -> None:
    assert "samples.sample_calls()" not in [c.source.strip() for c in notebook.cells], \
        "show the sample calls with lesson.sample_calls(), not the raw frame"
    cells = lesson_cells(notebook)
    assert {"lesson.teams_and_channels()", "lesson.sample_calls()", "lesson.criteria_table()",
            "lesson.course_map_table()", "lesson.dataset_explorer()",
            "lesson.workload_explorer()"} <= set(cells)
    for source in cells:
        assert_for_people(html_of(shown_by(source)), source)
    for code in ("criteria.table()", "course_map.table()"):
        assert code not in "".join(c.source for c in notebook.cells), f"{code} shows a raw frame"


@pytest.mark.parametrize("table", list(dictionary.TABLE_TITLES))
def test_data_dictionary_of_every_table_is_for_people(table: str) -> None:
    shown = lesson.data_dictionary(table)
    assert shown.headings == ["Column", "Kind", "Unit", "Allowed values", "Required?",
                              "Meaning"]
    assert_for_people(shown.to_html(), f"data_dictionary({table!r})")
    rows = shown.rows()
    assert len(rows) == len(dictionary.table_dictionary(table))
    assert {row[4] for row in rows} <= {"Yes", "No"}
    for row, name in zip(rows, dictionary.table_dictionary(table)["column"], strict=True):
        assert row[0].endswith(f"({name})") and not row[0].startswith(name)


def test_every_column_has_a_heading_for_people() -> None:
    for table, columns in dictionary.HEADINGS.items():
        for column, heading in columns.items():
            assert heading and not SNAKE.match(heading) and "_" not in heading, (table, column)
            assert dictionary.heading(table, column) == heading


def test_teams_table_counts_with_separators_and_one_decimal() -> None:
    shown = lesson.teams_and_channels()
    assert shown.headings == ["Team", "Agents now", "Median time in the job (months)",
                              "Contacts handled"]
    agents = store.load("agents")
    assert shown.data["agents"].sum() == agents["left_on"].isna().sum()  # leavers not counted
    for row, (_, data) in zip(shown.rows(), shown.data.iterrows(), strict=True):
        assert row[0] == data["team"]
        assert row[2] == f"{data['median_tenure_months']:.1f}"
        assert row[3] == f"{data['contacts_handled']:,}"
    assert any("," in row[3] for row in shown.rows())  # thousands are separated
    assert "Median" in " ".join(shown.notes)  # the word is explained under the table


def test_the_story_counts_agents_employed_now_and_leavers() -> None:
    agents = store.load("agents")
    left = int(agents["left_on"].notna().sum())
    story = lesson.meet_the_organisation().data
    assert f"teams: {len(agents) - left} agents" in story
    if left:
        assert f"{left} left during the period" in story
    contacts = store.load("contacts", columns=["arrived_at"])
    start = contacts["arrived_at"].min().normalize()
    joined = int((pd.to_datetime(agents["hire_date"]) >= start).sum())
    if joined:
        assert f"{joined} new starter" in story


def test_sample_calls_table_reads_yes_and_no_and_keeps_the_frame() -> None:
    shown = lesson.sample_calls()
    calls = samples.sample_calls()
    assert shown.headings == ["Call", "Arrived", "Wait (seconds)", "Answered"]
    pd.testing.assert_frame_equal(shown.data, calls)
    assert [row[3] for row in shown.rows()] == ["Yes" if a else "No" for a in calls["answered"]]
    assert [row[2] for row in shown.rows()] == [f"{w:,}" for w in calls["wait_s"]]


def test_criteria_table_in_full_and_grouped() -> None:
    from csmlib.course import criteria

    shown = lesson.criteria_table()
    rows = shown.rows()
    assert [row[1] for row in rows] == list(criteria.CRITERIA)
    assert [row[2] for row in rows] == [c.shows for c in criteria.CRITERIA.values()]  # no "..."
    named = [row[0] for row in rows if row[0]]
    assert named == [f"LO{o.number} {o.title}" for o in criteria.OUTCOMES]
    assert "text-align:left" in shown.to_html() and "text-align:right" not in shown.to_html()


def test_money_is_written_with_the_pound_sign_first(explorer) -> None:
    explorer.controls["table"].value = "complaints"
    explorer.controls["chart_column"].value = "redress_gbp"
    try:
        assert "Redress (£)" in explorer.rows.value
        assert re.search(r">£\d", explorer.rows.value)
        assert not re.search(r"\d\s*£", explorer.rows.value + explorer.static_html())
        assert all(label.startswith(("£", "more than £")) for label in explorer.figure.data[0].x)
    finally:
        explorer.controls["table"].value = "contacts"


# ======================================================================== course map
def test_course_map_table_shows_availability() -> None:
    shown = lesson.course_map_table()
    assert shown.headings == ["Notebook", "Title", "Criteria", "What you do", "Available"]
    for row, info in zip(shown.rows(), course_map.NOTEBOOKS, strict=True):
        assert row[3] == info.pieces  # in full
        assert row[4] == ("Yes" if (ROOT / "notebooks" / info.filename).exists()
                          else "Being written")


def test_what_to_do_next_points_only_to_notebooks_that_exist(notebook) -> None:
    text = markdown_text(notebook)
    following = text.split("## What to do next", 1)[1]
    mentioned = set(re.findall(r"\b(0\d)\b", following))
    assert mentioned, "What to do next names no notebook"
    nxt = course_map.next_available("00")
    assert nxt is not None and nxt.number in mentioned
    for number in mentioned:
        info = course_map.notebook(number)
        assert info.available and (ROOT / "notebooks" / info.filename).exists(), number
    # anywhere in the notebook, "notebook NN" means a notebook a learner can open
    for number in re.findall(r"[Nn]otebook (0\d)\b", text):
        assert course_map.notebook(number).available, f"notebook {number} is being written"


# ==================================================================== workload chart
def test_workload_legend_explains_every_colour_pattern_and_line() -> None:
    widget = lesson.workload_explorer()
    fig = widget.figure
    legend = {t.name: t for t in fig.data if t.showlegend is not False}
    assert set(legend) == {lesson.WITHIN, lesson.ABOVE, lesson.CAPACITY}
    assert legend[lesson.ABOVE].marker.color == PALETTE["vermillion"]
    assert legend[lesson.ABOVE].marker.pattern.shape == "/"
    assert legend[lesson.WITHIN].marker.color == PALETTE["blue"]
    assert legend[lesson.CAPACITY].line.dash == "dash"
    assert fig.data[0].showlegend is False  # the coloured bars are explained by the keys
    bars = fig.data[0]
    over = widget.day["contacts"] > widget.capacity()
    assert over.any() and not over.all()  # both keys are needed at the start
    for colour, shape, is_over in zip(bars.marker.color, bars.marker.pattern.shape, over,
                                      strict=True):
        assert (colour, shape) == ((PALETTE["vermillion"], "/") if is_over
                                   else (PALETTE["blue"], ""))
    assert list(fig.data[1].y) == [widget.capacity()] * len(widget.day)
    assert "per hour" in fig.layout.yaxis.title.text
    assert "hour" in fig.layout.xaxis.title.text.lower()
    assert fig.layout.barmode == "overlay"  # legend keys take no room from the bars


def test_workload_static_table_has_hours_as_headings() -> None:
    widget = lesson.workload_explorer()
    shown = widget.day_table()
    assert shown.headings == ["Hour starting", *[f"{h:02d}:00" for h in widget.day["hour"]]]
    assert shown.rows()[0][1:] == [f"{n:,}" for n in widget.day["contacts"]]
    assert_for_people(widget.static_html(), "workload static result")


# ========================================================================== explorer
def test_explorer_speaks_plainly(explorer) -> None:
    explorer.controls["table"].value = "contacts"
    fig = explorer.figure
    assert fig.layout.title.text == "Contacts by channel"
    assert fig.layout.yaxis.title.text == "Number of contacts"
    assert fig.layout.xaxis.title.text == "Channel"
    for table in dictionary.TABLE_TITLES:
        explorer.controls["table"].value = table
        unit = dictionary.row_unit(table)
        assert explorer.filter_words.value.startswith(f"Only show {unit} where")
        for label, column in explorer.controls["chart_column"].options:
            assert label == dictionary.heading(table, column) and not SNAKE.match(label)
            explorer.controls["chart_column"].value = column
            assert fig.layout.yaxis.title.text == f"Number of {unit}"
            assert "(category)" not in fig.layout.xaxis.title.text
            assert fig.layout.title.text.startswith(unit.capitalize()), fig.layout.title.text
            assert "_" not in fig.layout.title.text + fig.layout.xaxis.title.text
            assert "Rows" not in explorer.result.value + explorer.rows.value
        for label, _value in explorer.controls["filter_column"].options[1:]:
            assert not SNAKE.match(label)
    explorer.controls["table"].value = "contacts"


def test_explorer_says_how_many_rows_match(explorer) -> None:
    contacts = store.load("contacts", columns=["answered"])
    explorer.controls["filter_column"].value = "answered"
    assert ("No", "False") in explorer.controls["filter_value"].options
    explorer.controls["filter_value"].value = "False"
    missed = int((~contacts["answered"]).sum())
    assert (f"{missed:,} of the {len(contacts):,} contacts match the filter (where Answered "
            "is No)") in explorer.result.value
    explorer.controls["filter_column"].value = "(all)"


def test_explorer_sample_rows_are_few_meaningful_columns(explorer) -> None:
    explorer.controls["table"].value = "contacts"
    explorer.controls["chart_column"].value = "reason"
    shown = explorer.sample_table()
    assert 3 <= len(shown.headings) <= 8
    assert "Reason for contact" in shown.headings  # the charted column is among them
    assert "Comment" in shown.headings and "Contact ref" not in shown.headings
    comment = next(c for c in shown.columns if c.heading == "Comment")
    assert comment.format == "text"  # long comments wrap
    assert_for_people(shown.to_html(), "explorer sample rows")
    explorer.controls["chart_column"].value = "channel"


def test_waits_fall_in_bands_that_mean_something() -> None:
    labels, counts = bands([0, 20, 21, 60, 61, 119, 300, 301, 5000, 90_000], unit="seconds",
                           waits=True)
    assert labels == [label for _upper, label in WAIT_BANDS]
    assert counts == [2, 2, 2, 1, 1, 0, 0, 1, 0, 1]
    contacts = store.load("contacts", columns=["wait_s", "channel"])
    phone = contacts.loc[contacts["channel"] == "phone", "wait_s"]
    labels, counts = bands(phone, unit="seconds", waits=True)
    assert labels[:3] == ["0–20 s", "20–60 s", "1–2 min"]
    assert counts[0] == int((phone <= 20).sum())  # the first band is the 80/20 standard's
    assert sum(counts) == len(phone)


def _upper_ends(labels: list[str]) -> list[float]:
    ends = []
    for label in labels:
        if label.startswith("more than"):
            continue
        text = label.split("–")[1].replace("£", "").replace(",", "").replace("%", "")
        ends.append(float(text.split()[0]))
    return ends


@pytest.mark.parametrize("table", list(dictionary.TABLE_TITLES))
def test_numbers_fall_in_round_bands(table: str) -> None:
    frame = store.load(table)
    for column in frame.columns:
        values = frame[column].dropna()
        if (not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)
                or values.nunique() <= 11 or column.startswith("wait")):
            continue
        unit = dictionary.describe(table, column)[0]
        labels, counts = bands(values.to_numpy(), unit=unit)
        assert sum(counts) == len(values), (table, column)
        assert 3 <= len(labels) <= 14, (table, column, labels)
        ends = _upper_ends(labels)
        steps = {round(b - a, 6) for a, b in zip(ends[:-1], ends[1:], strict=True)}
        assert len(steps) == 1, (table, column, labels)
        step = steps.pop()
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert round(mantissa, 6) in {1, 2, 2.5, 5}, (table, column, step)
        assert all(math.isclose(e / step, round(e / step)) for e in ends), (table, column)


def test_nice_step_is_round_and_never_too_many_bands() -> None:
    for span in (0.7, 3.8, 9, 99, 183, 1234, 987_654):
        step = nice_step(span)
        assert span / step <= 12
        assert round(step / 10 ** math.floor(math.log10(step)), 6) in {1, 2, 2.5, 5}


# ===================================================================== self-checks
def test_service_level_hint_names_the_classic_mistake() -> None:
    calls = samples.sample_calls()
    in_time = calls["answered"] & (calls["wait_s"] <= 20)
    answered_only = 100 * in_time.sum() / calls["answered"].sum()  # the classic mistake
    feedback = lesson.service_level_check.check(round(answered_only, 1))
    assert not feedback.correct
    assert "answered calls" in feedback.hint and "all calls offered" in feedback.hint
    for hint in (lesson.service_level_check.hint_high, lesson.service_level_check.hint_low):
        assert "only abandoned" not in hint.lower()
    right = 100 * in_time.sum() / len(calls)
    assert lesson.service_level_check.check(round(right, 1)).correct


def test_every_written_self_check_passes_with_its_own_model_answer() -> None:
    written = [v for v in vars(lesson).values() if isinstance(v, WrittenLogic)]
    assert written, "notebook 00 has a written self-check"
    for exercise in written:
        assert exercise.model_answer, exercise.id
        feedback = exercise.check(exercise.model_answer)
        assert feedback.correct, (exercise.id, feedback.message)
        assert set(exercise.ideas_found(exercise.model_answer)) == set(exercise.key_points)


def test_no_text_gives_an_answer_away_before_its_question(notebook) -> None:
    """Markdown and shown results above each numeric self-check never state its answer."""
    numeric = {name: v for name, v in vars(lesson).items() if isinstance(v, NumericLogic)}
    above = ""
    for cell in notebook.cells:
        source = cell.source.strip()
        name = source.removeprefix("lesson.") if cell.cell_type == "code" else ""
        if name in numeric:
            answer = numeric[name].expected()
            for shown in {f"{answer:.0f}%", f"{answer:.1f}%", f"{answer:.0f} per cent",
                          f"{answer:.1f}"}:
                assert shown not in above, f"{shown} appears above the self-check {name}"
        if cell.cell_type == "markdown":
            above += cell.source + "\n"
        elif source in lesson_cells(notebook):
            above += re.sub(r"<[^>]+>", " ", html_of(shown_by(source))) + "\n"
    story = lesson.meet_the_organisation().data
    assert "%" not in story and "per cent" not in story  # no channel shares in the story
    assert "chat, email, phone and social media" in story  # alphabetical: no ranking either


def test_use_organisation_says_a_plain_sentence(tmp_path: Path, monkeypatch) -> None:
    sentence = store.Sentence("Now using Wrenfield Energy & Broadband.")
    assert repr(sentence) == pretty(sentence) == "Now using Wrenfield Energy & Broadband."
    monkeypatch.setenv("CSMLIB_ORGANISATION_FILE", str(tmp_path / "my_organisation.json"))
    monkeypatch.setenv("CSMLIB_CACHE", str(tmp_path / "cache"))
    said = store.use_organisation(seed=7, sector="retail", days=7, agents=12)
    assert isinstance(said, str) and said.startswith("Now using ")
    assert pretty(said) == str(said) and not repr(said).startswith(("'", '"'))
    back = store.use_default_organisation()
    assert pretty(back).startswith("Now using ") and json.dumps(str(back))


# ================================================================== what to notice
@pytest.fixture(scope="module")
def organisations() -> dict[str, dict[str, pd.DataFrame]]:
    """The organisation in use, and a second one generated from another seed and sector."""
    second = generator.generate(seed=11, sector="retail", days=28, agents=30)
    return {
        "in use": {t: store.load(t) for t in ("contacts", "agents", "complaints")},
        "second": {t: second[t] for t in ("contacts", "agents", "complaints")},
    }


def test_typical_day_peaks_mid_morning_and_mid_afternoon(notebook) -> None:
    assert "it peaks mid-morning and again mid-afternoon" in markdown_text(notebook)
    day = samples.typical_day()
    contacts = day["contacts"].to_numpy()
    hours = day["hour"].to_numpy()
    peaks = [hours[i] for i in range(1, len(contacts) - 1)
             if contacts[i] > contacts[i - 1] and contacts[i] >= contacts[i + 1]]
    assert len(peaks) == 2 and 9 <= peaks[0] <= 11 and 13 <= peaks[1] <= 16
    # staffing for the average leaves the peaks short; for the peak, quiet hours idle
    assert (contacts > contacts.mean()).any()
    assert (contacts < 0.5 * contacts.max()).any()


@pytest.mark.parametrize("which", ["in use", "second"])
def test_the_organisation_has_the_patterns_the_notebook_claims(notebook, organisations,
                                                               which: str) -> None:
    text = markdown_text(notebook)
    assert "busy Monday mornings, long queues at lunchtime" in text
    contacts = organisations[which]["contacts"]
    arrived = contacts["arrived_at"]
    # busy Monday mornings: Monday is the busiest day, and its busiest hour is before noon
    daily = contacts.groupby(arrived.dt.normalize()).size()
    by_weekday = daily.groupby(daily.index.day_of_week).mean()
    assert by_weekday.idxmax() == 0, by_weekday
    monday = arrived[arrived.dt.day_of_week == 0]
    assert monday.dt.hour.value_counts().idxmax() < 12
    # long queues at lunchtime: phone waits 12:00-14:00 are longer than the rest of the day
    phone = contacts[contacts["channel"] == "phone"]
    lunch = phone["arrived_at"].dt.hour.isin([12, 13])
    assert phone.loc[lunch, "wait_s"].mean() > 1.2 * phone.loc[~lunch, "wait_s"].mean()
    # customers get in touch again when a problem was not fixed
    again = contacts.groupby("resolved_first_contact")["contacted_again_7d"].mean()
    assert again[False] > again[True]
    # complaints with stories
    assert organisations[which]["complaints"]["description"].str.split().str.len().min() >= 5


@pytest.mark.parametrize("which", ["in use", "second"])
def test_new_starters_take_longer_over_each_contact(notebook, organisations, which) -> None:
    assert "New starters usually take longer over\neach contact" in markdown_text(notebook)
    contacts, agents = organisations[which]["contacts"], organisations[which]["agents"]
    handled = contacts[contacts["answered"]].merge(agents[["agent_id", "tenure_months"]],
                                                   on="agent_id")
    new = handled.loc[handled["tenure_months"] < 6, "handle_s"].mean()
    settled = handled.loc[handled["tenure_months"] >= 24, "handle_s"].mean()
    assert new > settled


@pytest.mark.parametrize("which", ["in use", "second"])
def test_only_some_customers_answer_surveys(notebook, organisations, which) -> None:
    assert "surveys are answered\nby only some customers" in markdown_text(notebook)
    share = organisations[which]["contacts"]["csat"].notna().mean()
    assert 0 < share < 0.5


def test_explorer_bands_cover_every_row() -> None:
    values = np.random.default_rng(1).lognormal(5, 1, 5000)
    labels, counts = bands(values, unit="£")
    assert sum(counts) == len(values) and labels[-1].startswith("more than £")


# ================================================================ complaint rules
def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


@pytest.mark.parametrize("sector", sorted(sectors.SECTORS))
def test_the_story_states_each_sectors_complaint_rules_from_its_profile(sector: str) -> None:
    prof = sectors.profile(sector)
    shown = lesson._complaint_rules_html(prof)
    plain = _plain(shown)
    mine = {name for rules in prof.complaint_rules for name in (rules.ombudsman,
                                                                rules.regulator) if name}
    others = {name for p in sectors.SECTORS.values() for rules in p.complaint_rules
              for name in (rules.ombudsman, rules.regulator) if name} - mine
    for rules in prof.complaint_rules:
        assert rules.ombudsman in plain and rules.rules in plain, sector
        assert f"within {rules.final_response_weeks} weeks" in plain or (
            f"up to {rules.final_response_weeks} weeks" in plain), sector
    assert not [name for name in others if re.search(rf"\b{re.escape(name)}\b", plain)]
    # what counts as a complaint, with its source
    definition = plain.split("What counts as a complaint?")[1]
    assert "expression of dissatisfaction" in definition
    assert prof.complaint_rules[0].definition_source in definition
    assert "free for the customer and independent" in plain
    assert "regulated by" not in plain  # the old one-regulator sentence


def test_the_energy_story_gives_broadband_to_ofcom_and_energy_to_ofgem() -> None:
    shown = lesson._complaint_rules_html(sectors.profile("energy"))
    items = [_plain(item) for item in re.findall(r"<li>(.*?)</li>", shown, flags=re.S)]
    assert len(items) == 2
    gas, broadband = items
    assert "Ofgem" in gas and "Energy Ombudsman" in gas and "8 weeks" in gas
    assert "Ofcom" not in gas and "Communications Ombudsman" not in gas
    assert "except “broadband service”" in gas
    assert "Ofcom" in broadband and "General Conditions (condition C4" in broadband
    assert "Communications Ombudsman" in broadband and "CISAS" in broadband
    assert "alternative dispute resolution" in broadband and "8 weeks" in broadband
    assert "Ofgem" not in broadband and "Energy Ombudsman" not in broadband
    assert "“broadband service”" in broadband
    definition = _plain(shown).split("What counts as a complaint?")[1]
    assert "Consumer Complaints Handling Standards) Regulations 2008 (regulation 2)" in (
        definition)
    assert "any expression of dissatisfaction" in definition and "expects a response" in (
        definition)
    assert "recorded when it is received (regulation 4)" in definition
    assert "Ofcom's Approved Complaints Code" in definition


def test_meet_the_organisation_shows_the_rules_of_the_sector_in_use() -> None:
    story = lesson.meet_the_organisation().data
    sector = store.read_manifest()["settings"]["sector"]
    assert lesson._complaint_rules_html(sectors.profile(sector)) in story
    complaints = store.load("complaints", columns=["complaint_id"])
    assert f"{len(complaints):,} complaints were logged." in story
    assert "Complaints are regulated by" not in story
