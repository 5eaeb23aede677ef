"""The real web app in headless Chromium (Debian's, driven by Playwright; no browser download):
fill the questionnaire, see results, open a route, change a what-if, switch language, compare.

Skipped when chromium or playwright is not installed; `.ci/run` installs chromium in CI.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.webserver import BROWSER_ARGS, running_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("chromium is not installed (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


class Session:
    def __init__(self, url: str, page: Any) -> None:
        self.url, self.page = url, page
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        # a 422 is the app's answer to invalid input, shown to the user: not an error of the page
        if message.type == "error" and "status of 422" not in message.text:
            self.errors.append(message.text)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("web") / "profiles.sqlite3") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        yield b
        b.close()


@pytest.fixture
def s(server: str, browser: Any) -> Iterator[Session]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    session = Session(server, page)
    yield session
    context.close()
    # private by construction: nothing but this server was contacted, nothing was blocked
    assert all(u.startswith(server) or u.startswith("data:") for u in session.requests), [
        u for u in session.requests if not u.startswith(server)
    ]
    assert not session.errors, session.errors


def _fill_questionnaire(s: Session, name: str) -> None:
    page = s.page
    page.goto(s.url + "/profile/new")
    step = page.locator('fieldset.q-step[data-step="0"]')
    assert step.is_visible()
    assert not page.locator('fieldset.q-step[data-step="1"]').is_visible()
    # Next without a birth date: an inline message from the server's validation, same page
    page.click("#q-next")
    error = page.locator('[data-error-for="person.birth_date"]')
    error.wait_for(state="visible")
    assert error.inner_text().strip()
    assert step.is_visible()
    page.fill('[name="person.birth_date"]', "2001-03-15")
    page.select_option('[name="person.political_record"]', "administrative")
    page.click("#q-next")
    page.locator('fieldset.q-step[data-step="1"]').wait_for(state="visible")
    assert not error.is_visible()
    page.fill('[name="education.university_years"]', "2")
    page.fill('[name="work.0.occupation"]', "2512")
    page.fill('[name="work.0.start"]', "2019-09-01")
    page.check('[name="work.0.remote"]')
    page.select_option('[name="work.0.employer_country"]', "RU")
    page.click("#q-next")
    page.locator('fieldset.q-step[data-step="2"]').wait_for(state="visible")
    assert page.input_value('[name="languages.0.code"]') == "ru"
    page.select_option('[name="languages.1.level"]', "C1")
    page.click("#q-next")
    page.locator('fieldset.q-step[data-step="3"]').wait_for(state="visible")
    page.fill('[name="money.savings"]', "600000")
    page.fill('[name="money.monthly_savings"]', "80000")
    page.fill('[name="preferences.study_hours_per_week"]', "15")
    page.fill('[name="name"]', name)
    page.click("#q-submit")
    page.wait_for_url(re.compile(r".*/profile/\d+/results$"))


def test_questionnaire_results_route_and_what_if(s: Session) -> None:
    page = s.page
    _fill_questionnaire(s, "Dima in the browser")
    assert "Dima in the browser" in page.inner_text("h1")
    rows = page.locator("tr.route-row")
    assert rows.count() > 50
    blue = page.locator('tr[data-route="de.blue_card.it_specialist"]')
    assert "reachable" in blue.inner_text()
    cz = page.locator('tr[data-route="cz.study"]')
    assert "closed to citizens of Russian Federation" in cz.inner_text()

    # filters (applied on change, no button needed)
    page.select_option('select[name="country"]', "DE")
    page.wait_for_url(re.compile(r".*country=DE.*"))
    countries = page.locator("tr.route-row").evaluate_all(
        "rows => rows.map(r => r.dataset.country)"
    )
    assert countries and set(countries) == {"DE"}

    # open a route: conditions with law and sources, the two charts
    page.click('tr[data-route="de.blue_card.it_specialist"] a.route-link')
    page.wait_for_url(re.compile(r".*/route/de\.blue_card\.it_specialist.*"))
    assert page.locator("li.cond").count() >= 2
    assert page.locator("li.cond .sources a").count() >= 1
    assert page.locator("svg.chart.timeline").count() == 1
    assert page.locator("svg.chart.cashflow").count() == 1
    badge = page.locator("#verdict-badge")
    assert badge.inner_text().strip() == "reachable"
    arrival_before = page.inner_text("#arrival")
    url_before = page.url

    # what-if: a job offer makes the route eligible and brings arrival forward, without a reload
    page.evaluate("window.__marker = 42")
    page.select_option('#whatif select[name="offer_country"]', "DE")
    page.fill('#whatif input[name="offer_salary"]', "56000")
    expect(badge).to_have_text("eligible")
    assert page.evaluate("window.__marker") == 42  # same page: no reload
    assert page.url == url_before
    assert page.inner_text("#arrival") < arrival_before
    assert "updated" in page.inner_text("#whatif-status").lower()
    page.click("#whatif-reset")
    expect(badge).to_have_text("reachable")


def test_what_if_study_hours_moves_arrival(s: Session, server: str) -> None:
    page = s.page
    _fill_questionnaire(s, "Study hours")
    page.goto(page.url.replace("/results", "/route/de.study"))
    before = page.inner_text("#arrival")
    page.fill('#whatif input[name="hours_per_week"]', "40")
    expect(page.locator("#arrival")).not_to_have_text(before)
    assert page.inner_text("#arrival") < before
    page.fill('#whatif input[name="hours_per_week"]', "0")
    expect(page.locator("#whatif-status")).to_have_class(re.compile(r"\berror\b"))


def test_switch_language_and_compare(s: Session) -> None:
    page = s.page
    _fill_questionnaire(s, "Lang")
    results_url = page.url
    assert page.get_attribute("html", "lang") == "en"
    page.click('.lang-switch a[lang="ru"]')
    page.wait_for_url(results_url)
    assert page.get_attribute("html", "lang") == "ru"
    assert "Маршруты для" in page.inner_text("h1")
    assert (
        "закрыт для граждан страны: Россия"
        in page.locator('tr[data-route="cz.study"]').inner_text()
    )
    # the choice sticks (cookie) on the next page
    page.click('tr[data-route="de.study"] a.route-link')
    assert page.get_attribute("html", "lang") == "ru"
    assert "Условия" in page.inner_text("#conditions h2")
    page.go_back()

    # compare: the button waits for two routes, and stops at three
    button = page.locator("#compare-button")
    assert button.is_disabled()
    for rid in ("de.study", "de.blue_card.it_specialist", "rs.entrepreneur"):
        page.check(f'input[name="r"][value="{rid}"]')
    assert button.is_enabled()
    page.click('input[name="r"][value="es.study"]')  # a fourth is refused
    assert page.locator('input[name="r"]:checked').count() == 3
    button.click()
    page.wait_for_url(re.compile(r".*/compare\?.*"))
    assert page.locator("table.compare thead th").count() == 4
    assert page.locator("svg.chart.compare").count() == 1
    page.click('.lang-switch a[lang="en"]')
    assert page.get_attribute("html", "lang") == "en"


def test_home_lists_saved_profiles_and_imports_toml(s: Session) -> None:
    page = s.page
    page.goto(s.url + "/")
    example = Path(__file__).parent.parent / "examples" / "anya.toml"
    page.set_input_files('input[name="file"]', str(example))
    page.click('form[action="/profile/import"] button')
    page.wait_for_url(re.compile(r".*/results$"))
    assert "anya" in page.inner_text("h1")
    page.goto(s.url + "/")
    assert page.locator("table.profiles tbody tr").count() >= 1
