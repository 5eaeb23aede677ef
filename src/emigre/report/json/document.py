"""The whole document of `emigre plan --format json` and `emigre routes --format json`: every
route in the order of the ranking, each with its plan, and the currency the amounts are shown in."""

from __future__ import annotations

from typing import Any

from emigre.figure import Figure
from emigre.files import finite
from emigre.knowledge.route import Route
from emigre.plan.rank import risk_line, stay_line
from emigre.plan.schedule import Plan
from emigre.report.actions import next_action
from emigre.report.json.amounts import Money
from emigre.report.json.plans import mark_chosen, plan_fields
from emigre.report.json.routes import route_result
from emigre.rules.evaluate import VERDICT_ORDER, RouteResult


def short_stay(route: Route, living: Figure | None, money: Money) -> dict[str, Any]:
    """What a place to wait offers: days allowed, whether one may work, living costs a month."""
    work = route.outcomes.work_allowed
    return {
        "days_allowed": route.days_allowed(),
        "work_allowed": work.value if work is not None and isinstance(work.value, bool) else None,
        "living_costs_month": money.figure(living) if living is not None else None,
    }


IF_AGREED = "if_agreed"
"""The group of the routes open only if others agree (`RouteResult.decided_by_others`)."""


def plan_document(
    results: list[RouteResult],
    plans: dict[str, Plan] | None = None,
    money: Money | None = None,
    cashflow: bool = True,
    living: dict[str, Figure] | None = None,
    goal: str = "settle_eu",
    strict: bool = True,
) -> dict[str, Any]:
    """Every route, in the order of the ranking: ranked residence routes, the residence routes
    open only if others agree (`group` "if_agreed", never a rank), the other residence routes by
    verdict, then the short-stay group (first for the goal `leave_soon`).

    `strict` replaces non-finite floats by None here; a caller that writes the document with
    `files.strict_json` (which does the same only when needed) passes False and saves a walk
    over the whole document."""
    on = results[0].on.isoformat() if results else None
    routes = []
    place = {rid: i for i, rid in enumerate(plans or {})}
    for r in results:
        doc = route_result(r)
        doc["group"] = "short_stay" if r.route.short_stay else "residence"
        doc["risk_line"] = risk_line(r)
        plan = plans.get(r.route.id) if plans else None
        if plan is not None and money is not None:
            doc.update(plan_fields(plan, money, cashflow))
            mark_chosen(doc, plan)
        elif plans is not None:
            doc.update(
                rank=None, arrival=None, steps=[], cost=None, months_to_permanent_residence=None
            )
        if r.route.short_stay and money is not None:
            doc["short_stay"] = short_stay(r.route, (living or {}).get(r.route.id), money)
            if r.verdict != "blocked" and not doc.get("why"):
                doc["why"] = str(stay_line(r))
        routes.append(doc)
    first = "short_stay" if goal == "leave_soon" else "residence"
    # The routes open only if others agree follow the residence routes that have a plan.
    tier = {first: 0, IF_AGREED: 0 if first == "residence" else 1}
    routes.sort(
        key=lambda d: (
            tier.get(d["group"], 1),
            d["id"] not in place,
            place.get(d["id"], 0),
            VERDICT_ORDER[d["verdict"]],
            d["id"],
        )
    )
    for doc in routes:
        doc["next_action"] = next_action(doc)
    out: dict[str, Any] = {"on": on, "routes": routes}
    if plans is not None:
        out["goal"] = goal
    if money is not None:
        out["currency"] = money.describe()
    return finite(out) if strict else out
