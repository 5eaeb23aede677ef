"""The web app under careless and hostile use: body limits, short errors, bad path parameters,
a broken data folder, crashes, saturation, gone clients, and planning off the event loop."""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from emigre import documents  # noqa: E402
from emigre.web.app import create_app  # noqa: E402
from tests.conftest import EXAMPLES, Cli  # noqa: E402

ON = "2026-11-25"
DIMA = EXAMPLES / "dima.toml"
BASE = "http://127.0.0.1:8000"


def _profile() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(tomllib.loads(DIMA.read_text()), default=str))
    return data


def _client(tmp_path: Path, **kw: Any) -> TestClient:
    app = create_app(store_path=tmp_path / "p.sqlite3", today=lambda: date(2026, 11, 25), **kw)
    return TestClient(app, base_url=BASE, raise_server_exceptions=False)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return _client(tmp_path)


def _import(client: TestClient) -> int:
    resp = client.post(
        "/profile/import", files={"file": ("dima.toml", DIMA.read_bytes())}, follow_redirects=False
    )
    assert resp.status_code == 303
    return int(resp.headers["location"].split("/")[2])


def _secure(resp: Any) -> None:
    assert "default-src 'self'" in resp.headers["content-security-policy"]
    assert resp.headers["x-content-type-options"] == "nosniff"
    assert resp.headers["x-frame-options"] == "DENY"


# --- body limits and short errors -------------------------------------------------------------


def test_big_api_body_is_refused_before_parsing(client: TestClient, monkeypatch: Any) -> None:
    parsed: list[bytes] = []
    monkeypatch.setattr(json, "loads", lambda raw, **kw: parsed.append(raw))
    big = b'{"x": "' + b"a" * 200_000 + b'"}'
    resp = client.post("/api/plan", content=big, headers={"content-type": "application/json"})
    assert resp.status_code == 413 and "too large" in resp.text
    _secure(resp)

    def chunks() -> Any:  # no Content-Length: the limit is counted as the body arrives
        for _ in range(100):
            yield b"a" * 10_000

    resp = client.post("/api/plan", content=chunks(), headers={"content-type": "application/json"})
    assert resp.status_code == 413
    assert parsed == []


def test_imports_may_be_up_to_a_megabyte(client: TestClient) -> None:
    too_big = client.post("/profile/import", files={"file": ("x.toml", b"#" * 1_500_000)})
    assert too_big.status_code == 413
    # just over 1 MB but within the limit: the friendly page names the problem
    over = client.post("/profile/import", files={"file": ("x.toml", b"#" * 1_000_100)})
    assert over.status_code == 422 and "too big" in over.text
    ok = b"#" * 900_000 + b"\n" + DIMA.read_bytes()
    resp = client.post("/profile/import", files={"file": ("d.toml", ok)}, follow_redirects=False)
    assert resp.status_code == 303


def test_validation_errors_echo_only_an_excerpt(client: TestClient) -> None:
    huge = "z" * 20_000
    prof = _profile()
    prof[huge] = 1
    prof["person"]["birth_date"] = huge
    resp = client.post(f"/api/plan?on={ON}", json=prof)
    assert resp.status_code == 422
    assert len(resp.content) < 3_000 and "person.birth_date" in resp.text
    body = {"profile": _profile(), "what_if": {huge: 1, "offer": {"country": huge}}}
    resp = client.post(f"/api/panel/de.study?on={ON}", json=body)
    assert resp.status_code == 422 and len(resp.content) < 3_000
    resp = client.post(f"/api/plan?on={ON}&weights={'x' * 5000}=1", json=_profile())
    assert resp.status_code == 422 and len(resp.content) < 3_000


def test_deeply_nested_json_is_refused(client: TestClient) -> None:
    deep = "[" * 5000 + "]" * 5000
    resp = client.post("/api/plan", content=deep, headers={"content-type": "application/json"})
    assert resp.status_code == 422 and "(body)" in resp.text
    resp = client.post(
        "/api/panel/de.study",
        content='{"profile": ' + deep + ', "what_if": {}}',
        headers={"content-type": "application/json"},
    )
    assert 400 <= resp.status_code < 500


