"""The triage exercise widget (csmlib.ui.triage): hidden labels, messages for missing
answers, item-by-item feedback and scores, driven as a learner would."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from csmlib.analysis import complaints as analysis
from csmlib.course.exercises import STRICT_ENV_VAR
from csmlib.data import load
from csmlib.data.store import DataError
from csmlib.ui.triage import FIELD_NAMES, TriageExercise

ROUTES = analysis.ROUTES


def labelled(rows: int = 24) -> pd.DataFrame:
    """Hand-made complaints with consistent labels (route by the precedence rule)."""
    out = []
    for i in range(rows):
        vulnerable = i % 5 == 0
        severity = ("low", "medium", "high")[i % 3]
        threat = i % 4 == 1
        if vulnerable:
            route = "priority: vulnerable customer"
        elif severity == "high" or threat:
            route = "escalate: senior handler"
        elif severity == "low":
            route = "resolve now"
        else:
            route = "investigate"
        text = (f"Complaint text {i}: my bill was wrong. "
                + ("I'm registered blind. " if vulnerable else "")
                + ("I will take it to the Energy Ombudsman. " if threat else "")
                + ("I have been left £300 out of pocket." if severity == "high"
                   else "Please correct this."))
        out.append({"complaint_id": f"CMP{i:05d}", "channel": ("phone", "email")[i % 2],
                    "category": ("billing accuracy", "metering", "customer service")[i % 3],
                    "severity": severity, "vulnerable": vulnerable, "route": route,
                    "description": text})
    return pd.DataFrame(out)


def answer(widget: TriageExercise, number: int, **fields) -> None:
    for field, value in fields.items():
        widget.controls[f"{number} {field}"].value = value


def answer_all(widget: TriageExercise, wrong: dict[tuple[int, str], object] | None = None
               ) -> None:
    """Answer every field with the label, except those in ``wrong``."""
    wrong = wrong or {}
    for number, row in enumerate(widget.batch.itertuples(index=False), start=1):
        for field in analysis.TRIAGE_FIELDS:
            value = wrong.get((number, field), getattr(row, field))
            widget.controls[f"{number} {field}"].value = (bool(value) if field == "vulnerable"
                                                          else value)


def test_builds_with_one_menu_per_field_and_hides_the_labels():
    widget = TriageExercise(labelled(), n=6, seed=1)
    assert widget.size == 6
    assert len(widget.controls) == 6 * 4 + 1
    assert all(c.value == "" for name, c in widget.controls.items() if name != "check")
    assert "Answered 0 of 24" in widget.result.value
    assert widget.message.value == "" and widget.prompt.value == ""
    assert widget.last_result is None
    # the batch has every route, and nothing on screen says which complaint has which
    assert set(widget.batch["route"]) == set(ROUTES)
    static = widget.static_html()
    for description in widget.batch["description"]:
        assert html.escape(description) in static
    for route in ROUTES:
        assert route not in static and route not in widget.result.value
    assert "label" not in widget.result.value.lower().replace("labels stay hidden", "")
    categories = [o[1] for o in widget.controls["1 category"].options][1:]
    assert categories == sorted(labelled()["category"].unique())


def test_the_route_guide_lists_the_precedence():
    intro = TriageExercise(labelled(), n=4).intro_html()
    positions = [intro.index(html.escape(route)) for route in ROUTES]
    assert positions == sorted(positions)
    assert "Priority Services Register" in intro


def test_checking_with_missing_answers_gives_a_message_not_a_traceback():
    widget = TriageExercise(labelled(), n=4, seed=2)
    before = widget.result.value
    widget.controls["check"].click()
    assert "Still to choose: complaint 1: category, severity, vulnerable customer, route" in (
        html.unescape(widget.prompt.value))
    assert "csm-message" in widget.prompt.value
    assert widget.message.value == "" and widget.result.value == before
    assert widget.last_result is None
    answer_all(widget)
    widget.controls["3 severity"].value = ""
    widget.controls["check"].click()
    assert "Still to choose: complaint 3: severity." in html.unescape(widget.prompt.value)
    assert widget.last_result is None


def test_a_perfect_triage_scores_100():
    widget = TriageExercise(labelled(), n=6, seed=0)
    answer_all(widget)
    assert "Answered 24 of 24" in widget.result.value
    widget.controls["check"].click()
    result = widget.last_result
    assert result is not None and result.overall == 1.0
    assert widget.prompt.value == "" and widget.message.value == ""
    shown = html.unescape(widget.result.value)
    assert "You agreed with the labels on 24 of 24 answers (100%)." in shown
    assert shown.count("✔ agreed") == 24 and "✘ missed" not in shown
    for number, complaint in enumerate(widget.batch["complaint_id"], start=1):
        assert f"Complaint {number} ({complaint}): 4 of 4 agreed" in shown


def test_missed_answers_are_explained_item_by_item():
    widget = TriageExercise(labelled(), n=6, seed=0)
    batch = widget.batch.reset_index(drop=True)
    vulnerable = int(batch.index[batch["route"] == ROUTES[0]][0]) + 1
    high = int(batch.index[batch["severity"] == "high"][0]) + 1
    answer_all(widget, wrong={(vulnerable, "route"): "investigate",
                              (vulnerable, "vulnerable"): False,
                              (high, "severity"): "low"})
    widget.controls["check"].click()
    result = widget.last_result
    assert result is not None
    assert result.overall == pytest.approx(21 / 24)
    shares = dict(zip(result.by_field["field"], result.by_field["share"], strict=True))
    assert shares["route"] == pytest.approx(5 / 6)
    assert shares["category"] == 1.0
    shown = html.unescape(widget.result.value)
    assert shown.count("✘ missed") == 3
    assert "Weakest field" in shown
    assert "the customer is vulnerable, which comes before every other route" in shown
    assert "“I'm registered blind.”" in shown
    assert "left £300 out of pocket" in shown  # why the high severity
    assert f"Complaint {vulnerable} ({batch.loc[vulnerable - 1, 'complaint_id']}): 2 of 4 " \
           "agreed" in shown
    assert "87.5%" in shown  # overall agreement in the scores table
    # changing an answer after checking hides the stale feedback
    widget.controls[f"{vulnerable} route"].value = ROUTES[0]
    assert widget.last_result is None and "Answered 24 of 24" in widget.result.value


def test_moving_every_control_and_back_leaves_no_message():
    """What tests/test_lesson_widgets.py does to a lesson's widget."""
    widget = TriageExercise(labelled(), n=3)
    start = widget.result.value
    for name, control in widget.controls.items():
        if name == "check":
            control.click()
            assert widget.message.value == "" and widget.result.value == start
            continue
        first = control.value
        for _label, value in control.options:
            control.value = value
            assert widget.message.value == ""
        control.value = first
        assert widget.result.value == start
    assert widget.static_html().startswith("<div")


