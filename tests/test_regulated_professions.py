"""A Blue Card in a regulated profession needs the licence to practise first, in every member
state (Directive (EU) 2021/1883 art. 5(1)(c)), as Germany's routes ask: a doctor or a nurse is
never told a Blue Card is open without it; the licence is a gap the plan closes (reachable, not
eligible), and with the licence held the condition is met."""

from __future__ import annotations

from datetime import date
from typing import Any

from emigre.profile import Profile
from emigre.rules.evaluate import assess
from tests.conftest import base_profile

ON = date(2026, 12, 6)


def _blue_cards(kb) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.id for r in kb.routes if r.id.endswith(".blue_card")]


def _worker(occupation: str, **education: Any) -> dict[str, Any]:
    """A Belarusian with a master's degree from Belarus, ten years in `occupation`, fluent in
    every destination's language, rich, and with a well-paid offer in ten Blue Card countries."""
    prof = base_profile(
        person={"citizenship": ["BY"], "birth_date": date(1985, 10, 21), "residence": "BY"},
        education={
            "school_certificate": "BY",
            "highest_degree": "master",
            "university_years": 6,
            "degree_country": "BY",
            **education,
        },
        work=[{"occupation": occupation, "start": date(2014, 9, 1)}],
        languages={"ru": "native", "en": "C2", "de": "C2", "fr": "C2", "nl": "C2", "es": "C2"},
        money={"currency": "EUR", "savings": 200_000, "monthly_savings": 2_000},
    )
    prof["offers"] = [
        {"country": c, "gross_annual_salary": 150_000, "currency": "EUR", "occupation": occupation}
        for c in ("AT", "DE", "ES", "FR", "IT", "LU", "NL", "PL", "PT", "SE")
    ]
    return prof


def _results(kb, raw: dict[str, Any]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    ids = set(_blue_cards(kb))
    results = assess(
        Profile.model_validate(raw), ON, kb.routes, kb.params, kb.fx, respect_preferences=False
    )
    return {r.route.id: r for r in results if r.route.id in ids}


def _licence(res: Any) -> Any:
    def find(node: Any) -> Any:
        if node.condition.id == "licence_to_practise":
            return node
        for child in node.children:
            if (hit := find(child)) is not None:
                return hit
        return None

    return find(res.root)


def test_every_blue_card_asks_a_doctor_for_the_licence_to_practise(kb) -> None:  # type: ignore[no-untyped-def]
    """A doctor with every other condition met is never told a Blue Card is open: the licence
    is what stands in the way (as on Germany's route), in every member state, and getting it is
    a step of the plan; with the licence for that country the condition is met."""
    res = _results(kb, _worker("2211"))
    assert len(res) >= 10
    for rid, r in res.items():
        licence = _licence(r)
        assert licence is not None, rid
        assert licence.state == "closable", (rid, licence.state)
        assert r.verdict != "eligible", rid
    for rid in ("nl.blue_card", "fr.blue_card", "at.blue_card"):
        reasons = " ".join(n.outcome.reason for n in _walk(_licence(res[rid])))
        assert "licence to practise" in reasons and "you have none yet" in reasons, reasons
    licensed = _worker("2211")
    licensed["licences"] = [{"country": "FR", "occupation": "221", "status": "granted"}]
    again = _results(kb, licensed)
    assert _licence(again["fr.blue_card"]).state == "met"
    assert _licence(again["nl.blue_card"]).state == "closable"  # a French licence, not Dutch


def _walk(node: Any) -> list[Any]:
    return [node, *(n for c in node.children for n in _walk(c))]


def test_a_nurse_is_asked_too_and_a_software_developer_is_not(kb) -> None:  # type: ignore[no-untyped-def]
    nurse = _results(kb, _worker("2221"))
    assert all(_licence(r).state == "closable" for r in nurse.values())
    developer = _results(kb, _worker("2512"))
    for rid, r in developer.items():
        assert _licence(r).state == "met", rid
