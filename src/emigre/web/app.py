"""The local web app: a questionnaire, results, a page per route, a comparison, and a JSON API.

Private by construction: it binds to loopback (see `emigre serve`), every asset is in the package,
every response carries a Content-Security-Policy that allows nothing but this origin, requests
for another host name are refused (so a web page cannot reach it through DNS rebinding), and
cross-site posts are refused (`web/security.py`). Nothing is fetched from elsewhere, nothing is
logged, and FastAPI's OpenTelemetry hooks are switched off.

The parts: `security` (the outermost guard), `deps` (dependencies: state, language, saved
profile, planning slots), `pages` and `api` (the routers), `render` (templates).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp

from emigre.i18n import N_, _, set_language
from emigre.profile import Profile
from emigre.web import api, pages
from emigre.web.deps import (
    FIRST_DAY,
    LANGS,
    LAST_DAY,
    ApiError,
    Busy,
    ClientGone,
    Gate,
    PageError,
    WebState,
    choose_language,
)
from emigre.web.render import language_of, make_env, render
from emigre.web.security import LOOPBACK, Guard
from emigre.web.store import ProfileStore, StoreError

__all__ = ["LANGS", "LOOPBACK", "EmigreApp", "choose_language", "create_app"]

STATIC = Path(__file__).resolve().parent / "static"
# No traces, metrics or logs leave through OpenTelemetry, whatever the environment says.
TELEMETRY_OFF: Any = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}


class EmigreApp(FastAPI):
    """FastAPI with the guard outside everything, Starlette's error handler included, so that
    every response (a 500 too) carries the security headers and no body is parsed over its
    limit."""

    allowed_hosts: tuple[str, ...] | None = LOOPBACK

    def build_middleware_stack(self) -> ASGIApp:
        return Guard(super().build_middleware_stack(), self.allowed_hosts)


def create_app(
    store_path: Path | None = None,
    data: Path | None = None,
    today: Callable[[], date] = date.today,
    allowed_hosts: tuple[str, ...] | None = LOOPBACK,
    plan_limit: int = 2,
    plan_waiting: int = 32,
) -> FastAPI:
    """The app. `allowed_hosts` are the host names it answers to (`security.ANY_ADDRESS`
    among them: any IP address; None: any Host header);
    `plan_limit` plans run at once and `plan_waiting` more may wait (else 503)."""
    app = EmigreApp(
        title="emigre",
        version="0.1.0",
        description="Local API of emigre: the plan for a profile, as `emigre plan --format json`.",
        docs_url=None,  # Swagger UI would load scripts from a CDN; /openapi.json is served
        redoc_url=None,
        telemetry=TELEMETRY_OFF,
    )
    app.allowed_hosts = allowed_hosts
    app.state.web = WebState(
        store=ProfileStore(store_path),
        env=make_env(data),
        data=data,
        today=today,
        gate=Gate(limit=max(1, plan_limit), waiting=max(0, plan_waiting)),
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # First, so that a wrong method on /profile/check is answered with its own Allow (POST),
    # not with that of /profile/{pid} (GET).
    app.include_router(pages.documented)
    app.include_router(pages.router)
    app.include_router(api.router)
    _add_error_handlers(app)

    def custom_openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        prof = Profile.model_json_schema(ref_template="#/components/schemas/{model}")
        comps = schema.setdefault("components", {}).setdefault("schemas", {})
        comps.update(prof.pop("$defs", {}))
        comps["Profile"] = prof
        app.openapi_schema = schema
        return schema

    app.openapi = custom_openapi  # type: ignore[method-assign]
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_page(request: Request, status: int, message: str, back: str | None = None) -> Response:
    set_language(language_of(request))  # error paths may not have run the language dependency
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status)
    return render(request, "error.html", status, reopen=back or "/", message=_(message), back=back)


def _add_error_handlers(app: FastAPI) -> None:
    async def page_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageError)
        return _error_page(request, exc.status, exc.message, exc.back)

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status, headers=exc.headers)

    async def busy(request: Request, exc: Exception) -> Response:
        resp = _error_page(request, 503, N_("The planner is busy; try again in a moment."))
        resp.headers["retry-after"] = str(request.app.state.web.gate.retry_after)
        return resp

    async def gone(request: Request, exc: Exception) -> Response:
        return Response(status_code=499)  # nobody is listening; nothing was computed

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        # a query parameter that two dependencies read (`lang`) is reported once
        shown = [_short_error(e) for e in exc.errors()[:40]]
        detail = [dict(d) for d in dict.fromkeys(tuple(d.items()) for d in shown)][:20]
        if _is_api(request):
            return JSONResponse({"detail": detail}, status_code=422)
        set_language(language_of(request))
        return _error_page(request, 422, _page_address_error(detail))

    async def store_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StoreError)
        set_language(language_of(request))
        message = _(
            "Saved profiles cannot be read or written in %(folder)s (%(reason)s). Make that "
            "folder writable, or set EMIGRE_HOME to a folder you can write to."
        ) % {"folder": exc.folder, "reason": exc.reason}
        return _error_page(request, 500, message if exc.folder else str(exc))

    async def crash(request: Request, exc: Exception) -> Response:
        return _error_page(request, 500, N_("Something went wrong on our side; nothing was saved."))

    async def http_error(request: Request, exc: Exception) -> Response:
        """Starlette's own errors (an address no route matches, a wrong method): JSON for the
        API, the error page in the reader's language for a person."""
        assert isinstance(exc, StarletteHTTPException)
        if _is_api(request):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        message = (
            N_("There is no such page. Start again from the home page.")
            if exc.status_code == 404
            else N_("This address cannot be opened this way. Start again from the home page.")
        )
        resp = _error_page(request, exc.status_code, message)
        resp.headers.update(exc.headers or {})  # a 405's Allow (RFC 9110)
        return resp

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(PageError, page_error)
    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(Busy, busy)
    app.add_exception_handler(ClientGone, gone)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StoreError, store_error)
    app.add_exception_handler(Exception, crash)


def _page_address_error(detail: list[dict[str, str]]) -> str:
    """What a person reads when a page's address holds a value that cannot be read (a date
    typed into `?on=`): the parameter and the fix, in the page's language (the API's JSON keeps
    pydantic's field-by-field English)."""
    fields = list(dict.fromkeys(d["field"] for d in detail))
    if fields == ["on"]:
        return _(
            "The date in the address (on=) cannot be used: write a date from %(first)s to "
            "%(last)s as YYYY-MM-DD, e.g. on=2027-03-15, or remove it to plan for today."
        ) % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
    return _(
        "The address holds a value that cannot be read (%(fields)s): open the page again "
        "from the app's own links."
    ) % {"fields": ", ".join(fields)}


def _short_error(err: Any) -> dict[str, str]:
    """A validation error with its field and message, never the (possibly huge) input."""
    from emigre.errors import error_line
    from emigre.web.api import excerpt

    loc = tuple(p for p in err.get("loc", ()) if p not in ("body", "query", "path"))
    field, expected = error_line({**err, "loc": loc})
    if not loc:
        field = "(body)"
    return {"field": excerpt(field, 120), "message": excerpt(f"{field}: {expected}")}
