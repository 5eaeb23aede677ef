"""Plans: steps on a calendar, money month by month, the earliest arrival, and the ranking."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from emigre.plan.rank import Budget, rank
from emigre.plan.schedule import Plan, PlanInputs, build_plan

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
    """Plans for the eligible and reachable routes, ranked for the person's goal and budget;
    keyed by route id, in the order of the ranking."""
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
    ranked = rank(plans, weights, prefs.goal, budget, eu, profile.education.highest_degree)
    return {p.route.id: p for p in ranked}
