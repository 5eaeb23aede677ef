"""The real web app in headless Chromium (Debian's, driven by Playwright; no browser download):
fill the questionnaire, see results, open a route, change a what-if, switch language, compare.

Skipped when chromium or playwright is not installed; `.ci/run` installs chromium in CI.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.webserver import BROWSER_ARGS, browser_or_skip, running_app

CHROMIUM, sync_api = browser_or_skip()
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
    assert "closed to citizens of Russia" in cz.inner_text()

    # filters apply in place on change (no reload: an arrow key in the list does not navigate)
    page.evaluate("window.__marker = 7")
    page.select_option('select[name="country"]', "DE")
    expect(page.locator('tr.route-row[data-country="ES"]').first).to_be_hidden()
    countries = page.locator("tr.route-row:not([hidden])").evaluate_all(
        "rows => rows.map(r => r.dataset.country)"
    )
    assert countries and set(countries) == {"DE"}
    assert page.evaluate("window.__marker") == 7
    assert "country=DE" in page.url  # the address keeps the filter (reload, share)

    # open a route: conditions with law and sources, the two charts
    page.click('tr[data-route="de.blue_card.it_specialist"] a.route-link')
    page.wait_for_url(re.compile(r".*/route/de\.blue_card\.it_specialist.*"))
    assert page.locator("li.cond").count() >= 2
    assert page.locator("li.cond .sources a").count() >= 1
    assert page.locator("svg.chart.timeline").count() == 1
    assert page.locator("svg.chart.cashflow").count() == 1
    badge = page.locator("#verdict-badge")
    assert badge.inner_text().strip() == "reachable"
    arrival_before = page.get_attribute("#arrival time", "datetime")
    url_before = page.url

    # what-if: a job offer makes the route eligible and brings arrival forward, without a reload
    page.evaluate("window.__marker = 42")
    page.select_option('#whatif select[name="offer_country"]', "DE")
    page.fill('#whatif input[name="offer_salary"]', "56000")
    expect(badge).to_have_text("eligible")
    assert page.evaluate("window.__marker") == 42  # same page: no reload
    assert page.url == url_before
    assert page.get_attribute("#arrival time", "datetime") < arrival_before
    assert "updated" in page.inner_text("#whatif-status").lower()
    page.click("#whatif-reset")
    expect(badge).to_have_text("reachable")


def test_what_if_study_hours_moves_arrival(s: Session, server: str) -> None:
    page = s.page
    _fill_questionnaire(s, "Study hours")
    page.goto(page.url.replace("/results", "/route/de.study"))
    before = page.get_attribute("#arrival time", "datetime")
    page.fill('#whatif input[name="hours_per_week"]', "40")
    expect(page.locator("#arrival time")).not_to_have_attribute("datetime", before)
    assert page.get_attribute("#arrival time", "datetime") < before
    page.fill('#whatif input[name="hours_per_week"]', "0")
    expect(page.locator("#whatif-status")).to_have_class(re.compile(r"\berror\b"))


def test_what_if_an_admission_letter_opens_the_route(s: Session) -> None:
    page = s.page
    _fill_questionnaire(s, "Admission")
    page.goto(page.url.replace("/results", "/route/de.language_course"))
    badge = page.locator("#verdict-badge")
    assert badge.inner_text().strip() == "reachable"
    letter = page.locator('#whatif input[name="admission"]')
    letter.check()
    expect(badge).to_have_text("eligible")
    page.click("#whatif-reset")
    expect(badge).to_have_text("reachable")
    assert not letter.is_checked()


def test_switch_language_and_compare(s: Session) -> None:
    page = s.page
    _fill_questionnaire(s, "Lang")
    results_url = page.url
    assert page.get_attribute("html", "lang") == "en"
    page.click('.lang-switch a[lang="ru"]')
    page.wait_for_url(results_url)
    assert page.get_attribute("html", "lang") == "ru"
    assert "Маршруты для" in page.inner_text("h1")
    assert "закрыт для граждан России" in page.locator('tr[data-route="cz.study"]').inner_text()
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
    page.click('input[name="r"][value="es.study"]')  # a fourth is refused, and says so
    assert page.locator('input[name="r"]:checked').count() == 3
    expect(page.locator("#compare-status")).to_contain_text("трёх")
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


# --- issue 13: phone-first, fully Russian, risk up front, next action, calendar, print, a11y ---

EXAMPLE = Path(__file__).parent.parent / "examples" / "dima.toml"
AXE = Path(__file__).parent / "fixtures" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture
def make(server: str, browser: Any) -> Iterator[Any]:
    """Sessions in a given language and window size (each checked like `s`)."""
    made: list[tuple[Any, Session]] = []

    def new(lang: str = "ru", viewport: dict[str, int] = LAPTOP) -> Session:
        context = browser.new_context(
            locale="ru-RU" if lang == "ru" else "en-GB",
            viewport=viewport,
            accept_downloads=True,
        )
        context.add_cookies([{"name": "lang", "value": lang, "url": server}])
        page = context.new_page()
        page.set_default_timeout(15_000)
        session = Session(server, page)
        made.append((context, session))
        return session

    yield new
    for context, session in made:
        context.close()
        assert all(u.startswith(server) or u.startswith("data:") for u in session.requests)
        assert not session.errors, session.errors


def _import(s: Session, name: str = "Дима") -> str:
    """Import the example profile under `name`; the results page's address."""
    page = s.page
    page.goto(s.url + "/")
    page.set_input_files(
        "#import-file",
        {"name": f"{name}.toml", "mimeType": "text/plain", "buffer": EXAMPLE.read_bytes()},
    )
    page.click('form[action="/profile/import"] button')
    page.wait_for_url(re.compile(r".*/results$"))
    return str(page.url)


