"""What every condition type shares: the evaluation context, the outcome, the base model and
small helpers used by both faces (explain: `evaluate`; vectorise: `vectorise`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import Field

from emigre.base import Source, Strict, Text, money_unit
from emigre.i18n import Msg
from emigre.rules.gaps import Gap, StepKind
from emigre.rules.state import Status

if TYPE_CHECKING:
    import polars as pl

    from emigre.knowledge.parameters import ParameterStore, Resolved
    from emigre.money import FxTable
    from emigre.population.compile import Compiler
    from emigre.profile import Profile

DAYS_PER_MONTH = 30.4375
"""An average Gregorian month (365.25 / 12 days)."""

ParamRef = tuple[str, str, str]
"""(field, parameter name, expected unit kind: "money", "countries", "bool", "access_rules")."""


@dataclass
class Context:
    """Everything a condition may look at; the date and rates are explicit, never the clock."""

    profile: Profile
    on: date
    country: str
    params: ParameterStore
    fx: FxTable


@dataclass
class Outcome:
    status: Status
    message: Msg | str
    """Why, as a message id and its arguments: translated when shown (`reason`), so that an
    evaluation does not depend on the language of the moment."""
    step: StepKind | None = None
    """For an unmet condition: the kind of step that closes it; None when nothing can."""
    missing: list[str] = field(default_factory=list)
    """Profile fields whose absence made the outcome unknown."""
    used: list[Resolved] = field(default_factory=list)
    """Parameters consulted, for their sources and dates."""
    gap: Gap | None = None
    """What closing (or keeping) it takes, as a typed record for the planner."""
    because_of: list[str] = field(default_factory=list)
    """The person's citizenships that make a citizenship condition hold (one listed is
    enough): for a dual citizen, which passport a warning or a risk is about."""
    no_rate: list[str] = field(default_factory=list)
    """Currencies with no exchange rate to EUR at the date that made the outcome unknown: a gap
    in the rates table (`emigre rates update`), not in the profile, so never in `missing`."""

    @classmethod
    def met(cls, reason: Msg | str, **kw: Any) -> Outcome:
        return cls("met", reason, **kw)

    @classmethod
    def unknown(cls, reason: Msg | str, missing: list[str], **kw: Any) -> Outcome:
        return cls("unknown", reason, missing=missing, **kw)

    @classmethod
    def unmet(cls, reason: Msg | str, gap: Gap | None = None, **kw: Any) -> Outcome:
        """An unmet outcome; closable (with the gap's step) when a gap with a step is given."""
        step = kw.pop("step", gap.step if gap is not None else None)
        return cls("unmet", reason, step=step, gap=gap, **kw)

    @classmethod
    def without_rate(cls, reason: Msg | str, currency: str, **kw: Any) -> Outcome:
        """Unknown: an amount in `currency` cannot be converted, because the rates table has
        no rate from it to EUR at the date (whatever the currency: the person's, an offer's,
        a threshold's)."""
        return cls.unknown(reason, [], no_rate=[currency], **kw)

    @classmethod
    def missing_param(cls, res: Resolved, on: date) -> Outcome:
        """Unknown: the parameter has no value at the date."""
        return cls.unknown(
            Msg("no value of {name} is known for {on}", name=res.name, on=on.isoformat()),
            [],
            used=[res],
        )

    @property
    def reason(self) -> str:
        """The message in the language of the moment."""
        return str(self.message)

    @property
    def closable(self) -> bool:
        return self.status == "unmet" and self.step is not None


class NotVectorisable(Exception):
    """This condition (in this form) has no exact column expression: use the explain face."""


class Base(Strict):
    """Fields every condition has. Subclasses set `type`, `evaluate` and, when they can,
    `vectorise`; `params` lists the parameters they read."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    legal_basis: str | None = None
    sources: list[Source] = []
    note: Text | None = None
    closable: bool | None = None
    """Override the type's own answer to "can a person close this gap?"."""

    if TYPE_CHECKING:
        type: str  # each type sets `type: Literal["<name>"]`

    per_country: ClassVar[bool] = False
    """True when the answer depends on the route's country (not only on the condition)."""

    def finish(self, out: Outcome) -> Outcome:
        if out.status == "unmet" and self.closable is False:
            out.step = None
        return out

    def evaluate(self, ctx: Context) -> Outcome:
        raise NotImplementedError

    reads: ClassVar[dict[str, str]] = {}
    """The fields that name a parameter, each with the unit kind it needs ("money", "countries",
    "bool", ...): what `params` lists, for a type without a shape of its own."""

    def params(self) -> list[ParamRef]:
        """The parameters this condition reads, for unit checks, `data sources` and reforms."""
        fields = type(self).model_fields
        return [
            (fields[f].alias or f, name, kind)
            for f, kind in self.reads.items()
            if (name := getattr(self, f))
        ]

    def children(self) -> list[Any]:
        """Conditions inside this one (for walking the tree)."""
        return []

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        """The state of every row as a UInt8 column; raise NotVectorisable when inexact."""
        raise NotVectorisable(f"no compiler for condition type '{getattr(self, 'type', '?')}'")


class PersonChoice(Base):
    """A condition on one of the person's few-choice facts (`person.<fact>`), met when it is one
    of the listed choices (`in`), unknown when not given; the past is not changed, so otherwise
    blocked."""

    fact: ClassVar[str]
    """The fact: a field of `person`, and the column of the same name in population mode."""
    not_given: ClassVar[str]
    """Why it is unknown when the fact is not given (marked with N_ for the catalog)."""

    if TYPE_CHECKING:
        in_: Sequence[str]

    def said(self, value: str) -> Msg:
        """The person's answer, as the reason shows it."""
        raise NotImplementedError

    def evaluate(self, ctx: Context) -> Outcome:
        value = getattr(ctx.profile.person, self.fact)
        if value is None:
            return Outcome.unknown(Msg(self.not_given), [f"person.{self.fact}"])
        text = self.said(value)
        return Outcome.met(text) if value in self.in_ else Outcome.unmet(text)

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        return cp.choice_in(self.fact, self.in_)


def currency_of(res: Resolved) -> str:
    """The currency of a money parameter ("EUR/month" -> "EUR")."""
    mu = money_unit(res.unit)
    assert mu is not None, f"{res.name} is not a money parameter"
    return mu[0]


def money_eur(
    fx: FxTable, on: date, res: Resolved, per: Literal["year", "month", "total"]
) -> float | None:
    """A money parameter in EUR, scaled to the period asked for; None if no rate is known.
    Both faces call it, so they compare the very same float."""
    mu = money_unit(res.unit)
    assert mu is not None, f"{res.name} is not a money parameter"
    cur, unit_per = mu
    amount = float(res.value)
    if per == "year" and unit_per == "month":
        amount *= 12
    elif per == "month" and unit_per == "year":
        amount /= 12
    conv = fx.convert(amount, cur, "EUR", on)
    return None if conv is None else conv.amount


def required_eur(
    ctx: Context, name: str, per: Literal["year", "month", "total"], no_rate: Msg
) -> tuple[Resolved, float] | Outcome:
    """A money parameter the person must reach, in EUR at the date (`money_eur`), or the outcome
    saying why it is not known: the parameter has no value then, or no rate converts it
    (`no_rate` names what lacks the rate)."""
    res = ctx.params.resolve(name, ctx.on)
    if not res.known:
        return Outcome.missing_param(res, ctx.on)
    need = money_eur(ctx.fx, ctx.on, res, per)
    if need is None:
        return Outcome.without_rate(no_rate, currency_of(res), used=[res])
    return res, need


_MAJOR_GROUPS = frozenset("0123456789")


def every_occupation(prefixes: Iterable[str]) -> bool:
    """Whether the ISCO prefixes match every code: all ten one-digit major groups are among
    them (no shorter prefix can make a one-digit one moot).

    >>> every_occupation(list("0123456789")), every_occupation(["25", "2512"])
    (True, False)
    """
    return _MAJOR_GROUPS.issubset(prefixes)


def isco_prefixes(prefixes: Sequence[str]) -> dict[int, tuple[str, ...]] | None:
    """The ISCO prefixes that matter, by length (a prefix of another makes the longer one moot);
    None when every code matches (all ten one-digit major groups).

    >>> isco_prefixes(["25", "2512", "133"])
    {2: ('25',), 3: ('133',)}
    >>> isco_prefixes(list("0123456789")) is None
    True
    """
    if every_occupation(prefixes):
        return None
    kept = sorted({p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes)})
    groups: dict[int, tuple[str, ...]] = {}
    for p in kept:
        groups[len(p)] = (*groups.get(len(p), ()), p)
    return dict(sorted(groups.items()))
