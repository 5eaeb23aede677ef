"""The closed vocabulary of conditions a route may set: one module per condition type.

Each module holds one pydantic model with its *explain* face (`evaluate`: met / unmet / unknown
in plain words, with a typed gap), its *vectorise* face (`vectorise`: a polars expression for a
whole table, polars imported lazily), the parameters it reads (`params`) and its documentation
(the class docstring). This registry builds the `Condition` union from `LEAF_TYPES`.

Adding a condition type = one module here + its tests: write the model, add it to `LEAF_TYPES`,
run `python scripts/gen_condition_docs.py` to refresh docs/knowledge-base.md.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias, Union

from pydantic import BaseModel, Field

from emigre.rules.conditions.admission import Admission
from emigre.rules.conditions.age import Age
from emigre.rules.conditions.base import (
    DAYS_PER_MONTH,
    Base,
    Context,
    NotVectorisable,
    Outcome,
    ParamRef,
    isco_prefixes,
    money_eur,
)
from emigre.rules.conditions.citizenship import Citizenship, InOrNotIn
from emigre.rules.conditions.degree import Degree
from emigre.rules.conditions.employer_country import EmployerCountry
from emigre.rules.conditions.experience import Experience
from emigre.rules.conditions.external import External
from emigre.rules.conditions.free_movement import FreeMovementHere
from emigre.rules.conditions.funds import Funds
from emigre.rules.conditions.in_force import InForce
from emigre.rules.conditions.job_offer import AgeBand, JobOffer
from emigre.rules.conditions.language import Language
from emigre.rules.conditions.licence import Licence
from emigre.rules.conditions.logic import All, Any_, Logic, Not
from emigre.rules.conditions.military_service import MilitaryServiceIs
from emigre.rules.conditions.net_remote_income import NetRemoteIncome
from emigre.rules.conditions.occupation import Occupation
from emigre.rules.conditions.passive_income import PassiveIncome
from emigre.rules.conditions.passport import PassportValid
from emigre.rules.conditions.points import PointItem, Points
from emigre.rules.conditions.political_record import PoliticalRecordIs
from emigre.rules.conditions.recent_degree import RecentDegree
from emigre.rules.conditions.recognition import Recognition
from emigre.rules.conditions.remote_income import RemoteIncome
from emigre.rules.conditions.residence import Residence
from emigre.rules.conditions.school_access import SchoolAccess
from emigre.rules.conditions.school_certificate import SchoolCertificate
from emigre.rules.conditions.social_security import SocialSecurity
from emigre.rules.gaps import StepKind
from emigre.rules.state import Status

LEAF_TYPES: tuple[type[Base], ...] = (
    Citizenship,
    FreeMovementHere,
    Residence,
    Age,
    Degree,
    RecentDegree,
    Recognition,
    Experience,
    Occupation,
    Licence,
    Language,
    JobOffer,
    Admission,
    Funds,
    PassiveIncome,
    RemoteIncome,
    NetRemoteIncome,
    SocialSecurity,
    SchoolAccess,
    SchoolCertificate,
    PoliticalRecordIs,
    MilitaryServiceIs,
    PassportValid,
    EmployerCountry,
    InForce,
    Points,
    External,
)
"""Every leaf condition type, in documentation order. Register a new type here."""
LOGIC_TYPES: tuple[type[Logic], ...] = (All, Any_, Not)

if TYPE_CHECKING:  # to the type checker a condition is any registered model
    Leaf: TypeAlias = Base
    Condition: TypeAlias = Base
else:
    Leaf = Union[LEAF_TYPES]  # noqa: UP007
    Condition = Annotated[Union[(*LEAF_TYPES, *LOGIC_TYPES)], Field(discriminator="type")]  # noqa: UP007

_REBUILD: tuple[type[BaseModel], ...] = (*LOGIC_TYPES, PointItem, Points)
for _model in _REBUILD:
    # The models refer to `Condition` by name; their schemas are built on first use (the
    # models defer building), when the name must resolve in their module.
    vars(sys.modules[_model.__module__])["Condition"] = Condition


def type_name(model: type[Base]) -> str:
    """The `type:` value a model answers to in the data."""
    return str(model.model_fields["type"].annotation.__args__[0])  # type: ignore[union-attr]


BY_TYPE: dict[str, type[Base]] = {type_name(m): m for m in (*LEAF_TYPES, *LOGIC_TYPES)}
CONDITION_TYPES: tuple[str, ...] = tuple(BY_TYPE)


def walk(node: Any) -> list[Any]:
    """The condition and every condition inside it (children, negated, points items), in order."""
    out: list[Any] = [node]
    for child in node.children():
        out.extend(walk(child))
    return out


def param_refs(node: Base) -> list[ParamRef]:
    """(field, parameter, expected unit kind) for each parameter a condition names."""
    return node.params()


def vectorised(model: type[Base]) -> bool:
    """Whether a type has its own column expression (else population mode falls back)."""
    return model.vectorise is not Base.vectorise


def docs_table(models: Iterable[type[Base]] = (*LEAF_TYPES, *LOGIC_TYPES)) -> str:
    """The contributor docs' condition table (Markdown), generated from the registry."""
    rows = [
        "| type | what it checks | fields | vectorised |",
        "| --- | --- | --- | --- |",
    ]
    common = set(Base.model_fields)
    for m in models:
        doc = " ".join((m.__doc__ or "").split())
        fields = [
            f"`{f.alias or name}`" for name, f in m.model_fields.items() if name not in common
        ]
        fields = [f for f in fields if f != "`type`"]
        rows.append(
            f"| `{type_name(m)}` | {doc} | {', '.join(fields) or '—'} | "
            f"{'yes' if vectorised(m) else 'no (row by row)'} |"
        )
    return "\n".join(rows) + "\n"


__all__ = [
    "BY_TYPE",
    "CONDITION_TYPES",
    "DAYS_PER_MONTH",
    "LEAF_TYPES",
    "LOGIC_TYPES",
    "Admission",
    "Age",
    "AgeBand",
    "All",
    "Any_",
    "Base",
    "Citizenship",
    "Condition",
    "Context",
    "Degree",
    "EmployerCountry",
    "Experience",
    "External",
    "Funds",
    "InForce",
    "InOrNotIn",
    "JobOffer",
    "Language",
    "Licence",
    "Occupation",
    "Leaf",
    "Logic",
    "MilitaryServiceIs",
    "NetRemoteIncome",
    "Not",
    "PassportValid",
    "NotVectorisable",
    "Outcome",
    "ParamRef",
    "PointItem",
    "Points",
    "PoliticalRecordIs",
    "RecentDegree",
    "Recognition",
    "RemoteIncome",
    "Residence",
    "SchoolAccess",
    "SchoolCertificate",
    "SocialSecurity",
    "Status",
    "StepKind",
    "docs_table",
    "isco_prefixes",
    "money_eur",
    "param_refs",
    "type_name",
    "vectorised",
    "walk",
]
