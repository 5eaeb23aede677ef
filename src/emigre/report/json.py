"""The machine-readable contract of `emigre plan --format json` and `emigre routes --format json`.

Field names here are a public contract (the web app and other tools read them): add, never rename.

What a route's document says whatever the person (its card, outcomes and papers, every source's
JSON, a condition's legal basis, sources and parameters) is built once per route or condition
and language and shared by the documents that hold it: read a document, never change its parts
in place (a new top-level key is fine).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from emigre.figure import Figure
from emigre.files import finite
from emigre.i18n import _, current_language, law, pick
from emigre.knowledge.model import Fact, Source
from emigre.knowledge.route import Route
from emigre.knowledge.situation import WarningResult
from emigre.money import FxTable
from emigre.plan.horizon import horizon
from emigre.plan.rank import risk_line, stay_line
from emigre.plan.schedule import Plan
from emigre.plan.steps import Step
from emigre.report.actions import next_action
from emigre.report.labels import STEP_KINDS
from emigre.rules.evaluate import VERDICT_ORDER, NodeResult, RouteResult

_SOURCES: dict[int, tuple[Source, dict[str, Any]]] = {}
"""Each source's JSON by object: a document cites the same few hundred sources thousands of
times. The source is kept beside its JSON, so an id is never reused while it is here."""


def source(s: Source) -> dict[str, Any]:
    """A source's JSON (shared: see the module's note)."""
    hit = _SOURCES.get(id(s))
    if hit is not None and hit[0] is s:
        return hit[1]
    out: dict[str, Any] = {"url": s.url, "checked": s.checked.isoformat()}
    if s.published:
        out["published"] = s.published.isoformat()
    if s.title:
        out["title"] = s.title
    if s.official:
        out["official"] = True
    if len(_SOURCES) >= 50_000:  # a long-lived server that reloaded its data many times
        _SOURCES.clear()
    _SOURCES[id(s)] = (s, out)
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


def condition_legal_bases(node: NodeResult) -> list[str]:
    """The legal bases of a condition as the knowledge base writes them (in English): its own, or
    else those of the parameter values it read."""
    if node.condition.legal_basis:
        return [node.condition.legal_basis]
    return list(dict.fromkeys(res.entry.legal_basis for res in node.outcome.used if res.entry))


def condition_legal_basis(node: NodeResult) -> str | None:
    """The legal bases of a condition in the language of the moment, one after the other."""
    return "; ".join(law(b) for b in condition_legal_bases(node)) or None


def legal_basis(text: str | None, original: str | None = None) -> dict[str, str]:
    """`legal_basis` in the document's language and, where that is a translation,
    `legal_basis_original`: the knowledge base's own (English) text, as cited by the sources."""
    if not text:
        return {}
    shown = law(text) if original is None else text
    original = text if original is None else original
    if shown == original:
        return {"legal_basis": shown}
    return {"legal_basis": shown, "legal_basis_original": original}


def condition(node: NodeResult) -> dict[str, Any]:
    parts = _condition_parts(node)
    out: dict[str, Any] = {
        "id": node.condition.id,
        "type": node.condition.type,
        "status": node.status,
        "reason": node.outcome.reason,
        "legal_basis": None,
        **parts.legal_basis,
        "sources": parts.sources,
        "depth": node.depth,
    }
    if node.status == "unmet":
        out["closable"] = node.state == "closable"
        out["step"] = node.outcome.step if node.state == "closable" else None
    if node.outcome.missing:
        out["missing"] = node.outcome.missing
    if parts.parameters is not None:
        out["parameters"] = parts.parameters
    if parts.note is not None:
        out["note"] = parts.note
    return out


@dataclass(frozen=True)
class _ConditionParts:
    """What a condition's JSON says whatever the person, given the parameter values it read."""

    legal_basis: dict[str, str]
    sources: list[dict[str, Any]]
    parameters: list[dict[str, Any]] | None
    note: str | None


_CONDITIONS: dict[tuple[int, str, tuple[int, ...]], tuple[tuple[object, ...], _ConditionParts]] = {}
"""Each condition's parts by object, language and the parameter values it read (resolved once
per name and date by the store, so the same for everyone planned at that date). The condition
and the values are kept beside the parts, so no id is reused while it is here."""


