"""`recent_degree`: a degree of a level, awarded within some years, where and by whom a route
asks (an institution on a dated list, such as the UK's Global Universities List)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from emigre.base import ParamName
from emigre.codes import country_in_sentence, country_names_or
from emigre.dates import add_years
from emigre.i18n import N_, Lazy, Msg
from emigre.profile_values import DEGREE_RANK, CountryCode, DegreeLevel
from emigre.rules.conditions.base import Base, Context, Outcome
from emigre.rules.conditions.degree import below_level
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.knowledge.model import Parameter
    from emigre.population.compile import Compiler

_NOT_WORD = re.compile(r"[\W_]+")
_FILLER = frozenset({"the"})


def normalise(name: str) -> str:
    """An institution's name reduced to what identifies it: no accents, case, punctuation or
    leading "the", so "ETH Zürich" matches "eth zurich".

    >>> normalise("The University of Tokyo"), normalise("École Polytechnique Fédérale")
    ('university of tokyo', 'ecole polytechnique federale')
    """
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = _NOT_WORD.sub(" ", plain.casefold()).split()
    return " ".join(w for w in words if w not in _FILLER)


def entries(value: list[str]) -> set[tuple[str, str]]:
    """(country, normalised name) for every name and alias of a list value ("US|MIT|...")."""
    out: set[tuple[str, str]] = set()
    for item in value:
        cc, *names = item.split("|")
        out.update((cc, normalise(n)) for n in names if n.strip())
    return out


def listed_in_year(param: Parameter, year: int) -> tuple[set[tuple[str, str]], bool]:
    """Entries on the list for *every* award date of `year` (the list's periods can change
    mid-year), and whether some entry is on it for *some* date of the year only."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    periods = [
        v
        for v in param.values
        if v.from_ <= last and (v.until is None or v.until >= first) and isinstance(v.value, list)
    ]
    covered, day = True, first - timedelta(days=1)
    for v in periods:
        if v.from_ > day + timedelta(days=1):
            covered = False
        day = max(day, v.until or last)
    if day < last:
        covered = False
    sets = [entries([str(x) for x in v.value]) for v in periods if isinstance(v.value, list)]
    if not sets:
        return set(), False
    every = set.intersection(*sets) if covered else set()
    some = set.union(*sets) - every
    return every, bool(some)


