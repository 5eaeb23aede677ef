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


# --- Learning time -------------------------------------------------------------------------------
# The model and every one of its figures are data (data/languages/model.yaml, with sources);
# this code only applies them.

from dataclasses import dataclass  # noqa: E402
from functools import cache  # noqa: E402
from importlib import resources  # noqa: E402
from typing import Any  # noqa: E402

CEFR: tuple[str, ...] = get_args(CefrLevel)


@dataclass(frozen=True)
class Range:
    median: float
    low: float
    high: float

    def scaled(self, k: float) -> Range:
        return Range(self.median * k, self.low * k, self.high * k)


@dataclass(frozen=True)
class Estimate:
    language: str
    from_level: str | None
    to_level: str
    hours: Range
    """Total study hours (class, homework, practice)."""
    months: Range
    """Calendar months at the given weekly hours."""
    hours_per_week: float
    bridge: str | None
    """The known language that makes the target easiest (None: no useful bridge)."""
    factor: Range


@dataclass(frozen=True)
class LanguageModel:
    reference: dict[str, float]
    groups: dict[str, str]
    pairs: dict[tuple[str, str], Range]
    group_pairs: dict[tuple[str, str], Range]
    default: Range
    penalty: dict[str, float]
    experienced: float
    effort: Range
    intensity: list[tuple[float, float]]
    variation: tuple[float, float]
    sources: list[str]

    def factor(self, source: str, target: str) -> Range:
        if source == target:
            return Range(0.0, 0.0, 0.0)
        if (source, target) in self.pairs:
            return self.pairs[(source, target)]
        key = (self.groups.get(source, "?"), self.groups.get(target, "?"))
        return self.group_pairs.get(key, self.default)

    def bridge(self, known: dict[str, str], target: str) -> tuple[str | None, Range]:
        """The easiest way in: min over known languages of F + penalty for a foreign bridge."""
        best: tuple[str | None, Range] | None = None
        for lang, level in known.items():
            if level not in self.penalty:
                continue
            pen = self.penalty[level]
            f = self.factor(lang, target)
            cand = Range(f.median + pen, f.low + pen, f.high + pen)
            if best is None or cand.median < best[1].median:
                best = (lang, cand)
        return best or (None, self.default)

    def intensity_factor(self, hours_per_week: float) -> float:
        for limit, factor in self.intensity:
            if hours_per_week <= limit:
                return factor
        return self.intensity[-1][1]

    def estimate(
        self,
        known: dict[str, str],
        target: str,
        from_level: str | None,
        to_level: str,
        hours_per_week: float,
    ) -> Estimate:
        start = (
            self.reference.get(from_level, 0.0) if from_level and from_level != "native" else 0.0
        )
        span = max(self.reference[to_level] - start, 0.0)
        others = {k: v for k, v in known.items() if k != target}
        bridge, f = self.bridge(others, target)
        foreign_b2 = any(v in ("B2", "C1", "C2") for k, v in others.items())
        e = self.experienced if foreign_b2 else 1.0
        lo_var, hi_var = self.variation
        hours = Range(
            span * f.median * e * self.effort.median,
            span * f.low * e * self.effort.median * lo_var,
            span * f.high * e * self.effort.median * hi_var,
        )
        h = min(max(hours_per_week, 0.5), self.intensity[-1][0])
        per_month = h * 4.345 / self.intensity_factor(h)
        months = Range(hours.median / per_month, hours.low / per_month, hours.high / per_month)
        return Estimate(target, from_level, to_level, hours, months, hours_per_week, bridge, f)


def _range(v: list[float]) -> Range:
    return Range(float(v[0]), float(v[1]), float(v[2]))


_DATA: dict[str, dict[str, Any]] = {}
"""data/languages/model.yaml as read (key "raw"), from the file or the knowledge-base cache."""


def language_data() -> dict[str, Any]:
    """The model's data as parsed from YAML; read once per process, and handed over by the
    knowledge-base cache (`use_language_data`) so that a warm run never parses the YAML."""
    if "raw" not in _DATA:
        from emigre.yaml12 import yaml_reader

        text = (
            resources.files("emigre.data")
            .joinpath("languages/model.yaml")
            .read_text(encoding="utf-8")
        )
        _DATA["raw"] = yaml_reader().load(text)
    return _DATA["raw"]


def use_language_data(raw: dict[str, Any]) -> None:
    """Take this copy of the model's data instead of reading the YAML."""
    if _DATA.get("raw") != raw:
        _DATA["raw"] = raw
        language_model.cache_clear()


@cache
def language_model() -> LanguageModel:
    raw = language_data()
    groups = {lang: g for g, langs in raw["groups"]["value"].items() for lang in langs}
    diff = raw["difficulty"]
    pairs = {(p["from"], t): _range(p["f"]) for p in diff["pairs"] for t in p["to"]}
    group_pairs = {(g["from"], g["to"]): _range(g["f"]) for g in diff["groups"]}
    sources = [
        s["url"] for key in raw.values() if isinstance(key, dict) for s in key.get("sources", [])
    ]
    return LanguageModel(
        reference={k: float(v) for k, v in raw["reference_hours"]["value"].items()},
        groups=groups,
        pairs=pairs,
        group_pairs=group_pairs,
        default=_range(diff["default"]),
        penalty={k: float(v) for k, v in raw["bridge_penalty"]["value"].items()},
        experienced=float(raw["experienced_learner"]["value"]),
        effort=_range(raw["effort"]["value"]),
        intensity=[(float(a), float(b)) for a, b in raw["intensity"]["value"]],
        variation=(float(raw["variation"]["value"][0]), float(raw["variation"]["value"][1])),
        sources=list(dict.fromkeys(sources)),
    )
