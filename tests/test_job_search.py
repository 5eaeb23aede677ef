"""How long a job search takes, as the person sees it: a sourced figure for their occupation
group, or "unknown" with the reason -- never the IT figure for everyone, never zero -- and a
remote-work search with no remote history that ranks after routes whose timing is known."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from emigre.plan.job_search import licence_first
from emigre.rules.conditions import walk
from tests.conftest import Cli

ON = "2026-12-06"


def _profile(tmp_path: Path, name: str, work: list[dict[str, Any]], **extra: Any) -> str:
    prof: dict[str, Any] = {
        "person": {"citizenship": ["KZ"], "birth_date": "1992-04-10", "residence": "KZ"},
        "education": {"school_certificate": "KZ", "highest_degree": "vocational"},
        "languages": {"ru": "native", "kk": "native", "en": "A2"},
        "money": {"currency": "EUR", "savings": 9000, "monthly_savings": 300},
        **extra,
    }
    if work:
        prof["work"] = work
    path = tmp_path / f"{name}.toml"
    path.write_text(tomli_w.dumps(_dates(prof)), encoding="utf-8")
    return str(path)


def _dates(value: Any) -> Any:
    """TOML dates for the ISO strings of the profile (tomli_w writes str as text)."""
    from datetime import date

    if isinstance(value, dict):
        return {k: _dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates(v) for v in value]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return date.fromisoformat(value)
    return value


ELECTRICIAN = [
    {"occupation": "7411", "start": "2015-06-01", "employer_country": "KZ"},
]


def _plan(cli: Cli, path: str, *args: str) -> dict[str, Any]:
    code, out, err = cli("plan", path, "--on", ON, "--format", "json", "--all", *args)
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    return doc


def _search(route: dict[str, Any]) -> dict[str, Any] | None:
    return next((s for s in route.get("steps") or [] if s["kind"] == "job_search"), None)


def test_no_remote_history_makes_the_remote_search_unknown_and_ranks_it_last(
    cli: Cli, tmp_path: Path
) -> None:
    """A building electrician paid locally who never worked remotely: "find remote work paying
    3,680 EUR a month" has no duration (not 6 months), says why, and nomad routes stand after
    every route of the same verdict whose timing is known (indeed after every route that does
    not need a first remote job: `emigre.plan.fit`)."""
    doc = _plan(cli, _profile(tmp_path, "electrician", ELECTRICIAN))
    ranked = [r for r in doc["routes"] if r.get("rank") is not None]
    nomads = [r for r in ranked if r["family"] == "nomad" and _search(r)]
    assert nomads, "digital-nomad routes are planned with a remote-work search"
    for r in nomads:
        step = _search(r)
        assert step is not None and step["timing"] == "unknown", (r["id"], step)
        assert "remote" in step["why"] and "no source" in step["why"]
        assert "a remote job comes first" in r["why"], r["why"]
        assert "after routes that fit you" in r["why"], r["why"]
    top = ranked[:5]
    assert not [r["id"] for r in top if r["family"] == "nomad"], [r["id"] for r in top]
    # Within a verdict, every nomad route with an unknown search comes after every route whose
    # steps all have a known or estimated duration (same goal tier: EU, may lead to PR; a route
    # put below for a risk that applies to the person is ranked by that rule first).
    for nomad in nomads:
        timed = [
            r
            for r in ranked
            if r["verdict"] == nomad["verdict"]
            and r["country"] != "GB"
            and all(s["timing"] != "unknown" for s in r.get("steps") or [])
            and "after routes" not in r["why"]
            and "below routes without a risk" not in r["why"]
            and "outside the EU" not in r["why"]
            and "no permanent residence" not in r["why"]
        ]
        assert all(r["rank"] < nomad["rank"] for r in timed), (
            nomad["id"],
            [r["id"] for r in timed if r["rank"] > nomad["rank"]],
        )


def test_an_occupation_with_a_sourced_figure_gets_it_and_one_without_stays_unknown(
    cli: Cli, tmp_path: Path
) -> None:
    """The electrician's job-offer searches use the crafts figure (7.4 months, up to 12, with its
    source), a journalist's (ISCO 2642: no figure) have no duration and say so."""
    doc = _plan(cli, _profile(tmp_path, "electrician", ELECTRICIAN))
    offers = [
        s
        for r in doc["routes"]
        if (s := _search(r)) is not None and s["title"].startswith("Find a job offer")
    ]
    estimated = [s for s in offers if s["timing"] == "estimated"]
    assert estimated
    for s in estimated:
        assert "ISCO 7411" in s["note"] and "7.4 months" in s["note"], s
        assert any("presseportal.de" in src["url"] for src in s["sources"])
        assert s["end"] < s["end_high"]
    # a route for other occupations (an IT Blue Card) has no figure for him: unknown, and why
    for s in offers:
        if s["timing"] != "estimated":
            assert s["timing"] == "unknown" and "occupations this route" in s["why"], s
    journalist = [{"occupation": "2642", "start": "2012-09-01", "employer_country": "KZ"}]
    doc = _plan(cli, _profile(tmp_path, "journalist", journalist))
    searches = [s for r in doc["routes"] if (s := _search(r)) is not None]
    assert searches
    for s in searches:
        # no end a reader could take for "no time at all": null, with the reason
        assert s["timing"] == "unknown" and s["end"] is None and s["end_reason"] == s["why"], s
        assert s["earliest_end"] == s["start"], s
        assert any(
            w in s["why"] for w in ("ISCO 2642", "remote", "occupations this", "training place")
        ), s
    assert any("ISCO 2642" in s["why"] for s in searches)


