"""`emigre data watch`: which sources of the knowledge base changed since the last look?

Opt-in and online: nothing here runs unless the user types `emigre data watch`. Each source page
is downloaded (nothing is sent about the user: no profile, no cookies, only a User-Agent naming
the project and, for a page seen before, its ETag / Last-Modified so an unchanged page can answer
"304 Not Modified"), reduced to its visible text, and a SHA-256 of that text is kept with the date
in the user's data folder (`watch.json`). The next watch reports which sources changed, which
could not be read, and which routes, conditions and figures each backs, so a maintainer knows what
to re-read. It is polite: robots.txt is obeyed (with its Crawl-delay), requests to one host are
spaced out, hosts are visited in turn, every request has a timeout, and a host that does not answer
is not asked again in the same run.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from emigre.errors import InputError, NetworkError

__all__ = [
    "DELAY_S",
    "STATUSES",
    "TIMEOUT_S",
    "USER_AGENT",
    "Checked",
    "Fetched",
    "NetworkError",
    "Unreachable",
    "WatchInterrupted",
    "WatchReport",
    "default_get",
    "normalise",
    "state_path",
    "watch",
]

USER_AGENT = "emigre-data-watch/1 (open-source emigration planner; checks public legal sources)"
TIMEOUT_S = 20.0
DELAY_S = 2.0
"""Seconds between two requests to the same host (longer if its robots.txt asks for it)."""
MAX_DELAY_S = 30.0
"""A Crawl-delay above this is capped: the watch would otherwise take hours for one host."""
MAX_BYTES = 8_000_000
STATE_VERSION = 1

Status = Literal["changed", "unreachable", "disallowed", "new", "unchanged"]
STATUSES: tuple[Status, ...] = ("changed", "unreachable", "disallowed", "new", "unchanged")
"""In the order a report lists them: what needs a person's eye first."""


class WatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a watch: how far it got, and whether the hashes so far were saved."""

    def __init__(self, done: int, total: int, saved: bool) -> None:
        super().__init__(done, total, saved)
        self.done, self.total, self.saved = done, total, saved


class Unreachable(Exception):
    """A network failure (no route, DNS, refused, timed out): no answer from the server at all."""


@dataclass(frozen=True)
class Fetched:
    """A server's answer: an HTTP error status is an answer too (the page moved, is forbidden)."""

    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""


Get = Callable[[str, Mapping[str, str]], Fetched]
"""Download a URL with extra request headers; raises `Unreachable` when nothing answers."""


