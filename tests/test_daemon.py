"""The resident planner (`emigre daemon start`): what a person gets through it is byte for byte
what the command prints in process, and any trouble with it falls back to the command in
process without a word."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

PEOPLE = ROOT / "tests" / "fixtures" / "people"
DIMA, ANYA = str(EXAMPLES / "dima.toml"), str(EXAMPLES / "anya.toml")
ON = ("--on", "2026-11-25")


def _env(folder: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env.pop("EMIGRE_NO_DAEMON", None)
    return {**env, "EMIGRE_DAEMON_DIR": str(folder), **extra}


def _emigre(
    folder: Path, *args: str, stdin: bytes | None = None, **extra: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "emigre", *args],
        capture_output=True,
        input=stdin,
        env=_env(folder, **extra),
        check=False,
        timeout=120,
    )


def _status(folder: Path) -> dict[str, object] | None:
    """The daemon's status (what `daemon status` prints), asked over its socket."""
    from emigre import launcher

    sock = launcher.connect(str(folder / f"planner-{launcher.install_key()}.sock"), 30.0)
    if sock is None:
        return None
    with sock:
        launcher.send(sock, {"op": "status"})
        return launcher.receive(sock)[0]


def _served(folder: Path) -> int:
    """How many commands the daemon has answered."""
    status = _status(folder)
    assert status is not None
    return int(str(status["served"]))


def _pid(folder: Path) -> int | None:
    status = _status(folder)
    return None if status is None else int(str(status["pid"]))


