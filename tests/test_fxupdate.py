"""The opt-in rates update, against recorded responses in tests/fixtures (no test touches the
network: `get` is a dict lookup, and `urlopen` is replaced where `default_get` is tested).

cbr_daily.xml holds 8 of the Valute entries of a Bank of Russia response for 01.04.2025, in
windows-1251; ecb_daily.xml and ecb_hist_90d.xml follow the ECB's layout (see their comments).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from emigre import fxupdate
from emigre.errors import DataError, InputError, NetworkError
from emigre.fxupdate import (
    CBR_DAILY_URL,
    CROSS_NOTE,
    ECB_90D_URL,
    ECB_DAILY_URL,
    cbr_url,
    default_get,
    fetch_rates,
    parse_cbr,
    parse_ecb,
    update,
)
from emigre.money import Rate, load_fx, read_rates, user_rates_path

FIXTURES = Path(__file__).parent / "fixtures"
CBR = (FIXTURES / "cbr_daily.xml").read_bytes()
ECB = (FIXTURES / "ecb_daily.xml").read_bytes()
ECB_90D = (FIXTURES / "ecb_hist_90d.xml").read_bytes()
RUB_PER_EUR = 92.4276


class Recorded:
    """A `get` that serves recorded responses and remembers what was asked for."""

    def __init__(self, responses: dict[str, bytes]) -> None:
        self.responses = responses
        self.asked: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.asked.append(url)
        if url not in self.responses:
            raise AssertionError(f"unexpected download: {url}")
        return self.responses[url]


def latest() -> Recorded:
    return Recorded({ECB_DAILY_URL: ECB, CBR_DAILY_URL: CBR})


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty emigre home, so a developer's own saved rates never leak in."""
    root = tmp_path / "emigre-home"
    monkeypatch.setenv("EMIGRE_HOME", str(root))
    return root


def by_currency(rates: list[Rate]) -> dict[str, Rate]:
    out = {r.currency: r for r in rates}
    assert len(out) == len(rates), "one row per currency"
    return out


# --- parsing ---------------------------------------------------------------------------------


def test_the_cbr_file_is_read_in_windows_1251_with_comma_decimals() -> None:
    day, rub = parse_cbr(CBR, CBR_DAILY_URL)
    assert day == date(2025, 4, 1)
    assert rub["EUR"] == pytest.approx(92.4276)
    assert rub["USD"] == pytest.approx(85.4963)
    assert set(rub) == {"AMD", "BYN", "CZK", "EUR", "GEL", "KZT", "RSD", "USD"}


def test_cbr_nominal_divides_the_value() -> None:
    _, rub = parse_cbr(CBR, CBR_DAILY_URL)
    assert rub["KZT"] == pytest.approx(16.9831 / 100)  # Nominal 100
    assert rub["AMD"] == pytest.approx(21.8342 / 100)  # Nominal 100
    assert rub["CZK"] == pytest.approx(37.0451 / 10)  # Nominal 10
    assert rub["GEL"] == pytest.approx(30.8952)  # Nominal 1


def test_the_ecb_file_is_read_with_its_date() -> None:
    rates = by_currency(parse_ecb(ECB, ECB_DAILY_URL))
    assert set(rates) == {"USD", "CZK", "GBP", "PLN", "CHF"}
    usd = Rate(date(2025, 3, 31), "USD", 1.0815, ECB_DAILY_URL, published=date(2025, 3, 31))
    assert rates["USD"] == usd
    assert rates["GBP"].per_eur == 0.83536


def test_the_ecb_history_gives_the_newest_day_not_after_the_date_asked() -> None:
    sunday = date(2025, 3, 30)
    rates = by_currency(parse_ecb(ECB_90D, ECB_90D_URL, sunday))
    assert rates["USD"].on == date(2025, 3, 28)
    assert rates["USD"].per_eur == 1.0790
    assert by_currency(parse_ecb(ECB_90D, ECB_90D_URL))["USD"].on == date(2025, 3, 31)


