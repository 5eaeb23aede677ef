"""Running a compiled plan over a table of profiles on this machine, batch by batch (polars);
`cluster` runs the same `Job` partition by partition on Dask. The results file is described in
`results`."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from emigre.errors import InputError
from emigre.population.checks import with_messages
from emigre.population.compile import (
    VERDICT_ENUM,
    VERDICTS,
    Fallback,
    Plan,
    RouteInfo,
    compile_plan,
    with_codes,
)
from emigre.population.reading import check_types, normalise, scan_people
from emigre.population.reform import BASE_PREFIX, Comparison, compare, touched_routes
from emigre.population.results import run_meta, write_results
from emigre.population.rows import BadRows
from emigre.population.schema import Layout, layout_of

if TYPE_CHECKING:
    from emigre.knowledge.loader import KnowledgeBase
    from emigre.population.reform import Reform

BATCH_ROWS = 250_000


@dataclass
class RunResult:
    on: date
    people: int
    bad: BadRows
    routes: list[RouteInfo]
    fallbacks: list[Fallback]
    seconds: float
    output: Path | None
    frame: pl.DataFrame | None = None
    """The verdicts, when no output file was asked for."""
    comparison: Comparison | None = None
    synthetic: bool = False
    notice: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    """What the results file's metadata records (date, routes, input, reform, counts)."""


@dataclass
class Tally:
    """A run as it goes, the same for the local and the Dask engine: people evaluated, rows
    skipped, the reform comparison, the progress it reports; then its metadata and result."""

    job: Job
    lf: pl.LazyFrame
    on: date
    meta: dict[str, Any]
    tick: Progress | None
    comparison: Comparison | None
    engine: str | None = None
    bad: BadRows = field(default_factory=BadRows)
    people: int = 0
    t0: float = field(default_factory=time.perf_counter)

    def take(self, out: pl.DataFrame, wrong: pl.DataFrame, comp: Comparison, rows: int) -> None:
        """Counts one evaluated batch (of `rows` input rows)."""
        self.bad.add(wrong)
        if self.comparison is not None:
            self.comparison.merge(comp)
        self.people += out.height
        if self.tick:
            self.tick(rows)

    def schema(self) -> pl.Schema:
        """The results' columns, for a table with no rows (evaluating a batch gives them)."""
        empty = normalise(self.lf.head(0).with_row_index("row", offset=1), self.job.layout)
        return self.job.evaluate(empty.collect())[0].schema

    def final_meta(self) -> dict[str, Any]:
        engine = {"engine": self.engine} if self.engine else {}
        return {**self.meta, "people": self.people, "skipped": len(self.bad), **engine}

    def write(self, frames: Iterator[pl.DataFrame], output: Path | None) -> RunResult:
        """Writes the verdicts (see `write_results`) and gives the outcome of the run."""
        frame = write_results(frames, self.schema, output, self.final_meta)
        return RunResult(
            self.on,
            self.people,
            self.bad,
            self.job.plan.routes,
            self.job.plan.fallbacks,
            time.perf_counter() - self.t0,
            output,
            frame,
            self.comparison,
            bool(self.meta["synthetic"]),
            self.meta["notice"],
            self.final_meta(),
        )


def start(
    source: str,
    on: date,
    kb: KnowledgeBase,
    reform: Reform | None,
    engine: str | None = None,
    table: tuple[pl.LazyFrame, Layout] | None = None,
) -> Tally:
    """Compiles the plan for `source` (already opened: `table`, from `open_table`) and starts
    counting (its `tick` is set once the number of rows is known)."""
    t0 = time.perf_counter()
    lf, job = prepare_job(source, on, kb, reform, table)
    meta = run_meta(job.plan, source, on, reform)
    comparison = Comparison() if reform else None
    return Tally(job, lf, on, meta, None, comparison, engine, t0=t0)


@dataclass
class Job:
    """Everything a batch or a partition needs: plans and what to compare. Picklable."""

    layout: Layout
    plan: Plan
    base: Plan | None = None
    """The unreformed plan of the routes the reform touches, to compare against."""
    keep: tuple[str, ...] = ("row",)

    def evaluate(self, prepared: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, Comparison]:
        """Verdicts of the good rows, the bad rows (`row`, `_error`) and the comparison."""
        broken = prepared.get_column("_check").null_count() < prepared.height
        if broken:
            bad = with_messages(prepared.filter(pl.col("_check").is_not_null()), self.layout)
            bad = bad.select("row", "_error")
            good = prepared.filter(pl.col("_check").is_null())
        else:
            # Every row is good (the usual case): no messages to spell out (planning their
            # expressions cost a few milliseconds a batch) and nothing to filter.
            bad = pl.DataFrame(schema={"row": prepared.schema["row"], "_error": pl.String})
            good = prepared
        lf = good.lazy()
        plans = [self.plan] if self.base is None else [self.plan, self.base]
        out = evaluate_plans(lf, plans, self.keep).collect()
        comparison = Comparison()
        if self.base is not None:
            base_cols = [f"{BASE_PREFIX}{r}" for r in self.base.route_ids]
            comparison = compare(out, self.plan, self.base)
            out = out.drop(base_cols)
        return out, bad, comparison


