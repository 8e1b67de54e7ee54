"""Erlang C staffing maths against published reference values."""

from __future__ import annotations

import math

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


def test_agents_to_schedule_divides_by_on_shift_shrinkage_only() -> None:
    """Brief §7: on-shift shrinkage (breaks, coaching, meetings) sizes a half-hour."""
    assert staffing.agents_to_schedule(17, 0.15) == pytest.approx(17 / 0.85)
    assert staffing.agents_to_schedule(0, 0.15) == 0
    assert staffing.agents_to_schedule(17, 0) == 17
    # not multiplied, and not divided by the combined figure
    assert staffing.agents_to_schedule(17, 0.15) > 17 * 1.15
    for bad, message in ((15, "on_shift_shrinkage is a share"), (0.95, "under 0.9"),
                         (-0.1, "on_shift_shrinkage"), ("15%", "must be a number")):
        with pytest.raises(ValueError, match=message):
            staffing.agents_to_schedule(17, bad)
    with pytest.raises(ValueError, match="agents_needed"):
        staffing.agents_to_schedule(-1, 0.15)


def test_staff_to_employ_divides_by_off_shift_shrinkage_and_contract_hours() -> None:
    """Brief §7: off-shift shrinkage (leave, sickness, training days) sizes employed FTE."""
    hours = 2840.0
    assert staffing.staff_to_employ(hours, 0.18) == pytest.approx(hours / 0.82 / 37.5)
    assert staffing.staff_to_employ(hours, 0.18, contract_hours_per_week=35) == (
        pytest.approx(hours / 0.82 / 35))
    # the two steps chain: a half-hour's agents to schedule, then the staff to employ
    scheduled = staffing.agents_to_schedule(17, 0.15)
    fte = staffing.staff_to_employ(scheduled * 37.5, 0.18)
    assert fte == pytest.approx(17 / 0.85 / 0.82)
    for kwargs, message in (({"off_shift_shrinkage": 1.2}, "off_shift_shrinkage"),
                            ({"contract_hours_per_week": 0}, "contract_hours_per_week"),
                            ({"contract_hours_per_week": 200}, "at most 80"),
                            ({"scheduled_hours_per_week": -5}, "scheduled_hours_per_week")):
        arguments = {"scheduled_hours_per_week": hours, "off_shift_shrinkage": 0.18, **kwargs}
        with pytest.raises(ValueError, match=message):
            staffing.staff_to_employ(**arguments)


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


# ------------------------------------------------ required_agents: fast paths and bounds
def _brute_force(contacts: float, aht_s: float, target_sl: float, target_s: float,
                 max_occupancy: float | None = None) -> int:
    """Reference: try n = floor(traffic) + 1, + 2, ... with service_level until the target is met.

    Candidates are checked 64 at a time (service_level is vectorised over agents); the first
    that meets the target (and max_occupancy) is the answer, as service level rises with n.
    """
    load = contacts * aht_s / 1800
    if load == 0:
        return 0
    low = math.floor(load) + 1
    while True:
        candidates = np.arange(low, low + 64)
        ok = staffing.service_level(contacts, aht_s, candidates, target_s) >= target_sl
        if max_occupancy is not None:
            ok &= staffing.occupancy(contacts, aht_s, candidates) <= max_occupancy
        if ok.any():
            return int(candidates[ok.argmax()])
        low += 64


_CONTACTS = [1, 3, 15, 60, 250, 800, 2000]
_AHT = [60, 180, 420, 900]
_TARGETS = [(0.5, 10), (0.8, 20), (0.8, 60), (0.9, 30), (0.95, 120), (0.95, 10)]


