"""The licence to practise a regulated profession, as the person sees it: without one a work
permit in the profession is "reachable" (never "eligible") and the plan gets the licence first
(a step of its own, the job search after it); with one (`[[licences]]` or `--licence`) for that
country and occupation the condition is met. Other work is unaffected; the population face
agrees; bad input names the field."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from emigre.profile import Profile
from emigre.rules.evaluate import RouteResult
from tests.conftest import Cli, evaluate_and_plan, qualified_person

ON = date(2026, 12, 6)


def _physician(occupation: str = "2211", **over: Any) -> dict[str, Any]:
    """A Kazakh doctor (or another health professional) of 44 with a Kazakh master's, German
    B1 and an offer from a German hospital above the Blue Card threshold."""
    return qualified_person(
        "KZ",
        date(1982, 2, 14),
        "master",
        occupation,
        date(2008, 9, 1),
        education={"university_years": 6},
        languages={"kk": "native", "ru": "native", "de": "B1"},
        money={"currency": "EUR", "savings": 15_000, "monthly_savings": 500},
        offers=[
            {
                "country": "DE",
                "gross_annual_salary": 70_000,
                "currency": "EUR",
                "occupation": "2211",
            }
        ],
        **over,
    )


def _run(kb: Any, route_id: str, raw: dict[str, Any]) -> tuple[RouteResult, Any]:
    return evaluate_and_plan(kb, route_id, raw, ON)


def _node(res: RouteResult, cid: str) -> Any:
    return next(n for n in res.root.walk() if n.condition.id == cid)


def test_a_doctor_without_the_licence_can_reach_the_blue_card_by_getting_it(kb: Any) -> None:
    res, plan = _run(kb, "de.blue_card", _physician())
    assert res.verdict == "reachable"
    node = _node(res, "licence_to_practise")
    assert node.state == "closable"
    assert "ISCO 2211" in node.outcome.reason and "you have none yet" in node.outcome.reason
    step = next(s for s in plan.steps if s.kind == "licence")
    assert str(step.title) == "Get the licence to practise in Germany"
    assert step.sources  # where the procedure is described
    # never a free or instant licence: a known fee or "no data", a date or "not in the data"
    assert step.cost.kind != "known" or step.cost.low > 0
    assert step.known or "not in the data" in str(step.why)


def test_the_german_doctor_s_licence_is_dated_and_priced_from_sourced_figures(kb: Any) -> None:
    """German B2 first (the doctor has B1), then the Approbation procedure: the four months the
    authority has once the documents are complete, and its fee range; never instant, never
    free, and the note says what the months leave out."""
    from emigre.plan.steps import add_months

    _, plan = _run(kb, "de.blue_card", _physician())
    steps = {s.id: s for s in plan.steps}
    licence = next(s for s in plan.steps if s.kind == "licence")
    assert steps["learn_de"].to_level == "B2"
    assert "learn_de" in licence.depends_on and licence.start >= steps["learn_de"].end
    assert licence.known and licence.end == add_months(licence.start, 4)
    assert licence.cost.kind == "estimated" and (licence.cost.low, licence.cost.high) == (150, 700)
    note = str(licence.note)
    assert "Approbation" in note and "Fachsprachprüfung" in note and "not in the data" in note
    assert any("lds.sachsen.de" in s.url for s in licence.sources)
    assert any("bezreg-muenster.de" in s.url for s in licence.sources)  # the authority since 2020
    application = next(s for s in plan.steps if s.kind == "application")
    assert application.start >= licence.end


def test_a_doctor_who_already_speaks_german_goes_straight_to_the_procedure(kb: Any) -> None:
    raw = _physician()
    raw["languages"]["de"] = "C1"
    _, plan = _run(kb, "de.blue_card", raw)
    licence = next(s for s in plan.steps if s.kind == "licence")
    assert licence.start == ON and not any(s.kind == "language" for s in plan.steps)


@pytest.mark.parametrize("status", ["granted", "promised"])
def test_with_the_licence_held_or_promised_the_condition_is_met(kb: Any, status: str) -> None:
    lic = {"country": "DE", "occupation": "221", "status": status}
    res, plan = _run(kb, "de.blue_card", _physician(licences=[lic]))
    node = _node(res, "licence_to_practise")
    assert node.state == "met" and "Germany" in node.outcome.reason
    assert res.verdict == "eligible"
    assert not any(s.kind == "licence" for s in plan.steps)


def test_a_licence_elsewhere_or_for_another_profession_does_not_count(kb: Any) -> None:
    for lic in (
        {"country": "AT", "occupation": "2211", "status": "granted"},
        {"country": "DE", "occupation": "2221", "status": "granted"},  # a nurse's licence
    ):
        res, _ = _run(kb, "de.blue_card", _physician(licences=[lic]))
        assert _node(res, "licence_to_practise").state == "closable", lic
        assert res.verdict == "reachable", lic


def test_a_nurse_without_an_offer_searches_for_work_after_the_licence(kb: Any) -> None:
    """A Belarusian nurse (not an example profile) on a Hungarian permit: the licence comes
    first and the job search depends on it; nothing is planned as instant."""
    raw = qualified_person(
        "BY",
        date(1994, 6, 3),
        "bachelor",
        "2221",
        date(2016, 9, 1),
        languages={"ru": "native", "en": "B2"},
    )
    res, plan = _run(kb, "hu.guest_worker.national_card", raw)
    assert res.verdict == "reachable"
    licence = next(s for s in plan.steps if s.kind == "licence")
    search = next(s for s in plan.steps if s.kind == "job_search")
    assert licence.id in search.depends_on and search.start >= licence.end
    assert not licence.known and "not in the data" in str(licence.why)
    assert licence.cost.is_unknown
    assert plan.arrival_kind == "unknown"


def test_the_offered_job_decides_when_the_offer_names_its_occupation(kb: Any) -> None:
    """A doctor hired in Germany as a software developer needs no medical licence; a software
    developer hired as a nurse does need the nursing licence."""
    doctor = _physician()
    doctor["offers"][0]["occupation"] = "2512"
    res, _ = _run(kb, "de.blue_card", doctor)
    node = _node(res, "licence_to_practise")
    assert node.state == "met" and "offered job" in node.outcome.reason
    developer = _physician("2512")
    developer["offers"][0]["occupation"] = "2221"
    res, plan = _run(kb, "de.blue_card", developer)
    node = _node(res, "licence_to_practise")
    assert node.state == "closable"
    assert "offered job (ISCO 2221 Nursing Professionals)" in node.outcome.reason
    assert any(s.kind == "licence" for s in plan.steps)


def test_a_software_developer_is_unaffected(kb: Any) -> None:
    raw = _physician("2512")
    raw["offers"][0]["occupation"] = "2512"
    res, plan = _run(kb, "de.blue_card", raw)
    assert _node(res, "licence_to_practise").state == "met"
    assert res.verdict == "eligible"
    assert not any(s.kind == "licence" for s in plan.steps)


def _write(tmp_path: Path, raw: dict[str, Any]) -> str:
    path = tmp_path / "p.toml"
    path.write_text(tomli_w.dumps(raw), encoding="utf-8")
    return str(path)


def test_the_what_if_licence_flag_meets_the_condition(cli: Cli, tmp_path: Path) -> None:
    path = _write(tmp_path, _physician())
    code, out, err = cli(
        "explain", "de.blue_card", path, "--on", ON.isoformat(), "--format", "json"
    )
    assert code == 0, err
    assert json.loads(out)["verdict"] == "reachable"
    args = ("explain", "de.blue_card", path, "--on", ON.isoformat(), "--format", "json")
    code, out, err = cli(*args, "--licence", "DE:2211")
    assert code == 0, err
    assert json.loads(out)["verdict"] == "eligible"
    code, out, err = cli(*args, "--licence", "DE:2211:promised")
    assert code == 0 and json.loads(out)["verdict"] == "eligible", err


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ({"country": "XX", "occupation": "2211", "status": "granted"}, "licences[1].country"),
        ({"country": "DE", "occupation": "22a", "status": "granted"}, "licences[1].occupation"),
        ({"country": "DE", "occupation": "2211", "status": "applied"}, "licences[1].status"),
        ({"country": "DE", "status": "granted"}, "licences[1].occupation"),
        ({"country": "DE", "occupation": "2211"}, "licences[1].status"),
    ],
)
def test_a_bad_licence_names_the_field(
    cli: Cli, tmp_path: Path, block: dict[str, str], expected: str
) -> None:
    code, out, err = cli("plan", _write(tmp_path, _physician(licences=[block])))
    assert code == 2 and expected in err, err
    assert "Traceback" not in err and out == ""


@pytest.mark.parametrize("flag", ["DE", "DE:", "DE:2211:maybe", "XX:2211", "DE:22a"])
def test_a_bad_licence_flag_gets_one_line(cli: Cli, tmp_path: Path, flag: str) -> None:
    code, out, err = cli("plan", _write(tmp_path, _physician()), "--licence", flag)
    assert code == 2 and "licence" in err and "Traceback" not in err, err


def test_a_bad_licence_row_is_reported_with_its_column() -> None:
    from emigre.errors import InputError
    from emigre.population.rows import row_to_profile
    from emigre.population.schema import layout_of

    layout = layout_of(["citizenship", "birth_date", "licence_country", "licence_status"])
    row = {"citizenship": "RU", "birth_date": date(2000, 1, 1), "licence_country": "DE"}
    with pytest.raises(InputError, match="licence_occupation: required"):
        row_to_profile({**row, "licence_status": "granted"}, layout)


def test_population_mode_gives_the_same_licence_verdicts() -> None:
    from tests.test_population import _agree

    base = {
        "citizenship": "BY",
        "birth_date": date(1985, 10, 21),
        "school_certificate": "BY",
        "highest_degree": "master",
        "university_years": 6.0,
        "work_occupation": "2211",
        "work_start": date(2009, 9, 1),
        "lang_de": "C1",
        "lang_en": "C1",
        "money_currency": "EUR",
        "savings": 40_000.0,
        "offer_country": "DE",
        "offer_salary": 65_000.0,
    }
    granted = {"licence_status": "granted"}
    rows = [
        base,
        {**base, "licence_country": "DE", "licence_occupation": "2211", **granted},
        {**base, "licence_country": "DE", "licence_occupation": "22", "licence_status": "promised"},
        {**base, "licence_country": "AT", "licence_occupation": "2211", **granted},
        {**base, "licence_country": "DE", "licence_occupation": "2221", **granted},
        {**base, "work_occupation": "2512", "licence_country": "DE", "licence_occupation": "2211"}
        | granted,
        {**base, "work_occupation": "3221", "licence_country": "HU", "licence_occupation": "3"}
        | granted,
        # the offered job governs when the offer names its occupation
        {**base, "offer_occupation": "2512"},
        {**base, "work_occupation": "2512", "offer_occupation": "2221"},
        {**base, "work_occupation": "2512", "offer_occupation": "2221", "licence_country": "DE"}
        | {"licence_occupation": "222", **granted},
        {**base, "offer_occupation": "2211", "offer_kind": "training"},
        {**base, "offer_country": "AT", "offer_occupation": "2512"},
    ]
    assert _agree(rows, ON) == len(rows)


def test_a_doctor_with_a_german_offer_sees_the_blue_card_before_any_study_route(kb: Any) -> None:
    """The Blue Card was "unknown" for every doctor (the licence could not be answered) and
    dropped out of the ranking, leaving study routes on top; with the licence a step of the
    plan, it ranks before every study route."""
    from emigre.documents import run_plan
    from emigre.plan.rank import parse_weights

    run = run_plan(Profile.model_validate(_physician()), ON, kb, parse_weights(None))
    ranked = sorted(
        ((p.rank, p.result.route) for p in run.plans.values() if p.rank is not None),
        key=lambda x: x[0],
    )
    blue = next(i for i, (_r, route) in enumerate(ranked) if route.id == "de.blue_card")
    first_study = next(i for i, (_r, route) in enumerate(ranked) if route.family == "study")
    assert blue < first_study


def test_a_nurse_learns_the_german_the_licence_asks_for_and_its_length_stays_unknown(
    kb: Any,
) -> None:
    """A nurse with a bachelor's and German A2 (not an example profile): German B2 first (the
    nursing licence asks for it), then the licence, whose length no page read states: unknown,
    never zero, and no other procedure's months stand in for it."""
    raw = _physician("2221")
    raw["languages"]["de"] = "A2"
    raw["offers"][0]["occupation"] = "2221"
    res, plan = _run(kb, "de.blue_card", raw)
    assert res.verdict == "reachable"
    licence = next(s for s in plan.steps if s.kind == "licence")
    learn = next(s for s in plan.steps if s.id == "learn_de")
    assert learn.to_level == "B2" and licence.start >= learn.end
    assert not licence.known and licence.unbounded and licence.cost.is_unknown
    assert "Landesamt für Pflege" in str(licence.note) and "not in the data" in str(licence.why)


