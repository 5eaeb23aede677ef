"""What the person earns each month after arrival, as a figure (known, estimated or unknown).

Only income the route lets the person count on is counted: a remote job for a route that is
made for remote work (nomad, freelance), or a job in the country for a work route -- the
person's own offer there, or, where the plan has to find one, the lowest salary the route
accepts. Net pay is estimated from gross with the dated share-of-gross ranges
(`<cc>.net_of_gross.low/high`, else the European range `eu.net_of_gross.low/high`). Students,
job seekers and everyone else are planned on their savings alone (part-time work is not
counted), which is what the runway measures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from emigre.codes import country_in_sentence
from emigre.figure import Figure
from emigre.i18n import Lazy, Msg, Said, Shown
from emigre.rules.conditions.net_remote_income import net_share

if TYPE_CHECKING:
    from emigre.knowledge.route import Route
    from emigre.plan.schedule import PlanInputs
    from emigre.plan.steps import Step

#: Families whose permit is for remote work for employers or clients abroad.
REMOTE_FAMILIES = ("nomad", "freelance")
#: Families whose permit is for a job in the country.
JOB_FAMILIES = ("work",)
#: Families whose permit is for living on one's own means (savings, a pension, rent).
OWN_MEANS_FAMILIES = ("own_means",)


@dataclass
class Income:
    """Net income a month after arrival, in EUR; None when the plan counts none."""

    monthly: Figure | None
    basis: Shown = Shown()
    """Where the figure comes from, or why none is counted (one line for the reader)."""


def _net(gross_eur: float, country: str, inp: PlanInputs, what: Said) -> Figure:
    """Net of `gross_eur` for income taxed in `country`: a range from the share-of-gross
    estimates of that country, else the European range; unknown without either."""
    share = net_share(inp.params, country, inp.on)
    where = Lazy(country_in_sentence, country)
    europe = share is None
    if europe:
        share = net_share(inp.params, "eu", inp.on)
    if share is None:
        return Figure.unknown(Msg("no estimate of net pay is in the data"))
    low, high, used = share
    # Two sentences, so that a translation can decline the country ("как в России").
    why = (
        Msg(
            "{what}: net pay estimated at {lo:.0%}–{hi:.0%} of gross, as in a European country"
            " (no figure for {where})",
            what=what,
            lo=low,
            hi=high,
            where=where,
        )
        if europe
        else Msg(
            "{what}: net pay estimated at {lo:.0%}–{hi:.0%} of gross, as in {where}",
            what=what,
            lo=low,
            hi=high,
            where=where,
        )
    )
    sources = [s for r in used for s in r.sources]
    return Figure.estimated(
        gross_eur * (low + high) / 2, gross_eur * low, gross_eur * high, why, sources
    )


def _remote(inp: PlanInputs) -> Income:
    prof = inp.profile
    money = prof.money
    if money is not None and money.monthly_income is not None:
        conv = inp.fx.convert(money.monthly_income, money.currency, "EUR", inp.on)
        if conv is None:
            fig = Figure.unknown(Msg("no exchange rate for {cur}", cur=money.currency))
        else:
            fig = Figure.known(conv.amount)
        return Income(fig, Msg("your monthly income, from remote work that goes on"))
    jobs = [j for j in prof.work if j.remote and (j.end is None or j.end >= inp.on)]
    if not jobs:
        return Income(None, Msg("you list no remote work: no income is counted"))
    total = Figure.known(0.0)
    for job in jobs:
        if job.gross_monthly_salary is None or job.currency is None:
            return Income(
                Figure.unknown(Msg("the salary of your remote job is not given")),
                Msg("your remote job goes on"),
            )
        conv = inp.fx.convert(job.gross_monthly_salary, job.currency, "EUR", inp.on)
        if conv is None:
            return Income(
                Figure.unknown(Msg("no exchange rate for {cur}", cur=job.currency)),
                Msg("your remote job goes on"),
            )
        where = job.employer_country or ""
        total = total + (
            _net(conv.amount, where, inp, Msg("your remote salary"))
            if where
            else Figure.unknown(Msg("the employer's country of your remote job is not given"))
        )
    return Income(total, Msg("your remote salary, after tax (estimated)"))


_KIND_COUNTED = {
    "pension": Msg("your pension as given (income not from work, which this permit counts)"),
    "rental": Msg("your rental income as given (income not from work, which this permit counts)"),
    "investment": Msg(
        "your investment income as given (income not from work, which this permit counts)"
    ),
    "other": Msg("your income not from work as given (which this permit counts)"),
}


def _own_means(inp: PlanInputs) -> Income:
    """A permit to live on one's own means allows no work there: the income that goes on is
    the one not from work the person gives (`money.passive_income`: a pension, rent,
    investments), else none. Remote-work income (`money.monthly_income`) is not counted."""
    money = inp.profile.money
    if money is None or money.passive_income is None:
        return Income(
            None,
            Msg(
                "no income is counted: the permit allows no work there, and you give no income"
                " not from work (a pension, rent, investments)"
            ),
        )
    cur = money.passive_currency
    conv = inp.fx.convert(money.passive_income, cur, "EUR", inp.on)
    fig = (
        Figure.unknown(Msg("no exchange rate for {cur}", cur=cur))
        if conv is None
        else Figure.known(conv.amount)
    )
    return Income(fig, _KIND_COUNTED[money.passive_income_kind or "other"])


def _job(route: Route, inp: PlanInputs, steps: list[Step]) -> Income:
    offers = [o for o in inp.profile.offers if o.country == route.country]
    if offers:
        best = max(offers, key=lambda o: o.gross_annual_salary)
        conv = inp.fx.convert(best.gross_annual_salary / 12, best.currency, "EUR", inp.on)
        if conv is None:
            fig = Figure.unknown(Msg("no exchange rate for {cur}", cur=best.currency))
        else:
            fig = _net(conv.amount, route.country, inp, Msg("your job offer"))
        return Income(fig, Msg("the net pay of your job offer (estimated)"))
    search = [s for s in steps if s.kind == "job_search" and s.min_salary_eur]
    if search:
        floor = max(s.min_salary_eur or 0.0 for s in search)
        fig = _net(floor / 12, route.country, inp, Msg("the lowest salary the route accepts"))
        return Income(
            fig, Msg("the net pay of the lowest salary the route accepts (the offer you look for)")
        )
    return Income(
        Figure.unknown(Msg("the salary of the job is not known")),
        Msg("the job you will hold there (its salary is not known)"),
    )


def income_after_arrival(route: Route, inp: PlanInputs, steps: list[Step]) -> Income:
    """The net monthly income the plan counts on after arrival, and why."""
    if route.family in REMOTE_FAMILIES:
        return _remote(inp)
    if route.family in JOB_FAMILIES:
        return _job(route, inp, steps)
    if route.family in OWN_MEANS_FAMILIES:
        return _own_means(inp)
    return Income(None, Msg("no income is counted: the plan lives on your savings"))
