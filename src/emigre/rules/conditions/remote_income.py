"""`remote_income`: income from remote work for employers or clients abroad."""

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

    from emigre.knowledge.parameters import ParameterStore
    from emigre.population.compile import Compiler


class RemoteIncome(Base):
    """Income from remote work for employers or clients outside the route's country (and,
    with `employer_outside`, outside a list of countries such as the EU/EEA)."""

    type: Literal["remote_income"]
    min_monthly: ParamName
    foreign_employer: bool = True
    employer_outside: ParamName | None = None
    """Countries whose employers do not count either (unit countries), e.g. the EU and EEA."""
    held_months: int = 0
    """A remote job counts only once it has lasted this many months (e.g. income in each of the
    six months before the application)."""

    per_country = True

    def params(self) -> list[ParamRef]:
        out: list[ParamRef] = [("min_monthly", self.min_monthly, "money")]
        if self.employer_outside:
            out.append(("employer_outside", self.employer_outside, "countries"))
        return out

    def _since(self, on: date) -> date:
        """The latest start date of a job that counts on `on`."""
        return on - timedelta(days=round(self.held_months * DAYS_PER_MONTH))

    def _excluded(self, params: ParameterStore, on: date, country: str) -> list[str] | None:
        """Employer countries that do not count; None when the list is not known at the date."""
        if self.employer_outside is None:
            return [country]
        res = params.resolve(self.employer_outside, on)
        return [country, *res.value] if res.known else None

    def evaluate(self, ctx: Context) -> Outcome:
        res = ctx.params.resolve(self.min_monthly, ctx.on)
        if not res.known:
            return Outcome.missing_param(res, ctx.on)
        need = money_eur(ctx.fx, ctx.on, res, "month")
        if need is None:
            return Outcome.unknown(Msg("no exchange rate known for the threshold"), [], used=[res])
        need_txt = fmt(need, "EUR") + Msg(" a month")
        excluded = self._excluded(ctx.params, ctx.on, ctx.country)
        if excluded is None:
            return Outcome.unknown(
                Msg("the list of employer countries that do not count is not known for this date"),
                [],
                used=[res],
            )
        total = 0.0
        remote_jobs = [
            (i, j)
            for i, j in enumerate(ctx.profile.work, 1)
            if j.remote and j.start <= self._since(ctx.on) and (j.end is None or j.end >= ctx.on)
        ]
        if not remote_jobs:
            where = Lazy(country_name, ctx.country)
            return Outcome.unmet(
                Msg(
                    "needs remote income of at least {need} from outside {where}, from remote work held for at least {months} months; you list none",
                    need=need_txt,
                    where=where,
                    months=self.held_months,
                )
                if self.held_months
                else Msg(
                    "needs remote income of at least {need} from outside {where}; you list no current remote work",
                    need=need_txt,
                    where=where,
                ),
                RemoteIncomeGap(round(need, 2)),
                used=[res],
            )
        for i, job in remote_jobs:
            if self.foreign_employer and job.employer_country is None:
                return Outcome.unknown(
                    Msg("the employer's country of your remote job is not given"),
                    [f"work[{i}].employer_country"],
                    used=[res],
                )
            if self.foreign_employer and job.employer_country in excluded:
                continue
            if job.gross_monthly_salary is None or job.currency is None:
                return Outcome.unknown(
                    Msg("the salary of your remote job is not given"),
                    [f"work[{i}].gross_monthly_salary"],
                    used=[res],
                )
            conv = ctx.fx.convert(job.gross_monthly_salary, job.currency, "EUR", ctx.on)
            if conv is None:
                return Outcome.unknown(
                    Msg("no exchange rate known for {cur}", cur=job.currency),
                    [f"work[{i}].currency"],
                    used=[res],
                )
            total += conv.amount
        if total >= need:
            return Outcome.met(
                Msg(
                    "remote income of {have} a month meets {need}",
                    have=fmt(total, "EUR"),
                    need=need_txt,
                ),
                used=[res],
            )
        return Outcome.unmet(
            Msg(
                "remote income of {have} a month is below {need}",
                have=fmt(total, "EUR"),
                need=need_txt,
            ),
            RemoteIncomeGap(round(need, 2), round(total, 2)),
            used=[res],
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        res = cp.resolve(self.min_monthly)
        if not res.known:
            return cp.lit(State.UNKNOWN)
        need = cp.money(res, "month")
        if need is None:
            return cp.lit(State.UNKNOWN)
        on = cp.on
        excluded = self._excluded(cp.params, on, country)
        if excluded is None:
            return cp.lit(State.UNKNOWN)
        current: list[pl.Expr] = []
        bad: list[pl.Expr] = []
        total: pl.Expr = pl.lit(0.0, dtype=pl.Float64)
        for p in cp.layout.jobs:
            start, end = pl.col(f"{p}_start"), pl.col(f"{p}_end")
            emp = pl.col(f"{p}_employer_country")
            now = (
                pl.col(f"{p}_remote") & (start <= self._since(on)) & (end.is_null() | (end >= on))
            ).fill_null(False)
            skip = emp.is_in(excluded).fill_null(False) if self.foreign_employer else pl.lit(False)
            eur = cp.job_eur(p)
            missing = (
                pl.col(f"{p}_gross_monthly_salary").is_null()
                | pl.col(f"{p}_currency").is_null()
                | eur.is_null()
            )
            no_employer = emp.is_null() if self.foreign_employer else pl.lit(False)
            current.append(now)
            bad.append(now & (no_employer | (~skip & missing)))
            total = total + pl.when(now & ~skip).then(eur).otherwise(pl.lit(0.0))
        if not current:
            return cp.lit(State.CLOSABLE)
        return (
            pl.when(~pl.any_horizontal(current))
            .then(cp.lit(State.CLOSABLE))
            .when(pl.any_horizontal(bad))
            .then(cp.lit(State.UNKNOWN))
            .when(total >= need)
            .then(cp.lit(State.MET))
            .otherwise(cp.lit(State.CLOSABLE))
        )
