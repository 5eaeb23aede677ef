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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, partial
from typing import TYPE_CHECKING

from emigre.codes import country_in_sentence
from emigre.figure import Figure, Kind, total
from emigre.i18n import Lazy, Msg, Said, Shown, ShownList, ShownOrNone, _, join, said
from emigre.plan.cashflow import FIRST_YEAR, Month, balances, month_by_month, payments, runway
from emigre.plan.closing import close_gaps, taken
from emigre.plan.costs import CostItem, cost_items, cost_notes
from emigre.plan.filing import FilingInputs, plan_filing
from emigre.plan.gapsteps import Choice, fact_num
from emigre.plan.horizon import horizon
from emigre.plan.income import Income, income_after_arrival
from emigre.plan.papers import papers, papers_step
from emigre.plan.residence import road_to_pr
from emigre.plan.steps import Step, add_months, months_between
from emigre.plan.validity import Changing, changing_figures
from emigre.rules.conditions import Funds
from emigre.rules.gaps import FundsGap

if TYPE_CHECKING:
    from emigre.base import Text
    from emigre.knowledge.parameters import ParameterStore
    from emigre.knowledge.route import Route
    from emigre.money import FxTable
    from emigre.profile import Profile
    from emigre.rules.evaluate import RouteResult

RISK_SCORE = {"low": 0, "medium": 1, "high": 2}


@dataclass
class PlanInputs:
    """What the planner needs beside the route: the person, the date, the data, what-ifs."""

    profile: Profile
    on: date
    params: ParameterStore
    fx: FxTable
    hours_per_week: float


@dataclass
class Plan:
    result: RouteResult
    steps: list[Step]
    arrival: date | None
    cost_to_arrival: Figure
    """Paid before arrival (fees, exams, courses); "at least" when a part is unknown."""
    first_year: Figure
    """Paid in the first twelve months after arrival, living costs included."""
    shown: Figure
    """Held to show the authorities (it stays the person's)."""
    costs: list[CostItem]
    flow: Callable[[], list[Month]] = field(repr=False, compare=False)
    """Computes the month-by-month cash flow (`month_by_month`), which most runs never show."""
    notes: ShownList = ShownList()
    months_to_pr: float | None = None
    rank: int | None = None
    """Place in the residence ranking (1 = best); None for short stays and undated plans."""
    group: str = "residence"
    """"residence" (a permit to live there), "short_stay" (a place to wait while applying) or
    "if_agreed" (open only if an authority or a selection agrees: never ranked, never eligible;
    the plan is of what the person can do meanwhile)."""
    awaiting: list[Text] = field(default_factory=list)
    """For the group "if_agreed": what others still have to decide (the `external`
    conditions' texts), in the route's order."""
    pareto: bool = False
    """On the Pareto front of the residence routes (set by `rank`)."""
    why: Shown = Shown(default="")
    """One line on why the plan stands where it does (set by `rank`)."""
    ranked_as: ShownList = ShownList()
    """What the ranking assumed for figures it does not know (never zero)."""
    over_budget: bool = False
    chosen: list[Choice] = field(default_factory=list)
    """The alternative taken at each `any` with more than one way open (the fastest)."""
    income: Income | None = None
    """Net income a month after arrival that the plan counts on (None: not planned)."""
    living: Figure | None = None
    """What is paid each month after arrival (living costs, tuition, insurance)."""
    runway_months: float | None = None
    """Months the savings left at arrival last with no income at all; None when the monthly
    costs or the arrival are not known."""
    pr_steps: list[Step] = field(default_factory=list)
    """Steps towards permanent residence (a language level it needs), after or beside the
    move; never prerequisites of the arrival."""
    pr_beyond: bool = False
    """Permanent residence would come after the planning horizon: no date, "not within N
    years" (`months_to_pr` is then None)."""
    pr_past_horizon: float | None = None
    """With `pr_beyond`: the months the route's own rule gives (past the horizon), which only
    the ranking uses; None when even they are not known (a language out of reach)."""
    savings_unknown: ShownOrNone = ShownOrNone()
    """Why the money month by month is not known: the savings or the monthly savings were not
    given (unknown, never walked as 0); then no cash flow and no runway. None when both are."""
    undated: ShownOrNone = ShownOrNone()
    """Why the filing gives no arrival date although its steps are planned (no intakes in the
    data for a study route); None otherwise."""
    may_change: list[Changing] = field(default_factory=list)
    """Figures the plan used whose known validity (`until`) ends before the filing day: a
    threshold or fee set for this year, an application next year (each also in `notes`)."""

    @property
    def route(self) -> Route:
        return self.result.route

    @cached_property
    def cashflow(self) -> list[Month]:
        """Month by month from the plan date to a year after arrival; computed when first read
        (only `--cashflow`, `explain` and the route page show it)."""
        return self.flow()

    @property
    def months_to_arrival(self) -> float | None:
        return (
            None if self.arrival is None else round(months_between(self.result.on, self.arrival), 1)
        )

    @property
    def arrival_kind(self) -> Kind:
        """known only if every step's duration is; estimated if some is a range; unknown (the
        date is the earliest possible) if some duration is not in the data."""
        if self.arrival is None:
            return "unknown"
        # Steps after the move (a preparatory year in the country) do not date the arrival.
        kinds = {s.timing for s in self.steps if s.end <= self.arrival}
        return "unknown" if "unknown" in kinds else "estimated" if "estimated" in kinds else "known"

    @property
    def undated_by(self) -> list[Step]:
        """The steps before the arrival whose duration is not in the data (they make the
        arrival unknown: its date is then only the earliest possible)."""
        if self.arrival is None:
            return []
        arrival = self.arrival
        return [s for s in self.steps if s.end <= arrival and s.timing == "unknown"]

    @property
    def no_arrival(self) -> str | None:
        """Why the plan has no arrival date, in words (None when it has one): a step that does
        not end within the planning horizon, else a date the data cannot give."""
        if self.arrival is not None:
            return None
        if self.undated:
            return self.undated
        if any(s.beyond and s.kind != "savings" for s in self.steps):
            return _("not within {n} years").format(n=horizon().years)
        if any(s.beyond for s in self.steps):
            return _("not reached with the current savings")
        return _("no date: a step cannot be dated from the data")

    @property
    def risk(self) -> int:
        """Route's own refusal risk, plus one if a risk applies to this person, plus one if the
        plan hangs on finding a job (nobody can promise an offer)."""
        applies = any(r.applies == "yes" for r in self.result.risks)
        needs_job = any(s.kind == "job_search" for s in self.steps)
        return RISK_SCORE[self.route.risk_level] + int(applies) + int(needs_job)


