"""Errors meant for people: one short message naming what is wrong and how to fix it."""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError

_EXPECTED = {
    "date_from_datetime_parsing": "a date like 2001-03-15",
    "date_parsing": "a date like 2001-03-15",
    "date_type": "a date like 2001-03-15",
    "date_from_datetime_inexact": "a date like 2001-03-15",
    "extra_forbidden": "no such field; check its spelling against examples/dima.toml",
    "missing": "this field is required",
    "float_parsing": "a number",
    "float_type": "a number",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": 'a list, e.g. ["RU"]',
    "string_type": "text in quotes",
    "greater_than_equal": "a number that is not negative",
}


class InputError(Exception):
    """Bad input from the user (profile, option, data file): shown as is, exit code 2."""


def _loc(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1]}[{item + 1}]"] if parts else [f"[{item + 1}]"]
        elif item.startswith("function-after") or item in {"literal", "tagged-union"}:
            continue
        else:
            parts.append(item)
    return ".".join(parts) or "(top level)"


def describe_validation_error(exc: ValidationError, origin: str) -> str:
    """Turn pydantic's report into lines like `dima.toml: person.birth_date: expected a date ...`."""
    lines = []
    for err in exc.errors(include_url=False):
        where = _loc(tuple(err["loc"]))
        kind = err["type"]
        if kind in ("literal_error", "enum"):
            expected = "one of " + str(err.get("ctx", {}).get("expected", ""))
        elif kind == "value_error":
            expected = str(err["msg"]).removeprefix("Value error, ")
        elif kind == "greater_than_equal":
            expected = f"a number ≥ {err.get('ctx', {}).get('ge')}"
        elif kind == "greater_than":
            expected = f"a number above {err.get('ctx', {}).get('gt')}"
        elif kind == "less_than_equal":
            expected = f"a number ≤ {err.get('ctx', {}).get('le')}"
        else:
            expected = _EXPECTED.get(kind, str(err["msg"]))
        got = err.get("input")
        shown = (
            "" if kind in ("missing", "value_error") or isinstance(got, dict) else f" (got {got!r})"
        )
        lines.append(f"{origin}: {where}: {expected}{shown}")
    return "\n".join(lines)


def parse_date(value: str | None, option: str = "--on") -> date:
    """A command-line date (today if not given); a bad one names the option."""
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{option}: '{value}' is not a date; expected YYYY-MM-DD, e.g. 2026-11-25"
        ) from None
