"""XmR charts (csmlib.analysis.spc) and their figure (csmlib.ui.control_chart).

Hand-made series for every rule and its edge cases; the limits checked by hand; rebasing and
baselines; labels; assurance; bad arguments; one cheap check on the default data (Team
Birch's process change shows as special-cause improvement); the figure's legend, shapes and
rebase lines.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis import spc
from csmlib.analysis.spc import (
    RULE_LIMIT,
    RULE_RUN,
    RULE_TREND,
    RULE_TWO_OF_THREE,
    assurance,
    signals,
    summary,
    verdict,
    xmr,
)


def flagged(chart: pd.DataFrame, rule: str) -> list[int]:
    """Positions whose ``rule`` column names ``rule``."""
    return [i for i, text in enumerate(chart["rule"]) if rule in text.split("; ")]


# a calm, alternating base series: mean 10, every moving range 2 → limits 10 ± 5.32
CALM = [9.0, 11.0] * 6


# ----------------------------------------------------------------------------- limits


def test_limits_by_hand_on_a_tiny_series():
    chart = xmr([4, 8, 5, 9], improvement="neutral")
    mean = (4 + 8 + 5 + 9) / 4
    mr_bar = (4 + 3 + 4) / 3
    assert chart["mean"].tolist() == pytest.approx([mean] * 4)
    assert chart["upper"].tolist() == pytest.approx([mean + 2.66 * mr_bar] * 4)
    assert chart["lower"].tolist() == pytest.approx([mean - 2.66 * mr_bar] * 4)
    assert chart["sigma"].tolist() == pytest.approx([mr_bar / 1.128] * 4)
    assert list(chart.columns[:4]) == ["value", "mean", "lower", "upper"]
    assert not chart["special_cause"].any()
    assert set(chart["variation"]) == {"common cause"}


def test_series_index_is_kept_and_a_list_gets_positions():
    weeks = pd.date_range("2026-01-05", periods=5, freq="W-MON")
    chart = xmr(pd.Series([1.0, 2, 1, 2, 1], index=weeks))
    assert chart.index.equals(weeks)
    assert xmr([1, 2, 3]).index.tolist() == [0, 1, 2]


def test_no_outlier_screening_an_outlier_widens_the_limits():
    calm = xmr(CALM)
    wild = xmr([*CALM, 40.0])
    assert wild["upper"].iloc[0] > calm["upper"].iloc[0]
    # the same point judged against a fixed baseline is a signal
    assert xmr([*CALM, 40.0], baseline_points=len(CALM))["special_cause"].iloc[-1]


# ----------------------------------------------------------------------------- beyond a limit


def test_a_point_beyond_a_limit_is_flagged_and_one_exactly_on_it_is_not():
    base = [8.0, 12.0] * 4  # mean 10, every moving range 4 → upper 10 + 10.64 = 20.64
    upper = 10 + 2.66 * 4
    on_limit = xmr([*base, upper], baseline_points=8)
    assert on_limit["upper"].iloc[-1] == pytest.approx(upper)
    assert RULE_LIMIT not in on_limit["rule"].iloc[-1]
    beyond = xmr([*base, upper + 0.01], baseline_points=8)
    assert flagged(beyond, RULE_LIMIT) == [8]
    below = xmr([*base, 10 - 2.66 * 4 - 0.01], baseline_points=8)
    assert flagged(below, RULE_LIMIT) == [8]


# ----------------------------------------------------------------------------- runs


def _run_series(run: int, value: float = 10.5) -> list[float]:
    """A baseline of 8 alternating points (mean 10, the last below it) then ``run`` points
    just above the mean."""
    return [11.0, 9.0] * 4 + [value] * run


def test_run_of_7_is_flagged_and_6_is_not():
    seven = xmr(_run_series(7), baseline_points=8)
    assert flagged(seven, RULE_RUN) == list(range(8, 15))
    six = xmr(_run_series(6), baseline_points=8)
    assert flagged(six, RULE_RUN) == []


def test_every_point_of_a_longer_run_is_flagged_below_the_mean_too():
    chart = xmr([9.0, 11.0] * 4 + [9.5] * 9, baseline_points=8)
    assert flagged(chart, RULE_RUN) == list(range(8, 17))


def test_a_point_exactly_on_the_mean_breaks_a_run():
    values = [11.0, 9.0] * 4 + [10.5] * 3 + [10.0] + [10.5] * 4
    chart = xmr(values, baseline_points=8)
    assert chart["mean"].iloc[0] == 10.0
    assert flagged(chart, RULE_RUN) == []
    # the same series with that point just above the mean is a run of 8
    values[11] = 10.1
    assert flagged(xmr(values, baseline_points=8), RULE_RUN) == list(range(8, 16))


def test_runs_count_on_one_side_only():
    values = [11.0, 9.0] * 4 + [10.5] * 4 + [9.5] * 3
    assert flagged(xmr(values, baseline_points=8), RULE_RUN) == []


# ----------------------------------------------------------------------------- trends


def test_trend_of_7_is_flagged_and_6_is_not():
    rising7 = [10, 12, 10, 12, 10, 12, 10, 10.1, 10.2, 10.3, 10.4, 10.5, 10.6]
    # the trend is positions 6..12: 10, 10.1 … 10.6 (six increases)
    assert flagged(xmr(rising7, baseline_points=6), RULE_TREND) == list(range(6, 13))
    rising6 = rising7[:-1]
    assert flagged(xmr(rising6, baseline_points=6), RULE_TREND) == []


def test_falling_trend_and_equal_values_break_a_trend():
    falling = [12, 10, 12, 10, 12, 13, 12.9, 12.8, 12.7, 12.6, 12.5]
    assert flagged(xmr(falling, baseline_points=5), RULE_TREND) == []  # 6 points falling
    falling7 = [12, 10, 12, 10, 12, 13, 12.9, 12.8, 12.7, 12.6, 12.5, 12.4]
    assert flagged(xmr(falling7, baseline_points=5), RULE_TREND) == list(range(5, 12))
    flat_step = [12, 10, 12, 10, 12, 13, 12.9, 12.8, 12.8, 12.7, 12.6, 12.5, 12.4]
    # 12.8 twice: not strictly lower, so two short trends and no signal
    assert flagged(xmr(flat_step, baseline_points=5), RULE_TREND) == []


# ----------------------------------------------------------------------------- 2 of 3


def _two_sigma_series(tail: list[float]) -> pd.DataFrame:
    # baseline mean 10, mean moving range 2 → limits 10 ± 5.32, two sigma at 10 ± 3.5467
    return xmr([9.0, 11.0] * 4 + tail, baseline_points=8)


def test_two_of_three_beyond_two_sigma_on_one_side():
    chart = _two_sigma_series([14.0, 10.0, 14.0])
    assert flagged(chart, RULE_TWO_OF_THREE) == [8, 10]  # the middle point is not a signal
    assert chart["special_cause"].tolist()[8:] == [True, False, True]


def test_two_of_three_split_sides_is_not_a_signal():
    assert flagged(_two_sigma_series([14.0, 10.0, 6.0]), RULE_TWO_OF_THREE) == []


def test_two_of_three_needs_the_pair_within_three_points():
    assert flagged(_two_sigma_series([14.0, 10.0, 10.0, 14.0]), RULE_TWO_OF_THREE) == []


def test_two_of_three_includes_points_beyond_the_limit_and_excludes_points_on_two_sigma():
    chart = _two_sigma_series([16.0, 14.0])
    assert flagged(chart, RULE_TWO_OF_THREE) == [8, 9]
    assert flagged(chart, RULE_LIMIT) == [8]
    assert chart["rule"].iloc[8] == f"{RULE_LIMIT}; {RULE_TWO_OF_THREE}"
    two_sigma = 10 + (2 / 3) * 2.66 * 2
    assert flagged(_two_sigma_series([two_sigma, two_sigma]), RULE_TWO_OF_THREE) == []


# ----------------------------------------------------------------------------- baselines, rebasing


def test_baseline_points_fix_the_limits():
    first = xmr([*CALM, 30, 31, 32], baseline_points=len(CALM))
    second = xmr([*CALM, 50, 60, 70], baseline_points=len(CALM))
    for column in ("mean", "lower", "upper"):
        assert first[column].tolist() == second[column].tolist()
    assert first["baseline"].tolist() == [True] * len(CALM) + [False] * 3
    # a segment shorter than the baseline uses all its points
    short = xmr([1.0, 3.0, 2.0], baseline_points=10)
    assert short["mean"].iloc[0] == pytest.approx(2.0)


def test_rebase_gives_each_segment_its_own_limits_and_rules_do_not_cross():
    before = [9.0, 11.0] * 3 + [10.5] * 4  # 4 points above its mean at the end
    after = [20.5] * 3 + [19.0, 21.0] * 3
    chart = xmr(before + after, rebase_at=[len(before)])
    assert chart["segment"].tolist() == [0] * len(before) + [1] * len(after)
    assert chart["mean"].iloc[0] == pytest.approx(np.mean(before))
    assert chart["mean"].iloc[-1] == pytest.approx(np.mean(after))
    # without the rebase the jump is a special cause; with it, no rule crosses the break
    assert xmr(before + after)["special_cause"].any()
    assert not chart["special_cause"].any()


def test_rebase_and_baseline_together():
    values = [9.0, 11.0] * 3 + [20.0, 22.0] * 3 + [40.0]
    chart = xmr(values, rebase_at=6, baseline_points=4)
    assert chart["mean"].iloc[0] == pytest.approx(10.0)
    assert chart["mean"].iloc[-1] == pytest.approx(21.0)
    assert chart["variation"].iloc[-1] == "neutral"


def test_a_trend_does_not_cross_a_rebase():
    values = [1.0, 2, 3, 4, 5.0, 6, 7, 8]
    assert flagged(xmr(values), RULE_TREND) == list(range(8))
    assert flagged(xmr(values, rebase_at=[4]), RULE_TREND) == []


# ----------------------------------------------------------------------------- variation labels


@pytest.mark.parametrize(("improvement", "high", "low"), [
    ("increase", "improvement", "concern"),
    ("decrease", "concern", "improvement"),
    ("neutral", "neutral", "neutral"),
])
def test_variation_labels(improvement: str, high: str, low: str):
    up = xmr([*CALM, 30.0], improvement=improvement, baseline_points=len(CALM))
    down = xmr([*CALM, -10.0], improvement=improvement, baseline_points=len(CALM))
    assert up["variation"].iloc[-1] == high
    assert down["variation"].iloc[-1] == low
    assert set(up["variation"].iloc[:-1]) == {"common cause"}
    # an upward trend crossing the mean (no run, no point near a limit) is "high"
    rising = xmr([10, 12, 10, 12, 10, 12, 10.4, 10.6, 10.8, 11.2, 11.4, 11.6, 11.8],
                 improvement=improvement, baseline_points=6)
    assert rising["rule"].iloc[6:].tolist() == [RULE_TREND] * 7
    assert set(rising["variation"].iloc[6:]) == {high}


def test_mixed_signals_on_one_point_are_a_concern():
    # the first point of a falling trend is also above the upper limit
    values = [9.0, 11.0] * 4 + [30, 29, 28, 27, 26, 25, 24]
    chart = xmr(values, improvement="increase", baseline_points=8)
    assert RULE_TREND in chart["rule"].iloc[8] and RULE_LIMIT in chart["rule"].iloc[8]
    assert chart["variation"].iloc[8] == "concern"


# ----------------------------------------------------------------------------- assurance


def test_assurance_three_outcomes_for_both_directions():
    chart = xmr([80.0, 82, 81, 83, 82, 81])
    lower, upper = chart["lower"].iloc[0], chart["upper"].iloc[0]
    assert assurance(chart, lower - 1, improvement="increase") == "reliably met"
    assert assurance(chart, lower, improvement="increase") == "reliably met"
    assert assurance(chart, upper + 1, improvement="increase") == "reliably missed"
    assert assurance(chart, (lower + upper) / 2, improvement="increase") == "hit and miss"
    assert assurance(chart, upper + 1, improvement="decrease") == "reliably met"
    assert assurance(chart, lower - 1, improvement="decrease") == "reliably missed"
    assert assurance(chart, (lower + upper) / 2, improvement="decrease") == "hit and miss"


def test_assurance_uses_the_last_segment():
    chart = xmr([50.0, 52, 51, 53, 90, 91, 92, 91], rebase_at=[4])
    assert assurance(chart, 80, improvement="increase") == "reliably met"


def test_assurance_needs_a_direction_and_a_number():
    chart = xmr(CALM)
    with pytest.raises(ValueError, match="better side"):
        assurance(chart, 10, improvement="neutral")
    with pytest.raises(ValueError, match="target"):
        assurance(chart, "80%", improvement="increase")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- bad arguments


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"values": [1, 2, 3], "improvement": "up"}, "improvement must be one of"),
    ({"values": [1.0]}, "at least 2 points"),
    ({"values": [1, 2, float("nan"), 4]}, "missing or infinite value at position 2"),
    ({"values": [1, 2, float("inf"), 4]}, "missing or infinite"),
    ({"values": ["a", "b"]}, "must be numbers"),
    ({"values": [True, False]}, "not True/False"),
    ({"values": "12345"}, "list or Series"),
    ({"values": [1, 2, 3, 4], "rebase_at": [5]}, "out of range"),
    ({"values": [1, 2, 3, 4], "rebase_at": [0]}, "out of range"),
    ({"values": [1, 2, 3, 4, 5, 6], "rebase_at": [4, 2]}, "increasing order"),
    ({"values": [1, 2, 3, 4], "rebase_at": [1]}, "segment of 1 point"),
    ({"values": [1, 2, 3, 4], "rebase_at": [2.0]}, "positions"),
    ({"values": [1, 2, 3, 4], "baseline_points": 1}, "baseline_points"),
    ({"values": [1, 2, 3, 4], "baseline_points": True}, "baseline_points"),
])
def test_bad_arguments_raise_clear_messages(kwargs, message):
    values = kwargs.pop("values")
    with pytest.raises(ValueError, match=message):
        xmr(values, **kwargs)


def test_nan_position_names_the_index_label():
    weeks = pd.date_range("2026-01-05", periods=4, freq="W-MON")
    with pytest.raises(ValueError, match="2026-01-19"):
        xmr(pd.Series([1.0, 2.0, np.nan, 3.0], index=weeks))


def test_other_functions_reject_something_that_is_not_a_chart():
    for function in (signals, summary):
        with pytest.raises(ValueError, match="xmr"):
            function(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="xmr"):
        verdict(pd.DataFrame({"x": [1]}), "increase")


# ----------------------------------------------------------------------------- signals, verdict


def test_signals_group_consecutive_points_and_summary_names_kinds():
    chart = xmr([*CALM, 30.0, 31.0, 10.0, -20.0], improvement="increase",
                baseline_points=len(CALM))
    found = signals(chart)
    assert found[["first", "last", "points", "variation"]].values.tolist() == [
        [12, 13, 2, "improvement"], [15, 15, 1, "concern"]]
    assert summary(chart) == "special cause: improvement and concern"
    assert summary(xmr(CALM)) == "common cause"


def test_verdict_is_computed_from_the_flags():
    calm = xmr(CALM, improvement="increase")
    text = verdict(calm, "increase", fmt="{:.1f}".format)
    assert text.startswith("Common cause only")
    assert f"{calm['lower'].iloc[0]:.1f}" in text and f"{calm['upper'].iloc[0]:.1f}" in text

    weeks = pd.date_range("2026-01-05", periods=len(CALM) + 5, freq="W-MON")
    shifted = xmr(pd.Series([*CALM, 30, 31, 32, 31, 30], index=weeks),
                  improvement="decrease", baseline_points=len(CALM))
    text = verdict(shifted, "decrease")
    assert text.startswith("Special cause of concern from 30 Mar 2026 to 27 Apr 2026")
    assert RULE_LIMIT in text and "recalculate the limits" in text


def test_verdict_warns_of_a_run_in_the_making():
    chart = xmr(_run_series(5), improvement="increase", baseline_points=8)
    text = verdict(chart, "increase")
    assert "last 5 points are all above the mean (the better side)" in text
    assert "2 more would make a run of 7" in text
    assert "Watch" not in verdict(xmr(_run_series(3), baseline_points=8), "increase")


def test_rules_constants_are_the_documented_ones():
    assert spc.E2 == 2.66 and spc.D2 == 1.128
    assert abs(3 / spc.D2 - spc.E2) < 0.01
    assert spc.RULES == (RULE_LIMIT, RULE_RUN, RULE_TREND, RULE_TWO_OF_THREE)
    assert "Making Data Count" in (spc.__doc__ or "")


# ----------------------------------------------------------------------------- default data


def test_team_birch_fcr_shows_special_cause_improvement_after_its_process_change():
    from csmlib.data import load, read_manifest

    truth = read_manifest()["hidden_truths"]["process_change"]
    contacts = load("contacts", columns=["team", "arrived_at", "answered",
                                         "resolved_first_contact"])
    answered = contacts[contacts["answered"]]
    weeks = answered["arrived_at"].dt.to_period("W-SUN").dt.start_time
    change = pd.Timestamp(truth["date"])
    week_of_change = change - pd.Timedelta(days=change.weekday())
    for team, rows in answered.groupby("team"):
        fcr = rows.groupby(weeks[rows.index])["resolved_first_contact"].mean()
        chart = xmr(fcr, improvement="increase")
        after = chart.loc[chart.index > week_of_change]
        before = chart.loc[chart.index < week_of_change]
        if team == truth["team"]:
            # the weeks after the change are signals of improvement, none before is
            assert (after["variation"] == "improvement").all(), chart
            assert not (before["variation"] == "improvement").any(), chart
            rebased = xmr(fcr, improvement="increase",
                          rebase_at=[int((chart.index < week_of_change).sum())])
            assert rebased["mean"].iloc[-1] > rebased["mean"].iloc[0]
        else:
            assert not (after["variation"] == "improvement").all(), team


# ----------------------------------------------------------------------------- figure


def test_figure_legend_shapes_and_rebase_line():
    from csmlib.ui.control_chart import xmr_figure

    weeks = pd.date_range("2026-01-05", periods=len(CALM) + 6, freq="W-MON")
    values = pd.Series([*CALM, 30.0, 31.0, -20.0, 10.0, 11.0, 9.0], index=weeks)
    chart = xmr(values, improvement="increase", baseline_points=8, rebase_at=[15])
    fig = xmr_figure(chart, title="Test", y="Value (units)", improvement="increase",
                     target=12, target_label="Target (12)",
                     rebase_labels=["Limits recalculated: new process"])
    names = [t.name for t in fig.data if t.showlegend is not False]
    for name in ("Value", "Mean", "Process limits", "Special cause: improvement",
                 "Special cause: concern", "Common cause", "Target (12)"):
        assert any(n and n.startswith(name) for n in names), (name, names)
    symbols = {t.name: t.marker.symbol for t in fig.data
               if t.name and t.name.startswith(("Special cause", "Common cause"))}
    assert len(set(symbols.values())) == len(symbols) >= 3
    # mean and limits break at the rebase: a gap (None) between the segments
    mean = next(t for t in fig.data if t.name == "Mean")
    assert None in list(mean.y)
    shapes = [s for s in fig.layout.shapes if s.line.dash == "dot"]
    assert len(shapes) == 1 and pd.Timestamp(shapes[0].x0) < weeks[15]
    assert any("new process" in (a.text or "") for a in fig.layout.annotations)
    assert fig.layout.xaxis.title.text == "Week" and fig.layout.yaxis.title.text
    # ticks sit on the weeks themselves (Mondays), the year under the first
    assert [pd.Timestamp(t) for t in fig.layout.xaxis.tickvals] == list(weeks[::2])
    assert fig.layout.xaxis.ticktext[0] == "5 Jan<br>2026"
    # room above the data for the recalculation label
    assert fig.layout.yaxis.range[1] > max(chart["upper"].max(), chart["value"].max())


def test_figure_neutral_special_causes_and_bad_chart():
    from csmlib.ui.control_chart import xmr_figure

    chart = xmr([*CALM, 30.0], baseline_points=8)
    fig = xmr_figure(chart, title="T", y="Y", improvement="neutral")
    assert any(t.name == "Special cause (neither better nor worse)" for t in fig.data)
    assert list(fig.data[0].x) == list(range(1, len(chart) + 1))  # positions count from 1
    assert fig.data[0].name == "Value (neither higher nor lower is better)"
    with pytest.raises(ValueError, match="xmr"):
        xmr_figure(pd.DataFrame({"a": [1]}), title="T", y="Y")
    with pytest.raises(ValueError, match="rebase_labels"):
        xmr_figure(chart, title="T", y="Y", rebase_labels=["one too many"])
