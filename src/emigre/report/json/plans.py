"""A route's plan as JSON: its steps (an unknown end says why), arrival, costs, the choices it
made among alternatives, money after arrival and the month-by-month cash flow."""

from __future__ import annotations

from typing import Any

from emigre.i18n import _, pick
from emigre.plan.horizon import horizon
from emigre.plan.schedule import Plan
from emigre.plan.steps import Step
from emigre.report.json.amounts import Money
from emigre.report.json.citations import source
from emigre.report.labels import STEP_KINDS


def end_reason(s: Step) -> str:
    """Why a step has no end date (`Step.end_unknown`), in words: the step's own reason where it
    has one (`Step.why`)."""
    if s.why:
        return s.why
    if s.beyond:
        return _("does not end within {n} years of today").format(n=horizon().years)
    return _("how long this step takes is not in the data")


def step(s: Step, money: Money) -> dict[str, Any]:
    """A step of a plan. `end` is null when it is not known (the duration is not in the data,
    or it does not end within the planning horizon): `earliest_end` is then the earliest day it
    could end and `end_reason` says why; never `end == start` read as "takes no time". `why` is
    the step's own reason its length is not known (null when it has none to give); `note` is
    what else to know. `cost` is what the step itself adds; the route's fees, travel and living
    are in `cost_items`."""
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
    out["why"] = s.why
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
        "savings_unknown": plan.savings_unknown,
        "cashflow": None,
        "plan_notes": plan.notes,
        "figures_may_change": [
            {
                "parameter": c.name,
                "until": c.until.isoformat(),
                "changes_on": c.changes_on.isoformat(),
                "ended": c.ended,
                "note": str(c.note),
            }
            for c in plan.may_change
        ],
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
