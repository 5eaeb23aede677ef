"""The Dask engine: the same `Job` as the local engine, partition by partition on a cluster
(a local one of worker processes, or one reached by its scheduler address)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from emigre.errors import InputError
from emigre.population.engine import BATCH_ROWS, Job, Progress, RunResult, start
from emigre.population.reading import check_types, normalise, scan_people
from emigre.population.reform import Comparison
from emigre.population.results import input_files
from emigre.population.schema import layout_of

if TYPE_CHECKING:
    from emigre.knowledge.loader import KnowledgeBase
    from emigre.population.reform import Reform


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
    schema = lf.collect_schema()
    layout = layout_of(schema.names())
    if layout != job.layout:
        raise InputError(f"{part.path}: its columns differ from the first file's")
    check_types(schema, layout)  # each file of a glob has its own column types
    sliced = lf.slice(part.offset, part.length).with_row_index("row", offset=part.first_row)
    prepared = normalise(sliced, layout).collect()
    out, bad, comp = job.evaluate(prepared)
    return part, out, bad, comp


def worker_threads() -> str:
    """Polars threads in each local worker: one (the worker processes are the parallelism; a
    polars pool per worker using every core makes them fight over the cores, and 2 workers
    were barely faster than 1), unless POLARS_MAX_THREADS says otherwise."""
    return os.environ.get("POLARS_MAX_THREADS", "1")


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
    run = start(source, on, kb, reform, engine="dask")
    job = run.job
    parts = partitions(source, batch_rows)
    run.tick = progress(sum(p.length for p in parts)) if progress else None
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
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                env={"POLARS_MAX_THREADS": worker_threads()},
            )
            client = Client(cluster)  # type: ignore[no-untyped-call]

    def frames() -> Iterator[pl.DataFrame]:
        """Verdicts in partition order, as partitions complete."""
        # A key of its own (hash=False): the same job scattered again on a shared client (runs
        # one after another) would get the same key, and the earlier run letting go of it
        # cancelled the later run's partitions ("lost dependencies").
        job_future = client.scatter(job, broadcast=True, hash=False)
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
                run.take(out, wrong, comp, parts[next_i].length)
                next_i += 1
                yield out

    try:
        return run.write(frames(), output)
    finally:
        if own_client:
            client.close()
            if cluster is not None:
                cluster.close()
