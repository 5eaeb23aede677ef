"""What every terminal view shares: verdict words and colours, the reader's formats for texts
and amounts, addresses shortened to the width, hanging paragraphs and numbered caveats."""

from __future__ import annotations

import re
from datetime import date

from rich.console import Console
from rich.table import Table
from rich.text import Text

from emigre.figure import Figure
from emigre.i18n import _
from emigre.report import fmt
from emigre.report.json.amounts import Money


def _keep_numbers_whole() -> None:
    """Rich wraps lines at any whitespace, no-break spaces included, so a Russian amount
    ("3 273 EUR", grouped with a narrow no-break space) could be cut in two at the edge of the
    terminal. Its word pattern is taught to treat the no-break spaces as part of a word."""
    import rich._wrap

    if hasattr(rich._wrap, "re_word"):
        gap, solid = r"[^\S\u00a0\u202f]", r"[\S\u00a0\u202f]"
        rich._wrap.re_word = re.compile(f"{gap}*{solid}+{gap}*")


_keep_numbers_whole()


VERDICT_STYLE = {
    "eligible": "bold green",
    "reachable": "yellow",
    "unknown": "cyan",
    "blocked": "red",
}


def verdict_word(verdict: str) -> str:
    """The verdict in the reader's language (the web app's words)."""
    from emigre.report.labels import VERDICTS

    return _(VERDICTS.get(verdict, verdict))


def readable_url(url: str) -> str:
    """The address with its percent-escapes decoded where they spell printable UTF-8 text
    (a Cyrillic path reads as words, not as "%d0%b4%d1%80"); kept as written where they decode
    to anything else (spaces, control or direction characters, invalid UTF-8), so that an
    address cannot drive the terminal or hide what it is."""
    import unicodedata
    from urllib.parse import unquote_to_bytes

    if "%" not in url:
        return url
    try:
        text = unquote_to_bytes(url).decode("utf-8")
    except UnicodeDecodeError:
        return url
    if any(unicodedata.category(c)[0] in "CZ" for c in text):
        return url
    return text


def short_url(url: str, width: int = 60) -> str:
    """A URL shortened for reading on a terminal (host, then the end of the path; escapes
    decoded where they spell text); the JSON output keeps the full one."""
    url = readable_url(url)
    if len(url) <= width:
        return url
    bare = url.split("://", 1)[-1]
    if len(bare) <= width:
        return bare
    host, _sep, path = bare.partition("/")
    if len(host) > width - 14:  # a long generated host name: its end names the site
        host = "…" + host[-(width - 15) :]
    tail = path[-max(12, width - len(host) - 2) :]
    return f"{host}/…{tail}"


URL_IN_TEXT = re.compile(r"https?://\S+")


def _urls_short(text: str) -> str:
    """Long addresses inside a reason shortened for reading (the JSON keeps them whole)."""

    def shorten(m: re.Match[str]) -> str:
        url = m.group(0).rstrip(".,;)")
        return short_url(url) + m.group(0)[len(url) :]

    return URL_IN_TEXT.sub(shorten, text)


def money_text(money: Money, amount: Figure) -> str:
    """EUR, then the person's currency on a second line; "at least" or "no data" when unknown."""
    text = fmt.figure(amount)
    if money.currency != "EUR" and money.rate is not None and amount.value is not None:
        text += "\n" + fmt.figure(amount, money.currency, money.rate.per_eur)
    return text


class Notes:
    """Caveats printed once: a line cites a caveat by number ("[2]"), and each text is written
    out once, under the block where a line first cited it (a figure used by a condition and a
    cost is explained once, not on every line)."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.pending: list[str] = []

    def cite(self, texts: list[str]) -> str:
        marks = []
        for t in dict.fromkeys(t for t in texts if t):
            if t not in self.numbers:
                self.numbers[t] = len(self.numbers) + 1
                self.pending.append(t)
            marks.append(str(self.numbers[t]))
        return f" [{', '.join(marks)}]" if marks else ""

    def flush(self, console: Console) -> None:
        for t in self.pending:
            hang(console, f"[{self.numbers[t]}] ", fmt.text(t), "cyan")
        self.pending.clear()


def say(text: str) -> str:
    """A text written by the rules or the planner, as the terminal shows it: in the reader's
    number and date formats, country codes named, long addresses shortened."""
    return fmt.text(_urls_short(text))


def link(console: Console, prefix: str, url: str, suffix: str = "", style: str = "dim") -> None:
    """A line with an address, shortened to what is left of the width (the JSON keeps it
    whole), so that it never runs past the edge."""
    from rich.cells import cell_len

    room = console.width - cell_len(prefix) - cell_len(suffix)
    if room >= 40 or not suffix:
        shown = short_url(url, min(60, max(30, room)))
        console.print(Text(prefix + shown + suffix, style=style))
        return
    # too narrow for the address and its date on one line: the date goes below
    shown = short_url(url, min(60, max(30, console.width - cell_len(prefix))))
    console.print(Text(prefix + shown, style=style))
    console.print(
        Text(" " * (cell_len(prefix) - cell_len(prefix.lstrip())) + suffix.strip(), style=style)
    )


def hang(console: Console, mark: str, body: Text | str, style: str = "") -> None:
    """A paragraph with a hanging indent: `mark` ("  • ", "✔ ") on the first line, the wrapped
    lines aligned under the text."""
    from rich.cells import cell_len

    grid = Table.grid()
    grid.add_column(width=cell_len(mark), no_wrap=True)
    grid.add_column(overflow="fold")
    text = body if isinstance(body, Text) else Text(body)
    if style:
        text.stylize(style)
    grid.add_row(Text(mark, style=style), text)
    console.print(grid)


def checked_on(day: date) -> str:
    return " (" + _("checked {date}").format(date=fmt.day(day)) + ")"
