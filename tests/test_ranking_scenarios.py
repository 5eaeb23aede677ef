"""The top of the ranking read as a consultant would, for realistic people who are not the
bundled examples (`tests/ranking_profiles.py`; `scripts/ranking_review.py` prints their tops):
a route that needs a first remote job never stands above a route that fits the person, and
someone who already holds a degree sees the routes that use it above study towards it."""

from __future__ import annotations

import re
from datetime import date
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
    """No risk for the person, within the budget and needed (not in a country whose citizenship
    the person holds): nothing stronger than fit moves it."""
    return not personal_risks(p.result) and not p.over_budget and not p.result.free_movement


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


@pytest.mark.parametrize(
    ("citizenship", "free"), [(["RU", "LV"], True), (["RU"], False), (["GE"], False)]
)
def test_a_permit_outside_the_eu_does_not_claim_to_be_the_way_to_settle_for_an_eu_citizen(
    citizenship: list[str], free: bool
) -> None:
    """Before: a Russian-Latvian's first route under 'settle in the EU' was a Serbian work permit,
    'outside the EU: after EU routes', as if it led him into the EU. With free movement in the EU
    his permits outside it say he needs none to settle in the EU; a Russian, or a Georgian (free
    only in Georgia, outside the EU), still reads that they come after EU routes."""
    from tests.conftest import base_profile

    data = base_profile(person={"citizenship": citizenship, "birth_date": "1995-01-01"})
    run = run_plan(parse_profile(data, "-".join(citizenship)), ON, knowledge(), parse_weights(None))
    outside = [
        p
        for p in run.plans.values()
        if p.rank and p.route.country in ("RS", "GE", "AM", "TR", "ME") and _plain(p)
    ]
    assert outside
    for p in outside:
        why = str(p.why)
        assert ("to settle in the EU you need none" in why) is free, (p.route.id, why)
        assert ("outside the EU: after EU routes" in why) is not free, (p.route.id, why)


@pytest.mark.parametrize(("name", "home"), [("marketer_ge", "GE"), ("analyst_am", "AM")])
def test_a_citizen_is_not_offered_a_permit_or_a_visa_free_stay_in_their_own_country(
    name: str, home: str
) -> None:
    """A Georgian in Tbilisi was offered "Visa-free stay in Georgia" as a place to wait (unknown:
    "citizens of Georgia are not on the list we hold") and the Georgian work permit among his
    routes: a state admits its own citizens, so every route to the person's own country is "not
    needed", after the routes they would need, and the short stay there comes last."""
    person = parse_profile(PROFILES[name][1], name)
    run = run_plan(person, ON, knowledge(), parse_weights(None))
    own = [p for p in run.plans.values() if p.route.country == home]
    assert own, f"no route to {home} in the data"
    for p in own:
        assert p.result.free_movement == [home]
        assert str(p.why).startswith("not needed: as a citizen of"), p.why
    ranked = sorted((p for p in run.plans.values() if p.rank), key=lambda p: p.rank or 0)
    needed = [p for p in ranked if not p.result.free_movement]
    for p in own:
        if p.rank:
            assert all((q.rank or 0) < p.rank for q in needed)
    from emigre.report.terminal.routes import _order

    assert all(r.free_movement == [home] for r in run.results if r.route.country == home)
    listed = [r for r in _order(run.results, run.plans, run.goal) if r.route.short_stay]
    assert listed[-1].route.country == home, [r.route.id for r in listed]


def _run(name: str):  # type: ignore[no-untyped-def]
    person = parse_profile(PROFILES[name][1], name)
    return run_plan(person, ON, knowledge(), parse_weights(None))


@pytest.mark.parametrize("name", ["student_ua", "logistics_ua_in_ru"])
def test_a_ukrainian_is_told_about_temporary_protection_first(name: str) -> None:
    """Before: nothing told a Ukrainian about the EU's temporary protection, the first thing a
    consultant would name. It is now the first warning before any route, and Germany's §24
    permit is a route that waits only on the authority's check of where the person lived on 24
    February 2022 (a fact no profile records): never "eligible", never blocked for it."""
    run = _run(name)
    shown = [w.warning.id for w in run.warnings if w.applies == "yes"]
    assert "eu.temporary_protection" in shown, shown
    result = next(r for r in run.results if r.route.id == "de.temporary_protection")
    assert result.verdict == "unknown"
    assert run.plans["de.temporary_protection"].group == "if_agreed"
    abroad = [n for n in result.notes if n.note.when is not None]
    lives_abroad = PROFILES[name][1]["person"]["residence"] != "UA"
    assert [n.shown for n in abroad] == [lives_abroad]


