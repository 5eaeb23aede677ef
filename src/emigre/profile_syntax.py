"""Why a profile's TOML does not read, in the person's words and language: the line, the field
on it and what to write instead. Python's TOML reader names only a line and column, in English;
the slips people make are few and recognisable (a date written 05.03.2001 or 2026-3-5, a day
that does not exist, an amount with thousands separators, a quote or bracket left open, a field
given twice, text without quotes), so each gets its own fix.

Only the standard library and `emigre.i18n` are imported: the module sits under the readers.
"""

from __future__ import annotations

import re
from datetime import date

from emigre.i18n import _

_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\- ]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r'^\s*([A-Za-z0-9_\-]+|"[^"]*")\s*=\s*(.*)$')
_DASHED = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DOTTED = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_GROUPED = re.compile(r"^([+-]?\d{1,3})((?:[ ,.'\u00a0\u202f]\d{3})+)$")
_BARE_WORD = re.compile(r"^[^\W\d][\w\- ]*$")
_CURRENCY = re.compile(r"^[€$£₽]\s*|\s*(?:[€$£₽]|[A-Z]{3}|руб(?:\.|лей|ля|ль)?|тенге|р\.)$")
"""A currency sign or code before or after an amount."""


def number_hint(value: str) -> str | None:
    """The plain number a person meant by an amount written with thousands separators
    ("1 000 000", "1,000,000", "1.000.000", "1'000'000") or with its currency ("600000 RUB",
    "600 000 руб.", "€500"), else None (the currency has a field of its own).

    >>> number_hint("1 000 000"), number_hint("1.000.000"), number_hint("1,5"), number_hint("12")
    ('1000000', '1000000', None, None)
    >>> number_hint("600 000 руб."), number_hint("600000 RUB"), number_hint("€500")
    ('600000', '600000', '500')
    """
    text = value.strip().strip("\"'")
    bare = _CURRENCY.sub("", text).strip()
    if bare != text and re.fullmatch(r"[+-]?\d+(?:\.\d+)?", bare):
        return bare
    found = _GROUPED.fullmatch(bare)
    if not found:
        return None
    return found.group(1) + re.sub(r"\D", "", found.group(2))


def date_hint(value: str) -> str | None:
    """A fix for a date that is not written YYYY-MM-DD or does not exist, else None: the same
    day with leading zeros, a day-first date turned round, or why there is no such day.

    >>> print(date_hint("2026-3-5")); print(date_hint("05.03.2001")); print(date_hint("2026-02-30"))
    write the month and the day with two digits: 2026-03-05
    write the date as year-month-day: 2001-03-05 (if 05 is the day and 03 the month)
    there is no such day as 2026-02-30; write a day that exists, as YYYY-MM-DD
    """
    text = value.strip().strip("\"'")
    dashed, dotted = _DASHED.fullmatch(text), _DOTTED.fullmatch(text)
    if dashed:
        y, m, d = (int(g) for g in dashed.groups())
    elif dotted:
        d, m, y = (int(g) for g in dotted.groups())
    else:
        return None
    try:
        iso = date(y, m, d).isoformat()
    except ValueError:
        return _("there is no such day as {date}; write a day that exists, as YYYY-MM-DD").format(
            date=text
        )
    if dotted:
        return _(
            "write the date as year-month-day: {iso} (if {day} is the day and {month} the month)"
        ).format(iso=iso, day=dotted.group(1), month=dotted.group(2))
    if iso != text:
        return _("write the month and the day with two digits: {iso}").format(iso=iso)
    return None


def _field_at(lines: list[str], n: int) -> tuple[str, str, str]:
    """(field, key, value) of line `n` (1-based): the key with its section ("money.savings",
    "work[2].start"), the key alone and the text after "="; empty where the line holds none."""
    section, counts = "", dict[str, int]()
    for line in lines[: n - 1]:
        head = _HEADER.match(line)
        if head:
            name = head.group(2).strip()
            if head.group(1) == "[[":
                counts[name] = counts.get(name, 0) + 1
                section = f"{name}[{counts[name]}]"
            else:
                section = name
    found = _KEY.match(lines[n - 1]) if 0 < n <= len(lines) else None
    if not found:
        return section, "", ""
    key = found.group(1).strip('"')
    return (f"{section}.{key}" if section else key), key, _value(found.group(2))


def _value(text: str) -> str:
    """The value written after "=", without a comment that follows it (a # outside quotes)."""
    quote = ""
    for i, c in enumerate(text):
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c == "#":
            return text[:i].strip()
    return text.strip()


def _first_key(lines: list[str], n: int, key: str) -> int | None:
    """The earlier line of the same section that sets `key` (for a field given twice)."""
    for i in range(n - 2, -1, -1):
        if _HEADER.match(lines[i]):
            return None
        found = _KEY.match(lines[i])
        if found and found.group(1).strip('"') == key:
            return i + 1
    return None


def _first_header(lines: list[str], n: int) -> int | None:
    """The earlier line with the same [section] header as line `n`."""
    head = _HEADER.match(lines[n - 1]) if 0 < n <= len(lines) else None
    if not head:
        return None
    for i in range(n - 1):
        other = _HEADER.match(lines[i])
        if other and other.group(1) == "[" and other.group(2).strip() == head.group(2).strip():
            return i + 1
    return None


