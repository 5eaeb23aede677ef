"""Fuzzing the profile loader and the planner: whatever the file, a Profile or an InputError;
whatever valid profile and date, a plan whose JSON is strict. Neither may find anything.

Bounded for CI (a fixed seed, a few hundred loader examples and fewer planner examples);
`EMIGRE_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz_profile.py` hunts longer."""

from __future__ import annotations

import json
import os
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from emigre.errors import InputError
from emigre.files import strict_json
from emigre.profile import Profile
from emigre.profile_reading import load_profile
from tests.conftest import EXAMPLES
from tests.test_properties import profiles

FUZZ = os.environ.get("EMIGRE_FUZZ_EXAMPLES")
LOADER_EXAMPLES = int(FUZZ or 300)
PLANNER_EXAMPLES = int(FUZZ or 25)
SEED = 20261205

KEYS = [
    "person", "citizenship", "birth_date", "residence", "political_record", "military_service",
    "passport_expires", "education", "school_certificate", "highest_degree", "university_years",
    "field", "institution", "degree_country", "graduation_year", "work", "occupation", "start",
    "end", "remote", "employer_country", "gross_monthly_salary", "currency", "languages", "ru",
    "RU", "en", "money", "savings", "monthly_savings", "monthly_income", "preferences",
    "countries", "families", "study_hours_per_week", "earliest_start", "goal", "max_cost",
    "self_study", "offers", "country", "gross_annual_salary", "x", "",
]  # fmt: skip
SCALARS = st.one_of(
    st.booleans(),
    st.integers(),
    st.integers(-(10**300), 10**300),
    st.floats(),  # nan, inf, -0.0, subnormals
    st.sampled_from([1e-300, 1e308, -1.0, 0.0, 2512.0]),
    st.text(max_size=12),
    st.sampled_from(["RU", "ru", "EUR", "2512", "٢٥١٢", "native", "C1", "settle_eu", "ЖЖЖ"]),
    st.dates(date(1, 1, 1), date(9999, 12, 31)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=12,
)
DIMA: dict[str, Any] = tomllib.loads((EXAMPLES / "dima.toml").read_text())


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def mutated_profiles(draw: st.DrawFn) -> Any:
    """A real profile with a few of its fields (or sections) replaced by random values, so that
    the fuzzer reaches the deep rules and not only the first type check."""
    import copy

    data: Any = copy.deepcopy(DIMA)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(data)))
        value = draw(VALUES)
        if not path:
            data = value
            continue
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return data


def _load(tmp_path: Path, data: Any, as_json: bool) -> None:
    if as_json:
        text = json.dumps(data, default=str)  # NaN/Infinity tokens included on purpose
        path = tmp_path / "fuzz.json"
    else:
        table = data if isinstance(data, dict) else {"person": data}
        try:
            text = tomli_w.dumps(table)
        except (TypeError, ValueError):  # not representable as TOML (a NaN key, ...)
            return
        path = tmp_path / "fuzz.toml"
    path.write_text(text, encoding="utf-8")
    try:
        profile = load_profile(path)
    except InputError as exc:
        message = str(exc)
        assert message and "Traceback" not in message and len(message) < 5000
        return
    assert isinstance(profile, Profile)
    born = profile.person.birth_date
    assert born <= date.today() and all(job.start > born for job in profile.work)


@seed(SEED)
@settings(
    max_examples=LOADER_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.one_of(mutated_profiles(), VALUES), st.booleans())
def test_loader_never_crashes(tmp_path: Path, data: Any, as_json: bool) -> None:
    _load(tmp_path, data, as_json)


@st.composite
def extreme_profiles(draw: st.DrawFn) -> dict[str, Any]:
    """Valid profiles at the edges of what the rules allow: tiny or huge money, old and young
    people, far dates, the new preference fields."""
    prof = draw(profiles())
    prof["money"] = {
        "currency": draw(st.sampled_from(["RUB", "EUR", "IRR", "MNT"])),
        "savings": draw(st.sampled_from([0.0, 1e-300, 1.0, 1e9, 1e15])),
        "monthly_savings": draw(st.sampled_from([0.0, 1e-300, 0.01, 10.0, 1e6, 1e15])),
    }
    prof["preferences"] = {
        "goal": draw(st.sampled_from(["settle_eu", "study", "work", "leave_soon"])),
        "max_cost": draw(st.sampled_from([0.0, 1e-300, 5000.0, 1e15])),
        "self_study": draw(st.booleans()),
        "study_hours_per_week": draw(st.sampled_from([1e-9, 1.0, 80.0])),
        "earliest_start": draw(st.dates(date(1900, 1, 1), date(2100, 12, 31))),
    }
    return prof


@seed(SEED)
@settings(
    max_examples=PLANNER_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(extreme_profiles(), st.dates(date(1950, 1, 1), date(2100, 12, 31)))
def test_planner_never_crashes_and_its_json_is_strict(kb, raw: dict[str, Any], on: date) -> None:  # type: ignore[no-untyped-def]
    from emigre.documents import run_plan
    from emigre.plan.rank import DEFAULT_WEIGHTS

    profile = Profile.model_validate(raw)
    doc = run_plan(profile, on, kb, dict(DEFAULT_WEIGHTS)).document(on)

    def refuse(token: str) -> None:
        pytest.fail(f"{token} in the plan's JSON")

    json.loads(strict_json(doc), parse_constant=refuse)
