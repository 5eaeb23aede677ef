"""The local web app: a questionnaire, results, a page per route, a comparison, and a JSON API.

Private by construction: it binds to loopback (see `emigre serve`), every asset is in the package,
pages send a Content-Security-Policy that allows nothing but this origin, requests for another
host name are refused (so a web page cannot reach it through DNS rebinding), and cross-site form
posts are refused. Nothing is fetched from elsewhere and nothing is logged.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import Body, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from emigre.codes import country_name, language_name
from emigre.errors import InputError
from emigre.i18n import _, ngettext, set_language
from emigre.profile import Profile
from emigre.web import charts, forms, labels, service
from emigre.web.store import ProfileStore, from_text, profile_data, to_toml

LANGS = ("en", "ru")
STATIC = Path(__file__).resolve().parent / "static"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class Guard:
    """ASGI middleware: security headers on every response; only the expected host names; no
    state-changing request from another origin."""

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...] | None) -> None:
        self.app = app
        self.allowed = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        hostname = urlsplit(f"//{host}").hostname or ""
        problem = None
        if self.allowed is not None and hostname not in self.allowed:
            problem = (400, "unexpected host name")
        origin = headers.get("origin")
        # Chromium sends `Origin: null` on same-origin posts under `Referrer-Policy: no-referrer`,
        # so a null origin is judged by Sec-Fetch-Site (same-site would let another local port in)
        if scope["method"] not in ("GET", "HEAD", "OPTIONS") and (
            (origin not in (None, "null") and urlsplit(origin).netloc != host)
            or headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none")
        ):
            problem = (403, "cross-site request refused")
        if problem is not None:
            resp = Response(problem[1], status_code=problem[0], media_type="text/plain")
            await _with_headers(resp)(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _with_headers(resp: Response) -> Response:
    for k, v in SECURITY_HEADERS:
        resp.headers[k.decode()] = v.decode()
    return resp


def choose_language(request: Request) -> str:
    """The `lang` cookie if set, else the best of the browser's Accept-Language, else English."""
    cookie = request.cookies.get("lang")
    if cookie in LANGS:
        return cookie
    best, best_q = "en", -1.0
    for part in request.headers.get("accept-language", "").split(","):
        tag, _sep, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if primary in LANGS and q > best_q:
            best, best_q = primary, q
    return best


# --- API models (for the OpenAPI description and validation of the what-if panel) --------------


class OfferIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    country: str = Field(description="ISO 3166-1 alpha-2 code, e.g. DE")
    gross_annual_salary: float = Field(ge=0)
    currency: str = "EUR"


class WhatIfIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hours_per_week: float | None = Field(None, gt=0, le=80, description="study hours a week")
    monthly_savings: float | None = Field(None, ge=0, description="in the profile's currency")
    offer: OfferIn | None = None


class PanelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    profile: dict[str, Any] = Field(description="the profile, in the structure of the TOML file")
    what_if: WhatIfIn = WhatIfIn()


def _profile_or_422(data: Any, origin: str = "profile") -> Profile | JSONResponse:
    if not isinstance(data, dict):
        return JSONResponse(
            {"detail": [{"field": "(top level)", "message": f"{origin}: expected a JSON object"}]},
            status_code=422,
        )
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        return JSONResponse({"detail": forms.api_errors(exc, origin)}, status_code=422)


def _input_error(exc: InputError) -> JSONResponse:
    text = str(exc)
    field = text.split(":", 1)[0] if ":" in text else "(top level)"
    return JSONResponse({"detail": [{"field": field, "message": text}]}, status_code=422)


PROFILE_SCHEMA_REF = {"$ref": "#/components/schemas/Profile"}


