"""`all`, `any`, `not`: the tree logic, by the one state algebra (`emigre.rules.state`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import Field

from emigre.rules.conditions.base import Base
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler
    from emigre.rules.conditions import Condition


class Logic(Base):
    """A node combining other conditions; it has no evaluate face of its own."""

    compound: ClassVar[bool] = True

    def combine(self, states: list[State]) -> State:
        raise NotImplementedError


class Group(Logic):
    """`all` or `any` over a list of conditions: the worst or the best child state."""

    if TYPE_CHECKING:
        of: list[Condition]  # each sets it, after `type` (the schema's order)
    worst: ClassVar[bool] = True
    """True for `all` (the worst child state wins), False for `any` (the best)."""

    def children(self) -> list[Any]:
        return list(self.of)

    def combine(self, states: list[State]) -> State:
        return State.all_of(states) if self.worst else State.any_of(states)

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        kids = [cp.node(k, country) for k in self.of]
        if len(kids) == 1:
            return kids[0]
        return pl.max_horizontal(kids) if self.worst else pl.min_horizontal(kids)


class All(Group):
    """Every child must hold: the worst child state."""

    type: Literal["all"]
    of: list[Condition] = Field(min_length=1)


class Any_(Group):
    """One alternative suffices: the best child state."""

    type: Literal["any"]
    of: list[Condition] = Field(min_length=2)
    worst = False


class Not(Logic):
    """The inner condition must not hold: met blocks, unknown stays, unmet meets."""

    type: Literal["not"]
    condition: Condition

    def children(self) -> list[Any]:
        return [self.condition]

    def combine(self, states: list[State]) -> State:
        return states[0].negate()

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        inner = cp.node(self.condition, country)
        return (
            pl.when(inner == int(State.MET))
            .then(cp.lit(State.BLOCKED))
            .when(inner == int(State.UNKNOWN))
            .then(cp.lit(State.UNKNOWN))
            .otherwise(cp.lit(State.MET))
        )
