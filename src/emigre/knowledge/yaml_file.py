"""A YAML file of the knowledge base (or a profile, a reform, a synthetic population's spec) read
as YAML 1.2, so that `NO` stays Norway: every failure names the file, and a string that holds a
control or direction character is refused."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from emigre.errors import DataError, EmigreError, InputError
from emigre.yaml12 import yaml_reader


def read_yaml(path: Path, label: str, error: type[EmigreError] = InputError) -> Any:
    """A YAML 1.2 file (so `NO` stays Norway); every failure names the file."""
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml_reader().load(text)
    except FileNotFoundError:
        raise error(f"{label}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{label}: cannot be read ({exc})") from None
    except Exception as exc:
        # ruamel reports every error (`yaml12`); it is imported only when a file needs it.
        from ruamel.yaml.error import YAMLError

        if isinstance(exc, YAMLError):
            raise error(f"{label}:{_yaml_problem(text, exc)}") from None
        if isinstance(exc, ValueError | OverflowError):  # a date that does not exist
            raise error(f"{label}: {_bad_value(text, exc)}") from None
        raise
    # YAML refuses a raw control character, but double quotes can spell one ("\e"), and a
    # direction override is printable: shown on a terminal or a page, either would make the text
    # act or read otherwise than it is stored. Only a file that could hold one is walked.
    if "\\" in text or _RAW_HIDDEN.search(text):
        where = _hidden_in(data)
        if where is not None:
            path_in, char = where
            raise error(
                f"{label}: {path_in}: a control or direction character ({char}) is not text"
            )
    return data


_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What `profile_values.HIDDEN_CHARACTERS` refuses in a profile, but for line breaks and tabs
(a folded or literal block has them)."""
_RAW_HIDDEN = re.compile("[\x85\u202a-\u202e\u2066-\u2069]")
"""Of those, the ones YAML lets stand in a file as they are."""


def _hidden_in(value: Any, at: str = "") -> tuple[str, str] | None:
    """The place and the escaped character of the first hidden character in a string of `value`
    (its keys too), if any."""
    if isinstance(value, str):
        found = _HIDDEN.search(value)
        return None if found is None else (at or "(top level)", repr(found.group())[1:-1])
    if isinstance(value, dict):
        for key, item in value.items():
            place = f"{at}.{key}" if at else str(key)
            hit = _hidden_in(key, place) or _hidden_in(item, place)
            if hit is not None:
                return hit
    if isinstance(value, list):
        for n, item in enumerate(value):
            hit = _hidden_in(item, f"{at}[{n}]")
            if hit is not None:
                return hit
    return None


def _bad_value(text: str, exc: Exception) -> str:
    """Where a value YAML reads but cannot build lies (2026-13-01, 2025-02-29): the first line
    with a date that does not exist, else the reader's own words."""
    from datetime import date

    for n, line in enumerate(text.splitlines(), 1):
        for found in re.finditer(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w.-])", line):
            try:
                date(*(int(g) for g in found.groups()))
            except ValueError:
                return (
                    f"line {n}: {found.group()} is not a date ({exc}); write an existing day, "
                    "YYYY-MM-DD"
                )
    return f"a value cannot be read ({exc})"


def data_yaml(path: Path, rel: str) -> Any:
    """A file of the data folder (`rel`: its path there); a failure is a `DataError`."""
    return read_yaml(path, rel, DataError)


_YAML_KEY = re.compile(r"^(\s*)(?:- )?([\w.\-]+|\"[^\"]*\"):(?:\s|$)(.*)$")


def _yaml_field(lines: list[str], n: int) -> str:
    """The key of line `n` (1-based) with the keys it sits under ("timeline.wait_weeks"), found
    by indentation; list items are not counted. Empty when the line holds no key."""
    found = _YAML_KEY.match(lines[n - 1]) if 0 < n <= len(lines) else None
    if not found:
        return ""
    indent, path = len(found.group(1)), [found.group(2).strip('"')]
    for line in reversed(lines[: n - 1]):
        above = _YAML_KEY.match(line)
        if not above or len(above.group(1)) >= indent:
            continue
        if above.group(3).strip():  # a value, not the mapping this key sits in
            break
        indent = len(above.group(1))
        path.insert(0, above.group(2).strip('"'))
        if indent == 0:
            break
    return ".".join(path)


