"""Reading YAML as YAML 1.2 (so `NO` stays Norway, `yes` stays a word), as ruamel.yaml reads it.

Most files are read with libyaml's parser through PyYAML (`yaml.CBaseLoader`), which composes the
nodes in C, and turned into values here with ruamel's own YAML 1.2 rules: its table of implicit
types (`IMPLICIT`, the same patterns in the same order; a test compares them) and its
constructors of ints, floats, booleans, nulls and dates. That is about twice as fast as ruamel's
pure-Python constructor, which was most of a first run (no cache yet).

Anything this path does not treat exactly as ruamel does is handed to ruamel itself, with the
version's resolver table taken once per file (ruamel looked the YAML version up again for every
scalar, through a caught exception under the C parser): a `%YAML` directive, an explicit or
unknown tag, a merge key (`<<`), a duplicate or unhashable key, a timestamp with a time of day,
and every error (so that messages are ruamel's).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

_FLAGS = re.X

#: ruamel.yaml's implicit types for YAML 1.2: (tag, pattern, the first characters it is tried
#: for), in ruamel's order (`ruamel.yaml.resolver.VersionedResolver`).
IMPLICIT: tuple[tuple[str, str, str], ...] = (
    ("bool", "^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "float",
        """^(?:
         [-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\\.(?:inf|Inf|INF)
        |\\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
    (
        "int",
        """^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
        "-+0123456789",
    ),
    (
        "merge",
        "^(?:<<)$",
        "<",
    ),
    (
        "null",
        """^(?: ~
        |null|Null|NULL
        | )$""",
        "~nN",
    ),
    (
        "timestamp",
        """^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \\t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\\.[0-9]*)?
        (?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        "0123456789",
    ),
    ("value", "^(?:=)$", "="),
    ("yaml", "^(?:!|&|\\*)$", "!&*"),
)
"""The empty plain scalar is a null, as in ruamel (the null pattern, tried for '')."""

_TAG = "tag:yaml.org,2002:"
_DIRECTIVE = re.compile(r"^%", re.M)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@cache
def implicit_table() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """First character of a plain scalar → [(tag, compiled pattern)], in the order tried."""
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for name, pattern, first in IMPLICIT:
        compiled = re.compile(pattern, _FLAGS)
        for ch in first:
            table.setdefault(ch, []).append((_TAG + name, compiled))
        if name == "null":
            table.setdefault("", []).append((_TAG + name, compiled))
    return table


class _Ruamels(Exception):
    """This file is for ruamel to read (see the module's docstring)."""


def _int(text: str) -> int:
    """ruamel's YAML 1.2 int: underscores dropped; 0b, 0x, 0o prefixes; a leading 0 is decimal."""
    s = text.replace("_", "")
    sign = -1 if s[0] == "-" else 1
    if s[0] in "+-":
        s = s[1:]
    if s == "0":
        return 0
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if s.startswith(prefix):
            return sign * int(s[2:], base)
    return sign * int(s)


def _float(text: str) -> float:
    """ruamel's YAML 1.2 float (`.inf`, `.nan`, underscores dropped)."""
    s = text.replace("_", "").lower()
    sign = -1 if s[0] == "-" else 1
    if s[0] in "+-":
        s = s[1:]
    if s == ".inf":
        return sign * float("inf")
    if s == ".nan":
        return float("nan")
    return sign * float(s)


def _timestamp(text: str) -> date:
    if not _DATE.fullmatch(text):
        raise _Ruamels  # a time of day: ruamel's own datetime rules
    return date(int(text[:4]), int(text[5:7]), int(text[8:10]))


#: ruamel's words for booleans (an explicit `!!bool` may use the YAML 1.1 ones).
_BOOLS = {"yes": True, "no": False, "y": True, "n": False}
_BOOLS |= {"true": True, "false": False, "on": True, "off": False}

_SCALARS: dict[str, Any] = {
    _TAG + "str": str,
    _TAG + "int": _int,
    _TAG + "float": _float,
    _TAG + "bool": lambda text: _BOOLS[text.lower()],
    _TAG + "null": lambda text: None,
    _TAG + "timestamp": _timestamp,
}


@cache
def _loader() -> type:
    """PyYAML's C loader with ruamel's YAML 1.2 resolution of plain scalars."""
    import yaml

    table = implicit_table()
    scalar = yaml.ScalarNode
    default = {
        yaml.ScalarNode: _TAG + "str",
        yaml.SequenceNode: _TAG + "seq",
        yaml.MappingNode: _TAG + "map",
    }

    class Loader(yaml.CBaseLoader):
        def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
            if kind is scalar and implicit[0]:
                for tag, pattern in table.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return default[kind]

    return Loader


def _value(node: Any, done: dict[int, Any]) -> Any:
    """The Python value of a composed node; a node met again (an alias) is the same value."""
    seen = done.get(id(node))
    if seen is not None:
        return seen
    tag = node.tag
    if node.id == "scalar":
        convert = _SCALARS.get(tag)
        if convert is None:
            raise _Ruamels
        return convert(node.value)
    if node.id == "sequence" and tag == _TAG + "seq":
        items: list[Any] = []
        done[id(node)] = items
        items.extend(_value(n, done) for n in node.value)
        return items
    if node.id == "mapping" and tag == _TAG + "map":
        out: dict[Any, Any] = {}
        done[id(node)] = out
        for k, v in node.value:
            key = _value(k, done)  # a merge key (`<<`) has no reader here: ruamel's
            if key in out:
                raise _Ruamels  # a duplicate key: ruamel's error
            out[key] = _value(v, done)
        return out
    raise _Ruamels


def _fast_load(text: str) -> Any:
    """The document, or `_Ruamels` when this file is for ruamel to read."""
    if _DIRECTIVE.search(text):
        raise _Ruamels
    loader = _loader()(text)
    try:
        node = loader.get_single_node()
    except Exception:  # noqa: BLE001 - any parse error is reported by ruamel, in its words
        raise _Ruamels from None
    finally:
        loader.dispose()
    if node is None:
        return None
    try:
        return _value(node, {})
    except (TypeError, ValueError, KeyError, RecursionError):  # a bad int, date, key...
        raise _Ruamels from None


@cache
def _once_resolver() -> type:
    """ruamel's versioned resolver, taking its table of patterns once per file."""
    from ruamel.yaml.resolver import VersionedResolver

    class OnceResolver(VersionedResolver):
        _table: Any = None

        @property
        def versioned_resolver(self) -> Any:
            if self._table is None:
                self._table = super().versioned_resolver
            return self._table

    return OnceResolver


def ruamel_reader() -> Any:
    """ruamel's safe YAML 1.2 reader (with the resolver above), for one file."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    yaml.Resolver = _once_resolver()
    return yaml


class _Reader:
    def load(self, text: str) -> Any:
        try:
            return _fast_load(text)
        except _Ruamels:
            return ruamel_reader().load(text)


def yaml_reader() -> Any:
    """A safe YAML 1.2 reader (so `NO` stays Norway): `.load(text)` gives what ruamel gives."""
    return _Reader()
