"""An admission letter is a condition of a study permit, not a paper: without one a study route is
"reachable" with the application as its way in; with one in the route's country it is "eligible"
(where the rest is met) and the plan goes straight to the visa. Also a language school's
enrolment and a place in a qualification measure (Germany), the population face and bad input."""

from __future__ import annotations

import copy
import json
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from emigre.plan import Plan
from emigre.plan.schedule import PlanInputs, build_plan
from emigre.profile import Profile
from emigre.rules.conditions import Context
from emigre.rules.evaluate import RouteResult, assess, evaluate_route
from tests.conftest import EXAMPLES, base_profile

ON = date(2026, 11, 25)
ANYA = tomllib.loads((EXAMPLES / "anya.toml").read_text())
DIMA = (EXAMPLES / "dima.toml").read_text()


def _anya(**over: Any) -> Profile:
    raw = copy.deepcopy(ANYA)
    raw.update(over)
    return Profile.model_validate(raw)


def _run(kb: Any, route_id: str, prof: Profile) -> tuple[RouteResult, Plan]:
    route = next(r for r in kb.routes if r.id == route_id)
    res = evaluate_route(route, Context(prof, ON, route.country, kb.params, kb.fx))
    inp = PlanInputs(prof, ON, kb.params, kb.fx, prof.preferences.study_hours_per_week)
    return res, build_plan(res, inp)


def _node(res: RouteResult, cid: str) -> Any:
    return next(n for n in res.root.walk() if n.condition.id == cid)


def test_without_an_admission_a_study_route_is_reachable_and_starts_with_the_application(
    kb: Any,
) -> None:
    res, plan = _run(kb, "nl.study", _anya())
    assert res.verdict == "reachable"
    node = _node(res, "admission")
    assert node.state == "closable"
    assert "admission letter from a university in the Netherlands" in str(node.outcome.message)
    first = min(plan.steps, key=lambda s: (s.start, s.kind != "application"))
    assert first.kind == "application" and "Apply to universities" in str(first.title)
    # the gap adds no second admission step: the filing's own one
    assert [s.id for s in plan.steps if s.kind == "admission"] == ["admission"]
    visa = next(s for s in plan.steps if s.kind == "visa")
    assert "admission" in visa.depends_on


def test_with_an_admission_in_the_country_the_study_route_is_eligible_and_goes_to_the_visa(
    kb: Any,
) -> None:
    res, plan = _run(kb, "nl.study", _anya(admissions=[{"country": "NL"}]))
    assert res.verdict == "eligible"
    assert _node(res, "admission").state == "met"
    kinds = [s.kind for s in plan.steps]
    assert "application" not in kinds and "admission" not in kinds
    assert "visa" in kinds and plan.arrival is not None
    visa = next(s for s in plan.steps if s.kind == "visa")
    # travel for the first semester start the visa reaches, never before the visa
    assert visa.end <= plan.arrival <= visa.end + timedelta(days=366)
    assert any("already hold the admission letter" in str(n) for n in plan.notes)


def test_an_admission_elsewhere_or_of_another_kind_does_not_count(kb: Any) -> None:
    for admission in ({"country": "SE"}, {"country": "NL", "kind": "language_course"}):
        res, _ = _run(kb, "nl.study", _anya(admissions=[admission]))
        assert res.verdict == "reachable", admission
        assert _node(res, "admission").state == "closable"


def test_a_language_course_visa_needs_the_enrolment_as_a_step_of_its_own(kb: Any) -> None:
    res, plan = _run(kb, "de.language_course", _anya())
    assert res.verdict == "reachable"
    step = next(s for s in plan.steps if s.kind == "admission")
    assert "Enrol in a language course in Germany" in str(step.title)
    assert not step.known  # how long enrolling takes is not in the data
    enrolled = _anya(admissions=[{"country": "DE", "kind": "language_course"}])
    res, plan = _run(kb, "de.language_course", enrolled)
    assert res.verdict == "eligible"
    assert not any(s.kind == "admission" for s in plan.steps)


def test_the_recognition_route_needs_a_measure_place_or_a_partnership(kb: Any) -> None:
    prof = Profile.model_validate(
        base_profile(
            education={"school_certificate": "RU", "highest_degree": "vocational"},
            admissions=[{"country": "DE", "kind": "qualification_measure"}],
        )
    )
    route = next(r for r in kb.routes if r.id == "de.recognition")
    with_place = evaluate_route(route, Context(prof, ON, "DE", kb.params, kb.fx))
    assert _node(with_place, "measure_place").state == "met"
    without = evaluate_route(
        route,
        Context(prof.model_copy(update={"admissions": []}), ON, "DE", kb.params, kb.fx),
    )
    assert _node(without, "measure_or_partnership").state == "closable"
    assert without.verdict != "eligible"


