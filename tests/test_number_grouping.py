"""Hours, days and counts of a thousand or more read with the reader's digit grouping, as the
amounts do: "1,418 hours" in English, "1 418 ч" (narrow no-break space) in Russian -- in the
terminal, in the JSON of each language, and never a bare "1418"."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from emigre.i18n import Grouped, Msg, current_language, set_language
from tests.conftest import EXAMPLES

DIMA = str(EXAMPLES / "dima.toml")
NNBSP = "\u202f"


@pytest.fixture
def language() -> Iterator[None]:
    before = current_language()
    yield
    set_language(before)


def test_a_number_is_grouped_in_the_language_it_is_shown_in(language: None) -> None:
    msg = Msg(
        "about {h:.0f} hours ({lo:.0f}–{hi:.0f})", h=Grouped(1418.4), lo=790, hi=Grouped(2430)
    )
    set_language("en")
    assert str(msg) == "about 1,418 hours (790–2,430)"
    set_language("ru")
    assert str(msg) == f"about 1{NNBSP}418 hours (790–2{NNBSP}430)"
    assert f"{Grouped(2.5):g}" == "2,5" and f"{Grouped(12_500)}" == f"12{NNBSP}500"
    set_language("en")
    assert f"{Grouped(999)}" == "999" and f"{Grouped(2.5):g}" == "2.5"


def _learning_titles(cli, *lang: str) -> list[str]:  # type: ignore[no-untyped-def]
    code, out, err = cli(
        "explain", "de.study", DIMA, "--on", "2026-12-06", "--format", "json", *lang
    )
    assert code == 0, err
    doc = json.loads(out)
    return [s["title"] for s in doc["steps"] if s.get("language") == "de" and s.get("hours")]


def test_the_hours_of_learning_a_language_are_grouped_in_both_languages(cli) -> None:  # type: ignore[no-untyped-def]
    # Learning German from zero to C1 takes well over a thousand hours.
    (en,) = _learning_titles(cli)
    (ru,) = _learning_titles(cli, "--lang", "ru")
    assert re.search(r"about \d,\d{3} hours \(\d+–\d,\d{3}\)", en), en
    assert re.search(rf"около \d{NNBSP}\d{{3}}\xa0ч \(\d+–\d{NNBSP}\d{{3}}\)", ru), ru
    assert not re.search(r"\d{4}", en + ru), "a bare four-digit count is left"
