"""The *vectorise* face of the condition vocabulary: each condition compiles to a polars
expression that computes, for every row of a profile table at once, the same four states as the
*explain* face (`Condition.evaluate` combined by `rules.evaluate`).

States are small integers ordered so that the tree logic is arithmetic:

    met 0 < closable 1 < unknown 2 < blocked 3

* `all` is the row-wise maximum of its children (one blocker outweighs missing facts, missing
  facts outweigh gaps that can be closed), `any` the minimum (the best alternative);
* `not` maps met to blocked, unknown to unknown and anything else to met;
* a leaf whose data says `closable: false` turns closable into blocked, as `Base.finish` does.

The codes are also the verdict order (eligible 0, reachable 1, unknown 2, blocked 3), so the best
verdict of a person in a country is the minimum over its routes.

Parameters are resolved once, at the evaluation date, and money thresholds are converted to EUR
with the rate of that date through the very function the explain face uses (`money_eur`), so both
faces compare the same floats. One function per condition type, dispatched by type in
`COMPILERS`. A condition type without a compiler (or a case one cannot express exactly) falls
back to the explain face, row by row, inside the same plan: slow but correct, and reported in
`Plan.fallbacks` so that the command line can say so.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import TYPE_CHECKING, Any

import polars as pl

from emigre.knowledge.parameters import ParameterStore, Resolved
from emigre.language import LEVEL_RANK
from emigre.money import FxTable
from emigre.population.schema import JOB_PREFIXES, Layout, row_to_profile
from emigre.profile import DEGREE_RANK
from emigre.rules import conditions as cd
from emigre.rules.conditions import DAYS_PER_MONTH, money_eur

if TYPE_CHECKING:
    from emigre.knowledge.route import Route

MET, CLOSABLE, UNKNOWN, BLOCKED = 0, 1, 2, 3
STATE_CODE: dict[str, int] = {
    "met": MET,
    "closable": CLOSABLE,
    "unknown": UNKNOWN,
    "blocked": BLOCKED,
}
VERDICTS: tuple[str, ...] = ("eligible", "reachable", "unknown", "blocked")
"""Verdict names by state code (met → eligible, closable → reachable, …)."""
VERDICT_ENUM = pl.Enum(list(VERDICTS))
CODE_OF_VERDICT: dict[str, int] = {v: i for i, v in enumerate(VERDICTS)}

_U8 = pl.UInt8


def _s(code: int) -> pl.Expr:
    return pl.lit(code, dtype=_U8)


class NotVectorisable(Exception):
    """This condition (in this form) has no exact column expression: use the explain face."""


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
            lf.with_columns(*(e.alias(n) for n, e in self.derived.items()))
            .with_columns(*(e.alias(n) for n, e in self.leaves.items()))
            .select(*keep, *(e.alias(n) for n, e in self.states.items()))
        )

    def leaf_frame(self, lf: pl.LazyFrame) -> pl.LazyFrame:
        """The input with the derived and leaf columns added (to inspect single conditions)."""
        return lf.with_columns(*(e.alias(n) for n, e in self.derived.items())).with_columns(
            *(e.alias(n) for n, e in self.leaves.items())
        )

    def verdict_frame(self, lf: pl.LazyFrame, keep: Sequence[str] = ()) -> pl.LazyFrame:
        """The `keep` columns and one verdict column (Enum) per route."""
        names = pl.lit(pl.Series(list(VERDICTS), dtype=VERDICT_ENUM))
        return (
            lf.with_columns(*(e.alias(n) for n, e in self.derived.items()))
            .with_columns(*(e.alias(n) for n, e in self.leaves.items()))
            .select(*keep, *(names.gather(e).alias(n) for n, e in self.states.items()))
        )


LeafCompiler = Callable[["Compiler", Any, str], pl.Expr]
COMPILERS: dict[str, LeafCompiler] = {}


def compiles(kind: str) -> Callable[[LeafCompiler], LeafCompiler]:
    def register(fn: LeafCompiler) -> LeafCompiler:
        COMPILERS[kind] = fn
        return fn

    return register


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

    def job_eur(self, prefix: str) -> pl.Expr:
        return self.derive(
            f"_{prefix}_eur",
            lambda: self.to_eur(
                pl.col(f"{prefix}_gross_monthly_salary"), pl.col(f"{prefix}_currency")
            ),
        )

    def starts(self, column: pl.Expr, prefixes: Sequence[str]) -> pl.Expr:
        """`column.startswith(tuple(prefixes))`, for ISCO codes (1 to 4 ASCII digits)."""
        groups = isco_prefixes(prefixes)
        if groups is None:
            return column.is_not_null()
        tests = [column.str.starts_with(p) for ps in groups.values() for p in ps]
        return tests[0] if len(tests) == 1 else pl.any_horizontal(tests)

    # --- the tree --------------------------------------------------------------------------

    def route(self, route: Route) -> pl.Expr:
        self.route_id = route.id
        state = self.node(route.requires, route.country)
        if route.checklist_complete:
            return state
        # As RouteResult.verdict: no written checklist, no "eligible".
        return pl.when(state == MET).then(_s(UNKNOWN)).otherwise(state)

    def node(self, c: cd.Condition, country: str) -> pl.Expr:
        if isinstance(c, cd.All):
            kids = [self.node(k, country) for k in c.of]
            return kids[0] if len(kids) == 1 else pl.max_horizontal(kids)
        if isinstance(c, cd.Any_):
            return pl.min_horizontal([self.node(k, country) for k in c.of])
        if isinstance(c, cd.Not):
            inner = self.node(c.condition, country)
            return (
                pl.when(inner == MET)
                .then(_s(BLOCKED))
                .when(inner == UNKNOWN)
                .then(_s(UNKNOWN))
                .otherwise(_s(MET))
            )
        if isinstance(c, cd.Points):
            # Built inline from its items' columns (they are leaves of stage 2).
            return self._finish(c, compile_points(self, c, country))
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
                expr = self._finish(c, fn(self, c, country))
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


def isco_prefixes(prefixes: Sequence[str]) -> dict[int, tuple[str, ...]] | None:
    """The prefixes that matter, by length (a prefix of another makes the longer one moot);
    None when every code matches (all ten one-digit major groups)."""
    kept = sorted({p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes)})
    if set("0123456789") <= set(kept):
        return None
    groups: dict[int, tuple[str, ...]] = {}
    for p in kept:
        groups[len(p)] = (*groups.get(len(p), ()), p)
    return dict(sorted(groups.items()))


def _leaf_key(c: cd.Condition, country: str) -> str:
    data = c.model_dump(exclude={"id", "legal_basis", "sources", "note"}, by_alias=True)
    if c.type in ("job_offer", "remote_income") or c.type not in COMPILERS:
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


# --- One function per condition type -----------------------------------------------------------


@compiles("citizenship")
def compile_citizenship(cp: Compiler, c: cd.Citizenship, country: str) -> pl.Expr:
    name = c.in_ or c.not_in
    assert name is not None
    res = cp.resolve(name)
    if not res.known:
        return _s(UNKNOWN)
    listed = list(res.value)
    hit = pl.col("citizenship").is_in(listed).fill_null(False) | pl.col("citizenship_2").is_in(
        listed
    ).fill_null(False)
    if c.not_in:
        return pl.when(hit).then(_s(BLOCKED)).otherwise(_s(MET))
    return pl.when(hit).then(_s(MET)).otherwise(_s(BLOCKED if c.exhaustive else UNKNOWN))


@compiles("residence")
def compile_residence(cp: Compiler, c: cd.Residence, country: str) -> pl.Expr:
    name = c.in_ or c.not_in
    assert name is not None
    res = cp.resolve(name)
    where = pl.col("residence")
    if not res.known:
        return _s(UNKNOWN)
    inside = where.is_in(list(res.value))
    ok = inside if c.in_ else ~inside
    return pl.when(where.is_null()).then(_s(UNKNOWN)).when(ok).then(_s(MET)).otherwise(_s(CLOSABLE))


@compiles("age")
def compile_age(cp: Compiler, c: cd.Age, country: str) -> pl.Expr:
    age = cp.age
    chain: Any = None
    if c.min is not None:
        chain = pl.when(age < c.min).then(_s(CLOSABLE))
    if c.max is not None:
        cond = age > c.max
        chain = (
            pl.when(cond).then(_s(BLOCKED)) if chain is None else chain.when(cond).then(_s(BLOCKED))
        )
    return _s(MET) if chain is None else chain.otherwise(_s(MET))


@compiles("degree")
def compile_degree(cp: Compiler, c: cd.Degree, country: str) -> pl.Expr:
    have = pl.col("highest_degree")
    ok = [d for d, r in DEGREE_RANK.items() if r >= DEGREE_RANK[c.min_level]]
    return (
        pl.when(have.is_null())
        .then(_s(UNKNOWN))
        .when(have.is_in(ok))
        .then(_s(MET))
        .otherwise(_s(BLOCKED))
    )


def _intervals(
    cp: Compiler, occupations: Sequence[str], within: float | None
) -> list[tuple[pl.Expr, pl.Expr]]:
    """Each job slot's counted span [begin, end) in days since 1970, as the explain face clips
    it; (0, 0) for a job that does not count."""
    on = cp.on
    on_d = (on - date(1970, 1, 1)).days
    window = (
        (date(on.year - int(within), on.month, min(on.day, 28)) - date(1970, 1, 1)).days
        if within
        else None
    )
    spans: list[tuple[pl.Expr, pl.Expr]] = []
    for p in cp.layout.jobs:
        start = pl.col(f"{p}_start").cast(pl.Int64)
        end_raw = pl.col(f"{p}_end").cast(pl.Int64)
        counts = cp.starts(pl.col(f"{p}_occupation"), occupations) & (start <= on_d)
        end = pl.min_horizontal(end_raw.fill_null(on_d), pl.lit(on_d, dtype=pl.Int64))
        begin = (
            pl.max_horizontal(start, pl.lit(window, dtype=pl.Int64))
            if window is not None
            else start
        )
        keep = (counts & (end > begin)).fill_null(False)
        zero = pl.lit(0, dtype=pl.Int64)
        spans.append(
            (pl.when(keep).then(begin).otherwise(zero), pl.when(keep).then(end).otherwise(zero))
        )
    return spans


def _union_days(spans: list[tuple[pl.Expr, pl.Expr]]) -> pl.Expr:
    """Length of the union of intervals, by inclusion–exclusion (exact, in whole days)."""
    if not spans:
        return pl.lit(0, dtype=pl.Int64)
    total: pl.Expr = pl.lit(0, dtype=pl.Int64)
    for k in range(1, len(spans) + 1):
        for subset in combinations(spans, k):
            lo = pl.max_horizontal([b for b, _ in subset]) if k > 1 else subset[0][0]
            hi = pl.min_horizontal([e for _, e in subset]) if k > 1 else subset[0][1]
            overlap = pl.max_horizontal(hi - lo, pl.lit(0, dtype=pl.Int64))
            total = total + overlap if k % 2 else total - overlap
    return total


@compiles("experience")
def compile_experience(cp: Compiler, c: cd.Experience, country: str) -> pl.Expr:
    groups = isco_prefixes(c.occupations)
    which = "any" if groups is None else "_".join(p for ps in groups.values() for p in ps)
    key = f"_exp_{which}_w{c.within_years or 0:g}".replace(".", "p")
    days = cp.derive(key, lambda: _union_days(_intervals(cp, c.occupations, c.within_years)))
    years = days.cast(pl.Float64) / DAYS_PER_MONTH / 12
    return pl.when(years >= c.years).then(_s(MET)).otherwise(_s(CLOSABLE))


@compiles("language")
def compile_language(cp: Compiler, c: cd.Language, country: str) -> pl.Expr:
    ok = [lvl for lvl, r in LEVEL_RANK.items() if r >= LEVEL_RANK[c.level]]
    have = cp.col(f"lang_{c.language}")
    return pl.when(have.is_in(ok).fill_null(False)).then(_s(MET)).otherwise(_s(CLOSABLE))


@compiles("job_offer")
def compile_job_offer(cp: Compiler, c: cd.JobOffer, country: str) -> pl.Expr:
    offer_eur = cp.derive(
        "_offer_eur", lambda: cp.to_eur(pl.col("offer_salary"), pl.col("offer_currency"))
    )
    has_offer = (pl.col("offer_country") == country).fill_null(False)
    occ_ok: pl.Expr = pl.lit(True)
    if c.occupations:
        occ = pl.col("offer_occupation")
        occ_ok = occ.is_null() | cp.starts(occ, c.occupations)

    def against(param: str | None) -> pl.Expr:
        need: float | None = 0.0
        if param is not None:
            res = cp.resolve(param)
            if not res.known:
                return _s(UNKNOWN)
            need = cp.money(res, "year")
        if need is None:
            return _s(UNKNOWN)
        return (
            pl.when(~has_offer)
            .then(_s(CLOSABLE))
            .when(offer_eur.is_null())
            .then(_s(UNKNOWN))
            .when(~occ_ok)
            .then(_s(CLOSABLE))
            .when(offer_eur >= need)
            .then(_s(MET))
            .otherwise(_s(CLOSABLE))
        )

    if not c.min_salary and not c.by_age:
        return against(None)
    chain: Any = None
    for band in c.by_age:
        if band.below_age is None:
            return (
                against(band.min_salary)
                if chain is None
                else chain.otherwise(against(band.min_salary))
            )
        cond = cp.age < band.below_age
        chain = (pl.when(cond) if chain is None else chain.when(cond)).then(
            against(band.min_salary)
        )
    if c.min_salary is None:
        raise NotVectorisable("no salary threshold for some ages")
    return against(c.min_salary) if chain is None else chain.otherwise(against(c.min_salary))


@compiles("funds")
def compile_funds(cp: Compiler, c: cd.Funds, country: str) -> pl.Expr:
    res = cp.resolve(c.min_amount)
    if not res.known:
        return _s(UNKNOWN)
    need = cp.money(res, "total")
    if need is None:
        return _s(UNKNOWN)
    if res.unit.endswith("/month"):
        need *= c.months
    have = cp.derive("_savings_eur", lambda: cp.to_eur(pl.col("savings"), pl.col("money_currency")))
    return (
        pl.when(pl.col("money_currency").is_null() | have.is_null())
        .then(_s(UNKNOWN))
        .when(have >= need)
        .then(_s(MET))
        .otherwise(_s(CLOSABLE))
    )


@compiles("remote_income")
def compile_remote_income(cp: Compiler, c: cd.RemoteIncome, country: str) -> pl.Expr:
    res = cp.resolve(c.min_monthly)
    if not res.known:
        return _s(UNKNOWN)
    need = cp.money(res, "month")
    if need is None:
        return _s(UNKNOWN)
    on = cp.on
    current: list[pl.Expr] = []
    bad: list[pl.Expr] = []
    total: pl.Expr = pl.lit(0.0, dtype=pl.Float64)
    for p in cp.layout.jobs:
        start, end, emp = pl.col(f"{p}_start"), pl.col(f"{p}_end"), pl.col(f"{p}_employer_country")
        now = (pl.col(f"{p}_remote") & (start <= on) & (end.is_null() | (end >= on))).fill_null(
            False
        )
        skip = (emp == country).fill_null(False) if c.foreign_employer else pl.lit(False)
        eur = cp.job_eur(p)
        missing = (
            pl.col(f"{p}_gross_monthly_salary").is_null()
            | pl.col(f"{p}_currency").is_null()
            | eur.is_null()
        )
        no_employer = emp.is_null() if c.foreign_employer else pl.lit(False)
        current.append(now)
        bad.append(now & (no_employer | (~skip & missing)))
        total = total + pl.when(now & ~skip).then(eur).otherwise(pl.lit(0.0))
    if not current:
        return _s(CLOSABLE)
    return (
        pl.when(~pl.any_horizontal(current))
        .then(_s(CLOSABLE))
        .when(pl.any_horizontal(bad))
        .then(_s(UNKNOWN))
        .when(total >= need)
        .then(_s(MET))
        .otherwise(_s(CLOSABLE))
    )


@compiles("school_access")
def compile_school_access(cp: Compiler, c: cd.SchoolAccess, country: str) -> pl.Expr:
    res = cp.resolve(c.rules)
    cert = pl.col("school_certificate")
    if not res.known:
        return _s(UNKNOWN)
    outcome = {
        "direct": MET,
        "recognition": CLOSABLE,
        "preparatory_year": CLOSABLE,
        "none": BLOCKED,
    }
    chain: Any = pl.when(cert.is_null()).then(_s(UNKNOWN))
    for rule in res.value:
        certs = [x for x in rule.certificates if x != "*"]
        match = pl.lit(True) if "*" in rule.certificates else cert.is_in(certs)
        chain = chain.when(match & (pl.col("university_years") >= rule.min_university_years)).then(
            _s(outcome[rule.outcome])
        )
    result: pl.Expr = chain.otherwise(_s(UNKNOWN))
    return result


@compiles("political_record")
def compile_political_record(cp: Compiler, c: cd.PoliticalRecordIs, country: str) -> pl.Expr:
    rec = pl.col("political_record")
    return (
        pl.when(rec.is_null())
        .then(_s(UNKNOWN))
        .when(rec.is_in(list(c.in_)))
        .then(_s(MET))
        .otherwise(_s(BLOCKED))
    )


@compiles("in_force")
def compile_in_force(cp: Compiler, c: cd.InForce, country: str) -> pl.Expr:
    res = cp.resolve(c.param)
    if not res.known:
        return _s(UNKNOWN)
    return _s(MET if res.value else BLOCKED)


@compiles("external")
def compile_external(cp: Compiler, c: cd.External, country: str) -> pl.Expr:
    return _s(UNKNOWN)


def compile_points(cp: Compiler, c: cd.Points, country: str) -> pl.Expr:
    """Points: sure (met), maybe (unknown) and reachable (closable) sums of the items' points."""
    items = [(cp.node(i.when, country), i.points) for i in c.items]
    zero = pl.lit(0, dtype=pl.Int32)

    def total(state: int) -> pl.Expr:
        return pl.sum_horizontal(
            [pl.when(s == state).then(pl.lit(n, dtype=pl.Int32)).otherwise(zero) for s, n in items]
        )

    sure, maybe, reach = total(MET), total(UNKNOWN), total(CLOSABLE)
    # A closable item always has a closable leaf with a step, so "steps" is "reach > 0".
    return (
        pl.when(sure >= c.min)
        .then(_s(MET))
        .when((sure + reach >= c.min) & (reach > 0))
        .then(_s(CLOSABLE))
        .when(sure + maybe + reach >= c.min)
        .then(_s(UNKNOWN))
        .otherwise(_s(BLOCKED))
    )


COMPILERS["points"] = compile_points
"""Points are compiled inline (their items are leaves), but have a compiler all the same."""

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
    "Plan",
    "compile_plan",
]
