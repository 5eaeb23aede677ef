"""Country and language names people read: CLDR display names, in English as in Russian."""

from __future__ import annotations

import sys
from pathlib import Path

from emigre.codes import country_name, language_name
from emigre.i18n import current_language, set_language
from tests.conftest import EXAMPLES, Cli

ROOT = Path(__file__).resolve().parent.parent


def test_english_names_are_the_everyday_ones_not_iso_reference_names() -> None:
    before = current_language()
    set_language("en")
    try:
        assert country_name("RU") == "Russia"
        assert language_name("el") == "Greek"
        assert country_name("XK") == "Kosovo"
    finally:
        set_language(before)


def test_bundled_english_names_match_the_installed_cldr() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import gen_code_names
    finally:
        sys.path.pop(0)
    for file, text in gen_code_names.targets().items():
        bundled = (gen_code_names.DATA / file).read_text(encoding="utf-8")
        assert bundled == text, f"run: python scripts/gen_code_names.py ({file} drifted from CLDR)"


def _explain(cli: Cli, route: str) -> str:
    """`emigre explain ROUTE` for the example profile, in English, as one line of text."""
    code, out, _err = cli("explain", route, str(EXAMPLES / "dima.toml"), "--lang", "en")
    assert code == 0
    return " ".join(out.split())


def test_an_english_plan_for_a_russian_never_says_russian_federation(cli: Cli) -> None:
    out = _explain(cli, "rs.entrepreneur")
    assert "open to citizens of Russia" in out
    assert "Russian Federation" not in out


def test_country_names_inside_english_sentences_take_the_article(cli: Cli) -> None:
    """'regulated in the Netherlands', not 'regulated in Netherlands' (Russian quotes the plain
    name: «Нидерланды»)."""
    flat = _explain(cli, "nl.blue_card")
    assert "job offer in the Netherlands" in flat
    assert "in Netherlands" not in flat


def _shown(lang: str, text: str, **args: object) -> str:
    from emigre.i18n import Msg

    before = current_language()
    set_language(lang)
    try:
        return str(Msg(text, **args))
    finally:
        set_language(before)


def test_russian_sentences_decline_country_names() -> None:
    from emigre.codes import country_in_sentence
    from emigre.i18n import Lazy

    def of(code: str) -> Lazy:
        return Lazy(country_in_sentence, code)

    offer = "Find a job offer in {country}"
    assert _shown("ru", offer, country=of("DE")) == "Найти предложение о работе в Германии"
    assert _shown("ru", offer, country=of("CY")).endswith("на Кипре")
    assert _shown("ru", "a degree from {have} does not count for this route", have=of("FR")) == (
        "диплом из Франции для этого пути не засчитывается"
    )
    # A country without declined forms is named as a country, never half-declined.
    assert _shown("ru", offer, country=of("NR")).endswith("в стране «Науру»")
    # English keeps its own grammar.
    assert _shown("en", offer, country=of("NL")) == "Find a job offer in the Netherlands"


def test_declined_forms_are_of_the_names_shown_and_cover_every_route_country() -> None:
    import csv

    from babel import Locale

    from emigre.knowledge.loader import load_knowledge_base

    cldr = Locale("ru").territories
    with (ROOT / "src/emigre/data/country_forms_ru.csv").open(encoding="utf-8") as fh:
        rows = {r["alpha2"]: r for r in csv.DictReader(fh)}
    for code, row in rows.items():
        assert row["name"] == cldr[code], (
            f"{code}: forms of {row['name']!r}, CLDR shows {cldr[code]!r}"
        )
        assert row["in"].split(" ", 1)[0] in ("в", "во", "на"), row
        assert row["from"].split(" ", 1)[0] in ("из", "с", "со"), row
        assert row["with"].split(" ", 1)[0] in ("с", "со"), row
    kb = load_knowledge_base()
    missing = sorted({r.country for r in kb.routes} - set(rows))
    assert not missing, f"add the Russian forms of {missing} to data/country_forms_ru.csv"


def test_a_translation_may_decline_a_name_but_not_drop_a_placeholder() -> None:
    from emigre.i18n_catalog import _placeholders

    assert _placeholders("в {country:in} до {d}") == _placeholders("in {country} by {d}")
    assert _placeholders("{eur:,.0f} EUR") != _placeholders("{eur} EUR")
    assert _placeholders("в {country:in}") != _placeholders("in {where}")


def test_russian_citizenship_verdicts_name_the_citizens_country_declined(cli: Cli) -> None:
    """'закрыт для граждан России', not 'закрыт для граждан страны: Россия' (a Russian reads
    the route's blocker on the plan, in explain and on the web page)."""
    code, out, _err = cli("explain", "cz.study", str(EXAMPLES / "dima.toml"), "--lang", "ru")
    assert code == 0
    flat = " ".join(out.split())
    assert "закрыт для граждан России (с 24.02.2022)" in flat
    assert "граждан страны" not in flat
    assert "closed to citizens of Russia" in _explain(cli, "cz.study")


def test_a_list_of_citizenships_is_declined_name_by_name() -> None:
    from emigre.codes import country_names_of

    before = current_language()
    try:
        set_language("ru")
        assert country_names_of(["RU", "NL"]) == "России и Нидерландов"
        assert country_names_of(["RU", "BY", "NL"]) == "России, Беларуси и Нидерландов"
        assert country_names_of(["NR"]) == "страны «Науру»"
        set_language("en")
        assert country_names_of(["RU", "NL"]) == "Russia and the Netherlands"
    finally:
        set_language(before)


