"""Fuzzing the HTTP API from its own OpenAPI description with schemathesis, in-process (ASGI,
no network): every operation, generated valid and invalid requests, and every response checked
(never a 500, status codes and content types as documented, invalid data refused).

Every endpoint that answers JSON or text is in that description (the questionnaire's live check
and the health probe included); the HTML pages and forms are fuzzed by test_web_pages_fuzz.py.
`test_every_endpoint_is_fuzzed` lists the app's routes and fails on one that neither reaches.

Bounded for CI: a fixed seed and `EMIGRE_FUZZ_EXAMPLES` examples per operation (default 25);
set it higher for a longer hunt, e.g. `EMIGRE_FUZZ_EXAMPLES=500 pytest tests/test_web_fuzz.py`.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    negative_data_rejection,
    positive_data_acceptance,
)

from emigre.web.app import create_app  # noqa: E402

EXAMPLES = int(os.environ.get("EMIGRE_FUZZ_EXAMPLES", "25"))
STORE = Path(os.environ.get("EMIGRE_HOME", "/tmp")) / "fuzz-profiles.sqlite3"

app = create_app(store_path=STORE, allowed_hosts=None, today=lambda: date(2026, 11, 25))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 25,  # the same cases on every CI run; a longer hunt varies them
    suppress_health_check=list(HealthCheck),
)
def test_api_fuzz(case: Any) -> None:
    # The JSON schema cannot say everything the profile's validators check (real country codes,
    # dates in order, …), so a schema-valid profile may rightly get 422: that check is left out.
    # The questionnaire's check takes any form by design and answers its errors with a 200
    # (a form field is always text, whatever schemathesis meant by "null" or "{}"), so a
    # "schema-violating" form is not to be refused there.
    excluded = [positive_data_acceptance]
    if case.path == "/profile/check":
        excluded.append(negative_data_rejection)
    case.call_and_validate(excluded_checks=excluded)


def _operations(routes: Any = None) -> set[tuple[str, str]]:
    """(method, path) of every route of the app, the included routers' ones too (FastAPI keeps
    those behind a wrapper holding `original_router`; the routers have no prefix here)."""
    from fastapi.routing import APIRoute

    out = set()
    for route in app.router.routes if routes is None else routes:
        if isinstance(route, APIRoute):
            out |= {(m, route.path) for m in route.methods if m != "HEAD"}
        elif hasattr(route, "original_router"):
            out |= _operations(route.original_router.routes)
    return out


def test_every_endpoint_is_fuzzed() -> None:
    """The app's routes, listed from the app itself: the JSON and text ones are operations of
    the OpenAPI description (fuzzed above); the rest are the HTML pages and forms the pages
    fuzzer requests. A new endpoint in neither fails here."""
    from tests import test_web_pages_fuzz as pages

    spec = app.openapi()["paths"]
    documented = {(m.upper(), p) for p, ops in spec.items() for m in ops}
    assert {("POST", "/api/plan"), ("POST", "/profile/check"), ("GET", "/healthz")} <= documented
    page_paths = {
        p.replace("{any}", "{code}").replace("{route}", "{route_id}") for p in pages.PAGES
    }
    assert {("GET", "/"), ("POST", "/profile/import")} <= _operations()  # the list is complete
    # other methods on a documented path are sent by schemathesis itself (expecting a 405)
    html = {(m, p) for m, p in _operations() - documented if p not in spec}
    not_fuzzed = {
        (m, p)
        for m, p in html
        if not (m == "GET" and p in page_paths) and not (m == "POST" and p in pages.POSTED)
    }
    assert not_fuzzed == set(), "endpoints no fuzzer reaches"
    assert documented <= _operations()
