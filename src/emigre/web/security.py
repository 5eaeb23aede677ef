"""The outermost layer of the web app: what every request and every response goes through.

It wraps the whole application (outside Starlette's error handler), so that even a 500 carries
the security headers, and every answer but the package's assets says `Cache-Control: no-store`
(a browser would keep pages about a person on disk). It refuses host names other than the expected ones (a web page cannot
reach the app through DNS rebinding), state-changing requests from another site, and bodies over
a size limit (413 before anything parses them).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    # Not "no-referrer": under it a browser sends `Origin: null` on the app's own posts, which
    # then look like those of a sandboxed frame on another site; no other site gets a referrer.
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
NO_STORE = (b"cache-control", b"no-store")
"""On every answer but the package's assets: a browser keeps what it may cache on disk, after
the app is closed and after the profile is deleted."""
_OURS = {name for name, _value in SECURITY_HEADERS} | {NO_STORE[0]}
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
ANY_ADDRESS = "(an IP address)"
"""In the allowed host names: any IP address as the host name. DNS rebinding needs a name of
the attacker's; a browser sends an address only when one was typed (a phone on the network)."""

# Request bodies: a profile as JSON is a few kilobytes; an imported file may be up to 1 MB (plus
# the multipart framing around it), but no more than the form parser keeps in memory (1 MiB): a
# bigger part would be written to the temporary folder, a profile on disk nobody asked for.
API_BODY_LIMIT = 64 * 1024
IMPORT_BODY_LIMIT = 1024 * 1024
FORM_BODY_LIMIT = 64 * 1024

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def body_limit(path: str) -> int:
    """The largest request body accepted on a path."""
    if path == "/profile/import":
        return IMPORT_BODY_LIMIT
    if path.startswith("/api/"):
        return API_BODY_LIMIT
    return FORM_BODY_LIMIT


class Guard:
    """ASGI middleware: security headers on every response; only the expected host names; no
    state-changing request from another origin; no body over the limit of its path."""

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...] | None) -> None:
        self.app = app
        self.allowed = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = self._problem(scope)
        if problem is not None:
            await plain(send, *problem)
            return
        limit = body_limit(scope["path"])
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            body = await read_body(receive, limit)
            if body is None:
                await plain(send, 413, f"request body too large (limit {limit} bytes)")
                return
            receive = replay(body, receive)

        asset = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _OURS]
                # the package's own files are the same for everyone: a browser may keep them
                message["headers"] = kept + SECURITY_HEADERS + ([] if asset else [NO_STORE])
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _problem(self, scope: Scope) -> tuple[int, str] | None:
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        hostname = urlsplit(f"//{host}").hostname or ""
        if self.allowed is not None and not host_allowed(hostname, self.allowed):
            return (400, "unexpected host name; open the app by its IP address or localhost")
        if scope["method"] not in ("GET", "HEAD", "OPTIONS") and not _same_origin(headers, host):
            return (403, "cross-site request refused")
        length = headers.get("content-length", "")
        if length.isdecimal() and len(length) < 20 and int(length) > body_limit(scope["path"]):
            return (413, f"request body too large (limit {body_limit(scope['path'])} bytes)")
        return None


def host_allowed(hostname: str, allowed: tuple[str, ...]) -> bool:
    if hostname in allowed:
        return True
    if ANY_ADDRESS not in allowed:
        return False
    try:
        ipaddress.ip_address(hostname)
    except ValueError:
        return False
    return True


def _same_origin(headers: dict[str, str], host: str) -> bool:
    """Whether a state-changing request comes from the app's own pages (or from no page at all:
    a script or `curl` sends no Origin). A browser's Sec-Fetch-Site, when sent, must say so
    (same-site would let another local port in); `Origin: null` (a sandboxed frame, a page
    from a file, or an older page under `no-referrer`) passes only with that confirmation, so
    a browser without fetch metadata cannot be used from another site through it."""
    origin = headers.get("origin")
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    if origin == "null":
        return fetch_site == "same-origin"
    return origin is None or urlsplit(origin).netloc == host


async def read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None as soon as it grows past `limit` (the rest is not read)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the app the body already read, then listens to the client again
    (so that a disconnect is still seen)."""
    sent = False

    async def again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


async def plain(send: Send, status: int, text: str) -> None:
    """A short plain-text answer with the security headers."""
    body = text.encode()
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *SECURITY_HEADERS,
        NO_STORE,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
