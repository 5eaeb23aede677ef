"""The web app in Russian for varied people (a Belarusian student, a Kazakh nurse, a
Russian-German dual citizen, an activist with a criminal case, a developer with a Dutch offer, a
Ukrainian accountant): the results, a route of each group (open, short stays, open if the
authority agrees, closed or unknown), the comparison, read as a Russian reader would -- no English
interface words, no profile values or field paths as codes -- and each page's JSON twin answering
for the same person. Over HTTP (quick); the phone's layout is in `test_screens_phone.py`."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import import_profile, web_client
from tests.english_scan import english_words
from tests.test_web_russian import visible

PEOPLE = Path(__file__).parent / "fixtures" / "people"
NAMES = sorted(p.stem for p in PEOPLE.glob("*.toml"))
TODAY = date(2026, 12, 7)

#: Profile values as the profile file writes them, and field paths: on a page they are words.
CODES = re.compile(
    r"\b(criminal|administrative|liable|reserve|exempt|settle_eu|leave_soon"
    r"|employer[ _]country|graduation[ _]year|degree[ _]country)\b"
)


#: Terms the Russian text gives in their original language beside its own words, as a reader
#: would search for them ("подготовительный год, foundation year").
ORIGINAL_TERMS = ("foundation year",)


def _groups(html: str) -> dict[str, list[str]]:
    """The routes listed on the results page, by their group."""
    out: dict[str, list[str]] = {}
    for section in re.split(r'<section class="route-group"', html)[1:]:
        group = re.match(r'\s*data-group="([^"]+)"', section)
        assert group is not None
        out[group.group(1)] = re.findall(r'data-route="([^"]+)"', section)
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, str, dict[str, Any]]]:
    client = web_client(tmp_path_factory.mktemp("screens"), TODAY, lang="ru")
    return {
        name: (client, import_profile(client, (PEOPLE / f"{name}.toml").read_text(), "Я.toml"), {})
        for name in NAMES
    }


def _pages(client: Any, base: str) -> list[str]:
    groups = _groups(client.get(base + "/results").text)
    assert len(groups) >= 3, groups  # the best, short stays, open if the authority agrees...
    picks = [ids[0] for ids in groups.values() if ids] + [ids[-1] for ids in groups.values() if ids]
    three = [ids[0] for ids in groups.values() if ids][:3]
    compare = base + "/compare?" + "&".join(f"r={r}" for r in three)
    return [base + "/results", compare, *(f"{base}/route/{r}" for r in dict.fromkeys(picks))]


@pytest.mark.parametrize("name", NAMES)
def test_russian_pages_have_no_english_or_codes(
    site: dict[str, tuple[Any, str, dict[str, Any]]], name: str
) -> None:
    client, base, _ = site[name]
    problems: list[str] = []
    for path in _pages(client, base):
        resp = client.get(path)
        assert resp.status_code == 200, path
        page = resp.text
        for term in ORIGINAL_TERMS:
            page = page.replace(term, "")
        problems += [f"{path}: {w}" for w in english_words(page)]
        text = visible(resp.text)
        problems += [f"{path}: code {m.group(0)!r}" for m in CODES.finditer(text)]
        # beside today's date, "in 0 months" says nothing
        problems += [f"{path}: {m.group(0)!r}" for m in re.finditer(r"через 0\sмес", text)]
        problems += [
            f"{path}: ISO date {m.group(0)}" for m in re.finditer(r"\b20\d\d-\d\d-\d\d\b", text)
        ]
    assert problems == []


@pytest.mark.parametrize("name", NAMES)
def test_every_page_has_its_json_twin(
    site: dict[str, tuple[Any, str, dict[str, Any]]], name: str
) -> None:
    """The results page's routes are what `POST /api/plan` gives for the same person, and a
    route page's verdict what `POST /api/explain/ROUTE` gives."""
    client, base, _ = site[name]
    profile = json.loads(
        json.dumps(tomllib.loads((PEOPLE / f"{name}.toml").read_text()), default=str)
    )
    html = client.get(base + "/results").text
    shown = {r for ids in _groups(html).values() for r in ids}
    plan = client.post(f"/api/plan?on={TODAY}&lang=ru", json=profile)
    assert plan.status_code == 200, plan.text
    assert shown == {r["id"] for r in plan.json()["routes"]}
    route = sorted(shown)[0]
    explained = client.post(f"/api/explain/{route}?on={TODAY}&lang=ru", json=profile)
    assert explained.status_code == 200, explained.text
    page = client.get(f"{base}/route/{route}").text
    assert f'data-verdict="{explained.json()["verdict"]}"' in page or explained.json()[
        "verdict"
    ] in re.findall(r'class="badge big (\w+)"', page)


def test_a_visa_free_stay_is_a_stay_not_a_permit(
    site: dict[str, tuple[Any, str, dict[str, Any]]],
) -> None:
    client, base, _ = site["activist"]
    stay = visible(client.get(f"{base}/route/ge.visa_free").text)
    assert "Срок пребывания, мес." in stay and "Срок разрешения" not in stay
    permit = visible(client.get(f"{base}/route/de.freelance").text)
    assert "Срок разрешения" in permit