def _undated_licence(plan: Any, authority: str) -> Any:
    """The plan's licence step, which names `authority` and whose length and fee the data does
    not give: unknown, never zero, never borrowed from another country."""
    licence = next(s for s in plan.steps if s.kind == "licence")
    assert not licence.known and licence.unbounded and licence.cost.is_unknown
    # the step says why its length is unknown; its note, who decides
    assert authority in str(licence.note) and "not in the data" in str(licence.why)
    return licence


def _nurse_with_an_offer(country: str, salary: float, currency: str, **lang: str) -> dict[str, Any]:
    """A Russian nurse of 36 with a Russian bachelor's and English B2 (not an example profile),
    offered a nursing job in `country`."""
    return qualified_person(
        "RU",
        date(1990, 3, 8),
        "bachelor",
        "2221",
        date(2013, 9, 1),
        languages={"ru": "native", "en": "B2", **lang},
        money={"currency": "EUR", "savings": 15_000, "monthly_savings": 500},
        offers=[
            {
                "country": country,
                "gross_annual_salary": salary,
                "currency": currency,
                "occupation": "2221",
            }
        ],
    )


@pytest.mark.parametrize("occupation", ["2221", "2211"])
def test_a_nurse_or_doctor_in_norway_learns_norwegian_then_waits_the_directorate_s_months(
    kb: Any, occupation: str
) -> None:
    """Norway's authorisation from outside the EU/EEA: Norwegian B2 first, then the Directorate
    of Health's 11 months of processing and its fee (NOK 3,500, converted), with its pages as
    sources; the additional courses and the proficiency test are named as what comes on top."""
    from emigre.plan.steps import add_months

    raw = _nurse_with_an_offer("NO", 560_000, "NOK")
    raw["work"][0]["occupation"] = raw["offers"][0]["occupation"] = occupation
    res, plan = _run(kb, "no.skilled_worker", raw)
    assert res.verdict == "reachable"
    steps = {s.id: s for s in plan.steps}
    licence = next(s for s in plan.steps if s.kind == "licence")
    assert steps["learn_no"].to_level == "B2" and licence.start >= steps["learn_no"].end
    assert licence.known and licence.end == add_months(licence.start, 11)
    assert licence.cost.kind == "known" and 200 < licence.cost.value < 500  # NOK 3,500 in EUR
    note = str(licence.note)
    assert "Helsedirektoratet" in note and "fagprøve" in note and "not in the data" in note
    assert "not a deadline set in law" in note
    assert any("helsedirektoratet.no" in s.url and s.checked for s in licence.sources)
    application = next(s for s in plan.steps if s.kind == "application")
    assert application.start >= licence.end


