"""The road to permanent residence: where it needs a language level, the plan learns it beside
the move and takes the way that ends first."""

from __future__ import annotations

import copy
from typing import Any

from emigre.plan.steps import add_months, months_between
from tests.test_plan import ON, RICH, SRC, WORK, plan_for

OFFER = [{"country": "DE", "gross_annual_salary": 60000}]


def _route() -> dict[str, Any]:
    route = copy.deepcopy(WORK)
    route["outcomes"]["permanent_residence_language"] = [
        {"language": "cs", "level": "B1", "months": 21, "legal_basis": "t", "sources": SRC},
        {"language": "cs", "level": "A1", "months": 27, "legal_basis": "t", "sources": SRC},
    ]
    return route


def test_the_language_for_permanent_residence_is_a_step_with_its_hours_not_a_prerequisite() -> None:
    plan = plan_for(_route(), money=RICH, offers=OFFER, preferences={"study_hours_per_week": 10})
    plain = plan_for(WORK, money=RICH, offers=OFFER, preferences={"study_hours_per_week": 10})
    assert plan.arrival == plain.arrival  # learning for later never delays the move
    assert not any(s.kind == "language" for s in plan.steps)
    learn = next(s for s in plan.pr_steps if s.kind == "language")
    assert learn.language == "cs" and learn.start == ON and learn.hours and learn.hours > 0
    assert plan.arrival is not None and plan.months_to_pr is not None
    b1 = max(add_months(plan.arrival, 21), max(s.end for s in plan.pr_steps))
    a1 = add_months(plan.arrival, 27)
    expected = round(months_between(ON, min(b1, a1)), 1)
    assert plan.months_to_pr == expected
    assert any("permanent residence" in n for n in plan.notes)


def test_a_person_who_has_the_level_needs_no_step_and_gets_the_short_way() -> None:
    plan = plan_for(
        _route(), money=RICH, offers=OFFER, languages={"ru": "native", "en": "C1", "cs": "B1"}
    )
    assert plan.pr_steps == [] and plan.arrival is not None
    assert plan.months_to_pr == round(months_between(ON, add_months(plan.arrival, 21)), 1)


def test_slow_learning_takes_the_longer_stay_with_the_lower_level() -> None:
    slow = plan_for(_route(), money=RICH, offers=OFFER, preferences={"study_hours_per_week": 1})
    assert slow.arrival is not None and slow.months_to_pr is not None
    # At an hour a week B1 takes years: 27 months with A1 comes first.
    a1 = add_months(slow.arrival, 27)
    assert slow.pr_steps and all(s.to_level in (None, "A1") for s in slow.pr_steps)
    assert slow.months_to_pr >= round(months_between(ON, a1), 1)


def test_permanent_residence_past_the_planning_horizon_has_no_date() -> None:
    """A route whose own rule (years in the country after arrival) ends past the horizon shows
    "not within N years", never a date or a month count beyond it; inside it, the months stay."""
    from emigre.plan.horizon import horizon
    from emigre.plan.rank import rank
    from emigre.report.json.amounts import Money
    from emigre.report.json.plans import plan_fields
    from tests.test_plan import FX

    years = horizon().years
    far = copy.deepcopy(WORK)
    far["outcomes"]["permanent_residence_months"] = {"value": years * 12, "sources": SRC}
    plan = plan_for(far, money=RICH, offers=OFFER)
    assert plan.arrival is not None and plan.months_to_pr is None and plan.pr_beyond
    assert any(f"not within {years} years" in n for n in plan.notes)
    doc = plan_fields(plan, Money(FX, "EUR", ON))
    assert doc["permanent_residence_not_within_years"] == years
    assert doc["months_to_permanent_residence"] is None
    near = copy.deepcopy(WORK)
    near["outcomes"]["permanent_residence_months"] = {"value": 60, "sources": SRC}
    soon = plan_for(near, money=RICH, offers=OFFER)
    assert soon.months_to_pr is not None and not soon.pr_beyond
    # Ranked by time to permanent residence, the far one never comes first.
    near["id"], far["id"] = "xx.near", "xx.far"
    plans = [plan_for(far, money=RICH, offers=OFFER), plan_for(near, money=RICH, offers=OFFER)]
    rank(plans, {"time": 1.0, "cost": 1.0, "pr": 1.0, "risk": 1.0}, goal="settle_eu", eu=["DE"])
    by_id = {p.route.id: p for p in plans}
    assert by_id["xx.near"].rank == 1 and by_id["xx.far"].rank == 2
    assert any(f"not within {years} years" in a for a in by_id["xx.far"].ranked_as)


def test_the_terminal_says_permanent_residence_is_beyond_the_horizon() -> None:
    from rich.console import Console

    from emigre.plan.horizon import horizon
    from emigre.report.json.amounts import Money
    from emigre.report.terminal import timeline
    from tests.test_plan import FX

    years = horizon().years
    far = copy.deepcopy(WORK)
    far["outcomes"]["permanent_residence_months"] = {"value": years * 12, "sources": SRC}
    console = Console(record=True, width=120)
    timeline(plan_for(far, money=RICH, offers=OFFER), Money(FX, "EUR", ON), console)
    out = console.export_text()
    assert f"Permanent residence: not within {years} years." in out
    assert "Permanent residence possible about" not in out
