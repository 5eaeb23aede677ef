"""Who the person is: the profile read from TOML (or JSON) and checked field by field.

Every error names the field and what is expected, because the people who write these files are
not programmers and a traceback tells them nothing. Each rule fails with a stable error *type*
(`Problem`), so the CLI, the questionnaire, the API and population mode word it in their own
way without matching English text.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Callable, Container
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from emigre import occupations
from emigre.codes import countries, currencies, languages
from emigre.dates import add_years as add_years  # re-exported: the profile's rules use it
from emigre.dates import age_on
from emigre.errors import InputError, describe_validation_error, shown
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
MilitaryService = Literal["none", "liable", "reserve", "exempt"]
"""none: never liable; liable: may be called up; reserve: served, now in the reserve; exempt."""
Goal = Literal["settle_eu", "study", "work", "leave_soon"]
OfferKind = Literal["job", "training"]
AdmissionKind = Literal["university", "language_course", "qualification_measure"]
"""What admits the person: a university (or college), a language school's course, or a
qualification measure (an adaptation course or training after a recognition decision)."""
LicenceStatus = Literal["granted", "promised"]
"""granted: the licence to practise is issued; promised: a written promise of it (a Zusage, a
decision to grant a temporary permit) that the immigration authority accepts in its place."""
Family = Literal[
    "work",
    "jobseeker",
    "nomad",
    "freelance",
    "startup",
    "study",
    "language_course",
    "visa_free",
    "humanitarian",
    "own_means",
]
FAMILIES: tuple[str, ...] = Family.__args__  # type: ignore[attr-defined]

FIRST_YEAR, LAST_YEAR = 1900, 2100
"""Every date in a profile lies in these years; outside them it is a typo, not a fact."""
MAX_AGE_YEARS = 120
MIN_WORK_AGE = 14
MAX_MONEY = 1e15
"""Above any real amount in any currency (10^15 Iranian rials is about 600 million euros)."""
MAX_TEXT = 200
MAX_CITIZENSHIPS, MAX_JOBS, MAX_OFFERS, MAX_LANGUAGES, MAX_CHOICES = 5, 30, 10, 30, 100
MAX_ADMISSIONS = 10
MAX_LICENCES = 10


class Problem(StrEnum):
    """Stable error types of the profile's own rules (pydantic's built-in types come too:
    `missing`, `extra_forbidden`, `literal_error`, `finite_number`, `too_long`, ...)."""

    COUNTRY = "country_code"
    CURRENCY = "currency_code"
    LANGUAGE = "language_code"
    LANGUAGE_TWICE = "language_twice"
    ISCO = "isco_code"
    ISCO_UNKNOWN = "isco_unknown"
    DATE = "date_type"
    DATE_RANGE = "date_range"
    BORN_IN_FUTURE = "born_in_future"
    BORN_TOO_LONG_AGO = "born_too_long_ago"
    JOB_TOO_EARLY = "job_too_early"
    JOB_ENDS_FIRST = "job_ends_before_start"
    SALARY_CURRENCY = "salary_without_currency"
    COST_CURRENCY = "max_cost_without_currency"
    NUMBER = "number_type"
    WHOLE_NUMBER = "whole_number_type"
    TEXT = "text_control"


def fail(problem: Problem, message: str, at: str = "", **ctx: Any) -> NoReturn:
    """Raise a validation error of a stable type; `at` is the field (relative to the model that
    raises it) when a whole-model rule is about one field."""
    raise PydanticCustomError(problem.value, message, {**ctx, **({"at": at} if at else {})})


def _iso_code(
    known: Callable[[], Container[str]], problem: Problem, message: str
) -> Callable[[str], str]:
    """A validator of an ISO code: trimmed and upper-cased, and one of `known()`, else a
    `problem` whose message shows the code given (cut to 20 characters)."""

    def check(code: str) -> str:
        up = code.strip().upper()
        if up not in known():
            fail(problem, message, code=shown(code))
        return up

    return check


_country = _iso_code(
    countries,
    Problem.COUNTRY,
    "'{code}' is not an ISO 3166-1 alpha-2 country code (e.g. RU, BY, KZ, DE)",
)
_currency = _iso_code(
    currencies, Problem.CURRENCY, "'{code}' is not an ISO 4217 currency code (e.g. RUB, EUR, KZT)"
)


def valid_isco(code: str) -> bool:
    """One rule for every face: a group of ISCO-08 (1 to 4 ASCII digits, and in the ILO's list).

    >>> valid_isco("2512"), valid_isco("٢٥١٢"), valid_isco("25120"), valid_isco("2599")
    (True, False, False, False)
    """
    return occupations.well_formed(code) and occupations.exists(code)


LENIENT_ISCO = "lenient_isco"
"""Validation context key: a well-formed code need not be in ISCO-08. Only for reading a profile
saved before codes were checked against the list, so that the questionnaire can open it and show
the error under the field (planning always checks)."""


def _isco(code: str, info: ValidationInfo) -> str:
    code = code.strip()  # as a table's cell is read
    if not occupations.well_formed(code):
        fail(
            Problem.ISCO,
            "'{code}' is not an ISCO-08 code: 1 to 4 digits, e.g. 2512 for software developers",
            code=shown(code),
        )
    if not occupations.exists(code) and not (info.context or {}).get(LENIENT_ISCO):
        parent, options = occupations.nearby(code)
        fail(
            Problem.ISCO_UNKNOWN,
            "'{code}' is not an ISCO-08 occupation group; {hint}",
            code=shown(code),
            hint=occupations.unknown_hint(code),
            parent=parent,
            options=options,
        )
    return code


def _not_bool(kind: Problem, what: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, bool):
            fail(kind, f"{what}, not true or false")
        if kind is Problem.WHOLE_NUMBER and isinstance(value, float):
            fail(kind, f"{what}, not {value!r}")
        return value

    return check


def _date_input(value: Any) -> Any:
    """Dates as dates or text; a number is not a date (pydantic would read it as a timestamp)."""
    if isinstance(value, bool | int | float):
        fail(Problem.DATE, "a date like 2001-03-15")
    return value


def _date_range(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        fail(
            Problem.DATE_RANGE,
            "{date} is not between {first} and {last}; check the year",
            date=value.isoformat(),
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    return value


CountryCode = Annotated[str, AfterValidator(_country)]
CurrencyCode = Annotated[str, AfterValidator(_currency)]
IscoCode = Annotated[str, AfterValidator(_isco)]
Day = Annotated[date, BeforeValidator(_date_input), AfterValidator(_date_range)]
Money = Annotated[
    float,
    BeforeValidator(_not_bool(Problem.NUMBER, "an amount of money")),
    Field(ge=0, le=MAX_MONEY, allow_inf_nan=False),
]
HIDDEN_CHARACTERS = "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_HIDDEN = re.compile(HIDDEN_CHARACTERS)
"""Control characters (an escape sequence that would drive the terminal when the text is shown)
and the bidirectional overrides that make text read otherwise than it is stored."""


def _plain(text: str) -> str:
    found = _HIDDEN.search(text)
    if found:
        fail(
            Problem.TEXT,
            "a control or direction character ({char}) is not text; write plain text",
            char=shown(found.group()),
        )
    return text


Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_plain)]


Number = BeforeValidator(_not_bool(Problem.NUMBER, "a number"))
UniversityYears = Annotated[float, Number, Field(ge=0, le=15, allow_inf_nan=False)]
StudyHours = Annotated[float, Number, Field(gt=0, le=80, allow_inf_nan=False)]
Year = Annotated[
    int,
    BeforeValidator(_not_bool(Problem.WHOLE_NUMBER, "a year")),
    Field(ge=FIRST_YEAR, le=LAST_YEAR),
]


class _Strict(BaseModel, defer_build=True):
    """Validators built when first needed, not at import (start-up time)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(_Strict):
    citizenship: list[CountryCode] = Field(min_length=1, max_length=MAX_CITIZENSHIPS)
    birth_date: Day
    residence: CountryCode | None = None
    political_record: PoliticalRecord | None = None
    military_service: MilitaryService | None = None
    passport_expires: Day | None = None

    @property
    def home_citizenship(self) -> str:
        """The citizenship whose country issues the person's papers (a criminal-record
        certificate, apostilles): that of the country they live in when they hold it, else the
        first listed. A dual citizen living in one of their countries deals with its offices."""
        if self.residence in self.citizenship:
            return self.residence
        return self.citizenship[0]

    @field_validator("birth_date")
    @classmethod
    def _plausible_birth(cls, born: date) -> date:
        today = date.today()
        if born > today:
            fail(
                Problem.BORN_IN_FUTURE,
                "{date} is in the future; a birth date is expected",
                date=born.isoformat(),
            )
        if born < add_years(today, -MAX_AGE_YEARS):
            fail(
                Problem.BORN_TOO_LONG_AGO,
                "{date} is more than {years} years ago; check the year",
                date=born.isoformat(),
                years=MAX_AGE_YEARS,
            )
        return born


class Education(_Strict):
    school_certificate: CountryCode | None = None
    highest_degree: DegreeLevel | None = None
    university_years: UniversityYears = 0
    field: Text | None = None
    institution: Text | None = None
    """The university or college of the highest degree, as written on the diploma."""
    degree_country: CountryCode | None = None
    """Where the highest degree was awarded."""
    graduation_year: Year | None = None


class Job(_Strict):
    occupation: IscoCode
    start: Day
    end: Day | None = None
    remote: bool = False
    employer_country: CountryCode | None = None
    gross_monthly_salary: Money | None = None
    currency: CurrencyCode | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Job:
        if self.end is not None and self.end < self.start:
            fail(
                Problem.JOB_ENDS_FIRST,
                "{end} is before the start ({start}); a job must end after it starts",
                at="end",
                end=self.end.isoformat(),
                start=self.start.isoformat(),
            )
        if self.gross_monthly_salary is not None and self.currency is None:
            fail(
                Problem.SALARY_CURRENCY,
                'gross_monthly_salary needs a currency, e.g. currency = "RUB"',
                at="currency",
            )
        return self


class MoneyInfo(_Strict):
    currency: CurrencyCode
    savings: Money = 0
    monthly_savings: Money = 0
    monthly_income: Money | None = None


class Preferences(_Strict):
    countries: list[CountryCode] = Field(default=[], max_length=MAX_CHOICES)
    families: list[Family] = Field(default=[], max_length=MAX_CHOICES)
    study_hours_per_week: StudyHours = 10
    earliest_start: Day | None = None
    goal: Goal = "settle_eu"
    """What the person wants: settle in the EU for good, study, work, or leave soon (safety)."""
    max_cost: Money | None = None
    """The most the person can spend on the move, in the currency of [money]."""
    self_study: bool = False
    """True when the person learns languages on their own (no paid course)."""


class Offer(_Strict):
    country: CountryCode
    gross_annual_salary: Money
    currency: CurrencyCode = "EUR"
    occupation: IscoCode | None = None
    kind: OfferKind = "job"
    """A job, or a training contract (Ausbildung): a training place is not a job offer, and a job
    offer is not a training place."""


class Admission(_Strict):
    """A letter of admission (or confirmation of enrolment) the person already holds, in
    `country`: to a university, a language course or a qualification measure. A study permit
    asks for it; without one the plan applies for it first."""

    country: CountryCode
    kind: AdmissionKind = "university"


class Licence(_Strict):
    """A licence to practise a regulated profession in `country` (a doctor's Approbation or
    temporary permit, a nurse's registration...), granted or promised in writing. `occupation`
    is the ISCO-08 code, or a prefix of codes, the licence covers (`221` covers 2211 and 2212).
    Work permits in a regulated profession ask for it; without one the plan gets it first."""

    country: CountryCode
    occupation: IscoCode
    status: LicenceStatus

    def covers(self, country: str, occupation: str) -> bool:
        """Whether the licence lets the person practise `occupation` in `country`."""
        return self.country == country and occupation.startswith(self.occupation)


def _languages(value: Any) -> Any:
    """Codes in small letters, levels in either case ("c1"); the same language twice (`ru` and
    `RU`) is refused, not merged."""
    if not isinstance(value, dict):
        return value
    out: dict[Any, Any] = {}
    for code, level in value.items():
        low = code.strip().lower() if isinstance(code, str) else code
        if low not in languages():
            fail(
                Problem.LANGUAGE,
                "'{code}' is not an ISO 639-1 language code (e.g. ru, en, de, cs)",
                code=shown(code),
            )
        if low in out:
            fail(
                Problem.LANGUAGE_TWICE,
                "'{code}' is given twice (codes ignore case); keep one level per language",
                code=low,
            )
        out[low] = _level(level)
    return out


def _level(level: Any) -> Any:
    """A level's letters in either case, as population mode reads them: "c1" is C1, "Native"
    is native; anything else is left for the level's own check."""
    if not isinstance(level, str):
        return level
    text = level.strip()
    if text.lower() == "native":
        return "native"
    return text.upper() if re.fullmatch(r"[abcABC][1-2]", text) else level


class Profile(_Strict):
    person: Person
    education: Education = Education()
    work: list[Job] = Field(default=[], max_length=MAX_JOBS)
    languages: Annotated[
        dict[str, LanguageLevel], BeforeValidator(_languages), Field(max_length=MAX_LANGUAGES)
    ] = {}
    money: MoneyInfo | None = None
    preferences: Preferences = Preferences()
    offers: list[Offer] = Field(default=[], max_length=MAX_OFFERS)
    admissions: list[Admission] = Field(default=[], max_length=MAX_ADMISSIONS)
    licences: list[Licence] = Field(default=[], max_length=MAX_LICENCES)

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        born = self.person.birth_date
        earliest = add_years(born, MIN_WORK_AGE)
        for i, job in enumerate(self.work):
            if job.start < earliest:
                fail(
                    Problem.JOB_TOO_EARLY,
                    "{start} is before the age of {age} (born {born}); check the year",
                    at=f"work.{i}.start",
                    start=job.start.isoformat(),
                    age=MIN_WORK_AGE,
                    born=born.isoformat(),
                )
        if self.preferences.max_cost is not None and self.money is None:
            fail(
                Problem.COST_CURRENCY,
                "max_cost is counted in the currency of [money]; add money.currency",
                at="preferences.max_cost",
            )
        return self

    def age_on(self, on: date) -> int:
        return age_on(self.person.birth_date, on)

    def level(self, language: str) -> str | None:
        return self.languages.get(language)


class ProfileError(InputError):
    """A profile that breaks the rules; `problems` are pydantic's error records (type, loc, ...)."""

    def __init__(self, message: str, problems: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.problems = problems


def parse_profile(data: dict[str, Any], origin: str = "profile") -> Profile:
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        problems = [dict(e) for e in exc.errors(include_url=False)]
        raise ProfileError(describe_validation_error(exc, origin), problems) from None
    except RecursionError:
        raise InputError(f"{origin}: not a valid profile: nested far too deeply") from None


def _line_of(text: str, message: str) -> str:
    """The offending line, so the message names the field and not just a line number."""
    match = re.search(r"line (\d+)", message)
    if not match:
        return ""
    lines = text.splitlines()
    n = int(match.group(1))
    return f" near `{lines[n - 1].strip()[:80]}`" if 0 < n <= len(lines) else ""


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number; write a plain number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:20]} is too large a number")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose key appears twice is refused (JSON readers keep one of the two
    without a word; TOML refuses it too)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key '{shown(key, 40)}' appears twice in one object; keep one")
        out[key] = value
    return out


