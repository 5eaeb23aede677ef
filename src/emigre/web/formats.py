"""Numbers, amounts and dates as a reader of the page's language writes them (CLDR, via Babel):
"45 934 €" and "25 нояб. 2026 г." in Russian, "€45,934" and "Nov 25, 2026" in English.

The plan documents keep ISO dates and plain numbers (they are the JSON contract); pages format
them here, at display time. Texts that the rules and the planner write with figures and country
codes in them ("от 45,934 EUR", "в DE") are tidied for display by `tidy`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from emigre.codes import CountryName, countries, country_name
from emigre.i18n import current_language, pick

_CODE_GLUED = re.compile(r"(?<![A-Za-z])([A-Z]{3})(?=\d)")


@cache
def _money_pattern(lang: str) -> str:
    """The locale's currency pattern without decimals ("#,##0 ¤" in Russian)."""
    pattern = str(Locale.parse(lang).currency_formats["standard"].pattern)
    return pattern.split(";")[0].replace(".00", "")


def money(value: float | None, currency: str, lang: str | None = None) -> str:
    """An amount, rounded to a whole unit: "45 934 €" (ru), "€45,934" (en); "?" when unknown."""
    if value is None:
        return "?"
    lang = lang or current_language()
    text = format_currency(
        round(float(value)),
        currency,
        format=_money_pattern(lang),
        locale=lang,
        currency_digits=False,
    )
    # a currency without a symbol in the locale is written as its code, which CLDR's English
    # pattern glues to the number ("RUB105,877"): a no-break space keeps them apart
    return _CODE_GLUED.sub("\\1\u00a0", text)


def number(value: float | None, digits: int = 1, lang: str | None = None) -> str:
    """A number with at most `digits` decimals: "0,5" (ru), "0.5" (en)."""
    if value is None:
        return "?"
    return format_decimal(round(float(value), digits), locale=lang or current_language())


def day(value: str | date | None, lang: str | None = None, long: bool = False) -> str:
    """A date: "25 нояб. 2026" (ru), "Nov 25, 2026" (en); `long` spells the month out."""
    if not value:
        return ""
    d = date.fromisoformat(value) if isinstance(value, str) else value
    lang = lang or current_language()
    if lang == "ru":  # CLDR's Russian formats end in "г.", which doubles a sentence's full stop
        return format_date(d, "d MMMM y" if long else "d MMM y", locale=lang)
    return format_date(d, "long" if long else "medium", locale=lang)


def month(value: str, lang: str | None = None) -> str:
    """A month "2027-03": "март 2027 г." (ru), "March 2027" (en)."""
    d = date.fromisoformat(value[:7] + "-01")
    return format_date(d, "LLLL y", locale=lang or current_language())


#: A thousands separator as a text may already hold it: English "," or, in a message translated
#: before it was tidied (a plan's note in Russian), the narrow or plain no-break space ("31 000").
_GROUP = ",\u202f\u00a0"
_AMOUNT = re.compile(
    rf"(?<![\w.,{_GROUP}])(\d{{1,3}}(?:[{_GROUP}]\d{{3}})+|\d+)(?:\.(\d+))? ?(EUR|RUB|USD|GBP|CHF)\b"
)
#: The low end of a range of amounts ("9,000–20,000 EUR"): the currency is after the high end.
_RANGE_LOW = re.compile(
    rf"(?<![\w.,{_GROUP}])(\d{{1,3}}(?:[{_GROUP}]\d{{3}})+)"
    rf"(?=\s?[–-]\s?\d[\d{_GROUP}]*(?:\.\d+)? ?(?:EUR|RUB|USD|GBP|CHF)\b)"
)
_UNGROUP = str.maketrans("", "", _GROUP)
_ISO_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
#: A month as the planner writes it ("about 2029-05"), not inside an address or a longer code.
_ISO_MONTH = re.compile(r"(?<![\w/.-])((?:19|20)\d\d-(?:0[1-9]|1[0-2]))(?![\w-])")
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_CODE_AFTER_PREP = re.compile(
    r"\b(в|во|из|для|обслуживающее|in|to|from|serving) ([A-Z]{2})(?![\w-])"
)
#: A route's id in a text of the data ("see cz.study"): a country code, a dot, a name.
_ROUTE_ID = re.compile(r"(?<![\w./-])([a-z]{2}\.[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*)(?![\w/-])")


def tidy(
    text: str,
    lang: str | None = None,
    countries: frozenset[str] = frozenset(),
    routes: Mapping[str, str | dict[str, str]] | None = None,
    amount: Callable[[float, str], str] | None = None,
    whole: Callable[[float], str] | None = None,
    when: Callable[[str], str] | None = None,
) -> str:
    """A text written by the rules or the planner, with its amounts in the reader's format,
    country codes replaced by names ("от 45,934 EUR в DE" → "от 45 934 € в Германии")
    and route ids by the routes' titles ("(см. cz.study)" → "(см. «Учёба в Чехии»)").

    Only a code in `countries` after a preposition is replaced (so that "C1", "EU" or
    "IT-специалист" stay as they are), and only an id in `routes`. `amount`, `whole` (a number
    without decimals) and `when` (an ISO date) replace the page's formats (the terminal's own);
    a page also gets its ISO months ("2029-05") written as the reader's month."""
    lang = lang or current_language()
    if routes:
        text = _ROUTE_ID.sub(
            lambda m: f"«{pick(routes[m.group(1)])}»" if m.group(1) in routes else m.group(0),
            text,
        )

    def an_amount(m: re.Match[str]) -> str:
        value = float(m.group(1).translate(_UNGROUP) + ("." + m.group(2) if m.group(2) else ""))
        return amount(value, m.group(3)) if amount else money(value, m.group(3), lang)

    def low(m: re.Match[str]) -> str:
        value = float(m.group(1).translate(_UNGROUP))
        return whole(value) if whole else number(value, 0, lang)

    out = _RANGE_LOW.sub(low, text)
    out = _AMOUNT.sub(an_amount, out)
    if lang == "ru":
        out = _DECIMAL.sub(",", out)
    out = _ISO_DAY.sub(lambda m: when(m.group(1)) if when else day(m.group(1), lang), out)
    if when is None:  # a page: "примерно май 2029 г." (the terminal keeps its own "2029-05")
        out = _ISO_MONTH.sub(lambda m: month(m.group(1), lang), out)

    def place(m: re.Match[str]) -> str:
        prep, code = m.group(1), m.group(2)
        if code not in countries:
            return m.group(0)
        name = CountryName(code, "ru")
        if prep in ("в", "во"):  # its own preposition: "во Франции", "на Кипре"
            return f"{name:in}"
        if prep == "из":
            return f"{name:from}"
        if prep == "для":
            return f"для {name:of}"
        if prep == "обслуживающее":  # no accusative forms: name it as a country
            return f"{prep} страну «{country_name(code)}»"
        return f"{prep} {country_name(code)}"

    return _CODE_AFTER_PREP.sub(place, out)


#: Every country code, for `tidy` where the page's own list is not at hand (the charts).
KNOWN_COUNTRIES: frozenset[str] = frozenset(countries())
