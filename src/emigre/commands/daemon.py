"""`emigre daemon …`: the opt-in resident planner (`emigre.daemon`) that answers `plan` and
`explain` without importing emigre and reading the knowledge base at each command."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from emigre.commands.options import set_interface_language
from emigre.errors import InputError

daemon_app = typer.Typer(
    help="A resident planner (opt-in): `plan` and `explain` answered by a process that keeps "
    "emigre loaded, with the same output. Never started unless you run `emigre daemon start`.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

MAX_SOCKET_PATH = 100
"""Bytes a Unix socket's path may take (107 on Linux, 103 on macOS; a margin for both)."""

START_WAIT = 60.0
"""Seconds `start` waits for the daemon to answer (it loads the knowledge base first)."""


def _ask(op: str) -> dict[str, Any] | None:
    """The daemon's answer to `op` (status, stop), or None when none is running."""
    from emigre import launcher

    sock = launcher.connect(launcher.socket_path(), 10.0)
    if sock is None:
        return None
    try:
        with sock:
            launcher.send(sock, {"op": op})
            header, _body = launcher.receive(sock)
    except (OSError, ValueError):
        return None
    return header


def _folder() -> Path:
    """The socket folder, created private; one that is not private is refused, naming it."""
    from emigre import launcher
    from emigre.i18n import _

    folder = Path(launcher.daemon_dir())
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            _(
                "{folder}: cannot be created ({why}); set EMIGRE_DAEMON_DIR to a folder of yours"
            ).format(folder=folder, why=exc.strerror)
        ) from None
    why = launcher.unsafe_dir(str(folder))
    if why is not None:
        reasons = {
            "a symbolic link": _("a symbolic link"),
            "not a folder": _("not a folder"),
            "owned by another user": _("owned by another user"),
            "open to other users": _("open to other users (it must be 0700)"),
        }
        raise InputError(
            _(
                "{folder}: {why}; the daemon's socket needs a folder only you can open "
                "(chmod 700 it, or set EMIGRE_DAEMON_DIR to one)"
            ).format(folder=folder, why=reasons.get(why, why))
        )
    return folder


def _since(status: dict[str, Any]) -> str:
    return datetime.fromtimestamp(float(status["since"])).strftime("%Y-%m-%d %H:%M")


@daemon_app.command()
def start(
    idle_minutes: Annotated[
        float,
        typer.Option("--idle-minutes", help="stop after this many minutes without a request"),
    ] = 30.0,
) -> None:
    """Start the resident planner for this install: later `emigre plan` and `emigre explain`
    are answered by it (quicker, same output). It exits after --idle-minutes without a request,
    when emigre is updated, or on `emigre daemon stop`; it keeps nothing about you."""
    from emigre import launcher
    from emigre.i18n import _

    set_interface_language(None)
    if not (idle_minutes > 0 and idle_minutes <= 7 * 24 * 60):
        raise InputError(
            _(
                "--idle-minutes: {value} is not a number of minutes above 0 and up to 10080 (a week)"
            ).format(value=idle_minutes)
        )
    if not hasattr(socket, "AF_UNIX"):
        raise InputError(_("daemon: this system has no Unix sockets; emigre runs without it"))
    _folder()
    if len(os.fsencode(launcher.socket_path())) > MAX_SOCKET_PATH:
        raise InputError(
            _(
                "{path}: too long for a Unix socket; set EMIGRE_DAEMON_DIR to a shorter folder, "
                "e.g. /tmp/emigre-$USER"
            ).format(path=launcher.socket_path())
        )
    running = _ask("status")
    if running is not None:
        typer.echo(
            _("The resident planner is already running (process {pid}).").format(pid=running["pid"])
        )
        return
    child = subprocess.Popen(
        [sys.executable, "-c", "from emigre.daemon import main; main()", repr(idle_minutes)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd="/",
        start_new_session=True,
    )
    deadline = time.monotonic() + START_WAIT
    while time.monotonic() < deadline:
        status = _ask("status") if os.path.exists(launcher.socket_path()) else None
        if status is not None:
            typer.echo(
                _(
                    "The resident planner is running (process {pid}); it stops after {minutes} "
                    "idle minutes or on `emigre daemon stop`."
                ).format(pid=status["pid"], minutes=f"{idle_minutes:g}")
            )
            return
        if child.poll() is not None:
            break
        time.sleep(0.05)
    raise InputError(
        _("daemon: the resident planner did not start; emigre runs without it as before")
    )


@daemon_app.command()
def stop() -> None:
    """Stop the resident planner; `plan` and `explain` then run in process again."""
    from emigre import launcher
    from emigre.i18n import _

    set_interface_language(None)
    answer = _ask("stop")
    if answer is None:
        typer.echo(_("No resident planner is running."))
        return
    path = launcher.socket_path()
    deadline = time.monotonic() + 10.0
    while os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.02)
    typer.echo(_("The resident planner has stopped (process {pid}).").format(pid=answer["stopped"]))


@daemon_app.command()
def status() -> None:
    """Whether the resident planner runs for this install (exit code 0) or not (1)."""
    from emigre import launcher
    from emigre.i18n import _

    set_interface_language(None)
    answer = _ask("status")
    if answer is None:
        typer.echo(_("No resident planner is running."))
        raise typer.Exit(1)
    typer.echo(
        _(
            "The resident planner is running (process {pid}, since {since}, {served} answers); "
            "it stops after {minutes} idle minutes."
        ).format(
            pid=answer["pid"],
            since=_since(answer),
            served=answer["served"],
            minutes=f"{float(answer['idle_minutes']):g}",
        )
    )
    typer.echo(_("socket: {path}").format(path=launcher.socket_path()))
