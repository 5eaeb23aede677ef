"""Command line: `emigre plan`, `explain`, `routes`, `data …`, `rates …`, `population …`, `serve`.

The commands live in `emigre.commands` by group; this module assembles them into one app.
Heavy modules are imported inside the commands so that `emigre --help` starts fast.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
import threading
from typing import Annotated, Any, NoReturn

import typer

from emigre.commands.daemon import daemon_app
from emigre.commands.data import data_app
from emigre.commands.options import DataDir
from emigre.commands.rates import rates_app
from emigre.commands.routes import explain, plan, routes
from emigre.errors import EmigreError, printable
from emigre.population import lazy_population_app

app = typer.Typer(
    help="Plan a legal route to a new life in Europe: which routes are open to you, why, and what it takes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help and usage errors: rich's help renderer pulls in markdown and pygments, and
    # would double the start-up time of `emigre --help`.
    rich_markup_mode=None,
)
_debug = threading.Event()


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", help="on a failure, show the traceback after its message")
    ] = False,
) -> None:
    """Options for every command."""
    _debug.set() if debug else _debug.clear()


app.add_typer(data_app, name="data")
app.add_typer(rates_app, name="rates")
app.add_typer(daemon_app, name="daemon")
app.add_typer(lazy_population_app(), name="population")
app.command()(plan)
app.command()(explain)
app.command()(routes)


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="address to listen on (loopback unless told otherwise)")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="port to listen on")] = 8000,
    data: DataDir = None,
    workers: Annotated[
        int, typer.Option("--workers", help="worker processes (more answer more people at once)")
    ] = 1,
) -> None:
    """The local web app, in Russian and English: a questionnaire, your routes, charts. Nothing
    leaves your machine; saved profiles stay in your data folder."""
    from emigre.web.server import run

    run(host, port, data, workers)


def main(args: list[str] | None = None, prog_name: str | None = None, command: Any = None) -> None:
    """Run the CLI; a failure meant for people prints one line and exits with its kind's code:
    2 bad input, 3 broken data, 4 network (`emigre.errors`). The resident planner
    (`emigre.daemon`) passes the arguments, the program's name and the click command it built
    once; the command line reads them from `sys.argv`."""
    try:
        (command or app)(args=args, prog_name=prog_name, standalone_mode=True)
    except EmigreError as exc:
        from emigre.i18n import _  # the command has set the language of its messages

        typer.echo(_("error: {message}").format(message=printable(str(exc))), err=True)
        if _debug.is_set():
            import traceback

            traceback.print_exception(exc)
        sys.exit(exc.exit_code)


def run() -> NoReturn:
    """The `emigre` command (the console script and `python -m emigre`): `main`, then, once the
    command is done and its output flushed, a quick exit that skips tearing the interpreter
    down object by object (about a seventh of a warm `emigre plan`, which holds the whole
    knowledge base). Exit handlers still run; while another thread, a profiler or a debugger
    runs, or when the output cannot be flushed (a closed pipe), the exit is the usual one.
    Tests call `main`.

    The cyclic garbage collector runs its young generation every 50,000 allocations instead of
    every 700: loading the knowledge base makes some hundred thousand objects, none of them
    garbage, and the collections they set off were about a twentieth of a warm `emigre plan`."""
    gc.set_threshold(50_000, 10, 10)
    try:
        main()
        code = 0
    except SystemExit as exc:
        if exc.code is not None and not isinstance(exc.code, int):
            raise  # a message to print: Python prints it
        code = exc.code or 0
    if threading.active_count() > 1 or sys.getprofile() or sys.gettrace():
        sys.exit(code)  # another thread, or a profiler or debugger that reports at the end
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)
    atexit._run_exitfuncs()
    os._exit(code)


if __name__ == "__main__":
    run()
