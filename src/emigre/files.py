"""Writing what the program produces: every file atomically, every JSON document strict.

A file is written next to its destination and renamed over it in one step, so an interrupted
run (a full disk, Ctrl-C, a crash) never leaves half a table that looks complete. JSON never holds
NaN or Infinity, which are not JSON and break other programs' parsers: a figure that is not a
finite number is `null`, like any unknown figure.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

from emigre.errors import InputError

T = TypeVar("T")


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`; renamed over `path` when the block succeeds, removed if
    it fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write `content` (text as UTF-8) to `path` all at once or not at all."""
    with atomic_path(path) as tmp:
        _write(tmp, content)


def _write(path: Path, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


@contextmanager
def output_path(path: Path) -> Iterator[Path]:
    """`atomic_path` for a file the user named (`-o`, `--errors`): a path that cannot be written
    (a folder, no permission, a full disk) is an InputError naming it, never a traceback; the
    temporary file is removed and an old file at `path` is left as it was."""
    try:
        with atomic_path(path) as tmp:
            yield tmp
    except OSError as exc:
        raise InputError(
            f"{path}: cannot be written ({exc.strerror or exc}); give another file name"
        ) from None


def write_output(path: Path, content: str | bytes) -> None:
    """`write_atomic` for a file the user named (see `output_path`)."""
    with output_path(path) as tmp:
        _write(tmp, content)


def finite(value: T) -> T:
    """`value` with every non-finite float (NaN, ±Infinity) replaced by None.

    >>> finite({"a": [1.0, float("nan")], "b": float("inf")})
    {'a': [1.0, None], 'b': None}
    """
    return cast(T, _finite(value))


_PLAIN = frozenset({str, int, bool, type(None)})
"""Types that are never a non-finite float: passed through without a call."""


def _finite(value: Any) -> Any:
    # Exact types first (a document is mostly dicts, lists and strings), subclasses after.
    kind = type(value)
    if kind is dict:
        return {k: v if type(v) in _PLAIN else _finite(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [v if type(v) in _PLAIN else _finite(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


_EXPONENT = re.compile(rb"e-[0-9]")


def _unlike_json_dumps(out: bytes) -> bool:
    """Whether pydantic-core's text may differ from `json.dumps`': a float below 1e-4 (it writes
    0.00001 and 3e-7 where Python writes 1e-05 and 3e-07) or a `None` key ("None", not "null").
    Text that only looks like one (inside a string) says yes too; a few plain searches (a
    regular expression with alternatives took as long as the encoding)."""
    if b"0.0000" in out or b'"None":' in out:
        return True
    for m in _EXPONENT.finditer(out):
        i = m.start()
        if out[i - 1 : i].isdigit() and not out[i + 3 : i + 4].isdigit():
            return True
    return False


def strict_json(doc: Any, indent: int | None = 2) -> str:
    """Standard JSON (RFC 8259): no NaN or Infinity tokens, whatever `doc` holds. Compact
    (no spaces) when `indent` is None.

    Written by pydantic-core's encoder (Rust; a third of the time of `json.dumps` compact, a
    fifth indented), which writes a non-finite float as `null`, as `finite` does; the text is
    what `json.dumps` writes, and where it could differ (`_unlike_json_dumps`, or a value the
    encoder refuses) `json.dumps` writes it.
    """
    from pydantic_core import PydanticSerializationError, to_json

    try:
        out = to_json(doc, indent=indent, inf_nan_mode="null")
    except (PydanticSerializationError, ValueError, TypeError):
        out = None
    if out is not None and not _unlike_json_dumps(out):
        return out.decode("utf-8")
    seps = (",", ":") if indent is None else (",", ": ")
    try:
        return json.dumps(doc, ensure_ascii=False, indent=indent, separators=seps, allow_nan=False)
    except ValueError:
        pass
    return json.dumps(
        finite(doc), ensure_ascii=False, indent=indent, separators=seps, allow_nan=False
    )
