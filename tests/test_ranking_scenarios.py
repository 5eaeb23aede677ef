"""The top of the ranking read as a consultant would, for realistic people who are not the
bundled examples (`tests/ranking_profiles.py`; `scripts/ranking_review.py` prints their tops):
a route that needs a first remote job never stands above a route that fits the person, and
someone who already holds a degree sees the routes that use it above study towards it."""

from __future__ import annotations

from functools import cache

import pytest

from emigre.documents import knowledge, run_plan, with_goal
from emigre.plan import Plan
from emigre.plan.rank import parse_weights, personal_risks
from emigre.profile_reading import parse_profile
from emigre.profile_values import DEGREE_RANK
from tests.ranking_profiles import ON, PROFILES


@cache
def top(name: str, goal: str | None = None) -> tuple[Plan, ...]:
    """The ranked residence routes of a profile, best first."""
    person = parse_profile(PROFILES[name][1], name)
    if goal is not None:
        person = with_goal(person, goal)
    run = run_plan(person, ON, knowledge(), parse_weights(None))
    return tuple(sorted((p for p in run.plans.values() if p.rank), key=lambda p: p.rank or 0))


def _no_remote_work(name: str) -> bool:
    return not any(job.get("remote") for job in PROFILES[name][1].get("work", []))


NO_REMOTE = [n for n in PROFILES if _no_remote_work(n)]


def _plain(p: Plan) -> bool:
    """No risk for the person and within the budget: nothing stronger than fit moves it."""
    return not personal_risks(p.result) and not p.over_budget


def _far(p: Plan) -> bool:
    return any(s.first_remote_job for s in p.steps)


@pytest.mark.parametrize("goal", ["settle_eu", "work", "leave_soon"])
@pytest.mark.parametrize("name", NO_REMOTE)
def test_without_remote_work_a_nomad_permit_stays_below_routes_that_fit(
    name: str, goal: str
) -> None:
    plans = top(name, goal)
    fits = [p for p in plans if _plain(p) and not _far(p)]
    nomads = [p for p in plans if p.route.family == "nomad"]
    if fits:
        assert all(p.rank and p.rank > 3 for p in nomads), [
            (p.rank, p.route.id) for p in nomads if p.rank and p.rank <= 3
        ]
    for p in plans:
        if _far(p) and _plain(p):
            assert "you list none" in p.why
            assert all((q.rank or 0) < (p.rank or 0) for q in fits)


def test_a_school_leaver_without_work_sees_study_and_work_before_any_nomad_permit() -> None:
    plans = top("school_leaver_ru")
    assert plans[0].route.family == "study"
    assert all(p.route.family != "nomad" for p in plans[:5])
    assert any(_far(p) for p in plans), "the nomad permits are still listed, further down"


def test_a_remote_worker_keeps_the_nomad_permit_first() -> None:
    plans = top("it_remote_ru")
    assert plans[0].route.family == "nomad" and plans[0].result.verdict == "eligible"
    assert not any(_far(p) for p in plans)


@pytest.mark.parametrize("name", ["physician_ru", "lawyer_ru", "researcher_phd_ru"])
@pytest.mark.parametrize("goal", ["settle_eu", "work"])
def test_a_master_sees_no_study_route_above_one_that_uses_what_they_have(
    name: str, goal: str
) -> None:
    plans = top(name, goal)
    study = [p for p in plans if p.route.family == "study"]
    assert study, "the study routes are still listed"
    assert all(p.route.family != "study" for p in plans[:5])
    for p in study:
        assert "you already hold one" in p.why
        assert "after routes that need no new study" in p.why


def test_a_physician_sees_the_german_work_and_recognition_routes_above_any_bachelors() -> None:
    plans = top("physician_ru")
    rank = {p.route.id: p.rank or 0 for p in plans}
    bachelors = [p for p in plans if p.route.id in ("de.study", "at.study", "cz.study", "pt.study")]
    assert bachelors
    for work in ("de.blue_card", "de.recognition"):
        assert all(rank[work] < (p.rank or 0) for p in bachelors)


def test_under_the_goal_study_a_physician_still_sees_study_first() -> None:
    assert top("physician_ru", "study")[0].route.family == "study"


def test_a_bachelor_sees_degree_studies_but_not_a_second_first_degree_above_work() -> None:
    """A teacher with a bachelor's: a route admitting on a school certificate (a first degree)
    goes after the routes needing no new study; degree studies that can lead to a master's are
    not set aside."""
    plans = top("teacher_by")
    degree = PROFILES["teacher_by"][1]["education"]["highest_degree"]
    assert DEGREE_RANK[degree] == DEGREE_RANK["bachelor"]
    first_degrees = [p for p in plans if p.route.id in ("de.study", "at.study", "cz.study")]
    for p in first_degrees:
        assert "bachelor's degree" in p.why and "you already hold one" in p.why
    for p in plans:
        if p.route.id in ("se.study", "nl.study"):
            assert "already hold" not in p.why


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_profile_gets_a_ranking_with_a_reason_for_each_place(name: str) -> None:
    plans = top(name)
    assert plans, f"{name}: no route ranked"
    assert [p.rank for p in plans] == list(range(1, len(plans) + 1))
    assert all(str(p.why) for p in plans)


