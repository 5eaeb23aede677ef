"""Opt-in update of the exchange rates from the ECB and the Bank of Russia.

Nothing here runs unless the user asks for it (`emigre rates update`). It downloads two public
files and sends nothing about the user: no profile data, no cookies, no identifiers, only a
User-Agent naming the program.

- ECB reference rates (units of a currency per 1 EUR), as published.
- RUB per EUR from the Bank of Russia (the ECB stopped quoting RUB in March 2022).
- Currencies the Bank of Russia quotes and the ECB does not (KZT, AMD, GEL, RSD, BYN, ...) as
  cross rates: (RUB per EUR) / (RUB per unit of the currency), both from the same CBR file. Their
  `source` is the CBR address followed by `CROSS_NOTE`.

Each rate is dated by its publisher: the ECB by the day of its reference rates, the Bank of Russia
by the `Date` of its file, which is the day its rates apply (a rate set on a working day applies
from the next calendar day).

Each row's `published` is that same date (what the file states); `valid_until` stays empty, since
a single file does not say when the next rate takes effect.

The rows go to a CSV in the bundled format (`COLUMNS`), by default
`user_rates_path()`, which `money.load_fx()` reads over the bundled snapshot.
"""

from __future__ import annotations

import csv
import math
import os
import tempfile
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from emigre.errors import DataError, EmigreError, InputError, NetworkError
from emigre.money import Rate, merge_rates, read_rates, user_rates_path

__all__ = [
    "CBR_DAILY_URL",
    "CROSS_NOTE",
    "ECB_90D_URL",
    "ECB_DAILY_URL",
    "cbr_url",
    "default_get",
    "fetch_rates",
    "parse_cbr",
    "parse_ecb",
    "update",
    "user_rates_path",
]

ECB_DAILY_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
ECB_90D_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml"
"""The last 90 working days, newest first: used when a date is asked for."""
CBR_DAILY_URL = "https://www.cbr.ru/scripts/XML_daily.asp"
CROSS_NOTE = " (cross rate via RUB)"
"""Appended to the CBR address in `source` for rates derived through the rouble."""

USER_AGENT = "emigre (rates update)"
TIMEOUT_S = 20
MAX_BYTES = 4_000_000
"""Both files are tens of kilobytes; anything far bigger is not what was asked for."""

Get = Callable[[str], bytes]


class HttpsOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another HTTPS address: a network that sends the bank's
    address to plain HTTP could hand over rates of its own."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme != "https":
            raise urllib.error.HTTPError(
                req.full_url, code, "redirected to an address that is not HTTPS", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


OPENER = urllib.request.build_opener(HttpsOnlyRedirects)
"""The downloads' opener: certificates checked (the default context), HTTPS redirects only."""


def urlopen(request: urllib.request.Request, timeout: float) -> Any:
    return OPENER.open(request, timeout=timeout)


COLUMNS = ["date", "currency", "per_eur", "source", "confidence", "published", "valid_until"]
"""The columns of a saved rates file, as in the bundled snapshot."""


def cbr_url(on: date | None) -> str:
    """The CBR daily file: the rates that apply on `on`, or the newest ones if `on` is None."""
    return CBR_DAILY_URL if on is None else f"{CBR_DAILY_URL}?date_req={on:%d/%m/%Y}"


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _still_used() -> str:
    """The end of a failure message: which rates emigre keeps using."""
    try:
        user = user_rates_path()
        if user.is_file():
            saved = read_rates(user)
            if saved:
                return f"the saved rates of {max(r.on for r in saved)} are still used"
        bundled = read_rates()
    except EmigreError:
        return "the rates already on this computer are still used"
    newest = max((r.on for r in bundled), default=None)
    return f"the bundled rates of {newest} are still used"


def _unexpected(url: str, detail: str) -> NetworkError:
    return NetworkError(
        f"{_host(url)} sent something other than the expected rates file ({_one_line(detail)})"
        f" — {_still_used()}"
    )


def _local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rpartition("}")[2]


def _parse_xml(data: bytes, url: str) -> ET.Element:
    # The standard library parser expands entities; neither publisher uses a DTD, so refuse one.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _unexpected(url, "a document with a DTD")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise _unexpected(url, f"not XML: {exc}") from None


def _positive(text: str | None, what: str) -> float:
    """A positive number, with a decimal point or a comma."""
    try:
        value = float((text or "").strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"{what} is not a number: {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{what} is not a positive number: {text!r}")
    return value


def _code(text: str | None) -> str:
    code = (text or "").strip()
    if len(code) != 3 or not code.isascii() or not code.isalpha() or not code.isupper():
        raise ValueError(f"not a currency code: {text!r}")
    return code


def parse_ecb(data: bytes, url: str, on: date | None = None) -> list[Rate]:
    """ECB reference rates from `eurofxref-daily.xml` or `eurofxref-hist-90d.xml`: those of the
    newest day on or before `on` (the newest day of all if `on` is None)."""
    root = _parse_xml(data, url)
    days: dict[date, list[Rate]] = {}
    try:
        for cube in root.iter():
            if _local(cube.tag) != "Cube" or "time" not in cube.attrib:
                continue
            day = date.fromisoformat(cube.attrib["time"])
            days[day] = [
                Rate(
                    day,
                    _code(c.get("currency")),
                    _positive(c.get("rate"), "rate"),
                    url,
                    published=day,
                )
                for c in cube
                if _local(c.tag) == "Cube" and "currency" in c.attrib
            ]
    except ValueError as exc:
        raise _unexpected(url, str(exc)) from None
    candidates = [d for d in days if on is None or d <= on]
    if not candidates:
        if not days:
            raise _unexpected(url, "no <Cube time=...> with rates")
        raise InputError(
            f"the ECB file at {_host(url)} goes back to {min(days)} only, not to {on}"
            " — ask for a later date"
        )
    rates = days[max(candidates)]
    if not rates:
        raise _unexpected(url, f"no rates for {max(candidates)}")
    return rates


def parse_cbr(data: bytes, url: str) -> tuple[date, dict[str, float]]:
    """The date a Bank of Russia daily file applies to, and RUB per one unit of each currency
    (`Value` / `Nominal`: e.g. KZT and AMD are quoted per 100)."""
    root = _parse_xml(data, url)
    if root.tag != "ValCurs":
        raise _unexpected(url, f"<{_local(root.tag)}> instead of <ValCurs>")
    try:
        day = datetime.strptime(root.get("Date", ""), "%d.%m.%Y").date()
        rub: dict[str, float] = {}
        for valute in root.iter("Valute"):
            code = _code(valute.findtext("CharCode"))
            value = _positive(valute.findtext("Value"), f"{code} Value")
            nominal = _positive(valute.findtext("Nominal"), f"{code} Nominal")
            rub[code] = value / nominal
    except ValueError as exc:
        raise _unexpected(url, str(exc)) from None
    if "EUR" not in rub:
        raise _unexpected(url, "no EUR rate")
    return day, rub


def _significant(x: float, digits: int = 6) -> float:
    """A cross rate is no more precise than its inputs, which carry about six digits."""
    return float(f"{x:.{digits}g}")


def fetch_rates(on: date | None, get: Get) -> list[Rate]:
    """Download the ECB and Bank of Russia files through `get` and return rates per EUR.

    With `on`, the rates that applied on that date (the ECB's within its 90-day file); without it,
    the newest published."""
    ecb_url = ECB_DAILY_URL if on is None else ECB_90D_URL
    rates = [r for r in parse_ecb(get(ecb_url), ecb_url, on) if r.currency not in ("EUR", "RUB")]
    url = cbr_url(on)
    day, rub = parse_cbr(get(url), url)
    rub_per_eur = rub["EUR"]
    rates.append(Rate(day, "RUB", rub_per_eur, url, published=day))
    known = {r.currency for r in rates} | {"EUR"}
    rates.extend(
        Rate(day, code, _significant(rub_per_eur / per_unit), url + CROSS_NOTE, published=day)
        for code, per_unit in sorted(rub.items())
        if code not in known
    )
    return rates


def default_get(url: str) -> bytes:
    """Download `url` (HTTPS, a User-Agent naming emigre, nothing else about the user).
    Any failure becomes a one-line NetworkError."""
    import http.client

    host = _host(url)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urlopen(request, timeout=TIMEOUT_S) as response:
            data: bytes = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        reason = f"HTTP {exc.code} {exc.reason}"
    except urllib.error.URLError as exc:
        timed_out = isinstance(exc.reason, TimeoutError)
        reason = f"no answer in {TIMEOUT_S} s" if timed_out else str(exc.reason)
    except TimeoutError:
        reason = f"no answer in {TIMEOUT_S} s"
    except (OSError, http.client.HTTPException) as exc:
        reason = str(exc) or type(exc).__name__
    else:
        if len(data) > MAX_BYTES:
            raise _unexpected(url, f"more than {MAX_BYTES // 1_000_000} MB")
        return data
    raise NetworkError(f"could not reach {host}: {_one_line(reason)} — {_still_used()}")


def _write(dest: Path, rates: list[Rate]) -> None:
    """Replace `dest` in one step, so an interrupted write never leaves half a file."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".rates-", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh, lineterminator="\n")
            out.writerow(COLUMNS)
            out.writerows(
                [
                    r.on.isoformat(),
                    r.currency,
                    repr(r.per_eur),
                    r.source,
                    r.confidence,
                    r.published.isoformat() if r.published else "",
                    r.valid_until.isoformat() if r.valid_until else "",
                ]
                for r in rates
            )
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def update(dest: Path, get: Get = default_get, on: date | None = None) -> tuple[int, date]:
    """Fetch the rates and merge them into `dest` (created if missing; a row of the same date and
    currency is replaced). Returns how many rows were added or changed, and the newest date
    fetched. An unreadable `dest` stops the update before anything is downloaded."""
    old = read_rates(dest) if dest.exists() else []
    fetched = fetch_rates(on, get)
    before = {(r.on, r.currency): r for r in old}
    changed = sum(1 for r in fetched if before.get((r.on, r.currency)) != r)
    if changed or not dest.exists():
        try:
            _write(dest, merge_rates(old, fetched))
        except OSError as exc:
            raise DataError(f"could not write {dest}: {exc.strerror or exc}") from None
    return changed, max(r.on for r in fetched)
