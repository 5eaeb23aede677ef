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
            raise error(f"{label}: not valid YAML: {exc}".replace("\n", " ")) from None
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
