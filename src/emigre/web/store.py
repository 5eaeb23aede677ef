"""Saved profiles: a small SQLite file in the user's data folder, never sent anywhere.

The file is `profiles.sqlite3` in the data folder (`emigre.paths.data_dir`: `$EMIGRE_HOME` if set,
else `$XDG_DATA_HOME/emigre`, else `~/.local/share/emigre` on Linux), readable by its owner only
(0600, in a folder made 0700 when emigre creates it): other accounts on the computer cannot read
who the person is.
A profile is kept as JSON in the structure of the TOML file, so export and import are lossless.
"""

from __future__ import annotations

import json
import re
import sqlite3
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from emigre.errors import InputError
from emigre.i18n import _
from emigre.paths import data_dir, private_file, private_folder
from emigre.profile import Profile
from emigre.profile_reading import parse_profile, read_profile_text
from emigre.profile_syntax import toml_problem

_SCHEMA = """
create table if not exists profiles (
    id integer primary key autoincrement,
    name text not null,
    data text not null,
    created text not null,
    updated text not null
)
"""


def default_path() -> Path:
    return data_dir() / "profiles.sqlite3"


@dataclass(frozen=True)
class Saved:
    id: int
    name: str
    data: dict[str, Any]
    updated: str

    def profile(self) -> Profile:
        return parse_profile(self.data, self.name)


def profile_data(profile: Profile) -> dict[str, Any]:
    """The profile in the TOML structure, as JSON-ready values (dates as YYYY-MM-DD)."""
    data: dict[str, Any] = profile.model_dump(mode="json", exclude_none=True)
    return data


def to_toml(profile: Profile) -> str:
    import tomli_w

    data = profile.model_dump(mode="python", exclude_none=True)
    return tomli_w.dumps(_drop_empty(data))


def _drop_empty(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_empty(v) for k, v in value.items() if v not in ({}, [], None)}
    if isinstance(value, list):
        return [_drop_empty(v) for v in value]
    return value


class SyntaxInFile(InputError):
    """A file that is neither TOML nor JSON; `where` is its line and column, as the parser says."""

    def __init__(self, message: str, where: str, fix: str = "") -> None:
        super().__init__(message)
        self.where = where
        self.fix = fix
        """For TOML: the line, the field and what to write (`profile_syntax`), in the language
        of the moment."""


def _where(exc: Exception) -> str:
    """ "line 3, column 7" from a TOML or JSON parser's error (the numbers, in any language)."""
    if isinstance(exc, json.JSONDecodeError):
        line, col = exc.lineno, exc.colno
    else:
        found = re.search(r"line (\d+), column (\d+)", str(exc))
        if not found:
            return _("at the end of the file") if "end of document" in str(exc) else "?"
        line, col = int(found.group(1)), int(found.group(2))
    return _("line %(line)s, column %(col)s") % {"line": line, "col": col}


def from_text(text: str, name: str) -> Profile:
    """A profile from the text of a TOML (or JSON) file, with field-named errors; read by the
    same guarded reader as `emigre plan` (deep nesting, huge numbers, NaN are refused). A syntax
    error is raised as `SyntaxInFile`, with its place, so that a page can say it in its language."""
    text = text.removeprefix("\ufeff")  # a byte-order mark (Windows Notepad) is not the text
    json_format = text.lstrip().startswith("{")
    try:
        (json.loads if json_format else tomllib.loads)(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        kind = "JSON" if json_format else "TOML"
        fix = "" if json_format else toml_problem(text, str(exc), name, known_only=True)
        raise SyntaxInFile(f"{name}: not valid {kind}: {exc}", _where(exc), fix) from None
    except (RecursionError, ValueError):
        pass  # the guarded reader below says what is wrong
    data = read_profile_text(text, name, json_format=json_format)
    return parse_profile(data, name)


class StoreError(Exception):
    """The data folder cannot be used (read-only, full, not a folder, a damaged file); `folder`
    and `reason` let the error page say it in the reader's language."""

    def __init__(self, message: str, folder: str = "", reason: str = "") -> None:
        super().__init__(message)
        self.folder, self.reason = folder, reason


class ProfileStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        try:
            private_folder(self.path.parent)
            private_file(self.path)  # SQLite gives its journal the permissions of this file
            con = sqlite3.connect(self.path)
        except (OSError, sqlite3.Error) as exc:
            raise self._problem(exc) from None
        try:
            # A deleted or replaced profile is overwritten with zeros, not only marked free:
            # someone who takes the computer must not read back what the person deleted.
            con.execute("pragma secure_delete = on")
            con.execute(_SCHEMA)
            with con:
                yield con
        except (OSError, sqlite3.Error) as exc:
            raise self._problem(exc) from None
        finally:
            con.close()

    def _problem(self, exc: Exception) -> StoreError:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return StoreError(
            f"Saved profiles cannot be read or written in {self.path.parent} ({reason}). "
            "Make that folder writable, or set EMIGRE_HOME to a folder you can write to.",
            str(self.path.parent),
            reason,
        )

    def list(self) -> list[Saved]:
        with self._db() as con:
            rows = con.execute(
                "select id, name, data, updated from profiles order by updated desc, id desc"
            ).fetchall()
        return [Saved(r[0], r[1], json.loads(r[2]), r[3]) for r in rows]

    def get(self, pid: int) -> Saved | None:
        with self._db() as con:
            row = con.execute(
                "select id, name, data, updated from profiles where id = ?", (pid,)
            ).fetchone()
        return None if row is None else Saved(row[0], row[1], json.loads(row[2]), row[3])

    def save(self, name: str, profile: Profile, pid: int | None = None) -> int:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        text = json.dumps(profile_data(profile), ensure_ascii=False)
        name = name.strip()[:80] or "profile"
        with self._db() as con:
            if pid is not None:
                cur = con.execute(
                    "update profiles set name = ?, data = ?, updated = ? where id = ?",
                    (name, text, now, pid),
                )
                if cur.rowcount:
                    return pid
            cur = con.execute(
                "insert into profiles (name, data, created, updated) values (?, ?, ?, ?)",
                (name, text, now, now),
            )
            assert cur.lastrowid is not None
            return cur.lastrowid

    def delete(self, pid: int) -> None:
        with self._db() as con:
            con.execute("delete from profiles where id = ?", (pid,))
