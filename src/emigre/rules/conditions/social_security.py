"""`social_security`: social-security cover for remote work, from agreements between countries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from emigre.base import ParamName
from emigre.codes import country_in_sentence, country_names
from emigre.i18n import Lazy, Msg
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.conditions.remote_income import employer_unknown, remote_jobs
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


class SocialSecurity(Base):
    """Social-security cover while working remotely from the route's country for employers
    abroad: met when the employer's country has a social-security agreement with the route's
    country *and* is known to issue certificates of coverage for remote workers (`certificates`);
    otherwise "unknown", naming the fallback (the employer registers in the route's country).
    Never "blocked": that fallback is always open in law, but a profile cannot show it."""

    type: Literal["social_security"]
    agreements: ParamName
    """Countries with a social-security agreement in force with the route's country."""
    certificates: ParamName
    """Of those, countries known to issue the certificate of coverage for remote workers."""

    per_country = True

    reads = {"agreements": "countries", "certificates": "countries"}

    def evaluate(self, ctx: Context) -> Outcome:
        agr = ctx.params.resolve(self.agreements, ctx.on)
        cert = ctx.params.resolve(self.certificates, ctx.on)
        for res in (agr, cert):
            if not res.known:
                return Outcome.missing_param(res, ctx.on)
        used = [agr, cert]
        here = Lazy(country_in_sentence, ctx.country)
        jobs = remote_jobs(ctx, ctx.on)
        if not jobs:
            return Outcome.unknown(
                Msg(
                    "social-security cover depends on your remote employer's country; you list no current remote work"
                ),
                [],
                used=used,
            )
        for i, job in jobs:
            if job.employer_country is None:
                return employer_unknown(i, used)
        countries = sorted({j.employer_country for _i, j in jobs if j.employer_country})
        for cc in countries:
            where = Lazy(country_in_sentence, cc)
            if cc not in agr.value:
                return Outcome.unknown(
                    Msg(
                        "{here} has no social-security agreement with {where}: your employer "
                        "must register with {here}'s social security (the self-employed register "
                        "themselves); ask whether it will",
                        here=here,
                        where=where,
                    ),
                    [],
                    used=used,
                )
            if cc not in cert.value:
                return Outcome.unknown(
                    Msg(
                        "{here} has a social-security agreement with {where}, but it is not known "
                        "whether {where} issues the certificate of coverage for remote workers; "
                        "ask its social-security fund, or your employer must register in {here}",
                        here=here,
                        where=where,
                    ),
                    [],
                    used=used,
                )
        return Outcome.met(
            Msg(
                "a certificate of coverage from {where} under its agreement with {here} covers you",
                where=Lazy(country_names, countries),
                here=here,
            ),
            used=used,
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        agr, cert = cp.resolve(self.agreements), cp.resolve(self.certificates)
        if not (agr.known and cert.known):
            return cp.lit(State.UNKNOWN)
        ok = [c for c in cert.value if c in agr.value]
        current: list[pl.Expr] = []
        fine: list[pl.Expr] = []
        for p in cp.layout.jobs:
            emp, now = pl.col(f"{p}_employer_country"), cp.job_held(p, remote=True)
            current.append(now)
            fine.append(~now | emp.is_in(ok).fill_null(False))
        if not current:
            return cp.lit(State.UNKNOWN)
        return (
            pl.when(pl.any_horizontal(current) & pl.all_horizontal(fine))
            .then(cp.lit(State.MET))
            .otherwise(cp.lit(State.UNKNOWN))
        )
