"""`residence`: lives in (or not in) the listed countries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from emigre.codes import country_in_sentence
from emigre.i18n import Lazy, Msg
from emigre.rules.conditions.base import Context, Outcome
from emigre.rules.conditions.citizenship import InOrNotIn
from emigre.rules.gaps import WaitGap
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


class Residence(InOrNotIn):
    """Lives in (or not in) the listed countries, e.g. where a consulate accepts applications."""

    type: Literal["residence"]

    def evaluate(self, ctx: Context) -> Outcome:
        listed, used = self.listed(ctx)
        where = ctx.profile.person.residence
        if where is None:
            return Outcome.unknown(
                Msg("your country of residence is not given"), ["person.residence"], used=used
            )
        if listed is None:
            return Outcome.missing_param(used[0], ctx.on)
        inside = where in listed
        ok = inside if self.in_ else not inside
        text = Msg("you live in {country}", country=Lazy(country_in_sentence, where))
        # Moving elsewhere first is a real option: a person can apply from a third country.
        if ok:
            return Outcome("met", text, used=used)
        return Outcome("unmet", text, step="wait", used=used, gap=WaitGap())

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        where = pl.col("residence")
        listed = self.listed_columns(cp)
        if listed is None:
            return cp.lit(State.UNKNOWN)
        inside = where.is_in(listed)
        ok = inside if self.in_ else ~inside
        return (
            pl.when(where.is_null())
            .then(cp.lit(State.UNKNOWN))
            .when(ok)
            .then(cp.lit(State.MET))
            .otherwise(cp.lit(State.CLOSABLE))
        )
