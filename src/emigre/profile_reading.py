"""Reading a profile: TOML or JSON text (from a file, an upload or a form) into a checked
`Profile`. Every failure is an `InputError` that names the field and what is expected (the line
of the text for a syntax error); a profile that breaks a rule is a `ProfileError` carrying
pydantic's error records, each of a stable type (`profile_values.Problem`).
"""

from __future__ import annotations

import difflib
import json
import math
import tomllib
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from emigre.errors import InputError, error_line, shown
from emigre.i18n import _, current_language
from emigre.profile import Profile
from emigre.profile_syntax import toml_problem


class ProfileError(InputError):
    """A profile that breaks the rules; `problems` are pydantic's error records (type, loc, ...)."""

    def __init__(self, message: str, problems: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.problems = problems


def parse_profile(data: dict[str, Any], origin: str = "profile") -> Profile:
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        problems = with_suggestions([dict(e) for e in exc.errors(include_url=False)])
        lines = [f"{origin}: {where}: {expected}" for where, expected in map(error_line, problems)]
        raise ProfileError("\n".join(lines), problems) from None
    except RecursionError:
        raise InputError(
            _("{origin}: not a valid profile: nested far too deeply").format(origin=origin)
        ) from None


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
        raise InputError(toml_problem(text, str(exc), origin)) from None
    except json.JSONDecodeError as exc:
        lines = text.splitlines()
        shown_line = lines[exc.lineno - 1].strip()[:80] if 0 < exc.lineno <= len(lines) else ""
        raise InputError(
            _("{origin}: not valid JSON at line {line}, column {column}").format(
                origin=origin, line=exc.lineno, column=exc.colno
            )
            + (f" (`{shown_line}`)" if shown_line else "")
            + _(": check the commas, quotes and brackets")
            # the reader's own words are English: shown only to a reader of English
            + (f" ({exc.msg})" if current_language() == "en" else "")
        ) from None
    except RecursionError:
        raise InputError(
            _("{origin}: not a valid profile: nested far too deeply").format(origin=origin)
        ) from None
    except ValueError as exc:  # a number with thousands of digits, NaN/Infinity in JSON
        reason = str(exc)
        if "digits" in reason:
            reason = _("a number has thousands of digits; no real figure is that long")
        raise InputError(
            _("{origin}: not a valid profile: {reason}").format(origin=origin, reason=reason[:120])
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            _("{origin}: not a valid profile: expected a table of sections").format(origin=origin)
        )
    if _depth(data) > 8:
        raise InputError(
            _("{origin}: not a valid profile: nested far too deeply").format(origin=origin)
        )
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
            _("{path}: no such file. Give the path to a profile, e.g. examples/dima.toml").format(
                path=path
            )
        ) from None
    except OSError as exc:
        raise InputError(
            _("{path}: cannot be read ({reason})").format(path=path, reason=exc.strerror)
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(
            _("{path}: not UTF-8 text; save the profile as UTF-8").format(path=path)
        ) from None
    data = read_profile_text(text, str(path), json_format=path.suffix.lower() == ".json")
    return parse_profile(data, str(path))


def _slots() -> dict[str, list[str]]:
    """The profile's sections ("" for the top, "work[]" for a repeating one) and their fields."""
    from emigre.profile_fields import fields

    out: dict[str, list[str]] = {"": []}
    for info in fields():
        top = info.path.split(".")[0].removesuffix("[]")
        if top not in out[""]:
            out[""].append(top)
        if "<" in info.path:  # languages.<code>: any code is a field
            continue
        section, _, name = info.path.rpartition(".")
        out.setdefault(section, []).append(name)
    return out


def with_suggestions(problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The profile's errors, each unknown field with what the person probably meant (`near` in
    its context, shown as "did you mean"): a field of the same section spelt alike
    (`saving` → `savings`, `citizenships` → `citizenship`), else the section where a field of
    that name belongs (`[person] savings` → `money.savings`). A required field reported missing
    because it was misspelt is not reported a second time."""
    slots = _slots()
    out: list[dict[str, Any]] = []
    meant: set[tuple[Any, ...]] = set()
    for err in problems:
        loc = tuple(err["loc"])
        if err["type"] != "extra_forbidden" or not loc or not isinstance(loc[-1], str):
            out.append(err)
            continue
        section = ".".join("[]" if isinstance(p, int) else p for p in loc[:-1]).replace(".[]", "[]")
        name = loc[-1]
        same = difflib.get_close_matches(name, slots.get(section, []), n=2, cutoff=0.75)
        near = list(same)
        if not near:
            near = [f"{s}.{name}" for s, names in slots.items() if s and name in names]
        if not near and not section:
            near = difflib.get_close_matches(name, slots[""], n=2, cutoff=0.6)
        if near:
            err = {**err, "ctx": {**(err.get("ctx") or {}), "near": ", ".join(near)}}
            meant.update(loc[:-1] + (n,) for n in same)
        out.append(err)
    return [e for e in out if not (e["type"] == "missing" and tuple(e["loc"]) in meant)]
