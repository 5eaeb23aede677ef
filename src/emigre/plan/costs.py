"""What a route costs: its own fees from the data, plus what living there costs, as figures that
are known, estimated or unknown (never a silent zero).

Living costs for one person come, in this order, from the country's own dated figure
(`<cc>.living_costs.student|worker`), or are estimated from a benchmark country's official
means-of-subsistence figure scaled by Eurostat's price level of household consumption
(`<cc>.price_level` against the benchmark's); with neither, they are unknown and say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from emigre.codes import country_name
from emigre.figure import Figure
from emigre.i18n import _, pick
from emigre.knowledge.model import money_unit

if TYPE_CHECKING:
    from emigre.knowledge.parameters import ParameterStore, Resolved
    from emigre.knowledge.route import Cost, Route
    from emigre.money import FxTable
    from emigre.plan.schedule import PlanInputs

#: The country whose official monthly means of subsistence serve as the benchmark for countries
#: without a figure of their own, by kind of stay: a student (the BAföG need, §2(3) AufenthG)
#: and anyone else (the livelihood figure the German missions ask of non-students).
BENCHMARK_COUNTRY = "de"
BENCHMARK = {
    "student": "de.study.funds_monthly",
    "worker": "de.language_course.funds_monthly",
}

_PER = {"month": 1.0, "year": 12.0, "semester": 6.0}


@dataclass
class CostItem:
    id: str
    kind: str
    """one_off (paid once at `stage`), recurring (per month after arrival) or shown (held, stays yours)."""
    stage: str
    amount: Figure
    """At once (one-off, shown) or per month (recurring), in euros at the plan date."""
    label: str
    caveat: str | None = None


def to_eur(res: Resolved, fx: FxTable, on: date) -> tuple[Figure, str | None]:
    """A resolved money parameter in EUR, per its own period (None for a one-off amount)."""
    unit = money_unit(res.unit)
    if not res.known or unit is None:
        return Figure.unknown(_("amount not in the data")), None
    cur, per = unit
    conv = fx.convert(float(res.value), cur, "EUR", on)
    if conv is None:
        return Figure.unknown(_("no exchange rate for {cur}").format(cur=cur)), per
    return Figure.known(conv.amount, res.sources), per


def route_cost(cost: Cost, inp: PlanInputs) -> CostItem:
    res = inp.params.resolve(cost.amount, inp.on)
    label = pick(cost.label) if cost.label else cost.id.replace("_", " ")
    amount, per = to_eur(res, inp.fx, inp.on)
    if cost.kind == "recurring":
        amount = amount * (1 / _PER.get(per or "month", 1.0))
    elif per == "month":
        amount = amount * cost.months
    return CostItem(cost.id, cost.kind, cost.stage, amount, label, amount.reason() or res.caveat())


def stay_kind(route: Route) -> str:
    """Whose living costs the route implies: a student's or anyone else's."""
    return "student" if route.family in ("study", "language_course") else "worker"


def living_costs(country: str, kind: str, params: ParameterStore, fx: FxTable, on: date) -> Figure:
    """Monthly living costs of one person in `country`, in EUR: the country's own figure, an
    estimate scaled from the benchmark by price level, or unknown with the reason."""
    cc = country.lower()
    own = f"{cc}.living_costs.{kind}"
    if own in params:
        res = params.resolve(own, on)
        fig, per = to_eur(res, fx, on)
        if not fig.is_unknown:
            return fig * (1 / _PER.get(per or "month", 1.0))
    level, base_level = f"{cc}.price_level", f"{BENCHMARK_COUNTRY}.price_level"
    if level in params and base_level in params and BENCHMARK[kind] in params:
        lvl, base_lvl = params.resolve(level, on), params.resolve(base_level, on)
        bench_fig, _per = to_eur(params.resolve(BENCHMARK[kind], on), fx, on)
        if lvl.known and base_lvl.known and bench_fig.value is not None and base_lvl.value:
            ratio = float(lvl.value) / float(base_lvl.value)
            figs = {}
            for k, name in BENCHMARK.items():
                f, _p = to_eur(params.resolve(name, on), fx, on)
                if f.value is not None:
                    figs[k] = f.value * ratio
            value = bench_fig.value * ratio
            why = (
                _(
                    "estimated: {bench}'s official monthly means for a student, scaled to "
                    "{country}'s price level (Eurostat: {lvl:g} against {base:g})"
                )
                if kind == "student"
                else _(
                    "estimated: {bench}'s official monthly means for a non-student, scaled to "
                    "{country}'s price level (Eurostat: {lvl:g} against {base:g})"
                )
            )
            return Figure.estimated(
                value,
                min(figs.values()),
                max(figs.values()),
                why.format(
                    bench=country_name(BENCHMARK_COUNTRY),
                    country=country_name(country),
                    lvl=float(lvl.value),
                    base=float(base_lvl.value),
                ),
                [*bench_fig.sources, *lvl.sources, *base_lvl.sources],
            )
    return Figure.unknown(
        _("living costs in {country} are not in the data").format(country=country_name(country))
    )


def cost_items(route: Route, inp: PlanInputs) -> list[CostItem]:
    """The route's own costs, then what living in the country costs each month."""
    items = [route_cost(c, inp) for c in route.costs]
    before = [c for c in items if c.kind == "one_off" and c.stage in ("application", "departure")]
    if route.family != "visa_free" and not before:
        items.append(
            CostItem(
                "permit_fees",
                "one_off",
                "application",
                Figure.unknown(_("this route's fees are not in the data")),
                _("visa and permit fees"),
                _("this route's fees are not in the data"),
            )
        )
    if not any("flight" in c.id or "travel" in c.id for c in items):
        items.append(
            CostItem(
                "travel",
                "one_off",
                "departure",
                Figure.unknown(_("the fare from where you live is not in the data")),
                _("travel to {country}").format(country=country_name(route.country)),
                _("the fare from where you live is not in the data"),
            )
        )
    kind = stay_kind(route)
    living = living_costs(route.country, kind, inp.params, inp.fx, inp.on)
    items.append(
        CostItem(
            "living_costs",
            "recurring",
            "arrival",
            living,
            _("living costs for one person (rent, food, transport)")
            if kind == "worker"
            else _("a student's living costs (rent, food, transport)"),
            living.reason(),
        )
    )
    return items
