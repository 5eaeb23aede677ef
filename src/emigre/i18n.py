"""Translation of texts meant for people.

Interface strings go through `_()` (gettext; catalogs live in `emigre/locale`); texts in the
knowledge base are `Text` values with one entry per language. English is the fallback for both.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from contextvars import ContextVar
from functools import cache
from importlib import resources

_language: ContextVar[str] = ContextVar("emigre_language", default="en")


def set_language(code: str) -> None:
    _language.set(code)


def current_language() -> str:
    return _language.get()


@cache
def _catalog(code: str) -> gettext.NullTranslations:
    localedir = resources.files("emigre").joinpath("locale")
    return gettext.translation("emigre", localedir=str(localedir), languages=[code], fallback=True)


def _(message: str) -> str:
    return _catalog(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog(_language.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a string for the catalog without translating it (it is translated where shown)."""
    return message


def pick(text: str | dict[str, str]) -> str:
    """The best available translation of a knowledge-base text for the current language."""
    if isinstance(text, str):
        return text
    return text.get(_language.get()) or text.get("en") or next(iter(text.values()))


class Msg:
    """A text for people kept as its message id and arguments, translated only when shown
    (`str()` or inside another message), so that what holds it -- an evaluation's result, a
    cache shared by requests in several languages -- does not depend on the language of the
    moment. An argument may itself be a `Msg` or a `Lazy` (a country's name, a data text).

    >>> m = Msg("{n} of {total} met", n=2, total=3)
    >>> str(m), m == Msg("{n} of {total} met", n=2, total=3)
    ('2 of 3 met', True)
    >>> str(Msg("must not hold: ") + Msg("{n} points", n=5))
    'must not hold: 5 points'
    """

    __slots__ = ("msgid", "args")

    def __init__(self, msgid: str, /, **args: object) -> None:
        self.msgid = msgid
        self.args = args

    def __str__(self) -> str:
        text = _(self.msgid)
        return text.format(**self.args) if self.args else text

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __add__(self, other: Msg | str) -> Msg:
        return Joined(self, other)

    def __radd__(self, other: str) -> Msg:
        return Joined(other, self)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Msg)
            and type(other) is type(self)
            and (self.msgid, self.args) == (other.msgid, other.args)
        )

    def __hash__(self) -> int:
        return hash((self.msgid, tuple(sorted(self.args))))

    def __repr__(self) -> str:
        return f"Msg({self.msgid!r}, {self.args!r})"


class Joined(Msg):
    """Messages (or plain texts) shown one after the other."""

    __slots__ = ("parts",)

    def __init__(self, *parts: Msg | str) -> None:
        super().__init__("", parts=parts)
        self.parts = parts

    def __str__(self) -> str:
        return "".join(str(p) for p in self.parts)


class Lazy:
    """A value worked out in the language of the moment when shown, e.g. `Lazy(country_names,
    codes)`; it takes the place of a plain argument of a `Msg`."""

    __slots__ = ("fn", "args")

    def __init__(self, fn: Callable[..., str], /, *args: object) -> None:
        self.fn = fn
        self.args = args

    def __str__(self) -> str:
        return self.fn(*self.args)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lazy) and (self.fn, self.args) == (other.fn, other.args)

    def __hash__(self) -> int:
        return hash(self.fn)

    def __repr__(self) -> str:
        return f"Lazy({getattr(self.fn, '__name__', self.fn)!r}, *{self.args!r})"
