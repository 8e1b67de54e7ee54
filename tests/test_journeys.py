"""Designing a service process: the journey map, the redesign estimate, the swimlane widget."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis import journeys
from csmlib.analysis.repeats import window_complete
from csmlib.ui import swimlane

DAY = 86_400


def _contacts(last: str = "2026-03-01 09:00") -> pd.DataFrame:
    rows = [
        # contact, customer, arrived, reason, answered, wait, handle, transferred, resolved
        ("K1", "C1", "2026-01-01 09:00", "billing query", True, 30, 600, True, False),
        ("K2", "C2", "2026-01-01 10:00", "billing query", True, 10, 300, False, True),
        ("K3", "C1", "2026-01-03 09:00", "billing query", False, 200, 0, False, False),
        ("K4", "C3", "2026-01-02 08:00", "billing query", True, 50, 400, False, False),
        ("K5", "C3", "2026-01-05 08:00", "moving home", True, 5, 100, False, True),
        ("K6", "C4", "2026-02-20 08:00", "billing query", True, 5, 100, False, True),
        ("K7", "C9", last, "moving home", True, 5, 100, False, True),
    ]
    frame = pd.DataFrame(rows, columns=["contact_id", "customer_id", "arrived_at", "reason",
                                        "answered", "wait_s", "handle_s", "transferred",
                                        "resolved_first_contact"])
    frame["arrived_at"] = pd.to_datetime(frame["arrived_at"])
    return frame


def _complaints() -> pd.DataFrame:
    return pd.DataFrame({"customer_id": ["C1", "C3", "C2"],
                         "received_at": pd.to_datetime(["2026-01-10 12:00", "2026-03-01 09:00",
                                                        "2025-12-31 09:00"])})


def test_journey_steps_on_a_hand_made_frame() -> None:
    steps = journeys.journey(_contacts(), _complaints()).set_index("key")
    assert list(steps.index) == list(journeys.STEP_KEYS)
    assert steps["contacts"].to_dict() == {"start": 4, "queue": 4, "abandoned": 1,
                                           "answered": 3, "transferred": 1, "unresolved": 2,
                                           "came_back": 2, "complained": 2}
    assert steps.loc["came_back", "share"] == pytest.approx(0.5)
    failures = steps.index[steps["failure"]].tolist()
    assert failures == ["abandoned", "transferred", "unresolved", "came_back", "complained"]
    assert steps["lane"].to_dict() == {
        "start": "Customer", "queue": "Systems", "abandoned": "Customer",
        "answered": "Front line", "transferred": "Back office", "unresolved": "Front line",
        "came_back": "Customer", "complained": "Customer"}
    delay = steps["median_delay_s"]
    assert np.isnan(delay["start"])
    assert delay["queue"] == pytest.approx(30)  # average wait of the answered: (30+10+50)/3
    assert delay["abandoned"] == pytest.approx(200)
    assert delay["answered"] == pytest.approx(400)
    assert delay["transferred"] == pytest.approx(600)
    assert delay["unresolved"] == pytest.approx(500)
    assert delay["came_back"] == pytest.approx(2.5 * DAY)  # 2 and 3 days
    assert delay["complained"] == pytest.approx(8.125 * DAY)  # 9.125 and 7.125 days
    # the conditional counts redesign() relies on
    assert steps.loc["unresolved", "came_back"] == 2
    assert steps.loc["came_back", "complained"] == 1
    assert steps.loc["transferred", "unresolved"] == 1
    assert steps.loc["start", "handle_h"] == pytest.approx(1300 / 3600)
    assert steps.attrs["first"] == pd.Timestamp("2026-01-01 09:00")


def test_windows_and_the_judged_period() -> None:
    steps = journeys.journey(_contacts(), _complaints(), days=1).set_index("key")
    assert steps.loc["came_back", "contacts"] == 0
    assert journeys.journey(_contacts(), _complaints(), complaint_days=8).set_index(
        "key").loc["complained", "contacts"] == 1  # only the contact 7.125 days before
    # K6 (20 Feb) is judged once the data runs 28 days past it
    later = journeys.journey(_contacts(last="2026-03-25 09:00"), _complaints())
    assert later["contacts"].iloc[0] == 5


def test_journey_bad_arguments() -> None:
    with pytest.raises(ValueError, match="no contacts about 'refund'"):
        journeys.journey(_contacts(), _complaints(), "refund")
    for bad in (0, -3, float("nan"), "7", 1000):
        with pytest.raises(ValueError, match="days"):
            journeys.journey(_contacts(), _complaints(), days=bad)
    with pytest.raises(ValueError, match="received_at"):
        journeys.journey(_contacts(), _complaints().drop(columns="received_at"))
    with pytest.raises(ValueError, match="Too little data"):
        journeys.journey(_contacts().iloc[:5], _complaints())  # data ends 5 Jan
    assert journeys.reasons(_contacts()) == ["billing query", "moving home"]


@pytest.fixture(scope="module")
def default_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    from csmlib.data import load

    contacts = load("contacts", columns=[*journeys.CONTACT_COLUMNS, "contact_id",
                                         "contacted_again_7d"])
    complaints = load("complaints", columns=list(journeys.COMPLAINT_COLUMNS))
    return contacts, complaints


@pytest.fixture(scope="module")
def billing(default_data: tuple[pd.DataFrame, pd.DataFrame]) -> pd.DataFrame:
    return journeys.journey(*default_data)


def test_default_journey_is_consistent(billing: pd.DataFrame) -> None:
    steps = billing.set_index("key")
    for key, row in steps.iterrows():
        if row["parent"]:
            assert row["contacts"] <= steps.loc[row["parent"], "contacts"], key
        for column in ("came_back", "complained", "unresolved"):
            assert row[column] <= row["contacts"], (key, column)
    assert steps.loc["abandoned", "contacts"] + steps.loc["answered", "contacts"] == \
        steps.loc["start", "contacts"]
    assert steps.loc["unresolved", "unresolved"] == steps.loc["answered", "unresolved"]
    assert steps["share"].between(0, 1).all()
    assert (steps["contacts"] > 0).all()


def test_default_repeat_share_matches_the_data_flag(default_data, billing) -> None:
    contacts, complaints = default_data
    judged = window_complete(contacts, days=28) & (contacts["reason"] == "billing query")
    flag = contacts.loc[judged, "contacted_again_7d"].astype(bool)
    steps = billing.set_index("key")
    assert steps.loc["start", "contacts"] == judged.sum()
    assert steps.loc["came_back", "share"] == pytest.approx(flag.mean())


def test_default_complaints_counted_independently(default_data, billing) -> None:
    contacts, complaints = default_data
    judged = window_complete(contacts, days=28) & (contacts["reason"] == "billing query")
    chosen = contacts.loc[judged, ["contact_id", "customer_id", "arrived_at"]]
    pairs = chosen.merge(complaints, on="customer_id")
    gap = pairs["received_at"] - pairs["arrived_at"]
    hit = pairs[(gap >= pd.Timedelta(0)) & (gap <= pd.Timedelta(days=28))]
    assert billing.set_index("key").loc["complained", "contacts"] == \
        hit["contact_id"].nunique()


def _tiny() -> pd.DataFrame:
    return pd.DataFrame({
        "key": list(journeys.STEP_KEYS),
        "contacts": [1000, 1000, 100, 900, 100, 200, 300, 30],
        "came_back": [300, 300, 50, 250, 50, 100, 300, 20],
        "complained": [30, 30, 5, 25, 5, 10, 20, 30],
        "unresolved": [200, 200, 0, 200, 40, 200, 100, 10],
        "handle_h": [250.0, 250.0, 0.0, 250.0, 40.0, 60.0, 80.0, 9.0]})


def test_redesign_by_hand() -> None:
    effect = journeys.redesign(_tiny(), transfer_cut=0.5).set_index("key")
    # 50 transfers kept on the front line: unresolved 40% -> 20% (160 of 800 kept)
    assert effect.loc["transfers", "after"] == pytest.approx(50)
    assert effect.loc["unresolved", "after"] == pytest.approx(190)
    # repeats: unresolved 50%, resolved 150/700; 10 fewer unresolved
    assert effect.loc["repeats", "change"] == pytest.approx(-10 * (0.5 - 150 / 700))
    # handle: transferred 0.4 h each, kept 0.2625 h each; repeats avoided at 0.25 h each
    saved = 50 * (0.4 - 210 / 800) + 10 * (0.5 - 150 / 700) * 0.25
    assert effect.loc["handling_hours", "change"] == pytest.approx(-saved)
    # complaints: 20 of 300 repeaters, 10 of 700 others
    assert effect.loc["complaints", "change"] == pytest.approx(
        effect.loc["repeats", "change"] * (20 / 300 - 10 / 700))
    assert effect.loc["contacts", "change"] == pytest.approx(effect.loc["repeats", "change"])


def test_redesign_zero_levers_change_nothing(billing: pd.DataFrame) -> None:
    for frame in (_tiny(), billing):
        effect = journeys.redesign(frame)
        assert np.allclose(effect["before"], effect["after"])
        assert np.allclose(effect["change"], 0)


def test_bigger_levers_fewer_repeats(billing: pd.DataFrame) -> None:
    def repeats(**levers: float) -> float:
        return float(journeys.redesign(billing, **levers).set_index("key").loc[
            "repeats", "after"])

    base = repeats()
    assert repeats(fcr_lift=0.02) < base
    assert repeats(fcr_lift=0.05) < repeats(fcr_lift=0.02)
    assert repeats(transfer_cut=0.8) < repeats(transfer_cut=0.3) < base
    assert repeats(abandon_cut=0.5) < base  # abandoned contacts come back more often
    full = journeys.redesign(billing, fcr_lift=1.0).set_index("key")
    assert full.loc["unresolved", "after"] == 0


def test_redesign_bad_arguments() -> None:
    for name in ("transfer_cut", "fcr_lift", "abandon_cut"):
        for bad in (-0.1, 1.5, float("nan"), "0.2", None):
            with pytest.raises(ValueError, match=name):
                journeys.redesign(_tiny(), **{name: bad})
    with pytest.raises(ValueError, match="journey_frame"):
        journeys.redesign(_tiny().drop(columns="came_back"))
    with pytest.raises(ValueError, match="journey_frame"):
        journeys.redesign("not a frame")  # type: ignore[arg-type]


def test_redesign_sentence_follows_the_effect() -> None:
    effect = journeys.redesign(_tiny(), fcr_lift=0.05)
    fewer = round(-float(effect.set_index("key").loc["repeats", "change"]))
    sentence = journeys.redesign_sentence(effect, weeks=2)
    assert sentence.startswith(f"About {fewer:,} fewer repeat contacts")
    assert "a week" in sentence
    assert "nothing changes" in journeys.redesign_sentence(journeys.redesign(_tiny()))


def test_swimlane_boxes_failures_and_legend(billing: pd.DataFrame) -> None:
    fig = swimlane.swimlane_figure(billing, title="Customer journey: billing query")
    markers = [t for t in fig.data if t.showlegend]
    assert sum(len(t.x) for t in markers) == len(billing)
    named = {t.name: t for t in markers}
    assert set(named) == {"Step", "Failure point"} and all(t.showlegend for t in markers)
    failure = named["Failure point"]
    assert failure.marker.color == swimlane.FAILURE_COLOUR
    assert failure.marker.symbol == swimlane.FAILURE_SYMBOL != named["Step"].marker.symbol
    assert len(failure.x) == int(billing["failure"].sum())
    assert list(failure.x) == [i + 1 for i in np.flatnonzero(billing["failure"])]
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == len(billing) - 1
    first = int(billing["contacts"].iloc[0])
    assert named["Step"].text[0] == f"{first:,} (100%)"
    assert len(fig.data[2].text) == len(billing)  # one delay (or blank) per step
    assert fig.layout.xaxis.title.text.startswith("Steps of the journey")
    assert fig.layout.yaxis.title.text == "Who acts"
    assert list(fig.layout.yaxis.ticktext) == [f"<b>{lane}</b>" for lane in journeys.LANES]


def test_swimlane_bad_input() -> None:
    with pytest.raises(ValueError, match="journey_frame"):
        swimlane.swimlane_figure(pd.DataFrame({"x": [1]}), title="t")


def test_widget_levers_reason_and_static(default_data) -> None:
    widget = swimlane.JourneyRedesign(*default_data)
    before = widget.result.value
    assert "nothing changes" in before
    assert "Customer journey: billing query" in widget.figure.layout.title.text
    widget.controls["fcr_lift"].value = 5
    effect = widget.effect().set_index("key")
    assert effect.loc["repeats", "change"] < 0
    assert f"About {round(-effect.loc['repeats', 'change']):,} fewer" in widget.result.value
    assert "Estimated effect" in widget.effect_html.value
    widget.controls["reason"].value = "complaint"
    assert "complaint" in widget.figure.layout.title.text
    assert set(widget._journeys) == {"billing query", "complaint"}  # each worked out once
    assert "step by step" in widget.static_html()
    assert "Failure point" in widget.static_html()


def test_next_contact_gap_agrees_with_contacted_again(default_data) -> None:
    from csmlib.analysis.repeats import contacted_again

    contacts, _ = default_data
    gaps = journeys.next_contact_gap(contacts)
    for days in (1, 7):
        assert ((gaps <= days * DAY) == contacted_again(contacts, days=days)).all()
    with pytest.raises(ValueError, match="gaps"):
        journeys.journey(*default_data, gaps=gaps.iloc[:10])


def test_swimlane_redrawn_in_place_matches_a_fresh_drawing(default_data, billing) -> None:
    import plotly.graph_objects as go

    other = journeys.journey(*default_data, "complaint")
    widget_figure = go.FigureWidget()
    swimlane.swimlane_figure(billing, title="one", figure=widget_figure)
    swimlane.swimlane_figure(other, title="two", figure=widget_figure)  # words only
    fresh = swimlane.swimlane_figure(other, title="two")
    assert [list(t.text) for t in widget_figure.data] == [list(t.text) for t in fresh.data]
    assert list(widget_figure.layout.xaxis.ticktext) == list(fresh.layout.xaxis.ticktext)
    assert list(widget_figure.data[1].hovertext) == list(fresh.data[1].hovertext)
    assert widget_figure.layout.title.text == "two"


def test_redesign_sentence_bad_input() -> None:
    for bad in (None, "x", pd.DataFrame({"key": ["repeats"], "before": [1], "after": [1]})):
        with pytest.raises(ValueError, match="effect"):
            journeys.redesign_sentence(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="weeks"):
        journeys.redesign_sentence(journeys.redesign(_tiny(), fcr_lift=0.1), weeks=-1)
