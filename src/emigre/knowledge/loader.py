"""Loading and validating the knowledge base: one folder per country, routes and parameters.

Layout (under `emigre/data`, or a folder given with `--data` / `EMIGRE_DATA`):

    countries/<cc>/parameters.yaml      dated parameters of that country
    countries/<cc>/parameters/*.yaml    more of them, split by topic when a file grows
    countries/<cc>/routes/<name>.yaml   one route per file
    common/parameters.yaml              parameters shared by several countries (EU, Schengen)
    warnings/*.yaml                     warnings about the person's wider situation (lists)
    fx/rates.csv                        exchange-rate snapshots

YAML is read as YAML 1.2 so that `NO` stays Norway.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from emigre.errors import DataError, EmigreError, InputError, describe_validation_error
from emigre.knowledge.model import Parameter, money_unit
from emigre.knowledge.parameters import ParameterStore
from emigre.knowledge.route import Route
from emigre.knowledge.situation import SituationWarning
from emigre.money import FxTable, merge_rates, read_rates, user_rates_path
from emigre.rules.conditions import (
    Condition,
    External,
    InOrNotIn,
    walk,
)
from emigre.yaml12 import yaml_reader

#: Country folders whose route ids use a customary prefix instead of the ISO code.
ID_PREFIX = {"GB": "uk"}

T = TypeVar("T")


@cache
def _params_adapter() -> TypeAdapter[dict[str, Parameter]]:
    """Built when the YAML is read, not at import: a run served by the cache never needs it."""
    return TypeAdapter(dict[str, Parameter])


@cache
def _warnings_adapter() -> TypeAdapter[list[SituationWarning]]:
    return TypeAdapter(list[SituationWarning])


@dataclass
class KnowledgeBase:
    routes: list[Route]
    params: ParameterStore
    fx: FxTable
    root: Path
    files: dict[str, Path]
    """Where each route and parameter was read from, for messages and `data sources`."""
    warnings: list[SituationWarning] = field(default_factory=list)
    """Warnings about the person's wider situation (`knowledge/situation.py`)."""

    def route(self, route_id: str) -> Route:
        for r in self.routes:
            if r.id == route_id:
                return r
        close = [r.id for r in self.routes if r.id.startswith(route_id.split(".")[0] + ".")]
        hint = (
            f"; routes of that country: {', '.join(close)}"
            if close
            else "; `emigre routes` lists them"
        )
        raise InputError(f"no route '{route_id}'{hint}")


def default_root() -> Path:
    env = os.environ.get("EMIGRE_DATA")
    if env:
        return Path(env)
    return Path(str(resources.files("emigre").joinpath("data")))


def read_yaml(path: Path, label: str, error: type[EmigreError] = InputError) -> Any:
    """A YAML 1.2 file (so `NO` stays Norway); every failure names the file."""
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        return yaml_reader().load(text)
    except FileNotFoundError:
        raise error(f"{label}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{label}: cannot be read ({exc})") from None
    except Exception as exc:
        # ruamel reports every error (`yaml12`); it is imported only when a file needs it.
        from ruamel.yaml.error import YAMLError

        if isinstance(exc, YAMLError):
            raise error(f"{label}: not valid YAML: {exc}".replace("\n", " ")) from None
        if isinstance(exc, ValueError | OverflowError):  # a date that does not exist
            raise error(f"{label}: {_bad_value(text, exc)}") from None
        raise


def _bad_value(text: str, exc: Exception) -> str:
    """Where a value YAML reads but cannot build lies (2026-13-01, 2025-02-29): the first line
    with a date that does not exist, else the reader's own words."""
    from datetime import date

    for n, line in enumerate(text.splitlines(), 1):
        for found in re.finditer(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w.-])", line):
            try:
                date(*(int(g) for g in found.groups()))
            except ValueError:
                return (
                    f"line {n}: {found.group()} is not a date ({exc}); write an existing day, "
                    "YYYY-MM-DD"
                )
    return f"a value cannot be read ({exc})"