def _grid(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Round volumes and handle times, plus seeded random ones (fractional traffic)."""
    contacts, aht = (x.ravel().astype(float) for x in np.meshgrid(_CONTACTS, _AHT))
    rng = np.random.default_rng(seed)
    return (np.concatenate([contacts, rng.uniform(1, 2000, 24).round(1)]),
            np.concatenate([aht, rng.uniform(60, 900, 24).round()]))


@pytest.mark.parametrize("max_occupancy", [None, 0.85])
@pytest.mark.parametrize(("target_sl", "target_s"), _TARGETS)
def test_required_agents_matches_brute_force_on_every_path(target_sl, target_s,
                                                           max_occupancy) -> None:
    contacts, aht = _grid(seed=int(target_sl * 100 + target_s))
    expected = [_brute_force(c, a, target_sl, target_s, max_occupancy)
                for c, a in zip(contacts.tolist(), aht.tolist(), strict=True)]
    scalar = [staffing.required_agents(c, a, target_sl, target_s, max_occupancy=max_occupancy)
              for c, a in zip(contacts.tolist(), aht.tolist(), strict=True)]
    assert scalar == expected
    assert all(type(n) is int for n in scalar)
    vectorised = staffing.required_agents(contacts, aht, target_sl, target_s,
                                          max_occupancy=max_occupancy)
    assert vectorised.tolist() == expected
    load = staffing.traffic(contacts, aht)
    for blocks in (True, False):  # both ways the array search can go, whatever the size
        forced = staffing._required_agents_array(load, aht, target_sl, float(target_s),
                                                 max_occupancy, blocks=blocks)
        assert forced.tolist() == expected


def test_vectorised_keeps_shape_zeros_and_broadcasting() -> None:
    contacts = np.array([[100.0, 0.0, 250.0], [0.0, 1.0, 2000.0]])
    needed = staffing.required_agents(contacts, 180, 0.8, 20)
    assert needed.shape == (2, 3) and needed.dtype.kind == "i"
    assert needed.tolist() == [[staffing.required_agents(float(c), 180, 0.8, 20) for c in row]
                               for row in contacts]
    assert needed[0, 1] == needed[1, 0] == 0
    for blocks in (True, False):
        forced = staffing._required_agents_array(staffing.traffic(contacts, 180),
                                                 np.full(contacts.shape, 180.0), 0.8, 20.0,
                                                 None, blocks=blocks)
        assert forced.tolist() == needed.tolist()
    by_aht = staffing.required_agents(100, [120, 180, 240], 0.8, 20)
    assert by_aht.tolist() == [staffing.required_agents(100, a, 0.8, 20) for a in (120, 180, 240)]
    assert staffing.required_agents(np.array(100.0), 180, 0.8, 20) == 14  # 0-d gives an int
    assert type(staffing.required_agents(np.float64(100), np.int64(180), 0.8, 20)) is int
    assert staffing.required_agents(0, 180, 0.8, 20) == 0
    assert staffing.required_agents([0, 0], 180, 0.8, 20).tolist() == [0, 0]


def test_large_traffic_stays_exact() -> None:
    contacts = np.array([5000.0, 20_000.0, 36_000.0])  # 500, 2000 and 3600 erlangs
    expected = [_brute_force(c, 180, 0.8, 20) for c in contacts]
    assert [staffing.required_agents(float(c), 180, 0.8, 20) for c in contacts] == expected
    assert staffing.required_agents(contacts, 180, 0.8, 20).tolist() == expected
    assert all(e > c * 180 / 1800 for e, c in zip(expected, contacts, strict=True))


def test_answer_at_the_bound_is_given() -> None:
    # 9,999 erlangs with a generous target: exactly MAX_AGENTS agents
    assert staffing.required_agents(99_990, 180, 0.5, 1000) == staffing.MAX_AGENTS == 10_000
    assert staffing.required_agents([99_990, 10], 180, 0.5, 1000).tolist() == [10_000, 2]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        # traffic of 100,000 erlangs: needs more than 10,000 agents, found without searching
        (lambda: staffing.required_agents(1_000_000, 180, 0.8, 20), "more than 10,000 agents"),
        (lambda: staffing.required_agents([10, 1_000_000], 180, 0.8, 20),
         "split the contacts across queues"),
        # 9,999.5 erlangs: the target is only met beyond 10,000 agents
        (lambda: staffing.required_agents(99_995, 180, 0.8, 20), "lower target_sl or raise"),
        (lambda: staffing.required_agents([99_995, 5], 180, 0.8, 20), "more than 10,000"),
        # 9,000 erlangs kept at 85% occupancy needs 10,589 agents
        (lambda: staffing.required_agents(90_000, 180, 0.8, 20, max_occupancy=0.85),
         "raise max_occupancy"),
        (lambda: staffing.required_agents([90_000], 180, 0.8, 20, max_occupancy=0.85),
         "raise max_occupancy"),
        # a target that can never be met: every contact answered at once
        (lambda: staffing.required_agents(100, 180, 1, 0), "can never be met"),
        (lambda: staffing.required_agents([100], 180, 1.0, 0), "below 1, e.g. 0.95"),
        (lambda: staffing.required_agents(100, 180, 80, 20), "For 80%, write 0.8"),
        (lambda: staffing.required_agents(100, 180, 0.8, -5), "target_s"),
        (lambda: staffing.required_agents(100, 180, 0.8, float("nan")), "0 or more"),
        (lambda: staffing.required_agents(100, 180, 0.8, 20, max_occupancy=1.5),
         "max_occupancy"),
        (lambda: staffing.required_agents(-5, 180, 0.8, 20), "contacts must be"),
        (lambda: staffing.required_agents(100, 0, 0.8, 20), "aht_s"),
        (lambda: staffing.required_agents(100, 180, 0.8, 20, interval_s=0), "interval_s"),
        (lambda: staffing.required_agents([100, -1], 180, 0.8, 20), "contacts must be"),
    ],
)
def test_required_agents_bounds_and_bad_inputs_say_what_to_change(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()


# ------------------------------------------------------------ occupancy warning
@pytest.mark.parametrize(("share", "level"), [
    (0.0, "ok"), (0.80, "ok"), (0.85, "ok"), (0.8501, "high"), (0.90, "high"),
    (0.9001, "too high"), (1.0, "too high")])
def test_occupancy_level_thresholds(share: float, level: str) -> None:
    assert staffing.occupancy_level(share) == level


def test_occupancy_warning_is_words_with_a_symbol() -> None:
    assert staffing.occupancy_warning(0.84) == ""
    high = staffing.occupancy_warning(0.852)
    assert high.startswith("⚠ Occupancy 85.2% is above 85%") and "far" not in high
    alert = staffing.occupancy_warning(0.93)
    assert alert.startswith("⚠ Occupancy 93.0% is far above 85%") and "burn out" in alert


@pytest.mark.parametrize("bad", [-0.1, 1.2, float("nan"), "high", None])
def test_occupancy_level_rejects_what_is_not_a_share(bad) -> None:
    with pytest.raises(ValueError, match="occupancy_share"):
        staffing.occupancy_level(bad)
