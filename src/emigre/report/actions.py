"""The person's next step on a route, from its document: for an open route the plan's first
step with its official source, for an undecided one the answers to give or what to check. The
same action is the JSON's `next_action`, the web's route page and the end of `emigre explain`."""

from __future__ import annotations

from typing import Any

from emigre.i18n import _

FIGURE_ONLY = frozenset({"job_search"})
"""Step kinds whose sources back the step's duration, not the place to take the step."""


def next_action(doc: dict[str, Any]) -> dict[str, Any] | None:
    """The route's first concrete action and the official page to start it on, from a route's
    document (`explain --format json`, one route of `plan --format json`); shared by the web's
    route page, the JSON and the terminal.

    From the data, never per route: a `next_action` the document already gives; else, for an
    open route, the first step of the plan with its first official source (else the route's
    official page for where the person lives, else its first official source), or the application itself when nothing comes first; for an
    undecided route, the answers to give, the official requirements to check or the source of
    the condition emigre cannot settle. None for a
    blocked route: there is nothing the person can do on it."""
    given = doc.get("next_action")
    if isinstance(given, dict) and given.get("title"):
        return {
            "title": given["title"],
            "url": given.get("url"),
            "checked": given.get("checked"),
            "when": given.get("when") or given.get("start"),
            "official": bool(given.get("official", True)),
            "link_text": given.get("link_text") or _("Open the official page"),
        }
    verdict = doc.get("verdict")
    if verdict == "unknown":
        return _undecided_action(doc)
    if verdict not in ("eligible", "reachable"):
        return None
    steps = doc.get("steps") or []
    first = steps[0] if steps else None
    title = first["title"] if first else _("Submit the application")
    # A job search's sources date the search (how long vacancies stay open), they are not a
    # page to start it on: the route's own official page is.
    own = (first or {}).get("sources") or [] if (first or {}).get("kind") not in FIGURE_ONLY else []
    sources = doc.get("sources") or []
    official = [s for s in own if s.get("official")]
    # the route's page for where the person lives (its mission there), then its other pages
    if doc.get("check_at"):
        same = [s for s in sources if s["url"] == doc["check_at"]]
        if not same:  # a page by country of residence: official by the data's rule
            official.append({"url": doc["check_at"], "checked": None, "official": True})
        elif same[0].get("official"):
            official.append(same[0])
    official += [s for s in sources if s.get("official")]
    found = official[0] if official else None
    return {
        "title": title,
        "url": found["url"] if found else None,
        "checked": found.get("checked") if found else None,
        "when": first["start"] if first else None,
        "official": found is not None,
        "link_text": _("Open the official page"),
    }


def _undecided_action(doc: dict[str, Any]) -> dict[str, Any] | None:
    """What settles an "unknown" route: the answers the profile lacks, else the exchange rates
    emigre lacks (the `emigre rates` commands), else the official requirements emigre does not
    cover yet (on the page the route names for them)."""
    from emigre.report.labels import field_label

    missing = doc.get("missing") or []
    if missing:
        names = ", ".join(dict.fromkeys(field_label(m) for m in missing))
        return {
            "title": _("Answer in your profile: {fields}").format(fields=names),
            "url": None,
            "checked": None,
            "when": None,
            "official": False,
            "link_text": _("Open the official page"),
        }
    rates = doc.get("missing_rates") or []
    if rates:
        from emigre.report.labels import rate_pairs, rates_fix

        currencies = [r["from"] for r in rates]
        return {
            "title": _("Get the exchange rate {pairs} as of {date}: {fix}").format(
                pairs=rate_pairs(currencies), date=rates[0]["on"], fix=rates_fix(currencies)
            ),
            "url": None,
            "checked": None,
            "when": None,
            "official": False,
            "link_text": _("Open the official page"),
        }
    if doc.get("unchecked") and doc.get("check_at"):
        url = doc["check_at"]
        same = [s for s in doc.get("sources") or [] if s["url"] == url]
        official = bool(same and same[0].get("official"))
        return {
            "title": _("Check the official requirements that emigre does not cover yet"),
            "url": url,
            "checked": same[0]["checked"] if same else None,
            "when": None,
            "official": official,
            "link_text": _("Open the official page") if official else _("Open the source"),
        }
    open_leaves = [
        c
        for c in doc.get("conditions") or []
        if c.get("status") == "unknown" and c.get("type") not in ("all", "any", "not")
    ]
    if not open_leaves:
        return None
    sources = sorted(open_leaves[0].get("sources") or [], key=lambda s: not s.get("official"))
    official = bool(sources and sources[0].get("official"))
    return {
        "title": _("Find out at the source whether you meet the condition emigre cannot check"),
        "url": sources[0]["url"] if sources else None,
        "checked": sources[0].get("checked") if sources else None,
        "when": None,
        "official": official,
        "link_text": _("Open the official page") if official else _("Open the source"),
    }