def _yaml(path: Path, rel: str) -> Any:
    return read_yaml(path, rel, DataError)


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
    raw = _yaml(path, PENDING_CHECKLISTS) if path.is_file() else None
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


def check_free_movement(params: dict[str, Parameter]) -> list[str]:
    """Each free-movement area is a pair of country lists, `<...>.citizens` and
    `<...>.destinations` (emigre.rules.evaluate.FREE_MOVEMENT): one without the other is
    never read."""
    from emigre.rules.evaluate import FREE_MOVEMENT

    prefix, citizens, destinations = FREE_MOVEMENT
    errors: list[str] = []
    for name, param in params.items():
        if not name.startswith(prefix):
            continue
        for mine, other in ((citizens, destinations), (destinations, citizens)):
            if name.endswith(mine):
                pair = name.removesuffix(mine) + other
                if pair not in params:
                    errors.append(f"parameter '{name}': a free-movement area needs '{pair}' too")
                if param.unit != "countries":
                    errors.append(f"parameter '{name}': unit must be 'countries'")
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
            errors.extend(_param_errors(node, params, f"{rel}: condition '{node.id}'"))
            errors.extend(_listed_in_place(node, f"{rel}: condition '{node.id}'"))
        for i, note in enumerate(route.notes, 1):
            seen_ids: set[str] = set()
            for node in walk(note.when) if note.when else []:
                where = f"{rel}: notes[{i}].when condition '{node.id}'"
                if node.id in seen_ids:
                    errors.append(f"{where}: the id is used twice in this note's condition")
                seen_ids.add(node.id)
                errors.extend(_param_errors(node, params, where))
    return errors


def _listed_in_place(node: Condition, where: str) -> list[str]:
    """A country list written into a condition is for a note's `when` only: a condition that
    decides a verdict, a risk, a cost or a warning names a dated, sourced parameter."""
    if isinstance(node, InOrNotIn) and node.given is not None:
        return [
            f"{where}: lists its countries itself; name a `countries` parameter with its sources "
            "(a list written in place is only for a note's `when`)"
        ]
    return []


def _param_errors(node: Condition, params: dict[str, Parameter], where: str) -> list[str]:
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


def _validated(
    paths: list[Path],
    root: Path,
    adapter: TypeAdapter[T],
    errors: list[str],
    broken: set[str] | None = None,
) -> Iterator[tuple[Path, str, T]]:
    """Each YAML file that reads and validates (path, path in the data folder, value); a file
    that does not adds its error, naming the file and the key, and is skipped (its top-level
    keys go to `broken`, so that what refers to them is not reported as missing too)."""
    for path in paths:
        rel = str(path.relative_to(root))
        raw = _yaml(path, rel)
        if raw is None:
            continue
        try:
            yield path, rel, adapter.validate_python(raw)
        except ValidationError as exc:
            errors.append(describe_validation_error(exc, rel))
            if broken is not None and isinstance(raw, dict):
                broken.update(str(k) for k in raw)


