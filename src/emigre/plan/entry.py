"""A passport that lets its holder enter the route's country without a visa for a long stay and
apply for the permit there: read by the filing (no consulate, travel first) and by the costs (no
visa fee), so that the two always agree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from emigre.base import Source
    from emigre.knowledge.route import Route
    from emigre.plan.schedule import PlanInputs


@dataclass(frozen=True)
class EnterToApply:
    """A passport that lets its holder enter the route's country without a visa for a long stay
    and apply for the permit there (Germany's §41 AufenthV for citizens of Israel, the United
    States, Japan...): `<cc>.apply_in_country.nationalities`, with the days allowed to file in
    `<cc>.apply_in_country.days`. Not for study routes, planned on an admission and an intake."""

    citizenships: list[str]
    days: float | None
    sources: list[Source]

    @staticmethod
    def of(route: Route, inp: PlanInputs) -> EnterToApply | None:
        if route.family == "study":
            return None
        name = f"{route.country.lower()}.apply_in_country.nationalities"
        if name not in inp.params:
            return None
        listed = inp.params.resolve(name, inp.on)
        held = [c for c in inp.profile.person.citizenship if listed.known and c in listed.value]
        if not held:
            return None
        days_name = f"{route.country.lower()}.apply_in_country.days"
        days = inp.params.resolve(days_name, inp.on) if days_name in inp.params else None
        known = days is not None and days.known
        return EnterToApply(
            held,
            float(days.value) if days is not None and known else None,
            [*listed.sources, *(days.sources if days is not None and known else [])],
        )
