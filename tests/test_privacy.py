"""What emigre leaves on the machine and who can read it, and which requests it obeys: for people
whose profile (a citizenship, a record of arrest, savings) is nobody else's business, on a
computer other accounts may share, with a browser that visits other sites while the app runs."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, import_profile

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from emigre.web.app import create_app  # noqa: E402

DIMA = EXAMPLES / "dima.toml"


def _others_bits(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode) & 0o077


@pytest.fixture
def wide_umask() -> object:
    """The usual 022: files readable by every account unless the program says otherwise."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_saved_profiles_are_readable_by_their_owner_only(
    tmp_path: Path, wide_umask: object
) -> None:
    store = tmp_path / "home" / "emigre" / "profiles.sqlite3"
    app = create_app(store_path=store, today=lambda: date(2026, 11, 25))
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    import_profile(client, DIMA.read_text(), "dima.toml")
    assert store.is_file()
    assert _others_bits(store) == 0, oct(store.stat().st_mode)
    assert _others_bits(store.parent) == 0, "the folder emigre made for them is private too"
    # the folder above, which emigre did not make for itself, is left as it was
    assert stat.S_IMODE(store.parent.parent.stat().st_mode) == 0o755


def test_a_profile_file_saved_by_an_earlier_version_is_made_private(
    tmp_path: Path, wide_umask: object
) -> None:
    store = tmp_path / "profiles.sqlite3"
    app = create_app(store_path=store, today=lambda: date(2026, 11, 25))
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    import_profile(client, DIMA.read_text(), "dima.toml")
    store.chmod(0o644)  # as versions before this one left it
    assert client.get("/").status_code == 200
    assert _others_bits(store) == 0


def test_a_null_origin_without_fetch_metadata_cannot_change_anything(tmp_path: Path) -> None:
    """A sandboxed frame on another site posts with `Origin: null`; a browser without fetch
    metadata (Safari before 16.4) sends no Sec-Fetch-Site to tell it from a page of the app."""
    app = create_app(store_path=tmp_path / "p.sqlite3", today=lambda: date(2026, 11, 25))
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    pid = import_profile(client, DIMA.read_text(), "dima.toml").split("/")[2]
    resp = client.post(f"/profile/{pid}/delete", headers={"origin": "null"})
    assert resp.status_code == 403
    assert client.get(f"/profile/{pid}/results").status_code == 200, "still saved"
    # the app's own pages send their real origin (the referrer policy allows it on the same site)
    page = client.get("/")
    assert page.headers["referrer-policy"] == "same-origin"
    assert '<meta name="referrer" content="same-origin">' in page.text
    # Chromium's same-origin post with a null origin is still told apart by its fetch metadata
    ok = client.post(
        f"/profile/{pid}/delete",
        headers={"origin": "null", "sec-fetch-site": "same-origin"},
        follow_redirects=False,
    )
    assert ok.status_code == 303


def test_served_to_the_network_a_web_page_still_cannot_reach_it_by_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`--host 0.0.0.0` also listens on 127.0.0.1: a site the user visits could point its own
    name at that address (DNS rebinding) and read saved profiles. The app still answers only
    to an address typed in the address bar (a phone on the network opens it by IP), this
    machine's own name and the loopback names, and says so when it starts."""
    import socket

    import uvicorn

    from emigre.web import server

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    monkeypatch.setenv("EMIGRE_HOME", str(tmp_path))
    with socket.socket() as s:
        s.bind(("0.0.0.0", 0))
        port = int(s.getsockname()[1])
    server.run("0.0.0.0", port)
    err = capsys.readouterr().err
    assert "warning: listening on 0.0.0.0: other machines on your network" in err
    client = TestClient(seen["app"])  # type: ignore[arg-type]
    assert client.get("/healthz", headers={"host": f"evil.example:{port}"}).status_code == 400
    me = socket.gethostname().lower()
    for host in ("192.168.1.20", "[fe80::1]", "127.0.0.1", "localhost", me, f"{me}.local"):
        resp = client.get("/healthz", headers={"host": f"{host}:{port}"})
        assert resp.status_code == 200, host


