"""The resident planner behind `emigre daemon start`: one process per user and install that keeps
emigre imported and the knowledge base loaded, and answers `emigre plan` and `emigre explain`
for the launcher (`emigre.launcher`), byte for byte what the command prints in process.

Why a process that stays up: a warm command spends ~4x the import floor importing emigre and
reading the knowledge base back, to plan one person. Opt-in only (it is never started
implicitly), and careful about what it serves:

* each request runs the same click command as the console script, with the request's argv,
  working folder, environment (language, colours, EMIGRE_*), terminals and their sizes, and its
  own language context; stdout and stderr are captured in order and sent back;
* the knowledge base is checked against its data files at every request and reloaded when one
  changed (`knowledge.loader.watch_data`); when the package itself changes (a module, a
  translation, the planner's data, an install into its site-packages) the daemon declines the
  request, which the launcher then runs in process, and exits;
* an unexpected error is never answered: the launcher runs the command in process and the
  person sees exactly what the command would print;
* it exits after `idle_minutes` without a request, when told (`emigre daemon stop`), or when
  its socket is removed or taken over. Nothing is logged; only the count of answers is kept.
"""

from __future__ import annotations

import contextvars
import errno
import gc
import hashlib
import io
import os
import signal
import socket
import struct
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from emigre import launcher

IDLE_MINUTES = 30.0
"""Default: the daemon exits after this long without a request."""


