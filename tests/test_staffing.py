"""Erlang C staffing maths against published reference values."""

from __future__ import annotations

import numpy as np
import pytest

from csmlib.analysis import staffing


def test_reference_values_14_and_15_agents() -> None:
    # 100 calls in 30 minutes, AHT 180 s, target 20 s (published worked example)
    assert staffing.service_level(100, 180, 14, 20) == pytest.approx(0.888, abs=0.001)
    assert staffing.erlang_c(10, 14) == pytest.approx(0.174, abs=0.001)
    assert staffing.occupancy(100, 180, 14) == pytest.approx(0.714, abs=0.001)
    assert staffing.service_level(100, 180, 15, 20) == pytest.approx(0.941, abs=0.001)
    assert staffing.erlang_c(10, 15) == pytest.approx(0.102, abs=0.001)


def test_required_agents_is_the_fewest_meeting_target() -> None:
    needed = staffing.required_agents(100, 180, 0.8, 20)
    assert staffing.service_level(100, 180, needed, 20) >= 0.8
    assert staffing.service_level(100, 180, needed - 1, 20) < 0.8
    assert staffing.required_agents(100, 180, 0.8, 20, max_occupancy=0.6) == 17


def test_stable_for_large_centres() -> None:
    probability = staffing.erlang_c(2000, 2050)
    assert 0 < probability < 1 and np.isfinite(probability)
    assert staffing.required_agents(20_000, 180, 0.8, 20) > 2000


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: staffing.erlang_c(10, 10), "must exceed the traffic"),
        (lambda: staffing.service_level(100, 0, 14, 20), "aht_s"),
        (lambda: staffing.service_level(-5, 180, 14, 20), "contacts"),
        (lambda: staffing.erlang_c(10, 12.5), "whole number"),
        (lambda: staffing.required_agents(100, 180, 80, 20), "between 0 and 1"),
    ],
)
def test_impossible_inputs_say_what_to_change(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_rostered_headcount_covers_shrinkage() -> None:
    assert staffing.rostered_headcount(65, 0.35) == pytest.approx(100)
    with pytest.raises(ValueError, match="shrinkage"):
        staffing.rostered_headcount(10, 1.2)


def test_chat_concurrency_helps_but_less_than_it_seems() -> None:
    one_at_a_time = staffing.chat_agents(60, 600, 1, 0.8, 60)
    two_at_a_time = staffing.chat_agents(60, 600, 2, 0.8, 60)
    assert two_at_a_time < one_at_a_time
    assert two_at_a_time > one_at_a_time / 2  # each chat slows when agents juggle two
    with pytest.raises(ValueError, match="concurrency"):
        staffing.chat_agents(60, 600, 0, 0.8, 60)


def test_email_backlog_grows_when_short_staffed_and_clears_later() -> None:
    arrivals = [40] * 16 + [0] * 16
    short = staffing.email_backlog(arrivals, 600, [4] * 32, target_hours=4)
    assert short["backlog"][15] > short["backlog"][0]  # 40 arrive, 12 answered each half-hour
    assert short["backlog"][-1] < short["backlog"][15]  # cleared in the quiet afternoon
    assert 0 < short["within_target"] < 1
    plenty = staffing.email_backlog(arrivals, 600, [20] * 32, target_hours=4)
    assert plenty["within_target"] == 1.0 and plenty["backlog"].max() == 0
    with pytest.raises(ValueError, match="one value per interval"):
        staffing.email_backlog([1, 2], 600, [1], 24)
