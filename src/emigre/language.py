"""Language levels on the CEFR scale.

`native` sits above C2 so that one ordering answers "is this at least B2?" for everyone.
The learning-time model (hours from one level to another) lives here too once plans need it.
"""

from __future__ import annotations

from typing import Literal, get_args

CefrLevel = Literal["A1", "A2", "B1", "B2", "C1", "C2"]
LanguageLevel = Literal["A1", "A2", "B1", "B2", "C1", "C2", "native"]

#: Rank of each level; 0 means "does not speak the language".
LEVEL_RANK: dict[str, int] = {lvl: i + 1 for i, lvl in enumerate(get_args(LanguageLevel))}


def rank(level: str | None) -> int:
    return 0 if level is None else LEVEL_RANK[level]


def at_least(level: str | None, required: str) -> bool:
    return rank(level) >= rank(required)
