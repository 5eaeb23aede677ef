"""Language certificates the planner can schedule (data/languages/exams.yaml)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from importlib import resources
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from emigre.base import Confidence, Sources
from emigre.errors import DataError, describe_validation_error
from emigre.language import CEFR, CefrLevel


class Fee(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)
    amount: Annotated[float, Field(ge=0)]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    from_: date | None = Field(default=None, alias="from")


class Exam(BaseModel):
    # Validators built when the YAML is read: a warm run takes the exams from the cache.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    id: Annotated[str, Field(pattern=r"^[a-z]{2}\.[a-z0-9_.]+$")]
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    name: str
    levels: list[CefrLevel] = Field(min_length=1)
    accepted_for: str | None = None
    fee: Fee | None = None
    session_months: list[Annotated[int, Field(ge=1, le=12)]] = []
    result_weeks: Annotated[float, Field(ge=0)] | None = None
    offered_in: dict[Annotated[str, Field(pattern=r"^[A-Z]{2}$")], bool] = {}
    """Whether it can currently be taken in a country of residence (ISO code); a country not
    listed is not known either way."""
    confidence: Confidence = "secondary"
    note: str | None = None
    sources: Sources

    def certifies(self, level: str) -> bool:
        """Whether a person at `level` can sit it and come out with `level` proven: a B2-only
        exam taken after learning to B1 is failed, not a proof of B1."""
        return self.lowest_index <= CEFR.index(level) <= max(CEFR.index(lv) for lv in self.levels)

    @property
    def lowest_index(self) -> int:
        return min(CEFR.index(lv) for lv in self.levels)

    def next_session(self, after: date) -> date | None:
        """The middle of the first session month that starts after `after` (sessions are spread
        through the month; the exact day is on the exam body's page)."""
        if not self.session_months:
            return None
        y, m = after.year, after.month
        for _ in range(25):
            m += 1
            if m > 12:
                y, m = y + 1, 1
            if m in self.session_months:
                return date(y, m, min(15, calendar.monthrange(y, m)[1]))
        return None

    def results_on(self, session: date) -> date:
        return session + timedelta(weeks=self.result_weeks or 0)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    exams: list[Exam]


_KNOWN: dict[str, dict[str, Exam]] = {}
"""The exams once read (key "all"): from the YAML, or from the knowledge-base cache."""


def exams() -> dict[str, Exam]:
    """Every exam by id. Read once per process; the knowledge-base cache hands over its
    validated copy (`use_exams`), so a warm run never parses the YAML."""
    if "all" not in _KNOWN:
        _KNOWN["all"] = _read_exams()
    return _KNOWN["all"]


def use_exams(items: list[Exam]) -> None:
    """Take these (already validated) exams instead of reading the YAML."""
    _KNOWN["all"] = {e.id: e for e in items}


def _read_exams() -> dict[str, Exam]:
    from emigre.yaml12 import yaml_reader

    res = resources.files("emigre.data").joinpath("languages/exams.yaml")
    if not res.is_file():
        return {}
    raw = yaml_reader().load(res.read_text(encoding="utf-8"))
    try:
        parsed = TypeAdapter(_File).validate_python(raw)
    except ValidationError as exc:
        raise DataError(describe_validation_error(exc, "data/languages/exams.yaml")) from None
    return {e.id: e for e in parsed.exams}


def pick_exam(language: str, level: str, preferred: list[str]) -> Exam | None:
    """The route's preferred certificate, else the first known one for the language that a
    person at `level` can pass (one with known session months first). None when the data holds
    no exam at that level: an exam that starts above it is not a way to prove it."""
    known = exams()
    for exam_id in preferred:
        if exam_id in known and known[exam_id].certifies(level):
            return known[exam_id]
    fitting = [e for e in known.values() if e.language == language and e.certifies(level)]
    if fitting:
        return next((e for e in fitting if e.session_months), fitting[0])
    return None
