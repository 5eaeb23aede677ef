"""Amounts of money as JSON: in EUR and in the person's currency at one rate; a known, estimated
or unknown figure with its range, reason and sources."""

from __future__ import annotations

from datetime import date
from typing import Any

from emigre.figure import Figure
from emigre.money import FxTable
from emigre.report.json.citations import dedupe, source


class Money:
    """EUR amounts shown in EUR and in the person's currency at one rate (the plan date's)."""

    def __init__(self, fx: FxTable, currency: str, on: date) -> None:
        self.currency = currency
        self.on = on
        self.rate = fx.rate(currency, on) if currency != "EUR" else None
        self.known = currency == "EUR" or self.rate is not None
        self._nulls: dict[str, None] = dict.fromkeys(self(0.0), None)

    def __call__(self, eur: float) -> dict[str, float | None]:
        out: dict[str, float | None] = {"EUR": round(eur, 2)}
        if self.currency != "EUR":
            out[self.currency] = round(eur * self.rate.per_eur, 2) if self.rate else None
        return out

    def figure(self, f: Figure) -> dict[str, Any]:
        """A known, estimated or unknown amount: `EUR` (and the person's currency) is the value,
        null when unknown; an unknown total with known parts says `at_least`; an estimate gives
        its range; both give the reason."""
        out: dict[str, Any] = {"kind": f.kind}
        if f.value is not None:
            out.update(self(f.value))
        else:
            out.update(self._nulls)
        if f.kind == "estimated" and f.high is not None:
            out["low"], out["high"] = self(f.low), self(f.high)
        if f.kind == "unknown":
            out["at_least"] = self(f.low) if f.low > 0 else None
        if f.reasons:
            out["reason"] = f.reason()
        if f.sources and f.kind != "known":
            out["sources"] = [source(x) for x in dedupe(list(f.sources))]
        return out

    def describe(self) -> dict[str, Any]:
        if self.rate is None and self.currency != "EUR":
            # what the rates table lacks, as a route's `missing_rates` says it
            missing = {"from": self.currency, "to": "EUR", "on": self.on.isoformat()}
            return {"currency": self.currency, "per_eur": None, "missing_rate": missing}
        if self.rate is None:
            return {"currency": self.currency, "per_eur": 1.0}
        return {
            "currency": self.currency,
            "per_eur": self.rate.per_eur,
            "rate_date": self.rate.on.isoformat(),
            "source": self.rate.source,
            "confidence": self.rate.confidence,
        }
