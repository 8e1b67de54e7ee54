"""Channels really cost differently: chat (several at once) is cheaper per contact than phone,
email's cost follows its handling time, the shape matches the published UK benchmark (issue
11, point 7: a call costs about 57% more than an email and 83% more than a web chat), and a
phone-to-chat shift saves money, on every sector's organisation (small, quick ones) and on
the committed default data."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from csmlib.analysis import budget
from csmlib.data import assumptions, generator, load, sectors

SEEDS = (3, 17)
SHARES = (0.1, 0.2, 0.4)
# 72 agents (the default centre) over two weeks: the chat team is its real size, quickly
SMALL = {"days": 14, "agents": 72}


def _costs(org: generator.Organisation) -> pd.DataFrame:
    a = org.assumptions
    return budget.agent_cost_per_contact(org["interval_plan"], org["contacts"],
                                         a.hourly_rate_gbp, a.on_cost_share,
                                         a.off_shift_shrinkage)


@pytest.fixture(scope="module")
def organisations() -> dict[tuple[str, int], generator.Organisation]:
    return {(sector, seed): generator.generate(seed=seed, sector=sector, **SMALL)
            for sector in sorted(sectors.SECTORS) for seed in SEEDS}


@pytest.fixture(scope="module")
def costs(organisations) -> dict[tuple[str, int], pd.DataFrame]:
    return {key: _costs(org).set_index("channel") for key, org in organisations.items()}


#: how far a channel's cost, as a share of a call's, may sit from the benchmark's share: the
#: benchmark is a survey average and each organisation is one centre
SHAPE_TOLERANCE = 0.12


def _shape_problems(table: pd.DataFrame) -> list[str]:
    shares = budget.compared_with_a_call(
        table.reset_index(), assumptions().benchmark_cost_per_contact_gbp).set_index("channel")
    problems = []
    for channel in ("email", "chat"):
        own, published = shares.loc[channel, ["share_of_call", "benchmark_share_of_call"]]
        if abs(own - published) > SHAPE_TOLERANCE:
            problems.append(f"{channel} costs {own:.0%} of a call, benchmark {published:.0%}")
    if not shares.loc["chat", "share_of_call"] < shares.loc["email", "share_of_call"] < 1:
        problems.append("not chat < email < phone, the benchmark's order")
    return problems


def test_channel_costs_have_the_shape_of_the_uk_benchmark(costs) -> None:
    problems = {key: _shape_problems(table) for key, table in costs.items()}
    assert not any(problems.values()), problems


def test_default_data_channel_costs_have_the_shape_of_the_uk_benchmark() -> None:
    a = assumptions()
    table = budget.agent_cost_per_contact(load("interval_plan"), load("contacts"),
                                          a.hourly_rate_gbp, a.on_cost_share,
                                          a.off_shift_shrinkage).set_index("channel")
    assert _shape_problems(table) == []


def test_the_shape_check_can_fail() -> None:
    """A centre where email costs as much as a call, and chat more than email, is refused."""
    table = pd.DataFrame({"channel": ["phone", "email", "chat"],
                          "cost_per_contact_gbp": [4.0, 4.0, 4.2]}).set_index("channel")
    assert len(_shape_problems(table)) == 3


def test_every_sector_and_seed_is_covered(costs) -> None:
    assert {sector for sector, _ in costs} == set(sectors.SECTORS)
    assert len(costs) == len(sectors.SECTORS) * len(SEEDS)


def test_chat_costs_clearly_less_per_contact_than_phone_everywhere(costs) -> None:
    for key, table in costs.items():
        phone, chat = table.loc["phone", "cost_per_contact_gbp"], table.loc[
            "chat", "cost_per_contact_gbp"]
        assert chat < 0.95 * phone, (f"{key}: chat £{chat:.2f} per contact handled is not "
                                     f"clearly below phone £{phone:.2f}")


def test_phone_to_chat_shift_saves_more_the_more_moves(costs) -> None:
    for key, table in costs.items():
        savings = budget.channel_shift_savings(table.reset_index(), "phone", "chat", SHARES)
        saving = savings["saving_gbp"].to_numpy()
        assert (saving > 0).all(), f"{key}: no saving at {SHARES}: {saving.round(0).tolist()}"
        assert (saving[1:] > saving[:-1]).all(), f"{key}: saving does not grow: {saving}"
        assert savings["contacts_moved"].tolist() == pytest.approx(
            [share * table.loc["phone", "contacts_handled"] for share in SHARES])


def test_cost_per_contact_divides_by_contacts_handled(organisations, costs) -> None:
    for key, org in organisations.items():
        table = costs[key]
        contacts = org["contacts"]
        handled = contacts[contacts["answered"]].groupby("channel").size()
        assert table.drop("all channels")["contacts_handled"].to_dict() == handled.to_dict(), key
        assert table["cost_per_contact_gbp"].mul(table["contacts_handled"]).to_numpy() == (
            pytest.approx(table["cost_gbp"].to_numpy()))
        offered = contacts.groupby("channel").size()
        # abandoned calls are not in the divisor, so per contact handled costs more
        assert table.loc["phone", "cost_gbp"] / offered["phone"] < table.loc[
            "phone", "cost_per_contact_gbp"], key


def test_the_chat_plan_uses_concurrency(organisations) -> None:
    """Chat agents are planned per chat slot: their hours free for contacts (scheduled hours
    less on-shift shrinkage) are close to, or below, the hours chats take, because each agent
    handles several at once; planned one chat at a time they would be well above."""
    for key, org in organisations.items():
        plan, contacts = org["interval_plan"], org["contacts"]
        free = 1 - org.assumptions.on_shift_shrinkage
        chat_agent_hours = plan.loc[plan["channel"] == "chat", "scheduled_agents"].sum() / 2 * free
        chats = contacts[(contacts["channel"] == "chat") & contacts["answered"]]
        chat_handle_hours = chats["handle_s"].sum() / 3600
        concurrency = org.assumptions.chat_concurrency
        assert 0.8 * chat_agent_hours < chat_handle_hours < concurrency * chat_agent_hours, (
            key, chat_agent_hours, chat_handle_hours)


def test_email_and_social_are_planned_from_their_workload(organisations) -> None:
    """Written work has no queue: hours follow workload ÷ occupancy, plus absence cover."""
    for key, org in organisations.items():
        a, plan = org.assumptions, org["interval_plan"]
        for channel in ("email", "social"):
            rows = plan[plan["channel"] == channel]
            workload_hours = (rows["forecast_contacts"] * rows["forecast_aht_s"]).sum() / 3600
            expected = (workload_hours / a.written_occupancy * (1 + a.absence_cover_share)
                        / (1 - a.on_shift_shrinkage))  # scheduled agents include breaks
            hours = rows["scheduled_agents"].sum() / 2
            assert hours == pytest.approx(expected, rel=0.08), (key, channel, hours, expected)


def test_email_costs_follow_its_handling_time(costs) -> None:
    """Per contact, email costs about what its handle time and planned occupancy say."""
    for key, table in costs.items():
        sector = sectors.SECTORS[key[0]]
        phone, email = (table.loc[name, "cost_per_contact_gbp"] for name in ("phone", "email"))
        handle_ratio = sector.handle_mean_s["email"] / sector.handle_mean_s["phone"]
        assert 0.6 * handle_ratio < email / phone < 1.0 * handle_ratio, (key, email, phone)
        social = table.loc["social", "cost_per_contact_gbp"]
        assert 0.4 * phone < social < phone, (key, social, phone)


def test_without_concurrency_chat_would_cost_more_than_phone(monkeypatch) -> None:
    """The saving comes from concurrency: one chat at a time makes chat dearer than phone."""
    base = sectors.SECTORS["energy"]
    one_at_a_time = dataclasses.replace(base, assumptions=dataclasses.replace(
        base.assumptions, chat_concurrency=1))
    monkeypatch.setitem(sectors.SECTORS, "energy", one_at_a_time)
    table = _costs(generator.generate(seed=SEEDS[0], sector="energy", **SMALL)).set_index(
        "channel")
    assert table.loc["chat", "cost_per_contact_gbp"] > table.loc["phone", "cost_per_contact_gbp"]


def test_the_default_data_shows_chat_cheaper_and_a_saving() -> None:
    a = assumptions()  # the committed data's own pay, on-costs and shrinkage
    table = budget.agent_cost_per_contact(load("interval_plan"), load("contacts"),
                                          a.hourly_rate_gbp, a.on_cost_share,
                                          a.off_shift_shrinkage)
    per_contact = table.set_index("channel")["cost_per_contact_gbp"]
    assert per_contact["chat"] < 0.95 * per_contact["phone"]
    savings = budget.channel_shift_savings(table, "phone", "chat", SHARES)["saving_gbp"]
    assert savings.is_monotonic_increasing and savings.iloc[0] > 1000


def test_paid_hours_add_off_shift_shrinkage_only(organisations, costs) -> None:
    """Scheduled agents already include breaks and coaching (on-shift shrinkage), so the paid
    hours of the rota add only leave, sickness and training days (off-shift shrinkage)."""
    for key, org in organisations.items():
        a, plan, table = org.assumptions, org["interval_plan"], costs[key]
        for channel, rows in plan.groupby("channel"):
            scheduled = rows["scheduled_agents"].sum() / 2
            assert table.loc[channel, "agent_hours"] == pytest.approx(scheduled), key
            assert table.loc[channel, "rostered_hours"] == pytest.approx(
                scheduled / (1 - a.off_shift_shrinkage)), key
            if a.on_shift_shrinkage > 0:  # the combined figure would count breaks twice
                assert table.loc[channel, "rostered_hours"] < scheduled / (1 - a.shrinkage)
