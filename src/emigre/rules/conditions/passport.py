"""`passport_valid`: the passport stays valid for some months after the plan date."""

from __future__ import annotations

import calendar
from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from emigre.i18n import Msg
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


def months_later(day: date, months: int) -> date:
    """`day` moved by whole calendar months; a day the month lacks becomes its last day.

    >>> months_later(date(2026, 8, 31), 6)
    datetime.date(2027, 2, 28)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


class PassportValid(Base):
    """The passport (`person.passport_expires`) is still valid `months` months after the plan
    date; a passport about to run out is a step before any visa."""

    type: Literal["passport_valid"]
    months: int = Field(ge=0, le=240)

    def evaluate(self, ctx: Context) -> Outcome:
        expires = ctx.profile.person.passport_expires
        if expires is None:
            return Outcome.unknown(
                Msg("your passport's expiry date is not given"), ["person.passport_expires"]
            )
        need = months_later(ctx.on, self.months)
        text = Msg("your passport is valid until {date}", date=expires.isoformat())
        if expires >= need:
            return Outcome.met(text)
        return Outcome.unmet(
            text + Msg("; needed until at least {date}", date=need.isoformat()),
            step="document",
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        expires = pl.col("passport_expires")
        need = months_later(cp.on, self.months)
        return (
            pl.when(expires.is_null())
            .then(cp.lit(State.UNKNOWN))
            .when(expires >= pl.lit(need))
            .then(cp.lit(State.MET))
            .otherwise(cp.lit(State.CLOSABLE))
        )