def test_russian_offer_and_admission_conditions_decline_the_country(cli: Cli) -> None:
    """'нужно предложение о работе на Кипре', 'письмо о зачислении в вуз в Чехии' — not
    'предложение о работе (страна: Кипр)'."""
    leaver = str(EXAMPLES / "aigerim.toml")
    code, out, _err = cli("explain", "cy.employment_bfu", leaver, "--lang", "ru")
    assert code == 0
    flat = " ".join(out.split())
    assert "нужно предложение о работе на Кипре с зарплатой не ниже" in flat
    assert "(страна:" not in flat
    code, out, _err = cli("explain", "cz.study", leaver, "--lang", "ru", "--admission", "CZ")
    assert code == 0
    flat = " ".join(out.split())
    assert "у вас есть письмо о зачислении в вуз в Чехии" in flat
    assert "(страна:" not in flat


def test_the_net_pay_estimate_declines_the_country_in_russian(cli: Cli) -> None:
    """'как в России', not 'как в Россия'; 'для Нидерландов', not 'для страны Нидерланды'."""
    import json

    def reason(route: str, lang: str) -> str:
        code, out, _err = cli(
            "explain", route, str(EXAMPLES / "dima.toml"), "--lang", lang, "--format", "json",
            "--offer", "NL:72000",
        )  # fmt: skip
        assert code == 0
        doc = json.loads(out)
        return str(doc.get("route", doc)["after_arrival"]["income"]["reason"])

    assert reason("it.digital_nomad", "ru").endswith("от брутто, как в России")
    assert "(для Нидерландов своей оценки в данных нет)" in reason("nl.blue_card", "ru")
    assert reason("nl.blue_card", "en").endswith(
        "as in a European country (no figure for the Netherlands)"
    )


def test_residence_and_course_sentences_decline_the_country_in_russian() -> None:
    """'вы живёте в Армении', 'курс (чешский) в Чехии': no 'в стране: Армения'."""
    from emigre.codes import country_in_sentence, country_names_or
    from emigre.i18n import Lazy

    def of(code: str) -> Lazy:
        return Lazy(country_in_sentence, code)

    assert _shown("ru", "you live in {country}", country=of("AM")) == "вы живёте в Армении"
    from emigre.i18n import Msg

    before = current_language()
    set_language("ru")
    try:
        course = str(
            Msg(
                "Preparatory {lang} course in {country}, to {level}",
                lang="чешский",
                country=of("CZ"),
                level="B2",
            )
        )
    finally:
        set_language(before)
    assert course == "Подготовительный языковой курс (чешский) в Чехии, до уровня B2"
    moved = _shown(
        "ru", "attended in {country} after you move: the visa is for it", country=of("CZ")
    )
    assert moved.startswith("проходится в Чехии после переезда")
    have = _shown(
        "ru",
        "only a degree awarded in {need} counts; yours is from {have}",
        need=Lazy(country_names_or, ["DE"]),
        have=of("FR"),
    )
    assert have == "засчитывается только диплом, выданный в Германии; ваш — из Франции"


def test_russian_sentences_decline_a_list_of_countries_name_by_name() -> None:
    """A list after a preposition is declined: 'работодатель из России и из Казахстана', 'диплом,
    выданный в Великобритании или в Соединенных Штатах', 'соглашение с Россией' (the instrumental
    case), never 'из: Россия, Казахстан' or 'со страной Россия'."""
    from emigre.codes import country_in_sentence, country_names, country_names_or
    from emigre.i18n import Lazy

    paid = "you are paid by an employer in {names}"
    both = Lazy(country_names, ["RU", "KZ"])
    assert _shown("ru", paid, names=both) == "вам платит работодатель из России и из Казахстана"
    assert _shown("en", paid, names=both) == "you are paid by an employer in Russia and Kazakhstan"
    degree = "only a degree awarded in {need} counts; yours is from {have}"
    assert _shown(
        "ru",
        degree,
        need=Lazy(country_names_or, ["GB", "US"]),
        have=Lazy(country_in_sentence, "RU"),
    ) == (
        "засчитывается только диплом, выданный в Великобритании или в Соединенных Штатах; "
        "ваш — из России"
    )
    agreement = (
        "{here} has no social-security agreement with {where}: your employer must register "
        "with {here}'s social security (the self-employed register themselves); ask whether it will"
    )
    shown = _shown(
        "ru", agreement, here=Lazy(country_in_sentence, "SE"), where=Lazy(country_in_sentence, "RU")
    )
    assert shown.startswith("у Швеции нет соглашения о социальном обеспечении с Россией:")
    covered = "a certificate of coverage from {where} under its agreement with {here} covers you"
    shown = _shown(
        "ru", covered, where=Lazy(country_names, ["CY", "RS"]), here=Lazy(country_in_sentence, "SE")
    )
    assert shown == (
        "вас покрывает справка о страховом покрытии с Кипра и из Сербии по соглашению со Швецией"
    )


def test_a_dual_citizen_reads_both_citizenships_declined(cli: Cli, tmp_path: Path) -> None:
    """'закрыт для граждан России и Беларуси' on the Czech ban, for a Russian-Belarusian."""
    import tomli_w

    from tests.conftest import base_profile

    path = tmp_path / "p.toml"
    path.write_text(tomli_w.dumps(base_profile(person={"citizenship": ["RU", "BY"]})))
    code, out, _err = cli("explain", "cz.study", str(path), "--lang", "ru")
    assert code == 0
    assert "закрыт для граждан России и Беларуси" in " ".join(out.split())
    code, out, _err = cli("explain", "cz.study", str(path), "--lang", "en")
    assert "closed to citizens of Russia and Belarus" in " ".join(out.split())
