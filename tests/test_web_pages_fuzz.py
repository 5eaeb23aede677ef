"""Fuzzing the HTML side of the web app: pages, the questionnaire's forms and file imports.

Schemathesis (test_web_fuzz.py) sees only the JSON API of the OpenAPI description; the pages are
left out of it, and that is where a 5,000-digit number in an imported file still gave a 500.
Whatever the path, query, form or file: never a 500, always the security headers, and a 422 or
404 page that says what is wrong.

Bounded for CI: a fixed seed and `EMIGRE_FUZZ_EXAMPLES` examples per test (default 60); set it
higher for a longer hunt, e.g. `EMIGRE_FUZZ_EXAMPLES=1000 pytest tests/test_web_pages_fuzz.py`.
"""

from __future__ import annotations

import json
import os
import tomllib
from datetime import date
from typing import Any
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

import tomli_w  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, assume, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from emigre.web.app import create_app  # noqa: E402
from tests.conftest import EXAMPLES  # noqa: E402
from tests.test_fuzz_profile import SEED, mutated_profiles  # noqa: E402

FUZZ = os.environ.get("EMIGRE_FUZZ_EXAMPLES")
PAGE_EXAMPLES = int(FUZZ or 60)
FORM_EXAMPLES = int(FUZZ or 60)
IMPORT_EXAMPLES = int(FUZZ or 40)
DIMA = EXAMPLES / "dima.toml"
BASE = "http://127.0.0.1:8000"
SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=FUZZ is None,  # the same cases on every CI run; a longer hunt varies them
)

ODD = st.one_of(
    st.text(max_size=16),
    st.sampled_from(
        [
            "",
            "²",
            "٣",
            "0",
            "-1",
            "99999999999999999999",
            "9" * 400,
            "1e400",
            "nan",
            "inf",
            "true",
            "../../etc/passwd",
            "%00",
            "<script>alert(1)</script>",
            "ЖЖЖ",
            "de.study",
            "DE",
            "study",
            "eligible",
            "2026-11-25",
            "9999-12-31",
            "0001-01-01",
            "2026-02-30",
            "https://evil.example",
            "//evil.example",
        ]
    ),
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, int]:
    store = tmp_path_factory.mktemp("pages-fuzz") / "profiles.sqlite3"
    app = create_app(store_path=store, today=lambda: date(2026, 11, 25))
    client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
    resp = client.post(
        "/profile/import", files={"file": ("dima.toml", DIMA.read_bytes())}, follow_redirects=False
    )
    assert resp.status_code == 303
    return client, int(resp.headers["location"].split("/")[2])


def _sound(resp: Any, what: str) -> None:
    """Never a 500; every answer with the security headers; no traceback shown."""
    assert resp.status_code < 500, (what, resp.status_code, resp.text[:300])
    assert "default-src 'self'" in resp.headers["content-security-policy"], what
    assert resp.headers["x-content-type-options"] == "nosniff", what
    assert "Traceback" not in resp.text, what


# --- pages: paths and query parameters ---------------------------------------------------------

PAGES = [
    "/profile/{pid}",
    "/profile/{pid}/results",
    "/profile/{pid}/edit",
    "/profile/{pid}/export.toml",
    "/profile/{pid}/route/{route}",
    "/profile/{pid}/route/{route}/plan.ics",
    "/profile/{pid}/compare",
    "/lang/{any}",
    "/",
    "/profile/new",
]
#: The forms posted to (each fuzzed below); test_web_fuzz.py checks that, with PAGES and the
#: OpenAPI description, they are every endpoint of the app.
POSTED = ("/profile", "/profile/check", "/profile/import", "/profile/{pid}/delete")
QUERY_KEYS = ["on", "country", "family", "verdict", "sort", "r", "next", "lang"]


@st.composite
def page_requests(draw: st.DrawFn) -> tuple[str, list[tuple[str, str]], bool]:
    template = draw(st.sampled_from(PAGES))
    route = draw(st.one_of(st.sampled_from(["de.study", "cz.study", "de.blue_card"]), ODD))
    odd_pid = draw(st.booleans())
    path = template.format(
        pid="{pid}" if not odd_pid else quote(draw(ODD), safe="") or "x",
        route=quote(route, safe="") or "x",
        any=quote(draw(ODD), safe="") or "x",
    )
    query = draw(st.lists(st.tuples(st.sampled_from(QUERY_KEYS), ODD), max_size=4))
    # a real evaluation date most of the time, so that plans are reused rather than recomputed
    on = draw(st.sampled_from(["2026-11-25", "2026-11-25", "2027-06-01", None]))
    if on and not any(k == "on" for k, _v in query):
        query.append(("on", on))
    return path, query, draw(st.booleans())


