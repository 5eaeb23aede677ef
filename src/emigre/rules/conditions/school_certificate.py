"""`school_certificate`: the school-leaving certificate was issued in (or not in) listed countries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from emigre.codes import country_in_sentence
from emigre.i18n import Lazy, Msg
from emigre.rules.conditions.base import Context, Outcome
from emigre.rules.conditions.citizenship import InOrNotIn
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


class SchoolCertificate(InOrNotIn):
    """The school-leaving certificate was issued in one of the listed countries (`in`), or in none
    of them (`not_in`); e.g. a note on what a Russian certificate needs. Unknown when the profile
    does not say where it was issued; no step changes where it was (blocked otherwise)."""

    type: Literal["school_certificate"]

    def evaluate(self, ctx: Context) -> Outcome:
        listed, used = self.listed(ctx)
        where = ctx.profile.education.school_certificate
        if where is None:
            return Outcome.unknown(
                Msg("where your school certificate was issued is not given"),
                ["education.school_certificate"],
                used=used,
            )
        if listed is None:
            return Outcome.missing_param(used[0], ctx.on)
        inside = where in listed
        text = Msg(
            "your school certificate is from {country}", country=Lazy(country_in_sentence, where)
        )
        return (
            Outcome.met(text, used=used)
            if inside == bool(self.in_)
            else Outcome.unmet(text, used=used)
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        listed = self.listed_columns(cp)
        if listed is None:
            return cp.lit(State.UNKNOWN)
        if self.in_:
            return cp.choice_in("school_certificate", listed)
        import polars as pl

        cell = pl.col("school_certificate")
        return (
            pl.when(cell.is_null())
            .then(cp.lit(State.UNKNOWN))
            .when(cell.is_in(listed))
            .then(cp.lit(State.BLOCKED))
            .otherwise(cp.lit(State.MET))
        )