# --- path and query parameters ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/profile/99999999999999999999/results",
        "/profile/99999999999999999999/edit",
        "/profile/99999999999999999999/export.toml",
        "/profile/99999999999999999999/route/de.study",
        "/profile/%C2%B2/results",
        "/profile/-1/results",
        "/profile/0/results",
        "/profile/%D9%A3/compare?r=de.study&r=cz.study",
        "/profile/99999999999999999999",
    ],
)
def test_bad_profile_numbers_are_404(client: TestClient, path: str) -> None:
    resp = client.get(path)
    assert resp.status_code == 404, resp.text
    assert "No such saved profile" in resp.text
    _secure(resp)
    assert client.post(path.split("?")[0].rsplit("/", 1)[0] + "/delete").status_code in (404, 405)


def test_odd_pid_in_the_form_saves_a_new_profile(client: TestClient) -> None:
    pid = _import(client)
    form = client.get(f"/profile/{pid}/export.toml").text
    assert form
    for odd in ("²", "99999999999999999999", "-3"):
        resp = client.post(
            "/profile",
            data={
                "pid": odd,
                "name": "X",
                "person.citizenship.0": "RU",
                "person.birth_date": "2001-03-15",
                "person.residence": "RU",
                "languages.0.code": "ru",
                "languages.0.level": "native",
            },
            follow_redirects=False,
        )
        assert resp.status_code == 303, resp.text


@pytest.mark.parametrize("on", ["9999-12-31", "0001-01-01", "1949-12-31", "2101-01-01"])
def test_dates_out_of_range_are_422(client: TestClient, on: str) -> None:
    resp = client.post(f"/api/plan?on={on}", json=_profile())
    assert resp.status_code == 422 and resp.json()["detail"][0]["field"] == "on"
    pid = _import(client)
    page = client.get(f"/profile/{pid}/results?on={on}")
    assert page.status_code == 422 and "<html" in page.text
    assert "on=" in page.text and "1950-01-01" in page.text and "2100-12-31" in page.text
    _secure(page)


# --- failures -----------------------------------------------------------------------------------


