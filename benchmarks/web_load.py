"""The web app under load, on loopback: `emigre serve` in a child process, 1, 8 and 32 clients
asking for the results page and `POST /api/plan`, and a probe timing `/healthz` all the while.

    python benchmarks/web_load.py [--workers 2] [--seconds 4] [--max-requests 400] [--people 200]

Every request is about another person: `--people` distinct profiles drawn by the project's
population generator (examples/population/ru_it.yaml, a fixed seed) and taken in turn, more of
them than the server keeps answers for, so that every request plans (a real load, not a cache
hit). They are saved in a temporary data folder (for the results pages), removed at the end.

Prints, for one worker process and for `--workers N`: p50/p95/p99 latency, throughput, refusals
(503 when the planning queue is full) and errors per cell, and `/healthz` during the load; then
the ratios the targets of issue 15 are stated in, each against its baseline from this same run:
  - `POST /api/plan`, one client, ≤ 10x `/healthz` on the same (idle) server;
  - throughput at 8 clients with `serve --workers N` ≥ 5x the one-worker server.
Bounded: every cell stops after `--seconds` or `--max-requests`, whichever comes first; the
servers are stopped at the end (also on Ctrl+C). Nothing but 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "examples" / "population" / "ru_it.yaml"
SEED = 14
HOST = "127.0.0.1"
ON = "2026-11-25"
CLIENTS = (1, 8, 32)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def server(workers: int, home: Path) -> Iterator[int]:
    """`emigre serve` on a free loopback port; stopped (with its workers) on the way out."""
    port = free_port()
    env = {**os.environ, "EMIGRE_HOME": str(home), "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "emigre.cli", "serve", "--host", HOST, "--port", str(port)]
    proc = subprocess.Popen(
        [*cmd, "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the workers stop with it
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if request(http.client.HTTPConnection(HOST, port, timeout=2), "GET", "/healthz")[0]:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the server did not start")
            time.sleep(0.1)
        yield port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def request(
    conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None
) -> tuple[int, int]:
    """One request on a kept-alive connection: (status, body size)."""
    headers = {"content-type": "application/json"} if body is not None else {}
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    return resp.status, len(data)


@dataclass
class Cell:
    latencies: list[float] = field(default_factory=list)
    busy: int = 0
    errors: int = 0
    seconds: float = 0.0
    size: int = 0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(q * len(xs)))] * 1000

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


Target = Callable[[int], tuple[str, str, bytes | None]]
"""The n-th request of a run: (method, path, body), each about another person."""


def load(port: int, target: Target, clients: int, seconds: float, cap: int) -> tuple[Cell, Cell]:
    """`clients` threads asking as fast as answered, each request about the next person; a
    probe times /healthz meanwhile."""
    cell, probe = Cell(), Cell()
    lock = threading.Lock()
    stop = threading.Event()
    issued = [0]

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        while not stop.is_set():
            with lock:
                if issued[0] >= cap:
                    return
                n = issued[0] = issued[0] + 1
            method, path, body = target(n)
            t = time.perf_counter()
            try:
                status, size = request(conn, method, path, body)
            except OSError:
                status, size = 0, 0
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
            took = time.perf_counter() - t
            with lock:
                if status == 200:
                    cell.latencies.append(took)
                    cell.size = size
                elif status == 503:
                    cell.busy += 1
                else:
                    cell.errors += 1
        conn.close()

    def prober() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        while not stop.is_set():
            t = time.perf_counter()
            status, _size = request(conn, "GET", "/healthz")
            (probe.latencies if status == 200 else []).append(time.perf_counter() - t)
            stop.wait(0.02)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    watcher = threading.Thread(target=prober)
    start = time.perf_counter()
    watcher.start()
    for t in threads:
        t.start()
    deadline = start + seconds
    while any(t.is_alive() for t in threads) and time.perf_counter() < deadline:
        time.sleep(0.01)
    stop.set()
    for t in threads:
        t.join()
    cell.seconds = time.perf_counter() - start
    watcher.join()
    return cell, probe


def idle_healthz(port: int, n: int = 300) -> float:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        request(conn, "GET", "/healthz")
        times.append(time.perf_counter() - t)
    conn.close()
    return statistics.median(times) * 1000


class People:
    """The generated people, taken in turn: request n of a run is about person n (mod their
    number), and every run starts where the last one stopped, so none is asked about again
    before all the others have been."""

    def __init__(self, pids: list[int], bodies: list[bytes]) -> None:
        self.pids, self.bodies = pids, bodies
        self.next = 0
        self._lock = threading.Lock()

    def _take(self) -> int:
        with self._lock:
            i, self.next = self.next, self.next + 1
        return i % len(self.pids)

    def results(self, _n: int) -> tuple[str, str, bytes | None]:
        return "GET", f"/profile/{self.pids[self._take()]}/results?on={ON}", None

    def plan(self, _n: int) -> tuple[str, str, bytes | None]:
        return "POST", f"/api/plan?on={ON}", self.bodies[self._take()]


def run_server(
    workers: int, home: Path, people: People, args: argparse.Namespace
) -> tuple[float, dict[tuple[str, int], Cell]]:
    cells: dict[tuple[str, int], Cell] = {}
    with server(workers, home) as port:
        targets: list[tuple[str, Target]] = [
            ("results page", people.results),
            ("POST /api/plan", people.plan),
        ]
        for _label, target in targets:  # load the knowledge base in every worker
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
            for n in range(2 * workers):
                request(conn, *target(n))
            conn.close()
        base = idle_healthz(port)
        print(f"\n== serve --workers {workers}: /healthz idle p50 {base:.2f} ms")
        print(
            f"{'target':16} {'clients':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'req/s':>7} {'503':>5} {'errors':>6}   /healthz during load p50/p99 ms"
        )
        for label, target in targets:
            for clients in CLIENTS:
                cell, probe = load(port, target, clients, args.seconds, args.max_requests)
                cells[(label, clients)] = cell
                print(
                    f"{label:16} {clients:>7} {cell.pct(0.5):8.1f} {cell.pct(0.95):8.1f} "
                    f"{cell.pct(0.99):8.1f} {cell.rate:7.1f} {cell.busy:>5} {cell.errors:>6}"
                    f"   {probe.pct(0.5):.1f} / {probe.pct(0.99):.1f}"
                )
        print(f"JSON document of /api/plan: {cells[('POST /api/plan', 1)].size / 1000:.0f} kB")
    return base, cells


def generated_people(home: Path, count: int) -> People:
    """`count` distinct people from the population generator, saved in `home`'s store (for the
    results pages) and as JSON bodies (for the API)."""
    from emigre.errors import InputError
    from emigre.population.rows import row_to_profile
    from emigre.population.schema import layout_of
    from emigre.population.synth import draw, load_spec
    from emigre.web.cache import Answers
    from emigre.web.store import ProfileStore, profile_data

    frame = draw(load_spec(SPEC), count * 2, seed=SEED)
    layout = layout_of(frame.columns)
    store = ProfileStore(home / "profiles.sqlite3")
    pids: list[int] = []
    bodies: list[bytes] = []
    seen: set[bytes] = set()
    for i, row in enumerate(frame.to_dicts()):
        try:
            profile = row_to_profile(row, layout)
        except InputError:
            continue  # the generator may draw a row the schema refuses; the next one will do
        body = json.dumps(profile_data(profile)).encode()
        if body in seen:
            continue
        seen.add(body)
        pids.append(store.save(f"person {i}", profile))
        bodies.append(body)
        if len(bodies) == count:
            break
    kept = Answers().size
    if len(bodies) <= kept:
        raise SystemExit(
            f"only {len(bodies)} distinct people drawn; more than {kept} (the answers a server "
            "keeps) are needed for every request to plan"
        )
    return People(pids, bodies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="processes of the second server")
    parser.add_argument("--seconds", type=float, default=4.0, help="longest time per cell")
    parser.add_argument("--max-requests", type=int, default=400, help="most requests per cell")
    parser.add_argument(
        "--people", type=int, default=200, help="distinct generated profiles taken in turn"
    )
    args = parser.parse_args()
    if (
        not 1 <= args.workers <= 16
        or not 0 < args.seconds <= 60
        or args.max_requests < 1
        or not 20 <= args.people <= 5000
    ):
        parser.error(
            "--workers 1-16, --seconds up to 60, --max-requests at least 1, --people 20-5000"
        )
    sys.path.insert(0, str(ROOT / "src"))
    print(
        f"machine: {os.cpu_count()} cores; {args.seconds:g} s or {args.max_requests} requests a "
        f"cell; {args.people} distinct generated people, each request about the next"
    )
    with tempfile.TemporaryDirectory(prefix="emigre-load-") as folder:
        home = Path(folder)
        people = generated_people(home, args.people)
        base1, one = run_server(1, home, people, args)
        base_n, many = run_server(args.workers, home, people, args)

    api1 = one[("POST /api/plan", 1)].pct(0.5)
    ratio = api1 / base1
    print("\n== targets (issue 15), each against a baseline from this run")
    print(
        f"POST /api/plan, 1 client, p50 {api1:.1f} ms = {ratio:.1f}x /healthz ({base1:.2f} ms) "
        f"on the same server; target <= 10x: {'met' if ratio <= 10 else f'missed by {ratio / 10:.1f}x'}"
    )
    for label in ("POST /api/plan", "results page"):
        r1, rn = one[(label, 8)].rate, many[(label, 8)].rate
        gain = rn / r1 if r1 else float("nan")
        verdict = "met" if gain >= 5 else f"missed ({gain:.2f}x of 5x)"
        print(
            f"{label}, 8 clients: {rn:.1f} req/s with --workers {args.workers} vs {r1:.1f} req/s "
            f"with one worker = {gain:.2f}x; target >= 5x: {verdict}"
        )


if __name__ == "__main__":
    main()
