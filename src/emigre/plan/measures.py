"""What the ranking measures each plan by: months to arrival, cost to arrival, months to
permanent residence and risk, with every unknown or estimated figure taken at its pessimistic
end (never zero), and the Pareto front over them. `emigre.plan.rank` orders plans with these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from emigre.figure import Figure, total
from emigre.i18n import N_, Msg, Said, said
from emigre.plan.gapsteps import fact_num
from emigre.plan.horizon import horizon
from emigre.plan.steps import months_between

if TYPE_CHECKING:
    from emigre.plan.schedule import Plan
    from emigre.plan.steps import Step

#: Months added to the slowest known time to permanent residence for a route without one.
PR_UNKNOWN_PENALTY = 12.0
PR_FALLBACK = 60.0
"""Months to permanent residence assumed as the slowest known when no route gives one."""


def high_end(f: Figure) -> float | None:
    """The pessimistic end of an amount: its high end, or None when it is unknown."""
    if f.is_unknown:
        return None
    return f.high if f.high is not None else f.value


def cost_parts(plan: Plan) -> dict[str, Figure]:
    """What is paid before arrival, by kind of expense (so that a route's unknown fee can stand
    in for the dearest known fee of another route): the steps by kind, the fares, the fees."""
    parts: dict[str, list[Figure]] = {}
    for s in plan.steps:
        if s.kind not in ("application", "document"):  # their costs are among the fees below
            parts.setdefault(f"step:{s.kind}", []).append(s.cost)
    for c in plan.costs:
        if c.kind == "one_off" and c.stage in ("application", "departure"):
            key = "travel" if "travel" in c.id or "flight" in c.id else "fees"
            parts.setdefault(key, []).append(c.amount)
    return {key: total(figures) for key, figures in parts.items()}


LONGEST_KNOWN = N_("a duration is not in the data: counted as the longest known")
PADDED = N_("{why} (the longest known of its kind counts)")


def unknown_length(why: Said | None) -> Msg:
    """Why an arrival was counted longer than its earliest date, in a few words: the reason of
    the step a known duration stood in for (`Step.why`) when there is one step, else in
    general."""
    if why is not None:
        return Msg(PADDED, why=why)
    return Msg("the length of some steps is not known, so the longest known of each kind counts")


def pad_unknown_steps(
    plan: Plan, longest: dict[str, float]
) -> tuple[float, bool, Said | None, list[str], Said | None]:
    """Months a plan's unknown and estimated steps could add to its arrival, whether some
    unknown step has no known duration of its kind to stand in for it (or, being `unbounded`,
    may not borrow one: another search's figure says nothing about this one) and why the first
    such step's length is not known, the kinds of the unknown steps a known duration stood in
    for, and why that step's length is not known when there is one such step."""
    extra, unbounded, why = 0.0, False, None
    padded: list[Step] = []
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
                padded.append(s)
            else:
                unbounded = True
                if s.unbounded and why is None:
                    why = said(s, "why") or Msg(
                        "how long “{step}” takes is not in the data", step=said(s, "title")
                    )
    kinds: list[str] = list(dict.fromkeys(s.kind for s in padded))
    padded_why = said(padded[0], "why") if len(padded) == 1 else None
    return extra, unbounded, why, kinds, padded_why


@dataclass
class Measure:
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
    padded_why: Said | None = None
    """Why the length of the one step the longest known of its kind stood in for is not known
    (`Step.why`); None for several such steps."""

    def vector(self) -> tuple[float, float, float, float]:
        return (self.time, self.cost, self.pr, self.risk)


def measures(
    plans: list[Plan],
    basis: list[Plan] | None = None,
    parts: dict[int, dict[str, Figure]] | None = None,
) -> dict[int, Measure]:
    """Pessimistic metrics per plan, with what was assumed for what we do not know; the figures
    that stand in for unknown ones come from `basis` (by default the plans themselves). `parts`:
    the plans' cost parts worked out so far, by plan id (filled in: the ranking measures the
    ranked plans again as the basis of the group open only if others agree)."""
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
    parts = {} if parts is None else parts
    for p in (*plans, *basis):  # the plans are usually among the basis: each once
        if id(p) not in parts:
            parts[id(p)] = cost_parts(p)
    dearest: dict[str, float] = {}
    for ps in (parts[id(p)] for p in basis):
        for key, f in ps.items():
            if (h := high_end(f)) is not None:
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
    out: dict[int, Measure] = {}
    for p in plans:
        unknown: list[Said] = []
        ranges: list[Said] = []
        assert p.months_to_arrival is not None
        extra, unbounded, unbounded_why, padded, padded_why = pad_unknown_steps(p, longest)
        if unbounded_why:
            unknown.append(Msg("after routes with known timing: {why}", why=unbounded_why))
        if extra > 0 and p.arrival_kind == "unknown":
            # the one step's own reason where there is one step, else in general
            unknown.append(unknown_length(padded_why) if padded_why else Msg(LONGEST_KNOWN))
        elif extra > 0:
            ranges.append(Msg("durations are ranges: counted at their long end"))
        cost, stand_in, estimated = 0.0, False, False
        for key, f in parts[id(p)].items():
            high = high_end(f)
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
        out[id(p)] = Measure(
            round(time, 1),
            round(cost, 2),
            round(pr, 1),
            float(p.risk),
            unbounded,
            unknown + ranges,
            len(unknown),
            unbounded_why,
            tuple(padded) if extra > 0 else (),
            padded_why if extra > 0 else None,
        )
    return out


def dominates(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """`a` is no worse than `b` on every measure (lower is better) and better on one.

    >>> dominates((1, 2), (1, 3)), dominates((1, 2), (1, 2)), dominates((0, 3), (1, 2))
    (True, False, False)
    """
    return a != b and all(x <= y for x, y in zip(a, b, strict=True))


def pareto_front(vectors: list[tuple[int, tuple[float, ...]]]) -> set[int]:
    """The keys whose vectors no other vector dominates.

    In lexicographic order a dominating vector comes first, and whatever dominates a vector off
    the front also dominates what that one dominates: each vector is compared with the front
    found so far only, not with every other.

    >>> sorted(pareto_front([(1, (1, 5)), (2, (2, 2)), (3, (3, 3)), (4, (1, 5)), (5, (0, 9))]))
    [1, 2, 4, 5]
    """
    front: list[tuple[float, ...]] = []
    keys: set[int] = set()
    for key, v in sorted(vectors, key=lambda kv: kv[1]):
        if not any(dominates(u, v) for u in front):
            front.append(v)
            keys.add(key)
    return keys
