"""A route as JSON: its card (id, country, title, legal basis, sources), its outcomes and the
papers of its checklist, built once per route and language; and the route's result for one
person (verdict, conditions, blockers, risks, notes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from emigre.i18n import current_language, pick
from emigre.knowledge.model import Fact
from emigre.knowledge.route import Route
from emigre.report.json.citations import fact, legal_basis, source
from emigre.report.json.conditions import condition
from emigre.rules.evaluate import RouteResult


def route_card(route: Route) -> dict[str, Any]:
    return dict(_route_parts(route).card)


@dataclass(frozen=True)
class _RouteParts:
    """What a route's document says whatever the person, in one language."""

    card: dict[str, Any]
    outcomes: dict[str, Any]
    documents: list[dict[str, Any]] | None


_PARTS: dict[tuple[int, str], tuple[Route, _RouteParts]] = {}
"""Each route's parts by object and language (the route is kept beside them, so an id is never
reused while it is here)."""


def _route_parts(route: Route) -> _RouteParts:
    key = (id(route), current_language())
    hit = _PARTS.get(key)
    if hit is not None and hit[0] is route:
        return hit[1]
    card: dict[str, Any] = {
        "id": route.id,
        "country": route.country,
        "family": route.family,
        "title": pick(route.title),
        **legal_basis(route.legal_basis),
        "sources": [source(s) for s in route.sources],
    }
    if route.summary:
        card["summary"] = pick(route.summary)
    parts = _RouteParts(
        card,
        {name: fact(value) for name, value in route.outcomes if isinstance(value, Fact)},
        documents(route),
    )
    if len(_PARTS) >= 10_000:  # a long-lived server that reloaded its data many times
        _PARTS.clear()
    _PARTS[key] = (route, parts)
    return parts


def route_result(res: RouteResult) -> dict[str, Any]:
    route = res.route
    parts = _route_parts(route)
    out = dict(parts.card)
    out["verdict"] = res.verdict
    # a citizen with free movement in the route's country (an EU citizen in an EU member state,
    # a Norwegian or a Swiss citizen in the EU...): the citizenships that make it unneeded, and
    # the legal bases of that free movement
    out["free_movement_as_citizen_of"] = res.free_movement
    if res.free_movement:
        out["free_movement_legal_basis"] = [legal_basis(b) for b in res.free_movement_bases]
    out["checklist"] = "complete" if route.checklist_complete else "missing"
    out["check_at"] = res.check_at
    unchecked = res.unchecked()
    if unchecked:
        out["unchecked"] = unchecked
    conditions = {id(n): condition(n) for n in res.nodes()}
    out["conditions"] = list(conditions.values())
    # A blocker is one of the conditions: its own copy of the same fields (`mark_chosen` flags
    # the conditions only).
    out["blockers"] = [
        dict(conditions[id(n)]) if id(n) in conditions else condition(n) for n in res.blockers()
    ]
    out["missing"] = res.missing()
    # currencies with no exchange rate at the date: what the rates table lacks, not the profile
    out["missing_rates"] = [
        {"from": c, "to": "EUR", "on": res.on.isoformat()} for c in res.missing_rates()
    ]
    out["risk_level"] = route.risk_level
    out["risks"] = [
        {
            "id": r.risk.id,
            "applies": r.applies,
            "because_of_citizenship": r.because_of,
            "text": pick(r.risk.text),
            "sources": [source(s) for s in r.risk.sources],
        }
        for r in res.risks
    ]
    out["outcomes"] = parts.outcomes
    # The notes that concern the person (or that the profile cannot decide); the others, about
    # people of another citizenship or residence, apart so that a script can still list them.
    out["notes"] = [pick(n.note.text) for n in res.notes if n.shown]
    out["notes_not_applying"] = [pick(n.note.text) for n in res.notes if not n.shown]
    out["documents"] = parts.documents
    return out  # its callers make the whole document finite once


def documents(route: Route) -> list[dict[str, Any]] | None:
    """The papers the route's official checklist names, with what each needs (apostille,
    translation, original, how old it may be); a flag the source does not state is null
    ("check"). None when the route has no checklist yet (not an empty list: unknown)."""
    if not route.checklist_complete:
        return None
    out = []
    for req in route.documents():
        spec = req.document
        assert spec is not None  # the loader checks that a document item has one
        out.append(
            {
                "id": req.id,
                "kind": spec.kind,
                "text": pick(req.text),
                "apostille": spec.apostille,
                "translation": spec.translation,
                "original": spec.original,
                "max_age_months": spec.max_age_months,
                "issued_by": pick(spec.issued_by) if spec.issued_by else None,
                "note": pick(spec.note) if spec.note else None,
                "source": source(req.source),
            }
        )
    return out
