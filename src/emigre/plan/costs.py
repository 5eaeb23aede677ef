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

from emigre.codes import country_in_sentence, country_names_or
from emigre.figure import Figure, total
from emigre.i18n import N_, Grouped, Lazy, Msg, Said, Shown, ShownOrNone, join, pick
from emigre.knowledge.model import money_unit
from emigre.memo import Kept
from emigre.plan.entry import EnterToApply
from emigre.plan.papers import papers_to_collect

if TYPE_CHECKING:
    from emigre.knowledge.parameters import ParameterStore, Resolved
    from emigre.knowledge.route import Cost, DocumentSpec, Route
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
    label: Shown = Shown()
    """What it is, read in the language of the moment (kept as a message)."""
    caveat: ShownOrNone = ShownOrNone()


#: The period of a money unit (EUR/year) in words, so that a range reads in the reader's language.
PERIODS = {
    "year": N_("a year"),
    "month": N_("a month"),
    "semester": N_("a semester"),
    "hour": N_("an hour"),
}


_IN_EUR: Kept[tuple[Figure, str | None]] = Kept()
_LIVING: Kept[Figure] = Kept()
_PAPER: Kept[Figure] = Kept()


def to_eur(res: Resolved, fx: FxTable, on: date) -> tuple[Figure, str | None]:
    """A resolved money parameter in EUR, per its own period (None for a one-off amount);
    worked out once per value, table and date (see `emigre.memo`)."""
    key = (id(res), id(fx), on)
    hit = _IN_EUR.get(key)
    return hit if hit is not None else _IN_EUR.put(key, (res, fx), _to_eur(res, fx, on))


def _to_eur(res: Resolved, fx: FxTable, on: date) -> tuple[Figure, str | None]:
    unit = money_unit(res.unit)
    if not res.known or unit is None:
        return Figure.unknown(Msg("amount not in the data")), None
    cur, per = unit
    if float(res.value) == 0:
        return Figure.known(0.0, res.sources), per  # free needs no exchange rate
    conv = fx.convert(float(res.value), cur, "EUR", on)
    if conv is None:
        return Figure.unknown(Msg("no exchange rate for {cur}", cur=cur)), per
    entry = res.entry
    if entry is not None and (entry.low is not None or entry.high is not None):
        rate = conv.amount / float(res.value) if res.value else 0.0
        low = entry.low if entry.low is not None else float(res.value)
        high = entry.high if entry.high is not None else float(res.value)
        why = Msg(
            "a range of quoted prices ({lo:,.0f}–{hi:,.0f} {cur})",
            lo=low,
            hi=high,
            cur=join(" ", [cur, Msg(PERIODS[per]) if per in PERIODS else None]),
        )
        return Figure.estimated(conv.amount, low * rate, high * rate, why, res.sources), per
    return Figure.known(conv.amount, res.sources), per


def applies(cost: Cost, country: str, inp: PlanInputs) -> str:
    """Whether a cost with a `when` applies to the person: "yes" (the condition holds, or a step
    of the plan makes it hold), "no" (it cannot hold) or "unknown" (facts are missing)."""
    if cost.when is None:
        return "yes"
    from emigre.rules.conditions import Context
    from emigre.rules.evaluate import evaluate_node

    ctx = Context(inp.profile, inp.on, country, inp.params, inp.fx)
    state = evaluate_node(cost.when, ctx).state
    return {"met": "yes", "closable": "yes", "blocked": "no"}.get(state, "unknown")


def route_cost(
    cost: Cost, inp: PlanInputs, country: str = "", way: set[str] | None = None
) -> CostItem | None:
    """One of the route's own costs in EUR; None when its `when` says it is not the person's
    or it belongs to an alternative the plan does not take (`way`: the conditions it takes)."""
    if cost.only_with is not None and way is not None and cost.only_with not in way:
        return None
    label: Said = Lazy(pick, cost.label) if cost.label else cost.id.replace("_", " ")
    who = applies(cost, country, inp)
    if who == "no":
        return None
    if who == "unknown":
        why = Msg("whether this applies to you is not known from your profile")
        return CostItem(cost.id, cost.kind, cost.stage, Figure.unknown(why), label, why)
    if cost.amount is None:
        why = Msg("the amount is not in the data")
        return CostItem(cost.id, cost.kind, cost.stage, Figure.unknown(why), label, why)
    if cost.from_residence and (home := lives_in(inp)) not in cost.from_residence:
        # A price quoted from another country (a flight from Moscow) is not the person's.
        why = (
            Msg(
                "the price from {home} is not in the data (only from {there})",
                home=Lazy(country_in_sentence, home),
                there=Lazy(country_names_or, cost.from_residence),
            )
            if home
            else Msg("your country of residence is not given: the price from there is not known")
        )
        label = generic_label(cost, country, label)
        return CostItem(cost.id, cost.kind, cost.stage, Figure.unknown(why), label, why)
    res = inp.params.resolve(cost.amount, inp.on)
    amount, per = to_eur(res, inp.fx, inp.on)
    if cost.kind == "recurring":
        amount = amount * (1 / _PER.get(per or "month", 1.0))
    elif per == "month":
        amount = amount * cost.months
    caveat = Lazy(_caveat, res) if res.caveat() else None
    return CostItem(cost.id, cost.kind, cost.stage, amount, label, amount.why() or caveat)


