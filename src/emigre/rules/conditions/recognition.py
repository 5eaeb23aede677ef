"""`recognition`: a professional qualification from abroad recognised by the route's country."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from emigre.base import Text
from emigre.codes import country_in_sentence
from emigre.i18n import Lazy, Msg, pick
from emigre.profile_values import DEGREE_RANK, DegreeLevel
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.conditions.degree import below_level
from emigre.rules.gaps import RecognitionGap
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


class Recognition(Base):
    """A qualification of at least `min_level` that the route's country recognises: one awarded
    there counts as it is; one from abroad needs the competent authority's recognition procedure
    (a step with its own duration), whose outcome emigre cannot foresee -- a partial recognition
    leads to adaptation measures, which the route's notes explain."""

    type: Literal["recognition"]
    min_level: DegreeLevel = "vocational"
    authority: Text | None = None
    """Who decides (e.g. "the Land authority for health professions"), shown in the step."""

    per_country = True

    def evaluate(self, ctx: Context) -> Outcome:
        edu = ctx.profile.education
        below = Msg("there is no qualification to recognise at the level needed")
        if (out := below_level(ctx, self.min_level, below)) is not None:
            return out
        if edu.degree_country is None:
            return Outcome.unknown(
                Msg("where your qualification was awarded is not given"),
                ["education.degree_country"],
            )
        here = Lazy(country_in_sentence, ctx.country)
        if edu.degree_country == ctx.country:
            return Outcome.met(Msg("a qualification from {here} needs no recognition", here=here))
        who = Lazy(pick, self.authority) if self.authority else Msg("the competent authority")
        return Outcome.unmet(
            Msg(
                "a qualification from {src} must be recognised as equivalent in {here} by {who}",
                src=Lazy(country_in_sentence, edu.degree_country),
                here=here,
                who=who,
            ),
            RecognitionGap(edu.degree_country, what=self.authority, professional=True),
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        have = pl.col("highest_degree")
        where = pl.col("degree_country")
        ok = [d for d, r in DEGREE_RANK.items() if r >= DEGREE_RANK[self.min_level]]
        return (
            pl.when(have.is_null())
            .then(cp.lit(State.UNKNOWN))
            .when(~have.is_in(ok))
            .then(cp.lit(State.BLOCKED))
            .when(where.is_null())
            .then(cp.lit(State.UNKNOWN))
            .when(where == country)
            .then(cp.lit(State.MET))
            .otherwise(cp.lit(State.CLOSABLE))
        )