class RecentDegree(Base):
    """A degree of at least `min_level` awarded in the `within_years` before the date (the
    profile's `education.graduation_year`; the year of the boundary is "unknown"), optionally
    awarded in (`awarded_in`) or outside (`awarded_outside`) some countries and by an institution
    on a dated list (`institutions`, a parameter whose periods are award dates). The lists emigre
    holds name the institutions *known* to be on the official list, so a name that matches is
    met and one that does not is "unknown" with the official list to check (`list_url`) -- a
    bare degree is never enough."""

    type: Literal["recent_degree"]
    min_level: DegreeLevel
    within_years: int = Field(gt=0)
    awarded_in: list[CountryCode] = []
    awarded_outside: list[CountryCode] = []
    institutions: ParamName | None = None
    list_url: str | None = None
    """The official list or ranking to check the institution against."""

    reads = {"institutions": "institutions"}

    def _window(self, on: date) -> tuple[int, int]:
        """(first year surely inside the window, last year surely outside it)."""
        cutoff = add_years(on, -self.within_years)
        return cutoff.year + 1, cutoff.year - 1

    def _where(self) -> Msg | str:
        return self.list_url or Msg("the official list")

    def evaluate(self, ctx: Context) -> Outcome:
        edu = ctx.profile.education
        below = Msg("your highest degree is below the level this route asks for")
        if (out := below_level(ctx, self.min_level, below)) is not None:
            return out
        year = edu.graduation_year
        if year is None:
            return Outcome.unknown(
                Msg("the year your degree was awarded is not given"), ["education.graduation_year"]
            )
        first_in, last_out = self._window(ctx.on)
        if year > ctx.on.year:
            return Outcome.unknown(
                Msg(
                    "your degree is to be awarded in {year}, after {on}",
                    year=year,
                    on=ctx.on.isoformat(),
                ),
                [],
            )
        if year <= last_out:
            return Outcome.unmet(
                Msg(
                    "the degree must have been awarded in the {n} years before applying; yours is from {year}",
                    n=self.within_years,
                    year=year,
                )
            )
        if year < first_in:
            return Outcome.unknown(
                Msg(
                    "the degree must have been awarded in the {n} years before applying; for a {year} degree it depends on the day of the award",
                    n=self.within_years,
                    year=year,
                ),
                [],
            )
        where = edu.degree_country
        if self.awarded_in or self.awarded_outside:
            if where is None:
                return Outcome.unknown(
                    Msg("where your degree was awarded is not given"),
                    ["education.degree_country"],
                )
            if self.awarded_in and where not in self.awarded_in:
                return Outcome.unmet(
                    Msg(
                        "only a degree awarded in {need} counts; yours is from {have}",
                        need=Lazy(country_names_or, self.awarded_in),
                        have=Lazy(country_in_sentence, where),
                    )
                )
            if where in self.awarded_outside:
                return Outcome.unmet(
                    Msg(
                        "a degree from {have} does not count for this route",
                        have=Lazy(country_in_sentence, where),
                    )
                )
        if self.institutions is None and self.list_url is None:
            return Outcome.met(Msg("your degree is from {year}", year=year))
        if self.institutions is None:
            return Outcome.unknown(
                Msg(
                    "the university must be on the list for the year of your degree, which emigre does not hold; check {url}",
                    url=self._where(),
                ),
                [],
            )
        if edu.institution is None:
            return Outcome.unknown(
                Msg("the university of your degree is not given"), ["education.institution"]
            )
        res = ctx.params.resolve(self.institutions, ctx.on)
        every, partly = listed_in_year(ctx.params.parameters[self.institutions], year)
        name = normalise(edu.institution)
        if any(n == name and (where is None or cc == where) for cc, n in every):
            return Outcome.met(
                Msg(
                    "{name} is on the list for degrees awarded in {year}",
                    name=edu.institution,
                    year=year,
                ),
                used=[res] if res.known else [],
            )
        text = (
            N_(
                "whether {name} is on the list depends on the month of your award in {year}; "
                "check {url}"
            )
            if partly
            else N_(
                "{name} is not among the universities emigre knows on the list for {year}; "
                "the official list may still name it: check {url}"
            )
        )
        return Outcome.unknown(Msg(text, name=edu.institution, year=year, url=self._where()), [])

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        have, year = pl.col("highest_degree"), pl.col("graduation_year")
        where, inst = pl.col("degree_country"), pl.col("institution")
        ok = [d for d, r in DEGREE_RANK.items() if r >= DEGREE_RANK[self.min_level]]
        first_in, last_out = self._window(cp.on)
        expr = (
            pl.when(have.is_null())
            .then(cp.lit(State.UNKNOWN))
            .when(~have.is_in(ok))
            .then(cp.lit(State.BLOCKED))
            .when(year.is_null() | (year > cp.on.year))
            .then(cp.lit(State.UNKNOWN))
            .when(year <= last_out)
            .then(cp.lit(State.BLOCKED))
            .when(year < first_in)
            .then(cp.lit(State.UNKNOWN))
        )
        if self.awarded_in or self.awarded_outside:
            expr = expr.when(where.is_null()).then(cp.lit(State.UNKNOWN))
            if self.awarded_in:
                expr = expr.when(~where.is_in(self.awarded_in)).then(cp.lit(State.BLOCKED))
            if self.awarded_outside:
                expr = expr.when(where.is_in(self.awarded_outside)).then(cp.lit(State.BLOCKED))
        if self.institutions is None:
            final = State.UNKNOWN if self.list_url else State.MET
            return expr.otherwise(cp.lit(final))
        param = cp.params.parameters[self.institutions]
        named = inst.map_elements(normalise, return_dtype=pl.String)
        listed: list[pl.Expr] = []
        for y in range(first_in, cp.on.year + 1):
            every, _partly = listed_in_year(param, y)
            if not every:
                continue
            keys = sorted(f"{cc}|{n}" for cc, n in every)
            names = sorted({n for _cc, n in every})
            hit = pl.concat_str([where, pl.lit("|"), named]).is_in(keys) | (
                where.is_null() & named.is_in(names)
            )
            listed.append((year == y) & hit.fill_null(False))
        if listed:
            expr = expr.when(pl.any_horizontal(listed)).then(cp.lit(State.MET))
        return expr.otherwise(cp.lit(State.UNKNOWN))
