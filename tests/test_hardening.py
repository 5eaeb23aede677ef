"""Issue 14's reproductions: whatever the input, exit 0 with a plan or exit 2 naming the field.

Each case is a file or a flag a careless user or an attacker tried; before the profile rules
they crashed with a traceback or were accepted as impossible facts."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from emigre.errors import InputError
from emigre.files import atomic_path, strict_json, write_atomic
from emigre.plan.horizon import horizon, parse_horizon
from tests.conftest import EXAMPLES

DIMA = (EXAMPLES / "dima.toml").read_text()


def _profile(tmp_path: Path, old: str, new: str, name: str = "p.toml") -> str:
    assert old in DIMA
    path = tmp_path / name
    path.write_text(DIMA.replace(old, new, 1))
    return str(path)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "birth_date = 2001-03-15",
            "birth_date = 2030-03-15",
            "person.birth_date: 2030-03-15 is in the future",
        ),
        (
            "birth_date = 2001-03-15",
            "birth_date = 9999-12-31",
            "person.birth_date: 9999-12-31 is not between 1900 and 2100",
        ),
        (
            "birth_date = 2001-03-15",
            "birth_date = 1900-03-15",
            "person.birth_date: 1900-03-15 is more than 120 years ago",
        ),
        (
            "earliest_start = 2027-01-01",
            "earliest_start = 9999-12-31",
            "preferences.earliest_start: 9999-12-31 is not between",
        ),
        ("start = 2019-09-01", "start = 0001-09-01", "work[1].start: 0001-09-01 is not between"),
        (
            "start = 2019-09-01",
            "start = 1999-09-01",
            "work[1].start: 1999-09-01 is before the age of 14",
        ),
        ("savings = 600000", "savings = inf", "money.savings: a number ≤"),
        ("savings = 600000", "savings = nan", "money.savings"),
        ("savings = 600000", "savings = 1e400", "money.savings: a number ≤"),
        (
            "savings = 600000",
            "savings = true",
            "money.savings: an amount of money, not true or false",
        ),
        (
            "savings = 600000",
            "savings = " + "9" * 5000,
            "not a valid profile: a number has thousands of digits",
        ),
        (
            'occupation = "2512"',
            'occupation = "٢٥١٢"',
            "work[1].occupation: '٢٥١٢' is not an ISCO-08 code",
        ),
        (
            'currency = "RUB"',
            'currency = "ЖЖЖ"',
            "work[1].currency: 'ЖЖЖ' is not an ISO 4217 currency code",
        ),
        ('currency = "RUB"', 'currency = "XYZ"', "work[1].currency: 'XYZ' is not an ISO 4217"),
        ('en = "C1"', 'en = "C1"\nRU = "B2"', "languages: 'ru' is given twice"),
        ("earliest_start = 2027-01-01", 'families = ["bogus"]', "preferences.families[1]: one of"),
        (
            'citizenship = ["RU"]',
            'citizenship = ["RU", "BY", "KZ", "AM", "GE", "RS"]',
            "person.citizenship: at most 5 entries",
        ),
        ("[preferences]", '[preferences]\ngoal = "retire"', "preferences.goal: one of"),
        ("[preferences]", "[preferences]\nmax_cost = -1", "preferences.max_cost: a number ≥ 0"),
        (
            "[education]",
            "[education]\ngraduation_year = 1800",
            "education.graduation_year: a number ≥ 1900",
        ),
        (
            "[education]",
            "[education]\ngraduation_year = true",
            "education.graduation_year: a year, not true or false",
        ),
        (
            "[education]",
            '[education]\ndegree_country = "SU"',
            "education.degree_country: 'SU' is not an ISO 3166-1",
        ),
        ("[person]", '[person]\nmilitary_service = "maybe"', "person.military_service: one of"),
        (
            "[person]",
            "[person]\npassport_expires = 3000-01-01",
            "person.passport_expires: 3000-01-01 is not between",
        ),
        (
            "[person]",
            "[person]\npassport_expires = 1700000000",
            "person.passport_expires: a date like 2001-03-15",
        ),
    ],
)
def test_impossible_facts_are_refused_naming_the_field(cli, tmp_path, old, new, expected) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("plan", _profile(tmp_path, old, new))
    assert code == 2, out
    assert expected in err
    assert "Traceback" not in err and len(err) < 400


def test_deep_nesting_is_not_a_valid_profile(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    toml = tmp_path / "deep.toml"
    toml.write_text("a = " + "[" * 600 + "]" * 600 + "\n")
    deep_json = tmp_path / "deep.json"
    deep_json.write_text('{"person": ' + "[" * 1100 + "]" * 1100 + "}")
    for path in (toml, deep_json):
        code, _, err = cli("plan", str(path))
        assert code == 2 and "not a valid profile: nested far too deeply" in err


def test_json_profile_with_infinity_is_refused(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import tomllib

    data = tomllib.loads(DIMA)
    text = json.dumps(data, default=str).replace("600000", "Infinity")
    path = tmp_path / "p.json"
    path.write_text(text)
    code, _, err = cli("plan", str(path))
    assert code == 2 and "Infinity is not a number" in err


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["--on", "9999-12-31"], "--on: 9999-12-31 is not between 1950 and 2100"),
        (["--on", "0001-01-01"], "--on: 0001-01-01 is not between 1950 and 2100"),
        (["--weights", "time=nan"], "--weights: 'time' must be a number from 0 to 1000"),
        (["--weights", "cost=inf"], "--weights: 'cost' must be a number from 0 to 1000"),
        (["--weights", "time=1,time=2"], "--weights: 'time' is given twice"),
        (["--weights", "time=0,cost=0,pr=0,risk=0"], "--weights: every weight is 0"),
        (["--lang", "de"], "--lang: 'de' is not available; expected en or ru"),
        (["--hours-per-week", "inf"], "--hours-per-week: inf is not a finite number"),
        (["--hours-per-week", "100"], "preferences.study_hours_per_week: a number ≤ 80"),
        (["--monthly-savings", "nan"], "--monthly-savings: nan is not a finite number"),
        (["--offer", "DE:inf"], "--offer: inf is not a finite salary"),
    ],
)
def test_bad_flags_exit_2_with_a_message(cli, flags, expected) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("plan", str(EXAMPLES / "dima.toml"), *flags)
    assert code == 2
    assert expected in err


def _strict(text: str) -> Any:
    def refuse(token: str) -> None:
        raise AssertionError(f"{token} in the JSON output")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("savings", ["10", "0.000001"])
def test_savings_goal_out_of_reach_says_so_and_the_plan_goes_on(cli, savings) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(
        "plan", str(EXAMPLES / "dima.toml"), "--monthly-savings", savings, "--format", "json"
    )
    assert code == 0, err
    doc = _strict(out)
    notes = [
        s.get("why") or "" for r in doc["routes"] for s in r["steps"] if s["kind"] == "savings"
    ]
    assert any(f"not reached within {horizon().years} years" in n for n in notes)


def test_tiny_monthly_savings_in_the_file_plans(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _profile(tmp_path, "monthly_savings = 80000", "monthly_savings = 1e-300")
    code, out, err = cli("explain", "de.study", path)
    assert code == 0, err
    assert f"not reached within {horizon().years} years" in out


def test_strict_json_has_no_nan_or_infinity() -> None:
    text = strict_json({"a": float("nan"), "b": [float("inf"), 1.5], "c": {"d": -float("inf")}})
    assert _strict(text) == {"a": None, "b": [None, 1.5], "c": {"d": None}}


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.md"
    write_atomic(target, "old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half a fil")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no temporary file left


def test_population_run_fails_when_every_row_is_skipped(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    table = tmp_path / "people.csv"
    table.write_text("citizenship,birth_date\nXX,2001-03-15\nRU,2090-01-01\n")
    errors = tmp_path / "bad.csv"
    code, _, err = cli(
        "population", "run", str(table), "--on", "2026-11-25", "--errors", str(errors)
    )
    assert code == 2
    assert "every one of the 2 row(s) was skipped" in err
    assert "birth_date: 2090-01-01 is in the future" in errors.read_text()


def test_data_coverage_writes_its_file(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "coverage.md"
    code, _, err = cli("data", "coverage", "-o", str(target))
    assert code == 0, err
    assert target.read_text().startswith("|") or "|" in target.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["coverage.md"]


def test_outputs_that_cannot_be_written_exit_2_and_leave_nothing(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A folder (or an unwritable place) given as the output file: exit 2 naming it, no
    traceback, and no temporary file left beside it."""
    pytest.importorskip("polars")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    table = tmp_path / "people.csv"
    table.write_text("citizenship,birth_date\nRU,2001-03-15\nXX,2001-03-15\n")
    spec = EXAMPLES / "population" / "ru_it.yaml"
    runs = [
        ("data", "coverage", "-o", str(folder)),
        ("population", "run", str(table), "--on", "2026-11-25", "-o", str(folder)),
        ("population", "run", str(table), "--on", "2026-11-25", "--errors", str(folder)),
        ("population", "synth", "--size", "10", "--spec", str(spec), "-o", str(folder)),
    ]
    for args in runs:
        code, _, err = cli(*args)
        assert code == 2, (args, err)
        assert f"{folder}: cannot be written" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder", "people.csv"]
    assert list(folder.iterdir()) == []


