"""`passive_income`: income a month not from work (a pension, rent, investments) of at least an
amount, as routes for living on one's own means ask."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from emigre.base import ParamName
from emigre.i18n import Msg
from emigre.money import fmt
from emigre.rules.conditions.base import (
    Base,
    Context,
    Outcome,
    required_eur,
)
from emigre.rules.gaps import PassiveIncomeGap
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler

_KIND = {
    "pension": Msg("your pension"),
    "rental": Msg("your rental income"),
    "investment": Msg("your investment income"),
    "other": Msg("your income not from work"),
}


class PassiveIncome(Base):
    """Income a month not from work -- a pension, rent, investments (`money.passive_income`) --
    of at least `min_monthly`, converted at the date. Unknown while the profile does not give
    it: 0 is an answer, an absent field is not. Below the amount the condition is unmet with
    the shortfall in EUR and in the income's currency; no plan step raises a pension, so it
    closes only through another branch (savings, where a route accepts them instead)."""

    type: Literal["passive_income"]
    min_monthly: ParamName
    """The monthly amount (unit money a month)."""

    reads = {"min_monthly": "money"}

    def evaluate(self, ctx: Context) -> Outcome:
        required = required_eur(
            ctx, self.min_monthly, "month", Msg("no exchange rate known for the required amount")
        )
        if isinstance(required, Outcome):
            return required
        res, need = required
        money = ctx.profile.money
        if money is None or money.passive_income is None:
            return Outcome.unknown(
                Msg("your income not from work (a pension, rent, investments) is not given"),
                ["money.passive_income"],
                used=[res],
            )
        cur = money.passive_currency
        conv = ctx.fx.convert(money.passive_income, cur, "EUR", ctx.on)
        if conv is None:
            return Outcome.without_rate(
                Msg("no exchange rate known for {cur}; cannot compare your income", cur=cur),
                cur,
                used=[res],
            )
        have = conv.amount
        what = _KIND[money.passive_income_kind or "other"]
        gap = PassiveIncomeGap(round(need, 2), round(have, 2))
        if have >= need:
            return Outcome.met(
                Msg(
                    "{what} of {have} a month meets the {need} a month required",
                    what=what,
                    have=fmt(have, "EUR"),
                    need=fmt(need, "EUR"),
                ),
                used=[res],
                gap=gap,
            )
        short = need - have
        # The shortfall in the income's own currency, at the rate that converted the income.
        short_own: float | None = None
        if cur != "EUR" and have > 0:
            short_own = short * money.passive_income / have
        elif cur != "EUR":
            back = ctx.fx.convert(short, "EUR", cur, ctx.on)
            short_own = None if back is None else back.amount
        if short_own is None:
            return Outcome.unmet(
                Msg(
                    "needs income not from work of at least {need} a month; {what} is {have}:"
                    " {short} a month short",
                    need=fmt(need, "EUR"),
                    what=what,
                    have=fmt(have, "EUR"),
                    short=fmt(short, "EUR"),
                ),
                gap,
                used=[res],
            )
        return Outcome.unmet(
            Msg(
                "needs income not from work of at least {need} a month; {what} is {have}"
                " ({own}): {short} a month short ({short_own})",
                need=fmt(need, "EUR"),
                what=what,
                have=fmt(have, "EUR"),
                own=fmt(money.passive_income, cur),
                short=fmt(short, "EUR"),
                short_own=fmt(short_own, cur),
            ),
            gap,
            used=[res],
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        # Population tables have no column for income not from work: unknown, as a profile
        # without the field is.
        return cp.lit(State.UNKNOWN)