def load_knowledge_base(root: Path | None = None) -> KnowledgeBase:
    root = root or default_root()
    if not (root / "countries").is_dir():
        raise DataError(f"{root}: no 'countries' folder; is this an emigre data folder?")
    params: dict[str, Parameter] = {}
    files: dict[str, Path] = {}
    routes: list[Route] = []
    errors: list[str] = []
    param_files = (
        sorted(root.glob("countries/*/parameters.yaml"))
        + sorted(root.glob("countries/*/parameters/*.yaml"))
        + sorted(root.glob("common/*.yaml"))
    )
    broken: set[str] = set()
    for path, rel, loaded in _validated(param_files, root, _params_adapter(), errors, broken):
        for name, param in loaded.items():
            if name in params:
                errors.append(f"{rel}: {name}: also defined in {files[name].relative_to(root)}")
            params[name] = param
            files[name] = path
    for path in sorted(root.glob("countries/*/routes/*.yaml")):
        rel = str(path.relative_to(root))
        raw = _yaml(path, rel)
        if raw is None:
            errors.append(
                f"{rel}: the file is empty; a route is described in docs/knowledge-base.md"
            )
            continue
        try:
            route = Route.model_validate(raw)
        except ValidationError as exc:
            errors.append(describe_validation_error(exc, rel))
            continue
        routes.append(route)
        files[route.id] = path
    routes = _shared_waits(routes, files, root, errors)
    missing = re.compile(r"no parameter '([^']+)' is defined")
    errors.extend(
        e
        for e in cross_check(routes, params, files, root)
        if not ((m := missing.search(e)) and m.group(1) in broken)
    )
    warnings = _load_warnings(root, params, files, errors)
    if errors:
        raise DataError("the knowledge base has errors:\n" + "\n".join(errors))
    fx_path = root / "fx" / "rates.csv"
    rates = read_rates(fx_path) if fx_path.exists() else read_rates()
    user = user_rates_path()
    if user.is_file():
        rates = merge_rates(rates, read_rates(user))
    fx = FxTable(rates)
    return KnowledgeBase(routes, ParameterStore(params), fx, root, files, warnings)


def _shared_waits(
    routes: list[Route], files: dict[str, Path], root: Path, errors: list[str]
) -> list[Route]:
    """Routes with `timeline.consulate_waits_as` get that route's consulate waits (their own
    entries first); a reference to no route of the same country with waits of its own is an
    error naming the file."""
    by_id = {r.id: r for r in routes}
    out: list[Route] = []
    for route in routes:
        ref = route.timeline.consulate_waits_as
        other = by_id.get(ref) if ref else None
        if ref is None:
            out.append(route)
            continue
        if (
            other is None
            or other.country != route.country
            or other.timeline.consulate_waits_as is not None
            or not other.timeline.consulate_wait_weeks
        ):
            errors.append(
                f"{files[route.id].relative_to(root)}: timeline.consulate_waits_as: '{ref}' is "
                f"not a route of {route.country} with consulate waits of its own"
            )
            out.append(route)
            continue
        waits = {**other.timeline.consulate_wait_weeks, **route.timeline.consulate_wait_weeks}
        timeline = route.timeline.model_copy(update={"consulate_wait_weeks": waits})
        out.append(route.model_copy(update={"timeline": timeline}))
    return out


def _load_warnings(
    root: Path, params: dict[str, Parameter], files: dict[str, Path], errors: list[str]
) -> list[SituationWarning]:
    """Every warning file, checked like a route's conditions (parameters exist, units fit)."""
    out: list[SituationWarning] = []
    for path, rel, loaded in _validated(
        sorted(root.glob("warnings/*.yaml")), root, _warnings_adapter(), errors
    ):
        for w in loaded:
            if w.id in files:
                errors.append(f"{rel}: id: '{w.id}' is also defined in {files[w.id]}")
            files[w.id] = path
            for node in walk(w.when) + (walk(w.ask_if) if w.ask_if else []):
                where = f"{rel}: warning '{w.id}' condition '{node.id}'"
                errors.extend(_param_errors(node, params, where))
                errors.extend(_listed_in_place(node, where))
            out.append(w)
    return out


@cache
def _cached(root: Path) -> KnowledgeBase:
    from emigre.knowledge.cache import cached_knowledge_base

    kb = cached_knowledge_base(root)
    # It lives as long as the process: moved out of the collector's generations, so that the
    # collections each plan sets off (it allocates a great many small objects) no longer walk
    # its objects again and again (about a sixth of planning one person in a warm process).
    gc.freeze()
    return kb


def knowledge_base(root: Path | None = None) -> KnowledgeBase:
    """The knowledge base, loaded and validated once per process and cached between runs
    (`knowledge/cache.py`)."""
    return _cached(root or default_root())
