"""Fees that were missing from routes: each is now a known amount with the page it was read on,
a known zero only where an official page says the visa is free, and an unknown (never a zero)
where the fee is set case by case."""

from __future__ import annotations

from datetime import date

import pytest

from emigre.knowledge.loader import KnowledgeBase
from emigre.plan.costs import CostItem, cost_items
from emigre.plan.schedule import PlanInputs
from emigre.profile import Profile
from tests.conftest import EXAMPLES, base_profile

DIMA = EXAMPLES / "dima.toml"

ON = date(2026, 12, 6)


def _items(kb: KnowledgeBase, route: str, on: date = ON, **person: object) -> dict[str, CostItem]:
    raw = base_profile()
    raw["person"] = {**raw["person"], **person}
    prof = Profile.model_validate(raw)
    return {
        c.id: c for c in cost_items(kb.route(route), PlanInputs(prof, on, kb.params, kb.fx, 15))
    }


def _titles(kb: KnowledgeBase, name: str, on: date = ON) -> list[str]:
    return [s.title or "" for s in kb.params.resolve(name, on).sources]


def test_the_slovak_business_permit_costs_330_euros_since_april_2024(kb: KnowledgeBase) -> None:
    fee = _items(kb, "sk.temporary_residence.business")["application_fee"]
    assert (fee.stage, fee.amount.kind, fee.amount.value) == ("application", "known", 330)
    assert any("232 to EUR 330" in t for t in _titles(kb, "sk.temporary_residence.business.fee"))
    before = _items(kb, "sk.temporary_residence.business", on=date(2024, 3, 1))["application_fee"]
    assert before.amount.value == 232


def test_the_swiss_permit_shows_the_federal_ceiling_and_leaves_the_cantonal_decision_unknown(
    kb: KnowledgeBase,
) -> None:
    items = _items(kb, "ch.work_permit.non_eu")
    assert "permit_fees" not in items  # no longer "this route's fees are not in the data"
    labour = items["labour_market_fee"]
    assert (labour.stage, labour.amount.kind) == ("application", "unknown")
    assert labour.amount.value is None  # set by each canton: never counted as free
    permit = items["permit_fee"]
    assert permit.amount.kind == "known"
    assert 90 < (permit.amount.value or 0) < 115  # CHF 95 in euros
    assert any("GebV-AIG" in t for t in _titles(kb, "ch.permit.cantonal_fee_max"))


def test_the_german_humanitarian_visa_fee_is_the_national_fee_that_may_be_waived(
    kb: KnowledgeBase,
) -> None:
    fee = _items(kb, "de.humanitarian")["visa_fee"]
    assert (fee.stage, fee.amount.value) == ("application", 75)
    assert "waive" in str(fee.label)
    assert any("52(7)" in t for t in _titles(kb, "de.humanitarian.visa_fee"))


@pytest.mark.parametrize(
    ("citizenship", "present", "amount"), [("BY", "visa_fee_waived", 0), ("RU", "visa_fee", 120)]
)
def test_the_lithuanian_humanitarian_visa_is_free_only_for_the_citizenship_the_source_names(
    kb: KnowledgeBase, citizenship: str, present: str, amount: float
) -> None:
    items = _items(kb, "lt.humanitarian_visa", citizenship=[citizenship])
    fees = {k: c for k, c in items.items() if k.startswith("visa_fee")}
    assert list(fees) == [present]
    assert fees[present].amount.kind == "known" and fees[present].amount.value == amount
    assert "permit_fees" not in items


def test_the_lithuanian_national_visa_fee_is_the_foreign_ministrys_120_euros_not_2020s_60(
    kb: KnowledgeBase,
) -> None:
    fee = _items(kb, "lt.humanitarian_visa", citizenship=["RU"])["visa_fee"]
    assert fee.amount.value == 120
    assert any("EUR 120" in t for t in _titles(kb, "lt.national_visa.fee"))
    before = _items(kb, "lt.humanitarian_visa", on=date(2020, 12, 5), citizenship=["RU"])
    assert before["visa_fee"].amount.value == 60


@pytest.mark.parametrize(
    ("route", "cost", "low", "high"),
    [
        ("nl.orientation_year", "ind_fee", 243, 243),
        ("nl.daft", "ind_fee", 423, 423),
        ("ge.work_permit", "right_to_work_fee", 140, 190),  # GEL 500
    ],
)
def test_routes_that_had_no_fee_now_price_the_application(
    kb: KnowledgeBase, route: str, cost: str, low: float, high: float
) -> None:
    items = _items(kb, route)
    assert "permit_fees" not in items
    fee = items[cost]
    assert fee.stage == "application" and fee.amount.kind == "known"
    assert low <= (fee.amount.value or 0) <= high


@pytest.mark.parametrize("route", ["be.single_permit", "be.blue_card"])
def test_the_belgian_administrative_fee_is_2025s_indexed_amount_flagged_in_2026(
    kb: KnowledgeBase, route: str
) -> None:
    fee = _items(kb, route)["administrative_fee"]
    assert fee.amount.kind == "known" and fee.amount.value == 148  # was EUR 144 in 2024
    assert "latest known value, from 2025-01-01" in str(fee.caveat or fee.amount.why())
    assert _items(kb, route, on=date(2024, 6, 1))["administrative_fee"].amount.value == 144


def test_a_fee_known_only_for_last_year_is_shown_with_its_date(kb: KnowledgeBase) -> None:
    """The orientation-year fee was read for 2025 only: a 2026 plan uses it, flagged."""
    fee = _items(kb, "nl.orientation_year")["ind_fee"]
    assert "latest known value, from 2025-01-01" in str(fee.caveat or fee.amount.why())


@pytest.mark.parametrize("route", ["me.digital_nomad", "fr.asylum_visa", "pl.humanitarian_visa"])
def test_fees_no_source_gives_stay_unknown_never_free(kb: KnowledgeBase, route: str) -> None:
    fee = _items(kb, route)["permit_fees"]
    assert fee.amount.kind == "unknown" and fee.amount.value is None


def test_the_georgian_plan_names_the_right_to_work_fee_in_euros_and_roubles(cli) -> None:  # type: ignore[no-untyped-def]
    """A person who reads the Georgian work route's money sees the fee, not 'no data'."""
    code, out, err = cli("explain", "ge.work_permit", str(DIMA), "--on", "2026-12-06")
    assert code == 0, err
    line = next(x for x in out.splitlines() if "Right to work (work permit)" in x)
    assert "EUR" in line and "RUB" in line and "no data" not in line
    assert "visa and permit fees: no data" not in out


def test_the_slovak_business_fee_and_its_sources_are_listed(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("data", "sources", "sk.temporary_residence.business")
    assert code == 0, err
    assert "parameter sk.temporary_residence.business.fee = 330 from 2024-04-01" in out
    assert "finsider.sk" in out and "immiconsulty.com" in out
