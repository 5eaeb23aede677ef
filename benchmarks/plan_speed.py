"""How fast is `emigre plan` for one person? Prints figures and ratios against baselines
measured in the same run, so the numbers mean the same on a slow or a fast machine.

    python benchmarks/plan_speed.py [--runs N]

Target (issue 2/3): a whole `emigre plan` on an example, process start included, well under a
second; evaluating every route for one profile in a few milliseconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "examples" / "dima.toml"


def wall(cmd: list[str], runs: int, cold: bool = False) -> float:
    """Median wall time; `cold` empties the knowledge-base cache before each run."""
    home = tempfile.mkdtemp(prefix="emigre-bench-")
    env = {**os.environ, "EMIGRE_HOME": home}
    env.pop("XDG_CACHE_HOME", None)  # the cache then lives in $EMIGRE_HOME/cache
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    times = []
    for _ in range(runs):
        if cold:
            shutil.rmtree(Path(home) / "cache", ignore_errors=True)
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - t)
    shutil.rmtree(home, ignore_errors=True)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    py = sys.executable
    base = wall([py, "-c", "pass"], args.runs)
    plan_cmd = [py, "-m", "emigre", "plan", str(PROFILE), "--format", "json", "--on", "2026-11-25"]
    cli = wall(plan_cmd, args.runs)
    cold = wall(plan_cmd, args.runs, cold=True)
    helptime = wall([py, "-m", "emigre", "--help"], args.runs)

    from emigre.knowledge.loader import load_knowledge_base
    from emigre.profile import load_profile
    from emigre.rules.evaluate import assess

    tracemalloc.start()
    t = time.perf_counter()
    kb = load_knowledge_base()
    load = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    profile = load_profile(PROFILE)
    on = date(2026, 11, 25)
    t = time.perf_counter()
    for _ in range(20):
        load_profile(PROFILE)
    parse = (time.perf_counter() - t) / 20
    n = 200
    t = time.perf_counter()
    for _ in range(n):
        assess(profile, on, kb.routes, kb.params, kb.fx, respect_preferences=False)
    per_profile = (time.perf_counter() - t) / n

    from emigre.plan import make_plans
    from emigre.plan.rank import DEFAULT_WEIGHTS

    results = assess(profile, on, kb.routes, kb.params, kb.fx, respect_preferences=False)
    make_plans(
        results, profile, on, kb.params, kb.fx, DEFAULT_WEIGHTS
    )  # warm caches (exams, language model)
    t = time.perf_counter()
    for _ in range(n // 4):
        plans = make_plans(results, profile, on, kb.params, kb.fx, DEFAULT_WEIGHTS)
    planning = (time.perf_counter() - t) / (n // 4)

    rows = [
        ("routes in the knowledge base", f"{len(kb.routes)}"),
        ("interpreter start (baseline)", f"{base * 1000:8.1f} ms"),
        ("emigre --help", f"{helptime * 1000:8.1f} ms  ({helptime / base:5.1f}x baseline)"),
        (
            "emigre plan dima.toml (cached data)",
            f"{cli * 1000:8.1f} ms  ({cli / base:5.1f}x baseline)  target < 1000 ms: {_ok(cli)}",
        ),
        (
            "emigre plan dima.toml (first run)",
            f"{cold * 1000:8.1f} ms  ({cold / base:5.1f}x baseline)",
        ),
        (
            "load + validate knowledge base",
            f"{load * 1000:8.1f} ms  (peak {peak / 2**20:.1f} MiB, traced)",
        ),
        ("parse one profile (baseline)", f"{parse * 1000:8.3f} ms"),
        (
            "evaluate all routes, one profile",
            f"{per_profile * 1000:8.3f} ms  ({per_profile / parse:5.1f}x profile parse)",
        ),
        ("route evaluations per second", f"{len(kb.routes) / per_profile:12,.0f}"),
        (
            f"plan + rank {len(plans)} open routes",
            f"{planning * 1000:8.3f} ms  ({planning / parse:5.1f}x profile parse)  target < 1000 ms: {_ok(planning)}",
        ),
    ]
    for label, value in rows:
        print(f"{label + ':':40} {value}")


def _ok(seconds: float) -> str:
    return "OK" if seconds < 1 else "MISSED"


if __name__ == "__main__":
    main()
