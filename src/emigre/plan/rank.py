"""Ranking plans for the person: what the route gives, the person's goal, risks that apply to
them, and what we do not know.

Short stays (visa-free days) are places to wait while applying, not a home: they form their own
group and never enter the residence ranking or its Pareto front. Among residence routes the order
is, from the strongest rule down:

1. a risk that applies to the person (level medium or high) puts a route below every route
   without one;
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
   months to permanent residence, risk), then a weighted order (`--weights time=2,cost=1`).

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

from emigre.codes import as_citizen_of
from emigre.errors import InputError
from emigre.figure import ZERO, Figure
from emigre.i18n import N_, Msg, Plural, Said, join, pick, said
from emigre.plan.fit import far_line, needs_first_remote_job, repeats_a_level, stage_line
from emigre.plan.gapsteps import fact_num
from emigre.plan.horizon import horizon
from emigre.plan.steps import months_between
from emigre.rules.evaluate import VERDICT_ORDER

if TYPE_CHECKING:
    from emigre.plan.schedule import Plan
    from emigre.rules.evaluate import RiskResult, RouteResult

CRITERIA = ("time", "cost", "pr", "risk")
DEFAULT_WEIGHTS = {"time": 1.0, "cost": 1.0, "pr": 1.0, "risk": 1.0}
GOALS = ("settle_eu", "study", "work", "leave_soon")
#: The families a goal puts first (settle_eu and leave_soon rank by a measure instead).
GOAL_FAMILIES = {"study": ("study",), "work": ("work", "jobseeker")}
#: Months added to the slowest known time to permanent residence for a route without one.
PR_UNKNOWN_PENALTY = 12.0
PR_FALLBACK = 60.0
"""Months to permanent residence assumed as the slowest known when no route gives one."""


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
    """Risks that apply to this person and are grave enough to move the rank."""
    return [r for r in res.risks if r.applies == "yes" and r.risk.level in ("medium", "high")]


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
    return (first if len(first) <= room else first[: room - 1].rstrip() + "…") + tail


@dataclass
class Budget:
    """The person's `max_cost`, in EUR at the plan date (None: no limit given)."""

    eur: float | None = None


def _high(f: Figure) -> float | None:
    """The pessimistic end of an amount: its high end, or None when it is unknown."""
    if f.is_unknown:
        return None
    return f.high if f.high is not None else f.value


def _cost_parts(plan: Plan) -> dict[str, Figure]:
    """What is paid before arrival, by kind of expense (so that a route's unknown fee can stand
    in for the dearest known fee of another route): the steps by kind, the fares, the fees."""
    parts: dict[str, Figure] = {}
    for s in plan.steps:
        if s.kind not in ("application", "document"):  # their costs are among the fees below
            parts[f"step:{s.kind}"] = parts.get(f"step:{s.kind}", ZERO) + s.cost
    for c in plan.costs:
        if c.kind == "one_off" and c.stage in ("application", "departure"):
            key = "travel" if "travel" in c.id or "flight" in c.id else "fees"
            parts[key] = parts.get(key, ZERO) + c.amount
    return parts


LONGEST_KNOWN = N_("a duration is not in the data: counted as the longest known")

#: What the ranking counted for a step of unknown length, by the step's kind (the "why" line).
_UNKNOWN_LENGTH = {
    "job_search": Msg("the job search's length is not known, so the longest known search counts"),
    "visa": Msg("the processing time is not known, so the longest known counts"),
    "permit": Msg("the processing time is not known, so the longest known counts"),
    "appointment": Msg(
        "the wait for a consulate appointment is not known, so the longest known wait counts"
    ),
}


def _unknown_length(kinds: tuple[str, ...]) -> Msg:
    """Why an arrival was counted longer than its earliest date, in a few words."""
    if len(kinds) == 1 and kinds[0] in _UNKNOWN_LENGTH:
        return _UNKNOWN_LENGTH[kinds[0]]
    return Msg("the length of some steps is not known, so the longest known of each kind counts")


