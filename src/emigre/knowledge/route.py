"""A route: one legal pathway in one country, as data."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from emigre.knowledge.model import Fact, Family, RouteId, Sources, Strict, Text
from emigre.profile import CountryCode
from emigre.rules.conditions import All, Any_, Condition, Not, Points


class Risk(Strict):
    """A warning shown when its condition holds (e.g. activists expelled from a country)."""

    id: str
    when: Condition | None = None
    text: Text
    sources: Sources


class Outcomes(Strict):
    permit_months: Fact | None = None
    permanent_residence_months: Fact | None = None
    family_can_join: Fact | None = None
    work_allowed: Fact | None = None


class Route(Strict):
    id: RouteId
    country: CountryCode
    family: Family
    title: Text
    summary: Text | None = None
    legal_basis: str
    sources: Sources
    requires: Condition
    outcomes: Outcomes = Outcomes()
    risks: list[Risk] = []
    risk_level: Literal["low", "medium", "high"] = "medium"
    """How likely a well-prepared applicant is refused or loses the permit (ranking input)."""
    notes: list[Text] = []

    @model_validator(mode="after")
    def _unique_ids(self) -> Route:
        seen: set[str] = set()

        def walk(node: Condition) -> None:
            if node.id in seen:
                raise ValueError(f"condition id '{node.id}' is used twice in route {self.id}")
            seen.add(node.id)
            if isinstance(node, All | Any_):
                for child in node.of:
                    walk(child)
            elif isinstance(node, Not):
                walk(node.condition)
            elif isinstance(node, Points):
                for item in node.items:
                    walk(item.when)

        walk(self.requires)
        return self


def leaves(node: Condition) -> list[Condition]:
    if isinstance(node, All | Any_):
        return [leaf for child in node.of for leaf in leaves(child)]
    if isinstance(node, Not):
        return leaves(node.condition)
    return [node]


RouteList = list[Route]
__all__ = ["Route", "Risk", "Outcomes", "leaves", "Field"]
