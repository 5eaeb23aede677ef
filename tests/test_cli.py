"""The command line as a user meets it: plan, explain, routes, what-if flags, JSON contract."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXAMPLES

DIMA = str(EXAMPLES / "dima.toml")


def _plan(cli, *extra: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    code, out, err = cli("plan", DIMA, "--on", "2026-11-25", "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_json_contract_fields(cli) -> None:  # type: ignore[no-untyped-def]
    doc = _plan(cli)
    assert doc["on"] == "2026-11-25" and doc["currency"]["currency"] == "RUB"
    route = next(r for r in doc["routes"] if r["id"] == "de.blue_card.it_specialist")
    for key in (
        "id",
        "country",
        "family",
        "title",
        "verdict",
        "conditions",
        "blockers",
        "steps",
        "arrival",
        "cost",
        "rank",
    ):
        assert key in route
    assert {"EUR", "RUB", "kind"} <= set(route["cost"]["to_arrival"])
    assert route["cost"]["to_arrival"]["kind"] in ("known", "estimated", "unknown")
    cond = route["conditions"][0]
    assert {"id", "status", "reason", "legal_basis", "sources"} <= set(cond)
    assert all({"url", "checked"} <= set(s) for s in cond["sources"])
    blocked = next(r for r in doc["routes"] if r["id"] == "cz.study")
    assert blocked["verdict"] == "blocked" and blocked["blockers"][0]["id"] == "not_banned"
    assert blocked["rank"] is None
    ranks = [r["rank"] for r in doc["routes"] if r["rank"] is not None]
    assert ranks == sorted(ranks) and ranks[0] == 1


def test_offer_flag_turns_the_it_blue_card_eligible(cli) -> None:  # type: ignore[no-untyped-def]
    before = next(r for r in _plan(cli)["routes"] if r["id"] == "de.blue_card.it_specialist")
    after = next(
        r
        for r in _plan(cli, "--offer", "DE:56000")["routes"]
        if r["id"] == "de.blue_card.it_specialist"
    )
    assert before["verdict"] == "reachable" and after["verdict"] == "eligible"
    assert after["earliest_arrival"] < before["earliest_arrival"]


def test_more_hours_and_savings_bring_study_forward(cli) -> None:  # type: ignore[no-untyped-def]
    slow = next(r for r in _plan(cli, "--hours-per-week", "5")["routes"] if r["id"] == "de.study")
    fast = next(
        r
        for r in _plan(cli, "--hours-per-week", "30", "--monthly-savings", "200000")["routes"]
        if r["id"] == "de.study"
    )
    assert fast["earliest_arrival"] < slow["earliest_arrival"]
    learn = next(s for s in fast["steps"] if s["kind"] == "language")
    assert learn["language"] == "de" and learn["to_level"] == "C1" and learn["hours"] > 1000


def test_plan_table_shows_ranked_routes_and_both_currencies(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("plan", DIMA, "--on", "2026-11-25", "--all")
    assert code == 0
    assert "de.blue_card.it_specialist" in out and "RUB" in out and "EUR" in out
    assert "closed to citizens of Russia" in out


def test_explain_shows_law_sources_and_timeline(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("explain", "de.study", DIMA, "--on", "2026-11-25")
    assert code == 0
    assert "§16b" in out and "checked 2026-11-25" in out
    assert "Timeline" in out and "TestDaF" in out and "Money month by month" in out


def test_routes_catalogue_filters(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("routes", "--country", "de", "--family", "study", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ["de.study", "de.vocational_training"]
    assert all(r["sources"] and r["legal_basis"] for r in rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--monthly-savings", "-5"),
            "--monthly-savings: -5.0 is not a finite number that is not negative",
        ),
        (("--offer", "DE"), "--offer: 'DE' should look like DE:56000"),
        (("--offer", "XX:5000"), "'XX' is not an ISO 3166-1"),
        (("--hours-per-week", "0"), "study_hours_per_week: a number above 0"),
        (("--weights", "speed=1"), "--weights: 'speed' is not a criterion"),
    ],
)
def test_bad_what_if_flags(cli, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("plan", DIMA, *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_rates_show_names_date_and_source(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("rates", "show", "RUB", "--on", "2026-11-25")
    assert code == 0 and "RUB on 2026-" in out and "source: http" in out
    code, _, err = cli("rates", "show", "XYZ")
    assert code == 2 and "no rate for 'XYZ'" in err


def test_explain_names_a_short_stay_group_as_the_plan_does(cli) -> None:  # type: ignore[no-untyped-def]
    """`explain --format json` of a visa-free stay says it is a short stay (a place to wait),
    as the route's entry in `plan --format json` does, not a residence route."""
    code, out, _ = cli("explain", "am.visa_free", DIMA, "--on", "2026-11-25", "--format", "json")
    assert code == 0
    assert json.loads(out)["group"] == "short_stay"
    stays = {r["id"]: r["group"] for r in _plan(cli)["routes"]}
    assert stays["am.visa_free"] == "short_stay"
