"""ISO country, language and currency codes, read from the bundled lists (ISO 3166-1, ISO 639-1,
ISO 4217).

The codes come from the Debian iso-codes data as packaged by pycountry 26.2.16, plus XK
(Kosovo), which many passports and visa lists use although ISO has not assigned it. The currency
list leaves out the codes that are not money (metals, bond units, SDR, test and "no currency").
Names shown to people are CLDR's ("Russia", not ISO's "Russian Federation"): the English ones
are bundled (`scripts/gen_code_names.py`, ISO's name kept as `iso_name`); other languages come
from Babel, loaded only when a non-English name is asked for.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache
from importlib import resources

from emigre.i18n import current_language


def _read(name: str, key: str = "alpha2") -> dict[str, str]:
    with resources.files("emigre.data").joinpath(name).open(encoding="utf-8") as fh:
        return {row[key]: row["name"] for row in csv.DictReader(fh)}


@cache
def countries() -> dict[str, str]:
    return _read("iso3166.csv")


@cache
def languages() -> dict[str, str]:
    return _read("iso639-1.csv")


@cache
def currencies() -> dict[str, str]:
    return _read("iso4217.csv", "alpha3")


@cache
def _cldr(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Country and language names in `lang` from CLDR (Babel); empty for English, whose names
    are the bundled ISO lists."""
    if lang == "en":
        return {}, {}
    from babel import Locale, UnknownLocaleError

    try:
        loc = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return {}, {}
    return dict(loc.territories), dict(loc.languages)


def country_name(code: str) -> str:
    """The country's name in the current interface language (CLDR), else its ISO English name."""
    return _cldr(current_language())[0].get(code) or countries().get(code, code)


def country_names(codes: Iterable[str]) -> CountryList:
    """Countries' names as they stand inside a sentence in the current interface language,
    joined with "and" ("citizens of the Netherlands and Serbia"); a translation may decline the
    whole list through a frame (`CountryList`)."""
    return CountryList(tuple(codes), current_language(), "and")


def country_names_or(codes: Iterable[str]) -> CountryList:
    """As `country_names`, for alternatives: "a degree awarded in the UK or the US"."""
    return CountryList(tuple(codes), current_language(), "or")


def country_names_of(codes: Iterable[str]) -> str:
    """Countries' names in the "of" frame: "citizens of {names}" reads "граждан России и
    Израиля" in Russian (each name declined) and "citizens of Russia and the Netherlands" in
    English."""
    return format(country_names(codes), "of")


def as_citizen_of(codes: Iterable[str]) -> str:
    """Which of a dual citizen's passports a warning or a risk is about: "as a citizen of
    Russia" ("как гражданину России")."""
    from emigre.i18n import _

    return _("as a citizen of {names}").format(names=country_names_of(codes))


#: Countries whose English name takes "the" inside a sentence ("a job in the Netherlands").
THE_IN_ENGLISH = frozenset(
    "AE BS CC CF CK DO FK FO GB GM KM KY MH MP MV NL PH SB SC TC UM US VG VI".split()
)


#: The grammatical frames a translation may ask of a country's name: "{country:in}",
#: "{country:from}", "{country:of}", "{country:with}" (Russian declines names: в Германии,
#: из Германии, Германии, с Германией).
FRAMES = ("in", "from", "of", "with")

#: A language's frames for a country it has no declined forms of (the name quoted as is).
_FALLBACK = {
    "ru": {
        "in": "в стране «{}»",
        "from": "из страны «{}»",
        "of": "страны «{}»",
        "with": "со страной «{}»",
    }
}
_ENGLISH = {"in": "in {}", "from": "from {}", "of": "{}", "with": "with {}"}


@cache
def _forms(lang: str) -> dict[str, dict[str, str]]:
    """Declined names (`data/country_forms_<lang>.csv`, written by hand), checked against CLDR's
    names by a test; none for a language without the file."""
    path = resources.files("emigre.data").joinpath(f"country_forms_{lang}.csv")
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {row["alpha2"]: row for row in csv.DictReader(fh)}


class CountryName(str):
    """A country's name inside a sentence, which a translation can ask in a grammatical frame:
    "Найти работу {country:in}" → "Найти работу в Германии" (or "в стране «Науру»" for a name
    without declined forms); an English text keeps "{country}" and reads "the Netherlands"."""

    code: str
    lang: str

    def __new__(cls, code: str, lang: str) -> CountryName:
        name = country_name(code)
        self = super().__new__(
            cls, f"the {name}" if lang == "en" and code in THE_IN_ENGLISH else name
        )
        self.code, self.lang = code, lang
        return self

    def __format__(self, spec: str) -> str:
        if spec not in FRAMES:
            return format(str(self), spec)
        form = _forms(self.lang).get(self.code, {}).get(spec)
        if form:
            return form
        frame = _FALLBACK.get(self.lang, _ENGLISH)[spec]
        return frame.format(country_name(self.code) if self.lang != "en" else str(self))

    def __reduce__(self) -> tuple[object, ...]:
        return (CountryName, (self.code, self.lang))


