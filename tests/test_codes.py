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