def _depth(data: Any, limit: int = 32) -> int:
    """How deeply `data` nests, counted without recursion (stops at `limit`)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    deepest = 0
    while stack:
        item, d = stack.pop()
        deepest = max(deepest, d)
        if d >= limit:
            return d
        if isinstance(item, dict):
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, d + 1) for v in item)
    return deepest


def read_profile_text(text: str, origin: str, *, json_format: bool) -> dict[str, Any]:
    """Parse TOML or JSON text; deep nesting, huge numbers, NaN and Infinity are refused. A
    byte-order mark (which Windows Notepad writes) is not part of the text."""
    text = text.removeprefix("\ufeff")
    try:
        data = (
            json.loads(
                text,
                parse_constant=_no_constant,
                parse_float=_finite_float,
                object_pairs_hook=_unique_keys,
            )
            if json_format
            else tomllib.loads(text)
        )
    except tomllib.TOMLDecodeError as exc:
        near = _line_of(text, str(exc))
        raise InputError(
            f"{origin}: not valid TOML: {exc}{near}. Dates are written 2001-03-15, text in quotes"
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{origin}: not valid JSON: {exc}") from None
    except RecursionError:
        raise InputError(f"{origin}: not a valid profile: nested far too deeply") from None
    except ValueError as exc:  # a number with thousands of digits, NaN/Infinity in JSON
        reason = str(exc)
        if "digits" in reason:
            reason = "a number has thousands of digits; no real figure is that long"
        raise InputError(f"{origin}: not a valid profile: {reason[:120]}") from None
    if not isinstance(data, dict):
        raise InputError(f"{origin}: not a valid profile: expected a table of sections")
    if _depth(data) > 8:
        raise InputError(f"{origin}: not a valid profile: nested far too deeply")
    return data


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
    data = read_profile_text(text, str(path), json_format=path.suffix.lower() == ".json")
    return parse_profile(data, str(path))
