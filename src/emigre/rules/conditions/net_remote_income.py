"""`net_remote_income`: remote income after tax, estimated from the gross salary in a profile."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from emigre.base import ParamName
from emigre.codes import country_name
from emigre.i18n import Lazy, Msg
from emigre.money import fmt
from emigre.rules.conditions.base import DAYS_PER_MONTH, Base, Context, Outcome, ParamRef, money_eur
from emigre.rules.gaps import RemoteIncomeGap
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.knowledge.parameters import ParameterStore, Resolved
    from emigre.population.compile import Compiler


def net_share(
    params: ParameterStore, country: str, on: date
) -> tuple[float, float, list[Resolved]] | None:
    """The (low, high) share of gross pay kept after income tax and employee contributions for
    income taxed in `country`, from the dated parameters `<cc>.net_of_gross.low/high`; None
    when no estimate is known (then the net income is unknown, never guessed)."""
    base = f"{country.lower()}.net_of_gross"
    if f"{base}.low" not in params or f"{base}.high" not in params:
        return None
    low, high = params.resolve(f"{base}.low", on), params.resolve(f"{base}.high", on)
    if not (low.known and high.known):
        return None
    return float(low.value), float(high.value), [low, high]


class NetRemoteIncome(Base):
    """Net (after-tax) income from remote work for employers or clients outside the route's
    country. The net is estimated from the gross salary with a dated, sourced range of the share
    kept in the country that taxes the income (the employer's country); within that range of
    the threshold the answer is "unknown", and without an estimate for the country it is too."""

    type: Literal["net_remote_income"]
    min_monthly: ParamName
    """The net monthly threshold."""
    foreign_employer: bool = True
    held_months: int = 0
    """A remote job counts only once it has lasted this many months (e.g. six months of income
    before the application)."""

    per_country = True

    def _since(self, on: date) -> date:
        """The latest start date of a job that counts on `on`."""
        return on - timedelta(days=round(self.held_months * DAYS_PER_MONTH))

    def params(self) -> list[ParamRef]:
        return [("min_monthly", self.min_monthly, "money")]

    def evaluate(self, ctx: Context) -> Outcome:
        res = ctx.params.resolve(self.min_monthly, ctx.on)
        if not res.known:
            return Outcome.missing_param(res, ctx.on)
        need = money_eur(ctx.fx, ctx.on, res, "month")
        if need is None:
            return Outcome.unknown(Msg("no exchange rate known for the threshold"), [], used=[res])
        need_txt = fmt(need, "EUR") + Msg(" a month")
        used = [res]
        jobs = [
            (i, j)
            for i, j in enumerate(ctx.profile.work, 1)
            if j.remote and j.start <= self._since(ctx.on) and (j.end is None or j.end >= ctx.on)
        ]
        if not jobs:
            where = Lazy(country_name, ctx.country)
            why = (
                Msg(
                    "needs remote income of at least {need} after tax from outside {where}, "
                    "from remote work held for at least {months} months; you list none",
                    need=need_txt,
                    where=where,
                    months=self.held_months,
                )
                if self.held_months
                else Msg(
                    "needs remote income of at least {need} after tax from outside {where}; "
                    "you list no current remote work",
                    need=need_txt,
                    where=where,
                )
            )
            return Outcome.unmet(why, RemoteIncomeGap(round(need, 2)), used=used)
        low = high = 0.0
        for i, job in jobs:
            if job.employer_country is None:
                return Outcome.unknown(
                    Msg("the employer's country of your remote job is not given"),
                    [f"work[{i}].employer_country"],
                    used=used,
                )
            if self.foreign_employer and job.employer_country == ctx.country:
                continue
            if job.gross_monthly_salary is None or job.currency is None:
                return Outcome.unknown(
                    Msg("the salary of your remote job is not given"),
                    [f"work[{i}].gross_monthly_salary"],
                    used=used,
                )
            conv = ctx.fx.convert(job.gross_monthly_salary, job.currency, "EUR", ctx.on)
            if conv is None:
                return Outcome.unknown(
                    Msg("no exchange rate known for {cur}", cur=job.currency),
                    [f"work[{i}].currency"],
                    used=used,
                )
            share = net_share(ctx.params, job.employer_country, ctx.on)
            if share is None:
                return Outcome.unknown(
                    Msg(
                        "the threshold of {need} is net (after tax); emigre has no estimate of "
                        "net pay for income taxed in {where}: compare your net pay yourself",
                        need=need_txt,
                        where=Lazy(country_name, job.employer_country),
                    ),
                    [],
                    used=used,
                )
            used.extend(share[2])
            low += conv.amount * share[0]
            high += conv.amount * share[1]
        band = Msg("{low} to {high} a month", low=fmt(low, "EUR"), high=fmt(high, "EUR"))
        if low >= need:
            return Outcome.met(
                Msg("estimated net remote income of {band} meets {need}", band=band, need=need_txt),
                used=used,
            )
        if high < need:
            return Outcome.unmet(
                Msg(
                    "estimated net remote income of {band} is below {need}",
                    band=band,
                    need=need_txt,
                ),
                RemoteIncomeGap(round(need, 2), round(high, 2)),
                used=used,
            )
        return Outcome.unknown(
            Msg(
                "estimated net remote income of {band} is too close to {need} to tell: "
                "compare your net payslips with the threshold",
                band=band,
                need=need_txt,
            ),
            [],
            used=used,
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        res = cp.resolve(self.min_monthly)
        if not res.known:
            return cp.lit(State.UNKNOWN)
        need = cp.money(res, "month")
        if need is None:
            return cp.lit(State.UNKNOWN)
        shares: dict[str, tuple[float, float]] = {}
        for name in cp.params.parameters:
            if name.endswith(".net_of_gross.low"):
                cc = name.split(".")[0].upper()
                got = net_share(cp.params, cc, cp.on)
                if got is not None:
                    shares[cc] = got[0], got[1]
        on, since = cp.on, self._since(cp.on)
        current: list[pl.Expr] = []
        bad: list[pl.Expr] = []
        low: pl.Expr = pl.lit(0.0, dtype=pl.Float64)
        high: pl.Expr = pl.lit(0.0, dtype=pl.Float64)
        for p in cp.layout.jobs:
            start, end = pl.col(f"{p}_start"), pl.col(f"{p}_end")
            emp = pl.col(f"{p}_employer_country")
            now = (
                pl.col(f"{p}_remote") & (start <= since) & (end.is_null() | (end >= on))
            ).fill_null(False)
            skip = (emp == country).fill_null(False) if self.foreign_employer else pl.lit(False)
            eur = cp.job_eur(p)

            def share(k: int, emp: pl.Expr = emp) -> pl.Expr:
                if not shares:
                    return pl.lit(None, dtype=pl.Float64)
                return emp.replace_strict(
                    list(shares),
                    [s[k] for s in shares.values()],
                    default=None,
                    return_dtype=pl.Float64,
                )

            s_low, s_high = share(0), share(1)
            missing = (
                pl.col(f"{p}_gross_monthly_salary").is_null()
                | pl.col(f"{p}_currency").is_null()
                | eur.is_null()
                | s_low.is_null()
            )
            current.append(now)
            bad.append(now & (emp.is_null() | (~skip & missing)))
            counted = now & ~skip
            low = low + pl.when(counted).then(eur * s_low).otherwise(pl.lit(0.0))
            high = high + pl.when(counted).then(eur * s_high).otherwise(pl.lit(0.0))
        if not current:
            return cp.lit(State.CLOSABLE)
        return (
            pl.when(~pl.any_horizontal(current))
            .then(cp.lit(State.CLOSABLE))
            .when(pl.any_horizontal(bad))
            .then(cp.lit(State.UNKNOWN))
            .when(low >= need)
            .then(cp.lit(State.MET))
            .when(high < need)
            .then(cp.lit(State.CLOSABLE))
            .otherwise(cp.lit(State.UNKNOWN))
        )
