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


class All(Logic):
    """Every child must hold: the worst child state."""

    type: Literal["all"]
    of: list[Condition] = Field(min_length=1)

    def children(self) -> list[Any]:
        return list(self.of)

    def combine(self, states: list[State]) -> State:
        return State.all_of(states)

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        kids = [cp.node(k, country) for k in self.of]
        return kids[0] if len(kids) == 1 else pl.max_horizontal(kids)


class Any_(Logic):
    """One alternative suffices: the best child state."""

    type: Literal["any"]
    of: list[Condition] = Field(min_length=2)

    def children(self) -> list[Any]:
        return list(self.of)

    def combine(self, states: list[State]) -> State:
        return State.any_of(states)

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        return pl.min_horizontal([cp.node(k, country) for k in self.of])


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
