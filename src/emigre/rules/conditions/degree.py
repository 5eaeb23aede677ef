"""`degree`: a completed qualification of at least a level."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from emigre.i18n import Msg
from emigre.profile_values import DEGREE_RANK, DegreeLevel
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


def degree_words(level: DegreeLevel) -> Msg:
    """A level as a reason says it ("a master's degree")."""
    return {
        "none": Msg("no completed degree"),
        "vocational": Msg("a vocational qualification"),
        "bachelor": Msg("a bachelor's degree"),
        "master": Msg("a master's degree"),
        "doctorate": Msg("a doctorate"),
    }[level]


def below_level(ctx: Context, min_level: DegreeLevel, below: Msg) -> Outcome | None:
    """Unknown when the highest degree is not given, unmet when it is under `min_level`
    (saying `below`, then the level needed and the person's: two conditions asking for different
    levels read differently); None when it reaches it (for conditions that ask more of it)."""
    have = ctx.profile.education.highest_degree
    if have is None:
        return Outcome.unknown(
            Msg("your highest degree is not given"), ["education.highest_degree"]
        )
    if DEGREE_RANK[have] >= DEGREE_RANK[min_level]:
        return None
    return Outcome.unmet(
        below
        + Msg(
            " (needs at least {need}, you have {have})",
            need=degree_words(min_level),
            have=degree_words(have),
        )
    )


class Degree(Base):
    """A completed qualification of at least the given level."""

    type: Literal["degree"]
    min_level: DegreeLevel

    def evaluate(self, ctx: Context) -> Outcome:
        have = ctx.profile.education.highest_degree
        if have is None:
            return Outcome.unknown(
                Msg("your highest degree is not given"), ["education.highest_degree"]
            )
        if DEGREE_RANK[have] >= DEGREE_RANK[self.min_level]:
            return Outcome.met(Msg("you have {have}", have=degree_words(have)))
        return Outcome.unmet(
            Msg(
                "needs at least {need}; you have {have}",
                need=degree_words(self.min_level),
                have=degree_words(have),
            )
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        have = pl.col("highest_degree")
        ok = [d for d, r in DEGREE_RANK.items() if r >= DEGREE_RANK[self.min_level]]
        return (
            pl.when(have.is_null())
            .then(cp.lit(State.UNKNOWN))
            .when(have.is_in(ok))
            .then(cp.lit(State.MET))
            .otherwise(cp.lit(State.BLOCKED))
        )
