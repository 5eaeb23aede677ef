"""The questionnaire loses nothing: a value its lists do not offer (a currency, a language from
an imported file) is shown selected and sent back, and a page re-rendered after an error holds
everything the person typed; an imported file's TOML slip is named with its fix."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLES, import_profile, web_client
from tests.test_input_surfaces import _form_of

DIMA = (EXAMPLES / "dima.toml").read_text()
UNLISTED = DIMA.replace('currency = "RUB"\nsavings', 'currency = "INR"\nsavings').replace(
    'cs = "A2"', 'cs = "A2"\neo = "B1"'
)


def test_an_unlisted_currency_and_language_survive_editing(tmp_path: Path) -> None:
    client = web_client(tmp_path, date(2026, 11, 25), "en")
    base = import_profile(client, UNLISTED)
    before = tomllib.loads(client.get(f"{base}/export.toml").text)
    form = _form_of(client.get(f"{base}/edit").text)
    assert form["money.currency"] == "INR" and "eo" in form.values()
    resp = client.post("/profile", data=form, follow_redirects=False)
    assert resp.status_code == 303, resp.text
    after = tomllib.loads(client.get(f"{base}/export.toml").text)
    assert after["money"] == before["money"] and after["languages"]["eo"] == "B1"


def test_a_form_re_rendered_after_an_error_keeps_every_answer(tmp_path: Path) -> None:
    client = web_client(tmp_path, date(2026, 11, 25), "ru")
    base = import_profile(client, UNLISTED)
    form = _form_of(client.get(f"{base}/edit").text)
    form |= {"person.birth_date": "2001-02-30", "money.currency": "XOF", "work.0.currency": "RUR"}
    resp = client.post("/profile", data=form, follow_redirects=False)
    assert resp.status_code == 422
    again = _form_of(resp.text)
    assert {k: again.get(k) for k in form if again.get(k) != form[k]} == {}
    # the unknown code is named with the one meant, in the page's language
    assert "RUB" in resp.text.split('name="work.0.currency"')[1].split("</div>")[0]


def _import(client: Any, text: str) -> Any:
    return client.post(
        "/profile/import",
        files={"file": ("dima.toml", text.encode(), "application/toml")},
        follow_redirects=False,
    )


def test_an_imported_file_s_slip_is_named_with_its_fix(tmp_path: Path) -> None:
    client = web_client(tmp_path, date(2026, 11, 25), "ru")
    resp = _import(client, DIMA.replace("savings = 600000", "savings = 1 000 000"))
    assert resp.status_code == 422
    assert (
        "money.savings: напишите сумму просто числом, без разделителей и валюты: savings = 1000000"
        in (resp.text)
    )
    resp = _import(client, DIMA.replace("savings = 600000", "saving = 600000"))
    assert resp.status_code == 422
    assert (
        "(money.saving): Такого поля в профиле нет: проверьте написание. Может быть, имелось в "
        "виду savings?" in resp.text
    )


def test_a_number_or_date_written_as_on_paper_gets_its_fix(tmp_path: Path) -> None:
    client = web_client(tmp_path, date(2026, 11, 25), "ru")
    base = import_profile(client, DIMA)
    form = _form_of(client.get(f"{base}/edit").text)
    form |= {"person.birth_date": "15.03.2001", "money.savings": "1 000 000"}
    resp = client.post("/profile", data=form, follow_redirects=False)
    assert resp.status_code == 422
    assert (
        "Введите число; напишите 1000000: просто число, без кавычек, разделителей и валюты"
        in resp.text
    )
    assert "напишите дату как год-месяц-день: 2001-03-15" in resp.text
    assert _form_of(resp.text)["money.savings"] == "1 000 000"


def test_the_api_s_profile_errors_are_in_the_language_asked_for(tmp_path: Path) -> None:
    import json

    client = web_client(tmp_path, date(2026, 11, 25), "en")
    body = json.loads(json.dumps(tomllib.loads(DIMA), default=str))
    body["money"]["saving"] = body["money"].pop("savings")
    said = {
        lang: [
            d["message"] for d in client.post(f"/api/plan?lang={lang}", json=body).json()["detail"]
        ]
        for lang in ("en", "ru")
    }
    assert said["en"] == ["profile: money.saving: no such field; did you mean savings?"]
    assert said["ru"] == [
        "profile: money.saving: такого поля нет; может быть, имелось в виду savings?"
    ]
    bad = client.post("/api/plan?lang=xx", json=body).json()["detail"]
    assert bad == [{"field": "lang", "message": "lang: one of en, ru (got 'xx')"}]


def _pairs_of(html: str) -> list[tuple[str, str]]:
    """Every name and value the questionnaire sends back unchanged (each checked box of a list)."""
    import re

    pairs = []
    for m in re.finditer(r"<input ([^>]*)>", html):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        if "name" in attrs and (attrs.get("type") != "checkbox" or " checked" in m.group(1)):
            pairs.append((attrs["name"], attrs.get("value", "")))
    for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', m.group(2))
        pairs.append((m.group(1), chosen.group(1) if chosen else ""))
    return [(k, v.replace("&#34;", '"').replace("&amp;", "&")) for k, v in pairs]


def test_a_preferred_country_without_routes_survives_editing(tmp_path: Path) -> None:
    from urllib.parse import urlencode

    client = web_client(tmp_path, date(2026, 11, 25), "en")
    text = DIMA.replace("[preferences]", '[preferences]\ncountries = ["DE", "US"]')
    base = import_profile(client, text)
    before = tomllib.loads(client.get(f"{base}/export.toml").text)
    assert before["preferences"]["countries"] == ["DE", "US"]
    resp = client.post(
        "/profile",
        content=urlencode(_pairs_of(client.get(f"{base}/edit").text)),
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    after = tomllib.loads(client.get(f"{base}/export.toml").text)
    assert sorted(after["preferences"]["countries"]) == ["DE", "US"]


EVERY_FIELD = Path(__file__).parent / "fixtures" / "every_field.toml"


def _leaves(data: object, at: str = "") -> dict[str, object]:
    """A profile's values by path ("work.1.currency"); the preferred countries as a set."""
    if isinstance(data, dict):
        return {k: v for key, item in data.items() for k, v in _leaves(item, f"{at}{key}.").items()}
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return {k: v for i, item in enumerate(data) for k, v in _leaves(item, f"{at}{i}.").items()}
    return {at[:-1]: frozenset(data) if at == "preferences.countries." else data}


def test_a_profile_with_every_field_is_saved_through_the_form_unchanged(tmp_path: Path) -> None:
    from urllib.parse import urlencode

    from emigre.profile_fields import fields

    text = EVERY_FIELD.read_text()
    written = {f.path.split(".")[-1].split("[")[0] for f in fields()} - {"<ISO 639-1 code>"}
    missing = {name for name in written if f"{name} =" not in text and f"[{name}]" not in text}
    assert not missing, f"add these fields to {EVERY_FIELD.name}: {sorted(missing)}"
    client = web_client(tmp_path, date(2026, 11, 25), "en")
    base = import_profile(client, text)
    before = _leaves(tomllib.loads(client.get(f"{base}/export.toml").text))
    resp = client.post(
        "/profile",
        content=urlencode(_pairs_of(client.get(f"{base}/edit").text)),
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    after = _leaves(tomllib.loads(client.get(f"{base}/export.toml").text))
    assert after == before
