"""Money after arrival: the income a route lets the person count on, the monthly costs, and
the runway (how long the savings last with no income)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from emigre.plan.steps import add_months
from tests.test_plan import POOR, RICH, STUDY, WORK, plan_for

OFFER = [{"country": "DE", "gross_annual_salary": 60000}]


def _with_living(route: dict[str, Any]) -> dict[str, Any]:
    route = copy.deepcopy(route)
    route.setdefault("costs", []).append(
        {"id": "living", "kind": "recurring", "amount": "xx.living"}
    )
    return route


def _after(plan: Any) -> list[Any]:
    assert plan.arrival is not None
    return [m for m in plan.cashflow if m.month > plan.arrival]


def test_a_job_offer_pays_its_estimated_net_from_the_month_after_arrival() -> None:
    plan = plan_for(_with_living(WORK), money=RICH, offers=OFFER)
    income = plan.income.monthly
    assert income is not None and income.kind == "estimated"
    assert (income.low, income.high) == pytest.approx((60000 / 12 * 0.6, 60000 / 12 * 0.7))
    after = _after(plan)
    assert after and all(m.income_eur == pytest.approx(income.low) for m in after)
    # 3,000 EUR net against 1,000 EUR of costs: the balance grows after arrival.
    assert after[-1].balance_eur > after[0].balance_eur


def test_a_job_still_to_be_found_is_planned_at_the_lowest_salary_the_route_accepts() -> None:
    plan = plan_for(_with_living(WORK), money=RICH)
    assert plan.income.monthly is not None
    assert plan.income.monthly.low == pytest.approx(45000 / 12 * 0.6)


def test_a_student_lives_on_savings_and_the_runway_says_for_how_long() -> None:
    plan = plan_for(_with_living(STUDY), money=RICH)
    assert plan.income.monthly is None
    after = _after(plan)
    assert all(m.income_eur == 0 for m in after)
    # The savings fall month by month after arrival (they do not freeze).
    balances = [m.balance_eur for m in after]
    assert balances == sorted(balances, reverse=True) and balances[0] > balances[-1]
    monthly = 1000 + 300 / 6
    assert after[1].balance_eur == pytest.approx(after[0].balance_eur - monthly, abs=0.01)
    arrival_month = next(
        m for m in plan.cashflow if m.month <= plan.arrival < add_months(m.month, 1)
    )
    assert plan.runway_months == pytest.approx(
        (arrival_month.balance_eur + monthly) / monthly, abs=0.1
    )
    more = plan_for(_with_living(STUDY), money={**RICH, "savings": 4_000_000})
    assert more.runway_months is not None and more.runway_months > plan.runway_months


def test_a_remote_worker_keeps_the_remote_salary_after_tax() -> None:
    nomad = copy.deepcopy(_with_living(WORK))
    nomad["family"] = "nomad"
    job = {
        "occupation": "2512",
        "start": "2019-09-01",
        "remote": True,
        "employer_country": "US",
        "gross_monthly_salary": 5000,
        "currency": "EUR",
    }
    plan = plan_for(nomad, money=RICH, offers=OFFER, work=[job])
    assert plan.income.monthly is not None
    assert plan.income.monthly.low == pytest.approx(5000 * 0.6)  # no US figure: the EU range
    given = plan_for(nomad, money={**RICH, "monthly_income": 270_000}, offers=OFFER, work=[job])
    assert given.income.monthly is not None and given.income.monthly.kind == "known"
    assert given.income.monthly.value == pytest.approx(3000)  # RUB 270,000 at 90 a euro


def test_without_known_monthly_costs_the_runway_is_unknown_not_infinite() -> None:
    plan = plan_for(WORK, money=RICH, offers=OFFER)  # no living costs in these test data
    assert plan.living is not None and plan.living.is_unknown
    assert plan.runway_months is None


def _savings_title(plan: Any) -> str:
    return str(next(s for s in plan.steps if s.id == "savings").title)


def test_a_savings_goal_with_fees_missing_never_says_it_pays_0_eur_of_fees() -> None:
    route = copy.deepcopy(STUDY)
    route["costs"] = [c for c in route["costs"] if c["id"] != "visa_fee"]
    title = _savings_title(plan_for(route, money=POOR))
    assert "0 EUR of fees" not in title
    assert title.startswith("Save until you hold at least") and "fees are not in the data" in title
    # A known fee with another part missing: what is known, as a floor.
    priced = _savings_title(plan_for(STUDY, money=POOR))
    assert "pay at least 75 EUR of fees" in priced


def test_the_locked_part_of_the_savings_is_never_more_than_the_balance() -> None:
    plan = plan_for(_with_living(STUDY), money=POOR)
    assert any(m.locked_eur > 0 for m in plan.cashflow)
    assert all(m.locked_eur <= max(m.balance_eur, 0) for m in plan.cashflow)