def test_a_decades_long_course_does_not_make_the_cash_flow_quadratic(
    cli, monkeypatch, horizon_in_data
) -> None:  # type: ignore[no-untyped-def]
    """At a few minutes of study a week the language course lasts decades, paid month by month;
    the month-by-month cash flow once summed every payment for every month (seconds per plan,
    a hang for the web's what-if panel). The plan still comes, in work linear in the months.
    (With a horizon of a century, so that the course is dated at all.)"""
    from emigre.plan import schedule

    horizon_in_data(100)

    calls = [0]
    real = schedule.add_months

    def counted(d, months):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return real(d, months)

    monkeypatch.setattr(schedule, "add_months", counted)
    code, out, err = cli(
        "explain", "de.study", str(EXAMPLES / "dima.toml"), "--hours-per-week", "0.01",
        "--on", "2026-11-25", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    doc = _strict(out)
    assert len(doc["cashflow"]) > 600  # decades of months
    assert calls[0] < 20 * len(doc["cashflow"])  # was one per month and payment: 640,000


ON = "2026-11-25"


@pytest.fixture
def horizon_in_data(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[int], None]]:
    """Sets the bundled planner file's horizon to other years (the cache emptied after)."""
    from emigre.plan import horizon as module

    bundled = module.planner_text()
    assert "\n  value: " in bundled

    def set_years(years: int) -> None:
        text = re.sub(r"\n  value: \d+", f"\n  value: {years}", bundled, count=1)
        module.horizon.cache_clear()
        monkeypatch.setattr(module, "planner_text", lambda: text)
        assert module.horizon().years == years

    yield set_years
    monkeypatch.undo()
    module.horizon.cache_clear()