def test_a_crash_is_a_500_page_with_the_security_headers(
    client: TestClient, monkeypatch: Any
) -> None:
    def boom(*a: Any, **kw: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(documents, "plan_document", boom)
    resp = client.post(f"/api/plan?on={ON}", json=_profile())
    assert resp.status_code == 500 and "secret" not in resp.text
    _secure(resp)
    pid = _import(client)
    page = client.get(f"/profile/{pid}/results?on={ON}")
    assert page.status_code == 500 and "<html" in page.text and "secret" not in page.text
    _secure(page)


def test_unusable_data_folder_gives_a_clear_page(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    app = create_app(store_path=blocker / "profiles.sqlite3")
    client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    resp = client.get("/")
    assert resp.status_code == 500
    assert str(tmp_path) in resp.text and "EMIGRE_HOME" in resp.text
    _secure(resp)
    client.cookies.set("lang", "ru")  # and in the reader's language
    ru = client.get("/")
    assert ru.status_code == 500 and str(tmp_path) in ru.text
    assert "Сохранённые профили нельзя прочитать или записать" in ru.text
    if os.geteuid() != 0:  # root may write anywhere
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        client = TestClient(create_app(store_path=ro / "p.sqlite3"), base_url=BASE)
        resp = client.post("/profile/import", files={"file": ("d.toml", DIMA.read_bytes())})
        assert resp.status_code == 500 and "EMIGRE_HOME" in resp.text


def test_telemetry_is_off_whatever_the_environment(monkeypatch: Any) -> None:
    monkeypatch.setenv("FASTAPI_OTEL_AUTO_CONFIGURE", "true")
    app = create_app()
    config = app._telemetry
    assert not any(config[k] for k in ("tracing", "metrics", "logs", "auto_configure"))
    assert not app._native_telemetry.enabled()


# --- load: saturation, gone clients, the event loop ---------------------------------------------


class _Slow:
    """Stands in for the planner: blocks until released (so a test controls the timing)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.calls = 0
        self.real = documents.plan_document

    def __call__(self, *a: Any, **kw: Any) -> Any:
        self.calls += 1
        self.release.wait(10)
        return self.real(*a, **kw)


def test_saturated_planner_answers_503_with_retry_after(tmp_path: Path, monkeypatch: Any) -> None:
    slow = _Slow()
    monkeypatch.setattr(documents, "plan_document", slow)
    with _client(tmp_path, plan_limit=1, plan_waiting=1) as client:
        results: list[int] = []

        def call() -> None:
            results.append(client.post(f"/api/plan?on={ON}", json=_profile()).status_code)

        threads = [threading.Thread(target=call) for _ in range(2)]
        for t in threads:
            t.start()
        gate = client.app.state.web.gate  # type: ignore[attr-defined]
        deadline = time.monotonic() + 20
        while (slow.calls < 1 or gate.queued < 1) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert slow.calls == 1 and gate.queued == 1  # one plans, one waits for the slot
        busy = client.post(f"/api/plan?on={ON}", json=_profile())
        assert busy.status_code == 503 and int(busy.headers["retry-after"]) >= 1
        _secure(busy)
        assert client.get("/healthz").status_code == 200  # not planning: never refused
        slow.release.set()
        for t in threads:
            t.join(20)
        assert sorted(results) == [200, 200]


def test_work_for_a_gone_client_is_dropped(tmp_path: Path, monkeypatch: Any) -> None:
    import anyio

    slow = _Slow()
    slow.release.set()
    monkeypatch.setattr(documents, "plan_document", slow)
    client = _client(tmp_path)
    pid = _import(client)
    app = client.app
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": f"/profile/{pid}/results",
        "raw_path": f"/profile/{pid}/results".encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    anyio.run(app, scope, receive, send)  # type: ignore[arg-type]
    assert slow.calls == 0
    assert sent and sent[0]["status"] == 499


def test_healthz_stays_fast_while_plans_run(tmp_path: Path, monkeypatch: Any) -> None:
    """Planning runs in worker threads: a slow plan does not hold up other requests."""
    import httpx

    from tests.webserver import running_app

    slow = _Slow()
    monkeypatch.setattr(documents, "plan_document", slow)
    with running_app(tmp_path / "p.sqlite3") as url:
        t = threading.Thread(
            target=lambda: httpx.post(f"{url}/api/plan?on={ON}", json=_profile(), timeout=30)
        )
        t.start()
        deadline = time.monotonic() + 10
        while slow.calls < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert slow.calls == 1
        start = time.perf_counter()
        assert httpx.get(f"{url}/healthz", timeout=5).status_code == 200
        assert time.perf_counter() - start < 3.0  # the plan itself is held for 10 s
        slow.release.set()
        t.join(20)


# --- serve --workers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ("time=1,time=2", "weights: 'time' is given twice"),
        ("time=0,cost=0,pr=0,risk=0", "weights: every weight is 0"),
        ("time=nan", "weights: 'time' must be a number from 0 to 1000"),
        ("speed=1", "weights: 'speed' is not a criterion"),
    ],
)
def test_bad_weights_in_the_api_are_422_naming_the_parameter(
    client: TestClient, weights: str, expected: str
) -> None:
    resp = client.post("/api/plan", params={"weights": weights, "on": ON}, json=_profile())
    assert resp.status_code == 422
    [detail] = resp.json()["detail"]
    assert detail["field"] == "weights" and detail["message"].startswith(expected)


def test_serve_workers_runs_processes_from_a_factory(monkeypatch: Any, tmp_path: Path) -> None:
    import uvicorn

    from emigre.web import server

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    monkeypatch.delenv("EMIGRE_SERVE_DATA", raising=False)
    server.run("127.0.0.1", _free_port(), tmp_path, workers=3)
    assert seen["workers"] == 3 and seen["factory"] is True
    assert seen["app"] == "emigre.web.server:app_from_environment"
    app = server.app_from_environment()  # what each worker builds
    assert app.state.web.data == tmp_path.resolve()
    resp = TestClient(app, base_url="http://evil.example").get("/healthz")
    assert resp.status_code == 400  # loopback bind: foreign host names still refused


def test_serve_refuses_bad_worker_counts(cli: Cli) -> None:
    code, _out, err = cli("serve", "--workers", "0")
    assert code == 2 and "--workers" in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _no_server(monkeypatch: Any) -> None:
    import uvicorn

    def started(*_a: Any, **_kw: Any) -> None:
        raise AssertionError("the server was started")

    monkeypatch.setattr(uvicorn, "run", started)


def test_serve_on_a_busy_port_exits_2_naming_the_port(cli: Cli, monkeypatch: Any) -> None:
    """Another program (or a second `emigre serve`) holds the port: exit 2 with the fix, not
    uvicorn's exit 3 and its own words."""
    _no_server(monkeypatch)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _out, err = cli("serve", "--port", str(port))
    assert code == 2
    assert f"--port: {port} is already in use on 127.0.0.1" in err
    assert f"--port {port + 1}" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("999.1.1.1", "--host: '999.1.1.1' is neither an IP address nor a host name"),
        ("no-such-host.invalid", "--host: 'no-such-host.invalid' is neither"),
        ("192.0.2.1", "--host: 192.0.2.1 is not an address of this machine"),
    ],
)
def test_serve_on_a_bad_host_exits_2_naming_the_host(
    cli: Cli, monkeypatch: Any, host: str, expected: str
) -> None:
    _no_server(monkeypatch)
    code, _out, err = cli("serve", "--host", host, "--port", str(_free_port()))
    assert code == 2
    assert expected in err and "127.0.0.1" in err and "Traceback" not in err


