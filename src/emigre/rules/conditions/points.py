"""`points`: a points test (e.g. Germany's Opportunity Card)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import Field

from emigre.base import Strict
from emigre.i18n import Joined, Lazy, Msg, Said, join
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.gaps import Gap, PointsGap, StepKind
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler
    from emigre.rules.conditions import Condition
    from emigre.rules.evaluate import NodeResult


class PointItem(Strict):
    points: int = Field(gt=0)
    when: Condition


class Points(Base):
    """A points test (e.g. Germany's Opportunity Card): the sum of points of the items that hold
    must reach `min`. Items whose facts are missing count as "maybe"; items a person can close
    (e.g. learning German) make the route reachable when they would lift the total enough."""

    type: Literal["points"]
    min: int = Field(gt=0)
    items: list[PointItem] = Field(min_length=1)

    inline: ClassVar[bool] = True
    """Compiled in place from its items' columns (they are leaves), not as a leaf column."""

    def children(self) -> list[Any]:
        return [item.when for item in self.items]

    def evaluate(self, ctx: Context) -> Outcome:
        from emigre.rules.evaluate import evaluate_node

        sure = maybe = reachable = 0
        steps: list[StepKind] = []
        gaps: list[Gap] = []
        earned: list[tuple[Said, int]] = []
        for item in self.items:
            res = evaluate_node(item.when, ctx)
            if res.state == "met":
                sure += item.points
                earned.append((_in_words(res), item.points))
            elif res.state == "unknown":
                maybe += item.points
            elif res.state == "closable":
                reachable += item.points
                for leaf in _closable_leaves(res):
                    if leaf.outcome.step:
                        steps.append(leaf.outcome.step)
                        if leaf.outcome.gap is not None:
                            gaps.append(leaf.outcome.gap)
        txt = {"have": sure, "need": self.min}
        detail = Joined(" (", Lazy(_earned, tuple(earned)), ")") if earned else ""
        if sure >= self.min:
            return Outcome.met(Msg("{have} points, {need} needed", **txt) + detail)
        if sure + reachable >= self.min and steps:
            return Outcome.unmet(
                Msg(
                    "{have} points now, {need} needed; {more} more can be earned",
                    more=reachable,
                    **txt,
                )
                + detail,
                PointsGap(points=sure, min=self.min, gaps=tuple(gaps)),
                step=steps[0],
            )
        if sure + maybe + reachable >= self.min:
            return Outcome.unknown(
                Msg(
                    "{have} points certain, {maybe} more depend on facts not given; {need} needed",
                    maybe=maybe,
                    **txt,
                ),
                [],
            )
        return Outcome.unmet(Msg("{have} points, {need} needed, and no more can be earned", **txt))

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        """Sure (met), maybe (unknown) and reachable (closable) sums of the items' points."""
        import polars as pl

        items = [(cp.node(i.when, country), i.points) for i in self.items]
        zero = pl.lit(0, dtype=pl.Int32)

        def total(state: State) -> pl.Expr:
            return pl.sum_horizontal(
                [
                    pl.when(s == int(state)).then(pl.lit(n, dtype=pl.Int32)).otherwise(zero)
                    for s, n in items
                ]
            )

        sure, maybe, reach = total(State.MET), total(State.UNKNOWN), total(State.CLOSABLE)
        # A closable item always has a closable leaf with a step, so "steps" is "reach > 0".
        return (
            pl.when(sure >= self.min)
            .then(cp.lit(State.MET))
            .when((sure + reach >= self.min) & (reach > 0))
            .then(cp.lit(State.CLOSABLE))
            .when(sure + maybe + reach >= self.min)
            .then(cp.lit(State.UNKNOWN))
            .otherwise(cp.lit(State.BLOCKED))
        )


def _closable_leaves(node: NodeResult) -> list[NodeResult]:
    if not node.children:
        return [node] if node.state == "closable" else []
    return [leaf for c in node.children for leaf in _closable_leaves(c)]


def _in_words(node: NodeResult) -> Said:
    """What earned an item's points, as the reasons say it (never the item's id): a leaf's
    reason, the alternative of an `any` that holds, each part of an `all`."""
    if not node.children:
        return node.outcome.message
    kids = node.children
    if getattr(node.condition, "type", "") == "any":
        kids = [next((c for c in kids if c.state == "met"), kids[0])]
    return join(", ", [_in_words(c) for c in kids])


def _earned(items: tuple[tuple[Said, int], ...]) -> str:
    """The earned items with their points, in the language shown; items that say the same
    but for their threshold ("10 years of work (needs 1)", "(needs 2)", …) are summed."""
    sums: dict[str, int] = {}
    for said, points in items:
        text = re.sub(r"\s*\([^()]*\)$", "", str(said))
        sums[text] = sums.get(text, 0) + points
    return "; ".join(f"{text}: +{points}" for text, points in sums.items())
