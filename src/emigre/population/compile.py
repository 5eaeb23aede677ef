"""The driver of the *vectorise* face: compiles routes to polars expressions that compute, for
every row of a profile table at once, the same four states as the *explain* face.

Each condition type's own expression lives in its module (`emigre.rules.conditions.<type>`,
method `vectorise`); this module holds the `Compiler` they call back into (shared derived columns,
currency conversion, ISCO matching) and the three stages of a `Plan`. States are the integer
codes of `emigre.rules.state.State` (met 0 < closable 1 < unknown 2 < blocked 3): `all` is the
row-wise maximum, `any` the minimum, and the codes are also the verdict order, so the best
verdict of a person in a country is the minimum over its routes.

Parameters are resolved once, at the evaluation date, and money thresholds are converted to EUR
with the rate of that date through the very function the explain face uses (`money_eur`), so both
faces compare the same floats. A condition type without a vectorise face (or a case one cannot
express exactly) falls back to the explain face, row by row, inside the same plan: slow but
correct, and reported in `Plan.fallbacks` so that the command line can say so.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

import polars as pl
from pydantic import BaseModel

from emigre.knowledge.parameters import ParameterStore, Resolved
from emigre.money import FxTable
from emigre.population.rows import row_to_profile
from emigre.population.schema import JOB_PREFIXES, Layout
from emigre.rules import conditions as cd
from emigre.rules.conditions import NotVectorisable, isco_prefixes, money_eur, vectorised
from emigre.rules.state import STATE_CODE, VERDICTS, State

if TYPE_CHECKING:
    from emigre.knowledge.route import Route

MET, CLOSABLE, UNKNOWN, BLOCKED = (int(s) for s in State)
VERDICT_ENUM = pl.Enum(list(VERDICTS))
CODE_OF_VERDICT: dict[str, int] = {v: i for i, v in enumerate(VERDICTS)}

_U8 = pl.UInt8


_STATE_LITS = {int(s): pl.lit(int(s), dtype=_U8) for s in State}
"""Each state as a UInt8 literal, built once: `pl.lit` with a type builds and casts a Series,
and the plan asks for ~900 of them (a fifth of compiling)."""


def _s(code: int) -> pl.Expr:
    return _STATE_LITS[code]


@dataclass(frozen=True)
class Fallback:
    route: str
    condition: str
    type: str
    reason: str


@dataclass(frozen=True)
class RouteInfo:
    id: str
    country: str
    family: str


@dataclass
class Plan:
    """A compiled knowledge base: three stages of column expressions, and what fell back."""

    on: date
    layout: Layout
    routes: list[RouteInfo]
    derived: dict[str, pl.Expr]
    """Stage 1: per-row figures several conditions share (age, amounts in EUR, days worked)."""
    leaves: dict[str, pl.Expr]
    """Stage 2: one UInt8 state column per distinct leaf condition."""
    states: dict[str, pl.Expr]
    """Stage 3: each route's state, from the leaf columns by the tree logic."""
    fallbacks: list[Fallback] = field(default_factory=list)
    leaf_of: dict[tuple[str, str], str] = field(default_factory=dict)
    """(route id, condition id) → the leaf column holding that condition's state."""

    @property
    def route_ids(self) -> list[str]:
        return [r.id for r in self.routes]

    def state_frame(self, lf: pl.LazyFrame, keep: Sequence[str] = ()) -> pl.LazyFrame:
        """The `keep` columns and one UInt8 state column per route."""
        return (
            with_codes(lf, self.layout)
            .with_columns(*(e.alias(n) for n, e in self.derived.items()))
            .with_columns(*(e.alias(n) for n, e in self.leaves.items()))
            .select(*keep, *(e.alias(n) for n, e in self.states.items()))
        )

    def leaf_frame(self, lf: pl.LazyFrame) -> pl.LazyFrame:
        """The input with the derived and leaf columns added (to inspect single conditions)."""
        return (
            with_codes(lf, self.layout)
            .with_columns(*(e.alias(n) for n, e in self.derived.items()))
            .with_columns(*(e.alias(n) for n, e in self.leaves.items()))
        )

    def verdict_frame(self, lf: pl.LazyFrame, keep: Sequence[str] = ()) -> pl.LazyFrame:
        """The `keep` columns and one verdict column (Enum) per route. The states are mapped to
        names in a step of their own (inside the select that computes them it costs ~a fifth
        more)."""
        names = pl.lit(pl.Series(list(VERDICTS), dtype=VERDICT_ENUM))
        return self.state_frame(lf, keep).with_columns(
            names.gather(pl.col(n)).alias(n) for n in self.states
        )


def with_codes(lf: pl.LazyFrame, layout: Layout) -> pl.LazyFrame:
    """The (checked) code columns as categoricals, cast once for every condition that compares
    them: `==` and `is_in` on categoricals are several times faster than on text, which made
    about a fifth of the evaluation. The verdicts are the same."""
    present = set(lf.collect_schema().names())
    return lf.with_columns(pl.col(c).cast(pl.Categorical) for c in layout.codes() if c in present)


