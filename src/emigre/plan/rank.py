"""Ranking plans: the Pareto front over (months to arrival, cost to arrival, months to permanent
residence, risk), then a weighted order the user can tune (`--weights time=2,cost=1`)."""

from __future__ import annotations

from emigre.errors import InputError
from emigre.plan.schedule import Plan

CRITERIA = ("time", "cost", "pr", "risk")
DEFAULT_WEIGHTS = {"time": 1.0, "cost": 1.0, "pr": 1.0, "risk": 1.0}


def parse_weights(text: str | None) -> dict[str, float]:
    weights = dict(DEFAULT_WEIGHTS)
    if not text:
        return weights
    for part in text.split(","):
        name, _, value = part.partition("=")
        name = name.strip()
        if name not in weights:
            raise InputError(
                f"--weights: '{name}' is not a criterion; expected {', '.join(CRITERIA)}"
            )
        try:
            weights[name] = float(value)
        except ValueError:
            raise InputError(f"--weights: '{part}' needs a number, e.g. time=2") from None
        if not 0 <= weights[name] <= 1000:  # also refuses nan and inf
            raise InputError(f"--weights: '{name}' must be a number from 0 to 1000, e.g. time=2")
    return weights


def _metrics(plan: Plan, pr_unknown: float) -> tuple[float, float, float, float]:
    assert plan.months_to_arrival is not None
    pr = plan.months_to_pr if plan.months_to_pr is not None else pr_unknown
    return (plan.months_to_arrival, plan.cost_to_arrival.low, pr, float(plan.risk))


def _dominates(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return all(x <= y for x, y in zip(a, b, strict=True)) and any(
        x < y for x, y in zip(a, b, strict=True)
    )


def rank(plans: list[Plan], weights: dict[str, float]) -> list[Plan]:
    """Set `rank` (1 = best) on plans that arrive; unknown months to permanent residence count as
    a year worse than the worst known, so a route is not favoured for what we do not know."""
    dated = [p for p in plans if p.arrival is not None]
    known_pr = [p.months_to_pr for p in dated if p.months_to_pr is not None]
    pr_unknown = (max(known_pr) if known_pr else 60.0) + 12
    metrics = {id(p): _metrics(p, pr_unknown) for p in dated}
    front = {
        id(p)
        for p in dated
        if not any(_dominates(metrics[id(q)], metrics[id(p)]) for q in dated if q is not p)
    }
    lows = [min((m[i] for m in metrics.values()), default=0.0) for i in range(4)]
    highs = [max((m[i] for m in metrics.values()), default=0.0) for i in range(4)]
    w = [weights[c] for c in CRITERIA]

    def score(p: Plan) -> float:
        m = metrics[id(p)]
        return sum(
            wi * ((mi - lo) / (hi - lo) if hi > lo else 0.0)
            for wi, mi, lo, hi in zip(w, m, lows, highs, strict=True)
        )

    ordered = sorted(dated, key=lambda p: (id(p) not in front, score(p), p.route.id))
    for i, p in enumerate(ordered, 1):
        p.rank = i
    undated = sorted((p for p in plans if p.arrival is None), key=lambda p: p.route.id)
    return ordered + undated


def on_front(plans: list[Plan]) -> set[str]:
    dated = [p for p in plans if p.arrival is not None]
    known_pr = [p.months_to_pr for p in dated if p.months_to_pr is not None]
    pr_unknown = (max(known_pr) if known_pr else 60.0) + 12
    m = {p.route.id: _metrics(p, pr_unknown) for p in dated}
    return {a for a in m if not any(_dominates(m[b], m[a]) for b in m if b != a)}
