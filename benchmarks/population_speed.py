"""How fast is population mode? Prints figures and ratios measured in the same run, so they mean
the same on a slow or a fast machine.

    python benchmarks/population_speed.py [--size 1000000] [--sample 2000] [--pairs 3]
        [--no-dask] [--dask-rounds 3] [--stream 20000000]

1. draws a SYNTHETIC population (examples/population/ru_it.yaml) of `--size` people;
2. the compiled plan alone: every route for every (already checked) row in memory, best of 3:
   profile-route evaluations a second;
3. `emigre population run` end to end (read, check, evaluate, write Parquet) against a
   hand-written polars pass over the same file (the baseline: one comparison per leaf
   condition, each with a value of its own, each route the worst of its leaves, verdict
   names, the same table of results written as Parquet; no checks, no types, no defaults),
   each in its own child process, in turn (`--pairs` times); the ratios (wall, and CPU of the
   whole processes) are taken pair by pair and their medians printed, with each one's peak
   memory (max RSS), and beside them the ratios to the baseline as it was before (twelve
   comparisons repeated, which polars computed once each) and to the same pass with the text
   columns it compares cast to categoricals first. Target (issue 15): ≤ 1.4x;
4. the evaluation in memory (read, check, evaluate; nothing written) and its peak memory;
5. the explain path on a sample of the same rows, one profile at a time (`rules.evaluate.assess`),
   extrapolated to the whole population: the ratio against the compiled plan;
6. the Dask engine on local clusters of 1 and 2 worker processes (one polars thread each), both
   up at once and timed in turn (`--dask-rounds` times): the scaling from 1 to 2 workers as the
   median of the ratios pair by pair, and the local engine on the same file for comparison;
7. with `--stream N` (opt-in; N = 20,000,000 takes minutes and ~330 MB of disk): `population run`
   on N people, streaming batch by batch, with its peak memory next to the run on `--size`.

Targets (issue 6): ≥ 50 million evaluations a second on this 2-core machine, ≥ 100× the explain
path.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "examples" / "population" / "ru_it.yaml"
COUNTRIES = (
    "AM",
    "AT",
    "BE",
    "BG",
    "CH",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GE",
    "GR",
    "HR",
    "HU",
    "IE",
    "IS",
    "IT",
    "KZ",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "NO",
    "PL",
    "PT",
    "RO",
    "RS",
    "RU",
    "SE",
    "SI",
    "SK",
    "TR",
    "UA",
    "US",
)
ON = date(2026, 11, 25)


def _peak_mib() -> float:
    """Peak resident memory of this process: VmHWM (getrusage's ru_maxrss would include the
    parent's memory at fork time, which Linux carries across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, source: str, output: str) -> None:
    """Runs in a fresh process so that its peak memory is its own."""
    import polars as pl

    from emigre.knowledge.loader import knowledge_base
    from emigre.population import engine
    from emigre.population.reading import normalise

    if mode in ("handwritten", "repeated", "categorical"):
        shape = plan_shape(source)
        t = time.perf_counter()
        people, routes = handwritten(
            source, ON, Path(output), shape, mode == "repeated", mode == "categorical"
        )
        seconds = time.perf_counter() - t
        print(
            json.dumps({"seconds": seconds, "people": people, "routes": routes, "mib": _peak_mib()})
        )
        return
    kb = knowledge_base()
    t = time.perf_counter()
    if mode == "run":
        res = engine.run(source, ON, kb, output=Path(output))
        people, routes = res.people, len(res.routes)
    else:
        lf, job = engine.prepare_job(source, ON, kb)
        prepared = normalise(lf.with_row_index("row", offset=1), job.layout).collect()
        good = prepared.filter(pl.col("_check").is_null())
        out = job.plan.verdict_frame(good.lazy(), ["row"]).collect()
        people, routes = out.height, len(job.plan.routes)
    seconds = time.perf_counter() - t
    print(json.dumps({"seconds": seconds, "people": people, "routes": routes, "mib": _peak_mib()}))


Shape = tuple[list[str], list[str], dict[str, list[str]]]


def plan_shape(source: str) -> Shape:
    """The compiled plan's leaf columns, route ids, and the leaves each route reads."""
    from emigre.knowledge.loader import knowledge_base
    from emigre.population import engine

    _, job = engine.prepare_job(source, ON, knowledge_base())
    uses: dict[str, list[str]] = {}
    for (route, _cond), leaf in job.plan.leaf_of.items():
        uses.setdefault(route, []).append(leaf)
    return list(job.plan.leaves), [r.id for r in job.plan.routes], uses


def handwritten(
    source: str,
    on: date,
    output: Path,
    shape: Shape,
    repeated: bool = False,
    categorical: bool = False,
) -> tuple[int, int]:
    """The baseline: what a person would write by hand in polars for this file, knowing it is
    clean. One comparison per leaf condition of the compiled plan (cycling through typical
    ones: a citizenship, an age band, savings, a language level, a degree, an ISCO prefix, an
    offer), each route the worst state of its leaves, verdict names, the same results table
    (`row`, the input's `person_id` if it has one, one Enum column per route) written as
    Parquet the same way (zstd, no column statistics). Only the plan's shape is taken from
    emigre (how many leaves, which leaves each route reads), not its expressions.

    Each leaf compares with a value of its own (the n-th citizenship leaf with the n-th
    country, the n-th age leaf with 18 + n years, ...), as the plan's leaves do: with the same
    twelve comparisons repeated, polars' common-subexpression elimination computed twelve
    columns instead of one per leaf (the baseline took a fifth of the CPU it takes with a
    comparison per leaf). The age is a column of its own, computed once, as a person would.
    `repeated`: the twelve comparisons repeated, as the baseline was before (for comparison).
    `categorical`: the text columns it compares cast to categoricals first, once, as `population
    run` does (a pass written by someone who knows polars well; `is_in` on text hashes every
    value at every test)."""
    import polars as pl

    from emigre.population.compile import VERDICT_ENUM, VERDICTS

    leaves, route_ids, uses = shape
    b = pl.col("birth_date")
    later = (b.dt.month() > on.month) | ((b.dt.month() == on.month) & (b.dt.day() > on.day))
    age = pl.col("_age")
    levels = ["A1", "A2", "B1", "B2", "C1", "C2", "native"]
    degrees = ["none", "vocational", "bachelor", "master", "doctorate"]
    places = sorted(COUNTRIES)

    def subset(values: list[str], n: int) -> list[str]:
        """The n-th non-empty subset of `values` (distinct for n < 2 ** len(values) - 1)."""
        bits = n % (2 ** len(values) - 1) + 1
        return [v for i, v in enumerate(values) if bits >> i & 1]

    kinds: list[Callable[[int], pl.Expr]] = [
        lambda n: pl.col("citizenship") == places[n % len(places)],
        lambda n: age <= 18 + n,
        lambda n: pl.col("savings") >= 1_000.0 * (n + 1),
        lambda n: pl.col("lang_de").is_in(subset(levels, n)),
        lambda n: pl.col("lang_en").is_in(subset(levels, n)),
        lambda n: pl.col("highest_degree").is_in(subset(degrees, n)),
        lambda n: pl.col("work_occupation").str.starts_with(str(10 + n)),
        lambda n: pl.col("offer_country") == places[n % len(places)],
        lambda n: pl.col("offer_salary") >= 30_000.0 + 1_000.0 * n,
        lambda n: pl.col("work_gross_monthly_salary") >= 1_000.0 + 100.0 * n,
        lambda n: pl.col("residence").is_in(places[n % len(places) :][:4]),
        lambda n: pl.col("university_years") >= 1.0 + n / 10,
    ]
    u8 = pl.UInt8
    leaf_exprs = [
        pl.when(kinds[i % len(kinds)](0 if repeated else i // len(kinds)))
        .then(pl.lit(0, u8))
        .otherwise(pl.lit(1, u8))
        .fill_null(pl.lit(2, u8))
        .alias(n)
        for i, n in enumerate(leaves)
    ]
    names = pl.lit(pl.Series(list(VERDICTS), dtype=VERDICT_ENUM))
    states = [names.gather(pl.max_horizontal(uses.get(r, [leaves[0]]))).alias(r) for r in route_ids]
    scan = pl.scan_parquet(source)
    if categorical:
        texts = [
            "citizenship",
            "lang_de",
            "lang_en",
            "highest_degree",
            "offer_country",
            "residence",
        ]
        scan = scan.with_columns(pl.col(texts).cast(pl.Categorical))
    # The same columns as `population run` writes (the input's `person_id` after `row`), in the
    # same way (zstd, no column statistics).
    keep = ["row", *(["person_id"] if "person_id" in scan.collect_schema() else [])]
    (
        scan.with_row_index("row", offset=1)
        .with_columns(
            (pl.lit(on.year) - b.dt.year().cast(pl.Int32) - later.cast(pl.Int32)).alias("_age")
        )
        .with_columns(leaf_exprs)
        .select(*keep, *states)
        .sink_parquet(output, compression="zstd", statistics=False)
    )
    people = pl.scan_parquet(output).select(pl.len()).collect().item()
    return int(people), len(route_ids)


def run_child(mode: str, source: Path, output: Path) -> dict[str, Any]:
    """Run one mode in a fresh process: its own figures, plus its CPU seconds (every thread)."""
    cmd = [sys.executable, __file__, "--child", mode, str(source), str(output)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout is not None
    text = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"child {mode} failed with exit code {proc.returncode}")
    data: dict[str, Any] = json.loads(text.strip().splitlines()[-1])
    data["cpu"] = usage.ru_utime + usage.ru_stime
    return data


def paired_runs(source: Path, tmp: Path, pairs: int) -> None:
    """`population run` and the hand-written pass in turn; ratios pair by pair. The baseline as
    it was before this round (its twelve comparisons repeated, which polars computes once
    each), and the pass with its text columns cast to categoricals first, are run in turn too,
    and their ratios printed beside."""
    import statistics

    runs: list[dict[str, Any]] = []
    bases: list[dict[str, Any]] = []
    olds: list[dict[str, Any]] = []
    cats: list[dict[str, Any]] = []
    for _ in range(pairs):
        bases.append(run_child("handwritten", source, tmp / "handwritten.parquet"))
        runs.append(run_child("run", source, tmp / "results.parquet"))
        olds.append(run_child("repeated", source, tmp / "handwritten.parquet"))
        cats.append(run_child("categorical", source, tmp / "handwritten.parquet"))
    med = statistics.median

    def ratios(key: str, against: list[dict[str, Any]]) -> list[float]:
        return [r[key] / b[key] for r, b in zip(runs, against, strict=True)]

    def verdict(ratio: float) -> str:
        return "met" if ratio <= 1.4 else f"MISSED by {ratio / 1.4:.2f}x"

    run_s, base_s = med(r["seconds"] for r in runs), med(b["seconds"] for b in bases)
    people, routes = runs[0]["people"], runs[0]["routes"]
    print(
        f"`population run` end to end (read, check, evaluate, write): {run_s:.2f} s = "
        f"{people * routes / run_s / 1e6:.1f} million evaluations a second; peak memory "
        f"{max(r['mib'] for r in runs):.0f} MiB; process CPU {med(r['cpu'] for r in runs):.2f} s"
    )
    print(
        f"hand-written polars pass (baseline, same file, same results table): {base_s:.2f} s; "
        f"peak memory {max(b['mib'] for b in bases):.0f} MiB; process CPU "
        f"{med(b['cpu'] for b in bases):.2f} s"
    )
    wall, cpu = ratios("seconds", bases), ratios("cpu", bases)
    print(
        f"ratio `population run` / hand-written, median of {pairs} pairs: {med(wall):.2f}x wall "
        f"({min(wall):.2f}-{max(wall):.2f}), {med(cpu):.2f}x CPU ({min(cpu):.2f}-{max(cpu):.2f}); "
        f"target <= 1.4x: wall {verdict(med(wall))}, CPU {verdict(med(cpu))}; {_load()}"
    )
    old_wall, old_cpu = ratios("seconds", olds), ratios("cpu", olds)
    print(
        f"  against the baseline as it was (twelve comparisons repeated, computed once each): "
        f"{med(o['seconds'] for o in olds):.2f} s, process CPU {med(o['cpu'] for o in olds):.2f} "
        f"s; ratio {med(old_wall):.2f}x wall, {med(old_cpu):.2f}x CPU"
    )
    cat_wall, cat_cpu = ratios("seconds", cats), ratios("cpu", cats)
    print(
        f"  against the same pass with the text columns it compares cast to categoricals first: "
        f"{med(c['seconds'] for c in cats):.2f} s, process CPU {med(c['cpu'] for c in cats):.2f} "
        f"s; ratio {med(cat_wall):.2f}x wall, {med(cat_cpu):.2f}x CPU"
    )


def _partition_height(part: Any, job: Any) -> int:
    """Evaluate one partition on a worker and keep the verdicts there (compute-only timing)."""
    from emigre.population.cluster import evaluate_partition

    return int(evaluate_partition(part, job)[1].height)


def _cpu_seconds() -> float:
    """CPU seconds of this process so far (run on each Dask worker)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


Scaling = tuple[float, float, float]
"""Medians of the pairwise ratios 1 worker / 2 workers: whole runs, evaluation on the workers;
and of the ratio of the CPU seconds the workers spent evaluating, 2 workers / 1."""


def dask_runs(
    source: Path, tmp: Path, people: int, rounds: int
) -> tuple[list[tuple[int, float, float, float, float]], Scaling]:
    """(workers, seconds to start the cluster, seconds for a whole run with the verdicts written
    by the client, seconds to evaluate every partition on the workers only, CPU seconds the
    workers spent on that) for 1 and 2, as medians of `rounds` runs. Both clusters are up at
    once and timed in turn (1, 2, 1, 2, ...), so that a change in the machine's load falls on
    both; the scaling is the median of the ratios pair by pair. The CPU seconds do not depend
    on what else runs on the machine: equal for 1 and 2 workers means that 2 workers would
    be twice as fast on cores of their own."""
    import logging
    import statistics
    import warnings

    from distributed import Client, LocalCluster

    # Two clusters at once: no dashboard to fight over, and no log lines when one closes.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="Port .* is already in use")

    from emigre.knowledge.loader import knowledge_base
    from emigre.population import cluster as dask_engine
    from emigre.population import engine

    kb = knowledge_base()
    rows = max(people // 8, 1)
    _, job = engine.prepare_job(str(source), ON, kb)
    parts = dask_engine.partitions(str(source), rows)
    up: dict[int, tuple[Any, Any, float, Any]] = {}
    whole: dict[int, list[float]] = {1: [], 2: []}
    compute: dict[int, list[float]] = {1: [], 2: []}
    cpu: dict[int, list[float]] = {1: [], 2: []}
    try:
        for workers in (1, 2):
            t = time.perf_counter()
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                env={"POLARS_MAX_THREADS": dask_engine.worker_threads()},  # as `run_dask` does
            )
            client = Client(cluster)
            up[workers] = (cluster, client, time.perf_counter() - t, None)
            # A first small run warms the workers (imports, the knowledge base).
            dask_engine.run_dask(str(source), ON, kb, client=client, batch_rows=rows, output=None)
            remote_job = client.scatter(job, broadcast=True, hash=False)
            up[workers] = (cluster, client, up[workers][2], remote_job)
        for _ in range(rounds):
            for workers in (1, 2):
                _, client, _, remote_job = up[workers]
                out = tmp / f"dask{workers}.parquet"
                t = time.perf_counter()
                dask_engine.run_dask(
                    str(source), ON, kb, client=client, batch_rows=rows, output=out
                )
                whole[workers].append(time.perf_counter() - t)
                before = sum(client.run(_cpu_seconds).values())
                t = time.perf_counter()
                futures = [
                    client.submit(_partition_height, p, remote_job, pure=False) for p in parts
                ]
                assert sum(client.gather(futures)) == people
                compute[workers].append(time.perf_counter() - t)
                cpu[workers].append(sum(client.run(_cpu_seconds).values()) - before)
    finally:
        for cluster, client, _, _ in up.values():
            client.close()
            cluster.close()
    med = statistics.median
    timings = [(w, up[w][2], med(whole[w]), med(compute[w]), med(cpu[w])) for w in (1, 2)]
    scaling = (
        med(a / b for a, b in zip(whole[1], whole[2], strict=True)),
        med(a / b for a, b in zip(compute[1], compute[2], strict=True)),
        med(b / a for a, b in zip(cpu[1], cpu[2], strict=True)),
    )
    return timings, scaling


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--pairs", type=int, default=3, help="end-to-end runs of each")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument(
        "--dask-rounds", type=int, default=3, help="runs of each Dask cluster, in turn"
    )
    parser.add_argument(
        "--stream", type=int, default=0, metavar="N", help="also run on N people (e.g. 20000000)"
    )
    parser.add_argument("--child", nargs=3, metavar=("MODE", "SOURCE", "OUTPUT"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    import polars as pl

    from emigre.knowledge.loader import knowledge_base
    from emigre.population import engine
    from emigre.population.reading import normalise
    from emigre.population.rows import row_to_profile
    from emigre.population.synth import load_spec, write_population
    from emigre.rules.evaluate import assess

    os.environ.setdefault("EMIGRE_HOME", tempfile.mkdtemp(prefix="emigre-bench-home-"))
    kb = knowledge_base()
    tmp = Path(tempfile.mkdtemp(prefix="emigre-bench-"))
    source = tmp / "people.parquet"
    print(f"population mode, {args.size:,} SYNTHETIC people, {len(kb.routes)} routes, on {ON}")
    print(f"cores: {os.cpu_count()}, polars {pl.__version__}; {_load()}")

    t = time.perf_counter()
    write_population(load_spec(SPEC), args.size, source, seed=1)
    print(f"synth: {time.perf_counter() - t:.2f} s")

    # The compiled plan alone, on checked rows in memory.
    lf, job = engine.prepare_job(str(source), ON, kb)
    t = time.perf_counter()
    prepared = normalise(lf.with_row_index("row", offset=1), job.layout).collect()
    read_check = time.perf_counter() - t
    good = prepared.filter(pl.col("_check").is_null())
    people, routes = good.height, len(job.plan.routes)
    evals = people * routes
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        job.plan.verdict_frame(good.lazy(), ["row"]).collect()
        best = min(best, time.perf_counter() - t)
    core_rate = evals / best
    print(f"read + check {people:,} rows: {read_check:.2f} s")
    print(
        f"compiled plan: {evals:,} profile-route evaluations in {best:.2f} s = "
        f"{core_rate / 1e6:.1f} million a second (target ≥ 50)"
    )
    if job.plan.fallbacks:
        print(f"  ({len(job.plan.fallbacks)} conditions fell back to the explain face)")

    # End to end against the hand-written baseline, and peak memory, in child processes.
    paired_runs(source, tmp, args.pairs)
    core = run_child("core", source, tmp / "unused")
    print(
        f"everything in memory at once (read, check, evaluate): {core['seconds']:.2f} s; "
        f"peak memory {core['mib']:.0f} MiB"
    )

    # The explain path on a sample of the same rows, extrapolated.
    rnd = random.Random(1)
    picks = sorted(rnd.sample(range(people), min(args.sample, people)))
    rows = good[picks].to_dicts()
    t = time.perf_counter()
    profiles = [row_to_profile(r, job.layout) for r in rows]
    build = (time.perf_counter() - t) / len(rows)
    t = time.perf_counter()
    for p in profiles:
        assess(p, ON, kb.routes, kb.params, kb.fx, respect_preferences=False)
    each = (time.perf_counter() - t) / len(rows)
    explain_total = each * people
    print(
        f"explain path: {each * 1e3:.2f} ms a profile ({len(rows):,} sampled; building the "
        f"profile from its row adds {build * 1e3:.2f} ms) → {explain_total:,.0f} s for "
        f"{people:,} people = {routes / each / 1e3:.1f} thousand evaluations a second"
    )
    print(f"ratio, compiled plan vs explain path: {explain_total / best:,.0f}× (target ≥ 100×)")

    if not args.no_dask:
        try:
            results, (whole_gain, gain, cpu_cost) = dask_runs(source, tmp, people, args.dask_rounds)
        except ImportError:
            print("dask: not installed (pip install 'emigre[population]')")
        else:
            t = time.perf_counter()
            engine.run(str(source), ON, kb, output=tmp / "local.parquet")
            local = time.perf_counter() - t
            for workers, started, seconds, compute, cpu in results:
                print(
                    f"dask, {workers} worker(s) × 1 polars thread: {seconds:.2f} s with the "
                    f"verdicts written by the client = {evals / seconds / 1e6:.1f} million a "
                    f"second; evaluation on the workers alone {compute:.2f} s = "
                    f"{evals / compute / 1e6:.1f} million a second, {cpu:.2f} s of the "
                    f"workers' CPU (cluster start {started:.1f} s)"
                )
            print(
                f"dask scaling 1 → 2 workers, median of {args.dask_rounds} pairs run in turn: "
                f"{whole_gain:.2f}× whole runs, {gain:.2f}× evaluation on the workers "
                f"(target ≥ 1.4×: {'met' if gain >= 1.4 else 'MISSED'}); the workers' CPU "
                f"for the same partitions, 2 workers / 1: {cpu_cost:.2f}× (on cores of their "
                f"own 2 workers would be at most {2 / cpu_cost:.2f}× faster); {_load()}"
            )
            best_dask = min(r[2] for r in results)
            print(
                f"local engine on the same file, same process: {local:.2f} s = "
                f"{best_dask / local:.2f}× faster than the best whole Dask run"
            )

    if args.stream:
        big = tmp / "stream.parquet"
        t = time.perf_counter()
        write_population(load_spec(SPEC), args.stream, big, seed=2)
        print(f"synth {args.stream:,} people: {time.perf_counter() - t:.0f} s")
        run = run_child("run", big, tmp / "stream_results.parquet")
        small = run_child("run", source, tmp / "results.parquet")
        print(
            f"`population run` on {run['people']:,} people, streaming: {run['seconds']:.0f} s = "
            f"{run['people'] * run['routes'] / run['seconds'] / 1e6:.1f} million evaluations a "
            f"second ({run['cpu']:.0f} s of CPU); peak memory {run['mib']:.0f} MiB "
            f"({run['mib'] / small['mib']:.2f}× the peak on {small['people']:,} people: memory "
            f"bounded by the batch, not the table)"
        )
        big.unlink(missing_ok=True)
        (tmp / "stream_results.parquet").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