def create_app(
    store_path: Path | None = None,
    data: Path | None = None,
    today: Callable[[], date] = date.today,
    allowed_hosts: tuple[str, ...] | None = LOOPBACK,
) -> FastAPI:
    """The app. `allowed_hosts=None` accepts any Host header (for a non-loopback bind)."""
    app = FastAPI(
        title="emigre",
        version="0.1.0",
        description="Local API of emigre: the plan for a profile, as `emigre plan --format json`.",
        docs_url=None,  # Swagger UI would load scripts from a CDN; /openapi.json is served
        redoc_url=None,
    )
    store = ProfileStore(store_path)
    env = Environment(
        loader=PackageLoader("emigre.web", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(gettext=_, ngettext=ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        labels=labels,
        label=labels.label,
        country_name=country_name,
        language_name=language_name,
        fmt=charts.fmt_amount,
        num=lambda v: "" if v is None else forms.number_text(v),
        STEPS=forms.STEPS,
        WORK_ROWS=forms.WORK_ROWS,
        LANGUAGE_ROWS=forms.LANGUAGE_ROWS,
        country_codes=lambda: sorted(labels.COUNTRY_CHOICES, key=country_name),
        kb_countries=lambda: sorted({r.country for r in service.kb(data).routes}, key=country_name),
        language_options=lambda: sorted(
            ((c, language_name(c)) for c in labels.LANGUAGE_CHOICES), key=lambda p: p[1]
        ),
    )
    env.filters["tr_pair"] = lambda pair: (pair[0], _(pair[1]))
    env.filters["same_pair"] = lambda code: (code, code)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def render(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        lang = ctx.pop("lang", None) or choose_language(request)
        set_language(lang)
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        html = env.get_template(template).render(
            lang=lang,
            other_lang="ru" if lang == "en" else "en",
            here=path,
            **ctx,
        )
        return HTMLResponse(html, status_code=status)

    def when(on: date | None) -> date:
        return on or today()

    def on_query(on: date | None) -> str:
        return f"?{urlencode({'on': on.isoformat()})}" if on else ""

    def saved_or_404(request: Request, pid: int) -> tuple[Any, Profile] | HTMLResponse:
        set_language(choose_language(request))
        saved = store.get(pid)
        if saved is None:
            return render(request, "error.html", 404, message=_("No such saved profile."))
        try:
            return saved, saved.profile()
        except InputError as exc:
            return render(request, "error.html", 422, message=str(exc))

    # --- pages ------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        return render(request, "home.html", profiles=store.list(), error=None)

    @app.get("/profile/new", response_class=HTMLResponse, include_in_schema=False)
    def new_profile(request: Request) -> HTMLResponse:
        lang = choose_language(request)
        set_language(lang)
        state = forms.blank()
        return render(
            request,
            "questionnaire.html",
            state=state,
            pid=None,
            name=_("My profile"),
            lang=lang,
        )

    @app.get("/profile/{pid}/edit", response_class=HTMLResponse, include_in_schema=False)
    def edit_profile(request: Request, pid: int) -> HTMLResponse:
        got = saved_or_404(request, pid)
        if isinstance(got, HTMLResponse):
            return got
        saved, person = got
        return render(
            request,
            "questionnaire.html",
            state=forms.from_profile(person),
            pid=pid,
            name=saved.name,
        )

    async def _form(request: Request) -> tuple[dict[str, str], dict[str, list[str]]]:
        form = await request.form()
        single = {k: v for k, v in form.items() if isinstance(v, str)}
        multi = {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in forms.MULTI}
        return single, multi

    @app.post("/profile/check", include_in_schema=False)
    async def check_profile(request: Request) -> JSONResponse:
        set_language(choose_language(request))
        single, multi = await _form(request)
        _person, errors = forms.check(forms.to_data(single, multi))
        return JSONResponse({"errors": errors})

    @app.post("/profile", include_in_schema=False, response_model=None)
    async def save_profile(request: Request) -> Response:
        lang = choose_language(request)
        set_language(lang)
        single, multi = await _form(request)
        person, errors = forms.check(forms.to_data(single, multi))
        pid_text = single.get("pid", "")
        pid = int(pid_text) if pid_text.isdigit() else None
        name = single.get("name", "").strip() or _("My profile")
        if person is None:
            state = forms.FormState(values=single, multi=multi, errors=errors)
            return render(
                request, "questionnaire.html", 422, state=state, pid=pid, name=name, lang=lang
            )
        pid = store.save(name, person, pid)
        return RedirectResponse(f"/profile/{pid}/results", status_code=303)

    @app.post("/profile/import", include_in_schema=False, response_model=None)
    async def import_profile(request: Request) -> Response:
        set_language(choose_language(request))
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            return render(
                request, "home.html", 422, profiles=store.list(), error=_("Choose a file.")
            )
        filename = upload.filename or "profile.toml"
        raw = await upload.read(1_000_001)
        if len(raw) > 1_000_000:
            return render(
                request, "home.html", 422, profiles=store.list(), error=_("The file is too big.")
            )
        try:
            person = from_text(raw.decode("utf-8"), filename)
        except UnicodeDecodeError:
            return render(
                request,
                "home.html",
                422,
                profiles=store.list(),
                error=_("The file is not UTF-8 text."),
            )
        except InputError as exc:
            return render(request, "home.html", 422, profiles=store.list(), error=str(exc))
        name = Path(filename).stem[:80] or _("My profile")
        pid = store.save(name, person)
        return RedirectResponse(f"/profile/{pid}/results", status_code=303)

    @app.get("/profile/{pid}/export.toml", include_in_schema=False, response_model=None)
    def export_profile(request: Request, pid: int) -> Response:
        got = saved_or_404(request, pid)
        if isinstance(got, HTMLResponse):
            return got
        saved, person = got
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in saved.name) or "profile"
        return Response(
            to_toml(person),
            media_type="application/toml; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{safe}.toml"'},
        )

    @app.post("/profile/{pid}/delete", include_in_schema=False)
    def delete_profile(pid: int) -> RedirectResponse:
        store.delete(pid)
        return RedirectResponse("/", status_code=303)

    @app.get("/profile/{pid}", include_in_schema=False)
    def open_profile(pid: int) -> RedirectResponse:
        return RedirectResponse(f"/profile/{pid}/results", status_code=303)

    @app.get("/profile/{pid}/results", response_class=HTMLResponse, include_in_schema=False)
    def results(
        request: Request,
        pid: int,
        on: date | None = None,
        country: str = "",
        family: str = "",
        verdict: str = "",
    ) -> HTMLResponse:
        got = saved_or_404(request, pid)
        if isinstance(got, HTMLResponse):
            return got
        saved, person = got
        lang = choose_language(request)
        doc = service.plan_document(person, when(on), lang, data=data)
        every = doc["routes"]
        shown = [
            r
            for r in every
            if (not country or r["country"] == country)
            and (not family or r["family"] == family)
            and (not verdict or r["verdict"] == verdict)
        ]
        counts = {v: sum(r["verdict"] == v for r in every) for v in labels.VERDICTS}
        countries = sorted({r["country"] for r in every}, key=country_name)
        families = [f for f in labels.FAMILIES if any(r["family"] == f for r in every)]
        return render(
            request,
            "results.html",
            lang=lang,
            saved=saved,
            person=person,
            doc=doc,
            routes=shown,
            total=len(every),
            counts=counts,
            countries=countries,
            families=families,
            country=country,
            family=family,
            verdict=verdict,
            why=why_line,
            on_q=on_query(on),
            on=on,
        )

    @app.get(
        "/profile/{pid}/route/{route_id}", response_class=HTMLResponse, include_in_schema=False
    )
    def route_page(
        request: Request, pid: int, route_id: str, on: date | None = None
    ) -> HTMLResponse:
        got = saved_or_404(request, pid)
        if isinstance(got, HTMLResponse):
            return got
        saved, person = got
        if not service.route_exists(route_id, data):
            return render(request, "error.html", 404, message=_("No such route."))
        lang = choose_language(request)
        doc = service.route_document(person, route_id, when(on), lang, data)
        return render(
            request,
            "route.html",
            lang=lang,
            saved=saved,
            person=person,
            doc=doc,
            profile_json=profile_data(person),
            on_q=on_query(on),
            on=on,
            **panel_context(doc, person),
        )

    @app.get("/profile/{pid}/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare(
        request: Request,
        pid: int,
        r: Annotated[list[str], Query()] = [],  # noqa: B006
        on: date | None = None,
    ) -> HTMLResponse:
        got = saved_or_404(request, pid)
        if isinstance(got, HTMLResponse):
            return got
        saved, person = got
        lang = choose_language(request)
        set_language(lang)
        ids = list(dict.fromkeys(r))
        if not 2 <= len(ids) <= 3 or not all(service.route_exists(i, data) for i in ids):
            return render(
                request,
                "error.html",
                422,
                message=_("Choose two or three routes to compare."),
                back=f"/profile/{pid}/results{on_query(on)}",
            )
        docs = [service.route_document(person, i, when(on), lang, data) for i in ids]
        return render(
            request,
            "compare.html",
            lang=lang,
            saved=saved,
            docs=docs,
            chart=charts.comparison(docs, when(on).isoformat()),
            currency=docs[0]["currency"]["currency"],
            on_q=on_query(on),
            on=on,
        )

    @app.get("/lang/{code}", include_in_schema=False)
    def switch_language(code: str, next: str = "/") -> RedirectResponse:
        target = next if next.startswith("/") and not next.startswith("//") else "/"
        resp = RedirectResponse(target, status_code=303)
        if code in LANGS:
            resp.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="strict")
        return resp

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> Response:
        return Response("ok", media_type="text/plain")

    # --- API ----------------------------------------------------------------------------------

    @app.post(
        "/api/plan",
        summary="Plan for a profile",
        description=(
            "Takes a profile (the structure of the TOML file, as JSON) and returns exactly what "
            "`emigre plan PROFILE --format json` prints: every route with its verdict and "
            "conditions, and for the open ones the steps, cost, arrival and rank. An invalid "
            "profile gets 422 with the field named."
        ),
        response_model=None,
        responses={422: {"description": "the profile is invalid; `detail` names the field"}},
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": PROFILE_SCHEMA_REF}},
            }
        },
    )
    async def api_plan(
        request: Request,
        on: Annotated[date | None, Query(description="evaluation date (default: today)")] = None,
        lang: Annotated[
            str, Query(pattern="^(en|ru)$", description="language of the texts")
        ] = "en",
        weights: Annotated[str | None, Query(description="e.g. time=2,cost=1,pr=1,risk=1")] = None,
    ) -> Response:
        person = await _request_profile(request)
        if isinstance(person, JSONResponse):
            return person
        try:
            doc = service.plan_document(person, when(on), lang, weights, data)
        except InputError as exc:
            return _input_error(exc)
        return JSONResponse(doc)

    @app.post(
        "/api/explain/{route_id}",
        summary="One route for a profile",
        description=(
            "What `emigre explain ROUTE PROFILE --format json` prints (every condition with its "
            "reason, law and sources; the timeline and the cash flow), plus `currency`."
        ),
        response_model=None,
        responses={
            404: {"description": "no such route"},
            422: {"description": "the profile is invalid; `detail` names the field"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": PROFILE_SCHEMA_REF}},
            }
        },
    )
    async def api_explain(
        request: Request,
        route_id: str,
        on: Annotated[date | None, Query(description="evaluation date (default: today)")] = None,
        lang: Annotated[str, Query(pattern="^(en|ru)$")] = "en",
    ) -> Response:
        if not service.route_exists(route_id, data):
            return JSONResponse({"detail": f"no route '{route_id}'"}, status_code=404)
        person = await _request_profile(request)
        if isinstance(person, JSONResponse):
            return person
        return JSONResponse(service.route_document(person, route_id, when(on), lang, data))

    @app.post(
        "/api/panel/{route_id}",
        summary="The route page's plan, as HTML, for a profile and what-if values",
        description=(
            "Used by the route page to update the plan without reloading: the same profile with "
            "other study hours, monthly savings or a job offer."
        ),
        response_class=HTMLResponse,
        response_model=None,
        responses={404: {"description": "no such route"}, 422: {"description": "invalid input"}},
    )
    def api_panel(
        request: Request,
        route_id: str,
        body: Annotated[PanelIn, Body()],
        on: Annotated[date | None, Query()] = None,
    ) -> Response:
        if not service.route_exists(route_id, data):
            return JSONResponse({"detail": f"no route '{route_id}'"}, status_code=404)
        lang = choose_language(request)
        set_language(lang)
        person = _profile_or_422(body.profile)
        if isinstance(person, JSONResponse):
            return person
        w = body.what_if
        what = service.WhatIf(
            hours_per_week=w.hours_per_week,
            monthly_savings=w.monthly_savings,
            offer_country=w.offer.country.upper() if w.offer else None,
            offer_salary=w.offer.gross_annual_salary if w.offer else None,
            offer_currency=w.offer.currency.upper() if w.offer else "EUR",
        )
        try:
            changed = service.apply_what_if(person, what)
        except InputError as exc:
            return _input_error(exc)
        doc = service.route_document(changed, route_id, when(on), lang, data)
        set_language(lang)
        html = env.get_template("_route_body.html").render(
            lang=lang, doc=doc, **panel_context(doc, changed)
        )
        return HTMLResponse(html)

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
    app.add_middleware(Guard, allowed_hosts=allowed_hosts)
    return app


