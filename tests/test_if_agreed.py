"""Routes that hang only on someone else's decision: shown as "open if the authority agrees:
worth asking", after the ranked routes, never ranked and never eligible; a route that waits on an
answer the person can give stays where it was ("fill in: ...")."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from emigre.documents import knowledge, run_plan
from emigre.plan.rank import parse_weights
from emigre.profile_reading import parse_profile
from tests.conftest import Cli, web_client
from tests.ranking_profiles import ON, PROFILES

HUMANITARIAN = ("lt.humanitarian_visa", "lv.humanitarian_visa", "pl.humanitarian_visa")
HEADING = "Open if the authority agrees: worth asking"


def _developer_without_record() -> dict[str, Any]:
    data = copy.deepcopy(PROFILES["it_no_degree_offer"][1])
    data["person"]["political_record"] = "none"
    data["preferences"] = {"goal": "leave_soon"}
    return data


def _toml(tmp_path: Path, data: dict[str, Any], name: str) -> str:
    path = tmp_path / f"{name}.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return str(path)


@cache
def _doc(name: str) -> dict[str, Any]:
    data = _developer_without_record() if name == "developer" else PROFILES[name][1]
    run = run_plan(parse_profile(data, name), ON, knowledge(), parse_weights(None))
    return run.document(ON)


def _routes(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in doc["routes"]}


def test_an_activist_sees_the_humanitarian_visas_as_worth_asking_in_json() -> None:
    routes = _routes(_doc("activist_criminal_ru"))
    for rid in HUMANITARIAN:
        r = routes[rid]
        assert r["group"] == "if_agreed", (rid, r["group"])
        assert r["rank"] is None and r["verdict"] == "unknown"
        assert r["awaiting"] and r["awaiting"][0]
        assert r["steps"], rid  # what the person can do meanwhile
    assert "consul" in routes["pl.humanitarian_visa"]["awaiting"][0]
    assert "Foreign Ministry" in routes["lt.humanitarian_visa"]["awaiting"][0]


def test_the_group_follows_the_ranked_routes_in_json() -> None:
    groups = [r["group"] for r in _doc("activist_criminal_ru")["routes"] if r.get("steps")]
    first_asking = groups.index("if_agreed")
    assert all(g == "if_agreed" for g in groups[first_asking:]), groups
    assert "residence" in groups[:first_asking]


def test_an_activist_sees_the_group_in_the_terminal_before_what_is_not_open(
    cli: Cli, tmp_path: Path
) -> None:
    path = _toml(tmp_path, PROFILES["activist_criminal_ru"][1], "activist")
    code, out, _err = cli("plan", path, "--on", ON.isoformat())
    assert code == 0
    assert HEADING in out
    group = out[out.index(HEADING) : out.index("Not open to you")]
    assert "pl.humanitarian_visa" in group
    assert "to be decided by others: a Polish consul's decision" in " ".join(group.split())
    # the verdict beside each route is "unknown", never "eligible" or "reachable"
    verdicts = [
        line.split()[-1]
        for line in group.splitlines()
        if line.startswith(" ") and line.rstrip().endswith(("unknown", "eligible", "reachable"))
    ]
    assert verdicts and set(verdicts) == {"unknown"}, verdicts
    # at most five by default, the rest counted
    assert group.count("if they agree: arrival") == 5
    assert "more open only if others agree: `--all`" in group
    # never left in the summary of what is not open
    closed = out[out.index("Not open to you") :]
    assert not any(rid in closed for rid in HUMANITARIAN)

    code, out, _err = cli("plan", path, "--on", ON.isoformat(), "--all")
    assert code == 0
    group = out[out.index(HEADING) :]
    for rid in HUMANITARIAN:
        assert rid in group, rid


def test_no_route_of_the_group_carries_a_rank_in_the_terminal(cli: Cli, tmp_path: Path) -> None:
    path = _toml(tmp_path, PROFILES["activist_criminal_ru"][1], "activist")
    _code, out, _err = cli("plan", path, "--on", ON.isoformat(), "--all")
    group = out[out.index(HEADING) :]
    # a ranked row starts with its number; the group's rows start with the country
    assert not any(line[:3].strip().isdigit() for line in group.splitlines())


def test_a_developer_without_a_record_does_not_see_the_humanitarian_visas_there(
    cli: Cli, tmp_path: Path
) -> None:
    routes = _routes(_doc("developer"))
    for rid in HUMANITARIAN:
        assert routes[rid]["group"] != "if_agreed", rid
        assert routes[rid]["verdict"] == "blocked", rid
    path = _toml(tmp_path, _developer_without_record(), "developer")
    _code, out, _err = cli("plan", path, "--on", ON.isoformat(), "--all")
    if HEADING in out:
        assert not any(rid in out[out.index(HEADING) :] for rid in HUMANITARIAN)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_the_group_is_never_ranked_never_eligible_and_never_waits_on_a_fact(name: str) -> None:
    for r in _doc(name)["routes"]:
        if r["group"] != "if_agreed":
            continue
        assert r["rank"] is None and not r["pareto"], r["id"]
        assert r["verdict"] == "unknown", r["id"]
        assert r["missing"] == [], r["id"]
        assert r["blockers"] == [], r["id"]
        assert r["awaiting"], r["id"]


def test_a_route_waiting_on_an_answer_the_person_can_give_stays_out_of_the_group() -> None:
    """The nurse has not said where her qualification was awarded: the German nursing
    recognition asks her that, it does not wait on an authority."""
    r = _routes(_doc("nurse_kz"))["de.recognition.nursing"]
    assert r["verdict"] == "unknown" and r["missing"]
    assert r["group"] != "if_agreed"


def test_the_web_results_show_the_group_in_russian(tmp_path: Path) -> None:
    client = web_client(tmp_path, ON, lang="ru")
    data = PROFILES["activist_criminal_ru"][1]
    resp = client.post(
        "/profile/import",
        files={"file": ("a.toml", tomli_w.dumps(data).encode(), "application/toml")},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    html = client.get(resp.headers["location"]).text
    assert 'data-group="if_agreed"' in html
    section = html[html.index('data-group="if_agreed"') :]
    assert "Открыто, если ведомство согласится" in section
    assert "Решают другие:" in section
    assert 'data-route="pl.humanitarian_visa"' in section
    assert "worth asking" not in html and "To be decided" not in html


def test_the_api_document_names_the_group(tmp_path: Path) -> None:
    client = web_client(tmp_path, ON)
    data = json.loads(json.dumps(PROFILES["activist_criminal_ru"][1], default=str))
    resp = client.post(f"/api/plan?on={ON.isoformat()}", json=data)
    assert resp.status_code == 200, resp.text
    routes = {r["id"]: r for r in resp.json()["routes"]}
    assert routes["pl.humanitarian_visa"]["group"] == "if_agreed"
    assert routes["pl.humanitarian_visa"]["rank"] is None


def test_routes_that_checked_something_about_the_person_come_before_a_blind_selection() -> None:
    """The activist's humanitarian visas (their record was checked and met) stand before a
    talent endorsement nothing about them was checked for; that one says why it stands lower."""
    routes = [r for r in _doc("activist_criminal_ru")["routes"] if r["group"] == "if_agreed"]
    order = [r["id"] for r in routes]
    talent = order.index("uk.global_talent")
    assert order.index("pl.humanitarian_visa") < talent
    assert order.index("cz.civil_society") < talent
    why = next(r for r in routes if r["id"] == "uk.global_talent")["why"]
    assert "nothing about you is checked beyond who may apply" in str(why)