def _condition_parts(node: NodeResult) -> _ConditionParts:
    cond, used = node.condition, node.outcome.used
    key = (id(cond), current_language(), tuple(id(r) for r in used))
    hit = _CONDITIONS.get(key)
    if hit is not None:  # the objects it was made from are alive in it: theirs are the ids
        return hit[1]
    bases = condition_legal_bases(node)
    parts = _ConditionParts(
        legal_basis("; ".join(law(b) for b in bases) or None, "; ".join(bases)),
        [source(s) for s in condition_sources(node)],
        [
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
            for r in used
        ]
        if used
        else None,
        pick(cond.note) if cond.note else None,
    )
    if len(_CONDITIONS) >= 50_000:  # a long-lived server planning at many dates
        _CONDITIONS.clear()
    _CONDITIONS[key] = ((cond, *used), parts)
    return parts


def fact(f: Fact) -> dict[str, Any]:
    out: dict[str, Any] = {
        "value": f.value,
        "sources": [source(s) for s in f.sources],
        "confidence": f.confidence,
    }
    if f.note:
        out["note"] = pick(f.note)
    out.update(legal_basis(f.legal_basis))
    return out


def situation_warning(res: WarningResult) -> dict[str, Any]:
    """A warning about the person's wider situation, in both languages (the front end picks)."""
    w = res.warning
    return {
        "id": w.id,
        "topic": w.topic,
        "level": w.level,
        "applies": res.applies,
        "because_of_citizenship": res.because_of,
        "missing": res.missing,
        "title": dict(w.title) if isinstance(w.title, dict) else {"en": w.title},
        "text": dict(w.text) if isinstance(w.text, dict) else {"en": w.text},
        "since": w.since.isoformat() if w.since else None,
        **legal_basis(w.legal_basis),
        "sources": [source(s) for s in w.sources],
    }


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


class Money:
    """EUR amounts shown in EUR and in the person's currency at one rate (the plan date's)."""

    def __init__(self, fx: FxTable, currency: str, on: date) -> None:
        self.currency = currency
        self.rate = fx.rate(currency, on) if currency != "EUR" else None
        self.known = currency == "EUR" or self.rate is not None
        self._nulls: dict[str, None] = dict.fromkeys(self(0.0), None)

    def __call__(self, eur: float) -> dict[str, float | None]:
        out: dict[str, float | None] = {"EUR": round(eur, 2)}
        if self.currency != "EUR":
            out[self.currency] = round(eur * self.rate.per_eur, 2) if self.rate else None
        return out

    def figure(self, f: Figure) -> dict[str, Any]:
        """A known, estimated or unknown amount: `EUR` (and the person's currency) is the value,
        null when unknown; an unknown total with known parts says `at_least`; an estimate gives
        its range; both give the reason."""
        out: dict[str, Any] = {"kind": f.kind}
        if f.value is not None:
            out.update(self(f.value))
        else:
            out.update(self._nulls)
        if f.kind == "estimated" and f.high is not None:
            out["low"], out["high"] = self(f.low), self(f.high)
        if f.kind == "unknown":
            out["at_least"] = self(f.low) if f.low > 0 else None
        if f.reasons:
            out["reason"] = f.reason()
        if f.sources and f.kind != "known":
            out["sources"] = [source(x) for x in _dedupe(list(f.sources))]
        return out

    def describe(self) -> dict[str, Any]:
        if self.rate is None:
            return {"currency": self.currency, "per_eur": None if self.currency != "EUR" else 1.0}
        return {
            "currency": self.currency,
            "per_eur": self.rate.per_eur,
            "rate_date": self.rate.on.isoformat(),
            "source": self.rate.source,
            "confidence": self.rate.confidence,
        }


def end_reason(s: Step) -> str:
    """Why a step has no end date (`Step.end_unknown`), in words."""
    if s.beyond:
        return _("does not end within {n} years of today").format(n=horizon().years)
    return _("how long this step takes is not in the data")


