"""`experience`: years of work in ISCO-08 groups, within a recent window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from itertools import combinations
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from emigre import occupations
from emigre.i18n import Lazy, Msg
from emigre.rules.conditions.base import (
    DAYS_PER_MONTH,
    Base,
    Context,
    Outcome,
    every_occupation,
    isco_prefixes,
)
from emigre.rules.gaps import ExperienceGap
from emigre.rules.state import State

if TYPE_CHECKING:
    import polars as pl

    from emigre.population.compile import Compiler


def _isco_group(code: str) -> str:
    """A code in the data must be a group of ISCO-08, not only look like one."""
    if not occupations.exists(code):
        raise PydanticCustomError(
            "isco_unknown",
            "'{code}' is not an ISCO-08 group; {hint}",
            {"code": code, "hint": occupations.unknown_hint(code)},
        )
    return code


IscoCode = Annotated[str, Field(pattern=r"^\d{1,4}$"), AfterValidator(_isco_group)]


class Experience(Base):
    """Years of work in the listed ISCO-08 groups, counted within the last `within_years`.
    Short of them, more time in that work closes the gap; a person who has never worked in
    those groups (unless they are every group) cannot close it by a step, as with a degree."""

    type: Literal["experience"]
    occupations: list[IscoCode] = Field(min_length=1)
    years: float = Field(gt=0)
    within_years: float | None = Field(default=None, gt=0)

    def evaluate(self, ctx: Context) -> Outcome:
        on = ctx.on
        start = (
            date(on.year - int(self.within_years), on.month, min(on.day, 28))
            if self.within_years
            else None
        )
        spans: list[tuple[date, date]] = []
        ongoing = ever = False
        for job in ctx.profile.work:
            if not job.occupation.startswith(tuple(self.occupations)) or job.start > on:
                continue
            end = min(job.end or on, on)
            ongoing = ongoing or job.end is None or job.end >= on
            ever = ever or end > job.start
            begin = max(job.start, start) if start else job.start
            if end > begin:
                spans.append((begin, end))
        # Whole days first, converted once: the sum is exact, so the vectorised face (which
        # counts the same days column by column) reaches the same float at a threshold.
        days = 0
        cursor: date | None = None
        for a, b in sorted(spans):
            if cursor is not None and a < cursor:
                a = cursor
            if b > a:
                days += (b - a).days
            cursor = max(cursor or b, b)
        years = days / DAYS_PER_MONTH / 12
        groups = Lazy(occupations.named, tuple(self.occupations))
        window = (
            Msg(" in the last {n} years", n=int(self.within_years)) if self.within_years else ""
        )
        every = every_occupation(self.occupations)
        if years >= self.years:
            if every:
                # Every major group: any work counts, and the ten codes say nothing to a reader.
                return Outcome.met(
                    Msg(
                        "{have:.1f} years of work in any occupation{window} (needs {need:g})",
                        have=years,
                        window=window,
                        need=self.years,
                    )
                )
            if self.years < 1:
                # A fraction of a year stands for "has worked in it at all" (a nurse, not a
                # nurse with N years): a figure like "needs 0.1" would say nothing to a reader.
                return Outcome.met(
                    Msg(
                        "{have:.1f} years of work in ISCO {groups}{window}",
                        have=years,
                        groups=groups,
                        window=window,
                    )
                )
            return Outcome.met(
                Msg(
                    "{have:.1f} years of work in ISCO {groups}{window} (needs {need:g})",
                    have=years,
                    groups=groups,
                    window=window,
                    need=self.years,
                )
            )
        if not ever and not every:
            # Never worked in these occupations: the route is for people who do. Years of a new
            # career are not a step the plan can take, as a degree is not.
            if self.years < 1:
                return Outcome.unmet(
                    Msg(
                        "you have not worked in ISCO {groups}; the route is for people who"
                        " work in these occupations",
                        groups=groups,
                    )
                )
            return Outcome.unmet(
                Msg(
                    "you have not worked in ISCO {groups}; the route is for people with {need:g}"
                    " years in these occupations{window}",
                    groups=groups,
                    need=self.years,
                    window=window,
                )
            )
        until = on + timedelta(days=round((self.years - years) * 365.25)) if ongoing else None
        return Outcome.unmet(
            Msg(
                "{have:.1f} years of work in any occupation{window}; needs {need:g}",
                have=years,
                window=window,
                need=self.years,
            )
            if every
            else Msg(
                "{have:.1f} years of work in ISCO {groups}{window}; needs {need:g}",
                have=years,
                groups=groups,
                window=window,
                need=self.years,
            ),
            ExperienceGap(years=self.years, have=round(years, 2), ongoing=ongoing, until=until),
        )

    def vectorise(self, cp: Compiler, country: str) -> pl.Expr:
        import polars as pl

        groups = isco_prefixes(self.occupations)
        which = "any" if groups is None else "_".join(p for ps in groups.values() for p in ps)
        key = f"_exp_{which}_w{self.within_years or 0:g}".replace(".", "p")
        days = cp.derive(key, lambda: _days_worked(cp, self.occupations, self.within_years))
        years = days.cast(pl.Float64) / DAYS_PER_MONTH / 12
        if groups is None:
            return (
                pl.when(years >= self.years)
                .then(cp.lit(State.MET))
                .otherwise(cp.lit(State.CLOSABLE))
            )
        # Days ever worked in the groups (no window): the same column as a windowless route's.
        ever = cp.derive(f"_exp_{which}_w0", lambda: _days_worked(cp, self.occupations, None))
        return (
            pl.when(years >= self.years)
            .then(cp.lit(State.MET))
            .when(ever == 0)
            .then(cp.lit(State.BLOCKED))
            .otherwise(cp.lit(State.CLOSABLE))
        )


def _days_worked(cp: Compiler, occupations: Sequence[str], within: float | None) -> pl.Expr:
    """Days worked in `occupations` (within the window), as the explain face counts them: the
    length of the union of each job slot's span [begin, end) in days since 1970, clipped to the
    window and the date, by inclusion–exclusion (exact, in whole days).

    Each term is the overlap of a set of slots' spans (the same for every occupation group:
    it depends only on the window) counted where every one of those jobs is in the group (the
    same for every window). Written so, the terms repeat across the work-experience columns and
    the query optimiser computes each once (the columns took a third of the time as long as
    each one clipped its own spans to its group). A job that starts after the date, or ends
    before the window, has an empty span, whose overlaps are empty too."""
    import polars as pl

    on = cp.on
    on_d = (on - date(1970, 1, 1)).days
    window = (
        (date(on.year - int(within), on.month, min(on.day, 28)) - date(1970, 1, 1)).days
        if within
        else None
    )
    zero = pl.lit(0, dtype=pl.Int64)

    def begin(p: str) -> pl.Expr:
        start = pl.col(f"{p}_start").cast(pl.Int64)
        if window is None:
            return start
        return pl.max_horizontal(start, pl.lit(window, dtype=pl.Int64))

    def end(p: str) -> pl.Expr:
        end = pl.col(f"{p}_end").cast(pl.Int64).fill_null(on_d)
        return pl.min_horizontal(end, pl.lit(on_d, dtype=pl.Int64))

    def counts(p: str) -> pl.Expr:
        return cp.starts(pl.col(f"{p}_occupation"), occupations).fill_null(False)

    total = zero
    for k in range(1, len(cp.layout.jobs) + 1):
        for slots in combinations(cp.layout.jobs, k):
            lo = pl.max_horizontal([begin(p) for p in slots]) if k > 1 else begin(slots[0])
            hi = pl.min_horizontal([end(p) for p in slots]) if k > 1 else end(slots[0])
            overlap = pl.max_horizontal(hi - lo, zero).fill_null(zero)
            held = pl.all_horizontal([counts(p) for p in slots]) if k > 1 else counts(slots[0])
            term = pl.when(held).then(overlap).otherwise(zero)
            total = total + term if k % 2 else total - term
    return total