def test_the_engineer_sees_blue_cards_before_study_routes_that_used_to_say_eligible(
    kb: Any,
) -> None:
    """A civil engineer with a master's and 13 years of work: no study route is "eligible"
    without an admission, so none ranks above every Blue Card on that verdict alone."""
    from emigre.documents import run_plan
    from emigre.plan.rank import parse_weights

    prof = Profile.model_validate(
        {
            "person": {"citizenship": ["KZ"], "birth_date": date(1990, 11, 30), "residence": "KZ"},
            "education": {"school_certificate": "KZ", "highest_degree": "master"},
            "work": [{"occupation": "2142", "start": date(2013, 8, 1)}],
            "languages": {"kk": "native", "ru": "native", "en": "B2"},
            "money": {"currency": "KZT", "savings": 6_000_000, "monthly_savings": 300_000},
        }
    )
    results = assess(prof, ON, kb.routes, kb.params, kb.fx)
    study = [r for r in results if r.route.family == "study"]
    assert study and all(r.verdict != "eligible" for r in study)
    run = run_plan(prof, ON, kb, parse_weights(None))
    ranked = sorted(
        ((p.rank, p.result.route) for p in run.plans.values() if p.rank is not None),
        key=lambda x: x[0],
    )
    first_study = next(i for i, (_r, route) in enumerate(ranked) if route.family == "study")
    first_blue = next(i for i, (_r, route) in enumerate(ranked) if "blue_card" in route.id)
    assert first_blue < first_study


# --- bad input names the field -----------------------------------------------------------


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "p.toml"
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ('[[admissions]]\ncountry = "XX"\n', "admissions[1].country"),
        ('[[admissions]]\ncountry = "NL"\nkind = "college"\n', "admissions[1].kind"),
        ('[[admissions]]\nkind = "university"\n', "admissions[1].country"),
    ],
)
def test_a_bad_admission_names_the_field(cli, tmp_path, block, expected) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("plan", _write(tmp_path, DIMA + "\n" + block))
    assert code == 2 and expected in err
    assert "Traceback" not in err and out == ""


def test_a_bad_admission_row_is_reported_with_its_column() -> None:
    from emigre.errors import InputError
    from emigre.population.rows import row_to_profile
    from emigre.population.schema import layout_of

    layout = layout_of(["citizenship", "birth_date", "admission_country", "admission_kind"])
    row = {"citizenship": "RU", "birth_date": date(2000, 1, 1), "admission_kind": "university"}
    with pytest.raises(InputError, match="admission_kind: given, but admission_country"):
        row_to_profile(row, layout)


def test_population_mode_gives_the_same_admission_verdicts() -> None:
    from tests.test_population import _agree

    base = {
        "citizenship": "KZ",
        "birth_date": date(2000, 5, 1),
        "school_certificate": "KZ",
        "highest_degree": "bachelor",
        "university_years": 4.0,
        "lang_en": "C1",
        "money_currency": "EUR",
        "savings": 40_000.0,
    }
    rows = [
        base,
        {**base, "admission_country": "NL"},
        {**base, "admission_country": "NL", "admission_kind": "language_course"},
        {**base, "admission_country": "DE", "admission_kind": "language_course"},
        {**base, "admission_country": "DE", "admission_kind": "qualification_measure"},
    ]
    assert _agree(rows, ON) == len(rows)


def test_data_check_refuses_an_admission_letter_written_as_a_document(kb: Any) -> None:
    from emigre.knowledge.crosscheck import check_requirements
    from emigre.knowledge.route import DocumentSpec

    route = next(r for r in kb.routes if r.id == "lt.study")
    as_paper = [
        r.model_copy(
            update={
                "maps_to": "document",
                "condition": None,
                "document": DocumentSpec(kind="admission"),
            }
        )
        if r.condition == "admission"
        else r
        for r in route.requirements
    ]
    assert check_requirements(route, {}, "lt/study.yaml") == []
    errors = check_requirements(
        route.model_copy(update={"requirements": as_paper}), {}, "lt/study.yaml"
    )
    assert len(errors) == 1 and "add an `admission` condition" in errors[0]


def test_what_if_an_admission_on_the_command_line(cli) -> None:  # type: ignore[no-untyped-def]
    anya = str(EXAMPLES / "anya.toml")
    code, out, err = cli("explain", "nl.study", anya, "--on", "2026-12-06", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["verdict"] == "reachable"
    code, out, err = cli(
        "explain", "nl.study", anya, "--on", "2026-12-06", "--format", "json", "--admission", "nl"
    )
    assert code == 0, err
    assert json.loads(out)["verdict"] == "eligible"
    code, out, err = cli("explain", "nl.study", anya, "--admission", "NL:college")
    assert code == 2 and out == ""
    assert "--admission NL:college: kind: one of 'university'" in err
