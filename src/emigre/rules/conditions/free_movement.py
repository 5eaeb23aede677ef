"""`free_movement`: the person may live and work in the route's country without any permit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from emigre.codes import country_in_sentence, country_names
from emigre.i18n import Lazy, Msg
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


class FreeMovementHere(Base):
    """One of the person's citizenships gives free movement in the route's country: that
    country's own, or one of a free-movement area whose destinations include it (the pairs
    `eu.free_movement.<area>.citizens` / `.destinations`, read at the date). Nothing closes it:
    a citizenship is not a step."""

    type: Literal["free_movement"]
    per_country = True

    def evaluate(self, ctx: Context) -> Outcome:
        from emigre.rules.evaluate import free_movement_in

        moves = free_movement_in(ctx.country, ctx)
        here = Lazy(country_in_sentence, ctx.country)
        if moves.citizenships:
            return Outcome.met(
                Msg(
                    "as a citizen of {names} you may live and work {country:in} without a permit",
                    names=Lazy(country_names, moves.citizenships),
                    country=here,
                ),
                because_of=moves.citizenships,
            )
        return Outcome.unmet(
            Msg(
                "none of your citizenships ({names}) gives free movement {country:in}",
                names=Lazy(country_names, ctx.profile.person.citizenship),
                country=here,
            )
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        from emigre.rules.evaluate import free_movement_citizens

        listed = free_movement_citizens(country, cp.params, cp.on)
        first, second = pl.col("citizenship"), pl.col("citizenship_2")
        hit = first.is_in(listed).fill_null(False) | second.is_in(listed).fill_null(False)
        return pl.when(hit).then(cp.lit(State.MET)).otherwise(cp.lit(State.BLOCKED))
