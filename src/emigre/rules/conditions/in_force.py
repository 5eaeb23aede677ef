"""`in_force`: the programme accepts applications (a dated yes/no parameter)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from emigre.base import ParamName
from emigre.i18n import Msg
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


class InForce(Base):
    """The programme accepts applications (a dated yes/no parameter: suspensions are facts too)."""

    type: Literal["in_force"]
    param: ParamName

    reads = {"param": "bool"}

    def evaluate(self, ctx: Context) -> Outcome:
        res = ctx.params.resolve(self.param, ctx.on)
        if not res.known:
            return Outcome.missing_param(res, ctx.on)
        if res.value:
            return Outcome.met(
                Msg("accepting applications (since {since})", since=res.since), used=[res]
            )
        return Outcome.unmet(
            Msg("not accepting applications since {since}", since=res.since), used=[res]
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        res = cp.resolve(self.param)
        if not res.known:
            return cp.lit(State.UNKNOWN)
        return cp.lit(State.MET if res.value else State.BLOCKED)
