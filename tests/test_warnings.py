"""Warnings about the person's wider situation: they come from data conditions on the profile,
come first in the plan (JSON, terminal, web page), and stay silent for people they do not
concern."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from emigre.documents import run_plan
from emigre.knowledge.situation import situation_warnings
from emigre.plan.rank import parse_weights
from emigre.profile import Profile
from tests.conftest import base_profile

ON = date(2026, 11, 25)


def _warnings(kb, **over: Any) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Warning id -> "yes" or "unknown" for a profile."""
    person = Profile.model_validate(base_profile(**over))
    return {
        r.warning.id: r.applies
        for r in situation_warnings(kb.warnings, person, ON, kb.params, kb.fx)
    }


def _with(**person: Any) -> dict[str, Any]:
    return {
        "person": {
            "citizenship": ["RU"],
            "birth_date": date(2001, 3, 15),
            "residence": "RU",
            **person,
        }
    }


def test_military_warning_follows_the_military_service_answer(kb) -> None:  # type: ignore[no-untyped-def]
    liable = _warnings(kb, **_with(military_service="liable"))
    reserve = _warnings(kb, **_with(military_service="reserve"))
    exempt = _warnings(kb, **_with(military_service="exempt"))
    unanswered = _warnings(kb, **_with())
    assert liable["ru.military_exit_ban"] == "yes"
    assert reserve["ru.military_exit_ban"] == "yes"
    assert "ru.military_exit_ban" not in exempt
    assert unanswered["ru.military_exit_ban"] == "unknown"
    # Liability alone says nothing for a citizen of a country without that rule.
    kz = _warnings(
        kb,
        person={
            "citizenship": ["KZ"],
            "birth_date": date(2001, 3, 15),
            "residence": "KZ",
            "military_service": "liable",
        },
    )
    assert not any("military" in w for w in kz)


def test_passport_warnings(kb) -> None:  # type: ignore[no-untyped-def]
    short = _warnings(kb, **_with(passport_expires=date(2027, 6, 1), military_service="none"))
    long = _warnings(kb, **_with(passport_expires=date(2034, 6, 1), military_service="none"))
    assert short["xx.passport_validity"] == "yes"
    assert "xx.passport_validity" not in long
    # A criminal case (or call-up) means the passport can be withheld.
    case = _warnings(kb, **_with(political_record="criminal", military_service="exempt"))
    calm = _warnings(kb, **_with(political_record="administrative", military_service="exempt"))
    assert case["ru.passport_withheld"] == "yes"
    assert "ru.passport_withheld" not in calm
    # Belarusians cannot renew a passport abroad, whatever its date.
    by = _warnings(
        kb, person={"citizenship": ["BY"], "birth_date": date(1994, 6, 1), "residence": "BY"}
    )
    assert by["by.passport_no_renewal_abroad"] == "yes"
    assert "by.passport_no_renewal_abroad" not in long


def test_tax_warning_needs_pay_from_russia(kb) -> None:  # type: ignore[no-untyped-def]
    paid_from_ru = _warnings(
        kb, work=[{"occupation": "2512", "start": date(2019, 9, 1), "employer_country": "RU"}]
    )
    paid_from_de = _warnings(
        kb, work=[{"occupation": "2512", "start": date(2019, 9, 1), "employer_country": "DE"}]
    )
    ended = _warnings(
        kb,
        work=[
            {
                "occupation": "2512",
                "start": date(2019, 9, 1),
                "end": date(2025, 1, 1),
                "employer_country": "RU",
            }
        ],
    )
    unsaid = _warnings(kb)
    assert paid_from_ru["ru.tax_treaties_suspended"] == "yes"
    assert "ru.tax_treaties_suspended" not in paid_from_de
    assert "ru.tax_treaties_suspended" not in ended
    assert unsaid["ru.tax_treaties_suspended"] == "unknown"
    # The rule is about the payer, not the passport: a Kazakh paid from Russia is warned too.
    kz = _warnings(
        kb,
        person={"citizenship": ["KZ"], "birth_date": date(2001, 3, 15), "residence": "KZ"},
        work=[{"occupation": "2512", "start": date(2019, 9, 1), "employer_country": "RU"}],
    )
    assert kz["ru.tax_treaties_suspended"] == "yes"


