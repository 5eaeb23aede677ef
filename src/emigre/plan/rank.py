"""Ranking plans for the person: what the route gives, the person's goal, risks that apply to
them, and what we do not know.

Short stays (visa-free days) are places to wait while applying, not a home: they form their own
group and never enter the residence ranking or its Pareto front. Among residence routes the order
is, from the strongest rule down:

0. a route the person does not need (a citizen of an EU member state, in the EU: free movement)
   goes below every route they would need; free movement itself (a `free_movement` route, open
   to the person) is first in the goal's tier for every goal;
1. a risk that applies to the person (level medium or high; a risk for everyone, without a
   `when`, only on a route that still needs steps, not on one open to the person today) puts
   a route below every route without one;
2. a route over the person's `max_cost` goes below those within it;
3. a route that needs a first remote job (income from remote work for someone who lists none)
   goes below the routes that fit the person (`emigre.plan.fit`);
4. the goal: `study` puts study routes first, `work` work routes, `settle_eu` residence in an EU
   member state that may lead to permanent residence (a permit known not to lead there by itself,
   such as a language-course visa that cannot be renewed, is a stay that ends and comes after;
   then by the time to permanent residence), `leave_soon` by the earliest departure;
5. under `settle_eu` and `work`, study towards a level the person already holds goes below the
   routes that need no new study (`emigre.plan.fit`);
6. the verdict (eligible before reachable);
7. a figure we cannot even bound ranks after the routes whose figures we know;
8. the goal's own measure, then the Pareto front over (months to arrival, cost to arrival,
   months to permanent residence, risk), then a weighted order (`--weights time=2,cost=1`);
9. where all of that is equal, the plan with fewer figures not in the data (assumed figures,
   then steps whose length or cost is unknown) comes first: an unknown that happened to count
   as much as a known figure does not put its plan ahead of one that is known.

Unknown is never zero: an estimated cost or duration counts at its pessimistic end; an unknown cost
counts as the dearest known one, an unknown duration as the longest known step of its kind (an
unpublished consulate wait as the longest wait the routes know for any consulate) -- except a step
nothing in the data bounds for this person (`Step.unbounded`: a job search in a market no figure
covers), which borrows no other route's figure and puts its route after the routes of the same
verdict whose timing is known -- and an unknown time to permanent residence as a year more than
the slowest known. The plan says so (`ranked_as`) and each ranked plan carries one line on why
it stands where it does (`why`).

Routes whose verdict is unknown only because of an `external` condition (a selection, a decision,
a list the tool cannot see: `RouteResult.decided_by_others`) are planned as if it went the
person's way and ordered by the same rules in a group of their own, `if_agreed`: never a rank,
never "eligible", after the ranked routes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from emigre.codes import as_citizen_of, country_in_sentence, country_names_of
from emigre.errors import InputError
from emigre.i18n import Lazy, Msg, Plural, Said, join, pick, shortened
from emigre.plan.fit import far_line, needs_first_remote_job, repeats_a_level, stage_line
from emigre.plan.measures import (
    LONGEST_KNOWN,
    PADDED,
    Measure,
    measures,
    pareto_front,
    unknown_length,
)
from emigre.rules.evaluate import VERDICT_ORDER

if TYPE_CHECKING:
    from emigre.figure import Figure
    from emigre.plan.schedule import Plan
    from emigre.rules.evaluate import RiskResult, RouteResult

CRITERIA = ("time", "cost", "pr", "risk")
DEFAULT_WEIGHTS = {"time": 1.0, "cost": 1.0, "pr": 1.0, "risk": 1.0}
GOALS = ("settle_eu", "study", "work", "leave_soon")
#: The families a goal puts first (settle_eu and leave_soon rank by a measure instead).
GOAL_FAMILIES = {"study": ("study",), "work": ("work", "jobseeker")}


def parse_weights(text: str | None) -> dict[str, float]:
    """`time=2,cost=1`: the criteria given, the others at 1. A criterion given twice, or every
    weight at zero (no order at all), is refused rather than silently resolved.

    >>> parse_weights("time=2, risk=0")
    {'time': 2.0, 'cost': 1.0, 'pr': 1.0, 'risk': 0.0}
    >>> parse_weights("speed=2")
    Traceback (most recent call last):
    emigre.errors.InputError: --weights: 'speed' is not a criterion; expected time, cost, pr, risk
    """
    weights = dict(DEFAULT_WEIGHTS)
    if not text:
        return weights
    seen: set[str] = set()
    for part in text.split(","):
        if not part.strip():
            continue  # "time=2," is still clear
        name, _sep, value = part.partition("=")
        name = name.strip()
        if name not in weights:
            raise InputError(
                f"--weights: '{name}' is not a criterion; expected {', '.join(CRITERIA)}"
            )
        if name in seen:
            raise InputError(
                f"--weights: '{name}' is given twice; give each criterion once, e.g. time=2,cost=1"
            )
        seen.add(name)
        try:
            weights[name] = float(value)
        except ValueError:
            raise InputError(f"--weights: '{part}' needs a number, e.g. time=2") from None
        if not 0 <= weights[name] <= 1000:  # also refuses nan and inf
            raise InputError(f"--weights: '{name}' must be a number from 0 to 1000, e.g. time=2")
    if not any(weights.values()):
        raise InputError(
            "--weights: every weight is 0, so nothing would order the routes; "
            "give at least one a weight above 0, e.g. time=1"
        )
    return weights


def parse_goal(text: str) -> str:
    if text not in GOALS:
        raise InputError(f"--goal: '{text}' is not a goal; expected one of {', '.join(GOALS)}")
    return text


def personal_risks(res: RouteResult) -> list[RiskResult]:
    """Risks that apply to this person and are grave enough to move the rank. A risk without a
    `when` is about the route for everyone (an announced reform, a closed border crossing): it
    weighs on a route that still needs steps, whose road is long enough for it to bite, but not
    on one the person can apply for today -- an eligible route with the person's own offer does
    not go below every route that still needs one."""
    return [
        r
        for r in res.risks
        if r.applies == "yes"
        and r.risk.level in ("medium", "high")
        and (r.risk.when is not None or res.verdict != "eligible")
    ]


def risk_line(res: RouteResult, width: int = 90) -> str | None:
    """The first applying risk in one line (its first sentence, shortened), for ⚠ beside the
    verdict."""
    risks = personal_risks(res) or [r for r in res.risks if r.applies == "yes"]
    if not risks:
        return None
    text = " ".join(pick(risks[0].risk.text).split())
    first = text.split(". ")[0].rstrip(".")
    # a dual citizen reads which passport the risk is about
    tail = f" ({as_citizen_of(risks[0].because_of)})" if risks[0].because_of else ""
    room = width - len(tail)
    return shortened(first, room) + tail


@dataclass
class Budget:
    """The person's `max_cost`, in EUR at the plan date (None: no limit given)."""

    eur: float | None = None