def evaluate_plans(lf: pl.LazyFrame, plans: Sequence[Plan], keep: Sequence[str]) -> pl.LazyFrame:
    """One pass for several plans (each with its own column namespace): the first plan's
    verdicts under the route ids, the others' under `base:<route id>`."""
    derived = [e.alias(n) for p in plans for n, e in p.derived.items()]
    leaves = [e.alias(n) for p in plans for n, e in p.leaves.items()]
    states = dict(plans[0].states)
    for p in plans[1:]:
        states.update((BASE_PREFIX + n, e) for n, e in p.states.items())
    return with_names(
        with_codes(lf, plans[0].layout)
        .with_columns(derived)
        .with_columns(leaves)
        .select(*keep, *(e.alias(n) for n, e in states.items())),
        list(states),
    )


def with_names(lf: pl.LazyFrame, columns: Sequence[str]) -> pl.LazyFrame:
    """State codes → verdict names (Enum), as a step of its own after the states are computed:
    mapped inside the select that computes them, the run took about a fifth longer."""
    names = pl.lit(pl.Series(list(VERDICTS), dtype=VERDICT_ENUM))
    return lf.with_columns(names.gather(pl.col(n)).alias(n) for n in columns)


def open_table(source: str) -> tuple[pl.LazyFrame, Layout]:
    """A lazy scan of `source` and the layout of its columns (nothing but the header is read)."""
    lf = scan_people(source)
    try:
        schema = lf.collect_schema()
    except pl.exceptions.PolarsError as exc:
        raise InputError(f"{source}: cannot be read ({exc})") from None
    names = schema.names()
    seps = [sep for sep in (";", "\t", "|") if len(names) == 1 and sep in names[0]]
    if seps:
        shown = repr(names[0][:60]).replace("\\t", "<tab>")
        raise InputError(
            f"{source}: the header is one column, {shown}: the table seems separated by "
            f"{'a tab' if seps[0] == chr(9) else repr(seps[0])}; save it as CSV with commas, or "
            "as Parquet"
        )
    layout = layout_of(names)
    check_types(schema, layout)
    return lf, layout


def prepare_job(
    source: str,
    on: date,
    kb: KnowledgeBase,
    reform: Reform | None = None,
    table: tuple[pl.LazyFrame, Layout] | None = None,
) -> tuple[pl.LazyFrame, Job]:
    lf, layout = table or open_table(source)
    params = kb.params if reform is None else reform.apply(kb.params)
    plan = compile_plan(kb.routes, on, params, kb.fx, layout)
    base = None
    if reform is not None:
        touched = touched_routes(kb.routes, reform.parameters())
        base = compile_plan(touched, on, kb.params, kb.fx, layout, namespace="_base")
    keep = ("row", "person_id") if layout.has_id else ("row",)
    return lf, Job(layout, plan, base, keep)


# --- Single machine -------------------------------------------------------------------------------

Progress = Callable[[int], None]


def _prefetched(
    pool: ThreadPoolExecutor, load: Callable[[int], pl.DataFrame], offsets: range
) -> Iterator[pl.DataFrame]:
    """`load(offset)` for each offset, reading the next batch while the caller works on this
    one (polars releases the GIL), so reading and evaluating overlap; two batches in memory.
    The first batch is asked for at once, before the iterator is: it is read while the plan
    compiles."""
    pending = pool.submit(load, offsets[0]) if offsets else None

    def batches() -> Iterator[pl.DataFrame]:
        nonlocal pending
        for i in range(len(offsets)):
            assert pending is not None
            batch = pending.result()
            pending = pool.submit(load, offsets[i + 1]) if i + 1 < len(offsets) else None
            yield batch

    return batches()


def run(
    source: str,
    on: date,
    kb: KnowledgeBase,
    *,
    output: Path | None = None,
    reform: Reform | None = None,
    batch_rows: int = BATCH_ROWS,
    progress: Callable[[int], Progress] | None = None,
) -> RunResult:
    """Evaluate every route for every row of `source` at `on` on this machine."""
    lf, layout = open_table(source)

    # Slice by slice (the scan reads only the row groups it needs), so memory stays bounded by
    # the batch, whatever the size of the file. Reading and checking needs only the layout, so
    # the first batch is read (polars, without the GIL) while the plan compiles (Python).
    def load(offset: int) -> pl.DataFrame:
        part = lf.slice(offset, batch_rows).with_row_index("row", offset=offset + 1)
        return normalise(part, layout).collect()

    def read_error(exc: pl.exceptions.PolarsError) -> InputError:
        return InputError(f"{source}: cannot be read ({exc})".splitlines()[0])

    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            total = int(lf.select(pl.len()).collect().item())
        except pl.exceptions.PolarsError as exc:
            raise read_error(exc) from None
        loaded = _prefetched(pool, load, range(0, total, batch_rows))
        run = start(source, on, kb, reform, table=(lf, layout))
        run.tick = progress(total) if progress else None

        def frames() -> Iterator[pl.DataFrame]:
            try:
                for batch in loaded:
                    out, wrong, comp = run.job.evaluate(batch)
                    run.take(out, wrong, comp, batch.height)
                    yield out
            except pl.exceptions.PolarsError as exc:
                raise read_error(exc) from None

        return run.write(frames(), output)
