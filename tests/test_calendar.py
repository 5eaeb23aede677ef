"""The plan as a calendar: what a person importing the .ics into their phone's calendar sees."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from emigre.documents import run_route
from emigre.i18n import set_language
from emigre.knowledge.loader import KnowledgeBase
from emigre.profile_reading import load_profile
from emigre.report.calendar import plan_calendar
from tests.conftest import EXAMPLES, TODAY

DIMA = EXAMPLES / "dima.toml"


def _events(raw: bytes) -> list:  # type: ignore[type-arg]
    cal = Calendar.from_ical(raw)
    return list(cal.walk("VEVENT"))


def _study_plan(kb: KnowledgeBase, lang: str = "en"):  # type: ignore[no-untyped-def]
    set_language(lang)
    try:
        run = run_route(load_profile(DIMA), "de.study", TODAY, kb)
    finally:
        set_language("en")
    assert run.plan is not None
    return run.plan


def test_one_event_per_step_with_the_step_dates(kb: KnowledgeBase) -> None:
    plan = _study_plan(kb)
    events = _events(plan_calendar(plan))
    by_uid = {str(e["UID"]): e for e in events}
    for step in plan.steps:
        ev = by_uid[f"de.study.{step.id}@emigre.local"]
        assert ev.decoded("DTSTART") == step.start
        # all-day events end the day after their last day (RFC 5545); a step whose end is not
        # known marks its start only, and says when it could end at the earliest
        if step.end_unknown:
            assert ev.decoded("DTEND") == step.start + timedelta(days=1)
            assert "only the start is dated" in str(ev["DESCRIPTION"])
        else:
            assert ev.decoded("DTEND") == step.end + timedelta(days=1)
        assert step.title in str(ev["SUMMARY"])
    assert any(s.end_unknown and s.end > s.start for s in plan.steps)  # the case is covered
    assert len(by_uid) == len(events)  # UIDs are unique


def test_deadlines_are_all_day_events_with_reminders(kb: KnowledgeBase) -> None:
    plan = _study_plan(kb)
    events = _events(plan_calendar(plan))
    deadlines = [e for e in events if "deadline" in str(e.get("CATEGORIES").to_ical())]
    application = next(s for s in plan.steps if s.kind == "application")
    exam = next(s for s in plan.steps if s.kind == "exam")
    days = {e.decoded("DTSTART") for e in deadlines}
    assert application.deadline in days and exam.start in days
    # the intake the application is for: after the deadline, named in the step's title
    intake = [e for e in deadlines if str(e["UID"]).endswith(".intake@emigre.local")]
    assert len(intake) == 1
    start = intake[0].decoded("DTSTART")
    assert (
        application.deadline is not None
        and start > application.deadline
        and start.isoformat() in application.title
    )
    for ev in deadlines:
        assert isinstance(ev.decoded("DTSTART"), date)
        alarms = list(ev.walk("VALARM"))
        assert alarms, ev["SUMMARY"]
        for alarm in alarms:
            assert str(alarm["ACTION"]) == "DISPLAY"
            assert alarm.decoded("TRIGGER") < timedelta(0)


def test_same_plan_gives_the_same_file(kb: KnowledgeBase) -> None:
    first = plan_calendar(_study_plan(kb))
    again = plan_calendar(_study_plan(kb))
    assert first == again
    uids = [str(e["UID"]) for e in _events(first)]
    assert uids == [str(e["UID"]) for e in _events(again)]


def test_russian_calendar(kb: KnowledgeBase) -> None:
    raw = plan_calendar(_study_plan(kb, "ru"), lang="ru")
    text = raw.decode("utf-8")
    events = _events(raw)
    summaries = " ".join(str(e["SUMMARY"]) for e in events)
    assert "Сдать" in summaries and "Exam session" not in summaries
    assert "Deadline" not in summaries
    assert "Studies start" not in text


def test_cli_ics_and_refusal_for_closed_route(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("explain", "de.study", str(DIMA), "--on", "2026-11-25", "--format", "ics")
    assert code == 0, err
    events = _events(out.encode("utf-8"))
    assert len(events) >= 5
    code, out, err = cli("explain", "cz.study", str(DIMA), "--on", "2026-11-25", "--format", "ics")
    assert code == 2 and "no plan to put in a calendar" in err and "Traceback" not in err


@pytest.mark.parametrize("fmt", ["xml", "ICS"])
def test_unknown_format(cli, fmt: str) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("explain", "de.study", str(DIMA), "--format", fmt)
    assert code == 2 and "expected table, json or ics" in err


def test_russian_calendar_titles_read_as_on_the_terminal(cli) -> None:  # type: ignore[no-untyped-def]
    """A Russian reader's events: amounts with Russian digit grouping, country names, no codes."""
    code, out, _err = cli(
        "explain",
        "de.blue_card.it_specialist",
        str(EXAMPLES / "dima.toml"),
        "--format",
        "ics",
        "--lang",
        "ru",
    )
    assert code == 0
    events = _events(out.encode("utf-8"))
    summaries = [str(e["SUMMARY"]) for e in events]
    offer = next(s for s in summaries if "зарплат" in s)
    assert "в Германии" in offer and " DE " not in offer
    assert re.search(r"\d{2}[\s\u202f]\d{3}[\s\xa0]EUR", offer) and not re.search(
        r"\d,\d{3}", offer
    ), offer
