"""docs/cli.md is what the commands' `--help` print today (like datasette's generated CLI docs)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_cli_reference_matches_every_commands_help() -> None:
    spec = importlib.util.spec_from_file_location("gen_cli", ROOT / "scripts" / "gen_cli_docs.py")
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    text = gen.DOC.read_text(encoding="utf-8")
    assert gen.render() == text, "run: python scripts/gen_cli_docs.py"
    for command in ("plan", "explain", "serve", "data check", "rates update", "population run"):
        assert f"## `emigre {command}`" in text
