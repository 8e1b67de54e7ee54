"""Customer data for loyalty (notebook 01): tenure, products held and a churn model whose
effects the data shows — churn falls as satisfaction rises, detractors leave more often than
promoters, complaint outcome matters, annual churn sits in each sector's range — on every
sector and two seeds, with the other tables untouched by the customers' own random stream."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from csmlib.analysis.complaints import churn_by_outcome
from csmlib.data import generator as G
from csmlib.data import schema
from csmlib.data.sectors import SECTORS

SEEDS = (3, 11)
SIZE = {"days": 56, "agents": 30}


@pytest.fixture(scope="module")
def orgs() -> dict[tuple[str, int], G.Organisation]:
    return {(sector, seed): G.generate(seed=seed, sector=sector, **SIZE)
            for sector in sorted(SECTORS) for seed in SEEDS}


def _joined(org: G.Organisation) -> pd.DataFrame:
    """Customers with their churn drivers (as the generator groups them)."""
    customers = org["customers"].reset_index(drop=True)
    drivers = G._churn_drivers(org["contacts"], org["complaints"], customers["customer_id"])
    return pd.concat([customers, drivers.reset_index(drop=True)], axis=1)


def _rates(frame: pd.DataFrame, by: str | pd.Series) -> pd.DataFrame:
    return frame.groupby(by)["churned"].agg(rate="mean", n="size", k="sum")


def _standardised_ratio(orgs: dict, column: str, group: str, reference: str) -> float:
    """Churners in ``group`` over those expected at the ``reference`` group's rate of the same
    organisation, pooled over organisations (so sectors' different base rates do not mix)."""
    seen = expected = 0.0
    for org in orgs.values():
        rates = _rates(_joined(org), column)
        if group in rates.index and reference in rates.index:
            seen += rates.loc[group, "k"]
            expected += rates.loc[group, "n"] * rates.loc[reference, "rate"]
    return seen / expected


def test_customers_match_the_schema_and_link_to_contacts(orgs) -> None:
    for (sector, _), org in orgs.items():
        customers = org["customers"]
        schema.validate(customers, "customers")
        assert list(customers.columns) == [c.name for c in schema.TABLES["customers"]]
        assert customers["customer_id"].is_unique
        assert set(org["contacts"]["customer_id"]) <= set(customers["customer_id"])
        joined = pd.to_datetime(customers["joined_on"])
        assert (joined < pd.Timestamp(org.start)).all()
        assert (joined > pd.Timestamp(org.start) - pd.DateOffset(years=G.CUSTOMER_YEARS + 1)).all()
        # whole months to the day after the data's last day
        end = pd.Timestamp(org.start) + pd.Timedelta(days=org.days)
        months = (end.year - joined.dt.year) * 12 + end.month - joined.dt.month - (
            joined.dt.day > end.day)
        assert (customers["tenure_months"] == months).all()
        # more recent joiners: each year-of-tenure band is smaller than the one before
        years = (customers["tenure_months"] // 12).value_counts().sort_index()
        assert years.iloc[0] > years.iloc[3] > years.iloc[8], sector
        assert set(customers["products_held"]) <= {1, 2, 3}
        shares = customers["products_held"].value_counts(normalize=True)
        assert 0.3 < shares[1] < 0.7, sector
        for segment, (low, high) in G.SEGMENT_PRODUCTS.items():
            held = customers.loc[customers["segment"] == segment, "products_held"]
            assert held.between(low, high).all()
        # churned customers leave after their last contact or complaint, inside the data
        churned = customers[customers["churned"]]
        left = pd.to_datetime(churned["churned_at"])
        assert left.notna().all() and customers.loc[~customers["churned"],
                                                    "churned_at"].isna().all()
        assert (left >= pd.Timestamp(org.start)).all() and (left < end).all()
        last = org["contacts"].groupby("customer_id")["arrived_at"].max().dt.floor("D")
        before = churned["customer_id"].map(last)
        assert (before.isna() | (before <= left)).all()
        assert churn_by_outcome(org["complaints"], customers).attrs[
            "complained_after_leaving"] == 0


def test_churned_customers_include_some_who_never_got_in_touch(orgs) -> None:
    """The lead's analysis joins customers to contacts: say plainly who has none."""
    org = orgs[("energy", SEEDS[0])]
    customers = org["customers"]
    never = ~customers["customer_id"].isin(org["contacts"]["customer_id"])
    assert 0.03 < never.mean() < 0.35
    assert customers.loc[never, "churned"].any()


def test_annual_churn_lands_in_each_sectors_range(orgs) -> None:
    for (sector, _), org in orgs.items():
        period = org["customers"]["churned"].mean()
        annual = 1 - (1 - period) ** (365 / org.days)
        low, high = G.ANNUAL_CHURN_RANGE[sector]
        assert low <= annual <= high, (sector, annual)
        assert org.truths["loyalty"]["annual_churn"] == pytest.approx(annual, abs=1e-4)
        assert org.truths["loyalty"]["annual_range"] == [low, high]


def test_churn_falls_as_satisfaction_rises(orgs) -> None:
    bands = ["1-2", "3", "4", "5"]
    for sector in sorted(SECTORS):
        pooled = pd.concat([_joined(orgs[(sector, seed)]) for seed in SEEDS])
        rates = _rates(pooled, "lowest_csat").loc[bands]
        for worse, better in zip(bands, bands[1:], strict=False):
            a, b = rates.loc[worse], rates.loc[better]
            slack = 2 * math.sqrt(a["rate"] * (1 - a["rate"]) / a["n"]
                                  + b["rate"] * (1 - b["rate"]) / b["n"])
            assert b["rate"] <= a["rate"] + slack, (sector, worse, better)
        assert rates.loc["1-2", "rate"] > 2 * rates.loc["5", "rate"], sector
    ratio = _standardised_ratio(orgs, "lowest_csat", "1-2", "5")
    assert 2.5 < ratio < 6


def test_detractors_leave_two_to_three_times_as_often_as_promoters(orgs) -> None:
    for (sector, seed), org in orgs.items():
        rates = _rates(_joined(org), "latest_nps")["rate"]
        assert rates["detractor"] > rates["promoter"], (sector, seed)
    assert 1.5 <= _standardised_ratio(orgs, "latest_nps", "detractor", "promoter") <= 4


def test_complaint_outcome_matters_as_notebook_04_says(orgs) -> None:
    for (sector, seed), org in orgs.items():
        churn = churn_by_outcome(org["complaints"], org["customers"]).set_index("outcome")
        unresolved = churn.loc[churn.index.isin(["open", "not upheld"]), ["customers",
                                                                          "churned"]].sum()
        assert unresolved["churned"] / unresolved["customers"] > 2 * churn.loc[
            "no complaint", "churn_rate"], (sector, seed)
    seen = {name: 0.0 for name in ("not upheld", "upheld", "partially upheld")}
    expected = dict.fromkeys(seen, 0.0)
    for org in orgs.values():
        churn = churn_by_outcome(org["complaints"], org["customers"]).set_index("outcome")
        for name in seen:
            if name in churn.index:
                seen[name] += churn.loc[name, "churned"]
                expected[name] += churn.loc[name, "customers"] * churn.loc[
                    "no complaint", "churn_rate"]
    ratio = {name: seen[name] / expected[name] for name in seen}
    assert ratio["not upheld"] >= 2
    assert ratio["upheld"] < 1.6
    assert ratio["upheld"] < ratio["partially upheld"] < ratio["not upheld"]


def test_long_waits_first_year_and_fewer_products_mean_more_churn(orgs) -> None:
    assert _standardised_ratio(orgs, "long_wait", "yes", "no") > 1.2
    first_year = {org_key: _joined(org).assign(first=lambda f: np.where(
        f["tenure_months"] < 12, "yes", "no")) for org_key, org in orgs.items()}
    seen = expected = 0.0
    for frame in first_year.values():
        rates = _rates(frame, "first")
        seen += rates.loc["yes", "k"]
        expected += rates.loc["yes", "n"] * rates.loc["no", "rate"]
    assert seen / expected > 1.25
    for sector in sorted(SECTORS):
        pooled = pd.concat([orgs[(sector, seed)]["customers"] for seed in SEEDS])
        rates = _rates(pooled, "products_held")["rate"]
        assert rates[rates.index.min()] > rates[rates.index.max()], sector


def test_the_model_is_documented_and_in_the_hidden_truths(orgs) -> None:
    model = G.CHURN_MODEL
    assert set(model["base_quarterly"]) == set(SECTORS) == set(G.ANNUAL_CHURN_RANGE)
    csat = model["lowest_csat"]
    assert csat["1-2"] > csat["3"] > csat["4"] > csat["5"]
    nps = model["latest_nps"]
    assert nps["detractor"] >= nps["passive"] >= nps["promoter"]
    outcome = model["complaint"]
    assert outcome["open"] >= outcome["not upheld"] > outcome["partially upheld"] > outcome[
        "upheld"]
    truth = orgs[("energy", SEEDS[0])].truths["loyalty"]
    assert truth["multipliers"] == {key: model[key] for key in G.CHURN_DRIVERS}
    assert truth["base_quarterly"] == model["base_quarterly"]["energy"]


def test_customers_leave_the_main_random_stream_as_it_was(monkeypatch) -> None:
    """The customers step takes exactly the four draws it always took from the main stream
    (segment, value, the churn draw, its timing), so QA and budget, built after it, and every
    other table are what they were before tenure and products were added."""
    states: dict[str, dict] = {}
    original = G._Builder.customers

    def watched(self, contacts, complaints):
        states["before"] = self.rng.bit_generator.state
        frame = original(self, contacts, complaints)
        states["after"] = self.rng.bit_generator.state
        states["segments"] = len(self.sector.segments)
        states["n"] = self.n_customers
        return frame

    monkeypatch.setattr(G._Builder, "customers", watched)
    first = G.generate(seed=5, sector="telecom", days=14, agents=12)
    replay = np.random.default_rng()
    replay.bit_generator.state = states["before"]
    n = states["n"]
    replay.choice(states["segments"], n, p=np.full(states["segments"], 1 / states["segments"]))
    replay.lognormal(0.0, 0.6, n)
    replay.random(n)
    replay.uniform(1, 40, n)
    assert replay.bit_generator.state == states["after"]
    monkeypatch.undo()
    again = G.generate(seed=5, sector="telecom", days=14, agents=12)
    for name in G.TABLES:
        pd.testing.assert_frame_equal(first[name], again[name])
    other = G.generate(seed=6, sector="telecom", days=14, agents=12)
    assert not first["customers"]["joined_on"].equals(other["customers"]["joined_on"])
