"""A currency the rates table has no rate for (at the plan date) is a gap in the rates, not in the
profile: the person did fill in their currency. Routes that cannot compare an amount say which
rate is missing (CUR→EUR as of the date) and how to get it (the `emigre rates` commands), in
the terminal, the JSON and the web, in English and Russian; never "fill in: money"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from emigre.codes import currencies
from emigre.knowledge.loader import KnowledgeBase
from tests.conftest import EXAMPLES, Cli, import_profile, web_client

ON = "2026-12-07"


@pytest.fixture(scope="module")
def no_rate(kb: KnowledgeBase) -> str:
    """A currency with no rate at the date (ILS while the bundled table has none; any other
    otherwise: the behaviour is the same for every currency)."""
    from datetime import date

    on = date.fromisoformat(ON)
    missing = [c for c in sorted(currencies()) if c != "EUR" and kb.fx.rate(c, on) is None]
    assert missing
    return "ILS" if "ILS" in missing else missing[0]


def _profile(tmp_path: Path, currency: str) -> Path:
    """Anya's example profile (savings and monthly savings) with her money in `currency`."""
    text = (EXAMPLES / "anya.toml").read_text(encoding="utf-8")
    assert 'currency = "RUB"' in text
    path = tmp_path / "profile.toml"
    path.write_text(text.replace('currency = "RUB"', f'currency = "{currency}"'), "utf-8")
    return path


def _plan(cli: Cli, profile: Path, *more: str) -> dict[str, Any]:
    code, out, err = cli("plan", str(profile), "--on", ON, "--all", "--format", "json", *more)
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    return doc


def test_the_json_names_the_missing_rate_never_the_currency_as_an_answer(
    cli: Cli, tmp_path: Path, no_rate: str
) -> None:
    doc = _plan(cli, _profile(tmp_path, no_rate))
    gap = {"from": no_rate, "to": "EUR", "on": ON}
    assert doc["currency"]["per_eur"] is None and doc["currency"]["missing_rate"] == gap
    waiting = [r for r in doc["routes"] if r["missing_rates"]]
    assert waiting, "a route that compares the person's savings waits on the rate"
    for r in doc["routes"]:
        assert not any(m.endswith("currency") for m in r["missing"]), (r["id"], r["missing"])
    for r in waiting:
        assert r["missing_rates"] == [gap], r["id"]
        assert any(no_rate in c.get("no_rate", []) for c in r["conditions"]), r["id"]
        if r["verdict"] == "unknown" and not r["missing"] and r.get("group") != "if_agreed":
            action = r["next_action"]["title"]
            assert action.startswith(f"Get the exchange rate {no_rate}→EUR as of {ON}"), action
            assert "emigre rates update" in action, action
            assert f"emigre rates show {no_rate}" in action, action


def test_with_a_rate_no_route_waits_on_one(cli: Cli, tmp_path: Path) -> None:
    doc = _plan(cli, _profile(tmp_path, "RUB"))
    assert "missing_rate" not in doc["currency"]
    assert not any(r["missing_rates"] for r in doc["routes"])


def test_an_offer_in_a_currency_without_a_rate_is_the_same_gap(
    cli: Cli, tmp_path: Path, no_rate: str
) -> None:
    """Whatever the currency is an amount of (here a job offer's), the gap is the rate."""
    path = _profile(tmp_path, "RUB")
    offer = f'\n[[offers]]\ncountry = "DE"\ngross_annual_salary = 300000\ncurrency = "{no_rate}"\n'
    path.write_text(path.read_text(encoding="utf-8") + offer, "utf-8")
    doc = _plan(cli, path)
    waiting = [r for r in doc["routes"] if r["missing_rates"]]
    assert waiting and all(r["country"] == "DE" for r in waiting), [r["id"] for r in waiting]
    assert all(r["missing_rates"][0]["from"] == no_rate for r in waiting)
    assert not any("offers.currency" in r["missing"] for r in doc["routes"])


@pytest.mark.parametrize(
    ("lang", "line", "fix"),
    [("en", "no exchange rate {cur}→EUR as of", "emigre rates update"),
     ("ru", "нет курса {cur}→EUR на", "emigre rates update")],
)  # fmt: skip
def test_the_terminal_groups_the_routes_under_the_missing_rate_and_says_how_to_get_it(
    cli: Cli, tmp_path: Path, no_rate: str, lang: str, line: str, fix: str
) -> None:
    cli.monkeypatch.setenv("COLUMNS", "80")
    code, out, err = cli("plan", str(_profile(tmp_path, no_rate)), "--on", ON, "--lang", lang)
    assert code == 0, err
    flat = " ".join(out.split())
    assert line.format(cur=no_rate) in flat, out
    assert fix in flat and f"emigre rates show {no_rate}" in flat
    assert "fill in: money" not in flat and "заполните: деньги" not in flat
    assert max(len(x) for x in out.splitlines()) <= 80


@pytest.mark.parametrize(("lang", "words"), [("en", "no exchange rate"), ("ru", "нет курса")])
def test_the_web_results_say_which_rate_is_missing_and_how_to_get_it(
    tmp_path: Path, no_rate: str, lang: str, words: str
) -> None:
    from datetime import date

    client = web_client(tmp_path, date.fromisoformat(ON), lang)
    text = _profile(tmp_path, no_rate).read_text(encoding="utf-8")
    base = import_profile(client, text)
    page = client.get(f"{base}/results").text
    assert f"{words} {no_rate}→EUR" in page
    assert "emigre rates update" in page and f"emigre rates show {no_rate}" in page
