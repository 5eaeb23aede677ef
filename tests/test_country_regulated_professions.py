"""A country's own dated list of regulated professions (`<cc>.regulated_professions`: lawyers,
school teachers) is read by every work route's licence condition there: a lawyer or a teacher
with an offer is not told a permit is open as if the job needed no licence, while other work is
unaffected; the plan's licence step names the authority the data holds for the profession."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from emigre.profile import Profile
from emigre.rules.conditions import Context
from emigre.rules.evaluate import RouteResult, evaluate_route
from tests.conftest import evaluate_and_plan, qualified_person

ON = date(2026, 12, 7)
CARD = "hu.guest_worker.national_card"


def _with_hungarian_offer(occupation: str) -> dict[str, Any]:
    """A Russian of 38 with a Russian master's, ten years in `occupation`, and a job offer in
    Hungary in that occupation (the National Card sets no salary floor)."""
    return qualified_person(
        "RU",
        date(1988, 5, 2),
        "master",
        occupation,
        date(2014, 9, 1),
        education={"university_years": 5},
        languages={"ru": "native", "en": "B2", "hu": "B2"},
        money={"currency": "EUR", "savings": 20_000, "monthly_savings": 800},
        offers=[
            {
                "country": "HU",
                "gross_annual_salary": 30_000,
                "currency": "EUR",
                "occupation": occupation,
            }
        ],
    )


def _run(kb: Any, route_id: str, raw: dict[str, Any]) -> tuple[RouteResult, Any]:
    return evaluate_and_plan(kb, route_id, raw, ON)


def _licence_node(res: RouteResult) -> Any:
    return next(n for n in res.root.walk() if n.condition.id == "licence_to_practise")


def test_a_software_developer_with_a_hungarian_offer_is_still_eligible(kb: Any) -> None:
    res, _ = _run(kb, CARD, _with_hungarian_offer("2512"))
    assert res.verdict == "eligible"
    assert _licence_node(res).state == "met"


def test_a_lawyer_with_a_hungarian_offer_is_not_eligible_for_the_national_card(kb: Any) -> None:
    res, plan = _run(kb, CARD, _with_hungarian_offer("2611"))
    assert res.verdict != "eligible"
    node = _licence_node(res)
    assert node.state == "closable"
    assert "ISCO 2611" in node.outcome.reason and "regulated profession in Hungary" in str(
        node.outcome.reason
    )
    assert "Act LXXVIII of 2017" in str(node.outcome.reason)  # the basis of Hungary's list
    step = next(s for s in plan.steps if s.kind == "licence")
    assert "bar association" in str(step.note) and "not in the data" in str(step.why)
    assert not step.known and step.cost.is_unknown  # no deadline or fee was sourced


@pytest.mark.parametrize("occupation", ["2330", "2341", "2342"])
def test_a_teacher_s_step_names_the_authority_that_recognises_the_diploma(
    kb: Any, occupation: str
) -> None:
    res, plan = _run(kb, CARD, _with_hungarian_offer(occupation))
    assert res.verdict == "reachable"
    step = next(s for s in plan.steps if s.kind == "licence")
    assert "Oktatási Hivatal" in str(step.note)
    assert any("oktatas.hu" in s.url or "jogtar.hu" in s.url for s in step.sources)


def test_a_held_hungarian_licence_meets_the_condition(kb: Any) -> None:
    raw = _with_hungarian_offer("2611")
    raw["licences"] = [{"country": "HU", "occupation": "2611", "status": "granted"}]
    res, _ = _run(kb, CARD, raw)
    assert _licence_node(res).state == "met"


def test_without_a_country_list_the_route_s_own_list_decides_as_before(kb: Any) -> None:
    """Slovakia's data holds no list of its own: a lawyer there is checked against the EU's
    sectoral list only, and told to check the database (never "not regulated")."""
    assert "sk.regulated_professions" not in kb.params
    raw = _with_hungarian_offer("2611")
    raw["offers"][0]["country"] = "SK"
    res, _ = _run(kb, "sk.single_permit", raw)
    node = _licence_node(res)
    assert node.state == "met"
    assert "Regulated Professions Database" in str(node.outcome.reason)


def _with_offer(country: str, occupation: str, **over: Any) -> dict[str, Any]:
    raw = _with_hungarian_offer(occupation)
    raw["offers"][0]["country"] = country
    raw["offers"][0]["gross_annual_salary"] = 90_000
    for key, value in over.items():
        raw[key] = value
    return raw


def _licence_of(kb: Any, route_id: str, raw: dict[str, Any]) -> Any:
    prof = Profile.model_validate(raw)
    route = next(r for r in kb.routes if r.id == route_id)
    return _licence_node(evaluate_route(route, Context(prof, ON, route.country, kb.params, kb.fx)))


@pytest.mark.parametrize(
    ("route_id", "occupation"),
    [
        ("cz.employee_card", "2611"),
        ("cz.employee_card", "2341"),
        ("pl.work_permit", "2611"),
        ("pl.work_permit", "2330"),
        ("es.highly_qualified", "2611"),
        ("es.highly_qualified", "2342"),
        ("pt.d3_highly_qualified", "2611"),
        ("de.blue_card", "2611"),
        ("de.blue_card", "2330"),
    ],
)
def test_lawyers_and_teachers_need_the_licence_in_each_country_with_a_list(
    kb: Any, route_id: str, occupation: str
) -> None:
    """Each country's list reaches its work routes, and the step names an authority from the
    data (never "not regulated", never a borrowed deadline)."""
    country = route_id[:2].upper()
    raw = _with_offer(country, occupation)
    node = _licence_of(kb, route_id, raw)
    assert node.state == "closable", node.outcome.reason
    res, plan = _run(kb, route_id, raw)
    if plan is not None:
        step = next(s for s in plan.steps if s.kind == "licence")
        assert step.sources and not step.known  # no deadline was sourced for these


def test_a_portuguese_teaching_job_is_barred_to_a_russian_qualified_abroad(kb: Any) -> None:
    """The DGAE recognises a teaching qualification from abroad only for EU/EEA citizens and
    Brazilians: for others the route is blocked for that job, with the legal basis shown."""
    raw = _with_offer("PT", "2341")
    node = _licence_of(kb, "pt.d3_highly_qualified", raw)
    assert node.state == "blocked"
    reason = str(node.outcome.reason)
    assert "Portaria 967/2009" in reason and "Brazil" in reason
    assert any(u.name == "pt.licence.teacher.open_to" for u in node.outcome.used)
    # a Brazilian (or a teacher qualified in Portugal) can still close it with the DGAE's step
    brazilian = _with_offer("PT", "2341")
    brazilian["person"]["citizenship"] = ["RU", "BR"]
    assert _licence_of(kb, "pt.d3_highly_qualified", brazilian).state == "closable"
    local = _with_offer("PT", "2341")
    local["education"]["degree_country"] = "PT"
    assert _licence_of(kb, "pt.d3_highly_qualified", local).state == "closable"
    # the same person offered a developer's job is not affected
    assert _licence_of(kb, "pt.d3_highly_qualified", _with_offer("PT", "2512")).state == "met"


def test_population_mode_reads_the_country_list_too() -> None:
    from tests.test_population import _agree

    base = {
        "citizenship": "RU",
        "birth_date": date(1988, 5, 2),
        "school_certificate": "RU",
        "highest_degree": "master",
        "university_years": 5.0,
        "work_occupation": "2611",
        "work_start": date(2014, 9, 1),
        "lang_hu": "B2",
        "lang_en": "B2",
        "money_currency": "EUR",
        "savings": 20_000.0,
        "offer_country": "HU",
        "offer_salary": 30_000.0,
    }
    granted = {"licence_status": "granted"}
    rows = [
        base,
        {**base, "offer_occupation": "2611"},
        {**base, "offer_occupation": "2512"},
        {**base, "work_occupation": "2512", "offer_occupation": "2341"},
        {**base, "work_occupation": "2341"},
        {**base, "licence_country": "HU", "licence_occupation": "2611", **granted},
        {**base, "licence_country": "CZ", "licence_occupation": "2611", **granted},
        {**base, "offer_country": "PT", "offer_salary": 90_000.0, "offer_occupation": "2341"},
        {**base, "offer_country": "PT", "offer_salary": 90_000.0, "work_occupation": "2330"},
        {**base, "offer_country": "PT", "offer_occupation": "2341", "citizenship_2": "BR"},
        {**base, "offer_country": "PT", "offer_occupation": "2341", "degree_country": "PT"},
        {**base, "offer_country": "PT", "work_occupation": "2341", "degree_country": "PT"},
        {**base, "offer_country": "ES", "offer_occupation": "2342"},
        {**base, "offer_country": "PL", "work_occupation": "2611"},
    ]
    assert _agree(rows, ON) == len(rows)
