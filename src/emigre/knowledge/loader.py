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
from typing import TypeVar

from pydantic import TypeAdapter, ValidationError

from emigre.errors import DataError, InputError, describe_validation_error, shown
from emigre.knowledge.model import Parameter
from emigre.knowledge.parameters import ParameterStore
from emigre.knowledge.route import Route
from emigre.knowledge.situation import SituationWarning
from emigre.knowledge.yaml_file import data_yaml, with_lines
from emigre.money import FxTable, merge_rates, read_rates, user_rates_path
from emigre.rules.conditions import walk

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
        from difflib import get_close_matches

        from emigre.codes import joined
        from emigre.i18n import _

        ids = [r.id for r in self.routes]
        typed = route_id.strip().lower()
        country = [i for i in ids if i.split(".")[0] == typed.split(".")[0]]
        near = list(
            dict.fromkeys(
                get_close_matches(typed, country, n=3, cutoff=0.5)
                + get_close_matches(typed, ids, n=3, cutoff=0.6)
            )
        )[:3]
        if near:
            hint = _("; did you mean {options}?").format(options=joined(near, "or"))
        else:
            close = [i for i in ids if i.startswith(route_id.split(".")[0] + ".")]
            hint = (
                _("; routes of that country: {ids}").format(ids=", ".join(close))
                if close
                else _("; `emigre routes` lists them")
            )
        raise InputError(_("no route '{id}'").format(id=shown(route_id, 60)) + hint)


def default_root() -> Path:
    env = os.environ.get("EMIGRE_DATA")
    if env:
        return Path(env)
    return Path(str(resources.files("emigre").joinpath("data")))


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
        try:
            raw = data_yaml(path, rel)
        except DataError as exc:  # named, and the other files are still checked
            errors.append(str(exc))
            if broken is not None:  # what it defined is unknown: nothing is reported missing
                broken.add(UNREADABLE)
            continue
        if raw is None:
            continue
        try:
            yield path, rel, adapter.validate_python(raw)
        except ValidationError as exc:
            errors.append(_described(exc, rel, path))
            if broken is not None and isinstance(raw, dict):
                broken.update(str(k) for k in raw)


def _described(exc: ValidationError, rel: str, path: Path) -> str:
    """The file's errors, one a line, each with the line where its field is written."""
    message = describe_validation_error(exc, rel)
    try:
        return with_lines(message, rel, path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return message


UNREADABLE = "*"
"""In `broken`: a parameter file YAML could not read, so any parameter may be missing for it."""


def load_knowledge_base(root: Path | None = None) -> KnowledgeBase:
    """Every file of the data folder `root`, read, validated and checked against the others; all
    errors at once as one `DataError`."""
    from emigre.knowledge.crosscheck import cross_check  # only when the YAML is read

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
        try:
            raw = data_yaml(path, rel)
        except DataError as exc:  # named, and the other files are still checked
            errors.append(str(exc))
            continue
        if raw is None:
            errors.append(
                f"{rel}: the file is empty; a route is described in docs/knowledge-base.md"
            )
            continue
        try:
            route = Route.model_validate(raw)
        except ValidationError as exc:
            errors.append(_described(exc, rel, path))
            continue
        routes.append(route)
        files[route.id] = path
    routes = _shared_waits(routes, files, root, errors)
    missing = re.compile(r"no parameter '([^']+)' is defined")
    errors.extend(
        e
        for e in cross_check(routes, params, files, root)
        if not ((m := missing.search(e)) and (m.group(1) in broken or UNREADABLE in broken))
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
    from emigre.knowledge.crosscheck import listed_in_place, param_errors

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
                errors.extend(param_errors(node, params, where))
                errors.extend(listed_in_place(node, where))
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


_WATCHED: dict[Path, str] | None = None
"""In a process that stays up (`emigre.daemon`): each data folder's fingerprint when its
knowledge base was loaded; None in a command, which loads it once."""


KEEP_LOADED = 4
"""Knowledge bases a long-lived process keeps (each `--data` folder has its own); one more and
they are all let go."""


def watch_data() -> None:
    """From now on, every `knowledge_base` call checks that its data (files, saved rates, the
    package's modules) has not changed since it was loaded, and reloads it if it has."""
    global _WATCHED
    _WATCHED = {}


def _check_fresh(root: Path, watched: dict[Path, str]) -> None:
    from emigre.knowledge.cache import fingerprint

    key = fingerprint(root)
    seen = watched.get(root)
    if (seen is not None and seen != key) or (seen is None and len(watched) >= KEEP_LOADED):
        # Everything loaded goes: simpler than tracking which cached parts each one used.
        _cached.cache_clear()
        watched.clear()
        gc.unfreeze()
        gc.collect()
    watched[root] = key


def knowledge_base(root: Path | None = None) -> KnowledgeBase:
    """The knowledge base, loaded and validated once per process and cached between runs
    (`knowledge/cache.py`)."""
    root = root or default_root()
    if _WATCHED is not None:
        _check_fresh(root, _WATCHED)
    return _cached(root)
