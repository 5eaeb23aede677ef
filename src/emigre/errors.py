"""Errors meant for people: one short message naming what is wrong and how to fix it."""

from __future__ import annotations

import re
import reprlib
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from emigre.i18n import N_, _

_EXPECTED = {
    "date_from_datetime_parsing": N_("a date like 2001-03-15"),
    "date_parsing": N_("a date like 2001-03-15"),
    "date_type": N_("a date like 2001-03-15"),
    "date_from_datetime_inexact": N_("a date like 2001-03-15"),
    "extra_forbidden": N_(
        "no such field; check its spelling (docs/profile.md lists the fields of a profile, "
        "docs/knowledge-base.md those of the data)"
    ),
    "missing": N_("this field is required"),
    "float_parsing": N_("a number"),
    "float_type": N_("a number"),
    "int_type": N_("a whole number"),
    "bool_type": N_("true or false"),
    "list_type": N_('a list, e.g. ["RU"]'),
    "string_type": N_("text in quotes"),
    "greater_than_equal": N_("a number that is not negative"),
    "finite_number": N_("a finite number (not inf or nan)"),
    "int_parsing": N_("a whole number"),
    "int_from_float": N_("a whole number"),
    "bool_parsing": N_("true or false"),
    "dict_type": N_("a table of fields"),
    "model_type": N_("a table of fields"),
    "model_attributes_type": N_("a table of fields"),
    "too_long": N_("fewer entries"),
}

_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxstring, _SHORT.maxother, _SHORT.maxlong = 2, 60, 60, 40
_SHORT.maxlist = _SHORT.maxdict = 4


def shown(value: object, limit: int = 20) -> str:
    r"""A value the person typed, as a message quotes it: cut to `limit` characters, with
    control and invisible format characters (an escape sequence, a right-to-left override, a
    line break) written as escapes, so that it can neither break the message's line nor drive
    the terminal.

    >>> print(shown("RU\x1b[2J"), shown("a\nb"), shown("\u202eUR"), shown("Жёлтый"))
    RU\x1b[2J a\nb \u202eUR Жёлтый
    """
    text = str(value)[:limit]
    return "".join(
        c if unicodedata.category(c)[0] != "C" else c.encode("unicode_escape").decode("ascii")
        for c in text
    )


def printable(text: str) -> str:
    """A message made safe for a terminal: its lines kept, any control or invisible format
    character in them (from a value quoted in it) written as an escape."""
    return "\n".join(shown(line, len(line)) for line in text.split("\n"))


class EmigreError(Exception):
    """A failure meant for people: its message is shown as is (one line naming what and how to
    fix it), never a traceback, and the command exits with `exit_code`.

    The kind, not the wording, decides the exit code, so scripts can tell apart a mistake they
    can fix (2), a broken knowledge base or saved file (3) and an outage they can retry (4):

    >>> [e.exit_code for e in (InputError("x"), DataError("x"), NetworkError("x"))]
    [2, 3, 4]
    """

    exit_code = 1


class InputError(EmigreError):
    """Bad input from the user (profile, option, a file they named): exit code 2."""

    exit_code = 2


class DataError(EmigreError):
    """The data emigre reads is broken (the knowledge base, the saved rates): names the file and
    key; exit code 3. Not the user's answer to fix, but the file's."""

    exit_code = 3


class NetworkError(EmigreError):
    """An online command (`rates update`) could not get a usable answer: the server was not
    reached, or sent something else; worth retrying later. Exit code 4."""

    exit_code = 4


def _loc(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1]}[{item + 1}]"] if parts else [f"[{item + 1}]"]
        elif item.startswith("function-") or item in {"literal", "tagged-union"}:
            continue
        else:
            parts.append(item)
    return ".".join(parts) or "(top level)"


def _number(value: Any) -> str:
    """1e15 -> "1,000,000,000,000,000"; 2.5 -> "2.5"."""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return str(value)


def error_path(err: Any) -> tuple[int | str, ...]:
    """Where an error is, as pydantic's `loc`, plus the field a whole-model rule names in its
    context (`at`, dotted, relative to the model)."""
    loc = tuple(p for p in err["loc"] if not str(p).startswith("function-"))
    at = (err.get("ctx") or {}).get("at")
    if at:
        loc += tuple(int(p) if p.isdigit() else p for p in str(at).split("."))
    return loc


