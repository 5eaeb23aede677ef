"""Ordering rules of the calendar: admission before the visa, the university application before
the savings are complete, the fastest alternative of an `any`, in-country filing after a
visa-free entry, and the wait for a consulate appointment where the person lives."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

from tests.test_plan import POOR, RICH, SRC, STUDY, WORK, plan_for


def _by_id(plan: Any) -> dict[str, Any]:
    return {s.id: s for s in plan.steps}


def test_admission_comes_before_the_visa_and_the_visa_before_travel() -> None:
    route = copy.deepcopy(STUDY)
    route["timeline"]["admission_weeks"] = {"value": 8, "sources": SRC}
    route["timeline"]["intakes"] = [{"start": "10-01", "apply_by": "07-15", "opens": "03-01"}]
    plan = plan_for(route, money=RICH, preferences={"study_hours_per_week": 15})
    s = _by_id(plan)
    app, adm, visa, travel = s["application"], s["admission"], s["visa"], s["travel"]
    assert app.start.month >= 3 or app.start >= s["exam_cs"].end
    assert adm.start == app.start and adm.end == app.start + timedelta(weeks=8)
    assert visa.start >= adm.end and "admission" in visa.depends_on
    assert travel.start >= visa.end and plan.arrival == travel.start
    assert app.deadline is not None and app.start <= app.deadline


def test_the_university_application_does_not_wait_for_the_savings() -> None:
    """Funds are shown only for the visa: with little money the application is filed when the
    language is done, and only the visa waits for the savings."""
    plan = plan_for(STUDY, money=POOR, languages={"ru": "native", "cs": "C1"})
    s = _by_id(plan)
    saving, app, visa = s["savings"], s["application"], s["visa"]
    assert app.start < saving.end
    assert "savings" not in app.depends_on and "savings" in visa.depends_on
    assert visa.start >= saving.end


def test_the_planner_takes_the_fastest_alternative_and_says_so() -> None:
    route = copy.deepcopy(STUDY)
    route["requires"]["of"][0] = {
        "id": "czech",
        "type": "any",
        "of": [
            {"id": "czech_c1", "type": "language", "language": "cs", "level": "C1"},
            {"id": "czech_a2", "type": "language", "language": "cs", "level": "A2"},
        ],
    }
    plan = plan_for(route, money=RICH)
    learn = _by_id(plan)["learn_cs"]
    assert learn.to_level == "A2"
    # the note names the ways by their steps, never by the ids of their conditions
    note = next(n for n in plan.notes if "fastest" in n)
    assert note.index("Czech from zero to A2") < note.index("instead of") < note.index("to C1")
    assert "czech_a2" not in note and "czech_c1" not in note


def _in_country(days: int | None) -> dict[str, Any]:
    route = copy.deepcopy(WORK)
    route["id"] = "xx.residence"
    route["timeline"]["filed"] = "in_country"
    if days is not None:
        route["timeline"]["file_within_days"] = {"value": days, "sources": SRC}
    return route


def test_in_country_filing_travels_first_and_files_within_the_stay() -> None:
    offer = [{"country": "DE", "gross_annual_salary": 50000}]
    plan = plan_for(_in_country(30), money=RICH, offers=offer)
    s = _by_id(plan)
    travel, app, permit = s["travel"], s["application"], s["permit"]
    assert plan.arrival == travel.start == app.start
    assert "travel" in app.depends_on and permit.start >= app.end
    assert permit.end == app.start + timedelta(weeks=4)
    deadline = (travel.start + timedelta(days=30)).isoformat()
    assert deadline in app.title
    assert not any(x.kind == "visa" for x in plan.steps)
    consulate = plan_for(WORK, money=RICH, offers=offer)
    assert consulate.arrival is not None and plan.arrival < consulate.arrival


def test_consulate_wait_applies_where_the_person_lives() -> None:
    route = copy.deepcopy(WORK)
    route["timeline"]["consulate_wait_weeks"] = {"RU": {"value": 40, "sources": SRC}}
    offer = [{"country": "DE", "gross_annual_salary": 50000}]
    in_russia = plan_for(route, money=RICH, offers=offer)
    appt = _by_id(in_russia)["appointment"]
    app = _by_id(in_russia)["application"]
    assert appt.end == appt.start + timedelta(weeks=40) and app.start >= appt.end
    assert "appointment" in app.depends_on
    elsewhere = plan_for(
        route,
        money=RICH,
        offers=offer,
        person={"residence": "RS"},
    )
    # Serbia's consulate is not in the data: its wait is a step of unknown length, named by
    # the country the person lives in, and the arrival date is only the earliest possible.
    wait = _by_id(elsewhere)["appointment"]
    assert wait.timing == "unknown" and "Serbia" in wait.title and "Russia" not in wait.title
    assert wait.why is not None and "Serbia" in wait.why and "not in the data" in wait.why
    assert wait.note is not None and "Russia" in wait.note  # the consulates the data has
    assert any("you live in Serbia" in n for n in elsewhere.notes)
    assert elsewhere.arrival_kind == "unknown" and in_russia.arrival_kind == "known"
    assert elsewhere.arrival is not None and in_russia.arrival is not None
    assert elsewhere.arrival < in_russia.arrival


def test_a_wait_without_a_figure_keeps_the_consulates_advice_and_is_unknown() -> None:
    route = copy.deepcopy(WORK)
    advice = {"en": "Register on the waiting list at once.", "ru": "Сразу запишитесь."}
    route["timeline"]["consulate_wait_weeks"] = {
        "BY": {"value": "unknown", "note": advice, "sources": SRC}
    }
    offer = [{"country": "DE", "gross_annual_salary": 50000}]
    plan = plan_for(
        route, money=RICH, offers=offer, person={"citizenship": ["BY"], "residence": "BY"}
    )
    wait = _by_id(plan)["appointment"]
    assert "Belarus" in wait.title and wait.timing == "unknown"
    assert wait.note is not None and wait.note.startswith("Register on the waiting list at once.")
    assert wait.why is not None and "not in the data" in wait.why
    assert plan.arrival_kind == "unknown"


def _fare_route() -> dict[str, Any]:
    route = copy.deepcopy(WORK)
    route.setdefault("costs", []).append(
        {
            "id": "travel",
            "kind": "one_off",
            "amount": "xx.visa_fee",
            "from_residence": ["RU"],
            "label": {"en": "Flight from Moscow", "ru": "Перелёт из Москвы"},
        }
    )
    return route


def test_a_fare_quoted_from_one_country_is_not_the_fare_of_someone_living_elsewhere() -> None:
    """A Kazakh in Almaty, a Belarusian in Minsk or a Russian in Tbilisi does not fly from
    Moscow: the fare is unknown for them (never Moscow's, never free), and not labelled Moscow."""
    route = _fare_route()
    offer = [{"country": "DE", "gross_annual_salary": 50000}]
    moscow = {c.id: c for c in plan_for(route, money=RICH, offers=offer).costs}["travel"]
    assert moscow.label == "Flight from Moscow" and not moscow.amount.is_unknown
    for person in (
        {"citizenship": ["KZ"], "residence": "KZ"},
        {"citizenship": ["BY"], "residence": "BY"},
        {"citizenship": ["RU"], "residence": "GE"},
    ):
        plan = plan_for(route, money=RICH, offers=offer, person=person)
        fare = {c.id: c for c in plan.costs}["travel"]
        assert fare.amount.is_unknown, person
        assert "Moscow" not in fare.label
        assert fare.caveat is not None and "Russia" in fare.caveat


def test_the_chosen_alternative_is_named_in_the_json_with_each_ways_date() -> None:
    from emigre.report.json.amounts import Money
    from emigre.report.json.plans import mark_chosen, plan_fields
    from tests.test_plan import FX, ON

    route = copy.deepcopy(STUDY)
    route["requires"]["of"][0] = {
        "id": "czech",
        "type": "any",
        "of": [
            {"id": "czech_c1", "type": "language", "language": "cs", "level": "C1"},
            {"id": "czech_a2", "type": "language", "language": "cs", "level": "A2"},
        ],
    }
    plan = plan_for(route, money=RICH)
    doc = plan_fields(plan, Money(FX, "EUR", ON))
    (choice,) = doc["chosen"]
    assert choice["condition"] == "czech" and choice["chosen"] == "czech_a2"
    ready = {o["id"]: o["ready"] for o in choice["options"]}
    assert ready["czech_a2"] < ready["czech_c1"]
    doc["conditions"] = [{"id": "czech_a2"}, {"id": "czech_c1"}, {"id": "funds"}]
    mark_chosen(doc, plan)
    assert [c.get("chosen") for c in doc["conditions"]] == [True, False, None]


def _tuition_route() -> dict[str, Any]:
    route = copy.deepcopy(STUDY)
    route["costs"].append(
        {
            "id": "tuition",
            "kind": "recurring",
            "amount": "xx.tuition",
            "when": {"id": "not_exempt", "type": "citizenship", "not_in": "xx.tuition_exempt"},
        }
    )
    return route


def test_tuition_applies_only_to_the_nationalities_that_pay_it() -> None:
    route = _tuition_route()
    russian = plan_for(route, money=RICH)
    serbian = plan_for(route, money=RICH, person={"citizenship": ["RS"], "residence": "RS"})
    fee = {c.id: c.amount for c in russian.costs}["tuition"]
    assert fee.value == 100.0  # 1,200 a year, counted per month after arrival
    assert "tuition" not in {c.id for c in serbian.costs}
    assert russian.first_year.low > serbian.first_year.low


def _two_languages() -> dict[str, Any]:
    route = copy.deepcopy(STUDY)
    route["requires"]["of"][0] = {
        "id": "language_of_instruction",
        "type": "any",
        "of": [
            {"id": "czech_taught", "type": "language", "language": "cs", "level": "B2"},
            {"id": "english_taught", "type": "language", "language": "en", "level": "B2"},
        ],
    }
    route["costs"].append(
        {
            "id": "tuition_english",
            "kind": "recurring",
            "amount": "xx.tuition",
            "only_with": "english_taught",
        }
    )
    return route


def test_tuition_of_one_language_of_instruction_counts_only_when_the_plan_goes_that_way() -> None:
    route = _two_languages()
    english = plan_for(route, money=RICH, languages={"ru": "native", "en": "C1"})
    czech = plan_for(route, money=RICH, languages={"ru": "native", "cs": "C1", "en": "C1"})
    learner = plan_for(route, money=RICH, languages={"ru": "native", "en": "B1"})
    assert "tuition_english" in {c.id for c in english.costs}
    assert "tuition_english" not in {c.id for c in czech.costs}  # free way first and met
    # Neither met: English from B1 is faster than Czech from zero, so its tuition counts.
    assert [c.chosen for c in learner.chosen] == ["english_taught"]
    assert "tuition_english" in {c.id for c in learner.costs}
    assert czech.first_year.low < english.first_year.low


def test_a_cost_tied_to_a_condition_that_is_not_in_the_route_is_refused() -> None:
    import pytest
    from pydantic import ValidationError

    from emigre.knowledge.route import Route

    route = _two_languages()
    route["costs"][-1]["only_with"] = "no_such_way"
    with pytest.raises(ValidationError, match="no_such_way"):
        Route.model_validate(route)


def test_with_years_of_saving_the_application_is_for_the_intake_the_visa_can_reach() -> None:
    """No application years ahead for an intake the money cannot reach: the planner applies in
    the season of the first intake whose visa comes in time after the savings are complete."""
    # about 220 EUR a month: four and a half years of saving, within the planning horizon
    slow = {"currency": "RUB", "savings": 0, "monthly_savings": 20_000}
    plan = plan_for(STUDY, money=slow, languages={"ru": "native", "cs": "C1"})
    s = _by_id(plan)
    app, visa, saving = s["application"], s["visa"], s["savings"]
    assert visa.start >= saving.end and plan.arrival is not None
    assert app.deadline is not None and app.deadline >= saving.end - timedelta(days=366)
    assert app.start > app.deadline - timedelta(days=366)  # within the season, not years early
    start = plan.arrival + timedelta(days=14)  # arrival is two weeks before the semester
    assert visa.end <= start


def test_a_consulate_wait_given_as_a_range_is_an_estimate() -> None:
    route = copy.deepcopy(WORK)
    route["timeline"]["consulate_wait_weeks"] = {
        "GE": {"value": 7, "low": 6, "high": 8, "sources": SRC}
    }
    offer = [{"country": "DE", "gross_annual_salary": 50000}]
    plan = plan_for(route, money=RICH, offers=offer, person={"residence": "GE"})
    appt = _by_id(plan)["appointment"]
    assert appt.end == appt.start + timedelta(weeks=7)
    assert appt.end_high == appt.start + timedelta(weeks=8) and appt.timing == "estimated"
    assert plan.arrival_kind == "estimated"


def test_an_intake_of_one_alternative_is_used_only_on_that_way() -> None:
    """English-taught programmes often have an earlier round than local-language ones: the plan
    applies in the round of the language it takes."""
    route = copy.deepcopy(STUDY)
    route["requires"]["of"][0] = {
        "id": "language_of_instruction",
        "type": "any",
        "of": [
            {"id": "czech_b2", "type": "language", "language": "cs", "level": "B2"},
            {"id": "english_b2", "type": "language", "language": "en", "level": "B2"},
        ],
    }
    route["timeline"]["intakes"] = [
        {"start": "09-01", "apply_by": "01-15", "only_with": "english_b2"},
        {"start": "09-01", "apply_by": "03-31", "only_with": "czech_b2"},
    ]
    english = _by_id(plan_for(route, money=RICH, languages={"ru": "native", "en": "C1"}))
    czech = _by_id(plan_for(route, money=RICH, languages={"ru": "native", "cs": "C1"}))
    assert english["application"].deadline.month == 1
    assert czech["application"].deadline.month == 3


def test_a_preparatory_year_is_attended_after_the_move(kb) -> None:  # type: ignore[no-untyped-def]
    """A school leaver without university years goes to a Studienkolleg first: the visa is for
    it, so the plan travels before the preparatory year instead of after it."""
    from datetime import date

    from emigre.plan import make_plans
    from emigre.plan.rank import parse_weights
    from emigre.profile import Profile
    from emigre.rules.evaluate import assess
    from tests.conftest import base_profile

    on = date(2026, 11, 25)
    raw = base_profile(
        education={"school_certificate": "RU", "highest_degree": "none", "university_years": 0},
        languages={"ru": "native", "en": "C1", "de": "C1"},
        money={"currency": "EUR", "savings": 30000, "monthly_savings": 1000},
    )
    prof = Profile.model_validate(raw)
    res = [r for r in assess(prof, on, kb.routes, kb.params, kb.fx) if r.route.id == "de.study"]
    plan = make_plans(res, prof, on, kb.params, kb.fx, parse_weights(None))["de.study"]
    prep = next(s for s in plan.steps if s.kind == "preparatory_year")
    assert plan.arrival is not None and prep.start == plan.arrival < prep.end
    assert "travel" in prep.depends_on
    assert all(s.end <= plan.arrival for s in plan.steps if s is not prep)


def test_a_language_course_in_the_country_moves_first_and_learns_there() -> None:
    """The Czech or Slovak year before university: on that way the plan moves for the course
    (its own intake, its fee) instead of learning the language at home first."""
    route = copy.deepcopy(STUDY)
    route["requires"]["of"][0] = {
        "id": "czech",
        "type": "any",
        "of": [
            {"id": "czech_b2", "type": "language", "language": "cs", "level": "B2"},
            {
                "id": "czech_course",
                "type": "language",
                "language": "cs",
                "level": "B2",
                "in_country_course": True,
            },
        ],
    }
    route["timeline"]["preparatory_months"] = {"value": 10, "sources": SRC}
    route["timeline"]["intakes"] = [
        {"start": "10-01", "apply_by": "02-28", "only_with": "czech_b2"},
        {"start": "09-01", "apply_by": "04-30", "only_with": "czech_course"},
    ]
    route["costs"].append({"id": "course", "kind": "one_off", "stage": "arrival"})
    plan = plan_for(route, money=RICH, preferences={"study_hours_per_week": 5})
    s = _by_id(plan)
    course = s["preparatory_czech_course"]
    assert not any(x.kind == "language" for x in plan.steps)
    assert plan.arrival is not None and course.start == plan.arrival
    assert s["application"].deadline.month == 4  # the course's own intake
    fee = next(c for c in plan.costs if c.id == "course")
    assert fee.amount.is_unknown  # a price not in the data is unknown, never free
    note = next(n for n in plan.notes if "fastest" in n)
    assert note.index("course") < note.index("instead of") and "czech_course" not in note


def test_the_german_national_visas_share_one_set_of_consulate_waits(kb) -> None:  # type: ignore[no-untyped-def]
    """Every German national visa goes through the same appointment lists: the skilled-worker,
    recognition, nursing, freelance and training routes wait like the IT-specialist route (a
    Russian in Moscow: unknown; a resident of Georgia: the Tbilisi figure), never not at all."""
    routes = {r.id: r for r in kb.routes}
    shared = routes["de.it_specialist"].timeline.consulate_wait_weeks
    for rid in (
        "de.skilled_worker",
        "de.recognition",
        "de.recognition.nursing",
        "de.freelance",
        "de.vocational_training",
    ):
        waits = routes[rid].timeline.consulate_wait_weeks
        assert set(waits) == set(shared), rid
        assert waits["GE"].value == shared["GE"].value and waits["RU"].value == "unknown"
