"""`funds`: savings of at least an amount (proof of funds, blocked account)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from emigre.base import ParamName
from emigre.i18n import Msg
from emigre.money import fmt
from emigre.rules.conditions.base import (
    Base,
    Context,
    Outcome,
    required_eur,
)
from emigre.rules.gaps import FundsGap
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


class Funds(Base):
    """Savings of at least an amount (proof of funds, blocked account), converted at the date."""

    type: Literal["funds"]
    min_amount: ParamName
    months: float = Field(default=1, ge=0)
    """Multiplier for a monthly amount (e.g. 12 months of living costs)."""

    reads = {"min_amount": "money"}

    def evaluate(self, ctx: Context) -> Outcome:
        required = required_eur(
            ctx, self.min_amount, "total", Msg("no exchange rate known for the required amount")
        )
        if isinstance(required, Outcome):
            return required
        res, need = required
        if res.unit.endswith("/month"):
            need *= self.months
        money = ctx.profile.money
        if money is None or money.savings is None:
            return Outcome.unknown(Msg("your savings are not given"), ["money.savings"], used=[res])
        conv = ctx.fx.convert(money.savings, money.currency, "EUR", ctx.on)
        if conv is None:
            return Outcome.without_rate(
                Msg(
                    "no exchange rate known for {cur}; cannot compare your savings",
                    cur=money.currency,
                ),
                money.currency,
                used=[res],
            )
        have = conv.amount
        txt = {"have": fmt(have, "EUR"), "need": fmt(need, "EUR")}
        gap = FundsGap(amount_eur=round(need, 2), have_eur=round(have, 2))
        if have >= need:
            return Outcome.met(
                Msg("your savings of {have} cover the {need} required", **txt),
                used=[res],
                gap=gap,
            )
        return Outcome.unmet(
            Msg("{need} must be shown; your savings are {have}", **txt), gap, used=[res]
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        res = cp.resolve(self.min_amount)
        if not res.known:
            return cp.lit(State.UNKNOWN)
        need = cp.money(res, "total")
        if need is None:
            return cp.lit(State.UNKNOWN)
        if res.unit.endswith("/month"):
            need *= self.months
        have = cp.derive(
            "_savings_eur", lambda: cp.to_eur(pl.col("savings"), pl.col("money_currency"))
        )
        return (
            pl.when(pl.col("money_currency").is_null() | have.is_null())
            .then(cp.lit(State.UNKNOWN))
            .when(have >= need)
            .then(cp.lit(State.MET))
            .otherwise(cp.lit(State.CLOSABLE))
        )
