"""`net_remote_income`: remote income after tax, estimated from the gross salary in a profile."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import TYPE_CHECKING, Literal

from emigre.codes import country_in_sentence
from emigre.i18n import Lazy, Msg
from emigre.money import fmt
from emigre.rules.conditions.base import Context, Outcome
from emigre.rules.conditions.remote_income import RemoteWork, employer_unknown
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


class NetRemoteIncome(RemoteWork):
    """Net (after-tax) income from remote work for employers or clients outside the route's
    country. The net is estimated from the gross salary with a dated, sourced range of the share
    kept in the country that taxes the income (the employer's country); within that range of
    the threshold the answer is "unknown", and without an estimate for the country it is too."""

    type: Literal["net_remote_income"]

    def evaluate(self, ctx: Context) -> Outcome:
        threshold = self._threshold(ctx)
        if isinstance(threshold, Outcome):
            return threshold
        res, need, need_txt = threshold
        used = [res]
        jobs = self._jobs(ctx)
        if not jobs:
            where = Lazy(country_in_sentence, ctx.country)
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
                return employer_unknown(i, used)
            if self.foreign_employer and job.employer_country == ctx.country:
                continue
            pay = self._pay_eur(ctx, i, job, used)
            if isinstance(pay, Outcome):
                return pay
            share = net_share(ctx.params, job.employer_country, ctx.on)
            if share is None:
                return Outcome.unknown(
                    Msg(
                        "the threshold of {need} is net (after tax); emigre has no estimate of "
                        "net pay for income taxed in {where}: compare your net pay yourself",
                        need=need_txt,
                        where=Lazy(country_in_sentence, job.employer_country),
                    ),
                    [],
                    used=used,
                )
            used.extend(share[2])
            low += pay * share[0]
            high += pay * share[1]
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

        need = self._column_threshold(cp)
        if need is None:
            return cp.lit(State.UNKNOWN)
        shares: dict[str, tuple[float, float]] = {}
        for name in cp.params.parameters:
            if name.endswith(".net_of_gross.low"):
                cc = name.split(".")[0].upper()
                got = net_share(cp.params, cc, cp.on)
                if got is not None:
                    shares[cc] = got[0], got[1]
        current: list[pl.Expr] = []
        bad: list[pl.Expr] = []
        low: pl.Expr = pl.lit(0.0, dtype=pl.Float64)
        high: pl.Expr = pl.lit(0.0, dtype=pl.Float64)
        for now, emp, eur, missing in self._columns(cp):
            skip = (emp == country).fill_null(False) if self.foreign_employer else pl.lit(False)

            def share(k: int, emp: pl.Expr = emp) -> pl.Expr:
                if not shares:
                    return pl.lit(None, dtype=pl.Float64)
                values = [s[k] for s in shares.values()]
                # A shared column (one per job slot and table of shares): a condition asks it
                # three times, and several routes ask the same one.
                table = repr(sorted(zip(shares, values, strict=True))).encode()
                key = f"_net_share_{emp.meta.output_name()}_{hashlib.sha1(table).hexdigest()[:12]}"
                return cp.derive(
                    key,
                    lambda: emp.replace_strict(
                        list(shares), values, default=None, return_dtype=pl.Float64
                    ),
                )

            s_low, s_high = share(0), share(1)
            current.append(now)
            bad.append(now & (emp.is_null() | (~skip & (missing | s_low.is_null()))))
            counted = now & ~skip
            low = low + pl.when(counted).then(eur * s_low).otherwise(pl.lit(0.0))
            high = high + pl.when(counted).then(eur * s_high).otherwise(pl.lit(0.0))
        return self._decide(cp, current, bad, low >= need, high < need)
