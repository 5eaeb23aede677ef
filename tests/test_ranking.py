"""The ranking as the person sees it: short stays apart, risks below, unknown never cheap, the
goal and the budget obeyed, and a line on why each route stands where it does."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from emigre.knowledge.model import Parameter
from emigre.knowledge.parameters import ParameterStore
from emigre.knowledge.route import Route
from emigre.money import FxTable, Rate
from emigre.plan import make_plans
from emigre.plan.measures import pareto_front
from emigre.plan.rank import parse_weights
from emigre.plan.schedule import Plan
from emigre.profile import Profile
from emigre.rules.conditions import Context
from emigre.rules.evaluate import evaluate_route
from tests.conftest import Cli, base_profile

ON = date(2026, 11, 25)
SRC = [{"url": "https://example.org/law", "checked": ON}]
FX = FxTable([Rate(date(2026, 7, 1), "RUB", 90.0, "cbr")])


def _p(unit: str, value: Any) -> dict[str, Any]:
    return {
        "description": "t",
        "unit": unit,
        "values": [{"from": date(2020, 1, 1), "value": value, "legal_basis": "t", "sources": SRC}],
    }


PARAMS = ParameterStore(
    TypeAdapter(dict[str, Parameter]).validate_python(
        {
            "xx.nationals": _p("countries", ["RU", "BY"]),
            "xx.fee_low": _p("EUR", 100),
            "xx.fee_high": _p("EUR", 900),
            # In force only from 2030: on the plan date the fee is not known.
            "xx.fee_none": {
                **_p("EUR", 50),
                "values": [{**_p("EUR", 50)["values"][0], "from": date(2030, 1, 1)}],
            },
            "eu.member_states": _p("countries", ["DE", "CZ", "ES"]),
        }
    )
)


def route(
    rid: str,
    *,
    country: str = "DE",
    family: str = "work",
    fee: str = "xx.fee_low",
    weeks: float | None = 4,
    pr: float | None = 60,
    risk: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A route open to any Russian today (its one requirement is met and checked)."""
    out: dict[str, Any] = {
        "id": rid,
        "country": country,
        "family": family,
        "title": f"test {rid}",
        "legal_basis": "t",
        "sources": SRC,
        "risk_level": "low",
        "requires": {"id": "nat", "type": "citizenship", "in": "xx.nationals"},
        "requirements": [
            {
                "id": "nat",
                "text": {"en": "a national of", "ru": "гражданин"},
                "source": SRC[0],
                "maps_to": "condition",
                "condition": "nat",
            }
        ],
        "costs": [{"id": "fee", "kind": "one_off", "amount": fee, "stage": "application"}],
        "timeline": {"processing_weeks": {"value": weeks, "sources": SRC}} if weeks else {},
        "outcomes": {"permanent_residence_months": {"value": pr, "sources": SRC}} if pr else {},
        **extra,
    }
    if risk is not None:
        out["risks"] = [{"id": "r", "text": "Activists are expelled.", "sources": SRC, **risk}]
    return out


STAY = route(
    "xx.visa_free",
    country="RS",
    family="visa_free",
    pr=None,
    weeks=None,
    outcomes={
        "permit_months": {"value": 1, "sources": SRC},
        "work_allowed": {"value": False, "sources": SRC},
    },
)
ACTIVIST = {"when": {"id": "rec", "type": "political_record", "in": ["administrative", "criminal"]}}


def ranked(routes: list[dict[str, Any]], weights: str | None = None, **profile: Any) -> list[Plan]:
    prof = Profile.model_validate(base_profile(**profile))
    results = [
        evaluate_route(Route.model_validate(r), Context(prof, ON, "", PARAMS, FX)) for r in routes
    ]
    assert all(r.verdict == "eligible" for r in results), [r.verdict for r in results]
    return list(make_plans(results, prof, ON, PARAMS, FX, parse_weights(weights)).values())


def ids(plans: list[Plan]) -> list[str]:
    return [p.route.id for p in plans if p.rank is not None]


