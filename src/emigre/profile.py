"""Who the person is: the profile read from TOML (or JSON) and checked field by field.

Every error names the field and what is expected, because the people who write these files are
not programmers and a traceback tells them nothing.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from emigre.codes import countries, languages
from emigre.errors import InputError, describe_validation_error
from emigre.language import LanguageLevel

DegreeLevel = Literal["none", "vocational", "bachelor", "master", "doctorate"]
DEGREE_RANK: dict[str, int] = {
    "none": 0,
    "vocational": 1,
    "bachelor": 2,
    "master": 3,
    "doctorate": 4,
}
PoliticalRecord = Literal["none", "administrative", "criminal"]


def _country(code: str) -> str:
    up = code.upper()
    if up not in countries():
        raise ValueError(
            f"'{code}' is not an ISO 3166-1 alpha-2 country code (e.g. RU, BY, KZ, DE)"
        )
    return up


def _currency(code: str) -> str:
    up = code.upper()
    if len(up) != 3 or not up.isalpha():
        raise ValueError(f"'{code}' is not an ISO 4217 currency code (e.g. RUB, EUR, KZT)")
    return up


def _isco(code: str) -> str:
    if not (code.isdigit() and 1 <= len(code) <= 4):
        raise ValueError(
            f"'{code}' is not an ISCO-08 code: 1 to 4 digits, e.g. 2512 for software developers"
        )
    return code


CountryCode = Annotated[str, AfterValidator(_country)]
CurrencyCode = Annotated[str, AfterValidator(_currency)]
IscoCode = Annotated[str, AfterValidator(_isco)]
Money = Annotated[float, Field(ge=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(_Strict):
    citizenship: list[CountryCode] = Field(min_length=1)
    birth_date: date
    residence: CountryCode | None = None
    political_record: PoliticalRecord | None = None

    @model_validator(mode="after")
    def _born_in_the_past(self) -> Person:
        if self.birth_date.year < 1900:
            raise ValueError("birth_date: a date after 1900 is expected")
        return self


class Education(_Strict):
    school_certificate: CountryCode | None = None
    highest_degree: DegreeLevel | None = None
    university_years: Annotated[float, Field(ge=0, le=15)] = 0
    field: str | None = None


class Job(_Strict):
    occupation: IscoCode
    start: date
    end: date | None = None
    remote: bool = False
    employer_country: CountryCode | None = None
    gross_monthly_salary: Money | None = None
    currency: CurrencyCode | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Job:
        if self.end is not None and self.end < self.start:
            raise ValueError(
                f"end ({self.end}) is before start ({self.start}); a job must end after it starts"
            )
        if self.gross_monthly_salary is not None and self.currency is None:
            raise ValueError('gross_monthly_salary needs a currency, e.g. currency = "RUB"')
        return self


class MoneyInfo(_Strict):
    currency: CurrencyCode
    savings: Money = 0
    monthly_savings: Money = 0
    monthly_income: Money | None = None


class Preferences(_Strict):
    countries: list[CountryCode] = []
    families: list[str] = []
    study_hours_per_week: Annotated[float, Field(gt=0, le=80)] = 10
    earliest_start: date | None = None


class Offer(_Strict):
    country: CountryCode
    gross_annual_salary: Money
    currency: CurrencyCode = "EUR"
    occupation: IscoCode | None = None


def _languages(value: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, level in value.items():
        low = code.lower()
        if low not in languages():
            raise ValueError(f"'{code}' is not an ISO 639-1 language code (e.g. ru, en, de, cs)")
        out[low] = level
    return out


class Profile(_Strict):
    person: Person
    education: Education = Education()
    work: list[Job] = []
    languages: Annotated[dict[str, LanguageLevel], AfterValidator(_languages)] = {}
    money: MoneyInfo | None = None
    preferences: Preferences = Preferences()
    offers: list[Offer] = []

    def age_on(self, on: date) -> int:
        born = self.person.birth_date
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def level(self, language: str) -> str | None:
        return self.languages.get(language)


def parse_profile(data: dict[str, Any], origin: str = "profile") -> Profile:
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, origin)) from None


def _line_of(text: str, message: str) -> str:
    """The offending line, so the message names the field and not just a line number."""
    match = re.search(r"line (\d+)", message)
    if not match:
        return ""
    lines = text.splitlines()
    n = int(match.group(1))
    return f" near `{lines[n - 1].strip()}`" if 0 < n <= len(lines) else ""


def load_profile(path: Path) -> Profile:
    """Read a TOML (or .json) profile; every failure becomes an InputError naming the field."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            f"{path}: no such file. Give the path to a profile, e.g. examples/dima.toml"
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save the profile as UTF-8") from None
    try:
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        near = _line_of(text, str(exc))
        raise InputError(
            f"{path}: not valid TOML: {exc}{near}. Dates are written 2001-03-15, text in quotes"
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON: {exc}") from None
    return parse_profile(data, str(path))
