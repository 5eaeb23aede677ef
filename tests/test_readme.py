"""The README's terminal samples are what the program prints (scripts/readme_samples.py writes
them from the commands above them), so the README cannot drift from the program."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from emigre.knowledge.loader import KnowledgeBase

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


def test_the_readme_status_counts_the_routes_and_countries_of_the_knowledge_base(
    kb: KnowledgeBase,
) -> None:
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    said = re.search(r"Knowledge base: (\d+) routes in (\d+) countries", text)
    assert said, "README.md's Status names the number of routes and countries"
    countries = {r.country for r in kb.routes}
    assert (int(said[1]), int(said[2])) == (len(kb.routes), len(countries))
