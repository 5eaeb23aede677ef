"""What the pages and the API compute: the documents of `emigre plan` and `emigre explain`
(the JSON contract of `emigre.report.json`), so that the web shows exactly what the CLI says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from emigre.errors import InputError
from emigre.i18n import set_language
from emigre.profile import Profile, parse_profile

if TYPE_CHECKING:
    from emigre.knowledge.loader import KnowledgeBase


def kb(data: Path | None = None) -> KnowledgeBase:
    from emigre.knowledge.loader import knowledge_base

    return knowledge_base(data)


def _money(k: KnowledgeBase, person: Profile, on: date) -> Any:
    from emigre.report.json import Money

    return Money(k.fx, person.money.currency if person.money else "EUR", on)


def plan_document(
    person: Profile,
    on: date,
    lang: str = "en",
    weights: str | None = None,
    data: Path | None = None,
) -> dict[str, Any]:
    """Exactly what `emigre plan PROFILE --on ON --format json --lang LANG` prints."""
    from emigre.plan import make_plans
    from emigre.plan.rank import parse_weights
    from emigre.report.json import plan_document as document
    from emigre.rules.evaluate import assess

    set_language(lang)
    w = parse_weights(weights)
    k = kb(data)
    results = assess(person, on, k.routes, k.params, k.fx)
    plans = make_plans(results, person, on, k.params, k.fx, w)
    doc = document(results, plans, _money(k, person, on))
    doc["on"] = on.isoformat()
    return doc


def route_document(
    person: Profile, route_id: str, on: date, lang: str = "en", data: Path | None = None
) -> dict[str, Any]:
    """What `emigre explain ROUTE PROFILE --on ON --format json` prints, plus `currency` (the
    exchange rate the amounts use)."""
    from emigre.plan import PlanInputs, build_plan
    from emigre.report.json import plan_fields, route_result
    from emigre.rules.conditions import Context
    from emigre.rules.evaluate import evaluate_route

    set_language(lang)
    k = kb(data)
    res = evaluate_route(k.route(route_id), Context(person, on, "", k.params, k.fx))
    doc: dict[str, Any] = {"on": on.isoformat(), **route_result(res)}
    if res.verdict in ("eligible", "reachable"):
        inputs = PlanInputs(person, on, k.params, k.fx, person.preferences.study_hours_per_week)
        doc.update(plan_fields(build_plan(res, inputs), _money(k, person, on), set()))
        doc.pop("rank", None)
        doc.pop("pareto", None)
    doc["currency"] = _money(k, person, on).describe()
    return doc


def route_exists(route_id: str, data: Path | None = None) -> bool:
    return any(r.id == route_id for r in kb(data).routes)


@dataclass
class WhatIf:
    hours_per_week: float | None = None
    monthly_savings: float | None = None
    offer_country: str | None = None
    offer_salary: float | None = None
    offer_currency: str = "EUR"

    @property
    def empty(self) -> bool:
        return (
            self.hours_per_week is None
            and self.monthly_savings is None
            and not (self.offer_country and self.offer_salary is not None)
        )


def apply_what_if(person: Profile, what: WhatIf) -> Profile:
    """The profile with the what-if values applied (as `emigre plan --hours-per-week …` does)."""
    data = person.model_dump()
    if what.hours_per_week is not None:
        data["preferences"]["study_hours_per_week"] = what.hours_per_week
    if what.monthly_savings is not None:
        if data.get("money") is None:
            raise InputError("monthly_savings: the profile has no money section with a currency")
        data["money"]["monthly_savings"] = what.monthly_savings
    if what.offer_country and what.offer_salary is not None:
        data["offers"].append(
            {
                "country": what.offer_country,
                "gross_annual_salary": what.offer_salary,
                "currency": what.offer_currency or "EUR",
            }
        )
    return parse_profile(data, "what-if")
