"""`political_record`: the person's record of political persecution."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from emigre.i18n import Msg
from emigre.profile import PoliticalRecord
from emigre.rules.conditions.base import Base, Context, Outcome

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


class PoliticalRecordIs(Base):
    """The person's record of political persecution is one of the listed kinds."""

    type: Literal["political_record"]
    in_: list[PoliticalRecord] = Field(alias="in", min_length=1)

    def evaluate(self, ctx: Context) -> Outcome:
        rec = ctx.profile.person.political_record
        if rec is None:
            return Outcome.unknown(
                Msg("whether you were persecuted for political activity is not given"),
                ["person.political_record"],
            )
        if rec in self.in_:
            return Outcome.met(Msg("your record: {rec}", rec=rec))
        return Outcome.unmet(Msg("your record: {rec}", rec=rec))

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        return cp.choice_in("political_record", self.in_)
