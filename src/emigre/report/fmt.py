"""Numbers, amounts and dates written the way the reader's language writes them
(Russian: 45 934 with a narrow no-break space, 15.01.2029; English: 45,934, 2029-01-15)."""

from __future__ import annotations

from datetime import date

from emigre.figure import Figure
from emigre.i18n import _, current_language


def number(value: float, digits: int = 0) -> str:
    text = f"{value:,.{digits}f}"
    if current_language() == "ru":
        return text.replace(",", "\u202f").replace(".", ",")
    return text


def amount(value: float, currency: str) -> str:
    return f"{number(value)}\u00a0{currency}"


def day(d: date) -> str:
    return d.strftime("%d.%m.%Y") if current_language() == "ru" else d.isoformat()


def month(d: date) -> str:
    return d.strftime("%m.%Y") if current_language() == "ru" else d.isoformat()[:7]


def figure(f: Figure, currency: str = "EUR", rate: float = 1.0) -> str:
    """A known, estimated or unknown amount for the screen: "1,200 EUR", "≈ 1,200 EUR
    (1,100–1,300)", "at least 300 EUR", or "no data" -- never a silent zero."""
    if f.value is None:
        if f.low > 0:
            return _("at least {amount}").format(amount=amount(f.low * rate, currency))
        return _("no data")
    if f.kind == "estimated" and f.high is not None:
        value, low, high = (
            amount(f.value * rate, currency),
            number(f.low * rate),
            number(f.high * rate),
        )
        return f"≈\u00a0{value} ({low}–{high})"
    return amount(f.value * rate, currency)


def text(written: str) -> str:
    """A text the rules or the planner wrote ("Find a job in DE paying at least 45,934 EUR"),
    for the terminal: amounts, dates and decimals in the reader's format and country codes
    after a preposition named -- what the web's `tidy` does for its pages (the JSON keeps the
    text as written)."""
    from emigre.web.formats import KNOWN_COUNTRIES, tidy

    return tidy(
        written,
        countries=KNOWN_COUNTRIES,
        amount=amount,
        whole=number,
        when=lambda iso: day(date.fromisoformat(iso)),
    )
