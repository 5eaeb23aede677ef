"""Golden verdicts for the degree conditions of uk.high_potential (Global Universities List,
5-year award window) and nl.orientation_year (Dutch degree, or a foreign master's from a
top-200 university, 3-year window): a bare degree is never enough."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from emigre.profile import Profile
from emigre.rules.conditions import Context
from emigre.rules.evaluate import RouteResult, evaluate_route
from tests.conftest import base_profile

ON = date(2026, 12, 5)


def _graduate(level: str = "bachelor", **education: Any) -> dict[str, Any]:
    return base_profile(
        education={"highest_degree": level, **education},
        languages={"ru": "native", "en": "C1"},
        money={"currency": "GBP", "savings": 5000, "monthly_savings": 800},
    )


def _result(kb: Any, route_id: str, profile: dict[str, Any], on: date = ON) -> RouteResult:
    route = next(r for r in kb.routes if r.id == route_id)
    return evaluate_route(
        route, Context(Profile.model_validate(profile), on, route.country, kb.params, kb.fx)
    )


def _node(result: RouteResult, cid: str) -> Any:
    return next(n for n in result.root.walk() if n.condition.id == cid)


def _hpi(kb: Any, on: date = ON, **education: Any) -> tuple[RouteResult, Any]:
    res = _result(kb, "uk.high_potential", _graduate(**education), on)
    return res, _node(res, "listed_university_degree")


def test_a_listed_university_within_five_years_meets_the_degree_requirement(kb: Any) -> None:
    # Caltech is on the 2021 list (awards Nov 2021 - Oct 2022) and the 2022 list (from Nov 2022).
    res, deg = _hpi(kb, institution="Caltech", degree_country="US", graduation_year=2022)
    assert deg.state == "met", deg.outcome.reason
    assert "2022" in deg.outcome.reason
    # ... and still the route is not "eligible": an earlier HPI/Graduate permission cannot be seen.
    assert res.verdict == "unknown"
    assert _node(res, "first_permission").state == "unknown"


def test_names_match_whatever_the_case_accents_and_leading_the(kb: Any) -> None:
    _res, deg = _hpi(
        kb,
        institution="the chinese university of HONG KONG",
        degree_country="HK",
        graduation_year=2022,
    )
    assert deg.state == "met", deg.outcome.reason
    # A 2021 list name, accents and all, for a degree of early 2022 (checked in mid-2022).
    _res, deg = _hpi(
        kb, on=date(2022, 6, 1), institution="ETH Zürich", degree_country="CH", graduation_year=2021
    )
    assert deg.state == "unknown"  # Jan-Oct 2021 falls under the 2020 list, which emigre lacks
    _res, deg = _hpi(
        kb,
        on=date(2023, 6, 1),
        institution="Ecole Polytechnique Fédérale de Lausanne",
        degree_country="CH",
        graduation_year=2022,
    )
    assert deg.state == "unknown"  # on the 2021 list; the 2022 list from November is not known


def test_a_bare_bachelors_degree_is_never_enough(kb: Any) -> None:
    res, deg = _hpi(kb)
    assert deg.state == "unknown"
    assert deg.outcome.missing == ["education.graduation_year"]
    res, deg = _hpi(kb, graduation_year=2024)
    assert deg.outcome.missing == ["education.degree_country"]
    res, deg = _hpi(kb, graduation_year=2024, degree_country="RU")
    assert deg.state == "unknown"
    assert deg.outcome.missing == ["education.institution"]
    assert res.verdict == "unknown"


def test_a_university_emigre_does_not_know_on_the_list_is_unknown_not_refused(kb: Any) -> None:
    res, deg = _hpi(
        kb,
        institution="Lomonosov Moscow State University",
        degree_country="RU",
        graduation_year=2023,
    )
    assert deg.state == "unknown"
    assert "gov.uk" in deg.outcome.reason  # where to check
    assert res.verdict == "unknown"


def test_a_degree_older_than_five_years_is_blocked(kb: Any) -> None:
    res, deg = _hpi(kb, institution="Caltech", degree_country="US", graduation_year=2020)
    assert deg.state == "blocked"
    assert "5 years" in deg.outcome.reason
    assert res.verdict == "blocked"


def test_the_boundary_year_depends_on_the_day_of_the_award(kb: Any) -> None:
    # On 5 Dec 2026 the window starts on 5 Dec 2021: a 2021 degree may be just in or just out.
    _res, deg = _hpi(kb, institution="Caltech", degree_country="US", graduation_year=2021)
    assert deg.state == "unknown"
    assert "day of the award" in deg.outcome.reason


def test_a_list_change_within_the_year_of_the_award_is_unknown(kb: Any) -> None:
    # Zhejiang is known only on the 2022 list: awards from 1 Nov 2022, so a 2022 degree may be
    # from before (not known listed) or after (listed).
    _res, deg = _hpi(
        kb, institution="Zhejiang University", degree_country="CN", graduation_year=2022
    )
    assert deg.state == "unknown"
    assert "month" in deg.outcome.reason
    _res, deg = _hpi(
        kb, institution="Zhejiang University", degree_country="CN", graduation_year=2023
    )
    assert deg.state == "unknown"  # the 2023 list from November is not known to name it


def test_the_same_name_in_another_country_is_not_the_listed_university(kb: Any) -> None:
    _res, deg = _hpi(kb, institution="Duke University", degree_country="RU", graduation_year=2022)
    assert deg.state == "unknown"


def test_a_uk_degree_or_no_degree_does_not_count(kb: Any) -> None:
    _res, deg = _hpi(kb, institution="Caltech", degree_country="GB", graduation_year=2023)
    assert deg.state == "blocked"
    res = _result(kb, "uk.high_potential", base_profile())
    assert _node(res, "listed_university_degree").state == "blocked"
    assert res.verdict == "blocked"


def _orientation(kb: Any, level: str, **education: Any) -> tuple[RouteResult, Any]:
    res = _result(kb, "nl.orientation_year", _graduate(level, **education))
    return res, _node(res, "recent_degree")


def test_orientation_year_a_recent_dutch_degree_meets_the_degree_requirement(kb: Any) -> None:
    res, deg = _orientation(kb, "bachelor", degree_country="NL", graduation_year=2025)
    assert deg.state == "met"
    assert res.verdict == "unknown"  # whether the degree was used for an orientation year before


@pytest.mark.parametrize("level", ["master", "doctorate"])
def test_orientation_year_a_foreign_masters_needs_the_top_200_check(kb: Any, level: str) -> None:
    res, deg = _orientation(kb, level, degree_country="RU", graduation_year=2025)
    assert deg.state == "unknown"
    top = _node(res, "foreign_master_top_200")
    assert top.outcome.missing == ["education.institution"]  # the ranking is checked by name
    assert res.verdict == "unknown"


def test_orientation_year_a_foreign_bachelors_or_an_old_degree_is_blocked(kb: Any) -> None:
    res, _deg = _orientation(kb, "bachelor", degree_country="RU", graduation_year=2025)
    assert res.verdict == "blocked"
    res, _deg = _orientation(kb, "master", degree_country="RU", graduation_year=2022)
    assert res.verdict == "blocked"  # more than 3 years before December 2026
    res, deg = _orientation(kb, "master", degree_country="NL", graduation_year=2021)
    assert res.verdict == "blocked"


def test_orientation_year_without_the_degree_country_asks_for_it(kb: Any) -> None:
    res, _deg = _orientation(kb, "bachelor", graduation_year=2025)
    assert res.verdict == "unknown"
    assert "education.degree_country" in res.missing()


def test_orientation_year_a_masters_from_a_top_200_university_meets_the_ranking_rule(
    kb: Any,
) -> None:
    # Moscow State University is in the ARWU top 200 of 2024 and 2025 (101-150 in both), so a
    # 2025 master's from it counts whatever the day of the award.
    res, deg = _orientation(
        kb,
        "master",
        institution="Lomonosov Moscow State University",
        degree_country="RU",
        graduation_year=2025,
    )
    top = _node(res, "foreign_master_top_200")
    assert top.state == "met", top.outcome.reason
    assert "2025" in top.outcome.reason
    assert deg.state == "met"
    # Still not "eligible": the IND asks that the degree was not used for an orientation year.
    assert res.verdict == "unknown"
    assert _node(res, "degree_not_used_before").state == "unknown"


def test_orientation_year_a_university_outside_the_known_top_200_is_unknown_not_refused(
    kb: Any,
) -> None:
    # Not in the ARWU top 200; QS, THE or a subject ranking may still list it.
    res, deg = _orientation(
        kb,
        "master",
        institution="Saint Petersburg State University",
        degree_country="RU",
        graduation_year=2025,
    )
    top = _node(res, "foreign_master_top_200")
    assert top.state == "unknown"
    assert "ind.nl" in top.outcome.reason  # where to check
    assert res.verdict == "unknown"


def test_orientation_year_the_ranking_is_that_of_the_year_of_the_degree(kb: Any) -> None:
    # emigre holds the top 200 for 2025 awards only: a 2024 degree from the same university is
    # "check the ranking", and so is a university new to the top 200 in the 2025 edition (its
    # award may predate that edition).
    for institution, country, year in [
        ("Moscow State University", "RU", 2024),
        ("University of Padua", "IT", 2025),
    ]:
        res, _deg = _orientation(
            kb, "master", institution=institution, degree_country=country, graduation_year=year
        )
        assert _node(res, "foreign_master_top_200").state == "unknown", (institution, year)
    # The same name in another country is not the ranked university.
    res, _deg = _orientation(
        kb, "master", institution="ETH Zürich", degree_country="DE", graduation_year=2025
    )
    assert _node(res, "foreign_master_top_200").state == "unknown"
    res, _deg = _orientation(
        kb, "master", institution="ETH Zürich", degree_country="CH", graduation_year=2025
    )
    assert _node(res, "foreign_master_top_200").state == "met"
