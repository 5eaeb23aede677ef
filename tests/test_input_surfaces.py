"""What people type, tried as a careless user and an attacker would: every bad value gets a
message naming the field (or option, column, file and line) and the fix, never a traceback and
never a silent acceptance of nonsense."""

from __future__ import annotations

import copy
import html
import json
import re
import shutil
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings

from emigre.errors import InputError
from emigre.profile_reading import parse_profile
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
    """Windows Notepad starts a UTF-8 file with a byte-order mark; it is not a TOML error, on
    the command line or in the web's import."""
    from tests.conftest import import_profile, web_client

    text = "\ufeff" + DIMA.read_text(encoding="utf-8")
    code, out, err = cli("plan", str(_write(tmp_path, text)), "--on", ON, "--format", "json")
    assert code == 0, err
    import_profile(web_client(tmp_path), text.encode("utf-8"))  # a 303 to the results
    as_json = "\ufeff" + json.dumps(tomllib.loads(DIMA.read_text()), default=str)
    import_profile(web_client(tmp_path / "j"), as_json.encode("utf-8"), "dima.json")


def test_a_json_key_given_twice_is_refused(cli: Cli, tmp_path: Path) -> None:
    """A JSON reader keeps one of two equal keys without a word; TOML refuses them, and so
    does emigre for JSON (a file, the API)."""
    from tests.conftest import web_client

    body = '{"person": {"citizenship": ["RU"], "birth_date": "1990-01-01"},'
    body += ' "person": {"citizenship": ["DE"], "birth_date": "1990-01-01"}}'
    code, _, err = cli("plan", str(_write(tmp_path, body, "p.json")), "--on", ON)
    assert code == 2 and "the key 'person' appears twice in one object; keep one" in err
    resp = web_client(tmp_path).post(
        f"/api/plan?on={ON}", content=body, headers={"content-type": "application/json"}
    )
    assert resp.status_code == 422 and "'person' appears twice" in resp.text


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
    # the other figures of that file are not reported missing wherever a route reads them
    assert "no parameter" not in err and err.count("\n") == 2, err
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


def test_api_query_and_body_errors_are_in_the_tool_s_words(tmp_path: Path) -> None:
    """FastAPI's own checks (query parameters, a what-if panel's body) word their errors as
    the rest of emigre: the field, what is expected, the value given (short)."""
    from tests.conftest import web_client

    client = web_client(tmp_path)
    body = json.loads(json.dumps(tomllib.loads(DIMA.read_text()), default=str))
    for query, said in (
        ("cashflow=maybe", "cashflow: true or false (got 'maybe')"),
        ("lang=xx", "lang: one of en, ru (got 'xx')"),
        (
            "on=2026-02-30",
            "on: a date like 2001-03-15 (got '2026-02-30'); there is no such day as "
            "2026-02-30; write a day that exists, as YYYY-MM-DD",
        ),
    ):
        resp = client.post(f"/api/plan?{query}", json=body)
        assert resp.status_code == 422
        assert resp.json()["detail"][0]["message"] == said, resp.json()
    resp = client.post(f"/api/panel/de.study?on={ON}", json={"profile": body, "x": 1})
    assert resp.status_code == 422
    detail = resp.json()["detail"][0]
    assert detail["field"] == "x" and "no such field" in detail["message"]
    assert "Input should" not in resp.text and "Extra inputs" not in resp.text


def _form_of(html: str) -> dict[str, str]:
    """What the questionnaire would send back unchanged: its inputs' values, its selected
    options and checked boxes (the first of each name)."""
    form: dict[str, str] = {}
    for m in re.finditer(r"<input ([^>]*)>", html):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        if "name" not in attrs or attrs.get("type") == "checkbox" and "checked" not in m.group(1):
            continue
        form.setdefault(attrs["name"], attrs.get("value", ""))
    for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', m.group(2))
        form.setdefault(m.group(1), chosen.group(1) if chosen else "")
    return {k: v.replace("&#34;", '"').replace("&amp;", "&") for k, v in form.items()}


