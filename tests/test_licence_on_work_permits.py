"""A national work permit does not let a nurse or a doctor practise: in every member state the
professions of Directive 2005/36/EC title III chapter III need the national licence first. A
nurse is never told such a permit is a plain job search away: the licence is a gap the plan
closes (reachable, never eligible); a software developer's verdict does not move."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from emigre.profile import Profile
from emigre.rules.evaluate import assess
from tests.conftest import base_profile

ON = date(2026, 12, 6)
PERMITS = ("hu.guest_worker.national_card", "hr.work_permit")
MORE = ("si.single_permit", "lt.work", "ee.work", "ie.general_employment", "se.work_permit")


def _belarusian(occupation: str) -> dict[str, Any]:
    """A Belarusian with ten years in `occupation`, a Belarusian degree, English C1, no offer."""
    return base_profile(
        person={"citizenship": ["BY"], "birth_date": date(1988, 4, 2), "residence": "BY"},
        education={
            "school_certificate": "BY",
            "highest_degree": "bachelor",
            "university_years": 4,
            "degree_country": "BY",
        },
        work=[{"occupation": occupation, "start": date(2016, 9, 1)}],
        languages={"ru": "native", "en": "C1"},
        money={"currency": "EUR", "savings": 20_000, "monthly_savings": 800},
    )


def _results(kb, occupation: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    prof = Profile.model_validate(_belarusian(occupation))
    results = assess(prof, ON, kb.routes, kb.params, kb.fx, respect_preferences=False)
    return {r.route.id: r for r in results}


def _walk(node: Any) -> list[Any]:
    return [node, *(n for c in node.children for n in _walk(c))]


def _licence(res: Any) -> Any:
    return next((n for n in _walk(res.root) if n.condition.id == "licence_to_practise"), None)


@pytest.mark.parametrize("occupation", ["3221", "2221"])
def test_a_nurse_is_not_told_a_work_permit_is_a_plain_job_search(kb, occupation: str) -> None:  # type: ignore[no-untyped-def]
    res = _results(kb, occupation)
    for rid in PERMITS:
        assert res[rid].verdict == "reachable", (rid, res[rid].verdict)
        licence = _licence(res[rid])
        assert licence is not None and licence.state == "closable", rid
        assert "licence to practise" in licence.outcome.reason, licence.outcome.reason
    for rid in MORE:
        if rid in res:
            assert _licence(res[rid]).state == "closable", rid


def test_a_software_developer_still_only_needs_the_job(kb) -> None:  # type: ignore[no-untyped-def]
    res = _results(kb, "2512")
    for rid in PERMITS:
        assert _licence(res[rid]).state == "met", rid
        assert res[rid].verdict == "reachable", (rid, res[rid].verdict)
