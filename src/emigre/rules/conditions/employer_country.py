"""`employer_country`: a current job is paid by an employer in (or outside) listed countries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from emigre.codes import country_names
from emigre.i18n import Lazy, Msg
from emigre.rules.conditions.base import Context, Outcome
from emigre.rules.conditions.citizenship import InOrNotIn
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


class EmployerCountry(InOrNotIn):
    """A current job (started, not ended on the plan date) is with an employer based in the
    listed countries (`in`), or in none of them (`not_in`); e.g. pay from a country whose tax
    treaties are suspended."""

    type: Literal["employer_country"]

    def evaluate(self, ctx: Context) -> Outcome:
        listed, used = self.listed(ctx)
        if listed is None:
            return Outcome.missing_param(used[0], ctx.on)
        current = [
            (i, j)
            for i, j in enumerate(ctx.profile.work)
            if j.start <= ctx.on and (j.end is None or j.end >= ctx.on)
        ]
        hits = [j.employer_country for _i, j in current if j.employer_country in listed]
        if self.in_ and hits:
            names = Lazy(country_names, [c for c in dict.fromkeys(hits) if c])
            return Outcome.met(
                Msg("you are paid by an employer in {names}", names=names), used=used
            )
        if self.not_in and hits:
            names = Lazy(country_names, [c for c in dict.fromkeys(hits) if c])
            return Outcome.unmet(
                Msg("you are paid by an employer in {names}", names=names), used=used
            )
        blanks = [i for i, j in current if not j.employer_country]
        if blanks:
            return Outcome.unknown(
                Msg("the employer's country of a current job is not given"),
                [f"work.{i}.employer_country" for i in blanks],
                used=used,
            )
        text = Msg("no current job with an employer in the listed countries")
        return (Outcome.met if self.not_in else Outcome.unmet)(text, used=used)

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        listed = self.listed_columns(cp)
        if listed is None:
            return cp.lit(State.UNKNOWN)
        hits: list[pl.Expr] = []
        blanks: list[pl.Expr] = []
        for p in cp.layout.jobs:
            emp, now = pl.col(f"{p}_employer_country"), cp.job_held(p)
            hits.append(now & emp.is_in(listed).fill_null(False))
            blanks.append(now & emp.is_null())
        hit = pl.any_horizontal(hits) if hits else pl.lit(False)
        blank = pl.any_horizontal(blanks) if blanks else pl.lit(False)
        yes, no = (State.MET, State.BLOCKED) if self.in_ else (State.BLOCKED, State.MET)
        return (
            pl.when(hit)
            .then(cp.lit(yes))
            .when(blank)
            .then(cp.lit(State.UNKNOWN))
            .otherwise(cp.lit(no))
        )