def test_serve_takes_an_ipv6_address_in_brackets(monkeypatch: Any) -> None:
    """`--host [::1]`, written as in a URL, is checked and served as ::1."""
    import uvicorn

    from emigre.web import server

    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
            port = int(s.getsockname()[1])
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    server.run("[::1]", port)
    assert seen["port"] == port and seen["host"] == "::1"


# --- a smaller plan document --------------------------------------------------------------------


def test_cash_flow_only_when_asked_for(client: TestClient, cli: Cli) -> None:
    plain = client.post(f"/api/plan?on={ON}", json=_profile())
    full = client.post(f"/api/plan?on={ON}&cashflow=true", json=_profile())
    assert plain.status_code == full.status_code == 200
    assert not any("cashflow" in r for r in plain.json()["routes"])
    planned = [r for r in full.json()["routes"] if r.get("steps")]
    assert planned and all(r["cashflow"] for r in planned)
    # The plain plan is the full one minus the cash flow, which is what it saves: at least a
    # kilobyte per planned route (a ratio of sizes would erode as routes are added).
    stripped = full.json()
    for route in stripped["routes"]:
        route.pop("cashflow", None)
    assert plain.json() == stripped
    assert len(full.content) - len(plain.content) > 1000 * len(planned)
    code, out, _err = cli("plan", str(DIMA), "--on", ON, "--format", "json", "--cashflow")
    assert code == 0 and json.loads(out) == full.json()
    code, out, _err = cli("explain", "de.study", str(DIMA), "--on", ON, "--format", "json")
    assert code == 0 and json.loads(out)["cashflow"]


def test_the_same_question_is_answered_from_memory(client: TestClient, monkeypatch: Any) -> None:
    calls: list[object] = []
    real = documents.plan_document

    def counted(*a: Any, **kw: Any) -> Any:
        calls.append(a)
        return real(*a, **kw)

    monkeypatch.setattr(documents, "plan_document", counted)
    first = client.post(f"/api/plan?on={ON}", json=_profile())
    again = client.post(f"/api/plan?on={ON}", json=_profile())
    assert first.status_code == again.status_code == 200 and first.content == again.content
    assert len(calls) == 1
    other = _profile()
    other["money"]["savings"] = 5_000_000
    changed = client.post(f"/api/plan?on={ON}", json=other)
    ru = client.post(f"/api/plan?on={ON}&lang=ru", json=_profile())
    later = client.post("/api/plan?on=2027-06-01", json=_profile())
    assert len(calls) == 4 and len({r.content for r in (first, changed, ru, later)}) == 4
    pid = _import(client)
    for query in ("", "&country=DE", "&family=study"):  # filters reuse the plan
        assert client.get(f"/profile/{pid}/results?on={ON}{query}").status_code == 200
    assert len(calls) == 5


