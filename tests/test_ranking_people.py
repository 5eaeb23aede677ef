"""The top of the ranking for the people in `tests/fixtures/people/` read as a consultant would:
what must stand first for them, and what must never be "eligible" for them, with the reason.
Each person is a profile file the web and terminal screen tests read too."""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from pathlib import Path

from emigre.documents import PlanRun, knowledge, run_plan
from emigre.plan import Plan
from emigre.plan.rank import parse_weights
from emigre.profile_reading import parse_profile

PEOPLE = Path(__file__).parent / "fixtures" / "people"
ON = date(2026, 12, 7)


@cache
def _run(name: str) -> PlanRun:
    data = tomllib.loads((PEOPLE / f"{name}.toml").read_text())
    return run_plan(parse_profile(data, name), ON, knowledge(), parse_weights(None))


def _ranked(name: str) -> list[Plan]:
    return sorted((p for p in _run(name).plans.values() if p.rank), key=lambda p: p.rank or 0)


def test_a_graduate_with_a_dutch_offer_above_the_criterion_sees_that_permit_first() -> None:
    """An Iranian of 26 with a Dutch offer of 62,400 EUR meets the highly skilled migrant
    criterion for his age: the permit is open to him now. Before, the announced (not enacted)
    tightening of the scheme, a risk for everyone, put it 51st, below German permits that need
    an offer he does not have. The Blue Card, whose criterion the offer misses, is never
    eligible."""
    plans = _ranked("ir_graduate_nl")
    first = plans[0]
    assert first.route.id == "nl.highly_skilled_migrant"
    assert first.result.verdict == "eligible"
    assert any(r.applies == "yes" for r in first.result.risks), "the risk is still shown"
    blue = _run("ir_graduate_nl").plans["nl.blue_card"]
    assert blue.result.verdict == "reachable"
    assert any("is below the threshold" in str(n.outcome.reason) for n in blue.result.gaps())


def test_a_us_russian_dual_citizen_applies_in_germany_without_visa_or_its_fee() -> None:
    """§41(1) AufenthV: on the US passport he enters Germany without a visa and applies at the
    foreigners authority; no appointment at the Moscow embassy, no national visa fee; the Blue
    Card his German offer meets stands first."""
    plans = _ranked("us_ru_dual")
    assert plans[0].route.country == "DE" and plans[0].result.verdict == "eligible"
    blue = _run("us_ru_dual").plans["de.blue_card"]
    kinds = [s.kind for s in blue.steps]
    assert "appointment" not in kinds and kinds.index("travel") < kinds.index("application")
    assert "visa_fee" not in {c.id for c in blue.costs}
    assert "residence_permit" in {c.id for c in blue.costs}


def test_a_russian_latvian_sees_free_movement_first_and_no_eu_permit_as_needed() -> None:
    """Before: his first route under 'settle in the EU' was a Serbian work permit. Free movement
    is now his first answer, in every country it reaches (eligible, nothing to apply for but
    registration, permanent residence after five years in an EU state); then the permits he would
    need outside the EU, which say he needs none to settle in the EU; every EU permit last, 'not
    needed'."""
    run = _run("ru_lv_dual")
    plans = _ranked("ru_lv_dual")
    free = [p for p in plans if p.route.family == "free_movement"]
    assert {"DE", "LV", "CH", "NO"} <= {p.route.country for p in free}
    assert [p.rank for p in free] == list(range(1, len(free) + 1))
    germany = run.plans["de.free_movement"]
    assert germany.result.verdict == "eligible" and germany.result.free_movement == []
    assert [s.kind for s in germany.steps] == ["travel", "application"]
    assert "Register your residence" in str(germany.steps[-1].title)
    assert germany.months_to_pr == 60
    eu = [p for p in plans if p.result.free_movement]
    assert "DE" in {p.route.country for p in eu} and len({p.route.country for p in eu}) >= 10
    assert all(p.result.free_movement == ["LV"] for p in eu)
    needed = [p for p in plans if not p.result.free_movement and p not in free]
    assert needed and max(p.rank or 0 for p in needed) < min(p.rank or 0 for p in eu)
    assert min(p.rank or 0 for p in needed) > len(free)
    for p in needed:
        assert "to settle in the EU you need none" in str(p.why), p.route.id
    warning = next(w for w in run.warnings if w.warning.id == "eu.free_movement")
    assert warning.applies == "yes" and warning.because_of == ["LV"]


