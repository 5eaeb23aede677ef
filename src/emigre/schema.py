"""JSON Schemas of the data files and the profile, published for editors (see `schema/`)."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from emigre.errors import InputError


def json_schema(kind: str) -> dict[str, Any]:
    from emigre.knowledge.model import Parameter
    from emigre.knowledge.route import Route
    from emigre.knowledge.situation import SituationWarning
    from emigre.profile import Profile

    if kind == "route":
        return Route.model_json_schema(by_alias=True)
    if kind == "parameters":
        return TypeAdapter(dict[str, Parameter]).json_schema(by_alias=True)
    if kind == "profile":
        return Profile.model_json_schema()
    if kind == "warnings":
        return TypeAdapter(list[SituationWarning]).json_schema(by_alias=True)
    raise InputError(
        f"schema: '{kind}' is not known; expected route, parameters, warnings or profile"
    )
