"""What the pages and the API compute: the documents of `emigre plan` and `emigre explain`
(the JSON contract of `emigre.report.json`), so that the web shows exactly what the CLI says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from emigre.i18n import set_language
from emigre.profile import Profile

if TYPE_CHECKING:
    from emigre.knowledge.loader import KnowledgeBase


def kb(data: Path | None = None) -> KnowledgeBase:
    from emigre.knowledge.loader import knowledge_base

    return knowledge_base(data)


def plan_document(
    person: Profile,
    on: date,
    lang: str = "en",
    weights: str | None = None,
    data: Path | None = None,
) -> dict[str, Any]:
    """Exactly what `emigre plan PROFILE --on ON --format json --lang LANG` prints."""
    from emigre.documents import run_plan
    from emigre.plan.rank import parse_weights

    set_language(lang)
    return run_plan(person, on, kb(data), parse_weights(weights)).document(on)


def route_document(
    person: Profile, route_id: str, on: date, lang: str = "en", data: Path | None = None
) -> dict[str, Any]:
    """What `emigre explain ROUTE PROFILE --on ON --format json` prints, plus `currency` (the
    exchange rate the amounts use)."""
    from emigre.documents import run_route

    set_language(lang)
    run = run_route(person, route_id, on, kb(data))
    return {**run.document(on), "currency": run.money.describe()}


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
    from emigre.documents import apply_what_if as apply

    offers = []
    if what.offer_country and what.offer_salary is not None:
        offers.append(
            {
                "country": what.offer_country,
                "gross_annual_salary": what.offer_salary,
                "currency": what.offer_currency or "EUR",
            }
        )
    return apply(person, what.hours_per_week, what.monthly_savings, offers, "what-if")
