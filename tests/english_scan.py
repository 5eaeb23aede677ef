"""Finds English words on a page meant to be Russian, outside citations, code and addresses.

Legal citations (`<cite lang="en">`), names of official documents in their own language and
URLs are not translated and are skipped; any other common English word is reported."""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Common English words that would only be on a Russian page by mistake (function words, the
#: interface's own vocabulary, units).
ENGLISH = frozenset(
    """a an the and or of with without in on at to from for by since until not no yes is are be
    been has have must can may will this that these those there here it its you your my our
    eligible reachable blocked unknown met unmet route routes step steps month months mo year
    years week weeks day days cost costs fee fees arrival first none other salary job work
    study visa permit apply application force since checked source sources official law
    savings paid balance locked show compare filter all back next save edit delete import
    export profile language level native with per about only also if when then than
    employer country sentence income occupation degree experience""".split()
)
SKIP_TAGS = {"script", "style", "code", "cite", "title"}
#: Capitalised English words that start a sentence, never part of a programme's proper name
#: ("Critical Skills Employment Permit" is a name and stays).
SENTENCE_START = frozenset(
    "The With In For From Not Every Learn Find Save Travel Wait Submit Pass Your You".split()
)
WORD = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z'’]*(?![\w-])")
URL = re.compile(
    r"\S+://\S+|\b[\w.-]+\.(?:de|com|org|eu|gov|gv|at|fr|it|es|app|net"
    r"|be|nl|pl|sk|cz|lt|lv|ee|fi|se|dk|hu|ro|si|hr|gr|pt|ie|lu|ch|rs|ge|me|mt|cy|bg|kz|ru)\b\S*"
)
"""A web address: a scheme, or a host ending in a common or a European country's domain (the pages
name official sites such as vlaanderen.be or praca.gov.pl in Russian text too)."""


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # True where the element is skipped
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        skip = (
            tag in SKIP_TAGS or a.get("lang") == "en" or a.get("translate") == "no" or "hidden" in a
        )
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
            return
        self.stack.append(skip or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.chunks.append(data)


def english_words(html: str) -> list[str]:
    """The common English words in the visible text of `html` (each with some context)."""
    parser = _Text()
    parser.feed(html)
    found = []
    for chunk in parser.chunks:
        text = URL.sub(" ", chunk)
        for m in WORD.finditer(text):
            w = m.group(0)
            before = text[: m.start()].split()[-1:] or [""]
            after = text[m.end() :].split()[:1] or [""]
            name = before[0].lstrip('«“"(')  # a name may open with a quote («People in Need»)
            if name[:1].isupper() and after[0][:1].isupper() and name.isascii():
                continue  # inside a proper name ("People in Need", an ISCO-08 group's title)
            if (w[0].islower() and w in ENGLISH) or w in SENTENCE_START:
                start = max(0, m.start() - 30)
                found.append(f"{m.group(0)!r} in …{text[start : m.end() + 30].strip()}…")
    return found
