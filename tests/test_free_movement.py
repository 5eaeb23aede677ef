"""Free movement beyond the EU: a citizen of Norway, Iceland or Liechtenstein (the EEA
Agreement) or of Switzerland (the EU-Swiss agreement, the EFTA Convention) needs no permit in the
EU member states, and an EU citizen none in Norway, Iceland or Switzerland. The areas are data
(`eu.free_movement.<area>.citizens` / `.destinations`); Liechtenstein, which grants residence
to other Europeans only by quota, is nobody's free-movement destination."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from emigre.documents import knowledge, run_plan
from emigre.knowledge.loader import KnowledgeBase
from emigre.plan.rank import parse_weights
from emigre.profile import Profile
from emigre.profile_reading import parse_profile
from emigre.rules.conditions import Context
from emigre.rules.evaluate import free_movement, free_movement_in
from tests.conftest import Cli, base_profile

ON = date(2026, 12, 7)


def _ctx(kb: KnowledgeBase, held: list[str]) -> Context:
    person = Profile.model_validate(base_profile(person={"citizenship": held, "residence": "RU"}))
    return Context(person, ON, "", kb.params, kb.fx)


def test_a_norwegian_dual_citizen_needs_no_permit_in_the_eu_or_switzerland(
    kb: KnowledgeBase,
) -> None:
    ctx = _ctx(kb, ["RU", "NO"])
    for country in ("DE", "CZ", "PT", "CH", "IS", "NO"):
        assert free_movement(country, ctx) == ["NO"], country
    for country in ("GB", "RS", "GE", "TR", "LI"):
        assert free_movement(country, ctx) == [], country
    # the legal basis says which agreement: the EEA Agreement in the EU, the EFTA Convention in
    # Switzerland
    assert any("European Economic Area" in b for b in free_movement_in("DE", ctx).legal_bases)
    assert any("Free Trade Association" in b for b in free_movement_in("CH", ctx).legal_bases)


def test_a_swiss_dual_citizen_needs_no_permit_in_the_eu_norway_or_iceland(
    kb: KnowledgeBase,
) -> None:
    ctx = _ctx(kb, ["RU", "CH"])
    for country in ("DE", "FR", "IT", "NO", "IS", "CH"):
        assert free_movement(country, ctx) == ["CH"], country
    assert free_movement("GB", ctx) == []
    assert free_movement("LI", ctx) == []  # Liechtenstein: a few permits a year for the Swiss
    assert any("Swiss Confederation" in b for b in free_movement_in("AT", ctx).legal_bases)


def test_an_eu_citizen_needs_no_permit_in_norway_iceland_or_switzerland(kb: KnowledgeBase) -> None:
    ctx = _ctx(kb, ["RU", "DE"])
    assert [c for c in ("NO", "IS", "CH", "LI", "GB") if free_movement(c, ctx)] == [
        "NO",
        "IS",
        "CH",
    ]
    alone = _ctx(kb, ["RU"])
    assert not any(free_movement(c, alone) for c in ("DE", "NO", "CH", "IS"))


def test_a_swiss_dual_citizen_sees_the_routes_he_does_not_need_last_and_why() -> None:
    """The ranking puts the routes a Swiss-Russian does not need (Germany's, Norway's) after
    those he would need, each saying why; a route to Serbia or Georgia stays a route he needs."""
    data = base_profile(person={"citizenship": ["RU", "CH"], "birth_date": "1995-01-01"})
    run = run_plan(parse_profile(data, "ch_ru"), ON, knowledge(), parse_weights(None))
    ranked = sorted((p for p in run.plans.values() if p.rank), key=lambda p: p.rank or 0)
    not_needed = [p for p in ranked if p.result.free_movement]
    needed = [p for p in ranked if not p.result.free_movement]
    assert needed and not_needed
    assert {"DE", "NO"} <= {p.route.country for p in not_needed}
    assert not {"RS", "GE", "TR", "GB"} & {p.route.country for p in not_needed}
    assert max(p.rank or 0 for p in needed) < min(p.rank or 0 for p in not_needed)
    assert all(str(p.why).startswith("not needed: as a citizen of Switzerland") for p in not_needed)


def _profile(tmp_path: Path, citizenship: list[str]) -> str:
    path = tmp_path / f"{'-'.join(citizenship)}.toml"
    path.write_text(tomli_w.dumps(base_profile(person={"citizenship": citizenship})))
    return str(path)


def test_a_norwegian_is_told_which_passport_and_on_what_basis(cli: Cli, tmp_path: Path) -> None:
    dual = _profile(tmp_path, ["RU", "NO"])
    code, out, err = cli("plan", dual, "--on", ON.isoformat(), "--format", "json")
    assert code == 0, err
    warnings: dict[str, Any] = {w["id"]: w for w in json.loads(out)["warnings"]}
    assert warnings["eu.free_movement"]["applies"] == "yes"
    assert warnings["eu.free_movement"]["because_of_citizenship"] == ["NO"]
    code, out, _ = cli("explain", "cz.study", dual, "--on", ON.isoformat(), "--format", "json")
    doc = json.loads(out)
    assert doc["free_movement_as_citizen_of"] == ["NO"]
    assert "European Economic Area" in doc["free_movement_legal_basis"][0]["legal_basis"]
    code, out, _ = cli("explain", "cz.study", dual, "--on", ON.isoformat())
    flat = " ".join(out.split())
    assert "as a citizen of Norway you may live and work in Czechia" in flat
    code, out, _ = cli("explain", "rs.visa_free", dual, "--on", ON.isoformat(), "--format", "json")
    assert json.loads(out)["free_movement_as_citizen_of"] == []


def test_a_russian_alone_gets_no_free_movement_warning(cli: Cli, tmp_path: Path) -> None:
    code, out, err = cli(
        "plan", _profile(tmp_path, ["RU"]), "--on", ON.isoformat(), "--format", "json"
    )
    assert code == 0, err
    assert "eu.free_movement" not in {w["id"] for w in json.loads(out)["warnings"]}


def test_each_area_is_a_pair_of_country_lists(kb: KnowledgeBase) -> None:
    """An area without its other half would never be read: `emigre data check` refuses it."""
    from emigre.knowledge.free_movement import check_free_movement

    params = dict(kb.params.parameters)
    assert check_free_movement(params) == []
    params.pop("eu.free_movement.efta.destinations")
    assert check_free_movement(params) == [
        "parameter 'eu.free_movement.efta.citizens': a free-movement area needs "
        "'eu.free_movement.efta.destinations' too"
    ]


def test_every_eu_member_has_free_movement_in_every_other(kb: KnowledgeBase) -> None:
    """The EEA lists hold the EU's member states at the date (a change of membership is
    written in both places)."""
    eu = kb.params.resolve("eu.member_states", ON).value
    for name in ("eu.free_movement.eea.citizens", "eu.free_movement.eea.destinations"):
        assert set(eu) <= set(kb.params.resolve(name, ON).value), name


def test_an_eea_or_swiss_passport_lifts_the_eu_deposit_limit_too(cli: Cli, tmp_path: Path) -> None:
    """Regulation 833/2014, art. 5b(2): the deposit limit on Russians does not apply to nationals
    of an EU member state, an EEA state or Switzerland."""
    for held in (["RU", "NO"], ["RU", "CH"], ["RU", "IS"]):
        code, out, err = cli(
            "plan", _profile(tmp_path, held), "--on", ON.isoformat(), "--format", "json"
        )
        assert code == 0, err
        assert "ru.banking_sanctions" not in {w["id"] for w in json.loads(out)["warnings"]}, held


def test_the_free_movement_routes_are_the_generators_and_cover_every_destination(
    kb: KnowledgeBase,
) -> None:
    """One free-movement route per country an area reaches, as the script writes them (a
    hand edit to one of them, or a new destination without its file, fails here)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    script = root / "scripts" / "gen_free_movement_routes.py"
    res = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert res.returncode == 0, res.stderr
    routes = {r.country for r in kb.routes if r.family == "free_movement"}
    reached = {
        c
        for name in kb.params.named("eu.free_movement.", ".destinations")
        for c in kb.params.resolve(name, ON).value
    }
    assert routes == reached and "LI" not in routes


@pytest.mark.parametrize(
    ("held", "country", "state"),
    [
        (["RU", "LV"], "DE", "met"),  # the EEA
        (["RU", "CH"], "AT", "met"),  # the EU-Swiss agreement
        (["NO"], "CH", "met"),  # the EFTA Convention
        (["CH"], "NO", "met"),
        (["RU", "LV"], "LV", "met"),  # his own country
        (["RU"], "DE", "blocked"),
        (["US", "RU"], "DE", "blocked"),  # a passport that enters visa-free is not free movement
        (["GB"], "FR", "blocked"),  # since 2021
    ],
)
def test_the_free_movement_condition_reads_every_citizenship_and_area(
    kb: KnowledgeBase, held: list[str], country: str, state: str
) -> None:
    from emigre.rules.evaluate import evaluate_route

    route = next(r for r in kb.routes if r.id == f"{country.lower()}.free_movement")
    res = evaluate_route(route, _ctx(kb, held))
    assert res.root.state == state
    assert res.verdict == ("eligible" if state == "met" else "blocked")
    assert res.free_movement == []  # the route is the way in, never "not needed"