def _alive(pid: int) -> bool:
    """Whether process `pid` runs (a zombie left for a parent to reap does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def _folder() -> Path:
    # A short path: a Unix socket's path must fit in 108 bytes.
    folder = Path(tempfile.mkdtemp(prefix="emd-", dir="/tmp"))
    folder.chmod(0o700)
    return folder


@pytest.fixture(scope="module")
def daemon() -> Iterator[Path]:
    """A daemon for this install in a private temporary folder, always stopped afterwards."""
    folder = _folder()
    pid = None
    try:
        res = _emigre(folder, "daemon", "start", "--idle-minutes", "10")
        assert res.returncode == 0, res.stderr
        pid = _pid(folder)
        assert pid is not None
        yield folder
    finally:
        _emigre(folder, "daemon", "stop")
        if pid is not None:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(folder, ignore_errors=True)


def _in_process(folder: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[bytes]:
    return _emigre(folder, *args, EMIGRE_NO_DAEMON="1", **extra)


def _same(daemon: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[bytes]:
    """Run `args` through the daemon and in process; assert the same output and exit code and
    that the daemon did answer."""
    before = _served(daemon)
    through = _emigre(daemon, *args, **extra)
    assert _served(daemon) == before + 1, "the daemon did not answer"
    alone = _in_process(daemon, *args, **extra)
    assert through.returncode == alone.returncode
    assert through.stderr == alone.stderr
    assert through.stdout == alone.stdout
    return through


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("plan", DIMA, "--format", "json", *ON), {}),
        (("plan", DIMA, "--format", "json", "--lang", "ru", *ON), {}),
        (("plan", ANYA, "--all", *ON), {"LANG": "ru_RU.UTF-8", "COLUMNS": "80"}),
        (("plan", str(PEOPLE / "kz_nurse.toml"), *ON), {}),
        (("plan", str(PEOPLE / "activist.toml"), "--format", "json", *ON), {"LANG": "ru_RU.UTF-8"}),
        (("explain", "de.blue_card.it_specialist", DIMA, *ON), {}),
        (("explain", "de.blue_card.it_specialist", DIMA, "--format", "json", *ON), {}),
    ],
)
def test_daemon_answers_byte_for_byte(
    daemon: Path, args: tuple[str, ...], env: dict[str, str]
) -> None:
    res = _same(daemon, *args, **env)
    assert res.returncode == 0 and res.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("plan", "no-such-profile.toml"),
        ("plan", DIMA, "--top", "0"),
        ("plan", DIMA, "--on", "2026-13-01"),
        ("plan", DIMA, "--no-such-option"),
        ("explain", "xx.no_such_route", DIMA),
    ],
)
def test_bad_input_same_line_and_code(daemon: Path, args: tuple[str, ...]) -> None:
    res = _same(daemon, *args)
    assert res.returncode == 2
    assert b"Traceback" not in res.stderr


def test_situation_warnings_come_with_every_answer(daemon: Path) -> None:
    first = _emigre(daemon, "plan", DIMA, *ON, "--top", "1")
    second = _emigre(daemon, "plan", DIMA, *ON, "--top", "1")
    assert b"Before any route" in first.stdout
    assert first.stdout == second.stdout


def test_profile_from_standard_input(daemon: Path) -> None:
    text = Path(DIMA).read_bytes()
    before = _served(daemon)
    through = _emigre(daemon, "plan", "/dev/stdin", "--format", "json", *ON, stdin=text)
    assert _served(daemon) == before + 1
    alone = _in_process(daemon, "plan", DIMA, "--format", "json", *ON)
    assert through.returncode == 0
    assert through.stdout.replace(b"/dev/stdin", DIMA.encode()) == alone.stdout


def test_data_edited_after_start_is_seen(daemon: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "src" / "emigre" / "data", data)
    args = ("plan", ANYA, "--all", "--format", "json", "--data", str(data), *ON)
    before = _same(daemon, *args)
    first = json.loads(before.stdout)["routes"][0]["id"]
    (route,) = [
        p
        for p in data.glob("countries/*/routes/*.yaml")
        if re.search(rf"^id:\s*{re.escape(first)}\s*$", p.read_text(encoding="utf-8"), re.M)
    ]
    route.unlink()
    after = _same(daemon, *args)
    assert first not in [r["id"] for r in json.loads(after.stdout)["routes"]]
    assert before.stdout != after.stdout


def test_not_served_commands_run_in_process(daemon: Path) -> None:
    before = _served(daemon)
    res = _emigre(daemon, "plan", "--help")
    assert res.returncode == 0 and b"Usage:" in res.stdout
    assert _emigre(daemon, "routes", "--country", "DE").returncode == 0
    assert _served(daemon) == before


def test_terminal_colours_and_width_as_in_process(daemon: Path) -> None:
    """Through a pseudo-terminal of 100 columns: the same colours, wrapping and bytes."""
    import fcntl
    import pty
    import struct
    import termios

    def on_tty(**extra: str) -> bytes:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
        env = _env(daemon, TERM="xterm-256color", **extra)
        env.pop("COLUMNS", None)
        proc = subprocess.Popen(
            [sys.executable, "-m", "emigre", "plan", ANYA, *ON],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
        )
        os.close(slave)
        out = b""
        while True:
            try:
                part = os.read(master, 65536)
            except OSError:
                break
            if not part:
                break
            out += part
        proc.wait(timeout=120)
        os.close(master)
        return out

    before = _served(daemon)
    through = on_tty()
    assert _served(daemon) == before + 1
    alone = on_tty(EMIGRE_NO_DAEMON="1")
    assert b"\x1b[" in through  # coloured, as in a terminal
    assert through == alone


def test_launcher_imports_nothing_heavy() -> None:
    code = (
        "import sys, emigre.launcher; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pydantic', 'typer', 'click', 'rich', 'yaml', 'ruamel', 'platformdirs'}), "
        "sorted(m for m in sys.modules if m.startswith('emigre.')))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "[] ['emigre.launcher']"


def test_stale_socket_falls_back_silently() -> None:
    folder = _folder()
    try:
        env = _env(folder)
        code = "import emigre.launcher as l; print(l.socket_path())"
        path = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        ).stdout.strip()
        dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            dead.bind(path)  # a socket file nothing listens on: a daemon that was killed
        finally:
            os.umask(old)
        dead.close()
        through = _emigre(folder, "plan", ANYA, "--format", "json", *ON)
        alone = _in_process(folder, "plan", ANYA, "--format", "json", *ON)
        assert (through.returncode, through.stdout, through.stderr) == (
            alone.returncode,
            alone.stdout,
            alone.stderr,
        )
        # Standard input, read before the launcher found no daemon, still reaches the command.
        piped = _emigre(
            folder, "plan", "/dev/stdin", "--format", "json", *ON, stdin=Path(ANYA).read_bytes()
        )
        assert (piped.returncode, piped.stdout) == (0, alone.stdout)
        status = _emigre(folder, "daemon", "status")
        assert status.returncode == 1 and b"No resident planner" in status.stdout
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_folder_open_to_others_is_refused() -> None:
    folder = _folder()
    try:
        folder.chmod(0o755)
        res = _emigre(folder, "daemon", "start")
        assert res.returncode == 2
        line = res.stderr.decode().strip()
        assert "\n" not in line and str(folder) in line and "700" in line
        assert not list(folder.iterdir())  # nothing started, no socket
        ru = _emigre(folder, "daemon", "start", LANG="ru_RU.UTF-8")
        assert ru.returncode == 2 and str(folder) in ru.stderr.decode()
        assert ru.stderr != res.stderr  # said in Russian
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_start_twice_status_and_stop() -> None:
    folder = _folder()
    pid = None
    try:
        assert _emigre(folder, "daemon", "start", "--idle-minutes", "5").returncode == 0
        pid = _pid(folder)
        again = _emigre(folder, "daemon", "start")
        assert again.returncode == 0 and str(pid).encode() in again.stdout
        assert _pid(folder) == pid
        status = _emigre(folder, "daemon", "status")
        assert status.returncode == 0 and f"process {pid}".encode() in status.stdout
        (sock,) = folder.iterdir()
        assert sock.stat().st_mode & 0o777 == 0o600
        stop = _emigre(folder, "daemon", "stop")
        assert stop.returncode == 0 and str(pid).encode() in stop.stdout
        assert not list(folder.iterdir())
        for _ in range(200):
            if not _alive(pid):
                break
            time.sleep(0.05)
        assert not _alive(pid)
        pid = None
        assert _emigre(folder, "daemon", "status").returncode == 1
        assert b"No resident planner" in _emigre(folder, "daemon", "stop").stdout
    finally:
        if pid is not None:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(folder, ignore_errors=True)


def _in_thread_daemon(
    monkeypatch: pytest.MonkeyPatch, idle_minutes: float
) -> tuple[Path, object, threading.Thread]:
    """A daemon in this process (a thread answering on a socket in a private folder)."""
    from emigre import daemon as resident

    folder = _folder()
    monkeypatch.setenv("EMIGRE_DAEMON_DIR", str(folder))
    from emigre import launcher

    served = resident.Daemon(launcher.socket_path(), idle_minutes)
    thread = threading.Thread(target=served.loop, daemon=True)
    thread.start()
    return folder, served, thread


def test_changed_install_is_declined_and_ends_the_daemon(monkeypatch: pytest.MonkeyPatch) -> None:
    from emigre import daemon as resident
    from emigre import launcher

    folder, served, thread = _in_thread_daemon(monkeypatch, 5)
    try:
        asked = ({"op": "run", "argv": ["plan", DIMA]}, b"")
        monkeypatch.setattr(resident, "code_stamp", lambda: "another install")
        assert launcher.answer(asked) is None  # the launcher then runs it in process
        thread.join(10)
        assert not thread.is_alive()
    finally:
        served.close()  # type: ignore[attr-defined]
        shutil.rmtree(folder, ignore_errors=True)
    assert not list(folder.glob("*.sock"))


def test_idle_daemon_exits(monkeypatch: pytest.MonkeyPatch) -> None:
    folder, served, thread = _in_thread_daemon(monkeypatch, 0.01)  # 0.6 s
    try:
        thread.join(10)
        assert not thread.is_alive()
    finally:
        served.close()  # type: ignore[attr-defined]
        shutil.rmtree(folder, ignore_errors=True)


def test_idle_minutes_must_be_positive() -> None:
    folder = _folder()
    try:
        res = _emigre(folder, "daemon", "start", "--idle-minutes", "0")
        assert res.returncode == 2
        assert res.stderr.decode().count("\n") == 1 and b"--idle-minutes" in res.stderr
        assert not list(folder.iterdir())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_daemon_that_does_not_answer_is_given_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """A socket that takes the connection and never answers (a hung daemon): the launcher gives
    up after its timeout and the command runs in process."""
    from emigre import launcher

    folder = _folder()
    monkeypatch.setenv("EMIGRE_DAEMON_DIR", str(folder))
    monkeypatch.setattr(launcher, "TIMEOUT", 0.3)
    hung = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)
    try:
        hung.bind(launcher.socket_path())
    finally:
        os.umask(old)
    hung.listen(1)
    try:
        asked = ({"op": "run", "argv": ["plan", DIMA]}, b"")
        started = time.monotonic()
        assert launcher.answer(asked) is None
        assert time.monotonic() - started < 5
    finally:
        hung.close()
        shutil.rmtree(folder, ignore_errors=True)


def test_socket_path_too_long_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / ("x" * 120)
    res = _emigre(folder, "daemon", "start")
    assert res.returncode == 2
    line = res.stderr.decode()
    assert line.count("\n") == 1 and "EMIGRE_DAEMON_DIR" in line