def error_line(err: Any) -> tuple[str, str]:
    """(field, what is expected) for one of pydantic's error records, in the profile's terms and
    the language of the moment; a `near` in its context (codes or fields the person probably
    meant) is offered as "did you mean"."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = err.get("input")
    if kind in ("literal_error", "enum"):
        # pydantic words the list in English ("'a', 'b' or 'c'"): the options, by commas
        options = str(ctx.get("expected", "")).replace(" or ", ", ")
        expected = _("one of {options}").format(options=options)
    elif kind == "value_error":
        expected = str(err["msg"]).removeprefix("Value error, ")
    elif kind == "greater_than_equal":
        expected = _("a number ≥ {n}").format(n=ctx.get("ge"))
    elif kind == "greater_than":
        expected = _("a number above {n}").format(n=ctx.get("gt"))
    elif kind == "less_than_equal":
        expected = _("a number ≤ {n}").format(n=_number(ctx.get("le")))
    elif kind == "too_long":
        expected = _("at most {n} entries").format(n=ctx.get("max_length"))
    elif kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        choices = re.fullmatch(r"\^\(([\w|]+)\)\$", pattern)
        expected = (
            _("one of {options}").format(options=", ".join(choices.group(1).split("|")))
            if choices
            else _("text of the form {pattern}").format(pattern=pattern)
        )
    elif kind == "too_short":
        n = ctx.get("min_length")
        expected = _("at least one entry") if n == 1 else _("at least {n} entries").format(n=n)
    elif kind == "string_too_long":
        expected = _("at most {n} characters").format(n=ctx.get("max_length"))
    elif kind in ("model_type", "dict_type") and not error_path(err):
        expected = _("a table of fields (names with their values), not a list or a single value")
    elif kind == "extra_forbidden" and ctx.get("near"):
        return _loc(error_path(err)), _("no such field") + _near(ctx)
    elif kind in _EXPECTED:
        expected = _(_EXPECTED[kind])
    else:  # the profile's own rules: the message already shows the value
        return _loc(error_path(err)), _own_rule(err) + _near(ctx)
    hide = kind in ("missing", "value_error", "too_long", "too_short") or isinstance(
        got, dict | list
    )
    if not hide:
        expected += _(" (got {value})").format(value=_SHORT.repr(got))
    return _loc(error_path(err)), expected + written_hint(kind, got) + _near(ctx)


def _own_rule(err: Any) -> str:
    """The message of a rule of the profile's own (`profile_values.fail`), translated from its
    template where the catalogue has it, else pydantic's English text."""
    ctx = err.get("ctx") or {}
    template = ctx.get("template")
    if not template:
        return str(err["msg"])
    try:
        return str(_(template).format(**ctx))
    except (KeyError, IndexError, ValueError):
        return str(err["msg"])


def _near(ctx: dict[str, Any]) -> str:
    """The "; did you mean RU?" that ends a message whose context names what was meant."""
    from emigre.codes import joined

    near = ctx.get("near")
    if not near:
        return ""
    return _("; did you mean {options}?").format(options=joined(str(near).split(", "), "or"))


def written_hint(kind: str, got: Any) -> str:
    """A fix for a number or a date given as text the way people write them on paper ("1 000
    000", "15.03.2001"), else ""."""
    if not isinstance(got, str):
        return ""
    from emigre.profile_syntax import date_hint, number_hint

    if kind in ("float_parsing", "int_parsing") and (plain := number_hint(got)):
        return _(
            "; write {number}: a plain number, without quotes, separators or a currency"
        ).format(number=plain)
    if kind.startswith("date") and (hint := date_hint(got)):
        return f"; {hint}"
    return ""


def describe_validation_error(exc: ValidationError, origin: str) -> str:
    """Turn pydantic's report into lines like `dima.toml: person.birth_date: expected a date ...`."""
    lines = []
    for err in exc.errors(include_url=False):
        where, expected = error_line(err)
        lines.append(f"{origin}: {where}: {expected}")
    return "\n".join(lines)


FIRST_ON_YEAR, LAST_ON_YEAR = 1950, 2100
"""Evaluation dates the knowledge base can speak to; outside them the arithmetic is meaningless."""


def parse_date(value: str | None, option: str = "--on") -> date:
    """A command-line date (today if not given); a bad one names the option."""
    if value is None:
        return date.today()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        from emigre.profile_syntax import date_hint

        hint = date_hint(value)
        raise InputError(
            _("{option}: '{value}' is not a date; expected YYYY-MM-DD, e.g. 2026-11-25").format(
                option=option, value=shown(value, 40)
            )
            + (f"; {hint}" if hint else "")
        ) from None
    if not FIRST_ON_YEAR <= day.year <= LAST_ON_YEAR:
        raise InputError(
            _(
                "{option}: {value} is not between {first} and {last}; give a date in those years"
            ).format(option=option, value=value, first=FIRST_ON_YEAR, last=LAST_ON_YEAR)
        )
    return day


INTERFACE_LANGUAGES = ("en", "ru")

READ_AS = {"be": "ru", "kk": "ru", "ky": "ru"}
"""A reader's language with no texts of its own, mapped to the interface language they most
likely read: Russian is an official language of Belarus, Kazakhstan and Kyrgyzstan."""


def interface_language(tag: str) -> str | None:
    """The interface language for a locale or language tag ("ru_RU.UTF-8", "be-BY", "kk"), or
    None when there is none to offer.

    >>> interface_language("ru_RU.UTF-8"), interface_language("be-BY"), interface_language("de")
    ('ru', 'ru', None)
    """
    primary = tag.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    if primary in INTERFACE_LANGUAGES:
        return primary
    return READ_AS.get(primary)


def parse_language(value: str, option: str = "--lang") -> str:
    """An interface language the program has texts in; anything else is an error, not English."""
    code = value.strip().lower()
    if code not in INTERFACE_LANGUAGES:
        raise InputError(
            f"{option}: '{value[:20]}' is not available; expected {' or '.join(INTERFACE_LANGUAGES)}"
        )
    return code


def knowledge_folder(value: Path | None) -> Path | None:
    """A knowledge-base folder the user named (`--data`, checked as the option is read): one that is not there, or is no knowledge base
    at all, is bad input (exit 2); a knowledge base with a broken file in it is broken data
    (exit 3, from the loader)."""
    if value is None:
        return None
    if not value.exists():
        raise InputError(f"--data: {value}: no such folder; give a knowledge-base folder")
    if not (value / "countries").is_dir():
        raise InputError(
            f"--data: {value}: not a knowledge-base folder (it has no 'countries' folder); "
            "leave --data out to use the bundled one"
        )
    return value
