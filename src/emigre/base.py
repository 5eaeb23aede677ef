"""The vocabulary every part of emigre shares: sources, translatable texts, parameter names,
money units and the strict base model.

It lives below both `rules` (conditions cite sources and name parameters) and `knowledge`
(routes are made of conditions), so neither has to import the other's schema: the one place to
change what a source or a text is.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo

Confidence = Literal["official", "secondary", "unverified"]

_PARAM_RE = re.compile(r"^[a-z]{2}(\.[a-z0-9_]+)+$")
_LANG_RE = re.compile(r"[a-z]{2}")
_URL_RE = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


TRUSTED = "emigre.trusted"
"""Key of the validation context under which the knowledge-base cache is read back
(`knowledge/cache.py`): its body was written from models that passed every check, and its
SHA-256 matches, so validators that only reject a value (and never change it) skip their work."""


def trusted(info: ValidationInfo) -> bool:
    """True while reading the knowledge-base cache back (see `TRUSTED`)."""
    ctx = info.context
    return isinstance(ctx, dict) and ctx.get(TRUSTED) is True


def _param_name(name: str, info: ValidationInfo) -> str:
    if trusted(info):
        return name
    if not _PARAM_RE.match(name):
        raise ValueError(f"'{name}' is not a parameter name like de.blue_card.salary_min.standard")
    return name


ParamName = Annotated[str, AfterValidator(_param_name)]


def _text(value: str | dict[str, str], info: ValidationInfo) -> str | dict[str, str]:
    if trusted(info):
        return value
    if isinstance(value, dict):
        if "en" not in value:
            raise ValueError(
                "a translated text needs at least an English entry: {en: ..., ru: ...}"
            )
        for lang, txt in value.items():
            if not _LANG_RE.fullmatch(lang) or not txt.strip():
                raise ValueError(f"text entry '{lang}' must be a 2-letter language code with text")
    elif not value.strip():
        raise ValueError("text must not be empty")
    return value


#: A text meant for people: plain English, or one entry per language ({en: ..., ru: ...}).
Text = Annotated[str | dict[str, str], AfterValidator(_text)]


_STRICT = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False)
"""No unknown key, no change after loading, and no infinite or NaN number (`.inf` in a YAML
file is never a figure)."""


class Strict(BaseModel, defer_build=True):
    """Base of the knowledge-base models. Their validators are built when first needed, not at
    import: a run that reads the cache builds one validator for all of them, not one each."""

    model_config = ConfigDict(**_STRICT)


def _url(value: str) -> str:
    # Checked even when the cache is read back (`TRUSTED`): a web address ends up as a link on
    # a page, and the check costs a few milliseconds.
    if not _URL_RE.match(value):
        raise ValueError(
            f"'{value[:80]}' is not a web address like https://www.example.org/page "
            "(https:// and a host with a dot)"
        )
    return value


def _published(value: Any) -> Any:
    """Accept the precision a page gives: 2025-11-21, 2025-11 or 2025 (a month or a year counts
    from its first day, so a partial date never makes a source look newer than it is)."""
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2999:
        return date(value, 1, 1)
    if isinstance(value, str):
        m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value.strip())
        if m:
            return date(int(m.group(1)), int(m.group(2) or 1), 1)
    return value


class Source(Strict):
    url: Annotated[str, AfterValidator(_url)]
    checked: date
    """The day someone compared the data with this page (never stamped on a page nobody re-read)."""
    published: Annotated[date | None, BeforeValidator(_published)] = None
    """The date the page's content states (an "as of" line, an article date, a law's last
    amendment), when it states one; freshness is judged by it, falling back to `checked`."""
    title: str | None = None
    official: bool = False
    """True when the page is the authority's own (ministry, immigration office, gazette)."""

    @property
    def as_of(self) -> date:
        """The date that says how current the content is: `published`, else `checked`."""
        return self.published or self.checked

    def __hash__(self) -> int:
        # By its address alone (equal sources share it), not by every field: plans put the same
        # sources in sets and dicts thousands of times.
        return hash(self.url)


Sources = Annotated[list[Source], Field(min_length=1)]


MONEY_UNIT = re.compile(r"^[A-Z]{3}(/(year|month|semester|hour))?$")
"""A money unit: a currency code, optionally per year, month, semester or hour."""


@cache
def money_unit(unit: str) -> tuple[str, str | None] | None:
    """The currency and period of a money unit; None for other units (months, countries...).

    >>> money_unit("EUR/year"), money_unit("PLN"), money_unit("months"), money_unit("eur")
    (('EUR', 'year'), ('PLN', None), None, None)
    """
    if not MONEY_UNIT.match(unit):
        return None
    cur, _, per = unit.partition("/")
    return cur, per or None
