"""Translation of texts meant for people.

Interface strings go through `_()` (gettext; catalogs live in `emigre/locale`); texts in the
knowledge base are `Text` values with one entry per language; a legal basis of the knowledge base
(an English `legal_basis` string) goes through `law()`, i.e. the `knowledge` gettext catalog whose
message ids are the English texts. English is the fallback for all three.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import cache
from importlib import resources
from typing import Any, overload

_language: ContextVar[str] = ContextVar("emigre_language", default="en")


def set_language(code: str) -> None:
    _language.set(code)


def current_language() -> str:
    return _language.get()


@cache
def _catalog(code: str, domain: str = "emigre") -> gettext.NullTranslations:
    localedir = resources.files("emigre").joinpath("locale")
    return gettext.translation(domain, localedir=str(localedir), languages=[code], fallback=True)


def law(legal_basis: str) -> str:
    """A legal basis of the knowledge base in the language of the moment: its translation in the
    `knowledge` catalog, or the English text itself where there is none (a basis added since the
    catalog was updated, or a person's own knowledge base)."""
    lang = _language.get()
    if lang == "en":
        return legal_basis
    return _catalog(lang, "knowledge").gettext(legal_basis)


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

    __slots__ = ("msgid", "args", "_shown", "_hash")

    def __init__(self, msgid: str, /, **args: object) -> None:
        self.msgid = msgid
        self.args = args
        self._shown: tuple[str, str] | None = None
        self._hash: int | None = None

    def __str__(self) -> str:
        # The text in the last language it was shown in: a plan's document reads the same
        # message (a figure's reasons, a step's title) many times over.
        lang = _language.get()
        shown = self._shown
        if shown is None or shown[0] != lang:
            shown = self._shown = (lang, self._render())
        return shown[1]

    def _render(self) -> str:
        text = _(self.msgid)
        if not self.args:
            return text
        try:
            return text.format(**self.args)
        except (ValueError, KeyError, IndexError):
            # A translation asking what its argument cannot give ("{x:in}" of a number): the
            # original reads correctly, a traceback would lose the whole page.
            return self.msgid.format(**self.args)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __contains__(self, text: str) -> bool:
        """Whether `text` is part of the message as shown now."""
        return text in str(self)

    def __add__(self, other: Msg | str) -> Msg:
        return Joined(self, other)

    def __radd__(self, other: str) -> Msg:
        return Joined(other, self)

    def __eq__(self, other: object) -> bool:
        return self is other or (
            isinstance(other, Msg)
            and type(other) is type(self)
            and (self.msgid, self.args) == (other.msgid, other.args)
        )

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash((self.msgid, tuple(sorted(self.args))))
        return self._hash

    def __repr__(self) -> str:
        return f"Msg({self.msgid!r}, {self.args!r})"


class Plural(Msg):
    """A message whose form depends on a number `n` (ngettext), translated when shown.

    >>> str(Plural("{n} paper", "{n} papers", 2))
    '2 papers'

    `shown` puts another text in place of the number while `n` still chooses the form:

    >>> str(Plural("in {n} month", "in {n} months", 5, shown="7–9"))
    'in 7–9 months'
    """

    __slots__ = ("plural",)

    def __init__(self, singular: str, plural: str, n: int, /, **args: object) -> None:
        super().__init__(singular, n=n, **args)
        self.plural = plural

    def _render(self) -> str:
        n = self.args["n"]
        assert isinstance(n, int)
        args = dict(self.args)
        shown = args.pop("shown", None)
        if shown is not None:  # the form of n, the text of `shown` (a span such as "7–9")
            args["n"] = shown
        return ngettext(self.msgid, self.plural, n).format(**args)


class Joined(Msg):
    """Messages (or plain texts) shown one after the other."""

    __slots__ = ("parts",)

    def __init__(self, *parts: Msg | Lazy | str) -> None:
        super().__init__("", parts=parts)
        self.parts = parts

    def _render(self) -> str:
        return "".join(str(p) for p in self.parts)


class Lazy:
    """A value worked out in the language of the moment when shown, e.g. `Lazy(country_names,
    codes)`; it takes the place of a plain argument of a `Msg`."""

    __slots__ = ("fn", "args")

    def __init__(self, fn: Callable[..., str], /, *args: object) -> None:
        self.fn = fn
        self.args = args

    def __str__(self) -> str:
        return str(self.fn(*self.args))

    def __format__(self, spec: str) -> str:
        # The value's own format: a country's name takes a grammatical frame ("{country:in}").
        return format(self.fn(*self.args), spec)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lazy) and (self.fn, self.args) == (other.fn, other.args)

    def __hash__(self) -> int:
        return hash(self.fn)

    def __repr__(self) -> str:
        return f"Lazy({getattr(self.fn, '__name__', self.fn)!r}, *{self.args!r})"


