"""Varied people's pages on a desktop (1280 px) and a phone (390 px), in Russian and English, in headless
Chromium (Debian's, through Playwright), measured as a reader sees them: nothing pushes the page
sideways, the legend of a chart does not run into itself (a Russian label is longer than the
English one the spacing was made for), and what the browser itself writes on a Russian page (the
file chooser's "Choose File") is the page's own Russian text.

Skipped when chromium or playwright is not installed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.webserver import BROWSER_ARGS, browser_or_skip, running_app

CHROMIUM, sync_api = browser_or_skip()

PEOPLE = Path(__file__).parent / "fixtures" / "people"
EXAMPLES = Path(__file__).parent.parent / "examples"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

#: Entries of one chart's legend (a swatch and its text) that run into the next on their row:
#: closer than 8 px, they read as one ("сбережения▭показать").
LEGEND_CRAMPED = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg')) {
    const entries = [...svg.querySelectorAll('rect.legend')].map(r => {
      const t = r.nextElementSibling, a = r.getBoundingClientRect(), b = t.getBoundingClientRect();
      return {text: t.textContent, top: a.top, left: a.left, right: Math.max(a.right, b.right)};
    }).filter(e => e.right > e.left);
    for (let i = 1; i < entries.length; i++) {
      const p = entries[i - 1], e = entries[i];
      if (Math.abs(p.top - e.top) < 2 && e.left - p.right < 8)
        out.push(p.text + ' runs into ' + e.text + ' (' + Math.round(e.left - p.right) + ' px)');
    }
  }
  return out;
}"""


#: A route's name in a chart that runs into a mark or another text of its chart (a long Russian
#: name over the arrival diamond of today, or into "даты приезда нет").
NAMES_COLLIDE = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg')) {
    const others = [...svg.querySelectorAll('text, rect, path')].map(e => [e.getBoundingClientRect(), e])
      .filter(([r]) => r.width && r.height);
    for (const label of svg.querySelectorAll('text.label')) {
      const a = label.getBoundingClientRect();
      if (!a.width) continue;
      for (const [b, e] of others)
        if (e !== label && !e.classList.contains('legend') && a.left < b.right + 2
            && b.left < a.right + 2 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
          out.push(label.textContent + ' runs into ' + (e.textContent || e.getAttribute('class')));
    }
  }
  return out;
}"""


#: Buttons whose bottom edge sits on the card below them (the route page's "Печать" on the
#: what-if card): closer than 6 px, the button reads as part of the card.
BUTTONS_ON_CARDS = """() => {
  const out = [];
  const cards = [...document.querySelectorAll('.card')].map(c => [c.getBoundingClientRect(), c]);
  for (const b of document.querySelectorAll('.button')) {
    const r = b.getBoundingClientRect();
    if (!r.width || b.closest('.card')) continue;
    for (const [c] of cards)
      if (c.top >= r.bottom - 1 && c.top - r.bottom < 6 && c.left < r.right && r.left < c.right)
        out.push(b.textContent.trim() + ' sits on a card (' + Math.round(c.top - r.bottom) + ' px)');
  }
  return out;
}"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    store = tmp_path_factory.mktemp("desktop") / "profiles.sqlite3"
    with running_app(store, date(2026, 12, 7)) as url, sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        yield url, chromium
        chromium.close()


