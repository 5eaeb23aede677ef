"""How fast is `emigre` for one person? Every figure is printed with a baseline measured in the
same run, so the ratios mean the same on an idle or a busy, slow or fast machine.

    python benchmarks/plan_speed.py [--runs N]

1. Whole processes, run in turn with the baseline (baseline, A, B, C, baseline, A, ...): the
   baseline is the floor every command pays, a Python that imports pydantic, typer and rich.
   Each ratio is taken pair by pair (a command's run against the baseline run next to it) and
   the median is printed, for CPU time (user + system, steady on a shared machine) and for
   wall time (noisy when other jobs run). Targets (issue 15): `emigre plan` with a warm cache
   ≤ 2.5x the floor, `emigre --help` ≤ 1.3x, a first run (no cache) ≤ 4x. These run in process
   (EMIGRE_NO_DAEMON); then `emigre plan` again through the opt-in resident planner (`emigre
   daemon start`, started in a private temporary folder and stopped at the end): the client's
   CPU, and the client's plus what the daemon spent answering it (its `status` before and
   after each run), against the same floor and the same 2.5x.
2. In one process: evaluating every route for one profile, planning the open ones, building the
   JSON document, and serialising it, each the median of many repeats. Target: evaluation,
   plans and document together ≤ 8 ms, printed next to the time to serialise the document.

`--python` runs the whole processes with another interpreter, e.g. a venv with the built package
installed: an editable install carries no bundled knowledge base (`setup.py`), so its first run
parses the YAML; an installed package's first run reads it. The script prints which it is.

Bytecode is written on the warm-up run (PYTHONDONTWRITEBYTECODE is cleared for the children), as
it is for an installed package.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "examples" / "dima.toml"
ON = "2026-11-25"


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child: user + system) of one whole process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited with {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


Case = tuple[list[str], Callable[[], None] | None, Callable[[], float] | None]
"""A command, what runs before each of its runs (untimed), and the CPU seconds a server has
spent so far (the resident planner answering it), or None."""


def paired(
    base: list[str], cases: dict[str, Case], runs: int, env: dict[str, str]
) -> dict[str, dict[str, float]]:
    """Median CPU and wall of the baseline and of each case, and the medians of the pairwise
    ratios case/baseline. A case's callable runs before each of its runs (e.g. to empty the
    cache) and is not timed. A case with a server also gets `total`: the client's CPU plus what
    the server spent during the run, and its ratio."""
    run_once(base, env)  # warm-up: bytecode, the knowledge-base cache, the OS's file cache
    for cmd, _, _ in cases.values():
        run_once(cmd, env)
    samples: dict[str, list[tuple[float, float, float]]] = {"baseline": []}
    ratios: dict[str, list[tuple[float, float, float]]] = {k: [] for k in cases}
    for _ in range(runs):
        b_wall, b_cpu = run_once(base, env)
        samples["baseline"].append((b_wall, b_cpu, b_cpu))
        for label, (cmd, before, server) in cases.items():
            if before is not None:
                before()
            spent = server() if server is not None else 0.0
            wall, cpu = run_once(cmd, env)
            total = cpu + (server() - spent if server is not None else 0.0)
            samples.setdefault(label, []).append((wall, cpu, total))
            ratios[label].append((wall / b_wall, cpu / b_cpu, total / b_cpu))
    out: dict[str, dict[str, float]] = {}
    for label, values in samples.items():
        row = {
            "wall": statistics.median(v[0] for v in values),
            "cpu": statistics.median(v[1] for v in values),
            "total": statistics.median(v[2] for v in values),
        }
        if label in ratios:
            row["wall_ratio"] = statistics.median(r[0] for r in ratios[label])
            row["cpu_ratio"] = statistics.median(r[1] for r in ratios[label])
            row["total_ratio"] = statistics.median(r[2] for r in ratios[label])
        out[label] = row
    return out


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median CPU time of `fn` in this process (CPU, not wall: other jobs on a shared machine
    stretch wall time, not the work done)."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return statistics.median(times) * 1000


def verdict(ratio: float, target: float) -> str:
    return "met" if ratio <= target else f"MISSED by {ratio / target:.2f}x"


def installed(py: str) -> str:
    """Where `py` imports emigre from, and whether that package carries its bundled knowledge
    base (a built package does; an editable install does not, so its first run parses YAML)."""
    code = (
        "from emigre.knowledge import cache as c; d = c._package_dir(); "
        "b = getattr(c, 'BUNDLED', None); "  # None: a version from before the bundled cache
        "print(d, 'with' if b and (d / 'knowledge' / b).exists() else 'without')"
    )
    out = subprocess.run([py, "-c", code], capture_output=True, text=True, check=True).stdout
    where, bundled = out.split()
    return f"emigre from {where}, {bundled} the bundled knowledge base"


def processes(runs: int, py: str) -> None:
    floor = [py, "-c", "import pydantic, typer, rich"]
    plan = [py, "-m", "emigre", "plan", str(PROFILE), "--on", ON]
    home = Path(tempfile.mkdtemp(prefix="emigre-bench-"))
    sockets = Path(tempfile.mkdtemp(prefix="emd-", dir="/tmp"))  # 0700; a short path
    env = {**os.environ, "EMIGRE_HOME": str(home), "EMIGRE_DAEMON_DIR": str(sockets)}
    for var in ("XDG_CACHE_HOME", "PYTHONDONTWRITEBYTECODE", "EMIGRE_NO_DAEMON"):
        env.pop(var, None)
    alone = {**env, "EMIGRE_NO_DAEMON": "1"}  # in process, whatever runs

    def cold() -> None:
        shutil.rmtree(home / "cache", ignore_errors=True)  # $EMIGRE_HOME/cache

    cases: dict[str, Case] = {
        "emigre --help": ([py, "-m", "emigre", "--help"], None, None),
        "emigre plan (JSON, warm cache)": ([*plan, "--format", "json"], None, None),
        "emigre plan (table, warm cache)": (plan, None, None),
        "emigre plan (JSON, first run)": ([*plan, "--format", "json"], cold, None),
    }
    try:
        res = paired(floor, cases, runs, alone)
        started, server = start_daemon(py, env)
        try:
            through: dict[str, Case] = {
                "emigre plan (JSON, daemon)": ([*plan, "--format", "json"], None, server),
                "emigre plan (table, daemon)": (plan, None, server),
            }
            res.update(paired(floor, through, runs, env))
        finally:
            subprocess.run([py, "-m", "emigre", "daemon", "stop"], env=env, capture_output=True)
    finally:
        shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(sockets, ignore_errors=True)
    targets = {
        "emigre --help": 1.3,
        "emigre plan (JSON, warm cache)": 2.5,
        "emigre plan (table, warm cache)": 2.5,
        "emigre plan (JSON, first run)": 4.0,
    }
    b = res["baseline"]
    print(installed(py))
    print(f"whole processes, {runs} runs each in turn with the baseline; medians")
    print(f"{'':36} {'CPU ms':>8} {'wall ms':>8}   {'CPU ratio':>9} {'wall ratio':>10}  target")
    print(
        f"{'baseline: import pydantic+typer+rich':36} {b['cpu'] * 1e3:8.0f} {b['wall'] * 1e3:8.0f}"
    )
    for label, target in targets.items():
        r = res[label]
        print(
            f"{label:36} {r['cpu'] * 1e3:8.0f} {r['wall'] * 1e3:8.0f}   {r['cpu_ratio']:8.2f}x "
            f"{r['wall_ratio']:9.2f}x  <= {target}x (CPU): {verdict(r['cpu_ratio'], target)}"
        )
    print(
        f"through the resident planner (`emigre daemon start`, {started:.2f} s to start and "
        "load; the client's CPU, then client + daemon):"
    )
    for label in ("emigre plan (JSON, daemon)", "emigre plan (table, daemon)"):
        r = res[label]
        for part, cpu, ratio in (
            ("client", r["cpu"], r["cpu_ratio"]),
            ("client + daemon", r["total"], r["total_ratio"]),
        ):
            name = f"{label}: {part}" if part == "client" else f"  {part}"
            print(
                f"{name:36} {cpu * 1e3:8.0f} {r['wall'] * 1e3:8.0f}   {ratio:8.2f}x "
                f"{r['wall_ratio']:9.2f}x  <= 2.5x (CPU): {verdict(ratio, 2.5)}"
            )


def start_daemon(py: str, env: dict[str, str]) -> tuple[float, Callable[[], float]]:
    """Start the resident planner of `py`'s install: the seconds it took, and a probe of the
    CPU seconds it has spent so far (its `status`)."""
    from emigre import launcher

    t = time.perf_counter()
    subprocess.run(
        [py, "-m", "emigre", "daemon", "start", "--idle-minutes", "10"],
        env=env,
        check=True,
        capture_output=True,
    )
    started = time.perf_counter() - t
    where = "import emigre.launcher as l; print(l.socket_path())"
    path = subprocess.run(
        [py, "-c", where], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()

    def spent() -> float:
        sock = launcher.connect(path, 10.0)
        if sock is None:
            raise SystemExit("the resident planner does not answer")
        with sock:
            launcher.send(sock, {"op": "status"})
            header, _ = launcher.receive(sock)
        return float(header["cpu"])

    return started, spent


def in_process(repeat: int) -> None:
    from emigre.documents import run_plan
    from emigre.files import strict_json
    from emigre.knowledge.loader import knowledge_base
    from emigre.plan import make_plans
    from emigre.plan.rank import DEFAULT_WEIGHTS
    from emigre.profile_reading import load_profile
    from emigre.rules.evaluate import assess

    kb = knowledge_base()
    person = load_profile(PROFILE)
    on = date.fromisoformat(ON)
    results = assess(person, on, kb.routes, kb.params, kb.fx)
    run = run_plan(person, on, kb, DEFAULT_WEIGHTS)
    # As `emigre plan --format json` builds it: non-finite floats are replaced while writing
    # (`strict_json`, which walks the document only if it holds one), not by a walk here.
    doc = run.document(on, strict=False)

    parse = median_ms(lambda: load_profile(PROFILE), repeat)
    evaluate = median_ms(lambda: assess(person, on, kb.routes, kb.params, kb.fx), repeat)
    planning = median_ms(
        lambda: make_plans(results, person, on, kb.params, kb.fx, DEFAULT_WEIGHTS), repeat
    )
    build = median_ms(lambda: run.document(on, strict=False), repeat)
    whole = median_ms(
        lambda: run_plan(person, on, kb, DEFAULT_WEIGHTS).document(on, strict=False), repeat
    )
    compact = median_ms(lambda: strict_json(doc, indent=None), repeat)
    pretty = median_ms(lambda: strict_json(doc, indent=2), repeat)
    size = len(strict_json(doc, indent=None).encode())
    cash = run.document(on, cashflow=True, strict=False)
    size_cash = len(strict_json(cash, indent=None).encode())
    json.loads(strict_json(doc, indent=None))  # it is JSON

    print(
        f"\nin one process ({len(kb.routes)} routes, {len(run.plans)} plans), "
        f"CPU time, medians of {repeat}"
    )
    rows = [
        ("parse the profile (TOML, validated)", parse),
        ("evaluate every route", evaluate),
        ("plan + rank the open routes", planning),
        ("build the JSON document", build),
        ("all routes, document built (the 3 above)", whole),
        ("serialise it, compact", compact),
        ("serialise it, indented", pretty),
    ]
    for label, ms in rows:
        print(f"{label:42} {ms:8.2f} ms  ({ms / compact:5.2f}x compact serialisation)")
    print(
        f"target: all routes, document built <= 8 ms: "
        f"{'met' if whole <= 8 else f'MISSED by {whole / 8:.2f}x'} ({whole:.1f} ms, "
        f"{whole / compact:.2f}x the time to serialise the same document)"
    )
    print(
        f"document: {size / 1024:.0f} kB compact; {size_cash / 1024:.0f} kB with the monthly "
        f"cash flow (--cashflow)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each whole process")
    parser.add_argument("--repeat", type=int, default=50, help="repeats in one process")
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter of the whole processes: e.g. a venv where the built package is "
        "installed (`pip install .`), whose first run reads the bundled knowledge base",
    )
    args = parser.parse_args()
    os.environ.setdefault("EMIGRE_HOME", tempfile.mkdtemp(prefix="emigre-bench-"))
    print(f"load average at the start: {load()}")
    processes(args.runs, args.python)
    in_process(args.repeat)
    print(f"load average at the end: {load()}")


def load() -> str:
    """The 1, 5 and 15-minute load averages (other jobs on the machine stretch wall times)."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
