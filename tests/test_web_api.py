"""The web app through FastAPI's TestClient: the JSON API (good and bad input), the pages, saved
profiles, TOML export/import, languages and the privacy headers."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from emigre.web.app import create_app  # noqa: E402
from tests.conftest import EXAMPLES, Cli  # noqa: E402

ON = "2026-11-25"
DIMA = EXAMPLES / "dima.toml"


def _json_profile(path: Path = DIMA) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(tomllib.loads(path.read_text()), default=str))
    return data


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    app = create_app(store_path=tmp_path / "profiles.sqlite3", today=lambda: date(2026, 11, 25))
    return TestClient(app, base_url="http://127.0.0.1:8000")


@pytest.fixture
def saved(client: TestClient) -> int:
    resp = client.post(
        "/profile/import",
        files={"file": ("dima.toml", DIMA.read_bytes(), "application/toml")},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    m = re.fullmatch(r"/profile/(\d+)/results", resp.headers["location"])
    assert m
    return int(m.group(1))


# --- the JSON API ---------------------------------------------------------------------------------


def test_api_plan_is_exactly_the_cli_json(client: TestClient, cli: Cli) -> None:
    code, out, err = cli("plan", str(DIMA), "--on", ON, "--format", "json")
    assert code == 0, err
    resp = client.post(f"/api/plan?on={ON}", json=_json_profile())
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/json")
    assert resp.json() == json.loads(out)


def test_api_plan_weights_and_what_if_offer(client: TestClient) -> None:
    prof = _json_profile()
    before = client.post(f"/api/plan?on={ON}", json=prof).json()
    prof["offers"] = [{"country": "DE", "gross_annual_salary": 56000, "currency": "EUR"}]
    after = client.post(f"/api/plan?on={ON}&weights=time=2", json=prof).json()
    pick = lambda doc: next(  # noqa: E731
        r for r in doc["routes"] if r["id"] == "de.blue_card.it_specialist"
    )
    assert pick(before)["verdict"] == "reachable" and pick(after)["verdict"] == "eligible"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p["person"].update(birth_date="2001-02-30"), "person.birth_date"),
        (lambda p: p["person"].update(citizenship=["XX"]), "person.citizenship"),
        (lambda p: p["languages"].update(en="C3"), "languages"),
        (lambda p: p["money"].update(savings=-5), "money.savings"),
        (lambda p: p["work"][0].update(end="2010-01-01"), "work[1]"),
        (lambda p: p.update(hobbies=["chess"]), "hobbies"),
        (lambda p: p.pop("person"), "person"),
    ],
)
def test_api_plan_bad_profile_names_the_field(client: TestClient, change: Any, field: str) -> None:
    prof = _json_profile()
    change(prof)
    resp = client.post(f"/api/plan?on={ON}", json=prof)
    assert resp.status_code == 422
    detail = resp.json()["detail"]
    assert any(d["field"].startswith(field) for d in detail), detail
    assert all(field.split("[")[0].split(".")[0] in d["message"] for d in detail)


def test_api_plan_rejects_non_json_and_bad_query(client: TestClient) -> None:
    resp = client.post(
        "/api/plan", content=b"[person", headers={"content-type": "application/json"}
    )
    assert resp.status_code == 422 and resp.json()["detail"][0]["field"] == "(body)"
    resp = client.post("/api/plan", json=[1, 2])
    assert resp.status_code == 422
    resp = client.post("/api/plan?on=2026-13-45", json=_json_profile())
    assert resp.status_code == 422 and "on" in json.dumps(resp.json())
    resp = client.post("/api/plan?weights=speed=3", json=_json_profile())
    assert resp.status_code == 422 and "weights" in resp.json()["detail"][0]["message"]


def test_api_explain_matches_cli(client: TestClient, cli: Cli) -> None:
    code, out, _err = cli("explain", "de.study", str(DIMA), "--on", ON, "--format", "json")
    assert code == 0
    resp = client.post(f"/api/explain/de.study?on={ON}", json=_json_profile())
    assert resp.status_code == 200
    doc = resp.json()
    assert doc.pop("currency")["currency"] == "RUB"
    assert doc == json.loads(out)
    assert client.post("/api/explain/xx.nothing", json=_json_profile()).status_code == 404


def test_api_panel_applies_what_if(client: TestClient) -> None:
    body = {"profile": _json_profile(), "what_if": {}}
    plain = client.post(f"/api/panel/de.blue_card.it_specialist?on={ON}", json=body)
    assert plain.status_code == 200 and "text/html" in plain.headers["content-type"]
    assert 'id="verdict-badge">reachable' in plain.text
    body["what_if"] = {"offer": {"country": "DE", "gross_annual_salary": 56000}}
    offer = client.post(f"/api/panel/de.blue_card.it_specialist?on={ON}", json=body)
    assert 'id="verdict-badge">eligible' in offer.text
    body["what_if"] = {"hours_per_week": 0}
    assert client.post(f"/api/panel/de.study?on={ON}", json=body).status_code == 422
    body = {"profile": {"person": {}}, "what_if": {}}
    bad = client.post(f"/api/panel/de.study?on={ON}", json=body)
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"].startswith("person")


def test_what_if_an_admission_letter_on_the_route_page(client: TestClient) -> None:
    anya = _json_profile(EXAMPLES / "anya.toml")
    body: dict[str, Any] = {"profile": anya, "what_if": {}}
    plain = client.post(f"/api/panel/nl.study?on={ON}", json=body)
    assert 'id="verdict-badge">reachable' in plain.text
    body["what_if"] = {"admission": {"country": "NL"}}
    admitted = client.post(f"/api/panel/nl.study?on={ON}", json=body)
    assert 'id="verdict-badge">eligible' in admitted.text
    body["what_if"] = {"admission": {"country": "NL", "kind": "college"}}
    assert client.post(f"/api/panel/nl.study?on={ON}", json=body).status_code == 422
    resp = client.post(
        "/profile/import",
        files={"file": ("anya.toml", (EXAMPLES / "anya.toml").read_bytes(), "application/toml")},
        follow_redirects=False,
    )
    pid = re.fullmatch(r"/profile/(\d+)/results", resp.headers["location"])
    assert pid
    study = client.get(f"/profile/{pid.group(1)}/route/nl.study?on={ON}").text
    assert re.search(r'name="admission" value="university" data-country="NL"', study)
    blue = client.get(f"/profile/{pid.group(1)}/route/nl.blue_card?on={ON}").text
    assert 'name="admission"' not in blue


def test_what_if_a_licence_to_practise_on_the_route_page(client: TestClient) -> None:
    doctor = _json_profile()
    doctor["education"] = {"school_certificate": "RU", "highest_degree": "master"}
    doctor["work"] = [{"occupation": "2211", "start": "2015-09-01"}]
    doctor["offers"] = [{"country": "DE", "gross_annual_salary": 70000, "currency": "EUR"}]
    body: dict[str, Any] = {"profile": doctor, "what_if": {}}
    plain = client.post(f"/api/panel/de.blue_card?on={ON}", json=body)
    assert 'id="verdict-badge">reachable' in plain.text
    assert "Get the licence to practise in Germany" in plain.text
    body["what_if"] = {"licence": {"country": "de", "occupation": "221", "status": "promised"}}
    licensed = client.post(f"/api/panel/de.blue_card?on={ON}", json=body)
    assert 'id="verdict-badge">eligible' in licensed.text
    body["what_if"] = {"licence": {"country": "DE", "occupation": "22a"}}
    bad = client.post(f"/api/panel/de.blue_card?on={ON}", json=body)
    assert bad.status_code == 422


def test_a_course_of_decades_is_shown_as_not_within_the_horizon(client: TestClient) -> None:
    """The what-if panel at an hour a week: the course's end and the arrival read "not within
    N years" (in Russian too), never a date decades away."""
    from emigre.plan.horizon import horizon

    years = horizon().years
    body = {"profile": _json_profile(), "what_if": {"hours_per_week": 1}}
    html = client.post(f"/api/panel/de.study?on={ON}", json=body).text
    assert re.search(rf'id="arrival">not within {years} years', html)
    assert f'data-label="To">not within {years} years' in html
    last = horizon().limit(date.fromisoformat(ON)).year
    assert not re.search(r"\b(20[4-9]\d)\b", html.replace(str(last), "")), "a far date shown"
    ru = client.post(f"/api/panel/de.study?on={ON}", json=body, headers={"cookie": "lang=ru"})
    assert f"не в ближайшие {years}\u00a0лет" in ru.text  # the unit keeps to its number


