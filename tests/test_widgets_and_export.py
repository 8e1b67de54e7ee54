"""Course widgets (live result + static result, no tracebacks) and the HTML export."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from csmlib.course.export import (
    FIGURE_CONFIG,
    MISSING_DETAILS,
    SUPPORT_HEADING,
    coverage_summary,
    export_html,
)
from csmlib.course.portfolio import DECLARATION, Portfolio, WrittenPart, human_date
from csmlib.data import samples
from csmlib.lessons import start_here
from csmlib.ui.forms import CoverageView, LearnerDetailsForm, export_portfolio
from csmlib.ui.widgets import CourseWidget


def test_workload_explorer_reacts_to_both_sliders() -> None:
    explorer = start_here.workload_explorer()
    day = samples.typical_day()
    before = explorer.result.value
    explorer.controls["agents"].value = 40
    assert explorer.result.value != before
    assert "No hour is busier" in explorer.result.value
    assert list(explorer.figure.data[1].y) == [400] * len(day)
    explorer.controls["rate"].value = 4
    over = int((day["contacts"] > 160).sum())
    assert f"higher than that in {over} of the {len(day)}" in explorer.result.value
    colours = explorer.figure.data[0].marker.color
    assert sum(colour == "#D55E00" for colour in colours) == over


def test_workload_explorer_static_result_names_the_busiest_hour() -> None:
    day = samples.typical_day()
    busiest = day.loc[day["contacts"].idxmax()]
    static = start_here.workload_explorer().static_html()
    assert f"{int(busiest['hour']):02d}:00, brings {int(busiest['contacts'])}" in static


def test_typical_day_has_two_peaks_within_realistic_range() -> None:
    contacts = samples.typical_day()["contacts"].to_numpy()
    peaks = [i for i in range(1, len(contacts) - 1)
             if contacts[i] > contacts[i - 1] and contacts[i] >= contacts[i + 1]]
    assert len(peaks) == 2
    assert 2.5 <= contacts.max() / contacts.min() <= 4  # brief: peak 2.5-4x the quietest


def test_service_level_sample() -> None:
    calls = samples.sample_calls()
    assert samples.service_level_percent(calls, 20) == pytest.approx(100 * 7 / 12)
    with pytest.raises(ValueError, match="no calls"):
        samples.service_level_percent(calls.iloc[0:0])


class _Broken(CourseWidget):
    """A widget whose update fails once its slider passes 1."""

    def __init__(self) -> None:
        super().__init__()
        import ipywidgets as w
        self.controls = {"n": w.IntSlider(value=1)}
        self._finish(self.controls["n"])

    def update(self) -> None:
        if self.controls["n"].value > 1:
            raise ZeroDivisionError("division by zero")


def test_widget_errors_become_messages_for_learners(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CSMLIB_STRICT", raising=False)
    broken = _Broken()
    broken.controls["n"].value = 5
    assert "Something went wrong" in broken.message.value
    assert "ZeroDivisionError" in broken.message.value


def test_widget_errors_raise_under_the_test_suite() -> None:
    """Strict mode (set by conftest) re-raises, so a broken widget cannot pass a test."""
    broken = _Broken()
    with pytest.raises(ZeroDivisionError):
        broken.controls["n"].value = 5
    assert "ZeroDivisionError" in broken.message.value  # learners would still see the message


def test_reflection_box_saves_updates_and_reloads(portfolio_path: Path) -> None:
    box = start_here.first_reflection()
    assert box.result.value == "Not saved yet."
    box.controls["text"].value = "too short"
    box.controls["save"].click()
    assert "write at least 20" in box.message.value
    assert Portfolio().entries() == []
    box.controls["text"].value = "I want to plan staffing with evidence " * 4
    box.controls["save"].click()
    first = Portfolio().entries()[0]
    assert box.result.value == (f"✔ Saved {human_date(first.saved_at)} to portfolio.sqlite, "
                                "as evidence for 7.2.")
    assert box.message.value == ""
    box.controls["text"].value = "A better version: I want to plan staffing with data " * 3
    box.controls["save"].click()
    (entry,) = Portfolio().entries()
    assert entry.text.startswith("A better version") and entry.criteria == ["7.2"]
    reopened = start_here.first_reflection()
    assert reopened.controls["text"].value == entry.text
    assert "A better version" in reopened.static_html()
    assert reopened.result.value.startswith(f"Saved {human_date(entry.saved_at)}, as "
                                            "evidence for 7.2.")


def test_reflection_box_on_damaged_portfolio_shows_message(portfolio_path: Path) -> None:
    portfolio_path.write_bytes(b"garbage" * 100)
    box = start_here.first_reflection()
    assert "cannot be read" in box.message.value
    box.controls["text"].value = "word " * 30
    box.controls["save"].click()
    assert "cannot be read" in box.message.value
    assert portfolio_path.read_bytes() == b"garbage" * 100


def test_coverage_view_refreshes(portfolio_path: Path) -> None:
    view = CoverageView()
    assert "evidence for 0 of" in view.result.value
    Portfolio().save(criteria=["5.3"], title="t", text="x")
    Portfolio().save(criteria=["5.1"], title="table only", table=pd.DataFrame({"x": [1]}))
    view.controls["refresh"].click()
    assert "evidence for 1 of" in view.result.value  # the table alone is not evidence
    assert "evidence for 1 of" in view.static_html()
    assert "only by what you wrote" in view.result.value


def test_export_escapes_everything_typed_and_is_self_contained(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    nasty = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    p.save(criteria=["7.2"], title=nasty, text=nasty + "\nsecond line",
           table=pd.DataFrame({nasty: [nasty]}))
    p.save(criteria=["5.1"], title="Chart 1", text="one",
           figure=go.Figure(go.Bar(x=["a"], y=[1]), layout_title_text=nasty))
    p.save(criteria=["5.1"], title="Chart 2", text="two", figure=go.Figure(go.Bar(y=[2])))
    page = export_html(p, tmp_path / "out.html", learner="<b>Sam</b>").read_text("utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>Sam</b>" not in page
    assert "&lt;script&gt;alert" in page and "&lt;b&gt;Sam&lt;/b&gt;" in page
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?https?:", page)  # offline
    assert page.count("Plotly.newPlot") == 2
    assert len(re.findall(r"plotly\.js v\d", page)) == 1  # plotly.js embedded once only


def test_export_of_empty_portfolio_says_so(tmp_path: Path) -> None:
    page = export_html(Portfolio(tmp_path / "p.sqlite"), tmp_path / "e.html").read_text("utf-8")
    assert "No evidence saved yet" in page and "<script" not in page
    assert MISSING_DETAILS in page and "Not accepted yet" in page


def test_export_cover_shows_the_saved_learner_details(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    p.save_learner(name="Jane <Doe>", candidate_number="12345", centre="Northgate College")
    page = export_html(p, tmp_path / "e.html", learner="Someone Else").read_text("utf-8")
    assert "Customer service management portfolio — Jane &lt;Doe&gt;" in page
    for shown in ("<td>12345</td>", "<td>Northgate College</td>"):
        assert shown in page
    assert "Someone Else" not in page and MISSING_DETAILS not in page


def test_export_name_argument_is_used_only_without_saved_details(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    page = export_html(p, tmp_path / "e.html", learner="Sam").read_text("utf-8")
    assert "Sam (name given at export time)" in page and MISSING_DETAILS in page


def test_export_ends_with_the_declaration_accepted_or_not(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    p.save(criteria=["7.2"], title="t", text="x")
    p.save_learner(name="Jane Doe")
    page = export_html(p, tmp_path / "e.html").read_text("utf-8")
    assert "Not accepted yet" in page and page.rindex(DECLARATION[:40]) > page.rindex("entry 1")
    details = p.save_learner(name="Jane Doe", declaration=True)
    page = export_html(p, tmp_path / "e.html").read_text("utf-8")
    accepted = f"Accepted by Jane Doe on {human_date(details.declaration_accepted_at)}."
    assert accepted in page and "Not accepted yet" not in page
    assert page.index("Declaration of authenticity") > page.index("<h2>Evidence</h2>")
    p.save_learner(name="Jane Smith")
    page = export_html(p, tmp_path / "e.html").read_text("utf-8")
    assert "Not accepted under the current name" in page and "Accepted by" not in page


def test_export_separates_writing_from_what_the_course_inserted(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    p.save(title="Plan", table=pd.DataFrame({"channel": ["phone"]}),
           figure=go.Figure(go.Bar(y=[1])), support_text="Busiest half-hour: Monday 10:00.",
           parts=[WrittenPart("Standards", "Phone 80% in 20 s because callers wait.", ("2.3",)),
                  WrittenPart("Budget", "Too short", ("2.5",), min_words=5),
                  WrittenPart("Monitoring", "", ("6.3",))])
    p.save(criteria=["5.1"], title="Scorecard only", table=pd.DataFrame({"kpi": ["AHT"]}))
    page = export_html(p, tmp_path / "e.html").read_text("utf-8")
    plan = page[page.index("<h3>Plan</h3>"):page.index("<h3>Scorecard only</h3>")]
    assert "<b>Evidences:</b> 2.3" in plan
    assert "not evidenced by this entry:</b> 2.5, 6.3" in plan
    assert "too short to count as evidence (2 of at least 5 words)" in plan
    assert "not written yet, so no evidence for 6.3" in plan
    support = plan[plan.index(SUPPORT_HEADING):]
    assert "Busiest half-hour" in support and "<table" in support and "Plotly" in support
    assert "Busiest half-hour" not in plan[:plan.index(SUPPORT_HEADING)]
    scorecard = page[page.index("<h3>Scorecard only</h3>"):]
    assert "Evidences no criterion yet" in scorecard
    assert "You have evidence for 1 of 27 criteria" in page  # 2.3 only


def test_export_dates_are_written_for_people(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    entry = p.save(criteria=["7.2"], title="t", text="x")
    page = export_html(p, tmp_path / "e.html").read_text("utf-8")
    assert f"saved {human_date(entry.saved_at)}" in page
    assert entry.saved_at not in page
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", page)  # no ISO time anywhere


def test_export_charts_have_no_toolbar_on_screen_or_paper(tmp_path: Path) -> None:
    p = Portfolio(tmp_path / "p.sqlite")
    p.save(criteria=["5.1"], title="Chart", text="one", figure=go.Figure(go.Bar(y=[1])))
    page = export_html(p, tmp_path / "e.html").read_text("utf-8")
    assert FIGURE_CONFIG["displayModeBar"] is False
    assert '"displayModeBar": false' in page
    print_css = re.search(r"@media print\{(.*?)\}\}", page).group(1)
    assert ".modebar" in print_css and "display:none" in print_css


def test_learner_details_form_prefills_validates_and_saves(portfolio_path: Path) -> None:
    form = LearnerDetailsForm()
    assert form.result.value == "Not saved yet." and form.message.value == ""
    form.controls["candidate_number"].value = "12345"
    form.controls["save"].click()
    assert "Name is required" in form.message.value and form.result.value == "Not saved yet."
    form.controls["name"].value = " Jane Doe "
    form.controls["centre"].value = "Northgate College"
    form.controls["save"].click()
    assert form.message.value == ""
    assert form.result.value == ("Saved: Jane Doe, candidate 12345, Northgate College. "
                                 "Declaration not accepted yet.")
    assert form.controls["name"].value == "Jane Doe"
    form.controls["declaration"].value = True
    form.controls["save"].click()
    details = Portfolio().learner()
    assert form.result.value.endswith(
        f"Declaration accepted on {human_date(details.declaration_accepted_at)}.")
    reopened = LearnerDetailsForm()
    assert [reopened.controls[k].value for k in ("name", "candidate_number", "centre")] == [
        "Jane Doe", "12345", "Northgate College"]
    assert reopened.controls["declaration"].value is True
    assert reopened.result.value == form.result.value


def test_learner_details_form_names_the_field_that_is_too_long(portfolio_path: Path) -> None:
    form = LearnerDetailsForm()
    form.controls["name"].value = "Jane Doe"
    form.controls["centre"].value = "C" * 200
    form.controls["save"].click()
    assert "Centre is 200 characters long" in form.message.value
    assert not Portfolio().learner().given


def test_learner_details_form_moves_without_saving(portfolio_path: Path) -> None:
    """Typing and ticking change nothing until Save (as the lesson widget sweep expects)."""
    form = LearnerDetailsForm()
    start = form.result.value
    form.controls["name"].value = "Somebody"
    form.controls["declaration"].value = True
    assert form.result.value == start and not portfolio_path.exists()
    assert "<p>" in form.static_html() and "csm-message" not in form.static_html()


def test_learner_details_form_on_a_damaged_portfolio(portfolio_path: Path) -> None:
    portfolio_path.write_bytes(b"garbage" * 100)
    form = LearnerDetailsForm()
    assert "cannot be read" in form.message.value
    form.controls["name"].value = "Jane Doe"
    form.controls["save"].click()
    assert "cannot be read" in form.message.value
    assert portfolio_path.read_bytes() == b"garbage" * 100


def test_export_widget_says_what_is_missing(portfolio_path: Path) -> None:
    Portfolio().save(criteria=["7.2"], title="t", text="x")
    assert "Learner details not given yet" in export_portfolio().data
    Portfolio().save_learner(name="Jane Doe")
    shown = export_portfolio().data
    assert "declaration" in shown and "not accepted yet" in shown
    Portfolio().save_learner(name="Jane Doe", declaration=True)
    shown = export_portfolio().data
    assert "not accepted" not in shown and "not given" not in shown
    assert "Exported 1 entry" in shown


def test_export_widget_reports_file_and_size(portfolio_path: Path) -> None:
    Portfolio().save(criteria=["7.2"], title="t", text="x")
    shown = start_here.export().data
    assert "Exported 1 entry to" in shown and "Download" in shown
    assert portfolio_path.with_suffix(".html").exists()


def test_coverage_summary_counts() -> None:
    from csmlib.course.portfolio import Evidence, coverage_table

    entries = [Evidence(1, ["7.1", "7.2", "7.3"], "t", "x")]
    summary = coverage_summary(coverage_table(entries))
    assert summary.startswith("You have evidence for 3 of 27 criteria.")
    assert "LO7" not in summary and "LO1" in summary


def test_the_organisation_story_does_not_give_away_the_channel_shares() -> None:
    """Notebook 00 asks for the phone share later, so the story names channels, not shares."""
    story = start_here.meet_the_organisation().data
    assert "phone" in story and "%" not in story