def _pad_unknown_steps(
    plan: Plan, longest: dict[str, float]
) -> tuple[float, bool, Said | None, list[str]]:
    """Months a plan's unknown and estimated steps could add to its arrival, whether some
    unknown step has no known duration of its kind to stand in for it (or, being `unbounded`,
    may not borrow one: another search's figure says nothing about this one), and the kinds of
    the unknown steps a known duration stood in for."""
    extra, unbounded, why = 0.0, False, None
    padded: list[str] = []
    for s in plan.steps:
        if plan.arrival is not None and s.start >= plan.arrival and s.end > plan.arrival:
            continue  # after the move (a preparatory year in the country): not on the way
        if s.timing == "estimated" and s.end_high is not None:
            extra = max(extra, months_between(s.end, s.end_high))
        elif s.timing == "unknown":
            bound = None if s.unbounded else longest.get(s.kind)
            if s.worst is not None and not s.unbounded:
                bound = max(bound or 0.0, months_between(s.start, s.worst))
            if bound is not None:
                extra += max(0.0, bound - months_between(s.start, s.end))
                if s.kind not in padded:
                    padded.append(s.kind)
            else:
                unbounded = True
                if s.unbounded and why is None:
                    # A job search's note is the reason its length is unknown; other steps'
                    # notes describe a whole procedure, too long for one line: name the step.
                    why = (
                        said(s, "note")
                        if s.kind == "job_search" and s.note
                        else Msg(
                            "how long “{step}” takes is not in the data", step=said(s, "title")
                        )
                    )
    return extra, unbounded, why, padded


@dataclass
class _Measure:
    time: float
    cost: float
    pr: float
    risk: float
    unbounded: bool
    """A figure we could not even bound pessimistically (no known figure of its kind)."""
    notes: list[Said]
    """What was assumed: for unknown figures first, then for ranges."""
    unknown: int = 0
    """How many of `notes` are about unknown figures."""
    unbounded_why: Said | None = None
    """Why a step cannot be bounded, where the step says (its note)."""
    padded: tuple[str, ...] = ()
    """The kinds of the steps of unknown length for which the longest known of their kind was
    counted."""

    def vector(self) -> tuple[float, float, float, float]:
        return (self.time, self.cost, self.pr, self.risk)


