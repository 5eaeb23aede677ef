"""Who the person is: the profile's sections (person, education, work, languages, money,
preferences, offers, admissions, licences) and the rules that tie fields of a section together.

What each field may hold, and the stable error types of every rule, are in `profile_values`;
reading a profile from TOML or JSON is `profile_reading`.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from emigre.dates import add_years, age_on
from emigre.i18n import N_
from emigre.profile_values import (
    MAX_ADMISSIONS,
    MAX_AGE_YEARS,
    MAX_CHOICES,
    MAX_CITIZENSHIPS,
    MAX_JOBS,
    MAX_LICENCES,
    MAX_OFFERS,
    MIN_WORK_AGE,
    AdmissionKind,
    CountryCode,
    CurrencyCode,
    Day,
    DegreeLevel,
    Family,
    Goal,
    IscoCode,
    Languages,
    LicenceStatus,
    MilitaryService,
    Money,
    OfferKind,
    PassiveIncomeKind,
    PoliticalRecord,
    Problem,
    StudyHours,
    Text,
    UniversityYears,
    Year,
    fail,
)


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
                N_("{date} is in the future; a birth date is expected"),
                date=born.isoformat(),
            )
        if born < add_years(today, -MAX_AGE_YEARS):
            fail(
                Problem.BORN_TOO_LONG_AGO,
                N_("{date} is more than {years} years ago; check the year"),
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
                N_("{end} is before the start ({start}); a job must end after it starts"),
                at="end",
                end=self.end.isoformat(),
                start=self.start.isoformat(),
            )
        if self.gross_monthly_salary is not None and self.currency is None:
            fail(
                Problem.SALARY_CURRENCY,
                N_('gross_monthly_salary needs a currency, e.g. currency = "RUB"'),
                at="currency",
            )
        return self


class MoneyInfo(_Strict):
    currency: CurrencyCode
    savings: Money | None = None
    """Money put by now; absent when not given (unknown), 0 when there is none."""
    monthly_savings: Money | None = None
    """Money put by each month; absent when not given (unknown), 0 when none is put by."""
    monthly_income: Money | None = None
    """Income a month from remote work that goes on (read by the remote-work routes)."""
    passive_income: Money | None = None
    """Income a month not from work -- a pension, rent, investments -- before tax; absent when
    not given (unknown), 0 when there is none. Routes for living on one's own means read it."""
    passive_income_currency: CurrencyCode | None = None
    """The currency of `passive_income`; the currency of [money] when not given."""
    passive_income_kind: PassiveIncomeKind | None = None
    """What the income not from work is: pension, rental, investment or other."""

    @property
    def passive_currency(self) -> str:
        """The currency `passive_income` is counted in."""
        return self.passive_income_currency or self.currency

    @model_validator(mode="after")
    def _passive(self) -> MoneyInfo:
        for name in ("passive_income_currency", "passive_income_kind"):
            if getattr(self, name) is not None and self.passive_income is None:
                fail(
                    Problem.PASSIVE_AMOUNT,
                    N_(
                        "{name} describes income not from work; add passive_income, the amount"
                        " a month, e.g. passive_income = 1200"
                    ),
                    at="passive_income",
                    name=name,
                )
        return self


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


class Profile(_Strict):
    person: Person
    education: Education = Education()
    work: list[Job] = Field(default=[], max_length=MAX_JOBS)
    languages: Languages = {}
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
                    N_("{start} is before the age of {age} (born {born}); check the year"),
                    at=f"work.{i}.start",
                    start=job.start.isoformat(),
                    age=MIN_WORK_AGE,
                    born=born.isoformat(),
                )
        if self.preferences.max_cost is not None and self.money is None:
            fail(
                Problem.COST_CURRENCY,
                N_("max_cost is counted in the currency of [money]; add money.currency"),
                at="preferences.max_cost",
            )
        return self

    def age_on(self, on: date) -> int:
        return age_on(self.person.birth_date, on)

    def level(self, language: str) -> str | None:
        return self.languages.get(language)