def test_export_toml_of_a_cyrillic_name(make: Any) -> None:
    s = make("ru")
    results = _import(s, "Дима")
    with s.page.expect_download() as info:
        s.page.click('a[href$="/export.toml"]')
    download = info.value
    assert download.suggested_filename == "Дима.toml"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert "birth_date" in text
    assert results.endswith("/results")


def test_enter_in_a_field_goes_to_the_next_page_not_saving(make: Any) -> None:
    s = make("en")
    page = s.page
    page.goto(s.url + "/profile/new")
    page.fill('[name="person.birth_date"]', "2001-03-15")
    page.press('[name="person.birth_date"]', "Enter")
    page.locator('fieldset.q-step[data-step="1"]').wait_for(state="visible")
    page.fill('[name="education.university_years"]', "2")
    page.press('[name="education.university_years"]', "Enter")
    page.locator('fieldset.q-step[data-step="2"]').wait_for(state="visible")
    assert page.url.endswith("/profile/new")  # nothing was saved


def test_occupation_autocomplete_and_input_limits(make: Any) -> None:
    s = make("ru")
    page = s.page
    page.goto(s.url + "/profile/new")
    occ = page.locator('[name="work.0.occupation"]')
    assert occ.get_attribute("list") == "isco"
    assert occ.get_attribute("maxlength") == "4"
    options = page.locator("datalist#isco option")
    assert options.count() >= 20
    labels = options.evaluate_all("os => os.map(o => o.label)")
    assert any("разработчик" in text for text in labels)
    assert page.locator('[name="person.birth_date"]').get_attribute("min") == "1900-01-01"
    assert page.locator('[name="education.university_years"]').get_attribute("max") == "15"


def test_future_birth_date_refused_and_every_error_of_a_page_at_once(make: Any) -> None:
    s = make("ru")
    page = s.page
    page.goto(s.url + "/profile/new")
    page.fill('[name="person.birth_date"]', "2099-01-01")
    page.click("#q-next")
    error = page.locator('[data-error-for="person.birth_date"]')
    error.wait_for(state="visible")
    assert "будущем" in error.inner_text()
    page.fill('[name="person.birth_date"]', "2001-03-15")
    page.click("#q-next")
    page.locator('fieldset.q-step[data-step="1"]').wait_for(state="visible")
    page.fill('[name="education.university_years"]', "40")
    page.fill('[name="work.0.occupation"]', "2512")
    page.fill('[name="work.0.start"]', "2019-09-01")
    page.fill('[name="work.0.end"]', "2018-01-01")
    page.click("#q-next")
    page.locator('[data-error-for="work.0.end"]').wait_for(state="visible")
    assert page.locator('[data-error-for="education.university_years"]').is_visible()


