"""Random realistic people get a plan and an explanation for every route, and the plan adds up.

`emigre plan` and `emigre explain` must never fail for a valid profile: graduates with and without
offers, nurses, school leavers, people with no work at all, any nationality the data mentions, dates
at the edges of the data. Every plan must be a consistent document a person could follow.

Every kind of person in `TRAITS` is drawn in turn, and for each, every route is checked: an
unknown condition never gives "eligible", and an unknown cost or length never ranks a plan above
the same plan with the figure known.

CI runs a bounded number of examples; set EMIGRE_PROPERTY_EXAMPLES=500 (the full plans and views)
or EMIGRE_TRAIT_EXAMPLES=200 (each trait) for a longer hunt.
"""

from __future__ import annotations

import copy
import io
import json
import math
import os
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from emigre.dates import add_years, age_on
from emigre.documents import RouteRun, run_plan
from emigre.figure import Figure
from emigre.i18n import Msg
from emigre.knowledge.loader import knowledge_base
from emigre.plan import Plan
from emigre.plan.rank import parse_weights, rank
from emigre.plan.steps import Step
from emigre.profile import Profile
from emigre.report.terminal import Selection, explain, plan_view, timeline
from emigre.rules.conditions import All, Citizenship, Context, walk
from emigre.rules.evaluate import NodeResult, evaluate_route

EXAMPLES = int(os.environ.get("EMIGRE_PROPERTY_EXAMPLES", "6"))
TRAIT_EXAMPLES = int(os.environ.get("EMIGRE_TRAIT_EXAMPLES", "12"))
LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2", "native"]
LANGS = ["ru", "en", "de", "fr", "es", "it", "pt", "nl", "cs", "sk", "pl", "fi", "sv", "hu", "sr"]
LANGS += ["hy", "ka", "tr", "el", "kk", "uk", "fa", "be", "et", "lv", "lt", "hr", "bg", "ro"]
#: ISCO-08: software developers, nurses (professional and associate), engineers, teachers,
#: managers, cooks, mechanics, journalists.
OCCUPATIONS = ["2512", "2221", "3221", "2144", "2330", "1330", "5120", "7233", "2642", "2211"]
CURRENCIES = ["RUB", "EUR", "KZT", "USD", "BYN", "UAH", "IRR", "AMD", "GEL", "TRY"]
BASE_COUNTRIES = ["RU", "BY", "KZ", "UA", "IR", "AM", "GE", "RS", "TR", "DE", "US", "IN"]


@cache
def nationalities() -> list[str]:
    """Every citizenship a route's lists mention, plus the usual leavers: rules must not be
    Russia-only."""
    kb = knowledge_base()
    seen = set(BASE_COUNTRIES)
    for route in kb.routes:
        for cond in walk(route.requires):
            if isinstance(cond, Citizenship):
                name = cond.in_ or cond.not_in
                res = kb.params.resolve(name, date(2026, 11, 25)) if name else None
                if res is not None and res.known:
                    seen.update(str(c) for c in res.value)
    return sorted(c for c in seen if len(c) == 2)


countries = st.deferred(lambda: st.sampled_from(nationalities()))
plan_dates = st.one_of(
    st.dates(date(2025, 1, 1), date(2028, 12, 31)),
    st.sampled_from([date(2026, 12, 31), date(2027, 1, 1), date(2028, 2, 29), date(2025, 1, 1)]),
)


@st.composite
def jobs(draw: st.DrawFn, born: date, occupation: str | None = None) -> dict[str, Any]:
    earliest = max(date(2000, 1, 1), date(born.year + 15, 1, 1))
    start = draw(st.dates(earliest, max(earliest, date(2026, 6, 30))))
    job: dict[str, Any] = {
        "occupation": occupation or draw(st.sampled_from(OCCUPATIONS)),
        "start": start,
        "remote": draw(st.booleans()),
    }
    if draw(st.booleans()):
        job["end"] = draw(st.dates(start, date(2027, 1, 1)))
    if draw(st.booleans()):
        job["employer_country"] = draw(countries)
    if draw(st.booleans()):
        job["gross_monthly_salary"] = draw(st.floats(100, 10_000_000, allow_nan=False))
        job["currency"] = draw(st.sampled_from(CURRENCIES))
    return job


