"""`emigre data watch` against recorded answers: no test touches the network (`get` serves a dict,
and `urlopen` is replaced where `default_get` is tested)."""

from __future__ import annotations

import json
import socket
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from emigre.errors import InputError
from emigre.knowledge import watch as watcher
from emigre.knowledge.catalogue import sources_of
from emigre.knowledge.loader import knowledge_base
from emigre.knowledge.watch import (
    Fetched,
    NetworkError,
    Unreachable,
    default_get,
    normalise,
    watch,
)

DAY1, DAY2 = date(2026, 11, 1), date(2026, 12, 6)
FEE = "https://www.example.gov/visa/fees"
RULES = "https://www.example.gov/visa/rules"
NEWS = "https://news.example.org/article"
ROWS = [
    {"url": FEE, "official": True, "backs": ["xx.visa: condition fee", "parameter xx.fee = 75"]},
    {"url": RULES, "official": True, "backs": ["xx.visa: the route"]},
    {"url": NEWS, "official": False, "backs": ["xx.nomad: risk quota"]},
]
PAGE = b"<html><head><script>var s='%s';</script></head><body><p>Fee: EUR&nbsp;75</p></body></html>"


class Recorded:
    """A `get` that serves recorded answers (a Fetched, or an exception to raise) and remembers
    every request with its headers."""

    def __init__(self, answers: dict[str, Fetched | Exception]) -> None:
        self.answers = answers
        self.asked: list[tuple[str, dict[str, str]]] = []

    def __call__(self, url: str, headers: Mapping[str, str]) -> Fetched:
        self.asked.append((url, dict(headers)))
        answer = self.answers.get(url, Fetched(404))
        if isinstance(answer, Exception):
            raise answer
        return answer

    def urls(self) -> list[str]:
        return [u for u, _ in self.asked]


def html(body: bytes, **kw: str) -> Fetched:
    return Fetched(200, body, "text/html; charset=utf-8", **kw)


def site(fee_page: bytes = PAGE % b"a1") -> dict[str, Fetched | Exception]:
    return {
        FEE: html(fee_page),
        RULES: html(b"<h1>Rules</h1><p>Apply at the consulate.</p>"),
        NEWS: html(b"<p>Quota filled</p>"),
    }


