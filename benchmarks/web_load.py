"""The web app under load, on loopback: `emigre serve` in a child process, 1, 8 and 32 clients
asking for the results page and `POST /api/plan` (examples/dima.toml, 108 routes), and a probe
timing `/healthz` all the while.

    python benchmarks/web_load.py [--workers 2] [--seconds 4] [--max-requests 400]

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
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "examples" / "dima.toml"
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


def load(
    port: int, method: str, path: str, body: bytes | None, clients: int, seconds: float, cap: int
) -> tuple[Cell, Cell]:
    """`clients` threads asking as fast as answered; a probe times /healthz meanwhile."""
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
                issued[0] += 1
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


def run_server(
    workers: int, home: Path, pid: int, body: bytes, args: argparse.Namespace
) -> tuple[float, dict[tuple[str, int], Cell]]:
    cells: dict[tuple[str, int], Cell] = {}
    with server(workers, home) as port:
        targets = [
            ("results page", "GET", f"/profile/{pid}/results?on={ON}", None),
            ("POST /api/plan", "POST", f"/api/plan?on={ON}", body),
        ]
        for _label, method, path, data in targets:  # warm every worker's caches
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
            for _ in range(4 * workers):
                request(conn, method, path, data)
            conn.close()
        base = idle_healthz(port)
        print(f"\n== serve --workers {workers}: /healthz idle p50 {base:.2f} ms")
        print(
            f"{'target':16} {'clients':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'req/s':>7} {'503':>5} {'errors':>6}   /healthz during load p50/p99 ms"
        )
        for label, method, path, data in targets:
            for clients in CLIENTS:
                cell, probe = load(
                    port, method, path, data, clients, args.seconds, args.max_requests
                )
                cells[(label, clients)] = cell
                print(
                    f"{label:16} {clients:>7} {cell.pct(0.5):8.1f} {cell.pct(0.95):8.1f} "
                    f"{cell.pct(0.99):8.1f} {cell.rate:7.1f} {cell.busy:>5} {cell.errors:>6}"
                    f"   {probe.pct(0.5):.1f} / {probe.pct(0.99):.1f}"
                )
        print(f"JSON document of /api/plan: {cells[('POST /api/plan', 1)].size / 1000:.0f} kB")
    return base, cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="processes of the second server")
    parser.add_argument("--seconds", type=float, default=4.0, help="longest time per cell")
    parser.add_argument("--max-requests", type=int, default=400, help="most requests per cell")
    args = parser.parse_args()
    if not 1 <= args.workers <= 16 or not 0 < args.seconds <= 60 or args.max_requests < 1:
        parser.error("--workers 1-16, --seconds up to 60, --max-requests at least 1")
    sys.path.insert(0, str(ROOT / "src"))
    from emigre.profile import load_profile
    from emigre.web.store import ProfileStore

    home = Path(tempfile.mkdtemp(prefix="emigre-load-"))
    pid = ProfileStore(home / "profiles.sqlite3").save("dima", load_profile(PROFILE))
    body = json.dumps(tomllib.loads(PROFILE.read_text()), default=str).encode()
    print(
        f"machine: {os.cpu_count()} cores; {args.seconds:g} s or {args.max_requests} requests a cell"
    )

    base1, one = run_server(1, home, pid, body, args)
    base_n, many = run_server(args.workers, home, pid, body, args)

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
