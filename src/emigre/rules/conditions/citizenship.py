"""`citizenship`: holds (or holds none of) the listed citizenships."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, ValidationInfo, model_validator

from emigre.base import ParamName, trusted
from emigre.codes import country_names
from emigre.i18n import Lazy, Msg
from emigre.profile_values import CountryCode
from emigre.rules.conditions.base import Base, Context, Outcome, ParamRef
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


Countries = Annotated[list[CountryCode], Field(min_length=1)]
"""Country codes written in the condition itself (`in: [RU, BY]`): only a note's `when` may use
them, to say whom the note's own text concerns; a condition that decides a verdict, a risk, a
cost or a warning names a dated, sourced parameter (`emigre data check` says so)."""


class InOrNotIn(Base):
    """A condition naming one list parameter, as `in` or as `not_in`."""

    in_: ParamName | Countries | None = Field(default=None, alias="in")
    not_in: ParamName | Countries | None = None

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
        assert isinstance(name, str), f"condition '{self.id}' lists its countries itself"
        return name

    @property
    def given(self) -> list[str] | None:
        """The countries written in the condition itself (a note's `when`), else None."""
        value = self.in_ if self.in_ is not None else self.not_in
        return value if isinstance(value, list) else None

    def params(self) -> list[ParamRef]:
        return [ref for ref in super().params() if isinstance(ref[1], str)]

    def listed(self, ctx: Context) -> tuple[set[str] | None, list[Any]]:
        """The listed codes at the date (None when the parameter has no value then) and the
        parameter values used, for the outcome; a list written in the condition cites none."""
        if (given := self.given) is not None:
            return set(given), []
        res = ctx.params.resolve(self.list_name, ctx.on)
        return (set(res.value) if res.known else None), [res]

    def listed_columns(self, cp: Compiler) -> list[str] | None:
        """The listed codes for the vectorised face: written in the condition, else the
        parameter at the run's date; None when it has no value then (every row unknown)."""
        if (given := self.given) is not None:
            return list(given)
        res = cp.resolve(self.list_name)
        return [str(c) for c in res.value] if res.known else None

    reads = {"in_": "countries", "not_in": "countries"}


class Citizenship(InOrNotIn):
    """Holds (or holds none of) the listed citizenships; bans catch dual nationals too. With
    `every_citizenship`, a rule another passport lifts (a visa requirement): `in` holds when
    every citizenship is listed, `not_in` when one is not."""

    type: Literal["citizenship"]
    exhaustive: bool = True
    """False when the list is known to be incomplete: not being on it is then 'unknown'."""
    every_citizenship: bool = False
    """True for a rule another passport lifts, such as a visa requirement (a dual citizen
    travels on the passport that needs no visa): `in` holds only when every citizenship the
    person holds is listed, `not_in` when at least one is not. False (the default) for a rule one
    listed citizenship is enough for: a programme open to its citizens, or a ban, which catches
    a dual citizen."""

    def evaluate(self, ctx: Context) -> Outcome:
        listed, used = self.listed(ctx)
        if listed is None:
            return Outcome.missing_param(used[0], ctx.on)
        held = ctx.profile.person.citizenship
        hit = [c for c in held if c in listed]
        if self.every_citizenship:
            return self._every(held, hit, used)
        names = Lazy(country_names, hit or held)
        if self.not_in:
            if hit and not used:
                return Outcome.unmet(Msg("closed to citizens of {names}", names=names))
            if hit:
                name = self.list_name
                since = min(d for c in hit if (d := ctx.params.member_since(name, c, ctx.on)))
                return Outcome.unmet(
                    Msg("closed to citizens of {names} (since {since})", names=names, since=since),
                    used=used,
                )
            return Outcome.met(
                Msg("no restriction applies to citizens of {names}", names=names), used=used
            )
        if hit:
            return Outcome.met(
                Msg("open to citizens of {names}", names=names), used=used, because_of=hit
            )
        return self._not_listed(names, used)

    def _every(self, held: list[str], hit: list[str], used: list[Any]) -> Outcome:
        """`every_citizenship`: the passports that are not listed decide."""
        free = [c for c in held if c not in hit]
        if self.not_in:
            if free:
                names = Lazy(country_names, free)
                return Outcome.met(Msg("open to citizens of {names}", names=names), used=used)
            names = Lazy(country_names, held)
            return Outcome.unmet(Msg("not open to citizens of {names}", names=names), used=used)
        if not free:
            names = Lazy(country_names, held)
            return Outcome.met(
                Msg("every citizenship you hold is on the list: {names}", names=names), used=used
            )
        return self._not_listed(Lazy(country_names, free), used)

    def _not_listed(self, names: Lazy, used: list[Any]) -> Outcome:
        if not self.exhaustive:
            return Outcome.unknown(
                Msg(
                    "citizens of {names} are not on the list we hold, which is incomplete; check the source",
                    names=names,
                ),
                [],
                used=used,
            )
        return Outcome.unmet(Msg("not open to citizens of {names}", names=names), used=used)

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        listed = self.listed_columns(cp)
        if listed is None:
            return cp.lit(State.UNKNOWN)
        first, second = pl.col("citizenship"), pl.col("citizenship_2")
        if self.every_citizenship:
            every = first.is_in(listed).fill_null(False) & (
                second.is_null() | second.is_in(listed).fill_null(False)
            )
            if self.not_in:
                return pl.when(every).then(cp.lit(State.BLOCKED)).otherwise(cp.lit(State.MET))
            miss = State.BLOCKED if self.exhaustive else State.UNKNOWN
            return pl.when(every).then(cp.lit(State.MET)).otherwise(cp.lit(miss))
        hit = first.is_in(listed).fill_null(False) | second.is_in(listed).fill_null(False)
        if self.not_in:
            return pl.when(hit).then(cp.lit(State.BLOCKED)).otherwise(cp.lit(State.MET))
        miss = State.BLOCKED if self.exhaustive else State.UNKNOWN
        return pl.when(hit).then(cp.lit(State.MET)).otherwise(cp.lit(miss))
