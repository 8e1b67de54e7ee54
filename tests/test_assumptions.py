"""One home for the organisation's planning assumptions: defined, used, recorded, read back."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import numpy as np
import pytest

from csmlib import data
from csmlib.data import generator, sectors, store
from csmlib.data.planning_assumptions import Assumptions, describe

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_and_each_has_a_unit_and_a_source() -> None:
    defaults = Assumptions()
    assert (defaults.hourly_rate_gbp, defaults.on_cost_share) == (13.5, 0.28)
    assert (defaults.on_shift_shrinkage, defaults.off_shift_shrinkage,
            defaults.contract_hours_per_week) == (0.15, 0.18, 37.5)
    assert (defaults.opening_hour, defaults.closing_hour, defaults.chat_concurrency) == (8, 20, 3)
    table = describe(defaults)
    assert table["assumption"].tolist() == [
        *[f.name for f in dataclasses.fields(Assumptions)], "shrinkage"]
    assert table["unit"].str.len().gt(0).all() and table["source"].str.len().gt(0).all()
    assert "5.58" in table.set_index("assumption").loc["benchmark_cost_per_contact_gbp",
                                                       "source"]
    assert defaults.loaded_hourly_cost_gbp == pytest.approx(13.5 * 1.28)
    combined = 1 - (1 - 0.15) * (1 - 0.18)
    assert defaults.shrinkage == pytest.approx(combined)
    assert defaults.paid_hours_per_productive_hour == pytest.approx(1 / (1 - combined))
    assert defaults.paid_hours_per_scheduled_hour == pytest.approx(1 / 0.82)


def test_shrinkage_split_states_its_basis() -> None:
    """Brief §7: no industry standard, measure your own; each share says what it covers."""
    table = describe().set_index("assumption")
    on, off = table.loc["on_shift_shrinkage", "source"], table.loc["off_shift_shrinkage",
                                                                      "source"]
    for words in ("breaks", "coaching", "meetings"):
        assert words in on
    for words in ("leave", "sickness", "training"):
        assert words in off
    for source in (on, off, table.loc["shrinkage", "source"]):
        assert "no industry standard" in source and "brief §7" in source
    assert table.loc["shrinkage", "value"] == pytest.approx(Assumptions().shrinkage, abs=1e-4)


def test_shrinkage_is_read_only_and_follows_the_two_shares() -> None:
    split = Assumptions(on_shift_shrinkage=0.1, off_shift_shrinkage=0.2)
    assert split.shrinkage == pytest.approx(1 - 0.9 * 0.8)
    with pytest.raises(TypeError):
        Assumptions(shrinkage=0.3)  # type: ignore[call-arg]


def test_an_older_single_shrinkage_figure_is_read_as_the_same_combined_figure() -> None:
    old = Assumptions.from_dict({"shrinkage": 0.35})
    assert old.on_shift_shrinkage == Assumptions().on_shift_shrinkage
    assert old.shrinkage == pytest.approx(0.35, abs=1e-3)
    both = Assumptions.from_dict({"shrinkage": 0.9, "on_shift_shrinkage": 0.1,
                                  "off_shift_shrinkage": 0.2})
    assert both.shrinkage == pytest.approx(0.28)  # the two shares win over the old figure
    with pytest.raises(ValueError, match="no valid off-shift share"):
        Assumptions.from_dict({"shrinkage": 0.05, "on_shift_shrinkage": 0.3})


@pytest.mark.parametrize(("change", "message"), [
    ({"on_shift_shrinkage": 15}, "on_shift_shrinkage is a share from 0 to 0.6"),
    ({"off_shift_shrinkage": -0.1}, "off_shift_shrinkage is a share from 0 to 0.6"),
    ({"contract_hours_per_week": 0}, "contract_hours_per_week is the hours of one"),
    ({"contract_hours_per_week": True}, "contract_hours_per_week is the hours of one"),
    ({"on_cost_share": -0.1}, "on_cost_share is a share from 0 to 1"),
    ({"hourly_rate_gbp": 0}, "hourly_rate_gbp must be a number above 0"),
    ({"opening_hour": 8.25}, "opening_hour is an hour of the day"),
    ({"opening_hour": 21}, r"opening_hour \(21\) must be before closing_hour \(20\)"),
    ({"chat_concurrency": 2.5}, "chat_concurrency is a whole number of chats from 1 to 6"),
    ({"benchmark_cost_per_contact_gbp": {"phone": -1}}, "benchmark_cost_per_contact_gbp"),
])
def test_bad_values_name_the_assumption(change, message) -> None:
    with pytest.raises(ValueError, match=message):
        Assumptions(**change)


def test_assumptions_cannot_be_changed_and_can_be_cache_keys() -> None:
    defaults = Assumptions()
    with pytest.raises(dataclasses.FrozenInstanceError):
        defaults.on_shift_shrinkage = 0.3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        defaults.shrinkage = 0.3  # type: ignore[misc]
    with pytest.raises(TypeError):
        defaults.benchmark_cost_per_contact_gbp["phone"] = 1.0  # type: ignore[index]
    assert hash(defaults) == hash(Assumptions()) and {defaults: 1}[Assumptions()] == 1
    assert defaults != Assumptions(benchmark_cost_per_contact_gbp={"phone": 6.0})


def test_round_trip_and_unknown_names() -> None:
    changed = Assumptions(hourly_rate_gbp=14.2, opening_hour=7.5)
    assert Assumptions.from_dict(json.loads(json.dumps(changed.as_dict()))) == changed
    assert Assumptions.from_dict({}) == Assumptions()
    with pytest.raises(ValueError, match="has no setting 'pay'; the settings are hourly_rate"):
        Assumptions.from_dict({"pay": 14})


def test_every_sector_has_its_assumptions() -> None:
    for key, sector in sectors.SECTORS.items():
        assert isinstance(sector.assumptions, Assumptions), key


def test_the_generator_holds_no_planning_figures() -> None:
    source = (ROOT / "src/csmlib/data/generator.py").read_text(encoding="utf-8")
    for literal in ("13.5", "0.28", "6500", "0.42 *", "1 - 0.35", "/ 0.85", "0.8, 60",
                    "HOURLY_RATE", "ON_COST", "CONCURRENCY =", "PHONE_TARGET", "_HOURS ="):
        assert not re.search(rf"(?<![\d.]){re.escape(literal)}", source), literal


def _with_assumptions(monkeypatch, sector: str = "energy", **change) -> None:
    base = sectors.SECTORS[sector]
    changed = dataclasses.replace(base, assumptions=dataclasses.replace(base.assumptions,
                                                                        **change))
    monkeypatch.setitem(sectors.SECTORS, sector, changed)


def test_the_generator_plans_and_budgets_with_them(monkeypatch) -> None:
    before = generator.generate(seed=6, days=14, agents=24)
    _with_assumptions(monkeypatch, hourly_rate_gbp=27.0, opening_hour=10, chat_concurrency=1)
    after = generator.generate(seed=6, days=14, agents=24)
    assert after.assumptions.hourly_rate_gbp == 27.0
    def pay(org: generator.Organisation) -> float:
        budget = org["budget"]
        return budget.loc[budget["line"] == "agent salaries and on-costs", "budget_gbp"].sum()

    ratio = pay(after) / pay(before)
    assert ratio > 1.5  # twice the rate; the plan (hours) changed a little too
    phone = after["contacts"].query("channel == 'phone'")["arrived_at"]
    weekday = phone[phone.dt.day_of_week < 5]
    assert weekday.dt.hour.min() == 10
    plan_chat = after["interval_plan"].query("channel == 'chat'")["scheduled_agents"].sum()
    assert plan_chat > 1.5 * before["interval_plan"].query("channel == 'chat'")[
        "scheduled_agents"].sum()


def test_the_manifest_records_them_and_data_assumptions_reads_them(tmp_path, monkeypatch) -> None:
    _with_assumptions(monkeypatch, hourly_rate_gbp=15.75)
    folder = store.save(generator.generate(seed=2, days=3, agents=6), tmp_path / "org")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["assumptions"]["hourly_rate_gbp"] == 15.75
    readme = (folder / "README.md").read_text()
    assert "| `hourly_rate_gbp` | 15.75 | £ per paid hour |" in readme
    assert "| `benchmark_cost_per_contact_gbp` | phone 5.58, email 3.55, chat 3.05 |" in readme
    monkeypatch.setenv("CSMLIB_DATA_DIR", str(folder))
    in_use = data.assumptions()
    assert isinstance(in_use, data.Assumptions) and in_use.hourly_rate_gbp == 15.75
    assert store.assumptions_in_use() == in_use


def test_the_default_dataset_records_the_sector_defaults(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("CSMLIB_ORGANISATION_FILE", str(tmp_path / "none.json"))
    recorded = store.read_manifest(ROOT / "datasets")["assumptions"]
    assert Assumptions.from_dict(recorded) == sectors.profile("energy").assumptions
    assert data.assumptions() == Assumptions.from_dict(recorded)


def test_an_older_manifest_falls_back_to_the_sector_default(tmp_path, monkeypatch) -> None:
    folder = store.save(generator.generate(seed=2, sector="council", days=3, agents=6),
                        tmp_path / "org")
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["assumptions"]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    monkeypatch.setenv("CSMLIB_DATA_DIR", str(folder))
    _with_assumptions(monkeypatch, "council", off_shift_shrinkage=0.21)
    assert data.assumptions().off_shift_shrinkage == 0.21


def test_an_organisation_not_yet_generated_is_not_generated(tmp_path, monkeypatch) -> None:
    choice = tmp_path / "my_organisation.json"
    choice.write_text(json.dumps({"seed": 99, "sector": "retail"}))
    monkeypatch.setenv("CSMLIB_ORGANISATION_FILE", str(choice))
    monkeypatch.setenv("CSMLIB_CACHE", str(tmp_path / "cache"))
    assert data.assumptions() == sectors.profile("retail").assumptions
    assert not (tmp_path / "cache").exists()


def test_damaged_assumptions_in_a_manifest_are_explained(tmp_path, monkeypatch) -> None:
    folder = store.save(generator.generate(seed=2, days=3, agents=6), tmp_path / "org")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["assumptions"]["off_shift_shrinkage"] = "a fifth"
    (folder / "manifest.json").write_text(json.dumps(manifest))
    monkeypatch.setenv("CSMLIB_DATA_DIR", str(folder))
    with pytest.raises(store.DataError, match=r"The assumptions in .*manifest.json are not "
                                              r"valid: .*off_shift_shrinkage is a share"):
        data.assumptions()


def test_planning_figures_agree_with_the_budget_table() -> None:
    """The budget's pay line is the headcount's contracted hours costed with the
    assumptions, which is the plan's scheduled hours ÷ (1 − off-shift shrinkage) costed the
    same way (the plan is sized to the headcount: tests/test_model_consistency.py)."""
    agents, days = 24, 28
    org = generator.generate(seed=4, days=days, agents=agents)
    a = org.assumptions
    plan = org["interval_plan"]
    month = plan["interval_start"].dt.to_period("M").astype(str)
    days_in = plan["interval_start"].dt.normalize().groupby(month).nunique()
    expected = (days_in * agents * a.contract_hours_per_week / 7 * a.loaded_hourly_cost_gbp)
    pay = org["budget"].query("line == 'agent salaries and on-costs'").set_index("month")
    assert len(pay) == 2 and np.allclose(pay["budget_gbp"], expected.reindex(pay.index),
                                         atol=0.01)
    hours = plan.groupby(month)["scheduled_agents"].sum() / 2
    from_plan = hours * a.paid_hours_per_scheduled_hour * a.loaded_hourly_cost_gbp
    assert np.allclose(pay["budget_gbp"].sum(), from_plan.sum(), rtol=generator.PLAN_TOLERANCE)
