"""`emigre serve`: run the web app with uvicorn, on loopback unless told otherwise."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import typer

from emigre.errors import InputError


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run(host: str, port: int, data: Path | None = None) -> None:
    import uvicorn

    from emigre.web.app import LOOPBACK, create_app

    if not 0 < port < 65536:
        raise InputError(f"--port: {port} is not a port number (1-65535)")
    loopback = is_loopback(host)
    if not loopback:
        typer.echo(
            f"warning: listening on {host}: other machines on your network can open the app "
            "and see saved profiles.",
            err=True,
        )
    app = create_app(data=data, allowed_hosts=LOOPBACK if loopback else None)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"emigre is running at http://{shown}:{port}/  (Ctrl+C to stop)", err=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,
    )
