"""What a profile's fields may hold, each kind with its rule: codes (country, currency, language,
occupation), dates, amounts of money, numbers, plain text, and the choices a person picks from
(degree levels, goals, route families...).

Each rule fails with a stable error *type* (`Problem`), so the CLI, the questionnaire, the API
and population mode word it in their own way without matching English text; the message names
what is expected, because the people who write profiles are not programmers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal, NoReturn

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo
from pydantic_core import PydanticCustomError

from emigre import occupations
from emigre.codes import countries, currencies, languages, near_codes
from emigre.errors import shown
from emigre.i18n import N_
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
PassiveIncomeKind = Literal["pension", "rental", "investment", "other"]
"""What income not from work is: a pension, rent from property, investment income (interest,
dividends), or other (royalties...)."""
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
    "free_movement",
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
    PASSIVE_AMOUNT = "passive_income_without_amount"
    NUMBER = "number_type"
    WHOLE_NUMBER = "whole_number_type"
    TEXT = "text_control"


def fail(problem: Problem, message: str, at: str = "", **ctx: Any) -> NoReturn:
    """Raise a validation error of a stable type; `at` is the field (relative to the model that
    raises it) when a whole-model rule is about one field."""
    raise PydanticCustomError(
        problem.value, message, {**ctx, "template": message, **({"at": at} if at else {})}
    )


def _iso_code(
    known: Callable[[], Container[str]], problem: Problem, message: str, kind: str
) -> Callable[[str], str]:
    """A validator of an ISO code: trimmed and upper-cased, and one of `known()`, else a
    `problem` whose message shows the code given (cut to 20 characters) and whose `near` names
    the codes the person probably meant (`codes.near_codes`)."""

    def check(code: str) -> str:
        up = code.strip().upper()
        if up not in known():
            fail(problem, message, code=shown(code), near=", ".join(near_codes(code[:40], kind)))
        return up

    return check


check_country = _iso_code(
    countries,
    Problem.COUNTRY,
    N_("'{code}' is not an ISO 3166-1 alpha-2 country code (e.g. RU, BY, KZ, DE)"),
    "country",
)
check_currency = _iso_code(
    currencies,
    Problem.CURRENCY,
    N_("'{code}' is not an ISO 4217 currency code (e.g. RUB, EUR, KZT)"),
    "currency",
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


def check_isco(code: str, info: ValidationInfo) -> str:
    code = code.strip()  # as a table's cell is read
    if not occupations.well_formed(code):
        fail(
            Problem.ISCO,
            N_("'{code}' is not an ISCO-08 code: 1 to 4 digits, e.g. 2512 for software developers"),
            code=shown(code),
        )
    if not occupations.exists(code) and not (info.context or {}).get(LENIENT_ISCO):
        parent, options = occupations.nearby(code)
        fail(
            Problem.ISCO_UNKNOWN,
            N_("'{code}' is not an ISCO-08 occupation group; {hint}"),
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
        fail(Problem.DATE, N_("a date like 2001-03-15"))
    return value


def _date_range(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        fail(
            Problem.DATE_RANGE,
            N_("{date} is not between {first} and {last}; check the year"),
            date=value.isoformat(),
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    return value


CountryCode = Annotated[str, AfterValidator(check_country)]
CurrencyCode = Annotated[str, AfterValidator(check_currency)]
IscoCode = Annotated[str, AfterValidator(check_isco)]
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
            N_("a control or direction character ({char}) is not text; write plain text"),
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
                N_("'{code}' is not an ISO 639-1 language code (e.g. ru, en, de, cs)"),
                code=shown(code),
                near=", ".join(near_codes(str(code)[:40], "language")),
            )
        if low in out:
            fail(
                Problem.LANGUAGE_TWICE,
                N_("'{code}' is given twice (codes ignore case); keep one level per language"),
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


Languages = Annotated[
    dict[str, LanguageLevel], BeforeValidator(_languages), Field(max_length=MAX_LANGUAGES)
]