def _page(browser: tuple[str, Any], lang: str, viewport: dict[str, int]) -> Any:
    url, chromium = browser
    context = chromium.new_context(
        locale="ru-RU" if lang == "ru" else "en-GB",
        viewport=viewport,
        is_mobile=viewport["width"] < 600,
    )
    context.add_cookies([{"name": "lang", "value": lang, "url": url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _import(page: Any, url: str, profile: Path) -> str:
    page.goto(url + "/")
    page.set_input_files("#import-file", str(profile))
    page.click('form[action="/profile/import"] button')
    page.wait_for_url(re.compile(r".*/results$"))
    return str(page.url)


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize(
    "profile",
    [
        EXAMPLES / "dima.toml",
        PEOPLE / "kz_nurse.toml",
        PEOPLE / "nl_offer.toml",
        PEOPLE / "belarus_student.toml",
    ],
    ids=lambda p: p.stem,
)
@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_pages_fit_and_their_charts_do_not_run_into_themselves(
    browser: tuple[str, Any], lang: str, profile: Path, screen: dict[str, int]
) -> None:
    url, _chromium = browser
    page = _page(browser, lang, screen)
    results = _import(page, url, profile)
    firsts = page.eval_on_selector_all(
        "section.route-group",
        "els => els.map(s => s.querySelector('[data-route]')?.dataset.route).filter(Boolean)",
    )
    problems = []
    for address in [
        results,
        results.replace("/results", "/compare?") + "&".join(f"r={r}" for r in firsts[:3]),
        *(results.replace("/results", f"/route/{r}") for r in firsts),
    ]:
        page.goto(address)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > screen["width"]:
            problems.append(f"{address}: {width} px wide")
        problems += [f"{address}: {o}" for o in page.evaluate(LEGEND_CRAMPED)]
        problems += [f"{address}: {o}" for o in page.evaluate(NAMES_COLLIDE)]
        problems += [f"{address}: {o}" for o in page.evaluate(BUTTONS_ON_CARDS)]
    page.context.close()
    assert problems == []


def test_the_file_chooser_speaks_the_pages_language(browser: tuple[str, Any]) -> None:
    """Chromium's own file button says "Choose File" / "No file chosen" whatever the page's
    language; on a Russian page the reader sees the page's Russian button instead, it opens the
    chooser, and the chosen file's name shows beside it."""
    url, _chromium = browser
    page = _page(browser, "ru", {"width": 390, "height": 844})
    page.goto(url + "/")
    native = page.locator("#import-file").bounding_box()
    assert native is not None and native["width"] <= 1 and native["height"] <= 1
    button = page.locator("label.file-choose")
    assert button.is_visible() and button.inner_text() == "Выбрать файл"
    assert page.locator(".file-name").inner_text() == "файл не выбран"
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(str(EXAMPLES / "dima.toml"))
    assert page.locator(".file-name").inner_text() == "dima.toml"
    page.click('form[action="/profile/import"] button')
    page.wait_for_url(re.compile(r".*/results$"))
    page.context.close()


#: Controls a finger aims at (links that stand alone, buttons, fields, checkboxes) smaller than
#: 24 × 24 px, WCAG 2.2's minimum; a link inside a sentence, a cell or a list item is exempt.
SMALL_TARGETS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('a, button, input, select, summary')) {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    if (r.width <= 1 || r.height <= 1 || s.visibility === 'hidden') continue;  // not shown
    if (el.tagName === 'A' && el.closest('p, li, td, dd, dt, figcaption, .small')) continue;
    if (r.width < 24 || r.height < 24)
      out.push(el.tagName + ' ' + Math.round(r.width) + '×' + Math.round(r.height) + ' '
               + (el.textContent || el.name || '').trim().slice(0, 30));
  }
  return [...new Set(out)];
}"""


def test_a_finger_can_hit_every_control_on_a_phone(browser: tuple[str, Any]) -> None:
    url, _chromium = browser
    page = _page(browser, "ru", {"width": 390, "height": 844})
    results = _import(page, url, EXAMPLES / "dima.toml")
    base = results.removesuffix("/results")
    problems = []
    for address in [
        url + "/",
        url + "/profile/new",
        results,
        f"{base}/route/de.blue_card.it_specialist",
        f"{base}/compare?r=de.study&r=de.blue_card.it_specialist",
        f"{base}/route/xx.nope",
    ]:
        page.goto(address)
        problems += [f"{address}: {t}" for t in page.evaluate(SMALL_TARGETS)]
    page.context.close()
    assert problems == []


def test_a_long_choice_is_read_whole_on_a_phone(browser: tuple[str, Any]) -> None:
    """A select cuts its chosen answer at its edge without a sign ("нет законченного высшего
    образова", on a phone and in the desktop's four columns alike): the whole answer is
    written under it, and only while it is cut."""
    url, _chromium = browser
    page = _page(browser, "ru", {"width": 390, "height": 844})
    page.goto(url + "/profile/new")
    page.fill('[name="person.birth_date"]', "2001-03-15")
    page.click("#q-next")
    degree = page.locator('[name="education.highest_degree"]')
    degree.wait_for(state="visible")
    full = page.locator('[name="education.highest_degree"] ~ .choice-full')
    assert degree.input_value() == "none"
    assert full.is_visible() and full.inner_text() == "нет законченного высшего образования"
    degree.select_option("master")
    assert not full.is_visible()
    degree.select_option("none")
    assert full.is_visible()
    page.context.close()