# --- what a route gives -----------------------------------------------------------------------


def test_a_visa_free_route_gives_a_short_stay_unless_it_says_otherwise() -> None:
    assert Route.model_validate(STAY).gives == "short_stay"
    permit = Route.model_validate({**STAY, "gives": "residence_permit"})
    assert permit.gives == "residence_permit"
    assert Route.model_validate(route("xx.work")).gives == "residence_permit"
    assert Route.model_validate(STAY).days_allowed() == 30


def test_a_short_stay_never_enters_the_residence_ranking_even_when_it_is_quickest() -> None:
    plans = ranked([route("xx.slow", weeks=40), STAY])
    stay = next(p for p in plans if p.route.id == "xx.visa_free")
    assert stay.arrival is not None and stay.months_to_arrival == 0
    assert stay.rank is None and stay.group == "short_stay" and not stay.pareto
    assert ids(plans) == ["xx.slow"] and plans[-1] is stay
    assert "30 days" in stay.why and "no work" in stay.why


def test_leave_soon_lists_the_places_to_wait_first() -> None:
    plans = ranked([route("xx.slow", weeks=40), STAY], preferences={"goal": "leave_soon"})
    assert plans[0].route.id == "xx.visa_free" and plans[0].rank is None
    assert plans[1].rank == 1


def test_bundled_visa_free_routes_are_short_stays_and_a_turkish_permit_is_not(kb) -> None:  # type: ignore[no-untyped-def]
    by_id = {r.id: r for r in kb.routes}
    assert by_id["am.visa_free"].gives == "short_stay"
    assert by_id["am.visa_free"].days_allowed() == 180
    assert by_id["tr.short_term_residence"].gives == "residence_permit"


# --- risk moves the rank ----------------------------------------------------------------------


def test_a_risk_for_the_person_puts_the_route_below_every_safe_one() -> None:
    fast_risky = route("xx.risky", country="CZ", weeks=1, pr=12, risk=ACTIVIST)
    slow_safe = route("xx.safe", weeks=30, pr=80, fee="xx.fee_high")
    activist = {"person": {**base_profile()["person"], "political_record": "administrative"}}
    assert ids(ranked([fast_risky, slow_safe], **activist)) == ["xx.safe", "xx.risky"]
    risky = next(p for p in ranked([fast_risky, slow_safe], **activist) if p.rank == 2)
    assert "risk" in risky.why
    # The same risk does not apply to someone without a record: speed wins again.
    assert ids(ranked([fast_risky, slow_safe])) == ["xx.risky", "xx.safe"]


def test_a_low_level_risk_is_shown_but_does_not_move_the_rank() -> None:
    mild = route("xx.mild", weeks=1, pr=12, risk={**ACTIVIST, "level": "low"})
    slow = route("xx.slow", weeks=30, pr=80)
    activist = {"person": {**base_profile()["person"], "political_record": "administrative"}}
    assert ids(ranked([mild, slow], **activist)) == ["xx.mild", "xx.slow"]


# --- unknown never ranks as zero --------------------------------------------------------------


def test_an_unknown_fee_is_not_counted_as_free() -> None:
    unpriced = route("xx.unpriced", fee="xx.fee_none")
    priced = route("xx.priced", fee="xx.fee_high")
    plans = ranked([unpriced, priced], "time=0,cost=10,pr=0,risk=0")
    assert ids(plans) == ["xx.priced", "xx.unpriced"]
    unknown = next(p for p in plans if p.route.id == "xx.unpriced")
    assert unknown.cost_to_arrival.is_unknown
    assert any("cost not in the data" in n for n in unknown.ranked_as)
    assert "cost not in the data" in unknown.why


def test_an_unknown_processing_time_counts_as_the_longest_known() -> None:
    unknown = route("xx.unknown_wait", weeks=None, pr=None)
    known = route("xx.known_wait", weeks=20, pr=None)
    plans = ranked([unknown, known], "time=10,cost=0,pr=0,risk=0", preferences={"goal": "work"})
    assert ids(plans) == ["xx.known_wait", "xx.unknown_wait"]
    # the step's own reason, and what the ranking counted instead
    assert any(
        "processing time is not in the data" in n and "longest known" in n
        for n in plans[1].ranked_as
    ), plans[1].ranked_as