def _no_rate(cur: str) -> Msg:
    """Why a plan has no date when the person's money is in a currency without a rate."""
    return Msg(
        "no exchange rate for {cur}: whether your savings cover this is not known "
        "(`emigre rates update` fetches the rates, online; or give your money in EUR)",
        cur=cur,
    )


def _funds_needed(res: RouteResult) -> float:
    """The largest amount a funds condition asks to be shown, in EUR (met or not: it must
    still be there when the visa is applied for)."""
    return max(
        (
            float(n.outcome.gap.amount_eur) if isinstance(n.outcome.gap, FundsGap) else 0.0
            for n in res.active_leaves()
            if isinstance(n.condition, Funds) and n.state in ("met", "closable")
        ),
        default=0.0,
    )


def cap_at_horizon(steps: list[Step], inp: PlanInputs) -> bool:
    """Steps that cannot end within the planning horizon end at its last day, flagged as not
    within it (never a date decades away); True if there was one."""
    years = horizon().years
    limit = horizon().limit(inp.on)
    found = False
    for s in steps:
        if s.end <= limit:
            continue
        found = True
        s.start, s.end, s.end_high = min(s.start, limit), limit, None
        s.known, s.beyond = False, True
        why = (
            Msg(
                "not finished within {n} years at {w:g} h a week: more hours a week bring it closer",
                n=years,
                w=inp.hours_per_week,
            )
            if s.kind == "language"
            else Msg("does not end within {n} years of today", n=years)
        )
        s.why = why
    return found