def _measures(plans: list[Plan], basis: list[Plan] | None = None) -> dict[int, _Measure]:
    """Pessimistic metrics per plan, with what was assumed for what we do not know; the figures
    that stand in for unknown ones come from `basis` (by default the plans themselves)."""
    basis = plans if basis is None else basis
    longest: dict[str, float] = {}
    for p in basis:
        for s in p.steps:
            if s.timing != "unknown":
                d = months_between(s.start, s.end_high or s.end)
                longest[s.kind] = max(longest.get(s.kind, 0.0), d)
        # A consulate's unpublished wait counts as the longest wait any of these routes knows
        # for any consulate (so it is bounded, not pushed below every route with known figures).
        for fact in p.route.timeline.consulate_wait_weeks.values():
            weeks = fact_num(fact)
            if weeks is not None:
                weeks = max(weeks, fact.high or weeks)
                longest["appointment"] = max(longest.get("appointment", 0.0), weeks * 7 / 30.4375)
    parts = {id(p): _cost_parts(p) for p in [*plans, *basis]}
    dearest: dict[str, float] = {}
    for ps in (parts[id(p)] for p in basis):
        for key, f in ps.items():
            if (h := _high(f)) is not None:
                dearest[key] = max(dearest.get(key, 0.0), h)
    # A time past the planning horizon is known to be long: it counts (at least the horizon).
    past = {
        id(p): max(p.pr_past_horizon or 0.0, horizon().years * 12.0)
        for p in [*plans, *basis]
        if p.pr_beyond
    }
    known_pr = [p.months_to_pr for p in basis if p.months_to_pr is not None] + [
        past[id(p)] for p in basis if p.pr_beyond
    ]
    pr_unknown = (max(known_pr) if known_pr else PR_FALLBACK) + PR_UNKNOWN_PENALTY
    out: dict[int, _Measure] = {}
    for p in plans:
        unknown: list[Said] = []
        ranges: list[Said] = []
        assert p.months_to_arrival is not None
        extra, unbounded, unbounded_why, padded = _pad_unknown_steps(p, longest)
        if unbounded_why:
            unknown.append(Msg("after routes with known timing: {why}", why=unbounded_why))
        if extra > 0 and p.arrival_kind == "unknown":
            unknown.append(Msg(LONGEST_KNOWN))
        elif extra > 0:
            ranges.append(Msg("durations are ranges: counted at their long end"))
        cost, stand_in, estimated = 0.0, False, False
        for key, f in parts[id(p)].items():
            high = _high(f)
            if high is None:
                # Unknown: the dearest known of its kind; when no route knows it, it weighs the
                # same everywhere and only what is known of it counts.
                stand_in = stand_in or key in dearest
                high = max(f.low, dearest.get(key, f.low))
            estimated = estimated or f.kind == "estimated"
            cost += high
        if stand_in:
            unknown.append(Msg("cost not in the data: counted as the dearest known"))
        elif estimated:
            ranges.append(Msg("cost estimated: counted at its high end"))
        pr = p.months_to_pr
        if pr is None and p.pr_beyond:
            # Past the planning horizon: the route's own months, at least the horizon.
            pr = past[id(p)] + extra
            unknown.append(
                Msg(
                    "permanent residence not within {n} years: counted as the slowest",
                    n=horizon().years,
                )
            )
        elif pr is None:
            pr = pr_unknown
            unknown.append(
                Msg("time to permanent residence not in the data: counted as the slowest known")
            )
        else:
            pr += extra
        time = p.months_to_arrival + extra
        out[id(p)] = _Measure(
            round(time, 1),
            round(cost, 2),
            round(pr, 1),
            float(p.risk),
            unbounded,
            unknown + ranges,
            len(unknown),
            unbounded_why,
            tuple(padded) if extra > 0 else (),
        )
    return out


def _dominates(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """`a` is no worse than `b` on every measure (lower is better) and better on one.

    >>> _dominates((1, 2), (1, 3)), _dominates((1, 2), (1, 2)), _dominates((0, 3), (1, 2))
    (True, False, False)
    """
    return a != b and all(x <= y for x, y in zip(a, b, strict=True))


def no_path_to_pr(plan: Plan) -> bool:
    """The route's data says time on it does not lead to permanent residence by itself."""
    fact = plan.route.outcomes.leads_to_permanent_residence
    return fact is not None and fact.value is False


def _goal_tier(plan: Plan, goal: str, eu: Iterable[str]) -> int:
    """0 for the routes the goal puts first. For `settle_eu`: 0 for EU residence that may lead
    to permanent residence, 1 for EU permits known not to (a stepping stone), 2 outside the EU."""
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
) -> list[Plan]:
    """Order plans for the person: ranked residence routes (`rank` 1 = best), then residence
    routes without an arrival date, then the short-stay group (`rank` None, `group`
    "short_stay"; first for the goal `leave_soon`), then the routes open only if others agree
    (`if_agreed`: plans of routes whose verdict is unknown only because of an `external`
    condition, planned as if it were met; `rank` None, `group` "if_agreed", ordered by the same
    rules as the ranking). `degree` is the person's highest qualification
    (`education.highest_degree`; None when not given). Sets `pareto`, `why` and `ranked_as`."""
    eu = frozenset(eu)
    budget = budget or Budget()
    for p in plans:
        p.group = "short_stay" if p.route.short_stay else "residence"
        p.rank, p.pareto = None, False
    residence = [p for p in plans if p.group == "residence"]
    stays = [p for p in plans if p.group == "short_stay"]
    dated = [p for p in residence if p.arrival is not None]
    order = _Order(weights, goal, budget, eu, degree)
    ordered, front, m = order.sort(dated, _measures(dated))
    for i, p in enumerate(ordered, 1):
        p.rank = i
        p.pareto = id(p) in front
        p.ranked_as = m[id(p)].notes
        p.over_budget = order.over(p, m)
        p.why = _why(p, m[id(p)], goal, eu, repeats_a_level(p, degree, goal))
    undated = sorted((p for p in residence if p.arrival is None), key=lambda p: p.route.id)
    for p in undated:
        p.why = Msg("no arrival date: a step cannot be dated (see the plan)")
    stays.sort(
        key=lambda p: (
            bool(personal_risks(p.result)),
            VERDICT_ORDER[p.result.verdict],
            p.months_to_arrival if p.months_to_arrival is not None else float("inf"),
            -(p.route.days_allowed() or 0),
            p.route.id,
        )
    )
    for p in stays:
        p.why = stay_line(p.result)
    asking = _if_agreed(if_agreed or [], dated, order)
    if goal == "leave_soon":
        return stays + ordered + undated + asking
    return ordered + undated + stays + asking