def test_editing_keeps_what_the_form_has_no_row_for(tmp_path: Path) -> None:
    """A profile imported from a file may hold more jobs, offers or licences than the
    questionnaire shows, and a monthly income: saving the form unchanged keeps all of them."""
    from tests.conftest import import_profile, web_client

    client = web_client(tmp_path, date(2026, 11, 25), "en")
    text = DIMA.read_text().replace(
        "monthly_savings = 80000", "monthly_savings = 80000\nmonthly_income = 150000"
    )
    for year in (2016, 2017, 2018):
        text += f'\n[[work]]\noccupation = "2511"\nstart = {year}-01-01\nend = {year}-06-30\n'
    for country in ("NL", "DE"):
        text += f'\n[[offers]]\ncountry = "{country}"\ngross_annual_salary = 70000\n'
        text += 'occupation = "2511"\n'
    text += '\n[[licences]]\ncountry = "DE"\noccupation = "2211"\nstatus = "promised"\n'
    text += '\n[[licences]]\ncountry = "AT"\noccupation = "2211"\nstatus = "granted"\n'
    base = import_profile(client, text)
    before = tomllib.loads(client.get(f"{base}/export.toml").text)
    assert len(before["work"]) == 4 and len(before["offers"]) == 2 and len(before["licences"]) == 2
    edit = client.get(f"{base}/edit").text
    notice = edit[edit.index('id="form-unshown"') :].split("</div>")[0]
    assert "1 more job(s), 1 more job offer(s), 1 more licence(s)" in notice
    resp = client.post("/profile", data=_form_of(edit), follow_redirects=False)
    assert resp.status_code == 303, resp.text
    after = tomllib.loads(client.get(f"{base}/export.toml").text)
    assert after["work"] == before["work"]
    assert after["offers"] == before["offers"] and after["licences"] == before["licences"]
    assert after["money"]["monthly_income"] == 150000


def test_a_profile_saved_before_codes_were_checked_can_be_corrected(tmp_path: Path) -> None:
    """A profile saved with an occupation code ISCO-08 does not have (accepted before the list
    was bundled) is not planned, but opens in the questionnaire with the error under the field,
    and saving a real code there plans again."""
    from tests.conftest import import_profile, web_client

    client = web_client(tmp_path, date(2026, 11, 25), "en")
    base = import_profile(client, DIMA.read_text())
    pid = int(base.rsplit("/", 1)[1])
    store = client.app.state.web.store
    data = store.get(pid).data
    data["work"][0]["occupation"] = "2599"
    with store._db() as con:
        con.execute("update profiles set data = ? where id = ?", (json.dumps(data), pid))
    page = client.get(f"{base}/results")
    said = html.unescape(page.text)
    assert page.status_code == 422 and "'2599' is not an ISCO-08 occupation group" in said
    assert f"{base}/edit" in said  # where to correct it
    edit = client.get(f"{base}/edit")
    assert edit.status_code == 422
    m = re.search(r'data-error-for="work\.0\.occupation">([^<]+)<', edit.text)
    assert m and "2599 is not an ISCO-08 occupation; the codes under 25 are 251, 252" in m.group(1)
    form = _form_of(edit.text)
    assert form["work.0.occupation"] == "2599"
    form["work.0.occupation"] = "2512"
    resp = client.post("/profile", data=form, follow_redirects=False)
    assert resp.status_code == 303, resp.text
    assert client.get(f"{base}/results").status_code == 200


def test_free_text_holds_no_control_characters(cli: Cli, tmp_path: Path) -> None:
    """The university's name is shown back in reasons: an escape sequence in it would drive
    the terminal of whoever runs `explain` on the file. Refused in a profile and in a table."""
    text = DIMA.read_text().replace(
        'field = "computer_science"',
        'field = "computer_science"\ninstitution = "MSU\\u001b]0;x\\u0007"',
    )
    code, out, err = cli("plan", str(_write(tmp_path, text)), "--on", ON)
    assert code == 2 and out == ""
    assert "education.institution: a control or direction character (\\x1b) is not text" in err
    pytest.importorskip("polars")
    table = tmp_path / "people.csv"
    table.write_text(
        "citizenship,birth_date,institution\nRU,2001-03-15,MSU\nRU,2001-03-15,M\u202eSU\n",
        encoding="utf-8",
    )
    code, _, err = cli(
        "population", "run", str(table), "--on", ON, "-o", str(tmp_path / "r.parquet")
    )
    assert code == 0, err
    assert "row 2: institution: a control or direction character is not text" in err