def build_plan(res: RouteResult, inp: PlanInputs) -> Plan:
    route, on, prof = res.route, inp.on, inp.profile
    closing = close_gaps(res, inp)
    steps, notes = closing.steps, [*(c.text for c in closing.choices), *closing.notes]
    out_of_reach = cap_at_horizon(steps, inp)
    way = taken(res.root, closing.choices)
    costs = cost_items(route, inp, way)
    notes.extend(cost_notes(route, inp))
    shown = total(c.amount for c in costs if c.kind == "shown")
    needed = _funds_needed(res)
    if needed > shown.low:
        shown = (
            Figure.known(needed)
            if shown.kind == "known"
            else shown + Figure.known(needed - shown.low)
        )
    upfront = total(
        c.amount for c in costs if c.kind == "one_off" and c.stage in ("application", "departure")
    )
    on_arrival = total(c.amount for c in costs if c.kind == "one_off" and c.stage == "arrival")
    monthly_after = total(c.amount for c in costs if c.kind == "recurring")

    money = prof.money
    cur = money.currency if money else "EUR"
    savings = monthly = 0.0
    no_rate = False
    # Savings or monthly savings not given are unknown, never 0: they are counted as none only
    # to walk the months, and a goal they would decide gets no date (`unsaid` says why).
    savings_given = money is not None and money.savings is not None
    monthly_given = money is not None and money.monthly_savings is not None
    if money is not None:
        s_conv = inp.fx.convert(money.savings or 0.0, cur, "EUR", on)
        m_conv = inp.fx.convert(money.monthly_savings or 0.0, cur, "EUR", on)
        if s_conv is None or m_conv is None:
            no_rate = True
            notes.append(Msg("no exchange rate for {cur}: savings are not counted", cur=cur))
        else:
            savings, monthly = s_conv.amount, m_conv.amount

    # A preparatory (foundation) year is attended in the country: the move comes before it, so
    # it neither delays the application nor is paid from the savings before arrival.
    prep = [s for s in steps if s.kind == "preparatory_year"]
    steps = [s for s in steps if s.kind != "preparatory_year"]
    ready = max([s.end for s in steps], default=on)
    paid_before = [part for s in steps if s.cost.planning for part in payments(s)]
    need_fig = shown + upfront + on_arrival
    need = need_fig.planning
    if need_fig.is_unknown:
        notes.append(
            Msg(
                "part of what must be shown or paid is not in the data: the savings goal is too low"
            )
        )

    def balance_at(d: date) -> float:
        months = max(0, math.floor(months_between(on, d) + 1e-9))
        return savings + monthly * months - sum(c for when, c in paid_before if when <= d)

    funds_date: date | None = None if out_of_reach else ready
    limit, years = horizon().limit(on), horizon().years
    unsaid: Msg | None = None
    if funds_date is not None and balance_at(ready) < need:
        short = need - balance_at(ready)
        if not savings_given:
            unsaid = _not_given("savings")
        elif not monthly_given:
            unsaid = _not_given("monthly_savings")
        # Months of saving; beyond the horizon (or at no savings) the goal is out of reach, and
        # the plan goes on without a date instead of counting into the year 10,000.
        if unsaid is not None or monthly <= 0 or short / monthly > years * 12:
            funds_date = None
        else:
            funds_date = add_months(ready, math.ceil(short / monthly))
            while balance_at(funds_date) < need:
                funds_date = add_months(funds_date, 1)
            if funds_date > limit:
                funds_date = None
        steps.append(
            Step(
                id="savings",
                kind="savings",
                title=_savings_title(need, shown, upfront + on_arrival),
                start=on,
                # Not given is unknown, not "never": the earliest it could end, no horizon.
                end=funds_date or (ready if unsaid else limit),
                known=funds_date is not None,
                beyond=funds_date is None and unsaid is None,
                why=None
                if funds_date
                else _no_rate(cur)
                if no_rate
                else unsaid
                if unsaid is not None
                else Msg("at your current savings rate this amount is never reached")
                if monthly <= 0
                else Msg(
                    "at your current savings rate this amount is not reached within {n} years",
                    n=years,
                ),
            )
        )

    arrival: date | None = None
    filed_on: date | None = None
    undated: Said | None = None
    found = papers(route, inp) if route.family != "visa_free" else None
    if no_rate and funds_date is None:
        # savings we cannot convert are unknown, not zero: no "never reached"
        undated = _no_rate(cur)
    elif unsaid is not None:
        undated = unsaid
    if funds_date is not None:
        prereq = [s.id for s in steps if s.id != "savings"]
        saving = "savings" if any(s.id == "savings" for s in steps) else None
        # The papers must exist before they are filed: never earlier than collecting takes.
        file_from = funds_date
        if found is not None:
            # A time the data lacks never shortens the ones it has: at least those.
            took = found.days if found.days is not None else found.at_least
            file_from = max(funds_date, on + timedelta(days=took))
        filing = plan_filing(
            FilingInputs(route, inp, ready, file_from, prereq, saving, upfront, way)
        )
        arrival = filing.arrival
        undated = filing.undated
        # The papers go before the filing's steps: on the same day they are ready, they are
        # listed before the application, never after the travel.
        filing_at = len(steps)
        steps.extend(filing.steps)
        notes.extend(filing.notes)
        filed = [s.start for s in filing.steps if s.id in ("visa", "permit", "travel")]
        filed_on = min(filed, default=arrival)
        if found is not None and filed:
            cost = next((c.amount for c in costs if c.id == "documents"), None)
            steps.insert(filing_at, papers_step(found, min(filed), cost or Figure.known(0.0), inp))

    for s in prep:
        if arrival is not None:
            length = s.end - s.start
            s.start, s.end = arrival, arrival + length
            s.depends_on = ["travel"]
            where = Lazy(country_in_sentence, route.country)
            s.note = join(
                " ",
                [
                    Msg("attended in {country} after you move: the visa is for it", country=where),
                    said(s, "note"),
                ],
            )
        steps.append(s)
    # The application's fee and the papers' costs are in `upfront` (the steps show them too).
    to_arrival = total(s.cost for s in steps if s.kind not in ("application", "document")) + upfront
    first_year = on_arrival + monthly_after * FIRST_YEAR
    income = income_after_arrival(route, inp, steps)
    earned = income.monthly.low if income.monthly is not None else 0.0
    walk = (on, arrival, savings, monthly, paid_before, upfront.planning)
    after = (on_arrival.planning, monthly_after.planning, earned)
    flow = partial(month_by_month, *walk, shown.planning, after, funds_date)
    runway_months = runway(partial(balances, *walk, after, funds_date), arrival, monthly_after)
    savings_unknown: Msg | None = None
    if not no_rate and not (savings_given and monthly_given):
        # A balance walked from a 0 nobody said is no balance: none shown, no runway.
        savings_unknown = _not_given_short("savings" if not savings_given else "monthly_savings")
        flow, runway_months = partial(list), None
    months_to_pr = None
    pr = fact_num(route.outcomes.permanent_residence_months)
    if arrival is not None and pr is not None:
        months_to_pr = round(months_between(on, arrival) + pr, 1)
    pr_steps: list[Step] = []
    pr_note: Said | None = None
    if arrival is not None and route.outcomes.permanent_residence_language:
        pr_date, pr_steps, pr_note = road_to_pr(route, inp, arrival, steps)
        months_to_pr = round(months_between(on, pr_date), 1)
        if cap_at_horizon(pr_steps, inp):
            months_to_pr = None
            pr_note = Msg(
                "permanent residence: not within {n} years, since learning the language it asks "
                "for takes longer at your study hours",
                n=years,
            )
    pr_beyond = months_to_pr is None and pr_note is not None
    pr_past: float | None = None
    if months_to_pr is not None and add_months(on, months_to_pr) > limit:
        # The route's own rule (months in the country after arrival) ends past the horizon:
        # that is no date to plan by, as for a step.
        pr_past, months_to_pr, pr_beyond = months_to_pr, None, True
        pr_note = Msg(
            "permanent residence: not within {n} years (the time the route asks for in the "
            "country, counted from the arrival, ends later)",
            n=years,
        )
    if pr_note is not None:
        notes.append(pr_note)
    may_change = changing_figures(res, {c.id for c in costs}, inp.params, on, filed_on)
    notes.extend(c.note for c in may_change)
    steps.sort(key=lambda s: (s.start, s.end))
    return Plan(
        res,
        steps,
        arrival,
        to_arrival,
        first_year,
        shown,
        costs,
        flow,
        notes,
        months_to_pr,
        chosen=closing.choices,
        income=income,
        living=monthly_after,
        runway_months=runway_months,
        pr_steps=pr_steps,
        pr_beyond=pr_beyond,
        pr_past_horizon=pr_past,
        undated=undated,
        savings_unknown=savings_unknown,
        group="short_stay" if res.route.short_stay else "residence",
        may_change=may_change,
    )