class Grouped(float):
    """A count, hours or days a text shows with the reader's digit grouping: "1,196" in English,
    "1 196" in Russian (with the narrow no-break space the amounts use, `report.fmt.number`),
    formatted when shown, in the language of that moment. Its format spec (".0f", "g") is kept;
    below 1000 it reads as the plain number.

    >>> f"{Grouped(1196.4):.0f} hours, {Grouped(126)} routes, {Grouped(12500)}"
    '1,196 hours, 126 routes, 12,500'
    """

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        if not spec:
            spec = ".0f" if self.is_integer() else "g"
        if "," not in spec and "_" not in spec:
            cut = spec.find(".")
            if cut < 0:
                cut = len(spec) - 1 if spec[-1:].isalpha() else len(spec)
            spec = spec[:cut] + "," + spec[cut:]
        text = float.__format__(self, spec)
        if _language.get() == "ru":
            return text.replace(",", "\x00").replace(".", ",").replace("\x00", "\u202f")
        return text

    def __str__(self) -> str:
        return format(self, "")

    def __repr__(self) -> str:
        return f"Grouped({float(self)!r})"


Said = Msg | Lazy | str
"""A text for people as a planner or a rule keeps it: a message, a value worked out when shown,
or a plain string (a name, a code)."""


def shortened(text: str, width: int) -> str:
    """`text` in at most `width` characters: cut after the last whole word that fits, with "…",
    so that no word is left half-written ("NGOs report Be…" would read as another word); a
    first word longer than the whole width is cut as it stands.

    >>> shortened("NGOs report Belarusians were refused", 17), shortened("short", 17)
    ('NGOs report…', 'short')
    >>> shortened("Unconstitutionally", 8)
    'Unconst…'
    """
    if len(text) <= width:
        return text
    head = text[: width - 1]
    if not text[width - 1].isspace():
        cut = head.rstrip().rfind(" ")
        if cut > 0:
            head = head[:cut]
    return head.rstrip(" ,;:—–-(") + "…"


def join(sep: str, parts: Iterable[Said | None]) -> Msg:
    """The parts that are there, `sep` between them, translated when shown.

    >>> str(join(" ", [Msg("{n} of {total} met", n=1, total=2), None, "(estimate)"]))
    '1 of 2 met (estimate)'
    """
    out: list[Said] = []
    for p in parts:
        if p is None or p == "":
            continue
        if out:
            out.append(sep)
        out.append(p)
    return Joined(*out)


def capitalised(text: Said) -> str:
    """`text` with its first letter upper-case (as a sentence starts), in the language shown.

    >>> capitalised(Msg("{n} of {total} met", n=1, total=2))
    '1 of 2 met'
    >>> capitalised("the date is optimistic")
    'The date is optimistic'
    """
    s = str(text)
    return s[:1].upper() + s[1:]


class _Kept:
    """Base of the dataclass fields below: the value is kept as given under a private name."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = f"_said_{name}"

    def kept(self, obj: object) -> Any:
        return obj.__dict__.get(self.name)


class Shown(_Kept):
    """A dataclass field holding a text for people as it was given (a `Msg`, a `Lazy` or a
    plain string) that reads as that text in the language of the moment: what holds it (a plan,
    a cache shared by requests) does not depend on the language it was built in. `said(obj,
    "field")` gives what was kept, to build another message from it.

    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class Card:
    ...     title: Shown = Shown()
    >>> card = Card(Msg("{n} of {total} met", n=1, total=2))
    >>> card.title, said(card, "title")
    ('1 of 2 met', Msg('{n} of {total} met', {'n': 1, 'total': 2}))
    """

    def __init__(self, default: str | None = None) -> None:
        self.default = default

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Shown: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> str: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> Shown | str:
        if obj is None:
            if self.default is None:
                raise AttributeError(self.name)  # no default: the field is required
            return self.default  # the dataclass's default
        kept = obj.__dict__[self.name]
        return kept if type(kept) is str else str(kept)

    def __set__(self, obj: object, value: Said) -> None:
        obj.__dict__[self.name] = value


class ShownOrNone(_Kept):
    """Like `Shown`, for a text that may be absent (None by default)."""

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> None: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> str | None: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> str | None:
        kept = None if obj is None else obj.__dict__.get(self.name)
        return kept if kept is None or type(kept) is str else str(kept)

    def __set__(self, obj: object, value: Said | None) -> None:
        obj.__dict__[self.name] = value


class ShownList(_Kept):
    """Like `Shown`, for a list of texts (empty by default); it reads as a new list of strings,
    so it is changed by assigning a new list, never in place."""

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> tuple[()]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> list[str]: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> tuple[()] | list[str]:
        if obj is None:
            return ()
        return [str(t) for t in self.kept(obj)]

    def __set__(self, obj: object, value: Iterable[Said]) -> None:
        obj.__dict__[self.name] = list(value)


def said(obj: object, field: str) -> Any:
    """What a `Shown`/`ShownOrNone`/`ShownList` field of `obj` keeps (not yet translated)."""
    for klass in type(obj).__mro__:
        descriptor = klass.__dict__.get(field)
        if isinstance(descriptor, _Kept):
            return descriptor.kept(obj)
    raise AttributeError(field)
