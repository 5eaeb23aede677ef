"""Reading a profile: TOML or JSON text (from a file, an upload or a form) into a checked
`Profile`. Every failure is an `InputError` that names the field and what is expected (the line
of the text for a syntax error); a profile that breaks a rule is a `ProfileError` carrying
pydantic's error records, each of a stable type (`profile_values.Problem`).
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from emigre.errors import InputError, describe_validation_error, shown
from emigre.profile import Profile


class ProfileError(InputError):
    """A profile that breaks the rules; `problems` are pydantic's error records (type, loc, ...)."""

    def __init__(self, message: str, problems: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.problems = problems


def parse_profile(data: dict[str, Any], origin: str = "profile") -> Profile:
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        problems = [dict(e) for e in exc.errors(include_url=False)]
        raise ProfileError(describe_validation_error(exc, origin), problems) from None
    except RecursionError:
        raise InputError(f"{origin}: not a valid profile: nested far too deeply") from None


def _line_of(text: str, message: str) -> str:
    """The offending line, so the message names the field and not just a line number."""
    match = re.search(r"line (\d+)", message)
    if not match:
        return ""
    lines = text.splitlines()
    n = int(match.group(1))
    return f" near `{lines[n - 1].strip()[:80]}`" if 0 < n <= len(lines) else ""


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number; write a plain number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:20]} is too large a number")
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose key appears twice is refused (JSON readers keep one of the two
    without a word; TOML refuses it too)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key '{shown(key, 40)}' appears twice in one object; keep one")
        out[key] = value
    return out


def _depth(data: Any, limit: int = 32) -> int:
    """How deeply `data` nests, counted without recursion (stops at `limit`)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    deepest = 0
    while stack:
        item, d = stack.pop()
        deepest = max(deepest, d)
        if d >= limit:
            return d
        if isinstance(item, dict):
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, d + 1) for v in item)
    return deepest


def read_profile_text(text: str, origin: str, *, json_format: bool) -> dict[str, Any]:
    """Parse TOML or JSON text; deep nesting, huge numbers, NaN and Infinity are refused. A
    byte-order mark (which Windows Notepad writes) is not part of the text."""
    text = text.removeprefix("\ufeff")
    try:
        data = (
            json.loads(
                text,
                parse_constant=_no_constant,
                parse_float=_finite_float,
                object_pairs_hook=_unique_keys,
            )
            if json_format
            else tomllib.loads(text)
        )
    except tomllib.TOMLDecodeError as exc:
        near = _line_of(text, str(exc))
        raise InputError(
            f"{origin}: not valid TOML: {exc}{near}. Dates are written 2001-03-15, text in quotes"
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{origin}: not valid JSON: {exc}") from None
    except RecursionError:
        raise InputError(f"{origin}: not a valid profile: nested far too deeply") from None
    except ValueError as exc:  # a number with thousands of digits, NaN/Infinity in JSON
        reason = str(exc)
        if "digits" in reason:
            reason = "a number has thousands of digits; no real figure is that long"
        raise InputError(f"{origin}: not a valid profile: {reason[:120]}") from None
    if not isinstance(data, dict):
        raise InputError(f"{origin}: not a valid profile: expected a table of sections")
    if _depth(data) > 8:
        raise InputError(f"{origin}: not a valid profile: nested far too deeply")
    return data


STDIN_NAMES = ("/dev/stdin", "/dev/fd/0", "/proc/self/fd/0")
"""The paths of standard input a profile can be given as (`emigre.launcher` reads them)."""

given_stdin: bytes | None = None
"""Standard input as the launcher read it, when it did (to send it to the resident planner,
`emigre.daemon`): a profile given as one of `STDIN_NAMES` is read from these bytes."""


def load_profile(path: Path) -> Profile:
    """Read a TOML (or .json) profile; every failure becomes an InputError naming the field."""
    try:
        raw = given_stdin if given_stdin is not None and str(path) in STDIN_NAMES else None
        raw = path.read_bytes() if raw is None else raw
    except FileNotFoundError:
        raise InputError(
            f"{path}: no such file. Give the path to a profile, e.g. examples/dima.toml"
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save the profile as UTF-8") from None
    data = read_profile_text(text, str(path), json_format=path.suffix.lower() == ".json")
    return parse_profile(data, str(path))
