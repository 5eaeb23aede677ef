"""Collecting the papers of a route's checklist: a step that ends when they are filed, with
its length from the issuing country's dated times and its cost counted once."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import pytest

from tests.test_plan import ON, RICH, SRC, WORK, plan_for

OFFER = [{"country": "DE", "gross_annual_salary": 60000}]


def _with_document(rid: str, en: str, ru: str, document: dict[str, Any]) -> dict[str, Any]:
    """The test work route with one more paper on its checklist."""
    route = copy.deepcopy(WORK)
    route["requirements"].append(
        {
            "id": rid,
            "text": {"en": en, "ru": ru},
            "source": SRC[0],
            "maps_to": "document",
            "document": document,
        }
    )
    return route


def _with_papers() -> dict[str, Any]:
    record = {"kind": "criminal_record", "apostille": True, "max_age_months": 3}
    return _with_document("record", "criminal record", "справка о несудимости", record)


def _step(plan: Any, sid: str) -> Any:
    return next(s for s in plan.steps if s.id == sid)


def test_the_papers_end_when_they_are_filed_and_take_their_issuing_time() -> None:
    plan = plan_for(_with_papers(), money=RICH, offers=OFFER)
    papers, app = _step(plan, "papers"), _step(plan, "application")
    assert papers.known and papers.kind == "document"
    assert papers.end == app.start  # fresh on the day they are filed
    assert papers.end - papers.start == timedelta(days=30 + 7)
    assert app.start >= ON + timedelta(days=37)  # nobody files before the papers exist
    # The apostille's RUB 2,700 at 90 a euro: shown on the step, counted once in the total.
    assert papers.cost.value == pytest.approx(30.0)
    plain = plan_for(WORK, money=RICH, offers=OFFER)
    assert plan.cost_to_arrival.low == pytest.approx(plain.cost_to_arrival.low + 30.0)


def test_without_the_issuing_countrys_times_the_step_and_the_arrival_are_uncertain() -> None:
    belarusian = {"citizenship": ["BY"], "residence": "BY"}
    plan = plan_for(_with_papers(), money=RICH, offers=OFFER, person=belarusian)
    papers = _step(plan, "papers")
    assert not papers.known and papers.why and "not in the data" in papers.why
    assert plan.arrival_kind == "unknown"


def test_one_service_that_issues_the_certificate_with_its_apostille_is_counted_once() -> None:
    kazakh = {"citizenship": ["KZ"], "residence": "KZ"}
    plan = plan_for(_with_papers(), money=RICH, offers=OFFER, person=kazakh)
    papers = _step(plan, "papers")
    assert papers.known and papers.end - papers.start == timedelta(days=14)


def _with_diploma(apostille: bool | None) -> dict[str, Any]:
    return _with_document(
        "diploma", "diploma", "диплом", {"kind": "degree", "apostille": apostille}
    )


GRADUATE = {"highest_degree": "bachelor"}


def test_a_diploma_that_needs_an_apostille_takes_a_time_the_data_does_not_have() -> None:
    """A diploma one holds takes no time to collect, but its apostille (from the education
    authority of the country that issued it) does: with no figure the papers' time is unknown,
    never zero days."""
    plan = plan_for(_with_diploma(True), money=RICH, offers=OFFER, education=GRADUATE)
    papers = _step(plan, "papers")
    assert not papers.known and papers.end_unknown
    assert papers.why and "apostille on the diploma" in papers.why
    assert plan.arrival_kind == "unknown"
    # the part the data has (the criminal record: 30 days and its apostille 7) still counts
    both = _with_diploma(True)
    both["requirements"] += _with_papers()["requirements"][-1:]
    both_plan = plan_for(both, money=RICH, offers=OFFER, education=GRADUATE)
    assert _step(both_plan, "papers").end - _step(both_plan, "papers").start >= timedelta(days=37)
    assert _step(both_plan, "application").start >= ON + timedelta(days=37)
    held = _step(
        plan_for(_with_diploma(None), money=RICH, offers=OFFER, education=GRADUATE), "papers"
    )
    assert held.known and held.end == held.start
