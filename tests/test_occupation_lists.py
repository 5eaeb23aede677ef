"""Routes restricted to an occupation list do not look open to people outside it: the job's
occupation (the offer's, else the person's own work) is checked against the list, and a list
emigre holds only in part says "check the list", never "open" or "not listed"."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w

from emigre.knowledge.loader import knowledge_base
from emigre.profile import Profile
from emigre.rules.conditions import Context, Occupation
from tests.conftest import Cli, base_profile

ON = "2026-12-06"


def _person(tmp_path: Path, name: str, occupation: str, degree: str, **extra: Any) -> str:
    prof: dict[str, Any] = {
        "person": {"citizenship": ["RU"], "birth_date": date(1992, 3, 15), "residence": "RU"},
        "education": {"school_certificate": "RU", "highest_degree": degree},
        "work": [{"occupation": occupation, "start": date(2016, 9, 1)}],
        "languages": {"ru": "native", "en": "B2"},
        "money": {"currency": "EUR", "savings": 15000, "monthly_savings": 800},
        **extra,
    }
    path = tmp_path / f"{name}.toml"
    path.write_text(tomli_w.dumps(prof), encoding="utf-8")
    return str(path)


def _routes(cli: Cli, path: str) -> dict[str, dict[str, Any]]:
    code, out, err = cli("plan", path, "--on", ON, "--format", "json", "--all")
    assert code == 0, err
    return {r["id"]: r for r in json.loads(out)["routes"]}


def test_an_electrician_no_longer_sees_the_irish_critical_skills_permit_as_open(
    cli: Cli, tmp_path: Path
) -> None:
    """Electricians are not among the occupations on the Critical Skills list, and the permit's
    other tier (any occupation at the high salary) excludes the Ineligible List, which emigre
    does not hold: the route is "unknown" with what to check, not a job search to start."""
    electrician = _routes(cli, _person(tmp_path, "electrician", "7411", "vocational"))
    route = electrician["ie.critical_skills"]
    assert route["verdict"] == "unknown"
    assert route["rank"] is None or route["verdict"] not in ("eligible", "reachable")
    assert "Ineligible List" in json.dumps(route["conditions"])
    # A software developer with a degree still has the listed tier open to him.
    developer = _routes(cli, _person(tmp_path, "developer", "2512", "bachelor"))
    assert developer["ie.critical_skills"]["verdict"] == "reachable"
    reasons = [c["reason"] for c in developer["ie.critical_skills"]["conditions"]]
    assert any("is on the list of occupations" in r and "2512" in r for r in reasons)


def test_an_electrician_with_a_degree_is_sent_to_check_the_list_not_told_it_is_open(
    cli: Cli, tmp_path: Path
) -> None:
    routes = _routes(cli, _person(tmp_path, "engineer_electrician", "7411", "bachelor"))
    conds = {c["id"]: c for c in routes["ie.critical_skills"]["conditions"]}
    assert conds["listed_occupation"]["status"] == "unknown"
    assert "enterprise.gov.ie" in conds["listed_occupation"]["reason"]


def test_the_offers_occupation_decides_over_the_work_history(cli: Cli, tmp_path: Path) -> None:
    """An electrician who has an Irish offer as a software developer is judged by the offer."""
    offer = [{"country": "IE", "gross_annual_salary": 45000, "occupation": "2512"}]
    routes = _routes(cli, _person(tmp_path, "switcher", "7411", "bachelor", offers=offer))
    conds = {c["id"]: c for c in routes["ie.critical_skills"]["conditions"]}
    assert conds["listed_occupation"]["status"] == "met"
    assert conds["offer_listed_occupation"]["status"] == "met"


def test_germanys_reduced_blue_card_threshold_is_only_for_the_listed_occupations(
    cli: Cli, tmp_path: Path
) -> None:
    """With the same German offer of 47,000 EUR (between the reduced and the general threshold,
    no occupation named on it), a software developer meets the reduced threshold of a shortage
    occupation; a cook with a degree is not in one, so his offer is below the threshold."""
    offer = [{"country": "DE", "gross_annual_salary": 47000}]
    cook = _routes(cli, _person(tmp_path, "cook", "5120", "bachelor", offers=offer))
    dev = _routes(cli, _person(tmp_path, "dev", "2512", "bachelor", offers=offer))
    cook_conds = {c["id"]: c for c in cook["de.blue_card"]["conditions"]}
    dev_conds = {c["id"]: c for c in dev["de.blue_card"]["conditions"]}
    assert dev_conds["offer"]["status"] == "met"
    assert cook_conds["shortage_occupation"]["status"] == "unmet"
    assert cook_conds["offer"]["status"] != "met"
    assert "5120" in cook_conds["shortage_occupation"]["reason"]


def test_a_recent_graduate_gets_the_reduced_german_threshold_in_any_occupation(
    cli: Cli, tmp_path: Path
) -> None:
    """§18g(1) sentence 2 no. 2 AufenthG: a degree from the last three years opens the reduced
    threshold whatever the occupation, so the cook who graduated in 2025 qualifies at 47,000."""
    offer = [{"country": "DE", "gross_annual_salary": 47000}]
    edu = {"school_certificate": "RU", "highest_degree": "bachelor", "graduation_year": 2025}
    cook = _routes(
        cli, _person(tmp_path, "young_cook", "5120", "bachelor", offers=offer, education=edu)
    )
    conds = {c["id"]: c for c in cook["de.blue_card"]["conditions"]}
    assert conds["shortage_occupation"]["status"] == "unmet"
    assert conds["new_graduate"]["status"] == "met"
    assert conds["offer"]["status"] == "met"


def _judge(cond: Occupation, **over: Any) -> str:
    kb = knowledge_base()
    profile = Profile.model_validate(base_profile(**over))
    return cond.evaluate(Context(profile, date(2026, 12, 6), "IE", kb.params, kb.fx)).status


def test_occupation_condition_semantics() -> None:
    listed = Occupation.model_validate(
        {"id": "x", "type": "occupation", "in": "ie.critical_skills.occupations"}
    )
    partial = listed.model_copy(update={"exhaustive": False})
    excluded = Occupation.model_validate(
        {"id": "y", "type": "occupation", "not_in": "ie.critical_skills.occupations"}
    )
    cook = [{"occupation": "5120", "start": date(2019, 1, 1)}]
    two = [*cook, {"occupation": "2512", "start": date(2020, 1, 1)}]
    assert _judge(listed) == "met"  # the base profile is a software developer (2512)
    assert _judge(listed, work=cook) == "unmet"
    assert _judge(partial, work=cook) == "unknown"
    assert _judge(listed, work=two) == "met"  # one listed occupation is enough
    assert _judge(listed, work=[]) == "unknown"  # nothing names an occupation
    assert _judge(excluded, work=cook) == "met"
    assert _judge(excluded) == "unmet"
    assert _judge(excluded, work=two) == "met"  # a job is sought in the occupation not excluded
    # a job that has not started yet does not count
    later = [{"occupation": "2512", "start": date(2027, 1, 1)}]
    assert _judge(listed, work=later) == "unknown"


def test_an_it_route_is_not_open_to_a_nurse_but_stays_open_to_a_junior_developer(
    cli: Cli, tmp_path: Path
) -> None:
    """Three years of IT work is a step for someone already in IT (time in the job), not for a
    nurse who has never worked in it: the IT specialists' Blue Card is blocked for her and
    named as such, and reachable for a developer with one year."""
    nurse = _routes(cli, _person(tmp_path, "nurse", "2221", "bachelor"))
    route = nurse["de.blue_card.it_specialist"]
    assert route["verdict"] == "blocked"
    assert any("you have not worked in ISCO" in c["reason"] for c in route["conditions"])
    junior = _person(tmp_path, "junior", "2512", "none")
    text = Path(junior).read_text(encoding="utf-8").replace("2016-09-01", "2025-09-01")
    Path(junior).write_text(text, encoding="utf-8")
    assert _routes(cli, junior)["de.blue_card.it_specialist"]["verdict"] == "reachable"
