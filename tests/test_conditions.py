"""Each condition type, on hand-made parameters: the three-valued answer and closability."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import TypeAdapter

from emigre.knowledge.model import Parameter
from emigre.knowledge.parameters import ParameterStore
from emigre.money import FxTable, Rate
from emigre.profile import Profile
from emigre.rules.conditions import Condition, Context
from emigre.rules.evaluate import evaluate_node
from tests.conftest import base_profile

SRC = [{"url": "https://example.org/law", "checked": date(2026, 11, 25)}]


def _param(unit: str, *values: tuple[date, Any], until: date | None = None) -> dict[str, Any]:
    vals = [{"from": d, "value": v, "legal_basis": "test", "sources": SRC} for d, v in values]
    if until:
        vals[-1]["until"] = until
    return {"description": "test", "unit": unit, "values": vals}


PARAMS = TypeAdapter(dict[str, Parameter]).validate_python(
    {
        "xx.ban": _param("countries", (date(2000, 1, 1), []), (date(2022, 2, 24), ["RU", "BY"])),
        "xx.salary": _param("EUR/year", (date(2026, 1, 1), 45934.20)),
        "xx.salary_young": _param("EUR/month", (date(2026, 1, 1), 4357)),
        "xx.salary_old": _param("EUR/month", (date(2026, 1, 1), 5942)),
        "xx.funds": _param("EUR/month", (date(2025, 1, 1), 992)),
        "xx.pln_funds": _param("PLN", (date(2025, 1, 1), 4300)),
        "xx.nomad": _param("EUR/month", (date(2026, 1, 1), 2849)),
        "xx.open": _param("bool", (date(2022, 5, 30), True), (date(2025, 7, 31), False)),
        "xx.access": {
            "description": "test",
            "unit": "access_rules",
            "values": [
                {
                    "from": date(2020, 1, 1),
                    "legal_basis": "test",
                    "sources": SRC,
                    "value": [
                        {"certificates": ["RU"], "min_university_years": 1, "outcome": "direct"},
                        {"certificates": ["RU"], "outcome": "preparatory_year"},
                        {"certificates": ["KZ"], "outcome": "recognition"},
                    ],
                }
            ],
        },
    }
)
FX = FxTable(
    [Rate(date(2026, 7, 1), "RUB", 89.2743, "cbr"), Rate(date(2026, 1, 2), "PLN", 4.2, "ecb")]
)
CONDITION = TypeAdapter(Condition)


def check(cond: dict[str, Any], on: date = date(2026, 11, 25), **profile: Any) -> tuple[str, str]:
    node = CONDITION.validate_python({"id": "c", **cond})
    ctx = Context(
        Profile.model_validate(base_profile(**profile)), on, "XX", ParameterStore(PARAMS), FX
    )
    res = evaluate_node(node, ctx)
    return res.state, res.outcome.reason


def test_ban_catches_dual_nationals_and_respects_its_start_date() -> None:
    ban = {"type": "citizenship", "not_in": "xx.ban"}
    assert check(ban, person={"citizenship": ["KZ"]})[0] == "met"
    assert check(ban, person={"citizenship": ["IL", "RU"]})[0] == "blocked"
    assert check(ban, on=date(2021, 6, 1))[0] == "met"


def test_experience_counts_only_the_window_and_matching_occupations() -> None:
    exp = {"type": "experience", "occupations": ["25"], "years": 3, "within_years": 7}
    assert check(exp)[0] == "met"
    short = [{"occupation": "2512", "start": date(2025, 1, 1)}]
    state, reason = check(exp, work=short)
    assert state == "closable" and "1.9 years" in reason
    old = [{"occupation": "2512", "start": date(2015, 6, 1), "end": date(2018, 1, 1)}]
    assert check(exp, work=old)[0] == "closable"
    other = [{"occupation": "5120", "start": date(2015, 6, 1)}]
    # never worked in ISCO 25: years of a new career are no step the plan can take
    assert check(exp, work=other)[0] == "blocked"
    assert check(exp, work=[])[0] == "blocked"
    every = {**exp, "occupations": list("0123456789")}
    assert check(every, work=[])[0] == "closable"  # any work counts: time in a job closes it
    overlapping = [
        {"occupation": "2512", "start": date(2023, 1, 1)},
        {"occupation": "2511", "start": date(2023, 6, 1), "end": date(2024, 6, 1)},
    ]
    assert "3.9 years" in check(exp, work=overlapping)[1]  # the overlap counts once


def test_job_offer_threshold_and_currency() -> None:
    offer = {"type": "job_offer", "min_salary": "xx.salary"}
    assert check(offer)[0] == "closable"
    assert check(offer, offers=[{"country": "DE", "gross_annual_salary": 60000}])[0] == "closable"
    ok = [{"country": "XK", "gross_annual_salary": 46000}]
    node = CONDITION.validate_python({"id": "c", **offer})
    ctx = Context(
        Profile.model_validate(base_profile(offers=ok)),
        date(2026, 11, 25),
        "XK",
        ParameterStore(PARAMS),
        FX,
    )
    assert evaluate_node(node, ctx).state == "met"
    low = [{"country": "XK", "gross_annual_salary": 45000}]
    ctx = Context(
        Profile.model_validate(base_profile(offers=low)),
        date(2026, 11, 25),
        "XK",
        ParameterStore(PARAMS),
        FX,
    )
    res = evaluate_node(node, ctx)
    assert res.state == "closable" and "below the threshold of 45,934 EUR" in res.outcome.reason


def test_salary_threshold_by_age() -> None:
    cond = {
        "type": "job_offer",
        "by_age": [
            {"below_age": 30, "min_salary": "xx.salary_young"},
            {"min_salary": "xx.salary_old"},
        ],
    }
    young = check(cond)[1]
    assert "52,284 EUR" in young  # 4357 x 12
    assert "71,304 EUR" in check(cond, person={"birth_date": date(1980, 1, 1)})[1]


def test_funds_convert_savings_at_the_date() -> None:
    blocked = {"type": "funds", "min_amount": "xx.funds", "months": 12}
    rub = {"currency": "RUB", "savings": 600000, "monthly_savings": 80000}
    state, reason = check(blocked, money=rub)
    assert state == "closable" and "11,904 EUR must be shown" in reason and "6,721 EUR" in reason
    assert check(blocked, money={"currency": "RUB", "savings": 1_100_000})[0] == "met"
    assert check(blocked, money={"currency": "KZT", "savings": 1})[0] == "unknown"
    assert (
        check(
            {"type": "funds", "min_amount": "xx.pln_funds"},
            money={"currency": "EUR", "savings": 1100},
        )[0]
        == "met"
    )


def test_remote_income_needs_salary_and_foreign_employer() -> None:
    nomad = {"type": "remote_income", "min_monthly": "xx.nomad"}
    job = {
        "occupation": "2512",
        "start": date(2019, 9, 1),
        "remote": True,
        "employer_country": "RU",
    }
    assert check(nomad, work=[job])[0] == "unknown"
    rich = {**job, "gross_monthly_salary": 280000, "currency": "RUB"}
    state, reason = check(nomad, work=[rich])
    assert state == "met" and "3,136 EUR" in reason
    poor = {**job, "gross_monthly_salary": 150000, "currency": "RUB"}
    assert check(nomad, work=[poor])[0] == "closable"
    assert check(nomad)[0] == "closable"


def test_school_access_rules() -> None:
    access = {"type": "school_access", "rules": "xx.access"}
    assert check(access)[0] == "met"
    assert check(access, education={"university_years": 0})[0] == "closable"
    assert check(access, education={"school_certificate": "KZ"})[0] == "closable"
    assert check(access, education={"school_certificate": "IR"})[0] == "unknown"
    assert check(access, education={"school_certificate": None})[0] == "unknown"


def test_language_levels_and_native() -> None:
    cz = {"type": "language", "language": "cs", "level": "B2"}
    assert check(cz)[0] == "closable"
    assert check(cz, languages={"cs": "native"})[0] == "met"
    assert check({"type": "language", "language": "en", "level": "C1"})[0] == "met"


def test_programme_status_by_date() -> None:
    prog = {"type": "in_force", "param": "xx.open"}
    assert check(prog, on=date(2024, 1, 1))[0] == "met"
    assert check(prog)[0] == "blocked"
    assert check(prog, on=date(2020, 1, 1))[0] == "unknown"


def test_political_record_unknown_when_not_given() -> None:
    rec = {"type": "political_record", "in": ["administrative", "criminal"]}
    assert check(rec)[0] == "unknown"
    assert check(rec, person={"political_record": "administrative"})[0] == "met"
    assert check(rec, person={"political_record": "none"})[0] == "blocked"


def test_age_too_young_waits_too_old_blocks() -> None:
    assert check({"type": "age", "min": 30})[0] == "closable"
    assert check({"type": "age", "max": 20})[0] == "blocked"


@pytest.mark.parametrize(
    ("kind", "states", "expected"),
    [
        ("all", ["met", "closable"], "closable"),
        ("all", ["closable", "unknown"], "unknown"),
        ("all", ["unknown", "blocked"], "blocked"),
        ("any", ["blocked", "closable"], "closable"),
        ("any", ["unknown", "met"], "met"),
        ("any", ["blocked", "unknown"], "unknown"),
        ("any", ["blocked", "blocked"], "blocked"),
    ],
)
def test_tree_logic(kind: str, states: list[str], expected: str) -> None:
    leaf = {
        "met": {"type": "language", "language": "ru", "level": "C2"},
        "closable": {"type": "language", "language": "cs", "level": "B2"},
        "unknown": {"type": "political_record", "in": ["criminal"]},
        "blocked": {"type": "citizenship", "not_in": "xx.ban"},
    }
    children = [{"id": f"c{i}", **leaf[s]} for i, s in enumerate(states)]
    assert check({"type": kind, "of": children})[0] == expected


def test_not_inverts_and_cannot_be_closed() -> None:
    inner = {"id": "x", "type": "citizenship", "in": "xx.ban"}
    assert check({"type": "not", "condition": inner})[0] == "blocked"
    assert check({"type": "not", "condition": inner}, person={"citizenship": ["KZ"]})[0] == "met"


def test_points_test() -> None:
    pts = {
        "type": "points",
        "min": 6,
        "items": [
            {
                "points": 3,
                "when": {"id": "de_b2", "type": "language", "language": "de", "level": "B2"},
            },
            {"points": 2, "when": {"id": "young", "type": "age", "max": 35}},
            {
                "points": 1,
                "when": {"id": "en", "type": "language", "language": "en", "level": "C1"},
            },
            {"points": 1, "when": {"id": "rec", "type": "political_record", "in": ["criminal"]}},
        ],
    }
    assert check(pts)[0] == "closable"
    assert check(pts, languages={"de": "B2", "en": "C1"})[0] == "met"
    assert (
        check(pts, person={"birth_date": date(1970, 1, 1)}, languages={"en": "B1"})[0] == "blocked"
    )
