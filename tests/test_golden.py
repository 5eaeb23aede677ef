"""Golden verdicts: the personas and hand-made cases; a test fails if a route's verdict changes."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from emigre.profile import Profile
from emigre.rules.evaluate import assess
from tests.conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"


def _cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for name in ("personas.yaml", "cases.yaml"):
        data = YAML(typ="safe", pure=True).load((GOLDEN / name).read_text())
        out.extend(data.items())
    return out


def _profile(case: dict[str, Any]) -> Profile:
    raw = tomllib.loads((ROOT / case["profile"]).read_text())
    for path, value in (case.get("set") or {}).items():
        *parents, leaf = path.split(".")
        node = raw
        for key in parents:
            node = node.setdefault(key, {})
        if value is None:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    if "offers" in case:
        raw["offers"] = case["offers"]
    return Profile.model_validate(raw)


@pytest.mark.parametrize(("name", "case"), _cases(), ids=[n for n, _ in _cases()])
def test_golden(kb, name: str, case: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    on = case["on"] if isinstance(case["on"], date) else date.fromisoformat(case["on"])
    results = {
        r.route.id: r
        for r in assess(_profile(case), on, kb.routes, kb.params, kb.fx, respect_preferences=False)
    }
    wrong = {
        route: (expected, results[route].verdict if route in results else "missing")
        for route, expected in case["verdicts"].items()
        if route not in results or results[route].verdict != expected
    }
    assert not wrong, f"{name}: expected vs got {wrong}"


def test_every_route_has_a_golden_verdict_for_each_persona(kb) -> None:  # type: ignore[no-untyped-def]
    personas = YAML(typ="safe", pure=True).load((GOLDEN / "personas.yaml").read_text())
    ids = {r.id for r in kb.routes}
    for name, case in personas.items():
        assert set(case["verdicts"]) == ids, f"{name}: golden file out of date with the routes"


def test_verdicts_differ_by_nationality_exactly_where_the_law_does(kb) -> None:  # type: ignore[no-untyped-def]
    expected = YAML(typ="safe", pure=True).load((GOLDEN / "nationality.yaml").read_text())
    raw = tomllib.loads((ROOT / "examples" / "dima.toml").read_text())
    verdicts = {}
    for cc in ("RU", "BY", "KZ"):
        prof = Profile.model_validate({**raw, "person": {**raw["person"], "citizenship": [cc]}})
        results = assess(
            prof, date(2026, 11, 25), kb.routes, kb.params, kb.fx, respect_preferences=False
        )
        verdicts[cc] = {r.route.id: r.verdict for r in results}
    for pair, diffs in expected.items():
        a, b = pair.split("_vs_")
        got = {
            rid: [verdicts[a][rid], verdicts[b][rid]]
            for rid in verdicts[a]
            if verdicts[a][rid] != verdicts[b][rid]
        }
        assert got == diffs, f"{pair}: expected differences {diffs}, got {got}"