def test_no_page_about_a_person_is_kept_by_the_browser(tmp_path: Path) -> None:
    """A browser keeps what it is allowed to cache on disk, after the app is closed and after
    the profile is deleted; and it remembers what was typed into forms. Neither may hold a
    profile: every answer but the package's own assets says `no-store`, and the forms that
    take a person's answers ask the browser not to remember them."""
    app = create_app(store_path=tmp_path / "p.sqlite3", today=lambda: date(2026, 11, 25))
    client = TestClient(app, base_url="http://127.0.0.1:8000", raise_server_exceptions=False)
    base = import_profile(client, DIMA.read_text(), "dima.toml")
    answers = [
        client.get("/"),
        client.get(f"{base}/results"),
        client.get(f"{base}/route/de.study"),
        client.get(f"{base}/export.toml"),
        client.get(f"{base}/edit"),
        client.get("/profile/999999/results"),  # an error page
        client.post("/api/plan?on=2026-11-25", json={"person": {}}),  # a JSON error
        client.get("/", headers={"host": "evil.example"}),  # refused by the guard
    ]
    for resp in answers:
        assert resp.headers.get("cache-control") == "no-store", (resp.url, resp.status_code)
    assert "no-store" not in client.get("/static/app.css").headers.get("cache-control", "")
    edit = client.get(f"{base}/edit").text
    assert (
        '<form method="post" action="/profile" id="questionnaire" novalidate autocomplete="off">'
        in edit
    )
    assert 'id="whatif"' in client.get(f"{base}/route/de.study").text
    assert (
        'autocomplete="off"'
        in client.get(f"{base}/route/de.study").text.split('id="whatif"')[1].split(">")[0]
    )


def test_an_imported_file_is_never_written_to_a_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form parser keeps an upload in memory up to 1 MiB and writes a bigger one to the
    temporary folder: no import the app accepts the body of may be that big."""
    import tempfile

    from starlette import formparsers

    spilled: list[int] = []

    class Watched(tempfile.SpooledTemporaryFile):  # type: ignore[type-arg]
        def rollover(self) -> None:
            spilled.append(1)
            super().rollover()

    monkeypatch.setattr(formparsers, "SpooledTemporaryFile", Watched)
    app = create_app(store_path=tmp_path / "p.sqlite3", today=lambda: date(2026, 11, 25))
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    for size in (1_000_000, 1024 * 1024 + 1000):
        big = DIMA.read_bytes() + b"\n#" + b"x" * (size - DIMA.stat().st_size - 3) + b"\n"
        resp = client.post(
            "/profile/import", files={"file": ("big.toml", big)}, follow_redirects=False
        )
        assert resp.status_code in (303, 413, 422), resp.status_code
    assert spilled == []


def test_a_deleted_profile_leaves_nothing_in_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite marks a deleted row free and leaves its bytes in the file (unless it was built
    to zero them, as Debian's is; Python's own builds for Windows and macOS are not); someone
    who takes the computer could read a profile the person deleted."""
    import sqlite3

    connect = sqlite3.connect

    def as_built_elsewhere(*args: object, **kwargs: object) -> sqlite3.Connection:
        con = connect(*args, **kwargs)  # type: ignore[arg-type]
        con.execute("pragma secure_delete = off")
        return con

    monkeypatch.setattr(sqlite3, "connect", as_built_elsewhere)
    store = tmp_path / "p.sqlite3"
    app = create_app(store_path=store, today=lambda: date(2026, 11, 25))
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    text = DIMA.read_text().replace(
        'field = "computer_science"', 'field = "computer_science"\ninstitution = "Marker One"'
    )
    base = import_profile(client, text, "dima.toml")
    import_profile(client, text.replace("Marker One", "Kept Two"), "other.toml")
    assert b"Marker One" in store.read_bytes()
    assert client.post(f"{base}/delete", follow_redirects=False).status_code == 303
    raw = store.read_bytes()
    assert b"Marker One" not in raw and b"Kept Two" in raw