def test_free_movement_is_no_route_at_all_for_people_without_it() -> None:
    """A Belarusian, an Iranian, a US-Russian: no free-movement route in their results (the
    thirty would all be closed to them), and none ranked."""
    for name in ("by_nurse", "ir_graduate_nl", "us_ru_dual"):
        run = _run(name)
        assert not [r for r in run.results if r.route.family == "free_movement"], name


def test_a_belarusian_nurse_sees_german_recognition_and_no_eu_nursing_permit_as_eligible() -> None:
    """Nursing is regulated in every EU member state (Directive 2005/36/EC): without a licence
    no EU work permit is eligible for her, each names the licence as a gap; Germany's
    recognition routes (§16d) stand among her first three."""
    run = _run("by_nurse")
    top3 = [p.route.id for p in _ranked("by_nurse")[:3]]
    assert "de.recognition.nursing" in top3 or "de.recognition" in top3, top3
    eu_work = [
        r
        for r in run.results
        if r.route.family == "work" and r.route.country not in ("RS", "GE", "AM", "TR", "ME", "GB")
    ]
    assert eu_work
    for r in eu_work:
        assert r.verdict != "eligible", r.route.id
    spain = run.plans["es.blue_card"]
    assert any("licence" in str(n.outcome.reason) for n in spain.result.gaps())


def test_a_school_leaver_of_17_sees_study_first_and_no_permit_for_remote_work_at_the_top() -> None:
    """A Kazakh of 17 with no work: study routes come first, no nomad, freelance or start-up
    permit in her first five, and none of them is eligible for her."""
    plans = _ranked("kz_school_leaver")
    assert plans[0].route.family == "study"
    assert all(p.route.family not in ("nomad", "freelance", "startup") for p in plans[:5])
    for r in _run("kz_school_leaver").results:
        if r.route.family in ("nomad", "freelance", "startup", "work"):
            assert r.verdict != "eligible", r.route.id


def test_an_activist_who_wants_to_leave_soon_sees_places_to_wait_then_humanitarian_visas() -> None:
    """A Russian with an administrative record for protests, leaving soon: the visa-free places
    to wait come first, and the humanitarian visas that check his record lead the routes open
    if the authority agrees; none of them is ever 'eligible' (the decision is the state's)."""
    run = _run("ru_activist_admin")
    order = list(run.plans.values())
    assert order[0].group == "short_stay"
    asking = [p for p in order if p.group == "if_agreed"]
    assert asking[0].route.family == "humanitarian", [p.route.id for p in asking[:3]]
    for r in run.results:
        if r.route.family == "humanitarian":
            assert r.verdict != "eligible", r.route.id


def test_a_minor_is_told_that_in_germany_the_parents_apply_and_consent() -> None:
    """§80 AufenthG: under 18 the persons with custody file the application and must agree to a
    stay for study, training or work. The school leaver of 17 reads it before any route, with
    its basis; the nurse of 29 does not; a birthday makes the difference."""
    warnings = {w.warning.id: w for w in _run("kz_school_leaver").warnings}
    minor = warnings["de.minor_applicant"]
    assert minor.applies == "yes"
    assert "§80(5) AufenthG" in minor.warning.legal_basis
    assert "de.minor_applicant" not in {w.warning.id for w in _run("by_nurse").warnings}
    data = tomllib.loads((PEOPLE / "kz_school_leaver.toml").read_text())
    adult = run_plan(
        parse_profile(data, "adult"), date(2027, 8, 20), knowledge(), parse_weights(None)
    )
    assert "de.minor_applicant" not in {w.warning.id for w in adult.warnings}