def step(s: Step, money: Money) -> dict[str, Any]:
    """A step of a plan. `end` is null when it is not known (the duration is not in the data,
    or it does not end within the planning horizon): `earliest_end` is then the earliest day it
    could end and `end_reason` says why; never `end == start` read as "takes no time". `cost` is
    what the step itself adds; the route's fees, travel and living are in `cost_items`."""
    out: dict[str, Any] = {
        "id": s.id,
        "kind": s.kind,
        "title": s.title,
        "start": s.start.isoformat(),
        "end": None if s.end_unknown else s.end.isoformat(),
        "earliest_end": s.end.isoformat(),
        "cost": money.figure(s.cost),
        "depends_on": s.depends_on,
        "known": s.known,
        "timing": s.timing,
    }
    if s.end_unknown:
        out["end_reason"] = end_reason(s)
    if s.end_high:
        out["end_high"] = s.end_high.isoformat()
    if s.beyond:
        # `end` is then the horizon's last day: the earliest the step could end, not a date.
        out["not_within_years"] = horizon().years
    if s.deadline:
        out["deadline"] = s.deadline.isoformat()
    if s.kind == "language":
        out.update(language=s.language, from_level=s.from_level, to_level=s.to_level, hours=s.hours)
        if s.hours_range:
            out["hours_range"] = list(s.hours_range)
    if s.note:
        out["note"] = s.note
    if s.sources:
        out["sources"] = [source(x) for x in s.sources]
    return out


def plan_fields(plan: Plan, money: Money, cashflow: bool = True) -> dict[str, Any]:
    """A plan's part of a route's document; the month-by-month cash flow (the bulk of it) only
    with `cashflow`.

    `arrival` is a date only when it is known or estimated; when a step before it has no
    known duration it is null, `earliest_arrival` the earliest possible day and
    `arrival_reason` names the steps (the same for `months_to_arrival`, and for the months to
    permanent residence, counted from the arrival: `months_to_permanent_residence_at_least`)."""
    unknown = plan.arrival_kind == "unknown"
    out: dict[str, Any] = {
        "rank": plan.rank,
        "group": plan.group,
        "awaiting": [pick(t) for t in plan.awaiting],
        "pareto": plan.pareto,
        "why": plan.why or None,
        "ranked_as": plan.ranked_as,
        "over_budget": plan.over_budget,
        "arrival": plan.arrival.isoformat() if plan.arrival and not unknown else None,
        "earliest_arrival": plan.arrival.isoformat() if plan.arrival else None,
        "arrival_certain": plan.arrival_kind == "known",
        "arrival_kind": plan.arrival_kind,
        "arrival_reason": arrival_reason(plan),
        "months_to_arrival": None if unknown else plan.months_to_arrival,
        "months_to_earliest_arrival": plan.months_to_arrival,
        "months_to_permanent_residence": None if unknown else plan.months_to_pr,
        "months_to_permanent_residence_at_least": plan.months_to_pr if unknown else None,
        "no_arrival": plan.no_arrival,
        "permanent_residence_not_within_years": horizon().years if plan.pr_beyond else None,
        "cost": {
            "to_arrival": money.figure(plan.cost_to_arrival),
            "first_year": money.figure(plan.first_year),
        },
        "funds_to_show": money.figure(plan.shown),
        "cost_items": [
            {
                "id": c.id,
                "kind": c.kind,
                "stage": c.stage,
                "label": c.label,
                "amount": money.figure(c.amount),
                "caveat": c.caveat,
            }
            for c in plan.costs
        ],
        "steps": [step(s, money) for s in plan.steps],
        "steps_to_permanent_residence": [step(s, money) for s in plan.pr_steps],
        "chosen": [
            {
                "condition": c.condition,
                "chosen": c.chosen,
                "options": [
                    {"id": cid, "ready": end.isoformat() if end else None} for cid, end in c.options
                ],
            }
            for c in plan.chosen
        ],
        "after_arrival": {
            "income": money.figure(plan.income.monthly)
            if plan.income and plan.income.monthly is not None
            else None,
            "income_basis": plan.income.basis if plan.income else None,
            "monthly_costs": money.figure(plan.living) if plan.living is not None else None,
            "runway_months": plan.runway_months,
        },
        "cashflow": None,
        "plan_notes": plan.notes,
        "risk_score": plan.risk,
    }
    if cashflow:
        out["cashflow"] = [
            {
                "month": m.month.isoformat()[:7],
                "balance": money(m.balance_eur),
                "locked": money(m.locked_eur),
                "paid": money(m.paid_eur),
                "income": money(m.income_eur),
            }
            for m in plan.cashflow
        ]
    else:
        del out["cashflow"]
    return out


