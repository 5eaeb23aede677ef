"""A route's plan as an iCalendar file (RFC 5545), for `emigre explain --format ics` and the web
app's download: one all-day event per step, and the dates that cannot slip (application
deadlines, exam sessions, study intakes) as separate all-day events with reminders.

The file is deterministic: UIDs are built from the route and the step, and the time stamp is the
plan date, so importing a newer file updates the events instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from emigre.i18n import _, current_language, pick, set_language
from emigre.report.fmt import day, figure
from emigre.report.fmt import text as as_read

if TYPE_CHECKING:
    from emigre.knowledge.route import Route
    from emigre.plan.schedule import Plan
    from emigre.plan.steps import Step

#: Where the UIDs live; any stable domain-like suffix will do (RFC 5545 §3.8.4.7).
UID_DOMAIN = "emigre.local"
#: Content type and file name suffix for web downloads.
MEDIA_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Deadline:
    """A date that cannot slip, with how long before it to remind the person."""

    key: str
    day: date
    summary: str
    description: str
    remind_days: tuple[int, ...]
    url: str | None = None


@contextmanager
def _language(lang: str | None) -> Iterator[None]:
    if lang is None:
        yield
        return
    before = current_language()
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def _intake_start(route: Route, apply_by: date) -> date | None:
    """The study start that the application deadline `apply_by` belongs to (the route's data)."""
    for intake in route.timeline.intakes:
        if (int(intake.apply_by[:2]), int(intake.apply_by[3:])) != (apply_by.month, apply_by.day):
            continue
        start = date(apply_by.year, int(intake.start[:2]), int(intake.start[3:]))
        if start < apply_by:
            start = date(apply_by.year + 1, start.month, start.day)
        return start
    return None


def deadlines(plan: Plan) -> list[Deadline]:
    """The plan's fixed dates: application deadlines, exam sessions and study intakes."""
    out: list[Deadline] = []
    for s in plan.steps:
        url = s.sources[0].url if s.sources else None
        if s.kind == "application" and s.deadline is not None:
            out.append(
                Deadline(
                    f"{s.id}.deadline",
                    s.deadline,
                    _("Deadline: {what}").format(what=s.title),
                    _("The last day to apply for this intake (see the source)."),
                    (28, 7, 1),
                    url,
                )
            )
            start = _intake_start(plan.route, s.deadline)
            if start is not None:
                out.append(
                    Deadline(
                        f"{s.id}.intake",
                        start,
                        _("Studies start (intake of {d})").format(d=day(start)),
                        _("The first day of the intake you applied for."),
                        (30,),
                        plan.route.timeline.intake_sources[0].url
                        if plan.route.timeline.intake_sources
                        else url,
                    )
                )
        elif s.kind == "exam":
            out.append(
                Deadline(
                    f"{s.id}.session",
                    s.start,
                    _("Exam session: {what}").format(what=s.title),
                    _(
                        "Register well before the session: the registration deadline and the "
                        "exact day are on the exam body's page (not in emigre's data)."
                    ),
                    (56, 28, 3),
                    url,
                )
            )
    return out


def _step_description(s: Step) -> str:
    lines = []
    if s.end_high:
        lines.append(_("Could take until {d}.").format(d=day(s.end_high)))
    if s.end_unknown:
        lines.append(
            _(
                "How long this takes is not in the data: only the start is dated "
                "(it ends on {d} at the earliest)."
            ).format(d=day(s.end))
        )
    if s.why:
        lines.append(as_read(s.why))
    if s.note:
        lines.append(as_read(s.note))
    if s.cost:
        lines.append(_("Cost: {amount}").format(amount=figure(s.cost)))
    lines.extend(_("Source: {url}").format(url=src.url) for src in s.sources)
    return "\n".join(lines)


def plan_calendar(plan: Plan, lang: str | None = None) -> bytes:
    """The plan as an .ics file (UTF-8 bytes); texts in `lang` (default: the current language).

    Amounts and dates in the steps' texts take the reader's format, as on the terminal."""
    from icalendar import Alarm, Calendar, Event

    with _language(lang):
        route = plan.route
        stamp = datetime.combine(plan.result.on, datetime.min.time(), tzinfo=UTC)
        cal = Calendar()
        cal.add("prodid", "-//emigre//plan calendar//EN")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", f"emigre: {pick(route.title)}")
        for s in plan.steps:
            ev = Event()
            ev.add("uid", f"{route.id}.{s.id}@{UID_DOMAIN}")
            ev.add("dtstamp", stamp)
            ev.add("summary", as_read(s.title) + ("" if s.known else " ?"))
            ev.add("dtstart", s.start)
            # An end that is not known is no event's end: the event marks the start only.
            end = s.start if s.end_unknown else max(s.end, s.start)
            ev.add("dtend", end + timedelta(days=1))
            ev.add("transp", "TRANSPARENT")
            ev.add("categories", [s.kind])
            description = _step_description(s)
            if description:
                ev.add("description", description)
            if s.sources:
                ev.add("url", s.sources[0].url)
            cal.add_component(ev)
        for d in deadlines(plan):
            ev = Event()
            ev.add("uid", f"{route.id}.{d.key}@{UID_DOMAIN}")
            ev.add("dtstamp", stamp)
            ev.add("summary", d.summary)
            ev.add("dtstart", d.day)
            ev.add("dtend", d.day + timedelta(days=1))
            ev.add("categories", ["deadline"])
            ev.add("description", d.description + (f"\n{d.url}" if d.url else ""))
            if d.url:
                ev.add("url", d.url)
            for days in d.remind_days:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", d.summary)
                alarm.add("trigger", timedelta(days=-days))
                ev.add_component(alarm)
            cal.add_component(ev)
        return bytes(cal.to_ical())


def calendar_filename(plan: Plan) -> str:
    """An ASCII file name for downloads (route ids are ASCII)."""
    return f"emigre-{plan.route.id}.ics"