def test_temporary_protection_is_closed_to_a_russian_by_the_council_decision() -> None:
    run = _run("physician_ru")
    assert "eu.temporary_protection" not in [w.warning.id for w in run.warnings]
    result = next(r for r in run.results if r.route.id == "de.temporary_protection")
    assert result.verdict == "blocked"
    [blocker] = result.blockers()
    assert blocker.condition.type == "citizenship"
    assert "2022/382" in (blocker.condition.legal_basis or "")


def test_a_researcher_with_a_dutch_university_offer_below_the_kennismigrant_salary() -> None:
    """A postdoc with a Dutch university's offer of 56,000 EUR saw only permits whose salary
    criterion the offer misses (the highly skilled migrant's 71,304 EUR) and no researcher route.
    Researchers come under Directive (EU) 2016/801, with no salary criterion: the route waits on
    the institution's hosting agreement, and it comes first among the routes that wait on others,
    since the degree and the offer were checked against the person."""
    run = _run("postdoc_ru_nl_offer")
    hsm = next(r for r in run.results if r.route.id == "nl.highly_skilled_migrant")
    assert hsm.verdict == "reachable"  # the offer is below its criterion
    researcher = run.plans["nl.researcher"]
    assert researcher.result.verdict == "unknown" and researcher.group == "if_agreed"
    asking = [p for p in run.plans.values() if p.group == "if_agreed"]
    assert asking[0].route.id == "nl.researcher", [p.route.id for p in asking[:3]]
    assert any("hosting agreement" in str(w) for w in researcher.awaiting)
    # without a degree giving access to doctoral programmes the route is closed, with the law
    bachelor = next(r for r in _run("teacher_by").results if r.route.id == "nl.researcher")
    assert bachelor.verdict == "blocked"
    assert "2016/801" in (bachelor.blockers()[0].condition.legal_basis or "")


def test_an_israeli_passport_lets_a_russian_israeli_apply_in_germany_without_the_moscow_queue() -> (
    None
):
    """A Russian-Israeli in Moscow was planned through the German embassy's waiting list, of
    unknown length, like any Russian. §41 AufenthV lets Israeli (and US, Japanese...) citizens
    enter Germany without a visa and apply there within 90 days: no appointment step, the filing
    step names the deadline, and the plan says why. A Russian alone keeps the consulate."""
    run = _run("developer_ru_il")
    for rid in ("de.blue_card", "de.blue_card.it_specialist"):
        plan = run.plans[rid]
        kinds = [s.kind for s in plan.steps]
        assert "appointment" not in kinds, kinds
        filing = next(s for s in plan.steps if s.kind == "application")
        assert "within 90 days of entry" in str(filing.title)
        assert kinds.index("travel") < kinds.index("application")
        assert any(
            "as a citizen of Israel you may come without a visa" in str(n) for n in plan.notes
        )
    russian = {**PROFILES["developer_ru_il"][1]}
    russian["person"] = {**russian["person"], "citizenship": ["RU"]}
    alone = run_plan(parse_profile(russian, "ru"), ON, knowledge(), parse_weights(None))
    assert "appointment" in [s.kind for s in alone.plans["de.blue_card"].steps]


def test_a_passport_that_enters_germany_without_a_visa_pays_no_visa_fee() -> None:
    """Before: the Russian-Israeli applying in Germany under §41 AufenthV was still charged the
    national visa fee at a consulate he never visits. Every German route planned that way drops
    the visa's fee (the permit's fee at the foreigners authority stays), and costs that much less
    to arrival than for a Russian alone, who still pays it at the embassy."""
    dual = _run("developer_ru_il")
    russian = {**PROFILES["developer_ru_il"][1]}
    russian["person"] = {**russian["person"], "citizenship": ["RU"]}
    alone = run_plan(parse_profile(russian, "ru"), ON, knowledge(), parse_weights(None))
    inside = [
        p
        for p in dual.plans.values()
        if p.route.country == "DE"
        and any("without a visa and apply for the permit" in str(n) for n in p.notes)
    ]
    assert {"de.blue_card", "de.opportunity_card"} <= {p.route.id for p in inside}
    for plan in inside:
        ids = {c.id for c in plan.costs}
        assert "visa_fee" not in ids, plan.route.id
        theirs = {c.id: c for c in alone.plans[plan.route.id].costs}
        assert "visa_fee" in theirs, plan.route.id
        fee = theirs["visa_fee"].amount.value or 0
        assert fee > 0
        assert alone.plans[plan.route.id].cost_to_arrival.value == pytest.approx(
            (plan.cost_to_arrival.value or 0) + fee
        ), plan.route.id
    assert "residence_permit" in {c.id for c in dual.plans["de.blue_card"].costs}


