"""Varied people's pages on a 390 px phone in Russian, in headless Chromium (Debian's, through
Playwright): the results, a route of each group, the comparison. Nothing pushes the page sideways
(a long address in a note from the data, a wide table outside its scroller), and each chart's
labels stay inside the chart (a long Russian "переезд не раньше …" beside a late arrival) without
running into each other.

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
PHONE = {"width": 390, "height": 844}
#: Routes whose pages hold what once ran off a phone's screen, besides each group's first.
ALSO = {
    "activist": ["ge.visa_free"],
    "nl_offer": ["it.digital_nomad"],
    "belarus_student": ["lt.study"],
}

#: The labels of every chart (SVG text) that end outside their chart's box.
LABELS_OUTSIDE = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg')) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0) continue;
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.width && (r.left < box.left - 1 || r.right > box.right + 1))
        out.push(t.textContent + ' [' + Math.round(r.left) + '..' + Math.round(r.right)
                 + ' in ' + Math.round(box.left) + '..' + Math.round(box.right) + ']');
    }
    // the month ticks of one axis never run into each other
    const ticks = [...svg.querySelectorAll('text.tick')].map(t => [t.getBoundingClientRect(), t])
      .filter(([r]) => r.width).sort((a, b) => a[0].top - b[0].top || a[0].left - b[0].left);
    for (let i = 1; i < ticks.length; i++) {
      const [a, ta] = ticks[i - 1], [b, tb] = ticks[i];
      if (Math.abs(a.top - b.top) < 2 && b.left < a.right)
        out.push(ta.textContent + ' runs into ' + tb.textContent);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def phone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any, list[str]]]:
    store = tmp_path_factory.mktemp("phone") / "profiles.sqlite3"
    with running_app(store, date(2026, 12, 7)) as url, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        context = browser.new_context(locale="ru-RU", viewport=PHONE, is_mobile=True)
        context.add_cookies([{"name": "lang", "value": "ru", "url": url}])
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield url, page, requests
        browser.close()
    # private by construction: nothing but this server was contacted
    assert all(u.startswith(url) or u.startswith("data:") for u in requests)


@pytest.mark.parametrize("name", sorted(p.stem for p in PEOPLE.glob("*.toml")))
def test_nothing_runs_off_a_phone(phone: tuple[str, Any, list[str]], name: str) -> None:
    url, page, _requests = phone
    page.goto(url + "/")
    page.set_input_files("#import-file", str(PEOPLE / f"{name}.toml"))
    page.click('form[action="/profile/import"] button')
    page.wait_for_url(re.compile(r".*/results$"))
    results = str(page.url)
    firsts = page.eval_on_selector_all(
        "section.route-group",
        "els => els.map(s => s.querySelector('[data-route]')?.dataset.route).filter(Boolean)",
    )
    routes = list(dict.fromkeys([*firsts, *ALSO.get(name, [])]))
    compare = results.replace("/results", "/compare?") + "&".join(f"r={r}" for r in firsts[:3])
    problems = []
    for address in [
        results,
        compare,
        *(results.replace("/results", f"/route/{r}") for r in routes),
    ]:
        page.goto(address)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{address}: {width} px wide")
        problems += [f"{address}: {label}" for label in page.evaluate(LABELS_OUTSIDE)]
    assert problems == []