def _not_given(field: str) -> Msg:
    """Why a plan has no date when the savings that decide it were not given: unknown, not 0."""
    if field == "savings":
        return Msg(
            "your savings are not given: whether they cover this is not known "
            "(add savings = … to [money]; 0 if you have none)"
        )
    return Msg(
        "your monthly savings are not given: when you can save this is not known "
        "(add monthly_savings = … to [money]; 0 if you save nothing)"
    )


def _not_given_short(field: str) -> Msg:
    """Which of the savings was not given, for the money month by month."""
    if field == "savings":
        return Msg("your savings are not given")
    return Msg("your monthly savings are not given")


def _savings_title(need: float, shown: Figure, fees: Figure) -> Msg:
    """The savings goal as the step's title; a part the data lacks is never written as 0."""
    if not shown.is_unknown and not fees.is_unknown:
        return Msg(
            "Save until you hold {need:,.0f} EUR (to show {shown:,.0f} EUR and pay {fees:,.0f} EUR of fees)",
            need=need,
            shown=shown.planning,
            fees=fees.planning,
        )
    if shown.is_unknown:
        return Msg(
            "Save until you hold at least {need:,.0f} EUR (the amount to show is not in the data)",
            need=need,
        )
    if fees.partial:
        return Msg(
            "Save until you hold at least {need:,.0f} EUR (to show {shown:,.0f} EUR and pay at least {fees:,.0f} EUR of fees)",
            need=need,
            shown=shown.planning,
            fees=fees.planning,
        )
    return Msg(
        "Save until you hold at least {need:,.0f} EUR (to show {shown:,.0f} EUR; the fees are not in the data)",
        need=need,
        shown=shown.planning,
    )