def joined(items: list[str], joiner: str) -> str:
    """Items of a list in a sentence: "A, B and C" ("A, B или C")."""
    from emigre.i18n import _

    if len(items) < 2:
        return "".join(items)
    text = _("{items} and {last}") if joiner == "and" else _("{items} or {last}")
    return text.format(items=", ".join(items[:-1]), last=items[-1])


class CountryList(str):
    """Several countries inside a sentence, joined with "and" or "or": "Russia and Kazakhstan".
    A translation asks a frame of the whole list, and every name is declined with its own
    preposition: "{names:in}" → "в России и в Казахстане", "{names:of}" → "России и
    Казахстана", "{names:with}" → "с Россией или с Кипром"."""

    codes: tuple[str, ...]
    lang: str
    joiner: str

    def __new__(cls, codes: tuple[str, ...], lang: str, joiner: str = "and") -> CountryList:
        names = [str(CountryName(c, lang)) for c in codes]
        self = super().__new__(cls, joined(names, joiner))
        self.codes, self.lang, self.joiner = codes, lang, joiner
        return self

    def __format__(self, spec: str) -> str:
        if spec not in FRAMES:
            return format(str(self), spec)
        forms = [format(CountryName(c, self.lang), spec) for c in self.codes]
        return joined(forms, self.joiner)

    def __reduce__(self) -> tuple[object, ...]:
        return (CountryList, (self.codes, self.lang, self.joiner))


def country_in_sentence(code: str) -> CountryName:
    """The country's name as it stands inside a sentence: with "the" where English needs it,
    the plain name in other languages, whose translations decline it through a frame
    (`CountryName`).

    >>> country_in_sentence("NL"), country_in_sentence("CY")
    ('the Netherlands', 'Cyprus')
    >>> f"{country_in_sentence('NL'):in}"
    'in the Netherlands'
    """
    return _in_sentence(code, current_language())


@cache
def _in_sentence(code: str, lang: str) -> CountryName:
    """One name per country and language (a plan's texts name the same few countries
    thousands of times); `lang` is the language of the moment, which `CountryName` reads."""
    return CountryName(code, lang)


def language_name(code: str) -> str:
    """The language's name in the current interface language (CLDR), else its ISO English name."""
    return _cldr(current_language())[1].get(code) or languages().get(code, code)


def near_codes(text: str, kind: str, limit: int = 3) -> list[str]:
    """Codes a person probably meant by `text`, which is not one (`kind`: "country", "currency"
    or "language"), best first: the code of a name written out ("Russia", "Россия", "czech"),
    for a language the languages of a country whose code was given ("cz" is Czechia, its
    language cs), two letters swapped ("UR"), then codes spelt alike (difflib), those that
    begin the same way first.

    >>> near_codes("RUS", "country"), near_codes("Россия", "country"), near_codes("RUR", "currency")
    (['RU', 'RS', 'US'], ['RU'], ['RUB', 'EUR', 'IRR'])
    >>> near_codes("cz", "language"), near_codes("ua", "language"), near_codes("Czech", "language")
    (['cs'], ['uk'], ['cs'])
    """
    import difflib

    known: dict[str, str] = {"country": countries, "currency": currencies, "language": languages}[
        kind
    ]()
    typed = text.strip()
    code = typed.lower() if kind == "language" else typed.upper()
    if not code:
        return []
    found = [c for c, n in known.items() if n.casefold() == typed.casefold()]
    if kind != "currency":
        local = _cldr("ru")[0 if kind == "country" else 1]
        found += [c for c, n in local.items() if c in known and n.casefold() == typed.casefold()]
    if kind == "language" and code.upper() in countries():
        from babel.languages import get_official_languages

        found += [c for c in get_official_languages(code.upper()) if c in known]
    if len(code) == 2 and code[::-1] in known:
        found.append(code[::-1])
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(code)
    scored = []
    for candidate in known:
        matcher.set_seq1(candidate)
        ratio = matcher.ratio()
        if ratio >= 0.6:
            same_start = 0.1 if candidate[0] == code[0] else 0.0
            prefix = 0.05 if code.startswith(candidate) or candidate.startswith(code) else 0.0
            scored.append((ratio + same_start + prefix, candidate))
    found += [c for _, c in sorted(scored, key=lambda s: (-s[0], s[1]))]
    return list(dict.fromkeys(c for c in found if c != code))[:limit]