def _steps(doc: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(r, s) for r in doc["routes"] for s in r.get("steps") or []]


def test_a_course_that_takes_decades_is_not_within_the_horizon(cli) -> None:  # type: ignore[no-untyped-def]
    """An hour a week from zero to B2 or C1 takes decades: no step is dated past the planning
    horizon; such a step says it is not within N years and its plan has no arrival date."""
    years = horizon().years
    limit = horizon().limit(date.fromisoformat(ON)).isoformat()
    code, out, err = cli(
        "plan",
        str(EXAMPLES / "dima.toml"),
        "--on",
        ON,
        "--hours-per-week",
        "1",
        "--all",
        "--format",
        "json",
    )
    assert code == 0, err
    doc = _strict(out)
    pairs = _steps(doc)
    assert max(s["earliest_end"] for _r, s in pairs) <= limit
    far = [(r, s) for r, s in pairs if s.get("not_within_years")]
    assert any(s["kind"] == "language" for _r, s in far)
    for r, s in far:
        assert s["not_within_years"] == years and s["timing"] == "unknown" and not s["known"]
        # No date a consumer could take for the end: null, the horizon's last day kept apart.
        assert s["end"] is None and s["earliest_end"] == limit
        assert s["end_reason"] == s["why"], s
        if s["kind"] not in ("language", "savings"):
            assert s["why"] == f"does not end within {years} years of today"
        assert r["arrival"] is None and r["earliest_arrival"] is None
    courses = [s for _r, s in far if s["kind"] == "language"]
    assert all(f"not finished within {years} years at 1 h a week" in s["why"] for s in courses)
    # the same profile at 15 hours a week is dated as before
    code, out, _err = cli("plan", str(EXAMPLES / "dima.toml"), "--on", ON, "--format", "json")
    assert not any(s.get("not_within_years") for _r, s in _steps(_strict(out)))


