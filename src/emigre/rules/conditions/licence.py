"""`licence`: a regulated profession needs its licence to practise before the permit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from emigre import occupations
from emigre.base import ParamName
from emigre.codes import country_in_sentence, country_names_of
from emigre.i18n import N_, Lazy, Msg, law
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.conditions.experience import Experience, IscoCode
from emigre.rules.conditions.occupation import offered_job
from emigre.rules.gaps import LicenceGap
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.knowledge.parameters import ParameterStore, Resolved
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


#: The country's own list of regulated professions, read besides the route's list: a route in
#: that country asks for the licence whenever the job is in one of them.
COUNTRY_LIST = "{cc}.regulated_professions"


def country_list(country: str) -> str:
    """The name of `country`'s list of regulated professions (`de.regulated_professions`)."""
    return COUNTRY_LIST.format(cc=country.lower())


def reservations(params: ParameterStore, country: str, on: date) -> list[Reservation]:
    """The licence groups of `country` that are open only to citizens of some countries
    (`<cc>.licence.<group>.open_to`, beside the group's `.occupations`), known at the date."""
    head = f"{country.lower()}.licence."
    out: list[Reservation] = []
    for name in params.named(head, ".open_to"):
        group = name[len(head) : -len(".open_to")]
        occupations = f"{head}{group}.occupations"
        if occupations not in params:
            continue
        listed, codes = params.resolve(name, on), params.resolve(occupations, on)
        if listed.known and codes.known and isinstance(codes.value, list):
            out.append(Reservation(group, listed, tuple(str(c) for c in codes.value)))
    return out


@dataclass(frozen=True)
class Reservation:
    """A licence that a qualification from abroad can lead to only for citizens of the
    countries `open_to` lists (the others would have to qualify in the country itself)."""

    group: str
    open_to: Resolved
    codes: tuple[str, ...]


def _reserved_against(ctx: Context, mine: list[str]) -> Reservation | None:
    """The reservation that keeps the person from the licence for every occupation in `mine`,
    if one does: each occupation's procedure (its most specific group) is open only to
    citizenships the person does not hold, and the person's degree is not from the country."""
    from emigre.plan.licence import procedure  # the group lookup; it imports no condition

    if ctx.profile.education.degree_country == ctx.country:
        return None
    by_group = {r.group: r for r in reservations(ctx.params, ctx.country, ctx.on)}
    if not by_group:
        return None
    held = set(ctx.profile.person.citizenship)
    found: Reservation | None = None
    for occ in mine:
        res = by_group.get(procedure(ctx.country, occ, ctx.params, ctx.on).group or "")
        if res is None or held & set(res.open_to.value):
            return None
        found = found or res
    return found


def _regulated_work(profile: Profile, codes: tuple[str, ...], on: date) -> list[str]:
    """The occupations of the person's jobs (begun by the date) that are on the list."""
    return sorted(
        {j.occupation for j in profile.work if j.start <= on and j.occupation.startswith(codes)}
    )


