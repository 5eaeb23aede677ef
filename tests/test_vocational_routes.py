"""Germany's routes for vocational qualifications: skilled worker (§18a), recognition (§16d),
nursing (a regulated profession) and vocational training (§16a)."""

from __future__ import annotations

from datetime import date
from typing import Any

from emigre.plan import make_plans
from emigre.plan.rank import parse_weights
from emigre.profile import Profile
from emigre.rules.evaluate import assess
from tests.conftest import base_profile

ON = date(2026, 11, 25)
ROUTES = ("de.skilled_worker", "de.recognition", "de.recognition.nursing", "de.vocational_training")


def _nurse(**over: Any) -> dict[str, Any]:
    """A Belarusian nurse with a vocational nursing diploma from Belarus and no German."""
    prof = base_profile(
        person={"citizenship": ["BY"], "birth_date": date(1994, 6, 1), "residence": "BY"},
        education={
            "school_certificate": "BY",
            "highest_degree": "vocational",
            "university_years": 0,
            "degree_country": "BY",
            "field": "nursing",
        },
        work=[{"occupation": "3221", "start": date(2015, 9, 1)}],
        languages={"ru": "native", "be": "C1", "en": "A2"},
    )
    for key, value in over.items():
        prof[key] = {**prof[key], **value} if isinstance(value, dict) else value
    return prof


def _verdicts(kb, raw: dict[str, Any]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    results = assess(
        Profile.model_validate(raw), ON, kb.routes, kb.params, kb.fx, respect_preferences=False
    )
    return {r.route.id: r for r in results if r.route.id in ROUTES}


def test_belarusian_nurse_gets_the_recognition_routes_with_recognition_and_german_steps(kb) -> None:  # type: ignore[no-untyped-def]
    raw = _nurse()
    res = _verdicts(kb, raw)
    assert res["de.recognition"].verdict == "reachable"
    assert res["de.recognition.nursing"].verdict == "reachable"
    assert res["de.skilled_worker"].verdict == "reachable"
    prof = Profile.model_validate(raw)
    plans = make_plans(list(res.values()), prof, ON, kb.params, kb.fx, parse_weights(None))
    nursing = plans["de.recognition.nursing"]
    kinds = {s.kind for s in nursing.steps}
    assert {"recognition", "language"} <= kinds
    learn = next(s for s in nursing.steps if s.kind == "language")
    assert (learn.language, learn.to_level) == ("de", "B2")
    rec = next(s for s in nursing.steps if s.kind == "recognition")
    assert "Land authority" in rec.title and "school certificate" not in rec.title
    assert rec.known and (rec.end - rec.start).days == 13 * 7
    general = plans["de.recognition"]
    learn = next(s for s in general.steps if s.kind == "language")
    assert learn.to_level == "A2"
    # The chambers' recognition fee is the step's cost (a range), not an invented zero.
    fee = next(s for s in general.steps if s.kind == "recognition").cost
    assert fee.kind == "estimated" and fee.low == 100 and fee.high == 600


def test_a_german_qualification_needs_no_recognition(kb) -> None:  # type: ignore[no-untyped-def]
    res = _verdicts(kb, _nurse(education={"degree_country": "DE"}))
    rec = next(
        n for n in res["de.recognition.nursing"].root.children if n.condition.id == "equivalence"
    )
    assert rec.state == "met"


def test_nursing_route_is_for_nurses_only(kb) -> None:  # type: ignore[no-untyped-def]
    res = _verdicts(kb, _nurse(work=[{"occupation": "7411", "start": date(2015, 9, 1)}]))
    assert res["de.recognition.nursing"].verdict == "blocked"
    assert res["de.recognition"].verdict == "reachable"  # an electrician can still use §16d


def test_no_qualification_blocks_the_recognition_routes_but_not_training(kb) -> None:  # type: ignore[no-untyped-def]
    res = _verdicts(kb, _nurse(education={"highest_degree": "none"}))
    for rid in ("de.skilled_worker", "de.recognition", "de.recognition.nursing"):
        assert res[rid].verdict == "blocked", rid
    assert res["de.vocational_training"].verdict == "reachable"


def test_unknown_place_of_award_is_unknown_not_eligible(kb) -> None:  # type: ignore[no-untyped-def]
    raw = _nurse()
    del raw["education"]["degree_country"]
    res = _verdicts(kb, raw)
    assert res["de.recognition"].verdict == "unknown"


def test_skilled_worker_over_45_needs_the_salary_floor(kb) -> None:  # type: ignore[no-untyped-def]
    offer = [{"country": "DE", "gross_annual_salary": 40000}]
    trained_here = {"degree_country": "DE"}
    german = {"de": "B2"}  # the nursing licence's German, so only the salary floor differs
    young = _nurse(education=trained_here, offers=offer, languages=german)
    assert _verdicts(kb, young)["de.skilled_worker"].verdict == "eligible"  # no floor under 45
    older = _nurse(
        education=trained_here,
        person={"birth_date": date(1975, 1, 1)},
        offers=offer,
        languages=german,
    )
    assert _verdicts(kb, older)["de.skilled_worker"].verdict == "reachable"  # below EUR 55,770
    older["offers"] = [{"country": "DE", "gross_annual_salary": 60000}]
    assert _verdicts(kb, older)["de.skilled_worker"].verdict == "eligible"


def test_a_nurse_learns_the_licence_german_before_moving_as_a_skilled_worker(kb) -> None:  # type: ignore[no-untyped-def]
    """Nursing is regulated: §18a needs the licence to practise, and the licence needs German
    (B2 as a rule), so the plan learns it before the move; an electrician's plan does not."""

    def skilled(raw: dict[str, Any]) -> Any:
        res = _verdicts(kb, raw)
        prof = Profile.model_validate(raw)
        plans = make_plans(list(res.values()), prof, ON, kb.params, kb.fx, parse_weights(None))
        return plans["de.skilled_worker"]

    nurse = skilled(_nurse())
    learn = [s for s in nurse.steps if s.kind == "language"]
    assert [(s.language, s.to_level) for s in learn] == [("de", "B2")]
    assert nurse.arrival is not None and nurse.arrival > learn[0].end
    electrician = skilled(_nurse(work=[{"occupation": "7411", "start": date(2015, 9, 1)}]))
    assert not any(s.kind == "language" for s in electrician.steps)
    assert electrician.arrival is not None and electrician.arrival < nurse.arrival


def test_finland_employed_person_needs_the_income_limit_and_the_labour_market_test(kb) -> None:  # type: ignore[no-untyped-def]
    """Finland's general work permit asks no degree: the pay (EUR 1,600 a month from 2025) is
    checked, the TE Office's labour-market test is left to the person, so never 'eligible'."""

    def states(salary: float, on: date = ON) -> dict[str, str]:
        raw = _nurse(offers=[{"country": "FI", "gross_annual_salary": salary, "currency": "EUR"}])
        result = next(
            r
            for r in assess(
                Profile.model_validate(raw),
                on,
                kb.routes,
                kb.params,
                kb.fx,
                respect_preferences=False,
            )
            if r.route.id == "fi.employed_person"
        )
        assert result.verdict != "eligible"
        return {n.condition.id: n.status for n in result.root.walk()}

    assert states(24_000)["job_offer"] == "met"  # EUR 2,000 a month
    assert states(18_000)["job_offer"] == "unmet"  # EUR 1,500 a month
    assert states(24_000)["labour_market_test"] == "unknown"
    assert states(18_000, date(2024, 6, 1))["job_offer"] == "unknown", (
        "no limit in the data before 2025"
    )
