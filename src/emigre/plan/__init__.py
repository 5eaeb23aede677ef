"""Plans: steps on a calendar, money month by month, the earliest arrival, and the ranking."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from emigre.plan.rank import rank
from emigre.plan.schedule import Plan, PlanInputs, build_plan

if TYPE_CHECKING:
    from emigre.knowledge.parameters import ParameterStore
    from emigre.money import FxTable
    from emigre.profile import Profile
    from emigre.rules.evaluate import RouteResult

__all__ = ["Plan", "PlanInputs", "build_plan", "make_plans", "rank"]


def make_plans(
    results: list[RouteResult],
    profile: Profile,
    on: date,
    params: ParameterStore,
    fx: FxTable,
    weights: dict[str, float],
) -> dict[str, Plan]:
    """Plans for the eligible and reachable routes, ranked; keyed by route id."""
    inputs = PlanInputs(profile, on, params, fx, profile.preferences.study_hours_per_week)
    plans = [build_plan(r, inputs) for r in results if r.verdict in ("eligible", "reachable")]
    return {p.route.id: p for p in rank(plans, weights)}
