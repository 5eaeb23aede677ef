"""Typed gap records: what closing an unmet condition takes, handed from the rules to the planner.

A condition's `Outcome.gap` says, in data, what the person lacks (a language level, a job offer
above a salary, an amount of savings, time...). The planner has one step builder per gap type and
reads fields, never string keys. `Gap.step` names the kind of step that closes it.

Consume them with a `match` (or `isinstance`) on the record type::

    match node.outcome.gap:
        case LanguageGap(language=lang, need=level): ...
        case OfferGap(country=cc, min_salary_eur=floor): ...

"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Literal

StepKind = Literal[
    "language",
    "exam",
    "savings",
    "job_search",
    "experience",
    "recognition",
    "preparatory_year",
    "application",
    "appointment",
    "admission",
    "licence",
    "visa",
    "permit",
    "travel",
    "wait",
    "document",
]


@dataclass(frozen=True)
class Gap:
    """Base of every gap record."""

    step: ClassVar[StepKind | None] = None


@dataclass(frozen=True)
class LanguageGap(Gap):
    """A CEFR level to reach in a language; `have` is None when the person has none."""

    step: ClassVar[StepKind | None] = "language"
    language: str
    have: str | None
    need: str


@dataclass(frozen=True)
class OfferGap(Gap):
    """A job offer in `country` paying at least `min_salary_eur` a year (0: any salary)."""

    step: ClassVar[StepKind | None] = "job_search"
    country: str
    min_salary_eur: float
    occupations: tuple[str, ...] = ()
    kind: str = "job"


@dataclass(frozen=True)
class AdmissionGap(Gap):
    """A letter of admission (or enrolment) to get in `country`: `kind` is what admits the person
    (university, language_course, qualification_measure). A study route's filing plans the
    application and the letter; elsewhere the gap is a step of its own."""

    step: ClassVar[StepKind | None] = "admission"
    country: str
    kind: str = "university"


@dataclass(frozen=True)
class LicenceGap(Gap):
    """The licence to practise a regulated profession in `country`, granted or promised, for
    the person's work in `occupations` (ISCO-08 codes from the work history)."""

    step: ClassVar[StepKind | None] = "licence"
    country: str
    occupations: tuple[str, ...] = ()


@dataclass(frozen=True)
class RemoteIncomeGap(Gap):
    """Remote income from outside the route's country of at least `min_monthly_eur` a month."""

    step: ClassVar[StepKind | None] = "job_search"
    min_monthly_eur: float
    have_monthly_eur: float = 0.0


@dataclass(frozen=True)
class FundsGap(Gap):
    """Money to show, in EUR; also set when the savings suffice, since they must stay there."""

    step: ClassVar[StepKind | None] = "savings"
    amount_eur: float
    have_eur: float


@dataclass(frozen=True)
class PassiveIncomeGap(Gap):
    """Income a month not from work (a pension, rent, investments) of at least
    `min_monthly_eur`; no step raises it. Also set when the income suffices."""

    min_monthly_eur: float
    have_monthly_eur: float


@dataclass(frozen=True)
class WaitGap(Gap):
    """Time must pass (until a date) or the circumstances change (no date, e.g. residence)."""

    step: ClassVar[StepKind | None] = "wait"
    until: date | None = None


@dataclass(frozen=True)
class AgeGap(WaitGap):
    """Too young: the route opens on the day the person turns `min_age`."""

    min_age: int = 0


@dataclass(frozen=True)
class ExperienceGap(Gap):
    """More years of work in the listed ISCO groups; `until` is set when a current job counts."""

    step: ClassVar[StepKind | None] = "experience"
    years: float
    have: float
    ongoing: bool
    until: date | None = None


@dataclass(frozen=True)
class RecognitionGap(Gap):
    """A certificate or qualification from `certificate` (a country) must be recognised: a school
    certificate (nostrification) or, with `what` naming the authority, a professional one."""

    step: ClassVar[StepKind | None] = "recognition"
    certificate: str
    what: str | dict[str, str] | None = None
    professional: bool = False


@dataclass(frozen=True)
class PreparatoryYearGap(Gap):
    """A preparatory (foundation) year is needed before university."""

    step: ClassVar[StepKind | None] = "preparatory_year"
    certificate: str


@dataclass(frozen=True)
class ExternalGap(Gap):
    """Something a profile cannot show (an endorsement, a quota place): `what` to get."""

    step: ClassVar[StepKind | None] = None
    what: str | dict[str, str]


@dataclass(frozen=True)
class DocumentGap(Gap):
    """A document to obtain before applying (e.g. an apostilled record)."""

    step: ClassVar[StepKind | None] = "document"
    what: str | dict[str, str]


@dataclass(frozen=True)
class PointsGap(Gap):
    """A points test short of `min`; `gaps` are the closable items' own gaps."""

    step: ClassVar[StepKind | None] = None
    points: int
    min: int
    gaps: tuple[Gap, ...] = ()


__all__ = [
    "AdmissionGap",
    "AgeGap",
    "DocumentGap",
    "ExperienceGap",
    "ExternalGap",
    "FundsGap",
    "Gap",
    "LanguageGap",
    "LicenceGap",
    "OfferGap",
    "PointsGap",
    "PreparatoryYearGap",
    "RecognitionGap",
    "RemoteIncomeGap",
    "StepKind",
    "WaitGap",
]