LeafCompiler = Callable[[Any, "Compiler", str], pl.Expr]
COMPILERS: dict[str, LeafCompiler] = {
    cd.type_name(m): m.vectorise for m in cd.LEAF_TYPES if vectorised(m)
}
"""Each leaf type's vectorise face (from the registry); a type missing here falls back."""


class Compiler:
    """Compiles routes for one date, parameter store, rate table and table layout."""

    def __init__(
        self, on: date, params: ParameterStore, fx: FxTable, layout: Layout, namespace: str = ""
    ) -> None:
        self.on, self.params, self.fx, self.layout = on, params, fx, layout
        self.ns = namespace
        self.derived: dict[str, pl.Expr] = {}
        self.leaves: dict[str, pl.Expr] = {}
        self._leaf_names: dict[str, str] = {}
        self.leaf_of: dict[tuple[str, str], str] = {}
        self.fallbacks: list[Fallback] = []
        self.route_id = ""
        self.rates: dict[str, float] = {}
        for cur in fx.currencies():
            rate = fx.rate(cur, on)
            if cur != "EUR" and rate is not None:
                self.rates[cur] = rate.per_eur

    # --- helpers ---------------------------------------------------------------------------

    @staticmethod
    def lit(state: State) -> pl.Expr:
        """A state as a UInt8 literal column."""
        return _STATE_LITS[int(state)]

    def col(self, name: str) -> pl.Expr:
        """An input column; a language column the table does not have is an empty one."""
        if name.startswith("lang_") and name[5:] not in self.layout.languages:
            return pl.lit(None, dtype=pl.String)
        return pl.col(name)

    def derive(self, key: str, build: Callable[[], pl.Expr]) -> pl.Expr:
        key = self.ns + key
        if key not in self.derived:
            self.derived[key] = build()
        return pl.col(key)

    def to_eur(self, amount: pl.Expr, currency: pl.Expr) -> pl.Expr:
        """As `FxTable.convert(amount, cur, "EUR", on)`: null where no rate is known."""
        if self.rates:
            rate = currency.replace_strict(
                list(self.rates), list(self.rates.values()), default=None, return_dtype=pl.Float64
            )
        else:
            rate = pl.lit(None, dtype=pl.Float64)
        return pl.when(currency == "EUR").then(amount).otherwise(amount / rate)

    def resolve(self, name: str) -> Resolved:
        return self.params.resolve(name, self.on)

    def money(self, res: Resolved, per: Any) -> float | None:
        return money_eur(self.fx, self.on, res, per)

    @property
    def age(self) -> pl.Expr:
        on = self.on

        def build() -> pl.Expr:
            b = pl.col("birth_date")
            later = (b.dt.month() > on.month) | ((b.dt.month() == on.month) & (b.dt.day() > on.day))
            return (
                pl.lit(on.year, dtype=pl.Int32) - b.dt.year().cast(pl.Int32) - later.cast(pl.Int32)
            )

        return self.derive("_age", build)

    def choice_in(self, column: str, values: Iterable[str]) -> pl.Expr:
        """A choice column against the values that meet a condition: unknown where the cell is
        empty, met where it is one of them, else blocked (nobody changes the past)."""
        cell = pl.col(column)
        return (
            pl.when(cell.is_null())
            .then(self.lit(State.UNKNOWN))
            .when(cell.is_in(list(values)))
            .then(self.lit(State.MET))
            .otherwise(self.lit(State.BLOCKED))
        )

    def job_held(self, prefix: str, since: date | None = None, remote: bool = False) -> pl.Expr:
        """Whether the job in slot `prefix` is held at the date, begun by `since` (default: the
        date) and, when `remote`, done remotely; False where the table leaves it empty. A
        shared column: the income conditions ask it several times in one expression."""
        since = since or self.on

        def build() -> pl.Expr:
            start, end = pl.col(f"{prefix}_start"), pl.col(f"{prefix}_end")
            held = (start <= since) & (end.is_null() | (end >= self.on))
            return (pl.col(f"{prefix}_remote") & held if remote else held).fill_null(False)

        kind = "remote" if remote else "held"
        return self.derive(f"_{prefix}_{kind}_{since.isoformat()}", build)

    def job_eur(self, prefix: str) -> pl.Expr:
        return self.derive(
            f"_{prefix}_eur",
            lambda: self.to_eur(
                pl.col(f"{prefix}_gross_monthly_salary"), pl.col(f"{prefix}_currency")
            ),
        )

    def starts(self, column: pl.Expr, prefixes: Sequence[str]) -> pl.Expr:
        """`column.startswith(tuple(prefixes))`, for ISCO codes (1 to 4 ASCII digits, as the
        checks make sure): one `is_in` against every code that begins with one of them, on the
        categorical column (`with_codes`), instead of a `starts_with` per prefix on text, which
        made most of the shared columns' time."""
        groups = isco_prefixes(prefixes)
        if groups is None:
            return column.is_not_null()
        return column.is_in(list(isco_codes(tuple(p for ps in groups.values() for p in ps))))

    # --- the tree --------------------------------------------------------------------------

    def route(self, route: Route) -> pl.Expr:
        self.route_id = route.id
        state = self.node(route.requires, route.country)
        if route.checklist_complete:
            return state
        # As RouteResult.verdict: no written checklist, no "eligible".
        return pl.when(state == MET).then(_s(UNKNOWN)).otherwise(state)

    def node(self, c: cd.Condition, country: str) -> pl.Expr:
        if isinstance(c, cd.Logic):
            return c.vectorise(self, country)
        if getattr(c, "inline", False):
            # Built in place from its items' columns (they are leaves of stage 2).
            return self._finish(c, c.vectorise(self, country))
        return self.leaf(c, country)

    def leaf(self, c: cd.Condition, country: str) -> pl.Expr:
        key = _leaf_key(c, country)
        name = self._leaf_names.get(key)
        if name is None:
            name = f"{self.ns}_leaf{len(self._leaf_names)}"
            self._leaf_names[key] = name
            fn = COMPILERS.get(c.type)
            try:
                if fn is None:
                    raise NotVectorisable(f"no compiler for condition type '{c.type}'")
                expr = self._finish(c, fn(c, self, country))
            except NotVectorisable as exc:
                self.fallbacks.append(Fallback(self.route_id, c.id, c.type, str(exc)))
                expr = self.explain_fallback(c, country)
            self.leaves[name] = expr
        self.leaf_of[(self.route_id, c.id)] = name
        return pl.col(name)

    def _finish(self, c: Any, expr: pl.Expr) -> pl.Expr:
        if getattr(c, "closable", None) is False:
            return pl.when(expr == CLOSABLE).then(_s(BLOCKED)).otherwise(expr)
        return expr

    def explain_fallback(self, c: cd.Condition, country: str) -> pl.Expr:
        """The explain face, row by row: builds each row's Profile and evaluates `c` on it."""
        from emigre.rules.conditions import Context
        from emigre.rules.evaluate import evaluate_node

        on, params, fx, layout = self.on, self.params, self.fx, self.layout
        columns = layout.names()

        def run(batch: pl.Series) -> pl.Series:
            out: list[int | None] = []
            for row in batch.to_list():
                try:
                    profile = row_to_profile(row, layout)
                except Exception:  # a bad row: reported and skipped elsewhere
                    out.append(None)
                    continue
                res = evaluate_node(c, Context(profile, on, country, params, fx))
                out.append(STATE_CODE[res.state])
            return pl.Series(out, dtype=_U8)

        return pl.struct(columns).map_batches(run, return_dtype=_U8, is_elementwise=True)