def code_stamp() -> str:
    """Changes when the package's modules, translations or planner data change, or when a
    package is installed or removed beside it (its site-packages folder changes)."""
    from emigre.knowledge.cache import _stamp

    package = Path(__file__).resolve().parent
    h = hashlib.sha256()
    _stamp(h, package, (".py", ".mo"), {"__pycache__", "data", "static", "templates"})
    _stamp(h, package / "data" / "languages", (".yaml",))
    folders = [Path(p) for p in sys.path if os.path.isabs(p)]  # not '': the working folder
    for path in [package / "data" / "planner.yaml", *folders]:
        try:
            st = path.stat()
        except OSError:
            continue
        h.update(f"{path}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


class _Binary(io.RawIOBase):
    """A stream's bytes, kept in order with the other stream's."""

    def __init__(self, fd: int, chunks: list[tuple[int, bytes]]) -> None:
        self.fd, self.chunks = fd, chunks

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        data = bytes(data)
        if data:
            self.chunks.append((self.fd, data))
        return len(data)


class _Text(io.TextIOBase):
    """stdout or stderr of one request: the client's encoding, its terminal or not."""

    def __init__(self, binary: _Binary, tty: bool, encoding: str, errors: str) -> None:
        self.buffer, self._tty, self._encoding, self._errors = binary, tty, encoding, errors

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    @property
    def errors(self) -> str:  # type: ignore[override]
        return self._errors

    def writable(self) -> bool:
        return True

    def write(self, text: Any) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self.buffer.write(text.encode(self._encoding, self._errors))
        return len(text)

    def isatty(self) -> bool:
        return self._tty


class _Input(io.TextIOWrapper):
    def __init__(self, data: bytes, tty: bool) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8")
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def _sizes(sizes: list[Any]) -> Callable[..., os.terminal_size]:
    """`os.get_terminal_size` as the client's standard streams answer it."""

    def get_terminal_size(fd: int = 1) -> os.terminal_size:
        size = sizes[fd] if 0 <= fd < len(sizes) else None
        if size is None:
            raise OSError(errno.ENOTTY, os.strerror(errno.ENOTTY))
        return os.terminal_size((int(size[0]), int(size[1])))

    return get_terminal_size


class Declined(Exception):
    """The request is not answered: the launcher runs it in process."""


def invoke(
    command: Any, header: dict[str, Any], body: bytes
) -> tuple[int, list[tuple[int, bytes]]]:
    """Run one request as the console script would: its exit code and output chunks."""
    from emigre import profile_reading
    from emigre.cli import main

    argv, env = header["argv"], header["env"]
    tty, sizes, streams = header["tty"], header["size"], header["streams"]
    if not (isinstance(argv, list) and all(isinstance(a, str) for a in argv)):
        raise Declined("argv")
    if not argv or argv[0] not in launcher.SERVED:
        raise Declined("not a command the daemon serves")
    chunks: list[tuple[int, bytes]] = []
    out = _Text(_Binary(1, chunks), bool(tty[1]), *map(str, streams[0]))
    err = _Text(_Binary(2, chunks), bool(tty[2]), *map(str, streams[1]))
    saved = (sys.stdin, sys.stdout, sys.stderr, sys.argv, os.get_terminal_size, os.getcwd())
    environ = dict(os.environ)
    try:
        os.chdir(header["cwd"])
        for name in [n for n in os.environ if launcher.forwarded(n)]:
            del os.environ[name]
        os.environ.update({str(k): str(v) for k, v in env.items() if launcher.forwarded(k)})
        time.tzset()
        sys.stdin = _Input(body if header.get("stdin") else b"", bool(tty[0]))
        sys.stdout, sys.stderr = out, err
        sys.argv = [sys.argv[0], *argv]
        os.get_terminal_size = _sizes(sizes)
        profile_reading.given_stdin = body if header.get("stdin") else None
        with warnings.catch_warnings():  # Python's warnings are shown again, as in a new process
            run = contextvars.Context().run
            code = run(_exit_code, main, command, argv, str(header["prog"]))
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        profile_reading.given_stdin = None
        sys.stdin, sys.stdout, sys.stderr, sys.argv, os.get_terminal_size = saved[:5]
        os.environ.clear()
        os.environ.update(environ)
        time.tzset()
        os.chdir(saved[5])
    return code, chunks


def _exit_code(main: Callable[..., None], command: Any, argv: list[str], prog: str) -> int:
    """`main` run as `emigre.cli.run` runs it, its `SystemExit` turned into the exit code; an
    unexpected error is declined (the launcher reruns the command in process, where the person
    sees the traceback the command gives)."""
    try:
        main(argv, prog, command)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        sys.stderr.write(f"{exc.code}\n")  # as Python prints an exit message
        return 1
    except Exception as exc:
        raise Declined(type(exc).__name__) from exc
    return 0


def _peer_is_me(conn: socket.socket) -> bool:
    """Whether the other end runs as this user (Linux tells; elsewhere the 0700 folder does)."""
    opt = getattr(socket, "SO_PEERCRED", None)
    if opt is None:
        return True
    creds = conn.getsockopt(socket.SOL_SOCKET, opt, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return bool(uid == os.getuid())


class Daemon:
    """The listening socket and what the daemon answers on it."""

    def __init__(self, path: str, idle_minutes: float) -> None:
        self.path, self.idle = path, idle_minutes * 60.0
        self.started, self.served, self.last = time.time(), 0, time.monotonic()
        self.stamp = code_stamp()
        self.pending = b""  # stderr of the warm-up, said on the first answer
        self.listener = _bind(path)
        self.inode = os.lstat(path).st_ino
        import typer.main

        from emigre.cli import app

        self.command = typer.main.get_command(app)

    def warm_up(self) -> None:
        """Import what plans and documents need and load the default knowledge base, so the
        first request is as quick as the next ones."""
        import emigre.documents
        import emigre.plan.rank
        import emigre.report.terminal  # noqa: F401
        from emigre.knowledge.loader import knowledge_base, watch_data

        watch_data()
        chunks: list[tuple[int, bytes]] = []
        saved = sys.stderr
        sys.stderr = _Text(_Binary(2, chunks), False, "utf-8", "backslashreplace")
        try:
            knowledge_base()
        except Exception:
            pass  # said to the first request, which loads it again
        finally:
            sys.stderr = saved
        self.pending = b"".join(data for _fd, data in chunks)

    def ours(self) -> bool:
        """Whether the socket file is still this daemon's (not removed, not another's)."""
        try:
            return os.lstat(self.path).st_ino == self.inode
        except OSError:
            return False

    def status(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "since": self.started,
            "served": self.served,
            "idle_minutes": self.idle / 60.0,
            "executable": sys.executable,
            "cpu": time.process_time(),  # for benchmarks/plan_speed.py
        }

    def answer(self, conn: socket.socket) -> bool:
        """Answer one connection; False when the daemon should exit."""
        conn.settimeout(30.0)
        if not _peer_is_me(conn):
            return True
        header, body = launcher.receive(conn)
        op = header.get("op")
        if op == "status":
            launcher.send(conn, self.status())
            return True
        if op == "stop":
            launcher.send(conn, {"stopped": os.getpid()})
            return False
        if op != "run":
            launcher.send(conn, {"declined": "unknown request"})
            return True
        if code_stamp() != self.stamp:
            launcher.send(conn, {"declined": "the installed package changed"})
            return False
        try:
            code, chunks = invoke(self.command, header, body)
        except Exception as exc:  # a malformed request, a folder it cannot enter, ...: declined
            launcher.send(conn, {"declined": type(exc).__name__})
            return True
        if self.pending:
            chunks.insert(0, (2, self.pending))
            self.pending = b""
        self.served += 1
        launcher.send(
            conn,
            {"exit": code, "chunks": [[fd, len(data)] for fd, data in chunks]},
            b"".join(data for _fd, data in chunks),
        )
        return True

    def loop(self) -> None:
        """Answer until told to stop, idle too long, or the install or the socket changes; then
        close (a client still waiting is turned away and runs its command in process)."""
        try:
            self._answer_all()
        finally:
            self.close()

    def _answer_all(self) -> None:
        while True:
            left = self.idle - (time.monotonic() - self.last)
            if left <= 0 or not self.ours() or code_stamp() != self.stamp:
                return
            self.listener.settimeout(min(left, 60.0))
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            with conn:
                try:
                    going_on = self.answer(conn)
                except Exception:
                    going_on = True  # a client that went away or sent nonsense
            self.last = time.monotonic()
            if not going_on:
                return
            gc.collect(0)

    def close(self) -> None:
        if self.listener.fileno() == -1:
            return
        if self.ours():
            Path(self.path).unlink(missing_ok=True)
        self.listener.close()


def _bind(path: str) -> socket.socket:
    """The listening socket at `path`, 0600 from the start; a stale file (nothing listening) is
    replaced, a live daemon's is not (`FileExistsError`)."""
    if os.path.lexists(path):
        probe = launcher.connect(path, 2.0)
        if probe is not None:
            probe.close()
            raise FileExistsError(errno.EEXIST, "a daemon is running", path)
        os.unlink(path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)
    try:
        sock.bind(path)
    finally:
        os.umask(old)
    os.chmod(path, 0o600)
    sock.listen(32)
    return sock


def main() -> None:
    """The daemon process (started by `emigre daemon start`): `python -c ... IDLE_MINUTES`."""
    idle = float(sys.argv[1]) if len(sys.argv) > 1 else IDLE_MINUTES
    gc.set_threshold(50_000, 10, 10)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    folder = launcher.daemon_dir()
    if launcher.unsafe_dir(folder):
        sys.exit(2)
    try:
        daemon = Daemon(launcher.socket_path(), idle)
    except FileExistsError:
        sys.exit(0)
    try:
        daemon.warm_up()
    except BaseException:
        daemon.close()
        raise
    daemon.loop()