def test_an_error_while_checking_becomes_a_message(monkeypatch):
    widget = TriageExercise(labelled(), n=2)
    answer_all(widget)

    def broken(*_args, **_kwargs):
        raise ValueError("labels could not be read")

    monkeypatch.setattr(analysis, "triage_agreement", broken)
    monkeypatch.setenv(STRICT_ENV_VAR, "0")
    widget.controls["check"].click()
    assert "labels could not be read" in widget.message.value
    monkeypatch.setenv(STRICT_ENV_VAR, "1")
    with pytest.raises(ValueError, match="labels could not be read"):
        widget.check()


def test_needs_the_triage_labels():
    with pytest.raises(ValueError, match="route"):
        TriageExercise(labelled().drop(columns="route"))
    with pytest.raises(ValueError, match="n must be"):
        TriageExercise(labelled(), n=0)


def test_same_seed_same_batch_other_seed_other_batch():
    a = TriageExercise(labelled(60), n=6, seed=5).batch["complaint_id"].tolist()
    b = TriageExercise(labelled(60), n=6, seed=5).batch["complaint_id"].tolist()
    c = TriageExercise(labelled(60), n=6, seed=6).batch["complaint_id"].tolist()
    assert a == b and a != c


def test_on_the_data_when_labelled():
    try:
        complaints = load("complaints")
    except DataError:
        pytest.skip("the committed data has no triage labels yet")
    widget = TriageExercise(complaints)
    assert set(widget.batch["route"]) == set(ROUTES) & set(complaints["route"])
    answer_all(widget)
    widget.controls["check"].click()
    assert widget.last_result is not None and widget.last_result.overall == 1.0
    assert set(FIELD_NAMES) == set(analysis.TRIAGE_FIELDS)


def test_descriptions_can_be_redacted_before_they_are_shown():
    widget = TriageExercise(labelled(), n=4, redact=lambda text: text.replace("bill", "[X]"))
    assert all("[X]" in d for d in widget.batch["description"])
    assert "my [X] was wrong" in widget.static_html()
    with pytest.raises(ValueError, match="redact must be a function"):
        TriageExercise(labelled(), redact="yes")