def test_phone_results_are_cards_with_verdict_arrival_and_cost(make: Any) -> None:
    s = make("ru", PHONE)
    page = s.page
    _import(s)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    row = page.locator('tr[data-route="de.blue_card.it_specialist"]')
    for cell in ("td.verdict .badge", "td.arrival time", "td.cost .amount"):
        box = row.locator(cell).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], cell
    assert "€" in row.locator("td.cost").inner_text()
    assert "Прибытие" in row.locator("td.arrival").inner_text() or row.locator(
        "td.arrival"
    ).evaluate("e => getComputedStyle(e, '::before').content") not in ("none", "")
    # every choice of the filters reads whole (a select cuts its text without a sign)
    for sel in page.locator("#filters select").all():
        for value in sel.locator("option").evaluate_all("os => os.map(o => o.value)"):
            sel.select_option(value)
            fits = sel.evaluate(
                "s => { const c = document.createElement('canvas').getContext('2d');"
                " c.font = getComputedStyle(s).font;"
                " return c.measureText(s.selectedOptions[0].text).width + 28 <= s.clientWidth; }"
            )
            assert fits, sel.evaluate("s => s.selectedOptions[0].text")
        sel.select_option(index=0)
    # the compare button stays at hand while scrolling a long list
    page.mouse.wheel(0, 5000)
    page.wait_for_function("() => window.scrollY > 1000")  # the wheel scrolls asynchronously
    page.wait_for_function(
        "h => { const b = document.querySelector('#compare-button').getBoundingClientRect();"
        " return b.bottom <= h; }",
        arg=PHONE["height"],
        timeout=5000,
    )
    box = page.locator("#compare-button").bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]