# --- the same guarded reader as the command line ----------------------------------------------


def test_huge_numbers_and_deep_nesting_are_422_in_the_api_and_imports(client: TestClient) -> None:
    """A number of 5,000 digits or TOML nested 600 deep was a 500 on `/api/plan` and on import."""
    text = json.dumps(_profile()).replace('"savings": 600000', '"savings": ' + "9" * 5000)
    resp = client.post("/api/plan", content=text, headers={"content-type": "application/json"})
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["field"] == "(body)"
    assert "thousands of digits" in resp.text and len(resp.content) < 1000
    _secure(resp)
    huge = DIMA.read_text().replace("savings = 600000", "savings = " + "9" * 5000)
    deep = "a = " + "[" * 600 + "]" * 600 + "\n"
    infinite = json.dumps(_profile()).replace('"savings": 600000', '"savings": Infinity')
    for name, body, expected in [
        ("huge.toml", huge, "thousands of digits"),
        ("deep.toml", deep, "nested far too deeply"),
        ("inf.json", infinite, "Infinity is not a number"),
    ]:
        resp = client.post("/profile/import", files={"file": (name, body.encode())})
        assert resp.status_code == 422, (name, resp.status_code)
        assert expected in resp.text and "<html" in resp.text
        _secure(resp)


def test_a_request_that_took_the_free_slot_is_not_counted_as_waiting() -> None:
    """With one slot and one place in the queue, a second request arriving while the first is
    taking the free slot must wait, not get a 503 (the first was counted as waiting)."""
    import anyio

    from emigre.web.deps import Busy, Gate, planning_slot

    class Req:
        async def is_disconnected(self) -> bool:
            return False

    outcome: dict[str, str] = {}

    async def ask(name: str, web: Any, hold: anyio.Event) -> None:
        slot = planning_slot(Req(), web)  # type: ignore[arg-type]
        try:
            await slot.__anext__()
        except Busy:
            outcome[name] = "503"
            return
        outcome[name] = "planned"
        await hold.wait()
        await slot.aclose()

    async def main() -> None:
        web = type("W", (), {"gate": Gate(limit=1, waiting=1)})()
        hold = anyio.Event()
        async with anyio.create_task_group() as tg:
            tg.start_soon(ask, "first", web, hold)
            tg.start_soon(ask, "second", web, hold)
            await anyio.sleep(0.05)
            assert web.gate.queued == 1  # the second waits for the slot
            tg.start_soon(ask, "third", web, hold)  # no room left: refused
            await anyio.sleep(0.05)
            hold.set()
        assert outcome == {"first": "planned", "second": "planned", "third": "503"}

    anyio.run(main)


def test_the_load_benchmark_asks_about_distinct_people(tmp_path: Path, monkeypatch: Any) -> None:
    """benchmarks/web_load.py plans for real: more distinct generated people than a server keeps
    answers for, taken in turn, so no request is a cache hit."""
    import importlib.util

    from emigre.web.cache import Answers

    pytest.importorskip("polars")
    spec = importlib.util.spec_from_file_location(
        "web_load", Path(__file__).parent.parent / "benchmarks" / "web_load.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "web_load", bench)  # its dataclasses look it up there
    spec.loader.exec_module(bench)
    people = bench.generated_people(tmp_path, 24)
    assert len(set(people.bodies)) == len(set(people.pids)) == 24 > Answers().size
    asked = [people.plan(n)[2] for n in range(48)]
    gaps = [asked.index(b, i + 1) - i for i, b in enumerate(asked[:24])]
    assert min(gaps) > Answers().size  # asked again only after more than the cache holds
    method, path, body = people.results(0)
    assert method == "GET" and body is None and path.startswith("/profile/")