def _caveat(res: Resolved) -> str:
    return res.caveat() or ""


def lives_in(inp: PlanInputs) -> str | None:
    """The country the person sets out from: where they live, else their home citizenship."""
    person = inp.profile.person
    return person.residence or person.home_citizenship


def generic_label(cost: Cost, country: str, label: Said) -> Said:
    """For a fare whose own label names the place of departure, a label that names none."""
    if "flight" in cost.id or "travel" in cost.id:
        return Msg("travel to {country}", country=Lazy(country_in_sentence, country))
    return label


def stay_kind(route: Route) -> str:
    """Whose living costs the route implies: a student's or anyone else's."""
    return "student" if route.family in ("study", "language_course") else "worker"


def living_costs(country: str, kind: str, params: ParameterStore, fx: FxTable, on: date) -> Figure:
    """Monthly living costs of one person in `country`, in EUR: the country's own figure, an
    estimate scaled from the benchmark by price level, or unknown with the reason (worked out
    once per country, kind of stay, data and date: see `emigre.memo`)."""
    key = (id(params), id(fx), country, kind, on)
    hit = _LIVING.get(key)
    if hit is not None:
        return hit
    return _LIVING.put(key, (params, fx), _living(country, kind, on, params, fx))


def _living(country: str, kind: str, on: date, params: ParameterStore, fx: FxTable) -> Figure:
    cc = country.lower()
    own = f"{cc}.living_costs.{kind}"
    if own in params:
        res = params.resolve(own, on)
        fig, per = to_eur(res, fx, on)
        if not fig.is_unknown:
            return fig * (1 / _PER.get(per or "month", 1.0))
    if cc == BENCHMARK_COUNTRY and BENCHMARK[kind] in params:
        fig, per = to_eur(params.resolve(BENCHMARK[kind], on), fx, on)
        if not fig.is_unknown:
            return fig
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
            args = {
                "bench": Lazy(country_in_sentence, BENCHMARK_COUNTRY.upper()),
                "country": Lazy(country_in_sentence, country),
                "lvl": float(lvl.value),
                "base": float(base_lvl.value),
            }
            why = (
                Msg(
                    "estimated: {bench}'s official monthly means for a student, scaled to "
                    "{country}'s price level (Eurostat: {lvl:g} against {base:g})",
                    **args,
                )
                if kind == "student"
                else Msg(
                    "estimated: {bench}'s official monthly means for a non-student, scaled to "
                    "{country}'s price level (Eurostat: {lvl:g} against {base:g})",
                    **args,
                )
            )
            return Figure.estimated(
                value,
                min(figs.values()),
                max(figs.values()),
                why,
                [*bench_fig.sources, *lvl.sources, *base_lvl.sources],
            )
    return Figure.unknown(
        Msg(
            "living costs in {country} are not in the data",
            country=Lazy(country_in_sentence, country),
        )
    )


def cost_items(route: Route, inp: PlanInputs, way: set[str] | None = None) -> list[CostItem]:
    """The route's own costs (those of the way the plan takes, `way`; a visa's fee not for a
    passport that enters without one to apply in the country), the papers its checklist
    names, then what living in the country costs each month (unless the route states that
    itself, as a recurring cost `living...`)."""
    no_visa = route.timeline.filed != "in_country" and EnterToApply.of(route, inp) is not None
    items = [
        i
        for c in route.costs
        if not (c.visa and no_visa) and (i := route_cost(c, inp, route.country, way)) is not None
    ]
    before = [c for c in items if c.kind == "one_off" and c.stage in ("application", "departure")]
    if route.family != "visa_free" and not before:
        items.append(
            CostItem(
                "permit_fees",
                "one_off",
                "application",
                Figure.unknown(Msg("this route's fees are not in the data")),
                Msg("visa and permit fees"),
                Msg("this route's fees are not in the data"),
            )
        )
    if not any("flight" in c.id or "travel" in c.id for c in items):
        items.append(
            CostItem(
                "travel",
                "one_off",
                "departure",
                Figure.unknown(Msg("the fare from where you live is not in the data")),
                Msg("travel to {country}", country=Lazy(country_in_sentence, route.country)),
                Msg("the fare from where you live is not in the data"),
            )
        )
    papers = papers_to_collect(route, inp)
    if papers:
        amount = total(document_cost(d, route.country, inp) for d in papers)
        if amount:
            items.append(
                CostItem(
                    "documents",
                    "one_off",
                    "application",
                    amount,
                    Msg("papers for the application (fees, apostilles, translations)"),
                    amount.why(),
                )
            )
    if any(c.kind == "recurring" and c.id.startswith("living") for c in items):
        return items  # the route states its own living costs (its means-of-subsistence figure)
    kind = stay_kind(route)
    living = living_costs(route.country, kind, inp.params, inp.fx, inp.on)
    items.append(
        CostItem(
            "living_costs",
            "recurring",
            "arrival",
            living,
            Msg("living costs for one person (rent, food, transport)")
            if kind == "worker"
            else Msg("a student's living costs (rent, food, transport)"),
            living.why(),
        )
    )
    return items


