"""`occupation`: the job a route is for must be in an occupation on (or off) an official list."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from pydantic import ValidationInfo, model_validator

from emigre import occupations
from emigre.base import trusted
from emigre.codes import country_in_sentence
from emigre.i18n import Lazy, Msg
from emigre.rules.conditions.base import Context, Outcome
from emigre.rules.conditions.citizenship import InOrNotIn
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler

SHOWN = 8
"""How many of the list's ISCO groups a reason names before "…"."""


class Occupation(InOrNotIn):
    """The job is in an occupation on an official list (`in`: an `occupations` parameter of
    ISCO-08 prefixes, e.g. a critical-skills or shortage list), or not on one (`not_in`: an
    ineligible list). The job's occupation is the offer's in the route's country when the
    profile names it (`offers[].occupation`), else the person's own work (`work[].occupation`:
    a job is sought in the occupation one works in); with neither it is "unknown". An
    occupation off the list is unmet, and no step closes it; with `exhaustive: false` (a list
    emigre holds only in part, or maps to ISCO only roughly) it is "unknown" instead, with the
    official list to check (`list_url`) -- never a guessed "not listed"."""

    type: Literal["occupation"]
    exhaustive: bool = True
    """False when the parameter holds only the groups known to be (or not to be) on the list."""
    list_url: str | None = None
    """The official list, for the person to check an occupation emigre cannot place."""

    reads = {"in_": "occupations", "not_in": "occupations"}
    per_country = True

    @model_validator(mode="before")
    @classmethod
    def _names_a_list(cls, data: object, info: ValidationInfo) -> object:
        if trusted(info) or not isinstance(data, dict):
            return data
        for key in ("in", "in_", "not_in"):
            if isinstance(data.get(key), list):
                raise ValueError(
                    f"condition '{data.get('id')}': '{key}' names an `occupations` parameter"
                )
        return data

    def _jobs(self, ctx: Context) -> tuple[list[str], bool]:
        """The occupations the job may be in, and whether they come from an offer."""
        offered = [
            o.occupation
            for o in ctx.profile.offers
            if o.country == ctx.country and o.kind == "job" and o.occupation is not None
        ]
        if offered:
            return offered, True
        worked = [j.occupation for j in ctx.profile.work if j.start <= ctx.on]
        return list(dict.fromkeys(worked)), False

    def _check(self) -> Msg | str:
        return self.list_url or Msg("the official list")

    def evaluate(self, ctx: Context) -> Outcome:
        res = ctx.params.resolve(self.list_name, ctx.on)
        if not res.known:
            return Outcome.missing_param(res, ctx.on)
        codes = tuple(str(c) for c in res.value)
        shown = (
            Lazy(occupations.named, tuple(codes))
            if len(codes) <= occupations.TITLED
            else ", ".join(codes[:SHOWN]) + (", …" if len(codes) > SHOWN else "")
        )
        jobs, offered = self._jobs(ctx)
        if not jobs:
            return Outcome.unknown(
                Msg(
                    "the route is only for occupations on an official list, and your profile"
                    " names no occupation: add your work or the offer's occupation"
                ),
                ["work"],
                used=[res],
            )
        listed = [j for j in jobs if j.startswith(codes)]
        others = [j for j in jobs if not j.startswith(codes)]
        mine = Lazy(occupations.named, tuple(jobs))
        whose = (
            Msg("the offered job (ISCO {mine})", mine=mine)
            if offered
            else Msg("your work (ISCO {mine})", mine=mine)
        )
        where = Lazy(country_in_sentence, ctx.country)
        if self.in_ is not None:
            if listed:
                return Outcome.met(
                    Msg(
                        "{whose} is on the list of occupations this route is for in {where}"
                        " (ISCO {groups})",
                        whose=whose,
                        where=where,
                        groups=shown,
                    ),
                    used=[res],
                )
            if not self.exhaustive:
                return Outcome.unknown(
                    Msg(
                        "{whose} is not among the occupations emigre knows to be on the list"
                        " (ISCO {groups}); check {url}",
                        whose=whose,
                        groups=shown,
                        url=self._check(),
                    ),
                    [],
                    used=[res],
                )
            return Outcome.unmet(
                Msg(
                    "{whose} is not on the list of occupations this route is for in {where}"
                    " (ISCO {groups}); an offer in a listed occupation would count",
                    whose=whose,
                    where=where,
                    groups=shown,
                ),
                used=[res],
            )
        if not others:
            return Outcome.unmet(
                Msg(
                    "{whose} is on the list of occupations this route excludes in {where}",
                    whose=whose,
                    where=where,
                ),
                used=[res],
            )
        if not self.exhaustive:
            return Outcome.unknown(
                Msg(
                    "emigre holds only part of the list of excluded occupations; check that"
                    " {whose} is not on it: {url}",
                    whose=whose,
                    url=self._check(),
                ),
                [],
                used=[res],
            )
        return Outcome.met(
            Msg(
                "{whose} is not on the list of occupations this route excludes in {where}",
                whose=whose,
                where=where,
            ),
            used=[res],
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        res = cp.resolve(self.list_name)
        if not res.known:
            return cp.lit(State.UNKNOWN)
        codes = [str(c) for c in res.value]
        on_d = (cp.on - date(1970, 1, 1)).days
        offer, named = offered_job(country)
        offer_on = cp.starts(offer, codes).fill_null(False)
        held, held_on, held_off = [], [], []
        for p in cp.layout.jobs:
            occ = pl.col(f"{p}_occupation")
            began = (occ.is_not_null() & (pl.col(f"{p}_start").cast(pl.Int64) <= on_d)).fill_null(
                False
            )
            hit = cp.starts(occ, codes).fill_null(False)
            held.append(began)
            held_on.append(began & hit)
            held_off.append(began & ~hit)
        none = pl.lit(False)
        any_held = pl.any_horizontal(held) if held else none
        any_on = pl.any_horizontal(held_on) if held_on else none
        any_off = pl.any_horizontal(held_off) if held_off else none
        miss = cp.lit(State.BLOCKED if self.exhaustive else State.UNKNOWN)
        if self.in_ is not None:
            return (
                pl.when(named & offer_on)
                .then(cp.lit(State.MET))
                .when(named)
                .then(miss)
                .when(any_on)
                .then(cp.lit(State.MET))
                .when(any_held)
                .then(miss)
                .otherwise(cp.lit(State.UNKNOWN))
            )
        clear = cp.lit(State.MET if self.exhaustive else State.UNKNOWN)
        return (
            pl.when(named & offer_on)
            .then(cp.lit(State.BLOCKED))
            .when(named)
            .then(clear)
            .when(any_off)
            .then(clear)
            .when(any_held)
            .then(cp.lit(State.BLOCKED))
            .otherwise(cp.lit(State.UNKNOWN))
        )


def offered_job(country: str) -> tuple[pl.Expr, pl.Expr]:
    """The population's offer occupation column, and where an offer of a job in `country` names
    one (the offered job then governs, as in the explain face)."""
    import polars as pl

    offer = pl.col("offer_occupation")
    named = (
        (pl.col("offer_country") == country)
        & (pl.col("offer_kind").fill_null("job") == "job")
        & offer.is_not_null()
    ).fill_null(False)
    return offer, named