async def _json_body(request: Request) -> Any:
    raw = await request.body()
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return JSONResponse(
            {"detail": [{"field": "(body)", "message": f"not valid JSON: {exc}"}]},
            status_code=422,
        )


async def _request_profile(request: Request) -> Profile | JSONResponse:
    """The profile in a JSON request body, or the 422 that names what is wrong with it."""
    body = await _json_body(request)
    return body if isinstance(body, JSONResponse) else _profile_or_422(body)


def why_line(route: dict[str, Any]) -> str:
    """One line on a route: why it is blocked, what to fill in, or what comes first."""
    verdict = route["verdict"]
    if verdict == "blocked" and route["blockers"]:
        return str(route["blockers"][0]["reason"])
    if verdict == "unknown":
        if route.get("unchecked"):
            return str(route["unchecked"])
        if route["missing"]:
            return _("fill in: %(fields)s") % {"fields": ", ".join(route["missing"])}
        for c in route["conditions"]:
            if c["status"] == "unknown":
                return str(c["reason"])
        return ""
    if verdict == "reachable":
        steps = route.get("steps") or []
        if steps:
            return _("first: %(step)s") % {"step": steps[0]["title"]}
        unmet = [c for c in route["conditions"] if c["status"] == "unmet"]
        return str(unmet[0]["reason"]) if unmet else ""
    return _("every condition is met")


def panel_context(doc: dict[str, Any], person: Profile) -> dict[str, Any]:
    cur = doc["currency"]["currency"]
    has_plan = "steps" in doc
    return {
        "currency": cur,
        "has_plan": has_plan,
        "timeline_svg": charts.timeline(doc["steps"], doc["on"], doc.get("arrival"))
        if has_plan and doc["steps"]
        else "",
        "cashflow_svg": charts.cashflow(doc["cashflow"], cur) if has_plan else "",
        "hours_per_week": person.preferences.study_hours_per_week,
        "monthly_savings": person.money.monthly_savings if person.money else None,
    }
