"""What the page and API handlers receive as FastAPI dependencies: the app's state, the language
(set once per request, here and nowhere else), the saved profile of a path, the evaluation date,
and a place in the planning queue.

Planning is CPU work: the handlers that plan are plain `def` functions (run in the thread pool,
off the event loop) and take a `Planning` slot first. At most `limit` plans run at once and at most
`waiting` requests wait for one; beyond that the answer is 503 with `Retry-After`, and a request
whose client has gone while it waited is dropped without planning.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import Depends, Query, Request
from jinja2 import Environment
from pydantic import ValidationError

from emigre.errors import InputError, interface_language
from emigre.i18n import N_, _, set_language
from emigre.profile import Profile
from emigre.profile_values import LENIENT_ISCO
from emigre.web.cache import Answers
from emigre.web.store import ProfileStore, Saved

LANGS = ("en", "ru")
# Evaluation dates the rules and the calendar can work with (as for `--on` on the command line).
FIRST_DAY = date(1950, 1, 1)
LAST_DAY = date(2100, 12, 31)
_PID = re.compile(r"[1-9][0-9]{0,17}")  # ASCII digits only, within SQLite's integer range


class PageError(Exception):
    """A page that cannot be shown: rendered as the error page (message translated there)."""

    def __init__(self, status: int, message: str, back: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.back = back


class ApiError(Exception):
    """An API request that cannot be answered: rendered as `{"detail": ...}` JSON."""

    def __init__(self, status: int, detail: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(str(detail))
        self.status = status
        self.detail = detail
        self.headers = headers or {}


class Busy(Exception):
    """Too many plans are running or waiting: 503 with Retry-After."""


class ClientGone(Exception):
    """The client disconnected while its request waited for planning."""


@dataclass
class Gate:
    """A bounded planning queue (see the module docstring)."""

    limit: int = 2
    waiting: int = 32
    retry_after: int = 2
    queued: int = 0
    _sem: anyio.Semaphore | None = field(default=None, repr=False)

    @property
    def semaphore(self) -> anyio.Semaphore:
        if self._sem is None:  # created lazily: it must belong to the server's event loop
            self._sem = anyio.Semaphore(self.limit)
        return self._sem


@dataclass
class WebState:
    """Everything one app instance shares between requests."""

    store: ProfileStore
    env: Environment
    data: Path | None
    today: Callable[[], date]
    gate: Gate
    answers: Answers = field(default_factory=Answers)

    def plan_document(self, person: Profile, on: date, lang: str, **options: Any) -> Any:
        """`documents.plan_document`, kept for when the same question comes again (`make`
        decides the form kept: the document, or its JSON bytes)."""
        from emigre import documents

        make = options.pop("make", lambda doc: doc)
        kb = documents.knowledge(self.data)
        form = getattr(make, "__qualname__", "")
        key = (id(kb), form, person.model_dump_json(), on, lang, tuple(sorted(options.items())))
        return self.answers.get(
            key, lambda: make(documents.plan_document(person, on, data=self.data, **options))
        )


async def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


Web = Annotated[WebState, Depends(web_state)]


def choose_language(request: Request) -> str:
    """The `lang` cookie if set, else the best of the browser's Accept-Language, else English."""
    cookie = request.cookies.get("lang")
    if cookie in LANGS:
        return cookie
    best, best_q = "en", -1.0
    for part in request.headers.get("accept-language", "")[:1000].split(","):
        tag, _sep, params = part.strip().partition(";")
        primary = interface_language(tag) if tag.strip() else None
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if primary in LANGS and q > best_q:
            best, best_q = primary, q
    return best


async def page_language(request: Request) -> str:
    """The language of a page; set for the rest of this request (async, so that the setting is
    made in the request's own context and seen by the handler run in the thread pool)."""
    lang = choose_language(request)
    request.state.lang = lang
    set_language(lang)
    return lang


async def api_language(
    request: Request,
    lang: Annotated[str, Query(pattern="^(en|ru)$", description="language of the texts")] = "en",
) -> str:
    """The language an API caller asked for (`?lang=`), set for the rest of this request."""
    request.state.lang = lang
    set_language(lang)
    return lang


PageLang = Annotated[str, Depends(page_language)]
ApiLang = Annotated[str, Depends(api_language)]


def profile_id(pid: str) -> int:
    """A saved profile's number from a path; anything else is a page that does not exist."""
    if not _PID.fullmatch(pid):
        raise PageError(404, N_("No such saved profile."))
    return int(pid)


@dataclass(frozen=True)
class SavedProfile:
    saved: Saved
    person: Profile


def _stored(pid: str, web: Web) -> Saved:
    """The saved profile named in the path, or a 404 page."""
    got = web.store.get(profile_id(pid))
    if got is None:
        raise PageError(404, N_("No such saved profile."))
    return got


def saved_profile(pid: str, web: Web, _lang: PageLang) -> SavedProfile:
    """The saved profile named in the path: 404 if there is none, 422 if it no longer validates."""
    got = _stored(pid, web)
    try:
        return SavedProfile(got, got.profile())
    except InputError as exc:
        fix = _("Correct it in the questionnaire (the button below opens it).")
        raise PageError(422, f"{exc} {fix}", back=f"/profile/{got.id}/edit") from None


Person = Annotated[SavedProfile, Depends(saved_profile)]


def profile_to_edit(pid: str, web: Web, _lang: PageLang) -> SavedProfile:
    """The saved profile to open in the questionnaire: as `saved_profile`, but one saved before
    occupation codes were checked against ISCO-08 still opens, so that the person can correct
    the code (the questionnaire shows the error under the field)."""
    got = _stored(pid, web)
    try:
        return SavedProfile(got, got.profile())
    except InputError as exc:
        try:
            lenient = Profile.model_validate(got.data, context={LENIENT_ISCO: True})
        except (ValidationError, RecursionError):
            raise PageError(422, str(exc)) from None
        return SavedProfile(got, lenient)


Editable = Annotated[SavedProfile, Depends(profile_to_edit)]

OnDate = Annotated[
    date | None,
    Query(
        ge=FIRST_DAY,
        le=LAST_DAY,
        description="evaluation date, 1950-01-01 to 2100-12-31 (default: today)",
    ),
]


async def planning_slot(request: Request, web: Web) -> AsyncIterator[None]:
    """A place among the running plans (see the module docstring)."""
    gate = web.gate
    sem = gate.semaphore
    try:
        sem.acquire_nowait()
    except anyio.WouldBlock:
        # Counted as waiting only while it really waits: a request that took a free slot is
        # never mistaken for a waiting one (which made a second request a spurious 503).
        if gate.queued >= gate.waiting:
            raise Busy from None
        gate.queued += 1
        try:
            await sem.acquire()
        finally:
            gate.queued -= 1
    try:
        if await request.is_disconnected():
            raise ClientGone
        yield
    finally:
        sem.release()


Planning = Annotated[None, Depends(planning_slot, scope="function")]