def test_openapi_is_served_and_describes_the_profile(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/plan" in spec["paths"]
    body = spec["paths"]["/api/plan"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/Profile"}
    assert "person" in spec["components"]["schemas"]["Profile"]["properties"]
    assert "Person" in spec["components"]["schemas"]
    # the interactive docs would load scripts from a CDN, so they are off
    assert client.get("/docs").status_code == 404


# --- privacy and safety ---------------------------------------------------------------------------


def test_security_headers_and_no_third_party_assets(client: TestClient, saved: int) -> None:
    for path in (
        "/",
        "/profile/new",
        f"/profile/{saved}/results",
        f"/profile/{saved}/route/de.study",
    ):
        resp = client.get(path)
        assert resp.status_code == 200, path
        csp = resp.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "unsafe" not in csp
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert resp.headers["referrer-policy"] == "same-origin"
        assets = re.findall(r'(?:src|href)="([^"]+)"', resp.text)
        for url in assets:
            # only links to sources (opened by the user) point elsewhere; assets are local
            if url.startswith("http"):
                assert not url.endswith((".js", ".css", ".woff", ".woff2")), url
        assert not re.search(
            r"<script(?![^>]*(src=\"/static/|type=\"application/json\"))", resp.text
        )
        assert " style=" not in resp.text  # no inline styles: the CSP forbids them


def test_foreign_host_and_cross_site_posts_are_refused(client: TestClient) -> None:
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    resp = client.post("/api/plan", json=_json_profile(), headers={"origin": "http://evil.example"})
    assert resp.status_code == 403
    for headers in (
        {"origin": "null", "sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
        {"origin": "http://127.0.0.1:9999"},
    ):
        assert client.post("/profile/1/delete", headers=headers).status_code == 403
    ok = client.post(
        f"/api/plan?on={ON}", json=_json_profile(), headers={"origin": "http://127.0.0.1:8000"}
    )
    assert ok.status_code == 200


def test_static_assets_are_in_the_package(client: TestClient) -> None:
    for name in ("app.js", "app.css", "favicon.svg"):
        resp = client.get(f"/static/{name}")
        assert resp.status_code == 200 and resp.text
    js = client.get("/static/app.js").text
    assert "http://" not in js and "https://" not in js


# --- pages ----------------------------------------------------------------------------------------


def _form(**over: str) -> dict[str, str]:
    form = {
        "person.citizenship.0": "RU",
        "person.birth_date": "2001-03-15",
        "person.residence": "RU",
        "education.school_certificate": "RU",
        "education.highest_degree": "none",
        "education.university_years": "2",
        "work.0.occupation": "2512",
        "work.0.start": "2019-09-01",
        "languages.0.code": "ru",
        "languages.0.level": "native",
        "languages.1.code": "en",
        "languages.1.level": "C1",
        "money.currency": "RUB",
        "money.savings": "600000",
        "money.monthly_savings": "80000",
        "preferences.study_hours_per_week": "10",
        "offers.0.currency": "EUR",
        "name": "Dima",
    }
    form.update(over)
    return form


def test_questionnaire_saves_a_profile_and_shows_results(client: TestClient) -> None:
    page = client.get("/profile/new")
    assert page.status_code == 200 and 'name="person.birth_date"' in page.text
    resp = client.post("/profile", data=_form(), follow_redirects=False)
    assert resp.status_code == 303
    results = client.get(resp.headers["location"])
    assert results.status_code == 200
    assert "de.blue_card.it_specialist" in results.text and "Dima" in results.text
    home = client.get("/")
    assert "Dima" in home.text


def test_questionnaire_keeps_a_training_place_apart_from_a_job_offer(client: TestClient) -> None:
    offer = {"offers.0.country": "DE", "offers.0.gross_annual_salary": "14000"}
    resp = client.post(
        "/profile", data=_form(**offer, **{"offers.0.kind": "training"}), follow_redirects=False
    )
    assert resp.status_code == 303
    edit = client.get(resp.headers["location"].replace("/results", "/edit"))
    assert re.search(r'<option value="training" selected>', edit.text)
    saved = client.get(resp.headers["location"].replace("/results", "/export.toml")).text
    assert 'kind = "training"' in saved


def test_questionnaire_records_an_admission_and_the_study_route_opens(
    client: TestClient,
) -> None:
    admission = {"admissions.0.country": "CZ", "admissions.0.kind": "university"}
    resp = client.post("/profile", data=_form(**admission), follow_redirects=False)
    assert resp.status_code == 303
    edit = client.get(resp.headers["location"].replace("/results", "/edit"))
    select = re.search(r'name="admissions\.0\.country"[^>]*>(.*?)</select>', edit.text, re.S)
    assert select and '<option value="CZ" selected>' in select.group(1)
    saved = client.get(resp.headers["location"].replace("/results", "/export.toml")).text
    assert tomllib.loads(saved)["admissions"] == [{"country": "CZ", "kind": "university"}]


def test_questionnaire_records_a_licence_to_practise(client: TestClient) -> None:
    licence = {
        "work.0.occupation": "2211",
        "licences.0.country": "DE",
        "licences.0.occupation": "2211",
        "licences.0.status": "promised",
    }
    resp = client.post("/profile", data=_form(**licence), follow_redirects=False)
    assert resp.status_code == 303
    edit = client.get(resp.headers["location"].replace("/results", "/edit"))
    select = re.search(r'name="licences\.0\.country"[^>]*>(.*?)</select>', edit.text, re.S)
    assert select and '<option value="DE" selected>' in select.group(1)
    saved = client.get(resp.headers["location"].replace("/results", "/export.toml")).text
    assert tomllib.loads(saved)["licences"] == [
        {"country": "DE", "occupation": "2211", "status": "promised"}
    ]


def test_questionnaire_names_the_licence_field_that_is_missing(client: TestClient) -> None:
    form = _form(**{"licences.0.occupation": "2211", "licences.0.status": "granted"})
    resp = client.post("/profile", data=form, follow_redirects=False)
    assert resp.status_code == 422
    m = re.search(r'data-error-for="licences\.0\.country">([^<]+)<', resp.text)
    assert m and m.group(1).strip()


def test_api_plan_bad_admission_names_the_field(client: TestClient) -> None:
    prof = _json_profile()
    prof["admissions"] = [{"country": "NL", "kind": "college"}]
    resp = client.post(f"/api/plan?on={ON}", json=prof)
    assert resp.status_code == 422
    assert any(d["field"].startswith("admissions") for d in resp.json()["detail"])


def test_questionnaire_shows_errors_under_the_fields(client: TestClient) -> None:
    resp = client.post(
        "/profile",
        data=_form(**{"person.birth_date": "", "money.savings": "-1", "work.0.end": "2010-01-01"}),
    )
    assert resp.status_code == 422
    html = resp.text
    for name in ("person.birth_date", "money.savings", "work.0.end"):
        m = re.search(rf'data-error-for="{re.escape(name)}">([^<]+)<', html)
        assert m and m.group(1).strip(), name
    assert 'value="2010-01-01"' in html  # what was typed is kept
    check = client.post("/profile/check", data=_form(**{"person.birth_date": "soon"})).json()
    assert set(check["errors"]) == {"person.birth_date"}
    assert client.post("/profile/check", data=_form()).json() == {"errors": {}}


def test_questionnaire_in_russian(client: TestClient) -> None:
    resp = client.post(
        "/profile/check",
        data=_form(**{"person.birth_date": ""}),
        headers={"accept-language": "ru-RU,ru;q=0.9,en;q=0.5"},
    )
    assert resp.json()["errors"]["person.birth_date"] == "Заполните это поле"


def test_results_filters_and_why_blocked(client: TestClient, saved: int) -> None:
    html = client.get(f"/profile/{saved}/results?on={ON}&country=CZ").text
    rows = re.findall(r'data-route="([^"]+)" data-country="([A-Z]+)"[^>]*?(hidden)?>', html)
    shown = [(rid, cc) for rid, cc, hidden in rows if not hidden]
    assert shown and all(cc == "CZ" for _id, cc in shown)
    assert any(hidden for _r, cc, hidden in rows if cc != "CZ")  # the rest wait, hidden
    assert "closed to citizens of Russia" in html  # the one line on cz.study
    html = client.get(f"/profile/{saved}/results?on={ON}&family=study").text
    families = re.findall(r'data-family="([a-z_]+)"[^>]*?(hidden)?>', html)
    assert families and {f for f, hidden in families if not hidden} == {"study"}
    assert "RUB" in html and "EUR" in html


def test_route_page_has_conditions_sources_and_charts(client: TestClient, saved: int) -> None:
    html = client.get(f"/profile/{saved}/route/de.study?on={ON}").text
    assert 'data-condition="german_c1"' in html
    assert "§16b" in html and "checked Nov 25, 2026" in html
    # two charts, each drawn for a wide screen and again for a phone (the stylesheet shows one)
    charts = re.findall(r'<svg class="chart ([^"]+)"', html)
    assert sorted(c.split()[0] for c in charts if "wide" in c) == [
        "cashflow-chart",
        "timeline-chart",
    ]
    assert sorted(c.split()[0] for c in charts if "narrow" in c) == [
        "cashflow-chart",
        "timeline-chart",
    ]
    assert 'id="whatif"' in html and 'id="profile-data"' in html
    assert client.get(f"/profile/{saved}/route/xx.none").status_code == 404


def test_compare_two_or_three(client: TestClient, saved: int) -> None:
    ok = client.get(
        f"/profile/{saved}/compare?r=de.study&r=de.blue_card.it_specialist&r=rs.entrepreneur"
    )
    assert ok.status_code == 200 and ok.text.count('class="badge ') == 3
    assert client.get(f"/profile/{saved}/compare?r=de.study").status_code == 422
    many = "&".join(f"r={r}" for r in ("de.study", "cz.study", "es.study", "pt.study"))
    assert client.get(f"/profile/{saved}/compare?{many}").status_code == 422


def test_export_import_round_trip(client: TestClient, saved: int) -> None:
    resp = client.get(f"/profile/{saved}/export.toml")
    assert resp.status_code == 200
    assert "attachment" in resp.headers["content-disposition"]
    text = resp.text
    assert tomllib.loads(text)["person"]["birth_date"] == date(2001, 3, 15)
    again = client.post(
        "/profile/import", files={"file": ("again.toml", text.encode())}, follow_redirects=False
    )
    assert again.status_code == 303
    pid = int(again.headers["location"].split("/")[2])
    a = client.get(f"/profile/{saved}/export.toml").text
    b = client.get(f"/profile/{pid}/export.toml").text
    assert a == b


def test_import_bad_file_names_the_field(client: TestClient) -> None:
    bad = DIMA.read_text().replace("birth_date = 2001-03-15", 'birth_date = "soon"')
    resp = client.post("/profile/import", files={"file": ("bad.toml", bad.encode())})
    assert resp.status_code == 422 and "person.birth_date" in resp.text
    resp = client.post("/profile/import", files={"file": ("x.toml", b"[person")})
    assert resp.status_code == 422 and "not valid TOML" in resp.text


def test_edit_and_delete(client: TestClient, saved: int) -> None:
    page = client.get(f"/profile/{saved}/edit")
    assert page.status_code == 200 and 'value="2001-03-15"' in page.text
    assert f'name="pid" value="{saved}"' in page.text
    resp = client.post(
        "/profile", data=_form(pid=str(saved), name="Renamed"), follow_redirects=False
    )
    assert resp.headers["location"] == f"/profile/{saved}/results"
    assert "Renamed" in client.get("/").text
    client.post(f"/profile/{saved}/delete")
    assert client.get(f"/profile/{saved}/results").status_code == 404


def test_belarusian_and_kazakh_browsers_get_russian_not_english(client: TestClient) -> None:
    """No Belarusian or Kazakh texts exist; Russian is an official language in both countries, so
    their readers get Russian pages -- unless they rank English higher."""
    for header in ("be-BY,be;q=0.9", "kk", "ky-KG"):
        assert '<html lang="ru">' in client.get("/", headers={"accept-language": header}).text
    mixed = client.get("/", headers={"accept-language": "en,be;q=0.5"}).text
    assert '<html lang="en">' in mixed
    assert '<html lang="en">' in client.get("/", headers={"accept-language": "de-DE"}).text


def test_language_from_header_and_switch(client: TestClient, saved: int) -> None:
    assert '<html lang="en">' in client.get("/").text
    ru = client.get("/", headers={"accept-language": "ru,en;q=0.8"}).text
    assert '<html lang="ru">' in ru and "Заполнить анкету" in ru
    resp = client.get("/lang/ru?next=/profile/new", follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == "/profile/new"
    assert "lang=ru" in resp.headers["set-cookie"]
    client.cookies.set("lang", "ru")
    html = client.get(f"/profile/{saved}/results?on={ON}").text
    assert '<html lang="ru">' in html and "доступен" in html
    # an open redirect is not possible
    assert (
        client.get("/lang/en?next=//evil.example", follow_redirects=False).headers["location"]
        == "/"
    )


def _switch_link(html: str, lang: str) -> str:
    import html as html_lib

    m = re.search(rf'href="(/lang/{lang}\?next=[^"]*)"', html)
    assert m, "no language switch on the page"
    return html_lib.unescape(m.group(1))


def test_switching_language_twice_comes_back_to_the_same_page(
    client: TestClient, saved: int
) -> None:
    """Russian, then English again: each switch leads back to the page with its own query
    (the sort, the date), and the link does not grow with each switch."""
    page = f"/profile/{saved}/results?on={ON}&sort=cost"
    resp = client.get(page)
    first = _switch_link(resp.text, "ru")
    for lang, word in (("ru", "доступен"), ("en", "reachable")):
        link = _switch_link(resp.text, lang)
        assert link == first.replace("/lang/ru", f"/lang/{lang}")
        resp = client.get(link)
        assert resp.status_code == 200
        assert resp.url.raw_path.decode() == page
        assert f'<html lang="{lang}">' in resp.text and word in resp.text


def test_switching_language_after_a_refused_form_opens_a_page_that_exists(
    client: TestClient,
) -> None:
    """A form answered with its errors (POST): the switch opens the form again, never the
    POST-only address (405) or the import address (404)."""
    refused = client.post("/profile", data={"name": "x", "person.birth_date": "not a date"})
    assert refused.status_code == 422
    again = client.get(_switch_link(refused.text, "ru"))
    assert again.status_code == 200 and again.url.path == "/profile/new"
    bad_import = client.post("/profile/import", files={"file": ("a.toml", b"x = ")})
    assert bad_import.status_code == 422
    home = client.get(_switch_link(bad_import.text, "ru"))
    assert home.status_code == 200 and home.url.path == "/"


def test_russian_plan_texts(client: TestClient) -> None:
    doc = client.post(f"/api/plan?on={ON}&lang=ru", json=_json_profile()).json()
    cz = next(r for r in doc["routes"] if r["id"] == "cz.study")
    assert "закрыт для граждан России" in cz["blockers"][0]["reason"]


def test_serve_command_is_lazy_and_defaults_to_loopback(cli: Cli) -> None:
    import subprocess
    import sys

    code, out, _err = cli("serve", "--help")
    assert code == 0 and "127.0.0.1" in out
    probe = "import sys, emigre.cli; print(any(m.startswith(('fastapi', 'uvicorn', 'jinja2')) for m in sys.modules))"
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "False"
    from emigre.web.server import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0")


def test_russian_catalog_is_complete_and_compiled() -> None:
    """Every interface string (Python, templates, country and language names) has a Russian
    translation with the same placeholders, and the committed .mo matches the .po."""
    from emigre.i18n_catalog import problems

    assert problems() == []


def test_route_page_shows_life_after_arrival_as_the_terminal_does(
    client: TestClient, saved: int
) -> None:
    """The route page says what the person earns and spends after arrival and how long the
    savings last, with the same figures as the JSON (and the terminal)."""
    doc = client.post(f"/api/explain/de.study?on={ON}", json=_json_profile()).json()
    after = doc["after_arrival"]
    assert after["monthly_costs"]["EUR"] > 0 and after["runway_months"] is not None
    html = client.get(f"/profile/{saved}/route/de.study?on={ON}").text
    line = re.search(r'id="after-arrival">(.*?)</p>', html, re.S)
    assert line, "no after-arrival line on the route page"
    text = re.sub(r"<[^>]+>|\s+", " ", line.group(1))
    assert f"{after['runway_months']:g} months with no income" in text
    assert "a month" in text and "€" in text
    assert 'id="runway"' in html
    client.cookies.set("lang", "ru")
    ru = client.get(f"/profile/{saved}/route/de.study?on={ON}").text
    line = re.search(r'id="after-arrival">(.*?)</p>', ru, re.S)
    assert line and "После переезда" in line.group(1) and "в месяц" in line.group(1)


def test_the_results_table_says_why_a_route_has_no_arrival(client: TestClient) -> None:
    """At an hour a week the language routes have no arrival date: the table says "not within
    N years" (Russian too) where a plain dash stood, and a closed route's dash says why."""
    from emigre.plan.horizon import horizon

    years = horizon().years
    text = DIMA.read_text().replace("study_hours_per_week = 15", "study_hours_per_week = 1")
    assert "study_hours_per_week = 1\n" in text
    resp = client.post(
        "/profile/import",
        files={"file": ("slow.toml", text.encode(), "application/toml")},
        follow_redirects=False,
    )
    pid = re.fullmatch(r"/profile/(\d+)/results", resp.headers["location"])
    assert pid
    page = f"/profile/{pid.group(1)}/results?on={ON}"
    html = client.get(page).text
    cells = re.findall(r'<td class="arrival nowrap"[^>]*>(.*?)</td>', html, re.S)
    assert cells and any(f"not within {years} years" in c for c in cells)
    dashes = [c for c in cells if "—" in c]
    assert dashes and all("not open to you" in c or "open questions" in c for c in dashes)
    ru = client.get(page, headers={"cookie": "lang=ru"}).text
    assert f"не в ближайшие {years}\u00a0лет" in ru  # the unit keeps to its number


def test_with_the_goal_leave_soon_the_places_to_wait_come_first(client: TestClient) -> None:
    """Someone who must leave soon sees the short stays first, as places to wait while they
    apply; anyone else sees the routes to live there first."""
    text = DIMA.read_text().replace("[preferences]", '[preferences]\ngoal = "leave_soon"')
    resp = client.post(
        "/profile/import",
        files={"file": ("soon.toml", text.encode(), "application/toml")},
        follow_redirects=False,
    )
    pid = re.fullmatch(r"/profile/(\d+)/results", resp.headers["location"])
    assert pid
    html = client.get(f"/profile/{pid.group(1)}/results?on={ON}").text
    assert re.findall(r'data-group="(\w+)"', html)[:2] == ["short_stay", "main"]
    first = re.search(r'class="group-title">([^<]+)', html)
    assert first and "Places to wait while you apply" in first.group(1)
    ru = client.get(f"/profile/{pid.group(1)}/results?on={ON}", headers={"cookie": "lang=ru"})
    assert re.findall(r'data-group="(\w+)"', ru.text)[0] == "short_stay"
    calm = client.get(f"/profile/{saved_id(client)}/results?on={ON}").text
    assert re.findall(r'data-group="(\w+)"', calm)[:2] == ["main", "short_stay"]


def saved_id(client: TestClient) -> str:
    resp = client.post(
        "/profile/import",
        files={"file": ("dima.toml", DIMA.read_bytes(), "application/toml")},
        follow_redirects=False,
    )
    m = re.fullmatch(r"/profile/(\d+)/results", resp.headers["location"])
    assert m
    return m.group(1)


def test_each_page_about_a_profile_has_its_json_twin(client: TestClient, saved: int) -> None:
    """The results, a route and a comparison link to their JSON in the footer: the document the
    page is drawn from, the same as the API's for that profile, date and language."""
    body = _json_profile()
    pages = {
        f"/profile/{saved}/results?on={ON}&country=DE": client.post(
            f"/api/plan?on={ON}&lang=ru", json=body
        ),
        f"/profile/{saved}/route/de.study?on={ON}": client.post(
            f"/api/explain/de.study?on={ON}&lang=ru", json=body
        ),
    }
    client.cookies.set("lang", "ru")
    for page, api in pages.items():
        html = client.get(page).text
        link = re.search(r'<a href="([^"]+)" type="application/json"[^>]*>([^<]+)</a>', html)
        assert link is not None, page
        assert link.group(2) == "эта страница в JSON"
        twin = client.get(link.group(1).replace("&amp;", "&"))
        assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
        assert twin.json() == api.json(), page
    compare = client.get(f"/profile/{saved}/compare?r=de.study&r=rs.entrepreneur&format=json")
    assert [r["id"] for r in compare.json()["routes"]] == ["de.study", "rs.entrepreneur"]
    assert compare.json()["on"] == ON
    assert "format=json" in client.get(f"/profile/{saved}/compare?r=de.study&r=cz.study").text
    odd = client.get(f"/profile/{saved}/results?format=xml")
    assert odd.status_code == 422 and "format" in odd.text
    assert "application/json" not in client.get("/").text  # a page about no profile: none


def test_amounts_in_a_currency_without_a_symbol_keep_a_space(
    client: TestClient, saved: int
) -> None:
    """English pages write roubles as "RUB 105,877" (CLDR's English has no symbol for them and
    its pattern glued the code to the number: "RUB105,877"); Russian pages write "105 877 ₽"."""
    page = client.get(f"/profile/{saved}/route/de.study?on={ON}").text
    assert re.search(r"RUB\xa0\d{1,3}(,\d{3})*\b", page)
    assert not re.search(r"\b[A-Z]{3}\d", page)
