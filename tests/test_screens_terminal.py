"""What varied people see in an 80-column terminal, in Russian and in English: `plan --all` and
`explain` for a route of each group (open, short stay, open if the authority agrees, not needed,
closed). No line runs past the edge, no English word is left in the Russian text (route ids,
commands and addresses aside), no profile value is shown as its code ("criminal"), no "0 months",
no full stop before a colon."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import Cli
from tests.english_scan import english_words

PEOPLE = Path(__file__).parent / "fixtures" / "people"
ON = "2026-12-07"

#: Each person with routes that stand in different groups for them.
EXPLAINED = {
    "activist": ["cz.civil_society", "ge.visa_free", "me.visa_free"],
    "belarus_student": ["lt.study", "cz.study"],
    "kz_nurse": ["de.recognition.nursing", "es.blue_card"],
    "nl_offer": ["nl.blue_card", "de.opportunity_card"],
    "ru_de_dual": ["de.blue_card", "uk.skilled_worker"],
    "ua_accountant": ["pl.blue_card"],
}

ROUTE_ID = re.compile(r"\b[a-z]{2}(?:\.[a-z0-9_]+)+\b")
CODE_SPAN = re.compile(r"`[^`]*`")
#: Profile values as the profile file writes them: on screen they are words.
PROFILE_CODES = re.compile(
    r"\b(criminal|administrative|liable|reserve|exempt|settle_eu|leave_soon)\b"
)


def _run(cli: Cli, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = cli(*args, "--on", ON)
    assert code == 0, err
    return out


def _readable_checks(out: str, lang: str) -> None:
    too_wide = [line for line in out.splitlines() if cell_len(line) > 80]
    assert not too_wide, too_wide[:3]
    # a sentence from the data before "label: amount" ("Сб.:", an abbreviation, is fine)
    assert not re.search(r"[а-яёa-z]{4}\.:", out)
    assert not re.search(r"\b0\s(months|месяцев|мес)", out)
    if lang == "ru":
        text = CODE_SPAN.sub(" ", ROUTE_ID.sub(" ", out))
        assert english_words("<p>" + html.escape(text) + "</p>") == []
        assert not PROFILE_CODES.findall(text)


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("person", sorted(EXPLAINED))
def test_plan_reads_in_80_columns(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, person: str, lang: str
) -> None:
    out = _run(cli, monkeypatch, "plan", str(PEOPLE / f"{person}.toml"), "--all", "--lang", lang)
    _readable_checks(out, lang)


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize(
    ("person", "route"), [(p, r) for p, routes in sorted(EXPLAINED.items()) for r in routes]
)
def test_explain_reads_in_80_columns(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, person: str, route: str, lang: str
) -> None:
    out = _run(cli, monkeypatch, "explain", route, str(PEOPLE / f"{person}.toml"), "--lang", lang)
    _readable_checks(out, lang)


def test_a_political_record_is_said_in_words(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    profile = str(PEOPLE / "activist.toml")
    ru = _run(cli, monkeypatch, "explain", "cz.civil_society", profile, "--lang", "ru")
    assert "политическое преследование: уголовное дело" in ru
    en = _run(cli, monkeypatch, "explain", "cz.civil_society", profile, "--lang", "en")
    assert "political persecution: criminal case" in en


def test_a_missing_answer_names_the_question_not_the_list(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warning that depends on where a current employer is asks exactly that, not for
    "work experience" the person has already given."""
    out = _run(cli, monkeypatch, "plan", str(PEOPLE / "activist.toml"), "--lang", "ru")
    assert "ответьте: где находится ваш работодатель" in out
    assert "ответьте: опыт работы" not in out


def test_escaped_addresses_read_as_text_but_controls_stay_escaped() -> None:
    from emigre.report.terminal.text import readable_url, short_url

    cyrillic = "https://naslovi.net/%D0%B2%D0%B8%D0%B7%D0%B5"
    assert readable_url(cyrillic) == "https://naslovi.net/визе"
    assert "%" not in short_url("https://example.org/" + "%D0%B2" * 40, 40)
    for hostile in ("https://x.org/%1B%5B31m", "https://x.org/%E2%80%AEgpj", "https://x.org/a%20b"):
        assert readable_url(hostile) == hostile
    assert readable_url("https://x.org/%FF") == "https://x.org/%FF"  # not UTF-8


def test_the_next_step_opens_the_mission_where_the_person_lives(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Blue Card applicant living in Russia starts on the German missions' page for Russia,
    not on the first embassy page the route happens to cite."""
    out = _run(cli, monkeypatch, "explain", "de.blue_card", str(PEOPLE / "ru_de_dual.toml"))
    tail = out[out.index("Your next step") :]
    assert "germania.diplo.de" in tail


@pytest.mark.parametrize(
    ("lang", "permit", "stay"),
    [
        ("ru", "Разрешение выдаётся", "Можно находиться в стране"),
        ("en", "The permit is issued", "You may stay"),
    ],
)
def test_a_visa_free_stay_is_a_stay_not_a_permit(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, lang: str, permit: str, stay: str
) -> None:
    profile = str(PEOPLE / "activist.toml")
    out = _run(cli, monkeypatch, "explain", "ge.visa_free", profile, "--lang", lang)
    assert stay in out and permit not in out
    out = _run(cli, monkeypatch, "explain", "de.freelance", profile, "--lang", lang)
    assert permit in out  # a residence permit is one


EXAMPLE_PEOPLE = Path(__file__).parent.parent / "examples"


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("person", ["aigerim", "anya", "dima"])
def test_the_examples_read_in_80_columns(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, person: str, lang: str
) -> None:
    out = _run(
        cli, monkeypatch, "plan", str(EXAMPLE_PEOPLE / f"{person}.toml"), "--all", "--lang", lang
    )
    _readable_checks(out, lang)


def test_a_shortened_risk_or_decision_ends_at_a_whole_word() -> None:
    """A risk beside a verdict and what others decide are shortened to a line: the cut falls
    between words ("NGOs report…", never "NGOs report Be…", which reads as another word)."""
    from emigre.i18n import pick, shortened
    from emigre.knowledge.loader import knowledge_base

    kb = knowledge_base()
    texts = [pick(r.text) for route in kb.routes for r in route.risks]
    assert len(texts) > 20
    for text in texts:
        text = " ".join(text.split())
        for width in (30, 57, 90):
            short = shortened(text, width)
            assert len(short) <= width
            if short != text:
                kept = short.removesuffix("…")
                assert text.startswith(kept), (text, short)
                rest = text[len(kept) :]
                assert not (kept[-1:].isalnum() and rest[:1].isalnum()), (text, short)