def test_phone_comparison_stacked_and_route_steps_and_charts_readable(make: Any) -> None:
    s = make("ru", PHONE)
    page = s.page
    results = _import(s)
    page.goto(
        results.replace("/results", "/compare")
        + "?r=de.study&r=de.blue_card.it_specialist&r=rs.entrepreneur"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    cells = page.locator("table.compare tbody tr").first.locator("td")
    assert cells.count() == 3
    for i in range(3):
        assert cells.nth(i).is_visible()
        box = cells.nth(i).bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    page.goto(results.replace("/results", "/route/de.study"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    step = page.locator("tr.step-row").first
    title = step.locator("td.step-what")
    assert title.is_visible() and len(title.inner_text()) > 5
    tbox = title.bounding_box()
    assert tbox is not None and tbox["x"] + tbox["width"] <= PHONE["width"]
    # the phone's own chart: full width, its names as large as the page's text
    assert not page.locator("svg.chart.timeline").is_visible()
    narrow = page.locator("svg.chart.narrow.timeline-chart")
    chart = narrow.bounding_box()
    assert chart is not None and chart["width"] >= 350
    label = narrow.locator("text.label").first.bounding_box()
    assert label is not None and label["height"] >= 12
    # the cash flow has a table alternative
    page.click("#cashflow-table summary")
    assert page.locator("#cashflow-table tbody tr").count() >= 3


def test_laptop_results_keep_the_table(make: Any) -> None:
    s = make("ru", LAPTOP)
    page = s.page
    _import(s)
    assert page.locator("table.results thead").first.is_visible()
    assert page.locator("#money-legend").is_visible()
    assert "Расходы до приезда" in page.inner_text("#money-legend")


def test_russian_pages_have_no_english_words_codes_or_ids(make: Any) -> None:
    from tests.english_scan import english_words

    s = make("ru")
    page = s.page
    results = _import(s)
    routes = ["de.study", "de.blue_card.it_specialist", "rs.entrepreneur", "cz.study"]
    pages = [
        "/",
        "/profile/new",
        results.removeprefix(s.url),
        *(results.removeprefix(s.url).replace("/results", f"/route/{r}") for r in routes),
        results.removeprefix(s.url).replace("/results", "/compare")
        + "?r=de.study&r=de.blue_card.it_specialist",
    ]
    for path in pages:
        page.goto(s.url + path)
        html = page.content()
        assert english_words(html) == [], path
        visible = page.locator("main").inner_text()
        assert not re.search(r"\b\d{1,3},\d{3}\b", visible), path  # "45,934"
        ids = page.locator("[data-condition]").evaluate_all(
            "es => es.map(e => e.dataset.condition)"
        )
        assert not [
            i for i in [*routes, *ids] if "_" in i and re.search(rf"\b{re.escape(i)}\b", visible)
        ], path
        assert not re.search(r"\d EUR", visible), path
    # Russian formats
    page.goto(results)
    row = page.locator('tr[data-route="de.blue_card.it_specialist"]')
    assert re.search(r"\d[\u00a0\u202f ]?\d{3}[\u00a0 ]€|\d+[\u00a0 ]€", row.inner_text())
    assert re.search(r"\d{1,2} [а-я]+\.? 20\d\d", row.locator("td.arrival").inner_text())


def test_risk_up_front_in_the_row_and_beside_the_verdict(make: Any) -> None:
    s = make("ru")
    page = s.page
    results = _import(s)
    row = page.locator('tr[data-route="rs.entrepreneur"]')
    risk = row.locator(".risk-line")
    assert risk.is_visible() and "⚠" in risk.inner_text() and len(risk.inner_text()) > 10
    # one line, not the whole warning: the row stays a row
    assert len(risk.inner_text()) <= 120
    page.goto(results.replace("/results", "/route/rs.entrepreneur"))
    head = page.locator(".route-head")
    assert head.locator(".risk-line").is_visible()
    verdict_box = head.locator(".head-verdict").bounding_box()
    risk_box = head.locator(".risk-line").bounding_box()
    assert verdict_box and risk_box and risk_box["y"] - verdict_box["y"] < 120
    assert risk_box["y"] < 500  # on the first screen
    # the whole warning, with its source, is one click away
    short = head.locator(".risk-line").inner_text()
    head.locator(".risk-more").click()
    assert page.url.endswith("#risks")
    full = page.locator("#risks li.risk.applies").first
    assert full.is_visible() and len(full.inner_text()) > len(short)
    assert (full.locator("a").first.get_attribute("href") or "").startswith("http")


def test_sorting_groups_why_line_and_legend(make: Any) -> None:
    s = make("ru")
    page = s.page
    _import(s)
    note = page.inner_text("#order-note")
    assert "рейтинг" in note
    page.select_option("#sort", "arrival")
    expect(page.locator("#order-note")).to_contain_text("дате")
    arrivals = page.locator('section[data-group="main"] tr.route-row').evaluate_all(
        "rows => rows.map(r => r.dataset.arrival).filter(a => a)"
    )
    assert arrivals == sorted(arrivals) and len(arrivals) > 10
    page.select_option("#sort", "cost")
    costs = page.locator('section[data-group="main"] tr.route-row').evaluate_all(
        "rows => rows.map(r => r.dataset.cost).filter(a => a).map(Number)"
    )
    assert costs == sorted(costs)
    assert "sort=cost" in page.url
    # every row says why it stands there; an open route names its first step, not just "met"
    whys = page.locator("tr.route-row td.why").all_inner_texts()
    assert all(w.strip() for w in whys)
    open_rows = page.locator(
        'tr.route-row[data-verdict="eligible"] td.why, tr.route-row[data-verdict="reachable"] td.why'
    ).all_inner_texts()
    assert open_rows and not any(w.strip() == "все условия выполнены" for w in open_rows)


def test_route_page_next_action_calendar_and_print(make: Any) -> None:
    s = make("ru")
    page = s.page
    results = _import(s)
    page.goto(results.replace("/results", "/route/de.study"))
    action = page.locator("#next-action")
    assert action.is_visible()
    link = action.locator("a.button")
    assert (link.get_attribute("href") or "").startswith("https://")
    from emigre.web.pages import has_calendar

    if has_calendar():
        with page.expect_download() as info:
            page.click("#calendar-link")
        from icalendar import Calendar

        cal = Calendar.from_ical(Path(info.value.path()).read_bytes())
        events = list(cal.walk("VEVENT"))
        steps = page.locator("tr.step-row").count()
        assert len(events) >= steps > 0
    else:
        assert page.locator("#calendar-link").count() == 0
    # a what-if out of its limits says so in the page's language, and nothing is recalculated
    arrival = page.get_attribute("#arrival time", "datetime")
    page.fill('#whatif input[name="hours_per_week"]', "0")
    status = page.locator("#whatif-status")
    expect(status).to_contain_text("от 1 до 80")
    assert page.get_attribute("#arrival time", "datetime") == arrival
    page.click("#whatif-reset")
    expect(status).not_to_have_class(re.compile(r"\berror\b"))
    # print: the plan and its conditions, without the what-if panel or the header
    page.emulate_media(media="print")
    assert not page.locator(".whatif").is_visible()
    assert not page.locator("header.top").is_visible()
    assert page.locator("#conditions").is_visible() and page.locator("#plan").is_visible()
    page.emulate_media(media="screen")


def _axe(page: Any) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated, so the page's CSP allows it
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => "
        "({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_axe_finds_nothing_serious_on_any_page(make: Any, viewport: dict[str, int]) -> None:
    s = make("ru", viewport)
    page = s.page
    results = _import(s)
    base = results.removeprefix(s.url)
    paths = [
        "/",
        "/profile/new",
        base,
        base.replace("/results", "/route/de.study"),
        base.replace("/results", "/route/cz.study"),
        base.replace("/results", "/compare") + "?r=de.study&r=rs.entrepreneur",
        base.replace("/results", "/edit"),
    ]
    for path in paths:
        page.goto(s.url + path)
        assert _axe(page) == [], path
    # the error state of the questionnaire too
    page.goto(s.url + "/profile/new")
    page.click("#q-next")
    page.locator('[data-error-for="person.birth_date"]').wait_for(state="visible")
    assert _axe(page) == []


def test_keyboard_only_flow(make: Any) -> None:
    s = make("ru")
    page = s.page
    page.goto(s.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(sel) => document.activeElement.matches(sel)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#start")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/profile/new$"))
    tab_to('[name="person.birth_date"]')
    page.keyboard.type("15032001")
    page.keyboard.press("Enter")  # to the next page
    page.locator('fieldset.q-step[data-step="1"]').wait_for(state="visible")
    tab_to('[name="education.university_years"]')
    page.keyboard.press("Control+a")
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    page.locator('fieldset.q-step[data-step="2"]').wait_for(state="visible")
    page.keyboard.press("Enter")
    page.locator('fieldset.q-step[data-step="3"]').wait_for(state="visible")
    tab_to("#q-submit")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/results$"))
    tab_to("tr.route-row a.route-link", 200)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/route/.*"))
    assert page.locator("#verdict-badge").is_visible()


def test_delete_asks_first_and_two_profiles_of_one_name_are_told_apart(make: Any) -> None:
    s = make("ru")
    page = s.page
    first = _import(s, "Тёзка").split("/profile/")[1].split("/")[0]
    second = _import(s, "Тёзка").split("/profile/")[1].split("/")[0]
    page.goto(s.url + "/")
    rows = page.locator("table.profiles tbody tr", has_text="Тёзка")
    assert rows.count() == 2
    texts = rows.all_inner_texts()
    assert texts[0] != texts[1] and f"№ {first}" in " ".join(texts) and f"№ {second}" in texts[0]
    row = page.locator(f'tr:has(a[href="/profile/{second}/results"])')
    asked: list[str] = []

    def answer(dialog: Any, accept: bool) -> None:
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda d: answer(d, False))
    row.locator("button.danger").click()
    assert asked and "Тёзка" in asked[0]
    page.goto(s.url + "/")
    assert page.locator(f'a[href="/profile/{second}/results"]').count() >= 1  # kept
    page.once("dialog", lambda d: answer(d, True))
    page.locator(f'tr:has(a[href="/profile/{second}/results"]) button.danger').click()
    page.wait_for_load_state()
    expect(page.locator(f'a[href="/profile/{second}/results"]')).to_have_count(0)
    assert page.locator(f'a[href="/profile/{first}/results"]').count() >= 1


def test_amounts_in_a_long_currency_never_break_inside_a_word(make: Any) -> None:
    """ "8 414 385 KZT" stays whole in the narrow money columns (not "8 414 385 K / ZT")."""
    engineer = EXAMPLE.read_text(encoding="utf-8").replace('currency = "RUB"', 'currency = "KZT"')
    for viewport in (LAPTOP, PHONE):
        s = make("ru", viewport)
        page = s.page
        page.goto(s.url + "/")
        page.set_input_files(
            "#import-file",
            {"name": "kz.toml", "mimeType": "text/plain", "buffer": engineer.encode("utf-8")},
        )
        page.click('form[action="/profile/import"] button')
        page.wait_for_url(re.compile(r".*/results$"))
        broken = page.locator("td.cost .amount-alt, td.first-year .amount-alt").evaluate_all(
            """els => els.filter(e => e.offsetParent).filter(e => {
                const node = e.firstChild, text = node && node.textContent || "";
                const at = text.search(/[A-Z]{3}/);
                if (at < 0) return false;
                const r = document.createRange();
                r.setStart(node, at); r.setEnd(node, at + 3);
                return r.getClientRects().length > 1;
            }).map(e => e.textContent)"""
        )
        assert page.locator("td.cost .amount-alt").count() >= 3
        assert broken == [], (viewport, broken[:3])


def test_phone_questionnaire_fits_the_screen_on_every_page(make: Any) -> None:
    """No page of the questionnaire is wider than the phone (a long choice such as a currency's
    name once pushed the fields off the screen)."""
    s = make("ru", PHONE)
    page = s.page
    page.goto(s.url + "/profile/new")
    page.fill('[name="person.birth_date"]', "2001-03-15")
    for step in range(4):
        page.locator(f'fieldset.q-step[data-step="{step}"]').wait_for(state="visible")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], step
        for field in page.locator(f'fieldset.q-step[data-step="{step}"] .field').all():
            box = field.bounding_box()
            assert box is None or box["x"] + box["width"] <= PHONE["width"], step
        if step < 3:
            page.click("#q-next")
    # the same on the edit page of a saved profile
    results = _import(s)
    page.goto(results.replace("/results", "/edit"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_laptop_timeline_names_never_run_under_the_bars(make: Any) -> None:
    """Each step's name in the laptop chart fits the column left of the bars (a long Russian
    name once ran under the first bar)."""
    s = make("ru", LAPTOP)
    page = s.page
    results = _import(s)
    for route in ("de.study", "de.blue_card.it_specialist"):
        page.goto(results.replace("/results", f"/route/{route}"))
        chart = page.locator("svg.chart.timeline").first
        overlaps = chart.evaluate(
            """svg => {
                const bars = [...svg.querySelectorAll('.bar')].map(b => b.getBBox().x);
                const start = Math.min(...bars);
                return [...svg.querySelectorAll('text.label')]
                    .filter(t => {
                        const clip = t.getAttribute('clip-path');
                        const box = t.getBBox();
                        const right = clip
                            ? Math.min(box.x + box.width,
                                svg.querySelector(clip.slice(4, -1) + ' rect').width.baseVal.value)
                            : box.x + box.width;
                        return right > start;
                    })
                    .map(t => t.textContent);
            }"""
        )
        assert overlaps == [], (route, overlaps)
