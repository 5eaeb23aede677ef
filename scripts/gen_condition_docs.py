"""Regenerate the condition table of docs/knowledge-base.md from the condition registry."""

from __future__ import annotations

import re
from pathlib import Path

from emigre.rules.conditions import docs_table

DOC = Path(__file__).resolve().parent.parent / "docs" / "knowledge-base.md"
BEGIN, END = "<!-- conditions:begin (generated) -->", "<!-- conditions:end -->"


def render(text: str) -> str:
    block = f"{BEGIN}\n{docs_table()}{END}"
    return re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _m: block, text, flags=re.S)


if __name__ == "__main__":
    DOC.write_text(render(DOC.read_text(encoding="utf-8")), encoding="utf-8")
