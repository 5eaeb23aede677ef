"""Running a compiled plan over a table of profiles: batch by batch on one machine (polars), or
partition by partition on a Dask cluster, with the same compiled expressions either way.

The results file is Parquet with one row per person (`row`, the input's row number, and
`person_id` if the input has one) and one column per route holding its verdict (`eligible`,
`reachable`, `unknown`, `blocked`). The file's metadata (key `emigre`) records the date, the
routes' countries and families, the input, whether it is synthetic, the reform, skipped rows and
conditions that fell back to the explain face.
"""

from __future__ import annotations

import glob
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from emigre.errors import InputError
from emigre.population.compile import (
    VERDICT_ENUM,
    VERDICTS,
    Fallback,
    Plan,
    RouteInfo,
    compile_plan,
)
from emigre.population.schema import (
    BadRows,
    Layout,
    layout_of,
    normalise,
    scan_people,
    with_messages,
)

if TYPE_CHECKING:
    from emigre.knowledge.loader import KnowledgeBase
    from emigre.population.reform import Reform

META_KEY = b"emigre"
BATCH_ROWS = 250_000


@dataclass
class Comparison:
    """Before/after counts of verdict pairs (base code × 4 + reform code), per route, per
    country (best verdict there), and overall (best verdict anywhere)."""

    routes: dict[str, list[int]] = field(default_factory=dict)
    countries: dict[str, list[int]] = field(default_factory=dict)
    overall: list[int] = field(default_factory=lambda: [0] * 16)

    def add(self, key: str, table: dict[str, list[int]], pairs: pl.Series) -> None:
        counts = table.setdefault(key, [0] * 16)
        for code, n in pairs.value_counts().iter_rows():
            if code is not None:
                counts[int(code)] += int(n)

    def merge(self, other: Comparison) -> None:
        for mine, theirs in ((self.routes, other.routes), (self.countries, other.countries)):
            for key, counts in theirs.items():
                acc = mine.setdefault(key, [0] * 16)
                for i, n in enumerate(counts):
                    acc[i] += n
        for i, n in enumerate(other.overall):
            self.overall[i] += n


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


def _result(
    job: Job,
    on: date,
    people: int,
    bad: BadRows,
    t0: float,
    output: Path | None,
    frame: pl.DataFrame | None,
    comparison: Comparison | None,
    meta: dict[str, Any],
    final: dict[str, Any],
) -> RunResult:
    """The outcome of a run, the same for the local and the Dask engine."""
    return RunResult(
        on,
        people,
        bad,
        job.plan.routes,
        job.plan.fallbacks,
        time.perf_counter() - t0,
        output,
        frame,
        comparison,
        bool(meta["synthetic"]),
        meta["notice"],
        final,
    )


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
        bad = with_messages(prepared.filter(pl.col("_check").is_not_null()), self.layout)
        bad = bad.select("row", "_error")
        good = prepared.filter(pl.col("_check").is_null())
        lf = good.lazy()
        plans = [self.plan] if self.base is None else [self.plan, self.base]
        out = evaluate_plans(lf, plans, self.keep).collect()
        comparison = Comparison()
        if self.base is not None:
            base_cols = [f"{BASE_PREFIX}{r}" for r in self.base.route_ids]
            comparison = compare(out, self.plan, self.base)
            out = out.drop(base_cols)
        return out, bad, comparison


BASE_PREFIX = "base:"


def evaluate_plans(lf: pl.LazyFrame, plans: Sequence[Plan], keep: Sequence[str]) -> pl.LazyFrame:
    """One pass for several plans (each with its own column namespace): the first plan's
    verdicts under the route ids, the others' under `base:<route id>`."""
    names = pl.lit(pl.Series(list(VERDICTS), dtype=VERDICT_ENUM))
    derived = [e.alias(n) for p in plans for n, e in p.derived.items()]
    leaves = [e.alias(n) for p in plans for n, e in p.leaves.items()]
    outs = [names.gather(e).alias(n) for n, e in plans[0].states.items()]
    for p in plans[1:]:
        outs += [names.gather(e).alias(BASE_PREFIX + n) for n, e in p.states.items()]
    return lf.with_columns(derived).with_columns(leaves).select(*keep, *outs)


