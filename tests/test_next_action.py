"""The next action a route page, the JSON and `explain` end with."""

from __future__ import annotations

from datetime import date


def test_a_job_search_is_not_started_on_the_page_that_dates_it() -> None:
    """The next action 'find a job' must not send the person to the page a duration estimate
    came from (an embassy page about the Opportunity Card); the route's official page is the
    one to open, and with none there is no link."""
    from emigre.report.actions import next_action

    estimate = {"url": "https://kigali.diplo.de/x", "official": True, "checked": "2026-11-25"}
    permit = {"url": "https://www.make-it-in-germany.com/y", "official": True}
    doc = {
        "verdict": "reachable",
        "steps": [
            {
                "kind": "job_search",
                "title": "Find a job",
                "start": "2026-12-06",
                "sources": [estimate],
            }
        ],
        "sources": [permit],
    }
    assert next_action(doc)["url"] == permit["url"]
    assert next_action({**doc, "sources": []})["url"] is None
    appointment = {**doc["steps"][0], "kind": "appointment"}
    assert next_action({**doc, "steps": [appointment]})["url"] == estimate["url"]


def test_a_graduates_german_blue_card_starts_on_an_official_page(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A software developer with a degree and no offer yet: the Blue Card is open to him, and
    its next step links to an authority's own page (a German mission), not a law firm's."""
    import json

    import tomli_w

    prof = tmp_path / "graduate.toml"
    prof.write_text(
        tomli_w.dumps(
            {
                "person": {
                    "citizenship": ["RU"],
                    "birth_date": date(1994, 5, 2),
                    "residence": "RU",
                },
                "education": {"school_certificate": "RU", "highest_degree": "bachelor"},
                "work": [{"occupation": "2512", "start": date(2017, 9, 1)}],
                "languages": {"ru": "native", "en": "C1"},
                "money": {"currency": "EUR", "savings": 20000, "monthly_savings": 900},
            }
        ),
        encoding="utf-8",
    )
    code, out, err = cli(
        "explain", "de.blue_card", str(prof), "--on", "2026-12-06", "--format", "json"
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["verdict"] == "reachable"
    action = doc["next_action"]
    assert action["official"] is True and ".diplo.de/" in action["url"]


def test_data_check_names_the_routes_without_an_official_page(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A contributor sees which routes send people to a secondary page for their next step."""
    import shutil

    from emigre.knowledge.loader import default_root

    code, out, _ = cli("data", "check")
    assert code == 0 and "no official page: de.blue_card" not in out
    data = tmp_path / "data"
    shutil.copytree(default_root(), data)
    route = data / "countries" / "de" / "routes" / "blue_card.yaml"
    text = route.read_text(encoding="utf-8")
    head, rest = text.split("\nrequires:", 1)
    route.write_text(head.replace("official: true", "official: false") + "\nrequires:" + rest)
    code, out, _ = cli("data", "check", "--data", str(data))
    assert code == 0 and "no official page: de.blue_card:" in out
