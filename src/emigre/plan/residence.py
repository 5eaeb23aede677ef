"""The way to permanent residence where it depends on a language level: of a route's ways
(months in the country with a level), the one that ends first, with the steps learning needs."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from emigre.codes import language_name
from emigre.i18n import Lazy, Msg, join, said
from emigre.language import at_least, rank
from emigre.plan.learning import language_steps
from emigre.plan.steps import Step, add_months

if TYPE_CHECKING:
    from emigre.knowledge.route import Route
    from emigre.plan.schedule import PlanInputs


def road_to_pr(
    route: Route, inp: PlanInputs, arrival: date, steps: list[Step]
) -> tuple[date, list[Step], Msg]:
    """Permanent residence where it depends on a language level: of the route's ways (months
    in the country with a level), the one that ends first, counting the time to learn the
    language from today beside everything else; with the steps that learning needs and a note."""
    known = dict(inp.profile.languages)
    best: tuple[date, int, list[Step], Msg] | None = None
    learn: list[Step]
    for way in route.outcomes.permanent_residence_language:
        after = add_months(arrival, way.months)
        planned = [
            s
            for s in steps
            if s.kind == "language"
            and s.language == way.language
            and at_least(s.to_level, way.level)
        ]
        if at_least(known.get(way.language), way.level):
            ready, learn = inp.on, []
        elif planned:
            ready, learn = max(s.end for s in planned), []
        else:
            learn = language_steps(way.language, way.level, way.exams, inp, inp.on)
            for s in learn:
                s.id = f"pr_{s.id}"
                s.depends_on = [f"pr_{d}" for d in s.depends_on]
                s.note = join(
                    " ", [Msg("for permanent residence, not for the move"), said(s, "note")]
                )
            ready = max(s.end for s in learn)
        when = max(after, ready)
        text = Msg(
            "permanent residence: after {m:g} months in the country with {lang} at {level}, "
            "about {when}",
            m=way.months,
            lang=Lazy(language_name, way.language),
            level=way.level,
            when=when.isoformat()[:7],
        )
        if best is None or (when, rank(way.level)) < best[:2]:
            best = (when, rank(way.level), learn, text)
    assert best is not None  # the caller checks that the route has ways
    return best[0], best[2], best[3]
