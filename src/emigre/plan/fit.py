"""How a route fits where the person stands, for the ranking (`plan/rank.py`).

Two routes can both be "reachable" and still be worlds apart for one person. The ranking sets
two kinds aside, as a consultant would:

* **A first remote job.** A route that needs income from remote work for an employer or clients
  abroad (a digital-nomad permit) when the person lists no remote work at all: "find a remote
  job paying the threshold" comes first, a new kind of work whose length no source measures for
  them. It is at best a far-off route, and it ranks after every route that does not need it,
  whatever the goal (`Step.first_remote_job`, set by the job-search step).
* **Study towards a level the person already holds.** Under the goals `settle_eu` and `work`, a
  study route that leads to a qualification at or below the person's highest one (a first
  degree for someone with a master's, vocational training for someone with a vocational
  diploma) ranks after the routes that need no new study: they use what the person has. Under
  the goal `study` the person asked for study, and under `leave_soon` for the earliest way out:
  neither is changed.

The level a study route leads to is the route's `leads_to` where the file says; else a first
degree (a bachelor's) when the route admits on a school-leaving certificate (a `school_access`
condition: the plan is first-cycle study); else a master's, the highest level the study routes
in the data lead to (none is doctoral; a doctoral route would say `leads_to: doctorate`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from emigre.i18n import Msg
from emigre.profile_values import DEGREE_RANK
from emigre.rules.conditions import walk

if TYPE_CHECKING:
    from emigre.knowledge.route import Route
    from emigre.plan.schedule import Plan

#: The goals under which study towards a level the person holds goes after other routes.
STAGE_GOALS = ("settle_eu", "work")

_LEADS_TO = {
    "vocational": Msg(
        "study towards a vocational qualification, and you already hold one or a degree: "
        "after routes that need no new study"
    ),
    "bachelor": Msg(
        "study towards a bachelor's degree, and you already hold one or higher: "
        "after routes that need no new study"
    ),
    "master": Msg(
        "study towards a master's degree at most, and you already hold one or higher: "
        "after routes that need no new study"
    ),
    "doctorate": Msg(
        "study towards a doctorate, and you already hold one: after routes that need no new study"
    ),
}


def study_level(route: Route) -> str | None:
    """The highest qualification a study route leads to (None for other families).

    >>> from emigre.knowledge.loader import knowledge_base
    >>> routes = {r.id: r for r in knowledge_base().routes}
    >>> [study_level(routes[r]) for r in ("de.study", "se.study", "de.vocational_training")]
    ['bachelor', 'master', 'vocational']
    >>> [study_level(routes[r]) for r in ("uk.student", "ch.study", "pt.study")]
    ['bachelor', 'bachelor', 'master']
    >>> study_level(routes["de.blue_card"]) is None
    True
    """
    if route.family != "study":
        return None
    if route.leads_to is not None:
        return route.leads_to
    if any(node.type == "school_access" for node in walk(route.requires)):
        return "bachelor"
    return "master"


def repeats_a_level(plan: Plan, degree: str | None, goal: str) -> str | None:
    """The level a study route leads to when the person already holds it or a higher one and
    the goal is to settle or to work; None otherwise (also when the person's degree is not
    given: an unknown degree is not a degree held)."""
    if goal not in STAGE_GOALS or degree is None:
        return None
    level = study_level(plan.route)
    if level is None or DEGREE_RANK[degree] < DEGREE_RANK[level]:
        return None
    return level


def needs_first_remote_job(plan: Plan) -> bool:
    """The plan has to find remote work for someone who lists none (see the module)."""
    return any(s.first_remote_job for s in plan.steps)


def far_line() -> Msg:
    return Msg(
        "needs income from remote work for an employer or clients abroad, and you list none: "
        "a remote job comes first, and how long finding one takes is not known; "
        "after routes that fit you"
    )


def stage_line(level: str) -> Msg:
    return _LEADS_TO[level]