def test_the_terminal_shows_not_within_instead_of_a_far_date(cli) -> None:  # type: ignore[no-untyped-def]
    years = horizon().years
    code, out, err = cli(
        "explain", "de.study", str(EXAMPLES / "dima.toml"), "--on", ON, "--hours-per-week", "1"
    )
    assert code == 0, err
    assert f"earliest arrival: not within {years} years" in out
    assert f"not finished within {years} years at 1 h a week" in out
    last_year = horizon().limit(date.fromisoformat(ON)).year
    assert not any(str(y) in out for y in range(last_year + 1, 2100))


def test_the_horizon_is_read_from_the_data(cli, horizon_in_data) -> None:  # type: ignore[no-untyped-def]
    """A shorter horizon in the data moves the cap: nothing in the code fixes it."""
    horizon_in_data(2)
    code, out, err = cli(
        "plan",
        str(EXAMPLES / "dima.toml"),
        "--on",
        ON,
        "--hours-per-week",
        "5",
        "--all",
        "--format",
        "json",
    )
    assert code == 0, err
    pairs = _steps(_strict(out))
    assert max(s["earliest_end"] for _r, s in pairs) <= "2028-11-25"
    assert any(s.get("not_within_years") == 2 for _r, s in pairs)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({}, "missing"),
        ({"horizon_years": {"value": 0, "decided": date(2026, 12, 6), "reason": "x"}}, "value: 0"),
        ({"horizon_years": {"value": True, "decided": date(2026, 12, 6), "reason": "x"}}, "value"),
        ({"horizon_years": {"value": 10, "decided": "soon", "reason": "x"}}, "decided"),
        ({"horizon_years": {"value": 10, "decided": date(2026, 12, 6)}}, "reason"),
    ],
)
def test_a_bad_horizon_in_the_data_is_named(raw: Any, expected: str) -> None:
    with pytest.raises(InputError, match=f"planner.yaml: horizon_years.*{expected}"):
        parse_horizon(raw)


def test_the_bundled_horizon_is_dated_and_reasoned() -> None:
    h = horizon()
    assert 1 <= h.years <= 100 and h.decided <= date.today()


def test_data_check_names_a_broken_horizon(cli, horizon_in_data, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from emigre.plan import horizon as module

    horizon_in_data(10)
    module.horizon.cache_clear()
    monkeypatch.setattr(module, "planner_text", lambda: "horizon_years:\n  value: 0\n")
    code, _out, err = cli("data", "check")
    assert code == 1
    assert "planner.yaml: horizon_years.value: 0 is not a whole number of years" in err
