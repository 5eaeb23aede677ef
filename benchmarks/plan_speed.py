"""How fast is `emigre plan` for one person? Prints figures and ratios against baselines
measured in the same run, so the numbers mean the same on a slow or a fast machine.

    python benchmarks/plan_speed.py [--runs N]

Target (issue 2/3): a whole `emigre plan` on an example, process start included, well under a
second; evaluating every route for one profile in a few milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "examples" / "dima.toml"


def wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    py = sys.executable
    base = wall([py, "-c", "pass"], args.runs)
    cli = wall(
        [py, "-m", "emigre", "plan", str(PROFILE), "--format", "json", "--on", "2026-11-25"],
        args.runs,
    )
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

    print(f"routes in the knowledge base:          {len(kb.routes)}")
    print(f"interpreter start (baseline):          {base * 1000:8.1f} ms")
    print(
        f"emigre --help:                         {helptime * 1000:8.1f} ms  ({helptime / base:5.1f}x baseline)"
    )
    print(
        f"emigre plan dima.toml --format json:   {cli * 1000:8.1f} ms  ({cli / base:5.1f}x baseline)  target < 1000 ms: {'OK' if cli < 1 else 'MISSED'}"
    )
    print(
        f"load + validate knowledge base:        {load * 1000:8.1f} ms  (peak {peak / 2**20:.1f} MiB)"
    )
    print(f"parse one profile (baseline):          {parse * 1000:8.3f} ms")
    print(
        f"evaluate all routes for one profile:   {per_profile * 1000:8.3f} ms  ({per_profile / parse:5.1f}x profile parse)"
    )
    print(f"route evaluations per second:          {len(kb.routes) / per_profile:12,.0f}")


if __name__ == "__main__":
    main()
