"""A person of several citizenships is judged on all of them: another passport that needs no
Schengen visa lifts a rule about visas (a Russian-Israeli is not told that Schengen gives
Russians one trip per visa, and may use Norway's job-seeker permit for visa-free citizens); an EU
passport makes a route to an EU country unneeded and lifts the EU's deposit limit on Russians;
a warning that applies because of one passport says which; papers come from the country the
person lives in when they hold its citizenship."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from emigre.i18n import set_language
from emigre.knowledge.loader import KnowledgeBase
from emigre.knowledge.route import DocumentSpec
from emigre.plan.costs import document_cost
from emigre.plan.schedule import PlanInputs
from emigre.profile import Profile
from tests.conftest import Cli, base_profile, import_profile, web_client

ON = "2026-12-06"


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    """A run in Russian leaves the interface language set; the next tests read English."""
    yield
    set_language("en")


def _profile(tmp_path: Path, citizenship: list[str], residence: str = "RU") -> str:
    path = tmp_path / f"{'-'.join(citizenship)}-{residence}.toml"
    prof = base_profile(person={"citizenship": citizenship, "residence": residence})
    path.write_text(tomli_w.dumps(prof))
    return str(path)


def _plan(cli: Cli, prof: str) -> dict[str, Any]:
    code, out, err = cli("plan", prof, "--on", ON, "--format", "json")
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    return doc


def _warnings(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {w["id"]: w for w in doc["warnings"]}


def test_a_visa_free_second_passport_lifts_the_schengen_single_entry_warning(
    cli: Cli, tmp_path: Path
) -> None:
    russian = _warnings(_plan(cli, _profile(tmp_path, ["RU"])))
    assert russian["ru.schengen_single_entry"]["applies"] == "yes"
    assert russian["ru.schengen_single_entry"]["because_of_citizenship"] == []  # one passport
    israeli = _warnings(_plan(cli, _profile(tmp_path, ["RU", "IL"])))
    assert "ru.schengen_single_entry" not in israeli
    # a second passport that needs a visa too does not lift it; the warning says which passport
    kazakh = _warnings(_plan(cli, _profile(tmp_path, ["KZ", "RU"], "KZ")))
    assert kazakh["ru.schengen_single_entry"]["because_of_citizenship"] == ["RU"]


def test_the_terminal_says_which_passport_a_warning_is_about(cli: Cli, tmp_path: Path) -> None:
    code, out, _ = cli("plan", _profile(tmp_path, ["KZ", "RU"], "KZ"), "--on", ON)
    assert code == 0
    line = next(li for li in out.splitlines() if "Schengen visas: one trip per visa" in li)
    assert "as a citizen of Russia" in line
    code, out, _ = cli("plan", _profile(tmp_path, ["RU"]), "--on", ON)
    line = next(li for li in out.splitlines() if "Schengen visas: one trip per visa" in li)
    assert "as a citizen of" not in line


def test_russian_reads_which_passport_in_the_genitive(tmp_path: Path, cli: Cli) -> None:
    code, out, _ = cli("plan", _profile(tmp_path, ["KZ", "RU"], "KZ"), "--on", ON, "--lang", "ru")
    assert code == 0
    assert "как гражданину России" in out


def test_norways_job_seeker_permit_opens_to_a_visa_free_second_passport(
    cli: Cli, tmp_path: Path
) -> None:
    def condition(prof: str) -> dict[str, Any]:
        code, out, _ = cli("explain", "no.job_seeker", prof, "--on", ON, "--format", "json")
        assert code == 0
        doc = json.loads(out)
        return next(c for c in doc["conditions"] if c["id"] == "visa_free_citizen")

    alone = condition(_profile(tmp_path, ["RU"]))
    assert alone["status"] == "unmet"
    dual = condition(_profile(tmp_path, ["RU", "IL"]))
    assert dual["status"] == "met" and "Israel" in dual["reason"]


def test_an_eu_passport_lifts_the_deposit_limit_warning(cli: Cli, tmp_path: Path) -> None:
    assert "ru.banking_sanctions" in _warnings(_plan(cli, _profile(tmp_path, ["RU"])))
    assert "ru.banking_sanctions" not in _warnings(_plan(cli, _profile(tmp_path, ["RU", "DE"])))


def test_an_eu_citizen_is_told_the_eu_routes_are_not_needed(cli: Cli, tmp_path: Path) -> None:
    dual = _profile(tmp_path, ["RU", "DE"])
    warning = _warnings(_plan(cli, dual))["eu.free_movement"]
    assert warning["applies"] == "yes" and warning["because_of_citizenship"] == ["DE"]
    assert "eu.free_movement" not in _warnings(_plan(cli, _profile(tmp_path, ["RU"])))
    # a route to an EU member state says it is not needed; one outside the EU does not
    code, out, _ = cli("explain", "cz.study", dual, "--on", ON)
    assert code == 0
    flat = " ".join(out.split())
    assert "You may not need this route: as a citizen of Germany you may live and work" in flat
    assert "in Czechia" in flat
    code, out, _ = cli("explain", "cz.study", dual, "--on", ON, "--format", "json")
    assert json.loads(out)["free_movement_as_citizen_of"] == ["DE"]
    code, out, _ = cli("explain", "rs.visa_free", dual, "--on", ON, "--format", "json")
    assert json.loads(out)["free_movement_as_citizen_of"] == []
    code, out, _ = cli("explain", "cz.study", dual, "--on", ON, "--lang", "ru")
    assert "как гражданин Германии вы можете жить и работать в Чехии" in " ".join(out.split())


def test_the_web_pages_say_which_passport_and_that_an_eu_route_is_not_needed(
    tmp_path: Path,
) -> None:
    client = web_client(tmp_path)
    prof = base_profile(person={"citizenship": ["RU", "DE"], "residence": "RU"})
    base = import_profile(client, tomli_w.dumps(prof))
    results = " ".join(client.get(f"{base}/results").text.split())
    assert "EU, EEA or Swiss citizenship: where free movement applies" in results
    assert "as a citizen of Germany" in results
    route = " ".join(client.get(f"{base}/route/cz.study").text.split())
    assert "You may not need this route" in route


@pytest.mark.parametrize(("held", "fee_known"), [(["BY", "RU"], True), (["BY"], False)])
def test_the_criminal_record_comes_from_the_country_a_dual_citizen_lives_in(
    kb: KnowledgeBase, held: list[str], fee_known: bool
) -> None:
    """A Belarusian-Russian living in Russia gets the Russian certificate (its fee is in the
    data), not the Belarusian one because Belarus is listed first (its fee is not)."""
    residence = "RU" if "RU" in held else "BY"
    raw = base_profile(person={"citizenship": held, "residence": residence})
    inp = PlanInputs(Profile.model_validate(raw), date(2026, 12, 6), kb.params, kb.fx, 15)
    cost = document_cost(DocumentSpec(kind="criminal_record", apostille=False), "CZ", inp)
    assert (cost.kind == "known") is fee_known


def test_the_terminal_leads_with_free_movement_once_for_an_eu_citizen(
    cli: Cli, tmp_path: Path
) -> None:
    """A Russian-Latvian's best route is free movement: it stands first, once, with the other
    countries it reaches named in one line, and the routes that follow keep their places. A
    Russian alone sees no free-movement route at all (not thirty closed ones)."""
    code, out, _ = cli("plan", _profile(tmp_path, ["RU", "LV"]), "--on", ON)
    assert code == 0
    flat = " ".join(out.split())
    best = flat.split("The best 10 for your goal", 1)[1]
    assert best.lstrip().startswith("1 Austria: Free movement")
    assert "Free movement reaches 29 more countries too: Belgium," in best
    assert best.count("free_movement") == 1
    assert "Germany" in best.split("Free movement reaches", 1)[1].split("`--all`", 1)[0]
    code, out, _ = cli("plan", _profile(tmp_path, ["RU"]), "--on", ON, "--all")
    assert code == 0 and "free_movement" not in out and "Free movement" not in out