def _open_bracket(lines: list[str], n: int) -> int | None:
    """The nearest line at or before `n` whose value opens a [ or { it does not close."""
    for i in range(min(n, len(lines)) - 1, -1, -1):
        if _HEADER.match(lines[i]):
            return None
        found = _KEY.match(lines[i])
        if found:
            value = _value(found.group(2))
            if value.count("[") > value.count("]") or value.count("{") > value.count("}"):
                return i + 1
    return None


def _closed(value: str) -> str:
    """The value with its open brackets closed, in the order they were opened."""
    stack = [c for c in value if c in "[{"]
    for c in value:
        if c in "]}" and stack:
            stack.pop()
    return value + "".join("]" if c == "[" else "}" for c in reversed(stack))


def _open_quote(value: str) -> str:
    """The quote a value opens and does not close ('"' or "'"), else ""."""
    quote = value[:1] if value[:1] in "\"'" else ""
    if not quote or value.startswith(quote * 3):
        return ""
    return quote if len(value) == 1 or not value.endswith(quote) else ""


def _fix(lines: list[str], n: int, reason: str) -> tuple[int, str, str]:
    """(line, field, what is wrong and what to write) for the reader's `reason` at line `n`."""
    field, key, value = _field_at(lines, n)
    if reason.startswith("Cannot overwrite a value") and key:
        first = _first_key(lines, n, key)
        if first is None:
            return n, field, _("given twice; keep one of them")
        return (
            n,
            field,
            _("given twice (lines {first} and {second}); keep one of them").format(
                first=first, second=n
            ),
        )
    if reason.startswith("Cannot declare"):
        first = _first_header(lines, n)
        head = lines[n - 1].strip() if 0 < n <= len(lines) else ""
        if first is None:
            return (
                n,
                "",
                _("the section {section} appears twice; put its fields under one").format(
                    section=head
                ),
            )
        return (
            n,
            "",
            _(
                "the section {section} appears twice (lines {first} and {second}); put its fields "
                "under one"
            ).format(section=head, first=first, second=n),
        )
    if reason.startswith(("Unclosed array", "Unclosed inline table")):
        opened = _open_bracket(lines, n)
        if opened is not None:
            field, key, value = _field_at(lines, opened)
            return (
                opened,
                field,
                _("a bracket is not closed; write {fixed}").format(
                    fixed=f"{key} = {_closed(value)}"
                ),
            )
    head = lines[n - 1].strip() if 0 < n <= len(lines) else ""
    if head.startswith("[") and not _HEADER.match(head):
        name = head.strip("[] ")
        fixed = f"[[{name}]]" if head.startswith("[[") else f"[{name}]"
        return n, "", _("a section's name goes between brackets; write {fixed}").format(fixed=fixed)
    if reason.startswith(('Expected "', "Expected '\"", "Unterm")):
        # a quote left open runs on to the end of the file: the line where it was opened
        opened = next((i for i in range(n, 0, -1) if _open_quote(_field_at(lines, i)[2])), None)
        if opened is not None:
            n = opened
            field, key, value = _field_at(lines, n)
    if key and value:
        quote = _open_quote(value)
        if quote:
            return (
                n,
                field,
                _("a quote is not closed; write {fixed}").format(fixed=f"{key} = {value}{quote}"),
            )
        hint = date_hint(value)
        if hint:
            return n, field, hint
        plain = number_hint(value)
        if plain:
            return (
                n,
                field,
                _(
                    "write the amount as a plain number, without separators or a currency: {fixed}"
                ).format(fixed=f"{key} = {plain}"),
            )
        if _BARE_WORD.fullmatch(value) and value not in ("true", "false", "inf", "nan"):
            return (
                n,
                field,
                _("text goes in quotes; write {fixed}").format(fixed=f'{key} = "{value}"'),
            )
    if key and not value:
        return (
            n,
            field,
            _("a value is missing after =; write {example}").format(example=f"{key} = …"),
        )
    return n, field, ""


def toml_problem(text: str, reason: str, origin: str, *, known_only: bool = False) -> str:
    """One line for a profile whose TOML does not read: the file, the line and what is on it,
    the field and the fix. `reason` is the reader's own (English) message: only its line and
    kind are used, so the whole line is in the person's language. A slip that is none of the
    known ones gets general advice, or "" with `known_only`."""
    lines = text.splitlines()
    at = _AT.search(reason)
    n = int(at.group(1)) if at else len(lines)
    n, field, fix = _fix(lines, n, reason)
    if not fix:
        if known_only:
            return ""
        fix = _(
            "check the quotes, brackets and commas: dates are written 2001-03-15, text in "
            "quotes, numbers without separators"
        )
    shown = lines[n - 1].strip()[:80] if 0 < n <= len(lines) else ""
    where = _("{origin}: not valid TOML at line {line}").format(origin=origin, line=n)
    if shown:
        where += f" (`{shown}`)"
    return f"{where}: {field + ': ' if field else ''}{fix}"
