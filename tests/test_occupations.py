"""ISCO-08 codes that do not exist are refused wherever a code enters, with the field and the
codes that do exist nearby; the bundled structure is the ILO's (10, 43, 130, 436 groups)."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from emigre import occupations
from emigre.profile_reading import ProfileError, parse_profile
from tests.conftest import EXAMPLES, Cli, web_client

ON = "2026-11-25"
DIMA = EXAMPLES / "dima.toml"


def _dima() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(tomllib.loads(DIMA.read_text()), default=str))
    return data


def test_the_structure_is_the_ilo_s() -> None:
    codes = occupations.groups()
    by_level = [sum(len(c) == n for c in codes) for n in (1, 2, 3, 4)]
    assert by_level == [10, 43, 130, 436]
    for code, title in codes.items():
        assert title.strip() == title and "  " not in title and title, code
        assert len(code) == 1 or code[:-1] in codes, f"{code} has no parent group"
    assert occupations.title("2512") == "Software Developers"
    assert occupations.title("2211") == "Generalist Medical Practitioners"
    assert occupations.title("0110") == "Commissioned Armed Forces Officers"
    assert (
        occupations.label("133") == "133 Information and Communications Technology Service managers"
    )


@pytest.mark.parametrize(
    ("where", "code", "field", "hint"),
    [
        ("work", "2599", "work[1].occupation", "the groups under 25 "),
        ("offers", "9999", "offers[1].occupation", "the groups under 9 (Elementary Occupations)"),
        ("licences", "2219", "licences[1].occupation", "the groups under 221 "),
        (
            "work",
            "00",
            "work[1].occupation",
            "the groups under 0 (Armed Forces Occupations) are 01, 02, 03",
        ),
    ],
)
def test_a_code_that_is_not_in_isco_is_refused_with_the_codes_nearby(
    where: str, code: str, field: str, hint: str
) -> None:
    data = _dima()
    if where == "work":
        data["work"][0]["occupation"] = code
    elif where == "offers":
        data["offers"] = [{"country": "DE", "gross_annual_salary": 60000, "occupation": code}]
    else:
        data["licences"] = [{"country": "DE", "occupation": code, "status": "granted"}]
    with pytest.raises(ProfileError) as exc:
        parse_profile(data, "dima.toml")
    msg = str(exc.value)
    assert msg.startswith(f"dima.toml: {field}: '{code}' is not an ISCO-08 occupation group"), msg
    assert hint in msg, msg
    assert exc.value.problems[0]["type"] == "isco_unknown"


def test_the_cli_refuses_an_unknown_code_in_a_profile_and_in_licence(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "p.toml"
    path.write_text(DIMA.read_text().replace('occupation = "2512"', 'occupation = "2590"'))
    code, out, err = cli("plan", str(path), "--on", ON)
    assert code == 2 and out == ""
    assert "work[1].occupation: '2590' is not an ISCO-08 occupation group" in err
    assert "251, 252" in err and "Traceback" not in err
    code, _, err = cli("plan", str(DIMA), "--on", ON, "--licence", "DE:2219")
    assert code == 2
    assert err.startswith("error: --licence DE:2219: occupation: '2219' is not an ISCO-08")
    assert "2211, 2212" in err
    code, _, err = cli("explain", "de.blue_card", str(DIMA), "--on", ON, "--licence", "DE:22x")
    assert code == 2 and "--licence DE:22x: occupation: '22x' is not an ISCO-08 code" in err
    # a what-if flag's other parts are named by the flag, not as the profile's n-th entry
    code, _, err = cli("plan", str(DIMA), "--on", ON, "--offer", "DE:50000:EUO")
    assert code == 2 and "--offer DE:50000:EUO: currency: 'EUO'" in err
    code, _, err = cli("plan", str(DIMA), "--on", ON, "--admission", "CZ:school")
    assert code == 2 and "--admission CZ:school: kind:" in err and "language_course" in err


def test_data_occupations_lists_groups_with_titles(cli: Cli) -> None:
    code, out, _ = cli("data", "occupations", "251")
    assert code == 0
    assert out.splitlines()[:2] == [
        "    251  Software and Applications Developers and Analysts",
        "      2511  Systems Analysts",
    ]
    code, out, _ = cli("data", "occupations", "nursing")
    assert code == 0 and "2221  Nursing Professionals" in out
    code, _, err = cli("data", "occupations", "zzz")
    assert code == 2 and "FIND: no ISCO-08 group" in err


def test_the_api_answers_422_naming_the_field(tmp_path: Path) -> None:
    client = web_client(tmp_path)
    data = _dima()
    data["work"][0]["occupation"] = "2599"
    resp = client.post(f"/api/plan?on={ON}", json=data)
    assert resp.status_code == 422
    detail = resp.json()["detail"]
    assert detail[0]["field"].startswith("work[1].occupation"), detail
    assert "'2599' is not an ISCO-08 occupation group" in detail[0]["message"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "2599 is not an ISCO-08 occupation; the codes under 25 are 251, 252"),
        ("ru", "2599 — не код группы занятий ISCO-08; в группе 25 есть коды 251, 252"),
    ],
)
def test_the_questionnaire_shows_the_error_under_the_field(
    tmp_path: Path, lang: str, text: str
) -> None:
    client = web_client(tmp_path, date(2026, 11, 25), lang)
    form = {
        "person.citizenship.0": "RU",
        "person.birth_date": "2001-03-15",
        "work.0.occupation": "2599",
        "work.0.start": "2019-09-01",
        "licences.0.country": "DE",
        "licences.0.occupation": "2219",
        "name": "x",
    }
    errors = client.post("/profile/check", data=form).json()["errors"]
    assert errors["work.0.occupation"] == text
    assert "2211, 2212" in errors["licences.0.occupation"]
    resp = client.post("/profile", data=form)
    assert resp.status_code == 422
    assert re.search(r'data-error-for="work\.0\.occupation">[^<]*2599', resp.text)


def test_population_reports_the_row_and_keeps_the_others(cli: Cli, tmp_path: Path) -> None:
    pl = pytest.importorskip("polars")
    path = tmp_path / "people.csv"
    path.write_text(
        "citizenship,birth_date,work_occupation,work_start,offer_country,offer_salary,"
        "offer_occupation,licence_country,licence_occupation,licence_status\n"
        "RU,2001-03-15,2512,2019-09-01,,,,,,\n"
        "RU,2001-03-15,2599,2019-09-01,,,,,,\n"
        "RU,2001-03-15,2512,2019-09-01,DE,60000,9999,,,\n"
        "RU,2001-03-15,2211,2019-09-01,,,,DE,2219,granted\n"
        "RU,2001-03-15,0110,2019-09-01,,,,,,\n",
        encoding="utf-8",
    )
    results = tmp_path / "results.parquet"
    code, _, err = cli("population", "run", str(path), "--on", ON, "-o", str(results))
    assert code == 0, err
    assert "3 row(s) skipped" in err
    assert "row 2: work_occupation: '2599' is not an ISCO-08 occupation group" in err
    assert "row 3: offer_occupation: '9999' is not an ISCO-08 occupation group" in err
    assert "row 4: licence_occupation: '2219' is not an ISCO-08 occupation group" in err
    assert "emigre data occupations" in err
    assert pl.read_parquet(results)["row"].to_list() == [1, 5]


def _copy_data(tmp_path: Path) -> Path:
    from emigre.knowledge.loader import default_root

    dest = tmp_path / "data"
    shutil.copytree(default_root(), dest)
    return dest


def test_data_check_fails_on_a_list_naming_a_code_that_does_not_exist(
    cli: Cli, tmp_path: Path
) -> None:
    data = _copy_data(tmp_path)
    route = data / "countries/de/routes/blue_card.yaml"
    text = route.read_text()
    assert '"134", "21"' in text
    route.write_text(text.replace('"134", "21"', '"134", "2199", "21"'))
    params = data / "countries/de/parameters/licence.yaml"
    ptext = params.read_text()
    start = ptext.index("de.licence.physician.occupations:")
    value = re.compile(r"value: \[[^\]]*\]").search(ptext, start)
    assert value
    params.write_text(ptext[: value.start()] + 'value: ["2211", "2280"]' + ptext[value.end() :])
    code, _, err = cli("data", "check", "--data", str(data))
    assert code == 1
    assert "countries/de/routes/blue_card.yaml" in err
    assert "'2199' is not an ISCO-08 group; the groups under 21 " in err
    assert re.search(
        r"countries/de/parameters/licence.yaml:\d+: de.licence.physician.occupations", err
    )
    assert "'2280' is not one: the groups under 22 " in err
    code, _, err = cli("plan", str(DIMA), "--on", ON, "--data", str(data))
    assert code == 3 and "2199" in err


def test_the_questionnaire_offers_every_group_and_shows_the_title(tmp_path: Path) -> None:
    client = web_client(tmp_path, date(2026, 11, 25), "en")
    page = client.get("/profile/new").text
    datalist = page[page.index('<datalist id="isco">') : page.index("</datalist>")]
    assert datalist.count("<option") == len(occupations.groups())
    assert 'value="2165" label="Cartographers and Surveyors (2165)"' in datalist
    assert 'value="2512" label="software developer (2512)"' in datalist  # the common ones first
    toml = DIMA.read_text() + '\n[[offers]]\ncountry = "NL"\ngross_annual_salary = 70000\n'
    toml += 'occupation = "2511"\n'
    resp = client.post(
        "/profile/import", files={"file": ("d.toml", toml.encode(), "application/toml")}
    )
    assert resp.status_code == 200
    edit = client.get(str(resp.url).replace("/results", "/edit")).text
    assert re.search(r'id="h-work\.0\.occupation">Software Developers<', edit)
    # the offer's occupation has a field, so saving the form keeps it
    assert 'name="offers.0.occupation"' in edit and 'value="2511"' in edit
    assert re.search(r'id="h-offers\.0\.occupation">Systems Analysts<', edit)
