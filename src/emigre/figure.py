"""Known, estimated or unknown: the one value every amount a plan shows is made of.

A figure the data does not hold is never zero. It is *unknown*: it has no value, it says why,
and a total that includes it is only "at least" the sum of the rest. A figure derived from a
rule of thumb or a range of quotes is *estimated*: a best value between a low and a high end,
with its basis. Only a figure read from a dated source is *known*.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from emigre.i18n import Said, join

if TYPE_CHECKING:
    from emigre.knowledge.model import Source

Kind = Literal["known", "estimated", "unknown"]
KINDS: tuple[Kind, ...] = ("known", "estimated", "unknown")
_RANK = {k: i for i, k in enumerate(KINDS)}


@dataclass(frozen=True)
class Figure:
    """An amount (EUR unless said otherwise) with how sure it is.

    known: `value == low == high`. estimated: `low <= value <= high`. unknown: `value` and
    `high` are None and `low` is what is certain so far (the known parts of a total)."""

    kind: Kind
    value: float | None
    low: float
    high: float | None
    reasons: tuple[Said, ...] = ()
    """Why a figure is unknown, or what an estimate rests on (messages, translated when shown);
    empty for a plain known figure."""
    sources: tuple[Source, ...] = ()

    @classmethod
    def known(cls, value: float, sources: Iterable[Source] = ()) -> Figure:
        return cls("known", value, value, value, (), tuple(sources))

    @classmethod
    def estimated(
        cls,
        value: float,
        low: float,
        high: float,
        reason: Said,
        sources: Iterable[Source] = (),
    ) -> Figure:
        lo, hi = min(low, value), max(high, value)
        return cls("estimated", value, lo, hi, (reason,), tuple(sources))

    @classmethod
    def unknown(cls, reason: Said) -> Figure:
        return cls("unknown", None, 0.0, None, (reason,))

    @property
    def is_known(self) -> bool:
        return self.kind == "known"

    @property
    def is_unknown(self) -> bool:
        return self.kind == "unknown"

    @property
    def partial(self) -> bool:
        """An unknown total of which some part is known: shown as "at least {low}"."""
        return self.kind == "unknown" and self.low > 0

    @property
    def planning(self) -> float:
        """The number to schedule savings with: the value, or what is certain of an unknown."""
        return self.value if self.value is not None else self.low

    def __add__(self, other: Figure) -> Figure:
        kind = self.kind if _RANK[self.kind] >= _RANK[other.kind] else other.kind
        value = None if self.value is None or other.value is None else self.value + other.value
        high = None if self.high is None or other.high is None else self.high + other.high
        return Figure(
            kind,
            value,
            self.low + other.low,
            high,
            tuple(dict.fromkeys(self.reasons + other.reasons))
            if other.reasons and self.reasons
            else self.reasons or other.reasons,
            tuple(dict.fromkeys(self.sources + other.sources))
            if other.sources and self.sources
            else self.sources or other.sources,
        )

    def __mul__(self, factor: float) -> Figure:
        """Scaled (a monthly figure times months); factor must not be negative."""
        return Figure(
            self.kind,
            None if self.value is None else self.value * factor,
            self.low * factor,
            None if self.high is None else self.high * factor,
            self.reasons,
            self.sources,
        )

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        """True unless this is a known zero (nothing to show or pay)."""
        return not (self.kind == "known" and self.value == 0)

    def reason(self) -> str | None:
        """Why, in the language of the moment."""
        return "; ".join([str(r) for r in self.reasons]) or None

    def why(self) -> Said | None:
        """Why, kept as a message (to build another one from it)."""
        return join("; ", self.reasons) if self.reasons else None


ZERO = Figure.known(0.0)


def total(figures: Iterable[Figure]) -> Figure:
    """The sum, as sure as its least sure part: reasons and sources in order of first mention.

    One pass, not a chain of `+` (a plan sums hundreds of figures; each `+` copied the reasons
    and sources so far)."""
    rank = 0
    value: float | None = 0.0
    low = 0.0
    high: float | None = 0.0
    reasons: dict[Said, None] = {}
    sources: dict[Source, None] = {}
    for f in figures:
        r = _RANK[f.kind]
        if r > rank:
            rank = r
        if value is not None:
            value = None if f.value is None else value + f.value
        low += f.low
        if high is not None:
            high = None if f.high is None else high + f.high
        if f.reasons:
            reasons.update(dict.fromkeys(f.reasons))
        if f.sources:
            sources.update(dict.fromkeys(f.sources))
    return Figure(KINDS[rank], value, low, high, tuple(reasons), tuple(sources))