def test_remote_history_in_a_covered_occupation_gives_the_remote_search_an_estimate(
    cli: Cli, tmp_path: Path
) -> None:
    """A developer already working remotely (below the threshold) gets the IT figure for the
    remote-work search: an estimate, not unknown."""
    dev = [
        {
            "occupation": "2512",
            "start": "2020-01-01",
            "remote": True,
            "employer_country": "KZ",
            "gross_monthly_salary": 1000,
            "currency": "EUR",
        }
    ]
    doc = _plan(cli, _profile(tmp_path, "dev", dev))
    remote = [
        s
        for r in doc["routes"]
        if (s := _search(r)) is not None and s["title"].startswith("Find remote work")
    ]
    assert remote
    assert all(s["timing"] == "estimated" and "ISCO 2512" in s["note"] for s in remote)


def test_no_work_at_all_is_unknown_never_zero(cli: Cli, tmp_path: Path) -> None:
    doc = _plan(cli, _profile(tmp_path, "leaver", []))
    searches = [s for r in doc["routes"] if (s := _search(r)) is not None]
    assert searches and all(s["timing"] == "unknown" for s in searches)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_job_search_titles_name_the_country(cli: Cli, tmp_path: Path, lang: str) -> None:
    from emigre.i18n import current_language, set_language

    before = current_language()
    try:
        doc = _plan(cli, _profile(tmp_path, "electrician", ELECTRICIAN), "--lang", lang)
    finally:
        set_language(before)  # the CLI runs in-process: leave the language as it was
    titles = [
        s["title"]
        for r in doc["routes"]
        if r["country"] == "HR" and (s := _search(r)) is not None and "remote" not in s["id"]
    ]
    assert titles
    name = "Croatia" if lang == "en" else "в Хорватии"
    assert all(name in t and " HR" not in t for t in titles), titles


NURSE = [{"occupation": "3221", "start": "2016-08-01", "employer_country": "BY"}]