def no_path_to_pr(plan: Plan) -> bool:
    """The route's data says time on it does not lead to permanent residence by itself."""
    fact = plan.route.outcomes.leads_to_permanent_residence
    return fact is not None and fact.value is False


def _goal_tier(plan: Plan, goal: str, eu: Iterable[str]) -> int:
    """0 for the routes the goal puts first. For `settle_eu`: 0 for EU residence that may lead
    to permanent residence, 1 for EU permits known not to (a stepping stone), 2 outside the EU."""
    if plan.route.family == "free_movement":
        return 0  # no permit at all: a home, a place to work and to study, whatever the goal
    if goal in GOAL_FAMILIES:
        return 0 if plan.route.family in GOAL_FAMILIES[goal] else 1
    if goal == "settle_eu":
        if plan.route.country not in eu:
            return 2
        return 1 if no_path_to_pr(plan) else 0
    return 0


def rank(
    plans: list[Plan],
    weights: dict[str, float],
    goal: str = "settle_eu",
    budget: Budget | None = None,
    eu: Iterable[str] = (),
    degree: str | None = None,
    if_agreed: list[Plan] | None = None,
    free_in_eu: bool = False,
) -> list[Plan]:
    """Order plans for the person: ranked residence routes (`rank` 1 = best), then residence
    routes without an arrival date, then the short-stay group (`rank` None, `group`
    "short_stay"; first for the goal `leave_soon`), then the routes open only if others agree
    (`if_agreed`: plans of routes whose verdict is unknown only because of an `external`
    condition, planned as if it were met; `rank` None, `group` "if_agreed", ordered by the same
    rules as the ranking). `degree` is the person's highest qualification
    (`education.highest_degree`; None when not given). `free_in_eu`: a citizenship of the
    person's gives them free movement in an EU member state, so under `settle_eu` a permit
    outside the EU is not the way to settle in the EU, and its line says so. Sets `pareto`,
    `why` and `ranked_as`."""
    eu = frozenset(eu)
    budget = budget or Budget()
    for p in plans:
        p.group = "short_stay" if p.route.short_stay else "residence"
        p.rank, p.pareto = None, False
    residence = [p for p in plans if p.group == "residence"]
    stays = [p for p in plans if p.group == "short_stay"]
    dated = [p for p in residence if p.arrival is not None]
    order = _Order(weights, goal, budget, eu, degree, free_in_eu)
    parts: dict[int, dict[str, Figure]] = {}
    ordered, front, m = order.sort(dated, measures(dated, parts=parts))
    for i, p in enumerate(ordered, 1):
        p.rank = i
        p.pareto = id(p) in front
        p.ranked_as = m[id(p)].notes
        p.over_budget = order.over(p, m)
        p.why = _why(p, m[id(p)], goal, eu, repeats_a_level(p, degree, goal), free_in_eu)
    undated = sorted((p for p in residence if p.arrival is None), key=lambda p: p.route.id)
    for p in undated:
        p.why = Msg("no arrival date: a step cannot be dated (see the plan)")
    stays.sort(
        key=lambda p: (
            bool(p.result.free_movement),
            bool(personal_risks(p.result)),
            VERDICT_ORDER[p.result.verdict],
            p.months_to_arrival if p.months_to_arrival is not None else float("inf"),
            -(p.route.days_allowed() or 0),
            p.route.id,
        )
    )
    for p in stays:
        p.why = (
            join("; ", [_not_needed(p), stay_line(p.result)])
            if p.result.free_movement
            else stay_line(p.result)
        )
    asking = _if_agreed(if_agreed or [], dated, order, parts)
    if goal == "leave_soon":
        return stays + ordered + undated + asking
    return ordered + undated + stays + asking


