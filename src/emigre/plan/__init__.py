"""Plans: steps on a calendar, money month by month, the earliest arrival, and the ranking."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from emigre.plan.rank import Budget, rank
from emigre.plan.schedule import Plan, PlanInputs, build_plan
from emigre.rules.conditions.external import External

if TYPE_CHECKING:
    from emigre.knowledge.parameters import ParameterStore
    from emigre.money import FxTable
    from emigre.profile import Profile
    from emigre.rules.evaluate import RouteResult

EU_MEMBERS = "eu.member_states"
"""The dated list of EU member states (the goal `settle_eu` puts their residence first)."""

__all__ = ["Plan", "PlanInputs", "build_plan", "make_plans", "rank"]


def make_plans(
    results: list[RouteResult],
    profile: Profile,
    on: date,
    params: ParameterStore,
    fx: FxTable,
    weights: dict[str, float],
) -> dict[str, Plan]:
    """Plans for the eligible and reachable routes, ranked for the person's goal and budget, and
    for the routes open only if others agree (`RouteResult.decided_by_others`; group
    "if_agreed", never ranked); keyed by route id, in the order of the ranking."""
    inputs = PlanInputs(profile, on, params, fx, profile.preferences.study_hours_per_week)
    plans = [build_plan(r, inputs) for r in results if r.verdict in ("eligible", "reachable")]
    prefs = profile.preferences
    budget = Budget()
    if prefs.max_cost is not None:
        cur = profile.money.currency if profile.money else "EUR"
        conv = fx.convert(prefs.max_cost, cur, "EUR", on)
        budget = Budget(conv.amount if conv else None)
    eu: list[str] = []
    if EU_MEMBERS in params:
        res = params.resolve(EU_MEMBERS, on)
        eu = list(res.value) if res.known and isinstance(res.value, list) else []
    # Routes open only if others agree: planned as if the decision went the person's way (the
    # steps they can take meanwhile), then shown with the route's own verdict, unknown.
    asking: list[Plan] = []
    kept: dict[int, RouteResult] = {}
    for r in results:
        awaited = [] if r.route.short_stay else r.decided_by_others()
        if awaited:
            plan = build_plan(r.if_agreed(), inputs)
            plan.awaiting = [n.condition.what for n in awaited if isinstance(n.condition, External)]
            kept[id(plan)] = r
            asking.append(plan)
    degree = profile.education.highest_degree
    free_in_eu = any(r.free_movement and r.route.country in eu for r in results)
    ranked = rank(
        plans, weights, prefs.goal, budget, eu, degree, if_agreed=asking, free_in_eu=free_in_eu
    )
    for p in asking:
        p.result = kept[id(p)]
    return {p.route.id: p for p in ranked}