#: Who the random people are, each trait forced in turn by `test_every_trait_...` so that none
#: is left to chance: graduates, nurses, school leavers of 17 to 19, Belarusians, Kazakhs,
#: Iranians, Ukrainians, activists with a record, people with and without a job offer, dual
#: citizens.
TRAITS = (
    "graduate",
    "nurse",
    "school_leaver",
    "belarusian",
    "kazakh",
    "iranian",
    "ukrainian",
    "activist",
    "with_offer",
    "without_offer",
    "dual",
)
NATIONALS = {"belarusian": "BY", "kazakh": "KZ", "iranian": "IR", "ukrainian": "UA"}
KINDS = ("graduate", "nurse", "school_leaver", "no_work", "any")


@st.composite
def people(draw: st.DrawFn, trait: str | None = None) -> tuple[dict[str, Any], date]:
    """A realistic profile and the date of the plan (drawn together: a school leaver is 17 to
    19 on that date); `trait` forces one of `TRAITS`, else any mix of them."""
    on = draw(plan_dates)
    kind = trait if trait in KINDS else draw(st.sampled_from(KINDS))
    if trait in ("with_offer", "without_offer") and kind in ("school_leaver", "no_work"):
        kind = "any"
    if kind == "school_leaver":
        age = draw(st.integers(17, 19))  # on the plan date
        born = draw(st.dates(add_years(on, -age - 1) + timedelta(days=1), add_years(on, -age)))
    else:
        born = draw(st.dates(date(1960, 1, 1), date(2006, 12, 31)))
    if trait in NATIONALS:
        citizenship = [NATIONALS[trait]]
    elif trait == "dual":
        first = draw(st.sampled_from(["RU", "BY", "KZ", "UA", "IR", "AM", "GE"]))
        second = draw(countries.filter(lambda c: c != first))
        citizenship = [first, second]
    else:
        citizenship = draw(st.lists(countries, min_size=1, max_size=2, unique=True))
    person: dict[str, Any] = {"citizenship": citizenship, "birth_date": born}
    if kind == "school_leaver" or draw(st.integers(0, 4)):
        home = citizenship[0] if kind == "school_leaver" else None
        person["residence"] = home or draw(st.one_of(st.just(citizenship[0]), countries))
    if trait == "activist":
        person["political_record"] = draw(st.sampled_from(["administrative", "criminal"]))
    elif draw(st.booleans()):
        person["political_record"] = draw(st.sampled_from(["none", "administrative", "criminal"]))
    degree = {
        "graduate": st.sampled_from(["bachelor", "master", "doctorate"]),
        "nurse": st.sampled_from(["vocational", "bachelor"]),
        "school_leaver": st.just("none"),
        "no_work": st.sampled_from(["none", "vocational", "bachelor", "master"]),
        "any": st.sampled_from(["none", "vocational", "bachelor", "master", "doctorate"]),
    }[kind]
    education: dict[str, Any] = {
        "highest_degree": draw(degree),
        "university_years": draw(st.integers(0, 6)) if kind != "school_leaver" else 0,
    }
    if kind == "school_leaver":
        education["school_certificate"] = citizenship[0]
    elif draw(st.integers(0, 5)):
        education["school_certificate"] = draw(countries)
    if kind in ("no_work", "school_leaver"):
        work: list[dict[str, Any]] = []
    elif kind == "nurse":
        work = draw(
            st.lists(jobs(born, draw(st.sampled_from(["2221", "3221"]))), min_size=1, max_size=2)
        )
    else:
        work = draw(st.lists(jobs(born), max_size=3))
    langs = draw(st.dictionaries(st.sampled_from(LANGS), st.sampled_from(LEVELS), max_size=5))
    prof: dict[str, Any] = {
        "person": person,
        "education": education,
        "work": work,
        "languages": langs,
    }
    offer = kind in ("graduate", "nurse", "any") and draw(st.booleans())
    if trait == "with_offer" or (offer and trait != "without_offer"):
        prof["offers"] = [
            {
                "country": draw(st.sampled_from(["DE", "NL", "AT", "PL", "FI", "ES", "RS", "IE"])),
                "gross_annual_salary": draw(st.floats(10_000, 150_000, allow_nan=False)),
                "currency": "EUR",
            }
        ]
    if draw(st.integers(0, 3)) == 0:
        prof["admissions"] = [
            {
                "country": draw(st.sampled_from(["DE", "NL", "CZ", "LT", "SE", "GB", "FR"])),
                "kind": draw(
                    st.sampled_from(["university", "language_course", "qualification_measure"])
                ),
            }
        ]
    if kind != "school_leaver" and draw(st.integers(0, 3)) == 0:  # a doctor's or a nurse's
        prof["licences"] = [
            {
                "country": draw(st.sampled_from(["DE", "NL", "HU", "AT", "FR"])),
                "occupation": draw(st.sampled_from(["221", "2211", "2221", "3221"])),
                "status": draw(st.sampled_from(["granted", "promised"])),
            }
        ]
    if draw(st.integers(0, 5)):
        prof["money"] = {
            "currency": draw(st.sampled_from(CURRENCIES)),
            "savings": draw(st.floats(0, 1e8, allow_nan=False)),
            "monthly_savings": draw(st.floats(0, 1e6, allow_nan=False)),
        }
    prefs: dict[str, Any] = {"study_hours_per_week": draw(st.sampled_from([1, 5, 10, 20, 40, 80]))}
    if draw(st.booleans()):
        prefs["earliest_start"] = draw(st.dates(date(2025, 1, 1), date(2030, 12, 31)))
    prof["preferences"] = prefs
    return prof, on