class Clock:
    """A fake clock that `sleep` moves forward, recording the pauses."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def sleep(self, s: float) -> None:
        self.pauses.append(s)
        self.now += s

    def __call__(self) -> float:
        return self.now


def run(get: Recorded, path: Path, on: date = DAY1, rows: list[dict[str, Any]] = ROWS) -> Any:
    clock = Clock()
    report = watch(rows, on, get=get, path=path, delay=2.0, sleep=clock.sleep, clock=clock)
    return report, clock


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "watch.json"


def status(report: Any) -> dict[str, str]:
    return {c.url: c.status for c in report.checked}


def test_the_first_watch_stores_a_hash_per_source(state: Path) -> None:
    report, _ = run(Recorded(site()), state)
    assert set(status(report).values()) == {"new"}
    saved = json.loads(state.read_text())["sources"]
    assert set(saved) == {FEE, RULES, NEWS}
    assert saved[FEE]["seen"] == "2026-11-01"
    assert len(saved[FEE]["sha256"]) == 64
    assert "Nothing to re-read." in report.text()


def test_a_changed_text_is_reported_with_what_it_backs_and_markup_noise_is_not(
    state: Path,
) -> None:
    run(Recorded(site()), state)
    answers = site(fee_page=(PAGE % b"b2").replace(b"75", b"90"))
    answers[RULES] = html(b"<h1 class='new'>Rules</h1>\n\n<p>Apply   at the consulate.</p>")
    answers[NEWS] = Fetched(404)
    report, _ = run(Recorded(answers), state, on=DAY2)
    assert status(report) == {FEE: "changed", RULES: "unchanged", NEWS: "unreachable"}
    text = report.text(80)
    assert "1 changed, 1 unreachable, 0 disallowed, 0 new, 1 unchanged" in " ".join(text.split())
    assert f"  {FEE}\n    previous text first seen 2026-11-01" in text
    assert "    backs parameter xx.fee = 75" in text
    assert f"  {NEWS} (HTTP 404)\n    backs xx.nomad: risk quota" in text
    assert RULES not in text, "an unchanged source is only counted"
    saved = json.loads(state.read_text())["sources"]
    assert saved[FEE]["seen"] == "2026-12-06", "the new text is the one compared next time"
    assert saved[RULES]["seen"] == "2026-11-01"
    assert saved[NEWS]["seen"] == "2026-11-01", "an unreadable page keeps its last good hash"
    again, _ = run(Recorded(site(fee_page=(PAGE % b"c3").replace(b"75", b"90"))), state, DAY2)
    assert status(again)[FEE] == "unchanged"


def test_a_page_seen_before_is_asked_for_conditionally_and_304_means_unchanged(
    state: Path,
) -> None:
    first = site()
    first[FEE] = html(PAGE % b"a", etag='"v1"', last_modified="Sun, 01 Nov 2026 10:00:00 GMT")
    run(Recorded(first), state)
    answers = site()
    answers[FEE] = Fetched(304)
    get = Recorded(answers)
    report, _ = run(get, state, on=DAY2)
    sent = dict(get.asked)[FEE]
    assert sent == {"If-None-Match": '"v1"', "If-Modified-Since": "Sun, 01 Nov 2026 10:00:00 GMT"}
    assert dict(get.asked)[RULES] == {}, "no validator stored, plain request"
    assert status(report)[FEE] == "unchanged"
    assert json.loads(state.read_text())["sources"][FEE]["checked"] == "2026-12-06"


def test_robots_txt_is_obeyed_with_its_crawl_delay(state: Path) -> None:
    answers = site()
    answers["https://www.example.gov/robots.txt"] = Fetched(
        200, b"User-agent: *\nDisallow: /visa/rules\nCrawl-delay: 7\n"
    )
    get = Recorded(answers)
    report, clock = run(get, state)
    assert status(report)[RULES] == "disallowed"
    assert RULES not in get.urls()
    assert get.urls().count("https://www.example.gov/robots.txt") == 1, "read once per site"
    assert "Not fetched (the site's robots.txt" in report.text()


def test_requests_to_one_site_are_spaced_and_sites_take_turns(state: Path) -> None:
    rows = [
        {"url": f"https://a.example/{i}", "official": True, "backs": [f"a{i}"]} for i in range(3)
    ] + [{"url": "https://b.example/0", "official": True, "backs": ["b0"]}]
    get = Recorded({r["url"]: html(b"<p>x</p>") for r in rows})
    report, clock = run(get, state, rows=rows)
    pages = [u for u in get.urls() if not u.endswith("robots.txt")]
    assert pages == [
        "https://a.example/0",
        "https://b.example/0",
        "https://a.example/1",
        "https://a.example/2",
    ]
    assert clock.pauses and all(p <= 2.0 for p in clock.pauses)
    assert clock.now >= 2 * 2.0, "three requests to a.example need two full pauses"


def test_offline_is_one_clear_error_and_nothing_is_saved(state: Path) -> None:
    down = Unreachable("[Errno -3] Temporary failure in name resolution")
    get = Recorded(
        {
            u: down
            for u in ["https://www.example.gov/robots.txt", "https://news.example.org/robots.txt"]
        }
    )
    with pytest.raises(NetworkError) as err:
        run(get, state)
    message = str(err.value)
    assert "no source could be reached" in message and "are you online?" in message
    assert "\n" not in message
    assert not state.exists()
    assert len(get.asked) == 2, "a site that did not answer is not asked again"


def test_one_site_down_is_reported_and_the_others_are_still_checked(state: Path) -> None:
    answers = site()
    answers["https://www.example.gov/robots.txt"] = Unreachable("no answer in 20 s")
    report, _ = run(Recorded(answers), state)
    assert status(report) == {FEE: "unreachable", RULES: "unreachable", NEWS: "new"}
    assert {c.detail for c in report.checked if c.status == "unreachable"} == {"no answer in 20 s"}
    assert set(json.loads(state.read_text())["sources"]) == {NEWS}


def test_a_damaged_watch_file_names_itself(state: Path) -> None:
    state.write_text("{not json")
    with pytest.raises(InputError, match="watch.json: not a watch file emigre wrote"):
        run(Recorded(site()), state)


def test_the_json_twin_and_the_markdown_review_list(state: Path) -> None:
    run(Recorded(site()), state)
    report, _ = run(Recorded(site(fee_page=b"<p>Fee: EUR 90</p>")), state, on=DAY2)
    doc = report.document()
    assert doc["on"] == "2026-12-06"
    assert doc["counts"] == {
        "changed": 1,
        "unreachable": 0,
        "disallowed": 0,
        "new": 0,
        "unchanged": 2,
    }
    assert doc["sources"][0] == {
        "url": FEE,
        "status": "changed",
        "official": True,
        "detail": None,
        "since": "2026-11-01",
        "backs": ROWS[0]["backs"],
    }
    md = report.markdown()
    assert f"- [ ] <{FEE}>; previous text first seen 2026-11-01" in md
    assert "  - backs xx.visa: condition fee" in md
    assert "## Changed since the last watch" in md


def test_normalise_reads_the_declared_charset_and_keeps_binary_files_whole() -> None:
    page = "<meta charset='windows-1251'><p>Пошлина: 75 евро</p>".encode("cp1251")
    assert normalise(page, "text/html") == "Пошлина: 75 евро"
    assert normalise(page, "text/html; charset=windows-1251") == "Пошлина: 75 евро"
    pdf = b"%PDF-1.7 \x00\x01 binary"
    assert normalise(pdf, "application/pdf") != normalise(pdf + b"x", "application/pdf")


class FakeResponse:
    status = 200

    def __init__(self, data: bytes, headers: dict[str, str]) -> None:
        self.data = data
        from email.message import Message

        self.headers = Message()
        for k, v in headers.items():
            self.headers[k] = v

    def __enter__(self) -> FakeResponse:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def read(self, limit: int = -1) -> bytes:
        return self.data if limit < 0 else self.data[:limit]


def test_default_get_names_the_project_sends_nothing_else_and_times_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}

    def fake_urlopen(request: urllib.request.Request, timeout: float) -> FakeResponse:
        seen["headers"] = dict(request.header_items())
        seen["timeout"] = timeout
        return FakeResponse(b"<p>x</p>", {"Content-Type": "text/html", "ETag": '"e"'})

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    got = default_get(FEE, {"If-None-Match": '"d"'})
    assert got == Fetched(200, b"<p>x</p>", "text/html", '"e"', "")
    assert set(seen["headers"]) == {"User-agent", "If-none-match"}
    assert "emigre" in seen["headers"]["User-agent"]
    assert 0 < seen["timeout"] <= 60


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (urllib.error.HTTPError(FEE, 304, "Not Modified", None, None), Fetched(304)),  # type: ignore[arg-type]
        (urllib.error.HTTPError(FEE, 404, "Not Found", None, None), Fetched(404)),  # type: ignore[arg-type]
    ],
)
def test_default_get_turns_http_errors_into_answers(
    monkeypatch: pytest.MonkeyPatch, error: Exception, expected: Fetched
) -> None:
    def fail(request: urllib.request.Request, timeout: float) -> FakeResponse:
        raise error

    monkeypatch.setattr(urllib.request, "urlopen", fail)
    assert default_get(FEE, {}) == expected


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            urllib.error.URLError(socket.gaierror(-2, "Name or service not known")),
            "Name or service",
        ),
        (urllib.error.URLError(TimeoutError("timed out")), "no answer in 20 s"),
        (ConnectionResetError(104, "Connection reset by peer"), "Connection reset"),
    ],
)
def test_default_get_turns_network_failures_into_unreachable(
    monkeypatch: pytest.MonkeyPatch, error: Exception, reason: str
) -> None:
    def fail(request: urllib.request.Request, timeout: float) -> FakeResponse:
        raise error

    monkeypatch.setattr(urllib.request, "urlopen", fail)
    with pytest.raises(Unreachable, match=reason):
        default_get(FEE, {})


def test_the_situation_warnings_sources_are_watched_too() -> None:
    kb = knowledge_base(None)
    rows = sources_of([], kb.params, kb.warnings)
    backs = [b for r in rows for b in r["backs"]]
    assert any(b.startswith("warning ru.military_exit_ban") for b in backs)


# --- the command ---------------------------------------------------------------------------


def fake_web(pages: dict[str, bytes]) -> Any:
    def get(url: str, headers: Mapping[str, str]) -> Fetched:
        if url.endswith("/robots.txt"):
            return Fetched(404)
        return html(pages.get(url, f"<p>{url}</p>".encode()))

    return get


def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    from emigre import cli as cli_module

    monkeypatch.setattr(watcher, "DELAY_S", 0.0)
    monkeypatch.setattr(sys, "argv", ["emigre", "data", "watch", *args])
    try:
        cli_module.main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EMIGRE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "80")
    return tmp_path / "home"


def test_the_command_reports_a_changed_official_source_of_a_route(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = knowledge_base(None)
    official = [r for r in sources_of([kb.route("de.study")], kb.params) if r["official"]]
    assert official, "de.study cites official pages"
    monkeypatch.setattr(watcher, "default_get", fake_web({}))
    code, out, err = cli(monkeypatch, capsys, "--route", "de.study")
    assert code == 0, err
    assert f"Watching {len(official)} sources" in err
    assert f"{len(official)} new" in " ".join(out.split())
    changed = official[0]["url"]
    monkeypatch.setattr(watcher, "default_get", fake_web({changed: b"<p>new rules</p>"}))
    code, out, err = cli(monkeypatch, capsys, "--route", "de.study")
    assert code == 0, err
    assert "1 changed" in " ".join(out.split())
    assert f"  {changed}\n" in out
    assert f"backs {official[0]['backs'][0]}"[:60] in out.replace("\n          ", " ")
    long = [line for line in out.splitlines() if len(line) > 80 and "://" not in line]
    assert not long, "the report fits 80 columns (only a long address may not)"
    code, out, err = cli(monkeypatch, capsys, "--route", "de.study", "--format", "json")
    doc = json.loads(out)
    assert doc["counts"]["unchanged"] == len(official)
    assert {s["url"] for s in doc["sources"]} == {r["url"] for r in official}


def test_the_command_offline_fails_with_one_line(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def offline(url: str, headers: Mapping[str, str]) -> Fetched:
        raise Unreachable("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(watcher, "default_get", offline)
    code, out, err = cli(monkeypatch, capsys, "--country", "DE")
    assert code == 4, "offline is a network failure (exit 4), not bad input"
    assert out == ""
    assert err.splitlines()[-1].startswith("error: data watch: no source could be reached (")
    assert not (home / "watch.json").exists()


def test_the_command_names_a_bad_option(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(watcher, "default_get", fake_web({}))
    code, _, err = cli(monkeypatch, capsys, "--format", "html")
    assert code == 2
    assert "--format: 'html' is not known; expected table, json or markdown" in err


def test_a_site_whose_robots_txt_fails_is_left_alone(state: Path) -> None:
    answers = site()
    answers["https://www.example.gov/robots.txt"] = Fetched(503)
    get = Recorded(answers)
    report, _ = run(get, state)
    assert status(report) == {FEE: "disallowed", RULES: "disallowed", NEWS: "new"}
    assert FEE not in get.urls() and RULES not in get.urls()


def test_ctrl_c_keeps_what_was_compared(state: Path) -> None:
    answers: dict[str, Fetched | Exception] = site()
    answers[NEWS] = KeyboardInterrupt()  # type: ignore[assignment]

    class Get(Recorded):
        def __call__(self, url: str, headers: Mapping[str, str]) -> Fetched:
            answer = self.answers.get(url, Fetched(404))
            if isinstance(answer, KeyboardInterrupt):
                raise answer
            return super().__call__(url, headers)

    rows = [ROWS[0], ROWS[2], ROWS[1]]
    with pytest.raises(watcher.WatchInterrupted) as stop:
        run(Get(answers), state, rows=rows)
    assert (stop.value.done, stop.value.total, stop.value.saved) == (1, 3, True)
    assert set(json.loads(state.read_text())["sources"]) == {FEE}