@pytest.mark.parametrize(
    ("age_born", "residence", "service", "expected"),
    [
        (date(1996, 4, 10), "UA", "liable", "yes"),  # 30, lives in Ukraine, liable
        (date(1996, 4, 10), "UA", None, "unknown"),  # the answer that decides is missing
        (date(1996, 4, 10), "RU", "liable", None),  # already abroad: no departure ahead
        (date(2004, 9, 1), "UA", "liable", None),  # 22: men aged 18-22 may leave since 2025
        (date(1996, 4, 10), "UA", "none", None),  # not liable (e.g. a woman)
    ],
)
def test_a_ukrainian_man_liable_for_service_is_told_he_may_not_leave_first(
    age_born: date, residence: str, service: str | None, expected: str | None
) -> None:
    """A Ukrainian man of 30 in Ukraine was shown routes abroad with nothing said about the
    martial-law exit restriction, which decides whether any of them can start."""
    data = {**PROFILES["logistics_ua_in_ru"][1]}
    person = {**data["person"], "birth_date": age_born, "residence": residence}
    if service:
        person["military_service"] = service
    data["person"] = person
    run = run_plan(parse_profile(data, "ua"), ON, knowledge(), parse_weights(None))
    found = {w.warning.id: w.applies for w in run.warnings}
    assert found.get("ua.martial_law_exit_ban") == expected, found


def test_a_pensioner_living_on_savings_sees_a_permit_to_live_on_own_means_first() -> None:
    """A 64-year-old with 60,000 EUR saved and rent income, who lists no work, was ranked the
    German Blue Card first (a job search of unknown length) and offered nothing for living on
    one's means. Spain's non-lucrative residence asks for means, not work: it is open to him, it
    stands first, and after arrival it counts his own income, not a salary."""
    plans = top("pensioner_ru")
    assert plans[0].route.family == "own_means"
    spain = next(p for p in plans[:2] if p.route.id == "es.non_lucrative")
    assert spain.result.verdict == "eligible"
    assert spain.income is not None and spain.income.monthly is not None
    assert "your rental income as given" in str(spain.income.basis)
    # someone without the means is told what to save, and it never stands above what fits them
    poor = _run("no_work_no_money_ru").plans["es.non_lucrative"]
    assert poor.result.verdict == "reachable"
    assert [s.kind for s in poor.steps][0] == "savings"


@pytest.mark.parametrize("name", ["developer_ir", "postdoc_ru_nl_offer"])
def test_a_graduate_is_offered_the_permit_for_graduates_not_only_the_one_for_trained_workers(
    name: str,
) -> None:
    """A master's holder was offered Germany's permit for skilled workers with vocational training
    (§18a, "✔ you have a master's degree") and not the one the law has for graduates (§18b): the
    graduates' permit is there and ranks above the vocational one; a person with a vocational
    diploma only is told the degree closes it, citing the law."""
    rank = {p.route.id: p.rank or 0 for p in top(name)}
    assert rank["de.skilled_worker.academic"] < rank["de.skilled_worker"]
    nurse = next(r for r in _run("nurse_kz").results if r.route.id == "de.skilled_worker.academic")
    assert nurse.verdict == "blocked"
    assert "§18(3) no. 2" in (nurse.blockers()[0].condition.legal_basis or "")


def _texts_shown(name: str) -> dict[str, list[str]]:
    """Per route: the notes, condition notes and checklist texts a person is shown."""
    from emigre.report.json.routes import route_result
    from emigre.rules.evaluate import assess

    person = parse_profile(PROFILES[name][1], name)
    kb = knowledge()
    out: dict[str, list[str]] = {}
    for res in assess(person, ON, kb.routes, kb.params, kb.fx, respect_preferences=False):
        doc = route_result(res)
        texts = [str(n) for n in doc.get("notes") or []]
        texts += [str(c["note"]) for c in doc["conditions"] if c.get("note")]
        texts += [str(d["text"]) for d in doc.get("documents") or []]
        out[res.route.id] = [" ".join(t.split()) for t in texts]
    return out


