"""`remote_income`: income from remote work for employers or clients abroad; `RemoteWork`, what
it shares with `net_remote_income`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from emigre.base import ParamName
from emigre.codes import country_in_sentence
from emigre.i18n import Lazy, Msg
from emigre.money import fmt
from emigre.rules.conditions.base import (
    DAYS_PER_MONTH,
    Base,
    Context,
    Outcome,
    required_eur,
)
from emigre.rules.gaps import RemoteIncomeGap
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.knowledge.parameters import ParameterStore, Resolved
    from emigre.population.compile import Compiler
    from emigre.profile import Job


def remote_jobs(ctx: Context, since: date) -> list[tuple[int, Job]]:
    """The remote jobs (numbered as in the profile) held at the date and begun by `since`."""
    return [
        (i, j)
        for i, j in enumerate(ctx.profile.work, 1)
        if j.remote and j.start <= since and (j.end is None or j.end >= ctx.on)
    ]


def employer_unknown(i: int, used: list[Resolved]) -> Outcome:
    """Unknown: the country of the employer of remote job `i` is not given."""
    return Outcome.unknown(
        Msg("the employer's country of your remote job is not given"),
        [f"work[{i}].employer_country"],
        used=used,
    )


class RemoteWork(Base):
    """What the remote-income conditions share: a monthly threshold, the remote jobs held long
    enough at the date, and each job's pay in EUR (or what is missing to know it), in both
    faces."""

    min_monthly: ParamName
    """The monthly threshold (after tax for `net_remote_income`)."""
    foreign_employer: bool = True
    held_months: int = Field(default=0, ge=0)
    """A remote job counts only once it has lasted this many months (e.g. income in each of the
    six months before the application)."""

    per_country = True

    reads = {"min_monthly": "money"}

    def _since(self, on: date) -> date:
        """The latest start date of a job that counts on `on`."""
        return on - timedelta(days=round(self.held_months * DAYS_PER_MONTH))

    def _threshold(self, ctx: Context) -> tuple[Resolved, float, Msg] | Outcome:
        """The threshold in EUR a month and as the reader sees it, or why it is not known."""
        required = required_eur(
            ctx, self.min_monthly, "month", Msg("no exchange rate known for the threshold")
        )
        if isinstance(required, Outcome):
            return required
        res, need = required
        return res, need, fmt(need, "EUR") + Msg(" a month")

    def _jobs(self, ctx: Context) -> list[tuple[int, Job]]:
        """The remote jobs (numbered as in the profile) held at the date for long enough."""
        return remote_jobs(ctx, self._since(ctx.on))

    @staticmethod
    def _pay_eur(ctx: Context, i: int, job: Job, used: list[Resolved]) -> float | Outcome:
        """A job's gross monthly pay in EUR, or unknown naming the missing field."""
        if job.gross_monthly_salary is None or job.currency is None:
            return Outcome.unknown(
                Msg("the salary of your remote job is not given"),
                [f"work[{i}].gross_monthly_salary"],
                used=used,
            )
        conv = ctx.fx.convert(job.gross_monthly_salary, job.currency, "EUR", ctx.on)
        if conv is None:
            return Outcome.without_rate(
                Msg("no exchange rate known for {cur}", cur=job.currency),
                job.currency,
                used=used,
            )
        return conv.amount

    def _column_threshold(self, cp: Compiler) -> float | None:
        res = cp.resolve(self.min_monthly)
        return cp.money(res, "month") if res.known else None

    def _columns(self, cp: Compiler) -> Iterator[tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]]:
        """For each job slot of the table: whether it counts now, the employer's country, the
        pay in EUR and whether the pay cannot be known."""
        import polars as pl

        since = self._since(cp.on)
        for p in cp.layout.jobs:
            now, eur = cp.job_held(p, since, remote=True), cp.job_eur(p)
            missing = (
                pl.col(f"{p}_gross_monthly_salary").is_null()
                | pl.col(f"{p}_currency").is_null()
                | eur.is_null()
            )
            yield now, pl.col(f"{p}_employer_country"), eur, missing

    @staticmethod
    def _decide(
        cp: Compiler, current: list[pl.Expr], bad: list[pl.Expr], met: pl.Expr, short: pl.Expr
    ) -> pl.Expr:
        """No job held: closable (find one); a job whose pay cannot be known: unknown; then met
        where `met`, closable where `short` (below the threshold), else unknown."""
        import polars as pl

        if not current:
            return cp.lit(State.CLOSABLE)
        return (
            pl.when(~pl.any_horizontal(current))
            .then(cp.lit(State.CLOSABLE))
            .when(pl.any_horizontal(bad))
            .then(cp.lit(State.UNKNOWN))
            .when(met)
            .then(cp.lit(State.MET))
            .when(short)
            .then(cp.lit(State.CLOSABLE))
            .otherwise(cp.lit(State.UNKNOWN))
        )


class RemoteIncome(RemoteWork):
    """Income from remote work for employers or clients outside the route's country (and,
    with `employer_outside`, outside a list of countries such as the EU/EEA)."""

    type: Literal["remote_income"]
    employer_outside: ParamName | None = None
    """Countries whose employers do not count either (unit countries), e.g. the EU and EEA."""

    reads = {**RemoteWork.reads, "employer_outside": "countries"}

    def _excluded(self, params: ParameterStore, on: date, country: str) -> list[str] | None:
        """Employer countries that do not count; None when the list is not known at the date."""
        if self.employer_outside is None:
            return [country]
        res = params.resolve(self.employer_outside, on)
        return [country, *res.value] if res.known else None

    def evaluate(self, ctx: Context) -> Outcome:
        threshold = self._threshold(ctx)
        if isinstance(threshold, Outcome):
            return threshold
        res, need, need_txt = threshold
        excluded = self._excluded(ctx.params, ctx.on, ctx.country)
        if excluded is None:
            return Outcome.unknown(
                Msg("the list of employer countries that do not count is not known for this date"),
                [],
                used=[res],
            )
        total = 0.0
        remote_jobs = self._jobs(ctx)
        if not remote_jobs:
            where = Lazy(country_in_sentence, ctx.country)
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
                return employer_unknown(i, [res])
            if self.foreign_employer and job.employer_country in excluded:
                continue
            pay = self._pay_eur(ctx, i, job, [res])
            if isinstance(pay, Outcome):
                return pay
            total += pay
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

        need = self._column_threshold(cp)
        excluded = self._excluded(cp.params, cp.on, country)
        if need is None or excluded is None:
            return cp.lit(State.UNKNOWN)
        current: list[pl.Expr] = []
        bad: list[pl.Expr] = []
        total: pl.Expr = pl.lit(0.0, dtype=pl.Float64)
        for now, emp, eur, missing in self._columns(cp):
            skip = emp.is_in(excluded).fill_null(False) if self.foreign_employer else pl.lit(False)
            no_employer = emp.is_null() if self.foreign_employer else pl.lit(False)
            current.append(now)
            bad.append(now & (no_employer | (~skip & missing)))
            total = total + pl.when(now & ~skip).then(eur).otherwise(pl.lit(0.0))
        return self._decide(cp, current, bad, total >= need, pl.lit(True))
