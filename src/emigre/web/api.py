"""The JSON API: `POST /api/plan` and `/api/explain/{route}` (exactly the documents of
`emigre plan` / `emigre explain --format json`), and the route page's what-if panel.

The profile is read and validated by an async dependency (small and bounded: the body limit is
enforced before it); the planning itself runs in the thread pool behind a `Planning` slot.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from emigre import documents
from emigre.errors import InputError
from emigre.files import strict_json
from emigre.profile import Profile
from emigre.profile_reading import read_profile_text
from emigre.web import forms
from emigre.web.deps import ApiError, ApiLang, OnDate, PageLang, Planning, Web
from emigre.web.pages import panel_context

router = APIRouter()

EXCERPT = 200  # the most of a caller's input any error message repeats


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """A message cut to a short excerpt, so an error never echoes a huge input back."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _detail(field: str, message: str) -> list[dict[str, str]]:
    return [{"field": excerpt(field, 120), "message": excerpt(message)}]


def validate_profile(data: Any, origin: str = "profile") -> Profile:
    """The profile in `data`, or the 422 that names the field."""
    if not isinstance(data, dict):
        raise ApiError(422, _detail("(top level)", f"{origin}: expected a JSON object"))
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        detail = [
            {"field": excerpt(d["field"], 120), "message": excerpt(d["message"])}
            for d in forms.api_errors(exc, origin)
        ]
        raise ApiError(422, detail) from None
    except RecursionError:
        raise ApiError(422, _detail("(body)", f"{origin}: nested too deeply")) from None


def input_error(exc: InputError) -> ApiError:
    text = str(exc)
    field = text.split(":", 1)[0] if ":" in text else "(top level)"
    return ApiError(422, _detail(field, text))


async def body_profile(request: Request, _lang: ApiLang) -> Profile:
    """The profile in a JSON request body, read by the same guarded reader as a profile file:
    deep nesting, numbers of thousands of digits, NaN and Infinity are a 422, never a crash.
    Its errors are in the language asked for (`?lang=`), which is read first."""
    raw = await request.body()
    try:
        data = read_profile_text(raw.decode("utf-8"), "profile", json_format=True)
    except UnicodeDecodeError:
        raise ApiError(422, _detail("(body)", "not valid JSON: not UTF-8 text")) from None
    except InputError as exc:
        raise ApiError(422, _detail("(body)", str(exc))) from None
    return validate_profile(data)


BodyProfile = Annotated[Profile, Depends(body_profile)]
PROFILE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Profile"}}},
    }
}
INVALID: dict[int | str, dict[str, Any]] = {
    422: {"description": "the profile is invalid; `detail` names the field"}
}
NO_ROUTE: dict[int | str, dict[str, Any]] = {404: {"description": "no such route"}}
BUSY: dict[int | str, dict[str, Any]] = {
    503: {"description": "too many plans at once; try again after `Retry-After` seconds"}
}
TOO_BIG: dict[int | str, dict[str, Any]] = {413: {"description": "the request body is too large"}}


def _route(route_id: str, web: Web) -> str:
    if not documents.route_exists(route_id, web.data):
        raise ApiError(404, f"no route '{excerpt(route_id, 80)}'")
    return route_id


async def known_route(route_id: str, web: Web) -> str:
    """A route id from the path that exists in the knowledge base (else 404)."""
    return _route(route_id, web)


Route = Annotated[str, Depends(known_route)]


def api_weights(
    weights: Annotated[
        str | None, Query(description="e.g. time=2,cost=1,pr=1,risk=1", max_length=200)
    ] = None,
) -> str | None:
    """The ranking weights, checked before a planning slot is taken: the CLI's rules, with the
    query parameter named as the API spells it."""
    from emigre.plan.rank import parse_weights

    try:
        parse_weights(weights)
    except InputError as exc:
        raise ApiError(
            422, _detail("weights", "weights" + str(exc).removeprefix("--weights"))
        ) from None
    return weights


Weights = Annotated[str | None, Depends(api_weights)]