def compare(out: pl.DataFrame, plan: Plan, base: Plan) -> Comparison:
    comp = Comparison()
    touched = set(base.route_ids)

    def code(name: str) -> pl.Expr:
        return pl.col(name).to_physical().cast(pl.Int16)

    pairs: dict[str, pl.Expr] = {}
    for r in plan.routes:
        if r.id in touched:
            pairs[r.id] = code(BASE_PREFIX + r.id) * 4 + code(r.id)
    # Best verdict per country and overall, before (base where touched) and after.
    before = {r.id: (BASE_PREFIX + r.id if r.id in touched else r.id) for r in plan.routes}
    countries = sorted({r.country for r in plan.routes if r.id in touched})
    exprs = dict(pairs)
    for c in countries:
        ids = [r.id for r in plan.routes if r.country == c]
        b = pl.min_horizontal([code(before[i]) for i in ids])
        a = pl.min_horizontal([code(i) for i in ids])
        exprs[f"country:{c}"] = b * 4 + a
    b_all = pl.min_horizontal([code(before[r.id]) for r in plan.routes])
    a_all = pl.min_horizontal([code(r.id) for r in plan.routes])
    exprs["overall"] = b_all * 4 + a_all
    table = out.select(*(e.alias(n) for n, e in exprs.items()))
    for name in table.columns:
        if name == "overall":
            comp.add("overall", {"overall": comp.overall}, table[name])
        elif name.startswith("country:"):
            comp.add(name.removeprefix("country:"), comp.countries, table[name])
        else:
            comp.add(name, comp.routes, table[name])
    return comp


def touched_routes(kb_routes: Sequence[Any], parameters: set[str]) -> list[Any]:
    """Routes with a condition that reads one of `parameters`."""
    from emigre.knowledge.loader import param_refs
    from emigre.rules.conditions import walk as walk_conditions

    out = []
    for route in kb_routes:
        names = {
            name for node in walk_conditions(route.requires) for _, name, _ in param_refs(node)
        }
        if names & parameters:
            out.append(route)
    return out


# --- Inputs ---------------------------------------------------------------------------------------


def input_files(source: str) -> list[str]:
    files = sorted(glob.glob(source)) if any(ch in source for ch in "*?[") else [source]
    if not files:
        raise InputError(f"{source}: no file matches")
    return files


def input_meta(source: str) -> dict[str, Any]:
    """The `emigre` metadata of the first Parquet input (e.g. the synthetic notice), or {}."""
    first = input_files(source)[0]
    if not first.lower().endswith((".parquet", ".pq")):
        return {}
    return read_meta(Path(first))


def read_meta(path: Path) -> dict[str, Any]:
    import pyarrow.parquet as pq

    try:
        meta = pq.read_metadata(path).metadata or {}
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from None
    raw = meta.get(META_KEY)
    if raw is None:
        return {}
    data: dict[str, Any] = json.loads(raw)
    return data


def prepare_job(
    source: str,
    on: date,
    kb: KnowledgeBase,
    reform: Reform | None = None,
) -> tuple[pl.LazyFrame, Job]:
    lf = scan_people(source)
    try:
        names = lf.collect_schema().names()
    except pl.exceptions.PolarsError as exc:
        raise InputError(f"{source}: cannot be read ({exc})") from None
    layout = layout_of(names)
    params = kb.params if reform is None else reform.apply(kb.params)
    plan = compile_plan(kb.routes, on, params, kb.fx, layout)
    base = None
    if reform is not None:
        touched = touched_routes(kb.routes, reform.parameters())
        base = compile_plan(touched, on, kb.params, kb.fx, layout, namespace="_base")
    keep = ("row", "person_id") if layout.has_id else ("row",)
    return lf, Job(layout, plan, base, keep)


