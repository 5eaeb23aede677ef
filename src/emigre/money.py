"""Money in several currencies, converted with dated exchange rates from the bundled snapshots.

Rates are data (`data/fx/rates.csv`): RUB from the Bank of Russia (the ECB stopped quoting RUB in
March 2022), other currencies from the ECB or the issuing central bank. A conversion always names
the rate's date, because a plan for 2027 made with a 2026 rate must say so.
"""

from __future__ import annotations

import bisect
import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from emigre.errors import DataError

_CODE = re.compile(r"[A-Z]{3}")


CONFIDENCE = ("official", "secondary", "unverified")
"""How a rate was read, as for every figure: `official` from the publisher's own file or page,
`secondary` from a page quoting the official rate (a news article), `unverified` a lead."""


@dataclass(frozen=True)
class Rate:
    on: date
    currency: str
    per_eur: float
    source: str
    confidence: str = "official"
    """One of CONFIDENCE; files without the column (older saved rates) hold banks' own files."""
    published: date | None = None
    """The date the source states for the figure (a bank file's own date, a news article's
    date), where the file records it: freshness is judged by it, as for every figure."""
    valid_until: date | None = None
    """The last day the rate is known to have applied (the day before the publisher's next rate
    took effect), where the source shows it; None when the next rate is not in the data."""


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

    def rates(self) -> list[Rate]:
        """Every rate in the table, by currency then date (what the cache stores)."""
        return [r for series in self._by_currency.values() for r in series]

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


def user_rates_path() -> Path:
    """Where `emigre rates update` saves rates: `$EMIGRE_HOME/fx/rates.csv` if EMIGRE_HOME is set,
    else `$XDG_DATA_HOME/emigre/fx/rates.csv`, else `~/.local/share/emigre/fx/rates.csv`."""
    from emigre.paths import data_dir

    return data_dir() / "fx" / "rates.csv"


def read_rates(path: Path | None = None) -> list[Rate]:
    """The rows of one rates file (the bundled snapshot if `path` is None), naming the line of
    any bad row."""
    name = "data/fx/rates.csv" if path is None else str(path)
    try:
        if path is None:
            bundled = resources.files("emigre.data").joinpath("fx/rates.csv")
            text = bundled.read_text(encoding="utf-8-sig")
        else:
            text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{name}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise DataError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    rows = csv.DictReader(io.StringIO(text, newline=""))
    return [_row(row, name, line) for line, row in enumerate(rows, start=2)]


def _row(row: dict[str | Any, str | Any], name: str, line: int) -> Rate:
    try:
        rate = Rate(
            date.fromisoformat(row["date"]),
            row["currency"],
            float(row["per_eur"]),
            row["source"],
            (row.get("confidence") or "official").strip(),
            _optional_date(row.get("published")),
            _optional_date(row.get("valid_until")),
        )
        if rate.valid_until is not None and rate.valid_until < rate.on:
            raise ValueError("valid_until must not precede date")
        if rate.confidence not in CONFIDENCE:
            raise ValueError(f"confidence must be one of {', '.join(CONFIDENCE)}")
        if not _CODE.fullmatch(rate.currency or ""):
            raise ValueError(f"currency must be a code like USD, not {rate.currency!r}")
        if not (math.isfinite(rate.per_eur) and rate.per_eur > 0):
            raise ValueError("per_eur must be positive")
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(
            f"{name}: line {line}: expected date,currency,per_eur,source ({exc})"
        ) from None
    return rate


def _optional_date(text: str | None) -> date | None:
    """An optional ISO date column: empty or absent is None."""
    text = (text or "").strip()
    return date.fromisoformat(text) if text else None


def merge_rates(base: list[Rate], over: list[Rate]) -> list[Rate]:
    """`base` with the rows of `over` added; for the same date and currency, `over` wins.
    Sorted by date, then currency."""
    merged = {(r.on, r.currency): r for r in base}
    merged.update({(r.on, r.currency): r for r in over})
    return [merged[k] for k in sorted(merged)]


def load_fx(path: Path | None = None) -> FxTable:
    """Read the bundled snapshot, or a user's updated file, naming the line of any bad row.

    Without `path`, rates saved by `emigre rates update` (see `user_rates_path`) are read too and
    win over the bundled ones for the same date and currency."""
    rates = read_rates(path)
    if path is None:
        user = user_rates_path()
        if user.is_file():
            rates = merge_rates(rates, read_rates(user))
    return FxTable(rates)


def fmt(amount: float, currency: str) -> str:
    """An amount rounded to whole units with thousands separated, for people.

    >>> fmt(1234567.8, "RUB"), fmt(0.4, "EUR")
    ('1,234,568 RUB', '0 EUR')
    """
    return f"{amount:,.0f} {currency}"