def test_a_date_before_the_ecb_history_is_refused() -> None:
    with pytest.raises(InputError, match=r"goes back to 2025-03-27 only, not to 2024-01-01"):
        parse_ecb(ECB_90D, ECB_90D_URL, date(2024, 1, 1))


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"<html><body>Access denied</body></html>", "<html> instead of <ValCurs>"),
        (b"Service unavailable", "not XML"),
        (CBR.replace(b"<CharCode>EUR</CharCode>", b"<CharCode>XEU</CharCode>"), "no EUR rate"),
        (CBR.replace(b"<Value>92,4276</Value>", b"<Value>n/a</Value>"), "EUR Value"),
        (CBR.replace(b"<Nominal>100</Nominal>", b"<Nominal>0</Nominal>", 1), "AMD Nominal"),
        (CBR.replace(b'Date="01.04.2025"', b'Date="2025-04-01"'), "does not match format"),
        (b'<!DOCTYPE x [<!ENTITY a "aaaa">]><ValCurs Date="01.04.2025"/>', "DTD"),
    ],
)
def test_an_unexpected_cbr_answer_is_a_one_line_message(data: bytes, detail: str) -> None:
    with pytest.raises(NetworkError) as err:
        parse_cbr(data, CBR_DAILY_URL)
    message = str(err.value)
    assert message.startswith("www.cbr.ru sent something other than the expected rates file")
    assert detail in message
    assert "\n" not in message
    assert "are still used" in message


def test_an_ecb_file_without_rates_is_refused() -> None:
    with pytest.raises(NetworkError, match=r"^www.ecb.europa.eu sent .*\(no <Cube time"):
        parse_ecb(b"<Envelope><Cube/></Envelope>", ECB_DAILY_URL)


# --- fetching --------------------------------------------------------------------------------


def test_fetch_takes_the_ecb_as_published_and_rub_from_the_cbr() -> None:
    get = latest()
    rates = by_currency(fetch_rates(None, get))
    assert get.asked == [ECB_DAILY_URL, CBR_DAILY_URL]
    usd = Rate(date(2025, 3, 31), "USD", 1.0815, ECB_DAILY_URL, published=date(2025, 3, 31))
    assert rates["USD"] == usd
    rub = Rate(date(2025, 4, 1), "RUB", RUB_PER_EUR, CBR_DAILY_URL, published=date(2025, 4, 1))
    assert rates["RUB"] == rub
    assert "EUR" not in rates


def test_currencies_only_the_cbr_quotes_are_cross_rates_via_rub() -> None:
    rates = by_currency(fetch_rates(None, latest()))
    for code, rub_per_unit in {
        "KZT": 16.9831 / 100,
        "AMD": 21.8342 / 100,
        "GEL": 30.8952,
        "RSD": 79.0331 / 100,
        "BYN": 27.2959,
    }.items():
        rate = rates[code]
        assert rate.on == date(2025, 4, 1)
        assert rate.per_eur == pytest.approx(RUB_PER_EUR / rub_per_unit, rel=1e-5)
        assert rate.source == CBR_DAILY_URL + CROSS_NOTE
    assert rates["KZT"].per_eur == 544.233  # 544.23279..., six significant digits, like the inputs
    assert rates["RSD"].per_eur == pytest.approx(116.95, abs=0.01)  # the dinar's usual ~117


def test_the_ecb_wins_over_a_cbr_cross_rate() -> None:
    rates = by_currency(fetch_rates(None, latest()))
    assert rates["CZK"].source == ECB_DAILY_URL
    assert rates["CZK"].per_eur == 25.0
    assert rates["USD"].source == ECB_DAILY_URL


def test_a_date_asks_the_cbr_for_it_and_uses_the_ecb_history() -> None:
    on = date(2025, 3, 31)
    assert cbr_url(on) == "https://www.cbr.ru/scripts/XML_daily.asp?date_req=31/03/2025"
    get = Recorded({ECB_90D_URL: ECB_90D, cbr_url(on): CBR})
    rates = by_currency(fetch_rates(on, get))
    assert get.asked == [ECB_90D_URL, cbr_url(on)]
    assert rates["USD"].on == on
    assert rates["RUB"].source == cbr_url(on)
    assert rates["KZT"].source == cbr_url(on) + CROSS_NOTE


