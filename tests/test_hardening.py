"""Issue 14's reproductions: whatever the input, exit 0 with a plan or exit 2 naming the field.

Each case is a file or a flag a careless user or an attacker tried; before the profile rules
they crashed with a traceback or were accepted as impossible facts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from emigre.files import atomic_path, strict_json, write_atomic
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
        s.get("note") or "" for r in doc["routes"] for s in r["steps"] if s["kind"] == "savings"
    ]
    assert any("not reached within 50 years" in n for n in notes)


def test_tiny_monthly_savings_in_the_file_plans(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _profile(tmp_path, "monthly_savings = 80000", "monthly_savings = 1e-300")
    code, out, err = cli("explain", "de.study", path)
    assert code == 0, err
    assert "not reached within 50 years" in out


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


def test_a_decades_long_course_does_not_make_the_cash_flow_quadratic(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """At a few minutes of study a week the language course lasts decades, paid month by month;
    the month-by-month cash flow once summed every payment for every month (seconds per plan,
    a hang for the web's what-if panel). The plan still comes, in work linear in the months."""
    from emigre.plan import schedule

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