def test_in_ireland_the_nurse_s_step_names_the_nmbi_and_its_length_stays_unknown(kb: Any) -> None:
    """Ireland's nursing board is in the data (group 3 assessment, compensation measures) but no
    page read gives a deadline or a fee: the step names the NMBI with its pages, and its length
    and fee stay unknown -- never zero, never borrowed from another country."""
    res, plan = _run(kb, "ie.critical_skills", _nurse_with_an_offer("IE", 45_000, "EUR"))
    assert res.verdict == "reachable"
    licence = _undated_licence(plan, "Nursing and Midwifery Board of Ireland")
    assert any("nmbi.ie" in s.url and s.checked for s in licence.sources)


def test_ireland_s_doctor_procedure_carries_the_medical_council_s_fees(kb: Any) -> None:
    """The Medical Council's fees (EUR 410 to apply, up to EUR 1,502 with both PRES levels) are
    the doctor's licence figures in Ireland; how long it takes is not in the data. (Ireland's
    permit routes do not yet list doctors, so no plan shows this step today.)"""
    from emigre.plan.licence import procedure

    proc = procedure("IE", "2212", kb.params, ON)
    assert proc.group == "physician" and proc.months is None
    assert proc.fee is not None and proc.fee.entry is not None
    assert (proc.fee.value, proc.fee.entry.low, proc.fee.entry.high) == (410, 410, 1502)
    assert isinstance(proc.about, dict) and "PRES" in proc.about["en"]
    assert any("medicalcouncil.ie/Registration/Fees" in s.url for s in proc.sources)


