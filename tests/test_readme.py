"""The README's terminal samples are what the program prints (scripts/readme_samples.py writes
them from the commands above them), so the README cannot drift from the program."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("samples", ROOT / "scripts" / "readme_samples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_terminal_samples_are_what_the_commands_print() -> None:
    gen = _script()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(gen.SECTION) :]
    assert section.count("```text") >= 2 and "emigre plan" in section
    assert "emigre explain" in section
    fresh = gen.render(text)
    assert fresh == text, (
        "README.md's terminal samples are out of date: run python scripts/readme_samples.py"
    )
