"""The legal bases of the knowledge base in Russian: the `knowledge` gettext catalog translates
every English `legal_basis` of the data files, keeping its numbers and § signs; a Russian page,
`explain --lang ru` and the Russian JSON show the translation (the JSON and the page keep the
English original beside it), the English ones stay as the data writes them."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from emigre import i18n_catalog
from emigre.i18n import law, set_language
from tests.conftest import EXAMPLES, Cli

ON = "2026-11-25"
DIMA = EXAMPLES / "dima.toml"
ANYA = EXAMPLES / "anya.toml"
ROUTE = "de.blue_card"

#: English words that only explain (never part of a statute's own name in its language, which
#: stays as it is: "Ley de startups", "Appendix Skilled Worker", "Employment Permits Act 2006").
EXPLAINING = frozenset(
    """the and with of for from since until must only not least which that under after before
    amended force sentence paragraph article act law regulation decree none estimate is are be
    than at to on by or an per month year years months days new rule""".split()
)


def _foreign(word: str) -> bool:
    """A word of another Latin-script language next to the one looked at: not English
    explaining vocabulary, and not Russian."""
    bare = word.strip("()«»'\",;:.")
    return bool(re.fullmatch(r"[a-zà-ÿæøåčšžřěůýáíéóúñ]+", bare)) and bare not in EXPLAINING


def english_words(text: str) -> list[str]:
    """The lower-case English explaining words of a legal basis shown as Russian, outside an
    official English name ("Master of Science", "Immigration and Nationality (Fees) Regulations":
    a word between two capitalised Latin words)."""
    found = []
    for m in re.finditer(r"(?<![\w'-])[a-z]+(?![\w'-])", text):
        before = text[: m.start()].split()[-1:] or [""]
        after = text[m.end() :].split()[:1] or [""]
        if re.match("[(«'\"]*[A-Z]", before[0]) and re.match("[A-Z]", after[0]):
            continue
        if _foreign(before[0]) and _foreign(after[0]):
            continue  # inside a statute's own name in its language ("tilleggskrav for autorisasjon")
        if m.group(0) in EXPLAINING:
            found.append(m.group(0))
    return found


def _russian(text: str) -> str:
    set_language("ru")
    try:
        return law(text)
    finally:
        set_language("en")


def _translations() -> dict[str, str]:
    catalog = i18n_catalog._read("ru", i18n_catalog.KNOWLEDGE)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string}


def test_translations_keep_every_number_and_section_sign_and_speak_russian() -> None:
    """A law's number is never translated: every digit sequence and `§` of the English legal
    basis is in its Russian text, and the explanatory words are Russian."""
    done = _translations()
    assert done, "the knowledge catalog translates nothing"
    for english, russian in done.items():
        assert i18n_catalog.kept_tokens(russian) == i18n_catalog.kept_tokens(english), english
        assert english_words(russian) == [], (english, russian)
        if russian != english:  # a bare citation ("§42 NAG") stays as it is
            assert re.search("[а-яё]", russian, re.I), russian
    assert sum(russian != english for english, russian in done.items()) > 0.9 * len(done)


def _cited(node: object, out: set[str]) -> set[str]:
    """Every `legal_basis` of a loaded knowledge-base object and what it holds."""
    from pydantic import BaseModel

    if isinstance(node, BaseModel):
        basis = getattr(node, "legal_basis", None)
        if isinstance(basis, str):
            out.add(basis)
        for name in type(node).model_fields:
            _cited(getattr(node, name), out)
    elif isinstance(node, list | tuple):
        for item in node:
            _cited(item, out)
    elif isinstance(node, dict):
        for item in node.values():
            _cited(item, out)
    return out


def test_every_legal_basis_of_the_knowledge_base_is_in_the_catalog() -> None:
    """`update` takes every legal basis the loaded knowledge base can show: routes, conditions,
    requirements, outcomes, parameter values and warnings alike."""
    from emigre.knowledge.loader import knowledge_base

    kb = knowledge_base()
    cited = _cited([kb.routes, kb.warnings, kb.params.parameters], set())
    assert len(cited) > 100 and kb.route(ROUTE).legal_basis in cited
    ids = {str(m.id) for m in i18n_catalog.legal_bases() if m.id}
    assert cited <= ids, sorted(cited - ids)[:5]


def _knowledge_sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, basis: str) -> Path:
    """A copy of the catalogs and a data folder with one route-like file citing `basis`."""
    locale = tmp_path / "locale"
    shutil.copytree(i18n_catalog.LOCALE, locale)
    data = tmp_path / "data"
    (data / "countries" / "xx" / "routes").mkdir(parents=True)
    (data / "countries" / "xx" / "routes" / "r.yaml").write_text(
        f'legal_basis: "{basis}"\n', encoding="utf-8"
    )
    monkeypatch.setattr(i18n_catalog, "LOCALE", locale)
    monkeypatch.setattr(i18n_catalog, "DATA", data)
    return locale


def test_check_fails_on_a_new_legal_basis_until_it_is_translated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    basis = "§99(9) sentence 2 ExampleG (new rule from 1 March 2027)"
    _knowledge_sandbox(tmp_path, monkeypatch, basis)
    monkeypatch.setattr(i18n_catalog, "KNOWLEDGE_COMPLETE", True)
    i18n_catalog.update()
    i18n_catalog.compile_all()
    assert any("not translated" in p and basis in p for p in i18n_catalog.problems())
    assert i18n_catalog.pending() == {"ru": 1}

    catalog = i18n_catalog._read("ru", i18n_catalog.KNOWLEDGE)
    catalog[basis].string = "§99(9) предл. 3 ExampleG (новая норма с 1 марта 2027 г.)"
    i18n_catalog._write("ru", catalog, i18n_catalog.KNOWLEDGE)
    i18n_catalog.compile_all()
    assert any("numbers or § differ" in p for p in i18n_catalog.problems())

    catalog = i18n_catalog._read("ru", i18n_catalog.KNOWLEDGE)
    catalog[basis].string = "§99(9) предл. 2 ExampleG (новая норма с 1 марта 2027 г.)"
    i18n_catalog._write("ru", catalog, i18n_catalog.KNOWLEDGE)
    assert any("stale" in p for p in i18n_catalog.problems())
    i18n_catalog.compile_all()
    assert i18n_catalog.problems() == [] and i18n_catalog.pending() == {"ru": 0}


def test_explain_in_russian_shows_the_legal_basis_in_russian(cli: Cli) -> None:
    from emigre.knowledge.loader import knowledge_base

    english = knowledge_base().route(ROUTE).legal_basis
    russian = _russian(english)
    assert russian != english

    code, out, _err = cli("explain", ROUTE, str(ANYA), "--on", ON, "--lang", "ru")
    assert code == 0
    flat = " ".join(out.split())
    assert f"Правовое основание: {russian}" in flat
    assert english not in flat
    code, out, _err = cli("explain", ROUTE, str(ANYA), "--on", ON, "--lang", "ru", "-f", "json")
    conditions = [c for c in json.loads(out)["conditions"] if c["legal_basis"]]
    assert conditions
    for c in conditions:
        assert f"закон: {c['legal_basis']}" in flat
        if "legal_basis_original" in c:
            assert c["legal_basis_original"] not in flat and not english_words(c["legal_basis"])
        else:  # not translated yet: only while the catalog may lack translations
            assert not i18n_catalog.KNOWLEDGE_COMPLETE, c["legal_basis"]

    code, out, _err = cli("explain", ROUTE, str(ANYA), "--on", ON, "--lang", "en")
    assert code == 0 and f"Legal basis: {english}" in " ".join(out.split())


def test_json_gives_the_legal_basis_in_the_documents_language_and_the_original(
    cli: Cli,
) -> None:
    code, out, _err = cli("explain", ROUTE, str(DIMA), "--on", ON, "-f", "json", "--lang", "ru")
    assert code == 0
    doc = json.loads(out)
    english = doc["legal_basis_original"]
    assert doc["legal_basis"] == _russian(english) != english
    cited = [c for c in doc["conditions"] if c["legal_basis"]]
    assert cited and all(c["legal_basis"] != c.get("legal_basis_original") for c in cited)

    code, out, _err = cli("explain", ROUTE, str(DIMA), "--on", ON, "-f", "json", "--lang", "en")
    doc = json.loads(out)
    assert doc["legal_basis"] == english and "legal_basis_original" not in doc
    assert not any("legal_basis_original" in c for c in doc["conditions"])


def test_russian_route_page_cites_the_law_in_russian_and_english_page_in_english(
    tmp_path: Path,
) -> None:
    from emigre.knowledge.loader import knowledge_base
    from tests.conftest import import_profile, web_client

    english = knowledge_base().route(ROUTE).legal_basis
    client = web_client(tmp_path, date(2026, 11, 25), lang="ru")
    page = import_profile(client, DIMA.read_bytes(), "dima.toml") + f"/route/{ROUTE}?on={ON}"
    html = client.get(page).text
    cites = re.findall(r'<cite class="law" lang="(\w+)"[^>]*>([^<]*)</cite>', html)
    assert ("ru", _russian(english)) in cites
    for lang, text in cites:
        if lang == "ru":
            assert not english_words(text), text
        else:  # not translated yet: only while the catalog may lack translations
            assert not i18n_catalog.KNOWLEDGE_COMPLETE, text

    client.cookies.set("lang", "en")
    html = client.get(page).text
    assert f'<cite class="law" lang="en">{english}</cite>' in html.replace("&#39;", "'")
