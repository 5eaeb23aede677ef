"""A route: one legal pathway in one country, as data."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from emigre.knowledge.model import Fact, Family, ParamName, RouteId, Source, Sources, Strict, Text
from emigre.profile import CountryCode
from emigre.rules.conditions import Condition, walk


class Risk(Strict):
    """A warning shown when its condition holds (e.g. activists expelled from a country)."""

    id: str
    when: Condition | None = None
    text: Text
    sources: Sources


class Cost(Strict):
    """Money a route asks for. `shown` money (a blocked account, proof of funds) stays the
    person's but must be held before the visa; `one_off` is paid once at `stage`; `recurring`
    is paid from arrival on, per the parameter's period."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    kind: Literal["one_off", "recurring", "shown"]
    amount: ParamName
    months: float = 1
    """Multiplier for a monthly amount paid or shown at once (e.g. 12 months of a blocked account)."""
    stage: Literal["application", "departure", "arrival"] = "departure"
    label: Text | None = None


MonthDay = Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]


class Intake(Strict):
    """A yearly start date (MM-DD) and the application deadline before it."""

    start: MonthDay
    apply_by: MonthDay
    label: Text | None = None


class Timeline(Strict):
    """How long the route's own steps take; every figure sourced."""

    processing_weeks: Fact | None = None
    job_search_months: Fact | None = None
    recognition_weeks: Fact | None = None
    preparatory_months: Fact | None = None
    intakes: list[Intake] = []
    intake_sources: list[Source] = []


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
    costs: list[Cost] = []
    timeline: Timeline = Timeline()
    risks: list[Risk] = []
    risk_level: Literal["low", "medium", "high"] = "medium"
    """How likely a well-prepared applicant is refused or loses the permit (ranking input)."""
    notes: list[Text] = []

    @model_validator(mode="after")
    def _unique_ids(self) -> Route:
        seen: set[str] = set()
        for node in walk(self.requires):
            if node.id in seen:
                raise ValueError(f"condition id '{node.id}' is used twice in route {self.id}")
            seen.add(node.id)
        costs = [c.id for c in self.costs]
        if len(costs) != len(set(costs)):
            raise ValueError(f"cost ids must be unique in route {self.id}")
        if self.timeline.intakes and not self.timeline.intake_sources:
            raise ValueError("timeline.intake_sources: intakes need a source")
        return self
