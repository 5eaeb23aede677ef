"""`licence`: a regulated profession needs its licence to practise before the permit."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from emigre import occupations
from emigre.base import ParamName
from emigre.codes import country_in_sentence
from emigre.i18n import N_, Lazy, Msg
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.conditions.experience import Experience, IscoCode
from emigre.rules.conditions.occupation import offered_job
from emigre.rules.gaps import LicenceGap
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler
    from emigre.profile import Profile


@cache
def _held(cid: str, codes: tuple[str, ...]) -> Experience:
    """Work in the regulated groups, as the experience condition counts it (the same days in
    both faces); built once per list, not per person. Made without its validator (which a
    warm run would otherwise build for this alone): the id is this condition's, checked when
    the route was, and the codes are a checked `occupations` parameter's."""
    return Experience.model_construct(id=cid, type="experience", occupations=list(codes), years=0.1)


#: Why the condition holds, by the licence's status.
_HELD: dict[str, str] = {
    "granted": N_(
        "you hold the licence to practise your regulated profession (ISCO {isco}) in {where}"
    ),
    "promised": N_(
        "you hold a written promise of the licence to practise your regulated profession"
        " (ISCO {isco}) in {where}"
    ),
}


def _regulated_work(profile: Profile, codes: tuple[str, ...], on: date) -> list[str]:
    """The occupations of the person's jobs (begun by the date) that are on the list."""
    return sorted(
        {j.occupation for j in profile.work if j.start <= on and j.occupation.startswith(codes)}
    )


def _offered(profile: Profile, country: str) -> list[str]:
    """The occupations of the person's job offers in `country` that name one."""
    return sorted(
        {
            o.occupation
            for o in profile.offers
            if o.country == country and o.kind == "job" and o.occupation is not None
        }
    )


class Licence(Base):
    """Where the job is in a profession the country regulates (`occupations`: a dated list of
    ISCO-08 groups) -- the offer's occupation in the route's country when the profile names it,
    else the person's work (read from the work history) -- the licence to practise must be
    granted or promised first (`licences[]` in the profile: the country and the ISCO code or
    prefix it covers). With one the condition is met; without one it can be closed: the plan
    gets the licence (a step of its own). Other work meets the condition. `except_occupations`
    leaves out groups another condition of the route already checks (e.g. nursing, by its
    language rule)."""

    type: Literal["licence"]
    occupations: ParamName
    except_occupations: list[IscoCode] = Field(default=[], alias="except")

    reads = {"occupations": "occupations"}
    per_country = True

    def _codes(self, value: object) -> tuple[str, ...]:
        codes = value if isinstance(value, list) else []
        skip = tuple(self.except_occupations)
        return tuple(str(c) for c in codes if not (skip and str(c).startswith(skip)))

    def evaluate(self, ctx: Context) -> Outcome:
        res = ctx.params.resolve(self.occupations, ctx.on)
        if not res.known:
            return Outcome.missing_param(res, ctx.on)
        codes = self._codes(res.value)
        where = Lazy(country_in_sentence, ctx.country)
        offered = _offered(ctx.profile, ctx.country)
        if offered:
            mine = [o for o in offered if codes and o.startswith(codes)]
            whose = Msg(
                "the offered job (ISCO {mine})",
                mine=Lazy(occupations.named, tuple(mine or offered)),
            )
        else:
            held = _held(self.id, codes).evaluate(ctx) if codes else None
            regulated = held is not None and held.status != "unmet"
            mine = _regulated_work(ctx.profile, codes, ctx.on) if regulated else []
            whose = Msg("your work (ISCO {mine})", mine=Lazy(occupations.named, tuple(mine)))
        if not mine:
            groups = Lazy(occupations.named, tuple(codes))
            why = (
                Msg(
                    "the offered job is not on the list of professions regulated in {where} that"
                    " emigre checks (ISCO {groups}); others may be: check it in the EU Regulated"
                    " Professions Database",
                    where=where,
                    groups=groups,
                )
                if offered
                else Msg(
                    "your work is not on the list of professions regulated in {where} that emigre"
                    " checks (ISCO {groups}); others may be: check yours in the EU Regulated"
                    " Professions Database",
                    where=where,
                    groups=groups,
                )
            )
            return Outcome.met(why, used=[res])
        licensed = [
            lic for lic in ctx.profile.licences if any(lic.covers(ctx.country, occ) for occ in mine)
        ]
        if licensed:
            lic = licensed[0]
            return Outcome.met(
                Msg(_HELD[lic.status], isco=Lazy(occupations.label, lic.occupation), where=where),
                used=[res],
            )
        return Outcome.unmet(
            Msg(
                "{whose} is a regulated profession in {where}: the licence to practise must be"
                " granted or promised first; you have none yet",
                whose=whose,
                where=where,
            ),
            LicenceGap(ctx.country, tuple(mine)),
            used=[res],
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        res = cp.resolve(self.occupations)
        if not res.known:
            return cp.lit(State.UNKNOWN)
        codes = self._codes(res.value)
        if not codes:
            return cp.lit(State.MET)
        held = _held(self.id, codes).vectorise(cp, country)
        regulated = (held == int(State.MET)) | (held == int(State.UNKNOWN))
        on_d = (cp.on - date(1970, 1, 1)).days
        prefix = pl.col("licence_occupation").cast(pl.String)
        here = (pl.col("licence_country") == country).fill_null(False)
        covered = pl.lit(False)
        for p in cp.layout.jobs:
            occ = pl.col(f"{p}_occupation")
            covered = covered | (
                cp.starts(occ, codes)
                & (pl.col(f"{p}_start").cast(pl.Int64) <= on_d)
                & occ.cast(pl.String).str.starts_with(prefix)
            ).fill_null(False)
        offer, named = offered_job(country)
        offer_regulated = cp.starts(offer, codes).fill_null(False)
        offer_covered = (here & offer.cast(pl.String).str.starts_with(prefix)).fill_null(False)
        closable, met = cp.lit(State.CLOSABLE), cp.lit(State.MET)
        return (
            pl.when(named & offer_regulated & ~offer_covered)
            .then(closable)
            .when(named)
            .then(met)
            .when(regulated & ~(here & covered))
            .then(closable)
            .otherwise(met)
        )