def default_get(url: str, headers: Mapping[str, str], timeout: float = TIMEOUT_S) -> Fetched:
    """One GET with the project's User-Agent, the given headers and a timeout (urllib follows
    redirects); HTTP errors and 304 are answers, network failures raise `Unreachable`."""
    import http.client
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={**headers, "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read(MAX_BYTES + 1)
            got = response.headers
            return Fetched(
                response.status,
                body,
                got.get("Content-Type", ""),
                got.get("ETag", ""),
                got.get("Last-Modified", ""),
            )
    except urllib.error.HTTPError as exc:
        return Fetched(exc.code)
    except urllib.error.URLError as exc:
        timed_out = isinstance(exc.reason, TimeoutError)
        reason = f"no answer in {timeout:g} s" if timed_out else str(exc.reason)
        raise Unreachable(_one_line(reason)) from None
    except TimeoutError:
        raise Unreachable(f"no answer in {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise Unreachable(_one_line(str(exc) or type(exc).__name__)) from None


def _one_line(text: str) -> str:
    return " ".join(text.split())


_DROP = re.compile(r"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_CHARSET = re.compile(r"charset=[\"']?([A-Za-z0-9._:-]+)", re.I)


def normalise(body: bytes, content_type: str = "") -> str:
    """The text a reader sees: scripts, styles, comments and tags dropped, entities decoded,
    whitespace collapsed, so that reformatted markup or a new script is not a change. A PDF or
    another binary file stands for itself (the hex SHA-256 of its bytes).

    >>> normalise(b"<p>Fee:  <b>EUR&nbsp;75</b></p><script>x=1</script>", "text/html")
    'Fee: EUR 75'
    """
    looks_html = "html" in content_type.lower() or body.lstrip()[:1] == b"<"
    if not looks_html and "text" not in content_type.lower():
        return hashlib.sha256(body).hexdigest()
    found = _CHARSET.search(content_type) or _CHARSET.search(body[:2048].decode("ascii", "ignore"))
    text = _decode(body, found.group(1) if found else "utf-8")
    if looks_html:
        text = _TAG.sub(" ", _DROP.sub(" ", text))
    return _SPACE.sub(" ", html.unescape(text)).strip()


def _decode(body: bytes, charset: str) -> str:
    try:
        return body.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return body.decode("utf-8", errors="replace")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def host_of(url: str) -> str:
    """scheme://host[:port], the unit robots.txt and the rate limit apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Robots:
    """Each host's robots.txt, fetched once (RFC 9309: a 4xx means no rules, a 5xx means the
    whole site is off limits)."""

    def __init__(self, get: Get) -> None:
        self.get = get
        self.rules: dict[str, Any] = {}

    def parser(self, host: str) -> Any:
        from urllib.robotparser import RobotFileParser

        if host not in self.rules:
            answer = self.get(host + "/robots.txt", {})
            parser = RobotFileParser()
            if answer.status >= 500:
                parser.parse(["User-agent: *", "Disallow: /"])
            elif answer.status >= 400:
                parser.parse([])
            else:
                parser.parse(_decode(answer.body, "utf-8").splitlines())
            self.rules[host] = parser
        return self.rules[host]

    def allowed(self, url: str) -> bool:
        return bool(self.parser(host_of(url)).can_fetch(USER_AGENT, url))

    def delay(self, url: str, default: float) -> float:
        """The pause before the next request to this host: ours, or robots.txt's if longer."""
        asked = self.parser(host_of(url)).crawl_delay(USER_AGENT)
        return min(max(default, float(asked or 0)), max(default, MAX_DELAY_S))


class Throttle:
    """Keeps `delay` seconds between two requests to one host."""

    def __init__(self, sleep: Callable[[float], None], clock: Callable[[], float]) -> None:
        self.sleep, self.clock = sleep, clock
        self.last: dict[str, float] = {}

    def wait(self, host: str, delay: float) -> None:
        if host in self.last:
            pause = self.last[host] + delay - self.clock()
            if pause > 0:
                self.sleep(pause)
        self.last[host] = self.clock()


@dataclass
class Checked:
    """One source after the watch: what happened and what it backs."""

    url: str
    status: Status
    backs: list[str]
    official: bool
    detail: str = ""
    """Why it could not be read (HTTP 404, no answer in 20 s), or how the answer was judged."""
    since: str | None = None
    """The day the previously stored text was first seen (for changed and unchanged sources)."""


@dataclass
class WatchReport:
    on: date
    checked: list[Checked] = field(default_factory=list)

    def by_status(self, status: Status) -> list[Checked]:
        return sorted((c for c in self.checked if c.status == status), key=lambda c: c.url)

    def counts(self) -> dict[str, int]:
        return {s: len(self.by_status(s)) for s in STATUSES}

    def document(self) -> dict[str, Any]:
        """The JSON twin of the report: every source, most urgent first."""
        return {
            "on": self.on.isoformat(),
            "counts": self.counts(),
            "sources": [
                {
                    "url": c.url,
                    "status": c.status,
                    "official": c.official,
                    "detail": c.detail or None,
                    "since": c.since,
                    "backs": c.backs,
                }
                for s in STATUSES
                for c in self.by_status(s)
            ],
        }

    def summary(self) -> str:
        counts = ", ".join(f"{n:,} {s}" for s, n in self.counts().items())
        return f"Watched {len(self.checked):,} sources on {self.on.isoformat()}: {counts}."

    def text(self, width: int = 80) -> str:
        """The terminal report, wrapped to `width`: changed, unreachable and disallowed sources
        each with what it backs; new and unchanged ones only counted."""
        import textwrap

        width = max(width, 40)
        lines = textwrap.wrap(self.summary(), width)
        for status, heading in _HEADINGS:
            rows = self.by_status(status)
            if not rows:
                continue
            lines += ["", heading]
            for c in rows:
                note = f" ({c.detail})" if c.detail else ""
                lines.append(f"  {c.url}{note}")
                if c.since:
                    lines += textwrap.wrap(
                        f"previous text first seen {c.since}", width, initial_indent=" " * 4
                    )
                for what in c.backs:
                    lines += textwrap.wrap(
                        what, width, initial_indent="    backs ", subsequent_indent=" " * 10
                    )
        if not any(self.by_status(s) for s, _ in _HEADINGS):
            lines += ["", "Nothing to re-read."]
        return "\n".join(lines) + "\n"

    def markdown(self) -> str:
        """A review list for contributors: a checkbox per source to re-read, with what it backs."""
        lines = [f"# Sources to re-read ({self.on.isoformat()})", "", self.summary(), ""]
        for status, heading in _HEADINGS:
            rows = self.by_status(status)
            if not rows:
                continue
            lines += [f"## {heading.rstrip(':')}", ""]
            for c in rows:
                note = f" ({c.detail})" if c.detail else ""
                since = f"; previous text first seen {c.since}" if c.since else ""
                lines.append(f"- [ ] <{c.url}>{note}{since}")
                lines += [f"  - backs {_md(what)}" for what in c.backs]
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


_HEADINGS: tuple[tuple[Status, str], ...] = (
    ("changed", "Changed since the last watch (re-read, then update the data and its dates):"),
    ("unreachable", "Could not be read (moved, gone, or the server did not answer):"),
    ("disallowed", "Not fetched (the site's robots.txt asks robots to stay away):"),
)


def _md(text: str) -> str:
    """Markdown-safe text: a backslash before the characters that would format it."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def state_path() -> Path:
    """`watch.json` in the user's data folder."""
    from emigre.paths import data_dir

    return data_dir() / "watch.json"


def _load_state(path: Path) -> dict[str, dict[str, str]]:
    if not path.is_file():
        return {}
    problem = f"{path}: not a watch file emigre wrote; move it away to start afresh"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise InputError(problem) from None
    sources = raw.get("sources") if isinstance(raw, dict) else None
    if not isinstance(sources, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("sha256"), str) for v in sources.values()
    ):
        raise InputError(problem)
    return {str(k): {str(a): str(b) for a, b in v.items()} for k, v in sources.items()}


def _save_state(path: Path, sources: dict[str, dict[str, str]]) -> None:
    from emigre.files import write_atomic

    body = json.dumps({"version": STATE_VERSION, "sources": sources}, indent=1, sort_keys=True)
    try:
        write_atomic(path, body + "\n")
    except OSError as exc:
        raise InputError(f"{path}: cannot be written ({exc.strerror or exc})") from None


def _in_turn(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sources with hosts taking turns, so the pause between two requests to one host is
    spent on the others."""
    by_host: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_host.setdefault(host_of(row["url"]), []).append(row)
    queues = list(by_host.values())
    out: list[dict[str, Any]] = []
    for i in range(max((len(q) for q in queues), default=0)):
        out += [q[i] for q in queues if i < len(q)]
    return out


def watch(
    sources: Iterable[dict[str, Any]],
    on: date,
    get: Get = default_get,
    path: Path | None = None,
    delay: float = DELAY_S,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    progress: Callable[[int, int, str], None] | None = None,
) -> WatchReport:
    """Fetch each source (rows of `catalogue.sources_of`: url, official, backs), compare the hash
    of its text with the last watch's, and save the new hashes (other sources' entries are kept).

    Raises NetworkError when no host answered at all (offline): nothing is saved then."""
    path = path or state_path()
    state = _load_state(path)
    rows = _in_turn(list(sources))
    robots, throttle = Robots(get), Throttle(sleep, clock)
    down: dict[str, str] = {}
    """Hosts that did not answer, with why: not asked again in this run."""
    report = WatchReport(on)
    answered = False
    try:
        for i, row in enumerate(rows):
            url = row["url"]
            host = host_of(url)
            if progress:
                progress(i + 1, len(rows), url)
            item = Checked(url, "new", list(row["backs"]), bool(row.get("official")))
            report.checked.append(item)
            if host in down:
                item.status, item.detail = "unreachable", down[host]
                continue
            old = state.get(url)
            try:
                if host not in robots.rules:
                    throttle.wait(host, delay)
                allowed = robots.allowed(url)
                answered = True  # the host answered (its robots.txt, even a 404 for it)
                if not allowed:
                    item.status = "disallowed"
                    continue
                throttle.wait(host, robots.delay(url, delay))
                conditional = {}
                if old and old.get("etag"):
                    conditional["If-None-Match"] = old["etag"]
                if old and old.get("last_modified"):
                    conditional["If-Modified-Since"] = old["last_modified"]
                got = get(url, conditional)
            except Unreachable as exc:
                down[host] = str(exc)
                item.status, item.detail = "unreachable", str(exc)
                continue
            if old and got.status == 304:
                item.status, item.since, item.detail = "unchanged", old.get("seen"), "304"
                state[url] = {**old, "checked": on.isoformat()}
                continue
            if got.status >= 400 or got.status == 304:
                item.status, item.detail = "unreachable", f"HTTP {got.status}"
                continue
            if len(got.body) > MAX_BYTES:
                item.status, item.detail = "unreachable", f"larger than {MAX_BYTES // 1_000_000} MB"
                continue
            new = digest(normalise(got.body, got.content_type))
            seen = on.isoformat()
            if old:
                item.since = old.get("seen")
                item.status = "unchanged" if old["sha256"] == new else "changed"
                if item.status == "unchanged":
                    seen = old.get("seen", seen)
            state[url] = {"sha256": new, "seen": seen, "checked": on.isoformat()}
            if got.etag:
                state[url]["etag"] = got.etag
            if got.last_modified:
                state[url]["last_modified"] = got.last_modified
    except KeyboardInterrupt:
        # Ctrl-C in a long watch: keep what was compared (the interrupted source is not counted)
        if answered:
            _save_state(path, state)
        raise WatchInterrupted(max(len(report.checked) - 1, 0), len(rows), answered) from None
    if rows and not answered:
        first = next(iter(down.items()))
        raise NetworkError(
            f"data watch: no source could be reached ({urlsplit(first[0]).hostname}: {first[1]});"
            " are you online? Nothing was saved"
        )
    if rows:
        _save_state(path, state)
    return report