def test_an_unknown_time_to_permanent_residence_counts_as_the_slowest() -> None:
    plans = ranked([route("xx.no_pr", pr=None), route("xx.pr", pr=200)])
    assert ids(plans) == ["xx.pr", "xx.no_pr"]


# --- the person's goal ------------------------------------------------------------------------


def test_goal_study_puts_study_routes_first() -> None:
    study = route("xx.study", family="study", weeks=30)
    study["timeline"]["intakes"] = [{"start": "10-01", "apply_by": "07-15"}]
    study["timeline"]["intake_sources"] = SRC
    routes = [route("xx.work", weeks=1), study]
    assert ids(ranked(routes, preferences={"goal": "study"})) == ["xx.study", "xx.work"]
    assert ids(ranked(routes, preferences={"goal": "work"})) == ["xx.work", "xx.study"]


def test_goal_work_puts_work_routes_first() -> None:
    routes = [route("xx.nomad", family="nomad", weeks=1), route("xx.work", weeks=30)]
    plans = ranked(routes, preferences={"goal": "work"})
    assert ids(plans) == ["xx.work", "xx.nomad"] and "not a work route" in plans[1].why


def test_goal_settle_eu_ranks_eu_residence_by_time_to_permanent_residence() -> None:
    routes = [
        route("xx.quick_pr", country="CZ", weeks=30, pr=24, fee="xx.fee_high"),
        route("xx.slow_pr", country="DE", weeks=1, pr=96),
        route("xx.outside", country="RS", weeks=1, pr=12),
    ]
    plans = ranked(routes, preferences={"goal": "settle_eu"})
    assert ids(plans) == ["xx.quick_pr", "xx.slow_pr", "xx.outside"]
    assert "outside the EU" in plans[2].why and "permanent residence" in plans[0].why


def test_goal_settle_eu_puts_a_permit_without_a_path_to_permanent_residence_after() -> None:
    # A quick language course (no permanent residence from it) and a slower work permit whose
    # time to permanent residence is not in the data either: to settle in the EU the work permit
    # comes first.
    course = route(
        "xx.language_course",
        family="language_course",
        weeks=1,
        pr=None,
        outcomes={"leads_to_permanent_residence": {"value": False, "sources": SRC}},
    )
    work = route("xx.work", weeks=20, pr=None, fee="xx.fee_high")
    plans = ranked([course, work], preferences={"goal": "settle_eu"})
    assert ids(plans) == ["xx.work", "xx.language_course"]
    assert "no permanent residence from this permit" in plans[1].why
    # For the goal "leave soon" it is still the quickest first step.
    assert (
        ids(ranked([course, work], preferences={"goal": "leave_soon"}))[0] == "xx.language_course"
    )


def test_goal_leave_soon_ranks_by_the_earliest_departure() -> None:
    routes = [
        route("xx.quick_pr", country="CZ", weeks=30, pr=24),
        route("xx.soon", country="RS", weeks=1, pr=120, fee="xx.fee_high"),
    ]
    assert ids(ranked(routes, preferences={"goal": "leave_soon"})) == ["xx.soon", "xx.quick_pr"]


def test_max_cost_demotes_routes_over_budget() -> None:
    routes = [route("xx.dear", weeks=1, fee="xx.fee_high"), route("xx.cheap", weeks=30)]
    assert ids(ranked(routes, preferences={"goal": "work"}))[0] == "xx.dear"
    plans = ranked(routes, preferences={"goal": "work", "max_cost": 500})
    assert ids(plans) == ["xx.cheap", "xx.dear"] and "budget" in plans[1].why


# --- the command line -------------------------------------------------------------------------