def test_schengen_banking_and_reporting_by_citizenship_and_date(kb) -> None:  # type: ignore[no-untyped-def]
    ru = _warnings(kb, **_with())
    for wid in ("ru.schengen_single_entry", "ru.banking_sanctions", "ru.foreign_residence_report"):
        assert ru[wid] == "yes", wid
    # A dual Russian-German citizen travels on the EU passport: no single-entry visas.
    dual = _warnings(kb, **_with(citizenship=["RU", "DE"]))
    assert "ru.schengen_single_entry" not in dual
    # Before 7 Nov 2025 the single-entry rule did not exist.
    person = Profile.model_validate(base_profile(**_with()))
    before = situation_warnings(kb.warnings, person, date(2025, 6, 1), kb.params, kb.fx)
    assert "ru.schengen_single_entry" not in {r.warning.id for r in before}
    # A Serbian citizen living in Serbia gets none of Russia's warnings.
    rs = _warnings(
        kb, person={"citizenship": ["RS"], "birth_date": date(2001, 3, 15), "residence": "RS"}
    )
    assert not [w for w in rs if w.startswith("ru.")]
    # Living in Russia is enough for the banking rules, whatever the passport.
    kz_in_ru = _warnings(
        kb, person={"citizenship": ["KZ"], "birth_date": date(2001, 3, 15), "residence": "RU"}
    )
    assert kz_in_ru["ru.banking_sanctions"] == "yes"


def test_military_warning_follows_where_the_person_lives(kb) -> None:  # type: ignore[no-untyped-def]
    """A liable Russian citizen still in Russia is told to plan the departure first; one who
    already lives abroad (here Georgia) is told what applies there instead: the risk of a trip
    back, consulates and passport renewal abroad, never to plan a departure."""
    home = _warnings(kb, **_with(military_service="liable"))
    abroad = _warnings(kb, **_with(military_service="liable", residence="GE"))
    assert home["ru.military_exit_ban"] == "yes" and "ru.military_abroad" not in home
    assert abroad["ru.military_abroad"] == "yes" and "ru.military_exit_ban" not in abroad
    # No country of residence: asked once (the warning for people still in Russia).
    nowhere = _warnings(kb, **_with(military_service="liable", residence=None))
    assert nowhere["ru.military_exit_ban"] == "unknown" and "ru.military_abroad" not in nowhere
    # Not liable: neither, wherever one lives.
    calm = _warnings(kb, **_with(military_service="exempt", residence="GE"))
    assert not [w for w in calm if "military" in w]

    def texts(**person: Any) -> dict[str, dict[str, str]]:
        who = Profile.model_validate(base_profile(**_with(**person)))
        doc = run_plan(who, ON, kb, parse_weights(None)).document(ON)
        return {w["id"]: w["text"] for w in doc["warnings"] if w["topic"] == "military"}

    in_russia = texts(military_service="liable")
    in_georgia = texts(military_service="liable", residence="GE")
    assert "plan the departure itself as the first step" in in_russia["ru.military_exit_ban"]["en"]
    (text,) = in_georgia.values()
    assert "departure" not in text["en"].split("so the departure is behind you")[1]
    assert "trip back" in text["en"] and "consulate" in text["en"]
    assert "passport" in text["en"]
    assert "поездка обратно" in text["ru"].lower() and "консульств" in text["ru"]
    assert "первым шагом" not in text["ru"]