@cache
def isco_codes(prefixes: tuple[str, ...]) -> tuple[str, ...]:
    """Every ISCO code of 1 to 4 digits that begins with one of `prefixes`.

    >>> isco_codes(("251",))
    ('251', '2510', '2511', '2512', '2513', '2514', '2515', '2516', '2517', '2518', '2519')
    """
    codes: list[str] = []
    for p in prefixes:
        for more in range(5 - len(p)):
            codes += [p + str(i).zfill(more) for i in range(10**more)] if more else [p]
    return tuple(codes)


_NOT_IN_KEY = frozenset({"id", "legal_basis", "sources", "note"})


def _plain(value: Any) -> Any:
    """A model's field values as plain data, nested models as dicts of their fields."""
    if isinstance(value, BaseModel):
        return {k: _plain(getattr(value, k)) for k in type(value).model_fields}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _leaf_key(c: cd.Condition, country: str) -> str:
    """What makes two leaf conditions the same column: every field but the id, the legal basis,
    the sources and the note. Read field by field rather than with `model_dump`, whose first
    call builds a serialiser for each condition model (~25 ms of a run's compiling)."""
    data = {k: _plain(getattr(c, k)) for k in type(c).model_fields if k not in _NOT_IN_KEY}
    if c.per_country or c.type not in COMPILERS:
        data["@country"] = country
    return json.dumps(data, sort_keys=True, default=str)


def compile_plan(
    routes: Sequence[Route],
    on: date,
    params: ParameterStore,
    fx: FxTable,
    layout: Layout,
    namespace: str = "",
) -> Plan:
    """Compile every route for one date; stage expressions are shared between routes. Plans
    evaluated in one pass need distinct `namespace`s for their helper columns."""
    cp = Compiler(on, params, fx, layout, namespace)
    states = {r.id: cp.route(r) for r in routes}
    infos = [RouteInfo(r.id, r.country, r.family) for r in routes]
    return Plan(on, layout, infos, cp.derived, cp.leaves, states, cp.fallbacks, cp.leaf_of)


__all__ = [
    "BLOCKED",
    "CLOSABLE",
    "COMPILERS",
    "JOB_PREFIXES",
    "MET",
    "UNKNOWN",
    "VERDICTS",
    "Compiler",
    "Fallback",
    "NotVectorisable",
    "STATE_CODE",
    "compile_plan",
    "isco_prefixes",
]
