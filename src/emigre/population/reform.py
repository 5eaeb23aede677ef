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

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

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
)
from emigre.knowledge.parameters import ParameterStore


class Override(Strict):
    parameter: ParamName
    from_: date = Field(alias="from")
    value: ParamScalar | list[str]
    note: Text | None = None


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
    from emigre.knowledge.loader import read_yaml

    raw: Any = read_yaml(path, f"{path} (reform file)")
    try:
        spec = ReformSpec.model_validate(raw)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, str(path))) from None
    return Reform(spec, path)