def test_plan_json_puts_warnings_first_in_both_languages(kb) -> None:  # type: ignore[no-untyped-def]
    person = Profile.model_validate(base_profile(**_with(military_service="liable")))
    doc = run_plan(person, ON, kb, parse_weights(None)).document(ON)
    assert next(iter(doc)) == "warnings"
    first = doc["warnings"][0]
    assert first["applies"] == "yes" and first["level"] == "high"
    military = next(w for w in doc["warnings"] if "military" in w["id"])
    assert military["text"]["en"] and military["text"]["ru"] != military["text"]["en"]
    assert military["sources"][0]["url"].startswith("https://")
    assert military["since"] == "2023-04-14"
    json.dumps(doc)


def test_terminal_and_web_show_warnings_before_routes(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    profile = tmp_path / "p.toml"
    profile.write_text(
        '[person]\ncitizenship = ["RU"]\nbirth_date = 2001-03-15\nresidence = "RU"\n'
        'military_service = "liable"\npassport_expires = 2027-01-10\n'
        '[education]\nhighest_degree = "none"\n',
        encoding="utf-8",
    )
    code, out, err = cli("plan", str(profile), "--on", "2026-11-25", "--lang", "en")
    assert code == 0, err
    assert "summons bars you from leaving" in out
    assert out.index("summons bars you") < out.index("Routes for you")
    assert "renew it before you apply" in out
    code, out, err = cli("plan", str(profile), "--on", "2026-11-25", "--lang", "ru")
    assert code == 0, err
    assert "повестка закрывает выезд" in out


@pytest.mark.parametrize("field", ["military_service", "passport_expires"])
def test_no_warning_for_people_it_does_not_concern(kb, field: str) -> None:  # type: ignore[no-untyped-def]
    value: Any = "none" if field == "military_service" else date(2036, 1, 1)
    calm = _warnings(
        kb,
        person={
            "citizenship": ["DE"],
            "birth_date": date(1990, 1, 1),
            "residence": "DE",
            field: value,
        },
    )
    # a German living in Germany is only told that an EU citizen needs none of the permits
    assert [w for w, applies in calm.items() if applies == "yes"] == ["eu.free_movement"]


def test_results_page_shows_the_warnings_before_the_routes(tmp_path: Path) -> None:
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
    html = client.get(resp.headers["location"] + "?on=2026-11-25").text
    assert 'id="warning-ru.schengen_single_entry"' in html
    assert html.index("warning-ru.schengen_single_entry") < html.index("data-route=")
    # Dima did not say whether he is liable to call-up: the page asks.
    military = html[html.index('id="warning-ru.military_exit_ban"') :]
    assert "military service" in military[: military.index("</summary>")]
    ru = client.get(
        resp.headers["location"] + "?on=2026-11-25", headers={"accept-language": "ru"}
    ).text
    assert "Шенгенские визы: одна виза — одна поездка" in ru


def test_asylum_guidance_for_people_at_risk_only(kb) -> None:  # type: ignore[no-untyped-def]
    """Asylum is guidance shown to people at risk (a record at home, or call-up in Russia), never
    a route: it names where an application can be made and how rarely it succeeds."""
    prosecuted = _warnings(kb, **_with(political_record="criminal", military_service="exempt"))
    fined = _warnings(kb, **_with(political_record="administrative"))
    conscript = _warnings(kb, **_with(political_record="none", military_service="liable"))
    liable_unasked = _warnings(kb, **_with(military_service="liable"))
    calm = _warnings(kb, **_with(political_record="none", military_service="exempt"))
    unanswered = _warnings(kb, **_with())
    assert prosecuted["xx.asylum_guidance"] == "yes"
    assert fined["xx.asylum_guidance"] == "yes"
    assert conscript["xx.asylum_guidance"] == "yes"
    assert liable_unasked["xx.asylum_guidance"] == "yes"
    assert "xx.asylum_guidance" not in calm
    assert "xx.asylum_guidance" not in unanswered, "nobody is asked about persecution unprompted"
    kz_liable = _warnings(
        kb,
        person={
            "citizenship": ["KZ"],
            "birth_date": date(2001, 3, 15),
            "residence": "KZ",
            "military_service": "liable",
        },
    )
    assert kz_liable.get("xx.asylum_guidance") == "unknown", "asked: is there a record at home?"
    guidance = next(w for w in kb.warnings if w.id == "xx.asylum_guidance")
    assert guidance.topic == "protection"
    assert "embassy" in guidance.text["en"] and "посольстве" in guidance.text["ru"]
    assert any(s.official and "euaa.europa.eu" in s.url for s in guidance.sources)
    from emigre.rules.conditions import walk

    for route in kb.routes:
        if route.family == "humanitarian":
            kinds = {node.type for node in walk(route.requires)}
            assert "external" in kinds, f"{route.id}: admission is discretionary, never 'eligible'"


def test_a_russian_living_in_a_schengen_state_needs_no_schengen_visa(kb) -> None:  # type: ignore[no-untyped-def]
    """A residence permit of a Schengen state stands in for a visa (CISA art. 21): a Russian
    living in the Netherlands is not warned about single-entry visas; one in Serbia or in
    Cyprus (not in Schengen) still is."""
    assert "ru.schengen_single_entry" not in _warnings(kb, **_with(residence="NL"))
    assert _warnings(kb, **_with(residence="RS"))["ru.schengen_single_entry"] == "yes"
    assert _warnings(kb, **_with(residence="CY"))["ru.schengen_single_entry"] == "yes"


DUAL = {"citizenship": ["RU", "DE"], "military_service": "liable", "passport_expires": "2027-01-10"}
"""A Russian-German dual citizen in Russia, liable to call-up, whose passport runs out soon: high
warnings about the move apply, and so does one that changes every answer (free movement)."""


def test_a_warning_that_changes_every_answer_comes_before_higher_levels(kb) -> None:  # type: ignore[no-untyped-def]
    person = Profile.model_validate(base_profile(**_with(**DUAL)))
    found = situation_warnings(kb.warnings, person, ON, kb.params, kb.fx)
    applying = [r.warning for r in found if r.applies == "yes"]
    answer = [w for w in applying if w.scope == "answer"]
    assert answer, "free movement changes what every route says for an EU citizen"
    assert any(w.level == "high" and w.scope == "move" for w in applying)
    # every warning about the answer first, whatever the levels; the rest by level
    scopes = [w.scope for w in applying]
    assert scopes == sorted(scopes, key=lambda s: s != "answer"), scopes
    levels = [w.level for w in applying if w.scope == "move"]
    assert levels == sorted(levels, key=["high", "medium", "low"].index), levels


def test_every_front_end_shows_the_answer_first_and_in_full(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import import_profile, web_client

    profile = tmp_path / "p.toml"
    profile.write_text(
        '[person]\ncitizenship = ["RU", "DE"]\nbirth_date = 2001-03-15\nresidence = "RU"\n'
        'military_service = "liable"\npassport_expires = 2027-01-10\n'
        '[education]\nhighest_degree = "none"\n',
        encoding="utf-8",
    )
    code, out, err = cli("plan", str(profile), "--on", "2026-11-25", "--format", "json")
    assert code == 0, err
    warnings = json.loads(out)["warnings"]
    assert warnings[0]["scope"] == "answer" and warnings[0]["applies"] == "yes"
    assert {w["scope"] for w in warnings[1:]} == {"move"}
    for lang, answer, move in (
        ("en", "you need none of these permits", "summons bars you"),
        ("ru", "эти разрешения вам не нужны", "повестка закрывает выезд"),
    ):
        code, out, err = cli("plan", str(profile), "--on", "2026-11-25", "--lang", lang)
        assert code == 0, err
        assert out.index(answer) < out.index(move)
        assert warnings[0]["text"][lang][:40] in " ".join(out.split())  # in full
        client = web_client(tmp_path / lang, lang=lang)
        page = client.get(f"{import_profile(client, profile.read_text())}/results").text
        first = page.index('id="warning-')
        assert page.index(f'id="warning-{warnings[0]["id"]}"') == first
        opened = page[first : page.index(">", first)]
        assert opened.endswith(" open"), opened