def _open_quote(lines: list[str], n: int) -> int | None:
    """The first line up to `n` whose value opens a double quote it does not close: a quoted
    value runs on over the next lines, so YAML notices the slip only where it ends."""
    for i, line in enumerate(lines[:n], 1):
        found = _YAML_KEY.match(line)
        value = found.group(3).strip() if found else ""
        if value.startswith('"') and (len(value) == 1 or not value.endswith('"')):
            if (value.count('"') - value.count('\\"')) % 2 == 1:
                return i
    return None


def _yaml_problem(text: str, exc: Exception) -> str:
    """ "line N: field: what is wrong; what to write" for a file YAML cannot read, with the
    reader's own words where the slip is not one of the common ones."""
    lines = text.splitlines()
    problem = str(getattr(exc, "problem", "") or "")
    mark = getattr(exc, "problem_mark", None)
    n = mark.line + 1 if mark is not None else len(lines)
    if "tab character" in problem or "'\\t'" in problem:
        fix = "a tab indents this line; indent with spaces"
    elif problem.startswith("found duplicate key"):
        key = re.search(r'key "([^"]*)"', problem)
        name = key.group(1) if key else "?"
        indent = len(lines[n - 1]) - len(lines[n - 1].lstrip()) if 0 < n <= len(lines) else 0
        first = next(
            (
                i
                for i, line in enumerate(lines[: n - 1], 1)
                if re.match(rf"\s{{{indent}}}(- )?{re.escape(name)}:", line)
            ),
            None,
        )
        fix = "given twice" + (f" (lines {first} and {n})" if first else "") + "; keep one"
    else:
        opened = _open_quote(lines, n)
        if opened is not None:
            n, fix = opened, 'a quote is not closed; end the value with "'
        else:
            fix = f"not valid YAML: {problem or exc}".replace("\n", " ")
            fix += " (check the indentation and the quotes of this line and the one before)"
    field = _yaml_field(lines, n)
    return f"{n}: {field + ': ' if field else ''}{fix}"


def key_lines(text: str) -> dict[str, list[int]]:
    """Where each key of a block-style YAML file is written: its dotted path (list items not
    counted: "sources.url") to the lines that set it, found by indentation; the contents of
    folded and literal blocks (`>-`, `|`) are text, not keys."""
    out: dict[str, list[int]] = {}
    stack: list[tuple[int, str]] = []
    block: int | None = None  # the indentation of the key whose folded text runs on
    for n, line in enumerate(text.splitlines(), 1):
        indent = len(line) - len(line.lstrip(" "))
        if block is not None:
            if not line.strip() or indent > block:
                continue
            block = None
        found = _YAML_KEY.match(line)
        if not found:
            continue
        at = len(found.group(1)) + (2 if line.lstrip(" ").startswith("- ") else 0)
        key, value = found.group(2).strip('"'), found.group(3).strip()
        while stack and stack[-1][0] >= at:
            stack.pop()
        path = ".".join([k for _, k in stack] + [key])
        out.setdefault(path, []).append(n)
        if not value or value.startswith("#"):
            stack.append((at, key))
        elif value[0] in ">|":
            block = at
    return out


def with_lines(message: str, label: str, text: str) -> str:
    """Each line of a validation message about the file `label` ("label: field: expected")
    with the line of the file where that field is written ("label:12: field: expected"), where
    the field is written once (a key repeated in a list's items is left without one)."""
    lines = key_lines(text)
    out = []
    for row in message.split("\n"):
        head, sep, rest = row.partition(": ")
        field = rest.split(": ")[0] if head == label and sep else ""
        path = re.sub(r"\[\d+\]", "", field)
        where = lines.get(path) or _within(lines, path.split("."))
        out.append(f"{label}:{where[0]}: {rest}" if len(where) == 1 else row)
    return "\n".join(out)


def _within(lines: dict[str, list[int]], parts: list[str]) -> list[int]:
    """The lines of the keys whose path is `parts` without some of its segments (a condition's
    path names its type too: "requires.all.of.admission.extra" is written "requires.of.extra")."""
    found: list[int] = []
    for path, at in lines.items():
        keys = path.split(".")
        if keys[-1] != parts[-1] or keys[0] != parts[0]:
            continue
        rest = iter(parts)
        if all(k in rest for k in keys):  # a subsequence, in order
            found += at
    return found
