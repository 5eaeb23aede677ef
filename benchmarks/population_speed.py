"""How fast is population mode? Prints figures and ratios measured in the same run, so they mean
the same on a slow or a fast machine.

    python benchmarks/population_speed.py [--size 1000000] [--sample 2000] [--no-dask]

1. draws a SYNTHETIC population (examples/population/ru_it.yaml) of `--size` people;
2. the compiled plan alone: every route for every (already checked) row in memory, best of 3:
   profile-route evaluations a second;
3. `emigre population run` end to end (read, check, evaluate, write Parquet), in a child process
   whose peak memory (max RSS) is reported, and the same for the evaluation in memory;
4. the explain path on a sample of the same rows, one profile at a time (`rules.evaluate.assess`),
   extrapolated to the whole population: the ratio against the compiled plan;
5. the Dask engine on a local cluster of 1 and then 2 single-threaded worker processes: the
   scaling from 1 to 2 workers.

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
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "examples" / "population" / "ru_it.yaml"
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


def run_child(mode: str, source: Path, output: Path) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", mode, str(source), str(output)]
    res = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    data: dict[str, Any] = json.loads(res.stdout.strip().splitlines()[-1])
    return data


def _partition_height(part: Any, job: Any) -> int:
    """Evaluate one partition on a worker and keep the verdicts there (compute-only timing)."""
    from emigre.population.cluster import evaluate_partition

    return int(evaluate_partition(part, job)[1].height)


def dask_runs(
    source: Path, tmp: Path, people: int, routes: int
) -> list[tuple[int, float, float, float]]:
    """(workers, seconds to start the cluster, seconds for a whole run with the verdicts written
    by the client, seconds to evaluate every partition on the workers only) for 1 and 2."""
    from distributed import Client, LocalCluster

    from emigre.knowledge.loader import knowledge_base
    from emigre.population import cluster as dask_engine
    from emigre.population import engine

    kb = knowledge_base()
    rows = max(people // 8, 1)
    out: list[tuple[int, float, float, float]] = []
    _, job = engine.prepare_job(str(source), ON, kb)
    parts = dask_engine.partitions(str(source), rows)
    for workers in (1, 2):
        t = time.perf_counter()
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            env={"POLARS_MAX_THREADS": "1"},
        )
        client = Client(cluster)
        started = time.perf_counter() - t
        try:
            # A first small run warms the workers (imports, the knowledge base).
            dask_engine.run_dask(str(source), ON, kb, client=client, batch_rows=rows, output=None)
            t = time.perf_counter()
            dask_engine.run_dask(
                str(source), ON, kb, client=client, batch_rows=rows, output=tmp / "dask.parquet"
            )
            whole = time.perf_counter() - t
            remote_job = client.scatter(job, broadcast=True)
            t = time.perf_counter()
            futures = [client.submit(_partition_height, p, remote_job, pure=False) for p in parts]
            assert sum(client.gather(futures)) == people
            out.append((workers, started, whole, time.perf_counter() - t))
        finally:
            client.close()
            cluster.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--no-dask", action="store_true")
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
    print(f"cores: {os.cpu_count()}, polars {pl.__version__}")

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

    # End to end, and peak memory, in child processes.
    run = run_child("run", source, tmp / "results.parquet")
    e2e_rate = run["people"] * run["routes"] / run["seconds"]
    print(
        f"`population run` end to end (read, check, evaluate, write): {run['seconds']:.2f} s = "
        f"{e2e_rate / 1e6:.1f} million a second; peak memory {run['mib']:.0f} MiB"
    )
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
    print(
        f"ratio, compiled plan vs explain path: {explain_total / best:,.0f}× "
        f"(end to end: {explain_total / run['seconds']:,.0f}×; target ≥ 100×)"
    )

    if not args.no_dask:
        try:
            results = dask_runs(source, tmp, people, routes)
        except ImportError:
            print("dask: not installed (pip install 'emigre[population]')")
        else:
            for workers, started, seconds, compute in results:
                print(
                    f"dask, {workers} worker(s) × 1 thread: {seconds:.2f} s with the verdicts "
                    f"written by the client = {evals / seconds / 1e6:.1f} million a second; "
                    f"evaluation on the workers alone {compute:.2f} s = "
                    f"{evals / compute / 1e6:.1f} million a second (cluster start {started:.1f} s)"
                )
            if len(results) == 2:
                print(
                    f"dask scaling 1 → 2 workers: {results[0][2] / results[1][2]:.2f}× whole runs, "
                    f"{results[0][3] / results[1][3]:.2f}× evaluation on the workers"
                )


if __name__ == "__main__":
    main()
