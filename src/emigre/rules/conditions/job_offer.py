"""`job_offer`: a job offer in the route's country at or above a salary threshold."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from emigre import occupations
from emigre.base import ParamName, Strict
from emigre.codes import country_in_sentence
from emigre.i18n import Lazy, Msg
from emigre.money import fmt
from emigre.rules.conditions.base import (
    Base,
    Context,
    NotVectorisable,
    Outcome,
    ParamRef,
    currency_of,
    money_eur,
)
from emigre.rules.conditions.experience import IscoCode
from emigre.rules.gaps import OfferGap
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.knowledge.parameters import Resolved
    from emigre.population.compile import Compiler


class AgeBand(Strict):
    below_age: int | None = Field(default=None, ge=0, le=150)
    min_salary: ParamName


class JobOffer(Base):
    """A job offer in the route's country at or above a salary threshold (per age where the law
    sets thresholds by age). With `kind: training` only a training contract counts, and a
    training contract never counts as a job offer."""

    type: Literal["job_offer"]
    kind: Literal["job", "training"] = "job"
    min_salary: ParamName | None = None
    by_age: list[AgeBand] = []
    occupations: list[IscoCode] = []

    per_country = True

    def params(self) -> list[ParamRef]:
        refs: list[ParamRef] = []
        if self.min_salary:
            refs.append(("min_salary", self.min_salary, "money"))
        refs.extend(
            (f"by_age[{i}].min_salary", b.min_salary, "money") for i, b in enumerate(self.by_age, 1)
        )
        return refs

    def _threshold(self, ctx: Context) -> ParamName:
        age = ctx.profile.age_on(ctx.on)
        for band in self.by_age:
            if band.below_age is None or age < band.below_age:
                return band.min_salary
        assert self.min_salary is not None, f"{self.id}: no salary threshold for age {age}"
        return self.min_salary

    def evaluate(self, ctx: Context) -> Outcome:
        res: Resolved | None = None
        need: float | None = 0.0
        if self.min_salary or self.by_age:
            res = ctx.params.resolve(self._threshold(ctx), ctx.on)
            if not res.known:
                return Outcome.missing_param(res, ctx.on)
            need = money_eur(ctx.fx, ctx.on, res, "year")
        used = [res] if res else []
        if need is None:
            assert res is not None  # a threshold was read
            return Outcome.without_rate(
                Msg("no exchange rate known for the threshold's currency"),
                currency_of(res),
                used=used,
            )
        offers = [o for o in ctx.profile.offers if o.country == ctx.country and o.kind == self.kind]
        where = Lazy(country_in_sentence, ctx.country)
        need_txt = fmt(need, "EUR") + Msg(" a year") if need else ""
        gap = OfferGap(ctx.country, round(need, 2), tuple(self.occupations), self.kind)
        if not offers and self.kind == "training":
            return Outcome.unmet(
                Msg("needs a training contract in {where}; you have none yet", where=where),
                gap,
                used=used,
            )
        # An offer with no threshold (e.g. Serbia) still needs finding.
        if not offers:
            paying = Msg(" paying at least ") + need_txt if need else ""
            return Outcome.unmet(
                Msg(
                    "needs a job offer in {where}{paying}; you have none yet",
                    where=where,
                    paying=paying,
                ),
                gap,
                used=used,
            )
        best_eur = -1.0
        for offer in offers:
            conv = ctx.fx.convert(offer.gross_annual_salary, offer.currency, "EUR", ctx.on)
            if conv is None:
                return Outcome.without_rate(
                    Msg("no exchange rate known for {cur}", cur=offer.currency),
                    offer.currency,
                    used=used,
                )
            occupation_ok = (
                not self.occupations
                or offer.occupation is None
                or offer.occupation.startswith(tuple(self.occupations))
            )
            if occupation_ok:
                best_eur = max(best_eur, conv.amount)
        if best_eur < 0:
            return Outcome.unmet(
                Msg(
                    "your offer in {where} is not in ISCO {groups}",
                    where=where,
                    groups=Lazy(occupations.named, tuple(self.occupations)),
                ),
                gap,
                used=used,
            )
        if not need:  # no salary floor in the data: say what the offer is, not "meets —"
            return Outcome.met(
                Msg(
                    "you have a job offer in {where} ({offer} a year)",
                    where=where,
                    offer=fmt(best_eur, "EUR"),
                ),
                used=used,
            )
        if best_eur >= need:
            return Outcome.met(
                Msg(
                    "your offer of {offer} a year meets the threshold of {need}",
                    offer=fmt(best_eur, "EUR"),
                    need=need_txt,
                ),
                used=used,
            )
        return Outcome.unmet(
            Msg(
                "your offer of {offer} a year is below the threshold of {need}",
                offer=fmt(best_eur, "EUR"),
                need=need_txt,
            ),
            gap,
            used=used,
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        offer_eur = cp.derive(
            "_offer_eur", lambda: cp.to_eur(pl.col("offer_salary"), pl.col("offer_currency"))
        )
        has_offer = (
            (pl.col("offer_country") == country)
            & (pl.col("offer_kind").fill_null("job") == self.kind)
        ).fill_null(False)
        occ_ok: pl.Expr = pl.lit(True)
        if self.occupations:
            occ = pl.col("offer_occupation")
            occ_ok = occ.is_null() | cp.starts(occ, self.occupations)

        def against(param: str | None) -> pl.Expr:
            need: float | None = 0.0
            if param is not None:
                res = cp.resolve(param)
                if not res.known:
                    return cp.lit(State.UNKNOWN)
                need = cp.money(res, "year")
            if need is None:
                return cp.lit(State.UNKNOWN)
            return (
                pl.when(~has_offer)
                .then(cp.lit(State.CLOSABLE))
                .when(offer_eur.is_null())
                .then(cp.lit(State.UNKNOWN))
                .when(~occ_ok)
                .then(cp.lit(State.CLOSABLE))
                .when(offer_eur >= need)
                .then(cp.lit(State.MET))
                .otherwise(cp.lit(State.CLOSABLE))
            )

        if not self.min_salary and not self.by_age:
            return against(None)
        chain: Any = None
        for band in self.by_age:
            if band.below_age is None:
                last = against(band.min_salary)
                return last if chain is None else chain.otherwise(last)
            cond = cp.age < band.below_age
            chain = (pl.when(cond) if chain is None else chain.when(cond)).then(
                against(band.min_salary)
            )
        if self.min_salary is None:
            raise NotVectorisable("no salary threshold for some ages")
        last = against(self.min_salary)
        return last if chain is None else chain.otherwise(last)