#: Conditions that say who may apply at all, not whether the person fits the route's purpose.
_WHO_MAY_APPLY = frozenset(
    {"citizenship", "residence", "in_force", "age", "licence", "school_certificate", "external"}
)


def checked_against_you(plan: Plan) -> bool:
    """Whether something about the person (a political record, a degree, a language, an offer)
    was checked and met, beyond who may apply: among routes that hang on someone else's
    decision, those come first. A selection the tool cannot see at all (an endorsement as a
    leader in digital technology, a business plan's approval) says nothing about the person's
    chances; a humanitarian visa whose record condition the person meets does."""
    return any(
        n.state == "met" and n.condition.type not in _WHO_MAY_APPLY
        for n in plan.result.active_leaves()
    )


def _if_agreed(
    plans: list[Plan], ranked: list[Plan], order: _Order, parts: dict[int, dict[str, Figure]]
) -> list[Plan]:
    """The routes open only if others agree, in the ranking's order: the same measures (an
    unknown figure stands in as the longest or dearest known among these and the ranked routes),
    the same rules; never a rank. Undated ones last."""
    for p in plans:
        p.group, p.rank, p.pareto = "if_agreed", None, False
    dated = [p for p in plans if p.arrival is not None]
    m = measures(dated, basis=ranked + dated, parts=parts)
    ordered, _front, _m = order.sort(dated, m)
    # Routes that checked something about the person first (stable: the ranking's order within).
    fits = {id(p): checked_against_you(p) for p in ordered}
    ordered.sort(key=lambda p: not fits[id(p)])
    for p in ordered:
        p.ranked_as = m[id(p)].notes
        p.over_budget = order.over(p, m)
        why = _why(
            p,
            m[id(p)],
            order.goal,
            order.eu,
            repeats_a_level(p, order.degree, order.goal),
            order.free_in_eu,
        )
        p.why = (
            why
            if fits[id(p)]
            else join("; ", [Msg("nothing about you is checked beyond who may apply"), why])
        )
    undated = sorted((p for p in plans if p.arrival is None), key=lambda p: p.route.id)
    for p in undated:
        p.why = Msg("no arrival date: a step cannot be dated (see the plan)")
    return ordered + undated


