"""The pages: home, questionnaire, saved profiles (edit, export, import, delete), results, a page
per route, a comparison, and the language switch.

Handlers that plan are plain `def` functions with a `Planning` slot: they run in the thread pool,
never on the event loop. The language is set by the `PageLang` dependency, once per request.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from pydantic import BaseModel, Field, ValidationError

from emigre import documents
from emigre.codes import country_name
from emigre.errors import InputError
from emigre.files import strict_json
from emigre.i18n import N_, _
from emigre.profile import Profile
from emigre.profile_reading import ProfileError
from emigre.profile_values import LENIENT_ISCO
from emigre.report import labels
from emigre.report.actions import next_action
from emigre.web import charts, forms
from emigre.web.deps import (
    LANGS,
    Editable,
    OnDate,
    PageError,
    PageLang,
    Person,
    Planning,
    SavedProfile,
    Web,
    profile_id,
)
from emigre.web.render import language_of, render
from emigre.web.store import SyntaxInFile, from_text, profile_data, to_toml

router = APIRouter(include_in_schema=False)


def attachment(name: str, ext: str) -> str:
    """A Content-Disposition for a download named after a profile: an ASCII fallback and the
    real name in RFC 5987 form (`filename*=UTF-8''…`), so that "Дима" works in every browser."""
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in name)
    ascii_name = ascii_name.strip("_") or "profile"
    real = quote(f"{name}.{ext}", safe="")
    return f"attachment; filename=\"{ascii_name}.{ext}\"; filename*=UTF-8''{real}"


def has_calendar() -> bool:
    """Whether the plan-as-calendar module (`emigre.report.calendar`, shared with
    `emigre explain --format ics`) is installed in this version."""
    from importlib.util import find_spec

    return find_spec("emigre.report.calendar") is not None


def on_query(on: date | None) -> str:
    return f"?{urlencode({'on': on.isoformat()})}" if on else ""


def profile_page(
    request: Request, template: str, got: SavedProfile, on: date | None, **ctx: Any
) -> HTMLResponse:
    """A page about a saved profile, for the date asked for (`on`, None: today), with the
    address of its JSON twin (the same address with `format=json`) for the footer's link."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    json_url = f"{request.url.path}?{urlencode([*query, ('format', 'json')])}"
    return render(
        request,
        template,
        saved=got.saved,
        person=got.person,
        on_q=on_query(on),
        on=on,
        json_url=json_url,
        **ctx,
    )


#: `?format=json`: a page's JSON twin, the document the page is drawn from, in its language.
Format = Annotated[
    Literal["html", "json"],
    Query(description="json: the document the page shows (as the API and --format json)"),
]


def json_twin(doc: Any) -> Response:
    """A page's document as strict JSON (a non-finite number is null), as the API writes it."""
    return Response(strict_json(doc, indent=None).encode(), media_type="application/json")


@router.get("/", response_class=HTMLResponse)
def home(request: Request, web: Web, _lang: PageLang) -> HTMLResponse:
    return render(request, "home.html", profiles=web.store.list(), error=None)


@router.get("/profile/new", response_class=HTMLResponse)
def new_profile(request: Request, _lang: PageLang) -> HTMLResponse:
    return render(
        request, "questionnaire.html", state=forms.blank(), pid=None, name=_("My profile")
    )


@router.get("/profile/{pid}/edit", response_class=HTMLResponse)
def edit_profile(request: Request, web: Web, got: Editable) -> HTMLResponse:
    state = forms.from_profile(got.person)
    # a profile saved before its codes were checked: the errors under the fields, at once
    _, state.errors = forms.check(forms.to_data(state.values, state.multi), web.today())
    return render(
        request,
        "questionnaire.html",
        422 if state.errors else 200,
        state=state,
        pid=got.saved.id,
        name=got.saved.name,
        unshown=forms.unshown(got.person),
    )


async def _form(request: Request) -> tuple[dict[str, str], dict[str, list[str]]]:
    form = await request.form()
    single = {k: v for k, v in form.items() if isinstance(v, str)}
    multi = {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in forms.MULTI}
    return single, multi


#: The page side's machine-readable answers (the questionnaire's live check, the health probe):
#: in the OpenAPI description, so that the API fuzzer (tests/test_web_fuzz.py) reaches them too.
documented = APIRouter()


class CheckOut(BaseModel):
    errors: dict[str, str] = Field(description="message by form field name; empty when valid")