@pytest.mark.parametrize("occupation", ["2221", "2211"])
def test_in_finland_the_step_names_valvira_and_its_length_stays_unknown(
    kb: Any, occupation: str
) -> None:
    """Valvira's four-month deadline is for EU/EEA-trained applicants only and its fee figures
    read are out of date: the step says what Valvira's procedure involves, with its pages, and
    stays unknown and unbounded."""
    raw = _nurse_with_an_offer("FI", 60_000, "EUR")
    raw["work"][0]["occupation"] = raw["offers"][0]["occupation"] = occupation
    res, plan = _run(kb, "fi.specialist", raw)
    assert res.verdict == "reachable"
    licence = _undated_licence(plan, "Valvira")
    assert any("valvira.fi" in s.url and s.official for s in licence.sources)


def test_czechia_s_procedures_name_the_approbation_exam_and_the_nurse_s_fee(kb: Any) -> None:
    """Czechia: the Ministry of Health's approbation exam for doctors and nurses; the nurse's
    application fee (CZK 500) is in the data, no current deadline is."""
    from emigre.plan.licence import procedure

    doctor = procedure("CZ", "2211", kb.params, ON)
    nurse = procedure("CZ", "2221", kb.params, ON)
    assert (doctor.group, nurse.group) == ("physician", "nurse")
    assert doctor.months is None and doctor.fee is None and nurse.months is None
    assert nurse.fee is not None and (nurse.fee.value, nurse.fee.unit) == (500, "CZK")
    for proc in (doctor, nurse):
        assert isinstance(proc.about, dict) and "approbation exam" in proc.about["en"]
        assert any("mzd.gov.cz" in s.url and s.official for s in proc.sources)