def test_a_regulated_profession_needs_its_licence_before_a_job_search_can_be_dated(
    cli: Cli, tmp_path: Path, kb: Any
) -> None:
    """A nurse (a profession every EU member state regulates) is never planned a dated search
    for a nursing job in an EU country unless the route models the licence or the recognition:
    the employment permits ask for the licence (so they are not planned as a job search at all),
    and a route that models neither says the licence comes first and has no date. Germany's
    skilled-worker route, which models the recognition, keeps the nursing estimate."""
    path = _profile(
        tmp_path,
        "nurse",
        NURSE,
        person={"citizenship": ["BY"], "birth_date": "1995-09-20", "residence": "BY"},
        education={
            "school_certificate": "BY",
            "highest_degree": "vocational",
            "degree_country": "BY",
            "graduation_year": 2016,
        },
    )
    doc = _plan(cli, path)
    by_id = {r["id"]: r for r in doc["routes"]}
    routes = {r.id: r for r in kb.routes}
    eu = set(kb.params.resolve("eu.member_states", date.fromisoformat(ON)).value)
    for r in doc["routes"]:
        step = _search(r)
        if r.get("rank") is None or step is None or r["country"] not in eu:
            continue
        if not step["title"].startswith("Find a job offer") or "3221" not in (
            step["why"] or step.get("note") or ""
        ):
            continue  # not a search in her profession
        models = {n.type for n in walk(routes[r["id"]].requires)} & {"licence", "recognition"}
        if not models:
            assert step["timing"] == "unknown", (r["id"], step)
            assert "licence" in step["why"] and "ISCO 3221" in step["why"], step["why"]
    for rid in ("hu.guest_worker.national_card", "hr.work_permit"):
        steps = by_id[rid]["steps"]
        licence = next(s for s in steps if s["kind"] == "licence")
        search = _search(by_id[rid])
        assert licence["title"].startswith("Get the licence to practise in"), licence
        assert search is not None and licence["id"] in search["depends_on"], search
        # how long the Hungarian or Croatian licence takes is not in the data: no end, no zero
        assert licence["timing"] == "unknown" and licence["end"] is None, licence
        assert "not in the data" in licence["why"], licence
        assert search["start"] >= licence["start"], (licence, search)
    german = _search(by_id["de.skilled_worker"])
    assert german is not None and german["timing"] == "estimated", german
    assert "ISCO 3221" in german["note"] and "8.8 months" in german["note"]


def test_a_route_that_models_no_licence_says_the_licence_comes_first(kb: Any) -> None:
    """Where an EU route models neither the licence nor the recognition, a search in a
    regulated profession cannot be dated: the reason names the occupation and the licence;
    a software developer's search on the same route is not held up."""
    route = next(r for r in kb.routes if r.id == "hr.work_permit")
    offer = next(n for n in walk(route.requires) if n.type == "job_offer")
    bare = route.model_copy(update={"requires": offer})
    on = date.fromisoformat(ON)
    why = licence_first("3221", bare, kb.params, on)
    assert why is not None and "licence" in str(why) and "3221" in str(why)
    assert licence_first("3221", route, kb.params, on) is None  # the route asks for the licence
    assert licence_first("2512", bare, kb.params, on) is None


def test_outside_the_eu_a_doctors_search_is_not_dated_like_a_developers(kb: Any) -> None:
    """Serbia's work permit models no licence and the data has no list of the professions Serbia
    regulates: whether a doctor needs a licence there first is not known, so the search is not
    dated (it would otherwise count as a year, like a developer's, and put Serbia first for a
    physician who wants to work); an EU route without its own list still names the licence."""
    on = date.fromisoformat(ON)
    serbia = next(r for r in kb.routes if r.id == "rs.work_permit")
    assert not any(n.type in ("licence", "recognition") for n in walk(serbia.requires))
    why = licence_first("2211", serbia, kb.params, on)
    assert why is not None and "not in the data" in str(why) and "2211" in str(why)
    assert "Serbia" in str(why)
    assert licence_first("2512", serbia, kb.params, on) is None
    assert licence_first("7411", serbia, kb.params, on) is None