@dataclass
class _Order:
    """The ranking's rules, from the strongest down (see the module)."""

    weights: dict[str, float]
    goal: str
    budget: Budget
    eu: frozenset[str]
    degree: str | None
    free_in_eu: bool = False

    def over(self, p: Plan, m: dict[int, Measure]) -> bool:
        return self.budget.eur is not None and m[id(p)].cost > self.budget.eur

    def measure(self, p: Plan, m: dict[int, Measure]) -> float:
        if self.goal == "settle_eu":
            return m[id(p)].pr
        if self.goal == "leave_soon":
            return m[id(p)].time
        return 0.0

    def sort(
        self, dated: list[Plan], m: dict[int, Measure]
    ) -> tuple[list[Plan], set[int], dict[int, Measure]]:
        """`dated` in order, with the ids of the plans on their Pareto front."""
        front = pareto_front([(id(p), m[id(p)].vector()) for p in dated])
        mine = [m[id(p)] for p in dated]
        lows = [min((x.vector()[i] for x in mine), default=0.0) for i in range(4)]
        highs = [max((x.vector()[i] for x in mine), default=0.0) for i in range(4)]
        w = [self.weights[c] for c in CRITERIA]

        def score(p: Plan) -> float:
            v = m[id(p)].vector()
            return sum(
                wi * ((mi - lo) / (hi - lo) if hi > lo else 0.0)
                for wi, mi, lo, hi in zip(w, v, lows, highs, strict=True)
            )

        def key(p: Plan) -> tuple[object, ...]:
            return (
                bool(p.result.free_movement),
                bool(personal_risks(p.result)),
                self.over(p, m),
                needs_first_remote_job(p),
                _goal_tier(p, self.goal, self.eu),
                repeats_a_level(p, self.degree, self.goal) is not None,
                VERDICT_ORDER[p.result.verdict],
                m[id(p)].unbounded,
                round(self.measure(p, m), 1),
                id(p) not in front,
                round(score(p), 6),
                m[id(p)].unknown,
                _unknown_steps(p),
                p.route.id,
            )

        return sorted(dated, key=key), front, m


def _unknown_steps(p: Plan) -> int:
    """How many of a plan's figures are not in the data: steps of unknown length or cost."""
    return sum(s.timing == "unknown" for s in p.steps) + sum(s.cost.is_unknown for s in p.steps)


def stay_line(res: RouteResult) -> Msg:
    """A short stay in one line: a place to wait while you apply, how long, and whether you may
    work."""
    route = res.route
    days = route.days_allowed()
    work = route.outcomes.work_allowed
    how_long = (
        Plural("{n} day", "{n} days", days)
        if days is not None
        else Msg("length of stay not in the data")
    )
    if work is None or not isinstance(work.value, bool):
        work_text = Msg("work rights not in the data")
    else:
        work_text = Msg("work allowed") if work.value else Msg("no work allowed")
    return Msg("a place to wait while you apply: {days}, {work}", days=how_long, work=work_text)


def _span(low: float, high: float) -> str:
    """ "7" or "7–9": a number of months with its pessimistic end when that differs."""
    lo, hi = round(low), round(high)
    return str(lo) if hi <= lo else f"{lo}–{hi}"


def _not_needed(p: Plan) -> Msg:
    """A route the person's citizenship makes unneeded: it goes after those they would need."""
    return Msg(
        "not needed: as a citizen of {names} you may live and work {country:in} without"
        " a permit; after the routes you would need",
        names=Lazy(country_names_of, p.result.free_movement),
        country=Lazy(country_in_sentence, p.route.country),
    )