# --- Writing --------------------------------------------------------------------------------------


def write_results(
    frames: Iterator[pl.DataFrame],
    schema: pl.Schema,
    output: Path | None,
    meta: Callable[[], dict[str, Any]],
) -> pl.DataFrame | None:
    """Stream result batches into a Parquet file (polars' writer; the metadata, with counts known
    only at the end, goes into the footer), or collect them when there is no output file."""
    from polars.io.plugins import register_io_source

    failures: list[BaseException] = []

    def source(*_: Any) -> Iterator[pl.DataFrame]:
        try:
            yield from frames
        except BaseException as exc:  # re-raised below, outside polars' engine
            failures.append(exc)

    lf = register_io_source(source, schema=schema)
    if output is None:
        df = lf.collect()
        if failures:
            raise failures[0]
        return df
    tmp = output.with_name(output.name + ".partial")
    try:
        lf.sink_parquet(tmp, metadata=lambda _ctx: {META_KEY.decode(): json.dumps(meta())})
    except pl.exceptions.PolarsError as exc:
        tmp.unlink(missing_ok=True)
        if failures:
            raise failures[0] from None
        raise InputError(f"{output}: cannot be written ({exc})".splitlines()[0]) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"{output}: cannot be written ({exc.strerror or exc})") from None
    if failures:
        tmp.unlink(missing_ok=True)
        raise failures[0]
    tmp.replace(output)
    return None


def _meta(job: Job, source: str, on: date, reform: Reform | None) -> dict[str, Any]:
    src = input_meta(source) if source else {}
    return {
        "on": on.isoformat(),
        "input": source,
        "synthetic": bool(src.get("synthetic")),
        "notice": src.get("notice"),
        "reform": None
        if reform is None
        else {
            "title": reform.title,
            "file": str(reform.path),
            "parameters": sorted(reform.parameters()),
        },
        "routes": [{"id": r.id, "country": r.country, "family": r.family} for r in job.plan.routes],
        "fallbacks": [f.__dict__ for f in job.plan.fallbacks],
    }


# --- Single machine -------------------------------------------------------------------------------

Progress = Callable[[int], None]


def _prefetched(load: Callable[[int], pl.DataFrame], offsets: range) -> Iterator[pl.DataFrame]:
    """`load(offset)` for each offset, reading the next batch while the caller works on this
    one (polars releases the GIL), so reading and evaluating overlap; two batches in memory."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(load, offsets[0]) if offsets else None
        for i in range(len(offsets)):
            assert pending is not None
            batch = pending.result()
            pending = pool.submit(load, offsets[i + 1]) if i + 1 < len(offsets) else None
            yield batch


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
    t0 = time.perf_counter()
    lf, job = prepare_job(source, on, kb, reform)
    meta = _meta(job, source, on, reform)
    total = int(lf.select(pl.len()).collect().item())
    tick = progress(total) if progress else None
    schema = job.evaluate(
        normalise(lf.head(0).with_row_index("row", offset=1), job.layout).collect()
    )[0].schema
    bad = BadRows()
    comparison = Comparison() if reform else None
    people = 0

    def frames() -> Iterator[pl.DataFrame]:
        # Slice by slice (the scan reads only the row groups it needs), so memory stays bounded
        # by the batch, whatever the size of the file.
        nonlocal people

        def load(offset: int) -> pl.DataFrame:
            part = lf.slice(offset, batch_rows).with_row_index("row", offset=offset + 1)
            return normalise(part, job.layout).collect()

        try:
            for batch in _prefetched(load, range(0, total, batch_rows)):
                out, wrong, comp = job.evaluate(batch)
                bad.add(wrong)
                if comparison is not None:
                    comparison.merge(comp)
                people += out.height
                if tick:
                    tick(batch.height)
                yield out
        except pl.exceptions.PolarsError as exc:
            raise InputError(f"{source}: cannot be read ({exc})".splitlines()[0]) from None

    def final_meta() -> dict[str, Any]:
        return {**meta, "people": people, "skipped": len(bad)}

    frame = write_results(frames(), schema, output, final_meta)
    return _result(job, on, people, bad, t0, output, frame, comparison, meta, final_meta())


# --- Dask -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Partition:
    path: str
    offset: int
    length: int
    first_row: int
    """The row number (1-based, across all input files) of the partition's first row."""


