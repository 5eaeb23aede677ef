"""The slips people make writing a profile by hand get one line naming the line, the field and
what to write instead, in the language asked for (`--lang`), exit code 2 and no traceback."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Cli

DIMA = (EXAMPLES / "dima.toml").read_text()
LINE = {key: n for n, line in enumerate(DIMA.splitlines(), 1) for key in [line.split(" =")[0]]}


def _run(cli: Cli, tmp_path: Path, text: str, lang: str) -> str:
    path = tmp_path / "p.toml"
    path.write_bytes(text.encode("utf-8"))
    code, out, err = cli("plan", str(path), "--lang", lang)
    assert code == 2, err
    assert out == "" and "Traceback" not in err and err.count("\n") == 1, err
    return err


Edit = Callable[[str], str]
SLIPS: list[tuple[str, Edit, str, tuple[str, ...], tuple[str, ...]]] = [
    (
        "a field given twice",
        lambda t: t.replace("[money]\n", "[money]\nsavings = 5\n"),
        "money.savings",
        ("given twice (lines", "keep one of them"),
        ("указано дважды (строки", "оставьте одно"),
    ),
    (
        "a day that does not exist",
        lambda t: t.replace("2001-03-15", "2026-02-30"),
        "person.birth_date",
        ("there is no such day as 2026-02-30", "YYYY-MM-DD"),
        ("дня 2026-02-30 нет в календаре", "ГГГГ-ММ-ДД"),
    ),
    (
        "a date without leading zeros",
        lambda t: t.replace("2001-03-15", "2001-3-5"),
        "person.birth_date",
        ("two digits: 2001-03-05",),
        ("двумя цифрами: 2001-03-05",),
    ),
    (
        "a date written day first",
        lambda t: t.replace("2001-03-15", "15.03.2001"),
        "person.birth_date",
        ("year-month-day: 2001-03-15",),
        ("год-месяц-день: 2001-03-15",),
    ),
    (
        "an amount with spaces",
        lambda t: t.replace("savings = 600000", "savings = 1 000 000"),
        "money.savings",
        ("a plain number, without separators", "savings = 1000000"),
        ("просто числом, без разделителей", "savings = 1000000"),
    ),
    (
        "an amount with commas",
        lambda t: t.replace("savings = 600000", "savings = 1,000,000"),
        "money.savings",
        ("savings = 1000000",),
        ("savings = 1000000",),
    ),
    (
        "an amount with dots",
        lambda t: t.replace("savings = 600000", "savings = 1.000.000"),
        "money.savings",
        ("savings = 1000000",),
        ("savings = 1000000",),
    ),
    (
        "an amount with commas, in quotes",
        lambda t: t.replace("savings = 600000", 'savings = "1,000,000"'),
        "money.savings",
        ("write 1000000: a plain number, without quotes",),
        ("напишите 1000000: просто число, без кавычек",),
    ),
    (
        "a quote left open",
        lambda t: t.replace('residence = "RU"', 'residence = "RU'),
        "person.residence",
        ('a quote is not closed; write residence = "RU"',),
        ('кавычка не закрыта; напишите residence = "RU"',),
    ),
    (
        "a single quote left open (noticed at the end of the file)",
        lambda t: t.replace('residence = "RU"', "residence = 'RU"),
        "person.residence",
        ("a quote is not closed; write residence = 'RU'",),
        ("кавычка не закрыта; напишите residence = 'RU'",),
    ),
    (
        "a bracket left open",
        lambda t: t.replace('citizenship = ["RU"]', 'citizenship = ["RU"'),
        "person.citizenship",
        ('a bracket is not closed; write citizenship = ["RU"]',),
        ('скобка не закрыта; напишите citizenship = ["RU"]',),
    ),
    (
        "text without quotes",
        lambda t: t.replace('residence = "RU"', "residence = RU"),
        "person.residence",
        ('text goes in quotes; write residence = "RU"',),
        ('текст пишется в кавычках; напишите residence = "RU"',),
    ),
]


@pytest.mark.parametrize(
    ("edit", "field", "english", "russian"),
    [s[1:] for s in SLIPS],
    ids=[s[0] for s in SLIPS],
)
def test_a_slip_names_the_field_and_the_fix_in_both_languages(
    cli: Cli,
    tmp_path: Path,
    edit: Edit,
    field: str,
    english: tuple[str, ...],
    russian: tuple[str, ...],
) -> None:
    text = edit(DIMA)
    for lang, wanted in (("en", english), ("ru", russian)):
        err = _run(cli, tmp_path, text, lang)
        assert f"{field}: " in err, err
        for part in wanted:
            assert part in err, err
    assert "ошибка" not in _run(cli, tmp_path, text, "en")


def test_a_syntax_slip_names_its_line(cli: Cli, tmp_path: Path) -> None:
    n = LINE["birth_date"]
    err = _run(cli, tmp_path, DIMA.replace("2001-03-15", "15.03.2001"), "ru")
    assert f"ошибка TOML в строке {n} (`birth_date = 15.03.2001`)" in err
    err = _run(cli, tmp_path, DIMA.replace("2001-03-15", "15.03.2001"), "en")
    assert f"not valid TOML at line {n} (`birth_date = 15.03.2001`)" in err
    # the bracket is opened on the line of citizenship; the reader notices it a line later
    err = _run(cli, tmp_path, DIMA.replace('citizenship = ["RU"]', 'citizenship = ["RU"'), "en")
    assert f"at line {LINE['citizenship']} " in err


@pytest.mark.parametrize(
    "text",
    [
        "\ufeff" + DIMA,
        DIMA.replace("\n", "\r\n"),
        "\ufeff" + DIMA.replace("\n", "\r\n"),
    ],
    ids=["byte-order mark", "Windows line endings", "both"],
)
def test_windows_files_read_as_the_same_profile(cli: Cli, tmp_path: Path, text: str) -> None:
    path = tmp_path / "p.toml"
    path.write_bytes(text.encode("utf-8"))
    code, out, err = cli("plan", str(path), "--format", "json", "--on", "2026-11-25")
    _, same, _ = cli("plan", str(EXAMPLES / "dima.toml"), "--format", "json", "--on", "2026-11-25")
    assert code == 0, err
    assert out == same


@pytest.mark.parametrize(
    ("edit", "line"),
    [
        (lambda t: t.replace("savings = 600000", "saving = 600000"), "money.saving: "),
        (
            lambda t: t.replace('citizenship = ["RU"]', 'citizenships = ["RU"]'),
            "person.citizenships: ",
        ),
        (lambda t: t.replace("[money]", "[mony]"), "mony: "),
    ],
    ids=["saving", "citizenships", "a section"],
)
def test_a_misspelt_field_gets_did_you_mean(
    cli: Cli, tmp_path: Path, edit: Edit, line: str
) -> None:
    meant = {"money.saving: ": "savings", "person.citizenships: ": "citizenship", "mony: ": "money"}
    err = _run(cli, tmp_path, edit(DIMA), "en")
    assert f"{line}no such field; did you mean {meant[line]}?" in err
    err = _run(cli, tmp_path, edit(DIMA), "ru")
    assert f"{line}такого поля нет; может быть, имелось в виду {meant[line]}?" in err


def test_a_field_in_the_wrong_section_names_its_section(cli: Cli, tmp_path: Path) -> None:
    text = DIMA.replace("savings = 600000\n", "").replace(
        "residence =", "savings = 600000\nresidence ="
    )
    err = _run(cli, tmp_path, text, "en")
    assert "person.savings: no such field; did you mean money.savings?" in err


@pytest.mark.parametrize(
    ("old", "new", "meant"),
    [
        ('citizenship = ["RU"]', 'citizenship = ["RUS"]', "RU"),
        ('residence = "RU"', 'residence = "Россия"', "RU"),
        ('currency = "RUB"\nsavings', 'currency = "RUR"\nsavings', "RUB"),
        ('cs = "A2"', 'cz = "A2"', "cs"),
    ],
)
def test_an_unknown_code_suggests_the_near_one(
    cli: Cli, tmp_path: Path, old: str, new: str, meant: str
) -> None:
    assert old in DIMA
    err = _run(cli, tmp_path, DIMA.replace(old, new, 1), "en")
    assert f"did you mean {meant}" in err
    err = _run(cli, tmp_path, DIMA.replace(old, new, 1), "ru")
    assert f"может быть, имелось в виду {meant}" in err and "is not" not in err


def test_explain_with_a_misspelt_route_suggests_the_closest_ids(cli: Cli) -> None:
    dima = str(EXAMPLES / "dima.toml")
    code, _, err = cli("explain", "cz.studdy", dima)
    assert code == 2 and "no route 'cz.studdy'; did you mean cz.study" in err
    code, _, err = cli("explain", "de.bluecard.it", dima, "--lang", "ru")
    assert code == 2 and "маршрута 'de.bluecard.it' нет" in err
    assert "de.blue_card.it_specialist" in err


def _broken_copy(tmp_path: Path) -> Path:
    """A copy of the bundled knowledge base with four files broken in four ways."""
    import shutil

    from emigre.knowledge.loader import default_root

    root = tmp_path / "kb"
    shutil.copytree(default_root(), root)
    routes = root / "countries" / "de" / "routes"

    def edit(name: str, old: str, new: str) -> None:
        path = routes / f"{name}.yaml"
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))

    edit("study", "risk_level: low\n", "risk_level: low\n\tnote: x\n")
    edit("freelance", 'legal_basis: "§21(5)', 'legal_basis: "x §21(5)')
    text = (routes / "freelance.yaml").read_text()
    line = next(ln for ln in text.splitlines() if ln.startswith('legal_basis: "x'))
    (routes / "freelance.yaml").write_text(text.replace(line, line.rstrip('"'), 1))
    edit("humanitarian", "risk_level:", "family: work\nrisk_level:")
    edit("language_course", "risk_level: ", "risk_level: [1, 2]\nold_risk_level: ")
    return root


def test_a_broken_yaml_file_is_named_by_line_and_field_and_the_others_still_checked(
    cli: Cli, tmp_path: Path
) -> None:
    root = _broken_copy(tmp_path)
    code, _, err = cli("data", "check", "--data", str(root))
    assert code == 1 and "Traceback" not in err
    lines = err.splitlines()

    def line_of(name: str, key: str) -> int:
        text = (root / "countries" / "de" / "routes" / f"{name}.yaml").read_text().splitlines()
        return next(n for n, ln in enumerate(text, 1) if ln.lstrip().startswith(key))

    study, freelance = line_of("study", "note:"), line_of("freelance", "legal_basis:")
    second = [
        n
        for n, ln in enumerate(
            (root / "countries/de/routes/humanitarian.yaml").read_text().splitlines(), 1
        )
        if ln.startswith("family:")
    ]
    assert (
        f"countries/de/routes/study.yaml:{study}: note: a tab indents this line; indent with spaces"
        in lines
    )
    assert (
        f"countries/de/routes/freelance.yaml:{freelance}: legal_basis: a quote is not closed; "
        'end the value with "' in lines
    )
    assert (
        f"countries/de/routes/humanitarian.yaml:{second[1]}: family: given twice (lines "
        f"{second[0]} and {second[1]}); keep one" in lines
    )
    assert any(
        re.fullmatch(r"countries/de/routes/language_course.yaml:\d+: risk_level: one of .*", ln)
        for ln in lines
    )
    # a plan with that data names the same files, not only the first
    code, _, err = cli("plan", str(EXAMPLES / "dima.toml"), "--data", str(root))
    assert code == 3 and "study.yaml" in err and "humanitarian.yaml" in err


def test_debug_shows_the_traceback_a_failure_otherwise_hides(cli: Cli, tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.toml")
    code, _, err = cli("plan", missing)
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1
    code, _, err = cli("--debug", "plan", missing)
    assert code == 2 and err.startswith("error: ") and "Traceback" in err and "InputError" in err


def test_a_wrong_value_in_the_data_is_named_by_its_line(cli: Cli, tmp_path: Path) -> None:
    import shutil

    from emigre.knowledge.loader import default_root

    root = tmp_path / "kb"
    shutil.copytree(default_root(), root)
    study = root / "countries" / "de" / "routes" / "study.yaml"
    text = study.read_text()
    assert "family: study\n" in text and "      type: admission\n" in text
    text = text.replace("family: study\n", "family: studdy\n", 1)
    text = text.replace("      type: admission\n", "      type: admission\n      extra: 1\n", 1)
    study.write_text(text)
    lines = text.splitlines()
    family = lines.index("family: studdy") + 1
    extra = lines.index("      extra: 1") + 1
    code, _, err = cli("data", "check", "--data", str(root))
    assert code == 1
    assert f"countries/de/routes/study.yaml:{family}: family: one of 'work'," in err
    assert f"countries/de/routes/study.yaml:{extra}: requires.all.of[1].admission.extra: " in err


@pytest.mark.parametrize(
    ("args", "english", "russian"),
    [
        (("--on", "07.12.2026"), "year-month-day: 2026-12-07", "год-месяц-день: 2026-12-07"),
        (("--on", "2026-2-3"), "two digits: 2026-02-03", "двумя цифрами: 2026-02-03"),
        (("--country", "Germany"), "did you mean DE?", "имелось в виду DE?"),
        (("--family", "studdy"), "did you mean study?", "имелось в виду study?"),
        (("--offer", "DE:56,000"), "write 56000: a plain number", "напишите 56000: просто число"),
        (("--format", "jsn"), "expected table or json", "нужен table или json"),
    ],
)
def test_a_bad_option_says_what_to_write_in_both_languages(
    cli: Cli, args: tuple[str, ...], english: str, russian: str
) -> None:
    dima = str(EXAMPLES / "dima.toml")
    for lang, wanted in (("en", english), ("ru", russian)):
        code, out, err = cli("plan", dima, *args, "--lang", lang)
        assert code == 2 and out == "" and err.count("\n") == 1, err
        assert wanted in err, err
        assert err.startswith("error: " if lang == "en" else "ошибка: ")


def test_a_missing_profile_is_said_in_russian(cli: Cli, tmp_path: Path) -> None:
    code, _, err = cli("plan", str(tmp_path / "nope.toml"), "--lang", "ru")
    assert code == 2 and "такого файла нет" in err
    bad = tmp_path / "latin1.toml"
    bad.write_bytes("[person]\nname = 'Jos\xe9'\n".encode("latin-1"))
    code, _, err = cli("plan", str(bad), "--lang", "ru")
    assert code == 2 and "сохраните профиль в кодировке UTF-8" in err


def test_a_json_profile_s_slip_names_its_line_in_both_languages(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"person": {\n  "citizenship": ["RU"]\n  "birth_date": "2001-03-15"}}\n')
    code, _, err = cli("plan", str(path), "--lang", "ru")
    assert code == 2 and 'ошибка JSON в строке 3, позиция 3 (`"birth_date"' in err
    assert "проверьте запятые, кавычки и скобки" in err and "Expecting" not in err
    code, _, err = cli("plan", str(path), "--lang", "en")
    assert code == 2 and "not valid JSON at line 3, column 3" in err and "commas" in err


@pytest.mark.parametrize("written", ["600 000 руб.", "600000 RUB", "€600000", '"600 000 ₽"'])
def test_an_amount_with_its_currency_says_where_the_currency_goes(
    cli: Cli, tmp_path: Path, written: str
) -> None:
    err = _run(cli, tmp_path, DIMA.replace("savings = 600000", f"savings = {written}"), "en")
    assert "money.savings: " in err and "without" in err and "600000" in err
    assert "a currency" in err
