"""Belgium's Blue Card is decided by the region where the job is: the offer is compared with
each region's threshold emigre holds (Flanders; Brussels from its official page), and the
region itself stays a fact to state, so no offer makes the route "eligible" by itself."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w

from tests.conftest import Cli


def _explain(cli: Cli, tmp_path: Path, salary: float) -> dict[str, Any]:
    prof = {
        "person": {"citizenship": ["RU"], "birth_date": date(1992, 3, 15), "residence": "RU"},
        "education": {"school_certificate": "RU", "highest_degree": "bachelor"},
        "work": [{"occupation": "2512", "start": date(2016, 9, 1)}],
        "languages": {"ru": "native", "en": "C1"},
        "money": {"currency": "EUR", "savings": 15000, "monthly_savings": 800},
        "offers": [{"country": "BE", "gross_annual_salary": salary}],
    }
    path = tmp_path / "be.toml"
    path.write_text(tomli_w.dumps(prof), encoding="utf-8")
    code, out, err = cli(
        "explain", "be.blue_card", str(path), "--on", "2026-12-06", "--format", "json"
    )
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    return doc


def test_a_belgian_offer_is_compared_with_the_brussels_and_the_flemish_threshold(
    cli: Cli, tmp_path: Path
) -> None:
    doc = _explain(cli, tmp_path, 60000)
    conds = {c["id"]: c for c in doc["conditions"]}
    # Brussels: 4,748 EUR a month (the Region's page), twelve months = 56,976 EUR a year
    assert conds["offer_brussels"]["status"] == "met"
    assert "56,976" in conds["offer_brussels"]["reason"]
    assert any(
        "economy-employment.brussels" in s["url"] for s in conds["offer_brussels"]["sources"]
    )
    # Flanders: 63,586 EUR a year
    assert conds["offer_flanders"]["status"] == "unmet"
    assert "63,586" in conds["offer_flanders"]["reason"]
    # which region the job is in is for the employer to say: never "eligible" on pay alone
    assert doc["verdict"] == "unknown"


def test_an_offer_below_every_regional_threshold_is_below_each(cli: Cli, tmp_path: Path) -> None:
    conds = {c["id"]: c for c in _explain(cli, tmp_path, 50000)["conditions"]}
    assert conds["offer_brussels"]["status"] == "unmet"
    assert conds["offer_flanders"]["status"] == "unmet"
