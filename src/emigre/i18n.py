"""Translation of texts meant for people.

Interface strings go through `_()` (gettext; catalogs live in `emigre/locale`); texts in the
knowledge base are `Text` values with one entry per language. English is the fallback for both.
"""

from __future__ import annotations

import gettext
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
