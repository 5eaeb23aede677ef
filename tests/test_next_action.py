"""The next action a route page, the JSON and `explain` end with."""

from __future__ import annotations


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
