"""The checks of the knowledge base that span files, run once every file has been read and
validated on its own: the parameters a route, a risk, a cost or a note names exist and have the
unit its use needs; ids are unique and match their folders; every route has its requirements
checklist, each item mapped to something real; the free-movement areas are whole."""

from __future__ import annotations

from pathlib import Path

from emigre.knowledge.free_movement import check_free_movement
from emigre.knowledge.model import Parameter, money_unit
from emigre.knowledge.route import Route
from emigre.knowledge.yaml_file import data_yaml
from emigre.rules.conditions import Condition, External, InOrNotIn, walk

#: Country folders whose route ids use a customary prefix instead of the ISO code.
ID_PREFIX = {"GB": "uk"}


def param_refs(node: Condition) -> list[tuple[str, str, str]]:
    """(field, parameter, expected unit kind) for each parameter a condition names; each
    condition type says which it reads (`params`)."""
    return node.params()


#: Phrases by which a note admits that a requirement is not modelled. A route with a checklist
#: must map every requirement instead (and rephrase the note).
NOT_MODELLED = (
    "not modelled",
    "not modeled",
    "not checked",
    "is not checked",
    "cannot check",
    "checks only",
    "not encoded",
    "здесь не учитыва",
    "не учитывается здесь",
    "emigre не учитыва",
    "не проверя",
)


def _texts(route: Route) -> list[tuple[str, str]]:
    """(where, text) for every note of the route and of its conditions, in every language."""
    out: list[tuple[str, str]] = []

    def add(where: str, text: object) -> None:
        if isinstance(text, dict):
            out.extend((where, str(t)) for t in text.values())
        elif isinstance(text, str):
            out.append((where, text))

    for i, note in enumerate(route.notes, 1):
        add(f"notes[{i}]", note.text)
    for node in walk(route.requires):
        add(f"condition '{node.id}'.note", node.note)
    return out


def check_requirements(route: Route, params: dict[str, Parameter], rel: str) -> list[str]:
    """Every checklist item maps to something real; a checked route admits no gaps in its notes."""
    errors: list[str] = []
    nodes = {n.id: n for n in walk(route.requires)}
    for req in route.requirements:
        where = f"{rel}: requirements '{req.id}'"
        if req.maps_to in ("condition", "external"):
            node = nodes.get(req.condition or "")
            if node is None:
                errors.append(f"{where}.condition: no condition '{req.condition}' in requires")
            elif req.maps_to == "external" and not isinstance(node, External):
                errors.append(
                    f"{where}: maps_to external, but '{req.condition}' is a {node.type} condition"
                )
            elif req.maps_to == "condition" and isinstance(node, External):
                errors.append(
                    f"{where}: '{req.condition}' is an external condition; write maps_to: external"
                )
        elif req.document and req.document.kind == "admission":
            errors.append(
                f"{where}: an admission or enrolment letter is not just a paper (the permit "
                "cannot be had without it): add an `admission` condition to requires and "
                "write maps_to: condition"
            )
        elif req.document and req.document.cost:
            param = params.get(req.document.cost)
            if param is None:
                errors.append(f"{where}.document.cost: no parameter '{req.document.cost}'")
            elif money_unit(param.unit) is None:
                errors.append(f"{where}.document.cost: '{req.document.cost}' is not money")
    if route.requirements:
        for where, text in _texts(route):
            low = text.lower()
            hit = next((p for p in NOT_MODELLED if p in low), None)
            if hit:
                errors.append(
                    f"{rel}: {where} says '{hit}', but the route has a requirements checklist: "
                    "map that requirement (condition, external or document) and rephrase the note"
                )
    return errors


PENDING_CHECKLISTS = "checklists_pending.yaml"
"""Routes whose `requirements:` checklist is still to be written (a shrinking list)."""