def test_a_table_separated_by_semicolons_is_named_so(cli: Cli, tmp_path: Path) -> None:
    """A spreadsheet saved as CSV in a European locale separates with ';': one column whose
    name is the whole header, which the message names with the fix."""
    pytest.importorskip("polars")
    for sep, said in ((";", "separated by ';'"), ("\t", "separated by a tab")):
        path = tmp_path / "people.csv"
        path.write_text(f"citizenship{sep}birth_date\nRU{sep}2001-03-15\n", encoding="utf-8")
        code, _, err = cli("population", "run", str(path), "--on", ON)
        assert code == 2 and said in err and "save it as CSV with commas" in err, err


def test_a_level_in_small_letters_is_the_level() -> None:
    """Population mode reads "c1" as C1; a profile file does too (a level that does not exist,
    in any case, is still refused)."""
    data = tomllib.loads(DIMA.read_text())
    data["languages"] = {"ru": "Native", "en": " c1 ", "de": "b2"}
    assert parse_profile(data).languages == {"ru": "native", "en": "C1", "de": "B2"}
    data["languages"] = {"en": "c3"}
    with pytest.raises(InputError, match="languages.en: one of 'A1'"):
        parse_profile(data, "p.toml")


def test_an_occupation_code_is_trimmed_as_a_table_cell_is() -> None:
    data = tomllib.loads(DIMA.read_text())
    data["work"][0]["occupation"] = " 2512 "
    assert parse_profile(data).work[0].occupation == "2512"


def test_an_absurd_terminal_width_is_not_laid_out(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """COLUMNS=999999999 would lay out lines of a billion blanks (the run hung): a width past
    1000 columns is taken for a mistake."""
    monkeypatch.setenv("COLUMNS", "999999999")
    code, out, err = cli("plan", str(DIMA), "--on", ON)
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= 150


def test_a_reform_file_with_an_impossible_date_or_an_infinite_figure(
    cli: Cli, tmp_path: Path
) -> None:
    pytest.importorskip("polars")
    people = tmp_path / "people.csv"
    people.write_text("citizenship,birth_date\nRU,2001-03-15\n", encoding="utf-8")
    reform = tmp_path / "reform.yaml"
    head = "title: x\noverrides:\n  - parameter: de.blue_card.salary_min.standard\n"
    for body, said in (
        ("    from: 2026-13-01\n    value: 5\n", "line 4: 2026-13-01 is not a date"),
        ("    from: 2026-01-01\n    value: .inf\n", "overrides[1].value: inf is not a figure"),
    ):
        reform.write_text(head + body, encoding="utf-8")
        code, _, err = cli("population", "run", str(people), "--on", ON, "--reform", str(reform))
        assert code == 2 and said in err and "Traceback" not in err, err


def test_a_synth_spec_naming_an_occupation_isco_lacks_is_refused(cli: Cli, tmp_path: Path) -> None:
    """Every drawn person would carry the code, and every row be skipped later: the spec is
    refused at once, naming the share and the codes that exist nearby."""
    pytest.importorskip("numpy")
    spec = tmp_path / "spec.yaml"
    text = (EXAMPLES / "population" / "ru_it.yaml").read_text(encoding="utf-8")
    assert '"2166": 0.029' in text
    spec.write_text(text.replace('"2166": 0.029', '"2169": 0.029'), encoding="utf-8")
    out = tmp_path / "s.parquet"
    code, _, err = cli("population", "synth", "--spec", str(spec), "--size", "5", "-o", str(out))
    assert code == 2 and "occupation: shares: '2169' is not an ISCO-08 group" in err, err
    assert "2161, 2162, 2163, 2164, 2165, 2166" in err and not out.exists()