FORM_BODY: dict[str, Any] = {
    "requestBody": {
        "required": False,
        "content": {
            ctype: {"schema": {"type": "object", "additionalProperties": {"type": "string"}}}
            for ctype in ("application/x-www-form-urlencoded", "multipart/form-data")
        },
    }
}


@documented.post(
    "/profile/check",
    summary="Check the questionnaire's answers",
    description=(
        "The questionnaire's fields (as the form posts them: `person.birth_date`, "
        "`work.0.occupation`, …) checked without saving; every error of every page, by field, "
        "in the language of the page."
    ),
    response_model=None,
    responses={
        200: {"model": CheckOut},
        400: {"description": "the form body cannot be read (broken multipart data)"},
        413: {"description": "the request body is too large"},
    },
    openapi_extra=FORM_BODY,
)
async def check_profile(request: Request, web: Web, _lang: PageLang) -> JSONResponse:
    single, multi = await _form(request)
    _person, errors = forms.check(forms.to_data(single, multi), web.today())
    return JSONResponse({"errors": errors})


def _stored(web: Any, pid: int | None) -> Profile | None:
    """The profile saved under `pid` (None if there is none, or it no longer reads)."""
    saved = web.store.get(pid) if pid is not None else None
    if saved is None:
        return None
    try:
        return Profile.model_validate(saved.data, context={LENIENT_ISCO: True})
    except (ValidationError, RecursionError):
        return None


@router.post("/profile", response_model=None)
async def save_profile(request: Request, web: Web, _lang: PageLang) -> Response:
    single, multi = await _form(request)
    person, errors = forms.check(forms.to_data(single, multi), web.today())
    try:
        pid: int | None = profile_id(single.get("pid", ""))
    except PageError:
        pid = None
    name = single.get("name", "").strip() or _("My profile")
    before = _stored(web, pid)
    if person is not None and before is not None and forms.unshown(before):
        # entries the form has no row for (imported from a file) are kept, not dropped
        parsed = forms.to_data(single, multi)
        forms.keep_unshown(parsed, before)
        person, errors = forms.check(parsed, web.today())
    if person is None:
        state = forms.FormState(values=single, multi=multi, errors=errors)
        again = f"/profile/{pid}/edit" if pid is not None else "/profile/new"
        return render(
            request, "questionnaire.html", 422, reopen=again, state=state, pid=pid, name=name
        )
    pid = web.store.save(name, person, pid)
    return RedirectResponse(f"/profile/{pid}/results", status_code=303)


@router.post("/profile/import", response_model=None)
async def import_profile(request: Request, web: Web, _lang: PageLang) -> Response:
    def refused(message: str) -> HTMLResponse:
        return render(request, "home.html", 422, profiles=web.store.list(), error=message)

    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        return refused(_("Choose a file."))
    filename = upload.filename or "profile.toml"
    raw = await upload.read(1_000_001)
    if len(raw) > 1_000_000:
        return refused(_("The file is too big."))
    try:
        person = from_text(raw.decode("utf-8"), filename)
    except UnicodeDecodeError:
        return refused(_("The file is not UTF-8 text."))
    except ProfileError as exc:
        return refused(forms.import_errors(exc.problems, filename))
    except SyntaxInFile as exc:
        if exc.fix:
            return refused(exc.fix)
        return refused(
            _("%(file)s is not valid TOML or JSON (%(where)s): %(hint)s")
            % {"file": filename, "where": exc.where, "hint": _("check quotes, brackets and commas")}
        )
    except InputError as exc:
        return refused(str(exc))
    name = Path(filename).stem[:80] or _("My profile")
    pid = web.store.save(name, person)
    return RedirectResponse(f"/profile/{pid}/results", status_code=303)


@router.get("/profile/{pid}/export.toml", response_model=None)
def export_profile(got: Person) -> Response:
    return Response(
        to_toml(got.person),
        media_type="application/toml; charset=utf-8",
        headers={"content-disposition": attachment(got.saved.name, "toml")},
    )


@router.post("/profile/{pid}/delete")
def delete_profile(pid: str, web: Web) -> RedirectResponse:
    web.store.delete(profile_id(pid))
    return RedirectResponse("/", status_code=303)


@router.get("/profile/{pid}")
def open_profile(pid: str) -> RedirectResponse:
    return RedirectResponse(f"/profile/{profile_id(pid)}/results", status_code=303)


