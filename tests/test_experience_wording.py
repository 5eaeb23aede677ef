"""How a route's experience requirement reads: work 'in any occupation', not the ten ISCO major
groups listed one by one (which tell a reader nothing)."""

from __future__ import annotations

from tests.conftest import EXAMPLES, Cli


def _flat(cli: Cli, *args: str) -> str:
    code, out, _err = cli(*args, "--on", "2026-12-06")
    assert code == 0
    return " ".join(out.split())


def test_opportunity_card_points_count_work_in_any_occupation(cli: Cli) -> None:
    en = _flat(cli, "explain", "de.opportunity_card", str(EXAMPLES / "dima.toml"), "--lang", "en")
    assert "years of work in any occupation in the last 5 years: +2" in en
    assert "ISCO 0, 1, 2" not in en
    ru = _flat(cli, "explain", "de.opportunity_card", str(EXAMPLES / "dima.toml"), "--lang", "ru")
    assert "в любой профессии за последние 5 лет: +2" in ru
    assert "ISCO 0, 1, 2" not in ru


def test_a_school_leaver_is_told_the_years_of_any_work_a_route_needs(cli: Cli) -> None:
    out = _flat(cli, "explain", "cy.employment_bfu", str(EXAMPLES / "aigerim.toml"), "--lang", "en")
    assert "0.0 years of work in any occupation; needs 2" in out
    assert "ISCO 0, 1, 2" not in out


def test_named_occupations_are_still_named(cli: Cli) -> None:
    out = _flat(cli, "explain", "de.blue_card.it_specialist", str(EXAMPLES / "aigerim.toml"))
    assert "ISCO 25" in out or "ISCO 133" in out


def test_a_route_for_people_who_work_in_an_occupation_names_no_fraction_of_a_year(
    cli: Cli,
) -> None:
    """A nursing route asks whether one works as a nurse at all: a nurse is not told she
    "needs 0.1" years, and a developer is told the route is for nurses, in both languages."""
    from tests.conftest import ROOT

    nurse = str(ROOT / "tests" / "fixtures" / "people" / "kz_nurse.toml")
    for lang in ("en", "ru"):
        out = _flat(cli, "explain", "de.recognition.nursing", nurse, "--lang", lang)
        assert "2221" in out
        assert "0.1" not in out and "0,1" not in out
    dev = _flat(cli, "explain", "de.recognition.nursing", str(EXAMPLES / "dima.toml"))
    assert "the route is for people who work in these occupations" in dev
    assert "0.1" not in dev
