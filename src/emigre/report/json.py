"""The machine-readable contract of `emigre plan --format json` and `emigre routes --format json`.

Field names here are a public contract (the web app and other tools read them): add, never rename.
"""

from __future__ import annotations

from typing import Any

from emigre.i18n import pick
from emigre.knowledge.model import Fact, Source
from emigre.knowledge.route import Route
from emigre.rules.evaluate import NodeResult, RouteResult


def source(s: Source) -> dict[str, Any]:
    out: dict[str, Any] = {"url": s.url, "checked": s.checked.isoformat()}
    if s.title:
        out["title"] = s.title
    if s.official:
        out["official"] = True
    return out


def _dedupe(sources: list[Source]) -> list[Source]:
    seen: dict[str, Source] = {}
    for s in sources:
        seen.setdefault(s.url, s)
    return list(seen.values())


def condition_sources(node: NodeResult) -> list[Source]:
    own = list(node.condition.sources)
    for res in node.outcome.used:
        own.extend(res.sources)
    return _dedupe(own)


def condition_legal_basis(node: NodeResult) -> str | None:
    if node.condition.legal_basis:
        return node.condition.legal_basis
    bases = [res.entry.legal_basis for res in node.outcome.used if res.entry]
    return "; ".join(dict.fromkeys(bases)) or None


def condition(node: NodeResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": node.condition.id,
        "type": node.condition.type,
        "status": node.status,
        "reason": node.outcome.reason,
        "legal_basis": condition_legal_basis(node),
        "sources": [source(s) for s in condition_sources(node)],
        "depth": node.depth,
    }
    if node.status == "unmet":
        out["closable"] = node.state == "closable"
        out["step"] = node.outcome.step if node.state == "closable" else None
    if node.outcome.missing:
        out["missing"] = node.outcome.missing
    if node.outcome.used:
        out["parameters"] = [
            {
                "name": r.name,
                "value": r.value
                if not isinstance(r.value, list) or not r.value or isinstance(r.value[0], str)
                else None,
                "unit": r.unit,
                "since": r.since.isoformat() if r.since else None,
                "latest_known": r.latest_known,
                "confidence": r.entry.confidence if r.entry else None,
                "caveat": r.caveat(),
            }
            for r in node.outcome.used
        ]
    if node.condition.note:
        out["note"] = pick(node.condition.note)
    return out


def fact(f: Fact) -> dict[str, Any]:
    out: dict[str, Any] = {
        "value": f.value,
        "sources": [source(s) for s in f.sources],
        "confidence": f.confidence,
    }
    if f.note:
        out["note"] = pick(f.note)
    if f.legal_basis:
        out["legal_basis"] = f.legal_basis
    return out


def route_card(route: Route) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": route.id,
        "country": route.country,
        "family": route.family,
        "title": pick(route.title),
        "legal_basis": route.legal_basis,
        "sources": [source(s) for s in route.sources],
    }
    if route.summary:
        out["summary"] = pick(route.summary)
    return out


def route_result(res: RouteResult) -> dict[str, Any]:
    route = res.route
    out = route_card(route)
    out["verdict"] = res.verdict
    out["conditions"] = [condition(n) for n in res.nodes()]
    out["blockers"] = [condition(n) for n in res.blockers()]
    out["missing"] = res.missing()
    out["risk_level"] = route.risk_level
    out["risks"] = [
        {
            "id": r.risk.id,
            "applies": r.applies,
            "text": pick(r.risk.text),
            "sources": [source(s) for s in r.risk.sources],
        }
        for r in res.risks
    ]
    out["outcomes"] = {
        name: fact(value) for name, value in route.outcomes if isinstance(value, Fact)
    }
    out["notes"] = [pick(n) for n in route.notes]
    return out


def plan_document(results: list[RouteResult]) -> dict[str, Any]:
    on = results[0].on.isoformat() if results else None
    return {"on": on, "routes": [route_result(r) for r in results]}