def test_every_download_is_https_to_the_two_central_banks() -> None:
    get = latest()
    fetch_rates(None, get)
    assert all(
        u.startswith(("https://www.ecb.europa.eu/", "https://www.cbr.ru/")) for u in get.asked
    )


# --- updating a file -------------------------------------------------------------------------


def write_csv(path: Path, *rows: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("date,currency,per_eur,source\n" + "".join(r + "\n" for r in rows))


def test_update_creates_the_file_and_its_folders(tmp_path: Path) -> None:
    dest = tmp_path / "a" / "b" / "rates.csv"
    added, day = update(dest, latest())
    assert day == date(2025, 4, 1)
    saved = read_rates(dest)
    # 5 ECB rates, RUB, and cross rates for AMD BYN GEL KZT RSD (USD and CZK come from the ECB)
    assert added == len(saved) == 5 + 1 + 5
    assert dest.read_text().startswith(
        "date,currency,per_eur,source,confidence,published,valid_until\n"
    )
    assert {r.confidence for r in saved} == {"official"}, "read in the banks' own files"
    assert [p.name for p in dest.parent.iterdir()] == ["rates.csv"], "no temporary file left"


def test_update_merges_into_an_existing_file(tmp_path: Path) -> None:
    dest = tmp_path / "rates.csv"
    dest.write_text(
        "date,currency,per_eur,source,confidence,published,valid_until\n"
        "2025-01-02,USD,1.0350,https://example.org/older,official,,\n"
        "2025-03-31,USD,9.9999,https://example.org/wrong,official,,\n"
        f"2025-04-01,RUB,92.4276,{CBR_DAILY_URL},official,2025-04-01,\n"
    )
    added, _ = update(dest, latest())
    saved = {(r.on, r.currency): r for r in read_rates(dest)}
    assert saved[(date(2025, 1, 2), "USD")].per_eur == 1.0350, "older rows are kept"
    assert saved[(date(2025, 3, 31), "USD")].per_eur == 1.0815, "same date+currency is replaced"
    assert saved[(date(2025, 4, 1), "RUB")].per_eur == RUB_PER_EUR
    fetched = len(fetch_rates(None, latest()))
    assert added == fetched - 1, "the unchanged RUB row is not counted"
    assert len(saved) == fetched + 1


def test_a_second_update_of_the_same_day_adds_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "rates.csv"
    update(dest, latest())
    first = dest.read_text()
    assert update(dest, latest()) == (0, date(2025, 4, 1))
    assert dest.read_text() == first


def test_the_saved_file_loads_as_an_fx_table(tmp_path: Path) -> None:
    dest = tmp_path / "rates.csv"
    update(dest, latest())
    fx = load_fx(dest)
    conv = fx.convert(1000, "KZT", "EUR", date(2025, 4, 2))
    assert conv is not None
    assert conv.amount == pytest.approx(1000 / 544.233)
    assert conv.rate_date == date(2025, 4, 1)
    assert conv.source == CBR_DAILY_URL + CROSS_NOTE


def test_a_malformed_destination_stops_the_update_before_downloading(tmp_path: Path) -> None:
    dest = tmp_path / "rates.csv"
    write_csv(dest, "2025-01-02,USD,1.0350,x", "2025-01-03,USD,lots,x")
    get = latest()
    with pytest.raises(DataError, match=rf"{dest}: line 3: expected date,currency,per_eur"):
        update(dest, get)
    assert get.asked == []
    assert "lots" in dest.read_text(), "the file is left as it was"


def test_a_failed_download_leaves_the_file_alone(tmp_path: Path) -> None:
    dest = tmp_path / "rates.csv"
    write_csv(dest, "2025-01-02,USD,1.0350,x")
    before = dest.read_text()

    def down(url: str) -> bytes:
        raise NetworkError("could not reach www.ecb.europa.eu: offline")

    with pytest.raises(NetworkError, match="offline"):
        update(dest, down)
    assert dest.read_text() == before


# --- the network layer, with urlopen replaced ------------------------------------------------


class FakeResponse:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def __enter__(self) -> FakeResponse:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def read(self, limit: int = -1) -> bytes:
        return self.data if limit < 0 else self.data[:limit]


def test_default_get_names_itself_and_sets_a_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_urlopen(request: urllib.request.Request, timeout: float) -> FakeResponse:
        seen["ua"] = request.get_header("User-agent")
        seen["url"] = request.full_url
        seen["timeout"] = timeout
        seen["headers"] = dict(request.header_items())
        return FakeResponse(CBR)

    monkeypatch.setattr(fxupdate, "urlopen", fake_urlopen)
    assert default_get(CBR_DAILY_URL) == CBR
    assert seen["ua"] == "emigre (rates update)"
    assert seen["url"] == CBR_DAILY_URL
    assert 0 < seen["timeout"] <= 60
    assert set(seen["headers"]) == {"User-agent"}, "nothing else is sent"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            urllib.error.URLError(socket.gaierror(-2, "Name or service not known")),
            "Name or service",
        ),
        (urllib.error.URLError(TimeoutError("timed out")), "no answer in 20 s"),
        (TimeoutError("timed out"), "no answer in 20 s"),
        (ConnectionResetError(104, "Connection reset by peer"), "Connection reset"),
        (
            urllib.error.HTTPError(CBR_DAILY_URL, 503, "Service Unavailable", None, None),  # type: ignore[arg-type]
            "HTTP 503 Service Unavailable",
        ),
    ],
)
def test_a_network_error_is_one_line_naming_the_host_and_the_rates_kept(
    monkeypatch: pytest.MonkeyPatch, error: Exception, reason: str
) -> None:
    def fail(request: urllib.request.Request, timeout: float) -> FakeResponse:
        raise error

    monkeypatch.setattr(fxupdate, "urlopen", fail)
    with pytest.raises(NetworkError) as err:
        default_get(CBR_DAILY_URL)
    bundled = max(r.on for r in read_rates())
    message = str(err.value)
    assert message.startswith("could not reach www.cbr.ru: ")
    assert reason in message
    assert message.endswith(f" — the bundled rates of {bundled} are still used")
    assert "\n" not in message
    assert err.value.__context__ is None or err.value.__suppress_context__, "no chained traceback"


