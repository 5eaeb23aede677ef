"""How fast does the web app render its pages for a typical profile (examples/dima.toml, 108
routes)? Prints the median time of each page and its ratio to a trivial endpoint (`/healthz`)
measured in the same run, so the figures mean the same on a slow or a fast machine.

    python benchmarks/web_speed.py [--runs N]

Target (issue 5): every page renders in under 200 ms. Requests go through the whole ASGI stack
(middleware, routing, validation, templates) in-process, without a network in between.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "examples" / "dima.toml"
TARGET_MS = 200.0


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm up (caches, templates)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("EMIGRE_HOME", tempfile.mkdtemp(prefix="emigre-bench-"))
    sys.path.insert(0, str(ROOT / "src"))

    import warnings

    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

    from emigre.web.app import create_app

    store = Path(tempfile.mkdtemp(prefix="emigre-bench-")) / "profiles.sqlite3"
    client = TestClient(
        create_app(store_path=store, today=lambda: date(2026, 11, 25)),
        base_url="http://127.0.0.1",
    )
    resp = client.post(
        "/profile/import",
        files={"file": ("dima.toml", PROFILE.read_bytes())},
        follow_redirects=False,
    )
    pid = resp.headers["location"].split("/")[2]
    profile = json.loads(json.dumps(tomllib.loads(PROFILE.read_text()), default=str))

    def get(path: str) -> Callable[[], object]:
        def call() -> object:
            r = client.get(path)
            assert r.status_code == 200, (path, r.status_code)
            return r

        return call

    def post(path: str, body: object) -> Callable[[], object]:
        def call() -> object:
            r = client.post(path, json=body)
            assert r.status_code == 200, (path, r.status_code)
            return r

        return call

    on = "?on=2026-11-25"

    def new_profile_each_time() -> Callable[[], object]:
        """POST /api/plan with savings one euro higher each time: a profile the answer cache
        has not seen, planned in full (what a person editing their profile gets)."""
        counter = iter(range(1, 1_000_000))

        def call() -> object:
            body = json.loads(json.dumps(profile))
            body["money"]["savings"] = profile["money"]["savings"] + next(counter)
            r = client.post(f"/api/plan{on}", json=body)
            assert r.status_code == 200, r.status_code
            return r

        return call

    base = median_ms(get("/healthz"), args.runs)
    cases = [
        ("home", get("/")),
        ("questionnaire", get("/profile/new")),
        ("results (108 routes)", get(f"/profile/{pid}/results{on}")),
        ("results in Russian", get(f"/profile/{pid}/results{on}")),
        ("route page de.study", get(f"/profile/{pid}/route/de.study{on}")),
        (
            "compare 3 routes",
            get(
                f"/profile/{pid}/compare{on}&r=de.study&r=de.blue_card.it_specialist&r=rs.entrepreneur"
            ),
        ),
        (
            "what-if panel (fetch)",
            post(
                f"/api/panel/de.study{on}", {"profile": profile, "what_if": {"hours_per_week": 25}}
            ),
        ),
        ("POST /api/plan", post(f"/api/plan{on}", profile)),
        ("POST /api/plan, a new profile each time", new_profile_each_time()),
    ]
    print(f"{'trivial endpoint /healthz (baseline)':40} {base:8.2f} ms")
    worst = 0.0
    for label, fn in cases:
        if label == "results in Russian":
            client.cookies.set("lang", "ru")
        ms = median_ms(fn, args.runs)
        client.cookies.delete("lang")
        worst = max(worst, ms)
        ok = "OK" if ms < TARGET_MS else "MISSED"
        print(
            f"{label:40} {ms:8.2f} ms  ({ms / base:6.1f}x baseline)  target < {TARGET_MS:.0f} ms: {ok}"
        )
        if label.startswith("POST /api/plan"):
            ratio = ms / base
            why = (
                "the answer cache serves a repeated profile; see web_load.py"
                if label == "POST /api/plan"
                else "planned in full"
            )
            print(
                f"{'  issue 15: <= 10x /healthz':40} {ratio:8.1f}x  "
                f"{'met' if ratio <= 10 else f'MISSED by {ratio / 10:.1f}x'} ({why})"
            )
    print(f"{'slowest':40} {worst:8.2f} ms  ({worst / base:6.1f}x baseline)")


if __name__ == "__main__":
    main()
