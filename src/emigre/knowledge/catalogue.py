"""Views over the whole knowledge base for its maintainers: sources and what they back, and the
coverage of countries by route families."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Any

from emigre.codes import country_name
from emigre.knowledge.crosscheck import param_refs
from emigre.knowledge.model import FAMILIES, Source
from emigre.knowledge.parameters import ParameterStore
from emigre.knowledge.route import Route
from emigre.knowledge.situation import SituationWarning
from emigre.rules.conditions import walk as walk_conditions


def sources_of(
    routes: list[Route], params: ParameterStore, warnings: Iterable[SituationWarning] = ()
) -> list[dict[str, Any]]:
    """One row per source URL: newest check, whether official, and every fact it backs (the
    routes' facts, the parameters they use, and the given situation warnings)."""
    rows: dict[str, dict[str, Any]] = {}

    def add(src: Source, what: str) -> None:
        row = rows.setdefault(
            src.url, {"url": src.url, "checked": src.checked, "official": src.official, "backs": []}
        )
        row["checked"] = max(row["checked"], src.checked)
        row["official"] = row["official"] or src.official
        if what not in row["backs"]:
            row["backs"].append(what)

    seen_params: set[str] = set()
    for route in routes:
        for s in route.sources:
            add(s, f"{route.id}: the route")
        nodes = walk_conditions(route.requires) + [
            n
            for w in [*(r.when for r in route.risks), *(c.when for c in route.costs)]
            if w
            for n in walk_conditions(w)
        ]
        for node in nodes:
            for s in node.sources:
                add(s, f"{route.id}: condition {node.id}")
            for _field, name, _kind in param_refs(node):
                seen_params.add(name)
        for cost in route.costs:
            if cost.amount is not None:
                seen_params.add(cost.amount)
        for risk in route.risks:
            for s in risk.sources:
                add(s, f"{route.id}: risk {risk.id}")
        for name, fact in route.outcomes:
            for item in fact if isinstance(fact, list) else [fact] if fact else []:
                for s in item.sources:
                    add(s, f"{route.id}: {name}")
    for warning in warnings:
        for s in warning.sources:
            add(s, f"warning {warning.id}")
        for node in walk_conditions(warning.when) + (
            walk_conditions(warning.ask_if) if warning.ask_if else []
        ):
            for s in node.sources:
                add(s, f"warning {warning.id}: condition {node.id}")
            for _field, name, _kind in param_refs(node):
                seen_params.add(name)
    for name in sorted(seen_params):
        param = params.parameters.get(name)
        if param is None:
            continue
        for v in param.values:
            for s in v.sources:
                add(
                    s,
                    f"parameter {name} = {v.value!r} from {v.from_}"
                    if not isinstance(v.value, list) or len(v.value) < 6
                    else f"parameter {name} from {v.from_}",
                )
    out = sorted(rows.values(), key=lambda r: r["url"])
    for r in out:
        r["checked"] = r["checked"].isoformat()
    return out


@dataclass(frozen=True)
class Figure:
    """One dated figure (a parameter value or a route fact) and how current its sources are."""

    country: str
    what: str
    newest: date
    """The newest `as_of` date among its sources (`published`, else `checked`)."""
    by_published: bool
    """True when that date is a date the source states, not only the day it was read."""


def without_official_page(routes: list[Route]) -> list[str]:
    """The routes none of whose own sources is the authority's page (`official: true`): their
    next step links to a secondary page instead of the official one (`official_link`)."""
    return sorted(r.id for r in routes if not any(s.official for s in r.sources))


def _newest(sources: list[Source]) -> tuple[date, bool]:
    best = max(sources, key=lambda s: s.as_of)
    return best.as_of, best.published is not None


def figures(routes: list[Route], params: ParameterStore, on: date | None = None) -> list[Figure]:
    """Every parameter value and every route fact (outcomes, timeline), with its newest source.

    With `on`, a parameter's history is left out: only the value in force on that day (the last
    one to start by then) and values announced for later count, so a figure refreshed with a
    new dated value stops being stale while its superseded values stay in the data as history."""
    out: list[Figure] = []
    for name, param in sorted(params.parameters.items()):
        values = list(param.values)
        if on is not None:
            started = [v for v in values if v.from_ <= on]
            values = started[-1:] + [v for v in values if v.from_ > on]
        for v in values:
            newest, by_pub = _newest(list(v.sources))
            out.append(Figure(name[:2].upper(), f"{name} (from {v.from_})", newest, by_pub))
    by_id = {r.id: r for r in routes}
    for route in sorted(routes, key=lambda r: r.id):
        facts = list(route.outcomes) + list(
            (k, v) for k, v in route.timeline if k.endswith(("_weeks", "_months", "_days"))
        )
        shared = by_id.get(route.timeline.consulate_waits_as or "")
        for at, wait in route.timeline.consulate_wait_weeks.items():
            if shared is not None and shared.timeline.consulate_wait_weeks.get(at) == wait:
                continue  # counted once, with the route that states it
            facts.append((f"consulate_wait_weeks.{at}", wait))
        for way in route.outcomes.permanent_residence_language:
            newest, by_pub = _newest(list(way.sources))
            what = f"{route.id}: permanent_residence_language.{way.language}_{way.level}"
            out.append(Figure(route.country, what, newest, by_pub))
        for key, fact in facts:
            if isinstance(fact, dict | list):
                continue
            if fact is None:
                continue
            newest, by_pub = _newest(list(fact.sources))
            out.append(Figure(route.country, f"{route.id}: {key}", newest, by_pub))
    return out


def stale(items: list[Figure], today: date, max_age_days: int) -> list[Figure]:
    """Figures whose newest source is older than `max_age_days` at `today`, oldest first."""
    old = [f for f in items if (today - f.newest).days > max_age_days]
    return sorted(old, key=lambda f: (f.newest, f.what))


def freshness_markdown(items: list[Figure], today: date) -> list[str]:
    """Per country: how many figures, how many carry a stated publication date, and the age
    of their newest sources, so a maintainer sees where the data is old."""
    lines = [
        "## Freshness",
        "",
        "Age of each figure's newest source at the data's reference date "
        f"({today.isoformat()}): the date the source states (`published`) where it states one, "
        "else the day it was read (`checked`).",
        "",
        "| country | figures | with a stated date | median age (days) | older than 1 year | oldest |",
        "|---|---|---|---|---|---|",
    ]
    by_cc: dict[str, list[Figure]] = {}
    for f in items:
        by_cc.setdefault(f.country, []).append(f)
    for cc in sorted(by_cc, key=lambda c: country_name(c) if c != "EU" else "~"):
        group = by_cc[cc]
        ages = [(today - f.newest).days for f in group]
        oldest = min(group, key=lambda f: f.newest)
        name = f"{country_name(cc)} ({cc})" if cc != "EU" else "shared (EU, common)"
        lines.append(
            f"| {name} | {len(group)} | {sum(f.by_published for f in group)} | "
            f"{int(median(ages))} | {sum(a > 365 for a in ages)} | {oldest.newest.isoformat()} |"
        )
    return lines


def coverage_markdown(
    routes: list[Route], params: ParameterStore | None = None, today: date | None = None
) -> str:
    """Countries x families with the route ids in each cell; generated, never edited by hand."""
    countries = sorted({r.country for r in routes}, key=country_name)
    used = [f for f in FAMILIES if any(r.family == f for r in routes)]
    lines = [
        "# Coverage of the knowledge base",
        "",
        "Generated by `emigre data coverage -o docs/coverage.md` from the data; do not edit by hand.",
        "",
        f"{len(routes)} routes in {len(countries)} countries.",
        "",
        "| country | " + " | ".join(used) + " |",
        "|---|" + "---|" * len(used),
    ]
    for cc in countries:
        cells = []
        for fam in used:
            ids = sorted(r.id for r in routes if r.country == cc and r.family == fam)
            cells.append("<br>".join(f"`{i}`" for i in ids))
        lines.append(f"| {country_name(cc)} ({cc}) | " + " | ".join(cells) + " |")
    totals = [str(sum(r.family == f for r in routes)) for f in used]
    lines.append("| **routes** | " + " | ".join(totals) + " |")
    if params is not None:
        items = figures(routes, params, today)
        ref = today or max(f.newest for f in items)
        lines += ["", *freshness_markdown(items, ref)]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Ending:
    """A parameter whose last known value holds only until a day (`until`) and has no newer
    value in the data: its next figure is yet to be added (a yearly threshold, a fee table)."""

    name: str
    value: Any
    unit: str
    until: date
    ended: bool
    """`until` has passed at the date asked about: the value is then shown as the latest known
    one, not as current."""


def ending(params: ParameterStore, on: date, within_days: int) -> list[Ending]:
    """Parameters whose last value ends (`until`) within `within_days` of `on`, or has already
    ended, with no newer value: the figures to look up for the rollover (e.g. every 2026 figure
    in December 2026), soonest first. A plan filing after `until` says the figure may change,
    and one dated past it labels the value "latest known"; neither replaces the new figure."""
    out: list[Ending] = []
    for name, param in params.parameters.items():
        last = param.values[-1]
        if last.until is None or (last.until - on).days > within_days:
            continue
        out.append(Ending(name, last.value, param.unit, last.until, last.until < on))
    return sorted(out, key=lambda e: (e.until, e.name))
