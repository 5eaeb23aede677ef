"""Bad input gets one short message naming the field and the fix, exit code 2, no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

DIMA = (EXAMPLES / "dima.toml").read_text()


def _write(tmp_path: Path, text: str, name: str = "p.toml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda t: t.replace('citizenship = ["RU"]', 'citizenship = ["XX"]'),
            "person.citizenship[1]: 'XX' is not an ISO 3166-1",
        ),
        (lambda t: t.replace('en = "C1"', 'en = "C7"'), "languages.en: one of"),
        (lambda t: t.replace('cs = "A2"', 'zz = "A2"'), "'zz' is not an ISO 639-1 language code"),
        (lambda t: t.replace("savings = 600000", "savings = -5"), "money.savings: a number ≥ 0"),
        (
            lambda t: t.replace("start = 2019-09-01", "start = 2019-09-01\nend = 2018-01-01"),
            "work[1].end: 2018-01-01 is before the start (2019-09-01)",
        ),
        (
            lambda t: t.replace("birth_date = 2001-03-15", 'birth_date = "15.03.2001"'),
            "person.birth_date: a date like 2001-03-15",
        ),
        (lambda t: t.replace("[money]", "[money]\nsavigns = 3"), "money.savigns: no such field"),
        (
            lambda t: t.replace('citizenship = ["RU"]\n', ""),
            "person.citizenship: this field is required",
        ),
        (
            lambda t: t.replace('highest_degree = "none"', 'highest_degree = "phd"'),
            "education.highest_degree: one of",
        ),
    ],
)
def test_bad_profile_names_the_field(cli, tmp_path, edit, expected) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, edit(DIMA))
    code, out, err = cli("plan", path)
    assert code == 2
    assert expected in err
    assert "Traceback" not in err and out == ""


def test_malformed_toml_names_the_line(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("plan", _write(tmp_path, DIMA.replace("[person]", "[person")))
    assert code == 2 and "not valid TOML" in err and "line" in err


def test_impossible_date_in_profile(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("plan", _write(tmp_path, DIMA.replace("2001-03-15", "2001-02-30")))
    assert code == 2 and "not valid TOML" in err and "birth_date = 2001-02-30" in err


def test_missing_file(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("plan", str(tmp_path / "nope.toml"))
    assert code == 2 and "no such file" in err


def test_wrong_evaluation_date(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("plan", str(EXAMPLES / "dima.toml"), "--on", "2026-02-30")
    assert code == 2 and "--on: '2026-02-30' is not a date" in err


def test_unknown_route(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("explain", "de.blue_crad", str(EXAMPLES / "dima.toml"))
    assert code == 2 and "no route 'de.blue_crad'" in err and "de.blue_card" in err


def test_unknown_country_filter(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("routes", "--country", "QQ")
    assert code == 2 and "--country: 'QQ'" in err


def test_unknown_format(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("routes", "--format", "xml")
    assert code == 2 and "--format" in err


def _copy_data(tmp_path: Path) -> Path:
    from emigre.knowledge.loader import default_root

    dest = tmp_path / "data"
    shutil.copytree(default_root(), dest)
    return dest


def test_broken_data_file_is_named(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = _copy_data(tmp_path)
    route = data / "countries/de/routes/blue_card.it_specialist.yaml"
    route.write_text(route.read_text().replace("years: 3", "yeras: 3"))
    code, _, err = cli("plan", str(EXAMPLES / "dima.toml"), "--data", str(data))
    assert code == 3, "a broken knowledge base is not the user's bad input"
    assert "countries/de/routes/blue_card.it_specialist.yaml" in err and "yeras" in err
    code, _, err = cli("data", "check", "--data", str(data))
    assert code == 1 and "yeras" in err


def test_data_file_without_source_is_rejected(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = _copy_data(tmp_path)
    params = data / "countries/de/parameters.yaml"
    text = params.read_text()
    first = text.index("      sources:")
    end = text.index("    - from:", first)
    params.write_text(text[:first] + text[end:])
    code, _, err = cli("data", "check", "--data", str(data))
    assert code == 1 and "countries/de/parameters.yaml" in err and "sources" in err


def test_unknown_parameter_reference_is_named(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = _copy_data(tmp_path)
    route = data / "countries/de/routes/blue_card.it_specialist.yaml"
    route.write_text(
        route.read_text().replace("de.blue_card.salary_min.reduced", "de.blue_card.salary_min.typo")
    )
    code, _, err = cli("data", "check", "--data", str(data))
    assert code == 1 and "no parameter 'de.blue_card.salary_min.typo'" in err


def test_invalid_yaml_is_named(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = _copy_data(tmp_path)
    (data / "countries/de/parameters.yaml").write_text("a: [unclosed\n")
    code, _, err = cli("plan", str(EXAMPLES / "dima.toml"), "--data", str(data))
    assert code == 3 and "countries/de/parameters.yaml:2: not valid YAML" in err
    assert "no parameter" not in err  # what the unreadable file defined is not reported missing


def test_a_route_without_a_checklist_fails_the_data_check(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = _copy_data(tmp_path)
    # A new route written without its checklist (here: a checked route with its list removed).
    route = data / "countries/de/routes/blue_card.it_specialist.yaml"
    text = route.read_text()
    route.write_text(text[: text.index("\nrequirements:")] + "\n")
    code, _, err = cli("data", "check", "--data", str(data))
    assert code == 1 and "de.blue_card.it_specialist: no `requirements:` checklist" in err
    # A pending route that gets its checklist must leave the pending list.
    pending = data / "checklists_pending.yaml"
    pending.write_text(pending.read_text() + "- de.blue_card.it_specialist\n- xx.gone\n")
    route.write_text(text)
    code, _, err = cli("data", "check", "--data", str(data))
    assert code == 1 and "'de.blue_card.it_specialist' now has a checklist" in err
    assert "'xx.gone' is not a route" in err


def test_shared_consulate_waits_must_name_a_route_with_waits(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = _copy_data(tmp_path)
    route = data / "countries/de/routes/skilled_worker.yaml"
    text = route.read_text()
    assert "consulate_waits_as: de.it_specialist" in text
    route.write_text(
        text.replace("consulate_waits_as: de.it_specialist", "consulate_waits_as: rs.visa_free")
    )
    code, _, err = cli("data", "check", "--data", str(data))
    assert code == 1 and "countries/de/routes/skilled_worker.yaml" in err
    assert "consulate_waits_as: 'rs.visa_free'" in err
