"""Random valid profiles never crash the evaluator and never get a guessed `eligible`."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emigre.dates import add_years
from emigre.profile import Profile
from emigre.profile_values import MIN_WORK_AGE
from emigre.report.json.document import plan_document
from emigre.rules.conditions import All
from emigre.rules.evaluate import NodeResult, assess

CITIZENSHIPS = ["RU", "BY", "KZ", "IR", "UA", "DE", "US", "IL", "GE", "AM", "RS", "IN"]
OCCUPATIONS = ["2512", "2521", "1330", "133", "25", "5120", "2619", "7233"]
LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2", "native"]
LANGS = ["ru", "en", "de", "cs", "sk", "pl", "nl", "fi", "it", "et", "kk", "sr"]
CURRENCIES = ["RUB", "EUR", "KZT", "USD", "BYN", "CZK", "PLN", "IRR"]
dates = st.dates(date(1990, 1, 1), date(2028, 12, 31))


@st.composite
def jobs(draw: st.DrawFn, born: date) -> dict[str, Any]:
    start = max(draw(dates), add_years(born, MIN_WORK_AGE))
    job: dict[str, Any] = {"occupation": draw(st.sampled_from(OCCUPATIONS)), "start": start}
    if draw(st.booleans()):
        job["end"] = draw(st.dates(start, max(start, date(2030, 1, 1))))
    job["remote"] = draw(st.booleans())
    if draw(st.booleans()):
        job["employer_country"] = draw(st.sampled_from(CITIZENSHIPS))
    if draw(st.booleans()):
        job["gross_monthly_salary"] = draw(st.floats(0, 1e7, allow_nan=False))
        job["currency"] = draw(st.sampled_from(CURRENCIES))
    return job


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    person: dict[str, Any] = {
        "citizenship": draw(
            st.lists(st.sampled_from(CITIZENSHIPS), min_size=1, max_size=2, unique=True)
        ),
        "birth_date": draw(st.dates(date(1950, 1, 1), date(2012, 12, 31))),
    }
    for key, values in (
        ("residence", CITIZENSHIPS),
        ("political_record", ["none", "administrative", "criminal"]),
    ):
        if draw(st.booleans()):
            person[key] = draw(st.sampled_from(values))
    education: dict[str, Any] = {"university_years": draw(st.integers(0, 6))}
    if draw(st.booleans()):
        education["school_certificate"] = draw(st.sampled_from(CITIZENSHIPS))
    if draw(st.booleans()):
        education["highest_degree"] = draw(
            st.sampled_from(["none", "vocational", "bachelor", "master", "doctorate"])
        )
    prof: dict[str, Any] = {
        "person": person,
        "education": education,
        "work": draw(st.lists(jobs(person["birth_date"]), max_size=3)),
        "languages": draw(
            st.dictionaries(st.sampled_from(LANGS), st.sampled_from(LEVELS), max_size=4)
        ),
        "offers": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "country": st.sampled_from(["DE", "NL", "CZ", "PL", "FI", "RS", "AT"]),
                        "gross_annual_salary": st.floats(0, 300000, allow_nan=False),
                        "currency": st.sampled_from(["EUR", "PLN", "CZK", "RUB"]),
                    }
                ),
                max_size=2,
            )
        ),
    }
    if draw(st.booleans()):
        prof["money"] = {
            "currency": draw(st.sampled_from(CURRENCIES)),
            "savings": draw(st.floats(0, 1e8, allow_nan=False)),
            "monthly_savings": draw(st.floats(0, 1e6, allow_nan=False)),
        }
    return prof


def mandatory_leaves(node: NodeResult) -> list[NodeResult]:
    """Leaves that must hold for the route to hold: reached from the root through `all` only."""
    if not node.children:
        return [node]
    if isinstance(node.condition, All):
        return [leaf for child in node.children for leaf in mandatory_leaves(child)]
    return [node]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(), dates)
def test_random_profiles_never_crash_nor_guess(kb, raw: dict[str, Any], on: date) -> None:  # type: ignore[no-untyped-def]
    profile = Profile.model_validate(raw)
    results = assess(profile, on, kb.routes, kb.params, kb.fx, respect_preferences=False)
    assert len(results) == len(kb.routes)
    for res in results:
        mandatory = mandatory_leaves(res.root)
        if res.verdict == "eligible":
            assert all(n.state == "met" for n in mandatory), res.route.id
            assert not any(n.status == "unknown" for n in mandatory), res.route.id
        if any(n.state == "unknown" for n in mandatory):
            assert res.verdict in ("unknown", "blocked"), res.route.id
        if res.verdict == "blocked":
            assert res.blockers(), res.route.id
        if res.verdict == "reachable":
            assert res.gaps() and all(g.outcome.step for g in res.gaps()), res.route.id
    json.dumps(plan_document(results))
