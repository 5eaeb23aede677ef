"""What `emigre plan` and `emigre explain` compute, in one place for every front end (the
command line and the web app), so that both always say the same thing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from emigre.errors import InputError
from emigre.profile import Profile
from emigre.profile_reading import parse_profile

if TYPE_CHECKING:
    from emigre.figure import Figure
    from emigre.knowledge.loader import KnowledgeBase
    from emigre.knowledge.situation import WarningResult
    from emigre.plan import Plan
    from emigre.report.json.amounts import Money
    from emigre.rules.evaluate import RouteResult


def money_for(kb: KnowledgeBase, person: Profile, on: date) -> Money:
    """Amounts in EUR and the person's currency, at the rate of the plan date."""
    from emigre.report.json.amounts import Money

    return Money(kb.fx, person.money.currency if person.money else "EUR", on)


@dataclass
class PlanRun:
    results: list[RouteResult]
    plans: dict[str, Plan]
    money: Money
    living: dict[str, Figure] = field(default_factory=dict)
    """Monthly living costs in the short-stay countries (places to wait while applying)."""
    goal: str = "settle_eu"
    warnings: list[WarningResult] = field(default_factory=list)
    """Warnings about the person's wider situation (shown before every route)."""

    def document(self, on: date, cashflow: bool = False, strict: bool = True) -> dict[str, Any]:
        """The JSON contract of `emigre plan --format json`. The month-by-month cash flow of each
        plan (most of the document's size) only when asked for; `explain` always has it.
        `strict=False`: non-finite floats are left for `files.strict_json` to replace."""
        from emigre.report.json.document import plan_document
        from emigre.report.json.situation import situation_warning

        doc = plan_document(
            self.results, self.plans, self.money, cashflow, self.living, self.goal, strict
        )
        doc["on"] = on.isoformat()
        return {"warnings": [situation_warning(w) for w in self.warnings], **doc}


def run_plan(person: Profile, on: date, kb: KnowledgeBase, weights: dict[str, float]) -> PlanRun:
    """Every route's verdict, and plans for the open ones, ranked."""
    from emigre.knowledge.situation import situation_warnings
    from emigre.plan import make_plans
    from emigre.plan.costs import living_costs
    from emigre.rules.evaluate import assess

    # Free movement concerns only the citizens who have it: to anyone else it is no route at
    # all, not one of thirty closed ones (`emigre explain` still answers for it).
    results = [
        r
        for r in assess(person, on, kb.routes, kb.params, kb.fx)
        if not (r.route.family == "free_movement" and r.verdict == "blocked")
    ]
    plans = make_plans(results, person, on, kb.params, kb.fx, weights)
    living = {
        r.route.id: living_costs(r.route.country, "worker", kb.params, kb.fx, on)
        for r in results
        if r.route.short_stay and r.verdict != "blocked"
    }
    goal = person.preferences.goal
    warnings = situation_warnings(kb.warnings, person, on, kb.params, kb.fx)
    return PlanRun(results, plans, money_for(kb, person, on), living, goal, warnings)


@dataclass
class RouteRun:
    result: RouteResult
    plan: Plan | None
    money: Money

    def document(self, on: date) -> dict[str, Any]:
        """The JSON contract of `emigre explain --format json`."""
        from emigre.files import finite
        from emigre.plan.rank import risk_line
        from emigre.report.actions import next_action
        from emigre.report.json.plans import mark_chosen, plan_fields
        from emigre.report.json.routes import route_result

        doc: dict[str, Any] = {"on": on.isoformat(), **route_result(self.result)}
        doc["risk_line"] = risk_line(self.result)
        if self.plan is not None:
            doc.update(plan_fields(self.plan, self.money))
            mark_chosen(doc, self.plan)
            doc.pop("rank", None)
            doc.pop("pareto", None)
        doc["next_action"] = next_action(doc)
        return finite(doc)


def run_route(person: Profile, route_id: str, on: date, kb: KnowledgeBase) -> RouteRun:
    """One route's conditions and, if it is open to the person, its plan."""
    from emigre.plan import PlanInputs, build_plan
    from emigre.rules.conditions import Context
    from emigre.rules.evaluate import evaluate_route

    res = evaluate_route(kb.route(route_id), Context(person, on, "", kb.params, kb.fx))
    plan = None
    if res.verdict in ("eligible", "reachable"):
        inputs = PlanInputs(person, on, kb.params, kb.fx, person.preferences.study_hours_per_week)
        plan = build_plan(res, inputs)
    return RouteRun(res, plan, money_for(kb, person, on))


def apply_what_if(
    person: Profile,
    hours_per_week: float | None = None,
    monthly_savings: float | None = None,
    offers: list[dict[str, Any]] | None = None,
    origin: str = "what-if options",
    admissions: list[dict[str, Any]] | None = None,
    licences: list[dict[str, Any]] | None = None,
) -> Profile:
    """The profile with what-if values applied (offers, admission letters and licences to
    practise added); the saved profile is never changed."""
    data = person.model_dump()
    if hours_per_week is not None:
        data["preferences"]["study_hours_per_week"] = hours_per_week
    if monthly_savings is not None:
        if data.get("money") is None:
            raise InputError("monthly savings: the profile has no [money] section with a currency")
        data["money"]["monthly_savings"] = monthly_savings
    data["offers"].extend(offers or [])
    data["admissions"].extend(admissions or [])
    data["licences"].extend(licences or [])
    return parse_profile(data, origin)


def with_goal(person: Profile, goal: str) -> Profile:
    """The profile with another goal for this run (`--goal`); the saved profile is unchanged."""
    prefs = person.preferences.model_copy(update={"goal": goal})
    return person.model_copy(update={"preferences": prefs})


def knowledge(data: Path | None = None) -> KnowledgeBase:
    """The knowledge base (the packaged one, or the folder given with `--data`)."""
    from emigre.knowledge.loader import knowledge_base

    return knowledge_base(data)


def route_exists(route_id: str, data: Path | None = None) -> bool:
    return any(r.id == route_id for r in knowledge(data).routes)


def admission_kind(route_id: str, data: Path | None = None) -> str | None:
    """What admits a person on the route (its first `admission` condition's kind), or None."""
    from emigre.rules.conditions import Admission, walk

    route = next((r for r in knowledge(data).routes if r.id == route_id), None)
    found = [c for c in walk(route.requires) if isinstance(c, Admission)] if route else []
    return found[0].kind if found else None


def plan_document(
    person: Profile,
    on: date,
    weights: str | None = None,
    data: Path | None = None,
    cashflow: bool = False,
    strict: bool = True,
) -> dict[str, Any]:
    """Exactly what `emigre plan PROFILE --on ON --format json [--cashflow]` prints, in the
    current language (`strict`: see `PlanRun.document`)."""
    from emigre.plan.rank import parse_weights

    run = run_plan(person, on, knowledge(data), parse_weights(weights))
    return run.document(on, cashflow, strict)


def route_document(
    person: Profile, route_id: str, on: date, data: Path | None = None
) -> dict[str, Any]:
    """What `emigre explain ROUTE PROFILE --on ON --format json` prints, plus `currency` (the
    exchange rate the amounts use)."""
    run = run_route(person, route_id, on, knowledge(data))
    return {**run.document(on), "currency": run.money.describe()}


def offer(country: str, gross_annual_salary: float, currency: str = "EUR") -> dict[str, Any]:
    """A what-if job offer, in the structure of the profile's `[[offers]]`."""
    return {
        "country": country.upper(),
        "gross_annual_salary": gross_annual_salary,
        "currency": (currency or "EUR").upper(),
    }
