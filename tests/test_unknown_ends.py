"""Unknown is never zero, for dates: a step whose duration is not in the data has no end date in
the JSON (never `end == start`, which reads as "takes no time"), an arrival that hangs on such a
step is no date either, and every front end (terminal, web pages, calendar) says "?" / "no data"
with the reason instead of "in 0 months"."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, Cli

ON = "2026-11-25"
DIMA = EXAMPLES / "dima.toml"
AIGERIM = EXAMPLES / "aigerim.toml"


def _plan(cli: Cli, profile: Path, *more: str) -> dict[str, Any]:
    code, out, err = cli("plan", str(profile), "--on", ON, "--all", "--format", "json", *more)
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    return doc


def _planned(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in doc["routes"] if "arrival_kind" in r]


def test_a_step_of_unknown_length_has_no_end_date_in_the_json(cli: Cli) -> None:
    doc = _plan(cli, DIMA)
    steps = [s for r in _planned(doc) for s in r["steps"]]
    unknown = [s for s in steps if s["timing"] == "unknown"]
    assert unknown and any(s["kind"] == "visa" for s in unknown)
    for s in unknown:
        assert s["end"] is None, s
        assert s["earliest_end"] >= s["start"] and s["end_reason"], s
        # the step says why, in its own words, and the end's reason is that
        assert s["why"] and s["end_reason"] == s["why"], s
    for s in steps:
        if s["timing"] != "unknown":
            assert s["end"] == s["earliest_end"] and "end_reason" not in s, s


def test_an_arrival_that_waits_on_an_unknown_step_is_no_date(cli: Cli) -> None:
    """Known and estimated arrivals are dates; an unknown one is null with its earliest day kept
    apart and the steps it waits on named (never "in 0 months")."""
    planned = _planned(_plan(cli, DIMA))
    unknown = [r for r in planned if r["arrival_kind"] == "unknown" and r["earliest_arrival"]]
    assert unknown
    for r in unknown:
        assert r["arrival"] is None and r["months_to_arrival"] is None, r["id"]
        assert r["months_to_earliest_arrival"] is not None
        # permanent residence counts from that arrival: a lower bound, never "about N months"
        assert r["months_to_permanent_residence"] is None
        undated = {s["kind"] for s in r["steps"] if s["end"] is None}
        assert undated and r["arrival_reason"].startswith("how long these steps take"), r["id"]
    assert any(r["months_to_permanent_residence_at_least"] for r in unknown)
    dated = [r for r in planned if r["arrival_kind"] in ("known", "estimated")]
    assert dated
    for r in dated:
        assert r["arrival"] == r["earliest_arrival"] and r["arrival_reason"] is None
        assert r["months_to_arrival"] == r["months_to_earliest_arrival"]
        assert r["months_to_permanent_residence_at_least"] is None
    # the reason is in the reader's language
    ru = _planned(_plan(cli, DIMA, "--lang", "ru"))
    assert any("нет данных о сроках" in (r["arrival_reason"] or "") for r in ru)


def test_a_study_route_without_intakes_has_no_arrival(cli: Cli) -> None:
    """One arrives for an intake: with no intake dates in the data there is no arrival date at
    all, not the day the visa could come (which read "arrive today" before)."""
    routes = {r["id"]: r for r in _planned(_plan(cli, AIGERIM))}
    for rid in ("lv.study",):
        r = routes[rid]
        assert r["arrival"] is None and r["earliest_arrival"] is None, rid
        assert "intake dates are not in the data" in r["no_arrival"], rid
        assert r["arrival_reason"] == r["no_arrival"] and r["rank"] is None
        assert not any(s["kind"] == "travel" for s in r["steps"])
    # a study route with intakes is dated on one of them: Lithuania's, from the university's
    # own deadline, arrives two weeks before a September start
    assert routes["cz.study"]["earliest_arrival"] is not None
    lt = routes["lt.study"]
    assert lt["earliest_arrival"] and lt["earliest_arrival"][5:] == "08-18"
    assert any(
        s["kind"] == "application" and s.get("deadline", "")[5:] == "05-01" for s in lt["steps"]
    )
    ru = {r["id"]: r for r in _planned(_plan(cli, AIGERIM, "--lang", "ru"))}
    assert "дат набора нет в данных" in ru["lv.study"]["no_arrival"]


def test_the_terminal_never_dates_an_unknown_end(cli: Cli) -> None:
    code, out, err = cli("explain", "lv.study", str(AIGERIM), "--on", ON, "--lang", "en")
    assert code == 0, err
    assert "intake dates are not in the data" in out
    code, out, err = cli("explain", "se.blue_card", str(DIMA), "--on", ON, "--lang", "en")
    assert code == 0, err
    assert "at the earliest: a duration is not in the data" in out
    # a step whose end is not known shows the earliest it could end, never as its end date
    code, out, err = cli("explain", "de.study", str(DIMA), "--on", ON, "--lang", "en")
    assert code == 0, err
    assert re.search(r"│ not before \d{4}-\d\d-\d\d \? +│ Admission letter", out)


# --- the web pages ----------------------------------------------------------------------------


@pytest.fixture
def web(tmp_path: Path) -> Any:
    from tests.conftest import import_profile, web_client

    client = web_client(tmp_path, date(2026, 11, 25))

    def saved(profile: Path) -> str:
        return import_profile(client, profile.read_bytes(), profile.name)

    return client, saved


def _row(html: str, rid: str) -> str:
    start = html.index(f'data-route="{rid}"')
    return html[start : html.index("</tr>", start)]


def test_results_page_shows_no_data_instead_of_in_0_months(web: Any) -> None:
    client, saved = web
    base = saved(AIGERIM)
    for lang, no_data, zero in (
        ("en", "no data", "in 0 mo."),
        ("ru", "нет данных", "через 0 мес."),
    ):
        html = client.get(f"{base}/results?on={ON}", headers={"cookie": f"lang={lang}"}).text
        assert zero not in html.replace("\u00a0", " ")  # a unit keeps to its number
        # an arrival that waits on a step of unknown length: no date, its earliest, the reason
        row = _row(html, "cz.study")
        cell = row[row.index('class="arrival') :].split("</td>")[0]
        not_before = "not before" if lang == "en" else "не раньше"
        # the only date is the earliest one, after "not before"
        assert no_data in cell and cell.index(not_before) < cell.index("<time")
        assert cell.count("<time") == 1
        # a study route without intakes: no date at all, and why
        row = _row(html, "lv.study")
        reason = "intake dates are not in the data" if lang == "en" else "дат набора нет в данных"
        assert reason in row and "<time" not in row[row.index('class="arrival') :].split("</td>")[0]


def test_route_and_comparison_pages_show_an_unknown_arrival_as_no_data(web: Any) -> None:
    client, saved = web
    base = saved(DIMA)
    for lang, no_data in (("en", "no data"), ("ru", "нет данных")):
        headers = {"cookie": f"lang={lang}"}
        page = client.get(f"{base}/route/se.blue_card?on={ON}", headers=headers).text
        arrival = page[page.index('id="arrival"') :].split("</dd>")[0]
        not_before = "not before" if lang == "en" else "не раньше"
        assert no_data in arrival and arrival.index(not_before) < arrival.index("<time")
        pr = page[page.index("<dt>" + ("Permanent residence" if lang == "en" else "ПМЖ")) :]
        at_least = "at least" if lang == "en" else "не раньше чем через"
        assert at_least in pr.split("</dd>")[0]
        # the step whose duration is unknown: "?" and the reason, not an end date
        visa = page[page.index('class="step-row k-visa"') :].split("</tr>")[0]
        to = visa[visa.index('class="when-to"') :].split("</td>")[0]
        assert no_data in to and "<time" not in to
        compare = client.get(
            f"{base}/compare?r=se.blue_card&r=es.blue_card&on={ON}", headers=headers
        ).text
        assert no_data in compare
        spaced = compare.replace("\u00a0", " ")  # a unit keeps to its number
        assert "in 0 months" not in spaced and "через 0 мес" not in spaced


@pytest.mark.parametrize("goal", ["settle_eu", "leave_soon"])
def test_why_here_gives_only_a_floor_for_an_undated_arrival(cli: Cli, goal: str) -> None:
    """ "Permanent residence in 36–39 months" would promise a window; behind a step of unknown
    length only the earliest is known."""
    planned = _planned(_plan(cli, DIMA, "--goal", goal))
    undated = [r for r in planned if r["arrival_kind"] == "unknown" and r["why"]]
    dated = [r for r in planned if r["arrival_kind"] != "unknown" and r["why"]]
    assert undated and dated
    window = re.compile(r"(permanent residence|arrive) in \d+(–\d+)? months")
    for r in undated:
        assert not window.search(r["why"]), r["why"]
    # the earliest ("in at least"), or the figure the ranking counted and why ("counted as")
    assert any("in at least" in r["why"] or " counted as " in r["why"] for r in undated)
    assert any(window.search(r["why"]) for r in dated)


def _no_work(tmp_path: Path) -> Path:
    """A profile with routes whose earliest arrival is the plan's date (the first step's length
    is not in the data)."""
    import tomli_w

    profile = tmp_path / "no_work.toml"
    profile.write_text(
        tomli_w.dumps(
            {
                "person": {
                    "citizenship": ["KZ"],
                    "birth_date": date(1995, 3, 1),
                    "residence": "KZ",
                },
                "education": {"school_certificate": "KZ", "highest_degree": "bachelor"},
                "languages": {"ru": "native", "en": "B2"},
                "money": {"currency": "EUR", "savings": 20000, "monthly_savings": 500},
            }
        ),
        encoding="utf-8",
    )
    return profile


def test_an_arrival_not_before_today_reads_as_no_data(cli: Cli, tmp_path: Path) -> None:
    """A route whose first step has no known length would say "arrival not before <today>":
    true, and of no use; it says "? no data" instead."""
    profile = _no_work(tmp_path)
    doc = _plan(cli, profile)
    today = [r for r in _planned(doc) if r["arrival"] is None and r["earliest_arrival"] == ON]
    assert today, "some route's earliest arrival is today"
    code, out, err = cli("plan", str(profile), "--on", ON, "--all", "--lang", "en")
    assert code == 0, err
    assert f"not before {ON}" not in out
    assert "arrival ? no data" in out


def test_the_web_says_no_data_for_an_arrival_not_before_today(
    cli: Cli, web: Any, tmp_path: Path
) -> None:
    """As the terminal: the results, route and comparison pages say "? no data" for an undated
    arrival whose earliest day is the plan's date, never "not before <that day>"; an earliest
    day after it still reads "not before"."""
    profile = _no_work(tmp_path)
    planned = _planned(_plan(cli, profile))
    today = [r["id"] for r in planned if r["arrival"] is None and r["earliest_arrival"] == ON]
    later = [
        r["id"] for r in planned if r["arrival"] is None and (r["earliest_arrival"] or "") > ON
    ]
    assert today and later
    client, saved = web
    base = saved(profile)
    for lang, no_data, not_before in (
        ("en", "no data", "not before"),
        ("ru", "нет данных", "не раньше"),
    ):
        headers = {"cookie": f"lang={lang}"}
        html = client.get(f"{base}/results?on={ON}", headers=headers).text
        for rid in today:
            cell = _row(html, rid)
            cell = cell[cell.index('class="arrival') :].split("</td>")[0]
            assert no_data in cell and not_before not in cell and "<time" not in cell, (lang, rid)
        cell = _row(html, later[0])
        cell = cell[cell.index('class="arrival') :].split("</td>")[0]
        assert not_before in cell, (lang, later[0])
        page = client.get(f"{base}/route/{today[0]}?on={ON}", headers=headers).text
        head = page[page.index('id="head-verdict"') :].split("</p>")[0]
        arrival = page[page.index('id="arrival"') :].split("</dd>")[0]
        for part in (head, arrival):
            assert no_data in part and not_before not in part, (lang, part)
        compare = client.get(
            f"{base}/compare?r={today[0]}&r={later[0]}&on={ON}", headers=headers
        ).text
        assert no_data in compare and f"{not_before} {ON}" not in compare