def _why(
    p: Plan,
    m: Measure,
    goal: str,
    eu: frozenset[str],
    repeats: str | None,
    free_in_eu: bool = False,
) -> Msg:
    """One line: the strongest reason the plan stands where it does. For a person with free
    movement in the EU a permit outside it does not say it comes "after EU routes": they need
    none there, and the line says so instead of suggesting the permit is their way to settle."""
    parts: list[Said] = []
    if p.result.free_movement:
        parts.append(_not_needed(p))
    if personal_risks(p.result):
        parts.append(Msg("below routes without a risk for you"))
    if p.over_budget:
        parts.append(Msg("over your budget"))
    far = needs_first_remote_job(p)
    if far:
        parts.append(far_line())
    tier = _goal_tier(p, goal, eu)
    if p.route.family == "free_movement":
        parts.append(Msg("free movement: no permit to apply for, only your residence to register"))
    elif goal == "study":
        parts.append(Msg("a study route (your goal)") if tier == 0 else Msg("not a study route"))
    elif goal == "work":
        parts.append(Msg("a work route (your goal)") if tier == 0 else Msg("not a work route"))
    elif goal == "settle_eu" and tier == 2 and free_in_eu:
        parts.append(
            Msg(
                "outside the EU, where you need this permit; to settle in the EU you need none"
                " (free movement: nothing to apply for but registering where you live)"
            )
        )
    elif goal == "settle_eu" and tier == 2:
        parts.append(Msg("outside the EU: after EU routes"))
    elif goal == "settle_eu" and tier == 1:
        parts.append(
            Msg("no permanent residence from this permit by itself: after routes that lead there")
        )
    if repeats is not None:
        parts.append(stage_line(repeats))
    if p.result.verdict == "eligible" and p.group != "if_agreed":
        parts.append(Msg("open to you now"))
    # Behind a step of unknown length only the earliest is known: "at least", not a range; where
    # the ranking counted the longest known step of its kind instead, the line says that figure.
    floor = p.arrival_kind == "unknown"
    counted = floor and bool(m.padded)
    if goal == "settle_eu" and p.months_to_pr is not None:
        if counted:
            n = round(m.pr)
            parts.append(
                Plural(
                    "permanent residence counted as {n} month: {what}",
                    "permanent residence counted as {n} months: {what}",
                    n,
                    what=unknown_length(m.padded_why),
                )
            )
        elif floor:
            n = round(p.months_to_pr)
            parts.append(
                Plural(
                    "permanent residence in at least {n} month",
                    "permanent residence in at least {n} months",
                    n,
                )
            )
        else:
            parts.append(
                Plural(
                    "permanent residence in {span} month",
                    "permanent residence in {span} months",
                    round(m.pr),
                    span=_span(p.months_to_pr, m.pr),
                )
            )
    elif (goal == "leave_soon" or goal in GOAL_FAMILIES) and p.months_to_arrival is not None:
        if counted:
            n = round(m.time)
            parts.append(
                Plural(
                    "arrival counted as {n} month: {what}",
                    "arrival counted as {n} months: {what}",
                    n,
                    what=unknown_length(m.padded_why),
                )
            )
        elif floor and round(p.months_to_arrival) == 0:
            pass  # "at least 0 months" says nothing; the reason below says what is unknown
        elif floor:
            n = round(p.months_to_arrival)
            parts.append(
                Plural(
                    "you can arrive in at least {n} month",
                    "you can arrive in at least {n} months",
                    n,
                )
            )
        elif round(m.time) == 0:
            parts.append(Msg("you can arrive within a month"))  # not "in 0 months"
        else:
            parts.append(
                Plural(
                    "you can arrive in {span} month",
                    "you can arrive in {span} months",
                    round(m.time),
                    span=_span(p.months_to_arrival, m.time),
                )
            )
    else:
        counted = False
    # What was assumed, unless the line above already says it.
    notes = [
        n
        for n in m.notes[: m.unknown]
        if not (counted and isinstance(n, Msg) and n.msgid in (LONGEST_KNOWN, PADDED))
    ]
    if far:
        pass  # the line on the remote job says why its length is not known
    elif m.unbounded and m.unbounded_why:
        parts.append(Msg("after routes with known timing: {why}", why=m.unbounded_why))
    elif m.unbounded:
        parts.append(Msg("a figure is not in the data: after routes with known figures"))
    elif notes:
        parts.append(notes[0])
    if p.pareto:
        parts.append(Msg("no other route is better on every measure"))
    return join("; ", parts)
