"""The planning horizon: how far ahead the planner dates anything (`data/planner.yaml`).

A step that cannot end within it is not given a date decades away: it is "not within N years",
its end unknown, and a plan that needs it has no arrival date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from emigre.errors import InputError
from emigre.plan.steps import add_months

FILE = "planner.yaml"
MAX_YEARS = 100


@dataclass(frozen=True)
class Horizon:
    years: int
    decided: date

    def limit(self, on: date) -> date:
        """The last day a step may end when planning on `on`."""
        return add_months(on, self.years * 12)


def parse_horizon(raw: Any, where: str = FILE) -> Horizon:
    """The horizon in a parsed planner file, or an error naming the file and the key."""
    entry = raw.get("horizon_years") if isinstance(raw, dict) else None
    if not isinstance(entry, dict):
        raise InputError(f"{where}: horizon_years: missing (a mapping with value and decided)")
    value, decided = entry.get("value"), entry.get("decided")
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_YEARS:
        raise InputError(
            f"{where}: horizon_years.value: {value!r} is not a whole number of years from 1 "
            f"to {MAX_YEARS}"
        )
    if not isinstance(decided, date):
        raise InputError(f"{where}: horizon_years.decided: a date like 2026-12-06")
    if not isinstance(entry.get("reason"), str) or not entry["reason"].strip():
        raise InputError(f"{where}: horizon_years.reason: say why this horizon")
    return Horizon(value, decided)


def planner_text() -> str:
    """The bundled planner settings, as text."""
    return resources.files("emigre.data").joinpath(FILE).read_text(encoding="utf-8")


@cache
def horizon() -> Horizon:
    """The horizon in the bundled planner file; a warm run takes it from the knowledge-base
    cache, which read exactly this text (no YAML parsed)."""
    from emigre.knowledge.cache import cached_horizon

    text = planner_text()
    known = cached_horizon(text)
    if known is not None:
        return Horizon(*known)
    from emigre.yaml12 import yaml_reader

    return parse_horizon(yaml_reader().load(text))