@router.get("/profile/{pid}/results", response_class=HTMLResponse)
def results(
    request: Request,
    web: Web,
    got: Person,
    _slot: Planning,
    on: OnDate = None,
    country: str = "",
    family: str = "",
    verdict: str = "",
    sort: str = "rank",
    format: Format = "html",
) -> Response:
    doc = web.plan_document(got.person, on or web.today(), language_of(request))
    if format == "json":  # the whole plan, as `emigre plan --format json` (filters aside)
        return json_twin(doc)
    every = doc["routes"]
    if sort not in labels.SORTS:
        sort = "rank"
    shown = [
        r
        for r in every
        if (not country or r["country"] == country)
        and (not family or r["family"] == family)
        and (not verdict or r["verdict"] == verdict)
    ]
    return profile_page(
        request,
        "results.html",
        got,
        on,
        doc=doc,
        routes=shown,
        groups=grouped(sorted_routes(every, sort), doc.get("goal")),
        position={r["id"]: i for i, r in enumerate(sorted_routes(every, "rank"))},
        sort=sort,
        total=len(every),
        counts={v: sum(r["verdict"] == v for r in every) for v in labels.VERDICTS},
        countries=sorted({r["country"] for r in every}, key=country_name),
        families=[f for f in labels.FAMILIES if any(r["family"] == f for r in every)],
        country=country,
        family=family,
        verdict=verdict,
        why=why_line,
    )


@router.get("/profile/{pid}/route/{route_id}", response_class=HTMLResponse)
def route_page(
    request: Request,
    web: Web,
    got: Person,
    route_id: str,
    _slot: Planning,
    on: OnDate = None,
    format: Format = "html",
) -> Response:
    if not documents.route_exists(route_id, web.data):  # "back" to this person's routes
        raise PageError(404, N_("No such route."), back=f"/profile/{got.saved.id}/results")
    doc = documents.route_document(got.person, route_id, on or web.today(), web.data)
    if format == "json":  # as `emigre explain --format json` and POST /api/explain
        return json_twin(doc)
    return profile_page(
        request,
        "route.html",
        got,
        on,
        doc=doc,
        profile_json=profile_data(got.person),
        calendar=has_calendar(),
        admission_kind=documents.admission_kind(route_id, web.data),
        **panel_context(doc, got.person),
    )


@router.get("/profile/{pid}/route/{route_id}/plan.ics", response_model=None)
def route_calendar(
    web: Web, got: Person, route_id: str, lang: PageLang, _slot: Planning, on: OnDate = None
) -> Response:
    """The route's plan as an iCalendar file (`emigre explain --format ics`)."""
    if not has_calendar():
        raise PageError(404, N_("No such route."))
    from emigre.report.calendar import (  # type: ignore[import-not-found,unused-ignore]
        MEDIA_TYPE,
        calendar_filename,
        plan_calendar,
    )

    if not documents.route_exists(route_id, web.data):
        raise PageError(404, N_("No such route."))
    run = documents.run_route(
        got.person, route_id, on or web.today(), documents.knowledge(web.data)
    )
    if run.plan is None:
        raise PageError(404, N_("This route has no plan for this profile."))
    return Response(
        plan_calendar(run.plan, lang),
        media_type=MEDIA_TYPE,
        headers={"content-disposition": f'attachment; filename="{calendar_filename(run.plan)}"'},
    )


@router.get("/profile/{pid}/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    web: Web,
    got: Person,
    _slot: Planning,
    r: Annotated[list[str], Query()] = [],  # noqa: B006
    on: OnDate = None,
    format: Format = "html",
) -> Response:
    ids = list(dict.fromkeys(r))
    if not 2 <= len(ids) <= 3 or not all(documents.route_exists(i, web.data) for i in ids):
        raise PageError(
            422,
            N_("Choose two or three routes to compare."),
            back=f"/profile/{got.saved.id}/results{on_query(on)}",
        )
    day = on or web.today()
    docs = [documents.route_document(got.person, i, day, web.data) for i in ids]
    if format == "json":  # the routes side by side: each one's route document
        return json_twin({"on": day.isoformat(), "routes": docs})
    return profile_page(
        request,
        "compare.html",
        got,
        on,
        docs=docs,
        chart=charts.comparison(docs, day.isoformat()),
        currency=docs[0]["currency"]["currency"],
    )