@seed(SEED)
@settings(SETTINGS, max_examples=PAGE_EXAMPLES)
@given(page_requests())
def test_pages_never_fail(site: tuple[TestClient, int], req: tuple[str, Any, bool]) -> None:
    client, pid = site
    path, query, ru = req
    url = path.replace("{pid}", str(pid))
    headers = {"accept-language": "ru"} if ru else {}
    resp = client.get(url, params=query, headers=headers, follow_redirects=False)
    _sound(resp, f"GET {url} {query}")
    if resp.status_code in (301, 302, 303, 307, 308):
        assert resp.headers["location"].startswith("/"), "an open redirect"
        assert not resp.headers["location"].startswith("//"), "an open redirect"


@seed(SEED)
@settings(SETTINGS, max_examples=PAGE_EXAMPLES // 3)
@given(ODD)
def test_deleting_odd_profiles_never_fails(site: tuple[TestClient, int], pid: str) -> None:
    """A delete of a profile number that is not one (or no saved profile): 404, never a 500;
    the saved profile the other tests use is left alone."""
    client, saved = site
    assume(pid.strip() != str(saved))
    url = "/profile/" + (quote(pid, safe="") or "x") + "/delete"
    resp = client.post(url, follow_redirects=False)
    _sound(resp, f"POST {url}")
    assert resp.status_code in (303, 404, 405), (url, resp.status_code)


# --- the questionnaire's forms -----------------------------------------------------------------

FIELDS = [
    "pid",
    "name",
    "step",
    "person.citizenship.0",
    "person.citizenship.1",
    "person.birth_date",
    "person.residence",
    "person.political_record",
    "person.military_service",
    "person.passport_expires",
    "education.school_certificate",
    "education.highest_degree",
    "education.university_years",
    "education.graduation_year",
    "work.0.occupation",
    "work.0.start",
    "work.0.end",
    "work.0.gross_monthly_salary",
    "work.0.currency",
    "work.9999999999999999999.start",
    "languages.0.code",
    "languages.0.level",
    "languages.1.code",
    "languages.1.level",
    "money.currency",
    "money.savings",
    "money.monthly_savings",
    "preferences.countries",
    "preferences.families",
    "preferences.study_hours_per_week",
    "preferences.earliest_start",
    "preferences.goal",
    "preferences.max_cost",
    "offers.0.country",
    "offers.0.gross_annual_salary",
    "offers.0.currency",
]
GOOD = {
    "person.citizenship.0": "RU",
    "person.birth_date": "2001-03-15",
    "person.residence": "RU",
    "languages.0.code": "ru",
    "languages.0.level": "native",
}


@seed(SEED)
@settings(SETTINGS, max_examples=FORM_EXAMPLES)
@given(
    st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=12)), ODD, max_size=8),
    st.booleans(),
    st.sampled_from(["/profile", "/profile/check"]),
)
def test_forms_never_fail(
    site: tuple[TestClient, int], fields: dict[str, str], start_good: bool, target: str
) -> None:
    client, _pid = site
    form = {**(GOOD if start_good else {}), **fields}
    resp = client.post(target, data=form, follow_redirects=False)
    _sound(resp, f"POST {target} {form}")
    assert resp.status_code in (200, 303, 413, 422), (form, resp.status_code)
    if resp.status_code == 303:
        assert resp.headers["location"].startswith("/profile/")


# --- imported files ----------------------------------------------------------------------------

PROFILE: dict[str, Any] = tomllib.loads(DIMA.read_text())


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["toml", "json", "bytes", "extreme"]))
    if kind == "bytes":
        return "x.toml", draw(st.binary(max_size=200))
    if kind == "extreme":  # what the reader must stop: huge numbers, deep nesting, Infinity
        text = DIMA.read_text()
        value = draw(
            st.one_of(
                st.integers(4000, 6000).map(lambda n: "9" * n),
                st.integers(100, 2000).map(lambda n: "[" * n + "]" * n),
                st.sampled_from(["inf", "nan", "1e400", "true"]),
            )
        )
        return "p.toml", text.replace("savings = 600000", f"savings = {value}").encode()
    data = draw(mutated_profiles())
    if kind == "json":
        return "p.json", json.dumps(data, default=str).encode()
    try:
        text = tomli_w.dumps(data if isinstance(data, dict) else {"person": data})
    except (TypeError, ValueError):  # not representable as TOML
        text = "person = 1\n"
    return "p.toml", text.encode()


@seed(SEED)
@settings(SETTINGS, max_examples=IMPORT_EXAMPLES)
@given(files())
def test_imports_never_fail(site: tuple[TestClient, int], file: tuple[str, bytes]) -> None:
    client, _pid = site
    name, body = file
    resp = client.post("/profile/import", files={"file": (name, body)}, follow_redirects=False)
    _sound(resp, f"import {body[:200]!r}")
    assert resp.status_code in (303, 422), resp.status_code
    if resp.status_code == 303:  # a saved profile must open
        page = client.get(resp.headers["location"].replace("/results", "/edit"))
        _sound(page, "edit of an imported profile")
        assert page.status_code == 200