@pytest.mark.parametrize(
    ("route_id", "salary", "currency", "authority", "host"),
    [
        ("se.work_permit", 400_000, "SEK", "Socialstyrelsen", "socialstyrelsen.se"),
        ("dk.pay_limit", 600_000, "DKK", "Styrelsen for Patientsikkerhed", "stps.dk"),
        ("nl.highly_skilled_migrant", 70_000, "EUR", "BIG register", "bigregister.nl"),
    ],
)
@pytest.mark.parametrize("occupation", ["2221", "2211"])
def test_where_only_the_authority_is_sourced_the_step_names_it_and_stays_unknown(
    kb: Any,
    occupation: str,
    route_id: str,
    salary: float,
    currency: str,
    authority: str,
    host: str,
) -> None:
    """Sweden, Denmark and the Netherlands state who decides and what the procedure involves,
    but no decision deadline or fee in force for a qualification from outside the EU/EEA: the
    step names the authority with its pages, and its length and fee stay unknown."""
    country = route_id.split(".")[0].upper()
    raw = _nurse_with_an_offer(country, salary, currency)
    raw["person"]["citizenship"] = ["KZ"]
    raw["work"][0]["occupation"] = raw["offers"][0]["occupation"] = occupation
    res, plan = _run(kb, route_id, raw)
    assert res.verdict == "reachable"
    licence = _undated_licence(plan, authority)
    assert any(host in s.url and s.official and s.checked for s in licence.sources)


def test_austria_s_doctor_and_poland_s_nurse_procedures_and_what_stays_unknown(kb: Any) -> None:
    """Austria: the nostrification (EUR 150) and the Ärzteliste, German C1 from a secondary
    source; Poland: the district council's limited right and six-month adaptation internship.
    Neither states a deadline; Austria's nurses and Poland's doctors have no procedure in the
    data, so their step keeps the generic unknown."""
    from emigre.plan.licence import procedure

    doctor = procedure("AT", "2211", kb.params, ON)
    assert doctor.group == "physician" and doctor.months is None
    assert doctor.fee is not None and doctor.fee.value == 150
    assert doctor.languages == {"de": "C1"}
    assert isinstance(doctor.about, dict) and "Ärzteliste" in doctor.about["en"]
    nurse = procedure("PL", "3221", kb.params, ON)
    assert nurse.group == "nurse" and nurse.months is None and nurse.fee is None
    assert isinstance(nurse.about, dict) and "adaptation internship" in nurse.about["en"]
    assert any("nipip.pl" in s.url and s.official for s in nurse.sources)
    assert procedure("AT", "2221", kb.params, ON).group is None
    assert procedure("PL", "2211", kb.params, ON).group is None