@router.get("/lang/{code}")
def switch_language(code: str, next: str = "/") -> RedirectResponse:
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    resp = RedirectResponse(target, status_code=303)
    if code in LANGS:
        resp.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="strict")
    return resp


@documented.api_route(
    "/profile/check",
    methods=["GET", "PUT", "PATCH", "DELETE"],
    include_in_schema=False,
    response_model=None,
)
def check_profile_other_methods() -> Response:
    """405 naming POST: otherwise `/profile/{pid}` would answer a GET with a 404 page."""
    return JSONResponse(
        {"detail": "Method Not Allowed"}, status_code=405, headers={"allow": "POST"}
    )


@documented.get(
    "/healthz",
    summary="Is the server up",
    description="`ok` as plain text; answered at once, even while plans are being made.",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string", "enum": ["ok"]}}}}},
)
async def healthz() -> Response:
    return Response("ok", media_type="text/plain")


_VERDICT_ORDER = {"eligible": 0, "reachable": 1, "unknown": 2, "blocked": 3}


def sorted_routes(routes: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """The routes in the order chosen on the page; unknown values last, never as zero."""

    def value(r: dict[str, Any]) -> tuple[int, Any]:
        if key == "arrival":
            v: Any = r.get("arrival")
        elif key == "cost":
            v = (r.get("cost") or {}).get("to_arrival", {}).get("EUR")
        elif key == "pr":
            v = r.get("months_to_permanent_residence")
        else:
            v = r.get("rank")
        return (0, v) if v is not None else (1, 0)

    base = list(enumerate(routes))
    return [
        r
        for _i, r in sorted(
            base, key=lambda p: (value(p[1]), _VERDICT_ORDER.get(p[1]["verdict"], 9), p[0])
        )
    ]


def grouped(
    routes: list[dict[str, Any]], goal: str | None = None
) -> list[tuple[str, list[dict[str, Any]]]]:
    """Routes to live there first, then short stays (the plan's `group`, when it gives one);
    for the goal `leave_soon` the short stays come first, as places to wait while applying.
    The routes open only if others agree (`group` "if_agreed") come last, in their own group."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in routes:
        g = r.get("group")
        g = "short_stay" if g in ("short_stay", "short") else g if g == "if_agreed" else "main"
        groups.setdefault(g, []).append(r)
    first = ("short_stay", "main") if goal == "leave_soon" else ("main", "short_stay")
    order = (*first, "if_agreed")
    return [(g, groups[g]) for g in order if g in groups]


def why_line(route: dict[str, Any]) -> str:
    """One line on a route: why it stands where it does (the plan's `why` when it gives one),
    why it is blocked, what to fill in, or what comes first."""
    if route.get("why"):
        return str(route["why"])
    verdict = route["verdict"]
    if verdict == "blocked" and route["blockers"]:
        return str(route["blockers"][0]["reason"])
    if verdict == "unknown":
        if route.get("unchecked"):
            return str(route["unchecked"])
        if route["missing"]:
            names = dict.fromkeys(labels.field_label(m) for m in route["missing"])
            return _("fill in: %(fields)s") % {"fields": ", ".join(names)}
        rates = route.get("missing_rates") or []
        if rates:
            currencies = [r["from"] for r in rates]
            line = labels.missing_rates_line(currencies, rates[0]["on"])
            return f"{line}: {labels.rates_fix(currencies)}"
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
    steps = route.get("steps") or []
    if steps:
        return _("every condition is met; first: %(step)s") % {"step": steps[0]["title"]}
    return _("every condition is met: you can apply")


def panel_context(doc: dict[str, Any], person: Profile) -> dict[str, Any]:
    """What the route page's plan panel shows besides the document: its charts and inputs."""
    cur = doc["currency"]["currency"]
    has_plan = "steps" in doc
    flow = doc.get("cashflow") or []
    flow_cur = cur if flow and all(m["balance"].get(cur) is not None for m in flow) else "EUR"
    return {
        "currency": cur,
        "has_plan": has_plan,
        "timeline_svg": charts.timeline(doc["steps"], doc["on"], *charts.arrival_of(doc))
        if has_plan and doc["steps"]
        else "",
        "cashflow_svg": charts.cashflow(flow, cur) if has_plan else "",
        "cashflow_cur": flow_cur,
        "next_action": next_action(doc),
        "hours_per_week": person.preferences.study_hours_per_week,
        "monthly_savings": person.money.monthly_savings if person.money else None,
        "has_money": person.money is not None,
    }
