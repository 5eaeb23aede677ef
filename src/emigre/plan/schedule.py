"""From a verdict to a plan: steps on a calendar, a monthly cash flow, the earliest arrival.

For a reachable (or eligible) route every closable gap becomes steps that start today and run in
parallel where they can (learning a language while searching for a job); an exam follows its
language; the visa application waits until every prerequisite is done *and* the savings cover
what must be shown and paid; a study route then lands on a real intake date. Figures come from
the knowledge base (durations, fees, intakes); where one is missing the step is flagged as such
instead of being given an invented duration.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from emigre.i18n import _, pick
from emigre.knowledge.model import money_unit
from emigre.plan.filing import plan_filing
from emigre.plan.gapsteps import close_gaps, fact_num
from emigre.plan.steps import Step, add_months, months_between
from emigre.rules.conditions import Funds

if TYPE_CHECKING:
    from emigre.knowledge.parameters import ParameterStore
    from emigre.knowledge.route import Cost, Route
    from emigre.money import FxTable
    from emigre.profile import Profile
    from emigre.rules.evaluate import RouteResult

RISK_SCORE = {"low": 0, "medium": 1, "high": 2}
#: Months after arrival that the cash flow and the first-year cost cover.
FIRST_YEAR = 12

SAVINGS_HORIZON_YEARS = 50
"""Saving longer than this is no plan: the step says the amount is not reached within it."""


@dataclass
class PlanInputs:
    """What the planner needs beside the route: the person, the date, the data, what-ifs."""

    profile: Profile
    on: date
    params: ParameterStore
    fx: FxTable
    hours_per_week: float


@dataclass
class Month:
    month: date
    balance_eur: float
    locked_eur: float
    paid_eur: float


@dataclass
class CostItem:
    id: str
    kind: str
    stage: str
    eur: float
    """Amount at once (one-off, shown) or per month (recurring), in euros at the plan date."""
    label: str
    caveat: str | None = None


@dataclass
class Plan:
    result: RouteResult
    steps: list[Step]
    arrival: date | None
    cost_to_arrival_eur: float
    first_year_eur: float
    shown_eur: float
    costs: list[CostItem]
    cashflow: list[Month]
    notes: list[str] = field(default_factory=list)
    months_to_pr: float | None = None
    rank: int | None = None

    @property
    def route(self) -> Route:
        return self.result.route

    @property
    def months_to_arrival(self) -> float | None:
        return (
            None if self.arrival is None else round(months_between(self.result.on, self.arrival), 1)
        )

    @property
    def risk(self) -> int:
        """Route's own refusal risk, plus one if a risk applies to this person, plus one if the
        plan hangs on finding a job (nobody can promise an offer)."""
        applies = any(r.applies == "yes" for r in self.result.risks)
        needs_job = any(s.kind == "job_search" for s in self.steps)
        return RISK_SCORE[self.route.risk_level] + int(applies) + int(needs_job)


def _cost_items(route: Route, inp: PlanInputs) -> list[CostItem]:
    items: list[CostItem] = []
    for cost in route.costs:
        items.append(_cost_item(cost, inp))
    return items


def _cost_item(cost: Cost, inp: PlanInputs) -> CostItem:
    res = inp.params.resolve(cost.amount, inp.on)
    label = pick(cost.label) if cost.label else cost.id.replace("_", " ")
    unit = money_unit(res.unit)
    if not res.known or unit is None:
        return CostItem(cost.id, cost.kind, cost.stage, 0.0, label, _("amount unknown"))
    cur, per = unit
    conv = inp.fx.convert(float(res.value), cur, "EUR", inp.on)
    if conv is None:
        return CostItem(
            cost.id,
            cost.kind,
            cost.stage,
            0.0,
            label,
            _("no exchange rate for {cur}").format(cur=cur),
        )
    amount = conv.amount
    if cost.kind == "recurring":
        amount = amount / {"month": 1, "year": 12, "semester": 6}.get(per or "month", 1)
    elif per == "month":
        amount *= cost.months
    return CostItem(cost.id, cost.kind, cost.stage, amount, label, res.caveat())


def _funds_needed(res: RouteResult) -> float:
    """The largest amount a funds condition asks to be shown, in EUR (met or not: it must
    still be there when the visa is applied for)."""
    return max(
        (
            float(n.outcome.target.get("amount_eur", 0))  # type: ignore[arg-type]
            for n in res.active_leaves()
            if isinstance(n.condition, Funds) and n.state in ("met", "closable")
        ),
        default=0.0,
    )


def build_plan(res: RouteResult, inp: PlanInputs) -> Plan:
    route, on, prof = res.route, inp.on, inp.profile
    closing = close_gaps(res, inp)
    steps, notes = closing.steps, [*closing.choices, *closing.notes]
    costs = _cost_items(route, inp)
    for c in costs:
        if c.caveat:
            notes.append(f"{c.label}: {c.caveat}")
    shown = sum(c.eur for c in costs if c.kind == "shown")
    shown = max(shown, _funds_needed(res))
    upfront = sum(
        c.eur for c in costs if c.kind == "one_off" and c.stage in ("application", "departure")
    )
    on_arrival = sum(c.eur for c in costs if c.kind == "one_off" and c.stage == "arrival")
    monthly_after = sum(c.eur for c in costs if c.kind == "recurring")

    money = prof.money
    cur = money.currency if money else "EUR"
    savings = monthly = 0.0
    if money is not None:
        s_conv = inp.fx.convert(money.savings, cur, "EUR", on)
        m_conv = inp.fx.convert(money.monthly_savings, cur, "EUR", on)
        if s_conv is None or m_conv is None:
            notes.append(_("no exchange rate for {cur}: savings are not counted").format(cur=cur))
        else:
            savings, monthly = s_conv.amount, m_conv.amount
    else:
        notes.append(_("your savings are not given: the plan assumes none"))

    ready = max([s.end for s in steps], default=on)
    paid_before = [(s.start, s.cost_eur) for s in steps if s.cost_eur]
    need = shown + upfront + on_arrival

    def balance_at(d: date) -> float:
        months = max(0, math.floor(months_between(on, d) + 1e-9))
        return savings + monthly * months - sum(c for when, c in paid_before if when <= d)

    funds_date: date | None = ready
    if balance_at(ready) < need:
        short = need - balance_at(ready)
        # Months of saving; beyond the horizon (or at no savings) the goal is out of reach, and
        # the plan goes on without a date instead of counting into the year 10,000.
        if monthly <= 0 or short / monthly > SAVINGS_HORIZON_YEARS * 12:
            funds_date = None
        else:
            funds_date = add_months(ready, math.ceil(short / monthly))
            while balance_at(funds_date) < need:
                funds_date = add_months(funds_date, 1)
        steps.append(
            Step(
                id="savings",
                kind="savings",
                title=_(
                    "Save until you hold {need:,.0f} EUR (to show {shown:,.0f} EUR and pay {fees:,.0f} EUR of fees)"
                ).format(need=need, shown=shown, fees=upfront + on_arrival),
                start=on,
                end=funds_date or on,
                known=funds_date is not None,
                note=None
                if funds_date
                else _("at your current savings rate this amount is never reached")
                if monthly <= 0
                else _(
                    "at your current savings rate this amount is not reached within {n} years"
                ).format(n=SAVINGS_HORIZON_YEARS),
            )
        )

    arrival: date | None = None
    if funds_date is not None:
        prereq = [s.id for s in steps if s.id != "savings"]
        saving = "savings" if any(s.id == "savings" for s in steps) else None
        filing = plan_filing(route, inp, ready, funds_date, prereq, saving, upfront)
        arrival = filing.arrival
        steps.extend(filing.steps)
        notes.extend(filing.notes)

    exam_fees = sum(s.cost_eur for s in steps if s.kind == "exam")
    to_arrival = exam_fees + upfront
    first_year = on_arrival + monthly_after * FIRST_YEAR
    cashflow = _cashflow(
        on,
        arrival,
        savings,
        monthly,
        paid_before,
        upfront,
        shown,
        on_arrival,
        monthly_after,
        funds_date,
    )
    months_to_pr = None
    pr = fact_num(route.outcomes.permanent_residence_months)
    if arrival is not None and pr is not None:
        months_to_pr = round(months_between(on, arrival) + pr, 1)
    steps.sort(key=lambda s: (s.start, s.end))
    return Plan(
        res, steps, arrival, to_arrival, first_year, shown, costs, cashflow, notes, months_to_pr
    )


def _cashflow(
    on: date,
    arrival: date | None,
    savings: float,
    monthly: float,
    paid_before: list[tuple[date, float]],
    upfront: float,
    shown: float,
    on_arrival: float,
    monthly_after: float,
    funds_date: date | None,
) -> list[Month]:
    """Month by month from today to a year after arrival (or two years if there is none)."""
    horizon = add_months(arrival, FIRST_YEAR) if arrival else add_months(on, 24)
    out: list[Month] = []
    balance = savings
    d = on
    i = 0
    while d <= horizon:
        paid = sum(c for when, c in paid_before if d <= when < add_months(d, 1))
        if arrival is None or d < arrival:
            if i > 0:
                balance += monthly
            if funds_date and d <= funds_date < add_months(d, 1):
                paid += upfront
        if arrival and d <= arrival < add_months(d, 1):
            paid += on_arrival
        if arrival and d >= arrival:
            paid += monthly_after
        balance -= paid
        locked = shown if funds_date and arrival and funds_date <= d < arrival else 0.0
        if arrival and d >= arrival and shown:
            months_in = months_between(arrival, d)
            locked = max(0.0, shown * (1 - months_in / FIRST_YEAR))
        out.append(Month(d, round(balance, 2), round(locked, 2), round(paid, 2)))
        d = add_months(on, i + 1)
        i += 1
    return out
