"""Screenshots of the web app for the README (docs/screenshots/), taken in headless Debian chromium
with the example profile at a fixed date, so that they can be retaken the same way:

    python scripts/screenshots.py
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    os.environ.setdefault("EMIGRE_HOME", tempfile.mkdtemp(prefix="emigre-shots-"))
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.webserver import BROWSER_ARGS, running_app

    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("chromium is not installed (apt-get install -y chromium)")
    OUT.mkdir(parents=True, exist_ok=True)
    store = Path(tempfile.mkdtemp(prefix="emigre-shots-")) / "profiles.sqlite3"
    with running_app(store) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860}, device_scale_factor=1)
        page.goto(url + "/")
        page.set_input_files('input[name="file"]', str(ROOT / "examples" / "dima.toml"))
        page.click('form[action="/profile/import"] button')
        page.wait_for_url("**/results")
        results = page.url
        page.screenshot(path=str(OUT / "results.png"))

        page.goto(url + "/profile/new")
        page.fill('[name="person.birth_date"]', "2001-03-15")
        page.click("#q-next")
        page.locator('fieldset.q-step[data-step="1"]').wait_for(state="visible")
        page.fill('[name="work.0.occupation"]', "2512")
        page.fill('[name="work.0.start"]', "2019-09-01")
        page.fill('[name="work.0.end"]', "2018-01-01")
        page.click("#q-next")
        page.locator('[data-error-for="work.0.end"]').wait_for(state="visible")
        page.screenshot(path=str(OUT / "questionnaire.png"))

        page.set_viewport_size({"width": 1280, "height": 1500})
        page.goto(results.replace("/results", "/route/de.study"))
        page.screenshot(path=str(OUT / "route.png"))
        page.locator("#money").screenshot(path=str(OUT / "cashflow.png"))

        page.goto(results.replace("/results", "/route/de.blue_card.it_specialist"))
        page.select_option('#whatif select[name="offer_country"]', "DE")
        page.fill('#whatif input[name="offer_salary"]', "56000")
        page.locator("#verdict-badge", has_text="eligible").wait_for()
        page.set_viewport_size({"width": 1280, "height": 1000})
        page.screenshot(path=str(OUT / "what-if.png"))

        compare = results.removeprefix(url).replace("/results", "/compare")
        compare += "?r=de.study&r=de.blue_card.it_specialist&r=rs.entrepreneur"
        page.goto(url + "/lang/ru?next=" + quote(compare, safe="/"))
        page.set_viewport_size({"width": 1280, "height": 1200})
        page.screenshot(path=str(OUT / "compare-ru.png"))
        page.set_viewport_size({"width": 1280, "height": 860})
        page.goto(results)
        # the list itself: filters and sorting, the order explained, the first routes
        page.evaluate("window.scrollTo(0, document.querySelector('#filters').offsetTop - 8)")
        page.screenshot(path=str(OUT / "results-ru.png"))
        page.set_viewport_size({"width": 1280, "height": 1000})
        page.goto(results.replace("/results", "/route/rs.entrepreneur"))
        page.screenshot(path=str(OUT / "route-risk-ru.png"))

        # a phone (390 × 844): cards, the route page
        # with its own chart, the comparison stacked
        phone = browser.new_page(
            viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True
        )
        phone.goto(url + "/lang/ru?next=" + quote(results.removeprefix(url), safe="/"))
        phone.evaluate("window.scrollTo(0, document.querySelector('.route-group').offsetTop)")
        phone.screenshot(path=str(OUT / "phone-results-ru.png"))
        phone.goto(results.replace("/results", "/route/de.study"))
        phone.screenshot(path=str(OUT / "phone-route-ru.png"))
        phone.evaluate("document.querySelector('#plan').scrollIntoView()")
        phone.screenshot(path=str(OUT / "phone-plan-ru.png"))
        phone.goto(url + compare)
        phone.screenshot(path=str(OUT / "phone-compare-ru.png"))
        browser.close()
    for f in sorted(OUT.glob("*.png")):
        print(f"{f.relative_to(ROOT)}: {f.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