def _licence_covers(cp: Compiler, column: str) -> pl.Expr:
    """Whether the licence's occupation is a prefix of the ISCO code in `column` (null where
    either is empty): the same for every country and list, so one shared column per job slot
    and for the offer, instead of a text comparison in each of the ~30 licence conditions
    (it made about half of their time)."""
    import polars as pl

    def build() -> pl.Expr:
        prefix = pl.col("licence_occupation").cast(pl.String)
        return pl.col(column).cast(pl.String).str.starts_with(prefix)

    return cp.derive(f"_licence_covers_{column}", build)


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
    language rule). Where the country has its own dated list of regulated professions
    (`<cc>.regulated_professions`, e.g. lawyers and school teachers), it is read too, so every
    route there asks for the licence for them; a country without one is checked only against
    the route's list (never "not regulated"). Where the licence can be had with a qualification
    from abroad only by citizens of some countries (`<cc>.licence.<group>.open_to`), a person
    holding none of them, qualified elsewhere, is blocked for that occupation, with the basis."""

    type: Literal["licence"]
    occupations: ParamName
    except_occupations: list[IscoCode] = Field(default=[], alias="except")

    reads = {"occupations": "occupations"}
    per_country = True

    def _codes(self, *values: object) -> tuple[str, ...]:
        skip = tuple(self.except_occupations)
        codes: dict[str, None] = {}
        for value in values:
            for c in value if isinstance(value, list) else []:
                if not (skip and str(c).startswith(skip)):
                    codes[str(c)] = None
        return tuple(codes)

    def _country(self, params: ParameterStore, country: str, on: date) -> Resolved | None:
        """The country's own list at the date, when the data has one (other than the route's)."""
        name = country_list(country)
        if name == self.occupations or name not in params:
            return None
        res = params.resolve(name, on)
        return res if res.known else None

    def evaluate(self, ctx: Context) -> Outcome:
        res = ctx.params.resolve(self.occupations, ctx.on)
        if not res.known:
            return Outcome.missing_param(res, ctx.on)
        own = self._country(ctx.params, ctx.country, ctx.on)
        codes = self._codes(res.value, own.value if own is not None else None)
        used = [res] if own is None else [res, own]
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
            return Outcome.met(why, used=used)
        licensed = [
            lic for lic in ctx.profile.licences if any(lic.covers(ctx.country, occ) for occ in mine)
        ]
        if licensed:
            lic = licensed[0]
            return Outcome.met(
                Msg(_HELD[lic.status], isco=Lazy(occupations.label, lic.occupation), where=where),
                used=used,
            )
        reserved = _reserved_against(ctx, mine)
        if reserved is not None:
            basis = reserved.open_to.entry.legal_basis if reserved.open_to.entry else ""
            return Outcome.unmet(
                Msg(
                    "{whose} is a regulated profession in {where}, and a qualification from"
                    " abroad leads to its licence only for citizens of {names} ({basis}); for"
                    " you it would take qualifying in {where} itself, which no step here closes",
                    whose=whose,
                    where=where,
                    names=Lazy(country_names_of, list(reserved.open_to.value)),
                    basis=Lazy(law, basis),
                ),
                used=[*used, reserved.open_to],
            )
        own_codes = self._codes(res.value)
        if (
            own is not None
            and own.entry is not None
            and not all(own_codes and o.startswith(own_codes) for o in mine)
        ):
            # regulated by the country's own list, whose basis the route's text does not give
            return Outcome.unmet(
                Msg(
                    "{whose} is a regulated profession in {where} ({basis}): the licence to"
                    " practise must be granted or promised first; you have none yet",
                    whose=whose,
                    where=where,
                    basis=Lazy(law, own.entry.legal_basis),
                ),
                LicenceGap(ctx.country, tuple(mine)),
                used=used,
            )
        return Outcome.unmet(
            Msg(
                "{whose} is a regulated profession in {where}: the licence to practise must be"
                " granted or promised first; you have none yet",
                whose=whose,
                where=where,
            ),
            LicenceGap(ctx.country, tuple(mine)),
            used=used,
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        res = cp.resolve(self.occupations)
        if not res.known:
            return cp.lit(State.UNKNOWN)
        own = self._country(cp.params, country, cp.on)
        codes = self._codes(res.value, own.value if own is not None else None)
        if not codes:
            return cp.lit(State.MET)
        on_d = (cp.on - date(1970, 1, 1)).days
        held = _held(self.id, codes).vectorise(cp, country)
        regulated = (held == int(State.MET)) | (held == int(State.UNKNOWN))
        covered = pl.lit(False)
        for p in cp.layout.jobs:
            occ = pl.col(f"{p}_occupation")
            covered = covered | (
                cp.starts(occ, codes)
                & (pl.col(f"{p}_start").cast(pl.Int64) <= on_d)
                & _licence_covers(cp, f"{p}_occupation")
            ).fill_null(False)
        here = (pl.col("licence_country") == country).fill_null(False)
        offer, named = offered_job(country)
        offer_regulated = cp.starts(offer, codes).fill_null(False)
        offer_covered = (here & _licence_covers(cp, "offer_occupation")).fill_null(False)
        # The states as small integers from true/false columns: closable (1) where the licence
        # is missing, blocked (3) where it is also barred, met (0) otherwise; the offered job
        # decides when an offer names one, else the work. One `when` instead of a chain of
        # five, each of whose tests was computed on every row (a test that is empty counts as
        # false, as in the chain).
        offer_open = (offer_regulated & ~offer_covered).fill_null(False)
        work_open = (regulated & ~(here & covered)).fill_null(False)
        barred = self._barred(cp, country, codes, offer, on_d)
        u8 = pl.UInt8
        if barred is None:
            offer_state, work_state = offer_open.cast(u8), work_open.cast(u8)
        else:
            offer_barred, work_barred = (b.fill_null(False) for b in barred)
            offer_state = offer_open.cast(u8) + (offer_open & offer_barred).cast(u8) * 2
            work_state = work_open.cast(u8) + (work_open & work_barred).cast(u8) * 2
        return pl.when(named).then(offer_state).otherwise(work_state)

    def _barred(
        self, cp: Compiler, country: str, codes: tuple[str, ...], offer: pl.Expr, on_d: int
    ) -> tuple[pl.Expr, pl.Expr] | None:
        """Where a reservation (`reservations`) keeps the person from the licence: for the
        offered job, and for the regulated work when no offer names a job. One reservation
        whose group no other group of the country overlaps is compiled; more is left to the
        explain face (the most specific group would decide there)."""
        import polars as pl

        from emigre.population.compile import NotVectorisable

        relevant = [
            r
            for r in reservations(cp.params, country, cp.on)
            if any(a.startswith(b) or b.startswith(a) for a in r.codes for b in codes)
        ]
        if not relevant:
            return None
        if len(relevant) > 1:
            raise NotVectorisable("more than one licence open only to some citizenships")
        (res,) = relevant
        head = f"{country.lower()}.licence."
        for name in cp.params.named(head, ".occupations"):
            other = cp.resolve(name)
            if name == f"{head}{res.group}.occupations" or not isinstance(other.value, list):
                continue
            if any(
                str(a).startswith(b) or b.startswith(str(a)) for a in other.value for b in res.codes
            ):
                raise NotVectorisable("a licence group overlaps one open only to some citizenships")
        allowed = list(res.open_to.value)
        citizen = pl.col("citizenship").is_in(allowed).fill_null(False) | pl.col(
            "citizenship_2"
        ).is_in(allowed).fill_null(False)
        local = pl.col("degree_country").cast(pl.String).eq(country).fill_null(False)
        excluded = ~citizen & ~local
        outside = pl.lit(False)
        for p in cp.layout.jobs:
            occ = pl.col(f"{p}_occupation")
            outside = outside | (
                cp.starts(occ, codes)
                & ~cp.starts(occ, res.codes)
                & (pl.col(f"{p}_start").cast(pl.Int64) <= on_d)
            ).fill_null(False)
        return excluded & cp.starts(offer, res.codes).fill_null(False), excluded & ~outside
