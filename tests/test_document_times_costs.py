"""The papers a checklist names take the issuing country's sourced times and cost the sourced
fees: an apostille on a school certificate from Russia, Belarus or Kazakhstan, a Kazakh or
Belarusian criminal record, a sworn translation where the papers are filed. What no source gives
stays unknown, never zero days or zero euros."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from emigre.knowledge.loader import KnowledgeBase
from emigre.knowledge.route import DocumentSpec, Route
from emigre.plan.costs import document_cost
from emigre.plan.papers import papers
from emigre.plan.schedule import PlanInputs
from emigre.profile import Profile
from tests.conftest import base_profile

ON = date(2026, 12, 6)


def _inputs(kb: KnowledgeBase, citizenship: str, **education: Any) -> PlanInputs:
    raw = base_profile(
        person={"citizenship": [citizenship], "residence": citizenship},
        education={"school_certificate": citizenship, **education},
    )
    return PlanInputs(Profile.model_validate(raw), ON, kb.params, kb.fx, 15)


@pytest.mark.parametrize(("home", "days"), [("RU", 63), ("BY", 8), ("KZ", 21)])
def test_the_apostille_on_a_school_certificate_takes_the_issuing_countrys_time(
    kb: KnowledgeBase, home: str, days: float
) -> None:
    """The Greek study checklist asks for the school certificate with an apostille: the papers
    now take the issuing country's time instead of 'not in the data'."""
    found = papers(kb.route("gr.study"), _inputs(kb, home))
    assert found is not None and found.days == days
    assert not found.missing
    assert found.sources  # the step cites where the time comes from


def test_a_kazakh_university_diploma_apostille_stays_unknown(kb: KnowledgeBase) -> None:
    """Only the school and college service's time is sourced for Kazakhstan: a diploma's apostille
    time is unknown, never zero days."""
    inp = _inputs(kb, "KZ", highest_degree="bachelor", degree_country="KZ", graduation_year=2022)
    raw = kb.route("gr.study").model_dump()
    for req in raw["requirements"]:
        if req.get("document") and req["document"]["kind"] == "school_certificate":
            req["document"]["kind"] = "degree"
    found = papers(Route.model_validate(raw), inp)
    assert found is not None and found.days is None
    assert any("diploma" in str(m) for m in found.missing)


def test_a_kazakh_criminal_record_with_apostille_costs_the_apostille_duty_only(
    kb: KnowledgeBase,
) -> None:
    cost = document_cost(
        DocumentSpec(kind="criminal_record", apostille=True), "CZ", _inputs(kb, "KZ")
    )
    assert cost.kind == "known"
    # the certificate is free; the apostille is 0.5 MCI = KZT 2,162.50 in 2026, a few euros
    assert 2 < (cost.value or 0) < 6


def test_a_belarusian_criminal_record_fee_stays_unknown_while_its_time_is_known(
    kb: KnowledgeBase,
) -> None:
    spec = DocumentSpec(kind="criminal_record", apostille=False)
    cost = document_cost(spec, "CZ", _inputs(kb, "BY"))
    assert cost.kind == "unknown" and cost.value is None
    assert "the fee for this paper is not in the data" in str(cost.why())
    assert kb.params.resolve("by.criminal_record.days", ON).value == 14


@pytest.mark.parametrize(
    ("country", "low", "high"), [("CZ", 20, 25), ("SK", 22, 23.5), ("GR", 5.5, 6.5)]
)
def test_a_sworn_translation_is_priced_where_the_papers_are_filed(
    kb: KnowledgeBase, country: str, low: float, high: float
) -> None:
    """A paper that needs only a sworn translation costs the destination's rate for one page."""
    spec = DocumentSpec(kind="other", translation=True)
    cost = document_cost(spec, country, _inputs(kb, "RU"))
    assert cost.kind == "known" and low < (cost.value or 0) < high


def test_a_sworn_translation_without_a_rate_in_the_data_is_unknown(kb: KnowledgeBase) -> None:
    assert "it.sworn_translation.per_document" not in kb.params
    cost = document_cost(DocumentSpec(kind="other", translation=True), "IT", _inputs(kb, "RU"))
    assert cost.kind == "unknown" and cost.value is None


def test_a_diploma_the_person_does_not_hold_is_neither_apostilled_nor_paid_for(
    kb: KnowledgeBase,
) -> None:
    """The Italian nomad visa asks for the qualification papers (a diploma, apostilled): a person
    with a Russian bachelor's waits for the apostille (45 working days at most), one without a
    degree has no diploma to apostille, so neither its time nor its duty is planned."""
    route = kb.route("it.digital_nomad")
    graduate = _inputs(
        kb, "RU", highest_degree="bachelor", degree_country="RU", graduation_year=2020
    )
    without = _inputs(kb, "RU", highest_degree="none")
    with_degree, no_degree = papers(route, graduate), papers(route, without)
    assert with_degree is not None and no_degree is not None
    assert with_degree.days == 63
    assert no_degree.days is not None and no_degree.days < 63
    assert no_degree.count == with_degree.count - 1


def test_a_kazakh_criminal_record_without_an_apostille_takes_its_own_time(
    kb: KnowledgeBase,
) -> None:
    """Where the checklist does not say an apostille is needed, the certificate alone counts:
    five working days at a regional centre, not the composite service's ten."""
    raw = kb.route("gr.study").model_dump()
    raw["requirements"] = [
        r
        for r in raw["requirements"]
        if not (r.get("document") and r["document"]["kind"] == "school_certificate")
    ]
    raw["requirements"].append(
        {
            "id": "record",
            "text": {"en": "criminal record", "ru": "справка о несудимости"},
            "source": raw["sources"][0],
            "maps_to": "document",
            "document": {"kind": "criminal_record"},
        }
    )
    found = papers(Route.model_validate(raw), _inputs(kb, "KZ"))
    assert found is not None and found.days == 7 and not found.missing
