"""The `emigre` command's entry point: a thin launcher that imports the standard library only.

A warm `emigre plan` spends most of its time importing emigre and reading the knowledge base
back, and a command plans one person; a resident planner (`emigre daemon start`, opt-in, never
started here) keeps both loaded. When one runs for this user and this install and the command
is one it serves (`plan`, `explain`: pure reads), the launcher sends it the arguments, the
working folder, the environment that shapes the output (language, colours, width, EMIGRE_*),
whether each standard stream is a terminal and its size, and the profile's bytes when the
profile is standard input; it prints what comes back, byte for byte what the command prints in
process. On any failure (no daemon, a stale socket, a changed install, a timeout, an unsafe
folder) it runs the command in process, as if no daemon existed.

The socket lives in a per-user folder (`$EMIGRE_DAEMON_DIR`, else `$XDG_RUNTIME_DIR/emigre`,
else the cache folder's `daemon/`), 0700 and owned by the user, the socket 0600; no TCP.
"""

from __future__ import annotations

import os
import stat
import sys
import zlib

TYPE_CHECKING = False  # importing typing (or pathlib) would be a fifth of the launcher's start
if TYPE_CHECKING:
    import socket
    from typing import Any, NoReturn

SERVED = frozenset({"plan", "explain"})
"""Commands the resident planner answers: they read files and print, nothing more."""

STDIN_NAMES = ("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")
"""A profile given as one of these is read by the launcher and sent along."""

FORWARD = frozenset(
    {
        "LANG",
        "LANGUAGE",
        "HOME",
        "TZ",
        "TERM",
        "COLORTERM",
        "NO_COLOR",
        "FORCE_COLOR",
        "COLUMNS",
        "LINES",
        "TTY_COMPATIBLE",
        "TTY_INTERACTIVE",
        "JUPYTER_COLUMNS",
        "JUPYTER_LINES",
    }
)
FORWARD_PREFIXES = ("LC_", "EMIGRE_", "XDG_")
"""The environment a request carries (and replaces in the daemon while it is answered)."""

MAGIC = b"EMG1"
TIMEOUT = 60.0
"""Seconds to wait for an answer (a reload after a data edit takes a second or two)."""


def forwarded(name: str) -> bool:
    """Whether an environment variable travels with a request."""
    return name in FORWARD or name.startswith(FORWARD_PREFIXES)


def install_key() -> str:
    """This install (package folder, interpreter prefix, Python version): each has a daemon of
    its own, so several installs or checkouts never answer for one another."""
    here = os.path.realpath(os.path.dirname(__file__))
    text = f"{here}\n{os.path.realpath(sys.prefix)}\n{sys.version}".encode()
    # Two CRCs, not a SHA: hashlib would be an eighth of the launcher's imports.
    return f"{zlib.crc32(text):08x}{zlib.crc32(text[::-1]):08x}"


def daemon_dir() -> str:
    """The folder of this user's daemon sockets (see the module's docstring)."""
    explicit = os.environ.get("EMIGRE_DAEMON_DIR", "")
    if explicit:
        return explicit
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isabs(runtime):
        return os.path.join(runtime, "emigre")
    from emigre.paths import cache_dir

    return str(cache_dir() / "daemon")


def socket_path() -> str:
    return os.path.join(daemon_dir(), f"planner-{install_key()}.sock")


def unsafe_dir(folder: str) -> str | None:
    """Why `folder` must not hold the socket (a symlink, another owner, open to the group or
    others, not a folder), or None when it is private to this user."""
    try:
        st = os.lstat(folder)
    except OSError as exc:
        return exc.strerror or "cannot be read"
    if stat.S_ISLNK(st.st_mode):
        return "a symbolic link"
    if not stat.S_ISDIR(st.st_mode):
        return "not a folder"
    if st.st_uid != os.getuid():
        return "owned by another user"
    if st.st_mode & 0o077:
        return "open to other users"
    return None


def private_socket(path: str) -> bool:
    """Whether `path` is a socket owned by this user and closed to everyone else."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISSOCK(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def send(sock: socket.socket, header: dict[str, Any], body: bytes = b"") -> None:
    """One message: the magic, the JSON header's and the body's lengths, then both."""
    import json
    import struct

    head = json.dumps(header, separators=(",", ":")).encode()
    sock.sendall(MAGIC + struct.pack(">IQ", len(head), len(body)) + head + body)


def _exactly(sock: socket.socket, n: int) -> bytes:
    parts: list[bytes] = []
    while n:
        part = sock.recv(min(n, 1 << 20))
        if not part:
            raise ConnectionError("the message was cut short")
        parts.append(part)
        n -= len(part)
    return b"".join(parts)


def receive(sock: socket.socket, limit: int = 1 << 30) -> tuple[dict[str, Any], bytes]:
    """One message sent by `send`; a malformed one raises (ValueError, OSError)."""
    import json
    import struct

    start = _exactly(sock, 16)
    if start[:4] != MAGIC:
        raise ValueError("not an emigre message")
    n_head, n_body = struct.unpack(">IQ", start[4:])
    if n_head > 1 << 24 or n_body > limit:
        raise ValueError("message too long")
    header = json.loads(_exactly(sock, n_head))
    if not isinstance(header, dict):
        raise ValueError("not an emigre message")
    return header, _exactly(sock, n_body)


def connect(path: str, timeout: float) -> socket.socket | None:
    """A connection to the daemon at `path`, or None (no daemon, a stale or unsafe socket)."""
    if unsafe_dir(os.path.dirname(path)) or not private_socket(path):
        return None  # checked first: with no daemon, the command pays two `lstat`s, no import
    import socket

    if not hasattr(socket, "AF_UNIX"):
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        return None
    return sock


def program_name() -> str:
    """The program's name as click would print it in usage lines ("emigre", "python -m
    emigre"), worked out here because the daemon's own `__main__` is another one."""
    main = sys.modules.get("__main__")
    path = sys.argv[0] if sys.argv else "emigre"
    package = getattr(main, "__package__", None)
    if not package:
        return os.path.basename(path)
    name = os.path.splitext(os.path.basename(path))[0]
    module = package if name == "__main__" else f"{package}.{name}"
    return f"python -m {module.lstrip('.')}"