def test_the_network_message_names_saved_rates_when_there_are_some(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_csv(user_rates_path(), "2026-11-20,USD,1.18,x", "2026-11-24,USD,1.17,x")

    def fail(request: urllib.request.Request, timeout: float) -> FakeResponse:
        raise urllib.error.URLError(OSError(101, "Network is unreachable"))

    monkeypatch.setattr(fxupdate, "urlopen", fail)
    with pytest.raises(NetworkError, match=r"the saved rates of 2026-11-24 are still used$"):
        default_get(ECB_DAILY_URL)


def test_an_oversized_answer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    big = b"x" * (fxupdate.MAX_BYTES + 10)
    monkeypatch.setattr(fxupdate, "urlopen", lambda request, timeout: FakeResponse(big))
    with pytest.raises(NetworkError, match="more than 4 MB"):
        default_get(ECB_DAILY_URL)


# --- where the user's rates live, and load_fx() ----------------------------------------------


def test_user_rates_path_follows_emigre_home_then_xdg_then_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("EMIGRE_HOME", str(tmp_path / "eh"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert user_rates_path() == tmp_path / "eh" / "fx" / "rates.csv"
    monkeypatch.delenv("EMIGRE_HOME")
    assert user_rates_path() == tmp_path / "xdg" / "emigre" / "fx" / "rates.csv"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/dir")  # ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert user_rates_path() == tmp_path / "home" / ".local/share/emigre/fx/rates.csv"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert user_rates_path() == tmp_path / "home" / ".local/share/emigre/fx/rates.csv"
    assert fxupdate.user_rates_path is user_rates_path


def test_load_fx_reads_the_users_rates_over_the_bundled_ones(home: Path) -> None:
    bundled = load_fx()
    rub = bundled.rate("RUB", date(2026, 7, 1))
    assert rub is not None
    write_csv(
        home / "fx" / "rates.csv",
        f"{rub.on},RUB,100.5,https://www.cbr.ru/mine",
        "2026-11-24,USD,1.1712,https://www.ecb.europa.eu/mine",
    )
    fx = load_fx()
    mine = fx.rate("RUB", rub.on)
    assert mine is not None and (mine.per_eur, mine.source) == (100.5, "https://www.cbr.ru/mine")
    usd = fx.rate("USD", date(2026, 11, 24))
    assert usd is not None and usd.per_eur == 1.1712
    assert set(bundled.currencies()) <= set(fx.currencies()), "the bundled rows are still there"


def test_load_fx_uses_what_update_saved(home: Path) -> None:
    update(user_rates_path(), latest())
    assert (home / "fx" / "rates.csv").is_file()
    fx = load_fx()
    assert fx.rate("KZT", date(2025, 4, 1)) is not None
    rub = fx.rate("RUB", date(2025, 4, 1))
    assert rub is not None and rub.per_eur == RUB_PER_EUR


def test_load_fx_with_a_path_reads_only_that_file(home: Path, tmp_path: Path) -> None:
    write_csv(home / "fx" / "rates.csv", "2026-11-24,USD,1.1712,x")
    other = tmp_path / "other.csv"
    write_csv(other, "2026-11-24,CHF,0.93,x")
    assert load_fx(other).currencies() == ["CHF", "EUR"]


@pytest.mark.parametrize(
    ("row", "detail"),
    [
        ("2026-11-24,USD,-1,x", "per_eur must be positive"),
        ("2026-11-24,USD,nan,x", "per_eur must be positive"),
        ("24.11.2026,USD,1.17,x", "Invalid isoformat"),
        ("2026-11-24,usd,1.17,x", "a code like USD"),
        ("2026-11-24,USD", "expected date,currency,per_eur,source"),
    ],
)
def test_a_malformed_user_file_names_the_file_and_line(home: Path, row: str, detail: str) -> None:
    path = home / "fx" / "rates.csv"
    write_csv(path, "2026-11-20,USD,1.18,x", row)
    with pytest.raises(DataError) as err:
        load_fx()
    message = str(err.value)
    assert message.startswith(f"{path}: line 3: expected date,currency,per_eur,source (")
    assert detail in message


def test_a_user_file_that_is_not_utf8_is_named(home: Path) -> None:
    path = home / "fx" / "rates.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes("date,currency,per_eur,source\n2026-11-24,USD,1.17,Евро\n".encode("cp1251"))
    with pytest.raises(DataError, match=rf"^{path}: not UTF-8 text"):
        load_fx()


def test_a_user_file_saved_with_a_bom_is_read(home: Path) -> None:
    path = home / "fx" / "rates.csv"
    write_csv(path, "2026-11-24,USD,1.17,x")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert "USD" in load_fx().currencies()


def test_importing_money_does_not_load_the_network_code() -> None:
    code = "import sys, emigre.money; print('emigre.fxupdate' in sys.modules)"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "False"


def test_a_rate_quoted_by_a_news_page_says_so(home: Path) -> None:
    """The bundled RUB rates after March 2022 were read on news pages quoting the Bank of
    Russia: they are `secondary`, and `rates show` says how to get the bank's own file."""
    from typer.testing import CliRunner

    from emigre.cli import app

    bundled = read_rates()
    rub = max((r for r in bundled if r.currency == "RUB"), key=lambda r: r.on)
    assert rub.confidence == "secondary"
    assert "cbr.ru" not in rub.source
    assert all(r.confidence == "official" for r in bundled if "ecb.europa.eu" in r.source)
    shown = CliRunner().invoke(app, ["rates", "show", "RUB", "--on", rub.on.isoformat()])
    assert "confidence: secondary" in shown.output
    assert "emigre rates update" in shown.output
    shown = CliRunner().invoke(app, ["rates", "show", "USD"])
    assert "confidence" not in shown.output


def test_a_saved_file_without_the_confidence_column_is_official(home: Path) -> None:
    path = user_rates_path()
    write_csv(path, "2026-11-24,RUB,100.5,https://www.cbr.ru/mine")
    assert read_rates(path)[0].confidence == "official"
    path.write_text(
        "date,currency,per_eur,source,confidence\n2026-11-24,RUB,100.5,https://x.example,rumour\n"
    )
    with pytest.raises(DataError, match=r"line 2: .*confidence must be one of official"):
        read_rates(path)


def test_the_results_page_says_when_the_rate_was_quoted_by_the_news(
    home: Path, tmp_path: Path
) -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from emigre.web.app import create_app
    from tests.conftest import EXAMPLES

    app = create_app(store_path=tmp_path / "p.sqlite3", today=lambda: date(2026, 11, 25))
    client = TestClient(app, base_url="http://127.0.0.1:8000")
    resp = client.post(
        "/profile/import",
        files={"file": ("dima.toml", (EXAMPLES / "dima.toml").read_bytes(), "application/toml")},
        follow_redirects=False,
    )
    page = resp.headers["location"] + "?on=2026-11-25"
    assert "read on a news page quoting the central bank" in client.get(page).text
    client.cookies.set("lang", "ru")
    assert "цитирующей центральный банк" in client.get(page).text


def test_bundled_rates_from_the_banks_own_files_are_official_and_dated() -> None:
    """RUB, BYN and KZT rows read in the Bank of Russia's, the NBRB's and the NBK's own files
    (March-April 2026) are `official`, name the bank's address, and say when they were in force."""
    fx = load_fx()
    hosts = {"RUB": "www.cbr.ru", "BYN": "api.nbrb.by", "KZT": "nationalbank.kz"}
    for code, on in (
        ("RUB", date(2026, 3, 8)),
        ("BYN", date(2026, 3, 7)),
        ("KZT", date(2026, 4, 2)),
    ):
        rate = fx.rate(code, on)
        assert rate is not None and rate.confidence == "official", code
        assert fxupdate._host(rate.source) == hosts[code]
        assert rate.published is not None and rate.valid_until is not None
        assert rate.on <= on <= rate.valid_until, "the rate in force that day, not an older one"
    # the Friday-set rate covered the weekend and the 9 March holiday
    rub = fx.rate("RUB", date(2026, 3, 8))
    assert rub is not None and (rub.on, rub.per_eur) == (date(2026, 3, 7), 91.8391)
    assert rub.valid_until == date(2026, 3, 10)
    newest_official = max(
        r.on for r in read_rates() if r.currency == "RUB" and r.confidence == "official"
    )
    assert newest_official == date(2026, 4, 25)


def test_rates_show_says_when_a_rate_was_in_force(home: Path) -> None:
    from typer.testing import CliRunner

    from emigre.cli import app

    shown = CliRunner().invoke(app, ["rates", "show", "RUB", "--on", "2026-03-09"])
    assert "1 EUR = 91.8391 RUB on 2026-03-07\n" in shown.output, "in force: no 'newest known'"
    assert "in force: 2026-03-07 to 2026-03-10\n" in shown.output
    shown = CliRunner().invoke(app, ["rates", "show", "BYN", "--on", "2026-12-06"])
    assert "newest known" in shown.output
    assert "to 2026-03-17 (a later rate is not in the data)" in shown.output


def test_a_rate_in_force_before_it_took_effect_is_refused(home: Path) -> None:
    path = home / "fx" / "rates.csv"
    path.parent.mkdir(parents=True)
    path.write_text(
        "date,currency,per_eur,source,confidence,published,valid_until\n"
        "2026-03-07,RUB,91.8391,x,official,2026-03-07,2026-03-06\n"
    )
    with pytest.raises(DataError, match=r"line 2: .*valid_until must not precede date"):
        load_fx()


def test_a_redirect_away_from_https_is_not_followed() -> None:
    """A network that answers the bank's address with a redirect to plain HTTP could hand over
    rates of its own; the download stops there instead (a redirect to HTTPS is followed)."""
    handler = fxupdate.HttpsOnlyRedirects()
    request = urllib.request.Request(CBR_DAILY_URL, headers={"User-Agent": "emigre"})
    with pytest.raises(urllib.error.HTTPError, match="not HTTPS"):
        handler.redirect_request(request, None, 302, "Found", {}, "http://www.cbr.ru/x.asp")  # type: ignore[arg-type]
    onward = handler.redirect_request(request, None, 301, "Moved", {}, "https://cbr.ru/x.asp")  # type: ignore[arg-type]
    assert onward is not None and onward.full_url == "https://cbr.ru/x.asp"
    assert any(isinstance(h, fxupdate.HttpsOnlyRedirects) for h in fxupdate.OPENER.handlers)
