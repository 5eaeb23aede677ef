"""The Lithuanian and Latvian visas on humanitarian grounds: a record of persecution is the
evidence a profile can show, but the Foreign Ministry's mediation (Lithuania) or the embassy's
decision after a security check (Latvia) stays with the authorities, so a person at risk reads
"unknown" with the reason, never "eligible"; a person with no record at home is told the
humanitarian ground is missing; call-up alone is flagged as no ground."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from emigre.profile import Profile
from emigre.rules.conditions import Context
from emigre.rules.evaluate import RouteResult, evaluate_route
from tests.conftest import base_profile

ON = date(2026, 11, 25)
ROUTES = ("lt.humanitarian_visa", "lv.humanitarian_visa")


def _result(kb: Any, route_id: str, profile: dict[str, Any]) -> RouteResult:
    route = next(r for r in kb.routes if r.id == route_id)
    prof = Profile.model_validate(profile)
    return evaluate_route(route, Context(prof, ON, route.country, kb.params, kb.fx))


def _node(result: RouteResult, cid: str) -> Any:
    return next(n for n in result.root.walk() if n.condition.id == cid)


def _risk(result: RouteResult, rid: str) -> str:
    """Whether a risk is shown: "yes", "unknown", or "no" (a risk that does not apply is left out)."""
    return next((r.applies for r in result.risks if r.risk.id == rid), "no")


@pytest.mark.parametrize("route_id", ROUTES)
@pytest.mark.parametrize(("citizenship", "record"), [("BY", "criminal"), ("RU", "administrative")])
def test_activists_wait_on_the_authorities_decision(
    kb: Any, route_id: str, citizenship: str, record: str
) -> None:
    res = _result(
        kb,
        route_id,
        base_profile(person={"citizenship": [citizenship], "political_record": record}),
    )
    assert res.verdict == "unknown"
    assert _node(res, "ru_or_by").state == "met"
    assert _node(res, "at_risk").state == "met"
    decision = next(n for n in res.root.walk() if n.condition.type == "external")
    assert decision.state == "unknown"


def test_lithuania_names_the_foreign_ministrys_mediation(kb: Any) -> None:
    res = _result(kb, "lt.humanitarian_visa", base_profile(person={"political_record": "criminal"}))
    reason = str(_node(res, "ministry_mediates").outcome.reason)
    assert "Foreign Ministry" in reason and "mediate" in reason


def test_latvia_names_the_security_check(kb: Any) -> None:
    res = _result(kb, "lv.humanitarian_visa", base_profile(person={"political_record": "criminal"}))
    assert "security check" in str(_node(res, "mission_decides").outcome.reason)
    assert _risk(res, "security_services_veto") == "yes"


@pytest.mark.parametrize("route_id", ROUTES)
def test_no_record_at_home_is_no_humanitarian_ground(kb: Any, route_id: str) -> None:
    res = _result(kb, route_id, base_profile(person={"political_record": "none"}))
    assert res.verdict == "blocked"
    assert _node(res, "at_risk").state == "blocked"


@pytest.mark.parametrize("route_id", ROUTES)
def test_other_citizenships_are_not_known_either_way(kb: Any, route_id: str) -> None:
    prof = base_profile(
        person={"citizenship": ["IR"], "residence": "IR", "political_record": "criminal"}
    )
    res = _result(kb, route_id, prof)
    assert res.verdict == "unknown"
    assert _node(res, "ru_or_by").state == "unknown"  # not "blocked": the sources say nothing


@pytest.mark.parametrize("route_id", ROUTES)
def test_call_up_alone_is_flagged_for_russians_only(kb: Any, route_id: str) -> None:
    liable = {"political_record": "administrative", "military_service": "liable"}
    russian = _result(kb, route_id, base_profile(person=liable))
    belarusian = _result(kb, route_id, base_profile(person={**liable, "citizenship": ["BY"]}))
    assert _risk(russian, "mobilisation_not_a_ground") == "yes"
    assert _risk(belarusian, "mobilisation_not_a_ground") == "no"