def _terminal_size(fd: int) -> list[int] | None:
    try:
        size = os.get_terminal_size(fd)
    except (OSError, ValueError):
        return None
    return [size.columns, size.lines]


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def request(argv: list[str]) -> tuple[dict[str, Any], bytes] | None:
    """The request for `argv` (the command's arguments), or None when the daemon must not
    answer it: another command, `--help`, a debugger, dev mode or -W/-X options, or a file
    handle other than standard input given as a path."""
    if not argv or argv[0] not in SERVED or "--help" in argv:
        return None
    if sys.flags.dev_mode or sys.warnoptions or sys._xoptions:
        return None
    if sys.gettrace() or sys.getprofile() or os.environ.get("EMIGRE_NO_DAEMON"):
        return None
    if not private_socket(socket_path()):
        return None  # no daemon: nothing more to work out
    reads_stdin = False
    for arg in argv[1:]:
        if arg in STDIN_NAMES:
            reads_stdin = True
        elif arg.startswith(("/dev/fd/", "/proc/")):
            return None  # a pipe of this process (`<(...)`): the daemon cannot open it
    try:
        cwd = os.getcwd()
    except OSError:
        return None
    out, err = sys.stdout, sys.stderr
    if out is None or err is None or not hasattr(out, "buffer") or not hasattr(err, "buffer"):
        return None
    body = b""
    if reads_stdin:
        if sys.stdin is None:
            return None
        body = sys.stdin.buffer.read()
    header = {
        "op": "run",
        "argv": argv,
        "prog": program_name(),
        "cwd": cwd,
        "env": {k: v for k, v in os.environ.items() if forwarded(k)},
        "tty": [_isatty(sys.stdin), _isatty(out), _isatty(err)],
        "size": [_terminal_size(fd) for fd in (0, 1, 2)],
        "streams": [[out.encoding, out.errors], [err.encoding, err.errors]],
        "stdin": reads_stdin,
    }
    return header, body


def answer(asked: tuple[dict[str, Any], bytes]) -> tuple[int, list[tuple[int, bytes]]] | None:
    """The daemon's answer to a request: the exit code and what to write on stdout (1) and
    stderr (2), in order; None when there is no daemon or it could not answer."""
    sock = connect(socket_path(), TIMEOUT)
    if sock is None:
        return None
    try:
        with sock:
            send(sock, *asked)
            header, body = receive(sock)
    except (OSError, ValueError):
        return None
    code, chunks = header.get("exit"), header.get("chunks")
    if type(code) is not int or not isinstance(chunks, list):
        return None  # the daemon declined (its install changed, an unexpected error)
    out: list[tuple[int, bytes]] = []
    at = 0
    for chunk in chunks:
        if not (isinstance(chunk, list) and len(chunk) == 2 and chunk[0] in (1, 2)):
            return None
        n = chunk[1]
        if type(n) is not int or n < 0 or at + n > len(body):
            return None
        out.append((chunk[0], body[at : at + n]))
        at += n
    return (code, out) if at == len(body) else None


def run() -> NoReturn:
    """The `emigre` console script: through the daemon when one answers, else in process."""
    asked = None
    try:
        asked = request(sys.argv[1:])
        answered = answer(asked) if asked is not None else None
    except (OSError, ValueError, TypeError):
        answered = None
    except KeyboardInterrupt:
        sys.stderr.write("\nAborted!\n")  # as click says it when the command runs in process
        sys.exit(1)
    if answered is None:
        if asked is not None and asked[0]["stdin"]:
            # Standard input is read already: the profile is taken from what was read.
            import emigre.profile_reading

            emigre.profile_reading.given_stdin = asked[1]
        from emigre.cli import run as in_process

        in_process()
    code, chunks = answered
    streams = {1: sys.stdout, 2: sys.stderr}
    try:
        for fd, data in chunks:
            streams[fd].flush()
            streams[fd].buffer.write(data)
        for stream in streams.values():
            stream.flush()
    except BrokenPipeError:
        # As in process (click): a reader that went away ends the command quietly, code 1.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    sys.exit(code)
