"""`emigre serve`: run the web app with uvicorn, on loopback unless told otherwise.

With `--workers N` uvicorn starts N processes that share the port; each builds its own app from
the settings passed in the environment (`app_from_environment`), since a process cannot be
handed a live app object.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from emigre.errors import InputError

if TYPE_CHECKING:
    from fastapi import FastAPI

_DATA = "EMIGRE_SERVE_DATA"
_HOST = "EMIGRE_SERVE_HOST"
MAX_WORKERS = 64


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_address(host: str, port: int) -> None:
    """Bind `host:port` once before uvicorn does, so a host that is not an address of this
    machine or a port already taken is exit 2 naming the flag and the fix, not uvicorn's exit 3.
    The test socket is closed at once (SO_REUSEADDR, as uvicorn binds, so no TIME_WAIT trap)."""
    try:
        # The family uvicorn binds with: IPv6 when the host has a colon, else IPv4.
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        infos = socket.getaddrinfo(host, port, family, socket.SOCK_STREAM, 0, socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        raise InputError(
            f"--host: '{host}' is neither an IP address nor a host name this machine can look "
            "up; use 127.0.0.1 (this machine only, the default) or 0.0.0.0 (every network)"
        ) from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise InputError(
                    f"--port: {port} is already in use on {host} (another program, or emigre "
                    f"already running); stop it or choose another port, e.g. --port {_other(port)}"
                ) from None
            if exc.errno == errno.EACCES:
                raise InputError(
                    f"--port: {port} may only be used by the administrator on this machine; "
                    "choose a port above 1023, e.g. --port 8000"
                ) from None
            if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
                raise InputError(
                    f"--host: {host} is not an address of this machine; use 127.0.0.1 (this "
                    "machine only, the default) or 0.0.0.0 (every network)"
                ) from None
            raise InputError(
                f"--host/--port: cannot listen on {host}:{port}: {exc.strerror}"
            ) from None


def _other(port: int) -> int:
    return port + 1 if port < 65535 else 8000


def app_from_environment() -> FastAPI:
    """The app of one worker process, configured by `run` through the environment."""
    from emigre.web.app import create_app

    data = os.environ.get(_DATA)
    return create_app(
        data=Path(data) if data else None,
        allowed_hosts=host_names(os.environ.get(_HOST, "127.0.0.1")),
    )


def host_names(host: str) -> tuple[str, ...]:
    """The host names the app answers to when it listens on `host`: the loopback names; on
    another address also any IP address, this machine's name (and its .local form) and `host`
    itself, but never any name, so that a web page cannot reach the app through DNS
    rebinding (the app also listens on loopback when bound to 0.0.0.0)."""
    from emigre.web.security import ANY_ADDRESS, LOOPBACK

    if is_loopback(host):
        return LOOPBACK
    me = socket.gethostname().lower()
    return (*LOOPBACK, ANY_ADDRESS, me, f"{me}.local", host.lower())


def run(host: str, port: int, data: Path | None = None, workers: int = 1) -> None:
    import uvicorn

    if not 0 < port < 65536:
        raise InputError(f"--port: {port} is not a port number (1-65535)")
    if not 1 <= workers <= MAX_WORKERS:
        raise InputError(f"--workers: {workers} is not between 1 and {MAX_WORKERS}")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]  # "[::1]", as in a URL
    check_address(host, port)
    loopback = is_loopback(host)
    if not loopback:
        typer.echo(
            f"warning: listening on {host}: other machines on your network can open the app "
            "and see saved profiles. Open it by this machine's IP address or name.",
            err=True,
        )
    os.environ[_HOST] = host
    if data is not None:
        os.environ[_DATA] = str(data.resolve())
    else:
        os.environ.pop(_DATA, None)
    shown = f"[{host}]" if ":" in host else host
    many = f", {workers} worker processes" if workers > 1 else ""
    typer.echo(f"emigre is running at http://{shown}:{port}/{many}  (Ctrl+C to stop)", err=True)
    uvicorn.run(
        "emigre.web.server:app_from_environment" if workers > 1 else app_from_environment(),
        factory=workers > 1,
        workers=workers if workers > 1 else None,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,
    )
