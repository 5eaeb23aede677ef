"""Every page of the web app in Russian, read as a Russian reader would: no country codes, no
internal ids of routes, no English interface words, numbers and dates written the Russian way,
errors of an imported file in Russian. Over every route of the knowledge base (HTTP only, so
that it is quick); the browser tests look at layout."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from emigre.codes import countries  # noqa: E402
from emigre.web.app import create_app  # noqa: E402
from tests.conftest import EXAMPLES  # noqa: E402
from tests.english_scan import english_words  # noqa: E402

DIMA = EXAMPLES / "dima.toml"
CODES = frozenset(countries())


class _Visible(HTMLParser):
    """The text a reader sees, with SVG labels (charts) but without addresses, code and
    citations kept in their own language."""

    SKIP = {"script", "style", "code", "cite", "title"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "path", "rect", "line"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        a = dict(attrs)
        skip = tag in self.SKIP or a.get("lang") == "en" or a.get("translate") == "no"
        self.stack.append(skip or (bool(self.stack) and self.stack[-1]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.text.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    text = " ".join(parser.text)
    return re.sub(r"\S+://\S+", " ", text)  # addresses shown as links' texts


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, str, list[str]]:
    store = tmp_path_factory.mktemp("ru") / "profiles.sqlite3"
    app = create_app(store_path=store, today=lambda: date(2026, 11, 25))
    client = TestClient(app, base_url="http://127.0.0.1:8000", cookies={"lang": "ru"})
    resp = client.post(
        "/profile/import",
        files={"file": ("Дима.toml", DIMA.read_bytes(), "application/toml")},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    results = resp.headers["location"]
    ids = re.findall(r'data-route="([^"]+)"', client.get(results).text)
    assert len(ids) > 50
    return client, results, ids


def _pages(site: tuple[TestClient, str, list[str]]) -> list[str]:
    _client, results, ids = site
    base = results.removesuffix("/results")
    compare = f"{base}/compare?r={ids[0]}&r={ids[1]}&r={ids[-1]}"
    return ["/", "/profile/new", results, compare, *(f"{base}/route/{i}" for i in ids)]


def test_no_country_codes_route_ids_or_english_number_formats(
    site: tuple[TestClient, str, list[str]],
) -> None:
    client, _results, ids = site
    known_ids = set(ids)
    problems: list[str] = []
    for path in _pages(site):
        resp = client.get(path)
        assert resp.status_code == 200, path
        assert 'lang="ru"' in resp.text[:200]
        text = visible(resp.text)
        # a country code after a preposition or a verb: "в DE", "обслуживающее RU"
        for m in re.finditer(r"(?<![\w-])([A-Z]{2})(?![\w-])", text):
            before = text[max(0, m.start() - 14) : m.start()]
            if m.group(1) in CODES and re.search(r"\b(в|во|из|для|обслуживающее)\s$", before):
                problems.append(f"{path}: code {text[m.start() - 20 : m.end() + 10]!r}")
        # a route's id instead of its title: "(см. cz.study)"
        for m in re.finditer(r"(?<![\w./-])[a-z]{2}\.[a-z][a-z0-9_.]*(?![\w/-])", text):
            if m.group(0) in known_ids:
                problems.append(f"{path}: route id {text[m.start() - 20 : m.end() + 10]!r}")
        # an internal id of a condition, a points item or an alternative: "(qual_base 20)",
        # "условие «salary_threshold»", "самый быстрый путь — «ict_experience»"
        for m in re.finditer(r"(?<![\w.-])[a-z][a-z0-9]*_[a-z0-9_]+(?![\w-])", text):
            problems.append(f"{path}: internal id {text[m.start() - 30 : m.end() + 10]!r}")
        # English number and amount formats: "45,934", "1.5 млн", "0.5 мес.", "100 EUR"
        # and an amount whose grouping was cut: "31 0 €" for 31 000 EUR
        for pattern in (
            r"\b\d{1,3},\d{3}\b",
            r"\b\d+\.\d+\s?(млн|тыс|мес)",
            r"\d EUR\b",
            r"\d[\u202f\u00a0 ]\d{1,2}[\u00a0 ]?[€₽$]",
        ):
            for m in re.finditer(pattern, text):
                problems.append(f"{path}: number {text[m.start() - 20 : m.end() + 10]!r}")
        # ISO dates and months are for machines ("примерно 2029-05")
        for m in re.finditer(r"(?<![\w/.-])20\d\d-\d\d(-\d\d)?(?![\w-])", text):
            problems.append(f"{path}: ISO date {text[m.start() - 20 : m.end() + 5]!r}")
    assert problems == []


def test_interface_words_are_russian_on_the_main_pages(
    site: tuple[TestClient, str, list[str]],
) -> None:
    """The interface itself (not the data's own proper names) has no English words."""
    client, results, _ids = site
    base = results.removesuffix("/results")
    paths = [
        "/",
        "/profile/new",
        results,
        f"{base}/compare?r=de.study&r=de.blue_card.it_specialist&r=rs.entrepreneur",
        *(f"{base}/route/{r}" for r in ("de.study", "rs.entrepreneur", "cz.study", "es.study")),
    ]
    for path in paths:
        html = client.get(path).text
        assert english_words(html) == [], path
        # what a reader sees or hears besides the text: placeholders, tooltips, labels
        said = re.findall(r'\b(?:placeholder|title|aria-label|alt)="([^"]*)"', html)
        attrs = re.sub(r"\S*/\S*", " ", " ".join(said))  # addresses stay as they are
        assert english_words(f"<p>{attrs}</p>") == [], path
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", attrs), path


def test_charts_speak_russian(site: tuple[TestClient, str, list[str]]) -> None:
    client, results, _ids = site
    base = results.removesuffix("/results")
    page = client.get(f"{base}/route/de.study").text
    svg = page[page.index("<svg") : page.rindex("</svg>")]
    assert 'aria-label="Шаги плана на шкале времени"' in svg
    labels = re.findall(r'class="arrival-label"[^>]*>([^<]*)<', svg)
    assert labels and all("переезд" in t for t in labels), labels
    assert not re.search(r">[^<]*\b20\d\d-\d\d-\d\d", svg)
    compare = client.get(f"{base}/compare?r=de.study&r=rs.entrepreneur").text
    assert "даты приезда нет" in compare and "no arrival date" not in compare


def test_import_errors_in_russian(site: tuple[TestClient, str, list[str]], tmp_path: Path) -> None:
    client, _results, _ids = site
    bad = b'[person]\nbirth_date = "2099-01-01"\ncitizenship = "RU"\n'
    resp = client.post("/profile/import", files={"file": ("плохой.toml", bad, "text/plain")})
    assert resp.status_code == 422
    alert = re.search(r'<p class="alert"[^>]*>(.*?)</p>', resp.text, re.S)
    assert alert is not None
    message = alert.group(1)
    assert "плохой.toml" in message
    assert "дата рождения" in message and "в будущем" in message  # the question and the fix
    assert "список" in message  # citizenship: a list, in Russian
    assert english_words(message) == []
    broken = client.post("/profile/import", files={"file": ("x.toml", b"x = ]\n", "text/plain")})
    assert broken.status_code == 422
    assert "не TOML" in broken.text and "строка 1" in broken.text
    cut = client.post("/profile/import", files={"file": ("x.toml", b"x = [", "text/plain")})
    assert "в конце файла" in cut.text


def test_every_question_of_the_profile_has_a_russian_name(language_ru: None) -> None:
    """ "fill in: …" names the question, never the field's path or its English words."""
    from emigre.profile_fields import fields
    from emigre.report.labels import field_label

    for f in fields():
        path = f.path.replace("[]", "").removesuffix(".<ISO 639-1 code>")
        name = field_label(path)
        assert re.search("[а-яё]", name) and not re.search("[A-Za-z_]", name), (path, name)


@pytest.fixture
def language_ru() -> Iterator[None]:
    from emigre.i18n import current_language, set_language

    before = current_language()
    set_language("ru")
    yield
    set_language(before)


def test_a_sparse_profile_is_asked_its_questions_by_name(
    site: tuple[TestClient, str, list[str]],
) -> None:
    """A person who gave little (no degree country, no political record): the results say which
    questions to answer, in Russian, never as a field path."""
    client, _results, _ids = site
    sparse = (
        b'[person]\ncitizenship = ["BY"]\nbirth_date = 1992-04-11\n'
        b'[education]\nhighest_degree = "vocational"\nfield = "nursing"\n'
        b'[[work]]\noccupation = "3221"\nstart = 2016-09-01\n'
        b'[languages]\nru = "native"\n[money]\ncurrency = "EUR"\nsavings = 4000\n'
    )
    resp = client.post(
        "/profile/import",
        files={"file": ("Оля.toml", sparse, "text/plain")},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    results = resp.headers["location"]
    base = results.removesuffix("/results")
    page = client.get(results).text
    text = visible(page)
    assert "заполните" in text
    ids = re.findall(r'data-route="([^"]+)"', page)
    unknown = re.findall(r'data-route="([^"]+)"[^>]*data-verdict="unknown"', page) or ids[-5:]
    blocked = re.findall(r'data-route="([^"]+)"[^>]*data-verdict="blocked"', page)
    htmls = [client.get(f"{base}/route/{r}").text for r in [*unknown[:12], *blocked]]
    for html in htmls:  # each reason once: "степень ниже…", not "степень ниже…; степень ниже…"
        line = re.search(r'<p class="blocked-line">(.*?)</p>', html, re.S)
        reasons = re.sub(r"<[^>]+>", "", line.group(1)).split(":", 1)[-1] if line else ""
        parts = [p.strip() for p in reasons.split(";") if p.strip()]
        assert len(parts) == len(set(parts)), parts
    pages = [text, *(visible(h) for h in htmls)]
    for t in pages:
        path = re.search(r"\b(person|education|work|languages|money|preferences|offers)\.\w+", t)
        assert path is None, t[max(0, path.start() - 60) : path.end() + 20]
        assert not re.search(r"(заполните|профиле):\s+[a-z]", t)


def test_import_errors_name_the_section_and_the_choices_in_russian(
    site: tuple[TestClient, str, list[str]],
) -> None:
    """A file without a section, or with a value outside a list, says which section and what
    may be written there, in Russian."""
    client, _results, _ids = site

    def alert(data: bytes) -> str:
        resp = client.post("/profile/import", files={"file": ("f.toml", data, "text/plain")})
        assert resp.status_code == 422
        found = re.search(r'<p class="alert"[^>]*>(.*?)</p>', resp.text, re.S)
        assert found is not None
        return re.sub(r"<[^>]+>", "", found.group(1))

    empty = alert(b"")
    assert "о вас" in empty and english_words(f"<p>{empty}</p>") == []
    level = alert(
        b'[person]\ncitizenship = ["RU"]\nbirth_date = 2001-01-01\n'
        b'[languages]\nen = "fluent"\n[money]\ncurrency = "RUB"\n'
    )
    assert "Напишите одно из" in level and "C1" in level and "native" in level


def test_a_choice_outside_the_list_is_answered_without_english_words(
    site: tuple[TestClient, str, list[str]],
) -> None:
    """A licence's status outside the list names the choices, with no English 'or' between them."""
    client, _results, _ids = site
    data = (
        DIMA.read_bytes()
        + b'\n[[licences]]\ncountry = "DE"\noccupation = "2211"\nstatus = "maybe"\n'
    )
    resp = client.post("/profile/import", files={"file": ("f.toml", data, "text/plain")})
    assert resp.status_code == 422
    found = re.search(r'<p class="alert"[^>]*>(.*?)</p>', resp.text, re.S)
    assert found is not None
    text = unescape(re.sub(r"<[^>]+>", "", found.group(1)))
    assert "Напишите одно из: 'granted', 'promised'" in text, text
    assert " or " not in text


def test_error_pages_speak_russian(site: tuple[TestClient, str, list[str]]) -> None:
    """A wrong address (a deleted profile, a route that does not exist, a date typed into the
    address, a page that is not there) is answered with the error page in Russian, saying what
    is wrong; the API keeps answering JSON."""
    client, results, _ids = site
    base = results.removesuffix("/results")
    cases = {
        "/profile/999999/results": "профиля нет",
        f"{base}/route/xx.nope": "маршрута нет",
        f"{base}/route/xx.nope/plan.ics": "маршрута нет",
        f"{base}/compare?r=de.study": "два или три маршрута",
        f"{base}/results?on=garbage": "on=",
        f"{base}/results?on=1800-01-01": "1950-01-01",
        "/no-such-page": "страницы нет",
    }
    for path, said in cases.items():
        resp = client.get(path)
        assert resp.status_code in (404, 422), path
        assert resp.headers["content-type"].startswith("text/html"), path
        message = re.search(r'<p class="error-text">(.*?)</p>', resp.text, re.S)
        assert message is not None, path
        text = unescape(message.group(1))
        assert said in text and re.search("[а-яё]{4}", text), (path, text)
        words = re.sub(r"\bon=\S*", " ", text)  # the address's own parameter, as typed
        assert english_words(f"<p>{words}</p>") == [], (path, text)
    back = client.get(f"{base}/route/xx.nope").text
    assert f'<a class="button" href="{base}/results">Назад</a>' in back  # to this person's routes
    wrong = client.request("TRACE", "/healthz")  # a method the address does not take
    assert wrong.status_code == 405 and "GET" in wrong.headers["allow"]
    api = client.get("/api/no-such-thing")
    assert api.status_code == 404 and api.headers["content-type"] == "application/json"


def test_the_what_if_offer_does_not_deny_the_profiles_own(
    site: tuple[TestClient, str, list[str]],
) -> None:
    """Someone whose profile holds a job offer is not told "no offer" by the what-if panel (an
    offer chosen there is added to the profile's own)."""
    client, results, _ids = site
    with_offer = Path(__file__).parent / "fixtures" / "people" / "nl_offer.toml"
    resp = client.post(
        "/profile/import",
        files={"file": ("offer.toml", with_offer.read_bytes(), "text/plain")},
        follow_redirects=False,
    )
    base = resp.headers["location"].removesuffix("/results")
    first = re.search(
        r'name="offer_country">\s*<option value="">([^<]*)<',
        client.get(f"{base}/route/nl.blue_card").text,
    )
    assert first is not None and first.group(1) == "— только предложения из профиля —"
    dima = client.get(results.replace("/results", "/route/nl.blue_card")).text
    assert re.search(r'name="offer_country">\s*<option value="">— предложения нет —<', dima)