def test_a_physician_who_wants_to_work_sees_germany_above_a_serbian_permit() -> None:
    """Before: Serbia's work permit stood first (its search counted as a year, like any
    occupation's), although nothing says a Russian doctor may practise there without a
    licence."""
    plans = top("physician_ru", "work")
    rank = {p.route.id: p.rank or 0 for p in plans}
    assert rank["de.blue_card"] < rank["rs.work_permit"]
    assert rank["de.recognition"] < rank["rs.work_permit"]
    serbia = next(p for p in plans if p.route.id == "rs.work_permit")
    assert "licence" in serbia.why and "not in the data" in serbia.why


@pytest.mark.parametrize("name", ["school_leaver_by_study", "dropout_study_ru"])
def test_someone_who_wants_to_study_sees_study_routes_first(name: str) -> None:
    plans = top(name)
    assert PROFILES[name][1]["preferences"]["goal"] == "study"
    assert all(p.route.family == "study" for p in plans[:3])


def test_a_licence_of_unknown_length_is_named_in_one_short_why_line() -> None:
    """The ranking line gives the reason the licence's length is unknown (the step's `why`), not
    the procedure its note describes (several lines long)."""
    plans = top("physician_ru")
    lines = [p.why for p in plans if "how long the licence in " in (p.why or "")]
    assert lines, [p.why for p in plans]
    for line in lines:
        assert "takes is not in the data" in line
        # at most two short reasons (a search counted as the longest known, the licence), never
        # the procedure
        assert "Regulated Professions Database" not in line and len(line) < 400


def test_a_floor_arrival_says_what_the_ranking_counted_not_only_the_earliest_month() -> None:
    """Under leave_soon a job search of unknown length is counted as the longest known one: the
    "why here" line gives that figure and the reason, not "at least 1 months"."""
    plans = top("activist_criminal_ru")
    searching = [
        p
        for p in plans
        if p.arrival_kind == "unknown"
        and any(s.kind == "job_search" and s.timing == "unknown" for s in p.steps)
        and not any(s.timing == "unknown" and s.kind != "job_search" for s in p.steps)
        and not any(s.unbounded for s in p.steps)  # nothing bounds it: "at least", no figure
    ]
    assert searching
    for p in searching:
        assert "arrival counted as" in p.why, p.why
        search = next(s for s in p.steps if s.kind == "job_search" and s.timing == "unknown")
        if sum(s.timing == "unknown" for s in p.steps) == 1:
            # the one step counted as the longest known says why its length is not known
            assert search.why and search.why in p.why, (search.why, p.why)
        assert "1 months" not in p.why and "at least 1 month" not in p.why, p.why
        # the figure in the line is the one the ranking used: later than the earliest arrival
        n = int(p.why.split("arrival counted as ")[1].split(" ")[0])
        assert p.months_to_arrival is not None and n > round(p.months_to_arrival)


def test_month_counts_in_why_lines_are_plural_right_in_both_languages() -> None:
    from emigre.i18n import Plural, set_language

    def line(n: int) -> Plural:
        return Plural(
            "you can arrive in at least {n} month", "you can arrive in at least {n} months", n
        )

    assert str(line(1)) == "you can arrive in at least 1 month"
    assert str(line(2)) == "you can arrive in at least 2 months"
    set_language("ru")
    try:
        assert str(line(1)).endswith("1 месяц")
        assert str(line(3)).endswith("3 месяца")
        assert str(line(5)).endswith("5 месяцев")
        why = str(top("activist_criminal_ru")[0].why)
        assert "arrival" not in why and "months" not in why, why
    finally:
        set_language("en")


def test_a_bachelor_sees_undergraduate_study_abroad_set_aside_even_when_it_waits_on_others() -> (
    None
):
    """The UK student route plans undergraduate courses (UCAS) and the Swiss one ETH's
    bachelor's admission: for someone with a bachelor's who wants to settle, a second first
    degree comes after the routes that need no new study, in whichever group it stands."""
    person = parse_profile(PROFILES["it_remote_ru"][1], "it_remote_ru")
    run = run_plan(person, ON, knowledge(), parse_weights(None))
    for rid in ("uk.student", "ch.study"):
        plan = run.plans[rid]
        assert plan.rank is None and plan.group == "if_agreed", rid
        assert "study towards a bachelor's degree, and you already hold one" in plan.why, plan.why


def test_an_eu_citizen_sees_eu_permits_last_and_why_they_are_not_needed() -> None:
    """A German-Russian dual citizen does not need a German (or any EU) permit: the routes he
    would need come first, and each EU route says it is not needed."""
    from tests.conftest import base_profile

    data = base_profile(person={"citizenship": ["RU", "DE"], "birth_date": "1995-01-01"})
    run = run_plan(parse_profile(data, "de_ru"), ON, knowledge(), parse_weights(None))
    ranked = sorted((p for p in run.plans.values() if p.rank), key=lambda p: p.rank or 0)
    needed = [p for p in ranked if not p.result.free_movement]
    not_needed = [p for p in ranked if p.result.free_movement]
    assert needed and not_needed
    assert max(p.rank or 0 for p in needed) < min(p.rank or 0 for p in not_needed)
    assert all(str(p.why).startswith("not needed: as a citizen of Germany") for p in not_needed)
