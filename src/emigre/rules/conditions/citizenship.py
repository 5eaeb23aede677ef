"""`citizenship`: holds (or holds none of) the listed citizenships."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field, ValidationInfo, model_validator

from emigre.base import ParamName, trusted
from emigre.codes import country_names_of
from emigre.i18n import Lazy, Msg
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


class InOrNotIn(Base):
    """A condition naming one list parameter, as `in` or as `not_in`."""

    in_: ParamName | None = Field(default=None, alias="in")
    not_in: ParamName | None = None

    @model_validator(mode="after")
    def _one_list(self, info: ValidationInfo) -> InOrNotIn:
        if trusted(info):
            return self
        if (self.in_ is None) == (self.not_in is None):
            raise ValueError(f"condition '{self.id}': give exactly one of 'in' or 'not_in'")
        return self

    @property
    def list_name(self) -> str:
        name = self.in_ or self.not_in
        assert name is not None
        return name

    reads = {"in_": "countries", "not_in": "countries"}


class Citizenship(InOrNotIn):
    """Holds (or holds none of) the listed citizenships; bans catch dual nationals too."""

    type: Literal["citizenship"]
    exhaustive: bool = True
    """False when the list is known to be incomplete: not being on it is then 'unknown'."""

    def evaluate(self, ctx: Context) -> Outcome:
        name = self.list_name
        res = ctx.params.resolve(name, ctx.on)
        if not res.known:
            return Outcome.missing_param(res, ctx.on)
        listed = set(res.value)
        held = ctx.profile.person.citizenship
        hit = [c for c in held if c in listed]
        names = Lazy(country_names_of, hit or held)
        if self.not_in:
            if hit:
                since = min(d for c in hit if (d := ctx.params.member_since(name, c, ctx.on)))
                return Outcome.unmet(
                    Msg("closed to citizens of {names} (since {since})", names=names, since=since),
                    used=[res],
                )
            return Outcome.met(
                Msg("no restriction applies to citizens of {names}", names=names), used=[res]
            )
        if hit:
            return Outcome.met(Msg("open to citizens of {names}", names=names), used=[res])
        if not self.exhaustive:
            return Outcome.unknown(
                Msg(
                    "citizens of {names} are not on the list we hold, which is incomplete; check the source",
                    names=names,
                ),
                [],
                used=[res],
            )
        return Outcome.unmet(Msg("not open to citizens of {names}", names=names), used=[res])

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        res = cp.resolve(self.list_name)
        if not res.known:
            return cp.lit(State.UNKNOWN)
        listed = list(res.value)
        hit = pl.col("citizenship").is_in(listed).fill_null(False) | pl.col("citizenship_2").is_in(
            listed
        ).fill_null(False)
        if self.not_in:
            return pl.when(hit).then(cp.lit(State.BLOCKED)).otherwise(cp.lit(State.MET))
        miss = State.BLOCKED if self.exhaustive else State.UNKNOWN
        return pl.when(hit).then(cp.lit(State.MET)).otherwise(cp.lit(miss))
