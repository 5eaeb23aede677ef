"""What people type, tried as a careless user and an attacker would: every bad value gets a
message naming the field (or option, column, file and line) and the fix, never a traceback and
never a silent acceptance of nonsense."""

from __future__ import annotations

import copy
import re
import shutil
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings

from emigre.errors import InputError
from emigre.profile import parse_profile
from tests.conftest import EXAMPLES, Cli
from tests.test_fuzz_profile import mutated_profiles

ON = "2026-11-25"
DIMA = EXAMPLES / "dima.toml"
LINE = re.compile(r"^p\.toml: (\(top level\)|[a-z_]+(\[\d+\])?(\.[A-Za-z_]+(\[\d+\])?)*): (.+)$")


@seed(20261207)
@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated_profiles())
def test_every_profile_error_names_the_field_and_what_is_expected(data: Any) -> None:
    """Each line of a refusal is `file: field: what is expected`, in the profile's words: no
    pydantic phrasing ("Input should be ..."), no control character from the value given."""
    try:
        parse_profile(data, "p.toml")
    except InputError as exc:
        for line in str(exc).splitlines():
            m = LINE.match(line)
            assert m, line
            said = m.group(5)
            assert "Input should" not in said and "after validation" not in said, line
            assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in said), line


def _write(tmp_path: Path, text: str, name: str = "p.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_a_profile_saved_with_a_byte_order_mark_is_read(cli: Cli, tmp_path: Path) -> None:
    """Windows Notepad starts a UTF-8 file with a byte-order mark; it is not a TOML error."""
    path = _write(tmp_path, "\ufeff" + DIMA.read_text(encoding="utf-8"))
    code, out, err = cli("plan", str(path), "--on", ON, "--format", "json")
    assert code == 0, err


def test_a_value_cannot_drive_the_terminal(cli: Cli, tmp_path: Path) -> None:
    """A value quoted in a message (an escape sequence, a right-to-left override, a line
    break) is written as escapes: it neither clears the screen nor forges a second line."""
    text = DIMA.read_text().replace('currency = "RUB"', 'currency = "R\\u001b[2J\\nerror: ok"', 1)
    code, out, err = cli("plan", str(_write(tmp_path, text)), "--on", ON)
    assert code == 2 and out == ""
    assert "\x1b" not in err and err.count("\n") == 1, err
    assert "'R\\x1b[2J\\nerror: ok'" in err and "is not an ISO 4217 currency code" in err
    text = DIMA.read_text().replace('citizenship = ["RU"]', 'citizenship = ["\\u202eUR"]')
    code, _, err = cli("plan", str(_write(tmp_path, text)), "--on", ON)
    assert code == 2 and "\u202e" not in err and "'\\u202eUR'" in err


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(person=["RU"]), "person: a table of fields"),
        (lambda d: d["person"].update(citizenship=[]), "person.citizenship: at least one entry"),
        (lambda d: d["work"].__setitem__(0, "2512"), "work[1]: a table of fields"),
        (lambda d: d.update(hobby="chess"), "hobby: no such field; check its spelling"),
    ],
)
def test_structure_errors_are_worded_for_people(change: Any, expected: str) -> None:
    data = copy.deepcopy(tomllib.loads(DIMA.read_text()))
    change(data)
    with pytest.raises(InputError) as exc:
        parse_profile(data, "p.toml")
    assert f"p.toml: {expected}" in str(exc.value)
    assert "Input should" not in str(exc.value)


def test_a_data_folder_that_is_not_one_is_bad_input(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("plan", str(DIMA), "--data", str(tmp_path / "none"))
    assert code == 2 and f"--data: {tmp_path / 'none'}: no such folder" in err
    code, _, err = cli("data", "check", "--data", str(tmp_path))
    assert code == 2 and "not a knowledge-base folder" in err
    code, _, err = cli("population", "run", str(DIMA), "--data", str(tmp_path))
    assert code == 2 and "--data" in err


def _copy_data(tmp_path: Path) -> Path:
    from emigre.knowledge.loader import default_root

    dest = tmp_path / "data"
    shutil.copytree(default_root(), dest)
    return dest


def test_broken_values_in_a_user_data_folder_are_named(cli: Cli, tmp_path: Path) -> None:
    """A knowledge base edited by hand: an impossible date, an infinite amount, a negative
    window; each is an error naming the file and the key (exit 3 for a plan, 1 for the check),
    never a traceback and never accepted."""
    data = _copy_data(tmp_path)
    params = data / "countries/de/parameters.yaml"
    good = params.read_text()
    entry = (
        "\nde.test_fee:\n  description: a fee\n  unit: EUR\n  values:\n    - from: {day}\n"
        "      value: {value}\n      legal_basis: x\n"
        '      sources: [{{url: "https://www.example.org/fee", checked: 2026-01-01}}]\n'
    )
    params.write_text(good + entry.format(day="2026-13-01", value=5))
    line = (good + entry).splitlines().index("    - from: {day}") + 1
    code, _, err = cli("plan", str(DIMA), "--data", str(data), "--on", ON)
    assert code == 3 and "Traceback" not in err
    assert f"countries/de/parameters.yaml: line {line}: 2026-13-01 is not a date" in err
    code, _, err = cli("data", "check", "--data", str(data))
    assert code == 1 and "2026-13-01 is not a date" in err
    params.write_text(good + entry.format(day="2026-01-01", value=".inf"))
    code, _, err = cli("data", "check", "--data", str(data))
    assert code == 1 and "de.test_fee.values[1].value: inf is not a figure; write a finite" in err
    params.write_text(good)
    route = data / "countries/de/routes/blue_card.it_specialist.yaml"
    text = route.read_text()
    for old, new, said in (
        ("within_years: 7", "within_years: -7", "within_years: a number above 0"),
        ("years: 3\n", "years: .nan\n", "years: a finite number (not inf or nan)"),
    ):
        route.write_text(text.replace(old, new, 1))
        code, _, err = cli("data", "check", "--data", str(data))
        assert code == 1 and "blue_card.it_specialist.yaml" in err and said in err, err
    route.write_text(text)


def test_population_refuses_columns_no_value_of_which_could_be_read(
    cli: Cli, tmp_path: Path
) -> None:
    """ISCO codes stored as numbers would lose the 0 of 0110 and turn 011 into 11 (another
    group) without a word; a column of lists holds no value a profile field takes."""
    pl = pytest.importorskip("polars")
    born = [date(1990, 1, 1)] * 2
    path = tmp_path / "numbers.parquet"
    pl.DataFrame(
        {
            "citizenship": ["RU", "RU"],
            "birth_date": born,
            "work_occupation": [2512, 11],
            "work_start": [date(2015, 1, 1)] * 2,
        }
    ).write_parquet(path)
    code, _, err = cli("population", "run", str(path), "--on", ON)
    assert code == 2
    assert "work_occupation: ISCO-08 codes are stored as numbers" in err
    assert "store the column as text" in err
    path = tmp_path / "lists.parquet"
    pl.DataFrame({"citizenship": [["RU"], ["BY"]], "birth_date": born}).write_parquet(path)
    code, _, err = cli("population", "run", str(path), "--on", ON)
    assert code == 2 and "citizenship: a column of List" in err and "Traceback" not in err
