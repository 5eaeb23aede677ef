"""Money in several currencies, converted with dated exchange rates from the bundled snapshots.

Rates are data (`data/fx/rates.csv`): RUB from the Bank of Russia (the ECB stopped quoting RUB in
March 2022), other currencies from the ECB or the issuing central bank. A conversion always names
the rate's date, because a plan for 2027 made with a 2026 rate must say so.
"""

from __future__ import annotations

import bisect
import csv
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from emigre.errors import InputError


@dataclass(frozen=True)
class Rate:
    on: date
    currency: str
    per_eur: float
    source: str


@dataclass(frozen=True)
class Conversion:
    amount: float
    currency: str
    rate_date: date | None
    """None when no conversion was needed (same currency)."""
    source: str | None = None


class FxTable:
    """Units of each currency per euro, by date."""

    def __init__(self, rates: list[Rate]) -> None:
        self._by_currency: dict[str, list[Rate]] = {}
        for r in sorted(rates, key=lambda r: (r.currency, r.on)):
            self._by_currency.setdefault(r.currency, []).append(r)
        self._dates = {c: [r.on for r in rs] for c, rs in self._by_currency.items()}

    def currencies(self) -> list[str]:
        return sorted({"EUR", *self._by_currency})

    def rate(self, currency: str, on: date) -> Rate | None:
        """The newest rate on or before `on`; the oldest known if `on` precedes them all."""
        series = self._by_currency.get(currency)
        if not series:
            return None
        i = bisect.bisect_right(self._dates[currency], on)
        return series[max(i - 1, 0)]

    def convert(self, amount: float, from_cur: str, to_cur: str, on: date) -> Conversion | None:
        if from_cur == to_cur:
            return Conversion(amount, to_cur, None)
        eur = amount
        rate_date: date | None = None
        source: str | None = None
        if from_cur != "EUR":
            r = self.rate(from_cur, on)
            if r is None:
                return None
            eur = amount / r.per_eur
            rate_date, source = r.on, r.source
        if to_cur == "EUR":
            return Conversion(eur, "EUR", rate_date, source)
        r = self.rate(to_cur, on)
        if r is None:
            return None
        older = rate_date is None or r.on < rate_date
        return Conversion(eur * r.per_eur, to_cur, r.on if older else rate_date, source or r.source)


def load_fx(path: Path | None = None) -> FxTable:
    """Read the bundled snapshot, or a user's updated file, naming the line of any bad row."""
    if path is None:
        handle = resources.files("emigre.data").joinpath("fx/rates.csv").open(encoding="utf-8")
        name = "data/fx/rates.csv"
    else:
        handle = path.open(encoding="utf-8")
        name = str(path)
    rates: list[Rate] = []
    with handle as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            try:
                rates.append(
                    Rate(
                        date.fromisoformat(row["date"]),
                        row["currency"],
                        float(row["per_eur"]),
                        row["source"],
                    )
                )
                if rates[-1].per_eur <= 0:
                    raise ValueError("per_eur must be positive")
            except (KeyError, TypeError, ValueError) as exc:
                raise InputError(
                    f"{name}: line {line}: expected date,currency,per_eur,source ({exc})"
                ) from None
    return FxTable(rates)


def fmt(amount: float, currency: str) -> str:
    return f"{amount:,.0f} {currency}"
