"""The profile described from its model: every field's path, kind, choices and whether it repeats.

Derived from `emigre.profile.Profile`, never written by hand, so a new profile fact appears here
(and in the docs table generated from it, checked by a test) the moment it is added to the model.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel

from emigre import profile as pm
from emigre import profile_values as pv


@dataclass(frozen=True)
class FieldInfo:
    path: str
    """Dotted, with `[]` for a repeating slot: `work[].start`, `languages.<code>`."""
    kind: str
    choices: tuple[str, ...] = ()
    required: bool = False
    default: str = ""


_CODES = {
    pv.check_country: "ISO 3166-1 alpha-2",
    pv.check_currency: "ISO 4217",
    pv.check_isco: "an ISCO-08 group, 1–4 digits",
}


def _kind(ann: Any) -> tuple[str, tuple[str, ...], Any]:
    """(kind, choices, nested model or None) of a field's annotation."""
    origin = get_origin(ann)
    if origin is Annotated:
        base, *meta = get_args(ann)
        for m in meta:
            if isinstance(m, AfterValidator) and m.func in _CODES:
                return _CODES[m.func], (), None
        return _kind(base)
    if origin in (Union, types.UnionType):
        inner = [a for a in get_args(ann) if a is not type(None)]
        return _kind(inner[0])
    if origin is Literal:
        return "one of", tuple(str(a) for a in get_args(ann)), None
    if origin is list:
        kind, choices, model = _kind(get_args(ann)[0])
        return f"list of {kind}", choices, model
    if origin is dict:
        kind, choices, _ = _kind(get_args(ann)[1])
        return f"table of {kind}", choices, None
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return "section", (), ann
    return (
        {date: "date", float: "number", int: "whole number", bool: "true/false", str: "text"}.get(
            ann, str(ann)
        ),
        (),
        None,
    )


def fields(model: type[BaseModel] = pm.Profile, prefix: str = "") -> list[FieldInfo]:
    """Every leaf field of the profile, in the model's order."""
    out: list[FieldInfo] = []
    for name, info in model.model_fields.items():
        ann: Any = info.annotation
        if info.metadata:
            ann = Annotated[(ann, *info.metadata)]
        kind, choices, nested = _kind(ann)
        path = f"{prefix}{name}"
        if nested is not None:
            slot = f"{path}[]." if kind.startswith("list") else f"{path}."
            out += fields(nested, slot)
            continue
        if kind.startswith("table of"):
            path, kind = f"{path}.<ISO 639-1 code>", kind.removeprefix("table of ")
        default = "" if info.is_required() or info.default in (None, [], {}) else str(info.default)
        default = default.lower() if isinstance(info.default, bool) else default
        out.append(FieldInfo(path, kind, choices, info.is_required(), default))
    return out


def markdown() -> str:
    """The docs table of the profile's fields."""
    rows = ["| field | kind | required | default |", "|---|---|---|---|"]
    for f in fields():
        kind = f"{f.kind} {', '.join(f.choices)}" if f.choices else f.kind
        rows.append(f"| `{f.path}` | {kind} | {'yes' if f.required else ''} | {f.default} |")
    return "\n".join(rows) + "\n"