@pytest.mark.parametrize("name", ["nurse_kz", "developer_ir", "marketer_ge"])
def test_notes_and_checklists_do_not_take_a_non_russian_for_a_russian(name: str) -> None:
    """Notes under conditions and checklist items were never read for their audience: a Kazakh
    was told to "have your Russian attestat assessed", that "after the permit, a Russian citizen
    needs a D visa" (he needs one too), or what lets "a Russian citizen" apply in Lithuania. A text
    about a rule for some people now says whom it concerns, or is shown only to them."""
    addressed = ("your Russian", "Russian attestat", "a Russian school certificate gives")
    only_russians = (
        "a Russian citizen needs a D visa",
        "Russians then need an Irish D visa",
        "lets a Russian citizen apply",
        "No Danish measure against Russian",
    )
    for route, texts in _texts_shown(name).items():
        for text in texts:
            assert not any(a in text for a in addressed + only_russians), (route, text)


def test_a_russian_still_reads_what_concerns_russians() -> None:
    texts = _texts_shown("lawyer_ru")
    assert any("No Danish measure against Russian" in t for t in texts["dk.pay_limit"])
    assert any("Russian citizens' does" in t for t in texts["hr.work_permit"])


def test_a_pensioner_sees_the_permits_for_living_on_a_pension_at_the_top() -> None:
    """The profile had no field for income not from work: a pension could only be typed as
    remote-work income, and Portugal's D7 was not there at all. A retired person with a pension
    above both thresholds (and savings below Spain's first-year amount) sees Spain's
    non-lucrative residence and Portugal's D7 open and at the top, each counting the pension."""
    plans = top("pensioner_pension_ru")
    first = {p.route.id: p for p in plans[:3]}
    assert {"es.non_lucrative", "pt.d7_own_income"} <= set(first), [p.route.id for p in plans[:5]]
    for plan in first.values():
        if plan.route.family == "own_means":
            assert plan.result.verdict == "eligible"
            assert plan.income is not None and plan.income.monthly is not None
            assert "your pension as given" in str(plan.income.basis)


def test_a_remote_worker_without_passive_income_is_not_told_the_d7_is_open() -> None:
    """Remote-work income is what the D8 is for; the D7 counts income not from work. A remote
    worker who gives no passive income is asked for it (unknown), never told the D7 is open,
    however much the remote job pays."""
    data = {**PROFILES["it_remote_ru"][1]}
    data["money"] = {**data["money"], "monthly_income": 6000}
    run = run_plan(parse_profile(data, "remote"), ON, knowledge(), parse_weights(None))
    d7 = next(r for r in run.results if r.route.id == "pt.d7_own_income")
    assert d7.verdict == "unknown"
    assert "money.passive_income" in d7.missing()
    data["money"] = {**data["money"], "passive_income": 0}
    run = run_plan(parse_profile(data, "remote"), ON, knowledge(), parse_weights(None))
    d7 = next(r for r in run.results if r.route.id == "pt.d7_own_income")
    assert d7.verdict == "blocked"


def test_passive_income_below_the_threshold_shows_the_shortfall_in_eur_and_in_rubles() -> None:
    """A pension of 50,000 RUB a month is below the Portuguese minimum wage the D7 asks for:
    the person is told by how much, in euros and in their own currency."""
    from emigre.money import fmt
    from emigre.rules.gaps import PassiveIncomeGap

    data = {**PROFILES["pensioner_pension_ru"][1]}
    data["money"] = {**data["money"], "passive_income": 50000}
    run = run_plan(parse_profile(data, "low"), ON, knowledge(), parse_weights(None))
    d7 = next(r for r in run.results if r.route.id == "pt.d7_own_income")
    assert d7.verdict == "blocked"
    (node,) = d7.blockers()
    gap = node.outcome.gap
    assert isinstance(gap, PassiveIncomeGap) and gap.min_monthly_eur == 920
    short = gap.min_monthly_eur - gap.have_monthly_eur
    reason = node.outcome.reason
    assert fmt(short, "EUR") + " a month short" in reason, reason
    assert "(50,000 RUB)" in reason
    rubles = re.search(r"a month short \(([\d,]+) RUB\)", reason)
    assert rubles, reason
    assert abs(float(rubles[1].replace(",", "")) - short * 50000 / gap.have_monthly_eur) < 5
