"""Work permits open to a vocational diploma: Poland's work permit or employer's declaration (Act
of 20 March 2025), Slovakia's single permit (temporary residence for employment), both for a job
of any skill level, and Flanders' single permit for a medium-skilled shortage occupation. None is
ever "eligible": each waits on a check a profile cannot show (in Poland pay as for comparable
workers and a county's list of closed occupations; in Slovakia the labour office's confirmation
after its labour-market test; in Flanders the job's place on the list of shortage occupations). Without an offer the
job offer is the gap the plan closes; with one only the authority's check remains. A Russian is
warned of Polish refusals; the Polish declaration is named for Belarusians, not for Russians."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from emigre.profile import Profile
from emigre.rules.conditions import Context
from emigre.rules.evaluate import RouteResult, evaluate_route
from tests.conftest import base_profile

ON = date(2026, 12, 6)
OFFER = {"country": "PL", "gross_annual_salary": 70000, "currency": "PLN"}
SK_OFFER = {"country": "SK", "gross_annual_salary": 18000, "currency": "EUR"}
BE_OFFER = {"country": "BE", "gross_annual_salary": 36000, "currency": "EUR"}
ROUTES = [
    ("pl.work_permit", OFFER, "authority_checks"),
    ("sk.single_permit", SK_OFFER, "labour_office_confirmation"),
    ("be.single_permit.shortage_occupation", BE_OFFER, "listed_flemish_job"),
]


def _welder(citizenship: str, offers: list[dict[str, Any]]) -> dict[str, Any]:
    """A welder (ISCO 7212) with a vocational diploma from home and no degree."""
    return base_profile(
        person={"citizenship": [citizenship], "residence": citizenship},
        education={
            "school_certificate": citizenship,
            "highest_degree": "vocational",
            "degree_country": citizenship,
            "university_years": 0,
        },
        work=[{"occupation": "7212", "start": date(2016, 9, 1)}],
        offers=offers,
    )


def _result(kb: Any, profile: dict[str, Any], route_id: str = "pl.work_permit") -> RouteResult:
    route = next(r for r in kb.routes if r.id == route_id)
    return evaluate_route(
        route, Context(Profile.model_validate(profile), ON, route.country, kb.params, kb.fx)
    )


def _node(result: RouteResult, cid: str) -> Any:
    return next(n for n in result.root.walk() if n.condition.id == cid)


@pytest.mark.parametrize(("route_id", "offer", "check"), ROUTES)
@pytest.mark.parametrize("citizenship", ["BY", "KZ"])
def test_a_vocational_worker_without_an_offer_is_told_to_find_one(
    kb: Any, citizenship: str, route_id: str, offer: dict[str, Any], check: str
) -> None:
    res = _result(kb, _welder(citizenship, []), route_id)
    assert res.verdict == "unknown"
    assert _node(res, "job_offer").state == "closable"
    assert not res.blockers(), "no degree is asked for"


@pytest.mark.parametrize(("route_id", "offer", "check"), ROUTES)
@pytest.mark.parametrize("citizenship", ["BY", "KZ"])
def test_with_an_offer_the_authoritys_check_remains(
    kb: Any, citizenship: str, route_id: str, offer: dict[str, Any], check: str
) -> None:
    res = _result(kb, _welder(citizenship, [offer]), route_id)
    assert res.verdict == "unknown", "never eligible while the authority's check is open"
    assert _node(res, "job_offer").state == "met"
    assert _node(res, check).state == "unknown"


def test_the_polish_check_names_pay_and_the_county_list(kb: Any) -> None:
    reason = str(_node(_result(kb, _welder("BY", [OFFER])), "authority_checks").outcome.reason)
    assert "comparable work" in reason and "closed to foreigners" in reason


def test_the_slovak_check_names_the_labour_market_test(kb: Any) -> None:
    res = _result(kb, _welder("KZ", [SK_OFFER]), "sk.single_permit")
    reason = str(_node(res, "labour_office_confirmation").outcome.reason)
    assert "20 working days" in reason and "shortage occupations" in reason


def test_an_offer_in_the_other_country_does_not_count(kb: Any) -> None:
    res = _result(kb, _welder("BY", [OFFER]), "sk.single_permit")
    assert _node(res, "job_offer").state == "closable"


def test_the_blue_card_stays_closed_to_the_same_welder(kb: Any) -> None:
    """The difference this route makes: no degree is asked for."""
    blue_card = _result(kb, _welder("BY", [OFFER]), "pl.blue_card")
    assert _node(blue_card, "degree").state == "blocked"
    permit = _result(kb, _welder("BY", [OFFER]))
    assert not permit.blockers()


@pytest.mark.parametrize(("route_id", "offer", "check"), ROUTES)
def test_a_nurse_needs_the_licence_first(
    kb: Any, route_id: str, offer: dict[str, Any], check: str
) -> None:
    prof = _welder("BY", [offer])
    prof["work"] = [{"occupation": "3221", "start": date(2016, 9, 1)}]
    res = _result(kb, prof, route_id)
    node = _node(res, "licence_to_practise")
    assert node.state == "closable"  # a step of the plan, never "met" without the licence
    assert res.verdict != "eligible"
    prof["licences"] = [
        {"country": route_id[:2].upper(), "occupation": "3221", "status": "granted"}
    ]
    assert _node(_result(kb, prof, route_id), "licence_to_practise").state == "met"


def test_russians_are_warned_of_refusals_belarusians_are_not(kb: Any) -> None:
    ru = _result(kb, _welder("RU", [OFFER]))
    by = _result(kb, _welder("BY", [OFFER]))
    assert [r.risk.id for r in ru.risks if r.applies == "yes"] == ["russians_refused"]
    assert not [r for r in by.risks if r.applies == "yes"]


def test_the_declaration_is_named_for_belarusians_and_georgia_is_not(kb: Any) -> None:
    route = next(r for r in kb.routes if r.id == "pl.work_permit")
    job = next(q for q in route.requirements if q.id == "job_offer")
    text = job.text["en"]
    assert "Belarus" in text and "declaration" in text
    assert "Georgia" not in text and "Russia" not in text


def test_an_offer_with_no_salary_floor_is_described_not_measured(kb: Any) -> None:
    """A route without a salary threshold says what the offer is, never 'meets the threshold of —'."""
    reason = str(_node(_result(kb, _welder("BY", [OFFER])), "job_offer").outcome.reason)
    assert reason.startswith("you have a job offer in Poland (")
    assert "threshold" not in reason and "—" not in reason


def test_flanders_opens_listed_shortage_jobs_to_the_welder_but_not_the_highly_skilled_permit(
    kb: Any,
) -> None:
    welder = _welder("KZ", [BE_OFFER])
    assert _node(_result(kb, welder, "be.single_permit"), "higher_education_diploma").state == (
        "blocked"
    )
    listed = _result(kb, welder, "be.single_permit.shortage_occupation")
    assert not listed.blockers()
    reason = str(_node(listed, "listed_flemish_job").outcome.reason)
    assert "medium-skilled shortage occupations" in reason and "Flemish Region" in reason
