"""Numbers, amounts and dates written the way the reader's language writes them
(Russian: 45 934 with a narrow no-break space, 15.01.2029; English: 45,934, 2029-01-15)."""

from __future__ import annotations

from datetime import date

from emigre.i18n import current_language


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