def check_checklists(routes: list[Route], root: Path) -> list[str]:
    """Every route has a checklist, except those listed as pending; a pending route that has
    one must leave the list. The list only shrinks: a new route comes with its checklist."""
    path = root / PENDING_CHECKLISTS
    raw = data_yaml(path, PENDING_CHECKLISTS) if path.is_file() else None
    pending = {str(r) for r in raw} if isinstance(raw, list) else set()
    ids = {r.id for r in routes}
    errors = [
        f"{PENDING_CHECKLISTS}: '{rid}' is not a route; remove it" for rid in sorted(pending - ids)
    ]
    for route in sorted(routes, key=lambda r: r.id):
        if route.requirements and route.id in pending:
            errors.append(
                f"{PENDING_CHECKLISTS}: '{route.id}' now has a checklist; remove it from the list"
            )
        elif not route.requirements and route.id not in pending:
            errors.append(
                f"route {route.id}: no `requirements:` checklist: list each official requirement "
                "and map it to a condition, an external condition or a document "
                "(docs/knowledge-base.md)"
            )
    return errors


def cross_check(
    routes: list[Route], params: dict[str, Parameter], files: dict[str, Path], root: Path
) -> list[str]:
    """Errors that span files: unknown parameters, wrong units, duplicate ids, misplaced routes."""
    errors: list[str] = check_checklists(routes, root) + check_free_movement(params)
    seen: dict[str, Path] = {}
    for route in routes:
        rel = files[route.id].relative_to(root)
        prefix = ID_PREFIX.get(route.country, route.country.lower())
        if not route.id.startswith(prefix + "."):
            errors.append(
                f"{rel}: id: '{route.id}' must start with '{prefix}.' for country {route.country}"
            )
        if files[route.id].parent.parent.name != route.country.lower():
            errors.append(f"{rel}: country: {route.country} does not match its folder")
        if route.id in seen and seen[route.id] != files[route.id]:
            errors.append(
                f"{rel}: id: '{route.id}' is also defined in {seen[route.id].relative_to(root)}"
            )
        seen[route.id] = files[route.id]
        errors.extend(check_requirements(route, params, str(rel)))
        fee = route.timeline.recognition_fee
        if fee is not None and (fee not in params or money_unit(params[fee].unit) is None):
            errors.append(f"{rel}: timeline.recognition_fee: '{fee}' is not a money parameter")
        for cost in route.costs:
            if cost.amount is None:
                continue  # a price not in the data: shown as unknown
            param = params.get(cost.amount)
            if param is None:
                errors.append(
                    f"{rel}: costs '{cost.id}'.amount: no parameter '{cost.amount}' is defined"
                )
            elif money_unit(param.unit) is None:
                errors.append(
                    f"{rel}: costs '{cost.id}'.amount: '{cost.amount}' has unit '{param.unit}', a money unit is needed"
                )
        nodes = walk(route.requires) + [
            n
            for w in [*(r.when for r in route.risks), *(c.when for c in route.costs)]
            if w
            for n in walk(w)
        ]
        for node in nodes:
            errors.extend(param_errors(node, params, f"{rel}: condition '{node.id}'"))
            errors.extend(listed_in_place(node, f"{rel}: condition '{node.id}'"))
        for i, note in enumerate(route.notes, 1):
            seen_ids: set[str] = set()
            for node in walk(note.when) if note.when else []:
                where = f"{rel}: notes[{i}].when condition '{node.id}'"
                if node.id in seen_ids:
                    errors.append(f"{where}: the id is used twice in this note's condition")
                seen_ids.add(node.id)
                errors.extend(param_errors(node, params, where))
    return errors


def listed_in_place(node: Condition, where: str) -> list[str]:
    """A country list written into a condition is for a note's `when` only: a condition that
    decides a verdict, a risk, a cost or a warning names a dated, sourced parameter."""
    if isinstance(node, InOrNotIn) and node.given is not None:
        return [
            f"{where}: lists its countries itself; name a `countries` parameter with its sources "
            "(a list written in place is only for a note's `when`)"
        ]
    return []


def param_errors(node: Condition, params: dict[str, Parameter], where: str) -> list[str]:
    """The parameters a condition reads that are not defined or whose unit does not fit."""
    errors = []
    for fld, name, kind in param_refs(node):
        param = params.get(name)
        at = f"{where}.{fld}"
        if param is None:
            errors.append(f"{at}: no parameter '{name}' is defined")
        elif kind == "money" and money_unit(param.unit) is None:
            errors.append(f"{at}: '{name}' has unit '{param.unit}', a money unit is needed")
        elif kind != "money" and param.unit != kind:
            errors.append(f"{at}: '{name}' has unit '{param.unit}', '{kind}' is needed")
    return errors