def arrival_reason(plan: Plan) -> str | None:
    """Why the plan has no arrival date, or only the earliest one, in words (None when the
    arrival is known or estimated)."""
    if plan.arrival is None:
        return plan.no_arrival
    if plan.arrival_kind != "unknown":
        return None
    kinds = dict.fromkeys(_(STEP_KINDS.get(s.kind, s.kind)) for s in plan.undated_by)
    return _("how long these steps take is not in the data: {steps}").format(steps=", ".join(kinds))


def mark_chosen(doc: dict[str, Any], plan: Plan) -> None:
    """Flag, in a route's `conditions`, the alternatives of an `any` the plan took (`chosen:
    true`) and the ones it left (`chosen: false`)."""
    picked = {c.chosen for c in plan.chosen}
    offered = {cid for c in plan.chosen for cid, _end in c.options}
    for cond in doc.get("conditions", []):
        if cond["id"] in offered:
            cond["chosen"] = cond["id"] in picked


def short_stay(route: Route, living: Figure | None, money: Money) -> dict[str, Any]:
    """What a place to wait offers: days allowed, whether one may work, living costs a month."""
    work = route.outcomes.work_allowed
    return {
        "days_allowed": route.days_allowed(),
        "work_allowed": work.value if work is not None and isinstance(work.value, bool) else None,
        "living_costs_month": money.figure(living) if living is not None else None,
    }


IF_AGREED = "if_agreed"
"""The group of the routes open only if others agree (`RouteResult.decided_by_others`)."""


def plan_document(
    results: list[RouteResult],
    plans: dict[str, Plan] | None = None,
    money: Money | None = None,
    cashflow: bool = True,
    living: dict[str, Figure] | None = None,
    goal: str = "settle_eu",
    strict: bool = True,
) -> dict[str, Any]:
    """Every route, in the order of the ranking: ranked residence routes, the residence routes
    open only if others agree (`group` "if_agreed", never a rank), the other residence routes by
    verdict, then the short-stay group (first for the goal `leave_soon`).

    `strict` replaces non-finite floats by None here; a caller that writes the document with
    `files.strict_json` (which does the same only when needed) passes False and saves a walk
    over the whole document."""
    on = results[0].on.isoformat() if results else None
    routes = []
    place = {rid: i for i, rid in enumerate(plans or {})}
    for r in results:
        doc = route_result(r)
        doc["group"] = "short_stay" if r.route.short_stay else "residence"
        doc["risk_line"] = risk_line(r)
        plan = plans.get(r.route.id) if plans else None
        if plan is not None and money is not None:
            doc.update(plan_fields(plan, money, cashflow))
            mark_chosen(doc, plan)
        elif plans is not None:
            doc.update(
                rank=None, arrival=None, steps=[], cost=None, months_to_permanent_residence=None
            )
        if r.route.short_stay and money is not None:
            doc["short_stay"] = short_stay(r.route, (living or {}).get(r.route.id), money)
            if r.verdict != "blocked" and not doc.get("why"):
                doc["why"] = str(stay_line(r))
        routes.append(doc)
    first = "short_stay" if goal == "leave_soon" else "residence"
    # The routes open only if others agree follow the residence routes that have a plan.
    tier = {first: 0, IF_AGREED: 0 if first == "residence" else 1}
    routes.sort(
        key=lambda d: (
            tier.get(d["group"], 1),
            d["id"] not in place,
            place.get(d["id"], 0),
            VERDICT_ORDER[d["verdict"]],
            d["id"],
        )
    )
    for doc in routes:
        doc["next_action"] = next_action(doc)
    out: dict[str, Any] = {"on": on, "routes": routes}
    if plans is not None:
        out["goal"] = goal
    if money is not None:
        out["currency"] = money.describe()
    return finite(out) if strict else out
