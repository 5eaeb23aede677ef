"""`age`: age at the evaluation date within [min, max]."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from emigre.dates import birthday
from emigre.i18n import Msg
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.gaps import AgeGap
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


class Age(Base):
    """Age at the evaluation date within [min, max]; too young waits, too old cannot close."""

    type: Literal["age"]
    min: int | None = Field(default=None, ge=0, le=150)
    max: int | None = Field(default=None, ge=0, le=150)

    def evaluate(self, ctx: Context) -> Outcome:
        age = ctx.profile.age_on(ctx.on)
        if self.min is not None and age < self.min:
            when = birthday(ctx.profile.person.birth_date, self.min)
            return Outcome.unmet(
                Msg("you are {age}; the minimum age is {min}", age=age, min=self.min),
                AgeGap(until=when, min_age=self.min),
            )
        if self.max is not None and age > self.max:
            return Outcome.unmet(
                Msg("you are {age}; the maximum age is {max}", age=age, max=self.max)
            )
        return Outcome.met(Msg("you are {age}", age=age))

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        age = cp.age
        chain: Any = None
        if self.min is not None:
            chain = pl.when(age < self.min).then(cp.lit(State.CLOSABLE))
        if self.max is not None:
            cond = age > self.max
            chain = (pl.when(cond) if chain is None else chain.when(cond)).then(
                cp.lit(State.BLOCKED)
            )
        return cp.lit(State.MET) if chain is None else chain.otherwise(cp.lit(State.MET))