def partitions(source: str, rows: int) -> list[Partition]:
    parts: list[Partition] = []
    first = 1
    for path in input_files(source):
        n = int(scan_people(path).select(pl.len()).collect().item())
        for offset in range(0, n, rows):
            parts.append(Partition(path, offset, min(rows, n - offset), first + offset))
        first += n
    return parts


def evaluate_partition(
    part: Partition, job: Job
) -> tuple[Partition, pl.DataFrame, pl.DataFrame, Comparison]:
    """Runs on a Dask worker: read one slice of one file, check it, evaluate the plan."""
    lf = scan_people(part.path)
    layout = layout_of(lf.collect_schema().names())
    if layout != job.layout:
        raise InputError(f"{part.path}: its columns differ from the first file's")
    sliced = lf.slice(part.offset, part.length).with_row_index("row", offset=part.first_row)
    prepared = normalise(sliced, layout).collect()
    out, bad, comp = job.evaluate(prepared)
    return part, out, bad, comp


def run_dask(
    source: str,
    on: date,
    kb: KnowledgeBase,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    output: Path | None = None,
    reform: Reform | None = None,
    batch_rows: int = BATCH_ROWS,
    progress: Callable[[int], Progress] | None = None,
    client: Any = None,
) -> RunResult:
    """The same plan, partition by partition on a Dask cluster (`scheduler` is its address; a
    local cluster of `workers` processes when it is None). Workers must be able to read the input
    path and import emigre; the verdicts come back to this process, which writes them in order."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise InputError(
            "--engine dask needs dask and distributed: pip install 'emigre[population]'"
        ) from None
    t0 = time.perf_counter()
    lf, job = prepare_job(source, on, kb, reform)
    meta = _meta(job, source, on, reform)
    parts = partitions(source, batch_rows)
    total = sum(p.length for p in parts)
    tick = progress(total) if progress else None
    cluster = None
    own_client = client is None
    if client is None:
        if scheduler:
            try:
                client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
            except OSError as exc:
                raise InputError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
        else:
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            client = Client(cluster)  # type: ignore[no-untyped-call]
    schema = job.evaluate(
        normalise(lf.with_row_index("row", offset=1), job.layout).head(0).collect()
    )[0].schema
    bad = BadRows()
    comparison = Comparison() if reform else None
    people = 0

    def frames() -> Iterator[pl.DataFrame]:
        """Verdicts in partition order, as partitions complete."""
        nonlocal people
        job_future = client.scatter(job, broadcast=True)
        futures = [client.submit(evaluate_partition, p, job_future, pure=False) for p in parts]
        done: dict[int, tuple[pl.DataFrame, pl.DataFrame, Comparison]] = {}
        index = {p: i for i, p in enumerate(parts)}
        next_i = 0
        for fut in as_completed(futures):  # type: ignore[no-untyped-call]
            part, out, wrong, comp = fut.result()
            done[index[part]] = (out, wrong, comp)
            fut.release()
            while next_i in done:
                out, wrong, comp = done.pop(next_i)
                bad.add(wrong)
                if comparison is not None:
                    comparison.merge(comp)
                people += out.height
                if tick:
                    tick(parts[next_i].length)
                next_i += 1
                yield out

    def final_meta() -> dict[str, Any]:
        return {**meta, "people": people, "skipped": len(bad), "engine": "dask"}

    try:
        frame = write_results(frames(), schema, output, final_meta)
    finally:
        if own_client:
            client.close()
            if cluster is not None:
                cluster.close()
    return _result(job, on, people, bad, t0, output, frame, comparison, meta, final_meta())
