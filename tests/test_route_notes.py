"""A route's notes are shown to the people they concern: a note about Russian citizens living in
Russia (the German embassy's waiting list in Moscow) reaches a Russian in Moscow, not a Belarusian
in Minsk or a Kazakh in Almaty; a note that cannot be decided (the residence is not given) is
shown rather than hidden."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from emigre.knowledge.loader import KnowledgeBase, default_root
from tests.conftest import Cli, base_profile, import_profile, web_client

ON = "2026-11-25"
ON_DATE = date.fromisoformat(ON)
MOSCOW_LIST = "waiting list of the German Embassy in Moscow"


def _write(tmp_path: Path, name: str = "p.toml", **person: Any) -> str:
    prof = base_profile(person=person)
    path = tmp_path / name
    path.write_text(tomli_w.dumps(prof))
    return str(path)


@pytest.mark.parametrize(
    ("citizenship", "residence", "sees"),
    [
        (["RU"], "RU", True),  # a Russian in Moscow
        (["BY"], "BY", False),  # a Belarusian in Minsk
        (["KZ"], "KZ", False),  # a Kazakh in Almaty
        (["RU"], "RS", False),  # a Russian who already lives in Serbia applies in Belgrade
        (["KZ", "RU"], "RU", True),  # a dual citizen: the Russian passport counts too
    ],
)
def test_the_moscow_waiting_list_note_reaches_russians_in_russia_only(
    cli: Cli, tmp_path: Path, citizenship: list[str], residence: str, sees: bool
) -> None:
    prof = _write(tmp_path, citizenship=citizenship, residence=residence)
    code, out, err = cli("explain", "de.blue_card", prof, "--on", ON)
    assert code == 0, err
    flat = " ".join(out.split())
    assert (MOSCOW_LIST in flat) is sees
    # the note for everyone stays whoever reads it
    assert "The job must match the degree" in flat


def test_a_note_that_cannot_be_decided_is_shown(cli: Cli, tmp_path: Path) -> None:
    prof = base_profile()
    del prof["person"]["residence"]
    path = tmp_path / "p.toml"
    path.write_text(tomli_w.dumps(prof))
    code, out, _ = cli("explain", "de.blue_card", str(path), "--on", ON)
    assert code == 0
    assert MOSCOW_LIST in " ".join(out.split())


def test_json_lists_the_notes_for_the_person_and_the_others_apart(cli: Cli, tmp_path: Path) -> None:
    docs = {}
    for who, (cit, res) in {"ru": ("RU", "RU"), "by": ("BY", "BY")}.items():
        prof = _write(tmp_path, f"{who}.toml", citizenship=[cit], residence=res)
        code, out, _ = cli("explain", "de.blue_card", prof, "--on", ON, "--format", "json")
        assert code == 0
        docs[who] = json.loads(out)
    assert any(MOSCOW_LIST in " ".join(n.split()) for n in docs["ru"]["notes"])
    assert not any(MOSCOW_LIST in " ".join(n.split()) for n in docs["by"]["notes"])
    assert any(MOSCOW_LIST in " ".join(n.split()) for n in docs["by"]["notes_not_applying"])
    assert docs["ru"]["notes_not_applying"] == []


def test_the_route_page_shows_the_note_to_the_person_it_concerns(tmp_path: Path) -> None:
    for cit, res, sees in (("RU", "RU", True), ("BY", "BY", False)):
        client = web_client(tmp_path / cit)
        prof = base_profile(person={"citizenship": [cit], "residence": res})
        base = import_profile(client, tomli_w.dumps(prof))
        page = client.get(f"{base}/route/de.blue_card")
        assert page.status_code == 200
        assert (MOSCOW_LIST in " ".join(page.text.split())) is sees


def test_a_kazakh_in_almaty_reads_no_note_written_for_russians(kb: KnowledgeBase) -> None:
    """Across the knowledge base: no note addressed to Russian citizens or residents of Russia
    reaches a Kazakh living in Kazakhstan, and each reaches a Russian living in Russia."""
    from emigre.profile import Profile
    from emigre.rules.evaluate import assess

    phrases = (
        "Russian citizens in Russia",
        "Russian citizens need",
        "Russians need",
        "from Russia are",
        "consulates in Russia",
        "ban on Russian",
        "restriction on Russian",
        "Russian employer into a Russian bank",
        "Russian company into a Russian bank",
    )
    results = {}
    for cit in ("KZ", "RU"):
        person = Profile.model_validate(
            base_profile(person={"citizenship": [cit], "residence": cit})
        )
        person = person.model_copy(
            update={
                "work": [
                    job.model_copy(update={"employer_country": cit, "remote": True})
                    for job in person.work
                ]
            }
        )
        results[cit] = assess(
            person, ON_DATE, kb.routes, kb.params, kb.fx, respect_preferences=False
        )
    seen_by_kazakh = [
        (r.route.id, note.text)
        for r in results["KZ"]
        for note in r.shown_notes()
        if any(p in str(note.text) for p in phrases)
    ]
    assert seen_by_kazakh == []
    seen_by_russian = sum(
        1
        for r in results["RU"]
        for note in r.shown_notes()
        if any(p in str(note.text) for p in phrases)
    )
    assert seen_by_russian >= 20


def _data_with(tmp_path: Path, route: str, old: str, new: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(default_root(), data)
    path = data / "countries" / route
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return data


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "type: residence, in: [RU]}",
            "type: residence, in: de.no_such_list}",
            "notes[2].when condition 'lives_in_russia'.in: no parameter 'de.no_such_list'",
        ),
        (
            "type: residence, in: [RU]}",
            "type: residence, in: [XX]}",
            "XX",
        ),
    ],
)
def test_data_check_names_a_note_whose_condition_is_wrong(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, message: str
) -> None:
    data = _data_with(tmp_path, "de/routes/blue_card.yaml", old, new)
    monkeypatch.setenv("EMIGRE_DATA", str(data))
    code, out, err = cli("data", "check")
    assert code != 0
    assert "blue_card.yaml" in out + err and message in out + err


def test_a_country_list_written_in_place_is_for_notes_only(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _data_with(
        tmp_path,
        "ee/routes/startup.yaml",
        "not_in: ee.work_ban.nationalities\n      legal_basis",
        "not_in: [RU, BY]\n      legal_basis",
    )
    monkeypatch.setenv("EMIGRE_DATA", str(data))
    code, out, err = cli("data", "check")
    assert code != 0
    assert "condition 'not_banned': lists its countries itself" in out + err


@pytest.mark.parametrize(
    ("citizenship", "sees", "hidden"),
    [
        ("BY", "Belarusians pay no national-visa fee", "Whether Russians pay a fee"),
        ("RU", "Whether Russians pay a fee", "Belarusians pay no national-visa fee"),
    ],
)
def test_a_note_split_by_nationality_reaches_each_its_own_part(
    cli: Cli, tmp_path: Path, citizenship: str, sees: str, hidden: str
) -> None:
    """Lithuania's humanitarian visa: what was found for Belarusians and what for Russians are
    notes of their own; what concerns both (no processing time) reaches both."""
    prof = _write(tmp_path, citizenship=[citizenship], residence=citizenship)
    code, out, _ = cli("explain", "lt.humanitarian_visa", prof, "--on", ON)
    assert code == 0
    flat = " ".join(out.split())
    assert sees in flat and hidden not in flat
    assert "How long a decision takes was not found" in flat


@pytest.mark.parametrize(
    ("certificate", "sees"), [("KZ", True), ("RU", True), ("AM", False), (None, True)]
)
def test_a_note_on_certificates_from_some_countries_reaches_their_holders(
    cli: Cli, tmp_path: Path, certificate: str | None, sees: bool
) -> None:
    """de.study's note on admission with a Russian, Belarusian, Uzbek or Kazakh school
    certificate: not for an Armenian certificate; shown when the profile does not say."""
    prof = base_profile()
    if certificate is None:
        del prof["education"]["school_certificate"]
    else:
        prof["education"]["school_certificate"] = certificate
    path = tmp_path / "p.toml"
    path.write_text(tomli_w.dumps(prof))
    code, out, _ = cli("explain", "de.study", str(path), "--on", ON)
    assert code == 0
    assert ("Admission with a Russian, Belarusian or Uzbek" in " ".join(out.split())) is sees


def test_the_school_certificate_condition_agrees_in_population_mode(kb: KnowledgeBase) -> None:
    """Both faces of `school_certificate` (in and not_in, a list in place and a parameter)."""
    pl = pytest.importorskip("polars")
    from emigre.knowledge.route import Route
    from emigre.population.compile import STATE_CODE, compile_plan
    from emigre.population.rows import profile_to_row
    from emigre.profile import Profile
    from emigre.rules.evaluate import assess
    from tests.test_population import LAYOUT, _normalised

    base = kb.route("de.study").model_dump(by_alias=True, exclude_none=True)
    routes = []
    for i, cond in enumerate(
        [
            {"id": "ru_kz", "type": "school_certificate", "in": ["RU", "KZ"]},
            {"id": "not_ru", "type": "school_certificate", "not_in": ["RU"]},
            {"id": "eu", "type": "school_certificate", "in": "eu.member_states"},
        ]
    ):
        raw = {**base, "id": f"de.test{i}", "requires": cond, "notes": []}
        routes.append(Route.model_validate(raw))
    people = []
    for cert in ("RU", "KZ", "DE", "AM", None):
        prof = base_profile()
        prof["education"]["school_certificate"] = cert
        if cert is None:
            del prof["education"]["school_certificate"]
        people.append(Profile.model_validate(prof))
    plan = compile_plan(routes, ON_DATE, kb.params, kb.fx, LAYOUT)
    assert not plan.fallbacks
    leaves = plan.leaf_frame(_normalised([profile_to_row(p) for p in people])).collect()
    for i, person in enumerate(people):
        for res in assess(person, ON_DATE, routes, kb.params, kb.fx, respect_preferences=False):
            column = plan.leaf_of[(res.route.id, res.root.condition.id)]
            assert leaves[column][i] == STATE_CODE[res.root.state], (res.route.id, i)
    assert isinstance(leaves, pl.DataFrame)
