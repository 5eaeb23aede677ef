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