def test_plan_json_has_groups_and_never_ranks_a_short_stay(cli: Cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = cli("plan", "examples/dima.toml", "--on", "2026-12-05", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    routes = doc["routes"]
    stays = [r for r in routes if r["group"] == "short_stay"]
    assert {r["id"] for r in stays} >= {"am.visa_free", "rs.visa_free"}
    assert all(r["rank"] is None and not r.get("pareto") for r in stays)
    assert all(r["short_stay"]["days_allowed"] for r in stays)
    groups = [r["group"] for r in routes]
    assert groups == sorted(groups, key=lambda g: g == "short_stay"), "short stays come last"
    ranked_routes = [r for r in routes if r["rank"] is not None]
    assert ranked_routes and all(r["why"] for r in ranked_routes)
    assert [r["rank"] for r in ranked_routes] == list(range(1, len(ranked_routes) + 1))


@pytest.mark.parametrize("goal", ["study", "work", "leave_soon", "settle_eu"])
def test_goal_flag_reorders_the_plan(cli: Cli, goal: str) -> None:
    code, out, _err = cli(
        "plan", "examples/dima.toml", "--on", "2026-12-05", "--format", "json", "--goal", goal
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["goal"] == goal
    top = next(r for r in doc["routes"] if r["rank"] == 1)
    if goal == "study":
        assert top["family"] == "study"
    if goal == "work":
        assert top["family"] in ("work", "jobseeker")
    if goal == "leave_soon":
        assert doc["routes"][0]["group"] == "short_stay"


def test_bad_goal_is_named(cli: Cli) -> None:
    code, _out, err = cli("plan", "examples/dima.toml", "--goal", "retire")
    assert code == 2 and "--goal" in err and "settle_eu" in err


def test_a_stay_that_ends_goes_after_the_routes_that_can_last() -> None:
    """A language-course visa open today ranks below a Blue Card that still needs a job offer
    when the goal is to settle: it leads to no permanent residence by itself."""
    course = route(
        "xx.course",
        weeks=2,
        pr=None,
        outcomes={"leads_to_permanent_residence": {"value": False, "sources": SRC}},
    )
    lasting = route("xx.lasting", weeks=30, pr=80)
    lasting["requires"] = {
        "id": "all",
        "type": "all",
        "of": [
            lasting["requires"],
            {"id": "german", "type": "language", "language": "de", "level": "A1"},
        ],
    }

    def order(goal: str) -> list[Plan]:
        prof = Profile.model_validate(base_profile(preferences={"goal": goal}))
        results = [
            evaluate_route(Route.model_validate(r), Context(prof, ON, "", PARAMS, FX))
            for r in (course, lasting)
        ]
        assert [r.verdict for r in results] == ["eligible", "reachable"]
        plans = make_plans(results, prof, ON, PARAMS, FX, parse_weights(None)).values()
        return sorted((p for p in plans if p.rank is not None), key=lambda p: p.rank or 0)

    plans = order("settle_eu")
    assert ids(plans) == ["xx.lasting", "xx.course"]
    assert "no permanent residence from this permit" in plans[1].why
    # to leave soon, the fastest way out still comes first
    assert ids(order("leave_soon"))[0] == "xx.course"


def test_an_unpublished_consulate_wait_counts_as_the_longest_known_wait() -> None:
    """The Moscow embassy publishes no waiting time: the wait is bounded by the longest wait the
    routes know for any consulate, not pushed below every route with known figures."""
    waits = {
        "RU": {"value": "unknown", "sources": SRC},
        "GE": {"value": 7, "low": 6, "high": 8, "sources": SRC},
    }
    timeline = {"processing_weeks": {"value": 4, "sources": SRC}, "consulate_wait_weeks": waits}
    fast_pr = route("xx.waitlist", pr=30, timeline=timeline)
    slow_pr = route("xx.no_wait", pr=60)
    plans = ranked([fast_pr, slow_pr])
    assert ids(plans) == ["xx.waitlist", "xx.no_wait"]
    wait = next(s for s in plans[0].steps if s.kind == "appointment")
    assert wait.timing == "unknown" and wait.why is not None
    # the wait's own reason, and that the longest known wait stood in for it
    assert any(wait.why in n and "longest known" in n for n in plans[0].ranked_as)


# --- a job search nothing bounds ranks after known timing --------------------------------------

SEARCH_PARAMS = ParameterStore(
    TypeAdapter(dict[str, Parameter]).validate_python(
        {
            "xx.nationals": _p("countries", ["RU"]),
            "xx.fee_low": _p("EUR", 100),
            "xx.salary": _p("EUR/year", 40000),
            "xx.remote_min": _p("EUR/month", 3000),
            "xx.funds": _p("EUR", 20000),
            "eu.member_states": _p("countries", ["DE", "CZ", "ES"]),
            "eu.job_search.ict.occupations": _p("occupations", ["25"]),
            "eu.job_search.ict.months": _p("months", 7),
            "eu.job_search.months_high": _p("months", 12),
        }
    )
)


def _searching(rid: str, need: dict[str, Any], pr: float) -> dict[str, Any]:
    """A route whose one open gap is found by a job search (an offer, or remote income)."""
    out = route(rid, pr=pr)
    out["requires"] = {"id": "all", "type": "all", "of": [out["requires"], need]}
    out["requirements"] = [
        *out["requirements"],
        {
            "id": need["id"],
            "text": {"en": "work", "ru": "работа"},
            "source": SRC[0],
            "maps_to": "condition",
            "condition": need["id"],
        },
    ]
    return out


def _ranked_searches(**profile: Any) -> list[Plan]:
    prof = Profile.model_validate(base_profile(**profile))
    routes = [
        _searching(
            "xx.nomad",
            {"id": "remote", "type": "remote_income", "min_monthly": "xx.remote_min"},
            12,
        ),
        _searching("xx.offer", {"id": "offer", "type": "job_offer", "min_salary": "xx.salary"}, 80),
    ]
    results = [
        evaluate_route(Route.model_validate(r), Context(prof, ON, "", SEARCH_PARAMS, FX))
        for r in routes
    ]
    assert all(r.verdict == "reachable" for r in results), [r.verdict for r in results]
    plans = make_plans(results, prof, ON, SEARCH_PARAMS, FX, parse_weights(None))
    return list(plans.values())


def test_a_remote_work_search_with_no_remote_history_ranks_after_an_estimated_search() -> None:
    """A developer who never worked remotely: the nomad route's "find remote work" has no
    duration and borrows none from the job-offer search, so the route stands after the one whose
    search is estimated, although its permanent residence is much sooner; it says why."""
    plans = _ranked_searches()
    assert ids(plans) == ["xx.offer", "xx.nomad"]
    nomad = next(p for p in plans if p.route.id == "xx.nomad")
    search = next(s for s in nomad.steps if s.kind == "job_search")
    assert search.timing == "unknown" and search.unbounded
    assert "you list none" in nomad.why and "after routes that fit you" in nomad.why
    assert nomad.ranked_as and "remote" in nomad.ranked_as[0]
    offer = next(p for p in plans if p.route.id == "xx.offer")
    assert next(s for s in offer.steps if s.kind == "job_search").timing == "estimated"


def test_with_remote_work_the_remote_search_is_estimated_and_the_sooner_residence_wins() -> None:
    remote = [
        {
            "occupation": "2512",
            "start": date(2020, 1, 1),
            "remote": True,
            "employer_country": "RU",
            "gross_monthly_salary": 1500,
            "currency": "EUR",
        }
    ]
    plans = _ranked_searches(work=remote)
    assert ids(plans) == ["xx.nomad", "xx.offer"]
    nomad = plans[0]
    assert next(s for s in nomad.steps if s.kind == "job_search").timing == "estimated"


def test_a_search_in_the_persons_own_occupation_without_a_figure_counts_as_a_long_search() -> None:
    """An engineer with years in the job and no vacancy figure for engineering: the search is
    unknown ("?"), but it is a search like the dated ones, so it counts as the pessimistic year
    (`eu.job_search.months_high`) instead of sinking the route below every route without one."""
    engineer = [
        {
            "occupation": "2142",
            "start": date(2020, 1, 1),
            "employer_country": "KZ",
            "gross_monthly_salary": 1500,
            "currency": "EUR",
        }
    ]
    prof = Profile.model_validate(base_profile(work=engineer))
    routes = [
        _searching("xx.offer", {"id": "offer", "type": "job_offer", "min_salary": "xx.salary"}, 30),
        _searching("xx.slow", {"id": "funds", "type": "funds", "min_amount": "xx.funds"}, 60),
    ]
    results = [
        evaluate_route(Route.model_validate(r), Context(prof, ON, "", SEARCH_PARAMS, FX))
        for r in routes
    ]
    ranked_plans = list(
        make_plans(results, prof, ON, SEARCH_PARAMS, FX, parse_weights(None)).values()
    )
    offer = next(p for p in ranked_plans if p.route.id == "xx.offer")
    search = next(s for s in offer.steps if s.kind == "job_search")
    assert search.timing == "unknown" and not search.unbounded
    assert "2142" in (search.why or "")
    assert "after routes with known timing" not in (offer.why or "")
    assert all(p.result.verdict == "reachable" for p in ranked_plans)
    # counted as 12 months of search: 30 + 12 months to permanent residence still beats 60 (a
    # route whose only gap is saving, with a known date)
    assert [p.route.id for p in ranked_plans] == ["xx.offer", "xx.slow"]


# --- where the person stands: a first remote job, study towards a level they hold -------------


def _nomad_and_work(**profile: Any) -> list[Plan]:
    """A nomad permit with a quick permanent residence in the EU, a work permit outside the EU
    and a slow work permit in the EU, each needing a search; for a school leaver by default."""
    prof = Profile.model_validate(
        base_profile(
            **{"work": [], "education": {"school_certificate": "RU", "highest_degree": "none"}}
            | profile
        )
    )
    remote = {"id": "remote", "type": "remote_income", "min_monthly": "xx.remote_min"}
    offer = {"id": "offer", "type": "job_offer", "min_salary": "xx.salary"}
    routes = [
        _searching("xx.nomad", remote, 12),
        _searching("xx.work_outside", offer, 90) | {"country": "RS"},
        _searching("xx.work", offer, 96),
    ]
    results = [
        evaluate_route(Route.model_validate(r), Context(prof, ON, "", SEARCH_PARAMS, FX))
        for r in routes
    ]
    assert all(r.verdict == "reachable" for r in results), [r.verdict for r in results]
    return list(make_plans(results, prof, ON, SEARCH_PARAMS, FX, parse_weights(None)).values())


@pytest.mark.parametrize("goal", ["settle_eu", "work", "leave_soon", "study"])
def test_a_nomad_permit_never_outranks_a_route_for_someone_without_remote_work(goal: str) -> None:
    """A school leaver with no work at all: the nomad permit needs a first remote job paying its
    threshold, so it comes after every route that does not, whatever the goal (even after a
    route outside the EU when the goal is to settle there), and the line says why."""
    plans = _nomad_and_work(preferences={"goal": goal})
    assert ids(plans)[-1] == "xx.nomad"
    nomad = next(p for p in plans if p.route.id == "xx.nomad")
    assert "remote work" in nomad.why and "you list none" in nomad.why
    assert "after routes that fit you" in nomad.why


def test_a_local_job_is_not_remote_work_but_remote_work_puts_the_nomad_permit_back() -> None:
    office = {"occupation": "2512", "start": date(2020, 1, 1), "employer_country": "RU"}
    assert ids(_nomad_and_work(work=[office]))[-1] == "xx.nomad"
    remote = {
        **office,
        "remote": True,
        "gross_monthly_salary": 1500,
        "currency": "EUR",
    }
    plans = _nomad_and_work(work=[remote])
    assert ids(plans)[0] == "xx.nomad"
    assert "you list none" not in plans[0].why


def _study_and_work(degree: str, goal: str, study: dict[str, Any] | None = None) -> list[Plan]:
    """A study route (quick, open today) and a slower work permit needing German A1."""
    study = study or route("xx.study", family="study", weeks=1, pr=24)
    study.setdefault("timeline", {})["intakes"] = [{"start": "10-01", "apply_by": "07-15"}]
    study["timeline"]["intake_sources"] = SRC
    work = route("xx.work", weeks=30, pr=80, fee="xx.fee_high")
    work["requires"] = {
        "id": "all",
        "type": "all",
        "of": [
            work["requires"],
            {"id": "german", "type": "language", "language": "de", "level": "A1"},
        ],
    }
    prof = Profile.model_validate(
        base_profile(
            education={"school_certificate": "RU", "highest_degree": degree},
            preferences={"goal": goal},
        )
    )
    results = [
        evaluate_route(Route.model_validate(r), Context(prof, ON, "", PARAMS, FX))
        for r in (study, work)
    ]
    assert [r.verdict for r in results] == ["eligible", "reachable"]
    return list(make_plans(results, prof, ON, PARAMS, FX, parse_weights(None)).values())


@pytest.mark.parametrize("goal", ["settle_eu", "work"])
def test_study_towards_a_level_the_person_holds_goes_after_routes_needing_no_new_study(
    goal: str,
) -> None:
    """A master's holder: a study route (degree studies lead to a master's at most) ranks after
    a work permit, although the study route is open today, quicker and gives permanent
    residence sooner; its line says why."""
    plans = _study_and_work("master", goal)
    assert ids(plans) == ["xx.work", "xx.study"]
    study = plans[1]
    assert "master's degree at most" in study.why and "you already hold one" in study.why
    assert "after routes that need no new study" in study.why


@pytest.mark.parametrize("goal", ["study", "leave_soon"])
def test_the_goals_study_and_leave_soon_keep_study_first(goal: str) -> None:
    assert ids(_study_and_work("master", goal))[0] == "xx.study"


@pytest.mark.parametrize("degree", ["none", "vocational", "bachelor"])
def test_study_towards_a_higher_level_is_not_set_aside(degree: str) -> None:
    """Without a master's, degree studies can lead higher than what the person holds: the quick
    study route keeps its place."""
    plans = _study_and_work(degree, "settle_eu")
    assert ids(plans) == ["xx.study", "xx.work"]
    assert "already hold" not in plans[0].why


def test_a_route_that_says_it_leads_to_vocational_training_is_a_level_a_graduate_holds() -> None:
    training = route("xx.study", family="study", weeks=1, pr=24, leads_to="vocational")
    plans = _study_and_work("bachelor", "settle_eu", training)
    assert ids(plans) == ["xx.work", "xx.study"]
    assert "vocational qualification" in plans[1].why
    # for a school leaver it is a new qualification: the quick route keeps its place
    training = route("xx.study", family="study", weeks=1, pr=24, leads_to="vocational")
    assert ids(_study_and_work("none", "settle_eu", training)) == ["xx.study", "xx.work"]


def test_only_a_study_route_leads_to_a_qualification() -> None:
    with pytest.raises(ValueError, match="leads_to"):
        Route.model_validate(route("xx.work", leads_to="bachelor"))


@given(
    st.lists(
        st.tuples(*[st.integers(0, 3).map(float)] * 4),
        max_size=25,
    )
)
def test_pareto_front_is_the_routes_nothing_beats_on_every_measure(
    vectors: list[tuple[float, ...]],
) -> None:
    """On the front (`pareto: true`) exactly the plans that no other plan matches or beats on
    every measure while beating them on one; ties stay on it together."""
    keyed = list(enumerate(vectors))
    expected = {
        k
        for k, v in keyed
        if not any(u != v and all(a <= b for a, b in zip(u, v, strict=True)) for _, u in keyed)
    }
    assert pareto_front(keyed) == expected
