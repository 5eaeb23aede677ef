"""Schema of the knowledge base: sources, dated parameters and routes.

Every figure a user sees comes from here, and every one of them carries where it was read, when
it was checked and the law behind it. Unknown keys are errors so that a typo in a data file cannot
silently drop a condition.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator

# The shared vocabulary lives in `emigre.base` (below rules and knowledge); re-exported here.
from emigre.base import MONEY_UNIT as _MONEY_UNIT
from emigre.base import Confidence as Confidence
from emigre.base import ParamName as ParamName
from emigre.base import Source as Source
from emigre.base import Sources as Sources
from emigre.base import Strict as Strict
from emigre.base import Text as Text
from emigre.base import money_unit as money_unit
from emigre.base import trusted
from emigre.profile_values import (
    FAMILIES as FAMILIES,  # re-exported: route families are a profile choice
)
from emigre.profile_values import CountryCode
from emigre.profile_values import Family as Family

_ID_RE = re.compile(r"^[a-z]{2}(\.[a-z0-9_]+)+$")


class AccessRule(Strict):
    """Whether a school-leaving certificate opens a country's universities, possibly after
    some university years at home, a recognition procedure or a preparatory year."""

    certificates: list[Literal["*"] | CountryCode] = Field(min_length=1)
    min_university_years: float = Field(default=0, ge=0, le=15)
    outcome: Literal["direct", "recognition", "preparatory_year", "none"]
    note: Text | None = None


PLAIN_UNITS = {
    "countries",
    "bool",
    "months",
    "years",
    "access_rules",
    "cefr",
    "number",
    "institutions",
    "occupations",
}

ParamScalar = bool | int | float | str


def finite_figure(value: Any) -> Any:
    """One clear error for .inf and .nan (an overflowing 1e999 too), not one per type the value
    could have been."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value} is not a figure; write a finite number")
    return value


class ParamValue(Strict):
    from_: date = Field(alias="from")
    until: date | None = None
    value: ParamScalar | list[str] | list[AccessRule]
    low: float | None = None
    high: float | None = None
    """A documented range around a numeric value (a price that varies by provider): the value is
    then an estimate between `low` and `high`, never a known figure."""
    legal_basis: str
    sources: Sources
    confidence: Confidence = "secondary"
    note: Text | None = None

    @field_validator("value", mode="before")
    @classmethod
    def _finite(cls, value: Any) -> Any:
        return finite_figure(value)

    @model_validator(mode="after")
    def _ordered(self, info: ValidationInfo) -> ParamValue:
        if trusted(info):
            return self
        if self.until is not None and self.until < self.from_:
            raise ValueError(f"until ({self.until}) is before from ({self.from_})")
        if self.low is not None or self.high is not None:
            if not all(math.isfinite(b) for b in (self.low, self.high) if b is not None):
                raise ValueError("low/high must be finite numbers (not .inf or .nan)")
            v = self.value
            if not isinstance(v, int | float) or isinstance(v, bool):
                raise ValueError("low/high need a numeric value")
            if not (self.low or v) <= v <= (self.high if self.high is not None else v):
                raise ValueError(f"value {v} must lie between low and high")
        return self


def check_unit(unit: str, value: Any) -> str | None:
    """Why `value` does not fit `unit`, or None when it does."""
    if _MONEY_UNIT.match(unit) or unit in {"months", "years", "number"}:
        ok = (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and value >= 0
        )
        return None if ok else "a number that is not negative (and finite: not .inf or .nan)"
    if unit == "bool":
        return None if isinstance(value, bool) else "true or false"
    if unit == "countries":
        from emigre.codes import countries

        ok = isinstance(value, list) and all(isinstance(c, str) and c in countries() for c in value)
        return None if ok else "a list of ISO country codes, e.g. [RU, BY]"
    if unit == "institutions":
        from emigre.codes import countries

        ok = isinstance(value, list) and all(
            isinstance(i, str) and i[:2] in countries() and i[2:3] == "|" and i[3:].strip()
            for i in value
        )
        return None if ok else "a list of 'CC|Name|Alias' entries, e.g. 'US|Harvard University'"
    if unit == "occupations":
        from emigre import occupations

        if not (isinstance(value, list) and all(isinstance(c, str) for c in value)):
            return "a list of ISCO-08 codes of 1 to 4 digits, e.g. ['2211', '222']"
        for code in value:
            if not occupations.well_formed(code):
                return f"ISCO-08 codes of 1 to 4 digits, e.g. ['2211', '222'], not '{code[:20]}'"
            if not occupations.exists(code):
                return f"ISCO-08 groups; '{code}' is not one: {occupations.unknown_hint(code)}"
        return None
    if unit == "cefr":
        return None if value in {"A1", "A2", "B1", "B2", "C1", "C2"} else "a CEFR level A1..C2"
    if unit == "access_rules":
        ok = isinstance(value, list) and all(isinstance(r, AccessRule) for r in value)
        return (
            None if ok else "a list of access rules (certificates, min_university_years, outcome)"
        )
    return (
        f"a known unit (EUR, EUR/month, EUR/year, EUR/semester, {', '.join(sorted(PLAIN_UNITS))})"
    )


class Parameter(Strict):
    description: Text
    unit: str
    values: list[ParamValue] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _rules_need_parsing(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("unit") == "access_rules":
            for v in data.get("values") or []:
                if isinstance(v, dict) and isinstance(v.get("value"), list):
                    v["value"] = [AccessRule.model_validate(r) for r in v["value"]]
        return data

    @model_validator(mode="after")
    def _valid(self, info: ValidationInfo) -> Parameter:
        if trusted(info):
            return self
        previous: ParamValue | None = None
        for i, v in enumerate(self.values, 1):
            problem = check_unit(self.unit, v.value)
            if problem:
                raise ValueError(f"values[{i}].value: expected {problem} for unit '{self.unit}'")
            if previous is not None and v.from_ <= previous.from_:
                raise ValueError(
                    f"values[{i}]: dates must increase ({v.from_} does not come after {previous.from_})"
                )
            previous = v
        return self


class Fact(Strict):
    """A figure about a route that is not a dated parameter (e.g. months to permanent residence)."""

    value: int | float | bool | str
    low: float | None = None
    high: float | None = None
    """Optional range around a numeric value (e.g. how long a job search takes)."""
    legal_basis: str | None = None
    sources: Sources
    confidence: Confidence = "secondary"
    note: Text | None = None


def route_id(value: str) -> str:
    # Checked even when the cache is read back (`TRUSTED`): ids end up in links and file names.
    if not _ID_RE.match(value):
        raise ValueError(f"'{value}' is not a route id like de.blue_card.it_specialist")
    return value


RouteId = Annotated[str, AfterValidator(route_id)]
