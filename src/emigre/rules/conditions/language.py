"""`language`: a CEFR level (or better) in a language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from emigre.codes import language_name
from emigre.i18n import Lazy, Msg
from emigre.language import LEVEL_RANK, CefrLevel, at_least
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.gaps import LanguageGap
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


class Language(Base):
    """A CEFR level (or better) in a language."""

    type: Literal["language"]
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    level: CefrLevel
    exams: list[str] = []
    """Certificates accepted as proof (ids in data/languages/exams.yaml), best first."""
    in_country_course: bool = False
    """The level is reached in a preparatory language course in the country (e.g. the Czech or
    Slovak year before university): the plan moves for the course instead of learning at home,
    and the course lasts the route's `timeline.preparatory_months`."""

    def evaluate(self, ctx: Context) -> Outcome:
        have = ctx.profile.level(self.language)
        name = Lazy(language_name, self.language)
        shown = have or Msg("none")
        if at_least(have, self.level):
            return Outcome.met(
                Msg(
                    "{lang}: you have {have}, {need} needed", lang=name, have=shown, need=self.level
                )
            )
        if self.in_country_course:
            reason = Msg(
                "{lang}: {need} needed, you have {have}; reached in a preparatory course in the "
                "country",
                lang=name,
                need=self.level,
                have=shown,
            )
        else:
            reason = Msg(
                "{lang}: {need} needed, you have {have}", lang=name, need=self.level, have=shown
            )
        return Outcome.unmet(
            reason,
            LanguageGap(language=self.language, have=have, need=self.level),
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        ok = [lvl for lvl, r in LEVEL_RANK.items() if r >= LEVEL_RANK[self.level]]
        have = cp.col(f"lang_{self.language}")
        return (
            pl.when(have.is_in(ok).fill_null(False))
            .then(cp.lit(State.MET))
            .otherwise(cp.lit(State.CLOSABLE))
        )