def course_cost(
    lang: str, hours: float, hours_low: float, hours_high: float, inp: PlanInputs
) -> Figure:
    """What learning `lang` for `hours` costs at a course: the hours times the language's price
    per hour (or a stand-in price, said so); zero for someone who learns on their own."""
    if inp.profile.preferences.self_study:
        return Figure.known(0.0)
    own = f"eu.language_course.per_hour.{lang}"
    name = own if own in inp.params else "eu.language_course.per_hour"
    if name not in inp.params:
        return Figure.unknown(Msg("the price of a language course is not in the data"))
    per_hour, _per = to_eur(inp.params.resolve(name, inp.on), inp.fx, inp.on)
    if per_hour.value is None or per_hour.high is None:
        return per_hour
    why = Msg(
        "{h:.0f} hours ({lo:.0f}–{hi:.0f}) at {p:.2f} EUR an hour ({plo:.2f}–{phi:.2f})",
        h=Grouped(hours),
        lo=Grouped(hours_low),
        hi=Grouped(hours_high),
        p=per_hour.value,
        plo=per_hour.low,
        phi=per_hour.high,
    )
    if name != own:
        why = join(
            "; ", [why, Msg("no course price for this language: a Moscow school's price stands in")]
        )
    return Figure.estimated(
        hours * per_hour.value,
        hours_low * per_hour.low,
        hours_high * per_hour.high,
        why,
        per_hour.sources,
    )


#: Documents issued by the person's country of citizenship (the others come from schools,
#: employers or the destination and have no fee in the data yet).
_ISSUED_AT_HOME = ("criminal_record",)


def document_cost(spec: DocumentSpec, country: str, inp: PlanInputs) -> Figure:
    """What one paper of a route's checklist costs: its own fee (from the route, or the home
    country's for a certificate it issues), an apostille from the home country if needed, and a
    sworn translation in the destination if needed; each part unknown when not in the data
    (worked out once per paper, country, home country, data and date: see `emigre.memo`)."""
    home = inp.profile.person.home_citizenship
    key = (id(spec), id(inp.params), id(inp.fx), country, home, inp.on)
    hit = _PAPER.get(key)
    if hit is not None:
        return hit
    return _PAPER.put(key, (spec, inp.params, inp.fx), _paper(spec, country, home, inp))


def _paper(spec: DocumentSpec, country: str, home: str | None, inp: PlanInputs) -> Figure:
    fee = spec.cost or (
        f"{home.lower()}.{spec.kind}.fee" if home and spec.kind in _ISSUED_AT_HOME else None
    )
    # (parameter, why it is unknown when the data has no value) for each part of the price
    wanted = [
        (fee, N_("the fee for this paper is not in the data")) if fee is not None else None,
        (
            f"{(home or 'xx').lower()}.apostille.fee",
            N_("the apostille fee of your country is not in the data"),
        )
        if spec.apostille
        else None,
        (
            f"{country.lower()}.sworn_translation.per_document",
            N_("the price of a sworn translation there is not in the data"),
        )
        if spec.translation
        else None,
    ]
    parts = [
        to_eur(inp.params.resolve(name, inp.on), inp.fx, inp.on)[0]
        if name in inp.params
        else Figure.unknown(Msg(why))
        for name, why in filter(None, wanted)
    ]
    return total(parts)


def cost_notes(route: Route, inp: PlanInputs) -> list[Said]:
    """What the totals leave out but the person must plan for: the rent deposit's legal cap."""
    name = f"{route.country.lower()}.rent_deposit.max_months"
    if name not in inp.params:
        return []
    res = inp.params.resolve(name, inp.on)
    if not res.known:
        return []
    return [
        Msg(
            "rent deposit: the law lets a landlord ask up to {n:g} months' rent; it is returned "
            "when you move out and is not in the totals",
            n=float(res.value),
        )
    ]