def check_plan(plan: Plan, on: date) -> None:
    """What a careful reader would check in a plan: dates in order, costs that add up, and no
    certainty where a figure is missing."""
    rid = plan.route.id
    starts = [(s.start, s.end) for s in plan.steps]
    assert starts == sorted(starts), f"{rid}: steps are not in date order"
    for s in plan.steps:
        assert s.end >= s.start, f"{rid}: step {s.id} ends before it starts"
        assert s.start >= on, f"{rid}: step {s.id} starts before the plan date"
        assert s.cost.low >= 0 and math.isfinite(s.cost.low), f"{rid}: step {s.id} cost"
        for dep in s.depends_on:
            before = [x for x in plan.steps if x.id == dep]
            assert before, f"{rid}: step {s.id} depends on a missing step {dep}"
            assert before[0].end <= s.start, f"{rid}: {s.id} starts before {dep} ends"
    if plan.arrival is not None:
        assert plan.arrival >= on, f"{rid}: arrival before the plan date"
        travel = [s for s in plan.steps if s.kind == "travel"]
        assert [s.start for s in travel] == [plan.arrival], f"{rid}: one travel step at arrival"
        visa = [s for s in plan.steps if s.kind == "visa"]
        assert all(v.end <= plan.arrival for v in visa if v.start <= plan.arrival)
    for total in (plan.cost_to_arrival, plan.first_year, plan.shown):
        assert total.low >= 0 and math.isfinite(total.low), (
            f"{rid}: a total is negative or infinite"
        )
        assert (total.value is None) == (total.kind == "unknown"), f"{rid}: unknown with a value"
        if total.kind == "known":
            assert total.value == total.low == total.high, f"{rid}: a known total is a range"
    assert (
        plan.cost_to_arrival.low
        >= sum(
            s.cost.low
            for s in plan.steps
            if s.kind == "exam" and (plan.arrival is None or s.start <= plan.arrival)
        )
        - 0.01
    ), f"{rid}: exam fees are missing from the cost to arrival"
    months = [m.month for m in plan.cashflow]
    if plan.savings_unknown:
        # savings not given: no balance is walked from a 0 nobody said, nor a runway
        assert months == [] and plan.runway_months is None, f"{rid}: unknown savings as 0"
    else:
        assert months == sorted(months) and months[0] == on, f"{rid}: cash flow out of order"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(people())
