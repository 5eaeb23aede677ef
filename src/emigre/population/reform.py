"""Reforms: "what if this parameter had another value from that date on?"

A reform is a YAML file of parameter overrides:

    title: Germany lowers the Blue Card threshold
    note: A what-if scenario, not law.
    overrides:
      - parameter: de.blue_card.salary_min.standard
        from: 2026-01-01
        value: 40000

Each override replaces the parameter's dated values from `from` on (later values in the data are
dropped, so the reform holds for every later date). The value is checked against the parameter's
unit like any value in the knowledge base. Both faces see the reform the same way, because it is
applied to the parameter store itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field, ValidationError, field_validator

from emigre.errors import InputError, describe_validation_error
from emigre.knowledge.model import (
    Parameter,
    ParamName,
    ParamScalar,
    ParamValue,
    Source,
    Strict,
    Text,
    check_unit,
    finite_figure,
)
from emigre.knowledge.parameters import ParameterStore

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Plan

BASE_PREFIX = "base:"
"""Prefix of the unreformed verdict columns while a reform is compared (dropped before writing)."""


class Override(Strict):
    parameter: ParamName
    from_: date = Field(alias="from")
    value: ParamScalar | list[str]
    note: Text | None = None

    @field_validator("value", mode="before")
    @classmethod
    def _finite(cls, value: Any) -> Any:
        return finite_figure(value)


class ReformSpec(Strict):
    title: Text
    note: Text | None = None
    sources: list[Source] = []
    overrides: list[Override] = Field(min_length=1)


@dataclass
class Reform:
    spec: ReformSpec
    path: Path

    @property
    def title(self) -> str:
        from emigre.i18n import pick

        return pick(self.spec.title)

    def parameters(self) -> set[str]:
        return {o.parameter for o in self.spec.overrides}

    def apply(self, store: ParameterStore) -> ParameterStore:
        """A new store with the overrides in place; the original is left as it was."""
        params = dict(store.parameters)
        for i, o in enumerate(self.spec.overrides, 1):
            where = f"{self.path}: overrides[{i}]"
            base = params.get(o.parameter)
            if base is None:
                raise InputError(f"{where}.parameter: no parameter '{o.parameter}' is defined")
            problem = check_unit(base.unit, o.value)
            if problem:
                raise InputError(
                    f"{where}.value: expected {problem} for unit '{base.unit}' of {o.parameter}"
                )
            kept = [v for v in base.values if v.from_ < o.from_]
            # The value before the reform ends the day before it (if it ran on past it).
            if kept and (kept[-1].until is None or kept[-1].until >= o.from_):
                kept[-1] = kept[-1].model_copy(
                    update={"until": date.fromordinal(o.from_.toordinal() - 1)}
                )
            template = base.values[-1]
            value = ParamValue.model_construct(
                from_=o.from_,
                until=None,
                value=o.value,
                legal_basis=f"reform scenario: {self.title}",
                sources=list(self.spec.sources) or list(template.sources),
                confidence="unverified",
                note=o.note or f"what-if value from {self.path.name}; not law",
            )
            params[o.parameter] = Parameter.model_construct(
                description=base.description, unit=base.unit, values=[*kept, value]
            )
        return ParameterStore(params)


def load_reform(path: Path) -> Reform:
    from emigre.knowledge.yaml_file import read_yaml

    raw: Any = read_yaml(path, f"{path} (reform file)")
    try:
        spec = ReformSpec.model_validate(raw)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, str(path))) from None
    return Reform(spec, path)


# --- Before and after ---------------------------------------------------------------------------


@dataclass
class Comparison:
    """Before/after counts of verdict pairs (base code × 4 + reform code), per route, per
    country (best verdict there), and overall (best verdict anywhere)."""

    routes: dict[str, list[int]] = field(default_factory=dict)
    countries: dict[str, list[int]] = field(default_factory=dict)
    overall: list[int] = field(default_factory=lambda: [0] * 16)

    def add(self, key: str, table: dict[str, list[int]], pairs: pl.Series) -> None:
        counts = table.setdefault(key, [0] * 16)
        for code, n in pairs.value_counts().iter_rows():
            if code is not None:
                counts[int(code)] += int(n)

    def merge(self, other: Comparison) -> None:
        for mine, theirs in ((self.routes, other.routes), (self.countries, other.countries)):
            for key, counts in theirs.items():
                acc = mine.setdefault(key, [0] * 16)
                for i, n in enumerate(counts):
                    acc[i] += n
        for i, n in enumerate(other.overall):
            self.overall[i] += n


def compare(out: pl.DataFrame, plan: Plan, base: Plan) -> Comparison:
    import polars as pl

    comp = Comparison()
    touched = set(base.route_ids)

    def code(name: str) -> pl.Expr:
        return pl.col(name).to_physical().cast(pl.Int16)

    pairs: dict[str, pl.Expr] = {}
    for r in plan.routes:
        if r.id in touched:
            pairs[r.id] = code(BASE_PREFIX + r.id) * 4 + code(r.id)
    # Best verdict per country and overall, before (base where touched) and after.
    before = {r.id: (BASE_PREFIX + r.id if r.id in touched else r.id) for r in plan.routes}
    countries = sorted({r.country for r in plan.routes if r.id in touched})
    exprs = dict(pairs)
    for c in countries:
        ids = [r.id for r in plan.routes if r.country == c]
        b = pl.min_horizontal([code(before[i]) for i in ids])
        a = pl.min_horizontal([code(i) for i in ids])
        exprs[f"country:{c}"] = b * 4 + a
    b_all = pl.min_horizontal([code(before[r.id]) for r in plan.routes])
    a_all = pl.min_horizontal([code(r.id) for r in plan.routes])
    exprs["overall"] = b_all * 4 + a_all
    table = out.select(*(e.alias(n) for n, e in exprs.items()))
    for name in table.columns:
        if name == "overall":
            comp.add("overall", {"overall": comp.overall}, table[name])
        elif name.startswith("country:"):
            comp.add(name.removeprefix("country:"), comp.countries, table[name])
        else:
            comp.add(name, comp.routes, table[name])
    return comp


def touched_routes(kb_routes: Sequence[Any], parameters: set[str]) -> list[Any]:
    """Routes with a condition that reads one of `parameters`."""
    from emigre.knowledge.crosscheck import param_refs
    from emigre.rules.conditions import walk as walk_conditions

    out = []
    for route in kb_routes:
        names = {
            name for node in walk_conditions(route.requires) for _, name, _ in param_refs(node)
        }
        if names & parameters:
            out.append(route)
    return out
