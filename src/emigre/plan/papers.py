"""Collecting the papers a route's checklist names, as a step before they are filed.

How long the papers take comes from the dated times of the country that issues them
(`<cc>.criminal_record.days`, `<cc>.apostille.days`); a paper the person already holds (a
passport, a diploma) takes no time here unless it needs an apostille (`<cc>.degree.apostille_days`
for the country that issued the diploma), and one whose time is not in the data makes the
step's length unknown. The step ends on the day the papers are filed, so that a certificate with a
short validity (a criminal record: often three months) is fresh; what the papers cost is the
step's cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from emigre.figure import ZERO, Figure
from emigre.i18n import Msg, Plural, Said, join
from emigre.plan.steps import Step

if TYPE_CHECKING:
    from emigre.knowledge.model import Source
    from emigre.knowledge.route import DocumentSpec, Route
    from emigre.plan.schedule import PlanInputs

#: Papers issued by the person's country of citizenship that take time to obtain.
_ISSUED_AT_HOME = ("criminal_record",)
#: Papers the person already holds that may need an apostille from the country that issued
#: them (its education authority): the apostille takes `<cc>.<kind>.apostille_days`, and where
#: that is not in the data the papers' time is unknown (never no time at all).
_HELD_WITH_APOSTILLE = {
    "degree": Msg("the apostille on the diploma"),
    "school_certificate": Msg("the apostille on the school certificate"),
}


@dataclass
class Papers:
    """How long collecting the papers takes (None: a time is not in the data) and why."""

    days: float | None
    count: int
    sources: list[Source]
    missing: list[Said]
    at_least: float = 0.0
    """The longest time the data does give: with `days` None, the papers take at least this."""


def papers_to_collect(route: Route, inp: PlanInputs) -> list[DocumentSpec]:
    """The papers of the route's checklist the person has to collect: a diploma is left out for
    a person whose profile says they hold no degree (there is nothing to apostille or translate;
    the route's conditions say whether its requirement can be met another way)."""
    specs = [r.document for r in route.documents() if r.document is not None]
    if inp.profile.education.highest_degree == "none":
        specs = [s for s in specs if s.kind != "degree"]
    return specs


def papers(route: Route, inp: PlanInputs) -> Papers | None:
    """The time the route's papers take; None when its checklist names no paper."""
    specs = papers_to_collect(route, inp)
    if not specs:
        return None
    home = inp.profile.person.home_citizenship.lower()
    longest = 0.0
    sources: list[Source] = []
    missing: list[Said] = []

    def days(name: str, what: Said) -> float | None:
        if name not in inp.params:
            missing.append(what)
            return None
        res = inp.params.resolve(name, inp.on)
        if not res.known:
            missing.append(what)
            return None
        sources.extend(res.sources)
        return float(res.value)

    education = inp.profile.education
    issued_by = {
        "degree": education.degree_country,
        "school_certificate": education.school_certificate,
    }
    for spec in specs:
        total = 0.0
        if spec.kind in _HELD_WITH_APOSTILLE and spec.apostille:
            where = (issued_by.get(spec.kind) or home).lower()
            took = days(f"{where}.{spec.kind}.apostille_days", _HELD_WITH_APOSTILLE[spec.kind])
            longest = max(longest, took or 0.0)
            continue
        if spec.kind in _ISSUED_AT_HOME:
            both = f"{home}.{spec.kind}.days_with_apostille"
            if spec.apostille and both in inp.params:  # one service issues both (Kazakhstan)
                total += days(both, Msg("issuing the criminal-record certificate")) or 0.0
                longest = max(longest, total)
                continue
            issue = days(f"{home}.{spec.kind}.days", Msg("issuing the criminal-record certificate"))
            total += issue or 0.0
            if spec.apostille:
                total += days(f"{home}.apostille.days", Msg("the apostille")) or 0.0
        longest = max(longest, total)
    return Papers(None if missing else longest, len(specs), sources, missing, longest)


def papers_step(found: Papers, filed: date, cost: Figure, inp: PlanInputs) -> Step:
    """The step that collects the papers, ending on the day they are filed."""
    length = timedelta(days=found.days if found.days is not None else found.at_least)
    start = max(inp.on, filed - length)
    why = None
    if found.missing:
        why = Msg(
            "how long {what} takes is not in the data",
            what=join(", ", dict.fromkeys(found.missing)),
        )
    return Step(
        id="papers",
        kind="document",
        title=Plural(
            "Collect {n} paper for the application (see the document checklist)",
            "Collect {n} papers for the application: certificates, apostilles, translations "
            "(see the document checklist)",
            found.count,
        ),
        start=start,
        end=max(filed, start),
        cost=cost or ZERO,
        known=found.days is not None,
        why=why,
        sources=found.sources,
    )
