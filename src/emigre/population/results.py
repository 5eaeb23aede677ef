"""The results file: Parquet with one row per person (`row`, the input's row number, and
`person_id` if the input has one) and one column per route holding its verdict (`eligible`,
`reachable`, `unknown`, `blocked`). Its metadata (key `emigre`) records the date, the routes'
countries and families, the input, whether it is synthetic, the reform, skipped rows and the
conditions that fell back to the explain face.

Batches are streamed into the file with pyarrow's `ParquetWriter` as they are evaluated, so memory
stays bounded by a batch; the counts, known only at the end, go into the footer."""

from __future__ import annotations

import glob
import json
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import polars as pl

from emigre.errors import InputError

if TYPE_CHECKING:
    from emigre.population.compile import Plan
    from emigre.population.reform import Reform

META_KEY = b"emigre"
T = TypeVar("T")


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


def run_meta(plan: Plan, source: str, on: date, reform: Reform | None) -> dict[str, Any]:
    """What the results file records about a run, before its counts are known."""
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
        "routes": [{"id": r.id, "country": r.country, "family": r.family} for r in plan.routes],
        "fallbacks": [f.__dict__ for f in plan.fallbacks],
    }


def write_results(
    frames: Iterator[pl.DataFrame],
    schema: Callable[[], pl.Schema],
    output: Path | None,
    meta: Callable[[], dict[str, Any]],
) -> pl.DataFrame | None:
    """Stream result batches into a Parquet file (written to `<output>.partial` and renamed when
    complete, so a failed run leaves no half file), or collect them when there is no output.
    The file takes the columns of the first batch; `schema()` is asked only when there is none
    (evaluating an empty table to learn them costs a pass of the query planner)."""
    if output is None:
        parts = list(frames)
        return pl.concat(parts) if parts else pl.DataFrame(schema=schema())
    import pyarrow.parquet as pq

    tmp = output.with_name(output.name + ".partial")

    def io(step: Callable[[], T]) -> T:
        try:
            return step()
        except OSError as exc:
            raise InputError(f"{output}: cannot be written ({exc})".splitlines()[0]) from None

    def open_writer(arrow_schema: Any) -> Any:
        # Column statistics only for the row numbers and ids: min/max of the verdict columns
        # (four names, all present in any batch) filter nothing and took half of the writing.
        ids = [n for n in ("row", "person_id") if n in arrow_schema.names]
        return io(
            lambda: pq.ParquetWriter(tmp, arrow_schema, compression="zstd", write_statistics=ids)
        )

    writer: Any = None
    try:
        for frame in frames:
            table = frame.to_arrow()
            if writer is None:
                writer = open_writer(table.schema)
            io(partial(writer.write_table, table))
        if writer is None:
            writer = open_writer(pl.DataFrame(schema=schema()).to_arrow().schema)
        io(lambda: writer.add_key_value_metadata({META_KEY.decode(): json.dumps(meta())}))
        io(writer.close)
    except BaseException:
        try:
            if writer is not None:
                writer.close()
        except OSError:
            pass
        tmp.unlink(missing_ok=True)
        raise
    try:
        io(lambda: tmp.replace(output))
    finally:
        tmp.unlink(missing_ok=True)  # left only when the rename failed (`output` is a folder, …)
    return None
