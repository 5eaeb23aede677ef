"""The repository's own checks, run by the same test command as everything else:
the knowledge base validates, the code is ruff-clean and mypy-clean, the schemas are current."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def test_data_check_passes(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("data", "check")
    assert code == 0, err
    assert out.startswith("ok: ")


@pytest.mark.parametrize("kind", ["route", "parameters", "warnings", "profile"])
def test_published_json_schema_is_current(cli, kind: str) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("data", "schema", kind)
    assert code == 0
    published = ROOT / "schema" / f"{kind}.schema.json"
    assert json.loads(published.read_text()) == json.loads(out), (
        f"schema/{kind}.schema.json is out of date: run `emigre data schema {kind} > schema/{kind}.schema.json`"
    )


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(ROOT / ".venv" / "bin")) or shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (pip install '.[test]')")
    return path


def test_ruff_clean() -> None:
    res = subprocess.run(
        [_tool("ruff"), "check", "src", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stdout + res.stderr


def test_mypy_clean() -> None:
    res = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    if "No module named mypy" in res.stderr:
        pytest.skip("mypy is not installed")
    assert res.returncode == 0, res.stdout + res.stderr


def test_coverage_table_in_the_docs_is_current(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("data", "coverage")
    assert code == 0
    assert (ROOT / "docs" / "coverage.md").read_text().rstrip() == out.rstrip(), (
        "docs/coverage.md is out of date: run `emigre data coverage -o docs/coverage.md`"
    )


def test_data_sources_lists_what_each_source_backs(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("data", "sources", "de.blue_card.it_specialist", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    backs = [b for r in rows for b in r["backs"]]
    assert any("parameter de.blue_card.salary_min.reduced" in b for b in backs)
    assert all(r["url"].startswith("http") and r["checked"] for r in rows)


def test_every_fact_is_sourced_and_dated(kb) -> None:  # type: ignore[no-untyped-def]
    for name, param in kb.params.parameters.items():
        for v in param.values:
            assert v.sources and v.legal_basis, name
    for route in kb.routes:
        assert route.sources and route.legal_basis, route.id