def _if_agreed(plans: list[Plan], ranked: list[Plan], order: _Order) -> list[Plan]:
    """The routes open only if others agree, in the ranking's order: the same measures (an
    unknown figure stands in as the longest or dearest known among these and the ranked routes),
    the same rules; never a rank. Undated ones last."""
    for p in plans:
        p.group, p.rank, p.pareto = "if_agreed", None, False
    dated = [p for p in plans if p.arrival is not None]
    m = _measures(dated, basis=ranked + dated)
    ordered, _front, _m = order.sort(dated, m)
    for p in ordered:
        p.ranked_as = m[id(p)].notes
        p.over_budget = order.over(p, m)
        p.why = _why(
            p, m[id(p)], order.goal, order.eu, repeats_a_level(p, order.degree, order.goal)
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

    def over(self, p: Plan, m: dict[int, _Measure]) -> bool:
        return self.budget.eur is not None and m[id(p)].cost > self.budget.eur

    def measure(self, p: Plan, m: dict[int, _Measure]) -> float:
        if self.goal == "settle_eu":
            return m[id(p)].pr
        if self.goal == "leave_soon":
            return m[id(p)].time
        return 0.0

    def sort(
        self, dated: list[Plan], m: dict[int, _Measure]
    ) -> tuple[list[Plan], set[int], dict[int, _Measure]]:
        """`dated` in order, with the ids of the plans on their Pareto front."""
        vectors = [(p, m[id(p)].vector()) for p in dated]
        front = {
            id(p) for p, v in vectors if not any(_dominates(u, v) for q, u in vectors if q is not p)
        }
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
                p.route.id,
            )

        return sorted(dated, key=key), front, m


def stay_line(res: RouteResult) -> Msg:
    """A short stay in one line: a place to wait while you apply, how long, and whether you may
    work."""
    route = res.route
    days = route.days_allowed()
    work = route.outcomes.work_allowed
    how_long = (
        Msg("{n} days", n=days) if days is not None else Msg("length of stay not in the data")
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


def _why(p: Plan, m: _Measure, goal: str, eu: frozenset[str], repeats: str | None) -> Msg:
    """One line: the strongest reason the plan stands where it does."""
    parts: list[Said] = []
    if personal_risks(p.result):
        parts.append(Msg("below routes without a risk for you"))
    if p.over_budget:
        parts.append(Msg("over your budget"))
    far = needs_first_remote_job(p)
    if far:
        parts.append(far_line())
    tier = _goal_tier(p, goal, eu)
    if goal == "study":
        parts.append(Msg("a study route (your goal)") if tier == 0 else Msg("not a study route"))
    elif goal == "work":
        parts.append(Msg("a work route (your goal)") if tier == 0 else Msg("not a work route"))
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
                    what=_unknown_length(m.padded),
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
                    what=_unknown_length(m.padded),
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
        if not (counted and isinstance(n, Msg) and n.msgid == LONGEST_KNOWN)
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