def test_every_route_is_planned_and_explained_for_random_people(  # type: ignore[no-untyped-def]
    kb, drawn: tuple[dict[str, Any], date]
) -> None:
    raw, on = drawn
    person = Profile.model_validate(raw)
    run = run_plan(person, on, kb, parse_weights(None))
    doc = run.document(on, cashflow=True)
    json.dumps(doc)
    # Every route, but free movement for someone who does not have it (no route at all to them)
    shown = {r["id"] for r in doc["routes"]}
    assert len(shown) == len(doc["routes"])
    for route in kb.routes:
        if route.id not in shown:
            assert route.family == "free_movement", route.id
            hidden = evaluate_route(route, Context(person, on, "", kb.params, kb.fx))
            assert hidden.verdict == "blocked", route.id
    console = Console(file=io.StringIO(), width=100)
    plan_view(run, console, Selection(all=True))
    plan_view(run, console)
    for res in run.results:
        plan = run.plans.get(res.route.id)
        if res.verdict in ("eligible", "reachable"):
            assert plan is not None, res.route.id
            check_plan(plan, on)
        if res.verdict == "eligible":
            assert all(n.state == "met" for n in res.active_leaves()), res.route.id
        explained = RouteRun(res, plan, run.money).document(on)
        json.dumps(explained)
        if plan is not None and explained["arrival_certain"]:
            assert all(s["known"] for s in explained["steps"]), res.route.id
        explain(res, console)
        if plan is not None:
            timeline(plan, run.money, console)


def test_hypothesis_draws_every_nationality_in_the_data() -> None:
    got = nationalities()
    for cc in ("RU", "BY", "KZ", "UA", "IR", "AM", "GE"):
        assert cc in got


def _twins(plan: Plan) -> list[tuple[str, Plan]]:
    """Copies of a plan that differ from it only in one figure the data does not give: a step's
    cost, and a step's length. The ranking must never put such a copy above the plan."""
    out: list[tuple[str, Plan]] = []
    priced = next(
        (s for s in plan.steps if s.kind not in ("application", "document") and s.cost.is_known),
        None,
    )
    if priced is not None:
        unpriced = replace(priced, cost=Figure.unknown(Msg("not in the data")))
        out.append(("cost", _with_step(plan, priced, unpriced)))
    timed = next(
        (
            s
            for s in plan.steps
            if s.timing == "known" and plan.arrival and s.start < s.end <= plan.arrival
        ),
        None,
    )
    if timed is not None:
        out.append(("length", _with_step(plan, timed, replace(timed, known=False))))
    return out


def _with_step(plan: Plan, old: Step, new: Step) -> Plan:
    twin = copy.copy(plan)
    twin.steps = [new if s is old else s for s in plan.steps]
    return twin


def _mandatory_leaves(node: NodeResult) -> list[NodeResult]:
    """Leaves that must hold for the route to hold: reached from the root through `all` only."""
    if not node.children:
        return [node]
    if isinstance(node.condition, All):
        return [leaf for child in node.children for leaf in _mandatory_leaves(child)]
    return [node]


@pytest.mark.parametrize("trait", TRAITS)
@settings(
    max_examples=TRAIT_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_every_trait_unknown_is_never_eligible_nor_free(  # type: ignore[no-untyped-def]
    kb, trait: str, data: st.DataObject
) -> None:
    """For every route and every kind of person: a condition that is not known never yields
    "eligible", and a cost or a length that is not known never ranks a plan above the same plan
    with the figure known (it is never counted as zero)."""
    raw, on = data.draw(people(trait))
    person = Profile.model_validate(raw)
    if trait == "school_leaver":
        assert 17 <= age_on(person.person.birth_date, on) <= 19
    run = run_plan(person, on, kb, parse_weights(None))
    # Every route is judged, but free movement the person does not have (no route to them)
    judged = {r.route.id for r in run.results}
    assert all(r.family == "free_movement" for r in kb.routes if r.id not in judged)
    for res in run.results:
        mandatory = _mandatory_leaves(res.root)
        if any(n.state == "unknown" for n in mandatory):
            assert res.verdict in ("unknown", "blocked"), res.route.id
        if res.verdict == "eligible":
            assert all(n.state == "met" for n in res.active_leaves()), res.route.id
            assert all(n.state == "met" for n in mandatory), res.route.id
    ranked = [p for p in run.plans.values() if p.rank is not None]
    for plan in ranked[:5]:
        for what, twin in _twins(plan):
            order = rank([twin, *ranked], parse_weights(None), run.goal)
            assert order.index(plan) < order.index(twin), (plan.route.id, what)
