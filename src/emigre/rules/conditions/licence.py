"""`licence`: a regulated profession needs its licence to practise before the permit."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from emigre.base import ParamName
from emigre.codes import country_in_sentence
from emigre.i18n import Lazy, Msg
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.conditions.experience import Experience, IscoCode
from emigre.rules.gaps import ExternalGap
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


@cache
def _held(cid: str, codes: tuple[str, ...]) -> Experience:
    """Work in the regulated groups, as the experience condition counts it (the same days in
    both faces); built once per list, not per person. Made without its validator (which a
    warm run would otherwise build for this alone): the id is this condition's, checked when
    the route was, and the codes are a checked `occupations` parameter's."""
    return Experience.model_construct(id=cid, type="experience", occupations=list(codes), years=0.1)


class Licence(Base):
    """Where the person's work (read from the work history) is a profession the country
    regulates (`occupations`: a dated list of ISCO-08 groups), the licence to practise must be
    granted or promised first. A profile cannot show that, so the answer is "unknown", naming
    the licence; other work meets the condition. `except_occupations` leaves out groups another
    condition of the route already checks (e.g. nursing, by its language rule)."""

    type: Literal["licence"]
    occupations: ParamName
    except_occupations: list[IscoCode] = Field(default=[], alias="except")

    reads = {"occupations": "occupations"}

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
        held = _held(self.id, codes).evaluate(ctx) if codes else None
        if held is None or held.status == "unmet":
            return Outcome.met(
                Msg(
                    "your work is not on the list of professions regulated in {where} that emigre"
                    " checks (ISCO {groups}); others may be: check yours in the EU Regulated"
                    " Professions Database",
                    where=where,
                    groups=", ".join(codes),
                ),
                used=[res],
            )
        mine = sorted({j.occupation for j in ctx.profile.work if j.occupation.startswith(codes)})
        return Outcome.unknown(
            Msg(
                "your work (ISCO {mine}) is a regulated profession in {where}: the licence to"
                " practise must be granted or promised first; emigre cannot check this",
                mine=", ".join(mine),
                where=where,
            ),
            [],
            gap=ExternalGap("the licence to practise the regulated profession"),
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
        return pl.when(regulated).then(cp.lit(State.UNKNOWN)).otherwise(cp.lit(State.MET))