@router.post(
    "/api/plan",
    summary="Plan for a profile",
    description=(
        "Takes a profile (the structure of the TOML file, as JSON) and returns exactly what "
        "`emigre plan PROFILE --format json` prints: every route with its verdict and "
        "conditions, and for the open ones the steps, cost, arrival and rank (with "
        "`cashflow=true`, as with `--cashflow`, also the month-by-month cash flow). An invalid "
        "profile gets 422 with the field named."
    ),
    response_model=None,
    responses={**INVALID, **TOO_BIG, **BUSY},
    openapi_extra=PROFILE_BODY,
)
def api_plan(
    web: Web,
    person: BodyProfile,
    lang: ApiLang,
    _slot: Planning,
    weights: Weights,
    on: OnDate = None,
    cashflow: Annotated[
        bool, Query(description="include each plan's month-by-month cash flow (larger)")
    ] = False,
) -> Response:
    try:
        body = web.plan_document(
            person,
            on or web.today(),
            lang,
            weights=weights,
            cashflow=cashflow,
            strict=False,
            make=json_bytes,
        )
    except InputError as exc:
        raise input_error(exc) from None
    return Response(body, media_type="application/json")


def json_bytes(doc: Any) -> bytes:
    """Strict, compact JSON, as FastAPI's JSONResponse writes it (a non-finite float is null)."""
    return strict_json(doc, indent=None).encode()


@router.post(
    "/api/explain/{route_id}",
    summary="One route for a profile",
    description=(
        "What `emigre explain ROUTE PROFILE --format json` prints (every condition with its "
        "reason, law and sources; the timeline and the cash flow), plus `currency`."
    ),
    response_model=None,
    responses={**NO_ROUTE, **INVALID, **TOO_BIG, **BUSY},
    openapi_extra=PROFILE_BODY,
)
def api_explain(
    web: Web,
    route_id: Route,
    person: BodyProfile,
    _lang: ApiLang,
    _slot: Planning,
    on: OnDate = None,
) -> Response:
    return JSONResponse(documents.route_document(person, route_id, on or web.today(), web.data))


# --- the what-if panel of the route page -------------------------------------------------------


class OfferIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    country: str = Field(description="ISO 3166-1 alpha-2 code, e.g. DE", max_length=2)
    gross_annual_salary: float = Field(ge=0, allow_inf_nan=False)
    currency: str = Field("EUR", max_length=3)


class AdmissionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    country: str = Field(description="ISO 3166-1 alpha-2 code, e.g. CZ", max_length=2)
    kind: Literal["university", "language_course", "qualification_measure"] = "university"


class LicenceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    country: str = Field(description="ISO 3166-1 alpha-2 code, e.g. DE", max_length=2)
    occupation: str = Field(description="the ISCO-08 code or prefix it covers", max_length=4)
    status: Literal["granted", "promised"] = "granted"


class WhatIfIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    hours_per_week: float | None = Field(None, gt=0, le=80, description="study hours a week")
    monthly_savings: float | None = Field(
        None, ge=0, allow_inf_nan=False, description="in the profile's currency"
    )
    offer: OfferIn | None = None
    admission: AdmissionIn | None = None
    licence: LicenceIn | None = None


class PanelIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    profile: dict[str, Any] = Field(description="the profile, in the structure of the TOML file")
    what_if: WhatIfIn = WhatIfIn()


@router.post(
    "/api/panel/{route_id}",
    summary="The route page's plan, as HTML, for a profile and what-if values",
    description=(
        "Used by the route page to update the plan without reloading: the same profile with "
        "other study hours, monthly savings, a job offer, an admission letter or a licence to "
        "practise."
    ),
    response_class=HTMLResponse,
    response_model=None,
    responses={
        **NO_ROUTE,
        400: {"description": "the body is not JSON"},
        422: {"description": "invalid input"},
        **TOO_BIG,
        **BUSY,
    },
)
def api_panel(
    web: Web,
    route_id: Route,
    body: Annotated[PanelIn, Body()],
    lang: PageLang,
    _slot: Planning,
    on: OnDate = None,
) -> Response:
    person = validate_profile(body.profile)
    w = body.what_if
    offers = [documents.offer(**w.offer.model_dump())] if w.offer else []
    letters = (
        [{"country": w.admission.country.upper(), "kind": w.admission.kind}] if w.admission else []
    )
    licences = (
        [{**w.licence.model_dump(), "country": w.licence.country.upper()}] if w.licence else []
    )
    try:
        changed = documents.apply_what_if(
            person,
            w.hours_per_week,
            w.monthly_savings,
            offers,
            "what-if",
            admissions=letters,
            licences=licences,
        )
    except InputError as exc:
        raise input_error(exc) from None
    doc = documents.route_document(changed, route_id, on or web.today(), web.data)
    env: Environment = web.env
    html = env.get_template("_route_body.html").render(
        lang=lang, doc=doc, **panel_context(doc, changed)
    )
    return HTMLResponse(html)
